//! Parameter sweeps: one analysis repeated over an evenly spaced grid of a parameter —
//! the common discount factor, the noise probability, or any payoff parameter named in the
//! scenario's `[parameters]` table — recording at each point what an analyst follows as
//! the parameter moves: the stage game's extreme equilibria, the critical discount factors
//! of the truce (Nash reversion and the harshest credible punishment) and whether it holds,
//! the subgame-perfect payoff set (Abreu, Pearce & Stacchetti 1990, computed as in Abreu &
//! Sannikov 2014), and the exact discounted values of the declared strategy pairs with and
//! without noise, with their subgame-perfection check.
//!
//! Points are independent, so [`run`] evaluates them in parallel (rayon) and hands them to
//! the caller in grid order as soon as each prefix of the grid is complete, which lets a
//! caller stream results. Nothing here reads files or prints.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::game::{Game, Player};
use crate::geometry::Point;
use crate::repeated::analysis::{holds_by_nash_reversion, truce_profile};
use crate::repeated::critical_delta::{
    HarshestConfig, StageEquilibrium, common_nash_reversion, harshest_data, nash_reversion,
};
use crate::repeated::finite_checks::{finite_check, finite_pair_values};
use crate::repeated::payoff_set::{AsConfig, StageData, abreu_sannikov_data};
use crate::repeated::spe::check;
use crate::repeated::strategies::automaton;
use crate::repeated::values::pair_values;
use crate::scenario::{Discount, Horizon, Scenario, SweepParameter, SweepRequest};
use crate::stage::pure::pure_equilibria;
use crate::stage::solution::ENUMERATION_LIMIT;
use crate::stage::vertex::extreme_equilibria;

/// Most grid points of one sweep.
pub const MAX_POINTS: usize = crate::scenario::MAX_SWEEP_POINTS;

/// Why a grid or a sweep point was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SweepError {
    /// The `NAME=FROM:TO:POINTS` text is malformed or out of range.
    #[error("{0}")]
    Grid(String),
    /// The scenario could not be rebuilt with the parameter at a value.
    #[error("at {name} = {value}: {message}")]
    Point {
        /// The parameter.
        name: String,
        /// Its value.
        value: f64,
        /// What went wrong.
        message: String,
    },
}

/// Parses `NAME=FROM:TO:POINTS` for `scenario` (an error says what is wrong with the
/// text; the caller names where the text came from). `NAME` is a parameter of the scenario's
/// `[parameters]` table, else `delta` (also `discount`) or `noise`.
pub fn parse_grid(text: &str, scenario: &Scenario) -> Result<SweepRequest, SweepError> {
    let bad = SweepError::Grid;
    let (name, range) = text
        .split_once('=')
        .ok_or_else(|| bad("expected NAME=FROM:TO:POINTS, e.g. delta=0:0.95:20".into()))?;
    let parts: Vec<&str> = range.split(':').map(str::trim).collect();
    if parts.len() != 3 {
        return Err(bad(
            "expected three numbers FROM:TO:POINTS after the '=', e.g. delta=0:0.95:20".into(),
        ));
    }
    // Numbers as in payoff cells: decimals or fractions such as 1/3.
    let number = |s: &str, what: &str| -> Result<f64, SweepError> {
        crate::scenario::validate::parse_number_text(s)
            .ok_or_else(|| bad(format!("{what} {s:?} is not a finite number")))
    };
    let from = number(parts[0], "FROM")?;
    let to = number(parts[1], "TO")?;
    let points: i64 = parts[2].parse().map_err(|_| {
        bad(format!(
            "POINTS {:?} is not a whole number from 1 to {MAX_POINTS}",
            parts[2]
        ))
    })?;
    let req = SweepRequest::new(name.trim(), from, to, points, &scenario.parameters)
        .map_err(|(_, m)| bad(m))?;
    Ok(req)
}

/// Checks, before anything is computed, that the game is valid at every grid value.
pub fn check_grid(grid: &SweepRequest, scenario: &Scenario) -> Result<(), SweepError> {
    if let SweepParameter::Monitoring(rate) = grid.parameter {
        // Not a value out of range but a scenario without the rate at all.
        scenario
            .with_monitoring_rate(rate, grid.from)
            .map_err(|e| SweepError::Grid(e.message))?;
    }
    scenario
        .check_sweep_grid(grid)
        .map_err(|(value, e)| SweepError::Point {
            name: grid.parameter.name().to_string(),
            value,
            message: invalid_here(grid.parameter.name(), e),
        })
}

/// The message of a game invalid at one value of parameter `name`.
fn invalid_here(name: &str, e: crate::scenario::validate::Invalid) -> String {
    let at = e.path_string();
    let what = if at.is_empty() {
        e.message
    } else {
        format!("at `{at}`: {}", e.message)
    };
    format!(
        "{what} (the game is not valid at this value of {name}; sweep a range that leaves it out)"
    )
}

/// The repeated-game settings a sweep starts from (each point overrides the swept one).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Baseline {
    /// Discount factors; `None` when neither the scenario nor the caller gives one (the
    /// repeated-game columns are then left out unless δ is swept).
    pub discount: Option<Discount>,
    /// Noise probability of the strategy pairs' noisy values.
    pub noise: f64,
    /// Horizon (the SPE payoff set is computed for infinite horizons only).
    pub horizon: Horizon,
}

impl Baseline {
    /// The settings of the scenario's `[repeated]` section (no δ and no noise without one).
    pub fn of(scenario: &Scenario) -> Baseline {
        let r = scenario.repeated.as_ref();
        Baseline {
            discount: r.map(|r| r.discount),
            noise: r.map_or(0.0, |r| r.noise.get()),
            horizon: r.map_or(Horizon::Infinite, |r| r.horizon),
        }
    }
}

/// A stage equilibrium at a sweep point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointEquilibrium {
    /// The row player's mixed strategy.
    pub row: Vec<f64>,
    /// The column player's mixed strategy.
    pub col: Vec<f64>,
    /// Expected payoffs.
    pub payoffs: Point,
    /// The action names when the equilibrium is pure.
    pub pure: Option<(String, String)>,
}

/// The truce at a sweep point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointTruce {
    /// The truce profile's action names.
    pub profile: (String, String),
    /// Its stage payoffs.
    pub payoffs: Point,
    /// Smallest common δ from which deviator-specific Nash reversion sustains it
    /// (`None`: never).
    pub critical_nash_reversion: Option<f64>,
    /// Smallest common δ from which common Nash reversion (one stage equilibrium for
    /// both players, Friedman 1971) sustains it (`None`: never).
    pub critical_common_nash_reversion: Option<f64>,
    /// Smallest common δ from which the harshest credible punishment sustains it
    /// (`None`: not below 0.999).
    pub critical_harshest: Option<f64>,
    /// Whether it holds at this point's δ with Nash reversion (absent without a δ).
    pub holds_by_nash_reversion: Option<bool>,
    /// Whether it holds at this point's common δ with the harshest punishment.
    pub holds_by_harshest: Option<bool>,
    /// With a finite horizon: whether it can be played in every round of a
    /// subgame-perfect equilibrium — only when it is a stage equilibrium, since the last
    /// round must be one (the `holds_*` verdicts refer to the infinitely repeated game).
    pub holds_in_finite_game: Option<bool>,
}

/// The subgame-perfect payoff set at a sweep point (pure strategies, public
/// randomization, per-round average payoffs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointSpeSet {
    /// The δ it was computed for.
    pub delta: f64,
    /// Whether any pure-strategy SPE exists.
    pub exists: bool,
    /// Corners of the set, counter-clockwise.
    pub vertices: Vec<Point>,
    /// Lowest and highest row payoff in the set.
    pub row_range: Option<(f64, f64)>,
    /// Lowest and highest column payoff in the set.
    pub col_range: Option<(f64, f64)>,
}

/// A declared strategy pair at a sweep point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointPair {
    /// Row strategy.
    pub row: String,
    /// Column strategy.
    pub col: String,
    /// Normalised discounted values without noise.
    pub values: Point,
    /// The same with the point's noise (absent when the noise is 0).
    pub noisy_values: Option<Point>,
    /// Whether the pair is a subgame-perfect equilibrium (without noise).
    pub subgame_perfect: bool,
}

/// Everything recorded at one grid point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepPoint {
    /// Position in the grid, from 0.
    pub index: usize,
    /// The swept parameter's name.
    pub parameter: String,
    /// Its value here.
    pub value: f64,
    /// The common δ used here, when there is one.
    pub delta: Option<f64>,
    /// The noise used here.
    pub noise: f64,
    /// The horizon of the scenario (the SPE set is for infinite horizons only; with a
    /// finite one see `truce.holds_in_finite_game`).
    pub horizon: Horizon,
    /// The values of every payoff parameter here.
    pub parameters: BTreeMap<String, f64>,
    /// Extreme stage equilibria (all of them up to the enumeration limit, else the pure
    /// ones only; see `equilibria_complete`).
    pub equilibria: Vec<PointEquilibrium>,
    /// Whether `equilibria` lists every extreme equilibrium.
    pub equilibria_complete: bool,
    /// The truce (absent when the game names none).
    pub truce: Option<PointTruce>,
    /// The SPE payoff set (common δ and infinite horizon only).
    pub spe: Option<PointSpeSet>,
    /// The declared strategy pairs (when there is a δ).
    pub pairs: Vec<PointPair>,
    /// Under imperfect public monitoring (when there is a δ): the public strategy pairs.
    pub monitoring: Option<PointMonitoring>,
}

/// A public strategy pair at a sweep point of a scenario with `[monitoring]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointPublicPair {
    /// Row strategy.
    pub row: String,
    /// Column strategy.
    pub col: String,
    /// Exact normalised discounted values.
    pub values: Point,
    /// Whether the pair is a perfect public equilibrium.
    pub ppe: bool,
    /// Expected rounds before the first punishment (`None`: infinite).
    pub expected_rounds_to_punishment: Option<f64>,
    /// Long-run share of rounds spent punishing.
    pub long_run_punishment_share: Option<f64>,
}

/// The truce under monitoring at a sweep point: the best Green–Porter trigger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointMonitoredTruce {
    /// Whether some punishment length sustains the truce at this point's δ.
    pub holds: bool,
    /// The best punishment length (`None` inside `Some`: grim), when one sustains it.
    pub best_punish_rounds: Option<Option<usize>>,
    /// The truce's values with the best punishment.
    pub values: Option<Point>,
    /// The least δ at which some punishment length sustains it.
    pub critical_delta: Option<f64>,
    /// Expected rounds before false alarms start a punishment, with the best length.
    pub expected_rounds_to_punishment: Option<f64>,
}

/// The monitoring results at a sweep point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointMonitoring {
    /// The truce with its best trigger (absent when there is no truce to enforce).
    pub truce: Option<PointMonitoredTruce>,
    /// The public strategy pairs.
    pub pairs: Vec<PointPublicPair>,
    /// Pairs that could not be analysed, and why.
    pub notes: Vec<String>,
}

/// Evaluates the grid point `index` of value `value`.
pub fn evaluate(
    scenario: &Scenario,
    grid: &SweepRequest,
    baseline: &Baseline,
    index: usize,
    value: f64,
) -> Result<SweepPoint, SweepError> {
    let fail = |message: String| SweepError::Point {
        name: grid.parameter.name().to_string(),
        value,
        message,
    };
    let mut discount = baseline.discount;
    let mut noise = baseline.noise;
    let rebuilt;
    let s = match &grid.parameter {
        SweepParameter::Discount => {
            discount = Some(Discount::common(value).map_err(|e| fail(e.to_string()))?);
            scenario
        }
        SweepParameter::Noise => {
            noise = value;
            scenario
        }
        SweepParameter::Payoff(name) => {
            rebuilt = scenario
                .with_parameter(name, value)
                .map_err(|e| fail(invalid_here(name, e)))?;
            &rebuilt
        }
        SweepParameter::Monitoring(rate) => {
            rebuilt = scenario
                .with_monitoring_rate(*rate, value)
                .map_err(|e| fail(invalid_here(rate.key(), e)))?;
            &rebuilt
        }
    };
    let game = &s.game;
    let (equilibria, equilibria_complete) = stage_equilibria(game).map_err(fail)?;
    let common = discount.and_then(|d| d.as_common());
    // The punishments of Nash reversion, as the repeated analysis chooses them: every
    // extreme equilibrium where enumerated, else the pure ones — both already found above.
    let punishing: Vec<StageEquilibrium> = equilibria
        .iter()
        .map(|e| {
            StageEquilibrium::from_probabilities(game, e.row.clone(), e.col.clone(), e.payoffs)
        })
        .collect();
    let data = StageData::new(game);
    let declared = s.repeated.and_then(|r| r.truce);
    let truce = truce_profile(game, &s.strategies, declared).map(|(profile, _)| {
        let nr = nash_reversion(game, profile, &punishing);
        let h = harshest_data(game, &data, profile, &HarshestConfig::default());
        PointTruce {
            profile: (
                game.action_name(Player::Row, profile.0).to_string(),
                game.action_name(Player::Col, profile.1).to_string(),
            ),
            payoffs: game.pure_payoffs(profile.0, profile.1),
            critical_nash_reversion: nr.critical_delta,
            critical_common_nash_reversion: common_nash_reversion(game, profile, &punishing)
                .critical_delta,
            critical_harshest: h.critical_delta,
            holds_by_nash_reversion: discount.map(|d| holds_by_nash_reversion(game, &nr, d)),
            holds_by_harshest: common.map(|d| {
                h.critical_delta
                    .is_some_and(|c| c <= d + HarshestConfig::default().tol)
            }),
            holds_in_finite_game: matches!(baseline.horizon, Horizon::Finite(_))
                .then_some(nr.critical_delta == Some(0.0)),
        }
    });
    let spe = match (common, baseline.horizon) {
        (Some(d), Horizon::Infinite) => {
            let set = abreu_sannikov_data(&data, d, &AsConfig::default());
            let v = set.vertices.vertices().to_vec();
            let range = |f: fn(&Point) -> f64| {
                (!v.is_empty()).then(|| {
                    v.iter()
                        .map(f)
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
                            (lo.min(x), hi.max(x))
                        })
                })
            };
            Some(PointSpeSet {
                delta: d,
                exists: set.exists,
                row_range: range(|p| p.0),
                col_range: range(|p| p.1),
                vertices: v,
            })
        }
        _ => None,
    };
    let pairs = match discount {
        Some(d) => strategy_pairs(s, d, noise, baseline.horizon),
        None => Vec::new(),
    };
    let monitoring = match (discount, s.monitored()) {
        (Some(d), Some(m)) => {
            let a = crate::monitoring::analysis::analyze(
                game,
                &m.spec,
                &m.strategies,
                &crate::monitoring::analysis::MonitoringConfig {
                    truce: s.repeated.and_then(|r| r.truce),
                    default_truce: truce_profile(game, &s.strategies, declared).map(|t| t.0),
                    // The payoff set is not charted per point.
                    directions: None,
                    ..crate::monitoring::analysis::MonitoringConfig::at(d)
                },
            );
            Some(PointMonitoring {
                truce: a.truce.as_ref().map(|t| {
                    let best = t.best.map(|b| &t.lengths[b]);
                    PointMonitoredTruce {
                        holds: best.is_some(),
                        best_punish_rounds: best.map(|b| b.rounds),
                        values: best.map(|b| b.values),
                        critical_delta: t.critical_delta,
                        expected_rounds_to_punishment: t.expected_rounds_to_punishment,
                    }
                }),
                pairs: a
                    .pairs
                    .iter()
                    .map(|p| PointPublicPair {
                        row: p.row.clone(),
                        col: p.col.clone(),
                        values: p.check.values,
                        ppe: p.check.ppe,
                        expected_rounds_to_punishment: p.expected_rounds_to_punishment,
                        long_run_punishment_share: p.long_run_punishment_share,
                    })
                    .collect(),
                notes: a.notes,
            })
        }
        _ => None,
    };
    Ok(SweepPoint {
        index,
        parameter: grid.parameter.name().to_string(),
        value,
        delta: common,
        noise,
        horizon: baseline.horizon,
        parameters: s.parameters.clone(),
        equilibria,
        equilibria_complete,
        truce,
        spe,
        pairs,
        monitoring,
    })
}

fn stage_equilibria(game: &Game) -> Result<(Vec<PointEquilibrium>, bool), String> {
    let (m, n) = game.shape();
    let name = |p: Player, k: usize| game.action_name(p, k).to_string();
    if m + n <= ENUMERATION_LIMIT {
        let all = extreme_equilibria(game).map_err(|e| e.to_string())?;
        let list = all
            .equilibria
            .iter()
            .map(|e| PointEquilibrium {
                row: e.row.probs().to_vec(),
                col: e.col.probs().to_vec(),
                payoffs: e.payoffs,
                pure: e
                    .row
                    .as_pure()
                    .zip(e.col.as_pure())
                    .map(|(i, j)| (name(Player::Row, i), name(Player::Col, j))),
            })
            .collect();
        return Ok((list, true));
    }
    let list = pure_equilibria(game)
        .iter()
        .map(|e| {
            let unit = |k: usize, len: usize| (0..len).map(|i| f64::from(i == k)).collect();
            PointEquilibrium {
                row: unit(e.row, m),
                col: unit(e.col, n),
                payoffs: e.payoffs,
                pure: Some((name(Player::Row, e.row), name(Player::Col, e.col))),
            }
        })
        .collect();
    Ok((list, false))
}

/// The declared pairs at one point: values and subgame perfection of the infinitely
/// repeated game, or of the T-round game with a finite horizon (backward induction).
fn strategy_pairs(
    s: &Scenario,
    discount: Discount,
    noise: f64,
    horizon: Horizon,
) -> Vec<PointPair> {
    let game = &s.game;
    let built: Vec<_> = s
        .strategies
        .iter()
        .filter_map(|spec| automaton(game, spec).ok())
        .collect();
    let mut out = Vec::new();
    for r in built.iter().filter(|a| a.player == Player::Row) {
        for c in built.iter().filter(|a| a.player == Player::Col) {
            let values = |eps: f64| match horizon {
                Horizon::Infinite => pair_values(game, r, c, discount, eps),
                Horizon::Finite(t) => finite_pair_values(game, r, c, discount, eps, t),
            };
            let checked = match horizon {
                Horizon::Infinite => check(game, r, c, discount, 0.0),
                Horizon::Finite(t) => finite_check(game, r, c, discount, 0.0, t),
            };
            let (Some(v), Some(chk)) = (values(0.0), checked) else {
                continue;
            };
            let noisy = (noise > 0.0).then(|| values(noise)).flatten();
            out.push(PointPair {
                row: r.name.clone(),
                col: c.name.clone(),
                values: v.discounted,
                noisy_values: noisy.map(|n| n.discounted),
                subgame_perfect: chk.subgame_perfect,
            });
        }
    }
    out
}

/// Grid points at which [`estimate`] evaluates the work of a point (spread evenly; the
/// rest are counted like their neighbours).
pub const ESTIMATE_SAMPLES: usize = 16;

/// The estimated work of [`run`] over `grid`: for each point, the subgame-perfect payoff
/// set at its δ and the harshest-punishment search of the truce (in the solver's clipped
/// corners, [`crate::repeated::payoff_set::work`]), and the strategy pairs' values —
/// evaluated on the scenario's game at up to [`ESTIMATE_SAMPLES`] grid values of δ and
/// scaled to all points (a payoff parameter's points are counted at the scenario's own
/// game).
pub fn estimate(
    scenario: &Scenario,
    grid: &SweepRequest,
    baseline: &Baseline,
) -> crate::budget::Plan {
    use crate::budget::{Estimate, Plan, rates};
    use crate::repeated::analysis::{AnalysisConfig, StageFacts, estimate as analysis_estimate};
    let game = &scenario.game;
    let values = grid.values();
    let samples: Vec<f64> = if values.len() <= ESTIMATE_SAMPLES {
        values.clone()
    } else {
        (0..ESTIMATE_SAMPLES)
            .map(|k| values[k * (values.len() - 1) / (ESTIMATE_SAMPLES - 1)])
            .collect()
    };
    let facts = StageFacts::pure_only(game);
    let mut seconds = 0.0;
    for &v in &samples {
        let discount = match grid.parameter {
            SweepParameter::Discount => Discount::common(v).ok(),
            _ => baseline.discount,
        };
        let Some(discount) = discount else { continue };
        let cfg = AnalysisConfig {
            discount,
            horizon: baseline.horizon,
            // One profile's search, as a point makes (the truce's).
            harshest_all_up_to: 0,
            ..AnalysisConfig::default()
        };
        seconds += analysis_estimate(game, &scenario.strategies, &cfg, &facts).seconds();
        if let Some(m) = scenario.monitored() {
            let mcfg = crate::monitoring::analysis::MonitoringConfig {
                directions: None,
                ..crate::monitoring::analysis::MonitoringConfig::at(discount)
            };
            seconds += crate::monitoring::analysis::estimate(game, &m, &mcfg).seconds();
        }
    }
    let per_point = seconds / samples.len().max(1) as f64;
    let mut plan = Plan::new();
    plan.push(Estimate::new(
        format!(
            "sweep of {} over {} points",
            grid.parameter.name(),
            grid.points
        ),
        per_point * grid.points as f64 * 1e9,
        rates::NANOSECOND,
        "sweep fewer points",
    ));
    plan
}

/// Evaluates every grid point in parallel and calls `deliver` with each point in grid
/// order, as soon as the points before it are done; `progress` is called once per
/// finished point (in any order). Stops at the first failing point (in grid order) and
/// returns its error; no point after it is delivered.
pub fn run(
    scenario: &Scenario,
    grid: &SweepRequest,
    baseline: &Baseline,
    deliver: &mut (dyn FnMut(SweepPoint) + Send),
    progress: &(dyn Fn() + Sync),
) -> Result<(), SweepError> {
    run_until(
        scenario,
        grid,
        baseline,
        &mut |p| {
            deliver(p);
            true
        },
        progress,
    )
    .map(|_| ())
}

/// [`run`], where `deliver` may stop the sweep by returning `false` (a reader that went
/// away): no further point is computed or delivered. Returns whether every point was
/// delivered.
pub fn run_until(
    scenario: &Scenario,
    grid: &SweepRequest,
    baseline: &Baseline,
    deliver: &mut (dyn FnMut(SweepPoint) -> bool + Send),
    progress: &(dyn Fn() + Sync),
) -> Result<bool, SweepError> {
    struct Pending<'a> {
        next: usize,
        ready: BTreeMap<usize, Result<SweepPoint, SweepError>>,
        deliver: &'a mut (dyn FnMut(SweepPoint) -> bool + Send),
        failed: Option<SweepError>,
        stopped: bool,
    }
    let values = grid.values();
    let state = Mutex::new(Pending {
        next: 0,
        ready: BTreeMap::new(),
        deliver,
        failed: None,
        stopped: false,
    });
    values.par_iter().enumerate().for_each(|(k, &v)| {
        if state
            .lock()
            .map(|s| s.failed.is_some() || s.stopped)
            .unwrap_or(true)
        {
            return;
        }
        let point = evaluate(scenario, grid, baseline, k, v);
        progress();
        let Ok(mut st) = state.lock() else { return };
        st.ready.insert(k, point);
        // Deliver the ready prefix of the grid; nothing after a failed point.
        while st.failed.is_none() && !st.stopped {
            let next = st.next;
            let Some(p) = st.ready.remove(&next) else {
                break;
            };
            match p {
                Ok(p) => {
                    st.next += 1;
                    if !(st.deliver)(p) {
                        st.stopped = true;
                    }
                }
                Err(e) => st.failed = Some(e),
            }
        }
    });
    let st = state
        .into_inner()
        .map_err(|_| SweepError::Grid("a sweep worker panicked".into()))?;
    if let Some(e) = st.failed {
        return Err(e);
    }
    if st.stopped {
        return Ok(false);
    }
    if st.next != values.len() {
        return Err(SweepError::Grid("the sweep stopped before its end".into()));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Format, load};

    fn scenario() -> Scenario {
        load(
            r#"
title = "PD with a temptation parameter"
[parameters]
t = 5
[row]
name = "R"
actions = ["c", "d"]
[col]
name = "C"
actions = ["c", "d"]
[payoffs]
c = [[3, 3], [0, "t"]]
d = [["t", 0], [1, 1]]
[repeated]
discount = 0.9
[[strategy]]
name = "grim_r"
player = "row"
kind = "grim_trigger"
cooperate = { row = "c", col = "c" }
punish = "d"
[[strategy]]
name = "grim_c"
player = "col"
kind = "grim_trigger"
cooperate = { row = "c", col = "c" }
punish = "d"
"#,
            Format::Toml,
            std::path::Path::new("pd.toml"),
        )
        .unwrap()
    }

    #[test]
    fn grid_values_are_evenly_spaced_and_end_exactly() {
        let s = scenario();
        let g = parse_grid("delta=0:0.9:4", &s).unwrap();
        assert_eq!(g.parameter, SweepParameter::Discount);
        let v = g.values();
        assert_eq!(v.len(), 4);
        assert_eq!(v[0], 0.0);
        assert_eq!(v[3], 0.9);
        // Exactly the decimal values, not their floating-point neighbours.
        assert_eq!((v[1], v[2]), (0.3, 0.6));
        let twenty = parse_grid("delta=0:0.95:20", &s).unwrap().values();
        assert_eq!((twenty[3], twenty[10]), (0.15, 0.5));
        assert_eq!(parse_grid("t=2:2:1", &s).unwrap().values(), vec![2.0]);
        assert_eq!(
            parse_grid("delta=1/4:3/4:3", &s).unwrap().values(),
            vec![0.25, 0.5, 0.75]
        );
        assert_eq!(
            parse_grid("t=4:2:3", &s).unwrap().values(),
            vec![4.0, 3.0, 2.0]
        );
    }

    #[test]
    fn bad_grids_are_refused_with_the_reason() {
        let s = scenario();
        for (text, says) in [
            ("delta", "NAME=FROM:TO:POINTS"),
            ("delta=0:1", "three numbers"),
            ("delta=0:1:5", "[0, 1)"),
            ("noise=-0.1:0.5:5", "[0, 1]"),
            ("delta=0:0.5:0", "from 1 to"),
            ("delta=0:0.5:x", "whole number"),
            ("delta=nan:0.5:3", "finite"),
            ("tt=0:1:3", "did you mean \"t\""),
        ] {
            let e = parse_grid(text, &s).unwrap_err().to_string();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn discount_sweep_tracks_when_grim_trigger_holds() {
        // PD 3/0/5/1: grim trigger holds iff δ ≥ (5−3)/(5−1) = 1/2.
        let s = scenario();
        let g = parse_grid("delta=0:0.9:10", &s).unwrap();
        let mut points = Vec::new();
        run(&s, &g, &Baseline::of(&s), &mut |p| points.push(p), &|| {}).unwrap();
        assert_eq!(points.len(), 10);
        for (k, p) in points.iter().enumerate() {
            assert_eq!(p.index, k);
            let t = p.truce.as_ref().unwrap();
            assert!((t.critical_nash_reversion.unwrap() - 0.5).abs() < 1e-12);
            assert_eq!(t.holds_by_nash_reversion, Some(p.value >= 0.5));
            let pair = &p.pairs[0];
            assert_eq!(pair.subgame_perfect, p.value >= 0.5, "δ = {}", p.value);
            let spe = p.spe.as_ref().unwrap();
            // The cooperative payoff (3, 3), the set's only candidate corner with both
            // payoffs at 3, is in the SPE set exactly when grim trigger holds.
            let coop = spe
                .vertices
                .iter()
                .any(|v| v.0 >= 3.0 - 1e-7 && v.1 >= 3.0 - 1e-7);
            assert_eq!(coop, p.value >= 0.5, "δ = {}", p.value);
        }
    }

    #[test]
    fn payoff_sweep_moves_the_critical_discount_factor() {
        // Critical δ of grim trigger in the PD with temptation t: (t − 3)/(t − 1).
        let s = scenario();
        let g = parse_grid("t=3.5:9:12", &s).unwrap();
        let mut points = Vec::new();
        run(&s, &g, &Baseline::of(&s), &mut |p| points.push(p), &|| {}).unwrap();
        for p in &points {
            let t = p.value;
            assert_eq!(p.parameters["t"], t);
            let c = p.truce.as_ref().unwrap().critical_nash_reversion.unwrap();
            assert!((c - (t - 3.0) / (t - 1.0)).abs() < 1e-9, "t = {t}: {c}");
            assert_eq!(p.equilibria.len(), 1);
            assert_eq!(p.equilibria[0].pure, Some(("d".into(), "d".into())));
        }
    }

    #[test]
    fn noise_lowers_the_value_of_mutual_grim_trigger() {
        let s = scenario();
        let g = parse_grid("noise=0:0.2:5", &s).unwrap();
        let mut points = Vec::new();
        run(&s, &g, &Baseline::of(&s), &mut |p| points.push(p), &|| {}).unwrap();
        assert_eq!(points[0].pairs[0].noisy_values, None);
        assert!((points[0].pairs[0].values.0 - 3.0).abs() < 1e-9);
        // Any noise eventually triggers the punishment, so both lose against the truce;
        // the noiseless values do not depend on the noise.
        for p in &points[1..] {
            let v = p.pairs[0].noisy_values.unwrap();
            assert!(v.0 < 3.0 && v.1 < 3.0, "noise {}: {v:?}", p.value);
            assert_eq!(p.pairs[0].values, points[0].pairs[0].values);
        }
    }

    #[test]
    fn a_failing_point_stops_delivery_in_grid_order() {
        // t = 0 makes the cell "1/t" infinite: the points before it are delivered, none
        // after it, and the error names the value.
        let s = load(
            r#"
[parameters]
t = 1
[row]
name = "R"
actions = ["a", "b"]
[col]
name = "C"
actions = ["c", "d"]
[payoffs]
a = [["1/t", 0], [0, 1]]
b = [[0, 1], [1, 0]]
"#,
            Format::Toml,
            std::path::Path::new("div.toml"),
        )
        .unwrap();
        for threads in [1, 2] {
            let g = parse_grid("t=-2:2:5", &s).unwrap();
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut got = Vec::new();
            let e = pool
                .install(|| {
                    run(
                        &s,
                        &g,
                        &Baseline::of(&s),
                        &mut |p| got.push(p.value),
                        &|| {},
                    )
                })
                .unwrap_err();
            assert_eq!(got, vec![-2.0, -1.0], "{threads} threads");
            assert!(e.to_string().starts_with("at t = 0:"), "{e}");
        }
    }

    #[test]
    fn parallel_results_equal_one_by_one_evaluation() {
        let s = scenario();
        let g = parse_grid("t=3.5:6:7", &s).unwrap();
        let b = Baseline::of(&s);
        let mut par = Vec::new();
        run(&s, &g, &b, &mut |p| par.push(p), &|| {}).unwrap();
        let seq: Vec<SweepPoint> = g
            .values()
            .iter()
            .enumerate()
            .map(|(k, &v)| evaluate(&s, &g, &b, k, v).unwrap())
            .collect();
        assert_eq!(par, seq);
    }
}
