//! Telethon, the Python client (`telethon==1.41.2`, pinned in
//! `tests/example-tools/requirements.txt` and fetched by the test), against the layer-214 site in `../shared/client-schemas`: the schema
//! a reference of Telethon's examples is built from must be the one the library speaks, or the
//! examples readers copy would call what Telethon does not have.

mod common;

use std::collections::HashSet;
use std::process::Command;

use tldoc::diagnostic::{Diagnostics, SourceMap};
use tldoc::site::load_schema;

use common::{shared, tools};

/// Prints Telethon's layer, then the id of every object it can send or read, one a line.
const TELETHON_IDS: &str = "\
from telethon.tl.alltlobjects import LAYER, tlobjects
print(LAYER)
for id in tlobjects:
    print(id)
";

/// What Telethon reads and writes natively instead of by generated classes.
const TELETHON_NATIVE: &[&str] = &["boolFalse", "boolTrue", "true", "null", "vector", "error"];

#[test]
fn telethon_has_every_combinator_of_the_layer_214_schema() {
    let Some(site) = shared("client-schemas/telegram-214") else {
        return;
    };
    let Some(packages) = tools::require("all", tools::python_packages()) else {
        return;
    };
    let output = Command::new(&packages.python)
        .args(["-c", TELETHON_IDS])
        .output()
        .expect("the environment's Python runs");
    assert!(output.status.success(), "{output:?}");
    let printed = String::from_utf8(output.stdout).unwrap();
    let mut lines = printed.lines().map(|line| line.parse::<u32>().unwrap());
    let telethon_layer = lines.next();
    let telethon_ids: HashSet<u32> = lines.collect();

    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let schema = load_schema(&site, &mut sources, &mut diagnostics);
    assert!(
        !diagnostics.has_errors(),
        "{}",
        diagnostics.render(&sources, false)
    );
    assert_eq!(schema.layer, telethon_layer);
    let combinators: Vec<_> = schema.constructors.iter().chain(&schema.methods).collect();
    assert!(combinators.len() > 2000, "only {}", combinators.len());
    let unknown: Vec<String> = combinators
        .iter()
        .filter(|combinator| !TELETHON_NATIVE.contains(&combinator.name.as_str()))
        .filter(|combinator| !telethon_ids.contains(&combinator.id))
        .map(|combinator| format!("{}#{:08x}", combinator.name, combinator.id))
        .collect();
    assert!(unknown.is_empty(), "unknown to Telethon: {unknown:?}");
}
