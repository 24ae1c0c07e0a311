//! How the tests get their tools (`tests/common/tools.rs`), seen as a newcomer and CI see it: a
//! missing program is a skip that `cargo test` shows, with how to install it, and a failure in
//! CI; an unreachable registry is a prompt skip, not a hang; the pinned packages, once fetched,
//! are the pinned versions.
//!
//! What happens to a whole test is seen from outside: the probes below, ignored in a normal run,
//! are run by the other tests as a child of this test binary, with the environment under test,
//! and what the child printed and how it ended is checked.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::tools::{self, Program};

const NO_SUCH_PROGRAM: Program = Program {
    names: &["tldoc-no-such-program"],
    install: "apt-get install tldoc-probe",
};

/// Runs the ignored test `probe` of this binary with `env` set and `CI` as given, as the harness
/// runs any test: with its output captured.
fn run_probe(probe: &str, ci: Option<&str>, env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", probe, "--ignored", "--test-threads=1"])
        .envs(env.iter().copied())
        .env_remove("CI");
    if let Some(ci) = ci {
        command.env("CI", ci);
    }
    command.output().expect("the test binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
#[ignore = "a probe, run by a_missing_program_is_a_skip_shown_with_how_to_install_it"]
fn probe_missing_program() {
    let found = tools::require("the probe's part", NO_SUCH_PROGRAM.find());
    assert!(found.is_none());
}

#[test]
fn a_missing_program_is_a_skip_shown_with_how_to_install_it() {
    let skip = "skipped: the probe's part of probe_missing_program: `tldoc-no-such-program` is \
                not on PATH (install: apt-get install tldoc-probe)";
    for ci in [None, Some("false")] {
        let output = run_probe("probe_missing_program", ci, &[]);
        assert!(output.status.success(), "CI={ci:?}: {output:?}");
        assert!(text(&output.stderr).contains(skip), "CI={ci:?}: {output:?}");
    }
    // A file of the name that is not executable is not the program.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tldoc-no-such-program"), "").unwrap();
    let output = run_probe("probe_missing_program", None, &[("PATH", dir.path())]);
    assert!(text(&output.stderr).contains(skip), "{output:?}");
    let output = run_probe("probe_missing_program", Some("true"), &[]);
    assert!(!output.status.success(), "{output:?}");
    let said = text(&output.stdout) + &text(&output.stderr);
    assert!(
        said.contains(&format!(
            "{skip}\nin CI (`CI` is set) nothing may be skipped"
        )),
        "{said}"
    );
}

#[test]
fn a_program_is_found_on_path_under_any_of_its_names() {
    let found = Program {
        names: &["tldoc-no-such-program", "sh"],
        install: "",
    }
    .find()
    .expect("sh is on PATH");
    assert!(found.ends_with("sh"), "{}", found.display());
    let missing = NO_SUCH_PROGRAM.find().unwrap_err();
    assert_eq!(missing.what, "`tldoc-no-such-program` is not on PATH");
}

/// Where no registry answers: a fresh install directory, an empty download cache, a registry
/// on a loopback port where nothing listens.
fn offline(dir: &Path) -> [(&'static str, std::path::PathBuf); 4] {
    [
        ("npm_config_registry", "http://127.0.0.1:9/".into()),
        ("npm_config_cache", dir.join("npm-cache")),
        ("PIP_INDEX_URL", "http://127.0.0.1:9/simple".into()),
        ("PIP_CACHE_DIR", dir.join("pip-cache")),
    ]
}

#[test]
#[ignore = "a probe, run by an_unreachable_registry_is_a_prompt_skip"]
fn probe_offline_install() {
    let root = Path::new(&std::env::var_os("PROBE_ROOT").unwrap()).to_owned();
    let started = Instant::now();
    let npm = tools::npm_packages_in(&root.join("npm"));
    let python = tools::python_packages_in(&root.join("python"));
    let elapsed = started.elapsed();
    tools::require("the probe's npm packages", npm);
    tools::require("the probe's PyPI packages", python);
    assert!(elapsed < Duration::from_secs(120), "took {elapsed:?}");
}

#[test]
fn an_unreachable_registry_is_a_prompt_skip() {
    for program in [tools::NODE, tools::NPM, tools::PYTHON] {
        if tools::require("all", program.find()).is_none() {
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let env = offline(dir.path());
    let mut env: Vec<(&str, &Path)> = env.iter().map(|(key, value)| (*key, &**value)).collect();
    env.push(("PROBE_ROOT", dir.path()));
    let output = run_probe("probe_offline_install", None, &env);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{output:?}");
    for skip in [
        "skipped: the probe's npm packages of probe_offline_install: the npm packages could not \
         be fetched: `",
        "skipped: the probe's PyPI packages of probe_offline_install: the PyPI packages could not \
         be fetched: `",
    ] {
        assert!(stderr.contains(skip), "{stderr}");
    }
    // Nothing half-installed is left to be taken for an install.
    for kind in ["npm", "python"] {
        let left: Vec<_> = std::fs::read_dir(dir.path().join(kind))
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.ends_with(".log") && !name.ends_with(".lock"))
            .collect();
        assert!(left.is_empty(), "{kind}: {left:?}");
    }
}

/// The packages the tests use are the pinned ones, from the install directory under `target/`.
#[test]
fn the_pinned_packages_are_fetched_into_target() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"));
    if let Some(npm) = tools::require("the npm packages", tools::npm_packages()) {
        assert!(npm.dir.starts_with(target), "{}", npm.dir.display());
        let Some(node) = tools::require("the npm packages", tools::NODE.find()) else {
            return;
        };
        let script = "const { createRequire } = require('node:module');\
                      const r = createRequire(process.argv[1] + '/package.json');\
                      const version = (name) => r(name + '/package.json').version;\
                      console.log(version('typescript'), version('playwright-core'));";
        let output = Command::new(node)
            .args(["-e", script])
            .arg(&npm.dir)
            .output()
            .unwrap();
        assert_eq!(text(&output.stdout), "6.0.3 1.65.1\n", "{output:?}");
    }
    if let Some(python) = tools::require("the PyPI packages", tools::python_packages()) {
        assert!(
            python.python.starts_with(target),
            "{}",
            python.python.display()
        );
        let output = Command::new(&python.python)
            .args(["-c", "import telethon; print(telethon.__version__)"])
            .output()
            .unwrap();
        assert_eq!(text(&output.stdout), "1.41.2\n", "{output:?}");
    }
}
