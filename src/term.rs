//! Terminal output: the streams commands write to, and the words they share.
//!
//! Whether to colour is [`anstream`]'s to decide, not ours: text is written with its styles
//! ([`anstyle`] codes, which annotate-snippets uses too) to [`stdout`] or [`stderr`], and those
//! strip them when the stream is not a terminal, when `NO_COLOR` is set or `TERM` is `dumb`,
//! and keep them when `CLICOLOR_FORCE` asks for colour in a pipe, as other command-line tools
//! of the Rust ecosystem do.

use anstyle::{AnsiColor, Style};

use crate::model::{Schema, SchemaKind};

pub use anstream::{stderr, stdout};

/// Added things: green.
pub const ADDED: Style = AnsiColor::Green.on_default();
/// Removed things: red.
pub const REMOVED: Style = AnsiColor::Red.on_default();
/// Changed things: yellow.
pub const CHANGED: Style = AnsiColor::Yellow.on_default();
/// Headings.
pub const HEADING: Style = Style::new().bold();

/// `text` in `style`, for a stream of this module to show or strip.
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// `1 noun` or `N nouns`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// ` and N warnings` after a count of errors, or nothing when there is none.
pub fn and_warnings(warnings: usize) -> String {
    if warnings == 0 {
        String::new()
    } else {
        format!(" and {}", plural(warnings, "warning"))
    }
}

/// The one-line description of a schema: layer and counts.
pub fn summary(schema: &Schema) -> String {
    // A schema of a kind without layers (TDLib's) is told by its kind.
    let layerless = |kind: &SchemaKind| matches!(kind, SchemaKind::Tdlib | SchemaKind::E2e);
    let layer = match schema.layer {
        Some(layer) => format!("layer {layer}"),
        None if !schema.kinds.is_empty() && schema.kinds.iter().all(layerless) => {
            schema.kind_description()
        }
        None => "layer unknown".to_owned(),
    };
    format!(
        "{layer}: {}, {}, {}, {} (and {})",
        plural(schema.constructors.len(), "constructor"),
        plural(schema.methods.len(), "method"),
        plural(schema.types.len(), "type"),
        plural(schema.namespaces.len(), "namespace"),
        plural(schema.listed_builtins().count(), "builtin type"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painted_text_strips_back_to_itself() {
        let painted = paint(ADDED, "+");
        assert_eq!(painted, "\x1b[32m+\x1b[0m");
        assert_eq!(anstream::adapter::strip_str(&painted).to_string(), "+");
    }

    #[test]
    fn counts_in_words() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(and_warnings(0), "");
        assert_eq!(and_warnings(2), " and 2 warnings");
    }
}
