//! Search: the index the build writes, the ranking of `themes/default/search.js` (run in Node.js),
//! and, on the real layer-190 site, headless Chromium reaching a method with the keyboard alone
//! over HTTP and from file://.
//!
//! The ranking needs Node.js; the browser part also needs Chromium and playwright-core (pinned in
//! `tests/example-tools`, which the test fetches itself). Without one, that part is skipped with
//! the reason printed, except in CI (see `tests/common/tools.rs`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tools::{self, NpmPackages};
use common::{TestSite, shared, tldoc};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the site at `source` into a new temporary directory.
fn build(source: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    tldoc(source, &["build", "-o", site.to_str().unwrap()]).success();
    (out, site)
}

/// The index in a built site, parsed: its first step, `search-index.js`, or with `details`
/// its second, `search-details.js`.
fn read_script(site: &Path, file: &str, global: &str) -> serde_json::Value {
    let script = std::fs::read_to_string(site.join(file)).unwrap();
    let json = script
        .strip_prefix(&format!("window.{global} = "))
        .and_then(|rest| rest.strip_suffix(";\n"))
        .expect("the index is one assignment");
    serde_json::from_str(json).expect("the index is JSON")
}

fn read_index(site: &Path) -> serde_json::Value {
    read_script(site, "search-index.js", "tldocSearchIndex")
}

fn read_details(site: &Path) -> serde_json::Value {
    read_script(site, "search-details.js", "tldocSearchDetails")
}

/// Runs `node ARGS` (with `env` set) and fails with what it said unless it succeeds, or skips
/// `part` when Node.js is missing.
fn node(part: &str, args: &[&Path], env: &[(&str, &Path)]) {
    let Some(node) = tools::require(part, tools::NODE.find()) else {
        return;
    };
    let output = Command::new(node)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("Node.js runs");
    print!("{}", String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "node {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_index_lists_every_entity_with_the_first_sentence_of_its_description() {
    let (_out, site) = build(repo());
    let index = read_index(&site);
    let loaded = tldoc::site::Site::load(repo());
    let schema = &loaded.schema;
    let count = |key: &str| index[key].as_array().map_or(0, Vec::len);
    assert_eq!(count("methods"), schema.methods.len());
    assert_eq!(count("constructors"), schema.constructors.len());
    assert_eq!(count("types"), schema.types.len());

    let fixture = TestSite::new(&[
        (
            "schema/api.tl",
            "boolTrue#997275b5 = Bool;\ninputPeerEmpty#7f3b18ea = InputPeer;\n\
             ---functions---\nauth.logOut = Bool;\n\
             messages.send#0a1b2c3d flags:# silent:flags.0?true peer:InputPeer \
             ids:Vector<long> text:flags.1?string = Vector<Bool>;\n",
        ),
        (
            "content/methods/auth.logOut.md",
            "---\ndescription: Logs **out** of [the](../types/Bool.md) session. Then more.\n\
             errors:\n  - code: 401\n    type: AUTH_KEY_UNREGISTERED\n---\n",
        ),
        (
            "schema/methods.csv",
            "method,usability,errors\nauth.logOut,both,\nmessages.send,user,FLOOD_WAIT_3 PEER_ID_INVALID\n",
        ),
        (
            "schema/errors.csv",
            "name,codes,description\nFLOOD_WAIT_X,420,Wait {seconds} seconds\n",
        ),
    ]);
    let (_out, site) = build(fixture.path());
    let index = read_index(&site);
    // Name, summary, id, callers (1 bots, 2 users), result, required and optional parameter
    // types (a type by its index in `types`, a builtin by name, a vector as its element).
    assert_eq!(
        index["methods"],
        serde_json::json!([
            [
                "auth.logOut",
                "Logs out of the session.",
                "5717da40",
                3,
                0,
                [],
                []
            ],
            [
                "messages.send",
                "",
                "0a1b2c3d",
                2,
                0,
                [1, "long"],
                ["string"]
            ],
        ])
    );
    assert_eq!(
        index["constructors"],
        serde_json::json!([
            ["boolTrue", "", "997275b5", 0],
            ["inputPeerEmpty", "", "7f3b18ea", 1]
        ])
    );
    assert_eq!(
        index["types"],
        serde_json::json!([["Bool", ""], ["InputPeer", ""]])
    );
    // Each error with its codes and the indices of the methods that may return it; a family's
    // member counts as the family.
    assert_eq!(
        index["errors"],
        serde_json::json!([
            ["AUTH_KEY_UNREGISTERED", [401], [0]],
            ["FLOOD_WAIT_X", [420], [1]],
            ["PEER_ID_INVALID", [], [1]],
        ])
    );
    // The second step: parameter names and whole descriptions (empty when the summary is all).
    assert_eq!(
        read_details(&site),
        serde_json::json!({
            "methods": [
                [[], "Logs out of the session. Then more."],
                [["silent", "peer", "ids", "text"], ""],
            ],
            // With each constructor's required and optional field types.
            "constructors": [[[], "", [[], []]], [[], "", [[], []]]],
            "types": ["", ""],
            "errors": ["", "Wait {seconds} seconds", ""],
        })
    );
}

#[test]
fn ranking_puts_exact_names_then_prefixes_then_words_then_letters() {
    node("all", &[&repo().join("tests/search/ranking.cjs")], &[]);
}

#[test]
fn the_real_index_is_small_and_ranks_real_names() {
    let Some(source) = shared("telegram-190") else {
        return;
    };
    let (_out, site) = build(&source);
    let index_path = site.join("search-index.js");
    let size = std::fs::metadata(&index_path).unwrap().len();
    assert!(size < 300_000, "the index is {size} bytes");
    node(
        "the ranking",
        &[&repo().join("tests/search/ranking.cjs"), &index_path],
        &[],
    );
    browser(&site);
}

/// Drives the search of the built `site` in headless Chromium.
fn browser(site: &Path) {
    let part = "searching in Chromium";
    let Some(chromium) = tools::require(part, tools::CHROMIUM.find()) else {
        return;
    };
    let Some(packages) = tools::require(part, tools::npm_packages()) else {
        return;
    };
    node(
        part,
        &[&repo().join("tests/example-tools/search-browser.mjs"), site],
        &[("CHROMIUM", &chromium), (NpmPackages::ENV, &packages.dir)],
    );
}
