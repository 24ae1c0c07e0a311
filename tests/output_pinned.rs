//! The output, pinned: every file a build writes, by path, size and CRC-32, for the bundled
//! sample site and for layer 190; and the HTML of a few representative pages of the sample site.
//!
//! Speed work must not change what a build writes. These snapshots fail on any change to any
//! output file, and their diff names the files that changed, so a change that is meant (a new
//! template, a fix) is seen and accepted on purpose (`cargo insta review`, or `INSTA_UPDATE=always
//! cargo test --test output_pinned`), and one that is not is caught.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use tldoc::site::Site;

/// Every file the site at `root` builds to, in path order.
fn build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let site = Site::load(root);
    let build = site.build();
    let Some(mut files) = build.files else {
        panic!(
            "the build failed:\n{}",
            build.diagnostics.render(&site.sources, false)
        );
    };
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// `path size crc32` of every file the site at `root` builds to, in path order.
fn manifest(root: &Path) -> String {
    let files = build(root);
    let mut manifest = String::new();
    for (path, bytes) in &files {
        let _ = writeln!(
            manifest,
            "{path} {} {:08x}",
            bytes.len(),
            crc32fast::hash(bytes)
        );
    }
    manifest
}

#[test]
fn sample_site_output_is_pinned() {
    let manifest = manifest(common::sample_root());
    insta::assert_snapshot!("sample_site", manifest);
}

#[test]
fn layer_190_output_is_pinned() {
    let Some(site) = common::shared("telegram-190") else {
        return;
    };
    insta::assert_snapshot!("telegram_190", manifest(&site));
}

#[test]
fn the_same_input_builds_the_same_bytes() {
    let root = common::sample_root();
    assert_eq!(manifest(root), manifest(root));
}

/// The manifest says that a page changed; these say how. One page of each kind: a method (with
/// errors, examples and its history), constructors (with flags; with a history), a type, an
/// index and a Changes page.
#[test]
fn representative_pages_are_pinned() {
    let files = build(common::sample_root());
    for path in [
        "methods/account.changeAuthorizationSettings.html",
        "constructors/authorization.html",
        "constructors/userStatusRecently.html",
        "types/Authorization.html",
        "methods/index.html",
        "changes/190.html",
    ] {
        let (_, bytes) = files
            .iter()
            .find(|(file, _)| file == path)
            .unwrap_or_else(|| panic!("the sample site has no `{path}`"));
        let html = String::from_utf8(bytes.clone()).expect("pages are UTF-8");
        insta::assert_snapshot!(path.replace('/', "__"), html);
    }
}
