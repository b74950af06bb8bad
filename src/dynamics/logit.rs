//! The logit quantal-response-equilibrium path (McKelvey & Palfrey 1995, "Quantal
//! response equilibria for normal form games", GEB 10; traced as in Turocy 2005, "A dynamic
//! homotopy interpretation of the logistic quantal response equilibrium correspondence",
//! GEB 51; path following after Allgower & Georg 1990, *Numerical Continuation Methods*).
//!
//! A logit QRE with precision λ ≥ 0 is a profile in which each player plays every action
//! with probability proportional to `exp(λ · its expected payoff)`. At λ = 0 it is the
//! uniform profile; as λ → ∞ the branch that starts there converges to a Nash equilibrium,
//! which the path thus selects. In log-probability coordinates `z = (ln x, ln y, λ)` the
//! QRE are the zeros of `H(z)`: `ln x_i − ln x_0 − λ((A y)_i − (A y)_0)` for `i ≥ 1`,
//! `Σ x_i − 1`, and the same for the column player — `m + n` equations in `m + n + 1`
//! unknowns, a curve. Steps:
//! 1. start at the uniform profile with λ = 0 and the tangent that increases λ;
//! 2. predictor: move a step `h` along the unit tangent (the null vector of the Jacobian,
//!    found by solving the Jacobian bordered with the previous tangent);
//! 3. corrector: Newton steps on the bordered system, which keep the correction
//!    orthogonal to the tangent; reject and halve `h` when they do not contract, double it
//!    after an easy step — turning points in λ are passed because the path is followed by
//!    arclength, not by λ;
//!    A long step is also rejected when the orientation `sign det [J; tᵀ]` changes — the
//!    sign of a regular path never does, so a change means the corrector may have jumped
//!    to the other arm of a fold and would retrace the path backwards; a change that
//!    persists down to a tiny step is a bifurcation point on the path, which is passed —
//!    and when Newton fails at every short step next to one (the bordered matrix is nearly
//!    singular there) a few longer steps are tried to land beyond it;
//! 4. stop when the profile's regret is at most the target (converged), at the step cap,
//!    or when `h` falls below its floor.
//!
//! The end point is then checked: on its supports the indifference conditions are solved
//! exactly (least squares on the linear system) and the solution, when it is a Nash
//! equilibrium (verified by its regret), is reported as the selected equilibrium.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use super::{Outcome, Recorder, StopReason, outcome, to_strategy};
use crate::game::{Game, MixedStrategy, Player};
use crate::tolerance::{
    DYNAMICS_REGRET, LOGIT_CONTRACTION, LOGIT_CORRECTOR_REACH, LOGIT_FIRST_CORRECTION,
    LOGIT_FIRST_CORRECTION_FLOOR, LOGIT_FLIP_STEP, LOGIT_JUMPS, LOGIT_NEAREST_TIE,
    LOGIT_NEWTON_DONE, LOGIT_RESIDUAL, LOGIT_SMALL_CORRECTION, LOGIT_SNAP_PROBS, LOGIT_STEP_INIT,
    LOGIT_STEP_MAX, LOGIT_STEP_MIN, LOGIT_STEP_STUCK, LOGIT_SUPPORT_PROBS, LOGIT_SUPPORT_SLACKS,
    LOGIT_SVD_EPS, LOGIT_TURN_MIN, LOGIT_TURN_MIN_JUMP, PROB_NEGATIVE,
};

/// Settings of the path tracing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LogitConfig {
    /// Most predictor–corrector steps.
    pub iterations: usize,
    /// Stop once the profile's regret is at most this (payoff units).
    pub regret_target: f64,
    /// First step length (arclength in `(ln x, ln y, λ)`).
    pub initial_step: f64,
}

impl LogitConfig {
    /// Defaults for `game`: 10 000 steps, regret target 10⁻⁶ of the payoff scale.
    pub fn for_game(game: &Game) -> Self {
        LogitConfig {
            iterations: 10_000,
            regret_target: DYNAMICS_REGRET * game.payoff_scale().max(1.0),
            initial_step: LOGIT_STEP_INIT,
        }
    }
}

/// The result of tracing the logit path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogitPath {
    /// End point of the path; `at` in the trajectory is λ.
    pub outcome: Outcome,
    /// λ at the end point.
    pub lambda: f64,
    /// The Nash equilibrium on the end point's supports, solved from the indifference
    /// conditions and verified; `None` when that system has no equilibrium solution.
    pub equilibrium: Option<(MixedStrategy, MixedStrategy)>,
    /// Regret of `equilibrium` (within the game's tolerance when present).
    pub equilibrium_regret: Option<f64>,
}

struct System<'g> {
    a: &'g DMatrix<f64>,
    b: &'g DMatrix<f64>,
    m: usize,
    n: usize,
}

impl System<'_> {
    fn probs(&self, z: &DVector<f64>) -> (DVector<f64>, DVector<f64>) {
        let x = DVector::from_iterator(self.m, (0..self.m).map(|i| z[i].exp()));
        let y = DVector::from_iterator(self.n, (0..self.n).map(|j| z[self.m + j].exp()));
        (x, y)
    }

    /// `H(z)` and its Jacobian.
    fn eval(&self, z: &DVector<f64>) -> (DVector<f64>, DMatrix<f64>) {
        let (m, n) = (self.m, self.n);
        let lam = z[m + n];
        let (x, y) = self.probs(z);
        let ay = self.a * &y;
        let bx = self.b.transpose() * &x;
        let mut h = DVector::zeros(m + n);
        let mut j = DMatrix::zeros(m + n, m + n + 1);
        for i in 1..m {
            let r = i - 1;
            h[r] = z[i] - z[0] - lam * (ay[i] - ay[0]);
            j[(r, i)] += 1.0;
            j[(r, 0)] -= 1.0;
            for l in 0..n {
                j[(r, m + l)] = -lam * (self.a[(i, l)] - self.a[(0, l)]) * y[l];
            }
            j[(r, m + n)] = -(ay[i] - ay[0]);
        }
        let r = m - 1;
        h[r] = x.sum() - 1.0;
        for i in 0..m {
            j[(r, i)] = x[i];
        }
        for l in 1..n {
            let r = m + l - 1;
            h[r] = z[m + l] - z[m] - lam * (bx[l] - bx[0]);
            j[(r, m + l)] += 1.0;
            j[(r, m)] -= 1.0;
            for i in 0..m {
                j[(r, i)] = -lam * (self.b[(i, l)] - self.b[(i, 0)]) * x[i];
            }
            j[(r, m + n)] = -(bx[l] - bx[0]);
        }
        let r = m + n - 1;
        h[r] = y.sum() - 1.0;
        for l in 0..n {
            j[(r, m + l)] = y[l];
        }
        (h, j)
    }
}

/// Solves the Jacobian bordered by `tangent`: `[J; tᵀ] v = [rhs; last]`.
fn bordered_solve(
    j: &DMatrix<f64>,
    tangent: &DVector<f64>,
    rhs: &DVector<f64>,
    last: f64,
) -> Option<DVector<f64>> {
    let k = j.nrows();
    let mut mat = DMatrix::zeros(k + 1, k + 1);
    mat.view_mut((0, 0), (k, k + 1)).copy_from(j);
    for c in 0..=k {
        mat[(k, c)] = tangent[c];
    }
    let mut v = DVector::zeros(k + 1);
    v.rows_mut(0, k).copy_from(rhs);
    v[k] = last;
    spend_lu(k + 1);
    let sol = mat.lu().solve(&v)?;
    sol.iter().all(|s| s.is_finite()).then_some(sol)
}

/// Sign of `det [J; tᵀ]`: the orientation of the path. Along a regular path it never
/// changes; a change after a step means the corrector landed on the other arm of a fold.
fn orientation(j: &DMatrix<f64>, tangent: &DVector<f64>) -> f64 {
    let k = j.nrows();
    let mut mat = DMatrix::zeros(k + 1, k + 1);
    mat.view_mut((0, 0), (k, k + 1)).copy_from(j);
    for c in 0..=k {
        mat[(k, c)] = tangent[c];
    }
    spend_lu(k + 1);
    mat.lu().determinant().signum()
}

/// Counts one dense LU factorisation of a `k × k` matrix (`k³/3` multiply-adds) and the
/// Jacobian it is built from (`k²`).
fn spend_lu(k: usize) {
    let k = k as f64;
    crate::budget::spend(crate::budget::rates::FLOP, k * k * k / 3.0 + k * k);
}

/// Dense factorisations per predictor–corrector step, on average: the predictor's, a
/// few Newton corrections and the orientation check (measured on random games, 3–6).
pub const FACTORISATIONS_PER_STEP: f64 = 5.0;

/// Steps a path is estimated to take: random games' paths converge in 60–250 steps
/// (10×10 to 100×100, payoffs 0–99), a hard game's may run to the cap; this middle value
/// keeps the estimate within 10× of either.
pub const ESTIMATED_STEPS: usize = 1000;

/// The estimated work of [`logit_path`] under `cfg`: [`ESTIMATED_STEPS`] steps (or the
/// cap, if lower), each with [`FACTORISATIONS_PER_STEP`] dense factorisations of the
/// `(m + n + 1)`-square bordered Jacobian.
pub fn estimate(game: &Game, cfg: &LogitConfig) -> crate::budget::Estimate {
    let (m, n) = game.shape();
    let k = (m + n + 1) as f64;
    let steps = cfg.iterations.min(ESTIMATED_STEPS) as f64;
    crate::budget::Estimate::new(
        format!(
            "logit path ({} steps estimated, {} at most, {}x{} game)",
            steps, cfg.iterations, m, n
        ),
        steps * FACTORISATIONS_PER_STEP * (k * k * k / 3.0 + k * k),
        crate::budget::rates::FLOP,
        "lower --iterations, or use --method fictitious or replicator",
    )
}

fn regret_of(game: &Game, sys: &System, z: &DVector<f64>) -> f64 {
    let (x, y) = sys.probs(z);
    let xs = to_strategy(x.as_slice());
    let ys = to_strategy(y.as_slice());
    game.regret(&xs, &ys)
}

/// Traces the logit QRE path of `game` from λ = 0.
///
/// ```
/// use truce::dynamics::{StopReason, logit::{LogitConfig, logit_path}};
/// use truce::game::Game;
/// // Stag hunt: the path from the uniform profile selects the risk-dominant hare hunt.
/// let g = Game::from_rows(&[vec![4.0, 0.0], vec![3.0, 3.0]],
///                         &[vec![4.0, 3.0], vec![0.0, 3.0]]).unwrap();
/// let r = logit_path(&g, &LogitConfig::for_game(&g));
/// assert_eq!(r.outcome.stop, StopReason::Converged);
/// let (x, y) = r.equilibrium.unwrap();
/// assert_eq!((x.as_pure(), y.as_pure()), (Some(1), Some(1)));
/// ```
pub fn logit_path(game: &Game, cfg: &LogitConfig) -> LogitPath {
    let (m, n) = game.shape();
    let sys = System {
        a: game.a(),
        b: game.b(),
        m,
        n,
    };
    let dim = m + n + 1;
    let mut z = DVector::zeros(dim);
    for i in 0..m {
        z[i] = -(m as f64).ln();
    }
    for l in 0..n {
        z[m + l] = -(n as f64).ln();
    }
    let mut e_lambda = DVector::zeros(dim);
    e_lambda[dim - 1] = 1.0;
    let mut tangent = e_lambda.clone();
    let scale = game.payoff_scale().max(1.0);
    let mut rec = Recorder::new();
    let record = |rec: &mut Recorder, z: &DVector<f64>| {
        let (x, y) = sys.probs(z);
        rec.offer(z[dim - 1], x.as_slice(), y.as_slice());
    };
    record(&mut rec, &z);
    let (_, j0) = sys.eval(&z);
    if let Some(t) = bordered_solve(&j0, &tangent, &DVector::zeros(dim - 1), 1.0) {
        tangent = t.normalize();
        if tangent[dim - 1] < 0.0 {
            tangent = -tangent;
        }
    }
    let mut orient = orientation(&j0, &tangent);
    let mut h = cfg.initial_step;
    // Near a bifurcation point the bordered matrix is nearly singular and Newton fails at
    // every short step; the way past is a longer step that lands beyond it. These are the
    // step lengths tried when the step has shrunk below `LOGIT_STEP_STUCK`.
    let jumps = LOGIT_JUMPS;
    let mut jump = 0usize;
    let mut jumping = false;
    let mut steps = 0;
    let mut stop = StopReason::IterationCap;
    loop {
        if regret_of(game, &sys, &z) <= cfg.regret_target {
            stop = StopReason::Converged;
            break;
        }
        if steps >= cfg.iterations {
            break;
        }
        if h < LOGIT_STEP_STUCK && jump < jumps.len() {
            h = jumps[jump];
            jump += 1;
            jumping = true;
        }
        if h < LOGIT_STEP_MIN {
            stop = StopReason::StepSizeFloor;
            break;
        }
        // Predictor.
        let mut zc = &z + h * &tangent;
        // Corrector.
        let mut ok = false;
        let mut newton_steps = 0;
        let mut last_norm = f64::INFINITY;
        let mut small_residual = false;
        for _ in 0..10 {
            newton_steps += 1;
            let (hv, jm) = sys.eval(&zc);
            let res_tol = LOGIT_RESIDUAL * (1.0 + zc[dim - 1].abs() * scale);
            if small_residual && hv.amax() <= res_tol {
                // Converged to the noise floor: near a bifurcation the bordered matrix is
                // ill-conditioned and Newton stops contracting at about 1e-9.
                ok = true;
                break;
            }
            let Some(delta) = bordered_solve(&jm, &tangent, &(-&hv), 0.0) else {
                break;
            };
            let dn = delta.amax();
            // Newton must contract, and its first correction must stay small next to the
            // step (otherwise the prediction was too bold).
            if dn > LOGIT_CONTRACTION * last_norm
                || (newton_steps == 1
                    && dn > LOGIT_FIRST_CORRECTION * h.max(LOGIT_FIRST_CORRECTION_FLOOR))
            {
                break;
            }
            last_norm = dn;
            zc += &delta;
            small_residual = dn <= LOGIT_SMALL_CORRECTION;
            if dn <= LOGIT_NEWTON_DONE * (1.0 + zc.amax()) {
                let (hv, _) = sys.eval(&zc);
                ok = hv.amax() <= res_tol;
                break;
            }
        }
        if !ok {
            h *= 0.5;
            continue;
        }
        let (_, jm) = sys.eval(&zc);
        let Some(t_new) = bordered_solve(&jm, &tangent, &DVector::zeros(dim - 1), 1.0) else {
            h *= 0.5;
            continue;
        };
        let t_new = t_new.normalize();
        // Guard against jumping to another branch: the tangent may turn only a little per
        // step, the corrector may not move far from the prediction, and λ stays ≥ 0.
        let o = orientation(&jm, &t_new);
        // A change of orientation with a long step may be a jump across a fold: retry
        // shorter. One that persists down to a tiny step is a bifurcation on the path
        // (symmetric games have them): pass it and carry on with the new orientation.
        let flipped = o != orient && h > LOGIT_FLIP_STEP * (1.0 + z.amax()) && !jumping;
        let turn_limit = if jumping {
            LOGIT_TURN_MIN_JUMP
        } else {
            LOGIT_TURN_MIN
        };
        if t_new.dot(&tangent) < turn_limit
            || (&zc - &z).norm() > LOGIT_CORRECTOR_REACH * h
            || zc[dim - 1] < 0.0
            || flipped
        {
            h *= 0.5;
            continue;
        }
        if jumping {
            jumping = false;
            jump = 0;
        }
        orient = o;
        tangent = t_new;
        z = zc;
        steps += 1;
        record(&mut rec, &z);
        if newton_steps <= 3 {
            h = (h * 2.0).min(LOGIT_STEP_MAX + z.amax());
        } else if newton_steps >= 6 {
            h *= 0.7;
        }
    }
    let (x, y) = sys.probs(&z);
    let traj = rec.finish(z[dim - 1], x.as_slice(), y.as_slice());
    let out = outcome(game, stop, steps, x.as_slice(), y.as_slice(), traj);
    let equilibrium = equilibrium_on_supports(game, &out.end_row, &out.end_col);
    let equilibrium_regret = equilibrium.as_ref().map(|(p, q)| game.regret(p, q));
    LogitPath {
        lambda: z[dim - 1],
        outcome: out,
        equilibrium,
        equilibrium_regret,
    }
}

/// The opponent's strategy on `opp_support` that makes every action of `own_support`
/// earn the same against it (`u` has the owner's actions as rows); least squares when the
/// system is not square.
fn indifference(u: &DMatrix<f64>, own: &[usize], opp: &[usize]) -> Option<Vec<f64>> {
    let (r, c) = (own.len(), opp.len());
    let mut mat = DMatrix::zeros(r + 1, c + 1);
    let mut rhs = DVector::zeros(r + 1);
    for (p, &i) in own.iter().enumerate() {
        for (q, &j) in opp.iter().enumerate() {
            mat[(p, q)] = u[(i, j)];
        }
        mat[(p, c)] = -1.0;
    }
    for q in 0..c {
        mat[(r, q)] = 1.0;
    }
    rhs[r] = 1.0;
    let sol = mat.svd(true, true).solve(&rhs, LOGIT_SVD_EPS).ok()?;
    let mut full = vec![0.0; u.ncols()];
    for (q, &j) in opp.iter().enumerate() {
        if sol[q].is_nan() || sol[q] < -PROB_NEGATIVE {
            return None;
        }
        full[j] = sol[q].max(0.0);
    }
    Some(full)
}

/// The Nash equilibrium whose supports are read off `(x, y)`, if the indifference
/// conditions give one. Candidate supports for each player, tried in turn and in every
/// combination: the actions whose payoff against the other's end point is within the
/// game's tolerance, 10 times and 100 times the profile's regret of the best (the actions
/// a near-equilibrium still plays in earnest), then the actions with probability above
/// 10⁻³ and above 10⁻⁶; and the end point itself with probabilities below 10⁻⁶ (then
/// 10⁻⁴) set to zero. Of the verified equilibria found, the one nearest the end point is
/// returned.
pub fn equilibrium_on_supports(
    game: &Game,
    x: &MixedStrategy,
    y: &MixedStrategy,
) -> Option<(MixedStrategy, MixedStrategy)> {
    let regret = game.regret(x, y);
    let tol = game.tolerance().abs;
    let candidates = |p: Player, own: &MixedStrategy, opp: &MixedStrategy| {
        let v = game.action_values(p, opp);
        let best = v.max();
        let mut out: Vec<Vec<usize>> = Vec::new();
        for slack in [
            tol,
            LOGIT_SUPPORT_SLACKS[0] * regret,
            LOGIT_SUPPORT_SLACKS[1] * regret,
        ] {
            out.push(
                (0..v.len())
                    .filter(|&k| v[k] >= best - slack.max(tol))
                    .collect(),
            );
        }
        for t in LOGIT_SUPPORT_PROBS {
            out.push((0..own.len()).filter(|&k| own.probs()[k] > t).collect());
        }
        out.retain(|s| !s.is_empty());
        out.dedup();
        out
    };
    let rows = candidates(Player::Row, x, y);
    let cols = candidates(Player::Col, y, x);
    let mut found: Vec<(MixedStrategy, MixedStrategy)> = Vec::new();
    for sr in &rows {
        for sc in &cols {
            let solved = (|| {
                let yv = indifference(game.a(), sr, sc)?;
                let xv = indifference(&game.b().transpose(), sc, sr)?;
                Some((MixedStrategy::new(xv).ok()?, MixedStrategy::new(yv).ok()?))
            })();
            if let Some((xs, ys)) = solved
                && game.is_equilibrium(&xs, &ys)
            {
                found.push((xs, ys));
            }
        }
    }
    // The end point itself with its vanishing probabilities set to zero: in a degenerate
    // game the path may end inside a set of equilibria rather than at a corner of it.
    let snap = |p: &MixedStrategy, t: f64| {
        let v: Vec<f64> = p
            .probs()
            .iter()
            .map(|&q| if q > t { q } else { 0.0 })
            .collect();
        let s: f64 = v.iter().sum();
        MixedStrategy::new(v.iter().map(|q| q / s).collect()).ok()
    };
    for t in LOGIT_SNAP_PROBS {
        if let (Some(xs), Some(ys)) = (snap(x, t), snap(y, t))
            && game.is_equilibrium(&xs, &ys)
        {
            found.push((xs, ys));
        }
    }
    let distance = |(p, q): &(MixedStrategy, MixedStrategy)| {
        p.probs()
            .iter()
            .zip(x.probs())
            .chain(q.probs().iter().zip(y.probs()))
            .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()))
    };
    // Nearest to the end point; among equally near ones the first found (exact solutions
    // come before the snapped end point).
    let mut best: Option<(f64, (MixedStrategy, MixedStrategy))> = None;
    for f in found {
        let d = distance(&f);
        if best
            .as_ref()
            .is_none_or(|(bd, _)| d < *bd - LOGIT_NEAREST_TIE)
        {
            best = Some((d, f));
        }
    }
    best.map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisoners_dilemma_path_selects_mutual_defection() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let r = logit_path(&g, &LogitConfig::for_game(&g));
        assert_eq!(r.outcome.stop, StopReason::Converged, "{r:?}");
        assert!(r.outcome.regret <= 5e-6);
        let (x, y) = r.equilibrium.unwrap();
        assert_eq!((x.as_pure(), y.as_pure()), (Some(1), Some(1)));
    }

    #[test]
    fn asymmetric_matching_pennies_ends_at_the_mixed_equilibrium() {
        // Row: [[2, 0], [0, 1]] vs column's matching-pennies payoffs; the equilibrium has
        // the column player mixing (1/3, 2/3) and the row player (1/2, 1/2).
        let g = Game::from_rows(
            &[vec![2.0, 0.0], vec![0.0, 1.0]],
            &[vec![0.0, 1.0], vec![1.0, 0.0]],
        )
        .unwrap();
        let r = logit_path(&g, &LogitConfig::for_game(&g));
        assert_eq!(r.outcome.stop, StopReason::Converged, "{r:?}");
        let (x, y) = r.equilibrium.unwrap();
        assert!((x.probs()[0] - 0.5).abs() < 1e-9);
        assert!((y.probs()[0] - 1.0 / 3.0).abs() < 1e-9);
        assert!(r.lambda > 0.0);
        // Starting point: uniform at λ = 0.
        let first = &r.outcome.trajectory[0];
        assert_eq!(first.at, 0.0);
        assert!(first.row.iter().all(|p| (p - 0.5).abs() < 1e-15));
    }

    #[test]
    fn path_points_are_quantal_response_equilibria() {
        let g = Game::from_rows(
            &[
                vec![3.0, 0.0, 1.0],
                vec![0.0, 2.0, 0.5],
                vec![1.0, 1.0, 1.0],
            ],
            &[
                vec![2.0, 0.0, 1.0],
                vec![0.0, 3.0, 0.0],
                vec![1.0, 0.5, 2.0],
            ],
        )
        .unwrap();
        let r = logit_path(&g, &LogitConfig::for_game(&g));
        for p in &r.outcome.trajectory {
            let x = MixedStrategy::new(p.row.clone()).unwrap();
            let y = MixedStrategy::new(p.col.clone()).unwrap();
            let ay = g.action_values(Player::Row, &y);
            let w: Vec<f64> = ay.iter().map(|v| (p.at * (v - ay.max())).exp()).collect();
            let s: f64 = w.iter().sum();
            for (k, wk) in w.iter().enumerate() {
                assert!((wk / s - x.probs()[k]).abs() < 1e-7, "λ = {}", p.at);
            }
        }
        assert!(g.is_equilibrium(
            &r.equilibrium.as_ref().unwrap().0,
            &r.equilibrium.as_ref().unwrap().1
        ));
    }
}
