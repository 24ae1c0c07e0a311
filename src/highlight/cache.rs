//! What a thread has learnt of the lines it highlighted: one automaton per grammar.
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

use std::collections::HashMap;

use syntect::parsing::{ParseState, Scope, ScopeStack};

use super::Set;

/// Index of a grammar's automaton in [`Cache::machines`].
pub(super) type MachineId = usize;

/// Number of a [`State`] in its [`Machine`].
pub(super) type StateId = usize;

/// Every automaton starts in its grammar's initial state, numbered first.
pub(super) const INITIAL_STATE: StateId = 0;

/// What one thread has learnt for one [`Highlighter`].
#[derive(Default)]
pub(super) struct Cache {
    /// Each extension asked for, and the automaton of its grammar (`None`: plain text).
    pub(super) extensions: HashMap<Box<str>, Option<MachineId>>,
    /// One automaton per grammar used.
    pub(super) machines: Vec<Machine>,
}

/// Where syntect stands between two lines: together, all that decides how the next line is
/// highlighted.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct State {
    /// The parser's state: its context stack, captures of open regions, first-line flag.
    pub(super) parse: ParseState,
    /// The scopes open, that is the spans the HTML has open.
    pub(super) scopes: ScopeStack,
}

/// The result of highlighting one line from one state.
pub(super) struct Transition {
    /// The line's HTML.
    pub(super) html: Box<str>,
    /// Spans opened minus spans closed by the line.
    pub(super) span_change: isize,
    /// The state after the line.
    pub(super) next: StateId,
}

/// The lines learnt for one grammar, as an automaton over numbered states.
pub(super) struct Machine {
    /// The syntax set of the grammar.
    pub(super) set: Set,
    /// Index of the grammar in its syntax set.
    pub(super) syntax: usize,
    /// Every distinct state met, numbered by position; the first is the initial state.
    pub(super) states: Vec<State>,
    /// For each state (same numbering), the lines met in it and what they gave.
    pub(super) transitions: Vec<HashMap<Box<str>, Transition>>,
    /// The states with a given scope stack: a hashable key that narrows the equality search when
    /// numbering a state (`ParseState` cannot be hashed).
    by_scopes: HashMap<Vec<Scope>, Vec<StateId>>,
}

impl Machine {
    /// An automaton that knows only its grammar's initial state.
    pub(super) fn new(set: Set, syntax: usize, initial: ParseState) -> Machine {
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
    pub(super) fn transition(&self, from: StateId, line: &str) -> Option<&Transition> {
        self.transitions.get(from)?.get(line)
    }

    /// Records that `line` in state `from` gives `html`, changes the open spans by `span_change`
    /// and leads to `after`; returns the number of `after`.
    pub(super) fn learn(
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
