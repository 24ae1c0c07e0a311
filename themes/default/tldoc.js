// tldoc's page script. Everything works without it; it adds the theme switch, keeps the
// example language the reader picked across tab groups and pages, and makes the copy buttons of
// code blocks work (they are hidden without it, since they could do nothing).
(function () {
  "use strict";
  var store = {
    get: function (key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  };

  var root = document.documentElement;
  var button = document.querySelector(".theme-switch");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var dark = root.dataset.theme
        ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      store.set("tldoc-theme", root.dataset.theme);
    });
  }

  function pick(language) {
    var radios = document.querySelectorAll('.tab-radio[data-language="' + language + '"]');
    for (var i = 0; i < radios.length; i++) radios[i].checked = true;
  }
  var saved = store.get("tldoc-language");
  if (saved) pick(saved);
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("tab-radio")) {
      store.set("tldoc-language", target.dataset.language);
      pick(target.dataset.language);
    }
  });

  // A copy button copies the text of the code block after it and says so, to the eye on the
  // button and to screen readers through the page's status region.
  var status = document.getElementById("copy-status");
  function copied(button, ok) {
    var said = ok ? "Copied" : "Could not copy";
    button.textContent = said;
    if (status) {
      status.textContent = "";
      status.textContent = said;
    }
    setTimeout(function () { button.textContent = "Copy"; }, 2000);
  }
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
    } else {
      done(fallback(text));
    }
  }
  // Where the clipboard API is missing (an insecure context), a hidden selection and the copy
  // command.
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].hidden = false;
    buttons[b].addEventListener("click", function (event) {
      var button = event.currentTarget;
      var block = button.nextElementSibling;
      if (!block) return;
      var focused = document.activeElement;
      copyText(block.textContent, function (ok) {
        copied(button, ok);
        if (focused && focused !== document.activeElement) focused.focus();
      });
    });
  }
})();
