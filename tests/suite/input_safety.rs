//! Hostile input: files that are huge or endless, names that are too long or hold control
//! characters, automata of many states, values of the wrong form — each refused (or read)
//! in bounded time with a message in the user's words: the file, the place, the limit or
//! what was expected, and the fix; exit code 2; nothing of a parser's internals, and no
//! control character on the terminal.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::prelude::*;

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

/// A prisoner's dilemma with a parameter `p`, its first cell replaced by `CELL`:
/// line 4 holds the row actions, line 11 the payoff line `c` (the cell at column 7).
const BASE: &str = "title = \"t\"
[row]
name = \"Row\"
actions = [\"c\", \"d\"]
[col]
name = \"Col\"
actions = [\"c\", \"d\"]
[parameters]
p = 1
[payoffs]
c = [[CELL, 3], [0, 5]]
d = [[5, 0], [1, 1]]
";

/// The base game with its first cell `cell` and `tail` appended (from line 13).
fn game(cell: &str, tail: &str) -> String {
    format!("{}{tail}", BASE.replace("CELL", cell))
}

/// The base game with a `[repeated]` section holding `lines` (from line 14).
fn repeated(lines: &str) -> String {
    game("3", &format!("[repeated]\n{lines}\n"))
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the file is written");
    path
}

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

#[test]
fn names_and_texts_have_length_limits() {
    let dir = tempfile::tempdir().unwrap();
    let long = |n: usize| "x".repeat(n);
    let cases = [
        (
            BASE.replace("CELL", "3").replace(
                "[\"c\", \"d\"]\n[parameters]",
                &format!("[\"c\", \"{}\"]\n[parameters]", long(201)),
            ),
            "7:17",
            "the action name \"xxx",
        ),
        (
            BASE.replace("CELL", "3")
                .replace("name = \"Row\"", &format!("name = \"{}\"", long(201))),
            "3:8",
            "the player's name",
        ),
        (
            BASE.replace("CELL", "3")
                .replace("title = \"t\"", &format!("title = \"{}\"", long(2001))),
            "1:9",
            "is 2001 characters long, more than the limit of 2000",
        ),
        (
            format!(
                "description = \"{}\"\n{}",
                long(20_001),
                BASE.replace("CELL", "3")
            ),
            "1:15",
            "is 20001 characters long, more than the limit of 20000",
        ),
        (
            game(
                "3",
                &format!(
                    "[[strategy]]\nname = \"{}\"\nplayer = \"row\"\nkind = \"always\"\naction = \"c\"\n",
                    long(201)
                ),
            ),
            "14:8",
            "the strategy name",
        ),
        (
            game(
                "3",
                &format!(
                    "[[strategy]]\nname = \"s\"\nplayer = \"row\"\nstart = \"a\"\nstates.a = {{ play = \"c\" }}\nstates.{} = {{ play = \"d\" }}\n",
                    long(201)
                ),
            ),
            "18:",
            "the state name",
        ),
    ];
    for (k, (text, position, words)) in cases.iter().enumerate() {
        let file = write(dir.path(), &format!("long{k}.toml"), text);
        let err = refused(&file, position, words);
        assert!(err.contains("shorten it"), "{err}");
    }
    // At the limit, all is well.
    let file = write(
        dir.path(),
        "at_limit.toml",
        BASE.replace("CELL", "3").replace(
            "[\"c\", \"d\"]\n[parameters]",
            &format!("[\"c\", \"{}\"]\n[parameters]", long(200)),
        ),
    );
    truce().args(["check", s(&file)]).assert().success();
}

/// A chain of `n` states, each playing `c` for `after` rounds, for the row player.
fn chain(n: usize, after: usize) -> String {
    let mut t = game(
        "3",
        "[[strategy]]\nname = \"chain\"\nplayer = \"row\"\nstart = \"s0\"\n",
    );
    for k in 0..n {
        t.push_str(&format!(
            "states.s{k} = {{ play = \"c\", after = {after}, then = \"s{}\" }}\n",
            (k + 1) % n
        ));
    }
    t
}

#[test]
fn a_long_automaton_is_checked_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "chain.toml", chain(80_000, 1));
    let out = bounded(30)
        .args(["check", s(&file)])
        .output()
        .expect("truce runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("strategies: chain"));
}

#[test]
fn automata_have_a_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "timed.toml", chain(11, 10_000));
    let err = refused(&file, "13:1", "more than the limit of 100000");
    assert!(
        err.contains("11 states (110000 counting each round of a timed state)"),
        "{err}"
    );
    // A transition table of states × cells beyond its budget, in a 1000 × 1000 game.
    let names: Vec<String> = (0..1000).map(|k| format!("a{k}")).collect();
    let zeros = vec![vec![0; 1000]; 1000];
    let json = serde_json::json!({
        "row": { "name": "Row", "actions": names },
        "col": { "name": "Col", "actions": names },
        "payoffs": { "row": zeros, "col": zeros },
        "strategy": [{
            "name": "long_memory", "player": "row", "kind": "limited_punishment",
            "cooperate": { "row": "a0", "col": "a0" }, "punish": "a1", "rounds": 100
        }]
    });
    let file = write(dir.path(), "big.json", json.to_string());
    let err = refused(&file, "1:", "101 states × 1000000 cells");
    assert!(err.contains("more than the limit of 50000000"), "{err}");
}

/// Chart text is shortened for the picture only: a 250,000-character name renders in
/// bounded time as 39 characters and an ellipsis, while the report keeps it whole.
#[test]
fn charts_shorten_long_names_and_reports_keep_them() {
    use truce::game::{Action, Game, PlayerInfo};
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let base = truce::scenario::load_file(&crate::common::scenario("prisoners_dilemma.toml"))
            .expect("the bundled scenario loads");
        let long = "x".repeat(250_000);
        let player = |name: &str| PlayerInfo {
            name: format!("{name} {long}"),
            actions: vec![
                Action::named(long.clone()),
                Action::named(format!("{long}y")),
            ],
        };
        let mut s = base.clone();
        s.game = Game::new(
            player("Row"),
            player("Col"),
            base.game.a().clone(),
            base.game.b().clone(),
        )
        .expect("a valid game");
        s.title = format!("title {long}");
        s.raw = None;
        for st in &mut s.strategies {
            st.name = format!("{}{long}", st.name);
        }
        let analysis = truce::analysis::analyse(&s).expect("the analysis runs");
        let charts = truce::plot::from_analysis::run_charts(&s, &analysis);
        let svgs: Vec<String> = charts
            .iter()
            .map(|c| truce::plot::svg_string(&c.chart, truce::plot::Size::default()).unwrap())
            .collect();
        let png = truce::plot::png_bytes(&charts[0].chart, truce::plot::Size::default());
        let report = truce::report::run::run_text(&s, &analysis, &[]);
        tx.send((charts.len(), svgs, png.is_ok(), report)).unwrap();
    });
    let (n, svgs, png, report) = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the charts render in bounded time");
    assert!(n >= 3 && png);
    let shown = format!("{}…", "x".repeat(truce::plot::text::WORD_CHARS - 1));
    assert!(svgs.iter().any(|svg| svg.contains(&shown)));
    for svg in &svgs {
        assert!(
            !svg.contains(&"x".repeat(40)),
            "a name drawn at full length"
        );
    }
    assert!(
        report.contains(&"x".repeat(250_000)),
        "the report shortened a name"
    );
}

// ---- B. Text that is safe to print ---------------------------------------------------

#[test]
fn control_characters_in_titles_and_names_are_refused_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let toml = BASE
        .replace("CELL", "3")
        .replace("title = \"t\"", "title = \"\\u001b]0;pwned\\u0007\"")
        .replace("[\"c\", \"d\"]\n[col]", "[\"\\u001b[2J\", \"d\"]\n[col]");
    let json = serde_json::json!({
        "title": "ok",
        "row": { "name": "Row", "actions": ["c", "\u{1b}[2J"] },
        "col": { "name": "Col", "actions": ["c", "d"] },
        "payoffs": { "row": [[1, 2], [3, 4]], "col": [[1, 2], [3, 4]] }
    })
    .to_string();
    let nfg = "NFG 1 R \"t\" { \"Row\" \"Col\" }\n{ { \"c\" \"\u{1b}[2J\" } { \"c\" \"d\" } }\n\"\"\n3 3 5 0 0 5 1 1\n";
    for (name, text, position, words) in [
        (
            "ctl.toml",
            toml.as_str(),
            "1:9",
            "the title \"\\u{1b}]0;pwned\\u{7}\" holds U+001B (escape) at character 1",
        ),
        (
            "ctl.json",
            json.as_str(),
            "1:",
            "the action name \"\\u{1b}[2J\" holds U+001B (escape)",
        ),
        (
            "ctl.nfg",
            nfg,
            "2:9",
            "the strategy label \"\\u{1b}[2J\" holds U+001B (escape)",
        ),
    ] {
        let file = write(dir.path(), name, text);
        let err = refused(&file, position, words);
        assert!(err.contains("remove it"), "{err}");
    }
    for (k, (field, value, words)) in [
        (
            "name = \"Row\"",
            "name = \"R\\u202eevil\"",
            "U+202E (right-to-left override)",
        ),
        (
            "name = \"Row\"",
            "name = \"a\\u200bb\"",
            "U+200B (zero width space)",
        ),
        (
            "name = \"Row\"",
            "name = \"a\\u2066b\"",
            "U+2066 (left-to-right isolate)",
        ),
        (
            "name = \"Row\"",
            "name = \"two\\nlines\"",
            "U+000A (line feed)",
        ),
        (
            "title = \"t\"",
            "title = \"t\\u0085\"",
            "U+0085 (next line)",
        ),
        (
            "title = \"t\"",
            "description = \"a\\rb\"",
            "U+000D (carriage return)",
        ),
        ("title = \"t\"", "source = \"\\ufeffx\"", "U+FEFF"),
    ]
    .into_iter()
    .enumerate()
    {
        let file = write(
            dir.path(),
            &format!("c{k}.toml"),
            BASE.replace("CELL", "3").replace(field, value),
        );
        refused(&file, "", words);
    }
    // Descriptions may hold line breaks and tabs.
    let file = write(
        dir.path(),
        "layout.toml",
        BASE.replace("CELL", "3")
            .replace("title = \"t\"", "description = \"one\\ntwo\\r\\n\\tthree\""),
    );
    truce().args(["check", s(&file)]).assert().success();
}

#[test]
fn no_control_character_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // From the command line, into an error on standard error…
    let out = truce()
        .args([
            "simulate",
            "scenarios/prisoners_dilemma.toml",
            "--row",
            "always:\u{1b}[2J\u{7}",
            "--col",
            "col_grim",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\\u001B[2J\\u0007"), "{err}");
    plain(&err);
    // …and into a report on standard output.
    let target = dir.path().join("x\u{1b}]0;pwned\u{7}.json");
    let out = truce()
        .args(["convert", "scenarios/prisoners_dilemma.toml", s(&target)])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("x\\u001B]0;pwned\\u0007.json"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
}

#[test]
fn strategy_names_stay_apart_from_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let strategy = |name: &str| {
        format!(
            "[[strategy]]\nname = \"{name}\"\nplayer = \"row\"\nkind = \"always\"\naction = \"c\"\n"
        )
    };
    for (k, (name, words)) in [
        (
            "always:c",
            "holds `:`, which the command line reads as a built-in strategy (`always:ACTION`)",
        ),
        (
            "tit_for_tat",
            "is taken by the built-in strategy \"tit_for_tat\"",
        ),
        (
            "Tit For Tat",
            "is taken by the built-in strategy \"tit_for_tat\"",
        ),
        (
            "GRIM-TRIGGER",
            "is taken by the built-in strategy \"grim_trigger\"",
        ),
        ("grudger", "is taken by the built-in strategy \"Grudger\""),
        (" mine", "has surrounding spaces"),
        ("mine\\u200b", "U+200B (zero width space)"),
    ]
    .into_iter()
    .enumerate()
    {
        let file = write(
            dir.path(),
            &format!("s{k}.toml"),
            game("3", &strategy(name)),
        );
        refused(&file, "14:8", words);
    }
    let twice = format!("{}{}", strategy("mine"), strategy("mine"));
    let file = write(dir.path(), "twice.toml", game("3", &twice));
    refused(&file, "19:8", "duplicate strategy name \"mine\"");
}

// ---- C. Errors in the user's words ---------------------------------------------------

#[test]
fn unreadable_values_get_plain_messages() {
    let dir = tempfile::tempdir().unwrap();
    let (p400, q400) = ("9".repeat(400), "7".repeat(399));
    let cases: Vec<(String, &str, &str)> = vec![
        (
            game("\"1e400\"", ""),
            "11:7",
            "payoff \"1e400\" is too large (the limit is ±1e12)",
        ),
        (game("1e400", ""), "11:7", "invalid floating-point number"),
        (game("\"foo(p)\"", ""), "11:7", "`foo` is not a function"),
        (game("\"()\"", ""), "11:7", "the parentheses `()` are empty"),
        (
            game("\"1/2x\"", ""),
            "11:7",
            "`2` is followed directly by `x`",
        ),
        (
            game("true", ""),
            "11:7",
            "expected a number, a fraction like \"1/3\" or an expression of the parameters",
        ),
        (
            game("{ a = 1 }", ""),
            "11:7",
            "expected a number, a fraction like \"1/3\"",
        ),
        (game(&format!("\"{p400}/3\""), ""), "11:7", "is too large"),
        (
            repeated("discount = 0.9\nhorizon = 0"),
            "15:11",
            "horizon = 0 is not valid; write \"infinite\" or a number of rounds from 1 to 100000",
        ),
        (
            repeated("discount = 0.9\nhorizon = \"forever\""),
            "15:11",
            "horizon = \"forever\" is not valid",
        ),
        (
            repeated("discount = 0.9\nhorizon = 2.5"),
            "15:11",
            "expected \"infinite\" or a number of rounds",
        ),
        (
            repeated("discount = \"1/2x\""),
            "14:12",
            "the discount \"1/2x\" is text; write a discount factor in [0, 1) such as 0.9",
        ),
        (
            repeated("discount = { row = 0.9, col = 0.5, x = 1 }"),
            "14:",
            "unknown field `x`, expected `row` or `col`",
        ),
        (
            repeated("discount = { row = 0.9 }"),
            "14:",
            "missing field `col`",
        ),
        (
            repeated("discount = 0.9\nnoise = \"0.1\""),
            "15:9",
            "invalid type: string \"0.1\", expected a number",
        ),
        (
            repeated("discount = 0.9\nrounds = 1.5"),
            "15:10",
            "expected a whole number",
        ),
        (
            BASE.replace("CELL", "3").replace(
                "[\"c\", \"d\"]\n[col]",
                "[\"c\", { name = \"d\", colour = \"red\" }]\n[col]",
            ),
            "4:",
            "unknown field `colour`, expected `name` or `description`",
        ),
        (
            game(
                "3",
                "[[strategy]]\nname = \"s\"\nplayer = \"row\"\nkind = \"grim_trigger\"\ncooperate = { row = \"c\", col = \"c\", x = 1 }\npunish = \"d\"\n",
            ),
            "17:",
            "unknown field `x`, expected `row` or `col`",
        ),
        (
            game(
                "3",
                "[[strategy]]\nname = \"s\"\nplayer = \"row\"\nstart = \"a\"\nstates.a = { play = { c = \"half\" } }\n",
            ),
            "17:",
            "expected a number",
        ),
        (
            game("3", "[[strategy]]\nname = 5\n"),
            "14:8",
            "invalid type: integer `5`, expected a string",
        ),
        (
            BASE.replace("CELL", "3")
                .replace("[row]\nname = \"Row\"\nactions = [\"c\", \"d\"]", "row = 5"),
            "2:7",
            "expected a player: a table with `name` and `actions`",
        ),
    ];
    for (k, (text, position, words)) in cases.iter().enumerate() {
        let file = write(dir.path(), &format!("v{k}.toml"), text);
        refused(&file, position, words);
    }
    // A fraction of two 400-digit numbers is about 12.86, read exactly.
    let file = write(
        dir.path(),
        "big_fraction.toml",
        game(&format!("\"{p400}/{q400}\""), ""),
    );
    let v = crate::common::json(&["check", "--format", "json", s(&file)]);
    let a = v["game"]["payoffs"]["row"][0][0].as_f64().unwrap();
    assert!((a - 90.0 / 7.0).abs() < 1e-12, "{a}");
}

#[test]
fn json_type_errors_use_the_schema_words() {
    let dir = tempfile::tempdir().unwrap();
    let json = r#"{"row": {"name": "Row", "actions": ["c", "d"]}, "col": {"name": "Col", "actions": ["c", "d"]}, "payoffs": {"row": [[1, 2], [3, 4]], "col": [[1, 2], [3, true]]}, "repeated": {"discount": 0.9, "noise": "x"}}"#;
    let file = write(dir.path(), "types.json", json);
    refused(&file, "1:", "expected a number, a fraction like \"1/3\"");
    let json = json.replace("[3, true]", "[3, 4]");
    let file = write(dir.path(), "noise.json", json);
    refused(&file, "1:", "invalid type: string \"x\", expected a number");
}

#[test]
fn error_snippets_show_a_window_of_a_long_line() {
    let dir = tempfile::tempdir().unwrap();
    // A 3-MB payoff line with a bad cell in its middle: the caret points into a window.
    let line = format!(
        "d = [[5, 0],{}[1, \"oops\"]] # {}",
        " ".repeat(2_000_000),
        "z".repeat(1_000_000)
    );
    let text = BASE
        .replace("CELL", "3")
        .replace("d = [[5, 0], [1, 1]]", &line);
    let file = write(dir.path(), "wide.toml", text);
    let err = refused(
        &file,
        "12:",
        "\"oops\" uses \"oops\", which is not a parameter",
    );
    let snippet: Vec<&str> = err.lines().filter(|l| l.starts_with("12 |")).collect();
    assert_eq!(snippet.len(), 1, "{err}");
    assert!(
        snippet[0].starts_with("12 | …") && snippet[0].ends_with('…'),
        "{err}"
    );
    assert!(snippet[0].chars().count() < 120, "{err}");
    // The caret sits under the bad value.
    let lines: Vec<&str> = err.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("12 |")).unwrap();
    let caret = lines[at + 1].chars().position(|c| c == '^').unwrap();
    let under: String = lines[at].chars().skip(caret).take(6).collect();
    assert_eq!(under, "\"oops\"", "{err}");
    // A huge unknown key is quoted in part.
    let key = "k".repeat(100_000);
    let file = write(
        dir.path(),
        "key.toml",
        format!("{key} = 1\n{}", BASE.replace("CELL", "3")),
    );
    let err = refused(&file, "1:1", "unknown field");
    assert!(err.contains(" … "), "{err}");
}
