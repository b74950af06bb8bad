//! The set of pure-action perfect public equilibrium (PPE) payoffs with public
//! randomization, bracketed from outside and from inside: the largest bounded fixed point
//! of the self-generation operator of Abreu, Pearce & Stacchetti (1990, *Econometrica*
//! 58(5); Mailath & Samuelson 2006, §7.3),
//!
//! ```text
//! B(W) = co { v : ∃ a, w(y) ∈ W with v = (1−δ) u(a) + δ Σ_y P(y|a) w(y) and, for each
//!             player i and action a′ᵢ, vᵢ ≥ (1−δ) uᵢ(a′ᵢ, a₋ᵢ) + δ Σ_y P(y|a′ᵢ, a₋ᵢ) wᵢ(y) },
//! ```
//!
//! computed by the outer and inner approximations of Judd, Yeltekin & Conklin (2003,
//! *Econometrica* 71(4)) in [`crate::repeated::self_generation`]: one target set, whose
//! candidates are the pure profiles, with one continuation slot per signal.
//!
//! - The outer bound is a polygon with `D` fixed edge directions (default
//!   [`DEFAULT_DIRECTIONS`]) that contains every PPE payoff; it starts from the support of
//!   the feasible set and shrinks.
//! - The inner bound starts from JYC's inner iteration from the outer bound, damped:
//!   each iterate is the best points generated in each direction, intersected with the
//!   previous iterate, so the iterates decrease and settle (undamped, they can cycle, or
//!   drift for hundreds of iterations: at 128 directions on
//!   `scenarios/geneva_disputed.toml` a wave runs along the edge where the column
//!   player's incentive binds, and no window of iterates is self-generating). The
//!   settled image, with the pure stage Nash equilibria's payoffs, is *pruned until
//!   verified* ([`self_generation::prune_unverified`]): corners that an independent
//!   program through the verified LP layer cannot generate from the set are dropped and
//!   the rest checked again. The hull of self-generating sets is self-generating (each
//!   lies in `B` of itself, so in `B` of the hull, which is convex), and a stage
//!   equilibrium generates itself, so those corners are never dropped. From that
//!   verified seed the set is grown — points it generates, in [`GROWTH_REFINEMENT`]
//!   times as many directions, are added — until it settles, which keeps it
//!   self-generating, and pruned until verified again before it is returned: nothing
//!   unverified is ever returned ([`verify_ppe_set`] is the same check). When nothing
//!   survives (no pure stage equilibrium, and the damped iteration's corners all fail)
//!   the inner bound is reported empty ([`StopReason::NoInnerBound`]) rather than
//!   guessed.
//!
//! Payoffs are normalised per-period averages; one discount factor for both players. With
//! perfect monitoring ([`SignalStructure::perfect`]) the set is the Abreu–Sannikov set of
//! [`crate::repeated::payoff_set`], which the tests use as a check.

use serde::Serialize;

use super::MonitoringError;
use super::signals::SignalStructure;
use crate::budget::{Estimate, rates};
use crate::game::Game;
use crate::geometry::polygon::{hausdorff, hull};
use crate::geometry::{ConvexPolygon, Point};
use crate::repeated::self_generation::{
    self, Candidate, Deviation, GenerationConfig, GenerationProblem, StopReason as Stop,
};
use crate::stage::pure::pure_equilibria;
use crate::tolerance::{SELF_GENERATION_CONVERGENCE, SELF_GENERATION_VERIFY, SET_CORNER_COLLINEAR};

/// Directions of the outer bound unless the caller asks otherwise: 64 edges bound a
/// smooth set to about `1 − cos(π/64)` ≈ 0.12% of its radius.
pub const DEFAULT_DIRECTIONS: usize = 64;

/// The growth of the inner bound searches this many times as many directions as the outer
/// bound has edges. The damped inner iteration loses up to `1 − cos(π/D)` of the set's
/// radius in each step, which discounting accumulates to about `1/(1 − δ)` times that;
/// points added by the growth in finer directions win much of it back (measured on
/// `scenarios/geneva_disputed.toml` at `D` = 64: gap 0.140 with the same directions,
/// 0.101 with twice as many, 0.096 with four times, at 2.5 and 6 times the work).
pub const GROWTH_REFINEMENT: usize = 2;

/// Most directions a caller may ask for (each iteration solves one program per profile
/// and direction; the work budget bounds the product).
pub const MAX_DIRECTIONS: usize = 4096;

/// Most iterations of each bound unless the caller asks otherwise: the iterations contract
/// by δ, so this reaches the default tolerance for δ up to about 0.99.
pub const DEFAULT_MAX_ITER: usize = 3000;

/// Options of [`ppe_payoff_set`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PpeSetConfig {
    /// Edge directions of the outer bound, and search directions of the inner (at least 3).
    pub directions: usize,
    /// Most iterations of each bound.
    pub max_iter: usize,
    /// Stop when no level and no corner moves by more than `tol ×` the payoff range
    /// (largest payoff of either player minus the smallest) in an iteration.
    pub tol: f64,
}

impl Default for PpeSetConfig {
    fn default() -> Self {
        PpeSetConfig {
            directions: DEFAULT_DIRECTIONS,
            max_iter: DEFAULT_MAX_ITER,
            tol: SELF_GENERATION_CONVERGENCE,
        }
    }
}

impl PpeSetConfig {
    fn generation(&self) -> GenerationConfig {
        GenerationConfig {
            directions: self.directions,
            max_iter: self.max_iter,
            tol: self.tol,
        }
    }
}

/// Why the computation stopped, for both bounds together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Both bounds converged.
    Converged,
    /// One of the bounds reached the iteration cap (both are still valid bounds).
    IterationLimit,
    /// The outer bound became empty: no pure-action PPE exists at δ.
    Empty,
    /// The outer bound converged, but no inner bound was verified: the inner iteration
    /// did not reach a self-generating set (it emptied, or failed its verification) and
    /// the stage game has no pure Nash equilibrium to grow one from.
    NoInnerBound,
}

impl StopReason {
    /// A short phrase for reports.
    pub fn describe(self) -> &'static str {
        match self {
            StopReason::Converged => "converged",
            StopReason::IterationLimit => "iteration limit reached",
            StopReason::Empty => "the set is empty: no pure-action perfect public equilibrium",
            StopReason::NoInnerBound => {
                "outer bound converged; no inner bound: none was verified, and the stage game has no pure Nash equilibrium to grow one from"
            }
        }
    }
}

/// The bracketed set of pure-action PPE payoffs at one discount factor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PpePayoffSet {
    /// The common discount factor.
    pub delta: f64,
    /// Corners of the outer bound, counter-clockwise: every PPE payoff lies inside.
    pub outer: ConvexPolygon,
    /// Corners of the inner bound, counter-clockwise: every point inside is a PPE payoff
    /// (verified).
    pub inner: ConvexPolygon,
    /// Hausdorff distance between the two bounds (0 when both are empty; `None` when only
    /// the inner one is).
    pub gap: Option<f64>,
    /// Directions used.
    pub directions: usize,
    /// Iterations of the outer bound.
    pub outer_iterations: usize,
    /// Iterations of the inner bound.
    pub inner_iterations: usize,
    /// Linear programs solved (one per profile and direction of every iteration).
    pub lps: usize,
    /// Why it stopped.
    pub stop: StopReason,
}

/// The self-generation problem of the game with signals `signals` at `delta`: one set,
/// one candidate per pure profile (row-major), one slot per signal with weight
/// `δ P(y | a)`, and each player's other actions as deviations.
pub fn generation_problem(
    game: &Game,
    signals: &SignalStructure,
    delta: f64,
) -> Result<GenerationProblem, MonitoringError> {
    check(game, signals, delta)?;
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let k = signals.len();
    let weights = |r: usize, c: usize| -> Vec<f64> {
        signals
            .distribution(r, c)
            .iter()
            .map(|p| delta * p)
            .collect()
    };
    let mut cands = Vec::with_capacity(m * n);
    for r in 0..m {
        for c in 0..n {
            let rows = (0..m)
                .filter(|&r2| r2 != r)
                .map(|r2| Deviation {
                    flow: (1.0 - delta) * a[(r2, c)],
                    weights: weights(r2, c),
                })
                .collect();
            let cols = (0..n)
                .filter(|&c2| c2 != c)
                .map(|c2| Deviation {
                    flow: (1.0 - delta) * b[(r, c2)],
                    weights: weights(r, c2),
                })
                .collect();
            cands.push(Candidate {
                flow: ((1.0 - delta) * a[(r, c)], (1.0 - delta) * b[(r, c)]),
                slots: vec![0; k],
                weights: weights(r, c),
                deviations: [rows, cols],
            });
        }
    }
    GenerationProblem::new(vec![cands]).map_err(|e| MonitoringError::BadSetOption {
        reason: e.to_string(),
    })
}

/// The configuration of the growth: [`GROWTH_REFINEMENT`] times the directions.
fn growth(cfg: &GenerationConfig) -> GenerationConfig {
    GenerationConfig {
        directions: GROWTH_REFINEMENT * cfg.directions,
        ..*cfg
    }
}

fn check(game: &Game, signals: &SignalStructure, delta: f64) -> Result<(), MonitoringError> {
    if signals.shape() != game.shape() {
        return Err(MonitoringError::ShapeMismatch {
            signals: signals.shape(),
            game: game.shape(),
        });
    }
    if !(delta.is_finite() && (0.0..1.0).contains(&delta)) {
        return Err(MonitoringError::BadSetOption {
            reason: format!("the discount factor is {delta}; it must lie in [0, 1)"),
        });
    }
    Ok(())
}

fn check_config(cfg: &PpeSetConfig) -> Result<(), MonitoringError> {
    let bad = |reason: String| Err(MonitoringError::BadSetOption { reason });
    if cfg.directions < 3 {
        return bad(format!(
            "{} directions cannot bound a set; give at least 3 (default {DEFAULT_DIRECTIONS})",
            cfg.directions
        ));
    }
    if cfg.max_iter == 0 {
        return bad("the iteration cap is 0; give at least 1".into());
    }
    if !(cfg.tol.is_finite() && cfg.tol > 0.0) {
        return bad(format!(
            "the tolerance is {}; give a positive number",
            cfg.tol
        ));
    }
    Ok(())
}

/// The pure-action PPE payoff set of `game` with public signals `signals` at common
/// discount factor `delta ∈ [0, 1)`, bracketed by an outer and a verified inner bound
/// (module doc).
///
/// ```
/// use truce::monitoring::closed_forms::{prisoners_dilemma, signals};
/// use truce::monitoring::ppe_set::{ppe_payoff_set, PpeSetConfig, StopReason};
/// let s = signals(0.9, 0.3, 0.1).unwrap();
/// let cfg = PpeSetConfig { directions: 32, ..PpeSetConfig::default() };
/// let v = ppe_payoff_set(&prisoners_dilemma(), &s, 0.9, &cfg).unwrap();
/// assert_eq!(v.stop, StopReason::Converged);
/// // (S,S) forever is a PPE, so (0, 0) is in both bounds; (2, 2) needs perfect monitoring.
/// assert!(v.inner.contains((0.0, 0.0), 1e-9) && v.outer.contains((0.0, 0.0), 1e-9));
/// assert!(!v.outer.contains((2.0, 2.0), 1e-9));
/// ```
pub fn ppe_payoff_set(
    game: &Game,
    signals: &SignalStructure,
    delta: f64,
    cfg: &PpeSetConfig,
) -> Result<PpePayoffSet, MonitoringError> {
    check_config(cfg)?;
    let problem = generation_problem(game, signals, delta)?;
    let gen_cfg = cfg.generation();
    let outer = self_generation::outer_bound(&problem, &gen_cfg);
    let range = problem.range();
    let corners = |pts: &[Point]| ConvexPolygon(hull(pts, SET_CORNER_COLLINEAR * range));
    if outer.stop == Stop::Empty {
        return Ok(PpePayoffSet {
            delta,
            outer: ConvexPolygon(Vec::new()),
            inner: ConvexPolygon(Vec::new()),
            gap: Some(0.0),
            directions: cfg.directions,
            outer_iterations: outer.iterations,
            inner_iterations: 0,
            lps: outer.lps,
            stop: StopReason::Empty,
        });
    }
    let outer_set = corners(&outer.corners[0]);
    // JYC's inner iteration from the outer bound, with the stage equilibria, pruned until
    // verified; grown from there until it settles, and verified again (module doc).
    let tol = SELF_GENERATION_VERIFY * range;
    let first = self_generation::inner_bound(&problem, &outer.corners, &gen_cfg);
    let mut lps = outer.lps + first.lps;
    let mut start = first.corners[0].clone();
    start.extend(pure_equilibria(game).iter().map(|e| e.payoffs));
    let seed = self_generation::prune_unverified(&problem, &[start], tol);
    let inner = self_generation::grow_inner(&problem, &seed.corners, &growth(&gen_cfg));
    lps += inner.lps;
    let grown = corners(&inner.corners[0]).0;
    let last = self_generation::prune_unverified(&problem, &[grown], tol);
    let inner_set = ConvexPolygon(last.corners[0].clone());
    let inner_iterations = first.iterations + inner.iterations;
    let stop = if outer.stop == Stop::IterationLimit || inner.stop == Stop::IterationLimit {
        StopReason::IterationLimit
    } else if inner_set.0.is_empty() {
        StopReason::NoInnerBound
    } else {
        StopReason::Converged
    };
    let gap = (!inner_set.0.is_empty()).then(|| hausdorff(&inner_set.0, &outer_set.0));
    Ok(PpePayoffSet {
        delta,
        outer: outer_set,
        inner: inner_set,
        gap,
        directions: cfg.directions,
        outer_iterations: outer.iterations,
        inner_iterations,
        lps,
        stop,
    })
}

fn verify_generated(problem: &GenerationProblem, set: &[Point]) -> Result<(), MonitoringError> {
    if set.is_empty() {
        return Ok(());
    }
    self_generation::verify(
        problem,
        &[set.to_vec()],
        SELF_GENERATION_VERIFY * problem.range(),
    )
    .map_err(|u| MonitoringError::Unverified {
        corner: u.corner,
        residual: u.residual,
    })
}

/// Checks that the convex polygon with corners `set` (ccw) is self-generating at `delta`
/// — every corner is the payoff of a profile played now with continuations in the set,
/// no player gaining by a one-shot deviation — so that every point in it is a pure-action
/// PPE payoff (APS 1990, Theorem 1). Independent of the iterations: one program per corner
/// and profile through the verified LP layer, to within
/// [`SELF_GENERATION_VERIFY`] of the payoff range.
pub fn verify_ppe_set(
    game: &Game,
    signals: &SignalStructure,
    delta: f64,
    set: &[Point],
) -> Result<(), MonitoringError> {
    verify_generated(&generation_problem(game, signals, delta)?, set)
}

/// The estimated work of [`ppe_payoff_set`], for a budget check before it runs.
pub fn estimate(
    game: &Game,
    signals: &SignalStructure,
    delta: f64,
    cfg: &PpeSetConfig,
) -> Result<Estimate, MonitoringError> {
    check_config(cfg)?;
    let problem = generation_problem(game, signals, delta)?;
    let gen_cfg = cfg.generation();
    // The outer bound and the damped inner iteration, then the growth in finer directions
    // (about one pass of the inner iteration's length).
    let work = self_generation::work(&problem, delta, &gen_cfg)
        + 0.5 * self_generation::work(&problem, delta, &growth(&gen_cfg));
    let profiles: usize = problem.sets().iter().map(Vec::len).sum();
    Ok(Estimate::new(
        format!(
            "perfect public equilibrium payoff set at δ = {delta} ({profiles} profiles, {} directions)",
            cfg.directions
        ),
        work,
        rates::SELF_GENERATION_CELL,
        "use fewer directions, a smaller game or a smaller δ",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitoring::closed_forms::{prisoners_dilemma, signals};

    #[test]
    fn perfect_monitoring_prisoners_dilemma_is_the_known_quadrilateral() {
        let pd = Game::from_rows(
            &[vec![9.0, 1.0], vec![10.0, 3.0]],
            &[vec![9.0, 10.0], vec![1.0, 3.0]],
        )
        .unwrap();
        let s = SignalStructure::perfect((2, 2)).unwrap();
        let v = ppe_payoff_set(&pd, &s, 0.9, &PpeSetConfig::default()).unwrap();
        assert_eq!(v.stop, StopReason::Converged);
        let truth = ConvexPolygon(vec![(3.0, 3.0), (9.75, 3.0), (9.0, 9.0), (3.0, 9.75)]);
        for &q in truth.vertices() {
            assert!(v.outer.contains(q, 1e-7), "{q:?} outside {:?}", v.outer);
        }
        for &q in v.inner.vertices() {
            assert!(truth.contains(q, 1e-7), "{q:?}");
        }
        assert!(v.gap.unwrap() < 0.05 * 9.0, "{:?}", v.gap);
    }

    #[test]
    fn no_pure_equilibrium_and_tight_signals_do_not_panic() {
        // Matching pennies, signals that say nothing about the actions: no PPE at all.
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let flat = SignalStructure::short_form((2, 2), (0, 0), 0.5, 0.5).unwrap();
        let v = ppe_payoff_set(&g, &flat, 0.9, &PpeSetConfig::default()).unwrap();
        assert_eq!(v.stop, StopReason::Empty);
        assert!(v.outer.0.is_empty() && v.inner.0.is_empty());
        // A game of cycling best replies whose pure minmax point (1, 2) is below the
        // feasible frontier: under perfect monitoring at δ = 0.9 pure subgame-perfect
        // equilibria exist, though no pure stage equilibrium does; the inner bound, from
        // the outer one, needs none.
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![0.0, 1.0]],
            &[vec![0.0, 4.0], vec![2.0, 0.0]],
        )
        .unwrap();
        assert!(pure_equilibria(&g).is_empty());
        let spe = crate::repeated::payoff_set::abreu_sannikov(&g, 0.9, &Default::default());
        assert!(spe.exists);
        let perfect = SignalStructure::perfect((2, 2)).unwrap();
        let v = ppe_payoff_set(&g, &perfect, 0.9, &PpeSetConfig::default()).unwrap();
        for &q in spe.vertices.vertices() {
            assert!(v.outer.contains(q, 1e-6), "{q:?} outside {:?}", v.outer);
        }
        assert_eq!(v.stop, StopReason::Converged, "{v:?}");
        for &q in v.inner.vertices() {
            assert!(
                spe.vertices.contains(q, 1e-6),
                "{q:?} outside {:?}",
                spe.vertices
            );
        }
        assert!(v.gap.unwrap() < 0.2, "{v:?}");
    }

    #[test]
    fn options_and_shapes_are_checked() {
        let s = signals(0.9, 0.3, 0.1).unwrap();
        let pd = prisoners_dilemma();
        let bad = PpeSetConfig {
            directions: 2,
            ..PpeSetConfig::default()
        };
        let e = ppe_payoff_set(&pd, &s, 0.9, &bad).unwrap_err();
        assert!(e.to_string().contains("at least 3"), "{e}");
        let e = ppe_payoff_set(&pd, &s, 1.0, &PpeSetConfig::default()).unwrap_err();
        assert!(e.to_string().contains("[0, 1)"), "{e}");
        let wide = SignalStructure::perfect((2, 3)).unwrap();
        let e = ppe_payoff_set(&pd, &wide, 0.9, &PpeSetConfig::default()).unwrap_err();
        assert!(matches!(e, MonitoringError::ShapeMismatch { .. }), "{e}");
    }

    #[test]
    fn a_point_outside_the_set_fails_verification() {
        let s = signals(0.9, 0.3, 0.1).unwrap();
        let pd = prisoners_dilemma();
        assert!(verify_ppe_set(&pd, &s, 0.9, &[(0.0, 0.0)]).is_ok());
        let e = verify_ppe_set(&pd, &s, 0.9, &[(0.0, 0.0), (2.0, 2.0)]).unwrap_err();
        assert!(matches!(e, MonitoringError::Unverified { .. }), "{e}");
    }
}
