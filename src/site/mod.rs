//! A site directory: loading it, building it, writing the output.
//!
//! The pipeline reads top to bottom: [`Site::load`] reads the settings, the schema (parsed and
//! resolved into the model), Telethon's CSV data, the content and the templates;
//! [`Site::build`] renders every page in memory, and changes nothing (build twice, get the same
//! twice); [`Site::build_into`] renders the same straight into a [`Staging`] directory, page by
//! page, which takes the output's place atomically once all is well. Loading never stops at the first
//! problem: whatever cannot be read is reported, and everything else still loads, so one run
//! lists every diagnostic. [`LiveSite`] keeps a built site in memory and applies edits to it,
//! rendering again only what they touch: `tldoc serve` and the tests of that both use it.

mod incremental;
mod layers;
mod output;
mod sidecars;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, ContentPage};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceMap, Span};
use crate::errors::ErrorCatalog;
use crate::highlight::Highlighter;
use crate::history::History;
use crate::model::{Combinator, EntityKind, Schema};
use crate::render::{self, OutputFile, Rendered, Templates};
use crate::schema;
use crate::telethon::TelethonData;

pub use incremental::{LiveSite, Update};
pub use output::{MANIFEST, Staging};

/// A loaded site.
pub struct Site {
    /// The site's root directory.
    pub root: PathBuf,
    /// Every file read, for diagnostics and source locations.
    pub sources: SourceMap,
    /// `tldoc.yaml`.
    pub config: Config,
    /// The resolved schema.
    pub schema: Schema,
    /// The schema's history across the earlier layers that `history:` names, if it names any.
    pub history: Option<History>,
    /// `errors.csv` and `methods.csv`.
    pub telethon: TelethonData,
    /// The content files.
    pub content: Content,
    /// Every RPC error the CSV data and the content name, with the methods that return it.
    pub errors: ErrorCatalog,
    /// The templates, the site's own over the built-in ones; `None` when they have errors.
    templates: Option<Templates>,
    /// Everything loading found wrong.
    pub diagnostics: Diagnostics,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("root", &self.root)
            .field("schema", &self.schema)
            .field("content", &self.content)
            .field("diagnostics", &self.diagnostics)
            .finish_non_exhaustive()
    }
}

/// What [`Site::build_into`] gave.
pub struct Written {
    /// How many files were written; `None` when an error was found, and nothing was.
    pub files: Option<usize>,
    /// What loading reported, then what rendering and writing reported.
    pub diagnostics: Diagnostics,
}

/// What a build gave.
pub struct Build {
    /// Every file of the site, in path order; `None` when an error was found.
    pub files: Option<Vec<OutputFile>>,
    /// What loading reported, then what rendering reported, each in the order of their places.
    pub diagnostics: Diagnostics,
}

impl Site {
    /// Loads the site at `root`: settings, schema, CSV data, content and templates.
    pub fn load(root: &Path) -> Site {
        let mut sources = SourceMap::new();
        let mut diagnostics = Diagnostics::new();
        let config = Config::load(root, &mut sources, &mut diagnostics);
        let errors = diagnostics.error_count();
        // The content and the templates need nothing of the schema or its history, so they are
        // read beside them, each into a map of its own that joins the run's afterwards (in the
        // order they were always added, so every file keeps its id). Telethon's files come
        // right after the schema's, in the run's own map.
        let ((schema, layers, telethon), (content, templates)) = rayon::join(
            || {
                let files = schema::read_site(root, &mut sources, &mut diagnostics);
                let mut schema = schema::resolve_site(
                    root,
                    files.as_deref(),
                    errors,
                    config.ids,
                    &sources,
                    &mut diagnostics,
                );
                apply_layer_setting(&mut schema, &config, &mut diagnostics);
                check_version_setting(&schema, &config, &mut diagnostics);
                let layers = layers::plan(
                    root,
                    &config,
                    &schema,
                    files.as_deref().unwrap_or_default(),
                    &sources,
                    &mut diagnostics,
                )
                .map(layers::Plan::load);
                let telethon = TelethonData::load(root, &mut sources, &mut diagnostics);
                (schema, layers, telethon)
            },
            || {
                rayon::join(
                    || {
                        let mut sources = SourceMap::new();
                        let mut diagnostics = Diagnostics::new();
                        let content = Content::load(root, &mut sources, &mut diagnostics);
                        (content, sources, diagnostics)
                    },
                    || {
                        let mut sources = SourceMap::new();
                        let mut diagnostics = Diagnostics::new();
                        let templates =
                            render::load_templates(root, &mut sources, &mut diagnostics);
                        (templates, sources, diagnostics)
                    },
                )
            },
        );
        let (content, content_sources, content_diagnostics) = content;
        let (appended, found) = sources.append(content_sources, content_diagnostics);
        diagnostics.extend(found);
        let content = content.appended(appended);
        let history = match layers {
            Some(loaded) => {
                diagnostics.extend(sources.append(loaded.sources, loaded.diagnostics).1);
                loaded.history
            }
            None if config.history.is_none() && !schema.sectioned_files.is_empty() => {
                layers::from_sections(&schema, &sources)
            }
            None => None,
        };
        let (errors, problems) = rayon::join(
            || ErrorCatalog::new(&schema, &telethon, &content),
            || {
                content
                    .pages
                    .par_iter()
                    .map(|page| content_page_problems(page, &schema, &config, &sources))
                    .collect::<Vec<_>>()
            },
        );
        for found in problems {
            diagnostics.extend(found);
        }
        let mut site = Site {
            root: root.to_path_buf(),
            sources,
            config,
            schema,
            history,
            errors,
            telethon,
            content,
            templates: None,
            diagnostics,
        };
        site.diagnostics.sort_by_location(&site.sources);
        // Last, so that their problems are reported after everything else's.
        let (templates, template_sources, template_diagnostics) = templates;
        let (appended, found) = site.sources.append(template_sources, template_diagnostics);
        site.diagnostics.extend(found);
        site.templates = templates.map(|templates| templates.appended(appended));
        site
    }

    /// [`content_page_problems`] of the content page `index`, reported.
    fn check_content_page(&mut self, index: usize) {
        let page = &self.content.pages[index];
        let found = content_page_problems(page, &self.schema, &self.config, &self.sources);
        self.diagnostics.extend(found);
    }

    /// Renders every page in memory. The files are `None` when an error was found (the
    /// diagnostics say what); nothing is written either way, and the site is left as it was.
    pub fn build(&self) -> Build {
        self.build_with(&Highlighter::new())
    }

    /// [`Site::build`] with a highlighter that outlives the build: `tldoc serve` keeps one across
    /// rebuilds, so that its caches stay warm.
    pub fn build_with(&self, highlighter: &Highlighter) -> Build {
        let Some(rendered) = self.render(highlighter) else {
            return Build {
                files: None,
                diagnostics: self.diagnostics.clone(),
            };
        };
        let diagnostics = self.diagnostics_with(&rendered);
        Build {
            files: (!diagnostics.has_errors()).then(|| rendered.into_files()),
            diagnostics,
        }
    }

    /// Builds the site into `out` as writing [`Site::build`]'s files there would, but writes each
    /// page as soon as it is rendered instead of holding every page in memory first: into a
    /// [`Staging`] directory that takes `out`'s place only when the whole build succeeded, so
    /// that on an error `out` is left as it was.
    pub fn build_into(&self, out: &Path) -> Written {
        let failed = |diagnostics: Diagnostics| Written {
            files: None,
            diagnostics,
        };
        let Some(templates) = self
            .templates
            .as_ref()
            .filter(|_| !self.diagnostics.has_errors())
        else {
            return failed(self.diagnostics.clone());
        };
        let with = |more: Diagnostic| {
            let mut all = self.diagnostics.clone();
            all.push(more);
            all
        };
        let staging = match Staging::open(&self.root, out) {
            Ok(staging) => staging,
            Err(refusal) => return failed(with(refusal)),
        };
        let streamed =
            render::render_site_into(&self.inputs(), templates, &Highlighter::new(), &staging);
        let (files, mut diagnostics) = match streamed {
            Ok((files, found)) => (files, self.diagnostics_and(found)),
            Err(error) => (0, with(staging.write_error(&error))),
        };
        let done = if diagnostics.has_errors() {
            staging.discard()
        } else {
            staging.commit()
        };
        if let Err(problem) = done {
            diagnostics.push(problem);
        }
        Written {
            files: (!diagnostics.has_errors()).then_some(files),
            diagnostics,
        }
    }

    /// Renders every page, keeping what an incremental render needs to redo only what an edit
    /// touches; `None` when loading found an error, or the templates have one. What rendering
    /// reports is in the result; [`Site::diagnostics_with`] adds it to what loading reported.
    pub fn render(&self, highlighter: &Highlighter) -> Option<Rendered> {
        if self.diagnostics.has_errors() {
            return None;
        }
        let templates = self.templates.as_ref()?;
        Some(render::render_site(&self.inputs(), templates, highlighter))
    }

    /// What loading reported, then what `rendered` reported, each in the order of their places.
    pub fn diagnostics_with(&self, rendered: &Rendered) -> Diagnostics {
        self.diagnostics_and(rendered.diagnostics())
    }

    /// What loading reported, then what rendering `found`, in the order of its places.
    fn diagnostics_and(&self, mut found: Diagnostics) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend_from(&self.diagnostics);
        found.sort_by_location(&self.sources);
        all.extend(found);
        all
    }

    /// What the exports of [`crate::export`] are made from.
    pub fn export_sources(&self) -> crate::export::Sources<'_> {
        crate::export::Sources {
            title: &self.config.title,
            schema: &self.schema,
            content: &self.content,
            telethon: &self.telethon,
            history: self.history.as_ref(),
        }
    }

    /// Every entity's Markdown copy, as the build writes them, one after another (methods, then
    /// constructors, then types), without building the rest of the site.
    pub fn markdown_copies(&self) -> Result<String, Diagnostic> {
        let templates = self.templates.as_ref().ok_or_else(|| {
            Diagnostic::new(Severity::Error, "the templates have errors (see above)")
        })?;
        render::markdown_copies(&self.inputs(), templates, &Highlighter::new())
    }

    fn inputs(&self) -> render::Inputs<'_> {
        render::Inputs {
            root: &self.root,
            config: &self.config,
            schema: &self.schema,
            content: &self.content,
            telethon: &self.telethon,
            errors: &self.errors,
            history: self.history.as_ref(),
            sources: &self.sources,
        }
    }
}

/// What the schema and the settings find wrong with a content page. Content for an entity the
/// schema lacks is a warning naming the file, as is a documented parameter the entity does not
/// have: both are usually left over from an older layer. Its `examples:` are checked too.
fn content_page_problems(
    page: &ContentPage,
    schema: &Schema,
    config: &Config,
    sources: &SourceMap,
) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    // The method whose examples the page may override: none for a type or a free page.
    let method = match page.kind.entity() {
        None => None,
        Some((EntityKind::Type, name)) => {
            if schema.type_named(name).is_none() {
                diagnostics.push(unknown_entity(page, EntityKind::Type, name));
            }
            None
        }
        Some((kind, name)) => {
            let combinator = match kind {
                EntityKind::Method => schema.method_named(name).map(|id| schema.method(id)),
                _ => schema
                    .constructor_named(name)
                    .map(|id| schema.constructor(id)),
            };
            let Some(combinator) = combinator else {
                diagnostics.push(unknown_entity(page, kind, name));
                return diagnostics;
            };
            for param in page.front.params.keys() {
                if combinator.param(param).is_none() {
                    let text = &sources.file(page.file).text;
                    let start = page.front_range.start;
                    let at = page.places(text).params.get(param);
                    let at = at.map_or(start..start, |(name_at, _)| name_at.clone());
                    diagnostics.push(Diagnostic::warning(
                        format!("`{name}` has no parameter `{param}`"),
                        Span::new(page.file, at),
                        "documented here",
                    ));
                }
            }
            (kind == EntityKind::Method).then_some(combinator)
        }
    };
    check_example_overrides(page, method, (config, schema), sources, &mut diagnostics);
    diagnostics
}

fn unknown_entity(page: &crate::content::ContentPage, kind: EntityKind, name: &str) -> Diagnostic {
    let noun = kind.noun();
    Diagnostic::new(
        Severity::Warning,
        format!("content for an unknown {noun} `{name}`: the schema has no such {noun}"),
    )
    .in_file(PathBuf::from("content").join(&page.path))
    .with_note("the file is not published; remove it, or fix its name")
}

/// `examples:` of a page: only a method has examples, in the site's languages; what it leaves
/// out must be the method's parameters; a tab shows a note or code, not both. Each problem is
/// pointed at where the YAML parser says it is written.
fn check_example_overrides(
    page: &ContentPage,
    method: Option<&Combinator>,
    (config, schema): (&Config, &Schema),
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
    if page.front.examples.is_empty() {
        return;
    }
    let languages = crate::examples::languages(config.examples.as_ref(), schema);
    let start = page.front_range.start;
    let span = |place: Option<&std::ops::Range<usize>>| {
        Span::new(page.file, place.cloned().unwrap_or(start..start))
    };
    let places = || page.places(&sources.file(page.file).text);
    for (language, custom) in &page.front.examples {
        let written = || places().examples.get(language);
        let language_at = || span(written().map(|places| &places.language));
        let Some(method) = method else {
            diagnostics.push(
                Diagnostic::warning(
                    "only method pages have examples",
                    span(places().keys.get("examples")),
                    "ignored",
                )
                .with_note("examples are calls of the method a page documents"),
            );
            return;
        };
        if !languages.contains(language) {
            diagnostics.push(
                Diagnostic::warning(
                    format!("the site has no example language `{language}`"),
                    language_at(),
                    "ignored",
                )
                .with_note(format!(
                    "the languages are those of `examples` in `tldoc.yaml`: {}",
                    languages.join(", ")
                )),
            );
        }
        for (index, param) in custom.omit.iter().enumerate() {
            if method.param(param).is_none() {
                diagnostics.push(Diagnostic::warning(
                    format!("`{}` has no parameter `{param}` to omit", method.name),
                    span(written().and_then(|places| places.omit.get(index))),
                    "not a parameter",
                ));
            }
        }
        if custom.unavailable.is_some() && (custom.code.is_some() || !custom.omit.is_empty()) {
            diagnostics.push(
                Diagnostic::error(
                    format!("the `{language}` example is both unavailable and given"),
                    span(written().and_then(|places| places.unavailable.as_ref())),
                    "the tab shows this note",
                )
                .with_note("give `unavailable`, or `code` or `omit`, not both"),
            );
        }
    }
}

/// Reads, parses and resolves every `schema/*.tl` file of the site, in file-name order. A schema
/// that defines nothing is an error: the site would document nothing.
pub fn load_schema(root: &Path, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> Schema {
    let errors = diagnostics.error_count();
    let files = schema::read_site(root, sources, diagnostics);
    schema::resolve_site(root, files.as_deref(), errors, None, sources, diagnostics)
}

/// `version:` of `tldoc.yaml` is the TDLib release of a TDLib schema; another schema's is
/// warned of, and ignored.
fn check_version_setting(schema: &Schema, config: &Config, diagnostics: &mut Diagnostics) {
    let Some(release) = config.version else {
        return;
    };
    if schema.kinds.contains(&crate::model::SchemaKind::Tdlib) {
        return;
    }
    let message = format!("`version: {release}` in `tldoc.yaml`, but the schema is not TDLib's");
    let diagnostic = match config.span_of("version") {
        Some(span) => Diagnostic::warning(message, span, "ignored"),
        None => Diagnostic::new(Severity::Warning, message).in_file(crate::config::FILE_NAME),
    };
    diagnostics.push(diagnostic.with_note(
        "`version:` is the TDLib release of a TDLib schema; a Telegram API schema has its \
         layer (`// LAYER N`, or `layer:`)",
    ));
}

/// `layer:` of `tldoc.yaml` gives the layer of a schema that states none; one that states
/// another is warned of, and the schema's own is kept.
fn apply_layer_setting(schema: &mut Schema, config: &Config, diagnostics: &mut Diagnostics) {
    let Some(setting) = config.layer else {
        if schema.layer.is_none()
            && let Some(id) = schema.method_named("invokeWithLayer")
        {
            let method = schema.method(id);
            diagnostics.push(
                Diagnostic::warning(
                    "the schema states no layer, so the examples of `invokeWithLayer` cannot \
                     show it",
                    method
                        .param("layer")
                        .map_or(method.span, |param| param.span),
                    "the layer goes here",
                )
                .with_note(
                    "write `// LAYER N` in the schema, or `layer: N` in `tldoc.yaml`; the \
                     examples show 42 until then",
                ),
            );
        }
        return;
    };
    match schema.layer {
        None => schema.layer = Some(setting),
        Some(own) if own != setting => {
            let message = format!(
                "`layer: {setting}` in `tldoc.yaml`, but the schema says it is layer {own}"
            );
            let diagnostic = match config.span_of("layer") {
                Some(span) => Diagnostic::warning(message, span, "this setting"),
                None => {
                    Diagnostic::new(Severity::Warning, message).in_file(crate::config::FILE_NAME)
                }
            };
            diagnostics.push(diagnostic.with_note(format!(
                "the site is built as layer {own}; `layer:` is for a schema without a \
                 `// LAYER N` line"
            )));
        }
        Some(_) => {}
    }
}
