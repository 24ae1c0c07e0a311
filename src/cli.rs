//! The command line: `tldoc build`, `tldoc serve` and `tldoc check`.

use std::io::{IsTerminal, Write};
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::model::Schema;
use crate::site::Site;

/// A static site generator for API references written in TL.
#[derive(Debug, Parser)]
#[command(name = "tldoc", version, about)]
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
    /// Load the site's schema and report every problem, writing nothing.
    Check {
        /// The site directory.
        #[arg(default_value = ".")]
        site: PathBuf,
    },
}

/// Runs the command line; the exit code is 1 when any error was reported.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { site } => check(&site),
        Command::Build {
            site,
            output,
            base_url,
        } => build(&site, output, base_url),
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

/// Whether diagnostics on stderr get colour.
pub(crate) fn styled() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn build(root: &Path, output: Option<PathBuf>, base_url: Option<String>) -> ExitCode {
    let started = Instant::now();
    let mut site = Site::load(root);
    if base_url.is_some() {
        site.config.base_url = base_url;
    }
    let files = site.build();
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(site.diagnostics.render(&site.sources, styled()).as_bytes());
    let errors = site.diagnostics.error_count();
    let warnings = site.diagnostics.warning_count();
    let Some(files) = files else {
        let _ = writeln!(
            stderr,
            "error: build failed with {}{}; nothing was written",
            plural(errors, "error"),
            and_warnings(warnings)
        );
        return ExitCode::FAILURE;
    };
    let out = output.unwrap_or_else(|| root.join("public"));
    if let Err(diagnostic) = crate::site::write_output(root, &out, &files) {
        let _ = stderr.write_all(diagnostic.render(&site.sources, styled()).as_bytes());
        let _ = writeln!(stderr, "\n");
        return ExitCode::FAILURE;
    }
    let _ = writeln!(
        std::io::stdout(),
        "{}\nwrote {} files to {} in {} ms{}",
        summary(&site.schema),
        files.len(),
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
        std::io::stderr(),
        "{}\n",
        diagnostic.render(&crate::diagnostic::SourceMap::new(), styled())
    );
    ExitCode::FAILURE
}

fn check(root: &Path) -> ExitCode {
    let site = Site::load(root);
    let mut stderr = std::io::stderr().lock();
    // A closed pipe is no reason to panic; there is nobody left to tell.
    let _ = stderr.write_all(site.diagnostics.render(&site.sources, styled()).as_bytes());
    let _ = writeln!(std::io::stdout(), "{}", summary(&site.schema));
    let errors = site.diagnostics.error_count();
    let warnings = site.diagnostics.warning_count();
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

/// The one-line description of a schema: layer and counts.
pub fn summary(schema: &Schema) -> String {
    let layer = schema.layer.map_or_else(
        || "layer unknown".to_owned(),
        |layer| format!("layer {layer}"),
    );
    format!(
        "{layer}: {}, {}, {}, {} (and {})",
        plural(schema.constructors.len(), "constructor"),
        plural(schema.methods.len(), "method"),
        plural(schema.types.len(), "type"),
        plural(schema.namespaces.len(), "namespace"),
        plural(schema.builtins.len(), "builtin type"),
    )
}

/// `1 noun` or `N nouns`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn and_warnings(warnings: usize) -> String {
    if warnings == 0 {
        String::new()
    } else {
        format!(" and {}", plural(warnings, "warning"))
    }
}
