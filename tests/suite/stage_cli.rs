//! The `solve` command's contract: methods, labels, exact fractions, JSON keys, errors.

use crate::common::{json, truce};

const CHICKEN: &str = "scenarios/chicken.toml";

#[test]
fn all_lists_extreme_equilibria_components_and_mixed_minmax() {
    let v = json(&["solve", CHICKEN, "--format", "json"]);
    assert_eq!(v["method"], "all");
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 3);
    assert_eq!(v["components"].as_array().unwrap().len(), 3);
    for p in ["row", "col"] {
        assert!(v["minmax"][p]["pure"].is_number());
        assert!(v["minmax"][p]["mixed"].is_number());
    }
    for key in [
        "game",
        "pure_equilibria",
        "dominance",
        "maxmin",
        "correlated",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for e in v["equilibria"].as_array().unwrap() {
        assert!(e["regret"].as_f64().unwrap() <= 1e-8);
    }
}

#[test]
fn exact_prints_fractions() {
    let v = json(&["solve", CHICKEN, "--exact", "--format", "json"]);
    let eqs = v["equilibria"].as_array().unwrap();
    assert!(eqs.iter().all(|e| e["exact"]["row"].is_array()));
    let mixed = eqs
        .iter()
        .find(|e| e["exact"]["row"][0] != "0" && e["exact"]["row"][0] != "1")
        .unwrap();
    let p = mixed["exact"]["row"][0].as_str().unwrap();
    assert!(p.contains('/'), "{p}");
}

#[test]
fn lemke_howson_from_every_label_names_its_equilibrium() {
    let v = json(&[
        "solve",
        CHICKEN,
        "--method",
        "lh",
        "--all-labels",
        "--format",
        "json",
    ]);
    let paths = v["lemke_howson"].as_array().unwrap();
    assert_eq!(paths.len(), 4);
    let n = v["equilibria"].as_array().unwrap().len();
    for p in paths {
        assert!((p["equilibrium"].as_u64().unwrap() as usize) < n);
        assert!(p["pivots"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn support_and_pure_methods_run() {
    let v = json(&["solve", CHICKEN, "--method", "support", "--format", "json"]);
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 3);
    assert_eq!(v["degenerate"], false);
    let v = json(&["solve", CHICKEN, "--method", "pure", "--format", "json"]);
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 2);
}

#[test]
fn text_output_names_actions() {
    let out = truce().args(["solve", CHICKEN]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Nash equilibria: 3"), "{text}");
    assert!(text.contains("Maximal Nash subsets"));
}

#[test]
fn bad_requests_exit_2() {
    let out = truce()
        .args(["solve", CHICKEN, "--method", "lh", "--label", "9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("out of range"));
    let out = truce()
        .args(["solve", CHICKEN, "--method", "lh", "--exact"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = truce()
        .args(["solve", CHICKEN, "--method", "vertex", "--label", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Writes an `m × n` game with pseudo-random payoffs 0..18 as `.nfg` into `dir`.
fn random_nfg(dir: &std::path::Path, m: usize, n: usize) -> std::path::PathBuf {
    let path = dir.join(format!("r{m}x{n}.nfg"));
    let mut body = String::new();
    // Payoffs from a fixed linear congruential sequence, column-major (player 1 fastest).
    let mut s: u64 = 12345;
    for _ in 0..m * n * 2 {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        body.push_str(&format!("{} ", (s >> 33) % 19));
    }
    let rows: Vec<String> = (0..m).map(|i| format!("\"r{i}\"")).collect();
    let cols: Vec<String> = (0..n).map(|j| format!("\"c{j}\"")).collect();
    let text = format!(
        "NFG 1 R \"big\" {{ \"Row\" \"Col\" }} {{ {{ {} }} {{ {} }} }}\n{body}\n",
        rows.join(" "),
        cols.join(" ")
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn large_games_default_to_lemke_howson_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = random_nfg(dir.path(), 40, 40);
    let v = json(&["solve", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["method"], "lh");
    assert!(v["notes"][0].as_str().unwrap().contains("Lemke-Howson"));
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 1);
}

#[test]
fn enumerations_beyond_their_size_limit_need_force_and_name_the_alternative() {
    let dir = tempfile::tempdir().unwrap();
    let p17 = random_nfg(dir.path(), 17, 17);
    let p12x40 = random_nfg(dir.path(), 12, 40);
    let p21 = random_nfg(dir.path(), 21, 21);
    let p13 = random_nfg(dir.path(), 13, 13);
    let refuse = |path: &std::path::Path, args: &[&str], says: &[&str]| {
        let out = truce().arg("solve").arg(path).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        for s in says {
            assert!(err.contains(s), "{args:?}: {err}");
        }
        assert!(out.stdout.is_empty());
    };
    refuse(
        &p17,
        &["--method", "vertex"],
        &["17x17", "--force", "--method lh"],
    );
    // Both sides count: a long thin game is refused even with --force.
    refuse(
        &p12x40,
        &["--method", "vertex", "--force"],
        &["12x40", "--method lh"],
    );
    refuse(&p17, &["--method", "all"], &["--force"]);
    refuse(
        &p13,
        &["--method", "support"],
        &["support enumeration", "--force"],
    );
    refuse(
        &p17,
        &["--method", "vertex", "--exact"],
        &["exact vertex enumeration"],
    );
    // Beyond the hard limit even --force is refused.
    refuse(
        &p21,
        &["--method", "vertex", "--force"],
        &["20x20 game, the largest", "--method lh"],
    );
    // Lemke-Howson takes the same game.
    let v = json(&[
        "solve",
        p21.to_str().unwrap(),
        "--method",
        "lh",
        "--format",
        "json",
    ]);
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 1);
}
