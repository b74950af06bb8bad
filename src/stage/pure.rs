//! All pure-strategy Nash equilibria, by checking every cell: a profile `(i, j)` is an
//! equilibrium when `a[i][j]` is a maximum of column `j` of `a` and `b[i][j]` a maximum
//! of row `i` of `b` (Nash 1951; the enumeration is what Gambit's `enumpure` does).
//! Ties within the game's tolerance count as best responses, so degenerate games get
//! every equilibrium.

use serde::Serialize;

use crate::game::Game;

/// A pure equilibrium: action indices and the payoff pair.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PureEquilibrium {
    /// Row action index.
    pub row: usize,
    /// Column action index.
    pub col: usize,
    /// `(u_row, u_col)`.
    pub payoffs: (f64, f64),
}

/// Every pure Nash equilibrium, in row-major order of profiles.
pub fn pure_equilibria(game: &Game) -> Vec<PureEquilibrium> {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let tol = game.tolerance();
    let col_max: Vec<f64> = (0..n).map(|j| a.column(j).max()).collect();
    let row_max: Vec<f64> = (0..m).map(|i| b.row(i).max()).collect();
    let mut out = Vec::new();
    for i in 0..m {
        for j in 0..n {
            if tol.ge(a[(i, j)], col_max[j]) && tol.ge(b[(i, j)], row_max[i]) {
                out.push(PureEquilibrium {
                    row: i,
                    col: j,
                    payoffs: game.pure_payoffs(i, j),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordination_game_has_two() {
        let g = Game::from_rows(
            &[vec![2.0, 0.0], vec![0.0, 1.0]],
            &[vec![1.0, 0.0], vec![0.0, 2.0]],
        )
        .unwrap();
        let eq = pure_equilibria(&g);
        assert_eq!(
            eq.iter().map(|e| (e.row, e.col)).collect::<Vec<_>>(),
            vec![(0, 0), (1, 1)]
        );
    }

    #[test]
    fn matching_pennies_has_none() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        assert!(pure_equilibria(&g).is_empty());
    }

    #[test]
    fn all_ties_make_every_cell_an_equilibrium() {
        let g = Game::from_rows(&vec![vec![0.0; 3]; 2], &vec![vec![0.0; 3]; 2]).unwrap();
        assert_eq!(pure_equilibria(&g).len(), 6);
    }
}
