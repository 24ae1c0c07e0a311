//! TL markup: a combinator's definition and its type references, every named type a link.

use std::fmt::Write as _;

use crate::content::escape_html;
use crate::model::{Combinator, EntityKind, Schema, TypeRef};
use crate::urls;

/// A type reference as HTML, every named type a link: `Vector<InputUser>` links `InputUser`.
pub fn type_html(schema: &Schema, ty: &TypeRef, to_root: &str) -> String {
    let mut out = String::new();
    write_type_html(&mut out, schema, ty, to_root);
    out
}

fn write_type_html(out: &mut String, schema: &Schema, ty: &TypeRef, to_root: &str) {
    let link = |out: &mut String, href: String, text: &str| {
        let _ = write!(
            out,
            "<a class=\"tl-type\" href=\"{to_root}{}\">{}</a>",
            escape_html(&href),
            escape_html(text)
        );
    };
    match ty {
        TypeRef::Nat => out.push('#'),
        TypeRef::Builtin(id) => {
            let name = &schema.builtin(*id).name;
            link(out, urls::builtin_anchor(name), name);
        }
        TypeRef::Type(id) => {
            let name = &schema.ty(*id).name;
            link(out, urls::entity_page(EntityKind::Type, name), name);
        }
        TypeRef::BareType(id) => {
            out.push('%');
            let name = &schema.ty(*id).name;
            link(out, urls::entity_page(EntityKind::Type, name), name);
        }
        TypeRef::Constructor(id) => {
            let name = &schema.constructor(*id).name;
            link(out, urls::entity_page(EntityKind::Constructor, name), name);
        }
        TypeRef::Vector { boxed, element } => {
            match schema.type_named("Vector").filter(|_| *boxed) {
                Some(_) => link(out, urls::entity_page(EntityKind::Type, "Vector"), "Vector"),
                None => out.push_str(if *boxed { "Vector" } else { "vector" }),
            }
            out.push_str("&lt;");
            write_type_html(out, schema, element, to_root);
            out.push_str("&gt;");
        }
        TypeRef::Generic { name, bang } => {
            if *bang {
                out.push('!');
            }
            out.push_str(&escape_html(name));
        }
    }
}

/// A combinator's TL definition as HTML, rendered from the model with every type a link.
pub(super) fn tl_line(
    schema: &Schema,
    combinator: &Combinator,
    folder: &str,
    to_root: &str,
) -> String {
    if combinator.definition.contains('[') {
        // Only the builtin `vector` has anonymous and repeated arguments; show it as written.
        return format!(
            "<span class=\"tl-def\">{}</span>",
            escape_html(&combinator.definition)
        );
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<a class=\"tl-name\" href=\"{to_root}{folder}/{name}.html\">{name}</a><span class=\"tl-id\">#{id:08x}</span>",
        name = escape_html(&combinator.name),
        id = combinator.id
    );
    for generic in &combinator.generics {
        let _ = write!(out, " {{{}:Type}}", escape_html(generic));
    }
    for param in &combinator.params {
        let _ = write!(
            out,
            " <span class=\"tl-param\">{}</span>:",
            escape_html(&param.name)
        );
        if let Some(flag) = &param.flag {
            let _ = write!(
                out,
                "<span class=\"tl-flag\">{}.{}?</span>",
                escape_html(&flag.field),
                flag.bit
            );
        }
        write_type_html(&mut out, schema, &param.ty, to_root);
    }
    out.push_str(" = ");
    write_type_html(&mut out, schema, &combinator.result, to_root);
    if let TypeRef::Type(id) = &combinator.result
        && schema.ty(*id).name == "Vector"
    {
        out.push_str(" t");
    }
    out.push(';');
    out
}
