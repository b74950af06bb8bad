//! The LP layer of truce (microlp behind scaling, a dual certificate and an exact
//! fallback) against microlp alone and against Clarabel (an interior-point solver, pure
//! Rust), on the corpus of `benches/lp/corpus.rs`: for each family of games, how many of
//! the programs each solver answers with a verified optimum, and the time per program.
//!
//! One criterion for all: the answer is feasible within `LP_FEASIBILITY` of each row's size
//! and proven optimal within `LP_OPTIMALITY` — by the solver's own row multipliers where it
//! gives them (Clarabel), or by the multipliers the layer finds for any answer
//! (`truce::lp::prove`: from the answer's active set, or from the dual program).
//!
//! microlp alone is also counted as merely feasible. Times are the solvers' own, with the
//! layer's checks included for the layer only.
//!
//! Run: `cargo run --release --manifest-path benches/lp/solvers/Cargo.toml`.

use std::time::Instant;

use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, NonnegativeConeT, SolverStatus,
    SupportedConeT, ZeroConeT,
};
use truce::lp::{self, LinearProgram, Sense, certificate};
use truce::tolerance::{LP_FEASIBILITY, LP_OPTIMALITY};

#[path = "../../corpus.rs"]
mod corpus;

/// Random games per family (as in `benches/lp/main.rs`).
const PER_FAMILY: usize = 150;

fn feasible(lp: &LinearProgram, x: &[f64]) -> bool {
    let v = lp.violation(x);
    !v.is_nan() && v <= LP_FEASIBILITY
}

/// Feasible and proven optimal by `duals` (if any) or by the active-set certificate.
fn verified(lp: &LinearProgram, x: &[f64], duals: Option<&[f64]>) -> bool {
    if x.len() != lp.vars() || !feasible(lp, x) {
        return false;
    }
    let own = duals.map_or(f64::INFINITY, |y| certificate::relative_gap(lp, x, y));
    own <= LP_OPTIMALITY || lp::prove(lp, x).gap <= LP_OPTIMALITY
}

/// The layer: its own verification (and, again, the one criterion).
fn layer(lp: &LinearProgram) -> bool {
    match lp::solve(lp) {
        Ok(s) => feasible(lp, &s.x),
        Err(_) => false,
    }
}

/// microlp on the program as given: no scaling, no certificate, no fallback.
fn microlp_alone(lp: &LinearProgram) -> Option<Vec<f64>> {
    use microlp::{ComparisonOp, OptimizationDirection, Problem};
    let mut p = Problem::new(OptimizationDirection::Maximize);
    let vars: Vec<_> = lp
        .objective()
        .iter()
        .zip(lp.bounds())
        .map(|(&c, &b)| p.add_var(c, b))
        .collect();
    for (terms, sense, rhs) in lp.rows() {
        let row: Vec<_> = terms.iter().map(|&(v, c)| (vars[v], c)).collect();
        let op = match sense {
            Sense::Le => ComparisonOp::Le,
            Sense::Ge => ComparisonOp::Ge,
            Sense::Eq => ComparisonOp::Eq,
        };
        p.add_constraint(&row[..], op, *rhs);
    }
    let sol = p.solve().ok()?;
    Some(vars.iter().map(|&v| sol[v]).collect())
}

/// Clarabel with its default settings: `min −cᵀx` subject to `Ax + s = b`, `s` in the
/// zero cone for equalities and in the non-negative cone for inequalities and bounds.
/// Returns the answer and the row multipliers in the layer's convention.
fn clarabel(lp: &LinearProgram) -> Option<(Vec<f64>, Vec<f64>)> {
    let n = lp.vars();
    // Rows of A with their right-hand sides: equalities first (zero cone), then the rest.
    let mut eq: Vec<(Vec<(usize, f64)>, f64)> = Vec::new();
    let mut ineq: Vec<(Vec<(usize, f64)>, f64)> = Vec::new();
    // Where each of the program's rows went, and with which sign.
    let mut place = Vec::new();
    for (terms, sense, rhs) in lp.rows() {
        match sense {
            Sense::Eq => {
                place.push((true, eq.len(), 1.0));
                eq.push((terms.clone(), *rhs));
            }
            Sense::Le => {
                place.push((false, ineq.len(), 1.0));
                ineq.push((terms.clone(), *rhs));
            }
            Sense::Ge => {
                place.push((false, ineq.len(), -1.0));
                ineq.push((terms.iter().map(|&(v, c)| (v, -c)).collect(), -rhs));
            }
        }
    }
    for (k, &(lo, hi)) in lp.bounds().iter().enumerate() {
        if lo == hi {
            eq.push((vec![(k, 1.0)], lo));
        } else {
            ineq.push((vec![(k, 1.0)], hi));
            ineq.push((vec![(k, -1.0)], -lo));
        }
    }
    let rows: Vec<_> = eq.iter().chain(&ineq).collect();
    let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (r, (terms, _)) in rows.iter().enumerate() {
        for &(v, c) in terms {
            if c != 0.0 {
                columns[v].push((r, c));
            }
        }
    }
    let (mut colptr, mut rowval, mut nzval) = (vec![0], Vec::new(), Vec::new());
    for col in &mut columns {
        col.sort_by_key(|&(r, _)| r);
        for &(r, c) in col.iter() {
            rowval.push(r);
            nzval.push(c);
        }
        colptr.push(rowval.len());
    }
    let a = CscMatrix::new(rows.len(), n, colptr, rowval, nzval);
    let b: Vec<f64> = rows.iter().map(|(_, r)| *r).collect();
    let q: Vec<f64> = lp.objective().iter().map(|c| -c).collect();
    let p = CscMatrix::<f64>::zeros((n, n));
    let mut cones: Vec<SupportedConeT<f64>> = Vec::new();
    if !eq.is_empty() {
        cones.push(ZeroConeT(eq.len()));
    }
    if !ineq.is_empty() {
        cones.push(NonnegativeConeT(ineq.len()));
    }
    let settings = DefaultSettingsBuilder::default()
        .verbose(false)
        .build()
        .ok()?;
    let mut solver = DefaultSolver::new(&p, &q, &a, &b, &cones, settings).ok()?;
    solver.solve();
    if !matches!(
        solver.solution.status,
        SolverStatus::Solved | SolverStatus::AlmostSolved
    ) {
        return None;
    }
    let z = &solver.solution.z;
    let duals = place
        .iter()
        .map(|&(is_eq, k, sign)| sign * z[if is_eq { k } else { eq.len() + k }])
        .collect();
    Some((solver.solution.x.clone(), duals))
}

fn main() {
    println!("verified = feasible and proven optimal; µs = mean time per program; the last column");
    println!("counts programs the layer fails on that Clarabel answers with a verified optimum");
    println!(
        "{:<36} {:>8} | {:>8} {:>8} | {:>8} {:>8} {:>8} | {:>8} {:>8} | {:>8}",
        "family",
        "programs",
        "layer",
        "µs",
        "microlp",
        "verified",
        "µs",
        "clarabel",
        "µs",
        "rescued"
    );
    println!(
        "{:<36} {:>8} | {:>8} {:>8} | {:>8} {:>8} {:>8} | {:>8} {:>8} | {:>8}",
        "", "", "verified", "", "feasible", "", "", "verified", "", ""
    );
    let mut total = [0usize; 4];
    let mut time = [0f64; 3];
    let (mut rescue, mut feasible_total) = (0usize, 0usize);
    for family in corpus::families(PER_FAMILY) {
        let lps: Vec<LinearProgram> = family.games.iter().flat_map(corpus::programs).collect();
        let mut ok = [0usize; 3];
        let mut us = [0f64; 3];
        let start = Instant::now();
        let by_layer: Vec<bool> = lps.iter().map(layer).collect();
        us[0] = start.elapsed().as_secs_f64();
        ok[0] = by_layer.iter().filter(|&&v| v).count();
        let start = Instant::now();
        let answers: Vec<_> = lps.iter().map(microlp_alone).collect();
        us[1] = start.elapsed().as_secs_f64();
        ok[1] = lps
            .iter()
            .zip(&answers)
            .filter(|(lp, x)| x.as_ref().is_some_and(|x| verified(lp, x, None)))
            .count();
        let feasible_alone = lps
            .iter()
            .zip(&answers)
            .filter(|(lp, x)| x.as_ref().is_some_and(|x| feasible(lp, x)))
            .count();
        let start = Instant::now();
        let answers: Vec<_> = lps.iter().map(clarabel).collect();
        us[2] = start.elapsed().as_secs_f64();
        let by_clarabel: Vec<bool> = lps
            .iter()
            .zip(&answers)
            .map(|(lp, s)| s.as_ref().is_some_and(|(x, y)| verified(lp, x, Some(y))))
            .collect();
        ok[2] = by_clarabel.iter().filter(|&&v| v).count();
        let rescued = by_layer
            .iter()
            .zip(&by_clarabel)
            .filter(|&(&l, &c)| !l && c)
            .count();
        rescue += rescued;
        feasible_total += feasible_alone;
        let each = |t: f64| t * 1e6 / lps.len().max(1) as f64;
        println!(
            "{:<36} {:>8} | {:>8} {:>8.1} | {:>8} {:>8} {:>8.1} | {:>8} {:>8.1} | {:>8}",
            family.name,
            lps.len(),
            ok[0],
            each(us[0]),
            feasible_alone,
            ok[1],
            each(us[1]),
            ok[2],
            each(us[2]),
            rescued
        );
        total[0] += lps.len();
        (0..3).for_each(|k| {
            total[k + 1] += ok[k];
            time[k] += us[k];
        });
    }
    let each = |t: f64| t * 1e6 / total[0].max(1) as f64;
    println!(
        "{:<36} {:>8} | {:>8} {:>8.1} | {:>8} {:>8} {:>8.1} | {:>8} {:>8.1} | {:>8}",
        "all",
        total[0],
        total[1],
        each(time[0]),
        feasible_total,
        total[2],
        each(time[1]),
        total[3],
        each(time[2]),
        rescue
    );
}
