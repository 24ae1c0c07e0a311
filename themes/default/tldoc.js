// tldoc's page script. Everything works without it; it adds the theme switch, makes the examples
// tabs (keeping the language the reader picked across tab lists and pages), and makes the copy
// buttons of code blocks work (they are hidden without it, since they could do nothing).
(function () {
  "use strict";
  var store = {
    get: function (key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  };

  // The theme switch is a toggle button, "Dark theme", pressed while the page is dark (by the
  // reader's choice or, until they choose, the system's).
  var root = document.documentElement;
  var button = document.querySelector(".theme-switch");
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  function isDark() {
    return root.dataset.theme ? root.dataset.theme === "dark" : systemDark.matches;
  }
  function showTheme() {
    button.setAttribute("aria-pressed", isDark() ? "true" : "false");
  }
  if (button) {
    button.hidden = false;
    showTheme();
    if (systemDark.addEventListener) systemDark.addEventListener("change", showTheme);
    button.addEventListener("click", function () {
      root.dataset.theme = isDark() ? "light" : "dark";
      store.set("tldoc-theme", root.dataset.theme);
      showTheme();
    });
  }

  // Example tabs, as the WAI-ARIA tabs pattern has them: the panels, shown one after another
  // without this script, become the panels of the tab list; the arrows, Home and End move
  // between tabs and show the tab reached. The language picked is kept across tab lists and
  // pages.
  var lists = document.querySelectorAll('.tab-list[role="tablist"]');
  function tabsOf(list) {
    return Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
  }
  function select(list, chosen) {
    tabsOf(list).forEach(function (tab) {
      var selected = tab === chosen;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      if (panel) panel.hidden = !selected;
    });
  }
  function pick(language) {
    for (var i = 0; i < lists.length; i++) {
      var tabs = tabsOf(lists[i]);
      for (var t = 0; t < tabs.length; t++) {
        if (tabs[t].dataset.language === language) select(lists[i], tabs[t]);
      }
    }
  }
  for (var l = 0; l < lists.length; l++) {
    var list = lists[l];
    tabsOf(list).forEach(function (tab) {
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      if (!panel) return;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
    });
    select(list, list.querySelector('[role="tab"][aria-selected="true"]') || tabsOf(list)[0]);
    list.hidden = false;
    list.addEventListener("click", function (event) {
      var tab = event.target.closest && event.target.closest('[role="tab"]');
      if (!tab) return;
      store.set("tldoc-language", tab.dataset.language);
      pick(tab.dataset.language);
    });
    list.addEventListener("keydown", function (event) {
      var tabs = tabsOf(event.currentTarget);
      var at = tabs.indexOf(document.activeElement);
      if (at < 0) return;
      var to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      var tab = tabs[(to + tabs.length) % tabs.length];
      store.set("tldoc-language", tab.dataset.language);
      pick(tab.dataset.language);
      tab.focus();
    });
  }
  var saved = store.get("tldoc-language");
  if (saved) pick(saved);

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
