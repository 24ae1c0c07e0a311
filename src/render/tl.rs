//! TL markup, as data: a combinator's definition and its type references in parts, every named
//! type a link, for templates to lay out.
//!
//! Rust works out what each part is and where it links; the markup (the classes of names, ids,
//! parameters and flags, the spacing, the punctuation) is the templates' own: `tl-line.html` and
//! `tl-type.html` by default, which a site's `templates/` replaces to restyle every TL
//! definition on the site. Names are borrowed from the model; only the links are made here.
//!
//! A constructor's definition is shown on its own page, its type's and those of every method
//! returning that type (`updateShort` on a hundred and fifty), and a few hundred type references
//! (`string`, `InputPeer`, `Vector<long>`) make up the tens of thousands of parameters; laying
//! each out in a template every time costs more than the rest of the page. So [`TlLines`] has
//! `tl-type.html` lay out each distinct type reference, and `tl-line.html` each definition, once
//! per render, when a page first asks for it, and every page shows that.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use serde::Serialize;
use tera::Context;

use super::Renderer;
use crate::diagnostic::Diagnostic;
use crate::model::{Combinator, EntityKind, Flag, Schema, TypeRef};
use crate::urls;

/// The template that lays out one definition.
const TL_LINE: &str = "tl-line.html";
/// The template that lays out one type reference.
const TL_TYPE: &str = "tl-type.html";

/// Each combinator's definition as `tl-line.html` lays it out, and each type reference as
/// `tl-type.html` does, rendered at most once per render (a type may be rendered twice when two
/// pages ask for it at once, which is harmless), for pages one folder below the root.
pub(super) struct TlLines {
    constructors: Vec<OnceLock<Result<String, Diagnostic>>>,
    methods: Vec<OnceLock<Result<String, Diagnostic>>>,
    types: Mutex<HashMap<TypeRef, Result<String, Diagnostic>>>,
}

impl TlLines {
    /// Room for every combinator of `schema`, none rendered yet.
    pub(super) fn new(schema: &Schema) -> TlLines {
        TlLines {
            constructors: schema
                .constructors
                .iter()
                .map(|_| OnceLock::new())
                .collect(),
            methods: schema.methods.iter().map(|_| OnceLock::new()).collect(),
            types: Mutex::default(),
        }
    }
}

impl Renderer<'_> {
    /// The definition of the `index`th combinator of `kind` (a constructor or a method), laid out
    /// by `tl-line.html` for a page one folder below the root.
    pub(super) fn tl_line(&self, kind: EntityKind, index: usize) -> Result<&str, Diagnostic> {
        let schema = self.inputs.schema;
        let (slots, combinator) = match kind {
            EntityKind::Method => (&self.tl_lines.methods, schema.methods.get(index)),
            _ => (&self.tl_lines.constructors, schema.constructors.get(index)),
        };
        let (Some(slot), Some(combinator)) = (slots.get(index), combinator) else {
            return Err(super::internal_error(
                "a definition the schema does not have",
            ));
        };
        let rendered = slot.get_or_init(|| {
            let mut context = Context::new();
            context.insert("line", &self.line_view(combinator, kind)?);
            self.templates
                .tera
                .render(TL_LINE, &context)
                .map_err(|error| self.template_error(&error))
        });
        rendered.as_deref().map_err(Clone::clone)
    }

    /// The type reference `ty` laid out by `tl-type.html`, for a page one folder below the root.
    pub(super) fn type_html(&self, ty: &TypeRef) -> Result<String, Diagnostic> {
        let types = || {
            self.tl_lines
                .types
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(rendered) = types().get(ty) {
            return rendered.clone();
        }
        let mut context = Context::new();
        context.insert("ty", &type_parts(self.inputs.schema, ty, "../"));
        let rendered = self
            .templates
            .tera
            .render(TL_TYPE, &context)
            .map_err(|error| self.template_error(&error));
        types().insert(ty.clone(), rendered.clone());
        rendered
    }

    /// What `tl-line.html` is given of `combinator`, a `kind` (method or constructor).
    fn line_view<'s>(
        &self,
        combinator: &'s Combinator,
        kind: EntityKind,
    ) -> Result<TlLine<'s>, Diagnostic> {
        let schema = self.inputs.schema;
        let href = urls::entity_page_from_folder(kind, &combinator.name);
        if combinator.definition.contains('[') {
            return Ok(TlLine {
                written: Some(&combinator.definition),
                name: &combinator.name,
                href,
                id: String::new(),
                generics: &[],
                params: Vec::new(),
                result: String::new(),
                result_parameter: None,
            });
        }
        let result_parameter = match &combinator.result {
            TypeRef::Type(id) if schema.ty(*id).name == "Vector" => Some("t"),
            _ => None,
        };
        let params = combinator
            .params
            .iter()
            .map(|param| {
                Ok(TlParam {
                    name: &param.name,
                    flag: param
                        .flag
                        .as_ref()
                        .map(|Flag { field, bit }| TlFlag { field, bit: *bit }),
                    ty: self.type_html(&param.ty)?,
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(TlLine {
            written: None,
            name: &combinator.name,
            href,
            id: format!("{:08x}", combinator.id),
            generics: &combinator.generics,
            params,
            result: self.type_html(&combinator.result)?,
            result_parameter,
        })
    }
}

/// A part of a type reference: text, or a name with the page it links to.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct TypePart<'a> {
    /// What is written: a name, or punctuation (`%`, `!`, `<`, `>`, `#`).
    pub text: &'a str,
    /// The page of the named type, from the page showing it; `None` for punctuation.
    pub href: Option<String>,
}

/// A type reference in parts, every named type a link, from a page `to_root` below the root:
/// `Vector<InputUser>` links `Vector` and `InputUser`.
pub fn type_parts<'a>(schema: &'a Schema, ty: &'a TypeRef, to_root: &str) -> Vec<TypePart<'a>> {
    let mut parts = Vec::new();
    push_type(&mut parts, schema, ty, to_root);
    parts
}

fn push_type<'a>(
    parts: &mut Vec<TypePart<'a>>,
    schema: &'a Schema,
    ty: &'a TypeRef,
    to_root: &str,
) {
    let text = |text: &'a str| TypePart { text, href: None };
    let link = |name: &'a str, path: String| TypePart {
        text: name,
        href: Some(format!("{to_root}{path}")),
    };
    let type_link = |name: &'a str| link(name, urls::entity_page(EntityKind::Type, name));
    match ty {
        TypeRef::Nat => parts.push(text("#")),
        TypeRef::Builtin(id) => {
            let name = schema.builtin(*id).name.as_str();
            parts.push(link(name, urls::builtin_anchor(name)));
        }
        TypeRef::Type(id) => parts.push(type_link(&schema.ty(*id).name)),
        TypeRef::BareType(id) => {
            parts.push(text("%"));
            parts.push(type_link(&schema.ty(*id).name));
        }
        TypeRef::Constructor(id) => {
            let name = schema.constructor(*id).name.as_str();
            parts.push(link(name, urls::entity_page(EntityKind::Constructor, name)));
        }
        TypeRef::Vector { boxed, element } => {
            parts.push(match schema.type_named("Vector").filter(|_| *boxed) {
                Some(vector) => type_link(&schema.ty(vector).name),
                None => text(if *boxed { "Vector" } else { "vector" }),
            });
            parts.push(text("<"));
            push_type(parts, schema, element, to_root);
            parts.push(text(">"));
        }
        TypeRef::Generic { name, bang } => {
            if *bang {
                parts.push(text("!"));
            }
            parts.push(text(name));
        }
    }
}

/// A combinator's definition, in parts: `name#id {X:Type} param:flags.0?Type = Result;`.
#[derive(Debug, Serialize)]
struct TlLine<'a> {
    /// The definition as written, for the one combinator (the builtin `vector`) whose anonymous
    /// and repeated arguments the model does not keep; the other fields are then empty.
    written: Option<&'a str>,
    name: &'a str,
    /// Its own page.
    href: String,
    /// Its id, in eight hex digits.
    id: String,
    /// Its type parameters (`X` of `{X:Type}`).
    generics: &'a [String],
    params: Vec<TlParam<'a>>,
    /// Its result, laid out by `tl-type.html`.
    result: String,
    /// The parameter of the result type `Vector t`, the one type whose result names one.
    result_parameter: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct TlParam<'a> {
    name: &'a str,
    /// The flag bit it depends on.
    flag: Option<TlFlag<'a>>,
    /// Its type, laid out by `tl-type.html`.
    ty: String,
}

#[derive(Debug, Serialize)]
struct TlFlag<'a> {
    field: &'a str,
    bit: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vector_of_a_bare_type_links_both_names() {
        let mut sources = crate::diagnostic::SourceMap::new();
        let file = sources.add(
            "api.tl",
            "vector#1cb5c415 {t:Type} # [ t ] = Vector t;\nmessage#49965fc3 = Message;\n\
             ---functions---\nget = Vector<%Message>;\n"
                .to_owned(),
        );
        let mut diagnostics = crate::diagnostic::Diagnostics::new();
        let tree = crate::tl::parse(file, &sources.file(file).text, &mut diagnostics);
        let schema = crate::model::resolve(&[tree], &sources, &mut diagnostics);
        assert!(
            diagnostics.is_empty(),
            "{}",
            diagnostics.render(&sources, false)
        );
        let method = schema.method(schema.method_named("get").unwrap());
        let parts = type_parts(&schema, &method.result, "../");
        let parts: Vec<(&str, Option<&str>)> = parts
            .iter()
            .map(|part| (part.text, part.href.as_deref()))
            .collect();
        assert_eq!(
            parts,
            [
                ("Vector", Some("../types/Vector.html")),
                ("<", None),
                ("%", None),
                ("Message", Some("../types/Message.html")),
                (">", None),
            ]
        );
    }
}
