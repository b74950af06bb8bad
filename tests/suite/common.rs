//! The shared harness: run the built `truce` binary with a clean environment, find the
//! bundled scenarios, and configure the property tests.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use truce::game::Game;

/// The `truce` binary with backtraces and colours off, run from the project root.
pub fn truce() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_truce"));
    c.env("RUST_BACKTRACE", "0")
        .env("NO_COLOR", "1")
        .current_dir(root());
    c
}

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Path of a bundled scenario.
pub fn scenario(name: &str) -> PathBuf {
    root().join("scenarios").join(name)
}

/// All bundled scenario files.
pub fn all_scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

/// Runs `truce ARGS` and parses its standard output as JSON, asserting success.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = truce().args(args).output().expect("truce runs");
    assert!(
        out.status.success(),
        "truce {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON on stdout")
}

/// Reads a JSON file of reference answers, given relative to the project root.
pub fn reference_json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A JSON array of arrays of numbers as rows of a payoff matrix.
pub fn matrix(v: &serde_json::Value) -> Vec<Vec<f64>> {
    v.as_array()
        .expect("an array of rows")
        .iter()
        .map(floats)
        .collect()
}

/// A JSON array of numbers.
pub fn floats(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("an array of numbers")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

/// A JSON `[u, v]` as a payoff pair.
pub fn pair(v: &serde_json::Value) -> (f64, f64) {
    (
        v[0].as_f64().expect("a number"),
        v[1].as_f64().expect("a number"),
    )
}

/// Writes a scenario file `DIR/STEM.toml` with the given action names and payoff matrices
/// (players "Row" and "Col"); returns its path.
pub fn game_file(
    dir: &Path,
    stem: &str,
    (rows, cols): (&[&str], &[&str]),
    a: &[Vec<f64>],
    b: &[Vec<f64>],
) -> PathBuf {
    let names = |v: &[&str]| {
        v.iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let matrix = |m: &[Vec<f64>]| {
        let rows: Vec<String> = m
            .iter()
            .map(|r| {
                let cells: Vec<String> = r.iter().map(|v| format!("{v}")).collect();
                format!("[{}]", cells.join(", "))
            })
            .collect();
        format!("[{}]", rows.join(", "))
    };
    let text = format!(
        "title = \"{stem}\"\n[row]\nname = \"Row\"\nactions = [{}]\n[col]\nname = \"Col\"\nactions = [{}]\n[payoffs]\nrow = {}\ncol = {}\n",
        names(rows),
        names(cols),
        matrix(a),
        matrix(b)
    );
    let path = dir.join(format!("{stem}.toml"));
    std::fs::write(&path, text).expect("the scenario is written");
    path
}

/// A path as &str (test paths are UTF-8).
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Random games for property tests: each player has a number of actions drawn from
/// `actions`, every payoff is an integer drawn from `payoffs` (small ranges make ties,
/// i.e. degenerate games, common).
///
/// The seeds in the committed `*.proptest-regressions` files stand for the random draws
/// made here, in this order (the two action counts, then the row player's payoffs row by
/// row, then the column player's): change the order and they replay other games.
pub fn game_strategy(
    actions: RangeInclusive<usize>,
    payoffs: RangeInclusive<i32>,
) -> impl Strategy<Value = Game> {
    (actions.clone(), actions).prop_flat_map(move |(m, n)| {
        let cell = payoffs.clone().prop_map(f64::from);
        (
            prop::collection::vec(prop::collection::vec(cell.clone(), n), m),
            prop::collection::vec(prop::collection::vec(cell, n), m),
        )
            .prop_map(|(a, b)| Game::from_rows(&a, &b).expect("a valid game"))
    })
}

/// The configuration of every property test here: `cases` random cases, after the seeds
/// of past failures kept in `<file stem>.proptest-regressions` beside the test's source
/// file, where new failures are saved too. (Proptest's default, `SourceParallel`, would
/// read `tests/proptest-regressions/<file stem>.txt` instead, as `tests/suite/` holds a
/// `main.rs`.)
pub fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// Every committed regression file sits beside the property tests it belongs to, those
/// tests use [`proptest_config`], and it reads every seed in the file.
#[test]
fn committed_regression_seeds_are_read_beside_their_tests() {
    let mut files = 0;
    for entry in std::fs::read_dir(root().join("tests/suite")).expect("tests/suite exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "proptest-regressions") {
            continue;
        }
        files += 1;
        let stem = path
            .file_stem()
            .and_then(|x| x.to_str())
            .expect("utf-8 name");
        // The path proptest is given: `file!()` of the test, relative to the project root.
        let source: &'static str = format!("tests/suite/{stem}.rs").leak();
        let text = std::fs::read_to_string(root().join(source))
            .unwrap_or_else(|e| panic!("{}: no test file {source} beside it: {e}", path.display()));
        assert!(
            text.contains("common::proptest_config("),
            "{source} does not use common::proptest_config, so {} is not read",
            path.display()
        );
        let seeds = std::fs::read_to_string(&path)
            .expect("readable")
            .lines()
            .filter(|l| l.starts_with("cc "))
            .count();
        let loaded = proptest_config(1)
            .failure_persistence
            .expect("persistence is on")
            .load_persisted_failures2(Some(source))
            .len();
        assert_eq!(loaded, seeds, "seeds of {} read", path.display());
    }
    assert!(
        files >= 3,
        "committed regression files missing: {files} found"
    );
}

/// Writes `text` to a file `name` in a fresh temporary folder (kept while the guard lives).
pub fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Runs `truce check` on `text` written to `name`, expecting exit code 2, and returns
/// standard error.
pub fn refused_file(name: &str, text: &str) -> String {
    let (_d, path) = temp_file(name, text);
    let out = truce().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "accepted:\n{text}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}
