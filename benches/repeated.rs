//! Speed of the Abreu–Sannikov set and of the critical-δ searches on the repeated-game
//! instances shared with the speed anchors (`benches/data/instances.json`, a copy of the
//! anchors' file), so the times compare directly with QuantEcon's
//! `RepeatedGame.equilibrium_payoffs(method='AS')` measured on the same machine.
//!
//! Run: `cargo bench --bench repeated`.

use std::sync::OnceLock;

use serde::Deserialize;
use truce::game::Game;
use truce::repeated::critical_delta::{
    HarshestConfig, StageEquilibrium, harshest, nash_reversion_all,
};
use truce::repeated::payoff_set::{AsConfig, abreu_sannikov};
use truce::stage::pure::pure_equilibria;

#[derive(Deserialize)]
struct Instances {
    repeated: Vec<Repeated>,
}

#[derive(Deserialize)]
struct Repeated {
    id: String,
    delta: f64,
    #[serde(rename = "A")]
    a: Vec<Vec<f64>>,
    #[serde(rename = "B")]
    b: Vec<Vec<f64>>,
}

fn instances() -> &'static [(String, f64, Game)] {
    static CELL: OnceLock<Vec<(String, f64, Game)>> = OnceLock::new();
    CELL.get_or_init(|| {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/benches/data/instances.json"
        ))
        .expect("benches/data/instances.json is part of the repository");
        let inst: Instances = serde_json::from_str(&text).expect("valid instances file");
        inst.repeated
            .into_iter()
            .map(|r| {
                let g = Game::from_rows(&r.a, &r.b).expect("valid game");
                (r.id, r.delta, g)
            })
            .collect()
    })
}

const IDS: &[&str] = &[
    "rep_prisoners_dilemma_d0.9",
    "rep_prisoners_dilemma_d0.95",
    "rep_abreu_sannikov_2014_d0.3",
    "rep_abreu_sannikov_2014_d0.9",
    "rep_abreu_sannikov_2014_d0.95",
    "rep_trade_war_3x3_d0.9",
    "rep_trade_war_3x3_d0.95",
    "rep_random_4x4_d0.9",
    "rep_random_4x4_d0.95",
];

fn find(id: &str) -> &'static (String, f64, Game) {
    instances()
        .iter()
        .find(|x| x.0 == id)
        .expect("instance listed in IDS")
}

/// The pure SPE payoff set (Abreu–Sannikov), default options.
#[divan::bench(args = IDS)]
fn abreu_sannikov_set(bencher: divan::Bencher, id: &str) {
    let (_, delta, g) = find(id);
    bencher.bench(|| abreu_sannikov(divan::black_box(g), *delta, &AsConfig::default()));
}

/// Nash-reversion critical δ of every pure profile.
#[divan::bench(args = IDS)]
fn critical_delta_nash_reversion(bencher: divan::Bencher, id: &str) {
    let (_, _, g) = find(id);
    bencher.bench(|| {
        let eq: Vec<_> = pure_equilibria(g)
            .iter()
            .map(|e| StageEquilibrium::pure(g, (e.row, e.col)))
            .collect();
        nash_reversion_all(divan::black_box(g), &eq)
    });
}

/// Harshest-punishment critical δ (bisection over AS solves) of profile (0, 0).
#[divan::bench(args = IDS, sample_count = 10)]
fn critical_delta_harshest(bencher: divan::Bencher, id: &str) {
    let (_, _, g) = find(id);
    bencher.bench(|| harshest(divan::black_box(g), (0, 0), &HarshestConfig::default()));
}

fn main() {
    divan::main();
}
