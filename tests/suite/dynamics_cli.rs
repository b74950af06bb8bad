//! The `dynamics` command end to end: every method reports a stop reason, an end point
//! with action names, and the regret of the end point.

use crate::common::{game_file, json, s, truce};

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

fn rows(m: &[&[f64]]) -> Vec<Vec<f64>> {
    m.iter().map(|r| r.to_vec()).collect()
}

fn share(v: &serde_json::Value, side: &str, action: &str) -> f64 {
    v["end_point"][side][action].as_f64().unwrap()
}

#[test]
fn fictitious_play_converges_only_once_coordinated_play_has_moved_the_frequencies() {
    // A coordination game: play miscoordinates for five rounds, then stays on (a, c).
    // The frequencies pass near the mixed equilibrium early on; "converged" must wait
    // until they have stopped moving.
    let dir = tempfile::tempdir().unwrap();
    let f = game_file(
        dir.path(),
        "coordination",
        (&["a", "b"], &["c", "d"]),
        &rows(&[&[5.0, 0.0], &[0.0, 1.0]]),
        &rows(&[&[1.0, 0.0], &[0.0, 4.0]]),
    );
    let v = json(&[
        "dynamics",
        s(&f),
        "--method",
        "fictitious",
        "--format",
        "json",
    ]);
    assert_eq!(v["stop_reason"], "converged");
    let it = v["iterations"].as_u64().unwrap();
    let since = v["details"]["same_profile_since"].as_u64().unwrap();
    assert_eq!(since, 6);
    assert!(it >= 500 * since, "converged at round {it}");
    assert_eq!(v["details"]["last_profile"]["row"], "a");
    assert_eq!(v["details"]["last_profile"]["col"], "c");
    assert!(share(&v, "row", "a") > 0.99 && share(&v, "col", "c") > 0.99);
    assert!(v["details"]["window"]["max_change"].as_f64().unwrap() <= 1e-3);
    assert!(v["details"]["window"]["from_round"].as_u64().unwrap() <= it.div_ceil(2));
    assert_eq!(v["details"]["rule_met"], true);
    // Twenty times longer the frequencies are where "converged" left them.
    let long = (20 * it).to_string();
    let w = json(&[
        "dynamics",
        s(&f),
        "--method",
        "fictitious",
        "--rounds",
        &long,
        "--format",
        "json",
    ]);
    assert_eq!(w["stop_reason"], "rounds_played");
    assert_eq!(w["iterations"].as_u64().unwrap(), 20 * it);
    for (side, act) in [("row", "a"), ("row", "b"), ("col", "c"), ("col", "d")] {
        assert!((share(&v, side, act) - share(&w, side, act)).abs() <= 1e-3);
    }
    // Over the first five rounds nobody earned anything, though the frequencies promise
    // almost 1 each: the realised average is reported beside the expected payoff.
    let v5 = json(&[
        "dynamics",
        s(&f),
        "--method",
        "fictitious",
        "--rounds",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(v5["iterations"], 5);
    assert!((share(&v5, "row", "a") - 0.8).abs() < 1e-12);
    assert!((share(&v5, "col", "d") - 0.8).abs() < 1e-12);
    assert_eq!(
        v5["details"]["realised_payoffs"],
        serde_json::json!([0.0, 0.0])
    );
    assert!((v5["payoffs"][0].as_f64().unwrap() - 0.96).abs() < 1e-12);
    assert_eq!(v5["details"]["rule_met"], false);
    let text = truce()
        .args(["dynamics", s(&f), "--method", "fictitious", "--rounds", "5"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("played the 5 rounds asked for"), "{text}");
    assert!(text.contains("average payoffs actually obtained over the 5 rounds: Row 0, Col 0"));
    assert!(text.contains("convergence rule") && text.contains("not met"));
}

#[test]
fn fictitious_play_reports_lockstep_miscoordination_as_a_cycle() {
    // Both want to mismatch and both start on their first action: they switch in the same
    // round forever. The frequencies tend to one half each, yet every round pays 0
    // (Fudenberg & Kreps 1993).
    let dir = tempfile::tempdir().unwrap();
    let f = game_file(
        dir.path(),
        "lockstep",
        (&["a", "b"], &["c", "d"]),
        &rows(&[&[0.0, 1.0], &[1.0, 0.0]]),
        &rows(&[&[0.0, 1.0], &[1.0, 0.0]]),
    );
    let v = json(&[
        "dynamics",
        s(&f),
        "--method",
        "fictitious",
        "--format",
        "json",
    ]);
    assert_eq!(v["details"]["cycles"], true);
    let cycle: Vec<(String, String)> = v["details"]["cycle"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_str().unwrap().to_string(),
                p["col"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = cycle.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![("a".into(), "c".into()), ("b".into(), "d".into())]
    );
    assert_eq!(
        v["details"]["realised_payoffs"],
        serde_json::json!([0.0, 0.0])
    );
    assert!((v["payoffs"][0].as_f64().unwrap() - 0.5).abs() < 1e-3);
    let text = truce()
        .args(["dynamics", s(&f), "--method", "fictitious"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("play cycles: the last"), "{text}");
    assert!(text.contains("average payoffs actually obtained"));
}

#[test]
fn rounds_is_for_fictitious_play_and_a_positive_number() {
    let g = "scenarios/geneva_truce.toml";
    for args in [
        vec!["dynamics", g, "--method", "replicator", "--rounds", "10"],
        vec!["dynamics", g, "--method", "fictitious", "--rounds", "0"],
        vec![
            "dynamics",
            g,
            "--method",
            "fictitious",
            "--rounds",
            "10",
            "--iterations",
            "10",
        ],
    ] {
        let out = truce().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

fn interior(side: &serde_json::Value) -> bool {
    side.as_object()
        .unwrap()
        .values()
        .all(|p| p.as_f64().unwrap() > 0.01 && p.as_f64().unwrap() < 0.99)
}

#[test]
fn replicator_end_points_say_how_stable_they_are_and_how_many_starts_reach_them() {
    // Hawk-dove: the uniform profile is the mixed equilibrium, a saddle of the
    // two-population dynamics; every seeded start ends at one of the two pure equilibria.
    let dir = tempfile::tempdir().unwrap();
    let f = game_file(
        dir.path(),
        "hawk_dove",
        (&["hawk", "dove"], &["hawk", "dove"]),
        &rows(&[&[0.0, 3.0], &[1.0, 2.0]]),
        &rows(&[&[0.0, 1.0], &[3.0, 2.0]]),
    );
    let v = json(&[
        "dynamics",
        s(&f),
        "--method",
        "replicator",
        "--format",
        "json",
    ]);
    assert_eq!(v["stop_reason"], "converged");
    assert_eq!(share(&v, "row", "hawk"), 0.5);
    let ends = v["end_points"].as_array().unwrap();
    let starts = v["starts"].as_array().unwrap();
    assert_eq!(starts.len(), 17);
    assert_eq!(starts[0]["start"], "uniform");
    let total: f64 = ends.iter().map(|e| e["share"].as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-12);
    let mut pure = 0;
    for e in ends {
        if interior(&e["row"]) {
            assert_eq!(e["stability"], "saddle", "{e}");
            assert_eq!(e["starts"], 1);
        } else {
            assert_eq!(e["stability"], "stable", "{e}");
            // A stable end is a pure profile where one plays hawk and the other dove.
            assert_eq!(
                e["row"]["hawk"].as_f64().unwrap(),
                e["col"]["dove"].as_f64().unwrap()
            );
            pure += e["starts"].as_u64().unwrap();
        }
    }
    assert_eq!(pure, 16);
    let k = starts[0]["end_point"].as_u64().unwrap() as usize;
    assert_eq!(ends[k]["stability"], "saddle");
    // The saddle's eigenvalues are real and of both signs.
    let eig = ends[k]["eigenvalues"].as_array().unwrap();
    assert!(eig.iter().any(|e| e[0].as_f64().unwrap() < 0.0));
    assert!(eig.iter().any(|e| e[0].as_f64().unwrap() > 0.0));
    let text = truce()
        .args(["dynamics", s(&f), "--method", "replicator"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("stability: saddle"), "{text}");
    assert!(text.contains("End points from 17 starts"));
    assert!(text.contains("Where each start ended"));
}

#[test]
fn a_zero_sum_game_without_pure_equilibria_ends_at_a_centre() {
    let dir = tempfile::tempdir().unwrap();
    let a = rows(&[&[2.0, -1.0], &[-1.0, 1.0]]);
    let b: Vec<Vec<f64>> = a.iter().map(|r| r.iter().map(|v| -v).collect()).collect();
    let f = game_file(dir.path(), "pennies", (&["h", "t"], &["h", "t"]), &a, &b);
    let v = json(&[
        "dynamics",
        s(&f),
        "--method",
        "replicator",
        "--format",
        "json",
    ]);
    let ends = v["end_points"].as_array().unwrap();
    assert!(!ends.is_empty());
    for e in ends {
        assert_eq!(e["stability"], "centre", "{e}");
        // The equilibrium: the row player mixes (2/5, 3/5), the column (2/5, 3/5).
        assert!((e["row"]["h"].as_f64().unwrap() - 0.4).abs() < 1e-9);
        assert!((e["col"]["h"].as_f64().unwrap() - 0.4).abs() < 1e-9);
    }
    assert!(ends.iter().any(|e| e["kind"] == "closed_orbit"));
}

/// The absorbing sets of `truce dynamics FILE --method best-response` by action names,
/// each cycle from its smallest profile, sorted.
fn absorbing(file: &str) -> Vec<(Vec<(String, String)>, u64)> {
    let v = json(&[
        "dynamics",
        file,
        "--method",
        "best-response",
        "--format",
        "json",
    ]);
    let mut out: Vec<(Vec<(String, String)>, u64)> = v["absorbing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut p: Vec<(String, String)> = a["profiles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    (
                        x[0].as_str().unwrap().to_string(),
                        x[1].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            let k = (0..p.len()).min_by_key(|&k| p[k].clone()).unwrap();
            p.rotate_left(k);
            (p, a["starts"].as_u64().unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn best_response_dynamics_run_from_every_profile_and_ignore_the_listing_order() {
    // A matching-pennies block on (a, b) x (d, e) and a pure equilibrium at (c, f).
    let a = rows(&[&[1.0, -1.0, -5.0], &[-1.0, 1.0, -5.0], &[-5.0, -5.0, 0.0]]);
    let b = rows(&[&[-1.0, 1.0, -5.0], &[1.0, -1.0, -5.0], &[-5.0, -5.0, 0.0]]);
    let dir = tempfile::tempdir().unwrap();
    let f1 = game_file(
        dir.path(),
        "one",
        (&["a", "b", "c"], &["d", "e", "f"]),
        &a,
        &b,
    );
    // Listed as c, a, b and f, d, e.
    let order = [2, 0, 1];
    let pa: Vec<Vec<f64>> = order
        .iter()
        .map(|&i| order.iter().map(|&j| a[i][j]).collect())
        .collect();
    let pb: Vec<Vec<f64>> = order
        .iter()
        .map(|&i| order.iter().map(|&j| b[i][j]).collect())
        .collect();
    let f2 = game_file(
        dir.path(),
        "two",
        (&["c", "a", "b"], &["f", "d", "e"]),
        &pa,
        &pb,
    );
    let (s1, s2) = (absorbing(s(&f1)), absorbing(s(&f2)));
    assert_eq!(s1, s2);
    assert_eq!(s1.len(), 2);
    assert_eq!(s1.iter().map(|x| x.1).sum::<u64>(), 9);
    let single = s1.iter().find(|x| x.0.len() == 1).unwrap();
    assert_eq!(single.0, vec![("c".to_string(), "f".to_string())]);
    assert!(s1.iter().any(|x| x.0.len() == 4));
    // The main run starts where each side best-responds to uniform play, by name.
    let v1 = json(&[
        "dynamics",
        s(&f1),
        "--method",
        "best-response",
        "--format",
        "json",
    ]);
    let v2 = json(&[
        "dynamics",
        s(&f2),
        "--method",
        "best-response",
        "--format",
        "json",
    ]);
    assert_eq!(v1["details"]["start"], v2["details"]["start"]);
    assert_eq!(v1["end_point"], v2["end_point"]);
    let text = truce()
        .args(["dynamics", s(&f1), "--method", "best-response"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Where play ends from each of the 9 pure profiles"),
        "{text}"
    );
    assert!(text.contains("cycle of 4"));
}
