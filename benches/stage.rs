//! Stage-game solver speed on the anchor instances (`benches/data/instances.json`, the
//! same games the reference software is timed on): all extreme equilibria of the
//! `enum_*` (degenerate, integer) and `enumf_*` (nondegenerate) games, Lemke–Howson from
//! label 0 on the `lcpf_*` games and on the degenerate `lcp_200x200`.
//!
//! Run: `cargo bench --bench stage`. Each benchmark times the solver call only; the game is
//! built beforehand.

use std::sync::OnceLock;

use truce::game::Game;
use truce::stage::lemke_howson::{LhConfig, LhStatus, lemke_howson};
use truce::stage::vertex::extreme_equilibria;

#[derive(serde::Deserialize)]
struct Instances {
    bimatrix: Vec<Bimatrix>,
}

#[derive(serde::Deserialize)]
struct Bimatrix {
    id: String,
    #[serde(rename = "A")]
    a: Vec<Vec<f64>>,
    #[serde(rename = "B")]
    b: Vec<Vec<f64>>,
}

fn instances() -> &'static Vec<Bimatrix> {
    static DATA: OnceLock<Vec<Bimatrix>> = OnceLock::new();
    DATA.get_or_init(|| {
        let text = include_str!("data/instances.json");
        let parsed: Instances =
            serde_json::from_str(text).expect("benches/data/instances.json parses");
        parsed.bimatrix
    })
}

fn game(id: &str) -> Game {
    let inst = instances()
        .iter()
        .find(|b| b.id == id)
        .unwrap_or_else(|| panic!("instance {id} missing"));
    Game::from_rows(&inst.a, &inst.b).expect("instance is a valid game")
}

fn main() {
    // Print the facts the timings are about (equilibrium counts, pivots) once.
    for id in [
        "enum_8x8",
        "enum_10x10",
        "enum_12x12",
        "enumf_8x8",
        "enumf_10x10",
        "enumf_12x12",
    ] {
        let e = extreme_equilibria(&game(id)).expect("enumeration verifies");
        eprintln!(
            "{id}: {} extreme equilibria, polytope vertices {:?}",
            e.equilibria.len(),
            e.polytope_sizes
        );
    }
    for id in [
        "lcpf_100x100",
        "lcpf_200x200",
        "lcpf_400x400",
        "lcp_200x200",
    ] {
        let r = lemke_howson(&game(id), 0, &LhConfig::default()).expect("label 0 exists");
        let e = r.equilibrium.as_ref().expect("verified equilibrium");
        eprintln!(
            "{id}: {:?} after {} pivots, supports {}+{}",
            r.status,
            r.pivots,
            e.row.support().len(),
            e.col.support().len()
        );
    }
    divan::main();
}

#[divan::bench(args = ["enum_8x8", "enum_10x10", "enum_12x12", "enumf_8x8", "enumf_10x10", "enumf_12x12"], sample_count = 20)]
fn enumerate(bencher: divan::Bencher, id: &str) {
    let g = game(id);
    bencher.bench(|| extreme_equilibria(divan::black_box(&g)).map(|e| e.equilibria.len()));
}

#[divan::bench(args = ["lcpf_100x100", "lcpf_200x200", "lcpf_400x400", "lcp_200x200"], sample_count = 5, sample_size = 1)]
fn lemke_howson_label_0(bencher: divan::Bencher, id: &str) {
    let g = game(id);
    bencher.bench(|| {
        let r = lemke_howson(divan::black_box(&g), 0, &LhConfig::default());
        matches!(r, Ok(ref r) if r.status == LhStatus::Equilibrium)
    });
}
