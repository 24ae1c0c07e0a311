//! The second pass: each definition's parameters, flags and result resolved against the names
//! the first pass registered, its documentation attached, and who uses which type recorded.

use crate::diagnostic::Diagnostic;
use crate::model::{EntityKind, Flag, Param, TypeId, TypeRef};
use crate::tl::ast::{Arg, ArgType, Condition, Definition, DocTag, TypeExpr};

use super::{Depth, Entity, Resolver};

impl Resolver<'_> {
    /// Second pass: resolves parameters, the method result, documentation, and uses of types.
    pub(super) fn define(&mut self, definition: &Definition, entity: Entity) {
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
