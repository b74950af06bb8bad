//! Linear stability of a rest point of the two-population replicator dynamics (Hofbauer
//! & Sigmund 1998, *Evolutionary Games and Population Dynamics*, §10.3–10.5; the
//! linearisation at rest points on faces as in §7.1 and §10.2; Hirsch & Smale 1974 for the
//! classification of linear flows).
//!
//! The flow `ẋᵢ = xᵢ((Ay)ᵢ − xᵀAy)`, `ẏⱼ = yⱼ((Bᵀx)ⱼ − xᵀBy)` keeps each face of the
//! product of simplices. At a rest point `(x, y)` with supports `S` and `T`:
//! 1. **locate** it exactly: the row population is at rest on `S` when the column mix
//!    makes every action of `S` earn the same, `(Ay)ᵢ = (Ay)ₖ` for `i, k ∈ S`, and
//!    similarly for the column population on `T`. From a numerical end point (or the time
//!    average of a closed orbit) the supports are the actions with a share above
//!    [`REPLICATOR_EXTINCT`], and the point is moved to the nearest solution of these
//!    linear conditions (least squares with the pseudo-inverse); it is accepted when the
//!    conditions hold, the shares stay non-negative and the move is at most a given radius
//!    ([`crate::tolerance::REPLICATOR_SNAP`] for end points);
//! 2. **transversal eigenvalues**: an absent action `i ∉ S` has the growth rate
//!    `(Ay)ᵢ − xᵀAy`, which is an eigenvalue of the Jacobian (its row has no other entry
//!    on the face): a mutant of that action grows or dies out at that rate;
//! 3. **eigenvalues on the face**: the Jacobian of the flow restricted to the face, in
//!    the coordinates that drop one action of each population (its share is one minus the
//!    others), i.e. the Jacobian restricted to the tangent spaces of the simplices. With
//!    `u = xᵀAy`, `v = xᵀBy`:
//!    `∂ẋᵢ/∂xₖ = δᵢₖ((Ay)ᵢ − u) − xᵢ(Ay)ₖ`, `∂ẋᵢ/∂yₗ = xᵢ(Aᵢₗ − (xᵀA)ₗ)`, and the same
//!    for `y` with `B`; its eigenvalues come from the real Schur form;
//! 4. **classify**, with zero meaning at most [`REPLICATOR_EIGEN_ZERO`] times the payoff
//!    scale: `stable` when every real part is negative (the rest point attracts every
//!    start close to it), `unstable` when every one is positive, `saddle` when some are of
//!    each sign and none is zero (starts leave it along some directions, though those on
//!    its stable manifold — such as a line of symmetric starts — arrive), `centre` when all
//!    are purely imaginary and nonzero (nearby starts circle it, as at the interior point of
//!    matching pennies), and `non_hyperbolic` otherwise (some real part is zero: the linear
//!    terms do not decide).
//!
//! In bimatrix games the eigenvalues at a rest point inside a face come in pairs `±λ`
//! (the flow there preserves a volume form), so an interior rest point is never stable
//! (§10.4); the stable rest points are the strict equilibria.

use nalgebra::{DMatrix, DVector, Schur};
use serde::Serialize;

use crate::game::Game;
use crate::tolerance::{
    PROB_NEGATIVE, REPLICATOR_EIGEN_ZERO, REPLICATOR_EXTINCT, REPLICATOR_REST_RESIDUAL,
    REPLICATOR_STABILITY_MAX_DIM, REPLICATOR_SVD_EPS,
};

/// The stability of a rest point, from the eigenvalues of its linearisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stability {
    /// Every eigenvalue has a negative real part.
    Stable,
    /// Every eigenvalue has a positive real part.
    Unstable,
    /// Real parts of both signs, none zero.
    Saddle,
    /// Every eigenvalue purely imaginary and nonzero.
    Centre,
    /// Some real part zero (and not a centre).
    NonHyperbolic,
}

impl Stability {
    /// The name used in reports (`stable`, `non_hyperbolic`, …).
    pub fn name(self) -> &'static str {
        match self {
            Stability::Stable => "stable",
            Stability::Unstable => "unstable",
            Stability::Saddle => "saddle",
            Stability::Centre => "centre",
            Stability::NonHyperbolic => "non_hyperbolic",
        }
    }

    /// What it means for starts nearby, for reports.
    pub fn meaning(self) -> &'static str {
        match self {
            Stability::Stable => "nearby starts come back to it",
            Stability::Unstable => "every nearby start leaves it",
            Stability::Saddle => {
                "starts leave it along some directions; only those on its stable manifold arrive"
            }
            Stability::Centre => "nearby starts circle it",
            Stability::NonHyperbolic => "the linearisation does not decide (a zero eigenvalue)",
        }
    }
}

/// The linearisation of the replicator flow at a rest point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Linearisation {
    /// Eigenvalues `(real part, imaginary part)`: the transversal ones (growth rates of the
    /// absent actions) first, then those on the face.
    pub eigenvalues: Vec<(f64, f64)>,
    /// How many of them are transversal.
    pub transversal: usize,
    /// Their classification.
    pub stability: Stability,
}

/// Classifies eigenvalues `(re, im)`, with `|re| ≤ zero` counting as zero.
pub fn classify(eigenvalues: &[(f64, f64)], zero: f64) -> Stability {
    let is_zero = |v: f64| v.abs() <= zero;
    if eigenvalues.iter().any(|e| is_zero(e.0)) {
        if eigenvalues.iter().all(|e| is_zero(e.0) && !is_zero(e.1)) {
            Stability::Centre
        } else {
            Stability::NonHyperbolic
        }
    } else if eigenvalues.iter().all(|e| e.0 < 0.0) {
        Stability::Stable
    } else if eigenvalues.iter().all(|e| e.0 > 0.0) {
        Stability::Unstable
    } else {
        Stability::Saddle
    }
}

/// The actions with a share above [`REPLICATOR_EXTINCT`].
fn support(p: &[f64]) -> Vec<usize> {
    (0..p.len())
        .filter(|&k| p[k] > REPLICATOR_EXTINCT)
        .collect()
}

/// The opponent's mix on `opp` nearest `guess` that makes every action of `own` earn the
/// same under `pay` (`pay[(own action, opponent action)]`), or `None`.
fn indifference(
    pay: &DMatrix<f64>,
    own: &[usize],
    opp: &[usize],
    guess: &[f64],
    scale: f64,
) -> Option<Vec<f64>> {
    let rows = own.len();
    let mut m = DMatrix::zeros(rows, opp.len());
    let mut r = DVector::zeros(rows);
    for (q, &i) in own.iter().enumerate().skip(1) {
        for (c, &j) in opp.iter().enumerate() {
            m[(q - 1, c)] = (pay[(i, j)] - pay[(own[0], j)]) / scale;
        }
    }
    for c in 0..opp.len() {
        m[(rows - 1, c)] = 1.0;
    }
    r[rows - 1] = 1.0;
    let g = DVector::from_iterator(opp.len(), opp.iter().map(|&j| guess[j]));
    let pinv = m.clone().pseudo_inverse(REPLICATOR_SVD_EPS).ok()?;
    let sol = &g - pinv * (&m * &g - &r);
    let residual = (&m * &sol - &r).amax();
    // NaN fails every test here (a not-a-number solution is no rest point).
    let fine = residual <= REPLICATOR_REST_RESIDUAL && sol.iter().all(|v| *v >= -PROB_NEGATIVE);
    if !fine {
        return None;
    }
    let mut out = vec![0.0; guess.len()];
    for (c, &j) in opp.iter().enumerate() {
        out[j] = sol[c].max(0.0);
    }
    let s: f64 = out.iter().sum();
    if s.is_nan() || s <= 0.0 {
        return None;
    }
    out.iter_mut().for_each(|v| *v /= s);
    Some(out)
}

/// The rest point of the replicator flow nearest `(x, y)` on the face of the actions with a
/// share above [`REPLICATOR_EXTINCT`] (step 1 of the module doc), or `None` when there is
/// none within `radius` (every share; [`crate::tolerance::REPLICATOR_SNAP`] for end
/// points) or the face has more than [`REPLICATOR_STABILITY_MAX_DIM`] dimensions.
pub fn rest_point_near(
    game: &Game,
    x: &[f64],
    y: &[f64],
    radius: f64,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let (s, t) = (support(x), support(y));
    // The least-squares solve costs the cube of the supports, like the linearisation.
    if s.is_empty() || t.is_empty() || s.len() + t.len() - 2 > REPLICATOR_STABILITY_MAX_DIM {
        return None;
    }
    let scale = game.payoff_scale().max(1.0);
    // The column mix makes the row player indifferent on S, and vice versa.
    let ys = indifference(game.a(), &s, &t, y, scale)?;
    let xs = indifference(&game.b().transpose(), &t, &s, x, scale)?;
    let far = x
        .iter()
        .zip(&xs)
        .chain(y.iter().zip(&ys))
        .fold(0.0f64, |d, (p, q)| d.max((p - q).abs()));
    (far <= radius).then_some((xs, ys))
}

/// The linearisation at the rest point `(x, y)` (steps 2–4 of the module doc; actions with
/// a share at most [`REPLICATOR_EXTINCT`] count as absent). `None` when the face has more
/// than [`REPLICATOR_STABILITY_MAX_DIM`] dimensions or the Schur iteration fails.
pub fn linearise(game: &Game, x: &[f64], y: &[f64]) -> Option<Linearisation> {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let (s, t) = (support(x), support(y));
    if s.is_empty() || t.is_empty() || x.len() != m || y.len() != n {
        return None;
    }
    let dim = s.len() + t.len() - 2;
    if dim > REPLICATOR_STABILITY_MAX_DIM {
        return None;
    }
    let ay: Vec<f64> = (0..m)
        .map(|i| (0..n).map(|j| a[(i, j)] * y[j]).sum())
        .collect();
    let bx: Vec<f64> = (0..n)
        .map(|j| (0..m).map(|i| b[(i, j)] * x[i]).sum())
        .collect();
    let xa: Vec<f64> = (0..n)
        .map(|j| (0..m).map(|i| a[(i, j)] * x[i]).sum())
        .collect();
    let by: Vec<f64> = (0..m)
        .map(|i| (0..n).map(|j| b[(i, j)] * y[j]).sum())
        .collect();
    let u: f64 = (0..m).map(|i| x[i] * ay[i]).sum();
    let v: f64 = (0..n).map(|j| y[j] * bx[j]).sum();
    let mut eigenvalues: Vec<(f64, f64)> = (0..m)
        .filter(|i| !s.contains(i))
        .map(|i| (ay[i] - u, 0.0))
        .chain((0..n).filter(|j| !t.contains(j)).map(|j| (bx[j] - v, 0.0)))
        .collect();
    let transversal = eigenvalues.len();
    if dim > 0 {
        // Full partial derivatives on the face; the reduced coordinates drop s[0], t[0].
        let dxx = |i: usize, k: usize| (if i == k { ay[i] - u } else { 0.0 }) - x[i] * ay[k];
        let dxy = |i: usize, l: usize| x[i] * (a[(i, l)] - xa[l]);
        let dyy = |j: usize, l: usize| (if j == l { bx[j] - v } else { 0.0 }) - y[j] * bx[l];
        let dyx = |j: usize, k: usize| y[j] * (b[(k, j)] - by[k]);
        let (s0, t0) = (s[0], t[0]);
        let (sr, tr) = (&s[1..], &t[1..]);
        let p = sr.len();
        let mut jac = DMatrix::zeros(dim, dim);
        for (r, &i) in sr.iter().enumerate() {
            for (c, &k) in sr.iter().enumerate() {
                jac[(r, c)] = dxx(i, k) - dxx(i, s0);
            }
            for (c, &l) in tr.iter().enumerate() {
                jac[(r, p + c)] = dxy(i, l) - dxy(i, t0);
            }
        }
        for (r, &j) in tr.iter().enumerate() {
            for (c, &k) in sr.iter().enumerate() {
                jac[(p + r, c)] = dyx(j, k) - dyx(j, s0);
            }
            for (c, &l) in tr.iter().enumerate() {
                jac[(p + r, p + c)] = dyy(j, l) - dyy(j, t0);
            }
        }
        if jac.iter().any(|e| !e.is_finite()) {
            return None;
        }
        let schur = Schur::try_new(jac, f64::EPSILON, 1000 * dim.max(10))?;
        eigenvalues.extend(schur.complex_eigenvalues().iter().map(|c| (c.re, c.im)));
    }
    let zero = REPLICATOR_EIGEN_ZERO * game.payoff_scale().max(1.0);
    Some(Linearisation {
        stability: classify(&eigenvalues, zero),
        eigenvalues,
        transversal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::REPLICATOR_SNAP;

    fn game(a: &[Vec<f64>], b: &[Vec<f64>]) -> Game {
        Game::from_rows(a, b).unwrap()
    }

    fn sorted(mut e: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
        e.sort_by(|p, q| p.partial_cmp(q).unwrap());
        e
    }

    #[test]
    fn chicken_mixed_point_is_a_saddle_with_eigenvalues_plus_minus_one() {
        // Chicken [[4, 2], [6, 0]]: the mixed equilibrium is (1/2, 1/2) for both. With
        // p, q = P(swerve), ṗ = p(1−p)(2 − 4q) and q̇ = q(1−q)(2 − 4p), so the Jacobian
        // there is [[0, −1], [−1, 0]], with eigenvalues ±1.
        let g = game(
            &[vec![4.0, 2.0], vec![6.0, 0.0]],
            &[vec![4.0, 6.0], vec![2.0, 0.0]],
        );
        let (x, y) =
            rest_point_near(&g, &[0.5000001, 0.4999999], &[0.5, 0.5], REPLICATOR_SNAP).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-15 && (y[0] - 0.5).abs() < 1e-15);
        let l = linearise(&g, &x, &y).unwrap();
        assert_eq!(l.transversal, 0);
        let e = sorted(l.eigenvalues);
        assert!(
            (e[0].0 + 1.0).abs() < 1e-12 && (e[1].0 - 1.0).abs() < 1e-12,
            "{e:?}"
        );
        assert!(e.iter().all(|v| v.1.abs() < 1e-12));
        assert_eq!(l.stability, Stability::Saddle);
        // The pure equilibria (straight, swerve) and (swerve, straight) are stable: a
        // swerving mutant among the straight earns 4 instead of 6, a straight one among
        // the swerving 0 instead of 2.
        for (x, y) in [([0.0, 1.0], [1.0, 0.0]), ([1.0, 0.0], [0.0, 1.0])] {
            let l = linearise(&g, &x, &y).unwrap();
            assert_eq!(l.transversal, 2);
            assert_eq!(sorted(l.eigenvalues), vec![(-2.0, 0.0), (-2.0, 0.0)]);
            assert_eq!(l.stability, Stability::Stable);
        }
        // At (straight, straight) and (swerve, swerve) mutants of both sides gain 2.
        for p in [[0.0, 1.0], [1.0, 0.0]] {
            let l = linearise(&g, &p, &p).unwrap();
            assert_eq!(sorted(l.eigenvalues), vec![(2.0, 0.0), (2.0, 0.0)]);
            assert_eq!(l.stability, Stability::Unstable);
        }
    }

    #[test]
    fn matching_pennies_interior_point_is_a_centre() {
        let g = game(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        );
        let l = linearise(&g, &[0.5, 0.5], &[0.5, 0.5]).unwrap();
        let e = sorted(l.eigenvalues.clone());
        assert!(e.iter().all(|v| v.0.abs() < 1e-15));
        assert!(
            (e[0].1 + 1.0).abs() < 1e-12 && (e[1].1 - 1.0).abs() < 1e-12,
            "{e:?}"
        );
        assert_eq!(l.stability, Stability::Centre);
        // The time average of an orbit, a little off, is moved onto the rest point.
        let (x, y) =
            rest_point_near(&g, &[0.5002, 0.4998], &[0.4999, 0.5001], REPLICATOR_SNAP).unwrap();
        assert!(
            x.iter().chain(&y).all(|p| (p - 0.5).abs() < 1e-15),
            "{x:?} {y:?}"
        );
    }

    #[test]
    fn prisoners_dilemma_defection_is_stable_and_cooperation_unstable() {
        let g = crate::game::fixtures::pd();
        let l = linearise(&g, &[0.0, 1.0], &[0.0, 1.0]).unwrap();
        // A cooperator among defectors earns 0 against 1: growth rate −1 in each population.
        assert_eq!(l.eigenvalues, vec![(-1.0, 0.0), (-1.0, 0.0)]);
        assert_eq!(l.stability, Stability::Stable);
        let l = linearise(&g, &[1.0, 0.0], &[1.0, 0.0]).unwrap();
        assert_eq!(l.eigenvalues, vec![(2.0, 0.0), (2.0, 0.0)]);
        assert_eq!(l.stability, Stability::Unstable);
    }

    #[test]
    fn a_tie_makes_a_rest_point_non_hyperbolic() {
        // Column is indifferent: the absent column action grows at rate 0.
        let g = game(
            &[vec![1.0, 1.0], vec![0.0, 0.0]],
            &[vec![1.0, 1.0], vec![0.0, 0.0]],
        );
        let l = linearise(&g, &[1.0, 0.0], &[1.0, 0.0]).unwrap();
        assert_eq!(l.stability, Stability::NonHyperbolic);
        assert_eq!(classify(&[], 1e-9), Stability::Stable);
        assert_eq!(classify(&[(0.0, 0.0)], 1e-9), Stability::NonHyperbolic);
        assert_eq!(
            classify(&[(0.0, 1.0), (-1.0, 0.0)], 1e-9),
            Stability::NonHyperbolic
        );
    }

    #[test]
    fn no_rest_point_where_the_conditions_fail() {
        // Far from the interior point of matching pennies there is none on the interior.
        let g = game(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        );
        assert!(rest_point_near(&g, &[0.7, 0.3], &[0.5, 0.5], REPLICATOR_SNAP).is_none());
    }
}
