//! A [`SchemaDiff`] written for people: a terminal report, or Markdown for a changelog.
//!
//! Both say the same things in the same order (constructors, methods, types; within each, added,
//! removed, renamed, changed) and share the wording of each change, so the two cannot drift apart;
//! they differ only in layout. The terminal report reads like `git diff --stat` (one line per
//! entity, names aligned, a marker in front, the summary line last); the Markdown one has a
//! heading per kind and TL in code spans.

use std::fmt::Write;

use crate::term;

use super::{Changed, CombinatorDiff, Entry, ParamChange, SchemaDiff, TypeDiff};

/// The one-line summary: `layer 189 → 190: 3 constructors changed`, or `TDLib 1.8.0 → 1.8.50:
/// ...` between TDLib's releases.
pub fn summary(diff: &SchemaDiff) -> String {
    let (label, old, new) = versions(diff);
    format!("{label} {old} → {new}: {}", counts(diff))
}

/// What the two schemas are called: `layer` and their layers, or `TDLib` and their releases
/// when either is a TDLib release; `?` for one unknown.
fn versions(diff: &SchemaDiff) -> (&'static str, String, String) {
    fn known<T: ToString>(version: Option<T>) -> String {
        version.map_or_else(|| "?".to_owned(), |version| version.to_string())
    }
    if diff.old_release.is_some() || diff.new_release.is_some() {
        ("TDLib", known(diff.old_release), known(diff.new_release))
    } else {
        ("layer", known(diff.old_layer), known(diff.new_layer))
    }
}

/// `3 constructors added, 1 changed; 2 methods added`, or `no differences`.
pub(crate) fn counts(diff: &SchemaDiff) -> String {
    let mut parts = Vec::new();
    for (noun, counts) in [
        ("constructor", combinator_counts(&diff.constructors)),
        ("method", combinator_counts(&diff.methods)),
        ("type", type_counts(&diff.types)),
    ] {
        let mut words = Vec::new();
        for (count, verb) in counts {
            if count == 0 {
                continue;
            }
            if words.is_empty() {
                let noun = if count == 1 {
                    noun.to_owned()
                } else {
                    format!("{noun}s")
                };
                words.push(format!("{count} {noun} {verb}"));
            } else {
                words.push(format!("{count} {verb}"));
            }
        }
        if !words.is_empty() {
            parts.push(words.join(", "));
        }
    }
    if parts.is_empty() {
        "no differences".to_owned()
    } else {
        parts.join("; ")
    }
}

fn combinator_counts(diff: &CombinatorDiff) -> Vec<(usize, &'static str)> {
    vec![
        (diff.added.len(), "added"),
        (diff.removed.len(), "removed"),
        (diff.renamed.len(), "renamed"),
        (diff.changed.len(), "changed"),
    ]
}

fn type_counts(diff: &TypeDiff) -> Vec<(usize, &'static str)> {
    vec![
        (diff.added.len(), "added"),
        (diff.removed.len(), "removed"),
        (diff.changed.len(), "changed"),
    ]
}

/// The terminal report: a section per kind that differs, then the summary line; coloured, for
/// [`term::stdout`] to show or strip.
pub fn text(diff: &SchemaDiff) -> String {
    let mut out = String::new();
    for (heading, combinators) in [
        ("constructors", &diff.constructors),
        ("methods", &diff.methods),
    ] {
        if !combinators.is_empty() {
            let _ = writeln!(out, "{}", term::paint(term::HEADING, heading));
            text_combinators(&mut out, combinators);
            out.push('\n');
        }
    }
    if !diff.types.is_empty() {
        let _ = writeln!(out, "{}", term::paint(term::HEADING, "types"));
        let width = diff
            .types
            .added
            .iter()
            .chain(&diff.types.removed)
            .map(|t| t.name.len())
            .chain(diff.types.changed.iter().map(|t| t.name.len()))
            .max()
            .unwrap_or(0);
        for (marker, types) in [('+', &diff.types.added), ('-', &diff.types.removed)] {
            for ty in types {
                let _ = writeln!(
                    out,
                    "  {} {:width$}  {}",
                    painted(marker),
                    ty.name,
                    ty.constructors.join(", ")
                );
            }
        }
        for ty in &diff.types.changed {
            let _ = writeln!(
                out,
                "  {} {:width$}  {}",
                painted('~'),
                ty.name,
                membership(&ty.added, &ty.removed, &plain)
            );
        }
        out.push('\n');
    }
    out.push_str(&summary(diff));
    out.push('\n');
    out
}

fn text_combinators(out: &mut String, diff: &CombinatorDiff) {
    for (marker, entries) in [('+', &diff.added), ('-', &diff.removed)] {
        for entry in entries {
            let _ = writeln!(out, "  {} {}", painted(marker), entry.definition);
        }
    }
    // A terminal has no headings to tell a rename, so its line says so.
    let titles: Vec<String> = diff
        .renamed
        .iter()
        .map(|renamed| format!("{} (renamed)", title(renamed, &plain)))
        .chain(diff.changed.iter().map(|changed| title(changed, &plain)))
        .collect();
    let width = titles.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    for (changed, title) in diff.renamed.iter().chain(&diff.changed).zip(&titles) {
        let mut line = format!("  {} {title:width$}", painted('~'));
        if let Some(id) = &changed.id {
            let _ = write!(line, "  {} → {}", id.old, id.new);
        }
        let _ = writeln!(out, "{}", line.trim_end());
        for (marker, words) in details(changed, &plain) {
            let _ = writeln!(out, "      {} {words}", painted(marker));
        }
    }
}

/// The Markdown report, for a changelog: a heading per kind, a list per kind of change.
pub fn markdown(diff: &SchemaDiff) -> String {
    let mut out = String::new();
    let (label, old, new) = versions(diff);
    let heading = if label == "layer" { "Layer" } else { label };
    let _ = writeln!(
        out,
        "# {heading} {new}\n\nChanges from {label} {old}: {}.\n",
        counts(diff)
    );
    for (heading, combinators) in [
        ("Constructors", &diff.constructors),
        ("Methods", &diff.methods),
    ] {
        if combinators.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        markdown_entries(&mut out, "Added", &combinators.added);
        markdown_entries(&mut out, "Removed", &combinators.removed);
        for (subheading, list) in [
            ("Renamed", &combinators.renamed),
            ("Changed", &combinators.changed),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {subheading}\n");
            for changed in list {
                let mut line = format!("- {}", title(changed, &code));
                if let Some(id) = &changed.id {
                    let _ = write!(
                        line,
                        ": id {} → {}",
                        code(&id.old.to_string()),
                        code(&id.new.to_string())
                    );
                }
                let _ = writeln!(out, "{line}");
                for (marker, words) in details(changed, &code) {
                    let verb = match marker {
                        '+' => "added ",
                        '-' => "removed ",
                        _ => "",
                    };
                    let _ = writeln!(out, "  - {verb}{words}");
                }
            }
            out.push('\n');
        }
    }
    let types = &diff.types;
    if !types.is_empty() {
        out.push_str("## Types\n\n");
        for (subheading, list) in [("Added", &types.added), ("Removed", &types.removed)] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {subheading}\n");
            for ty in list {
                let constructors: Vec<String> =
                    ty.constructors.iter().map(|name| code(name)).collect();
                let _ = writeln!(
                    out,
                    "- {}: built by {}",
                    code(&ty.name),
                    constructors.join(", ")
                );
            }
            out.push('\n');
        }
        if !types.changed.is_empty() {
            out.push_str("### Changed\n\n");
            for ty in &types.changed {
                let _ = writeln!(
                    out,
                    "- {}: {}",
                    code(&ty.name),
                    membership(&ty.added, &ty.removed, &code)
                );
            }
            out.push('\n');
        }
    }
    // One trailing newline, as Markdown files end.
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    out
}

fn markdown_entries(out: &mut String, heading: &str, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {heading}\n");
    for entry in entries {
        let _ = writeln!(out, "- {}", code(&entry.definition));
    }
    out.push('\n');
}

/// How a TL fragment is quoted: as is in a terminal, in a code span in Markdown, in `<code>` in
/// a site's pages.
pub(crate) type Quote<'q> = dyn Fn(&str) -> String + 'q;

fn plain(text: &str) -> String {
    text.to_owned()
}

fn code(text: &str) -> String {
    format!("`{text}`")
}

/// `name`, or `old → new` for a renamed combinator.
fn title(changed: &Changed, quote: &Quote<'_>) -> String {
    match &changed.renamed_from {
        Some(old) => format!("{} → {}", quote(old), quote(&changed.name)),
        None => quote(&changed.name),
    }
}

/// A part of a sentence about a change: words, a TL fragment, or the name of a constructor. A
/// report quotes the fragments and names its own way (as they are in a terminal, in code spans
/// in Markdown), and a site's templates lay them out, its names linked to their pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Words, as they are.
    Words(&'static str),
    /// A TL fragment: a type, a parameter, a flag.
    Tl(String),
    /// The name of a constructor.
    Name(String),
}

fn tl(text: impl Into<String>) -> Piece {
    Piece::Tl(text.into())
}

/// `pieces` as one string, its fragments and names quoted.
fn join(pieces: &[Piece], quote: &Quote<'_>) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Words(words) => out.push_str(words),
            Piece::Tl(text) | Piece::Name(text) => out.push_str(&quote(text)),
        }
    }
    out
}

/// One line per change of a combinator besides its name and id: a marker (`+` for a parameter
/// added, `-` removed, `~` otherwise) and the words; an added or removed parameter is just the
/// parameter, which the marker qualifies.
pub(crate) fn detail_pieces(changed: &Changed) -> Vec<(char, Vec<Piece>)> {
    use Piece::Words;
    let mut lines = Vec::new();
    if let Some(result) = &changed.result {
        lines.push((
            '~',
            vec![
                Words("result "),
                tl(&result.old),
                Words(" → "),
                tl(&result.new),
            ],
        ));
    }
    if let Some(generics) = &changed.generics {
        lines.push((
            '~',
            vec![
                Words("type parameters "),
                tl(generics.old.join(" ")),
                Words(" → "),
                tl(generics.new.join(" ")),
            ],
        ));
    }
    for change in &changed.params {
        let name = tl(change.name());
        lines.push(match change {
            ParamChange::Added(param) => ('+', vec![tl(param.to_string())]),
            ParamChange::Removed(param) => ('-', vec![tl(param.to_string())]),
            ParamChange::Retyped { old, new, .. } => (
                '~',
                vec![name, Words(" retyped "), tl(old), Words(" → "), tl(new)],
            ),
            ParamChange::MadeOptional { flag, .. } => (
                '~',
                vec![
                    name,
                    Words(" made optional ("),
                    tl(flag.to_string()),
                    Words(")"),
                ],
            ),
            ParamChange::MadeRequired { flag, .. } => (
                '~',
                vec![
                    name,
                    Words(" made required (was "),
                    tl(flag.to_string()),
                    Words(")"),
                ],
            ),
            ParamChange::FlagMoved { old, new, .. } => (
                '~',
                vec![
                    name,
                    Words(" moved from "),
                    tl(old.to_string()),
                    Words(" to "),
                    tl(new.to_string()),
                ],
            ),
        });
    }
    if let Some(order) = &changed.order {
        lines.push((
            '~',
            vec![
                Words("parameters reordered "),
                tl(order.old.join(" ")),
                Words(" → "),
                tl(order.new.join(" ")),
            ],
        ));
    }
    lines
}

/// [`detail_pieces`] as strings, their fragments quoted.
fn details(changed: &Changed, quote: &Quote<'_>) -> Vec<(char, String)> {
    detail_pieces(changed)
        .into_iter()
        .map(|(marker, pieces)| (marker, join(&pieces, quote)))
        .collect()
}

/// `now built by a, b; no longer built by c`.
pub(crate) fn membership_pieces(added: &[String], removed: &[String]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (lead, names) in [("now built by ", added), ("no longer built by ", removed)] {
        if names.is_empty() {
            continue;
        }
        if !pieces.is_empty() {
            pieces.push(Piece::Words("; "));
        }
        pieces.push(Piece::Words(lead));
        for (at, name) in names.iter().enumerate() {
            if at > 0 {
                pieces.push(Piece::Words(", "));
            }
            pieces.push(Piece::Name(name.clone()));
        }
    }
    pieces
}

/// [`membership_pieces`] as a string, the names quoted.
fn membership(added: &[String], removed: &[String], quote: &Quote<'_>) -> String {
    join(&membership_pieces(added, removed), quote)
}

/// `+`, `-` or `~` in the colour of what it marks.
fn painted(marker: char) -> String {
    let style = match marker {
        '+' => term::ADDED,
        '-' => term::REMOVED,
        _ => term::CHANGED,
    };
    term::paint(style, &marker.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::TypeEntry;

    #[test]
    fn coloured_for_a_terminal_and_plain_once_stripped() {
        let diff = SchemaDiff {
            types: TypeDiff {
                added: vec![TypeEntry {
                    name: "A".to_owned(),
                    constructors: vec!["a".to_owned()],
                }],
                ..TypeDiff::default()
            },
            ..SchemaDiff::default()
        };
        let coloured = text(&diff);
        assert_eq!(
            coloured,
            "\x1b[1mtypes\x1b[0m\n  \x1b[32m+\x1b[0m A  a\n\nlayer ? → ?: 1 type added\n"
        );
        assert_eq!(
            anstream::adapter::strip_str(&coloured).to_string(),
            "types\n  + A  a\n\nlayer ? → ?: 1 type added\n"
        );
    }
}
