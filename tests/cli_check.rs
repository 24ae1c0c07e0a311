//! `tldoc check` as a user runs it: a summary line, every diagnostic, exit 0 or 1.

mod common;

use common::{SCHEMA, TestSite, sample_root, shared, tldoc, tldoc_with_env};

#[test]
fn the_bundled_sample_site_checks_clean() {
    let run = tldoc(sample_root(), &["check"]);
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
    site.run(&["check"])
        .failure()
        .stderr_has("error: expected `;` after a definition\n --> schema/api.tl:2:35")
        .stderr_has("error: cannot find type `ReportReason`\n --> schema/api.tl:4:39")
        .stderr_has("check failed with 2 errors")
        .stdout_has("layer unknown: 2 constructors, 1 method, 1 type");
}

#[test]
fn warnings_alone_pass() {
    let site = TestSite::new(&[("schema/api.tl", "a#00000001 = A;\n// LAYER 3\n")]);
    site.run(&["check", "."])
        .success()
        .stdout_has("layer 3: 1 constructor")
        .stderr_has("warning: the id of `a` differs")
        .stderr_has("check passed with 1 warning");
}

#[test]
fn a_directory_without_a_schema_is_explained() {
    let site = TestSite::new(&[("content/index.md", "hello\n")]);
    site.run(&["check"])
        .failure()
        .stderr_has("error: no `schema` directory in `.`: is this a tldoc site?");
    let empty = TestSite::new(&[("schema/README", "no TL here\n")]);
    empty
        .run(&["check"])
        .failure()
        .stderr_has("the `schema` directory has no `.tl` file");
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let site = TestSite::empty();
    site.write("schema/api.tl", b"a = A;\nb\xff = B;\n");
    site.run(&["check"])
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
        "layer 190: 1411 constructors, 673 methods, 544 types, 23 namespaces (and 8 builtin types)\nread as a Telegram API and MTProto schema",
    );
    // Its content was taken from core.telegram.org's pages without the sections some of their
    // links lead to: auth.bindTempAuthKey's "Binding message contents" and "Generating
    // encrypted_message". Its `links: warn` makes those warnings, located where they are written.
    tldoc(&site, &["check", "--links"])
        .success()
        .stderr_has(
            "warning: broken link: `#binding-message-contents`: `methods/auth.bindTempAuthKey.html` \
             has no anchor `binding-message-contents`\n --> content/methods/auth.bindTempAuthKey.md:5:54",
        )
        .stderr_has(
            "warning: broken link: `#generating-encrypted-message`: \
             `methods/auth.bindTempAuthKey.html` has no anchor `generating-encrypted-message`\n \
             --> content/methods/auth.bindTempAuthKey.md:7:58",
        )
        .stdout_has("2 links broken");
    // Half its methods are documented: the table, and a failure below 100 %.
    tldoc(&site, &["check", "--coverage", "--min-coverage", "100"])
        .failure()
        .stdout_has("coverage           documented    described     parameters    errors        bots\n673 methods         49% (330)")
        .stdout_has("undocumented methods (343):\n  invokeWithBusinessConnection: lacks description");
}

#[test]
fn check_links_passes_the_sample_site_and_writes_nothing() {
    let root = sample_root();
    let before = root.join("public").exists();
    tldoc(root, &["check", "--links"])
        .success()
        .stdout_has("checked the links of ")
        .stdout_has(": none is broken");
    assert_eq!(root.join("public").exists(), before, "check writes nothing");
}

#[test]
fn check_links_reports_every_missing_anchor_and_fails() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "content/methods/auth.logOut.md",
            "---\ndescription: Logs out.\n---\nSee [its result](#result), [the errors](#possible-errors), \
             [gone](#binding-message) and [the type](../types/Bool.md#nope).\n",
        ),
        (
            "content/guide.md",
            "# Guide\n\n## Steps\n\n[steps](#steps), [missing](#stepz)\n",
        ),
    ]);
    let run = site.run(&["check", "--links"]);
    run.failure()
        .stderr_has(
            "error: broken link: `#binding-message`: `methods/auth.logOut.html` has no anchor \
             `binding-message`\n --> content/methods/auth.logOut.md:4:67\n",
        )
        .stderr_has("= note: on the page methods/auth.logOut.html")
        .stderr_has("its id is made as GitHub makes it")
        .stderr_has("`../types/Bool.html#nope`: `types/Bool.html` has no anchor `nope`\n --> content/methods/auth.logOut.md:4:100")
        .stderr_has("error: broken link: `#stepz`: `guide.html` has no anchor `stepz`\n --> content/guide.md:5:28")
        .stderr_has("check failed with 3 errors")
        .stdout_has("3 links broken");
    assert!(!site.has("public"));
    // Without --links, anchors are not looked at.
    site.run(&["check"]).success().quiet();

    // The content's own broken anchors follow `links: warn`, as its links to missing pages do.
    site.write("tldoc.yaml", "links: warn\n");
    site.run(&["check", "--links"])
        .success()
        .stderr_has("warning: broken link: `#binding-message`")
        .stderr_has("reported, not failed, as `links: warn` in tldoc.yaml says")
        .stderr_has("check passed with 3 warnings");
}

#[test]
fn a_broken_anchor_no_content_file_wrote_stays_an_error() {
    // Raw HTML in the content, which the page does not hold as written.
    let site = TestSite::new(&[
        ("tldoc.yaml", "links: warn\n"),
        ("schema/api.tl", "boolTrue#997275b5 = Bool;\n"),
        (
            "content/guide.md",
            "# Guide\n\n<a href=\"#nowhere\">up</a>\n",
        ),
    ]);
    site.run(&["check", "--links"])
        .failure()
        .stderr_has("error: broken link: `#nowhere`: `guide.html` has no anchor `nowhere`\n--> guide.html\n = note: the page is made from content/guide.md");
}

#[test]
fn colour_only_for_a_terminal_or_when_forced_and_never_with_no_color() {
    let site = TestSite::new(&[("schema/api.tl", "a#00000001 = A;\n")]);
    let escapes = |env: &[(&str, &str)]| {
        let run = tldoc_with_env(site.path(), &["check"], env);
        run.success().stderr_has("the id of `a` differs");
        run.stderr.contains('\x1b')
    };
    // The tests' stderr is a pipe, not a terminal.
    assert!(!escapes(&[]));
    assert!(escapes(&[("CLICOLOR_FORCE", "1")]));
    assert!(!escapes(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
}
