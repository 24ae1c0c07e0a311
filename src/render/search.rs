//! The search index: what the search box of every page searches, in two steps.
//!
//! Both steps are scripts that set a global (`window.tldocSearchIndex`, then
//! `window.tldocSearchDetails`), not JSON to fetch, so that search works from `file://` too. The
//! first, loaded when the box is first focused, holds what the first keystroke needs and stays
//! small (layer 190's is under 300 KB): every entity's name, summary and id, who may call each
//! method, each method's parameter and result types (for type-directed search) and every error
//! with its codes and methods. The second, loaded right after it, holds what only longer queries
//! reach: parameter names, whole descriptions and the errors' descriptions. Entries are arrays
//! (named fields would double the size), and each page's path follows from its kind and name,
//! so none is written. `themes/default/search.js` reads both; the layout is documented there.
//!
//! A type is written as the index of a type in `types`, or as the name of a builtin (`string`)
//! or generic (`X`, `!X`); a vector stands for its element type, so `Vector<User>` matches
//! `User`, and a bare constructor used as a type stands for its type.

use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::Renderer;
use crate::content::plain_text;
use crate::export::{Entity, EntityParts, json_part};
use crate::history::Version;
use crate::model::{Combinator, EntityKind, TypeRef};

impl Renderer<'_> {
    /// The first step of the search index, as a script that sets `window.tldocSearchIndex`.
    pub(super) fn search_index(&self) -> String {
        let schema = self.inputs.schema;
        let summaries = &self.summaries;
        let since = |kind, name: &str| self.new_in(kind, name);
        // A removed entity's page lies where its page was, so its entry is `[name, summary]`.
        let with_removed = |mut entries: Vec<Value>, kind| {
            entries.extend(
                (self.removed_search_entries(kind).into_iter())
                    .map(|(name, summary)| json!([name, summary])),
            );
            Value::Array(entries)
        };
        let methods = (schema.method_ids())
            .map(|id| {
                let method = schema.method(id);
                let (bots, users) = self.usability(id);
                let callers = u8::from(bots == Some(true)) | u8::from(users == Some(true)) << 1;
                let (required, optional) = self.param_types(method);
                let mut entry = vec![
                    json!(method.name),
                    json!(summaries.methods[id.index()]),
                    json!(format!("{:08x}", method.id)),
                    json!(callers),
                    self.type_key(&method.result),
                    json!(required),
                    json!(optional),
                ];
                entry.extend(since(EntityKind::Method, &method.name));
                Value::Array(entry)
            })
            .collect();
        let constructors = (schema.constructor_ids())
            .map(|id| {
                let constructor = schema.constructor(id);
                let ty = schema
                    .constructor_type(id)
                    .map_or(-1, |ty| ty.index() as i64);
                let mut entry = vec![
                    json!(constructor.name),
                    json!(summaries.constructors[id.index()]),
                    json!(format!("{:08x}", constructor.id)),
                    json!(ty),
                ];
                entry.extend(since(EntityKind::Constructor, &constructor.name));
                Value::Array(entry)
            })
            .collect();
        let types = (schema.types.iter().zip(&summaries.types))
            .map(|(ty, summary)| {
                let mut entry = vec![json!(ty.name), json!(summary)];
                entry.extend(since(EntityKind::Type, &ty.name));
                Value::Array(entry)
            })
            .collect();
        let errors: Vec<Value> = (self.inputs.errors.errors.iter())
            .filter(|error| error.has_page())
            .map(|error| {
                let methods: Vec<usize> = error.methods.iter().map(|id| id.index()).collect();
                json!([error.name, error.codes, methods])
            })
            .collect();
        let index = json!({
            "methods": with_removed(methods, EntityKind::Method),
            "constructors": with_removed(constructors, EntityKind::Constructor),
            "types": with_removed(types, EntityKind::Type),
            "errors": errors,
        });
        format!("window.tldocSearchIndex = {index};\n")
    }

    /// The second step of the search index, as a script that sets `window.tldocSearchDetails`:
    /// in the order of the first step's lists, each method's `[parameter names, description]`,
    /// each constructor's `[field names, description, [required, optional] field types]`, each
    /// type's description and each error's. A description
    /// is the whole of it as plain text, or empty when it is all in the summary already.
    pub(super) fn search_details(&self) -> String {
        let parts = self
            .details
            .get_or_init(|| EntityParts::new(self.inputs.schema, |e| self.search_detail(e)));
        let errors: Vec<&str> = (self.inputs.errors.errors.iter())
            .filter(|error| error.has_page())
            .map(|error| error.description.as_deref().unwrap_or_default())
            .collect();
        #[derive(serde::Serialize)]
        struct Details<'a> {
            constructors: &'a [Box<RawValue>],
            errors: Vec<&'a str>,
            methods: &'a [Box<RawValue>],
            types: &'a [Box<RawValue>],
        }
        let details = Details {
            constructors: &parts.constructors,
            errors,
            methods: &parts.methods,
            types: &parts.types,
        };
        let details = serde_json::to_string(&details).unwrap_or_default();
        format!("window.tldocSearchDetails = {details};\n")
    }

    /// The entry of `entity` in the search index's second step (see [`Renderer::search_details`]).
    pub(super) fn search_detail(&self, entity: Entity) -> Box<RawValue> {
        json_part(&self.search_detail_value(entity))
    }

    fn search_detail_value(&self, entity: Entity) -> Value {
        let schema = self.inputs.schema;
        let summaries = &self.summaries;
        let combinator = |combinator: &Combinator, kind: EntityKind, summary: &str| {
            let names: Vec<&str> = (combinator.params.iter())
                .filter(|param| !param.is_flags_field())
                .map(|param| param.name.as_str())
                .collect();
            json!([
                names,
                self.description(
                    kind,
                    &combinator.name,
                    combinator.description.as_deref(),
                    summary
                )
            ])
        };
        match entity {
            Entity::Method(id) => {
                let m = schema.method(id);
                combinator(m, EntityKind::Method, &summaries.methods[id.index()])
            }
            Entity::Constructor(id) => {
                // A constructor's field types too, for type-directed search: the first step has
                // room only for the methods'.
                let c = schema.constructor(id);
                let summary = &summaries.constructors[id.index()];
                let mut entry = combinator(c, EntityKind::Constructor, summary);
                if let Value::Array(parts) = &mut entry {
                    parts.push(json!(self.param_types(c)));
                }
                entry
            }
            Entity::Type(id) => {
                let t = schema.ty(id);
                json!(self.description(
                    EntityKind::Type,
                    &t.name,
                    t.description.as_deref(),
                    &summaries.types[id.index()],
                ))
            }
        }
    }

    /// The whole description of the entity of this `kind` and `name`, as plain text: its
    /// content's, or the schema's; empty when it is no more than its `summary`.
    fn description(
        &self,
        kind: EntityKind,
        name: &str,
        schema: Option<&str>,
        summary: &str,
    ) -> String {
        let page = self.inputs.content.entity(kind, name);
        let text = match page.and_then(|page| page.front.description.as_deref()) {
            Some(markdown) => (plain_text(markdown).split_whitespace())
                .collect::<Vec<_>>()
                .join(" "),
            // The schema's documentation is plain text already, as its page shows it.
            None => (schema.unwrap_or_default().split_whitespace())
                .collect::<Vec<_>>()
                .join(" "),
        };
        if text == summary { String::new() } else { text }
    }

    /// The version the entity was new in (a layer's number, or a TDLib release's, as `since:`
    /// searches write them), when the site has a history and it is newer than the history's
    /// oldest version (before which nothing is known).
    fn new_in(&self, kind: EntityKind, name: &str) -> Option<Value> {
        let history = self.inputs.history?;
        let oldest = *history.versions().first()?;
        let since = history.entity(kind, name)?.since;
        (since > oldest).then(|| match since {
            Version::Layer { layer, .. } => json!(layer),
            Version::Tdlib(release) => json!(release),
        })
    }

    /// The types of `combinator`'s parameters that must be given, and of those that may be left
    /// out (bit-only flags, which carry no value, are neither).
    fn param_types(&self, combinator: &Combinator) -> (Vec<Value>, Vec<Value>) {
        let mut required = Vec::new();
        let mut optional = Vec::new();
        for param in &combinator.params {
            if param.is_flags_field() || param.is_bit_flag() {
                continue;
            }
            let key = self.type_key(&param.ty);
            if param.is_optional() {
                optional.push(key);
            } else {
                required.push(key);
            }
        }
        (required, optional)
    }

    /// A type as the index writes it (see the module's documentation).
    fn type_key(&self, ty: &TypeRef) -> Value {
        let schema = self.inputs.schema;
        match ty.innermost() {
            TypeRef::Type(id) | TypeRef::BareType(id) => json!(id.index()),
            TypeRef::Constructor(id) => match schema.constructor_type(*id) {
                Some(ty) => json!(ty.index()),
                None => json!(schema.constructor(*id).name),
            },
            TypeRef::Builtin(id) => json!(schema.builtin(*id).name),
            TypeRef::Generic { name, bang } => json!(if *bang {
                format!("!{name}")
            } else {
                name.clone()
            }),
            TypeRef::Nat => json!("#"),
            TypeRef::Vector { .. } => json!("Vector"),
        }
    }
}
