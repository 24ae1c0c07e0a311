//! `tldoc init`: a new site that builds at once, with a GitHub Pages workflow; and tldoc's own
//! Pages workflow, which follows the same flow.

mod common;

use std::path::Path;

use common::{TestSite, tldoc};

/// The steps of the workflow at `path` that deploy to GitHub Pages, in order: the `uses` of each
/// standard action, and `build` for the step that runs `tldoc build` with Pages' base URL.
fn pages_steps(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let workflow: serde_json::Value =
        serde_saphyr::from_str(&text).expect("the workflow is valid YAML");
    let jobs = workflow["jobs"].as_object().expect("jobs");
    let mut steps = Vec::new();
    for job in ["build", "deploy"] {
        for step in jobs[job]["steps"].as_array().expect("steps") {
            if let Some(uses) = step["uses"].as_str() {
                let action = uses.split('@').next().unwrap();
                if action != "actions/checkout" {
                    steps.push(action.to_owned());
                }
            } else if step["run"].as_str().is_some_and(|run| {
                run.contains(" build --base-url \"${{ steps.pages.outputs.base_url }}\"")
            }) {
                steps.push("build".to_owned());
            }
        }
    }
    assert_eq!(workflow["permissions"]["pages"], "write");
    assert_eq!(workflow["permissions"]["id-token"], "write");
    assert_eq!(jobs["deploy"]["needs"], "build");
    steps
}

const STANDARD_STEPS: [&str; 4] = [
    "actions/configure-pages",
    "build",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
];

#[test]
fn a_new_site_builds_at_once_and_has_no_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("reference");
    tldoc(dir.path(), &["init", "reference"])
        .success()
        .stdout_has("made a new site in reference");
    tldoc(&site, &["build"]).success();
    assert!(site.join("public/methods/notes.getNotes.html").is_file());
    assert!(site.join("public/guides/getting-started.html").is_file());
    let run = tldoc(&site, &["check", "--links"]);
    run.success().stdout_has("none is broken");
    assert_eq!(run.stderr, "", "a new site has no warnings");
}

#[test]
fn the_new_site_workflow_deploys_with_the_four_standard_steps() {
    let dir = tempfile::tempdir().unwrap();
    tldoc(dir.path(), &["init"]).success();
    let workflow = dir.path().join(".github/workflows/pages.yml");
    assert_eq!(pages_steps(&workflow), STANDARD_STEPS);
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|line| line == "/public"));
}

#[test]
fn tldocs_own_workflow_publishes_the_bundled_site_the_same_way() {
    let workflow = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml");
    assert_eq!(pages_steps(&workflow), STANDARD_STEPS);
}

#[test]
fn init_refuses_a_directory_that_is_not_empty() {
    let site = TestSite::new(&[("notes.txt", "mine")]);
    tldoc(site.path(), &["init"])
        .failure()
        .stderr_has("is not empty; tldoc init makes a site only in a new or empty directory");
    let entries: Vec<_> = std::fs::read_dir(site.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "nothing was written");
}

#[test]
fn cname_writes_the_domain_and_rejects_urls() {
    let schema = "boolTrue#997275b5 = Bool;\n---functions---\nauth.logOut = Bool;\n";
    let site = TestSite::new(&[
        ("schema/api.tl", schema),
        ("tldoc.yaml", "cname: Docs.Example.org\n"),
    ]);
    tldoc(site.path(), &["build"]).success();
    let cname = std::fs::read_to_string(site.path().join("public/CNAME")).unwrap();
    assert_eq!(cname, "docs.example.org\n");

    let site = TestSite::new(&[
        ("schema/api.tl", schema),
        ("tldoc.yaml", "title: T\ncname: https://docs.example.org/\n"),
    ]);
    tldoc(site.path(), &["build"])
        .failure()
        .stderr_has("error: `https://docs.example.org/` is not a domain name")
        .stderr_has(" --> tldoc.yaml:2:8");
}
