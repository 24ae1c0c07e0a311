//! `tldoc init`: a new site that builds at once, with a GitHub Pages workflow; and tldoc's own
//! Pages workflow, which follows the same flow.

mod common;

use std::path::Path;

use common::{SCHEMA, TestSite, sample_root, tldoc};

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
    let site = TestSite::empty();
    site.run(&["init", "reference"])
        .success()
        .stdout_has("made a new site in reference");
    let reference = site.path().join("reference");
    tldoc(&reference, &["build"])
        .success()
        .stdout_has("wrote ")
        .quiet();
    assert!(site.has("reference/public/methods/notes.getNotes.html"));
    assert!(site.has("reference/public/guides/getting-started.html"));
    tldoc(&reference, &["check", "--links"])
        .success()
        .stdout_has("none is broken")
        .quiet();
}

#[test]
fn the_new_site_workflow_deploys_with_the_four_standard_steps() {
    let site = TestSite::empty();
    site.run(&["init"])
        .success()
        .stdout_has("made a new site in .");
    let workflow = site.path().join(".github/workflows/pages.yml");
    assert_eq!(pages_steps(&workflow), STANDARD_STEPS);
    let ignore = site.read(".gitignore");
    assert!(ignore.lines().any(|line| line == "/public"));
}

#[test]
fn tldocs_own_workflow_publishes_the_bundled_site_the_same_way() {
    let workflow = sample_root().join(".github/workflows/pages.yml");
    assert_eq!(pages_steps(&workflow), STANDARD_STEPS);
}

#[test]
fn init_refuses_a_directory_that_is_not_empty() {
    let site = TestSite::new(&[("notes.txt", "mine")]);
    site.run(&["init"])
        .failure()
        .stderr_has("is not empty; tldoc init makes a site only in a new or empty directory");
    site.check_file_list(".", &["notes.txt"]);
}

#[test]
fn cname_writes_the_domain_and_rejects_urls() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "cname: Docs.Example.org\n"),
    ]);
    site.run(&["build"]).success().stdout_has("wrote ");
    assert_eq!(site.read("public/CNAME"), "docs.example.org\n");

    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "title: T\ncname: https://docs.example.org/\n"),
    ]);
    site.run(&["build"])
        .failure()
        .stderr_has("error: `https://docs.example.org/` is not a domain name")
        .stderr_has(" --> tldoc.yaml:2:8");
}
