//! Content: the Markdown files of `content/`, their YAML front matter, and Markdown to HTML.
//!
//! `content/methods/NAME.md`, `content/constructors/NAME.md` and `content/types/NAME.md` describe
//! schema entities; `content/index.md` is the home page; any other `.md` is a free page published
//! at the same path. Links between pages are written as relative links to the `.md` sources, so
//! they work when browsing the sources on GitHub; [`markdown_to_html`] rewrites them to the
//! generated pages and reports each one so the build can check it.
//!
//! A link follows one rule wherever it is written, in a body, a front-matter value or
//! `related:` ([`destination`]), and a problem with one is located where the YAML parser says
//! its value is written ([`FrontPlaces`]), never by searching the file for its text: a value's
//! words may well be written in another value too.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, SourceMap, Span};
use crate::html::{escape_html, first_sentence};
use crate::model::EntityKind;
use crate::yaml;

/// What a content file documents.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// `content/methods/NAME.md`.
    Method(String),
    /// `content/constructors/NAME.md`.
    Constructor(String),
    /// `content/types/NAME.md`.
    Type(String),
    /// `content/index.md`.
    Home,
    /// Any other Markdown file.
    Free,
}

impl PageKind {
    /// The kind and name of the entity it documents, if it documents one.
    pub fn entity(&self) -> Option<(EntityKind, &str)> {
        match self {
            PageKind::Method(name) => Some((EntityKind::Method, name)),
            PageKind::Constructor(name) => Some((EntityKind::Constructor, name)),
            PageKind::Type(name) => Some((EntityKind::Type, name)),
            PageKind::Home | PageKind::Free => None,
        }
    }
}

/// A possible error written in front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorEntry {
    /// `400`.
    pub code: i32,
    /// `HASH_INVALID`.
    #[serde(rename = "type")]
    pub name: String,
    /// What it means (Markdown).
    #[serde(default)]
    pub description: Option<String>,
}

/// The YAML front matter of a content file. Unknown keys are errors: a typo must not pass.
/// ([`FrontPlaces`] says where each value is written.)
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatter {
    /// Page title (entity pages default to the entity's name).
    pub title: Option<String>,
    /// Description (Markdown).
    pub description: Option<String>,
    /// Parameter name → description (Markdown).
    pub params: BTreeMap<String, String>,
    /// Possible errors; they win over `methods.csv`.
    pub errors: Option<Vec<ErrorEntry>>,
    /// Whether bots may use the method; wins over `methods.csv`.
    pub bots: Option<bool>,
    /// Related pages: relative links to `.md` files.
    pub related: Vec<String>,
    /// Example language (`php`, as in `examples:` of `tldoc.yaml`) → what its tab shows instead
    /// of the generated example.
    pub examples: BTreeMap<String, ExampleOverride>,
}

/// What a method page says of one language's example, in front matter:
/// `examples: {php: {unavailable: "…"}, python: {code: "…"}, javascript: {omit: [random_id]}}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExampleOverride {
    /// The client does not let its users call the method: why, and what to call instead
    /// (Markdown). The tab shows this note instead of code.
    pub unavailable: Option<String>,
    /// Parameters the client fills itself (`random_id`), left out of the generated example.
    pub omit: Vec<String>,
    /// A hand-written example, shown instead of the generated one.
    pub code: Option<String>,
}

/// Where the values of a page's front matter are written in its file: byte ranges, as the YAML
/// parser reported them, for diagnostics about the values to point at.
#[derive(Debug, Clone, Default)]
pub struct FrontPlaces {
    /// Each top-level key (`examples`).
    pub keys: BTreeMap<String, Range<usize>>,
    /// The description's value.
    pub description: Option<Range<usize>>,
    /// Each documented parameter: where its name (the key) and its description are written.
    pub params: BTreeMap<String, (Range<usize>, Range<usize>)>,
    /// Each error's description, in the order of [`FrontMatter::errors`].
    pub errors: Vec<Option<Range<usize>>>,
    /// Each entry of `related`.
    pub related: Vec<Range<usize>>,
    /// Each language of `examples`: where its override is written.
    pub examples: BTreeMap<String, ExamplePlaces>,
}

/// Where one language's example override is written in front matter.
#[derive(Debug, Clone, Default)]
pub struct ExamplePlaces {
    /// The language's key (`php`).
    pub language: Range<usize>,
    /// The `unavailable` note.
    pub unavailable: Option<Range<usize>>,
    /// Each entry of `omit`.
    pub omit: Vec<Range<usize>>,
}

/// The values of front matter that diagnostics point at, read with their places.
///
/// Read apart from [`FrontMatter`], and only for a page that has something to report: the places
/// cost a fifth of the reading, and a build needs them for a few pages in a thousand. Unknown
/// keys pass here; [`FrontMatter`] refused them already.
#[derive(Default, Deserialize)]
#[serde(default)]
struct WrittenFront {
    description: Option<Spanned<String>>,
    params: BTreeMap<yaml::Key, Spanned<String>>,
    errors: Option<Vec<WrittenError>>,
    related: Vec<Spanned<String>>,
    examples: BTreeMap<yaml::Key, WrittenExample>,
}

/// An [`ExampleOverride`] as written, for the places of its values.
#[derive(Default, Deserialize)]
#[serde(default)]
struct WrittenExample {
    unavailable: Option<Spanned<String>>,
    omit: Vec<Spanned<String>>,
}

/// An [`ErrorEntry`] as written, for the place of its description.
#[derive(Deserialize)]
struct WrittenError {
    #[serde(default)]
    description: Option<Spanned<String>>,
}

impl WrittenFront {
    /// The places of the values, for YAML starting at byte `start` of its file.
    fn places(&self, start: usize) -> FrontPlaces {
        let place = |value: &Spanned<String>| yaml::place(value, start);
        FrontPlaces {
            keys: BTreeMap::new(),
            description: self.description.as_ref().map(place),
            params: self
                .params
                .iter()
                .map(|(key, value)| (key.0.value.clone(), (place(&key.0), place(value))))
                .collect(),
            errors: self
                .errors
                .iter()
                .flatten()
                .map(|error| error.description.as_ref().map(place))
                .collect(),
            related: self.related.iter().map(place).collect(),
            examples: self
                .examples
                .iter()
                .map(|(language, written)| {
                    let places = ExamplePlaces {
                        language: place(&language.0),
                        unavailable: written.unavailable.as_ref().map(place),
                        omit: written.omit.iter().map(place).collect(),
                    };
                    (language.0.value.clone(), places)
                })
                .collect(),
        }
    }
}

/// One content file, loaded.
#[derive(Debug)]
pub struct ContentPage {
    /// The file in the source map.
    pub file: FileId,
    /// Path below `content/`, with `/` separators: `methods/auth.logOut.md`.
    pub path: String,
    /// What it documents.
    pub kind: PageKind,
    /// Its front matter.
    pub front: FrontMatter,
    /// Where the front matter's values are written, once asked for (see [`ContentPage::places`]).
    places: OnceLock<FrontPlaces>,
    /// Byte offset of the Markdown body in the file.
    pub body_start: usize,
    /// Byte range of the front matter's YAML in the file (empty when there is none).
    pub front_range: std::ops::Range<usize>,
}

impl ContentPage {
    /// The page it is published as, relative to the site root: `methods/auth.logOut.html`.
    pub fn output_path(&self) -> String {
        md_to_html_path(&self.path)
    }

    /// Where the front matter's values are written in the page's file, whose text is `text`:
    /// read from the YAML again on the first call (see [`WrittenFront`]).
    pub fn places(&self, text: &str) -> &FrontPlaces {
        self.places.get_or_init(|| {
            let yaml = text.get(self.front_range.clone()).unwrap_or_default();
            let start = self.front_range.start;
            let mut places = serde_saphyr::from_str::<WrittenFront>(yaml)
                .map(|written| written.places(start))
                .unwrap_or_default();
            // The keys' own places, read apart: a struct's fields are values to serde.
            let keys: BTreeMap<yaml::Key, serde::de::IgnoredAny> =
                serde_saphyr::from_str(yaml).unwrap_or_default();
            places.keys = keys
                .into_keys()
                .map(|key| (key.0.value.clone(), yaml::place(&key.0, start)))
                .collect();
            places
        })
    }

    /// The byte offset in the page's file (whose text is `text`) of each of `links`, found in
    /// Markdown written `at` the body or a front-matter value.
    ///
    /// A body is the Markdown byte for byte. A YAML value is not (quotes, escapes and folded
    /// lines change it), so a link in one is found by its destination as written, inside that
    /// value alone: the n-th link with a destination at the n-th place it is written. Links with
    /// the same destination lead to the same page, so the broken ones may be given alone.
    pub fn link_offsets(&self, text: &str, at: Written<'_>, links: &[Link]) -> Vec<usize> {
        if at == Written::Body {
            return links
                .iter()
                .map(|link| self.body_start + link.offset)
                .collect();
        }
        if links.is_empty() {
            return Vec::new();
        }
        let places = self.places(text);
        let place = match at {
            Written::Body => None,
            Written::Description => places.description.as_ref(),
            Written::Param(name) => places.params.get(name).map(|(_, value)| value),
            Written::ErrorDescription(index) => places.errors.get(index).and_then(Option::as_ref),
            Written::ExampleNote(language) => places
                .examples
                .get(language)
                .and_then(|example| example.unavailable.as_ref()),
        };
        let start = self.front_range.start;
        let range = place.cloned().unwrap_or(start..start);
        let value = text.get(range.clone()).unwrap_or_default();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        links
            .iter()
            .map(|link| {
                let nth = seen.entry(link.written.as_str()).or_insert(0);
                let found = value.match_indices(link.written.as_str()).nth(*nth);
                *nth += 1;
                found.map_or(range.start, |(at, _)| range.start + at)
            })
            .collect()
    }
}

/// Where a piece of a content page's Markdown is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written<'a> {
    /// The body: the author's own page (see [`Origin::Body`]).
    Body,
    /// The front matter's `description` (this and the others: see [`Origin::Field`]).
    Description,
    /// The description of the parameter of this name, in `params`.
    Param(&'a str),
    /// The description of the error at this index of `errors`.
    ErrorDescription(usize),
    /// The `unavailable` note of the example in this language, in `examples`.
    ExampleNote(&'a str),
}

impl Written<'_> {
    /// What the Markdown may hold, which follows from where it is written.
    pub fn origin(self) -> Origin {
        match self {
            Written::Body => Origin::Body,
            _ => Origin::Field,
        }
    }
}

/// Every content file of a site.
#[derive(Debug, Default)]
pub struct Content {
    /// The files, in path order.
    pub pages: Vec<ContentPage>,
    by_kind: HashMap<PageKind, usize>,
}

impl Content {
    /// The page documenting this entity, or the home page.
    pub fn page(&self, kind: &PageKind) -> Option<&ContentPage> {
        self.by_kind.get(kind).map(|&index| &self.pages[index])
    }

    /// Parses again the page at `index`, whose file's text in `sources` was replaced by an edit.
    /// `false`, leaving the page as it was, when the new text does not parse (the diagnostics
    /// say why): the page then drops out of the site, which only a whole load can show.
    pub fn reparse(
        &mut self,
        index: usize,
        sources: &SourceMap,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        let Some(page) = self.pages.get(index) else {
            return false;
        };
        match parse_page(page.file, page.path.clone(), sources, diagnostics) {
            Some(parsed) => {
                self.pages[index] = parsed;
                true
            }
            None => false,
        }
    }

    /// Loads every `.md` file below `root/content`, reporting unreadable files and bad front
    /// matter. A site without `content/` has no content, which is fine.
    pub fn load(root: &Path, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> Content {
        let dir = root.join("content");
        let mut content = Content::default();
        let site = crate::source::SiteDir::new(root);
        let is_markdown = |path: &Path| path.extension().is_some_and(|ext| ext == "md");
        let found: Vec<(PathBuf, String)> = site
            .files(&dir, is_markdown, diagnostics)
            .into_iter()
            .map(|(path, relative)| (path, slash_path(&relative)))
            .collect();
        // Reading and parsing are per file and done in parallel; the files are registered in
        // path order in between, so a file keeps its id from one load to the next.
        let texts: Vec<_> = found
            .par_iter()
            .map(|(path, relative)| {
                site.check(path, &PathBuf::from("content").join(relative))
                    .map(|()| crate::source::read_text(path))
            })
            .collect();
        let mut files = Vec::with_capacity(found.len());
        for ((_, relative), text) in found.into_iter().zip(texts) {
            let shown = PathBuf::from("content").join(&relative);
            let text = match text {
                Ok(text) => text,
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    continue;
                }
            };
            if let Some(file) = crate::source::register_source(text, &shown, sources, diagnostics) {
                files.push((file, relative));
            }
        }
        let sources = &*sources;
        let parsed: Vec<(Option<ContentPage>, Diagnostics)> = files
            .into_par_iter()
            .map(|(file, relative)| {
                let mut found = Diagnostics::new();
                (parse_page(file, relative, sources, &mut found), found)
            })
            .collect();
        for (page, found) in parsed {
            diagnostics.extend(found);
            if let Some(page) = page {
                let index = content.pages.len();
                if page.kind != PageKind::Free {
                    content.by_kind.insert(page.kind.clone(), index);
                }
                content.pages.push(page);
            }
        }
        content
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn kind_of(path: &str) -> PageKind {
    let entity = |folder: &str| {
        path.strip_prefix(folder)
            .and_then(|rest| rest.strip_suffix(".md"))
            .filter(|name| !name.contains('/') && *name != "index")
            .map(str::to_owned)
    };
    if path == "index.md" {
        PageKind::Home
    } else if let Some(name) = entity("methods/") {
        PageKind::Method(name)
    } else if let Some(name) = entity("constructors/") {
        PageKind::Constructor(name)
    } else if let Some(name) = entity("types/") {
        PageKind::Type(name)
    } else {
        PageKind::Free
    }
}

/// Splits a registered content file into front matter and body and parses the front matter;
/// `path` is its path below `content/`, which says what it documents. `None` when the front
/// matter is unterminated or does not parse (reported into `diagnostics`).
pub fn parse_page(
    file: FileId,
    path: String,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<ContentPage> {
    let text = &sources.file(file).text;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let (front_range, body_start) = match front_matter_bounds(text, bom) {
        Some(bounds) => bounds,
        None if text[bom..].starts_with("---") => {
            diagnostics.push(
                Diagnostic::error(
                    "unterminated front matter",
                    Span::new(file, bom..bom + 3),
                    "front matter starts here",
                )
                .with_note("front matter ends with a line holding only `---`"),
            );
            return None;
        }
        None => (bom..bom, bom),
    };
    let yaml = &text[front_range.clone()];
    let front = if yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        match yaml::parse_range::<FrontMatter>(sources, file, front_range.clone()) {
            Ok(front) => front,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return None;
            }
        }
    };
    Some(ContentPage {
        file,
        kind: kind_of(&path),
        path,
        front,
        places: OnceLock::new(),
        body_start,
        front_range,
    })
}

/// The YAML between a first line `---` and the next line `---`, and where the body starts.
fn front_matter_bounds(text: &str, from: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let rest = &text[from..];
    let first_line_end = rest.find('\n')?;
    if rest[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = from + first_line_end + 1;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |end| line_start + end);
        if text[line_start..line_end].trim_end() == "---" {
            let body_start = (line_end + 1).min(text.len());
            return Some((yaml_start..line_start, body_start));
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    None
}

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
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) => break,
            _ => {}
        }
    }
    first_sentence(&text)
}

/// A Markdown description as plain text: its words without markup, paragraphs apart by a blank
/// line, for tools that cannot show Markdown.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                text.push_str("\n\n");
            }
            _ => {}
        }
    }
    text.trim_end().to_owned()
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
    fn links_are_placed_where_they_are_written_in_the_file() {
        let text = "---\ndescription: \"[a](x.md), [b](x.md)\"\nparams: {p: \"[c](x.md)\"}\n---\n\
                    [d](x.md)\n";
        let mut sources = SourceMap::new();
        let file = sources.add("content/methods/m.md", text.to_owned());
        let page = parse_page(
            file,
            "methods/m.md".into(),
            &sources,
            &mut Diagnostics::new(),
        )
        .expect("the page parses");
        let places = |markdown: &str, at: Written<'_>| -> Vec<(usize, &str)> {
            let links = markdown_to_html(markdown, "methods", at.origin(), &LinkResolver::NONE);
            page.link_offsets(text, at, &links.links)
                .into_iter()
                .map(|offset| {
                    let line = text[..offset].matches('\n').count() + 1;
                    (line, &text[offset..offset + 4])
                })
                .collect()
        };
        let description = page.front.description.as_deref().unwrap();
        assert_eq!(
            places(description, Written::Description),
            [(2, "x.md"), (2, "x.md")]
        );
        let found = page.link_offsets(
            text,
            Written::Description,
            &markdown_to_html(description, "methods", Origin::Field, &LinkResolver::NONE).links,
        );
        assert_eq!(found[1] - found[0], "x.md), [b](".len());
        assert_eq!(
            places(&page.front.params["p"], Written::Param("p")),
            [(3, "x.md")]
        );
        assert_eq!(
            places(&text[page.body_start..], Written::Body),
            [(5, "[d](")]
        );
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let text = "---\ndescription: x\n---\nBody\n";
        let (range, body) = front_matter_bounds(text, 0).unwrap();
        assert_eq!(&text[range], "description: x\n");
        assert_eq!(&text[body..], "Body\n");
        assert!(front_matter_bounds("---\nnever closed\n", 0).is_none());
        let crlf = "---\r\ndescription: x\r\n---\r\nBody";
        let (range, body) = front_matter_bounds(crlf, 0).unwrap();
        assert_eq!(&crlf[range], "description: x\r\n");
        assert_eq!(&crlf[body..], "Body");
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
