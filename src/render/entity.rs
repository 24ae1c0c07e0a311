//! The pages of methods, constructors and types: what each shows, gathered from the model, the
//! content, Telethon's CSV data and the history.
//!
//! One view type ([`EntityView`]) serves the three kinds, so that the templates' shared parts
//! (`definition.html`, `parameters.html`, `usage.html`, `related.html`, `history.html`) read the
//! same fields on every entity page; each kind fills in what it has. Descriptions come from
//! content when it has one, else from the schema's documentation; so do the parameters'.

use super::incremental::Shows;
use std::borrow::Cow;

use super::views::{
    Crumb, EntityData, EntityLink, EntityView, ErrorView, ExampleView, ParamView, TlBlock,
};
use super::{LinkProblem, Page, Renderer, autolink, data, internal_error};
use crate::content::{ContentPage, Destination, Origin, Written};
use crate::diagnostic::Diagnostic;
use crate::errors::ErrorDescription;
use crate::html::escape_html;
use crate::model::{Combinator, ConstructorId, EntityKind, MethodId, TypeId, TypeRef};
use crate::urls;

impl Renderer<'_> {
    /// The page of the method `id`, at `path`, with its `examples`.
    pub(super) fn method_page(
        &self,
        id: MethodId,
        path: &str,
        examples: &[ExampleView],
        problems: &mut Vec<LinkProblem>,
        shows: &mut Shows,
    ) -> Result<String, Diagnostic> {
        let examples = self.page_examples(id, examples, problems)?;
        let entity = self.method_view(id, &examples, problems)?;
        self.entity_output(Page::Method(id), EntityKind::Method, path, entity, shows)
    }

    /// The page of the constructor `id`, at `path`.
    pub(super) fn constructor_page(
        &self,
        id: ConstructorId,
        path: &str,
        problems: &mut Vec<LinkProblem>,
        shows: &mut Shows,
    ) -> Result<String, Diagnostic> {
        let entity = self.constructor_view(id, problems)?;
        let page = Page::Constructor(id);
        self.entity_output(page, EntityKind::Constructor, path, entity, shows)
    }

    /// The page of the type `id`, at `path`.
    pub(super) fn type_page(
        &self,
        id: TypeId,
        path: &str,
        problems: &mut Vec<LinkProblem>,
        shows: &mut Shows,
    ) -> Result<String, Diagnostic> {
        let entity = self.type_view(id, problems)?;
        self.entity_output(Page::Type(id), EntityKind::Type, path, entity, shows)
    }

    /// Renders an entity's page; also says whose summaries it shows.
    fn entity_output(
        &self,
        page: Page,
        kind: EntityKind,
        path: &str,
        entity: EntityView<'_>,
        shows: &mut Shows,
    ) -> Result<String, Diagnostic> {
        let view = self.entity_page(page, kind, path, &entity);
        *shows = Shows::Some(
            [&entity.result_constructors, &entity.constructors]
                .into_iter()
                .flatten()
                .filter_map(shown_summary)
                .chain(entity.usage_shows.iter().cloned())
                .collect(),
        );
        self.render_template(page, view, EntityData { entity })
    }

    /// What templates see as `page` on an entity's page: its breadcrumbs lead to its kind's
    /// index, and to its namespace there.
    fn entity_page(
        &self,
        page: Page,
        kind: EntityKind,
        path: &str,
        entity: &EntityView<'_>,
    ) -> super::views::PageView {
        let index = format!("../{}", urls::kind_index(kind));
        let mut crumbs = vec![Crumb {
            title: kind.title().to_owned(),
            href: index.clone(),
        }];
        if let Some(namespace) = &entity.namespace {
            crumbs.push(Crumb {
                title: (*namespace).to_owned(),
                href: format!("{index}#{namespace}"),
            });
        }
        let mut view = self.page_view(page, path, crumbs);
        // The summary index rows and the search index show: a description that is Markdown
        // (content) or plain text (the schema's) read once, the one way.
        if let Some(summary) = self.summaries.of_page(page).filter(|s| !s.is_empty()) {
            view.description = summary.to_owned();
        }
        view.markdown_href = Some(format!("{}.md", entity.name));
        let config = self.inputs.config;
        match self.inputs.content.entity(kind, entity.name) {
            Some(content) => {
                view.edit_href = data::edit_href(config, &format!("content/{}", content.path));
            }
            None => {
                view.document_href =
                    data::document_href(config, &self.export_sources(), kind, entity.name);
            }
        }
        view
    }
    fn description_html(
        &self,
        page: Option<&ContentPage>,
        schema_description: Option<&str>,
        dir: &str,
        problems: &mut Vec<LinkProblem>,
    ) -> String {
        match (
            page.and_then(|p| p.front.description.as_deref().map(|d| (p, d))),
            schema_description,
        ) {
            (Some((page, description)), _) => {
                self.markdown(page, description, dir, Written::Description, problems)
            }
            (None, Some(description)) => {
                autolink::linked_description(self.inputs.schema, description)
            }
            (None, None) => String::new(),
        }
    }

    fn notes_html(
        &self,
        page: Option<&ContentPage>,
        dir: &str,
        problems: &mut Vec<LinkProblem>,
    ) -> String {
        let Some(page) = page else {
            return String::new();
        };
        let text = &self.inputs.sources.file(page.file).text;
        let body = &text[page.body_start..];
        if body.trim().is_empty() {
            return String::new();
        }
        self.markdown(page, body, dir, Written::Body, problems)
    }

    fn params_view<'s>(
        &'s self,
        combinator: &'s Combinator,
        page: Option<&ContentPage>,
        dir: &str,
        problems: &mut Vec<LinkProblem>,
    ) -> Result<Vec<ParamView<'s>>, Diagnostic> {
        combinator
            .params
            .iter()
            .filter(|param| !param.is_flags_field())
            .map(|param| {
                let description_html =
                    match page.and_then(|p| p.front.params.get(&param.name).map(|d| (p, d))) {
                        Some((page, description)) => {
                            let at = Written::Param(&param.name);
                            self.markdown(page, description, dir, at, problems)
                        }
                        None => param
                            .description
                            .as_deref()
                            .map(|text| autolink::linked_description(self.inputs.schema, text))
                            .unwrap_or_default(),
                    };
                Ok(ParamView {
                    name: &param.name,
                    ty: self.type_html(&param.ty)?,
                    optional: param.is_optional(),
                    flag: param
                        .flag
                        .as_ref()
                        .map(|flag| format!("{}.{}", flag.field, flag.bit)),
                    bit_flag: param.is_bit_flag(),
                    nullable: param.is_nullable(),
                    description_html,
                })
            })
            .collect()
    }

    /// The "Where it is used" lists of the type `id` (see [`Usage`]), made the first time a page
    /// shows them.
    fn usage(&self, id: TypeId) -> Result<&Usage, Diagnostic> {
        let made = self.usage[id.index()].get_or_init(|| {
            let ty = self.inputs.schema.ty(id);
            Usage::new(
                self.method_links(&ty.returned_by),
                self.method_links(&ty.taken_by_methods),
                self.constructor_links(&ty.taken_by_constructors),
            )
        });
        made.as_ref().map_err(internal_error)
    }

    /// The lists of a method, or of a constructor of no type of the schema: empty.
    fn no_usage(&self) -> Result<&Usage, Diagnostic> {
        let made = (self.no_usage).get_or_init(|| Usage::new(Vec::new(), Vec::new(), Vec::new()));
        made.as_ref().map_err(internal_error)
    }

    fn constructor_links(&self, ids: &[ConstructorId]) -> Vec<EntityLink<'_>> {
        let schema = self.inputs.schema;
        ids.iter()
            .map(|&id| {
                let constructor = schema.constructor(id);
                EntityLink {
                    name: Cow::Borrowed(&constructor.name),
                    href: urls::entity_page_from_folder(EntityKind::Constructor, &constructor.name),
                    summary: Cow::Borrowed(&self.summaries.constructors[id.index()]),
                }
            })
            .collect()
    }

    /// The definitions of the constructors `ids`, for a page one folder below the root.
    fn constructor_lines(&self, ids: &[ConstructorId]) -> Result<Vec<&str>, Diagnostic> {
        ids.iter()
            .map(|&id| self.tl_line(EntityKind::Constructor, id.index()))
            .collect()
    }

    fn method_links(&self, ids: &[MethodId]) -> Vec<EntityLink<'_>> {
        let schema = self.inputs.schema;
        let mut links: Vec<EntityLink<'_>> = ids
            .iter()
            .map(|&id| {
                let method = schema.method(id);
                EntityLink {
                    name: Cow::Borrowed(&method.name),
                    href: urls::entity_page_from_folder(EntityKind::Method, &method.name),
                    summary: Cow::Borrowed(&self.summaries.methods[id.index()]),
                }
            })
            .collect();
        links.sort_by(|a, b| a.name.cmp(&b.name));
        links
    }

    fn related(&self, page: Option<&ContentPage>, problems: &mut Vec<LinkProblem>) -> Vec<Crumb> {
        let Some(page) = page else {
            return Vec::new();
        };
        let dir = page
            .output_path()
            .rsplit_once('/')
            .map_or(String::new(), |(dir, _)| dir.to_owned());
        // An entry is a link written in a field, and follows the rule of links in Markdown.
        page.front
            .related
            .iter()
            .enumerate()
            .filter_map(|(index, link)| {
                let href = match crate::content::destination(link, &dir, Origin::Field) {
                    Destination::Script => return None,
                    Destination::AsWritten => link.clone(),
                    Destination::Page { href, target } => {
                        if !target.as_ref().is_some_and(|t| self.pages.contains(t)) {
                            let text = &self.inputs.sources.file(page.file).text;
                            let places = &page.places(text).related;
                            problems.push(LinkProblem {
                                file: page.file,
                                offset: places
                                    .get(index)
                                    .map_or(page.front_range.start, |p| p.start),
                                written: link.clone(),
                            });
                            // Reported, and not published, even when the site says
                            // `links: warn`: as in Markdown, a link to no page is no link.
                            return None;
                        }
                        href
                    }
                };
                let title = link
                    .rsplit('/')
                    .next()
                    .and_then(|name| name.strip_suffix(".md"))
                    .unwrap_or(link)
                    .to_owned();
                Some(Crumb { title, href })
            })
            .collect()
    }

    fn method_view<'s>(
        &'s self,
        id: MethodId,
        examples: &'s [ExampleView],
        problems: &mut Vec<LinkProblem>,
    ) -> Result<EntityView<'s>, Diagnostic> {
        let schema = self.inputs.schema;
        let method = schema.method(id);
        let page = self.inputs.content.entity(EntityKind::Method, &method.name);
        let usage = self.no_usage()?;
        let errors: Vec<ErrorView> =
            crate::errors::method_errors(&method.name, page, self.inputs.telethon)
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(index, error)| ErrorView {
                    code: error
                        .codes
                        .iter()
                        .map(i32::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    href: self.error_href(error.name),
                    name: error.name,
                    description_html: match (error.description, page) {
                        // Front matter's errors come in its order: the index is its entry's.
                        (Some(ErrorDescription::Content(written)), Some(page)) => {
                            let at = Written::ErrorDescription(index);
                            self.markdown(page, written, EntityKind::Method.folder(), at, problems)
                        }
                        (Some(description), _) => escape_html(description.text()),
                        (None, _) => String::new(),
                    },
                })
                .collect();
        let traits = method
            .description
            .as_deref()
            .map(crate::model::prose::traits)
            .unwrap_or_default();
        // TDLib names errors in the description: "Returns a 404 error if the message doesn't
        // exist".
        let errors = if errors.is_empty() {
            traits
                .errors
                .iter()
                .map(|sentence| ErrorView {
                    code: sentence[10..13].to_owned(),
                    href: None,
                    name: "",
                    description_html: escape_html(sentence),
                })
                .collect()
        } else {
            errors
        };
        let (bots, users) = self.usability(id);
        let result_type = match method.result.innermost() {
            TypeRef::Type(ty) => Some(*ty),
            _ => None,
        };
        let result_constructors = result_type
            .map(|ty| self.constructor_links(&schema.ty(ty).constructors))
            .unwrap_or_default();
        let tl = TlBlock {
            constructors: match result_type {
                Some(ty) => self.constructor_lines(&schema.ty(ty).constructors)?,
                None => Vec::new(),
            },
            result_type: result_type.is_some(),
            definition: Some(self.tl_line(EntityKind::Method, id.index())?),
        };
        Ok(EntityView {
            name: &method.name,
            kind: EntityKind::Method.noun(),
            namespace: method.namespace(),
            id: format!("{:08x}", method.id),
            signed_id: Some(method.signed_id()),
            description_html: self.description_html(
                page,
                method.description.as_deref(),
                EntityKind::Method.folder(),
                problems,
            ),
            notes_html: self.notes_html(page, EntityKind::Method.folder(), problems),
            badges: traits.badges,
            tl,
            source_href: data::source_href(self.inputs.config, self.inputs.sources, method.span),
            params: self.params_view(method, page, EntityKind::Method.folder(), problems)?,
            result: self.type_html(&method.result)?,
            result_constructors,
            of_type: None,
            errors,
            bots: yes_no(bots),
            users: yes_no(users),
            examples,
            related: self.related(page, problems),
            constructors: Vec::new(),
            returned_by: &usage.returned_by,
            taken_by_methods: &usage.taken_by_methods,
            taken_by_constructors: &usage.taken_by_constructors,
            usage_shows: &usage.shows,
            history: self.history_view(EntityKind::Method, &method.name),
        })
    }

    fn constructor_view(
        &self,
        id: ConstructorId,
        problems: &mut Vec<LinkProblem>,
    ) -> Result<EntityView<'_>, Diagnostic> {
        let schema = self.inputs.schema;
        let constructor = schema.constructor(id);
        let page = self
            .inputs
            .content
            .entity(EntityKind::Constructor, &constructor.name);
        let of_type = schema.constructor_type(id).map(|ty| EntityLink {
            name: Cow::Borrowed(&schema.ty(ty).name),
            href: urls::entity_page_from_folder(EntityKind::Type, &schema.ty(ty).name),
            summary: Cow::Borrowed(""),
        });
        let usage = match schema.constructor_type(id) {
            Some(ty) => self.usage(ty)?,
            None => self.no_usage()?,
        };
        Ok(EntityView {
            name: &constructor.name,
            kind: EntityKind::Constructor.noun(),
            namespace: constructor.namespace(),
            id: format!("{:08x}", constructor.id),
            signed_id: Some(constructor.signed_id()),
            description_html: self.description_html(
                page,
                constructor.description.as_deref(),
                EntityKind::Constructor.folder(),
                problems,
            ),
            notes_html: self.notes_html(page, EntityKind::Constructor.folder(), problems),
            badges: Vec::new(),
            tl: TlBlock {
                definition: Some(self.tl_line(EntityKind::Constructor, id.index())?),
                ..TlBlock::default()
            },
            source_href: data::source_href(
                self.inputs.config,
                self.inputs.sources,
                constructor.span,
            ),
            params: self.params_view(
                constructor,
                page,
                EntityKind::Constructor.folder(),
                problems,
            )?,
            result: self.type_html(&constructor.result)?,
            result_constructors: Vec::new(),
            of_type,
            errors: Vec::new(),
            bots: "unknown",
            users: "unknown",
            examples: &[],
            related: self.related(page, problems),
            constructors: Vec::new(),
            returned_by: &usage.returned_by,
            taken_by_methods: &usage.taken_by_methods,
            taken_by_constructors: &usage.taken_by_constructors,
            usage_shows: &usage.shows,
            history: self.history_view(EntityKind::Constructor, &constructor.name),
        })
    }

    fn type_view(
        &self,
        id: TypeId,
        problems: &mut Vec<LinkProblem>,
    ) -> Result<EntityView<'_>, Diagnostic> {
        let schema = self.inputs.schema;
        let ty = schema.ty(id);
        let page = self.inputs.content.entity(EntityKind::Type, &ty.name);
        let usage = self.usage(id)?;
        Ok(EntityView {
            name: &ty.name,
            kind: EntityKind::Type.noun(),
            namespace: ty.namespace(),
            id: String::new(),
            signed_id: None,
            description_html: self.description_html(
                page,
                ty.description.as_deref(),
                EntityKind::Type.folder(),
                problems,
            ),
            notes_html: self.notes_html(page, EntityKind::Type.folder(), problems),
            badges: Vec::new(),
            tl: TlBlock {
                constructors: self.constructor_lines(&ty.constructors)?,
                ..TlBlock::default()
            },
            source_href: data::source_href(self.inputs.config, self.inputs.sources, ty.span),
            params: Vec::new(),
            result: String::new(),
            result_constructors: Vec::new(),
            of_type: None,
            errors: Vec::new(),
            bots: "unknown",
            users: "unknown",
            examples: &[],
            related: self.related(page, problems),
            constructors: self.constructor_links(&ty.constructors),
            returned_by: &usage.returned_by,
            taken_by_methods: &usage.taken_by_methods,
            taken_by_constructors: &usage.taken_by_constructors,
            usage_shows: &usage.shows,
            history: self.history_view(EntityKind::Type, &ty.name),
        })
    }
}

/// A type's "Where it is used" lists, as templates see them (`returned_by`, `taken_by_methods`,
/// `taken_by_constructors`, each a list of [`EntityLink`]s): made into template values once per
/// type, because its page and the page of every one of its constructors show the same lists,
/// hundreds of links long for the types most used, and a template value is shared, not copied.
pub(super) struct Usage {
    returned_by: tera::Value,
    taken_by_methods: tera::Value,
    taken_by_constructors: tera::Value,
    /// The pages whose summaries the lists show, as [`Shows`] names them.
    shows: Vec<String>,
}

impl Usage {
    fn new(
        returned_by: Vec<EntityLink<'_>>,
        taken_by_methods: Vec<EntityLink<'_>>,
        taken_by_constructors: Vec<EntityLink<'_>>,
    ) -> Result<Usage, String> {
        let value = |links: &[EntityLink<'_>]| {
            tera::Value::try_from_serializable(links).map_err(|error| error.to_string())
        };
        Ok(Usage {
            returned_by: value(&returned_by)?,
            taken_by_methods: value(&taken_by_methods)?,
            taken_by_constructors: value(&taken_by_constructors)?,
            shows: [returned_by, taken_by_methods, taken_by_constructors]
                .iter()
                .flatten()
                .filter_map(shown_summary)
                .collect(),
        })
    }
}

/// The page, as [`Shows`] names it, whose summary `link` shows, if it shows one.
fn shown_summary(link: &EntityLink<'_>) -> Option<String> {
    (!link.summary.is_empty()).then(|| link.href.trim_start_matches("../").to_owned())
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}
