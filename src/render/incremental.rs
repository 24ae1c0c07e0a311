//! A rendered site kept in memory, so that an edit of content re-renders only what it touches.
//!
//! `tldoc serve` keeps the last render; after an edit of content files it asks
//! [`Rendered::rerender`] for just the pages the edit touches: the pages made from the edited
//! files, and every page showing a summary that changed. Which pages show whose summaries is read
//! off each page's own data as it is rendered ([`Shows`]), so it cannot miss one; an edit that
//! changes what every page shows (the guides in the sidebar) or the list of pages itself is
//! refused, for a whole render. Whatever it leaves equals what [`super::render_site`] gives, which
//! `tests/incremental.rs` checks edit by edit.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;

use super::errors::Callers;
use super::pages::{Caller, Page};
use super::summaries::Summaries;
use super::views::{Crumb, ExampleView};
use super::{Inputs, OutputFile, Renderer, Templates, theme};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::errors::ErrorCatalog;
use crate::export::{Entity, EntityParts, JsonParts, Lacking, json_part};
use crate::highlight::Highlighter;

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
    /// The errors the pages show, which front matter can change.
    errors: ErrorCatalog,
    /// Who may call each method, which front matter can change.
    callers: Vec<Callers>,
    /// tldoc.json's parts, for bringing it up to date entity by entity.
    data: Option<JsonParts>,
    /// The search index's details in parts, likewise.
    details: Option<JsonParts>,
    /// What each entity's content leaves out, of which the coverage is made, likewise.
    lacking: Option<EntityParts<Lacking>>,
}

/// What rendering reported: `fixed`, what reading the theme's files did, then the `problems`
/// of the history's pages that cannot be written, then each page's template error (each once,
/// though a broken shared template fails every page using it) and broken links.
pub(super) fn diagnostics<R: std::borrow::Borrow<PageRecord>>(
    fixed: &[Diagnostic],
    problems: &[Diagnostic],
    pages: &[R],
) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for diagnostic in fixed.iter().chain(problems) {
        diagnostics.push(diagnostic.clone());
    }
    let mut reported = HashSet::new();
    for page in pages {
        let page = page.borrow();
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

/// One page of a [`Rendered`] site.
pub(super) struct PageRecord {
    pub(super) page: Page,
    /// The page, or why it could not be rendered.
    pub(super) output: Result<Vec<u8>, Diagnostic>,
    /// The broken links of its content.
    pub(super) links: Vec<Diagnostic>,
    /// Whose summaries it shows.
    pub(super) shows: Shows,
}

/// Whose one-line summaries a page shows, so that a change to one re-renders the pages showing
/// it. It is read off what the page was given (every summary shown is an [`super::views::EntityLink`]'s), so it
/// cannot miss one.
#[derive(Default)]
pub(super) enum Shows {
    #[default]
    Nothing,
    /// Those of the entities with these pages.
    Some(Vec<String>),
    /// Those of every entity.
    All,
}

impl Rendered {
    /// The render of a site: its `pages` as `renderer` rendered them, its `fixed` files and
    /// what reading them reported, and each method's `examples`.
    pub(super) fn new(
        pages: Vec<(String, PageRecord)>,
        (fixed, fixed_diagnostics): (Vec<OutputFile>, Vec<Diagnostic>),
        examples: Vec<Result<Vec<ExampleView>, Diagnostic>>,
        renderer: Renderer<'_>,
    ) -> Rendered {
        Rendered {
            pages: pages.into_iter().collect(),
            fixed,
            fixed_diagnostics,
            examples,
            summaries: renderer.summaries,
            guides: renderer.site.guides,
            paths: renderer.pages.paths().clone(),
            problems: renderer.pages.problems,
            errors: renderer.inputs.errors.clone(),
            callers: renderer.callers,
            data: renderer.data.into_inner(),
            details: renderer.details.into_inner(),
            lacking: renderer.lacking.into_inner(),
        }
    }

    /// What rendering reported: pages of the history that cannot be written, template errors
    /// (each once, though a broken shared template fails every page using it) and broken links in
    /// content.
    pub fn diagnostics(&self) -> Diagnostics {
        let pages: Vec<&PageRecord> = self.pages.values().collect();
        diagnostics(&self.fixed_diagnostics, &self.problems, &pages)
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
        let (fixed, diagnostics) = theme::fixed_files(inputs);
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
    /// free page changed (it lists them). Returns the paths whose files changed, or `None` when the
    /// edit changes what every page shows (the guides in the sidebar, or the set of pages), for
    /// which only a whole render will do. What it leaves equals what [`super::render_site`] would
    /// give.
    pub fn rerender(
        &mut self,
        inputs: &Inputs<'_>,
        templates: &Templates,
        highlighter: &Highlighter,
        edited: &[usize],
    ) -> Option<Vec<String>> {
        let (summaries, changed) = self.summaries.update(inputs.schema, inputs.content, edited);
        let renderer = Renderer::new(inputs, templates, highlighter, Some(summaries));
        if renderer.site.guides != self.guides || !renderer.pages.same_paths(&self.paths) {
            return None;
        }
        let mut pages: HashSet<Page> = HashSet::new();
        for &index in edited {
            inputs.content.pages.get(index)?;
            let page = renderer.pages.of_content(index);
            if let Some(Page::Free(_)) = page {
                // The home page lists the free pages, with their summaries.
                pages.insert(Page::Home);
            }
            if page.is_some_and(|page| page.is_entity()) {
                // It lists every entity's whole description and parameters.
                pages.insert(Page::SearchDetails);
            }
            pages.extend(page);
            pages.extend(page.and_then(Page::markdown_copy));
            if page.is_some_and(|page| page.markdown_copy().is_some()) {
                // What the content documents is in the data and the coverage, whose share the
                // home page shows.
                pages.extend([Page::TldocJson, Page::Coverage, Page::Home]);
            }
        }
        if renderer.callers != self.callers {
            pages.extend([
                Page::Callable(Caller::Bots),
                Page::Callable(Caller::Users),
                Page::SearchIndex,
            ]);
        }
        if *inputs.errors != self.errors {
            // The errors whose codes or methods changed, and the lists of every error.
            pages.extend([Page::Errors, Page::SearchIndex]);
            let errors = &inputs.errors.errors;
            pages.extend(renderer.pages.pages().iter().filter(|page| match page {
                Page::Error(index) => {
                    self.errors.named(&errors[*index].name) != Some(&errors[*index])
                }
                _ => false,
            }));
        }
        if !changed.is_empty() {
            pages.insert(Page::SearchIndex);
            for record in self.pages.values() {
                let shows_changed = match &record.shows {
                    Shows::Nothing => false,
                    Shows::All => true,
                    Shows::Some(paths) => paths.iter().any(|path| changed.contains(path)),
                };
                if shows_changed {
                    pages.insert(record.page);
                }
            }
        }
        // The parts of the data, the search details and the coverage: the edited entities' only.
        let entities = edited_entities(inputs, edited);
        let sources = renderer.export_sources();
        if pages.contains(&Page::TldocJson) {
            update_parts(&mut self.data, &renderer.data, &entities, |entity| {
                json_part(&crate::export::entity_facts(&sources, entity))
            });
        }
        if pages.contains(&Page::SearchDetails) {
            update_parts(&mut self.details, &renderer.details, &entities, |entity| {
                renderer.search_detail(entity)
            });
        }
        if pages.contains(&Page::Coverage) || pages.contains(&Page::Home) {
            update_parts(&mut self.lacking, &renderer.lacking, &entities, |entity| {
                Lacking::of(entity, crate::export::entity_facts(&sources, entity))
            });
        }
        let pages: Vec<Page> = pages.into_iter().collect();
        let pages: Vec<(String, PageRecord)> = pages
            .par_iter()
            .map(|&page| {
                let examples = match page {
                    Page::Method(id) => self.examples.get(id.index()),
                    _ => None,
                };
                renderer.record(page, examples)
            })
            .collect();
        // Only the files whose bytes changed are news: the data and the coverage are rendered
        // again on every edit of an entity's content, but most edits leave them as they were.
        let paths = pages
            .iter()
            .filter(|(path, record)| {
                match (self.pages.get(path).map(|old| &old.output), &record.output) {
                    (Some(Ok(old)), Ok(new)) => old != new,
                    _ => true,
                }
            })
            .map(|(path, _)| path.clone())
            .collect();
        self.pages.extend(pages);
        self.summaries = renderer.summaries;
        self.errors = inputs.errors.clone();
        self.callers = renderer.callers;
        self.data = renderer.data.into_inner().or(self.data.take());
        self.details = renderer.details.into_inner().or(self.details.take());
        self.lacking = renderer.lacking.into_inner().or(self.lacking.take());
        Some(paths)
    }
}

/// The entities whose content pages are the pages `edited`.
fn edited_entities(inputs: &Inputs<'_>, edited: &[usize]) -> Vec<Entity> {
    (edited.iter())
        .filter_map(|&index| Entity::of_page(inputs.schema, &inputs.content.pages[index].kind))
        .collect()
}

/// Hands the parts of the last render, `kept`, to a renderer just made (whose `slot` is empty),
/// with the `part` of each entity of `entities` made again.
fn update_parts<T>(
    kept: &mut Option<EntityParts<T>>,
    slot: &std::sync::OnceLock<EntityParts<T>>,
    entities: &[Entity],
    part: impl Fn(Entity) -> T,
) {
    if let Some(mut parts) = kept.take() {
        for &entity in entities {
            parts.update(entity, &part);
        }
        let _ = slot.set(parts);
    }
}
