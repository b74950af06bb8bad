//! Every bad input gets a clear error: the file named, the place where the format has
//! one, what was expected — exit code 2, never a panic. Data-driven: one line per case.

use crate::common::{self, truce};

/// `(file under tests/data/bad, position "line:col" or "" when the format has none,
/// words the message must contain)`.
const CASES: &[(&str, &str, &str)] = &[
    ("malformed.toml", "1:22", "invalid scenario TOML"),
    ("malformed.json", "1:11", "invalid scenario JSON"),
    ("malformed.nfg", "1:31", "expected `}`"),
    ("too_few_payoffs.nfg", "2:12", "too few payoffs"),
    ("too_many_payoffs.nfg", "2:17", "too many payoffs"),
    ("nan_payoff.nfg", "2:15", "\"nan\" is not a number"),
    ("three_players.nfg", "1:27", "two-player games"),
    ("huge_header.nfg", "1:41", "larger than truce reads"),
    ("missing_outcome.nfg", "4:1", "outcome 3 does not exist"),
    ("ragged.toml", "11:10", "1 cells, expected 2"),
    ("cell_size.toml", "10:9", "a cell has 3 numbers, expected 2"),
    (
        "cell_size.json",
        "1:100",
        "a cell has 3 numbers, expected 2",
    ),
    (
        "sweep_unknown_parameter.json",
        "175:16",
        "did you mean \"rare_earth_dependence\"",
    ),
    ("nan.toml", "10:13", "not a finite number"),
    ("inf.toml", "10:18", "not a finite number"),
    ("huge.toml", "11:15", "too large"),
    ("not_a_number.toml", "10:13", "is not a number"),
    ("misspelt_action.toml", "11:9", "did you mean \"tariff\""),
    (
        "missing_line.toml",
        "9:1",
        "no payoff line for row action \"tariff\"",
    ),
    (
        "duplicate_action.toml",
        "3:20",
        "duplicate action name \"hold\"",
    ),
    ("empty_action_name.toml", "3:20", "empty action name"),
    ("empty_action_list.toml", "3:11", "the action list is empty"),
    ("discount_one.toml", "14:12", "outside [0, 1)"),
    ("discount_negative.toml", "14:31", "outside [0, 1)"),
    (
        "noise_out_of_range.toml",
        "15:9",
        "noise 1.5 is outside [0, 1]",
    ),
    (
        "unknown_action_in_strategy.toml",
        "18:10",
        "unknown action \"tarrif\"",
    ),
    (
        "unknown_action_in_transition.toml",
        "17:49",
        "unknown action \"embargo\"",
    ),
    ("unknown_state.toml", "17:48", "unknown state \"angry\""),
    (
        "unknown_strategy_kind.toml",
        "16:8",
        "unknown strategy kind \"grim\"",
    ),
    ("unknown_key.toml", "1:1", "unknown field `colour`"),
    (
        "unknown_sweep_parameter.toml",
        "17:9",
        "did you mean \"dependence\"",
    ),
    ("sweep_discount_out_of_range.toml", "16:6", "lies in [0, 1)"),
    (
        "sweep_makes_the_game_invalid.toml",
        "14:9",
        "the game is not valid at k = 0",
    ),
    (
        "parameter_named_like_a_constant.toml",
        "2:5",
        "taken by the expression language",
    ),
    ("wrong_types.json", "1:11", "expected a string"),
    ("non_utf8.toml", "1:10", "not valid UTF-8"),
    ("empty.toml", "", "the file is empty"),
    ("blank.json", "", "the file is empty"),
];

fn check(file: &str, position: &str, words: &str) {
    let path = format!("tests/data/bad/{file}");
    for cmd in ["check", "solve", "run"] {
        let out = truce().args([cmd, &path]).output().expect("truce runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{cmd} {file}: exit code; stderr: {err}"
        );
        assert!(
            out.stdout.is_empty(),
            "{cmd} {file}: printed a report for bad input"
        );
        assert!(!err.contains("panicked"), "{cmd} {file}: panicked: {err}");
        let place = if position.is_empty() {
            path.clone()
        } else {
            format!("{path}:{position}")
        };
        assert!(
            err.contains(&place),
            "{cmd} {file}: expected place {place:?} in: {err}"
        );
        assert!(
            err.contains(words),
            "{cmd} {file}: expected {words:?} in: {err}"
        );
    }
}

#[test]
fn every_bad_file_is_a_clean_error() {
    for (file, position, words) in CASES {
        check(file, position, words);
    }
}

#[test]
fn every_bad_file_is_covered() {
    let dir = common::root().join("tests/data/bad");
    for entry in std::fs::read_dir(dir).expect("folder exists") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            CASES.iter().any(|c| c.0 == name),
            "{name} has no expectation in CASES"
        );
    }
}

#[test]
fn missing_file_directory_and_unknown_type() {
    for (arg, words) in [
        ("tests/data/bad/no_such_file.toml", "no such file"),
        ("tests/data", "this is a directory"),
        ("Cargo.lock", "unknown file type"),
    ] {
        let out = truce().args(["solve", arg]).output().expect("truce runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{arg}: {err}");
        assert!(err.contains(arg) && err.contains(words), "{arg}: {err}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = truce().args(["solve"]).output().expect("truce runs");
    assert_eq!(out.status.code(), Some(2));
    let out = truce()
        .args(["solve", "scenarios/chicken.toml", "--format", "yaml"])
        .output()
        .expect("truce runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let file = "tests/data/bad/misspelt_action.toml";
    let stderr = |args: &[&str], no_color: Option<&str>| {
        let mut c = truce();
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        } else {
            c.env_remove("NO_COLOR");
        }
        let out = c.args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    // Piped (as here): plain text, whatever NO_COLOR says.
    let plain = stderr(&["check", file], None);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(plain.starts_with("error: "));
    assert!(!stderr(&["check", file], Some("1")).contains('\x1b'));
    // Forced: the label, the caret and the hint in colour; the words unchanged.
    let coloured = stderr(&["--color", "always", "check", file], Some("1"));
    assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
    assert!(coloured.contains("\x1b[1;31m^\x1b[0m"), "{coloured}");
    assert!(
        coloured.contains("\x1b[32m(did you mean \"tariff\"?)\x1b[0m"),
        "{coloured}"
    );
    let stripped: String = {
        let mut out = String::new();
        let mut esc = false;
        for ch in coloured.chars() {
            match (esc, ch) {
                (false, '\x1b') => esc = true,
                (true, 'm') => esc = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    };
    assert_eq!(stripped, plain);
    assert!(!stderr(&["--color", "never", "check", file], None).contains('\x1b'));
}

#[test]
fn usage_errors_follow_the_colour_choice_too() {
    let run = |args: &[&str]| {
        let out = truce().env_remove("NO_COLOR").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(run(&["--color", "always", "solve"]).contains('\x1b'));
    assert!(!run(&["solve"]).contains('\x1b'));
    assert!(!run(&["--color=never", "solve"]).contains('\x1b'));
}
