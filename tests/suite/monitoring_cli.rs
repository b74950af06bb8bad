//! Imperfect public monitoring from scenario files: the `[monitoring]` section in both
//! forms, public strategies, their mistakes placed at line:column, conversion, and the
//! `repeat --format json` keys against the closed forms of Mailath & Samuelson (2006,
//! §7.2).

use std::path::PathBuf;

use crate::common::{json, truce};

const PD: &str = r#"[row]
name = "R"
actions = ["E", "S"]
[col]
name = "C"
actions = ["E", "S"]
[payoffs]
E = [[2, 2], [-1, 3]]
S = [[3, -1], [0, 0]]
[repeated]
discount = 0.9
"#;

fn table(p: f64, q: f64, r: f64) -> String {
    format!(
        "[monitoring]\nsignals = [\"good\", \"bad\"]\n[monitoring.probabilities]\n\
         E = [[{p}, {}], [{q}, {}]]\nS = [[{q}, {}], [{r}, {}]]\n",
        1.0 - p,
        1.0 - q,
        1.0 - q,
        1.0 - r
    )
}

fn trigger(name: &str, player: &str, rounds: Option<usize>) -> String {
    let mut s = format!(
        "\n[[strategy]]\nname = \"{name}\"\nplayer = \"{player}\"\nkind = \"public_trigger\"\n\
         cooperate = {{ row = \"E\", col = \"E\" }}\npunish = \"S\"\ntrigger = \"bad\"\n"
    );
    if let Some(t) = rounds {
        s.push_str(&format!("punish_rounds = {t}\n"));
    }
    s
}

fn write(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    crate::common::temp_file(name, text)
}

/// Runs `truce check` on `text`, expecting failure, and returns standard error.
fn refused(text: &str) -> String {
    crate::common::refused_file("m.toml", text)
}

#[test]
fn values_verdicts_and_survival_match_the_closed_forms() {
    let (p, q, r) = (0.92f64, 0.4, 0.2);
    let mut text = format!("{PD}\n{}", table(p, q, r));
    for t in [Some(1), Some(3), None] {
        let tag = t.map_or("g".to_string(), |t| t.to_string());
        text.push_str(&trigger(&format!("r{tag}"), "row", t));
        text.push_str(&trigger(&format!("c{tag}"), "col", t));
    }
    let (_d, path) = write("pd.toml", &text);
    for delta in [0.6f64, 0.8, 0.9] {
        let out = json(&[
            "repeat",
            path.to_str().unwrap(),
            "--delta",
            &delta.to_string(),
            "--format",
            "json",
        ]);
        assert_eq!(
            out["monitoring"]["signals"],
            serde_json::json!(["good", "bad"])
        );
        let strategies = out["strategies"].as_array().unwrap();
        assert_eq!(strategies.len(), 9);
        for t in [Some(1usize), Some(3), None] {
            let tag = t.map_or("g".to_string(), |t| t.to_string());
            let s = strategies
                .iter()
                .find(|s| s["row"] == format!("r{tag}") && s["col"] == format!("c{tag}"))
                .unwrap();
            let dt = t.map_or(0.0, |t| delta.powi(t as i32));
            let v = 2.0 * (1.0 - delta) / (1.0 - delta * p - (1.0 - p) * delta * dt);
            let dev = 3.0 * (1.0 - delta) + delta * (q + (1.0 - q) * dt) * v;
            for x in s["values"]["discounted"].as_array().unwrap() {
                assert!((x.as_f64().unwrap() - v).abs() < 1e-9, "{s}");
            }
            assert_eq!(
                s["ppe"].as_bool().unwrap(),
                v >= dev - 1e-12,
                "δ {delta}, T {t:?}"
            );
            let survival = s["survival"].as_array().unwrap();
            assert!(survival.len() >= 20);
            if t.is_none() {
                for (k, x) in survival.iter().enumerate() {
                    assert!((x.as_f64().unwrap() - p.powi(k as i32 + 1)).abs() < 1e-9);
                }
            }
        }
    }
}

#[test]
fn a_file_without_monitoring_reports_none_of_it() {
    let (_d, path) = write("plain.toml", PD);
    let out = json(&["repeat", path.to_str().unwrap(), "--format", "json"]);
    assert!(out.get("monitoring").is_none());
    assert!(out.get("ppe_payoffs").is_none());
}

#[test]
fn mistakes_are_placed_at_line_and_column_with_the_fix() {
    let cases: [(String, &str, &str); 8] = [
        (
            format!("{PD}{}", table(0.9, 0.4, 0.2))
                .replace("[0.9, 0.09999999999999998]", "[0.9, 0.2]"),
            "sum to 1.1",
            ":15:",
        ),
        (
            format!("{PD}{}", table(0.9, 0.4, 0.2))
                .replace("[0.9, 0.09999999999999998]", "[1.1, -0.1]"),
            "a probability must be a number in [0, 1]",
            ":15:",
        ),
        (
            format!("{PD}{}", table(0.9, 0.4, 0.2))
                .replace("[0.9, 0.09999999999999998]", "[nan, 0.1]"),
            "is NaN",
            ":15:",
        ),
        (
            format!("{PD}{}", table(0.9, 0.4, 0.2)).replace("S = [[0.4", "X = [[0.4"),
            "is not an action of R",
            ":16:",
        ),
        (
            format!("{PD}{}", table(0.9, 0.4, 0.2)).replace(", [0.2, 0.8]]", "]"),
            "lists 1 cells",
            ":16:",
        ),
        (
            format!("{PD}{}{}", table(0.9, 0.4, 0.2), trigger("t", "row", None))
                .replace("trigger = \"bad\"", "trigger = \"bda\""),
            "unknown signal \"bda\" (did you mean \"bad\"?)",
            ":24:",
        ),
        (
            format!("{PD}{}", trigger("t", "row", None)),
            "declare the signals in a [monitoring] section",
            ":16:",
        ),
        (
            format!(
                "{PD}{}\n[[strategy]]\nname = \"g\"\nplayer = \"row\"\nkind = \"grim_trigger\"\ncooperate = {{ row = \"E\", col = \"E\" }}\npunish = \"S\"\n",
                table(0.9, 0.4, 0.2)
            ),
            "which the players do not see under [monitoring]",
            ":21:",
        ),
    ];
    for (text, says, place) in cases {
        let err = refused(&text);
        assert!(err.contains(says), "expected {says:?} in:\n{err}");
        assert!(err.contains(place), "expected {place} in:\n{err}");
    }
    let custom = format!(
        "{PD}{}\n[[strategy]]\nname = \"calm\"\nplayer = \"col\"\nstart = \"ok\"\n\
         states.ok = {{ play = \"E\", on_signal = {{ alarm = \"mad\" }} }}\n\
         states.mad = {{ play = \"S\" }}\n",
        table(0.9, 0.4, 0.2)
    );
    let err = refused(&custom);
    assert!(err.contains("unknown signal \"alarm\""), "{err}");
    assert!(
        err.contains("the signals of [monitoring] are good, bad"),
        "{err}"
    );
}

#[test]
fn detection_below_false_alarm_is_warned_at_its_place() {
    let text = format!("{PD}[monitoring]\nfalse_alarm = 0.3\ndetection = 0.1\n");
    let (_d, path) = write("short.toml", &text);
    let out = truce().arg("check").arg(&path).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("short.toml:14:13"), "{err}");
    assert!(err.contains("evidence of compliance"), "{err}");
    let quiet = truce().arg("-q").arg("check").arg(&path).output().unwrap();
    assert!(quiet.stderr.is_empty());
}

#[test]
fn the_short_form_alarms_relative_to_the_truce() {
    let text = format!(
        "{PD}[monitoring]\nfalse_alarm = \"1/20\"\ndetection = {{ row = 0.8, col = 0.6 }}\n{}{}",
        trigger("r", "row", Some(2)),
        trigger("c", "col", Some(2))
    )
    .replace("trigger = \"bad\"", "trigger = \"alarm\"");
    let (_d, path) = write("short.toml", &text);
    let out = json(&["repeat", path.to_str().unwrap(), "--format", "json"]);
    let m = &out["monitoring"];
    assert_eq!(m["form"], "short_form");
    assert_eq!(m["truce"], serde_json::json!({ "row": "E", "col": "E" }));
    assert_eq!(m["probabilities"]["E"][0], serde_json::json!([0.95, 0.05]));
    assert_eq!(m["probabilities"]["S"][0][1], 0.8);
    assert_eq!(m["probabilities"]["E"][1][1], 0.6);
    assert_eq!(m["probabilities"]["S"][1][1], 0.8);
    let s = &out["strategies"][0];
    assert!((s["survival"][0].as_f64().unwrap() - 0.95).abs() < 1e-12);
}

#[test]
fn conversion_keeps_monitoring_and_nfg_says_it_is_dropped() {
    let text = format!(
        "{PD}{}{}{}\n[[strategy]]\nname = \"calm\"\nplayer = \"col\"\nstart = \"ok\"\n\
         states.ok = {{ play = \"E\", on_signal = {{ bad = \"mad\" }} }}\n\
         states.mad = {{ play = \"S\", on_signal = {{ good = \"ok\" }} }}\n",
        table(0.9, 0.4, 0.2),
        trigger("r", "row", Some(2)),
        trigger("c", "col", None)
    );
    let (d, path) = write("m.toml", &text);
    let before = json(&["repeat", path.to_str().unwrap(), "--format", "json"]);
    for ext in ["toml", "json"] {
        let out = d.path().join(format!("back.{ext}"));
        let ok = truce()
            .arg("convert")
            .arg(&path)
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let after = json(&["repeat", out.to_str().unwrap(), "--format", "json"]);
        assert_eq!(before["monitoring"], after["monitoring"]);
        assert_eq!(before["strategies"], after["strategies"]);
    }
    let nfg = d.path().join("back.nfg");
    let ok = truce()
        .arg("convert")
        .arg(&path)
        .arg(&nfg)
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("[monitoring]"));
}

#[test]
fn a_deviation_that_pays_is_reported_with_its_state_and_gain() {
    // Grim trigger with a weak signal (3p − 2q = 0.95 < 1) is never a PPE.
    let text = format!(
        "{PD}{}{}{}",
        table(0.65, 0.5, 0.3),
        trigger("r", "row", None),
        trigger("c", "col", None)
    );
    let (_d, path) = write("weak.toml", &text);
    let out = json(&[
        "repeat",
        path.to_str().unwrap(),
        "--delta",
        "0.95",
        "--format",
        "json",
    ]);
    let s = &out["strategies"][0];
    assert_eq!(s["ppe"], false);
    let d = &s["deviation"];
    assert_eq!(d["action"], "S");
    assert_eq!(d["states"], serde_json::json!(["cooperate", "cooperate"]));
    // Gain of shirking once at the cooperative pair, by the closed form.
    let (p, q, delta) = (0.65, 0.5, 0.95);
    let v = 2.0 * (1.0 - delta) / (1.0 - delta * p);
    let gain = 3.0 * (1.0 - delta) + delta * q * v - v;
    assert!((d["gain"].as_f64().unwrap() - gain).abs() < 1e-9, "{d}");
    let text_out = truce()
        .arg("repeat")
        .arg(&path)
        .arg("--delta")
        .arg("0.95")
        .output()
        .unwrap();
    let report = String::from_utf8(text_out.stdout).unwrap();
    assert!(report.contains("Imperfect public monitoring"), "{report}");
    assert!(
        report.contains("not a perfect public equilibrium"),
        "{report}"
    );
}

#[test]
fn the_truce_table_matches_the_closed_forms_and_picks_the_shortest_equilibrium() {
    let (p, q, r) = (0.9f64, 0.35, 0.2);
    let text = format!(
        "{PD}{}{}{}",
        table(p, q, r),
        trigger("r", "row", None),
        trigger("c", "col", None)
    );
    let (_d, path) = write("pd.toml", &text);
    for delta in [0.55f64, 0.7, 0.9] {
        let out = json(&[
            "repeat",
            path.to_str().unwrap(),
            "--delta",
            &delta.to_string(),
            "--format",
            "json",
        ]);
        let t = &out["monitoring_truce"];
        assert_eq!(t["alarms"], serde_json::json!(["bad"]));
        assert_eq!(t["punish"], serde_json::json!({ "row": "S", "col": "S" }));
        let lengths = t["lengths"].as_array().unwrap();
        assert_eq!(lengths.len(), 11);
        let mut shortest = None;
        for l in lengths {
            let dt = l["punish_rounds"]
                .as_u64()
                .map_or(0.0, |k| delta.powi(k as i32));
            let v = 2.0 * (1.0 - delta) / (1.0 - delta * p - (1.0 - p) * delta * dt);
            let ppe = v >= 3.0 * (1.0 - delta) + delta * (q + (1.0 - q) * dt) * v;
            assert!((l["values"][0].as_f64().unwrap() - v).abs() < 1e-9, "{l}");
            assert_eq!(l["ppe"].as_bool().unwrap(), ppe, "δ {delta}: {l}");
            if ppe && shortest.is_none() {
                shortest = Some(l["punish_rounds"].clone());
            }
        }
        match shortest {
            Some(s) => assert_eq!(t["best"]["punish_rounds"], s),
            None => assert!(t["best"].is_null()),
        }
        // Grim is an equilibrium from δ = 1 / (3p − 2q).
        let grim = lengths.last().unwrap();
        let c = grim["critical_delta"].as_f64().unwrap();
        assert!((c - 1.0 / (3.0 * p - 2.0 * q)).abs() < 1e-9, "{c}");
    }
}

#[test]
fn a_false_alarm_sweep_gives_the_value_of_verification() {
    let text = format!(
        "{PD}[monitoring]\nfalse_alarm = 0.05\ndetection = 0.8\n{}{}",
        trigger("r", "row", Some(2)),
        trigger("c", "col", Some(2))
    )
    .replace("trigger = \"bad\"", "trigger = \"alarm\"");
    let (d, path) = write("short.toml", &text);
    let out = truce()
        .args([
            "sweep",
            path.to_str().unwrap(),
            "--param",
            "false_alarm=0:0.3:7",
            "--format",
            "json",
            "--out",
        ])
        .arg(d.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let delta = 0.9f64;
    let mut last = f64::INFINITY;
    let mut seen = 0;
    for line in text.lines().filter(|l| l.starts_with('{')) {
        let point: serde_json::Value = serde_json::from_str(line).unwrap();
        let fa = point["value"].as_f64().unwrap();
        let pair = &point["monitoring"]["pairs"][0];
        let p = 1.0 - fa;
        let v = 2.0 * (1.0 - delta) / (1.0 - delta * p - (1.0 - p) * delta * delta.powi(2));
        let got = pair["values"][0].as_f64().unwrap();
        assert!((got - v).abs() < 1e-9, "at {fa}: {got} vs {v}");
        assert!(
            got <= last + 1e-12,
            "the truce is worth less as false alarms grow"
        );
        last = got;
        seen += 1;
    }
    assert_eq!(seen, 7, "{text}");
}

#[test]
fn simulate_plays_public_strategies_on_drawn_signals() {
    let text = format!(
        "{PD}{}{}{}",
        table(0.7, 0.3, 0.1),
        trigger("r", "row", Some(2)),
        trigger("c", "col", None)
    );
    let (_d, path) = write("sim.toml", &text);
    let p = path.to_str().unwrap();
    let out = json(&[
        "simulate", p, "--row", "r", "--col", "c", "--rounds", "200", "--seed", "3", "--format",
        "json",
    ]);
    let rounds = out["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 200);
    // Nobody departs on the equilibrium path: every alarm while cooperating is false,
    // and the column's grim punishment never ends once started.
    let first = rounds.iter().position(|r| r["signal"] == "bad").unwrap();
    assert_eq!(rounds[first]["alarm"], "false");
    assert!(rounds[first + 1..].iter().all(|r| r["col"] == "S"));
    assert_eq!(out["false_alarms"].as_u64().unwrap(), 1);
    let again = json(&[
        "simulate", p, "--row", "r", "--col", "c", "--rounds", "200", "--seed", "3", "--format",
        "json",
    ]);
    assert_eq!(out, again);
    let refused = truce()
        .args(["simulate", p, "--row", "r", "--col", "c", "--noise", "0.1"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("drop --noise"));
}

#[test]
fn run_reports_monitoring_and_draws_its_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = truce()
        .args(["run", "scenarios/geneva_disputed.toml", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("Can the truce (hold, hold) hold under this monitoring?"),
        "{report}"
    );
    assert!(
        report.contains("Perfect public equilibrium payoffs"),
        "{report}"
    );
    for chart in [
        "survival_monitoring",
        "monitored_match",
        "payoff_space",
        "sweep_disputed",
    ] {
        assert!(dir.path().join(format!("{chart}.png")).exists(), "{chart}");
    }
    let svg = std::fs::read_to_string(dir.path().join("payoff_space.svg")).unwrap();
    assert!(svg.contains("PPE payoffs, outer bound") && svg.contains("PPE payoffs, inner bound"));
    let svg = std::fs::read_to_string(dir.path().join("monitored_match.svg")).unwrap();
    assert!(svg.contains("false alarm"));
}

#[test]
fn the_strongly_symmetric_interval_reaches_the_closed_form() {
    let (p, q, r) = (0.9f64, 0.5, 0.2);
    let (_d, path) = write("ss.toml", &format!("{PD}{}", table(p, q, r)));
    let out = json(&[
        "repeat",
        path.to_str().unwrap(),
        "--delta",
        "0.95",
        "--format",
        "json",
    ]);
    let ss = &out["strongly_symmetric_ppe"];
    assert_eq!(ss["exists"], true);
    let high = ss["high"].as_f64().unwrap();
    assert!((high - (2.0 - (1.0 - p) / (p - q))).abs() < 1e-6, "{ss}");
    assert!(ss["low"].as_f64().unwrap().abs() < 1e-6);
    // The strongly symmetric best lies inside the PPE set's outer bound.
    let outer: Vec<(f64, f64)> = out["ppe_payoffs"]["outer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c[0].as_f64().unwrap(), c[1].as_f64().unwrap()))
        .collect();
    let hull = truce::geometry::convex_hull(&outer, 1e-12);
    assert!(
        hull.contains((high, high), 1e-6),
        "({high}, {high}) outside {outer:?}"
    );
}

#[test]
fn a_payoff_set_beyond_the_budget_is_a_note_not_the_end_of_the_report() {
    // A 40×40 game with six signals: the PPE set would take well over an hour; the rest of
    // the report takes a second or two.
    let n = 40;
    let mut seed = 12345u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let names = |p: &str| {
        (0..n)
            .map(|k| format!("\"{p}{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "[row]\nname = \"R\"\nactions = [{}]\n[col]\nname = \"C\"\nactions = [{}]\n[payoffs]\n",
        names("r"),
        names("c")
    );
    for i in 0..n {
        let cells: Vec<String> = (0..n)
            .map(|_| format!("[{}, {}]", (next() * 99.0) as i64, (next() * 99.0) as i64))
            .collect();
        text.push_str(&format!("r{i} = [{}]\n", cells.join(", ")));
    }
    text.push_str("[repeated]\ndiscount = 0.9\n[monitoring]\nsignals = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]\n[monitoring.probabilities]\n");
    for i in 0..n {
        let cells: Vec<String> = (0..n)
            .map(|_| {
                let w: Vec<f64> = (0..6).map(|_| next() + 0.01).collect();
                let total: f64 = w.iter().sum();
                let mut p: Vec<f64> = w.iter().map(|x| x / total).collect();
                p[5] = 1.0 - p[..5].iter().sum::<f64>();
                format!(
                    "[{}]",
                    p.iter()
                        .map(|x| format!("{x:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        text.push_str(&format!("r{i} = [{}]\n", cells.join(", ")));
    }
    let (_d, path) = write("big.toml", &text);
    let out = json(&["repeat", path.to_str().unwrap(), "--format", "json"]);
    assert!(out["ppe_payoffs"].is_null());
    let notes = out["monitoring_notes"].to_string();
    assert!(notes.contains("payoff set is left out"), "{notes}");
    assert!(notes.contains("--directions"), "{notes}");
    assert!(out["triggers"].as_array().is_some_and(|t| !t.is_empty()));
}

#[test]
fn directions_check_and_forgiveness_from_the_command_line() {
    let forgive = "\n[[strategy]]\nname = \"soft\"\nplayer = \"col\"\nkind = \"public_trigger\"\n\
                   cooperate = { row = \"E\", col = \"E\" }\npunish = \"S\"\ntrigger = \"bad\"\nforgive = 0.5\n";
    let row_forgive = forgive
        .replace("\"soft\"", "\"r\"")
        .replace("player = \"col\"", "player = \"row\"");
    let text = format!("{PD}{}{row_forgive}{forgive}", table(0.9, 0.4, 0.2));
    let (_d, path) = write("m.toml", &text);
    let p = path.to_str().unwrap();
    let out = json(&["repeat", p, "--directions", "32", "--format", "json"]);
    assert_eq!(out["ppe_payoffs"]["directions"], 32);
    // Forgiving punishments end at random (both forgive on one public draw), so the pair
    // returns to cooperation: the long-run share of punishment is strictly between 0 and 1.
    let soft = out["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["col"] == "soft")
        .unwrap();
    let share = soft["long_run_punishment_share"].as_f64().unwrap();
    assert!(share > 0.0 && share < 1.0, "{soft}");
    for (args, says) in [
        (
            vec!["repeat", p, "--directions", "2"],
            "give a number from 3 to 4096",
        ),
        (
            vec![
                "repeat",
                "scenarios/prisoners_dilemma.toml",
                "--directions",
                "32",
            ],
            "drop --directions",
        ),
    ] {
        let o = truce().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(says),
            "{args:?}"
        );
    }
    let check = truce().args(["check", p]).output().unwrap();
    let said = String::from_utf8(check.stdout).unwrap();
    assert!(
        said.contains("imperfect public monitoring with signals good, bad"),
        "{said}"
    );
    assert!(said.contains("public strategies: r, soft"), "{said}");
    let j = json(&["check", p, "--format", "json"]);
    assert_eq!(
        j["monitoring"]["signals"],
        serde_json::json!(["good", "bad"])
    );
}
