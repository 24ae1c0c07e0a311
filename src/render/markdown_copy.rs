//! The Markdown copy of every entity's page (`methods/NAME.md` beside `methods/NAME.html`), so
//! that people and tools can take a page as text.
//!
//! Its facts are [`crate::export`]'s, the ones `tldoc.json` gives, so the copy and the data say
//! the same; its `entity.md` template lays them out. Links in it lead to the other copies, so a
//! reader can follow them without leaving Markdown; the content's own Markdown keeps its links,
//! which already lead to `.md` files, except those that lead nowhere in the site: as on the HTML
//! page, a link to a copy that does not exist leads to the HTML page when there is one (a removed
//! entity has a page but no copy), and is left as its words when there is none ([`relink`]).
//!
//! `tldoc export --format markdown` puts every copy in one document, which stands in no folder:
//! its links lead from the site's root (`methods/auth.logOut.md`), or are absolute under
//! `base_url` when that is set.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use serde::Serialize;

use super::incremental::Shows;
use super::{Page, Renderer};
use crate::diagnostic::Diagnostic;
use crate::model::{EntityKind, Schema, TypeRef};
use crate::urls;

#[derive(Serialize)]
struct MarkdownData {
    entity: MarkdownEntity,
}

#[derive(Serialize)]
struct MarkdownEntity {
    name: String,
    /// `method`.
    kind: &'static str,
    id: Option<String>,
    id_decimal: Option<i64>,
    /// `layer 190`, or `layer 190, revision 2`.
    since: Option<String>,
    /// The description, Markdown.
    description: Option<String>,
    bots: Option<bool>,
    users: Option<bool>,
    /// `Method`.
    title: &'static str,
    /// The HTML page beside it.
    html_href: String,
    /// The content's notes below the front matter, as written.
    notes: String,
    /// The TL definition, or a type's constructors' definitions.
    definition: String,
    params: Vec<ParamRow>,
    result: Option<String>,
    errors: Vec<ErrorRow>,
    constructors: Vec<Link>,
}

#[derive(Serialize)]
struct ParamRow {
    name: String,
    type_md: String,
    condition: Option<String>,
    description: String,
}

#[derive(Serialize)]
struct ErrorRow {
    codes: String,
    name: String,
    description: String,
}

#[derive(Serialize)]
struct Link {
    name: String,
    href: String,
    summary: String,
}

impl Renderer<'_> {
    /// The Markdown copy of the page of the entity `page` is the copy of.
    /// Also says whose summaries it shows (a type's copy lists its constructors').
    /// With `from_root`, its links lead from the site's root, for a document of every copy.
    pub(super) fn markdown_copy(
        &self,
        page: Page,
        path: &str,
        from_root: bool,
        shows: &mut Shows,
    ) -> Result<String, Diagnostic> {
        let schema = self.inputs.schema;
        let sources = self.export_sources();
        let (kind, facts, combinator) = match page {
            Page::MethodMarkdown(id) => {
                let method = schema.method(id);
                let facts = sources.combinator_facts(EntityKind::Method, method);
                (EntityKind::Method, facts, Some(method))
            }
            Page::ConstructorMarkdown(id) => {
                let constructor = schema.constructor(id);
                let facts = sources.combinator_facts(EntityKind::Constructor, constructor);
                (EntityKind::Constructor, facts, Some(constructor))
            }
            Page::TypeMarkdown(id) => (EntityKind::Type, sources.type_facts(schema.ty(id)), None),
            _ => {
                return Err(super::internal_error(
                    "a Markdown copy of a page that is not an entity's",
                ));
            }
        };
        let params = combinator
            .map(|combinator| {
                combinator
                    .params
                    .iter()
                    .zip(facts.params.iter().flatten())
                    .filter(|(param, _)| !param.is_flags_field())
                    .map(|(param, fact)| ParamRow {
                        name: fact.name.clone(),
                        type_md: type_markdown(schema, &param.ty),
                        condition: fact
                            .flag
                            .as_ref()
                            .map(|flag| format!("{}.{}", flag.field, flag.bit)),
                        description: fact
                            .description
                            .as_ref()
                            .map(|d| table_cell(&d.markdown))
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let errors = facts
            .errors
            .iter()
            .flatten()
            .map(|error| ErrorRow {
                codes: error
                    .codes
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                name: error.name.clone(),
                description: error
                    .description
                    .as_deref()
                    .map(table_cell)
                    .unwrap_or_default(),
            })
            .collect();
        let (definition, constructors) = match page {
            Page::TypeMarkdown(id) => {
                let ty = schema.ty(id);
                let definition = ty
                    .constructors
                    .iter()
                    .map(|&c| schema.constructor(c).definition.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                let links = ty
                    .constructors
                    .iter()
                    .map(|&c| Link {
                        name: schema.constructor(c).name.clone(),
                        href: format!(
                            "../{}",
                            urls::entity_markdown(
                                EntityKind::Constructor,
                                &schema.constructor(c).name
                            )
                        ),
                        summary: self.summaries.constructors[c.index()].clone(),
                    })
                    .collect();
                *shows = Shows::Some(
                    ty.constructors
                        .iter()
                        .map(|&c| {
                            urls::entity_page(EntityKind::Constructor, &schema.constructor(c).name)
                        })
                        .collect(),
                );
                (definition, links)
            }
            _ => (
                combinator.map(|c| c.definition.clone()).unwrap_or_default(),
                Vec::new(),
            ),
        };
        let content_page = self.inputs.content.entity(kind, &facts.name);
        let notes = content_page
            .map(|page| {
                self.inputs.sources.file(page.file).text[page.body_start..]
                    .trim()
                    .to_owned()
            })
            .unwrap_or_default();
        let entity = MarkdownEntity {
            title: match kind {
                EntityKind::Method => "Method",
                EntityKind::Constructor => "Constructor",
                EntityKind::Type => "Type",
            },
            html_href: format!("{}.html", facts.name),
            notes,
            definition,
            params,
            result: combinator.map(|c| type_markdown(schema, &c.result)),
            errors,
            constructors,
            name: facts.name,
            kind: facts.kind,
            id: facts.id,
            id_decimal: facts.id_decimal,
            since: facts.since.map(|version| version.to_string()),
            description: facts.description.map(|d| d.markdown),
            bots: facts.bots,
            users: facts.users,
        };
        let view = self.page_view(page, path, Vec::new());
        let text = self.render_template(page, view, MarkdownData { entity })?;
        Ok(self.relink(&text, path, from_root))
    }

    /// `markdown`, the copy at `path`, with each inline link to a file of the site checked: kept
    /// when the file exists, led to the HTML page when a missing copy has one, left as its words
    /// otherwise; with `from_root`, each is written from the site's root (or `base_url`).
    fn relink(&self, markdown: &str, path: &str, from_root: bool) -> String {
        if !from_root && self.no_link_changes(markdown, path) {
            return markdown.to_owned();
        }
        let mut out = String::with_capacity(markdown.len());
        let mut copied = 0;
        let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter();
        for (event, range) in parser {
            let Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }) = event
            else {
                continue;
            };
            let written = &markdown[range.clone()];
            let Some(at) = written.rfind(&format!("]({dest_url}")) else {
                continue;
            };
            let Some(destination) = self.relinked(&dest_url, path, from_root) else {
                continue;
            };
            out.push_str(&markdown[copied..range.start]);
            match destination {
                Some(destination) => {
                    out.push_str(&written[..at + 2]);
                    out.push_str(&destination);
                    out.push_str(&written[at + 2 + dest_url.len()..]);
                }
                None => out.push_str(&written[1..at]),
            }
            copied = range.end;
        }
        out.push_str(&markdown[copied..]);
        out
    }

    /// Where a link of the copy at `path` to `dest_url` is to lead instead (`None` inside: left
    /// as its words); `None` when it stays as written.
    fn relinked(&self, dest_url: &str, path: &str, from_root: bool) -> Option<Option<String>> {
        let (target, fragment) = match dest_url.split_once('#') {
            Some((target, fragment)) => (target, Some(fragment)),
            None => (dest_url, None),
        };
        let is_external = dest_url.contains("://")
            || dest_url.starts_with("mailto:")
            || dest_url.starts_with('/');
        if is_external || (target.is_empty() && !from_root) {
            return None;
        }
        // A link within the copy, in the document of every copy, leads to the copy.
        let resolved = if target.is_empty() {
            path.to_owned()
        } else {
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            crate::content::resolve_relative(dir, target)?
        };
        // As on the HTML page, only links to Markdown files are checked: anything else is a
        // file of the content's own, copied as it is.
        let leads_to = match resolved.strip_suffix(".md") {
            Some(_) if self.pages.contains(&resolved) => Some(resolved.clone()),
            Some(stem) => Some(format!("{stem}.html")).filter(|html| self.pages.contains(html)),
            None => Some(resolved.clone()),
        };
        if !from_root && leads_to.as_deref() == Some(resolved.as_str()) {
            // It leads where it was written to: leave it as written.
            return None;
        }
        let base = self.inputs.config.base_url.as_deref();
        Some(leads_to.map(|found| {
            let found = match fragment {
                Some(fragment) => format!("{found}#{fragment}"),
                None => found,
            };
            match (from_root, base) {
                (true, Some(base)) => urls::absolute(base, &found),
                (true, None) => found,
                (false, _) => format!("{}{}", urls::to_root(path), found),
            }
        }))
    }

    /// Whether [`Renderer::relink`] would leave the copy at `path` as it is, told without
    /// parsing it, which is most of the cost of a copy: every `](` is looked at as the start of
    /// a link's destination, and a destination that can be read at a glance (no escapes, angle
    /// brackets, parentheses or entities, nothing before it) must stay as written. One that
    /// cannot be read so leaves it to the parser.
    fn no_link_changes(&self, markdown: &str, path: &str) -> bool {
        markdown.match_indices("](").all(|(at, _)| {
            let rest = &markdown[at + 2..];
            let end = rest
                .find(|c: char| c == ')' || c.is_whitespace())
                .unwrap_or(rest.len());
            let destination = &rest[..end];
            let plain =
                !destination.is_empty() && !destination.contains(['\\', '<', '>', '(', '&']);
            plain && self.relinked(destination, path, false).is_none()
        })
    }
}

/// A Markdown description on one line of a table: line breaks as spaces, `|` escaped.
fn table_cell(markdown: &str) -> String {
    markdown
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// A type as Markdown, each name linked to its copy: `Vector\<[InputUser](../types/InputUser.md)\>`.
fn type_markdown(schema: &Schema, ty: &TypeRef) -> String {
    let link = |kind: EntityKind, name: &str| {
        ["[", name, "](../", &urls::entity_markdown(kind, name), ")"].concat()
    };
    match ty {
        TypeRef::Nat => "#".to_owned(),
        TypeRef::Builtin(id) => {
            let name = &schema.builtin(*id).name;
            ["[", name, "](../", &urls::builtin_anchor(name), ")"].concat()
        }
        TypeRef::Type(id) => link(EntityKind::Type, &schema.ty(*id).name),
        TypeRef::BareType(id) => format!("%{}", link(EntityKind::Type, &schema.ty(*id).name)),
        TypeRef::Constructor(id) => link(EntityKind::Constructor, &schema.constructor(*id).name),
        TypeRef::Vector { boxed, element } => format!(
            "{}\\<{}\\>",
            if *boxed { "Vector" } else { "vector" },
            type_markdown(schema, element)
        ),
        TypeRef::Generic { name, bang } => format!("{}{name}", if *bang { "!" } else { "" }),
    }
}
