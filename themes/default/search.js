// tldoc's search. The index is written by the build in two steps, each a script that sets a
// global, not JSON to fetch, so that search works from file:// as well as from a server:
// `search-index.js` (names, summaries, ids, who may call each method, the types of each method's
// parameters and result, errors) is loaded when the box is first focused, and
// `search-details.js` (parameter names, whole descriptions, the errors' descriptions) right
// after it, so that the first keystroke waits for the small part only.
//
// A query is words, filters and perhaps a type signature:
// - Names rank best: the exact name (with or without its namespace), a prefix of it, the query at
//   the start of a word of the name (`auth` in `account.resetAuthorization`), anywhere in the
//   name, its letters in order from the start of a word (`rstauth`); then a constructor's or
//   method's id (`df77f3bc`, `#df77f3bc`, `0xdf77f3bc` or the signed decimal `-545786948`: an
//   exact id ranks above every name), then the query's words in the summary, a parameter's name
//   (`random_id`) and the words of the whole description. Ties go to the shorter name without
//   its namespace (what the query left unmatched), then the shorter name; groups come in the
//   order of their best result, methods before constructors, types and errors.
// - Filters narrow the results: `bot:` and `user:` (methods they may call), `kind:method`,
//   `kind:constructor`, `kind:type`, `kind:error`, `error:NAME` (methods that may return an
//   error whose name holds NAME) and `since:N` (new in layer N, when the site has a history).
// - `A, B -> R` lists the methods taking an A and a B and returning an R (either side may be
//   left out: `-> Updates`, `InputPeer ->`), then the constructors with fields of those types
//   that build an R. A constructor's name stands for its type, a vector for its element type,
//   and those needing the fewest other parameters come first, so the answer is not drowned in
//   the methods that merely also take or return it.
//
// Index layout (see src/render/search.rs): methods are `[name, summary, id, callers (1 bots,
// 2 users), result, required parameter types, optional parameter types, since?]`, constructors
// `[name, summary, id, type index, since?]`, types `[name, summary, since?]`, errors
// `[name, codes, method indices]`; a removed entity is `[name, summary]`. A type is the index of
// a type or a builtin's name. The details hold, in the same order, `[parameter names,
// description]` of methods (and `[names, description, [required, optional] field types]` of
// constructors) and the description of types and errors.
(function (global) {
  "use strict";

  var KINDS = [
    { key: "methods", folder: "methods", label: "Methods", noun: "method" },
    { key: "constructors", folder: "constructors", label: "Constructors", noun: "constructor" },
    { key: "types", folder: "types", label: "Types", noun: "type" },
    { key: "errors", folder: "errors", label: "Errors", noun: "error" }
  ];
  var NO_MATCH = null;
  var ID_MATCH = -1;
  var ID_PREFIX_MATCH = 4.5;
  var DESCRIPTION_MATCH = 5;
  var FIELD_MATCH = 6;
  var WHOLE_DESCRIPTION_MATCH = 7;
  var FILTERS = { bot: "bot", bots: "bot", user: "user", users: "user", kind: "kind", error: "error", errors: "error", since: "since" };
  var NEEDS_VALUE = { kind: true, since: true };

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

  function containsAll(lower, words) {
    for (var i = 0; i < words.length; i++) {
      if (lower.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  // What every search of `index` reads, worked out once per index (and again once its `details`
  // arrive): lower-cased names and texts, and the types by name.
  function prepare(index, details) {
    var prepared = index.__tldocPrepared;
    if (prepared && prepared.details === details) return prepared;
    prepared = { details: details, kinds: {}, types: {}, typesLower: {}, constructors: {} };
    KINDS.forEach(function (kind) {
      var entries = index[kind.key] || [];
      var extra = (details && details[kind.key]) || [];
      prepared.kinds[kind.key] = entries.map(function (entry, at) {
        var detail = extra[at];
        var description = kind.key === "methods" || kind.key === "constructors"
          ? detail && detail[1] : detail;
        var summary = kind.key === "errors"
          ? codesText(entry[1]) + (description ? " " + description : "")
          : entry[1] || "";
        return {
          entry: entry,
          lower: entry[0].toLowerCase(),
          summary: summary,
          summaryLower: summary.toLowerCase(),
          fields: kind.key === "methods" || kind.key === "constructors" ? (detail && detail[0]) || [] : [],
          fieldTypes: kind.key === "constructors" && detail && detail[2] ? detail[2] : null,
          description: kind.key === "errors" ? "" : description || "",
          descriptionLower: kind.key === "errors" ? "" : (description || "").toLowerCase(),
          since: entry[kind.key === "methods" ? 7 : kind.key === "constructors" ? 4 : 2] || 0
        };
      });
    });
    (index.types || []).forEach(function (entry, at) {
      prepared.types[entry[0]] = at;
      var lower = entry[0].toLowerCase();
      if (!(lower in prepared.typesLower)) prepared.typesLower[lower] = at;
    });
    (index.constructors || []).forEach(function (entry) {
      if (typeof entry[3] === "number" && entry[3] >= 0) prepared.constructors[entry[0]] = entry[3];
    });
    Object.defineProperty(index, "__tldocPrepared", { value: prepared, configurable: true, writable: true });
    return prepared;
  }

  function codesText(codes) {
    if (!codes || !codes.length) return "";
    return (codes.length === 1 ? "Code " : "Codes ") + codes.join(", ") + ".";
  }

  // The id a query stands for: {hex, exact} where `exact` says the query is a whole id (else
  // `hex` is the start of one); null when the query is no id.
  function idOf(text) {
    var marked = /^(?:#|0x)([0-9a-f]{1,8})$/i.exec(text);
    if (marked) {
      var hex = marked[1].toLowerCase();
      return { hex: hex, whole: "00000000".slice(hex.length) + hex, marked: true };
    }
    if (/^[0-9a-f]{4,8}$/i.test(text) && /[0-9]/.test(text)) {
      return { hex: text.toLowerCase(), whole: text.length === 8 ? text.toLowerCase() : null, marked: false, decimal: decimalId(text) };
    }
    return decimalId(text);
  }

  // A signed or unsigned decimal 32-bit id, as TDLib and Java write them.
  function decimalId(text) {
    if (!/^-?[0-9]{1,10}$/.test(text)) return null;
    var number = Number(text);
    if (number < -2147483648 || number > 4294967295) return null;
    var hex = (number >>> 0).toString(16);
    hex = "00000000".slice(hex.length) + hex;
    return { hex: hex, whole: hex, marked: true };
  }

  // The tier of an entity's id for the query's id, or NO_MATCH.
  function idTier(id, query) {
    if (typeof id !== "string" || !query) return NO_MATCH;
    if (id === query.whole || (query.decimal && id === query.decimal.whole)) return ID_MATCH;
    if (id.indexOf(query.hex) === 0) return query.marked ? 1 : ID_PREFIX_MATCH;
    return NO_MATCH;
  }

  // Splits a query into its filters, its words and its type signature (`A, B -> R`).
  function parse(text) {
    var tokens = text.trim().split(/\s+/).filter(Boolean);
    var filters = {};
    var any = false;
    var words = [];
    for (var i = 0; i < tokens.length; i++) {
      var match = /^([a-z]+):(.*)$/i.exec(tokens[i]);
      var key = match && FILTERS[match[1].toLowerCase()];
      if (!key) {
        words.push(tokens[i]);
        continue;
      }
      var value = match[2];
      if (!value && NEEDS_VALUE[key] && i + 1 < tokens.length) value = tokens[++i];
      filters[key] = value.toLowerCase();
      any = true;
    }
    var rest = words.join(" ");
    var arrow = rest.replace("\u2192", "->").indexOf("->");
    var signature = null;
    if (arrow >= 0) {
      rest = rest.replace("\u2192", "->");
      var left = rest.slice(0, arrow);
      var right = rest.slice(arrow + 2).trim();
      signature = {
        args: left.split(",").map(function (name) { return name.trim(); }).filter(Boolean),
        result: right || null
      };
      rest = "";
    }
    return { filters: any ? filters : null, rest: rest, signature: signature };
  }

  // The type a name in a signature stands for: a type (by name, exactly or else in any case), a
  // constructor's type, or else a builtin's name, lower-cased.
  function typeKey(prepared, name) {
    var inner = name;
    var vector;
    while ((vector = /^vector\s*<\s*(.*?)\s*>$/i.exec(inner))) inner = vector[1];
    inner = inner.replace(/^[%!]/, "");
    if (inner in prepared.types) return prepared.types[inner];
    if (inner in prepared.constructors) return prepared.constructors[inner];
    var lower = inner.toLowerCase();
    if (lower in prepared.typesLower) return prepared.typesLower[lower];
    return lower;
  }

  function sameType(key, wanted) {
    return typeof key === "number" ? key === wanted : typeof wanted === "string" && String(key).toLowerCase() === wanted;
  }

  function typeName(index, key) {
    return typeof key === "number" ? (index.types[key] || ["?"])[0] : String(key);
  }

  // How well parameters of the `required` and `optional` types fit the signature's `args`: the
  // number of required ones the signature leaves out, then of all; null when they do not fit.
  function signatureFit(required, optional, args) {
    var used = [];
    var matchedRequired = 0;
    for (var a = 0; a < args.length; a++) {
      var found = -1;
      for (var r = 0; r < required.length && found < 0; r++) {
        if (!used[r] && sameType(required[r], args[a])) found = r;
      }
      if (found >= 0) {
        matchedRequired++;
      } else {
        for (var o = 0; o < optional.length && found < 0; o++) {
          if (!used[required.length + o] && sameType(optional[o], args[a])) found = required.length + o;
        }
      }
      if (found < 0) return null;
      used[found] = true;
    }
    return {
      missing: required.length - matchedRequired,
      extra: required.length + optional.length - args.length
    };
  }

  function signatureText(index, required, optional, result) {
    var parts = required.map(function (key) { return typeName(index, key); });
    if (optional.length) parts.push("\u2026");
    return "(" + parts.join(", ") + ") \u2192 " + typeName(index, result);
  }

  // The sentence of `text` that holds `word`, for saying why a description matched.
  function sentenceWith(text, word) {
    var sentences = text.split(/(?<=[.!?])\s+/);
    for (var i = 0; i < sentences.length; i++) {
      if (sentences[i].toLowerCase().indexOf(word) >= 0) return sentences[i];
    }
    return text;
  }

  // Whether the entity `item` of `kind` passes `filters`; `errorMethods` are the methods that
  // may return an error the `error:` filter names.
  function passes(kind, item, filters, errorMethods, at) {
    if (!filters) return true;
    var entry = item.entry;
    if (filters.kind !== undefined && kind.noun.indexOf(filters.kind.replace(/s$/, "")) !== 0) return false;
    if (filters.bot !== undefined || filters.user !== undefined || filters.error !== undefined) {
      if (kind.key !== "methods") return false;
      if (filters.bot !== undefined && !(entry[3] & 1)) return false;
      if (filters.user !== undefined && !(entry[3] & 2)) return false;
      if (errorMethods && !errorMethods[at]) return false;
    }
    if (filters.since !== undefined && String(item.since) !== filters.since) return false;
    return true;
  }

  // The methods that may return an error whose name holds `value` (any error, when empty).
  function methodsReturning(index, value) {
    var methods = {};
    var wanted = value.toLowerCase();
    (index.errors || []).forEach(function (error) {
      if (error[0].toLowerCase().indexOf(wanted) < 0) return;
      error[2].forEach(function (method) { methods[method] = true; });
    });
    return methods;
  }

  // Searches `index` (and `details`, once loaded) for `text`. Returns {groups: [{key, label,
  // folder, count, best, results: [{name, summary, tier, why}]}], exact}: the groups with
  // matches, best first; `exact` is the result named exactly `text` (preferring the same case),
  // or with exactly that id, if any.
  function search(index, text, details) {
    var groups = [];
    var exact = null;
    var parsed = parse(text);
    var words = parsed.rest.toLowerCase().split(/\s+/).filter(Boolean);
    var query = words.join("");
    if (!query && !parsed.filters && !parsed.signature) return { groups: groups, exact: exact };
    var prepared = prepare(index, details);
    var id = words.length === 1 ? idOf(words[0]) : null;
    var describe = words.length > 0 && words.every(function (word) { return word.length >= 3; });
    var fieldQuery = query.length >= 3 ? query : null;
    var errorMethods = parsed.filters && parsed.filters.error !== undefined
      ? methodsReturning(index, parsed.filters.error) : null;
    var signature = null;
    if (parsed.signature) {
      signature = {
        args: parsed.signature.args.map(function (name) { return typeKey(prepared, name); }),
        result: parsed.signature.result === null ? null : typeKey(prepared, parsed.signature.result)
      };
    }
    for (var k = 0; k < KINDS.length; k++) {
      var kind = KINDS[k];
      var items = prepared.kinds[kind.key];
      var results = [];
      for (var i = 0; i < items.length; i++) {
        var item = items[i];
        if (!passes(kind, item, parsed.filters, errorMethods, i)) continue;
        var entry = item.entry;
        var name = entry[0];
        var tier = NO_MATCH;
        var why = "";
        var rank = 0;
        if (signature) {
          // A method takes its parameters and returns its result; a constructor takes its
          // fields (known once the details are in) and builds its type.
          var takes = kind.key === "methods" ? entry.length >= 7 && [entry[5], entry[6]]
            : kind.key === "constructors" ? item.fieldTypes : null;
          var gives = kind.key === "methods" ? entry[4] : entry[3];
          if (kind.key === "constructors" && !signature.args.length && takes === null) takes = [[], []];
          if (!takes || (signature.result !== null && !sameType(gives, signature.result))) continue;
          var fit = signatureFit(takes[0], takes[1], signature.args);
          if (!fit) continue;
          tier = kind.key === "methods" ? 0 : 1;
          rank = fit.missing * 1000 + fit.extra;
          why = signatureText(index, takes[0], takes[1], gives);
        } else if (!query) {
          tier = 0;
        } else {
          tier = nameTier(name, item.lower, query);
          if (id && (kind.key === "methods" || kind.key === "constructors")) {
            var byId = idTier(entry[2], id);
            if (byId !== NO_MATCH && (tier === NO_MATCH || byId < tier)) {
              tier = byId;
              why = "id #" + entry[2];
            }
          }
          if (tier === NO_MATCH && describe && containsAll(item.summaryLower, words)) {
            tier = DESCRIPTION_MATCH;
          }
          if (tier === NO_MATCH && fieldQuery) {
            for (var f = 0; f < item.fields.length; f++) {
              var field = item.fields[f].toLowerCase().replace(/_/g, "");
              if (field.indexOf(fieldQuery.replace(/_/g, "")) >= 0) {
                tier = FIELD_MATCH + (field === fieldQuery.replace(/_/g, "") ? 0 : 0.5);
                why = "field " + item.fields[f];
                break;
              }
            }
          }
          if (tier === NO_MATCH && describe && item.descriptionLower && containsAll(item.descriptionLower, words)) {
            tier = WHOLE_DESCRIPTION_MATCH;
            why = sentenceWith(item.description, words[0]);
          }
        }
        if (tier === NO_MATCH) continue;
        var result = {
          name: name, summary: item.summary, tier: tier, why: why, rank: rank, folder: kind.folder,
          shortLength: name.length - name.lastIndexOf(".") - 1
        };
        results.push(result);
        var isExact = tier === ID_MATCH || (query && name.toLowerCase() === query && !signature);
        if (isExact && (!exact || exact.tier !== ID_MATCH && exact.name !== text && name === text)) {
          exact = result;
        }
      }
      if (!results.length) continue;
      // Filters alone list their entities as the indexes do, by name.
      var byName = !query && !signature;
      results.sort(function (a, b) {
        if (byName) return a.name < b.name ? -1 : 1;
        return a.tier - b.tier || a.rank - b.rank || a.shortLength - b.shortLength ||
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

  // Calls `then` with the index once it is loaded, loading it on first use; the details follow
  // it, and the query is searched again when they arrive.
  function withIndex(then) {
    if (global.tldocSearchIndex) return then(global.tldocSearchIndex);
    if (!loading) {
      loading = [];
      load(form.getAttribute("data-index"), function () {
        var waiting = loading;
        loading = null;
        waiting.forEach(function (callback) { callback(global.tldocSearchIndex || {}); });
        var details = form.getAttribute("data-details");
        if (details) load(details, onDetails, function () {});
      }, function () {
        loading = null;
        list.hidden = false;
        list.textContent = "The search index could not be loaded.";
      });
    }
    loading.push(then);
  }

  function load(src, onload, onerror) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = onload;
    script.onerror = onerror;
    document.head.appendChild(script);
  }

  var onDetails = function () {};

  function searchIndex(index, text) {
    return search(index, text, global.tldocSearchDetails);
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
        if (result.why) option.appendChild(element("span", "search-why", result.why));
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
      if (input.value.trim() === text) show(searchIndex(index, text), text);
    });
  }

  input.addEventListener("input", run);
  onDetails = function () {
    if (page && pageQuery) return withIndex(function (index) { showPage(searchIndex(index, pageQuery), pageQuery); });
    if (list.hidden || !input.value.trim()) return;
    // The reader may have moved to a result already: it stays the active one.
    var was = active >= 0 && options[active] ? options[active].href : null;
    run();
    for (var i = 0; was && i < options.length; i++) {
      if (options[i].href === was) return setActive(i);
    }
  };
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
  var pageQuery = page && query;
  if (query) {
    input.value = query;
    withIndex(function (index) {
      var found = searchIndex(index, query);
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
        if (result.why) item.appendChild(element("span", "search-why", result.why));
        if (result.summary) item.appendChild(document.createTextNode(" \u2014 " + result.summary));
        rows.appendChild(item);
      });
      page.appendChild(rows);
    });
  }
})(this);
