//! One Nash equilibrium by the Lemke–Howson algorithm (Lemke & Howson 1964), following
//! von Stengel (2002, "Computing equilibria for two-person games", §3.4–3.6), with the
//! lexicographic minimum-ratio test that keeps the path from cycling on degenerate games
//! (von Stengel 2002, §3.6; the perturbation argument of Dantzig, Orden & Wolfe 1955).
//!
//! Steps:
//! 1. Shift payoffs so every entry is at least 1 and scale them to at most 1 (neither
//!    changes a best response nor the path), and write the best-response polytopes as
//!    two systems with slack variables: `Bᵀx + s = 1` (rows: column actions) and
//!    `Ay + r = 1` (rows: row actions). Label `i` belongs to `xᵢ` and `rᵢ`, label `m + j`
//!    to `sⱼ` and `yⱼ`. The start, `x = 0, y = 0`, has every label: the slacks are basic.
//! 2. Drop label `k`: the variable with label `k` that is non-basic enters its system.
//! 3. Minimum-ratio test: the leaving row has the smallest `rhsᵢ / colᵢ` over rows with a
//!    positive entry in the entering column. Ties are broken lexicographically by the
//!    rows of the current basis inverse (the slack columns) divided by the same entry —
//!    which is what a lexicographic perturbation `1 + (ε, ε², …)` of the right-hand side
//!    would decide, so no basis repeats.
//! 4. Pivot. The leaving variable's label is now duplicate unless it is `k`; its
//!    complement (the variable with the same label in the other system) enters next.
//! 5. When the label `k` leaves, the pair of bases is completely labelled: an equilibrium.
//!    Its probabilities are recomputed from the final bases by solving the (small) square
//!    systems of the supports, normalised, and verified.
//!
//! The tableaux are *condensed* (Tucker form): one row per basic variable, one column per
//! non-basic variable plus the right-hand side, row-major and contiguous, so a pivot is a
//! rank-one update of `rows × (cols + 1)` numbers — half the work of the full tableau
//! with its identity block — done row by row with vector instructions (AVX-512 or
//! AVX2 with FMA when the processor has them). Memory is the two tableaux:
//! `8 (m (n+1) + n (m+1))` bytes.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use super::equilibrium::{Equilibrium, NotEquilibrium};
use crate::game::Game;
use crate::tolerance::{
    LH_LEX_SCALE_FLOOR, LH_PIVOT, LH_PIVOT_SCALE_FLOOR, LH_SOLVE_NEGATIVE, LH_TIE,
};

/// Limits of a Lemke–Howson run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LhConfig {
    /// Stop after this many pivots without an equilibrium.
    pub max_pivots: u64,
}

impl Default for LhConfig {
    fn default() -> Self {
        LhConfig {
            max_pivots: 10_000_000,
        }
    }
}

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LhStatus {
    /// The path ended at a completely labelled pair: the equilibrium is returned.
    Equilibrium,
    /// The pivot limit was reached first.
    PivotLimit,
    /// The end of the path failed verification (numerical trouble); no equilibrium.
    NotVerified,
}

/// The outcome of one Lemke–Howson path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LhResult {
    /// The dropped label: `0..m` row actions, `m..m+n` column actions.
    pub label: usize,
    /// The verified equilibrium at the end of the path (when `status` is `Equilibrium`).
    pub equilibrium: Option<Equilibrium>,
    /// Number of pivots made.
    pub pivots: u64,
    /// Why it stopped.
    pub status: LhStatus,
}

/// A bad request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LhError {
    /// The label is not one of the `m + n` actions.
    #[error(
        "label {label} is out of range: labels are 0..{count} (row actions first, then column actions)"
    )]
    Label {
        /// Requested label.
        label: usize,
        /// `m + n`.
        count: usize,
    },
}

/// Where a variable of a tableau sits.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pos {
    Row(usize),
    Col(usize),
}

/// A condensed tableau: `basic_r + Σ_c t[r][c]·nonbasic_c = t[r][cols]`.
struct Tableau {
    rows: usize,
    cols: usize,
    stride: usize,
    t: Vec<f64>,
    /// Variable in each row / column.
    basis: Vec<usize>,
    nonbasic: Vec<usize>,
    pos: Vec<Pos>,
    /// Variables `slack0..slack0+rows` are the initial basis (their columns form the basis
    /// inverse, used by the lexicographic test).
    slack0: usize,
    /// Scratch for the ratio test.
    cand: Vec<usize>,
}

impl Tableau {
    /// `m × k` coefficients `coef(i, c)`; structural variables `0..k` non-basic, slacks
    /// `k..k+rows` basic, right-hand side 1.
    fn new(rows: usize, cols: usize, coef: impl Fn(usize, usize) -> f64) -> Self {
        let stride = cols + 1;
        let mut t = vec![0.0; rows * stride];
        for r in 0..rows {
            for c in 0..cols {
                t[r * stride + c] = coef(r, c);
            }
            t[r * stride + cols] = 1.0;
        }
        let mut pos = vec![Pos::Col(0); rows + cols];
        for (c, p) in pos.iter_mut().enumerate().take(cols) {
            *p = Pos::Col(c);
        }
        for r in 0..rows {
            pos[cols + r] = Pos::Row(r);
        }
        Tableau {
            rows,
            cols,
            stride,
            t,
            basis: (cols..cols + rows).collect(),
            nonbasic: (0..cols).collect(),
            pos,
            slack0: cols,
            cand: Vec::with_capacity(rows),
        }
    }

    #[inline]
    fn at(&self, r: usize, c: usize) -> f64 {
        self.t[r * self.stride + c]
    }

    /// Entry of the full tableau's column for `var` in row `r`.
    #[inline]
    fn full_entry(&self, var: usize, r: usize) -> f64 {
        match self.pos[var] {
            Pos::Col(c) => self.at(r, c),
            Pos::Row(b) => {
                if b == r {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// Lexicographic minimum-ratio test for entering column `c`; `None` when the column
    /// has no positive entry (cannot happen on bounded polytopes).
    fn ratio_test(&mut self, c: usize) -> Option<usize> {
        let rhs = self.cols;
        let mut best = f64::INFINITY;
        self.cand.clear();
        let mut colmax = 0.0f64;
        for r in 0..self.rows {
            colmax = colmax.max(self.at(r, c).abs());
        }
        let piv_tol = LH_PIVOT * colmax.max(LH_PIVOT_SCALE_FLOOR);
        for r in 0..self.rows {
            let v = self.at(r, c);
            if v > piv_tol {
                let ratio = self.at(r, rhs) / v;
                if self.cand.is_empty() || ratio < best - LH_TIE * best.abs().max(1.0) {
                    best = ratio;
                    self.cand.clear();
                    self.cand.push(r);
                } else if ratio <= best + LH_TIE * best.abs().max(1.0) {
                    self.cand.push(r);
                    best = best.min(ratio);
                }
            }
        }
        // Candidates were collected against a moving minimum: keep those tied with it.
        if self.cand.len() > 1 {
            let tol = LH_TIE * best.abs().max(1.0);
            let cand: Vec<usize> = self
                .cand
                .iter()
                .copied()
                .filter(|&r| self.at(r, rhs) / self.at(r, c) <= best + tol)
                .collect();
            self.cand = cand;
        }
        let mut k = 0;
        while self.cand.len() > 1 && k < self.rows {
            let var = self.slack0 + k;
            let ratios: Vec<f64> = self
                .cand
                .iter()
                .map(|&r| self.full_entry(var, r) / self.at(r, c))
                .collect();
            let lo = ratios.iter().copied().fold(f64::INFINITY, f64::min);
            let scale = ratios.iter().fold(0.0f64, |s, v| s.max(v.abs()));
            let tol = LH_TIE * scale.max(LH_LEX_SCALE_FLOOR);
            let kept: Vec<usize> = self
                .cand
                .iter()
                .zip(&ratios)
                .filter(|&(_, &q)| q <= lo + tol)
                .map(|(&r, _)| r)
                .collect();
            self.cand = kept;
            k += 1;
        }
        self.cand.first().copied()
    }

    /// Pivots on `(r, c)`; returns the variable that left the basis.
    fn pivot(&mut self, r: usize, c: usize) -> usize {
        let stride = self.stride;
        let p = self.t[r * stride + c];
        let inv = 1.0 / p;
        {
            let row = &mut self.t[r * stride..(r + 1) * stride];
            for v in row.iter_mut() {
                *v *= inv;
            }
            row[c] = inv;
        }
        eliminate(&mut self.t, stride, r, c);
        let leaving = self.basis[r];
        let entering = self.nonbasic[c];
        self.basis[r] = entering;
        self.nonbasic[c] = leaving;
        self.pos[entering] = Pos::Row(r);
        self.pos[leaving] = Pos::Col(c);
        leaving
    }
}

/// Row elimination `rowᵢ ← rowᵢ − tᵢ꜀ · row_r` for every `i ≠ r`, with column `c` of row `i`
/// set to `−tᵢ꜀ · t_r꜀` (the pivot row already divided by the pivot, `t_r꜀ = 1/p`).
fn eliminate(t: &mut [f64], stride: usize, r: usize, c: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the feature was detected at run time.
            unsafe { eliminate_avx512(t, stride, r, c) };
            return;
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the features were detected at run time.
            unsafe { eliminate_avx2(t, stride, r, c) };
            return;
        }
    }
    eliminate_plain(t, stride, r, c);
}

#[inline(always)]
fn eliminate_body<const FMA: bool>(t: &mut [f64], stride: usize, r: usize, c: usize) {
    let (before, rest) = t.split_at_mut(r * stride);
    let (prow, after) = rest.split_at_mut(stride);
    let prow: &[f64] = prow;
    for row in before
        .chunks_exact_mut(stride)
        .chain(after.chunks_exact_mut(stride))
    {
        let f = row[c];
        if f == 0.0 {
            continue;
        }
        row[c] = 0.0;
        let nf = -f;
        for (a, &b) in row.iter_mut().zip(prow) {
            *a = if FMA { nf.mul_add(b, *a) } else { *a + nf * b };
        }
    }
}

fn eliminate_plain(t: &mut [f64], stride: usize, r: usize, c: usize) {
    eliminate_body::<false>(t, stride, r, c);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn eliminate_avx2(t: &mut [f64], stride: usize, r: usize, c: usize) {
    eliminate_body::<true>(t, stride, r, c);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
unsafe fn eliminate_avx512(t: &mut [f64], stride: usize, r: usize, c: usize) {
    eliminate_body::<true>(t, stride, r, c);
}

/// Runs Lemke–Howson on `game` dropping `label` (`0..m` the row player's actions,
/// `m..m+n` the column player's).
///
/// ```
/// use truce::game::Game;
/// use truce::stage::lemke_howson::{lemke_howson, LhConfig, LhStatus};
/// let g = Game::from_rows(&[vec![1.0, -1.0], vec![-1.0, 1.0]],
///                         &[vec![-1.0, 1.0], vec![1.0, -1.0]]).unwrap();
/// let r = lemke_howson(&g, 0, &LhConfig::default()).unwrap();
/// assert_eq!(r.status, LhStatus::Equilibrium);
/// assert!((r.equilibrium.unwrap().row.probs()[0] - 0.5).abs() < 1e-12);
/// ```
pub fn lemke_howson(game: &Game, label: usize, cfg: &LhConfig) -> Result<LhResult, LhError> {
    let (m, n) = game.shape();
    if label >= m + n {
        return Err(LhError::Label {
            label,
            count: m + n,
        });
    }
    let norm = |mat: &DMatrix<f64>| {
        let lo = mat.min();
        let hi = mat.max() - lo + 1.0;
        move |v: f64| (v - lo + 1.0) / hi
    };
    let (na, nb) = (norm(game.a()), norm(game.b()));
    let (a, b) = (game.a(), game.b());
    // P: Bᵀx + s = 1: rows = column actions j, columns = x_i. Variables: x_i = i, s_j = m + j.
    let mut tp = Tableau::new(n, m, |j, i| nb(b[(i, j)]));
    // Q: Ay + r = 1: rows = row actions i, columns = y_j. Variables: y_j = j, r_i = n + i.
    let mut tq = Tableau::new(m, n, |i, j| na(a[(i, j)]));
    // Label of a variable: P: x_i → i, s_j → m + j. Q: y_j → m + j, r_i → i.
    let label_p = |v: usize| v; // x_i = i (label i); s_j = m + j (label m + j)
    let label_q = |v: usize| if v < n { m + v } else { v - n };
    let var_p = |l: usize| l; // the P variable with label l
    let var_q = |l: usize| if l < m { n + l } else { l - m };
    // In P, x_i has label i and s_j (index m + j) label m + j: identity maps.
    let mut in_p = label < m;
    let mut entering = if in_p { var_p(label) } else { var_q(label) };
    let mut pivots = 0u64;
    loop {
        if pivots >= cfg.max_pivots {
            return Ok(LhResult {
                label,
                equilibrium: None,
                pivots,
                status: LhStatus::PivotLimit,
            });
        }
        let tab = if in_p { &mut tp } else { &mut tq };
        let Pos::Col(c) = tab.pos[entering] else {
            // The complement of a leaving variable is always non-basic; a basic one here
            // would mean a broken invariant. Report it as an unverified end.
            return Ok(LhResult {
                label,
                equilibrium: None,
                pivots,
                status: LhStatus::NotVerified,
            });
        };
        let Some(r) = tab.ratio_test(c) else {
            return Ok(LhResult {
                label,
                equilibrium: None,
                pivots,
                status: LhStatus::NotVerified,
            });
        };
        let leaving = tab.pivot(r, c);
        pivots += 1;
        let l = if in_p {
            label_p(leaving)
        } else {
            label_q(leaving)
        };
        if l == label {
            break;
        }
        in_p = !in_p;
        entering = if in_p { var_p(l) } else { var_q(l) };
    }
    let x = solve_side(&tp, m, |j, i| nb(b[(i, j)]));
    let y = solve_side(&tq, n, |i, j| na(a[(i, j)]));
    let equilibrium = match (x, y) {
        (Some(x), Some(y)) => match Equilibrium::verify(game, x, y) {
            Ok(e) => Some(e),
            Err(NotEquilibrium::Regret { .. })
            | Err(NotEquilibrium::Strategy(_))
            | Err(NotEquilibrium::Shape(..)) => None,
        },
        _ => None,
    };
    let status = if equilibrium.is_some() {
        LhStatus::Equilibrium
    } else {
        LhStatus::NotVerified
    };
    Ok(LhResult {
        label,
        equilibrium,
        pivots,
        status,
    })
}

/// The structural values of a final basis, recomputed by solving the square system of
/// the basic structural variables against the rows whose slacks are non-basic, then
/// normalised to a probability vector. Falls back to the tableau's right-hand side if the
/// system is numerically singular.
fn solve_side(tab: &Tableau, k: usize, coef: impl Fn(usize, usize) -> f64) -> Option<Vec<f64>> {
    let basic: Vec<(usize, usize)> = (0..tab.rows)
        .filter(|&r| tab.basis[r] < k)
        .map(|r| (r, tab.basis[r]))
        .collect();
    let tight: Vec<usize> = (0..tab.rows)
        .filter(|&row| matches!(tab.pos[tab.slack0 + row], Pos::Col(_)))
        .collect();
    let mut z = vec![0.0; k];
    let mut solved = false;
    if basic.len() == tight.len() && !basic.is_empty() {
        let s = basic.len();
        let mat = DMatrix::from_fn(s, s, |e, f| coef(tight[e], basic[f].1));
        if let Some(sol) = mat.lu().solve(&DVector::from_element(s, 1.0))
            && sol.iter().all(|v| v.is_finite() && *v > -LH_SOLVE_NEGATIVE)
        {
            for (f, &(_, var)) in basic.iter().enumerate() {
                z[var] = sol[f].max(0.0);
            }
            solved = true;
        }
    }
    if !solved {
        for &(r, var) in &basic {
            z[var] = tab.at(r, tab.cols).max(0.0);
        }
    }
    let sum: f64 = z.iter().sum();
    if !(sum > 0.0 && sum.is_finite()) {
        return None;
    }
    Some(z.iter().map(|v| v / sum).collect())
}

/// Lemke–Howson from every label, in order `0..m+n`.
pub fn lemke_howson_all_labels(game: &Game, cfg: &LhConfig) -> Vec<LhResult> {
    let (m, n) = game.shape();
    (0..m + n)
        .filter_map(|l| lemke_howson(game, l, cfg).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::vertex::extreme_equilibria;

    #[test]
    fn every_label_reaches_an_equilibrium_of_a_degenerate_game() {
        // All payoffs equal: maximally degenerate.
        let g = Game::from_rows(&vec![vec![1.0; 3]; 3], &vec![vec![1.0; 3]; 3]).unwrap();
        for r in lemke_howson_all_labels(&g, &LhConfig::default()) {
            assert_eq!(r.status, LhStatus::Equilibrium);
        }
    }

    #[test]
    fn lh_results_are_extreme_equilibria() {
        let g = Game::from_rows(
            &[vec![3.0, 3.0], vec![2.0, 5.0], vec![0.0, 6.0]],
            &[vec![3.0, 2.0], vec![2.0, 6.0], vec![3.0, 1.0]],
        )
        .unwrap();
        let all = extreme_equilibria(&g).unwrap();
        for r in lemke_howson_all_labels(&g, &LhConfig::default()) {
            let e = r.equilibrium.unwrap();
            assert!(all.equilibria.iter().any(|f| f.same_profile(&e, 1e-9)));
        }
    }

    #[test]
    fn degenerate_ties_at_zero_do_not_make_it_cycle() {
        // A degenerate game where rounding left right-hand sides of ~1e-17 beside exact
        // zeros; a tie tolerance relative to the (zero) minimum ratio broke the
        // lexicographic rule and label 5 cycled.
        let ad = [
            1., 0., 0., 1., 1., -3., 0., 0., 0., -1., 0., 0., 0., 1., 0., 0., 0., 0., 0., 2.,
        ];
        let bd = [
            0., 0., 0., 0., -3., 0., 0., 0., 0., 2., 0., 0., 3., 0., -2., 0., 0., 0., -1., -1.,
        ];
        let rows = |d: &[f64]| {
            (0..5)
                .map(|i| (0..4).map(|j| d[j * 5 + i]).collect())
                .collect::<Vec<Vec<f64>>>()
        };
        let g = Game::from_rows(&rows(&ad), &rows(&bd)).unwrap();
        for label in 0..9 {
            let r = lemke_howson(&g, label, &LhConfig::default()).unwrap();
            assert_eq!(r.status, LhStatus::Equilibrium, "label {label}");
            assert!(r.pivots < 100, "label {label}: {} pivots", r.pivots);
        }
    }

    #[test]
    fn bad_label_is_refused() {
        let g = Game::from_rows(&[vec![1.0]], &[vec![1.0]]).unwrap();
        assert!(lemke_howson(&g, 2, &LhConfig::default()).is_err());
    }
}
