//! `tldoc init`: a new site that builds at once, with a GitHub Pages workflow that installs
//! tldoc's release binary; tldoc's own Pages workflow, which follows the same flow building tldoc
//! from its checkout; and the release workflow that makes those binaries.

mod common;

use std::path::Path;

use common::{SCHEMA, TestSite, sample_root, tldoc};
use serde_json::Value;

/// The workflow at `path`, parsed, with every action it uses pinned to a version.
fn workflow(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let workflow: Value = serde_saphyr::from_str(&text).expect("the workflow is valid YAML");
    for job in workflow["jobs"].as_object().expect("jobs").values() {
        for step in job["steps"].as_array().expect("steps") {
            if let Some(uses) = step["uses"].as_str() {
                let (_, version) = uses.split_once('@').expect("a pinned action");
                assert!(
                    version.starts_with('v')
                        && version[1..].starts_with(|c: char| c.is_ascii_digit()),
                    "{uses} in {} is not pinned to a version",
                    path.display()
                );
            }
        }
    }
    workflow
}

/// What a Pages build passes after its base URL so that pages link to the repository's editor
/// and schema lines.
const REPOSITORY_LINKS: &str = " --edit-url \"https://github.com/${{ github.repository }}/edit/${{ github.ref_name }}/{path}\" --source-url \"https://github.com/${{ github.repository }}/blob/${{ github.ref_name }}/{path}#L{line}\"";

/// The steps of the workflow at `path` that deploy to GitHub Pages, in order: the `uses` of each
/// standard action, `install` for the step that installs tldoc's release binary, and `build` for
/// the step that runs `tldoc build` with Pages' base URL, given with the command it runs.
fn pages_steps(path: &Path) -> Vec<String> {
    let workflow = workflow(path);
    let jobs = workflow["jobs"].as_object().expect("jobs");
    let mut steps = Vec::new();
    for job in ["build", "deploy"] {
        for step in jobs[job]["steps"].as_array().expect("steps") {
            if let Some(uses) = step["uses"].as_str() {
                let action = uses.split('@').next().unwrap();
                if action != "actions/checkout" {
                    steps.push(action.to_owned());
                }
            } else if step["env"]["TLDOC_VERSION"].is_string() {
                steps.push("install".to_owned());
            } else if let Some(command) = step["run"].as_str().and_then(|run| {
                run.strip_suffix(REPOSITORY_LINKS)
                    .unwrap_or(run)
                    .strip_suffix(" build --base-url \"${{ steps.pages.outputs.base_url }}\"")
            }) {
                steps.push(format!("build ({command})"));
            }
        }
    }
    assert_eq!(workflow["permissions"]["pages"], "write");
    assert_eq!(workflow["permissions"]["id-token"], "write");
    assert_eq!(jobs["deploy"]["needs"], "build");
    steps
}

/// The Pages flow of a site: its build step runs `build` (with the tldoc it installed, or with
/// the one in tldoc's own checkout).
fn pages_flow(build: &str) -> Vec<String> {
    [
        "actions/configure-pages",
        build,
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// The step of the Pages workflow written by `tldoc init` into `site` that installs tldoc.
fn install_step(site: &Path) -> Value {
    let workflow = workflow(&site.join(".github/workflows/pages.yml"));
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let install = steps
        .iter()
        .find(|step| step["env"]["TLDOC_VERSION"].is_string());
    install.expect("a step installing tldoc").clone()
}

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
fn the_new_site_workflow_installs_tldoc_and_deploys_with_the_four_standard_steps() {
    let site = TestSite::empty();
    site.run(&["init"])
        .success()
        .stdout_has("made a new site in .");
    let workflow = site.path().join(".github/workflows/pages.yml");
    let mut expected = pages_flow("build (tldoc)");
    expected.insert(1, "install".to_owned());
    assert_eq!(pages_steps(&workflow), expected);
    let text = std::fs::read_to_string(&workflow).unwrap();
    assert!(
        text.contains(&format!("{REPOSITORY_LINKS}\n")),
        "the build links to the repository"
    );
    let ignore = site.read(".gitignore");
    assert!(ignore.lines().any(|line| line == "/public"));
}

#[test]
fn tldocs_own_workflow_publishes_the_bundled_site_the_same_way_built_from_its_checkout() {
    let workflow = sample_root().join(".github/workflows/pages.yml");
    assert_eq!(
        pages_steps(&workflow),
        pages_flow("build (cargo run --release --locked --)")
    );
}

#[test]
fn the_new_site_workflow_pins_this_tldocs_release_and_can_build_it_instead() {
    let site = TestSite::empty();
    site.run(&["init"])
        .success()
        .stdout_has("made a new site in .");
    let install = install_step(site.path());
    assert_eq!(install["env"]["TLDOC_VERSION"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        install["env"]["TLDOC_RELEASES"],
        format!("{}/releases/download", env!("CARGO_PKG_REPOSITORY"))
    );
    let text = site.read(".github/workflows/pages.yml");
    assert!(
        text.contains(
            "\n        #   run: cargo install --locked tldoc --version \"$TLDOC_VERSION\"\n"
        ),
        "the build from source is given as a commented fallback:\n{text}"
    );
    for (path, bytes) in site.files(".") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("@TLDOC_"),
            "{path} keeps a placeholder"
        );
    }
}

/// The release workflow builds every target with .ci/release-archive (so that a local run of it
/// is the same build), and publishes on a version tag, once every target has built.
#[test]
fn the_release_workflow_builds_every_target_with_the_release_script() {
    let path = sample_root().join(".github/workflows/release.yml");
    let workflow = workflow(&path);
    assert_eq!(workflow["on"]["push"]["tags"], serde_json::json!(["v*"]));
    let jobs = &workflow["jobs"];

    let mut targets: Vec<_> = jobs["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["target"].as_str().unwrap())
        .collect();
    targets.sort_unstable();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-musl",
        ]
    );
    let build = jobs["build"]["steps"].as_array().unwrap();
    let runs: Vec<_> = build
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect();
    assert!(
        runs.contains(&"python .ci/release-archive ${{ matrix.target }}"),
        "{runs:?}"
    );
    let upload = build.iter().find(|step| {
        step["uses"]
            .as_str()
            .is_some_and(|uses| uses.starts_with("actions/upload-artifact@"))
    });
    assert_eq!(
        upload.expect("the archives are kept")["with"]["path"],
        "target/dist/"
    );
    assert_eq!(jobs["build"]["needs"], "check");

    let release = &jobs["release"];
    assert_eq!(release["needs"], "build");
    assert_eq!(release["permissions"]["contents"], "write");
    let attach = release["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|step| step["run"].as_str());
    assert!(
        attach
            .clone()
            .any(|run| run.contains("gh release upload \"$GITHUB_REF_NAME\" dist/*")),
        "the release job attaches the archives: {:?}",
        attach.collect::<Vec<_>>()
    );
    assert_eq!(
        workflow["permissions"]["contents"], "read",
        "only the release job writes"
    );
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
