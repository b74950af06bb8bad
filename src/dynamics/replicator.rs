//! Two-population replicator dynamics (Taylor 1979; Hofbauer & Sigmund 1998,
//! *Evolutionary Games and Population Dynamics*, ch. 10), integrated with the adaptive
//! Dormand–Prince 5(4) Runge–Kutta pair (Dormand & Prince 1980; Hairer, Nørsett & Wanner
//! 1993, *Solving Ordinary Differential Equations I*, §II.4–5).
//!
//! The row population plays `x`, the column population `y`; each action's share grows at
//! the rate by which its payoff beats the population average:
//! `ẋ_i = x_i ((A y)_i − xᵀA y)`, `ẏ_j = y_j ((Bᵀx)_j − xᵀB y)`.
//! Steps:
//! 1. integrate the growth rates `d(ln x_i)/dt = (A y)_i − xᵀA y` of the log-shares, so
//!    that shares close to a face keep their relative accuracy (an orbit that passes within
//!    10⁻¹⁹ of a face still closes) and never turn negative; actions absent at the start
//!    stay absent, as in the exact flow;
//! 2. take a Dormand–Prince step (seven stages, the last reused as the first of the next
//!    step); estimate the local error from the embedded fourth-order solution; accept when
//!    the scaled error norm is at most 1, and grow or shrink the step by the usual
//!    `0.9 · err^(−1/5)` factor, limited to [0.2, 5];
//! 3. after each accepted step shift each population's log-shares so that its shares sum
//!    to exactly 1 (the exact flow keeps the sum; the numerical one drifts by rounding) —
//!    the number of such corrections above 10⁻¹² and the largest one are reported;
//! 4. stop when the velocity is below its tolerance at a state whose regret is below its
//!    own (a rest point that is a Nash equilibrium: converged — slow passages near rest
//!    points on a face that are not equilibria do not count, the flow leaves them), when the
//!    state comes back to its start after having left it (a periodic orbit, as around the
//!    interior equilibrium of a zero-sum 2×2 game: cycle detected), at the step cap, or when
//!    the step size collapses.
//!
//! The return to the start is found on the cubic Hermite interpolant of each step, so a
//! closed orbit is recognised even though no step ends exactly on the starting point. For
//! a closed orbit the reported end point is the time average of the shares over the orbit,
//! which is the interior equilibrium it surrounds (Hofbauer & Sigmund 1998, §7.6 and §10.3).

use serde::Serialize;

use super::{Outcome, Recorder, StopReason, outcome, to_strategy};
use crate::game::{Game, MixedStrategy};
use crate::tolerance::{
    DYNAMICS_REGRET, REPLICATOR_ATOL, REPLICATOR_LEFT_FACTOR, REPLICATOR_NEAR_START,
    REPLICATOR_NEAR_STEP, REPLICATOR_REST, REPLICATOR_RETURN_RADIUS, REPLICATOR_RTOL,
    REPLICATOR_STEP_FLOOR, REPLICATOR_STEP_INIT, REPLICATOR_WORK, SIMPLEX_CORRECTION_COUNT,
};

/// Settings of the replicator integration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplicatorConfig {
    /// Most accepted integration steps.
    pub iterations: usize,
    /// Integrate at most up to this time.
    pub t_max: f64,
    /// Relative error tolerance per step.
    pub rtol: f64,
    /// Absolute error tolerance per step.
    pub atol: f64,
    /// Converged when the largest velocity component is at most this…
    pub velocity_tolerance: f64,
    /// …and the state's regret is at most this (near a rest point that is not an
    /// equilibrium, such as a face the flow will leave, integration goes on).
    pub regret_tolerance: f64,
    /// Starting populations; `None` for uniform shares.
    pub start: Option<(MixedStrategy, MixedStrategy)>,
}

impl ReplicatorConfig {
    /// Defaults for `game`: 100 000 steps (fewer for games of more than
    /// [`REPLICATOR_WORK`]` / 100 000` cells, so that steps times cells stay within
    /// [`REPLICATOR_WORK`], and at least 100), time up to 10⁶, tolerances 10⁻¹⁰, velocity
    /// tolerance 10⁻⁹ and regret tolerance 10⁻⁶ of the payoff scale, uniform start.
    pub fn for_game(game: &Game) -> Self {
        let (m, n) = game.shape();
        ReplicatorConfig {
            iterations: (REPLICATOR_WORK / (m * n).max(1)).clamp(100, 100_000),
            t_max: 1e6,
            rtol: REPLICATOR_RTOL,
            atol: REPLICATOR_ATOL,
            velocity_tolerance: REPLICATOR_REST * game.payoff_scale().max(1.0),
            regret_tolerance: DYNAMICS_REGRET * game.payoff_scale().max(1.0),
            start: None,
        }
    }
}

/// The result of a replicator integration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replicator {
    /// End point (the time average over the orbit when a cycle was detected) and
    /// trajectory (`at` is the time).
    pub outcome: Outcome,
    /// The time reached.
    pub time: f64,
    /// Period of the closed orbit, when a cycle was detected.
    pub period: Option<f64>,
    /// Steps after which a population's shares were renormalised by more than 10⁻¹².
    pub simplex_corrections: usize,
    /// The largest such correction (departure of a sum from 1).
    pub max_simplex_correction: f64,
    /// Rejected (retried) steps.
    pub rejected_steps: usize,
    /// The time average of the shares over the run (row population's, then the column
    /// population's): over one period when an orbit closed, the start itself when no time
    /// passed.
    pub average: Vec<f64>,
}

/// Shares from log-shares (extinct actions have share 0).
fn shares(w: &[f64], alive: &[bool]) -> Vec<f64> {
    w.iter()
        .zip(alive)
        .map(|(v, &al)| if al { v.exp() } else { 0.0 })
        .collect()
}

/// The two-population replicator field at `(x, y)`: `ẋᵢ = xᵢ((A y)ᵢ − xᵀA y)` and
/// `ẏⱼ = yⱼ((xᵀB)ⱼ − xᵀB y)` (Taylor & Jonker 1978).
pub fn velocity(game: &Game, x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (a, b) = (game.a(), game.b());
    let (m, n) = game.shape();
    let ay: Vec<f64> = (0..m)
        .map(|i| (0..n).map(|j| a[(i, j)] * y[j]).sum())
        .collect();
    let bx: Vec<f64> = (0..n)
        .map(|j| (0..m).map(|i| b[(i, j)] * x[i]).sum())
        .collect();
    let ur: f64 = (0..m).map(|i| x[i] * ay[i]).sum();
    let uc: f64 = (0..n).map(|j| y[j] * bx[j]).sum();
    (
        (0..m).map(|i| x[i] * (ay[i] - ur)).collect(),
        (0..n).map(|j| y[j] * (bx[j] - uc)).collect(),
    )
}

/// Growth rates `d(ln x_i)/dt = (A y)_i − xᵀA y` (and the same for `y`); 0 for extinct
/// actions.
fn log_velocity(
    a: &[f64],
    bt: &[f64],
    (m, n): (usize, usize),
    w: &[f64],
    alive: &[bool],
    out: &mut [f64],
) {
    let z = shares(w, alive);
    let (x, y) = z.split_at(m);
    let ay: Vec<f64> = (0..m)
        .map(|i| (0..n).map(|j| a[i * n + j] * y[j]).sum())
        .collect();
    let bx: Vec<f64> = (0..n)
        .map(|j| (0..m).map(|i| bt[j * m + i] * x[i]).sum())
        .collect();
    let ur: f64 = (0..m).map(|i| x[i] * ay[i]).sum();
    let uc: f64 = (0..n).map(|j| y[j] * bx[j]).sum();
    for i in 0..m {
        out[i] = if alive[i] { ay[i] - ur } else { 0.0 };
    }
    for j in 0..n {
        out[m + j] = if alive[m + j] { bx[j] - uc } else { 0.0 };
    }
}

// Dormand–Prince 5(4) tableau (the nodes c are not needed: the system is autonomous).
const A: [[f64; 6]; 7] = [
    [0.0; 6],
    [0.2, 0.0, 0.0, 0.0, 0.0, 0.0],
    [3.0 / 40.0, 9.0 / 40.0, 0.0, 0.0, 0.0, 0.0],
    [44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0, 0.0, 0.0, 0.0],
    [
        19372.0 / 6561.0,
        -25360.0 / 2187.0,
        64448.0 / 6561.0,
        -212.0 / 729.0,
        0.0,
        0.0,
    ],
    [
        9017.0 / 3168.0,
        -355.0 / 33.0,
        46732.0 / 5247.0,
        49.0 / 176.0,
        -5103.0 / 18656.0,
        0.0,
    ],
    [
        35.0 / 384.0,
        0.0,
        500.0 / 1113.0,
        125.0 / 192.0,
        -2187.0 / 6784.0,
        11.0 / 84.0,
    ],
];
// Fifth-order weights minus fourth-order weights: the error estimate.
const E: [f64; 7] = [
    71.0 / 57600.0,
    0.0,
    -71.0 / 16695.0,
    71.0 / 1920.0,
    -17253.0 / 339200.0,
    22.0 / 525.0,
    -1.0 / 40.0,
];

/// Shifts each population's log-shares so that its shares sum to exactly 1; returns the
/// largest departure of a sum from 1 that this repaired.
fn normalise(w: &mut [f64], alive: &[bool], m: usize) -> f64 {
    let mut worst: f64 = 0.0;
    let len = w.len();
    for (lo, hi) in [(0, m), (m, len)] {
        let s: f64 = (lo..hi).filter(|&q| alive[q]).map(|q| w[q].exp()).sum();
        if s > 0.0 && s.is_finite() {
            worst = worst.max((s - 1.0).abs());
            let shift = s.ln();
            (lo..hi).filter(|&q| alive[q]).for_each(|q| w[q] -= shift);
        }
    }
    worst
}

fn dist(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .map(|(a, b)| (a - b).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// Smallest distance from `r` to the cubic Hermite interpolant of one step, and the
/// fraction of the step where it is reached.
fn closest_on_step(
    z0: &[f64],
    f0: &[f64],
    z1: &[f64],
    f1: &[f64],
    h: f64,
    r: &[f64],
) -> (f64, f64) {
    const SAMPLES: usize = 256;
    let mut best = (f64::INFINITY, 0.0);
    let mut p = vec![0.0; z0.len()];
    for s in 0..=SAMPLES {
        let t = s as f64 / SAMPLES as f64;
        let (t2, t3) = (t * t, t * t * t);
        let h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
        let h10 = t3 - 2.0 * t2 + t;
        let h01 = -2.0 * t3 + 3.0 * t2;
        let h11 = t3 - t2;
        for k in 0..p.len() {
            p[k] = h00 * z0[k] + h10 * h * f0[k] + h01 * z1[k] + h11 * h * f1[k];
        }
        let d = dist(&p, r);
        if d < best.0 {
            best = (d, t);
        }
    }
    best
}

/// Integrates the two-population replicator dynamics of `game`.
pub fn replicator(game: &Game, cfg: &ReplicatorConfig) -> Replicator {
    let (m, n) = game.shape();
    let a: Vec<f64> = (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| game.a()[(i, j)])
        .collect();
    // The column player's payoffs transposed (column action by column action), so that
    // both products read their matrix row by row.
    let b: Vec<f64> = (0..n)
        .flat_map(|j| (0..m).map(move |i| (i, j)))
        .map(|(i, j)| game.b()[(i, j)])
        .collect();
    let (x0, y0) = match &cfg.start {
        Some((x, y)) if x.len() == m && y.len() == n => (x.clone(), y.clone()),
        _ => (MixedStrategy::uniform(m), MixedStrategy::uniform(n)),
    };
    let p0: Vec<f64> = x0.probs().iter().chain(y0.probs()).copied().collect();
    // Actions absent at the start stay absent (the flow keeps every face of the simplices).
    let alive: Vec<bool> = p0.iter().map(|&p| p > 0.0).collect();
    let mut w: Vec<f64> = p0
        .iter()
        .map(|&p| if p > 0.0 { p.ln() } else { 0.0 })
        .collect();
    let start = w.clone();
    let dim = w.len();
    let mut k = vec![vec![0.0; dim]; 7];
    let mut stage = vec![0.0; dim];
    let mut wnew = vec![0.0; dim];
    log_velocity(&a, &b, (m, n), &w, &alive, &mut k[0]);
    let scale = game.payoff_scale().max(1.0);
    let mut h = REPLICATOR_STEP_INIT / scale;
    let mut t = 0.0;
    let mut z = shares(&w, &alive);
    let mut rec = Recorder::new();
    rec.offer(0.0, &z[..m], &z[m..]);
    let mut stop = StopReason::IterationCap;
    let (mut steps, mut rejected, mut corrections) = (0usize, 0usize, 0usize);
    let mut max_corr: f64 = 0.0;
    let mut far: f64 = 0.0; // farthest distance from the start so far (log-shares)
    let mut period = None;
    // ∫ shares dt along the trajectory (Hermite quadrature, exact for the cubic
    // interpolant): over a closed orbit its average is the equilibrium the orbit surrounds.
    let mut integral = vec![0.0; dim];
    let share_velocity =
        |z: &[f64], k: &[f64]| z.iter().zip(k).map(|(x, g)| x * g).collect::<Vec<f64>>();
    loop {
        crate::budget::spend(
            crate::budget::rates::DYNAMICS_CELL,
            super::REPLICATOR_CELLS_PER_STEP * (m * (dim - m)) as f64,
        );
        let speed = z
            .iter()
            .zip(&k[0])
            .fold(0.0f64, |s, (x, g)| s.max((x * g).abs()));
        if speed <= cfg.velocity_tolerance
            && game.regret(&to_strategy(&z[..m]), &to_strategy(&z[m..])) <= cfg.regret_tolerance
        {
            stop = StopReason::Converged;
            break;
        }
        if steps >= cfg.iterations || t >= cfg.t_max {
            break;
        }
        // Near the start (after having left it) short steps keep the Hermite interpolant
        // accurate enough to see a return within the radius.
        let log_speed = k[0].iter().fold(0.0f64, |s, v| s.max(v.abs()));
        if far > REPLICATOR_LEFT_FACTOR * REPLICATOR_RETURN_RADIUS
            && dist(&w, &start) < REPLICATOR_NEAR_START * far
            && log_speed > 0.0
        {
            h = h.min(REPLICATOR_NEAR_STEP / log_speed);
        }
        if h < REPLICATOR_STEP_FLOOR * (1.0 + t) {
            stop = StopReason::StepSizeFloor;
            break;
        }
        for s in 1..7 {
            for q in 0..dim {
                stage[q] = w[q] + h * (0..s).map(|r| A[s][r] * k[r][q]).sum::<f64>();
            }
            log_velocity(&a, &b, (m, n), &stage, &alive, &mut k[s]);
        }
        // The seventh stage is evaluated at the fifth-order solution itself (FSAL).
        wnew.copy_from_slice(&stage);
        let err = (0..dim)
            .map(|q| {
                let e = h * (0..7).map(|r| E[r] * k[r][q]).sum::<f64>();
                let sc = cfg.atol + cfg.rtol * w[q].abs().max(wnew[q].abs());
                (e / sc).powi(2)
            })
            .sum::<f64>()
            / dim as f64;
        let err = err.sqrt();
        if !err.is_finite() || err > 1.0 {
            rejected += 1;
            h *= if err.is_finite() {
                (0.9 * err.powf(-0.2)).clamp(0.2, 1.0)
            } else {
                0.2
            };
            continue;
        }
        let corr = normalise(&mut wnew, &alive, m);
        if corr > SIMPLEX_CORRECTION_COUNT {
            corrections += 1;
        }
        max_corr = max_corr.max(corr);
        let mut fnew = vec![0.0; dim];
        log_velocity(&a, &b, (m, n), &wnew, &alive, &mut fnew);
        let znew = shares(&wnew, &alive);
        let (dz0, dz1) = (share_velocity(&z, &k[0]), share_velocity(&znew, &fnew));
        for q in 0..dim {
            integral[q] += 0.5 * h * (z[q] + znew[q]) + h * h / 12.0 * (dz0[q] - dz1[q]);
        }
        // A return to the start after having left it closes an orbit.
        far = far.max(dist(&wnew, &start));
        let near = far > REPLICATOR_LEFT_FACTOR * REPLICATOR_RETURN_RADIUS
            && t > 0.0
            && dist(&w, &start).min(dist(&wnew, &start)) < REPLICATOR_NEAR_START * far;
        let closing = if near {
            let (d, frac) = closest_on_step(&w, &k[0], &wnew, &fnew, h, &start);
            (d < REPLICATOR_RETURN_RADIUS).then_some(frac)
        } else {
            None
        };
        let step_start = t;
        w.copy_from_slice(&wnew);
        z = znew;
        k[0] = fnew;
        t += h;
        steps += 1;
        rec.offer(t, &z[..m], &z[m..]);
        if let Some(frac) = closing {
            let p = step_start + frac * h;
            // Leave out the part of the last step past the return.
            for q in 0..dim {
                integral[q] -= (t - p) * z[q];
            }
            period = Some(p);
            stop = StopReason::CycleDetected;
            break;
        }
        let grow = if err > 0.0 {
            (0.9 * err.powf(-0.2)).clamp(0.2, 5.0)
        } else {
            5.0
        };
        h = (h * grow).min(cfg.t_max - t).max(0.0);
        if h == 0.0 {
            break;
        }
    }
    let traj = rec.finish(t, &z[..m], &z[m..]);
    // On a closed orbit the end point is the time average over the orbit.
    let average: Vec<f64> = match period {
        Some(p) if stop == StopReason::CycleDetected && p > 0.0 => {
            integral.iter().map(|v| v / p).collect()
        }
        _ if t > 0.0 => integral.iter().map(|v| v / t).collect(),
        _ => z.clone(),
    };
    let end = if stop == StopReason::CycleDetected && period.is_some_and(|p| p > 0.0) {
        average.clone()
    } else {
        z.clone()
    };
    Replicator {
        outcome: outcome(game, stop, steps, &end[..m], &end[m..], traj),
        time: t,
        period,
        simplex_corrections: corrections,
        max_simplex_correction: max_corr,
        rejected_steps: rejected,
        average,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(x: &[f64], y: &[f64]) -> Option<(MixedStrategy, MixedStrategy)> {
        Some((
            MixedStrategy::new(x.to_vec()).unwrap(),
            MixedStrategy::new(y.to_vec()).unwrap(),
        ))
    }

    #[test]
    fn prisoners_dilemma_converges_to_defection() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let r = replicator(&g, &ReplicatorConfig::for_game(&g));
        assert_eq!(r.outcome.stop, StopReason::Converged);
        assert!(r.outcome.end_row.probs()[1] > 1.0 - 1e-8);
        assert!(r.outcome.regret < 1e-7);
    }

    #[test]
    fn matching_pennies_orbits_close() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let mut cfg = ReplicatorConfig::for_game(&g);
        cfg.start = start(&[0.7, 0.3], &[0.5, 0.5]);
        let r = replicator(&g, &cfg);
        assert_eq!(r.outcome.stop, StopReason::CycleDetected, "{r:?}");
        let p = r.period.unwrap();
        // Small orbits have period 2π (linearisation at (½, ½): ω = 1); larger ones are longer.
        assert!(p > 2.0 * std::f64::consts::PI && p < 20.0, "period {p}");
        // The time average over the orbit is the interior equilibrium.
        assert!((r.outcome.end_row.probs()[0] - 0.5).abs() < 1e-4, "{r:?}");
        assert!((r.outcome.end_col.probs()[0] - 0.5).abs() < 1e-4);
        assert!(r.outcome.regret < 1e-4);
    }

    #[test]
    fn uniform_start_at_an_interior_equilibrium_is_a_rest_point() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let r = replicator(&g, &ReplicatorConfig::for_game(&g));
        assert_eq!(r.outcome.stop, StopReason::Converged);
        assert_eq!(r.outcome.iterations, 0);
    }
}
