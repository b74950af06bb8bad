//! Rendering of `truce dynamics`: JSON keys `method`, `stop_reason`, `iterations`,
//! `end_point`, `payoffs`, `regret`, `trajectory` and the method's `details`; a text
//! report with action names.

use serde_json::{Map, Value, json};

use super::table::{Table, num};
use crate::dynamics::fictitious_play::FictitiousPlay;
use crate::dynamics::{DynamicsResult, Outcome, StopReason};
use crate::game::{Game, MixedStrategy, Player};
use crate::scenario::Scenario;
use crate::tolerance::{
    FICTITIOUS_CYCLE_WINDOW, FICTITIOUS_MIN_ROUNDS, REPORT_REGRET_SHOWN, REPORT_SHOWN_SHARE,
};

fn named(game: &Game, p: Player, probs: &[f64]) -> Value {
    let m: Map<String, Value> = probs
        .iter()
        .enumerate()
        .map(|(k, v)| (game.action_name(p, k).to_string(), json!(v)))
        .collect();
    Value::Object(m)
}

fn profile_json(game: &Game, (i, j): (usize, usize)) -> Value {
    json!({ "row": game.action_name(Player::Row, i), "col": game.action_name(Player::Col, j) })
}

fn strategy_pair_json(game: &Game, x: &MixedStrategy, y: &MixedStrategy) -> Value {
    json!({ "row": named(game, Player::Row, x.probs()), "col": named(game, Player::Col, y.probs()) })
}

/// The JSON report of `truce dynamics`.
pub fn dynamics_json_section(s: &Scenario, r: &DynamicsResult) -> Value {
    let g = &s.game;
    let o = r.outcome();
    let details = match r {
        DynamicsResult::Fictitious(f) => json!({
            "last_profile": profile_json(g, f.last_profile),
            "realised_payoffs": [f.realised_payoffs.0, f.realised_payoffs.1],
            "rule_met": f.rule_met,
            "window": f.window,
            "same_profile_since": f.same_profile_since,
            "cycles": f.cycles(),
            "cycle": if f.cycles() {
                f.repeating.iter().flat_map(|r| &r.profiles).map(|&p| profile_json(g, p)).collect::<Vec<_>>()
            } else {
                Vec::new()
            },
            "cycle_checked_rounds": f.repeating.as_ref().map_or((f.outcome.iterations / 2).min(FICTITIOUS_CYCLE_WINDOW), |r| r.rounds_checked),
        }),
        DynamicsResult::Replicator(x) => json!({
            "time": x.time,
            "period": x.period,
            "simplex_corrections": x.simplex_corrections,
            "max_simplex_correction": x.max_simplex_correction,
            "rejected_steps": x.rejected_steps,
        }),
        DynamicsResult::BestResponse(b) => json!({
            "path": b.path.iter().map(|&p| profile_json(g, p)).collect::<Vec<_>>(),
            "cycle": b.cycle.iter().map(|&p| profile_json(g, p)).collect::<Vec<_>>(),
        }),
        DynamicsResult::Logit(l) => json!({
            "lambda": l.lambda,
            "equilibrium": l.equilibrium.as_ref().map(|(x, y)| strategy_pair_json(g, x, y)),
            "equilibrium_regret": l.equilibrium_regret,
        }),
    };
    json!({
        "method": r.method().name(),
        "stop_reason": o.stop,
        "iterations": o.iterations,
        "end_point": strategy_pair_json(g, &o.end_row, &o.end_col),
        "payoffs": [o.payoffs.0, o.payoffs.1],
        "regret": o.regret,
        "is_equilibrium": g.is_equilibrium(&o.end_row, &o.end_col),
        "trajectory": {
            "at": match r {
                DynamicsResult::Fictitious(_) => "round",
                DynamicsResult::Replicator(_) => "time",
                DynamicsResult::BestResponse(_) => "revision",
                DynamicsResult::Logit(_) => "lambda",
            },
            "points": o.trajectory.iter().map(|p| json!({
                "at": p.at,
                "row": p.row,
                "col": p.col,
            })).collect::<Vec<_>>(),
        },
        "details": details,
    })
}

/// "hold 0.75, tariff 0.25" (probabilities below 0.0005 left out).
fn mix_text(game: &Game, p: Player, probs: &[f64]) -> String {
    let parts: Vec<String> = probs
        .iter()
        .enumerate()
        .filter(|(_, v)| **v >= REPORT_SHOWN_SHARE)
        .map(|(k, v)| {
            format!(
                "{} {}",
                game.action_name(p, k),
                num((v * 1000.0).round() / 1000.0)
            )
        })
        .collect();
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}

fn profile_text(game: &Game, (i, j): (usize, usize)) -> String {
    format!(
        "({}, {})",
        game.action_name(Player::Row, i),
        game.action_name(Player::Col, j)
    )
}

fn title(r: &DynamicsResult) -> (&'static str, &'static str, &'static str) {
    match r {
        DynamicsResult::Fictitious(_) => (
            "Fictitious play (Brown 1951; Robinson 1951)",
            "round",
            "empirical frequencies of play",
        ),
        DynamicsResult::Replicator(_) => (
            "Replicator dynamics, two populations (Dormand-Prince 5(4) integration)",
            "time",
            "population shares, or their time average over a closed orbit",
        ),
        DynamicsResult::BestResponse(_) => (
            "Alternating best-response dynamics",
            "revision",
            "profile reached, or average of play along the cycle",
        ),
        DynamicsResult::Logit(_) => (
            "Logit quantal-response path (McKelvey & Palfrey 1995; Turocy 2005)",
            "lambda",
            "quantal response equilibrium at the last lambda",
        ),
    }
}

fn trajectory_table(g: &Game, o: &Outcome, at: &str) -> String {
    let rn = &g.player(Player::Row).name;
    let cn = &g.player(Player::Col).name;
    let mut t = Table::new([at, rn.as_str(), cn.as_str()]);
    let pts = &o.trajectory;
    let shown = 10usize.min(pts.len());
    let mut idx: Vec<usize> = (0..shown)
        .map(|k| {
            if shown <= 1 {
                0
            } else {
                k * (pts.len() - 1) / (shown - 1)
            }
        })
        .collect();
    idx.dedup();
    for k in idx {
        let p = &pts[k];
        t.row([
            num(p.at),
            mix_text(g, Player::Row, &p.row),
            mix_text(g, Player::Col, &p.col),
        ]);
    }
    t.render(2)
}

/// What fictitious play did besides its end point: the stopping rule, the payoffs
/// actually obtained, and whether play repeats.
fn fictitious_text(g: &Game, f: &FictitiousPlay) -> String {
    let rn = &g.player(Player::Row).name;
    let cn = &g.player(Player::Col).name;
    let t = f.outcome.iterations;
    let mut out = format!(
        "  average payoffs actually obtained over the {t} round{}: {rn} {}, {cn} {}\n",
        if t == 1 { "" } else { "s" },
        num(f.realised_payoffs.0),
        num(f.realised_payoffs.1)
    );
    let w = &f.window;
    let rule = format!(
        "every frequency within {} of its final value over at least the last half of play, regret at most {}, from round {FICTITIOUS_MIN_ROUNDS} on",
        num(f.config.drift),
        num(f.config.tolerance)
    );
    out.push_str(&format!(
        "  convergence rule ({rule}): {}; over rounds {}-{} the frequencies moved by up to {}\n",
        if f.rule_met { "met" } else { "not met" },
        w.from_round,
        w.to_round,
        if w.max_change == 0.0 || w.max_change >= 1e-3 {
            num(w.max_change)
        } else {
            format!("{:.1e}", w.max_change)
        }
    ));
    out.push_str(&format!(
        "  last round played: {}{}\n",
        profile_text(g, f.last_profile),
        if f.same_profile_since > 1 || t > 1 {
            format!(
                ", played in every round since round {}",
                f.same_profile_since
            )
        } else {
            String::new()
        }
    ));
    match &f.repeating {
        Some(r) if r.profiles.len() > 1 => {
            let c: Vec<String> = r.profiles.iter().map(|&p| profile_text(g, p)).collect();
            out.push_str(&format!(
                "  play cycles: the last {} rounds repeat a cycle of {} profiles: {}\n",
                r.rounds_checked,
                r.profiles.len(),
                c.join(" -> ")
            ));
        }
        Some(_) => {}
        None => out.push_str(&format!(
            "  no sequence of profiles repeats over the last {} rounds\n",
            (t / 2).min(FICTITIOUS_CYCLE_WINDOW)
        )),
    }
    out
}

/// The text report of `truce dynamics`.
pub fn dynamics_text_section(s: &Scenario, r: &DynamicsResult) -> String {
    let g = &s.game;
    let o = r.outcome();
    let rn = &g.player(Player::Row).name;
    let cn = &g.player(Player::Col).name;
    let (heading, at, end_what) = title(r);
    let mut out = String::new();
    out.push_str(&format!("\n{heading}\n"));
    let unit = match r {
        DynamicsResult::Fictitious(_) => "round",
        DynamicsResult::Replicator(_) => "integration step",
        DynamicsResult::BestResponse(_) => "revision",
        DynamicsResult::Logit(_) => "path step",
    };
    let plural = if o.iterations == 1 { "" } else { "s" };
    if o.stop == StopReason::RoundsPlayed {
        out.push_str(&format!(
            "  played the {} {unit}{plural} asked for (no early stop)\n",
            o.iterations
        ));
    } else {
        out.push_str(&format!(
            "  stopped: {} after {} {unit}{plural}\n",
            o.stop.describe(),
            o.iterations
        ));
    }
    out.push_str(&format!("\nEnd point ({end_what})\n"));
    out.push_str(&format!(
        "  {rn}: {}\n",
        mix_text(g, Player::Row, o.end_row.probs())
    ));
    out.push_str(&format!(
        "  {cn}: {}\n",
        mix_text(g, Player::Col, o.end_col.probs())
    ));
    out.push_str(&format!(
        "  expected payoffs{}: {rn} {}, {cn} {}\n",
        if matches!(r, DynamicsResult::Fictitious(_)) {
            " of these frequencies"
        } else {
            ""
        },
        num(o.payoffs.0),
        num(o.payoffs.1)
    ));
    out.push_str(&format!(
        "  regret: {} (the most either side gains by switching to another action; 0 at a Nash equilibrium){}\n",
        if o.regret == 0.0 || o.regret >= REPORT_REGRET_SHOWN {
            num(o.regret)
        } else {
            format!("{:.2e}", o.regret)
        },
        if g.is_equilibrium(&o.end_row, &o.end_col) {
            ": a Nash equilibrium"
        } else {
            ""
        }
    ));
    match r {
        DynamicsResult::Fictitious(f) => out.push_str(&fictitious_text(g, f)),
        DynamicsResult::Replicator(x) => {
            out.push_str(&format!("  time reached: {}\n", num(x.time)));
            if let Some(p) = x.period {
                out.push_str(&format!(
                    "  the populations came back to where they started after time {}: a closed orbit (end point = time average over it)\n",
                    num(p)
                ));
            }
            out.push_str(&format!(
                "  simplex corrections: {} step(s) where shares were renormalised to sum to 1 (largest correction {:.1e}); {} rejected step(s)\n",
                x.simplex_corrections, x.max_simplex_correction, x.rejected_steps
            ));
        }
        DynamicsResult::BestResponse(b) => {
            let path: Vec<String> = b
                .path
                .iter()
                .take(12)
                .map(|&p| profile_text(g, p))
                .collect();
            out.push_str(&format!(
                "  path: {}{}\n",
                path.join(" -> "),
                if b.path.len() > 12 { " -> ..." } else { "" }
            ));
            if !b.cycle.is_empty() {
                let c: Vec<String> = b.cycle.iter().map(|&p| profile_text(g, p)).collect();
                out.push_str(&format!(
                    "  cycle of {} revisions: {}\n",
                    b.cycle.len(),
                    c.join(" -> ")
                ));
            }
        }
        DynamicsResult::Logit(l) => {
            out.push_str(&format!("  lambda reached: {}\n", num(l.lambda)));
            match (&l.equilibrium, l.equilibrium_regret) {
                (Some((x, y)), Some(reg)) => out.push_str(&format!(
                    "  selected Nash equilibrium (solved on the end point's supports, regret {:.1e}):\n    {rn}: {}\n    {cn}: {}\n",
                    reg,
                    mix_text(g, Player::Row, x.probs()),
                    mix_text(g, Player::Col, y.probs())
                )),
                _ => out.push_str(
                    "  no Nash equilibrium solves the indifference conditions on the end point's supports\n",
                ),
            }
        }
    }
    out.push_str(&format!(
        "\nTrajectory ({} recorded point{}; evenly spaced samples)\n",
        o.trajectory.len(),
        if o.trajectory.len() == 1 { "" } else { "s" }
    ));
    out.push_str(&trajectory_table(g, o, at));
    out
}

/// The JSON report: the game, then [`dynamics_json_section`]'s keys.
pub fn dynamics_json(s: &Scenario, r: &DynamicsResult) -> Value {
    super::with_game(s, dynamics_json_section(s, r))
}

/// The text report: the scenario's title block, then [`dynamics_text_section`].
pub fn dynamics_text(s: &Scenario, r: &DynamicsResult) -> String {
    super::with_header(s, dynamics_text_section(s, r))
}
