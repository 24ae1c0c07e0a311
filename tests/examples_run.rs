//! Examples, run: every method's example, taken from a built site, run by the client library it
//! names, up to the network. Parsing (tests/examples_parse.rs) proves an example well-formed;
//! this proves a reader who copies it gets a request the library accepts and serialises.
//!
//! - Python: every example of the layer-214 site (`../shared/client-schemas/telegram-214`, the
//!   layer `telethon==1.41.2` implements) with the real Telethon, in one Python process
//!   (`tests/example-tools/run_telethon.py`);
//! - JavaScript: every example of a site of the schema GramJS bundles (`telegram` on npm,
//!   `tests/example-tools/gramjs_site.mjs`) with the real GramJS, in one node process
//!   (`run_gramjs.mjs`);
//! - TypeScript: the same site's examples type-checked against GramJS's own declarations by one
//!   `tsc --strict` program (`run_tsc.mjs`);
//! - TDLib: every example of a site of `../shared/tdlib/td_api-1.8.65.tl` (no content, no
//!   settings): the JSON requests sent to the real TDLib 1.8.65 (`prebuilt-tdlib`, through tdl's
//!   `execute`, `run_tdlib.mjs`), which must parse each; the tdl JavaScript run with a recording
//!   client, which must be sent the JSON request; the tdl TypeScript, and the JSON requests as
//!   `Td.$Function` values, type-checked against `tdlib-types` (`@prebuilt-tdlib/types`); the
//!   Python run with the real pytdbot 0.10.1 (TDLib 1.8.65's), whose `Client.invoke` must send
//!   the JSON request (`run_pytdbot.py`).
//!
//! The libraries do not read examples from one site: each is checked against the schema it was
//! generated from, since an example of a method a library lacks would fail for that alone.
//! Each runner also checks the request against the schema, which it is given as JSON written
//! from tldoc's model ([`schema_json`]): the libraries serialise much that the server refuses.
//! And each is first shown to fail, for the right reason, on examples broken on purpose.
//! A library that cannot be fetched is a printed skip (a failure in CI: see
//! `tests/common/tools.rs`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value as Json, json};
use tldoc::model::{Combinator, Schema, TypeRef};

use common::schema_at;
use common::tools;

fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/example-tools")
}

/// What the runners check requests against: each combinator by id, with what each of its
/// parameters must hold (`flags:#` fields left out: the libraries compute them).
fn schema_json(schema: &Schema) -> Json {
    let combinator = |c: &Combinator| {
        let params: Vec<Json> = c
            .params
            .iter()
            .filter(|param| !param.is_flags_field())
            .map(|param| {
                let flag = param
                    .flag
                    .as_ref()
                    .map(|flag| format!("{}.{}", flag.field, flag.bit));
                json!({ "name": param.name, "flag": flag, "expect": expect(schema, &param.ty) })
            })
            .collect();
        json!({ "id": c.id, "name": c.name, "params": params })
    };
    let combinators: Vec<Json> = schema
        .constructors
        .iter()
        .chain(&schema.methods)
        .map(combinator)
        .collect();
    json!({ "layer": schema.layer, "combinators": combinators })
}

fn expect(schema: &Schema, ty: &TypeRef) -> Json {
    match ty {
        TypeRef::Nat => json!({ "kind": "int" }),
        TypeRef::Builtin(id) => {
            let kind = match schema.builtin(*id).name.as_str() {
                "long" | "int64" => "long",
                "int128" => "int128",
                "int256" => "int256",
                "double" => "double",
                "string" => "string",
                "bytes" => "bytes",
                "Bool" => "bool",
                "true" => "flag",
                "Object" => "query",
                _ => "int",
            };
            json!({ "kind": kind })
        }
        TypeRef::Type(id) | TypeRef::BareType(id) => {
            let ty = schema.ty(*id);
            if ty.name == "Bool" {
                return json!({ "kind": "bool" });
            }
            let ids: Vec<u32> = ty
                .constructors
                .iter()
                .map(|&c| schema.constructor(c).id)
                .collect();
            json!({ "kind": "type", "name": ty.name, "ids": ids })
        }
        TypeRef::Constructor(id) => {
            let constructor = schema.constructor(*id);
            json!({ "kind": "type", "name": constructor.name, "ids": [constructor.id] })
        }
        TypeRef::Vector { element, .. } => {
            json!({ "kind": "vector", "of": expect(schema, element) })
        }
        TypeRef::Generic { .. } => json!({ "kind": "query" }),
    }
}

/// A site built by the real `tldoc` binary, and its schema.
struct Built {
    dir: tempfile::TempDir,
    schema: Schema,
}

impl Built {
    fn new(site: &Path) -> Built {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let out = dir.path().join("site");
        common::tldoc(site, &["build", "-o", out.to_str().expect("a UTF-8 path")]).success();
        Built {
            dir,
            schema: schema_at(site),
        }
    }

    /// Every method's example in `language`, `(method, code)`, as a reader copies it from the
    /// page; a tab that says the client cannot make the call holds no code to run.
    fn examples(&self, language: &str) -> Vec<(String, String)> {
        self.schema
            .methods
            .iter()
            .filter_map(|method| {
                let code = self.tab(&method.name, language)?;
                Some((method.name.clone(), code))
            })
            .collect()
    }

    fn example(&self, method: &str, language: &str) -> String {
        self.tab(method, language)
            .unwrap_or_else(|| panic!("{method} has a note, not a {language} example"))
    }

    /// The code of a method's tab, or `None` when the tab holds a note instead.
    fn tab(&self, method: &str, language: &str) -> Option<String> {
        let page = self.dir.path().join(format!("site/methods/{method}.html"));
        let page = fs::read_to_string(&page).expect("a page per method");
        let panel = page
            .split(&format!("id=\"panel-{language}\""))
            .nth(1)
            .unwrap_or_else(|| panic!("{method} has no {language} tab"));
        let panel = panel.split("</div>").next().unwrap_or_default();
        if panel.contains("class=\"example-note\"") {
            return None;
        }
        Some(
            common::example_in_page(&page, language)
                .unwrap_or_else(|| panic!("{method} has no {language} example")),
        )
    }

    /// Writes `examples` as `DIR/NAME.EXTENSION` files, and the schema as `DIR/schema.json`;
    /// returns the directory and the file names.
    fn write(
        &self,
        dir: &str,
        extension: &str,
        examples: &[(String, String)],
    ) -> (PathBuf, Vec<String>) {
        let dir = self.dir.path().join(dir);
        fs::create_dir_all(&dir).expect("a directory for the examples");
        fs::write(
            dir.join("schema.json"),
            schema_json(&self.schema).to_string(),
        )
        .expect("the schema written");
        let files = examples
            .iter()
            .map(|(name, code)| {
                let file = format!("{name}.{extension}");
                fs::write(dir.join(&file), code).expect("the example written");
                file
            })
            .collect();
        (dir, files)
    }
}

/// What a runner said of each example.
struct Outcome {
    /// `(name, why)` of each example that failed.
    failures: Vec<(String, String)>,
    /// How many ran.
    ran: usize,
    /// Everything it printed, for a failure message.
    output: String,
}

/// Runs `command`, which prints `ok NAME` or `FAIL NAME: WHY` per example.
fn run(command: &mut Command) -> Outcome {
    let output = command.output().expect("the runner starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut failures = Vec::new();
    let mut ran = 0;
    for line in stdout.lines() {
        if line.starts_with("ok ") {
            ran += 1;
        } else if let Some(failure) = line.strip_prefix("FAIL ") {
            ran += 1;
            let (name, why) = failure.split_once(": ").unwrap_or((failure, ""));
            failures.push((name.to_owned(), why.to_owned()));
        }
    }
    assert!(
        ran > 0 && output.status.success() == failures.is_empty(),
        "the runner failed ({}):\n{stdout}{stderr}",
        output.status
    );
    Outcome {
        failures,
        ran,
        output: format!("{stdout}{stderr}"),
    }
}

/// Asserts that every example ran, listing those that did not.
fn assert_all_ran(language: &str, outcome: &Outcome, expected: usize) {
    assert_eq!(outcome.ran, expected, "{}", outcome.output);
    let listed: Vec<String> = outcome
        .failures
        .iter()
        .map(|(name, why)| format!("{name}: {why}"))
        .collect();
    assert!(
        listed.is_empty(),
        "{} of {expected} {language} examples fail:\n{}",
        listed.len(),
        listed.join("\n")
    );
    println!("{expected} {language} examples ran, none failed");
}

/// Asserts that each broken example failed, with a reason that says what is wrong.
fn assert_each_fails(outcome: &Outcome, broken: &[(&str, &str, &str)]) {
    for (name, _, reason) in broken {
        let why = outcome
            .failures
            .iter()
            .find(|(failed, _)| failed == name)
            .map(|(_, why)| why.as_str());
        assert!(
            why.is_some_and(|why| why.contains(reason)),
            "{name} should fail with {reason:?}, got {why:?}:\n{}",
            outcome.output
        );
    }
    assert_eq!(outcome.failures.len(), broken.len(), "{}", outcome.output);
}

/// Python examples broken on purpose, `(name, code, what the failure says)`; `fine` is one that
/// must pass, so that the runner is shown to tell them apart.
const BROKEN_PYTHON: &[(&str, &str, &str)] = &[
    (
        "wrong_class",
        "async def main(client):\n    await client(functions.messages.GetPeerDialogzRequest(peers=[]))\n",
        "has no attribute 'GetPeerDialogzRequest'",
    ),
    (
        "wrong_parameter",
        "async def main(client):\n    await client(functions.messages.GetPeerDialogsRequest(dialogs=[]))\n",
        "unexpected keyword argument 'dialogs'",
    ),
    (
        "string_for_int",
        "async def main(client):\n    await client(functions.messages.GetCommonChatsRequest(\
         user_id=types.InputUserSelf(), max_id=0, limit=\"100\"))\n",
        "required argument is not an integer",
    ),
    (
        "one_for_a_vector",
        "async def main(client):\n    await client(functions.messages.GetPeerDialogsRequest(\
         peers=types.InputDialogPeer(peer=types.InputPeerSelf())))\n",
        "not iterable",
    ),
    (
        "missing_argument",
        "async def main(client):\n    await client(functions.messages.GetCommonChatsRequest(\
         user_id=types.InputUserSelf(), limit=100))\n",
        "missing 1 required positional argument: 'max_id'",
    ),
    (
        "wrong_constructor",
        "async def main(client):\n    await client(functions.messages.GetStickerSetRequest(\
         stickerset=types.InputPeerSelf(), hash=0))\n",
        "InputStickerSet expected, not InputPeerSelf",
    ),
    (
        "folder_for_dialog_peer",
        "async def main(client):\n    await client(functions.messages.GetPeerDialogsRequest(\
         peers=[types.InputDialogPeerFolder(folder_id=1)]))\n",
        "Cannot cast InputDialogPeerFolder",
    ),
    (
        "half_a_flag_group",
        "async def main(client):\n    await client(functions.messages.RequestUrlAuthRequest(\
         peer=types.InputPeerSelf()))\n",
        "must all be False-y",
    ),
    (
        "a_type_for_a_request",
        "async def main(client):\n    await client(types.InputPeerSelf())\n",
        "You can only invoke requests",
    ),
];

const FINE_PYTHON: &str = "async def main(client):\n    await client(functions.messages.GetPeerDialogsRequest(\
     peers=[types.InputDialogPeer(peer=types.InputPeerSelf())]))\n";

fn run_telethon(python: &Path, dir: &Path, files: &[String]) -> Outcome {
    run(Command::new(python)
        .arg(scripts().join("run_telethon.py"))
        .arg(dir.join("schema.json"))
        .arg(dir)
        .args(files))
}

#[test]
fn every_python_example_runs_with_telethon() {
    let Some(site) = common::shared("client-schemas/telegram-214") else {
        return;
    };
    let Some(packages) = tools::require("the Telethon run", tools::python_packages()) else {
        return;
    };
    let built = Built::new(&site);

    let prelude = "from telethon import functions, types\n\n\n";
    let mut broken: Vec<(String, String)> = BROKEN_PYTHON
        .iter()
        .map(|(name, code, _)| ((*name).to_owned(), format!("{prelude}{code}")))
        .collect();
    broken.push(("fine".to_owned(), format!("{prelude}{FINE_PYTHON}")));
    let (dir, files) = built.write("python-broken", "py", &broken);
    let outcome = run_telethon(&packages.python, &dir, &files);
    assert_each_fails(&outcome, BROKEN_PYTHON);

    let examples = built.examples("python");
    assert_eq!(examples.len(), built.schema.methods.len());
    let (dir, files) = built.write("python", "py", &examples);
    let outcome = run_telethon(&packages.python, &dir, &files);
    assert_all_ran("Python", &outcome, examples.len());

    // The bundled sample's, hand-written ones too (its methods are the same in layer 214).
    let sample = sample();
    let examples = sample.examples("python");
    let hand_written = &examples
        .iter()
        .find(|(name, _)| name == "account.setAuthorizationTTL")
        .expect("the sample's hand-written example")
        .1;
    assert!(hand_written.contains("half a year"), "{hand_written}");
    let (dir, files) = sample.write("python", "py", &examples);
    let outcome = run_telethon(&packages.python, &dir, &files);
    assert_all_ran("Python (sample site)", &outcome, examples.len());
}

/// JavaScript examples broken on purpose, as [`BROKEN_PYTHON`].
const BROKEN_JAVASCRIPT: &[(&str, &str, &str)] = &[
    (
        "wrong_class",
        "await client.invoke(new Api.messages.GetPeerDialogz({ peers: [] }));\n",
        "Api.messages.GetPeerDialogz is not a constructor",
    ),
    (
        "wrong_parameter",
        "await client.invoke(new Api.messages.GetPeerDialogs({ dialogs: [] }));\n",
        "messages.getPeerDialogs: unknown parameter dialogs",
    ),
    (
        "string_for_int",
        "await client.invoke(new Api.messages.GetCommonChats({ userId: new Api.InputUserSelf(), \
         maxId: BigInt(0), limit: \"100\" }));\n",
        "logged CastError: Found wrong type for limit. expected number but received 100",
    ),
    (
        "one_for_a_vector",
        "await client.invoke(new Api.messages.GetPeerDialogs({ peers: new Api.InputDialogPeer({ \
         peer: new Api.InputPeerSelf() }) }));\n",
        "is not iterable",
    ),
    (
        "missing_argument",
        "await client.invoke(new Api.messages.GetCommonChats({ userId: new Api.InputUserSelf(), \
         limit: 100 }));\n",
        "messages.getCommonChats.max_id is required and missing",
    ),
    (
        "wrong_constructor",
        "await client.invoke(new Api.messages.GetStickerSet({ stickerset: new Api.InputPeerSelf(), \
         hash: 0 }));\n",
        "messages.getStickerSet.stickerset: InputStickerSet expected, not InputPeerSelf",
    ),
    (
        "folder_for_dialog_peer",
        "await client.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeerFolder({ \
         folderId: 1 })] }));\n",
        "messages.getPeerDialogs.peers[0].peer: InputPeer expected, not InputDialogPeerFolder",
    ),
    (
        "half_a_flag_group",
        "await client.invoke(new Api.messages.RequestUrlAuth({ peer: new Api.InputPeerSelf() }));\n",
        "peer, msg_id, button_id share flags.1 and must be given together",
    ),
    (
        "a_type_for_a_request",
        "await client.invoke(new Api.InputPeerSelf());\n",
        "You can only invoke MTProtoRequests",
    ),
];

const FINE_JAVASCRIPT: &str = "await client.invoke(new Api.messages.GetPeerDialogs({ peers: [\
     new Api.InputDialogPeer({ peer: new Api.InputPeerSelf() })] }));\n";

/// A site of the schema GramJS bundles (see `tests/example-tools/gramjs_site.mjs`), built.
fn gramjs_site(node: &Path, packages: &tools::NpmPackages) -> Built {
    let source = tempfile::tempdir().expect("a temporary directory");
    let output = Command::new(node)
        .arg(scripts().join("gramjs_site.mjs"))
        .arg(source.path())
        .env(tools::NpmPackages::ENV, &packages.dir)
        .output()
        .expect("node runs");
    assert!(output.status.success(), "{output:?}");
    let built = Built::new(source.path());
    // The layer is the site's `layer:` setting, which the examples show.
    let layer = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let invoke = built.example("invokeWithLayer", "javascript");
    assert!(invoke.contains(&format!("layer: {layer},")), "{invoke}");
    assert!(
        built.schema.methods.len() > 600,
        "only {} methods",
        built.schema.methods.len()
    );
    built
}

/// Writes ES modules that import `telegram` from the fetched packages, as [`Built::write`].
fn write_modules(
    built: &Built,
    dir: &str,
    extension: &str,
    examples: &[(String, String)],
    packages: &tools::NpmPackages,
) -> (PathBuf, Vec<String>) {
    let (dir, files) = built.write(dir, extension, examples);
    // Imports are resolved from the importing file up, so the packages are linked in beside it.
    std::os::unix::fs::symlink(packages.node_modules(), dir.join("node_modules"))
        .expect("node_modules linked");
    (dir, files)
}

fn run_gramjs(node: &Path, packages: &tools::NpmPackages, dir: &Path, files: &[String]) -> Outcome {
    run(Command::new(node)
        .arg(scripts().join("run_gramjs.mjs"))
        .arg(dir.join("schema.json"))
        .args(files)
        .current_dir(dir)
        .env(tools::NpmPackages::ENV, &packages.dir))
}

#[test]
fn every_javascript_example_runs_with_gramjs() {
    let Some(node) = tools::require("the GramJS run", tools::NODE.find()) else {
        return;
    };
    let Some(packages) = tools::require("the GramJS run", tools::npm_packages()) else {
        return;
    };
    let built = gramjs_site(&node, &packages);

    let prelude = "import { Api } from \"telegram\";\n\n";
    let mut broken: Vec<(String, String)> = BROKEN_JAVASCRIPT
        .iter()
        .map(|(name, code, _)| ((*name).to_owned(), format!("{prelude}{code}")))
        .collect();
    broken.push(("fine".to_owned(), format!("{prelude}{FINE_JAVASCRIPT}")));
    let (dir, files) = write_modules(&built, "javascript-broken", "mjs", &broken, &packages);
    let outcome = run_gramjs(&node, &packages, &dir, &files);
    assert_each_fails(&outcome, BROKEN_JAVASCRIPT);

    for (site, built) in [("GramJS's schema", built), ("the sample site", sample())] {
        let examples = built.examples("javascript");
        assert_eq!(examples.len(), built.schema.methods.len(), "{site}");
        let (dir, files) = write_modules(&built, "javascript", "mjs", &examples, &packages);
        let outcome = run_gramjs(&node, &packages, &dir, &files);
        assert_all_ran(&format!("JavaScript ({site})"), &outcome, examples.len());
    }
}

/// The bundled sample site, built; its methods are the same in GramJS's layer.
fn sample() -> Built {
    Built::new(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// TypeScript examples broken on purpose, as [`BROKEN_PYTHON`]. GramJS types every request's
/// arguments as optional (`Partial<…>`), so a missing argument is shown on a constructor, whose
/// fields its types do require.
const BROKEN_TYPESCRIPT: &[(&str, &str, &str)] = &[
    (
        "wrong_class",
        "await client.invoke(new Api.messages.GetPeerDialogz({ peers: [] }));\n",
        "TS2551: Property 'GetPeerDialogz' does not exist",
    ),
    (
        "wrong_parameter",
        "await client.invoke(new Api.messages.GetPeerDialogs({ dialogs: [] }));\n",
        "TS2353: Object literal may only specify known properties, and 'dialogs' does not exist",
    ),
    (
        "string_for_int",
        "await client.invoke(new Api.messages.GetCommonChats({ userId: new Api.InputUserSelf(), \
         maxId: bigInt(0), limit: \"100\" }));\n",
        "TS2322: Type 'string' is not assignable to type 'number'",
    ),
    (
        "bigint_for_long",
        "await client.invoke(new Api.account.ResetAuthorization({ hash: BigInt(1) }));\n",
        "TS2322: Type 'bigint' is not assignable to type 'BigInteger'",
    ),
    (
        "one_for_a_vector",
        "await client.invoke(new Api.messages.GetPeerDialogs({ peers: new Api.InputDialogPeer({ \
         peer: new Api.InputPeerSelf() }) }));\n",
        "TypeInputDialogPeer[]",
    ),
    (
        "missing_argument",
        "await client.invoke(new Api.messages.GetPeerSettings({ peer: new Api.InputPeerChat({}) }));\n",
        "Property 'chatId' is missing",
    ),
    (
        "wrong_constructor",
        "await client.invoke(new Api.messages.GetStickerSet({ stickerset: new Api.InputPeerSelf(), \
         hash: 0 }));\n",
        "Type 'InputPeerSelf' is not assignable to type 'TypeInputStickerSet",
    ),
    (
        "a_type_for_a_request",
        "await client.invoke(new Api.InputPeerSelf());\n",
        "TS2345: Argument of type 'InputPeerSelf' is not assignable to parameter",
    ),
];

const FINE_TYPESCRIPT: &str = "await client.invoke(new Api.messages.GetPeerDialogs({ peers: [\
     new Api.InputDialogPeer({ peer: new Api.InputPeerSelf() })] }));\n\
     await client.invoke(new Api.account.ResetAuthorization({ hash: bigInt(\"-1\") }));\n";

fn run_tsc(node: &Path, packages: &tools::NpmPackages, dir: &Path, files: &[String]) -> Outcome {
    run(Command::new(node)
        .arg(scripts().join("run_tsc.mjs"))
        .args(files)
        .current_dir(dir)
        .env(tools::NpmPackages::ENV, &packages.dir))
}

#[test]
fn every_typescript_example_type_checks_against_gramjs() {
    let Some(node) = tools::require("the GramJS type check", tools::NODE.find()) else {
        return;
    };
    let Some(packages) = tools::require("the GramJS type check", tools::npm_packages()) else {
        return;
    };
    let built = gramjs_site(&node, &packages);

    let prelude = "import bigInt from \"big-integer\";\nimport { Api, TelegramClient } from \
                   \"telegram\";\n\ndeclare const client: TelegramClient;\n";
    let mut broken: Vec<(String, String)> = BROKEN_TYPESCRIPT
        .iter()
        .map(|(name, code, _)| ((*name).to_owned(), format!("{prelude}{code}")))
        .collect();
    broken.push(("fine".to_owned(), format!("{prelude}{FINE_TYPESCRIPT}")));
    let (dir, files) = write_modules(&built, "typescript-broken", "ts", &broken, &packages);
    let outcome = run_tsc(&node, &packages, &dir, &files);
    assert_each_fails(&outcome, BROKEN_TYPESCRIPT);

    // Both sites' examples in one compiler run: one program of files in two directories.
    let mut dirs_files = Vec::new();
    let sample = sample();
    let mut expected = 0;
    for (name, built) in [("gramjs", &built), ("sample", &sample)] {
        let examples = built.examples("typescript");
        assert_eq!(examples.len(), built.schema.methods.len(), "{name}");
        expected += examples.len();
        let (dir, files) = write_modules(
            built,
            &format!("typescript-{name}"),
            "ts",
            &examples,
            &packages,
        );
        dirs_files.extend(files.into_iter().map(|file| dir.join(file)));
    }
    let files: Vec<String> = dirs_files
        .iter()
        .map(|path| path.to_str().expect("a UTF-8 path").to_owned())
        .collect();
    let outcome = run_tsc(&node, &packages, built.dir.path(), &files);
    assert_all_ran(
        "TypeScript (GramJS's schema and the sample site)",
        &outcome,
        expected,
    );
}

const SEND_SCHEMA: &str = "inputPeerSelf#7da07ec9 = InputPeer;\n\
                           boolTrue#997275b5 = Bool;\n---functions---\n\
                           messages.send#1 peer:InputPeer message:string random_id:long = Bool;\n";

/// A content page's `examples:` shows a note for a client that refuses the call, leaves out what
/// a client fills itself, and puts a hand-written example in place of the generated one.
#[test]
fn content_pages_override_examples_per_language() {
    let site = common::TestSite::new(&[
        ("schema/api.tl", SEND_SCHEMA),
        (
            "content/methods/messages.send.md",
            "---\nexamples:\n  php:\n    omit: [random_id]\n  python:\n    unavailable: \
             Call `client.send_message()` instead.\n  lua:\n    code: |\n      \
             client:send(\"Hi\")\n---\n",
        ),
    ]);
    common::tldoc(site.path(), &["build"]).success();
    let built = Built {
        schema: schema_at(site.path()),
        dir: tempfile::tempdir().expect("a temporary directory"),
    };
    fs::rename(site.path().join("public"), built.dir.path().join("site")).expect("moved");
    let php = built.example("messages.send", "php");
    assert!(php.contains("message: 'Hello!'"), "{php}");
    assert!(!php.contains("random_id"), "{php}");
    let javascript = built.example("messages.send", "javascript");
    assert!(javascript.contains("randomId"), "{javascript}");
    assert_eq!(
        built.example("messages.send", "lua"),
        "client:send(\"Hi\")\n"
    );
    assert_eq!(built.tab("messages.send", "python"), None);
    let page = fs::read_to_string(built.dir.path().join("site/methods/messages.send.html"))
        .expect("the page");
    assert!(
        page.contains(
            "<div class=\"example-note\"><p>Call <code>client.send_message()</code> instead.</p>"
        ),
        "{page}"
    );
}

/// What `examples:` gets wrong is reported where it is written.
#[test]
fn wrong_example_overrides_are_reported() {
    let site = common::TestSite::new(&[
        ("schema/api.tl", SEND_SCHEMA),
        (
            "content/methods/messages.send.md",
            "---\nexamples:\n  kotlin:\n    omit: [random_id]\n  php:\n    omit: [randomid]\n  \
             python:\n    unavailable: No.\n    code: print()\n---\n",
        ),
        (
            "content/types/InputPeer.md",
            "---\nexamples:\n  php:\n    code: x\n---\n",
        ),
    ]);
    let run = common::tldoc(site.path(), &["check"]);
    run.failure()
        .stderr_has("warning: the site has no example language `kotlin`")
        .stderr_has("content/methods/messages.send.md:3:3")
        .stderr_has("warning: `messages.send` has no parameter `randomid` to omit")
        .stderr_has("error: the `python` example is both unavailable and given")
        .stderr_has("warning: only method pages have examples")
        .stderr_has("content/types/InputPeer.md:2:1");
}

/// A site of TDLib 1.8.65's `td_api.tl` with no content and no settings, built: the version
/// `prebuilt-tdlib@0.1008065.0` is a build of. `None` (a printed skip) without `../shared`.
fn tdlib_site() -> Option<Built> {
    let schema = common::shared("tdlib/td_api-1.8.65.tl")?;
    let site = tempfile::tempdir().expect("a temporary directory");
    fs::create_dir(site.path().join("schema")).expect("a schema directory");
    fs::copy(&schema, site.path().join("schema/td_api.tl")).expect("the schema copied");
    let built = Built::new(site.path());
    assert!(
        built.schema.methods.len() > 900,
        "only {} methods",
        built.schema.methods.len()
    );
    Some(built)
}

/// What the TDLib runs need: Node.js, the pinned packages and the site.
fn tdlib_tools(part: &str) -> Option<(PathBuf, tools::NpmPackages, Built)> {
    let node = tools::require(part, tools::NODE.find())?;
    let packages = tools::require(part, tools::npm_packages())?;
    Some((node, packages, tdlib_site()?))
}

fn run_tdlib(
    node: &Path,
    packages: &tools::NpmPackages,
    mode: &str,
    dir: &Path,
    files: &[String],
) -> Outcome {
    run(Command::new(node)
        .arg(scripts().join("run_tdlib.mjs"))
        .arg(mode)
        .args(files)
        .current_dir(dir)
        .env(tools::NpmPackages::ENV, &packages.dir))
}

/// JSON requests broken on purpose, `(name, request, what TDLib's answer says)`.
const BROKEN_JSON: &[(&str, &str, &str)] = &[
    (
        "unknown_constructor",
        r#"{"@type": "getChats", "chat_list": {"@type": "chatListNope"}, "limit": 100}"#,
        "Unknown class \"chatListNope\"",
    ),
    (
        "constructor_of_another_type",
        r#"{"@type": "getChats", "chat_list": {"@type": "messageText"}, "limit": 100}"#,
        "Unknown class \"messageText\"",
    ),
    (
        "unknown_method",
        r#"{"@type": "getChatz", "limit": 100}"#,
        "Unknown class \"getChatz\"",
    ),
    (
        "word_for_a_number",
        r#"{"@type": "getChats", "limit": "many"}"#,
        "Can't parse",
    ),
    (
        "bytes_not_in_base64",
        r#"{"@type": "setTdlibParameters", "database_encryption_key": "not base64"}"#,
        "Wrong padding length",
    ),
];

#[test]
fn every_json_example_is_a_request_tdlib_parses() {
    let Some((node, packages, built)) = tdlib_tools("the TDLib run") else {
        return;
    };
    let mut broken: Vec<(String, String)> = BROKEN_JSON
        .iter()
        .map(|(name, request, _)| ((*name).to_owned(), (*request).to_owned()))
        .collect();
    // Runnable without a client, and run: the answer is TDLib's reading of the text.
    broken.push((
        "fine".to_owned(),
        r#"{"@type": "getTextEntities", "text": "@telegram"}"#.to_owned(),
    ));
    let (dir, files) = built.write("json-broken", "json", &broken);
    let outcome = run_tdlib(&node, &packages, "json", &dir, &files);
    assert_each_fails(&outcome, BROKEN_JSON);

    let examples = built.examples("json");
    assert_eq!(examples.len(), built.schema.methods.len());
    let (dir, files) = built.write("json", "json", &examples);
    let outcome = run_tdlib(&node, &packages, "json", &dir, &files);
    assert_all_ran("JSON (TDLib 1.8.65)", &outcome, examples.len());
}

#[test]
fn every_tdl_javascript_example_sends_the_json_request() {
    let Some((node, packages, built)) = tdlib_tools("the tdl run") else {
        return;
    };
    let json = built.examples("json");
    let javascript = built.examples("tdl-javascript");
    assert_eq!(javascript.len(), built.schema.methods.len());
    let (dir, files) = built.write("tdl-javascript", "mjs", &javascript);
    built.write("tdl-javascript", "json", &json);
    // One request broken on purpose: a field TDLib would not be sent.
    let (name, code) = &javascript[0];
    let wrong = code.replacen("_: '", "_: 'x", 1);
    fs::write(dir.join("wrong.mjs"), &wrong).expect("written");
    fs::copy(dir.join(format!("{name}.json")), dir.join("wrong.json")).expect("copied");
    let mut all = files.clone();
    all.push("wrong.mjs".to_owned());
    let outcome = run_tdlib(&node, &packages, "javascript", &dir, &all);
    assert_each_fails(&outcome, &[("wrong", "", "not the JSON example")]);
    assert_eq!(outcome.ran, javascript.len() + 1, "{}", outcome.output);
}

#[test]
fn every_pytdbot_example_sends_the_json_request() {
    let Some(packages) = tools::require("the pytdbot run", tools::python_packages()) else {
        return;
    };
    let Some(built) = tdlib_site() else {
        return;
    };
    let json = built.examples("json");
    let python = built.examples("pytdbot");
    assert_eq!(python.len(), built.schema.methods.len());
    let (dir, mut files) = built.write("pytdbot", "py", &python);
    built.write("pytdbot", "json", &json);
    // Broken on purpose: a request that is not the JSON example, and a call pytdbot lacks.
    let (name, code) = &python[0];
    for (wrong, code) in [
        (
            "wrong_request",
            code.replacen("\"@type\": \"", "\"@type\": \"x", 1),
        ),
        (
            "wrong_call",
            code.replacen("client.invoke(", "client.invok(", 1),
        ),
    ] {
        fs::write(dir.join(format!("{wrong}.py")), code).expect("written");
        fs::copy(
            dir.join(format!("{name}.json")),
            dir.join(format!("{wrong}.json")),
        )
        .expect("copied");
        files.push(format!("{wrong}.py"));
    }
    let outcome = run(Command::new(&packages.python)
        .arg(scripts().join("run_pytdbot.py"))
        .arg(&dir)
        .args(&files));
    assert_each_fails(
        &outcome,
        &[
            ("wrong_request", "", "not the JSON example"),
            ("wrong_call", "", "has no attribute 'invok'"),
        ],
    );
    assert_eq!(outcome.ran, python.len() + 2, "{}", outcome.output);
    println!("{} pytdbot examples send the JSON request", python.len());
}

/// TypeScript broken on purpose, each against tdl's types (`client.invoke`) or TDLib's request
/// types (`Td.$Function`).
const BROKEN_TDL_TYPESCRIPT: &[(&str, &str, &str)] = &[
    (
        "unknown_field",
        "await client.invoke({ _: 'getChats', limit: 100, chats: 1 })\n",
        "'chats' does not exist",
    ),
    (
        "string_for_int53",
        "await client.invoke({ _: 'getChat', chat_id: '12345' })\n",
        "not assignable to type 'number'",
    ),
    (
        "number_for_a_bool",
        "await client.invoke({ _: 'getChatHistory', chat_id: 1, from_message_id: 0, offset: 0, \
         limit: 10, only_local: 1 })\n",
        "not assignable to type 'boolean",
    ),
    (
        "constructor_of_another_type",
        "const request: Td.$Function = { _: 'getChats', chat_list: { _: 'messageText' } }\n",
        "not assignable",
    ),
];

#[test]
fn every_tdl_typescript_example_type_checks_against_tdlib_types() {
    let Some((node, packages, built)) = tdlib_tools("the tdl type check") else {
        return;
    };
    let prelude = "import type * as Td from 'tdlib-types'\nimport type { Client } from 'tdl'\n\n\
                   declare const client: Client\n";
    let mut broken: Vec<(String, String)> = BROKEN_TDL_TYPESCRIPT
        .iter()
        .map(|(name, code, _)| ((*name).to_owned(), format!("{prelude}{code}export {{}}\n")))
        .collect();
    broken.push((
        "fine".to_owned(),
        format!("{prelude}await client.invoke({{ _: 'getChats', limit: 100 }})\nexport {{}}\n"),
    ));
    let (dir, files) = write_modules(&built, "tdl-broken", "ts", &broken, &packages);
    let outcome = run_tsc(&node, &packages, &dir, &files);
    assert_each_fails(&outcome, BROKEN_TDL_TYPESCRIPT);

    // The TypeScript examples as they are, and the JSON ones as typed requests: TDLib's JSON
    // reader ignores fields it does not know and takes a number as a string, its types do not.
    let typescript = built.examples("tdl-typescript");
    assert_eq!(typescript.len(), built.schema.methods.len());
    let typed_json: Vec<(String, String)> = built
        .examples("json")
        .into_iter()
        .map(|(name, json)| {
            let request: Json = serde_json::from_str(&json).expect("a JSON example is JSON");
            let request =
                serde_json::to_string_pretty(&with_tdl_type_keys(request)).expect("serialised");
            let code = format!(
                "import type * as Td from 'tdlib-types'\n\nconst request: Td.$Function = \
                 {request}\nexport {{ request }}\n"
            );
            (format!("{name}.json"), code)
        })
        .collect();
    let mut paths = Vec::new();
    for (subdir, examples) in [("tdl-typescript", &typescript), ("json-typed", &typed_json)] {
        let (dir, files) = write_modules(&built, subdir, "ts", examples, &packages);
        paths.extend(
            files
                .into_iter()
                .map(|file| dir.join(file).to_str().expect("a UTF-8 path").to_owned()),
        );
    }
    let outcome = run_tsc(&node, &packages, built.dir.path(), &paths);
    assert_all_ran(
        "TypeScript and typed JSON (tdlib-types 1.8.65)",
        &outcome,
        typescript.len() + typed_json.len(),
    );
}

/// A JSON request with tdl's `_` for each `@type`.
fn with_tdl_type_keys(value: Json) -> Json {
    match value {
        Json::Object(fields) => Json::Object(
            fields
                .into_iter()
                .map(|(key, item)| {
                    let key = if key == "@type" { "_".to_owned() } else { key };
                    (key, with_tdl_type_keys(item))
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(with_tdl_type_keys).collect()),
        other => other,
    }
}
