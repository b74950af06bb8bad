//! Pure best-response tables: for each opponent action, the player's best pure replies
//! (all of them when payoffs tie).

use serde::Serialize;

use crate::game::Game;

/// Best replies of both players to each pure action of the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestResponseTable {
    /// `row[j]`: the row player's best replies to column action `j`.
    pub row: Vec<Vec<usize>>,
    /// `col[i]`: the column player's best replies to row action `i`.
    pub col: Vec<Vec<usize>>,
}

/// The best-response table of a game.
pub fn best_response_table(game: &Game) -> BestResponseTable {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let tol = game.tolerance();
    let row = (0..n)
        .map(|j| {
            let best = a.column(j).max();
            (0..m).filter(|&i| tol.ge(a[(i, j)], best)).collect()
        })
        .collect();
    let col = (0..m)
        .map(|i| {
            let best = b.row(i).max();
            (0..n).filter(|&j| tol.ge(b[(i, j)], best)).collect()
        })
        .collect();
    BestResponseTable { row, col }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisoners_dilemma_defection_is_always_best() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let t = best_response_table(&g);
        assert_eq!(t.row, vec![vec![1], vec![1]]);
        assert_eq!(t.col, vec![vec![1], vec![1]]);
    }
}
