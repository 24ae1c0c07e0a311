//! `tldoc build`: fixture sites built into temporary directories, and the real layer-190 site.

mod common;

use std::collections::BTreeMap;

use common::{SCHEMA, TestSite, sample_root, shared, tldoc, tree};

/// The `href`s of an HTML page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

/// Checks that every relative link of every page leads to a file of the site, and every
/// fragment to an id on that page. Returns the broken ones.
fn broken_links(files: &BTreeMap<String, Vec<u8>>, check_fragments: bool) -> Vec<String> {
    let mut ids: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (path, bytes) in files {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            let found = html
                .split(" id=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .map(str::to_owned)
                .collect();
            ids.insert(path, found);
        }
    }
    let mut broken = Vec::new();
    for (path, bytes) in files {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        for href in hrefs(&html) {
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (target, fragment) = match href.split_once('#') {
                Some((target, fragment)) => (target, Some(fragment)),
                None => (href.as_str(), None),
            };
            // A query (the search page's `?q=` examples) is for the page's script.
            let target = target.split_once('?').map_or(target, |(page, _)| page);
            let resolved = if target.is_empty() {
                Some(path.clone())
            } else {
                tldoc::content::resolve_relative(dir, target)
            };
            let ok = resolved.as_ref().is_some_and(|resolved| {
                files.contains_key(resolved)
                    && (!check_fragments
                        || fragment.is_none_or(|fragment| {
                            ids.get(resolved.as_str())
                                .is_some_and(|ids| ids.iter().any(|id| id == fragment))
                        }))
            });
            if !ok {
                broken.push(format!("{path}: {href}"));
            }
        }
    }
    broken
}

#[test]
fn the_sample_site_builds_with_every_page_and_no_broken_link() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("site");
    tldoc(sample_root(), &["build", "-o", out_dir.to_str().unwrap()])
        .success()
        .stdout_has("wrote ");
    let files = tree(&out_dir);
    for path in [
        "index.html",
        "methods/index.html",
        "constructors/index.html",
        "types/index.html",
        "builtins.html",
        "404.html",
        "sitemap.xml",
        ".nojekyll",
        "assets/style.css",
        "methods/account.resetAuthorization.html",
        "constructors/authorization.html",
        "types/Authorization.html",
        "guides/sessions.html",
    ] {
        assert!(files.contains_key(path), "{path} is missing");
    }
    assert_eq!(broken_links(&files, true), Vec::<String>::new());
    let page =
        String::from_utf8_lossy(&files["methods/account.resetAuthorization.html"]).into_owned();
    assert!(page.contains("<a class=\"tl-type\" href=\"../builtins.html#long\">long</a>"));
    assert!(page.contains("Can bots use this method?"));
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    for out in [&first, &second] {
        let dir = out.path().join("site");
        tldoc(sample_root(), &["build", "-o", dir.to_str().unwrap()])
            .success()
            .stdout_has("wrote ");
    }
    assert!(tree(&first.path().join("site")) == tree(&second.path().join("site")));
}

#[test]
fn a_broken_link_in_content_fails_the_build_and_writes_nothing() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "content/methods/auth.logOut.md",
            "---\ndescription: Logs out.\n---\nSee [gone](../methods/auth.gone.md) for more.\n",
        ),
    ]);
    site.run(&["build"])
        .failure()
        .stderr_has("error: broken link: `../methods/auth.gone.md` leads to no page\n --> content/methods/auth.logOut.md:4:5")
        .stderr_has("nothing was written");
    assert!(!site.has("public"));
}

#[test]
fn with_links_warn_a_broken_link_is_a_warning() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "links: warn\n"),
        (
            "content/methods/auth.logOut.md",
            "---\ndescription: See [gone](../methods/auth.gone.md).\n---\n",
        ),
    ]);
    site.run(&["build"])
        .success()
        .stderr_has("warning: broken link: `../methods/auth.gone.md` leads to no page\n --> content/methods/auth.logOut.md:2:25");
    assert!(site.has("public/methods/auth.logOut.html"));
}

#[test]
fn links_to_entities_without_content_files_are_rewritten() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "content/guides/start.md",
            "---\ntitle: Start\n---\nCall [log out](../methods/auth.logOut.md) or `auth.logOut`.\n",
        ),
    ]);
    site.run(&["build"]).success().quiet();
    site.check_file_contains(
        "public/guides/start.html",
        "href=\"../methods/auth.logOut.html\">log out</a>",
    )
    .check_file_contains(
        "public/guides/start.html",
        "<a href=\"../methods/auth.logOut.html\"><code>auth.logOut</code></a>",
    );
}

#[test]
fn unknown_front_matter_keys_are_errors() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "content/methods/auth.logOut.md",
            "---\ndescription: Logs out.\nbot: true\n---\n",
        ),
    ]);
    site.run(&["build"])
        .failure()
        .stderr_has("unknown field `bot`")
        .stderr_has("--> content/methods/auth.logOut.md:3:1");
}

#[test]
fn content_for_an_entity_the_schema_lacks_is_a_warning() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "content/methods/auth.gone.md",
            "---\ndescription: Gone.\n---\n",
        ),
    ]);
    site.run(&["build"])
        .success()
        .stderr_has("warning: content for an unknown method `auth.gone`")
        .stderr_has("content/methods/auth.gone.md");
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let site = TestSite::new(&[("schema/api.tl", SCHEMA)]);
    site.run(&["build"]).success().stdout_has("wrote ");
    let before = site.files("public");
    site.write("schema/api.tl", "broken = \n");
    site.run(&["build"])
        .failure()
        .stderr_has("error: expected")
        .stderr_has("nothing was written");
    assert!(site.files("public") == before);
}

#[test]
fn a_build_that_fails_while_rendering_leaves_the_previous_output_and_nothing_beside_it() {
    let site = TestSite::new(&[("schema/api.tl", SCHEMA)]);
    site.run(&["build"]).success().stdout_has("wrote ");
    let before = site.files("public");
    // Found only once pages are being rendered and written: a link that leads nowhere.
    site.write(
        "content/methods/auth.logOut.md",
        "---\ndescription: Logs out.\n---\nSee [gone](gone.md).\n",
    );
    site.run(&["build"])
        .failure()
        .stderr_has("broken link: `gone.md` leads to no page")
        .stderr_has("nothing was written");
    assert!(site.files("public") == before);
    // What was written of the failed build is gone too.
    let mut beside: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["content", "public", "schema"]);
}

#[test]
fn refuses_to_write_over_the_site_or_files_it_did_not_write() {
    let site = TestSite::new(&[("schema/api.tl", SCHEMA), ("notes/mine.txt", "keep me\n")]);
    site.run(&["build", "-o", "."])
        .failure()
        .stderr_has("refusing to write the output into `.`: it is the site itself");
    site.run(&["build", "-o", "schema"])
        .failure()
        .stderr_has("refusing to write the output into `schema`: it is the site's `schema/`");
    site.run(&["build", "-o", "notes"])
        .failure()
        .stderr_has("it holds `mine.txt`, which tldoc did not write");
    assert_eq!(site.read("notes/mine.txt"), "keep me\n");
    // Its own previous output it replaces.
    site.run(&["build"]).success().stdout_has("wrote ");
    site.run(&["build"]).success().stdout_has("wrote ");
    site.check_file_list("notes", &["mine.txt"]);
}

#[test]
fn the_real_layer_190_site() {
    let Some(source) = shared("telegram-190") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("site");
    tldoc(&source, &["build", "-o", out_dir.to_str().unwrap()])
        .success()
        .stdout_has("wrote ");
    let files = tree(&out_dir);
    let site = tldoc::site::Site::load(&source);
    for method in &site.schema.methods {
        assert!(
            files.contains_key(&format!("methods/{}.html", method.name)),
            "{}",
            method.name
        );
    }
    for constructor in &site.schema.constructors {
        assert!(files.contains_key(&format!("constructors/{}.html", constructor.name)));
    }
    for ty in &site.schema.types {
        assert!(files.contains_key(&format!("types/{}.html", ty.name)));
    }
    // Fragments are not checked here: some descriptions link to headings of the official site
    // that their pages never had (`tldoc check --links` reports those).
    let broken: Vec<String> = broken_links(&files, false);
    assert!(
        broken.is_empty(),
        "{} broken links, e.g. {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );

    // What the reference pages in ../shared show for account.resetAuthorization, ours shows too.
    let page =
        String::from_utf8_lossy(&files["methods/account.resetAuthorization.html"]).into_owned();
    for expected in [
        "Log out an active",
        "<code>hash</code>",
        "href=\"../builtins.html#long\">long</a>",
        "Session hash",
        "href=\"../types/Bool.html\">Bool</a>",
        "boolTrue",
        "HASH_INVALID",
        "Can bots use this method?",
        "account.resetAuthorization",
        "#df77f3bc",
        "../methods/index.html",
    ] {
        assert!(page.contains(expected), "the page lacks {expected:?}");
    }
}

#[test]
fn a_template_syntax_error_names_the_site_template_line_and_column() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "templates/type.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ entity.name \n{% endblock %}\n",
        ),
    ]);
    site.run(&["build"])
        .failure()
        .stderr_has(
            "error: template error: Found `{` but expected }}.\n --> templates/type.html:4:1",
        )
        .stderr_has("build failed with 1 error; nothing was written");
    assert!(!site.has("public"));
}

#[test]
fn template_reference_errors_are_each_located_in_the_site_template() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "templates/type.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | shout }}\n\
             {% endblock main %}\n",
        ),
    ]);
    let run = site.run(&["build"]);
    run.failure()
        .stderr_has(
            "error: template error: Block `main` is not defined in any parent template\n \
             --> templates/type.html:2:10",
        )
        .stderr_has("error: template error: Unknown filter `shout`\n --> templates/type.html:3:17")
        .stderr_has("build failed with 2 errors; nothing was written");
    // Tera's own rendering of the reports is not passed on inside ours.
    assert!(!run.stderr.contains("error: template error: error:"));
}

#[test]
fn an_example_template_error_is_reported_once_not_once_per_method() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "templates/examples/python.py",
            "print({{ example.nope }})\n",
        ),
    ]);
    let run = site.run(&["build"]);
    run.failure()
        .stderr_has("error: template error: Field `nope` is not defined.")
        .stderr_has(" --> templates/examples/python.py:1:18")
        .stderr_has("build failed with 1 error; nothing was written");
    assert_eq!(run.stderr.matches("template error").count(), 1);
}

#[test]
fn an_example_language_without_a_template_is_an_error_in_the_config() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "examples: [python, kotlin]\n"),
    ]);
    let run = site.run(&["build"]);
    run.failure()
        .stderr_has("error: no template for the example language `kotlin`\n --> tldoc.yaml:1:20")
        .stderr_has("add `templates/examples/kotlin.EXT`, or remove `kotlin` from `examples`");
    assert_eq!(run.stderr.matches("no template").count(), 1);
}

#[test]
fn a_new_example_language_is_a_template_file() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "examples: [python, kotlin]\n"),
        (
            "templates/examples/kotlin.kt",
            "val result = client.invoke(\"{{ example.name }}\")\n",
        ),
    ]);
    site.run(&["build"]).success().stdout_has("wrote ");
    let page = site.read("public/methods/auth.logOut.html");
    assert!(page.contains(">Kotlin<"), "a Kotlin tab");
    assert!(page.contains("auth.logOut"));
    let tabs = page.find(">Python<").zip(page.find(">Kotlin<"));
    assert!(
        tabs.is_some_and(|(python, kotlin)| python < kotlin),
        "tabs in the order of `examples`"
    );
}

#[test]
fn front_matter_locations_come_from_the_yaml_parser() {
    // The description holds the text `peer:` and the link of `params.hash` before either is
    // written where it belongs: a search for the text would find the description's copy.
    let site = TestSite::new(&[
        (
            "schema/api.tl",
            "boolTrue#997275b5 = Bool;\n---functions---\nauth.logOut hash:string = Bool;\n",
        ),
        (
            "content/methods/auth.logOut.md",
            "---\ndescription: |\n  Forget the peer: it is [gone](gone.md).\n\
             params: {hash: \"See [gone](gone.md).\", peer: \"The peer.\"}\n---\n",
        ),
    ]);
    let run = site.run(&["build"]);
    run.failure();
    let page = "content/methods/auth.logOut.md";
    let broken = "error: broken link: `gone.md` leads to no page".to_owned();
    assert_eq!(
        run.located(),
        [
            (
                "warning: `auth.logOut` has no parameter `peer`".to_owned(),
                format!("{page}:4:40")
            ),
            (broken.clone(), format!("{page}:3:33")),
            (broken, format!("{page}:4:28")),
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn related_links_follow_the_rule_of_links_in_markdown() {
    let links = [
        "mailto:team@example.org",
        "#hash",
        "https://core.telegram.org/api",
    ];
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        (
            "content/methods/auth.logOut.md",
            "---\nrelated: [mailto:team@example.org, \"#hash\", https://core.telegram.org/api, \
             ../guide.md]\n---\n[mail](mailto:team@example.org), [here](#hash), \
             [api](https://core.telegram.org/api), [guide](../guide.md).\n",
        ),
        ("content/guide.md", "# Guide\n"),
    ]);
    let run = site.run(&["build"]);
    run.success();
    assert!(!run.stderr.contains("broken link"), "{}", run.stderr);
    let page = site.read("public/methods/auth.logOut.html");
    let related = page
        .split_once("id=\"related-pages\"")
        .expect("a list of related pages")
        .1;
    for link in links {
        assert!(related.contains(&format!("href=\"{link}\"")), "{related}");
    }
    assert!(related.contains("href=\"../guide.html\""), "{related}");
    // A related page that does not exist is an error there as in the body.
    site.write(
        "content/methods/auth.logOut.md",
        "---\nrelated: [\"#hash\", ../gone.md]\n---\n",
    );
    let run = site.run(&["build"]);
    run.failure();
    assert_eq!(
        run.located(),
        [(
            "error: broken link: `../gone.md` leads to no page".to_owned(),
            "content/methods/auth.logOut.md:2:20".to_owned()
        )],
        "{}",
        run.stderr
    );
}

#[test]
fn example_overrides_are_located_by_the_yaml_parser() {
    // The description holds the words of the overrides first, as a search for them would find.
    let site = TestSite::new(&[
        (
            "schema/api.tl",
            "boolTrue#997275b5 = Bool;\n---functions---\nmessages.send random_id:long = Bool;\n",
        ),
        (
            "content/methods/messages.send.md",
            "---\ndescription: 'In php: randomid; in python: unavailable: no.'\nexamples:\n  php:\n    \
             omit: [randomid]\n  python:\n    unavailable: No.\n    code: print()\n---\n",
        ),
    ]);
    let run = site.run(&["check"]);
    run.failure();
    let page = "content/methods/messages.send.md";
    assert_eq!(
        run.located(),
        [
            (
                "warning: `messages.send` has no parameter `randomid` to omit".to_owned(),
                format!("{page}:5:12")
            ),
            (
                "error: the `python` example is both unavailable and given".to_owned(),
                format!("{page}:7:18")
            ),
        ],
        "{}",
        run.stderr
    );
}
