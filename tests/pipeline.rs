//! The pipeline as a library user drives it: `Site::load`, then `Site::build`, which must be
//! free of side effects (a second build gives the same files and the same diagnostics); what each
//! page says of an entity agrees with what the rest of the site says of it; and a site's own
//! templates decide the markup of the TL definition and of entity links.

mod common;

use common::TestSite;
use tldoc::site::Site;

/// The page at `path` of a build of `site`.
fn page(files: &[(String, Vec<u8>)], path: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(file, _)| file == path)
        .unwrap_or_else(|| panic!("no `{path}` among the files"));
    String::from_utf8(bytes.clone()).unwrap()
}

fn built(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    let loaded = Site::load(site.path());
    let build = loaded.build();
    match build.files {
        Some(files) => files,
        None => panic!(
            "the build failed:\n{}",
            build.diagnostics.render(&loaded.sources, false)
        ),
    }
}

const SCHEMA: &str = "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n\
    ---functions---\n\
    //@description Returns 2*3*4 for `x` & <y>. More after the first sentence.\n\
    //@x The x.\n\
    math.product x:int = Bool;\n\
    math.sum x:int = Bool;\n";

#[test]
fn a_pages_meta_description_is_its_summary() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "title: Maths\nexamples: []\n"),
        (
            "content/methods/math.sum.md",
            "---\ndescription: Adds **x** to `y` & [links](https://example.org). Then more.\n---\n",
        ),
    ]);
    let files = built(&site);
    // The schema's documentation is plain text: every character is kept, and escaped once.
    let product = page(&files, "methods/math.product.html");
    assert!(
        product.contains(
            "<meta name=\"description\" content=\"Returns 2*3*4 for `x` &amp; &lt;y&gt;.\">"
        ),
        "{product}"
    );
    // Content is Markdown: the summary is its text.
    let sum = page(&files, "methods/math.sum.html");
    assert!(
        sum.contains("<meta name=\"description\" content=\"Adds x to y &amp; links.\">"),
        "{sum}"
    );
    // The index says the same of both.
    let index = page(&files, "methods/index.html");
    assert!(index.contains("<td>Returns 2*3*4 for `x` &amp; &lt;y&gt;.</td>"));
    assert!(index.contains("<td>Adds x to y &amp; links.</td>"));
}

#[test]
fn a_second_build_gives_the_same_files_and_diagnostics() {
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "title: Maths\nlinks: warn\nexamples: []\n"),
        (
            "content/methods/math.sum.md",
            "---\ndescription: See [gone](gone.md).\n---\n",
        ),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}{{ content_html | safe }}{% endblock content %}",
        ),
        ("content/guide.md", "# Guide\n"),
    ]);
    let loaded = Site::load(site.path());
    let (first, second) = (loaded.build(), loaded.build());
    let said = |build: &tldoc::site::Build| build.diagnostics.render(&loaded.sources, false);
    assert!(
        said(&first).contains("broken link: `gone.md`"),
        "{}",
        said(&first)
    );
    assert_eq!(said(&first), said(&second));
    assert!(first.files.is_some(), "the build failed:\n{}", said(&first));
    assert!(
        first.files == second.files,
        "the second build wrote other files"
    );
}
