//! Speed of the perfect public equilibrium payoff set (`truce::monitoring::ppe_set`): both
//! bounds of a 3×3 game with two public signals at δ = 0.9, at 32, 64 and 128 directions,
//! and of the noisy prisoner's dilemma of Mailath & Samuelson §7.2.
//!
//! Run: `cargo bench --bench monitoring`.

use truce::game::Game;
use truce::monitoring::closed_forms::{prisoners_dilemma, signals};
use truce::monitoring::ppe_set::{PpeSetConfig, ppe_payoff_set};
use truce::monitoring::signals::SignalStructure;

/// The 3×3 example of Abreu & Sannikov (2014), with a "quiet" signal whose probability
/// falls from 0.8 at the top-left profile as either player moves away from it.
fn three_by_three() -> (Game, SignalStructure) {
    let g = Game::from_rows(
        &[
            vec![16.0, 3.0, 0.0],
            vec![21.0, 10.0, -1.0],
            vec![9.0, 5.0, -5.0],
        ],
        &[
            vec![9.0, 13.0, 3.0],
            vec![1.0, 4.0, 0.0],
            vec![0.0, -4.0, -15.0],
        ],
    )
    .expect("valid game");
    let probs = (0..3)
        .map(|r| {
            (0..3)
                .map(|c| {
                    let p = 0.8 / (1.0 + (r + 2 * c) as f64);
                    vec![p, 1.0 - p]
                })
                .collect()
        })
        .collect();
    let s = SignalStructure::new(vec!["quiet".into(), "alarm".into()], probs, (3, 3))
        .expect("valid signals");
    (g, s)
}

fn cfg(directions: usize) -> PpeSetConfig {
    PpeSetConfig {
        directions,
        ..PpeSetConfig::default()
    }
}

/// Outer and inner bounds of the 3×3 game with two signals at δ = 0.9.
#[divan::bench(args = [32, 64, 128], sample_count = 10)]
fn ppe_set_3x3_two_signals(bencher: divan::Bencher, directions: usize) {
    let (g, s) = three_by_three();
    bencher.bench(|| ppe_payoff_set(divan::black_box(&g), &s, 0.9, &cfg(directions)));
}

/// Outer and inner bounds of the noisy prisoner's dilemma (p = 0.9, q = 0.5, r = 0.2).
#[divan::bench(args = [32, 64, 128], sample_count = 10)]
fn ppe_set_noisy_prisoners_dilemma(bencher: divan::Bencher, directions: usize) {
    let pd = prisoners_dilemma();
    let s = signals(0.9, 0.5, 0.2).expect("valid signals");
    bencher.bench(|| ppe_payoff_set(divan::black_box(&pd), &s, 0.9, &cfg(directions)));
}

fn main() {
    divan::main();
}
