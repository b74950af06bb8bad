//! Outer and inner approximations of the largest bounded fixed point of a set operator of
//! Abreu, Pearce & Stacchetti (1990), "Toward a theory of discounted repeated games with
//! imperfect monitoring", *Econometrica* 58(5), by the method of Judd, Yeltekin & Conklin
//! (2003), "Computing supergame equilibria", *Econometrica* 71(4), 1239–1254: the sets are
//! described by their support in `D` fixed directions, and each step is one linear program
//! per direction and action profile.
//!
//! The engine is generic over what the sets mean. A [`GenerationProblem`] has one or more
//! target sets `W_s` of payoff pairs (one for a repeated game; one per state of a
//! stochastic game). Each set lists its *candidates* (action profiles): a candidate has a
//! flow payoff `f` (already weighted, e.g. `(1 − δ) u(a)`), continuation *slots* `k`, each
//! belonging to a set `s_k` and carrying an on-path weight `p_k` (e.g. `δ P(y | a)`), and
//! per player a list of deviations, each with its own flow `f'ᵢ` and weights `p'_k` over the
//! same slots. The candidate generates `v = f + Σ_k p_k w_k` from continuations
//! `w_k ∈ W_{s_k}` when no deviation pays: `vᵢ ≥ f'ᵢ + Σ_k p'_k w_{k,i}`. The operator `B`
//! maps sets to the convex hulls (public randomization) of what their candidates generate;
//! the equilibrium sets are its largest bounded fixed point.
//!
//! Outer approximation (JYC §4): each set is the polygon `{x : h_l·x ≤ c_l}` with
//! `h_l = (cos 2πl/D, sin 2πl/D)`.
//! 1. Start from levels that hold every bounded self-generating family: `c_l` = the largest
//!    `h_l · f / (1 − Σ_k p_k)` over all candidates (for a repeated game, the support of the
//!    convex hull of the stage payoffs).
//! 2. For each set, direction and candidate, maximise `h_l · v` over continuations in the
//!    current polygons subject to the incentive constraints; the new level is the largest
//!    bound over the candidates ([`crate::lp::weights`], whose bound holds under rounding).
//!    A candidate whose program is infeasible contributes nothing; a set with no feasible
//!    candidate is empty, and so (every set being needed) is the whole family.
//! 3. Repeat until no level moves by more than the tolerance, or the iteration cap. The
//!    levels never rise (B is monotone and the start contains its image); each iterate
//!    contains the fixed point.
//!
//! Inner approximation (JYC §5), [`inner_bound`]: the operator `B_I(W)` = the convex hull
//! of, for every direction, the best point that the candidates generate from `W`. It lies
//! inside `B(W)` and has the same support as `B(W)` in the `D` directions, and a fixed
//! point `W* = B_I(W*) ⊆ B(W*)` is self-generating, hence inside the equilibrium sets (APS
//! 1990, Theorem 1). `B_I` is not monotone, though, and its iterates need not settle:
//! they can end on a cycle (seen: period 7 on a noisy prisoner's dilemma) or drift for
//! hundreds of iterations without one. So the iteration is damped: `W_{n+1} = B_I(W_n) ∩
//! W_n`. These sets decrease, so they settle (nested compact convex sets converge in
//! Hausdorff distance); once the last move is at most `ε`, every point of `W_n` lies
//! within `ε` of `W_{n+1} ⊆ Y = B_I(W_n)`. Every corner of `Y` is generated from
//! continuations in `W_n`, so within `ε` of `Y`: `Y` is self-generating up to `ε`, and
//! `Y` (not `W_{n+1}`, whose corners where the two polygons cross mix points that
//! different candidates generate) is returned. The claim is checked, not assumed:
//! [`verify`] finds for every corner continuations in the set that generate it, with an
//! independent program through [`crate::lp::solve`], and [`prune_unverified`] drops the
//! corners it cannot generate until every corner passes.
//!
//! A growing inner approximation, [`grow_inner`], keeps what it has: from a family known
//! to be self-generating (a verified `B_I` result, or for a repeated game the hull of the
//! pure stage equilibria's payoffs) each step adds the points generated from the current
//! sets and takes hulls. Points of `B(W)` added to a self-generating convex `W` keep it
//! self-generating (`B(W)` is convex and, B being monotone, inside `B` of the larger
//! family), so every iterate is inside the equilibrium sets, and the iterates increase,
//! so they settle. From a verified `B_I` result it wins back what the `D` directions of
//! `B_I` shaved off (with more directions than `B_I` had, more of it); from a single stage
//! equilibrium it stalls at once (that point generates only itself), and from a small set
//! near one it can stall too: growth needs a seed large enough to give incentives.
//!
//! Both programs write a continuation as a convex combination of its polygon's corners
//! (the polygon of levels from its half-plane intersection), which is the same program
//! as JYC's half-plane form with fewer rows.

use serde::Serialize;
use thiserror::Error;

use crate::budget::{self, Estimate, rates};
use crate::geometry::Point;
use crate::geometry::polygon::{halfplane_intersection, hausdorff, hull, intersection};
use crate::lp::weights::{Tableau, WeightProgram};
use crate::lp::{LinearProgram, Sense};
use crate::tolerance::{
    SELF_GENERATION_INCENTIVE, SELF_GENERATION_OUTER_SLACK, SELF_GENERATION_PRUNE,
};

/// A deviation of one player: its flow payoff to the deviator and its weights over the
/// candidate's continuation slots.
#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    /// The deviator's flow payoff `f'ᵢ`.
    pub flow: f64,
    /// Weight on each slot's continuation (same slots as the candidate's).
    pub weights: Vec<f64>,
}

/// One action profile that a target set may be generated by (module doc).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The flow payoff pair `f`.
    pub flow: Point,
    /// The set each continuation slot's point must lie in.
    pub slots: Vec<usize>,
    /// The on-path weight of each slot.
    pub weights: Vec<f64>,
    /// The deviations of the row player and of the column player.
    pub deviations: [Vec<Deviation>; 2],
}

/// Why a [`GenerationProblem`] is refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GenerationError {
    /// A candidate's data are inconsistent or not discounted.
    #[error("set {set}, candidate {candidate}: {reason}")]
    BadCandidate {
        /// The target set.
        set: usize,
        /// The candidate's index in it.
        candidate: usize,
        /// What is wrong.
        reason: String,
    },
    /// There is no target set, or a set has no candidate.
    #[error("a generation problem needs at least one set, and a candidate for each")]
    Empty,
}

/// Validated sets of candidates: every slot names an existing set, weights are finite and
/// non-negative, the on-path weights sum to less than one (discounting), and every
/// deviation has one weight per slot.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerationProblem {
    sets: Vec<Vec<Candidate>>,
    range: f64,
}

impl GenerationProblem {
    /// Validates the candidates of each target set.
    pub fn new(sets: Vec<Vec<Candidate>>) -> Result<Self, GenerationError> {
        if sets.is_empty() || sets.iter().any(Vec::is_empty) {
            return Err(GenerationError::Empty);
        }
        let count = sets.len();
        for (s, cands) in sets.iter().enumerate() {
            for (c, cand) in cands.iter().enumerate() {
                let bad = |reason: String| {
                    Err(GenerationError::BadCandidate {
                        set: s,
                        candidate: c,
                        reason,
                    })
                };
                let k = cand.slots.len();
                if cand.weights.len() != k {
                    return bad(format!("{} weights for {k} slots", cand.weights.len()));
                }
                if let Some(&t) = cand.slots.iter().find(|&&t| t >= count) {
                    return bad(format!("a slot names set {t}, but there are {count}"));
                }
                let flows = std::iter::once(cand.flow.0)
                    .chain([cand.flow.1])
                    .chain(cand.deviations.iter().flatten().map(|d| d.flow));
                if flows.into_iter().any(|f| !f.is_finite()) {
                    return bad("a flow payoff is not finite".into());
                }
                let all = cand
                    .weights
                    .iter()
                    .chain(cand.deviations.iter().flatten().flat_map(|d| &d.weights));
                if all.into_iter().any(|w| !w.is_finite() || *w < 0.0) {
                    return bad("a weight is negative or not finite".into());
                }
                if cand
                    .deviations
                    .iter()
                    .flatten()
                    .any(|d| d.weights.len() != k)
                {
                    return bad(format!("a deviation does not have {k} weights"));
                }
                let total: f64 = cand.weights.iter().sum();
                if total >= 1.0 {
                    return bad(format!(
                        "the continuation weights sum to {total}; they must sum to less than 1"
                    ));
                }
            }
        }
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for cand in sets.iter().flatten() {
            let u = undiscounted(cand);
            lo = lo.min(u.0).min(u.1);
            hi = hi.max(u.0).max(u.1);
        }
        let range = if hi - lo > 0.0 {
            hi - lo
        } else {
            hi.abs().max(1.0)
        };
        Ok(GenerationProblem { sets, range })
    }

    /// The candidates of each target set.
    pub fn sets(&self) -> &[Vec<Candidate>] {
        &self.sets
    }

    /// The payoff range: the largest undiscounted flow payoff `f / (1 − Σ p)` of either
    /// player minus the smallest (or the size of the payoffs when they are all equal).
    /// Tolerances are relative to it.
    pub fn range(&self) -> f64 {
        self.range
    }
}

/// The flow payoff as a per-period payoff, `f / (1 − Σ p)`.
fn undiscounted(c: &Candidate) -> Point {
    let rest = 1.0 - c.weights.iter().sum::<f64>();
    (c.flow.0 / rest, c.flow.1 / rest)
}

/// Options of the iterations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GenerationConfig {
    /// Number `D ≥ 3` of equally spaced directions.
    pub directions: usize,
    /// Most iterations of each approximation.
    pub max_iter: usize,
    /// Stop when nothing moves by more than `tol × range` in one iteration.
    pub tol: f64,
}

/// Why an approximation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The last iteration moved nothing by more than the tolerance.
    Converged,
    /// The iteration cap was reached first.
    IterationLimit,
    /// A set became empty (outer) or started empty (inner).
    Empty,
}

impl StopReason {
    /// A short phrase for reports.
    pub fn describe(self) -> &'static str {
        match self {
            StopReason::Converged => "converged",
            StopReason::IterationLimit => "iteration limit reached",
            StopReason::Empty => "the set is empty",
        }
    }
}

/// The unit directions `h_l = (cos 2πl/D, sin 2πl/D)`, `l = 0 … D − 1`.
pub fn directions(d: usize) -> Vec<Point> {
    rotated(d, 0.0)
}

/// The directions of [`directions`] turned by `offset` steps of `2π/D`.
fn rotated(d: usize, offset: f64) -> Vec<Point> {
    (0..d)
        .map(|l| {
            let t = std::f64::consts::TAU * (l as f64 + offset) / d as f64;
            (t.cos(), t.sin())
        })
        .collect()
}

/// The inner iterations search the directions of the outer bound turned by half a step:
/// the outer polygon, where they start, and its images under `B` have edges normal to
/// the outer directions, on which the best point is not unique; which end the simplex
/// returns would then depend on its warm start, and the iterates can jump between the
/// ends for ever instead of settling. Turned directions point at corners instead.
const INNER_OFFSET: f64 = 0.5;

/// The outer approximation: levels and corners of each set's polygon.
#[derive(Debug, Clone, PartialEq)]
pub struct OuterBound {
    /// `levels[s][l]`: the support of set `s` in direction `l` is at most this.
    pub levels: Vec<Vec<f64>>,
    /// Corners of each set's polygon, counter-clockwise (empty when a set is empty).
    pub corners: Vec<Vec<Point>>,
    /// Iterations run.
    pub iterations: usize,
    /// Why it stopped.
    pub stop: StopReason,
    /// Linear programs solved (one per set, candidate and direction of each iteration).
    pub lps: usize,
}

/// An inner approximation: a family of polygons, self-generating when [`grow_inner`]
/// made it from a self-generating start or [`verify`] accepts it.
#[derive(Debug, Clone, PartialEq)]
pub struct InnerBound {
    /// Corners of each set, counter-clockwise (all empty when the start was empty).
    pub corners: Vec<Vec<Point>>,
    /// Iterations run.
    pub iterations: usize,
    /// Why it stopped.
    pub stop: StopReason,
    /// Linear programs solved.
    pub lps: usize,
}

/// The levels of step 1 of the module doc, the same for every set.
pub fn initial_levels(problem: &GenerationProblem, dirs: &[Point]) -> Vec<f64> {
    dirs.iter()
        .map(|h| {
            problem
                .sets
                .iter()
                .flatten()
                .map(|c| {
                    let u = undiscounted(c);
                    h.0 * u.0 + h.1 * u.1
                })
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect()
}

/// The corners of the polygon `{x : h_l·x ≤ levels[l] + slack}` with the slack of
/// [`SELF_GENERATION_OUTER_SLACK`] (empty when the half-planes miss each other).
pub fn outer_corners(problem: &GenerationProblem, dirs: &[Point], levels: &[f64]) -> Vec<Point> {
    let slack = SELF_GENERATION_OUTER_SLACK * problem.range;
    let raised: Vec<f64> = levels.iter().map(|c| c + slack).collect();
    halfplane_intersection(dirs, &raised)
}

/// The program of one candidate with continuations in the polygons `sets` (corners), or
/// `None` when a slot's set is empty. Slots that neither the path nor any deviation
/// weighs are left out. Also returns, per column, its slot weight and corner.
fn program(cand: &Candidate, sets: &[Vec<Point>]) -> Option<(WeightProgram, Vec<(f64, Point)>)> {
    let mut groups = Vec::new();
    let mut cols: Vec<(usize, f64, Point)> = Vec::new();
    for (k, (&s, &p)) in cand.slots.iter().zip(&cand.weights).enumerate() {
        let used = p != 0.0 || cand.deviations.iter().flatten().any(|d| d.weights[k] != p);
        if !used {
            continue;
        }
        let corners = &sets[s];
        if corners.is_empty() {
            return None;
        }
        groups.push(corners.len());
        cols.extend(corners.iter().map(|&z| (k, p, z)));
    }
    let mut rows = Vec::new();
    for (player, devs) in cand.deviations.iter().enumerate() {
        let own = if player == 0 {
            cand.flow.0
        } else {
            cand.flow.1
        };
        for d in devs {
            let coef = cols
                .iter()
                .map(|&(k, p, z)| (p - d.weights[k]) * if player == 0 { z.0 } else { z.1 })
                .collect();
            rows.push((coef, d.flow - own));
        }
    }
    let data = cols.into_iter().map(|(_, p, z)| (p, z)).collect();
    Some((WeightProgram { groups, rows }, data))
}

/// For one candidate, every direction's best value bound and generated point, through
/// `each(direction, bound, point)`; false when its program is infeasible. Counts the
/// programs in `lps`.
fn each_direction(
    cand: &Candidate,
    sets: &[Vec<Point>],
    dirs: &[Point],
    range: f64,
    lps: &mut usize,
    mut each: impl FnMut(usize, f64, f64, Point),
) -> bool {
    let Some((prog, data)) = program(cand, sets) else {
        return false;
    };
    let Some(mut tab) = Tableau::feasible(&prog, SELF_GENERATION_INCENTIVE * range) else {
        return false;
    };
    budget::spend(
        rates::SELF_GENERATION_CELL,
        cells(&prog) * dirs.len() as f64,
    );
    let mut cost = vec![0.0; data.len()];
    for (l, h) in dirs.iter().enumerate() {
        for (c, &(p, z)) in cost.iter_mut().zip(&data) {
            *c = p * (h.0 * z.0 + h.1 * z.1);
        }
        let opt = tab.maximize(&prog, &cost);
        *lps += 1;
        let base = h.0 * cand.flow.0 + h.1 * cand.flow.1;
        let mut v = cand.flow;
        for (&x, &(p, z)) in tab.x().iter().zip(&data) {
            if x > 0.0 {
                v.0 += x * p * z.0;
                v.1 += x * p * z.1;
            }
        }
        each(l, base + opt.value, base + opt.bound, v);
    }
    true
}

/// Tableau cells of one program: rows × columns (the unit of work counted).
fn cells(prog: &WeightProgram) -> f64 {
    let m = prog.groups.len() + prog.rows.len();
    (m * (prog.columns() + prog.rows.len() + m + 1)) as f64
}

/// One step of the outer iteration (module doc, step 2): the new levels of every set from
/// the polygons of `levels`, or `None` when a set is empty. It does not take the minimum
/// with the old levels, so that the monotonicity of the operator can be tested on it.
pub fn outer_step(
    problem: &GenerationProblem,
    dirs: &[Point],
    levels: &[Vec<f64>],
    lps: &mut usize,
) -> Option<Vec<Vec<f64>>> {
    let corners: Vec<Vec<Point>> = levels
        .iter()
        .map(|c| outer_corners(problem, dirs, c))
        .collect();
    if corners.iter().any(Vec::is_empty) {
        return None;
    }
    let mut out = Vec::with_capacity(problem.sets.len());
    for cands in &problem.sets {
        let mut best = vec![f64::NEG_INFINITY; dirs.len()];
        let mut any = false;
        for cand in cands {
            any |= each_direction(cand, &corners, dirs, problem.range, lps, |l, _, b, _| {
                best[l] = best[l].max(b);
            });
        }
        if !any {
            return None;
        }
        out.push(best);
    }
    Some(out)
}

/// The outer approximation (module doc): iterates [`outer_step`] from
/// [`initial_levels`], keeping each level at most its previous value (rounding of the
/// corner slack only), until the levels settle, the cap, or a set empties.
pub fn outer_bound(problem: &GenerationProblem, cfg: &GenerationConfig) -> OuterBound {
    let dirs = directions(cfg.directions);
    let start = initial_levels(problem, &dirs);
    let mut levels = vec![start; problem.sets.len()];
    let mut lps = 0;
    let mut iterations = 0;
    let mut stop = StopReason::IterationLimit;
    while iterations < cfg.max_iter {
        iterations += 1;
        let Some(next) = outer_step(problem, &dirs, &levels, &mut lps) else {
            stop = StopReason::Empty;
            break;
        };
        let mut change = 0.0f64;
        for (old, new) in levels.iter_mut().zip(&next) {
            for (c, &n) in old.iter_mut().zip(new) {
                let n = n.min(*c);
                change = change.max(*c - n);
                *c = n;
            }
        }
        if change <= cfg.tol * problem.range {
            stop = StopReason::Converged;
            break;
        }
    }
    let corners = if stop == StopReason::Empty {
        vec![Vec::new(); problem.sets.len()]
    } else {
        let c: Vec<Vec<Point>> = levels
            .iter()
            .map(|l| outer_corners(problem, &dirs, l))
            .collect();
        if c.iter().any(Vec::is_empty) {
            stop = StopReason::Empty;
            vec![Vec::new(); problem.sets.len()]
        } else {
            c
        }
    };
    OuterBound {
        levels,
        corners,
        iterations,
        stop,
        lps,
    }
}

/// One step of the inner iteration: for every set and direction, the best point its
/// candidates generate from the polygons `sets` (none for a set without a feasible
/// candidate).
pub fn inner_step(
    problem: &GenerationProblem,
    dirs: &[Point],
    sets: &[Vec<Point>],
    lps: &mut usize,
) -> Vec<Vec<Point>> {
    problem
        .sets
        .iter()
        .map(|cands| {
            let mut best: Vec<Option<(f64, Point)>> = vec![None; dirs.len()];
            for cand in cands {
                each_direction(cand, sets, dirs, problem.range, lps, |l, value, _, v| {
                    if best[l].is_none_or(|(b, _)| value > b) {
                        best[l] = Some((value, v));
                    }
                });
            }
            best.into_iter().flatten().map(|(_, v)| v).collect()
        })
        .collect()
}

/// JYC's inner approximation, damped (module doc): from `start` (usually the corners of
/// the outer bound) each iterate is `B_I` of the last intersected with the last, until no
/// set moves by more than the tolerance (Hausdorff), the cap, or a set gets no point (no
/// feasible candidate: empty). Returns the last images `B_I(W)`, whose corners are all
/// generated points. The result is self-generating only if [`verify`] says so.
pub fn inner_bound(
    problem: &GenerationProblem,
    start: &[Vec<Point>],
    cfg: &GenerationConfig,
) -> InnerBound {
    iterate_inner(problem, start, cfg, false)
}

/// The growing inner approximation (module doc) from `start`, a self-generating family
/// (the caller's claim): adds the points of [`inner_step`] and takes hulls until no set
/// moves by more than the tolerance, or the cap. An empty start set gives an empty family.
pub fn grow_inner(
    problem: &GenerationProblem,
    start: &[Vec<Point>],
    cfg: &GenerationConfig,
) -> InnerBound {
    iterate_inner(problem, start, cfg, true)
}

fn iterate_inner(
    problem: &GenerationProblem,
    start: &[Vec<Point>],
    cfg: &GenerationConfig,
    keep: bool,
) -> InnerBound {
    let prune = SELF_GENERATION_PRUNE * problem.range;
    let empty = |iterations, lps| InnerBound {
        corners: vec![Vec::new(); problem.sets.len()],
        iterations,
        stop: StopReason::Empty,
        lps,
    };
    let mut sets: Vec<Vec<Point>> = start.iter().map(|s| hull(s, prune)).collect();
    if sets.len() != problem.sets.len() || sets.iter().any(Vec::is_empty) {
        return empty(0, 0);
    }
    let dirs = rotated(cfg.directions, INNER_OFFSET);
    let mut lps = 0;
    let mut iterations = 0;
    let mut stop = StopReason::IterationLimit;
    // The last images `B_I(W)`, which the damped iteration returns (module doc).
    let mut images = sets.clone();
    while iterations < cfg.max_iter {
        iterations += 1;
        let found = inner_step(problem, &dirs, &sets, &mut lps);
        if found.iter().any(Vec::is_empty) {
            return empty(iterations, lps);
        }
        let mut change = 0.0f64;
        let mut next = Vec::with_capacity(sets.len());
        for ((set, mut new), image) in sets.iter().zip(found).zip(images.iter_mut()) {
            let grown = if keep {
                new.extend_from_slice(set);
                hull(&new, prune)
            } else {
                *image = hull(&new, prune);
                intersection(image, set, prune)
            };
            if grown.is_empty() {
                return empty(iterations, lps);
            }
            change = change.max(hausdorff(set, &grown));
            next.push(grown);
        }
        sets = next;
        if change <= cfg.tol * problem.range {
            stop = StopReason::Converged;
            break;
        }
    }
    InnerBound {
        corners: if keep { sets } else { images },
        iterations,
        stop,
        lps,
    }
}

/// A corner that [`verify`] could not generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Unverified {
    /// Its set.
    pub set: usize,
    /// The corner.
    pub corner: Point,
    /// The least residual found (in payoff units; infinite when no program solved).
    pub residual: f64,
}

/// Checks that the family of polygons `sets` (corners ccw) is self-generating: every
/// corner of every set is generated by some candidate with continuations in the sets,
/// within `tol` (payoff units) on every promise-keeping, incentive and membership row.
/// Convexity then covers the rest of each polygon (public randomization).
///
/// Independent of the iterations: the continuations are points, constrained to each
/// polygon by its edges' half-planes, and each program goes through the verified LP layer
/// ([`crate::lp::solve`]), minimising the largest residual.
pub fn verify(
    problem: &GenerationProblem,
    sets: &[Vec<Point>],
    tol: f64,
) -> Result<(), Unverified> {
    for (s, corners) in sets.iter().enumerate() {
        for &v in corners {
            check_corner(problem, sets, s, v, tol)?;
        }
    }
    Ok(())
}

/// [`verify`] of one corner `v` of set `s`.
fn check_corner(
    problem: &GenerationProblem,
    sets: &[Vec<Point>],
    s: usize,
    v: Point,
    tol: f64,
) -> Result<(), Unverified> {
    let mut least = f64::INFINITY;
    for cand in &problem.sets[s] {
        if let Some(r) = residual(cand, sets, v, problem.range) {
            least = least.min(r);
            if least <= tol {
                return Ok(());
            }
        }
    }
    Err(Unverified {
        set: s,
        corner: v,
        residual: least,
    })
}

/// A family that [`verify`] accepts, made by [`prune_unverified`].
#[derive(Debug, Clone, PartialEq)]
pub struct Pruned {
    /// Corners of each set, counter-clockwise (all empty when nothing survived).
    pub corners: Vec<Vec<Point>>,
    /// Verification rounds run.
    pub rounds: usize,
    /// Corners dropped, over all rounds.
    pub dropped: usize,
}

/// Verified pruning: the largest family this finds inside the hulls of `start` that
/// [`verify`] accepts at `tol`. Each round checks every corner of every set, drops those
/// that fail, and takes the hulls of the rest; it stops when every corner passes, or a
/// set is empty (then every set is, as every set is needed).
///
/// Sound whatever `start` is: what is returned has just passed [`verify`] as a whole, or
/// is empty. It ends: every round but the last drops a corner, and the corners of the
/// later hulls are among those of the first. The sets only shrink, so (in exact
/// arithmetic) a corner that no continuations in the set generate is generated by none in
/// a later set either: nothing is dropped that a later round could have kept. It can
/// shrink a set a great deal, though, when corners lean on each other; it repairs a set
/// that is nearly self-generating, not one far from it.
pub fn prune_unverified(problem: &GenerationProblem, start: &[Vec<Point>], tol: f64) -> Pruned {
    let prune = SELF_GENERATION_PRUNE * problem.range;
    let mut sets: Vec<Vec<Point>> = start.iter().map(|s| hull(s, prune)).collect();
    let (mut rounds, mut dropped) = (0, 0);
    loop {
        if sets.len() != problem.sets.len() || sets.iter().any(Vec::is_empty) {
            return Pruned {
                corners: vec![Vec::new(); problem.sets.len()],
                rounds,
                dropped,
            };
        }
        rounds += 1;
        let kept: Vec<Vec<Point>> = sets
            .iter()
            .enumerate()
            .map(|(s, corners)| {
                corners
                    .iter()
                    .copied()
                    .filter(|&v| check_corner(problem, &sets, s, v, tol).is_ok())
                    .collect()
            })
            .collect();
        let lost: usize = sets.iter().zip(&kept).map(|(a, b)| a.len() - b.len()).sum();
        if lost == 0 {
            return Pruned {
                corners: sets,
                rounds,
                dropped,
            };
        }
        dropped += lost;
        sets = kept.iter().map(|s| hull(s, prune)).collect();
    }
}

/// The least largest residual with which `cand` generates `v` from continuations in
/// `sets` (`None` when a slot's set is empty or the program fails).
fn residual(cand: &Candidate, sets: &[Vec<Point>], v: Point, range: f64) -> Option<f64> {
    let mut lp = LinearProgram::new();
    let t = lp.var(-1.0, (0.0, 10.0 * range + v.0.abs() + v.1.abs()));
    let mut w = Vec::with_capacity(cand.slots.len());
    for &s in &cand.slots {
        let poly = &sets[s];
        if poly.is_empty() {
            return None;
        }
        let (lo, hi) = poly.iter().fold(
            (
                (f64::INFINITY, f64::INFINITY),
                (f64::NEG_INFINITY, f64::NEG_INFINITY),
            ),
            |(lo, hi), p| {
                (
                    (lo.0.min(p.0), lo.1.min(p.1)),
                    (hi.0.max(p.0), hi.1.max(p.1)),
                )
            },
        );
        let x = lp.var(0.0, (lo.0, hi.0));
        let y = lp.var(0.0, (lo.1, hi.1));
        membership(&mut lp, poly, (x, y), t);
        w.push((x, y));
    }
    // Promise keeping, both ways: |f + Σ p_k w_k − v| ≤ t in each coordinate.
    for coord in 0..2 {
        let (f, target) = if coord == 0 {
            (cand.flow.0, v.0)
        } else {
            (cand.flow.1, v.1)
        };
        let terms: Vec<(usize, f64)> = w
            .iter()
            .zip(&cand.weights)
            .map(|(&(x, y), &p)| (if coord == 0 { x } else { y }, p))
            .collect();
        let mut up = terms.clone();
        up.push((t, 1.0));
        lp.constraint(up, Sense::Ge, target - f);
        let mut down: Vec<(usize, f64)> = terms.iter().map(|&(i, p)| (i, -p)).collect();
        down.push((t, 1.0));
        lp.constraint(down, Sense::Ge, f - target);
    }
    // Incentives: vᵢ − f'ᵢ − Σ p'_k w_{k,i} ≥ −t, with vᵢ the promised value.
    for (player, devs) in cand.deviations.iter().enumerate() {
        let own = if player == 0 { v.0 } else { v.1 };
        for d in devs {
            let mut terms: Vec<(usize, f64)> = w
                .iter()
                .zip(&d.weights)
                .map(|(&(x, y), &p)| (if player == 0 { x } else { y }, -p))
                .collect();
            terms.push((t, 1.0));
            lp.constraint(terms, Sense::Ge, d.flow - own);
        }
    }
    let x = crate::lp::maximize(&lp).ok()?;
    Some(x[t].max(lp.violation(&x) * range))
}

/// Rows that keep the point `(x, y)` in the convex polygon `poly` (ccw) within `t`: the
/// half-plane of each edge (a segment's two sides and its two end caps; a point's box).
fn membership(lp: &mut LinearProgram, poly: &[Point], (x, y): (usize, usize), t: usize) {
    let n = poly.len();
    let mut half = |a: Point, nx: f64, ny: f64| {
        // nx·(x − a.0) + ny·(y − a.1) ≥ −t, with (nx, ny) a unit inward normal.
        lp.constraint(
            vec![(x, nx), (y, ny), (t, 1.0)],
            Sense::Ge,
            nx * a.0 + ny * a.1,
        );
    };
    match n {
        1 => {
            let a = poly[0];
            for (nx, ny) in [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)] {
                half(a, nx, ny);
            }
        }
        _ => {
            let ring = if n == 2 { 2 } else { n };
            for k in 0..ring {
                let (a, b) = (poly[k], poly[(k + 1) % n]);
                let len = (b.0 - a.0).hypot(b.1 - a.1);
                // Inward (left) normal of the edge a → b.
                half(a, -(b.1 - a.1) / len, (b.0 - a.0) / len);
                if n == 2 {
                    // End cap at a: (w − a)·(b − a) ≥ 0.
                    half(a, (b.0 - a.0) / len, (b.1 - a.1) / len);
                }
            }
        }
    }
}

/// Estimated iterations of one approximation at discount factor `delta`: the operator
/// contracts by about δ per step, so `ln(tol) / ln δ` of them (capped).
pub fn estimated_iterations(delta: f64, cfg: &GenerationConfig) -> f64 {
    let delta = delta.clamp(0.0, 1.0 - 1e-12);
    let steps = if delta <= 0.0 {
        1.0
    } else {
        (cfg.tol.ln() / delta.ln()).ceil()
    };
    (steps + 2.0).min(cfg.max_iter as f64)
}

/// The work of [`outer_bound`] and [`inner_bound`] together at discount factor `delta`, in
/// tableau cells: per iteration, each candidate's program once per direction, with
/// about `D/2` corners per used slot (measured: 22–40 for the outer bound of a 3×3 game
/// at `D` = 64, 2–10 when the set is a segment or small).
pub fn work(problem: &GenerationProblem, delta: f64, cfg: &GenerationConfig) -> f64 {
    let d = cfg.directions as f64;
    let per_iteration: f64 = problem
        .sets
        .iter()
        .flatten()
        .map(|c| {
            let slots = (0..c.slots.len())
                .filter(|&k| {
                    c.weights[k] != 0.0
                        || c.deviations
                            .iter()
                            .flatten()
                            .any(|x| x.weights[k] != c.weights[k])
                })
                .count() as f64;
            let ic = c.deviations.iter().map(Vec::len).sum::<usize>() as f64;
            let m = slots + ic;
            m * (slots * 0.5 * d + ic + m + 1.0) * d
        })
        .sum();
    2.0 * estimated_iterations(delta, cfg) * per_iteration
}

/// [`work`] as a budget part.
pub fn estimate(problem: &GenerationProblem, delta: f64, cfg: &GenerationConfig) -> Estimate {
    let candidates: usize = problem.sets.iter().map(Vec::len).sum();
    Estimate::new(
        format!(
            "perfect public equilibrium payoff set at δ = {delta} ({candidates} profiles, {} directions)",
            cfg.directions
        ),
        work(problem, delta, cfg),
        rates::SELF_GENERATION_CELL,
        "use fewer directions, a smaller game or a smaller δ",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prisoner's dilemma (9,9 / 1,10 / 10,1 / 3,3) under perfect monitoring as a raw
    /// problem: slot r·2 + c is the profile seen.
    fn pd(delta: f64) -> GenerationProblem {
        let a = [[9.0, 1.0], [10.0, 3.0]];
        let b = [[9.0, 10.0], [1.0, 3.0]];
        let mut cands = Vec::new();
        for r in 0..2 {
            for c in 0..2 {
                let seen = |rr: usize, cc: usize| {
                    let mut w = vec![0.0; 4];
                    w[rr * 2 + cc] = delta;
                    w
                };
                cands.push(Candidate {
                    flow: ((1.0 - delta) * a[r][c], (1.0 - delta) * b[r][c]),
                    slots: vec![0; 4],
                    weights: seen(r, c),
                    deviations: [
                        vec![Deviation {
                            flow: (1.0 - delta) * a[1 - r][c],
                            weights: seen(1 - r, c),
                        }],
                        vec![Deviation {
                            flow: (1.0 - delta) * b[r][1 - c],
                            weights: seen(r, 1 - c),
                        }],
                    ],
                });
            }
        }
        GenerationProblem::new(vec![cands]).unwrap()
    }

    fn cfg(directions: usize) -> GenerationConfig {
        GenerationConfig {
            directions,
            max_iter: 2000,
            tol: 1e-9,
        }
    }

    #[test]
    fn the_prisoners_dilemma_set_is_bracketed() {
        // The set at δ = 0.9 is the quadrilateral (3,3), (9.75,3), (9,9), (3,9.75).
        let p = pd(0.9);
        let outer = outer_bound(&p, &cfg(64));
        assert_eq!(outer.stop, StopReason::Converged);
        let inner = inner_bound(&p, &outer.corners, &cfg(64));
        assert_eq!(inner.stop, StopReason::Converged);
        // From the stage equilibrium alone nothing else is generated.
        let stuck = grow_inner(&p, &[vec![(3.0, 3.0)]], &cfg(64));
        assert_eq!(stuck.corners[0], vec![(3.0, 3.0)]);
        let truth = [(3.0, 3.0), (9.75, 3.0), (9.0, 9.0), (3.0, 9.75)];
        let o = crate::geometry::ConvexPolygon(outer.corners[0].clone());
        let i = crate::geometry::ConvexPolygon(inner.corners[0].clone());
        for &q in &truth {
            assert!(o.contains(q, 1e-7), "{q:?} outside {o:?}");
        }
        for &q in i.vertices() {
            assert!(
                crate::geometry::ConvexPolygon(truth.to_vec()).contains(q, 1e-7),
                "{q:?}"
            );
        }
        assert!(hausdorff(&outer.corners[0], &inner.corners[0]) < 0.2);
        verify(&p, &inner.corners, 1e-8 * p.range()).unwrap();
    }

    #[test]
    fn outer_levels_never_rise() {
        let p = pd(0.6);
        let dirs = directions(32);
        let mut levels = vec![initial_levels(&p, &dirs)];
        let mut lps = 0;
        for _ in 0..40 {
            let next = outer_step(&p, &dirs, &levels, &mut lps).unwrap();
            for (n, o) in next[0].iter().zip(&levels[0]) {
                assert!(*n <= o + 1e-11 * p.range(), "{n} > {o}");
            }
            levels = next;
        }
        assert_eq!(lps, 40 * 4 * 32);
    }

    #[test]
    fn a_point_that_is_not_generated_fails_verification() {
        let p = pd(0.9);
        // (9, 9) is generated by the quadrilateral; (10, 10) is infeasible.
        let set = vec![vec![(3.0, 3.0), (9.75, 3.0), (10.0, 10.0), (3.0, 9.75)]];
        let e = verify(&p, &set, 1e-8 * p.range()).unwrap_err();
        assert_eq!(e.corner, (10.0, 10.0));
        assert!(e.residual > 0.05, "{e:?}");
        let truth = vec![vec![(3.0, 3.0), (9.75, 3.0), (9.0, 9.0), (3.0, 9.75)]];
        verify(&p, &truth, 1e-8 * p.range()).unwrap();
    }

    #[test]
    fn bad_candidates_are_refused() {
        let mut c = pd(0.9).sets()[0][0].clone();
        c.weights = vec![0.5, 0.5, 0.0, 0.0];
        let e = GenerationProblem::new(vec![vec![c.clone()]]).unwrap_err();
        assert!(e.to_string().contains("less than 1"), "{e}");
        c.slots[0] = 3;
        assert!(GenerationProblem::new(vec![vec![c]]).is_err());
        assert_eq!(GenerationProblem::new(vec![]), Err(GenerationError::Empty));
    }
}
