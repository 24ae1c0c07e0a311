//! Syntax highlighting of example code, as HTML with CSS classes.
//!
//! [`Highlighter::highlight`] turns a snippet into the inner HTML of a `<pre><code>`: spans whose
//! classes are the atoms of syntect's scopes, prefixed with `hl-` (`source.js` becomes
//! `hl-source hl-js`) so that they cannot clash with the page's own classes. [`theme_css`] writes
//! the matching style sheet, `themes/default/highlight.css`, for a light and a dark theme.
//!
//! The five example languages (`js`, `ts`, `php`, `lua`, `py`, and their other extensions) are
//! highlighted with small grammars of tldoc's own, made for the code the examples hold (see
//! [`grammar`] for why); any other extension two-face's syntax set knows (bat's, a superset of
//! syntect's own) is highlighted with that set's grammar, so a site that adds an example
//! language still gets colour; any other is escaped as plain text. syntect runs both, with the
//! Oniguruma regex engine.
//!
//! # Why and how results are cached
//!
//! A reference build highlights thousands of examples (every method in every language), and most
//! of their lines recur: the import line, the client call, the closing braces. syntect's parser
//! is a state machine over lines: what a line becomes depends on the line's text and on the
//! parser's state when it starts (a line inside a multi-line string or comment, or after PHP's
//! `<?php`, is highlighted differently from the same text elsewhere). The HTML of a line depends,
//! besides, on the stack of scopes open before it, because spans opened on one line close on a
//! later one. So a line's result is a pure function
//!
//! ```text
//! (grammar, parser state, scope stack, line) -> (line's HTML, change in open spans, parser state, scope stack)
//! ```
//!
//! and that is what is cached. Each distinct pair of parser state and scope stack met is
//! numbered, two pairs getting the same number only when they are equal by syntect's own `Eq`
//! (never by a hash alone). The cache maps `(state number, line)` to the line's HTML, its change
//! in open spans and the number of the state after it: an automaton per grammar, built from the
//! lines actually met. Following it gives byte for byte what syntect's own `ClassedHTMLGenerator`
//! gives (the tests compare the two on many snippets), and a line already met in the same state
//! costs a hash lookup instead of a run of regexes.
//!
//! What the cache cannot save is the first highlighting of each distinct line, and that is most
//! of the cost: the lines naming a method or a parameter are mostly distinct (about 5,000 of
//! 27,000 for layer 190), and each costs some 20 µs with our grammars (60 to 160 µs with
//! two-face's; `cargo bench --bench highlight` measures).
//!
//! # Why one cache per thread
//!
//! With Oniguruma, syntect's parser state holds `onig::Region`s (the captures of an open region,
//! such as a heredoc's label), which wrap raw pointers: the state is neither `Send` nor `Sync`,
//! so it cannot sit in a cache that threads share. Each thread therefore keeps its own cache, in
//! thread-local storage, one per highlighter. That costs little: the lines that recur are learnt
//! once per thread (twice on two cores) instead of once, the distinct ones once either way, and
//! no lock is taken, so threads never wait for each other.
//!
//! `onig::Region`'s `Eq` compares those pointers, so a state holding captures is equal only to
//! itself. That is safe (two live regions never share an address, so unequal contents are never
//! taken for equal), merely less thrifty: such a state is reused when the same line leads to it
//! from the same state, but one reached another way is numbered anew. Capture-free states, nearly
//! all of them, compare by content.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock, Weak};

use syntect::highlighting::{Color, FontStyle, Theme};
use syntect::html::{ClassStyle, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use two_face::theme::EmbeddedThemeName;

use crate::html::escape_html;

mod grammar;

/// The prefix of every class the highlighter writes.
const CLASS_PREFIX: &str = "hl-";

/// How syntect writes classes: every scope atom, prefixed (kept in step with [`CLASS_PREFIX`]).
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The class of the element that holds highlighted code (the template's `<pre>` or `<code>`).
/// It gets the theme's own colours; no class made from a scope can equal it, since they all
/// start with [`CLASS_PREFIX`].
const CONTAINER_CLASS: &str = "hl";

/// The theme used unless a dark one is asked for.
const LIGHT_THEME: EmbeddedThemeName = EmbeddedThemeName::ColdarkCold;

/// The theme used when the reader's system prefers dark, or the page's switch asks for it.
const DARK_THEME: EmbeddedThemeName = EmbeddedThemeName::ColdarkDark;

/// Highlights snippets of code into HTML, remembering what it has highlighted.
///
/// One highlighter is meant to serve a whole build: it is `Send` and `Sync`, so rayon's threads
/// can share it, and it gets faster as it goes because no thread highlights a line twice in the
/// same parser state. Creating one is cheap: the grammars are loaded on first use.
pub struct Highlighter {
    /// The example languages' own grammars (see [`grammar`]), loaded on first use: a build with
    /// no example never pays for them. `None` should they fail to load, which tests rule out.
    examples: OnceLock<Option<SyntaxSet>>,
    /// two-face's grammars, for any other language, likewise loaded on first use.
    syntaxes: OnceLock<SyntaxSet>,
    /// Names this highlighter's caches in each thread's storage (see [`CACHES`]); once it is
    /// dropped, they are freed the next time their thread highlights.
    token: Arc<()>,
}

thread_local! {
    /// This thread's caches, one for each live highlighter that has used the thread, with a
    /// weak reference to the highlighter's token to tell whose it is and whether it is alive.
    static CACHES: RefCell<Vec<(Weak<()>, Cache)>> = const { RefCell::new(Vec::new()) };
}

impl Default for Highlighter {
    fn default() -> Highlighter {
        Highlighter::new()
    }
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("examples_loaded", &self.examples.get().is_some())
            .field("others_loaded", &self.syntaxes.get().is_some())
            .finish_non_exhaustive()
    }
}

impl Highlighter {
    /// Makes a highlighter. Cheap: nothing is loaded until the first snippet needs it.
    pub fn new() -> Highlighter {
        Highlighter {
            examples: OnceLock::new(),
            syntaxes: OnceLock::new(),
            token: Arc::new(()),
        }
    }

    /// Highlights `code` in the language of the file extension `extension` (`"js"`, `"ts"`,
    /// `"php"`, `"lua"`, `"py"`, or any other extension two-face's grammars know, compared without
    /// regard to case), returning HTML to put inside a `<pre><code>`.
    ///
    /// The text of the result, without its tags and unescaped, is `code` exactly (with `\r\n`
    /// line ends turned into `\n`). An extension no grammar handles, or a snippet the grammar
    /// fails on, gives the code escaped and without spans; this never fails.
    pub fn highlight(&self, code: &str, extension: &str) -> String {
        // The grammars match `\n` as the line end; a `\r` before it would be taken for text.
        let unix;
        let code = if code.contains('\r') {
            unix = code.replace("\r\n", "\n");
            unix.as_str()
        } else {
            code
        };
        let cached = CACHES.try_with(|caches| {
            // Never borrowed already, since nothing called from here highlights; the check only
            // spares a panic should that change.
            let mut caches = caches.try_borrow_mut().ok()?;
            Some(self.run(self.cache(&mut caches), code, extension))
        });
        let highlighted = match cached {
            Ok(Some(highlighted)) => highlighted,
            // The thread's storage is being torn down (or borrowed): do without the cache.
            _ => self.run(&mut Cache::default(), code, extension),
        };
        highlighted.unwrap_or_else(|| escape_html(code))
    }

    /// The example languages' grammars, loaded the first time (their regexes are compiled
    /// later, each on first use, once for all threads).
    fn examples(&self) -> Option<&SyntaxSet> {
        self.examples
            .get_or_init(|| grammar::example_syntaxes().ok())
            .as_ref()
    }

    /// two-face's grammars, loaded the first time (the set deserialises in a few milliseconds).
    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(two_face::syntax::extra_newlines)
    }

    /// The grammars of `set`.
    fn set(&self, set: Set) -> Option<&SyntaxSet> {
        match set {
            Set::Examples => self.examples(),
            Set::Others => Some(self.syntaxes()),
        }
    }

    /// This highlighter's cache among a thread's `caches`, made if new; caches of dropped
    /// highlighters are freed on the way.
    fn cache<'a>(&self, caches: &'a mut Vec<(Weak<()>, Cache)>) -> &'a mut Cache {
        caches.retain(|(owner, _)| owner.strong_count() > 0);
        // A weak reference keeps the token's allocation, so a live token's address names it.
        let position = caches
            .iter()
            .position(|(owner, _)| std::ptr::eq(owner.as_ptr(), Arc::as_ptr(&self.token)));
        let index = position.unwrap_or_else(|| {
            caches.push((Arc::downgrade(&self.token), Cache::default()));
            caches.len() - 1
        });
        &mut caches[index].1
    }

    /// Highlights `code` as `extension`, learning into `cache` the lines it has not met; `None`
    /// when no grammar handles the extension or syntect reports an error on some line.
    fn run(&self, cache: &mut Cache, code: &str, extension: &str) -> Option<String> {
        let automaton = self.machine(cache, extension)?;
        let syntaxes = self.set(automaton.set)?;
        // Highlighted HTML is typically several times longer than the code.
        let mut html = String::with_capacity(code.len() * 6);
        let mut open_spans: isize = 0;
        let mut state = INITIAL_STATE;
        // The parser state and scope stack numbered `state`, when at hand because the previous
        // line was parsed here: this spares a copy out of the cache when this line is new too.
        let mut held: Option<State> = None;
        for line in code.split_inclusive('\n') {
            if let Some(known) = automaton.transition(state, line) {
                html.push_str(&known.html);
                open_spans += known.span_change;
                state = known.next;
                held = None;
                continue;
            }
            let mut current = match held.take() {
                Some(current) => current,
                None => automaton.states.get(state)?.clone(),
            };
            let ops = current.parse.parse_line(line, syntaxes).ok()?;
            let (line_html, span_change) =
                line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut current.scopes).ok()?;
            html.push_str(&line_html);
            open_spans += span_change;
            state = automaton.learn(state, line, line_html, span_change, &current)?;
            held = Some(current);
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }

    /// The automaton in `cache` of the grammar for `extension`, or `None` when no grammar
    /// handles it.
    fn machine<'a>(&self, cache: &'a mut Cache, extension: &str) -> Option<&'a mut Machine> {
        let index = match cache.extensions.get(extension) {
            Some(&known) => known?,
            None => {
                let index = self.find_machine(cache, extension);
                cache.extensions.insert(extension.into(), index);
                index?
            }
        };
        cache.machines.get_mut(index)
    }

    /// The grammar for `extension`: the example languages' own, or else two-face's.
    fn grammar_for(&self, extension: &str) -> Option<(Set, usize)> {
        self.examples()
            .and_then(|examples| Some((Set::Examples, grammar(examples, extension)?)))
            .or_else(|| Some((Set::Others, grammar(self.syntaxes(), extension)?)))
    }

    /// Finds or makes, in `cache`, the automaton of the grammar for `extension`.
    fn find_machine(&self, cache: &mut Cache, extension: &str) -> Option<MachineId> {
        let (set, index) = self.grammar_for(extension)?;
        // Two extensions of one grammar (`js` and `mjs`) share its automaton.
        if let Some(existing) = cache
            .machines
            .iter()
            .position(|m| m.set == set && m.syntax == index)
        {
            return Some(existing);
        }
        let syntax = self.set(set)?.syntaxes().get(index)?;
        cache
            .machines
            .push(Machine::new(set, index, ParseState::new(syntax)));
        Some(cache.machines.len() - 1)
    }
}

/// The index in `syntaxes` of the grammar for `extension` (a scan of every grammar's
/// extensions, which is why [`Cache::extensions`] remembers the answer).
fn grammar(syntaxes: &SyntaxSet, extension: &str) -> Option<usize> {
    syntaxes.syntaxes().iter().rposition(|syntax| {
        syntax
            .file_extensions
            .iter()
            .any(|e| e.eq_ignore_ascii_case(extension))
    })
}

/// Which of a highlighter's syntax sets a grammar is in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Set {
    /// The example languages' own.
    Examples,
    /// two-face's.
    Others,
}

/// Index of a grammar's automaton in [`Cache::machines`].
type MachineId = usize;

/// Number of a [`State`] in its [`Machine`].
type StateId = usize;

/// Every automaton starts in its grammar's initial state, numbered first.
const INITIAL_STATE: StateId = 0;

/// What one thread has learnt for one [`Highlighter`].
#[derive(Default)]
struct Cache {
    /// Each extension asked for, and the automaton of its grammar (`None`: plain text).
    extensions: HashMap<Box<str>, Option<MachineId>>,
    /// One automaton per grammar used.
    machines: Vec<Machine>,
}

/// Where syntect stands between two lines: together, all that decides how the next line is
/// highlighted.
#[derive(Clone, PartialEq, Eq)]
struct State {
    /// The parser's state: its context stack, captures of open regions, first-line flag.
    parse: ParseState,
    /// The scopes open, that is the spans the HTML has open.
    scopes: ScopeStack,
}

/// The result of highlighting one line from one state.
struct Transition {
    /// The line's HTML.
    html: Box<str>,
    /// Spans opened minus spans closed by the line.
    span_change: isize,
    /// The state after the line.
    next: StateId,
}

/// The lines learnt for one grammar, as an automaton over numbered states.
struct Machine {
    /// The syntax set of the grammar.
    set: Set,
    /// Index of the grammar in its syntax set.
    syntax: usize,
    /// Every distinct state met, numbered by position; the first is the initial state.
    states: Vec<State>,
    /// For each state (same numbering), the lines met in it and what they gave.
    transitions: Vec<HashMap<Box<str>, Transition>>,
    /// The states with a given scope stack: a hashable key that narrows the equality search when
    /// numbering a state (`ParseState` cannot be hashed).
    by_scopes: HashMap<Vec<Scope>, Vec<StateId>>,
}

impl Machine {
    /// An automaton that knows only its grammar's initial state.
    fn new(set: Set, syntax: usize, initial: ParseState) -> Machine {
        let mut machine = Machine {
            set,
            syntax,
            states: Vec::new(),
            transitions: Vec::new(),
            by_scopes: HashMap::new(),
        };
        machine.number(&State {
            parse: initial,
            scopes: ScopeStack::new(),
        });
        machine
    }

    /// What `line` gives in state `from`, if learnt.
    fn transition(&self, from: StateId, line: &str) -> Option<&Transition> {
        self.transitions.get(from)?.get(line)
    }

    /// Records that `line` in state `from` gives `html`, changes the open spans by `span_change`
    /// and leads to `after`; returns the number of `after`.
    fn learn(
        &mut self,
        from: StateId,
        line: &str,
        html: String,
        span_change: isize,
        after: &State,
    ) -> Option<StateId> {
        let next = self.number(after);
        self.transitions.get_mut(from)?.insert(
            line.into(),
            Transition {
                html: html.into_boxed_str(),
                span_change,
                next,
            },
        );
        Some(next)
    }

    /// The number of `state`, numbering it if it is new.
    fn number(&mut self, state: &State) -> StateId {
        let candidates = self.by_scopes.get(state.scopes.as_slice());
        if let Some(&id) = candidates
            .into_iter()
            .flatten()
            .find(|&&id| self.states.get(id) == Some(state))
        {
            return id;
        }
        let id = self.states.len();
        self.states.push(state.clone());
        self.transitions.push(HashMap::new());
        self.by_scopes
            .entry(state.scopes.as_slice().to_vec())
            .or_default()
            .push(id);
        id
    }
}

/// The style sheet for highlighted code: a light theme by default and a dark one when the reader's
/// system prefers dark, either overridden by `data-theme="light"` or `data-theme="dark"` on
/// `<html>` (the page's switch).
///
/// This is what `themes/default/highlight.css` holds (a test keeps the two equal; the build
/// embeds the file, so it does not load the themes). The element holding the code should have
/// the class `hl`, which gets the theme's text and background colours through the custom
/// properties `--hl-fg` and `--hl-bg`.
///
/// The two themes' rules are never active together. Were the dark rules merely added on top of
/// default light ones, a light rule that the dark theme has no counterpart for (or whose selector
/// is more specific than the dark one matching the same span) would still apply in dark mode and
/// put a light theme's colour on a dark background.
pub fn theme_css() -> String {
    let themes = two_face::theme::extra();
    let light = themes.get(LIGHT_THEME);
    let dark = themes.get(DARK_THEME);
    let mut css = String::new();
    let _ = writeln!(
        css,
        "/* Syntax highlighting of code examples, written by tldoc::highlight::theme_css() from the\n   \
         themes {} (light) and {} (dark) of two-face.\n   \
         Do not edit: change theme_css() and regenerate with\n   \
         TLDOC_REGENERATE_CSS=1 cargo test --lib highlight::tests::theme_css_file_is_current */\n",
        theme_name(light, LIGHT_THEME),
        theme_name(dark, DARK_THEME),
    );
    let _ = writeln!(
        css,
        ".{CONTAINER_CLASS} {{\n  color: var(--hl-fg);\n  background-color: var(--hl-bg);\n}}\n"
    );
    for (label, theme, scheme, other, end) in [
        ("Light", light, "light", "dark", "}\n\n"),
        ("Dark", dark, "dark", "light", "}\n"),
    ] {
        let _ = writeln!(
            css,
            "/* {label}: chosen on the page, or the system's preference unless {other} is chosen. */"
        );
        theme_rules(
            &mut css,
            theme,
            &format!(":root[data-theme=\"{scheme}\"]"),
            "",
        );
        let _ = writeln!(css, "@media (prefers-color-scheme: {scheme}) {{");
        theme_rules(
            &mut css,
            theme,
            &format!(":root:not([data-theme=\"{other}\"])"),
            "  ",
        );
        css.push_str(end);
    }
    css
}

/// The theme's own name, or two-face's name for it.
fn theme_name(theme: &Theme, fallback: EmbeddedThemeName) -> String {
    theme
        .name
        .clone()
        .unwrap_or_else(|| fallback.as_name().to_owned())
}

/// Writes `theme`'s rules, every selector under `root` (the condition on `<html>` under which the
/// theme applies), each line indented by `indent`.
fn theme_rules(css: &mut String, theme: &Theme, root: &str, indent: &str) {
    let settings = &theme.settings;
    if settings.foreground.is_some() || settings.background.is_some() {
        let _ = writeln!(css, "{indent}{root} {{");
        if let Some(fg) = settings.foreground {
            let _ = writeln!(css, "{indent}  --hl-fg: {};", hex(fg));
        }
        if let Some(bg) = settings.background {
            let _ = writeln!(css, "{indent}  --hl-bg: {};", hex(bg));
        }
        let _ = writeln!(css, "{indent}}}");
    }
    for item in &theme.scopes {
        let mut declarations = Vec::new();
        if let Some(fg) = item.style.foreground {
            declarations.push(format!("color: {}", hex(fg)));
        }
        if let Some(bg) = item.style.background {
            declarations.push(format!("background-color: {}", hex(bg)));
        }
        if let Some(font) = item.style.font_style {
            // A theme's font style replaces the inherited one rather than adding to it, hence the
            // explicit `normal`s.
            let weight = if font.contains(FontStyle::BOLD) {
                "bold"
            } else {
                "normal"
            };
            let style = if font.contains(FontStyle::ITALIC) {
                "italic"
            } else {
                "normal"
            };
            declarations.push(format!("font-weight: {weight}"));
            declarations.push(format!("font-style: {style}"));
            if font.contains(FontStyle::UNDERLINE) {
                declarations.push("text-decoration: underline".to_owned());
            }
        }
        let selectors: Vec<String> = item
            .scope
            .selectors
            .iter()
            // A selector with exclusions (`string - comment`) has no faithful class selector;
            // leaving it out is safer than applying it where the theme says not to.
            .filter(|selector| selector.excludes.is_empty() && !selector.path.is_empty())
            .map(|selector| {
                let path: Vec<String> = selector
                    .path
                    .as_slice()
                    .iter()
                    .map(|&scope| scope_selector(scope))
                    .collect();
                format!("{indent}{root} {}", path.join(" "))
            })
            .collect();
        if declarations.is_empty() || selectors.is_empty() {
            continue;
        }
        let _ = writeln!(css, "{} {{", selectors.join(",\n"));
        for declaration in declarations {
            let _ = writeln!(css, "{indent}  {declaration};");
        }
        let _ = writeln!(css, "{indent}}}");
    }
}

/// The class selector matching a scope's spans: `.hl-string.hl-quoted` for `string.quoted`.
fn scope_selector(scope: Scope) -> String {
    let mut selector = String::new();
    for atom in scope.build_string().split('.') {
        selector.push('.');
        selector.push_str(CLASS_PREFIX);
        // Scope atoms are nearly always letters, digits, `-` and `_`; anything else is escaped
        // as CSS requires (it cannot begin the identifier: the prefix does).
        for c in atom.chars() {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                selector.push(c);
            } else {
                let _ = write!(selector, "\\{:x} ", u32::from(c));
            }
        }
    }
    selector
}

/// A theme colour as CSS: `#rrggbb`, or `#rrggbbaa` when not opaque.
fn hex(color: Color) -> String {
    if color.a == u8::MAX {
        format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b)
    } else {
        format!(
            "#{:02x}{:02x}{:02x}{:02x}",
            color.r, color.g, color.b, color.a
        )
    }
}

#[cfg(test)]
mod tests {
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
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
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
        let code =
            "$a = 1;\n<?php\n$a = 1;\n$s = <<<EOT\n$a = 1;\nABC;\nEOT;\n$a = 1;\n?>\n$a = 1;\n";
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
}
