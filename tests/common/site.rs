//! A site in a temporary directory, driven as a user drives one, in the manner of mdBook's
//! `BookTest`: start from files, a fixture directory or the sample site; run `tldoc`; read what
//! it said; look at a file, its contents, the list of files; change a file; run again.
//!
//! ```ignore
//! let site = TestSite::new(&[("schema/api.tl", SCHEMA)]);
//! site.run(&["build"]).success().stdout_has("wrote ");
//! site.check_file_contains("public/methods/auth.logOut.html", "<h1>auth.logOut</h1>")
//!     .write("content/methods/auth.logOut.md", "See [gone](gone.md).\n");
//! site.run(&["build"]).failure().stderr_has("broken link");
//! ```
//!
//! The site is `site/` in the temporary directory, and `outside/` lies beside it, for links and
//! settings that lead out of the site.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A schema of two constructors and one method, `auth.logOut`, that small sites start from.
pub const SCHEMA: &str = "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n---functions---\n\
                          auth.logOut = Bool;\n";

/// The bundled sample site: the repository's root.
pub fn sample_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What a site is made of, as far as tldoc reads it: a copy of these is a copy of the site.
const SITE_INPUTS: [&str; 5] = ["schema", "content", "templates", "themes", "tldoc.yaml"];

/// A site in a temporary directory, removed when dropped.
pub struct TestSite {
    dir: tempfile::TempDir,
    root: PathBuf,
}

impl TestSite {
    /// An empty site directory.
    pub fn empty() -> TestSite {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(dir.path().join("outside")).unwrap();
        TestSite { dir, root }
    }

    /// A site made of `(relative path, contents)` files.
    pub fn new(files: &[(&str, &str)]) -> TestSite {
        let site = TestSite::empty();
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// A copy of the fixture directory `tests/FIXTURE`.
    pub fn from_dir(fixture: &str) -> TestSite {
        let site = TestSite::empty();
        copy_dir(&sample_root().join("tests").join(fixture), site.path());
        site
    }

    /// A copy of the site at `root` (its inputs alone, not its output or anything else beside).
    pub fn copy_of(root: &Path) -> TestSite {
        let site = TestSite::empty();
        for input in SITE_INPUTS {
            let from = root.join(input);
            if from.is_dir() {
                copy_dir(&from, &site.path().join(input));
            } else if from.is_file() {
                fs::copy(&from, site.path().join(input)).unwrap();
            }
        }
        site
    }

    /// A copy of the bundled sample site, to change.
    pub fn sample() -> TestSite {
        TestSite::copy_of(sample_root())
    }

    /// The site's root.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The directory beside the site.
    pub fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    /// Writes (or overwrites) a file of the site, as an editor would.
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> &TestSite {
        let path = self.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    /// Removes a file of the site.
    pub fn remove(&self, path: &str) -> &TestSite {
        fs::remove_file(self.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        self
    }

    /// Makes `link` (in the site) a symbolic link to `target`, as written.
    pub fn symlink(&self, link: &str, target: &str) -> &TestSite {
        let link = self.path().join(link);
        fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, link).unwrap();
        self
    }

    /// Runs `tldoc ARGS` in the site.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut run = tldoc(self.path(), args);
        run.temporary = Some(self.dir.path().to_path_buf());
        run
    }

    /// The text of a file of the site.
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Whether the site has a file (or directory) at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.path().join(path).exists()
    }

    /// Every file below `dir` of the site, by path relative to it.
    pub fn files(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        tree(&self.path().join(dir))
    }

    /// Asserts that the file at `path` holds `text`.
    pub fn check_file_contains(&self, path: &str, text: &str) -> &TestSite {
        let contents = self.read(path);
        assert!(
            contents.contains(text),
            "{path} lacks {text:?}:\n{contents}"
        );
        self
    }

    /// Asserts that the file at `path` does not hold `text`.
    pub fn check_file_lacks(&self, path: &str, text: &str) -> &TestSite {
        let contents = self.read(path);
        assert!(
            !contents.contains(text),
            "{path} holds {text:?}:\n{contents}"
        );
        self
    }

    /// Asserts that the files below `dir` of the site are `expected`, by relative path.
    pub fn check_file_list(&self, dir: &str, expected: &[&str]) -> &TestSite {
        let found: Vec<String> = self.files(dir).into_keys().collect();
        assert_eq!(found, expected, "the files of {dir}");
        self
    }
}

/// Every file below `dir` (links not followed), by path relative to it with `/` separators, in
/// path order; none when `dir` does not exist.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap();
            let relative = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (relative, fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// Copies the directory `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// What one run of `tldoc` did.
pub struct Run {
    /// The arguments, as given.
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The temporary directory of the site it ran in, hidden in [`Run::transcript`].
    temporary: Option<PathBuf>,
}

/// Runs `tldoc ARGS` in `cwd`, without colour. A run that panics (exit code 101) or crashes (no
/// exit code) fails the test whatever it is checked for next.
pub fn tldoc(cwd: &Path, args: &[&str]) -> Run {
    tldoc_with_env(cwd, args, &[("NO_COLOR", "1")])
}

/// [`tldoc`] with the environment variables `env`, and none of those that choose colour
/// (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`) but those of `env`.
pub fn tldoc_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tldoc"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .output()
        .expect("tldoc runs");
    let run = Run {
        args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        temporary: None,
    };
    assert!(
        matches!(run.code, Some(0..=2)),
        "`tldoc {}` ended with {:?} (101 is a panic, none a crash):\n{}{}",
        run.args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    );
    run
}

impl Run {
    pub fn success(&self) -> &Run {
        assert_eq!(
            self.code,
            Some(0),
            "expected success:\n{}{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn failure(&self) -> &Run {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit code 1:\n{}{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn stdout_has(&self, text: &str) -> &Run {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}",
            self.stdout
        );
        self
    }

    pub fn stderr_has(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that nothing was printed on stderr: no error, no warning.
    pub fn quiet(&self) -> &Run {
        assert_eq!(self.stderr, "", "expected no diagnostics");
        self
    }

    /// `(message, path:line:column)` of each located diagnostic printed, in order.
    pub fn located(&self) -> Vec<(String, String)> {
        let lines: Vec<&str> = self.stderr.lines().collect();
        lines
            .windows(2)
            .filter(|pair| pair[0].starts_with("error: ") || pair[0].starts_with("warning: "))
            .filter_map(|pair| {
                let place = pair[1].trim_start().strip_prefix("--> ")?;
                Some((pair[0].to_owned(), place.to_owned()))
            })
            .collect()
    }

    /// What a user saw: the command, the exit code, stdout and stderr, with what differs from
    /// one run or machine to the next (the temporary directory, the time a build took) replaced,
    /// for snapshots.
    pub fn transcript(&self) -> String {
        let mut shown = format!(
            "$ tldoc {}\nexit code: {}\n",
            self.args.join(" "),
            self.code.unwrap()
        );
        for (name, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            if !text.is_empty() {
                shown.push_str(&format!("--- {name}\n{}", self.machine_independent(text)));
            }
        }
        shown
    }

    fn machine_independent(&self, text: &str) -> String {
        let text = match &self.temporary {
            Some(dir) => text.replace(&dir.display().to_string(), "[case]"),
            None => text.to_owned(),
        };
        // `wrote 18 files to ./public in 412 ms (1 warning)`
        text.lines()
            .map(|line| match line.split_once(" in ") {
                Some((before, after)) if line.starts_with("wrote ") => {
                    let rest = after.split_once(" ms").map_or("", |(_, rest)| rest);
                    format!("{before} in [time]{rest}")
                }
                _ => line.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    }
}
