//! The schema as data: what tldoc knows of a site, for other tools.
//!
//! Three exports, each computed here once and written by both `tldoc build` (as files of the
//! site, through the render's page list) and `tldoc export` (without building the site), so the
//! two cannot differ: [`schema_json`] is the schema in the format of core.telegram.org's
//! `schema/json`, which existing tools read; [`tldoc_json`] is everything tldoc knows of every
//! entity (ids, parameters, descriptions, errors, usability, history), described by the JSON
//! Schema `docs/tldoc-json.schema.json`; [`Coverage`] counts what the content documents.
//! Each entity's facts ([`Facts`]) are gathered by one function, so the exports, the coverage
//! and the stubs for new content agree on what is known.

mod coverage;
mod parts;
mod stub;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::content::{Content, ContentPage, plain_text};
use crate::history::{EventKind, History, LastDefinition, Release, Version};
use crate::model::{Combinator, EntityKind, Param, Schema};
use crate::telethon::TelethonData;
use crate::urls;

pub use coverage::{Coverage, KindCoverage, Lacking, Missing, lacking, percent};
pub use parts::{Entity, EntityParts, JsonParts, json_part};
pub use stub::stub;

/// What the exports are made from: a loaded site's parts.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// The site's title.
    pub title: &'a str,
    /// The schema.
    pub schema: &'a Schema,
    /// The content files.
    pub content: &'a Content,
    /// `errors.csv` and `methods.csv`.
    pub telethon: &'a TelethonData,
    /// The schema's history, when the site has one.
    pub history: Option<&'a History>,
}

/// The version of the `tldoc.json` format, raised on any change that is not an addition.
pub const TLDOC_JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct SchemaJson {
    constructors: Vec<SchemaJsonConstructor>,
    methods: Vec<SchemaJsonMethod>,
}

#[derive(Serialize)]
struct SchemaJsonConstructor {
    id: String,
    predicate: String,
    params: Vec<SchemaJsonParam>,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Serialize)]
struct SchemaJsonMethod {
    id: String,
    method: String,
    params: Vec<SchemaJsonParam>,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Serialize)]
struct SchemaJsonParam {
    name: String,
    #[serde(rename = "type")]
    ty: String,
}

/// The schema in core.telegram.org's `schema/json` format: `constructors` and `methods`, each
/// with its id as a signed decimal string, its name (`predicate` or `method`), its `params`
/// (`name` and `type`, a conditional one's type as `flags.0?true`) and its `type`.
pub fn schema_json(schema: &Schema) -> String {
    let params = |combinator: &Combinator| {
        combinator
            .params
            .iter()
            .map(|param| SchemaJsonParam {
                name: param.name.clone(),
                ty: param_type(schema, param),
            })
            .collect()
    };
    let json = SchemaJson {
        constructors: schema
            .constructors
            .iter()
            .map(|c| SchemaJsonConstructor {
                id: c.signed_id().to_string(),
                predicate: c.name.clone(),
                params: params(c),
                ty: schema.display(&c.result),
            })
            .collect(),
        methods: schema
            .methods
            .iter()
            .map(|m| SchemaJsonMethod {
                id: m.signed_id().to_string(),
                method: m.name.clone(),
                params: params(m),
                ty: schema.display(&m.result),
            })
            .collect(),
    };
    to_json(&json)
}

/// A parameter's type as TL writes it: `flags.0?true` for a conditional one.
fn param_type(schema: &Schema, param: &Param) -> String {
    let ty = schema.display(&param.ty);
    match &param.flag {
        Some(flag) => format!("{}.{}?{ty}", flag.field, flag.bit),
        None => ty,
    }
}

/// A version as tldoc.json writes its number: a layer as a number (its revision goes beside
/// it), a TDLib release as a string (`"1.8.50"`).
fn version_number<S: serde::Serializer, V: Copy + Into<Option<Version>>>(
    version: &V,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match (*version).into() {
        Some(Version::Layer { layer, .. }) => serializer.serialize_u32(layer),
        Some(Version::Tdlib(release)) => serializer.collect_str(&release),
        None => serializer.serialize_none(),
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Serialising plain structs of strings, numbers and vectors cannot fail.
    let mut json = serde_json::to_string(value).unwrap_or_default();
    json.push('\n');
    json
}

/// A description, as written; it serialises with its plain text too, worked out only then
/// (the Markdown copies and the coverage, which read descriptions, need none).
#[derive(Clone)]
pub struct Description {
    /// Markdown: the content's as written, the schema's with Markdown's special characters
    /// escaped.
    pub markdown: String,
    /// The schema's plain text, for one from the schema.
    schema_text: Option<String>,
    /// Where it comes from: `content` or `schema`.
    pub source: &'static str,
}

impl Serialize for Description {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut fields = serializer.serialize_struct("Description", 3)?;
        fields.serialize_field("markdown", &self.markdown)?;
        fields.serialize_field("text", &self.text())?;
        fields.serialize_field("source", self.source)?;
        fields.end()
    }
}

impl Description {
    fn from_content(markdown: &str) -> Description {
        Description {
            markdown: markdown.to_owned(),
            schema_text: None,
            source: "content",
        }
    }

    fn from_schema(text: &str) -> Description {
        Description {
            markdown: escape_markdown(text),
            schema_text: Some(text.to_owned()),
            source: "schema",
        }
    }

    /// As plain text.
    pub fn text(&self) -> String {
        match &self.schema_text {
            Some(text) => text.clone(),
            None => plain_text(&self.markdown),
        }
    }

    /// The content's description, else the schema's.
    fn of(content: Option<&str>, schema: Option<&str>) -> Option<Description> {
        let filled = |text: &&str| !text.trim().is_empty();
        content
            .filter(filled)
            .map(Description::from_content)
            .or_else(|| schema.map(Description::from_schema))
    }
}

/// Plain text as Markdown that shows the same characters.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One possible error of a method.
#[derive(Serialize, Clone)]
pub struct ErrorFact {
    /// Its name: `PHONE_NUMBER_INVALID`.
    pub name: String,
    /// Its codes, where known: `[400]`.
    pub codes: Vec<i32>,
    /// What it means, where known.
    pub description: Option<String>,
}

/// One parameter of a constructor or method.
#[derive(Serialize, Clone)]
pub struct ParamFact {
    /// Its name.
    pub name: String,
    /// Its type as TL writes it, without the condition: `InputPeer`, `Vector<long>`, `true`.
    #[serde(rename = "type")]
    pub ty: String,
    /// For a conditional parameter, the `#` field and bit that say whether it is present.
    pub flag: Option<FlagFact>,
    /// Whether the caller may leave it out (it is conditional).
    pub optional: bool,
    /// Whether it is a bit-only flag (`flags.0?true`): present or absent, with no value.
    pub bit_flag: bool,
    /// Whether it is a `flags:#` field, which libraries compute from the other parameters.
    pub flags_field: bool,
    /// Its description, where known.
    pub description: Option<Description>,
}

/// `flags.3`.
#[derive(Serialize, Clone)]
pub struct FlagFact {
    /// The `#` field.
    pub field: String,
    /// The bit.
    pub bit: u32,
}

/// One event of an entity's history.
#[derive(Serialize)]
pub struct ChangeFact {
    /// The layer it happened in, in a history of layers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<u32>,
    /// Which revision of the layer, when the history holds several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// The TDLib release it happened in, in a history of TDLib's releases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tdlib: Option<Release>,
    /// `added`, `changed`, `renamed_from`, `renamed_to` or `removed`.
    pub change: &'static str,
    /// The other name, for a rename.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Everything known of one entity.
#[derive(Serialize)]
pub struct Facts {
    /// Its full name.
    pub name: String,
    /// `method`, `constructor` or `type`.
    pub kind: &'static str,
    /// Its namespace, if it has one.
    pub namespace: Option<String>,
    /// Its id, eight hex digits (constructors and methods).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its id as a signed 32-bit number, as core.telegram.org's JSON has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_decimal: Option<i64>,
    /// Its TL definition, on one line (constructors and methods).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// Its parameters, in order, `flags` fields included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<ParamFact>>,
    /// What a method returns, or the type a constructor builds.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// A type's constructors, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constructors: Option<Vec<String>>,
    /// Its description, where known.
    pub description: Option<Description>,
    /// A method's possible errors; `None` when nothing says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ErrorFact>>,
    /// Whether bots may call a method, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bots: Option<bool>,
    /// Whether users may call a method, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<bool>,
    /// The version it was added in, when the site has a history: written as its layer, or
    /// its TDLib release (`"1.8.50"`).
    #[serde(serialize_with = "version_number")]
    pub since: Option<Version>,
    /// Which revision of that layer, when the history holds several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since_revision: Option<u32>,
    /// What happened to it, oldest first, when the site has a history.
    pub changes: Vec<ChangeFact>,
    /// Its page, relative to the site's root.
    pub page: String,
    /// Its content file, relative to `content/`, when it has one.
    pub content_file: Option<String>,
    #[serde(skip)]
    has_errors_field: bool,
}

impl Facts {
    /// Whether content or `methods.csv` says which errors a method may return (an empty list
    /// written in content says it returns none).
    pub fn errors_known(&self) -> bool {
        self.has_errors_field
    }
}

impl Sources<'_> {
    fn page(&self, kind: EntityKind, name: &str) -> Option<&ContentPage> {
        self.content.entity(kind, name)
    }

    /// The facts of the constructor or method `combinator`.
    pub fn combinator_facts(&self, kind: EntityKind, combinator: &Combinator) -> Facts {
        let schema = self.schema;
        let page = self.page(kind, &combinator.name);
        let params = combinator
            .params
            .iter()
            .map(|param| ParamFact {
                name: param.name.clone(),
                ty: schema.display(&param.ty),
                flag: param.flag.as_ref().map(|flag| FlagFact {
                    field: flag.field.clone(),
                    bit: flag.bit,
                }),
                optional: param.is_optional(),
                bit_flag: param.is_bit_flag(),
                flags_field: param.is_flags_field(),
                description: Description::of(
                    page.and_then(|p| p.front.params.get(&param.name).map(String::as_str)),
                    param.description.as_deref(),
                ),
            })
            .collect();
        let mut facts = self.common(kind, &combinator.name, page);
        facts.id = Some(format!("{:08x}", combinator.id));
        facts.id_decimal = Some(i64::from(combinator.signed_id()));
        facts.definition = Some(combinator.definition.clone());
        facts.params = Some(params);
        facts.ty = Some(schema.display(&combinator.result));
        facts.description = Description::of(
            page.and_then(|p| p.front.description.as_deref()),
            combinator.description.as_deref(),
        );
        if kind == EntityKind::Method {
            let errors = crate::errors::method_errors(&combinator.name, page, self.telethon);
            facts.has_errors_field = errors.is_some();
            facts.errors = Some(
                errors
                    .into_iter()
                    .flatten()
                    .map(|error| ErrorFact {
                        name: error.name.to_owned(),
                        codes: error.codes,
                        description: error.description.map(|d| d.text().to_owned()),
                    })
                    .collect(),
            );
            (facts.bots, facts.users) = crate::errors::callers(combinator, page, self.telethon);
        }
        facts
    }

    /// The facts of the type `ty`.
    pub fn type_facts(&self, ty: &crate::model::Type) -> Facts {
        let schema = self.schema;
        let page = self.page(EntityKind::Type, &ty.name);
        let mut facts = self.common(EntityKind::Type, &ty.name, page);
        facts.constructors = Some(
            ty.constructors
                .iter()
                .map(|&id| schema.constructor(id).name.clone())
                .collect(),
        );
        facts.description = Description::of(
            page.and_then(|p| p.front.description.as_deref()),
            ty.description.as_deref(),
        );
        facts
    }

    fn common(&self, kind: EntityKind, name: &str, page: Option<&ContentPage>) -> Facts {
        let history = self.history.and_then(|h| h.entity(kind, name));
        Facts {
            name: name.to_owned(),
            kind: kind.noun(),
            namespace: name.rsplit_once('.').map(|(ns, _)| ns.to_owned()),
            id: None,
            id_decimal: None,
            definition: None,
            params: None,
            ty: None,
            constructors: None,
            description: None,
            errors: None,
            bots: None,
            users: None,
            since: history.map(|h| h.since),
            since_revision: history.and_then(|h| h.since.revision()),
            changes: history.map(change_facts).unwrap_or_default(),
            page: urls::entity_page(kind, name),
            content_file: page.map(|p| p.path.clone()),
            has_errors_field: false,
        }
    }
}

fn change_facts(history: &crate::history::EntityHistory) -> Vec<ChangeFact> {
    history
        .events
        .iter()
        .map(|event| {
            let (change, name) = match &event.what {
                EventKind::Added => ("added", None),
                EventKind::Changed => ("changed", None),
                EventKind::RenamedFrom(old) => ("renamed_from", Some(old.clone())),
                EventKind::RenamedTo(new) => ("renamed_to", Some(new.clone())),
                EventKind::Removed => ("removed", None),
            };
            ChangeFact {
                layer: event.version.layer(),
                revision: event.version.revision(),
                tdlib: event.version.release(),
                change,
                name,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct TldocJson<'a> {
    format: &'static str,
    version: u32,
    title: &'a str,
    layer: Option<u32>,
    constructors: &'a [Box<RawValue>],
    methods: &'a [Box<RawValue>],
    types: &'a [Box<RawValue>],
    removed: Vec<RemovedFact>,
    errors: Vec<KnownError<'a>>,
    layers: Vec<LayerFact>,
}

#[derive(Serialize)]
struct RemovedFact {
    name: String,
    kind: &'static str,
    #[serde(serialize_with = "version_number")]
    since: Version,
    #[serde(skip_serializing_if = "Option::is_none")]
    since_revision: Option<u32>,
    #[serde(serialize_with = "version_number")]
    removed_in: Version,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed_in_revision: Option<u32>,
    renamed_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    definition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    constructors: Option<Vec<RemovedConstructor>>,
}

#[derive(Serialize)]
struct RemovedConstructor {
    name: String,
    definition: String,
}

#[derive(Serialize)]
struct KnownError<'a> {
    name: &'a str,
    codes: &'a [i32],
    description: &'a str,
}

/// One version of the history (a layer, or a TDLib release), with how much changed in it.
#[derive(Serialize)]
pub struct LayerFact {
    /// The version.
    #[serde(skip)]
    pub version: Version,
    /// Its layer's number, in a history of layers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<u32>,
    /// Which revision of the layer, when the history holds several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// Its TDLib release, in a history of TDLib's releases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tdlib: Option<Release>,
    /// When it was published, when the history records it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where its schema came from, when the history records it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The commit of its source, when the history records it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Its Changes page, relative to the site's root; none for the oldest version.
    pub changes_page: Option<String>,
    /// The entities it added, changed, renamed and removed against the layer before.
    pub added: usize,
    /// See `added`.
    pub changed: usize,
    /// See `added`.
    pub renamed: usize,
    /// See `added`.
    pub removed: usize,
}

/// Every version of `history` (a layer, a layer's revision, or a TDLib release), oldest first,
/// with how much each changed and where it came from.
pub fn layer_facts(history: &History) -> Vec<LayerFact> {
    history
        .versions()
        .iter()
        .zip(history.origins())
        .enumerate()
        .map(|(index, (&version, origin))| {
            let diff = index.checked_sub(1).and_then(|i| history.diffs().get(i));
            let count = |f: &dyn Fn(&crate::diff::SchemaDiff) -> usize| diff.map_or(0, f);
            let recorded = |part: fn(&crate::history::Origin) -> &Option<String>| {
                origin.as_ref().and_then(|origin| part(origin).clone())
            };
            LayerFact {
                version,
                layer: version.layer(),
                revision: version.revision(),
                tdlib: version.release(),
                date: recorded(|o| &o.date),
                source: recorded(|o| &o.source),
                commit: recorded(|o| &o.commit),
                changes_page: diff.map(|_| urls::changes_page(&version.page_name())),
                added: count(&|d| {
                    d.constructors.added.len() + d.methods.added.len() + d.types.added.len()
                }),
                changed: count(&|d| {
                    d.constructors.changed.len() + d.methods.changed.len() + d.types.changed.len()
                }),
                renamed: count(&|d| d.constructors.renamed.len() + d.methods.renamed.len()),
                removed: count(&|d| {
                    d.constructors.removed.len() + d.methods.removed.len() + d.types.removed.len()
                }),
            }
        })
        .collect()
}

/// Everything tldoc knows of the site, as JSON (see `docs/tldoc-json.schema.json`).
pub fn tldoc_json(sources: &Sources<'_>) -> String {
    tldoc_json_of(&data_parts(sources), sources)
}

/// The facts of `entity`, one part of tldoc.json.
pub fn entity_facts(sources: &Sources<'_>, entity: Entity) -> Facts {
    let schema = sources.schema;
    match entity {
        Entity::Method(id) => sources.combinator_facts(EntityKind::Method, schema.method(id)),
        Entity::Constructor(id) => {
            sources.combinator_facts(EntityKind::Constructor, schema.constructor(id))
        }
        Entity::Type(id) => sources.type_facts(schema.ty(id)),
    }
}

/// tldoc.json's parts: every entity's facts.
pub fn data_parts(sources: &Sources<'_>) -> JsonParts {
    EntityParts::new(sources.schema, |entity| {
        json_part(&entity_facts(sources, entity))
    })
}

/// The whole of tldoc.json, of its parts (see [`data_parts`]).
pub fn tldoc_json_of(parts: &JsonParts, sources: &Sources<'_>) -> String {
    let schema = sources.schema;
    let removed = sources
        .history
        .map(|history| {
            EntityKind::ALL
                .iter()
                .flat_map(|&kind| {
                    history
                        .removed(kind)
                        .into_iter()
                        .filter_map(move |(name, entity)| {
                            let removal = entity.removed.as_ref()?;
                            let (definition, constructors) = match &removal.last {
                                LastDefinition::Combinator(definition) => {
                                    (Some(definition.clone()), None)
                                }
                                LastDefinition::Type(constructors) => (
                                    None,
                                    Some(
                                        constructors
                                            .iter()
                                            .map(|c| RemovedConstructor {
                                                name: c.name.clone(),
                                                definition: c.definition.clone(),
                                            })
                                            .collect(),
                                    ),
                                ),
                            };
                            Some(RemovedFact {
                                name: name.to_owned(),
                                kind: kind.noun(),
                                since: entity.since,
                                since_revision: entity.since.revision(),
                                removed_in: removal.version,
                                removed_in_revision: removal.version.revision(),
                                renamed_to: removal.renamed_to.clone(),
                                definition,
                                constructors,
                            })
                        })
                })
                .collect()
        })
        .unwrap_or_default();
    let layers = match sources.history {
        Some(history) => layer_facts(history),
        None => schema
            .layer
            .map(|layer| LayerFact {
                version: Version::from(layer),
                layer: Some(layer),
                revision: None,
                tdlib: None,
                date: None,
                source: None,
                commit: None,
                changes_page: None,
                added: 0,
                changed: 0,
                renamed: 0,
                removed: 0,
            })
            .into_iter()
            .collect(),
    };
    to_json(&TldocJson {
        format: "tldoc",
        version: TLDOC_JSON_VERSION,
        title: sources.title,
        layer: schema.layer,
        constructors: &parts.constructors,
        methods: &parts.methods,
        types: &parts.types,
        removed,
        errors: sources
            .telethon
            .errors()
            .into_iter()
            .map(|e| KnownError {
                name: &e.name,
                codes: &e.codes,
                description: &e.description,
            })
            .collect(),
        layers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_text_stays_the_same_text_as_markdown() {
        assert_eq!(escape_markdown("2*3 <b> a_b"), "2\\*3 \\<b\\> a\\_b");
    }
}
