//! From syntax trees to the [`Schema`] model.
//!
//! Two passes over the definitions of every file. The first registers every name (so that a type
//! may be used before, or in another file than, the constructors that declare it) and checks names
//! and ids for clashes ([`declare`]); the second resolves every type reference and records who
//! uses what ([`define`]). Each problem becomes a diagnostic and resolution carries on, so one run
//! reports all of them.
//!
//! Real schemas are read as their own toolchains read them: TDLib's `int32 = Int32;` declares a
//! builtin, not a constructor (TDLib's generators know `int32`, `int53`, `int64`, `bytes`, ...
//! natively); the ids a schema leaves out are computed by the rule of the toolchain it is for
//! ([`IdRule`]); two combinators with one id are a warning (TDLib's `telegram_api.tl` declares
//! `invokeWithBusinessConnectionPrefix` beside `invokeWithBusinessConnection` on purpose); and in
//! a file that marks its layers (`===N===`), a name defined again in a later layer's section is
//! that definition, the earlier ones being its history.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Diagnostics, SourceMap, Span};
use crate::tl::ast::{Definition, DefinitionKind, SchemaFile};

mod declare;
mod define;

use super::{BuiltinId, ConstructorId, EntityKind, IdRule, MethodId, Schema, SchemaKind, TypeId};

/// The builtin types every schema has, with what they are. Order matters: see [`TRUE_INDEX`].
/// A schema's builtins page lists those it declares or uses.
pub(super) const PREDEFINED: &[(&str, &str)] = &[
    ("int", "A 32-bit signed integer."),
    ("long", "A 64-bit signed integer."),
    ("double", "A 64-bit IEEE 754 floating-point number."),
    ("string", "A UTF-8 text string, serialised like `bytes`."),
    ("bytes", "A sequence of bytes."),
    ("int32", "A 32-bit signed integer (TDLib's name for `int`)."),
    (
        "int53",
        "A 53-bit signed integer (TDLib), exactly representable as a JavaScript number.",
    ),
    (
        "int64",
        "A 64-bit signed integer (TDLib's name for `long`).",
    ),
    ("int128", "A 128-bit integer, used for nonces."),
    ("int256", "A 256-bit integer, used for nonces."),
    (
        "int512",
        "A 512-bit integer (TDLib's end-to-end schema: signatures).",
    ),
    (
        "Bool",
        "A boolean, serialised as the constructor `boolTrue` or `boolFalse`.",
    ),
    (
        "true",
        "A flag with no value: set or not set by one bit of a `#` flags field, it takes no bytes.",
    ),
    ("Object", "Any boxed object."),
];

/// Position of `true` in [`PREDEFINED`].
pub(super) const TRUE_INDEX: u32 = 12;

/// The builtins TDLib's schemas declare in a form of their own, as a constructor of the
/// capitalised type (`int32 = Int32;`, `bytes = Bytes;`, `int128 4*[ int ] = Int128;`), and which
/// TDLib's generators (and so tldoc) take as builtins. A fixed list, as theirs is: `ok = Ok;` has
/// the same form and is a constructor.
const TDLIB_FORM: &[&str] = &[
    "int", "long", "double", "string", "bytes", "int32", "int53", "int64", "int128", "int256",
    "int512",
];

/// Whether the definition is a builtin declared in TDLib's form (see [`TDLIB_FORM`]).
fn is_tdlib_builtin(definition: &Definition) -> bool {
    let name = definition.name.text;
    definition.kind == DefinitionKind::Constructor
        && definition.declared_id.is_none()
        && TDLIB_FORM.contains(&name)
        && definition.args.iter().all(|arg| arg.name.is_none())
        && definition.result.args.is_empty()
        && !definition.result.bare
        && definition.result.name.text.strip_prefix(char::is_uppercase) == name.get(1..)
        && definition.result.name.text.get(..1) == Some(&name[..1].to_ascii_uppercase())
}

/// How to resolve: how deep, and by which id rule (`None`: the one the schema is for).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How much to resolve.
    pub depth: Depth,
    /// The rule for ids the schema leaves out; `None` decides from the schema (see
    /// [`id_rule_of`]).
    pub id_rule: Option<IdRule>,
}

/// How much of a schema to resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Everything, with every check: the schema a site documents.
    Full,
    /// What comparing layers needs (names, ids, parameters, results, which type each constructor
    /// builds) and the errors that make a layer unreadable, without the rest: who uses what,
    /// namespaces, descriptions, and the checks that only warn or that matter only for pages
    /// (ids against their definitions, names that differ only in case, shared ids). An earlier
    /// layer is read to be compared, and a site reads twenty of them on each build; their
    /// warnings would repeat the current layer's twenty times over. A declared id is taken as
    /// the computed one too: it is not checked.
    Layer,
}

/// Resolves parsed files into one schema, fully. Files are merged in the order given.
pub fn resolve(files: &[SchemaFile], sources: &SourceMap, diagnostics: &mut Diagnostics) -> Schema {
    resolve_to(Depth::Full, files, sources, diagnostics)
}

/// Resolves parsed files into one schema, to the given depth. Files are merged in the order given.
pub fn resolve_to(
    depth: Depth,
    files: &[SchemaFile],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Schema {
    let options = Options {
        depth,
        id_rule: None,
    };
    resolve_with(options, files, sources, diagnostics)
}

/// The rule of the toolchain a schema is for: TDLib's when it declares TDLib's builtins
/// (`int53 = Int53;`) and leaves most ids out, as `td_api.tl` does; Telegram's otherwise. A
/// declared id is correct under either rule (see `check_id`), so the rule matters only for the
/// ids a schema leaves out.
fn id_rule_of(files: &[SchemaFile]) -> IdRule {
    let definitions = || files.iter().flat_map(|file| &file.definitions);
    let tdlib_builtins = definitions().any(is_tdlib_builtin);
    let (declared, total) = definitions()
        .filter(|d| d.kind != DefinitionKind::Builtin && !is_tdlib_builtin(d))
        .fold((0, 0), |(declared, total), d| {
            (declared + usize::from(d.declared_id.is_some()), total + 1)
        });
    if tdlib_builtins && declared * 2 < total {
        IdRule::Tdlib
    } else {
        IdRule::Telegram
    }
}

/// Resolves parsed files into one schema as `options` say. Files are merged in the order given.
pub fn resolve_with(
    options: Options,
    files: &[SchemaFile],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Schema {
    let depth = options.depth;
    let shape_rule = id_rule_of(files);
    let id_rule = options.id_rule.unwrap_or(shape_rule);
    let mut resolver = Resolver {
        depth,
        id_rule,
        schema: Schema {
            id_rule,
            ..Schema::default()
        },
        builtins_by_name: HashMap::new(),
        lowercase_names: HashMap::new(),
        ids: HashMap::new(),
        vector: None,
        diagnostics,
    };
    for (name, description) in PREDEFINED {
        resolver.add_builtin(name, description, None);
    }
    let superseded = superseded(files);
    let mut pending = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        if !file.section_layers.is_empty() {
            resolver.schema.sectioned_files.push(file.file);
        }
        for (index, definition) in file.definitions.iter().enumerate() {
            if !superseded.is_empty() && superseded.contains(&(file_index, index)) {
                continue;
            }
            if let Some(entity) = resolver.declare(definition, sources) {
                pending.push((definition, entity));
            }
        }
    }
    for file in files.iter().filter(|_| depth == Depth::Full) {
        for doc in &file.type_docs {
            match resolver.schema.type_named(doc.name.text) {
                Some(ty) => {
                    resolver.schema.types[ty.index()].description = Some(doc.description.clone())
                }
                None => resolver.diagnostics.push(Diagnostic::warning(
                    format!("documentation for an unknown type `{}`", doc.name.text),
                    doc.name.span,
                    "no constructor builds this type",
                )),
            }
        }
    }
    resolver.vector = resolver.schema.type_named("Vector");
    for (definition, entity) in pending {
        resolver.define(definition, entity);
    }
    resolver.schema.layer = layer(files, resolver.diagnostics);
    if depth == Depth::Full {
        resolver.schema.namespaces = super::namespaces(&resolver.schema);
        resolver.schema.kinds = kinds(&resolver.schema, shape_rule);
    }
    resolver.schema
}

/// The definitions that a later layer's section of their file defines again, by file and
/// position: the schema is the newest definition of each name. Two definitions of one name in
/// one section stay, for the resolver to report.
fn superseded(files: &[SchemaFile]) -> HashSet<(usize, usize)> {
    let mut superseded = HashSet::new();
    for (file_index, file) in files.iter().enumerate() {
        if file.section_layers.is_empty() {
            continue;
        }
        let mut newest: HashMap<(bool, &str), (usize, Option<u32>)> = HashMap::new();
        for (index, definition) in file.definitions.iter().enumerate() {
            let key = (
                definition.kind == DefinitionKind::Method,
                definition.name.text,
            );
            match newest.entry(key) {
                Entry::Occupied(mut before) => {
                    let (before_index, before_section) = *before.get();
                    if before_section < definition.section {
                        superseded.insert((file_index, before_index));
                        before.insert((index, definition.section));
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert((index, definition.section));
                }
            }
        }
    }
    superseded
}

/// What the schema is, from entities only each kind of schema has.
fn kinds(schema: &Schema, shape_rule: IdRule) -> Vec<SchemaKind> {
    let e2e = schema
        .namespaces
        .iter()
        .any(|namespace| namespace.name == "e2e" || namespace.name.starts_with("e2e."));
    let checks = [
        (
            SchemaKind::TelegramApi,
            schema.method_named("invokeWithLayer").is_some(),
        ),
        (
            SchemaKind::Mtproto,
            schema.constructor_named("resPQ").is_some()
                || schema.method_named("req_pq_multi").is_some(),
        ),
        (
            SchemaKind::SecretChats,
            schema.type_named("DecryptedMessage").is_some(),
        ),
        (SchemaKind::E2e, e2e),
        // TDLib's end-to-end schema has TDLib's shape too; its name says so.
        (SchemaKind::Tdlib, shape_rule == IdRule::Tdlib && !e2e),
    ];
    checks
        .into_iter()
        .filter(|(_, holds)| *holds)
        .map(|(kind, _)| kind)
        .collect()
}

fn layer(files: &[SchemaFile], diagnostics: &mut Diagnostics) -> Option<u32> {
    let mut found: Option<(u32, Span)> = None;
    for (layer, span) in files.iter().filter_map(|file| file.layer) {
        match found {
            None => found = Some((layer, span)),
            Some((first, first_span)) if first != layer => diagnostics.push(
                Diagnostic::warning(
                    format!("conflicting layers {first} and {layer}"),
                    span,
                    format!("layer {layer} here"),
                )
                .with_context(first_span, format!("layer {first} here"))
                .with_note(format!("the site is built as layer {first}")),
            ),
            Some(_) => {}
        }
    }
    found.map(|(layer, _)| layer)
}

/// What a definition declared in the first pass.
#[derive(Clone, Copy)]
enum Entity {
    Constructor(ConstructorId),
    Method(MethodId),
}

struct Resolver<'d> {
    depth: Depth,
    id_rule: IdRule,
    schema: Schema,
    builtins_by_name: HashMap<String, BuiltinId>,
    /// Every page-owning name by kind and lower-cased text, to find names that differ only in case.
    lowercase_names: HashMap<(EntityKind, String), (String, Span)>,
    /// Every combinator id, to find two combinators with one id.
    ids: HashMap<u32, (String, Span)>,
    /// The type `Vector`, when the schema declares it, once every name is known.
    vector: Option<TypeId>,
    diagnostics: &'d mut Diagnostics,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_is_where_builtin_id_true_says() {
        assert_eq!(PREDEFINED[TRUE_INDEX as usize].0, "true");
    }
}
