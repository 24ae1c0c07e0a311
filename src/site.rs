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
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceMap, Span};
use crate::highlight::Highlighter;
use crate::history::History;
use crate::model::Schema;
use crate::render::{self, OutputFile, Rendered, Templates};
use crate::schema;
use crate::source::{SiteDir, read_text};
use crate::telethon::TelethonData;

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
        let errors = diagnostics.error_count();
        let schema_files = schema::read_site(root, &mut sources, &mut diagnostics);
        let mut schema = schema::resolve_site(
            root,
            schema_files.as_deref(),
            errors,
            config.ids,
            &sources,
            &mut diagnostics,
        );
        apply_layer_setting(&mut schema, &config, &mut diagnostics);
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
        let history = match layers {
            Some(loaded) => {
                diagnostics.extend(sources.append(loaded.sources, loaded.diagnostics));
                loaded.history
            }
            None if config.history.is_none() && !schema.sectioned_files.is_empty() => {
                layers::from_sections(&schema, &sources)
            }
            None => None,
        };
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
        for index in 0..self.content.pages.len() {
            self.check_content_page(index);
        }
    }

    /// [`Site::check_content_entities`] for one page.
    fn check_content_page(&mut self, index: usize) {
        let page = &self.content.pages[index];
        let (noun, name, combinator) = match &page.kind {
            PageKind::Method(name) => (
                "method",
                name,
                self.schema
                    .method_named(name)
                    .map(|id| self.schema.method(id)),
            ),
            PageKind::Constructor(name) => (
                "constructor",
                name,
                self.schema
                    .constructor_named(name)
                    .map(|id| self.schema.constructor(id)),
            ),
            PageKind::Type(name) => {
                if self.schema.type_named(name).is_none() {
                    self.diagnostics.push(unknown_entity(page, "type", name));
                }
                return;
            }
            PageKind::Home | PageKind::Free => return,
        };
        let Some(combinator) = combinator else {
            self.diagnostics.push(unknown_entity(page, noun, name));
            return;
        };
        for param in page.front.params.keys() {
            if combinator.param(param).is_none() {
                let text = &self.sources.file(page.file).text;
                let start = page.front_range.start;
                let at = page.places(text).params.get(param);
                let at = at.map_or(start..start, |(name_at, _)| name_at.clone());
                self.diagnostics.push(Diagnostic::warning(
                    format!("`{name}` has no parameter `{param}`"),
                    Span::new(page.file, at),
                    "documented here",
                ));
            }
        }
    }

    /// Reads again the content files at `paths` (relative to `content/`) after an edit, updating
    /// the pages and what loading them reported, as [`Site::load`] would have. Returns the
    /// indices of their pages in [`Site::content`], or `None` when that is not enough: a file is
    /// new, gone, unreadable, or no longer parses, so the set of pages changes and only a whole
    /// load tells it right. The site is then half updated and must be loaded anew.
    pub fn reload_content(&mut self, paths: &[String]) -> Option<Vec<usize>> {
        let mut edited = Vec::with_capacity(paths.len());
        for path in paths {
            let index = self
                .content
                .pages
                .iter()
                .position(|page| &page.path == path)?;
            let file = self.content.pages[index].file;
            let shown = PathBuf::from("content").join(path);
            let full = self.root.join(&shown);
            // A file that became a link out of the site is an error only a whole load reports.
            SiteDir::new(&self.root).check(&full, &shown).ok()?;
            let text = read_text(&full).ok()?;
            self.sources.replace(file, text);
            self.diagnostics.retain(|diagnostic| {
                diagnostic.primary_span().map(|span| span.file) != Some(file)
                    && diagnostic.path.as_deref() != Some(shown.as_path())
            });
            if !self
                .content
                .reparse(index, &self.sources, &mut self.diagnostics)
            {
                return None;
            }
            self.check_content_page(index);
            edited.push(index);
        }
        self.diagnostics.sort_by_location(&self.sources);
        Some(edited)
    }

    /// Renders every page in memory. `None` when an error was found (the diagnostics say what);
    /// nothing is written either way.
    pub fn build(&mut self) -> Option<Vec<OutputFile>> {
        self.build_with(&Highlighter::new())
    }

    /// [`Site::build`] with a highlighter that outlives the build: `tldoc serve` keeps one across
    /// rebuilds, so that its caches stay warm.
    pub fn build_with(&mut self, highlighter: &Highlighter) -> Option<Vec<OutputFile>> {
        let templates = self.templates()?;
        let rendered = self.render(&templates, highlighter);
        self.diagnostics = self.diagnostics_with(&rendered);
        (!self.diagnostics.has_errors()).then(|| rendered.into_files())
    }

    /// Loads the templates, the site's own over the built-in ones; `None` when they, or anything
    /// loaded before them, have errors (the diagnostics say what).
    pub fn templates(&mut self) -> Option<Templates> {
        let templates =
            render::load_templates(&self.root, &mut self.sources, &mut self.diagnostics)?;
        (!self.diagnostics.has_errors()).then_some(templates)
    }

    /// Renders every page, keeping what [`Site::rerender`] needs to redo only what an edit
    /// touches. What rendering reports is in the result; [`Site::diagnostics_with`] adds it to
    /// what loading reported.
    pub fn render(&self, templates: &Templates, highlighter: &Highlighter) -> Rendered {
        render::render_site(&self.inputs(), templates, highlighter)
    }

    /// Renders again what an edit of the content pages `edited` touches (the indices
    /// [`Site::reload_content`] gave), `rendered` being this site's render before the edit.
    /// Returns the paths rendered again, or `None` when the edit touches every page, which
    /// [`Site::render`] must then do; either way the result equals a whole render.
    pub fn rerender(
        &self,
        templates: &Templates,
        highlighter: &Highlighter,
        rendered: &mut Rendered,
        edited: &[usize],
    ) -> Option<Vec<String>> {
        rendered.rerender(&self.inputs(), templates, highlighter, edited)
    }

    /// Reads the theme's assets into `rendered` again after an edit of `themes/`; returns the
    /// paths of the files that changed.
    pub fn refresh_assets(&self, rendered: &mut Rendered) -> Vec<String> {
        rendered.refresh_assets(&self.inputs())
    }

    /// What loading reported, then what `rendered` reported, each in the order of their places.
    pub fn diagnostics_with(&self, rendered: &Rendered) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend_from(&self.diagnostics);
        let mut found = rendered.diagnostics();
        found.sort_by_location(&self.sources);
        all.extend(found);
        all
    }

    fn inputs(&self) -> render::Inputs<'_> {
        render::Inputs {
            root: &self.root,
            config: &self.config,
            schema: &self.schema,
            content: &self.content,
            telethon: &self.telethon,
            history: self.history.as_ref(),
            sources: &self.sources,
        }
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
///
/// The new output is written to `.NAME.tldoc-new` beside `out`, its manifest first, so that a
/// build killed while writing leaves a directory whose every file is listed; then it takes
/// `out`'s place in one exchange of the two names where the file system offers one (Linux), or
/// by moving `out` aside to `.NAME.tldoc-old` and the new output in. A build killed between
/// those two moves leaves the previous output whole at `.NAME.tldoc-old`, and the next build
/// puts it back before anything else. Leftovers are removed file by file from their manifests,
/// so tldoc never deletes a file it did not write.
pub fn write_output(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let refuse = |why: String| Diagnostic::new(Severity::Error, why).in_file(out);
    let out_real = resolved(out);
    let root_real = resolved(root);
    let refuse_place = |what: &str| {
        refuse(format!(
            "refusing to write the output into `{}`: it is {what}",
            out.display()
        ))
    };
    if out_real == root_real {
        return Err(refuse_place("the site itself"));
    }
    if root_real.starts_with(&out_real) {
        return Err(refuse_place("a directory holding the site"));
    }
    for sources in ["content", "schema", "templates", "themes"] {
        let real = root_real.join(sources);
        let what = if out_real == real {
            "the site's"
        } else if real.starts_with(&out_real) {
            "a directory holding the site's"
        } else if out_real.starts_with(&real) {
            "inside the site's"
        } else {
            continue;
        };
        return Err(refuse_place(&format!("{what} `{sources}/`")));
    }
    let name = out_real
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let parent = out_real.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .map_err(|e| refuse(format!("cannot create `{}`: {e}", parent.display())))?;
    let staging = parent.join(format!(".{name}.tldoc-new"));
    let old = parent.join(format!(".{name}.tldoc-old"));
    if !exists(&out_real) && old.join(MANIFEST).is_file() {
        fs::rename(&old, &out_real).map_err(|e| {
            refuse(format!(
                "cannot put the previous output back from `{}`: {e}",
                old.display()
            ))
        })?;
    }
    if exists(&out_real) {
        check_output_is_ours(&out_real, out).map_err(refuse)?;
    }
    for leftover in [&staging, &old] {
        if exists(leftover) {
            remove_ours(leftover).map_err(refuse)?;
        }
    }
    write_tree(&staging, files).map_err(|e| refuse(format!("cannot write the output: {e}")))?;
    if !exists(&out_real) {
        return fs::rename(&staging, &out_real)
            .map_err(|e| refuse(format!("cannot move the new output in place: {e}")));
    }
    if exchange(&staging, &out_real) {
        // `staging` now holds the previous output.
        return remove_ours(&staging).map_err(refuse);
    }
    fs::rename(&out_real, &old)
        .map_err(|e| refuse(format!("cannot move the previous output aside: {e}")))?;
    if let Err(error) = fs::rename(&staging, &out_real) {
        // Put the previous output back rather than leave nothing.
        let _ = fs::rename(&old, &out_real);
        return Err(refuse(format!(
            "cannot move the new output in place: {error}"
        )));
    }
    remove_ours(&old).map_err(refuse)
}

/// Swaps the names of two directories in one step, so that no moment is left with neither;
/// false where the system cannot, and then nothing moved.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Whether anything, a dangling link included, is at `path`.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// `path` made absolute with its links resolved, as far as it exists: an output directory given
/// through a link to the site, or through `..`, is still recognised.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path)
        .map(|p| normalise(&p))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
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

/// The files a manifest lists (itself aside), relative to its directory. Only plain relative
/// paths are taken: a manifest names files inside its own directory and nothing else.
fn listed(dir: &Path) -> std::collections::HashSet<PathBuf> {
    fs::read_to_string(dir.join(MANIFEST))
        .unwrap_or_default()
        .lines()
        .filter(|line| *line != MANIFEST)
        .map(PathBuf::from)
        .filter(|path| {
            path.components()
                .all(|part| matches!(part, std::path::Component::Normal(_)))
        })
        .collect()
}

/// An existing output directory (resolved: `dir`; as the user wrote it: `shown`) may be replaced
/// only when it holds nothing but what tldoc wrote.
fn check_output_is_ours(dir: &Path, shown: &Path) -> Result<(), String> {
    if !dir.is_dir() {
        return Err(format!(
            "refusing to replace `{}`: it is not a directory",
            shown.display()
        ));
    }
    let listed = listed(dir);
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", shown.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if relative != Path::new(MANIFEST) && !listed.contains(relative) {
            return Err(format!(
                "refusing to replace `{}`: it holds `{}`, which tldoc did not write",
                shown.display(),
                relative.to_string_lossy().replace('\\', "/")
            ));
        }
    }
    Ok(())
}

/// Removes a directory tldoc wrote: the files its manifest lists, then the manifest, then the
/// directories left empty. The manifest goes after the files, so a removal cut short leaves a
/// directory the next build can still recognise and finish; anything else found in it stays,
/// and is reported.
fn remove_ours(dir: &Path) -> Result<(), String> {
    let cannot =
        |path: &Path, error: std::io::Error| format!("cannot remove `{}`: {error}", path.display());
    if fs::symlink_metadata(dir).is_ok_and(|meta| meta.is_symlink()) {
        // An output directory that was a link: the link goes, what it leads to stays.
        return fs::remove_file(dir).map_err(|e| cannot(dir, e));
    }
    let manifest = dir.join(MANIFEST);
    for relative in listed(dir) {
        let path = dir.join(relative);
        match fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => fs::remove_file(&path).map_err(|e| cannot(&path, e))?,
            _ => {}
        }
    }
    if exists(&manifest) {
        fs::remove_file(&manifest).map_err(|e| cannot(&manifest, e))?;
    }
    let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    // Deepest first, so each is empty when its turn comes.
    dirs.sort_by_key(|path| std::cmp::Reverse(path.components().count()));
    for sub in dirs {
        if let Err(error) = fs::remove_dir(&sub) {
            let left = walkdir::WalkDir::new(&sub)
                .min_depth(1)
                .into_iter()
                .filter_map(Result::ok)
                .find(|entry| !entry.file_type().is_dir());
            return Err(match left {
                Some(entry) => format!(
                    "`{}` holds `{}`, which tldoc did not write: move it elsewhere, then build again",
                    dir.display(),
                    entry
                        .path()
                        .strip_prefix(dir)
                        .unwrap_or(entry.path())
                        .display()
                ),
                None => cannot(&sub, error),
            });
        }
    }
    Ok(())
}

/// Writes `files` into a new directory `dir`, the manifest first (see [`write_output`]).
fn write_tree(dir: &Path, files: &[OutputFile]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut manifest: String = files.iter().map(|(path, _)| format!("{path}\n")).collect();
    manifest.push_str(MANIFEST);
    manifest.push('\n');
    fs::write(dir.join(MANIFEST), manifest)?;
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
        .try_for_each(|(path, bytes)| fs::write(dir.join(path), bytes))
}

/// Reads, parses and resolves every `schema/*.tl` file of the site, in file-name order. A schema
/// that defines nothing is an error: the site would document nothing.
pub fn load_schema(root: &Path, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> Schema {
    let errors = diagnostics.error_count();
    let files = schema::read_site(root, sources, diagnostics);
    schema::resolve_site(root, files.as_deref(), errors, None, sources, diagnostics)
}

/// `layer:` of `tldoc.yaml` gives the layer of a schema that states none; one that states
/// another is warned of, and the schema's own is kept.
fn apply_layer_setting(schema: &mut Schema, config: &Config, diagnostics: &mut Diagnostics) {
    let Some(setting) = config.layer else {
        if schema.layer.is_none()
            && let Some(id) = schema.method_named("invokeWithLayer")
        {
            let method = schema.method(id);
            diagnostics.push(
                Diagnostic::warning(
                    "the schema states no layer, so the examples of `invokeWithLayer` cannot \
                     show it",
                    method
                        .param("layer")
                        .map_or(method.span, |param| param.span),
                    "the layer goes here",
                )
                .with_note(
                    "write `// LAYER N` in the schema, or `layer: N` in `tldoc.yaml`; the \
                     examples show 42 until then",
                ),
            );
        }
        return;
    };
    match schema.layer {
        None => schema.layer = Some(setting),
        Some(own) if own != setting => {
            let message = format!(
                "`layer: {setting}` in `tldoc.yaml`, but the schema says it is layer {own}"
            );
            let diagnostic = match config.span_of("layer") {
                Some(span) => Diagnostic::warning(message, span, "this setting"),
                None => {
                    Diagnostic::new(Severity::Warning, message).in_file(crate::config::FILE_NAME)
                }
            };
            diagnostics.push(diagnostic.with_note(format!(
                "the site is built as layer {own}; `layer:` is for a schema without a \
                 `// LAYER N` line"
            )));
        }
        Some(_) => {}
    }
}
