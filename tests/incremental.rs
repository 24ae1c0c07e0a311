//! Rendering again after an edit of content gives what a whole build gives: `tldoc serve`
//! re-renders only the pages an edit touches, through [`LiveSite`], and this is what keeps that
//! honest. Each edit is applied to a copy of a site, built both ways, and the files and
//! diagnostics compared; that includes an edit that breaks a page, and the fix after it.

mod common;

use std::fs;
use std::path::Path;

use common::{TestSite, sample_root};
use tldoc::site::{LiveSite, Site, Update};

/// The files of a build, unless it failed, and every diagnostic, as printed.
type Outcome = (Option<Vec<(String, Vec<u8>)>>, String);

/// The outcome of a whole build of the site at `root`.
fn whole_build(root: &Path) -> Outcome {
    let site = Site::load(root);
    let build = site.build();
    let said = build.diagnostics.render(&site.sources, false);
    (build.files, said)
}

/// The outcome of `live`, as it is now.
fn outcome(live: &LiveSite) -> Outcome {
    (
        live.files(),
        live.diagnostics().render(&live.site().sources, false),
    )
}

/// Applies each edit (a content file, relative to `content/`, and its new text) in turn, as
/// `tldoc serve` does. After each, checks that this gives what loading and building the whole
/// site gives, and that no more than `most` pages were rendered again.
fn check_edits(source: &Path, edits: &[(&str, String)], most: usize) {
    let copy = TestSite::copy_of(source);
    let root = copy.path();
    let mut live = LiveSite::load(root, None);
    for (path, text) in edits {
        fs::write(root.join("content").join(path), text).unwrap();
        let update = live.update(&[Path::new("content").join(path)]);
        let Update::Changed(redone) = update else {
            panic!("editing {path} loaded the whole site again");
        };
        assert!(
            redone.len() <= most,
            "editing {path} rendered {} pages again",
            redone.len()
        );
        assert!(
            outcome(&live) == whole_build(root),
            "after editing {path}, rendering again differs from a whole build"
        );
    }
}

/// A content file's text with its description's first sentence replaced.
fn new_description(text: &str, description: &str) -> String {
    let start = text.find("description:").expect("a description");
    let end = start + text[start..].find('\n').unwrap();
    format!(
        "{}description: {description}{}",
        &text[..start],
        &text[end..]
    )
}

#[test]
fn edits_of_the_sample_site_render_as_a_whole_build_does() {
    let root = sample_root();
    let mut edits = Vec::new();
    // A page of each kind: a change of summary, which other pages show, then one of the body.
    for path in [
        "methods/account.resetAuthorization.md",
        "constructors/authorization.md",
        "types/account.Authorizations.md",
        "index.md",
        "guides/sessions.md",
    ] {
        let text = fs::read_to_string(root.join("content").join(path)).unwrap();
        edits.push((path, new_description(&text, "Edited. More here.")));
        edits.push((path, format!("{text}\nA new closing paragraph.\n")));
    }
    check_edits(root, &edits, 40);
}

#[test]
fn an_edit_that_breaks_a_link_is_reported_as_a_whole_build_reports_it() {
    let root = sample_root();
    let text = fs::read_to_string(root.join("content/methods/auth.logOut.md")).unwrap();
    check_edits(
        root,
        &[(
            "methods/auth.logOut.md",
            format!("{text}\nSee [gone](gone.md).\n"),
        )],
        // The page and its Markdown copy.
        2,
    );
}

#[test]
fn edits_of_errors_and_of_who_may_call_a_method_render_as_a_whole_build_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = "methods/account.resetAuthorization.md";
    let text = fs::read_to_string(root.join("content").join(path)).unwrap();
    // An error the site knows moves to another method: its page lists other methods now.
    let moved = text.replace("type: HASH_INVALID", "type: AUTH_KEY_DUPLICATED");
    assert_ne!(moved, text);
    let bots = moved.replace("bots: false", "bots: true");
    assert_ne!(bots, moved);
    check_edits(root, &[(path, moved), (path, bots)], 8);
}

#[test]
fn an_edit_that_changes_what_the_content_documents_changes_the_coverage_and_the_data() {
    let copy = TestSite::sample();
    let path = "methods/account.resetAuthorization.md";
    let file = copy.path().join("content").join(path);
    let text = fs::read_to_string(&file).unwrap();
    let start = text.find("params:\n").expect("a parameter described");
    let end = start + text[start..].find("\nerrors:").unwrap() + 1;
    let undescribed = format!("{}{}", &text[..start], &text[end..]);
    let mut live = LiveSite::load(copy.path(), None);
    // Its parameter is no longer described, then described again.
    for edit in [undescribed, text] {
        fs::write(&file, edit).unwrap();
        let Update::Changed(redone) = live.update(&[Path::new("content").join(path)]) else {
            panic!("editing {path} loaded the whole site again");
        };
        for changed in ["coverage.html", "tldoc.json", "index.html"] {
            assert!(
                redone.iter().any(|path| path == changed),
                "{changed} is not among {redone:?}"
            );
        }
        assert!(
            outcome(&live) == whole_build(copy.path()),
            "after editing {path}, rendering again differs from a whole build"
        );
    }
}

#[test]
fn an_edit_that_adds_or_removes_a_page_needs_a_whole_load() {
    let copy = TestSite::sample();
    let content = copy.path().join("content");
    let mut live = LiveSite::load(copy.path(), None);
    let new = [Path::new("content/guides/new.md").to_path_buf()];
    fs::write(content.join("guides/new.md"), "# New\n").unwrap();
    assert_eq!(live.update(&new), Update::All);
    assert!(outcome(&live) == whole_build(copy.path()));
    fs::remove_file(content.join("guides/new.md")).unwrap();
    assert_eq!(live.update(&new), Update::All);
    assert!(outcome(&live) == whole_build(copy.path()));
}

#[test]
fn an_edit_that_breaks_a_page_and_the_fix_after_it_render_as_a_whole_build_does() {
    let root = sample_root();
    let page = "methods/auth.logOut.md";
    let text = fs::read_to_string(root.join("content").join(page)).unwrap();
    let other = "constructors/authorization.md";
    let other_text = fs::read_to_string(root.join("content").join(other)).unwrap();
    check_edits(
        root,
        &[
            // Front matter that does not parse: the error, as a whole build reports it.
            (page, "---\nnot: [closed\n---\n".to_owned()),
            // Another page edited meanwhile, its summary changed: still the error.
            (other, new_description(&other_text, "Edited while broken.")),
            // A link that leads nowhere, an error too, but of rendering.
            (page, format!("{text}\nSee [gone](gone.md).\n")),
            // The fix: both edits are in the render.
            (page, text.clone()),
        ],
        40,
    );
}

#[test]
fn edits_of_the_real_layer_190_site_render_as_a_whole_build_does() {
    let Some(source) = common::shared("telegram-190") else {
        return;
    };
    let read = |path: &str| fs::read_to_string(source.join("content").join(path)).unwrap();
    let user = read("constructors/user.md");
    let send = read("methods/messages.sendMessage.md");
    let peer = read("constructors/inputPeerSelf.md");
    let edits = [
        // Constructors many pages list and a method: summaries that change.
        (
            "constructors/user.md",
            new_description(&user, "Edited user. More."),
        ),
        (
            "methods/messages.sendMessage.md",
            new_description(&send, "Sends, edited."),
        ),
        (
            "constructors/inputPeerSelf.md",
            new_description(&peer, "A peer, edited."),
        ),
        // The body alone: one page.
        (
            "methods/messages.sendMessage.md",
            format!("{send}\nMore notes.\n"),
        ),
    ];
    check_edits(&source, &edits, 400);
}
