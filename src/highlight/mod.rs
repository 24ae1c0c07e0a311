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
//! What makes it fast, a cache of the lines met in each parser state, one per thread, is
//! [`cache`]'s; the style sheet is [`theme_css`]'s.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock, Weak};

use syntect::html::{ClassStyle, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, SyntaxSet};

use crate::html::escape_html;

mod cache;
mod grammar;
mod theme_css;

use cache::{Cache, INITIAL_STATE, Machine, MachineId, State};
pub use theme_css::theme_css;

/// The prefix of every class the highlighter writes.
const CLASS_PREFIX: &str = "hl-";

/// How syntect writes classes: every scope atom, prefixed (kept in step with [`CLASS_PREFIX`]).
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

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

#[cfg(test)]
mod tests;
