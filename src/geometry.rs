//! Planar geometry of payoff pairs: convex hulls and point-in-polygon tests. Used for the
//! feasible payoff set (the convex hull of the pure payoff profiles), the subgame-perfect
//! payoff sets and bargaining.

use serde::Serialize;

/// A payoff pair `(u_row, u_col)`.
pub type Point = (f64, f64);

/// A convex polygon given by its corners, counter-clockwise, starting from the corner
/// with the smallest `u_row` (then smallest `u_col`). Degenerate hulls are allowed: 2
/// corners for a segment, 1 for a point. No corner lies inside an edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ConvexPolygon(pub Vec<Point>);

fn cross(o: Point, a: Point, b: Point) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

/// The convex hull of `points` (Andrew's monotone chain, 1979). Points closer than
/// `tol` to an edge's line are dropped as non-corners.
pub fn convex_hull(points: &[Point], tol: f64) -> ConvexPolygon {
    let mut p: Vec<Point> = points
        .iter()
        .copied()
        .filter(|q| q.0.is_finite() && q.1.is_finite())
        .collect();
    p.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    p.dedup_by(|a, b| (a.0 - b.0).abs() <= tol && (a.1 - b.1).abs() <= tol);
    if p.len() <= 1 {
        return ConvexPolygon(p);
    }
    let scale = p
        .iter()
        .fold(1.0f64, |m, q| m.max(q.0.abs()).max(q.1.abs()));
    let eps = tol * scale;
    let mut lower: Vec<Point> = Vec::new();
    for &q in &p {
        while lower.len() >= 2
            && cross(lower[lower.len() - 2], lower[lower.len() - 1], q)
                <= eps * dist(lower[lower.len() - 2], q)
        {
            lower.pop();
        }
        lower.push(q);
    }
    let mut upper: Vec<Point> = Vec::new();
    for &q in p.iter().rev() {
        while upper.len() >= 2
            && cross(upper[upper.len() - 2], upper[upper.len() - 1], q)
                <= eps * dist(upper[upper.len() - 2], q)
        {
            upper.pop();
        }
        upper.push(q);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    if lower.len() == 2
        && (lower[0].0 - lower[1].0).abs() <= tol
        && (lower[0].1 - lower[1].1).abs() <= tol
    {
        lower.pop();
    }
    ConvexPolygon(lower)
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
