//! Examples, checked: every example of every method of Telegram's layer 190, taken from the built
//! site, parsed by each language's own tools; and a few exact examples of the bundled sample site
//! to show what the output looks like.
//!
//! The tools are Node.js (JavaScript, and TypeScript through the `typescript` package pinned in
//! `tests/example-tools`, which the test fetches itself), PHP, Lua and Python. Each checks all
//! of its files in one process. A language whose tool is missing is skipped, with the reason
//! printed, and the others are still checked; in CI a missing tool fails the test (see
//! `tests/common/tools.rs`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tldoc::examples::{
    self, Arg, DEFAULT_TEMPLATES, Example, MAX_NESTING, Value, method_example, render_example,
};
use tldoc::model::Schema;

use common::schema_at;
use common::tools::{self, Missing};

fn sample() -> Schema {
    schema_at(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn default_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(DEFAULT_TEMPLATES.iter().copied())
        .expect("the default example templates compile");
    tera
}

fn render(tera: &tera::Tera, language: &str, example: &Example) -> String {
    let template = examples::template_name(tera, language).expect("a template for the language");
    render_example(tera, &template, example)
        .unwrap_or_else(|error| panic!("{template} fails on {}: {error:?}", example.name))
}

fn sample_example(method: &str) -> Example {
    let schema = sample();
    method_example(&schema, schema.method_named(method).expect("in the sample"))
}

#[test]
fn sample_reset_authorization_in_javascript_and_python() {
    let tera = default_tera();
    let example = sample_example("account.resetAuthorization");
    assert_eq!(
        render(&tera, "javascript", &example),
        r#"import { Api } from "telegram";

// client: a connected TelegramClient
const result = await client.invoke(
  new Api.account.ResetAuthorization({
    hash: BigInt("-12398745604826"),
  })
);
console.log(result);
"#
    );
    assert_eq!(
        render(&tera, "python", &example),
        r#"from telethon import functions, types


async def main(client):
    # client: a connected TelegramClient
    result = await client(functions.account.ResetAuthorizationRequest(
        hash=-12398745604826,
    ))
    print(result)
"#
    );
}

/// The sample has no `help.getConfig`, so the query nested in `invokeWithLayer` is the first
/// getter without parameters.
#[test]
fn sample_invoke_with_layer_in_php_and_lua() {
    let tera = default_tera();
    let example = sample_example("invokeWithLayer");
    assert_eq!(
        render(&tera, "php", &example),
        r"<?php
// $MadelineProto: a logged-in \danog\MadelineProto\API
$result = $MadelineProto->invokeWithLayer(
    layer: 190,
    query: ['_' => 'account.getAuthorizations'],
);
var_dump($result);
"
    );
    assert_eq!(
        render(&tera, "lua", &example),
        r#"-- client: a connected MTProto client
local result = client:call("invokeWithLayer", {
  layer = 190,
  query = { _ = "account.getAuthorizations" },
})
print(result)
"#
    );
}

#[test]
fn sample_example_skips_flags_and_optional_parameters() {
    // `account.changeAuthorizationSettings flags:# confirmed:flags.3?true hash:long
    // encrypted_requests_disabled:flags.0?Bool call_requests_disabled:flags.1?Bool = Bool;`
    assert_eq!(
        sample_example("account.changeAuthorizationSettings"),
        Example {
            name: "account.changeAuthorizationSettings".to_owned(),
            namespace: Some("account".to_owned()),
            short_name: "changeAuthorizationSettings".to_owned(),
            class_name: "ChangeAuthorizationSettings".to_owned(),
            has_params: true,
            big_integers: true,
            params: vec![Arg {
                name: "hash".to_owned(),
                camel_name: "hash".to_owned(),
                value: Value::Long {
                    value: "-12398745604826".to_owned()
                },
            }],
        }
    );
}

#[test]
fn templates_are_found_by_language_and_labelled() {
    let tera = default_tera();
    let found: Vec<_> = ["javascript", "typescript", "php", "lua", "python", "java"]
        .iter()
        .map(|language| examples::template_name(&tera, language))
        .collect();
    assert_eq!(
        found,
        [
            Some("examples/javascript.js".to_owned()),
            Some("examples/typescript.ts".to_owned()),
            Some("examples/php.php".to_owned()),
            Some("examples/lua.lua".to_owned()),
            Some("examples/python.py".to_owned()),
            None,
        ]
    );
    let labels: Vec<_> = DEFAULT_TEMPLATES
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("examples/")?.split('.').next())
        .map(examples::language_label)
        .collect();
    // TDLib's languages are the tabs of TDLib's sites alone, so their labels need not say tdl.
    assert_eq!(
        labels,
        [
            "JavaScript",
            "TypeScript",
            "PHP",
            "Lua",
            "Python",
            "JSON",
            "JavaScript",
            "TypeScript",
            "Python"
        ]
    );
}

/// Every method of layer 190 shows its required parameters, or its first optional one when it
/// has none (with those sharing its flag bit), the same each time, and nests well within [`MAX_NESTING`]: the cap guards against
/// odd schemas, it is not what ends real examples.
#[test]
fn layer_190_examples_show_what_is_required() {
    let Some(site) = common::shared("telegram-190") else {
        return;
    };
    let schema = schema_at(&site);
    for method in &schema.methods {
        let id = schema.method_named(&method.name).expect("a method");
        let example = method_example(&schema, id);
        assert_eq!(example, method_example(&schema, id), "{}", method.name);
        let required: Vec<&str> = method
            .params
            .iter()
            .filter(|param| !param.is_optional() && !param.is_flags_field())
            .map(|param| param.name.as_str())
            .collect();
        let shown: Vec<&str> = example.params.iter().map(|arg| arg.name.as_str()).collect();
        if required.is_empty() {
            let optional = method.params.iter().filter(|param| param.is_optional());
            assert_eq!(
                shown.is_empty(),
                optional.count() == 0,
                "{}: {shown:?}",
                method.name
            );
            // One optional parameter, and whatever shares its flag bit, in definition order.
            let flag = shown
                .first()
                .and_then(|name| method.param(name)?.flag.clone());
            let group: Vec<&str> = method
                .params
                .iter()
                .filter(|param| param.flag.is_some() && param.flag == flag)
                .map(|param| param.name.as_str())
                .collect();
            assert_eq!(shown, group, "{}", method.name);
        } else {
            assert_eq!(shown, required, "{}", method.name);
        }
        let deepest = example
            .params
            .iter()
            .map(|arg| nesting(&arg.value))
            .max()
            .unwrap_or(0);
        assert!(
            deepest < MAX_NESTING,
            "{} nests {deepest} deep",
            method.name
        );
    }
}

fn nesting(value: &Value) -> usize {
    let inner = match value {
        Value::Vector { items } => items.iter().map(nesting).max().unwrap_or(0),
        Value::Object(example) | Value::Query(example) => example
            .params
            .iter()
            .map(|arg| nesting(&arg.value))
            .max()
            .unwrap_or(0),
        _ => return 0,
    };
    inner + 1
}

/// Types that require each other forever, and queries with nothing simple to nest, still give
/// finite examples, which every template renders.
#[test]
fn endless_schemas_give_finite_examples() {
    let tera = default_tera();
    let endless = "a#1 b:B = A;\nb#2 a:A more:Vector<A> = B;\n---functions---\n\
                   invokeWithLayer#3 {X:Type} layer:int query:!X = X;\ntest.go#4 a:A = B;\n";
    let only_queries = "---functions---\ninvokeWithLayer#3 {X:Type} layer:int query:!X = X;\n";
    for (text, deepest_expected) in [(endless, MAX_NESTING), (only_queries, 1)] {
        let loaded = common::load_one(text);
        assert!(!loaded.diagnostics.has_errors(), "{}", loaded.rendered());
        let schema = &loaded.schema;
        let mut deepest = 0;
        for method in &schema.methods {
            let id = schema.method_named(&method.name).expect("a method");
            let example = method_example(schema, id);
            for arg in &example.params {
                deepest = deepest.max(nesting(&arg.value));
            }
            for (template, _) in DEFAULT_TEMPLATES {
                render_example(&tera, template, &example)
                    .unwrap_or_else(|error| panic!("{template}: {error:?}"));
            }
        }
        assert_eq!(deepest, deepest_expected, "{text}");
    }
}

/// The real test: every example of layer 190, and a few made to be awkward, in every language.
#[test]
fn layer_190_examples_parse_in_every_language() {
    let Some(site) = common::shared("telegram-190") else {
        return;
    };
    let start = Instant::now();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let built = dir.path().join("site");
    common::tldoc(
        &site,
        &["build", "-o", built.to_str().expect("a UTF-8 path")],
    )
    .success();
    let schema = schema_at(&site);
    assert!(
        schema.methods.len() > 600,
        "only {} methods",
        schema.methods.len()
    );
    let tera = default_tera();
    let awkward = awkward();
    // Every example as a reader sees it: taken out of the built page, tags stripped and entities
    // decoded, so that highlighting is checked not to have changed a character; plus the awkward
    // cases rendered directly.
    let mut per_language: Vec<Vec<(String, String)>> = vec![Vec::new(); LANGUAGES.len()];
    for method in &schema.methods {
        let page = fs::read_to_string(built.join(format!("methods/{}.html", method.name)))
            .expect("a page per method");
        for (index, language) in LANGUAGES.iter().enumerate() {
            let code = common::example_in_page(&page, language.name)
                .unwrap_or_else(|| panic!("{} has no {} example", method.name, language.name));
            per_language[index].push((method.name.clone(), code));
        }
    }
    for (index, language) in LANGUAGES.iter().enumerate() {
        for example in &awkward {
            per_language[index].push((example.name.clone(), render(&tera, language.name, example)));
        }
    }
    // Each language is checked on its own thread: the checkers are separate processes.
    let results: Vec<(Vec<String>, Result<Checked, Missing>)> = std::thread::scope(|scope| {
        let running: Vec<_> = LANGUAGES
            .iter()
            .zip(&per_language)
            .map(|(language, examples)| {
                let dir = dir.path();
                scope.spawn(move || {
                    let files = write_all(language, examples, dir);
                    let checked = (language.check)(&dir.join(language.name), &files);
                    (files, checked)
                })
            })
            .collect();
        running
            .into_iter()
            .map(|handle| handle.join().expect("a checker thread"))
            .collect()
    });
    let mut problems = Vec::new();
    let mut checked_languages = 0;
    let mut skipped = Vec::new();
    for (language, (files, checked)) in LANGUAGES.iter().zip(results) {
        match checked {
            Ok(Checked::Passed) => checked_languages += 1,
            Err(missing) => {
                skipped.push((format!("parsing the {} examples", language.name), missing))
            }
            Ok(Checked::Failed(output)) => {
                let lang_dir = dir.path().join(language.name);
                let shown: String = files
                    .iter()
                    .filter(|file| output.contains(file.as_str()))
                    .take(3)
                    .map(|file| {
                        let text = fs::read_to_string(lang_dir.join(file)).unwrap_or_default();
                        format!("\n--- {file}\n{text}")
                    })
                    .collect();
                problems.push(format!(
                    "{} examples do not parse:\n{output}{shown}",
                    language.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    tools::skip_parts(&skipped);
    println!(
        "{} examples in {} languages from the built site, parsed in {checked_languages}, in {:.1} s",
        per_language[0].len(),
        LANGUAGES.len(),
        start.elapsed().as_secs_f64()
    );
}

/// Writes each `(name, code)` into `DIR/LANGUAGE/NAME.EXTENSION`, and returns the file names.
fn write_all(language: &Language, examples: &[(String, String)], dir: &Path) -> Vec<String> {
    let lang_dir = dir.join(language.name);
    fs::create_dir_all(&lang_dir).expect("a directory for the language");
    examples
        .iter()
        .map(|(name, code)| {
            let file = format!("{name}.{}", language.extension);
            fs::write(lang_dir.join(&file), code).expect("the example written");
            file
        })
        .collect()
}

/// What names and strings can throw at a template: keywords of every language as names, quotes,
/// backslashes and interpolation markers in strings, every kind of value, nesting, emptiness.
fn awkward() -> Vec<Example> {
    let arg = |name: &str, camel: &str, value: Value| Arg {
        name: name.to_owned(),
        camel_name: camel.to_owned(),
        value,
    };
    let text = r#"He said "hi", it's 100% C:\dir\ ${x} #{y} $z {{ w }} ?> */ ]] -- \"#;
    let call = |name: &str, namespace: Option<&str>, params: Vec<Arg>| {
        let short = name.rsplit('.').next().unwrap_or(name).to_owned();
        let mut class = short.clone();
        class[..1].make_ascii_uppercase();
        Example {
            name: name.to_owned(),
            namespace: namespace.map(str::to_owned),
            short_name: short,
            class_name: class,
            has_params: true,
            big_integers: params.iter().any(|arg| arg.value.has_big_integers()),
            params,
        }
    };
    let keywords = |value: fn() -> Value| -> Vec<Arg> {
        [
            "from", "until", "end", "self", "class", "default", "lambda", "function", "private",
            "None", "nil", "and", "A",
        ]
        .iter()
        .map(|name| arg(name, name, value()))
        .collect()
    };
    let inner = call(
        "test.inner",
        Some("test"),
        keywords(|| Value::Int { value: -1 }),
    );
    let empty_object = Example {
        has_params: true,
        params: Vec::new(),
        ..call("test.emptyObject", Some("test"), Vec::new())
    };
    let no_params = Example {
        has_params: false,
        params: Vec::new(),
        ..call("bare", None, Vec::new())
    };
    let mut params = vec![
        arg(
            "text",
            "text",
            Value::String {
                value: text.to_owned(),
            },
        ),
        arg("data", "data", Value::bytes(text)),
        arg("srp_B", "srp_B", Value::Double { value: -0.5 }),
        arg(
            "big",
            "big",
            Value::Long {
                value: "-9223372036854775807".to_owned(),
            },
        ),
        arg(
            "nonce",
            "nonce",
            Value::Int128 {
                value: "170141183460469231731687303715884105727".to_owned(),
            },
        ),
        arg(
            "new_nonce",
            "newNonce",
            Value::Int256 {
                value: "1".to_owned(),
            },
        ),
        arg("no", "no", Value::Bool { value: false }),
        arg("yes", "yes", Value::Bool { value: true }),
        arg("silent", "silent", Value::Flag),
        arg("empty", "empty", Value::Vector { items: Vec::new() }),
        arg(
            "nested",
            "nested",
            Value::Vector {
                items: vec![
                    Value::Vector {
                        items: vec![Value::Object(inner.clone()), Value::Object(empty_object)],
                    },
                    Value::Vector { items: Vec::new() },
                ],
            },
        ),
        arg("query", "query", Value::Query(inner.clone())),
        arg("bare", "bare", Value::Query(no_params.clone())),
    ];
    params.extend(keywords(|| Value::String {
        value: "\\".to_owned(),
    }));
    vec![
        call("test.awkward", Some("test"), params),
        no_params,
        Example {
            params: keywords(|| Value::Flag),
            ..call("test.keywords", Some("test"), Vec::new())
        },
    ]
}

/// A default example language and how to check its files.
struct Language {
    /// The name of its template, `examples/NAME.*`.
    name: &'static str,
    /// The extension its checker wants.
    extension: &'static str,
    /// Checks the named files of a directory, or says which tool it lacks.
    check: fn(&Path, &[String]) -> Result<Checked, Missing>,
}

const LANGUAGES: &[Language] = &[
    Language {
        name: "javascript",
        extension: "mjs",
        check: check_with_node,
    },
    Language {
        name: "typescript",
        extension: "ts",
        check: check_typescript,
    },
    Language {
        name: "php",
        extension: "php",
        check: check_php,
    },
    Language {
        name: "lua",
        extension: "lua",
        check: check_lua,
    },
    Language {
        name: "python",
        extension: "py",
        check: check_python,
    },
];

enum Checked {
    Passed,
    /// What the tool said.
    Failed(String),
}

/// Where the checking scripts are (their packages are fetched elsewhere: see [`tools`]).
fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/example-tools")
}

/// Runs `command FILES` in `dir`.
fn run(mut command: Command, dir: &Path, files: &[String]) -> Checked {
    let program = command.get_program().to_string_lossy().into_owned();
    match command.args(files).current_dir(dir).output() {
        Err(error) => Checked::Failed(format!("`{program}` did not run: {error}")),
        Ok(output) if output.status.success() => Checked::Passed,
        Ok(output) => Checked::Failed(format!(
            "`{program}` exited with {}:\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}

/// `node check.mjs`, which parses JavaScript, and TypeScript given the npm packages.
fn node_check() -> Result<Command, Missing> {
    let mut command = Command::new(tools::NODE.find()?);
    command
        .args(["--experimental-vm-modules", "--no-warnings"])
        .arg(scripts().join("check.mjs"));
    Ok(command)
}

fn check_with_node(dir: &Path, files: &[String]) -> Result<Checked, Missing> {
    Ok(run(node_check()?, dir, files))
}

fn check_typescript(dir: &Path, files: &[String]) -> Result<Checked, Missing> {
    let mut command = node_check()?;
    command.env(tools::NpmPackages::ENV, tools::npm_packages()?.dir);
    Ok(run(command, dir, files))
}

fn check_php(dir: &Path, files: &[String]) -> Result<Checked, Missing> {
    let mut command = Command::new(tools::PHP.find()?);
    command
        .args(["-d", "opcache.enable_cli=1"])
        .arg(scripts().join("lint.php"));
    Ok(run(command, dir, files))
}

fn check_lua(dir: &Path, files: &[String]) -> Result<Checked, Missing> {
    let mut command = Command::new(tools::LUA.find()?);
    command.arg(scripts().join("check.lua"));
    Ok(run(command, dir, files))
}

fn check_python(dir: &Path, files: &[String]) -> Result<Checked, Missing> {
    let mut command = Command::new(tools::PYTHON.find()?);
    command.args(["-m", "py_compile"]);
    Ok(run(command, dir, files))
}

/// A parameter on a shared flag bit comes with the rest of its bit, and an object is its type's
/// own constructor before a variant with fewer objects in it.
#[test]
fn flag_groups_come_whole_and_a_type_s_own_constructor_first() {
    let loaded = common::load_one(
        "boolTrue#997275b5 = Bool;\ninputPeerSelf#7da07ec9 = InputPeer;\n\
         inputDialogPeer#fcaafeb7 peer:InputPeer = InputDialogPeer;\n\
         inputDialogPeerFolder#64600527 folder_id:int = InputDialogPeer;\n---functions---\n\
         messages.requestUrlAuth#198fb446 flags:# peer:flags.1?InputPeer msg_id:flags.1?int \
         button_id:flags.1?int url:flags.2?string = Bool;\n\
         messages.getPeerDialogs#e470bcfd peers:Vector<InputDialogPeer> = Bool;\n",
    );
    assert!(!loaded.diagnostics.has_errors(), "{}", loaded.rendered());
    let schema = &loaded.schema;
    let example = |name: &str| method_example(schema, schema.method_named(name).unwrap());
    let shown: Vec<String> = example("messages.requestUrlAuth")
        .params
        .into_iter()
        .map(|arg| arg.name)
        .collect();
    assert_eq!(shown, ["peer", "msg_id", "button_id"]);
    let tera = default_tera();
    let python = render(&tera, "python", &example("messages.getPeerDialogs"));
    assert!(
        python.contains("peers=[types.InputDialogPeer(peer=types.InputPeerSelf())],"),
        "{python}"
    );
}
