//! What changed between two resolved schemas: the engine of `tldoc diff` and of a site's history.
//!
//! Entities are matched by name within their kind (constructors with constructors, methods with
//! methods, types with types). An old combinator whose name is gone is matched to a new one with
//! the same id, if any, and reported as renamed: the id is what travels on the wire, so a client
//! sees the same object under a new name. Types have no id and are matched by name only.
//!
//! Parameter and result types are compared as TL writes them (`Vector<InputUser>`), since the two
//! schemas' indexes mean nothing to each other. Most combinators are the same from one layer to the
//! next, so each pair is first compared by its one-line definition, and only a pair whose text
//! differs is compared parameter by parameter; a text difference that changes nothing on the wire
//! (spacing, an id written with fewer digits) is no change.
//!
//! Every list is sorted by name, so output is stable whatever the order of the source files. The
//! result is plain data that serialises to JSON; [`report`] writes it for people.

pub mod report;

use std::collections::HashMap;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::model::{Combinator, ConstructorId, Param, Release, Schema, TypeId};

/// Everything that differs between two schemas.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SchemaDiff {
    /// The layer of the old schema, if known.
    pub old_layer: Option<u32>,
    /// The layer of the new schema, if known.
    pub new_layer: Option<u32>,
    /// The TDLib release of the old schema, for TDLib's, which is versioned by release.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_release: Option<Release>,
    /// The TDLib release of the new schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_release: Option<Release>,
    /// Constructors added, removed, renamed and changed.
    pub constructors: CombinatorDiff,
    /// Methods added, removed, renamed and changed.
    pub methods: CombinatorDiff,
    /// Types added, removed, and whose constructors changed.
    pub types: TypeDiff,
}

impl SchemaDiff {
    /// Whether the two schemas define the same entities the same way.
    pub fn is_empty(&self) -> bool {
        self.constructors.is_empty() && self.methods.is_empty() && self.types.is_empty()
    }
}

/// The differences of one kind of combinator (constructors, or methods), each list by name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CombinatorDiff {
    /// Only in the new schema.
    pub added: Vec<Entry>,
    /// Only in the old schema, with their last definition.
    pub removed: Vec<Entry>,
    /// The same id under another name; sorted by the new name. Any other change is listed too.
    pub renamed: Vec<Changed>,
    /// The same name, defined differently.
    pub changed: Vec<Changed>,
}

impl CombinatorDiff {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.changed.is_empty()
    }
}

/// A combinator present on one side only.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: Id,
    /// Its definition, on one line.
    pub definition: String,
}

impl Entry {
    fn of(combinator: &Combinator) -> Entry {
        Entry {
            name: combinator.name.clone(),
            id: Id(combinator.id),
            definition: combinator.definition.clone(),
        }
    }
}

/// A combinator on both sides, defined differently. Fields that did not change are `None`/empty.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    /// Its name in the new schema.
    pub name: String,
    /// Its name in the old schema, when it was renamed.
    pub renamed_from: Option<String>,
    /// The old and new ids, when the id changed.
    pub id: Option<Pair<Id>>,
    /// The old and new result types, when the result changed (for a constructor: the type it
    /// builds).
    pub result: Option<Pair<String>>,
    /// The old and new type parameters (`{X:Type}`), when they changed.
    pub generics: Option<Pair<Vec<String>>>,
    /// Each parameter added, removed, retyped, made optional or required, or moved to another flag
    /// bit: in the order of the new parameters, then the removed ones in their old order.
    pub params: Vec<ParamChange>,
    /// The order of the parameters both sides have, when it changed.
    pub order: Option<Pair<Vec<String>>>,
    /// The old and new definitions, on one line each.
    pub definition: Pair<String>,
}

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair<T> {
    /// Before.
    pub old: T,
    /// After.
    pub new: T,
}

impl<T: PartialEq> Pair<T> {
    fn if_changed(old: T, new: T) -> Option<Pair<T>> {
        (old != new).then_some(Pair { old, new })
    }
}

/// A combinator's id, written in hex as TL writes it (`#6c6274fa`); JSON has it as a hex string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Id(pub u32);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:08x}", self.0)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{:08x}", self.0))
    }
}

/// How one parameter changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ParamChange {
    /// A new parameter.
    Added(ParamInfo),
    /// A parameter that is gone.
    Removed(ParamInfo),
    /// Same name, another type.
    Retyped {
        /// The parameter.
        name: String,
        /// Its old type.
        old: String,
        /// Its new type.
        new: String,
    },
    /// It was always present and now depends on a flag bit.
    MadeOptional {
        /// The parameter.
        name: String,
        /// The bit it now depends on.
        flag: FlagBit,
    },
    /// It depended on a flag bit and is now always present.
    MadeRequired {
        /// The parameter.
        name: String,
        /// The bit it depended on.
        flag: FlagBit,
    },
    /// It depends on another flag bit (or another flags field).
    FlagMoved {
        /// The parameter.
        name: String,
        /// The bit it depended on.
        old: FlagBit,
        /// The bit it depends on now.
        new: FlagBit,
    },
}

impl ParamChange {
    /// The name of the parameter concerned.
    pub fn name(&self) -> &str {
        match self {
            ParamChange::Added(param) | ParamChange::Removed(param) => &param.name,
            ParamChange::Retyped { name, .. }
            | ParamChange::MadeOptional { name, .. }
            | ParamChange::MadeRequired { name, .. }
            | ParamChange::FlagMoved { name, .. } => name,
        }
    }
}

/// A parameter as written: `message:flags.1?TextWithEntities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamInfo {
    /// Its name.
    pub name: String,
    /// Its type, without the flag: `TextWithEntities`.
    #[serde(rename = "type")]
    pub ty: String,
    /// The flag bit it depends on, if it is optional.
    pub flag: Option<FlagBit>,
}

impl fmt::Display for ParamInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.name)?;
        if let Some(flag) = &self.flag {
            write!(f, "{flag}?")?;
        }
        f.write_str(&self.ty)
    }
}

/// `flags.3`: bit 3 of the field `flags`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagBit {
    /// The `#` field.
    pub field: String,
    /// The bit.
    pub bit: u32,
}

impl fmt::Display for FlagBit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.field, self.bit)
    }
}

/// The differences of the types, each list by name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeDiff {
    /// Only in the new schema, with their constructors.
    pub added: Vec<TypeEntry>,
    /// Only in the old schema, with their last constructors.
    pub removed: Vec<TypeEntry>,
    /// On both sides, built by other constructors.
    pub changed: Vec<TypeChanged>,
}

impl TypeDiff {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A type present on one side only.
#[derive(Debug, Clone, Serialize)]
pub struct TypeEntry {
    /// Its name.
    pub name: String,
    /// The constructors that build it, in source order.
    pub constructors: Vec<String>,
}

/// A type on both sides whose set of constructors changed. A renamed constructor that still builds
/// the type is no change of the type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeChanged {
    /// Its name.
    pub name: String,
    /// Constructors that build it now and did not (new names, in new source order).
    pub added: Vec<String>,
    /// Constructors that built it and no longer do (old names, in old source order).
    pub removed: Vec<String>,
}

/// Compares two schemas. `old` and `new` need not be free of errors: whatever resolved is compared.
pub fn diff(old: &Schema, new: &Schema) -> SchemaDiff {
    let (constructors, matched) = diff_combinators(
        old,
        new,
        &old.constructors,
        &new.constructors,
        |name| old.constructor_named(name).is_some(),
        |name| new.constructor_named(name).map(|id| id.index()),
    );
    let (methods, _) = diff_combinators(
        old,
        new,
        &old.methods,
        &new.methods,
        |name| old.method_named(name).is_some(),
        |name| new.method_named(name).map(|id| id.index()),
    );
    SchemaDiff {
        old_layer: old.layer,
        new_layer: new.layer,
        old_release: None,
        new_release: None,
        constructors,
        methods,
        types: diff_types(old, new, &matched),
    }
}

/// Which old combinator is which new one, by index, both ways.
struct Matching {
    old_to_new: Vec<Option<usize>>,
    new_to_old: Vec<Option<usize>>,
}

/// Compares one kind of combinator (`old` and `new` are the schemas' constructors, or their
/// methods), finding names through the schemas' indexes: `old_has` says whether the old schema
/// has a name, `new_named` where the new one has it.
fn diff_combinators(
    old_schema: &Schema,
    new_schema: &Schema,
    old: &[Combinator],
    new: &[Combinator],
    old_has: impl Fn(&str) -> bool,
    new_named: impl Fn(&str) -> Option<usize>,
) -> (CombinatorDiff, Matching) {
    let mut out = CombinatorDiff::default();
    let mut matching = Matching {
        old_to_new: vec![None; old.len()],
        new_to_old: vec![None; new.len()],
    };
    let mut gone = Vec::new();
    for (index, combinator) in old.iter().enumerate() {
        match new_named(&combinator.name) {
            Some(other) => {
                matching.old_to_new[index] = Some(other);
                matching.new_to_old[other] = Some(index);
                if let Some(changed) = compare(old_schema, new_schema, combinator, &new[other]) {
                    out.changed.push(changed);
                }
            }
            None => gone.push(index),
        }
    }
    let mut fresh_by_id: HashMap<u32, usize> = HashMap::new();
    for (index, combinator) in new.iter().enumerate() {
        if !old_has(&combinator.name) {
            fresh_by_id.insert(combinator.id, index);
        }
    }
    for index in gone {
        let combinator = &old[index];
        // `remove` so that two old combinators with one id (a schema with errors) cannot both
        // claim the same new one.
        match fresh_by_id.remove(&combinator.id) {
            Some(other) => {
                matching.old_to_new[index] = Some(other);
                matching.new_to_old[other] = Some(index);
                if let Some(renamed) = compare(old_schema, new_schema, combinator, &new[other]) {
                    out.renamed.push(renamed);
                }
            }
            None => out.removed.push(Entry::of(combinator)),
        }
    }
    for (index, combinator) in new.iter().enumerate() {
        if matching.new_to_old[index].is_none() {
            out.added.push(Entry::of(combinator));
        }
    }
    out.added.sort_by(|a, b| a.name.cmp(&b.name));
    out.removed.sort_by(|a, b| a.name.cmp(&b.name));
    out.renamed.sort_by(|a, b| a.name.cmp(&b.name));
    out.changed.sort_by(|a, b| a.name.cmp(&b.name));
    (out, matching)
}

/// The differences of a matched pair, or `None` when they are the same on the wire.
fn compare(
    old_schema: &Schema,
    new_schema: &Schema,
    old: &Combinator,
    new: &Combinator,
) -> Option<Changed> {
    if old.definition == new.definition {
        return None;
    }
    let (params, order) = compare_params(old_schema, new_schema, &old.params, &new.params);
    let changed = Changed {
        name: new.name.clone(),
        renamed_from: (old.name != new.name).then(|| old.name.clone()),
        id: Pair::if_changed(Id(old.id), Id(new.id)),
        result: Pair::if_changed(
            old_schema.display(&old.result),
            new_schema.display(&new.result),
        ),
        generics: Pair::if_changed(old.generics.clone(), new.generics.clone()),
        params,
        order,
        definition: Pair {
            old: old.definition.clone(),
            new: new.definition.clone(),
        },
    };
    let same = changed.renamed_from.is_none()
        && changed.id.is_none()
        && changed.result.is_none()
        && changed.generics.is_none()
        && changed.params.is_empty()
        && changed.order.is_none();
    (!same).then_some(changed)
}

fn param_info(schema: &Schema, param: &Param) -> ParamInfo {
    ParamInfo {
        name: param.name.clone(),
        ty: schema.display(&param.ty),
        flag: flag_bit(param),
    }
}

fn flag_bit(param: &Param) -> Option<FlagBit> {
    param.flag.as_ref().map(|flag| FlagBit {
        field: flag.field.clone(),
        bit: flag.bit,
    })
}

/// Parameter changes, and the old and new order of the common parameters when it changed.
fn compare_params(
    old_schema: &Schema,
    new_schema: &Schema,
    old: &[Param],
    new: &[Param],
) -> (Vec<ParamChange>, Option<Pair<Vec<String>>>) {
    let old_by_name: HashMap<&str, &Param> = old.iter().map(|p| (p.name.as_str(), p)).collect();
    let new_by_name: HashMap<&str, &Param> = new.iter().map(|p| (p.name.as_str(), p)).collect();
    let mut changes = Vec::new();
    for param in new {
        let Some(before) = old_by_name.get(param.name.as_str()) else {
            changes.push(ParamChange::Added(param_info(new_schema, param)));
            continue;
        };
        let (old_ty, new_ty) = (
            old_schema.display(&before.ty),
            new_schema.display(&param.ty),
        );
        if old_ty != new_ty {
            changes.push(ParamChange::Retyped {
                name: param.name.clone(),
                old: old_ty,
                new: new_ty,
            });
        }
        let name = param.name.clone();
        match (flag_bit(before), flag_bit(param)) {
            (None, Some(flag)) => changes.push(ParamChange::MadeOptional { name, flag }),
            (Some(flag), None) => changes.push(ParamChange::MadeRequired { name, flag }),
            (Some(old), Some(new)) if old != new => {
                changes.push(ParamChange::FlagMoved { name, old, new })
            }
            _ => {}
        }
    }
    for param in old {
        if !new_by_name.contains_key(param.name.as_str()) {
            changes.push(ParamChange::Removed(param_info(old_schema, param)));
        }
    }
    let common = |params: &[Param], other: &HashMap<&str, &Param>| -> Vec<String> {
        params
            .iter()
            .filter(|p| other.contains_key(p.name.as_str()))
            .map(|p| p.name.clone())
            .collect()
    };
    let order = Pair::if_changed(common(old, &new_by_name), common(new, &old_by_name));
    (changes, order)
}

/// The constructors of a type, among `ids`, whose counterpart in the `other` schema (same name, or
/// renamed) is gone or builds another type than `other_type`: those that left the type, seen from
/// the old schema, or joined it, seen from the new one.
fn not_building(
    ids: &[ConstructorId],
    counterparts: &[Option<usize>],
    other: &Schema,
    other_type: TypeId,
) -> Vec<ConstructorId> {
    ids.iter()
        .copied()
        .filter(|id| {
            counterparts[id.index()].is_none_or(|counterpart| {
                other.constructor_type(ConstructorId::from_index(counterpart)) != Some(other_type)
            })
        })
        .collect()
}

fn diff_types(old: &Schema, new: &Schema, matched: &Matching) -> TypeDiff {
    let names = |schema: &Schema, ids: &[ConstructorId]| -> Vec<String> {
        ids.iter()
            .map(|&id| schema.constructor(id).name.clone())
            .collect()
    };
    let mut out = TypeDiff::default();
    for old_type in old.type_ids() {
        let before = old.ty(old_type);
        let Some(new_type) = new.type_named(&before.name) else {
            out.removed.push(TypeEntry {
                name: before.name.clone(),
                constructors: names(old, &before.constructors),
            });
            continue;
        };
        let after = new.ty(new_type);
        let removed = not_building(&before.constructors, &matched.old_to_new, new, new_type);
        let added = not_building(&after.constructors, &matched.new_to_old, old, old_type);
        if !added.is_empty() || !removed.is_empty() {
            out.changed.push(TypeChanged {
                name: after.name.clone(),
                added: names(new, &added),
                removed: names(old, &removed),
            });
        }
    }
    for new_type in new.type_ids() {
        let after = new.ty(new_type);
        if old.type_named(&after.name).is_none() {
            out.added.push(TypeEntry {
                name: after.name.clone(),
                constructors: names(new, &after.constructors),
            });
        }
    }
    out.added.sort_by(|a, b| a.name.cmp(&b.name));
    out.removed.sort_by(|a, b| a.name.cmp(&b.name));
    out.changed.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
pub(crate) mod tests;
