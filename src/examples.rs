//! Examples: a call of each method, chosen once in a language-neutral shape and written out in
//! each language by one template.
//!
//! Choosing what to show needs the model (which constructor builds an `InputPeer`, which fields
//! are flags, what `!X` stands for); writing code needs only a language's syntax. So the choices
//! are made here, into an [`Example`], and each language is a Tera template in
//! `templates/examples/` that only spells the example out: adding a language is adding a file.
//! The templates do their own quoting and keyword escaping, because both are the language's
//! business; this module precomputes only the name forms that the client libraries derive from
//! TL names by fixed rules (see [`Example::class_name`] and [`Arg::camel_name`]).
//!
//! What an example shows, and why:
//! - every required parameter, in order, with a realistic placeholder derived from its name where
//!   that is cheap (`message` is `"Hello!"`, `limit` is `100`, a `hash` is a long), else from its
//!   type;
//! - no `flags:#` field, since every library computes those from the parameters given;
//! - no optional parameter, except when a method has no required one: then its first optional
//!   parameter that carries a value (or, failing that, its first bit flag), because a call with
//!   nothing in it would not show how the method is used;
//! - a parameter on a flag bit that others share is shown with them (`peer`, `msg_id` and
//!   `button_id` of `messages.requestUrlAuth`), since the bit stands for them all;
//! - an object parameter gets a constructor of its type: one that is not `…Empty`, then the type's
//!   own (`inputDialogPeer` for `InputDialogPeer`, not the `inputDialogPeerFolder` variant, which
//!   clients refuse where a peer is meant), then one with the fewest required object fields, then
//!   the fewest required fields (`inputPeerSelf` for `InputPeer`). Objects nested deeper than [`OBJECT_DEPTH`] get the type's smallest constructor
//!   and empty vectors, and nothing nests past [`MAX_NESTING`], so that recursive types end;
//! - a `!X` query gets a nested call of `help.getConfig`, or else of the method that has the
//!   fewest required parameters and no query of its own, a getter (`get…`) first.
//!
//! The same schema always gives the same examples: every choice is a fixed rule over the
//! schema's order.

use serde::Serialize;

use crate::model::{Combinator, MethodId, Param, Schema, SchemaKind, TypeId, TypeRef};

/// The default example templates, `(name, source)`, in the order of their tabs; a site's
/// `templates/examples/` overrides them file by file. Each is rendered with the context
/// `{ "example": Example }` into plain code.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "examples/javascript.js",
        include_str!("../templates/examples/javascript.js"),
    ),
    (
        "examples/typescript.ts",
        include_str!("../templates/examples/typescript.ts"),
    ),
    (
        "examples/php.php",
        include_str!("../templates/examples/php.php"),
    ),
    (
        "examples/lua.lua",
        include_str!("../templates/examples/lua.lua"),
    ),
    (
        "examples/python.py",
        include_str!("../templates/examples/python.py"),
    ),
    (
        "examples/json.json",
        include_str!("../templates/examples/json.json"),
    ),
    (
        "examples/tdl-javascript.js",
        include_str!("../templates/examples/tdl-javascript.js"),
    ),
    (
        "examples/tdl-typescript.ts",
        include_str!("../templates/examples/tdl-typescript.ts"),
    ),
    (
        "examples/pytdbot.py",
        include_str!("../templates/examples/pytdbot.py"),
    ),
];

/// A site's example languages, in tab order: those it `chose` (`examples:` of `tldoc.yaml`), or
/// the defaults of its schema's kind.
pub fn languages(chosen: Option<&Vec<String>>, schema: &Schema) -> Vec<String> {
    match chosen {
        Some(languages) => languages.clone(),
        None => default_languages(schema)
            .iter()
            .map(|&language| language.to_owned())
            .collect(),
    }
}

/// The example languages of a site that names none, by what its schema is: TDLib's JSON
/// interface, tdl (JavaScript and TypeScript) and pytdbot for TDLib, whose API no MTProto
/// library can call; GramJS, MadelineProto, a Lua client and Telethon for the others.
pub fn default_languages(schema: &Schema) -> &'static [&'static str] {
    if schema.kinds.contains(&SchemaKind::Tdlib) {
        &["json", "tdl-javascript", "tdl-typescript", "pytdbot"]
    } else {
        &["javascript", "typescript", "php", "lua", "python"]
    }
}

/// How deep objects nest before the smallest constructors take over.
pub const OBJECT_DEPTH: usize = 3;

/// How deep values (objects, vectors, queries) nest at most: past it an object is shown without
/// fields and a vector empty. Real schemas never get near it (layer 190 nests 3 deep); it
/// guarantees an end, and keeps templates that spend two nested component calls per level under
/// Tera's limit of 20.
pub const MAX_NESTING: usize = 8;

/// A combinator applied to arguments: a call of a method, or an object built by a constructor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The full TL name: `account.resetAuthorization`.
    pub name: String,
    /// The namespace: `account`; none for `invokeWithLayer`.
    pub namespace: Option<String>,
    /// The name without its namespace: `resetAuthorization`.
    pub short_name: String,
    /// The short name as a class name, as GramJS and Telethon derive it: `_x` becomes `X`, the
    /// first letter is upper-cased and other underscores dropped (`ResetAuthorization`,
    /// `ReqDHParams` for `req_DH_params`).
    pub class_name: String,
    /// Whether the combinator has parameters at all, counting `flags:#` fields and those not
    /// shown: GramJS then wants an argument object even when it is empty.
    pub has_params: bool,
    /// Whether a value in it, nested ones too, is a `long`, `int128` or `int256`: TypeScript
    /// then imports the `big-integer` package that GramJS types them with.
    pub big_integers: bool,
    /// The parameters shown, in definition order.
    pub params: Vec<Arg>,
}

/// One parameter of an example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arg {
    /// The TL name: `offset_id`.
    pub name: String,
    /// The name as GramJS writes it: each `_` followed by a lower-case letter becomes that letter
    /// upper-cased (`offsetId`; `srp_B` stays as it is).
    pub camel_name: String,
    /// The value.
    pub value: Value,
}

/// A placeholder value. Serialised with its variant's name in `kind` (`int`, `long`, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    /// `int` or `int53`.
    Int {
        /// The number.
        value: i64,
    },
    /// `long`, in decimal, since JavaScript numbers cannot hold every long.
    Long {
        /// The number in decimal: `-12398745604826`.
        value: String,
    },
    /// `int128`, a nonce, in decimal.
    Int128 {
        /// The number in decimal.
        value: String,
    },
    /// `int256`, a nonce, in decimal.
    Int256 {
        /// The number in decimal.
        value: String,
    },
    /// `double`.
    Double {
        /// The number; never a whole one, so that every language reads it as a float.
        value: f64,
    },
    /// `string`: always ASCII, with no control characters.
    String {
        /// The text.
        value: String,
    },
    /// `bytes`, given as ASCII text that stands for the bytes.
    Bytes {
        /// The text.
        value: String,
        /// The text's bytes in base64, as TDLib's JSON interface carries bytes.
        base64: String,
    },
    /// `Bool`.
    Bool {
        /// The truth value.
        value: bool,
    },
    /// A bit-only flag (`flags.0?true`) that is set.
    Flag,
    /// `Vector<T>` or `vector<T>`.
    Vector {
        /// The elements.
        items: Vec<Value>,
    },
    /// An object: a constructor of the parameter's type, with its own arguments.
    Object(Example),
    /// A whole query (`!X`): a nested method call.
    Query(Example),
}

impl Value {
    /// `bytes` standing for `text`.
    pub fn bytes(text: &str) -> Value {
        Value::Bytes {
            value: text.to_owned(),
            base64: base64(text.as_bytes()),
        }
    }

    /// Whether it is, or holds, a `long`, `int128` or `int256`.
    pub fn has_big_integers(&self) -> bool {
        match self {
            Value::Long { .. } | Value::Int128 { .. } | Value::Int256 { .. } => true,
            Value::Vector { items } => items.iter().any(Value::has_big_integers),
            Value::Object(example) | Value::Query(example) => example.big_integers,
            _ => false,
        }
    }
}

/// An example call of a method.
pub fn method_example(schema: &Schema, method: MethodId) -> Example {
    Builder {
        schema,
        tdlib: schema.kinds.contains(&SchemaKind::Tdlib),
    }
    .call(method, 0)
}

/// Renders an example with one of the example templates, such as `examples/javascript.js`.
pub fn render_example(
    tera: &tera::Tera,
    template: &str,
    example: &Example,
) -> Result<String, tera::Error> {
    tera.render(template, &example_context(example))
}

/// What an example template is rendered with: `example`. Made once for a method whose example
/// is written in several languages, since making it is a good part of rendering a template.
pub fn example_context(example: &Example) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("example", example);
    context
}

/// The example template of a language: `examples/javascript.js` for `javascript`, whatever the
/// file's extension.
pub fn template_name(tera: &tera::Tera, language: &str) -> Option<String> {
    tera.get_template_names()
        .filter(|name| {
            name.strip_prefix("examples/")
                .and_then(|file| file.strip_prefix(language))
                .is_some_and(|extension| extension.starts_with('.'))
        })
        // Template names come from a hash map: the smallest is a stable pick should a site hold
        // both `examples/foo.js` and `examples/foo.mjs`.
        .min()
        .map(str::to_owned)
}

/// The name of a language for its tab: `JavaScript` for `javascript`; a language tldoc does not
/// know is capitalised (`kotlin` gives `Kotlin`).
pub fn language_label(name: &str) -> String {
    match name {
        "javascript" => "JavaScript".to_owned(),
        "typescript" => "TypeScript".to_owned(),
        "php" => "PHP".to_owned(),
        "lua" => "Lua".to_owned(),
        "python" | "pytdbot" => "Python".to_owned(),
        "json" => "JSON".to_owned(),
        "tdl-javascript" => "JavaScript".to_owned(),
        "tdl-typescript" => "TypeScript".to_owned(),
        _ => {
            let mut chars = name.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
    }
}

/// How deep a value sits.
#[derive(Debug, Clone, Copy)]
struct Depth {
    /// Objects around it.
    objects: usize,
    /// Values of any kind around it.
    nesting: usize,
}

impl Depth {
    fn inside_value(self) -> Depth {
        Depth {
            nesting: self.nesting + 1,
            ..self
        }
    }

    fn inside_object(self) -> Depth {
        Depth {
            objects: self.objects + 1,
            nesting: self.nesting + 1,
        }
    }

    /// Past [`OBJECT_DEPTH`]: the smallest constructors and empty vectors.
    fn minimal(self) -> bool {
        self.objects > OBJECT_DEPTH
    }

    fn exhausted(self) -> bool {
        self.nesting >= MAX_NESTING
    }
}

struct Builder<'a> {
    schema: &'a Schema,
    /// Whether the schema is TDLib's, whose fields have no flags: what may be left out is what
    /// its description says may be null, and a type's first constructor is its usual one.
    tdlib: bool,
}

impl Builder<'_> {
    fn call(&self, method: MethodId, nesting: usize) -> Example {
        let combinator = self.schema.method(method);
        let depth = Depth {
            objects: 0,
            nesting,
        };
        let mut shown: Vec<&Param> = self.required(combinator).collect();
        if shown.is_empty() {
            let optional = || {
                combinator
                    .params
                    .iter()
                    .filter(|p| !p.is_flags_field() && !self.is_required(p))
            };
            let pick = optional()
                .find(|p| !p.is_bit_flag())
                .or_else(|| optional().next());
            if let Some(pick) = pick {
                // One bit stands for every field on it: a client either refuses the rest
                // missing (Telethon) or sends the bit without them (GramJS).
                shown.extend(combinator.params.iter().filter(|p| {
                    std::ptr::eq(*p, pick) || (p.flag.is_some() && p.flag == pick.flag)
                }));
            }
        }
        self.example(combinator, &shown, depth)
    }

    fn object(&self, combinator: &Combinator, depth: Depth) -> Example {
        if depth.exhausted() {
            return self.example(combinator, &[], depth);
        }
        let shown: Vec<&Param> = self.required(combinator).collect();
        self.example(combinator, &shown, depth)
    }

    fn example(&self, combinator: &Combinator, shown: &[&Param], depth: Depth) -> Example {
        let params: Vec<Arg> = shown
            .iter()
            .map(|param| Arg {
                name: param.name.clone(),
                camel_name: camel_case(&param.name),
                value: if param.is_bit_flag() {
                    Value::Flag
                } else {
                    self.value(&param.name, &param.ty, depth)
                },
            })
            .collect();
        Example {
            name: combinator.name.clone(),
            namespace: combinator.namespace().map(str::to_owned),
            short_name: combinator.short_name().to_owned(),
            class_name: class_name(combinator.short_name()),
            has_params: !combinator.params.is_empty(),
            big_integers: params.iter().any(|arg| arg.value.has_big_integers()),
            params,
        }
    }

    fn value(&self, name: &str, ty: &TypeRef, depth: Depth) -> Value {
        match ty {
            TypeRef::Builtin(id) => self.builtin(name, &self.schema.builtin(*id).name, depth),
            TypeRef::Type(id) | TypeRef::BareType(id) if self.schema.ty(*id).name == "Bool" => {
                Value::Bool {
                    value: bool_value(name),
                }
            }
            TypeRef::Type(id) | TypeRef::BareType(id) => self.object_of_type(*id, depth),
            TypeRef::Constructor(id) => {
                Value::Object(self.object(self.schema.constructor(*id), depth.inside_object()))
            }
            TypeRef::Vector { element, .. } => {
                let inner = depth.inside_value();
                // TDLib's vectors inside objects are lists a reader fills (a text's entities,
                // a folder's chats): empty reads best; a request's own get an element to show.
                let nested_list = self.tdlib && depth.objects > 0;
                let items = if depth.minimal() || inner.exhausted() || nested_list {
                    Vec::new()
                } else {
                    vec![self.value(singular(name), element, inner)]
                };
                Value::Vector { items }
            }
            // Only inside a vector (`Vector<#>`, which no real schema has), since a `#` parameter is
            // a flags field and never shown.
            TypeRef::Nat => Value::Int {
                value: int_value(name, self.schema.layer),
            },
            TypeRef::Generic { .. } => self.query(depth),
        }
    }

    fn builtin(&self, name: &str, builtin: &str, depth: Depth) -> Value {
        match builtin {
            // TDLib's `int64` is `long` by another name.
            "long" | "int64" => Value::Long {
                value: long_value(name).to_string(),
            },
            "int128" => Value::Int128 {
                value: "123456789012345678901234567890".to_owned(),
            },
            "int256" => Value::Int256 {
                value: "1234567890123456789012345678901234567890123456789012345678901234567890"
                    .to_owned(),
            },
            "double" => Value::Double {
                value: double_value(name),
            },
            "string" => Value::String {
                value: string_value(name).to_owned(),
            },
            "bytes" => Value::bytes(bytes_value(name)),
            "Bool" => Value::Bool {
                value: bool_value(name),
            },
            "true" => Value::Flag,
            // Any boxed object: a query is one, and the simplest to show.
            "Object" => self.query(depth),
            // `int`, TDLib's `int32` and `int53`, and numbers declared with `name ? = Type;`.
            _ => Value::Int {
                value: int_value(name, self.schema.layer),
            },
        }
    }

    fn object_of_type(&self, ty: TypeId, depth: Depth) -> Value {
        let inner = depth.inside_object();
        let ty = self.schema.ty(ty);
        // TDLib lists the constructor a caller usually wants first (`inputMessageText` of
        // `InputMessageContent`, `chatListMain` of `ChatList`).
        let usual = ty
            .constructors
            .first()
            .copied()
            .filter(|_| self.tdlib && !inner.minimal());
        let pick = usual.or_else(|| {
            ty.constructors.iter().copied().min_by_key(|&id| {
                let combinator = self.schema.constructor(id);
                // Past the depth limit, `…Empty` is welcome: it is the smallest there is.
                let empty = !inner.minimal() && combinator.short_name().ends_with("Empty");
                let variant = !inner.minimal() && !combinator.name.eq_ignore_ascii_case(&ty.name);
                let objects = self.required_objects(combinator, !inner.minimal());
                (empty, variant, objects, self.required(combinator).count())
            })
        });
        match pick {
            Some(id) => Value::Object(self.object(self.schema.constructor(id), inner)),
            // The model creates a type with its first constructor, so every type has one; an empty
            // vector is the least wrong value should that ever change.
            None => Value::Vector { items: Vec::new() },
        }
    }

    /// How many required fields of a constructor need an object of their own; vectors count only
    /// when they will get an element.
    fn required_objects(&self, combinator: &Combinator, vectors_filled: bool) -> usize {
        self.required(combinator)
            .filter(|param| {
                let ty = if vectors_filled {
                    param.ty.innermost()
                } else {
                    &param.ty
                };
                match ty {
                    TypeRef::Type(id) | TypeRef::BareType(id) => self.schema.ty(*id).name != "Bool",
                    TypeRef::Constructor(_) | TypeRef::Generic { .. } => true,
                    TypeRef::Builtin(_) | TypeRef::Nat | TypeRef::Vector { .. } => false,
                }
            })
            .count()
    }

    /// Whether a method nests a query: a `!X` parameter, or an `Object`.
    fn takes_query(&self, method: &Combinator) -> bool {
        method
            .params
            .iter()
            .any(|param| match param.ty.innermost() {
                TypeRef::Generic { .. } => true,
                TypeRef::Builtin(id) => self.schema.builtin(*id).name == "Object",
                _ => false,
            })
    }

    /// A nested call for a `!X` parameter.
    fn query(&self, depth: Depth) -> Value {
        let schema = self.schema;
        let simple = schema
            .method_named("help.getConfig")
            .filter(|&id| self.required(schema.method(id)).next().is_none())
            .or_else(|| {
                schema
                    .methods
                    .iter()
                    .filter(|method| !self.takes_query(method))
                    .filter_map(|method| schema.method_named(&method.name))
                    .min_by_key(|&id| {
                        let method = schema.method(id);
                        // A getter is harmless to run, unlike `auth.logOut`.
                        let getter = method.short_name().starts_with("get");
                        (self.required(method).count(), !getter)
                    })
            });
        match simple {
            Some(id) if !depth.inside_value().exhausted() => {
                Value::Query(self.call(id, depth.nesting + 1))
            }
            // A schema whose every method takes a query has no call to nest that would end.
            _ => Value::Vector { items: Vec::new() },
        }
    }

    /// The parameters a caller must give: no `flags:#` field, nothing on a flag, and in TDLib's
    /// schema nothing whose description says it may be null.
    fn required<'c>(&self, combinator: &'c Combinator) -> impl Iterator<Item = &'c Param> {
        combinator
            .params
            .iter()
            .filter(|param| !param.is_flags_field() && self.is_required(param))
    }

    fn is_required(&self, param: &Param) -> bool {
        !(param.is_optional() || self.tdlib && param.is_nullable())
    }
}

/// GramJS's field names: `_x` becomes `X`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '_' && next.is_ascii_lowercase() => {
                out.push(next.to_ascii_uppercase());
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// GramJS's and Telethon's class names: camel case, first letter upper-cased, no underscore.
fn class_name(short_name: &str) -> String {
    let camel = camel_case(short_name);
    let mut chars = camel.chars().filter(|&c| c != '_');
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The name an element of a vector parameter stands for: `phone` for `phones`.
fn singular(name: &str) -> &str {
    match name.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') => stem,
        _ => name,
    }
}

/// Standard base64 with padding (RFC 4648), as TDLib reads `bytes` in JSON.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |group, (i, &b)| group | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(group >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A Unix time: 2025-01-01 00:00:00 UTC.
const TIMESTAMP: i64 = 1_735_689_600;

fn int_value(name: &str, layer: Option<u32>) -> i64 {
    match name {
        "layer" => layer.map_or(42, i64::from),
        "limit" => 100,
        "hash" | "add_offset" | "min_id" | "max_id" | "position" | "file_part" => 0,
        "dc_id" => 2,
        "folder_id" => 1,
        "api_id" => 12345,
        "token_type" => 2,
        "period" | "ttl_period" | "self_expires" => 86_400,
        "duration" | "seconds" => 60,
        "cache_time" => 300,
        "count" | "media_count" | "boosts" => 10,
        "score" => 100,
        "rating" => 5,
        "volume" => 10_000,
        "version" | "from_version" => 1,
        "file_total_parts" | "parts" => 10,
        "random_length" => 256,
        _ if name.starts_with("offset") => 0,
        _ if name.ends_with("limit") => 100,
        _ if name == "date"
            || name.ends_with("_date")
            || name.starts_with("expire")
            || name.contains("until") =>
        {
            TIMESTAMP
        }
        _ if name == "id" || name.ends_with("_id") => 12345,
        _ => 42,
    }
}

fn long_value(name: &str) -> i64 {
    match name {
        "random_id" | "nonce" | "ping_id" => -4_156_887_774_564,
        "user_id" | "bot_id" => 123_456_789,
        "chat_id" => 987_654_321,
        "channel_id" => 1_234_567_890,
        "size" | "file_max_size" => 1_048_576,
        "stars" | "tip_amount" | "amount" => 100,
        "min_id" | "max_id" | "x" => 0,
        _ if name.contains("hash") || name.ends_with("fingerprint") => -12_398_745_604_826,
        _ if name.starts_with("offset") => 0,
        _ if name == "id" || name.ends_with("_id") => 5_123_456_789_012_345_678,
        _ => 1_234_567_890,
    }
}

fn string_value(name: &str) -> &'static str {
    match name {
        "message" | "text" => "Hello!",
        "caption" => "Look at this!",
        "username" => "durov",
        "phone_number" | "phone" => "+15550123456",
        "first_name" => "Pavel",
        "last_name" => "Durov",
        "title" => "Weekend plans",
        "about" => "Hi, I use Telegram.",
        "description" => "A short description.",
        "lang_code" | "system_lang_code" | "to_lang" | "language_code" | "system_language_code" => {
            "en"
        }
        "database_directory" => "tdlib",
        "files_directory" => "tdlib/files",
        "lang_pack" => "android",
        "url" => "https://example.com",
        "link" => "https://t.me/durov",
        "q" | "query" => "telegram",
        "email" => "user@example.com",
        "code" | "phone_code" => "12345",
        "phone_code_hash" => "2dc02d2cda9e615c84",
        "hash" | "invite_hash" => "AbCdEfGhIjKlMnOp",
        "device_model" => "PC 64bit",
        "system_version" => "Linux 6.1",
        "app_version" | "application_version" => "1.0",
        "platform" => "android",
        "mime_type" => "image/jpeg",
        "file_name" => "photo.jpg",
        "emoticon" | "emoji" => ":)",
        // Data as JSON, as `dataJSON` carries it: a realistic value with quotes to escape.
        "data" => r#"{"ok":true}"#,
        "slug" | "short_name" | "shortcut" => "example",
        "rank" => "Moderator",
        "address" => "1 Example Street",
        "api_hash" => "0123456789abcdef0123456789abcdef",
        "bot_auth_token" => "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
        "start_param" => "welcome",
        "name" => "Example",
        _ if name.contains("offset") => "",
        _ => "example",
    }
}

fn bytes_value(name: &str) -> &'static str {
    match name {
        "file_reference" => "file reference",
        "password" | "password_hash" | "new_password_hash" => "password hash",
        _ => "arbitrary data",
    }
}

fn double_value(name: &str) -> f64 {
    match name {
        "lat" => 51.5074,
        "long" => -0.1278,
        _ => 1.5,
    }
}

/// `true`, but `false` for the undoing kind (`unsave`, `unfave`), so that the example does what
/// the method is named for, and for TDLib's `use_test_dc`.
fn bool_value(name: &str) -> bool {
    // TDLib's test servers are for TDLib's own tests: an example keeps to the real ones.
    !name.starts_with("un") && name != "use_test_dc"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_gramjs_and_telethon() {
        assert_eq!(camel_case("offset_id"), "offsetId");
        assert_eq!(camel_case("srp_B"), "srp_B");
        assert_eq!(camel_case("g_a"), "gA");
        assert_eq!(camel_case("self"), "self");
        assert_eq!(class_name("resetAuthorization"), "ResetAuthorization");
        assert_eq!(class_name("req_DH_params"), "ReqDHParams");
        assert_eq!(class_name("p_q_inner_data"), "PQInnerData");
        assert_eq!(class_name(""), "");
    }

    #[test]
    fn labels() {
        assert_eq!(language_label("javascript"), "JavaScript");
        assert_eq!(language_label("php"), "PHP");
        assert_eq!(language_label("kotlin"), "Kotlin");
        assert_eq!(language_label(""), "");
    }

    #[test]
    fn base64_is_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }

    #[test]
    fn vector_elements_are_named_in_the_singular() {
        assert_eq!(singular("phones"), "phone");
        assert_eq!(singular("msg_ids"), "msg_id");
        assert_eq!(singular("address"), "address");
        assert_eq!(singular("s"), "s");
    }
}
