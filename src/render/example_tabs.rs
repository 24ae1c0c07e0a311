//! The tabs of examples on a method's page: each example language's template written out for the
//! method, then highlighted.
//!
//! Highlighting is most of a build's work, so it runs beside every other page's rendering and is
//! grouped by language rather than by method (see [`Renderer::highlighted_examples`]); the
//! result depends only on the schema and the templates, so an incremental render keeps it.
//! What a content page says of its tabs (`examples:`: a note, omitted parameters, hand-written
//! code) is applied when that page is rendered ([`Renderer::page_examples`]), for the few pages
//! that say anything, so that an edit of content never invalidates the highlighted examples.

use std::borrow::Cow;

use rayon::prelude::*;

use super::views::ExampleView;
use super::{LinkProblem, Renderer};
use crate::content::Written;
use crate::diagnostic::{Diagnostic, Severity};
use crate::examples;
use crate::model::{EntityKind, MethodId};

impl Renderer<'_> {
    /// A method's examples as its content page's `examples:` has them: a tab it marks
    /// unavailable shows its note, one it writes by hand shows that code, one that omits
    /// parameters is written again without them.
    pub(super) fn page_examples<'e>(
        &self,
        id: MethodId,
        generated: &'e [ExampleView],
        problems: &mut Vec<LinkProblem>,
    ) -> Result<Cow<'e, [ExampleView]>, Diagnostic> {
        let schema = self.inputs.schema;
        let Some(page) = (self.inputs.content)
            .entity(EntityKind::Method, &schema.method(id).name)
            .filter(|page| !page.front.examples.is_empty())
        else {
            return Ok(Cow::Borrowed(generated));
        };
        let tera = &self.templates.tera;
        let mut views = generated.to_vec();
        for view in &mut views {
            let Some(custom) = page.front.examples.get(&view.id) else {
                continue;
            };
            if let Some(note) = &custom.unavailable {
                view.html.clear();
                let at = Written::ExampleNote(&view.id);
                view.note_html = self.markdown(page, note, "methods", at, problems);
                continue;
            }
            // Every tab is a language with a template (`example_templates`).
            let Some(template) = examples::template_name(tera, &view.id) else {
                continue;
            };
            let code = match &custom.code {
                Some(code) => code.clone(),
                None => {
                    let mut example = examples::method_example(schema, id);
                    example
                        .params
                        .retain(|arg| !custom.omit.contains(&arg.name));
                    examples::render_example(tera, &template, &example)
                        .map_err(|error| self.template_error(&error))?
                }
            };
            let extension = template.rsplit('.').next().unwrap_or("");
            view.html = self.highlighter.highlight(&code, extension);
        }
        Ok(Cow::Owned(views))
    }

    /// Every method's examples, highlighted.
    ///
    /// Highlighting is most of a build's work, so it is arranged to do as little as possible:
    /// each language is one task that highlights all the methods' examples in that language on
    /// one thread, so that a line recurring across methods is learnt by one thread's cache only
    /// (and a grammar's regexes are compiled by the thread that uses them, with no other waiting
    /// on it). A method whose examples cannot be written gets the template's error instead.
    pub(super) fn highlighted_examples(&self) -> Vec<Result<Vec<ExampleView>, Diagnostic>> {
        let schema = self.inputs.schema;
        let templates = match self.example_templates() {
            Ok(templates) => templates,
            Err(diagnostic) => {
                return (0..schema.methods.len())
                    .map(|_| Err(diagnostic.clone()))
                    .collect();
            }
        };
        let codes: Vec<Result<Vec<String>, Diagnostic>> = schema
            .method_ids()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|id| {
                let context = examples::example_context(&examples::method_example(schema, id));
                templates
                    .iter()
                    .map(|(_, template)| {
                        self.templates
                            .tera
                            .render(template, &context)
                            .map_err(|error| self.template_error(&error))
                    })
                    .collect()
            })
            .collect();
        let highlighted: Vec<Vec<String>> = templates
            .par_iter()
            .enumerate()
            .with_max_len(1)
            .map(|(index, (_, template))| {
                let extension = template.rsplit('.').next().unwrap_or("");
                codes
                    .iter()
                    .map(|code| match code {
                        Ok(code) => self.highlighter.highlight(&code[index], extension),
                        Err(_) => String::new(),
                    })
                    .collect()
            })
            .collect();
        let mut by_language: Vec<std::vec::IntoIter<String>> =
            highlighted.into_iter().map(Vec::into_iter).collect();
        codes
            .into_iter()
            .map(|code| {
                let views = templates
                    .iter()
                    .zip(&mut by_language)
                    .map(|((language, _), html)| ExampleView {
                        id: language.clone(),
                        label: examples::language_label(language),
                        html: html.next().unwrap_or_default(),
                        note_html: String::new(),
                    })
                    .collect();
                code.map(|_| views)
            })
            .collect()
    }

    /// Each example language of the site, in tab order, with its template.
    fn example_templates(&self) -> Result<Vec<(String, String)>, Diagnostic> {
        examples::languages(self.inputs.config.examples.as_ref(), self.inputs.schema)
            .into_iter()
            .enumerate()
            .map(|(index, language)| {
                match examples::template_name(&self.templates.tera, &language) {
                    Some(template) => Ok((language, template)),
                    None => {
                        let message = format!("no template for the example language `{language}`");
                        let at = self.inputs.config.span_of_item("examples", index);
                        let diagnostic = match at {
                            Some(span) => {
                                Diagnostic::error(message, span, "not in `templates/examples/`")
                            }
                            None => Diagnostic::new(Severity::Error, message)
                                .in_file(crate::config::FILE_NAME),
                        };
                        Err(diagnostic.with_note(format!(
                            "add `templates/examples/{language}.EXT`, or remove `{language}` \
                             from `examples`"
                        )))
                    }
                }
            })
            .collect()
    }
}
