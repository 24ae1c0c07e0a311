//! Splits TL source into tokens.
//!
//! Comments are consumed here, but two kinds carry meaning and are passed on: TDLib-style
//! documentation comments (`//@...`, `//-...`) become [`TokenKind::Doc`] tokens so the parser can
//! attach them to the next definition, and every `// LAYER N` comment is kept with its place, as
//! is MadelineProto's `===N===` line: a schema may mark where each layer's definitions begin
//! (TDLib's `secret_api.tl` writes `// layer 23`, `// layer 45`, ...), and the parser decides
//! from where they stand whether they do. Everything else a schema can hold outside a comment is
//! a token; a character that starts none is reported once per run of
//! such characters, so one stray paste yields one error, not fifty.

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Span};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A name: letters, digits, `_` and `.` (`account.resetAuthorization`, `flags.3`, `t`).
    Ident,
    /// A constructor id written right after its name: `#1cb5c415`.
    Id(u32),
    /// `#` on its own: the natural-number type of `flags:#`.
    Hash,
    Colon,
    Question,
    Bang,
    Percent,
    Less,
    Greater,
    Comma,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Equals,
    Semicolon,
    Star,
    /// `---types---` (false) or `---functions---` (true).
    Section {
        functions: bool,
    },
    /// A documentation comment line, without its `//`.
    Doc,
}

/// A token and where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
    /// Whether no other token precedes it on its line: definitions start on fresh lines in every
    /// real schema, which makes this the anchor for error recovery.
    pub(crate) starts_line: bool,
}

/// The tokens of one file and the layer marks among them.
#[derive(Debug)]
pub(crate) struct Lexed {
    pub(crate) tokens: Vec<Token>,
    /// Every `// LAYER N` comment and `===N===` line, in source order.
    pub(crate) layer_marks: Vec<LayerMark>,
}

/// A `// LAYER N` comment or a `===N===` line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LayerMark {
    pub(crate) layer: u32,
    pub(crate) span: Span,
    /// `===N===`, MadelineProto's section line, which always starts a section.
    pub(crate) section_line: bool,
}

pub(crate) fn lex(file: FileId, text: &str, diagnostics: &mut Diagnostics) -> Lexed {
    Lexer {
        file,
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line_has_token: false,
        tokens: Vec::with_capacity(text.len() / 6),
        layer_marks: Vec::new(),
        diagnostics,
    }
    .run()
}

struct Lexer<'a> {
    file: FileId,
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line_has_token: bool,
    tokens: Vec<Token>,
    layer_marks: Vec<LayerMark>,
    diagnostics: &'a mut Diagnostics,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
}

impl Lexer<'_> {
    fn run(mut self) -> Lexed {
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        while let Some(&byte) = self.bytes.get(self.pos) {
            let start = self.pos;
            match byte {
                b'\n' => {
                    self.line_has_token = false;
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' | b'\x0c' => self.pos += 1,
                b'/' if self.peek(1) == Some(b'/') => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(),
                b'-' if self.text[start..].starts_with("---") => self.section(),
                b'=' if !self.line_has_token && self.text[start..].starts_with("===") => {
                    self.layer_section()
                }
                b'#' => self.hash(),
                _ if is_ident_byte(byte) => {
                    while self.bytes.get(self.pos).copied().is_some_and(is_ident_byte) {
                        self.pos += 1;
                    }
                    self.push(TokenKind::Ident, start);
                }
                _ => match punctuation(byte) {
                    Some(kind) => {
                        self.pos += 1;
                        self.push(kind, start);
                    }
                    None => self.unknown(),
                },
            }
        }
        Lexed {
            tokens: self.tokens,
            layer_marks: self.layer_marks,
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start..self.pos)
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        let span = self.span(start);
        self.tokens.push(Token {
            kind,
            span,
            starts_line: !self.line_has_token,
        });
        self.line_has_token = true;
    }

    fn line_comment(&mut self) {
        let start = self.pos;
        let end = memchr_newline(self.bytes, start);
        self.pos = end;
        let body = &self.text[start + 2..end];
        if body.starts_with('@') || body.starts_with('-') {
            self.push(TokenKind::Doc, start);
        } else if let Some(layer) = layer_number(body) {
            self.layer_marks.push(LayerMark {
                layer,
                span: self.span(start),
                section_line: false,
            });
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        match self.text[start + 2..].find("*/") {
            Some(end) => self.pos = start + 2 + end + 2,
            None => {
                self.pos = self.bytes.len();
                self.diagnostics.push(
                    Diagnostic::error(
                        "unterminated block comment",
                        Span::new(self.file, start..start + 2),
                        "this comment is never closed",
                    )
                    .with_note("a block comment ends with `*/`; everything after `/*` was skipped"),
                );
            }
        }
    }

    fn section(&mut self) {
        let start = self.pos;
        let end = memchr_newline(self.bytes, start);
        let line = self.text[start..end].trim_end();
        self.pos = start + line.len();
        let inner = line
            .strip_prefix("---")
            .and_then(|rest| rest.strip_suffix("---"))
            .map(str::trim);
        match inner {
            Some("types") => self.push(TokenKind::Section { functions: false }, start),
            Some("functions") => self.push(TokenKind::Section { functions: true }, start),
            _ => self.diagnostics.push(Diagnostic::error(
                format!("unknown section marker `{line}`"),
                self.span(start),
                "expected `---types---` or `---functions---`",
            )),
        }
    }

    /// `===17===`: the definitions after it are layer 17's (MadelineProto's secret-chat schema).
    fn layer_section(&mut self) {
        let start = self.pos;
        let end = memchr_newline(self.bytes, start);
        let line = self.text[start..end].trim_end();
        let layer = line
            .strip_prefix("===")
            .and_then(|rest| rest.strip_suffix("==="))
            .and_then(|number| number.trim().parse().ok());
        match layer {
            Some(layer) => {
                self.pos = start + line.len();
                self.layer_marks.push(LayerMark {
                    layer,
                    span: self.span(start),
                    section_line: true,
                });
            }
            // Not a layer line: `=` tokens, for the parser to report where they stand.
            None => {
                self.pos += 1;
                self.push(TokenKind::Equals, start);
            }
        }
    }

    fn hash(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let follows_name = self.tokens.last().is_some_and(|token| {
            token.kind == TokenKind::Ident && token.span.end as usize == start
        });
        let digits_end = self.bytes[self.pos..]
            .iter()
            .position(|&b| !is_ident_byte(b))
            .map_or(self.bytes.len(), |n| self.pos + n);
        if !follows_name || digits_end == self.pos {
            self.push(TokenKind::Hash, start);
            return;
        }
        let digits = &self.text[self.pos..digits_end];
        self.pos = digits_end;
        let id = if digits.len() > 8 {
            Err("an id has at most 8 hexadecimal digits")
        } else {
            u32::from_str_radix(digits, 16).map_err(|_| "an id is hexadecimal: digits 0-9 and a-f")
        };
        match id {
            Ok(id) => self.push(TokenKind::Id(id), start),
            Err(expected) => {
                // No token: the definition still parses, with its computed id, so that its other
                // problems are reported too.
                self.diagnostics.push(Diagnostic::error(
                    format!("invalid constructor id `#{digits}`"),
                    self.span(start),
                    expected,
                ));
            }
        }
    }

    fn unknown(&mut self) {
        let start = self.pos;
        while let Some(c) = self.text[self.pos..].chars().next() {
            let starts_token = c.is_ascii()
                && (c.is_ascii_whitespace()
                    || is_ident_byte(c as u8)
                    || punctuation(c as u8).is_some()
                    || matches!(c, '/' | '#' | '-'));
            if starts_token && self.pos > start {
                break;
            }
            self.pos += c.len_utf8();
        }
        let text = &self.text[start..self.pos];
        self.diagnostics.push(Diagnostic::error(
            format!("unknown token `{}`", text.escape_debug()),
            self.span(start),
            "not part of TL syntax",
        ));
    }
}

fn punctuation(byte: u8) -> Option<TokenKind> {
    Some(match byte {
        b':' => TokenKind::Colon,
        b'?' => TokenKind::Question,
        b'!' => TokenKind::Bang,
        b'%' => TokenKind::Percent,
        b'<' => TokenKind::Less,
        b'>' => TokenKind::Greater,
        b',' => TokenKind::Comma,
        b'{' => TokenKind::OpenBrace,
        b'}' => TokenKind::CloseBrace,
        b'[' => TokenKind::OpenBracket,
        b']' => TokenKind::CloseBracket,
        b'=' => TokenKind::Equals,
        b';' => TokenKind::Semicolon,
        b'*' => TokenKind::Star,
        _ => return None,
    })
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| from + n)
}

/// `// LAYER 190` (any spacing and case) gives 190.
pub(crate) fn layer_number(comment: &str) -> Option<u32> {
    let mut words = comment.split_whitespace();
    let keyword = words.next()?;
    if !keyword.eq_ignore_ascii_case("layer") {
        return None;
    }
    let number = words.next()?.parse().ok()?;
    words.next().is_none().then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> (Vec<TokenKind>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let mut sources = crate::diagnostic::SourceMap::new();
        let file = sources.add("t.tl", text.to_owned());
        let lexed = lex(file, text, &mut diagnostics);
        (lexed.tokens.iter().map(|t| t.kind).collect(), diagnostics)
    }

    #[test]
    fn id_only_directly_after_a_name() {
        let (tokens, _) = kinds("vector#1cb5c415 {t:Type} # [ t ] = Vector t;");
        assert_eq!(tokens[1], TokenKind::Id(0x1cb5c415));
        assert!(tokens.contains(&TokenKind::Hash));
        let (tokens, _) = kinds("flags:#");
        assert_eq!(tokens[2], TokenKind::Hash);
    }

    #[test]
    fn layer_comment() {
        assert_eq!(layer_number(" LAYER 190"), Some(190));
        assert_eq!(layer_number("layer 7"), Some(7));
        assert_eq!(layer_number(" LAYER 190 and more"), None);
        assert_eq!(layer_number(" Layered architecture"), None);
    }

    #[test]
    fn spaced_and_plain_sections() {
        let (tokens, diagnostics) = kinds("---functions---\n--- types ---\n");
        assert_eq!(
            tokens,
            [
                TokenKind::Section { functions: true },
                TokenKind::Section { functions: false }
            ]
        );
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let (tokens, diagnostics) = kinds("\u{feff}a = B;\r\n");
        assert_eq!(tokens.len(), 4);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn layer_lines_are_marks_not_tokens() {
        // MadelineProto's secret-chat schema, `TL_secret.tl`.
        let text =
            "===8===\ndecryptedMessageMediaEmpty#89f5c4a = DecryptedMessageMedia;\n===17===\n";
        let mut diagnostics = Diagnostics::new();
        let mut sources = crate::diagnostic::SourceMap::new();
        let file = sources.add("t.tl", text.to_owned());
        let lexed = lex(file, text, &mut diagnostics);
        let marks: Vec<u32> = lexed.layer_marks.iter().map(|mark| mark.layer).collect();
        assert_eq!(marks, [8, 17]);
        assert!(lexed.layer_marks.iter().all(|mark| mark.section_line));
        assert_eq!(lexed.tokens.len(), 5);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn a_run_of_unknown_characters_is_one_error() {
        let (_, diagnostics) = kinds("a = B; @@@ c = D;");
        assert_eq!(diagnostics.len(), 1);
    }
}
