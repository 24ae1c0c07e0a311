//! Prints how long highlighting a reference's worth of code examples takes.
//!
//! `cargo bench --bench highlight` highlights 3,365 synthetic examples, 673 methods (as many as
//! layer 190 has) in each of JavaScript, TypeScript, PHP, Lua and Python, written as the default
//! templates in `templates/examples/` write them: cold (a new highlighter, so loading the
//! grammars, compiling their regexes and learning every line) and warm (again, with what was
//! learnt), on one thread and on rayon's threads. For comparison it also times syntect's own
//! generator, without any cache, on two-face's full grammars for the same languages: what tldoc
//! used before it had grammars of its own for the examples. Each figure is the median of several runs; the machines this
//! runs on are shared and noisy, so one run means little.

use std::hint::black_box;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use tldoc::highlight::Highlighter;

/// Runs of each measurement.
const RUNS: usize = 9;

/// Methods per language: as many as layer 190 has.
const METHODS: usize = 673;

fn main() {
    let snippets = workload();
    let lines: usize = snippets.iter().map(|(code, _)| code.lines().count()).sum();
    let mut distinct: Vec<(&str, &str)> = snippets
        .iter()
        .flat_map(|(code, extension)| code.lines().map(move |line| (*extension, line)))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    println!(
        "workload: {} snippets, {} lines ({:.1} a snippet), {} distinct lines; {} rayon threads",
        snippets.len(),
        lines,
        lines as f64 / snippets.len() as f64,
        distinct.len(),
        rayon::current_num_threads()
    );

    let load = measure(20, || {
        black_box(two_face::syntax::extra_newlines());
    });
    report("load two-face's syntax set", load, None);

    let syntaxes = two_face::syntax::extra_newlines();
    // Compile the regexes the workload uses, so that the baseline times parsing alone.
    uncached_all(&syntaxes, &snippets);
    let uncached = measure(3, || {
        uncached_all(&syntaxes, &snippets);
    });
    report(
        "two-face's grammars, uncached, 1 thread",
        uncached,
        Some(snippets.len()),
    );

    let cold = measure(RUNS, || {
        let highlighter = Highlighter::new();
        for (code, extension) in &snippets {
            black_box(highlighter.highlight(code, extension));
        }
    });
    report(
        "cold, 1 thread (load, compile, learn)",
        cold,
        Some(snippets.len()),
    );

    let cold_parallel = measure(RUNS, || {
        let highlighter = Highlighter::new();
        snippets.par_iter().for_each(|(code, extension)| {
            black_box(highlighter.highlight(code, extension));
        });
    });
    report("cold, rayon", cold_parallel, Some(snippets.len()));

    let highlighter = Highlighter::new();
    for (code, extension) in &snippets {
        highlighter.highlight(code, extension);
    }
    let warm = measure(RUNS, || {
        for (code, extension) in &snippets {
            black_box(highlighter.highlight(code, extension));
        }
    });
    report("warm, 1 thread", warm, Some(snippets.len()));

    let highlighter = Highlighter::new();
    // Warm every rayon thread on every snippet, whichever share of them it gets later.
    rayon::broadcast(|_| {
        for (code, extension) in &snippets {
            highlighter.highlight(code, extension);
        }
    });
    let warm_parallel = measure(RUNS, || {
        snippets.par_iter().for_each(|(code, extension)| {
            black_box(highlighter.highlight(code, extension));
        });
    });
    report("warm, rayon", warm_parallel, Some(snippets.len()));
}

/// Highlights every snippet with syntect's own generator, from scratch.
fn uncached_all(syntaxes: &SyntaxSet, snippets: &[(String, &str)]) {
    for (code, extension) in snippets {
        // Sublime Text's own grammars (for `js`, not the Babel one syntect's lookup finds).
        let name = match *extension {
            "js" => "JavaScript",
            "ts" => "TypeScript",
            "php" => "PHP",
            "lua" => "Lua",
            _ => "Python",
        };
        let Some(syntax) = syntaxes.find_syntax_by_name(name) else {
            continue;
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            syntaxes,
            ClassStyle::SpacedPrefixed { prefix: "hl-" },
        );
        for line in code.split_inclusive('\n') {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                break;
            }
        }
        black_box(generator.finalize());
    }
}

/// The median of `runs` timings of `run`.
fn measure(runs: usize, mut run: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

/// Prints a median, and the rate it gives when it covered `snippets` snippets.
fn report(what: &str, median: Duration, snippets: Option<usize>) {
    let ms = median.as_secs_f64() * 1e3;
    match snippets {
        Some(count) => println!(
            "{what:<48} {ms:>9.2} ms  {:>9.0} snippets/s",
            count as f64 / median.as_secs_f64()
        ),
        None => println!("{what:<48} {ms:>9.2} ms"),
    }
}

/// Every method's example in each of the five languages, rendered as the default templates in
/// `templates/examples/` render them: one line naming the method, one line per parameter (a third
/// of them building a constructor inline), the rest shared by every example.
fn workload() -> Vec<(String, &'static str)> {
    let methods = methods();
    let mut snippets = Vec::with_capacity(methods.len() * 5);
    for method in &methods {
        snippets.push((javascript(method, false), "js"));
        snippets.push((javascript(method, true), "ts"));
        snippets.push((php(method), "php"));
        snippets.push((lua(method), "lua"));
        snippets.push((python(method), "py"));
    }
    snippets
}

/// A method or constructor: namespace, name in lower camel case, and parameters.
struct Call {
    namespace: Option<&'static str>,
    name: String,
    params: Vec<(Name, Value)>,
}

impl Call {
    /// The name as GramJS and Telethon name classes: `SendCode` for `sendCode`.
    fn class(&self) -> String {
        let mut chars = self.name.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }

    /// The full TL name: `auth.sendCode`.
    fn full_name(&self) -> String {
        match self.namespace {
            Some(namespace) => format!("{namespace}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A parameter's name, in lower camel case (GramJS) and snake case (TL, Telethon, PHP, Lua).
#[derive(Clone)]
struct Name {
    camel: String,
    snake: String,
}

/// An example value, as `tldoc::examples` makes them from a parameter's type.
enum Value {
    Int(i64),
    Long(&'static str),
    Text(&'static str),
    Bytes,
    Flag,
    Ints(Vec<i64>),
    Object(Call),
}

const NAMESPACES: [&str; 14] = [
    "auth", "account", "users", "contacts", "messages", "updates", "photos", "upload", "help",
    "channels", "bots", "payments", "stickers", "phone",
];
const WORDS: [&str; 40] = [
    "peer",
    "message",
    "user",
    "chat",
    "channel",
    "sticker",
    "photo",
    "story",
    "dialog",
    "theme",
    "password",
    "code",
    "contact",
    "reaction",
    "topic",
    "invite",
    "gift",
    "folder",
    "bot",
    "call",
    "media",
    "file",
    "draft",
    "poll",
    "emoji",
    "wall",
    "paper",
    "history",
    "link",
    "status",
    "privacy",
    "boost",
    "business",
    "quick",
    "reply",
    "notify",
    "settings",
    "view",
    "admin",
    "participant",
];
const VERBS: [&str; 14] = [
    "get", "set", "send", "delete", "edit", "update", "check", "reset", "search", "toggle",
    "report", "save", "read", "export",
];
/// Parameters most methods have, named once and reused, as in the real schema.
const COMMON: [&str; 10] = [
    "peer",
    "id",
    "hash",
    "limit",
    "offset_id",
    "channel",
    "user_id",
    "msg_id",
    "random_id",
    "bot",
];
/// Constructors that values build inline.
const OBJECTS: [&str; 8] = [
    "inputPeerSelf",
    "inputPeerUser",
    "inputChannel",
    "inputUser",
    "inputPhoto",
    "inputDocument",
    "inputStickerSetShortName",
    "codeSettings",
];

/// Methods of a layer's size, each with its own name and zero to four parameters.
fn methods() -> Vec<Call> {
    (0..METHODS)
        .map(|i| Call {
            namespace: Some(NAMESPACES[i % NAMESPACES.len()]),
            name: format!(
                "{}{}{}",
                VERBS[(i / NAMESPACES.len()) % VERBS.len()],
                capitalise(WORDS[(i * 7) % WORDS.len()]),
                if i % 3 == 0 {
                    capitalise(WORDS[(i * 11 + 5) % WORDS.len()])
                } else {
                    String::new()
                },
            ),
            params: (0..(i * 5 / 3) % 5).map(|p| param(i, p)).collect(),
        })
        .collect()
}

/// The `p`th parameter of the `i`th method: often a common one, otherwise one of a few hundred
/// names; a third build a constructor.
fn param(i: usize, p: usize) -> (Name, Value) {
    let n = i * 31 + p * 17;
    let snake = if n.is_multiple_of(2) {
        COMMON[n % COMMON.len()].to_owned()
    } else {
        format!(
            "{}_{}",
            WORDS[n % WORDS.len()],
            WORDS[(n / 7) % WORDS.len()]
        )
    };
    let value = match n % 9 {
        0..=2 => Value::Object(object(n)),
        3 => Value::Int(12345),
        4 => Value::Long("-12398745604826"),
        5 => Value::Text("example"),
        6 => Value::Bytes,
        7 => Value::Flag,
        _ => Value::Ints(vec![12345]),
    };
    (name(&snake), value)
}

/// A constructor built inline, with zero to three parameters.
fn object(n: usize) -> Call {
    let name = OBJECTS[n % OBJECTS.len()];
    let params = match name {
        "inputPeerUser" | "inputUser" => vec![
            (name_of("user_id"), Value::Long("1234567890")),
            (name_of("access_hash"), Value::Long("-12398745604826")),
        ],
        "inputChannel" => vec![
            (name_of("channel_id"), Value::Long("1234567890")),
            (name_of("access_hash"), Value::Long("-12398745604826")),
        ],
        "inputPhoto" | "inputDocument" => vec![
            (name_of("id"), Value::Long("5123456789012345678")),
            (name_of("access_hash"), Value::Long("-12398745604826")),
            (name_of("file_reference"), Value::Bytes),
        ],
        "inputStickerSetShortName" => vec![(name_of("short_name"), Value::Text("example"))],
        _ => Vec::new(),
    };
    Call {
        namespace: None,
        name: name.to_owned(),
        params,
    }
}

fn name_of(snake: &str) -> Name {
    name(snake)
}

/// Both spellings of a snake-case name.
fn name(snake: &str) -> Name {
    let mut camel = String::new();
    for (i, word) in snake.split('_').enumerate() {
        camel.push_str(&if i == 0 {
            word.to_owned()
        } else {
            capitalise(word)
        });
    }
    Name {
        camel,
        snake: snake.to_owned(),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// GramJS, in JavaScript or (`typed`) TypeScript, as `examples/javascript.js` and
/// `examples/typescript.ts` write it.
fn javascript(method: &Call, typed: bool) -> String {
    let mut code = if typed {
        String::from(
            "import { Api, TelegramClient } from \"telegram\";\n\n\
             declare const client: TelegramClient; // connected\n",
        )
    } else {
        String::from("import { Api } from \"telegram\";\n\n// client: a connected TelegramClient\n")
    };
    let class = format!(
        "Api.{}.{}",
        method.namespace.unwrap_or_default(),
        method.class()
    );
    if method.params.is_empty() {
        code.push_str(&format!(
            "const result = await client.invoke(new {class}());\n"
        ));
    } else {
        code.push_str(&format!(
            "const result = await client.invoke(\n  new {class}({{\n"
        ));
        for (name, value) in &method.params {
            code.push_str(&format!("    {}: {},\n", name.camel, js_value(value)));
        }
        code.push_str("  })\n);\n");
    }
    code.push_str("console.log(result);\n");
    code
}

fn js_value(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Long(n) => format!("BigInt(\"{n}\")"),
        Value::Text(text) => format!("\"{text}\""),
        Value::Bytes => "Buffer.from(\"arbitrary data\")".to_owned(),
        Value::Flag => "true".to_owned(),
        Value::Ints(items) => format!("[{}]", join(items.iter().map(i64::to_string))),
        Value::Object(call) if call.params.is_empty() => format!("new Api.{}()", call.class()),
        Value::Object(call) => format!(
            "new Api.{}({{ {} }})",
            call.class(),
            join(call.params.iter().map(|(name, value)| format!(
                "{}: {}",
                name.camel,
                js_value(value)
            )))
        ),
    }
}

/// MadelineProto, as `examples/php.php` writes it.
fn php(method: &Call) -> String {
    let mut code =
        String::from("<?php\n// $MadelineProto: a logged-in \\danog\\MadelineProto\\API\n");
    code.push_str(&format!(
        "$result = $MadelineProto->{}->{}(",
        method.namespace.unwrap_or_default(),
        method.name
    ));
    for (name, value) in &method.params {
        code.push_str(&format!("\n    {}: {},", name.snake, php_value(value)));
    }
    if !method.params.is_empty() {
        code.push('\n');
    }
    code.push_str(");\nvar_dump($result);\n");
    code
}

fn php_value(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Long(n) => (*n).to_owned(),
        Value::Text(text) => format!("'{text}'"),
        Value::Bytes => "'arbitrary data'".to_owned(),
        Value::Flag => "true".to_owned(),
        Value::Ints(items) => format!("[{}]", join(items.iter().map(i64::to_string))),
        Value::Object(call) => {
            let mut fields = vec![format!("'_' => '{}'", call.name)];
            fields.extend(
                call.params
                    .iter()
                    .map(|(name, value)| format!("'{}' => {}", name.snake, php_value(value))),
            );
            format!("[{}]", join(fields.into_iter()))
        }
    }
}

/// A Lua MTProto client, as `examples/lua.lua` writes it.
fn lua(method: &Call) -> String {
    let mut code = String::from("-- client: a connected MTProto client\n");
    code.push_str(&format!(
        "local result = client:call(\"{}\", {{",
        method.full_name()
    ));
    for (name, value) in &method.params {
        code.push_str(&format!("\n  {} = {},", name.snake, lua_value(value)));
    }
    if !method.params.is_empty() {
        code.push('\n');
    }
    code.push_str("})\nprint(result)\n");
    code
}

fn lua_value(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Long(n) => (*n).to_owned(),
        Value::Text(text) => format!("\"{text}\""),
        Value::Bytes => "\"arbitrary data\"".to_owned(),
        Value::Flag => "true".to_owned(),
        Value::Ints(items) => format!("{{ {} }}", join(items.iter().map(i64::to_string))),
        Value::Object(call) => {
            let mut fields = vec![format!("_ = \"{}\"", call.name)];
            fields.extend(
                call.params
                    .iter()
                    .map(|(name, value)| format!("{} = {}", name.snake, lua_value(value))),
            );
            format!("{{ {} }}", join(fields.into_iter()))
        }
    }
}

/// Telethon, as `examples/python.py` writes it.
fn python(method: &Call) -> String {
    let mut code = String::from(
        "from telethon import functions, types\n\n\n\
         async def main(client):\n    # client: a connected TelegramClient\n",
    );
    let request = format!(
        "functions.{}.{}Request",
        method.namespace.unwrap_or_default(),
        method.class()
    );
    if method.params.is_empty() {
        code.push_str(&format!("    result = await client({request}())\n"));
    } else {
        code.push_str(&format!("    result = await client({request}(\n"));
        for (name, value) in &method.params {
            code.push_str(&format!(
                "        {}={},\n",
                name.snake,
                python_value(value)
            ));
        }
        code.push_str("    ))\n");
    }
    code.push_str("    print(result)\n");
    code
}

fn python_value(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Long(n) => (*n).to_owned(),
        Value::Text(text) => format!("\"{text}\""),
        Value::Bytes => "b\"arbitrary data\"".to_owned(),
        Value::Flag => "True".to_owned(),
        Value::Ints(items) => format!("[{}]", join(items.iter().map(i64::to_string))),
        Value::Object(call) => format!(
            "types.{}({})",
            call.class(),
            join(call.params.iter().map(|(name, value)| format!(
                "{}={}",
                name.snake,
                python_value(value)
            )))
        ),
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
