//! Timing shared by the benchmarks: the machines they run on are shared and noisy, so each
//! measure is many runs after a warm-up, reported as median and spread rather than one figure.

use std::time::{Duration, Instant};

/// The times of `runs` runs of `run`, after a tenth as many to warm up, sorted.
pub(crate) fn measure(runs: usize, mut run: impl FnMut()) -> Vec<Duration> {
    for _ in 0..runs / 10 {
        run();
    }
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The median of sorted times.
pub(crate) fn median(sorted: &[Duration]) -> Duration {
    sorted[sorted.len() / 2]
}

/// Prints the median and the 10th and 90th percentiles of sorted times.
pub(crate) fn report(what: &str, sorted: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<56} median {:>7.3} ms   p10 {:>7.3} ms   p90 {:>7.3} ms   ({} runs)",
        ms(median(sorted)),
        ms(sorted[sorted.len() / 10]),
        ms(sorted[sorted.len() * 9 / 10]),
        sorted.len()
    );
}
