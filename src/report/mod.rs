//! Rendering of result structs: text tables for people, JSON for programs. This is the
//! only place where action indices become names. Nothing here computes game theory.
//!
//! The JSON layout is documented in `docs/json.md`; keys listed there are stable.

pub mod bargain;
pub mod dynamics;
pub mod equilibria;
pub mod monitoring;
pub mod repeated;
pub mod run;
pub mod stochastic;
pub mod sweep;
pub mod table;
pub mod tournament;

use serde_json::{Value, json};

/// The one wording, in text, JSON notes, chart legends and docs, for a game without a pure
/// Nash equilibrium.
pub const NO_PURE_EQUILIBRIUM: &str = "no pure Nash equilibrium";

use crate::game::{Game, Player};
use crate::scenario::Scenario;
use crate::stage::dominance::Dominator;
use crate::stage::summary::StageSummary;
use table::{Table, num};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Human-readable text.
    Text,
    /// JSON.
    Json,
}

fn names(game: &Game, p: Player, idx: &[usize]) -> Vec<String> {
    idx.iter()
        .map(|&k| game.action_name(p, k).to_string())
        .collect()
}

/// The `game` object: title, players with actions, payoff matrices.
pub fn game_json(s: &Scenario) -> Value {
    let g = &s.game;
    let player = |p: Player| {
        let info = g.player(p);
        json!({ "name": info.name, "actions": info.action_names() })
    };
    let mat = |p: Player| {
        let m = g.payoffs(p);
        (0..m.nrows())
            .map(|i| (0..m.ncols()).map(|j| m[(i, j)]).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let mut out = json!({
        "title": s.title,
        "row": player(Player::Row),
        "col": player(Player::Col),
        "payoffs": { "row": mat(Player::Row), "col": mat(Player::Col) },
    });
    if let (Some(sg), Value::Object(o)) = (&s.stochastic, &mut out) {
        // The players with every action; `payoffs` stays the initial state's stage game.
        let all =
            |p: &crate::game::PlayerInfo| json!({ "name": p.name, "actions": p.action_names() });
        o.insert("row".into(), all(&sg.row));
        o.insert("col".into(), all(&sg.col));
        o.insert("initial".into(), json!(sg.game.names()[sg.game.initial()]));
        o.insert(
            "stage_payoffs_of".into(),
            json!(sg.game.names()[sg.game.initial()]),
        );
    }
    out
}

/// The basic stage analysis as a JSON object (merged into `solve` and `run` output).
pub fn stage_json(game: &Game, st: &StageSummary) -> Value {
    let profile = |i: usize, j: usize, (u, v): (f64, f64)| json!({ "row": game.action_name(Player::Row, i), "col": game.action_name(Player::Col, j), "payoffs": [u, v] });
    let br_row: serde_json::Map<String, Value> = st
        .best_responses
        .row
        .iter()
        .enumerate()
        .map(|(j, r)| {
            (
                game.action_name(Player::Col, j).to_string(),
                json!(names(game, Player::Row, r)),
            )
        })
        .collect();
    let br_col: serde_json::Map<String, Value> = st
        .best_responses
        .col
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                game.action_name(Player::Row, i).to_string(),
                json!(names(game, Player::Col, c)),
            )
        })
        .collect();
    let rounds: Vec<Value> = st
        .dominance
        .rounds
        .iter()
        .map(|r| {
            Value::Array(
                r.iter()
                    .map(|e| {
                        let by = match &e.by {
                            Dominator::Pure(d) => json!({ "pure": game.action_name(e.player, *d) }),
                            Dominator::Mixed(mix) => {
                                let m: serde_json::Map<String, Value> =
                                    mix.iter().map(|&(d, p)| (game.action_name(e.player, d).to_string(), json!(p))).collect();
                                json!({ "mixed": m })
                            }
                        };
                        json!({ "player": e.player.key(), "action": game.action_name(e.player, e.action), "by": by })
                    })
                    .collect(),
            )
        })
        .collect();
    let sec = |p: Player| {
        if p == Player::Row {
            &st.row_security
        } else {
            &st.col_security
        }
    };
    json!({
        "pure_equilibria": st.pure_equilibria.iter().map(|e| profile(e.row, e.col, e.payoffs)).collect::<Vec<_>>(),
        "best_responses": { "row": br_row, "col": br_col },
        "dominance": {
            "row": { "eliminated": names(game, Player::Row, &st.dominance.eliminated(Player::Row)) },
            "col": { "eliminated": names(game, Player::Col, &st.dominance.eliminated(Player::Col)) },
            "rounds": rounds,
            "surviving": {
                "row": names(game, Player::Row, &st.dominance.surviving_row),
                "col": names(game, Player::Col, &st.dominance.surviving_col),
            },
        },
        "pareto_optimal": st.pareto.iter().map(|e| profile(e.row, e.col, e.payoffs)).collect::<Vec<_>>(),
        "minmax": {
            "row": { "pure": sec(Player::Row).minmax, "punisher": game.action_name(Player::Col, sec(Player::Row).minmax_punisher) },
            "col": { "pure": sec(Player::Col).minmax, "punisher": game.action_name(Player::Row, sec(Player::Col).minmax_punisher) },
        },
        "maxmin": {
            "row": { "pure": sec(Player::Row).maxmin, "action": game.action_name(Player::Row, sec(Player::Row).maxmin_action) },
            "col": { "pure": sec(Player::Col).maxmin, "action": game.action_name(Player::Col, sec(Player::Col).maxmin_action) },
        },
    })
}

/// A whole JSON report: the game (`game`) first, then the keys of one section.
pub fn with_game(s: &Scenario, section: Value) -> Value {
    let mut v = json!({ "game": game_json(s) });
    merge(&mut v, section);
    v
}

/// A whole text report: the scenario's title block ([`header_text`]), then one section.
pub fn with_header(s: &Scenario, section: String) -> String {
    let mut out = header_text(s);
    out.push_str(&section);
    out
}

/// Merges the keys of `extra` into `base` (both objects).
pub fn merge(base: &mut Value, extra: Value) {
    if let (Value::Object(b), Value::Object(e)) = (base, extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
}

/// The heading of every text report: title, players, sizes.
pub fn header_text(s: &Scenario) -> String {
    let g = &s.game;
    let (m, n) = g.shape();
    let mut out = String::new();
    let title = if s.title.is_empty() {
        "(untitled game)"
    } else {
        &s.title
    };
    out.push_str(&format!("{title}\n{}\n", "=".repeat(title.chars().count())));
    if let Some(d) = &s.description {
        out.push_str(&format!("{}\n", d.trim()));
    }
    match &s.stochastic {
        None => out.push_str(&format!(
            "\nRow player: {} ({m} actions)   Column player: {} ({n} actions)\n",
            g.player(Player::Row).name,
            g.player(Player::Col).name
        )),
        Some(sg) => out.push_str(&format!(
            "\nRow player: {} ({} actions)   Column player: {} ({} actions)\nStates: {} (starting \
             in {}; each state offers some of the actions)\n",
            sg.row.name,
            sg.row.actions.len(),
            sg.col.name,
            sg.col.actions.len(),
            sg.game.names().join(", "),
            sg.game.names()[sg.game.initial()]
        )),
    }
    out
}

/// The payoff bimatrix as a table; pure equilibria marked with `*`.
pub fn bimatrix_text(game: &Game, st: &StageSummary) -> String {
    let (m, n) = game.shape();
    let corner = format!(
        "{} \\ {}",
        game.player(Player::Row).name,
        game.player(Player::Col).name
    );
    let mut t = Table::new(
        std::iter::once(corner).chain((0..n).map(|j| game.action_name(Player::Col, j).to_string())),
    );
    for i in 0..m {
        let cells = (0..n).map(|j| {
            let star = if st.pure_equilibria.iter().any(|e| e.row == i && e.col == j) {
                "*"
            } else {
                ""
            };
            format!("{}, {}{star}", num(game.a()[(i, j)]), num(game.b()[(i, j)]))
        });
        t.row(std::iter::once(game.action_name(Player::Row, i).to_string()).chain(cells));
    }
    format!(
        "\nPayoffs (row payoff, column payoff; * = pure Nash equilibrium)\n{}",
        t.render(2)
    )
}

/// The basic stage analysis as text.
pub fn stage_text(game: &Game, st: &StageSummary) -> String {
    let mut out = bimatrix_text(game, st);
    out.push_str("\nPure Nash equilibria\n");
    if st.pure_equilibria.is_empty() {
        out.push_str(&format!(
            "  none — {NO_PURE_EQUILIBRIUM}: every pure profile gives someone a profitable deviation\n"
        ));
    } else {
        let mut t = Table::new([
            game.player(Player::Row).name.as_str(),
            game.player(Player::Col).name.as_str(),
            "payoffs",
        ]);
        for e in &st.pure_equilibria {
            t.row([
                game.action_name(Player::Row, e.row).to_string(),
                game.action_name(Player::Col, e.col).to_string(),
                format!("({}, {})", num(e.payoffs.0), num(e.payoffs.1)),
            ]);
        }
        out.push_str(&t.render(2));
    }
    out.push_str("\nBest responses\n");
    let mut t = Table::new(["to", "best reply of", "is"]);
    for (j, r) in st.best_responses.row.iter().enumerate() {
        t.row([
            format!(
                "{} plays {}",
                game.player(Player::Col).name,
                game.action_name(Player::Col, j)
            ),
            game.player(Player::Row).name.clone(),
            names(game, Player::Row, r).join(" / "),
        ]);
    }
    for (i, c) in st.best_responses.col.iter().enumerate() {
        t.row([
            format!(
                "{} plays {}",
                game.player(Player::Row).name,
                game.action_name(Player::Row, i)
            ),
            game.player(Player::Col).name.clone(),
            names(game, Player::Col, c).join(" / "),
        ]);
    }
    out.push_str(&t.render(2));
    out.push_str("\nIterated elimination of strictly dominated actions\n");
    if st.dominance.rounds.is_empty() {
        out.push_str("  no action is strictly dominated\n");
    }
    for (k, r) in st.dominance.rounds.iter().enumerate() {
        for e in r {
            let by = match &e.by {
                Dominator::Pure(d) => game.action_name(e.player, *d).to_string(),
                Dominator::Mixed(mix) => mix
                    .iter()
                    .map(|&(d, p)| format!("{} {}", num(p), game.action_name(e.player, d)))
                    .collect::<Vec<_>>()
                    .join(" + "),
            };
            out.push_str(&format!(
                "  round {}: {} removes {} (strictly dominated by {by})\n",
                k + 1,
                game.player(e.player).name,
                game.action_name(e.player, e.action)
            ));
        }
    }
    out.push_str(&format!(
        "  surviving: {} {{{}}} x {} {{{}}}\n",
        game.player(Player::Row).name,
        names(game, Player::Row, &st.dominance.surviving_row).join(", "),
        game.player(Player::Col).name,
        names(game, Player::Col, &st.dominance.surviving_col).join(", ")
    ));
    out.push_str("\nPareto-optimal pure outcomes\n");
    for e in &st.pareto {
        out.push_str(&format!(
            "  ({}, {}) -> ({}, {})\n",
            game.action_name(Player::Row, e.row),
            game.action_name(Player::Col, e.col),
            num(e.payoffs.0),
            num(e.payoffs.1)
        ));
    }
    out.push_str("\nPure security levels\n");
    let mut t = Table::new([
        "player",
        "pure minmax",
        "held there by",
        "pure maxmin",
        "guaranteed by",
    ]);
    for p in Player::BOTH {
        let s = if p == Player::Row {
            &st.row_security
        } else {
            &st.col_security
        };
        t.row([
            game.player(p).name.clone(),
            num(s.minmax),
            game.action_name(p.opponent(), s.minmax_punisher)
                .to_string(),
            num(s.maxmin),
            game.action_name(p, s.maxmin_action).to_string(),
        ]);
    }
    out.push_str(&t.render(2));
    out
}

/// What `check` prints: the file is valid, and what it holds.
pub fn check_text(s: &Scenario) -> String {
    let g = &s.game;
    let (m, n) = g.shape();
    let title = if s.title.is_empty() {
        "(untitled)".to_string()
    } else {
        format!("{:?}", s.title)
    };
    let mut out = match &s.stochastic {
        None => format!(
            "ok: {} — {} ({} actions) vs {} ({} actions), {} payoff cells",
            title,
            g.player(Player::Row).name,
            m,
            g.player(Player::Col).name,
            n,
            m * n
        ),
        Some(sg) => {
            let cells: usize = (0..sg.game.len())
                .map(|k| {
                    let (a, b) = sg.game.game(k).shape();
                    a * b
                })
                .sum();
            format!(
                "ok: {} — {} ({} actions) vs {} ({} actions), a stochastic game of {} state{} \
                 ({}), {} payoff cells, starting in {}",
                title,
                sg.row.name,
                sg.row.actions.len(),
                sg.col.name,
                sg.col.actions.len(),
                sg.game.len(),
                if sg.game.len() == 1 { "" } else { "s" },
                sg.game.names().join(", "),
                cells,
                sg.game.names()[sg.game.initial()]
            )
        }
    };
    if let Some(r) = &s.repeated {
        out.push_str(&format!(
            "; repeated with discount {} / {}, noise {}",
            num(r.discount.row()),
            num(r.discount.col()),
            num(r.noise.get())
        ));
    }
    if !s.strategies.is_empty() {
        out.push_str(&format!(
            "; strategies: {}",
            s.strategies
                .iter()
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(m) = &s.monitoring {
        out.push_str(&format!(
            "; imperfect public monitoring with signals {}",
            m.signals.names().join(", ")
        ));
    }
    if !s.public_strategies.is_empty() {
        out.push_str(&format!(
            "; public strategies: {}",
            s.public_strategies
                .iter()
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !s.sweeps.is_empty() {
        out.push_str(&format!(
            "; sweeps: {}",
            s.sweeps
                .iter()
                .map(|w| format!(
                    "{} from {} to {} ({} points)",
                    w.parameter.name(),
                    num(w.from),
                    num(w.to),
                    w.points
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push('\n');
    out
}

/// What `check --format json` prints.
pub fn check_json(s: &Scenario) -> Value {
    let mut out = json!({
        "valid": true,
        "game": game_json(s),
        "repeated": s.repeated,
        "strategies": s.strategies.iter().map(|x| json!({ "name": x.name, "player": x.player.key() }))
            .chain(s.public_strategies.iter().map(|x| json!({ "name": x.name, "player": x.player.key(), "public": true })))
            .collect::<Vec<_>>(),
        "sweeps": s.sweeps,
    });
    if let (Some(m), Value::Object(o)) = (&s.monitoring, &mut out) {
        o.insert("monitoring".into(), monitoring::monitoring_json(&s.game, m));
    }
    if let (Some(sg), Value::Object(o)) = (&s.stochastic, &mut out) {
        let g = &sg.game;
        o.insert(
            "states".into(),
            Value::Array(
                (0..g.len())
                    .map(|k| {
                        let st = g.game(k);
                        json!({
                            "name": g.names()[k],
                            "row_actions": st.player(Player::Row).action_names(),
                            "col_actions": st.player(Player::Col).action_names(),
                        })
                    })
                    .collect(),
            ),
        );
        o.insert("initial".into(), json!(g.names()[g.initial()]));
    }
    out
}
