//! Prints what a layer history costs: loading the layers, diffing them, building the history.
//!
//! `cargo bench --bench history` runs it on the twenty-one real layers of `../shared`
//! (`telegram-history/api-170.tl`..`api-189.tl` and `telegram-190/schema/api.tl`) and prints
//! medians of many runs, the machines being shared and noisy. The history's share of a site build
//! is loading the older layers (the current one is loaded anyway, and a site loads the older ones
//! only as deep as comparing needs: [`Depth::Layer`]) plus [`History::new`]; the target is under
//! 0.2 s for twenty layers, growing linearly with their number, which the runs over the first 6,
//! 11 and 21 layers show. `bench/history.py` measures the same on whole builds.

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use common::{measure, median, report};

use rayon::prelude::*;
use tldoc::diagnostic::{Diagnostics, SourceMap};
use tldoc::history::History;
use tldoc::model::{self, Depth, Schema};
use tldoc::{diff, schema, tl};

const RUNS: usize = 30;

fn main() {
    let shared = Path::new("../shared");
    let mut paths: Vec<PathBuf> = (170..190)
        .map(|layer| shared.join(format!("telegram-history/api-{layer}.tl")))
        .collect();
    paths.push(shared.join("telegram-190/schema/api.tl"));
    if let Some(missing) = paths.iter().find(|path| !path.is_file()) {
        println!(
            "skipped: {} is absent (the shared data ships only with CI)",
            missing.display()
        );
        return;
    }
    let texts: Vec<String> = paths
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("a readable layer"))
        .collect();
    let layers: Vec<(u32, Schema)> = texts.iter().map(|text| load(text)).collect();
    println!(
        "{} layers, {} to {}, {} KiB of TL",
        layers.len(),
        layers[0].0,
        layers[layers.len() - 1].0,
        texts.iter().map(String::len).sum::<usize>() / 1024
    );

    let older = &texts[..texts.len() - 1];
    let load_one = measure(RUNS, || {
        black_box(load(&texts[0]));
    });
    let load_one_layer = measure(RUNS, || {
        black_box(load_layer(&texts[0]));
    });
    let load_older_serial = measure(RUNS, || {
        black_box(
            older
                .iter()
                .map(|text| load_layer(text))
                .collect::<Vec<_>>(),
        );
    });
    let load_older = measure(RUNS, || {
        black_box(
            older
                .par_iter()
                .map(|text| load_layer(text))
                .collect::<Vec<_>>(),
        );
    });
    let pairs = measure(RUNS, || {
        for pair in layers.windows(2) {
            black_box(diff::diff(&pair[0].1, &pair[1].1));
        }
    });
    report("load one layer (parse + full resolve)", &load_one);
    report(
        "load one layer as an earlier one (Depth::Layer)",
        &load_one_layer,
    );
    report(
        "load the 20 older layers as earlier ones (one thread)",
        &load_older_serial,
    );
    report(
        "load the 20 older layers as earlier ones (parallel)",
        &load_older,
    );
    report("diff the 20 pairs (one thread)", &pairs);
    let mut whole = Vec::new();
    for count in [6, 11, layers.len()] {
        let borrowed: Vec<(u32, &Schema)> = layers[..count]
            .iter()
            .map(|(layer, schema)| (*layer, schema))
            .collect();
        let times = measure(RUNS, || {
            black_box(History::new(borrowed.clone()).expect("distinct layers"));
        });
        report(&format!("History::new over {count} layers"), &times);
        println!(
            "{:<56} {:>7.3} ms per layer",
            "",
            median(&times).as_secs_f64() * 1000.0 / count as f64
        );
        whole = times;
    }
    let extra = median(&load_older) + median(&whole);
    println!(
        "history of 21 layers (load 20 earlier layers in parallel + History::new): {:.1} ms \
         (bench/history.py measures whole builds)",
        extra.as_secs_f64() * 1000.0
    );
}

/// One layer as a site loads an earlier one: resolved only as deep as comparing needs.
fn load_layer(text: &str) -> Schema {
    let mut sources = SourceMap::new();
    let file = sources.add("api.tl", text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let tree = tl::parse(file, text, &mut diagnostics);
    let schema = model::resolve_to(
        Depth::Layer,
        std::slice::from_ref(&tree),
        &sources,
        &mut diagnostics,
    );
    assert!(!diagnostics.has_errors(), "a real layer loads cleanly");
    schema
}

/// One layer as a site loads its current one, with its layer from its `// LAYER` line.
fn load(text: &str) -> (u32, Schema) {
    let mut sources = SourceMap::new();
    let file = sources.add("api.tl", text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let schema = schema::parse_and_resolve(&sources, &[file], &mut diagnostics);
    assert!(!diagnostics.has_errors(), "a real layer loads cleanly");
    (schema.layer.expect("a // LAYER line"), schema)
}
