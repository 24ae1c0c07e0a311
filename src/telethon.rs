//! Telethon's CSV data: `schema/errors.csv` (`name,codes,description`) and `schema/methods.csv`
//! (`method,usability,errors`).
//!
//! They are the largest public record of which RPC errors each method can return and whether bots
//! may call it, so a site may put them beside its schema. Both files are optional. An error name
//! with `X` parts (`FLOOD_WAIT_X`, `FILE_PART_X_MISSING`) names a family: `FLOOD_WAIT_420` is one
//! of its members and gets its description.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, SourceMap, Span};

/// One known RPC error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// `FLOOD_WAIT_X`.
    pub name: String,
    /// HTTP-like codes: `420`; some errors have several.
    pub codes: Vec<i32>,
    /// What it means; `{seconds}`-style placeholders stand for the `X` parts.
    pub description: String,
}

/// Who may call a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usability {
    /// Users only.
    User,
    /// Bots only.
    Bot,
    /// Users and bots.
    Both,
}

impl Usability {
    /// Whether bots may call it.
    pub fn bots(self) -> bool {
        matches!(self, Usability::Bot | Usability::Both)
    }

    /// Whether users may call it.
    pub fn users(self) -> bool {
        matches!(self, Usability::User | Usability::Both)
    }
}

/// What `methods.csv` says of one method.
#[derive(Debug, Clone)]
pub struct MethodInfo {
    /// Who may call it.
    pub usability: Usability,
    /// The errors it may return, as named in the file.
    pub errors: Vec<String>,
    /// Where its row is.
    pub span: Span,
}

/// Both files, loaded.
#[derive(Debug, Default)]
pub struct TelethonData {
    errors: HashMap<String, ErrorInfo>,
    /// Families (names with `X` parts), split at `_`, for matching concrete names.
    families: Vec<(Vec<String>, String)>,
    /// Per method name.
    pub methods: HashMap<String, MethodInfo>,
}

#[derive(Deserialize)]
struct ErrorRow {
    name: String,
    codes: String,
    description: String,
}

#[derive(Deserialize)]
struct MethodRow {
    method: String,
    usability: String,
    errors: String,
}

impl TelethonData {
    /// Loads whichever of `schema/errors.csv` and `schema/methods.csv` exist under `root`.
    pub fn load(
        root: &Path,
        sources: &mut SourceMap,
        diagnostics: &mut Diagnostics,
    ) -> TelethonData {
        let errors = read(root, "schema/errors.csv", sources, diagnostics);
        let methods = read(root, "schema/methods.csv", sources, diagnostics);
        TelethonData::parse(errors, methods, sources, diagnostics)
    }

    /// Parses `errors.csv` and `methods.csv` already registered in `sources`, reporting every row
    /// that cannot be used.
    pub fn parse(
        errors: Option<FileId>,
        methods: Option<FileId>,
        sources: &SourceMap,
        diagnostics: &mut Diagnostics,
    ) -> TelethonData {
        let mut data = TelethonData::default();
        if let Some(file) = errors {
            for (row, span) in rows::<ErrorRow>(
                sources,
                file,
                &["name", "codes", "description"],
                diagnostics,
            ) {
                let codes: Result<Vec<i32>, _> =
                    row.codes.split_whitespace().map(str::parse).collect();
                let Ok(codes) = codes else {
                    diagnostics.push(Diagnostic::error(
                        format!("invalid error codes `{}`", row.codes),
                        span,
                        "expected numbers separated by spaces, like `400 403`",
                    ));
                    continue;
                };
                if row.name.split('_').any(|part| part == "X") {
                    data.families.push((
                        row.name.split('_').map(str::to_owned).collect(),
                        row.name.clone(),
                    ));
                }
                data.errors.insert(
                    row.name.clone(),
                    ErrorInfo {
                        name: row.name,
                        codes,
                        description: unescape_newlines(&row.description),
                    },
                );
            }
        }
        if let Some(file) = methods {
            for (row, span) in rows::<MethodRow>(
                sources,
                file,
                &["method", "usability", "errors"],
                diagnostics,
            ) {
                let usability = match row.usability.as_str() {
                    "user" => Usability::User,
                    "bot" => Usability::Bot,
                    "both" => Usability::Both,
                    other => {
                        diagnostics.push(Diagnostic::error(
                            format!("unknown usability `{other}` of `{}`", row.method),
                            span,
                            "expected `user`, `bot` or `both`",
                        ));
                        continue;
                    }
                };
                data.methods.insert(
                    row.method,
                    MethodInfo {
                        usability,
                        errors: row.errors.split_whitespace().map(str::to_owned).collect(),
                        span,
                    },
                );
            }
        }
        data
    }

    /// Every known error, by name.
    pub fn errors(&self) -> Vec<&ErrorInfo> {
        let mut errors: Vec<&ErrorInfo> = self.errors.values().collect();
        errors.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        errors
    }

    /// The error of this name, or of the family it belongs to (`FLOOD_WAIT_42` → `FLOOD_WAIT_X`).
    pub fn error(&self, name: &str) -> Option<&ErrorInfo> {
        if let Some(error) = self.errors.get(name) {
            return Some(error);
        }
        let parts: Vec<&str> = name.split('_').collect();
        self.families
            .iter()
            .find(|(pattern, _)| {
                pattern.len() == parts.len()
                    && pattern.iter().zip(&parts).all(|(p, part)| {
                        p == part || (p == "X" && part.chars().all(|c| c.is_ascii_digit()))
                    })
            })
            .and_then(|(_, family)| self.errors.get(family))
    }
}

fn read(
    root: &Path,
    relative: &str,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    let path = root.join(relative);
    if !path.is_file() {
        return None;
    }
    crate::source::SiteDir::new(root).read_source(&path, Path::new(relative), sources, diagnostics)
}

/// Deserialises every row, reporting the ones that do not fit with their line.
/// `columns` are the ones `T` needs: a header lacking one is one error, not one per row.
fn rows<T: for<'de> Deserialize<'de>>(
    sources: &SourceMap,
    file: FileId,
    columns: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<(T, Span)> {
    let text = &sources.file(file).text;
    let mut rows = Vec::new();
    if text.trim().is_empty() {
        return rows;
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let malformed = |at: usize, error: &csv::Error| {
        Diagnostic::error("malformed CSV", Span::new(file, at..at), csv_reason(error))
    };
    // Read first, so that the first row's span starts after the header.
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            diagnostics.push(malformed(0, &error));
            return rows;
        }
    };
    let header_end = reader.position().byte() as usize;
    if let Some(quote) = unclosed_quote(text, 0..header_end) {
        diagnostics.push(unclosed(file, quote));
        return rows;
    }
    if let Some(missing) = columns
        .iter()
        .find(|column| !headers.iter().any(|h| h == **column))
    {
        let header = trim_line_end(text, Span::new(file, 0..header_end.min(text.len())));
        diagnostics.push(
            Diagnostic::error(
                format!("no column `{missing}` in the header"),
                header,
                format!("expected the columns `{}`", columns.join(",")),
            )
            .with_note("the file is Telethon's; its first line names the columns"),
        );
        return rows;
    }
    let mut record = csv::StringRecord::new();
    loop {
        // After a row ending in CRLF the reader stands between the `\r` and the `\n`.
        let at = (reader.position().byte() as usize).min(text.len());
        let start = at + text[at..].len() - text[at..].trim_start_matches(['\r', '\n']).len();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let end = (reader.position().byte() as usize).clamp(start, text.len());
                if let Some(quote) = unclosed_quote(text, start..end) {
                    diagnostics.push(unclosed(file, quote));
                    break;
                }
                let span = trim_line_end(text, Span::new(file, start..end));
                match record.deserialize::<T>(Some(&headers)) {
                    Ok(row) => rows.push((row, span)),
                    Err(error) => diagnostics.push(Diagnostic::error(
                        "a row that does not fit the file's columns",
                        span,
                        csv_reason(&error),
                    )),
                }
            }
            Err(error) => {
                let at = error
                    .position()
                    .map_or(start, |position| position.byte() as usize)
                    .min(text.len());
                diagnostics.push(malformed(at, &error));
                break;
            }
        }
    }
    rows
}

/// The CSV reader takes a quoted field that is never closed to run to the end of the file,
/// which silently swallows every row after it: the offset of such a field's opening quote, when
/// the record in `range` ends the file with one.
fn unclosed_quote(text: &str, range: std::ops::Range<usize>) -> Option<usize> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted(usize),
        /// A quote inside a quoted field: it closes the field, or is the first of a doubled one.
        QuoteInQuoted(usize),
    }
    if range.end < text.len() {
        return None;
    }
    let mut state = State::FieldStart;
    for (at, byte) in text.as_bytes()[range.clone()].iter().enumerate() {
        state = match (state, byte) {
            (State::FieldStart, b'"') => State::Quoted(range.start + at),
            (State::Quoted(open), b'"') => State::QuoteInQuoted(open),
            (State::QuoteInQuoted(open), b'"') => State::Quoted(open),
            (State::Quoted(open), _) => State::Quoted(open),
            (_, b',' | b'\n' | b'\r') => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    match state {
        State::Quoted(open) => Some(open),
        _ => None,
    }
}

fn unclosed(file: FileId, quote: usize) -> Diagnostic {
    Diagnostic::error(
        "a quoted field is never closed",
        Span::new(file, quote..quote + 1),
        "this quote is never closed",
    )
    .with_note(
        "the field would run to the end of the file; a quote inside a field is written `\"\"`",
    )
}

fn trim_line_end(text: &str, span: Span) -> Span {
    let line = &text[span.start as usize..span.end as usize];
    let trimmed = line.trim_end_matches(['\n', '\r']);
    Span {
        end: span.start + trimmed.len() as u32,
        ..span
    }
}

fn csv_reason(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        _ => error.to_string(),
    }
}

/// Telethon's `errors.csv` keeps each error on one line and writes a line break inside a
/// description as the two characters `\n` (its generator turns them into a newline of the
/// docstring): the text holds a newline there, as Telethon's does, never a backslash and an `n`.
fn unescape_newlines(description: &str) -> String {
    description.replace("\\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_newline_in_an_error_description_is_a_line_break() {
        let mut sources = SourceMap::new();
        let errors = sources.add(
            "schema/errors.csv",
            "name,codes,description\nCHAT_ID_INVALID,400,\"Look for a different one\\nAn example\"\n"
                .to_owned(),
        );
        let mut diagnostics = Diagnostics::new();
        let data = TelethonData::parse(Some(errors), None, &sources, &mut diagnostics);
        assert!(diagnostics.is_empty());
        assert_eq!(
            data.errors["CHAT_ID_INVALID"].description,
            "Look for a different one\nAn example"
        );
    }

    #[test]
    fn a_quoted_field_left_open_at_the_end_is_found() {
        let open = |text: &str| unclosed_quote(text, 0..text.len());
        assert_eq!(open("A,1,\"never closed\nB,2,x\n"), Some(4));
        assert_eq!(open("A,1,\"closed\"\n"), None);
        assert_eq!(open("A,1,\"a \"\"quoted\"\" word\"\n"), None);
        assert_eq!(open("A,1,\"a \"\"quoted\"\" word\n"), Some(4));
        // A quote inside an unquoted field is a character like any other.
        assert_eq!(open("A,1,5\" screen\n"), None);
        // Only the record that ends the file can run to its end.
        assert_eq!(unclosed_quote("A,\"x\nB", 0..2), None);
    }

    #[test]
    fn families_match_concrete_names() {
        let mut data = TelethonData::default();
        for name in ["FLOOD_WAIT_X", "FILE_PART_X_MISSING", "PEER_ID_INVALID"] {
            data.errors.insert(
                name.to_owned(),
                ErrorInfo {
                    name: name.to_owned(),
                    codes: vec![400],
                    description: String::new(),
                },
            );
            data.families.push((
                name.split('_').map(str::to_owned).collect(),
                name.to_owned(),
            ));
        }
        assert_eq!(data.error("FLOOD_WAIT_42").unwrap().name, "FLOOD_WAIT_X");
        assert_eq!(data.error("FLOOD_WAIT_X").unwrap().name, "FLOOD_WAIT_X");
        assert_eq!(
            data.error("FILE_PART_7_MISSING").unwrap().name,
            "FILE_PART_X_MISSING"
        );
        assert!(data.error("FLOOD_WAIT_SOON").is_none());
        assert!(data.error("FLOOD_WAIT").is_none());
    }
}
