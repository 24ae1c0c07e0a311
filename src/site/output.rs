//! Writing a build's files into the output directory, atomically, and never over anyone else's.
//!
//! Kept apart from loading and building so that both stay free of side effects: rendering hands
//! its files to a [`Staging`] (a [`crate::render::Sink`]), and this is the one place that
//! touches the output directory. See
//! [`Staging`] for how a build that is interrupted, or fails, leaves the previous output
//! whole.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};

/// The name of the file listing what tldoc wrote into an output directory, so that a later build
/// replaces only its own output and never deletes anyone else's files.
pub const MANIFEST: &str = ".tldoc-manifest";

/// A build's new output, written beside `out` and swapped in only when the build is whole, so
/// that an interrupted or failed build leaves the previous output as it was.
///
/// The new output is written to `.NAME.tldoc-new` beside `out`, its manifest first, so that a
/// build killed while writing leaves a directory whose every file is listed; then
/// [`Staging::commit`] makes it take `out`'s place in one exchange of the two names where the
/// file system offers one (Linux), or by moving `out` aside to `.NAME.tldoc-old` and the new
/// output in. A build killed between those two moves leaves the previous output whole at
/// `.NAME.tldoc-old`, and the next build puts it back before anything else. Leftovers are
/// removed file by file from their manifests, so tldoc never deletes a file it did not write.
pub struct Staging {
    /// `out` as the user wrote it, for messages.
    shown: PathBuf,
    /// `out`, resolved.
    out: PathBuf,
    /// Where the new output is written.
    dir: PathBuf,
    /// Where the previous output waits while the new one moves in, where names cannot be
    /// exchanged.
    old: PathBuf,
}

impl Staging {
    /// Makes ready to write a new output for `out`, of the site at `root`: refuses an `out`
    /// that is the site or holds its sources, or holds a file tldoc did not write; puts back a
    /// previous output an interrupted build left aside, and removes what earlier builds left.
    pub fn open(root: &Path, out: &Path) -> Result<Staging, Diagnostic> {
        let refuse = |why: String| Diagnostic::new(Severity::Error, why).in_file(out);
        let out_real = resolved(out);
        let root_real = resolved(root);
        let refuse_place = |what: &str| {
            refuse(format!(
                "refusing to write the output into `{}`: it is {what}",
                out.display()
            ))
        };
        if out_real == root_real {
            return Err(refuse_place("the site itself"));
        }
        if root_real.starts_with(&out_real) {
            return Err(refuse_place("a directory holding the site"));
        }
        for sources in ["content", "schema", "templates", "themes"] {
            let real = root_real.join(sources);
            let what = if out_real == real {
                "the site's"
            } else if real.starts_with(&out_real) {
                "a directory holding the site's"
            } else if out_real.starts_with(&real) {
                "inside the site's"
            } else {
                continue;
            };
            return Err(refuse_place(&format!("{what} `{sources}/`")));
        }
        let name = out_real
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_owned());
        let parent = out_real.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .map_err(|e| refuse(format!("cannot create `{}`: {e}", parent.display())))?;
        let dir = parent.join(format!(".{name}.tldoc-new"));
        let old = parent.join(format!(".{name}.tldoc-old"));
        if !exists(&out_real) && old.join(MANIFEST).is_file() {
            fs::rename(&old, &out_real).map_err(|e| {
                refuse(format!(
                    "cannot put the previous output back from `{}`: {e}",
                    old.display()
                ))
            })?;
        }
        if exists(&out_real) {
            check_output_is_ours(&out_real, out).map_err(refuse)?;
        }
        for leftover in [&dir, &old] {
            if exists(leftover) {
                remove_ours(leftover).map_err(refuse)?;
            }
        }
        Ok(Staging {
            shown: out.to_path_buf(),
            out: out_real,
            dir,
            old,
        })
    }

    /// The error of a failed write, as a diagnostic.
    pub fn write_error(&self, error: &std::io::Error) -> Diagnostic {
        self.refusal(format!("cannot write the output: {error}"))
    }

    /// Puts the new output in `out`'s place.
    pub fn commit(self) -> Result<(), Diagnostic> {
        if !exists(&self.out) {
            return fs::rename(&self.dir, &self.out)
                .map_err(|e| self.refusal(format!("cannot move the new output in place: {e}")));
        }
        if exchange(&self.dir, &self.out) {
            // `dir` now holds the previous output.
            return remove_ours(&self.dir).map_err(|why| self.refusal(why));
        }
        fs::rename(&self.out, &self.old)
            .map_err(|e| self.refusal(format!("cannot move the previous output aside: {e}")))?;
        if let Err(error) = fs::rename(&self.dir, &self.out) {
            // Put the previous output back rather than leave nothing.
            let _ = fs::rename(&self.old, &self.out);
            return Err(self.refusal(format!("cannot move the new output in place: {error}")));
        }
        remove_ours(&self.old).map_err(|why| self.refusal(why))
    }

    /// Removes what was written of the new output, leaving the previous one as it was.
    pub fn discard(self) -> Result<(), Diagnostic> {
        if exists(&self.dir) {
            remove_ours(&self.dir).map_err(|why| self.refusal(why))?;
        }
        Ok(())
    }

    fn refusal(&self, why: String) -> Diagnostic {
        Diagnostic::new(Severity::Error, why).in_file(&self.shown)
    }
}

impl crate::render::Sink for Staging {
    /// Writes the manifest, then makes every directory the files need.
    fn expect(&self, paths: &[&str]) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let mut manifest = String::with_capacity(paths.iter().map(|path| path.len() + 1).sum());
        for path in paths.iter().chain(&[MANIFEST]) {
            manifest.push_str(path);
            manifest.push('\n');
        }
        fs::write(self.dir.join(MANIFEST), manifest)?;
        // Told apart as text: comparing `Path`s, part by part, took longer than the rest.
        let dirs: std::collections::BTreeSet<&str> = paths
            .iter()
            .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
            .collect();
        for sub in dirs {
            fs::create_dir_all(self.dir.join(sub))?;
        }
        Ok(())
    }

    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        fs::write(self.dir.join(path), bytes)
    }
}

/// Swaps the names of two directories in one step, so that no moment is left with neither;
/// false where the system cannot, and then nothing moved.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Whether anything, a dangling link included, is at `path`.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// `path` made absolute with its links resolved, as far as it exists: an output directory given
/// through a link to the site, or through `..`, is still recognised.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path)
        .map(|p| normalise(&p))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The files a manifest lists (itself aside), relative to its directory. Only plain relative
/// paths are taken: a manifest names files inside its own directory and nothing else.
fn listed(dir: &Path) -> std::collections::HashSet<PathBuf> {
    fs::read_to_string(dir.join(MANIFEST))
        .unwrap_or_default()
        .lines()
        .filter(|line| *line != MANIFEST)
        .map(PathBuf::from)
        .filter(|path| {
            path.components()
                .all(|part| matches!(part, std::path::Component::Normal(_)))
        })
        .collect()
}

/// An existing output directory (resolved: `dir`; as the user wrote it: `shown`) may be replaced
/// only when it holds nothing but what tldoc wrote.
fn check_output_is_ours(dir: &Path, shown: &Path) -> Result<(), String> {
    if !dir.is_dir() {
        return Err(format!(
            "refusing to replace `{}`: it is not a directory",
            shown.display()
        ));
    }
    let listed = listed(dir);
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", shown.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if relative != Path::new(MANIFEST) && !listed.contains(relative) {
            return Err(format!(
                "refusing to replace `{}`: it holds `{}`, which tldoc did not write",
                shown.display(),
                relative.to_string_lossy().replace('\\', "/")
            ));
        }
    }
    Ok(())
}

/// Removes a directory tldoc wrote: the files its manifest lists, then the manifest, then the
/// directories left empty. The manifest goes after the files, so a removal cut short leaves a
/// directory the next build can still recognise and finish; anything else found in it stays,
/// and is reported.
fn remove_ours(dir: &Path) -> Result<(), String> {
    let cannot =
        |path: &Path, error: std::io::Error| format!("cannot remove `{}`: {error}", path.display());
    if fs::symlink_metadata(dir).is_ok_and(|meta| meta.is_symlink()) {
        // An output directory that was a link: the link goes, what it leads to stays.
        return fs::remove_file(dir).map_err(|e| cannot(dir, e));
    }
    let manifest = dir.join(MANIFEST);
    for relative in listed(dir) {
        let path = dir.join(relative);
        match fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => fs::remove_file(&path).map_err(|e| cannot(&path, e))?,
            _ => {}
        }
    }
    if exists(&manifest) {
        fs::remove_file(&manifest).map_err(|e| cannot(&manifest, e))?;
    }
    let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    // Deepest first, so each is empty when its turn comes.
    dirs.sort_by_key(|path| std::cmp::Reverse(path.components().count()));
    for sub in dirs {
        if let Err(error) = fs::remove_dir(&sub) {
            let left = walkdir::WalkDir::new(&sub)
                .min_depth(1)
                .into_iter()
                .filter_map(Result::ok)
                .find(|entry| !entry.file_type().is_dir());
            return Err(match left {
                Some(entry) => format!(
                    "`{}` holds `{}`, which tldoc did not write: move it elsewhere, then build again",
                    dir.display(),
                    entry
                        .path()
                        .strip_prefix(dir)
                        .unwrap_or(entry.path())
                        .display()
                ),
                None => cannot(&sub, error),
            });
        }
    }
    Ok(())
}
