//! Pareto-optimal pure outcomes: profiles whose payoff pair no other pure profile
//! weakly improves for both players and strictly for one.

use serde::Serialize;

use crate::game::Game;

/// A Pareto-optimal pure profile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ParetoOutcome {
    /// Row action.
    pub row: usize,
    /// Column action.
    pub col: usize,
    /// `(u_row, u_col)`.
    pub payoffs: (f64, f64),
}

/// All Pareto-optimal pure profiles, in row-major order.
pub fn pareto_optimal(game: &Game) -> Vec<ParetoOutcome> {
    let (m, n) = game.shape();
    let tol = game.tolerance();
    let cells: Vec<(usize, usize, f64, f64)> = (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, game.a()[(i, j)], game.b()[(i, j)]))
        .collect();
    cells
        .iter()
        .filter(|&&(_, _, u, v)| {
            !cells.iter().any(|&(_, _, u2, v2)| {
                tol.ge(u2, u) && tol.ge(v2, v) && (tol.gt(u2, u) || tol.gt(v2, v))
            })
        })
        .map(|&(row, col, u, v)| ParetoOutcome {
            row,
            col,
            payoffs: (u, v),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisoners_dilemma_frontier() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let p: Vec<_> = pareto_optimal(&g).iter().map(|o| (o.row, o.col)).collect();
        assert_eq!(p, vec![(0, 0), (0, 1), (1, 0)]);
    }
}
