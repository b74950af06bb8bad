//! Mixed security levels by linear programming (von Neumann's minimax theorem; the LP
//! formulation as in Maschler, Solan & Zamir 2013, §5.2).
//!
//! For the row player with payoff matrix `a`:
//! - the mixed minmax is `min_y max_i (a y)_i`: the least the column player can hold row
//!   to with a mixed strategy `y` while row best-responds (LP: minimise `v` subject to
//!   `a y ≤ v·1`, `y` in the simplex);
//! - the mixed maxmin is `max_x min_j (xᵀ a)_j`: what row can guarantee (LP: maximise `v`
//!   subject to `xᵀ a ≥ v·1`, `x` in the simplex).
//!
//! The two are equal (the value of the zero-sum game `a`); both LPs are solved and the
//! strategies returned, so callers get the punishing strategy and the security strategy.

use crate::lp::{LinearProgram, Sense, maximize};
use serde::Serialize;

use crate::game::{Game, MixedStrategy, Player};
use crate::tolerance::MINMAX_LP_AGREEMENT;

/// A player's mixed security level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixedSecurity {
    /// `min over the opponent's mixed strategies of the player's best-reply payoff`.
    pub minmax: f64,
    /// The opponent's strategy that holds the player to `minmax`.
    pub punisher: MixedStrategy,
    /// `max over own mixed strategies of the worst payoff` (equals `minmax`).
    pub maxmin: f64,
    /// The player's security strategy guaranteeing `maxmin`.
    pub security_strategy: MixedStrategy,
}

pub use crate::lp::LpError;

/// Value and maximiser's strategy of `max_x min_j (xᵀ u)_j` for a payoff matrix `u`
/// whose rows are the maximiser's actions.
pub fn maxmin_lp(u: &nalgebra::DMatrix<f64>) -> Result<(f64, Vec<f64>), LpError> {
    let (m, n) = (u.nrows(), u.ncols());
    let mut lp = LinearProgram::new();
    let x: Vec<_> = (0..m).map(|_| lp.var(0.0, (0.0, 1.0))).collect();
    let lo = u.min() - 1.0;
    let hi = u.max() + 1.0;
    let v = lp.var(1.0, (lo, hi));
    for j in 0..n {
        let mut row: Vec<_> = (0..m).map(|i| (x[i], u[(i, j)])).collect();
        row.push((v, -1.0));
        lp.constraint(row, Sense::Ge, 0.0);
    }
    let ones: Vec<_> = x.iter().map(|&xi| (xi, 1.0)).collect();
    lp.constraint(ones, Sense::Eq, 1.0);
    let sol = maximize(&lp)?;
    let p: Vec<f64> = x.iter().map(|&xi| sol[xi].max(0.0)).collect();
    let s: f64 = p.iter().sum();
    let p: Vec<f64> = p.iter().map(|v| v / s).collect();
    // Report the exact guarantee of the rounded strategy, not the LP's objective.
    let value = (0..n)
        .map(|j| (0..m).map(|i| p[i] * u[(i, j)]).sum::<f64>())
        .fold(f64::INFINITY, f64::min);
    Ok((value, p))
}

/// Mixed minmax and maxmin of `player`.
pub fn mixed_security(game: &Game, player: Player) -> Result<MixedSecurity, LpError> {
    // Rows = the player's actions.
    let u = match player {
        Player::Row => game.a().clone(),
        Player::Col => game.b().transpose(),
    };
    let (maxmin, x) = maxmin_lp(&u)?;
    // The punisher minimises the player's best reply: maxmin of the negated transpose.
    let (neg, y) = maxmin_lp(&(-u.transpose()))?;
    let minmax_from_lp = -neg;
    // The best-reply payoff against the rounded punishing strategy.
    let minmax = (0..u.nrows())
        .map(|i| (0..u.ncols()).map(|j| u[(i, j)] * y[j]).sum::<f64>())
        .fold(f64::NEG_INFINITY, f64::max);
    debug_assert!((minmax - minmax_from_lp).abs() < MINMAX_LP_AGREEMENT * (1.0 + minmax.abs()));
    let strat = |p: Vec<f64>| MixedStrategy::new(p).map_err(|e| LpError(e.to_string()));
    Ok(MixedSecurity {
        minmax,
        punisher: strat(y)?,
        maxmin,
        security_strategy: strat(x)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_pennies_value_is_zero() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        for p in Player::BOTH {
            let s = mixed_security(&g, p).unwrap();
            assert!(s.minmax.abs() < 1e-9 && s.maxmin.abs() < 1e-9);
            assert!((s.punisher.probs()[0] - 0.5).abs() < 1e-9);
        }
    }

    #[test]
    fn mixed_minmax_can_be_below_pure() {
        // Row: a = [[2, 0], [0, 1]]. Pure minmax = min(2, 1) = 1; mixed: column mixes
        // (1/3, 2/3) giving row max(2/3, 2/3) = 2/3.
        let g = Game::from_rows(
            &[vec![2.0, 0.0], vec![0.0, 1.0]],
            &[vec![0.0, 0.0], vec![0.0, 0.0]],
        )
        .unwrap();
        let s = mixed_security(&g, Player::Row).unwrap();
        assert!((s.minmax - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.maxmin - 2.0 / 3.0).abs() < 1e-9);
    }
}
