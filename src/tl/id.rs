//! Constructor ids: the CRC32 of a definition's normalised text.
//!
//! Telegram derives a combinator's id from its definition line, so a schema may leave ids out and
//! a declared id can be checked. The normalisation below is the one the official generators use,
//! and it reproduces every id of the twenty-one real layers in `shared/` but three (whose declared
//! ids are known to differ from their text; one of them, `ipPortSecret`'s, is the next rule's):
//!
//! - the `#id` is dropped, and tokens are separated by single spaces;
//! - `{X:Type}` loses its braces: `X:Type`;
//! - `Vector<long>` is written `Vector long` (the angle brackets become a space);
//! - a parameter of type `bytes` counts as `string` (they are the same on the wire);
//! - `flags.N?true` parameters are left out: they occupy no bytes, only a bit of their flags
//!   field, and were added to existing constructors without changing the id.
//!
//! TDLib's `tl-parser`, which computes the ids of `td_api.tl` (a schema that declares none), does
//! all of that but the fourth: `bytes` stays `bytes` ([`Rule::Tdlib`]). So `minithumbnail
//! width:int32 height:int32 data:bytes = Minithumbnail` is `#ec6addaa` to TDLib (`td_api.h`,
//! the JSON interface), where Telegram's rule would give `#04195171`.

use std::fmt::Write;

use super::ast::{Arg, ArgType, Definition, TypeExpr};

/// Which toolchain's normalisation computes an id (see the module's documentation); `ids:` in
/// `tldoc.yaml` names one as `telegram` or `tdlib`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Telegram's, for `api.tl`, `mtproto.tl` and the secret-chat schema: `bytes` read as
    /// `string`.
    #[default]
    Telegram,
    /// TDLib's `tl-parser`, for `td_api.tl`: `bytes` kept.
    Tdlib,
}

impl Rule {
    /// The other rule.
    pub fn other(self) -> Rule {
        match self {
            Rule::Telegram => Rule::Tdlib,
            Rule::Tdlib => Rule::Telegram,
        }
    }

    /// How `tldoc check` names it.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Telegram => "Telegram's rule (`bytes` read as `string`)",
            Rule::Tdlib => "TDLib's rule (`bytes` kept)",
        }
    }
}

/// The text whose CRC32 is the definition's id: `inputPeerUser user_id:long access_hash:long =
/// InputPeer`.
pub fn normalised_definition(definition: &Definition, rule: Rule) -> String {
    let mut out = String::with_capacity(64);
    write_definition(&mut out, definition.name.text, definition, rule);
    out
}

/// The id computed from the definition's text.
pub fn computed_id(definition: &Definition, rule: Rule) -> u32 {
    computed_id_as(definition.name.text, definition, rule)
}

/// The id computed from the definition's text with another name: TDLib's `secret_api.tl` keeps
/// each earlier layer's version of a constructor under its name and that layer
/// (`decryptedMessage8#1f814f1f ...`), with the id of the name without it.
pub fn computed_id_as(name: &str, definition: &Definition, rule: Rule) -> u32 {
    // Hashed as it is written out: no string is built for the thousands of ids of a schema.
    let mut hasher = Crc32Writer(crc32fast::Hasher::new());
    write_definition(&mut hasher, name, definition, rule);
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
fn write_definition(out: &mut impl Write, name: &str, definition: &Definition, rule: Rule) {
    let _ = out.write_str(name);
    for generic in &definition.generics {
        let _ = write!(out, " {}:{}", generic.name.text, generic.kind.text);
    }
    for arg in &definition.args {
        write_arg(out, arg, rule);
    }
    let _ = out.write_str(" = ");
    write_type(out, &definition.result);
}

fn write_arg(out: &mut impl Write, arg: &Arg, rule: Rule) {
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
            if rule == Rule::Telegram && arg.name.is_some() && !arg.bang && is_plain(ty, "bytes") {
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
                write_arg(out, arg, rule);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostics, SourceMap};

    fn ids(line: &str) -> (u32, u32) {
        let mut sources = SourceMap::new();
        let file = sources.add("t.tl", line.to_owned());
        let mut diagnostics = Diagnostics::new();
        let parsed = crate::tl::parse(file, line, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{line}");
        let definition = &parsed.definitions[0];
        (
            computed_id(definition, Rule::Telegram),
            computed_id(definition, Rule::Tdlib),
        )
    }

    /// TDLib's own ids, from its `tl-parser` (`td_api.h`): each line as `td_api.tl` writes it.
    #[test]
    fn tdlib_keeps_bytes() {
        let (telegram, tdlib) =
            ids("minithumbnail width:int32 height:int32 data:bytes = Minithumbnail;");
        assert_eq!(tdlib, 0xec6addaa);
        assert_eq!(telegram, 0x04195171);
        let (_, tdlib) = ids(
            "setTdlibParameters use_test_dc:Bool database_directory:string \
             files_directory:string database_encryption_key:bytes use_file_database:Bool \
             use_chat_info_database:Bool use_message_database:Bool use_secret_chats:Bool \
             api_id:int32 api_hash:string system_language_code:string device_model:string \
             system_version:string application_version:string = Ok;",
        );
        assert_eq!(tdlib, 0xd1c0f62e);
        assert_eq!(tdlib as i32, -775_883_218);
        let (_, tdlib) = ids("photoSize type:string photo:file width:int32 height:int32 \
             progressive_sizes:vector<int32> = PhotoSize;");
        assert_eq!(tdlib, 0x5fea2c90);
        // Without `bytes`, the two rules agree.
        assert_eq!(
            ids("getChats chat_list:ChatList limit:int32 = Chats;"),
            (0xc604bac2, 0xc604bac2)
        );
    }

    /// A line of Telegram's `api.tl` whose declared id is TDLib's rule's, not Telegram's.
    #[test]
    fn ip_port_secret_is_the_other_rule() {
        let (telegram, tdlib) =
            ids("ipPortSecret#37982646 ipv4:int port:int secret:bytes = IpPort;");
        assert_eq!(tdlib, 0x37982646);
        assert_ne!(telegram, 0x37982646);
    }
}
