//! The files that are not pages: the theme's assets, `.nojekyll` and `CNAME`.
//!
//! No page holds them, so an edit of the theme reads them again without rendering a page
//! ([`super::Rendered::refresh_assets`]); the site's own `themes/default/` replaces the built-in
//! files one by one, as its templates do.

use std::path::Path;

use super::{Inputs, OutputFile};
use crate::diagnostic::{Diagnostic, Severity};

/// The default theme's files, written below `assets/`.
const DEFAULT_ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../themes/default/style.css")),
    (
        "highlight.css",
        include_str!("../../themes/default/highlight.css"),
    ),
    ("tldoc.js", include_str!("../../themes/default/tldoc.js")),
    ("search.js", include_str!("../../themes/default/search.js")),
];

/// The files that are not pages: the theme's assets (the site's own `themes/default/` over the
/// built-in ones), `.nojekyll`, and `CNAME` when the settings name a domain; and what reading
/// the theme reported.
pub(super) fn fixed_files(inputs: &Inputs<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut fixed = Vec::with_capacity(DEFAULT_ASSETS.len() + 2);
    let mut diagnostics = Vec::new();
    let site = crate::source::SiteDir::new(inputs.root);
    for (name, text) in DEFAULT_ASSETS {
        let shown = Path::new("themes/default").join(name);
        let own = inputs.root.join(&shown);
        let bytes = match site.check(&own, &shown).map(|()| std::fs::read(&own)) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                text.as_bytes().to_vec()
            }
            Ok(Err(error)) => {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        format!("cannot read `{}`: {error}", shown.display()),
                    )
                    .in_file(&shown),
                );
                continue;
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        fixed.push((format!("assets/{name}"), bytes));
    }
    fixed.push((".nojekyll".to_owned(), Vec::new()));
    if let Some(domain) = &inputs.config.cname {
        fixed.push(("CNAME".to_owned(), format!("{}\n", domain.0).into_bytes()));
    }
    (fixed, diagnostics)
}
