//! Rendering of [`StageSolution`] (the `solve` command): JSON for programs, tables for
//! people. Keys relied upon by other tools: `equilibria` (each `{row, col, payoffs,
//! regret}` plus `exact` fraction strings with `--exact`), `minmax` (`{row: {pure, mixed,
//! …}, col: {…}}`), `components` (`[{row: [[…]], col: [[…]]}]`), `lemke_howson`.

use serde_json::{Value, json};

use super::table::{Table, num};
use super::{merge, stage_json, stage_text};
use crate::game::{Game, MixedStrategy, Player};
use crate::stage::exact::ExactEquilibrium;
use crate::stage::solution::{Method, StageSolution};
use crate::tolerance::REPORT_SUPPORT;

fn support_names(game: &Game, p: Player, s: &MixedStrategy) -> Vec<String> {
    s.support()
        .iter()
        .map(|&k| game.action_name(p, k).to_string())
        .collect()
}

/// The name of Lemke–Howson label `k`: `(player, action)`.
fn label_action(game: &Game, k: usize) -> (Player, usize) {
    let m = game.num_actions(Player::Row);
    if k < m {
        (Player::Row, k)
    } else {
        (Player::Col, k - m)
    }
}

/// The `solve` result as JSON (merged after the `game` object).
pub fn solution_json(game: &Game, sol: &StageSolution) -> Value {
    let mut v = match (&sol.summary, &sol.pure_basics) {
        (Some(st), _) => stage_json(game, st),
        (None, None) => json!({}),
        (None, Some(basics)) => {
            // Large games: the cheap pure quantities only.
            let (r, c) = (&basics.row_security, &basics.col_security);
            json!({
                "pure_equilibria": basics.pure_equilibria.iter().map(|e| json!({
                    "row": game.action_name(Player::Row, e.row),
                    "col": game.action_name(Player::Col, e.col),
                    "payoffs": [e.payoffs.0, e.payoffs.1],
                })).collect::<Vec<_>>(),
                "minmax": {
                    "row": { "pure": r.minmax, "punisher": game.action_name(Player::Col, r.minmax_punisher) },
                    "col": { "pure": c.minmax, "punisher": game.action_name(Player::Row, c.minmax_punisher) },
                },
                "maxmin": {
                    "row": { "pure": r.maxmin, "action": game.action_name(Player::Row, r.maxmin_action) },
                    "col": { "pure": c.maxmin, "action": game.action_name(Player::Col, c.maxmin_action) },
                },
            })
        }
    };
    if let Some(sec) = &sol.security {
        for (p, s) in Player::BOTH.iter().zip(sec.iter()) {
            if let Some(obj) = v["minmax"][p.key()].as_object_mut() {
                obj.insert("mixed".into(), json!(s.minmax));
                obj.insert("mixed_punisher".into(), json!(s.punisher.probs()));
            }
            if let Some(obj) = v["maxmin"][p.key()].as_object_mut() {
                obj.insert("mixed".into(), json!(s.maxmin));
                obj.insert(
                    "security_strategy".into(),
                    json!(s.security_strategy.probs()),
                );
            }
        }
    }
    let exact: Option<&Vec<ExactEquilibrium>> = sol.exact.as_ref();
    let eqs: Vec<Value> = sol
        .equilibria
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let mut o = json!({
                "row": e.row.probs(),
                "col": e.col.probs(),
                "payoffs": [e.payoffs.0, e.payoffs.1],
                "regret": e.regret,
                "support": {
                    "row": support_names(game, Player::Row, &e.row),
                    "col": support_names(game, Player::Col, &e.col),
                },
            });
            if let Some(x) = exact.and_then(|x| x.get(k)) {
                merge(&mut o, json!({ "exact": x.fractions() }));
            }
            o
        })
        .collect();
    let mut extra = json!({
        "method": sol.method.name(),
        "notes": sol.notes,
        "equilibria": eqs,
    });
    if let Some(d) = sol.degenerate {
        merge(&mut extra, json!({ "degenerate": d }));
    }
    if let Some(cs) = &sol.components {
        let comps: Vec<Value> = cs
            .iter()
            .map(|c| {
                json!({
                    "row": c.row.iter().map(|x| x.probs()).collect::<Vec<_>>(),
                    "col": c.col.iter().map(|y| y.probs()).collect::<Vec<_>>(),
                })
            })
            .collect();
        merge(&mut extra, json!({ "components": comps }));
    }
    if !sol.paths.is_empty() {
        let paths: Vec<Value> = sol
            .paths
            .iter()
            .map(|p| {
                let (pl, k) = label_action(game, p.result.label);
                json!({
                    "label": p.result.label,
                    "player": pl.key(),
                    "action": game.action_name(pl, k),
                    "pivots": p.result.pivots,
                    "status": p.result.status,
                    "equilibrium": p.equilibrium,
                })
            })
            .collect();
        merge(&mut extra, json!({ "lemke_howson": paths }));
    }
    if let Some(z) = &sol.zero_sum {
        merge(
            &mut extra,
            json!({ "zero_sum": {
                "constant": z.constant,
                "value": [z.value_row, z.value_col],
                "row": z.row.probs(),
                "col": z.col.probs(),
            }}),
        );
    }
    if let Some(c) = &sol.correlated {
        merge(
            &mut extra,
            json!({ "correlated": {
                "distribution": c.distribution,
                "payoffs": [c.payoffs.0, c.payoffs.1],
                "max_violation": c.max_violation,
                "unique": c.unique,
                "cell_ranges": c.cell_ranges.iter().map(|r| r.iter().map(|&(lo, hi)| [lo, hi]).collect::<Vec<_>>()).collect::<Vec<_>>(),
            }}),
        );
    }
    merge(&mut v, extra);
    v
}

/// A mixed strategy as `name p, name p` over its support (fractions when given).
fn strategy_text(game: &Game, p: Player, s: &MixedStrategy, exact: Option<&[String]>) -> String {
    let parts: Vec<String> = s
        .support()
        .iter()
        .map(|&k| {
            let prob = exact.map_or_else(|| num(s.probs()[k]), |x| x[k].clone());
            if s.support().len() == 1 {
                game.action_name(p, k).to_string()
            } else {
                format!("{} {prob}", game.action_name(p, k))
            }
        })
        .collect();
    parts.join(", ")
}

/// The `solve` result as text.
pub fn solution_text(game: &Game, sol: &StageSolution) -> String {
    let mut out = match &sol.summary {
        Some(st) => stage_text(game, st),
        None => String::new(),
    };
    for n in &sol.notes {
        out.push_str(&format!("\nNote: {n}\n"));
    }
    let one = sol.equilibria.len() == 1;
    let what = sol.method.found(one);
    out.push_str(&format!(
        "\nNash equilibria: {} {what}{}\n",
        sol.equilibria.len(),
        match (sol.degenerate, sol.method) {
            (Some(true), _) => "; the game is degenerate",
            // Support enumeration can show degeneracy, not prove its absence.
            (Some(false), Method::Support) => "; no sign of degeneracy was seen",
            (Some(false), _) => "; the game is nondegenerate",
            (None, _) => "",
        }
    ));
    let rname = game.player(Player::Row).name.clone();
    let cname = game.player(Player::Col).name.clone();
    let mut t = Table::new(["#", rname.as_str(), cname.as_str(), "payoffs", "regret"]);
    for (k, e) in sol.equilibria.iter().enumerate() {
        let fr = sol
            .exact
            .as_ref()
            .and_then(|x| x.get(k))
            .map(|x| x.fractions());
        let payoffs = match &fr {
            Some(f) => format!("({}, {})", f.payoffs[0], f.payoffs[1]),
            None => format!("({}, {})", num(e.payoffs.0), num(e.payoffs.1)),
        };
        t.row([
            format!("{}", k + 1),
            strategy_text(game, Player::Row, &e.row, fr.as_ref().map(|f| &f.row[..])),
            strategy_text(game, Player::Col, &e.col, fr.as_ref().map(|f| &f.col[..])),
            payoffs,
            if fr.is_some() {
                "0 (exact)".into()
            } else {
                if e.regret == 0.0 {
                    "0".to_string()
                } else {
                    format!("{:.1e}", e.regret)
                }
            },
        ]);
    }
    out.push_str(&t.render(2));
    if let Some(cs) = &sol.components {
        out.push_str(&format!(
            "\nMaximal Nash subsets (every mix within one is an equilibrium): {}\n",
            cs.len()
        ));
        // With --exact, each vertex of a subset is a side of an exact equilibrium: its
        // fractions.
        let exact_of = |p: Player, s: &MixedStrategy| -> Option<Vec<String>> {
            let exact = sol.exact.as_ref()?;
            sol.equilibria.iter().zip(exact).find_map(|(e, x)| {
                let (side, fr) = match p {
                    Player::Row => (&e.row, x.fractions().row),
                    Player::Col => (&e.col, x.fractions().col),
                };
                (side.probs() == s.probs()).then_some(fr)
            })
        };
        for (k, c) in cs.iter().enumerate() {
            let side = |p: Player, v: &[MixedStrategy]| {
                v.iter()
                    .map(|s| {
                        let fr = exact_of(p, s);
                        format!("[{}]", strategy_text(game, p, s, fr.as_deref()))
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            out.push_str(&format!(
                "  {}. {rname}: {}  x  {cname}: {}\n",
                k + 1,
                side(Player::Row, &c.row),
                side(Player::Col, &c.col)
            ));
        }
    }
    if !sol.paths.is_empty() {
        out.push_str("\nLemke-Howson paths\n");
        let mut t = Table::new(["label", "dropped action", "pivots", "reaches"]);
        for p in &sol.paths {
            let (pl, k) = label_action(game, p.result.label);
            t.row([
                p.result.label.to_string(),
                format!("{} {}", game.player(pl).name, game.action_name(pl, k)),
                p.result.pivots.to_string(),
                match p.equilibrium {
                    Some(i) => format!("equilibrium #{}", i + 1),
                    None => format!("none ({:?})", p.result.status),
                },
            ]);
        }
        out.push_str(&t.render(2));
    }
    if let Some(sec) = &sol.security {
        out.push_str("\nMixed security levels (minmax = maxmin by the minimax theorem)\n");
        let mut t = Table::new(["player", "mixed minmax", "punisher plays", "secured by"]);
        for (p, s) in Player::BOTH.iter().zip(sec.iter()) {
            t.row([
                game.player(*p).name.clone(),
                num(s.minmax),
                strategy_text(game, p.opponent(), &s.punisher, None),
                strategy_text(game, *p, &s.security_strategy, None),
            ]);
        }
        out.push_str(&t.render(2));
    }
    if let Some(z) = &sol.zero_sum {
        out.push_str(&format!(
            "\nConstant-sum game (sum {}): value {} for {rname}, {} for {cname}; optimal: {rname} [{}], {cname} [{}]\n",
            num(z.constant),
            num(z.value_row),
            num(z.value_col),
            strategy_text(game, Player::Row, &z.row, None),
            strategy_text(game, Player::Col, &z.col, None)
        ));
    }
    if let Some(c) = &sol.correlated {
        out.push_str(&format!(
            "\nCorrelated equilibrium maximising total payoff: payoffs ({}, {})\n",
            num(c.payoffs.0),
            num(c.payoffs.1)
        ));
        for (i, row) in c.distribution.iter().enumerate() {
            for (j, &p) in row.iter().enumerate() {
                if p > REPORT_SUPPORT {
                    out.push_str(&format!(
                        "  {} / {}: {}\n",
                        game.action_name(Player::Row, i),
                        game.action_name(Player::Col, j),
                        num(p)
                    ));
                }
            }
        }
        if !c.unique {
            out.push_str(
                "  not unique: this is one of many correlated equilibria with the same total; over all of them each recommendation's probability ranges over\n",
            );
            for (i, row) in c.cell_ranges.iter().enumerate() {
                for (j, &(lo, hi)) in row.iter().enumerate() {
                    if hi > REPORT_SUPPORT {
                        out.push_str(&format!(
                            "    {} / {}: {} to {}\n",
                            game.action_name(Player::Row, i),
                            game.action_name(Player::Col, j),
                            num(lo),
                            num(hi)
                        ));
                    }
                }
            }
        }
    }
    out
}
