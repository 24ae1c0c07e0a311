//! URLs and page paths: where each page of a site lives, and how one page links to another.
//!
//! A page's path is written down here once, and everything that needs one (rendering, the
//! sitemap, the checks of links in content, the history's pages, `tldoc serve`) asks for it
//! here, so that a link and the page it leads to cannot disagree. Paths are relative to the
//! site's root with `/` separators (`methods/auth.logOut.html`); a link from a page is that
//! path behind the page's way back to the root ([`to_root`]), which keeps the output working
//! from any base URL and from `file://`. This module knows only names, never the model.

use crate::model::EntityKind;

/// The home page.
pub const HOME: &str = "index.html";
/// The builtin types, one anchor each.
pub const BUILTINS: &str = "builtins.html";
/// The search page (its script does the searching).
pub const SEARCH: &str = "search.html";
/// The search index, a script the search page loads.
pub const SEARCH_INDEX: &str = "search-index.js";
/// The second step of the search index: fields and descriptions.
pub const SEARCH_DETAILS: &str = "search-details.js";
/// The page a server shows for a path the site lacks.
pub const NOT_FOUND: &str = "404.html";
/// The sitemap of every page.
pub const SITEMAP: &str = "sitemap.xml";
/// The index of the history's Changes pages.
pub const CHANGES_INDEX: &str = "changes/index.html";
/// The Atom feed of the history's layers.
pub const ATOM_FEED: &str = "changes/atom.xml";
/// The schema in core.telegram.org's `schema/json` format.
pub const SCHEMA_JSON: &str = "schema.json";
/// Everything tldoc knows of the site, as JSON.
pub const TLDOC_JSON: &str = "tldoc.json";
/// What the site is and its most useful pages, for language models (llms.txt).
pub const LLMS_TXT: &str = "llms.txt";
/// How much of the schema the content documents.
pub const COVERAGE: &str = "coverage.html";

/// The index of every RPC error, grouped by code.
pub const ERRORS_INDEX: &str = "errors/index.html";
/// The methods bots may use.
pub const BOT_METHODS: &str = "methods/bots.html";
/// The methods users may use.
pub const USER_METHODS: &str = "methods/users.html";

/// The page of the RPC error `name`: `errors/FLOOD_WAIT_X.html`.
pub fn error_page(name: &str) -> String {
    ["errors/", name, ".html"].concat()
}

/// The page of the entity of this kind and name: `methods/auth.logOut.html`.
///
/// Paths are joined with `concat`, which allocates once: a build makes hundreds of thousands of
/// them, and `format!` took a twentieth of its time.
pub fn entity_page(kind: EntityKind, name: &str) -> String {
    [kind.folder(), "/", name, ".html"].concat()
}

/// The page of the entity of this kind and name as a page one folder below the root (any
/// entity's) links to it: `../methods/auth.logOut.html`.
pub fn entity_page_from_folder(kind: EntityKind, name: &str) -> String {
    ["../", kind.folder(), "/", name, ".html"].concat()
}

/// The Markdown copy of the page of the entity of this kind and name, beside it:
/// `methods/auth.logOut.md`.
pub fn entity_markdown(kind: EntityKind, name: &str) -> String {
    [kind.folder(), "/", name, ".md"].concat()
}

/// The index of every entity of a kind: `methods/index.html`.
pub fn kind_index(kind: EntityKind) -> String {
    [kind.folder(), "/index.html"].concat()
}

/// The Changes page of the version of the history named `name` (see
/// `history::Version::page_name`): `changes/190.html`, `changes/190-r2.html`,
/// `changes/1.8.50.html`.
pub fn changes_page(name: &str) -> String {
    ["changes/", name, ".html"].concat()
}

/// The anchor of a builtin type on [`BUILTINS`]: `builtins.html#int`.
pub fn builtin_anchor(name: &str) -> String {
    [BUILTINS, "#", name].concat()
}

/// The way from the page at `path` back to the root: `../` for `methods/x.html`, empty for
/// `index.html`.
pub fn to_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The absolute URL of the page at `path` on a site published at `base_url`.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{}/{path}", base_url.trim_end_matches('/'))
}

/// The path a site at `base_url` is served under, from `/` to its last `/`:
/// `https://x.github.io/repo` gives `/repo/`, `https://example.org` and `/` give `/`.
pub fn root_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| {
        rest.find('/').map_or("", |at| &rest[at..])
    });
    let path = after_scheme
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_matches('/');
    if path.is_empty() {
        "/".to_owned()
    } else {
        format!("/{path}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_a_base_url_serves_the_site_under() {
        assert_eq!(root_path("https://x.github.io/repo"), "/repo/");
        assert_eq!(root_path("https://x.github.io/repo/"), "/repo/");
        assert_eq!(root_path("http://127.0.0.1:4000/a/b/?q#f"), "/a/b/");
        assert_eq!(root_path("https://example.org"), "/");
        assert_eq!(root_path("https://example.org/"), "/");
        assert_eq!(root_path("/docs/"), "/docs/");
    }

    #[test]
    fn pages_and_the_way_back_to_the_root() {
        let page = entity_page(EntityKind::Constructor, "auth.loggedOut");
        assert_eq!(page, "constructors/auth.loggedOut.html");
        assert_eq!(to_root(&page), "../");
        assert_eq!(to_root(HOME), "");
        assert_eq!(to_root("guides/deep/page.html"), "../../");
        assert_eq!(kind_index(EntityKind::Type), "types/index.html");
        assert_eq!(
            entity_markdown(EntityKind::Method, "auth.logOut"),
            "methods/auth.logOut.md"
        );
        assert_eq!(changes_page("190-r2"), "changes/190-r2.html");
        assert_eq!(error_page("FLOOD_WAIT_X"), "errors/FLOOD_WAIT_X.html");
        assert_eq!(builtin_anchor("int"), "builtins.html#int");
        assert_eq!(
            absolute("https://example.org/docs/", "methods/a.html"),
            "https://example.org/docs/methods/a.html"
        );
    }
}
