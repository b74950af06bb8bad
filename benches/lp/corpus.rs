//! The corpus of ill-scaled linear programs the LP layer is measured on: every program
//! that the default `solve` builds (mixed dominance, minmax and maxmin, the zero-sum value,
//! the correlated equilibrium and its optimal face) for
//!
//! - the games that broke earlier versions: row payoffs all zero against column payoffs
//!   [[9626, 8181], [9650, 565]]; payoffs of exactly 10¹² beside single digits; payoffs of
//!   10⁻⁹ beside ones;
//! - random games of 1 to 8 actions per player (seeded, so the corpus is the same on every
//!   machine) with integer payoffs 0–999, 0–9,999, 0–10⁶, 0–10¹² and −9,999–9,999, payoffs
//!   0, 1 or multiples of 10⁻⁹, and payoffs of any size from 10⁻⁹ to 10¹² with either sign.
//!
//! Shared by the bench `benches/lp/main.rs`, the solver comparison `benches/lp/solvers/`
//! and the regression tests.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use truce::game::Game;
use truce::lp::{LinearProgram, recording};
use truce::stage::solution::{SolveConfig, solve_stage};

/// A named family of games.
pub struct Family {
    pub name: &'static str,
    pub games: Vec<Game>,
}

fn game(a: &[[f64; 2]; 2], b: &[[f64; 2]; 2]) -> Game {
    let rows = |m: &[[f64; 2]; 2]| m.iter().map(|r| r.to_vec()).collect::<Vec<_>>();
    Game::from_rows(&rows(a), &rows(b)).expect("a valid game")
}

/// The games that broke earlier versions of the layer.
pub fn known_cases() -> Vec<Game> {
    vec![
        game(
            &[[0.0, 0.0], [0.0, 0.0]],
            &[[9626.0, 8181.0], [9650.0, 565.0]],
        ),
        game(&[[1e12, 0.0], [3.0, 1e12]], &[[1.0, 2.0], [1e12, 0.0]]),
        game(&[[1e-9, 1.0], [1.0, 0.0]], &[[1.0, 1e-9], [0.0, 2e-9]]),
        game(&[[1.0, 1e-9], [1e-9, 1.0]], &[[1e-9, 1.0], [1.0, 1e-9]]),
    ]
}

/// `count` random games whose payoffs `draw` makes.
fn random(count: usize, seed: u64, draw: impl Fn(&mut ChaCha8Rng) -> f64) -> Vec<Game> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            let (m, n) = (rng.random_range(1..=8), rng.random_range(1..=8));
            let matrix = |rng: &mut ChaCha8Rng| -> Vec<Vec<f64>> {
                (0..m)
                    .map(|_| (0..n).map(|_| draw(rng)).collect())
                    .collect()
            };
            let (a, b) = (matrix(&mut rng), matrix(&mut rng));
            Game::from_rows(&a, &b).expect("a valid game")
        })
        .collect()
}

/// The families, `per_family` random games each (the known cases are one family).
pub fn families(per_family: usize) -> Vec<Family> {
    let int = |hi: i64| move |r: &mut ChaCha8Rng| r.random_range(0..=hi) as f64;
    vec![
        Family {
            name: "known cases",
            games: known_cases(),
        },
        Family {
            name: "integers 0-999",
            games: random(per_family, 1, int(999)),
        },
        Family {
            name: "integers 0-9999",
            games: random(per_family, 2, int(9_999)),
        },
        Family {
            name: "integers 0-1e6",
            games: random(per_family, 3, int(1_000_000)),
        },
        Family {
            name: "integers 0-1e12",
            games: random(per_family, 4, int(1_000_000_000_000)),
        },
        Family {
            name: "integers -9999-9999",
            games: random(per_family, 5, |r| r.random_range(-9_999..=9_999) as f64),
        },
        Family {
            name: "0, 1 and multiples of 1e-9",
            games: random(per_family, 6, |r| match r.random_range(0..3) {
                0 => 0.0,
                1 => 1.0,
                _ => r.random_range(1..=9) as f64 * 1e-9,
            }),
        },
        Family {
            name: "any size 1e-9 to 1e12, either sign",
            games: random(per_family, 7, |r| {
                let v = 10f64.powf(r.random_range(-9.0..=12.0));
                if r.random_bool(0.5) { v } else { -v }
            }),
        },
    ]
}

/// Every program the default `solve` of `game` hands to the LP layer.
pub fn programs(game: &Game) -> Vec<LinearProgram> {
    recording(|| solve_stage(game, &SolveConfig::default())).1
}
