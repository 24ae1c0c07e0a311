//! The pages of RPC errors and of who may call what: a page per error with the methods that may
//! return it, the errors index grouped by code, and the methods bots (or users) may use.
//!
//! The catalogue ([`crate::errors`]) is built once per load; these pages only read it, as the
//! method pages do for their links to errors.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::indexes::namespace_list;
use super::pages::Caller;
use super::views::{EntityLink, ErrorCodeGroup, ErrorPageData, ErrorRow};
use super::{Inputs, Page, Renderer};
use crate::diagnostic::Diagnostic;
use crate::model::{EntityKind, MethodId};
use crate::urls;

pub(super) use crate::errors::Callers;

/// [`Callers`] of every method of `inputs`, by index. The method pages, the pages of who may
/// call what and the search index all show it, so it is worked out once per render.
pub(super) fn callers(inputs: &Inputs<'_>) -> Vec<Callers> {
    (inputs.schema.methods.iter())
        .map(|method| {
            let page = (inputs.content).entity(EntityKind::Method, &method.name);
            crate::errors::callers(method, page, inputs.telethon)
        })
        .collect()
}

impl Renderer<'_> {
    /// Whether bots, and whether users, may call the method `id`.
    pub(super) fn usability(&self, id: MethodId) -> Callers {
        self.callers[id.index()]
    }

    /// The link from a method's page to the page of the error `name`, if it has one.
    pub(super) fn error_href(&self, name: &str) -> Option<String> {
        self.inputs
            .errors
            .named(name)
            .filter(|error| error.has_page())
            .map(|error| format!("../{}", urls::error_page(&error.name)))
    }

    /// The page of the `index`th error of the catalogue, at `path`.
    pub(super) fn error_page(&self, index: usize, path: &str) -> Result<String, Diagnostic> {
        let error = &self.inputs.errors.errors[index];
        let schema = self.inputs.schema;
        let methods = error
            .methods
            .iter()
            .map(|&id| {
                let name = &schema.method(id).name;
                EntityLink {
                    name: Cow::Borrowed(name),
                    href: urls::entity_page_from_folder(EntityKind::Method, name),
                    summary: Cow::Borrowed(&self.summaries.methods[id.index()]),
                }
            })
            .collect();
        let page = Page::Error(index);
        let crumbs = vec![super::views::Crumb {
            title: "Errors".to_owned(),
            href: "index.html".to_owned(),
        }];
        let mut view = self.page_view(page, path, crumbs);
        if let Some(description) = error.description.as_deref().filter(|d| !d.is_empty()) {
            view.description = description.to_owned();
        }
        let data = ErrorPageData {
            name: &error.name,
            codes: &error.codes,
            description: error.description.as_deref(),
            member: error.name.split('_').any(|part| part == "X").then(|| {
                (error.name.split('_'))
                    .map(|part| if part == "X" { "42" } else { part })
                    .collect::<Vec<_>>()
                    .join("_")
            }),
            methods,
        };
        self.render_template(page, view, data)
    }

    /// The index of every error, grouped by code (an error with two codes is in both groups).
    pub(super) fn errors_index(&self) -> Result<String, Diagnostic> {
        let mut groups: BTreeMap<Option<i32>, Vec<ErrorRow>> = BTreeMap::new();
        let errors = &self.inputs.errors.errors;
        for error in errors {
            let row = || ErrorRow {
                name: &error.name,
                href: error.has_page().then(|| format!("{}.html", error.name)),
                summary: error.description.as_deref().unwrap_or_default(),
                methods: error.methods.len(),
            };
            if error.codes.is_empty() {
                groups.entry(None).or_default().push(row());
            }
            for &code in &error.codes {
                groups.entry(Some(code)).or_default().push(row());
            }
        }
        // Errors of no known code come last.
        let mut groups: Vec<ErrorCodeGroup> = groups
            .into_iter()
            .map(|(code, rows)| ErrorCodeGroup {
                code: code.map(|code| code.to_string()),
                anchor: code.map_or("unknown".to_owned(), |code| format!("code-{code}")),
                rows,
            })
            .collect();
        groups.sort_by_key(|group| group.code.is_none());
        let view = self.page_view(Page::Errors, urls::ERRORS_INDEX, Vec::new());
        let data = super::views::ErrorsIndexData {
            total: errors.len(),
            groups,
        };
        self.render_template(Page::Errors, view, data)
    }

    /// The methods `caller` may use, grouped by namespace as in the methods' index.
    pub(super) fn callable_index(&self, caller: Caller) -> Result<String, Diagnostic> {
        let schema = self.inputs.schema;
        let callable = schema.method_ids().filter(|&id| {
            let (bots, users) = self.usability(id);
            let may = match caller {
                Caller::Bots => bots,
                Caller::Users => users,
            };
            may == Some(true)
        });
        let entries = callable.map(|id| {
            let method = schema.method(id);
            let summary = self.summaries.methods[id.index()].as_str();
            (method.name.as_str(), method.namespace(), summary)
        });
        let data = namespace_list(entries, EntityKind::Method.noun());
        let page = Page::Callable(caller);
        let path = self.pages.path(page);
        let view = self.page_view(page, &path, Vec::new());
        self.render_template(page, view, data)
    }
}
