//! A dense two-phase tableau simplex for one shape of program, solved thousands of times
//! by the set iterations of [`crate::repeated::self_generation`]: the variables are groups
//! of convex weights, and a few `≥` rows couple them,
//!
//! ```text
//! max c·x   subject to   Σ_{j ∈ group k} x_j = 1 for every group k,   G x ≥ b,   x ≥ 0.
//! ```
//!
//! A group holds the weights on the corners of one convex polygon (a continuation point
//! written as a convex combination of corners), a `≥` row one incentive constraint. The
//! programs have few rows (groups plus constraints, about ten) and up to a few hundred
//! columns, and the same feasible region is maximised in many directions in turn; so the
//! tableau is kept between objectives and each new objective starts from the last optimal
//! basis (a warm start), which usually needs one or two pivots.
//!
//! The method is the textbook one (Dantzig 1963, *Linear Programming and Extensions*,
//! ch. 5 and 7; Chvátal 1983, *Linear Programming*, ch. 2–3):
//! 1. each `≥` row is divided by its largest coefficient and, when its right-hand side is
//!    negative, negated, so its surplus variable starts the basis; every other row starts
//!    with an artificial variable;
//! 2. phase 1 maximises minus the sum of the artificial variables; a positive remainder
//!    (beyond [`DENSE_FEASIBILITY`]) means the program is infeasible; artificial variables
//!    left in the basis at zero are pivoted out where their row allows;
//! 3. phase 2 maximises `c·x` by Dantzig's rule (the largest reduced cost enters), switching
//!    to Bland's rule (1977, *Math. Oper. Res.* 2) after a run of degenerate pivots, which
//!    cannot cycle;
//! 4. the row multipliers of the final basis give an upper bound that holds whatever the
//!    rounding: for any `μ ≥ 0`, `c·x ≤ Σ_k max_{j∈k} (c_j + μ·G_j) − μ·b` on the feasible
//!    region (weak duality, with the groups' multipliers eliminated). [`Optimum::bound`] is
//!    this bound at the basis' multipliers clipped to `μ ≥ 0`; it equals the optimum up to
//!    rounding, and an iteration that needs a true upper bound (an outer approximation)
//!    uses it rather than the primal value.
//!
//! It is not a general solver: no bounds but `x ≥ 0`, no equality rows but the groups, no
//! unboundedness (the groups make the region bounded). The general programs of truce go
//! through [`crate::lp::solve`], which verifies every answer; this one is tested against it.

use crate::tolerance::{
    DENSE_COEFFICIENT_ZERO, DENSE_DEGENERATE_RUN, DENSE_FEASIBILITY, DENSE_OPTIMALITY, DENSE_PIVOT,
    DENSE_PIVOT_LIMIT,
};

/// A program over groups of convex weights (module doc): columns are laid out group by
/// group, `groups[k]` columns in group `k`; each row is `(coefficients of every column,
/// right-hand side)` of `G x ≥ b`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WeightProgram {
    /// Number of columns in each group (each at least one).
    pub groups: Vec<usize>,
    /// The `≥` rows: dense coefficients (one per column) and right-hand side.
    pub rows: Vec<(Vec<f64>, f64)>,
}

impl WeightProgram {
    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.groups.iter().sum()
    }
}

/// The result of maximising one objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Optimum {
    /// `c·x` at the final basis (a feasible point, up to rounding).
    pub value: f64,
    /// An upper bound on `c·x` over the feasible region (module doc, step 4).
    pub bound: f64,
    /// Whether the reduced costs proved the basis optimal within the pivot limit.
    pub optimal: bool,
}

/// A feasible tableau of a [`WeightProgram`], kept between objectives.
#[derive(Debug, Clone)]
pub struct Tableau {
    /// Rows × (columns + 1): structural columns, one surplus per `≥` row, one artificial
    /// per row, then the right-hand side.
    t: Vec<f64>,
    width: usize,
    m: usize,
    n: usize,
    /// The kept `≥` rows: index into the program's rows, sign applied and divisor.
    kept: Vec<(usize, f64, f64)>,
    basis: Vec<usize>,
    is_basic: Vec<bool>,
    d: Vec<f64>,
    cost: Vec<f64>,
    x: Vec<f64>,
    pivots: usize,
}

impl Tableau {
    /// Phase 1 (module doc, steps 1–2): a feasible basis of `program`, or `None` when it
    /// is infeasible. A `≥` row whose coefficients are all zero (below
    /// [`DENSE_COEFFICIENT_ZERO`] of the largest coefficient of the program) is dropped
    /// when its right-hand side is at most `rhs_zero`, and makes the program infeasible
    /// otherwise.
    pub fn feasible(program: &WeightProgram, rhs_zero: f64) -> Option<Tableau> {
        let n = program.columns();
        let k = program.groups.len();
        let big = program
            .rows
            .iter()
            .flat_map(|(g, _)| g.iter())
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let mut kept = Vec::with_capacity(program.rows.len());
        for (i, (g, b)) in program.rows.iter().enumerate() {
            let s = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            if s <= DENSE_COEFFICIENT_ZERO * big || s == 0.0 {
                if *b > rhs_zero {
                    return None;
                }
                continue;
            }
            let sign = if *b <= 0.0 { -1.0 } else { 1.0 };
            kept.push((i, sign, s));
        }
        let ic = kept.len();
        let m = k + ic;
        let cols = n + ic + m;
        let width = cols + 1;
        let mut t = vec![0.0; m * width];
        let mut basis = vec![0; m];
        let mut start = 0;
        for (r, &size) in program.groups.iter().enumerate() {
            let row = &mut t[r * width..(r + 1) * width];
            row[start..start + size].fill(1.0);
            row[n + ic + r] = 1.0;
            row[cols] = 1.0;
            basis[r] = n + ic + r;
            start += size;
        }
        for (q, &(i, sign, s)) in kept.iter().enumerate() {
            let r = k + q;
            let (g, b) = &program.rows[i];
            let row = &mut t[r * width..(r + 1) * width];
            for (j, &c) in g.iter().enumerate() {
                row[j] = sign * c / s;
            }
            row[n + q] = -sign;
            row[n + ic + r] = 1.0;
            row[cols] = sign * b / s;
            basis[r] = if sign < 0.0 { n + q } else { n + ic + r };
        }
        let mut is_basic = vec![false; cols];
        for &b in &basis {
            is_basic[b] = true;
        }
        let mut tab = Tableau {
            t,
            width,
            m,
            n,
            kept,
            basis,
            is_basic,
            d: vec![0.0; cols],
            cost: vec![0.0; cols],
            x: vec![0.0; n],
            pivots: 0,
        };
        // Phase 1: maximise minus the artificial variables that start in the basis.
        let art = n + ic;
        for r in 0..m {
            if tab.basis[r] >= art {
                tab.cost[tab.basis[r]] = -1.0;
            }
        }
        tab.reduce();
        tab.run(1.0);
        let infeasibility: f64 = (0..m)
            .filter(|&r| tab.basis[r] >= art)
            .map(|r| tab.rhs(r))
            .sum();
        if infeasibility > DENSE_FEASIBILITY {
            return None;
        }
        // Artificial variables still basic are at zero (within the tolerance): pivot each
        // out on any usable entry of its row; a row with none is redundant and its
        // artificial stays at zero, since no pivot can change it.
        for r in 0..m {
            if tab.basis[r] < art {
                continue;
            }
            tab.t[r * width + cols] = 0.0;
            let row = &tab.t[r * width..r * width + art];
            if let Some(e) = (0..art)
                .filter(|&j| !tab.is_basic[j])
                .max_by(|&a, &b| row[a].abs().total_cmp(&row[b].abs()))
                .filter(|&j| row[j].abs() > DENSE_PIVOT)
            {
                tab.pivot(r, e);
            }
        }
        tab.cost.fill(0.0);
        Some(tab)
    }

    fn rhs(&self, r: usize) -> f64 {
        self.t[r * self.width + self.width - 1]
    }

    /// Reduced costs of the current basis for `self.cost`.
    fn reduce(&mut self) {
        let w = self.width;
        self.d.copy_from_slice(&self.cost);
        for r in 0..self.m {
            let cb = self.cost[self.basis[r]];
            if cb != 0.0 {
                let row = &self.t[r * w..r * w + w - 1];
                for (d, &a) in self.d.iter_mut().zip(row) {
                    *d -= cb * a;
                }
            }
        }
    }

    fn pivot(&mut self, p: usize, e: usize) {
        let w = self.width;
        let inv = 1.0 / self.t[p * w + e];
        for v in &mut self.t[p * w..(p + 1) * w] {
            *v *= inv;
        }
        let (before, rest) = self.t.split_at_mut(p * w);
        let (prow, after) = rest.split_at_mut(w);
        for row in before.chunks_exact_mut(w).chain(after.chunks_exact_mut(w)) {
            let f = row[e];
            if f != 0.0 {
                for (v, &q) in row.iter_mut().zip(prow.iter()) {
                    *v -= f * q;
                }
                row[e] = 0.0;
            }
        }
        let f = self.d[e];
        if f != 0.0 {
            for (v, &q) in self.d.iter_mut().zip(prow.iter()) {
                *v -= f * q;
            }
            self.d[e] = 0.0;
        }
        self.is_basic[self.basis[p]] = false;
        self.is_basic[e] = true;
        self.basis[p] = e;
        self.pivots += 1;
    }

    /// Pivots until no reduced cost exceeds the optimality tolerance (`scale` is the
    /// size of the costs); returns whether it got there within the pivot limit.
    fn run(&mut self, scale: f64) -> bool {
        let art = self.n + self.kept.len();
        let w = self.width;
        let tol = DENSE_OPTIMALITY * scale.max(f64::MIN_POSITIVE);
        let mut degenerate = 0;
        for _ in 0..DENSE_PIVOT_LIMIT {
            let bland = degenerate >= DENSE_DEGENERATE_RUN;
            let mut enter = None;
            let mut best = tol;
            for j in 0..art {
                if !self.is_basic[j] && self.d[j] > best {
                    enter = Some(j);
                    if bland {
                        break;
                    }
                    best = self.d[j];
                }
            }
            let Some(e) = enter else { return true };
            let mut leave: Option<(usize, f64, f64)> = None;
            for r in 0..self.m {
                let a = self.t[r * w + e];
                if a > DENSE_PIVOT {
                    let ratio = self.rhs(r).max(0.0) / a;
                    let better = match leave {
                        None => true,
                        Some((l, lr, la)) => {
                            if ratio < lr - DENSE_PIVOT * lr.abs().max(1e-300) {
                                true
                            } else if ratio <= lr + DENSE_PIVOT * lr.abs().max(1e-300) {
                                if bland {
                                    self.basis[r] < self.basis[l]
                                } else {
                                    a > la
                                }
                            } else {
                                false
                            }
                        }
                    };
                    if better {
                        leave = Some((r, ratio, a));
                    }
                }
            }
            // The groups bound every variable, so some row always limits the step; a
            // column with no usable entry is rounding, and is left out.
            let Some((p, ratio, _)) = leave else {
                self.d[e] = 0.0;
                continue;
            };
            degenerate = if ratio <= 0.0 { degenerate + 1 } else { 0 };
            self.pivot(p, e);
        }
        false
    }

    /// Phase 2 from the current basis (module doc, steps 3–4): maximises `cost · x`
    /// (`cost` has one entry per column of the program), leaving the tableau at the new
    /// optimum for the next objective. The point is read with [`Tableau::x`].
    pub fn maximize(&mut self, program: &WeightProgram, cost: &[f64]) -> Optimum {
        let n = self.n;
        self.cost[..n].copy_from_slice(cost);
        self.reduce();
        let scale = cost.iter().fold(0.0f64, |m, c| m.max(c.abs()));
        let optimal = self.run(scale);
        self.x.fill(0.0);
        for r in 0..self.m {
            if self.basis[r] < n {
                self.x[self.basis[r]] = self.rhs(r).max(0.0);
            }
        }
        let value = cost.iter().zip(&self.x).map(|(c, x)| c * x).sum();
        Optimum {
            value,
            bound: self.bound(program, cost),
            optimal,
        }
    }

    /// The weak-duality bound at the multipliers of the current basis (module doc, step 4).
    fn bound(&self, program: &WeightProgram, cost: &[f64]) -> f64 {
        let k = program.groups.len();
        let ic = self.kept.len();
        let art = self.n + ic;
        // y_r = c_B B⁻¹ e_r = −(reduced cost of row r's artificial column), in the scaled,
        // signed row; the multiplier of the original row is y_r · sign / divisor, and the
        // bound takes μ = max(0, −that).
        let mu: Vec<(usize, f64)> = self
            .kept
            .iter()
            .enumerate()
            .map(|(q, &(i, sign, s))| {
                let y = -self.d[art + k + q];
                (i, (-(y * sign / s)).max(0.0))
            })
            .filter(|&(_, u)| u > 0.0)
            .collect();
        let mut total = 0.0;
        let mut start = 0;
        for &size in &program.groups {
            let mut best = f64::NEG_INFINITY;
            for (j, &c) in cost.iter().enumerate().skip(start).take(size) {
                let v = c + mu
                    .iter()
                    .map(|&(i, u)| u * program.rows[i].0[j])
                    .sum::<f64>();
                best = best.max(v);
            }
            total += best;
            start += size;
        }
        total - mu.iter().map(|&(i, u)| u * program.rows[i].1).sum::<f64>()
    }

    /// The point of the last [`Tableau::maximize`] (one entry per column).
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// Pivots made so far (both phases, every objective).
    pub fn pivots(&self) -> usize {
        self.pivots
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lp::{LinearProgram, Sense, maximize};

    /// The same program through the verified layer.
    fn reference(p: &WeightProgram, cost: &[f64]) -> Option<f64> {
        let mut lp = LinearProgram::new();
        let vars: Vec<usize> = cost.iter().map(|&c| lp.var(c, (0.0, 1.0))).collect();
        let mut start = 0;
        for &size in &p.groups {
            lp.constraint(
                (start..start + size).map(|j| (vars[j], 1.0)).collect(),
                Sense::Eq,
                1.0,
            );
            start += size;
        }
        for (g, b) in &p.rows {
            lp.constraint(
                g.iter().enumerate().map(|(j, &c)| (vars[j], c)).collect(),
                Sense::Ge,
                *b,
            );
        }
        maximize(&lp).ok().map(|x| lp.value(&x))
    }

    #[test]
    fn a_small_program_matches_the_verified_layer() {
        // Two groups of three weights; x0 + x3 ≥ 0.5 and x1 − x4 ≥ −0.2.
        let p = WeightProgram {
            groups: vec![3, 3],
            rows: vec![
                (vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0.5),
                (vec![0.0, 1.0, 0.0, 0.0, -1.0, 0.0], -0.2),
            ],
        };
        let mut t = Tableau::feasible(&p, 1e-12).unwrap();
        for cost in [
            [1.0, 2.0, 3.0, 1.0, 2.0, 3.0],
            [3.0, 2.0, 1.0, 0.0, 5.0, 0.0],
            [-1.0, 0.0, 0.0, -1.0, 0.0, 0.0],
        ] {
            let o = t.maximize(&p, &cost);
            let want = reference(&p, &cost).unwrap();
            assert!(o.optimal);
            assert!((o.value - want).abs() < 1e-9, "{o:?} vs {want}");
            assert!(o.bound >= want - 1e-12 && o.bound - want < 1e-9, "{o:?}");
            let x = t.x();
            assert!((x[0] + x[3] - 0.5) > -1e-12 && (x[1] - x[4] + 0.2) > -1e-12);
        }
    }

    #[test]
    fn an_infeasible_program_is_refused() {
        // x0 ≥ 2 cannot hold for a weight.
        let p = WeightProgram {
            groups: vec![2],
            rows: vec![(vec![1.0, 0.0], 2.0)],
        };
        assert!(Tableau::feasible(&p, 1e-12).is_none());
        // A zero row with a positive right-hand side is infeasible, with a negative one void.
        let p = WeightProgram {
            groups: vec![2],
            rows: vec![(vec![0.0, 0.0], 1.0)],
        };
        assert!(Tableau::feasible(&p, 1e-12).is_none());
        let p = WeightProgram {
            groups: vec![2],
            rows: vec![(vec![0.0, 0.0], -1.0)],
        };
        assert!(Tableau::feasible(&p, 1e-12).is_some());
    }

    proptest::proptest! {
        /// On random programs the warm-started tableau reaches the verified layer's
        /// optimum, its bound is never below it, and infeasibility agrees.
        #[test]
        fn random_programs_agree_with_the_verified_layer(
            groups in proptest::collection::vec(1usize..5, 1..4),
            seed in proptest::collection::vec(-1.0..1.0f64, 200),
            rows in 0usize..4,
        ) {
            let n: usize = groups.iter().sum();
            let mut it = seed.iter().cycle().copied();
            let p = WeightProgram {
                groups: groups.clone(),
                rows: (0..rows)
                    .map(|_| ((0..n).map(|_| it.next().unwrap()).collect(), 0.5 * it.next().unwrap()))
                    .collect(),
            };
            let costs: Vec<Vec<f64>> =
                (0..3).map(|_| (0..n).map(|_| it.next().unwrap()).collect()).collect();
            let tab = Tableau::feasible(&p, 1e-12);
            let first = reference(&p, &costs[0]);
            // Infeasible by the verified layer or by the tableau: both, up to the edge
            // case of a program feasible within rounding.
            if let Some(mut t) = tab {
                for cost in &costs {
                    let o = t.maximize(&p, cost);
                    if let Some(want) = reference(&p, cost) {
                        proptest::prop_assert!((o.value - want).abs() < 1e-7, "{o:?} vs {want}");
                        proptest::prop_assert!(o.bound >= want - 1e-9, "{o:?} vs {want}");
                    }
                }
            } else {
                proptest::prop_assert!(first.is_none(), "tableau infeasible, layer {first:?}");
            }
        }
    }
}
