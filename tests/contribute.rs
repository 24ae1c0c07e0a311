//! The loop for contributors: `tldoc new` writes a stub that builds, refusing to overwrite;
//! `tldoc check --coverage` counts what is documented and `--min-coverage` fails below it;
//! `edit_url` and `source_url` give every page its links; `tldoc export` writes the build's data.

mod common;

use common::{TestSite, tldoc};

const SCHEMA: &str = "\
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
---functions---
auth.logOut = Bool;
account.setOnline flags:# away:flags.0?true peer:int = Bool;
";

fn site(edit_url: bool) -> TestSite {
    let config = if edit_url {
        "title: T\nedit_url: https://github.com/o/r/edit/main/{path}\n\
         source_url: https://github.com/o/r/blob/main/{path}#L{line}\n"
    } else {
        "title: T\n"
    };
    TestSite::new(&[
        ("tldoc.yaml", config),
        ("schema/api.tl", SCHEMA),
        (
            "content/methods/auth.logOut.md",
            "---\ndescription: Logs out.\nerrors: []\nbots: true\n---\n",
        ),
    ])
}

#[test]
fn new_writes_a_stub_that_builds_and_never_overwrites() {
    let site = site(false);
    let run = tldoc(site.path(), &["new", "method", "account.setOnline"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let stub =
        std::fs::read_to_string(site.path().join("content/methods/account.setOnline.md")).unwrap();
    assert!(stub.contains("description: \"\""), "{stub}");
    assert!(stub.contains("  away: \"\"  # flags.0?true\n"), "{stub}");
    assert!(stub.contains("  peer: \"\"  # int\n"), "{stub}");
    assert!(
        !stub.contains("flags: \"\""),
        "the flags field is no parameter to describe"
    );
    assert!(
        stub.contains("\nerrors:\n") && stub.contains("\nbots:\n"),
        "{stub}"
    );
    let build = tldoc(site.path(), &["build"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    // An empty stub documents nothing yet.
    let coverage = tldoc(site.path(), &["check", "--coverage"]);
    assert!(
        coverage
            .stdout
            .contains("account.setOnline: lacks description; parameters: away, peer; errors; bots"),
        "{}",
        coverage.stdout
    );

    let again = tldoc(site.path(), &["new", "method", "account.setOnline"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/methods/account.setOnline.md")).unwrap(),
        stub
    );
    let unknown = tldoc(site.path(), &["new", "type", "Nothing"]);
    assert_eq!(unknown.code, Some(1));
    assert!(
        unknown.stderr.contains("the schema has no type `Nothing`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn coverage_counts_what_is_documented_and_min_coverage_fails_below() {
    let site = site(false);
    let run = tldoc(site.path(), &["check", "--coverage"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // auth.logOut is documented; account.setOnline is not.
    let methods = run
        .stdout
        .lines()
        .find(|l| l.starts_with("2 methods"))
        .unwrap();
    assert!(methods.contains(" 50% (1)"), "{}", run.stdout);
    assert_eq!(
        tldoc(site.path(), &["check", "--min-coverage", "50"]).code,
        Some(1)
    );
    let methods_only = TestSite::new(&[
        ("schema/api.tl", "---functions---\nauth.logOut = Bool;\n"),
        (
            "content/methods/auth.logOut.md",
            "---\ndescription: Logs out.\nerrors: []\nbots: true\n---\n",
        ),
        (
            "content/types/Bool.md",
            "---\ndescription: A boolean.\n---\n",
        ),
    ]);
    let run = tldoc(methods_only.path(), &["check", "--min-coverage", "100"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}

#[test]
fn pages_link_to_their_editor_source_and_stub() {
    let site = site(true);
    let run = tldoc(site.path(), &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = |path: &str| std::fs::read_to_string(site.path().join("public").join(path)).unwrap();
    let documented = page("methods/auth.logOut.html");
    assert!(documented.contains(
        r#"<a href="https://github.com/o/r/edit/main/content/methods/auth.logOut.md">Edit this page</a>"#
    ));
    assert!(documented.contains(r#"href="https://github.com/o/r/blob/main/schema/api.tl#L4""#));
    let undocumented = page("methods/account.setOnline.html");
    let new_file = "https://github.com/o/r/new/main?filename=content%2Fmethods%2Faccount.setOnline.md&amp;value=---%0A";
    assert!(undocumented.contains(new_file), "{undocumented}");
    assert!(
        undocumented.contains("peer%3A%20%22%22"),
        "the stub is filled in"
    );
    assert!(page("coverage.html").contains(new_file));
    assert!(
        page("index.html").contains("<a href=\"coverage.html\">Documented</a>: 50% of methods")
    );
}

#[test]
fn export_writes_what_the_build_writes() {
    let site = site(false);
    assert_eq!(tldoc(site.path(), &["build"]).code, Some(0));
    for (format, file) in [("json", "tldoc.json"), ("schema-json", "schema.json")] {
        let out = site.path().join(format!("export-{format}"));
        let run = tldoc(
            site.path(),
            &["export", "--format", format, "-o", out.to_str().unwrap()],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(site.path().join("public").join(file)).unwrap()
        );
    }
    let markdown = tldoc(site.path(), &["export", "--format", "markdown"]);
    assert!(markdown.stdout.contains("# Method `auth.logOut`"));
    assert!(markdown.stdout.contains("# Type `Bool`"));
}
