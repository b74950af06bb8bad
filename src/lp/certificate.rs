//! Optimality certificates by linear-programming duality for a program with bounded
//! variables (the bounded-variable dual and complementary slackness: Chvátal 1983,
//! *Linear Programming*, ch. 5 and 8).
//!
//! For `max cᵀx` subject to `lo ≤ x ≤ hi` and rows `aᵣᵀx (≤ | ≥ | =) bᵣ`, take row
//! multipliers `y` with `yᵣ ≥ 0` on `≤` rows, `yᵣ ≤ 0` on `≥` rows and any sign on `=`
//! rows, and let `z = c − Aᵀy`. Every feasible `x̃` then has
//! `cᵀx̃ ≤ bᵀy + Σₖ max(zₖ hiₖ, zₖ loₖ)` (weak duality: every variable is bounded, so
//! any such `y` is dual feasible). The *gap* of `(x, y)`, that bound minus `cᵀx`, is the
//! sum of complementary-slackness terms
//!
//! `Σᵣ yᵣ (bᵣ − aᵣᵀx) + Σₖ [zₖ⁺ (hiₖ − xₖ) + zₖ⁻ (xₖ − loₖ)]`,
//!
//! each one non-negative for a feasible `x`; it is computed in this form, so large bounds
//! never cancel. A gap of at most `g` proves that no feasible point beats `x` by more than
//! `g`. Gaps are measured on the scaled program (`src/lp/scale.rs`), in units of the
//! objective's largest term.
//!
//! The multipliers are recovered from `x` alone, by the Karush–Kuhn–Tucker conditions on
//! its active set: rows that hold with equality may carry a multiplier, the others carry
//! none, and every variable strictly inside its bounds needs `zₖ = 0`, a linear system
//! solved in the least-squares sense with the smallest norm (by the singular value
//! decomposition). At a degenerate vertex that system has many solutions; when the one
//! found has a multiplier of the wrong sign, or a variable at a bound whose `zₖ` pushes
//! it out, that row is dropped or that variable's condition added and the system solved
//! again, a few times, keeping the multipliers with the smallest gap (in the manner of
//! the active-set method of Lawson & Hanson 1974, *Solving Least Squares Problems*, ch. 23).

use nalgebra::{DMatrix, DVector};

use super::scale::Scaled;
use super::{LinearProgram, Sense};
use crate::tolerance::{LP_ACTIVE, LP_CERTIFICATE_PASSES, LP_SVD_RANK};

/// Row multipliers that bound the objective, and the gap they leave.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    /// The multiplier of each row, in the units of the program as given.
    pub duals: Vec<f64>,
    /// The duality gap on the scaled program: how far, in units of the objective's largest
    /// term, the answer can be from the optimum (infinite when it cannot be bounded).
    pub gap: f64,
}

/// The certificate of `x` for `lp` (module doc): multipliers recovered from the active
/// set of `x` and the gap they prove.
pub fn certify(lp: &LinearProgram, x: &[f64]) -> Certificate {
    certify_scaled(&Scaled::of(lp), x)
}

/// [`certify`] with the scaled program already built.
pub(crate) fn certify_scaled(s: &Scaled, x: &[f64]) -> Certificate {
    let xs = s.scaled_x(x);
    let ys = recover(&s.lp, &xs);
    Certificate {
        gap: gap(&s.lp, &xs, &ys),
        duals: s.unscaled_duals(&ys),
    }
}

/// The gap that row multipliers `y` (in the units of `lp`) prove for `x`, on the scaled
/// program; multipliers of the wrong sign count as zero.
pub fn relative_gap(lp: &LinearProgram, x: &[f64], y: &[f64]) -> f64 {
    let s = Scaled::of(lp);
    gap(&s.lp, &s.scaled_x(x), &s.scaled_duals(y))
}

/// `y` with each multiplier of the wrong sign for its row set to zero.
fn signed(sense: Sense, y: f64) -> f64 {
    match sense {
        Sense::Le => y.max(0.0),
        Sense::Ge => y.min(0.0),
        Sense::Eq => y,
    }
}

/// `z = c − Aᵀy` with the multipliers `y` taken with their signs corrected.
fn reduced_costs(lp: &LinearProgram, y: &[f64]) -> Vec<f64> {
    let mut z = lp.objective.clone();
    for ((terms, sense, _), &yr) in lp.rows.iter().zip(y) {
        let yr = signed(*sense, yr);
        if yr != 0.0 {
            for &(v, c) in terms {
                z[v] -= yr * c;
            }
        }
    }
    z
}

/// The gap of `(x, y)` on `lp` as the sum of complementary-slackness terms (module doc);
/// infinite when a number is not finite.
pub(crate) fn gap(lp: &LinearProgram, x: &[f64], y: &[f64]) -> f64 {
    if x.len() != lp.vars() || y.len() != lp.rows.len() || !x.iter().chain(y).all(|v| v.is_finite())
    {
        return f64::INFINITY;
    }
    let mut total = 0.0f64;
    for ((terms, sense, rhs), &yr) in lp.rows.iter().zip(y) {
        let yr = signed(*sense, yr);
        if yr != 0.0 {
            let lhs: f64 = terms.iter().map(|&(v, c)| c * x[v]).sum();
            total += (yr * (rhs - lhs)).max(0.0);
        }
    }
    for ((zk, &(lo, hi)), &xk) in reduced_costs(lp, y).iter().zip(&lp.bounds).zip(x) {
        total += (zk.max(0.0) * (hi - xk)).max(0.0) + ((-zk).max(0.0) * (xk - lo)).max(0.0);
    }
    if total.is_finite() {
        total
    } else {
        f64::INFINITY
    }
}

/// Where a variable stands at the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    Inside,
    Lower,
    Upper,
    Fixed,
}

/// The active set of `x` on the (scaled) `lp`: which rows hold with equality (every
/// equality row does) and where each variable stands, within [`LP_ACTIVE`].
pub(crate) fn active_set(lp: &LinearProgram, x: &[f64]) -> (Vec<bool>, Vec<At>) {
    let active: Vec<bool> = lp
        .rows
        .iter()
        .map(|(terms, sense, rhs)| {
            let lhs: f64 = terms.iter().map(|&(v, c)| c * x[v]).sum();
            *sense == Sense::Eq || (rhs - lhs).abs() <= LP_ACTIVE
        })
        .collect();
    let at: Vec<At> = lp
        .bounds
        .iter()
        .zip(x)
        .map(|(&(lo, hi), &xk)| {
            if hi - lo <= LP_ACTIVE {
                At::Fixed
            } else if xk - lo <= LP_ACTIVE {
                At::Lower
            } else if hi - xk <= LP_ACTIVE {
                At::Upper
            } else {
                At::Inside
            }
        })
        .collect();
    (active, at)
}

/// Multipliers for `x` on the (scaled) `lp` from the conditions on its active set
/// (module doc): the ones with the smallest gap over a few passes.
fn recover(lp: &LinearProgram, x: &[f64]) -> Vec<f64> {
    let rows = lp.rows.len();
    let (active, at) = active_set(lp, x);
    // The active rows each variable appears in.
    let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); lp.vars()];
    for (r, (terms, _, _)) in lp.rows.iter().enumerate() {
        if active[r] {
            for &(v, c) in terms {
                columns[v].push((r, c));
            }
        }
    }
    let mut stationary: Vec<bool> = at.iter().map(|&a| a == At::Inside).collect();
    let mut allowed = active;
    let mut best = (f64::INFINITY, vec![0.0; rows]);
    for _ in 0..LP_CERTIFICATE_PASSES {
        let y = least_squares(lp, &columns, &stationary, &allowed);
        let g = gap(lp, x, &y);
        if g < best.0 {
            best = (g, y.clone());
        }
        if g == 0.0 {
            break;
        }
        // Drop the rows whose multiplier has the wrong sign, and ask zₖ = 0 of the
        // variables at a bound that their zₖ pushes out of it.
        let mut changed = false;
        for (r, (_, sense, _)) in lp.rows.iter().enumerate() {
            if allowed[r] && (signed(*sense, y[r]) - y[r]).abs() > LP_ACTIVE {
                allowed[r] = false;
                changed = true;
            }
        }
        for (k, zk) in reduced_costs(lp, &y).into_iter().enumerate() {
            let outward = match at[k] {
                At::Lower => zk > LP_ACTIVE,
                At::Upper => zk < -LP_ACTIVE,
                At::Inside | At::Fixed => false,
            };
            if outward && !stationary[k] {
                stationary[k] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    best.1
}

/// The smallest-norm least-squares multipliers of the `allowed` rows that make `zₖ = 0`
/// for every `stationary` variable; the other rows get zero.
fn least_squares(
    lp: &LinearProgram,
    columns: &[Vec<(usize, f64)>],
    stationary: &[bool],
    allowed: &[bool],
) -> Vec<f64> {
    let mut y = vec![0.0; lp.rows.len()];
    let eqs: Vec<usize> = (0..lp.vars()).filter(|&k| stationary[k]).collect();
    // The unknowns: allowed rows that meet some stationary variable.
    let mut index = vec![usize::MAX; lp.rows.len()];
    let mut unknowns = Vec::new();
    for &k in &eqs {
        for &(r, _) in &columns[k] {
            if allowed[r] && index[r] == usize::MAX {
                index[r] = unknowns.len();
                unknowns.push(r);
            }
        }
    }
    if eqs.is_empty() || unknowns.is_empty() {
        return y;
    }
    let mut m = DMatrix::<f64>::zeros(eqs.len(), unknowns.len());
    let mut rhs = DVector::<f64>::zeros(eqs.len());
    for (e, &k) in eqs.iter().enumerate() {
        rhs[e] = lp.objective[k];
        for &(r, c) in &columns[k] {
            if index[r] != usize::MAX {
                m[(e, index[r])] += c;
            }
        }
    }
    let svd = m.svd(true, true);
    let largest = svd.singular_values.max();
    if let Ok(sol) = svd.solve(&rhs, LP_SVD_RANK * largest.max(f64::MIN_POSITIVE)) {
        for (u, &r) in unknowns.iter().enumerate() {
            y[r] = sol[u];
        }
    }
    y
}
