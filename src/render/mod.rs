//! Rendering: every page of the site, from the model, the content and the templates.
//!
//! Rust computes what each page shows (links, summaries, highlighted code, the parts of a TL
//! definition, merged error lists) into small serialisable views; Tera templates lay them out
//! and own every piece of markup, so that a site's `templates/` can change any of it. The views
//! are built per page and rendered in parallel.
//!
//! The work is split by job, one module each: `pages` is the one list of pages (paths,
//! templates, titles) every other part asks; `templates` loads the templates and turns their
//! errors into diagnostics; `views` are what templates see; `entity` makes the pages of
//! methods, constructors and types, `tl` the parts of their TL definitions, `indexes` the
//! indexes and other pages of the site, `search` the search index, `errors` the pages of errors
//! and of who may call what, `summaries` the one-line summaries they all show, `markdown` the
//! content's Markdown with its broken links, and `history` the pages of a site's history.
//! `incremental` keeps a render so that an edit re-renders only what it touches. This module
//! ties them together: [`render_site`], and the `Renderer` every page is rendered by.

mod autolink;
mod data;
mod entity;
mod errors;
mod example_tabs;
mod history;
mod incremental;
mod indexes;
mod markdown;
mod markdown_copy;
mod pages;
mod search;
mod summaries;
mod templates;
mod theme;
mod tl;
mod views;

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::{Config, LinkPolicy};
use crate::content::Content;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceMap, Span};
use crate::errors::ErrorCatalog;
use crate::highlight::Highlighter;
use crate::history::History;
use crate::model::Schema;
use crate::telethon::TelethonData;
use crate::urls;

pub use incremental::Rendered;
pub use templates::{Templates, load_templates};
pub use tl::{TypePart, type_parts};

use incremental::{PageRecord, Shows};
use markdown::LinkProblem;
use pages::{Page, PageList};
use summaries::Summaries;
use views::{Crumb, ExampleView, PageView, SiteView};

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
    /// Every RPC error, with the methods that return it.
    pub errors: &'a ErrorCatalog,
    /// The schema's history, when the site has one.
    pub history: Option<&'a History>,
    /// Every source file, for locating broken links.
    pub sources: &'a SourceMap,
}

/// Renders every page. Broken links in content become diagnostics per the link policy; the
/// result keeps what [`Rendered::rerender`] needs to render again only what an edit touches.
pub fn render_site(
    inputs: &Inputs<'_>,
    templates: &Templates,
    highlighter: &Highlighter,
) -> Rendered {
    let renderer = Renderer::new(inputs, templates, highlighter, None);
    let (examples, pages) = renderer.render_every_page(|path, record| (path, record));
    Rendered::new(pages, theme::fixed_files(inputs), examples, renderer)
}

/// Where [`render_site_into`] puts each file as soon as it is made.
pub trait Sink: Sync {
    /// Told every path that will be written, before the first is.
    fn expect(&self, paths: &[&str]) -> std::io::Result<()>;
    /// Takes the file at `path`; called from several threads at once.
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// Renders every page as [`render_site`] does, but hands each file to `sink` as soon as it is
/// made instead of keeping it, so that a build written straight out holds no page for longer
/// than it takes to render and write it: the site's pages together are several times the size
/// of its model. Returns how many files it wrote and what rendering reported (as
/// [`Rendered::diagnostics`] does), or the first error of `sink`.
pub fn render_site_into(
    inputs: &Inputs<'_>,
    templates: &Templates,
    highlighter: &Highlighter,
    sink: &dyn Sink,
) -> std::io::Result<(usize, Diagnostics)> {
    let renderer = Renderer::new(inputs, templates, highlighter, None);
    let (fixed, fixed_diagnostics) = theme::fixed_files(inputs);
    let expected: Vec<String> = renderer
        .pages
        .pages()
        .iter()
        .map(|&page| renderer.pages.path(page))
        .collect();
    let mut paths: Vec<&str> = expected.iter().map(String::as_str).collect();
    paths.extend(fixed.iter().map(|(path, _)| path.as_str()));
    paths.par_sort_unstable();
    sink.expect(&paths)?;
    fixed
        .par_iter()
        .try_for_each(|(path, bytes)| sink.write(path, bytes))?;
    let failure = std::sync::Mutex::new(None);
    let (_, reported) = renderer.render_every_page(|path, mut record| {
        if let Ok(bytes) = &record.output {
            if let Err(error) = sink.write(&path, bytes) {
                failure
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .get_or_insert(error);
            }
            record.output = Ok(Vec::new());
        }
        // Written: only what a page reported is kept, and freed here, on the thread that made
        // it, rather than all together at the end.
        let reported = record.output.is_err() || !record.links.is_empty();
        reported.then(|| {
            let shows = Shows::Nothing;
            (path, PageRecord { shows, ..record })
        })
    });
    if let Some(error) = failure
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        return Err(error);
    }
    let mut reported: Vec<(String, PageRecord)> = reported.into_iter().flatten().collect();
    // In the order a kept render reports them.
    reported.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let records: Vec<&PageRecord> = reported.iter().map(|(_, record)| record).collect();
    let diagnostics =
        incremental::diagnostics(&fixed_diagnostics, &renderer.pages.problems, &records);
    Ok((paths.len(), diagnostics))
}

/// Every entity's Markdown copy, in the order of the page list (methods, constructors, types),
/// one after another.
pub fn markdown_copies(
    inputs: &Inputs<'_>,
    templates: &Templates,
    highlighter: &Highlighter,
) -> Result<String, Diagnostic> {
    let renderer = Renderer::new(inputs, templates, highlighter, None);
    let copies: Vec<Page> = renderer
        .pages
        .pages()
        .iter()
        .copied()
        .filter(|page| page.is_markdown_copy())
        .collect();
    let texts: Vec<String> = copies
        .par_iter()
        .map(|&page| {
            let mut shows = Shows::Nothing;
            renderer.markdown_copy(page, &renderer.pages.path(page), true, &mut shows)
        })
        .collect::<Result<_, _>>()?;
    Ok(texts.join("\n"))
}

/// A rendered page's bytes, the broken links in its content and whose summaries it shows.
struct Rendering {
    html: String,
    problems: Vec<LinkProblem>,
    shows: Shows,
}

/// Each fragment laid out, by template, way back to the root and current page.
type Fragments =
    std::collections::HashMap<(&'static str, String, String), Result<tera::Value, Diagnostic>>;

/// What renders every page of one site: the inputs, the templates, and what every page shares.
struct Renderer<'a> {
    inputs: &'a Inputs<'a>,
    templates: &'a Templates,
    highlighter: &'a Highlighter,
    /// Every page the site will have.
    pages: PageList<'a>,
    /// The one-line summary of every entity, computed once: index rows and the lists on other
    /// entities' pages show the same summary many times over.
    summaries: Summaries,
    /// Who may call each method.
    callers: Vec<errors::Callers>,
    site: SiteView<'a>,
    /// `site` as the value templates see, made once for every page (the error, which a struct
    /// of strings and numbers never gives, as text).
    site_value: Result<tera::Value, String>,
    /// What the content documents, computed when a page first asks.
    coverage: std::sync::OnceLock<crate::export::Coverage>,
    /// What each entity's content leaves out, which the coverage is made of; an incremental
    /// render hands in the last render's, brought up to date.
    lacking: std::sync::OnceLock<crate::export::EntityParts<crate::export::Lacking>>,
    /// tldoc.json's parts, made when it is rendered; likewise.
    data: std::sync::OnceLock<crate::export::JsonParts>,
    /// The search index's details in parts, likewise.
    details: std::sync::OnceLock<crate::export::JsonParts>,
    /// The header and the sidebar laid out for each folder depth and current page (see
    /// [`Renderer::fragment`]), when a page first asks.
    fragments: std::sync::Mutex<Fragments>,
    /// Each combinator's definition, laid out once when a page first shows it.
    tl_lines: tl::TlLines,
    /// Each type's "Where it is used" lists, made when a page first shows them.
    usage: Vec<std::sync::OnceLock<Result<entity::Usage, String>>>,
    /// The empty lists of the pages of methods and of constructors of no type.
    no_usage: std::sync::OnceLock<Result<entity::Usage, String>>,
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
        // The page list and the summaries are a few milliseconds each, and the other core is
        // idle meanwhile.
        let (pages, summaries) = rayon::join(
            || PageList::new(inputs),
            || summaries.unwrap_or_else(|| Summaries::new(schema, inputs.content)),
        );
        let method_namespaces: BTreeSet<&str> = schema
            .methods
            .iter()
            .filter_map(|m| m.namespace())
            .collect();
        let mut guides: Vec<Crumb> = pages
            .pages()
            .iter()
            .filter(|page| matches!(page, Page::Free(_)))
            .map(|&page| Crumb {
                title: pages.title(page),
                href: pages.path(page),
            })
            .collect();
        guides.sort_by(|a, b| a.title.cmp(&b.title));
        let site = SiteView {
            method_namespaces: method_namespaces.into_iter().collect(),
            guides,
            title: &inputs.config.title,
            layer: schema.layer,
            release: release(schema, inputs),
            methods: schema.methods.len(),
            constructors: schema.constructors.len(),
            types: schema.types.len(),
            namespaces: schema.namespaces.len(),
            base_url: inputs.config.base_url.as_deref(),
            history: inputs.history.and_then(history::layer_range),
            tdlib: schema.kinds.contains(&crate::model::SchemaKind::Tdlib),
        };
        Renderer {
            inputs,
            templates,
            highlighter,
            summaries,
            callers: errors::callers(inputs),
            pages,
            site_value: tera::Value::try_from_serializable(&site).map_err(|e| e.to_string()),
            site,
            coverage: std::sync::OnceLock::new(),
            lacking: std::sync::OnceLock::new(),
            fragments: std::sync::Mutex::default(),
            data: std::sync::OnceLock::new(),
            details: std::sync::OnceLock::new(),
            tl_lines: tl::TlLines::new(schema),
            usage: schema
                .types
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            no_usage: std::sync::OnceLock::new(),
        }
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

    /// Renders every page, each handed to `keep` as soon as it is rendered, and every method's
    /// examples, highlighted.
    fn render_every_page<T: Send>(
        &self,
        keep: impl Fn(String, PageRecord) -> T + Sync,
    ) -> (Vec<Result<Vec<ExampleView>, Diagnostic>>, Vec<T>) {
        let (methods, mut others): (Vec<Page>, Vec<Page>) = self
            .pages
            .pages()
            .iter()
            .partition(|page| matches!(page, Page::Method(_)));
        // The pages made of the whole site (tldoc.json, the search index, the home page's
        // coverage) are each one long task: started first, none is left running alone at the
        // end while the other core idles. Which page is written when changes nothing else.
        others.sort_by_key(|page| page.is_entity() || page.is_markdown_copy());
        let keep = |(path, record)| keep(path, record);
        // Highlighting the examples, then the methods' pages, go on beside the other pages,
        // which need no examples: the methods need not wait for the last of those, nor those
        // for the examples, so neither core idles until the last page.
        let (mut kept, (examples, method_pages)): (Vec<T>, (_, Vec<T>)) = rayon::join(
            || {
                others
                    .par_iter()
                    .map(|&page| keep(self.record(page, None)))
                    .collect()
            },
            || {
                let examples = self.highlighted_examples();
                let pages = (methods.par_iter().zip(&examples))
                    .map(|(&page, examples)| keep(self.record(page, Some(examples))))
                    .collect();
                (examples, pages)
            },
        );
        kept.extend(method_pages);
        (examples, kept)
    }

    /// Renders `page` (a method's with its `examples`) into a page of a [`Rendered`] site.
    fn record(
        &self,
        page: Page,
        examples: Option<&Result<Vec<ExampleView>, Diagnostic>>,
    ) -> (String, PageRecord) {
        let path = self.pages.path(page);
        let record = match self.render(page, &path, examples) {
            Ok(rendering) => PageRecord {
                page,
                output: Ok(rendering.html.into_bytes()),
                links: rendering
                    .problems
                    .into_iter()
                    .map(|problem| self.link_diagnostic(problem))
                    .collect(),
                shows: rendering.shows,
            },
            Err(error) => PageRecord {
                page,
                output: Err(error),
                links: Vec::new(),
                shows: Shows::Nothing,
            },
        };
        (path, record)
    }

    /// Renders `page`, at `path`; a method's needs its `examples`.
    fn render(
        &self,
        page: Page,
        path: &str,
        examples: Option<&Result<Vec<ExampleView>, Diagnostic>>,
    ) -> Result<Rendering, Diagnostic> {
        let mut problems = Vec::new();
        let mut shows = Shows::Nothing;
        let html = match page {
            Page::Method(id) => match examples {
                Some(Ok(examples)) => {
                    self.method_page(id, path, examples, &mut problems, &mut shows)?
                }
                Some(Err(error)) => return Err(error.clone()),
                None => {
                    let method = &self.inputs.schema.method(id).name;
                    return Err(internal_error(format!("no examples for `{method}`")));
                }
            },
            Page::Constructor(id) => self.constructor_page(id, path, &mut problems, &mut shows)?,
            Page::Type(id) => self.type_page(id, path, &mut problems, &mut shows)?,
            Page::Home => self.home_page(&mut problems)?,
            Page::Index(kind) => {
                shows = Shows::All;
                self.kind_index(kind)?
            }
            Page::Builtins => self.builtins_page()?,
            Page::Free(index) => self.free_page(index, path, &mut problems)?,
            Page::NotFound | Page::Search => self.plain_page(page, path)?,
            Page::Sitemap => self.sitemap()?,
            Page::SearchIndex => {
                shows = Shows::All;
                self.search_index()
            }
            Page::SearchDetails => self.search_details(),
            Page::Layers => self.layers_page()?,
            Page::Changes(index) => self.changes_page(index, path)?,
            Page::Removed(index) => self.removed_page(index, path)?,
            Page::Error(index) => {
                let error = &self.inputs.errors.errors[index];
                shows = Shows::Some(
                    (error.methods.iter())
                        .map(|&id| {
                            let name = &self.inputs.schema.method(id).name;
                            urls::entity_page(crate::model::EntityKind::Method, name)
                        })
                        .collect(),
                );
                self.error_page(index, path)?
            }
            Page::Errors => self.errors_index()?,
            Page::Callable(caller) => {
                shows = Shows::All;
                self.callable_index(caller)?
            }
            Page::MethodMarkdown(_) | Page::ConstructorMarkdown(_) | Page::TypeMarkdown(_) => {
                self.markdown_copy(page, path, false, &mut shows)?
            }
            Page::SchemaJson => crate::export::schema_json(self.inputs.schema),
            Page::TldocJson => {
                let sources = self.export_sources();
                let parts = self
                    .data
                    .get_or_init(|| crate::export::data_parts(&sources));
                crate::export::tldoc_json_of(parts, &sources)
            }
            Page::LlmsTxt => self.llms_txt()?,
            Page::Coverage => self.coverage_page()?,
            Page::AtomFeed => self.atom_feed()?,
        };
        Ok(Rendering {
            html,
            problems,
            shows,
        })
    }

    /// Renders `page`'s template with its `view` and `data`: a template sees `site`, `page` and
    /// the fields of `data`.
    fn render_template<T: Serialize>(
        &self,
        page: Page,
        view: PageView,
        data: T,
    ) -> Result<String, Diagnostic> {
        let template = page
            .template()
            .ok_or_else(|| internal_error("a page without a template"))?;
        let mut context = Context::from_serialize(&data).map_err(internal_error)?;
        let mut view = view;
        if template.ends_with(".html") {
            // The pages of entities (removed ones too) and errors are most of a site, and the
            // sidebar lists none of them: for them it is laid out once.
            let listed = !(page.is_entity() || matches!(page, Page::Error(_) | Page::Removed(_)));
            let current = if listed { view.path.as_str() } else { "" };
            view.header = self.fragment("header.html", &view.root, "")?;
            view.sidebar = self.fragment("sidebar.html", &view.root, current)?;
        }
        let view = tera::Value::try_from_serializable(&view).map_err(internal_error)?;
        context.insert_value("page", view);
        // `site` is the same on every page, so it is made into a value once; cloning that value
        // shares it.
        let site = self.site_value.as_ref().map_err(internal_error)?;
        context.insert_value("site", site.clone());
        self.templates
            .tera
            .render(template, &context)
            .map_err(|error| self.template_error(&error))
    }

    /// What the template `name` (`header.html`, `sidebar.html`) lays out with `site`, `root` and
    /// `current`: once for each `root` and `current` met, since the same few dozen links on
    /// every page cost a tenth of a build when each page's own template laid them out again.
    /// It is a template value, which every page showing it shares rather than copies.
    fn fragment(
        &self,
        name: &'static str,
        root: &str,
        current: &str,
    ) -> Result<tera::Value, Diagnostic> {
        let done = || {
            self.fragments
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let key = (name, root.to_owned(), current.to_owned());
        if let Some(rendered) = done().get(&key) {
            return rendered.clone();
        }
        let site = self.site_value.as_ref().map_err(internal_error)?;
        let mut context = Context::new();
        context.insert_value("site", site.clone());
        context.insert("root", root);
        context.insert("current", current);
        let rendered = (self.templates.tera)
            .render(name, &context)
            .map(|html| tera::Value::safe_string(&html))
            .map_err(|error| self.template_error(&error));
        done().insert(key, rendered.clone());
        rendered
    }

    fn template_error(&self, error: &tera::Error) -> Diagnostic {
        templates::template_diagnostic(error, &self.templates.files, self.inputs.sources)
    }

    /// What templates see as `page`, for `page` at `path`, with its `breadcrumbs`.
    fn page_view(&self, page: Page, path: &str, breadcrumbs: Vec<Crumb>) -> PageView {
        let base_url = self.inputs.config.base_url.as_deref();
        // The 404 page is served in place of any missing page, at any depth, so its links and
        // assets start from the site's root path (the base URL's, or the server's `/`), and it
        // is no page's canonical address.
        let not_found = page == Page::NotFound;
        let canonical = base_url
            .filter(|_| !not_found)
            .map(|base| urls::absolute(base, path));
        let root = match base_url {
            _ if !not_found => urls::to_root(path),
            Some(base) => urls::root_path(base),
            None => "/".to_owned(),
        };
        PageView {
            title: self.pages.title(page),
            kind: page.kind(),
            path: path.to_owned(),
            root,
            description: self.pages.description(page),
            breadcrumbs,
            canonical,
            markdown_href: None,
            edit_href: None,
            document_href: None,
            header: tera::Value::none(),
            sidebar: tera::Value::none(),
        }
    }
}

/// A diagnostic for what cannot happen: a template value that does not serialise, a page the
/// page list does not have.
fn internal_error(error: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(Severity::Error, format!("internal error: {error}"))
}

/// The TDLib release of a TDLib schema: its history's newest, or the one `version:` names.
fn release(schema: &Schema, inputs: &Inputs<'_>) -> Option<crate::model::Release> {
    if !schema.kinds.contains(&crate::model::SchemaKind::Tdlib) {
        return None;
    }
    match inputs.history.and_then(|history| history.versions().last()) {
        Some(&crate::history::Version::Tdlib(release)) => Some(release),
        _ => inputs.config.version,
    }
}

/// A history page asked of a renderer without a history: jobs for them are made only with one.
fn missing_history() -> Diagnostic {
    internal_error("a history page without a history")
}
