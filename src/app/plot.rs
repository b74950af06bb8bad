//! `truce plot`: load a scenario, build its charts with [`crate::plot`], write them into
//! the output folder (default `plots/<file stem>/`) and list the files written.

use std::path::{Path, PathBuf};

use crate::cli::ImageArg;
use crate::error::AppError;
use crate::plot::{self, Chart, ImageKind, PlotError, Size};
use crate::scenario::{self, Scenario};

/// The default output folder of a scenario file: `plots/<file stem>/`.
pub fn default_out(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    Path::new("plots").join(stem)
}

/// A chart error as an application error (an unwritable folder is a write failure).
pub fn plot_error(e: PlotError) -> AppError {
    match e {
        PlotError::Write { path, message } => AppError::Write { path, message },
        other => AppError::Failed(other.to_string()),
    }
}

/// Writes every chart that applies to the scenario at `file`; returns the listing.
pub fn plot(file: &Path, out: Option<&Path>, image: ImageArg) -> Result<String, AppError> {
    let s = scenario::load_file(file)?;
    let dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_out(file));
    let results = super::run::analyse(&s)?;
    let written = all_charts(&s, &results, &dir, image_kind(image)).map_err(plot_error)?;
    let mut listing = String::new();
    for p in written {
        listing.push_str(&format!("wrote {}\n", p.display()));
    }
    Ok(listing)
}

/// The image kind named on the command line.
pub fn image_kind(image: ImageArg) -> ImageKind {
    match image {
        ImageArg::Png => ImageKind::Png,
        ImageArg::Svg => ImageKind::Svg,
        ImageArg::Both => ImageKind::Both,
    }
}

/// Every chart that applies to the scenario and its analysis, written into `dir`.
pub fn all_charts(
    s: &Scenario,
    results: &super::run::RunResults,
    dir: &Path,
    images: ImageKind,
) -> Result<Vec<PathBuf>, PlotError> {
    let mut heat = plot::from_game::stage_chart(&s.game, &format!("{} — stage game", s.title));
    let mut space =
        plot::from_game::payoff_space_chart(&s.game, &format!("{} — payoff space", s.title))?;
    // Mixed stage equilibria (the pure ones are already drawn from the game itself).
    for e in &results.stage.equilibria {
        if e.row.as_pure().is_some() && e.col.as_pure().is_some() {
            continue;
        }
        heat.mixed_equilibria.push(plot::MixedProfile {
            row: e.row.probs().to_vec(),
            col: e.col.probs().to_vec(),
            payoffs: e.payoffs,
        });
        space
            .mixed_equilibria
            .push(plot::LabelledPoint::new("mixed equilibrium", e.payoffs));
    }
    if let Some(b) = &results.bargain {
        use plot::payoff_space::LabelledPoint;
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
    let g = &s.game;
    let name = |p: crate::game::Player, k: usize| g.action_name(p, k).to_string();
    use crate::game::Player::{Col, Row};
    if let Some(r) = &results.repeated {
        for set in results.spe_overlay.iter().chain(r.spe.iter()) {
            if set.exists {
                space.spe_sets.push(plot::payoff_space::SpeSet {
                    delta: set.delta,
                    polygon: set.vertices.vertices().to_vec(),
                });
            }
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
    let mut written = write(&heat, dir, "stage_game", images)?;
    written.extend(write(&space, dir, "payoff_space", images)?);
    if let Some(r) = &results.repeated {
        let row_actions = g.player(Row).action_names();
        let col_actions = g.player(Col).action_names();
        if let Some(p) = shown_path(r) {
            let d = r.discount;
            let mut cum = (0.0, 0.0);
            let mut pow = (1.0, 1.0);
            let rounds = p
                .rounds
                .iter()
                .map(|x| {
                    cum.0 += (1.0 - d.row) * pow.0 * x.payoffs.0;
                    cum.1 += (1.0 - d.col) * pow.1 * x.payoffs.1;
                    pow = (pow.0 * d.row, pow.1 * d.col);
                    plot::path::PathRound {
                        row: name(Row, x.profile.0),
                        col: name(Col, x.profile.1),
                        row_noise: false,
                        col_noise: false,
                        payoffs: x.payoffs,
                        cumulative: cum,
                    }
                })
                .collect();
            let chart = plot::path::PathChart {
                title: format!(
                    "{} — subgame-perfect path to ({}, {})",
                    s.title,
                    crate::report::table::num(p.target.0),
                    crate::report::table::num(p.target.1)
                ),
                row_player: g.player(Row).name.clone(),
                col_player: g.player(Col).name.clone(),
                row_actions: row_actions.clone(),
                col_actions: col_actions.clone(),
                rounds,
            };
            written.extend(write(&chart, dir, "equilibrium_path", images)?);
        }
        if let Some((rn, cn, sim)) = &results.simulation {
            let chart = plot::path::PathChart {
                title: format!("{} — simulated match: {rn} vs {cn}", s.title),
                row_player: g.player(Row).name.clone(),
                col_player: g.player(Col).name.clone(),
                row_actions,
                col_actions,
                rounds: sim
                    .rounds
                    .iter()
                    .map(|x| plot::path::PathRound {
                        row: name(Row, x.played.0),
                        col: name(Col, x.played.1),
                        row_noise: x.noise.0,
                        col_noise: x.noise.1,
                        payoffs: x.payoffs,
                        cumulative: x.discounted,
                    })
                    .collect(),
            };
            written.extend(write(&chart, dir, "simulated_match", images)?);
        }
        let pareto = crate::stage::pareto::pareto_optimal(g);
        let mut targets: Vec<(usize, usize)> = Vec::new();
        if let Some(t) = &r.truce {
            targets.push(t.profile);
        }
        for o in &pareto {
            if targets.len() < 5 && !targets.contains(&(o.row, o.col)) {
                targets.push((o.row, o.col));
            }
        }
        let label =
            |t: &crate::repeated::critical_delta::CriticalDelta| match (t.punishment, t.rounds) {
                ("nash_reversion", _) => "Nash reversion (grim trigger)".to_string(),
                ("harshest" | "harshest_spe", _) => "harshest credible punishment".to_string(),
                (_, Some(k)) => format!("{k}-round punishment"),
                (other, None) => other.replace('_', " "),
            };
        let chart = plot::discount::DiscountChart {
            title: format!("{} — critical discount factors", s.title),
            targets: targets
                .iter()
                .map(|&(i, j)| plot::discount::DiscountTarget {
                    target: format!("({}, {})", name(Row, i), name(Col, j)),
                    thresholds: r
                        .triggers
                        .iter()
                        .filter(|t| t.profile == (i, j) && t.rounds.is_none_or(|k| k <= 3))
                        .map(|t| plot::discount::CriticalDelta {
                            punishment: label(t),
                            delta: t.critical_delta,
                        })
                        .collect(),
                })
                .filter(|t| !t.thresholds.is_empty())
                .collect(),
            marks: match r.discount.as_common() {
                Some(d) => vec![("scenario δ".into(), d)],
                None => vec![
                    (format!("{} δ", g.player(Row).name), r.discount.row),
                    (format!("{} δ", g.player(Col).name), r.discount.col),
                ],
            },
        };
        if !chart.targets.is_empty() {
            written.extend(write(&chart, dir, "discount_factors", images)?);
        }
    }
    let chart = trajectory_chart(s, "fictitious", &results.learning.outcome.trajectory);
    written.extend(write(&chart, dir, "learning", images)?);
    if let Some(phase) =
        plot::from_game::phase_portrait_chart(g, &format!("{} — replicator dynamics", s.title))
    {
        written.extend(write(&phase?, dir, "phase_portrait", images)?);
    }
    if let Some(t) = &results.tournament {
        let chart = plot::tournament::RankingChart {
            title: format!("{} — tournament ranking", s.title),
            score_label: "mean payoff per round (median over repetitions)".into(),
            entries: t
                .ranking
                .iter()
                .map(|r| plot::tournament::RankingEntry {
                    name: r.strategy.clone(),
                    group: r
                        .player
                        .map_or("either player".to_string(), |p| g.player(p).name.clone()),
                    score: r.median_payoff,
                })
                .collect(),
        };
        written.extend(write(&chart, dir, "tournament_ranking", images)?);
        if let Some(path) = &results.evolution {
            let chart = plot::tournament::PopulationChart {
                title: format!("{} — evolution of the strategies' shares", s.title),
                x_label: "generation of discrete replicator dynamics".into(),
                generations: path.generations.iter().map(|&g| g as f64).collect(),
                populations: vec![plot::tournament::PopulationPanel {
                    label: "population (both roles)".into(),
                    strategies: t.entrants.clone(),
                    shares: path.shares.clone(),
                }],
            };
            written.extend(write(&chart, dir, "population", images)?);
        }
    }
    for (grid, points) in &results.sweeps {
        written.extend(sweep_chart(s, grid, points, dir, images)?);
    }
    Ok(written)
}

/// The mixed strategies over time of the trajectory of dynamics `method` (as named by
/// [`crate::dynamics::DynamicsResult::method`]). Fictitious play starts from uniform
/// beliefs at round 0, then follows the empirical frequencies of play; for the logit path
/// the horizontal axis is log10(1 + λ), since λ runs over many orders of magnitude.
pub fn trajectory_chart(
    s: &Scenario,
    method: &str,
    trajectory: &[crate::dynamics::TrajectoryPoint],
) -> plot::dynamics::TrajectoryChart {
    use crate::game::Player::{Col, Row};
    let g = &s.game;
    let (what, time_label, at): (&str, &str, fn(f64) -> f64) = match method {
        "fictitious" => (
            "fictitious play",
            "round of fictitious play (round 0: uniform beliefs; then empirical frequencies of play)",
            |t| t,
        ),
        "replicator" => ("replicator dynamics", "time", |t| t),
        "logit" => (
            "logit quantal-response path",
            "log10(1 + λ), λ = precision of the logit responses",
            |t| (1.0 + t.max(0.0)).log10(),
        ),
        _ => ("best-response dynamics", "step", |t| t),
    };
    let (m, n) = g.shape();
    let start = crate::dynamics::TrajectoryPoint {
        at: 0.0,
        row: vec![1.0 / m as f64; m],
        col: vec![1.0 / n as f64; n],
    };
    let points: Vec<&crate::dynamics::TrajectoryPoint> = if method == "fictitious" {
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
    plot::dynamics::TrajectoryChart {
        title: format!("{} — {what}", s.title),
        row_player: g.player(Row).name.clone(),
        col_player: g.player(Col).name.clone(),
        row_actions: g.player(Row).action_names(),
        col_actions: g.player(Col).action_names(),
        time_label: time_label.into(),
        times,
        row: points.iter().map(|p| p.row.clone()).collect(),
        col: points.iter().map(|p| p.col.clone()).collect(),
    }
}

/// The chart of a sweep of `s`, written as `dir/sweep_<parameter>`.
pub fn sweep_chart(
    s: &Scenario,
    grid: &crate::scenario::SweepRequest,
    points: &[crate::sweep::SweepPoint],
    dir: &Path,
    images: ImageKind,
) -> Result<Vec<PathBuf>, PlotError> {
    use crate::scenario::SweepParameter as P;
    let what = match &grid.parameter {
        P::Discount => "the discount factor δ".to_string(),
        P::Noise => "the noise".to_string(),
        P::Payoff(n) => n.clone(),
    };
    let g = &s.game;
    let chart = plot::sweep::sweep_chart(
        &format!("{} — sweep of {what}", s.title),
        &g.player(crate::game::Player::Row).name,
        &g.player(crate::game::Player::Col).name,
        points,
    );
    // Parameter names are identifiers (letters, digits, `_`), safe in a file name.
    write(
        &chart,
        dir,
        &format!("sweep_{}", grid.parameter.name()),
        images,
    )
}

/// The equilibrium path the charts draw: the verified one to the corner that does best
/// for the two sides together (the truce, where it is sustainable) — the path that
/// shows how cooperation is kept.
fn shown_path(
    r: &crate::repeated::analysis::RepeatedAnalysis,
) -> Option<&crate::repeated::paths::EquilibriumPath> {
    r.paths
        .iter()
        .filter(|p| p.verified)
        .max_by(|a, b| (a.target.0 + a.target.1).total_cmp(&(b.target.0 + b.target.1)))
}

/// The stage charts of a scenario (heatmap and payoff space), written into `dir`.
pub fn stage_charts(
    s: &Scenario,
    dir: &Path,
    images: ImageKind,
) -> Result<Vec<PathBuf>, PlotError> {
    let heat = plot::from_game::stage_chart(&s.game, &format!("{} — stage game", s.title));
    let space =
        plot::from_game::payoff_space_chart(&s.game, &format!("{} — payoff space", s.title))?;
    let mut written = write(&heat, dir, "stage_game", images)?;
    written.extend(write(&space, dir, "payoff_space", images)?);
    Ok(written)
}

/// Writes `c` as `dir/stem.png` and/or `.svg` at the default size.
pub(crate) fn write<C: Chart>(
    c: &C,
    dir: &Path,
    stem: &str,
    images: ImageKind,
) -> Result<Vec<PathBuf>, PlotError> {
    plot::write_chart(c, dir, stem, images, Size::default())
}
