//! Rendering: every page of the site, from the model, the content and the templates.
//!
//! Rust computes what each page shows (links, highlighted code, the TL block, merged error lists)
//! into small serialisable views; Tera templates only lay them out. Keeping logic out of templates
//! keeps them easy to override, and lets the views be built once and rendered in parallel.

mod history;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::{Config, LinkPolicy};
use crate::content::{
    Content, ContentPage, Destination, LinkResolver, Origin, PageKind, Written, markdown_to_html,
    summary,
};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceMap, Span};
use crate::examples;
use crate::highlight::Highlighter;
use crate::history::{EntityKind, History};
use crate::html::{escape_html, first_sentence};
use crate::model::{Combinator, ConstructorId, MethodId, Schema, TypeId, TypeRef};
use crate::telethon::TelethonData;

/// The default templates, embedded so that an installed `tldoc` builds any site. A site's own
/// `templates/` overrides them file by file.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("method.html", include_str!("../templates/method.html")),
    (
        "constructor.html",
        include_str!("../templates/constructor.html"),
    ),
    ("type.html", include_str!("../templates/type.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("list.html", include_str!("../templates/list.html")),
    ("builtins.html", include_str!("../templates/builtins.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("404.html", include_str!("../templates/404.html")),
    (
        "definition.html",
        include_str!("../templates/definition.html"),
    ),
    (
        "parameters.html",
        include_str!("../templates/parameters.html"),
    ),
    ("related.html", include_str!("../templates/related.html")),
    ("usage.html", include_str!("../templates/usage.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("since.html", include_str!("../templates/since.html")),
    ("history.html", include_str!("../templates/history.html")),
    ("changes.html", include_str!("../templates/changes.html")),
    (
        "changes-index.html",
        include_str!("../templates/changes-index.html"),
    ),
    ("removed.html", include_str!("../templates/removed.html")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
];

/// The default theme's files, written below `assets/`.
const DEFAULT_ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../themes/default/style.css")),
    (
        "highlight.css",
        include_str!("../themes/default/highlight.css"),
    ),
    ("tldoc.js", include_str!("../themes/default/tldoc.js")),
    ("search.js", include_str!("../themes/default/search.js")),
];

/// One output file: its path relative to the output root, and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// Everything rendering needs, loaded.
pub struct Inputs<'a> {
    /// The site's root.
    pub root: &'a Path,
    /// The settings.
    pub config: &'a Config,
    /// The schema.
    pub schema: &'a Schema,
    /// The content files.
    pub content: &'a Content,
    /// `errors.csv` and `methods.csv`.
    pub telethon: &'a TelethonData,
    /// The schema's history, when the site has one.
    pub history: Option<&'a History>,
    /// Every source file, for locating broken links.
    pub sources: &'a SourceMap,
}

/// The loaded templates, and which of them come from the site's own files (for locating errors).
pub struct Templates {
    tera: Tera,
    files: HashMap<String, crate::diagnostic::FileId>,
}

/// Loads the templates: the embedded defaults, then the site's own `templates/**` over them.
pub fn load_templates(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Templates> {
    let mut templates: BTreeMap<String, (String, Option<crate::diagnostic::FileId>)> =
        DEFAULT_TEMPLATES
            .iter()
            .chain(examples::DEFAULT_TEMPLATES)
            .map(|(name, text)| ((*name).to_owned(), ((*text).to_owned(), None)))
            .collect();
    let dir = root.join("templates");
    let site = crate::source::SiteDir::new(root);
    for (path, relative) in site.files(&dir, |_| true, diagnostics) {
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let shown = Path::new("templates").join(&relative);
        if let Some(file) = site.read_source(&path, &shown, sources, diagnostics) {
            templates.insert(name, (sources.file(file).text.clone(), Some(file)));
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    // The same escaping as Tera's own, written in runs rather than a byte at a time.
    tera.set_escape_fn(crate::html::write_escaped_html);
    let files: HashMap<String, crate::diagnostic::FileId> = templates
        .iter()
        .filter_map(|(name, (_, file))| file.map(|file| (name.clone(), file)))
        .collect();
    let result = tera.add_raw_templates(
        templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str())),
    );
    match result {
        Ok(()) => Some(Templates { tera, files }),
        Err(error) => {
            let checked = match error.kind() {
                tera::ErrorKind::Msg(message) => checked_references(message, &files, sources),
                _ => Vec::new(),
            };
            if checked.is_empty() {
                diagnostics.push(template_diagnostic(&error, &files, sources));
            }
            for diagnostic in checked {
                diagnostics.push(diagnostic);
            }
            None
        }
    }
}

/// Once every template is parsed, Tera checks what they refer to (filters, tests, blocks of the
/// parent, components) and returns every problem as one message of reports it has rendered
/// itself, `error: MESSAGE` then ` --> NAME:LINE:COLUMN` and a snippet. Each is taken apart here
/// so that it is shown like every other diagnostic, in the site's own file. Empty when the
/// message is not made of such reports.
fn checked_references(
    message: &str,
    files: &HashMap<String, crate::diagnostic::FileId>,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for report in message.split("\n\nerror: ") {
        let mut lines = report.lines();
        let Some(headline) = lines.next() else {
            return Vec::new();
        };
        let headline = headline.strip_prefix("error: ").unwrap_or(headline);
        let place = lines
            .next()
            .and_then(|line| line.trim_start().strip_prefix("--> "))
            .and_then(|place| {
                let mut parts = place.rsplitn(3, ':');
                let column: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                Some((parts.next()?, line, column))
            });
        let Some((name, line, column)) = place else {
            return Vec::new();
        };
        // The underline is the snippet's line made only of carets.
        let width = lines
            .filter_map(|line| Some(line.split_once('|')?.1.trim()))
            .find(|marks| !marks.is_empty() && marks.chars().all(|c| c == '^'))
            .map_or(0, str::len);
        let message = format!("template error: {headline}");
        found.push(match files.get(name) {
            Some(&file) => {
                let source = sources.file(file);
                let start = source.offset(line, column);
                let end = source.text[start..]
                    .char_indices()
                    .nth(width)
                    .map_or(source.text.len(), |(at, _)| start + at);
                Diagnostic::error(message, Span::new(file, start..end), "")
            }
            None => Diagnostic::new(Severity::Error, message).in_file(format!(
                "templates/{name} (built in) at line {line}, column {column}"
            )),
        });
    }
    found
}

/// A Tera error as a diagnostic, located in the template file when it is one of the site's.
fn template_diagnostic(
    error: &tera::Error,
    files: &HashMap<String, crate::diagnostic::FileId>,
    sources: &SourceMap,
) -> Diagnostic {
    if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
        error.kind()
    {
        let span = report.span();
        if let Some(&file) = files.get(report.filename()) {
            let start = sources
                .file(file)
                .offset(span.start_line, span.start_col + 1);
            let end = start + (span.range.end - span.range.start);
            return Diagnostic::error(
                format!("template error: {}", report.message()),
                Span::new(file, start..end.min(sources.file(file).text.len())),
                "",
            );
        }
        return Diagnostic::new(
            Severity::Error,
            format!("template error: {}", report.message()),
        )
        .in_file(format!(
            "templates/{} (built in) at line {}, column {}",
            report.filename(),
            span.start_line,
            span.start_col + 1
        ));
    }
    Diagnostic::new(Severity::Error, format!("template error: {error}"))
}

/// Renders every page. Broken links in content become diagnostics per the link policy; the
/// result keeps what [`Rendered::rerender`] needs to render again only what an edit touches.
pub fn render_site(
    inputs: &Inputs<'_>,
    templates: &Templates,
    highlighter: &Highlighter,
) -> Rendered {
    let renderer = Renderer::new(inputs, templates, highlighter, None);
    let jobs = renderer.jobs();
    // Highlighting the examples goes on beside the other pages, which need none.
    let (examples, mut pages): (_, Vec<(String, PageRecord)>) = rayon::join(
        || renderer.highlighted_examples(),
        || {
            jobs.par_iter()
                .map(|&job| renderer.record(job, None))
                .collect()
        },
    );
    pages.par_extend(
        inputs
            .schema
            .method_ids()
            .zip(&examples)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(id, examples)| renderer.record(Job::Method(id), Some(examples))),
    );
    let (fixed, fixed_diagnostics) = fixed_files(inputs);
    Rendered {
        pages: pages.into_iter().collect(),
        fixed,
        fixed_diagnostics,
        examples,
        summaries: renderer.summaries,
        guides: renderer.site.guides,
        paths: renderer.pages,
        problems: renderer.problems,
    }
}

/// The files that are not pages: the theme's assets (the site's own `themes/default/` over the
/// built-in ones), `.nojekyll`, and `CNAME` when the settings name a domain; and what reading
/// the theme reported.
fn fixed_files(inputs: &Inputs<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut fixed = Vec::with_capacity(DEFAULT_ASSETS.len() + 2);
    let mut diagnostics = Vec::new();
    let site = crate::source::SiteDir::new(inputs.root);
    for (name, text) in DEFAULT_ASSETS {
        let shown = Path::new("themes/default").join(name);
        let own = inputs.root.join(&shown);
        let bytes = match site.check(&own, &shown).map(|()| std::fs::read(&own)) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                text.as_bytes().to_vec()
            }
            Ok(Err(error)) => {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        format!("cannot read `{}`: {error}", shown.display()),
                    )
                    .in_file(&shown),
                );
                continue;
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        fixed.push((format!("assets/{name}"), bytes));
    }
    fixed.push((".nojekyll".to_owned(), Vec::new()));
    if let Some(domain) = &inputs.config.cname {
        fixed.push(("CNAME".to_owned(), format!("{}\n", domain.0).into_bytes()));
    }
    (fixed, diagnostics)
}

/// A rendered site, kept so that an edit to content re-renders only the pages it touches.
pub struct Rendered {
    /// Every page, by path.
    pages: BTreeMap<String, PageRecord>,
    /// The files that are not pages: assets, `.nojekyll`, `CNAME`.
    fixed: Vec<OutputFile>,
    /// What reading the theme's assets reported.
    fixed_diagnostics: Vec<Diagnostic>,
    /// Each method's examples, highlighted: they depend on the schema and templates only.
    examples: Vec<Result<Vec<ExampleView>, Diagnostic>>,
    /// The summaries the pages show.
    summaries: Summaries,
    /// The guides in the sidebar of every page.
    guides: Vec<Crumb>,
    /// Every page path, for link checks.
    paths: HashSet<String>,
    /// What the renderer said of the history's pages it cannot write.
    problems: Vec<Diagnostic>,
}

/// One page of a [`Rendered`] site.
struct PageRecord {
    job: Job,
    /// The page, or why it could not be rendered.
    output: Result<Vec<u8>, Diagnostic>,
    /// The broken links of its content.
    links: Vec<Diagnostic>,
    /// Whose summaries it shows.
    shows: Shows,
}

/// Whose one-line summaries a page shows, so that a change to one re-renders the pages showing
/// it. It is read off what the page was given (every summary shown is an [`EntityLink`]'s), so it
/// cannot miss one.
#[derive(Default)]
enum Shows {
    #[default]
    Nothing,
    /// Those of the entities with these pages.
    Some(Vec<String>),
    /// Those of every entity.
    All,
}

impl Rendered {
    /// What rendering reported: pages of the history that cannot be written, template errors
    /// (each once, though a broken shared template fails every page using it) and broken links in
    /// content.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        for diagnostic in &self.fixed_diagnostics {
            diagnostics.push(diagnostic.clone());
        }
        for problem in &self.problems {
            diagnostics.push(problem.clone());
        }
        let mut reported = HashSet::new();
        for page in self.pages.values() {
            if let Err(diagnostic) = &page.output {
                let key = (diagnostic.message.clone(), diagnostic.primary_span());
                if reported.insert(key) {
                    diagnostics.push(diagnostic.clone());
                }
            }
            for link in &page.links {
                diagnostics.push(link.clone());
            }
        }
        diagnostics
    }

    /// The page or file at `path`, if the site has it.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        match self.pages.get(path) {
            Some(page) => page.output.as_deref().ok(),
            None => self
                .fixed
                .iter()
                .find(|(fixed, _)| fixed == path)
                .map(|(_, bytes)| bytes.as_slice()),
        }
    }

    /// Every file, copied, in path order.
    pub fn files(&self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .pages
            .iter()
            .filter_map(|(path, page)| Some((path.clone(), page.output.as_ref().ok()?.clone())))
            .chain(self.fixed.iter().cloned())
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Every file, in path order.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .pages
            .into_iter()
            .filter_map(|(path, page)| Some((path, page.output.ok()?)))
            .chain(self.fixed)
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Reads the theme's assets again after an edit of the theme, which no page's HTML holds;
    /// returns the paths of the files that changed.
    pub fn refresh_assets(&mut self, inputs: &Inputs<'_>) -> Vec<String> {
        let (fixed, diagnostics) = fixed_files(inputs);
        let changed = fixed
            .iter()
            .filter(|file| !self.fixed.contains(file))
            .map(|(path, _)| path.clone())
            .collect();
        self.fixed = fixed;
        self.fixed_diagnostics = diagnostics;
        changed
    }

    /// Renders again what an edit of the content pages `edited` (indices in `inputs.content`)
    /// touches, given that nothing but those pages changed since this site was rendered: the
    /// pages made from them, the pages showing a summary that changed, and the home page when a
    /// free page changed (it lists them). Returns the paths rendered again, or `None` when the
    /// edit changes what every page shows (the guides in the sidebar, or the set of pages), for
    /// which only a whole render will do. What it leaves equals what [`render_site`] would give.
    pub fn rerender(
        &mut self,
        inputs: &Inputs<'_>,
        templates: &Templates,
        highlighter: &Highlighter,
        edited: &[usize],
    ) -> Option<Vec<String>> {
        let (summaries, changed) = self.summaries.update(inputs.schema, inputs.content, edited);
        let renderer = Renderer::new(inputs, templates, highlighter, Some(summaries));
        if renderer.site.guides != self.guides || renderer.pages != self.paths {
            return None;
        }
        let schema = inputs.schema;
        let mut jobs: HashSet<Job> = HashSet::new();
        for &index in edited {
            let page = inputs.content.pages.get(index)?;
            let job = match &page.kind {
                PageKind::Method(name) => schema.method_named(name).map(Job::Method),
                PageKind::Constructor(name) => schema.constructor_named(name).map(Job::Constructor),
                PageKind::Type(name) => schema.type_named(name).map(Job::Type),
                PageKind::Home => Some(Job::Home),
                PageKind::Free => {
                    jobs.insert(Job::Home);
                    Some(Job::Free(index))
                }
            };
            jobs.extend(job);
        }
        if !changed.is_empty() {
            jobs.insert(Job::SearchIndex);
            for page in self.pages.values() {
                let shows_changed = match &page.shows {
                    Shows::Nothing => false,
                    Shows::All => true,
                    Shows::Some(paths) => paths.iter().any(|path| changed.contains(path)),
                };
                if shows_changed {
                    jobs.insert(page.job);
                }
            }
        }
        let jobs: Vec<Job> = jobs.into_iter().collect();
        let pages: Vec<(String, PageRecord)> = jobs
            .par_iter()
            .map(|&job| {
                let examples = match job {
                    Job::Method(id) => self.examples.get(id.index()),
                    _ => None,
                };
                renderer.record(job, examples)
            })
            .collect();
        let paths = pages.iter().map(|(path, _)| path.clone()).collect();
        self.pages.extend(pages);
        self.summaries = renderer.summaries;
        Some(paths)
    }
}

/// A rendered page, the broken links in its content and whose summaries it shows, or why it
/// could not be rendered.
type PageResult = Result<(OutputFile, Vec<LinkProblem>, Shows), Diagnostic>;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Job {
    Method(MethodId),
    Constructor(ConstructorId),
    Type(TypeId),
    Home,
    MethodIndex,
    ConstructorIndex,
    TypeIndex,
    Builtins,
    Free(usize),
    NotFound,
    Sitemap,
    Search,
    SearchIndex,
    /// The index of the Changes pages.
    Layers,
    /// The Changes page of the history's diff of this index.
    Changes(usize),
    /// The page of the removed entity of this index.
    Removed(usize),
}

/// A link in content that leads to no page.
struct LinkProblem {
    file: crate::diagnostic::FileId,
    offset: usize,
    written: String,
}

struct Renderer<'a> {
    inputs: &'a Inputs<'a>,
    tera: &'a Tera,
    templates: &'a Templates,
    highlighter: &'a Highlighter,
    /// Every page path the site will have, for link checks.
    pages: HashSet<String>,
    /// The one-line summary of every entity, computed once: index rows and the lists on other
    /// entities' pages show the same summary many times over.
    summaries: Summaries,
    site: SiteView<'a>,
    /// `site` as the value templates see, made once for every page (the error, which a struct
    /// of strings and numbers never gives, as text).
    site_value: Result<tera::Value, String>,
    /// The history's pages, when the site has a history.
    history: Option<history::HistoryPages<'a>>,
    /// Pages of the history that cannot be written, said once per render.
    problems: Vec<Diagnostic>,
}

/// The one-line summary of each entity, by index.
#[derive(Clone)]
struct Summaries {
    methods: Vec<String>,
    constructors: Vec<String>,
    types: Vec<String>,
}

impl Summaries {
    /// The summary of the entity `kind` names: the first sentence of its description in content,
    /// or else of the schema's.
    fn of(content: &Content, kind: PageKind, schema_description: Option<&str>) -> String {
        // Front matter is Markdown; the schema's documentation is plain text, shown escaped on
        // its page, so its summary keeps every character too.
        match content
            .page(&kind)
            .and_then(|page| page.front.description.as_deref())
        {
            Some(markdown) => summary(markdown),
            None => schema_description.map(first_sentence).unwrap_or_default(),
        }
    }

    /// These summaries after an edit of the content pages `edited`, whose entities alone can have
    /// new summaries; also the paths of the pages of the entities whose summary changed.
    fn update(
        &self,
        schema: &Schema,
        content: &Content,
        edited: &[usize],
    ) -> (Summaries, HashSet<String>) {
        let mut new = self.clone();
        let mut changed = HashSet::new();
        for &index in edited {
            let Some(page) = content.pages.get(index) else {
                continue;
            };
            let (list, index, path, described) = match &page.kind {
                PageKind::Method(name) => {
                    let Some(id) = schema.method_named(name) else {
                        continue;
                    };
                    let described = schema.method(id).description.as_deref();
                    (
                        &mut new.methods,
                        id.index(),
                        method_path(schema, id),
                        described,
                    )
                }
                PageKind::Constructor(name) => {
                    let Some(id) = schema.constructor_named(name) else {
                        continue;
                    };
                    let described = schema.constructor(id).description.as_deref();
                    (
                        &mut new.constructors,
                        id.index(),
                        constructor_path(schema, id),
                        described,
                    )
                }
                PageKind::Type(name) => {
                    let Some(id) = schema.type_named(name) else {
                        continue;
                    };
                    let described = schema.ty(id).description.as_deref();
                    (&mut new.types, id.index(), type_path(schema, id), described)
                }
                PageKind::Home | PageKind::Free => continue,
            };
            let summary = Summaries::of(content, page.kind.clone(), described);
            if let Some(slot) = list.get_mut(index)
                && *slot != summary
            {
                *slot = summary;
                changed.insert(path);
            }
        }
        (new, changed)
    }

    fn new(schema: &Schema, content: &Content) -> Summaries {
        let of = |kind: PageKind, schema_description: Option<&str>| {
            Summaries::of(content, kind, schema_description)
        };
        Summaries {
            methods: schema
                .methods
                .par_iter()
                .map(|m| of(PageKind::Method(m.name.clone()), m.description.as_deref()))
                .collect(),
            constructors: schema
                .constructors
                .par_iter()
                .map(|c| {
                    of(
                        PageKind::Constructor(c.name.clone()),
                        c.description.as_deref(),
                    )
                })
                .collect(),
            types: schema
                .types
                .par_iter()
                .map(|t| of(PageKind::Type(t.name.clone()), t.description.as_deref()))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    layer: Option<u32>,
    methods: usize,
    constructors: usize,
    types: usize,
    namespaces: usize,
    base_url: Option<&'a str>,
    /// The namespaces that have methods, for the sidebar.
    method_namespaces: Vec<&'a str>,
    /// The free pages (guides), for the sidebar.
    guides: Vec<Crumb>,
    /// The oldest and newest layers of the history, when the site has one.
    history: Option<history::LayerRange>,
}

#[derive(Serialize, PartialEq)]
struct Crumb {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct PageView {
    title: String,
    kind: &'static str,
    path: String,
    root: String,
    description: String,
    breadcrumbs: Vec<Crumb>,
    canonical: Option<String>,
}

#[derive(Serialize)]
struct EntityLink {
    name: String,
    href: String,
    summary: String,
}

#[derive(Serialize)]
struct ParamView {
    name: String,
    type_html: String,
    optional: bool,
    flag: Option<String>,
    bit_flag: bool,
    description_html: String,
}

#[derive(Serialize)]
struct ErrorView {
    code: String,
    name: String,
    description_html: String,
}

#[derive(Serialize)]
struct ExampleView {
    id: String,
    label: String,
    html: String,
}

#[derive(Serialize)]
struct EntityView<'e> {
    name: String,
    kind: &'static str,
    namespace: Option<String>,
    id: String,
    signed_id: Option<i32>,
    description_html: String,
    notes_html: String,
    tl_html: String,
    params: Vec<ParamView>,
    result_html: String,
    result_constructors: Vec<EntityLink>,
    of_type: Option<EntityLink>,
    errors: Vec<ErrorView>,
    bots: &'static str,
    users: &'static str,
    examples: &'e [ExampleView],
    related: Vec<Crumb>,
    constructors: Vec<EntityLink>,
    returned_by: Vec<EntityLink>,
    taken_by_methods: Vec<EntityLink>,
    taken_by_constructors: Vec<EntityLink>,
    history: Option<history::HistoryView>,
}

#[derive(Serialize)]
struct Group {
    name: String,
    anchor: String,
    rows: Vec<EntityLink>,
}

#[derive(Serialize)]
struct BuiltinView {
    name: String,
    description_html: String,
}

/// The data of a page that needs only `site` and `page`.
#[derive(Serialize)]
struct NoData {}

#[derive(Serialize)]
struct EntityData<'e> {
    entity: EntityView<'e>,
}

#[derive(Serialize)]
struct ListData {
    groups: Vec<Group>,
    total: usize,
    noun: &'static str,
}

#[derive(Serialize)]
struct HtmlData {
    content_html: String,
    pages: Vec<EntityLink>,
}

#[derive(Serialize)]
struct BuiltinsData {
    builtins: Vec<BuiltinView>,
}

#[derive(Serialize)]
struct SitemapData {
    urls: Vec<String>,
}

fn method_path(schema: &Schema, id: MethodId) -> String {
    format!("methods/{}.html", schema.method(id).name)
}

fn constructor_path(schema: &Schema, id: ConstructorId) -> String {
    format!("constructors/{}.html", schema.constructor(id).name)
}

fn type_path(schema: &Schema, id: TypeId) -> String {
    format!("types/{}.html", schema.ty(id).name)
}

impl<'a> Renderer<'a> {
    /// A renderer of the site `inputs` describe, whose entities have `summaries` (computed
    /// anew when `None`).
    fn new(
        inputs: &'a Inputs<'a>,
        templates: &'a Templates,
        highlighter: &'a Highlighter,
        summaries: Option<Summaries>,
    ) -> Renderer<'a> {
        let schema = inputs.schema;
        let mut pages: HashSet<String> = schema
            .method_ids()
            .map(|id| method_path(schema, id))
            .chain(
                schema
                    .constructor_ids()
                    .map(|id| constructor_path(schema, id)),
            )
            .chain(schema.type_ids().map(|id| type_path(schema, id)))
            .collect();
        for path in [
            "index.html",
            "methods/index.html",
            "constructors/index.html",
            "types/index.html",
            "builtins.html",
            "search.html",
            "404.html",
        ] {
            pages.insert(path.to_owned());
        }
        for page in &inputs.content.pages {
            if page.kind == PageKind::Free {
                pages.insert(page.output_path());
            }
        }
        let (history, problems) = match inputs.history {
            Some(history) => {
                let (pages, problems) = history::HistoryPages::new(history, &mut pages);
                (Some(pages), problems)
            }
            None => (None, Vec::new()),
        };
        let method_namespaces: BTreeSet<&str> = schema
            .methods
            .iter()
            .filter_map(|m| m.namespace())
            .collect();
        let mut guides: Vec<Crumb> = inputs
            .content
            .pages
            .iter()
            .filter(|page| page.kind == PageKind::Free)
            .map(|page| Crumb {
                title: page
                    .front
                    .title
                    .clone()
                    .unwrap_or_else(|| page.path.clone()),
                href: page.output_path(),
            })
            .collect();
        guides.sort_by(|a, b| a.title.cmp(&b.title));
        let site = SiteView {
            method_namespaces: method_namespaces.into_iter().collect(),
            guides,
            title: &inputs.config.title,
            layer: schema.layer,
            methods: schema.methods.len(),
            constructors: schema.constructors.len(),
            types: schema.types.len(),
            namespaces: schema.namespaces.len(),
            base_url: inputs.config.base_url.as_deref(),
            history: inputs.history.and_then(history::layer_range),
        };
        Renderer {
            inputs,
            tera: &templates.tera,
            templates,
            highlighter,
            summaries: summaries.unwrap_or_else(|| Summaries::new(schema, inputs.content)),
            pages,
            site_value: tera::Value::try_from_serializable(&site).map_err(|e| e.to_string()),
            site,
            history,
            problems,
        }
    }

    fn jobs(&self) -> Vec<Job> {
        let schema = self.inputs.schema;
        let mut jobs: Vec<Job> = Vec::new();
        jobs.extend(schema.constructor_ids().map(Job::Constructor));
        jobs.extend(schema.type_ids().map(Job::Type));
        jobs.extend([
            Job::Home,
            Job::MethodIndex,
            Job::ConstructorIndex,
            Job::TypeIndex,
            Job::Builtins,
            Job::NotFound,
            Job::Sitemap,
            Job::Search,
            Job::SearchIndex,
        ]);
        for (index, page) in self.inputs.content.pages.iter().enumerate() {
            if page.kind == PageKind::Free {
                jobs.push(Job::Free(index));
            }
        }
        if let Some(pages) = &self.history {
            jobs.push(Job::Layers);
            jobs.extend((0..pages.history.diffs().len()).map(Job::Changes));
            jobs.extend((0..self.removed_count()).map(Job::Removed));
        }
        jobs
    }

    fn link_diagnostic(&self, problem: LinkProblem) -> Diagnostic {
        let severity = match self.inputs.config.links {
            LinkPolicy::Error => Severity::Error,
            LinkPolicy::Warn => Severity::Warning,
        };
        let span = Span::new(problem.file, problem.offset..problem.offset + 1);
        let mut diagnostic = Diagnostic::new(
            severity,
            format!("broken link: `{}` leads to no page", problem.written),
        );
        diagnostic.labels.push(crate::diagnostic::Label {
            span,
            message: "this link".to_owned(),
            primary: true,
        });
        if severity == Severity::Error {
            diagnostic = diagnostic.with_note(
                "set `links: warn` in tldoc.yaml to report broken links without failing",
            );
        }
        diagnostic
    }

    /// Renders `job` (a method's with its `examples`) into a page of a [`Rendered`] site.
    fn record(
        &self,
        job: Job,
        examples: Option<&Result<Vec<ExampleView>, Diagnostic>>,
    ) -> (String, PageRecord) {
        let result = match (job, examples) {
            (Job::Method(id), Some(Ok(examples))) => self.method_page(id, examples),
            (Job::Method(_), Some(Err(error))) => Err(error.clone()),
            (Job::Method(id), None) => Err(Diagnostic::new(
                Severity::Error,
                format!(
                    "internal error: no examples for `{}`",
                    self.inputs.schema.method(id).name
                ),
            )),
            (job, _) => self.render(&job),
        };
        let (path, page) = match result {
            Ok(((path, bytes), problems, shows)) => (
                path,
                PageRecord {
                    job,
                    output: Ok(bytes),
                    links: problems
                        .into_iter()
                        .map(|problem| self.link_diagnostic(problem))
                        .collect(),
                    shows,
                },
            ),
            Err(error) => (
                self.job_path(job),
                PageRecord {
                    job,
                    output: Err(error),
                    links: Vec::new(),
                    shows: Shows::Nothing,
                },
            ),
        };
        (path, page)
    }

    /// The path of the page `job` renders.
    fn job_path(&self, job: Job) -> String {
        let schema = self.inputs.schema;
        match job {
            Job::Method(id) => method_path(schema, id),
            Job::Constructor(id) => constructor_path(schema, id),
            Job::Type(id) => type_path(schema, id),
            Job::Home => "index.html".to_owned(),
            Job::MethodIndex => "methods/index.html".to_owned(),
            Job::ConstructorIndex => "constructors/index.html".to_owned(),
            Job::TypeIndex => "types/index.html".to_owned(),
            Job::Builtins => "builtins.html".to_owned(),
            Job::Free(index) => self.inputs.content.pages[index].output_path(),
            Job::NotFound => "404.html".to_owned(),
            Job::Sitemap => "sitemap.xml".to_owned(),
            Job::Search => "search.html".to_owned(),
            Job::SearchIndex => "search-index.js".to_owned(),
            Job::Layers => history::CHANGES_INDEX.to_owned(),
            Job::Changes(index) => self.changes_job_path(index),
            Job::Removed(index) => self.removed_job_path(index),
        }
    }

    fn method_page(&self, id: MethodId, examples: &[ExampleView]) -> PageResult {
        let mut problems = Vec::new();
        let entity = self.method_view(id, examples, &mut problems);
        let path = method_path(self.inputs.schema, id);
        let (path, html, shows) = self.entity_output("method.html", path, entity)?;
        Ok(((path, html.into_bytes()), problems, shows))
    }

    fn render(&self, job: &Job) -> PageResult {
        let mut problems = Vec::new();
        let mut shows = Shows::Nothing;
        let schema = self.inputs.schema;
        let (path, html) = match job {
            Job::Method(id) => {
                // Methods are rendered with their examples, by `record`.
                return Err(Diagnostic::new(
                    Severity::Error,
                    format!(
                        "internal error: `{}` rendered without examples",
                        schema.method(*id).name
                    ),
                ));
            }
            Job::Constructor(id) => {
                let entity = self.constructor_view(*id, &mut problems);
                let path = constructor_path(schema, *id);
                let (path, html, entity_shows) =
                    self.entity_output("constructor.html", path, entity)?;
                shows = entity_shows;
                (path, html)
            }
            Job::Type(id) => {
                let entity = self.type_view(*id, &mut problems);
                let (path, html, entity_shows) =
                    self.entity_output("type.html", type_path(schema, *id), entity)?;
                shows = entity_shows;
                (path, html)
            }
            Job::Home => {
                let home = self.inputs.content.page(&PageKind::Home);
                let content_html = home
                    .map(|page| self.page_body(page, "", &mut problems))
                    .unwrap_or_default();
                let pages = self
                    .inputs
                    .content
                    .pages
                    .iter()
                    .filter(|page| page.kind == PageKind::Free)
                    .map(|page| EntityLink {
                        name: page
                            .front
                            .title
                            .clone()
                            .unwrap_or_else(|| page.path.clone()),
                        href: page.output_path(),
                        summary: page
                            .front
                            .description
                            .as_deref()
                            .map(summary)
                            .unwrap_or_default(),
                    })
                    .collect();
                let title = home
                    .and_then(|page| page.front.title.clone())
                    .unwrap_or_else(|| self.inputs.config.title.clone());
                let page = self.page_view(title, "home", "index.html", Vec::new());
                let data = HtmlData {
                    content_html,
                    pages,
                };
                (
                    "index.html".to_owned(),
                    self.render_template("index.html", page, data)?,
                )
            }
            Job::MethodIndex => {
                shows = Shows::All;
                self.list_page("methods", "Methods", "method")?
            }
            Job::ConstructorIndex => {
                shows = Shows::All;
                self.list_page("constructors", "Constructors", "constructor")?
            }
            Job::TypeIndex => {
                shows = Shows::All;
                self.list_page("types", "Types", "type")?
            }
            Job::Builtins => {
                let schema = self.inputs.schema;
                let builtins = schema
                    .listed_builtins()
                    .map(|id| schema.builtin(id))
                    .map(|builtin| BuiltinView {
                        name: builtin.name.clone(),
                        description_html: markdown_to_html(
                            &builtin.description,
                            "",
                            Origin::Body,
                            &LinkResolver::NONE,
                        )
                        .html,
                    })
                    .collect();
                let page = self.page_view(
                    "Builtin types".to_owned(),
                    "builtins",
                    "builtins.html",
                    vec![],
                );
                (
                    "builtins.html".to_owned(),
                    self.render_template("builtins.html", page, BuiltinsData { builtins })?,
                )
            }
            Job::Free(index) => {
                let content_page = &self.inputs.content.pages[*index];
                let path = content_page.output_path();
                let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
                let content_html = self.page_body(content_page, dir, &mut problems);
                let title = content_page
                    .front
                    .title
                    .clone()
                    .unwrap_or_else(|| content_page.path.clone());
                let page = self.page_view(title, "page", &path, vec![]);
                let data = HtmlData {
                    content_html,
                    pages: Vec::new(),
                };
                (path.clone(), self.render_template("page.html", page, data)?)
            }
            Job::NotFound => {
                let page = self.page_view("Page not found".to_owned(), "404", "404.html", vec![]);
                let data = HtmlData {
                    content_html: String::new(),
                    pages: Vec::new(),
                };
                (
                    "404.html".to_owned(),
                    self.render_template("404.html", page, data)?,
                )
            }
            Job::Sitemap => {
                let base = self
                    .inputs
                    .config
                    .base_url
                    .as_deref()
                    .map(|base| base.trim_end_matches('/').to_owned());
                let mut urls: Vec<String> = self
                    .pages
                    .iter()
                    .filter(|path| *path != "404.html")
                    .map(|path| match &base {
                        Some(base) => format!("{base}/{path}"),
                        None => path.clone(),
                    })
                    .collect();
                urls.sort();
                let page = self.page_view("Sitemap".to_owned(), "sitemap", "sitemap.xml", vec![]);
                (
                    "sitemap.xml".to_owned(),
                    self.render_template("sitemap.xml", page, SitemapData { urls })?,
                )
            }
            Job::Search => {
                let page = self.page_view("Search".to_owned(), "search", "search.html", vec![]);
                (
                    "search.html".to_owned(),
                    self.render_template("search.html", page, NoData {})?,
                )
            }
            Job::SearchIndex => {
                shows = Shows::All;
                ("search-index.js".to_owned(), self.search_index())
            }
            Job::Layers => {
                let page = self.page_view(
                    "Changes by layer".to_owned(),
                    "changes",
                    history::CHANGES_INDEX,
                    vec![],
                );
                let data = self.layers_data().ok_or_else(missing_history)?;
                (
                    history::CHANGES_INDEX.to_owned(),
                    self.render_template("changes-index.html", page, data)?,
                )
            }
            Job::Changes(index) => {
                let (layer, data) = self.changes_data(*index).ok_or_else(missing_history)?;
                let path = history::changes_path(layer);
                let crumbs = vec![Crumb {
                    title: "Changes".to_owned(),
                    href: "index.html".to_owned(),
                }];
                let page = self.page_view(
                    format!("Changes in layer {layer}"),
                    "changes",
                    &path,
                    crumbs,
                );
                (path, self.render_template("changes.html", page, data)?)
            }
            Job::Removed(index) => {
                let (path, folder, data) = self.removed_data(*index).ok_or_else(missing_history)?;
                let crumbs = vec![history::removed_crumb(folder)];
                let page = self.page_view(data.title(), "removed", &path, crumbs);
                (path, self.render_template("removed.html", page, data)?)
            }
        };
        Ok(((path, html.into_bytes()), problems, shows))
    }

    /// The search index: every method, constructor and type with its summary, as a script that
    /// sets `window.tldocSearchIndex` (a script, not JSON to fetch, so that search works from
    /// file:// too). Entries are `[name, summary]`; the page's path follows from the kind and name.
    fn search_index(&self) -> String {
        fn entries<'n>(
            names: impl Iterator<Item = &'n str>,
            summaries: &'n [String],
        ) -> Vec<(&'n str, &'n str)> {
            names.zip(summaries.iter().map(String::as_str)).collect()
        }
        let schema = self.inputs.schema;
        let summaries = &self.summaries;
        // A removed entity's page lies where its page was, so its entry is like any other's.
        let with_removed = |entries: Vec<(&str, &str)>, kind| {
            let removed = self.removed_search_entries(kind);
            let all: Vec<(&str, &str)> = entries
                .into_iter()
                .chain(
                    removed
                        .iter()
                        .map(|(name, summary)| (name.as_str(), summary.as_str())),
                )
                .collect();
            serde_json::json!(all)
        };
        let index = serde_json::json!({
            "methods": with_removed(
                entries(schema.methods.iter().map(|m| m.name.as_str()), &summaries.methods),
                EntityKind::Method,
            ),
            "constructors": with_removed(
                entries(
                    schema.constructors.iter().map(|c| c.name.as_str()),
                    &summaries.constructors,
                ),
                EntityKind::Constructor,
            ),
            "types": with_removed(
                entries(schema.types.iter().map(|t| t.name.as_str()), &summaries.types),
                EntityKind::Type,
            ),
        });
        format!("window.tldocSearchIndex = {index};\n")
    }

    /// Renders an entity's page; also says whose summaries it shows.
    fn entity_output(
        &self,
        template: &str,
        path: String,
        entity: EntityView<'_>,
    ) -> Result<(String, String, Shows), Diagnostic> {
        let page = self.entity_page(&path, &entity);
        let shows = [
            &entity.result_constructors,
            &entity.constructors,
            &entity.returned_by,
            &entity.taken_by_methods,
            &entity.taken_by_constructors,
        ]
        .into_iter()
        .flatten()
        .filter(|link| !link.summary.is_empty())
        .map(|link| link.href.trim_start_matches("../").to_owned())
        .collect();
        let html = self.render_template(template, page, EntityData { entity })?;
        Ok((path, html, Shows::Some(shows)))
    }

    fn render_template<T: Serialize>(
        &self,
        template: &str,
        page: PageView,
        data: T,
    ) -> Result<String, Diagnostic> {
        let internal = |error: &dyn std::fmt::Display| {
            Diagnostic::new(Severity::Error, format!("internal error: {error}"))
        };
        // A template sees `site`, `page` and the fields of `data`. `site` is the same on every
        // page, so it is made into a value once; cloning that value shares it.
        let mut context = Context::from_serialize(&data).map_err(|e| internal(&e))?;
        let page = tera::Value::try_from_serializable(&page).map_err(|e| internal(&e))?;
        context.insert_value("page", page);
        let site = self.site_value.as_ref().map_err(|e| internal(e))?;
        context.insert_value("site", site.clone());
        self.tera
            .render(template, &context)
            .map_err(|error| self.template_error(&error))
    }

    fn template_error(&self, error: &tera::Error) -> Diagnostic {
        template_diagnostic(error, &self.templates.files, self.inputs.sources)
    }

    fn page_view(
        &self,
        title: String,
        kind: &'static str,
        path: &str,
        breadcrumbs: Vec<Crumb>,
    ) -> PageView {
        let depth = path.matches('/').count();
        let canonical = self
            .inputs
            .config
            .base_url
            .as_deref()
            .map(|base| format!("{}/{path}", base.trim_end_matches('/')));
        PageView {
            title,
            kind,
            path: path.to_owned(),
            root: "../".repeat(depth),
            description: String::new(),
            breadcrumbs,
            canonical,
        }
    }

    fn entity_page(&self, path: &str, entity: &EntityView<'_>) -> PageView {
        let (folder, label) = match entity.kind {
            "method" => ("methods", "Methods"),
            "constructor" => ("constructors", "Constructors"),
            _ => ("types", "Types"),
        };
        let mut crumbs = vec![Crumb {
            title: label.to_owned(),
            href: format!("../{folder}/index.html"),
        }];
        if let Some(namespace) = &entity.namespace {
            crumbs.push(Crumb {
                title: namespace.clone(),
                href: format!("../{folder}/index.html#{namespace}"),
            });
        }
        let mut page = self.page_view(entity.name.clone(), entity.kind, path, crumbs);
        page.description = summary(&html_to_text(&entity.description_html));
        page
    }

    fn list_page(
        &self,
        folder: &'static str,
        title: &str,
        noun: &'static str,
    ) -> Result<(String, String), Diagnostic> {
        let schema = self.inputs.schema;
        let mut groups: BTreeMap<String, Vec<EntityLink>> = BTreeMap::new();
        let mut push = |name: &str, namespace: Option<&str>, href: String, summary: String| {
            groups
                .entry(namespace.unwrap_or("").to_owned())
                .or_default()
                .push(EntityLink {
                    name: name.to_owned(),
                    href,
                    summary,
                });
        };
        let rows: Vec<(&str, Option<&str>, &String)> = match folder {
            "methods" => schema
                .methods
                .iter()
                .zip(&self.summaries.methods)
                .map(|(m, summary)| (m.name.as_str(), m.namespace(), summary))
                .collect(),
            "constructors" => schema
                .constructors
                .iter()
                .zip(&self.summaries.constructors)
                .map(|(c, summary)| (c.name.as_str(), c.namespace(), summary))
                .collect(),
            _ => schema
                .types
                .iter()
                .zip(&self.summaries.types)
                .map(|(t, summary)| (t.name.as_str(), t.namespace(), summary))
                .collect(),
        };
        for (name, namespace, summary) in rows {
            push(name, namespace, format!("{name}.html"), summary.clone());
        }
        let total = groups.values().map(Vec::len).sum();
        let groups = groups
            .into_iter()
            .map(|(name, mut rows)| {
                rows.sort_by(|a, b| a.name.cmp(&b.name));
                Group {
                    anchor: if name.is_empty() {
                        "root".to_owned()
                    } else {
                        name.clone()
                    },
                    name,
                    rows,
                }
            })
            .collect();
        let path = format!("{folder}/index.html");
        let page = self.page_view(title.to_owned(), "list", &path, vec![]);
        let html = self.render_template(
            "list.html",
            page,
            ListData {
                groups,
                total,
                noun,
            },
        )?;
        Ok((path, html))
    }

    /// Renders Markdown of `page`, written `at` its body or a front-matter value, for a page in
    /// `dir`, collecting broken links with their place in the file.
    fn markdown(
        &self,
        page: &ContentPage,
        markdown: &str,
        dir: &str,
        at: Written<'_>,
        problems: &mut Vec<LinkProblem>,
    ) -> String {
        let schema = self.inputs.schema;
        let resolver = LinkResolver {
            exists: &|target| self.pages.contains(target),
            autolink: &|code| autolink(schema, code),
        };
        let rendered = markdown_to_html(markdown, dir, at.origin(), &resolver);
        let broken: Vec<_> = rendered.links.into_iter().filter(|l| !l.exists).collect();
        let text = &self.inputs.sources.file(page.file).text;
        let offsets = page.link_offsets(text, at, &broken);
        for (link, offset) in broken.into_iter().zip(offsets) {
            problems.push(LinkProblem {
                file: page.file,
                offset,
                written: link.written,
            });
        }
        rendered.html
    }

    fn page_body(&self, page: &ContentPage, dir: &str, problems: &mut Vec<LinkProblem>) -> String {
        let text = &self.inputs.sources.file(page.file).text;
        let mut html = String::new();
        if let Some(description) = &page.front.description
            && page.kind != PageKind::Free
            && page.kind != PageKind::Home
        {
            html.push_str(&self.markdown(page, description, dir, Written::Description, problems));
        }
        html.push_str(&self.markdown(page, &text[page.body_start..], dir, Written::Body, problems));
        html
    }

    fn description_html(
        &self,
        page: Option<&ContentPage>,
        schema_description: Option<&str>,
        dir: &str,
        problems: &mut Vec<LinkProblem>,
    ) -> String {
        match (
            page.and_then(|p| p.front.description.as_deref().map(|d| (p, d))),
            schema_description,
        ) {
            (Some((page, description)), _) => {
                self.markdown(page, description, dir, Written::Description, problems)
            }
            (None, Some(description)) => escape_html(description),
            (None, None) => String::new(),
        }
    }

    fn notes_html(
        &self,
        page: Option<&ContentPage>,
        dir: &str,
        problems: &mut Vec<LinkProblem>,
    ) -> String {
        let Some(page) = page else {
            return String::new();
        };
        let text = &self.inputs.sources.file(page.file).text;
        let body = &text[page.body_start..];
        if body.trim().is_empty() {
            return String::new();
        }
        self.markdown(page, body, dir, Written::Body, problems)
    }

    fn params_view(
        &self,
        combinator: &Combinator,
        page: Option<&ContentPage>,
        dir: &str,
        problems: &mut Vec<LinkProblem>,
    ) -> Vec<ParamView> {
        let schema = self.inputs.schema;
        combinator
            .params
            .iter()
            .filter(|param| !param.is_flags_field())
            .map(|param| {
                let description_html =
                    match page.and_then(|p| p.front.params.get(&param.name).map(|d| (p, d))) {
                        Some((page, description)) => {
                            let at = Written::Param(&param.name);
                            self.markdown(page, description, dir, at, problems)
                        }
                        None => param
                            .description
                            .as_deref()
                            .map(escape_html)
                            .unwrap_or_default(),
                    };
                ParamView {
                    name: param.name.clone(),
                    type_html: type_html(schema, &param.ty, "../"),
                    optional: param.is_optional(),
                    flag: param
                        .flag
                        .as_ref()
                        .map(|flag| format!("{}.{}", flag.field, flag.bit)),
                    bit_flag: param.is_bit_flag(),
                    description_html,
                }
            })
            .collect()
    }

    fn constructor_links(&self, ids: &[ConstructorId]) -> Vec<EntityLink> {
        let schema = self.inputs.schema;
        ids.iter()
            .map(|&id| {
                let constructor = schema.constructor(id);
                EntityLink {
                    name: constructor.name.clone(),
                    href: format!("../{}", constructor_path(schema, id)),
                    summary: self.summaries.constructors[id.index()].clone(),
                }
            })
            .collect()
    }

    fn method_links(&self, ids: &[MethodId]) -> Vec<EntityLink> {
        let schema = self.inputs.schema;
        let mut links: Vec<EntityLink> = ids
            .iter()
            .map(|&id| {
                let method = schema.method(id);
                EntityLink {
                    name: method.name.clone(),
                    href: format!("../{}", method_path(schema, id)),
                    summary: self.summaries.methods[id.index()].clone(),
                }
            })
            .collect();
        links.sort_by(|a, b| a.name.cmp(&b.name));
        links
    }

    fn related(&self, page: Option<&ContentPage>, problems: &mut Vec<LinkProblem>) -> Vec<Crumb> {
        let Some(page) = page else {
            return Vec::new();
        };
        let dir = page
            .output_path()
            .rsplit_once('/')
            .map_or(String::new(), |(dir, _)| dir.to_owned());
        // An entry is a link written in a field, and follows the rule of links in Markdown.
        page.front
            .related
            .iter()
            .enumerate()
            .filter_map(|(index, link)| {
                let href = match crate::content::destination(link, &dir, Origin::Field) {
                    Destination::Script => return None,
                    Destination::AsWritten => link.clone(),
                    Destination::Page { href, target } => {
                        if !target.as_ref().is_some_and(|t| self.pages.contains(t)) {
                            let text = &self.inputs.sources.file(page.file).text;
                            let places = &page.places(text).related;
                            problems.push(LinkProblem {
                                file: page.file,
                                offset: places
                                    .get(index)
                                    .map_or(page.front_range.start, |p| p.start),
                                written: link.clone(),
                            });
                            // Reported, and not published, even when the site says
                            // `links: warn`: as in Markdown, a link to no page is no link.
                            return None;
                        }
                        href
                    }
                };
                let title = link
                    .rsplit('/')
                    .next()
                    .and_then(|name| name.strip_suffix(".md"))
                    .unwrap_or(link)
                    .to_owned();
                Some(Crumb { title, href })
            })
            .collect()
    }

    fn method_view<'e>(
        &self,
        id: MethodId,
        examples: &'e [ExampleView],
        problems: &mut Vec<LinkProblem>,
    ) -> EntityView<'e> {
        let schema = self.inputs.schema;
        let method = schema.method(id);
        let kind = PageKind::Method(method.name.clone());
        let page = self.inputs.content.page(&kind);
        let csv = self.inputs.telethon.methods.get(&method.name);
        let errors = match page.and_then(|p| p.front.errors.as_ref().map(|e| (p, e))) {
            Some((page, errors)) => errors
                .iter()
                .enumerate()
                .map(|(index, error)| ErrorView {
                    code: error.code.to_string(),
                    name: error.name.clone(),
                    description_html: error
                        .description
                        .as_deref()
                        .map(|d| {
                            let at = Written::ErrorDescription(index);
                            self.markdown(page, d, "methods", at, problems)
                        })
                        .or_else(|| {
                            self.inputs
                                .telethon
                                .error(&error.name)
                                .map(|e| escape_html(&e.description))
                        })
                        .unwrap_or_default(),
                })
                .collect(),
            None => csv
                .map(|info| {
                    info.errors
                        .iter()
                        .map(|name| {
                            let known = self.inputs.telethon.error(name);
                            ErrorView {
                                code: known
                                    .map(|e| {
                                        e.codes
                                            .iter()
                                            .map(i32::to_string)
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    })
                                    .unwrap_or_default(),
                                name: name.clone(),
                                description_html: known
                                    .map(|e| escape_html(&e.description))
                                    .unwrap_or_default(),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        let bots = page
            .and_then(|p| p.front.bots)
            .or_else(|| csv.map(|info| info.usability.bots()));
        let users = csv.map(|info| info.usability.users());
        let result_type = match method.result.innermost() {
            TypeRef::Type(ty) => Some(*ty),
            _ => None,
        };
        let result_constructors = result_type
            .map(|ty| self.constructor_links(&schema.ty(ty).constructors))
            .unwrap_or_default();
        let mut tl_html = String::new();
        if let Some(ty) = result_type {
            for &constructor in &schema.ty(ty).constructors {
                tl_html.push_str(&tl_line(
                    schema,
                    schema.constructor(constructor),
                    "constructors",
                    "../",
                ));
                tl_html.push('\n');
            }
            tl_html.push('\n');
        }
        tl_html.push_str("<span class=\"tl-section\">---functions---</span>\n");
        tl_html.push_str(&tl_line(schema, method, "methods", "../"));
        EntityView {
            name: method.name.clone(),
            kind: "method",
            namespace: method.namespace().map(str::to_owned),
            id: format!("{:08x}", method.id),
            signed_id: Some(method.signed_id()),
            description_html: self.description_html(
                page,
                method.description.as_deref(),
                "methods",
                problems,
            ),
            notes_html: self.notes_html(page, "methods", problems),
            tl_html,
            params: self.params_view(method, page, "methods", problems),
            result_html: type_html(schema, &method.result, "../"),
            result_constructors,
            of_type: None,
            errors,
            bots: yes_no(bots),
            users: yes_no(users),
            examples,
            related: self.related(page, problems),
            constructors: Vec::new(),
            returned_by: Vec::new(),
            taken_by_methods: Vec::new(),
            taken_by_constructors: Vec::new(),
            history: self.history_view(EntityKind::Method, &method.name),
        }
    }

    /// Every method's examples, highlighted.
    ///
    /// Highlighting is most of a build's work, so it is arranged to do as little as possible:
    /// each language is one task that highlights all the methods' examples in that language on
    /// one thread, so that a line recurring across methods is learnt by one thread's cache only
    /// (and a grammar's regexes are compiled by the thread that uses them, with no other waiting
    /// on it). A method whose examples cannot be written gets the template's error instead.
    fn highlighted_examples(&self) -> Vec<Result<Vec<ExampleView>, Diagnostic>> {
        let schema = self.inputs.schema;
        let templates = match self.example_templates() {
            Ok(templates) => templates,
            Err(diagnostic) => {
                return (0..schema.methods.len())
                    .map(|_| Err(diagnostic.clone()))
                    .collect();
            }
        };
        let codes: Vec<Result<Vec<String>, Diagnostic>> = schema
            .method_ids()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|id| {
                let example = examples::method_example(schema, id);
                templates
                    .iter()
                    .map(|(_, template)| {
                        examples::render_example(self.tera, template, &example)
                            .map_err(|error| self.template_error(&error))
                    })
                    .collect()
            })
            .collect();
        let highlighted: Vec<Vec<String>> = templates
            .par_iter()
            .enumerate()
            .with_max_len(1)
            .map(|(index, (_, template))| {
                let extension = template.rsplit('.').next().unwrap_or("");
                codes
                    .iter()
                    .map(|code| match code {
                        Ok(code) => self.highlighter.highlight(&code[index], extension),
                        Err(_) => String::new(),
                    })
                    .collect()
            })
            .collect();
        let mut by_language: Vec<std::vec::IntoIter<String>> =
            highlighted.into_iter().map(Vec::into_iter).collect();
        codes
            .into_iter()
            .map(|code| {
                let views = templates
                    .iter()
                    .zip(&mut by_language)
                    .map(|((language, _), html)| ExampleView {
                        id: language.clone(),
                        label: examples::language_label(language),
                        html: html.next().unwrap_or_default(),
                    })
                    .collect();
                code.map(|_| views)
            })
            .collect()
    }

    /// Each example language of the site, in tab order, with its template.
    fn example_templates(&self) -> Result<Vec<(String, String)>, Diagnostic> {
        self.inputs
            .config
            .examples
            .iter()
            .enumerate()
            .map(|(index, language)| match examples::template_name(self.tera, language) {
                Some(template) => Ok((language.clone(), template)),
                None => {
                    let message = format!("no template for the example language `{language}`");
                    let diagnostic = match self.inputs.config.span_of_item("examples", index) {
                        Some(span) => Diagnostic::error(message, span, "not in `templates/examples/`"),
                        None => Diagnostic::new(Severity::Error, message)
                            .in_file(crate::config::FILE_NAME),
                    };
                    Err(diagnostic.with_note(format!(
                        "add `templates/examples/{language}.EXT`, or remove `{language}` from `examples`"
                    )))
                }
            })
            .collect()
    }

    fn constructor_view(
        &self,
        id: ConstructorId,
        problems: &mut Vec<LinkProblem>,
    ) -> EntityView<'static> {
        let schema = self.inputs.schema;
        let constructor = schema.constructor(id);
        let page = self
            .inputs
            .content
            .page(&PageKind::Constructor(constructor.name.clone()));
        let of_type = schema.constructor_type(id).map(|ty| EntityLink {
            name: schema.ty(ty).name.clone(),
            href: format!("../{}", type_path(schema, ty)),
            summary: String::new(),
        });
        let (returned_by, taken_by_methods, taken_by_constructors) =
            match schema.constructor_type(id) {
                Some(ty) => {
                    let ty = schema.ty(ty);
                    (
                        self.method_links(&ty.returned_by),
                        self.method_links(&ty.taken_by_methods),
                        self.constructor_links(&ty.taken_by_constructors),
                    )
                }
                None => (Vec::new(), Vec::new(), Vec::new()),
            };
        EntityView {
            name: constructor.name.clone(),
            kind: "constructor",
            namespace: constructor.namespace().map(str::to_owned),
            id: format!("{:08x}", constructor.id),
            signed_id: Some(constructor.signed_id()),
            description_html: self.description_html(
                page,
                constructor.description.as_deref(),
                "constructors",
                problems,
            ),
            notes_html: self.notes_html(page, "constructors", problems),
            tl_html: tl_line(schema, constructor, "constructors", "../"),
            params: self.params_view(constructor, page, "constructors", problems),
            result_html: type_html(schema, &constructor.result, "../"),
            result_constructors: Vec::new(),
            of_type,
            errors: Vec::new(),
            bots: "unknown",
            users: "unknown",
            examples: &[],
            related: self.related(page, problems),
            constructors: Vec::new(),
            returned_by,
            taken_by_methods,
            taken_by_constructors,
            history: self.history_view(EntityKind::Constructor, &constructor.name),
        }
    }

    fn type_view(&self, id: TypeId, problems: &mut Vec<LinkProblem>) -> EntityView<'static> {
        let schema = self.inputs.schema;
        let ty = schema.ty(id);
        let page = self.inputs.content.page(&PageKind::Type(ty.name.clone()));
        let mut tl_html = String::new();
        for &constructor in &ty.constructors {
            tl_html.push_str(&tl_line(
                schema,
                schema.constructor(constructor),
                "constructors",
                "../",
            ));
            tl_html.push('\n');
        }
        EntityView {
            name: ty.name.clone(),
            kind: "type",
            namespace: ty.namespace().map(str::to_owned),
            id: String::new(),
            signed_id: None,
            description_html: self.description_html(
                page,
                ty.description.as_deref(),
                "types",
                problems,
            ),
            notes_html: self.notes_html(page, "types", problems),
            tl_html,
            params: Vec::new(),
            result_html: String::new(),
            result_constructors: Vec::new(),
            of_type: None,
            errors: Vec::new(),
            bots: "unknown",
            users: "unknown",
            examples: &[],
            related: self.related(page, problems),
            constructors: self.constructor_links(&ty.constructors),
            returned_by: self.method_links(&ty.returned_by),
            taken_by_methods: self.method_links(&ty.taken_by_methods),
            taken_by_constructors: self.constructor_links(&ty.taken_by_constructors),
            history: self.history_view(EntityKind::Type, &ty.name),
        }
    }
}

/// A history page asked of a renderer without a history: jobs for them are made only with one.
fn missing_history() -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "internal error: a history page without a history",
    )
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// Strips tags from HTML, for the plain-text description of a page.
fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The page that inline code names, if it names an entity: a method, a type, or a constructor
/// whose name cannot be an ordinary word (it has a namespace or a capital letter, unlike `user`
/// or `true`).
fn autolink(schema: &Schema, code: &str) -> Option<String> {
    if let Some(id) = schema.method_named(code) {
        return Some(method_path(schema, id));
    }
    if let Some(id) = schema.type_named(code) {
        return Some(type_path(schema, id));
    }
    let distinctive = code.contains('.') || code.chars().any(|c| c.is_ascii_uppercase());
    if distinctive && let Some(id) = schema.constructor_named(code) {
        return Some(constructor_path(schema, id));
    }
    None
}

/// A type reference as HTML, every named type a link: `Vector<InputUser>` links `InputUser`.
pub fn type_html(schema: &Schema, ty: &TypeRef, to_root: &str) -> String {
    let mut out = String::new();
    write_type_html(&mut out, schema, ty, to_root);
    out
}

fn write_type_html(out: &mut String, schema: &Schema, ty: &TypeRef, to_root: &str) {
    let link = |out: &mut String, href: String, text: &str| {
        let _ = write!(
            out,
            "<a class=\"tl-type\" href=\"{to_root}{}\">{}</a>",
            escape_html(&href),
            escape_html(text)
        );
    };
    match ty {
        TypeRef::Nat => out.push('#'),
        TypeRef::Builtin(id) => {
            let name = &schema.builtin(*id).name;
            link(out, format!("builtins.html#{name}"), name);
        }
        TypeRef::Type(id) => link(out, type_path(schema, *id), &schema.ty(*id).name),
        TypeRef::BareType(id) => {
            out.push('%');
            link(out, type_path(schema, *id), &schema.ty(*id).name);
        }
        TypeRef::Constructor(id) => link(
            out,
            constructor_path(schema, *id),
            &schema.constructor(*id).name,
        ),
        TypeRef::Vector { boxed, element } => {
            match schema.type_named("Vector").filter(|_| *boxed) {
                Some(vector) => link(out, type_path(schema, vector), "Vector"),
                None => out.push_str(if *boxed { "Vector" } else { "vector" }),
            }
            out.push_str("&lt;");
            write_type_html(out, schema, element, to_root);
            out.push_str("&gt;");
        }
        TypeRef::Generic { name, bang } => {
            if *bang {
                out.push('!');
            }
            out.push_str(&escape_html(name));
        }
    }
}

/// A combinator's TL definition as HTML, rendered from the model with every type a link.
fn tl_line(schema: &Schema, combinator: &Combinator, folder: &str, to_root: &str) -> String {
    if combinator.definition.contains('[') {
        // Only the builtin `vector` has anonymous and repeated arguments; show it as written.
        return format!(
            "<span class=\"tl-def\">{}</span>",
            escape_html(&combinator.definition)
        );
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<a class=\"tl-name\" href=\"{to_root}{folder}/{name}.html\">{name}</a><span class=\"tl-id\">#{id:08x}</span>",
        name = escape_html(&combinator.name),
        id = combinator.id
    );
    for generic in &combinator.generics {
        let _ = write!(out, " {{{}:Type}}", escape_html(generic));
    }
    for param in &combinator.params {
        let _ = write!(
            out,
            " <span class=\"tl-param\">{}</span>:",
            escape_html(&param.name)
        );
        if let Some(flag) = &param.flag {
            let _ = write!(
                out,
                "<span class=\"tl-flag\">{}.{}?</span>",
                escape_html(&flag.field),
                flag.bit
            );
        }
        write_type_html(&mut out, schema, &param.ty, to_root);
    }
    out.push_str(" = ");
    write_type_html(&mut out, schema, &combinator.result, to_root);
    if let TypeRef::Type(id) = &combinator.result
        && schema.ty(*id).name == "Vector"
    {
        out.push_str(" t");
    }
    out.push(';');
    out
}
