//! Building the site for `tldoc serve`, and telling the terminal how it went.
//!
//! [`Builder::rebuild`] is the one place a change becomes a build: today by building everything
//! again, with what can outlive a build (the highlighter) kept warm; later by rendering only
//! what the changed files touch, behind the same call.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::cli::{plural, styled, summary};
use crate::highlight::Highlighter;
use crate::render::OutputFile;
use crate::site::Site;

/// Builds the site for serving, keeping what may outlive a build.
pub(crate) struct Builder {
    root: PathBuf,
    /// The URL the site is served at, for the sitemap and canonical links.
    base_url: String,
    /// Kept across builds, so that its caches are warm for the next one.
    highlighter: Highlighter,
}

/// What one build gave.
pub(crate) struct Build {
    /// The site, or `None` when an error was found.
    pub(crate) files: Option<Vec<OutputFile>>,
    /// The errors, as printed for the terminal.
    errors: String,
    /// The warnings, as printed for the terminal.
    warnings: String,
    /// The errors without colour, for the overlay (empty when there is none).
    pub(crate) overlay: String,
    error_count: usize,
    warning_count: usize,
    /// The schema's one-line summary.
    summary: String,
    took: Duration,
}

impl Builder {
    /// A builder of the site at `root` (absolute), served at `base_url`.
    pub(crate) fn new(root: PathBuf, base_url: String) -> Builder {
        Builder {
            root,
            base_url,
            highlighter: Highlighter::new(),
        }
    }

    /// Builds the site after `changed` (paths relative to the site) changed; the first build
    /// passes none.
    ///
    /// Every build is a full one for now; `changed` is where rendering only what a change
    /// touches will plug in, with the result a full build would give.
    pub(crate) fn rebuild(&mut self, changed: &[PathBuf]) -> Build {
        let _ = changed;
        let started = Instant::now();
        let mut site = Site::load(&self.root);
        site.config.base_url = Some(self.base_url.clone());
        let files = site.build_with(&self.highlighter);
        let render = |errors: bool, styled: bool| -> String {
            site.diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error() == errors)
                .map(|diagnostic| diagnostic.render(&site.sources, styled) + "\n\n")
                .collect()
        };
        let styled = styled();
        Build {
            errors: render(true, styled),
            warnings: render(false, styled),
            overlay: if files.is_some() {
                String::new()
            } else {
                render(true, false)
            },
            files,
            error_count: site.diagnostics.error_count(),
            warning_count: site.diagnostics.warning_count(),
            summary: summary(&site.schema),
            took: started.elapsed(),
        }
    }
}

/// What the terminal has been told, so that a rebuild repeats only what changed.
#[derive(Default)]
pub(crate) struct Terminal {
    warnings: String,
    /// Whether a build has succeeded, so that there is one to serve while the site is broken.
    built: bool,
}

impl Terminal {
    /// Prints how `build` went: after the first build (`changed` is `None`), the schema's
    /// summary; after a rebuild, what changed.
    pub(crate) fn report(&mut self, build: &Build, changed: Option<&[PathBuf]>) {
        let mut out = std::io::stdout().lock();
        let mut err = std::io::stderr().lock();
        if let Some(changed) = changed {
            let first = changed.first().map(|path| path.display().to_string());
            let more = match changed.len() {
                0 | 1 => String::new(),
                n => format!(" and {}", plural(n - 1, "other")),
            };
            let _ = writeln!(out, "changed: {}{more}", first.unwrap_or_default());
        } else {
            let _ = writeln!(out, "{}", build.summary);
        }
        // The same warnings after every save would bury what is new: they are printed again
        // only when they change.
        let warnings = if build.warnings == self.warnings {
            if build.warning_count > 0 {
                format!(" ({}, as before)", plural(build.warning_count, "warning"))
            } else {
                String::new()
            }
        } else {
            let _ = err.write_all(build.warnings.as_bytes());
            self.warnings.clone_from(&build.warnings);
            match build.warning_count {
                0 => String::new(),
                n => format!(" ({})", plural(n, "warning")),
            }
        };
        let _ = err.write_all(build.errors.as_bytes());
        let took = build.took.as_millis();
        match &build.files {
            Some(files) => {
                self.built = true;
                let _ = writeln!(
                    out,
                    "built {} in {took} ms{warnings}",
                    plural(files.len(), "file")
                );
            }
            None => {
                let served = if self.built {
                    "the last good build is still served"
                } else {
                    "pages show the errors until they are fixed"
                };
                let _ = writeln!(
                    err,
                    "error: the build failed with {} in {took} ms{warnings}; {served}",
                    plural(build.error_count, "error")
                );
            }
        }
    }
}
