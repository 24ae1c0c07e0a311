//! The tools the tests drive, found or fetched in one place, so that every test decides the same
//! way about a missing one and says the same things.
//!
//! There are three kinds, told apart by who can install them:
//! - a system program ([`Program`]: Node.js, Python, PHP, Lua, Chromium) needs root or is not in
//!   a registry, so it is only looked up on `PATH`; when absent, the part of a test that needs it
//!   is skipped with the `apt-get` line that installs it;
//! - npm packages ([`npm_packages`]) and PyPI packages ([`python_packages`]) are fetched by the
//!   tests themselves, pinned by a committed lockfile (`tests/example-tools/package-lock.json`,
//!   `tests/example-tools/requirements.txt`), into `target/tmp/test-tools/`: once, and again only
//!   when the lockfile changes. Nothing is installed into the source tree or the system (npm's and
//!   pip's download caches aside). An install is bounded in time, so that offline it fails (and the
//!   test skips with the reason) instead of hanging.
//!
//! A skip is a line `skipped: PART of TEST: WHAT (HOW TO GET IT)` written straight to the test
//! process's stderr, past the test harness's capture, so that `cargo test` shows every one of
//! them. With `CI` set, a skip is a failure instead: CI installs everything, and a test that
//! quietly checked nothing there would hide a broken set-up.

use std::fmt;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Something a test needs and does not have, and how to get it.
#[derive(Clone, Debug)]
pub struct Missing {
    /// What is missing, e.g. "`php` is not on PATH".
    pub what: String,
    /// How to get it, e.g. "install: apt-get install php-cli".
    pub remedy: String,
}

impl Missing {
    pub fn new(what: impl Into<String>, remedy: impl Into<String>) -> Missing {
        Missing {
            what: what.into(),
            remedy: remedy.into(),
        }
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.what, self.remedy)
    }
}

/// Whether the tests run in CI, where nothing may be skipped. `CI=false` (or `0`, or empty) is not
/// CI, as most CI-aware tools read it.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

/// Skips `part` of a test for want of `missing`: prints why, or, in CI, fails the test.
pub fn skip(part: &str, missing: &Missing) {
    skip_parts(&[(part.to_owned(), missing.clone())]);
}

/// [`skip`] of several parts of a test at once, so that a failure in CI lists them all.
pub fn skip_parts(skipped: &[(String, Missing)]) {
    // The harness names each test's thread after the test.
    let test = std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .map(|name| format!(" of {name}"))
        .unwrap_or_default();
    let lines: Vec<String> = skipped
        .iter()
        .map(|(part, missing)| format!("skipped: {part}{test}: {missing}"))
        .collect();
    if lines.is_empty() {
        return;
    }
    assert!(
        !in_ci(),
        "{}\nin CI (`CI` is set) nothing may be skipped",
        lines.join("\n")
    );
    // Straight to the file descriptor: the harness captures only `print!`s, and a skip must show.
    let _ = writeln!(std::io::stderr(), "{}", lines.join("\n"));
}

/// The tool, or `None` once the skip of `part` is reported (see [`skip`]).
pub fn require<T>(part: &str, found: Result<T, Missing>) -> Option<T> {
    found.map_err(|missing| skip(part, &missing)).ok()
}

/// A program from the system's packages, found on `PATH`.
pub struct Program {
    /// The names it may have, in order of preference.
    pub names: &'static [&'static str],
    /// The Debian command that installs it.
    pub install: &'static str,
}

pub const NODE: Program = Program {
    names: &["node"],
    install: "apt-get install nodejs",
};

pub const NPM: Program = Program {
    names: &["npm"],
    install: "apt-get install npm",
};

pub const PYTHON: Program = Program {
    names: &["python3"],
    install: "apt-get install python3 python3-venv",
};

pub const PHP: Program = Program {
    names: &["php"],
    install: "apt-get install php-cli",
};

/// Debian's lua5.4 installs `lua5.4`, and `lua` only as an alternative.
pub const LUA: Program = Program {
    names: &["lua5.4", "lua"],
    install: "apt-get install lua5.4",
};

pub const CHROMIUM: Program = Program {
    names: &["chromium"],
    install: "apt-get install chromium",
};

impl Program {
    /// The program's path: the first of its names that is an executable file on `PATH`.
    pub fn find(&self) -> Result<PathBuf, Missing> {
        let paths = std::env::var_os("PATH").unwrap_or_default();
        let dirs: Vec<PathBuf> = std::env::split_paths(&paths).collect();
        self.names
            .iter()
            .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
            .find(|path| is_executable(path))
            .ok_or_else(|| {
                let names: Vec<String> =
                    self.names.iter().map(|name| format!("`{name}`")).collect();
                Missing::new(
                    format!("{} is not on PATH", names.join(" or ")),
                    format!("install: {}", self.install),
                )
            })
    }
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// How long one install may take before it is stopped: ample for the pinned packages over a slow
/// link, and an end to it where the network drops packets instead of refusing them.
const INSTALL_LIMIT: Duration = Duration::from_secs(300);

/// Where the fetched tools live: inside `target/`, so `cargo clean` removes them with the build.
fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-tools")
}

fn example_tools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/example-tools")
}

/// The npm packages pinned by `tests/example-tools/package-lock.json`, installed by `npm ci`.
#[derive(Clone, Debug)]
pub struct NpmPackages {
    /// The directory holding `package.json` and `node_modules/`.
    pub dir: PathBuf,
}

impl NpmPackages {
    /// The variable that tells the scripts of `tests/example-tools` where the packages are (ES
    /// modules resolve imports beside the importing file and ignore `NODE_PATH`, so the scripts
    /// load them with a `require` made for this directory).
    pub const ENV: &'static str = "TLDOC_NPM_PACKAGES";

    pub fn node_modules(&self) -> PathBuf {
        self.dir.join("node_modules")
    }
}

/// The npm packages of `tests/example-tools`, fetched on first use (see the module's docs).
pub fn npm_packages() -> Result<NpmPackages, Missing> {
    static INSTALLED: OnceLock<Result<NpmPackages, Missing>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| npm_packages_in(&tools_dir()))
        .clone()
}

/// [`npm_packages`], installed under `root` if not there yet.
pub fn npm_packages_in(root: &Path) -> Result<NpmPackages, Missing> {
    NODE.find()?;
    let npm = NPM.find()?;
    let source = example_tools();
    let files = ["package.json", "package-lock.json"];
    let mut key = Vec::new();
    for file in files {
        key.extend(fs::read(source.join(file)).expect("tests/example-tools is complete"));
    }
    let pinned_by = "tests/example-tools/package-lock.json";
    let dir = install_once(root, "npm", &key, pinned_by, |dir| {
        for file in files {
            fs::copy(source.join(file), dir.join(file)).map_err(|e| e.to_string())?;
        }
        run_bounded(
            Command::new(&npm)
                .args(["ci", "--ignore-scripts", "--prefer-offline"])
                .args(["--no-audit", "--no-fund", "--loglevel=error"])
                .args(["--fetch-timeout=30000", "--fetch-retries=1"])
                .args([
                    "--fetch-retry-mintimeout=2000",
                    "--fetch-retry-maxtimeout=10000",
                ])
                .env("npm_config_update_notifier", "false")
                .current_dir(dir),
            &dir.with_extension("log"),
        )
    })
    .map_err(|error| {
        Missing::new(
            format!("the npm packages could not be fetched: {error}"),
            "the tests fetch them themselves where registry.npmjs.org is reachable",
        )
    })?;
    Ok(NpmPackages { dir })
}

/// A virtual environment holding the PyPI packages pinned by
/// `tests/example-tools/requirements.txt`.
#[derive(Clone, Debug)]
pub struct PythonPackages {
    /// The environment's interpreter, which imports the packages.
    pub python: PathBuf,
}

/// The PyPI packages of `tests/example-tools`, fetched on first use (see the module's docs).
pub fn python_packages() -> Result<PythonPackages, Missing> {
    static INSTALLED: OnceLock<Result<PythonPackages, Missing>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| python_packages_in(&tools_dir()))
        .clone()
}

/// [`python_packages`], installed under `root` if not there yet.
pub fn python_packages_in(root: &Path) -> Result<PythonPackages, Missing> {
    let python = PYTHON.find()?;
    let requirements = example_tools().join("requirements.txt");
    let mut key = fs::read(&requirements).expect("tests/example-tools is complete");
    // A virtual environment works only with the interpreter that made it.
    let interpreter = Command::new(&python)
        .args(["-c", "import sys; print(sys.executable, sys.version)"])
        .output()
        .map_err(|error| {
            Missing::new(
                format!("`python3` did not run: {error}"),
                format!("install: {}", PYTHON.install),
            )
        })?;
    key.extend(interpreter.stdout);
    let pinned_by = "tests/example-tools/requirements.txt";
    let dir = install_once(root, "venv", &key, pinned_by, |dir| {
        let log = dir.with_extension("log");
        run_bounded(Command::new(&python).arg("-m").arg("venv").arg(dir), &log)?;
        let venv_python = dir.join("bin/python");
        // Every package is pinned, dependencies too: `--no-deps` keeps it so, and `pip check`
        // says when the list lacks one.
        run_bounded(
            Command::new(&venv_python)
                .args(["-m", "pip", "install", "--no-input", "--no-deps"])
                .args(["--disable-pip-version-check", "--timeout=15", "--retries=1"])
                .arg("--requirement")
                .arg(&requirements),
            &log,
        )?;
        run_bounded(
            Command::new(&venv_python).args(["-m", "pip", "check"]),
            &log,
        )
    })
    .map_err(|error| {
        Missing::new(
            format!("the PyPI packages could not be fetched: {error}"),
            "the tests fetch them themselves where pypi.org is reachable; \
             `python3 -m venv` needs Debian's python3-venv",
        )
    })?;
    Ok(PythonPackages {
        python: dir.join("bin/python"),
    })
}

/// The directory `ROOT/NAME-HASH`, `HASH` being that of `key`, made by `install` unless an
/// earlier run made it. A lock file keeps test binaries running at once from installing
/// at once; a marker written last tells a finished install from one that was interrupted.
fn install_once(
    root: &Path,
    name: &str,
    key: &[u8],
    pinned_by: &str,
    install: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<PathBuf, String> {
    let dir = root.join(format!("{name}-{:08x}", crc32fast::hash(key)));
    let done = dir.join(".installed");
    if done.exists() {
        return Ok(dir);
    }
    fs::create_dir_all(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let lock = File::create(root.join(format!("{name}.lock"))).map_err(|e| e.to_string())?;
    // Released when `lock` is closed, however this returns.
    lock.lock().map_err(|e| e.to_string())?;
    if done.exists() {
        return Ok(dir);
    }
    let _ = fs::remove_dir_all(&dir);
    let _ = fs::remove_file(dir.with_extension("log"));
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let _ = writeln!(
        std::io::stderr(),
        "fetching the packages of {pinned_by} into {} (once, until it changes)",
        dir.display()
    );
    if let Err(error) = install(&dir) {
        let _ = fs::remove_dir_all(&dir);
        return Err(error);
    }
    File::create(&done).map_err(|e| e.to_string())?;
    // Installs for earlier lockfiles are of no more use.
    for entry in fs::read_dir(root).into_iter().flatten().flatten() {
        let path = entry.path();
        let stale = path != dir
            && path != dir.with_extension("log")
            && path
                .file_name()
                .and_then(|file| file.to_str())
                .is_some_and(|file| file.starts_with(&format!("{name}-")));
        if stale {
            let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
        }
    }
    Ok(dir)
}

/// Runs `command` to its end, its output appended to `log`, or stops it after [`INSTALL_LIMIT`].
/// The error says what went wrong, with the log's line that says why.
fn run_bounded(command: &mut Command, log: &Path) -> Result<(), String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = File::options()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(output.try_clone().map_err(|e| e.to_string())?)
        .stderr(output)
        .spawn()
        .map_err(|error| format!("`{program}` did not start: {error}"))?;
    let deadline = Instant::now() + INSTALL_LIMIT;
    let failure = loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => break format!("`{program}` exited with {status}"),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break format!(
                    "`{program}` was stopped after {} s",
                    INSTALL_LIMIT.as_secs()
                );
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(error) => break format!("`{program}`: {error}"),
        }
    };
    // The line that says why, as npm's and pip's logs have one; else the last.
    let logged = fs::read_to_string(log).unwrap_or_default();
    let why = logged
        .lines()
        .find(|line| line.to_ascii_lowercase().contains("error:"))
        .or_else(|| logged.lines().rfind(|line| !line.trim().is_empty()))
        .unwrap_or_default();
    Err(format!(
        "{failure}: {} (the whole log: {})",
        why.trim(),
        log.display()
    ))
}
