//! The content file to start documenting an entity from: its front matter with every field to
//! fill left empty (the description, each parameter, and for a method its errors and whether bots
//! may use it), each with a comment saying what goes there. `tldoc new` writes it into
//! `content/`, and a "Document this" link opens it in GitHub's editor of new files.

use std::fmt::Write as _;

use super::Sources;
use crate::model::EntityKind;

/// The stub of the content file of the entity of `kind` named `name`; `None` when the schema
/// has no such entity.
pub fn stub(sources: &Sources<'_>, kind: EntityKind, name: &str) -> Option<String> {
    let schema = sources.schema;
    let facts = match kind {
        EntityKind::Method => {
            sources.combinator_facts(kind, schema.method(schema.method_named(name)?))
        }
        EntityKind::Constructor => {
            sources.combinator_facts(kind, schema.constructor(schema.constructor_named(name)?))
        }
        EntityKind::Type => sources.type_facts(schema.ty(schema.type_named(name)?)),
    };
    let mut out = String::from("---\n");
    let _ = writeln!(
        out,
        "# What the {} `{name}` is for, in Markdown; the first sentence is its summary.",
        kind.noun()
    );
    out.push_str("description: \"\"\n");
    let params: Vec<_> = facts
        .params
        .iter()
        .flatten()
        .filter(|param| !param.flags_field)
        .collect();
    if !params.is_empty() {
        out.push_str("# What each parameter means.\nparams:\n");
        for param in params {
            let condition = param
                .flag
                .as_ref()
                .map(|flag| format!("{}.{}?", flag.field, flag.bit))
                .unwrap_or_default();
            let _ = writeln!(out, "  {}: \"\"  # {condition}{}", param.name, param.ty);
        }
    }
    if kind == EntityKind::Method {
        out.push_str(
            "# The errors it may return, one per line, like\n\
             #   - {code: 400, type: PEER_ID_INVALID, description: The peer is invalid.}\n\
             # (`errors: []` says it returns none).\n\
             errors:\n\
             # Whether bots may use it: true or false.\n\
             bots:\n",
        );
    }
    out.push_str("---\n");
    Some(out)
}
