//! The Nash bargaining solution (Nash 1950, "The bargaining problem", Econometrica 18(2);
//! see also Osborne & Rubinstein 1990, *Bargaining and Markets*, ch. 2).
//!
//! Among the feasible payoff pairs that give both players at least the disagreement
//! point `d`, the solution maximises the product of the gains `(u − d_row)(v − d_col)`.
//! Steps:
//! 1. Clip every edge of the strong Pareto frontier to the region `u ≥ d`
//!    ([`super::frontier::FeasibleSet::pieces`]); the maximiser lies there, because raising
//!    either coordinate raises a positive product.
//! 2. On an edge `p + t (q − p)` the product is the quadratic
//!    `(α + a t)(β + b t)` with `a > 0 > b`, a concave parabola: its maximiser over the
//!    clipped interval is the stationary point `t* = −(a β + b α) / (2 a b)` clamped to the
//!    interval — exact, no search.
//! 3. The best edge wins. When no feasible point is strictly better than `d` for both
//!    players there is nothing to share and the solution is `d` itself.
//!
//! The point is reported with the pure profiles that reach it (at most two corners of the
//! frontier, with weights).

use serde::Serialize;

use super::frontier::{FeasibleSet, FrontierPoint};
use super::{Disagreement, ProfileWeight};
use crate::geometry::Point;

/// The Nash bargaining solution of a game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NashBargaining {
    /// The bargaining point `(u_row, u_col)`.
    pub point: Point,
    /// The disagreement point it was computed from.
    pub disagreement: Disagreement,
    /// Whether some feasible point is strictly better than `d` for both players; when not,
    /// `point` is `d`.
    pub agreement: bool,
    /// Gains over `d`: `(u − d_row, v − d_col)`.
    pub gains: Point,
    /// The Nash product `(u − d_row)(v − d_col)`.
    pub product: f64,
    /// Pure profiles and weights whose mixture pays `point` (empty without agreement).
    pub reached_by: Vec<ProfileWeight>,
}

/// The maximiser of the Nash product on the frontier, or `None` when no feasible point is
/// strictly better than `d` for both players.
pub fn nash_point(set: &FeasibleSet, d: Point) -> Option<FrontierPoint> {
    let mut best: Option<(f64, FrontierPoint)> = None;
    for piece in set.pieces(d) {
        let p = set.frontier[piece.from];
        let q = set.frontier[piece.to];
        let (a, b) = (q.0 - p.0, q.1 - p.1);
        let (alpha, beta) = (p.0 - d.0, p.1 - d.1);
        let t = if piece.from == piece.to || a * b == 0.0 {
            piece.lo
        } else {
            (-(a * beta + b * alpha) / (2.0 * a * b)).clamp(piece.lo, piece.hi)
        };
        let point = set.at(piece.from, piece.to, t);
        let (g0, g1) = (point.0 - d.0, point.1 - d.1);
        if g0 <= set.tol || g1 <= set.tol {
            continue;
        }
        let product = g0 * g1;
        if best.as_ref().is_none_or(|(v, _)| product > *v) {
            best = Some((
                product,
                FrontierPoint {
                    point,
                    from: piece.from,
                    to: piece.to,
                    t,
                },
            ));
        }
    }
    best.map(|(_, fp)| fp)
}

/// The Nash bargaining solution over `set` with disagreement point `d`.
pub fn nash_bargaining(set: &FeasibleSet, d: Disagreement) -> NashBargaining {
    let dp = d.point;
    match nash_point(set, dp) {
        Some(fp) => {
            let gains = (fp.point.0 - dp.0, fp.point.1 - dp.1);
            NashBargaining {
                point: fp.point,
                disagreement: d,
                agreement: true,
                gains,
                product: gains.0 * gains.1,
                reached_by: set.reach(&fp),
            }
        }
        None => NashBargaining {
            point: dp,
            disagreement: d,
            agreement: false,
            gains: (0.0, 0.0),
            product: 0.0,
            reached_by: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::DisagreementSource;
    use super::*;
    use crate::game::Game;

    fn given(p: Point) -> Disagreement {
        Disagreement::given(p, DisagreementSource::Given)
    }

    fn check(points: &[Point], d: Point, want: Point) {
        let set = FeasibleSet::from_points(points, 1e-9);
        let nb = nash_bargaining(&set, given(d));
        assert!(
            (nb.point.0 - want.0).abs() < 1e-12 && (nb.point.1 - want.1).abs() < 1e-12,
            "got {:?}, want {want:?}",
            nb.point
        );
    }

    #[test]
    fn symmetric_prisoners_dilemma_bargains_at_mutual_cooperation() {
        let pd = [(3.0, 3.0), (0.0, 5.0), (5.0, 0.0), (1.0, 1.0)];
        check(&pd, (1.0, 1.0), (3.0, 3.0));
    }

    #[test]
    fn splitting_a_dollar_gives_halves_over_the_disagreement_point() {
        let pie = [(1.0, 0.0), (0.0, 1.0), (0.0, 0.0)];
        check(&pie, (0.0, 0.0), (0.5, 0.5));
        // A better outside option for row moves the split by half the difference.
        check(&pie, (0.4, 0.0), (0.7, 0.3));
    }

    #[test]
    fn no_gain_returns_the_disagreement_point() {
        let pie = [(1.0, 0.0), (0.0, 1.0), (0.0, 0.0)];
        check(&pie, (1.0, 0.0), (1.0, 0.0));
        check(&pie, (2.0, 2.0), (2.0, 2.0));
        let set = FeasibleSet::from_points(&pie, 1e-9);
        let nb = nash_bargaining(&set, given((2.0, 2.0)));
        assert!(!nb.agreement && nb.reached_by.is_empty());
    }

    #[test]
    fn reached_by_mixes_the_profiles_that_pay_the_point() {
        let g = Game::from_rows(
            &[vec![4.0, 0.0], vec![0.0, 1.0]],
            &[vec![1.0, 0.0], vec![0.0, 4.0]],
        )
        .unwrap();
        let set = FeasibleSet::of_game(&g);
        let nb = nash_bargaining(&set, given((0.0, 0.0)));
        // frontier (1,4)–(4,1): maximiser of (1+3t)(4−3t) is t = 1/2 → (2.5, 2.5)
        assert!((nb.point.0 - 2.5).abs() < 1e-12 && (nb.point.1 - 2.5).abs() < 1e-12);
        let w: Vec<_> = nb
            .reached_by
            .iter()
            .map(|x| (x.row, x.col, x.weight))
            .collect();
        assert_eq!(w, vec![(1, 1, 0.5), (0, 0, 0.5)]);
    }
}
