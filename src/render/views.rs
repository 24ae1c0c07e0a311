//! What templates see: the data of each page, computed in Rust and laid out by templates.
//!
//! Every view is a plain `Serialize` struct, so the template author can read off this file what
//! each page offers. They are made per page and dropped once the page is rendered, and they
//! borrow what they show from the model, the content and the summaries (as Zola's
//! `SerializingPage<'a>` does) rather than copy it: the one copy of a name is the one Tera makes
//! when it takes the view as its context.

use std::borrow::Cow;

use serde::Serialize;

use super::history;

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) layer: Option<u32>,
    /// The TDLib release of a TDLib schema, when known (`1.8.65`).
    pub(super) release: Option<crate::model::Release>,
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
    /// Whether the schema is TDLib's, whose conventions (nullable fields, versions) differ.
    pub(super) tdlib: bool,
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
    /// The header and the sidebar, as `header.html` and `sidebar.html` lay them out for this
    /// page (see [`super::Renderer::fragment`]); none on pages that are not HTML.
    pub(super) header: tera::Value,
    pub(super) sidebar: tera::Value,
}

/// A link to a page of the site, with the one-line summary shown beside it.
#[derive(Serialize)]
pub(super) struct EntityLink<'a> {
    pub(super) name: Cow<'a, str>,
    pub(super) href: String,
    pub(super) summary: Cow<'a, str>,
}

/// The name of an entity, with a link to its page when it has one (one of the history's may
/// not).
#[derive(Serialize)]
pub(super) struct NameLink<'a> {
    pub(super) name: Cow<'a, str>,
    pub(super) href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ParamView<'a> {
    pub(super) name: &'a str,
    /// Its type, laid out by `tl-type.html`.
    pub(super) ty: String,
    pub(super) optional: bool,
    pub(super) flag: Option<String>,
    pub(super) bit_flag: bool,
    /// Whether its description says it may be null (TDLib's way of marking it optional).
    pub(super) nullable: bool,
    pub(super) description_html: String,
}

#[derive(Serialize)]
pub(super) struct ErrorView<'a> {
    pub(super) code: String,
    pub(super) name: &'a str,
    /// The error's page, when it has one.
    pub(super) href: Option<String>,
    pub(super) description_html: String,
}

#[derive(Serialize, Clone)]
pub(super) struct ExampleView {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) html: String,
    /// Why the client cannot make this call, from the page's `examples:`; the tab shows it
    /// instead of code.
    pub(super) note_html: String,
}

/// The TL an entity's page shows (see `definition.html`): definitions, each laid out by
/// `tl-line.html` once per render (see [`super::tl`]).
#[derive(Serialize, Default)]
pub(super) struct TlBlock<'a> {
    /// The constructors of a type, on its page; on a method's, those of the type it returns.
    pub(super) constructors: Vec<&'a str>,
    /// Whether a method returns a type of the schema (whose constructors are shown above it).
    pub(super) result_type: bool,
    /// A constructor's or method's own definition.
    pub(super) definition: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct EntityView<'a> {
    pub(super) name: &'a str,
    pub(super) kind: &'static str,
    pub(super) namespace: Option<&'a str>,
    pub(super) id: String,
    /// The id as a signed 32-bit number, as TDLib and Java write it; a type has none.
    pub(super) signed_id: Option<i32>,
    pub(super) description_html: String,
    pub(super) notes_html: String,
    /// What the description says of when it may be called ("Can be called synchronously").
    pub(super) badges: Vec<String>,
    pub(super) tl: TlBlock<'a>,
    /// The definition's line in its schema file, per `source_url`.
    pub(super) source_href: Option<String>,
    pub(super) params: Vec<ParamView<'a>>,
    /// A method's result, laid out by `tl-type.html`.
    pub(super) result: String,
    pub(super) result_constructors: Vec<EntityLink<'a>>,
    pub(super) of_type: Option<EntityLink<'a>>,
    pub(super) errors: Vec<ErrorView<'a>>,
    pub(super) bots: &'static str,
    pub(super) users: &'static str,
    pub(super) examples: &'a [ExampleView],
    pub(super) related: Vec<Crumb>,
    pub(super) constructors: Vec<EntityLink<'a>>,
    /// A type's, or a constructor's type's, "Where it is used": lists of [`EntityLink`]s, made
    /// into template values once per type (see [`super::entity::Usage`]).
    pub(super) returned_by: &'a tera::Value,
    pub(super) taken_by_methods: &'a tera::Value,
    pub(super) taken_by_constructors: &'a tera::Value,
    /// The pages whose summaries those lists show.
    #[serde(skip)]
    pub(super) usage_shows: &'a [String],
    pub(super) history: Option<history::HistoryView<'a>>,
}

#[derive(Serialize)]
pub(super) struct Group<'a> {
    pub(super) name: &'a str,
    pub(super) anchor: &'a str,
    pub(super) rows: Vec<EntityLink<'a>>,
}

#[derive(Serialize)]
pub(super) struct BuiltinView<'a> {
    pub(super) name: &'a str,
    pub(super) description_html: String,
    /// How a value travels in TDLib's JSON interface, on a TDLib site.
    pub(super) json_html: Option<String>,
}

/// The data of a page that needs only `site` and `page`.
#[derive(Serialize)]
pub(super) struct NoData {}

#[derive(Serialize)]
pub(super) struct EntityData<'a> {
    pub(super) entity: EntityView<'a>,
}

#[derive(Serialize)]
pub(super) struct ListData<'a> {
    pub(super) groups: Vec<Group<'a>>,
    pub(super) total: usize,
    pub(super) noun: &'static str,
}

#[derive(Serialize)]
pub(super) struct HtmlData<'a> {
    pub(super) content_html: String,
    pub(super) pages: Vec<EntityLink<'a>>,
}

#[derive(Serialize)]
pub(super) struct HomeData<'a> {
    pub(super) content_html: String,
    pub(super) pages: Vec<EntityLink<'a>>,
    /// The share documented of each kind.
    pub(super) documented: Vec<super::data::Documented>,
}

#[derive(Serialize)]
pub(super) struct BuiltinsData<'a> {
    pub(super) builtins: Vec<BuiltinView<'a>>,
}

#[derive(Serialize)]
pub(super) struct SitemapData<'a> {
    pub(super) urls: Vec<Cow<'a, str>>,
}

#[derive(Serialize)]
pub(super) struct ErrorPageData<'a> {
    pub(super) name: &'a str,
    pub(super) codes: &'a [i32],
    pub(super) description: Option<&'a str>,
    /// For a family (`FLOOD_WAIT_X`, X a number), a name of one of its members: `FLOOD_WAIT_42`.
    pub(super) member: Option<String>,
    /// The methods that may return it.
    pub(super) methods: Vec<EntityLink<'a>>,
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
