//! Rendering of the repeated-game results ([`crate::repeated::analysis::RepeatedAnalysis`]
//! and [`crate::repeated::simulate::Simulation`]) as text, JSON and CSV. Action indices
//! become names here. The JSON keys `delta`, `minmax.*.pure/mixed`,
//! `spe_payoffs.vertices/exists`, `triggers` and `paths` are stable (docs/json.md).

use serde_json::{Value, json};

use super::table::{Table, num};
use crate::game::{Game, Player};
use crate::geometry::Point;
use crate::repeated::analysis::RepeatedAnalysis;
use crate::repeated::automaton::Automaton;
use crate::repeated::critical_delta::{
    CriticalDelta, Method, Punishment, RevertsTo, StageEquilibrium,
};
use crate::repeated::paths::EquilibriumPath;
use crate::repeated::settings::{Discount, Horizon};
use crate::repeated::simulate::{SimConfig, Simulation};
use crate::scenario::Scenario;

fn pt(p: Point) -> Value {
    json!([p.0, p.1])
}

fn pts(v: &[Point]) -> Value {
    Value::Array(v.iter().map(|&p| pt(p)).collect())
}

fn names(g: &Game, (r, c): (usize, usize)) -> Value {
    json!([g.action_name(Player::Row, r), g.action_name(Player::Col, c)])
}

fn delta_json(d: Discount) -> Value {
    match d.as_common() {
        Some(x) => json!(x),
        None => json!({ "row": d.row(), "col": d.col() }),
    }
}

/// A stage equilibrium as JSON: `[row action, col action]` when pure, else
/// `{"row": [probabilities], "col": [probabilities]}`.
fn equilibrium_json(g: &Game, e: &StageEquilibrium) -> Value {
    match e.as_pure() {
        Some(p) => names(g, p),
        None => json!({ "row": e.row, "col": e.col }),
    }
}

/// A stage equilibrium in words: `(swerve, straight)`, or each side's mixture.
pub fn equilibrium_text(g: &Game, e: &StageEquilibrium) -> String {
    match e.as_pure() {
        Some((i, j)) => format!(
            "({}, {})",
            g.action_name(Player::Row, i),
            g.action_name(Player::Col, j)
        ),
        None => {
            let side = |p: Player, probs: &[f64]| {
                probs
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| **x > 0.0)
                    .map(|(k, x)| format!("{} {}", num(*x), g.action_name(p, k)))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            format!(
                "the mixed equilibrium ({}; {})",
                side(Player::Row, &e.row),
                side(Player::Col, &e.col)
            )
        }
    }
}

fn trigger_json(g: &Game, t: &CriticalDelta) -> Value {
    let mut v = json!({
        "profile": names(g, t.profile),
        "punishment": t.punishment.key(),
        "critical_delta": t.critical_delta,
    });
    if let Value::Object(o) = &mut v {
        if let Some(k) = t.rounds {
            o.insert("rounds".into(), json!(k));
        }
        o.insert("target".into(), pt(t.target));
        o.insert("deviation".into(), pt(t.deviation));
        o.insert(
            "punishment_payoffs".into(),
            t.punishment_payoffs.map_or(Value::Null, pt),
        );
        match &t.reverts_to {
            Some(RevertsTo::Common(e)) => {
                o.insert("reverts_to".into(), equilibrium_json(g, e));
            }
            Some(RevertsTo::PerDeviator { row, col }) => {
                o.insert(
                    "reverts_to_after_deviation".into(),
                    json!({ "row": equilibrium_json(g, row), "col": equilibrium_json(g, col) }),
                );
            }
            None if t.punishment == Punishment::CommonNashReversion => {
                o.insert("reverts_to".into(), Value::Null);
            }
            None => {}
        }
        if t.punishment == Punishment::HarshestSpe {
            o.insert("strategies".into(), json!("pure"));
        }
        if let Some(x) = &t.exact_critical_delta {
            o.insert("exact".into(), json!({ "critical_delta": x }));
        }
        match t.method {
            Method::Formula => o.insert("method".into(), json!("formula")),
            Method::Bisection { tol } => {
                o.insert("tolerance".into(), json!(tol));
                o.insert("method".into(), json!("bisection"))
            }
        };
    }
    v
}

fn path_json(g: &Game, p: &EquilibriumPath) -> Value {
    json!({
        "target": pt(p.target),
        "verified": p.verified,
        "residual": p.residual,
        "max_violation": p.max_violation,
        "rounds": p.rounds.iter().map(|r| json!({
            "row": g.action_name(Player::Row, r.profile.0),
            "col": g.action_name(Player::Col, r.profile.1),
            "value": pt(r.value),
            "draw": r.draw.as_ref().map(|d| json!({
                "lottery": d.lottery.iter().map(|&(x, p)| json!({ "payoffs": pt(x), "probability": p })).collect::<Vec<_>>(),
                "drawn": pt(d.drawn),
            })),
            "payoffs": pt(r.payoffs),
            "continuation": pt(r.continuation),
        })).collect::<Vec<_>>(),
    })
}

/// The `truce repeat` report as JSON.
pub fn repeat_json_section(
    s: &Scenario,
    a: &RepeatedAnalysis,
    monitoring: Option<&crate::monitoring::analysis::MonitoringAnalysis>,
) -> Value {
    let g = &s.game;
    let mixed = |k: usize| {
        a.sets
            .mixed_minmax
            .map_or(Value::Null, |m| json!(if k == 0 { m.0 } else { m.1 }))
    };
    let spe = match (&a.finite, &a.spe) {
        (Some(f), _) => json!({
            "applies": true,
            "exists": f.exists,
            "vertices": pts(f.average_vertices.vertices()),
            "horizon": f.rounds,
            "unique_stage_equilibrium": f.unique_stage_equilibrium.map(|p| names(g, p)),
            "method": "finite_horizon_set_operator",
        }),
        (None, Some(v)) => json!({
            "applies": true,
            "exists": v.exists,
            "vertices": pts(v.vertices.vertices()),
            "worst": v.worst.map(pt),
            "best": v.best.map(pt),
            "iterations": v.iterations,
            "stop": v.stop,
            "last_change": v.last_change,
            "method": "abreu_sannikov_2014",
        }),
        (None, None) => json!({ "applies": false, "exists": Value::Null, "vertices": [] }),
    };
    let mut out = json!({
        "delta": delta_json(a.discount),
        "horizon": match a.horizon { Horizon::Infinite => json!("infinite"), Horizon::Finite(t) => json!(t) },
        "minmax": {
            "row": { "pure": a.sets.pure_minmax.0, "mixed": mixed(0) },
            "col": { "pure": a.sets.pure_minmax.1, "mixed": mixed(1) },
        },
        "feasible": pts(a.sets.feasible.vertices()),
        "individually_rational": pts(a.sets.individually_rational.vertices()),
        "stage_equilibria": a.stage_equilibria.iter().map(|&(p, u)| json!({ "profile": names(g, p), "payoffs": pt(u) })).collect::<Vec<_>>(),
        "punishing_equilibria": a.punishing_equilibria.iter().map(|e| json!({ "equilibrium": equilibrium_json(g, e), "payoffs": pt(e.payoffs) })).collect::<Vec<_>>(),
        "spe_payoffs": spe,
        "triggers": a.triggers.iter().map(|t| trigger_json(g, t)).collect::<Vec<_>>(),
        "truce": a.truce.as_ref().map(|t| json!({
            "profile": names(g, t.profile),
            "named_by": t.named_by,
            "payoffs": pt(t.payoffs),
            "holds_by_nash_reversion": t.holds_by_nash_reversion,
            "holds_by_harshest": t.holds_by_harshest,
            "critical_delta_nash_reversion": t.critical_nash_reversion,
            "holds_by_common_nash_reversion": t.holds_by_common_nash_reversion,
            "critical_delta_common_nash_reversion": t.critical_common_nash_reversion,
            "common_reverts_to": t.common_reverts_to.as_ref().map(|e| equilibrium_json(g, e)),
            "critical_delta_harshest": t.critical_harshest,
            "in_spe_set": t.in_spe_set,
            "holds_in_finite_game": t.holds_in_finite_game,
            "renegotiation_proof_from": t.renegotiation_proof_from.as_ref().map(|r| json!({ "delta": r.delta, "by": r.by })),
            "sustained_cycle": t.sustained_cycle.as_ref().map(|c| json!({
                "row": c.row,
                "col": c.col,
                "cycle": c.cycle.iter().map(|&x| names(g, x)).collect::<Vec<_>>(),
                "average": pt(c.average),
                "subgame_perfect": c.subgame_perfect,
                "smallest_spe_delta": c.smallest_spe_delta,
            })),
        })),
        "paths": a.paths.iter().enumerate().map(|(k, p)| {
            let mut v = path_json(g, p);
            if let (Value::Object(o), Some(devs)) = (&mut v, a.path_deviations.get(k)) {
                o.insert("deviations".into(), devs.iter().map(|d| json!({
                    "player": if d.deviator == 0 { "row" } else { "col" },
                    "round": d.round,
                    "profile": names(g, d.profile),
                    "payoffs": pt(d.payoffs),
                    "deviation_value": d.deviation_value,
                    "path_value": d.path_value,
                    "punishment": path_json(g, &d.punishment),
                })).collect::<Vec<_>>().into());
            }
            v
        }).collect::<Vec<_>>(),
        "rejected_points": pts(&a.rejected_points),
        "strategies": a.pairs.iter().map(|p| json!({
            "row": p.row,
            "col": p.col,
            "values": { "discounted": pt(p.values.discounted), "limit_of_means": pt(p.values.limit_of_means) },
            "noisy_values": p.noisy_values.as_ref().map(|v| json!({ "discounted": pt(v.discounted), "limit_of_means": pt(v.limit_of_means) })),
            "nash": p.check.nash,
            "subgame_perfect": p.check.subgame_perfect,
            "deviation": p.check.spe_deviation.as_ref().map(|d| json!({
                "player": d.player.key(),
                "state": [d.state.0, d.state.1],
                "action": g.action_name(d.player, d.action),
                "gain": d.gain,
                "round": d.round,
            })),
            "smallest_spe_delta": p.smallest_spe_delta,
            "renegotiation_proof": p.renegotiation.as_ref().map(|r| r.proof),
            "on_path": p.on_path.as_ref().map(|o| json!({
                "prefix": o.prefix.iter().map(|&x| names(g, x)).collect::<Vec<_>>(),
                "cycle": o.cycle.iter().map(|&x| names(g, x)).collect::<Vec<_>>(),
                "average": pt(o.average),
            })),
            "deviations": p.deviations.iter().map(|d| json!({
                "player": d.player.key(),
                "round": d.round,
                "action": g.action_name(d.player, d.action),
                "deviation_value": d.deviation_value,
                "path_value": d.path_value,
                "back_on_path_after": d.back_on_path_after,
                "rounds": d.rounds.iter().map(|r| json!({
                    "row": g.action_name(Player::Row, r.profile.0),
                    "col": g.action_name(Player::Col, r.profile.1),
                    "payoffs": pt(r.payoffs),
                    "continuation": pt(r.continuation),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "survival": p.survival,
            "pareto_ranked_states": p.renegotiation.as_ref().and_then(|r| r.ranked.as_ref()).map(|k| json!({
                "better": [k.better.0, k.better.1],
                "better_values": pt(k.better_values),
                "worse": [k.worse.0, k.worse.1],
                "worse_values": pt(k.worse_values),
            })),
        })).collect::<Vec<_>>(),
        "notes": a.notes,
    });
    if let (Some(spec), Value::Object(o)) = (&s.monitoring, &mut out) {
        o.insert(
            "monitoring".into(),
            super::monitoring::monitoring_json(g, spec),
        );
        if let Some(m) = monitoring {
            o.insert("strategies".into(), super::monitoring::pairs_json(g, m));
            o.insert("monitoring_notes".into(), json!(m.notes));
            o.insert(
                "strongly_symmetric_ppe".into(),
                m.strongly_symmetric.as_ref().map_or(Value::Null, |ss| {
                    json!({
                        "low": ss.interval.map(|i| i.0),
                        "high": ss.interval.map(|i| i.1),
                        "exists": ss.interval.is_some(),
                        "iterations": ss.iterations,
                        "converged": ss.converged,
                    })
                }),
            );
            o.insert(
                "ppe_payoffs".into(),
                m.ppe_set
                    .as_ref()
                    .map_or(Value::Null, super::monitoring::ppe_set_json),
            );
            o.insert(
                "monitoring_truce".into(),
                m.truce.as_ref().map_or(Value::Null, |t| {
                    super::monitoring::truce_json(g, &m.signals, t)
                }),
            );
        }
    }
    out
}

/// The exact critical δ of one trigger of the truce, when known.
fn exact_delta(a: &RepeatedAnalysis, profile: (usize, usize), kind: Punishment) -> Option<&str> {
    a.triggers
        .iter()
        .find(|x| x.punishment == kind && x.profile == profile)
        .and_then(|x| x.exact_critical_delta.as_deref())
}

/// δ as text: the exact fraction when known and short (`4/9`), else the decimal.
fn delta_value(d: f64, exact: Option<&str>) -> String {
    match exact {
        Some(f) if f.len() <= MAX_FRACTION_CHARS => f.to_string(),
        _ => num(d),
    }
}

/// Longest fraction printed in place of a decimal δ.
const MAX_FRACTION_CHARS: usize = 15;

/// One sentence on a reversion punishment: `what` opens a parenthesis that `detail`
/// continues and the sentence closes.
fn reversion_sentence(
    what: &str,
    detail: &str,
    holds: bool,
    critical: Option<f64>,
    exact: Option<&str>,
    discount: Discount,
) -> String {
    match (holds, critical) {
        (true, Some(d)) => format!(
            "  {what}{detail}) it holds at {}: it needs δ ≥ {}.\n",
            delta_text(discount),
            delta_value(d, exact)
        ),
        (false, Some(d)) => format!(
            "  {what}{detail}) it does not hold at {}; it would from δ = {}.\n",
            delta_text(discount),
            delta_value(d, exact)
        ),
        (true, None) => format!(
            "  {what}{detail}) it holds at {} only for impatient players: the punishing \
             stage equilibrium pays a player more than the truce, so a more patient one \
             would leave the truce to be punished; no δ sustains it from there on.\n",
            delta_text(discount)
        ),
        (false, None) => format!(
            "  {what}{detail}) it never holds: every stage equilibrium available pays a \
             player tempted to leave the truce at least as much as the truce.\n"
        ),
    }
}

/// A sequence with runs collapsed: `a, b ×3, c`.
fn runs(items: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let mut j = k;
        while j + 1 < items.len() && items[j + 1] == items[k] {
            j += 1;
        }
        out.push(if j > k {
            format!("{} ×{}", items[k], j - k + 1)
        } else {
            items[k].clone()
        });
        k = j + 1;
    }
    out.join(", ")
}

fn opt_delta(d: Option<f64>) -> String {
    d.map_or("never".to_string(), num)
}

fn pair_text(p: Point) -> String {
    format!("({}, {})", num(p.0), num(p.1))
}

fn delta_text(d: Discount) -> String {
    match d.as_common() {
        Some(x) => format!("δ = {}", num(x)),
        None => format!("δ = {} (row), {} (column)", num(d.row()), num(d.col())),
    }
}

/// The `truce repeat` report as text: the verdict in words first, then the tables.
pub fn repeat_text(
    s: &Scenario,
    a: &RepeatedAnalysis,
    monitoring: Option<&crate::monitoring::analysis::MonitoringAnalysis>,
) -> String {
    let g = &s.game;
    let rn = &g.player(Player::Row).name;
    let cn = &g.player(Player::Col).name;
    let prof = |p: (usize, usize)| {
        format!(
            "({}, {})",
            g.action_name(Player::Row, p.0),
            g.action_name(Player::Col, p.1)
        )
    };
    let mut out = format!(
        "\nRepeated game at {}, {}\n",
        delta_text(a.discount),
        match a.horizon {
            Horizon::Infinite => "infinitely repeated".to_string(),
            Horizon::Finite(t) => format!("repeated {t} times"),
        }
    );
    if let Some(t) = &a.truce {
        let by = t.named_by.as_ref().map_or(
            "the default: the Pareto-optimal profile that improves most evenly on the minmax values".to_string(),
            |n| format!("named by {n}"),
        );
        out.push_str(&format!(
            "\nCan the truce hold?\n  The truce {} ({by}) pays {}.\n",
            prof(t.profile),
            pair_text(t.payoffs)
        ));
        if let (Horizon::Finite(n), false) = (a.horizon, t.critical_nash_reversion == Some(0.0)) {
            out.push_str(&format!(
                "  Not in every round of the {n}-round game: the last round of a subgame-perfect equilibrium \
                 must be a stage equilibrium, and the truce is not one. Without a known end:\n"
            ));
        }
        if let Some(c) = &t.sustained_cycle {
            let cyc: Vec<String> = c.cycle.iter().map(|&x| prof(x)).collect();
            out.push_str(&format!(
                "  But {} and {} do not stay there: they cycle through {}, and the target they sustain is the cycle's average {} — {}.\n",
                c.row,
                c.col,
                cyc.join(" → "),
                pair_text(c.average),
                match (c.subgame_perfect, c.smallest_spe_delta) {
                    (true, Some(d)) => format!("subgame-perfect at {} (from δ = {})", delta_text(a.discount), num(d)),
                    (true, None) => format!("subgame-perfect at {}", delta_text(a.discount)),
                    (false, Some(d)) => format!("not subgame-perfect at {}; from δ = {}", delta_text(a.discount), num(d)),
                    (false, None) => "subgame-perfect at no δ up to 0.999".to_string(),
                }
            ));
        }
        if t.critical_nash_reversion == Some(0.0) {
            out.push_str(&format!(
                "  {} holds at any δ: it is a stage equilibrium and needs no enforcement, nobody gains by leaving it.\n",
                if t.sustained_cycle.is_some() { "The profile itself" } else { "It" }
            ));
        } else {
            let common = t.common_reverts_to.as_ref().map_or(String::new(), |e| {
                format!(", reverting to {}", equilibrium_text(g, e))
            });
            out.push_str(&reversion_sentence(
                "With common Nash reversion (Friedman's grim trigger: after any departure both \
                 play one stage equilibrium for ever",
                &common,
                t.holds_by_common_nash_reversion,
                t.critical_common_nash_reversion,
                exact_delta(a, t.profile, Punishment::CommonNashReversion),
                a.discount,
            ));
            let per = a
                .triggers
                .iter()
                .find(|x| x.punishment == Punishment::NashReversion && x.profile == t.profile)
                .and_then(|x| match &x.reverts_to {
                    // One equilibrium worst for both deviators: that is common reversion.
                    Some(RevertsTo::PerDeviator { row, col }) if row != col => Some(format!(
                        ": {} after a departure by {rn}, {} after one by {cn}",
                        equilibrium_text(g, row),
                        equilibrium_text(g, col)
                    )),
                    _ => None,
                });
            if let Some(per) = per {
                out.push_str(&reversion_sentence(
                    "With deviator-specific Nash reversion (the stage equilibrium worst for whoever \
                     departed — a strategy that tells who deviated",
                    &per,
                    t.holds_by_nash_reversion,
                    t.critical_nash_reversion,
                    exact_delta(a, t.profile, Punishment::NashReversion),
                    a.discount,
                ));
            }
        }
        if let Some(h) = t.holds_by_harshest {
            out.push_str(&match (h, t.critical_harshest) {
                (true, Some(d)) => format!(
                    "  With the harshest pure-strategy punishment (the worst pure subgame-perfect payoff) it needs δ ≥ {}: it holds.\n",
                    delta_value(d, exact_delta(a, t.profile, Punishment::HarshestSpe))
                ),
                (false, Some(d)) => format!(
                    "  With the harshest pure-strategy punishment it would hold from δ = {}.\n",
                    delta_value(d, exact_delta(a, t.profile, Punishment::HarshestSpe))
                ),
                (_, None) => "  Not even the harshest pure-strategy punishment sustains it for any δ < 1 (it is not above both pure minmax values).\n".to_string(),
            });
            if let Some(mm) = a.sets.mixed_minmax {
                let tol = g.tolerance();
                if tol.gt(a.sets.pure_minmax.0, mm.0) || tol.gt(a.sets.pure_minmax.1, mm.1) {
                    out.push_str(&format!(
                        "  (The mixed minmax {} lies below the pure minmax {}: punishments in mixed \
                         strategies can be harsher than the pure ones computed here.)\n",
                        pair_text(mm),
                        pair_text(a.sets.pure_minmax)
                    ));
                }
            }
        }
        if let Some(r) = &t.renegotiation_proof_from {
            out.push_str(&format!(
                "  Without renegotiation: a weakly renegotiation-proof equilibrium keeps it from δ = {} ({}).\n",
                num(r.delta),
                r.by
            ));
        } else if matches!(a.horizon, Horizon::Infinite)
            && a.discount.as_common().is_some()
            && t.critical_nash_reversion != Some(0.0)
        {
            out.push_str("  No weakly renegotiation-proof pair among the declared and penance strategies keeps it for δ up to 0.999.\n");
        }
        if let Some(inside) = t.in_spe_set {
            out.push_str(if inside {
                "  Its payoff lies in the subgame-perfect payoff set at this δ.\n"
            } else {
                "  Its payoff lies outside the subgame-perfect payoff set at this δ.\n"
            });
        }
    }
    if !a.pairs.is_empty() {
        let spe: Vec<String> = a
            .pairs
            .iter()
            .filter(|p| p.check.subgame_perfect)
            .map(|p| format!("{} vs {}", p.row, p.col))
            .collect();
        let game_name = match a.horizon {
            Horizon::Infinite => String::new(),
            Horizon::Finite(t) => format!(" in the {t}-round game"),
        };
        out.push_str(&format!(
            "\nWhich declared strategy pairs are subgame-perfect{game_name} at {}?\n  {}\n",
            delta_text(a.discount),
            if spe.is_empty() {
                "none".to_string()
            } else {
                spe.join("; ")
            }
        ));
        let (values_head, mean_head) = match a.horizon {
            Horizon::Infinite => ("values".to_string(), "limit of means".to_string()),
            Horizon::Finite(t) => (format!("values ({t} rounds)"), "plain average".to_string()),
        };
        let mut t = Table::new([
            format!("{rn} strategy"),
            format!("{cn} strategy"),
            values_head,
            mean_head.clone(),
            "Nash".to_string(),
            "SPE".to_string(),
            "SPE from δ".to_string(),
            "profitable deviation".to_string(),
        ]);
        for p in &a.pairs {
            let dev = p.check.spe_deviation.as_ref().map_or(String::new(), |d| {
                format!(
                    "{} plays {} {}in state ({}, {}): +{}",
                    g.player(d.player).name,
                    g.action_name(d.player, d.action),
                    d.round.map_or(String::new(), |r| format!("in round {r} ")),
                    d.state.0,
                    d.state.1,
                    num(d.gain)
                )
            });
            t.row([
                p.row.clone(),
                p.col.clone(),
                pair_text(p.values.discounted),
                pair_text(p.values.limit_of_means),
                (if p.check.nash { "yes" } else { "no" }).to_string(),
                (if p.check.subgame_perfect { "yes" } else { "no" }).to_string(),
                opt_delta(p.smallest_spe_delta),
                dev,
            ]);
        }
        out.push_str(&t.render(2));
        let checked: Vec<String> = a
            .pairs
            .iter()
            .filter_map(|p| {
                let r = p.renegotiation.as_ref()?;
                Some(match &r.ranked {
                    None => format!("  {} vs {}: weakly renegotiation-proof (no two continuations are Pareto-ranked).\n", p.row, p.col),
                    Some(k) => format!(
                        "  {} vs {}: not renegotiation-proof — in state ({}, {}) both would rather continue as from ({}, {}): {} against {}.\n",
                        p.row, p.col, k.worse.0, k.worse.1, k.better.0, k.better.1,
                        pair_text(k.worse_values), pair_text(k.better_values)
                    ),
                })
            })
            .collect();
        if !checked.is_empty() {
            out.push_str("\n  Renegotiation (Farrell & Maskin 1989: would both players rather restart from another continuation?)\n");
            for c in checked {
                out.push_str(&c);
            }
        }
        for p in &a.pairs {
            if let Some(o) = p.on_path.as_ref().filter(|o| o.cycle.len() > 1) {
                let cyc: Vec<String> = o.cycle.iter().map(|&x| prof(x)).collect();
                out.push_str(&format!(
                    "\n  {} vs {} cycle through {}: the target they sustain is the cycle's average {}.\n",
                    p.row,
                    p.col,
                    cyc.join(" → "),
                    pair_text(o.average)
                ));
            }
        }
        let shown: Vec<&crate::repeated::analysis::PairAnalysis> = a
            .pairs
            .iter()
            .filter(|p| p.check.subgame_perfect && !p.deviations.is_empty())
            .collect();
        if let Some(first) = shown.first().and_then(|p| p.deviations.first()) {
            out.push_str(&format!(
                "\n  After a deviation in round {} (subgame-perfect pairs; the most tempting other action, then the automata)\n",
                first.round
            ));
            for p in shown {
                for d in &p.deviations {
                    let seq: Vec<String> = d.rounds.iter().map(|r| prof(r.profile)).collect();
                    let back = match d.back_on_path_after {
                        Some(k) => format!(
                            "back on the path after {k} round{}",
                            if k == 1 { "" } else { "s" }
                        ),
                        None => format!(
                            "not back on the path within {} rounds",
                            d.rounds.len().saturating_sub(1)
                        ),
                    };
                    out.push_str(&format!(
                        "  {} vs {}: {} plays {}: {}; worth {} against {} on the path; {}.\n",
                        p.row,
                        p.col,
                        g.player(d.player).name,
                        g.action_name(d.player, d.action),
                        runs(&seq),
                        num(d.deviation_value),
                        num(d.path_value),
                        back
                    ));
                }
            }
        }
        let surv: Vec<String> = a
            .pairs
            .iter()
            .filter_map(|p| {
                let v = p.survival.as_ref()?;
                let at = |t: usize| v.get(t - 1).map_or("-".to_string(), |x| num(*x));
                Some(format!(
                    "  {} vs {}: after 1 round {}, 5 rounds {}, 10 rounds {}, 20 rounds {}\n",
                    p.row,
                    p.col,
                    at(1),
                    at(5),
                    at(10),
                    at(20)
                ))
            })
            .collect();
        if !surv.is_empty() {
            out.push_str("\n  Survival under the scenario's noise (exact probability of still being on the noiseless path)\n");
            for l in surv {
                out.push_str(&l);
            }
        }
        if a.pairs.iter().any(|p| p.noisy_values.is_some()) {
            out.push_str("\n  With the scenario's noise the expected values become:\n");
            let mut t = Table::new(["pair".to_string(), "values".to_string(), mean_head]);
            for p in &a.pairs {
                if let Some(v) = &p.noisy_values {
                    t.row([
                        format!("{} vs {}", p.row, p.col),
                        pair_text(v.discounted),
                        pair_text(v.limit_of_means),
                    ]);
                }
            }
            out.push_str(&t.render(2));
        }
    }
    out.push_str(&format!(
        "\nMinmax (what the other side can hold each player to)\n  {rn}: pure {}, mixed {}\n  {cn}: pure {}, mixed {}\n",
        num(a.sets.pure_minmax.0),
        a.sets.mixed_minmax.map_or("n/a".into(), |m| num(m.0)),
        num(a.sets.pure_minmax.1),
        a.sets.mixed_minmax.map_or("n/a".into(), |m| num(m.1)),
    ));
    let corners = |v: &[Point]| {
        v.iter()
            .map(|&p| pair_text(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!(
        "  Feasible payoffs: hull of {}\n  Individually rational part: {}\n",
        corners(a.sets.feasible.vertices()),
        corners(a.sets.individually_rational.vertices())
    ));
    if let Some(f) = &a.finite {
        out.push_str(&format!("\nThe game repeated {} times\n", f.rounds));
        if let Some(p) = f.unique_stage_equilibrium {
            out.push_str(&format!(
                "  The stage game has a unique equilibrium {} (dominance solvable): by backward induction it is played in every round of the only subgame-perfect equilibrium.\n",
                prof(p)
            ));
        }
        out.push_str(&if f.exists {
            format!(
                "  Pure subgame-perfect payoffs (per-round averages), corners: {}\n",
                corners(f.average_vertices.vertices())
            )
        } else {
            "  No pure subgame-perfect equilibrium exists.\n".to_string()
        });
    }
    if let Some(v) = &a.spe {
        out.push_str(
            "\nSubgame-perfect payoffs (pure strategies, public randomization; Abreu–Sannikov)\n",
        );
        if v.exists {
            out.push_str(&format!(
                "  Corners (counter-clockwise): {}\n  Worst for each: {}; best for each: {}\n  ({} iterations, stopped: {}, last change {:.1e})\n",
                corners(v.vertices.vertices()),
                v.worst.map_or("-".into(), pair_text),
                v.best.map_or("-".into(), pair_text),
                v.iterations,
                v.stop.describe(),
                v.last_change
            ));
        } else {
            out.push_str(
                "  None: no pure-strategy subgame-perfect equilibrium exists at this δ.\n",
            );
        }
    }
    out.push_str(match a.horizon {
        Horizon::Infinite => "\nCritical discount factors (smallest δ sustaining each profile forever)\n",
        Horizon::Finite(_) => "\nCritical discount factors of the infinitely repeated game, for comparison (smallest δ sustaining each profile forever)\n",
    });
    let mut t = Table::new([
        "profile",
        "payoffs",
        "best deviation",
        "common Nash reversion",
        "deviator-specific reversion",
        "harshest pure punishment",
    ]);
    let cell = |x: Option<&CriticalDelta>| {
        x.map_or("-".to_string(), |h| match h.critical_delta {
            Some(d) => delta_value(d, h.exact_critical_delta.as_deref()),
            None => "never".to_string(),
        })
    };
    // The first trigger of each (punishment, profile), looked up once per table row.
    let mut first: std::collections::HashMap<(Punishment, (usize, usize)), &CriticalDelta> =
        std::collections::HashMap::with_capacity(a.triggers.len());
    for h in &a.triggers {
        first.entry((h.punishment, h.profile)).or_insert(h);
    }
    for nr in a
        .triggers
        .iter()
        .filter(|t| t.punishment == Punishment::NashReversion)
    {
        let find = |kind: Punishment| first.get(&(kind, nr.profile)).copied();
        let common = find(Punishment::CommonNashReversion).map(|c| {
            let to = match &c.reverts_to {
                Some(RevertsTo::Common(e)) if c.critical_delta.is_some_and(|d| d > 0.0) => {
                    match e.as_pure() {
                        Some(p) => format!(" to {}", prof(p)),
                        None => " to mixed".to_string(),
                    }
                }
                _ => String::new(),
            };
            format!("{}{to}", cell(Some(c)))
        });
        t.row([
            prof(nr.profile),
            pair_text(nr.target),
            pair_text(nr.deviation),
            common.unwrap_or_else(|| "-".to_string()),
            cell(Some(nr)),
            cell(find(Punishment::HarshestSpe)),
        ]);
    }
    out.push_str(&t.render(2));
    let ks: Vec<String> = a
        .triggers
        .iter()
        .filter(|t| t.punishment == Punishment::KRound)
        .map(|t| {
            let k = t.rounds.unwrap_or(0);
            let plural = if k == 1 { "" } else { "s" };
            format!("{k} round{plural}: {}", opt_delta(t.critical_delta))
        })
        .collect();
    if !ks.is_empty() {
        out.push_str(&format!(
            "  Truce with k-round punishments: {}\n",
            ks.join("; ")
        ));
    }
    if !a.paths.is_empty() {
        out.push_str("\nEquilibrium paths (first rounds; [draw] marks public randomization)\n");
        for p in &a.paths {
            let seq: Vec<String> = p
                .rounds
                .iter()
                .map(|r| {
                    format!(
                        "{}{}/{}",
                        if r.draw.is_some() { "[draw] " } else { "" },
                        g.action_name(Player::Row, r.profile.0),
                        g.action_name(Player::Col, r.profile.1)
                    )
                })
                .collect();
            out.push_str(&format!(
                "  to {} ({}): {}\n",
                pair_text(p.target),
                if p.verified {
                    "verified"
                } else {
                    "NOT verified"
                },
                seq.join(", ")
            ));
        }
        for (p, devs) in a.paths.iter().zip(&a.path_deviations) {
            for d in devs {
                let who = if d.deviator == 0 { rn } else { cn };
                let seq: Vec<String> = d
                    .punishment
                    .rounds
                    .iter()
                    .map(|r| {
                        format!(
                            "{}/{}",
                            g.action_name(Player::Row, r.profile.0),
                            g.action_name(Player::Col, r.profile.1)
                        )
                    })
                    .collect();
                out.push_str(&format!(
                    "  on the path to {}, {who} deviating in round {} to {} gets {} against {}; then the path to {} (worst for {who}): {}\n",
                    pair_text(p.target),
                    d.round,
                    prof(d.profile),
                    num(d.deviation_value),
                    num(d.path_value),
                    pair_text(d.punishment.target),
                    runs(&seq)
                ));
            }
        }
    }
    for p in &a.rejected_points {
        out.push_str(&format!(
            "  {} is not a subgame-perfect payoff at this δ: no path.\n",
            pair_text(*p)
        ));
    }
    if let (Some(spec), Some(m)) = (&s.monitoring, monitoring) {
        out.push_str(&super::monitoring::monitoring_text(
            g,
            spec,
            m,
            a.discount.as_common(),
        ));
    }
    for n in &a.notes {
        out.push_str(&format!("\nNote: {n}\n"));
    }
    out
}

/// A simulated match as JSON.
pub fn simulation_json(
    g: &Game,
    row: &Automaton,
    col: &Automaton,
    cfg: &SimConfig,
    sim: &Simulation,
) -> Value {
    json!({
        "row": row.name,
        "col": col.name,
        "rounds": cfg.rounds,
        "noise": cfg.noise,
        "seed": cfg.seed,
        "delta": delta_json(cfg.discount),
        "total": pt(sim.total),
        "mean": pt(sim.mean),
        "discounted": sim.rounds.last().map_or(json!([0.0, 0.0]), |r| pt(r.discounted)),
        "path": sim.rounds.iter().map(|r| json!({
            "round": r.round,
            "states": [r.states.0, r.states.1],
            "intended": { "row": g.action_name(Player::Row, r.intended.0), "col": g.action_name(Player::Col, r.intended.1) },
            "row": g.action_name(Player::Row, r.played.0),
            "col": g.action_name(Player::Col, r.played.1),
            "noise": { "row": r.noise.0, "col": r.noise.1 },
            "payoffs": pt(r.payoffs),
            "discounted": pt(r.discounted),
        })).collect::<Vec<_>>(),
    })
}

/// A simulated match as CSV (one line per round).
pub fn simulation_csv(g: &Game, sim: &Simulation) -> String {
    let mut out = String::from(
        "round,row_state,col_state,row_intended,col_intended,row,col,row_noise,col_noise,row_payoff,col_payoff,row_discounted,col_discounted\n",
    );
    let q = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    for r in &sim.rounds {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.round,
            q(&r.states.0),
            q(&r.states.1),
            q(g.action_name(Player::Row, r.intended.0)),
            q(g.action_name(Player::Col, r.intended.1)),
            q(g.action_name(Player::Row, r.played.0)),
            q(g.action_name(Player::Col, r.played.1)),
            r.noise.0,
            r.noise.1,
            r.payoffs.0,
            r.payoffs.1,
            r.discounted.0,
            r.discounted.1
        ));
    }
    out
}

/// A simulated match as a text table.
pub fn simulation_text(
    g: &Game,
    row: &Automaton,
    col: &Automaton,
    cfg: &SimConfig,
    sim: &Simulation,
) -> String {
    let mut out = format!(
        "\n{} ({}) vs {} ({}): {} rounds, noise {}, seed {}\n",
        row.name,
        g.player(Player::Row).name,
        col.name,
        g.player(Player::Col).name,
        cfg.rounds,
        num(cfg.noise),
        cfg.seed
    );
    let mut t = Table::new([
        "round",
        "states",
        "row",
        "col",
        "payoffs",
        "discounted so far",
    ]);
    for r in &sim.rounds {
        let mark = |played: usize, p: Player, flipped: bool| {
            format!(
                "{}{}",
                g.action_name(p, played),
                if flipped { " (noise)" } else { "" }
            )
        };
        t.row([
            r.round.to_string(),
            format!("{} / {}", r.states.0, r.states.1),
            mark(r.played.0, Player::Row, r.noise.0),
            mark(r.played.1, Player::Col, r.noise.1),
            pair_text(r.payoffs),
            pair_text(r.discounted),
        ]);
    }
    out.push_str(&t.render(2));
    out.push_str(&format!(
        "  Total {}, mean per round {}\n",
        pair_text(sim.total),
        pair_text(sim.mean)
    ));
    out
}

/// The JSON report: the game, then [`repeat_json_section`]'s keys.
pub fn repeat_json(
    s: &Scenario,
    a: &RepeatedAnalysis,
    monitoring: Option<&crate::monitoring::analysis::MonitoringAnalysis>,
) -> Value {
    super::with_game(s, repeat_json_section(s, a, monitoring))
}
