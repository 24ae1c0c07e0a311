//! The content's Markdown on a page: rendered, inline code naming an entity linked to it, and
//! every link that leads to no page collected with its place in the file.
//!
//! Links are checked against the one list of pages as they are rendered, so that a broken one is
//! reported at the line that wrote it, with the link policy of the site deciding whether it
//! fails the build ([`super::Renderer::link_diagnostic`]).

use super::Renderer;
use crate::content::{ContentPage, LinkResolver, PageKind, Written, markdown_to_html};
use crate::diagnostic::FileId;
use crate::model::{EntityKind, Schema};
use crate::urls;

/// A link in content that leads to no page.
pub(super) struct LinkProblem {
    pub(super) file: FileId,
    pub(super) offset: usize,
    pub(super) written: String,
}

impl Renderer<'_> {
    /// Renders Markdown of `page`, written `at` its body or a front-matter value, for a page in
    /// `dir`, collecting broken links with their place in the file.
    pub(super) fn markdown(
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

    pub(super) fn page_body(
        &self,
        page: &ContentPage,
        dir: &str,
        problems: &mut Vec<LinkProblem>,
    ) -> String {
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
}

/// The page that inline code names, if it names an entity: a method, a type, or a constructor
/// whose name cannot be an ordinary word (it has a namespace or a capital letter, unlike `user`
/// or `true`).
fn autolink(schema: &Schema, code: &str) -> Option<String> {
    if schema.method_named(code).is_some() {
        return Some(urls::entity_page(EntityKind::Method, code));
    }
    if schema.type_named(code).is_some() {
        return Some(urls::entity_page(EntityKind::Type, code));
    }
    let distinctive = code.contains('.') || code.chars().any(|c| c.is_ascii_uppercase());
    if distinctive && schema.constructor_named(code).is_some() {
        return Some(urls::entity_page(EntityKind::Constructor, code));
    }
    None
}
