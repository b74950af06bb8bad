//! Subgame-perfect payoff sets of a stochastic game, one per state (pure actions, public
//! randomization, perfect monitoring of actions): the largest bounded fixed point of the
//! self-generation operator for stochastic games (Abreu, Pearce & Stacchetti 1990;
//! Yeltekin, Cai & Judd 2017, "Computing equilibria of dynamic games", *Operations
//! Research* 65(2)), bracketed by the outer and verified inner bounds of Judd, Yeltekin &
//! Conklin (2003) on the engine [`crate::repeated::self_generation`] that the perfect
//! public equilibrium payoffs of [`crate::monitoring::ppe_set`] use.
//!
//! The problem: set `s` has one candidate per pure profile `a` of state `s`, with flow
//! `(1 − δ) u(s, a)` and one continuation slot per next state `s'` (weight `δ P(s' | s, a)`,
//! the point in `W_{s'}`). Actions are seen, so a deviation `b = (a'ᵢ, a₋ᵢ)` is followed
//! by its own continuations: each deviation has its own block of slots, one per next
//! state, with on-path weight 0 and deviation weight `δ P(s' | s, b)` — the punishment
//! the program may choose anywhere in the sets. With one state this is the repeated
//! game's problem, whose fixed point is the Abreu–Sannikov set (tested). The inner bound
//! starts from the outer bound and the payoffs of the pure Markov perfect equilibria
//! (each a self-generating family of points), pruned until every corner is verified.

use serde::Serialize;

use super::game::{StochasticError, StochasticGame};
use super::mpe::pure_mpe;
use crate::game::Player;
use crate::geometry::polygon::{hausdorff, hull};
use crate::geometry::{ConvexPolygon, Point};
use crate::repeated::self_generation::{
    self, Candidate, Deviation, GenerationConfig, GenerationProblem, StopReason,
};
use crate::tolerance::{SELF_GENERATION_CONVERGENCE, SELF_GENERATION_VERIFY, SET_CORNER_COLLINEAR};

/// The bounds of each state's set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateSets {
    /// The common discount factor.
    pub delta: f64,
    /// Outer bound of each state's set, corners counter-clockwise.
    pub outer: Vec<ConvexPolygon>,
    /// Verified inner bound of each state's set.
    pub inner: Vec<ConvexPolygon>,
    /// Hausdorff distance between the bounds of each state (`None` when the inner is empty).
    pub gaps: Vec<Option<f64>>,
    /// Directions used.
    pub directions: usize,
    /// Iterations of the outer bound.
    pub outer_iterations: usize,
    /// Iterations of the inner bound.
    pub inner_iterations: usize,
    /// Linear programs solved.
    pub lps: usize,
    /// Why the outer iteration stopped.
    pub stop: StopReason,
}

/// The generation problem of `game` at `delta` (module doc).
pub fn generation_problem(
    game: &StochasticGame,
    delta: f64,
) -> Result<GenerationProblem, StochasticError> {
    if !(0.0..1.0).contains(&delta) {
        return Err(StochasticError::BadDiscount { delta });
    }
    let k = game.len();
    let mut sets = Vec::with_capacity(k);
    for s in 0..k {
        let g = game.game(s);
        let (m, n) = g.shape();
        let (a, b) = (g.payoffs(Player::Row), g.payoffs(Player::Col));
        let weights = |r: usize, c: usize| -> Vec<f64> {
            game.next(s, r, c).iter().map(|p| delta * p).collect()
        };
        let mut cands = Vec::with_capacity(m * n);
        for r in 0..m {
            for c in 0..n {
                let devs: Vec<(usize, usize, usize)> = (0..m)
                    .filter(|&x| x != r)
                    .map(|x| (0, x, c))
                    .chain((0..n).filter(|&y| y != c).map(|y| (1, r, y)))
                    .collect();
                let blocks = 1 + devs.len();
                let slots: Vec<usize> = (0..blocks).flat_map(|_| 0..k).collect();
                let mut on = weights(r, c);
                on.resize(blocks * k, 0.0);
                let mut deviations: [Vec<Deviation>; 2] = [Vec::new(), Vec::new()];
                for (d, &(who, x, y)) in devs.iter().enumerate() {
                    let mut w = vec![0.0; blocks * k];
                    w[(d + 1) * k..(d + 2) * k].copy_from_slice(&weights(x, y));
                    let flow = if who == 0 { a[(x, y)] } else { b[(x, y)] };
                    deviations[who].push(Deviation {
                        flow: (1.0 - delta) * flow,
                        weights: w,
                    });
                }
                cands.push(Candidate {
                    flow: ((1.0 - delta) * a[(r, c)], (1.0 - delta) * b[(r, c)]),
                    slots,
                    weights: on,
                    deviations,
                });
            }
        }
        sets.push(cands);
    }
    GenerationProblem::new(sets).map_err(|e| StochasticError::TooLarge {
        what: format!("the generation problem ({e})"),
        count: 0.0,
        limit: 0.0,
        fix: "check the game".into(),
    })
}

/// The iteration settings of [`spe_sets`] with `directions`.
fn generation_config(directions: usize) -> GenerationConfig {
    GenerationConfig {
        directions: directions.max(3),
        max_iter: 3000,
        tol: SELF_GENERATION_CONVERGENCE,
    }
}

/// The estimated work of [`spe_sets`]: the outer bound, then the inner iteration and its
/// growth (about one more pass of the same length).
pub fn estimate(
    game: &StochasticGame,
    delta: f64,
    directions: usize,
) -> Result<crate::budget::Estimate, StochasticError> {
    let problem = generation_problem(game, delta)?;
    let cfg = generation_config(directions);
    let profiles: usize = problem.sets().iter().map(Vec::len).sum();
    Ok(crate::budget::Estimate::new(
        format!(
            "subgame-perfect payoff sets of {} state{} at δ = {delta} ({profiles} profiles, {} \
             directions)",
            game.len(),
            if game.len() == 1 { "" } else { "s" },
            cfg.directions
        ),
        2.0 * self_generation::work(&problem, delta, &cfg),
        crate::budget::rates::SELF_GENERATION_CELL,
        "use fewer directions (--directions N), a smaller game or a smaller δ",
    ))
}

/// Outer and verified inner bounds of every state's SPE payoff set at `delta` with
/// `directions` edge directions (module doc).
pub fn spe_sets(
    game: &StochasticGame,
    delta: f64,
    directions: usize,
) -> Result<StateSets, StochasticError> {
    let seeds: Vec<Vec<Point>> = pure_mpe(game, delta)?
        .into_iter()
        .map(|e| e.values)
        .collect();
    spe_sets_seeded(game, delta, directions, &seeds)
}

/// [`spe_sets`] with the inner bound seeded by `seeds` — the payoffs of the pure Markov
/// perfect equilibria, one point per state each, when the caller has them already.
pub fn spe_sets_seeded(
    game: &StochasticGame,
    delta: f64,
    directions: usize,
    seeds: &[Vec<Point>],
) -> Result<StateSets, StochasticError> {
    let problem = generation_problem(game, delta)?;
    let cfg = generation_config(directions);
    let range = problem.range();
    let polygon = |pts: &[Point]| ConvexPolygon(hull(pts, SET_CORNER_COLLINEAR * range));
    let outer = self_generation::outer_bound(&problem, &cfg);
    let k = game.len();
    let outer_sets: Vec<ConvexPolygon> = outer.corners.iter().map(|c| polygon(c)).collect();
    if outer.stop == StopReason::Empty {
        return Ok(StateSets {
            delta,
            inner: vec![ConvexPolygon(Vec::new()); k],
            gaps: vec![Some(0.0); k],
            outer: outer_sets,
            directions: cfg.directions,
            outer_iterations: outer.iterations,
            inner_iterations: 0,
            lps: outer.lps,
            stop: outer.stop,
        });
    }
    let tol = SELF_GENERATION_VERIFY * range;
    let first = self_generation::inner_bound(&problem, &outer.corners, &cfg);
    let mut start = first.corners.clone();
    for values in seeds {
        for (s, v) in values.iter().enumerate() {
            start[s].push(*v);
        }
    }
    let seed = self_generation::prune_unverified(&problem, &start, tol);
    let growth = self_generation::grow_inner(&problem, &seed.corners, &cfg);
    let grown: Vec<Vec<Point>> = growth.corners.iter().map(|c| polygon(c).0).collect();
    let last = self_generation::prune_unverified(&problem, &grown, tol);
    let inner: Vec<ConvexPolygon> = last.corners.into_iter().map(ConvexPolygon).collect();
    let gaps = inner
        .iter()
        .zip(&outer_sets)
        .map(|(i, o)| (!i.0.is_empty()).then(|| hausdorff(&i.0, &o.0)))
        .collect();
    Ok(StateSets {
        delta,
        outer: outer_sets,
        inner,
        gaps,
        directions: cfg.directions,
        outer_iterations: outer.iterations,
        inner_iterations: first.iterations + growth.iterations,
        lps: outer.lps + first.lps + growth.lps,
        stop: outer.stop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;
    use crate::repeated::payoff_set::{AsConfig, abreu_sannikov};

    #[test]
    fn one_state_brackets_the_abreu_sannikov_set() {
        let g = crate::game::fixtures::abreu_sannikov_2014();
        for delta in [0.3, 0.6] {
            let sets = spe_sets(&StochasticGame::repeated("only", g.clone()), delta, 64).unwrap();
            let as_set = abreu_sannikov(&g, delta, &AsConfig::default());
            let tol = 1e-6 * 36.0;
            for &p in as_set.vertices.vertices() {
                assert!(
                    sets.outer[0].contains(p, tol),
                    "δ {delta}: AS corner {p:?} outside the outer bound"
                );
            }
            assert!(!sets.inner[0].0.is_empty());
            for &p in sets.inner[0].vertices() {
                assert!(
                    as_set.vertices.contains(p, tol),
                    "δ {delta}: inner corner {p:?} outside AS"
                );
            }
            assert!(sets.gaps[0].unwrap() <= 0.05 * 36.0, "{:?}", sets.gaps);
        }
    }

    #[test]
    fn two_states_contain_their_markov_equilibria() {
        // A prisoner's dilemma that turns, after mutual defection, into a state where
        // cooperation is worth less; the pure MPE payoffs lie in the inner bounds.
        let pd = crate::game::fixtures::pd();
        let low = Game::from_rows(
            &[vec![2.0, 0.0], vec![3.0, 0.5]],
            &[vec![2.0, 3.0], vec![0.0, 0.5]],
        )
        .unwrap();
        let t = |stay: f64| vec![vec![vec![stay, 1.0 - stay]; 2]; 2];
        let mut first = t(1.0);
        first[1][1] = vec![0.0, 1.0];
        let sg = StochasticGame::new(
            vec!["calm".into(), "tense".into()],
            vec![pd, low],
            vec![first, t(0.3)],
            0,
        )
        .unwrap();
        let sets = spe_sets(&sg, 0.8, 32).unwrap();
        for e in pure_mpe(&sg, 0.8).unwrap() {
            for s in 0..2 {
                assert!(
                    sets.inner[s].contains(e.values[s], 1e-6),
                    "state {s}: {:?}",
                    e.values[s]
                );
                assert!(sets.outer[s].contains(e.values[s], 1e-6));
            }
        }
    }
}
