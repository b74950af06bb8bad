//! The `bargain` command end to end, and the Nash bargaining point against reference games
//! whose expected points were computed independently (tests/data/bargain_reference.json).

use serde_json::Value;
use truce::bargain::Disagreement;
use truce::bargain::frontier::FeasibleSet;
use truce::bargain::nash::nash_bargaining;
use truce::game::Game;

use crate::common::{json, matrix, pair, truce};

fn close(a: (f64, f64), b: (f64, f64), tol: f64) -> bool {
    (a.0 - b.0).abs() <= tol && (a.1 - b.1).abs() <= tol
}

#[test]
fn nash_bargaining_matches_the_reference_points() {
    let data: Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/bargain_reference.json"
    )))
    .unwrap();
    let games = data["games"].as_array().unwrap();
    assert_eq!(games.len(), 23);
    for g in games {
        let game = Game::from_rows(&matrix(&g["a"]), &matrix(&g["b"])).unwrap();
        let d = Disagreement::mixed_minmax(&game).unwrap();
        assert!(
            close(d.point, pair(&g["minmax"]), 1e-9),
            "{}: minmax",
            g["id"]
        );
        let nb = nash_bargaining(&FeasibleSet::of_game(&game), d);
        assert!(
            close(nb.point, pair(&g["nash_bargaining"]), 1e-9),
            "{}: got {:?}, want {:?}",
            g["id"],
            nb.point,
            g["nash_bargaining"]
        );
    }
}

#[test]
fn scenario_discount_gives_the_rubinstein_split() {
    let v = json(&["bargain", "scenarios/geneva_truce.toml", "--format", "json"]);
    assert!(close(
        pair(&v["nash_bargaining"]["point"]),
        (5.0, 5.0),
        1e-9
    ));
    assert!(close(
        pair(&v["nash_bargaining"]["disagreement"]),
        (2.5, 2.5),
        1e-9
    ));
    assert!(close(
        pair(&v["kalai_smorodinsky"]["point"]),
        (5.0, 5.0),
        1e-9
    ));
    let share = v["rubinstein"]["proposer_share"].as_f64().unwrap();
    assert!((share - 1.0 / 1.85).abs() < 1e-12);
    assert_eq!(v["rubinstein"]["discount_from"], "scenario");
    let reach = &v["nash_bargaining"]["reached_by"][0];
    assert_eq!(
        (reach["row"].as_str(), reach["col"].as_str()),
        (Some("hold"), Some("hold"))
    );
}

#[test]
fn flags_override_and_nfg_without_discount_leaves_rubinstein_out() {
    let dir = tempfile::tempdir().unwrap();
    let nfg = dir.path().join("pd.nfg");
    std::fs::write(
        &nfg,
        "NFG 1 R \"pd\" { \"Row\" \"Col\" } { { \"c\" \"d\" } { \"c\" \"d\" } }\n3 3 5 0 0 5 1 1\n",
    )
    .unwrap();
    let p = nfg.to_str().unwrap();
    let v = json(&["bargain", p, "--format", "json"]);
    assert!(v.get("rubinstein").is_none());
    assert!(close(
        pair(&v["nash_bargaining"]["point"]),
        (3.0, 3.0),
        1e-9
    ));
    let v = json(&[
        "bargain",
        p,
        "--delta-row",
        "0.9",
        "--delta-col",
        "0.8",
        "--format",
        "json",
    ]);
    let share = v["rubinstein"]["proposer_share"].as_f64().unwrap();
    assert!((share - 0.2 / 0.28).abs() < 1e-12);
    assert_eq!(v["rubinstein"]["discount_from"], "flags");
    let v = json(&["bargain", p, "--delta", "0.5", "--format", "json"]);
    assert!((v["rubinstein"]["proposer_share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn disagreement_choices() {
    let pd = "scenarios/prisoners_dilemma.toml";
    let v = json(&["bargain", pd, "--disagreement", "nash", "--format", "json"]);
    assert_eq!(
        v["nash_bargaining"]["disagreement_source"]["kind"],
        "stage_equilibrium"
    );
    let d = pair(&v["nash_bargaining"]["disagreement"]);
    let v = json(&[
        "bargain",
        pd,
        "--disagreement",
        &format!("{},{}", d.0, d.1),
        "--format",
        "json",
    ]);
    assert_eq!(v["nash_bargaining"]["disagreement_source"]["kind"], "given");
    // A disagreement point no agreement beats is the bargaining point itself.
    let v = json(&[
        "bargain",
        pd,
        "--disagreement",
        "-1,100",
        "--format",
        "json",
    ]);
    assert_eq!(pair(&v["nash_bargaining"]["point"]), (-1.0, 100.0));
    assert_eq!(v["nash_bargaining"]["agreement"], false);
    let v = json(&[
        "bargain",
        pd,
        "--disagreement",
        "spe:1,1",
        "--format",
        "json",
    ]);
    assert_eq!(
        v["nash_bargaining"]["disagreement_source"]["kind"],
        "worst_spe"
    );
}

#[test]
fn bad_flags_exit_with_code_2() {
    let pd = "scenarios/prisoners_dilemma.toml";
    for args in [
        vec!["bargain", pd, "--disagreement", "somewhere"],
        vec!["bargain", pd, "--disagreement", "1,x"],
        vec!["bargain", pd, "--disagreement", "nash:nope,nope"],
        vec!["bargain", pd, "--delta", "1"],
        vec!["bargain", pd, "--delta", "-0.5"],
        vec!["bargain", pd, "--delta-row", "0.5"],
        vec![
            "bargain",
            "scenarios/matching_pennies.toml",
            "--disagreement",
            "nash",
        ],
    ] {
        let out = truce().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn text_says_what_a_truce_looks_like() {
    let out = truce()
        .args(["bargain", "scenarios/export_controls.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("What a negotiated truce would look like"));
    assert!(text.contains("United States"));
    assert!(text.contains("Nash bargaining"));
    assert!(text.contains("Alternating offers"));
}

#[test]
fn an_impatient_prisoners_dilemma_has_no_self_enforcing_bargain_but_the_breakdown() {
    let v = json(&[
        "bargain",
        "scenarios/prisoners_dilemma.toml",
        "--delta",
        "0.05",
        "--format",
        "json",
    ]);
    assert_eq!(v["nash_bargaining"]["in_spe_set"], false);
    assert_eq!(
        v["spe_nash_bargaining"]["point"],
        serde_json::json!([1.0, 1.0])
    );
    assert_eq!(v["spe_nash_bargaining"]["agreement"], false);
    // Patient players can enforce the Nash bargaining point themselves.
    let v = json(&[
        "bargain",
        "scenarios/prisoners_dilemma.toml",
        "--delta",
        "0.9",
        "--format",
        "json",
    ]);
    assert_eq!(v["nash_bargaining"]["in_spe_set"], true);
    assert!(v.get("spe_nash_bargaining").is_none());
    // Without a discount factor nothing is said about self-enforcement.
    let pd = json(&["bargain", "tests/data/repeated/pd.nfg", "--format", "json"]);
    assert!(pd["nash_bargaining"].get("in_spe_set").is_none());
}
