//! What templates see: the data of each page, computed in Rust and laid out by templates.
//!
//! Every view is a plain `Serialize` struct, so the template author can read off this file what
//! each page offers. They are made per page and dropped once the page is rendered.

use serde::Serialize;

use super::history;

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) layer: Option<u32>,
    pub(super) methods: usize,
    pub(super) constructors: usize,
    pub(super) types: usize,
    pub(super) namespaces: usize,
    pub(super) base_url: Option<&'a str>,
    /// The namespaces that have methods, for the sidebar.
    pub(super) method_namespaces: Vec<&'a str>,
    /// The free pages (guides), for the sidebar.
    pub(super) guides: Vec<Crumb>,
    /// The oldest and newest layers of the history, when the site has one.
    pub(super) history: Option<history::LayerRange>,
}

#[derive(Serialize, PartialEq)]
pub(super) struct Crumb {
    pub(super) title: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) title: String,
    pub(super) kind: &'static str,
    pub(super) path: String,
    pub(super) root: String,
    pub(super) description: String,
    pub(super) breadcrumbs: Vec<Crumb>,
    pub(super) canonical: Option<String>,
    /// The page's Markdown copy, relative to it.
    pub(super) markdown_href: Option<String>,
    /// The editor of the content file it is built from, per `edit_url`.
    pub(super) edit_href: Option<String>,
    /// GitHub's form for the content file of an entity that has none, per `edit_url`.
    pub(super) document_href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct EntityLink {
    pub(super) name: String,
    pub(super) href: String,
    pub(super) summary: String,
}

#[derive(Serialize)]
pub(super) struct ParamView {
    pub(super) name: String,
    pub(super) type_html: String,
    pub(super) optional: bool,
    pub(super) flag: Option<String>,
    pub(super) bit_flag: bool,
    pub(super) description_html: String,
}

#[derive(Serialize)]
pub(super) struct ErrorView {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) description_html: String,
}

#[derive(Serialize)]
pub(super) struct ExampleView {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) html: String,
}

#[derive(Serialize)]
pub(super) struct EntityView<'e> {
    pub(super) name: String,
    pub(super) kind: &'static str,
    pub(super) namespace: Option<String>,
    pub(super) id: String,
    pub(super) description_html: String,
    pub(super) notes_html: String,
    pub(super) tl_html: String,
    /// The definition's line in its schema file, per `source_url`.
    pub(super) source_href: Option<String>,
    pub(super) params: Vec<ParamView>,
    pub(super) result_html: String,
    pub(super) result_constructors: Vec<EntityLink>,
    pub(super) of_type: Option<EntityLink>,
    pub(super) errors: Vec<ErrorView>,
    pub(super) bots: &'static str,
    pub(super) users: &'static str,
    pub(super) examples: &'e [ExampleView],
    pub(super) related: Vec<Crumb>,
    pub(super) constructors: Vec<EntityLink>,
    pub(super) returned_by: Vec<EntityLink>,
    pub(super) taken_by_methods: Vec<EntityLink>,
    pub(super) taken_by_constructors: Vec<EntityLink>,
    pub(super) history: Option<history::HistoryView>,
}

#[derive(Serialize)]
pub(super) struct Group {
    pub(super) name: String,
    pub(super) anchor: String,
    pub(super) rows: Vec<EntityLink>,
}

#[derive(Serialize)]
pub(super) struct BuiltinView {
    pub(super) name: String,
    pub(super) description_html: String,
}

/// The data of a page that needs only `site` and `page`.
#[derive(Serialize)]
pub(super) struct NoData {}

#[derive(Serialize)]
pub(super) struct EntityData<'e> {
    pub(super) entity: EntityView<'e>,
}

#[derive(Serialize)]
pub(super) struct ListData {
    pub(super) groups: Vec<Group>,
    pub(super) total: usize,
    pub(super) noun: &'static str,
}

#[derive(Serialize)]
pub(super) struct HtmlData {
    pub(super) content_html: String,
    pub(super) pages: Vec<EntityLink>,
}

#[derive(Serialize)]
pub(super) struct HomeData {
    pub(super) content_html: String,
    pub(super) pages: Vec<EntityLink>,
    /// The share documented of each kind.
    pub(super) documented: Vec<super::data::Documented>,
}

#[derive(Serialize)]
pub(super) struct BuiltinsData {
    pub(super) builtins: Vec<BuiltinView>,
}

#[derive(Serialize)]
pub(super) struct SitemapData {
    pub(super) urls: Vec<String>,
}
