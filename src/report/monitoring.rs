//! Rendering of the imperfect-monitoring results
//! ([`crate::monitoring::analysis::MonitoringAnalysis`]) as text and JSON. The JSON keys
//! `monitoring`, `ppe_payoffs.{outer, inner, gap, directions, stop}` and, per entry of
//! `strategies`, `ppe`, `values.discounted` and `survival` are stable (docs/json.md).

use serde_json::{Value, json};

use super::table::{Table, num};
use crate::game::{Game, Player};
use crate::monitoring::analysis::{MonitoredTruce, MonitoringAnalysis, PublicPairAnalysis};
use crate::monitoring::spec::{MonitoringForm, MonitoringSpec};

fn profile_names(g: &Game, (r, c): (usize, usize)) -> Value {
    json!({ "row": g.action_name(Player::Row, r), "col": g.action_name(Player::Col, c) })
}

/// The `monitoring` object: the signal structure as declared and in full.
pub fn monitoring_json(g: &Game, spec: &MonitoringSpec) -> Value {
    let (m, n) = g.shape();
    let s = &spec.signals;
    let table: serde_json::Map<String, Value> = (0..m)
        .map(|r| {
            (
                g.action_name(Player::Row, r).to_string(),
                json!(
                    (0..n)
                        .map(|c| s.distribution(r, c).to_vec())
                        .collect::<Vec<_>>()
                ),
            )
        })
        .collect();
    let mut out = json!({
        "form": match spec.form { MonitoringForm::Table => "table", MonitoringForm::ShortForm { .. } => "short_form" },
        "signals": s.names(),
        "probabilities": table,
    });
    if let MonitoringForm::ShortForm {
        truce,
        false_alarm,
        detection,
    } = &spec.form
        && let Value::Object(o) = &mut out
    {
        o.insert("truce".into(), profile_names(g, *truce));
        o.insert("false_alarm".into(), json!(false_alarm));
        o.insert(
            "detection".into(),
            json!({ "row": detection.0, "col": detection.1 }),
        );
    }
    out
}

/// One public pair as an entry of `strategies`.
pub fn pair_json(g: &Game, signals: &[String], p: &PublicPairAnalysis) -> Value {
    let c = &p.check;
    json!({
        "row": p.row,
        "col": p.col,
        "values": { "discounted": [c.values.0, c.values.1] },
        "ppe": c.ppe,
        "deviation": c.deviation.as_ref().map(|d| json!({
            "player": d.player.key(),
            "states": [d.labels.0, d.labels.1],
            "action": g.action_name(d.player, d.action),
            "gain": d.gain,
        })),
        "states_checked": c.states_checked,
        "cooperative_profile": profile_names(g, p.cooperative),
        "alarms": p.alarms.iter().map(|&y| signals[y].as_str()).collect::<Vec<_>>(),
        "survival": p.survival,
        "expected_rounds_to_punishment": p.expected_rounds_to_punishment,
        "long_run_punishment_share": p.long_run_punishment_share,
        "critical_delta": p.discounts.as_ref().map(|d| d.critical),
        "ppe_discounts": p.discounts.as_ref().map(|d| d.intervals.iter().map(|i| [i.low, i.high]).collect::<Vec<_>>()),
    })
}

/// The `ppe_payoffs` object: the bounds of the PPE payoff set, corners counter-clockwise.
pub fn ppe_set_json(set: &crate::monitoring::ppe_set::PpePayoffSet) -> Value {
    let pts = |p: &crate::geometry::ConvexPolygon| {
        p.vertices()
            .iter()
            .map(|&(u, v)| json!([u, v]))
            .collect::<Vec<_>>()
    };
    json!({
        "delta": set.delta,
        "outer": pts(&set.outer),
        "inner": pts(&set.inner),
        "gap": set.gap,
        "directions": set.directions,
        "stop": set.stop.describe(),
        "outer_iterations": set.outer_iterations,
        "inner_iterations": set.inner_iterations,
        "lps": set.lps,
        "method": "judd_yeltekin_conklin_2003",
    })
}

/// Largest payoff of either player minus the smallest.
fn payoff_range(g: &Game) -> f64 {
    let all = || {
        g.payoffs(Player::Row)
            .iter()
            .chain(g.payoffs(Player::Col).iter())
            .copied()
    };
    all().fold(f64::NEG_INFINITY, f64::max) - all().fold(f64::INFINITY, f64::min)
}

/// The text of the PPE payoff set: each bound's corners when few, else their count, each
/// player's range and the corner best for both together (every corner is in the JSON).
fn ppe_set_text(g: &Game, set: &crate::monitoring::ppe_set::PpePayoffSet, range: f64) -> String {
    let (rn, cn) = (&g.player(Player::Row).name, &g.player(Player::Col).name);
    let describe = |p: &crate::geometry::ConvexPolygon| corners_text(rn, cn, p);
    let gap = match set.gap {
        Some(g) if range > 0.0 => {
            format!("{} ({:.2}% of the payoff range)", num(g), 100.0 * g / range)
        }
        Some(g) => num(g),
        None => "unknown (no inner bound)".into(),
    };
    format!(
        "\n  Perfect public equilibrium payoffs (pure actions, public randomization; \
         Judd–Yeltekin–Conklin bounds with {} directions)\n    outer bound (every PPE payoff \
         lies inside): {}\n    inner bound (every point is a PPE payoff, verified): {}\n    \
         gap between them: {gap}; {} ({} outer and {} inner iterations, {} linear programs; \
         every corner in the JSON output)\n",
        set.directions,
        describe(&set.outer),
        describe(&set.inner),
        set.stop.describe(),
        set.outer_iterations,
        set.inner_iterations,
        set.lps
    )
}

/// A payoff set's corners for the text report: listed when few, else their count, each
/// player's range and the corner best for both together (every corner is in the JSON).
pub(super) fn corners_text(rn: &str, cn: &str, p: &crate::geometry::ConvexPolygon) -> String {
    let v = p.vertices();
    if v.is_empty() {
        return "none".to_string();
    }
    if v.len() <= SET_CORNERS_LISTED {
        return v
            .iter()
            .map(|&(u, w)| format!("({}, {})", num(u), num(w)))
            .collect::<Vec<_>>()
            .join(", ");
    }
    let span = |f: fn(&(f64, f64)) -> f64| {
        let lo = v.iter().map(f).fold(f64::INFINITY, f64::min);
        let hi = v.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
        format!("[{}, {}]", num(lo), num(hi))
    };
    let best = v
        .iter()
        .copied()
        .max_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)))
        .unwrap_or_default();
    format!(
        "{} corners; {rn} {}, {cn} {}; best for both together ({}, {})",
        v.len(),
        span(|p| p.0),
        span(|p| p.1),
        num(best.0),
        num(best.1)
    )
}

/// Most corners of a PPE bound listed in the text report.
const SET_CORNERS_LISTED: usize = 8;

/// The `monitoring_truce` object: the Green–Porter trigger table of the truce.
pub fn truce_json(g: &Game, signals: &[String], t: &MonitoredTruce) -> Value {
    let row = |l: &crate::monitoring::thresholds::PunishmentLength| {
        json!({
            "punish_rounds": l.rounds,
            "values": [l.values.0, l.values.1],
            "ppe": l.ppe,
            "critical_delta": l.critical_delta,
            "largest_gain": l.gain.is_finite().then_some(l.gain),
        })
    };
    json!({
        "profile": profile_names(g, t.profile),
        "named_by": t.named_by,
        "alarms": t.alarms.iter().map(|&y| signals[y].as_str()).collect::<Vec<_>>(),
        "punish": profile_names(g, t.punish),
        "triggers_from": t.triggers_from,
        "lengths": t.lengths.iter().map(row).collect::<Vec<_>>(),
        "best": t.best.map(|b| row(&t.lengths[b])),
        "expected_rounds_to_punishment": t.expected_rounds_to_punishment,
        "long_run_punishment_share": t.long_run_punishment_share,
        "critical_delta": t.critical_delta,
    })
}

fn rounds_text(r: Option<usize>) -> String {
    match r {
        None => "for ever (grim)".into(),
        Some(1) => "1 round".into(),
        Some(t) => format!("{t} rounds"),
    }
}

/// The text of the truce's trigger table.
fn truce_text(g: &Game, signals: &[String], t: &MonitoredTruce, delta: Option<f64>) -> String {
    let name = |p: Player, k: usize| g.action_name(p, k).to_string();
    let mut out = format!(
        "\n  Can the truce ({}, {}) hold under this monitoring? ({})\n  Green–Porter triggers: \
         keep the truce until {}, then play ({}, {}) for T rounds, ignoring the signals, and \
         return to the truce.\n",
        name(Player::Row, t.profile.0),
        name(Player::Col, t.profile.1),
        t.named_by,
        t.alarms
            .iter()
            .map(|&y| crate::text::quoted(&signals[y]))
            .collect::<Vec<_>>()
            .join(" or "),
        name(Player::Row, t.punish.0),
        name(Player::Col, t.punish.1),
    );
    let mut table = Table::new(["punishment T", "values at δ", "PPE at δ", "PPE from δ"]);
    for l in &t.lengths {
        table.row([
            rounds_text(l.rounds),
            format!("({}, {})", num(l.values.0), num(l.values.1)),
            if l.ppe { "yes" } else { "no" }.to_string(),
            l.critical_delta.map_or("never".into(), num),
        ]);
    }
    out.push_str(&table.render(2));
    let at = delta.map_or(String::new(), |d| format!(" at δ = {}", num(d)));
    match t.best.map(|b| &t.lengths[b]) {
        Some(b) => {
            out.push_str(&format!(
                "  Best{at}: punish {} — the truce is worth ({}, {}).",
                rounds_text(b.rounds),
                num(b.values.0),
                num(b.values.1)
            ));
            match t.expected_rounds_to_punishment {
                Some(e) => out.push_str(&format!(
                    " False alarms alone start a punishment after {} rounds on average",
                    num(e)
                )),
                None => out.push_str(" No punishment is ever expected to start"),
            }
            match t.long_run_punishment_share {
                Some(x) => out.push_str(&format!(
                    ", and {:.1}% of rounds are spent punishing in the long run.\n",
                    100.0 * x
                )),
                None => out.push_str(".\n"),
            }
        }
        None => out.push_str(&format!(
            "  No punishment length sustains the truce{at}{}.\n",
            t.critical_delta.map_or(String::new(), |c| format!(
                "; the most patient need δ ≥ {}",
                num(c)
            ))
        )),
    }
    out
}

/// The entries of `strategies` under monitoring.
pub fn pairs_json(g: &Game, a: &MonitoringAnalysis) -> Value {
    Value::Array(
        a.pairs
            .iter()
            .map(|p| pair_json(g, &a.signals, p))
            .collect(),
    )
}

/// The signal structure as a table: one row per profile, one column per signal.
fn signal_table(g: &Game, spec: &MonitoringSpec) -> String {
    let s = &spec.signals;
    let mut header = vec!["profile".to_string()];
    header.extend(s.names().iter().cloned());
    let mut t = Table::new(header);
    let (m, n) = g.shape();
    for r in 0..m {
        for c in 0..n {
            let mut row = vec![format!(
                "({}, {})",
                g.action_name(Player::Row, r),
                g.action_name(Player::Col, c)
            )];
            row.extend(s.distribution(r, c).iter().map(|&p| num(p)));
            t.row(row);
        }
    }
    t.render(2)
}

/// Rounds of the survival curve shown in the text report.
const SURVIVAL_SHOWN: [usize; 5] = [1, 5, 10, 20, 40];

/// The text section on monitoring.
pub fn monitoring_text(
    g: &Game,
    spec: &MonitoringSpec,
    a: &MonitoringAnalysis,
    delta: Option<f64>,
) -> String {
    let mut out = String::from("\nImperfect public monitoring\n");
    match &spec.form {
        MonitoringForm::ShortForm {
            truce,
            false_alarm,
            detection,
        } => {
            let det = if detection.0 == detection.1 {
                num(detection.0)
            } else {
                format!(
                    "{} (row departs) / {} (col departs)",
                    num(detection.0),
                    num(detection.1)
                )
            };
            out.push_str(&format!(
                "  The players see a public signal, not each other's moves: an alarm sounds with \
                 probability {} while both keep ({}, {}) (a false alarm) and {det} after a departure.\n",
                num(*false_alarm),
                g.action_name(Player::Row, truce.0),
                g.action_name(Player::Col, truce.1),
            ));
        }
        MonitoringForm::Table => {
            out.push_str(&format!(
                "  The players see a public signal ({}), not each other's moves; its probability \
                 after each profile:\n",
                a.signals.join(", ")
            ));
            out.push_str(&signal_table(g, spec));
        }
    }
    if let Some(t) = &a.truce {
        out.push_str(&truce_text(g, &a.signals, t, delta));
    }
    if let Some(set) = &a.ppe_set {
        out.push_str(&ppe_set_text(g, set, payoff_range(g)));
    }
    if let Some(ss) = &a.strongly_symmetric {
        out.push_str(&match ss.interval {
            Some((lo, hi)) => format!(
                "    strongly symmetric PPE payoffs (both play alike after every history): each \
                 player gets from {} to {}{}\n",
                num(lo),
                num(hi),
                if ss.converged {
                    ""
                } else {
                    " (iteration cap reached: an outer bound)"
                }
            ),
            None => "    no strongly symmetric PPE exists at this δ\n".to_string(),
        });
    }
    if !a.pairs.is_empty() {
        out.push_str("\n  Public strategy pairs (exact values by a linear solve over the automata's states):\n");
        let mut t = Table::new([
            "row",
            "col",
            "values",
            "PPE",
            "PPE from δ",
            "rounds to 1st punishment",
            "long-run punishing",
        ]);
        for p in &a.pairs {
            t.row(vec![
                p.row.clone(),
                p.col.clone(),
                format!("({}, {})", num(p.check.values.0), num(p.check.values.1)),
                if p.check.ppe { "yes" } else { "no" }.to_string(),
                match &p.discounts {
                    Some(d) => d.critical.map_or("never".into(), num),
                    None => "-".into(),
                },
                p.expected_rounds_to_punishment
                    .map_or("never (expected)".into(), num),
                p.long_run_punishment_share
                    .map_or("depends on chance".into(), |x| format!("{:.1}%", 100.0 * x)),
            ]);
        }
        out.push_str(&t.render(2));
        for p in &a.pairs {
            if let Some(d) = &p.check.deviation {
                out.push_str(&format!(
                    "  {} vs {}: not a perfect public equilibrium — in states ({}, {}) the {} player \
                     gains {} by playing {} once.\n",
                    p.row,
                    p.col,
                    d.labels.0,
                    d.labels.1,
                    d.player.key(),
                    num(d.gain),
                    g.action_name(d.player, d.action)
                ));
            }
            if !p.check.ppe {
                continue;
            }
            let shown: Vec<String> = SURVIVAL_SHOWN
                .iter()
                .filter_map(|&t| p.survival.get(t - 1).map(|x| format!("{t}: {}", num(*x))))
                .collect();
            out.push_str(&format!(
                "  {} vs {}: probability no punishment has started after t rounds — {}\n",
                p.row,
                p.col,
                shown.join(", ")
            ));
        }
    }
    for note in &a.notes {
        out.push_str(&format!("  Note: {note}\n"));
    }
    out
}

fn alarm_word(a: Option<bool>) -> &'static str {
    match a {
        None => "",
        Some(true) => "true alarm",
        Some(false) => "false alarm",
    }
}

/// A simulated match on public signals as text: one line per round.
pub fn match_text(
    g: &Game,
    signals: &[String],
    row: &str,
    col: &str,
    m: &crate::monitoring::simulate::MonitoredMatch,
) -> String {
    let mut out = format!(
        "\nSimulated match on public signals: {row} (row) vs {col} (col), {} rounds, seed {}\n",
        m.rounds.len(),
        m.seed
    );
    let mut t = Table::new(["round", "row", "col", "payoffs", "signal", "alarm"]);
    for r in &m.rounds {
        t.row([
            r.round.to_string(),
            g.action_name(Player::Row, r.profile.0).to_string(),
            g.action_name(Player::Col, r.profile.1).to_string(),
            format!("({}, {})", num(r.payoffs.0), num(r.payoffs.1)),
            signals[r.signal].clone(),
            alarm_word(r.alarm).to_string(),
        ]);
    }
    out.push_str(&t.render(2));
    out.push_str(&format!(
        "  Average payoffs ({}, {}); {} false alarm(s) (both kept the truce), {} true alarm(s).\n",
        num(m.average.0),
        num(m.average.1),
        m.false_alarms,
        m.true_alarms
    ));
    out
}

/// A simulated match on public signals as JSON.
pub fn match_json(
    g: &Game,
    signals: &[String],
    row: &str,
    col: &str,
    m: &crate::monitoring::simulate::MonitoredMatch,
) -> Value {
    json!({
        "row": row,
        "col": col,
        "seed": m.seed,
        "average": [m.average.0, m.average.1],
        "false_alarms": m.false_alarms,
        "true_alarms": m.true_alarms,
        "rounds": m.rounds.iter().map(|r| json!({
            "round": r.round,
            "row": g.action_name(Player::Row, r.profile.0),
            "col": g.action_name(Player::Col, r.profile.1),
            "payoffs": [r.payoffs.0, r.payoffs.1],
            "signal": signals[r.signal],
            "alarm": r.alarm.map(|t| if t { "true" } else { "false" }),
        })).collect::<Vec<_>>(),
    })
}

/// A simulated match on public signals as CSV.
pub fn match_csv(
    g: &Game,
    signals: &[String],
    m: &crate::monitoring::simulate::MonitoredMatch,
) -> String {
    let field = |s: &str| super::table::csv_field(s);
    let mut out = String::from("round,row,col,row_payoff,col_payoff,signal,alarm\n");
    for r in &m.rounds {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            r.round,
            field(g.action_name(Player::Row, r.profile.0)),
            field(g.action_name(Player::Col, r.profile.1)),
            num(r.payoffs.0),
            num(r.payoffs.1),
            field(&signals[r.signal]),
            match r.alarm {
                None => "",
                Some(true) => "true",
                Some(false) => "false",
            }
        ));
    }
    out
}
