//! The schema as data: `schema.json` carries every constructor and method with the schema's id,
//! `tldoc.json` validates against its committed JSON Schema, the Atom feed of the history parses
//! as Atom with an entry per layer, and `llms.txt` and the Markdown copies link to files that
//! exist.

mod common;

use std::collections::HashMap;
use std::path::Path;

use tldoc::site::Site;

/// Every file the site at `root` builds to, by path.
fn build(root: &Path) -> HashMap<String, Vec<u8>> {
    let site = Site::load(root);
    let build = site.build();
    let Some(files) = build.files else {
        panic!(
            "the build failed:\n{}",
            build.diagnostics.render(&site.sources, false)
        );
    };
    files.into_iter().collect()
}

fn json(files: &HashMap<String, Vec<u8>>, path: &str) -> serde_json::Value {
    serde_json::from_slice(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `name → id` of every `name#id` definition of the `.tl` files of `dir`, read off the text
/// with no help from tldoc's parser.
fn declared_ids(dir: &Path) -> (HashMap<String, u32>, HashMap<String, u32>) {
    let mut constructors = HashMap::new();
    let mut methods = HashMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "tl") {
            continue;
        }
        let mut functions = false;
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let line = line.trim();
            match line {
                "---functions---" => functions = true,
                "---types---" => functions = false,
                _ => {}
            }
            let Some((name, rest)) = line.split_once('#') else {
                continue;
            };
            if line.starts_with("//") || name.contains(' ') || name.is_empty() {
                continue;
            }
            let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
            let Ok(id) = u32::from_str_radix(&hex, 16) else {
                continue;
            };
            let map = if functions {
                &mut methods
            } else {
                &mut constructors
            };
            map.insert(name.to_owned(), id);
        }
    }
    (constructors, methods)
}

/// `schema.json`'s `name → id` of `list` (`constructors` or `methods`), named by `key`.
fn exported_ids(schema: &serde_json::Value, list: &str, key: &str) -> HashMap<String, u32> {
    schema[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let id: i32 = entry["id"].as_str().unwrap().parse().unwrap();
            (entry[key].as_str().unwrap().to_owned(), id as u32)
        })
        .collect()
}

#[test]
fn schema_json_has_every_definition_of_layer_190_with_its_id() {
    let Some(site) = common::shared("telegram-190") else {
        return;
    };
    let files = build(&site);
    let schema = json(&files, "schema.json");
    let (constructors, methods) = declared_ids(&site.join("schema"));
    assert!(constructors.len() > 1000 && methods.len() > 500);
    let exported = exported_ids(&schema, "constructors", "predicate");
    for (name, id) in &constructors {
        assert_eq!(exported.get(name), Some(id), "constructor {name}");
    }
    let exported = exported_ids(&schema, "methods", "method");
    for (name, id) in &methods {
        assert_eq!(exported.get(name), Some(id), "method {name}");
    }
}

#[test]
fn schema_json_reads_as_core_telegram_orgs_format() {
    let files = build(common::sample_root());
    let schema = json(&files, "schema.json");
    let (constructors, methods) = declared_ids(&common::sample_root().join("schema"));
    assert_eq!(
        exported_ids(&schema, "constructors", "predicate"),
        constructors
    );
    assert_eq!(exported_ids(&schema, "methods", "method"), methods);
    let user = schema["constructors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["predicate"] == "user")
        .unwrap();
    let params = user["params"].as_array().unwrap();
    assert_eq!(params[0], serde_json::json!({"name": "flags", "type": "#"}));
    assert!(
        params
            .iter()
            .any(|p| p["type"].as_str().unwrap().starts_with("flags.")
                && p["type"].as_str().unwrap().contains('?')),
        "conditional parameters are written `flags.N?Type`: {params:?}"
    );
    assert_eq!(user["type"], "User");
}

fn validator() -> jsonschema::Validator {
    let path = common::sample_root().join("docs/tldoc-json.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft202012::new(&schema).expect("the JSON Schema is valid")
}

fn assert_valid(validator: &jsonschema::Validator, data: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(data)
        .take(10)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "tldoc.json is invalid:\n{}",
        errors.join("\n")
    );
}

#[test]
fn tldoc_json_validates_against_its_schema() {
    let validator = validator();
    let files = build(common::sample_root());
    let data = json(&files, "tldoc.json");
    assert_valid(&validator, &data);
    // The sample site's history shows in it: its layers, and an entity's changes.
    assert!(data["layers"].as_array().unwrap().len() >= 2);
    let method = data["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "account.changeAuthorizationSettings")
        .unwrap();
    assert_eq!(method["bots"], false);
    assert_eq!(method["id"], "40f48462");
    assert_eq!(method["id_decimal"], 0x40f48462);
    assert_eq!(method["description"]["source"], "content");
    assert_eq!(method["since"], 189);
    assert_eq!(method["changes"][0]["change"], "added");
    // The validation can fail: a wrong id, a missing field.
    let mut broken = data.clone();
    broken["methods"][0]["id"] = serde_json::json!("not hex");
    assert!(!validator.is_valid(&broken));
    let mut broken = data;
    broken["types"][0]
        .as_object_mut()
        .unwrap()
        .remove("constructors");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn tldoc_json_of_layer_190_validates() {
    let Some(site) = common::shared("telegram-190") else {
        return;
    };
    let files = build(&site);
    assert_valid(&validator(), &json(&files, "tldoc.json"));
}

#[test]
fn the_atom_feed_has_an_entry_per_layer_newest_first() {
    let root = common::sample_root();
    let files = build(root);
    let text = std::str::from_utf8(&files["changes/atom.xml"]).unwrap();
    let feed = roxmltree::Document::parse(text).expect("the feed is XML");
    let atom = "http://www.w3.org/2005/Atom";
    let top = feed.root_element();
    assert_eq!(top.tag_name().namespace(), Some(atom));
    assert_eq!(top.tag_name().name(), "feed");
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text().map(str::to_owned))
            .unwrap_or_else(|| panic!("no {name} in {:?}", node.tag_name()))
    };
    for required in ["id", "title", "updated"] {
        child(top, required);
    }
    let entries: Vec<_> = top
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    let site = Site::load(root);
    let mut versions = site.history.as_ref().unwrap().versions().to_vec();
    versions.reverse();
    let titles: Vec<String> = entries.iter().map(|e| child(*e, "title")).collect();
    let expected: Vec<String> = versions
        .iter()
        .map(|v| format!("Layer {}", v.layer().unwrap()))
        .collect();
    assert_eq!(titles, expected);
    let mut ids = std::collections::HashSet::new();
    for entry in &entries {
        assert!(ids.insert(child(*entry, "id")), "entry ids are unique");
        child(*entry, "updated");
        child(*entry, "summary");
        let href = entry
            .children()
            .find(|c| c.has_tag_name((atom, "link")))
            .and_then(|l| l.attribute("href"))
            .unwrap();
        assert!(files.contains_key(&format!("changes/{href}")), "{href}");
    }
    // Every page links to it.
    let page = std::str::from_utf8(&files["methods/auth.logOut.html"]).unwrap();
    assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml" title="Changes by layer" href="../changes/atom.xml">"#));
}

/// The targets of the inline Markdown links `[text](target)` of `text` that lead into the site.
fn markdown_links(text: &str) -> Vec<&str> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            let end = rest.find(')')?;
            Some(&rest[..end])
        })
        .filter(|target| !target.contains("://") && !target.is_empty())
        .collect()
}

/// `target` relative to the file at `from`, as a path from the root.
fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// The ids of the elements of an HTML page, read off its text.
fn ids(html: &str) -> std::collections::HashSet<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(at, found)| {
            let rest = &html[at + found.len()..];
            Some(&rest[..rest.find('"')?])
        })
        .collect()
}

/// Every link of the Markdown `text`, a file at `from`, leads to a file of `files`, and its
/// fragment, if any, to an element of that page; returns how many links it checked.
fn assert_links_resolve(files: &HashMap<String, Vec<u8>>, from: &str, text: &str) -> usize {
    let links = markdown_links(text);
    for link in &links {
        let (target, fragment) = link.split_once('#').unwrap_or((link, ""));
        let path = if target.is_empty() {
            from.to_owned()
        } else {
            resolve(from, target)
        };
        let Some(bytes) = files.get(&path) else {
            panic!("{from} links to {link}: no {path}");
        };
        if !fragment.is_empty() && path.ends_with(".html") {
            let page = std::str::from_utf8(bytes).unwrap();
            assert!(
                ids(page).contains(fragment),
                "{from} links to {link}: no such anchor"
            );
        }
    }
    links.len()
}

/// `llms.txt` and the Markdown copies of the site at `root` exist and link to files, and
/// anchors, that exist; so do the links of `tldoc export --format markdown`'s one document.
fn assert_copies_link_correctly(root: &Path) -> HashMap<String, Vec<u8>> {
    let files = build(root);
    let llms = std::str::from_utf8(&files["llms.txt"]).unwrap();
    assert!(llms.contains("\n## Reference\n"));
    assert!(
        assert_links_resolve(&files, "llms.txt", llms) >= 6,
        "{llms}"
    );
    for (path, bytes) in &files {
        let Some(html) = path.strip_suffix(".md") else {
            continue;
        };
        let html = format!("{html}.html");
        assert!(files.contains_key(&html), "{path} has no page beside it");
        let page = std::str::from_utf8(&files[&html]).unwrap();
        let name = path.rsplit('/').next().unwrap();
        assert!(
            page.contains(&format!(
                r#"<link rel="alternate" type="text/markdown" href="{name}">"#
            )),
            "{html} links to its copy"
        );
        assert_links_resolve(&files, path, std::str::from_utf8(bytes).unwrap());
    }
    // The document of every copy stands at the root.
    let document = Site::load(root).markdown_copies().unwrap();
    assert!(assert_links_resolve(&files, "export.md", &document) > 0);
    files
}

#[test]
fn llms_txt_and_the_markdown_copies_link_to_files_that_exist() {
    let files = assert_copies_link_correctly(common::sample_root());
    let llms = std::str::from_utf8(&files["llms.txt"]).unwrap();
    assert!(llms.starts_with("# tldoc sample reference\n\n> "), "{llms}");
    let copies = files.keys().filter(|path| path.ends_with(".md")).count();
    let site = Site::load(common::sample_root());
    let schema = &site.schema;
    assert_eq!(
        copies,
        schema.methods.len() + schema.constructors.len() + schema.types.len()
    );
}

#[test]
fn layer_190s_copies_link_correctly_even_where_its_content_does_not() {
    // Its content links to copies of entities layer 190 lacks: `DecryptedMessage` (of the
    // secret-chat schema) and the removed `updateGroupInvitePrivacyForbidden`.
    let Some(site) = common::shared("telegram-190") else {
        return;
    };
    let files = assert_copies_link_correctly(&site);
    let copy = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    assert!(
        copy("constructors/encryptedMessageService.md")
            .contains("TL-serialization of the DecryptedMessage type")
    );
}
