//! Hostile input: files that are huge or endless, names that are too long or hold control
//! characters, automata of many states, values of the wrong form — each refused (or read)
//! in bounded time with a message in the user's words: the file, the place, the limit or
//! what was expected, and the fix; exit code 2; nothing of a parser's internals, and no
//! control character on the terminal.

use std::path::Path;
use std::time::Duration;

use crate::common::{s, truce};

/// Words of parser and serde internals that must never reach the user.
const INTERNALS: &[&str] = &[
    "wlog",
    "we have 0 ops",
    "ops and",
    "untagged enum",
    "Rounds(",
    "Word(",
    "RawNumber",
    "RawDiscount",
    "RawAction",
    "struct Raw",
    "expected f64",
    "expected i64",
    "expected u64",
    "a sequence",
];

/// Stops a command that runs longer than `secs`: a hang is a failure, not a stuck suite.
fn bounded(secs: u64) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::from_std(truce());
    c.timeout(Duration::from_secs(secs));
    c
}

/// Runs `truce CMD FILE` for `check`, `solve` and `run`; each must exit with 2, print
/// nothing on standard output, and name the file at `position` with `words` on standard
/// error, in plain words. `position` is "line:col", or a prefix of it ending in `:`
/// ("14:"), or "" for any place in the file. Returns the message of `check`.
fn refused(file: &Path, position: &str, words: &str) -> String {
    let mut first = None;
    for cmd in ["check", "solve", "run"] {
        let out = bounded(60)
            .args([cmd, s(file)])
            .output()
            .expect("truce runs");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(out.stdout.is_empty(), "{cmd}: printed a report");
        let place = if position.is_empty() || position.ends_with(':') {
            format!("{}:{position}", s(file))
        } else {
            format!("{}:{position}: ", s(file))
        };
        assert!(err.contains(&place), "{cmd}: expected {place:?} in {err}");
        assert!(err.contains(words), "{cmd}: expected {words:?} in {err}");
        plain(&err);
        first.get_or_insert(err);
    }
    first.expect("three commands ran")
}

/// No internals, no panic, no raw control character, a bounded length.
fn plain(err: &str) {
    for w in INTERNALS {
        assert!(!err.contains(w), "internal {w:?} in {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "a control character in {err:?}"
    );
    assert!(err.len() < 3000, "{} bytes of error", err.len());
}

// ---- A. Bounded input ----------------------------------------------------------------

#[cfg(unix)]
#[test]
fn an_endless_file_is_read_only_up_to_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let err = refused(&zero, "", "the file is larger than 256 MiB");
    assert!(err.contains("the limit for a scenario file"), "{err}");
    assert!(err.contains("check the path"), "{err}");
}

// ---- B. Text that is safe to print ---------------------------------------------------

// ---- C. Errors in the user's words ---------------------------------------------------

