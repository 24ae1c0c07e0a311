//! Watching a site's inputs: `schema/`, `content/`, `templates/`, `themes/` and `tldoc.yaml`.
//!
//! Editors save in bursts (a temporary file written, then renamed over the original; a backup
//! made first), so events are debounced for a few tens of milliseconds: long enough for one
//! save to be one rebuild, short enough not to be felt. Only the input directories are watched
//! recursively, and the site's root on its own level (for `tldoc.yaml`, and for an input
//! directory made after the start): a site is often a repository root, whose `target/` or
//! `node_modules/` would cost a watch per directory and wake the rebuilder for nothing.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config;

/// How long a path must stay quiet before its events are passed on.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often the debouncer looks for quiet paths; a save is seen at most this long after
/// [`DEBOUNCE`].
const TICK: Duration = Duration::from_millis(5);

/// The input directories, watched recursively.
const INPUT_DIRS: [&str; 4] = ["schema", "content", "templates", "themes"];

/// A running watch of a site's inputs.
pub(crate) struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
}

impl Watcher {
    /// Starts watching the site at `root` (an absolute path). Events are kept until
    /// [`Watcher::run`] takes them.
    pub(crate) fn start(root: &Path) -> Result<Watcher, String> {
        let (sender, events) = mpsc::channel();
        let cannot = |error: notify::Error| format!("cannot watch `{}`: {error}", root.display());
        let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), sender).map_err(cannot)?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(cannot)?;
        for dir in INPUT_DIRS {
            let path = root.join(dir);
            if path.is_dir() {
                debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(cannot)?;
            }
        }
        Ok(Watcher {
            root: root.to_path_buf(),
            debouncer,
            events,
        })
    }

    /// Calls `rebuild` with the inputs that changed (paths relative to the site, sorted), once
    /// per burst of changes, for as long as the process runs. Bursts that come while `rebuild`
    /// runs are merged into its next call: builds never queue up behind a fast typist.
    pub(crate) fn run(mut self, mut rebuild: impl FnMut(&[PathBuf])) {
        while let Ok(first) = self.events.recv() {
            let mut changed = Vec::new();
            self.collect(first, &mut changed);
            while let Ok(more) = self.events.try_recv() {
                self.collect(more, &mut changed);
            }
            if changed.is_empty() {
                continue;
            }
            changed.sort();
            changed.dedup();
            rebuild(&changed);
        }
    }

    fn collect(&mut self, result: DebounceEventResult, changed: &mut Vec<PathBuf>) {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching `{}`: {error}", self.root.display());
                }
                return;
            }
        };
        for event in events {
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in &event.paths {
                let Ok(relative) = path.strip_prefix(&self.root) else {
                    continue;
                };
                if is_input_dir(relative)
                    && matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_))
                    && path.is_dir()
                    && let Err(error) = self.debouncer.watch(path, RecursiveMode::Recursive)
                {
                    eprintln!("warning: cannot watch `{}`: {error}", path.display());
                }
                if is_input(relative) {
                    changed.push(relative.to_path_buf());
                }
            }
        }
    }
}

fn is_input_dir(relative: &Path) -> bool {
    let mut components = relative.components();
    matches!(
        (components.next(), components.next()),
        (Some(Component::Normal(name)), None) if INPUT_DIRS.iter().any(|dir| name == *dir)
    )
}

/// Whether a path (relative to the site) is an input of the build. Hidden files and `~`
/// backups are editors' scratch files (`.x.md.swp`, `x.md~`); the save they belong to shows up
/// under the real name.
fn is_input(relative: &Path) -> bool {
    let Some(Component::Normal(first)) = relative.components().next() else {
        return false;
    };
    let name = relative
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') {
        return false;
    }
    relative == Path::new(config::FILE_NAME) || INPUT_DIRS.iter().any(|dir| first == *dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs() {
        for path in [
            "tldoc.yaml",
            "content/methods/auth.logOut.md",
            "schema/api.tl",
            "templates/base.html",
            "themes/default/style.css",
            "content",
        ] {
            assert!(is_input(Path::new(path)), "{path}");
        }
        for path in [
            "public/index.html",
            "target/debug/tldoc",
            "README.md",
            "content/methods/.auth.logOut.md.swp",
            "content/methods/auth.logOut.md~",
            "tldoc.yaml.bak",
            "",
        ] {
            assert!(!is_input(Path::new(path)), "{path}");
        }
        assert!(is_input_dir(Path::new("templates")));
        assert!(!is_input_dir(Path::new("templates/examples")));
        assert!(!is_input_dir(Path::new("public")));
    }
}
