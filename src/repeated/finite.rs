//! The finitely repeated game (T rounds, discount factor δ, perfect monitoring).
//!
//! - **Backward induction** (Benoît & Krishna 1985; Mailath & Samuelson 2006, §4.1): when
//!   iterated elimination of strictly dominated actions leaves a single profile, the stage
//!   game has a unique Nash equilibrium, and in every subgame-perfect equilibrium of the
//!   T-times repeated game it is played in every round, whatever the history.
//! - **The set of pure subgame-perfect payoffs with public randomization** is built by T
//!   applications of the Abreu–Pearce–Stacchetti set operator used in
//!   [`super::payoff_set`]: with values written as `(1−δ) Σ_{t<T} δᵗ uₜ`, the zero-round
//!   game has the single value `(0, 0)`, and the (k+1)-round set is `B(V_k)` (play a
//!   profile now, continue with a k-round equilibrium, punish deviations with the worst
//!   k-round equilibrium). The sets are reported both in that form and as per-round
//!   averages (divided by `1 − δᵀ`; by `T` when δ = 0 would make that 0 — then only the
//!   first round counts and the average is the first-round payoff).

use serde::Serialize;

use super::payoff_set::{StageData, set_operator};
use crate::game::Game;
use crate::geometry::{ConvexPolygon, Point};
use crate::stage::dominance::iterated_strict_dominance;

/// Most rounds the set iteration runs (each round is one application of the operator):
/// the longest horizon a scenario or a caller may give.
pub use super::settings::MAX_HORIZON as MAX_ROUNDS;

/// Analysis of the T-times repeated game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiniteAnalysis {
    /// Number of rounds T.
    pub rounds: usize,
    /// Common discount factor.
    pub delta: f64,
    /// The unique stage equilibrium when dominance solvability proves it unique: its
    /// repetition is then the unique subgame-perfect equilibrium.
    pub unique_stage_equilibrium: Option<(usize, usize)>,
    /// Corners of the pure SPE payoff set, as per-round averages.
    pub average_vertices: ConvexPolygon,
    /// Whether a pure subgame-perfect equilibrium exists.
    pub exists: bool,
}

/// Backward induction and the T-round pure SPE payoff set (see the module doc).
pub fn finite_horizon(game: &Game, rounds: usize, delta: f64) -> FiniteAnalysis {
    let rounds = rounds.min(MAX_ROUNDS);
    let dom = iterated_strict_dominance(game);
    let unique = (dom.surviving_row.len() == 1 && dom.surviving_col.len() == 1)
        .then(|| (dom.surviving_row[0], dom.surviving_col[0]));
    let data = StageData::new(game);
    let mut set: Vec<Point> = vec![(0.0, 0.0)];
    for _ in 0..rounds {
        set = set_operator(&data, delta, &set).0;
        if set.is_empty() {
            break;
        }
    }
    let scale = if delta > 0.0 {
        1.0 - delta.powi(rounds.min(i32::MAX as usize) as i32)
    } else {
        1.0
    };
    let scale = if scale > 0.0 { scale } else { 1.0 };
    let average: Vec<Point> = set.iter().map(|p| (p.0 / scale, p.1 / scale)).collect();
    FiniteAnalysis {
        rounds,
        delta,
        unique_stage_equilibrium: unique,
        exists: !average.is_empty(),
        average_vertices: ConvexPolygon(average),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finitely_repeated_prisoners_dilemma_is_mutual_defection() {
        let pd = crate::game::fixtures::pd();
        let f = finite_horizon(&pd, 10, 0.9);
        assert_eq!(f.unique_stage_equilibrium, Some((1, 1)));
        let v = f.average_vertices.vertices();
        assert_eq!(v.len(), 1);
        assert!((v[0].0 - 1.0).abs() < 1e-9 && (v[0].1 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn two_equilibria_sustain_cooperation_before_the_last_round() {
        // Benoît–Krishna: a stage game with two equilibria (payoffs (1,1) and (4,4) in
        // the added coordination block) lets early cooperation be rewarded.
        let a = vec![
            vec![3.0, 0.0, 0.0],
            vec![5.0, 1.0, 0.0],
            vec![0.0, 0.0, 4.0],
        ];
        let b = vec![
            vec![3.0, 5.0, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![0.0, 0.0, 4.0],
        ];
        let g = Game::from_rows(&a, &b).unwrap();
        let f = finite_horizon(&g, 2, 0.9);
        assert!(f.unique_stage_equilibrium.is_none());
        // Without discounting worries: round 1 (C, C), round 2 the good equilibrium,
        // deviators punished with (D, D): average (3 + 0.9·4)/1.9.
        let want = (3.0 * 0.1 + 0.9 * 0.1 * 4.0) / (1.0 - 0.81);
        let set = ConvexPolygon(f.average_vertices.0.clone());
        assert!(set.contains((want, want), 1e-9), "{:?}", f.average_vertices);
    }
}
