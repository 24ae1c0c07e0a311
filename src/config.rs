//! `tldoc.yaml`: the site's settings. The file is optional; every setting has a default.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostics, FileId, SourceMap, Span};
use crate::yaml;

/// What a broken link written in content does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// Fails the build (the default: a reference with dead links is a broken reference).
    #[default]
    Error,
    /// Reported; the build succeeds. For content written for an older layer.
    Warn,
}

/// The settings of a site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's title, shown on every page.
    pub title: String,
    /// Where the site is published (`https://example.org/docs/`), used only where absolute URLs
    /// are required: the sitemap and canonical links.
    pub base_url: Option<String>,
    /// What a broken link in content does.
    pub links: LinkPolicy,
    /// Example languages, in tab order: names of templates in `templates/examples/`. Without
    /// it, those that fit the schema's kind (`examples::languages`).
    pub examples: Option<Vec<String>>,
    /// A custom domain for GitHub Pages (`docs.example.org`): the build writes it to `CNAME`.
    pub cname: Option<Domain>,
    /// A directory of earlier layers' schemas, one `.tl` file per layer (`schema/history/`),
    /// relative to the site's root; it may lie outside the site.
    pub history: Option<PathBuf>,
    /// The editor of a content file, `{path}` standing for its path in the repository
    /// (`https://github.com/OWNER/REPO/edit/main/{path}`): pages link to it, and an entity
    /// without content gets a "Document this" link to GitHub's new-file form beside it.
    pub edit_url: Option<String>,
    /// A schema file's line, `{path}` and `{line}` standing for them
    /// (`https://github.com/OWNER/REPO/blob/main/{path}#L{line}`): definitions link to it.
    pub source_url: Option<String>,
    /// The layer of a schema that has no `// LAYER N` line (GramJS's `api.tl` has none).
    pub layer: Option<u32>,
    /// The TDLib release of a TDLib schema (`1.8.65`), which its history needs: TDLib's
    /// schema is versioned by release, and states none.
    pub version: Option<crate::model::Release>,
    /// The rule for the ids the schema leaves out, when it is not the one tldoc tells from the
    /// schema: `telegram` or `tdlib`.
    pub ids: Option<crate::model::IdRule>,
    /// The file the settings were read from, to point at a setting in diagnostics.
    #[serde(skip)]
    pub file: Option<FileId>,
    /// Where each setting's value, and each item of a list setting, is written in that file, as
    /// the parser saw it.
    #[serde(skip)]
    pub places: Places,
}

/// Where each setting of the file, and each item of a list setting, is written (see
/// [`Config::span_of`]).
#[derive(Debug, Clone, Default)]
pub struct Places(BTreeMap<String, (Range<usize>, Vec<Range<usize>>)>);

/// A host name, as GitHub Pages' `CNAME` file takes it: no scheme, no path, no port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain(pub String);

impl<'de> Deserialize<'de> for Domain {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Domain, D::Error> {
        let text = String::deserialize(deserializer)?;
        let labels_valid = text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        if text.len() <= 253 && text.contains('.') && labels_valid {
            Ok(Domain(text.to_ascii_lowercase()))
        } else {
            Err(serde::de::Error::custom(format!(
                "`{text}` is not a domain name: write the host alone, like `docs.example.org` \
                 (no `https://`, path or port)"
            )))
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            title: "API reference".to_owned(),
            base_url: None,
            links: LinkPolicy::Error,
            examples: None,
            cname: None,
            history: None,
            edit_url: None,
            source_url: None,
            layer: None,
            version: None,
            ids: None,
            file: None,
            places: Places::default(),
        }
    }
}

/// The name of the settings file in a site's root.
pub const FILE_NAME: &str = "tldoc.yaml";

impl Config {
    /// Loads `tldoc.yaml` from the site's root, or the defaults when there is none. A file that
    /// does not parse is reported and the defaults are used, so the rest of the site is still
    /// checked.
    pub fn load(root: &Path, sources: &mut SourceMap, diagnostics: &mut Diagnostics) -> Config {
        let path = root.join(FILE_NAME);
        if !path.is_file() {
            return Config::default();
        }
        let site = crate::source::SiteDir::new(root);
        let Some(file) = site.read_source(&path, Path::new(FILE_NAME), sources, diagnostics) else {
            return Config::default();
        };
        let text = &sources.file(file).text;
        if text.trim().is_empty() {
            return Config::default();
        }
        match yaml::parse_range::<Config>(sources, file, 0..text.len()) {
            Ok(config) => {
                // Read once more for the places of the settings alone: a file of a few lines.
                let places: BTreeMap<String, Spanned<yaml::Items>> =
                    yaml::parse_range(sources, file, 0..text.len()).unwrap_or_default();
                let places = places.into_iter().map(|(key, value)| {
                    let items = value.value.0.iter().map(|item| yaml::place(item, 0));
                    (key, (yaml::place(&value, 0), items.collect()))
                });
                Config {
                    file: Some(file),
                    places: Places(places.collect()),
                    ..config
                }
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                Config::default()
            }
        }
    }
}

impl Config {
    /// Where the value of the top-level setting `key` is written, for a diagnostic about it; a
    /// setting's diagnostic without a span names the file instead.
    pub fn span_of(&self, key: &str) -> Option<Span> {
        Some(Span::new(self.file?, self.places.0.get(key)?.0.clone()))
    }

    /// Where the item at `index` of the list setting `key` is written.
    pub fn span_of_item(&self, key: &str, index: usize) -> Option<Span> {
        Some(Span::new(
            self.file?,
            self.places.0.get(key)?.1.get(index)?.clone(),
        ))
    }
}
