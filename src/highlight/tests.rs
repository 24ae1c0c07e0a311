//! The highlighter against syntect's own HTML generator, language by language, and its cache
//! against no cache, and the style sheet against its file.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use syntect::html::ClassedHTMLGenerator;

use super::*;

/// What syntect's own generator gives, with no cache, with the grammar `highlighter` picks
/// for `extension`: the reference to compare with.
fn uncached(highlighter: &Highlighter, code: &str, extension: &str) -> String {
    let (set, index) = highlighter
        .grammar_for(extension)
        .expect("a grammar for the extension");
    let syntaxes = highlighter.set(set).expect("the set loads");
    let syntax = &syntaxes.syntaxes()[index];
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in code.split_inclusive('\n') {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .expect("syntect highlights the line");
    }
    generator.finalize()
}

/// The text of some HTML: tags dropped, the escapes this module and syntect use undone.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let end = rest[start..].find('>').expect("a closed tag");
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

const JAVASCRIPT: &str = r#"const { Api, TelegramClient } = require("telegram");
const { StringSession } = require("telegram/sessions");

const session = new StringSession(""); // You should put your string session here
const client = new TelegramClient(session, apiId, apiHash, {});

(async function run() {
  await client.connect(); // This assumes you have already authenticated with .start()

  const result = await client.invoke(
new Api.auth.ResetAuthorizations({ hash: 1 < 2 })
  );
  console.log(result); // prints the result
})();
"#;

const TYPESCRIPT: &str = r#"import { Api, TelegramClient } from "telegram";
import { StringSession } from "telegram/sessions";

const client = new TelegramClient(new StringSession(""), apiId, apiHash, {});

(async function run(): Promise<void> {
  await client.connect();
  const result: Api.auth.Authorization = await client.invoke(
new Api.auth.ResetAuthorizations({ limit: 1 < 2 ? 3 : 4 })
  );
  console.log(result);
})();
"#;

const PHP: &str = r#"<?php
use danog\MadelineProto\API;

$MadelineProto = new API('session.madeline');
$result = $MadelineProto->auth->resetAuthorizations(hash: 1 < 2);
echo "done: $result";
"#;

const LUA: &str = r#"local telegram = require("telegram")
local client = telegram.client(api_id, api_hash)

-- reset every other session
local result = client:invoke("auth.resetAuthorizations", { hash = 1 < 2 })
print(result)
"#;

const PYTHON: &str = r#"from telethon.sync import TelegramClient
from telethon import functions, types

with TelegramClient(name, api_id, api_hash) as client:
result = client(functions.auth.ResetAuthorizationsRequest(hash=1 < 2))
print("done:", result.stringify())  # prints the result
"#;

const EXAMPLES: [(&str, &str); 5] = [
    ("js", JAVASCRIPT),
    ("ts", TYPESCRIPT),
    ("php", PHP),
    ("lua", LUA),
    ("py", PYTHON),
];

#[test]
fn each_language_is_highlighted_and_escaped() {
    let highlighter = Highlighter::new();
    for (extension, code) in EXAMPLES {
        let html = highlighter.highlight(code, extension);
        assert!(html.contains("<span class=\"hl-"), "{extension}: {html}");
        // Something other than the grammar's outer scope is marked: real highlighting.
        assert!(
            html.contains("hl-keyword") || html.contains("hl-storage"),
            "{extension}"
        );
        assert!(html.contains("hl-string"), "{extension}");
        assert!(
            html.contains("1 &lt; 2") || html.contains("&lt;</span>"),
            "{extension}"
        );
        assert!(!html.contains("1 < 2"), "{extension}: `<` left unescaped");
        assert_eq!(text_of(&html), code, "{extension}: the text is kept");
        assert_eq!(html, uncached(&highlighter, code, extension), "{extension}");
    }
}

#[test]
fn php_opening_tag_starts_php() {
    let html = Highlighter::new().highlight(PHP, "php");
    assert!(
        html.contains(
            "<span class=\"hl-punctuation hl-section hl-embedded hl-php\">&lt;?php</span>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"hl-keyword hl-control hl-php\">use</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"hl-variable hl-other hl-php\">$MadelineProto</span>"),
        "{html}"
    );
    // A named argument, and a variable inside a double-quoted string.
    assert!(
        html.contains("<span class=\"hl-variable hl-parameter hl-php\">hash</span>"),
        "{html}"
    );
    assert!(
        html.contains(
            "&quot;done: <span class=\"hl-variable hl-other hl-php\">$result</span>&quot;"
        ),
        "{html}"
    );
}

#[test]
fn unknown_extension_is_plain_escaped_text() {
    let highlighter = Highlighter::new();
    for extension in ["nope", "", ".js", "javascript"] {
        assert_eq!(
            highlighter.highlight("if (a < b && c > \"d\") {}\n", extension),
            "if (a &lt; b &amp;&amp; c &gt; &quot;d&quot;) {}\n"
        );
    }
}

#[test]
fn extensions_ignore_case_and_share_grammars() {
    let highlighter = Highlighter::new();
    let lower = highlighter.highlight(JAVASCRIPT, "js");
    assert_eq!(highlighter.highlight(JAVASCRIPT, "JS"), lower);
    assert_eq!(highlighter.highlight(JAVASCRIPT, "mjs"), lower);
    let machines = CACHES.with(|caches| {
        let mut caches = caches.borrow_mut();
        highlighter.cache(&mut caches).machines.len()
    });
    assert_eq!(machines, 1, "js, JS and mjs share one automaton");
}

#[test]
fn example_languages_have_their_own_grammars_and_others_two_faces() {
    let highlighter = Highlighter::new();
    for (extension, set, name) in [
        ("js", Set::Examples, "JavaScript (tldoc)"),
        ("mjs", Set::Examples, "JavaScript (tldoc)"),
        ("ts", Set::Examples, "TypeScript (tldoc)"),
        ("php", Set::Examples, "PHP (tldoc)"),
        ("lua", Set::Examples, "Lua (tldoc)"),
        ("py", Set::Examples, "Python (tldoc)"),
        ("jsx", Set::Others, "JavaScript (Babel)"),
        ("go", Set::Others, "Go"),
        ("rb", Set::Others, "Ruby"),
    ] {
        let (found, index) = highlighter.grammar_for(extension).expect("a grammar");
        assert_eq!(found, set, "{extension}");
        let syntaxes = highlighter.set(found).expect("loads");
        assert_eq!(syntaxes.syntaxes()[index].name, name, "{extension}");
    }
    assert_eq!(highlighter.grammar_for("nope"), None);
    // Another language is highlighted by two-face's grammar, through the same cache.
    let go = "package main\n\nfunc main() { println(\"hi\") }\n";
    let html = highlighter.highlight(go, "go");
    assert!(html.contains("hl-keyword"), "{html}");
    assert_eq!(html, uncached(&highlighter, go, "go"));
}

#[test]
fn loads_nothing_until_needed() {
    let highlighter = Highlighter::new();
    assert!(highlighter.examples.get().is_none());
    highlighter.highlight("x = 1\n", "py");
    assert!(highlighter.examples.get().is_some());
    // two-face's large set is read only for a language the examples' grammars lack.
    assert!(highlighter.syntaxes.get().is_none());
    highlighter.highlight("x = 1\n", "rb");
    assert!(highlighter.syntaxes.get().is_some());
}

#[test]
fn edge_cases() {
    let highlighter = Highlighter::new();
    assert_eq!(highlighter.highlight("", "js"), "");
    assert_eq!(highlighter.highlight("", "nope"), "");
    // Windows line ends highlight like Unix ones.
    assert_eq!(
        highlighter.highlight("let a = 1;\r\nlet b = 2;\r\n", "js"),
        highlighter.highlight("let a = 1;\nlet b = 2;\n", "js")
    );
    // No final newline, blank lines, a lone newline, non-ASCII text.
    for code in [
        "let a = 1;",
        "\n\n\n",
        "\n",
        "const s = \"héllo ✓ мир\"; // ✓\n",
        "\t}\n",
    ] {
        let html = highlighter.highlight(code, "js");
        assert_eq!(text_of(&html), code);
        assert_eq!(html, uncached(&highlighter, code, "js"));
    }
}

/// The line of `html` (highlighted code) at `index`, tags and all.
fn html_line(html: &str, index: usize) -> &str {
    html.split('\n').nth(index).expect("the line exists")
}

#[test]
fn multi_line_constructs_cover_their_lines_and_end_where_they_should() {
    let highlighter = Highlighter::new();
    let cases = [
        // (extension, code, index of a line inside the construct, its scope, index of a line
        // after it, a scope that line must show)
        (
            "js",
            "/* a\nconst x = 1;\n*/\nconst y = 2;\n",
            1,
            "hl-comment",
            3,
            "hl-storage",
        ),
        (
            "ts",
            "const s = `a\n${b} if\n`;\nif (x) {}\n",
            1,
            "hl-string",
            3,
            "hl-keyword",
        ),
        (
            "py",
            "s = \"\"\"\nimport x\n\"\"\"\nimport y\n",
            1,
            "hl-string",
            3,
            "hl-keyword",
        ),
        (
            "lua",
            "--[==[\n]]\nlocal x\n]==]\nlocal y\n",
            2,
            "hl-comment",
            4,
            "hl-keyword",
        ),
        (
            "lua",
            "s = [[\nlocal x\n]]\nlocal y\n",
            1,
            "hl-string",
            3,
            "hl-keyword",
        ),
        (
            "php",
            "<?php\n$s = <<<EOT\nnew X;\nEOT;\nnew Y;\n",
            2,
            "hl-string",
            4,
            "hl-keyword",
        ),
        (
            "php",
            "<?php\n/*\nnew X;\n*/\nnew Y;\n",
            2,
            "hl-comment",
            4,
            "hl-keyword",
        ),
    ];
    for (extension, code, inside, scope, after, after_scope) in cases {
        let html = highlighter.highlight(code, extension);
        assert_eq!(text_of(&html), code, "{extension}");
        let line = html_line(&html, inside);
        // The line is inside the construct's span: no keyword of its own.
        assert!(
            !line.contains("hl-keyword") && !line.contains("hl-storage"),
            "{extension}: {html}"
        );
        let before: String = code.split('\n').take(inside).collect::<Vec<_>>().join("\n");
        let opened = highlighter.highlight(&format!("{before}\n"), extension);
        assert!(opened.contains(scope), "{extension}: {opened}");
        assert!(
            html_line(&html, after).contains(after_scope),
            "{extension}: the construct ends: {html}"
        );
    }
    // An unclosed one-line string ends with its line.
    let html = highlighter.highlight("s = \"open\nimport y\n", "py");
    assert!(html_line(&html, 1).contains("hl-keyword"), "{html}");
}

#[test]
fn same_line_in_another_state_is_highlighted_anew() {
    let highlighter = Highlighter::new();
    let plain = highlighter.highlight("const a = 1;\n", "js");
    assert!(plain.contains("hl-storage"), "{plain}");
    // The same line, now inside a block comment: a cache keyed on the line alone would
    // return the keyword spans learnt above.
    let commented = highlighter.highlight("/*\nconst a = 1;\n*/\n", "js");
    assert!(!commented.contains("hl-storage"), "{commented}");
    assert!(commented.contains("hl-comment"), "{commented}");
    // Python: inside and outside a triple-quoted string.
    let code = "x = 1\ns = \"\"\"\nx = 1\n\"\"\"\nx = 1\n";
    assert_eq!(
        highlighter.highlight(code, "py"),
        uncached(&highlighter, code, "py")
    );
    // Lua: `]]` does not close a level-2 long comment, whose opening is a capture.
    let code = "--[==[\n]]\nx = 1\n]==]\nx = 1\n--[[\nx = 1\n]]\nx = 1\n";
    assert_eq!(
        highlighter.highlight(code, "lua"),
        uncached(&highlighter, code, "lua")
    );
    // PHP: the same line as HTML text before `<?php` and as PHP after it; heredocs whose
    // end depends on the captured label.
    let code = "$a = 1;\n<?php\n$a = 1;\n$s = <<<EOT\n$a = 1;\nABC;\nEOT;\n$a = 1;\n?>\n$a = 1;\n";
    assert_eq!(
        highlighter.highlight(code, "php"),
        uncached(&highlighter, code, "php")
    );
}

/// Lines that open, close or sit inside multi-line constructs, per language: mixing them at
/// random puts common lines in many parser states.
fn line_pool(extension: &str) -> &'static [&'static str] {
    const JS: &[&str] = &[
        "const result = await client.invoke(new Api.auth.ResetAuthorizations({}));\n",
        "/*\n",
        "*/\n",
        "/** Resets them.\n",
        " * @param {number} hash\n",
        "// a comment with `backticks` and \"quotes\"\n",
        "const s = `template ${\n",
        "value} and more\n",
        "`;\n",
        "const t = \"a string with <b>tags</b> & ampersands\";\n",
        "'unterminated string\n",
        "function f(a, b) {\n",
        "  return a < b && b > 0;\n",
        "}\n",
        "})();\n",
        "const re = /a[<>]+b/g;\n",
        "class A extends B {\n",
        "const el = <div className=\"x\">{y}</div>;\n",
        "\n",
        "    \n",
        "console.log(result); // prints the result\n",
    ];
    const TS: &[&str] = &[
        "const result: Api.auth.Authorization = await client.invoke(\n",
        "  new Api.auth.ResetAuthorizations({ hash: BigInt(\"-4156887774564\") })\n",
        ");\n",
        "interface Options<T extends object> {\n",
        "  limit?: number;\n",
        "}\n",
        "type Peer = Api.TypeInputPeer | null;\n",
        "let xs: Array<number> = [];\n",
        "enum Mode { A, B }\n",
        "/*\n",
        "*/\n",
        "const s = `multi\n",
        "line ${x as any}`;\n",
        "function f<T>(a: T): T {\n",
        "  return a < b ? a : (b as T);\n",
        "import { Api } from \"telegram\";\n",
        "// comment\n",
        "\n",
    ];
    const PHP: &[&str] = &[
        "<?php\n",
        "?>\n",
        "<div class=\"a\">text & more</div>\n",
        "$result = $MadelineProto->auth->resetAuthorizations(hash: 123);\n",
        "use danog\\MadelineProto\\API;\n",
        "$s = <<<EOT\n",
        "$s = <<<'ABC'\n",
        "EOT;\n",
        "ABC;\n",
        "/*\n",
        "*/\n",
        "// comment\n",
        "# comment\n",
        "echo \"a $b {$c->d} <b>\";\n",
        "<script>\n",
        "var a = 1 < 2;\n",
        "</script>\n",
        "function f(array $a): int {\n",
        "}\n",
        "'unterminated\n",
        "\n",
    ];
    const LUA: &[&str] = &[
        "local result = client:invoke(\"auth.resetAuthorizations\", {})\n",
        "--[[\n",
        "]]\n",
        "--[==[\n",
        "]==]\n",
        "local s = [[\n",
        "local t = [=[\n",
        "]=]\n",
        "-- comment\n",
        "function f(a, b)\n",
        "  if a < b then return a end\n",
        "end\n",
        "print(\"x\" .. 'y')\n",
        "local u = \"unterminated\n",
        "\n",
    ];
    const PY: &[&str] = &[
        "result = client(functions.auth.ResetAuthorizationsRequest())\n",
        "\"\"\"\n",
        "'''\n",
        "s = \"\"\"start\n",
        "end\"\"\"\n",
        "def f(a, b):\n",
        "    return a < b and b > 0\n",
        "# comment\n",
        "s = f\"{x!r} <b> {y:>10}\"\n",
        "t = rb'\\x00'\n",
        "class C(Base):\n",
        "@decorator(arg=1)\n",
        "with TelegramClient(name, api_id, api_hash) as client:\n",
        "    print(result.stringify())  # prints\n",
        "x = (1,\n",
        "     2)\n",
        "\n",
    ];
    match extension {
        "js" => JS,
        "ts" => TS,
        "php" => PHP,
        "lua" => LUA,
        _ => PY,
    }
}

/// Snippets made of random lines from [`line_pool`], from a fixed seed.
fn random_snippets(extension: &str, count: usize, seed: u64) -> Vec<String> {
    let pool = line_pool(extension);
    let mut state = seed | 1;
    let mut next = move |bound: usize| {
        // xorshift64: reproducible, and enough for picking lines.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % bound as u64).unwrap_or(0)
    };
    (0..count)
        .map(|_| {
            let lines = 1 + next(14);
            let mut code: String = (0..lines).map(|_| pool[next(pool.len())]).collect();
            if next(4) == 0 {
                // Some snippets end without a newline.
                code.pop();
            }
            code
        })
        .collect()
}

#[test]
fn cached_output_equals_uncached_output() {
    let highlighter = Highlighter::new();
    let mut cases: Vec<(&str, String)> = Vec::new();
    for (seed, (extension, example)) in (1u64..).zip(EXAMPLES) {
        cases.push((extension, example.to_owned()));
        for snippet in random_snippets(extension, 300, seed * 7919) {
            cases.push((extension, snippet));
        }
    }
    let expected: Vec<String> = cases
        .iter()
        .map(|(extension, code)| uncached(&highlighter, code, extension))
        .collect();
    // Cold: every snippet learns from those before it.
    for ((extension, code), expected) in cases.iter().zip(&expected) {
        assert_eq!(
            &highlighter.highlight(code, extension),
            expected,
            "{extension}: {code:?}"
        );
    }
    let (states, transitions) = cache_size(&highlighter);
    let lines: usize = cases
        .iter()
        .map(|(_, code)| code.split_inclusive('\n').count())
        .sum();
    assert!(
        transitions < lines / 2,
        "{transitions} transitions for {lines} lines"
    );
    // Warm, in reverse order: all from the cache, nothing new learnt.
    for ((extension, code), expected) in cases.iter().zip(&expected).rev() {
        assert_eq!(
            &highlighter.highlight(code, extension),
            expected,
            "{extension}: {code:?}"
        );
    }
    assert_eq!(cache_size(&highlighter), (states, transitions));
    // Threads sharing one fresh highlighter, cold then warm.
    let shared = Highlighter::new();
    for _ in 0..2 {
        cases
            .par_iter()
            .zip(&expected)
            .for_each(|((extension, code), expected)| {
                assert_eq!(
                    &shared.highlight(code, extension),
                    expected,
                    "{extension}: {code:?}"
                );
            });
    }
}

/// How many states and transitions the highlighter has learnt, over all grammars.
fn cache_size(highlighter: &Highlighter) -> (usize, usize) {
    CACHES.with(|caches| {
        let mut caches = caches.borrow_mut();
        size_of_cache(highlighter.cache(&mut caches))
    })
}

fn size_of_cache(cache: &Cache) -> (usize, usize) {
    let states = cache.machines.iter().map(|m| m.states.len()).sum();
    let transitions = cache
        .machines
        .iter()
        .flat_map(|m| &m.transitions)
        .map(HashMap::len)
        .sum();
    (states, transitions)
}

#[test]
fn highlighter_is_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Highlighter>();
}

#[test]
fn theme_css_file_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/highlight.css");
    let css = theme_css();
    if std::env::var_os("TLDOC_REGENERATE_CSS").is_some() {
        std::fs::write(&path, &css).expect("themes/default/highlight.css is writable");
    }
    let file = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        file == css,
        "{} differs from theme_css(); regenerate it with \
         `TLDOC_REGENERATE_CSS=1 cargo test --lib highlight::tests::theme_css_file_is_current`",
        path.display()
    );
}

#[test]
fn theme_css_is_scoped_and_exclusive() {
    let css = theme_css();
    assert_eq!(css.matches('{').count(), css.matches('}').count());
    assert!(css.contains(".hl {\n  color: var(--hl-fg);"));
    assert!(css.contains("@media (prefers-color-scheme: dark) {"));
    assert!(css.contains("@media (prefers-color-scheme: light) {"));
    // Every selector is under one of the four conditions on <html>, and names only
    // prefixed classes. (Selector lines end in `{` or `,`; no other line does.)
    let roots = [
        ":root[data-theme=\"light\"]",
        ":root[data-theme=\"dark\"]",
        ":root:not([data-theme=\"dark\"])",
        ":root:not([data-theme=\"light\"])",
    ];
    let mut per_root = [0; 4];
    for line in css.lines().map(str::trim) {
        let Some(selector) = line.strip_suffix(" {").or_else(|| line.strip_suffix(',')) else {
            continue;
        };
        if selector.starts_with("@media") || selector == ".hl" {
            continue;
        }
        let root = roots.iter().position(|root| selector.starts_with(*root));
        let root = root.unwrap_or_else(|| panic!("unscoped selector {selector:?}"));
        per_root[root] += 1;
        for class in selector[roots[root].len()..]
            .split(['.', ' '])
            .filter(|c| !c.is_empty())
        {
            assert!(class.starts_with("hl-"), "{class} in {selector}");
        }
    }
    // Each theme is written twice (chosen, and preferred), the same each time.
    assert!(per_root[0] > 50 && per_root[1] > 50, "{per_root:?}");
    assert_eq!(per_root[0], per_root[2]);
    assert_eq!(per_root[1], per_root[3]);
    // Both themes' colours are there: Coldark-Cold's and Coldark-Dark's backgrounds.
    assert!(css.contains("--hl-bg: #e3eaf2;"));
    assert!(css.contains("--hl-bg: #111b27;"));
}
