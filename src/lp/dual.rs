//! The dual of a bounded-variable linear program, solved by the same simplex, for
//! multipliers when the active set of an answer does not give them (see
//! [`super::certificate`]).
//!
//! The dual of `max cᵀx` subject to `lo ≤ x ≤ hi` and rows `aᵣᵀx (≤ | ≥ | =) bᵣ` is
//! `min bᵀy + hiᵀu − loᵀw` subject to `Aᵀy + u − w = c`, `u, w ≥ 0`, `yᵣ ≥ 0` on `≤`
//! rows, `yᵣ ≤ 0` on `≥` rows and free on `=` rows (Chvátal 1983, *Linear Programming*,
//! ch. 5 and 8). It is built from the scaled program, whose coefficients are of size one.

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use super::certificate::{At, active_set};
use super::{LinearProgram, LpError, Sense};

/// Row multipliers of the (scaled) `lp` that satisfy the optimality conditions at `x`
/// exactly as its active set states them: multipliers only on active rows, `zₖ = 0` for
/// every variable inside its bounds and of the sign that holds it at its bound otherwise
/// (a feasibility problem, smaller than the whole dual).
pub(crate) fn active_multipliers(lp: &LinearProgram, x: &[f64]) -> Result<Vec<f64>, LpError> {
    let (active, at) = active_set(lp, x);
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let y: Vec<Option<microlp::Variable>> = lp
        .rows
        .iter()
        .zip(&active)
        .map(|((_, sense, _), &on)| on.then(|| p.add_var(0.0, sign(*sense))))
        .collect();
    let mut columns: Vec<Vec<(microlp::Variable, f64)>> = vec![Vec::new(); lp.vars()];
    for ((terms, _, _), yr) in lp.rows.iter().zip(&y) {
        if let Some(yr) = *yr {
            for &(v, c) in terms {
                columns[v].push((yr, c));
            }
        }
    }
    for (k, mut column) in columns.into_iter().enumerate() {
        let z = match at[k] {
            At::Inside => None,
            At::Lower => Some((f64::NEG_INFINITY, 0.0)),
            At::Upper => Some((0.0, f64::INFINITY)),
            At::Fixed => Some((f64::NEG_INFINITY, f64::INFINITY)),
        };
        if let Some(bounds) = z {
            column.push((p.add_var(0.0, bounds), 1.0));
        }
        p.add_constraint(&column[..], ComparisonOp::Eq, lp.objective[k]);
    }
    let sol = p.solve().map_err(|e| LpError(e.to_string()))?;
    Ok(y.iter().map(|v| v.map_or(0.0, |v| sol[v])).collect())
}

/// The bounds of a row's multiplier.
fn sign(sense: Sense) -> (f64, f64) {
    match sense {
        Sense::Le => (0.0, f64::INFINITY),
        Sense::Ge => (f64::NEG_INFINITY, 0.0),
        Sense::Eq => (f64::NEG_INFINITY, f64::INFINITY),
    }
}

/// Row multipliers of the (scaled) `lp` that solve its dual.
pub(crate) fn multipliers(lp: &LinearProgram) -> Result<Vec<f64>, LpError> {
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let y: Vec<_> = lp
        .rows
        .iter()
        .map(|(_, sense, rhs)| {
            let bounds = match sense {
                Sense::Le => (0.0, f64::INFINITY),
                Sense::Ge => (f64::NEG_INFINITY, 0.0),
                Sense::Eq => (f64::NEG_INFINITY, f64::INFINITY),
            };
            p.add_var(*rhs, bounds)
        })
        .collect();
    let mut columns: Vec<Vec<(microlp::Variable, f64)>> = vec![Vec::new(); lp.vars()];
    for ((terms, _, _), &yr) in lp.rows.iter().zip(&y) {
        for &(v, c) in terms {
            columns[v].push((yr, c));
        }
    }
    for (k, (&(lo, hi), mut column)) in lp.bounds.iter().zip(columns).enumerate() {
        let u = p.add_var(hi, (0.0, f64::INFINITY));
        let w = p.add_var(-lo, (0.0, f64::INFINITY));
        column.push((u, 1.0));
        column.push((w, -1.0));
        p.add_constraint(&column[..], ComparisonOp::Eq, lp.objective[k]);
    }
    let sol = p.solve().map_err(|e| LpError(e.to_string()))?;
    Ok(y.iter().map(|&v| sol[v]).collect())
}
