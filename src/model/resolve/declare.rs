//! The first pass: every definition's name registered, builtins told from constructors, and
//! names and ids checked for clashes, so that the second pass can find any name wherever it is
//! defined.

use std::collections::hash_map::Entry;

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::model::{
    Builtin, BuiltinId, Combinator, ConstructorId, EntityKind, MethodId, Type, TypeId, TypeRef,
};
use crate::tl::ast::{Definition, DefinitionKind, TypeExpr};
use crate::tl::id;

use super::{Depth, Entity, Resolver, is_tdlib_builtin};

impl Resolver<'_> {
    pub(super) fn add_builtin(&mut self, name: &str, description: &str, span: Option<Span>) {
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
    pub(super) fn declare(
        &mut self,
        definition: &Definition,
        sources: &SourceMap,
    ) -> Option<Entity> {
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
