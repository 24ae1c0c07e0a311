//! A site directory, loaded: its schema files read, parsed and resolved.
//!
//! Loading never stops at the first problem: a file that cannot be read or does not parse is
//! reported, and everything else still loads, so that one run lists every diagnostic.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, MAX_SOURCE_LEN, Severity, SourceMap};
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
    for path in &paths {
        let shown = path.strip_prefix(root).unwrap_or(path);
        match read_text(path) {
            Ok(text) => {
                sources.add(shown, text);
            }
            Err(message) => {
                diagnostics.push(Diagnostic::new(Severity::Error, message).in_file(shown))
            }
        }
    }
    let file_ids: Vec<_> = sources.ids().collect();
    let parsed: Vec<_> = file_ids
        .par_iter()
        .map(|&file| {
            let mut found = Diagnostics::new();
            let parsed = tl::parse(file, &sources.file(file).text, &mut found);
            (parsed, found)
        })
        .collect();
    let mut files = Vec::with_capacity(parsed.len());
    for (file, found) in parsed {
        diagnostics.extend(found);
        files.push(file);
    }
    model::resolve(&files, sources, diagnostics)
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

/// Reads a file as UTF-8, explaining where it is not.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes =
        fs::read(path).map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
    if bytes.len() > MAX_SOURCE_LEN {
        return Err(format!("`{}` is too large (over 4 GiB)", path.display()));
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        format!(
            "`{}` is not valid UTF-8: invalid byte at line {line}, column {column}",
            path.display()
        )
    })
}
