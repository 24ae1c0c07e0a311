//! Building the site for `tldoc serve`, and telling the terminal how it went.
//!
//! [`Builder::rebuild`] is the one place a change becomes a build. The site is loaded again
//! (in parallel, tens of milliseconds for a large one); an edit of content files alone then
//! re-renders only the pages it touches, from the last build kept here; any other change renders
//! everything again, with the highlighter's caches kept warm. Either way the files served are
//! what `tldoc build` would write.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::highlight::Highlighter;
use crate::render::{OutputFile, Rendered, Templates};
use crate::site::Site;
use crate::term::{self, plural, summary};

/// Builds the site for serving, keeping what may outlive a build.
pub(crate) struct Builder {
    root: PathBuf,
    /// The URL the site is served at, for the sitemap and canonical links.
    base_url: String,
    /// Kept across builds, so that its caches are warm for the next one.
    highlighter: Highlighter,
    /// The last good build, for rendering again only what an edit touches.
    last: Option<Last>,
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
            highlighter: Highlighter::new(),
            last: None,
        }
    }

    /// Builds the site after `changed` (paths relative to the site) changed; the first build
    /// passes none.
    ///
    /// When only content files were edited, the last good build's site reads just those again
    /// and renders just the pages they touch; when only the theme was, its files are read
    /// again; anything else (or an edit that adds, removes or breaks a page) loads and renders
    /// the whole site.
    pub(crate) fn rebuild(&mut self, changed: &[PathBuf]) -> Build {
        let started = Instant::now();
        let theme_only =
            !changed.is_empty() && changed.iter().all(|path| path.starts_with("themes"));
        let outcome = match (self.last.take(), content_edits(changed)) {
            (Some(last), Some(edits)) => self.rebuild_part(last, &edits),
            // The theme's files are copied as they are: no page changes with them.
            (Some(mut last), None) if theme_only => {
                let redone = last.site.refresh_assets(&mut last.rendered);
                Some((last, Some(redone)))
            }
            _ => None,
        };
        let (site, outcome) = match outcome {
            Some((last, redone)) => (last.site, Some((last.templates, last.rendered, redone))),
            None => {
                let mut site = Site::load(&self.root);
                site.config.base_url = Some(self.base_url.clone());
                let outcome = site.templates().map(|templates| {
                    let rendered = site.render(&templates, &self.highlighter);
                    (templates, rendered, None)
                });
                (site, outcome)
            }
        };
        let diagnostics = match &outcome {
            Some((_, rendered, _)) => site.diagnostics_with(rendered),
            None => site.diagnostics.clone(),
        };
        let good = outcome.is_some() && !diagnostics.has_errors();
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
        if let (true, Some((templates, rendered, redone))) = (good, outcome) {
            build.files = Some(match redone {
                Some(paths) => Files::Changed(
                    paths
                        .into_iter()
                        .filter_map(|path| {
                            let bytes = rendered.file(&path)?.to_vec();
                            Some((path, bytes))
                        })
                        .collect(),
                ),
                None => Files::All(rendered.files()),
            });
            self.last = Some(Last {
                site,
                templates,
                rendered,
            });
        }
        build.took = started.elapsed();
        build
    }

    /// The last good build, updated for an edit of the content files `edits` (relative to
    /// `content/`), with the paths rendered again (`None`: every page); `None` when only a whole
    /// build will do.
    fn rebuild_part(
        &self,
        mut last: Last,
        edits: &[String],
    ) -> Option<(Last, Option<Vec<String>>)> {
        let edited = last.site.reload_content(edits)?;
        let redone = last.site.rerender(
            &last.templates,
            &self.highlighter,
            &mut last.rendered,
            &edited,
        );
        if redone.is_none() {
            last.rendered = last.site.render(&last.templates, &self.highlighter);
        }
        Some((last, redone))
    }
}

/// The last good build: what an edit of content is applied to.
struct Last {
    site: Site,
    templates: Templates,
    rendered: Rendered,
}

/// The content files among `changed` (paths relative to the site), relative to `content/`, when
/// all of them are Markdown files there; `None` otherwise, or when nothing changed.
fn content_edits(changed: &[PathBuf]) -> Option<Vec<String>> {
    if changed.is_empty() {
        return None;
    }
    changed
        .iter()
        .map(|path| {
            let relative = path.strip_prefix("content").ok()?;
            if relative.extension()? != "md" {
                return None;
            }
            let parts: Option<Vec<&str>> = relative
                .components()
                .map(|part| part.as_os_str().to_str())
                .collect();
            Some(parts?.join("/"))
        })
        .collect()
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
