//! Helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub)]

pub mod serve;

use std::path::{Path, PathBuf};

use tldoc::diagnostic::{Diagnostics, SourceMap};
use tldoc::model::Schema;
use tldoc::schema;

/// A schema loaded from in-memory files, with what was reported.
pub struct Loaded {
    pub schema: Schema,
    pub sources: SourceMap,
    pub diagnostics: Diagnostics,
}

impl Loaded {
    /// The diagnostics as `tldoc check` prints them, without colour.
    pub fn rendered(&self) -> String {
        self.diagnostics.render(&self.sources, false)
    }

    /// `(severity, message, "path:line:column")` of each diagnostic.
    pub fn reported(&self) -> Vec<(String, String, String)> {
        self.diagnostics
            .iter()
            .map(|d| {
                let place = d
                    .primary_span()
                    .map(|span| self.sources.location(span).to_string())
                    .unwrap_or_default();
                let severity = if d.is_error() { "error" } else { "warning" };
                (severity.to_owned(), d.message.clone(), place)
            })
            .collect()
    }

    pub fn assert_clean(&self) {
        assert!(
            self.diagnostics.is_empty(),
            "unexpected diagnostics:\n{}",
            self.rendered()
        );
    }
}

/// Parses and resolves `(path, text)` files as one schema.
pub fn load(files: &[(&str, &str)]) -> Loaded {
    let mut sources = SourceMap::new();
    let ids: Vec<_> = files
        .iter()
        .map(|(path, text)| sources.add(*path, (*text).to_owned()))
        .collect();
    let mut diagnostics = Diagnostics::new();
    let schema = schema::parse_and_resolve(&sources, &ids, &mut diagnostics);
    diagnostics.sort_by_location(&sources);
    Loaded {
        schema,
        sources,
        diagnostics,
    }
}

/// One file, `schema/api.tl`.
pub fn load_one(text: &str) -> Loaded {
    load(&[("schema/api.tl", text)])
}

/// The shared real data beside the checkout, or `None` (with the reason printed) when absent, as
/// on a user's clone.
pub fn shared(path: &str) -> Option<PathBuf> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path);
    if full.exists() {
        Some(full)
    } else {
        println!(
            "skipped: {} is absent (the shared data ships only with CI)",
            full.display()
        );
        None
    }
}

/// A site in a temporary directory, for driving the real `tldoc` binary as a user would.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// A site made of `(relative path, contents)` files.
    pub fn new(files: &[(&str, &str)]) -> TestSite {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        TestSite { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or overwrites) a file of the site, as a user's editor would.
    pub fn write(&self, path: &str, text: &str) -> &TestSite {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }
}

/// What one run of `tldoc` did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `tldoc ARGS` in `cwd`.
pub fn tldoc(cwd: &Path, args: &[&str]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tldoc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("tldoc runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
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
}
