//! What each fuzz target does with its input. The targets in `fuzz/` and
//! `tests/fuzz_regressions.rs` (which replays every input that once crashed a target) both include
//! this file, so a regression test runs exactly the code the fuzzer ran.
//!
//! Each function takes any bytes, runs one reader of untrusted input the way a build does, and
//! renders whatever was reported, since a diagnostic pointing at a wrong place can panic while it
//! is printed. Success is not panicking, not overflowing the stack and not hanging; [`paths`]
//! also checks what the serve path normaliser promises, and panics when a promise is broken.

use tldoc::config::Config;
use tldoc::content::{self, LinkResolver, Origin};
use tldoc::diagnostic::{Diagnostics, SourceMap};
use tldoc::model::Schema;
use tldoc::serve::fuzzing::{BasePath, Target, resolve};
use tldoc::telethon::TelethonData;
use tldoc::{diff, examples, schema, yaml};

/// Bytes as text the way tldoc reads files: invalid UTF-8 is refused before parsing, so the
/// parsers only ever see valid text, and a lossy conversion keeps every input useful.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits an input at its first NUL byte into two files, so that one input can exercise what
/// happens across files (duplicates, a method in one file and its errors in another).
fn two_files(data: &[u8]) -> (String, String) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (text(&data[..at]), text(&data[at + 1..])),
        None => (text(data), String::new()),
    }
}

/// The TL reader: lex, parse and resolve two schema files, then what a build and `tldoc diff` do
/// with the schema (example calls of every method, a diff against an empty schema).
pub(crate) fn tl(data: &[u8]) {
    let (api, mtproto) = two_files(data);
    let mut sources = SourceMap::new();
    let files = [
        sources.add("schema/api.tl", api),
        sources.add("schema/mtproto.tl", mtproto),
    ];
    let mut diagnostics = Diagnostics::new();
    let schema = schema::parse_and_resolve(&sources, &files, &mut diagnostics);
    diagnostics.sort_by_location(&sources);
    let _ = diagnostics.render(&sources, false);
    for method in schema.method_ids() {
        let _ = examples::method_example(&schema, method);
    }
    for ty in &schema.methods {
        let _ = tldoc::render::type_parts(&schema, &ty.result, "../");
    }
    let _ = diff::diff(&Schema::default(), &schema);
}

/// A content file: front matter split and parsed, every Markdown part of it rendered as a page
/// would render it; and the same text read as `tldoc.yaml`.
pub(crate) fn content(data: &[u8]) {
    let mut sources = SourceMap::new();
    let file = sources.add("content/methods/auth.logOut.md", text(data));
    let mut diagnostics = Diagnostics::new();
    // Half the pages exist, so that links to present and to missing pages are both followed.
    let exists = |target: &str| target.len().is_multiple_of(2);
    let autolink = |code: &str| code.contains('.').then(|| format!("methods/{code}.html"));
    let resolver = LinkResolver {
        exists: &exists,
        autolink: &autolink,
    };
    let page = content::parse_page(
        file,
        "methods/auth.logOut.md".to_owned(),
        &sources,
        &mut diagnostics,
    );
    if let Some(page) = page {
        let body = &sources.file(file).text[page.body_start..];
        let html = content::markdown_to_html(body, "methods", Origin::Body, &resolver).html;
        let _ = content::summary(body);
        let _ = content::summary(&html);
        let front = &page.front;
        let markdown = front.description.iter().chain(front.params.values()).chain(
            front
                .errors
                .iter()
                .flatten()
                .filter_map(|e| e.description.as_ref()),
        );
        for text in markdown {
            let _ = content::markdown_to_html(text, "methods", Origin::Field, &resolver);
        }
    }
    let len = sources.file(file).text.len();
    if let Err(diagnostic) = yaml::parse_range::<Config>(&sources, file, 0..len) {
        diagnostics.push(diagnostic);
    }
    let _ = diagnostics.render(&sources, false);
}

/// Telethon's CSV files: `errors.csv` before the first NUL byte, `methods.csv` after it; then
/// every error each method names looked up, as a method page does.
pub(crate) fn csv(data: &[u8]) {
    let (errors, methods) = two_files(data);
    let mut sources = SourceMap::new();
    let errors = sources.add("schema/errors.csv", errors);
    let methods = sources.add("schema/methods.csv", methods);
    let mut diagnostics = Diagnostics::new();
    let telethon = TelethonData::parse(Some(errors), Some(methods), &sources, &mut diagnostics);
    for info in telethon.methods.values() {
        for name in &info.errors {
            let _ = telethon.error(name);
        }
    }
    let _ = diagnostics.render(&sources, false);
}

/// `tldoc serve`'s request paths: a `--base-url` before the first NUL byte and a request target
/// after it (without a NUL, the whole input is a target and there is no base path). Checks what
/// the normaliser promises, beyond not panicking:
/// - a base path's segments are plain names (never empty, `.`, `..`, nor holding `/`, `\` or a
///   NUL), its prefix reads back as the same base path and resolves to the site's root;
/// - a path of the site never starts with `/` and has no empty, `.` or `..` segment, no NUL
///   and no `\`;
/// - the URL of a resolved path, as the server writes it in a redirect, resolves to that same
///   path (the round trip);
/// - a target that does not start with `/` is refused, and without a base path nothing is
///   outside it.
pub(crate) fn paths(data: &[u8]) {
    let (base, target) = match data.iter().position(|&b| b == 0) {
        Some(_) => {
            let (url, target) = two_files(data);
            match BasePath::from_base_url(&url) {
                Ok(base) => (base, target),
                Err(_) => return,
            }
        }
        None => (BasePath::default(), text(data)),
    };
    for segment in base.segments() {
        assert!(plain_name(segment), "base segment {segment:?} of {base:?}");
    }
    let prefix = base.prefix();
    assert!(
        prefix.starts_with('/') && prefix.ends_with('/'),
        "{prefix:?}"
    );
    assert_eq!(
        BasePath::from_base_url(&prefix).as_ref(),
        Ok(&base),
        "{prefix:?}"
    );
    assert_eq!(
        resolve(&prefix, &base),
        Target::Site {
            path: String::new(),
            dir: true
        },
        "{prefix:?}"
    );

    let resolved = resolve(&target, &base);
    if !target.starts_with('/') {
        assert!(
            matches!(resolved, Target::Bad(_)),
            "{target:?}: {resolved:?}"
        );
    }
    if base.segments().is_empty() {
        assert_ne!(resolved, Target::OutsideBase, "{target:?}");
    }
    if let Target::Site { path, dir } = &resolved {
        assert!(!path.starts_with('/'), "{target:?}: {path:?}");
        if !path.is_empty() {
            for segment in path.split('/') {
                assert!(plain_name(segment), "{target:?}: {path:?}");
            }
        }
        let url = base.url(path, *dir);
        assert_eq!(resolve(&url, &base), resolved, "{target:?} via {url:?}");
    }
}

/// A path segment that names a file: not empty, `.` or `..`, without a separator or a NUL.
fn plain_name(segment: &str) -> bool {
    !matches!(segment, "" | "." | "..") && !segment.contains(['/', '\\', '\0'])
}
