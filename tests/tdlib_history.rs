//! The history of a TDLib schema: its releases (`history/td_api-1.8.50.tl`), each labelled as
//! TDLib labels it ("since TDLib 1.8.50", `changes/1.8.50.html`), never as a layer; fixture
//! sites of three small releases, the errors of a bad one, and TDLib's real releases from
//! `../shared/tdlib`.

mod common;

use common::{TestSite, shared};
use tldoc::history::{Release, Version};

/// TDLib's builtins, which make a schema TDLib's.
const BUILTINS: &str = "\
double ? = Double;
string ? = String;

int32 = Int32;
int53 = Int53;
int64 = Int64;
bytes = Bytes;

boolFalse = Bool;
boolTrue = Bool;

vector {t:Type} # [ t ] = Vector t;

";

/// A release's schema: TDLib's builtins, then `body`.
fn release_schema(body: &str) -> String {
    format!("{BUILTINS}{body}")
}

/// 1.8.9: a user and `getMe`.
const OLDEST: &str = "\
//@description A user @id Identifier
user id:int53 = User;

---functions---

//@description Returns the current user
getMe = User;
";

/// 1.8.50: `getUser` added, and `user` gains a name.
const MIDDLE: &str = "\
//@description A user @id Identifier @name Name
user id:int53 name:string = User;

---functions---

//@description Returns the current user
getMe = User;

//@description Returns a user @user_id Identifier
getUser user_id:int53 = User;
";

/// 1.10.0, the site's own: `getMe` gone.
const NEWEST: &str = "\
//@description A user @id Identifier @name Name
user id:int53 name:string = User;

---functions---

//@description Returns a user @user_id Identifier
getUser user_id:int53 = User;
";

/// The site of 1.10.0 with 1.8.9 and 1.8.50 as its history, named in two of the ways TDLib's
/// archives name them. Written newest first and with 1.10.0 the newest: ordered as text, 1.10.0
/// would come first and 1.8.9 last.
fn fixture(settings: &str, extra: &[(&str, &str)]) -> TestSite {
    let (oldest, middle, newest) = (
        release_schema(OLDEST),
        release_schema(MIDDLE),
        release_schema(NEWEST),
    );
    let mut files = vec![
        ("tldoc.yaml", settings),
        ("schema/td_api.tl", &newest),
        ("history/td_api_1.8.50.tl", &middle),
        ("history/td_api-1.8.9.tl", &oldest),
    ];
    files.extend_from_slice(extra);
    TestSite::new(&files)
}

/// What a page says: its text, and the values of the attributes read out or shown
/// (`aria-label`, `title`, `alt`, `content`), not the names of its markup (a class `layer-nav`
/// is no label).
fn words_of(html: &str) -> String {
    let mut words = String::new();
    for (at, part) in html.split('<').enumerate() {
        let (tag, text) = part.split_once('>').unwrap_or(("", part));
        if at > 0 {
            let pieces: Vec<&str> = tag.split('"').collect();
            for pair in pieces.chunks(2) {
                if let [name, value] = pair
                    && ["aria-label=", "title=", "alt=", "content="]
                        .iter()
                        .any(|shown| name.ends_with(shown))
                {
                    words.push_str(value);
                    words.push(' ');
                }
            }
        }
        words.push_str(text);
    }
    words
}

const SETTINGS: &str = "title: TDLib\nhistory: history/\nversion: 1.10.0\n";

#[test]
fn a_tdlib_history_is_labelled_by_release() {
    let site = fixture(SETTINGS, &[]);
    site.run(&["build"]).success().stdout_has("wrote ");
    site.run(&["check", "--links"])
        .success()
        .stdout_has("history: 3 versions from TDLib 1.8.9 to 1.10.0\n")
        .stdout_has("none is broken");

    // A Changes page per release but the oldest, named after it.
    assert!(!site.has("public/changes/1.8.9.html"));
    let middle = site.read("public/changes/1.8.50.html");
    assert!(middle.contains("<h1>Changes in TDLib 1.8.50</h1>"));
    assert!(middle.contains("Against TDLib 1.8.9: 1 constructor changed; 1 method added."));
    assert!(middle.contains("<title>Changes in TDLib 1.8.50"));
    assert!(middle.contains("<a href=\"1.10.0.html\" rel=\"next\">TDLib 1.10.0 →</a>"));
    assert!(middle.contains("Every version</a>"));
    let newest = site.read("public/changes/1.10.0.html");
    assert!(newest.contains("Against TDLib 1.8.50: 1 method removed."));

    // The index: newest first, in the order of the numbers.
    let index = site.read("public/changes/index.html");
    assert!(index.contains("<h1>Changes by version</h1>"));
    assert!(index.contains("<th scope=\"col\">Version</th>"));
    let rows: Vec<usize> = ["tdlib-1.10.0", "tdlib-1.8.50", "tdlib-1.8.9"]
        .iter()
        .map(|id| {
            index
                .find(&format!("<tr id=\"{id}\">"))
                .unwrap_or_else(|| panic!("no row {id}"))
        })
        .collect();
    assert!(rows.windows(2).all(|pair| pair[0] < pair[1]), "{index}");
    assert!(index.contains("<a href=\"1.8.50.html\">TDLib 1.8.50</a>"));
    assert!(index.contains("the oldest version known"));

    // Each entity says since which release, and what each did to it.
    let get_user = site.read("public/methods/getUser.html");
    assert!(get_user.contains("<p class=\"since\">Since TDLib 1.8.50 · "));
    assert!(get_user.contains(
        "<li><a href=\"../changes/1.8.50.html#method-getUser\">TDLib 1.8.50</a>: added</li>"
    ));
    let user = site.read("public/constructors/user.html");
    assert!(user.contains("<p class=\"since\">In TDLib 1.8.9 or earlier · "));
    assert!(
        user.contains("<a href=\"../changes/1.8.50.html#constructor-user\">TDLib 1.8.50</a>: id ")
    );
    assert!(user.contains("; added <code>name:string</code></li>"));
    let removed = site.read("public/methods/getMe.html");
    assert!(
        removed.contains(
            "Removed in <a href=\"../changes/1.10.0.html#method-getMe\">TDLib 1.10.0</a>."
        )
    );

    // The home page and every page's header and footer.
    let home = site.read("public/index.html");
    assert!(home.contains("<p class=\"layer\">TDLib 1.10.0</p>"));
    assert!(home.contains("What changed in each version</a>, from TDLib 1.8.9 to 1.10.0."));
    assert!(get_user.contains(">Changes by version</a>"));
    assert!(get_user.contains("TDLib · TDLib 1.10.0 · built with tldoc"));
    for page in [&middle, &index, &get_user, &home] {
        let text = words_of(page);
        assert!(
            !text.contains("ayer"),
            "no layer is named on a TDLib site's pages: {text}"
        );
    }

    // The feed, the Markdown copy and tldoc.json say the same.
    let feed = site.read("public/changes/atom.xml");
    assert!(feed.contains("<title>TDLib: changes by version</title>"));
    assert!(
        feed.contains("<title>TDLib 1.8.50</title>\n<id>urn:tldoc:TDLib:changes/1.8.50.html</id>")
    );
    assert!(feed.contains("<summary>The oldest version of this history.</summary>"));
    assert!(
        site.read("public/methods/getUser.md")
            .contains("since TDLib 1.8.50")
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("public/tldoc.json")).unwrap();
    let schema_path = common::sample_root().join("docs/tldoc-json.schema.json");
    let schema = serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the JSON Schema is valid");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "tldoc.json is invalid: {errors:?}");
    let method = |name: &str| {
        json["methods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(method("getUser")["since"], "1.8.50");
    assert_eq!(
        method("getUser")["changes"],
        serde_json::json!([{"tdlib": "1.8.50", "change": "added"}])
    );
    let layers: Vec<&str> = json["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["tdlib"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["1.8.9", "1.8.50", "1.10.0"]);
    assert_eq!(json["removed"][0]["removed_in"], "1.10.0");
    // The search finds what is new in a release as its index says.
    assert!(
        site.read("public/search.html")
            .contains("<code>since:1.10.0</code>")
    );
}

#[test]
fn the_sites_release_may_be_its_copy_in_the_history() {
    // No `version:`: the history file that is the site's schema says it.
    let newest = release_schema(NEWEST);
    let site = fixture(
        "history: history/\n",
        &[("history/td_api-1.10.0.tl", &newest)],
    );
    site.run(&["check"])
        .success()
        .stdout_has("history: 3 versions from TDLib 1.8.9 to 1.10.0\n");
    // Without either, the site's release is unknown.
    let site = fixture("history: history/\n", &[]);
    site.run(&["check"])
        .failure()
        .stderr_has("error: a TDLib history needs the TDLib version of the site's schema")
        .stderr_has("like `version: 1.8.65`");
    // A sidecar may say a file's release when its name does not.
    let site = fixture(
        SETTINGS,
        &[
            ("history/beta.tl", &release_schema(OLDEST)),
            ("history/beta.yaml", "version: 1.8.2\nsource: TDLib\n"),
        ],
    );
    site.run(&["check"])
        .success()
        .stdout_has("history: 4 versions from TDLib 1.8.2 to 1.10.0\n");
}

#[test]
fn bad_release_files_are_reported() {
    let site = fixture(
        SETTINGS,
        &[
            ("history/td_api.tl", &release_schema(OLDEST)),
            ("history/1.8.9.tl", &release_schema(OLDEST)),
            ("history/td_api-1.11.0.tl", &release_schema(OLDEST)),
            ("history/td_api-1.10.0.tl", &release_schema(OLDEST)),
            ("history/td_api-1.7.0.tl", &release_schema(OLDEST)),
            ("history/td_api-1.7.0.yaml", "version: 1.7.1\n"),
        ],
    );
    site.run(&["check"])
        .failure()
        .stderr_has("error: `history/td_api.tl` names no TDLib version")
        .stderr_has("like `td_api-1.8.50.tl`")
        .stderr_has("error: `history/1.8.9.tl` and `history/td_api-1.8.9.tl` are both TDLib 1.8.9")
        .stderr_has(
            "error: `history/td_api-1.11.0.tl` is TDLib 1.11.0, newer than the site's schema \
             (TDLib 1.10.0)",
        )
        .stderr_has(
            "error: `history/td_api-1.10.0.tl` is TDLib 1.10.0, the site's schema's version, but \
             differs from it",
        )
        .stderr_has(
            "error: `history/td_api-1.7.0.tl` is named TDLib 1.7.0, but its sidecar says 1.7.1\n \
             --> history/td_api-1.7.0.yaml:1:10",
        );
    let site = fixture("history: history/\nversion: 1.8\n", &[]);
    site.run(&["check"])
        .failure()
        .stderr_has("`1.8` is not a TDLib version: write three numbers, like `1.8.65`");
    // `version:` is TDLib's: a layer's site is told it does nothing.
    let site = TestSite::new(&[
        ("tldoc.yaml", "version: 1.8.65\n"),
        ("schema/api.tl", common::SCHEMA),
    ]);
    site.run(&["check"])
        .success()
        .stderr_has("warning: `version: 1.8.65` in `tldoc.yaml`, but the schema is not TDLib's");
    // Nor does a sidecar's `version:` in a history of layers.
    let site = TestSite::new(&[
        ("tldoc.yaml", "history: history/\n"),
        ("schema/api.tl", "a#1 = A;\nb#2 = A;\n// LAYER 2\n"),
        ("history/api-1.tl", "a#1 = A;\n"),
        ("history/api-1.yaml", "version: 1.8.0\n"),
    ]);
    site.run(&["check"])
        .success()
        .stderr_has(
            "warning: `version:` is for the releases of a TDLib schema: ignored\n --> \
             history/api-1.yaml:1:10",
        )
        .stdout_has("history: 2 layers from layer 1 to 2\n");
}

/// TDLib's real releases: 1.8.65 with 1.6.0, 1.7.0, 1.8.0 and 1.8.50 before it.
#[test]
fn the_real_tdlib_releases() {
    let Some(releases) = shared("tdlib") else {
        return;
    };
    let schema = std::fs::read_to_string(releases.join("td_api-1.8.65.tl")).unwrap();
    // The history is the directory of every release, the site's own among them.
    let settings = format!("title: TDLib\nhistory: {}\n", releases.display());
    let site = TestSite::new(&[("tldoc.yaml", &settings), ("schema/td_api.tl", &schema)]);
    let loaded = tldoc::site::Site::load(site.path());
    assert!(
        !loaded.diagnostics.has_errors(),
        "{}",
        loaded.diagnostics.render(&loaded.sources, false)
    );
    let history = loaded.history.as_ref().expect("a history");
    let release = |text: &str| Version::Tdlib(text.parse::<Release>().unwrap());
    assert_eq!(
        history.versions(),
        ["1.6.0", "1.7.0", "1.8.0", "1.8.50", "1.8.65"].map(release)
    );
    let files = loaded.build().files.expect("the site builds");
    let page = |path: &str| common::built_text(&files, path);
    // Chat folders' invite links came in 1.8.x: after 1.8.0, by 1.8.50.
    let method = page("methods/addChatFolderByInviteLink.html");
    assert!(method.contains("<p class=\"since\">Since TDLib 1.8.50"));
    assert!(method.contains("href=\"../changes/1.8.50.html#method-addChatFolderByInviteLink\""));
    assert!(page("changes/1.8.50.html").contains("id=\"method-addChatFolderByInviteLink\""));
    assert!(page("changes/1.8.50.html").contains("Against TDLib 1.8.0: "));
    assert!(page("methods/getMe.html").contains("In TDLib 1.6.0 or earlier"));
    let index = page("changes/index.html");
    for (newer, older) in [
        ("1.8.65", "1.8.50"),
        ("1.8.50", "1.8.0"),
        ("1.8.0", "1.7.0"),
    ] {
        let at = |release: &str| index.find(&format!(">TDLib {release}<")).unwrap();
        assert!(at(newer) < at(older), "{newer} before {older}");
    }
    assert!(
        !files
            .iter()
            .any(|(path, _)| path.starts_with("changes/1.6.0"))
    );
}

#[test]
fn tldoc_diff_names_tdlib_releases() {
    let site = fixture(SETTINGS, &[]);
    let (old, new) = ("history/td_api-1.8.9.tl", "history/td_api_1.8.50.tl");
    site.run(&["diff", old, new])
        .success()
        .stdout_has("TDLib 1.8.9 → 1.8.50: 1 constructor changed; 1 method added\n");
    site.run(&["diff", old, new, "--format", "markdown"])
        .success()
        .stdout_has("# TDLib 1.8.50\n\nChanges from TDLib 1.8.9: ");
    let run = site.run(&["diff", old, new, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.success().stdout).unwrap();
    assert_eq!(
        (
            &json["old_release"],
            &json["new_release"],
            &json["new_layer"]
        ),
        (
            &serde_json::json!("1.8.9"),
            &serde_json::json!("1.8.50"),
            &serde_json::Value::Null
        ),
        "1.8.50 is no layer 50"
    );
}
