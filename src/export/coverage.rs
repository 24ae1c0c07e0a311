//! How much of the schema the content documents: per kind, how many entities have a
//! description, every parameter described, their errors and bot usability known; and which do
//! not. `tldoc check --coverage` prints it and the site's coverage page shows it.

use serde::Serialize;

use super::{Entity, EntityParts, Facts, Sources};
use crate::model::EntityKind;

/// The coverage of one kind of entity.
#[derive(Debug, Serialize)]
pub struct KindCoverage {
    /// `methods`.
    pub kind: &'static str,
    /// How many there are.
    pub total: usize,
    /// How many have a description.
    pub described: usize,
    /// How many have every parameter described (one without parameters has).
    pub params_described: usize,
    /// How many methods have their possible errors known; `None` for other kinds.
    pub errors_known: Option<usize>,
    /// How many methods are known to be usable by bots or not; `None` for other kinds.
    pub bots_known: Option<usize>,
    /// How many are documented: every count above holds of them.
    pub documented: usize,
    /// The others, in schema order.
    pub missing: Vec<Missing>,
}

impl KindCoverage {
    /// The share documented, in whole percent (100 for none at all).
    pub fn percent(&self) -> u32 {
        percent(self.documented, self.total)
    }
}

/// The share `part` of `total`, in whole percent rounded down (so 99.9% is not shown as 100%);
/// 100 of nothing.
pub fn percent(part: usize, total: usize) -> u32 {
    if total == 0 {
        return 100;
    }
    u32::try_from(part * 100 / total).unwrap_or(100)
}

/// An entity the content does not fully document.
#[derive(Debug, Serialize)]
pub struct Missing {
    /// Its name.
    pub name: String,
    /// Its page, relative to the site's root.
    pub page: String,
    /// What it lacks, in words: `description`, `parameters: peer, id`, `errors`, `bots`.
    pub lacks: Vec<String>,
}

/// The coverage of every kind: methods, constructors, types.
#[derive(Debug, Serialize)]
pub struct Coverage {
    /// One per kind, methods first.
    pub kinds: Vec<KindCoverage>,
}

impl Coverage {
    /// The coverage of the site `sources` describe.
    pub fn new(sources: &Sources<'_>) -> Coverage {
        Coverage::of(&lacking(sources))
    }

    /// The coverage of the entities whose lacks are `parts`.
    pub fn of(parts: &EntityParts<Lacking>) -> Coverage {
        Coverage {
            kinds: vec![
                kind_coverage(EntityKind::Method, &parts.methods),
                kind_coverage(EntityKind::Constructor, &parts.constructors),
                kind_coverage(EntityKind::Type, &parts.types),
            ],
        }
    }

    /// The lowest share documented of any kind, in whole percent.
    pub fn lowest_percent(&self) -> u32 {
        self.kinds
            .iter()
            .map(KindCoverage::percent)
            .min()
            .unwrap_or(100)
    }
}

/// What every entity's content leaves out.
pub fn lacking(sources: &Sources<'_>) -> EntityParts<Lacking> {
    EntityParts::new(sources.schema, |entity| {
        Lacking::of(entity, super::entity_facts(sources, entity))
    })
}

/// What one entity's content leaves out; one part of a [`Coverage`].
#[derive(Debug)]
pub struct Lacking {
    name: String,
    page: String,
    described: bool,
    params_described: bool,
    errors_known: bool,
    bots_known: bool,
    /// What it lacks, in words (see [`Missing::lacks`]).
    lacks: Vec<String>,
}

impl Lacking {
    /// What the entity with these `facts` lacks.
    pub fn of(entity: Entity, facts: Facts) -> Lacking {
        let method = matches!(entity, Entity::Method(_));
        let mut lacks = Vec::new();
        let described = facts.description.is_some();
        if !described {
            lacks.push("description".to_owned());
        }
        let undescribed: Vec<&str> = facts
            .params
            .iter()
            .flatten()
            .filter(|param| !param.flags_field && param.description.is_none())
            .map(|param| param.name.as_str())
            .collect();
        let params_described = undescribed.is_empty();
        if !params_described {
            lacks.push(format!("parameters: {}", undescribed.join(", ")));
        }
        let errors_known = method && facts.errors_known();
        if method && !errors_known {
            lacks.push("errors".to_owned());
        }
        let bots_known = method && facts.bots.is_some();
        if method && !bots_known {
            lacks.push("bots".to_owned());
        }
        Lacking {
            name: facts.name,
            page: facts.page,
            described,
            params_described,
            errors_known,
            bots_known,
            lacks,
        }
    }
}

fn kind_coverage(kind: EntityKind, all: &[Lacking]) -> KindCoverage {
    let method = kind == EntityKind::Method;
    let count = |holds: fn(&Lacking) -> bool| all.iter().filter(|entity| holds(entity)).count();
    KindCoverage {
        kind: kind.folder(),
        total: all.len(),
        described: count(|entity| entity.described),
        params_described: count(|entity| entity.params_described),
        errors_known: method.then(|| count(|entity| entity.errors_known)),
        bots_known: method.then(|| count(|entity| entity.bots_known)),
        documented: count(|entity| entity.lacks.is_empty()),
        missing: (all.iter())
            .filter(|entity| !entity.lacks.is_empty())
            .map(|entity| Missing {
                name: entity.name.clone(),
                page: entity.page.clone(),
                lacks: entity.lacks.clone(),
            })
            .collect(),
    }
}
