//! Equilibration of a linear program, in the spirit of Curtis & Reid (1972), "On the
//! automatic scaling of matrices for Gaussian elimination", *J. Inst. Maths Applics* 10:
//! each variable is measured in units of its bounds, then each constraint row is divided
//! by its largest coefficient and the objective by its largest, so that payoffs of size
//! 10⁴ or 10¹² meet the solver as numbers of size one. The scaled problem has the same
//! solutions; this module maps primal values and dual multipliers between the two.

use super::LinearProgram;

/// A program and its scaled twin: `x = col ∘ x′`, scaled row `r` = row `r` / `row[r]`,
/// scaled objective = objective / `obj`.
#[derive(Debug, Clone)]
pub(crate) struct Scaled {
    /// The scaled program: bounds within [−1, 1] (or a fraction of one), every row's and
    /// the objective's largest coefficient one (or the row is empty).
    pub lp: LinearProgram,
    /// The unit of each variable: the larger of its bounds' sizes, at least one.
    pub col: Vec<f64>,
    /// The divisor of each row: its largest coefficient after the column scaling.
    pub row: Vec<f64>,
    /// The divisor of the objective.
    pub obj: f64,
}

impl Scaled {
    /// The scaled twin of `lp`.
    pub fn of(lp: &LinearProgram) -> Scaled {
        let col: Vec<f64> = lp
            .bounds
            .iter()
            .map(|&(lo, hi)| lo.abs().max(hi.abs()).max(1.0))
            .collect();
        let obj = lp
            .objective
            .iter()
            .zip(&col)
            .fold(0.0f64, |m, (c, s)| m.max((c * s).abs()))
            .max(f64::MIN_POSITIVE);
        let mut scaled = LinearProgram::new();
        for ((&c, &(lo, hi)), &s) in lp.objective.iter().zip(&lp.bounds).zip(&col) {
            scaled.var(c * s / obj, (lo / s, hi / s));
        }
        let mut row = Vec::with_capacity(lp.rows.len());
        for (terms, sense, rhs) in &lp.rows {
            let size = terms
                .iter()
                .fold(0.0f64, |m, &(v, c)| m.max((c * col[v]).abs()));
            let scale = if size > 0.0 { size } else { 1.0 };
            let terms = terms
                .iter()
                .map(|&(v, c)| (v, c * col[v] / scale))
                .collect();
            scaled.constraint(terms, *sense, rhs / scale);
            row.push(scale);
        }
        Scaled {
            lp: scaled,
            col,
            row,
            obj,
        }
    }

    /// Scaled values `x′` of the original variables `x`.
    pub fn scaled_x(&self, x: &[f64]) -> Vec<f64> {
        x.iter().zip(&self.col).map(|(v, s)| v / s).collect()
    }

    /// Original values `x` of the scaled variables `x′`.
    pub fn unscaled(&self, x: &[f64]) -> Vec<f64> {
        x.iter().zip(&self.col).map(|(v, s)| v * s).collect()
    }

    /// The scaled program's multipliers `y′` of the original rows' multipliers `y`
    /// (`c = Aᵀy + z` becomes `c′ = A′ᵀy′ + z′` with `y′ᵣ = yᵣ · row[r] / obj`).
    pub fn scaled_duals(&self, y: &[f64]) -> Vec<f64> {
        y.iter()
            .zip(&self.row)
            .map(|(v, r)| v * r / self.obj)
            .collect()
    }

    /// The original rows' multipliers `y` of the scaled program's `y′`.
    pub fn unscaled_duals(&self, y: &[f64]) -> Vec<f64> {
        y.iter()
            .zip(&self.row)
            .map(|(v, r)| v * self.obj / r)
            .collect()
    }
}
