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
///
/// A profile `c` is dominated when some `d` has `u_d ≥ u_c − ε`, `v_d ≥ v_c − ε` and is
/// better by more than `ε` in one payoff. That is: some `d` with `u_d > u_c + ε` has
/// `v_d ≥ v_c − ε`, or some `d` with `u_d ≥ u_c − ε` has `v_d > v_c + ε` — two queries of
/// the largest `v` among the profiles above a threshold of `u`, answered by binary search
/// on the profiles sorted by `u` with their running maximum of `v`: `O(k log k)` for `k`
/// cells rather than comparing every pair.
pub fn pareto_optimal(game: &Game) -> Vec<ParetoOutcome> {
    let (m, n) = game.shape();
    let eps = game.tolerance().abs;
    let cells: Vec<(usize, usize, f64, f64)> = (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, game.a()[(i, j)], game.b()[(i, j)]))
        .collect();
    let mut by_u: Vec<(f64, f64)> = cells.iter().map(|c| (c.2, c.3)).collect();
    by_u.sort_by(|x, y| y.0.total_cmp(&x.0));
    // best_v[k]: the largest v among the k profiles of largest u.
    let mut best_v = Vec::with_capacity(by_u.len() + 1);
    best_v.push(f64::NEG_INFINITY);
    for &(_, v) in &by_u {
        let last = best_v[best_v.len() - 1];
        best_v.push(f64::max(last, v));
    }
    let above = |t: f64| best_v[by_u.partition_point(|c| c.0 > t)];
    let at_least = |t: f64| best_v[by_u.partition_point(|c| c.0 >= t)];
    cells
        .iter()
        .filter(|&&(_, _, u, v)| !(above(u + eps) >= v - eps || at_least(u - eps) > v + eps))
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

    /// The definition, pair by pair.
    fn pareto_by_pairs(game: &Game) -> Vec<(usize, usize)> {
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
            .map(|c| (c.0, c.1))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn the_sorted_sweep_agrees_with_the_pairwise_definition(
            m in 1usize..7,
            n in 1usize..7,
            cells in proptest::collection::vec((0i32..5, 0i32..5, 0u8..3), 36),
        ) {
            // Few distinct values, some a tolerance apart, so ties and near-ties abound.
            let nudge = |k: u8| f64::from(k) * 3e-9;
            let a: Vec<Vec<f64>> = (0..m)
                .map(|i| (0..n).map(|j| { let c = cells[i * 6 + j]; f64::from(c.0) + nudge(c.2) }).collect())
                .collect();
            let b: Vec<Vec<f64>> = (0..m)
                .map(|i| (0..n).map(|j| { let c = cells[i * 6 + j]; f64::from(c.1) - nudge(c.2) }).collect())
                .collect();
            let g = Game::from_rows(&a, &b).unwrap();
            let fast: Vec<_> = pareto_optimal(&g).iter().map(|o| (o.row, o.col)).collect();
            proptest::prop_assert_eq!(fast, pareto_by_pairs(&g));
        }
    }
}
