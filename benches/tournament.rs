//! The iterated prisoner's dilemma tournament of `benches/data/instances.json`
//! (`ipd_tournament_20`: 20 classic strategies, round robin plus self-play, 200 turns,
//! 10 repetitions, noise 0.05) — the same workload the anchor kit times on the Axelrod
//! library: 210 matches × 10 repetitions × 200 turns = 420 000 rounds.

use truce::tournament::classics::Classic;
use truce::tournament::{Entrant, Rule, TournamentConfig, prisoners_dilemma, round_robin};

fn main() {
    divan::main();
}

#[derive(serde::Deserialize)]
struct Instances {
    tournament: Tournament,
}

#[derive(serde::Deserialize)]
struct Tournament {
    turns: usize,
    repetitions: usize,
    noise: f64,
    seed: u64,
    players: Vec<serde_json::Value>,
}

fn instance() -> Tournament {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/data/instances.json"
    ))
    .expect("benches/data/instances.json is in the repository");
    serde_json::from_str::<Instances>(&text)
        .expect("valid instances file")
        .tournament
}

#[divan::bench(sample_count = 20)]
fn ipd_tournament_20(bencher: divan::Bencher) {
    let t = instance();
    let field: Vec<Entrant> = Classic::reference_field()
        .into_iter()
        .map(|(n, c)| Entrant {
            name: n.to_string(),
            rule: Rule::Classic(c),
        })
        .collect();
    assert_eq!(
        field.len(),
        t.players.len(),
        "the field matches the instance's players"
    );
    for (e, p) in field.iter().zip(&t.players) {
        assert_eq!(p["name"].as_str(), Some(e.name.as_str()));
    }
    let cfg = TournamentConfig {
        rounds: t.turns,
        repetitions: t.repetitions,
        noise: t.noise,
        seed: t.seed,
    };
    let game = prisoners_dilemma();
    bencher.bench(|| round_robin(&game, divan::black_box(&field), &cfg).expect("runs"));
}
