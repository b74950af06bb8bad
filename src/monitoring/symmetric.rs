//! Strongly symmetric perfect public equilibrium payoffs of a symmetric game (Mailath &
//! Samuelson 2006, §7.2 and §7.6; the self-generation of Abreu, Pearce & Stacchetti 1990
//! restricted to the diagonal).
//!
//! In a strongly symmetric PPE both players play the same action after every public
//! history, so in a symmetric game (`B = Aᵀ`) both get the same value and the set of
//! such payoffs with public randomization is an interval `[low, high]` of the diagonal.
//! It is the largest fixed point of the one-dimensional operator
//!
//! `B([lo, hi]) = [min, max] over actions a and continuations w(y) ∈ [lo, hi] of`
//! `(1 − δ) u(a, a) + δ Σ_y P(y | a, a) w(y)`, subject to, for each player and each other
//! action `a'`, `(1 − δ) u(a, a) + δ Σ_y P(y | a, a) w(y) ≥ (1 − δ) u(a', a) + δ Σ_y P(y | a', a) w(y)`
//! (the row player's; the column player's reads `P(y | a, a')`),
//!
//! iterated from the range of all payoffs until neither end moves by more than
//! [`crate::tolerance::SELF_GENERATION_CONVERGENCE`] of the range. Each end is one linear
//! program per action (through the verified LP layer, [`crate::lp`]); an action whose
//! incentive constraints no continuation in the interval meets is found by a first
//! program that minimises the constraints' total shortfall.
//!
//! For the prisoner's dilemma of §7.2 with `p > q` and `3p − 2q > 1` the best strongly
//! symmetric payoff is `2 − (1 − p)/(p − q)` for δ large enough, which the tests check.

use serde::Serialize;

use super::MonitoringError;
use super::signals::SignalStructure;
use crate::game::{Game, Player};
use crate::lp::{LinearProgram, Sense, maximize};
use crate::tolerance::SELF_GENERATION_CONVERGENCE;

/// Most iterations of the interval operator.
pub const MAX_SYMMETRIC_ITER: usize = 20_000;

/// The interval of strongly symmetric PPE payoffs (the value of each player).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SymmetricPpe {
    /// The common discount factor.
    pub delta: f64,
    /// `[low, high]`, or `None` when no strongly symmetric PPE exists.
    pub interval: Option<(f64, f64)>,
    /// Iterations of the operator.
    pub iterations: usize,
    /// Whether the ends stopped moving (else the iteration cap was reached; the interval
    /// then still contains the set).
    pub converged: bool,
}

/// Whether the game is symmetric: square, the column player's payoffs the transpose of
/// the row player's (to the game's tolerance).
pub fn is_symmetric(game: &Game) -> bool {
    let (m, n) = game.shape();
    let (a, b) = (game.payoffs(Player::Row), game.payoffs(Player::Col));
    let tol = game.tolerance();
    m == n && (0..m).all(|i| (0..n).all(|j| tol.eq(a[(i, j)], b[(j, i)])))
}

/// The best (or, with `max` false, the worst) value `(1 − δ) u(a, a) + δ Σ P w` over
/// continuations in `[lo, hi]` meeting the incentive constraints of action `a`; `None`
/// when no continuation meets them.
fn end(
    game: &Game,
    signals: &SignalStructure,
    delta: f64,
    a: usize,
    (lo, hi): (f64, f64),
    max: bool,
) -> Result<Option<f64>, MonitoringError> {
    let n = game.shape().0;
    let u = game.payoffs(Player::Row);
    let k = signals.len();
    let on = signals.distribution(a, a);
    // Incentive rows: Σ_y δ (P(y|a,a) − P(y|dev)) w_y ≥ (1 − δ)(u(a', a) − u(a, a)).
    let mut rows: Vec<(Vec<f64>, f64)> = Vec::new();
    for d in (0..n).filter(|&d| d != a) {
        for dev in [signals.distribution(d, a), signals.distribution(a, d)] {
            let coef: Vec<f64> = (0..k).map(|y| delta * (on[y] - dev[y])).collect();
            rows.push((coef, (1.0 - delta) * (u[(d, a)] - u[(a, a)])));
        }
    }
    let lp_error = |e: crate::lp::LpError| MonitoringError::BadSetOption {
        reason: format!(
            "a linear program of the strongly symmetric set failed: {}",
            e.0
        ),
    };
    // Phase 1: the least total shortfall of the incentive rows.
    let mut p1 = LinearProgram::new();
    let w: Vec<usize> = (0..k).map(|_| p1.var(0.0, (lo, hi))).collect();
    // A shortfall never exceeds the row's right side plus its largest left side.
    let reach = lo.abs().max(hi.abs());
    let slack: Vec<usize> = rows
        .iter()
        .map(|(coef, rhs)| {
            let most = rhs.abs() + coef.iter().map(|c| c.abs() * reach).sum::<f64>() + 1.0;
            p1.var(-1.0, (0.0, most))
        })
        .collect();
    for ((coef, rhs), &s) in rows.iter().zip(&slack) {
        let mut terms: Vec<(usize, f64)> = w.iter().copied().zip(coef.iter().copied()).collect();
        terms.push((s, 1.0));
        p1.constraint(terms, Sense::Ge, *rhs);
    }
    let x = maximize(&p1).map_err(lp_error)?;
    let shortfall: f64 = slack.iter().map(|&s| x[s]).sum();
    let scale = game.tolerance().abs.max(SELF_GENERATION_CONVERGENCE);
    if shortfall > 1e3 * scale {
        return Ok(None);
    }
    // Phase 2: the end itself, the rows relaxed by the shortfall rounding left.
    let sign = if max { 1.0 } else { -1.0 };
    let mut p2 = LinearProgram::new();
    let w: Vec<usize> = (0..k).map(|y| p2.var(sign * on[y], (lo, hi))).collect();
    for (coef, rhs) in &rows {
        let terms: Vec<(usize, f64)> = w.iter().copied().zip(coef.iter().copied()).collect();
        p2.constraint(terms, Sense::Ge, rhs - shortfall);
    }
    let x = maximize(&p2).map_err(lp_error)?;
    let cont: f64 = (0..k).map(|y| on[y] * x[w[y]]).sum();
    Ok(Some((1.0 - delta) * u[(a, a)] + delta * cont))
}

/// The interval of strongly symmetric PPE payoffs at `delta` (module doc); an error for
/// a game that is not symmetric.
pub fn strongly_symmetric(
    game: &Game,
    signals: &SignalStructure,
    delta: f64,
) -> Result<SymmetricPpe, MonitoringError> {
    if !is_symmetric(game) {
        return Err(MonitoringError::BadSetOption {
            reason: "strongly symmetric equilibria need a symmetric game (square, the column \
                     player's payoffs the transpose of the row player's)"
                .into(),
        });
    }
    let n = game.shape().0;
    let u = game.payoffs(Player::Row);
    let (mut lo, mut hi) = (
        u.iter().copied().fold(f64::INFINITY, f64::min),
        u.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let tol = SELF_GENERATION_CONVERGENCE * (hi - lo).max(1.0);
    let mut iterations = 0;
    while iterations < MAX_SYMMETRIC_ITER {
        iterations += 1;
        let (mut new_lo, mut new_hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for a in 0..n {
            if let Some(v) = end(game, signals, delta, a, (lo, hi), true)? {
                new_hi = new_hi.max(v);
            }
            if let Some(v) = end(game, signals, delta, a, (lo, hi), false)? {
                new_lo = new_lo.min(v);
            }
        }
        if new_lo > new_hi {
            return Ok(SymmetricPpe {
                delta,
                interval: None,
                iterations,
                converged: true,
            });
        }
        // The operator is monotone and starts from a superset: the ends only close in.
        let (next_lo, next_hi) = (new_lo.max(lo), new_hi.min(hi));
        let moved = (next_lo - lo).abs().max((hi - next_hi).abs());
        (lo, hi) = (next_lo, next_hi);
        if moved <= tol {
            return Ok(SymmetricPpe {
                delta,
                interval: Some((lo, hi)),
                iterations,
                converged: true,
            });
        }
    }
    Ok(SymmetricPpe {
        delta,
        interval: Some((lo, hi)),
        iterations,
        converged: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitoring::closed_forms::{prisoners_dilemma, signals};

    #[test]
    fn best_strongly_symmetric_payoff_of_the_noisy_prisoners_dilemma() {
        for (p, q, r) in [(0.9, 0.5, 0.2), (0.8, 0.3, 0.1), (0.95, 0.6, 0.3)] {
            let s = signals(p, q, r).unwrap();
            let set = strongly_symmetric(&prisoners_dilemma(), &s, 0.95).unwrap();
            let (lo, hi) = set.interval.unwrap();
            assert!(set.converged);
            assert!(
                (hi - (2.0 - (1.0 - p) / (p - q))).abs() < 1e-6,
                "{p} {q}: {hi}"
            );
            assert!(lo.abs() < 1e-6, "the worst is the stage equilibrium: {lo}");
        }
    }

    #[test]
    fn without_informative_signals_only_the_stage_equilibrium_remains() {
        // 3p − 2q ≤ 1: no strongly symmetric PPE sustains effort.
        let s = signals(0.6, 0.45, 0.3).unwrap();
        let set = strongly_symmetric(&prisoners_dilemma(), &s, 0.95).unwrap();
        let (lo, hi) = set.interval.unwrap();
        assert!(lo.abs() < 1e-6 && hi.abs() < 1e-6, "[{lo}, {hi}]");
    }

    #[test]
    fn asymmetric_games_are_refused() {
        let g = Game::from_rows(
            &[vec![1.0, 0.0], vec![0.0, 1.0]],
            &[vec![2.0, 0.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let s = SignalStructure::perfect((2, 2)).unwrap();
        assert!(strongly_symmetric(&g, &s, 0.9).is_err());
    }
}
