//! Constructor ids: the CRC32 of a definition's normalised text.
//!
//! Telegram derives a combinator's id from its definition line, so a schema may leave ids out and
//! a declared id can be checked. The normalisation below is the one the official generators use,
//! and it reproduces every id of the twenty-one real layers in `shared/` but three (whose declared
//! ids are known to differ from their text):
//!
//! - the `#id` is dropped, and tokens are separated by single spaces;
//! - `{X:Type}` loses its braces: `X:Type`;
//! - `Vector<long>` is written `Vector long` (the angle brackets become a space);
//! - a parameter of type `bytes` counts as `string` (they are the same on the wire);
//! - `flags.N?true` parameters are left out: they occupy no bytes, only a bit of their flags
//!   field, and were added to existing constructors without changing the id.

use super::ast::{Arg, ArgType, Definition, TypeExpr};

/// The text whose CRC32 is the definition's id: `inputPeerUser user_id:long access_hash:long =
/// InputPeer`.
pub fn normalised_definition(definition: &Definition) -> String {
    let mut out = String::with_capacity(64);
    out.push_str(&definition.name.text);
    for generic in &definition.generics {
        out.push(' ');
        out.push_str(&generic.name.text);
        out.push(':');
        out.push_str(&generic.kind.text);
    }
    for arg in &definition.args {
        write_arg(&mut out, arg);
    }
    out.push_str(" = ");
    write_type(&mut out, &definition.result);
    out
}

/// The id computed from the definition's text.
pub fn computed_id(definition: &Definition) -> u32 {
    crc32fast::hash(normalised_definition(definition).as_bytes())
}

fn write_arg(out: &mut String, arg: &Arg) {
    if let (Some(_), ArgType::Type(ty)) = (&arg.condition, &arg.ty)
        && is_true(ty)
    {
        return;
    }
    out.push(' ');
    if let Some(name) = &arg.name {
        out.push_str(&name.text);
        out.push(':');
    }
    match &arg.ty {
        ArgType::Type(ty) => {
            if let Some(condition) = &arg.condition {
                out.push_str(&condition.field.text);
                out.push('.');
                out.push_str(&condition.bit.to_string());
                out.push('?');
            }
            if arg.bang {
                out.push('!');
            }
            if arg.name.is_some() && !arg.bang && is_plain(ty, "bytes") {
                out.push_str("string");
            } else {
                write_type(out, ty);
            }
        }
        ArgType::Repeat { multiplicity, args } => {
            if let Some(multiplicity) = multiplicity {
                out.push_str(&multiplicity.text);
                out.push('*');
            }
            out.push('[');
            for arg in args {
                write_arg(out, arg);
            }
            out.push_str(" ]");
        }
    }
}

fn write_type(out: &mut String, ty: &TypeExpr) {
    if ty.bare {
        out.push('%');
    }
    out.push_str(&ty.name.text);
    for arg in &ty.args {
        out.push(' ');
        write_type(out, arg);
    }
}

fn is_plain(ty: &TypeExpr, name: &str) -> bool {
    !ty.bare && ty.args.is_empty() && ty.name.text == name
}

fn is_true(ty: &TypeExpr) -> bool {
    is_plain(ty, "true")
}
