//! The templates: the embedded defaults, a site's own over them, and their errors as diagnostics
//! located in the site's files.
//!
//! They are loaded once, with the site ([`crate::site::Site::load`]), so that building is free of
//! side effects: each site file is registered in the source map once, where its errors point.
//! A site's file replaces the default of the same name whole, which is why every piece of markup
//! a site may want to change has a small file of its own (`tl-line.html`, `entity-link.html`).
//! Tera reports what its checks find as text it has laid out itself; that is taken apart here
//! and told again in the form of every other diagnostic.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tera::Tera;

use crate::diagnostic::{Appended, Diagnostic, Diagnostics, FileId, Severity, SourceMap, Span};
use crate::examples;

/// The default templates, embedded so that an installed `tldoc` builds any site. A site's own
/// `templates/` overrides them file by file.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("method.html", include_str!("../../templates/method.html")),
    (
        "constructor.html",
        include_str!("../../templates/constructor.html"),
    ),
    ("type.html", include_str!("../../templates/type.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("list.html", include_str!("../../templates/list.html")),
    (
        "builtins.html",
        include_str!("../../templates/builtins.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "definition.html",
        include_str!("../../templates/definition.html"),
    ),
    (
        "parameters.html",
        include_str!("../../templates/parameters.html"),
    ),
    ("related.html", include_str!("../../templates/related.html")),
    ("usage.html", include_str!("../../templates/usage.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("since.html", include_str!("../../templates/since.html")),
    ("history.html", include_str!("../../templates/history.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    (
        "changes-index.html",
        include_str!("../../templates/changes-index.html"),
    ),
    ("removed.html", include_str!("../../templates/removed.html")),
    ("error.html", include_str!("../../templates/error.html")),
    (
        "errors-index.html",
        include_str!("../../templates/errors-index.html"),
    ),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("entity.md", include_str!("../../templates/entity.md")),
    ("llms.txt", include_str!("../../templates/llms.txt")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    (
        "coverage.html",
        include_str!("../../templates/coverage.html"),
    ),
    ("tl-line.html", include_str!("../../templates/tl-line.html")),
    ("tl-type.html", include_str!("../../templates/tl-type.html")),
    (
        "entity-link.html",
        include_str!("../../templates/entity-link.html"),
    ),
    ("change.html", include_str!("../../templates/change.html")),
    (
        "sidebar-namespaces.html",
        include_str!("../../templates/sidebar-namespaces.html"),
    ),
    ("header.html", include_str!("../../templates/header.html")),
    ("sidebar.html", include_str!("../../templates/sidebar.html")),
];

/// The loaded templates, and which of them come from the site's own files (for locating errors).
pub struct Templates {
    pub(super) tera: Tera,
    /// The file of each template of the site's own, by name.
    pub(super) files: HashMap<String, FileId>,
}

impl Templates {
    /// The same templates, their files renumbered after `sources` joined another map (see
    /// [`SourceMap::append`]).
    pub fn appended(mut self, appended: Appended) -> Templates {
        for file in self.files.values_mut() {
            *file = appended.id(*file);
        }
        self
    }
}

/// Loads the templates: the embedded defaults, then the site's own `templates/**` over them.
pub fn load_templates(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Templates> {
    let mut templates: BTreeMap<String, (String, Option<FileId>)> = DEFAULT_TEMPLATES
        .iter()
        .chain(examples::DEFAULT_TEMPLATES)
        .map(|(name, text)| ((*name).to_owned(), ((*text).to_owned(), None)))
        .collect();
    let dir = root.join("templates");
    let site = crate::source::SiteDir::new(root);
    for (path, relative) in site.files(&dir, |_| true, diagnostics) {
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let shown = Path::new("templates").join(&relative);
        if let Some(file) = site.read_source(&path, &shown, sources, diagnostics) {
            templates.insert(name, (sources.file(file).text.clone(), Some(file)));
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    // The same escaping as Tera's own, written in runs rather than a byte at a time.
    tera.set_escape_fn(crate::html::write_escaped_html);
    let files: HashMap<String, FileId> = templates
        .iter()
        .filter_map(|(name, (_, file))| file.map(|file| (name.clone(), file)))
        .collect();
    let result = tera.add_raw_templates(
        templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str())),
    );
    match result {
        Ok(()) => Some(Templates { tera, files }),
        Err(error) => {
            let checked = match error.kind() {
                tera::ErrorKind::Msg(message) => checked_references(message, &files, sources),
                _ => Vec::new(),
            };
            if checked.is_empty() {
                diagnostics.push(template_diagnostic(&error, &files, sources));
            }
            for diagnostic in checked {
                diagnostics.push(diagnostic);
            }
            None
        }
    }
}

/// Once every template is parsed, Tera checks what they refer to (filters, tests, blocks of the
/// parent, components) and returns every problem as one message of reports it has rendered
/// itself, `error: MESSAGE` then ` --> NAME:LINE:COLUMN` and a snippet. Each is taken apart here
/// so that it is shown like every other diagnostic, in the site's own file. Empty when the
/// message is not made of such reports.
fn checked_references(
    message: &str,
    files: &HashMap<String, FileId>,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for report in message.split("\n\nerror: ") {
        let mut lines = report.lines();
        let Some(headline) = lines.next() else {
            return Vec::new();
        };
        let headline = headline.strip_prefix("error: ").unwrap_or(headline);
        let place = lines
            .next()
            .and_then(|line| line.trim_start().strip_prefix("--> "))
            .and_then(|place| {
                let mut parts = place.rsplitn(3, ':');
                let column: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                Some((parts.next()?, line, column))
            });
        let Some((name, line, column)) = place else {
            return Vec::new();
        };
        // The underline is the snippet's line made only of carets.
        let width = lines
            .filter_map(|line| Some(line.split_once('|')?.1.trim()))
            .find(|marks| !marks.is_empty() && marks.chars().all(|c| c == '^'))
            .map_or(0, str::len);
        let message = format!("template error: {headline}");
        found.push(match files.get(name) {
            Some(&file) => {
                let source = sources.file(file);
                let start = source.offset(line, column);
                let end = source.text[start..]
                    .char_indices()
                    .nth(width)
                    .map_or(source.text.len(), |(at, _)| start + at);
                Diagnostic::error(message, Span::new(file, start..end), "")
            }
            None => Diagnostic::new(Severity::Error, message).in_file(format!(
                "templates/{name} (built in) at line {line}, column {column}"
            )),
        });
    }
    found
}

/// A Tera error as a diagnostic, located in the template file when it is one of the site's.
pub(super) fn template_diagnostic(
    error: &tera::Error,
    files: &HashMap<String, FileId>,
    sources: &SourceMap,
) -> Diagnostic {
    if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
        error.kind()
    {
        let span = report.span();
        if let Some(&file) = files.get(report.filename()) {
            let start = sources
                .file(file)
                .offset(span.start_line, span.start_col + 1);
            let end = start + (span.range.end - span.range.start);
            return Diagnostic::error(
                format!("template error: {}", report.message()),
                Span::new(file, start..end.min(sources.file(file).text.len())),
                "",
            );
        }
        return Diagnostic::new(
            Severity::Error,
            format!("template error: {}", report.message()),
        )
        .in_file(format!(
            "templates/{} (built in) at line {}, column {}",
            report.filename(),
            span.start_line,
            span.start_col + 1
        ));
    }
    Diagnostic::new(Severity::Error, format!("template error: {error}"))
}
