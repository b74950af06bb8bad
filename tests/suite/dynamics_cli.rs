//! The `dynamics` command end to end: every method reports a stop reason, an end point
//! with action names, and the regret of the end point.

use crate::common::{json, truce};

#[test]
fn every_method_reports_stop_reason_end_point_and_regret() {
    for method in ["fictitious", "replicator", "best-response", "logit"] {
        for file in [
            "scenarios/geneva_truce.toml",
            "scenarios/stag_hunt.toml",
            "scenarios/rock_paper_scissors.toml",
        ] {
            let v = json(&["dynamics", file, "--method", method, "--format", "json"]);
            assert_eq!(v["method"], method);
            let stop = v["stop_reason"].as_str().unwrap();
            assert!(
                [
                    "converged",
                    "cycle_detected",
                    "iteration_cap",
                    "step_size_floor"
                ]
                .contains(&stop)
            );
            let row = v["end_point"]["row"].as_object().unwrap();
            let total: f64 = row.values().map(|p| p.as_f64().unwrap()).sum();
            assert!((total - 1.0).abs() < 1e-9);
            assert!(v["regret"].as_f64().unwrap() >= 0.0);
            assert!(!v["trajectory"]["points"].as_array().unwrap().is_empty());
        }
    }
}

#[test]
fn geneva_truce_learns_the_trade_war() {
    // Defection dominates in the stage game, so every dynamic ends in the trade war.
    for method in ["fictitious", "replicator", "best-response", "logit"] {
        let v = json(&[
            "dynamics",
            "scenarios/geneva_truce.toml",
            "--method",
            method,
            "--format",
            "json",
        ]);
        assert_eq!(v["stop_reason"], "converged", "{method}");
        assert!(v["regret"].as_f64().unwrap() < 1e-4, "{method}");
        assert!(
            v["end_point"]["row"]["chip_ban"].as_f64().unwrap() > 0.999,
            "{method}"
        );
        assert!(
            v["end_point"]["col"]["retaliatory_tariff"]
                .as_f64()
                .unwrap()
                > 0.999,
            "{method}"
        );
    }
}

#[test]
fn matching_pennies_cycles_under_best_responses_and_not_under_logit() {
    let mp = "scenarios/matching_pennies.toml";
    let v = json(&[
        "dynamics",
        mp,
        "--method",
        "best-response",
        "--format",
        "json",
    ]);
    assert_eq!(v["stop_reason"], "cycle_detected");
    assert_eq!(v["details"]["cycle"].as_array().unwrap().len(), 4);
    let v = json(&[
        "dynamics",
        mp,
        "--method",
        "fictitious",
        "--iterations",
        "500",
        "--format",
        "json",
    ]);
    assert_eq!(v["stop_reason"], "iteration_cap");
    assert_eq!(v["iterations"], 500);
    let v = json(&["dynamics", mp, "--method", "logit", "--format", "json"]);
    assert_eq!(v["stop_reason"], "converged");
    assert_eq!(v["details"]["lambda"], 0.0);
}

#[test]
fn text_report_names_actions_and_the_stop_reason() {
    let out = truce()
        .args([
            "dynamics",
            "scenarios/export_controls.toml",
            "--method",
            "logit",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("stopped: converged"));
    assert!(text.contains("selected Nash equilibrium"));
    assert!(text.contains("eda_ban"));
    assert!(text.contains("regret"));
}

#[test]
fn bad_iteration_counts_exit_with_code_2() {
    for args in [
        vec![
            "dynamics",
            "scenarios/geneva_truce.toml",
            "--method",
            "logit",
            "--iterations",
            "0",
        ],
        vec![
            "dynamics",
            "scenarios/geneva_truce.toml",
            "--method",
            "sideways",
        ],
        vec!["dynamics", "scenarios/geneva_truce.toml"],
    ] {
        let out = truce().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn out_draws_the_trajectory_and_for_two_by_two_replicator_the_phase_portrait() {
    let dir = tempfile::tempdir().unwrap();
    for method in ["fictitious", "replicator", "best-response", "logit"] {
        let v = json(&[
            "dynamics",
            "scenarios/chicken.toml",
            "--method",
            method,
            "--format",
            "json",
            "--image",
            "svg",
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        let stem = format!("dynamics_{}", method.replace('-', "_"));
        let svg = std::fs::read_to_string(dir.path().join(format!("{stem}.svg"))).unwrap();
        assert!(
            svg.contains("P(swerve)") && svg.contains("Chicken"),
            "{method}"
        );
        let charts = v["charts"].as_array().unwrap();
        assert_eq!(charts.len(), if method == "replicator" { 2 } else { 1 });
    }
    assert!(dir.path().join("phase_portrait.svg").is_file());
    // Without --out nothing is drawn, and --image alone is refused.
    let v = json(&[
        "dynamics",
        "scenarios/chicken.toml",
        "--method",
        "logit",
        "--format",
        "json",
    ]);
    assert!(v.get("charts").is_none());
    let out = truce()
        .args([
            "dynamics",
            "scenarios/chicken.toml",
            "--method",
            "logit",
            "--image",
            "png",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
