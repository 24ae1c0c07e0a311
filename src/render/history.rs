//! The pages of a site's history: a Changes page per version (a layer, a revision of a layer the
//! history holds several of, or a TDLib release), their index, each entity's "since"
//! and own changes, and a page for each entity removed since the oldest version.
//!
//! Every name on these pages links to the entity's page, or to its removed-entity page, through
//! one lookup in the site's set of pages, so a link is written only to a page that exists. The
//! wording of each change is the one of `tldoc diff`'s reports ([`report::detail_pieces`]), so the
//! terminal, the changelog and the site say the same thing.
//!
//! A removed entity's page lies where its page used to be (`methods/NAME.html`), so that links
//! made when it existed keep working. It gets none when a page of the current site is there
//! already (an entity of the same name defined outside the layered schema), or when its path
//! differs from another page's only in case, which a case-insensitive file system would merge.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;

use super::views::NameLink;
use super::{Crumb, Page, Renderer, missing_history};
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::report::{self, Piece};
use crate::diff::{Changed, CombinatorDiff, SchemaDiff};
use crate::history::{EventKind, History, LastDefinition, Origin, Removal, Version};
use crate::model::EntityKind;
use crate::urls;

/// The history's pages, planned once per build.
pub(super) struct HistoryPages<'a> {
    pub(super) history: &'a History,
    /// The removed entities that get a page, by kind, then name.
    pub(super) removed: Vec<RemovedEntity<'a>>,
}

/// An entity the newest layer no longer has, with a page of its own.
pub(super) struct RemovedEntity<'a> {
    pub(super) kind: EntityKind,
    pub(super) name: &'a str,
    removal: &'a Removal,
}

/// The id of an entity's entry on a Changes page: `constructor-messageActionGiftCode`.
fn anchor(kind: EntityKind, name: &str) -> String {
    format!("{}-{name}", kind.noun())
}

impl<'a> HistoryPages<'a> {
    /// Plans the history's pages and adds their paths to `pages`, the site's other pages; a
    /// removed entity whose page would clash with another's is reported and gets none, and a page
    /// of the content where a Changes page goes is an error.
    pub(super) fn new(
        history: &'a History,
        pages: &mut HashSet<String>,
    ) -> (HistoryPages<'a>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut lowercase: HashSet<String> = pages.iter().map(|p| p.to_ascii_lowercase()).collect();
        let mut removed = Vec::new();
        for kind in EntityKind::ALL {
            for (name, entity) in history.removed(kind) {
                let Some(removal) = &entity.removed else {
                    continue;
                };
                let path = urls::entity_page(kind, name);
                if pages.contains(&path) {
                    continue;
                }
                if !lowercase.insert(path.to_ascii_lowercase()) {
                    problems.push(
                        Diagnostic::new(
                            Severity::Warning,
                            format!(
                                "the removed {} `{name}` gets no page: `{path}` differs from \
                                 another page's path only in case",
                                kind.noun()
                            ),
                        )
                        .with_note(
                            "case-insensitive file systems (macOS, Windows) would make the two \
                             one file; the Changes pages name it without a link",
                        ),
                    );
                    continue;
                }
                pages.insert(path);
                removed.push(RemovedEntity {
                    kind,
                    name,
                    removal,
                });
            }
        }
        let changes = history
            .versions()
            .iter()
            .skip(1)
            .map(|&version| changes_page(version));
        for path in std::iter::once(urls::CHANGES_INDEX.to_owned()).chain(changes) {
            // Only a free page of the content can be there already: `content/changes/`.
            if !pages.insert(path.clone()) {
                problems.push(
                    Diagnostic::new(
                        Severity::Error,
                        format!(
                            "the page `{path}` of the content takes the place of the history's"
                        ),
                    )
                    .in_file(
                        format!("content/{}", path.strip_suffix(".html").unwrap_or(&path)) + ".md",
                    )
                    .with_note("the history's Changes pages live in `changes/`: move the page"),
                );
            }
        }
        (HistoryPages { history, removed }, problems)
    }
}

/// A part of a sentence about a change, for `change.html`: words, TL (in `<code>` by default),
/// or the name of an entity with a link to its page.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum Part<'a> {
    Text(&'static str),
    Code(String),
    Link(NameLink<'a>),
}

#[derive(Serialize)]
pub(super) struct HistoryView<'a> {
    /// `layer 190`, `layer 190, revision 2`, `TDLib 1.8.50`.
    since: String,
    /// `since` is the oldest version known, so the entity may be older.
    since_oldest: bool,
    /// Newest first.
    events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
struct EventView<'a> {
    /// `Layer 190`, `Layer 190, revision 2`, `TDLib 1.8.50`.
    title: String,
    href: String,
    /// What happened, in parts.
    what: Vec<Part<'a>>,
}

/// The history's span, for the pages that mention it.
#[derive(Serialize)]
pub(super) struct LayerRange {
    /// The oldest version's number: `100`, `1.6.0`.
    oldest: String,
    /// The newest's.
    newest: String,
    /// What is written before a number: `layer`, `TDLib`.
    label: &'static str,
    /// What a version is called: `layer`, `version`.
    noun: &'static str,
}

#[derive(Serialize)]
struct ChangesData<'a> {
    changes: ChangesView<'a>,
}

#[derive(Serialize)]
struct ChangesView<'a> {
    /// `layer 190`, `layer 190, revision 2` or `TDLib 1.8.50`, as the two below.
    version: String,
    previous: String,
    summary: String,
    origin: Option<OriginView<'a>>,
    older: Option<Crumb>,
    newer: Option<Crumb>,
    sections: Vec<SectionView<'a>>,
}

/// Where the file of a version came from, as its sidecar says.
#[derive(Serialize)]
struct OriginView<'a> {
    source: Option<&'a str>,
    /// `source` when it is a web address, to link it.
    source_href: Option<&'a str>,
    commit: Option<&'a str>,
    date: Option<&'a str>,
}

impl<'a> OriginView<'a> {
    fn new(origin: &'a Origin) -> OriginView<'a> {
        let source = origin.source.as_deref();
        OriginView {
            source,
            source_href: source
                .filter(|source| source.starts_with("https://") || source.starts_with("http://")),
            commit: origin.commit.as_deref(),
            date: origin.date.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct SectionView<'a> {
    id: &'static str,
    title: &'static str,
    groups: Vec<GroupView<'a>>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    id: String,
    title: &'static str,
    entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    id: String,
    /// A second anchor, for the old name of a renamed entity.
    old_id: Option<String>,
    name: NameLink<'a>,
    /// What is said after the name, in parts.
    note: Vec<Part<'a>>,
    /// A definition added or removed, on one line.
    tl: Option<&'a str>,
    /// What changed, an item each, in parts.
    details: Vec<Vec<Part<'a>>>,
}

#[derive(Serialize)]
struct LayersData {
    layers: Vec<LayerRow>,
}

#[derive(Serialize)]
struct LayerRow {
    /// The row's anchor: `layer-190`, `layer-190-r2`, `tdlib-1.8.50`.
    id: String,
    /// `Layer 190`, `Layer 190, revision 2`, `TDLib 1.8.50`.
    title: String,
    href: Option<String>,
    summary: String,
}

#[derive(Serialize)]
struct RemovedData<'a> {
    entity: RemovedView<'a>,
}

#[derive(Serialize)]
struct RemovedView<'a> {
    name: &'a str,
    kind: &'static str,
    /// The version that removed it: `layer 190`, `layer 190, revision 2`, `TDLib 1.8.50`.
    version: String,
    changes_href: String,
    renamed_to: Option<NameLink<'a>>,
    /// The last version that had it.
    last_version: String,
    tl: Cow<'a, str>,
    /// A removed type's constructors.
    constructors: Vec<NameLink<'a>>,
    history: Option<HistoryView<'a>>,
}

/// The oldest and newest versions, for the home page.
pub(super) fn layer_range(history: &History) -> Option<LayerRange> {
    let oldest = *history.versions().first()?;
    Some(LayerRange {
        oldest: oldest.number(),
        newest: history.versions().last()?.number(),
        label: oldest.label(),
        noun: oldest.noun(),
    })
}

impl Renderer<'_> {
    /// The index of the Changes pages.
    pub(super) fn layers_page(&self) -> Result<String, Diagnostic> {
        let data = self.layers_data().ok_or_else(missing_history)?;
        let view = self.page_view(Page::Layers, urls::CHANGES_INDEX, Vec::new());
        self.render_template(Page::Layers, view, data)
    }

    /// The Changes page of the `index`th diff of the history, at `path`.
    pub(super) fn changes_page(&self, index: usize, path: &str) -> Result<String, Diagnostic> {
        let (_, data) = self.changes_data(index).ok_or_else(missing_history)?;
        let crumbs = vec![Crumb {
            title: "Changes".to_owned(),
            href: "index.html".to_owned(),
        }];
        let page = Page::Changes(index);
        let view = self.page_view(page, path, crumbs);
        self.render_template(page, view, data)
    }

    /// The page of the `index`th removed entity, at `path`.
    pub(super) fn removed_page(&self, index: usize, path: &str) -> Result<String, Diagnostic> {
        let (kind, data) = self.removed_data(index).ok_or_else(missing_history)?;
        let crumbs = vec![Crumb {
            title: kind.title().to_owned(),
            href: format!("../{}", urls::kind_index(kind)),
        }];
        let page = Page::Removed(index);
        let view = self.page_view(page, path, crumbs);
        self.render_template(page, view, data)
    }

    /// The name of an entity of `kind`, with a link to its page from a page one folder below
    /// the root when it has one.
    fn name_link<'n>(&self, kind: EntityKind, name: impl Into<Cow<'n, str>>) -> NameLink<'n> {
        let name = name.into();
        let path = urls::entity_page(kind, &name);
        NameLink {
            href: self.pages.contains(&path).then(|| format!("../{path}")),
            name,
        }
    }

    /// The parts of a sentence of `tldoc diff`'s reports, its names those of constructors.
    fn parts(&self, pieces: Vec<Piece>) -> Vec<Part<'static>> {
        pieces
            .into_iter()
            .map(|piece| match piece {
                Piece::Words(words) => Part::Text(words),
                Piece::Tl(text) => Part::Code(text),
                Piece::Name(name) => Part::Link(self.name_link(EntityKind::Constructor, name)),
            })
            .collect()
    }

    /// What changed of a combinator, one item per change, its TL quoted.
    fn combinator_details(&self, changed: &Changed) -> Vec<Vec<Part<'static>>> {
        let mut lines = Vec::new();
        if let Some(id) = &changed.id {
            lines.push(vec![
                Part::Text("id "),
                Part::Code(id.old.to_string()),
                Part::Text(" → "),
                Part::Code(id.new.to_string()),
            ]);
        }
        for (marker, pieces) in report::detail_pieces(changed) {
            let mut line = match marker {
                '+' => vec![Part::Text("added ")],
                '-' => vec![Part::Text("removed ")],
                _ => Vec::new(),
            };
            line.extend(self.parts(pieces));
            lines.push(line);
        }
        lines
    }

    /// "since layer N" (or "since TDLib 1.8.50") and the changes of the entity of this kind and name, if the history
    /// knows it, for its page (one folder below the root).
    pub(super) fn history_view<'s>(
        &'s self,
        kind: EntityKind,
        name: &str,
    ) -> Option<HistoryView<'s>> {
        let pages = self.pages.history.as_ref()?;
        let entity = pages.history.entity(kind, name)?;
        let oldest = *pages.history.versions().first()?;
        let events = entity
            .events
            .iter()
            .rev()
            .map(|event| {
                let changes = pages.history.changes_in(event.version);
                let what = match &event.what {
                    EventKind::Added => vec![Part::Text("added")],
                    EventKind::Removed => vec![Part::Text("removed")],
                    EventKind::Changed => {
                        let details = match kind {
                            EntityKind::Type => changes
                                .and_then(|diff| find(&diff.types.changed, name, |t| &t.name))
                                .map(|changed| {
                                    vec![self.parts(report::membership_pieces(
                                        &changed.added,
                                        &changed.removed,
                                    ))]
                                }),
                            _ => changes
                                .and_then(|diff| {
                                    find(&combinators(diff, kind).changed, name, |c| &c.name)
                                })
                                .map(|changed| self.combinator_details(changed)),
                        };
                        match details {
                            Some(details) => joined(Vec::new(), details),
                            None => vec![Part::Text("changed")],
                        }
                    }
                    EventKind::RenamedFrom(old) => {
                        let lead = vec![
                            Part::Text("renamed from "),
                            Part::Link(self.name_link(kind, old.as_str())),
                        ];
                        let details = changes
                            .and_then(|diff| {
                                find(&combinators(diff, kind).renamed, name, |c| &c.name)
                            })
                            .map(|renamed| self.combinator_details(renamed))
                            .unwrap_or_default();
                        joined(lead, details)
                    }
                    EventKind::RenamedTo(new) => vec![
                        Part::Text("renamed to "),
                        Part::Link(self.name_link(kind, new.as_str())),
                    ],
                };
                EventView {
                    title: title(event.version),
                    href: format!("../{}#{}", changes_page(event.version), anchor(kind, name)),
                    what,
                }
            })
            .collect();
        Some(HistoryView {
            since: entity.since.to_string(),
            since_oldest: entity.since == oldest,
            events,
        })
    }

    /// The Changes page of the `index`th diff of the history.
    fn changes_data(&self, index: usize) -> Option<(Version, ChangesData<'_>)> {
        let pages = self.pages.history.as_ref()?;
        let versions = pages.history.versions();
        let diff = pages.history.diffs().get(index)?;
        let (previous, version) = (*versions.get(index)?, *versions.get(index + 1)?);
        let crumb = |version: Version| Crumb {
            title: title(version),
            href: file_name(&changes_page(version)).to_owned(),
        };
        let mut sections = Vec::new();
        for kind in [EntityKind::Constructor, EntityKind::Method] {
            let groups = self.combinator_groups(kind, combinators(diff, kind));
            if !groups.is_empty() {
                sections.push(SectionView {
                    id: kind.folder(),
                    title: kind.title(),
                    groups,
                });
            }
        }
        let types = self.type_groups(diff);
        if !types.is_empty() {
            sections.push(SectionView {
                id: EntityKind::Type.folder(),
                title: EntityKind::Type.title(),
                groups: types,
            });
        }
        Some((
            version,
            ChangesData {
                changes: ChangesView {
                    version: version.to_string(),
                    previous: previous.to_string(),
                    summary: report::counts(diff),
                    origin: pages.history.origins()[index + 1]
                        .as_ref()
                        .map(OriginView::new),
                    older: (index > 0).then(|| crumb(previous)),
                    newer: versions.get(index + 2).map(|&newer| crumb(newer)),
                    sections,
                },
            },
        ))
    }

    fn combinator_groups<'s>(
        &'s self,
        kind: EntityKind,
        diff: &'s CombinatorDiff,
    ) -> Vec<GroupView<'s>> {
        let plural = kind.folder();
        let entry = |name: &'s str| EntryView {
            id: anchor(kind, name),
            old_id: None,
            name: self.name_link(kind, name),
            note: Vec::new(),
            tl: None,
            details: Vec::new(),
        };
        let added = diff
            .added
            .iter()
            .map(|added| EntryView {
                tl: Some(&added.definition),
                ..entry(&added.name)
            })
            .collect();
        let changed = diff.changed.iter().map(|changed| EntryView {
            details: self.combinator_details(changed),
            ..entry(&changed.name)
        });
        let renamed = diff.renamed.iter().map(|renamed| {
            let old = renamed.renamed_from.as_deref().unwrap_or_default();
            EntryView {
                old_id: Some(anchor(kind, old)),
                note: vec![
                    Part::Text("renamed from "),
                    Part::Link(self.name_link(kind, old)),
                ],
                details: self.combinator_details(renamed),
                ..entry(&renamed.name)
            }
        });
        let removed = diff
            .removed
            .iter()
            .map(|removed| EntryView {
                tl: Some(&removed.definition),
                ..entry(&removed.name)
            })
            .collect();
        [
            ("new", "New", added),
            ("renamed", "Renamed", renamed.collect()),
            ("changed", "Changed", changed.collect()),
            ("removed", "Removed", removed),
        ]
        .into_iter()
        .filter(|(_, _, entries): &(_, _, Vec<EntryView<'_>>)| !entries.is_empty())
        .map(|(id, title, entries)| GroupView {
            id: format!("{id}-{plural}"),
            title,
            entries,
        })
        .collect()
    }

    fn type_groups<'s>(&'s self, diff: &'s SchemaDiff) -> Vec<GroupView<'s>> {
        let entry = |name: &'s str, note: Vec<Part<'s>>| EntryView {
            id: anchor(EntityKind::Type, name),
            old_id: None,
            name: self.name_link(EntityKind::Type, name),
            note,
            tl: None,
            details: Vec::new(),
        };
        let built_by = |names: &'s [String]| {
            let mut note = vec![Part::Text("built by ")];
            for (at, name) in names.iter().enumerate() {
                if at > 0 {
                    note.push(Part::Text(", "));
                }
                note.push(Part::Link(
                    self.name_link(EntityKind::Constructor, name.as_str()),
                ));
            }
            note
        };
        let added = diff
            .types
            .added
            .iter()
            .map(|ty| entry(&ty.name, built_by(&ty.constructors)))
            .collect();
        let changed = diff
            .types
            .changed
            .iter()
            .map(|ty| {
                let note = self.parts(report::membership_pieces(&ty.added, &ty.removed));
                entry(&ty.name, note)
            })
            .collect();
        let removed = diff
            .types
            .removed
            .iter()
            .map(|ty| entry(&ty.name, built_by(&ty.constructors)))
            .collect();
        [
            ("new-types", "New", added),
            ("changed-types", "Changed", changed),
            ("removed-types", "Removed", removed),
        ]
        .into_iter()
        .filter(|(_, _, entries): &(_, _, Vec<EntryView<'_>>)| !entries.is_empty())
        .map(|(id, title, entries)| GroupView {
            id: id.to_owned(),
            title,
            entries,
        })
        .collect()
    }

    /// The rows of the index of versions, newest first.
    fn layers_data(&self) -> Option<LayersData> {
        let history = self.pages.history.as_ref()?.history;
        let versions = history.versions();
        let row = |version: Version, href: Option<String>, summary: String| LayerRow {
            id: format!(
                "{}-{}",
                version.label().to_ascii_lowercase(),
                version.page_name()
            ),
            title: title(version),
            href,
            summary,
        };
        let oldest = versions.first().map(|&version| {
            row(
                version,
                None,
                format!(
                    "the oldest {} known: the history starts here",
                    version.noun()
                ),
            )
        });
        let mut rows: Vec<LayerRow> = oldest
            .into_iter()
            .chain(
                versions
                    .iter()
                    .skip(1)
                    .zip(history.diffs())
                    .map(|(&version, diff)| {
                        let page = changes_page(version);
                        row(
                            version,
                            Some(file_name(&page).to_owned()),
                            report::counts(diff),
                        )
                    }),
            )
            .collect();
        rows.reverse();
        Some(LayersData { layers: rows })
    }

    /// The page of the `index`th removed entity: its path and data.
    fn removed_data(&self, index: usize) -> Option<(EntityKind, RemovedData<'_>)> {
        let pages = self.pages.history.as_ref()?;
        let removed = pages.removed.get(index)?;
        let (kind, name, removal) = (removed.kind, removed.name, removed.removal);
        let versions = pages.history.versions();
        let last_version = versions
            .binary_search(&removal.version)
            .ok()
            .and_then(|at| at.checked_sub(1))
            .map_or(removal.version, |at| versions[at]);
        let (tl, constructors) = match &removal.last {
            LastDefinition::Combinator(definition) => {
                (Cow::Borrowed(definition.as_str()), Vec::new())
            }
            LastDefinition::Type(constructors) => (
                Cow::Owned(
                    constructors
                        .iter()
                        .map(|c| c.definition.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                constructors
                    .iter()
                    .map(|c| self.name_link(EntityKind::Constructor, c.name.as_str()))
                    .collect(),
            ),
        };
        let view = RemovedView {
            name,
            kind: kind.noun(),
            version: removal.version.to_string(),
            changes_href: format!(
                "../{}#{}",
                changes_page(removal.version),
                anchor(kind, name)
            ),
            renamed_to: removal
                .renamed_to
                .as_deref()
                .map(|new| self.name_link(kind, new)),
            last_version: last_version.to_string(),
            tl,
            constructors,
            history: self.history_view(kind, name),
        };
        Some((kind, RemovedData { entity: view }))
    }

    /// The search index's entries for removed entities of `kind`: `[name, summary]`.
    pub(super) fn removed_search_entries(&self, kind: EntityKind) -> Vec<(String, String)> {
        let Some(pages) = &self.pages.history else {
            return Vec::new();
        };
        pages
            .removed
            .iter()
            .filter(|removed| removed.kind == kind)
            .map(|removed| {
                let version = removed.removal.version;
                let summary = match &removed.removal.renamed_to {
                    Some(new) => format!("Renamed to {new} in {version}."),
                    None => format!("Removed in {version}."),
                };
                (removed.name.to_owned(), summary)
            })
            .collect()
    }
}

/// The Changes page of `version`.
pub(super) fn changes_page(version: Version) -> String {
    urls::changes_page(&version.page_name())
}

/// `version` to head a line or a link: `Layer 190`, `Layer 190, revision 2`, `TDLib 1.8.50`.
pub(super) fn title(version: Version) -> String {
    let mut title = version.to_string();
    title[..1].make_ascii_uppercase();
    title
}

/// The last part of a page's path, to link it from a page in the same folder.
fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

/// `lead`, then each of `details`, all joined by `; `.
fn joined<'a>(mut lead: Vec<Part<'a>>, details: Vec<Vec<Part<'a>>>) -> Vec<Part<'a>> {
    for detail in details {
        if !lead.is_empty() {
            lead.push(Part::Text("; "));
        }
        lead.extend(detail);
    }
    lead
}

fn combinators(diff: &SchemaDiff, kind: EntityKind) -> &CombinatorDiff {
    match kind {
        EntityKind::Method => &diff.methods,
        _ => &diff.constructors,
    }
}

/// The item named `name` of a list sorted by name, as the diff's lists are.
fn find<'l, T>(list: &'l [T], name: &str, key: impl Fn(&T) -> &String) -> Option<&'l T> {
    list.binary_search_by(|item| key(item).as_str().cmp(name))
        .ok()
        .map(|at| &list[at])
}
