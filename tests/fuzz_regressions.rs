//! Every input that once crashed a fuzz target, and a few written by hand to be as hostile
//! (`deep-nesting*`), replayed through the same code the target runs (`tests/fuzz_harness/`).
//! The inputs are `tests/fuzz-regressions/TARGET/*`; a crash found by `cargo fuzz run TARGET` is
//! copied there from `fuzz/artifacts/TARGET/` once fixed.

mod fuzz_harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no input in {}", dir.display());
    for input in inputs {
        // Named first: a stack overflow aborts the process before any panic message.
        println!("replaying {}", input.display());
        run(&std::fs::read(&input).unwrap());
    }
}

#[test]
fn tl() {
    replay("tl", fuzz_harness::tl);
}

#[test]
fn content() {
    replay("content", fuzz_harness::content);
}

#[test]
fn csv() {
    replay("csv", fuzz_harness::csv);
}

#[test]
fn paths() {
    replay("paths", fuzz_harness::paths);
}
