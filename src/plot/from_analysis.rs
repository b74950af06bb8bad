//! Fills every chart from result structs: the one place where analysis results become
//! chart data. Each function reads what the analysis already computed — a
//! [`StageSolution`], a [`RunAnalysis`], a [`PhasePortrait`], sweep points, a dynamics
//! trajectory — and returns a plain chart struct; none of them solves anything (the only
//! computation here is arranging numbers: a convex hull of the pure payoff pairs, the
//! running discounted totals along a path).
//!
//! [`run_charts`] lists every chart of `truce run` and `truce plot`, each with the file
//! stem it is written under.

use crate::analysis::RunAnalysis;
use crate::dynamics::phase_portrait::PhasePortrait;
use crate::dynamics::{DynamicsMethod, TrajectoryPoint};
use crate::game::{Game, Player};
use crate::geometry::{convex_hull, individually_rational, pareto_chain};
use crate::repeated::analysis::RepeatedAnalysis;
use crate::repeated::critical_delta::{CriticalDelta as Trigger, Punishment};
use crate::repeated::paths::EquilibriumPath;
use crate::scenario::{Scenario, SweepParameter, SweepRequest};
use crate::stage::equilibrium::Equilibrium;
use crate::stage::solution::StageSolution;
use crate::sweep::SweepPoint;

use super::discount::{CriticalDelta, DiscountChart, DiscountTarget};
use super::dynamics::{PhaseChart, PhaseTrajectory, TrajectoryChart};
use super::heatmap::{MixedProfile, StageChart};
use super::path::{DEVIATION_MARK, NOISE_MARK, PathChart, PathRound};
use super::payoff_space::{LabelledPoint, PayoffSpaceChart, SpeSet};
use super::sweep::{Panel, Series, Style, SweepChart, Tint};
use super::tournament::{PopulationChart, PopulationPanel, RankingChart, RankingEntry};
use super::{AnyChart, NamedChart};

/// Target profiles shown on the discount-factor chart besides the truce.
const MAX_DISCOUNT_TARGETS: usize = 5;

/// Longest k-round punishment shown on the discount-factor chart.
const MAX_CHART_PUNISHMENT_ROUNDS: usize = 3;

fn matrix(m: &nalgebra::DMatrix<f64>) -> Vec<Vec<f64>> {
    (0..m.nrows())
        .map(|i| (0..m.ncols()).map(|j| m[(i, j)]).collect())
        .collect()
}

fn profile_label(game: &Game, i: usize, j: usize) -> String {
    format!(
        "({}, {})",
        game.action_name(Player::Row, i),
        game.action_name(Player::Col, j)
    )
}

fn is_pure(e: &Equilibrium) -> bool {
    e.row.as_pure().is_some() && e.col.as_pure().is_some()
}

/// The stage-game heatmap: payoffs, best responses, pure equilibria from the stage
/// solution's summary (`None` when the game was too large for it), and its mixed
/// equilibria.
pub fn stage_chart(game: &Game, stage: &StageSolution, title: &str) -> Option<StageChart> {
    let summary = stage.summary.as_ref()?;
    Some(StageChart {
        title: title.to_string(),
        row_player: game.player(Player::Row).name.clone(),
        col_player: game.player(Player::Col).name.clone(),
        row_actions: game.player(Player::Row).action_names(),
        col_actions: game.player(Player::Col).action_names(),
        a: matrix(game.a()),
        b: matrix(game.b()),
        row_best_responses: summary.best_responses.row.clone(),
        col_best_responses: summary.best_responses.col.clone(),
        pure_equilibria: summary
            .pure_equilibria
            .iter()
            .map(|e| (e.row, e.col))
            .collect(),
        mixed_equilibria: stage
            .equilibria
            .iter()
            .filter(|e| !is_pure(e))
            .map(|e| MixedProfile {
                row: e.row.probs().to_vec(),
                col: e.col.probs().to_vec(),
                payoffs: e.payoffs,
            })
            .collect(),
    })
}

/// The payoff-space chart of the stage game: feasible set, pure and mixed minmax points,
/// individually rational region, stage equilibria and Pareto frontier, from the stage
/// solution (`None` when the game was too large for its summary). The repeated-game
/// layers are filled by [`run_charts`].
pub fn payoff_space_chart(
    game: &Game,
    stage: &StageSolution,
    title: &str,
) -> Option<PayoffSpaceChart> {
    let summary = stage.summary.as_ref()?;
    let (m, n) = game.shape();
    let mut profiles = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            profiles.push(LabelledPoint::new(
                profile_label(game, i, j),
                game.pure_payoffs(i, j),
            ));
        }
    }
    let pairs: Vec<(f64, f64)> = profiles.iter().map(|p| p.point).collect();
    let hull = convex_hull(&pairs, game.tolerance().abs);
    let mixed = stage.security.as_ref().map(|[r, c]| (r.minmax, c.minmax));
    Some(PayoffSpaceChart {
        title: title.to_string(),
        row_player: game.player(Player::Row).name.clone(),
        col_player: game.player(Player::Col).name.clone(),
        individually_rational: mixed
            .map(|v| individually_rational(hull.vertices(), v))
            .unwrap_or_default(),
        pareto_frontier: pareto_chain(hull.vertices()),
        feasible: hull.0,
        profiles,
        minmax_pure: Some((summary.row_security.minmax, summary.col_security.minmax)),
        minmax_mixed: mixed,
        pure_equilibria: summary
            .pure_equilibria
            .iter()
            .map(|e| LabelledPoint::new(profile_label(game, e.row, e.col), e.payoffs))
            .collect(),
        mixed_equilibria: stage
            .equilibria
            .iter()
            .filter(|e| !is_pure(e))
            .map(|e| LabelledPoint::new("mixed equilibrium", e.payoffs))
            .collect(),
        ..PayoffSpaceChart::default()
    })
}

/// The replicator phase portrait of a 2×2 game: the portrait's direction field and
/// trajectories, with every extreme equilibrium in `equilibria` as a labelled rest point.
pub fn phase_portrait_chart(
    game: &Game,
    portrait: &PhasePortrait,
    equilibria: &[Equilibrium],
    title: &str,
) -> PhaseChart {
    let rest_points = equilibria
        .iter()
        .map(|e| {
            let (x, y) = (e.row.probs(), e.col.probs());
            let label = match (e.row.as_pure(), e.col.as_pure()) {
                (Some(i), Some(j)) => format!("Nash equilibrium {}", profile_label(game, i, j)),
                _ => format!(
                    "mixed equilibrium ({}, {})",
                    super::style::num(x[0], 3),
                    super::style::num(y[0], 3)
                ),
            };
            LabelledPoint::new(label, (x[0], y[0]))
        })
        .collect();
    PhaseChart {
        title: title.to_string(),
        row_player: game.player(Player::Row).name.clone(),
        col_player: game.player(Player::Col).name.clone(),
        row_actions: game.player(Player::Row).action_names(),
        col_actions: game.player(Player::Col).action_names(),
        field: portrait.field.clone(),
        trajectories: portrait
            .trajectories
            .iter()
            .map(|t| PhaseTrajectory {
                label: format!("replicator from ({}, {})", t.start.0, t.start.1),
                points: t.points.clone(),
            })
            .collect(),
        rest_points,
    }
}

/// The mixed strategies over time of the trajectory of dynamics `method`. Fictitious play
/// starts from uniform beliefs at round 0, then follows the empirical frequencies of
/// play; for the logit path the horizontal axis is log10(1 + λ), since λ runs over many
/// orders of magnitude.
pub fn trajectory_chart(
    s: &Scenario,
    method: DynamicsMethod,
    trajectory: &[TrajectoryPoint],
) -> TrajectoryChart {
    let g = &s.game;
    let (what, time_label, at): (&str, &str, fn(f64) -> f64) = match method {
        DynamicsMethod::Fictitious => (
            "fictitious play",
            "round of fictitious play (round 0: uniform beliefs; then empirical frequencies of play)",
            |t| t,
        ),
        DynamicsMethod::Replicator => ("replicator dynamics", "time", |t| t),
        DynamicsMethod::Logit => (
            "logit quantal-response path",
            "log10(1 + λ), λ = precision of the logit responses",
            |t| (1.0 + t.max(0.0)).log10(),
        ),
        DynamicsMethod::BestResponse => ("best-response dynamics", "step", |t| t),
    };
    let (m, n) = g.shape();
    let start = TrajectoryPoint {
        at: 0.0,
        row: vec![1.0 / m as f64; m],
        col: vec![1.0 / n as f64; n],
    };
    let points: Vec<&TrajectoryPoint> = if method == DynamicsMethod::Fictitious {
        std::iter::once(&start)
            .chain(trajectory.iter().filter(|p| p.at > 0.0))
            .collect()
    } else {
        trajectory.iter().collect()
    };
    let mut times: Vec<f64> = points.iter().map(|p| at(p.at)).collect();
    // Keep the times non-decreasing for the chart even where rounding ties them.
    for k in 1..times.len() {
        if times[k] < times[k - 1] {
            times[k] = times[k - 1];
        }
    }
    TrajectoryChart {
        title: format!("{} — {what}", s.title),
        row_player: g.player(Player::Row).name.clone(),
        col_player: g.player(Player::Col).name.clone(),
        row_actions: g.player(Player::Row).action_names(),
        col_actions: g.player(Player::Col).action_names(),
        time_label: time_label.into(),
        times,
        row: points.iter().map(|p| p.row.clone()).collect(),
        col: points.iter().map(|p| p.col.clone()).collect(),
    }
}

/// The sweep chart of `grid` over `s`, written as `sweep_<parameter>`.
pub fn sweep_chart(s: &Scenario, grid: &SweepRequest, points: &[SweepPoint]) -> NamedChart {
    let what = match &grid.parameter {
        SweepParameter::Discount => "the discount factor δ".to_string(),
        SweepParameter::Noise => "the noise".to_string(),
        SweepParameter::Payoff(n) => n.clone(),
        SweepParameter::Monitoring(r) => format!("the {} rate", r.key().replace('_', " ")),
    };
    let g = &s.game;
    let chart = sweep_points_chart(
        &format!("{} — sweep of {what}", s.title),
        &g.player(Player::Row).name,
        &g.player(Player::Col).name,
        points,
    );
    // Parameter names are identifiers (letters, digits, `_`), safe in a file name.
    NamedChart::new(
        format!("sweep_{}", grid.parameter.name()),
        AnyChart::Sweep(chart),
    )
}

/// Most strategy pairs drawn in the pairs panel.
pub const MAX_PAIRS: usize = 4;

/// The sweep chart of `points` (in grid order) of a game between `row` and `col`: stage
/// equilibria, the truce's critical δ against the δ in use, the SPE payoff range as bands,
/// and the values of the first [`MAX_PAIRS`] strategy pairs.
pub fn sweep_points_chart(title: &str, row: &str, col: &str, points: &[SweepPoint]) -> SweepChart {
    let name = points.first().map_or("parameter", |p| p.parameter.as_str());
    let x_label = match name {
        "delta" => "common discount factor δ".to_string(),
        "noise" => "noise (probability that an intended move is replaced)".to_string(),
        "false_alarm" => {
            "false-alarm rate (the alarm's probability while both keep the truce)".to_string()
        }
        "detection" => "detection rate (the alarm's probability after a departure)".to_string(),
        other => format!("parameter {other}"),
    };
    if points.first().is_some_and(|p| p.monitoring.is_some()) {
        let mut panels = monitored_truce_panels(row, col, points);
        panels.extend(public_pairs_panel(row, col, points));
        return SweepChart {
            title: title.to_string(),
            x_label,
            panels,
        };
    }
    let mut panels = Vec::new();
    // Stage equilibria.
    let mut series = Vec::new();
    for (who, tint, pick) in [(row, Tint::Row, 0usize), (col, Tint::Col, 1usize)] {
        for pure in [true, false] {
            let pts: Vec<(f64, f64)> = points
                .iter()
                .flat_map(|p| {
                    p.equilibria
                        .iter()
                        .filter(move |e| e.pure.is_some() == pure)
                        .map(move |e| (p.value, if pick == 0 { e.payoffs.0 } else { e.payoffs.1 }))
                })
                .collect();
            if !pts.is_empty() {
                series.push(Series {
                    label: format!(
                        "payoff of {who}, {} equilibrium",
                        if pure { "pure" } else { "mixed" }
                    ),
                    tint,
                    style: Style::Markers { open: !pure },
                    points: pts,
                });
            }
        }
    }
    if !series.is_empty() {
        panels.push(Panel {
            heading: "Stage equilibria".into(),
            y_label: "payoff".into(),
            y_range: None,
            series,
        });
    }
    // The truce's critical discount factors.
    if let Some(t) = points.iter().find_map(|p| p.truce.as_ref()) {
        let line = |f: &dyn Fn(&SweepPoint) -> Option<f64>| -> Vec<(f64, f64)> {
            points
                .iter()
                .map(|p| (p.value, f(p).unwrap_or(f64::NAN)))
                .collect()
        };
        let mut series = vec![
            Series {
                label: "critical δ, Nash reversion (grim trigger)".into(),
                tint: Tint::Series(0),
                style: Style::Line { dashed: false },
                points: line(&|p| p.truce.as_ref().and_then(|t| t.critical_nash_reversion)),
            },
            Series {
                label: "critical δ, harshest credible punishment".into(),
                tint: Tint::Series(2),
                style: Style::Line { dashed: true },
                points: line(&|p| p.truce.as_ref().and_then(|t| t.critical_harshest)),
            },
        ];
        if points.iter().any(|p| p.delta.is_some()) {
            series.push(Series {
                label: "δ in use (the truce holds where it is above a line)".into(),
                tint: Tint::Grey,
                style: Style::Line { dashed: false },
                points: line(&|p| p.delta),
            });
        }
        panels.push(Panel {
            heading: format!("Truce ({}, {})", t.profile.0, t.profile.1),
            y_label: "discount factor".into(),
            y_range: Some((-0.02, 1.02)),
            series,
        });
    }
    // The subgame-perfect payoff set.
    if points
        .iter()
        .any(|p| p.spe.as_ref().is_some_and(|s| s.exists))
    {
        let band = |pick: usize| -> (Vec<(f64, f64)>, Vec<f64>) {
            points
                .iter()
                .map(|p| {
                    let r = p
                        .spe
                        .as_ref()
                        .and_then(|s| if pick == 0 { s.row_range } else { s.col_range });
                    let (lo, hi) = r.unwrap_or((f64::NAN, f64::NAN));
                    ((p.value, lo), hi)
                })
                .unzip()
        };
        let mut series = Vec::new();
        for (who, tint, pick) in [(row, Tint::Row, 0), (col, Tint::Col, 1)] {
            let (pts, upper) = band(pick);
            series.push(Series {
                label: format!("{who}: lowest to highest SPE payoff"),
                tint,
                style: Style::Band { upper },
                points: pts,
            });
        }
        panels.push(Panel {
            heading: "Subgame-perfect payoff set".into(),
            y_label: "payoff per round".into(),
            y_range: None,
            series,
        });
    }
    // Declared strategy pairs.
    let pairs: Vec<(String, String)> = points
        .first()
        .map(|p| {
            p.pairs
                .iter()
                .take(MAX_PAIRS)
                .map(|q| (q.row.clone(), q.col.clone()))
                .collect()
        })
        .unwrap_or_default();
    if !pairs.is_empty() {
        let noisy = points.iter().any(|p| p.noise > 0.0);
        let mut series = Vec::new();
        for (k, (r, c)) in pairs.iter().enumerate() {
            for (who, dashed) in [(row, false), (col, true)] {
                series.push(Series {
                    label: format!("{r} vs {c}: {who}"),
                    tint: Tint::Series(k),
                    style: Style::Line { dashed },
                    points: points
                        .iter()
                        .map(|p| {
                            let v = p
                                .pairs
                                .iter()
                                .find(|q| &q.row == r && &q.col == c)
                                .map(|q| q.noisy_values.unwrap_or(q.values));
                            let y = v.map_or(f64::NAN, |v| if dashed { v.1 } else { v.0 });
                            (p.value, y)
                        })
                        .collect(),
                });
            }
        }
        let total = points.first().map_or(0, |p| p.pairs.len());
        if total > pairs.len() {
            // A note line (no series drawn): the rest are in the JSON and CSV output.
            series.push(Series {
                label: format!(
                    "… and {} more pairs (in the JSON and CSV output)",
                    total - pairs.len()
                ),
                tint: Tint::Grey,
                style: Style::Markers { open: false },
                points: Vec::new(),
            });
        }
        panels.push(Panel {
            heading: if noisy {
                "Strategy pairs, with noise".into()
            } else {
                "Strategy pairs".into()
            },
            y_label: "discounted payoff".into(),
            y_range: None,
            series,
        });
    }
    SweepChart {
        title: title.to_string(),
        x_label,
        panels,
    }
}

/// Under imperfect public monitoring: what the truce is worth with its best Green–Porter
/// trigger, and from which δ some trigger sustains it, along the sweep.
fn monitored_truce_panels(row: &str, col: &str, points: &[SweepPoint]) -> Vec<Panel> {
    let truce = |p: &SweepPoint| p.monitoring.as_ref().and_then(|m| m.truce.clone());
    if !points.iter().any(|p| truce(p).is_some()) {
        return Vec::new();
    }
    let line = |f: &dyn Fn(&crate::sweep::PointMonitoredTruce) -> Option<f64>| {
        points
            .iter()
            .map(|p| (p.value, truce(p).as_ref().and_then(f).unwrap_or(f64::NAN)))
            .collect::<Vec<_>>()
    };
    let value = Panel {
        heading: "Truce under monitoring, best trigger".into(),
        y_label: "discounted payoff".into(),
        y_range: None,
        series: vec![
            Series {
                label: format!("{row} (gap: no trigger sustains the truce)"),
                tint: Tint::Row,
                style: Style::Line { dashed: false },
                points: line(&|t| t.values.map(|v| v.0)),
            },
            Series {
                label: col.to_string(),
                tint: Tint::Col,
                style: Style::Line { dashed: true },
                points: line(&|t| t.values.map(|v| v.1)),
            },
        ],
    };
    let mut series = vec![
        Series {
            label: "critical δ, public signals (the most patient trigger)".into(),
            tint: Tint::Series(0),
            style: Style::Line { dashed: false },
            points: line(&|t| t.critical_delta),
        },
        Series {
            label: "critical δ, moves seen (Nash reversion)".into(),
            tint: Tint::Series(2),
            style: Style::Line { dashed: true },
            points: points
                .iter()
                .map(|p| {
                    let c = p.truce.as_ref().and_then(|t| t.critical_nash_reversion);
                    (p.value, c.unwrap_or(f64::NAN))
                })
                .collect(),
        },
    ];
    if points.iter().any(|p| p.delta.is_some()) {
        series.push(Series {
            label: "δ in use (the truce holds where it is above the line)".into(),
            tint: Tint::Grey,
            style: Style::Line { dashed: false },
            points: points
                .iter()
                .map(|p| (p.value, p.delta.unwrap_or(f64::NAN)))
                .collect(),
        });
    }
    let delta = Panel {
        heading: "Truce under monitoring, critical δ".into(),
        y_label: "discount factor".into(),
        y_range: Some((-0.02, 1.02)),
        series,
    };
    vec![value, delta]
}

/// Under imperfect public monitoring: the exact values of the first [`MAX_PAIRS`] public
/// strategy pairs along the sweep, with a marker where the pair is a perfect public
/// equilibrium.
fn public_pairs_panel(row: &str, _col: &str, points: &[SweepPoint]) -> Option<Panel> {
    let first = points.first()?.monitoring.as_ref()?;
    let pairs: Vec<(String, String)> = first
        .pairs
        .iter()
        .take(MAX_PAIRS)
        .map(|q| (q.row.clone(), q.col.clone()))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    fn value<'a>(p: &'a SweepPoint, r: &str, c: &str) -> Option<&'a crate::sweep::PointPublicPair> {
        p.monitoring
            .as_ref()
            .and_then(|m| m.pairs.iter().find(|q| q.row == r && q.col == c))
    }
    let mut series = Vec::new();
    for (k, (r, c)) in pairs.iter().enumerate() {
        series.push(Series {
            label: format!("{r} vs {c}: {row}"),
            tint: Tint::Series(k),
            style: Style::Line { dashed: false },
            points: points
                .iter()
                .map(|p| (p.value, value(p, r, c).map_or(f64::NAN, |q| q.values.0)))
                .collect(),
        });
        let ppe: Vec<(f64, f64)> = points
            .iter()
            .filter_map(|p| {
                value(p, r, c)
                    .filter(|q| q.ppe)
                    .map(|q| (p.value, q.values.0))
            })
            .collect();
        if !ppe.is_empty() {
            series.push(Series {
                label: format!("{r} vs {c}: a PPE here"),
                tint: Tint::Series(k),
                style: Style::Markers { open: false },
                points: ppe,
            });
        }
    }
    Some(Panel {
        heading: format!("Public strategy pairs, value for {row}"),
        y_label: "discounted payoff".into(),
        y_range: None,
        series,
    })
}

/// One line per distinct survival curve (the first [`MAX_PAIRS`]), labelled with the
/// pairs that share it, each starting at 1 in round 0.
fn survival_series(groups: &[(&Vec<f64>, Vec<String>)]) -> Vec<Series> {
    groups
        .iter()
        .take(MAX_PAIRS)
        .enumerate()
        .map(|(k, (v, names))| Series {
            label: match names.len() {
                1 | 2 => names.join("; "),
                n => format!("{n} pairs: {}, …", names[0]),
            },
            tint: Tint::Series(k),
            style: Style::Line { dashed: false },
            points: std::iter::once((0.0, 1.0))
                .chain(v.iter().enumerate().map(|(t, &x)| ((t + 1) as f64, x)))
                .collect(),
        })
        .collect()
}

/// The survival curves of the public strategy pairs: the exact probability that no
/// punishment has started after t rounds (false alarms alone start them).
fn public_survival_chart(
    s: &Scenario,
    m: Option<&crate::monitoring::analysis::MonitoringAnalysis>,
) -> Option<SweepChart> {
    let m = m?;
    let mut groups: Vec<(&Vec<f64>, Vec<String>)> = Vec::new();
    for p in &m.pairs {
        let label = format!(
            "{} vs {}{}",
            p.row,
            p.col,
            if p.check.ppe { " (PPE)" } else { "" }
        );
        match groups.iter_mut().find(|(w, _)| *w == &p.survival) {
            Some(g) => g.1.push(label),
            None => groups.push((&p.survival, vec![label])),
        }
    }
    if groups.is_empty() {
        return None;
    }
    let series = survival_series(&groups);
    Some(SweepChart {
        title: format!(
            "{} — survival of the truce under disputed evidence",
            s.title
        ),
        x_label: "round".into(),
        panels: vec![Panel {
            heading: "No punishment started yet (exact)".into(),
            y_label: "probability".into(),
            y_range: Some((0.0, 1.0)),
            series,
        }],
    })
}

/// The equilibrium path the charts draw: the verified one to the corner that does best
/// for the two sides together (the truce, where it is sustainable) — the path that
/// shows how cooperation is kept.
fn shown_path(r: &RepeatedAnalysis) -> Option<&EquilibriumPath> {
    r.paths
        .iter()
        .filter(|p| p.verified)
        .max_by(|a, b| (a.target.0 + a.target.1).total_cmp(&(b.target.0 + b.target.1)))
}

/// One round of a path to chart: the profile, its payoffs, and whether it is the
/// deviation.
type ChartedRound = ((usize, usize), (f64, f64), bool);

/// Path-chart rounds, with discounted cumulative payoffs; a marked round marks the
/// deviator's move.
fn path_rounds(
    seq: &[ChartedRound],
    d: crate::repeated::settings::Discount,
    deviator: usize,
    name: &dyn Fn(Player, usize) -> String,
) -> Vec<PathRound> {
    let mut cum = (0.0, 0.0);
    let mut pow = (1.0, 1.0);
    seq.iter()
        .map(|&(profile, payoffs, marked)| {
            cum.0 += (1.0 - d.row()) * pow.0 * payoffs.0;
            cum.1 += (1.0 - d.col()) * pow.1 * payoffs.1;
            pow = (pow.0 * d.row(), pow.1 * d.col());
            PathRound {
                row: name(Player::Row, profile.0),
                col: name(Player::Col, profile.1),
                row_noise: marked && deviator == 0,
                col_noise: marked && deviator == 1,
                payoffs,
                cumulative: cum,
            }
        })
        .collect()
}

/// The survival curves of the declared pairs under noise: the exact probability of
/// still being on the noiseless path after t rounds (`None` without noise).
fn survival_chart(s: &Scenario, r: &RepeatedAnalysis) -> Option<SweepChart> {
    let curves: Vec<&crate::repeated::analysis::PairAnalysis> =
        r.pairs.iter().filter(|p| p.survival.is_some()).collect();
    if curves.is_empty() {
        return None;
    }
    // Pairs with the same curve share one line (and one legend entry).
    let mut groups: Vec<(&Vec<f64>, Vec<String>)> = Vec::new();
    for p in &curves {
        let v = p.survival.as_ref()?;
        let label = format!("{} vs {}", p.row, p.col);
        match groups.iter_mut().find(|(w, _)| *w == v) {
            Some(g) => g.1.push(label),
            None => groups.push((v, vec![label])),
        }
    }
    let series = survival_series(&groups);
    Some(SweepChart {
        title: format!(
            "{} — survival of the declared strategies under noise",
            s.title
        ),
        x_label: "round".into(),
        panels: vec![Panel {
            heading: "Still on the noiseless path".into(),
            y_label: "probability".into(),
            y_range: Some((0.0, 1.0)),
            series,
        }],
    })
}

/// How the discount-factor chart names a punishment.
fn punishment_label(t: &Trigger) -> String {
    match t.punishment {
        Punishment::NashReversion => "Nash reversion, deviator-specific".to_string(),
        Punishment::CommonNashReversion => "common Nash reversion (grim trigger)".to_string(),
        Punishment::HarshestSpe => "harshest pure SPE punishment".to_string(),
        Punishment::KRound => match t.rounds {
            Some(k) => format!("{k}-round punishment"),
            None => "k-round punishment".to_string(),
        },
    }
}

/// Every chart of a run, in the order they are written, each with its file stem.
pub fn run_charts(s: &Scenario, a: &RunAnalysis) -> Vec<NamedChart> {
    let g = &s.game;
    let name = |p: Player, k: usize| g.action_name(p, k).to_string();
    let mut charts = Vec::new();
    let heat = stage_chart(g, &a.stage, &format!("{} — stage game", s.title));
    let mut space = payoff_space_chart(g, &a.stage, &format!("{} — payoff space", s.title));
    if let (Some(space), Some(b)) = (space.as_mut(), &a.bargain) {
        space
            .bargaining
            .push(LabelledPoint::new("Nash bargaining", b.nash.point));
        if b.kalai_smorodinsky.agreement {
            space.bargaining.push(LabelledPoint::new(
                "Kalai–Smorodinsky",
                b.kalai_smorodinsky.point,
            ));
        }
    }
    if let (Some(space), Some(r)) = (space.as_mut(), &a.repeated) {
        for set in a.spe_overlay.iter().chain(r.spe.iter()) {
            if set.exists {
                space.spe_sets.push(SpeSet {
                    delta: set.delta,
                    polygon: set.vertices.vertices().to_vec(),
                });
            }
        }
        if let Some(set) = a.monitoring.as_ref().and_then(|m| m.ppe_set.as_ref()) {
            space.ppe_outer = set.outer.vertices().to_vec();
            space.ppe_inner = set.inner.vertices().to_vec();
        }
        if let Some(p) = shown_path(r) {
            space.trail = p.rounds.iter().map(|x| x.continuation).collect();
            space.trail_label = format!(
                "continuation payoffs of the equilibrium path to ({}, {})",
                crate::report::table::num(p.target.0),
                crate::report::table::num(p.target.1)
            );
        }
    }
    if let Some(heat) = heat {
        charts.push(NamedChart::new("stage_game", AnyChart::Stage(heat)));
    }
    if let Some(space) = space {
        charts.push(NamedChart::new(
            "payoff_space",
            AnyChart::PayoffSpace(Box::new(space)),
        ));
    }
    if let Some(r) = &a.repeated {
        let row_actions = g.player(Player::Row).action_names();
        let col_actions = g.player(Player::Col).action_names();
        if let Some(p) = shown_path(r) {
            let d = r.discount;
            let mut cum = (0.0, 0.0);
            let mut pow = (1.0, 1.0);
            let rounds = p
                .rounds
                .iter()
                .map(|x| {
                    cum.0 += (1.0 - d.row()) * pow.0 * x.payoffs.0;
                    cum.1 += (1.0 - d.col()) * pow.1 * x.payoffs.1;
                    pow = (pow.0 * d.row(), pow.1 * d.col());
                    PathRound {
                        row: name(Player::Row, x.profile.0),
                        col: name(Player::Col, x.profile.1),
                        row_noise: false,
                        col_noise: false,
                        payoffs: x.payoffs,
                        cumulative: cum,
                    }
                })
                .collect();
            let chart = PathChart {
                title: format!(
                    "{} — subgame-perfect path to ({}, {})",
                    s.title,
                    crate::report::table::num(p.target.0),
                    crate::report::table::num(p.target.1)
                ),
                row_player: g.player(Player::Row).name.clone(),
                col_player: g.player(Player::Col).name.clone(),
                row_actions: row_actions.clone(),
                col_actions: col_actions.clone(),
                rounds,
                mark_label: DEVIATION_MARK.into(),
                alarms: Vec::new(),
            };
            charts.push(NamedChart::new("equilibrium_path", AnyChart::Path(chart)));
            let k = r.paths.iter().position(|q| std::ptr::eq(q, p));
            for d in k
                .and_then(|k| r.path_deviations.get(k))
                .into_iter()
                .flatten()
            {
                let who = if d.deviator == 0 { "row" } else { "col" };
                let name_of = if d.deviator == 0 {
                    &g.player(Player::Row).name
                } else {
                    &g.player(Player::Col).name
                };
                let mut seq: Vec<ChartedRound> = p
                    .rounds
                    .iter()
                    .take(d.round - 1)
                    .map(|x| (x.profile, x.payoffs, false))
                    .collect();
                seq.push((d.profile, d.payoffs, true));
                seq.extend(
                    d.punishment
                        .rounds
                        .iter()
                        .map(|x| (x.profile, x.payoffs, false)),
                );
                let chart = PathChart {
                    title: format!(
                        "{} — {name_of} deviates in round {} from the path to ({}, {})",
                        s.title,
                        d.round,
                        crate::report::table::num(p.target.0),
                        crate::report::table::num(p.target.1)
                    ),
                    row_player: g.player(Player::Row).name.clone(),
                    col_player: g.player(Player::Col).name.clone(),
                    row_actions: row_actions.clone(),
                    col_actions: col_actions.clone(),
                    rounds: path_rounds(&seq, r.discount, d.deviator, &name),
                    mark_label: DEVIATION_MARK.into(),
                    alarms: Vec::new(),
                };
                charts.push(NamedChart::new(
                    format!("equilibrium_path_{who}_deviates"),
                    AnyChart::Path(chart),
                ));
            }
        }
        if let Some(chart) = survival_chart(s, r) {
            charts.push(NamedChart::new("survival", AnyChart::Sweep(chart)));
        }
        if let Some(chart) = public_survival_chart(s, a.monitoring.as_ref()) {
            charts.push(NamedChart::new(
                "survival_monitoring",
                AnyChart::Sweep(chart),
            ));
        }
        if let Some(sim) = &a.simulation {
            let chart = PathChart {
                title: format!("{} — simulated match: {} vs {}", s.title, sim.row, sim.col),
                row_player: g.player(Player::Row).name.clone(),
                col_player: g.player(Player::Col).name.clone(),
                row_actions,
                col_actions,
                rounds: sim
                    .simulation
                    .rounds
                    .iter()
                    .map(|x| PathRound {
                        row: name(Player::Row, x.played.0),
                        col: name(Player::Col, x.played.1),
                        row_noise: x.noise.0,
                        col_noise: x.noise.1,
                        payoffs: x.payoffs,
                        cumulative: x.discounted,
                    })
                    .collect(),
                mark_label: NOISE_MARK.into(),
                alarms: Vec::new(),
            };
            charts.push(NamedChart::new("simulated_match", AnyChart::Path(chart)));
        }
        if let Some(mm) = &a.monitored_match {
            let seq: Vec<ChartedRound> = mm
                .played
                .rounds
                .iter()
                .map(|x| (x.profile, x.payoffs, false))
                .collect();
            let rounds = path_rounds(&seq, r.discount, 0, &name);
            let chart = PathChart {
                title: format!(
                    "{} — simulated match on public signals: {} vs {}",
                    s.title, mm.row, mm.col
                ),
                row_player: g.player(Player::Row).name.clone(),
                col_player: g.player(Player::Col).name.clone(),
                row_actions: g.player(Player::Row).action_names(),
                col_actions: g.player(Player::Col).action_names(),
                rounds,
                mark_label: NOISE_MARK.into(),
                alarms: mm.played.rounds.iter().map(|x| x.alarm).collect(),
            };
            charts.push(NamedChart::new("monitored_match", AnyChart::Path(chart)));
        }
        let mut targets: Vec<(usize, usize)> = Vec::new();
        if let Some(t) = &r.truce {
            targets.push(t.profile);
        }
        let pareto = a.stage.summary.as_ref().map(|x| x.pareto.as_slice());
        for o in pareto.unwrap_or_default() {
            if targets.len() < MAX_DISCOUNT_TARGETS && !targets.contains(&(o.row, o.col)) {
                targets.push((o.row, o.col));
            }
        }
        let chart = DiscountChart {
            title: format!("{} — critical discount factors", s.title),
            targets: targets
                .iter()
                .map(|&(i, j)| DiscountTarget {
                    target: format!("({}, {})", name(Player::Row, i), name(Player::Col, j)),
                    thresholds: r
                        .triggers
                        .iter()
                        .filter(|t| {
                            t.profile == (i, j)
                                && t.rounds.is_none_or(|k| k <= MAX_CHART_PUNISHMENT_ROUNDS)
                        })
                        .map(|t| CriticalDelta {
                            punishment: punishment_label(t),
                            delta: t.critical_delta,
                        })
                        .collect(),
                })
                .filter(|t| !t.thresholds.is_empty())
                .collect(),
            marks: match r.discount.as_common() {
                Some(d) => vec![("scenario δ".into(), d)],
                None => vec![
                    (
                        format!("{} δ", g.player(Player::Row).name),
                        r.discount.row(),
                    ),
                    (
                        format!("{} δ", g.player(Player::Col).name),
                        r.discount.col(),
                    ),
                ],
            },
        };
        if !chart.targets.is_empty() {
            charts.push(NamedChart::new(
                "discount_factors",
                AnyChart::Discount(chart),
            ));
        }
    }
    let chart = trajectory_chart(
        s,
        DynamicsMethod::Fictitious,
        &a.learning.outcome.trajectory,
    );
    charts.push(NamedChart::new("learning", AnyChart::Trajectory(chart)));
    if let Some(portrait) = &a.phase_portrait {
        let chart = phase_portrait_chart(
            g,
            portrait,
            &a.stage.equilibria,
            &format!("{} — replicator dynamics", s.title),
        );
        charts.push(NamedChart::new("phase_portrait", AnyChart::Phase(chart)));
    }
    if let Some(t) = &a.tournament {
        let chart = RankingChart {
            title: format!("{} — tournament ranking", s.title),
            score_label: "mean payoff per round (median over repetitions)".into(),
            entries: t
                .ranking
                .iter()
                .map(|r| RankingEntry {
                    name: r.strategy.clone(),
                    group: r
                        .player
                        .map_or("either player".to_string(), |p| g.player(p).name.clone()),
                    score: r.median_payoff,
                })
                .collect(),
        };
        charts.push(NamedChart::new(
            "tournament_ranking",
            AnyChart::Ranking(chart),
        ));
        if let Some(path) = &a.evolution {
            let chart = PopulationChart {
                title: format!("{} — evolution of the strategies' shares", s.title),
                x_label: "generation of discrete replicator dynamics".into(),
                generations: path.generations.iter().map(|&g| g as f64).collect(),
                populations: vec![PopulationPanel {
                    label: "population (both roles)".into(),
                    strategies: t.entrants.clone(),
                    shares: path.shares.clone(),
                }],
            };
            charts.push(NamedChart::new("population", AnyChart::Population(chart)));
        }
    }
    for sweep in &a.sweeps {
        charts.push(sweep_chart(s, &sweep.request, &sweep.points));
    }
    charts
}
