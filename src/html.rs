//! HTML text: escaping, and the plain-text helpers pages and indexes share.
//!
//! Escaping is needed at every level (the highlighter, Markdown, the templates' escape function,
//! the serve overlay, the history pages), so it lives here, low and alone, rather than in any
//! one of them: no module has to reach up into another for it.

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let written: Result<(), std::convert::Infallible> = escaped_pieces(text, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = written;
    out
}

/// [`escape_html`] writing to `out`: the escaping Tera applies to values in templates, which
/// writes the text between special characters in one piece instead of byte by byte.
pub fn write_escaped_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escaped_pieces(text, |piece| out.write_all(piece.as_bytes()))
}

/// Gives `write` the pieces of `text` escaped for HTML, in order: runs that need no escaping,
/// and the entities of `&`, `<`, `>`, `"` and `'`.
fn escaped_pieces<E>(text: &str, mut write: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The special characters are ASCII, so `at` is a character boundary.
        write(&text[start..at])?;
        write(entity)?;
        start = at + 1;
    }
    write(&text[start..])
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
