//! The one-line summary of every entity: what index rows, the lists on other entities' pages
//! and the search index show beside a name.
//!
//! A summary is the first sentence of the entity's description in content (Markdown, as plain
//! text), or else of the schema's documentation. The same summary is shown many times over (a
//! constructor on its type's page, on the pages of every method returning it, in its index), so
//! each is computed once per render, in parallel, and updated only for the pages an edit touches.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::content::{Content, summary};
use crate::html::first_sentence;
use crate::model::{EntityKind, Schema};
use crate::urls;

use super::pages::Page;

/// The one-line summary of each entity, by index.
#[derive(Clone)]
pub(super) struct Summaries {
    pub(super) methods: Vec<String>,
    pub(super) constructors: Vec<String>,
    pub(super) types: Vec<String>,
}

impl Summaries {
    /// The summary of the entity `kind` names: the first sentence of its description in content,
    /// or else of the schema's.
    pub(super) fn of(
        content: &Content,
        kind: EntityKind,
        name: &str,
        schema_description: Option<&str>,
    ) -> String {
        // Front matter is Markdown; the schema's documentation is plain text, shown escaped on
        // its page, so its summary keeps every character too.
        match content
            .entity(kind, name)
            .and_then(|page| page.front.description.as_deref())
        {
            Some(markdown) => summary(markdown),
            None => schema_description.map(with_badges).unwrap_or_default(),
        }
    }

    /// These summaries after an edit of the content pages `edited`, whose entities alone can have
    /// new summaries; also the paths of the pages of the entities whose summary changed.
    pub(super) fn update(
        &self,
        schema: &Schema,
        content: &Content,
        edited: &[usize],
    ) -> (Summaries, HashSet<String>) {
        let mut new = self.clone();
        let mut changed = HashSet::new();
        for &index in edited {
            let Some(page) = content.pages.get(index) else {
                continue;
            };
            let Some((kind, name)) = page.kind.entity() else {
                continue;
            };
            let found = match kind {
                EntityKind::Method => schema
                    .method_named(name)
                    .map(|id| (id.index(), &schema.method(id).description)),
                EntityKind::Constructor => schema
                    .constructor_named(name)
                    .map(|id| (id.index(), &schema.constructor(id).description)),
                EntityKind::Type => schema
                    .type_named(name)
                    .map(|id| (id.index(), &schema.ty(id).description)),
            };
            let Some((index, described)) = found else {
                continue;
            };
            let list = new.of_kind_mut(kind);
            let path = urls::entity_page(kind, name);
            let described = described.as_deref();
            let summary = Summaries::of(content, kind, name, described);
            if let Some(slot) = list.get_mut(index)
                && *slot != summary
            {
                *slot = summary;
                changed.insert(path);
            }
        }
        (new, changed)
    }

    /// The summary of the entity `page` is about, if it is about one.
    pub(super) fn of_page(&self, page: Page) -> Option<&str> {
        let (list, index) = match page {
            Page::Method(id) => (&self.methods, id.index()),
            Page::Constructor(id) => (&self.constructors, id.index()),
            Page::Type(id) => (&self.types, id.index()),
            _ => return None,
        };
        list.get(index).map(String::as_str)
    }

    fn of_kind_mut(&mut self, kind: EntityKind) -> &mut Vec<String> {
        match kind {
            EntityKind::Method => &mut self.methods,
            EntityKind::Constructor => &mut self.constructors,
            EntityKind::Type => &mut self.types,
        }
    }

    pub(super) fn new(schema: &Schema, content: &Content) -> Summaries {
        let of = |kind: EntityKind, name: &str, schema_description: Option<&str>| {
            Summaries::of(content, kind, name, schema_description)
        };
        Summaries {
            methods: schema
                .methods
                .par_iter()
                .map(|m| of(EntityKind::Method, &m.name, m.description.as_deref()))
                .collect(),
            constructors: schema
                .constructors
                .par_iter()
                .map(|c| of(EntityKind::Constructor, &c.name, c.description.as_deref()))
                .collect(),
            types: schema
                .types
                .par_iter()
                .map(|t| of(EntityKind::Type, &t.name, t.description.as_deref()))
                .collect(),
        }
    }
}

/// The first sentence of a schema's description, with what the rest says of when it may be
/// called (TDLib's "Can be called synchronously", ...): indexes and the search's first step show
/// summaries only, and these are what a reader looks for there.
fn with_badges(description: &str) -> String {
    let first = first_sentence(description);
    let badges = crate::model::prose::traits(description).badges;
    if badges.is_empty() {
        return first;
    }
    let lower = first.to_ascii_lowercase();
    let badges: Vec<String> = badges
        .into_iter()
        .filter(|badge| !lower.contains(&badge.to_ascii_lowercase()))
        .collect();
    if badges.is_empty() {
        first
    } else {
        format!("{first} ({})", badges.join("; "))
    }
}
