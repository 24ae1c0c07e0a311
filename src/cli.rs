//! The command line: `tldoc build`, `serve`, `check`, `diff` and `init`.

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceMap};
use crate::diff::{self, report};
use crate::links::BrokenLink;
use crate::model::Schema;
use crate::site::Site;
use crate::term::{self, and_warnings, plural, summary};
use crate::{schema, source};

/// A static site generator for API references written in TL.
#[derive(Debug, Parser)]
// The version with the commit it was built from, from build.rs.
#[command(name = "tldoc", version = env!("TLDOC_VERSION"), about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a static reference, written atomically.
    Build {
        /// The site directory.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Where to write the site (default: SITE/public).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The URL the site is published at, for the sitemap and canonical links.
        #[arg(long)]
        base_url: Option<String>,
        /// The editor of a content file, `{path}` standing for its path (sets `edit_url`).
        #[arg(long)]
        edit_url: Option<String>,
        /// A schema file's line, `{path}` and `{line}` standing for them (sets `source_url`).
        #[arg(long)]
        source_url: Option<String>,
    },
    /// Build the site into memory and serve it, rebuilding and reloading pages on every save.
    Serve {
        /// The site directory.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on; the next free one is taken when it is in use, any when 0.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(short, long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
        interface: IpAddr,
        /// The URL the site will be published at: the site is served under its path
        /// (`https://x.github.io/repo/` serves it under `/repo/`).
        #[arg(long)]
        base_url: Option<String>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Make a new site to start from (schema, content, settings and a GitHub Pages workflow).
    Init {
        /// Where to make it: a new or empty directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Load the site and report every problem, writing nothing.
    Check {
        /// The site directory.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Also build the site in memory and check that every internal link and anchor of every
        /// page leads somewhere.
        #[arg(long)]
        links: bool,
        /// Print how much of the schema the content documents, and what it does not.
        #[arg(long)]
        coverage: bool,
        /// Fail when less than this percentage of any kind (methods, constructors, types) is
        /// documented; implies `--coverage`.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
        min_coverage: Option<u32>,
    },
    /// Write what the site knows as data, without building it.
    Export {
        /// The site directory.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// What to write: `json` (tldoc.json), `schema-json` (core.telegram.org's format) or
        /// `markdown` (every entity's Markdown copy, one after another).
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// The file to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Start the content file of a method, constructor or type, with every field to fill.
    New {
        /// What it documents.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its name, as the schema has it.
        name: String,
        /// The site directory.
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Compare two schemas and report what changed; exits with 1 only when one cannot be read.
    Diff {
        /// The old schema: a `.tl` file, a directory of them, or a site.
        old: PathBuf,
        /// The new schema, likewise.
        new: PathBuf,
        /// How to write the report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// The formats of `tldoc diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For a terminal: one line per entity, then a summary line.
    Text,
    /// For a changelog.
    Markdown,
    /// For programs.
    Json,
}

/// The formats of `tldoc export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// `tldoc.json`: everything tldoc knows.
    Json,
    /// `schema.json`: core.telegram.org's `schema/json` format.
    SchemaJson,
    /// Every entity's Markdown copy.
    Markdown,
}

/// The kinds `tldoc new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NewKind {
    Method,
    Constructor,
    Type,
}

/// Runs the command line; the exit code is 1 when any error was reported.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            site,
            links,
            coverage,
            min_coverage,
        } => check(
            &site,
            links,
            coverage || min_coverage.is_some(),
            min_coverage,
        ),
        Command::Export {
            site,
            format,
            output,
        } => export(&site, format, output.as_deref()),
        Command::New { kind, name, site } => new_content(&site, kind, &name),
        Command::Init { dir } => init(&dir),
        Command::Build {
            site,
            output,
            base_url,
            edit_url,
            source_url,
        } => build(&site, output, base_url, [edit_url, source_url]),
        Command::Diff { old, new, format } => diff(&old, &new, format),
        Command::Serve {
            site,
            port,
            interface,
            base_url,
            open,
        } => serve(crate::serve::Options {
            site,
            interface,
            port,
            base_url,
            open,
        }),
    }
}

fn build(
    root: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    [edit_url, source_url]: [Option<String>; 2],
) -> ExitCode {
    let started = Instant::now();
    // `tldoc build` exits after this build, and the system takes its memory back at once:
    // freeing the site value by value would add milliseconds, on one core, to every build.
    let mut site = std::mem::ManuallyDrop::new(Site::load(root));
    if base_url.is_some() {
        site.config.base_url = base_url;
    }
    if edit_url.is_some() {
        site.config.edit_url = edit_url;
    }
    if source_url.is_some() {
        site.config.source_url = source_url;
    }
    let out = output.unwrap_or_else(|| root.join("public"));
    let written = site.build_into(&out);
    let mut stderr = term::stderr().lock();
    let _ = stderr.write_all(written.diagnostics.render(&site.sources, true).as_bytes());
    let errors = written.diagnostics.error_count();
    let warnings = written.diagnostics.warning_count();
    let Some(files) = written.files else {
        let _ = writeln!(
            stderr,
            "error: build failed with {}{}; nothing was written",
            plural(errors, "error"),
            and_warnings(warnings)
        );
        return ExitCode::FAILURE;
    };
    let _ = writeln!(
        term::stdout(),
        "{}\nwrote {} files to {} in {} ms{}",
        summary(&site.schema),
        files,
        out.display(),
        started.elapsed().as_millis(),
        if warnings > 0 {
            format!(" ({})", plural(warnings, "warning"))
        } else {
            String::new()
        }
    );
    ExitCode::SUCCESS
}

fn serve(options: crate::serve::Options) -> ExitCode {
    // `serve` returns only when it cannot go on.
    let Err(diagnostic) = crate::serve::serve(&options);
    let _ = writeln!(
        term::stderr(),
        "{}\n",
        diagnostic.render(&crate::diagnostic::SourceMap::new(), true)
    );
    ExitCode::FAILURE
}

fn check(root: &Path, links: bool, coverage: bool, min_coverage: Option<u32>) -> ExitCode {
    let site = Site::load(root);
    // Rendering reports what only rendering finds (links in content, errors of templates in
    // use), so `--links` shows those too; without it, the schema, settings, content and
    // templates are checked.
    let (files, mut diagnostics) = if links {
        let build = site.build();
        (build.files, build.diagnostics)
    } else {
        (None, site.diagnostics.clone())
    };
    let mut broken = Vec::new();
    if let Some(files) = &files {
        broken = crate::links::check(files);
        let sources: HashMap<String, &crate::content::ContentPage> = site
            .content
            .pages
            .iter()
            .map(|page| (page.output_path(), page))
            .collect();
        for link in &broken {
            let source = sources.get(&link.page).copied();
            diagnostics.push(link_diagnostic(link, source, &site));
        }
    }
    let mut stderr = term::stderr().lock();
    // A closed pipe is no reason to panic; there is nobody left to tell.
    let _ = stderr.write_all(diagnostics.render(&site.sources, true).as_bytes());
    let _ = writeln!(
        term::stdout(),
        "{}\n{}",
        summary(&site.schema),
        reading(&site.schema)
    );
    if let Some(history) = &site.history
        && let [oldest, .., newest] = history.versions()
    {
        let versions = history.versions();
        let mut numbers: Vec<String> = versions.iter().map(|version| version.number()).collect();
        numbers.dedup();
        let revisions = if numbers.len() == versions.len() {
            String::new()
        } else {
            format!(
                ", {} with their revisions",
                plural(versions.len(), "schema")
            )
        };
        // `5 layers from layer 100 to 190`, `5 versions from TDLib 1.6.0 to 1.8.65`.
        let _ = writeln!(
            term::stdout(),
            "history: {} from {} {} to {}{revisions}",
            plural(numbers.len(), oldest.noun()),
            oldest.label(),
            oldest.number(),
            newest.number()
        );
    }
    if let Some(files) = &files {
        let pages = files
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .count();
        let _ = writeln!(
            term::stdout(),
            "checked the links of {}: {}",
            plural(pages, "page"),
            match broken.len() {
                0 => "none is broken".to_owned(),
                n => format!("{} broken", plural(n, "link")),
            }
        );
    }
    if coverage {
        let coverage = crate::export::Coverage::new(&site.export_sources());
        let _ = term::stdout().write_all(coverage_report(&coverage).as_bytes());
        if let Some(min) = min_coverage
            && coverage.lowest_percent() < min
        {
            let below = Diagnostic::new(
                Severity::Error,
                format!(
                    "coverage below {min}%: {}",
                    coverage
                        .kinds
                        .iter()
                        .filter(|kind| kind.percent() < min)
                        .map(|kind| format!("{}% of {}", kind.percent(), kind.kind))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_note("`tldoc new method NAME` starts the content file of an entity");
            let _ = writeln!(stderr, "{}\n", below.render(&site.sources, true));
            diagnostics.push(below);
        }
    }
    let errors = diagnostics.error_count();
    let warnings = diagnostics.warning_count();
    if errors > 0 {
        let _ = writeln!(
            stderr,
            "error: check failed with {}{}",
            plural(errors, "error"),
            and_warnings(warnings)
        );
        ExitCode::FAILURE
    } else {
        if warnings > 0 {
            let _ = writeln!(stderr, "check passed with {}", plural(warnings, "warning"));
        }
        ExitCode::SUCCESS
    }
}

/// The table of `tldoc check --coverage`, then what is not documented.
fn coverage_report(coverage: &crate::export::Coverage) -> String {
    use std::fmt::Write as _;
    let share =
        |part: usize, total: usize| format!("{:>3}% ({part})", crate::export::percent(part, total));
    let mut out = String::from(
        "\ncoverage           documented    described     parameters    errors        bots\n",
    );
    for kind in &coverage.kinds {
        let known = |count: Option<usize>| {
            count.map_or_else(|| "-".to_owned(), |count| share(count, kind.total))
        };
        let _ = writeln!(
            out,
            "{:<18} {:<13} {:<13} {:<13} {:<13} {}",
            format!("{} {}", kind.total, kind.kind),
            share(kind.documented, kind.total),
            share(kind.described, kind.total),
            share(kind.params_described, kind.total),
            known(kind.errors_known),
            known(kind.bots_known),
        );
    }
    for kind in &coverage.kinds {
        if kind.missing.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\nundocumented {} ({}):",
            kind.kind,
            kind.missing.len()
        );
        for missing in &kind.missing {
            let _ = writeln!(
                out,
                "  {}: lacks {}",
                missing.name,
                missing.lacks.join("; ")
            );
        }
    }
    out
}

fn export(root: &Path, format: ExportFormat, output: Option<&Path>) -> ExitCode {
    let site = Site::load(root);
    let mut stderr = term::stderr().lock();
    let _ = stderr.write_all(site.diagnostics.render(&site.sources, true).as_bytes());
    if site.diagnostics.has_errors() {
        let _ = writeln!(stderr, "error: the site has errors; nothing was exported");
        return ExitCode::FAILURE;
    }
    let text = match format {
        ExportFormat::Json => crate::export::tldoc_json(&site.export_sources()),
        ExportFormat::SchemaJson => crate::export::schema_json(&site.schema),
        ExportFormat::Markdown => match site.markdown_copies() {
            Ok(text) => text,
            Err(diagnostic) => {
                let _ = stderr.write_all(diagnostic.render(&site.sources, true).as_bytes());
                return ExitCode::FAILURE;
            }
        },
    };
    let written = match output {
        Some(path) => std::fs::write(path, &text)
            .map_err(|error| format!("cannot write `{}`: {error}", path.display())),
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|error| format!("cannot write the export: {error}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(stderr, "error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn new_content(root: &Path, kind: NewKind, name: &str) -> ExitCode {
    let kind = match kind {
        NewKind::Method => crate::model::EntityKind::Method,
        NewKind::Constructor => crate::model::EntityKind::Constructor,
        NewKind::Type => crate::model::EntityKind::Type,
    };
    let site = Site::load(root);
    let mut stderr = term::stderr().lock();
    let fail = |stderr: &mut dyn Write, diagnostic: Diagnostic| {
        let _ = writeln!(stderr, "{}\n", diagnostic.render(&site.sources, true));
        ExitCode::FAILURE
    };
    let Some(stub) = crate::export::stub(&site.export_sources(), kind, name) else {
        return fail(
            &mut stderr,
            Diagnostic::new(
                Severity::Error,
                format!("the schema has no {} `{name}`", kind.noun()),
            )
            .with_note("write the name as the schema does, namespace included: `auth.logOut`"),
        );
    };
    let relative = Path::new("content")
        .join(kind.folder())
        .join(format!("{name}.md"));
    let path = root.join(&relative);
    let created = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
        })
        .and_then(|mut file| file.write_all(stub.as_bytes()));
    match created {
        Ok(()) => {
            let _ = writeln!(term::stdout(), "wrote {}", relative.display());
            ExitCode::SUCCESS
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => fail(
            &mut stderr,
            Diagnostic::new(
                Severity::Error,
                format!(
                    "`{}` exists already; it was left as it is",
                    relative.display()
                ),
            )
            .in_file(&relative),
        ),
        Err(error) => fail(
            &mut stderr,
            Diagnostic::new(
                Severity::Error,
                format!("cannot write `{}`: {error}", relative.display()),
            )
            .in_file(&relative),
        ),
    }
}

fn init(dir: &Path) -> ExitCode {
    match crate::init::init(dir) {
        Ok(()) => {
            let shown = dir.display();
            let _ = writeln!(
                term::stdout(),
                "made a new site in {shown}\n\nnext:\n  tldoc serve {shown}    preview it while you edit\n  \
                 tldoc build {shown}    write it to {shown}/public\n\n\
                 .github/workflows/pages.yml publishes it on GitHub Pages once pushed \
                 (set Pages' source to GitHub Actions)"
            );
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            let rendered = diagnostic.render(&SourceMap::new(), true);
            let _ = write!(term::stderr(), "{rendered}\n\n");
            ExitCode::FAILURE
        }
    }
}

/// A broken link as a diagnostic. One the page's content file wrote is located there and, as the
/// build does with links to missing pages, an error or a warning as `links:` in `tldoc.yaml`
/// says; any other (a template's, or raw HTML's the content file does not hold as written) is
/// an error naming the page, and the content file it was made from, if any.
fn link_diagnostic(
    link: &BrokenLink,
    source: Option<&crate::content::ContentPage>,
    site: &Site,
) -> Diagnostic {
    let message = format!("broken link: {link}");
    let anchor_note = matches!(link.problem, crate::links::Problem::NoAnchor(_)).then_some(
        "where the page has the heading, its id is made as GitHub makes it: lower case, spaces as \
         `-`, punctuation but `_` and `-` left out (`Generating encrypted_message` is \
         `generating-encrypted_message`)",
    );
    let Some(page) = source else {
        let diagnostic = Diagnostic::new(Severity::Error, message).in_file(&link.page);
        return match anchor_note {
            Some(note) => diagnostic.with_note(note),
            None => diagnostic,
        };
    };
    let text = &site.sources.file(page.file).text;
    // The content writes a link to a page by its `.md` source; the page has it as `.html`.
    let written = [link.link.clone(), link.link.replacen(".html", ".md", 1)]
        .into_iter()
        .find_map(|written| {
            let at = text.find(&format!("]({written}"))? + 2;
            Some(at..at + written.len())
        });
    let Some(range) = written else {
        let diagnostic = Diagnostic::new(Severity::Error, message)
            .in_file(&link.page)
            .with_note(format!("the page is made from content/{}", page.path));
        return match anchor_note {
            Some(note) => diagnostic.with_note(note),
            None => diagnostic,
        };
    };
    let span = crate::diagnostic::Span::new(page.file, range);
    let diagnostic = match site.config.links {
        crate::config::LinkPolicy::Error => Diagnostic::error(message, span, "written here"),
        crate::config::LinkPolicy::Warn => Diagnostic::warning(message, span, "written here")
            .with_note("reported, not failed, as `links: warn` in tldoc.yaml says"),
    };
    let diagnostic = diagnostic.with_note(format!("on the page {}", link.page));
    match anchor_note {
        Some(note) => diagnostic.with_note(note),
        None => diagnostic,
    }
}

fn diff(old_path: &Path, new_path: &Path, format: Format) -> ExitCode {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let (old, old_release) = load_for_diff(old_path, &mut sources, &mut diagnostics);
    let (new, new_release) = load_for_diff(new_path, &mut sources, &mut diagnostics);
    if diagnostics.has_errors() {
        // Warnings are shown only beside errors, as context: on success they would be noise in a
        // report about differences, and `tldoc check` is there to list them.
        let mut stderr = term::stderr().lock();
        let _ = stderr.write_all(diagnostics.render(&sources, true).as_bytes());
        let _ = writeln!(
            stderr,
            "error: cannot compare the schemas: {}{}",
            plural(diagnostics.error_count(), "error"),
            and_warnings(diagnostics.warning_count())
        );
        return ExitCode::FAILURE;
    }
    let found = diff::SchemaDiff {
        old_release,
        new_release,
        ..diff::diff(&old, &new)
    };
    let out = match format {
        Format::Text => report::text(&found),
        Format::Markdown => report::markdown(&found),
        Format::Json => match serde_json::to_string_pretty(&found) {
            Ok(json) => json + "\n",
            // Plain data with string keys always serialises; say so rather than panic if not.
            Err(error) => {
                let _ = writeln!(term::stderr(), "error: cannot write JSON: {error}");
                return ExitCode::FAILURE;
            }
        },
    };
    // The terminal report goes through the terminal's stream, which keeps or strips its colours;
    // Markdown and JSON are data, written as they are.
    let _ = match format {
        Format::Text => term::stdout().lock().write_all(out.as_bytes()),
        Format::Markdown | Format::Json => std::io::stdout().lock().write_all(out.as_bytes()),
    };
    ExitCode::SUCCESS
}

/// One side of a diff: a `.tl` file, whose layer (or, for a TDLib schema, its TDLib release:
/// `td_api-1.8.50.tl`) may also come from its name; a site; or a directory of `.tl` files. Paths
/// in diagnostics are shown as the user wrote them.
fn load_for_diff(
    path: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> (Schema, Option<crate::model::Release>) {
    if path.is_dir() {
        let schema_dir = path.join("schema");
        let dir = if schema_dir.is_dir() {
            &schema_dir
        } else {
            path
        };
        return (
            schema::load_dir(dir, Path::new(""), sources, diagnostics),
            None,
        );
    }
    let Some(file) = source::read_source(path, path, sources, diagnostics) else {
        return (Schema::default(), None);
    };
    let mut schema = schema::parse_and_resolve(sources, &[file], diagnostics);
    // TDLib's schema has releases, not layers: `td_api-1.8.50.tl` is no layer 50.
    if schema.kinds.contains(&crate::model::SchemaKind::Tdlib) {
        return (schema, crate::history::release_of(path));
    }
    if schema.layer.is_none() {
        schema.layer = crate::history::layer_of(path, &sources.file(file).text);
    }
    (schema, None)
}

/// How the schema was read: what it is, and the rule its missing ids were computed by.
fn reading(schema: &Schema) -> String {
    let article = match schema.kinds.first() {
        Some(crate::model::SchemaKind::Mtproto) => "an",
        _ => "a",
    };
    format!(
        "read as {article} {} schema; the ids it leaves out are computed by {}",
        schema.kind_description(),
        schema.id_rule.describe()
    )
}
