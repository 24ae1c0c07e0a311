//! Markdown to HTML: headings get GitHub's ids, links to `.md` sources become links to their
//! pages by the one rule for links ([`destination`]), inline code naming an entity links to it,
//! and every link to a page is reported with its place, for the build to check.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::html::{escape_html, first_sentence};

/// `methods/x.md` → `methods/x.html`.
pub fn md_to_html_path(path: &str) -> String {
    match path.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => path.to_owned(),
    }
}

/// What Markdown rendering asks of the site: which pages exist, and which inline code names an
/// entity (and so links to its page). Both answer with paths relative to the site root.
pub struct LinkResolver<'a> {
    /// Whether the site has a page at this path (`methods/x.html`).
    pub exists: &'a (dyn Fn(&str) -> bool + Sync),
    /// The page of the entity that inline code names, if it names one.
    pub autolink: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

impl LinkResolver<'_> {
    /// A resolver for text outside any site: every page exists, no code is linked.
    pub const NONE: LinkResolver<'static> = LinkResolver {
        exists: &|_| true,
        autolink: &|_| None,
    };
}

/// A link written in Markdown to another page of the site.
#[derive(Debug, Clone)]
pub struct Link {
    /// The destination as written: `../methods/x.md#flags`.
    pub written: String,
    /// The page it leads to, relative to the site root (`methods/x.html`), or `None` when it
    /// climbs out of the site.
    pub target: Option<String>,
    /// Whether that page exists; a link to a missing page is rendered as its text alone.
    pub exists: bool,
    /// Byte offset of the link in the Markdown text.
    pub offset: usize,
}

/// Markdown rendered to HTML, with the site-internal links it holds.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Links to `.md` pages, rewritten to `.html`, to be checked by the caller.
    pub links: Vec<Link>,
}

/// Where a piece of Markdown comes from, which decides what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A page's body: the author's own page, where raw HTML is published as written, as in
    /// other generators.
    Body,
    /// A value in front matter (a description, a parameter, an error): a field of data, so raw
    /// HTML in it is shown as text, and a link to a `javascript:` (or `vbscript:`, `data:`) URL
    /// as its words alone. Such values are often generated or copied from the schema's sources.
    Field,
}

/// Whether following `url` would run a script instead of opening a page.
pub fn is_script_url(url: &str) -> bool {
    // Browsers ignore leading spaces and control characters, and tabs and newlines anywhere in
    // a scheme, before they read it.
    let scheme: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// What a link leads to, by the one rule for links wherever they are written: in a body, in a
/// front-matter value, or as an entry of `related:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A script (see [`is_script_url`]) written in a field: never published as a link.
    Script,
    /// A `.md` source of the site: `href`, the link to the page it becomes (its fragment kept),
    /// and `target`, that page relative to the site root (`None` when the link climbs out of
    /// the site), to be checked.
    Page {
        /// The rewritten link: `../types/X.html#flags`.
        href: String,
        /// The page it reaches: `types/X.html`.
        target: Option<String>,
    },
    /// Anything else (a URL, `mailto:`, a `#fragment` of the same page, a file that is not
    /// Markdown): published as written; `tldoc check --links` checks what the built pages hold.
    AsWritten,
}

/// Where the link `dest`, written with `origin` for a page in `page_dir`, leads.
pub fn destination(dest: &str, page_dir: &str, origin: Origin) -> Destination {
    if origin == Origin::Field && is_script_url(dest) {
        return Destination::Script;
    }
    match rewrite_link(dest, page_dir) {
        Some((href, target)) => Destination::Page { href, target },
        None => Destination::AsWritten,
    }
}

/// Renders Markdown for a page in directory `page_dir` (relative to the site root, `""` for the
/// root, `methods` for a method page); `origin` says what it may hold.
///
/// Relative links to `.md` files become links to the generated `.html` pages. Inline code that
/// `autolink` recognises (an entity name) becomes a link to that entity's page: `autolink` returns
/// the page's path relative to the site root.
pub fn markdown_to_html(
    text: &str,
    page_dir: &str,
    origin: Origin,
    links: &LinkResolver<'_>,
) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let to_root = "../".repeat(depth(page_dir));
    let resolver = links;
    let mut links = Vec::new();
    let mut dropped_link = false;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<usize> = None;
    let mut slugs = HashMap::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html) if origin == Origin::Field => {
                Event::Text(html)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match destination(&dest_url, page_dir, origin) {
                    Destination::Script => {
                        dropped_link = true;
                        continue;
                    }
                    Destination::Page { href, target } => {
                        let exists = target.as_deref().is_some_and(|t| (resolver.exists)(t));
                        links.push(Link {
                            written: dest_url.to_string(),
                            target,
                            exists,
                            offset: range.start,
                        });
                        if !exists {
                            // Keep the text, drop the link: a reader is better served by words
                            // than by a link to a page that does not exist.
                            dropped_link = true;
                            continue;
                        }
                        CowStr::from(href)
                    }
                    Destination::AsWritten => dest_url,
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) if dropped_link => {
                dropped_link = false;
                continue;
            }
            Event::Code(code) => match (resolver.autolink)(&code) {
                Some(target) => {
                    let html = format!(
                        "<a href=\"{to_root}{}\"><code>{}</code></a>",
                        escape_html(&target),
                        escape_html(&code)
                    );
                    Event::InlineHtml(CowStr::from(html))
                }
                None => Event::Code(code),
            },
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(events.len());
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading.take() {
                    give_heading_an_id(&mut events, start, &mut slugs);
                }
                Event::End(TagEnd::Heading(level))
            }
            // pulldown-cmark writes `<br />`, XHTML's form; HTML's void element is `<br>`.
            Event::HardBreak => Event::InlineHtml(CowStr::Borrowed("<br>\n")),
            other => other,
        };
        events.push(event);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, links }
}

/// Sets the id of the heading opened at `events[start]` from its text, unless written with
/// `{#id}`, so every heading can be linked to; and makes its text a link to itself, as the
/// templates' headings are (unless it holds a link already: links cannot nest).
///
/// Ids are made the way GitHub makes them (see [`slug`]), a repeated one taking `-1`, `-2`, ...,
/// so that a link written while reading the sources on GitHub (`guide.md#steps`) finds the same
/// heading on the built page. `slugs` counts the ids given so far in the document.
fn give_heading_an_id<'a>(
    events: &mut Vec<Event<'a>>,
    start: usize,
    slugs: &mut HashMap<String, usize>,
) {
    let content = &events[start + 1..];
    let text: String = content
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect();
    let has_link = content
        .iter()
        .any(|event| matches!(event, Event::Start(Tag::Link { .. })));
    let Event::Start(Tag::Heading { id, .. }) = &mut events[start] else {
        return;
    };
    let id = match id {
        Some(written) => written.to_string(),
        None => {
            let base = slug(&text);
            let seen = slugs.entry(base.clone()).or_insert(0);
            let unique = match *seen {
                0 => base,
                n => format!("{base}-{n}"),
            };
            *seen += 1;
            *id = Some(CowStr::from(unique.clone()));
            unique
        }
    };
    if !has_link && !id.is_empty() {
        let open = format!("<a class=\"anchor\" href=\"#{}\">", escape_html(&id));
        events.insert(start + 1, Event::InlineHtml(CowStr::from(open)));
        events.push(Event::InlineHtml(CowStr::from("</a>")));
    }
}

/// A heading's id as GitHub makes it: lower-cased, spaces become `-`, and everything but letters,
/// digits, `_` and `-` is dropped (`1. List the sessions` → `1-list-the-sessions`). Our own, since
/// the slug crates make other ids (they fold `--`, transliterate, trim), and a link written while
/// reading the sources on GitHub must find the same heading on the built page.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.extend(c.to_lowercase());
        } else if c == ' ' {
            slug.push('-');
        }
    }
    slug
}

fn depth(page_dir: &str) -> usize {
    if page_dir.is_empty() {
        0
    } else {
        page_dir.split('/').count()
    }
}

/// For a relative link to a `.md` file: the rewritten href, and the page it reaches.
fn rewrite_link(dest: &str, page_dir: &str) -> Option<(String, Option<String>)> {
    let is_external = dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with('/')
        || dest.starts_with('#');
    if is_external {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let stem = path.strip_suffix(".md")?;
    let href = match fragment {
        Some(fragment) => format!("{stem}.html#{fragment}"),
        None => format!("{stem}.html"),
    };
    Some((href, resolve_relative(page_dir, &format!("{stem}.html"))))
}

/// `methods` + `../types/X.html` → `types/X.html`; `None` when it climbs above the root.
pub fn resolve_relative(page_dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = page_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The first sentence of a Markdown description, as plain text: for index rows and the search
/// index, where links would lead nowhere from another directory. Raw HTML counts as text, as
/// it shows in a description (see [`Origin::Field`]).
pub fn summary(markdown: &str) -> String {
    let text = words(markdown, |end, _| matches!(end, TagEnd::Paragraph));
    first_sentence(&text)
}

/// A Markdown description as plain text: its words without markup, paragraphs apart by a blank
/// line, for tools that cannot show Markdown.
pub fn plain_text(markdown: &str) -> String {
    let text = words(markdown, |end, text| {
        if matches!(end, TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) {
            text.push_str("\n\n");
        }
        false
    });
    text.trim_end().to_owned()
}

/// The words of `markdown` without markup, code and raw HTML as written, line breaks as
/// spaces; `at_end` is told of each block that ends, and stops the text there by returning true.
fn words(markdown: &str, mut at_end: impl FnMut(TagEnd, &mut String) -> bool) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(end) if at_end(end, &mut text) => break,
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_githubs_ids_and_link_to_themselves() {
        let rendered = markdown_to_html(
            "## 1. List the sessions\n\n## Steps\n\n## Steps\n\n## See [x](https://x.org)\n\n\
             ## Mine {#own}\n\n### `auth.logOut` & co.\n",
            "",
            Origin::Body,
            &LinkResolver::NONE,
        );
        assert_eq!(
            rendered.html,
            "<h2 id=\"1-list-the-sessions\"><a class=\"anchor\" href=\"#1-list-the-sessions\">1. List \
             the sessions</a></h2>\n\
             <h2 id=\"steps\"><a class=\"anchor\" href=\"#steps\">Steps</a></h2>\n\
             <h2 id=\"steps-1\"><a class=\"anchor\" href=\"#steps-1\">Steps</a></h2>\n\
             <h2 id=\"see-x\">See <a href=\"https://x.org\">x</a></h2>\n\
             <h2 id=\"own\"><a class=\"anchor\" href=\"#own\">Mine</a></h2>\n\
             <h3 id=\"authlogout--co\"><a class=\"anchor\" href=\"#authlogout--co\"><code>auth.logOut</code> \
             &amp; co.</a></h3>\n"
        );
    }

    #[test]
    fn links_to_sources_become_links_to_pages() {
        let rendered = markdown_to_html(
            "See [user](../constructors/user.md#flags), [web](https://core.telegram.org) and \
             [up](../../x.md) and [gone](gone.md).",
            "methods",
            Origin::Body,
            &LinkResolver {
                exists: &|target| target != "methods/gone.html",
                autolink: &|_| None,
            },
        );
        assert!(
            rendered
                .html
                .contains("href=\"../constructors/user.html#flags\"")
        );
        assert!(rendered.html.contains("href=\"https://core.telegram.org\""));
        let targets: Vec<_> = rendered.links.iter().map(|l| l.target.clone()).collect();
        assert_eq!(
            targets,
            [
                Some("constructors/user.html".to_owned()),
                None,
                Some("methods/gone.html".to_owned())
            ]
        );
        assert!(
            rendered.html.contains(" and gone.</p>"),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.links[0].offset, 4);
    }

    #[test]
    fn inline_code_naming_an_entity_is_linked() {
        let resolver = LinkResolver {
            exists: &|_| true,
            autolink: &|code| {
                (code == "auth.logOut").then(|| "methods/auth.logOut.html".to_owned())
            },
        };
        let rendered = markdown_to_html(
            "Call `auth.logOut` or `user`.",
            "guides/deep",
            Origin::Body,
            &resolver,
        );
        assert!(
            rendered.html.contains(
                "<a href=\"../../methods/auth.logOut.html\"><code>auth.logOut</code></a>"
            )
        );
        assert!(rendered.html.contains("<code>user</code>"));
    }

    #[test]
    fn raw_html_is_text_in_a_field_and_markup_in_a_body() {
        let markdown = "<b>bold</b> and [run](javascript:alert(1)) and [go]( JavaScript:x)\n";
        let field = markdown_to_html(markdown, "", Origin::Field, &LinkResolver::NONE);
        assert_eq!(
            field.html,
            "<p>&lt;b&gt;bold&lt;/b&gt; and run and go</p>\n"
        );
        let body = markdown_to_html(markdown, "", Origin::Body, &LinkResolver::NONE);
        assert!(
            body.html
                .starts_with("<p><b>bold</b> and <a href=\"javascript:alert(1)\">")
        );
    }

    #[test]
    fn script_urls() {
        for url in [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "java\tscript:x",
            "data:text/html,x",
        ] {
            assert!(is_script_url(url), "{url}");
        }
        for url in [
            "https://x.org/javascript:",
            "javascript.md",
            "../data.md",
            "#javascript",
        ] {
            assert!(!is_script_url(url), "{url}");
        }
    }

    #[test]
    fn first_sentence_as_plain_text() {
        assert_eq!(
            summary("Log out an active [session](x.md). More text.\n\nNext paragraph."),
            "Log out an active session."
        );
    }
}
