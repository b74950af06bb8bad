//! The value and optimal strategies of a zero-sum (or constant-sum) game, by the minimax
//! theorem (von Neumann 1928) and its linear program (Dantzig 1951; Maschler, Solan & Zamir
//! 2013, §5.2): the row player's optimal strategies are its maxmin strategies in `a`, the
//! column player's are the strategies that hold the row player to the value.
//!
//! A game is constant-sum when `a + b` is the same number `c` in every cell (within the
//! game's tolerance); then the column player's value is `c − v`. The LPs are those of
//! [`crate::stage::minmax`].

use serde::Serialize;

use super::minmax::{LpError, mixed_security};
use crate::game::{Game, MixedStrategy, Player};

/// The solution of a constant-sum game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZeroSumSolution {
    /// `a + b` in every cell (0 for zero-sum games).
    pub constant: f64,
    /// The row player's value `v = max_x min_y xᵀay = min_y max_x xᵀay`.
    pub value_row: f64,
    /// The column player's value `constant − v`.
    pub value_col: f64,
    /// An optimal (maxmin) strategy of the row player.
    pub row: MixedStrategy,
    /// An optimal strategy of the column player.
    pub col: MixedStrategy,
}

/// `Some(c)` when `a + b = c` in every cell within the game's tolerance.
pub fn constant_sum(game: &Game) -> Option<f64> {
    let s = game.a() + game.b();
    let c = s[(0, 0)];
    let tol = game.tolerance();
    s.iter().all(|&v| tol.eq(v, c)).then_some(c)
}

/// The value and optimal strategies, or `Ok(None)` when the game is not constant-sum.
pub fn zero_sum_solution(game: &Game) -> Result<Option<ZeroSumSolution>, LpError> {
    let Some(constant) = constant_sum(game) else {
        return Ok(None);
    };
    let s = mixed_security(game, Player::Row)?;
    Ok(Some(ZeroSumSolution {
        constant,
        value_row: s.maxmin,
        value_col: constant - s.maxmin,
        row: s.security_strategy,
        col: s.punisher,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_pennies_value_zero_and_uniform_strategies() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let z = zero_sum_solution(&g).unwrap().unwrap();
        assert!(z.value_row.abs() < 1e-9 && z.value_col.abs() < 1e-9);
        assert!((z.row.probs()[0] - 0.5).abs() < 1e-9);
        assert!((z.col.probs()[0] - 0.5).abs() < 1e-9);
    }

    #[test]
    fn non_constant_sum_games_have_no_value() {
        let pd = crate::game::fixtures::pd();
        assert_eq!(zero_sum_solution(&pd).unwrap(), None);
    }
}
