//! The TL language: reading `.tl` files into syntax trees.
//!
//! TL (Type Language) is the schema language of Telegram's MTProto API. This module knows its
//! syntax as real schemas write it (Telegram's `api.tl` and `mtproto.tl`, TDLib's `td_api.tl`) and
//! nothing about what the names mean: resolving them into one model of every entity is the job of
//! [`crate::model`], so that several files can be read independently and merged afterwards.

pub mod ast;
pub mod id;
mod lexer;
mod parser;

use crate::diagnostic::{Diagnostics, FileId};

pub(crate) use lexer::layer_number;

/// Parses one TL file, reporting every syntax error into `diagnostics`. Definitions that parse are
/// returned even when others in the file do not.
pub fn parse<'a>(
    file: FileId,
    text: &'a str,
    diagnostics: &mut Diagnostics,
) -> ast::SchemaFile<'a> {
    let lexed = lexer::lex(file, text, diagnostics);
    parser::parse(file, text, lexed, diagnostics)
}
