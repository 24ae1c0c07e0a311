//! The site's files for tools and readers elsewhere: the exports (`schema.json`, `tldoc.json`),
//! `llms.txt`, the coverage page and the Atom feed of the history, and the links that invite
//! contributions ("Edit this page", "Document this").
//!
//! What the exports and the coverage say is computed by [`crate::export`], the one place
//! `tldoc export` and `tldoc check --coverage` ask too; this module only places it in the site.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::history as history_pages;
use super::{Page, Renderer, missing_history};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::export::{self, Coverage, Sources};
use crate::model::EntityKind;
use crate::urls;

#[derive(Serialize)]
struct LlmsData {
    /// What every link starts with: the base URL with a `/`, or nothing.
    base: String,
    has_history: bool,
}

#[derive(Serialize)]
struct CoverageData<'a> {
    kinds: Vec<KindView<'a>>,
}

#[derive(Serialize)]
struct KindView<'a> {
    coverage: &'a export::KindCoverage,
    title: &'static str,
    percent: u32,
    described: u32,
    params_described: u32,
    errors_known: Option<u32>,
    bots_known: Option<u32>,
    missing: Vec<MissingView<'a>>,
}

#[derive(Serialize)]
struct MissingView<'a> {
    name: &'a str,
    href: &'a str,
    lacks: String,
    /// Where to write its content: GitHub's form for a new file, filled in with the stub, or the
    /// editor of its content file.
    document_href: Option<String>,
}

#[derive(Serialize)]
struct FeedData {
    feed: FeedView,
}

#[derive(Serialize)]
struct FeedView {
    title: String,
    id: String,
    updated: String,
    self_href: String,
    changes_href: String,
    entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    id: String,
    updated: String,
    href: String,
    summary: String,
}

/// The share of one kind that is documented, for the home page.
#[derive(Serialize)]
pub(super) struct Documented {
    noun: &'static str,
    percent: u32,
}

impl Renderer<'_> {
    pub(super) fn export_sources(&self) -> Sources<'_> {
        Sources {
            title: &self.inputs.config.title,
            schema: self.inputs.schema,
            content: self.inputs.content,
            telethon: self.inputs.telethon,
            history: self.inputs.history,
        }
    }

    /// The coverage of the site's content, computed once per render.
    pub(super) fn coverage(&self) -> &Coverage {
        self.coverage.get_or_init(|| {
            let lacking =
                (self.lacking).get_or_init(|| crate::export::lacking(&self.export_sources()));
            Coverage::of(lacking)
        })
    }

    /// The share documented of each kind, for the home page.
    pub(super) fn documented(&self) -> Vec<Documented> {
        self.coverage()
            .kinds
            .iter()
            .map(|kind| Documented {
                noun: kind.kind,
                percent: kind.percent(),
            })
            .collect()
    }

    pub(super) fn llms_txt(&self) -> Result<String, Diagnostic> {
        let view = self.page_view(Page::LlmsTxt, urls::LLMS_TXT, Vec::new());
        let base = self
            .inputs
            .config
            .base_url
            .as_deref()
            .map(|base| format!("{}/", base.trim_end_matches('/')))
            .unwrap_or_default();
        let data = LlmsData {
            base,
            has_history: self.inputs.history.is_some(),
        };
        self.render_template(Page::LlmsTxt, view, data)
    }

    pub(super) fn coverage_page(&self) -> Result<String, Diagnostic> {
        let coverage = self.coverage();
        let sources = self.export_sources();
        let config = self.inputs.config;
        let kinds = coverage
            .kinds
            .iter()
            .zip([
                EntityKind::Method,
                EntityKind::Constructor,
                EntityKind::Type,
            ])
            .map(|(coverage, kind)| {
                let share = |part: usize| export::percent(part, coverage.total);
                KindView {
                    coverage,
                    title: kind.title(),
                    percent: coverage.percent(),
                    described: share(coverage.described),
                    params_described: share(coverage.params_described),
                    errors_known: coverage.errors_known.map(share),
                    bots_known: coverage.bots_known.map(share),
                    missing: coverage
                        .missing
                        .iter()
                        .map(|missing| MissingView {
                            name: &missing.name,
                            href: &missing.page,
                            lacks: missing.lacks.join("; "),
                            document_href: document_href(config, &sources, kind, &missing.name),
                        })
                        .collect(),
                }
            })
            .collect();
        let view = self.page_view(Page::Coverage, urls::COVERAGE, Vec::new());
        self.render_template(Page::Coverage, view, CoverageData { kinds })
    }

    /// The Atom feed of the history: an entry per layer (per revision, for a layer the history
    /// holds several of), newest first. Entry ids are made of the site's address (or title) and
    /// the version's Changes page, so they stay the same from build to build. An entry's date is
    /// the one the history's sidecar records for its file; else it comes from
    /// `SOURCE_DATE_EPOCH` when that is set (the reproducible-builds convention), else is the
    /// start of 1970: a schema file records no date of its own, and the clock would give every
    /// entry a new date on every build. The feed is as new as its newest entry.
    pub(super) fn atom_feed(&self) -> Result<String, Diagnostic> {
        let history = self.inputs.history.ok_or_else(missing_history)?;
        let config = self.inputs.config;
        let updated = source_date();
        let absolute = |path: &str| match &config.base_url {
            Some(base) => urls::absolute(base, path),
            None => path.trim_start_matches("changes/").to_owned(),
        };
        let id_of = |path: &str| match &config.base_url {
            Some(base) => urls::absolute(base, path),
            None => format!(
                "urn:tldoc:{}:{}",
                utf8_percent_encode(&config.title, NON_ALPHANUMERIC),
                path
            ),
        };
        let entries: Vec<FeedEntry> = export::layer_facts(history)
            .into_iter()
            .rev()
            .map(|layer| {
                let version = layer.version;
                let id = id_of(&history_pages::changes_page(version));
                let title = history_pages::title(version);
                let updated = layer
                    .date
                    .as_deref()
                    .map_or_else(|| updated.clone(), atom_date);
                // The oldest layer has no Changes page: what it had is the start of the history.
                let Some(page) = layer.changes_page else {
                    return FeedEntry {
                        title,
                        id,
                        updated,
                        href: absolute(urls::CHANGES_INDEX),
                        summary: format!("The oldest {} of this history.", version.noun()),
                    };
                };
                let mut parts = Vec::new();
                for (count, what) in [
                    (layer.added, "added"),
                    (layer.changed, "changed"),
                    (layer.renamed, "renamed"),
                    (layer.removed, "removed"),
                ] {
                    if count > 0 {
                        parts.push(format!("{count} {what}"));
                    }
                }
                let summary = if parts.is_empty() {
                    "No changes.".to_owned()
                } else {
                    format!("{}.", parts.join(", "))
                };
                FeedEntry {
                    title,
                    id,
                    updated,
                    href: absolute(&page),
                    summary,
                }
            })
            .collect();
        // Compared as text, which orders UTC times (and days, made UTC) truly; a time at another
        // offset may be off by that offset.
        let newest = entries
            .iter()
            .map(|entry| &entry.updated)
            .max()
            .filter(|newest| **newest > updated)
            .cloned();
        let feed = FeedView {
            title: self.pages.title(Page::AtomFeed),
            id: id_of(urls::ATOM_FEED),
            updated: newest.unwrap_or(updated),
            self_href: absolute(urls::ATOM_FEED),
            changes_href: absolute(urls::CHANGES_INDEX),
            entries,
        };
        let view = self.page_view(Page::AtomFeed, urls::ATOM_FEED, Vec::new());
        self.render_template(Page::AtomFeed, view, FeedData { feed })
    }
}

/// The characters a URL's query value keeps as they are.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The editor of the content file at `path` (relative to the repository), per `edit_url`.
pub(super) fn edit_href(config: &Config, path: &str) -> Option<String> {
    Some(config.edit_url.as_deref()?.replace("{path}", path))
}

/// Where to document the entity of `kind` named `name`: GitHub's form for a new file at its
/// content path, filled in with its stub, when `edit_url` is GitHub's editor (`.../edit/BRANCH/
/// {path}`, whose new-file form is `.../new/BRANCH?filename=...&value=...`).
pub(super) fn document_href(
    config: &Config,
    sources: &Sources<'_>,
    kind: EntityKind,
    name: &str,
) -> Option<String> {
    let template = config.edit_url.as_deref()?;
    let (before, _) = template.split_once("{path}")?;
    let (repository, branch) = before.trim_end_matches('/').rsplit_once("/edit/")?;
    let stub = export::stub(sources, kind, name)?;
    let filename = format!("content/{}/{name}.md", kind.folder());
    Some(format!(
        "{repository}/new/{branch}?filename={}&value={}",
        utf8_percent_encode(&filename, QUERY),
        utf8_percent_encode(&stub, QUERY)
    ))
}

/// The line of the schema file where `span` is, per `source_url`.
pub(super) fn source_href(config: &Config, sources: &SourceMap, span: Span) -> Option<String> {
    let template = config.source_url.as_deref()?;
    let file = sources.file(span.file);
    let line = file.line_column(span.start as usize).line;
    let path = file.path.to_string_lossy().replace('\\', "/");
    Some(
        template
            .replace("{path}", &path)
            .replace("{line}", &line.to_string()),
    )
}

/// The feed's date: `SOURCE_DATE_EPOCH` when set, else the start of 1970, in RFC 3339.
/// A sidecar's date as Atom writes dates: a day alone is its start in UTC.
fn atom_date(date: &str) -> String {
    if date.len() == "2024-09-12".len() {
        format!("{date}T00:00:00Z")
    } else {
        date.to_owned()
    }
}

fn source_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .unwrap_or(0);
    rfc3339(seconds)
}

/// Seconds since 1970 as an RFC 3339 date and time in UTC.
fn rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let time = seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc_3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_764_577_200), "2025-12-01T08:20:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn document_this_opens_githubs_new_file_form() {
        let config = Config {
            edit_url: Some("https://github.com/o/r/edit/main/{path}".to_owned()),
            ..Config::default()
        };
        assert_eq!(
            edit_href(&config, "content/a.md").as_deref(),
            Some("https://github.com/o/r/edit/main/content/a.md")
        );
        let schema = crate::model::Schema::default();
        let content = crate::content::Content::default();
        let telethon = crate::telethon::TelethonData::default();
        let sources = Sources {
            title: "",
            schema: &schema,
            content: &content,
            telethon: &telethon,
            history: None,
        };
        // No such entity, no stub: the link is left out rather than lead to an empty form.
        assert_eq!(
            document_href(&config, &sources, EntityKind::Method, "x"),
            None
        );
    }
}
