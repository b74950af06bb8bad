//! Iterated elimination of strictly dominated actions, by pure or mixed strategies.
//!
//! Each round removes, for both players at once, every action that is strictly
//! dominated in the current reduced game — first checked against each other pure action,
//! then against mixtures of the other remaining actions by a linear program (Myerson
//! 1991, §3.1; the LP maximises the margin ε with which a mixture beats the action
//! against every remaining opponent action; the action is dominated when ε > tolerance).
//! Rounds repeat until nothing changes. Strict dominance is order-independent, so the
//! surviving game is unique (Gilboa, Kalai & Zemel 1990).

use crate::lp::{LinearProgram, Sense, maximize};
use serde::Serialize;

use crate::game::{Game, Player};
use crate::tolerance::DOMINANCE_WEIGHT_DROP;

/// What dominates an eliminated action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dominator {
    /// Another pure action.
    Pure(usize),
    /// A mixture: (action, probability) pairs.
    Mixed(Vec<(usize, f64)>),
}

/// One eliminated action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Elimination {
    /// Whose action.
    pub player: Player,
    /// The action.
    pub action: usize,
    /// What strictly dominates it.
    pub by: Dominator,
}

/// The whole elimination: rounds in order, and what survives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DominanceResult {
    /// Eliminations per round.
    pub rounds: Vec<Vec<Elimination>>,
    /// Surviving row actions.
    pub surviving_row: Vec<usize>,
    /// Surviving column actions.
    pub surviving_col: Vec<usize>,
}

impl DominanceResult {
    /// `player`'s eliminated actions, in the order of the rounds that removed them.
    pub fn eliminated(&self, player: Player) -> Vec<usize> {
        self.rounds
            .iter()
            .flatten()
            .filter(|e| e.player == player)
            .map(|e| e.action)
            .collect()
    }
}

/// Payoff of `player` from own action `own` against opponent action `opp`.
fn u(game: &Game, player: Player, own: usize, opp: usize) -> f64 {
    match player {
        Player::Row => game.a()[(own, opp)],
        Player::Col => game.b()[(opp, own)],
    }
}

fn dominator(
    game: &Game,
    player: Player,
    k: usize,
    own: &[usize],
    opp: &[usize],
) -> Option<Dominator> {
    let tol = game.tolerance();
    for &d in own.iter().filter(|&&d| d != k) {
        if opp
            .iter()
            .all(|&j| tol.gt(u(game, player, d, j), u(game, player, k, j)))
        {
            return Some(Dominator::Pure(d));
        }
    }
    let others: Vec<usize> = own.iter().copied().filter(|&d| d != k).collect();
    if others.len() < 2 {
        return None;
    }
    let mut lp = LinearProgram::new();
    let vars: Vec<_> = others.iter().map(|_| lp.var(0.0, (0.0, 1.0))).collect();
    let span = 2.0 * game.payoff_scale() + 1.0;
    let eps = lp.var(1.0, (-span, span));
    for &j in opp {
        let mut row: Vec<_> = others
            .iter()
            .zip(&vars)
            .map(|(&d, &v)| (v, u(game, player, d, j)))
            .collect();
        row.push((eps, -1.0));
        lp.constraint(row, Sense::Ge, u(game, player, k, j));
    }
    let ones: Vec<_> = vars.iter().map(|&v| (v, 1.0)).collect();
    lp.constraint(ones, Sense::Eq, 1.0);
    let sol = maximize(&lp).ok()?;
    // The LP's margin only screens; the mixture found is checked exactly below.
    if sol[eps] <= tol.abs {
        return None;
    }
    let mix: Vec<(usize, f64)> = others
        .iter()
        .zip(&vars)
        .map(|(&d, &v)| (d, sol[v].max(0.0)))
        .filter(|&(_, p)| p > DOMINANCE_WEIGHT_DROP)
        .collect();
    let total: f64 = mix.iter().map(|(_, p)| p).sum();
    let mix: Vec<(usize, f64)> = mix.into_iter().map(|(d, p)| (d, p / total)).collect();
    // Verify the mixture really dominates before reporting it.
    let dominates = opp.iter().all(|&j| {
        let v: f64 = mix.iter().map(|&(d, p)| p * u(game, player, d, j)).sum();
        tol.gt(v, u(game, player, k, j))
    });
    dominates.then_some(Dominator::Mixed(mix))
}

/// Runs iterated strict dominance to the end.
pub fn iterated_strict_dominance(game: &Game) -> DominanceResult {
    let (m, n) = game.shape();
    let mut rows: Vec<usize> = (0..m).collect();
    let mut cols: Vec<usize> = (0..n).collect();
    let mut rounds = Vec::new();
    loop {
        let mut round = Vec::new();
        for (player, own, opp) in [(Player::Row, &rows, &cols), (Player::Col, &cols, &rows)] {
            for &k in own.iter() {
                if let Some(by) = dominator(game, player, k, own, opp) {
                    round.push(Elimination {
                        player,
                        action: k,
                        by,
                    });
                }
            }
        }
        if round.is_empty() {
            break;
        }
        rows.retain(|r| {
            !round
                .iter()
                .any(|e| e.player == Player::Row && e.action == *r)
        });
        cols.retain(|c| {
            !round
                .iter()
                .any(|e| e.player == Player::Col && e.action == *c)
        });
        rounds.push(round);
    }
    DominanceResult {
        rounds,
        surviving_row: rows,
        surviving_col: cols,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mixture_that_wins_by_ten_tolerances_dominates() {
        // Row 2 pays -1e-8 everywhere; the half-half mixture of rows 0 and 1 pays 0: it
        // wins by 1e-8, ten times the game's tolerance (1e-9 at payoff scale 1).
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0], vec![-1e-8, -1e-8]],
            &[vec![0.0, 0.0], vec![0.0, 0.0], vec![0.0, 0.0]],
        )
        .unwrap();
        assert_eq!(g.tolerance().abs, 1e-9);
        let r = iterated_strict_dominance(&g);
        assert_eq!(r.eliminated(Player::Row), vec![2]);
    }

    #[test]
    fn prisoners_dilemma_leaves_defection() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let d = iterated_strict_dominance(&g);
        assert_eq!(d.rounds.len(), 1);
        assert_eq!(d.eliminated(Player::Row), vec![0]);
        assert_eq!(d.eliminated(Player::Col), vec![0]);
        assert_eq!(
            (d.surviving_row.clone(), d.surviving_col.clone()),
            (vec![1], vec![1])
        );
    }

    #[test]
    fn mixed_dominance_is_found() {
        // Row action 2 (payoffs 1, 1) is dominated by the 50-50 mix of actions 0 (3, 0)
        // and 1 (0, 3), which gives 1.5 against both columns, but by neither pure action.
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![0.0, 3.0], vec![1.0, 1.0]],
            &[vec![0.0, 0.0], vec![0.0, 0.0], vec![0.0, 0.0]],
        )
        .unwrap();
        let d = iterated_strict_dominance(&g);
        assert_eq!(d.eliminated(Player::Row), vec![2]);
        assert!(matches!(d.rounds[0][0].by, Dominator::Mixed(_)));
    }

    #[test]
    fn elimination_iterates_over_rounds() {
        // Column's r2 is dominated only once row's bottom action is gone.
        let g = Game::from_rows(
            &[vec![1.0, 1.0], vec![0.0, 0.0]],
            &[vec![1.0, 0.0], vec![0.0, 2.0]],
        )
        .unwrap();
        let d = iterated_strict_dominance(&g);
        assert_eq!(d.rounds.len(), 2);
        assert_eq!(d.eliminated(Player::Row), vec![1]);
        assert_eq!(d.eliminated(Player::Col), vec![1]);
    }
}
