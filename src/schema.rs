//! Loading TL schemas: finding a directory's `.tl` files, reading them, parsing them in
//! parallel and resolving them into one [`Schema`].
//!
//! It sits between [`tl`] (one file's syntax) and [`model`] (the resolved entities), and above
//! both, because loading needs both and neither needs loading: a site ([`crate::site`]), its
//! earlier layers and `tldoc diff` all load schemas the same way through here.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Severity, SourceMap};
use crate::model::{self, Depth, Schema};
use crate::source::{self, SiteDir};
use crate::tl;

/// Reads every `schema/*.tl` file of the site into `sources`, refusing files that lead out of
/// it; `None`, reported, when there is none.
pub(crate) fn read_site(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<FileId>> {
    let dir = root.join("schema");
    let site = SiteDir::new(root);
    match site.check(&dir, Path::new("schema")) {
        Ok(()) => read_dir(&dir, root, Some(&site), sources, diagnostics),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// Parses and resolves the site's schema `files`, the ids left out computed by `id_rule` (by
/// default, the rule of the toolchain the schema is for); a schema that defines nothing is an
/// error unless one was reported since there were `errors_before` (the site would document
/// nothing).
pub(crate) fn resolve_site(
    root: &Path,
    files: Option<&[FileId]>,
    errors_before: usize,
    id_rule: Option<model::IdRule>,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Schema {
    let options = model::Options {
        depth: Depth::Full,
        id_rule,
    };
    let schema = match files {
        Some(files) => parse_and_resolve_with(options, sources, files, diagnostics),
        None => Schema::default(),
    };
    if diagnostics.error_count() == errors_before
        && schema.constructors.is_empty()
        && schema.methods.is_empty()
    {
        diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                "the schema defines nothing: no constructor and no method",
            )
            .in_file(root.join("schema"))
            .with_note("a site documents the definitions of its `schema/*.tl` files"),
        );
    }
    schema
}

/// Reads, parses and resolves every `*.tl` file of `dir`, in file-name order, each shown relative
/// to `shown_from` (as given when `shown_from` is empty).
pub fn load_dir(
    dir: &Path,
    shown_from: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Schema {
    match read_dir(dir, shown_from, None, sources, diagnostics) {
        Some(files) => parse_and_resolve(sources, &files, diagnostics),
        None => Schema::default(),
    }
}

/// Reads every `*.tl` file of `dir` into `sources`, in file-name order, each shown relative to
/// `shown_from` (as given when `shown_from` is empty), refusing files that lead out of `site`
/// when given; `None`, reported, when there is no such file or directory.
fn read_dir(
    dir: &Path,
    shown_from: &Path,
    site: Option<&SiteDir>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<FileId>> {
    let paths = match tl_files(dir) {
        Ok(paths) => paths,
        Err(error) => {
            let message = match error.kind() {
                std::io::ErrorKind::NotFound => format!(
                    "no `schema` directory in `{}`: is this a tldoc site?",
                    dir.parent().unwrap_or(dir).display()
                ),
                _ => format!("cannot read `{}`: {error}", dir.display()),
            };
            diagnostics.push(Diagnostic::new(Severity::Error, message).in_file(dir));
            return None;
        }
    };
    if paths.is_empty() {
        let name = dir.file_name().unwrap_or(dir.as_os_str()).to_string_lossy();
        diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                format!("no schema: the `{name}` directory has no `.tl` file"),
            )
            .in_file(dir)
            .with_note("put the API's TL files there, e.g. `schema/api.tl`"),
        );
        return None;
    }
    Some(
        paths
            .iter()
            .filter_map(|path| {
                let shown = path.strip_prefix(shown_from).unwrap_or(path);
                match site {
                    Some(site) => site.read_source(path, shown, sources, diagnostics),
                    None => source::read_source(path, shown, sources, diagnostics),
                }
            })
            .collect(),
    )
}

/// Parses `files` of `sources` as TL (in parallel) and resolves them into one schema.
pub fn parse_and_resolve(
    sources: &SourceMap,
    files: &[FileId],
    diagnostics: &mut Diagnostics,
) -> Schema {
    let options = model::Options {
        depth: Depth::Full,
        id_rule: None,
    };
    parse_and_resolve_with(options, sources, files, diagnostics)
}

/// [`parse_and_resolve`] as `options` say: how deep, and by which rule for the ids left out.
pub fn parse_and_resolve_with(
    options: model::Options,
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
    model::resolve_with(options, &trees, sources, diagnostics)
}

/// The `.tl` files of `dir`, sorted by name.
pub fn tl_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "tl") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Reads the files at `paths` (in parallel: they are independent) and registers them in order,
/// each shown as `shown` makes its path, so that their ids are the same from one load to the
/// next.
pub fn read_each(
    paths: &[PathBuf],
    shown: impl Fn(&Path) -> PathBuf,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Vec<FileId> {
    let texts: Vec<_> = paths
        .par_iter()
        .map(|path| source::read_text(path))
        .collect();
    paths
        .iter()
        .zip(texts)
        .filter_map(|(path, text)| {
            source::register_source(text, &shown(path), sources, diagnostics)
        })
        .collect()
}

/// One file parsed and resolved as a schema of its own (see [`resolve_each`]).
pub struct Resolved {
    /// The file.
    pub file: FileId,
    /// Its schema.
    pub schema: Schema,
    /// What parsing it reported.
    pub parsing: Diagnostics,
    /// What resolving it reported.
    pub resolving: Diagnostics,
}

/// Parses and resolves each of `files` as a schema of its own, as `options` say, in parallel.
pub fn resolve_each(
    files: &[FileId],
    options: model::Options,
    sources: &SourceMap,
) -> Vec<Resolved> {
    files
        .par_iter()
        .map(|&file| {
            let mut parsing = Diagnostics::new();
            let tree = tl::parse(file, &sources.file(file).text, &mut parsing);
            let mut resolving = Diagnostics::new();
            let schema = model::resolve_with(
                options,
                std::slice::from_ref(&tree),
                sources,
                &mut resolving,
            );
            Resolved {
                file,
                schema,
                parsing,
                resolving,
            }
        })
        .collect()
}
