//! Planar geometry of payoff pairs: convex hulls and point-in-polygon tests. Used for the
//! feasible payoff set (the convex hull of the pure payoff profiles), the subgame-perfect
//! payoff sets and bargaining.

pub mod frontier;
pub mod polygon;

pub use frontier::{individually_rational, pareto_chain};

use serde::Serialize;

/// A payoff pair `(u_row, u_col)`.
pub type Point = (f64, f64);

/// A convex polygon given by its corners, counter-clockwise, starting from the corner
/// with the smallest `u_row` (then smallest `u_col`). Degenerate hulls are allowed: 2
/// corners for a segment, 1 for a point. No corner lies inside an edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ConvexPolygon(pub Vec<Point>);

/// Cross product of `a − o` and `b − o` (positive for a left turn).
fn cross(o: Point, a: Point, b: Point) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

/// The convex hull of `points` (Andrew's monotone chain, 1979, via [`polygon::hull`]):
/// the hull is decided with exact cross-product signs and corners within `tol` (relative
/// to the largest coordinate, at least 1) of the line through their neighbours are
/// removed afterwards, so no corner lies inside an edge and no true corner is lost.
pub fn convex_hull(points: &[Point], tol: f64) -> ConvexPolygon {
    let scale = points
        .iter()
        .filter(|q| q.0.is_finite() && q.1.is_finite())
        .fold(1.0f64, |m, q| m.max(q.0.abs()).max(q.1.abs()));
    ConvexPolygon(polygon::hull(points, tol * scale))
}

fn dist(a: Point, b: Point) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

impl ConvexPolygon {
    /// The corners.
    pub fn vertices(&self) -> &[Point] {
        &self.0
    }

    /// Whether `q` lies in the polygon (boundary included, within `tol`).
    pub fn contains(&self, q: Point, tol: f64) -> bool {
        let v = &self.0;
        match v.len() {
            0 => false,
            1 => dist(v[0], q) <= tol,
            2 => {
                let len = dist(v[0], v[1]);
                cross(v[0], v[1], q).abs() <= tol * len.max(1.0)
                    && dist(v[0], q) <= len + tol
                    && dist(v[1], q) <= len + tol
            }
            n => (0..n).all(|k| {
                cross(v[k], v[(k + 1) % n], q) >= -tol * dist(v[k], v[(k + 1) % n]).max(1.0)
            }),
        }
    }

    /// Area (0 for segments and points).
    pub fn area(&self) -> f64 {
        let v = &self.0;
        let n = v.len();
        if n < 3 {
            return 0.0;
        }
        0.5 * (0..n)
            .map(|k| v[k].0 * v[(k + 1) % n].1 - v[(k + 1) % n].0 * v[k].1)
            .sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hull_drops_interior_and_edge_points() {
        let pts = [
            (0.0, 0.0),
            (2.0, 0.0),
            (1.0, 0.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (1.0, 1.0),
        ];
        let h = convex_hull(&pts, 1e-9);
        assert_eq!(
            h.vertices(),
            &[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]
        );
        assert!((h.area() - 4.0).abs() < 1e-12);
        assert!(h.contains((1.0, 1.0), 1e-9));
        assert!(!h.contains((3.0, 1.0), 1e-9));
    }

    #[test]
    fn degenerate_hulls() {
        assert_eq!(
            convex_hull(&[(1.0, 1.0), (1.0, 1.0)], 1e-9)
                .vertices()
                .len(),
            1
        );
        let seg = convex_hull(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)], 1e-9);
        assert_eq!(seg.vertices(), &[(0.0, 0.0), (2.0, 2.0)]);
        assert!(seg.contains((1.0, 1.0), 1e-9));
    }
}
