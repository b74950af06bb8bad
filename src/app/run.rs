//! `truce run`: everything that applies to a scenario, as one report — the stage game,
//! where a bargain would land, the tournament of the scenario's strategies — and every
//! chart that applies, written into `plots/<file stem>/`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::plot::{all_charts, default_out, image_kind, plot_error};
use crate::bargain::{self, Disagreement};
use crate::cli::{FormatArg, ImageArg};
use crate::error::AppError;
use crate::game::Player;
use crate::repeated::analysis::{AnalysisConfig, RepeatedAnalysis, analyze};
use crate::repeated::payoff_set::{AsConfig, SpePayoffSet, abreu_sannikov};
use crate::repeated::simulate::{SimConfig, Simulation, simulate};
use crate::repeated::strategies::automaton;
use crate::report;
use crate::scenario::Horizon;
use crate::scenario::{self, Scenario};
use crate::tournament::{TournamentConfig, TournamentResult, default_field, round_robin};

/// What `run` computed, for the report and the charts.
pub struct RunResults {
    /// The stage game as `truce solve` analyses it by default: every extreme equilibrium
    /// (Lemke–Howson beyond the enumeration limit), dominance, security levels, value.
    pub stage: crate::stage::solution::StageSolution,
    /// Bargaining over the feasible set from the mixed minmax point.
    pub bargain: Option<bargain::BargainAnalysis>,
    /// Tournament of the declared strategies against the library's (when the scenario
    /// declares strategies).
    pub tournament: Option<TournamentResult>,
    /// The repeated-game analysis (when the scenario has a `[repeated]` section).
    pub repeated: Option<RepeatedAnalysis>,
    /// Subgame-perfect payoff sets at a few more discount factors, for the charts.
    pub spe_overlay: Vec<SpePayoffSet>,
    /// One simulated match of the first declared row and column strategies, with the
    /// scenario's noise.
    pub simulation: Option<(String, String, Simulation)>,
    /// Replicator dynamics over the tournament's strategies (symmetric games).
    pub evolution: Option<crate::tournament::evolution::PopulationPath>,
    /// Fictitious play from uniform beliefs: how learning players' strategies move.
    pub learning: crate::dynamics::fictitious_play::FictitiousPlay,
    /// The sweeps the scenario declares, each with its points in grid order.
    pub sweeps: Vec<(crate::scenario::SweepRequest, Vec<crate::sweep::SweepPoint>)>,
}

fn discount(s: &Scenario) -> Option<(f64, f64)> {
    s.repeated.map(|r| (r.discount.row, r.discount.col))
}

/// Computes everything `run` reports.
pub fn analyse(s: &Scenario) -> Result<RunResults, AppError> {
    let stage = crate::stage::solution::solve_stage(
        &s.game,
        &crate::stage::solution::SolveConfig::default(),
    )
    .map_err(|e| AppError::Failed(format!("the stage game: {e}")))?;
    let bargain = match Disagreement::mixed_minmax(&s.game) {
        Ok(d) => bargain::analyse(&s.game, d, discount(s)).ok(),
        Err(_) => None,
    };
    let tournament = if s.strategies.is_empty() {
        None
    } else {
        let declared = s
            .strategies
            .iter()
            .map(|spec| {
                automaton(&s.game, spec)
                    .map_err(|e| AppError::Failed(format!("strategy {}: {e}", spec.name)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let r = s.repeated;
        let cfg = TournamentConfig {
            rounds: r.map_or(200, |r| r.rounds),
            repetitions: 10,
            noise: r.map_or(0.0, |r| r.noise),
            seed: r.map_or(0, |r| r.seed),
        };
        round_robin(&s.game, &default_field(&s.game, declared), &cfg).ok()
    };
    let (repeated, spe_overlay, simulation) = match s.repeated {
        None => (None, Vec::new(), None),
        Some(r) => {
            let cfg = AnalysisConfig {
                discount: r.discount,
                horizon: r.horizon,
                noise: r.noise,
                seed: r.seed,
                ..AnalysisConfig::default()
            };
            let analysis = analyze(&s.game, &s.strategies, &cfg);
            let overlay: Vec<SpePayoffSet> = match (r.discount.as_common(), r.horizon) {
                (Some(d), Horizon::Infinite) => [0.3, 0.6]
                    .into_iter()
                    .filter(|&x| x < d - 1e-9)
                    .map(|x| abreu_sannikov(&s.game, x, &AsConfig::default()))
                    .filter(|set| set.exists)
                    .collect(),
                _ => Vec::new(),
            };
            let first = |p: Player| s.strategies.iter().find(|x| x.player == p);
            let sim = match (first(Player::Row), first(Player::Col)) {
                (Some(a), Some(b)) => match (automaton(&s.game, a), automaton(&s.game, b)) {
                    (Ok(ra), Ok(ca)) => {
                        let sc = SimConfig {
                            rounds: r.rounds,
                            noise: r.noise,
                            seed: r.seed,
                            discount: r.discount,
                        };
                        Some((
                            a.name.clone(),
                            b.name.clone(),
                            simulate(&s.game, &ra, &ca, &sc),
                        ))
                    }
                    _ => None,
                },
                _ => None,
            };
            (Some(analysis), overlay, sim)
        }
    };
    let evolution = tournament
        .as_ref()
        .filter(|t| t.symmetric)
        .map(|t| crate::tournament::evolution::replicator(&t.payoff_matrix, 1000, 5));
    let learning = crate::dynamics::fictitious_play::fictitious_play(
        &s.game,
        &crate::dynamics::fictitious_play::FictitiousPlayConfig::for_game(&s.game),
    );
    let mut sweeps = Vec::with_capacity(s.sweeps.len());
    for (k, grid) in s.sweeps.iter().enumerate() {
        let mut points = Vec::with_capacity(grid.points);
        crate::sweep::run(
            s,
            grid,
            &crate::sweep::Baseline::of(s),
            &mut |p| points.push(p),
            &|| {},
        )
        .map_err(|e| AppError::Usage(format!("sweep[{k}] ({}): {e}", grid.parameter.name())))?;
        sweeps.push((grid.clone(), points));
    }
    Ok(RunResults {
        stage,
        bargain,
        tournament,
        repeated,
        spe_overlay,
        simulation,
        evolution,
        learning,
        sweeps,
    })
}

/// Runs `truce run`.
pub fn run(
    file: &Path,
    format: FormatArg,
    out: Option<&Path>,
    image: ImageArg,
    no_charts: bool,
) -> Result<String, AppError> {
    let s = scenario::load_file(file)?;
    let results = analyse(&s)?;
    let charts: Vec<PathBuf> = if no_charts {
        Vec::new()
    } else {
        let dir = out
            .map(Path::to_path_buf)
            .unwrap_or_else(|| default_out(file));
        all_charts(&s, &results, &dir, image_kind(image)).map_err(plot_error)?
    };
    Ok(match format {
        FormatArg::Text => {
            let mut t = report::header_text(&s);
            t.push_str(&report::equilibria::solution_text(&s.game, &results.stage));
            if let Some(r) = &results.repeated {
                t.push('\n');
                t.push_str(&report::repeated::repeat_text(&s, r));
            }
            if let Some(b) = &results.bargain {
                t.push('\n');
                t.push_str(&section(&report::bargain::bargain_text(
                    &s,
                    b,
                    discount(&s).map(|_| super::bargain::DiscountOrigin::Scenario),
                )));
            }
            if let Some(tr) = &results.tournament {
                t.push('\n');
                t.push_str(&section(&report::tournament::text(&s, tr, None)));
            }
            for (grid, points) in &results.sweeps {
                if let Some(first) = points.first() {
                    t.push('\n');
                    t.push_str(&report::sweep::text_header(grid.parameter.name(), first));
                    for p in points {
                        t.push_str(&report::sweep::text_row(p, first));
                    }
                }
            }
            if !charts.is_empty() {
                t.push_str("\nCharts\n");
                for c in &charts {
                    t.push_str(&format!("  wrote {}\n", c.display()));
                }
            }
            t
        }
        FormatArg::Json => {
            let mut v = json!({ "game": report::game_json(&s) });
            report::merge(
                &mut v,
                report::equilibria::solution_json(&s.game, &results.stage),
            );
            if let Some(r) = &results.repeated {
                let mut rj = report::repeated::repeat_json(&s, r);
                if let Value::Object(m) = &mut rj {
                    m.remove("game");
                }
                report::merge(&mut v, json!({ "repeated": rj }));
            }
            if let Some(b) = &results.bargain {
                let mut bj = report::bargain::bargain_json(
                    &s,
                    b,
                    discount(&s).map(|_| super::bargain::DiscountOrigin::Scenario),
                );
                if let Value::Object(m) = &mut bj {
                    m.remove("game");
                }
                report::merge(&mut v, json!({ "bargaining": bj }));
            }
            if let Some(tr) = &results.tournament {
                let mut tj = report::tournament::json(&s, tr, None);
                if let Value::Object(m) = &mut tj {
                    m.remove("game");
                }
                report::merge(&mut v, json!({ "tournament": tj }));
            }
            if !results.sweeps.is_empty() {
                let sweeps: Vec<Value> = results
                    .sweeps
                    .iter()
                    .map(|(grid, points)| {
                        json!({
                            "parameter": grid.parameter.name(),
                            "from": grid.from,
                            "to": grid.to,
                            "points": points,
                        })
                    })
                    .collect();
                report::merge(&mut v, json!({ "sweeps": sweeps }));
            }
            report::merge(
                &mut v,
                json!({ "charts": charts.iter().map(|c| c.display().to_string()).collect::<Vec<_>>() }),
            );
            super::json_text(&v)
        }
    })
}

/// A sub-report without its repeated title block (the run report has one at the top).
fn section(text: &str) -> String {
    match text.find("\nRow player:") {
        Some(k) => {
            let rest = &text[k + 1..];
            match rest.find('\n') {
                Some(e) => rest[e + 1..].to_string(),
                None => String::new(),
            }
        }
        None => text.to_string(),
    }
}
