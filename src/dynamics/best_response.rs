//! Alternating pure best-response dynamics (Fudenberg & Levine 1998, *The Theory of
//! Learning in Games*, ch. 1; Monderer & Shapley 1996 for its convergence in potential
//! games).
//!
//! Starting from a pure profile, the players take turns: the mover switches to a best
//! response to the opponent's current action — keeping the current action when it already
//! is one, otherwise taking the lowest-index best response. The state (profile, whose turn)
//! lives in a finite set and the rule is deterministic, so the path either reaches a pure
//! Nash equilibrium (nobody wants to move: converged) or revisits a state and cycles
//! forever (cycle detected). The cap only matters for very large games.
//!
//! For a cycle the reported end point is the pair of frequencies with which each action is
//! played along the cycle — the time average of play — and its regret says how far that
//! average is from an equilibrium.

use std::collections::HashMap;

use serde::Serialize;

use super::{Outcome, Recorder, StopReason, outcome};
use crate::game::{Game, MixedStrategy, Player};

/// Settings of best-response dynamics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BestResponseConfig {
    /// Most revisions (single-player moves).
    pub iterations: usize,
    /// The starting pure profile `(row action, column action)`.
    pub start: (usize, usize),
}

impl Default for BestResponseConfig {
    /// 10 000 revisions from the profile of both first actions.
    fn default() -> Self {
        BestResponseConfig {
            iterations: 10_000,
            start: (0, 0),
        }
    }
}

/// The result of best-response dynamics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestResponseDynamics {
    /// End point: the equilibrium reached, or the average of play along the cycle.
    pub outcome: Outcome,
    /// The profiles visited, in order (up to the first repetition).
    pub path: Vec<(usize, usize)>,
    /// The profiles of the cycle, when one was found.
    pub cycle: Vec<(usize, usize)>,
}

fn is_best(game: &Game, p: Player, own: usize, opp: usize) -> bool {
    let (m, n) = game.shape();
    let opp_s = MixedStrategy::pure(if p == Player::Row { n } else { m }, opp);
    game.best_responses(p, &opp_s).contains(&own)
}

fn best(game: &Game, p: Player, opp: usize) -> usize {
    let (m, n) = game.shape();
    let opp_s = MixedStrategy::pure(if p == Player::Row { n } else { m }, opp);
    game.best_responses(p, &opp_s).first().copied().unwrap_or(0)
}

/// Runs alternating best-response dynamics (row moves first). A `start` outside the game
/// is replaced by `(0, 0)`.
pub fn best_response_dynamics(game: &Game, cfg: &BestResponseConfig) -> BestResponseDynamics {
    let (m, n) = game.shape();
    let (mut i, mut j) = if cfg.start.0 < m && cfg.start.1 < n {
        cfg.start
    } else {
        (0, 0)
    };
    let pure = |i: usize, j: usize| {
        (
            MixedStrategy::pure(m, i).probs().to_vec(),
            MixedStrategy::pure(n, j).probs().to_vec(),
        )
    };
    let mut rec = Recorder::new();
    let mut seen: HashMap<(usize, usize, Player), usize> = HashMap::new();
    let mut path = vec![(i, j)];
    let mut turn = Player::Row;
    let mut stop = StopReason::IterationCap;
    let mut cycle = Vec::new();
    let mut steps = 0;
    let (x, y) = pure(i, j);
    rec.offer(0.0, &x, &y);
    while steps < cfg.iterations {
        if is_best(game, Player::Row, i, j) && is_best(game, Player::Col, j, i) {
            stop = StopReason::Converged;
            break;
        }
        if let Some(&first) = seen.get(&(i, j, turn)) {
            stop = StopReason::CycleDetected;
            cycle = path[first..path.len() - 1].to_vec();
            break;
        }
        seen.insert((i, j, turn), path.len() - 1);
        match turn {
            Player::Row if !is_best(game, Player::Row, i, j) => i = best(game, Player::Row, j),
            Player::Col if !is_best(game, Player::Col, j, i) => j = best(game, Player::Col, i),
            _ => {}
        }
        turn = turn.opponent();
        steps += 1;
        path.push((i, j));
        let (x, y) = pure(i, j);
        rec.offer(steps as f64, &x, &y);
    }
    let (x, y) = if cycle.is_empty() {
        pure(i, j)
    } else {
        let mut x = vec![0.0; m];
        let mut y = vec![0.0; n];
        let w = 1.0 / cycle.len() as f64;
        for &(a, b) in &cycle {
            x[a] += w;
            y[b] += w;
        }
        (x, y)
    };
    let traj = rec.finish(steps as f64, &pure(i, j).0, &pure(i, j).1);
    BestResponseDynamics {
        outcome: outcome(game, stop, steps, &x, &y, traj),
        path,
        cycle,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisoners_dilemma_reaches_mutual_defection() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let r = best_response_dynamics(&g, &BestResponseConfig::default());
        assert_eq!(r.outcome.stop, StopReason::Converged);
        assert_eq!(r.path, vec![(0, 0), (1, 0), (1, 1)]);
        assert_eq!(r.outcome.regret, 0.0);
    }

    #[test]
    fn matching_pennies_cycles_through_all_four_profiles() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let r = best_response_dynamics(&g, &BestResponseConfig::default());
        assert_eq!(r.outcome.stop, StopReason::CycleDetected);
        let mut c = r.cycle.clone();
        c.sort();
        c.dedup();
        assert_eq!(c.len(), 4);
        // The average of play along the cycle is the mixed equilibrium.
        assert!(r.outcome.regret < 1e-12);
    }
}
