//! The RPC errors of a site: every error that `errors.csv`, `methods.csv` or front matter names,
//! with its codes, its description and the methods that may return it.
//!
//! Readers ask "which methods raise this error?" as often as "which errors does this method
//! raise?", so the method → errors lists that the sources give are turned around here, once per
//! load, into one catalogue that error pages, the errors index, the search index and the links
//! on method pages all read. A family (`FLOOD_WAIT_X`) is one error: a concrete name written
//! anywhere (`FLOOD_WAIT_420`) counts as its family. Front matter's list of a method's errors
//! wins over `methods.csv`'s, as on the method's page.
//!
//! What the sources say of one method, its errors ([`method_errors`]) and who may call it
//! ([`callers`]), is worked out here too, once for every reader: the method's page, its Markdown
//! copy, `tldoc.json`, the catalogue and the pages of who may call what.

use std::collections::{BTreeSet, HashMap};

use crate::content::{Content, ContentPage};
use crate::model::{Combinator, EntityKind, MethodId, Schema};
use crate::telethon::TelethonData;

/// One RPC error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
    /// `FLOOD_WAIT_X`.
    pub name: String,
    /// Its codes, sorted: those of `errors.csv` and of front matter.
    pub codes: Vec<i32>,
    /// What `errors.csv` says it means; `{seconds}`-style placeholders stand for `X` parts.
    pub description: Option<String>,
    /// The methods that may return it, by name.
    pub methods: Vec<MethodId>,
}

impl RpcError {
    /// Whether its name can be a file name, and so it can have a page: front matter may name an
    /// error anything.
    pub fn has_page(&self) -> bool {
        !self.name.is_empty()
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }
}

/// An error a method may return, as its sources say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodError<'a> {
    /// As written: `FLOOD_WAIT_X`, or `FLOOD_WAIT_420` of that family.
    pub name: &'a str,
    /// The front matter's code, else `errors.csv`'s codes; empty when neither knows it.
    pub codes: Vec<i32>,
    /// What it means, where known.
    pub description: Option<ErrorDescription<'a>>,
}

/// Where an error's description comes from, as each source writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorDescription<'a> {
    /// The front matter's, Markdown.
    Content(&'a str),
    /// `errors.csv`'s, plain text.
    Known(&'a str),
}

impl<'a> ErrorDescription<'a> {
    /// The text as its source wrote it.
    pub fn text(self) -> &'a str {
        match self {
            ErrorDescription::Content(text) | ErrorDescription::Known(text) => text,
        }
    }
}

/// The errors the method `name` may return: its front matter's list (`page`) when it has one,
/// else `methods.csv`'s, each described by the front matter or else `errors.csv`; `None` when
/// neither lists any.
pub fn method_errors<'a>(
    name: &str,
    page: Option<&'a ContentPage>,
    telethon: &'a TelethonData,
) -> Option<Vec<MethodError<'a>>> {
    if let Some(errors) = page.and_then(|page| page.front.errors.as_ref()) {
        return Some(
            errors
                .iter()
                .map(|error| MethodError {
                    name: &error.name,
                    codes: vec![error.code],
                    description: match &error.description {
                        Some(written) => Some(ErrorDescription::Content(written)),
                        None => telethon
                            .error(&error.name)
                            .map(|known| ErrorDescription::Known(&known.description)),
                    },
                })
                .collect(),
        );
    }
    let listed = &telethon.methods.get(name)?.errors;
    Some(
        listed
            .iter()
            .map(|error| {
                let known = telethon.error(error);
                MethodError {
                    name: error,
                    codes: known.map(|known| known.codes.clone()).unwrap_or_default(),
                    description: known.map(|known| ErrorDescription::Known(&known.description)),
                }
            })
            .collect(),
    )
}

/// Whether bots, and whether users, may call a method: `None` where nothing says.
pub type Callers = (Option<bool>, Option<bool>);

/// Who may call `method`: front matter's `bots:` (`page`) wins over `methods.csv`, which wins
/// over what the description says (TDLib's "; for bots only").
pub fn callers(
    method: &Combinator,
    page: Option<&ContentPage>,
    telethon: &TelethonData,
) -> Callers {
    let csv = telethon.methods.get(&method.name);
    let bots = page
        .and_then(|page| page.front.bots)
        .or_else(|| csv.map(|info| info.usability.bots()));
    let users = csv.map(|info| info.usability.users());
    let traits = method
        .description
        .as_deref()
        .map(crate::model::prose::traits);
    match traits {
        Some(traits) if csv.is_none() && (traits.bots_only || traits.users_only) => {
            (bots.or(Some(traits.bots_only)), Some(traits.users_only))
        }
        _ => (bots, users),
    }
}

/// Every error of a site, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorCatalog {
    /// The errors, sorted by name.
    pub errors: Vec<RpcError>,
    /// Every name written anywhere (a family's members too) → its error's index.
    by_name: HashMap<String, usize>,
}

impl ErrorCatalog {
    /// The catalogue of the errors `telethon` and the front matter of `content` name, for the
    /// methods of `schema`.
    pub fn new(schema: &Schema, telethon: &TelethonData, content: &Content) -> ErrorCatalog {
        #[derive(Default)]
        struct Gathered {
            codes: BTreeSet<i32>,
            description: Option<String>,
            methods: BTreeSet<(String, MethodId)>,
        }
        let mut gathered: HashMap<String, Gathered> = HashMap::new();
        let mut written: HashMap<String, String> = HashMap::new();
        // The error a written name stands for: its family's when errors.csv knows one.
        let mut error_of = |name: &str, gathered: &mut HashMap<String, Gathered>| {
            let known = telethon.error(name);
            let key = known.map_or(name, |info| info.name.as_str()).to_owned();
            written.insert(name.to_owned(), key.clone());
            let entry = gathered.entry(key.clone()).or_default();
            if let Some(info) = known {
                entry.codes.extend(&info.codes);
                entry.description = Some(info.description.clone());
            }
            key
        };
        for info in telethon.errors() {
            error_of(&info.name, &mut gathered);
        }
        for id in schema.method_ids() {
            let name = &schema.method(id).name;
            let page = content.entity(EntityKind::Method, name);
            for error in method_errors(name, page, telethon).into_iter().flatten() {
                let key = error_of(error.name, &mut gathered);
                let entry = gathered.entry(key).or_default();
                // The front matter's code; errors.csv's, which `error_of` gave already.
                entry.codes.extend(error.codes);
                entry.methods.insert((name.clone(), id));
            }
        }
        // Errors named only by rows of methods.csv for methods the schema lacks.
        for info in telethon.methods.values() {
            for error in &info.errors {
                error_of(error, &mut gathered);
            }
        }
        let mut errors: Vec<RpcError> = gathered
            .into_iter()
            .map(|(name, gathered)| RpcError {
                name,
                codes: gathered.codes.into_iter().collect(),
                description: gathered.description,
                methods: gathered.methods.into_iter().map(|(_, id)| id).collect(),
            })
            .collect();
        errors.sort_by(|a, b| a.name.cmp(&b.name));
        let index: HashMap<&str, usize> = errors
            .iter()
            .enumerate()
            .map(|(at, error)| (error.name.as_str(), at))
            .collect();
        let by_name = written
            .iter()
            .filter_map(|(name, key)| Some((name.clone(), *index.get(key.as_str())?)))
            .collect();
        ErrorCatalog { errors, by_name }
    }

    /// The error a name written anywhere stands for.
    pub fn named(&self, name: &str) -> Option<&RpcError> {
        self.by_name.get(name).map(|&at| &self.errors[at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostics, SourceMap};
    use std::path::PathBuf;

    fn telethon(errors: &str, methods: &str) -> (TelethonData, SourceMap) {
        let mut sources = SourceMap::new();
        let errors = sources.add(PathBuf::from("errors.csv"), errors.to_owned());
        let methods = sources.add(PathBuf::from("methods.csv"), methods.to_owned());
        let mut diagnostics = Diagnostics::new();
        let data = TelethonData::parse(Some(errors), Some(methods), &sources, &mut diagnostics);
        assert!(diagnostics.is_empty());
        (data, sources)
    }

    #[test]
    fn methods_are_gathered_per_error_and_families_are_one_error() {
        let mut schema_sources = SourceMap::new();
        let mut diagnostics = Diagnostics::new();
        let file = schema_sources.add(
            PathBuf::from("api.tl"),
            "boolTrue#997275b5 = Bool;\n---functions---\na.one = Bool;\na.two = Bool;\n".to_owned(),
        );
        let text = schema_sources.file(file).text.clone();
        let parsed = crate::tl::parse(file, &text, &mut diagnostics);
        let schema = crate::model::resolve(&[parsed], &schema_sources, &mut diagnostics);
        let (data, _sources) = telethon(
            "name,codes,description\nFLOOD_WAIT_X,420,Wait {seconds}\nPEER_ID_INVALID,400,Bad peer\n",
            "method,usability,errors\na.one,both,FLOOD_WAIT_X PEER_ID_INVALID\na.two,user,FLOOD_WAIT_31 NEW_ONE\ngone.method,user,OLD_ONE\n",
        );
        let catalog = ErrorCatalog::new(&schema, &data, &Content::default());
        let names: Vec<&str> = catalog.errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["FLOOD_WAIT_X", "NEW_ONE", "OLD_ONE", "PEER_ID_INVALID"]
        );
        let flood = catalog.named("FLOOD_WAIT_31").unwrap();
        assert_eq!(flood.name, "FLOOD_WAIT_X");
        assert_eq!(flood.codes, [420]);
        assert_eq!(flood.description.as_deref(), Some("Wait {seconds}"));
        let methods: Vec<&str> = flood
            .methods
            .iter()
            .map(|&id| schema.method(id).name.as_str())
            .collect();
        assert_eq!(methods, ["a.one", "a.two"]);
        assert!(catalog.named("OLD_ONE").unwrap().methods.is_empty());
        assert!(catalog.named("NEW_ONE").unwrap().description.is_none());
        assert!(catalog.named("UNKNOWN").is_none());
    }

    #[test]
    fn only_names_that_are_file_names_get_pages() {
        let error = |name: &str| RpcError {
            name: name.to_owned(),
            codes: Vec::new(),
            description: None,
            methods: Vec::new(),
        };
        assert!(error("FLOOD_WAIT_X").has_page());
        assert!(error("Timedout").has_page());
        assert!(!error("../x").has_page());
        assert!(!error("A B").has_page());
        assert!(!error("").has_page());
    }
}
