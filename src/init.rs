//! `tldoc init`: a new site to start from, which `tldoc build` builds at once.
//!
//! The files are embedded from `scaffold/` in the source tree, so an installed tldoc needs
//! nothing else. Among them is the GitHub Actions workflow that publishes the site on GitHub
//! Pages, the same flow as tldoc's own `.github/workflows/pages.yml`, except that it installs
//! the release binary of the tldoc that wrote it (its version and repository are filled in when
//! writing, from `Cargo.toml`) where tldoc's own workflow builds tldoc from its checkout.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};

/// Each file of a new site: its path in the site, and its contents, whose placeholders `init`
/// fills in with this tldoc's version and repository.
pub const SCAFFOLD: &[(&str, &str)] = &[
    ("tldoc.yaml", include_str!("../scaffold/tldoc.yaml")),
    ("schema/api.tl", include_str!("../scaffold/api.tl")),
    (
        "content/index.md",
        include_str!("../scaffold/content/index.md"),
    ),
    (
        "content/methods/notes.getNotes.md",
        include_str!("../scaffold/content/methods/notes.getNotes.md"),
    ),
    (
        "content/methods/notes.saveNote.md",
        include_str!("../scaffold/content/methods/notes.saveNote.md"),
    ),
    (
        "content/types/Note.md",
        include_str!("../scaffold/content/types/Note.md"),
    ),
    (
        "content/guides/getting-started.md",
        include_str!("../scaffold/content/guides/getting-started.md"),
    ),
    (
        ".github/workflows/pages.yml",
        include_str!("../scaffold/workflows/pages.yml"),
    ),
    (".gitignore", include_str!("../scaffold/gitignore")),
];

/// Where tldoc's releases are published; the scaffold's workflow downloads from there.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
const _: () = assert!(
    !REPOSITORY.is_empty(),
    "Cargo.toml names no repository for the scaffold to download releases from"
);

/// `text` with the placeholders of the scaffold filled in: this tldoc's version and repository.
fn fill(text: &str) -> String {
    text.replace("@TLDOC_VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@TLDOC_REPOSITORY@", REPOSITORY)
}

/// Writes a new site into `dir`, which must not exist or be empty: tldoc never writes over
/// files it did not make.
pub fn init(dir: &Path) -> Result<(), Diagnostic> {
    let error = |message: String| Diagnostic::new(Severity::Error, message).in_file(dir);
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(error(format!(
                    "`{}` is not empty; tldoc init makes a site only in a new or empty directory",
                    dir.display()
                )));
            }
        }
        Err(cause) if cause.kind() == std::io::ErrorKind::NotFound => {}
        Err(cause) => {
            return Err(error(format!("cannot read `{}`: {cause}", dir.display())));
        }
    }
    for (path, text) in SCAFFOLD {
        let path = dir.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, fill(text)));
        if let Err(cause) = written {
            return Err(error(format!("cannot write `{}`: {cause}", path.display())));
        }
    }
    Ok(())
}
