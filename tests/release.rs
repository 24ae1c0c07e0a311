//! Releases: what `tldoc --version` says, the archives .ci/release-archive makes (the build
//! step of .github/workflows/release.yml), that `cargo binstall` finds them by the metadata in
//! Cargo.toml, and that the Pages workflow of a new site installs one.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tldoc;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `git ARGS` in this checkout, when git runs there.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(ROOT)
        .output()
        .ok()?;
    output.status.success().then(|| {
        String::from_utf8(output.stdout)
            .unwrap()
            .trim_end()
            .to_owned()
    })
}

#[test]
fn version_says_the_commit_it_was_built_from() {
    let run = tldoc(Path::new(ROOT), &["--version"]);
    run.success();
    let version = env!("CARGO_PKG_VERSION");
    let commit = Path::new(ROOT)
        .join(".git")
        .exists()
        .then(|| git(&["rev-parse", "--short=9", "HEAD"]))
        .flatten();
    match commit {
        Some(commit) => assert_eq!(run.stdout, format!("tldoc {version} ({commit})\n")),
        None => assert_eq!(run.stdout, format!("tldoc {version}\n")),
    }
}

/// The URLs `cargo binstall` tries for `target`, and the path of the binary in the archive,
/// from [package.metadata.binstall] as Cargo reads it: the target's overrides over the defaults,
/// then the template's variables filled in (with each file extension binstall tries for the
/// format, `.tgz` and `.tar.gz` for tgz).
fn binstall(target: &str) -> (Vec<String>, String) {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(ROOT)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let package = &metadata["packages"][0];
    let meta = &package["metadata"]["binstall"];
    let setting = |key: &str| {
        let value = &meta["overrides"][target][key];
        let value = if value.is_null() { &meta[key] } else { value };
        value
            .as_str()
            .unwrap_or_else(|| panic!("binstall's {key}"))
            .to_owned()
    };
    let fill = |template: String| {
        template
            .replace("{ repo }", package["repository"].as_str().unwrap())
            .replace("{ name }", package["name"].as_str().unwrap())
            .replace("{ version }", package["version"].as_str().unwrap())
            .replace("{ target }", target)
            .replace("{ bin }", "tldoc")
            .replace(
                "{ binary-ext }",
                if target.contains("windows") {
                    ".exe"
                } else {
                    ""
                },
            )
    };
    let suffixes: &[&str] = match setting("pkg-fmt").as_str() {
        "tgz" => &[".tgz", ".tar.gz"],
        "zip" => &[".zip"],
        other => panic!("an archive format the release does not make: {other}"),
    };
    let urls = suffixes
        .iter()
        .map(|suffix| fill(setting("pkg-url").replace("{ archive-suffix }", suffix)))
        .collect();
    (urls, fill(setting("bin-dir")))
}

/// The targets .github/workflows/release.yml builds.
fn release_targets() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(".github/workflows/release.yml"));
    let workflow: Value = serde_saphyr::from_str(&text.unwrap()).unwrap();
    let matrix = workflow["jobs"]["build"]["strategy"]["matrix"]["include"].as_array();
    let targets = matrix
        .unwrap()
        .iter()
        .map(|entry| entry["target"].as_str().unwrap());
    targets.map(str::to_owned).collect()
}

/// The files in `archive`, with whether each is executable, as Python's own modules read them.
fn archive_entries(archive: &Path) -> Vec<(String, bool)> {
    let list = "import sys, tarfile, zipfile\n\
                name = sys.argv[1]\n\
                if name.endswith('.zip'):\n\
                \x20   for entry in zipfile.ZipFile(name).namelist(): print(entry, False)\n\
                else:\n\
                \x20   for entry in tarfile.open(name).getmembers():\n\
                \x20       print(entry.name, bool(entry.mode & 0o100))\n";
    let output = Command::new("python3")
        .args(["-c", list])
        .arg(archive)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let entry = |line: &str| {
        let (name, executable) = line.rsplit_once(' ').unwrap();
        (name.to_owned(), executable == "True")
    };
    text.lines().map(entry).collect()
}

/// For every target the release workflow builds, the archive .ci/release-archive makes is one
/// that binstall's metadata names, at the release of the version's tag, with the binary where the
/// metadata says (executable, on Unix) beside the README and the licence; its checksum file names
/// it as `sha256sum --check` reads it.
#[test]
fn binstall_finds_the_archive_the_release_script_makes_for_every_target() {
    let dir = tempfile::tempdir().unwrap();
    // Naming and layout are the same whatever the binary; a small file stands in for each build.
    let stand_in = dir.path().join("stand-in");
    std::fs::write(&stand_in, "#!/bin/sh\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&stand_in, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let targets = release_targets();
    assert_eq!(targets.len(), 5, "{targets:?}");
    for target in targets {
        let archive = release_archive(&target, &stand_in, &dir.path().join(&target));
        let name = archive.file_name().unwrap().to_str().unwrap();
        let (urls, bin) = binstall(&target);
        let release = format!(
            "{}/releases/download/v{}/",
            env!("CARGO_PKG_REPOSITORY"),
            env!("CARGO_PKG_VERSION")
        );
        assert!(
            urls.contains(&format!("{release}{name}")),
            "binstall looks for {urls:?}, not {name}"
        );
        let entries = archive_entries(&archive);
        let folder = bin.split_once('/').unwrap().0;
        let mut names: Vec<_> = entries.iter().map(|(name, _)| name.as_str()).collect();
        names.sort_unstable();
        let mut expected = vec![
            bin.clone(),
            format!("{folder}/LICENSE"),
            format!("{folder}/README.md"),
        ];
        expected.sort_unstable();
        assert_eq!(names, expected, "{name}");
        if !target.contains("windows") {
            assert!(
                entries
                    .iter()
                    .any(|(name, executable)| *name == bin && *executable)
            );
        }
        let checksum = std::fs::read_to_string(format!("{}.sha256", archive.display())).unwrap();
        let (digest, named) = checksum.trim_end().split_once("  ").unwrap();
        assert_eq!((digest.len(), named), (64, name), "{checksum:?}");
    }
}

/// Runs the install step's script as GitHub Actions runs it (bash with `-eo pipefail`), with its
/// own `env` but the releases at `releases`, in a new folder `runner`; returns whether it
/// succeeded, what it said and what it added to `PATH`.
#[cfg(target_os = "linux")]
fn run_install_step(install: &Value, releases: &Path, runner: &Path) -> (bool, String, String) {
    let temp = runner.join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let script = runner.join("install.sh");
    std::fs::write(&script, install["run"].as_str().unwrap()).unwrap();
    let github_path = runner.join("github-path");
    std::fs::write(&github_path, "").unwrap();
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .env(
            "TLDOC_VERSION",
            install["env"]["TLDOC_VERSION"].as_str().unwrap(),
        )
        .env("TLDOC_RELEASES", format!("file://{}", releases.display()))
        .env("RUNNER_TEMP", &temp)
        .env("GITHUB_PATH", &github_path)
        .output()
        .expect("bash runs");
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let path = std::fs::read_to_string(&github_path).unwrap();
    (output.status.success(), said, path)
}

/// The install step of the new site's workflow, run here against a release laid out as
/// .ci/release-archive lays it out, gives a tldoc that builds the site; with a checksum that does
/// not match, it fails and installs nothing. (Only the release's host differs: a `file://`
/// folder here, GitHub's release downloads in the workflow.)
#[cfg(target_os = "linux")]
#[test]
fn the_new_site_workflow_installs_a_release_archive_that_matches_its_checksum() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    tldoc(dir.path(), &["init", "site"])
        .success()
        .stdout_has("made a new site in site");
    let workflow = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    let workflow: Value = serde_saphyr::from_str(&workflow).unwrap();
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let install = steps
        .iter()
        .find(|step| step["env"]["TLDOC_VERSION"].is_string())
        .expect("a step installing tldoc");

    // The step picks the archive for the runner's processor; it holds, in place of a release
    // build, a script running this tldoc (an archive of the debug binary would take seconds).
    let target = format!("{}-unknown-linux-musl", std::env::consts::ARCH);
    let stand_in = dir.path().join("tldoc");
    std::fs::write(
        &stand_in,
        format!("#!/bin/sh\nexec '{}' \"$@\"\n", env!("CARGO_BIN_EXE_tldoc")),
    )
    .unwrap();
    std::fs::set_permissions(&stand_in, std::fs::Permissions::from_mode(0o755)).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let releases = dir.path().join("releases");
    let archive = release_archive(&target, &stand_in, &releases.join(format!("v{version}")));

    let (installed, said, path) = run_install_step(install, &releases, &dir.path().join("runner"));
    assert!(installed, "the install step fails:\n{said}");
    assert!(said.contains(": OK\n"), "the checksum is checked:\n{said}");
    assert!(said.contains(&format!("tldoc {version}")), "{said}");
    let bin = PathBuf::from(path.trim_end());
    let built = Command::new(bin.join("tldoc"))
        .arg("build")
        .current_dir(&site)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(site.join("public/methods/notes.getNotes.html").is_file());

    let checksum = PathBuf::from(format!("{}.sha256", archive.display()));
    let name = archive.file_name().unwrap().to_str().unwrap();
    std::fs::write(&checksum, format!("{}  {name}\n", "0".repeat(64))).unwrap();
    let (installed, said, path) =
        run_install_step(install, &releases, &dir.path().join("runner-2"));
    assert!(!installed, "a mismatched checksum is refused:\n{said}");
    assert!(said.contains(": FAILED\n"), "{said}");
    assert_eq!(path, "", "nothing is put on PATH");
}

/// Packs `binary` for `target` with .ci/release-archive into `out`; returns the archive's path.
fn release_archive(target: &str, binary: &Path, out: &Path) -> PathBuf {
    let output = Command::new("python3")
        .arg(Path::new(ROOT).join(".ci/release-archive"))
        .arg(target)
        .arg("--binary")
        .arg(binary)
        .arg("--out")
        .arg(out)
        .output()
        .expect("python3 runs .ci/release-archive");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    PathBuf::from(String::from_utf8(output.stdout).unwrap().trim_end())
}
