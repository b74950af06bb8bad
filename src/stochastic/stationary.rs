//! Stationary (Markov) strategy profiles of a stochastic game: each player plays a mixed
//! action that depends on the current state only. The states then form a Markov chain
//! with `P_σ(s' | s) = Σ_a σ(a | s) P(s' | s, a)`, and the normalised discounted values
//! solve `(I − δ P_σ) v = (1 − δ) u_σ` (Filar & Vrieze 1997, §3.1), one LU solve per player.

use nalgebra::{DMatrix, DVector};

use super::game::{StochasticError, StochasticGame};
use crate::game::Player;

/// A stationary profile: `row[s]`, `col[s]` are the players' mixed actions in state `s`
/// (probabilities over that state's actions).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StationaryProfile {
    /// The row player's mixed action in each state.
    pub row: Vec<Vec<f64>>,
    /// The column player's mixed action in each state.
    pub col: Vec<Vec<f64>>,
}

impl StationaryProfile {
    /// The pure profile playing `actions[s] = (row action, col action)` in each state.
    pub fn pure(game: &StochasticGame, actions: &[(usize, usize)]) -> Self {
        let one = |len: usize, k: usize| {
            let mut v = vec![0.0; len];
            v[k] = 1.0;
            v
        };
        let (row, col) = actions
            .iter()
            .enumerate()
            .map(|(s, &(r, c))| {
                let (m, n) = game.game(s).shape();
                (one(m, r), one(n, c))
            })
            .unzip();
        StationaryProfile { row, col }
    }

    /// The mixed action of `player` in state `s`.
    pub fn of(&self, player: Player, s: usize) -> &[f64] {
        match player {
            Player::Row => &self.row[s],
            Player::Col => &self.col[s],
        }
    }
}

/// The chain a profile induces: transition matrix and expected stage payoffs per state.
#[derive(Debug, Clone, PartialEq)]
pub struct StationaryChain {
    /// `transition[(s, s')]`.
    pub transition: DMatrix<f64>,
    /// Expected stage payoffs `(row, col)` in each state.
    pub payoffs: Vec<(f64, f64)>,
}

/// The chain of `profile` in `game`.
pub fn chain(game: &StochasticGame, profile: &StationaryProfile) -> StationaryChain {
    let k = game.len();
    let mut transition = DMatrix::zeros(k, k);
    let mut payoffs = Vec::with_capacity(k);
    for s in 0..k {
        let g = game.game(s);
        let (m, n) = g.shape();
        let (a, b) = (g.payoffs(Player::Row), g.payoffs(Player::Col));
        let (mut ur, mut uc) = (0.0, 0.0);
        for i in 0..m {
            let p = profile.row[s][i];
            if p == 0.0 {
                continue;
            }
            for j in 0..n {
                let w = p * profile.col[s][j];
                if w == 0.0 {
                    continue;
                }
                ur += w * a[(i, j)];
                uc += w * b[(i, j)];
                for (t, &q) in game.next(s, i, j).iter().enumerate() {
                    transition[(s, t)] += w * q;
                }
            }
        }
        payoffs.push((ur, uc));
    }
    StationaryChain {
        transition,
        payoffs,
    }
}

/// Normalised discounted values `(row, col)` of `profile` from every state at `delta`.
pub fn values(
    game: &StochasticGame,
    profile: &StationaryProfile,
    delta: f64,
) -> Result<Vec<(f64, f64)>, StochasticError> {
    if !(0.0..1.0).contains(&delta) {
        return Err(StochasticError::BadDiscount { delta });
    }
    let c = chain(game, profile);
    let k = game.len();
    let lu = (DMatrix::identity(k, k) - &c.transition * delta).lu();
    let solve = |pick: fn(&(f64, f64)) -> f64| {
        let u = DVector::from_iterator(k, c.payoffs.iter().map(|p| (1.0 - delta) * pick(p)));
        lu.solve(&u).ok_or(StochasticError::Singular)
    };
    let (vr, vc) = (solve(|p| p.0)?, solve(|p| p.1)?);
    Ok((0..k).map(|s| (vr[s], vc[s])).collect())
}

/// The distribution of the state in rounds 1, 2, …, `rounds` from the initial state.
pub fn state_distribution(
    game: &StochasticGame,
    profile: &StationaryProfile,
    rounds: usize,
) -> Vec<Vec<f64>> {
    let c = chain(game, profile);
    let k = game.len();
    let mut d = DVector::zeros(k);
    d[game.initial()] = 1.0;
    let mut out = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        out.push(d.iter().copied().collect());
        d = c.transition.tr_mul(&d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;

    #[test]
    fn a_one_state_game_gives_the_stage_payoffs() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let sg = StochasticGame::repeated("only", g);
        let p = StationaryProfile::pure(&sg, &[(1, 1)]);
        let v = values(&sg, &p, 0.9).unwrap();
        assert!((v[0].0 - 1.0).abs() < 1e-12 && (v[0].1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn absorbing_punishment_by_hand() {
        // State 0 pays (3, 3) while both cooperate and moves to the absorbing state 1,
        // paying (1, 1), with probability q each round: v0 = (1 − δ)3 + δ((1 − q) v0 + q·1).
        let g0 = Game::from_rows(&[vec![3.0]], &[vec![3.0]]).unwrap();
        let g1 = Game::from_rows(&[vec![1.0]], &[vec![1.0]]).unwrap();
        let q = 0.2;
        let sg = StochasticGame::new(
            vec!["truce".into(), "war".into()],
            vec![g0, g1],
            vec![vec![vec![vec![1.0 - q, q]]], vec![vec![vec![0.0, 1.0]]]],
            0,
        )
        .unwrap();
        let p = StationaryProfile::pure(&sg, &[(0, 0), (0, 0)]);
        let delta = 0.9;
        let v = values(&sg, &p, delta).unwrap();
        let want = ((1.0 - delta) * 3.0 + delta * q) / (1.0 - delta * (1.0 - q));
        assert!((v[0].0 - want).abs() < 1e-12, "{} vs {want}", v[0].0);
        assert!((v[1].1 - 1.0).abs() < 1e-12);
        let d = state_distribution(&sg, &p, 3);
        assert_eq!(d[0], [1.0, 0.0]);
        assert!((d[2][0] - 0.64).abs() < 1e-12);
    }
}
