//! tldoc: a static site generator for API references written in TL, the schema language of
//! Telegram's MTProto API.
//!
//! Data flows one way: [`site`] loads a site directory (schema files, and later content and
//! configuration), [`tl`] parses each schema file, [`model`] resolves them into one model of every
//! entity and its cross-references, and the commands of [`cli`] use that model. [`diff`] compares
//! two models, and [`history`] a schema's models across layers. Problems found on the way are
//! [`diagnostic`]s, all reported at once.

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod diff;
pub mod examples;
pub mod highlight;
pub mod history;
pub mod html;
pub mod init;
pub mod links;
pub mod model;
pub mod render;
pub mod schema;
pub mod serve;
pub mod site;
pub mod source;
pub mod telethon;
pub mod term;
pub mod tl;
pub mod yaml;
