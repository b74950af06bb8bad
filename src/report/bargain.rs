//! Rendering of `truce bargain`: JSON keys `feasible_set`, `nash_bargaining`,
//! `kalai_smorodinsky`, `rubinstein` (left out without discount factors), and a text report
//! that says in words what a negotiated agreement looks like.

use serde_json::{Value, json};

use super::table::{Table, num};
use crate::bargain::{BargainAnalysis, Disagreement, DisagreementSource, ProfileWeight};
use crate::game::{Game, Player};
use crate::repeated::settings::Origin;
use crate::scenario::Scenario;
use crate::tolerance::REPORT_SAME_POINT;

fn pair(p: (f64, f64)) -> Value {
    json!([p.0, p.1])
}

fn source_json(game: &Game, d: &Disagreement) -> Value {
    match d.source {
        DisagreementSource::MixedMinmax => json!({ "kind": "mixed_minmax" }),
        DisagreementSource::PureMinmax => json!({ "kind": "pure_minmax" }),
        DisagreementSource::StageEquilibrium { row, col } => json!({
            "kind": "stage_equilibrium",
            "row": game.action_name(Player::Row, row),
            "col": game.action_name(Player::Col, col),
        }),
        DisagreementSource::MixedEquilibrium => json!({ "kind": "mixed_equilibrium" }),
        DisagreementSource::WorstSpe => json!({ "kind": "worst_spe" }),
        DisagreementSource::Given => json!({ "kind": "given" }),
    }
}

fn reach_json(game: &Game, w: &[ProfileWeight]) -> Value {
    Value::Array(
        w.iter()
            .map(|x| {
                json!({
                    "row": game.action_name(Player::Row, x.row),
                    "col": game.action_name(Player::Col, x.col),
                    "payoffs": pair(x.payoffs),
                    "weight": x.weight,
                })
            })
            .collect(),
    )
}

/// The JSON report of `truce bargain`.
pub fn bargain_json_section(s: &Scenario, a: &BargainAnalysis, origin: Option<Origin>) -> Value {
    let g = &s.game;
    let nb = &a.nash;
    let ks = &a.kalai_smorodinsky;
    let mut v = json!({
        "dominated_threats": a.dominated_threats.iter().map(|t| json!({
            "player": t.player.key(),
            "minmax": t.minmax,
            "undominated_minmax": t.undominated_minmax,
        })).collect::<Vec<_>>(),
        "feasible_set": {
            "corners": a.feasible.hull.vertices().iter().map(|&p| pair(p)).collect::<Vec<_>>(),
            "pareto_frontier": a.feasible.frontier.iter().zip(&a.feasible.frontier_profiles).map(|(&p, &(i, j))| json!({
                "row": g.action_name(Player::Row, i),
                "col": g.action_name(Player::Col, j),
                "payoffs": pair(p),
            })).collect::<Vec<_>>(),
        },
        "nash_bargaining": {
            "point": pair(nb.point),
            "disagreement": pair(nb.disagreement.point),
            "disagreement_source": source_json(g, &nb.disagreement),
            "agreement": nb.agreement,
            "gains": pair(nb.gains),
            "product": nb.product,
            "reached_by": reach_json(g, &nb.reached_by),
        },
        "kalai_smorodinsky": {
            "point": pair(ks.point),
            "disagreement": pair(ks.disagreement.point),
            "ideal": ks.ideal.map(pair),
            "agreement": ks.agreement,
            "reached_by": reach_json(g, &ks.reached_by),
        },
    });
    if let Some(r) = &a.rubinstein {
        super::merge(
            &mut v,
            json!({ "rubinstein": {
                "discount": { "row": r.delta_row, "col": r.delta_col },
                "discount_from": match origin { Some(Origin::Override) => "flags", _ => "scenario" },
                "proposer_share": r.row_proposes.0,
                "responder_share": r.row_proposes.1,
                "row_proposes": { "row": r.row_proposes.0, "col": r.row_proposes.1 },
                "col_proposes": { "row": r.col_proposes.0, "col": r.col_proposes.1 },
                "over_feasible_set": a.offers.as_ref().map(|o| json!({
                    "row_proposes": { "point": pair(o.row_proposes.point), "reached_by": reach_json(g, &o.row_proposes.reached_by) },
                    "col_proposes": { "point": pair(o.col_proposes.point), "reached_by": reach_json(g, &o.col_proposes.reached_by) },
                })),
            }}),
        );
    }
    if let Some(se) = &a.self_enforcing {
        if let Some(Value::Object(nb)) = v.get_mut("nash_bargaining") {
            nb.insert("in_spe_set".into(), json!(se.nash_in_spe_set));
        }
        if let Some(Value::Object(ks)) = v.get_mut("kalai_smorodinsky") {
            ks.insert("in_spe_set".into(), json!(se.kalai_smorodinsky_in_spe_set));
        }
        if let Some(sn) = &se.spe_nash {
            super::merge(
                &mut v,
                json!({ "spe_nash_bargaining": {
                    "delta": se.delta,
                    "point": pair(sn.point),
                    "disagreement": pair(sn.disagreement.point),
                    "agreement": sn.agreement,
                    "gains": pair(sn.gains),
                }}),
            );
        }
    }
    v
}

fn profile(g: &Game, i: usize, j: usize) -> String {
    format!(
        "({}, {})",
        g.action_name(Player::Row, i),
        g.action_name(Player::Col, j)
    )
}

fn pct(w: f64) -> String {
    format!("{}%", num((w * 1000.0).round() / 10.0))
}

/// "(hold, hold) in 75% of rounds and (tariff, hold) in 25%" or "(hold, hold) every round".
fn recipe(g: &Game, w: &[ProfileWeight]) -> String {
    match w {
        [one] => format!("play {} every round", profile(g, one.row, one.col)),
        [a, b] => format!(
            "play {} in {} of rounds and {} in {} (alternating in that proportion, or drawing the profile each round by a public lottery)",
            profile(g, a.row, a.col),
            pct(a.weight),
            profile(g, b.row, b.col),
            pct(b.weight)
        ),
        _ => "no agreement".into(),
    }
}

fn source_text(g: &Game, d: &Disagreement) -> String {
    match d.source {
        DisagreementSource::MixedMinmax => {
            "mixed minmax: the least each side can be held to by the other".into()
        }
        DisagreementSource::PureMinmax => format!(
            "pure minmax: the least each side can be held to by the other's pure actions (the \
             game has more than {} cells, beyond the mixed minmax linear programs' limit)",
            crate::stage::solution::LP_LIMIT
        ),
        DisagreementSource::StageEquilibrium { row, col } => {
            format!("the stage equilibrium {}", profile(g, row, col))
        }
        DisagreementSource::MixedEquilibrium => "a mixed stage equilibrium (given)".into(),
        DisagreementSource::WorstSpe => "the worst subgame-perfect payoffs (given)".into(),
        DisagreementSource::Given => "a given point".into(),
    }
}

/// The text report of `truce bargain`.
pub fn bargain_text_section(s: &Scenario, a: &BargainAnalysis, origin: Option<Origin>) -> String {
    let g = &s.game;
    let rn = &g.player(Player::Row).name;
    let cn = &g.player(Player::Col).name;
    let nb = &a.nash;
    let ks = &a.kalai_smorodinsky;
    let d = nb.disagreement.point;
    let mut out = String::new();
    out.push_str("\nBargaining over the feasible payoffs\n");
    out.push_str(&format!(
        "  disagreement point ({}): {rn} {}, {cn} {}\n",
        source_text(g, &nb.disagreement),
        num(d.0),
        num(d.1)
    ));
    for t in &a.dominated_threats {
        let (who, other) = match t.player {
            Player::Row => (rn, cn),
            Player::Col => (cn, rn),
        };
        out.push_str(&format!(
            "  (Holding {who} to {} needs {other} to play strictly dominated actions; with undominated ones \
             {other} can hold {who} only to {}. For a credible breakdown use --disagreement nash, or spe:X,Y \
             with the worst subgame-perfect payoffs.)\n",
            num(t.minmax),
            num(t.undominated_minmax)
        ));
    }
    out.push_str("\nPareto frontier of the feasible set (corners)\n");
    let mut t = Table::new(["profile", rn.as_str(), cn.as_str()]);
    for (&p, &(i, j)) in a
        .feasible
        .frontier
        .iter()
        .zip(&a.feasible.frontier_profiles)
    {
        t.row([profile(g, i, j), num(p.0), num(p.1)]);
    }
    out.push_str(&t.render(2));
    out.push_str("\nSolutions\n");
    let mut t = Table::new(["solution", rn.as_str(), cn.as_str(), "reached by"]);
    let reach = |w: &[ProfileWeight]| {
        if w.is_empty() {
            "no agreement: stay at the disagreement point".to_string()
        } else {
            w.iter()
                .map(|x| format!("{} {}", pct(x.weight), profile(g, x.row, x.col)))
                .collect::<Vec<_>>()
                .join(" + ")
        }
    };
    t.row([
        "Nash bargaining".to_string(),
        num(nb.point.0),
        num(nb.point.1),
        reach(&nb.reached_by),
    ]);
    t.row([
        "Kalai-Smorodinsky".to_string(),
        num(ks.point.0),
        num(ks.point.1),
        reach(&ks.reached_by),
    ]);
    if let Some(ideal) = ks.ideal {
        t.row([
            "  ideal point".to_string(),
            num(ideal.0),
            num(ideal.1),
            String::new(),
        ]);
    }
    out.push_str(&t.render(2));
    out.push_str("\nWhat a negotiated truce would look like\n");
    if nb.agreement {
        out.push_str(&format!(
            "  Bargaining as Nash's solution prescribes, {rn} and {cn} {}.\n  {rn} gets {} instead of {} and {cn} {} instead of {} without a deal.\n",
            recipe(g, &nb.reached_by),
            num(nb.point.0),
            num(d.0),
            num(nb.point.1),
            num(d.1)
        ));
        if ks.agreement
            && (ks.point.0 - nb.point.0).abs() + (ks.point.1 - nb.point.1).abs() > REPORT_SAME_POINT
        {
            out.push_str(&format!(
                "  Splitting gains in proportion to what each could at most get (Kalai-Smorodinsky), they would {} instead: {rn} {}, {cn} {}.\n",
                recipe(g, &ks.reached_by),
                num(ks.point.0),
                num(ks.point.1)
            ));
        } else {
            out.push_str("  The Kalai-Smorodinsky solution lands on the same point.\n");
        }
    } else {
        out.push_str(&format!(
            "  No feasible agreement is strictly better than the disagreement point for both {rn} and {cn}: there is nothing to negotiate, and the bargain is the disagreement point itself.\n"
        ));
    }
    match &a.rubinstein {
        Some(r) => {
            let from = match origin {
                Some(Origin::Override) => "given on the command line",
                _ => "from the scenario",
            };
            out.push_str(&format!(
                "\nAlternating offers (Rubinstein), discount factors {from}: {rn} {}, {cn} {}\n",
                num(r.delta_row),
                num(r.delta_col)
            ));
            let mut t = Table::new(["first proposer", rn.as_str(), cn.as_str()]);
            t.row([rn.clone(), pct(r.row_proposes.0), pct(r.row_proposes.1)]);
            t.row([cn.clone(), pct(r.col_proposes.0), pct(r.col_proposes.1)]);
            out.push_str(&t.render(2));
            out.push_str("  Shares of a unit surplus, agreed at once.\n");
            if let Some(o) = &a.offers {
                out.push_str(
                    "  Over the feasible agreements themselves (Binmore, Rubinstein & Wolinsky 1986), the first offer is accepted at once:\n",
                );
                let mut t = Table::new(["first proposer", rn.as_str(), cn.as_str(), "reached by"]);
                for (who, ag) in [(rn, &o.row_proposes), (cn, &o.col_proposes)] {
                    t.row([
                        who.clone(),
                        num(ag.point.0),
                        num(ag.point.1),
                        reach(&ag.reached_by),
                    ]);
                }
                out.push_str(&t.render(2));
            }
        }
        None => out.push_str(
            "\nAlternating offers (Rubinstein): left out, no discount factors (give --delta or --delta-row/--delta-col, or a [repeated] section)\n",
        ),
    }
    if let Some(se) = &a.self_enforcing {
        let yes = |b: bool| if b { "yes" } else { "no" };
        out.push_str(&format!(
            "\nCan the bargain enforce itself? (is it a subgame-perfect payoff at δ = {}?)\n",
            num(se.delta)
        ));
        if !se.spe_exists {
            out.push_str("  no pure-strategy subgame-perfect equilibrium exists at this δ\n");
        } else {
            out.push_str(&format!(
                "  Nash bargaining: {}; Kalai–Smorodinsky: {}\n",
                yes(se.nash_in_spe_set),
                yes(se.kalai_smorodinsky_in_spe_set)
            ));
        }
        if let Some(sn) = &se.spe_nash {
            if sn.agreement {
                out.push_str(&format!(
                    "  the best self-enforcing bargain (Nash bargaining over the subgame-perfect payoffs): ({}, {})\n",
                    num(sn.point.0),
                    num(sn.point.1)
                ));
            } else {
                out.push_str(&format!(
                    "  no subgame-perfect payoff is better for both than the disagreement point ({}, {}): no self-enforcing bargain improves on breaking off\n",
                    num(sn.point.0),
                    num(sn.point.1)
                ));
            }
        }
    }
    out
}

/// The JSON report: the game, then [`bargain_json_section`]'s keys, and `notes` when
/// something was left out.
pub fn bargain_json(s: &Scenario, a: &BargainAnalysis, origin: Option<Origin>) -> Value {
    let mut v = bargain_json_section(s, a, origin);
    if !a.notes.is_empty() {
        super::merge(&mut v, json!({ "notes": a.notes }));
    }
    super::with_game(s, v)
}

/// The text report: the scenario's title block, then [`bargain_text_section`] and the
/// notes.
pub fn bargain_text(s: &Scenario, a: &BargainAnalysis, origin: Option<Origin>) -> String {
    let mut out = bargain_text_section(s, a, origin);
    for n in &a.notes {
        out.push_str(&format!("\nNote: {n}\n"));
    }
    super::with_header(s, out)
}
