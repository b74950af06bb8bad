//! `truce bargain`: parse the disagreement choice and discount factors, run the bargaining
//! analysis, render it.

use crate::app::error::AppError;
use crate::cli::{BargainArgs, FormatArg};
use truce::bargain::self_enforcing::{self_enforcing, spe_tolerance};
use truce::bargain::{
    self, Disagreement, DisagreementSource, EquilibriumPayoffs, EquilibriumPointError,
    pessimistic_equilibrium,
};
use truce::game::{Game, Player};
use truce::repeated::payoff_set::{AsConfig, abreu_sannikov};
use truce::report;
use truce::stage::pure::pure_equilibria;

/// Runs `truce bargain`.
pub fn run(args: &BargainArgs, ctx: &super::Context) -> Result<String, AppError> {
    let BargainArgs {
        file,
        delta,
        delta_row,
        delta_col,
        disagreement,
        output,
        force,
    } = args;
    let s = super::load(file, ctx)?;
    let d = parse_disagreement(&s.game, disagreement)?;
    let settings = super::RepeatedFlags {
        delta: *delta,
        delta_pair: delta_row.zip(*delta_col),
        ..Default::default()
    }
    .resolve(&s)?;
    let discount = settings
        .discount
        .map(|d| ((d.row(), d.col()), settings.discount_origin));
    let mut analysis = bargain::analyse(&s.game, d, discount.map(|x| x.0))
        .map_err(|e| AppError::Usage(e.to_string()))?;
    if let Some(delta) = settings.discount.and_then(|d| d.as_common()) {
        let mut plan = truce::budget::Plan::new();
        plan.push(truce::repeated::payoff_set::estimate(
            &truce::repeated::payoff_set::StageData::new(&s.game),
            delta,
            &AsConfig::default(),
        ));
        match plan.check(*force) {
            Ok(()) => {
                let _watch = super::progress::start(&plan, "bargain", *force, ctx)?;
                let spe = abreu_sannikov(&s.game, delta, &AsConfig::default());
                analysis.self_enforcing = Some(self_enforcing(
                    &analysis,
                    spe.vertices.vertices(),
                    delta,
                    spe_tolerance(&s.game),
                ));
            }
            // The bargain stands without it: left out, with the reason.
            Err(e) => analysis.notes.push(format!(
                "whether the bargain enforces itself (the subgame-perfect payoff set at δ = {delta}) was left out: {e}"
            )),
        }
    }
    let origin = discount.map(|x| x.1);
    Ok(match output.format {
        FormatArg::Text => report::bargain::bargain_text(&s, &analysis, origin),
        FormatArg::Json => super::json_text(&report::bargain::bargain_json(&s, &analysis, origin)),
    })
}

/// A payoff for a message: at most four decimals, trailing zeros dropped.
fn short(x: f64) -> String {
    let t = format!("{x:.4}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" { "0".into() } else { t.into() }
}

/// What the stage equilibria pay, as a list for a message: a pair per equilibrium, or a
/// range where a component's equilibria pay a range (at most eight entries).
fn paid_text(paid: &[EquilibriumPayoffs]) -> String {
    const SHOWN: usize = 8;
    let range = |(lo, hi): (f64, f64)| {
        if short(lo) == short(hi) {
            short(lo)
        } else {
            format!("{} to {}", short(lo), short(hi))
        }
    };
    let mut items: Vec<String> = Vec::new();
    for p in paid {
        let item = format!("({}, {})", range(p.row), range(p.col));
        if !items.contains(&item) {
            items.push(item);
        }
    }
    let more = items.len().saturating_sub(SHOWN);
    items.truncate(SHOWN);
    let mut out = format!(
        "the stage equilibria pay {}",
        match items.len() {
            0 => "nothing".to_string(),
            1 => items[0].clone(),
            _ => format!(
                "{} and {}",
                items[..items.len() - 1].join(", "),
                items[items.len() - 1]
            ),
        }
    );
    if more > 0 {
        out.push_str(&format!(" (and {more} more)"));
    }
    out
}

fn parse_pair(text: &str, what: &str) -> Result<(f64, f64), AppError> {
    let bad = || {
        AppError::Usage(format!(
            "--disagreement {what}: expected two numbers X,Y (row payoff, column payoff), e.g. 1.5,2"
        ))
    };
    let (x, y) = text.split_once(',').ok_or_else(bad)?;
    let x: f64 = x.trim().parse().map_err(|_| bad())?;
    let y: f64 = y.trim().parse().map_err(|_| bad())?;
    if !(x.is_finite() && y.is_finite()) {
        return Err(bad());
    }
    Ok((x, y))
}

/// Parses `minmax`, `nash`, `nash:ROW,COL`, `mixed:X,Y`, `spe:X,Y` or `X,Y`.
fn parse_disagreement(game: &Game, text: &str) -> Result<Disagreement, AppError> {
    let text = text.trim();
    if text == "minmax" {
        return Disagreement::minmax(game).map_err(|e| AppError::Failed(e.to_string()));
    }
    let equilibria = pure_equilibria(game);
    if text == "nash" {
        return pessimistic_equilibrium(&equilibria)
            .map(Disagreement::stage_equilibrium)
            .ok_or_else(|| {
                AppError::Usage(
                    "--disagreement nash: the game has no pure Nash equilibrium; give the payoffs of a mixed one as --disagreement mixed:X,Y".into(),
                )
            });
    }
    if let Some(rest) = text.strip_prefix("nash:") {
        let (r, c) = rest.split_once(',').ok_or_else(|| {
            AppError::Usage(format!(
                "--disagreement {text}: expected nash:ROW_ACTION,COL_ACTION"
            ))
        })?;
        let find = |p: Player, name: &str| {
            game.player(p).action_index(name.trim()).ok_or_else(|| {
                AppError::Usage(format!(
                    "--disagreement {text}: the {p} player has no action {:?}; actions are {}",
                    name.trim(),
                    game.player(p).action_names().join(", ")
                ))
            })
        };
        let (i, j) = (find(Player::Row, r)?, find(Player::Col, c)?);
        let eq = equilibria
            .iter()
            .find(|e| (e.row, e.col) == (i, j))
            .ok_or_else(|| {
                AppError::Usage(format!(
                    "--disagreement {text}: ({}, {}) is not a pure Nash equilibrium; use --disagreement nash or give a point X,Y",
                    r.trim(),
                    c.trim()
                ))
            })?;
        return Ok(Disagreement::stage_equilibrium(eq));
    }
    if let Some(rest) = text.strip_prefix("mixed:") {
        return Disagreement::mixed_equilibrium(game, parse_pair(rest, text)?).map_err(|e| {
            match e {
                EquilibriumPointError::NotPaid { point, paid } => AppError::Usage(format!(
                    "--disagreement {text}: no Nash equilibrium of the stage game pays ({}, {}); {}; give one of those, or X,Y for any point",
                    short(point.0),
                    short(point.1),
                    paid_text(&paid)
                )),
                EquilibriumPointError::Solve(e) => AppError::Usage(format!(
                    "--disagreement {text}: the point cannot be checked against the stage equilibria ({e}); give it as X,Y"
                )),
            }
        });
    }
    if let Some(rest) = text.strip_prefix("spe:") {
        return Ok(Disagreement::given(
            parse_pair(rest, text)?,
            DisagreementSource::WorstSpe,
        ));
    }
    if text.contains(',') {
        return Ok(Disagreement::given(
            parse_pair(text, text)?,
            DisagreementSource::Given,
        ));
    }
    Err(AppError::Usage(format!(
        "--disagreement {text}: expected minmax, nash, nash:ROW,COL, mixed:X,Y, spe:X,Y or X,Y"
    )))
}
