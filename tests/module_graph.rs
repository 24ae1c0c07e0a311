//! The modules of `src/` and which uses which: data flows one way, so no module may use one
//! that (directly or through others) uses it back. The README's Design section draws the same
//! graph, and the picture is checked against the code too.
//!
//! A module is a top-level module of the crate (`site` holds `site::layers`); it uses another
//! when its code names `crate::other` (in a `use` or a path, comments aside). Uses inside one
//! module (`super::`, a parent and its children) are its own affair.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules it uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// The code of a Rust file without its comments (line comments, doc comments, block comments),
/// string literals and character literals, which may name modules without using them. (Good
/// enough for this crate's sources, not a Rust lexer: a `"` in a byte-string literal's raw form
/// would confuse it, and the test below would then fail, not pass.)
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'/')) => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            (b'/', Some(b'*')) => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            (b'r', Some(b'#')) if bytes.get(i + 2) == Some(&b'"') => {
                let end = text[i + 3..]
                    .find("\"#")
                    .map_or(bytes.len(), |at| i + 3 + at + 2);
                i = end;
                out.push_str("\"\"");
            }
            (b'\'', Some(b'\\')) => {
                // A character literal such as `'\''`.
                i += 2;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            }
            (b'\'', _) if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            (b'"', _) => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            (byte, _) => {
                out.push(byte as char);
                i += 1;
            }
        }
    }
    out
}

/// The top-level modules that `code` names through `crate::`.
fn used_modules(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue; // `$crate::` or `tldoc_crate::`, not a path of this crate
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c};`: the first segment of each item.
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            used.extend(
                inner
                    .split(',')
                    .map(|item| ident(item.trim()))
                    .filter(|name| !name.is_empty()),
            );
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                used.insert(name);
            }
        }
    }
    used
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src/ is readable");
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let Some(module) = module_of(path.strip_prefix(&src).unwrap()) else {
            continue;
        };
        let text = std::fs::read_to_string(path).expect("a source file is UTF-8");
        let uses = graph.entry(module.clone()).or_default();
        uses.extend(
            used_modules(&code_only(&text))
                .into_iter()
                .filter(|used| *used != module),
        );
    }
    graph
}

/// A cycle of `graph`, as the modules along it (the first repeated at the end), if it has one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        module: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(module) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|m| m == module).unwrap();
                let mut cycle = path[start..].to_vec();
                cycle.push(module.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(module.to_owned(), Mark::Open);
        path.push(module.to_owned());
        for used in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(used, graph, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(module.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|module| visit(module, graph, &mut marks, &mut Vec::new()))
}

/// The modules in layers: each uses only modules of the layers before it.
fn layers(graph: &Graph) -> Vec<Vec<String>> {
    let mut placed = BTreeSet::new();
    let mut layers = Vec::new();
    while placed.len() < graph.len() {
        let layer: Vec<String> = graph
            .iter()
            .filter(|(module, uses)| !placed.contains(*module) && uses.is_subset(&placed))
            .map(|(module, _)| module.clone())
            .collect();
        assert!(!layer.is_empty(), "a cycle is left among the modules");
        placed.extend(layer.iter().cloned());
        layers.push(layer);
    }
    layers
}

#[test]
fn no_module_uses_one_that_uses_it_back() {
    let graph = graph();
    assert!(graph.contains_key("site") && graph.contains_key("diagnostic"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("modules in a circle: {}", cycle.join(" → "));
    }
    // `cargo test --test module_graph -- --nocapture` prints the layers, lowest first, to check
    // the README's picture against.
    for (depth, layer) in layers(&graph).iter().enumerate() {
        println!("{depth}: {}", layer.join(", "));
    }
}

#[test]
fn low_modules_stay_low() {
    // The modules every other one may use must not themselves reach into the pipeline.
    let graph = graph();
    for (module, allowed) in [
        ("diagnostic", &[][..]),
        ("html", &[]),
        ("source", &["diagnostic"]),
        ("tl", &["diagnostic"]),
        ("term", &["model"]),
    ] {
        let uses = &graph[module];
        let extra: Vec<_> = uses
            .iter()
            .filter(|used| !allowed.contains(&used.as_str()))
            .collect();
        assert!(extra.is_empty(), "`{module}` uses {extra:?}");
    }
}

/// The arrows of `graph` that no path through other modules implies: what a picture of it shows.
fn reduced(graph: &Graph) -> BTreeSet<(String, String)> {
    let reaches = |from: &str, to: &str, skipped: (&str, &str)| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(module) = stack.pop() {
            for used in graph.get(&module).into_iter().flatten() {
                if (module.as_str(), used.as_str()) != skipped && seen.insert(used.clone()) {
                    stack.push(used.clone());
                }
            }
        }
        seen.contains(to)
    };
    graph
        .iter()
        .flat_map(|(module, uses)| uses.iter().map(move |used| (module, used)))
        .filter(|(module, used)| !reaches(module, used, (module, used)))
        .map(|(module, used)| (module.clone(), used.clone()))
        .collect()
}

/// The solid arrows of the README's Mermaid picture of the modules (`a & b --> c`); dashed ones
/// (`-.->`) are planned and not checked.
fn pictured(readme: &str) -> BTreeSet<(String, String)> {
    let picture = readme
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a Mermaid picture in the README");
    let names = |side: &str| -> Vec<String> {
        side.split('&')
            .map(|name| name.trim().split('[').next().unwrap_or("").to_owned())
            .filter(|name| !name.is_empty())
            .collect()
    };
    let mut arrows = BTreeSet::new();
    for line in picture.lines() {
        if let Some((from, to)) = line.split_once("-->") {
            for module in names(from) {
                for used in names(to) {
                    arrows.insert((module.clone(), used));
                }
            }
        }
    }
    arrows
}

#[test]
fn the_readme_pictures_the_modules_as_they_are() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("the README");
    let shown = pictured(&readme);
    let real = reduced(&graph());
    let missing: Vec<_> = real.difference(&shown).collect();
    let wrong: Vec<_> = shown.difference(&real).collect();
    assert!(
        missing.is_empty() && wrong.is_empty(),
        "the README's picture of the modules is out of date: it lacks {missing:?}, and shows \
         {wrong:?}, arrows that are not uses or that other arrows imply"
    );
}

#[test]
fn the_check_sees_circles_and_uses() {
    // The checks above pass on the real tree; these show they would not on a bad one.
    assert_eq!(
        used_modules(&code_only(
            "use crate::a::B;\n// crate::comment\nlet s = \"crate::string\";\nuse crate::{c, d::E};\n\
             fn f() { crate::e::f() }\n/* crate::block */"
        )),
        ["a", "c", "d", "e"].map(str::to_owned).into()
    );
    let mut graph = Graph::new();
    graph.insert("a".into(), ["b".into()].into());
    graph.insert("b".into(), ["c".into()].into());
    graph.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&graph), None);
    assert_eq!(layers(&graph), [vec!["c"], vec!["b"], vec!["a"]]);
    graph.get_mut("a").unwrap().insert("c".into());
    let arrows = |list: &[(&str, &str)]| -> BTreeSet<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    assert_eq!(reduced(&graph), arrows(&[("a", "b"), ("b", "c")]));
    assert_eq!(
        pictured("x\n```mermaid\nflowchart BT\n  a & b --> c[\"c::d\"]\n  a -.-> z\n```\n"),
        arrows(&[("a", "c"), ("b", "c")])
    );
    graph.get_mut("c").unwrap().insert("a".into());
    assert_eq!(
        find_cycle(&graph).unwrap(),
        ["a", "b", "c", "a"].map(str::to_owned)
    );
}
