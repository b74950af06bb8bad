//! Speed of a parameter sweep and what the parallel evaluation of its points buys: the
//! bundled Geneva scenario swept over δ from 0 to 0.95 in 40 points (each point: stage
//! equilibria, the truce's critical δ by Nash reversion and by the harshest punishment,
//! the Abreu–Sannikov set, and exact values and SPE checks of the eight declared
//! strategy pairs), on one worker thread and on two.
//!
//! Run: `cargo bench --bench sweep`.

use std::path::Path;

use truce::scenario::{Scenario, load_file};
use truce::sweep::{Baseline, parse_grid, run};

fn scenario() -> Scenario {
    load_file(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/geneva_truce.toml"
    )))
    .expect("the bundled scenario loads")
}

fn main() {
    divan::main();
}

#[divan::bench(args = [1, 2])]
fn geneva_delta_sweep_40(bencher: divan::Bencher, threads: usize) {
    let s = scenario();
    let grid = parse_grid("delta=0:0.95:40", &s).expect("a valid grid");
    let base = Baseline::of(&s);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("worker threads");
    bencher.bench_local(|| {
        let mut n = 0usize;
        pool.install(|| run(&s, &grid, &base, &mut |_| n += 1, &|| {}))
            .expect("the sweep runs");
        assert_eq!(n, 40);
        n
    });
}
