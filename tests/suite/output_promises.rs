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

