//! The Abreu–Sannikov sets agree with the reference answers in `tests/data/repeated/`
//! (QuantEcon 0.11.4, `RepeatedGame.equilibrium_payoffs(method='AS')`): same corners
//! within 1e-6 of the payoff range.

use serde_json::Value;
use truce::game::Game;
use truce::geometry::Point;
use truce::repeated::payoff_set::{AsConfig, StopReason, abreu_sannikov};

use crate::common::{self, matrix, pair};

fn load() -> Value {
    common::reference_json("tests/data/repeated/repeated.json")
}

fn points(v: &Value) -> Vec<Point> {
    v.as_array().unwrap().iter().map(pair).collect()
}

#[test]
fn abreu_sannikov_matches_quantecon() {
    let data = load();
    let mut checked = 0;
    for g in data["games"].as_array().unwrap() {
        let (a, b) = (matrix(&g["A"]), matrix(&g["B"]));
        let game = Game::from_rows(&a, &b).unwrap();
        let span = a.iter().flatten().fold(f64::NEG_INFINITY, |m, &x| m.max(x))
            - a.iter().flatten().fold(f64::INFINITY, |m, &x| m.min(x));
        let span = span.max(
            b.iter().flatten().fold(f64::NEG_INFINITY, |m, &x| m.max(x))
                - b.iter().flatten().fold(f64::INFINITY, |m, &x| m.min(x)),
        );
        for r in g["results"].as_array().unwrap() {
            let Some(want) = r.get("vertices_ccw") else {
                continue;
            };
            let want = points(want);
            let delta = r["delta"].as_f64().unwrap();
            let v = abreu_sannikov(&game, delta, &AsConfig::default());
            assert_eq!(v.stop, StopReason::Converged, "{} at {delta}", g["id"]);
            let got = v.vertices.vertices();
            assert_eq!(
                got.len(),
                want.len(),
                "{} at {delta}: {got:?} vs {want:?}",
                g["id"]
            );
            for w in &want {
                assert!(
                    got.iter()
                        .any(|p| (p.0 - w.0).abs() <= 1e-6 * span
                            && (p.1 - w.1).abs() <= 1e-6 * span),
                    "{} at {delta}: corner {w:?} missing from {got:?}",
                    g["id"]
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 18);
}
