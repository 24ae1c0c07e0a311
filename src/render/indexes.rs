//! The pages that are not about one entity: the home page, the index of each kind, the builtin
//! types, the free pages of the content, the search and 404 pages, and the sitemap.
//!
//! Each is one method of [`Renderer`] that gathers its data and hands it to its template; they
//! are small and alike on purpose, so that a new page of this sort is one more method here and
//! one more entry in [`super::pages`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::views::{
    BuiltinView, EntityLink, Group, HomeData, HtmlData, ListData, NoData, SitemapData,
};
use super::{LinkProblem, Page, Renderer};
use crate::content::{LinkResolver, Origin, PageKind, markdown_to_html, summary};
use crate::diagnostic::Diagnostic;
use crate::model::EntityKind;
use crate::urls;

impl Renderer<'_> {
    /// The home page: the content's `index.md`, and a list of the free pages.
    pub(super) fn home_page(&self, problems: &mut Vec<LinkProblem>) -> Result<String, Diagnostic> {
        let content = self.inputs.content;
        let content_html = content
            .page(&PageKind::Home)
            .map(|page| self.page_body(page, "", problems))
            .unwrap_or_default();
        let pages = self
            .pages
            .pages()
            .iter()
            .filter_map(|&page| match page {
                Page::Free(index) => Some((page, &content.pages[index])),
                _ => None,
            })
            .map(|(page, content_page)| EntityLink {
                name: Cow::Owned(self.pages.title(page)),
                href: self.pages.path(page),
                summary: Cow::Owned(
                    content_page
                        .front
                        .description
                        .as_deref()
                        .map(summary)
                        .unwrap_or_default(),
                ),
            })
            .collect();
        let view = self.page_view(Page::Home, urls::HOME, Vec::new());
        let data = HomeData {
            content_html,
            pages,
            documented: self.documented(),
        };
        self.render_template(Page::Home, view, data)
    }

    /// The index of every entity of `kind`, grouped by namespace.
    pub(super) fn kind_index(&self, kind: EntityKind) -> Result<String, Diagnostic> {
        let schema = self.inputs.schema;
        let rows: Vec<(&str, Option<&str>, &str)> = match kind {
            EntityKind::Method => schema
                .methods
                .iter()
                .zip(&self.summaries.methods)
                .map(|(m, summary)| (m.name.as_str(), m.namespace(), summary.as_str()))
                .collect(),
            EntityKind::Constructor => schema
                .constructors
                .iter()
                .zip(&self.summaries.constructors)
                .map(|(c, summary)| (c.name.as_str(), c.namespace(), summary.as_str()))
                .collect(),
            EntityKind::Type => schema
                .types
                .iter()
                .zip(&self.summaries.types)
                .map(|(t, summary)| (t.name.as_str(), t.namespace(), summary.as_str()))
                .collect(),
        };
        let page = Page::Index(kind);
        let view = self.page_view(page, &urls::kind_index(kind), Vec::new());
        self.render_template(page, view, namespace_list(rows, kind.noun()))
    }

    /// The builtin types, with what each is.
    pub(super) fn builtins_page(&self) -> Result<String, Diagnostic> {
        let schema = self.inputs.schema;
        let tdlib = self.site.tdlib;
        let builtins = schema
            .listed_builtins()
            .map(|id| schema.builtin(id))
            .map(|builtin| BuiltinView {
                name: &builtin.name,
                json_html: tdlib.then(|| {
                    markdown_to_html(
                        tdlib_json(&builtin.name),
                        "",
                        Origin::Body,
                        &LinkResolver::NONE,
                    )
                    .html
                }),
                description_html: markdown_to_html(
                    &builtin.description,
                    "",
                    Origin::Body,
                    &LinkResolver::NONE,
                )
                .html,
            })
            .collect();
        let view = self.page_view(Page::Builtins, urls::BUILTINS, Vec::new());
        self.render_template(
            Page::Builtins,
            view,
            super::views::BuiltinsData { builtins },
        )
    }

    /// A free page of the content, the `index`th, at `path`.
    pub(super) fn free_page(
        &self,
        index: usize,
        path: &str,
        problems: &mut Vec<LinkProblem>,
    ) -> Result<String, Diagnostic> {
        let content_page = &self.inputs.content.pages[index];
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let content_html = self.page_body(content_page, dir, problems);
        let page = Page::Free(index);
        let mut view = self.page_view(page, path, Vec::new());
        view.edit_href = super::data::edit_href(
            self.inputs.config,
            &format!("content/{}", content_page.path),
        );
        let data = HtmlData {
            content_html,
            pages: Vec::new(),
        };
        self.render_template(page, view, data)
    }

    /// A page whose template needs nothing but `site` and `page`: the 404 and search pages.
    pub(super) fn plain_page(&self, page: Page, path: &str) -> Result<String, Diagnostic> {
        let view = self.page_view(page, path, Vec::new());
        if page == Page::NotFound {
            let data = HtmlData {
                content_html: String::new(),
                pages: Vec::new(),
            };
            return self.render_template(page, view, data);
        }
        self.render_template(page, view, NoData {})
    }

    /// The sitemap: the absolute URL of every page when the site has a base URL, else its path.
    pub(super) fn sitemap(&self) -> Result<String, Diagnostic> {
        let base = self.inputs.config.base_url.as_deref();
        let urls = self
            .pages
            .sitemap()
            .into_iter()
            .map(|path| match base {
                Some(base) => Cow::Owned(urls::absolute(base, path)),
                None => Cow::Borrowed(path),
            })
            .collect();
        let view = self.page_view(Page::Sitemap, urls::SITEMAP, Vec::new());
        self.render_template(Page::Sitemap, view, SitemapData { urls })
    }
}

/// How TDLib's JSON interface carries a builtin (`td/telegram/td_json_client.h`; checked
/// against TDLib 1.8.65 by tests/examples_run.rs): a 64-bit integer as a string, since a JSON
/// reader such as JavaScript's keeps only 53 bits of a number; bytes as base64.
fn tdlib_json(builtin: &str) -> &'static str {
    match builtin {
        "int32" | "int" => "A JSON number.",
        "int53" => "A JSON number: every int53 is exact in JavaScript.",
        "int64" | "long" => {
            "A JSON string of the number in decimal (`\"1234567890123\"`): \
                             JavaScript's numbers keep only 53 bits. TDLib reads a number too."
        }
        "double" => "A JSON number.",
        "string" => "A JSON string.",
        "bytes" => "A JSON string of the bytes in base64 (`\"AAEC\"`).",
        "Bool" => "`true` or `false`.",
        _ => "As the schema defines it.",
    }
}

/// `entries` (name, namespace, summary) listed as an index lists them: grouped by namespace in
/// name order, the root's group (anchored `root`) first, each entry linking to its page, which is
/// beside the index in the kind's folder.
pub(super) fn namespace_list<'a>(
    entries: impl IntoIterator<Item = (&'a str, Option<&'a str>, &'a str)>,
    noun: &'static str,
) -> ListData<'a> {
    let mut groups: BTreeMap<&str, Vec<EntityLink>> = BTreeMap::new();
    for (name, namespace, summary) in entries {
        groups
            .entry(namespace.unwrap_or(""))
            .or_default()
            .push(EntityLink {
                name: Cow::Borrowed(name),
                href: format!("{name}.html"),
                summary: Cow::Borrowed(summary),
            });
    }
    let total = groups.values().map(Vec::len).sum();
    let groups = groups
        .into_iter()
        .map(|(name, mut rows)| {
            rows.sort_by(|a, b| a.name.cmp(&b.name));
            Group {
                anchor: if name.is_empty() { "root" } else { name },
                name,
                rows,
            }
        })
        .collect();
    ListData {
        groups,
        total,
        noun,
    }
}
