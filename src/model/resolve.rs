//! From syntax trees to the [`Schema`] model.
//!
//! Two passes over the definitions of every file. The first registers every name (so that a type
//! may be used before, or in another file than, the constructors that declare it) and checks names
//! and ids for clashes; the second resolves every type reference and records who uses what. Each
//! problem becomes a diagnostic and resolution carries on, so one run reports all of them.
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
use crate::tl::ast::{
    Arg, ArgType, Condition, Definition, DefinitionKind, DocTag, SchemaFile, TypeExpr,
};
use crate::tl::id;

use super::{
    Builtin, BuiltinId, Combinator, ConstructorId, EntityKind, Flag, IdRule, MethodId, Param,
    Schema, SchemaKind, Type, TypeId, TypeRef,
};

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

impl Resolver<'_> {
    fn add_builtin(&mut self, name: &str, description: &str, span: Option<Span>) {
        match self.builtins_by_name.get(name) {
            Some(id) => self.schema.builtins[id.index()].span = span,
            None => {
                let id = BuiltinId::from_index(self.schema.builtins.len());
                self.schema.builtins.push(Builtin {
                    name: name.to_owned(),
                    description: description.to_owned(),
                    span,
                    used: false,
                });
                self.builtins_by_name.insert(name.to_owned(), id);
            }
        }
    }

    /// First pass: registers the definition's name, id and (for a constructor) its type.
    fn declare(&mut self, definition: &Definition, sources: &SourceMap) -> Option<Entity> {
        let name = &definition.name;
        if definition.kind == DefinitionKind::Builtin || is_tdlib_builtin(definition) {
            let description = format!(
                "A builtin type of this schema (`{}`).",
                definition.result.name.text
            );
            self.add_builtin(name.text, &description, Some(definition.span));
            return None;
        }
        let kind = match definition.kind {
            DefinitionKind::Method => EntityKind::Method,
            _ => EntityKind::Constructor,
        };
        let existing = match kind {
            EntityKind::Method => self
                .schema
                .method_named(name.text)
                .map(|id| self.schema.method(id).span),
            _ => self
                .schema
                .constructor_named(name.text)
                .map(|id| self.schema.constructor(id).span),
        };
        if let Some(first) = existing {
            self.diagnostics.push(
                Diagnostic::error(
                    format!("the {} `{}` is defined twice", kind.noun(), name.text),
                    name.span,
                    "defined again here",
                )
                .with_context(first, "first defined here"),
            );
            return None;
        }
        let declared_id = definition.declared_id.map(|(id, _)| id);
        let (id, computed_id) = match (self.depth, declared_id) {
            (Depth::Full, _) => self.check_id(definition, kind),
            (Depth::Layer, Some(declared)) => (declared, declared),
            (Depth::Layer, None) => {
                let computed = id::computed_id(definition, self.id_rule);
                (computed, computed)
            }
        };
        let text = &sources.file(definition.span.file).text
            [definition.span.start as usize..definition.span.end as usize];
        let combinator = Combinator {
            name: name.text.to_owned(),
            id,
            declared_id,
            computed_id,
            generics: definition
                .generics
                .iter()
                .map(|g| g.name.text.to_owned())
                .collect(),
            params: Vec::new(),
            result: TypeRef::Nat,
            description: None,
            definition: collapse_whitespace(text),
            span: definition.span,
        };
        Some(match kind {
            EntityKind::Method => {
                let id = MethodId::from_index(self.schema.methods.len());
                self.schema.methods.push(combinator);
                self.schema.methods_by_name.insert(name.text.to_owned(), id);
                Entity::Method(id)
            }
            _ => {
                let id = ConstructorId::from_index(self.schema.constructors.len());
                let result = self.declare_type(&definition.result).map(|ty| {
                    self.schema.types[ty.index()].constructors.push(id);
                    TypeRef::Type(ty)
                });
                self.schema.constructors.push(Combinator {
                    result: result.unwrap_or(TypeRef::Nat),
                    ..combinator
                });
                self.schema
                    .constructors_by_name
                    .insert(name.text.to_owned(), id);
                Entity::Constructor(id)
            }
        })
    }

    /// The checks of a fully resolved definition's name and id: its name against others that
    /// differ only in case, its declared id against the computed one and against the ids of the
    /// others. Returns the id it goes by (the declared one, or else the computed one) and the
    /// computed one: a declared id that either toolchain's rule computes is correct, and is the
    /// computed one then.
    fn check_id(&mut self, definition: &Definition, kind: EntityKind) -> (u32, u32) {
        let name = &definition.name;
        self.check_case_collision(kind, name.text, name.span);
        let mut computed_id = id::computed_id(definition, self.id_rule);
        let declared_id = definition.declared_id.map(|(id, _)| id);
        if let Some(declared) = declared_id
            && declared != computed_id
        {
            // TDLib's `decryptedMessage8`: layer 8's `decryptedMessage`, with its id.
            let unversioned = name.text.trim_end_matches(|c: char| c.is_ascii_digit());
            let correct = [self.id_rule, self.id_rule.other()]
                .into_iter()
                .any(|rule| {
                    id::computed_id(definition, rule) == declared
                        || (unversioned.len() < name.text.len()
                            && id::computed_id_as(unversioned, definition, rule) == declared)
                });
            if correct {
                computed_id = declared;
            }
        }
        if let Some((declared, span)) = definition.declared_id
            && declared != computed_id
        {
            self.diagnostics.push(
                Diagnostic::warning(
                    format!(
                        "the id of `{}` differs from the one computed from its definition",
                        name.text
                    ),
                    span,
                    format!("computed id is #{computed_id:08x}"),
                )
                .with_note(format!(
                    "the id is the CRC32 of `{}`; the declared id is used",
                    id::normalised_definition(definition, self.id_rule)
                )),
            );
        }
        let id = declared_id.unwrap_or(computed_id);
        match self.ids.entry(id) {
            Entry::Occupied(first) => {
                let (first_name, first_span) = first.get();
                // A warning: TDLib's `telegram_api.tl` gives a serialisation helper the id of the
                // function it prefixes, and TDLib's parser accepts it.
                self.diagnostics.push(
                    Diagnostic::warning(
                        format!(
                            "`{}` and `{first_name}` have the same id #{id:08x}",
                            name.text
                        ),
                        definition.declared_id.map_or(name.span, |(_, span)| span),
                        "this id",
                    )
                    .with_context(*first_span, "is already used here")
                    .with_note(
                        "an id tells the combinator on the wire: a reader of this id cannot tell \
                         the two apart",
                    ),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert((
                    name.text.to_owned(),
                    definition.declared_id.map_or(name.span, |(_, span)| span),
                ));
            }
        }
        (id, computed_id)
    }

    /// The boxed type a constructor builds, created on first sight.
    fn declare_type(&mut self, result: &TypeExpr) -> Option<TypeId> {
        let name = &result.name;
        let boxed = name
            .text
            .rsplit('.')
            .next()
            .and_then(|last| last.chars().next());
        if result.bare || !boxed.is_some_and(|c| c.is_ascii_uppercase()) {
            self.diagnostics.push(
                Diagnostic::error(
                    format!("a constructor must build a boxed type, not `{}`", name.text),
                    result.span,
                    "expected a capitalised type name",
                )
                .with_note("boxed type names start with a capital letter: `= InputPeer;`"),
            );
            return None;
        }
        if let Some(ty) = self.schema.type_named(name.text) {
            return Some(ty);
        }
        if self.depth == Depth::Full {
            self.check_case_collision(EntityKind::Type, name.text, name.span);
        }
        let id = TypeId::from_index(self.schema.types.len());
        self.schema.types.push(Type {
            name: name.text.to_owned(),
            constructors: Vec::new(),
            returned_by: Vec::new(),
            taken_by_methods: Vec::new(),
            taken_by_constructors: Vec::new(),
            description: None,
            span: name.span,
        });
        self.schema.types_by_name.insert(name.text.to_owned(), id);
        Some(id)
    }

    fn check_case_collision(&mut self, kind: EntityKind, name: &str, span: Span) {
        match self
            .lowercase_names
            .entry((kind, name.to_ascii_lowercase()))
        {
            Entry::Occupied(first) => {
                let (first_name, first_span) = first.get();
                self.diagnostics.push(
                    Diagnostic::error(
                        format!(
                            "the {noun}s `{first_name}` and `{name}` differ only in case",
                            noun = kind.noun()
                        ),
                        span,
                        format!("`{name}` here"),
                    )
                    .with_context(*first_span, format!("`{first_name}` here"))
                    .with_note(format!(
                        "their pages `{folder}/{first_name}.html` and `{folder}/{name}.html` would \
                         overwrite each other on case-insensitive file systems (macOS, Windows)",
                        folder = kind.folder()
                    )),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert((name.to_owned(), span));
            }
        }
    }

    /// Second pass: resolves parameters, the method result, documentation, and uses of types.
    fn define(&mut self, definition: &Definition, entity: Entity) {
        let generics: Vec<&str> = definition.generics.iter().map(|g| g.name.text).collect();
        for generic in &definition.generics {
            if generic.kind.text != "Type" && generic.kind.text != "#" {
                self.diagnostics.push(Diagnostic::error(
                    format!("unknown kind `{}` of a type parameter", generic.kind.text),
                    generic.kind.span,
                    "expected `Type` or `#`",
                ));
            }
        }
        let mut params: Vec<Param> = Vec::with_capacity(definition.args.len());
        // Parameters whose type did not resolve: reported once, and still documented.
        let mut unresolved: Vec<&str> = Vec::new();
        for arg in &definition.args {
            if !self.check_arg(arg, &generics, &mut params)
                && let Some(name) = &arg.name
            {
                unresolved.push(name.text);
            }
        }
        if self.depth == Depth::Layer {
            let result = match entity {
                Entity::Method(_) => self.resolve_type(&definition.result, &generics),
                Entity::Constructor(_) => None,
            };
            let combinator = match entity {
                Entity::Constructor(id) => &mut self.schema.constructors[id.index()],
                Entity::Method(id) => &mut self.schema.methods[id.index()],
            };
            if let Some(result) = result {
                combinator.result = result;
            }
            combinator.params = params;
            return;
        }
        let (mut description, mut docs_unused) = (None, Vec::new());
        for tag in &definition.docs {
            let param_name = tag
                .name
                .text
                .strip_prefix("param_")
                .unwrap_or(tag.name.text);
            if tag.name.text == "description" {
                description = Some(tag.text.to_owned());
            } else if let Some(param) = params.iter_mut().find(|p| p.name == param_name) {
                param.description = Some(tag.text.to_owned());
            } else if !unresolved.contains(&param_name) {
                docs_unused.push(tag);
            }
        }
        self.report_unused_docs(&docs_unused, definition.name.text);

        let mut used = Vec::new();
        for param in &params {
            self.collect_types(&param.ty, &mut used);
        }
        let combinator = match entity {
            Entity::Constructor(id) => {
                for &ty in &used {
                    self.schema.types[ty.index()].taken_by_constructors.push(id);
                }
                &mut self.schema.constructors[id.index()]
            }
            Entity::Method(id) => {
                for &ty in &used {
                    self.schema.types[ty.index()].taken_by_methods.push(id);
                }
                let result = self.resolve_type(&definition.result, &generics);
                let mut returned = Vec::new();
                if let Some(result) = &result {
                    self.collect_types(result, &mut returned);
                }
                for ty in returned {
                    self.schema.types[ty.index()].returned_by.push(id);
                }
                let method = &mut self.schema.methods[id.index()];
                method.result = result.unwrap_or(TypeRef::Nat);
                method
            }
        };
        combinator.params = params;
        combinator.description = description;
    }

    fn report_unused_docs(&mut self, tags: &[&DocTag], name: &str) {
        for tag in tags {
            self.diagnostics.push(Diagnostic::warning(
                format!(
                    "documentation for an unknown parameter `{}` of `{name}`",
                    tag.name.text
                ),
                tag.name.span,
                "no parameter has this name",
            ));
        }
    }

    /// Resolves one argument; named ones become parameters. Returns whether its type resolved.
    fn check_arg(&mut self, arg: &Arg, generics: &[&str], params: &mut Vec<Param>) -> bool {
        let ty = match &arg.ty {
            ArgType::Type(ty) => ty,
            ArgType::Repeat { args, .. } => {
                let mut inner = Vec::new();
                for arg in args {
                    self.check_arg(arg, generics, &mut inner);
                }
                return true;
            }
        };
        let Some(mut resolved) = self.resolve_type(ty, generics) else {
            return false;
        };
        if arg.bang {
            match &mut resolved {
                TypeRef::Generic { bang, .. } => *bang = true,
                _ => self.diagnostics.push(Diagnostic::error(
                    "`!` applies only to a type parameter",
                    ty.span,
                    "not a type parameter of this definition",
                )),
            }
        }
        let flag = arg.condition.as_ref().and_then(|condition| {
            let field = params.iter_mut().find(|p| p.name == condition.field.text);
            let is_int =
                |ty: &TypeRef| matches!(ty, TypeRef::Builtin(id) if self.schema.builtin(*id).name == "int");
            match field {
                Some(field) if field.ty == TypeRef::Nat => {}
                // Layers up to about 65: `flags:int a:flags.0?true ...`.
                Some(field) if field.flag.is_none() && is_int(&field.ty) => {
                    field.flags_field = true;
                }
                _ => {
                    self.report_unknown_flags_field(condition);
                    return None;
                }
            }
            Some(Flag {
                field: condition.field.text.to_owned(),
                bit: condition.bit,
            })
        });
        let Some(name) = &arg.name else {
            return true;
        };
        if let Some(first) = params.iter().find(|p| p.name == name.text) {
            self.diagnostics.push(
                Diagnostic::error(
                    format!("the parameter `{}` is declared twice", name.text),
                    name.span,
                    "declared again here",
                )
                .with_context(first.span, "first declared here"),
            );
            return true;
        }
        params.push(Param {
            name: name.text.to_owned(),
            flags_field: resolved == TypeRef::Nat,
            ty: resolved,
            flag,
            description: None,
            span: arg.span,
        });
        true
    }

    fn report_unknown_flags_field(&mut self, condition: &Condition) {
        self.diagnostics.push(
            Diagnostic::error(
                format!("unknown flags field `{}`", condition.field.text),
                condition.field.span,
                "not a `#` parameter (or, in old layers, an `int` one) declared before this one",
            )
            .with_note(format!(
                "declare it first: `{}:# ...`",
                condition.field.text
            )),
        );
    }

    fn resolve_type(&mut self, expr: &TypeExpr, generics: &[&str]) -> Option<TypeRef> {
        let name = expr.name.text;
        if name == "#" {
            return Some(TypeRef::Nat);
        }
        if (name == "Vector" || name == "vector") && expr.args.len() == 1 && !expr.bare {
            let element = self.resolve_type(&expr.args[0], generics)?;
            return Some(TypeRef::Vector {
                boxed: name == "Vector",
                element: Box::new(element),
            });
        }
        if !expr.args.is_empty() {
            self.diagnostics.push(Diagnostic::error(
                format!("`{name}` takes no type arguments"),
                expr.span,
                "only `Vector<T>` and `vector<T>` take one",
            ));
            return None;
        }
        if generics.contains(&name) && !expr.bare {
            return Some(TypeRef::Generic {
                name: name.to_owned(),
                bang: false,
            });
        }
        let lowercase = name
            .rsplit('.')
            .next()
            .and_then(|last| last.chars().next())
            .is_some_and(|c| !c.is_ascii_uppercase());
        let found = if expr.bare {
            self.schema.type_named(name).map(TypeRef::BareType)
        } else if lowercase {
            self.builtins_by_name
                .get(name)
                .copied()
                .map(TypeRef::Builtin)
                .or_else(|| {
                    self.schema
                        .constructor_named(name)
                        .map(TypeRef::Constructor)
                })
        } else {
            self.schema.type_named(name).map(TypeRef::Type).or_else(|| {
                self.builtins_by_name
                    .get(name)
                    .copied()
                    .map(TypeRef::Builtin)
            })
        };
        if found.is_none() {
            let mut diagnostic = Diagnostic::error(
                format!("cannot find type `{name}`"),
                expr.name.span,
                "not defined in any schema file",
            );
            if let Some(similar) = self.similar_name(name) {
                diagnostic = diagnostic.with_note(format!(
                    "a name that differs only in case exists: `{similar}`"
                ));
            }
            self.diagnostics.push(diagnostic);
        }
        if let Some(TypeRef::Builtin(id)) = found {
            self.schema.builtins[id.index()].used = true;
        }
        found
    }

    fn similar_name(&self, name: &str) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        [EntityKind::Type, EntityKind::Constructor]
            .into_iter()
            .find_map(|kind| self.lowercase_names.get(&(kind, lower.clone())))
            .map(|(similar, _)| similar.clone())
            .or_else(|| {
                self.builtins_by_name
                    .keys()
                    .find(|builtin| builtin.eq_ignore_ascii_case(name))
                    .cloned()
            })
    }

    /// The boxed types a type reference involves, each once: `Vector<InputUser>` involves
    /// `InputUser`, and `Vector` too when the schema declares it (`vector {t:Type} # [ t ] =
    /// Vector t;`), so that its page says where vectors are used.
    fn collect_types(&self, ty: &TypeRef, out: &mut Vec<TypeId>) {
        let found = match ty {
            TypeRef::Type(id) | TypeRef::BareType(id) => Some(*id),
            TypeRef::Constructor(id) => self.schema.constructor_type(*id),
            TypeRef::Vector { element, .. } => {
                if let Some(vector) = self.vector
                    && !out.contains(&vector)
                {
                    out.push(vector);
                }
                return self.collect_types(element, out);
            }
            TypeRef::Nat | TypeRef::Builtin(_) | TypeRef::Generic { .. } => None,
        };
        if let Some(id) = found
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
}

/// The text on one line, each run of white space a single space.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_is_where_builtin_id_true_says() {
        assert_eq!(PREDEFINED[TRUE_INDEX as usize].0, "true");
    }
}
