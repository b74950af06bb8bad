//! Discrete fictitious play with empirical frequencies (Brown 1951, "Iterative solution
//! of games by fictitious play"; Robinson 1951, "An iterative method of solving a game";
//! Fudenberg & Levine 1998, *The Theory of Learning in Games*, ch. 2).
//!
//! Each round both players best-respond to the empirical frequencies of the opponent's
//! past actions (simultaneous updating; ties go to the lowest action index; in the first
//! round beliefs are uniform). The state is the pair of empirical frequencies `(x̄_t, ȳ_t)`.
//! Steps per round, in O(m + n) time:
//! 1. keep the cumulative payoff vectors `A·count_col` and `Bᵀ·count_row`; each player's
//!    best response is the arg-max of their vector;
//! 2. add the opponent's played column (row) of the payoff matrix to each vector;
//! 3. stop when the regret of the empirical frequencies is at most the tolerance.
//!
//! Robinson proved that in zero-sum games the empirical frequencies' payoff bounds
//! `min_j (x̄ᵀA)_j ≤ v ≤ max_i (A ȳ)_i` close in on the value `v`; fictitious play also
//! converges in 2×2 games and potential games, and may cycle forever elsewhere (Shapley
//! 1964), in which case the iteration cap stops it.

use serde::Serialize;

use super::{Outcome, Recorder, StopReason, first_argmax, outcome};
use crate::game::Game;
use crate::tolerance::FICTITIOUS_REGRET;

/// Settings of fictitious play.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FictitiousPlayConfig {
    /// Most rounds to play.
    pub iterations: usize,
    /// Stop once the empirical frequencies' regret is at most this (payoff units).
    pub tolerance: f64,
}

impl FictitiousPlayConfig {
    /// Defaults for `game`: 100 000 rounds, tolerance 10⁻³ of the payoff scale.
    pub fn for_game(game: &Game) -> Self {
        FictitiousPlayConfig {
            iterations: 100_000,
            tolerance: FICTITIOUS_REGRET * game.payoff_scale().max(1.0),
        }
    }
}

/// The result of fictitious play.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FictitiousPlay {
    /// End point = empirical frequencies after the last round.
    pub outcome: Outcome,
    /// The pure profile played in the last round.
    pub last_profile: (usize, usize),
}

/// Runs fictitious play on `game`.
///
/// ```
/// use truce::dynamics::fictitious_play::{FictitiousPlayConfig, fictitious_play};
/// use truce::game::Game;
/// // Matching pennies: the empirical frequencies approach (1/2, 1/2).
/// let g = Game::from_rows(&[vec![1.0, -1.0], vec![-1.0, 1.0]],
///                         &[vec![-1.0, 1.0], vec![1.0, -1.0]]).unwrap();
/// let cfg = FictitiousPlayConfig { iterations: 10_000, tolerance: 0.0 };
/// let r = fictitious_play(&g, &cfg);
/// assert!((r.outcome.end_row.probs()[0] - 0.5).abs() < 0.02);
/// ```
pub fn fictitious_play(game: &Game, cfg: &FictitiousPlayConfig) -> FictitiousPlay {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let tol = game.tolerance().abs;
    // Cumulative payoff of each own action against the opponent's past play; uniform
    // beliefs before the first round.
    let mut row_vals: Vec<f64> = (0..m).map(|i| a.row(i).sum() / n as f64).collect();
    let mut col_vals: Vec<f64> = (0..n).map(|j| b.column(j).sum() / m as f64).collect();
    let mut row_count = vec![0.0; m];
    let mut col_count = vec![0.0; n];
    let mut rec = Recorder::new();
    let mut last = (0, 0);
    let mut stop = StopReason::IterationCap;
    let mut t = 0usize;
    let freq = |c: &[f64], t: usize| c.iter().map(|v| v / t as f64).collect::<Vec<f64>>();
    while t < cfg.iterations {
        let i = first_argmax(&row_vals, tol * (t.max(1) as f64));
        let j = first_argmax(&col_vals, tol * (t.max(1) as f64));
        if t == 0 {
            row_vals.iter_mut().for_each(|v| *v = 0.0);
            col_vals.iter_mut().for_each(|v| *v = 0.0);
        }
        row_count[i] += 1.0;
        col_count[j] += 1.0;
        for (k, v) in row_vals.iter_mut().enumerate() {
            *v += a[(k, j)];
        }
        for (k, v) in col_vals.iter_mut().enumerate() {
            *v += b[(i, k)];
        }
        last = (i, j);
        t += 1;
        let tf = t as f64;
        // Regret of the empirical frequencies, from the cumulative vectors in O(m + n).
        let ur: f64 = (0..m).map(|k| row_count[k] * row_vals[k]).sum::<f64>() / (tf * tf);
        let uc: f64 = (0..n).map(|k| col_count[k] * col_vals[k]).sum::<f64>() / (tf * tf);
        let rr = row_vals.iter().copied().fold(f64::NEG_INFINITY, f64::max) / tf - ur;
        let rc = col_vals.iter().copied().fold(f64::NEG_INFINITY, f64::max) / tf - uc;
        rec.offer(tf, &freq(&row_count, t), &freq(&col_count, t));
        if rr.max(rc) <= cfg.tolerance {
            stop = StopReason::Converged;
            break;
        }
    }
    let t = t.max(1);
    let (x, y) = if row_count.iter().sum::<f64>() > 0.0 {
        (freq(&row_count, t), freq(&col_count, t))
    } else {
        (vec![1.0 / m as f64; m], vec![1.0 / n as f64; n])
    };
    let traj = rec.finish(t as f64, &x, &y);
    FictitiousPlay {
        outcome: outcome(game, stop, t.min(cfg.iterations), &x, &y, traj),
        last_profile: last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisoners_dilemma_learns_mutual_defection() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let r = fictitious_play(&g, &FictitiousPlayConfig::for_game(&g));
        assert_eq!(r.outcome.stop, StopReason::Converged);
        assert_eq!(r.last_profile, (1, 1));
        assert!(r.outcome.end_row.probs()[1] > 0.99);
        assert!(r.outcome.regret <= 5e-3);
    }

    #[test]
    fn matching_pennies_frequencies_approach_one_half() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let cfg = FictitiousPlayConfig {
            iterations: 20_000,
            tolerance: 0.0,
        };
        let r = fictitious_play(&g, &cfg);
        assert_eq!(r.outcome.stop, StopReason::IterationCap);
        assert_eq!(r.outcome.iterations, 20_000);
        assert!((r.outcome.end_row.probs()[0] - 0.5).abs() < 0.02);
        assert!((r.outcome.end_col.probs()[0] - 0.5).abs() < 0.02);
        // The regret computed incrementally equals the game's regret of the end point.
        assert!(r.outcome.regret < 0.05);
    }
}
