//! `truce sweep` end to end: the grid, the three output formats, the chart, `--output`,
//! and refusals of bad grids.

use assert_cmd::prelude::*;
use serde_json::Value;

use crate::common::truce;

fn lines(args: &[&str]) -> Vec<Value> {
    let out = truce().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn json_lines_one_per_point_in_grid_order() {
    let pts = lines(&[
        "sweep",
        "scenarios/prisoners_dilemma.toml",
        "--param",
        "delta=0.1:0.9:9",
        "--format",
        "json",
        "--no-chart",
    ]);
    assert_eq!(pts.len(), 9);
    for (k, p) in pts.iter().enumerate() {
        assert_eq!(p["index"], k);
        assert_eq!(p["parameter"], "delta");
        let v = p["value"].as_f64().unwrap();
        assert!((v - (0.1 + 0.1 * k as f64)).abs() < 1e-12, "{v}");
        assert_eq!(p["delta"].as_f64().unwrap(), v);
        // Prisoner's dilemma 3/0/5/1: grim trigger holds from δ = 1/2.
        let t = &p["truce"];
        assert!((t["critical_nash_reversion"].as_f64().unwrap() - 0.5).abs() < 1e-12);
        assert_eq!(t["holds_by_nash_reversion"], v >= 0.5);
    }
}

#[test]
fn csv_has_a_header_and_one_row_per_point_with_matching_columns() {
    let out = truce()
        .args([
            "sweep",
            "scenarios/geneva_truce.toml",
            "--param",
            "rare_earth_dependence=0:3:7",
            "--format",
            "csv",
            "--no-chart",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 8);
    let header: Vec<&str> = rows[0].split(',').collect();
    assert_eq!(header[0], "parameter");
    assert!(header.contains(&"parameter_rare_earth_dependence"));
    assert!(header.contains(&"us_grim_vs_china_grim_subgame_perfect"));
    let col = header
        .iter()
        .position(|h| *h == "parameter_rare_earth_dependence")
        .unwrap();
    for (k, r) in rows[1..].iter().enumerate() {
        // Quoted cells hold the equilibrium payoffs with commas; count fields outside quotes.
        let mut fields = vec![String::new()];
        let mut quoted = false;
        for ch in r.chars() {
            match ch {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(String::new()),
                c => fields.last_mut().unwrap().push(c),
            }
        }
        assert_eq!(fields.len(), header.len(), "row {k}: {r}");
        assert_eq!(fields[col].parse::<f64>().unwrap(), 0.5 * k as f64);
    }
}

#[test]
fn a_payoff_parameter_moves_the_stage_payoffs() {
    // Export curb against a holding US pays the US 2 − rare_earth_dependence; with the
    // dependence at 3 the SPE set's lowest US payoff falls to the minmax of 1 (the report
    // at the scenario's δ).
    let pts = lines(&[
        "sweep",
        "scenarios/geneva_truce.toml",
        "--param",
        "rare_earth_dependence=0:3:2",
        "--format",
        "json",
        "--no-chart",
    ]);
    assert_eq!(pts.len(), 2);
    assert_eq!(pts[1]["parameters"]["rare_earth_dependence"], 3.0);
    let low = |p: &Value| p["spe"]["row_range"][0].as_f64().unwrap();
    assert!(low(&pts[1]) < low(&pts[0]) - 1.0);
}

#[test]
fn the_chart_is_written_and_listed_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = truce()
        .args([
            "sweep",
            "scenarios/chicken.toml",
            "--param",
            "delta=0:0.9:4",
            "--image",
            "png",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let png = dir.path().join("sweep_delta.png");
    assert!(png.is_file());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sweep_delta.png"), "{stderr}");
    // Standard output holds the table only.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("wrote"), "{stdout}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn output_file_is_written_whole_and_nothing_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sweep.csv");
    let out = truce()
        .args([
            "sweep",
            "scenarios/stag_hunt.toml",
            "--param",
            "delta=0:0.5:3",
            "--format",
            "csv",
            "--no-chart",
            "--output",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn one_worker_and_two_give_the_same_results() {
    let run = |jobs: &str| {
        truce()
            .args([
                "sweep",
                "scenarios/geneva_truce.toml",
                "--param",
                "noise=0:0.3:7",
                "--format",
                "json",
                "--no-chart",
                "--jobs",
                jobs,
            ])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn nfg_games_sweep_the_discount_factor() {
    let dir = tempfile::tempdir().unwrap();
    let nfg = dir.path().join("pd.nfg");
    truce()
        .args(["convert", "scenarios/prisoners_dilemma.toml"])
        .arg(&nfg)
        .assert()
        .success();
    let out = truce()
        .args(["sweep"])
        .arg(&nfg)
        .args([
            "--param",
            "delta=0.2:0.8:3",
            "--format",
            "json",
            "--no-chart",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
}

#[test]
fn bad_grids_exit_2_with_the_fix() {
    for (param, says) in [
        (
            "rare_earth_dependance=0:1:3",
            "did you mean \"rare_earth_dependence\"",
        ),
        ("delta=0:1:3", "[0, 1)"),
        ("noise=0:2:3", "[0, 1]"),
        ("delta=0:0.5:0", "from 1 to"),
        ("delta=0:0.5", "FROM:TO:POINTS"),
        ("delta0:0.5:3", "NAME=FROM:TO:POINTS"),
    ] {
        let out = truce()
            .args([
                "sweep",
                "scenarios/geneva_truce.toml",
                "--param",
                param,
                "--no-chart",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{param}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{param}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn an_unwritable_chart_folder_is_a_write_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let out = truce()
        .args([
            "sweep",
            "scenarios/chicken.toml",
            "--param",
            "delta=0:0.5:2",
            "--out",
        ])
        .arg(blocker.join("sub"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot"));
}

#[test]
fn a_grid_value_that_breaks_the_game_is_refused_before_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inv.toml");
    std::fs::write(
        &file,
        "[parameters]\nk = 1\n[row]\nname = \"R\"\nactions = [\"a\", \"b\"]\n[col]\nname = \"C\"\nactions = [\"c\", \"d\"]\n[payoffs]\na = [[\"1/k\", 1], [0, 0]]\nb = [[0, 0], [2, 2]]\n",
    )
    .unwrap();
    let out = truce()
        .args(["sweep"])
        .arg(&file)
        .args(["--param", "k=3:-1:401", "--format", "csv", "--no-chart"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("at k = 0") && err.contains("inv.toml"),
        "{err}"
    );
}

#[test]
fn discount_means_the_discount_factor_even_beside_a_payoff_parameter_called_delta() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dd.toml");
    std::fs::write(
        &file,
        "[parameters]\ndelta = 5\n[row]\nname = \"R\"\nactions = [\"a\", \"b\"]\n[col]\nname = \"C\"\nactions = [\"c\", \"d\"]\n[payoffs]\na = [[\"delta\", 1], [0, 0]]\nb = [[0, 0], [2, 2]]\n",
    )
    .unwrap();
    let run = |param: &str| {
        lines(&[
            "sweep",
            file.to_str().unwrap(),
            "--param",
            param,
            "--format",
            "json",
            "--no-chart",
        ])
    };
    let d = run("discount=0.1:0.9:3");
    assert_eq!(d[2]["delta"], 0.9);
    assert_eq!(d[2]["parameters"]["delta"], 5.0);
    let p = run("delta=1:3:3");
    assert_eq!(p[2]["parameters"]["delta"], 3.0);
    assert!(p[2]["delta"].is_null());
}

#[test]
fn a_closed_pipe_stops_the_sweep_without_a_chart() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut child = truce()
        .args([
            "sweep",
            "scenarios/geneva_truce.toml",
            "--param",
            "delta=0:0.98:3000",
            "--format",
            "csv",
            "--out",
        ])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("parameter,value"), "{first}");
    // The reader is gone: the sweep stops on its next write, successfully, and draws nothing.
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn finite_horizons_are_stated_and_the_truce_checked_against_the_last_round() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/geneva_truce.toml"
    ))
    .unwrap()
    .replace("horizon = \"infinite\"", "horizon = 10");
    let file = dir.path().join("ten.toml");
    std::fs::write(&file, text).unwrap();
    let pts = lines(&[
        "sweep",
        file.to_str().unwrap(),
        "--param",
        "delta=0.5:0.9:2",
        "--format",
        "json",
        "--no-chart",
    ]);
    assert_eq!(pts[0]["horizon"]["finite"], 10);
    assert!(pts[0]["spe"].is_null());
    // (hold, hold) is not a stage equilibrium: not in every round of the 10-round game.
    assert_eq!(pts[0]["truce"]["holds_in_finite_game"], false);
}

#[test]
fn declared_sweep_ends_may_be_fractions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.toml");
    std::fs::write(
        &file,
        "[row]\nname = \"R\"\nactions = [\"a\", \"b\"]\n[col]\nname = \"C\"\nactions = [\"c\", \"d\"]\n[payoffs]\na = [[1, 1], [0, 0]]\nb = [[0, 0], [2, 2]]\n[[sweep]]\nparam = \"delta\"\nfrom = \"1/4\"\nto = \"3/4\"\npoints = 3\n",
    )
    .unwrap();
    let v: Value = serde_json::from_slice(
        &truce()
            .args(["check", file.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["sweeps"][0]["from"], 0.25);
    assert_eq!(v["sweeps"][0]["to"], 0.75);
}
