//! The syntax tree of one TL file: definitions as written, before names are resolved.

use crate::diagnostic::{FileId, Span};

/// One parsed `.tl` file.
#[derive(Debug, Clone)]
pub struct SchemaFile<'a> {
    /// The file in the source map.
    pub file: FileId,
    /// Every definition, in source order.
    pub definitions: Vec<Definition<'a>>,
    /// The layer from a `// LAYER N` comment (the last one), or else from the last `===N===` line.
    pub layer: Option<(u32, Span)>,
    /// The layers whose sections the file holds, oldest first, when it marks them (see
    /// [`Definition::section`]); empty when it does not.
    pub section_layers: Vec<u32>,
    /// TDLib `//@class Name @description ...` comments, which describe boxed types.
    pub type_docs: Vec<TypeDoc<'a>>,
}

/// Which section a definition sits in, or the builtin form `int ? = Int;`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionKind {
    /// Under `---types---` (the default).
    Constructor,
    /// Under `---functions---`.
    Method,
    /// `name ? = Type;`: a type the serialiser knows natively.
    Builtin,
}

/// A name and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name<'a> {
    /// The text, e.g. `account.resetAuthorization`.
    pub text: &'a str,
    /// Where.
    pub span: Span,
}

/// `name#id {X:Type} args = Result;`
#[derive(Debug, Clone)]
pub struct Definition<'a> {
    /// Constructor, method or builtin.
    pub kind: DefinitionKind,
    /// The combinator's name.
    pub name: Name<'a>,
    /// The id written after `#`, if any.
    pub declared_id: Option<(u32, Span)>,
    /// Type parameters: `{X:Type}`.
    pub generics: Vec<Generic<'a>>,
    /// Arguments, in order.
    pub args: Vec<Arg<'a>>,
    /// The type after `=`.
    pub result: TypeExpr<'a>,
    /// TDLib documentation tags written in the comments just above.
    pub docs: Vec<DocTag<'a>>,
    /// The layer whose section holds it, in a file that marks its layers (MadelineProto's
    /// `===N===` lines; several `// LAYER N` comments with definitions after them, as in TDLib's
    /// `secret_api.tl`); `None` before the first mark, or in a file that marks none.
    pub section: Option<u32>,
    /// From the name to the `;`.
    pub span: Span,
}

/// `{X:Type}`: a type parameter of a generic combinator.
#[derive(Debug, Clone)]
pub struct Generic<'a> {
    /// `X`.
    pub name: Name<'a>,
    /// `Type` (or `#` for a natural-number parameter).
    pub kind: Name<'a>,
}

/// One argument: `name:flags.3?!Type`, an anonymous `#`, or a repetition `[ t ]`.
#[derive(Debug, Clone)]
pub struct Arg<'a> {
    /// `None` for anonymous arguments, like the `#` and `[ t ]` of `vector`.
    pub name: Option<Name<'a>>,
    /// `flags.3?`: the argument is present only when that bit of that field is set.
    pub condition: Option<Condition<'a>>,
    /// `!X`: the argument is a whole serialised query of the generic type `X`.
    pub bang: bool,
    /// The type, or the repeated group.
    pub ty: ArgType<'a>,
    /// The whole argument as written.
    pub span: Span,
}

/// The type of an argument.
#[derive(Debug, Clone)]
pub enum ArgType<'a> {
    /// An ordinary type.
    Type(TypeExpr<'a>),
    /// `[ args ]` or `n*[ args ]`: the arguments repeated (only the builtin `vector` uses it).
    Repeat {
        /// `n` in `n*[ ... ]`; without it, the preceding anonymous `#`.
        multiplicity: Option<Name<'a>>,
        /// The repeated arguments.
        args: Vec<Arg<'a>>,
    },
}

/// `flags.3?`.
#[derive(Debug, Clone)]
pub struct Condition<'a> {
    /// The `#` field holding the bit (`flags`, `flags2`).
    pub field: Name<'a>,
    /// The bit, 0 to 31.
    pub bit: u32,
    /// `flags.3`.
    pub span: Span,
}

/// A type as written: `InputPeer`, `%Message`, `Vector<long>`, `Vector t`, `#`.
#[derive(Debug, Clone)]
pub struct TypeExpr<'a> {
    /// `%`: the bare form of a boxed type.
    pub bare: bool,
    /// The type's name; `#` for the natural-number type.
    pub name: Name<'a>,
    /// Type arguments, `<...>` or, in a result, space-separated.
    pub args: Vec<TypeExpr<'a>>,
    /// Where the whole expression is.
    pub span: Span,
}

/// A `//@name text` documentation tag, joined with its `//-` continuation lines.
#[derive(Debug, Clone)]
pub struct DocTag<'a> {
    /// `description`, `class`, a parameter name, or `param_` and a parameter name (TDLib's way to
    /// document a parameter called `description`).
    pub name: Name<'a>,
    /// The text, continuation lines joined with spaces.
    pub text: String,
}

/// `//@class Name @description ...`: documentation of a boxed type.
#[derive(Debug, Clone)]
pub struct TypeDoc<'a> {
    /// The type described.
    pub name: Name<'a>,
    /// Its description.
    pub description: String,
}
