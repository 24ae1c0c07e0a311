// tldoc's page script. Everything works without it; it adds the theme switch and keeps the
// example language the reader picked across tab groups and pages.
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
})();
