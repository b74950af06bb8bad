//! The two pieces of a payoff set that charts and bargaining both draw on: its Pareto
//! frontier (the chain of undominated corners of a convex polygon) and its individually
//! rational part (the polygon clipped to the half-planes above a minmax point, with
//! [`super::polygon::clip_axis`]).

use super::Point;
use super::polygon::clip_axis;
use crate::tolerance::SAME_CORNER;

/// The Pareto frontier of a convex polygon given counter-clockwise: the chain of corners
/// from the one with the largest row payoff (ties: largest column payoff) to the one with
/// the largest column payoff (ties: largest row payoff), walking counter-clockwise. Every
/// point of it is undominated in the polygon (the strong frontier).
pub fn pareto_chain(ccw: &[Point]) -> Vec<Point> {
    let n = ccw.len();
    if n == 0 {
        return Vec::new();
    }
    let by = |f: fn(&Point, &Point) -> std::cmp::Ordering| {
        (0..n).max_by(|&i, &j| f(&ccw[i], &ccw[j])).unwrap_or(0)
    };
    let r = by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
    let t = by(|p, q| p.1.total_cmp(&q.1).then(p.0.total_cmp(&q.0)));
    let mut chain = vec![ccw[r]];
    let mut k = r;
    while k != t {
        k = (k + 1) % n;
        chain.push(ccw[k]);
    }
    chain
}

/// The part of a convex polygon (corners counter-clockwise) where the row payoff is at
/// least `v.0` and the column payoff at least `v.1`: Sutherland–Hodgman clipping against
/// the two half-planes. A lone corner is kept when it lies within 1e-12 of the
/// half-plane.
pub fn individually_rational(feasible: &[Point], v: Point) -> Vec<Point> {
    let mut poly: Vec<Point> = feasible.to_vec();
    for (axis, bound) in [(0, v.0), (1, v.1)] {
        let tol = if poly.len() <= 1 { SAME_CORNER } else { 0.0 };
        let mut out = Vec::with_capacity(poly.len() + 2);
        clip_axis(&poly, axis, 1.0, bound, tol, &mut out);
        let same = |a: &Point, b: &Point| {
            (a.0 - b.0).abs() < SAME_CORNER && (a.1 - b.1).abs() < SAME_CORNER
        };
        out.dedup_by(|a, b| same(a, b));
        if out.len() > 1 && same(&out[0], &out[out.len() - 1]) {
            out.pop();
        }
        poly = out;
    }
    poly
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prisoners_dilemma_frontier_runs_from_temptation_to_sucker() {
        let hull = [(0.0, 5.0), (1.0, 1.0), (5.0, 0.0), (3.0, 3.0)];
        assert_eq!(
            pareto_chain(&[(1.0, 1.0), (5.0, 0.0), (3.0, 3.0), (0.0, 5.0)]),
            vec![(5.0, 0.0), (3.0, 3.0), (0.0, 5.0)]
        );
        let ir = individually_rational(&hull, (1.0, 1.0));
        assert!(ir.iter().all(|p| p.0 >= 1.0 && p.1 >= 1.0), "{ir:?}");
        assert!(ir.contains(&(3.0, 3.0)));
    }

    #[test]
    fn clipping_a_segment_and_a_point() {
        let seg = [(0.0, 0.0), (2.0, 2.0)];
        assert_eq!(
            individually_rational(&seg, (1.0, 1.0)),
            vec![(1.0, 1.0), (2.0, 2.0)]
        );
        assert_eq!(
            individually_rational(&[(1.0, 1.0)], (1.0, 1.0)),
            vec![(1.0, 1.0)]
        );
        assert!(individually_rational(&[(0.0, 1.0)], (1.0, 1.0)).is_empty());
    }
}
