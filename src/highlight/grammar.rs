//! The grammars of the example languages: small `.sublime-syntax` files of our own, read into
//! syntect's syntax definitions.
//!
//! # Why our own grammars
//!
//! The examples are code tldoc writes itself, from a few templates: imports, a call, nested
//! constructors, strings and numbers. The full grammars of two-face (Sublime Text's, as bat
//! ships them) understand every corner of their languages, and cost for it: each line tries
//! hundreds of patterns, 60 to 160 µs a line with Oniguruma, and the lines that name a method
//! or a parameter are new on every page. Highlighting took three quarters of a build of layer
//! 190. The grammars here mark what a reader of an example looks for (keywords, strings,
//! numbers, comments, calls, class names, keys and named arguments) with a dozen patterns, in a
//! few µs a line, and keep the multi-line constructs right (block comments, long and
//! triple-quoted strings, heredocs), since a site's own example templates may write them.
//! syntect still runs them, so caching and the HTML are as before; any other language keeps
//! two-face's full grammar.
//!
//! # The subset read
//!
//! syntect reads `.sublime-syntax` files only with its `yaml-load` feature, which pulls in
//! yaml-rust, flagged unmaintained. The files are read with serde-saphyr instead, the YAML
//! reader the rest of tldoc uses, into the parts of the format they use: `name`,
//! `file_extensions`, `scope`, `variables` (`{{name}}` in a regex), `extends` (another grammar of
//! this module, whose contexts are inherited; a context of the same name replaces the
//! inherited one, or, with `meta_prepend: true`, is put before it), and contexts of
//! `meta_scope`, `meta_content_scope`, `include`, and `match` with `scope`, `captures`, and
//! `push`, `set` or `pop`. A backreference (`\1`) in a popping pattern refers to the captures
//! of the match that pushed its context, as in Sublime Text. Anything else is an error: the
//! grammars are part of tldoc, and tests load each one.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};
use syntect::parsing::{SyntaxDefinition, SyntaxSet, SyntaxSetBuilder};

/// The grammars, by the name `extends` gives them: file name without `.sublime-syntax`.
const GRAMMARS: [(&str, &str); 5] = [
    (
        "javascript",
        include_str!("grammars/javascript.sublime-syntax"),
    ),
    (
        "typescript",
        include_str!("grammars/typescript.sublime-syntax"),
    ),
    ("php", include_str!("grammars/php.sublime-syntax")),
    ("lua", include_str!("grammars/lua.sublime-syntax")),
    ("python", include_str!("grammars/python.sublime-syntax")),
];

/// The example languages' grammars as one syntax set, or what is wrong with one of them.
pub(crate) fn example_syntaxes() -> Result<SyntaxSet, String> {
    let mut builder = SyntaxSetBuilder::new();
    for (name, _) in GRAMMARS {
        builder.add(definition(name)?);
    }
    Ok(builder.build())
}

/// A grammar file, as far as this module reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: String,
    #[serde(default)]
    file_extensions: Vec<String>,
    scope: String,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
    contexts: BTreeMap<String, Vec<Item>>,
}

/// One entry of a context.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Item {
    #[serde(default)]
    meta_scope: Option<String>,
    #[serde(default)]
    meta_content_scope: Option<String>,
    #[serde(default)]
    meta_prepend: Option<bool>,
    #[serde(default)]
    include: Option<String>,
    #[serde(default, rename = "match")]
    regex: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    captures: BTreeMap<usize, String>,
    #[serde(default)]
    push: Option<Names>,
    #[serde(default)]
    set: Option<Names>,
    #[serde(default)]
    pop: Option<bool>,
}

/// The contexts a `push` or `set` names: one, or a list to stack.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    fn list(&self) -> Vec<String> {
        match self {
            Names::One(name) => vec![name.clone()],
            Names::Many(names) => names.clone(),
        }
    }
}

/// The grammar called `name`, with what it extends, as syntect's definition.
fn definition(name: &str) -> Result<SyntaxDefinition, String> {
    let file = read(name)?;
    let mut variables = BTreeMap::new();
    let mut contexts = BTreeMap::new();
    inherit(&file, &mut variables, &mut contexts, 0)?;
    let fail = |message: String| format!("grammar `{name}`: {message}");
    let scope = file.scope.as_str();
    let mut converted = serde_json::Map::new();
    for (context_name, items) in &contexts {
        let context = context(items, &contexts, &variables)
            .map_err(|message| fail(format!("context `{context_name}`: {message}")))?;
        converted.insert(context_name.clone(), context);
    }
    let main = converted
        .get_mut("main")
        .ok_or_else(|| fail("no `main` context".into()))?;
    // As syntect's own loader does: the grammar's scope covers everything, through two
    // contexts around `main`, so that `main` may pop or set without losing it.
    let (main_meta, main_content) = (
        main["meta_scope"].clone(),
        main["meta_content_scope"].clone(),
    );
    if let Some(list) = main["meta_content_scope"].as_array_mut() {
        list.insert(0, Value::from(scope));
    }
    converted.insert(
        "__start".into(),
        json!({
            "meta_scope": [],
            "meta_content_scope": [scope],
            "meta_include_prototype": false,
            "clear_scopes": null,
            "prototype": null,
            "uses_backrefs": false,
            "patterns": [match_pattern("", &[], &BTreeMap::new(), json!({"Push": [{"Named": "__main"}]}), false)],
        }),
    );
    converted.insert(
        "__main".into(),
        json!({
            "meta_scope": main_meta,
            "meta_content_scope": main_content,
            "meta_include_prototype": true,
            "clear_scopes": null,
            "prototype": null,
            "uses_backrefs": false,
            "patterns": [{"Include": {"Named": "main"}}],
        }),
    );
    let definition = json!({
        "name": file.name,
        "file_extensions": file.file_extensions,
        "scope": scope,
        "first_line_match": null,
        "hidden": false,
        "variables": {},
        "contexts": converted,
    });
    serde_json::from_value(definition).map_err(|error| fail(error.to_string()))
}

/// The grammar file called `name`, parsed.
fn read(name: &str) -> Result<File, String> {
    let (_, text) = GRAMMARS
        .iter()
        .find(|(known, _)| *known == name)
        .ok_or_else(|| format!("no grammar `{name}`"))?;
    serde_saphyr::from_str(text).map_err(|error| format!("grammar `{name}`: {error}"))
}

/// Gathers the variables and contexts of `file`, over those of the grammars it extends.
fn inherit(
    file: &File,
    variables: &mut BTreeMap<String, String>,
    contexts: &mut BTreeMap<String, Vec<Item>>,
    depth: usize,
) -> Result<(), String> {
    if let Some(parent) = &file.extends {
        if depth >= GRAMMARS.len() {
            return Err(format!(
                "`extends` of `{}` goes round in a circle",
                file.name
            ));
        }
        inherit(&read(parent)?, variables, contexts, depth + 1)?;
    }
    variables.extend(file.variables.clone());
    for (name, items) in &file.contexts {
        let prepend = items.iter().any(|item| item.meta_prepend == Some(true));
        let mut items: Vec<Item> = items
            .iter()
            .filter(|item| item.meta_prepend.is_none())
            .cloned()
            .collect();
        if prepend {
            items.extend(contexts.remove(name).unwrap_or_default());
        }
        contexts.insert(name.clone(), items);
    }
    Ok(())
}

/// One context in syntect's shape. `contexts` are all the grammar's, to check the names used.
fn context(
    items: &[Item],
    contexts: &BTreeMap<String, Vec<Item>>,
    variables: &BTreeMap<String, String>,
) -> Result<Value, String> {
    let known = |name: &String| {
        if contexts.contains_key(name) {
            Ok(json!({"Named": name}))
        } else {
            Err(format!("no context `{name}`"))
        }
    };
    let mut meta_scope = Vec::new();
    let mut meta_content_scope = Vec::new();
    let mut patterns = Vec::new();
    let mut uses_backrefs = false;
    for item in items {
        if let Some(scope) = &item.meta_scope {
            meta_scope.extend(scopes(scope));
        }
        if let Some(scope) = &item.meta_content_scope {
            meta_content_scope.extend(scopes(scope));
        }
        if let Some(name) = &item.include {
            patterns.push(json!({"Include": known(name)?}));
        }
        let Some(regex) = &item.regex else {
            if item.scope.is_some()
                || item.push.is_some()
                || item.set.is_some()
                || item.pop.is_some()
            {
                return Err("an entry with no `match`".into());
            }
            continue;
        };
        let regex = substitute(regex, variables)?;
        let operation = match (&item.push, &item.set, item.pop) {
            (Some(names), None, None) => {
                json!({"Push": names.list().iter().map(known).collect::<Result<Vec<_>, _>>()?})
            }
            (None, Some(names), None) => {
                json!({"Set": names.list().iter().map(known).collect::<Result<Vec<_>, _>>()?})
            }
            (None, None, Some(true)) => json!("Pop"),
            (None, None, None | Some(false)) => json!("None"),
            _ => return Err(format!("`{regex}` does more than one of push, set and pop")),
        };
        // A popping pattern's `\1` is the pushing match's first capture: syntect then keeps the
        // captures in its state.
        let backrefs = operation == json!("Pop") && has_backreference(&regex);
        uses_backrefs |= backrefs;
        let scope = item.scope.as_deref().map(scopes).unwrap_or_default();
        patterns.push(match_pattern(
            &regex,
            &scope,
            &item.captures,
            operation,
            backrefs,
        ));
    }
    Ok(json!({
        "meta_scope": meta_scope,
        "meta_content_scope": meta_content_scope,
        "meta_include_prototype": true,
        "clear_scopes": null,
        "prototype": null,
        "uses_backrefs": uses_backrefs,
        "patterns": patterns,
    }))
}

/// A `match` entry in syntect's shape.
fn match_pattern(
    regex: &str,
    scope: &[String],
    captures: &BTreeMap<usize, String>,
    operation: Value,
    has_captures: bool,
) -> Value {
    let captures: Vec<Value> = captures
        .iter()
        .map(|(group, scope)| json!([group, scopes(scope)]))
        .collect();
    json!({"Match": {
        "has_captures": has_captures,
        "regex": regex,
        "scope": scope,
        "captures": if captures.is_empty() { Value::Null } else { Value::from(captures) },
        "operation": operation,
        "with_prototype": null,
    }})
}

/// The scopes of a `scope` value: several may be given, separated by spaces.
fn scopes(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// `regex` with each `{{name}}` replaced by the variable's value (itself substituted).
fn substitute(regex: &str, variables: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(regex.len());
    let mut rest = regex;
    while let Some(start) = rest.find("{{") {
        let end = rest[start..]
            .find("}}")
            .ok_or_else(|| format!("`{regex}` has an unclosed `{{{{`"))?;
        let name = &rest[start + 2..start + end];
        let value = variables
            .get(name)
            .ok_or_else(|| format!("no variable `{name}`"))?;
        out.push_str(&rest[..start]);
        out.push_str(&substitute(value, variables)?);
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Whether `regex` refers back to a capture (`\1` to `\9`, not an escaped backslash before a
/// digit).
fn has_backreference(regex: &str) -> bool {
    let mut chars = regex.chars();
    while let Some(c) = chars.next() {
        if c == '\\'
            && chars
                .next()
                .is_some_and(|next| next.is_ascii_digit() && next != '0')
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_loads_and_every_regex_compiles() {
        let set = example_syntaxes().expect("the grammars load");
        for (name, _) in GRAMMARS {
            let syntax = set
                .syntaxes()
                .iter()
                .find(|syntax| syntax.name == read(name).expect("parses").name)
                .expect("the grammar is in the set");
            assert!(!syntax.file_extensions.is_empty(), "{name}");
        }
        for (name, _) in GRAMMARS {
            let mut variables = BTreeMap::new();
            let mut contexts = BTreeMap::new();
            inherit(
                &read(name).expect("parses"),
                &mut variables,
                &mut contexts,
                0,
            )
            .expect("inherits");
            for item in contexts.values().flatten() {
                let Some(regex) = &item.regex else { continue };
                let mut regex = substitute(regex, &variables).expect("variables exist");
                if item.pop == Some(true) {
                    // syntect puts the pushing match's captures in place of `\1` to `\9`.
                    for group in 1..=9 {
                        regex = regex.replace(&format!("\\{group}"), "x");
                    }
                }
                assert!(
                    syntect::parsing::Regex::try_compile(&regex).is_none(),
                    "{name}: `{regex}` does not compile"
                );
            }
        }
    }

    #[test]
    fn variables_are_substituted_and_missing_ones_reported() {
        let variables = BTreeMap::from([
            ("id".to_owned(), "[a-z]+".to_owned()),
            ("call".to_owned(), "{{id}}\\(".to_owned()),
        ]);
        assert_eq!(substitute("x{{call}}y", &variables).unwrap(), "x[a-z]+\\(y");
        assert!(
            substitute("{{nope}}", &variables)
                .unwrap_err()
                .contains("nope")
        );
        assert!(substitute("{{id", &variables).is_err());
    }

    #[test]
    fn backreferences_are_told_from_escapes() {
        assert!(has_backreference(r"\]\1\]"));
        assert!(!has_backreference(r"\\1"));
        assert!(!has_backreference(r"\d+\0"));
    }
}
