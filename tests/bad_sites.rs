//! The bad-site corpus: small sites with one mistake each, built and checked by the real binary,
//! with what it prints and its exit code pinned as snapshots.
//!
//! The committed cases are the directories of `tests/bad-sites/`; the cases whose files cannot be
//! committed sensibly (bytes that are not UTF-8, a byte order mark, CRLF line endings, a 50 MB
//! file, deep nesting, symbolic links, odd output directories) are made here at test time. Every
//! run must end with exit code 0 or 1: 101 is a panic, and no code at all a crash (a stack
//! overflow aborts the process).

mod common;

use std::fs;

use common::{SCHEMA, TestSite, sample_root};

/// A committed case: a copy of `tests/bad-sites/NAME`.
fn committed(name: &str) -> TestSite {
    TestSite::from_dir(&format!("bad-sites/{name}"))
}

/// A generated case starts from `schema/api.tl` alone.
fn generated() -> TestSite {
    TestSite::new(&[("schema/api.tl", SCHEMA)])
}

/// `tldoc build .` and then `tldoc check .`, as one transcript. When the build fails but the
/// check passes, the problem is one only rendering finds, so `tldoc check --links` (which
/// renders) must find it too.
fn build_and_check(case: &TestSite) -> String {
    let build = case.run(&["build", "."]).transcript();
    let check = case.run(&["check", "."]).transcript();
    let mut shown = format!("{build}\n{check}");
    if build.contains("\nexit code: 1\n") && check.contains("\nexit code: 0\n") {
        let links = case.run(&["check", "--links", "."]).transcript();
        assert!(
            links.contains("\nexit code: 1\n"),
            "`tldoc check --links` misses what the build found:\n{shown}\n{links}"
        );
        shown = format!("{shown}\n{links}");
    }
    shown
}

/// One test per directory of `tests/bad-sites/`, and a test that no directory is left without
/// one.
macro_rules! committed_cases {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                insta::assert_snapshot!($dir, build_and_check(&committed($dir)));
            }
        )*

        #[test]
        fn every_committed_case_has_a_test() {
            let mut listed = vec![$($dir),*];
            listed.sort_unstable();
            let dir = sample_root().join("tests/bad-sites");
            let mut found: Vec<String> = fs::read_dir(dir)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            found.sort_unstable();
            assert_eq!(found, listed);
        }
    };
}

committed_cases! {
    tl_missing_semicolon => "tl-missing-semicolon",
    tl_unterminated_comment => "tl-unterminated-comment",
    tl_unknown_token => "tl-unknown-token",
    tl_undefined_type => "tl-undefined-type",
    tl_duplicate_name_across_files => "tl-duplicate-name-across-files",
    tl_names_differ_in_case => "tl-names-differ-in-case",
    tl_duplicate_id => "tl-duplicate-id",
    tl_id_mismatch_is_a_warning => "tl-id-mismatch-is-a-warning",
    tl_invalid_id => "tl-invalid-id",
    tl_missing_equals => "tl-missing-equals",
    tl_missing_result => "tl-missing-result",
    tl_unknown_flags_field => "tl-unknown-flags-field",
    tl_flag_bit_out_of_range => "tl-flag-bit-out-of-range",
    tl_invalid_flag_condition => "tl-invalid-flag-condition",
    tl_unknown_section => "tl-unknown-section",
    tl_bang_on_a_type => "tl-bang-on-a-type",
    tl_constructor_of_a_bare_type => "tl-constructor-of-a-bare-type",
    tl_parameter_declared_twice => "tl-parameter-declared-twice",
    tl_type_arguments_to_a_plain_type => "tl-type-arguments-to-a-plain-type",
    tl_unknown_generic_kind => "tl-unknown-generic-kind",
    tl_conflicting_layers => "tl-conflicting-layers",
    tl_documentation_for_an_unknown_parameter => "tl-documentation-for-an-unknown-parameter",
    tl_invalid_names => "tl-invalid-names",
    tl_every_problem_at_once => "tl-every-problem-at-once",
    tl_empty_file => "tl-empty-file",
    tl_only_comments => "tl-only-comments",
    missing_schema => "missing-schema",
    schema_without_tl_files => "schema-without-tl-files",
    config_yaml_syntax => "config-yaml-syntax",
    config_unknown_key => "config-unknown-key",
    config_wrong_type => "config-wrong-type",
    config_bad_link_policy => "config-bad-link-policy",
    config_bad_cname => "config-bad-cname",
    config_tab_indentation => "config-tab-indentation",
    config_duplicate_key => "config-duplicate-key",
    config_example_language_without_template => "config-example-language-without-template",
    front_matter_yaml_syntax => "front-matter-yaml-syntax",
    front_matter_unknown_key => "front-matter-unknown-key",
    front_matter_wrong_type => "front-matter-wrong-type",
    front_matter_params_as_a_list => "front-matter-params-as-a-list",
    front_matter_error_without_type => "front-matter-error-without-type",
    front_matter_error_code_not_a_number => "front-matter-error-code-not-a-number",
    front_matter_unterminated => "front-matter-unterminated",
    front_matter_not_a_mapping => "front-matter-not-a-mapping",
    front_matter_empty => "front-matter-empty",
    content_for_unknown_entities => "content-for-unknown-entities",
    content_documents_an_unknown_parameter => "content-documents-an-unknown-parameter",
    broken_link_is_an_error => "broken-link-is-an-error",
    broken_link_as_a_warning => "broken-link-as-a-warning",
    broken_related_link => "broken-related-link",
    broken_link_in_a_parameter => "broken-link-in-a-parameter",
    template_syntax_error => "template-syntax-error",
    template_unclosed_block => "template-unclosed-block",
    template_runtime_error => "template-runtime-error",
    template_unknown_filter => "template-unknown-filter",
    template_unknown_block => "template-unknown-block",
    example_template_syntax_error => "example-template-syntax-error",
    example_template_runtime_error => "example-template-runtime-error",
    errors_csv_unequal_fields => "errors-csv-unequal-fields",
    errors_csv_bad_codes => "errors-csv-bad-codes",
    errors_csv_wrong_header => "errors-csv-wrong-header",
    methods_csv_bad_usability => "methods-csv-bad-usability",
    methods_csv_unequal_fields => "methods-csv-unequal-fields",
    csv_quote_never_closed => "csv-quote-never-closed",
    empty_files => "empty-files",
}

/// Bytes that are not UTF-8 are reported at the first invalid byte, in every kind of file.
#[test]
fn not_utf8() {
    let case = generated();
    case.write(
        "schema/api.tl",
        b"boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = B\xffool;\n",
    )
    .write("tldoc.yaml", b"title: Caf\xe9\n")
    .write("content/guide.md", b"---\ntitle: Guide\n---\n\n# Caf\xe9\n")
    .write("schema/errors.csv", b"name,codes,description\nX,400,\x80\n")
    .write("templates/page.html", b"<p>\xc3</p>\n");
    insta::assert_snapshot!("not-utf8", build_and_check(&case));
}

/// A byte order mark is skipped, and not counted in columns.
#[test]
fn byte_order_mark() {
    let case = generated();
    let bom = "\u{feff}";
    case.write(
        "schema/api.tl",
        format!("{bom}boolFalse#bc799737 = Bool\n{SCHEMA}"),
    )
    .write("tldoc.yaml", format!("{bom}titel: Mine\n"))
    .write(
        "content/methods/auth.logOut.md",
        format!("{bom}---\ndescription: Logs out.\nparms: {{}}\n---\n"),
    )
    .write(
        "content/guide.md",
        format!("{bom}# Guide\n\nSee [x](x.md).\n"),
    )
    .write(
        "schema/errors.csv",
        format!("{bom}name,codes,description\nX,4x,Bad\n"),
    );
    insta::assert_snapshot!("byte-order-mark", build_and_check(&case));
}

/// With CRLF line endings, lines and columns are those an editor shows.
#[test]
fn crlf_line_endings() {
    let case = generated();
    let crlf = |text: &str| text.replace('\n', "\r\n");
    case.write(
        "schema/api.tl",
        crlf(&format!("{SCHEMA}auth.logIn phone:strin = Bool;\n")),
    )
    .write("tldoc.yaml", crlf("title: Mine\nlinks: sometimes\n"))
    .write(
        "content/methods/auth.logOut.md",
        crlf("---\ndescription: Logs out.\nbots: maybe\n---\n"),
    )
    .write(
        "content/guide.md",
        crlf("---\ntitle: Guide\n---\n\n# Guide\n\nSee [the page](missing.md).\n"),
    )
    .write(
        "schema/methods.csv",
        crlf("method,usability,errors\nauth.logOut,user,\nauth.logIn,robot,\n"),
    );
    insta::assert_snapshot!("crlf-line-endings", build_and_check(&case));
}

/// A 50 MB content file is refused before it is read, quickly.
#[test]
fn a_huge_content_file() {
    let case = generated();
    let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n";
    case.write("content/huge.md", line.repeat(50_000_000 / line.len()));
    let started = std::time::Instant::now();
    insta::assert_snapshot!("a-huge-content-file", build_and_check(&case));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// Nesting far deeper than anyone writes, in Markdown (a page's body and its description), YAML
/// and TL, overflows no stack.
#[test]
fn deep_nesting() {
    let deep = 50_000;
    let case = generated();
    let mut markdown = format!("---\ndescription: \"{}deep\"\n---\n", "> ".repeat(deep));
    markdown.push_str(&format!("{} a quote\n\n", ">".repeat(deep)));
    for depth in 0..300 {
        markdown.push_str(&format!("{}- item\n", "  ".repeat(depth)));
    }
    markdown.push_str(&format!(
        "\n{}text{}\n\n",
        "*".repeat(deep),
        "*".repeat(deep)
    ));
    markdown.push_str(&format!(
        "{}link{}(https://example.org)\n\n",
        "[".repeat(deep),
        "]".repeat(deep)
    ));
    markdown.push_str(&"<div>".repeat(deep));
    case.write("content/methods/auth.logOut.md", markdown);
    let shown = build_and_check(&case);
    assert!(
        shown.starts_with("$ tldoc build .\nexit code: 0\n"),
        "{shown}"
    );
    case.write(
        "content/guide.md",
        format!(
            "---\ntitle: {}x{}\n---\n",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
    );
    case.write(
        "content/methods/auth.logOut.md",
        format!("---\ndescription: {}deep\n---\n", "> ".repeat(deep)),
    );
    case.write(
        "schema/mtproto.tl",
        format!(
            "deep x:{}int{} = Deep;\n",
            "Vector<".repeat(deep),
            ">".repeat(deep)
        ),
    );
    insta::assert_snapshot!(
        "deep-nesting",
        format!("{shown}\n{}", build_and_check(&case))
    );
}

/// Text outside the site that a link must never bring in.
const SECRET: &str = "---\ntitle: SECRET\n---\nSECRET\n";

/// `outside/secret.md` and `outside/dir/secret.md`, beside the site.
fn with_secrets(case: TestSite) -> TestSite {
    let outside = case.outside();
    fs::write(outside.join("secret.md"), SECRET).unwrap();
    fs::create_dir_all(outside.join("dir/methods")).unwrap();
    fs::write(outside.join("dir/secret.md"), SECRET).unwrap();
    fs::write(outside.join("dir/methods/auth.logOut.md"), SECRET).unwrap();
    fs::write(outside.join("api.tl"), SCHEMA).unwrap();
    case
}

/// Builds, checks, and asserts that nothing from outside the site was published.
fn build_and_check_confined(case: &TestSite) -> String {
    let shown = build_and_check(case);
    for (path, bytes) in case.files("public") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "public/{path} holds text from outside the site"
        );
    }
    shown
}

/// A link out of the site is never followed, whichever directory it is in; a link inside the
/// site is.
#[test]
fn symbolic_links_out_of_the_site() {
    let case = with_secrets(generated());
    case.symlink("content/leak.md", "../../outside/secret.md")
        .symlink("content/guides", "../../outside/dir")
        .symlink("schema/extra.tl", "../../outside/api.tl")
        .symlink("templates/page.html", "../../outside/secret.md")
        .symlink("tldoc.yaml", "../outside/secret.md")
        .symlink("schema/errors.csv", "../../outside/secret.md");
    insta::assert_snapshot!(
        "symbolic-links-out-of-the-site",
        build_and_check_confined(&case)
    );
}

/// Theme files are read only when the pages are rendered, so this one is a case of its own.
#[test]
fn a_theme_file_that_leads_out_of_the_site() {
    let case = with_secrets(generated());
    case.symlink("themes/default/style.css", "../../../outside/secret.md");
    insta::assert_snapshot!(
        "a-theme-file-that-leads-out-of-the-site",
        build_and_check_confined(&case)
    );
}

#[test]
fn a_content_directory_that_leads_out_of_the_site() {
    let case = with_secrets(generated());
    case.symlink("content", "../outside/dir");
    insta::assert_snapshot!(
        "a-content-directory-that-leads-out-of-the-site",
        build_and_check_confined(&case)
    );
}

#[test]
fn a_schema_directory_that_leads_out_of_the_site() {
    let case = with_secrets(TestSite::empty());
    case.symlink("schema", "../outside");
    insta::assert_snapshot!(
        "a-schema-directory-that-leads-out-of-the-site",
        build_and_check_confined(&case)
    );
}

#[test]
fn symbolic_links_inside_the_site_are_followed() {
    let case = generated();
    case.write(
        "docs/logout.md",
        "---\ndescription: Ends the session.\n---\n",
    )
    .write("docs/guides/start.md", "# Getting started\n")
    .symlink("content/methods/auth.logOut.md", "../../docs/logout.md")
    .symlink("content/guides", "../docs/guides")
    // A loop: walked once.
    .symlink("docs/guides/again", "..");
    let shown = build_and_check(&case);
    case.check_file_contains("public/methods/auth.logOut.html", "Ends the session.");
    assert!(case.has("public/guides/start.html"));
    insta::assert_snapshot!("symbolic-links-inside-the-site-are-followed", shown);
}

/// The output directory may not be the site, nor hold or lie in its sources, nor hold files
/// tldoc did not write.
#[test]
fn output_directories_refused() {
    let case = generated();
    case.write("content/guide.md", "# Guide\n")
        .write("elsewhere/notes.txt", "mine\n")
        .write("afile", "mine\n");
    let mut shown = String::new();
    for output in [
        ".",
        "./",
        "content",
        "content/public",
        "schema/out",
        "..",
        "elsewhere",
        "afile",
    ] {
        shown.push_str(&case.run(&["build", ".", "-o", output]).transcript());
        shown.push('\n');
    }
    // Nothing was touched.
    assert_eq!(case.read("elsewhere/notes.txt"), "mine\n");
    assert!(!case.has("content/public"));
    insta::assert_snapshot!("output-directories-refused", shown);
}
