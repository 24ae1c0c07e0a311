//! A site directory: loading it, building it, writing the output.
//!
//! The pipeline reads top to bottom: [`Site::load`] reads the settings, the schema (parsed and
//! resolved into the model), Telethon's CSV data and the content; [`Site::build`] renders every
//! page in memory; [`write_output`] swaps the result in atomically. Loading never stops at the
//! first problem: whatever cannot be read is reported, and everything else still loads, so one
//! run lists every diagnostic.

mod layers;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, PageKind};
use crate::diagnostic::{
    Diagnostic, Diagnostics, FileId, MAX_SOURCE_LEN, Severity, SourceMap, Span,
};
use crate::highlight::Highlighter;
use crate::history::History;
use crate::model::{self, Schema};
use crate::render::{self, OutputFile};
use crate::telethon::TelethonData;
use crate::tl;

/// A loaded site.
#[derive(Debug)]
pub struct Site {
    /// The site's root directory.
    pub root: PathBuf,
    /// Every file read, for diagnostics and source locations.
    pub sources: SourceMap,
    /// `tldoc.yaml`.
    pub config: Config,
    /// The resolved schema.
    pub schema: Schema,
    /// The schema's history across the earlier layers that `history:` names, if it names any.
    pub history: Option<History>,
    /// `errors.csv` and `methods.csv`.
    pub telethon: TelethonData,
    /// The content files.
    pub content: Content,
    /// Everything found wrong so far.
    pub diagnostics: Diagnostics,
}

impl Site {
    /// Loads the site at `root`: settings, schema, CSV data and content.
    pub fn load(root: &Path) -> Site {
        let mut sources = SourceMap::new();
        let mut diagnostics = Diagnostics::new();
        let config = Config::load(root, &mut sources, &mut diagnostics);
        let schema_files =
            read_schema_dir(&root.join("schema"), root, &mut sources, &mut diagnostics);
        let schema = match &schema_files {
            Some(files) => parse_and_resolve(&sources, files, &mut diagnostics),
            None => Schema::default(),
        };
        let plan = layers::plan(
            root,
            &config,
            &schema,
            schema_files.as_deref().unwrap_or_default(),
            &sources,
            &mut diagnostics,
        );
        // The earlier layers need nothing of the rest, which needs nothing of them.
        let (layers, (telethon, content)) = rayon::join(
            || plan.map(layers::Plan::load),
            || {
                let telethon = TelethonData::load(root, &mut sources, &mut diagnostics);
                let content = Content::load(root, &mut sources, &mut diagnostics);
                (telethon, content)
            },
        );
        let history = layers.and_then(|loaded| {
            diagnostics.extend(sources.append(loaded.sources, loaded.diagnostics));
            loaded.history
        });
        let mut site = Site {
            root: root.to_path_buf(),
            sources,
            config,
            schema,
            history,
            telethon,
            content,
            diagnostics,
        };
        site.check_content_entities();
        site.diagnostics.sort_by_location(&site.sources);
        site
    }

    /// Content for an entity the schema lacks is a warning naming the file, as is a documented
    /// parameter the entity does not have: both are usually left over from an older layer.
    fn check_content_entities(&mut self) {
        for page in &self.content.pages {
            let (noun, combinator) = match &page.kind {
                PageKind::Method(name) => (
                    "method",
                    self.schema
                        .method_named(name)
                        .map(|id| self.schema.method(id)),
                ),
                PageKind::Constructor(name) => (
                    "constructor",
                    self.schema
                        .constructor_named(name)
                        .map(|id| self.schema.constructor(id)),
                ),
                PageKind::Type(name) => {
                    if self.schema.type_named(name).is_none() {
                        self.diagnostics.push(unknown_entity(page, "type", name));
                    }
                    continue;
                }
                PageKind::Home | PageKind::Free => continue,
            };
            let name = match &page.kind {
                PageKind::Method(name) | PageKind::Constructor(name) => name,
                _ => continue,
            };
            let Some(combinator) = combinator else {
                self.diagnostics.push(unknown_entity(page, noun, name));
                continue;
            };
            for param in page.front.params.keys() {
                if combinator.param(param).is_none() {
                    let text = &self.sources.file(page.file).text;
                    let at = text[page.front_range.clone()]
                        .find(&format!("{param}:"))
                        .map_or(page.front_range.start, |at| page.front_range.start + at);
                    self.diagnostics.push(Diagnostic::warning(
                        format!("`{name}` has no parameter `{param}`"),
                        Span::new(page.file, at..at + param.len()),
                        "documented here",
                    ));
                }
            }
        }
    }

    /// Renders every page in memory. `None` when an error was found (the diagnostics say what);
    /// nothing is written either way.
    pub fn build(&mut self) -> Option<Vec<OutputFile>> {
        self.build_with(&Highlighter::new())
    }

    /// [`Site::build`] with a highlighter that outlives the build: `tldoc serve` keeps one across
    /// rebuilds, so that its caches stay warm.
    pub fn build_with(&mut self, highlighter: &Highlighter) -> Option<Vec<OutputFile>> {
        let templates =
            render::load_templates(&self.root, &mut self.sources, &mut self.diagnostics)?;
        if self.diagnostics.has_errors() {
            return None;
        }
        let inputs = render::Inputs {
            root: &self.root,
            config: &self.config,
            schema: &self.schema,
            content: &self.content,
            telethon: &self.telethon,
            history: self.history.as_ref(),
            sources: &self.sources,
        };
        let rendered = render::render_site(&inputs, &templates, highlighter);
        let mut found = rendered.diagnostics();
        found.sort_by_location(&self.sources);
        self.diagnostics.extend(found);
        (!self.diagnostics.has_errors()).then(|| rendered.into_files())
    }
}

fn unknown_entity(page: &crate::content::ContentPage, noun: &str, name: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        format!("content for an unknown {noun} `{name}`: the schema has no such {noun}"),
    )
    .in_file(PathBuf::from("content").join(&page.path))
    .with_note("the file is not published; remove it, or fix its name")
}

/// The name of the file listing what tldoc wrote into an output directory, so that a later build
/// replaces only its own output and never deletes anyone else's files.
pub const MANIFEST: &str = ".tldoc-manifest";

/// Writes `files` into `out`, atomically: everything is written beside it first and swapped in
/// at the end, so an interrupted or failed build leaves the previous output as it was.
pub fn write_output(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let refuse = |why: String| Diagnostic::new(Severity::Error, why).in_file(out);
    let absolute = |path: &Path| {
        std::path::absolute(path)
            .map(|p| normalise(&p))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    for (protected, what) in [
        (root_abs.clone(), "the site itself"),
        (root_abs.join("content"), "the site's `content/`"),
        (root_abs.join("schema"), "the site's `schema/`"),
        (root_abs.join("templates"), "the site's `templates/`"),
        (root_abs.join("themes"), "the site's `themes/`"),
    ] {
        if out_abs == protected || protected.starts_with(&out_abs) {
            return Err(refuse(format!(
                "refusing to write the output into `{}`: it is or holds {what}",
                out.display()
            )));
        }
    }
    if out.exists() {
        check_output_is_ours(out).map_err(refuse)?;
    }
    let name = out_abs
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let parent = out_abs.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .map_err(|e| refuse(format!("cannot create `{}`: {e}", parent.display())))?;
    let staging = parent.join(format!(".{name}.tldoc-new"));
    let old = parent.join(format!(".{name}.tldoc-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| {
                refuse(format!(
                    "cannot remove the leftover `{}`: {e}",
                    leftover.display()
                ))
            })?;
        }
    }
    write_tree(&staging, files).map_err(|e| refuse(format!("cannot write the output: {e}")))?;
    if out.exists() {
        fs::rename(&out_abs, &old)
            .map_err(|e| refuse(format!("cannot move the previous output aside: {e}")))?;
        if let Err(error) = fs::rename(&staging, &out_abs) {
            // Put the previous output back rather than leave nothing.
            let _ = fs::rename(&old, &out_abs);
            return Err(refuse(format!(
                "cannot move the new output in place: {error}"
            )));
        }
        fs::remove_dir_all(&old)
            .map_err(|e| refuse(format!("cannot remove the previous output: {e}")))?;
    } else {
        fs::rename(&staging, &out_abs)
            .map_err(|e| refuse(format!("cannot move the new output in place: {e}")))?;
    }
    Ok(())
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// An existing output directory may be replaced only when it holds nothing but what tldoc wrote.
fn check_output_is_ours(out: &Path) -> Result<(), String> {
    if !out.is_dir() {
        return Err(format!(
            "refusing to replace `{}`: it is not a directory",
            out.display()
        ));
    }
    let manifest = fs::read_to_string(out.join(MANIFEST)).ok();
    let listed: std::collections::HashSet<&str> = manifest
        .as_deref()
        .map(|text| text.lines().collect())
        .unwrap_or_default();
    for entry in walkdir::WalkDir::new(out).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", out.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let relative = relative.to_string_lossy().replace('\\', "/");
        if relative != MANIFEST && !listed.contains(relative.as_str()) {
            return Err(format!(
                "refusing to replace `{}`: it holds `{relative}`, which tldoc did not write",
                out.display()
            ));
        }
    }
    Ok(())
}

fn write_tree(dir: &Path, files: &[OutputFile]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|(path, _)| Path::new(path).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for sub in &dirs {
        fs::create_dir_all(sub)?;
    }
    files
        .par_iter()
        .try_for_each(|(path, bytes)| fs::write(dir.join(path), bytes))?;
    let mut manifest: String = files.iter().map(|(path, _)| format!("{path}\n")).collect();
    manifest.push_str(MANIFEST);
    manifest.push('\n');
    fs::write(dir.join(MANIFEST), manifest)
}

/// Reads, parses and resolves every `schema/*.tl` file of the site, in file-name order.
pub fn load_schema(root: &Path, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> Schema {
    load_schema_dir(&root.join("schema"), root, sources, diagnostics)
}

/// Reads, parses and resolves every `*.tl` file of `dir`, in file-name order, each shown relative
/// to `shown_from` (as given when `shown_from` is empty).
pub fn load_schema_dir(
    dir: &Path,
    shown_from: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Schema {
    match read_schema_dir(dir, shown_from, sources, diagnostics) {
        Some(files) => parse_and_resolve(sources, &files, diagnostics),
        None => Schema::default(),
    }
}

/// Reads every `*.tl` file of `dir` into `sources`, in file-name order, each shown relative to
/// `shown_from` (as given when `shown_from` is empty); `None`, reported, when there is no such
/// file or directory.
fn read_schema_dir(
    dir: &Path,
    shown_from: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<FileId>> {
    let paths = match tl_files(dir) {
        Ok(paths) => paths,
        Err(message) => {
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
                read_source(path, shown, sources, diagnostics)
            })
            .collect(),
    )
}

/// Reads a file into the source map, shown as `shown`; a file that cannot be read, or is not
/// UTF-8, is reported and yields `None`.
pub fn read_source(
    path: &Path,
    shown: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    register_source(read_text(path), shown, sources, diagnostics)
}

/// Puts what [`read_text`] gave for a file shown as `shown` into the source map, reporting why
/// it could not be read. Split from [`read_source`] so that many files can be read in parallel
/// and then registered in order, which keeps their ids the same from one load to the next.
pub fn register_source(
    read: Result<String, ReadError>,
    shown: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    match read {
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
