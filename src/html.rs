//! HTML text: escaping, and the plain-text helpers pages and indexes share.
//!
//! Escaping is needed at every level (the highlighter, Markdown, the templates' escape function,
//! the serve overlay, the history pages), so it lives here, low and alone, rather than in any
//! one of them: no module has to reach up into another for it. The escaping itself is
//! pulldown-cmark's (`pulldown-cmark-escape`, which its HTML writer uses), so that text escaped
//! by Markdown and by the templates is escaped alike.

/// Escapes text for HTML element content and double-quoted attribute values: `&`, `<`, `>`, `"`
/// and `'`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a `String` never fails.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// [`escape_html`] writing to `out`: the escaping Tera applies to values in templates. Tera's
/// own writes byte by byte; this writes the text between special characters in one piece.
pub fn write_escaped_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), text)
}

/// The first sentence of the first paragraph of plain text, on one line.
pub fn first_sentence(text: &str) -> String {
    let paragraph = text.trim_start().split("\n\n").next().unwrap_or("");
    let line = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = line
        .match_indices(". ")
        .next()
        .map_or(line.len(), |(index, _)| index + 1);
    line[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_special_characters_and_nothing_else() {
        assert_eq!(
            escape_html(r#"a & b < c > d "e" 'f' é"#),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39; é"
        );
        let mut written = Vec::new();
        write_escaped_html("<x>", &mut written).unwrap();
        assert_eq!(written, b"&lt;x&gt;");
    }

    #[test]
    fn first_sentence_of_the_first_paragraph_on_one_line() {
        assert_eq!(
            first_sentence("  Logs out.\nThe session ends. More.\n\nNext."),
            "Logs out."
        );
        assert_eq!(
            first_sentence("No full stop\nat all"),
            "No full stop at all"
        );
    }
}
