//! Rendering again after an edit of content gives what a whole build gives: `tldoc serve`
//! re-renders only the pages an edit touches, and this is what keeps that honest. Each edit is
//! applied to a copy of a site, rendered both ways, and the files and diagnostics compared.

mod common;

use std::fs;
use std::path::Path;

use common::{TestSite, sample_root};
use tldoc::highlight::Highlighter;
use tldoc::render::Rendered;
use tldoc::site::Site;

/// The files of a render and every diagnostic, as printed.
fn outcome(site: &Site, rendered: &Rendered) -> (Vec<(String, Vec<u8>)>, String) {
    (
        rendered.files(),
        site.diagnostics_with(rendered).render(&site.sources, false),
    )
}

/// Applies each edit (a content file, relative to `content/`, and its new text) in turn, as
/// `tldoc serve` does: the last site reads the edited file again and renders again what it
/// touches. After each, checks that this gives what loading and rendering the whole site gives,
/// and that no more than `most` pages were rendered again.
fn check_edits(source: &Path, edits: &[(&str, String)], most: usize) {
    let copy = TestSite::copy_of(source);
    let root = copy.path();
    let highlighter = Highlighter::new();
    let mut site = Site::load(root);
    let templates = site.templates().expect("the templates load");
    let mut rendered = site.render(&templates, &highlighter);
    for (path, text) in edits {
        fs::write(root.join("content").join(path), text).unwrap();
        let edited = site
            .reload_content(&[(*path).to_owned()])
            .expect("the edit keeps the same pages");
        let redone = site
            .rerender(&templates, &highlighter, &mut rendered, &edited)
            .expect("rendered in part");
        assert!(
            redone.len() <= most,
            "editing {path} rendered {} pages again",
            redone.len()
        );
        let mut whole = Site::load(root);
        let whole_templates = whole.templates().expect("the templates load");
        // The same highlighter: what it gives does not depend on what it has cached (its own
        // tests check that), and a cold one would make this test slow.
        let expected = whole.render(&whole_templates, &highlighter);
        assert!(
            outcome(&site, &rendered) == outcome(&whole, &expected),
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
        1,
    );
}

#[test]
fn an_edit_that_adds_removes_or_breaks_a_page_needs_a_whole_load() {
    let copy = TestSite::sample();
    let content = copy.path().join("content");
    let mut site = Site::load(copy.path());
    fs::write(content.join("guides/new.md"), "# New\n").unwrap();
    assert_eq!(site.reload_content(&["guides/new.md".to_owned()]), None);
    let mut site_again = Site::load(copy.path());
    fs::remove_file(content.join("guides/new.md")).unwrap();
    assert_eq!(
        site_again.reload_content(&["guides/new.md".to_owned()]),
        None
    );
    let mut site = Site::load(copy.path());
    fs::write(
        content.join("methods/auth.logOut.md"),
        "---\nnot: [closed\n---\n",
    )
    .unwrap();
    assert_eq!(
        site.reload_content(&["methods/auth.logOut.md".to_owned()]),
        None
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
