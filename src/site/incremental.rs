//! A site kept built in memory, brought up to date after each edit by doing only what the edit
//! needs: the one path by which `tldoc serve` rebuilds and by which the tests check that doing
//! so gives what a whole build gives.
//!
//! An edit of content files reads just those files again and renders just the pages they touch
//! ([`crate::render::Rendered::rerender`]); an edit of the theme reads its files again; anything
//! else (the schema, the settings, the templates, a content file added, removed or unreadable)
//! loads and renders the whole site, with the highlighter's caches kept warm.
//!
//! A content edit that breaks a page's front matter is kept incremental too, so that the fix is
//! as quick as the edit: the site takes the new text, which fails to parse and is reported as a
//! whole load would report it, but keeps the page as it was and keeps the last render. Every
//! content file edited since that render is remembered, and the next content edit reads them all
//! again with it; once they all parse, the render is brought up to date for all of them at once.
//! Until then nothing renders, as a whole build of a site with errors renders nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Site;
use crate::diagnostic::Diagnostics;
use crate::errors::ErrorCatalog;
use crate::highlight::Highlighter;
use crate::render::{OutputFile, Rendered};

/// A site loaded and rendered, kept up to date by [`LiveSite::update`].
pub struct LiveSite {
    site: Site,
    /// The base URL set over the settings' on every load (`tldoc serve` serves at its own).
    base_url: Option<String>,
    /// Kept across builds, so that its caches are warm for the next one.
    highlighter: Highlighter,
    /// The render of the site as it was when content files in `pending` were last all parsed;
    /// `None` when it could not be rendered.
    rendered: Option<Rendered>,
    /// The content files (below `content/`) edited since `rendered` was brought up to date,
    /// when one of them does not parse.
    pending: BTreeSet<String>,
}

/// What changed in a [`LiveSite`]'s files.
#[derive(Debug, PartialEq, Eq)]
pub enum Update {
    /// Anything may have: the site was loaded and rendered anew.
    All,
    /// Only the files at these paths (relative to the output's root) were rendered again or
    /// read again; the others are as they were.
    Changed(Vec<String>),
}

/// What reading edited content files again gave.
pub(super) enum Reload {
    /// Every file parsed: the indices of their pages in [`Site::content`].
    Edited(Vec<usize>),
    /// A file's front matter does not parse: the site has its text, and reports it, but keeps
    /// its page as it was.
    Unparsable,
    /// A file is new, gone or unreadable: only a whole load tells the site right.
    Whole,
}

impl LiveSite {
    /// Loads and renders the site at `root`, served at `base_url` when one is given.
    pub fn load(root: &Path, base_url: Option<String>) -> LiveSite {
        let mut live = LiveSite {
            site: Site::load(root),
            base_url,
            highlighter: Highlighter::new(),
            rendered: None,
            pending: BTreeSet::new(),
        };
        live.render_all();
        live
    }

    /// The site, as it is now.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Brings the site up to date after the files `changed` (paths relative to the site's root)
    /// changed on disk.
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let theme_only =
            !changed.is_empty() && changed.iter().all(|path| path.starts_with("themes"));
        if let (Some(edits), Some(_)) = (content_edits(changed), &self.rendered) {
            let mut paths = self.pending.clone();
            paths.extend(edits);
            let paths: Vec<String> = paths.into_iter().collect();
            match self.site.reload_content(&paths) {
                Reload::Edited(edited) => {
                    self.pending.clear();
                    return self.rerender(&edited);
                }
                Reload::Unparsable => {
                    self.pending.extend(paths);
                    return Update::Changed(Vec::new());
                }
                Reload::Whole => {}
            }
        } else if theme_only
            && self.pending.is_empty()
            && let Some(rendered) = &mut self.rendered
        {
            // The theme's files are copied as they are: no page changes with them.
            return Update::Changed(rendered.refresh_assets(&self.site.inputs()));
        }
        self.reload_all();
        Update::All
    }

    /// Everything the site reports now: what loading reported, then what rendering did.
    pub fn diagnostics(&self) -> Diagnostics {
        match &self.rendered {
            Some(rendered) if !self.site.diagnostics.has_errors() => {
                self.site.diagnostics_with(rendered)
            }
            _ => self.site.diagnostics.clone(),
        }
    }

    /// Every file of the site, in path order; `None` when it has an error.
    pub fn files(&self) -> Option<Vec<OutputFile>> {
        let rendered = self.rendered.as_ref()?;
        (!self.diagnostics().has_errors()).then(|| rendered.files())
    }

    /// The file at `path` (relative to the output's root) of the last render, if it has one.
    /// It is the site's as it is now only when [`LiveSite::diagnostics`] has no error.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.rendered.as_ref()?.file(path)
    }

    fn rerender(&mut self, edited: &[usize]) -> Update {
        let Some(rendered) = &mut self.rendered else {
            self.render_all();
            return Update::All;
        };
        let Some(templates) = &self.site.templates else {
            self.render_all();
            return Update::All;
        };
        match rendered.rerender(&self.site.inputs(), templates, &self.highlighter, edited) {
            Some(paths) => Update::Changed(paths),
            None => {
                self.render_all();
                Update::All
            }
        }
    }

    fn reload_all(&mut self) {
        self.site = Site::load(&self.site.root);
        self.pending.clear();
        self.render_all();
    }

    fn render_all(&mut self) {
        if self.base_url.is_some() {
            self.site.config.base_url.clone_from(&self.base_url);
        }
        self.rendered = self.site.render(&self.highlighter);
    }
}

impl Site {
    /// Reads again the content files at `paths` (relative to `content/`) after an edit, updating
    /// their pages and what loading them reported, as [`Site::load`] would have; see [`Reload`]
    /// for what it gives. On [`Reload::Whole`] nothing was changed; on [`Reload::Unparsable`]
    /// the site has the new texts and reports them, but the page of a file that does not parse
    /// is as it was, so the site must not be rendered until a later reload succeeds.
    pub(super) fn reload_content(&mut self, paths: &[String]) -> Reload {
        let site = crate::source::SiteDir::new(&self.root);
        let mut read = Vec::with_capacity(paths.len());
        for path in paths {
            let Some(index) = self
                .content
                .pages
                .iter()
                .position(|page| &page.path == path)
            else {
                return Reload::Whole;
            };
            let shown = PathBuf::from("content").join(path);
            let full = self.root.join(&shown);
            // A file that became a link out of the site is an error only a whole load reports.
            if site.check(&full, &shown).is_err() {
                return Reload::Whole;
            }
            let Ok(text) = crate::source::read_text(&full) else {
                return Reload::Whole;
            };
            read.push((index, shown, text));
        }
        let mut edited = Vec::with_capacity(read.len());
        let mut parsed = true;
        for (index, shown, text) in read {
            let file = self.content.pages[index].file;
            self.sources.replace(file, text);
            self.diagnostics.retain(|diagnostic| {
                diagnostic.primary_span().map(|span| span.file) != Some(file)
                    && diagnostic.path.as_deref() != Some(shown.as_path())
            });
            if self
                .content
                .reparse(index, &self.sources, &mut self.diagnostics)
            {
                self.check_content_page(index);
                edited.push(index);
            } else {
                parsed = false;
            }
        }
        self.diagnostics.sort_by_location(&self.sources);
        // Front matter may name errors, and which methods return them.
        self.errors = ErrorCatalog::new(&self.schema, &self.telethon, &self.content);
        if parsed {
            Reload::Edited(edited)
        } else {
            Reload::Unparsable
        }
    }
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
