//! A site directory, loaded: its schema files read, parsed and resolved.
//!
//! Loading never stops at the first problem: a file that cannot be read or does not parse is
//! reported, and everything else still loads, so that one run lists every diagnostic.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{
    Diagnostic, Diagnostics, FileId, MAX_SOURCE_LEN, Severity, SourceMap, Span,
};
use crate::model::{self, Schema};
use crate::tl;

/// A loaded site.
#[derive(Debug)]
pub struct Site {
    /// The site's root directory.
    pub root: PathBuf,
    /// Every file read, for diagnostics and source locations.
    pub sources: SourceMap,
    /// The resolved schema.
    pub schema: Schema,
    /// Everything found wrong, sorted by place.
    pub diagnostics: Diagnostics,
}

impl Site {
    /// Loads the site at `root`.
    pub fn load(root: &Path) -> Site {
        let mut sources = SourceMap::new();
        let mut diagnostics = Diagnostics::new();
        let schema = load_schema(root, &mut sources, &mut diagnostics);
        diagnostics.sort_by_location(&sources);
        Site {
            root: root.to_path_buf(),
            sources,
            schema,
            diagnostics,
        }
    }
}

/// Reads, parses and resolves every `schema/*.tl` file of the site, in file-name order.
pub fn load_schema(root: &Path, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> Schema {
    let dir = root.join("schema");
    let paths = match tl_files(&dir) {
        Ok(paths) => paths,
        Err(message) => {
            diagnostics.push(Diagnostic::new(Severity::Error, message).in_file(&dir));
            return Schema::default();
        }
    };
    if paths.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                "no schema: the `schema` directory has no `.tl` file",
            )
            .in_file(&dir)
            .with_note("put the API's TL files there, e.g. `schema/api.tl`"),
        );
        return Schema::default();
    }
    let files: Vec<FileId> = paths
        .iter()
        .filter_map(|path| {
            let shown = path.strip_prefix(root).unwrap_or(path);
            read_source(path, shown, sources, diagnostics)
        })
        .collect();
    parse_and_resolve(sources, &files, diagnostics)
}

/// Reads a file into the source map, shown as `shown`; a file that cannot be read, or is not
/// UTF-8, is reported and yields `None`.
pub fn read_source(
    path: &Path,
    shown: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    match read_text(path) {
        Ok(text) => Some(sources.add(shown, text)),
        Err(ReadError::Io(message)) => {
            diagnostics.push(Diagnostic::new(Severity::Error, message).in_file(shown));
            None
        }
        Err(ReadError::NotUtf8 { lossy, offset }) => {
            let invalid = offset..offset + char::REPLACEMENT_CHARACTER.len_utf8();
            let file = sources.add(shown, lossy);
            diagnostics.push(
                Diagnostic::error(
                    format!("`{}` is not valid UTF-8", shown.display()),
                    Span::new(file, invalid),
                    "invalid byte",
                )
                .with_note("tldoc reads every file as UTF-8; re-save the file in that encoding"),
            );
            None
        }
    }
}

/// Parses `files` of `sources` as TL (in parallel) and resolves them into one schema.
pub fn parse_and_resolve(
    sources: &SourceMap,
    files: &[FileId],
    diagnostics: &mut Diagnostics,
) -> Schema {
    let parsed: Vec<_> = files
        .par_iter()
        .map(|&file| {
            let mut found = Diagnostics::new();
            let parsed = tl::parse(file, &sources.file(file).text, &mut found);
            (parsed, found)
        })
        .collect();
    let mut trees = Vec::with_capacity(parsed.len());
    for (tree, found) in parsed {
        diagnostics.extend(found);
        trees.push(tree);
    }
    model::resolve(&trees, sources, diagnostics)
}

fn tl_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => format!(
            "no `schema` directory in `{}`: is this a tldoc site?",
            dir.parent().unwrap_or(dir).display()
        ),
        _ => format!("cannot read `{}`: {error}", dir.display()),
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|error| format!("cannot read `{}`: {error}", dir.display()))?
            .path();
        if path.extension().is_some_and(|ext| ext == "tl") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused; the message names the file.
    Io(String),
    /// The bytes are not UTF-8: the text with invalid bytes replaced, and the offset of the first.
    NotUtf8 {
        /// The text, invalid sequences replaced by U+FFFD.
        lossy: String,
        /// Byte offset of the first replacement in `lossy`.
        offset: usize,
    },
}

/// Reads a file as UTF-8 (a leading byte order mark is kept, for the parsers to skip).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = fs::read(path)
        .map_err(|error| ReadError::Io(format!("cannot read `{}`: {error}", path.display())))?;
    if bytes.len() > MAX_SOURCE_LEN {
        return Err(ReadError::Io(format!(
            "`{}` is too large (over 4 GiB)",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        ReadError::NotUtf8 {
            lossy: String::from_utf8_lossy(error.as_bytes()).into_owned(),
            offset,
        }
    })
}
