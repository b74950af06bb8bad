//! `truce repeat` and `truce simulate` through the binary: JSON keys other tools rely
//! on, usage errors, determinism.

use assert_cmd::prelude::*;

use crate::common::{json, truce};

#[test]
fn repeat_json_has_the_documented_keys() {
    let v = json(&[
        "repeat",
        "tests/data/repeated/pd.nfg",
        "--delta",
        "0.9",
        "--format",
        "json",
    ]);
    assert_eq!(v["delta"], 0.9);
    assert_eq!(v["minmax"]["row"]["pure"], 1.0);
    assert!((v["minmax"]["col"]["mixed"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    assert_eq!(v["spe_payoffs"]["exists"], true);
    assert_eq!(v["spe_payoffs"]["vertices"].as_array().unwrap().len(), 4);
    let grim = v["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["profile"] == serde_json::json!(["cooperate", "cooperate"])
                && t["punishment"] == "nash_reversion"
        })
        .unwrap();
    assert!((grim["critical_delta"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    let paths = v["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 4);
    for p in paths {
        assert_eq!(p["rounds"].as_array().unwrap().len(), 20);
        assert_eq!(p["verified"], true);
        assert!(p["rounds"][0]["row"].is_string());
    }
}

#[test]
fn nfg_without_delta_is_a_usage_error() {
    truce()
        .args(["repeat", "tests/data/repeated/pd.nfg"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--delta"));
    truce()
        .args(["repeat", "tests/data/repeated/pd.nfg", "--delta", "1.5"])
        .assert()
        .code(2);
    truce()
        .args([
            "repeat",
            "tests/data/repeated/pd.nfg",
            "--delta",
            "0.9",
            "--horizon",
            "soon",
        ])
        .assert()
        .code(2);
    truce()
        .args([
            "repeat",
            "tests/data/repeated/pd.nfg",
            "--delta",
            "0.9",
            "--point",
            "x",
        ])
        .assert()
        .code(2);
}

#[test]
fn no_pure_equilibrium_is_said_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mp.nfg");
    std::fs::write(
        &f,
        "NFG 1 R \"mp\" { \"R\" \"C\" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n",
    )
    .unwrap();
    let v = json(&[
        "repeat",
        f.to_str().unwrap(),
        "--delta",
        "0.3",
        "--format",
        "json",
    ]);
    assert_eq!(v["spe_payoffs"]["exists"], false);
    assert_eq!(v["spe_payoffs"]["vertices"].as_array().unwrap().len(), 0);
    truce()
        .args(["repeat", f.to_str().unwrap(), "--delta", "0.3"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "no pure-strategy subgame-perfect equilibrium",
        ));
}

#[test]
fn geneva_truce_answers_in_words() {
    truce()
        .args(["repeat", "scenarios/geneva_truce.toml"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Can the truce hold?"))
        .stdout(predicates::str::contains("it holds at δ = 0.85"))
        .stdout(predicates::str::contains("us_grim vs china_grim"));
    let v = json(&["repeat", "scenarios/geneva_truce.toml", "--format", "json"]);
    assert_eq!(v["truce"]["holds_by_nash_reversion"], true);
    let pairs = v["strategies"].as_array().unwrap();
    let grim = pairs
        .iter()
        .find(|p| p["row"] == "us_grim" && p["col"] == "china_grim")
        .unwrap();
    assert_eq!(grim["subgame_perfect"], true);
}

#[test]
fn finite_horizon_prisoners_dilemma_collapses() {
    let v = json(&[
        "repeat",
        "tests/data/repeated/pd.nfg",
        "--delta",
        "0.9",
        "--horizon",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(v["horizon"], 5);
    let vs = v["spe_payoffs"]["vertices"].as_array().unwrap();
    assert_eq!(vs.len(), 1);
    assert!((vs[0][0].as_f64().unwrap() - 1.0).abs() < 1e-9);
}

#[test]
fn simulate_is_deterministic_for_a_seed() {
    let args = [
        "simulate",
        "scenarios/geneva_truce.toml",
        "--row",
        "us_grim",
        "--col",
        "china_ladder",
        "--rounds",
        "40",
        "--noise",
        "0.1",
        "--seed",
        "3",
        "--format",
        "json",
    ];
    let a = json(&args);
    let b = json(&args);
    assert_eq!(a, b);
    assert_eq!(a["path"].as_array().unwrap().len(), 40);
    let csv = truce()
        .args([
            "simulate",
            "scenarios/geneva_truce.toml",
            "--row",
            "always:hold",
            "--col",
            "china_grim",
            "--rounds",
            "3",
            "--noise",
            "0",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text.lines().nth(1).unwrap().contains(",hold,hold,"));
}

#[test]
fn simulate_rejects_unknown_strategies() {
    truce()
        .args([
            "simulate",
            "scenarios/geneva_truce.toml",
            "--row",
            "nobody",
            "--col",
            "china_grim",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("us_grim"));
    truce()
        .args([
            "simulate",
            "scenarios/geneva_truce.toml",
            "--row",
            "china_grim",
            "--col",
            "china_grim",
        ])
        .assert()
        .code(2);
    truce()
        .args([
            "simulate",
            "scenarios/geneva_truce.toml",
            "--row",
            "us_grim",
            "--col",
            "china_grim",
            "--noise",
            "2",
        ])
        .assert()
        .code(2);
}

fn two_by_two(a: [[i32; 2]; 2], b: [[i32; 2]; 2], acts: [&str; 2], extra: &str) -> String {
    let row = |k: usize| {
        format!(
            "{} = [[{}, {}], [{}, {}]]",
            acts[k], a[k][0], b[k][0], a[k][1], b[k][1]
        )
    };
    format!(
        "title = \"t\"\n[row]\nname = \"R\"\nactions = [\"{0}\", \"{1}\"]\n[col]\nname = \"C\"\nactions = [\"{0}\", \"{1}\"]\n[payoffs]\n{2}\n{3}\n[repeated]\ndiscount = 0.9\n{extra}",
        acts[0],
        acts[1],
        row(0),
        row(1)
    )
}

#[test]
fn the_truce_is_declared_or_the_most_even_pareto_optimal_profile() {
    let dir = tempfile::tempdir().unwrap();
    // Stag hunt without strategies: (stag, stag), a stage equilibrium that needs no
    // enforcement, not (stag, hare).
    let stag = dir.path().join("stag.toml");
    std::fs::write(
        &stag,
        two_by_two([[4, 0], [3, 3]], [[4, 3], [0, 3]], ["stag", "hare"], ""),
    )
    .unwrap();
    let v = crate::common::json(&["repeat", stag.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["truce"]["profile"], serde_json::json!(["stag", "stag"]));
    // A declared truce is the one asked about, and conversion keeps it.
    let decl = dir.path().join("decl.toml");
    std::fs::write(
        &decl,
        two_by_two(
            [[3, 0], [5, 1]],
            [[3, 5], [0, 1]],
            ["c", "d"],
            "truce = { row = \"c\", col = \"d\" }\n",
        ),
    )
    .unwrap();
    let v = crate::common::json(&["repeat", decl.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["truce"]["profile"], serde_json::json!(["c", "d"]));
    let back = dir.path().join("back.json");
    crate::common::truce()
        .args(["convert", decl.to_str().unwrap(), back.to_str().unwrap()])
        .assert()
        .success();
    let v = crate::common::json(&["repeat", back.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["truce"]["profile"], serde_json::json!(["c", "d"]));
    // An unknown action is placed at line and column.
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        two_by_two(
            [[3, 0], [5, 1]],
            [[3, 5], [0, 1]],
            ["c", "d"],
            "truce = { row = \"coop\", col = \"d\" }\n",
        ),
    )
    .unwrap();
    let out = crate::common::truce()
        .args(["check", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":13:17: at `repeated.truce.row`"), "{err}");
    assert!(err.contains("\"coop\" is not an action of R"), "{err}");
}

/// Chicken (4, 2 / 6, 0): each pure equilibrium pays one side 6, more than the truce's 4,
/// so common Nash reversion must use the mixed equilibrium (3, 3): δ* = 2/3 exactly;
/// reverting to the equilibrium worst for the deviator needs 1/2. Both punishments are
/// declared as automata in the file and checked: subgame-perfect from those δ.
#[test]
fn common_and_deviator_specific_reversion_are_named_and_declarable() {
    let v = json(&[
        "repeat",
        "tests/data/repeated/chicken_punishments.toml",
        "--format",
        "json",
    ]);
    let find = |kind: &str| {
        v["triggers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| {
                t["profile"] == serde_json::json!(["swerve", "swerve"]) && t["punishment"] == kind
            })
            .unwrap()
            .clone()
    };
    let common = find("common_nash_reversion");
    assert!((common["critical_delta"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(common["exact"]["critical_delta"], "2/3");
    let to = &common["reverts_to"];
    assert!((to["row"][0].as_f64().unwrap() - 0.5).abs() < 1e-9, "{to}");
    assert!((to["col"][1].as_f64().unwrap() - 0.5).abs() < 1e-9, "{to}");
    let per = find("nash_reversion");
    assert_eq!(per["exact"]["critical_delta"], "1/2");
    assert_eq!(
        per["reverts_to_after_deviation"],
        serde_json::json!({ "row": ["swerve", "straight"], "col": ["straight", "swerve"] })
    );
    assert_eq!(
        v["truce"]["critical_delta_common_nash_reversion"].as_f64(),
        Some(2.0 / 3.0)
    );
    let pair = |r: &str, c: &str| {
        v["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["row"] == r && s["col"] == c)
            .unwrap()
            .clone()
    };
    let declared_common = pair("row_common", "col_common");
    assert_eq!(declared_common["subgame_perfect"], true);
    assert!((declared_common["smallest_spe_delta"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-6);
    let declared_per = pair("row_by_deviator", "col_by_deviator");
    assert_eq!(declared_per["subgame_perfect"], true);
    assert!((declared_per["smallest_spe_delta"].as_f64().unwrap() - 0.5).abs() < 1e-6);
    // Mixing the two kinds is no equilibrium: their punishments disagree.
    assert_eq!(
        pair("row_common", "col_by_deviator")["subgame_perfect"],
        false
    );
    let text = truce()
        .args(["repeat", "tests/data/repeated/chicken_punishments.toml"])
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("it needs δ ≥ 2/3"), "{text}");
    assert!(
        text.contains("reverting to the mixed equilibrium"),
        "{text}"
    );
}

/// What follows a deviation, and how long a truce survives noise, on a prisoner's
/// dilemma with grim triggers and 10% noise (not a bundled scenario): the row player's
/// defection in round 5 is punished for ever; the pair stays on its path with probability
/// 0.81ᵗ; the chart files are written.
#[test]
fn deviation_paths_and_survival_are_reported_and_charted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pd.toml");
    std::fs::write(
        &file,
        r#"title = "Noisy PD"
[row]
name = "Row"
actions = ["c", "d"]
[col]
name = "Col"
actions = ["c", "d"]
[payoffs]
row = [[3, 0], [5, 1]]
col = [[3, 5], [0, 1]]
[repeated]
discount = 0.9
noise = 0.1
[[strategy]]
name = "rg"
player = "row"
kind = "grim_trigger"
cooperate = { row = "c", col = "c" }
punish = "d"
[[strategy]]
name = "cg"
player = "col"
kind = "grim_trigger"
cooperate = { row = "c", col = "c" }
punish = "d"
"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let v = json(&["repeat", f, "--format", "json"]);
    let pair = &v["strategies"][0];
    let survival: Vec<f64> = pair["survival"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(survival.len() >= 20);
    for (t, p) in survival.iter().enumerate() {
        assert!((p - 0.81f64.powi(t as i32 + 1)).abs() < 1e-12, "{t}: {p}");
    }
    let dev = &pair["deviations"][0];
    assert_eq!(dev["player"], "row");
    assert_eq!(dev["round"], 5);
    assert_eq!(dev["action"], "d");
    assert_eq!(dev["back_on_path_after"], serde_json::Value::Null);
    assert_eq!(dev["rounds"][1]["row"], "d");
    assert!((dev["deviation_value"].as_f64().unwrap() - 1.4).abs() < 1e-12);
    assert_eq!(pair["on_path"]["cycle"], serde_json::json!([["c", "c"]]));
    // The SPE-set vertex paths carry the optimal penal code after a deviation.
    let with_devs = v["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["deviations"].as_array().unwrap().is_empty())
        .count();
    assert!(with_devs >= 1);
    let out = dir.path().join("charts");
    truce()
        .args(["plot", f, "--image", "png", "--out"])
        .arg(&out)
        .assert()
        .success();
    for stem in [
        "survival",
        "equilibrium_path_row_deviates",
        "equilibrium_path_col_deviates",
    ] {
        assert!(out.join(format!("{stem}.png")).is_file(), "{stem}");
    }
}

/// A truce named by two alternating automata: the report gives the cycle they sustain and
/// its average as the target (a 2×2 coordination game, not a bundled scenario).
#[test]
fn an_alternation_is_reported_with_the_average_it_sustains() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alt.toml");
    std::fs::write(
        &file,
        r#"title = "Alternation"
[row]
name = "Row"
actions = ["a", "b"]
[col]
name = "Col"
actions = ["a", "b"]
[payoffs]
row = [[4, 0], [0, 2]]
col = [[2, 0], [0, 4]]
[repeated]
discount = 0.9
[[strategy]]
name = "row_alt"
player = "row"
start = "first"
states.first = { play = "a", on = { "a+a" = "second" } }
states.second = { play = "b", on = { "b+b" = "first" } }
[[strategy]]
name = "col_alt"
player = "col"
start = "first"
states.first = { play = "a", on = { "a+a" = "second" } }
states.second = { play = "b", on = { "b+b" = "first" } }
"#,
    )
    .unwrap();
    let v = json(&["repeat", file.to_str().unwrap(), "--format", "json"]);
    let c = &v["truce"]["sustained_cycle"];
    assert_eq!(c["cycle"], serde_json::json!([["a", "a"], ["b", "b"]]));
    assert!((c["average"][0].as_f64().unwrap() - 3.0).abs() < 1e-12);
    assert!((c["average"][1].as_f64().unwrap() - 3.0).abs() < 1e-12);
    assert_eq!(c["subgame_perfect"], true);
}
