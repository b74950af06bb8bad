//! Learning and evolutionary dynamics of the stage game: how repeated play by adaptive
//! players moves, and where it ends.
//!
//! - [`fictitious_play`]: discrete fictitious play with empirical frequencies (Brown 1951;
//!   Robinson 1951), converged only when the frequencies have stopped moving, with the
//!   payoffs actually obtained and any cycle of play;
//! - [`replicator`]: two-population replicator dynamics, integrated with an adaptive
//!   Dormand–Prince 5(4) method that keeps the state on the simplices;
//! - [`replicator_starts`]: the replicator from the uniform start and seeded starts drawn
//!   by action name ([`starts`]), each end point classified by [`stability`];
//! - [`best_response`]: alternating pure best-response dynamics from every pure profile;
//! - [`logit`]: the logit quantal-response-equilibrium path from λ = 0 to large λ
//!   (McKelvey & Palfrey 1995; Turocy 2005), which selects a Nash equilibrium.
//!
//! Every method returns an [`Outcome`]: why it stopped ([`StopReason`]), how many
//! iterations it ran, where it ended, the regret of the end point (0 at a Nash
//! equilibrium) and a thinned trajectory. Iterative methods take explicit caps; nothing
//! here is random (seeded starts are hashes of action names), reads files or prints.

pub mod best_response;
pub mod fictitious_play;
pub mod logit;
pub mod phase_portrait;
pub mod replicator;
pub mod replicator_starts;
pub mod stability;
pub mod starts;

use serde::Serialize;

use crate::game::{Game, MixedStrategy};

/// Why a dynamic stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The convergence criterion of the method was met.
    Converged,
    /// The state returned to one visited before: play cycles.
    CycleDetected,
    /// The iteration cap (rounds, steps, or the replicator's time limit) was reached first.
    IterationCap,
    /// A path-following or integration step fell below its smallest allowed size.
    StepSizeFloor,
    /// The number of rounds asked for was played, without a stopping rule.
    RoundsPlayed,
}

impl StopReason {
    /// A short phrase for reports.
    pub fn describe(self) -> &'static str {
        match self {
            StopReason::Converged => "converged",
            StopReason::CycleDetected => "cycle detected",
            StopReason::IterationCap => "iteration cap reached",
            StopReason::StepSizeFloor => "step size fell below its floor",
            StopReason::RoundsPlayed => "played the rounds asked for",
        }
    }
}

/// One recorded state of a trajectory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrajectoryPoint {
    /// Round, time or λ, depending on the method.
    pub at: f64,
    /// Row player's mixed strategy (or empirical frequencies).
    pub row: Vec<f64>,
    /// Column player's mixed strategy (or empirical frequencies).
    pub col: Vec<f64>,
}

/// What every dynamic reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Why it stopped.
    pub stop: StopReason,
    /// Iterations (rounds, accepted integration steps or path steps) run.
    pub iterations: usize,
    /// The row player's end point.
    pub end_row: MixedStrategy,
    /// The column player's end point.
    pub end_col: MixedStrategy,
    /// Expected payoffs at the end point.
    pub payoffs: (f64, f64),
    /// The most either player gains by a pure deviation from the end point.
    pub regret: f64,
    /// A thinned record of the trajectory (at most about [`TRAJECTORY_POINTS`] points; the
    /// first and the last state are always kept).
    pub trajectory: Vec<TrajectoryPoint>,
}

/// The result of one of the four dynamics.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DynamicsResult {
    /// Fictitious play.
    Fictitious(fictitious_play::FictitiousPlay),
    /// Replicator dynamics from several starts.
    Replicator(replicator_starts::ReplicatorStarts),
    /// Best-response dynamics.
    BestResponse(best_response::BestResponseDynamics),
    /// The logit QRE path.
    Logit(logit::LogitPath),
}

impl DynamicsResult {
    /// What every method reports.
    pub fn outcome(&self) -> &Outcome {
        match self {
            DynamicsResult::Fictitious(r) => &r.outcome,
            DynamicsResult::Replicator(r) => &r.uniform.outcome,
            DynamicsResult::BestResponse(r) => &r.outcome,
            DynamicsResult::Logit(r) => &r.outcome,
        }
    }

    /// The method's name as on the command line.
    pub fn method(&self) -> DynamicsMethod {
        match self {
            DynamicsResult::Fictitious(_) => DynamicsMethod::Fictitious,
            DynamicsResult::Replicator(_) => DynamicsMethod::Replicator,
            DynamicsResult::BestResponse(_) => DynamicsMethod::BestResponse,
            DynamicsResult::Logit(_) => DynamicsMethod::Logit,
        }
    }
}

/// The learning dynamics truce runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DynamicsMethod {
    /// Fictitious play.
    Fictitious,
    /// Two-population replicator dynamics.
    Replicator,
    /// Alternating pure best responses.
    BestResponse,
    /// The logit quantal-response path.
    Logit,
}

impl DynamicsMethod {
    /// Every method, in the order front ends list them.
    pub const ALL: [DynamicsMethod; 4] = [
        DynamicsMethod::Fictitious,
        DynamicsMethod::Replicator,
        DynamicsMethod::BestResponse,
        DynamicsMethod::Logit,
    ];

    /// The method's name as printed and typed (`fictitious`, `best-response`, …).
    pub fn name(self) -> &'static str {
        match self {
            DynamicsMethod::Fictitious => "fictitious",
            DynamicsMethod::Replicator => "replicator",
            DynamicsMethod::BestResponse => "best-response",
            DynamicsMethod::Logit => "logit",
        }
    }

    /// The file stem of its trajectory chart (`dynamics_best_response`, …).
    pub fn chart_stem(self) -> String {
        format!("dynamics_{}", self.name().replace('-', "_"))
    }
}

/// How many trajectory points are kept (about; thinning halves the record when full).
pub const TRAJECTORY_POINTS: usize = 200;

/// Keeps a bounded, evenly thinned record of a trajectory: every `stride`-th state, the
/// stride doubling whenever the record is full.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    points: Vec<TrajectoryPoint>,
    stride: usize,
    seen: usize,
}

impl Recorder {
    /// An empty record.
    pub fn new() -> Self {
        Recorder {
            points: Vec::new(),
            stride: 1,
            seen: 0,
        }
    }

    /// Offers a state; it is kept when it falls on the current stride.
    pub fn offer(&mut self, at: f64, row: &[f64], col: &[f64]) {
        if self.seen.is_multiple_of(self.stride) {
            self.points.push(TrajectoryPoint {
                at,
                row: row.to_vec(),
                col: col.to_vec(),
            });
            if self.points.len() >= 2 * TRAJECTORY_POINTS {
                let mut k = 0;
                self.points.retain(|_| {
                    k += 1;
                    k % 2 == 1
                });
                self.stride *= 2;
            }
        }
        self.seen += 1;
    }

    /// The record, with the final state appended unless it is already the last one.
    pub fn finish(mut self, at: f64, row: &[f64], col: &[f64]) -> Vec<TrajectoryPoint> {
        if self.points.last().is_none_or(|p| p.at != at) {
            self.points.push(TrajectoryPoint {
                at,
                row: row.to_vec(),
                col: col.to_vec(),
            });
        }
        self.points
    }
}

/// Builds an [`Outcome`] from raw end probabilities (renormalised onto the simplex).
pub fn outcome(
    game: &Game,
    stop: StopReason,
    iterations: usize,
    row: &[f64],
    col: &[f64],
    trajectory: Vec<TrajectoryPoint>,
) -> Outcome {
    let x = to_strategy(row);
    let y = to_strategy(col);
    Outcome {
        stop,
        iterations,
        payoffs: game.expected_payoffs(&x, &y),
        regret: game.regret(&x, &y),
        end_row: x,
        end_col: y,
        trajectory,
    }
}

/// Clips a probability vector to be non-negative and renormalises it (uniform when it
/// carries no mass).
pub fn to_strategy(p: &[f64]) -> MixedStrategy {
    let clipped: Vec<f64> = p
        .iter()
        .map(|v| if v.is_finite() { v.max(0.0) } else { 0.0 })
        .collect();
    let s: f64 = clipped.iter().sum();
    if s > 0.0 && s.is_finite() {
        MixedStrategy::new(clipped.iter().map(|v| v / s).collect())
            .unwrap_or_else(|_| MixedStrategy::uniform(p.len().max(1)))
    } else {
        MixedStrategy::uniform(p.len().max(1))
    }
}

/// Index of the largest entry (the first among ties within `tol`).
pub(crate) fn first_argmax(v: &[f64], tol: f64) -> usize {
    let best = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    v.iter().position(|&x| x >= best - tol).unwrap_or(0)
}

/// Payoff cells one replicator step reads: the adaptive Runge–Kutta step evaluates the
/// field six times, each `A y` and `Bᵀ x`.
pub const REPLICATOR_CELLS_PER_STEP: f64 = 12.0;

/// The estimated work of one dynamic on `game` with `iterations` as its cap (rounds,
/// integration steps, revisions or path steps), from the cap: an upper estimate, since
/// the dynamics stop early when they converge. Fictitious play reads `2(m + n)` cells a
/// round; the replicator [`REPLICATOR_CELLS_PER_STEP`] × `mn` a step from each of its
/// `starts`; best-response dynamics `m + n` a revision, over the main run and one run
/// from each of the `2mn` pure profiles' states (each followed once); the logit path
/// [`logit::estimate`].
pub fn estimate(
    game: &Game,
    method: DynamicsMethod,
    iterations: usize,
    starts: usize,
) -> crate::budget::Estimate {
    use crate::budget::{Estimate, rates};
    let (m, n) = game.shape();
    let (mf, nf, it) = (m as f64, n as f64, iterations as f64);
    let (units, cheaper) = match method {
        DynamicsMethod::Fictitious => (it * 2.0 * (mf + nf), "lower --iterations or --rounds"),
        DynamicsMethod::Replicator => (
            starts.max(1) as f64 * it * REPLICATOR_CELLS_PER_STEP * mf * nf,
            "lower --iterations",
        ),
        DynamicsMethod::BestResponse => ((it + 2.0 * mf * nf) * (mf + nf), "lower --iterations"),
        DynamicsMethod::Logit => {
            let cfg = logit::LogitConfig {
                iterations,
                ..logit::LogitConfig::for_game(game)
            };
            return logit::estimate(game, &cfg);
        }
    };
    Estimate::new(
        format!(
            "{} ({iterations} steps at most, {m}x{n} game)",
            method.name()
        ),
        units,
        rates::DYNAMICS_CELL,
        cheaper,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorder_thins_but_keeps_ends() {
        let mut r = Recorder::new();
        for k in 0..10_000 {
            r.offer(k as f64, &[1.0], &[1.0]);
        }
        let pts = r.finish(10_000.0, &[1.0], &[1.0]);
        assert!(pts.len() <= 2 * TRAJECTORY_POINTS + 1);
        assert!(pts.len() >= TRAJECTORY_POINTS / 2);
        assert_eq!(pts[0].at, 0.0);
        assert_eq!(pts.last().map(|p| p.at), Some(10_000.0));
        assert!(pts.windows(2).all(|w| w[0].at < w[1].at));
    }

    #[test]
    fn to_strategy_repairs_rounding() {
        let s = to_strategy(&[0.5, 0.5 + 1e-13, -1e-15]);
        assert_eq!(s.probs()[2], 0.0);
        assert!((s.probs().iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert_eq!(to_strategy(&[0.0, 0.0]).probs(), &[0.5, 0.5]);
    }
}
