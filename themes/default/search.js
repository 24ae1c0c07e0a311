// tldoc's search. The index (`search-index.js`, written by the build) is loaded as a script, not
// fetched, so that search works from file:// as well as from a server; it is loaded on first use,
// so pages that are only read never pay for it.
//
// Ranking, best first: the exact name (with or without its namespace), a prefix of it, the query
// at the start of a word of the name (`auth` in `account.resetAuthorization`), anywhere in the
// name, its letters in order from the start of a word (`rstauth`), then the query's words in the description. Ties go to
// the shorter name without its namespace (what the query left unmatched), then the shorter name,
// and groups come in the order of their best result, methods before constructors before types.
(function (global) {
  "use strict";

  var KINDS = [
    { key: "methods", folder: "methods", label: "Methods" },
    { key: "constructors", folder: "constructors", label: "Constructors" },
    { key: "types", folder: "types", label: "Types" }
  ];
  var NO_MATCH = -1;
  var DESCRIPTION_MATCH = 5;

  // Whether position `at` of `name` begins a word: the start, after `.` or `_`, or an upper-case
  // letter after a lower-case one (camelCase).
  function wordStart(name, at) {
    if (at === 0) return true;
    var before = name.charAt(at - 1);
    var here = name.charAt(at);
    if (before === "." || before === "_") return true;
    return here !== here.toLowerCase() && before === before.toLowerCase();
  }

  // Whether the letters of `query` appear in order in `lower` from the start of one of the words
  // of `name` (its lower-cased form): `sndmsg` in `messages.sendMessage`. Requiring a word start
  // keeps `user` from matching every name that happens to hold a u, an s, an e and an r.
  function isSubsequence(query, name, lower) {
    for (var start = 0; start < lower.length; start++) {
      if (lower.charAt(start) !== query.charAt(0) || !wordStart(name, start)) continue;
      var found = 0;
      for (var i = start; i < lower.length && found < query.length; i++) {
        if (lower.charAt(i) === query.charAt(found)) found++;
      }
      if (found === query.length) return true;
    }
    return false;
  }

  // The tier of `name` (with its lower-cased form `lower`) for `query` (lower-cased, no spaces),
  // or NO_MATCH.
  function nameTier(name, lower, query) {
    var dot = lower.lastIndexOf(".");
    var short = dot < 0 ? lower : lower.slice(dot + 1);
    if (lower === query || short === query) return 0;
    if (lower.indexOf(query) === 0 || short.indexOf(query) === 0) return 1;
    var at = lower.indexOf(query);
    while (at >= 0) {
      if (wordStart(name, at)) return 2;
      at = lower.indexOf(query, at + 1);
    }
    if (lower.indexOf(query) >= 0) return 3;
    if (query.length > 1 && isSubsequence(query, name, lower)) return 4;
    return NO_MATCH;
  }

  function descriptionMatches(description, words) {
    var lower = description.toLowerCase();
    for (var i = 0; i < words.length; i++) {
      if (lower.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  // Searches `index` ({methods, constructors, types}: arrays of [name, summary]) for `text`.
  // Returns {groups: [{key, label, folder, count, best, results: [{name, summary, tier}]}],
  // exact}: the groups with matches, best first; `exact` is the result named exactly `text`
  // (preferring the same case), if any.
  function search(index, text) {
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    var query = words.join("");
    var groups = [];
    var exact = null;
    if (!query) return { groups: groups, exact: exact };
    var describe = words.every(function (word) { return word.length >= 3; });
    for (var k = 0; k < KINDS.length; k++) {
      var kind = KINDS[k];
      var entries = index[kind.key] || [];
      var results = [];
      for (var i = 0; i < entries.length; i++) {
        var name = entries[i][0];
        var summary = entries[i][1];
        var tier = nameTier(name, name.toLowerCase(), query);
        if (tier === NO_MATCH && describe && descriptionMatches(summary, words)) {
          tier = DESCRIPTION_MATCH;
        }
        if (tier === NO_MATCH) continue;
        var result = {
          name: name, summary: summary, tier: tier, folder: kind.folder,
          shortLength: name.length - name.lastIndexOf(".") - 1
        };
        results.push(result);
        if (name.toLowerCase() === query && (!exact || (exact.name !== text && name === text))) {
          exact = result;
        }
      }
      if (!results.length) continue;
      results.sort(function (a, b) {
        return a.tier - b.tier || a.shortLength - b.shortLength ||
          a.name.length - b.name.length || (a.name < b.name ? -1 : 1);
      });
      groups.push({
        key: kind.key, label: kind.label, folder: kind.folder,
        count: results.length, best: results[0].tier, order: k, results: results
      });
    }
    groups.sort(function (a, b) { return a.best - b.best || a.order - b.order; });
    return { groups: groups, exact: exact };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { search: search };
  }
  if (typeof document === "undefined") return;

  // The page's part: a combobox over a listbox of results, grouped by kind with counts.
  var SHOWN_PER_GROUP = 8;
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input");
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var root = form.getAttribute("data-root") || "";
  var options = [];
  var active = -1;
  var loading = null;
  form.hidden = false;

  function withIndex(then) {
    if (global.tldocSearchIndex) return then(global.tldocSearchIndex);
    if (!loading) {
      loading = [];
      var script = document.createElement("script");
      script.src = form.getAttribute("data-index");
      script.onload = function () {
        var waiting = loading;
        loading = null;
        waiting.forEach(function (callback) { callback(global.tldocSearchIndex || {}); });
      };
      script.onerror = function () {
        loading = null;
        list.hidden = false;
        list.textContent = "The search index could not be loaded.";
      };
      document.head.appendChild(script);
    }
    loading.push(then);
  }

  function href(result) {
    return root + result.folder + "/" + result.name + ".html";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function setActive(position) {
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = position;
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function show(found, text) {
    list.textContent = "";
    options = [];
    active = -1;
    if (!found.groups.length) {
      list.appendChild(element("p", "search-empty", "Nothing matches \u201c" + text + "\u201d."));
    }
    found.groups.forEach(function (group) {
      var box = element("div", "search-group");
      box.setAttribute("role", "group");
      var heading = element("p", "search-group-label", group.label + " (" + group.count + ")");
      heading.id = "search-group-" + group.key;
      heading.setAttribute("role", "presentation");
      box.setAttribute("aria-labelledby", heading.id);
      box.appendChild(heading);
      group.results.slice(0, SHOWN_PER_GROUP).forEach(function (result) {
        var option = element("a", "search-option");
        option.href = href(result);
        option.id = "search-option-" + options.length;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.tabIndex = -1;
        option.appendChild(element("code", "", result.name));
        if (result.summary) option.appendChild(element("span", "search-summary", result.summary));
        box.appendChild(option);
        options.push(option);
      });
      if (group.count > SHOWN_PER_GROUP) {
        var more = element("a", "search-more", "All " + group.count + " " + group.label.toLowerCase() + "\u2026");
        more.href = root + "search.html?q=" + encodeURIComponent(text);
        more.tabIndex = -1;
        box.appendChild(more);
      }
      list.appendChild(box);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (options.length) setActive(0);
  }

  function run() {
    var text = input.value.trim();
    if (!text) return close();
    withIndex(function (index) {
      if (input.value.trim() === text) show(search(index, text), text);
    });
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", function () { withIndex(function () {}); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) return run();
      if (!options.length) return;
      var step = event.key === "ArrowDown" ? 1 : -1;
      setActive((active + step + options.length) % options.length);
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0 && options[active]) {
        event.preventDefault();
        window.location.href = options[active].href;
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else {
        input.blur();
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
    if (typing) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) close();
  });

  // `?q=` runs a query; on the search page it lists every result, elsewhere an exact match opens.
  var query = new URLSearchParams(window.location.search).get("q");
  var page = document.getElementById("search-page-results");
  if (query) {
    input.value = query;
    withIndex(function (index) {
      var found = search(index, query);
      if (found.exact && !page) {
        window.location.replace(href(found.exact));
      } else if (page) {
        showPage(found, query);
      } else {
        input.focus();
        show(found, query);
      }
    });
  }

  function showPage(found, text) {
    page.textContent = "";
    var total = found.groups.reduce(function (sum, group) { return sum + group.count; }, 0);
    page.appendChild(element("p", "", total + " result" + (total === 1 ? "" : "s") + " for \u201c" + text + "\u201d."));
    found.groups.forEach(function (group) {
      page.appendChild(element("h2", "", group.label + " (" + group.count + ")"));
      var rows = element("ul", "entity-list");
      group.results.forEach(function (result) {
        var item = element("li");
        var link = element("a");
        link.href = href(result);
        link.appendChild(element("code", "", result.name));
        item.appendChild(link);
        if (result.summary) item.appendChild(document.createTextNode(" \u2014 " + result.summary));
        rows.appendChild(item);
      });
      page.appendChild(rows);
    });
  }
})(this);
