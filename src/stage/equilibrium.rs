//! The verified Nash equilibrium every solver returns.
//!
//! An [`Equilibrium`] can only be built through [`Equilibrium::verify`], which computes the
//! profile's regret — the most either player gains by a pure deviation — and refuses the
//! profile when that exceeds [`max_regret`]: `10 × EPS × payoff scale`, that is `1e-8`
//! times the largest absolute payoff (at least `1e-8`), the same bound as
//! [`Game::is_equilibrium`]. The regret found is kept and reported.

use serde::Serialize;

use crate::game::{Game, MixedStrategy, MixedStrategyError};
use crate::tolerance::REGRET_FACTOR;

/// A Nash equilibrium whose regret has been checked against the game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Equilibrium {
    /// The row player's mixed strategy.
    pub row: MixedStrategy,
    /// The column player's mixed strategy.
    pub col: MixedStrategy,
    /// Expected payoffs `(u_row, u_col)`.
    pub payoffs: (f64, f64),
    /// The largest gain of a pure deviation (at most [`max_regret`]).
    pub regret: f64,
}

/// Why a profile was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NotEquilibrium {
    /// A vector is not a probability vector.
    #[error("not a mixed strategy: {0}")]
    Strategy(#[from] MixedStrategyError),
    /// Wrong number of probabilities.
    #[error("strategy lengths {0}x{1} do not fit the game")]
    Shape(usize, usize),
    /// A deviation gains more than the tolerance.
    #[error("a pure deviation gains {regret:e}, above the tolerance {tolerance:e}")]
    Regret {
        /// The regret found.
        regret: f64,
        /// The bound.
        tolerance: f64,
    },
}

/// The largest regret a verified equilibrium of `game` may have.
pub fn max_regret(game: &Game) -> f64 {
    game.tolerance().abs * REGRET_FACTOR
}

impl Equilibrium {
    /// Checks `(x, y)` against `game`: both probability vectors of the right length, no pure
    /// deviation gaining more than [`max_regret`].
    pub fn verify(game: &Game, x: Vec<f64>, y: Vec<f64>) -> Result<Self, NotEquilibrium> {
        let (m, n) = game.shape();
        if x.len() != m || y.len() != n {
            return Err(NotEquilibrium::Shape(x.len(), y.len()));
        }
        let row = MixedStrategy::new(x)?;
        let col = MixedStrategy::new(y)?;
        let regret = game.regret(&row, &col);
        let tolerance = max_regret(game);
        if regret > tolerance {
            return Err(NotEquilibrium::Regret { regret, tolerance });
        }
        let payoffs = game.expected_payoffs(&row, &col);
        Ok(Equilibrium {
            row,
            col,
            payoffs,
            regret,
        })
    }

    /// Whether two equilibria are the same profile within `tol` in every probability.
    pub fn same_profile(&self, other: &Equilibrium, tol: f64) -> bool {
        close(self.row.probs(), other.row.probs(), tol)
            && close(self.col.probs(), other.col.probs(), tol)
    }
}

/// Whether two vectors agree within `tol` in every entry.
pub fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(p, q)| (p - q).abs() <= tol)
}

/// Sorts equilibria lexicographically by (row probabilities, column probabilities), the
/// order the reference lists use, so output is deterministic.
pub fn sort_profiles(eqs: &mut [Equilibrium]) {
    eqs.sort_by(|e, f| {
        let key = |q: &Equilibrium| {
            q.row
                .probs()
                .iter()
                .chain(q.col.probs())
                .copied()
                .collect::<Vec<f64>>()
        };
        key(e)
            .partial_cmp(&key(f))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_accepts_equilibria_and_refuses_others() {
        let pd = crate::game::fixtures::pd();
        let e = Equilibrium::verify(&pd, vec![0.0, 1.0], vec![0.0, 1.0]).unwrap();
        assert_eq!(e.payoffs, (1.0, 1.0));
        assert_eq!(e.regret, 0.0);
        assert!(matches!(
            Equilibrium::verify(&pd, vec![1.0, 0.0], vec![1.0, 0.0]),
            Err(NotEquilibrium::Regret { .. })
        ));
        assert!(matches!(
            Equilibrium::verify(&pd, vec![1.0], vec![1.0, 0.0]),
            Err(NotEquilibrium::Shape(1, 2))
        ));
    }
}
