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

use rayon::prelude::*;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Appended, Diagnostic, Diagnostics, FileId, SourceMap, Span};
use crate::model::EntityKind;
use crate::yaml;

mod markdown;

pub use markdown::{
    Destination, Link, LinkResolver, Origin, Rendered, destination, is_script_url,
    markdown_to_html, md_to_html_path, plain_text, resolve_relative, slug, summary,
};

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
    /// The home page's index in `pages`.
    home: Option<usize>,
    /// The index in `pages` of the page documenting each method, constructor and type, by
    /// name: looked up by a borrowed name, since a build asks tens of thousands of times.
    entities: [HashMap<String, usize>; 3],
}

impl Content {
    /// The page documenting this entity, or the home page.
    pub fn page(&self, kind: &PageKind) -> Option<&ContentPage> {
        match kind {
            PageKind::Home => self.home.map(|index| &self.pages[index]),
            PageKind::Free => None,
            entity => {
                let (kind, name) = entity.entity()?;
                self.entity(kind, name)
            }
        }
    }

    /// The page documenting the entity of this kind and name.
    pub fn entity(&self, kind: EntityKind, name: &str) -> Option<&ContentPage> {
        let index = *self.entities[entity_slot(kind)].get(name)?;
        Some(&self.pages[index])
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

    /// The same content, its files moved into another source map as `appended` says.
    pub fn appended(mut self, appended: Appended) -> Content {
        for page in &mut self.pages {
            page.file = appended.id(page.file);
        }
        self
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
        // path order in between, so a file keeps its id from one load to the next. Where each
        // leads was checked as it was found.
        let texts: Vec<_> = found
            .par_iter()
            .map(|(path, _)| crate::source::read_text(path))
            .collect();
        let mut files = Vec::with_capacity(found.len());
        for ((_, relative), text) in found.into_iter().zip(texts) {
            let shown = PathBuf::from("content").join(&relative);
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
                match page.kind.entity() {
                    Some((kind, name)) => {
                        content.entities[entity_slot(kind)].insert(name.to_owned(), index);
                    }
                    None if page.kind == PageKind::Home => content.home = Some(index),
                    None => {}
                }
                content.pages.push(page);
            }
        }
        content
    }
}

/// Where in [`Content::entities`] the pages of entities of `kind` are.
fn entity_slot(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Method => 0,
        EntityKind::Constructor => 1,
        EntityKind::Type => 2,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
