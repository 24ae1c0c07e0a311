//! Checks the links of a built site, as `tldoc check --links` does: every internal `href` and
//! `src` must lead to a file of the site, and every `#fragment` to an element of the target page
//! with that `id`.
//!
//! The build already refuses links in content to pages that do not exist, where it can point at
//! the line that wrote them. What only the finished pages can tell is whether an anchor exists
//! (a heading's id comes from its text, a parameter's row from the schema) and whether a
//! template or raw HTML in content links somewhere wrong; that is this module's job. Pages are
//! read with html5gum, a WHATWG-conforming tokenizer, so that comments, scripts and odd quoting
//! in raw HTML are read as a browser reads them.

use std::collections::{HashMap, HashSet};

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::content::resolve_relative;
use crate::render::OutputFile;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    /// The page holding the link, relative to the site's root.
    pub page: String,
    /// The link as written.
    pub link: String,
    /// What is wrong with it.
    pub problem: Problem,
}

/// Why a link is broken.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// The site has no file at the path the link resolves to (given, relative to the root), or
    /// the link climbs out of the site.
    NoFile(Option<String>),
    /// The target page (given) has no element with the fragment as its id.
    NoAnchor(String),
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            Problem::NoFile(Some(path)) => write!(f, "`{}`: the site has no `{path}`", self.link),
            Problem::NoFile(None) => write!(f, "`{}` leads out of the site", self.link),
            Problem::NoAnchor(page) => {
                let fragment = self.link.rsplit_once('#').map_or("", |(_, f)| f);
                write!(f, "`{}`: `{page}` has no anchor `{fragment}`", self.link)
            }
        }
    }
}

/// What one page holds: the ids of its elements and the links it makes.
#[derive(Default)]
struct Scanned {
    ids: HashSet<String>,
    links: Vec<String>,
}

/// Every broken internal link among `files`, sorted by page and link, each reported once per page.
pub fn check(files: &[OutputFile]) -> Vec<BrokenLink> {
    let paths: HashSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    let pages: HashMap<&str, Scanned> = files
        .par_iter()
        .filter(|(path, _)| is_html(path))
        .map(|(path, bytes)| (path.as_str(), scan(bytes)))
        .collect();
    let mut broken: Vec<BrokenLink> = pages
        .par_iter()
        .flat_map_iter(|(page, scanned)| {
            let mut seen = HashSet::new();
            scanned
                .links
                .iter()
                .filter(move |link| seen.insert(link.as_str()))
                .filter_map(|link| {
                    let problem = problem(page, link, &paths, &pages)?;
                    Some(BrokenLink {
                        page: (*page).to_owned(),
                        link: link.clone(),
                        problem,
                    })
                })
        })
        .collect();
    broken.sort();
    broken
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html")
}

/// What is wrong with `link` on `page`, if anything.
fn problem(
    page: &str,
    link: &str,
    paths: &HashSet<&str>,
    pages: &HashMap<&str, Scanned>,
) -> Option<Problem> {
    if is_external(link) {
        return None;
    }
    let (target, fragment) = match link.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (link, None),
    };
    // A query (`search.html?q=user`) is for the page's script; the file is what must exist.
    let target = target.split_once('?').map_or(target, |(path, _)| path);
    let resolved = if target.is_empty() {
        page.to_owned()
    } else {
        let decoded = percent_decode_str(target).decode_utf8_lossy();
        // A site-absolute path (`/methods/a.html`) is taken from the root.
        let dir = match decoded.starts_with('/') {
            true => "",
            false => page.rsplit_once('/').map_or("", |(dir, _)| dir),
        };
        let Some(mut resolved) = resolve_relative(dir, &decoded) else {
            return Some(Problem::NoFile(None));
        };
        if resolved.is_empty() || decoded.ends_with('/') {
            resolved = format!("{resolved}/index.html")
                .trim_start_matches('/')
                .to_owned();
        }
        resolved
    };
    if !paths.contains(resolved.as_str()) {
        return Some(Problem::NoFile(Some(resolved)));
    }
    let fragment = percent_decode_str(fragment.unwrap_or_default()).decode_utf8_lossy();
    // `#` alone, and `#top`, which browsers honour without an element, go to the top.
    if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
        return None;
    }
    let target_page = pages.get(resolved.as_str())?;
    (!target_page.ids.contains(fragment.as_ref())).then_some(Problem::NoAnchor(resolved))
}

/// Whether `link` leaves the site: it has a scheme (`https:`, `mailto:`, `data:`) or is
/// protocol-relative (`//host/path`).
fn is_external(link: &str) -> bool {
    if link.starts_with("//") {
        return true;
    }
    let scheme_end = link.find(':');
    let path_start = link.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The ids and the links (`href` of any element, `src` of any element) of a page.
fn scan(html: &[u8]) -> Scanned {
    /// Which attribute's value comes next, if one of interest.
    #[derive(Clone, Copy, PartialEq)]
    enum Wanted {
        Id,
        Link,
        Other,
    }
    let mut scanned = Scanned::default();
    let mut wanted = Wanted::Other;
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
        match event {
            CallbackEvent::AttributeName { name } => {
                wanted = match name {
                    b"id" => Wanted::Id,
                    b"href" | b"src" => Wanted::Link,
                    _ => Wanted::Other,
                };
            }
            CallbackEvent::AttributeValue { value } if wanted != Wanted::Other => {
                let value = String::from_utf8_lossy(value).trim().to_owned();
                if wanted == Wanted::Id {
                    scanned.ids.insert(value);
                } else {
                    scanned.links.push(value);
                }
                wanted = Wanted::Other;
            }
            CallbackEvent::OpenStartTag { .. } | CallbackEvent::CloseStartTag { .. } => {
                wanted = Wanted::Other;
            }
            _ => {}
        }
        None::<()>
    });
    // Script and style contents are text, as in a browser, not markup to look for links in.
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
    scanned
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> Vec<OutputFile> {
        pages
            .iter()
            .map(|(path, html)| ((*path).to_owned(), html.as_bytes().to_vec()))
            .collect()
    }

    fn reported(files: &[OutputFile]) -> Vec<String> {
        check(files)
            .iter()
            .map(|broken| format!("{}: {broken}", broken.page))
            .collect()
    }

    #[test]
    fn links_to_files_and_anchors_that_exist_pass() {
        let files = site(&[
            (
                "index.html",
                "<a href=\"methods/a.html#params\">a</a> <a href='#top'>top</a> \
                 <a href=search.html?q=x>q</a> <link href=\"assets/style.css\"> \
                 <a href=\"https://core.telegram.org/x#y\">ext</a> <a href=\"mailto:x@y\">m</a> \
                 <a href=\"methods/\">dir</a> <a href=\"#\">self</a>",
            ),
            (
                "methods/a.html",
                "<h2 id=\"params\">P</h2><a href=\"../index.html\">up</a>",
            ),
            ("methods/index.html", ""),
            ("search.html", ""),
            ("assets/style.css", "a{}"),
        ]);
        assert_eq!(reported(&files), Vec::<String>::new());
    }

    #[test]
    fn missing_files_anchors_and_escapes_are_reported_once_per_page() {
        let files = site(&[
            (
                "methods/a.html",
                "<a href=\"b.html\">b</a><a href=\"b.html\">again</a>\
                 <a href=\"../types/T.html#nope\">t</a><a href=\"#gone\">g</a>\
                 <img src=\"../../outside.png\"><a href=\"../types/T%20x.html\">sp</a>",
            ),
            ("types/T.html", "<p id=\"there\">"),
        ]);
        assert_eq!(
            reported(&files),
            [
                "methods/a.html: `#gone`: `methods/a.html` has no anchor `gone`",
                "methods/a.html: `../../outside.png` leads out of the site",
                "methods/a.html: `../types/T%20x.html`: the site has no `types/T x.html`",
                "methods/a.html: `../types/T.html#nope`: `types/T.html` has no anchor `nope`",
                "methods/a.html: `b.html`: the site has no `methods/b.html`",
            ]
        );
    }

    #[test]
    fn script_text_and_comments_are_not_links() {
        let files = site(&[(
            "index.html",
            "<script>var s = '<a href=\"nowhere.html\">';</script><!-- <a href=\"gone.html\"> -->\
             <code>&lt;a href=\"x.html\"&gt;</code>",
        )]);
        assert_eq!(reported(&files), Vec::<String>::new());
    }
}
