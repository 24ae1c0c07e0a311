//! `tldoc check` as a user runs it: a summary line, every diagnostic, exit 0 or 1.

mod common;

use std::path::Path;

use common::{TestSite, shared, tldoc};

#[test]
fn the_bundled_sample_site_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = tldoc(root, &["check"]);
    run.success().stdout_has("layer 190: ");
    assert_eq!(run.stderr, "", "the sample site has no warnings");
}

#[test]
fn a_broken_schema_fails_with_every_error_located() {
    let site = TestSite::new(&[(
        "schema/api.tl",
        "inputPeerEmpty#7f3b18ea = InputPeer;\n\
         inputPeerSelf#7da07ec9 = InputPeer\n\
         ---functions---\n\
         messages.report peer:InputPeer reason:ReportReason = Bool;\n",
    )]);
    tldoc(site.path(), &["check"])
        .failure()
        .stderr_has("error: expected `;` after a definition\n --> schema/api.tl:2:35")
        .stderr_has("error: cannot find type `ReportReason`\n --> schema/api.tl:4:39")
        .stderr_has("check failed with 2 errors")
        .stdout_has("layer unknown: 2 constructors, 1 method, 1 type");
}

#[test]
fn warnings_alone_pass() {
    let site = TestSite::new(&[("schema/api.tl", "a#00000001 = A;\n// LAYER 3\n")]);
    tldoc(site.path(), &["check", "."])
        .success()
        .stdout_has("layer 3: 1 constructor")
        .stderr_has("warning: the id of `a` differs")
        .stderr_has("check passed with 1 warning");
}

#[test]
fn a_directory_without_a_schema_is_explained() {
    let site = TestSite::new(&[("content/index.md", "hello\n")]);
    tldoc(site.path(), &["check"])
        .failure()
        .stderr_has("error: no `schema` directory in `.`: is this a tldoc site?");
    let empty = TestSite::new(&[("schema/README", "no TL here\n")]);
    tldoc(empty.path(), &["check"])
        .failure()
        .stderr_has("the `schema` directory has no `.tl` file");
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let site = TestSite::new(&[]);
    std::fs::create_dir_all(site.path().join("schema")).unwrap();
    std::fs::write(site.path().join("schema/api.tl"), b"a = A;\nb\xff = B;\n").unwrap();
    tldoc(site.path(), &["check"])
        .failure()
        .stderr_has("error: `schema/api.tl` is not valid UTF-8\n --> schema/api.tl:2:2");
}

#[test]
fn the_real_layer_190_site() {
    let Some(site) = shared("telegram-190") else {
        return;
    };
    let run = tldoc(&site, &["check"]);
    run.success().stdout_has(
        "layer 190: 1411 constructors, 673 methods, 544 types, 23 namespaces (and 11 builtin types)",
    );
}
