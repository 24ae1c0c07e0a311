//! How much of the schema the content documents: per kind, how many entities have a
//! description, every parameter described, their errors and bot usability known; and which do
//! not. `tldoc check --coverage` prints it and the site's coverage page shows it.

use serde::Serialize;

use super::{Facts, Sources};
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
        let schema = sources.schema;
        let methods = schema
            .methods
            .iter()
            .map(|m| sources.combinator_facts(EntityKind::Method, m));
        let constructors = schema
            .constructors
            .iter()
            .map(|c| sources.combinator_facts(EntityKind::Constructor, c));
        let types = schema.types.iter().map(|t| sources.type_facts(t));
        Coverage {
            kinds: vec![
                kind_coverage(EntityKind::Method, methods),
                kind_coverage(EntityKind::Constructor, constructors),
                kind_coverage(EntityKind::Type, types),
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

fn kind_coverage(kind: EntityKind, all: impl Iterator<Item = Facts>) -> KindCoverage {
    let method = kind == EntityKind::Method;
    let mut coverage = KindCoverage {
        kind: kind.folder(),
        total: 0,
        described: 0,
        params_described: 0,
        errors_known: method.then_some(0),
        bots_known: method.then_some(0),
        documented: 0,
        missing: Vec::new(),
    };
    for facts in all {
        coverage.total += 1;
        let mut lacks = Vec::new();
        if facts.description.is_some() {
            coverage.described += 1;
        } else {
            lacks.push("description".to_owned());
        }
        let undescribed: Vec<&str> = facts
            .params
            .iter()
            .flatten()
            .filter(|param| !param.flags_field && param.description.is_none())
            .map(|param| param.name.as_str())
            .collect();
        if undescribed.is_empty() {
            coverage.params_described += 1;
        } else {
            lacks.push(format!("parameters: {}", undescribed.join(", ")));
        }
        if let Some(known) = &mut coverage.errors_known {
            if facts.errors_known() {
                *known += 1;
            } else {
                lacks.push("errors".to_owned());
            }
        }
        if let Some(known) = &mut coverage.bots_known {
            if facts.bots.is_some() {
                *known += 1;
            } else {
                lacks.push("bots".to_owned());
            }
        }
        if lacks.is_empty() {
            coverage.documented += 1;
        } else {
            coverage.missing.push(Missing {
                name: facts.name,
                page: facts.page,
                lacks,
            });
        }
    }
    coverage
}
