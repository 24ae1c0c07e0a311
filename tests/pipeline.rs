//! The pipeline as a library user drives it: `Site::load`, then `Site::build`, which must be
//! free of side effects (a second build gives the same files and the same diagnostics); what each
//! page says of an entity agrees with what the rest of the site says of it; and a site's own
//! templates decide the markup of the TL definition, of entity links, of the header and of the
//! sidebar.

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

#[test]
fn a_sites_templates_restyle_the_tl_definition_and_entity_links() {
    // Each template lays out one piece, from data: a definition (`line`), a type (`ty`, its
    // parts), an entity's name (`link`), and the block around a page's definition.
    let line = "<span class=\"def\" data-id=\"{{ line.id }}\">{{ line.name }}\
        {% for p in line.params %} {{ p.name }}={{ p.ty | safe }}{% endfor %} → \
        {{ line.result | safe }}</span>";
    let ty = "{% for part in ty %}{% if part.href %}<a class=\"ty\" href=\"{{ part.href }}\">\
        {{ part.text }}</a>{% else %}{{ part.text }}{% endif %}{% endfor %}";
    let link = "<a class=\"entity\" href=\"{{ link.href }}\">{{ link.name }}</a>";
    let definition = "<section class=\"my-definition\"><h2>TL</h2>\
        {{ entity.tl.definition | safe }}</section>";
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "title: Maths\nexamples: []\n"),
        ("templates/tl-line.html", line),
        ("templates/tl-type.html", ty),
        ("templates/entity-link.html", link),
        ("templates/definition.html", definition),
    ]);
    let files = built(&site);
    let product = page(&files, "methods/math.product.html");
    assert!(
        product.contains(
            "<section class=\"my-definition\"><h2>TL</h2><span class=\"def\" data-id=\"0fcfe30c\">\
             math.product x=<a class=\"ty\" href=\"../builtins.html#int\">int</a> → \
             <a class=\"ty\" href=\"../types/Bool.html\">Bool</a></span></section>"
        ),
        "{product}"
    );
    assert!(!product.contains("tl-name"), "{product}");
    // The parameters' types are restyled with the definition's, and every link to an entity.
    assert!(
        product.contains(
            "<td><code><a class=\"ty\" href=\"../builtins.html#int\">int</a></code></td>"
        )
    );
    assert!(
        product.contains(
            "<li><a class=\"entity\" href=\"../constructors/boolFalse.html\">boolFalse</a>"
        )
    );
    let index = page(&files, "methods/index.html");
    assert!(index.contains("<a class=\"entity\" href=\"math.sum.html\">math.sum</a>"));
    let bool_page = page(&files, "types/Bool.html");
    assert!(bool_page.contains("<span class=\"def\" data-id=\"bc799737\">boolFalse → "));
}

#[test]
fn a_sites_templates_restyle_the_header_and_the_sidebar_on_every_page() {
    // Laid out once for many pages, each still gets its own way back to the root and has its
    // link marked where the sidebar lists it.
    let site = TestSite::new(&[
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "title: Maths\nexamples: []\n"),
        (
            "templates/header.html",
            "<header class=\"mine\">{{ site.title }} {{ root }}</header>",
        ),
        (
            "templates/sidebar.html",
            "<nav class=\"mine\">[{{ current }}] {% include \"sidebar-namespaces.html\" %}</nav>",
        ),
    ]);
    let files = built(&site);
    let method = page(&files, "methods/math.product.html");
    assert!(
        method.contains("<header class=\"mine\">Maths ../</header>"),
        "{method}"
    );
    assert!(
        method.contains(
            "<nav class=\"mine\">[] <li><a href=\"../methods/index.html#math\">math</a></li></nav>"
        ),
        "{method}"
    );
    assert!(!method.contains("class=\"top\""), "{method}");
    let index = page(&files, "methods/index.html");
    assert!(
        index.contains("<nav class=\"mine\">[methods/index.html] "),
        "{index}"
    );
    let home = page(&files, "index.html");
    assert!(
        home.contains("<header class=\"mine\">Maths </header>"),
        "{home}"
    );
    assert!(
        home.contains("<nav class=\"mine\">[index.html] <li><a href=\"methods/index.html#math\">"),
        "{home}"
    );
}
