//! tldoc: a static site generator for API references written in TL, the schema language of
//! Telegram's MTProto API.
//!
//! Data flows one way: [`site`] loads a site directory (settings, schema, content), [`schema`]
//! reads its TL files, which [`tl`] parses and [`model`] resolves into one model of every entity
//! and its cross-references; [`render`] makes the pages, and the commands of [`cli`] use them.
//! [`diff`] compares two models, and [`history`] a schema's models across layers. [`export`]
//! gives what the site knows as data (`schema.json`, `tldoc.json`, the coverage), for the build
//! and `tldoc export` alike. Problems found on the way are [`diagnostic`]s, all reported at once.
//!
//! Each module uses only modules below it, and none uses one that uses it back (the README's
//! Design section draws them; `tests/module_graph.rs` checks it). The lowest do the jobs every
//! other one needs: [`diagnostic`], [`source`] (reading files), [`html`] (escaping), [`yaml`]
//! (YAML with places) and [`term`] (terminal output).

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod diff;
pub mod errors;
pub mod examples;
pub mod export;
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
pub mod urls;
pub mod yaml;
