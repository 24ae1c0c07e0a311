//! Symbolic links in a site are followed only while they stay inside it.
//!
//! A site is often a checkout of somebody else's repository (maintainers build schemas they do
//! not control in CI), and a link in it such as `content/x.md -> /etc/passwd` or
//! `themes/default/style.css -> ~/.ssh/id_ed25519` would publish what it leads to. So every file
//! tldoc reads from a site is resolved to its real path first, and one that lies outside the
//! site's real root is refused with an error naming the link. Links that stay inside the site
//! (`content/index.md -> ../README.md`) work as the author meant.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::read::read_source;
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Severity, SourceMap};

/// A site's root, resolved, for checking where the site's paths lead.
#[derive(Debug)]
pub struct SiteDir {
    root: PathBuf,
    /// `None` when the root cannot be resolved; reading from it then fails and says why.
    real_root: Option<PathBuf>,
}

impl SiteDir {
    /// The site at `root`.
    pub fn new(root: &Path) -> SiteDir {
        SiteDir {
            root: root.to_path_buf(),
            real_root: fs::canonicalize(root).ok(),
        }
    }

    /// Refuses `path` (shown as `shown`) when it, or a directory on the way to it, is a link
    /// leading out of the site. A path that does not resolve (missing, or a dangling link) is
    /// left for the reader to report.
    pub fn check(&self, path: &Path, shown: &Path) -> Result<(), Diagnostic> {
        let (Some(root), Ok(real)) = (&self.real_root, fs::canonicalize(path)) else {
            return Ok(());
        };
        if real.starts_with(root) {
            return Ok(());
        }
        Err(Diagnostic::new(
            Severity::Error,
            format!("`{}` leads out of the site", shown.display()),
        )
        .in_file(shown)
        .with_note(
            "it is a symbolic link, or lies in one, that leads outside the site; tldoc never \
             follows a link out of the site, so that a site cannot publish what lies beside it",
        ))
    }

    /// Reads a file of the site into the source map (see [`read_source`]), unless it
    /// leads out of the site.
    pub fn read_source(
        &self,
        path: &Path,
        shown: &Path,
        sources: &mut SourceMap,
        diagnostics: &mut Diagnostics,
    ) -> Option<FileId> {
        if let Err(diagnostic) = self.check(path, shown) {
            diagnostics.push(diagnostic);
            return None;
        }
        read_source(path, shown, sources, diagnostics)
    }

    /// Every file below `dir` (a directory of the site) that `wanted` accepts, as
    /// `(path, path relative to dir)`, in path order. Links to files and directories are
    /// followed while they stay inside the site; a wanted file leading out of it is an error, a
    /// directory leading out of it a warning (it is not looked into, so whether it holds a wanted
    /// file is unknown). A missing `dir` has no files.
    pub fn files(
        &self,
        dir: &Path,
        wanted: impl Fn(&Path) -> bool,
        diagnostics: &mut Diagnostics,
    ) -> Vec<(PathBuf, PathBuf)> {
        let mut files = Vec::new();
        if !dir.is_dir() {
            return files;
        }
        if let Err(diagnostic) = self.check(dir, &self.shown(dir)) {
            diagnostics.push(diagnostic);
            return files;
        }
        let mut seen = HashSet::new();
        seen.extend(fs::canonicalize(dir).ok());
        self.walk(
            dir,
            Path::new(""),
            &wanted,
            &mut seen,
            &mut files,
            diagnostics,
        );
        files.sort_by(|a, b| a.1.cmp(&b.1));
        files
    }

    fn walk(
        &self,
        dir: &Path,
        prefix: &Path,
        wanted: &dyn Fn(&Path) -> bool,
        seen: &mut HashSet<PathBuf>,
        files: &mut Vec<(PathBuf, PathBuf)>,
        diagnostics: &mut Diagnostics,
    ) {
        let walker = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .follow_links(false)
            .sort_by_file_name();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(dir);
                    let shown = self.shown(path);
                    diagnostics.push(
                        Diagnostic::new(
                            Severity::Error,
                            format!("cannot read `{}`: {error}", shown.display()),
                        )
                        .in_file(shown),
                    );
                    continue;
                }
            };
            let path = entry.path();
            let relative = prefix.join(path.strip_prefix(dir).unwrap_or(path));
            let file_type = entry.file_type();
            if file_type.is_file() {
                if wanted(&relative) {
                    files.push((path.to_path_buf(), relative));
                }
                continue;
            }
            if !file_type.is_symlink() {
                continue;
            }
            let Ok(target) = fs::metadata(path) else {
                // A dangling link holds nothing to read.
                continue;
            };
            if target.is_file() && !wanted(&relative) {
                continue;
            }
            let shown = self.shown(path);
            match self.check(path, &shown) {
                Err(diagnostic) if target.is_dir() => diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    ..diagnostic.with_note("the directory is not looked into")
                }),
                Err(diagnostic) => diagnostics.push(diagnostic),
                Ok(()) if target.is_file() => files.push((path.to_path_buf(), relative)),
                Ok(()) => {
                    // A directory reached twice (two links to it, or a link to a parent) is
                    // walked once.
                    let real = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                    if seen.insert(real) {
                        self.walk(path, &relative, wanted, seen, files, diagnostics);
                    }
                }
            }
        }
    }

    /// `path` as shown in diagnostics: relative to the site.
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}
