//! The model: one resolved view of every entity of a schema and how they refer to each other.
//!
//! Everything downstream (pages, indexes, examples, checks) reads this model and nothing else of
//! the schema. Entities live in plain vectors and refer to each other by index ([`ConstructorId`],
//! [`MethodId`], [`TypeId`], [`BuiltinId`]), so cross-references cost nothing to store or follow
//! and the model holds no reference cycles. [`resolve`] builds it from parsed files.

pub mod prose;
mod release;
mod resolve;
pub mod sections;

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Span;

pub use crate::tl::id::Rule as IdRule;
pub use release::Release;
pub use resolve::{Depth, Options, resolve, resolve_to, resolve_with};

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// Position in the schema's list of such entities.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The entity at this position; the caller knows it exists.
            pub(crate) fn from_index(index: usize) -> $name {
                $name(u32::try_from(index).unwrap_or(u32::MAX))
            }
        }
    };
}

index_type!(
    /// A constructor, by its position in [`Schema::constructors`].
    ConstructorId
);
index_type!(
    /// A method, by its position in [`Schema::methods`].
    MethodId
);
index_type!(
    /// A boxed type, by its position in [`Schema::types`].
    TypeId
);
index_type!(
    /// A builtin type, by its position in [`Schema::builtins`].
    BuiltinId
);

impl BuiltinId {
    /// `true`, the type of bit-only flags; every schema has the predefined builtins first, in the
    /// order of `resolve::PREDEFINED`.
    pub const TRUE: BuiltinId = BuiltinId(resolve::TRUE_INDEX);
}

/// The three kinds of entity with pages of their own. Every place that names a kind for people
/// (a folder, a noun, a heading) asks it here, so they cannot drift apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// A constructor.
    Constructor,
    /// A method.
    Method,
    /// A boxed type.
    Type,
}

impl EntityKind {
    /// Every kind, in the order the site lists them: constructors, methods, types.
    pub const ALL: [EntityKind; 3] = [
        EntityKind::Constructor,
        EntityKind::Method,
        EntityKind::Type,
    ];

    /// The folder of its pages, in the output and in `content/`: `methods`.
    pub fn folder(self) -> &'static str {
        match self {
            EntityKind::Constructor => "constructors",
            EntityKind::Method => "methods",
            EntityKind::Type => "types",
        }
    }

    /// What one is called in a sentence: `method`.
    pub fn noun(self) -> &'static str {
        match self {
            EntityKind::Constructor => "constructor",
            EntityKind::Method => "method",
            EntityKind::Type => "type",
        }
    }

    /// The heading of its index: `Methods`.
    pub fn title(self) -> &'static str {
        match self {
            EntityKind::Constructor => "Constructors",
            EntityKind::Method => "Methods",
            EntityKind::Type => "Types",
        }
    }
}

/// A resolved schema: every file of a site merged.
#[derive(Debug, Default)]
pub struct Schema {
    /// The API layer, from a `// LAYER N` comment.
    pub layer: Option<u32>,
    /// Constructors, in source order (files in the order given).
    pub constructors: Vec<Combinator>,
    /// Methods, in source order.
    pub methods: Vec<Combinator>,
    /// Boxed types, in order of their first constructor.
    pub types: Vec<Type>,
    /// Builtin types: the predefined ones, and any `name ? = Type;` declarations.
    pub builtins: Vec<Builtin>,
    /// Namespaces (`account`, `auth`, `e2e.chain`, ...), sorted by name. A nested namespace is one
    /// of its own, named with all its parts: `e2e.chain` holds `e2e.chain.groupState`, and `e2e`
    /// what has no more parts than `e2e.callPacket`.
    pub namespaces: Vec<Namespace>,
    /// The rule the ids that are not declared were computed with.
    pub id_rule: IdRule,
    /// What the schema is, from what it holds.
    pub kinds: Vec<SchemaKind>,
    /// The files that mark their own layers (`===N===`, `// layer N` between definitions), whose
    /// sections make the schema's history.
    pub sectioned_files: Vec<crate::diagnostic::FileId>,
    constructors_by_name: HashMap<String, ConstructorId>,
    methods_by_name: HashMap<String, MethodId>,
    types_by_name: HashMap<String, TypeId>,
}

impl Schema {
    /// The constructor with this exact name.
    pub fn constructor_named(&self, name: &str) -> Option<ConstructorId> {
        self.constructors_by_name.get(name).copied()
    }

    /// The method with this exact name.
    pub fn method_named(&self, name: &str) -> Option<MethodId> {
        self.methods_by_name.get(name).copied()
    }

    /// The boxed type with this exact name.
    pub fn type_named(&self, name: &str) -> Option<TypeId> {
        self.types_by_name.get(name).copied()
    }

    /// The builtins the schema declares or uses, in their order: what its builtins page lists.
    pub fn listed_builtins(&self) -> impl Iterator<Item = BuiltinId> + '_ {
        self.builtins
            .iter()
            .enumerate()
            .filter(|(_, builtin)| builtin.used || builtin.span.is_some())
            .map(|(index, _)| BuiltinId::from_index(index))
    }

    /// What `tldoc check` says the schema is: `Telegram API and MTProto`, `TDLib`, ...
    pub fn kind_description(&self) -> String {
        let names: Vec<&str> = self.kinds.iter().map(|kind| kind.name()).collect();
        match names.split_last() {
            None => "TL".to_owned(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// The builtin with this exact name.
    pub fn builtin_named(&self, name: &str) -> Option<BuiltinId> {
        self.builtins
            .iter()
            .position(|builtin| builtin.name == name)
            .map(BuiltinId::from_index)
    }

    /// Every constructor's id, in order.
    pub fn constructor_ids(&self) -> impl Iterator<Item = ConstructorId> + use<> {
        (0..self.constructors.len()).map(ConstructorId::from_index)
    }

    /// Every method's id, in order.
    pub fn method_ids(&self) -> impl Iterator<Item = MethodId> + use<> {
        (0..self.methods.len()).map(MethodId::from_index)
    }

    /// Every type's id, in order.
    pub fn type_ids(&self) -> impl Iterator<Item = TypeId> + use<> {
        (0..self.types.len()).map(TypeId::from_index)
    }

    /// A constructor.
    pub fn constructor(&self, id: ConstructorId) -> &Combinator {
        &self.constructors[id.index()]
    }

    /// A method.
    pub fn method(&self, id: MethodId) -> &Combinator {
        &self.methods[id.index()]
    }

    /// A boxed type.
    pub fn ty(&self, id: TypeId) -> &Type {
        &self.types[id.index()]
    }

    /// A builtin type.
    pub fn builtin(&self, id: BuiltinId) -> &Builtin {
        &self.builtins[id.index()]
    }

    /// The type a constructor builds.
    pub fn constructor_type(&self, id: ConstructorId) -> Option<TypeId> {
        match self.constructor(id).result {
            TypeRef::Type(ty) => Some(ty),
            _ => None,
        }
    }

    /// Writes a type reference as TL does: `Vector<InputUser>`, `%Message`, `!X`.
    pub fn display(&self, ty: &TypeRef) -> String {
        let mut out = String::new();
        self.write_type(&mut out, ty);
        out
    }

    fn write_type(&self, out: &mut String, ty: &TypeRef) {
        match ty {
            TypeRef::Nat => out.push('#'),
            TypeRef::Builtin(id) => out.push_str(&self.builtin(*id).name),
            TypeRef::Type(id) => out.push_str(&self.ty(*id).name),
            TypeRef::BareType(id) => {
                out.push('%');
                out.push_str(&self.ty(*id).name);
            }
            TypeRef::Constructor(id) => out.push_str(&self.constructor(*id).name),
            TypeRef::Vector { boxed, element } => {
                out.push_str(if *boxed { "Vector<" } else { "vector<" });
                self.write_type(out, element);
                out.push('>');
            }
            TypeRef::Generic { name, bang } => {
                if *bang {
                    out.push('!');
                }
                out.push_str(name);
            }
        }
    }
}

/// A constructor or a method: `name#id {X:Type} params = Result;`.
#[derive(Debug, Clone)]
pub struct Combinator {
    /// Full name, with its namespace: `account.resetAuthorization`.
    pub name: String,
    /// The id used on the wire: the declared one, or the computed one when none is written.
    pub id: u32,
    /// The id written in the schema, if any.
    pub declared_id: Option<u32>,
    /// The id computed from the definition's text.
    pub computed_id: u32,
    /// Type parameters (`X` of `{X:Type}`).
    pub generics: Vec<String>,
    /// Named parameters, in order (including `flags:#` fields).
    pub params: Vec<Param>,
    /// The result: for a constructor, the type it builds; for a method, what it returns.
    pub result: TypeRef,
    /// Description from TDLib-style documentation comments.
    pub description: Option<String>,
    /// The definition as written, on one line with single spaces.
    pub definition: String,
    /// Where it is defined, from the name to the `;`.
    pub span: Span,
}

impl Combinator {
    /// The id as a signed 32-bit number, as TDLib's `td_api.h` (`ID`), its Java binding
    /// (`CONSTRUCTOR`) and Telethon's `CONSTRUCTOR_ID` comparisons in C write it:
    /// `setTdlibParameters` (`#d1c0f62e`) is -775883218.
    pub fn signed_id(&self) -> i32 {
        self.id as i32
    }

    /// The namespace: `account` for `account.resetAuthorization`.
    pub fn namespace(&self) -> Option<&str> {
        namespace_of(&self.name)
    }

    /// The name without its namespace.
    pub fn short_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }

    /// The parameter with this name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|param| param.name == name)
    }
}

fn namespace_of(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(namespace, _)| namespace)
}

/// A named parameter of a combinator.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// For a conditional parameter, the flags field and bit that say whether it is present.
    pub flag: Option<Flag>,
    /// Description from TDLib-style documentation comments.
    pub description: Option<String>,
    /// Whether it is a flags field: of type `#`, or an `int` that later parameters take their
    /// flag bits from (the old form, `flags:int`, of layers up to about 65).
    pub flags_field: bool,
    /// Where it is written.
    pub span: Span,
}

impl Param {
    /// Whether the caller may leave it out.
    pub fn is_optional(&self) -> bool {
        self.flag.is_some()
    }

    /// Whether it is a `flags:#` field, computed from the other parameters by every library.
    pub fn is_flags_field(&self) -> bool {
        self.flags_field
    }

    /// Whether its description says it may be null (TDLib's "pass null if none", "may be null",
    /// "can be null", "or null"): TDLib's way of marking the fields a request may
    /// leave out and the fields of a returned object that may be missing.
    pub fn is_nullable(&self) -> bool {
        self.description.as_deref().is_some_and(says_nullable)
    }

    /// Whether it is a bit-only flag (`flags.0?true`): present or absent, with no value.
    pub fn is_bit_flag(&self) -> bool {
        self.flag.is_some() && self.ty == TypeRef::Builtin(BuiltinId::TRUE)
    }
}

/// Whether a field's description says that it may be null. Phrases of a condition on another
/// field ("if non-null", "x is null") do not count; "must not be null" does not either.
fn says_nullable(description: &str) -> bool {
    const PHRASES: [&str; 4] = ["pass null", "may be null", "can be null", "or null"];
    let lower = description.to_ascii_lowercase();
    PHRASES.iter().any(|phrase| {
        lower.match_indices(phrase).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + phrase.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
                && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    })
}

/// `flags.3`: bit 3 of the field `flags`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The `#` field.
    pub field: String,
    /// The bit, 0 to 31.
    pub bit: u32,
}

/// What a parameter or result refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `#`: a natural number, the type of `flags` fields.
    Nat,
    /// A builtin type: `int`, `long`, `string`, `true`, ...
    Builtin(BuiltinId),
    /// A boxed type: `InputPeer`.
    Type(TypeId),
    /// The bare form of a boxed type: `%Message`.
    BareType(TypeId),
    /// A bare constructor used as a type: `future_salt`.
    Constructor(ConstructorId),
    /// `Vector<T>` (boxed) or `vector<T>` (bare).
    Vector {
        /// Whether it is the boxed `Vector`.
        boxed: bool,
        /// The element type.
        element: Box<TypeRef>,
    },
    /// A type parameter of a generic combinator: `X`, or `!X` for a whole query of type `X`.
    Generic {
        /// The parameter's name.
        name: String,
        /// `!X`.
        bang: bool,
    },
}

impl TypeRef {
    /// The innermost element type: `InputUser` for `Vector<Vector<InputUser>>`.
    pub fn innermost(&self) -> &TypeRef {
        match self {
            TypeRef::Vector { element, .. } => element.innermost(),
            other => other,
        }
    }
}

/// A boxed type and the entities around it.
#[derive(Debug, Clone)]
pub struct Type {
    /// Its name: `InputPeer`, `auth.Authorization`.
    pub name: String,
    /// The constructors that build it, in source order.
    pub constructors: Vec<ConstructorId>,
    /// Methods that return it (directly or as a vector element).
    pub returned_by: Vec<MethodId>,
    /// Methods with a parameter of this type.
    pub taken_by_methods: Vec<MethodId>,
    /// Constructors with a field of this type.
    pub taken_by_constructors: Vec<ConstructorId>,
    /// Description from a TDLib `//@class` comment.
    pub description: Option<String>,
    /// The result type of its first constructor.
    pub span: Span,
}

impl Type {
    /// The namespace: `auth` for `auth.Authorization`.
    pub fn namespace(&self) -> Option<&str> {
        namespace_of(&self.name)
    }
}

/// A type the serialiser knows without a schema definition.
#[derive(Debug, Clone)]
pub struct Builtin {
    /// Its name: `long`.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Where a schema declares it (`int ? = Int;`, or TDLib's `int32 = Int32;`), if one does.
    pub span: Option<Span>,
    /// Whether a parameter or result of the schema is of this type.
    pub used: bool,
}

#[cfg(test)]
mod tests {
    use super::says_nullable;

    #[test]
    fn nullable_fields_are_told_by_their_descriptions() {
        // Lines of td_api 1.8.65.
        assert!(says_nullable(
            "Topic in which the message will be sent; pass null if none"
        ));
        assert!(says_nullable(
            "The way the next code will be sent to the user; may be null"
        ));
        assert!(says_nullable(
            "The chosen icon for the chat folder; may be null. If null, use getChatFolderDefaultIconName"
        ));
        assert!(says_nullable(
            "Must be of type replyMarkupInlineKeyboard or null"
        ));
        assert!(says_nullable(
            "Preferred Web App theme; Pass null to use the default theme"
        ));
        assert!(!says_nullable("Target chat"));
        assert!(!says_nullable(
            "If non-null, then it is the same photo as in personal_photo. If null and user.profile_photo is null"
        ));
        assert!(!says_nullable("Chat photo; must be valid and not null"));
        assert!(!says_nullable("The nullable list"));
    }
}

/// What a schema is, told by entities only it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// Telegram's API (`api.tl`): it has `invokeWithLayer`.
    TelegramApi,
    /// MTProto's own schema (`mtproto.tl`): it has `req_pq_multi` or `resPQ`.
    Mtproto,
    /// TDLib's client API (`td_api.tl`): TDLib's builtin declarations (`int53 = Int53;`) and
    /// no declared ids.
    Tdlib,
    /// The secret-chat schema: it has `DecryptedMessage`.
    SecretChats,
    /// TDLib's end-to-end schema (`e2e_api.tl`): names in the `e2e` namespace.
    E2e,
}

impl SchemaKind {
    /// The name `tldoc check` prints.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::TelegramApi => "Telegram API",
            SchemaKind::Mtproto => "MTProto",
            SchemaKind::Tdlib => "TDLib",
            SchemaKind::SecretChats => "secret chats",
            SchemaKind::E2e => "TDLib end-to-end",
        }
    }
}

/// The entities whose names share a prefix: `account` of `account.resetAuthorization`.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    /// The prefix.
    pub name: String,
    /// Its methods.
    pub methods: Vec<MethodId>,
    /// Its constructors.
    pub constructors: Vec<ConstructorId>,
    /// Its types.
    pub types: Vec<TypeId>,
}

/// Builds the sorted namespace list from the entities' names.
fn namespaces(schema: &Schema) -> Vec<Namespace> {
    fn entry<'a>(
        by_name: &'a mut BTreeMap<String, Namespace>,
        name: &str,
    ) -> Option<&'a mut Namespace> {
        let namespace = namespace_of(name)?;
        Some(
            by_name
                .entry(namespace.to_owned())
                .or_insert_with(|| Namespace {
                    name: namespace.to_owned(),
                    ..Namespace::default()
                }),
        )
    }
    let mut by_name = BTreeMap::new();
    for (index, method) in schema.methods.iter().enumerate() {
        if let Some(namespace) = entry(&mut by_name, &method.name) {
            namespace.methods.push(MethodId::from_index(index));
        }
    }
    for (index, constructor) in schema.constructors.iter().enumerate() {
        if let Some(namespace) = entry(&mut by_name, &constructor.name) {
            namespace
                .constructors
                .push(ConstructorId::from_index(index));
        }
    }
    for (index, ty) in schema.types.iter().enumerate() {
        if let Some(namespace) = entry(&mut by_name, &ty.name) {
            namespace.types.push(TypeId::from_index(index));
        }
    }
    by_name.into_values().collect()
}
