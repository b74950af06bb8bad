//! The feasible payoff set of a game and its strong Pareto frontier.
//!
//! The feasible set is the convex hull of the pure payoff pairs
//! ([`crate::geometry::convex_hull`]). Its strong Pareto frontier is the chain of hull
//! corners that runs from the corner with the largest column payoff (ties: larger row
//! payoff) to the corner with the largest row payoff (ties: larger column payoff); along
//! it the row payoff strictly rises and the column payoff strictly falls, so every point
//! of it is Pareto optimal and every Pareto-optimal point of the set lies on it.
//!
//! Bargaining solutions only look at the part of the frontier where both players get at
//! least the disagreement point `d`; [`FeasibleSet::pieces`] clips each frontier edge to
//! that part. A point on an edge is a mixture of the edge's two corners, and each corner is
//! a pure profile, so every frontier point is reached by at most two pure profiles
//! ([`FeasibleSet::reach`]).

use serde::Serialize;

use super::ProfileWeight;
use crate::game::Game;
use crate::geometry::{ConvexPolygon, Point, convex_hull};
use crate::tolerance::FRONTIER_WEIGHT_DROP;

/// The feasible set of payoff pairs and its strong Pareto frontier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeasibleSet {
    /// Corners of the convex hull of the pure payoff pairs, counter-clockwise.
    pub hull: ConvexPolygon,
    /// Corners of the strong Pareto frontier, row payoff increasing (column payoff
    /// decreasing); one corner when a single profile is best for both.
    pub frontier: Vec<Point>,
    /// For each frontier corner, the first pure profile (row-major) with that payoff pair.
    pub frontier_profiles: Vec<(usize, usize)>,
    /// Absolute tolerance in payoff units.
    #[serde(skip)]
    pub tol: f64,
}

/// The part of one frontier edge where both players get at least `d`: the points
/// `p + t (q − p)` for `t` in `[lo, hi]`, with `p = frontier[from]`, `q = frontier[to]`.
/// A single-corner frontier gives `from = to`, `lo = hi = 0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    /// Index of the edge's first corner.
    pub from: usize,
    /// Index of the edge's second corner (`from + 1`, or `from` for a single corner).
    pub to: usize,
    /// Smallest admissible edge parameter.
    pub lo: f64,
    /// Largest admissible edge parameter.
    pub hi: f64,
}

/// A point located on the frontier: edge `from → to` at parameter `t`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrontierPoint {
    /// The payoff pair.
    pub point: Point,
    /// Index of the edge's first corner.
    pub from: usize,
    /// Index of the edge's second corner.
    pub to: usize,
    /// Position on the edge, in [0, 1].
    pub t: f64,
}

impl FeasibleSet {
    /// The feasible set of `game`.
    pub fn of_game(game: &Game) -> Self {
        let (m, n) = game.shape();
        let profiles: Vec<(usize, usize)> =
            (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).collect();
        let points: Vec<Point> = profiles
            .iter()
            .map(|&(i, j)| game.pure_payoffs(i, j))
            .collect();
        Self::build(&points, &profiles, game.tolerance().abs)
    }

    /// The feasible set of arbitrary payoff pairs; profile `k` is reported as `(k, 0)`.
    pub fn from_points(points: &[Point], tol: f64) -> Self {
        let profiles: Vec<(usize, usize)> = (0..points.len()).map(|k| (k, 0)).collect();
        Self::build(points, &profiles, tol)
    }

    fn build(points: &[Point], profiles: &[(usize, usize)], tol: f64) -> Self {
        let hull = convex_hull(points, tol);
        let frontier = strong_frontier(hull.vertices());
        let frontier_profiles = frontier
            .iter()
            .map(|c| {
                let k = points
                    .iter()
                    .position(|p| (p.0 - c.0).abs() <= tol && (p.1 - c.1).abs() <= tol)
                    .or_else(|| nearest(points, *c))
                    .unwrap_or(0);
                profiles.get(k).copied().unwrap_or((0, 0))
            })
            .collect();
        FeasibleSet {
            hull,
            frontier,
            frontier_profiles,
            tol,
        }
    }

    /// The frontier edges clipped to the region `u ≥ d`, in order of increasing row
    /// payoff. Empty when no frontier point gives both players at least `d`.
    pub fn pieces(&self, d: Point) -> Vec<Piece> {
        let f = &self.frontier;
        let tol = self.tol;
        if f.len() == 1 {
            let p = f[0];
            return if p.0 >= d.0 - tol && p.1 >= d.1 - tol {
                vec![Piece {
                    from: 0,
                    to: 0,
                    lo: 0.0,
                    hi: 0.0,
                }]
            } else {
                Vec::new()
            };
        }
        let mut out = Vec::new();
        for k in 0..f.len().saturating_sub(1) {
            let (p, q) = (f[k], f[k + 1]);
            let (a, b) = (q.0 - p.0, q.1 - p.1); // a > 0 > b on a strong frontier
            let lo = ((d.0 - p.0) / a).max(0.0);
            let hi = ((p.1 - d.1) / -b).min(1.0);
            let slack = tol / a.abs().max(b.abs()).max(tol);
            if lo <= hi + slack {
                out.push(Piece {
                    from: k,
                    to: k + 1,
                    lo: lo.min(hi.max(0.0)),
                    hi: hi.max(lo.min(1.0)),
                });
            }
        }
        out
    }

    /// The payoff pair at parameter `t` of edge `from → to`.
    pub fn at(&self, from: usize, to: usize, t: f64) -> Point {
        let (p, q) = (self.frontier[from], self.frontier[to]);
        (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
    }

    /// The pure profiles and weights that reach a frontier point: corner `from` with weight
    /// `1 − t` and corner `to` with weight `t` (weights that vanish are left out).
    pub fn reach(&self, fp: &FrontierPoint) -> Vec<ProfileWeight> {
        let mut out = Vec::new();
        let parts = [(fp.from, 1.0 - fp.t), (fp.to, fp.t)];
        for (k, w) in parts {
            if w <= FRONTIER_WEIGHT_DROP {
                continue;
            }
            if let Some(existing) = out
                .iter_mut()
                .find(|x: &&mut ProfileWeight| (x.row, x.col) == self.frontier_profiles[k])
            {
                existing.weight += w;
                continue;
            }
            let (row, col) = self.frontier_profiles[k];
            out.push(ProfileWeight {
                row,
                col,
                payoffs: self.frontier[k],
                weight: w.min(1.0),
            });
        }
        out
    }
}

fn nearest(points: &[Point], c: Point) -> Option<usize> {
    (0..points.len()).min_by(|&i, &j| {
        let di = (points[i].0 - c.0).powi(2) + (points[i].1 - c.1).powi(2);
        let dj = (points[j].0 - c.0).powi(2) + (points[j].1 - c.1).powi(2);
        di.total_cmp(&dj)
    })
}

/// The strong Pareto frontier of a convex polygon given by its counter-clockwise corners,
/// row payoff increasing ([`crate::geometry::pareto_chain`], read the other way).
pub fn strong_frontier(corners: &[Point]) -> Vec<Point> {
    let mut chain = crate::geometry::pareto_chain(corners);
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;

    #[test]
    fn prisoners_dilemma_frontier_runs_through_mutual_cooperation() {
        let fs = FeasibleSet::of_game(&pd());
        assert_eq!(fs.frontier, vec![(0.0, 5.0), (3.0, 3.0), (5.0, 0.0)]);
        assert_eq!(fs.frontier_profiles, vec![(0, 1), (0, 0), (1, 0)]);
    }

    #[test]
    fn dominant_profile_is_a_one_corner_frontier() {
        let fs = FeasibleSet::from_points(&[(0.0, 0.0), (2.0, 2.0), (1.0, 0.0)], 1e-9);
        assert_eq!(fs.frontier, vec![(2.0, 2.0)]);
        assert_eq!(fs.pieces((3.0, 0.0)), vec![]);
        assert_eq!(fs.pieces((1.0, 1.0)).len(), 1);
    }

    #[test]
    fn pieces_clip_to_the_disagreement_region() {
        let fs = FeasibleSet::of_game(&pd());
        let p = fs.pieces((1.0, 1.0));
        assert_eq!(p.len(), 2);
        assert!((p[0].lo - 1.0 / 3.0).abs() < 1e-12 && p[0].hi == 1.0);
        assert!(p[1].lo == 0.0 && (p[1].hi - 2.0 / 3.0).abs() < 1e-12);
        assert!(fs.pieces((6.0, 0.0)).is_empty());
    }

    #[test]
    fn reach_mixes_two_corners() {
        let fs = FeasibleSet::of_game(&pd());
        let fp = FrontierPoint {
            point: fs.at(1, 2, 0.25),
            from: 1,
            to: 2,
            t: 0.25,
        };
        let w = fs.reach(&fp);
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].row, w[0].col, w[0].weight), (0, 0, 0.75));
        assert_eq!((w[1].row, w[1].col, w[1].weight), (1, 0, 0.25));
        let mix = (
            w.iter().map(|x| x.weight * x.payoffs.0).sum::<f64>(),
            w.iter().map(|x| x.weight * x.payoffs.1).sum::<f64>(),
        );
        assert_eq!(mix, fp.point);
    }
}
