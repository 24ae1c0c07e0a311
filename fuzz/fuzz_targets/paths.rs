//! The `paths` target: see `tests/fuzz_harness/mod.rs`.
#![no_main]

#[path = "../../tests/fuzz_harness/mod.rs"]
// Each target calls one of the harness's functions.
#[allow(dead_code)]
mod fuzz_harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_harness::paths(data));
