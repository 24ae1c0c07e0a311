//! Text from the schema, the CSV files and front matter is data: whatever it holds renders as
//! text, in element content, in attributes, in the search index's JSON and in the sitemap's XML.
//! Raw HTML written in a page's Markdown body is published as written.

mod common;

use std::collections::BTreeMap;

use common::TestSite;

/// What could break out of a context, were it pasted in unescaped: the end of a script, the end
/// of an attribute and a tag with a handler, a Tera expression, a quote and an ampersand.
const PAYLOAD: &str = r#"</script>"><img src=x onerror=alert(1)> {{ site.title }} ' & <b>bold</b>"#;

fn site() -> TestSite {
    let schema = format!(
        "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n\
         //@description {PAYLOAD} A peer.\n//@id Its id. {PAYLOAD}\npeer id:int = Peer;\n\
         ---functions---\n\
         //@description {PAYLOAD} Logs in.\n//@phone The phone. {PAYLOAD}\n\
         auth.logIn phone:string = Bool;\n\
         auth.logOut reason:string = Bool;\n"
    );
    let csv_payload = PAYLOAD.replace('"', "\"\"");
    let yaml_payload = PAYLOAD.replace('\'', "''");
    let logout = format!(
        "---\n\
         description: '{yaml_payload}'\n\
         params:\n  reason: '{yaml_payload}'\n\
         errors:\n\
         \x20 - code: 400\n    type: '{yaml_payload}'\n    description: '{yaml_payload}'\n\
         \x20 - code: 401\n    type: EVIL_LINK\n    description: '[click](javascript:alert(1))'\n\
         related:\n  - 'javascript:alert(1)'\n  - ' JavaScript:alert(2)'\n  - ../guide.md\n\
         ---\n\
         <div class=\"raw\">Raw HTML in the body is the author's own.</div>\n"
    );
    TestSite::new(&[
        ("schema/api.tl", &schema),
        (
            "schema/errors.csv",
            &format!("name,codes,description\nPHONE_BAD,400,\"{csv_payload}\"\n"),
        ),
        (
            "schema/methods.csv",
            "method,usability,errors\nauth.logIn,both,PHONE_BAD\n",
        ),
        (
            "tldoc.yaml",
            &format!(
                "title: '{yaml_payload}'\nlinks: warn\nexamples: []\n\
                 base_url: 'https://example.org/docs?a=1&b=\"x\"<y>'\n"
            ),
        ),
        ("content/methods/auth.logOut.md", &logout),
        (
            "content/guide.md",
            &format!("---\ntitle: '{yaml_payload}'\n---\n# Guide\n"),
        ),
    ])
}

/// Every file of the built site, by path.
fn built() -> BTreeMap<String, String> {
    let site = site();
    site.run(&["build", "."]).success().stdout_has("wrote ");
    site.files("public")
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// The start tags of a page with their attributes, as a browser's tokenizer reads them.
fn tags(html: &str) -> Vec<(String, BTreeMap<String, String>)> {
    html5gum::Tokenizer::new(html)
        .filter_map(|token| match token.unwrap() {
            html5gum::Token::StartTag(tag) => Some((
                String::from_utf8_lossy(&tag.name).into_owned(),
                tag.attributes
                    .iter()
                    .map(|(name, value)| {
                        (
                            String::from_utf8_lossy(name).into_owned(),
                            String::from_utf8_lossy(value).into_owned(),
                        )
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn no_text_from_the_schema_csv_or_front_matter_becomes_markup() {
    let files = built();
    let mut pages = 0;
    for (path, html) in files.iter().filter(|(path, _)| path.ends_with(".html")) {
        pages += 1;
        for (name, attributes) in tags(html) {
            assert!(
                name != "img" && name != "b",
                "{path}: a <{name}> from the payload became markup"
            );
            for (attribute, value) in &attributes {
                assert!(
                    !attribute.starts_with("on"),
                    "{path}: <{name} {attribute}> is a handler from the payload"
                );
                assert!(
                    !value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{path}: <{name} {attribute}=\"{value}\"> runs a script"
                );
            }
        }
        assert!(!html.contains("{{") || html.contains("{{ site.title }}"));
    }
    assert!(pages > 10);
}

#[test]
fn each_text_renders_as_text_where_it_is_shown() {
    let files = built();
    let escaped = "&lt;&#x2F;script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    let escaped_by_tldoc = "&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    let shows_payload = |page: &str| {
        let html = &files[page];
        html.matches(escaped).count() + html.matches(escaped_by_tldoc).count()
    };
    // The schema's documentation, the parameter's, and the CSV's error description.
    assert!(shows_payload("methods/auth.logIn.html") >= 3);
    assert!(shows_payload("constructors/peer.html") >= 2);
    // Front matter: description, parameter, error type and description.
    assert!(shows_payload("methods/auth.logOut.html") >= 4);
    // The site's and a page's title, in <title> and <h1>.
    assert!(shows_payload("guide.html") >= 2);
    let logout = &files["methods/auth.logOut.html"];
    assert!(logout.contains("<div class=\"raw\">Raw HTML in the body is the author's own.</div>"));
    // The link to a script is its words alone; the related script links are not published.
    assert!(logout.contains("<td>click</td>") || logout.contains(">click<"));
    assert!(!logout.to_ascii_lowercase().contains("javascript:"));
    // In an attribute: the page's description and the canonical link.
    let canonical = tags(logout)
        .into_iter()
        .find(|(name, attributes)| name == "link" && attributes["rel"] == "canonical")
        .expect("a canonical link");
    assert_eq!(
        canonical.1["href"],
        "https://example.org/docs?a=1&b=\"x\"<y>/methods/auth.logOut.html"
    );
    let description = tags(logout)
        .into_iter()
        .find(|(name, attributes)| {
            name == "meta" && attributes.get("name").is_some_and(|n| n == "description")
        })
        .expect("a description");
    assert!(description.1["content"].contains("onerror=alert(1)>"));
}

#[test]
fn the_search_index_is_json_holding_the_text() {
    let files = built();
    let script = &files["search-index.js"];
    let json = script
        .strip_prefix("window.tldocSearchIndex = ")
        .and_then(|rest| rest.strip_suffix(";\n"))
        .expect("the index is one assignment");
    let index: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    let summary = |kind: &str, name: &str| {
        index[kind]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry[0] == name)
            .map(|entry| entry[1].as_str().unwrap().to_owned())
            .unwrap()
    };
    // The summary is plain text: the schema's documentation as written, front matter's as
    // the words its Markdown shows.
    assert!(summary("methods", "auth.logIn").contains(PAYLOAD));
    assert!(summary("constructors", "peer").contains(PAYLOAD));
    assert!(summary("methods", "auth.logOut").contains("onerror=alert(1)>"));
}

#[test]
fn the_sitemap_is_well_formed_xml() {
    let files = built();
    let sitemap = &files["sitemap.xml"];
    let mut locations = 0;
    for loc in sitemap.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap();
        locations += 1;
        assert!(!url.contains('<') && !url.contains('"'), "{url}");
        for (at, _) in url.match_indices('&') {
            let entity = &url[at..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "a bare `&` in {url}"
            );
        }
    }
    assert!(locations > 5);
}
