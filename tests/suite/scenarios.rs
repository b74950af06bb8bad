//! The bundled scenario catalog: every file loads, solves, and the classics have their
//! textbook pure equilibria.

use truce::game::Player;
use truce::scenario::load_file;
use truce::stage::summary::summarize;

use crate::common;

#[test]
fn every_scenario_loads_and_solves() {
    let all = common::all_scenarios();
    assert!(
        all.len() >= 10,
        "expected the trade scenarios and the classics"
    );
    for path in all {
        let s = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!s.title.is_empty(), "{} has no title", path.display());
        assert!(
            s.description.is_some() && s.source.is_some(),
            "{} lacks description/source",
            path.display()
        );
        let st = summarize(&s.game);
        for e in &st.pure_equilibria {
            let x = truce::game::MixedStrategy::pure(s.game.num_actions(Player::Row), e.row);
            let y = truce::game::MixedStrategy::pure(s.game.num_actions(Player::Col), e.col);
            assert!(s.game.is_equilibrium(&x, &y));
        }
    }
}

fn pure_profiles(file: &str) -> Vec<(String, String)> {
    let s = load_file(&common::scenario(file)).expect("loads");
    summarize(&s.game)
        .pure_equilibria
        .iter()
        .map(|e| {
            (
                s.game.action_name(Player::Row, e.row).to_string(),
                s.game.action_name(Player::Col, e.col).to_string(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn classics_have_their_textbook_pure_equilibria() {
    assert_eq!(
        pure_profiles("prisoners_dilemma.toml"),
        pairs(&[("defect", "defect")])
    );
    assert_eq!(
        pure_profiles("chicken.toml"),
        pairs(&[("swerve", "straight"), ("straight", "swerve")])
    );
    assert_eq!(
        pure_profiles("stag_hunt.toml"),
        pairs(&[("stag", "stag"), ("hare", "hare")])
    );
    assert_eq!(
        pure_profiles("battle_of_the_sexes.toml"),
        pairs(&[("opera", "opera"), ("football", "football")])
    );
    assert!(pure_profiles("matching_pennies.toml").is_empty());
    assert!(pure_profiles("rock_paper_scissors.toml").is_empty());
    assert_eq!(
        pure_profiles("degenerate.toml"),
        pairs(&[("top", "left"), ("bottom", "right")])
    );
}

#[test]
fn trade_scenarios_declare_strategies_and_repeated_settings() {
    for f in [
        "geneva_truce.toml",
        "export_controls.toml",
        "leaders_call.toml",
    ] {
        let s = load_file(&common::scenario(f)).expect("loads");
        assert!(s.repeated.is_some(), "{f}");
        assert!(s.strategies.len() >= 2, "{f}");
    }
}
