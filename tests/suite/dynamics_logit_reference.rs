//! The logit path selects a Nash equilibrium: on the reference games (equilibria computed by
//! Gambit, copied into tests/data/extreme_equilibria.json) the path converges, the selected
//! equilibrium is verified and lies near the end of the path, and — outside games whose
//! equilibria form continua — it is one of the extreme equilibria Gambit lists.

use serde_json::Value;
use truce::dynamics::StopReason;
use truce::dynamics::logit::{LogitConfig, logit_path};
use truce::game::Game;

use crate::common::{floats, matrix};

#[test]
fn logit_selects_a_reference_equilibrium() {
    let data: Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/extreme_equilibria.json"
    )))
    .unwrap();
    let games = data["games"].as_array().unwrap();
    assert_eq!(games.len(), 63);
    let mut extreme = 0;
    let mut inside_continuum = 0;
    for g in games {
        let game = Game::from_rows(&matrix(&g["a"]), &matrix(&g["b"])).unwrap();
        let cfg = LogitConfig::for_game(&game);
        let r = logit_path(&game, &cfg);
        assert_eq!(r.outcome.stop, StopReason::Converged, "{}", g["id"]);
        assert!(r.outcome.regret <= cfg.regret_target, "{}", g["id"]);
        let (x, y) = r
            .equilibrium
            .clone()
            .unwrap_or_else(|| panic!("{}", g["id"]));
        assert!(game.is_equilibrium(&x, &y), "{}", g["id"]);
        // The selected equilibrium is close to where the path ended.
        let gap = x
            .probs()
            .iter()
            .zip(r.outcome.end_row.probs())
            .chain(y.probs().iter().zip(r.outcome.end_col.probs()))
            .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
        assert!(gap < 0.05, "{}: {gap}", g["id"]);
        let hit = g["extreme_equilibria"].as_array().unwrap().iter().any(|e| {
            let want: Vec<f64> = floats(&e["row"])
                .into_iter()
                .chain(floats(&e["col"]))
                .collect();
            let got: Vec<f64> = x.probs().iter().chain(y.probs()).copied().collect();
            want.len() == got.len() && want.iter().zip(&got).all(|(a, b)| (a - b).abs() < 1e-6)
        });
        if hit {
            extreme += 1;
        } else {
            // Where the equilibria form a continuum (ties in integer payoffs) the path may
            // end inside it rather than at a corner; elsewhere the selection is a corner.
            assert!(
                g["continuum"].as_bool().unwrap(),
                "{}: not one of Gambit's",
                g["id"]
            );
            inside_continuum += 1;
        }
    }
    assert_eq!(extreme + inside_continuum, 63);
    assert!(extreme >= 51, "only {extreme} extreme");
}
