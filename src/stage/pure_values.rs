//! Pure security levels. The pure minmax of a player is the least the opponent can hold
//! the player to with a pure action while the player best-responds:
//! `min_j max_i a[i][j]` for the row player. The pure maxmin is the most the player can
//! guarantee with a pure action: `max_i min_j a[i][j]`. Always maxmin ≤ minmax.

use serde::Serialize;

use crate::game::{Game, Player};

/// A player's pure minmax and maxmin values with the actions that attain them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PureSecurity {
    /// `min over opponent actions of the player's best-reply payoff`.
    pub minmax: f64,
    /// Opponent action that holds the player to `minmax` (first one).
    pub minmax_punisher: usize,
    /// `max over own actions of the worst payoff`.
    pub maxmin: f64,
    /// Own action guaranteeing `maxmin` (first one).
    pub maxmin_action: usize,
}

/// Pure minmax and maxmin of `player`.
pub fn pure_security(game: &Game, player: Player) -> PureSecurity {
    // Orient so that rows are the player's actions.
    let u = match player {
        Player::Row => game.a().clone(),
        Player::Col => game.b().transpose(),
    };
    let (own, opp) = (u.nrows(), u.ncols());
    let mut minmax = f64::INFINITY;
    let mut minmax_punisher = 0;
    for j in 0..opp {
        let best = u.column(j).max();
        if best < minmax {
            minmax = best;
            minmax_punisher = j;
        }
    }
    let mut maxmin = f64::NEG_INFINITY;
    let mut maxmin_action = 0;
    for i in 0..own {
        let worst = u.row(i).min();
        if worst > maxmin {
            maxmin = worst;
            maxmin_action = i;
        }
    }
    PureSecurity {
        minmax,
        minmax_punisher,
        maxmin,
        maxmin_action,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_pennies_pure_values() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let r = pure_security(&g, Player::Row);
        assert_eq!((r.minmax, r.maxmin), (1.0, -1.0));
        let c = pure_security(&g, Player::Col);
        assert_eq!((c.minmax, c.maxmin), (1.0, -1.0));
    }

    #[test]
    fn column_player_is_oriented_correctly() {
        // col payoffs: b = [[0, 5], [2, 1]]: vs row 0 best 5, vs row 1 best 2 -> minmax 2;
        // col action 0 worst 0, col action 1 worst 1 -> maxmin 1.
        let g = Game::from_rows(
            &[vec![0.0, 0.0], vec![0.0, 0.0]],
            &[vec![0.0, 5.0], vec![2.0, 1.0]],
        )
        .unwrap();
        let c = pure_security(&g, Player::Col);
        assert_eq!(
            (c.minmax, c.minmax_punisher, c.maxmin, c.maxmin_action),
            (2.0, 1, 1.0, 1)
        );
    }
}
