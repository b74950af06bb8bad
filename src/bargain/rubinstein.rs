//! Rubinstein's alternating-offers bargaining (Rubinstein 1982, "Perfect equilibrium in a
//! bargaining model", Econometrica 50(1); Osborne & Rubinstein 1990, ch. 3).
//!
//! Two players split a surplus of size 1. One proposes a split; the other accepts or
//! rejects, and after a rejection the roles swap one period later, each player discounting
//! the future by δ. The unique subgame-perfect equilibrium agrees at once, the proposer
//! `i` getting `(1 − δ_j) / (1 − δ_i δ_j)` and the responder the rest, which equals what the
//! responder would get by rejecting and proposing next period, discounted:
//! `δ_j (1 − δ_i) / (1 − δ_i δ_j)`. As both δ tend to 1 the split tends to one half each.
//!
//! [`alternating_offers`] plays the same game over a game's feasible set instead of a unit
//! surplus (Binmore, Rubinstein & Wolinsky 1986, "The Nash bargaining solution in economic
//! modelling", RAND J. Econ. 17(2)): the equilibrium offers `x` (row proposes) and `y`
//! (column proposes) lie on the Pareto frontier and make each responder indifferent
//! between accepting and proposing next period, relative to the disagreement point:
//! `v(x) − d_col = δ_col (v(y) − d_col)` and `u(y) − d_row = δ_row (u(x) − d_row)`. Steps:
//! for a candidate `u(x)`, the column player's best offer `y` gives the row player exactly
//! the required `u(y)`, and the row player's best reply offer `x'` gives the column player
//! exactly the required `v(x')`; the map `u(x) ↦ u(x')` is non-decreasing on the clipped
//! frontier, so bisection finds its fixed point. As both δ tend to 1 the offers tend to
//! the Nash bargaining solution.

use serde::Serialize;

use super::frontier::{FeasibleSet, FrontierPoint, Piece};
use crate::geometry::Point;

/// The subgame-perfect splits of a unit surplus.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RubinsteinSplit {
    /// Row player's discount factor.
    pub delta_row: f64,
    /// Column player's discount factor.
    pub delta_col: f64,
    /// `(row share, column share)` when the row player proposes first.
    pub row_proposes: (f64, f64),
    /// `(row share, column share)` when the column player proposes first.
    pub col_proposes: (f64, f64),
}

/// Discount factors outside `[0, 1)`.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error(
    "discount factors must lie in [0, 1) for alternating offers; got {delta_row} (row) and {delta_col} (column)"
)]
pub struct DiscountError {
    /// Row player's δ.
    pub delta_row: f64,
    /// Column player's δ.
    pub delta_col: f64,
}

/// The Rubinstein split for discount factors `delta_row`, `delta_col` in `[0, 1)`.
pub fn rubinstein(delta_row: f64, delta_col: f64) -> Result<RubinsteinSplit, DiscountError> {
    if crate::repeated::settings::Discount::new(delta_row, delta_col).is_err() {
        return Err(DiscountError {
            delta_row,
            delta_col,
        });
    }
    let denom = 1.0 - delta_row * delta_col;
    let row_first = (1.0 - delta_col) / denom;
    let col_first = (1.0 - delta_row) / denom;
    Ok(RubinsteinSplit {
        delta_row,
        delta_col,
        row_proposes: (row_first, 1.0 - row_first),
        col_proposes: (1.0 - col_first, col_first),
    })
}

/// The point of the clipped frontier whose row payoff is `u` (clamped to the clipped
/// range).
fn at_row_payoff(set: &FeasibleSet, pieces: &[Piece], u: f64) -> FrontierPoint {
    for p in pieces {
        let (a, b) = (set.at(p.from, p.to, p.lo), set.at(p.from, p.to, p.hi));
        if u <= b.0 || std::ptr::eq(p, pieces.last().unwrap_or(p)) {
            let t = if b.0 > a.0 && u > a.0 {
                p.lo + (p.hi - p.lo) * ((u - a.0) / (b.0 - a.0)).min(1.0)
            } else if u > a.0 {
                p.hi
            } else {
                p.lo
            };
            return FrontierPoint {
                point: set.at(p.from, p.to, t),
                from: p.from,
                to: p.to,
                t,
            };
        }
    }
    FrontierPoint {
        point: set.frontier[0],
        from: 0,
        to: 0,
        t: 0.0,
    }
}

/// The point of the clipped frontier whose column payoff is `v` (clamped).
fn at_col_payoff(set: &FeasibleSet, pieces: &[Piece], v: f64) -> FrontierPoint {
    for p in pieces.iter().rev() {
        let (a, b) = (set.at(p.from, p.to, p.lo), set.at(p.from, p.to, p.hi));
        // Along the piece v falls from a.1 to b.1.
        if v <= a.1 || std::ptr::eq(p, &pieces[0]) {
            let t = if a.1 > b.1 && v > b.1 {
                p.hi - (p.hi - p.lo) * ((v - b.1) / (a.1 - b.1)).min(1.0)
            } else if v > b.1 {
                p.lo
            } else {
                p.hi
            };
            return FrontierPoint {
                point: set.at(p.from, p.to, t),
                from: p.from,
                to: p.to,
                t,
            };
        }
    }
    FrontierPoint {
        point: set.frontier[0],
        from: 0,
        to: 0,
        t: 0.0,
    }
}

/// The agreements of alternating offers over a feasible set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrontierOffers {
    /// The offer the row player makes (and the column player accepts) when proposing.
    pub row_proposes: FrontierPoint,
    /// The offer the column player makes (and the row player accepts) when proposing.
    pub col_proposes: FrontierPoint,
}

/// Subgame-perfect offers of alternating-offers bargaining over `set` with disagreement
/// point `d` and discount factors in `[0, 1)`; `None` when no feasible point is strictly
/// better than `d` for both players.
pub fn alternating_offers(
    set: &FeasibleSet,
    d: Point,
    delta_row: f64,
    delta_col: f64,
) -> Option<FrontierOffers> {
    let pieces = set.pieces(d);
    let (first, last) = (pieces.first()?, pieces.last()?);
    let lo = set.at(first.from, first.to, first.lo);
    let hi = set.at(last.from, last.to, last.hi);
    if hi.0 - d.0 <= set.tol || lo.1 - d.1 <= set.tol {
        return None;
    }
    let respond = |ux: f64| {
        let y = at_row_payoff(set, &pieces, d.0 + delta_row * (ux - d.0));
        let x = at_col_payoff(set, &pieces, d.1 + delta_col * (y.point.1 - d.1));
        (x, y)
    };
    let (mut a, mut b) = (lo.0, hi.0);
    for _ in 0..200 {
        let mid = 0.5 * (a + b);
        if mid <= a || mid >= b {
            break;
        }
        if respond(mid).0.point.0 >= mid {
            a = mid;
        } else {
            b = mid;
        }
    }
    let (x, y) = respond(0.5 * (a + b));
    Some(FrontierOffers {
        row_proposes: x,
        col_proposes: y,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_over_a_unit_surplus_match_the_closed_form() {
        let set = FeasibleSet::from_points(&[(1.0, 0.0), (0.0, 1.0), (0.0, 0.0)], 1e-12);
        let o = alternating_offers(&set, (0.0, 0.0), 0.9, 0.8).unwrap();
        let s = rubinstein(0.9, 0.8).unwrap();
        assert!((o.row_proposes.point.0 - s.row_proposes.0).abs() < 1e-12);
        assert!((o.col_proposes.point.1 - s.col_proposes.1).abs() < 1e-12);
    }

    #[test]
    fn patient_offers_approach_the_nash_bargaining_point() {
        // Frontier (0,2)–(1,0) with d = 0: Nash point (0.5, 1).
        let set = FeasibleSet::from_points(&[(0.0, 0.0), (0.0, 2.0), (1.0, 0.0)], 1e-12);
        let o = alternating_offers(&set, (0.0, 0.0), 0.9999, 0.9999).unwrap();
        for p in [o.row_proposes.point, o.col_proposes.point] {
            assert!(
                (p.0 - 0.5).abs() < 1e-3 && (p.1 - 1.0).abs() < 2e-3,
                "{p:?}"
            );
        }
        assert!(alternating_offers(&set, (1.0, 1.0), 0.9, 0.9).is_none());
    }

    #[test]
    fn textbook_values() {
        let s = rubinstein(0.9, 0.8).unwrap();
        assert!((s.row_proposes.0 - 0.2 / 0.28).abs() < 1e-12);
        assert!((s.col_proposes.1 - 0.1 / 0.28).abs() < 1e-12);
        // The responder gets what rejecting and proposing next period is worth.
        assert!((s.row_proposes.1 - 0.8 * s.col_proposes.1).abs() < 1e-12);
        assert!((s.col_proposes.0 - 0.9 * s.row_proposes.0).abs() < 1e-12);
        // Impatient responders get nothing.
        assert_eq!(rubinstein(0.5, 0.0).unwrap().row_proposes, (1.0, 0.0));
    }

    #[test]
    fn discount_factors_are_checked() {
        assert!(rubinstein(1.0, 0.5).is_err());
        assert!(rubinstein(-0.1, 0.5).is_err());
        assert!(rubinstein(f64::NAN, 0.5).is_err());
    }
}
