//! Building the site for `tldoc serve`, and telling the terminal how it went.
//!
//! [`Builder::rebuild`] is the one place a change becomes a build: it hands the change to the
//! site kept in memory ([`LiveSite`], the same incremental path the tests check against whole
//! builds), then works out what to publish. A build with errors publishes nothing, so that the
//! last good build is still served; what changed meanwhile is remembered, so that the next good
//! build publishes every file that differs from what is served.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::render::OutputFile;
use crate::site::{LiveSite, Update};
use crate::term::{self, plural, summary};

/// Builds the site for serving, keeping what may outlive a build.
pub(crate) struct Builder {
    root: PathBuf,
    /// The URL the site is served at, for the sitemap and canonical links.
    base_url: String,
    /// The site, kept built; `None` before the first build.
    live: Option<LiveSite>,
    /// The files that changed since the last build that was published; `None` when any may
    /// have (and before the first).
    unpublished: Option<BTreeSet<String>>,
}

/// The files of a good build.
pub(crate) enum Files {
    /// Every file of the site.
    All(Vec<OutputFile>),
    /// The files that changed since the last good build; the others are as they were.
    Changed(Vec<OutputFile>),
}

/// What one build gave.
pub(crate) struct Build {
    /// The site, or `None` when an error was found.
    pub(crate) files: Option<Files>,
    /// The errors, as printed for the terminal, styled ([`term::stderr`] keeps or strips that).
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
            live: None,
            unpublished: None,
        }
    }

    /// Builds the site after `changed` (paths relative to the site) changed; the first build
    /// passes none.
    pub(crate) fn rebuild(&mut self, changed: &[PathBuf]) -> Build {
        let started = Instant::now();
        let update = match &mut self.live {
            Some(live) => live.update(changed),
            None => {
                self.live = Some(LiveSite::load(&self.root, Some(self.base_url.clone())));
                Update::All
            }
        };
        let live = self.live.as_ref().expect("the site was loaded above");
        match (update, &mut self.unpublished) {
            (Update::Changed(paths), Some(unpublished)) => unpublished.extend(paths),
            (Update::Changed(_), None) => {}
            (Update::All, unpublished) => *unpublished = None,
        }
        let site = live.site();
        let diagnostics = live.diagnostics();
        let good = !diagnostics.has_errors();
        let render = |errors: bool, styled: bool| -> String {
            diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error() == errors)
                .map(|diagnostic| diagnostic.render(&site.sources, styled) + "\n\n")
                .collect()
        };
        let mut build = Build {
            errors: render(true, true),
            warnings: render(false, true),
            overlay: if good {
                String::new()
            } else {
                render(true, false)
            },
            files: None,
            error_count: diagnostics.error_count(),
            warning_count: diagnostics.warning_count(),
            summary: summary(&site.schema),
            took: Duration::ZERO,
        };
        if good {
            build.files = match self.unpublished.replace(BTreeSet::new()) {
                Some(paths) => Some(Files::Changed(
                    paths
                        .into_iter()
                        .filter_map(|path| {
                            let bytes = live.file(&path)?.to_vec();
                            Some((path, bytes))
                        })
                        .collect(),
                )),
                None => live.files().map(Files::All),
            };
        }
        build.took = started.elapsed();
        build
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
        let mut out = term::stdout().lock();
        let mut err = term::stderr().lock();
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
                let what = match files {
                    Files::All(files) => format!("built {}", plural(files.len(), "file")),
                    Files::Changed(files) => format!("updated {}", plural(files.len(), "file")),
                };
                let _ = writeln!(out, "{what} in {took} ms{warnings}");
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
