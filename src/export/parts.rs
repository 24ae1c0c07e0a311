//! What is made of one part per entity, kept so that an edit of one entity's content page makes
//! that entity's part again rather than the whole.
//!
//! tldoc.json (about 3 MB for a layer), the search index's details and the coverage are made
//! again by `tldoc serve` after every edit of an entity's page, and each of their entries
//! depends on the schema and that one entity's page only; making all 2,600 entries took most of
//! an edit's rebuild. [`EntityParts::update`] makes one again; JSON parts are kept serialised
//! ([`json_part`]), so that joining them is a copy.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::content::PageKind;
use crate::model::{ConstructorId, MethodId, Schema, TypeId};

/// An entity with a page of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A method.
    Method(MethodId),
    /// A constructor.
    Constructor(ConstructorId),
    /// A boxed type.
    Type(TypeId),
}

impl Entity {
    /// The entity a content page of `kind` documents, if the schema has it.
    pub fn of_page(schema: &Schema, kind: &PageKind) -> Option<Entity> {
        match kind {
            PageKind::Method(name) => schema.method_named(name).map(Entity::Method),
            PageKind::Constructor(name) => schema.constructor_named(name).map(Entity::Constructor),
            PageKind::Type(name) => schema.type_named(name).map(Entity::Type),
            PageKind::Home | PageKind::Free => None,
        }
    }
}

/// One part per entity of a schema, in the schema's order.
pub struct EntityParts<T> {
    /// Each method's part.
    pub methods: Vec<T>,
    /// Each constructor's part.
    pub constructors: Vec<T>,
    /// Each type's part.
    pub types: Vec<T>,
}

/// Parts of JSON, each serialised on its own.
pub type JsonParts = EntityParts<Box<RawValue>>;

impl<T: Send> EntityParts<T> {
    /// The `part` of every entity of `schema`.
    pub fn new(schema: &Schema, part: impl Fn(Entity) -> T + Sync) -> EntityParts<T> {
        let all =
            |entities: Vec<Entity>| -> Vec<T> { entities.into_par_iter().map(&part).collect() };
        let ((methods, constructors), types) = rayon::join(
            || {
                rayon::join(
                    || all(schema.method_ids().map(Entity::Method).collect()),
                    || all(schema.constructor_ids().map(Entity::Constructor).collect()),
                )
            },
            || all(schema.type_ids().map(Entity::Type).collect()),
        );
        EntityParts {
            methods,
            constructors,
            types,
        }
    }
}

impl<T> EntityParts<T> {
    /// Makes the `part` of `entity` again.
    pub fn update(&mut self, entity: Entity, part: impl FnOnce(Entity) -> T) {
        let slot = match entity {
            Entity::Method(id) => &mut self.methods[id.index()],
            Entity::Constructor(id) => &mut self.constructors[id.index()],
            Entity::Type(id) => &mut self.types[id.index()],
        };
        *slot = part(entity);
    }
}

/// `value` as JSON, kept as written.
pub fn json_part<T: Serialize>(value: &T) -> Box<RawValue> {
    // The parts are plain structs of strings, numbers and vectors, whose serialising cannot fail.
    serde_json::value::to_raw_value(value)
        .unwrap_or_else(|_| RawValue::from_string("null".to_owned()).expect("`null` is JSON"))
}
