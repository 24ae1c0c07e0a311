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
    /// The error's page, when it has one.
    pub(super) href: Option<String>,
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
pub(super) struct BuiltinsData {
    pub(super) builtins: Vec<BuiltinView>,
}

#[derive(Serialize)]
pub(super) struct SitemapData {
    pub(super) urls: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ErrorPageData<'a> {
    pub(super) name: &'a str,
    pub(super) codes: &'a [i32],
    pub(super) description: Option<&'a str>,
    /// For a family (`FLOOD_WAIT_X`, X a number), a name of one of its members: `FLOOD_WAIT_42`.
    pub(super) member: Option<String>,
    /// The methods that may return it.
    pub(super) methods: Vec<EntityLink>,
}

#[derive(Serialize)]
pub(super) struct ErrorRow<'a> {
    pub(super) name: &'a str,
    pub(super) href: Option<String>,
    pub(super) summary: &'a str,
    /// How many methods may return it.
    pub(super) methods: usize,
}

#[derive(Serialize)]
pub(super) struct ErrorCodeGroup<'a> {
    /// `None` for the errors of no known code.
    pub(super) code: Option<String>,
    pub(super) anchor: String,
    pub(super) rows: Vec<ErrorRow<'a>>,
}

#[derive(Serialize)]
pub(super) struct ErrorsIndexData<'a> {
    pub(super) total: usize,
    pub(super) groups: Vec<ErrorCodeGroup<'a>>,
}
