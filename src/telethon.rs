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
        let mut data = TelethonData::default();
        if let Some(file) = read(root, "schema/errors.csv", sources, diagnostics) {
            for (row, span) in rows::<ErrorRow>(sources, file, diagnostics) {
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
                        description: row.description,
                    },
                );
            }
        }
        if let Some(file) = read(root, "schema/methods.csv", sources, diagnostics) {
            for (row, span) in rows::<MethodRow>(sources, file, diagnostics) {
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
    crate::site::read_source(&path, Path::new(relative), sources, diagnostics)
}

/// Deserialises every row, reporting the ones that do not fit with their line.
fn rows<T: for<'de> Deserialize<'de>>(
    sources: &SourceMap,
    file: FileId,
    diagnostics: &mut Diagnostics,
) -> Vec<(T, Span)> {
    let text = &sources.file(file).text;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let end = reader.position().byte() as usize;
                let span = Span::new(file, start..end.max(start).min(text.len()));
                let span = trim_line_end(text, span);
                let headers = reader.headers().ok().cloned();
                match record.deserialize::<T>(headers.as_ref()) {
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
                diagnostics.push(Diagnostic::error(
                    "malformed CSV",
                    Span::new(file, at..at),
                    csv_reason(&error),
                ));
                break;
            }
        }
    }
    rows
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

#[cfg(test)]
mod tests {
    use super::*;

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
