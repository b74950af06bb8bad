//! Rendering of `truce dynamics`: JSON keys `method`, `stop_reason`, `iterations`,
//! `end_point`, `payoffs`, `regret`, `trajectory` and the method's `details`; a text
//! report with action names.

use serde_json::{Map, Value, json};

use super::table::{Table, num};
use crate::dynamics::best_response::BestResponseDynamics;
use crate::dynamics::fictitious_play::FictitiousPlay;
use crate::dynamics::replicator_starts::{EndKind, EndPoint, ReplicatorStarts};
use crate::dynamics::stability::Linearisation;
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
        DynamicsResult::Replicator(r) => {
            let x = &r.uniform;
            json!({
                "time": x.time,
                "period": x.period,
                "simplex_corrections": x.simplex_corrections,
                "max_simplex_correction": x.max_simplex_correction,
                "rejected_steps": x.rejected_steps,
                "uniform_end_point": r.starts.first().map(|st| st.end_point),
            })
        }
        DynamicsResult::BestResponse(b) => json!({
            "start": profile_json(g, b.start),
            "path": b.path.iter().map(|&p| profile_json(g, p)).collect::<Vec<_>>(),
            "cycle": b.cycle.iter().map(|&p| profile_json(g, p)).collect::<Vec<_>>(),
            "starts": b.starts,
        }),
        DynamicsResult::Logit(l) => json!({
            "lambda": l.lambda,
            "equilibrium": l.equilibrium.as_ref().map(|(x, y)| strategy_pair_json(g, x, y)),
            "equilibrium_regret": l.equilibrium_regret,
        }),
    };
    let mut v = json!({
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
    });
    match r {
        DynamicsResult::Replicator(x) => super::merge(&mut v, replicator_starts_json(g, x)),
        DynamicsResult::BestResponse(b) => super::merge(&mut v, absorbing_json(g, b)),
        _ => {}
    }
    v
}

/// `end_points` and `starts` of the replicator dynamics from several starts.
fn replicator_starts_json(g: &Game, r: &ReplicatorStarts) -> Value {
    json!({
        "end_points": r.end_points.iter().map(|e| json!({
            "row": named(g, Player::Row, &e.row),
            "col": named(g, Player::Col, &e.col),
            "kind": e.kind,
            "stability": e.stability,
            "share": e.share,
            "starts": e.starts,
            "located": e.located,
            "offset": e.offset,
            "regret": e.regret,
            "eigenvalues": e.linearisation.as_ref().map(|l| l.eigenvalues.iter().map(|&(re, im)| json!([re, im])).collect::<Vec<_>>()),
            "transversal_eigenvalues": e.linearisation.as_ref().map(|l| l.transversal),
        })).collect::<Vec<_>>(),
        "starts": r.starts.iter().map(|st| json!({
            "start": if st.seeded.is_some() { "seeded" } else { "uniform" },
            "seed_index": st.seeded,
            "row": named(g, Player::Row, &st.row),
            "col": named(g, Player::Col, &st.col),
            "stop_reason": st.stop,
            "steps": st.steps,
            "time": st.time,
            "end_point": st.end_point,
        })).collect::<Vec<_>>(),
    })
}

/// `absorbing` of best-response dynamics from every pure profile.
fn absorbing_json(g: &Game, b: &BestResponseDynamics) -> Value {
    let name = |(i, j): (usize, usize)| {
        json!([g.action_name(Player::Row, i), g.action_name(Player::Col, j)])
    };
    json!({
        "absorbing": b.absorbing.iter().map(|a| json!({
            "profiles": a.profiles.iter().map(|&p| name(p)).collect::<Vec<_>>(),
            "kind": if a.profiles.len() == 1 { "equilibrium" } else { "cycle" },
            "starts": a.starts,
            "share": a.starts as f64 / b.starts.max(1) as f64,
        })).collect::<Vec<_>>(),
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
            "Replicator dynamics, two populations (Dormand-Prince 5(4) integration), from the uniform start",
            "time",
            "of the uniform start: population shares, or their time average over a closed orbit",
        ),
        DynamicsResult::BestResponse(_) => (
            "Alternating best-response dynamics",
            "revision",
            "of the main run: profile reached, or average of play along the cycle",
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

/// Eigenvalues for reports: `-1`, `0.5 + 2i`; at most eight, then how many more.
fn eigen_text(l: &Linearisation) -> String {
    let one = |&(re, im): &(f64, f64)| {
        let re = if re.abs() < 1e-12 { 0.0 } else { re };
        if im.abs() < 1e-12 {
            num(re)
        } else if re == 0.0 {
            format!("{}i", num(im))
        } else {
            format!(
                "{} {} {}i",
                num(re),
                if im < 0.0 { "-" } else { "+" },
                num(im.abs())
            )
        }
    };
    let shown: Vec<String> = l.eigenvalues.iter().take(8).map(one).collect();
    let more = l.eigenvalues.len().saturating_sub(8);
    if l.eigenvalues.is_empty() {
        "none: a single profile".into()
    } else if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// "stability: saddle (eigenvalues -1, 1): starts leave it …".
fn stability_text(_g: &Game, e: &EndPoint) -> String {
    match (e.kind, e.stability, &e.linearisation) {
        (EndKind::Unsettled, _, _) => {
            "stability: none (the run stopped at a cap before settling; its last state is no rest point)".into()
        }
        (kind, Some(st), lin) => format!(
            "stability: {}{}{}: {}",
            st.name(),
            match kind {
                EndKind::ClosedOrbit => " (a closed orbit around this point)",
                EndKind::Recurrent => " (orbits that circle this point without closing)",
                _ => "",
            },
            lin.as_ref()
                .map(|l| format!(
                    " (eigenvalues of the linearised flow: {}{})",
                    eigen_text(l),
                    if l.transversal > 0 {
                        format!(", the first {} for absent actions", l.transversal)
                    } else {
                        String::new()
                    }
                ))
                .unwrap_or_default(),
            st.meaning()
        ),
        (_, None, _) => "stability: not computed (the face is too large for the eigenvalues)".into(),
    }
}

/// The end points of all starts, their stability and shares, and where each start ended.
fn replicator_starts_text(g: &Game, r: &ReplicatorStarts) -> String {
    let rn = &g.player(Player::Row).name;
    let cn = &g.player(Player::Col).name;
    let seeded = r.starts.len().saturating_sub(1);
    let mut out = format!(
        "\nEnd points from {} start{} (the uniform one and {seeded} seeded interior start{}, drawn by action name)\n",
        r.starts.len(),
        if r.starts.len() == 1 { "" } else { "s" },
        if seeded == 1 { "" } else { "s" }
    );
    let mut t = Table::new([
        "#",
        rn.as_str(),
        cn.as_str(),
        "kind",
        "stability",
        "starts",
        "share",
    ]);
    for (k, e) in r.end_points.iter().enumerate() {
        t.row([
            (k + 1).to_string(),
            mix_text(g, Player::Row, &e.row),
            mix_text(g, Player::Col, &e.col),
            match e.kind {
                EndKind::RestPoint => "rest point",
                EndKind::ClosedOrbit => "closed orbit (time average)",
                EndKind::Recurrent => "recurrent orbit (time average)",
                EndKind::Unsettled => "unsettled (last state)",
            }
            .to_string(),
            e.stability.map_or("-", |s| s.name()).to_string(),
            e.starts.to_string(),
            num((e.share * 1000.0).round() / 1000.0),
        ]);
    }
    out.push_str(&t.render(2));
    for (k, e) in r.end_points.iter().enumerate() {
        out.push_str(&format!("  {}: {}\n", k + 1, stability_text(g, e)));
    }
    out.push_str(
        "  (stability from the eigenvalues of the flow linearised at the rest point, on the simplices and for absent actions; Hofbauer & Sigmund 1998)\n",
    );
    let mut t = Table::new(["start", "stopped", "time", "ends at"]);
    for st in &r.starts {
        t.row([
            st.seeded
                .map_or("uniform".to_string(), |k| format!("seeded {}", k + 1)),
            st.stop.describe().to_string(),
            num((st.time * 1000.0).round() / 1000.0),
            format!("#{}", st.end_point + 1),
        ]);
    }
    out.push_str("\nWhere each start ended\n");
    out.push_str(&t.render(2));
    out
}

/// The absorbing sets of best-response dynamics from every pure profile.
fn absorbing_text(g: &Game, b: &BestResponseDynamics) -> String {
    let mut out = format!(
        "\nWhere play ends from each of the {} pure profiles (row moves first; a tie goes to the action whose name comes first)\n",
        b.starts
    );
    let mut t = Table::new(["absorbed by", "profiles", "starts", "share"]);
    for a in &b.absorbing {
        let p: Vec<String> = a.profiles.iter().map(|&p| profile_text(g, p)).collect();
        t.row([
            if a.profiles.len() == 1 {
                "pure equilibrium".to_string()
            } else {
                format!("cycle of {}", a.profiles.len())
            },
            p.join(" -> "),
            a.starts.to_string(),
            num((a.starts as f64 / b.starts.max(1) as f64 * 1000.0).round() / 1000.0),
        ]);
    }
    out.push_str(&t.render(2));
    out
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
        DynamicsResult::Replicator(starts) => {
            let x = &starts.uniform;
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
            if let Some(e) = starts
                .starts
                .first()
                .map(|st| &starts.end_points[st.end_point])
            {
                out.push_str(&format!("  {}\n", stability_text(g, e)));
            }
            out.push_str(&replicator_starts_text(g, starts));
        }
        DynamicsResult::BestResponse(b) => {
            out.push_str(&format!(
                "  started at {}: each side's best response to an opponent mixing uniformly (a tie to the action named first)\n",
                profile_text(g, b.start)
            ));
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
            out.push_str(&absorbing_text(g, b));
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
