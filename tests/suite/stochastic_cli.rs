//! Stochastic games from scenario files: `[[state]]` sections, their mistakes placed at
//! line:column, conversion, and the `repeat --format json` keys `states` and `mpe`; a
//! one-state file gives the repeated game's numbers, and its payoff-set bounds bracket the
//! Abreu–Sannikov set the same report computes.

use std::path::PathBuf;

use crate::common::{json, pair, truce};

/// The ladder of the issue: a truce, a war it can fall into, an unreachable state.
const LADDER: &str = r#"title = "ladder"
initial = "truce"
[row]
name = "US"
actions = ["hold", "tariff"]
[col]
name = "China"
actions = ["hold", "curb"]
[repeated]
discount = 0.9
[[state]]
name = "truce"
actions = { row = ["hold", "tariff"], col = ["hold", "curb"] }
[state.payoffs]
hold   = [[5, 5], [1, 7]]
tariff = [[7, 1], [2, 2]]
[state.next]
hold   = { hold = "truce", curb = "war" }
tariff = { hold = "war", curb = { war = 0.8, truce = "1/5" } }
[[state]]
name = "war"
[state.payoffs]
hold   = [[3, 3], [0, 4]]
tariff = [[4, 0], [1, 1]]
[state.next]
hold = { hold = { truce = 0.5, war = 0.5 } }
"#;

fn write(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    crate::common::temp_file(name, text)
}

/// Runs `truce check` on `text`, expecting failure, and returns standard error.
fn refused(text: &str) -> String {
    crate::common::refused_file("s.toml", text)
}

#[test]
fn the_ladder_reports_states_and_markov_equilibria() {
    let (_d, path) = write("ladder.toml", LADDER);
    let v = json(&["repeat", path.to_str().unwrap(), "--format", "json"]);
    let states = v["states"].as_array().unwrap();
    assert_eq!(states.len(), 2);
    assert_eq!(states[0]["name"], "truce");
    assert_eq!(states[1]["name"], "war");
    for st in states {
        let sp = &st["spe_payoffs"];
        assert!(!sp["outer"].as_array().unwrap().is_empty());
        assert!(!sp["inner"].as_array().unwrap().is_empty());
        assert!(sp["gap"].as_f64().unwrap() >= 0.0);
    }
    let mpe = v["mpe"].as_array().unwrap();
    assert!(!mpe.is_empty());
    // Cooperation everywhere is an MPE: a tariff or a curb in the truce starts the war,
    // where the truce's 5 is worth more than the deviation's 7 then the war's values.
    let coop = mpe
        .iter()
        .find(|e| {
            e["row"]["truce"] == serde_json::json!([1.0, 0.0])
                && e["col"]["truce"] == serde_json::json!([1.0, 0.0])
        })
        .expect("cooperation in the truce is an MPE");
    assert_eq!(pair(&coop["values"]["truce"]), (5.0, 5.0));
    assert_eq!(coop["long_run_share"]["truce"], 1.0);
    // Every equilibrium's values solve the Bellman equation of its own play in the truce.
    for e in mpe {
        assert_eq!(e["pure"], true);
        let probs = |who: &str| {
            e[who]["truce"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect::<Vec<_>>()
        };
        let (r, c) = (probs("row"), probs("col"));
        let i = r.iter().position(|&x| x == 1.0).unwrap();
        let j = c.iter().position(|&x| x == 1.0).unwrap();
        let pay = [[(5.0, 5.0), (1.0, 7.0)], [(7.0, 1.0), (2.0, 2.0)]][i][j];
        let next: [[(f64, f64); 2]; 2] = [[(1.0, 0.0), (0.0, 1.0)], [(0.0, 1.0), (0.2, 0.8)]];
        let (pt, pw) = next[i][j];
        let vt = pair(&e["values"]["truce"]);
        let vw = pair(&e["values"]["war"]);
        let want = 0.1 * pay.0 + 0.9 * (pt * vt.0 + pw * vw.0);
        assert!((vt.0 - want).abs() < 1e-9, "{e}");
    }
    assert_eq!(v["stochastic"]["truce"]["in_inner"], true);
}

#[test]
fn pure_scope_lists_only_pure_equilibria() {
    // Matching pennies in two states: no pure stationary MPE.
    let text = r#"[row]
name = "R"
actions = ["h", "t"]
[col]
name = "C"
actions = ["h", "t"]
[repeated]
discount = 0.8
[[state]]
name = "a"
[state.payoffs]
h = [[1, -1], [-1, 1]]
t = [[-1, 1], [1, -1]]
[state.next]
h = { h = "b" }
t = { t = "b" }
[[state]]
name = "b"
[state.payoffs]
h = [[-1, 1], [1, -1]]
t = [[1, -1], [-1, 1]]
"#;
    let (_d, path) = write("pennies.toml", text);
    let v = json(&[
        "repeat",
        path.to_str().unwrap(),
        "--mpe",
        "pure",
        "--format",
        "json",
    ]);
    assert_eq!(v["mpe"], serde_json::json!([]));
    assert_eq!(v["stochastic"]["pure_mpe_count"], 0);
}

#[test]
fn one_state_gives_the_repeated_game_and_brackets_its_set() {
    // The Abreu–Sannikov (2014) example at δ = 0.3 as a plain file and as one state.
    let players = "[row]\nname = \"R\"\nactions = [\"a1\", \"a2\", \"a3\"]\n[col]\nname = \"C\"\nactions = [\"b1\", \"b2\", \"b3\"]\n[repeated]\ndiscount = 0.3\n";
    let cells = "a1 = [[16, 9], [3, 13], [0, 3]]\na2 = [[21, 1], [10, 4], [-1, 0]]\na3 = [[9, 0], [5, -4], [-5, -15]]\n";
    let plain = format!("{players}[payoffs]\n{cells}");
    let one = format!("{players}[[state]]\nname = \"only\"\n[state.payoffs]\n{cells}");
    let (_d1, p1) = write("plain.toml", &plain);
    let (_d2, p2) = write("one.toml", &one);
    let a = json(&["repeat", p1.to_str().unwrap(), "--format", "json"]);
    let mut b = json(&["repeat", p2.to_str().unwrap(), "--format", "json"]);
    let obj = b.as_object_mut().unwrap();
    let states = obj.remove("states").unwrap();
    let mpe = obj.remove("mpe").unwrap();
    obj.remove("stochastic").unwrap();
    let game = obj["game"].as_object_mut().unwrap();
    assert_eq!(game.remove("initial").unwrap(), "only");
    assert_eq!(game.remove("stage_payoffs_of").unwrap(), "only");
    assert_eq!(
        a, b,
        "a one-state file must give the repeated game's report"
    );
    // The pure MPE of one state are the stage game's pure equilibria played for ever.
    let stage = json(&["solve", p1.to_str().unwrap(), "--format", "json"]);
    let pure_stage = stage["pure_equilibria"].as_array().map_or(0, Vec::len);
    assert_eq!(mpe.as_array().unwrap().len(), pure_stage, "{mpe}");
    // inner ⊆ AS ⊆ outer, AS being the report's own subgame-perfect set.
    let as_set: Vec<(f64, f64)> = a["spe_payoffs"]["vertices"]
        .as_array()
        .unwrap()
        .iter()
        .map(pair)
        .collect();
    let outer: Vec<(f64, f64)> = states[0]["spe_payoffs"]["outer"]
        .as_array()
        .unwrap()
        .iter()
        .map(pair)
        .collect();
    let inner: Vec<(f64, f64)> = states[0]["spe_payoffs"]["inner"]
        .as_array()
        .unwrap()
        .iter()
        .map(pair)
        .collect();
    let tol = 1e-6 * 36.0;
    for &p in &inner {
        assert!(
            inside(&as_set, p, tol),
            "inner corner {p:?} outside the AS set"
        );
    }
    for &p in &as_set {
        assert!(
            inside(&outer, p, tol),
            "AS corner {p:?} outside the outer bound"
        );
    }
}

/// Whether `p` is in the convex polygon with counter-clockwise corners `poly`, up to `tol`.
fn inside(poly: &[(f64, f64)], p: (f64, f64), tol: f64) -> bool {
    let n = poly.len();
    if n < 3 {
        return poly.iter().any(|q| (q.0 - p.0).hypot(q.1 - p.1) <= tol)
            || (n == 2 && {
                let (a, b) = (poly[0], poly[1]);
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let t =
                    (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
                (a.0 + t * dx - p.0).hypot(a.1 + t * dy - p.1) <= tol
            });
    }
    (0..n).all(|k| {
        let (a, b) = (poly[k], poly[(k + 1) % n]);
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        len == 0.0 || ((b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0)) / len >= -tol
    })
}

#[test]
fn mistakes_are_placed_and_explained() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"curb = "war" }"#,
            r#"curb = "wat" }"#,
            "s.toml:18:35: at `state[0].next.hold.curb`: unknown state \"wat\" (did you mean \"war\"?)",
        ),
        (
            r#"truce = "1/5""#,
            "truce = 0.3",
            "s.toml:19:33: at `state[0].next.tariff.curb`: the probabilities sum to 1.1, not 1",
        ),
        (
            "hold = { hold = {",
            "hold = { hld = {",
            "\"hld\" is not an action of China (the col player) (did you mean \"hold\"?)",
        ),
        (
            r#"initial = "truce""#,
            r#"initial = "truc""#,
            "s.toml:2:11: at `initial`: unknown state \"truc\"",
        ),
        (
            "tariff = [[7, 1], [2, 2]]",
            "tariff = [[7, 1]]",
            "1 cells, expected 2",
        ),
        (
            r#"row = ["hold", "tariff"], col"#,
            r#"row = ["hold", "tarif"], col"#,
            "\"tarif\" is not an action of US (the row player) (did you mean \"tariff\"?)",
        ),
        ("war = 0.8,", "war = 1.8,", "1.8 is not a probability"),
        (
            "[[state]]\nname = \"war\"",
            "[[state]]\nname = \"truce\"",
            "duplicate state name \"truce\"",
        ),
    ];
    for (from, to, want) in cases {
        assert!(LADDER.contains(from), "{from}");
        let err = refused(&LADDER.replacen(from, to, 1));
        assert!(err.contains(want), "{from} → {to}:\n{err}");
    }
    // An action left out of a state cannot have a transition there.
    let text = LADDER.replace(
        r#"actions = { row = ["hold", "tariff"], col = ["hold", "curb"] }"#,
        r#"actions = { row = ["hold"], col = ["hold", "curb"] }"#,
    );
    let err = refused(&text);
    assert!(
        err.contains("s.toml:16:10: at `state[0].payoffs.tariff`: row action \"tariff\" is not available in state \"truce\""),
        "{err}"
    );
    let text = text.replace("tariff = [[7, 1], [2, 2]]\n", "");
    let err = refused(&text);
    assert!(
        err.contains("is an action of US but not available in state \"truce\""),
        "{err}"
    );
    // Top-level payoffs and states together; `initial` without states.
    let err = refused(&format!(
        "{LADDER}[payoffs]\nhold = [[1, 1], [1, 1]]\ntariff = [[1, 1], [1, 1]]\n"
    ));
    assert!(err.contains("has no top-level [payoffs]"), "{err}");
    let plain = "initial = \"x\"\n[row]\nname = \"R\"\nactions = [\"a\"]\n[col]\nname = \"C\"\nactions = [\"b\"]\n[payoffs]\na = [[1, 1]]\n";
    assert!(refused(plain).contains("no [[state]] sections"));
}

#[test]
fn unreachable_states_are_warned_at_their_name() {
    let text = format!(
        "{LADDER}[[state]]\nname = \"lost\"\n[state.payoffs]\nhold = [[0, 0], [0, 0]]\ntariff = [[0, 0], [0, 0]]\n"
    );
    let (_d, path) = write("s.toml", &text);
    let out = truce().arg("check").arg(&path).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("s.toml:28:8: at `state[2].name`: state \"lost\" cannot be reached from the initial state \"truce\""),
        "{err}"
    );
    let quiet = truce().args(["check", "-q"]).arg(&path).output().unwrap();
    assert!(quiet.stderr.is_empty());
}

#[test]
fn conversion_keeps_the_states_and_nfg_refuses() {
    let (d, path) = write("ladder.toml", LADDER);
    let want = json(&["repeat", path.to_str().unwrap(), "--format", "json"]);
    let js = d.path().join("ladder.json");
    let back = d.path().join("back.toml");
    for (from, to) in [(&path, &js), (&js, &back)] {
        let out = truce()
            .args(["convert", "-q"])
            .arg(from)
            .arg(to)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for p in [&js, &back] {
        let got = json(&["repeat", p.to_str().unwrap(), "--format", "json"]);
        assert_eq!(got["states"], want["states"], "{}", p.display());
        assert_eq!(got["mpe"], want["mpe"], "{}", p.display());
    }
    let out = truce()
        .arg("convert")
        .arg(&path)
        .arg(d.path().join("x.nfg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot be written as .nfg"), "{err}");
    assert!(!d.path().join("x.nfg").exists());
}

#[test]
fn flags_that_do_not_apply_are_refused() {
    let plain = "[row]\nname = \"R\"\nactions = [\"a\"]\n[col]\nname = \"C\"\nactions = [\"b\"]\n[payoffs]\na = [[1, 1]]\n[repeated]\ndiscount = 0.5\n";
    let (_d, path) = write("p.toml", plain);
    let out = truce()
        .args(["repeat", "--mpe", "pure"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no [[state]] sections"));
}
