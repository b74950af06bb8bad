//! The Kalai–Smorodinsky bargaining solution (Kalai & Smorodinsky 1975, "Other solutions
//! to Nash's bargaining problem", Econometrica 43(3)).
//!
//! The ideal point `I` gives each player the most they can get in a feasible agreement
//! that leaves the other at least their disagreement payoff. The solution is the Pareto-
//! optimal feasible point on the segment from `d` to `I`: gains proportional to the
//! largest possible gains. Steps:
//! 1. Clip the strong Pareto frontier to the region `u ≥ d`; its two ends give `I`
//!    (`I_row` at the row-best end, `I_col` at the column-best end).
//! 2. Along the clipped frontier `g = (u − d_row)/(I_row − d_row) − (v − d_col)/(I_col − d_col)`
//!    falls strictly from ≥ 0 to ≤ 0 and is linear on each edge; the solution is its zero,
//!    found exactly on the edge where the sign changes.
//! 3. Without a feasible point strictly better than `d` for both, the solution is `d`.

use serde::Serialize;

use super::frontier::{FeasibleSet, FrontierPoint};
use super::{Disagreement, ProfileWeight};
use crate::geometry::Point;

/// The Kalai–Smorodinsky solution of a game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KalaiSmorodinsky {
    /// The bargaining point `(u_row, u_col)`.
    pub point: Point,
    /// The disagreement point it was computed from.
    pub disagreement: Disagreement,
    /// The ideal point `(I_row, I_col)`; `None` when no frontier point gives both at least `d`.
    pub ideal: Option<Point>,
    /// Whether some feasible point is strictly better than `d` for both players.
    pub agreement: bool,
    /// Pure profiles and weights whose mixture pays `point` (empty without agreement).
    pub reached_by: Vec<ProfileWeight>,
}

/// The ideal point and the Kalai–Smorodinsky point on the frontier (the latter `None`
/// when no feasible point is strictly better than `d` for both).
pub fn ks_point(set: &FeasibleSet, d: Point) -> (Option<Point>, Option<FrontierPoint>) {
    let pieces = set.pieces(d);
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return (None, None);
    };
    let ideal = (
        set.at(last.from, last.to, last.hi).0,
        set.at(first.from, first.to, first.lo).1,
    );
    let (sr, sc) = (ideal.0 - d.0, ideal.1 - d.1);
    if sr <= set.tol || sc <= set.tol {
        return (Some(ideal), None);
    }
    let g = |p: Point| (p.0 - d.0) / sr - (p.1 - d.1) / sc;
    for piece in &pieces {
        let (p0, p1) = (
            set.at(piece.from, piece.to, piece.lo),
            set.at(piece.from, piece.to, piece.hi),
        );
        let (g0, g1) = (g(p0), g(p1));
        // g rises with t along each edge (row payoff up, column payoff down).
        if g1 >= 0.0 || std::ptr::eq(piece, last) {
            let s = if g1 - g0 > 0.0 {
                (-g0 / (g1 - g0)).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let t = piece.lo + s * (piece.hi - piece.lo);
            let point = set.at(piece.from, piece.to, t);
            return (
                Some(ideal),
                Some(FrontierPoint {
                    point,
                    from: piece.from,
                    to: piece.to,
                    t,
                }),
            );
        }
    }
    (Some(ideal), None)
}

/// The Kalai–Smorodinsky solution over `set` with disagreement point `d`.
pub fn kalai_smorodinsky(set: &FeasibleSet, d: Disagreement) -> KalaiSmorodinsky {
    match ks_point(set, d.point) {
        (ideal, Some(fp)) => KalaiSmorodinsky {
            point: fp.point,
            disagreement: d,
            ideal,
            agreement: true,
            reached_by: set.reach(&fp),
        },
        (ideal, None) => KalaiSmorodinsky {
            point: d.point,
            disagreement: d,
            ideal,
            agreement: false,
            reached_by: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::DisagreementSource;
    use super::*;

    fn check(points: &[Point], d: Point, want: Point) {
        let set = FeasibleSet::from_points(points, 1e-9);
        let ks = kalai_smorodinsky(&set, Disagreement::given(d, DisagreementSource::Given));
        assert!(
            (ks.point.0 - want.0).abs() < 1e-12 && (ks.point.1 - want.1).abs() < 1e-12,
            "got {:?}, want {want:?}",
            ks.point
        );
    }

    #[test]
    fn symmetric_problems_split_evenly() {
        check(
            &[(1.0, 0.0), (0.0, 1.0), (0.0, 0.0)],
            (0.0, 0.0),
            (0.5, 0.5),
        );
        let pd = [(3.0, 3.0), (0.0, 5.0), (5.0, 0.0), (1.0, 1.0)];
        check(&pd, (1.0, 1.0), (3.0, 3.0));
    }

    #[test]
    fn kalai_smorodinsky_differs_from_nash_where_the_textbook_says() {
        // Feasible set with corners (0,0), (1,0), (0.75, 0.75)… the classic example:
        // frontier (0,1)–(0.75,0.75)–(1,0); ideal (1,1); KS on the diagonal at (0.75,0.75).
        let pts = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.75, 0.75)];
        check(&pts, (0.0, 0.0), (0.75, 0.75));
        // Asymmetric: frontier (0,2)–(1,0); ideal (1,2); KS where u = v/2 → (0.5, 1).
        check(
            &[(0.0, 0.0), (0.0, 2.0), (1.0, 0.0)],
            (0.0, 0.0),
            (0.5, 1.0),
        );
    }

    #[test]
    fn no_gain_returns_the_disagreement_point() {
        check(&[(1.0, 0.0), (0.0, 1.0)], (1.0, 1.0), (1.0, 1.0));
        check(&[(1.0, 0.0), (0.0, 1.0)], (1.0, 0.0), (1.0, 0.0));
    }
}
