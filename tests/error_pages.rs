//! The pages of RPC errors: one per error that errors.csv, methods.csv or front matter names, a
//! family (`FLOOD_WAIT_X`) as one page listing every method that may return one of its members,
//! the index grouped by code, and the links to them from each method's table of errors.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{TestSite, shared};
use tldoc::site::Site;

/// Every page of the site at `root`, built in memory, as text.
fn pages(root: &Path) -> BTreeMap<String, String> {
    let build = Site::load(root).build();
    let files = build.files.expect("the site builds");
    files
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// The targets of the links in the main part of `html` (not its header or sidebar) that start
/// with `prefix`.
fn links<'h>(html: &'h str, prefix: &str) -> Vec<&'h str> {
    let needle = format!("href=\"{prefix}");
    let main = html.find("<main").map_or(html, |at| &html[at..]);
    main.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &main[at + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn errors_have_pages_that_list_the_methods_returning_them() {
    let site = TestSite::new(&[
        (
            "schema/api.tl",
            "boolTrue#997275b5 = Bool;\n---functions---\na.one = Bool;\na.two = Bool;\n",
        ),
        (
            "schema/errors.csv",
            "name,codes,description\nFLOOD_WAIT_X,420,A wait of {seconds} seconds is required\n\
             PEER_ID_INVALID,400 403,The peer is invalid\nUNUSED,500,Returned by nothing\n",
        ),
        (
            "schema/methods.csv",
            "method,usability,errors\na.one,both,FLOOD_WAIT_3 PEER_ID_INVALID\na.two,user,FLOOD_WAIT_X\n",
        ),
        (
            "content/methods/a.two.md",
            "---\nerrors:\n  - code: 420\n    type: FLOOD_WAIT_5\n  - code: 400\n    type: ONLY_IN_FRONT\n  - code: 400\n    type: NOT A NAME\n---\n",
        ),
    ]);
    let pages = pages(site.path());
    let flood = &pages["errors/FLOOD_WAIT_X.html"];
    // Front matter wins over methods.csv for a.two, and names a member of the family too.
    assert_eq!(links(flood, "../methods/"), ["a.one.html", "a.two.html"]);
    assert!(flood.contains("A wait of {seconds} seconds is required"));
    assert!(flood.contains("<code>FLOOD_WAIT_42</code>"));
    assert_eq!(
        links(&pages["errors/ONLY_IN_FRONT.html"], "../methods/"),
        ["a.two.html"]
    );
    assert!(links(&pages["errors/UNUSED.html"], "../methods/").is_empty());
    // A name that cannot be a file name has no page, and no link.
    assert!(!pages.keys().any(|path| path.contains("NOT A NAME")));
    assert!(pages["methods/a.two.html"].contains("<code>NOT A NAME</code>"));
    // Each method's errors link to their pages.
    assert_eq!(
        links(&pages["methods/a.one.html"], "../errors/"),
        ["FLOOD_WAIT_X.html", "PEER_ID_INVALID.html"]
    );
    assert_eq!(
        links(&pages["methods/a.two.html"], "../errors/"),
        ["FLOOD_WAIT_X.html", "ONLY_IN_FRONT.html"]
    );
    // The index groups them by code, an error of two codes under each.
    let index = &pages["errors/index.html"];
    let sections: Vec<&str> = index
        .split("<section aria-labelledby=\"")
        .skip(1)
        .map(|section| &section[..section.find('"').unwrap()])
        .collect();
    assert_eq!(sections, ["code-400", "code-403", "code-420", "code-500"]);
    assert_eq!(links(index, "PEER_ID_INVALID").len(), 2);
    assert!(pages["sitemap.xml"].contains("errors/FLOOD_WAIT_X.html"));
}

#[test]
fn every_error_of_layer_190_has_a_page_and_every_method_links_to_its_errors() {
    let Some(root) = shared("telegram-190") else {
        return;
    };
    let pages = pages(&root);
    let csv = std::fs::read_to_string(root.join("schema/errors.csv")).unwrap();
    let names: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap())
        .collect();
    assert!(names.len() > 500);
    for name in &names {
        assert!(
            pages.contains_key(&format!("errors/{name}.html")),
            "{name} has no page"
        );
    }
    let mut linked = 0;
    for (path, html) in &pages {
        if !path.starts_with("methods/") {
            continue;
        }
        // Every row of the table of errors links to a page the site has.
        let rows = html.matches("<tr id=\"error-").count();
        let targets: Vec<&str> = links(html, "../errors/")
            .into_iter()
            .filter(|target| *target != "index.html")
            .collect();
        assert_eq!(rows, targets.len(), "{path}: not every error links");
        for target in targets {
            assert!(
                pages.contains_key(&format!("errors/{target}")),
                "{path} links to the missing errors/{target}"
            );
            linked += 1;
        }
    }
    assert!(linked > 500, "only {linked} links to errors");
}
