//! A site's layer history (`history:` in `tldoc.yaml`): fixture sites of three small layers, the
//! errors of a bad history, and the real twenty-one layers of `../shared`.

mod common;

use std::fs;

use common::{TestSite, shared};
use tldoc::history::Version;

/// Layer 1, named by its file name only.
const LAYER_1: &str = "\
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
user#1 id:long name:string = User;
userOld#5 id:long = User;
gone#7 x:int = Gone;
---functions---
users.get#10 id:long = User;
users.oldCall#11 = Bool;
";

/// Layer 2, named by its `// LAYER` line: `user` changed, `userOld` renamed, `gone` and `Gone`
/// removed, `users.oldCall` removed, `users.search` added.
const LAYER_2: &str = "\
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
user#2 flags:# id:long name:string photo:flags.0?string = User;
userNew#5 id:long = User;
---functions---
users.get#10 id:long = User;
users.search#12 q:string = Vector<User>;
// LAYER 2
";

/// The current layer: `users.get` takes a new parameter.
const LAYER_3: &str = "\
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
user#2 flags:# id:long name:string photo:flags.0?string = User;
userNew#5 id:long = User;
---functions---
users.get#13 id:long full:Bool = User;
users.search#12 q:string = Vector<User>;
// LAYER 3
";

/// A schema versioned apart from the layers, as MTProto's is: no `// LAYER` line.
const MTPROTO: &str = "resPQ#5162463 nonce:int128 = ResPQ;\n";

fn fixture(extra: &[(&str, &str)]) -> TestSite {
    let mut files = vec![
        ("tldoc.yaml", "history: history/\n"),
        ("schema/api.tl", LAYER_3),
        ("schema/mtproto.tl", MTPROTO),
        ("history/api-1.tl", LAYER_1),
        ("history/second.tl", LAYER_2),
    ];
    files.extend_from_slice(extra);
    TestSite::new(&files)
}

/// The `<main>` of a page, where what differs from page to page is.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

/// Builds the site and checks every link of every page, as `tldoc check --links` does.
fn build_and_check_links(site: &TestSite) {
    site.run(&["build"]).success().stdout_has("wrote ");
    site.run(&["check", "--links"])
        .success()
        .stdout_has("history: 3 layers from layer 1 to 3\n")
        .stdout_has("none is broken");
}

#[test]
fn a_changes_page_per_layer_and_their_index_newest_first() {
    let site = fixture(&[]);
    build_and_check_links(&site);
    assert!(
        !site.has("public/changes/1.html"),
        "the oldest has no earlier layer"
    );
    let index = site.read("public/changes/index.html");
    let rows: Vec<usize> = ["Layer 3", "Layer 2", "Layer 1"]
        .iter()
        .map(|row| index.find(row).unwrap_or_else(|| panic!("{row} missing")))
        .collect();
    assert!(
        rows.windows(2).all(|pair| pair[0] < pair[1]),
        "newest first"
    );
    assert!(index.contains("<a href=\"3.html\">Layer 3</a></td><td>1 method changed</td>"));
    assert!(index.contains("the oldest layer known"));

    let layer_3 = site.read("public/changes/3.html");
    assert!(layer_3.contains("Against layer 2: 1 method changed."));
    assert!(layer_3.contains("<li id=\"method-users.get\"><a href=\"../methods/users.get.html\">"));
    assert!(layer_3.contains("<li>added <code>full:Bool</code></li>"));
    assert!(
        !layer_3.contains("resPQ"),
        "the unlayered schema is outside the history"
    );

    insta::assert_snapshot!(main_of(&site.read("public/changes/2.html")));

    // The home page and every page's header lead to the index.
    assert!(
        site.read("public/index.html")
            .contains("href=\"changes/index.html\">What changed")
    );
    assert!(
        site.read("public/methods/users.get.html")
            .contains("href=\"../changes/index.html\"")
    );
}

#[test]
fn every_entity_page_says_since_when_and_what_changed() {
    let site = fixture(&[]);
    build_and_check_links(&site);
    let get = site.read("public/methods/users.get.html");
    assert!(get.contains("<p class=\"since\">In layer 1 or earlier · <a href=\"#history\">"));
    assert!(get.contains(
        "<li><a href=\"../changes/3.html#method-users.get\">Layer 3</a>: id <code>#00000010</code> \
         → <code>#00000013</code>; added <code>full:Bool</code></li>"
    ));
    let search = site.read("public/methods/users.search.html");
    assert!(search.contains("<p class=\"since\">Since layer 2 · "));
    assert!(search.contains("href=\"../changes/2.html#method-users.search\">Layer 2</a>: added"));

    let renamed = site.read("public/constructors/userNew.html");
    assert!(
        renamed.contains("In layer 1 or earlier"),
        "a rename keeps the history"
    );
    assert!(renamed.contains(
        "Layer 2</a>: renamed from <a href=\"../constructors/userOld.html\"><code>userOld</code></a>"
    ));
    let ty = site.read("public/types/User.html");
    assert!(ty.contains("In layer 1 or earlier"));
    assert!(
        !ty.contains("id=\"history\""),
        "unchanged: no history section"
    );

    // An entity outside the layered schema has no history to show.
    assert!(
        !site
            .read("public/constructors/resPQ.html")
            .contains("class=\"since\"")
    );
}

#[test]
fn removed_entities_keep_a_page_where_theirs_was() {
    let site = fixture(&[]);
    build_and_check_links(&site);
    let gone = site.read("public/constructors/gone.html");
    assert!(gone.contains("Removed constructor</span> <code>gone</code>"));
    assert!(
        gone.contains("Removed in <a href=\"../changes/2.html#constructor-gone\">layer 2</a>.")
    );
    assert!(
        gone.contains("As it was in layer 1:</p>\n<button type=\"button\" class=\"copy-button\" data-copy hidden aria-label=\"Copy the last definition\">Copy</button>\n<pre class=\"tl\"><code>gone#7 x:int = Gone;")
    );
    let gone_type = site.read("public/types/Gone.html");
    assert!(
        gone_type.contains("built by <a href=\"../constructors/gone.html\"><code>gone</code></a>")
    );
    let old_call = site.read("public/methods/users.oldCall.html");
    assert!(old_call.contains("<code>users.oldCall#11 = Bool;</code>"));
    let old = site.read("public/constructors/userOld.html");
    assert!(old.contains(
        "Renamed to <a href=\"../constructors/userNew.html\"><code>userNew</code></a> in"
    ));
    assert!(old.contains("<code>userOld#5 id:long = User;</code>"));

    // The Changes page links the removed ones to their pages.
    let layer_2 = site.read("public/changes/2.html");
    assert!(layer_2.contains("<a href=\"../constructors/gone.html\"><code>gone</code></a>"));

    // They are found by search, marked as removed.
    let index = site.read("public/search-index.js");
    assert!(index.contains("[\"gone\",\"Removed in layer 2.\"]"));
    assert!(index.contains("[\"userOld\",\"Renamed to userNew in layer 2.\"]"));
    assert!(index.contains("[\"users.oldCall\",\"Removed in layer 2.\"]"));
}

#[test]
fn a_removed_page_never_takes_another_pages_path() {
    // The removed `gone` differs only in case from the current `gonE`, and the removed `resPQ`
    // is current under the same name, defined by the unlayered schema.
    let site = TestSite::new(&[
        ("tldoc.yaml", "history: history/\n"),
        (
            "schema/api.tl",
            "keep#1 = Keep;\ngonE#2 = Keep;\n---functions---\nf#3 = Keep;\n// LAYER 2\n",
        ),
        ("schema/mtproto.tl", MTPROTO),
        (
            "history/api-1.tl",
            "keep#1 = Keep;\ngone#4 = Keep;\nresPQ#5162463 nonce:int128 = ResPQ;\n\
             ---functions---\nf#3 = Keep;\n",
        ),
    ]);
    let run = site.run(&["build"]);
    run.success().stderr_has(
        "warning: the removed constructor `gone` gets no page: `constructors/gone.html` differs \
         from another page's path only in case",
    );
    assert!(!site.has("public/constructors/gone.html"));
    let res_pq = site.read("public/constructors/resPQ.html");
    assert!(!res_pq.contains("Removed"), "the current page stays");
    let layer_2 = site.read("public/changes/2.html");
    assert!(layer_2.contains("<li id=\"constructor-gone\"><code>gone</code>"));
    site.run(&["check", "--links"])
        .success()
        .stdout_has("none is broken");
}

#[test]
fn a_content_page_where_a_changes_page_goes_is_an_error() {
    let site = fixture(&[("content/changes/2.md", "---\ntitle: Mine\n---\nText.\n")]);
    site.run(&["build"])
        .failure()
        .stderr_has("error: the page `changes/2.html` of the content takes the place of the history's\n--> content/changes/2.md");
}

#[test]
fn a_history_outside_the_site_is_allowed() {
    // Beside the site, as `../shared/telegram-history` is beside a checkout.
    let site = TestSite::new(&[
        ("tldoc.yaml", "history: ../outside\n"),
        ("schema/api.tl", LAYER_3),
    ]);
    fs::write(site.outside().join("api-1.tl"), LAYER_1).unwrap();
    fs::write(site.outside().join("api-2.tl"), LAYER_2).unwrap();
    site.run(&["check", "--links"])
        .success()
        .stdout_has("history: 3 layers from layer 1 to 3");
    // Anywhere, by an absolute path.
    let elsewhere = TestSite::new(&[("api-1.tl", LAYER_1), ("api-2.tl", LAYER_2)]);
    let setting = format!("history: {}\n", elsewhere.path().display());
    let site = TestSite::new(&[("tldoc.yaml", &setting), ("schema/api.tl", LAYER_3)]);
    build_and_check_links(&site);
    assert!(site.has("public/changes/2.html"));
    let page = site.read("public/methods/users.search.html");
    assert!(page.contains("Since layer 2"));
    // Diagnostics show a history file's path as the setting makes it.
    elsewhere.write("api-0.tl", "a#1 = A\n");
    site.run(&["check"]).failure().stderr_has(&format!(
        " --> {}:1:8",
        elsewhere.path().join("api-0.tl").display()
    ));
}

#[test]
fn bad_history_files_are_located_errors_naming_the_files() {
    let site = fixture(&[
        ("history/api-2.tl", LAYER_2),
        ("history/undated.tl", "a#1 = A;\n"),
        ("history/api-9.tl", "a#1 = A;\n// LAYER 9\n"),
        ("history/api-0.tl", "a#1 = A\nb#2 = B;\n"),
    ]);
    let run = site.run(&["check"]);
    run.failure()
        .stderr_has("error: `history/api-2.tl` and `history/second.tl` are both layer 2")
        .stderr_has("error: `history/undated.tl` has no layer")
        .stderr_has("write `// LAYER N` in it, or name it after its layer, like `api-189.tl`")
        .stderr_has("error: `history/api-9.tl` is layer 9, newer than the site's schema (layer 3)\n --> history/api-9.tl:2:1")
        .stderr_has("error: expected `;` after a definition\n --> history/api-0.tl:1:8");
    site.run(&["build"])
        .failure()
        .stderr_has("nothing was written");
}

/// Layer 2 published again: `users.get` takes `full` already, as layer 3 has it.
fn layer_2_again() -> String {
    LAYER_3.replace("// LAYER 3", "// LAYER 2")
}

#[test]
fn two_revisions_of_a_layer_each_have_their_changes_page() {
    let site = fixture(&[
        ("history/second-r2.tl", &layer_2_again()),
        (
            "history/second-r2.yaml",
            "source: https://github.com/example/client/blob/v2/api.tl\ncommit: 0a1b2c3\ndate: 2024-09-12\n",
        ),
    ]);
    site.run(&["build"]).success();
    site.run(&["check", "--links"])
        .success()
        .stdout_has("history: 3 layers from layer 1 to 3, 4 schemas with their revisions\n")
        .stdout_has("none is broken");

    // The first revision keeps the layer's page; the second has its own, after it.
    let first = site.read("public/changes/2.html");
    assert!(first.contains("<h1>Changes in layer 2, revision 1</h1>"));
    assert!(first.contains("Against layer 1: "));
    assert!(first.contains("rel=\"next\">Layer 2, revision 2 →</a>"));
    let second = site.read("public/changes/2-r2.html");
    assert!(second.contains("<h1>Changes in layer 2, revision 2</h1>"));
    assert!(second.contains("Against layer 2, revision 1: 1 method changed."));
    assert!(second.contains("<li>added <code>full:Bool</code></li>"));
    assert!(second.contains(
        "The schema of this version comes from <a href=\"https://github.com/example/client/blob/v2/api.tl\">\
         https://github.com/example/client/blob/v2/api.tl</a>, commit <code>0a1b2c3</code>, \
         published 2024-09-12."
    ));
    assert!(!first.contains("changes-origin"), "no sidecar, no origin");
    let third = site.read("public/changes/3.html");
    assert!(third.contains("Against layer 2, revision 2: "));
    assert!(third.contains("rel=\"prev\">← Layer 2, revision 2</a>"));

    // The index lists both, newest first.
    let index = site.read("public/changes/index.html");
    let second_row = index
        .find("<tr id=\"layer-2-r2\"><td><a href=\"2-r2.html\">Layer 2, revision 2</a></td><td>1 method changed</td>")
        .expect("the second revision's row");
    let first_row = index
        .find("<tr id=\"layer-2\"><td><a href=\"2.html\">Layer 2, revision 1</a>")
        .expect("the first revision's row");
    assert!(second_row < first_row);

    // An entity's history names the revision it changed in.
    let get = site.read("public/methods/users.get.html");
    assert!(get.contains(
        "<li><a href=\"../changes/2-r2.html#method-users.get\">Layer 2, revision 2</a>: id"
    ));
    let search = site.read("public/methods/users.search.html");
    assert!(search.contains("<p class=\"since\">Since layer 2, revision 1 · "));
    assert!(
        site.read("public/methods/users.search.md")
            .contains("since layer 2, revision 1")
    );

    // The feed has an entry per revision, the second dated by its sidecar.
    let feed = site.read("public/changes/atom.xml");
    assert!(feed.contains("<title>Layer 2, revision 2</title>"));
    assert!(feed.contains("<title>Layer 2, revision 1</title>"));
    assert!(feed.contains("<updated>2024-09-12T00:00:00Z</updated>"));
    assert_eq!(feed.matches("<entry>").count(), 4);

    // And the data says which revision each layer is.
    let json: serde_json::Value = serde_json::from_str(&site.read("public/tldoc.json")).unwrap();
    let layers = json["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 4);
    assert_eq!(layers[2]["revision"], 2);
    assert_eq!(layers[2]["date"], "2024-09-12");
    assert_eq!(layers[2]["commit"], "0a1b2c3");
    assert_eq!(layers[2]["changes_page"], "changes/2-r2.html");
}

#[test]
fn the_sites_own_layer_may_come_before_in_the_history() {
    // The history holds layer 3 as first published; the site's schema is it published again.
    let site = fixture(&[("history/api-3.tl", LAYER_3)]);
    site.run(&["build"]).success();
    let first = site.read("public/changes/3.html");
    assert!(first.contains("<h1>Changes in layer 3, revision 1</h1>"));
    let second = site.read("public/changes/3-r2.html");
    assert!(second.contains("<h1>Changes in layer 3, revision 2</h1>"));
    assert!(second.contains("<p>Nothing changed.</p>"));
}

#[test]
fn bad_revisions_and_sidecars_are_reported() {
    let site = fixture(&[
        ("history/second-r2.tl", &layer_2_again()),
        ("history/api-2-r2.tl", &layer_2_again()),
    ]);
    site.run(&["check"])
        .failure()
        .stderr_has(
            "error: `history/api-2-r2.tl` and `history/second-r2.tl` are both layer 2, revision 2",
        )
        .stderr_has("like `api-190-r2.tl` for the second");

    // A sidecar is an aid: what is wrong in one is a warning, and the site builds.
    let site = fixture(&[
        ("history/second-r2.tl", &layer_2_again()),
        ("history/second-r2.yaml", "date: last tuesday\n"),
        ("history/api-1.yaml", "sorce: TDLib\n"),
        ("history/third.yaml", "source: TDLib\n"),
    ]);
    site.run(&["build"])
        .success()
        .stderr_has("warning: `last tuesday` is not a date\n --> history/second-r2.yaml:1:7")
        .stderr_has("warning: unknown field `sorce`")
        .stderr_has("warning: `history/third.yaml` is beside no `.tl` file of the same name");
}

#[test]
fn a_missing_history_directory_points_at_the_setting() {
    let site = TestSite::new(&[
        ("tldoc.yaml", "title: T\nhistory: old-layers/\n"),
        ("schema/api.tl", LAYER_3),
    ]);
    site.run(&["check"])
        .failure()
        .stderr_has("error: cannot read the history directory `old-layers/`")
        .stderr_has(" --> tldoc.yaml:2:10");
}

#[test]
fn a_history_needs_the_current_layer() {
    let site = TestSite::new(&[
        ("tldoc.yaml", "history: history/\n"),
        ("schema/api.tl", "a#1 = A;\n"),
        ("history/api-1.tl", "a#1 = A;\n"),
    ]);
    site.run(&["check"])
        .failure()
        .stderr_has("error: a history needs the layer of the site's schema")
        .stderr_has(" --> tldoc.yaml:1:10");
}

#[test]
fn the_sample_site_shows_its_history() {
    let site = TestSite::sample();
    site.run(&["build"]).success().stdout_has("wrote ");
    let page = site.read("public/methods/account.changeAuthorizationSettings.html");
    assert!(page.contains("Since layer 189"));
    assert!(page.contains("added <code>confirmed:flags.3?true</code>"));
    site.check_file_contains(
        "public/changes/189.html",
        "id=\"constructor-userStatusRecently\"",
    );
}

/// The real layers: 170 to 189 from `../shared/telegram-history`, and 190 with its content.
#[test]
fn the_real_twenty_one_layers() {
    let (Some(current), Some(history)) = (shared("telegram-190"), shared("telegram-history"))
    else {
        return;
    };
    let copy = TestSite::copy_of(&current);
    let settings = copy.read("tldoc.yaml");
    copy.write(
        "tldoc.yaml",
        format!("{settings}history: {}\n", history.display()),
    );

    let site = tldoc::site::Site::load(copy.path());
    assert!(
        !site.diagnostics.has_errors(),
        "{}",
        site.diagnostics.render(&site.sources, false)
    );
    let loaded = site.history.as_ref().expect("a history");
    assert_eq!(
        loaded.versions(),
        (170..=190).map(Version::from).collect::<Vec<_>>()
    );
    let files = site.build().files.expect("the site builds");
    let page = |path: &str| common::built_text(&files, path);

    // Layer 190 changed exactly three constructors, and nothing else.
    let layer_190 = page("changes/190.html");
    let entries: Vec<&str> = layer_190
        .split("<li id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(
        entries,
        [
            "constructor-inputStorePaymentPremiumGiftCode",
            "constructor-messageActionGiftCode",
            "constructor-messageActionGiftPremium",
        ]
    );
    assert!(layer_190.contains("Against layer 189: 3 constructors changed."));

    let removed = page("constructors/sponsoredWebPage.html");
    assert!(removed.contains(
        "Removed in <a href=\"../changes/178.html#constructor-sponsoredWebPage\">layer 178</a>."
    ));
    assert!(removed.contains(
        "<code>sponsoredWebPage#3db8ec63 flags:# url:string site_name:string \
         photo:flags.0?Photo = SponsoredWebPage;</code>"
    ));
    assert!(page("changes/178.html").contains("id=\"constructor-sponsoredWebPage\""));

    assert!(page("methods/messages.getPaidReactionPrivacy.html").contains("Since layer 187"));
    assert!(page("methods/messages.getPaidReactionPrivacy.html").contains(
        "href=\"../changes/187.html#method-messages.getPaidReactionPrivacy\">Layer 187</a>: added"
    ));
    // MTProto's schema has no layers: its entities are outside the history.
    assert!(!page("constructors/resPQ.html").contains("class=\"since\""));

    // The feed parses as Atom, an entry per layer of the history, newest first.
    let feed_text = page("changes/atom.xml");
    let feed = roxmltree::Document::parse(&feed_text).expect("the feed is XML");
    let atom = "http://www.w3.org/2005/Atom";
    assert!(feed.root_element().has_tag_name((atom, "feed")));
    let titles: Vec<&str> = feed
        .root_element()
        .children()
        .filter(|node| node.has_tag_name((atom, "entry")))
        .filter_map(|entry| {
            entry
                .children()
                .find(|c| c.has_tag_name((atom, "title")))?
                .text()
        })
        .collect();
    let expected: Vec<String> = (170..=190)
        .rev()
        .map(|layer| format!("Layer {layer}"))
        .collect();
    assert_eq!(titles, expected);

    // No broken link but the two anchors the real content links to and never had.
    let broken: Vec<String> = tldoc::links::check(&files)
        .iter()
        .map(|link| format!("{}: {link}", link.page))
        .collect();
    assert_eq!(
        broken,
        [
            "methods/auth.bindTempAuthKey.html: `#binding-message-contents`: `methods/auth.bindTempAuthKey.html` has no anchor `binding-message-contents`",
            "methods/auth.bindTempAuthKey.html: `#generating-encrypted-message`: `methods/auth.bindTempAuthKey.html` has no anchor `generating-encrypted-message`",
        ]
    );
}
