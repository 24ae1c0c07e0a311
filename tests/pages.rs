//! The pages of the real layer-190 site, with its history of layers 170 to 189 (so that Changes
//! and removed-entity pages are among them), published under a sub-path: every page valid
//! (html-validate's recommended preset), described (a meta description, Open Graph, a canonical
//! link), loading the highlighting style sheet only where it has code to colour; in Chromium,
//! accessible (axe-core) on a representative set of pages in light and dark at 1400 and 390 px,
//! usable with the keyboard and without JavaScript, and no page wider than a phone at 390 and
//! 320 px (see `tests/example-tools/pages-browser.mjs`): one page in six and the representative
//! ones, or every page with `TLDOC_EVERY_PAGE=1`, which takes some 20 minutes on two cores.
//!
//! html-validate, axe-core and playwright-core are pinned in `tests/example-tools`, which the
//! test fetches itself; Node.js and Chromium come from the system. Without one, that part is
//! skipped with the reason printed, except in CI (see `tests/common/tools.rs`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::tools::{self, NpmPackages};
use common::{copy_dir, shared, tldoc};

/// Where the site is published: the 404 page must find its way back under the path.
const BASE_URL: &str = "https://docs.example.org/tl/";

/// The pages axe checks: the home page, an index, five methods, three constructors, three types
/// (the last one removed in layer 190), the builtins, the search page with results, the errors
/// and a Changes page; the script adds the search box with its results open and a missing page.
const REPRESENTATIVE: &[&str] = &[
    "index.html",
    "methods/index.html",
    "methods/messages.sendMessage.html",
    "methods/account.resetAuthorization.html",
    "methods/auth.sendCode.html",
    "methods/messages.getHistory.html",
    "methods/channels.createChannel.html",
    "constructors/message.html",
    "constructors/inputPeerUser.html",
    "constructors/langPackStringPluralized.html",
    "types/InputPeer.html",
    "types/Update.html",
    "types/SimpleWebViewResult.html",
    "builtins.html",
    "search.html?q=send",
    "errors/index.html",
    "changes/190.html",
];

fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/example-tools")
}

/// The site, built once for every test of this file; `None` (said once) without `../shared`.
fn site() -> Option<&'static Path> {
    static BUILT: OnceLock<Option<(tempfile::TempDir, PathBuf)>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let (Some(current), Some(history)) =
                (shared("telegram-190"), shared("telegram-history"))
            else {
                return None;
            };
            let dir = tempfile::tempdir().unwrap();
            let source = dir.path().join("telegram-190");
            copy_dir(&current, &source);
            let settings = fs::read_to_string(source.join("tldoc.yaml")).unwrap();
            let settings = format!("{settings}history: {}\n", history.display());
            fs::write(source.join("tldoc.yaml"), settings).unwrap();
            let out = dir.path().join("site");
            let out_arg = out.to_str().unwrap();
            tldoc(&source, &["build", "-o", out_arg, "--base-url", BASE_URL]).success();
            Some((dir, out))
        })
        .as_ref()
        .map(|(_, out)| out.as_path())
}

/// Every HTML page below `dir`, with its path relative to `root`.
fn pages(root: &Path, dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pages(root, &path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            found.push((relative, fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The `content` of the first `<meta {key}="{name}">` of `html`.
fn meta<'h>(html: &'h str, key: &str, name: &str) -> Option<&'h str> {
    let at = html.find(&format!("<meta {key}=\"{name}\" content=\""))?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + "content=\"".len();
    rest[start..].split('"').next()
}

#[test]
fn every_page_is_described_and_styled_as_it_needs() {
    let Some(site) = site() else {
        return;
    };
    let mut all = Vec::new();
    pages(site, site, &mut all);
    assert!(all.len() > 3000, "{} pages", all.len());
    let mut undescribed = Vec::new();
    for (path, html) in &all {
        let description = meta(html, "name", "description").unwrap_or_default();
        let og = meta(html, "property", "og:description").unwrap_or_default();
        let title = meta(html, "property", "og:title").unwrap_or_default();
        if description.trim().is_empty() || og != description || title.is_empty() {
            undescribed.push(path.as_str());
        }
        let canonical = format!("<link rel=\"canonical\" href=\"{BASE_URL}{path}\">");
        assert_eq!(
            html.contains(&canonical),
            path != "404.html",
            "{path}: the canonical link"
        );
        assert!(html.contains("rel=\"icon\""), "{path}: the icon");
        // Only example tabs are highlighted.
        assert_eq!(
            html.contains("assets/highlight.css"),
            html.contains("class=\"code hl\""),
            "{path}: the highlighting style sheet"
        );
    }
    assert!(undescribed.is_empty(), "undescribed: {undescribed:?}");

    // A type no content describes gets a sentence made from the schema, and a method one that
    // lists its parameters.
    let read = |path: &str| fs::read_to_string(site.join(path)).unwrap();
    let input_peer = read("types/InputPeer.html");
    assert_eq!(
        meta(&input_peer, "name", "description"),
        Some(
            "InputPeer: a type in Telegram API reference (layer 190), built by the constructors \
             inputPeerEmpty, inputPeerSelf, inputPeerChat, inputPeerUser, inputPeerChannel, \
             inputPeerUserFromMessage and inputPeerChannelFromMessage."
        )
    );
    let bytes = fs::read(site.join("favicon.ico")).unwrap();
    assert_eq!(&bytes[..4], &[0, 0, 1, 0], "an ICO file");
    // The 404 page leads under the sub-path, whatever the depth it is served at.
    let not_found = read("404.html");
    assert!(not_found.contains("href=\"/tl/assets/style.css\""));
    assert!(!not_found.contains("href=\"../") && !not_found.contains("href=\"assets/"));
}

#[test]
fn every_page_is_valid_html() {
    let Some(site) = site() else {
        return;
    };
    let part = "html-validate";
    let Some(node) = tools::require(part, tools::NODE.find()) else {
        return;
    };
    let Some(packages) = tools::require(part, tools::npm_packages()) else {
        return;
    };
    run(Command::new(node)
        .arg(tools_dir().join("html-validate.mjs"))
        .arg(site)
        .env(NpmPackages::ENV, &packages.dir));
}

#[test]
fn pages_are_accessible_usable_by_keyboard_and_fit_a_phone() {
    let Some(site) = site() else {
        return;
    };
    let part = "the pages in Chromium";
    let Some(node) = tools::require(part, tools::NODE.find()) else {
        return;
    };
    let Some(chromium) = tools::require(part, tools::CHROMIUM.find()) else {
        return;
    };
    let Some(packages) = tools::require(part, tools::npm_packages()) else {
        return;
    };
    run(Command::new(node)
        .arg(tools_dir().join("pages-browser.mjs"))
        .arg(site)
        .arg("/tl/")
        .args(REPRESENTATIVE)
        .env("CHROMIUM", chromium)
        .env(NpmPackages::ENV, &packages.dir));
}

/// Runs `command` and fails with what it said unless it succeeds.
fn run(command: &mut Command) {
    let output = command.output().expect("Node.js runs");
    print!("{}", String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "{:?} failed:\n{}{}",
        command.get_args().next(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
