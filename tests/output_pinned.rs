//! The output, pinned: every file a build writes, by path, size and CRC-32, for the bundled
//! sample site and for layer 190.
//!
//! Speed work must not change what a build writes. These snapshots fail on any change to any
//! output file, and their diff names the files that changed, so a change that is meant (a new
//! template, a fix) is seen and accepted on purpose (`cargo insta review`, or `INSTA_UPDATE=always
//! cargo test --test output_pinned`), and one that is not is caught.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use tldoc::site::Site;

/// `path size crc32` of every file the site at `root` builds to, in path order.
fn manifest(root: &Path) -> String {
    let mut site = Site::load(root);
    let Some(mut files) = site.build() else {
        panic!(
            "the build failed:\n{}",
            site.diagnostics.render(&site.sources, false)
        );
    };
    files.sort_by(|a, b| a.0.cmp(&b.0));
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
