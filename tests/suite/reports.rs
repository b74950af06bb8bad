//! Snapshots of the text reports of every bundled scenario: `truce run FILE --no-charts`
//! and `truce solve FILE`, compared with the files in `tests/suite/snapshots/`, so that a
//! change to the rendering shows up in review as a change to those files.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test suite reports::`
//! rewrites them (or `cargo insta review`). With `CI=true` a mismatch fails instead of
//! writing a `.snap.new` file.

use crate::common::{self, truce};

/// The report `truce ARGS` prints on standard output, asserting success. Scenario paths
/// are passed relative to the project root (the runner's working directory), so no
/// absolute path can reach a snapshot.
fn report(args: &[&str]) -> String {
    let out = truce().args(args).output().expect("truce runs");
    assert!(
        out.status.success(),
        "truce {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

/// Both reports of `scenarios/{stem}.toml` against their snapshots.
fn check(stem: &str) {
    let file = format!("scenarios/{stem}.toml");
    for (name, args) in [
        ("run", vec!["run", file.as_str(), "--no-charts"]),
        ("solve", vec!["solve", file.as_str()]),
    ] {
        let text = report(&args);
        insta::with_settings!({
            description => format!("truce {}", args.join(" ")),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{stem}_{name}"), text);
        });
    }
}

macro_rules! scenarios {
    ($($stem:ident),* $(,)?) => {
        /// The scenarios with snapshot tests, by file stem.
        const STEMS: &[&str] = &[$(stringify!($stem)),*];
        $(
            #[test]
            fn $stem() {
                check(stringify!($stem));
            }
        )*
    };
}

scenarios!(
    battle_of_the_sexes,
    chicken,
    degenerate,
    escalation_ladder,
    export_controls,
    geneva_disputed,
    geneva_truce,
    leaders_call,
    matching_pennies,
    prisoners_dilemma,
    rock_paper_scissors,
    stag_hunt,
);

/// A scenario added to `scenarios/` gets its snapshot test too.
#[test]
fn every_bundled_scenario_has_snapshot_tests() {
    let bundled: Vec<String> = common::all_scenarios()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        bundled, STEMS,
        "add the new scenarios to scenarios!(…) above"
    );
}
