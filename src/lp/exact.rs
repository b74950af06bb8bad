//! The careful path of the LP layer: the simplex method in exact rational arithmetic, for
//! small programs whose floating-point answer could not be verified.
//!
//! Dantzig's primal simplex on a dense tableau (Dantzig 1963, *Linear Programming and
//! Extensions*), with bounded variables handled by upper bounding (Dantzig 1955, "Upper
//! bounds, secondary constraints, and block triangularity in linear programming",
//! *Econometrica* 23): a non-basic variable sits at its lower or its upper bound, and an
//! entering variable may simply move to its other bound. Every row `aᵣᵀx (≤ | ≥ | =) bᵣ`
//! gets a slack `sᵣ` with `aᵣᵀx + sᵣ = bᵣ` (`sᵣ ≥ 0`, `≤ 0` or `= 0`) and an artificial
//! variable; phase one starts from the slacks where they satisfy their rows and from the
//! artificials elsewhere, and drives the artificials to zero (minimising their sum, each
//! relative to its row's size); phase two maximises the objective. Both phases choose
//! the entering and the leaving variable by Bland's smallest-subscript rule (Bland 1977,
//! "New finite pivoting rules for the simplex method", *Math. Oper. Res.* 2), so
//! degenerate programs cannot cycle.
//!
//! The input's `f64` numbers are converted exactly (every finite `f64` is a fraction with
//! a power-of-two denominator) and every operation is exact in [`BigRational`], so the
//! answer is an exact optimum of the program as given; its row multipliers are read off
//! the final tableau (`yᵣ = −dₛᵣ`, the negated reduced cost of the row's slack).
//!
//! Programs built from rounded numbers can miss exact feasibility by a rounding error (the
//! correlated equilibrium's optimal face asks for the welfare of a rounded optimum). When
//! phase one ends with artificials that are not zero but each within [`LP_EXACT_SHIFT`] of
//! its row's size (the artificial of an inequality that holds at the start is the one
//! that relaxes it), they stay at those values: phase two then solves, exactly, the program
//! with those rows' right-hand sides moved by that much, and says so
//! ([`ExactOptimum::shift`]); the answer is then checked against the program as given,
//! within the layer's feasibility tolerance, like any other.

use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{LinearProgram, LpError, Sense};
use crate::tolerance::LP_EXACT_SHIFT;

/// The largest tableau (rows × columns, slacks and artificials included) the exact simplex
/// takes: rational entries grow with every pivot, and a tableau of this size is solved in
/// well under a second (the CE program of a 4×4 game has 24 rows and 64 columns).
pub const EXACT_LIMIT: usize = 3_000;

/// Pivots allowed per column of the tableau before the exact simplex gives up (Bland's rule
/// terminates, but may take many steps; this keeps the careful path bounded in time).
const PIVOTS_PER_COLUMN: usize = 50;

/// An exact optimum.
#[derive(Debug, Clone, PartialEq)]
pub struct ExactOptimum {
    /// The values of the variables.
    pub x: Vec<BigRational>,
    /// The row multipliers proving optimality (`c = Aᵀy + z` with `zₖ ≤ 0` at a lower
    /// bound, `≥ 0` at an upper bound, `= 0` between).
    pub duals: Vec<BigRational>,
    /// The optimal value `cᵀx`.
    pub objective: BigRational,
    /// What was added to each row's right-hand side: zero, unless the program has no
    /// exact solution but one within [`LP_EXACT_SHIFT`] of each row's size (rows built
    /// from rounded numbers), when `x` is the exact optimum of the program so moved.
    pub shift: Vec<BigRational>,
}

/// The size of the tableau the exact simplex would build for `lp`.
pub fn tableau_size(lp: &LinearProgram) -> usize {
    let m = lp.rows.len();
    m.saturating_mul(lp.vars() + 2 * m)
}

/// Whether `lp` is small enough for the exact simplex ([`EXACT_LIMIT`]).
pub fn fits(lp: &LinearProgram) -> bool {
    tableau_size(lp) <= EXACT_LIMIT
}

fn exact(v: f64) -> Result<BigRational, LpError> {
    BigRational::from_float(v).ok_or_else(|| {
        LpError(format!(
            "the program holds a number that is not finite ({v})"
        ))
    })
}

/// The dense tableau `B⁻¹ [A | I | artificials]` with the variables' bounds and values.
struct Tableau {
    t: Vec<Vec<BigRational>>,
    basis: Vec<usize>,
    lo: Vec<Option<BigRational>>,
    hi: Vec<Option<BigRational>>,
    value: Vec<BigRational>,
    at_upper: Vec<bool>,
    basic: Vec<bool>,
    pivots_left: usize,
}

impl Tableau {
    /// The reduced costs `d = c − c_Bᵀ B⁻¹ A` of `cost`.
    fn reduced_costs(&self, cost: &[BigRational]) -> Vec<BigRational> {
        let mut d = cost.to_vec();
        for (row, &b) in self.t.iter().zip(&self.basis) {
            if cost[b].is_zero() {
                continue;
            }
            for (dj, tij) in d.iter_mut().zip(row) {
                if !tij.is_zero() {
                    *dj -= &cost[b] * tij;
                }
            }
        }
        d
    }

    /// Runs the simplex on `cost` to an optimum.
    fn optimize(&mut self, cost: &[BigRational]) -> Result<(), LpError> {
        let mut d = self.reduced_costs(cost);
        loop {
            // Bland: the smallest-index variable whose move improves the objective.
            let entering = (0..d.len()).find(|&j| {
                if self.basic[j] || self.lo[j].is_some() && self.lo[j] == self.hi[j] {
                    return false;
                }
                if self.at_upper[j] {
                    d[j].is_negative()
                } else {
                    d[j].is_positive()
                }
            });
            let Some(j) = entering else {
                return Ok(());
            };
            if self.pivots_left == 0 {
                return Err(LpError(
                    "the exact simplex took too many pivots".to_string(),
                ));
            }
            self.pivots_left -= 1;
            let up = !self.at_upper[j];
            // The step: the entering variable's own range, or the first basic variable to
            // reach a bound (ties to the smallest index, Bland).
            let mut step: Option<BigRational> = match (&self.lo[j], &self.hi[j]) {
                (Some(l), Some(h)) => Some(h - l),
                _ => None,
            };
            let mut leave: Option<(usize, bool)> = None;
            for (i, row) in self.t.iter().enumerate() {
                let rate = if up { row[j].clone() } else { -row[j].clone() };
                if rate.is_zero() {
                    continue;
                }
                let b = self.basis[i];
                // The basic variable moves by −rate per unit step.
                let (room, to_upper) = if rate.is_positive() {
                    match &self.lo[b] {
                        Some(l) => ((&self.value[b] - l) / &rate, false),
                        None => continue,
                    }
                } else {
                    match &self.hi[b] {
                        Some(h) => ((h - &self.value[b]) / -&rate, true),
                        None => continue,
                    }
                };
                let better = match (&step, leave) {
                    (None, _) => true,
                    (Some(s), None) => room < *s,
                    (Some(s), Some((li, _))) => room < *s || room == *s && b < self.basis[li],
                };
                if better {
                    step = Some(room);
                    leave = Some((i, to_upper));
                }
            }
            let Some(theta) = step else {
                return Err(LpError("the program is unbounded".to_string()));
            };
            let signed = if up { theta.clone() } else { -theta.clone() };
            self.value[j] += &signed;
            for (row, &b) in self.t.iter().zip(&self.basis) {
                if !row[j].is_zero() {
                    self.value[b] -= &row[j] * &signed;
                }
            }
            match leave {
                None => self.at_upper[j] = up,
                Some((i, to_upper)) => {
                    let b = self.basis[i];
                    // Land exactly on the bound reached.
                    self.value[b] = if to_upper {
                        self.hi[b].clone()
                    } else {
                        self.lo[b].clone()
                    }
                    .unwrap_or_else(BigRational::zero);
                    self.at_upper[b] = to_upper;
                    self.basic[b] = false;
                    self.basic[j] = true;
                    self.basis[i] = j;
                    self.pivot(i, j, &mut d);
                }
            }
        }
    }

    /// Makes column `j` the unit column of row `i` (and zero in `d`).
    fn pivot(&mut self, i: usize, j: usize, d: &mut [BigRational]) {
        let p = self.t[i][j].clone();
        for v in self.t[i].iter_mut() {
            if !v.is_zero() {
                *v /= &p;
            }
        }
        let pivot_row = std::mem::take(&mut self.t[i]);
        let nonzero: Vec<usize> = (0..pivot_row.len())
            .filter(|&k| !pivot_row[k].is_zero())
            .collect();
        for row in self.t.iter_mut() {
            if row.is_empty() || row[j].is_zero() {
                continue;
            }
            let f = row[j].clone();
            for &k in &nonzero {
                row[k] -= &f * &pivot_row[k];
            }
        }
        if !d[j].is_zero() {
            let f = d[j].clone();
            for &k in &nonzero {
                d[k] -= &f * &pivot_row[k];
            }
        }
        self.t[i] = pivot_row;
    }
}

/// Maximises `lp` exactly (module doc); an error when the program is infeasible, or
/// larger than [`EXACT_LIMIT`], or needs more pivots than the path allows.
pub fn maximize(lp: &LinearProgram) -> Result<ExactOptimum, LpError> {
    if !fits(lp) {
        return Err(LpError(format!(
            "the program is too large for the exact simplex ({} tableau entries, at most {EXACT_LIMIT})",
            tableau_size(lp)
        )));
    }
    let n = lp.vars();
    let m = lp.rows.len();
    let mut lo: Vec<Option<BigRational>> = Vec::with_capacity(n + 2 * m);
    let mut hi: Vec<Option<BigRational>> = Vec::with_capacity(n + 2 * m);
    for &(l, h) in &lp.bounds {
        let (l, h) = (exact(l)?, exact(h)?);
        if l > h {
            return Err(LpError("a variable's bounds are empty".to_string()));
        }
        lo.push(Some(l));
        hi.push(Some(h));
    }
    let zero = BigRational::zero;
    for (_, sense, _) in &lp.rows {
        let (l, h) = match sense {
            Sense::Le => (Some(zero()), None),
            Sense::Ge => (None, Some(zero())),
            Sense::Eq => (Some(zero()), Some(zero())),
        };
        lo.push(l);
        hi.push(h);
    }
    // Structural variables start at their lower bounds, slacks at zero.
    let mut value: Vec<BigRational> = lo[..n]
        .iter()
        .map(|l| l.clone().unwrap_or_else(zero))
        .collect();
    value.extend((0..m).map(|_| zero()));
    let mut rows: Vec<Vec<(usize, BigRational)>> = Vec::with_capacity(m);
    let mut residual = Vec::with_capacity(m);
    for (terms, _, rhs) in &lp.rows {
        let mut exact_terms = Vec::with_capacity(terms.len());
        let mut r = exact(*rhs)?;
        for &(v, c) in terms {
            let c = exact(c)?;
            r -= &c * &value[v];
            exact_terms.push((v, c));
        }
        rows.push(exact_terms);
        residual.push(r);
    }
    // A slack that can take its row's residual is basic; else the row's artificial is.
    // Every row but an equality that already holds has an artificial `σ t` (t ≥ 0): of the
    // residual's sign where it starts basic, else of the sign that relaxes the row, so
    // that phase one finds the least relative move of the rows that makes them feasible.
    let mut basis = Vec::with_capacity(m);
    let mut artificial: Vec<(usize, bool)> = Vec::new();
    let mut starts = Vec::new();
    for (r, res) in residual.iter().enumerate() {
        let s = n + r;
        let fits_slack =
            lo[s].as_ref().is_none_or(|l| res >= l) && hi[s].as_ref().is_none_or(|h| res <= h);
        if fits_slack {
            value[s] = res.clone();
            basis.push(s);
            match lp.rows[r].1 {
                Sense::Le => artificial.push((r, true)),
                Sense::Ge => artificial.push((r, false)),
                Sense::Eq => {}
            }
        } else {
            starts.push(artificial.len());
            artificial.push((r, res.is_negative()));
            basis.push(usize::MAX);
        }
    }
    let columns = n + m + artificial.len();
    let mut t = vec![vec![BigRational::zero(); columns]; m];
    let mut at_upper = vec![false; columns];
    for (r, terms) in rows.into_iter().enumerate() {
        for (v, c) in terms {
            t[r][v] += c;
        }
        t[r][n + r] = BigRational::one();
        // A Ge or Eq slack left non-basic sits at its upper bound, zero.
        at_upper[n + r] = lo[n + r].is_none();
    }
    for (a, &(r, negative)) in artificial.iter().enumerate() {
        let col = n + m + a;
        t[r][col] = if negative {
            -BigRational::one()
        } else {
            BigRational::one()
        };
        lo.push(Some(zero()));
        hi.push(None);
        value.push(zero());
    }
    for &a in &starts {
        let (r, negative) = artificial[a];
        // B⁻¹ for a basic column `−e_r`: negate the row.
        if negative {
            t[r].iter_mut().for_each(|v| *v = -v.clone());
        }
        value[n + m + a] = residual[r].abs();
        basis[r] = n + m + a;
    }
    let mut basic = vec![false; columns];
    for &b in &basis {
        basic[b] = true;
    }
    for b in 0..n + m {
        if !basic[b] && at_upper[b] {
            value[b] = hi[b].clone().unwrap_or_else(zero);
        }
    }
    let mut tab = Tableau {
        t,
        basis,
        lo,
        hi,
        value,
        at_upper,
        basic,
        pivots_left: PIVOTS_PER_COLUMN.saturating_mul(columns),
    };
    // A row's size: its largest coefficient times its variable's bound, or its right-hand
    // side, at least one.
    let size = |r: usize| {
        let (terms, _, rhs) = &lp.rows[r];
        terms
            .iter()
            .map(|&(v, c)| c.abs() * lp.bounds[v].0.abs().max(lp.bounds[v].1.abs()))
            .fold(rhs.abs().max(1.0), f64::max)
    };
    let mut shift = vec![BigRational::zero(); m];
    if !starts.is_empty() {
        // Phase one: the least sum of the rows' moves, each relative to the row's size.
        let mut cost = vec![BigRational::zero(); columns];
        for (a, &(r, _)) in artificial.iter().enumerate() {
            cost[n + m + a] = -exact(size(r))?.recip();
        }
        tab.optimize(&cost)?;
    }
    for (a, &(r, negative)) in artificial.iter().enumerate() {
        let left = tab.value[n + m + a].clone();
        if !left.is_zero() {
            if left > exact(LP_EXACT_SHIFT * size(r))? {
                return Err(LpError("the program is infeasible".to_string()));
            }
            // The row reads aᵀx + s + σt = b: with t fixed, its right-hand side is b − σt.
            shift[r] += if negative {
                left.clone()
            } else {
                -left.clone()
            };
        }
        tab.lo[n + m + a] = Some(left.clone());
        tab.hi[n + m + a] = Some(left);
    }
    let mut cost = vec![BigRational::zero(); columns];
    for (k, &c) in lp.objective.iter().enumerate() {
        cost[k] = exact(c)?;
    }
    tab.optimize(&cost)?;
    let d = tab.reduced_costs(&cost);
    let x: Vec<BigRational> = tab.value[..n].to_vec();
    let objective = x
        .iter()
        .zip(&cost)
        .fold(BigRational::zero(), |acc, (v, c)| acc + v * c);
    Ok(ExactOptimum {
        duals: (0..m).map(|r| -d[n + r].clone()).collect(),
        x,
        objective,
        shift,
    })
}

/// Whether `opt` is, exactly, an optimum of `lp` (its rows moved by `opt.shift`) with a
/// dual certificate: `x` within its bounds and every row; the multipliers of the right signs (`≥ 0` on `≤` rows, `≤ 0` on
/// `≥` rows), non-zero only on rows that hold with equality; and every `zₖ` of
/// `z = c − Aᵀy` zero unless `xₖ` is at the bound it pushes against (complementary
/// slackness, so the duality gap is exactly zero).
pub fn verify(lp: &LinearProgram, opt: &ExactOptimum) -> Result<(), LpError> {
    let fail = |what: &str| {
        Err(LpError(format!(
            "the exact optimum fails its check: {what}"
        )))
    };
    if opt.x.len() != lp.vars()
        || opt.duals.len() != lp.rows.len()
        || opt.shift.len() != lp.rows.len()
    {
        return fail("wrong number of values");
    }
    let mut z: Vec<BigRational> = lp
        .objective
        .iter()
        .map(|&c| exact(c))
        .collect::<Result<_, _>>()?;
    for ((((terms, sense, rhs), y), shift), r) in
        lp.rows.iter().zip(&opt.duals).zip(&opt.shift).zip(0..)
    {
        let mut lhs = BigRational::zero();
        for &(v, c) in terms {
            let c = exact(c)?;
            lhs += &c * &opt.x[v];
            z[v] -= &c * y;
        }
        let slack = exact(*rhs)? + shift - lhs;
        let ok = match sense {
            Sense::Le => !slack.is_negative() && !y.is_negative(),
            Sense::Ge => !slack.is_positive() && !y.is_positive(),
            Sense::Eq => slack.is_zero(),
        };
        if !ok || !y.is_zero() && !slack.is_zero() {
            return fail(&format!("row {r}"));
        }
    }
    for (((zk, &(lo, hi)), xk), k) in z.iter().zip(&lp.bounds).zip(&opt.x).zip(0..) {
        let (lo, hi) = (exact(lo)?, exact(hi)?);
        let ok = *xk >= lo
            && *xk <= hi
            && (!zk.is_positive() || *xk == hi)
            && (!zk.is_negative() || *xk == lo);
        if !ok {
            return fail(&format!("variable {k}"));
        }
    }
    Ok(())
}

/// The nearest `f64` to an exact value (a value beyond the `f64` range is infinite).
pub fn to_f64(v: &BigRational) -> f64 {
    v.to_f64().unwrap_or_else(|| {
        if v.is_negative() {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }
    })
}
