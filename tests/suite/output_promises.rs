//! Outputs that keep their promises, and no silent overrides: an output never replaces
//! an input, a replaced file keeps its permissions and a read-only one is refused, a
//! closed standard output is a failure, a chart set lands whole; and a flag the run
//! would ignore or clamp is an error (or a note) that names it.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{s, scenario, truce};

const PD: &str = "scenarios/prisoners_dilemma.toml";
const CHICKEN: &str = "scenarios/chicken.toml";

/// Runs `truce ARGS` (from the project root) and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = truce().args(args).output().expect("truce runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts that `truce ARGS` exits with `code` and that its standard error holds every
/// one of `expected`.
fn check(args: &[&str], code: i32, expected: &[&str]) {
    let (got, _, stderr) = run(args);
    assert_eq!(got, Some(code), "truce {args:?}: {stderr}");
    for e in expected {
        assert!(
            stderr.contains(e),
            "truce {args:?}: {e:?} not in {stderr:?}"
        );
    }
}

/// A copy of a bundled scenario in `dir`.
fn copy(dir: &Path, name: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::copy(scenario(name), &p).expect("copied");
    p
}

// --- Item 1a: an output never replaces an input ---------------------------------------

#[test]
fn the_report_file_may_not_be_the_input_file_by_any_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = copy(dir.path(), "prisoners_dilemma.toml");
    let original = std::fs::read(&input).expect("readable");
    let link = dir.path().join("link.toml");
    let hard = dir.path().join("hard.toml");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&input, &link).expect("symlink");
    #[cfg(not(unix))]
    std::fs::copy(&input, &link).expect("copy");
    std::fs::hard_link(&input, &hard).expect("hard link");
    let dotted = dir.path().join(".").join("prisoners_dilemma.toml");
    let mut names = vec![input.clone(), dotted, hard];
    if cfg!(unix) {
        names.push(link);
    }
    for out in &names {
        for cmd in ["check", "solve"] {
            check(
                &[cmd, s(&input), "-o", s(out)],
                2,
                &["is the input file", "write the report to another file"],
            );
        }
    }
    assert_eq!(std::fs::read(&input).expect("readable"), original);
}

#[test]
fn convert_refuses_to_write_onto_its_input_even_with_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = copy(dir.path(), "chicken.toml");
    let original = std::fs::read(&input).expect("readable");
    check(
        &["convert", s(&input), s(&input), "--force"],
        2,
        &["is the input file", "give another output file"],
    );
    let json = dir.path().join("c.json");
    check(
        &["convert", s(&input), s(&json), "-o", s(&json)],
        2,
        &["-o", "is the converted file too"],
    );
    assert_eq!(std::fs::read(&input).expect("readable"), original);
}

#[cfg(unix)]
#[test]
fn a_chart_file_that_links_to_the_input_is_refused_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = copy(dir.path(), "chicken.toml");
    let original = std::fs::read(&input).expect("readable");
    let out = dir.path().join("charts");
    std::fs::create_dir(&out).expect("folder");
    std::os::unix::fs::symlink(&input, out.join("stage_game.svg")).expect("symlink");
    check(
        &["plot", s(&input), "--out", s(&out), "--image", "svg"],
        2,
        &[
            "stage_game.svg",
            "is the input file",
            "choose another --out folder",
        ],
    );
    assert_eq!(std::fs::read(&input).expect("readable"), original);
    // Nothing of the refused set landed, and no staging folder is left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("listable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["stage_game.svg".to_string()]);
}

// --- Item 1b: the atomic replace keeps permissions, refuses read-only files -----------

#[cfg(unix)]
#[test]
fn a_replaced_report_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.txt");
    std::fs::write(&report, "old").expect("written");
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    check(&["check", PD, "-o", s(&report)], 0, &[]);
    let meta = std::fs::metadata(&report).expect("exists");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(
        std::fs::read_to_string(&report)
            .expect("text")
            .starts_with("ok:")
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_report_file_is_refused_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.txt");
    std::fs::write(&report, "keep me").expect("written");
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    check(
        &["check", PD, "-o", s(&report)],
        1,
        &[
            "report.txt",
            "is read-only; make it writable or choose another path",
        ],
    );
    assert_eq!(std::fs::read_to_string(&report).expect("text"), "keep me");
}

// --- Item 1c: a closed standard output is a failure; a reader that leaves is not ------

#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_is_exit_1_with_a_message() {
    let bin = env!("CARGO_BIN_EXE_truce");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{bin}' solve {PD} >&-"))
        .current_dir(crate::common::root())
        .env("RUST_BACKTRACE", "0")
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("standard output is closed"), "{stderr}");
    // Nothing to print (`--quiet`) or the report going to a file: no failure.
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("r.txt");
    for extra in ["-q", &format!("-o '{}'", s(&report))] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("'{bin}' {extra} solve {PD} >&-"))
            .current_dir(crate::common::root())
            .output()
            .expect("sh runs");
        assert_eq!(out.status.code(), Some(0), "{extra}");
    }
    // Standard output on /dev/null, as a launcher that discards it gives it: no failure.
    let out = truce()
        .args(["solve", PD])
        .stdout(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_reader_that_stops_reading_ends_the_run_quietly_with_exit_0() {
    use std::io::Read;
    // Far more than a pipe holds, so the writer meets the closed pipe.
    let mut child = truce()
        .args([
            "simulate", PD, "--row", "row_grim", "--col", "col_tft", "--rounds", "200000",
            "--format", "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut first = [0u8; 1];
    let mut stdout = child.stdout.take().expect("piped");
    stdout.read_exact(&mut first).expect("one byte");
    drop(stdout);
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

// --- Item 1d: a chart set lands whole; other files of the folder are never touched ----

/// The files of `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("listable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_chart_set_that_cannot_land_whole_leaves_the_old_set_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("charts");
    std::fs::create_dir(&out).expect("folder");
    // An old chart written first by the run, a user's own file, and a folder in the way
    // of a chart written last.
    std::fs::write(out.join("stage_game.svg"), "old chart").expect("written");
    std::fs::write(out.join("notes.txt"), "mine").expect("written");
    std::fs::create_dir(out.join("population.svg")).expect("folder");
    check(
        &["plot", PD, "--out", s(&out), "--image", "svg"],
        1,
        &["population.svg", "it is a folder"],
    );
    assert_eq!(
        std::fs::read_to_string(out.join("stage_game.svg")).expect("text"),
        "old chart"
    );
    assert_eq!(
        listing(&out),
        vec!["notes.txt", "population.svg", "stage_game.svg"]
    );
    // Once the way is clear the whole new set lands, the user's file untouched, and no
    // staging folder is left.
    std::fs::remove_dir(out.join("population.svg")).expect("removed");
    let (code, stdout, stderr) = run(&["plot", PD, "--out", s(&out), "--image", "svg"]);
    assert_eq!(code, Some(0), "{stderr}");
    let written = stdout.lines().count();
    assert!(written >= 5, "{stdout}");
    assert_eq!(listing(&out).len(), written + 1, "{:?}", listing(&out));
    assert!(listing(&out).iter().all(|n| !n.starts_with('.')));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("text"),
        "mine"
    );
    assert_ne!(
        std::fs::read_to_string(out.join("stage_game.svg")).expect("text"),
        "old chart"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_chart_stops_the_set_before_any_chart_is_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("charts");
    std::fs::create_dir(&out).expect("folder");
    std::fs::write(out.join("stage_game.svg"), "old chart").expect("written");
    let locked = out.join("population.svg");
    std::fs::write(&locked, "locked").expect("written");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    check(
        &["plot", PD, "--out", s(&out), "--image", "svg"],
        1,
        &["population.svg", "is read-only"],
    );
    assert_eq!(
        std::fs::read_to_string(out.join("stage_game.svg")).expect("text"),
        "old chart"
    );
    assert_eq!(std::fs::read_to_string(&locked).expect("text"), "locked");
}

#[cfg(unix)]
#[test]
fn replaced_charts_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("charts");
    std::fs::create_dir(&out).expect("folder");
    let chart = out.join("dynamics_fictitious.svg");
    std::fs::write(&chart, "old").expect("written");
    std::fs::set_permissions(&chart, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    check(
        &[
            "dynamics",
            CHICKEN,
            "--method",
            "fictitious",
            "--out",
            s(&out),
            "--image",
            "svg",
        ],
        0,
        &[],
    );
    let meta = std::fs::metadata(&chart).expect("exists");
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert_ne!(std::fs::read_to_string(&chart).expect("text"), "old");
}

// --- Item 2: no silent overrides -------------------------------------------------------

#[test]
fn lemke_howson_labels_with_another_method_are_refused() {
    for args in [
        vec!["solve", CHICKEN, "--label", "1"],
        vec!["solve", CHICKEN, "--all-labels"],
        vec!["solve", CHICKEN, "--method", "vertex", "--label", "1"],
        vec!["solve", CHICKEN, "--method", "pure", "--all-labels"],
    ] {
        check(
            &args,
            2,
            &["applies to --method lh only", "add --method lh"],
        );
    }
    check(&["solve", CHICKEN, "--label", "1"], 2, &["--label"]);
    check(&["solve", CHICKEN, "--all-labels"], 2, &["--all-labels"]);
    check(
        &["solve", CHICKEN, "--method", "lh", "--label", "1"],
        0,
        &[],
    );
}

#[test]
fn path_rounds_beyond_the_cap_are_refused_with_the_cap() {
    for n in ["0", "10001", "-3"] {
        check(
            &["repeat", PD, "--path-rounds", n],
            2,
            &[&format!("--path-rounds {n}: give a number from 1 to 10000")],
        );
    }
    let (code, stdout, stderr) = run(&["repeat", PD, "--path-rounds", "10000", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let path = &v["paths"][0]["rounds"];
    assert_eq!(
        path.as_array().map(Vec::len),
        Some(10000),
        "{}",
        &stdout[..200]
    );
}

#[test]
fn path_flags_without_equilibrium_paths_are_refused() {
    check(
        &["repeat", PD, "--horizon", "10", "--point", "2,2"],
        2,
        &["--point", "repeated 10 rounds", "drop it"],
    );
    check(
        &[
            "repeat",
            PD,
            "--horizon",
            "10",
            "--seed",
            "3",
            "--path-rounds",
            "5",
        ],
        2,
        &["--path-rounds, --seed", "drop them"],
    );
    check(&["repeat", PD, "--horizon", "10"], 0, &[]);
}

#[test]
fn a_mixed_disagreement_point_must_be_paid_by_a_stage_equilibrium() {
    check(
        &["bargain", CHICKEN, "--disagreement", "mixed:7,7"],
        2,
        &[
            "--disagreement mixed:7,7",
            "no Nash equilibrium of the stage game pays (7, 7)",
            "(1, -1), (-0.1, -0.1) and (-1, 1)",
        ],
    );
    // The mixed equilibrium's payoffs, and a pure one's, are accepted; so is a typed
    // rounding of them.
    for point in ["mixed:-0.1,-0.1", "mixed:1,-1", "mixed:-0.1001,-0.0999"] {
        check(&["bargain", CHICKEN, "--disagreement", point], 0, &[]);
    }
    // A component of equilibria pays a range; any point of it is accepted.
    check(
        &[
            "bargain",
            "scenarios/degenerate.toml",
            "--disagreement",
            "mixed:1.5,0",
        ],
        0,
        &[],
    );
    check(
        &[
            "bargain",
            "scenarios/degenerate.toml",
            "--disagreement",
            "mixed:9,9",
        ],
        2,
        &["(1 to 2, 0)"],
    );
}

#[test]
fn counts_out_of_range_are_errors_that_give_the_range() {
    let sim = ["simulate", PD, "--row", "row_grim", "--col", "col_grim"];
    let file_words = "give a number from 1 to 1000000";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            [&sim[..], &["--rounds", "0"]].concat(),
            "--rounds: rounds = 0; give a number from 1 to 1000000",
        ),
        (
            [&sim[..], &["--rounds", "-1"]].concat(),
            "--rounds: rounds = -1; give a number from 1 to 1000000",
        ),
        (
            vec!["tournament", PD, "--rounds", "-1"],
            "--rounds: rounds = -1; give a number from 1 to 1000000",
        ),
        (
            vec!["tournament", PD, "--repetitions", "0"],
            "--repetitions 0: give a number from 1 to 100000",
        ),
        (
            vec!["tournament", PD, "--generations", "0"],
            "--generations 0: give a number from 1 to 10000000",
        ),
        (
            vec!["tournament", PD, "--population", "1"],
            "--population 1: give a number from 2 to 100000",
        ),
        (
            vec!["tournament", PD, "--population", "-4"],
            "--population -4: give a number from 2 to 100000",
        ),
        (
            vec!["dynamics", PD, "--method", "fictitious", "--rounds", "0"],
            "--rounds 0: give a number from 1 to 100000000",
        ),
        (
            vec!["dynamics", PD, "--method", "fictitious", "--rounds", "-2"],
            "--rounds -2: give a number from 1 to 100000000",
        ),
        (
            vec!["dynamics", PD, "--method", "logit", "--iterations", "-2"],
            "--iterations -2: give a number from 1 to 100000000",
        ),
        (
            vec![
                "sweep",
                PD,
                "--param",
                "delta=0:0.9:2",
                "--jobs",
                "-2",
                "--no-chart",
            ],
            "--jobs -2: give a number from 1 to 1024",
        ),
    ];
    for (args, expected) in cases {
        check(&args, 2, &[expected]);
    }
    // The file says the same of `rounds = 0` and `rounds = -1`.
    let dir = tempfile::tempdir().expect("temp dir");
    for r in ["0", "-1"] {
        let text = std::fs::read_to_string(scenario("prisoners_dilemma.toml"))
            .expect("readable")
            .replace("rounds = 20", &format!("rounds = {r}"));
        let f = dir.path().join(format!("r{r}.toml"));
        std::fs::write(&f, text).expect("written");
        check(
            &["check", s(&f)],
            2,
            &[&format!("rounds = {r}; {file_words}")],
        );
    }
}

#[test]
fn negative_numbers_are_values_of_every_numeric_flag() {
    let sim = ["simulate", PD, "--row", "row_grim", "--col", "col_grim"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["repeat", PD, "--delta", "-0.1"],
            "--delta: discount factor -0.1 is outside [0, 1)",
        ),
        (vec!["repeat", PD, "--point", "-1,2"], ""),
        (vec!["repeat", PD, "--horizon", "-1"], "--horizon -1"),
        (vec!["repeat", PD, "--seed", "-1"], "--seed"),
        (
            vec!["bargain", PD, "--delta", "-0.5"],
            "-0.5 is outside [0, 1)",
        ),
        (
            vec!["bargain", PD, "--delta-row", "-0.5", "--delta-col", "0.5"],
            "-0.5 is outside [0, 1)",
        ),
        (
            vec!["bargain", PD, "--delta-row", "0.5", "--delta-col", "-0.5"],
            "-0.5 is outside [0, 1)",
        ),
        (
            [&sim[..], &["--noise", "-0.1"]].concat(),
            "--noise: noise -0.1 is outside [0, 1]",
        ),
        ([&sim[..], &["--seed", "-1"]].concat(), "--seed"),
        (
            vec!["tournament", PD, "--noise", "-0.1"],
            "--noise: noise -0.1",
        ),
        (vec!["tournament", PD, "--seed", "-1"], "--seed"),
        (
            vec!["tournament", PD, "--repetitions", "-1"],
            "--repetitions -1",
        ),
        (
            vec!["tournament", PD, "--generations", "-1"],
            "--generations -1",
        ),
        (
            vec![
                "sweep",
                PD,
                "--param",
                "noise=0:0.1:2",
                "--delta",
                "-0.1",
                "--no-chart",
            ],
            "--delta: discount factor -0.1",
        ),
        (
            vec![
                "sweep",
                PD,
                "--param",
                "delta=0:0.5:2",
                "--noise",
                "-0.1",
                "--no-chart",
            ],
            "--noise: noise -0.1",
        ),
        (
            vec!["solve", PD, "--method", "lh", "--label", "-1"],
            "--label",
        ),
        (
            vec![
                "dynamics",
                PD,
                "--method",
                "replicator",
                "--iterations",
                "-1",
            ],
            "--iterations -1",
        ),
    ];
    for (args, expected) in cases {
        let (code, _, stderr) = run(&args);
        assert!(
            !stderr.contains("unexpected argument") && !stderr.contains("'-0'"),
            "{args:?}: {stderr}"
        );
        if expected.is_empty() {
            // `--point -1,2` is a value; the point is simply outside the SPE set.
            assert_eq!(code, Some(0), "{args:?}: {stderr}");
        } else {
            assert_eq!(code, Some(2), "{args:?}: {stderr}");
            assert!(
                stderr.contains(expected),
                "{args:?}: {expected:?} not in {stderr}"
            );
        }
    }
}

#[test]
fn flags_the_run_would_ignore_are_refused_or_noted() {
    check(
        &[
            "sweep",
            PD,
            "--param",
            "delta=0:0.9:3",
            "--delta",
            "0.5",
            "--no-chart",
        ],
        2,
        &["--delta conflicts with --param", "drop --delta"],
    );
    check(
        &[
            "sweep",
            PD,
            "--param",
            "noise=0:0.1:3",
            "--noise",
            "0.05",
            "--no-chart",
        ],
        2,
        &["--noise conflicts with --param", "drop --noise"],
    );
    check(
        &[
            "sweep",
            PD,
            "--param",
            "delta=0:0.9:3",
            "--image",
            "png",
            "--no-chart",
        ],
        2,
        &["--no-chart"],
    );
    check(
        &["run", PD, "--out", "nowhere", "--no-charts"],
        2,
        &["--no-charts"],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("pd.json");
    check(
        &["convert", PD, s(&json), "--nfg-form", "outcome"],
        2,
        &["--nfg-form applies to .nfg output only"],
    );
    assert!(!json.exists());
    // Without noise, pure strategies play the same match for every seed: said, not hidden.
    let (code, _, stderr) = run(&[
        "simulate", PD, "--row", "row_grim", "--col", "col_tft", "--seed", "5",
    ]);
    assert_eq!(code, Some(0));
    assert!(stderr.contains("note: --seed 5 has no effect"), "{stderr}");
    let (_, _, stderr) = run(&[
        "simulate", PD, "--row", "row_grim", "--col", "col_tft", "--seed", "5", "--noise", "0.1",
    ]);
    assert!(!stderr.contains("note:"), "{stderr}");
}
