//! The one linear-programming layer: every LP of truce (mixed dominance, minmax and
//! maxmin, the zero-sum value, the correlated equilibrium) is built as a
//! [`LinearProgram`] and solved by [`maximize`], which
//!
//! 1. scales the problem — each variable by the size of its bounds, then each constraint
//!    row by its largest coefficient and the objective by its largest — so that payoffs of
//!    size 10⁴ or 10¹² meet the solver as numbers of size one (equilibration, in the
//!    spirit of Curtis & Reid 1972; a scaled problem has the same solutions);
//! 2. solves it with the simplex method of `microlp` (pure Rust);
//! 3. verifies the answer against the *unscaled* problem: every bound and every
//!    constraint within [`crate::tolerance::LP_FEASIBILITY`] of the row's size; an answer
//!    that fails is an error, never a result.
//!
//! Callers receive the variables' values and check what they use (an equilibrium is
//! verified again by its own test).

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use crate::tolerance::LP_FEASIBILITY;

/// The sense of a constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// `Σ aⱼ xⱼ ≥ b`.
    Ge,
    /// `Σ aⱼ xⱼ ≤ b`.
    Le,
    /// `Σ aⱼ xⱼ = b`.
    Eq,
}

/// Why an LP could not be solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("linear program failed: {0}")]
pub struct LpError(pub String);

/// One constraint: its terms `(variable, coefficient)`, its sense and its right-hand side.
type Row = (Vec<(usize, f64)>, Sense, f64);

/// A linear program `max cᵀx` subject to bounds `lo ≤ x ≤ hi` and linear constraints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinearProgram {
    objective: Vec<f64>,
    bounds: Vec<(f64, f64)>,
    rows: Vec<Row>,
}

impl LinearProgram {
    /// An empty program.
    pub fn new() -> Self {
        LinearProgram::default()
    }

    /// Adds a variable with objective coefficient `c` and bounds `[lo, hi]` (finite);
    /// returns its index.
    pub fn var(&mut self, c: f64, (lo, hi): (f64, f64)) -> usize {
        self.objective.push(c);
        self.bounds.push((lo, hi));
        self.objective.len() - 1
    }

    /// Adds the constraint `Σ coef · x[var] (sense) rhs`.
    pub fn constraint(&mut self, terms: Vec<(usize, f64)>, sense: Sense, rhs: f64) {
        self.rows.push((terms, sense, rhs));
    }

    /// The number of variables.
    pub fn vars(&self) -> usize {
        self.objective.len()
    }

    /// The largest violation of a bound or a constraint by `x`, each relative to the size
    /// of its row (largest of its coefficients times the largest |x|, and |rhs|, at least 1).
    pub fn violation(&self, x: &[f64]) -> f64 {
        let xmax = x.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        let mut worst = 0.0f64;
        for (k, &(lo, hi)) in self.bounds.iter().enumerate() {
            let scale = lo.abs().max(hi.abs()).max(1.0);
            worst = worst.max((lo - x[k]) / scale).max((x[k] - hi) / scale);
        }
        for (terms, sense, rhs) in &self.rows {
            let lhs: f64 = terms.iter().map(|&(v, c)| c * x[v]).sum();
            let size = terms.iter().fold(0.0f64, |m, &(_, c)| m.max(c.abs())) * xmax;
            let scale = size.max(rhs.abs()).max(1.0);
            let gap = match sense {
                Sense::Ge => rhs - lhs,
                Sense::Le => lhs - rhs,
                Sense::Eq => (lhs - rhs).abs(),
            };
            worst = worst.max(gap / scale);
        }
        worst
    }
}

/// Maximises `lp` (module doc): the values of its variables at a verified optimum of
/// the simplex method.
pub fn maximize(lp: &LinearProgram) -> Result<Vec<f64>, LpError> {
    let mut p = Problem::new(OptimizationDirection::Maximize);
    // x = s · x′: a variable with bounds far from one is measured in units of its bounds.
    let col: Vec<f64> = lp
        .bounds
        .iter()
        .map(|&(lo, hi)| lo.abs().max(hi.abs()).max(1.0))
        .collect();
    let cmax = lp
        .objective
        .iter()
        .zip(&col)
        .fold(0.0f64, |m, (c, s)| m.max((c * s).abs()))
        .max(f64::MIN_POSITIVE);
    let vars: Vec<_> = lp
        .objective
        .iter()
        .zip(&lp.bounds)
        .zip(&col)
        .map(|((&c, &(lo, hi)), &s)| p.add_var(c * s / cmax, (lo / s, hi / s)))
        .collect();
    for (terms, sense, rhs) in &lp.rows {
        let size = terms
            .iter()
            .fold(0.0f64, |m, &(v, c)| m.max((c * col[v]).abs()));
        let scale = if size > 0.0 { size } else { 1.0 };
        let row: Vec<_> = terms
            .iter()
            .map(|&(v, c)| (vars[v], c * col[v] / scale))
            .collect();
        let op = match sense {
            Sense::Ge => ComparisonOp::Ge,
            Sense::Le => ComparisonOp::Le,
            Sense::Eq => ComparisonOp::Eq,
        };
        p.add_constraint(&row[..], op, rhs / scale);
    }
    let sol = p.solve().map_err(|e| LpError(e.to_string()))?;
    let x: Vec<f64> = vars.iter().zip(&col).map(|(&v, &s)| sol[v] * s).collect();
    let violation = lp.violation(&x);
    if violation.is_nan() || violation > LP_FEASIBILITY {
        return Err(LpError(format!(
            "the solver's answer violates a constraint by {violation:.1e} of its size"
        )));
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// max x + y, `scale`·(x + 2y) ≤ 4·`scale`, 3x + y ≤ 6, x, y in [0, 10]: optimum (1.6, 1.2).
    fn two_rows(scale: f64) -> LinearProgram {
        let mut lp = LinearProgram::new();
        let x = lp.var(1.0, (0.0, 10.0));
        let y = lp.var(1.0, (0.0, 10.0));
        lp.constraint(vec![(x, scale), (y, 2.0 * scale)], Sense::Le, 4.0 * scale);
        lp.constraint(vec![(x, 3.0), (y, 1.0)], Sense::Le, 6.0);
        lp
    }

    #[test]
    fn a_small_program_is_solved_and_verified() {
        let lp = two_rows(1.0);
        let s = maximize(&lp).unwrap();
        assert!(
            (s[0] - 1.6).abs() < 1e-9 && (s[1] - 1.2).abs() < 1e-9,
            "{s:?}"
        );
        assert!(lp.violation(&s) <= LP_FEASIBILITY);
        assert!(lp.violation(&[3.0, 3.0]) > 0.1);
    }

    #[test]
    fn badly_scaled_rows_are_solved() {
        let s = maximize(&two_rows(1e9)).unwrap();
        assert!(
            (s[0] - 1.6).abs() < 1e-7 && (s[1] - 1.2).abs() < 1e-7,
            "{s:?}"
        );
    }

    #[test]
    fn a_variable_with_huge_bounds_is_solved() {
        // max v subject to v ≤ 1.01e10 x, x in [0, 1], v in [-1, 1.01e10 + 1]: v = 1.01e10.
        let mut lp = LinearProgram::new();
        let x = lp.var(0.0, (0.0, 1.0));
        let v = lp.var(1.0, (-1.0, 1.01e10 + 1.0));
        lp.constraint(vec![(x, 1.01e10), (v, -1.0)], Sense::Ge, 0.0);
        let s = maximize(&lp).unwrap();
        assert!((s[1] - 1.01e10).abs() < 1e-3 * 1.01e10, "{s:?}");
    }

    #[test]
    fn an_infeasible_program_is_an_error() {
        let mut lp = LinearProgram::new();
        let x = lp.var(1.0, (0.0, 1.0));
        lp.constraint(vec![(x, 1.0)], Sense::Ge, 2.0);
        assert!(maximize(&lp).is_err());
    }
}
