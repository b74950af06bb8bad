//! Property tests of the foundation: each states a fact that would fail if the code
//! were wrong.

use std::path::Path;

use proptest::prelude::*;
use truce::game::{Action, Game, Player, PlayerInfo};
use truce::scenario::{Format, Scenario, load, nfg, write};
use truce::stage::dominance::iterated_strict_dominance;
use truce::stage::pure::pure_equilibria;
use truce::stage::pure_values::pure_security;

use crate::common;

fn named(game: Game, names: &[String]) -> Game {
    let (m, n) = game.shape();
    let info = |who: &str, k: usize, off: usize| PlayerInfo {
        name: who.to_string(),
        actions: (0..k)
            .map(|i| Action::named(format!("{}_{i}", names[(i + off) % names.len()])))
            .collect(),
    };
    Game::new(
        info("Washington", m, 0),
        info("Beijing \"PRC\"", n, 3),
        game.a().clone(),
        game.b().clone(),
    )
    .expect("valid")
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    #[test]
    fn pure_equilibria_are_exactly_the_mutual_best_responses(g in common::game_strategy(1..=5, -4..=4)) {
        let (m, n) = g.shape();
        let found: Vec<(usize, usize)> = pure_equilibria(&g).iter().map(|e| (e.row, e.col)).collect();
        let mut brute = Vec::new();
        for i in 0..m {
            for j in 0..n {
                let row_best = (0..m).all(|k| g.a()[(k, j)] <= g.a()[(i, j)]);
                let col_best = (0..n).all(|k| g.b()[(i, k)] <= g.b()[(i, j)]);
                if row_best && col_best {
                    brute.push((i, j));
                }
            }
        }
        prop_assert_eq!(found, brute);
    }

    #[test]
    fn strict_dominance_never_removes_an_equilibrium(g in common::game_strategy(1..=5, -4..=4)) {
        let d = iterated_strict_dominance(&g);
        for e in pure_equilibria(&g) {
            prop_assert!(d.surviving_row.contains(&e.row));
            prop_assert!(d.surviving_col.contains(&e.col));
        }
        prop_assert!(!d.surviving_row.is_empty() && !d.surviving_col.is_empty());
    }

    #[test]
    fn pure_maxmin_never_exceeds_pure_minmax(g in common::game_strategy(1..=5, -4..=4)) {
        for p in Player::BOTH {
            let s = pure_security(&g, p);
            prop_assert!(s.maxmin <= s.minmax);
        }
    }

    #[test]
    fn toml_json_and_nfg_round_trips_keep_the_game(
        g in common::game_strategy(1..=5, -4..=4),
        names in proptest::collection::vec("[a-z][a-z_ ]{0,6}", 6),
        frac in any::<bool>(),
    ) {
        let mut g = named(g, &names);
        if frac {
            let a = g.a().map(|v| v / 4.0 + 0.1);
            g = g.with_payoffs(a, g.b().clone()).expect("valid");
        }
        let mut s = Scenario::from_game("round \"trip\"", g);
        s.description = Some("multi\nline".into());
        let file = Path::new("x");
        let toml_text = write::to_toml(&s).expect("toml");
        let back = load(&toml_text, Format::Toml, file).expect("toml loads");
        prop_assert_eq!(&back.game, &s.game);
        prop_assert_eq!(&back.title, &s.title);
        let json_text = write::to_json(&s).expect("json");
        let back = load(&json_text, Format::Json, file).expect("json loads");
        prop_assert_eq!(&back.game, &s.game);
        for form in [nfg::NfgForm::Payoff, nfg::NfgForm::Outcome] {
            let back = load(&nfg::write(&s, form), Format::Nfg, file).expect("nfg loads");
            prop_assert_eq!(&back.game, &s.game);
            // and on to TOML again
            let again = load(&write::to_toml(&back).expect("toml"), Format::Toml, file).expect("loads");
            prop_assert_eq!(&again.game, &s.game);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_loaders(text in "\\PC{0,200}") {
        for f in [Format::Toml, Format::Json, Format::Nfg] {
            let _ = load(&text, f, Path::new("fuzz"));
        }
    }

    /// Arbitrary bytes, invalid UTF-8 included, read from a file of each kind: an error
    /// or a scenario, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic_the_file_loader(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let dir = tempfile::tempdir().expect("temp dir");
        for ext in ["toml", "json", "nfg"] {
            let path = dir.path().join(format!("fuzz.{ext}"));
            std::fs::write(&path, &bytes).expect("written");
            let _ = truce::scenario::load_file(&path);
        }
    }

    /// A bundled scenario with one byte changed still loads or fails cleanly.
    #[test]
    fn a_scenario_with_one_byte_changed_never_panics(at in 0usize..4000, byte in any::<u8>()) {
        let text = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/geneva_truce.toml"));
        let mut bytes = text.to_vec();
        let k = at % bytes.len();
        bytes[k] = byte;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("mutated.toml");
        std::fs::write(&path, &bytes).expect("written");
        let _ = truce::scenario::load_file(&path);
    }

    #[test]
    fn nfg_like_text_never_panics(body in proptest::collection::vec(prop_oneof![
        Just("{".to_string()), Just("}".to_string()), Just("\"s\"".to_string()),
        (0i64..5).prop_map(|v| v.to_string()), Just("1/0".to_string()), Just("-".to_string()),
    ], 0..40)) {
        let text = format!("NFG 1 R \"t\" {}", body.join(" "));
        let _ = load(&text, Format::Nfg, Path::new("fuzz.nfg"));
    }
}
