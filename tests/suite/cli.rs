//! The command line end to end: reports, JSON keys other tools rely on, conversion.

use crate::common::{json, s, scenario, truce};

#[test]
fn solve_json_has_the_documented_keys() {
    let v = json(&[
        "solve",
        s(&scenario("prisoners_dilemma.toml")),
        "--method",
        "pure",
        "--format",
        "json",
    ]);
    assert_eq!(v["game"]["row"]["name"], "Row");
    assert_eq!(
        v["game"]["row"]["actions"],
        serde_json::json!(["cooperate", "defect"])
    );
    assert_eq!(
        v["game"]["col"]["actions"],
        serde_json::json!(["cooperate", "defect"])
    );
    assert_eq!(
        v["pure_equilibria"],
        serde_json::json!([{ "row": "defect", "col": "defect", "payoffs": [1.0, 1.0] }])
    );
    assert_eq!(
        v["dominance"]["row"]["eliminated"],
        serde_json::json!(["cooperate"])
    );
    assert_eq!(
        v["dominance"]["col"]["eliminated"],
        serde_json::json!(["cooperate"])
    );
    assert_eq!(v["minmax"]["row"]["pure"], 1.0);
    assert_eq!(v["minmax"]["col"]["pure"], 1.0);
    assert_eq!(v["maxmin"]["row"]["pure"], 1.0);
    assert_eq!(v["maxmin"]["col"]["pure"], 1.0);
}

#[test]
fn dominance_order_follows_rounds() {
    let v = json(&[
        "solve",
        s(&scenario("geneva_truce.toml")),
        "--format",
        "json",
    ]);
    assert_eq!(
        v["dominance"]["row"]["eliminated"],
        serde_json::json!(["hold", "tariff"])
    );
    assert_eq!(
        v["dominance"]["col"]["eliminated"],
        serde_json::json!(["hold", "export_curb"])
    );
    assert_eq!(v["dominance"]["rounds"].as_array().map(Vec::len), Some(2));
}

#[test]
fn text_report_names_actions() {
    let out = truce()
        .args(["run", "scenarios/geneva_truce.toml"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "Geneva truce under strain",
        "Pure Nash equilibria",
        "chip_ban",
        "retaliatory_tariff",
        "2.5, 2.5*",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

#[test]
fn check_reports_what_the_file_holds() {
    let out = truce()
        .args(["check", "scenarios/geneva_truce.toml"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("ok:"), "{text}");
    assert!(text.contains("china_ladder"), "{text}");
}

#[test]
fn convert_round_trips_through_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = scenario("geneva_truce.toml");
    let original = json(&["solve", s(&src), "--format", "json"]);
    for (name, extra) in [
        ("g.json", vec![]),
        ("g.nfg", vec![]),
        ("g2.nfg", vec!["--nfg-form", "outcome"]),
        ("g.toml", vec![]),
    ] {
        let out_path = dir.path().join(name);
        let mut args = vec!["convert", s(&src), s(&out_path)];
        args.extend(extra);
        let out = truce().args(&args).output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let back = json(&["solve", s(&out_path), "--format", "json"]);
        assert_eq!(
            back["game"]["payoffs"], original["game"]["payoffs"],
            "{name}"
        );
        assert_eq!(
            back["game"]["row"]["actions"], original["game"]["row"]["actions"],
            "{name}"
        );
        assert_eq!(
            back["pure_equilibria"], original["pure_equilibria"],
            "{name}"
        );
    }
    // TOML and JSON keep the repeated-game settings and strategies.
    let c = json(&["check", s(&dir.path().join("g.toml")), "--format", "json"]);
    assert_eq!(c["strategies"].as_array().map(Vec::len), Some(6));
    assert_eq!(c["repeated"]["discount"]["row"], 0.85);
}

#[test]
fn convert_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("x.nfg");
    std::fs::write(&out_path, "keep me").expect("write");
    let out = truce()
        .args(["convert", "scenarios/chicken.toml", s(&out_path)])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out_path).expect("read"), "keep me");
    let out = truce()
        .args(["convert", "scenarios/chicken.toml", s(&out_path), "--force"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&out_path)
            .expect("read")
            .starts_with("NFG 1 R")
    );
}

#[test]
fn convert_to_a_missing_folder_fails_cleanly() {
    let out = truce()
        .args([
            "convert",
            "scenarios/chicken.toml",
            "/nonexistent-folder/x.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent-folder/x.json") && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn nfg_input_solves_like_toml() {
    let v = json(&["solve", "tests/data/gambit/pd.nfg", "--format", "json"]);
    assert_eq!(v["pure_equilibria"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["pure_equilibria"][0]["row"], "2");
}

#[test]
fn help_has_examples() {
    let out = truce().args(["--help"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Examples:") && text.contains("truce run"),
        "{text}"
    );
}

#[test]
fn parameters_are_kept_through_conversion_and_can_be_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("g.toml");
    let out = truce()
        .args(["convert", "scenarios/geneva_truce.toml", s(&out_path)])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = std::fs::read_to_string(&out_path).expect("read");
    assert!(text.contains("\"2 - rare_earth_dependence\""), "{text}");
    assert!(text.contains("rare_earth_dependence = 1.0"), "{text}");
    let s0 = truce::scenario::load_file(&out_path).expect("loads");
    assert_eq!(s0.game.a()[(0, 1)], 1.0);
    // The declared sweep survives the conversion (TOML and JSON).
    assert_eq!(s0.sweeps.len(), 1);
    assert_eq!(s0.sweeps[0].parameter.name(), "rare_earth_dependence");
    assert_eq!(
        (s0.sweeps[0].from, s0.sweeps[0].to, s0.sweeps[0].points),
        (0.0, 3.0, 13)
    );
    let json_path = dir.path().join("g.json");
    let conv = truce()
        .args(["convert", s(&out_path), s(&json_path)])
        .output()
        .expect("runs");
    assert!(conv.status.success());
    let sj = truce::scenario::load_file(&json_path).expect("loads");
    assert_eq!(sj.sweeps, s0.sweeps);
    let s3 = s0
        .with_parameter("rare_earth_dependence", 3.0)
        .expect("rebuilds");
    assert_eq!(s3.game.a()[(0, 1)], -1.0);
    assert_eq!(s3.game.a()[(2, 1)], 1.0);
    assert!(
        s0.with_parameter("rare_earth_dependance", 1.0)
            .unwrap_err()
            .message
            .contains("did you mean")
    );
}

#[test]
fn shell_integration() {
    for shell in ["bash", "zsh", "fish"] {
        let out = truce().args(["completions", shell]).output().expect("runs");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("convert") && text.contains("solve"),
            "{shell}: {text}"
        );
    }
    let out = truce().args(["man"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(".TH truce 1") && text.contains("convert"),
        "{text}"
    );
    let out = truce().args(["--version"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("truce "));
}

#[test]
fn quiet_prints_nothing_and_verbose_reports_timing() {
    let out = truce()
        .args(["-q", "solve", "scenarios/chicken.toml"])
        .output()
        .expect("runs");
    assert!(out.status.success() && out.stdout.is_empty());
    let out = truce()
        .args(["-v", "check", "scenarios/chicken.toml"])
        .output()
        .expect("runs");
    assert!(out.status.success() && !out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("check: finished in"));
    let out = truce()
        .args(["-q", "-v", "check", "scenarios/chicken.toml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_writes_the_report_to_a_file_instead_of_standard_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("chicken.json");
    let out = truce()
        .args([
            "solve",
            "scenarios/chicken.toml",
            "--format",
            "json",
            "--output",
        ])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let direct = truce()
        .args(["solve", "scenarios/chicken.toml", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(std::fs::read(&file).expect("written"), direct.stdout);
    // Only the report: no temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    // A missing folder is a write error (exit 1) and writes nothing.
    let missing = dir.path().join("no/such/folder/r.txt");
    let out = truce()
        .args(["-o"])
        .arg(&missing)
        .args(["check", "scenarios/chicken.toml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(!missing.exists());
}

#[test]
fn output_does_not_capture_the_file_operand_of_convert() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nfg = dir.path().join("c.nfg");
    let out = truce()
        .args(["convert", "scenarios/chicken.toml"])
        .arg(&nfg)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = std::fs::read_to_string(&nfg).expect("written");
    assert!(text.starts_with("NFG 1 R"), "{text}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("wrote"));
}

#[test]
fn run_performs_the_declared_sweep() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = truce()
        .args([
            "run",
            "scenarios/geneva_truce.toml",
            "--format",
            "json",
            "--image",
            "png",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let sw = &v["sweeps"][0];
    assert_eq!(sw["parameter"], "rare_earth_dependence");
    let points = sw["points"].as_array().expect("points");
    assert_eq!(points.len(), 13);
    assert_eq!(points[12]["value"], 3.0);
    assert!(dir.path().join("sweep_rare_earth_dependence.png").is_file());
    let charts = v["charts"].as_array().expect("charts");
    assert!(charts.iter().any(|c| {
        c.as_str()
            .is_some_and(|c| c.ends_with("sweep_rare_earth_dependence.png"))
    }));
}

/// Ctrl-C (SIGINT) during a long run stops it with exit code 130 and leaves no output
/// file, finished or partial, behind.
#[cfg(unix)]
#[test]
fn interrupt_stops_cleanly_and_leaves_no_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("ranking.csv");
    let mut child = truce()
        .args([
            "-o",
            report.to_str().expect("utf-8 path"),
            "tournament",
            "scenarios/prisoners_dilemma.toml",
            "--rounds",
            "100000",
            "--repetitions",
            "1000",
            "--force",
            "--format",
            "csv",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert!(
        child.try_wait().expect("waits").is_none(),
        "finished too early to interrupt"
    );
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

/// `-o` writes through a symbolic link (the link stays) and into a device in place; it
/// never replaces either with a regular file.
#[cfg(unix)]
#[test]
fn output_follows_links_and_writes_devices_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "old").expect("written");
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink("target.txt", &link).expect("link");
    let run = |out: &std::path::Path| {
        truce()
            .args(["-o"])
            .arg(out)
            .args(["check", "scenarios/chicken.toml"])
            .output()
            .expect("runs")
    };
    assert!(run(&link).status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .expect("read")
            .starts_with("ok: \"Chicken\"")
    );
    let null = std::path::Path::new("/dev/null");
    if null.exists() {
        assert!(run(null).status.success());
        assert!(
            std::fs::metadata(null)
                .expect("meta")
                .file_type()
                .is_char_device()
        );
    }
    let full = std::path::Path::new("/dev/full");
    if full.exists() {
        let out = run(full);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            std::fs::metadata(full)
                .expect("meta")
                .file_type()
                .is_char_device()
        );
    }
}

#[test]
fn every_command_refuses_an_out_of_range_setting_in_the_same_words() {
    let geneva = "scenarios/geneva_truce.toml";
    let pd = "scenarios/prisoners_dilemma.toml";
    let sim = [
        "simulate",
        geneva,
        "--row",
        "us_grim",
        "--col",
        "china_grim",
    ];
    let delta = "--delta: discount factor 1.5 is outside [0, 1); use a value like 0.9";
    let noise = "--noise: noise 2 is outside [0, 1]; it is a probability";
    let rounds = "--rounds: rounds = 0; give a number from 1 to 1000000";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["repeat", geneva, "--delta", "1.5"], delta),
        (vec!["bargain", pd, "--delta", "1.5"], delta),
        (
            vec!["sweep", pd, "--param", "noise=0:0.1:2", "--delta", "1.5"],
            delta,
        ),
        ([&sim[..], &["--noise", "2"]].concat(), noise),
        (vec!["tournament", pd, "--noise", "2"], noise),
        (
            vec!["sweep", pd, "--param", "delta=0:0.5:2", "--noise", "2"],
            noise,
        ),
        ([&sim[..], &["--rounds", "0"]].concat(), rounds),
        (vec!["tournament", pd, "--rounds", "0"], rounds),
    ];
    for (args, expected) in cases {
        let out = truce().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim(), format!("error: {expected}"), "{args:?}");
    }
}

#[test]
fn repeated_or_empty_nfg_labels_are_made_unique_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dup.nfg");
    std::fs::write(
        &f,
        "NFG 1 R \"dup\" { \"A\" \"B\" } { { \"x\" \"x\" \"\" } { \"y\" \"z\" } }\n1 1 2 2 3 3 4 4 5 5 6 6\n",
    )
    .unwrap();
    let out = truce()
        .args(["solve", s(&f), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["game"]["row"]["actions"],
        serde_json::json!(["x", "x#2", "s#3"])
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "strategy 2 of player 1 is labelled \"x\", like an earlier one: renamed \"x#2\""
        ),
        "{stderr}"
    );
    assert!(stderr.contains("renamed \"s#3\""), "{stderr}");
    let quiet = truce().args(["-q", "check", s(&f)]).output().unwrap();
    assert!(quiet.stderr.is_empty());
}

#[test]
fn solve_json_says_whether_the_correlated_optimum_is_unique() {
    let bos = json(&[
        "solve",
        "scenarios/battle_of_the_sexes.toml",
        "--format",
        "json",
    ]);
    assert_eq!(bos["correlated"]["unique"], false);
    let ranges = bos["correlated"]["cell_ranges"].as_array().unwrap();
    let dist = bos["correlated"]["distribution"].as_array().unwrap();
    assert_eq!(ranges.len(), dist.len());
    assert_eq!(
        ranges[0].as_array().unwrap().len(),
        dist[0].as_array().unwrap().len()
    );
    let pd = json(&[
        "solve",
        "scenarios/prisoners_dilemma.toml",
        "--format",
        "json",
    ]);
    assert_eq!(pd["correlated"]["unique"], true);
    assert_eq!(
        pd["correlated"]["cell_ranges"][1][1],
        serde_json::json!([1.0, 1.0])
    );
}

#[test]
fn exact_solve_keeps_the_degenerate_key_of_the_float_output() {
    for name in ["degenerate.toml", "chicken.toml", "leaders_call.toml"] {
        let p = scenario(name);
        let float = json(&["solve", s(&p), "--format", "json"]);
        let exact = json(&["solve", s(&p), "--exact", "--format", "json"]);
        assert!(exact["degenerate"].is_boolean(), "{name}");
        assert_eq!(exact["degenerate"], float["degenerate"], "{name}");
    }
}
