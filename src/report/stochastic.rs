//! The stochastic-game part of `repeat` and `run`: the states and their payoff sets, the
//! Markov perfect equilibria with what they predict, the truce's verdict — as text and as
//! JSON (`states`, `mpe`, `stochastic`).

use serde_json::{Map, Value, json};

use super::table::{Table, num};
use crate::game::Player;
use crate::scenario::StateGame;
use crate::stochastic::StochasticGame;
use crate::stochastic::analysis::{MpeOutlook, MpeScope, StochasticAnalysis};

fn pts(v: &[(f64, f64)]) -> Value {
    Value::Array(v.iter().map(|p| json!([p.0, p.1])).collect())
}

/// `{state name: f(state)}` in state order.
fn by_state(g: &StochasticGame, f: impl Fn(usize) -> Value) -> Value {
    let mut m = Map::new();
    for (k, name) in g.names().iter().enumerate() {
        m.insert(name.clone(), f(k));
    }
    Value::Object(m)
}

/// One equilibrium of the `mpe` list.
pub fn mpe_json(g: &StochasticGame, e: &MpeOutlook) -> Value {
    let eq = &e.equilibrium;
    json!({
        "pure": eq.pure,
        "row": by_state(g, |s| json!(eq.profile.row[s])),
        "col": by_state(g, |s| json!(eq.profile.col[s])),
        "values": by_state(g, |s| json!([eq.values[s].0, eq.values[s].1])),
        "play": by_state(g, |s| json!(play_text(g, eq, s))),
        "long_run_share": by_state(g, |s| json!(e.long_run_share[s])),
        "reach_probability": by_state(g, |s| json!(e.reach[s].probability)),
        "expected_rounds_to": by_state(g, |s| json!(e.reach[s].expected_rounds)),
        "distribution": e.distribution,
    })
}

/// The keys `states`, `mpe` and `stochastic` of `repeat` and `run`.
pub fn stochastic_json(sg: &StateGame, a: &StochasticAnalysis) -> Value {
    let g = &sg.game;
    let states: Vec<Value> = (0..g.len())
        .map(|s| {
            let spe = a.sets.as_ref().map_or(Value::Null, |st| {
                json!({
                    "outer": pts(st.outer[s].vertices()),
                    "inner": pts(st.inner[s].vertices()),
                    "gap": st.gaps[s],
                })
            });
            let stage = g.game(s);
            json!({
                "name": g.names()[s],
                "row_actions": stage.player(Player::Row).action_names(),
                "col_actions": stage.player(Player::Col).action_names(),
                "spe_payoffs": spe,
            })
        })
        .collect();
    let truce = a.truce.as_ref().map_or(Value::Null, |t| {
        let stage = g.game(g.initial());
        json!({
            "state": g.names()[g.initial()],
            "profile": {
                "row": stage.action_name(Player::Row, t.profile.0),
                "col": stage.action_name(Player::Col, t.profile.1),
            },
            "payoff": t.payoff.map(|p| json!([p.0, p.1])),
            "in_inner": t.in_inner,
            "in_outer": t.in_outer,
            "critical_delta": t.critical_delta.map(|c| json!({
                "sustained_from": c.sustained_from,
                "not_below": c.not_below,
                "tolerance": c.tolerance,
                "directions": c.directions,
            })),
        })
    });
    json!({
        "states": states,
        "mpe": a.mpe.iter().map(|e| mpe_json(g, e)).collect::<Vec<_>>(),
        "stochastic": {
            "delta": a.delta,
            "initial": g.names()[g.initial()],
            "mpe_scope": a.scope,
            "pure_mpe_count": a.pure_count,
            "spe_sets": a.sets.as_ref().map(|st| json!({
                "directions": st.directions,
                "stop": st.stop,
                "outer_iterations": st.outer_iterations,
                "inner_iterations": st.inner_iterations,
                "linear_programs": st.lps,
                "method": "judd_yeltekin_conklin_2003",
            })),
            "truce": truce,
            "notes": a.notes,
        },
    })
}

/// What an equilibrium plays in state `s`: `action / action`, or the mixed actions.
fn play_text(
    g: &StochasticGame,
    eq: &crate::stochastic::mpe::MarkovEquilibrium,
    s: usize,
) -> String {
    let stage = g.game(s);
    let side = |p: Player, probs: &[f64]| {
        let support: Vec<String> = probs
            .iter()
            .enumerate()
            .filter(|(_, x)| **x > 0.0)
            .map(|(k, x)| {
                if *x >= 1.0 {
                    stage.action_name(p, k).to_string()
                } else {
                    format!("{} {}", num(*x), stage.action_name(p, k))
                }
            })
            .collect();
        support.join(" + ")
    };
    format!(
        "{} / {}",
        side(Player::Row, &eq.profile.row[s]),
        side(Player::Col, &eq.profile.col[s])
    )
}

fn payoff_range(g: &StochasticGame) -> f64 {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in 0..g.len() {
        let st = g.game(s);
        for x in st.a().iter().chain(st.b().iter()) {
            lo = lo.min(*x);
            hi = hi.max(*x);
        }
    }
    (hi - lo).max(0.0)
}

/// The stochastic-game section of the text report.
pub fn stochastic_text(sg: &StateGame, a: &StochasticAnalysis) -> String {
    let g = &sg.game;
    let (rn, cn) = (&sg.row.name, &sg.col.name);
    let mut out = format!(
        "\nStochastic game: {} state{}, starting in {}; δ = {}\n",
        g.len(),
        if g.len() == 1 { "" } else { "s" },
        g.names()[g.initial()],
        num(a.delta)
    );
    let mut t = Table::new(["state", "profile", "payoffs", "next state"]);
    for s in 0..g.len() {
        let stage = g.game(s);
        let (m, n) = stage.shape();
        for i in 0..m {
            for j in 0..n {
                let (u, v) = stage.pure_payoffs(i, j);
                let next: Vec<String> = g
                    .next(s, i, j)
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| **p > 0.0)
                    .map(|(k, p)| {
                        if *p >= 1.0 {
                            g.names()[k].clone()
                        } else {
                            format!("{} {}", g.names()[k], num(*p))
                        }
                    })
                    .collect();
                t.row([
                    if i == 0 && j == 0 {
                        g.names()[s].clone()
                    } else {
                        String::new()
                    },
                    format!(
                        "{} / {}",
                        stage.action_name(Player::Row, i),
                        stage.action_name(Player::Col, j)
                    ),
                    format!("({}, {})", num(u), num(v)),
                    next.join(", "),
                ]);
            }
        }
    }
    out.push_str(&t.render(2));
    out.push_str(&format!(
        "\n  Markov perfect equilibria (stationary; each verified state by state against \
         every one-shot deviation): {} pure{}\n",
        a.pure_count,
        match a.scope {
            MpeScope::Pure => " (pure ones only, as asked)".to_string(),
            MpeScope::All => {
                let mixed = a.mpe.len() - a.pure_count;
                if mixed > 0 {
                    format!(", {mixed} mixed")
                } else {
                    String::new()
                }
            }
        }
    ));
    for (k, e) in a.mpe.iter().enumerate() {
        let eq = &e.equilibrium;
        out.push_str(&format!(
            "\n  Equilibrium {} ({}):\n",
            k + 1,
            if eq.pure { "pure" } else { "mixed" }
        ));
        let mut t = Table::new([
            "state".to_string(),
            "play".to_string(),
            format!("values ({rn}, {cn})"),
            "long-run share".to_string(),
            "rounds until first reached".to_string(),
        ]);
        for s in 0..g.len() {
            let r = e.reach[s];
            t.row([
                g.names()[s].clone(),
                play_text(g, eq, s),
                format!("({}, {})", num(eq.values[s].0), num(eq.values[s].1)),
                format!("{:.1}%", 100.0 * e.long_run_share[s]),
                match r.expected_rounds {
                    Some(x) => num(x),
                    None if r.probability == 0.0 => "never".into(),
                    None => format!("reached with probability {}", num(r.probability)),
                },
            ]);
        }
        out.push_str(&t.render(4));
    }
    if let Some(st) = &a.sets {
        let range = payoff_range(g);
        out.push_str(&format!(
            "\n  Subgame-perfect payoffs of each state (pure actions, public randomization; \
             Judd–Yeltekin–Conklin bounds with {} directions; {}, {} outer and {} inner \
             iterations, {} linear programs; every corner in the JSON output)\n",
            st.directions,
            st.stop.describe(),
            st.outer_iterations,
            st.inner_iterations,
            st.lps
        ));
        for s in 0..g.len() {
            let gap = match st.gaps[s] {
                Some(x) if range > 0.0 => {
                    format!("{} ({:.2}% of the payoff range)", num(x), 100.0 * x / range)
                }
                Some(x) => num(x),
                None => "unknown (no inner bound)".into(),
            };
            out.push_str(&format!(
                "    {}:\n      outer bound (every SPE payoff lies inside): {}\n      inner \
                 bound (every point is an SPE payoff, verified): {}\n      gap: {gap}\n",
                g.names()[s],
                super::monitoring::corners_text(rn, cn, &st.outer[s]),
                super::monitoring::corners_text(rn, cn, &st.inner[s]),
            ));
        }
    }
    if let Some(t) = &a.truce {
        let stage = g.game(g.initial());
        let name = format!(
            "{} / {}",
            stage.action_name(Player::Row, t.profile.0),
            stage.action_name(Player::Col, t.profile.1)
        );
        out.push_str(&format!(
            "\n  The truce ({name} in {}):",
            g.names()[g.initial()]
        ));
        let verdict = match (t.in_inner, t.in_outer) {
            (Some(true), _) => {
                "are a subgame-perfect outcome at δ = {} (inside the verified inner bound)"
            }
            (_, Some(false)) => {
                "are not a subgame-perfect outcome at δ = {} (outside the outer bound)"
            }
            _ => "lie between the bounds at δ = {}: undecided at this precision",
        };
        match t.payoff {
            Some(p) => out.push_str(&format!(
                " its payoffs ({}, {}) {}\n",
                num(p.0),
                num(p.1),
                verdict.replace("{}", &num(a.delta))
            )),
            None => out.push_str(" it can move play elsewhere (see the notes)\n"),
        }
        if let Some(c) = t.critical_delta {
            out.push_str(&format!(
                "    critical δ (search with {} directions, to ±{}): {}; {}\n",
                c.directions,
                num(c.tolerance),
                match c.sustained_from {
                    Some(d) => format!("sustained from δ ≈ {}", num(d)),
                    None => "not shown sustainable at any δ below 0.99".into(),
                },
                match c.not_below {
                    Some(d) => format!("not sustainable below δ ≈ {}", num(d)),
                    None => "the outer bound holds it at every δ searched".into(),
                }
            ));
        }
    }
    for n in &a.notes {
        out.push_str(&format!("\n  Note: {n}\n"));
    }
    out
}
