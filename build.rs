//! Names the commit tldoc is built from, for `tldoc --version` (`tldoc 0.1.0 (1a2b3c4d5)`):
//! a bug report then says which code it is about, as `rustc --version` does.
//!
//! The commit comes from git when building from a checkout of tldoc, or else from the
//! `.cargo_vcs_info.json` that `cargo package` writes into the crates.io package; with neither
//! (a source tree without git), the version stands alone. Only std is used, so the build script
//! costs nothing to build, and it runs again only when the checkout's HEAD moves.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    let commit = if manifest_dir.join(".git").exists() {
        commit_from_git(&manifest_dir)
    } else {
        commit_from_package(&manifest_dir)
    };
    let long_version = match commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=TLDOC_VERSION={long_version}");
}

/// The commit of the checkout at `dir` (where `.git` is a directory, or a file in a worktree),
/// telling Cargo to run this script again when HEAD moves: when HEAD names another branch or
/// commit, or the branch it names gets a new commit.
fn commit_from_git(dir: &Path) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        output.status.success().then(|| text.trim().to_owned())
    };
    let git_path = |name: &str| git(&["rev-parse", "--git-path", name]).map(|path| dir.join(path));
    let watch = |path: &Path| println!("cargo:rerun-if-changed={}", path.display());

    // Without git, or in a checkout git refuses (another user's), the commit is unknown, and
    // stays so until this script changes.
    let Some(head) = git_path("HEAD") else {
        println!("cargo:rerun-if-changed=build.rs");
        return None;
    };
    watch(&head);
    if let Some(loose) = git(&["symbolic-ref", "-q", "HEAD"]).and_then(|branch| git_path(&branch)) {
        if loose.exists() {
            watch(&loose);
        } else {
            // A packed branch's commit is in packed-refs; a new commit writes the branch's own
            // file anew, in the folder watched here.
            let packed = git_path("packed-refs");
            let folder = loose.parent().map(Path::to_owned);
            for path in packed.into_iter().chain(folder) {
                if path.exists() {
                    watch(&path);
                }
            }
        }
    }
    git(&["rev-parse", "--short=9", "HEAD"])
}

/// The commit `cargo package` recorded, from a file it writes in this shape:
/// `{ "git": { "sha1": "1a2b3c4d5e…" }, "path_in_vcs": "" }`.
fn commit_from_package(dir: &Path) -> Option<String> {
    let Ok(info) = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")) else {
        println!("cargo:rerun-if-changed=build.rs");
        return None;
    };
    // Relative, so that a checkout whose target directory a build of its own package used
    // (`cargo package` verifies in it) finds the file missing and runs this script again.
    println!("cargo:rerun-if-changed=.cargo_vcs_info.json");
    let (_, rest) = info.split_once("\"sha1\"")?;
    let (_, rest) = rest.split_once('"')?;
    let (sha1, _) = rest.split_once('"')?;
    let short = sha1.get(..9)?;
    short
        .bytes()
        .all(|byte| byte.is_ascii_hexdigit())
        .then(|| short.to_owned())
}
