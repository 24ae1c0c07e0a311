//! Prints how long loading, parsing and resolving a real schema takes.
//!
//! `cargo bench --bench schema` runs it on `../shared/telegram-190` (layer 190, both files) and
//! prints the median and spread of many runs; the machines this runs on are shared and noisy, so
//! one run means little. A path given after `--` measures another site instead.

mod common;

use std::hint::black_box;
use std::path::PathBuf;

use common::{measure, report};
use tldoc::diagnostic::{Diagnostics, SourceMap};
use tldoc::{model, site, tl};

const RUNS: usize = 200;

fn main() {
    let root = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .map_or_else(|| PathBuf::from("../shared/telegram-190"), PathBuf::from);
    if !root.join("schema").is_dir() {
        println!(
            "skipped: no site at {} (the shared data is absent)",
            root.display()
        );
        return;
    }

    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let schema = site::load_schema(&root, &mut sources, &mut diagnostics);
    let files: Vec<_> = sources.ids().collect();
    let bytes: usize = files.iter().map(|&f| sources.file(f).text.len()).sum();
    println!(
        "schema of {}: {} files, {} KiB; {}",
        root.display(),
        files.len(),
        bytes / 1024,
        tldoc::term::summary(&schema)
    );

    let parse = measure(RUNS, || {
        let mut diagnostics = Diagnostics::new();
        for &file in &files {
            black_box(tl::parse(file, &sources.file(file).text, &mut diagnostics));
        }
    });
    let parsed: Vec<_> = files
        .iter()
        .map(|&file| tl::parse(file, &sources.file(file).text, &mut Diagnostics::new()))
        .collect();
    let resolve = measure(RUNS, || {
        black_box(model::resolve(&parsed, &sources, &mut Diagnostics::new()));
    });
    let load = measure(RUNS, || {
        let mut sources = SourceMap::new();
        black_box(site::load_schema(
            &root,
            &mut sources,
            &mut Diagnostics::new(),
        ));
    });
    report("parse (lex + parse, one thread)", &parse);
    report("resolve", &resolve);
    report("load (read + parse in parallel + resolve)", &load);
}
