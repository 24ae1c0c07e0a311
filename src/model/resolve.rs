//! From syntax trees to the [`Schema`] model.
//!
//! Two passes over the definitions of every file. The first registers every name (so that a type
//! may be used before, or in another file than, the constructors that declare it) and checks names
//! and ids for clashes; the second resolves every type reference and records who uses what. Each
//! problem becomes a diagnostic and resolution carries on, so one run reports all of them.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::diagnostic::{Diagnostic, Diagnostics, SourceMap, Span};
use crate::tl::ast::{Arg, ArgType, Definition, DefinitionKind, DocTag, SchemaFile, TypeExpr};
use crate::tl::id;

use super::{
    Builtin, BuiltinId, Combinator, ConstructorId, EntityKind, Flag, MethodId, Param, Schema, Type,
    TypeId, TypeRef,
};

/// The builtin types every schema has, with what they are. Order matters: see [`TRUE_INDEX`].
pub(super) const PREDEFINED: &[(&str, &str)] = &[
    ("int", "A 32-bit signed integer."),
    ("long", "A 64-bit signed integer."),
    ("double", "A 64-bit IEEE 754 floating-point number."),
    ("string", "A UTF-8 text string, serialised like `bytes`."),
    ("bytes", "A sequence of bytes."),
    ("int128", "A 128-bit integer, used for nonces."),
    ("int256", "A 256-bit integer, used for nonces."),
    (
        "int53",
        "A 53-bit signed integer (TDLib), exactly representable as a JavaScript number.",
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
pub(super) const TRUE_INDEX: u32 = 9;

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
    let mut resolver = Resolver {
        depth,
        schema: Schema::default(),
        builtins_by_name: HashMap::new(),
        lowercase_names: HashMap::new(),
        ids: HashMap::new(),
        diagnostics,
    };
    for (name, description) in PREDEFINED {
        resolver.add_builtin(name, description, None);
    }
    let mut pending = Vec::new();
    for file in files {
        for definition in &file.definitions {
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
    for (definition, entity) in pending {
        resolver.define(definition, entity);
    }
    resolver.schema.layer = layer(files, resolver.diagnostics);
    if depth == Depth::Full {
        resolver.schema.namespaces = super::namespaces(&resolver.schema);
    }
    resolver.schema
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
    schema: Schema,
    builtins_by_name: HashMap<String, BuiltinId>,
    /// Every page-owning name by kind and lower-cased text, to find names that differ only in case.
    lowercase_names: HashMap<(EntityKind, String), (String, Span)>,
    /// Every combinator id, to find two combinators with one id.
    ids: HashMap<u32, (String, Span)>,
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
                });
                self.builtins_by_name.insert(name.to_owned(), id);
            }
        }
    }

    /// First pass: registers the definition's name, id and (for a constructor) its type.
    fn declare(&mut self, definition: &Definition, sources: &SourceMap) -> Option<Entity> {
        let name = &definition.name;
        if definition.kind == DefinitionKind::Builtin {
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
                let computed = id::computed_id(definition);
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
    /// computed one.
    fn check_id(&mut self, definition: &Definition, kind: EntityKind) -> (u32, u32) {
        let name = &definition.name;
        self.check_case_collision(kind, name.text, name.span);
        let computed_id = id::computed_id(definition);
        let declared_id = definition.declared_id.map(|(id, _)| id);
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
                    id::normalised_definition(definition)
                )),
            );
        }
        let id = declared_id.unwrap_or(computed_id);
        match self.ids.entry(id) {
            Entry::Occupied(first) => {
                let (first_name, first_span) = first.get();
                self.diagnostics.push(
                    Diagnostic::error(
                        format!(
                            "`{}` and `{first_name}` have the same id #{id:08x}",
                            name.text
                        ),
                        definition.declared_id.map_or(name.span, |(_, span)| span),
                        "this id",
                    )
                    .with_context(*first_span, "is already used here")
                    .with_note("an id tells the combinator on the wire, so it must be unique"),
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
        for arg in &definition.args {
            self.check_arg(arg, &generics, &mut params);
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
            if tag.name.text == "description" {
                description = Some(tag.text.to_owned());
            } else if let Some(param) = params.iter_mut().find(|p| {
                p.name
                    == tag
                        .name
                        .text
                        .strip_prefix("param_")
                        .unwrap_or(tag.name.text)
            }) {
                param.description = Some(tag.text.to_owned());
            } else {
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

    /// Resolves one argument; named ones become parameters.
    fn check_arg(&mut self, arg: &Arg, generics: &[&str], params: &mut Vec<Param>) {
        let ty = match &arg.ty {
            ArgType::Type(ty) => ty,
            ArgType::Repeat { args, .. } => {
                let mut inner = Vec::new();
                for arg in args {
                    self.check_arg(arg, generics, &mut inner);
                }
                return;
            }
        };
        let Some(mut resolved) = self.resolve_type(ty, generics) else {
            return;
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
            let field = params.iter().find(|p| p.name == condition.field.text);
            if field.is_some_and(Param::is_flags_field) {
                return Some(Flag {
                    field: condition.field.text.to_owned(),
                    bit: condition.bit,
                });
            }
            self.diagnostics.push(
                Diagnostic::error(
                    format!("unknown flags field `{}`", condition.field.text),
                    condition.field.span,
                    "not a `#` parameter declared before this one",
                )
                .with_note(format!(
                    "declare it first: `{}:# ...`",
                    condition.field.text
                )),
            );
            None
        });
        let Some(name) = &arg.name else {
            return;
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
            return;
        }
        params.push(Param {
            name: name.text.to_owned(),
            ty: resolved,
            flag,
            description: None,
            span: arg.span,
        });
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

    /// The boxed types a type reference involves, each once.
    fn collect_types(&self, ty: &TypeRef, out: &mut Vec<TypeId>) {
        let found = match ty {
            TypeRef::Type(id) | TypeRef::BareType(id) => Some(*id),
            TypeRef::Constructor(id) => self.schema.constructor_type(*id),
            TypeRef::Vector { element, .. } => return self.collect_types(element, out),
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
