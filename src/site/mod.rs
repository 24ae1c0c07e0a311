//! A site directory: loading it, building it, writing the output.
//!
//! The pipeline reads top to bottom: [`Site::load`] reads the settings, the schema (parsed and
//! resolved into the model), Telethon's CSV data, the content and the templates;
//! [`Site::build`] renders every page in memory, and changes nothing (build twice, get the same
//! twice); [`write_output`] swaps the result in atomically. Loading never stops at the first
//! problem: whatever cannot be read is reported, and everything else still loads, so one run
//! lists every diagnostic. [`LiveSite`] keeps a built site in memory and applies edits to it,
//! rendering again only what they touch: `tldoc serve` and the tests of that both use it.

mod incremental;
mod layers;
mod output;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::confine::SiteDir;
use crate::content::{Content, ContentPage};
use crate::diagnostic::{
    Diagnostic, Diagnostics, FileId, MAX_SOURCE_LEN, Severity, SourceMap, Span,
};
use crate::errors::ErrorCatalog;
use crate::highlight::Highlighter;
use crate::history::History;
use crate::model::{self, Combinator, EntityKind, Schema};
use crate::render::{self, OutputFile, Rendered, Templates};
use crate::telethon::TelethonData;
use crate::tl;

pub use incremental::{LiveSite, Update};
pub use output::{MANIFEST, write_output};

/// A loaded site.
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
    /// Every RPC error the CSV data and the content name, with the methods that return it.
    pub errors: ErrorCatalog,
    /// The templates, the site's own over the built-in ones; `None` when they have errors.
    templates: Option<Templates>,
    /// Everything loading found wrong.
    pub diagnostics: Diagnostics,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("root", &self.root)
            .field("schema", &self.schema)
            .field("content", &self.content)
            .field("diagnostics", &self.diagnostics)
            .finish_non_exhaustive()
    }
}

/// What a build gave.
pub struct Build {
    /// Every file of the site, in path order; `None` when an error was found.
    pub files: Option<Vec<OutputFile>>,
    /// What loading reported, then what rendering reported, each in the order of their places.
    pub diagnostics: Diagnostics,
}

impl Site {
    /// Loads the site at `root`: settings, schema, CSV data, content and templates.
    pub fn load(root: &Path) -> Site {
        let mut sources = SourceMap::new();
        let mut diagnostics = Diagnostics::new();
        let config = Config::load(root, &mut sources, &mut diagnostics);
        let errors = diagnostics.error_count();
        let schema_files = read_site_schema(root, &mut sources, &mut diagnostics);
        let mut schema = resolve_site_schema(
            root,
            schema_files.as_deref(),
            errors,
            config.ids,
            &sources,
            &mut diagnostics,
        );
        apply_layer_setting(&mut schema, &config, &sources, &mut diagnostics);
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
        let errors = ErrorCatalog::new(&schema, &telethon, &content);
        let mut site = Site {
            root: root.to_path_buf(),
            sources,
            config,
            schema,
            history,
            errors,
            telethon,
            content,
            templates: None,
            diagnostics,
        };
        site.check_content_entities();
        site.diagnostics.sort_by_location(&site.sources);
        // Last, so that their problems are reported after everything else's.
        site.templates = render::load_templates(root, &mut site.sources, &mut site.diagnostics);
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
        let Some((kind, name)) = page.kind.entity() else {
            check_example_overrides(
                page,
                None,
                (&self.config, &self.schema),
                &self.sources,
                &mut self.diagnostics,
            );
            return;
        };
        let schema = &self.schema;
        let combinator = match kind {
            EntityKind::Method => schema.method_named(name).map(|id| schema.method(id)),
            EntityKind::Constructor => schema
                .constructor_named(name)
                .map(|id| schema.constructor(id)),
            EntityKind::Type => {
                if schema.type_named(name).is_none() {
                    self.diagnostics.push(unknown_entity(page, kind, name));
                }
                check_example_overrides(
                    page,
                    None,
                    (&self.config, &self.schema),
                    &self.sources,
                    &mut self.diagnostics,
                );
                return;
            }
        };
        let Some(combinator) = combinator else {
            self.diagnostics.push(unknown_entity(page, kind, name));
            return;
        };
        for param in page.front.params.keys() {
            if combinator.param(param).is_none() {
                self.diagnostics.push(Diagnostic::warning(
                    format!("`{name}` has no parameter `{param}`"),
                    front_span(&self.sources, page, &format!("{param}:"), param.len()),
                    "documented here",
                ));
            }
        }
        let method = (kind == EntityKind::Method).then_some(combinator);
        check_example_overrides(
            page,
            method,
            (&self.config, schema),
            &self.sources,
            &mut self.diagnostics,
        );
    }

    /// Renders every page in memory. The files are `None` when an error was found (the
    /// diagnostics say what); nothing is written either way, and the site is left as it was.
    pub fn build(&self) -> Build {
        self.build_with(&Highlighter::new())
    }

    /// [`Site::build`] with a highlighter that outlives the build: `tldoc serve` keeps one across
    /// rebuilds, so that its caches stay warm.
    pub fn build_with(&self, highlighter: &Highlighter) -> Build {
        let Some(rendered) = self.render(highlighter) else {
            return Build {
                files: None,
                diagnostics: self.diagnostics.clone(),
            };
        };
        let diagnostics = self.diagnostics_with(&rendered);
        Build {
            files: (!diagnostics.has_errors()).then(|| rendered.into_files()),
            diagnostics,
        }
    }

    /// Renders every page, keeping what an incremental render needs to redo only what an edit
    /// touches; `None` when loading found an error, or the templates have one. What rendering
    /// reports is in the result; [`Site::diagnostics_with`] adds it to what loading reported.
    pub fn render(&self, highlighter: &Highlighter) -> Option<Rendered> {
        if self.diagnostics.has_errors() {
            return None;
        }
        let templates = self.templates.as_ref()?;
        Some(render::render_site(&self.inputs(), templates, highlighter))
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

    /// What the exports of [`crate::export`] are made from.
    pub fn export_sources(&self) -> crate::export::Sources<'_> {
        crate::export::Sources {
            title: &self.config.title,
            schema: &self.schema,
            content: &self.content,
            telethon: &self.telethon,
            history: self.history.as_ref(),
        }
    }

    /// Every entity's Markdown copy, as the build writes them, one after another (methods, then
    /// constructors, then types), without building the rest of the site.
    pub fn markdown_copies(&self) -> Result<String, Diagnostic> {
        let templates = self.templates.as_ref().ok_or_else(|| {
            Diagnostic::new(Severity::Error, "the templates have errors (see above)")
        })?;
        render::markdown_copies(&self.inputs(), templates, &Highlighter::new())
    }

    fn inputs(&self) -> render::Inputs<'_> {
        render::Inputs {
            root: &self.root,
            config: &self.config,
            schema: &self.schema,
            content: &self.content,
            telethon: &self.telethon,
            errors: &self.errors,
            history: self.history.as_ref(),
            sources: &self.sources,
        }
    }
}

fn unknown_entity(page: &crate::content::ContentPage, kind: EntityKind, name: &str) -> Diagnostic {
    let noun = kind.noun();
    Diagnostic::new(
        Severity::Warning,
        format!("content for an unknown {noun} `{name}`: the schema has no such {noun}"),
    )
    .in_file(PathBuf::from("content").join(&page.path))
    .with_note("the file is not published; remove it, or fix its name")
}

/// `examples:` of a page: only a method has examples, in the site's languages; what it leaves
/// out must be the method's parameters; a tab shows a note or code, not both.
fn check_example_overrides(
    page: &ContentPage,
    method: Option<&Combinator>,
    (config, schema): (&Config, &Schema),
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
    if page.front.examples.is_empty() {
        return;
    }
    let languages = config.example_languages(schema);
    for (language, custom) in &page.front.examples {
        // What is written of a language is looked for after its key.
        let key = format!("{language}:");
        let at = |written: &str| {
            let after = sources.file(page.file).text[page.front_range.clone()]
                .find(&key)
                .unwrap_or(0);
            front_span_after(sources, page, after, written, written.len())
        };
        let Some(method) = method else {
            diagnostics.push(
                Diagnostic::warning(
                    "only method pages have examples",
                    at("examples:"),
                    "ignored",
                )
                .with_note("examples are calls of the method a page documents"),
            );
            return;
        };
        if !languages.contains(language) {
            diagnostics.push(
                Diagnostic::warning(
                    format!("the site has no example language `{language}`"),
                    at(language),
                    "ignored",
                )
                .with_note(format!(
                    "the languages are those of `examples` in `tldoc.yaml`: {}",
                    languages.join(", ")
                )),
            );
        }
        for param in &custom.omit {
            if method.param(param).is_none() {
                diagnostics.push(Diagnostic::warning(
                    format!("`{}` has no parameter `{param}` to omit", method.name),
                    at(param),
                    "not a parameter",
                ));
            }
        }
        if custom.unavailable.is_some() && (custom.code.is_some() || !custom.omit.is_empty()) {
            diagnostics.push(
                Diagnostic::error(
                    format!("the `{language}` example is both unavailable and given"),
                    at("unavailable:"),
                    "the tab shows this note",
                )
                .with_note("give `unavailable`, or `code` or `omit`, not both"),
            );
        }
    }
}

/// The first place `written` is found in a page's front matter, `len` bytes long, or the start of
/// the front matter.
fn front_span(sources: &SourceMap, page: &ContentPage, written: &str, len: usize) -> Span {
    front_span_after(sources, page, 0, written, len)
}

/// [`front_span`], looking from `after` bytes into the front matter.
fn front_span_after(
    sources: &SourceMap,
    page: &ContentPage,
    after: usize,
    written: &str,
    len: usize,
) -> Span {
    let start = page.front_range.start + after;
    let text = &sources.file(page.file).text;
    text[start..page.front_range.end].find(written).map_or_else(
        || Span::new(page.file, page.front_range.start..page.front_range.start),
        |at| Span::new(page.file, start + at..start + at + len),
    )
}

/// Reads, parses and resolves every `schema/*.tl` file of the site, in file-name order. A schema
/// that defines nothing is an error: the site would document nothing.
pub fn load_schema(root: &Path, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> Schema {
    let errors = diagnostics.error_count();
    let files = read_site_schema(root, sources, diagnostics);
    resolve_site_schema(root, files.as_deref(), errors, None, sources, diagnostics)
}

/// `layer:` of `tldoc.yaml` gives the layer of a schema that states none; one that states
/// another is warned of, and the schema's own is kept.
fn apply_layer_setting(
    schema: &mut Schema,
    config: &Config,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
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
            let diagnostic = match config.span_of(sources, "layer") {
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

/// Reads every `schema/*.tl` file of the site into `sources`, refusing files that lead out of
/// it; `None`, reported, when there is none.
fn read_site_schema(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<FileId>> {
    let dir = root.join("schema");
    let site = SiteDir::new(root);
    match site.check(&dir, Path::new("schema")) {
        Ok(()) => read_schema_dir(&dir, root, Some(&site), sources, diagnostics),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// Parses and resolves the site's schema `files`; a schema that defines nothing is an error
/// unless one was reported since there were `errors_before` (the site would document nothing).
fn resolve_site_schema(
    root: &Path,
    files: Option<&[FileId]>,
    errors_before: usize,
    id_rule: Option<model::IdRule>,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Schema {
    let schema = match files {
        Some(files) => parse_and_resolve_by(sources, files, id_rule, diagnostics),
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
pub fn load_schema_dir(
    dir: &Path,
    shown_from: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Schema {
    match read_schema_dir(dir, shown_from, None, sources, diagnostics) {
        Some(files) => parse_and_resolve(sources, &files, diagnostics),
        None => Schema::default(),
    }
}

/// Reads every `*.tl` file of `dir` into `sources`, in file-name order, each shown relative to
/// `shown_from` (as given when `shown_from` is empty), refusing files that lead out of `site`
/// when given; `None`, reported, when there is no such file or directory.
fn read_schema_dir(
    dir: &Path,
    shown_from: &Path,
    site: Option<&SiteDir>,
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
                match site {
                    Some(site) => site.read_source(path, shown, sources, diagnostics),
                    None => read_source(path, shown, sources, diagnostics),
                }
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
        Err(ReadError::TooLarge(len)) => {
            let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    format!(
                        "`{}` is too large: {:.1} MiB, over the {} MiB tldoc reads",
                        shown.display(),
                        mib(len),
                        mib(MAX_FILE_LEN)
                    ),
                )
                .in_file(shown)
                .with_note("split it into several files, or leave it out of the site"),
            );
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
    parse_and_resolve_by(sources, files, None, diagnostics)
}

/// [`parse_and_resolve`], the ids left out computed by `id_rule` (by default, the rule of the
/// toolchain the schema is for).
fn parse_and_resolve_by(
    sources: &SourceMap,
    files: &[FileId],
    id_rule: Option<model::IdRule>,
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
    let options = model::Options {
        depth: model::Depth::Full,
        id_rule,
    };
    model::resolve_with(options, &trees, sources, diagnostics)
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

/// The largest file tldoc reads, 10 MiB. Real sources are far smaller (Telegram's `api.tl` is
/// under 1 MiB, a content page a few KiB); a larger one is a mistake, such as a generated dump,
/// and would make a page no browser shows well, so it is refused before it is read.
pub const MAX_FILE_LEN: u64 = 10 << 20;

const _: () = assert!(MAX_FILE_LEN as usize <= MAX_SOURCE_LEN);

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused; the message names the file.
    Io(String),
    /// The file is larger than [`MAX_FILE_LEN`]: its length in bytes.
    TooLarge(u64),
    /// The bytes are not UTF-8: the text with invalid bytes replaced, and the offset of the first.
    NotUtf8 {
        /// The text, invalid sequences replaced by U+FFFD.
        lossy: String,
        /// Byte offset of the first replacement in `lossy`.
        offset: usize,
    },
}

/// Reads a file as UTF-8, without its byte order mark if it has one: an editor does not count
/// the mark as a column, so neither may the positions of diagnostics.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    use std::io::Read;
    let io =
        |error: std::io::Error| ReadError::Io(format!("cannot read `{}`: {error}", path.display()));
    let file = fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > MAX_FILE_LEN {
        return Err(ReadError::TooLarge(len));
    }
    // The length is read again from what arrives: a file may grow while it is read, and a
    // special file has no length to tell.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_LEN {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        ReadError::NotUtf8 {
            lossy: String::from_utf8_lossy(error.as_bytes()).into_owned(),
            offset,
        }
    })
}
