//! The one linear-programming layer: every LP of truce (mixed dominance, minmax and
//! maxmin, the zero-sum value, the correlated equilibrium) is built as a
//! [`LinearProgram`] and solved by [`maximize`] (or [`solve`], which also says how the
//! answer was verified), which
//!
//! 1. scales the problem — each variable by the size of its bounds, then each constraint
//!    row by its largest coefficient and the objective by its largest (`src/lp/scale.rs`) — so that
//!    payoffs of size 10⁴ or 10¹² meet the solver as numbers of size one;
//! 2. solves it with the simplex method of `microlp` (pure Rust);
//! 3. verifies the answer against the *unscaled* problem: every bound and every
//!    constraint within [`crate::tolerance::LP_FEASIBILITY`] of the row's size;
//! 4. verifies that it is optimal: row multipliers recovered from the answer's active set
//!    must prove, by weak duality, that no feasible point is better by more than
//!    [`crate::tolerance::LP_OPTIMALITY`] of the objective's size ([`certificate`]); when
//!    they do not, multipliers from the dual program, solved by the same simplex, may;
//! 5. when either check fails (or the simplex reports an error), solves the program again
//!    by the careful path, an exact rational simplex ([`exact`]), if it is small enough,
//!    and verifies that answer the same way. Only when that fails too is the result an
//!    error — never an unverified answer.
//!
//! Callers receive the variables' values and check what they use (an equilibrium is
//! verified again by its own test).
//!
//! One shape of program is solved apart, by [`weights`]: the thousands of tiny programs
//! over convex weights of the set iterations (perfect public equilibrium payoffs), which
//! need a warm start from one objective to the next and a bound that holds under rounding
//! more than a verified answer; the sets they produce are verified through this layer.

pub mod certificate;
mod dual;
pub mod exact;
mod scale;
pub mod weights;

use std::cell::RefCell;

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use crate::tolerance::{LP_FEASIBILITY, LP_OPTIMALITY};
use certificate::Certificate;
use scale::Scaled;

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
pub type Row = (Vec<(usize, f64)>, Sense, f64);

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

    /// The objective's coefficients, one per variable.
    pub fn objective(&self) -> &[f64] {
        &self.objective
    }

    /// The bounds `(lo, hi)` of each variable.
    pub fn bounds(&self) -> &[(f64, f64)] {
        &self.bounds
    }

    /// The constraints: each one's terms `(variable, coefficient)`, sense and right-hand side.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The objective's value `cᵀx`.
    pub fn value(&self, x: &[f64]) -> f64 {
        self.objective.iter().zip(x).map(|(c, v)| c * v).sum()
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

/// How a verified answer was found and proven optimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The floating-point simplex; multipliers from the answer's active set.
    Simplex,
    /// The floating-point simplex; multipliers from the dual program.
    SimplexDual,
    /// The exact rational simplex (the floating-point answer failed a check).
    Exact,
}

/// A verified optimum.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// The values of the variables.
    pub x: Vec<f64>,
    /// The row multipliers and the duality gap that prove `x` optimal.
    pub certificate: Certificate,
    /// How the answer was found.
    pub route: Route,
}

/// Maximises `lp` (module doc): the values of its variables at a verified optimum.
pub fn maximize(lp: &LinearProgram) -> Result<Vec<f64>, LpError> {
    solve(lp).map(|s| s.x)
}

thread_local! {
    /// The programs solved on this thread while [`recording`] runs.
    static RECORDED: RefCell<Option<Vec<LinearProgram>>> = const { RefCell::new(None) };
}

/// Runs `f` and returns, with its result, every program that this layer was asked to
/// solve on this thread meanwhile: the programs truce builds for an analysis, as they
/// are, for measuring the layer on them (`benches/lp/`). Recordings may nest.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<LinearProgram>) {
    /// Puts the outer recording back (with this one's programs added), even if `f` unwinds.
    struct Restore(Option<Option<Vec<LinearProgram>>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0.take() {
                RECORDED.with(|r| {
                    let mut r = r.borrow_mut();
                    let inner = r.take().unwrap_or_default();
                    *r = outer.map(|mut o| {
                        o.extend(inner);
                        o
                    });
                });
            }
        }
    }
    let outer = RECORDED.with(|r| r.borrow_mut().replace(Vec::new()));
    let guard = Restore(Some(outer));
    let out = f();
    let programs = RECORDED.with(|r| r.borrow().clone().unwrap_or_default());
    drop(guard);
    (out, programs)
}

/// Maximises `lp` (module doc): a verified optimum and how it was found.
pub fn solve(lp: &LinearProgram) -> Result<Solution, LpError> {
    RECORDED.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push(lp.clone());
        }
    });
    let scaled = Scaled::of(lp);
    let failure = match simplex(&scaled) {
        Ok(x) => match check(lp, &x, &scaled) {
            Ok(s) => return Ok(s),
            Err(e) => e,
        },
        Err(e) => e,
    };
    if !exact::fits(lp) {
        return Err(LpError(format!(
            "{}; the program is too large for the exact simplex",
            failure.0
        )));
    }
    maximize_exact(lp).map_err(|e| LpError(format!("{}; exact simplex: {}", failure.0, e.0)))
}

/// Maximises `lp` by the careful path alone: the exact rational simplex, whose optimum
/// and multipliers are checked exactly ([`exact::verify`]), then rounded to `f64`; the
/// rounded answer must be feasible and reach the exact optimal value within
/// [`LP_OPTIMALITY`] of the objective's size (its gap).
pub fn maximize_exact(lp: &LinearProgram) -> Result<Solution, LpError> {
    let opt = exact::maximize(lp)?;
    exact::verify(lp, &opt)?;
    let x: Vec<f64> = opt.x.iter().map(exact::to_f64).collect();
    let duals: Vec<f64> = opt.duals.iter().map(exact::to_f64).collect();
    feasible(lp, &x)?;
    let shortfall = (exact::to_f64(&opt.objective) - lp.value(&x)).abs() / Scaled::of(lp).obj;
    optimal(shortfall)?;
    Ok(Solution {
        x,
        certificate: Certificate {
            duals,
            gap: shortfall,
        },
        route: Route::Exact,
    })
}

/// The floating-point simplex on the scaled program; the answer in the original units.
fn simplex(scaled: &Scaled) -> Result<Vec<f64>, LpError> {
    let lp = &scaled.lp;
    let mut p = Problem::new(OptimizationDirection::Maximize);
    let vars: Vec<_> = lp
        .objective
        .iter()
        .zip(&lp.bounds)
        .map(|(&c, &b)| p.add_var(c, b))
        .collect();
    for (terms, sense, rhs) in &lp.rows {
        let row: Vec<_> = terms.iter().map(|&(v, c)| (vars[v], c)).collect();
        let op = match sense {
            Sense::Ge => ComparisonOp::Ge,
            Sense::Le => ComparisonOp::Le,
            Sense::Eq => ComparisonOp::Eq,
        };
        p.add_constraint(&row[..], op, *rhs);
    }
    let sol = p.solve().map_err(|e| LpError(e.to_string()))?;
    let xs: Vec<f64> = vars.iter().map(|&v| sol[v]).collect();
    Ok(scaled.unscaled(&xs))
}

/// Verifies a floating-point answer: feasible, and proven optimal by the multipliers of
/// its active set or, failing those, of the dual program.
fn check(lp: &LinearProgram, x: &[f64], scaled: &Scaled) -> Result<Solution, LpError> {
    feasible(lp, x)?;
    let (certificate, route) = prove_scaled(scaled, x);
    optimal(certificate.gap)?;
    Ok(Solution {
        x: x.to_vec(),
        certificate,
        route,
    })
}

/// The best certificate the layer finds for an answer `x` of `lp`, from whatever solver:
/// multipliers from its active set ([`certificate::certify`]); failing those, multipliers
/// satisfying its active set's optimality conditions exactly, or solving the whole dual
/// program, both found by the simplex. The gap says whether it is proven optimal (at most
/// [`LP_OPTIMALITY`]); feasibility is not checked here.
pub fn prove(lp: &LinearProgram, x: &[f64]) -> Certificate {
    prove_scaled(&Scaled::of(lp), x).0
}

fn prove_scaled(scaled: &Scaled, x: &[f64]) -> (Certificate, Route) {
    let cert = certificate::certify_scaled(scaled, x);
    if optimal(cert.gap).is_ok() {
        return (cert, Route::Simplex);
    }
    let xs = scaled.scaled_x(x);
    let mut best = cert;
    let routes: [&dyn Fn() -> Result<Vec<f64>, LpError>; 2] =
        [&|| dual::active_multipliers(&scaled.lp, &xs), &|| {
            dual::multipliers(&scaled.lp)
        }];
    for route in routes {
        let Ok(ys) = route() else { continue };
        let gap = certificate::gap(&scaled.lp, &xs, &ys);
        if gap < best.gap {
            best = Certificate {
                duals: scaled.unscaled_duals(&ys),
                gap,
            };
        }
        if optimal(best.gap).is_ok() {
            break;
        }
    }
    (best, Route::SimplexDual)
}

fn feasible(lp: &LinearProgram, x: &[f64]) -> Result<(), LpError> {
    let violation = lp.violation(x);
    if violation.is_nan() || violation > LP_FEASIBILITY {
        return Err(LpError(format!(
            "the solver's answer violates a constraint by {violation:.1e} of its size"
        )));
    }
    Ok(())
}

fn optimal(gap: f64) -> Result<(), LpError> {
    if gap.is_nan() || gap > LP_OPTIMALITY {
        return Err(LpError(format!(
            "the solver's answer is not proven optimal (duality gap {gap:.1e} of the objective's size)"
        )));
    }
    Ok(())
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

    #[test]
    fn the_certificate_of_a_known_optimum_has_the_known_multipliers() {
        // At (1.6, 1.2) both rows are tight: (1, 1) = y₁ (1, 2) + y₂ (3, 1) gives
        // y₁ = 2/5, y₂ = 1/5, and the gap is zero.
        let lp = two_rows(1.0);
        let s = solve(&lp).unwrap();
        assert_eq!(s.route, Route::Simplex);
        let y = &s.certificate.duals;
        assert!(
            (y[0] - 0.4).abs() < 1e-9 && (y[1] - 0.2).abs() < 1e-9,
            "{y:?}"
        );
        assert!(s.certificate.gap < 1e-12, "{:?}", s.certificate);
        let c = certificate::certify(&lp, &[1.6, 1.2]);
        assert!(c.gap < 1e-12, "{c:?}");
    }

    #[test]
    fn a_feasible_answer_that_is_not_optimal_is_rejected() {
        let lp = two_rows(1.0);
        // (2, 0) is a feasible vertex (3x + y ≤ 6 tight) worth 2, not 2.8: no multipliers
        // prove it optimal, and the true ones leave a gap of 0.8 (0.08 of the objective's
        // largest term, 1 × 10).
        for wrong in [[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]] {
            assert!(lp.violation(&wrong) <= LP_FEASIBILITY);
            let c = certificate::certify(&lp, &wrong);
            assert!(c.gap > 1e-3, "{wrong:?}: {c:?}");
            assert!(optimal(c.gap).is_err());
        }
        let g = certificate::relative_gap(&lp, &[2.0, 0.0], &[0.4, 0.2]);
        assert!((g - 0.08).abs() < 1e-12, "{g}");
        // Multipliers of the wrong sign count as zero: they prove nothing here.
        let g = certificate::relative_gap(&lp, &[1.6, 1.2], &[-0.4, -0.2]);
        assert!(g > 0.1, "{g}");
    }

    #[test]
    fn a_degenerate_optimum_is_certified() {
        // A third row through the optimum, x + y ≤ 2.8, makes the vertex degenerate.
        let mut lp = two_rows(1.0);
        lp.constraint(vec![(0, 1.0), (1, 1.0)], Sense::Le, 2.8);
        let s = solve(&lp).unwrap();
        assert!((lp.value(&s.x) - 2.8).abs() < 1e-9, "{s:?}");
        assert!(
            certificate::relative_gap(&lp, &s.x, &s.certificate.duals) <= LP_OPTIMALITY,
            "{s:?}"
        );
    }

    #[test]
    fn the_exact_simplex_finds_the_exact_optimum_and_multipliers() {
        use num_rational::BigRational;
        let q = |n: i64, d: i64| BigRational::new(n.into(), d.into());
        let opt = exact::maximize(&two_rows(1.0)).unwrap();
        assert_eq!(opt.x, vec![q(8, 5), q(6, 5)]);
        assert_eq!(opt.duals, vec![q(2, 5), q(1, 5)]);
        assert_eq!(opt.objective, q(14, 5));
        exact::verify(&two_rows(1.0), &opt).unwrap();
        // Multipliers that do not prove the optimum are refused.
        let mut wrong = opt.clone();
        wrong.duals[1] = q(0, 1);
        assert!(exact::verify(&two_rows(1.0), &wrong).is_err());
        let mut wrong = opt;
        wrong.x = vec![q(2, 1), q(0, 1)];
        assert!(exact::verify(&two_rows(1.0), &wrong).is_err());
    }

    #[test]
    fn the_exact_path_agrees_with_the_float_path_on_an_ill_scaled_degenerate_program() {
        // Rows of size 1e9 and 1, a degenerate third row through the optimum, a variable
        // with bounds of size 1e6, a row with an equality and a Ge row.
        let mut lp = two_rows(1e9);
        lp.constraint(vec![(0, 1e-6), (1, 1e-6)], Sense::Le, 2.8e-6);
        let z = lp.var(-1e-3, (-1e6, 1e6));
        lp.constraint(vec![(z, 1.0), (0, -1.0)], Sense::Ge, -1.6);
        lp.constraint(vec![(z, 2.0), (1, 1.0)], Sense::Eq, 1.2);
        let float = solve(&lp).unwrap();
        let careful = maximize_exact(&lp).unwrap();
        assert_eq!(careful.route, Route::Exact);
        for (a, b) in float.x.iter().zip(&careful.x) {
            assert!((a - b).abs() < 1e-6, "{float:?} vs {careful:?}");
        }
        assert!(
            (careful.x[0] - 1.6).abs() < 1e-12 && careful.x[2].abs() < 1e-12,
            "{careful:?}"
        );
    }

    #[test]
    fn the_exact_path_reports_an_infeasible_program() {
        let mut lp = LinearProgram::new();
        let x = lp.var(1.0, (0.0, 1.0));
        lp.constraint(vec![(x, 1.0)], Sense::Ge, 2.0);
        assert!(exact::maximize(&lp).is_err());
        assert!(maximize_exact(&lp).is_err());
    }

    #[test]
    fn a_program_too_large_for_the_exact_simplex_is_refused_by_it() {
        let mut lp = LinearProgram::new();
        let vars: Vec<_> = (0..60).map(|_| lp.var(1.0, (0.0, 1.0))).collect();
        for &v in &vars {
            lp.constraint(vec![(v, 1.0)], Sense::Le, 0.5);
        }
        assert!(!exact::fits(&lp));
        assert!(exact::maximize(&lp).is_err());
        assert!(solve(&lp).is_ok());
    }

    #[test]
    fn recording_sees_every_program_solved_and_nests() {
        let lp = two_rows(1.0);
        let ((_, inner), outer) = recording(|| {
            let _ = solve(&lp);
            recording(|| solve(&two_rows(2.0)))
        });
        assert_eq!(inner.len(), 1);
        assert_eq!(outer, vec![lp, two_rows(2.0)]);
        assert!(recording(|| ()).1.is_empty());
    }
}
