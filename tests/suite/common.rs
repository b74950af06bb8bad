//! The shared harness: run the built `truce` binary with a clean environment, find the
//! bundled scenarios, and configure the property tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

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

/// A path as &str (test paths are UTF-8).
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Random games for property tests: 2–3 actions per player, integer payoffs in −5..=5.
pub fn small_game() -> impl proptest::strategy::Strategy<Value = truce::game::Game> {
    use proptest::prelude::*;
    (2usize..=3, 2usize..=3).prop_flat_map(|(m, n)| {
        (
            prop::collection::vec(prop::collection::vec(-5i32..=5, n), m),
            prop::collection::vec(prop::collection::vec(-5i32..=5, n), m),
        )
            .prop_map(|(a, b)| {
                let f = |x: Vec<Vec<i32>>| {
                    x.into_iter()
                        .map(|r| r.into_iter().map(f64::from).collect())
                        .collect::<Vec<Vec<f64>>>()
                };
                truce::game::Game::from_rows(&f(a), &f(b)).expect("a valid game")
            })
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
