//! Payoff sets of the infinitely repeated game: the feasible set, the minmax points, the
//! individually rational part, and the set of payoffs of pure-strategy subgame-perfect
//! equilibria with public randomization by the algorithm of Abreu and Sannikov (2014),
//! "An algorithm for two-player repeated games with perfect monitoring", Theoretical
//! Economics 9, 313–338.
//!
//! Payoffs are normalised per-period averages `(1−δ) Σ δᵗ uₜ`. The algorithm assumes one
//! discount factor shared by both players.
//!
//! Steps (the set operator `B` of Abreu, Pearce & Stacchetti 1990, computed the way AS
//! show is exact for two players):
//! 1. Start from `W₀` = the feasible set (convex hull of the pure payoff profiles); it
//!    contains every equilibrium payoff, and `B` is monotone, so the iterates decrease to
//!    the largest fixed point, which is the equilibrium payoff set `V`.
//! 2. Given `W` (a convex polygon), the threat point `w̲` is its coordinate-wise minimum:
//!    the worst continuation each player can be held to after a deviation.
//! 3. For each pure profile `a`, a continuation `w ∈ W` enforces `a` iff
//!    `δ (wᵢ − w̲ᵢ) ≥ (1−δ) (dᵢ(a) − gᵢ(a))` for both players, where `dᵢ(a)` is `i`'s best
//!    one-shot deviation payoff. These are two axis-parallel half-planes, so `W ∩ Q(a)` is
//!    `W` clipped twice: its corners are corners of `W` plus at most four crossings of the
//!    two lines with the boundary of `W` (AS, Section 3).
//! 4. `B(W)` is the convex hull (public randomization) of all `(1−δ) g(a) + δ w` over the
//!    corners `w` of every `W ∩ Q(a)`.
//! 5. Repeat until the Hausdorff distance between successive iterates is below the
//!    tolerance (converged), the iteration cap is hit, or the set becomes empty (no pure
//!    subgame-perfect equilibrium exists at δ).

use serde::Serialize;

use super::polygon::{clip_axis, corner_distance, hausdorff, hull, hull_in_place};
use crate::budget::{self, Estimate, rates};
use crate::game::{Game, Player};
use crate::geometry::{ConvexPolygon, Point};
use crate::stage::minmax::mixed_security;
use crate::stage::pure_values::pure_security;
use crate::tolerance::{
    AS_CONVERGENCE, AS_INCENTIVE, AS_PRUNE, DELTA_BELOW_ONE, FEASIBLE_HULL, SET_CORNER_COLLINEAR,
};

/// The stage game data the set operator needs, computed once: for every pure profile
/// its payoffs and each player's one-shot deviation gain.
#[derive(Debug, Clone, PartialEq)]
pub struct StageData {
    /// Pure profiles `(row action, col action)`, row-major.
    pub profiles: Vec<(usize, usize)>,
    /// `g(a)` for each profile.
    pub payoffs: Vec<Point>,
    /// `(d_row(a) − g_row(a), d_col(a) − g_col(a))` for each profile (≥ 0).
    pub gains: Vec<Point>,
    /// Largest payoff difference of either player (the payoff span, at least 1).
    pub span: f64,
}

impl StageData {
    /// Gathers payoffs and deviation gains of every pure profile.
    pub fn new(game: &Game) -> Self {
        let (m, n) = game.shape();
        let (a, b) = (game.a(), game.b());
        let col_max: Vec<f64> = (0..n).map(|j| a.column(j).max()).collect();
        let row_max: Vec<f64> = (0..m).map(|i| b.row(i).max()).collect();
        let mut profiles = Vec::with_capacity(m * n);
        let mut payoffs = Vec::with_capacity(m * n);
        let mut gains = Vec::with_capacity(m * n);
        for i in 0..m {
            for j in 0..n {
                profiles.push((i, j));
                payoffs.push((a[(i, j)], b[(i, j)]));
                gains.push((col_max[j] - a[(i, j)], row_max[i] - b[(i, j)]));
            }
        }
        let span = (a.max() - a.min()).max(b.max() - b.min()).max(1.0);
        StageData {
            profiles,
            payoffs,
            gains,
            span,
        }
    }
}

/// Options of the Abreu–Sannikov iteration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AsConfig {
    /// Stop when successive iterates are closer than `tol × payoff span` (Hausdorff).
    pub tol: f64,
    /// Most applications of the set operator.
    pub max_iter: usize,
}

impl Default for AsConfig {
    fn default() -> Self {
        AsConfig {
            tol: AS_CONVERGENCE,
            max_iter: 100_000,
        }
    }
}

/// Why the iteration stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Successive iterates were within the tolerance.
    Converged,
    /// The iteration cap was reached first.
    IterationLimit,
    /// An iterate was empty: no pure-strategy subgame-perfect equilibrium exists.
    Empty,
}

impl StopReason {
    /// A short phrase for reports.
    pub fn describe(self) -> &'static str {
        match self {
            StopReason::Converged => "converged",
            StopReason::IterationLimit => "iteration limit reached",
            StopReason::Empty => "the set became empty",
        }
    }
}

/// The set of pure-strategy subgame-perfect equilibrium payoffs with public
/// randomization at one discount factor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpePayoffSet {
    /// The common discount factor.
    pub delta: f64,
    /// Whether any pure subgame-perfect equilibrium exists.
    pub exists: bool,
    /// Corners, counter-clockwise (2 for a segment, 1 for a point, none when empty).
    pub vertices: ConvexPolygon,
    /// Worst equilibrium payoff of each player (the harshest credible punishment).
    pub worst: Option<Point>,
    /// Best equilibrium payoff of each player.
    pub best: Option<Point>,
    /// Applications of the set operator.
    pub iterations: usize,
    /// Why the iteration stopped.
    pub stop: StopReason,
    /// Hausdorff distance between the last two iterates.
    pub last_change: f64,
}

/// Applies the set operator `B` once: the payoffs `(1−δ) g(a) + δ w` enforceable with
/// continuations `w` in the convex polygon `w_set` and punishments at its coordinate-wise
/// minimum (steps 2–4 of the module doc). Returns the corners of `B(W)` (empty when no
/// profile is enforceable).
pub fn set_operator(data: &StageData, delta: f64, w_set: &[Point]) -> ConvexPolygon {
    let mut images = Vec::new();
    let mut buf1 = Vec::new();
    let mut buf2 = Vec::new();
    apply(data, delta, w_set, &mut images, &mut buf1, &mut buf2);
    ConvexPolygon(hull(&images, AS_PRUNE * data.span))
}

fn apply(
    data: &StageData,
    delta: f64,
    w_set: &[Point],
    images: &mut Vec<Point>,
    buf1: &mut Vec<Point>,
    buf2: &mut Vec<Point>,
) {
    images.clear();
    if w_set.is_empty() {
        return;
    }
    let threat = w_set.iter().fold((f64::INFINITY, f64::INFINITY), |m, p| {
        (m.0.min(p.0), m.1.min(p.1))
    });
    let tol = AS_INCENTIVE * data.span;
    for (k, &g) in data.payoffs.iter().enumerate() {
        let gain = data.gains[k];
        buf1.clear();
        clip_axis(
            w_set,
            0,
            delta,
            delta * threat.0 + (1.0 - delta) * gain.0,
            tol,
            buf1,
        );
        if buf1.is_empty() {
            continue;
        }
        buf2.clear();
        clip_axis(
            buf1,
            1,
            delta,
            delta * threat.1 + (1.0 - delta) * gain.1,
            tol,
            buf2,
        );
        for &w in buf2.iter() {
            images.push((
                (1.0 - delta) * g.0 + delta * w.0,
                (1.0 - delta) * g.1 + delta * w.1,
            ));
        }
    }
}

/// The corners of the hull of `points`, with near-collinear corners (within
/// [`SET_CORNER_COLLINEAR`] × `span` of their neighbours' line) removed.
pub fn corners(points: &[Point], span: f64) -> ConvexPolygon {
    ConvexPolygon(hull(points, SET_CORNER_COLLINEAR * span))
}

/// Estimated applications of the set operator at `delta`: the iterates approach the fixed
/// point about geometrically, at rate δ, so `ln(tol) / ln δ` of them shrink a change of
/// the payoff span to the tolerance (capped at the iteration limit).
pub fn estimated_iterations(delta: f64, cfg: &AsConfig) -> f64 {
    let delta = delta.clamp(0.0, 1.0 - DELTA_BELOW_ONE);
    let steps = if delta <= 0.0 {
        1.0
    } else {
        (cfg.tol.ln() / delta.ln()).ceil()
    };
    (steps + 2.0).min(cfg.max_iter as f64)
}

/// The work of [`abreu_sannikov_data`] at `delta`, in clipped corners: each iteration
/// clips the current set for every profile; the set has about as many corners as the
/// feasible set (`corners`, its count) — a measured rule of thumb, not a bound.
pub fn work(data: &StageData, corners: usize, delta: f64, cfg: &AsConfig) -> f64 {
    estimated_iterations(delta, cfg) * data.profiles.len() as f64 * (1 + corners) as f64
}

/// [`work`] as a budget part.
pub fn estimate(data: &StageData, delta: f64, cfg: &AsConfig) -> Estimate {
    let corners = feasible_set(data).0.len();
    Estimate::new(
        format!(
            "subgame-perfect payoff set at δ = {delta} ({} profiles)",
            data.profiles.len()
        ),
        work(data, corners, delta, cfg),
        rates::AS_CORNER,
        "use a smaller game or a smaller δ",
    )
}

/// The feasible set: convex hull of the pure payoff profiles.
pub fn feasible_set(data: &StageData) -> ConvexPolygon {
    ConvexPolygon(hull(&data.payoffs, FEASIBLE_HULL * data.span))
}

/// The set of pure-strategy subgame-perfect equilibrium payoffs with public
/// randomization of the game repeated infinitely with common discount factor
/// `delta ∈ [0, 1)` (Abreu & Sannikov 2014; see the module doc for the steps).
///
/// ```
/// use truce::game::Game;
/// use truce::repeated::payoff_set::{abreu_sannikov, AsConfig};
/// let pd = Game::from_rows(&[vec![9.0, 1.0], vec![10.0, 3.0]],
///                          &[vec![9.0, 10.0], vec![1.0, 3.0]]).unwrap();
/// let v = abreu_sannikov(&pd, 0.9, &AsConfig::default());
/// assert!(v.exists);
/// assert_eq!(v.vertices.vertices().len(), 4); // (3,3), (9.75,3), (9,9), (3,9.75)
/// ```
pub fn abreu_sannikov(game: &Game, delta: f64, cfg: &AsConfig) -> SpePayoffSet {
    abreu_sannikov_data(&StageData::new(game), delta, cfg)
}

/// [`abreu_sannikov`] on precomputed stage data (for callers that solve many δ).
pub fn abreu_sannikov_data(data: &StageData, delta: f64, cfg: &AsConfig) -> SpePayoffSet {
    let delta = if delta.is_finite() {
        delta.clamp(0.0, 1.0 - DELTA_BELOW_ONE)
    } else {
        0.0
    };
    let hull_tol = AS_PRUNE * data.span;
    let mut w = feasible_set(data).0;
    let mut images = Vec::new();
    let mut next = Vec::new();
    let (mut buf1, mut buf2) = (Vec::new(), Vec::new());
    let mut stop = StopReason::IterationLimit;
    let mut iterations = 0;
    let mut last_change = f64::INFINITY;
    while iterations < cfg.max_iter {
        iterations += 1;
        apply(data, delta, &w, &mut images, &mut buf1, &mut buf2);
        budget::spend(
            rates::AS_CORNER,
            (data.profiles.len() + images.len()) as f64,
        );
        hull_in_place(&mut images, &mut next, hull_tol);
        if next.is_empty() {
            w.clear();
            stop = StopReason::Empty;
            break;
        }
        // Cheap bound first (corresponding corners); the exact Hausdorff distance,
        // quadratic in the number of corners, every 8th iteration or to confirm.
        let bound = corner_distance(&w, &next).filter(|&d| d <= cfg.tol * data.span);
        if bound.is_some() || iterations % 8 == 0 {
            last_change = hausdorff(&w, &next);
        }
        std::mem::swap(&mut w, &mut next);
        if bound.is_some() || last_change <= cfg.tol * data.span {
            stop = StopReason::Converged;
            break;
        }
    }
    let vertices = corners(&w, data.span);
    let exists = !vertices.0.is_empty();
    let fold = |f: fn(f64, f64) -> f64, init: f64| {
        vertices
            .0
            .iter()
            .fold((init, init), |m, p| (f(m.0, p.0), f(m.1, p.1)))
    };
    SpePayoffSet {
        delta,
        exists,
        worst: exists.then(|| fold(f64::min, f64::INFINITY)),
        best: exists.then(|| fold(f64::max, f64::NEG_INFINITY)),
        vertices,
        iterations,
        stop,
        last_change: if exists { last_change } else { 0.0 },
    }
}

/// The feasible set, the minmax points and the individually rational part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayoffSets {
    /// Convex hull of the pure payoff profiles.
    pub feasible: ConvexPolygon,
    /// `(row, col)` pure minmax values.
    pub pure_minmax: Point,
    /// `(row, col)` mixed minmax values (`None` if a linear program failed).
    pub mixed_minmax: Option<Point>,
    /// Feasible payoffs weakly above the mixed minmax point (the pure one if the mixed
    /// one is unavailable): the payoffs the folk theorem sustains for δ near 1.
    pub individually_rational: ConvexPolygon,
}

/// Feasible set, pure and mixed minmax, individually rational part.
pub fn payoff_sets(game: &Game) -> PayoffSets {
    let (pure_minmax, mixed_minmax) = minmax_values(game);
    payoff_sets_from(game, pure_minmax, mixed_minmax)
}

/// Each player's pure minmax value, and mixed one (`None` when its LP failed or the game
/// has more than [`crate::stage::solution::LP_LIMIT`] cells, as in the stage solution).
pub fn minmax_values(game: &Game) -> (Point, Option<Point>) {
    let pure = (
        pure_security(game, Player::Row).minmax,
        pure_security(game, Player::Col).minmax,
    );
    let (m, n) = game.shape();
    let mixed = match (m * n <= crate::stage::solution::LP_LIMIT).then(|| {
        (
            mixed_security(game, Player::Row),
            mixed_security(game, Player::Col),
        )
    }) {
        Some((Ok(r), Ok(c))) => Some((r.minmax, c.minmax)),
        _ => None,
    };
    (pure, mixed)
}

/// [`payoff_sets`] from minmax values already computed (pure, and mixed when its LPs
/// succeeded).
pub fn payoff_sets_from(
    game: &Game,
    pure_minmax: Point,
    mixed_minmax: Option<Point>,
) -> PayoffSets {
    let data = StageData::new(game);
    let feasible = feasible_set(&data);
    let floor = mixed_minmax.unwrap_or(pure_minmax);
    let tol = AS_INCENTIVE * data.span;
    let mut once = Vec::new();
    clip_axis(&feasible.0, 0, 1.0, floor.0, tol, &mut once);
    let mut twice = Vec::new();
    clip_axis(&once, 1, 1.0, floor.1, tol, &mut twice);
    PayoffSets {
        feasible,
        pure_minmax,
        mixed_minmax,
        individually_rational: corners(&twice, data.span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: &[Point], want: &[Point], tol: f64) -> bool {
        got.len() == want.len()
            && want.iter().all(|w| {
                got.iter()
                    .any(|g| (g.0 - w.0).abs() <= tol && (g.1 - w.1).abs() <= tol)
            })
    }

    #[test]
    fn prisoners_dilemma_at_point_nine() {
        let pd = Game::from_rows(
            &[vec![9.0, 1.0], vec![10.0, 3.0]],
            &[vec![9.0, 10.0], vec![1.0, 3.0]],
        )
        .unwrap();
        let v = abreu_sannikov(&pd, 0.9, &AsConfig::default());
        assert_eq!(v.stop, StopReason::Converged);
        assert!(
            close(
                v.vertices.vertices(),
                &[(3.0, 3.0), (9.75, 3.0), (9.0, 9.0), (3.0, 9.75)],
                1e-7
            ),
            "{v:?}"
        );
    }

    #[test]
    fn abreu_sannikov_paper_example() {
        let g = crate::game::fixtures::abreu_sannikov_2014();
        let v = abreu_sannikov(&g, 0.3, &AsConfig::default());
        let want = [
            (7.33770472, 10.9826253),
            (1.1256824, 2.8),
            (7.33770472, 0.0),
            (7.86308964, 0.0),
            (19.7917977, 2.8),
            (15.5630896, 9.1),
        ];
        assert!(
            close(v.vertices.vertices(), &want, 1e-6),
            "{:?}",
            v.vertices
        );
    }

    #[test]
    fn matching_pennies_has_no_pure_equilibrium_at_low_delta() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let v = abreu_sannikov(&g, 0.3, &AsConfig::default());
        assert!(!v.exists);
        assert_eq!(v.stop, StopReason::Empty);
    }

    #[test]
    fn individually_rational_part_of_the_prisoners_dilemma() {
        let pd = crate::game::fixtures::pd();
        let s = payoff_sets(&pd);
        assert_eq!(s.pure_minmax, (1.0, 1.0));
        assert_eq!(s.feasible.vertices().len(), 4);
        assert!(s.individually_rational.contains((3.0, 3.0), 1e-9));
        assert!(!s.individually_rational.contains((0.5, 4.0), 1e-9));
    }
}
