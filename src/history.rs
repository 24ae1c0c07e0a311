//! A schema's history across layers: what changed in each layer, and what happened to each entity.
//! TDLib's schema has no layers; its history is across TDLib's releases instead, each a
//! [`Version`] as a layer is, so that everything below and every page of it holds for both.
//!
//! [`History::new`] takes every layer's resolved schema, diffs each with the one before (in
//! parallel: the pairs are independent), then walks the diffs once, oldest first, keeping one
//! record per entity name. Only the entities a diff mentions are touched, so the whole history
//! costs the diffs plus one pass over the first layer: linear in the number of layers. Schemas
//! given by value are dropped once walked; what later pages need of them (the last definition of
//! a removed entity) is kept in the diffs and the entities' records.
//!
//! A history may hold several revisions of one layer (a layer published twice, or by two
//! clients): each is a [`Version`] of its own, ordered after the layer's earlier revisions and
//! compared with the one before like any other.
//!
//! Entities are matched by name, except that a renamed combinator (same id, another name) keeps
//! its history under its new name, and its old name records the rename, so that a page for the
//! old name can point to the new one.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use rayon::prelude::*;

use crate::diff::{self, Changed, CombinatorDiff, SchemaDiff, TypeDiff};
pub use crate::model::Release;
use crate::model::{EntityKind, Schema};

/// The layer of a schema file: its `// LAYER N` comment (the last one, as the parser takes it),
/// or else the number that ends its file name, after a non-alphanumeric character or alone
/// (`api-189.tl`, `layer_189.tl`, `189.tl`; not `v2.tl`), or after a `v` that follows one, as
/// archives of Telegram's layers name them (`TL_telegram_v190.tl`). A revision's suffix is not
/// part of it (`api-189-r2.tl` is layer 189, see [`revision_of`]).
pub fn layer_of(path: &Path, text: &str) -> Option<u32> {
    // From the end: that is where the last one is, and where Telegram's files have theirs.
    text.lines()
        .rev()
        .filter_map(|line| line.find("//").map(|at| &line[at + 2..]))
        .find_map(crate::tl::layer_number)
        .or_else(|| layer_from_name(path))
}

/// The revision a schema file's name gives it: the number of its `-rN` suffix (`api-190-r2.tl`
/// is revision 2), from 1.
pub fn revision_of(path: &Path) -> Option<u32> {
    revision_suffix(path.file_stem()?.to_str()?).map(|(_, revision)| revision)
}

/// The stem without its `-rN` suffix, and N.
fn revision_suffix(stem: &str) -> Option<(&str, u32)> {
    let (before, number) = stem.rsplit_once("-r")?;
    if before.is_empty() || number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number
        .parse()
        .ok()
        .filter(|&revision| revision > 0)
        .map(|revision| (before, revision))
}

fn layer_from_name(path: &Path) -> Option<u32> {
    let stem = path.file_stem()?.to_str()?;
    let stem = revision_suffix(stem).map_or(stem, |(before, _)| before);
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (before, number) = stem.split_at(stem.len() - digits);
    stands_apart(before).then(|| number.parse().ok())?
}

/// Whether a number that follows `before` in a file name stands apart from the name: `before` is
/// empty or ends with a character that is not alphanumeric, or with a `v` after one (`api-v190`,
/// `td_api-v1.8.50`; not `tdv2`, nor `v2` alone).
fn stands_apart(before: &str) -> bool {
    let before = match before.strip_suffix(['v', 'V']) {
        Some(rest) if !rest.is_empty() => rest,
        _ => before,
    };
    !before
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// The TDLib release a schema file's name gives it: the `MAJOR.MINOR.PATCH` that ends its name,
/// after a non-alphanumeric character or alone (`td_api-1.8.50.tl`, `td_api_1.8.50.tl`,
/// `1.8.50.tl`), or after a `v` that follows one (`td_api-v1.8.50.tl`).
pub fn release_of(path: &Path) -> Option<Release> {
    let stem = path.file_stem()?.to_str()?;
    let tail = stem.len()
        - stem
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    let (before, number) = stem.split_at(stem.len() - tail);
    // `td_api.1.8.50`: the first dot is the separator.
    let (before, number) = match number.strip_prefix('.') {
        Some(number) => (&stem[..before.len() + 1], number),
        None => (before, number),
    };
    stands_apart(before).then(|| number.parse().ok())?
}

/// One schema of a history: a Telegram layer (and which of its revisions, when the history holds
/// more than one of it), or a TDLib release, which TDLib's schema is versioned by. A history's
/// versions are all of one kind. Layers order by number, then revision; releases numerically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// A layer of Telegram's API.
    Layer {
        /// The layer's number.
        layer: u32,
        /// Which publication of the layer, from 1; `None` when the history holds only one and
        /// its name gives none.
        revision: Option<u32>,
    },
    /// A release of TDLib.
    Tdlib(Release),
}

impl From<u32> for Version {
    /// The layer's only version.
    fn from(layer: u32) -> Version {
        Version::Layer {
            layer,
            revision: None,
        }
    }
}

impl From<Release> for Version {
    fn from(release: Release) -> Version {
        Version::Tdlib(release)
    }
}

impl Version {
    /// Its layer, for a layer.
    pub fn layer(self) -> Option<u32> {
        match self {
            Version::Layer { layer, .. } => Some(layer),
            Version::Tdlib(_) => None,
        }
    }

    /// Its release, for a TDLib release.
    pub fn release(self) -> Option<Release> {
        match self {
            Version::Tdlib(release) => Some(release),
            Version::Layer { .. } => None,
        }
    }

    /// Which revision of its layer, when the history holds several.
    pub fn revision(self) -> Option<u32> {
        match self {
            Version::Layer { revision, .. } => revision,
            Version::Tdlib(_) => None,
        }
    }

    /// Its number, as a search for what is new in it writes it: `190` (any revision of layer
    /// 190), `1.8.50`.
    pub fn number(self) -> String {
        match self {
            Version::Layer { layer, .. } => layer.to_string(),
            Version::Tdlib(release) => release.to_string(),
        }
    }

    /// The name of its Changes page: `190` for a layer's only or first revision, `190-r2` for
    /// its second, so that a layer's page stays where it was when a later revision comes;
    /// `1.8.50` for a release.
    pub fn page_name(self) -> String {
        match self {
            Version::Layer {
                layer,
                revision: Some(revision),
            } if revision > 1 => format!("{layer}-r{revision}"),
            _ => self.number(),
        }
    }

    /// What it is called before its number: `layer`, `TDLib`.
    pub fn label(self) -> &'static str {
        match self {
            Version::Layer { .. } => "layer",
            Version::Tdlib(_) => "TDLib",
        }
    }

    /// What one of its kind is called: `layer`, `version`.
    pub fn noun(self) -> &'static str {
        match self {
            Version::Layer { .. } => "layer",
            Version::Tdlib(_) => "version",
        }
    }
}

impl fmt::Display for Version {
    /// `layer 190`, `layer 190, revision 2`, `TDLib 1.8.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Layer { layer, revision } => {
                write!(f, "layer {layer}")?;
                match revision {
                    Some(revision) => write!(f, ", revision {revision}"),
                    None => Ok(()),
                }
            }
            Version::Tdlib(release) => write!(f, "TDLib {release}"),
        }
    }
}

/// Where the file of a version came from, as the history's sidecar (`api-190-r2.yaml` beside
/// `api-190-r2.tl`) records it; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// Where it was published: a URL or words (`TDLib`).
    pub source: Option<String>,
    /// The commit of the source it was taken from.
    pub commit: Option<String>,
    /// When it was published: `YYYY-MM-DD`, or an RFC 3339 date and time.
    pub date: Option<String>,
}

/// What happened to an entity in one layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The version in which it happened (against the one before).
    pub version: Version,
    /// What happened.
    pub what: EventKind,
}

/// The kinds of [`Event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// It appeared.
    Added,
    /// It changed (the layer's diff says how).
    Changed,
    /// It took this name; it was called the given name before.
    RenamedFrom(String),
    /// This name was given up for the given one.
    RenamedTo(String),
    /// It disappeared.
    Removed,
}

/// What happened to one entity name across the layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityHistory {
    /// The version it was last added in, or the oldest one when it was there from the start (it
    /// may then be older).
    pub since: Version,
    /// Every event, oldest first; a renamed entity brings the events of its old name along.
    pub events: Vec<Event>,
    /// Set when the newest layer no longer has it.
    pub removed: Option<Removal>,
}

/// How an entity left the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// The first version without it.
    pub version: Version,
    /// Its new name, when it was renamed rather than removed.
    pub renamed_to: Option<String>,
    /// What it was in the last layer that had it.
    pub last: LastDefinition,
}

/// What a removed entity was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastDefinition {
    /// A constructor's or method's definition, on one line.
    Combinator(String),
    /// A type's constructors, in source order.
    Type(Vec<Constructor>),
}

/// A constructor of a removed type, as it was in the last layer that had the type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constructor {
    /// Its name.
    pub name: String,
    /// Its definition, on one line.
    pub definition: String,
}

/// Two schemas claimed the same version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuplicateVersion(pub Version);

impl fmt::Display for DuplicateVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "two schemas are {}", self.0)
    }
}

impl std::error::Error for DuplicateVersion {}

/// Every layer's changes, and every entity's history.
#[derive(Debug, Default)]
pub struct History {
    versions: Vec<Version>,
    /// Beside `versions`: where each one's file came from, when known.
    origins: Vec<Option<Origin>>,
    diffs: Vec<SchemaDiff>,
    constructors: HashMap<String, EntityHistory>,
    methods: HashMap<String, EntityHistory>,
    types: HashMap<String, EntityHistory>,
}

impl History {
    /// The history of `(version, schema)` pairs, in any order (they are sorted); a version may
    /// be given as a bare layer number. The schemas may be owned or borrowed (`&Schema`), so
    /// that a site's current schema can be the newest layer without being given up.
    pub fn new<V: Into<Version>, S: Borrow<Schema> + Sync>(
        layers: Vec<(V, S)>,
    ) -> Result<History, DuplicateVersion> {
        let mut layers: Vec<(Version, S)> = layers
            .into_iter()
            .map(|(version, schema)| (version.into(), schema))
            .collect();
        layers.sort_by_key(|(version, _)| *version);
        if let Some(pair) = layers.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(DuplicateVersion(pair[0].0));
        }
        let diffs: Vec<SchemaDiff> = layers
            .par_windows(2)
            .map(|pair| {
                let (old_version, old) = &pair[0];
                let (new_version, new) = &pair[1];
                SchemaDiff {
                    old_layer: old_version.layer(),
                    new_layer: new_version.layer(),
                    old_release: old_version.release(),
                    new_release: new_version.release(),
                    ..diff::diff(old.borrow(), new.borrow())
                }
            })
            .collect();
        let mut history = History {
            versions: layers.iter().map(|(version, _)| *version).collect(),
            origins: vec![None; layers.len()],
            ..History::default()
        };
        if let Some((first, schema)) = layers.first() {
            let schema: &Schema = schema.borrow();
            let from_start = || EntityHistory {
                since: *first,
                events: Vec::new(),
                removed: None,
            };
            for (map, names) in [
                (&mut history.constructors, names(&schema.constructors)),
                (&mut history.methods, names(&schema.methods)),
                (
                    &mut history.types,
                    schema.types.iter().map(|t| &t.name).collect(),
                ),
            ] {
                map.extend(names.into_iter().map(|name| (name.clone(), from_start())));
            }
        }
        for ((diff, &version), pair) in diffs
            .iter()
            .zip(history.versions.iter().skip(1))
            .zip(layers.windows(2))
        {
            apply_combinators(&mut history.constructors, &diff.constructors, version);
            apply_combinators(&mut history.methods, &diff.methods, version);
            apply_types(&mut history.types, &diff.types, version, pair[0].1.borrow());
        }
        history.diffs = diffs;
        Ok(history)
    }

    /// Records where the file of `version` came from; a version the history lacks is ignored.
    pub fn set_origin(&mut self, version: Version, origin: Origin) {
        if let Ok(index) = self.versions.binary_search(&version) {
            self.origins[index] = Some(origin);
        }
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// Where the file of each version came from, beside [`History::versions`].
    pub fn origins(&self) -> &[Option<Origin>] {
        &self.origins
    }

    /// What changed in each version against the one before, oldest first: one fewer than the
    /// versions.
    pub fn diffs(&self) -> &[SchemaDiff] {
        &self.diffs
    }

    /// What changed in `version` against the one before; `None` for the oldest or an unknown
    /// one.
    pub fn changes_in(&self, version: Version) -> Option<&SchemaDiff> {
        let index = self.versions.binary_search(&version).ok()?;
        self.diffs.get(index.checked_sub(1)?)
    }

    /// The history of the entity of this kind and name, if any layer had it.
    pub fn entity(&self, kind: EntityKind, name: &str) -> Option<&EntityHistory> {
        self.map(kind).get(name)
    }

    /// The entities of this kind that the newest layer no longer has, by name.
    pub fn removed(&self, kind: EntityKind) -> Vec<(&str, &EntityHistory)> {
        let mut removed: Vec<(&str, &EntityHistory)> = self
            .map(kind)
            .iter()
            .filter(|(_, entity)| entity.removed.is_some())
            .map(|(name, entity)| (name.as_str(), entity))
            .collect();
        removed.sort_unstable_by_key(|(name, _)| *name);
        removed
    }

    fn map(&self, kind: EntityKind) -> &HashMap<String, EntityHistory> {
        match kind {
            EntityKind::Constructor => &self.constructors,
            EntityKind::Method => &self.methods,
            EntityKind::Type => &self.types,
        }
    }
}

fn names(combinators: &[crate::model::Combinator]) -> Vec<&String> {
    combinators.iter().map(|c| &c.name).collect()
}

/// The record of `name`, created for a name the diffs mention without having added it (which
/// only schemas with errors can cause).
fn record<'a>(
    map: &'a mut HashMap<String, EntityHistory>,
    name: &str,
    version: Version,
) -> &'a mut EntityHistory {
    map.entry(name.to_owned()).or_insert_with(|| EntityHistory {
        since: version,
        events: Vec::new(),
        removed: None,
    })
}

fn added(map: &mut HashMap<String, EntityHistory>, name: &str, version: Version) {
    let entity = record(map, name, version);
    entity.since = version;
    entity.removed = None;
    entity.events.push(Event {
        version,
        what: EventKind::Added,
    });
}

fn removed(
    map: &mut HashMap<String, EntityHistory>,
    name: &str,
    version: Version,
    last: LastDefinition,
) {
    let entity = record(map, name, version);
    entity.removed = Some(Removal {
        version,
        renamed_to: None,
        last,
    });
    entity.events.push(Event {
        version,
        what: EventKind::Removed,
    });
}

fn changed(map: &mut HashMap<String, EntityHistory>, name: &str, version: Version) {
    record(map, name, version).events.push(Event {
        version,
        what: EventKind::Changed,
    });
}

fn apply_combinators(
    map: &mut HashMap<String, EntityHistory>,
    diff: &CombinatorDiff,
    version: Version,
) {
    for entry in &diff.added {
        added(map, &entry.name, version);
    }
    for entry in &diff.removed {
        let last = LastDefinition::Combinator(entry.definition.clone());
        removed(map, &entry.name, version, last);
    }
    for renamed in &diff.renamed {
        rename(map, renamed, version);
    }
    for entry in &diff.changed {
        changed(map, &entry.name, version);
    }
}

/// Moves the old name's record to the new name, and leaves a removal pointing to it behind.
fn rename(map: &mut HashMap<String, EntityHistory>, renamed: &Changed, version: Version) {
    let Some(old_name) = &renamed.renamed_from else {
        return;
    };
    let old = record(map, old_name, version);
    // `take` moves the events rather than copying them, so a name renamed back and forth in
    // every version still costs constant time per version.
    let mut events = std::mem::take(&mut old.events);
    let since = old.since;
    old.events.push(Event {
        version,
        what: EventKind::RenamedTo(renamed.name.clone()),
    });
    old.removed = Some(Removal {
        version,
        renamed_to: Some(renamed.name.clone()),
        last: LastDefinition::Combinator(renamed.definition.old.clone()),
    });
    events.push(Event {
        version,
        what: EventKind::RenamedFrom(old_name.clone()),
    });
    map.insert(
        renamed.name.clone(),
        EntityHistory {
            since,
            events,
            removed: None,
        },
    );
}

/// Applies a version's type changes; `before` is the version before, where a removed type's
/// constructors are found.
fn apply_types(
    map: &mut HashMap<String, EntityHistory>,
    diff: &TypeDiff,
    version: Version,
    before: &Schema,
) {
    for entry in &diff.added {
        added(map, &entry.name, version);
    }
    for entry in &diff.removed {
        let constructors = entry
            .constructors
            .iter()
            .map(|name| Constructor {
                name: name.clone(),
                definition: before
                    .constructor_named(name)
                    .map(|id| before.constructor(id).definition.clone())
                    .unwrap_or_default(),
            })
            .collect();
        removed(
            map,
            &entry.name,
            version,
            LastDefinition::Type(constructors),
        );
    }
    for entry in &diff.changed {
        changed(map, &entry.name, version);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::tests::schema;

    fn event(layer: u32, what: EventKind) -> Event {
        Event {
            version: layer.into(),
            what,
        }
    }

    #[test]
    fn layer_from_the_comment_then_the_file_name() {
        let path = Path::new("history/api-189.tl");
        assert_eq!(layer_of(path, "a = A;\n// LAYER 190\n"), Some(190));
        assert_eq!(layer_of(path, "a = A; // layer 7\n"), Some(7));
        assert_eq!(layer_of(path, "// LAYER 1\n// LAYER 2\n"), Some(2));
        assert_eq!(layer_of(path, "a = A;\n// LAYER of cake\n"), Some(189));
        assert_eq!(layer_of(Path::new("layer_12.tl"), ""), Some(12));
        assert_eq!(layer_of(Path::new("12.tl"), ""), Some(12));
        assert_eq!(layer_of(Path::new("api.tl"), ""), None);
        assert_eq!(layer_of(Path::new("tdv2.tl"), ""), None);
        // As archives of Telegram's layers name them.
        assert_eq!(layer_of(Path::new("TL_telegram_v190.tl"), ""), Some(190));
        assert_eq!(layer_of(Path::new("api_v2.tl"), ""), Some(2));
        assert_eq!(layer_of(Path::new("v2.tl"), ""), None);
        assert_eq!(layer_of(Path::new("api-99999999999.tl"), ""), None);
        assert_eq!(layer_of(Path::new(""), ""), None);
        // A revision's suffix is no part of the layer.
        assert_eq!(layer_of(Path::new("api-190-r2.tl"), ""), Some(190));
        assert_eq!(layer_of(Path::new("190-r12.tl"), ""), Some(190));
        assert_eq!(layer_of(Path::new("api-r2.tl"), ""), None);
        assert_eq!(layer_of(Path::new("é1.tl"), "//é"), None);
    }

    fn release(text: &str) -> Release {
        text.parse().unwrap()
    }

    #[test]
    fn releases_from_the_file_name() {
        let named = |name: &str| release_of(Path::new(name)).map(|r| r.to_string());
        for name in [
            "history/td_api-1.8.50.tl",
            "td_api_1.8.50.tl",
            "1.8.50.tl",
            "td_api.1.8.50.tl",
            "td_api-v1.8.50.tl",
        ] {
            assert_eq!(named(name).as_deref(), Some("1.8.50"), "{name}");
        }
        for name in [
            "td_api.tl",
            "td_api-1.8.tl",
            "td_api-1.8.50.1.tl",
            "td_api1.8.50.tl",
            "td_api-1..8.tl",
            "td_api-1.8.99999999999.tl",
            "api-190.tl",
            "",
        ] {
            assert_eq!(named(name), None, "{name}");
        }
        assert_eq!("1.6.0".parse::<Release>(), Ok(release("1.6.0")));
        assert!("1.6".parse::<Release>().is_err());
        assert!("1.6.+0".parse::<Release>().is_err());
    }

    #[test]
    fn releases_order_numerically() {
        let mut releases: Vec<Release> = ["1.8.50", "1.10.0", "1.8.9", "1.6.0", "1.8.0"]
            .into_iter()
            .map(release)
            .collect();
        releases.sort();
        let written: Vec<String> = releases.iter().map(Release::to_string).collect();
        assert_eq!(written, ["1.6.0", "1.8.0", "1.8.9", "1.8.50", "1.10.0"]);
    }

    #[test]
    fn a_history_of_releases_is_labelled_by_release() {
        let history = History::new(vec![
            (Version::from(release("1.8.50")), schema("a = A;\nb = A;\n")),
            (Version::from(release("1.8.9")), schema("a = A;\n")),
        ])
        .unwrap();
        let (older, newer) = (history.versions()[0], history.versions()[1]);
        assert_eq!(older, Version::Tdlib(release("1.8.9")));
        let b = history.entity(EntityKind::Constructor, "b").unwrap();
        assert_eq!(b.since, newer);
        assert_eq!(newer.to_string(), "TDLib 1.8.50");
        assert_eq!(newer.page_name(), "1.8.50");
        assert_eq!(
            (newer.number(), newer.noun()),
            ("1.8.50".to_owned(), "version")
        );
        assert_eq!(newer.layer(), None);
        let diff = history.changes_in(newer).unwrap();
        assert_eq!((diff.old_layer, diff.new_layer), (None, None));
        assert_eq!(diff.new_release, Some(release("1.8.50")));
    }

    #[test]
    fn revisions_from_the_file_name() {
        assert_eq!(revision_of(Path::new("history/api-190-r2.tl")), Some(2));
        assert_eq!(revision_of(Path::new("api-190-r10.tl")), Some(10));
        assert_eq!(revision_of(Path::new("api-190.tl")), None);
        assert_eq!(revision_of(Path::new("api-190-r0.tl")), None);
        assert_eq!(revision_of(Path::new("api-190-r.tl")), None);
        assert_eq!(revision_of(Path::new("api-190-rc.tl")), None);
        assert_eq!(revision_of(Path::new("-r2.tl")), None);
    }

    #[test]
    fn revisions_of_a_layer_are_versions_of_their_own() {
        let first = Version::Layer {
            layer: 2,
            revision: Some(1),
        };
        let second = Version::Layer {
            layer: 2,
            revision: Some(2),
        };
        let history = History::new(vec![
            (second, schema("a#1 = A;\nb#2 = A;\n")),
            (Version::from(1), schema("a#1 = A;\n")),
            (first, schema("a#1 = A;\n")),
        ])
        .unwrap();
        assert_eq!(history.versions(), [Version::from(1), first, second]);
        assert_eq!(history.diffs().len(), 2);
        let b = history.entity(EntityKind::Constructor, "b").unwrap();
        assert_eq!(b.since, second);
        assert_eq!(second.to_string(), "layer 2, revision 2");
        assert_eq!(second.page_name(), "2-r2");
        assert_eq!(first.page_name(), "2");
        assert_eq!(Version::from(2).to_string(), "layer 2");
        assert!(
            history
                .changes_in(first)
                .unwrap()
                .constructors
                .added
                .is_empty()
        );
    }

    #[test]
    fn since_changes_and_removals_across_layers() {
        let history = History::new(vec![
            // Given out of order: the history sorts them.
            (
                3,
                schema("a#1 x:long = A;\nc x:int = A;\n---functions---\nf = A;\n"),
            ),
            (
                1,
                schema("a#1 x:int = A;\nb = B;\n---functions---\nf = A;\n"),
            ),
            (2, schema("a#1 x:int = A;\n---functions---\nf = A;\n")),
        ])
        .unwrap();
        assert_eq!(history.versions(), [1.into(), 2.into(), 3.into()]);
        assert_eq!(history.diffs().len(), 2);
        assert!(history.changes_in(1.into()).is_none());
        assert_eq!(history.changes_in(3.into()).unwrap().old_layer, Some(2));
        assert!(history.changes_in(4.into()).is_none());

        let a = history.entity(EntityKind::Constructor, "a").unwrap();
        assert_eq!(a.since, 1.into());
        assert_eq!(a.events, [event(3, EventKind::Changed)]);
        assert!(a.removed.is_none());

        let c = history.entity(EntityKind::Constructor, "c").unwrap();
        assert_eq!(
            (c.since, &c.events[..]),
            (3.into(), &[event(3, EventKind::Added)][..])
        );

        let f = history.entity(EntityKind::Method, "f").unwrap();
        assert!(f.events.is_empty());

        let removed = history.removed(EntityKind::Constructor);
        assert_eq!(removed.len(), 1);
        let (name, b) = removed[0];
        assert_eq!(name, "b");
        assert_eq!(
            b.removed,
            Some(Removal {
                version: 2.into(),
                renamed_to: None,
                last: LastDefinition::Combinator("b = B;".to_owned())
            })
        );
        let types = history.removed(EntityKind::Type);
        assert_eq!(types.len(), 1);
        assert_eq!(
            types[0].1.removed.as_ref().map(|r| &r.last),
            Some(&LastDefinition::Type(vec![Constructor {
                name: "b".to_owned(),
                definition: "b = B;".to_owned(),
            }]))
        );
        assert_eq!(
            history.entity(EntityKind::Type, "A").unwrap().events,
            [event(3, EventKind::Changed)]
        );
    }

    #[test]
    fn a_rename_carries_the_history_to_the_new_name() {
        let history = History::new(vec![
            (10, schema("old#5 x:int = A;\n")),
            (11, schema("old#5 x:int y:int = A;\n")),
            (12, schema("new#5 x:int y:int = A;\n")),
            (13, schema("new#5 x:int y:int = A;\nold x:string = A;\n")),
        ])
        .unwrap();
        let new = history.entity(EntityKind::Constructor, "new").unwrap();
        assert_eq!(new.since, 10.into());
        assert_eq!(
            new.events,
            [
                event(11, EventKind::Changed),
                event(12, EventKind::RenamedFrom("old".to_owned())),
            ]
        );
        let old = history.entity(EntityKind::Constructor, "old").unwrap();
        assert_eq!(
            old.since,
            13.into(),
            "the name was taken again by another constructor"
        );
        assert_eq!(
            old.events,
            [
                event(12, EventKind::RenamedTo("new".to_owned())),
                event(13, EventKind::Added),
            ]
        );
        assert!(old.removed.is_none());
        assert!(history.removed(EntityKind::Constructor).is_empty());
    }

    #[test]
    fn a_renamed_entity_leaves_a_pointer_behind() {
        let history = History::new(vec![
            (1, schema("old#5 = A;\n")),
            (2, schema("new#5 = A;\n")),
        ])
        .unwrap();
        let removed = history.removed(EntityKind::Constructor);
        assert_eq!(removed.len(), 1);
        assert_eq!(
            removed[0].1.removed,
            Some(Removal {
                version: 2.into(),
                renamed_to: Some("new".to_owned()),
                last: LastDefinition::Combinator("old#5 = A;".to_owned()),
            })
        );
        assert!(
            history
                .entity(EntityKind::Type, "A")
                .unwrap()
                .events
                .is_empty(),
            "a renamed constructor still builds its type"
        );
    }

    #[test]
    fn duplicate_and_empty_histories() {
        let twice = History::new(vec![(1, schema("a = A;\n")), (1, schema("b = B;\n"))]);
        assert_eq!(twice.unwrap_err(), DuplicateVersion(1.into()));
        let empty = History::new(Vec::<(u32, Schema)>::new()).unwrap();
        assert!(empty.versions().is_empty() && empty.diffs().is_empty());
        let current = schema("a = A;\n");
        let one = History::new(vec![(7, &current)]).unwrap();
        assert_eq!(
            one.entity(EntityKind::Constructor, "a").unwrap().since,
            7.into()
        );
        assert!(one.changes_in(7.into()).is_none());
    }
}
