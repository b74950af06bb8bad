//! Small planar helpers on convex polygons given by their corners counter-clockwise (as
//! [`crate::geometry::ConvexPolygon`] stores them, including the degenerate 2-corner
//! segment and 1-corner point): clipping by a half-plane (Sutherland & Hodgman 1974,
//! specialised to one convex clip edge) and the intersection of half-planes by clipping a
//! box that surely holds it, the distance from a point to a polygon, the
//! Hausdorff distance between two polygons and a convex decomposition of a point into
//! corners (fan triangulation and barycentric weights).

use crate::geometry::Point;
use crate::tolerance::CONVEX_WEIGHT_DROP;

/// Clips the convex polygon `poly` (corners ccw; 1 or 2 corners allowed) to the
/// half-plane `coef · w[axis] ≥ rhs`, appending the corners of the result to `out`.
/// Points within `tol` of the boundary count as inside. A corner strictly outside is
/// replaced by the crossings of the boundary line with the edges that leave or enter.
pub fn clip_axis(poly: &[Point], axis: usize, coef: f64, rhs: f64, tol: f64, out: &mut Vec<Point>) {
    let f = |p: Point| coef * if axis == 0 { p.0 } else { p.1 } - rhs;
    let n = poly.len();
    match n {
        0 => {}
        1 => {
            if f(poly[0]) >= -tol {
                out.push(poly[0]);
            }
        }
        _ => {
            for k in 0..n {
                let p = poly[k];
                let q = poly[(k + 1) % n];
                let (fp, fq) = (f(p), f(q));
                let p_in = fp >= -tol;
                let q_in = fq >= -tol;
                if p_in {
                    out.push(p);
                }
                if p_in != q_in && (fp - fq).abs() > 0.0 {
                    // Crossing of the edge p→q with the line f = 0.
                    let t = fp / (fp - fq);
                    let t = t.clamp(0.0, 1.0);
                    out.push((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)));
                }
                if n == 2 {
                    // A segment is the closed chain p→q→p: one pass over p→q and the
                    // corner q suffice.
                    if q_in {
                        out.push(q);
                    }
                    break;
                }
            }
        }
    }
}

/// Clips the convex polygon `poly` (corners ccw; 1 or 2 corners allowed) to the
/// half-plane `normal · w ≤ level`, appending the corners of the result to `out`. Points
/// within `tol` of the boundary line (in the units of `normal · w`) count as inside; a
/// corner strictly outside is replaced by the crossings of the line with the edges that
/// leave or enter (as in [`clip_axis`]).
pub fn clip_halfplane(poly: &[Point], normal: Point, level: f64, tol: f64, out: &mut Vec<Point>) {
    // level − normal·w ≥ 0 is clip_axis's `coef · w ≥ rhs` along the direction −normal.
    let f = |p: Point| level - normal.0 * p.0 - normal.1 * p.1;
    let n = poly.len();
    match n {
        0 => {}
        1 => {
            if f(poly[0]) >= -tol {
                out.push(poly[0]);
            }
        }
        _ => {
            let edges = if n == 2 { 1 } else { n };
            for k in 0..edges {
                let p = poly[k];
                let q = poly[(k + 1) % n];
                let (fp, fq) = (f(p), f(q));
                let (p_in, q_in) = (fp >= -tol, fq >= -tol);
                if p_in {
                    out.push(p);
                }
                if p_in != q_in && (fp - fq).abs() > 0.0 {
                    let t = (fp / (fp - fq)).clamp(0.0, 1.0);
                    out.push((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)));
                }
                if n == 2 && q_in {
                    out.push(q);
                }
            }
        }
    }
}

/// The polygon `{w : normals[l] · w ≤ levels[l] for every l}`, corners counter-clockwise
/// as [`hull`] orders them (exactly collinear corners merged), or empty when the
/// half-planes have no common point. The normals must be unit vectors that surround the
/// origin — every angle between consecutive ones below π — so that the intersection is
/// bounded: it then lies within `max |level| / cos(gap / 2)` of the origin, and clipping a
/// square of twice that size by each half-plane in turn (O(normals²) work) gives it.
pub fn halfplane_intersection(normals: &[Point], levels: &[f64]) -> Vec<Point> {
    let mut angles: Vec<f64> = normals.iter().map(|h| h.1.atan2(h.0)).collect();
    angles.sort_by(f64::total_cmp);
    let gap = angles
        .windows(2)
        .map(|w| w[1] - w[0])
        .chain(
            angles
                .first()
                .zip(angles.last())
                .map(|(a, b)| a + std::f64::consts::TAU - b),
        )
        .fold(0.0f64, f64::max);
    let reach = levels.iter().fold(1.0f64, |m, c| m.max(c.abs()));
    let r = 2.0 * reach / (0.5 * gap.min(3.0)).cos();
    let mut poly = vec![(-r, -r), (r, -r), (r, r), (-r, r)];
    let mut next = Vec::with_capacity(poly.len() + 2);
    for (&h, &c) in normals.iter().zip(levels) {
        next.clear();
        clip_halfplane(&poly, h, c, 0.0, &mut next);
        std::mem::swap(&mut poly, &mut next);
        if poly.is_empty() {
            break;
        }
    }
    hull(&poly, 0.0)
}

/// The convex hull of `points`, corners counter-clockwise from the lexicographically
/// smallest, with every corner farther than `tol` from the line through its neighbours
/// (so no corner lies inside an edge): 2 corners for a segment, 1 for a point.
///
/// Andrew's monotone chain (1979) with the exact sign of the cross product decides the
/// hull of the points as given; near-collinear corners are removed afterwards, on the
/// closed ring. (Dropping near-collinear points inside the chain instead can discard a
/// true corner when nearly vertical runs of points come out of the sort in a zigzag.)
pub fn hull(points: &[Point], tol: f64) -> Vec<Point> {
    let mut work = points.to_vec();
    let mut out = Vec::with_capacity(points.len() + 1);
    hull_in_place(&mut work, &mut out, tol);
    out
}

/// [`hull`] without allocating: sorts `points` in place (its contents are scratch
/// afterwards) and writes the corners into `out`.
pub fn hull_in_place(points: &mut Vec<Point>, out: &mut Vec<Point>, tol: f64) {
    out.clear();
    points.retain(|q| q.0.is_finite() && q.1.is_finite());
    points.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    points.dedup();
    let p = &points[..];
    if p.len() <= 2 {
        out.extend_from_slice(p);
        collapse(out, tol);
        return;
    }
    let cross =
        |o: Point, a: Point, b: Point| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    // Lower chain, then the upper chain appended after it (Andrew's monotone chain).
    for &q in p {
        while out.len() >= 2 && cross(out[out.len() - 2], out[out.len() - 1], q) <= 0.0 {
            out.pop();
        }
        out.push(q);
    }
    let lower_len = out.len();
    for &q in p.iter().rev().skip(1) {
        while out.len() > lower_len && cross(out[out.len() - 2], out[out.len() - 1], q) <= 0.0 {
            out.pop();
        }
        out.push(q);
    }
    // The last point pushed is the first corner again.
    out.pop();
    prune_corners(out, tol);
    collapse(out, tol);
    let start = (0..out.len())
        .min_by(|&i, &j| {
            out[i]
                .0
                .total_cmp(&out[j].0)
                .then(out[i].1.total_cmp(&out[j].1))
        })
        .unwrap_or(0);
    out.rotate_left(start);
}

/// Two corners closer than `tol` become one.
fn collapse(v: &mut Vec<Point>, tol: f64) {
    if v.len() == 2 && (v[0].0 - v[1].0).abs() <= tol && (v[0].1 - v[1].1).abs() <= tol {
        v.pop();
    }
}

/// Removes corners of the convex polygon `poly` (ccw) that lie within `tol` of the line
/// through their two neighbours, repeatedly, so that no corner sits inside an edge; a
/// polygon that collapses keeps its two farthest corners (a segment).
pub fn prune_corners(poly: &mut Vec<Point>, tol: f64) {
    // Distance of p from the segment a–b; a corner beyond either end (the end of a
    // degenerate, collinear ring) is a true extreme point and is never "inside an edge".
    let off = |a: Point, p: Point, b: Point| {
        let (ax, ay) = (b.0 - a.0, b.1 - a.1);
        let len2 = ax * ax + ay * ay;
        let (px, py) = (p.0 - a.0, p.1 - a.1);
        if len2 <= 0.0 {
            return px.hypot(py);
        }
        let t = (px * ax + py * ay) / len2;
        if !(0.0..=1.0).contains(&t) {
            return f64::INFINITY;
        }
        (ax * py - ay * px).abs() / len2.sqrt()
    };
    // Passes over the ring, each dropping a corner when it is within `tol` of the line
    // through the last kept corner and the next one, until a pass drops nothing.
    loop {
        let n = poly.len();
        if n < 3 {
            return;
        }
        let mut keep = vec![true; n];
        let mut dropped = 0;
        // Each decision is made on the ring as it stands: the previous corner is the
        // last one kept, the next one has not been decided yet, and for the last corner
        // the next is the first corner kept.
        let mut prev = n - 1;
        let mut first_kept: Option<usize> = None;
        for k in 0..n {
            let next = if k + 1 == n {
                first_kept.unwrap_or(0)
            } else {
                k + 1
            };
            if next == k || prev == k {
                break;
            }
            if n - dropped > 2 && off(poly[prev], poly[k], poly[next]) <= tol {
                keep[k] = false;
                dropped += 1;
            } else {
                prev = k;
                first_kept.get_or_insert(k);
            }
        }
        if dropped == 0 {
            return;
        }
        let mut k = 0;
        poly.retain(|_| {
            k += 1;
            keep[k - 1]
        });
    }
}

/// An upper bound on the Hausdorff distance between two polygons with the same number
/// of corners listed from the same starting corner: the largest distance between
/// corresponding corners (`None` when the counts differ).
pub fn corner_distance(p: &[Point], q: &[Point]) -> Option<f64> {
    (p.len() == q.len()).then(|| {
        p.iter()
            .zip(q)
            .map(|(a, b)| (a.0 - b.0).hypot(a.1 - b.1))
            .fold(0.0, f64::max)
    })
}

/// Distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (ax, ay) = (b.0 - a.0, b.1 - a.1);
    let len2 = ax * ax + ay * ay;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * ax + (p.1 - a.1) * ay) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (dx, dy) = (a.0 + t * ax - p.0, a.1 + t * ay - p.1);
    (dx * dx + dy * dy).sqrt()
}

/// Distance from `p` to the convex polygon `poly` (0 inside). Infinite for an empty
/// polygon.
pub fn distance_to(poly: &[Point], p: Point) -> f64 {
    let n = poly.len();
    match n {
        0 => f64::INFINITY,
        1 => segment_distance(p, poly[0], poly[0]),
        2 => segment_distance(p, poly[0], poly[1]),
        _ => {
            let inside = (0..n).all(|k| {
                let (a, b) = (poly[k], poly[(k + 1) % n]);
                (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0) >= 0.0
            });
            if inside {
                return 0.0;
            }
            (0..n)
                .map(|k| segment_distance(p, poly[k], poly[(k + 1) % n]))
                .fold(f64::INFINITY, f64::min)
        }
    }
}

/// The point of the convex polygon `poly` nearest to `p` (`p` itself when inside;
/// `None` for an empty polygon).
pub fn nearest(poly: &[Point], p: Point) -> Option<Point> {
    let n = poly.len();
    if n == 0 {
        return None;
    }
    if n >= 3 && distance_to(poly, p) == 0.0 {
        return Some(p);
    }
    let foot = |a: Point, b: Point| {
        let (ax, ay) = (b.0 - a.0, b.1 - a.1);
        let len2 = ax * ax + ay * ay;
        let t = if len2 > 0.0 {
            (((p.0 - a.0) * ax + (p.1 - a.1) * ay) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        (a.0 + t * ax, a.1 + t * ay)
    };
    let edges = if n <= 2 { 1 } else { n };
    (0..edges)
        .map(|k| foot(poly[k], poly[(k + 1) % n]))
        .min_by(|x, y| {
            let dx = (x.0 - p.0).hypot(x.1 - p.1);
            let dy = (y.0 - p.0).hypot(y.1 - p.1);
            dx.total_cmp(&dy)
        })
}

/// Hausdorff distance between two convex polygons. For convex sets the distance to a
/// convex set is a convex function, so its maximum over a polygon is attained at a
/// corner: checking corners both ways is exact.
pub fn hausdorff(p: &[Point], q: &[Point]) -> f64 {
    if p.is_empty() && q.is_empty() {
        return 0.0;
    }
    let one = |x: &[Point], y: &[Point]| x.iter().map(|&v| distance_to(y, v)).fold(0.0, f64::max);
    one(p, q).max(one(q, p))
}

/// The intersection of the convex polygons `p` and `q` (corners ccw; a point or a segment
/// allowed for either), corners ccw as [`hull`] orders them with its `tol`; empty when
/// they miss each other. `p` is clipped by each edge's half-plane of `q` (for a segment,
/// its two sides and its two end caps; for a point, the four sides of its box).
pub fn intersection(p: &[Point], q: &[Point], tol: f64) -> Vec<Point> {
    let mut cut: Vec<(Point, f64)> = Vec::new();
    match q.len() {
        0 => return Vec::new(),
        1 => {
            let a = q[0];
            for n in [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)] {
                cut.push((n, n.0 * a.0 + n.1 * a.1));
            }
        }
        n => {
            let ring = if n == 2 { 2 } else { n };
            for k in 0..ring {
                let (a, b) = (q[k], q[(k + 1) % n]);
                let len = (b.0 - a.0).hypot(b.1 - a.1);
                if len <= 0.0 {
                    continue;
                }
                // The outward (right) normal of the edge a → b.
                let out = ((b.1 - a.1) / len, -(b.0 - a.0) / len);
                cut.push((out, out.0 * a.0 + out.1 * a.1));
                if n == 2 {
                    // The end cap beyond a: (w − a)·(a − b) ≤ 0.
                    let cap = ((a.0 - b.0) / len, (a.1 - b.1) / len);
                    cut.push((cap, cap.0 * a.0 + cap.1 * a.1));
                }
            }
        }
    }
    let mut cur = hull(p, tol);
    let mut out = Vec::with_capacity(cur.len() + 1);
    for (normal, level) in cut {
        out.clear();
        clip_halfplane(&cur, normal, level, 0.0, &mut out);
        cur = hull(&out, tol);
        if cur.is_empty() {
            break;
        }
    }
    cur
}

/// Writes `p` as a convex combination of corners of `poly`: a list of (corner index,
/// weight) with weights ≥ 0 summing to 1, from the fan triangulation around corner 0.
/// Points outside (beyond `tol`) give `None`; points just outside are projected onto the
/// nearest triangle first.
pub fn convex_weights(poly: &[Point], p: Point, tol: f64) -> Option<Vec<(usize, f64)>> {
    let n = poly.len();
    if n == 0 || distance_to(poly, p) > tol {
        return None;
    }
    if n == 1 {
        return Some(vec![(0, 1.0)]);
    }
    if n == 2 {
        let (a, b) = (poly[0], poly[1]);
        let len2 = (b.0 - a.0).powi(2) + (b.1 - a.1).powi(2);
        let t = if len2 > 0.0 {
            (((p.0 - a.0) * (b.0 - a.0) + (p.1 - a.1) * (b.1 - a.1)) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        return Some(clean(vec![(0, 1.0 - t), (1, t)]));
    }
    // Pick the fan triangle (0, k, k+1) nearest to p (containing it when inside).
    let mut best: Option<(f64, Vec<(usize, f64)>)> = None;
    for k in 1..n - 1 {
        let (a, b, c) = (poly[0], poly[k], poly[k + 1]);
        let det = (b.0 - a.0) * (c.1 - a.1) - (c.0 - a.0) * (b.1 - a.1);
        if det.abs() <= f64::MIN_POSITIVE {
            continue;
        }
        let l1 = ((p.0 - a.0) * (c.1 - a.1) - (c.0 - a.0) * (p.1 - a.1)) / det;
        let l2 = ((b.0 - a.0) * (p.1 - a.1) - (p.0 - a.0) * (b.1 - a.1)) / det;
        let l0 = 1.0 - l1 - l2;
        let miss = (-l0).max(-l1).max(-l2).max(0.0);
        if best.as_ref().is_none_or(|(m, _)| miss < *m) {
            let (c0, c1, c2) = (l0.max(0.0), l1.max(0.0), l2.max(0.0));
            let s = c0 + c1 + c2;
            best = Some((miss, vec![(0, c0 / s), (k, c1 / s), (k + 1, c2 / s)]));
        }
    }
    best.map(|(_, w)| clean(w))
}

fn clean(w: Vec<(usize, f64)>) -> Vec<(usize, f64)> {
    w.into_iter()
        .filter(|&(_, x)| x > CONVEX_WEIGHT_DROP)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: [Point; 4] = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)];

    #[test]
    fn intersections_of_squares_segments_and_points() {
        // The square and its copy moved by (1, 1) share the unit square [1, 2]².
        let moved: Vec<Point> = SQUARE.iter().map(|p| (p.0 + 1.0, p.1 + 1.0)).collect();
        let both = intersection(&SQUARE, &moved, 1e-12);
        assert_eq!(both.len(), 4, "{both:?}");
        assert!((hausdorff(&both, &[(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0)])) < 1e-12);
        // The diagonal clipped to the square, the square clipped to a segment and a point.
        let diagonal = intersection(&[(-1.0, -1.0), (3.0, 3.0)], &SQUARE, 1e-12);
        assert!(
            hausdorff(&diagonal, &[(0.0, 0.0), (2.0, 2.0)]) < 1e-12,
            "{diagonal:?}"
        );
        let side = intersection(&SQUARE, &[(1.0, 0.0), (1.0, 5.0)], 1e-12);
        assert!(
            hausdorff(&side, &[(1.0, 0.0), (1.0, 2.0)]) < 1e-12,
            "{side:?}"
        );
        assert_eq!(
            intersection(&SQUARE, &[(1.0, 1.0)], 1e-12),
            vec![(1.0, 1.0)]
        );
        assert!(intersection(&SQUARE, &[(3.0, 3.0)], 1e-12).is_empty());
        assert!(intersection(&SQUARE, &[], 1e-12).is_empty());
    }

    #[test]
    fn clipping_a_square() {
        let mut out = Vec::new();
        clip_axis(&SQUARE, 0, 1.0, 1.0, 0.0, &mut out);
        assert_eq!(out, vec![(1.0, 0.0), (2.0, 0.0), (2.0, 2.0), (1.0, 2.0)]);
        out.clear();
        clip_axis(&SQUARE, 1, 1.0, 3.0, 0.0, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn clipping_a_segment_and_a_point() {
        let mut out = Vec::new();
        clip_axis(&[(0.0, 0.0), (2.0, 2.0)], 0, 1.0, 1.0, 0.0, &mut out);
        assert_eq!(out, vec![(1.0, 1.0), (2.0, 2.0)]);
        out.clear();
        clip_axis(&[(1.0, 1.0)], 1, 2.0, 2.0, 0.0, &mut out);
        assert_eq!(out, vec![(1.0, 1.0)]);
    }

    #[test]
    fn hull_keeps_the_corner_of_a_zigzag_vertical_run() {
        // Nearly vertical points whose x differ in the last bits: sorting by x puts
        // them in zigzag order of y; the bottom corner (4, 5) must survive.
        let pts = [
            (3.999999999991977, 7.94),
            (3.999999999991977, 5.15),
            (3.9999999999919775, 7.19),
            (3.999999999991978, 8.13),
            (3.999999999991978, 4.999999999988771),
            (3.9999999999919784, 7.37),
            (4.15, 4.99999999998877),
            (9.0, 7.0),
            (4.15, 8.39),
        ];
        let h = hull(&pts, 1e-9);
        assert!(
            h.iter()
                .any(|p| (p.0 - 4.0).abs() < 1e-9 && (p.1 - 5.0).abs() < 1e-9),
            "{h:?}"
        );
        assert_eq!(h.len(), 5, "{h:?}");
    }

    #[test]
    fn hull_of_collinear_and_equal_points() {
        assert_eq!(
            hull(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)], 1e-9),
            vec![(0.0, 0.0), (2.0, 2.0)]
        );
        assert_eq!(hull(&[(1.0, 1.0), (1.0, 1.0 + 1e-12)], 1e-9).len(), 1);
        assert!(hull(&[], 1e-9).is_empty());
        // A cluster of nearly equal corners across the start of the ring keeps one.
        let ring = [
            (-2.0000000000003375, 0.9999999999997748),
            (5.0, 0.999999999999775),
            (5.0, 2.0),
            (-2.0000000000003375, 0.9999999999998874),
        ];
        let mut r = ring.to_vec();
        prune_corners(&mut r, 1e-9);
        assert_eq!(r.len(), 3, "{r:?}");
        // A collinear ring keeps its two ends, never an end and a middle point.
        assert_eq!(
            hull(&[(0.0, 2.0), (0.2, 1.95), (4.0, 1.0)], 1e-9),
            vec![(0.0, 2.0), (4.0, 1.0)]
        );
    }

    #[test]
    fn half_planes_meet_in_the_square_they_cut() {
        let normals = [(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0)];
        let sq = halfplane_intersection(&normals, &[2.0, 2.0, 0.0, 0.0]);
        assert_eq!(sq.len(), 4, "{sq:?}");
        for (p, q) in sq.iter().zip(SQUARE) {
            assert!(
                (p.0 - q.0).abs() < 1e-12 && (p.1 - q.1).abs() < 1e-12,
                "{sq:?}"
            );
        }
        // A redundant diagonal leaves it; a cutting one takes a corner off.
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let mut n8 = normals.to_vec();
        n8.push((s, s));
        assert_eq!(
            halfplane_intersection(&n8, &[2.0, 2.0, 0.0, 0.0, 10.0]).len(),
            4
        );
        let cut = halfplane_intersection(&n8, &[2.0, 2.0, 0.0, 0.0, 3.0 * s]);
        assert_eq!(cut.len(), 5, "{cut:?}");
        assert!(
            cut.iter()
                .any(|p| (p.0 - 1.0).abs() < 1e-12 && (p.1 - 2.0).abs() < 1e-12)
        );
        // Levels that cannot all hold give nothing.
        assert!(halfplane_intersection(&normals, &[-1.0, 2.0, 0.0, 0.0]).is_empty());
        let mut out = Vec::new();
        clip_halfplane(&[(0.0, 0.0), (2.0, 2.0)], (1.0, 0.0), 1.0, 0.0, &mut out);
        assert_eq!(out, vec![(0.0, 0.0), (1.0, 1.0)]);
    }

    #[test]
    fn distances() {
        assert_eq!(distance_to(&SQUARE, (1.0, 1.0)), 0.0);
        assert!((distance_to(&SQUARE, (3.0, 1.0)) - 1.0).abs() < 1e-12);
        let small = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        assert!((hausdorff(&SQUARE, &small) - 2f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn weights_reproduce_the_point() {
        let p = (1.5, 0.5);
        let w = convex_weights(&SQUARE, p, 1e-12).unwrap();
        let s: f64 = w.iter().map(|x| x.1).sum();
        let x: f64 = w.iter().map(|&(k, l)| l * SQUARE[k].0).sum();
        let y: f64 = w.iter().map(|&(k, l)| l * SQUARE[k].1).sum();
        assert!((s - 1.0).abs() < 1e-12 && (x - 1.5).abs() < 1e-12 && (y - 0.5).abs() < 1e-12);
        assert!(convex_weights(&SQUARE, (3.0, 3.0), 1e-9).is_none());
    }
}
