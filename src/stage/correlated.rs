//! The correlated equilibrium that maximises the sum of payoffs, by linear programming
//! (Aumann 1974; the LP of Papadimitriou & Roughgarden 2008, and Nisan et al. 2007,
//! *Algorithmic Game Theory*, §2.4).
//!
//! A correlated equilibrium is a distribution `p` over action pairs such that neither
//! player, told only their own recommended action, gains by switching to another:
//! for all rows `i ≠ i'`: `Σⱼ p(i, j) (a(i, j) − a(i', j)) ≥ 0`, and for all columns
//! `j ≠ j'`: `Σᵢ p(i, j) (b(i, j) − b(i, j')) ≥ 0`. The LP maximises
//! `Σ p(i, j) (a(i, j) + b(i, j))` over such distributions (`p ≥ 0`, `Σ p = 1`). The
//! distribution returned is clipped to non-negative, renormalised and its largest
//! incentive violation reported.

use crate::lp::{LinearProgram, Sense, maximize};
use serde::Serialize;

use super::minmax::LpError;
use crate::game::Game;

/// A correlated equilibrium maximising total payoff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrelatedEquilibrium {
    /// `distribution[i][j]`: probability of recommending `(i, j)`.
    pub distribution: Vec<Vec<f64>>,
    /// Expected payoffs `(u_row, u_col)`.
    pub payoffs: (f64, f64),
    /// The largest gain from disobeying a recommendation (at most the game's tolerance).
    pub max_violation: f64,
}

/// Solves the LP (see the module docs).
pub fn max_welfare_correlated(game: &Game) -> Result<CorrelatedEquilibrium, LpError> {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let mut lp = LinearProgram::new();
    let p: Vec<Vec<_>> = (0..m)
        .map(|i| {
            (0..n)
                .map(|j| lp.var(a[(i, j)] + b[(i, j)], (0.0, 1.0)))
                .collect()
        })
        .collect();
    for i in 0..m {
        for i2 in (0..m).filter(|&k| k != i) {
            let row: Vec<_> = (0..n).map(|j| (p[i][j], a[(i, j)] - a[(i2, j)])).collect();
            lp.constraint(row, Sense::Ge, 0.0);
        }
    }
    for j in 0..n {
        for j2 in (0..n).filter(|&k| k != j) {
            let col: Vec<_> = (0..m).map(|i| (p[i][j], b[(i, j)] - b[(i, j2)])).collect();
            lp.constraint(col, Sense::Ge, 0.0);
        }
    }
    let all: Vec<_> = p.iter().flatten().map(|&v| (v, 1.0)).collect();
    lp.constraint(all, Sense::Eq, 1.0);
    let sol = maximize(&lp)?;
    let mut dist: Vec<Vec<f64>> = p
        .iter()
        .map(|r| r.iter().map(|&v| sol[v].max(0.0)).collect())
        .collect();
    let total: f64 = dist.iter().flatten().sum();
    if total.is_nan() || total <= 0.0 {
        return Err(LpError(
            "the correlated-equilibrium LP gave an empty distribution".into(),
        ));
    }
    dist.iter_mut().flatten().for_each(|v| *v /= total);
    let mut payoffs = (0.0, 0.0);
    for i in 0..m {
        for j in 0..n {
            payoffs.0 += dist[i][j] * a[(i, j)];
            payoffs.1 += dist[i][j] * b[(i, j)];
        }
    }
    let mut max_violation = 0.0f64;
    for i in 0..m {
        for i2 in 0..m {
            let gain: f64 = (0..n).map(|j| dist[i][j] * (a[(i2, j)] - a[(i, j)])).sum();
            max_violation = max_violation.max(gain);
        }
    }
    for j in 0..n {
        for j2 in 0..n {
            let gain: f64 = (0..m).map(|i| dist[i][j] * (b[(i, j2)] - b[(i, j)])).sum();
            max_violation = max_violation.max(gain);
        }
    }
    Ok(CorrelatedEquilibrium {
        distribution: dist,
        payoffs,
        max_violation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chicken_correlated_beats_the_mixed_equilibrium() {
        // Chicken: (dare, chicken) rows/cols. The welfare-maximising CE puts weight on
        // (chicken, chicken) and the two asymmetric outcomes.
        let g = Game::from_rows(
            &[vec![0.0, 7.0], vec![2.0, 6.0]],
            &[vec![0.0, 2.0], vec![7.0, 6.0]],
        )
        .unwrap();
        let ce = max_welfare_correlated(&g).unwrap();
        // Known optimum: p(CC) = 1/2, p(DC) = p(CD) = 1/4, payoffs 5.25 each.
        assert!((ce.payoffs.0 - 5.25).abs() < 1e-6, "{:?}", ce.payoffs);
        assert!((ce.payoffs.1 - 5.25).abs() < 1e-6);
        assert!(ce.max_violation < 1e-7);
    }
}
