//! The LP layer (`src/lp.rs`) on the corpus of ill-scaled programs (`corpus.rs`): first,
//! how every program was solved and verified (which route, the largest duality gap, any
//! failure), per family of games; then the time to solve the ordinary games' programs (the
//! families of integer payoffs), to certify their answers once found, and to solve the
//! known cases by the exact simplex alone.
//!
//! Run: `cargo bench --bench lp`. The comparison with another solver is
//! `benches/lp/solvers/` (its own crate, so its dependency stays out of this build).

use std::sync::OnceLock;
use std::time::Instant;

use truce::lp::{LinearProgram, Route, certificate, maximize_exact, solve};

mod corpus;

/// Random games per family.
const PER_FAMILY: usize = 150;

fn programs() -> &'static Vec<(String, Vec<LinearProgram>)> {
    static DATA: OnceLock<Vec<(String, Vec<LinearProgram>)>> = OnceLock::new();
    DATA.get_or_init(|| {
        corpus::families(PER_FAMILY)
            .into_iter()
            .map(|f| {
                let lps = f.games.iter().flat_map(corpus::programs).collect();
                (f.name.to_string(), lps)
            })
            .collect()
    })
}

/// The programs of the ordinary games: the families of integer payoffs (the others are
/// timed per program in the report; their exact fallbacks take milliseconds each).
fn ordinary() -> Vec<&'static LinearProgram> {
    programs()
        .iter()
        .filter(|(name, _)| name.starts_with("integers"))
        .flat_map(|(_, l)| l)
        .collect()
}

fn report() {
    eprintln!(
        "{:<36} {:>8} {:>10} {:>10} {:>7} {:>7} {:>10} {:>9}",
        "family", "programs", "active set", "dual LP", "exact", "failed", "worst gap", "µs each"
    );
    let mut total = [0usize; 5];
    for (name, lps) in programs() {
        let mut count = [0usize; 5];
        let mut worst = 0.0f64;
        let start = Instant::now();
        for lp in lps {
            count[0] += 1;
            match solve(lp) {
                Ok(s) => {
                    worst = worst.max(s.certificate.gap);
                    count[match s.route {
                        Route::Simplex => 1,
                        Route::SimplexDual => 2,
                        Route::Exact => 3,
                    }] += 1;
                }
                Err(e) => {
                    count[4] += 1;
                    eprintln!(
                        "  failed ({} variables, {} rows): {e}",
                        lp.vars(),
                        lp.rows().len()
                    );
                }
            }
        }
        let each = start.elapsed().as_secs_f64() * 1e6 / count[0].max(1) as f64;
        eprintln!(
            "{name:<36} {:>8} {:>10} {:>10} {:>7} {:>7} {worst:>10.1e} {each:>9.1}",
            count[0], count[1], count[2], count[3], count[4]
        );
        total.iter_mut().zip(count).for_each(|(t, c)| *t += c);
    }
    eprintln!(
        "{:<36} {:>8} {:>10} {:>10} {:>7} {:>7}",
        "all", total[0], total[1], total[2], total[3], total[4]
    );
}

fn main() {
    report();
    divan::main();
}

/// Solves every program of the ordinary games once.
#[divan::bench(sample_count = 10)]
fn solve_ordinary() -> usize {
    ordinary()
        .into_iter()
        .filter(|lp| solve(divan::black_box(lp)).is_ok())
        .count()
}

/// Certifies the ordinary games' answers (found beforehand) by their active sets: the cost
/// of the optimality check that most answers need.
#[divan::bench(sample_count = 10)]
fn certify_ordinary(bencher: divan::Bencher) {
    let solved: Vec<_> = ordinary()
        .into_iter()
        .filter_map(|lp| solve(lp).ok().map(|s| (lp, s.x)))
        .collect();
    bencher.bench(|| {
        solved
            .iter()
            .map(|(lp, x)| certificate::certify(lp, divan::black_box(x)).gap)
            .fold(0.0f64, f64::max)
    });
}

/// The known cases' programs by the exact simplex alone.
#[divan::bench(sample_count = 10)]
fn exact_known_cases(bencher: divan::Bencher) {
    let lps: Vec<_> = corpus::known_cases()
        .iter()
        .flat_map(corpus::programs)
        .collect();
    bencher.bench(|| lps.iter().filter(|lp| maximize_exact(lp).is_ok()).count());
}
