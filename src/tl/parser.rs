//! Turns tokens into a [`SchemaFile`].
//!
//! A recursive-descent parser over the token list. On an error it reports one diagnostic and skips
//! to the end of the broken definition, which is the next `;` or the next token that starts a line,
//! whichever comes first: real schemas put one definition per line, so a missing `;` or a stray
//! token costs one diagnostic, and the definitions after it are still checked.

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Span};

use super::ast::{
    Arg, ArgType, Condition, Definition, DefinitionKind, DocTag, Generic, Name, SchemaFile,
    TypeDoc, TypeExpr,
};
use super::lexer::{LayerMark, Lexed, Token, TokenKind};

pub(crate) fn parse<'a>(
    file: FileId,
    text: &'a str,
    lexed: Lexed,
    diagnostics: &mut Diagnostics,
) -> SchemaFile<'a> {
    let mut parser = Parser {
        text,
        tokens: &lexed.tokens,
        pos: 0,
        file,
        diagnostics,
        depth: 0,
    };
    let mut definitions = Vec::new();
    let mut type_docs = Vec::new();
    let mut kind = DefinitionKind::Constructor;
    let mut docs: Vec<Token> = Vec::new();
    while let Some(token) = parser.peek() {
        let ends_doc_block = match token.kind {
            TokenKind::Doc => starts_new_doc_block(text, &docs, token),
            _ => starts_class_doc(text, &docs),
        };
        if ends_doc_block {
            // A `//@class` block documents a type, not the definition after it; any other block
            // that a blank line separates from the next definition documents nothing.
            type_docs.extend(type_doc(text, &doc_tags(text, &docs)));
            docs.clear();
        }
        match token.kind {
            TokenKind::Section { functions } => {
                parser.pos += 1;
                kind = if functions {
                    DefinitionKind::Method
                } else {
                    DefinitionKind::Constructor
                };
                docs.clear();
            }
            TokenKind::Doc => {
                parser.pos += 1;
                docs.push(token);
            }
            TokenKind::Ident => {
                let tags = doc_tags(text, &docs);
                docs.clear();
                match parser.definition(kind, tags) {
                    Ok(definition) => definitions.push(definition),
                    Err(Reported) => parser.recover(),
                }
            }
            _ => {
                parser.error(token, "a definition");
                parser.recover();
            }
        }
    }
    type_docs.extend(type_doc(text, &doc_tags(text, &docs)));
    let section_layers = assign_sections(&mut definitions, &lexed.layer_marks);
    let layer = lexed
        .layer_marks
        .iter()
        .rev()
        .find(|mark| !mark.section_line)
        .or_else(|| lexed.layer_marks.last())
        .map(|mark| (mark.layer, mark.span));
    SchemaFile {
        file,
        definitions,
        layer,
        section_layers,
        type_docs,
    }
}

/// Gives each definition the layer of the mark before it, if the file marks its layers: when it
/// has a `===N===` line, or when its `// LAYER N` comments stand between definitions, cutting
/// them into two sections or more. Telegram's `// LAYER 190` after the last definition (or
/// before the first) marks no section. Returns the sections' layers, oldest first.
fn assign_sections(definitions: &mut [Definition], marks: &[LayerMark]) -> Vec<u32> {
    if marks.is_empty() {
        return Vec::new();
    }
    let mut next = 0;
    let mut current = None;
    let mut sections: Vec<Option<u32>> = Vec::new();
    for definition in definitions.iter_mut() {
        while marks
            .get(next)
            .is_some_and(|mark| mark.span.start < definition.span.start)
        {
            current = Some(marks[next].layer);
            next += 1;
        }
        definition.section = current;
        if sections.last() != Some(&current) {
            sections.push(current);
        }
    }
    let marked = marks.iter().any(|mark| mark.section_line) || sections.len() > 1;
    if !marked {
        for definition in definitions.iter_mut() {
            definition.section = None;
        }
        return Vec::new();
    }
    let mut layers: Vec<u32> = sections.into_iter().flatten().collect();
    layers.sort_unstable();
    layers.dedup();
    layers
}

/// Marks a parse failure whose diagnostic is already recorded.
struct Reported;

type Parsed<T> = Result<T, Reported>;

/// `'a` is the source text, which the syntax tree borrows; `'p` is the parse itself.
struct Parser<'a, 'p> {
    text: &'a str,
    tokens: &'p [Token],
    pos: usize,
    file: FileId,
    diagnostics: &'p mut Diagnostics,
    /// How many `<` and `[` enclose the current position.
    depth: usize,
}

/// The deepest nesting of type arguments and repetitions read. Real schemas nest two or three
/// deep (`Vector<Vector<double>>`); the parser recurses once per level, and so do everything
/// that walks the tree after it, so a limit keeps hostile input from overflowing the stack.
const MAX_DEPTH: usize = 32;

impl<'a> Parser<'a, '_> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn peek_kind(&self) -> Option<TokenKind> {
        self.peek().map(|token| token.kind)
    }

    fn peek_kind_at(&self, ahead: usize) -> Option<TokenKind> {
        self.tokens.get(self.pos + ahead).map(|token| token.kind)
    }

    fn eat(&mut self, kind: TokenKind) -> Option<Token> {
        let token = self.peek().filter(|token| token.kind == kind)?;
        self.pos += 1;
        Some(token)
    }

    fn source(&self, span: Span) -> &'a str {
        &self.text[span.start as usize..span.end as usize]
    }

    /// Where a missing token was expected: just past the previous token, as rustc points.
    fn after_previous(&self) -> Span {
        match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(token) => token.span.after(),
            None => Span::new(self.file, 0..0),
        }
    }

    /// Reports that `expected` was wanted where the next token (or the end of the file) is.
    fn error(&mut self, found: Token, expected: &str) {
        let found_text = describe(found.kind, self.source(found.span));
        self.diagnostics.push(Diagnostic::error(
            format!("expected {expected}, found {found_text}"),
            found.span,
            format!("expected {expected}"),
        ));
    }

    fn expected(&mut self, expected: &str) -> Reported {
        match self.peek() {
            Some(token) => self.error(token, expected),
            None => self.diagnostics.push(Diagnostic::error(
                format!("expected {expected}, found the end of the file"),
                self.after_previous(),
                format!("expected {expected}"),
            )),
        }
        Reported
    }

    fn expect(&mut self, kind: TokenKind, expected: &str) -> Parsed<Token> {
        self.eat(kind).ok_or_else(|| self.expected(expected))
    }

    fn name(&mut self, expected: &str) -> Parsed<Name<'a>> {
        let token = self.expect(TokenKind::Ident, expected)?;
        Ok(Name {
            text: self.source(token.span),
            span: token.span,
        })
    }

    /// Skips the rest of a broken definition.
    fn recover(&mut self) {
        let mut first = true;
        while let Some(token) = self.peek() {
            if token.kind == TokenKind::Semicolon {
                self.pos += 1;
                return;
            }
            let starts_something = matches!(
                token.kind,
                TokenKind::Ident | TokenKind::Section { .. } | TokenKind::Doc
            );
            if token.starts_line && starts_something && !first {
                return;
            }
            first = false;
            self.pos += 1;
        }
    }

    fn definition(
        &mut self,
        section: DefinitionKind,
        docs: Vec<DocTag<'a>>,
    ) -> Parsed<Definition<'a>> {
        let name = self.name("a definition")?;
        self.check_combinator_name(&name)?;
        let declared_id = match self.peek() {
            Some(Token {
                kind: TokenKind::Id(id),
                span,
                ..
            }) => {
                self.pos += 1;
                Some((id, span))
            }
            _ => None,
        };
        let mut kind = section;
        let mut generics = Vec::new();
        let mut args = Vec::new();
        if self.eat(TokenKind::Question).is_some() {
            kind = DefinitionKind::Builtin;
        } else {
            while self.eat(TokenKind::OpenBrace).is_some() {
                let name = self.name("a type parameter name")?;
                self.expect(TokenKind::Colon, "`:`")?;
                let kind = match self.eat(TokenKind::Hash) {
                    Some(hash) => Name {
                        text: "#",
                        span: hash.span,
                    },
                    None => self.name("`Type` or `#`")?,
                };
                self.expect(TokenKind::CloseBrace, "`}`")?;
                generics.push(Generic { name, kind });
            }
            while self.peek_kind() != Some(TokenKind::Equals) {
                if self.peek().is_none() || self.starts_definition() {
                    // The argument list ran into the next definition: the `=` is missing.
                    return Err(self.expected("a parameter or `=`"));
                }
                args.push(self.arg()?);
            }
        }
        self.expect(TokenKind::Equals, "`=`")?;
        let result = self.result_type()?;
        let end = match self.eat(TokenKind::Semicolon) {
            Some(semicolon) => semicolon.span,
            None => {
                // Report, but keep the definition: everything up to here was fine, and the next
                // token most likely starts the next definition.
                let at = result.span.after();
                self.diagnostics.push(
                    Diagnostic::error("expected `;` after a definition", at, "expected `;`")
                        .with_note("every TL definition ends with `;`"),
                );
                result.span
            }
        };
        Ok(Definition {
            kind,
            span: name.span.to(end),
            name,
            declared_id,
            generics,
            args,
            result,
            docs,
            section: None,
        })
    }

    /// Whether the next token starts a new definition: a name with an id, first on its line.
    fn starts_definition(&self) -> bool {
        self.peek()
            .is_some_and(|token| token.starts_line && token.kind == TokenKind::Ident)
            && matches!(self.peek_kind_at(1), Some(TokenKind::Id(_)))
    }

    fn check_combinator_name(&mut self, name: &Name) -> Parsed<()> {
        if is_valid_name(name.text) {
            return Ok(());
        }
        self.diagnostics.push(
            Diagnostic::error(
                format!("invalid name `{}`", name.text),
                name.span,
                "not a valid combinator name",
            )
            .with_note(
                "a name is a letter followed by letters, digits and `_`, with optional \
                 namespaces before it, each ending in a `.` (`account.resetAuthorization`)",
            ),
        );
        Err(Reported)
    }

    fn arg(&mut self) -> Parsed<Arg<'a>> {
        let start = self.peek().map(|token| token.span);
        let named = self.peek_kind() == Some(TokenKind::Ident)
            && self.peek_kind_at(1) == Some(TokenKind::Colon);
        let mut name = None;
        let mut condition = None;
        let mut bang = false;
        let ty = if named {
            let arg_name = self.name("a parameter name")?;
            self.check_arg_name(&arg_name)?;
            name = Some(arg_name);
            self.pos += 1; // the `:`
            if self.peek_kind() == Some(TokenKind::OpenBracket) {
                self.repeat(None)?
            } else {
                if self.peek_kind() == Some(TokenKind::Ident)
                    && self.peek_kind_at(1) == Some(TokenKind::Question)
                {
                    condition = Some(self.condition()?);
                }
                bang = self.eat(TokenKind::Bang).is_some();
                ArgType::Type(self.type_expr()?)
            }
        } else if self.peek_kind() == Some(TokenKind::Ident)
            && self.peek_kind_at(1) == Some(TokenKind::Star)
        {
            let multiplicity = self.name("a multiplicity")?;
            self.pos += 1; // the `*`
            self.repeat(Some(multiplicity))?
        } else if self.peek_kind() == Some(TokenKind::OpenBracket) {
            self.repeat(None)?
        } else if matches!(
            self.peek_kind(),
            Some(TokenKind::Ident | TokenKind::Hash | TokenKind::Percent)
        ) {
            ArgType::Type(self.type_expr()?)
        } else {
            return Err(self.expected("a parameter or `=`"));
        };
        let end = self.after_previous();
        Ok(Arg {
            name,
            condition,
            bang,
            ty,
            span: start.map_or(end, |start| start.to(end)),
        })
    }

    fn check_arg_name(&mut self, name: &Name) -> Parsed<()> {
        let mut chars = name.text.chars();
        let valid = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if valid {
            return Ok(());
        }
        self.diagnostics.push(Diagnostic::error(
            format!("invalid parameter name `{}`", name.text),
            name.span,
            "expected letters, digits and `_`, starting with a letter",
        ));
        Err(Reported)
    }

    fn repeat(&mut self, multiplicity: Option<Name<'a>>) -> Parsed<ArgType<'a>> {
        let open = self.expect(TokenKind::OpenBracket, "`[`")?;
        self.enter(open)?;
        let mut args = Vec::new();
        let closed = loop {
            if self.eat(TokenKind::CloseBracket).is_some() {
                break Ok(());
            }
            if self.peek().is_none() {
                break Err(self.expected("`]`"));
            }
            match self.arg() {
                Ok(arg) => args.push(arg),
                Err(reported) => break Err(reported),
            }
        };
        self.depth -= 1;
        closed.map(|()| ArgType::Repeat { multiplicity, args })
    }

    /// Goes one level deeper at `open` (a `<` or `[`), unless that is too deep.
    fn enter(&mut self, open: Token) -> Parsed<()> {
        if self.depth == MAX_DEPTH {
            self.diagnostics.push(
                Diagnostic::error(
                    "types nested too deeply",
                    open.span,
                    format!("more than {MAX_DEPTH} levels deep"),
                )
                .with_note("real schemas nest two or three levels: `Vector<Vector<double>>`"),
            );
            return Err(Reported);
        }
        self.depth += 1;
        Ok(())
    }

    fn condition(&mut self) -> Parsed<Condition<'a>> {
        let token = self.expect(TokenKind::Ident, "a flag condition")?;
        self.pos += 1; // the `?`, checked by the caller
        let text = self.source(token.span);
        let parsed = text.rsplit_once('.').and_then(|(field, bit)| {
            let bit: u32 = bit.parse().ok()?;
            (is_valid_name(field) && !field.contains('.')).then_some((field, bit))
        });
        let Some((field, bit)) = parsed else {
            self.diagnostics.push(Diagnostic::error(
                format!("invalid flag condition `{text}`"),
                token.span,
                "expected a flags field and a bit, like `flags.3`",
            ));
            return Err(Reported);
        };
        if bit > 31 {
            self.diagnostics.push(Diagnostic::error(
                format!("flag bit {bit} is out of range"),
                token.span,
                "a flags field has bits 0 to 31",
            ));
            return Err(Reported);
        }
        Ok(Condition {
            field: Name {
                text: field,
                span: Span {
                    end: token.span.start + field.len() as u32,
                    ..token.span
                },
            },
            bit,
            span: token.span,
        })
    }

    fn type_expr(&mut self) -> Parsed<TypeExpr<'a>> {
        let percent = self.eat(TokenKind::Percent);
        let name = match self.eat(TokenKind::Hash) {
            Some(hash) => Name {
                text: "#",
                span: hash.span,
            },
            None => {
                let name = self.name("a type")?;
                self.check_type_name(&name)?;
                name
            }
        };
        let mut args = Vec::new();
        if let Some(open) = self.eat(TokenKind::Less) {
            self.enter(open)?;
            let closed = self.type_args(&mut args);
            self.depth -= 1;
            closed?;
        }
        let start = percent.map_or(name.span, |percent| percent.span);
        Ok(TypeExpr {
            bare: percent.is_some(),
            span: start.to(self.after_previous()),
            name,
            args,
        })
    }

    /// The arguments after a `<`, up to and with the `>`.
    fn type_args(&mut self, args: &mut Vec<TypeExpr<'a>>) -> Parsed<()> {
        loop {
            args.push(self.type_expr()?);
            if self.eat(TokenKind::Greater).is_some() {
                return Ok(());
            }
            self.expect(TokenKind::Comma, "`,` or `>`")?;
        }
    }

    fn check_type_name(&mut self, name: &Name) -> Parsed<()> {
        if is_valid_name(name.text) {
            return Ok(());
        }
        self.diagnostics.push(Diagnostic::error(
            format!("invalid type name `{}`", name.text),
            name.span,
            "expected a type name, like `InputPeer` or `help.Config`",
        ));
        Err(Reported)
    }

    /// The result: `Type`, `Vector<T>`, or the space-separated form of `Vector t`, whose
    /// arguments must stay on the line so that a missing `;` does not swallow the next definition.
    fn result_type(&mut self) -> Parsed<TypeExpr<'a>> {
        let mut result = self.type_expr()?;
        while let Some(token) = self.peek() {
            if token.kind != TokenKind::Ident || token.starts_line {
                break;
            }
            let arg = self.type_expr()?;
            result.span = result.span.to(arg.span);
            result.args.push(arg);
        }
        Ok(result)
    }
}

/// `name`, `namespace.name` or, as in TDLib's `e2e_api.tl`, `e2e.chain.groupState`: each part a
/// letter followed by letters, digits and `_`. Every name of a schema passes here, so it reads
/// bytes (a multi-byte character is no letter here either).
fn is_valid_name(text: &str) -> bool {
    let valid_part = |part: &[u8]| {
        part.first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
            && part.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    text.as_bytes().split(|&b| b == b'.').all(valid_part)
}

fn describe(kind: TokenKind, text: &str) -> String {
    match kind {
        TokenKind::Section { .. } => format!("section marker `{text}`"),
        TokenKind::Doc => "a documentation comment".to_owned(),
        TokenKind::Id(_) => format!("id `{text}`"),
        _ => format!("`{text}`"),
    }
}

/// Whether the documentation line `next` begins a new block rather than continuing `docs`: after a
/// blank line, or a `//@description` after a `//@class` block (TDLib writes a type's class comment
/// and its first constructor's comment back to back).
fn starts_new_doc_block(text: &str, docs: &[Token], next: Token) -> bool {
    let Some(last) = docs.last() else {
        return false;
    };
    let gap = &text[last.span.end as usize..next.span.start as usize];
    let blank_line = gap.matches('\n').count() > 1;
    let next_line = &text[next.span.start as usize..next.span.end as usize];
    blank_line || (starts_class_doc(text, docs) && next_line.starts_with("//@description"))
}

fn starts_class_doc(text: &str, docs: &[Token]) -> bool {
    docs.first().is_some_and(|token| {
        let line = &text[token.span.start as usize..token.span.end as usize];
        line.strip_prefix("//@")
            .is_some_and(|rest| rest.starts_with("class ") || rest.starts_with("class\t"))
    })
}

fn type_doc<'a>(text: &'a str, tags: &[DocTag<'a>]) -> Option<TypeDoc<'a>> {
    let class = tags.iter().find(|tag| tag.name.text == "class")?;
    // The class tag's text is the type's name: find it in the source, after the tag name.
    let after_tag = &text[class.name.span.end as usize..];
    let leading = after_tag.len() - after_tag.trim_start().len();
    let name_text = after_tag.split_whitespace().next()?;
    let offset = class.name.span.end + leading as u32;
    let description = tags
        .iter()
        .find(|tag| tag.name.text == "description")
        .map(|tag| tag.text.clone())
        .unwrap_or_default();
    Some(TypeDoc {
        name: Name {
            text: name_text,
            span: Span {
                start: offset,
                end: offset + name_text.len() as u32,
                file: class.name.span.file,
            },
        },
        description,
    })
}

/// Splits TDLib documentation lines into tags. `//@a text @b more` holds two tags; a `//-` line
/// continues the last tag's text.
fn doc_tags<'a>(text: &'a str, docs: &[Token]) -> Vec<DocTag<'a>> {
    let mut tags: Vec<DocTag> = Vec::new();
    for token in docs {
        let start = token.span.start as usize + 2;
        let line = &text[start..token.span.end as usize];
        let (body, body_offset) = match line.strip_prefix('-') {
            Some(rest) => (rest, start + 1),
            None => (line, start),
        };
        let mut rest = body;
        let mut offset = body_offset;
        // Text before the first tag of the line continues the previous tag.
        let leading_end = tag_start(rest).unwrap_or(rest.len());
        append(&mut tags, &rest[..leading_end]);
        rest = &rest[leading_end..];
        offset += leading_end;
        while !rest.is_empty() {
            // `rest` starts with `@` here.
            let name_len = rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len() - 1);
            let name = &rest[1..1 + name_len];
            let after_name = &rest[1 + name_len..];
            let text_end = tag_start(after_name).unwrap_or(after_name.len());
            let span = Span::new(token.span.file, offset + 1..offset + 1 + name_len);
            tags.push(DocTag {
                name: Name { text: name, span },
                text: String::new(),
            });
            append(&mut tags, &after_name[..text_end]);
            let consumed = 1 + name_len + text_end;
            rest = &rest[consumed..];
            offset += consumed;
        }
    }
    tags
}

/// Byte offset of the next `@` that starts a tag: at the start or after white space, and followed
/// by a name character, so an e-mail address inside a description is not taken for a tag.
fn tag_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'@'
            && (i == 0 || bytes[i - 1].is_ascii_whitespace())
            && bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    })
}

fn append(tags: &mut [DocTag], text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if let Some(tag) = tags.last_mut() {
        if !tag.text.is_empty() {
            tag.text.push(' ');
        }
        tag.text.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_name;

    #[test]
    fn names_are_word_characters_in_dotted_parts() {
        // `e2e.chain.groupState` is from TDLib's `e2e_api.tl`.
        for valid in [
            "a",
            "_a",
            "account.resetAuthorization",
            "a1._b2",
            "Vector",
            "e2e.chain.groupState",
        ] {
            assert!(is_valid_name(valid), "{valid}");
        }
        for invalid in [
            "",
            "1a",
            "a.",
            ".a",
            "a..b",
            "a-b",
            "é",
            "a.é",
            "a b",
            "e2e.chain.",
        ] {
            assert!(!is_valid_name(invalid), "{invalid}");
        }
    }
}
