//! The integration tests' harness: sites driven as a user drives them ([`TestSite`], in
//! `site`), `tldoc serve` driven as a browser would (`serve`), the tools some tests need
//! (`tools`), schemas loaded from text for tests of the model ([`load`]), and the shared real
//! data ([`shared`]); [`example_in_page`] reads an example back out of a built page.
// Each test crate uses a part of the harness; the rest is unused there.
#![allow(dead_code, unreachable_pub, unused_imports)]

pub mod serve;
mod site;
pub mod tools;

pub use site::{Run, SCHEMA, TestSite, copy_dir, sample_root, tldoc, tldoc_with_env, tree};

use std::path::{Path, PathBuf};

use tldoc::diagnostic::{Diagnostics, SourceMap};
use tldoc::model::Schema;
use tldoc::schema;

/// A schema loaded from in-memory files, with what was reported.
pub struct Loaded {
    pub schema: Schema,
    pub sources: SourceMap,
    pub diagnostics: Diagnostics,
}

impl Loaded {
    /// The diagnostics as `tldoc check` prints them, without colour.
    pub fn rendered(&self) -> String {
        self.diagnostics.render(&self.sources, false)
    }

    /// `(severity, message, "path:line:column")` of each diagnostic.
    pub fn reported(&self) -> Vec<(String, String, String)> {
        self.diagnostics
            .iter()
            .map(|d| {
                let place = d
                    .primary_span()
                    .map(|span| self.sources.location(span).to_string())
                    .unwrap_or_default();
                let severity = if d.is_error() { "error" } else { "warning" };
                (severity.to_owned(), d.message.clone(), place)
            })
            .collect()
    }

    pub fn assert_clean(&self) {
        assert!(
            self.diagnostics.is_empty(),
            "unexpected diagnostics:\n{}",
            self.rendered()
        );
    }
}

/// Parses and resolves `(path, text)` files as one schema.
pub fn load(files: &[(&str, &str)]) -> Loaded {
    let mut sources = SourceMap::new();
    let ids: Vec<_> = files
        .iter()
        .map(|(path, text)| sources.add(*path, (*text).to_owned()))
        .collect();
    let mut diagnostics = Diagnostics::new();
    let schema = schema::parse_and_resolve(&sources, &ids, &mut diagnostics);
    diagnostics.sort_by_location(&sources);
    Loaded {
        schema,
        sources,
        diagnostics,
    }
}

/// One file, `schema/api.tl`.
pub fn load_one(text: &str) -> Loaded {
    load(&[("schema/api.tl", text)])
}

/// The shared real data beside the checkout (or where `TLDOC_SHARED` says), or `None` when absent,
/// as on a user's clone: the skip is reported as [`tools::skip`] does, a failure in CI.
pub fn shared(path: &str) -> Option<PathBuf> {
    let root = std::env::var_os("TLDOC_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let full = root.join(path);
    if full.exists() {
        return Some(full);
    }
    let missing = tools::Missing::new(
        format!("{} is absent", full.display()),
        "the shared data ships with CI; TLDOC_SHARED=DIR points elsewhere",
    );
    tools::skip("the real-data checks", &missing);
    None
}

/// The code of a page's example tab for `language`, as text.
pub fn example_in_page(page: &str, language: &str) -> Option<String> {
    let panel = page.split(&format!("id=\"panel-{language}\"")).nth(1)?;
    let code = panel.split("<code>").nth(1)?.split("</code>").next()?;
    let mut text = String::with_capacity(code.len());
    let mut in_tag = false;
    for c in code.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// The text of the file at `path` among the files a build wrote (`Build::files`); fails the
/// test when there is none.
pub fn built_text(files: &[(String, Vec<u8>)], path: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8_lossy(bytes).into_owned()
}

/// The schema of the site at `root`, loaded as a build loads it; fails the test with what was
/// reported if that has an error.
pub fn schema_at(root: &Path) -> Schema {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let schema = tldoc::site::load_schema(root, &mut sources, &mut diagnostics);
    assert!(
        !diagnostics.has_errors(),
        "{}",
        diagnostics.render(&sources, false)
    );
    schema
}
