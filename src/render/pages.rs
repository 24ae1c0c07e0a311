//! The one list of a site's pages: what pages there are, and each one's path, template and title.
//!
//! Everything that needs to know the pages asks this list: the render jobs are its entries, the
//! sitemap lists its paths, links in content are checked against its paths, the history's
//! removed-entity pages are placed around them, and an incremental render compares two lists to
//! tell whether an edit changed the set of pages. A page is a small `Copy` value ([`Page`]) that
//! names an entity by id or a content page by index; its path and title are worked out from the
//! inputs when asked, so the list costs one entry per page and nothing is written down twice.

use std::collections::HashSet;

use super::Inputs;
use super::history::HistoryPages;
use crate::content::PageKind;
use crate::diagnostic::Diagnostic;
use crate::model::{ConstructorId, EntityKind, MethodId, TypeId};
use crate::urls;

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Page {
    Method(MethodId),
    Constructor(ConstructorId),
    Type(TypeId),
    Home,
    /// The index of every entity of a kind.
    Index(EntityKind),
    Builtins,
    /// A free page of the content (a guide), by its index in the content.
    Free(usize),
    NotFound,
    Sitemap,
    Search,
    SearchIndex,
    /// The second step of the search index.
    SearchDetails,
    /// The index of the Changes pages.
    Layers,
    /// The Changes page of the history's diff of this index.
    Changes(usize),
    /// The page of the removed entity of this index.
    Removed(usize),
    /// The Markdown copy of a method's page, beside it.
    MethodMarkdown(MethodId),
    /// The Markdown copy of a constructor's page.
    ConstructorMarkdown(ConstructorId),
    /// The Markdown copy of a type's page.
    TypeMarkdown(TypeId),
    /// The schema in core.telegram.org's JSON format.
    SchemaJson,
    /// Everything tldoc knows, as JSON.
    TldocJson,
    /// `llms.txt`.
    LlmsTxt,
    /// How much the content documents.
    Coverage,
    /// The Atom feed of the history's layers.
    AtomFeed,
    /// The page of the RPC error of this index in the catalogue.
    Error(usize),
    /// The index of every RPC error.
    Errors,
    /// The methods these callers may use.
    Callable(Caller),
}

/// Who calls a method: the filter of a page of the methods they may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Caller {
    Bots,
    Users,
}

impl Page {
    /// The template that renders it; `None` for the search index, a script made in Rust.
    pub(super) fn template(self) -> Option<&'static str> {
        Some(match self {
            Page::Method(_) => "method.html",
            Page::Constructor(_) => "constructor.html",
            Page::Type(_) => "type.html",
            Page::Home => "index.html",
            Page::Index(_) => "list.html",
            Page::Builtins => "builtins.html",
            Page::Free(_) => "page.html",
            Page::NotFound => "404.html",
            Page::Sitemap => "sitemap.xml",
            Page::Search => "search.html",
            Page::SearchIndex | Page::SearchDetails | Page::SchemaJson | Page::TldocJson => {
                return None;
            }
            Page::MethodMarkdown(_) | Page::ConstructorMarkdown(_) | Page::TypeMarkdown(_) => {
                "entity.md"
            }
            Page::LlmsTxt => "llms.txt",
            Page::Coverage => "coverage.html",
            Page::AtomFeed => "atom.xml",
            Page::Layers => "changes-index.html",
            Page::Changes(_) => "changes.html",
            Page::Removed(_) => "removed.html",
            Page::Error(_) => "error.html",
            Page::Errors => "errors-index.html",
            Page::Callable(_) => "list.html",
        })
    }

    /// What templates see as `page.kind` (and the class of the page's `body`).
    pub(super) fn kind(self) -> &'static str {
        match self {
            Page::Method(_) => EntityKind::Method.noun(),
            Page::Constructor(_) => EntityKind::Constructor.noun(),
            Page::Type(_) => EntityKind::Type.noun(),
            Page::Home => "home",
            Page::Index(_) => "list",
            Page::Builtins => "builtins",
            Page::Free(_) => "page",
            Page::NotFound => "404",
            Page::Sitemap => "sitemap",
            Page::Search | Page::SearchIndex | Page::SearchDetails => "search",
            Page::Layers | Page::Changes(_) => "changes",
            Page::Removed(_) => "removed",
            Page::Error(_) => "error",
            Page::Errors => "errors",
            Page::Callable(_) => "list",
            Page::MethodMarkdown(_) | Page::ConstructorMarkdown(_) | Page::TypeMarkdown(_) => {
                "markdown"
            }
            Page::SchemaJson | Page::TldocJson => "data",
            Page::LlmsTxt => "llms",
            Page::Coverage => "coverage",
            Page::AtomFeed => "feed",
        }
    }

    /// The Markdown copy of an entity's page.
    pub(super) fn markdown_copy(self) -> Option<Page> {
        match self {
            Page::Method(id) => Some(Page::MethodMarkdown(id)),
            Page::Constructor(id) => Some(Page::ConstructorMarkdown(id)),
            Page::Type(id) => Some(Page::TypeMarkdown(id)),
            _ => None,
        }
    }

    /// Whether it is the Markdown copy of the page of a method, constructor or type.
    pub(super) fn is_markdown_copy(self) -> bool {
        matches!(
            self,
            Page::MethodMarkdown(_) | Page::ConstructorMarkdown(_) | Page::TypeMarkdown(_)
        )
    }

    /// Whether it is the page of a method, constructor or type.
    pub(super) fn is_entity(self) -> bool {
        matches!(self, Page::Method(_) | Page::Constructor(_) | Page::Type(_))
    }

    /// Whether other pages may link to it, and so whether the sitemap lists it (but the 404
    /// page, which is for no address in particular).
    fn is_linkable(self) -> bool {
        !matches!(
            self,
            Page::Sitemap | Page::SearchIndex | Page::SearchDetails
        )
    }
}

/// Every page of a site, planned once per render.
pub(super) struct PageList<'a> {
    inputs: &'a Inputs<'a>,
    /// Every page, the methods' first (they are rendered with their examples).
    pages: Vec<Page>,
    /// The path of every page other pages may link to.
    paths: HashSet<String>,
    /// The history's pages, when the site has a history.
    pub(super) history: Option<HistoryPages<'a>>,
    /// Pages of the history that cannot be written.
    pub(super) problems: Vec<Diagnostic>,
}

impl<'a> PageList<'a> {
    /// The pages of the site `inputs` describe.
    pub(super) fn new(inputs: &'a Inputs<'a>) -> PageList<'a> {
        let schema = inputs.schema;
        let mut pages: Vec<Page> = schema.method_ids().map(Page::Method).collect();
        pages.extend(schema.constructor_ids().map(Page::Constructor));
        pages.extend(schema.type_ids().map(Page::Type));
        pages.extend(schema.method_ids().map(Page::MethodMarkdown));
        pages.extend(schema.constructor_ids().map(Page::ConstructorMarkdown));
        pages.extend(schema.type_ids().map(Page::TypeMarkdown));
        pages.push(Page::Home);
        pages.extend(EntityKind::ALL.map(Page::Index));
        pages.extend(
            (inputs.errors.errors.iter().enumerate())
                .filter(|(_, error)| error.has_page())
                .map(|(index, _)| Page::Error(index)),
        );
        pages.extend([
            Page::Errors,
            Page::Callable(Caller::Bots),
            Page::Callable(Caller::Users),
            Page::Builtins,
            Page::NotFound,
            Page::Sitemap,
            Page::Search,
            Page::SearchIndex,
            Page::SearchDetails,
            Page::SchemaJson,
            Page::TldocJson,
            Page::LlmsTxt,
            Page::Coverage,
        ]);
        for (index, page) in inputs.content.pages.iter().enumerate() {
            if page.kind == PageKind::Free {
                pages.push(Page::Free(index));
            }
        }
        let mut list = PageList {
            inputs,
            pages: Vec::new(),
            paths: HashSet::new(),
            history: None,
            problems: Vec::new(),
        };
        list.paths = pages
            .iter()
            .filter(|page| page.is_linkable())
            .map(|&page| list.path(page))
            .collect();
        list.pages = pages;
        if let Some(history) = inputs.history {
            let (history, problems) = HistoryPages::new(history, &mut list.paths);
            list.paths.insert(urls::ATOM_FEED.to_owned());
            list.pages.extend([Page::Layers, Page::AtomFeed]);
            list.pages
                .extend((0..history.history.diffs().len()).map(Page::Changes));
            list.pages
                .extend((0..history.removed.len()).map(Page::Removed));
            list.history = Some(history);
            list.problems = problems;
        }
        list
    }

    /// Every page, in order, methods first.
    pub(super) fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// Whether the site has a page at `path` (relative to the root) that may be linked to.
    pub(super) fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// Whether both lists have the same pages at the same paths.
    pub(super) fn same_paths(&self, other: &HashSet<String>) -> bool {
        self.paths == *other
    }

    /// The paths of every page that may be linked to.
    pub(super) fn paths(&self) -> &HashSet<String> {
        &self.paths
    }

    /// The pages a sitemap lists, in path order: the HTML pages (not the data and text files
    /// beside them).
    pub(super) fn sitemap(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self
            .paths
            .iter()
            .map(String::as_str)
            .filter(|path| *path != urls::NOT_FOUND && path.ends_with(".html"))
            .collect();
        paths.sort_unstable();
        paths
    }

    /// The path of `page`, relative to the site's root.
    pub(super) fn path(&self, page: Page) -> String {
        let schema = self.inputs.schema;
        match page {
            Page::Method(id) => urls::entity_page(EntityKind::Method, &schema.method(id).name),
            Page::Constructor(id) => {
                urls::entity_page(EntityKind::Constructor, &schema.constructor(id).name)
            }
            Page::Type(id) => urls::entity_page(EntityKind::Type, &schema.ty(id).name),
            Page::Home => urls::HOME.to_owned(),
            Page::Index(kind) => urls::kind_index(kind),
            Page::Builtins => urls::BUILTINS.to_owned(),
            Page::Free(index) => self.inputs.content.pages[index].output_path(),
            Page::NotFound => urls::NOT_FOUND.to_owned(),
            Page::Sitemap => urls::SITEMAP.to_owned(),
            Page::Search => urls::SEARCH.to_owned(),
            Page::SearchIndex => urls::SEARCH_INDEX.to_owned(),
            Page::SearchDetails => urls::SEARCH_DETAILS.to_owned(),
            Page::Layers => urls::CHANGES_INDEX.to_owned(),
            Page::Changes(index) => super::history::changes_page(self.changes_version(index)),
            Page::Removed(index) => self
                .history
                .as_ref()
                .and_then(|pages| pages.removed.get(index))
                .map(|removed| urls::entity_page(removed.kind, removed.name))
                .unwrap_or_default(),
            Page::Error(index) => urls::error_page(&self.inputs.errors.errors[index].name),
            Page::Errors => urls::ERRORS_INDEX.to_owned(),
            Page::Callable(Caller::Bots) => urls::BOT_METHODS.to_owned(),
            Page::Callable(Caller::Users) => urls::USER_METHODS.to_owned(),
            Page::MethodMarkdown(id) => {
                urls::entity_markdown(EntityKind::Method, &schema.method(id).name)
            }
            Page::ConstructorMarkdown(id) => {
                urls::entity_markdown(EntityKind::Constructor, &schema.constructor(id).name)
            }
            Page::TypeMarkdown(id) => urls::entity_markdown(EntityKind::Type, &schema.ty(id).name),
            Page::SchemaJson => urls::SCHEMA_JSON.to_owned(),
            Page::TldocJson => urls::TLDOC_JSON.to_owned(),
            Page::LlmsTxt => urls::LLMS_TXT.to_owned(),
            Page::Coverage => urls::COVERAGE.to_owned(),
            Page::AtomFeed => urls::ATOM_FEED.to_owned(),
        }
    }

    /// The title of `page`, as its `<title>` and heading say.
    pub(super) fn title(&self, page: Page) -> String {
        let schema = self.inputs.schema;
        let content = self.inputs.content;
        let free_title = |index: usize| {
            let page = &content.pages[index];
            page.front
                .title
                .clone()
                .unwrap_or_else(|| page.path.clone())
        };
        match page {
            Page::Method(id) | Page::MethodMarkdown(id) => schema.method(id).name.clone(),
            Page::Constructor(id) | Page::ConstructorMarkdown(id) => {
                schema.constructor(id).name.clone()
            }
            Page::Type(id) | Page::TypeMarkdown(id) => schema.ty(id).name.clone(),
            Page::Home => content
                .page(&PageKind::Home)
                .and_then(|page| page.front.title.clone())
                .unwrap_or_else(|| self.inputs.config.title.clone()),
            Page::Index(kind) => kind.title().to_owned(),
            Page::Builtins => "Builtin types".to_owned(),
            Page::Free(index) => free_title(index),
            Page::NotFound => "Page not found".to_owned(),
            Page::Sitemap => "Sitemap".to_owned(),
            Page::Search | Page::SearchIndex | Page::SearchDetails => "Search".to_owned(),
            Page::Layers => format!("Changes by {}", self.history_noun()),
            Page::Changes(index) => format!("Changes in {}", self.changes_version(index)),
            Page::Removed(index) => self
                .history
                .as_ref()
                .and_then(|pages| pages.removed.get(index))
                .map(|removed| format!("{} (removed)", removed.name))
                .unwrap_or_default(),
            Page::Error(index) => self.inputs.errors.errors[index].name.clone(),
            Page::Errors => "Errors".to_owned(),
            Page::Callable(Caller::Bots) => "Methods bots can use".to_owned(),
            Page::Callable(Caller::Users) => "Methods users can use".to_owned(),
            Page::SchemaJson => "Schema (JSON)".to_owned(),
            Page::TldocJson => "Everything tldoc knows (JSON)".to_owned(),
            Page::LlmsTxt => self.inputs.config.title.clone(),
            Page::Coverage => "Documentation coverage".to_owned(),
            Page::AtomFeed => format!(
                "{}: changes by {}",
                self.inputs.config.title,
                self.history_noun()
            ),
        }
    }

    /// What `page` is, in a sentence made from the schema: its meta description when nothing
    /// better (an entity's or an error's own description) is written for it, so that a search
    /// engine or a link preview says something true of every page.
    pub(super) fn description(&self, page: Page) -> String {
        let schema = self.inputs.schema;
        let site = &self.inputs.config.title;
        let params = |id: MethodId| -> Vec<&str> {
            (schema.method(id).params.iter())
                .filter(|param| !param.flags_field)
                .map(|param| param.name.as_str())
                .collect()
        };
        match page {
            Page::Method(id) => {
                let method = schema.method(id);
                let takes = match params(id).as_slice() {
                    [] => "no parameters".to_owned(),
                    names => format!("the parameters {}", name_list(names)),
                };
                format!(
                    "{}: a method in {site}. It takes {takes} and returns {}.",
                    method.name,
                    schema.display(&method.result)
                )
            }
            Page::Constructor(id) => {
                let constructor = schema.constructor(id);
                let fields: Vec<&str> = (constructor.params.iter())
                    .filter(|param| !param.flags_field)
                    .map(|param| param.name.as_str())
                    .collect();
                let with = match fields.as_slice() {
                    [] => "no fields".to_owned(),
                    names => format!("the fields {}", name_list(names)),
                };
                format!(
                    "{}: a constructor of {} in {site}, with {with}.",
                    constructor.name,
                    schema.display(&constructor.result)
                )
            }
            Page::Type(id) => {
                let ty = schema.ty(id);
                let names: Vec<&str> = (ty.constructors.iter())
                    .map(|&c| schema.constructor(c).name.as_str())
                    .collect();
                let built = match names.as_slice() {
                    [] => "with no constructors".to_owned(),
                    [one] => format!("built by the constructor {one}"),
                    names => format!("built by the constructors {}", name_list(names)),
                };
                format!("{}: a type in {site}, {built}.", ty.name)
            }
            Page::Home | Page::Free(_) => {
                let kind = match page {
                    Page::Free(index) => &self.inputs.content.pages[index].kind,
                    _ => &PageKind::Home,
                };
                let written = (self.inputs.content.page(kind))
                    .and_then(|content| content.front.description.as_deref())
                    .map(crate::content::plain_text)
                    .filter(|text| !text.is_empty());
                match (written, page) {
                    (Some(text), _) => text,
                    (None, Page::Home) => format!(
                        "{site}: every method, constructor and type of the schema: {} methods, \
                         {} constructors and {} types.",
                        schema.methods.len(),
                        schema.constructors.len(),
                        schema.types.len()
                    ),
                    (None, _) => format!("{}, a page of {site}.", self.title(page)),
                }
            }
            Page::Index(kind) => {
                let count = match kind {
                    EntityKind::Method => schema.methods.len(),
                    EntityKind::Constructor => schema.constructors.len(),
                    EntityKind::Type => schema.types.len(),
                };
                format!(
                    "Every {} of {site}, {count} in all, by namespace, each with its summary.",
                    kind.noun()
                )
            }
            Page::Builtins => {
                let names: Vec<&str> = (schema.builtins.iter())
                    .map(|builtin| builtin.name.as_str())
                    .collect();
                format!(
                    "The builtin types of {site}, which the schema uses without defining: {}.",
                    name_list(&names)
                )
            }
            Page::NotFound => format!("There is no page at this address in {site}."),
            Page::Search => {
                format!("Search the methods, constructors, types and errors of {site}.")
            }
            Page::Layers => {
                let noun = self.history_noun();
                format!("What changed in {site} from {noun} to {noun}.")
            }
            Page::Changes(index) => format!(
                "What {} added, changed and removed in the schema of {site}.",
                self.changes_version(index)
            ),
            Page::Removed(index) => {
                match self.history.as_ref().and_then(|h| h.removed.get(index)) {
                    Some(removed) => format!(
                        "{}: a {} that {site} no longer has, with what it was and when it went.",
                        removed.name,
                        removed.kind.noun()
                    ),
                    None => String::new(),
                }
            }
            Page::Error(index) => format!(
                "{}: an RPC error of {site}, and the methods that may return it.",
                self.inputs.errors.errors[index].name
            ),
            Page::Errors => format!(
                "Every RPC error of {site}, by code, with what it means and the methods that may \
                 return it."
            ),
            Page::Callable(Caller::Bots) => format!("The methods of {site} that bots can use."),
            Page::Callable(Caller::Users) => format!("The methods of {site} that users can use."),
            Page::Coverage => format!("How much of the schema of {site} its content documents."),
            Page::Sitemap
            | Page::SearchIndex
            | Page::SearchDetails
            | Page::MethodMarkdown(_)
            | Page::ConstructorMarkdown(_)
            | Page::TypeMarkdown(_)
            | Page::SchemaJson
            | Page::TldocJson
            | Page::LlmsTxt
            | Page::AtomFeed => String::new(),
        }
    }

    /// What the history's versions are called: `layer`, or `version` for TDLib's releases.
    fn history_noun(&self) -> &'static str {
        self.history
            .as_ref()
            .and_then(|pages| pages.history.versions().first())
            .map_or("layer", |version| version.noun())
    }

    /// The version of the Changes page of the `index`th diff.
    fn changes_version(&self, index: usize) -> crate::history::Version {
        self.history
            .as_ref()
            .and_then(|pages| pages.history.versions().get(index + 1).copied())
            .unwrap_or(crate::history::Version::from(0))
    }

    /// The page the content page at `index` is published as, or documents; `None` when it
    /// documents an entity the schema lacks.
    pub(super) fn of_content(&self, index: usize) -> Option<Page> {
        let schema = self.inputs.schema;
        let page = self.inputs.content.pages.get(index)?;
        match (&page.kind, page.kind.entity()) {
            (_, Some((EntityKind::Method, name))) => schema.method_named(name).map(Page::Method),
            (_, Some((EntityKind::Constructor, name))) => {
                schema.constructor_named(name).map(Page::Constructor)
            }
            (_, Some((EntityKind::Type, name))) => schema.type_named(name).map(Page::Type),
            (PageKind::Home, None) => Some(Page::Home),
            (_, None) => Some(Page::Free(index)),
        }
    }
}

/// `a, b and c`; past seven names, the first six `and N more`, so that a description stays a
/// sentence.
fn name_list(names: &[&str]) -> String {
    const SHOWN: usize = 6;
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        _ if names.len() > SHOWN + 1 => format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        ),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
