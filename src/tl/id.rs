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

use std::fmt::Write;

use super::ast::{Arg, ArgType, Definition, TypeExpr};

/// The text whose CRC32 is the definition's id: `inputPeerUser user_id:long access_hash:long =
/// InputPeer`.
pub fn normalised_definition(definition: &Definition) -> String {
    let mut out = String::with_capacity(64);
    write_definition(&mut out, definition);
    out
}

/// The id computed from the definition's text.
pub fn computed_id(definition: &Definition) -> u32 {
    // Hashed as it is written out: no string is built for the thousands of ids of a schema.
    let mut hasher = Crc32Writer(crc32fast::Hasher::new());
    write_definition(&mut hasher, definition);
    hasher.0.finalize()
}

struct Crc32Writer(crc32fast::Hasher);

impl Write for Crc32Writer {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

// Writing to a `String` or a hasher cannot fail, so the `fmt::Result`s below are always `Ok`.
fn write_definition(out: &mut impl Write, definition: &Definition) {
    let _ = out.write_str(definition.name.text);
    for generic in &definition.generics {
        let _ = write!(out, " {}:{}", generic.name.text, generic.kind.text);
    }
    for arg in &definition.args {
        write_arg(out, arg);
    }
    let _ = out.write_str(" = ");
    write_type(out, &definition.result);
}

fn write_arg(out: &mut impl Write, arg: &Arg) {
    if let (Some(_), ArgType::Type(ty)) = (&arg.condition, &arg.ty)
        && is_true(ty)
    {
        return;
    }
    let _ = out.write_char(' ');
    if let Some(name) = &arg.name {
        let _ = write!(out, "{}:", name.text);
    }
    match &arg.ty {
        ArgType::Type(ty) => {
            if let Some(condition) = &arg.condition {
                let _ = write!(out, "{}.{}?", condition.field.text, condition.bit);
            }
            if arg.bang {
                let _ = out.write_char('!');
            }
            if arg.name.is_some() && !arg.bang && is_plain(ty, "bytes") {
                let _ = out.write_str("string");
            } else {
                write_type(out, ty);
            }
        }
        ArgType::Repeat { multiplicity, args } => {
            if let Some(multiplicity) = multiplicity {
                let _ = write!(out, "{}*", multiplicity.text);
            }
            let _ = out.write_char('[');
            for arg in args {
                write_arg(out, arg);
            }
            let _ = out.write_str(" ]");
        }
    }
}

fn write_type(out: &mut impl Write, ty: &TypeExpr) {
    if ty.bare {
        let _ = out.write_char('%');
    }
    let _ = out.write_str(ty.name.text);
    for arg in &ty.args {
        let _ = out.write_char(' ');
        write_type(out, arg);
    }
}

fn is_plain(ty: &TypeExpr, name: &str) -> bool {
    !ty.bare && ty.args.is_empty() && ty.name.text == name
}

fn is_true(ty: &TypeExpr) -> bool {
    is_plain(ty, "true")
}
