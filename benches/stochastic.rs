//! Speed of the stochastic-game core (`truce::stochastic`): every pure Markov perfect
//! equilibrium and both bounds of each state's subgame-perfect payoff set (64
//! directions) of a four-state game with 3×3 actions per state at δ = 0.9, the size the
//! escalation-ladder scenarios have.
//!
//! Run: `cargo bench --bench stochastic`.

use truce::game::Game;
use truce::stochastic::StochasticGame;
use truce::stochastic::mpe::pure_mpe;
use truce::stochastic::spe_sets::spe_sets;

/// A four-state ladder: each state a 3×3 game whose payoffs fall as the ladder climbs;
/// mutual restraint steps down, any escalation steps up, with some chance of staying.
fn ladder() -> StochasticGame {
    let base = [[5.0, 1.0, 2.0], [7.0, 2.0, 1.5], [6.0, 3.0, 2.5]];
    let games: Vec<Game> = (0..4)
        .map(|s| {
            let cut = s as f64;
            let a: Vec<Vec<f64>> = base
                .iter()
                .map(|r| r.iter().map(|x| x - cut).collect())
                .collect();
            let b: Vec<Vec<f64>> = (0..3)
                .map(|i| (0..3).map(|j| base[j][i] - cut).collect())
                .collect();
            Game::from_rows(&a, &b).expect("a valid game")
        })
        .collect();
    let transitions = (0..4)
        .map(|s: usize| {
            (0..3)
                .map(|r| {
                    (0..3)
                        .map(|c| {
                            let mut d = vec![0.0; 4];
                            let target = if r == 0 && c == 0 {
                                s.saturating_sub(1)
                            } else {
                                (s + 1).min(3)
                            };
                            d[target] += 0.7;
                            d[s] += 0.3;
                            d
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let names = ["truce", "tariff_war", "export_controls", "decoupling"]
        .map(String::from)
        .to_vec();
    StochasticGame::new(names, games, transitions, 0).expect("a valid stochastic game")
}

/// Every pure stationary MPE (9⁴ = 6561 profiles checked).
#[divan::bench(sample_count = 10)]
fn pure_mpe_4_states_3x3(bencher: divan::Bencher) {
    let g = ladder();
    bencher.bench(|| pure_mpe(divan::black_box(&g), 0.9));
}

/// Outer and verified inner bounds of the four states' SPE payoff sets, 64 directions.
#[divan::bench(sample_count = 10)]
fn spe_sets_4_states_3x3(bencher: divan::Bencher) {
    let g = ladder();
    bencher.bench(|| spe_sets(divan::black_box(&g), 0.9, 64));
}

fn main() {
    divan::main();
}
