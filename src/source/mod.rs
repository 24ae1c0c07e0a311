//! Reading a site's files: every file tldoc reads comes through here.
//!
//! Two rules hold for all of them, so they live in one low module that everything else uses and
//! that uses nothing above the diagnostics: a file is read within a size limit, as UTF-8, and
//! registered in the source map with a diagnostic for whatever went wrong ([`read_source`]); and
//! a path inside a site is followed only while it stays inside it ([`SiteDir`]).

mod confine;
mod read;

pub use confine::SiteDir;
pub use read::{MAX_FILE_LEN, ReadError, read_source, read_text, register_source};
