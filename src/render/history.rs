//! The pages of a site's history: a Changes page per layer, their index, each entity's "since"
//! and own changes, and a page for each entity removed since the oldest layer.
//!
//! Every name on these pages links to the entity's page, or to its removed-entity page, through
//! one lookup in the site's set of pages, so a link is written only to a page that exists. The
//! wording of each change is the one of `tldoc diff`'s reports ([`report::details`]), so the
//! terminal, the changelog and the site say the same thing.
//!
//! A removed entity's page lies where its page used to be (`methods/NAME.html`), so that links
//! made when it existed keep working. It gets none when a page of the current site is there
//! already (an entity of the same name defined outside the layered schema), or when its path
//! differs from another page's only in case, which a case-insensitive file system would merge.

use std::collections::HashSet;

use serde::Serialize;

use super::{Crumb, Renderer};
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::{Changed, CombinatorDiff, SchemaDiff, report};
use crate::history::{EntityKind, EventKind, History, LastDefinition, Removal};
use crate::html::escape_html;

/// The history's pages, planned once per build.
pub(super) struct HistoryPages<'a> {
    pub(super) history: &'a History,
    /// The removed entities that get a page, by kind, then name.
    pub(super) removed: Vec<RemovedEntity<'a>>,
}

/// An entity the newest layer no longer has, with a page of its own.
pub(super) struct RemovedEntity<'a> {
    kind: EntityKind,
    name: &'a str,
    removal: &'a Removal,
}

const KINDS: [EntityKind; 3] = [
    EntityKind::Constructor,
    EntityKind::Method,
    EntityKind::Type,
];

fn folder(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Constructor => "constructors",
        EntityKind::Method => "methods",
        EntityKind::Type => "types",
    }
}

fn noun(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Constructor => "constructor",
        EntityKind::Method => "method",
        EntityKind::Type => "type",
    }
}

/// The id of an entity's entry on a Changes page: `constructor-messageActionGiftCode`.
fn anchor(kind: EntityKind, name: &str) -> String {
    format!("{}-{name}", noun(kind))
}

/// The path of the Changes page of `layer`, from the site's root.
pub(super) fn changes_path(layer: u32) -> String {
    format!("changes/{layer}.html")
}

/// The index of the Changes pages.
pub(super) const CHANGES_INDEX: &str = "changes/index.html";

fn code(text: &str) -> String {
    format!("<code>{}</code>", escape_html(text))
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
        for kind in KINDS {
            for (name, entity) in history.removed(kind) {
                let Some(removal) = &entity.removed else {
                    continue;
                };
                let path = format!("{}/{name}.html", folder(kind));
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
                                noun(kind)
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
            .layers()
            .iter()
            .skip(1)
            .map(|&layer| changes_path(layer));
        for path in std::iter::once(CHANGES_INDEX.to_owned()).chain(changes) {
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

#[derive(Serialize)]
pub(super) struct HistoryView {
    since: u32,
    /// `since` is the oldest layer known, so the entity may be older.
    since_oldest: bool,
    /// Newest first.
    events: Vec<EventView>,
}

#[derive(Serialize)]
struct EventView {
    layer: u32,
    href: String,
    html: String,
}

#[derive(Serialize)]
pub(super) struct LayerRange {
    oldest: u32,
    newest: u32,
}

#[derive(Serialize)]
pub(super) struct ChangesData {
    changes: ChangesView,
}

#[derive(Serialize)]
struct ChangesView {
    layer: u32,
    previous: u32,
    summary: String,
    older: Option<Crumb>,
    newer: Option<Crumb>,
    sections: Vec<SectionView>,
}

#[derive(Serialize)]
struct SectionView {
    id: &'static str,
    title: &'static str,
    groups: Vec<GroupView>,
}

#[derive(Serialize)]
struct GroupView {
    id: String,
    title: &'static str,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct EntryView {
    id: String,
    /// A second anchor, for the old name of a renamed entity.
    old_id: Option<String>,
    name_html: String,
    note_html: String,
    /// A definition added or removed, on one line.
    tl: Option<String>,
    details_html: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct LayersData {
    layers: Vec<LayerRow>,
}

#[derive(Serialize)]
struct LayerRow {
    layer: u32,
    href: Option<String>,
    summary: String,
}

#[derive(Serialize)]
pub(super) struct RemovedData {
    entity: RemovedView,
}

impl RemovedData {
    /// The page's title.
    pub(super) fn title(&self) -> String {
        format!("{} (removed)", self.entity.name)
    }
}

#[derive(Serialize)]
struct RemovedView {
    name: String,
    kind: &'static str,
    layer: u32,
    changes_href: String,
    renamed_to_html: Option<String>,
    /// The last layer that had it.
    last_layer: u32,
    tl: String,
    constructors_html: Vec<String>,
    history: Option<HistoryView>,
}

/// The oldest and newest layers, for the home page.
pub(super) fn layer_range(history: &History) -> Option<LayerRange> {
    Some(LayerRange {
        oldest: *history.layers().first()?,
        newest: *history.layers().last()?,
    })
}

/// A link to a removed entity's kind index, for its breadcrumbs.
pub(super) fn removed_crumb(folder: &str) -> Crumb {
    let title = match folder {
        "methods" => "Methods",
        "constructors" => "Constructors",
        _ => "Types",
    };
    Crumb {
        title: title.to_owned(),
        href: format!("../{folder}/index.html"),
    }
}

impl Renderer<'_> {
    /// A link to the page of an entity, from a page `to_root` below the root, or its name alone
    /// when it has no page.
    fn entity_html(&self, kind: EntityKind, name: &str, to_root: &str) -> String {
        let path = format!("{}/{name}.html", folder(kind));
        if self.pages.contains(&path) {
            format!(
                "<a href=\"{to_root}{}\">{}</a>",
                escape_html(&path),
                code(name)
            )
        } else {
            code(name)
        }
    }

    /// What changed of a combinator, one item per change, its TL quoted.
    fn combinator_details(changed: &Changed) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(id) = &changed.id {
            lines.push(format!(
                "id {} → {}",
                code(&id.old.to_string()),
                code(&id.new.to_string())
            ));
        }
        for (marker, words) in report::details(changed, &code) {
            lines.push(match marker {
                '+' => format!("added {words}"),
                '-' => format!("removed {words}"),
                _ => words,
            });
        }
        lines
    }

    /// "since layer N" and the changes of the entity of this kind and name, if the history
    /// knows it, for its page (one folder below the root).
    pub(super) fn history_view(&self, kind: EntityKind, name: &str) -> Option<HistoryView> {
        let pages = self.history.as_ref()?;
        let entity = pages.history.entity(kind, name)?;
        let oldest = *pages.history.layers().first()?;
        let events = entity
            .events
            .iter()
            .rev()
            .map(|event| {
                let changes = pages.history.changes_in(event.layer);
                let html = match &event.what {
                    EventKind::Added => "added".to_owned(),
                    EventKind::Removed => "removed".to_owned(),
                    EventKind::Changed => match kind {
                        EntityKind::Type => changes
                            .and_then(|diff| find(&diff.types.changed, name, |t| &t.name))
                            .map(|changed| {
                                report::membership(&changed.added, &changed.removed, &|name| {
                                    self.entity_html(EntityKind::Constructor, name, "../")
                                })
                            })
                            .unwrap_or_else(|| "changed".to_owned()),
                        _ => changes
                            .and_then(|diff| {
                                find(&combinators(diff, kind).changed, name, |c| &c.name)
                            })
                            .map(|changed| Self::combinator_details(changed).join("; "))
                            .unwrap_or_else(|| "changed".to_owned()),
                    },
                    EventKind::RenamedFrom(old) => {
                        let mut html =
                            format!("renamed from {}", self.entity_html(kind, old, "../"));
                        if let Some(renamed) = changes.and_then(|diff| {
                            find(&combinators(diff, kind).renamed, name, |c| &c.name)
                        }) {
                            for detail in Self::combinator_details(renamed) {
                                html.push_str("; ");
                                html.push_str(&detail);
                            }
                        }
                        html
                    }
                    EventKind::RenamedTo(new) => {
                        format!("renamed to {}", self.entity_html(kind, new, "../"))
                    }
                };
                EventView {
                    layer: event.layer,
                    href: format!("../{}#{}", changes_path(event.layer), anchor(kind, name)),
                    html,
                }
            })
            .collect();
        Some(HistoryView {
            since: entity.since,
            since_oldest: entity.since == oldest,
            events,
        })
    }

    /// The Changes page of the `index`th diff of the history.
    pub(super) fn changes_data(&self, index: usize) -> Option<(u32, ChangesData)> {
        let pages = self.history.as_ref()?;
        let layers = pages.history.layers();
        let diff = pages.history.diffs().get(index)?;
        let (previous, layer) = (*layers.get(index)?, *layers.get(index + 1)?);
        let crumb = |layer: u32| Crumb {
            title: format!("Layer {layer}"),
            href: format!("{layer}.html"),
        };
        let mut sections = Vec::new();
        for (kind, title) in [
            (EntityKind::Constructor, "Constructors"),
            (EntityKind::Method, "Methods"),
        ] {
            let groups = self.combinator_groups(kind, combinators(diff, kind));
            if !groups.is_empty() {
                sections.push(SectionView {
                    id: folder(kind),
                    title,
                    groups,
                });
            }
        }
        let types = self.type_groups(diff);
        if !types.is_empty() {
            sections.push(SectionView {
                id: "types",
                title: "Types",
                groups: types,
            });
        }
        Some((
            layer,
            ChangesData {
                changes: ChangesView {
                    layer,
                    previous,
                    summary: report::counts(diff),
                    older: (index > 0).then(|| crumb(previous)),
                    newer: layers.get(index + 2).map(|&newer| crumb(newer)),
                    sections,
                },
            },
        ))
    }

    fn combinator_groups(&self, kind: EntityKind, diff: &CombinatorDiff) -> Vec<GroupView> {
        let plural = folder(kind);
        let entry = |name: &str| EntryView {
            id: anchor(kind, name),
            old_id: None,
            name_html: self.entity_html(kind, name, "../"),
            note_html: String::new(),
            tl: None,
            details_html: Vec::new(),
        };
        let added = diff
            .added
            .iter()
            .map(|added| EntryView {
                tl: Some(added.definition.clone()),
                ..entry(&added.name)
            })
            .collect();
        let changed = diff.changed.iter().map(|changed| EntryView {
            details_html: Self::combinator_details(changed),
            ..entry(&changed.name)
        });
        let renamed = diff.renamed.iter().map(|renamed| {
            let old = renamed.renamed_from.as_deref().unwrap_or_default();
            EntryView {
                old_id: Some(anchor(kind, old)),
                note_html: format!("renamed from {}", self.entity_html(kind, old, "../")),
                details_html: Self::combinator_details(renamed),
                ..entry(&renamed.name)
            }
        });
        let removed = diff
            .removed
            .iter()
            .map(|removed| EntryView {
                tl: Some(removed.definition.clone()),
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
        .filter(|(_, _, entries): &(_, _, Vec<EntryView>)| !entries.is_empty())
        .map(|(id, title, entries)| GroupView {
            id: format!("{id}-{plural}"),
            title,
            entries,
        })
        .collect()
    }

    fn type_groups(&self, diff: &SchemaDiff) -> Vec<GroupView> {
        let constructors = |names: &[String]| -> String {
            names
                .iter()
                .map(|name| self.entity_html(EntityKind::Constructor, name, "../"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let entry = |name: &str, note_html: String| EntryView {
            id: anchor(EntityKind::Type, name),
            old_id: None,
            name_html: self.entity_html(EntityKind::Type, name, "../"),
            note_html,
            tl: None,
            details_html: Vec::new(),
        };
        let built_by = |names: &[String]| format!("built by {}", constructors(names));
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
                let note = report::membership(&ty.added, &ty.removed, &|name| {
                    self.entity_html(EntityKind::Constructor, name, "../")
                });
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
        .filter(|(_, _, entries): &(_, _, Vec<EntryView>)| !entries.is_empty())
        .map(|(id, title, entries)| GroupView {
            id: id.to_owned(),
            title,
            entries,
        })
        .collect()
    }

    /// The rows of the index of layers, newest first.
    pub(super) fn layers_data(&self) -> Option<LayersData> {
        let history = self.history.as_ref()?.history;
        let layers = history.layers();
        let oldest = layers.first().map(|&layer| LayerRow {
            layer,
            href: None,
            summary: "the oldest layer known: the history starts here".to_owned(),
        });
        let mut rows: Vec<LayerRow> = oldest
            .into_iter()
            .chain(
                layers
                    .iter()
                    .skip(1)
                    .zip(history.diffs())
                    .map(|(&layer, diff)| LayerRow {
                        layer,
                        href: Some(format!("{layer}.html")),
                        summary: report::counts(diff),
                    }),
            )
            .collect();
        rows.reverse();
        Some(LayersData { layers: rows })
    }

    /// The page of the `index`th removed entity: its path and data.
    pub(super) fn removed_data(&self, index: usize) -> Option<(String, &'static str, RemovedData)> {
        let pages = self.history.as_ref()?;
        let removed = pages.removed.get(index)?;
        let (kind, name, removal) = (removed.kind, removed.name, removed.removal);
        let layers = pages.history.layers();
        let last_layer = layers
            .binary_search(&removal.layer)
            .ok()
            .and_then(|at| at.checked_sub(1))
            .map_or(removal.layer, |at| layers[at]);
        let (tl, constructors_html) = match &removal.last {
            LastDefinition::Combinator(definition) => (definition.clone(), Vec::new()),
            LastDefinition::Type(constructors) => (
                constructors
                    .iter()
                    .map(|c| c.definition.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                constructors
                    .iter()
                    .map(|c| self.entity_html(EntityKind::Constructor, &c.name, "../"))
                    .collect(),
            ),
        };
        let view = RemovedView {
            name: name.to_owned(),
            kind: noun(kind),
            layer: removal.layer,
            changes_href: format!("../{}#{}", changes_path(removal.layer), anchor(kind, name)),
            renamed_to_html: removal
                .renamed_to
                .as_deref()
                .map(|new| self.entity_html(kind, new, "../")),
            last_layer,
            tl,
            constructors_html,
            history: self.history_view(kind, name),
        };
        Some((
            format!("{}/{name}.html", folder(kind)),
            folder(kind),
            RemovedData { entity: view },
        ))
    }

    /// The search index's entries for removed entities of `kind`: `[name, summary]`.
    pub(super) fn removed_search_entries(&self, kind: EntityKind) -> Vec<(String, String)> {
        let Some(pages) = &self.history else {
            return Vec::new();
        };
        pages
            .removed
            .iter()
            .filter(|removed| removed.kind == kind)
            .map(|removed| {
                let layer = removed.removal.layer;
                let summary = match &removed.removal.renamed_to {
                    Some(new) => format!("Renamed to {new} in layer {layer}."),
                    None => format!("Removed in layer {layer}."),
                };
                (removed.name.to_owned(), summary)
            })
            .collect()
    }

    /// The path of the Changes page of the `index`th diff.
    pub(super) fn changes_job_path(&self, index: usize) -> String {
        let layer = self
            .history
            .as_ref()
            .and_then(|pages| pages.history.layers().get(index + 1).copied())
            .unwrap_or_default();
        changes_path(layer)
    }

    /// The path of the page of the `index`th removed entity.
    pub(super) fn removed_job_path(&self, index: usize) -> String {
        self.history
            .as_ref()
            .and_then(|pages| pages.removed.get(index))
            .map(|removed| format!("{}/{}.html", folder(removed.kind), removed.name))
            .unwrap_or_default()
    }

    /// The number of removed-entity pages.
    pub(super) fn removed_count(&self) -> usize {
        self.history.as_ref().map_or(0, |pages| pages.removed.len())
    }
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
