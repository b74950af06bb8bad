//! A player's best reply to a stationary strategy of the other, by policy iteration on the
//! player's Markov decision problem (Howard 1960; Puterman 1994, §6.4): against a fixed
//! stationary opponent the player faces an MDP with rewards
//! `r(s, a) = (1 − δ) Σ_b σ(b | s) u(s, a, b)` and transitions
//! `P(s' | s, a) = Σ_b σ(b | s) P(s' | s, a, b)`. Steps: evaluate the current pure policy
//! by one linear solve; in every state switch to an action whose one-step lookahead beats
//! the current one by more than the game's tolerance (ties keep the current action, so the
//! iteration cannot cycle); stop when no state switches. The values strictly increase, so
//! it ends after finitely many steps, at a policy no other stationary (or history-
//! dependent) strategy beats.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use super::game::{StochasticError, StochasticGame};
use super::stationary::StationaryProfile;
use crate::game::Player;
use crate::tolerance::REGRET_FACTOR;

/// A best reply: the pure stationary policy and its values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestReply {
    /// Who replies.
    pub player: Player,
    /// The action in each state.
    pub policy: Vec<usize>,
    /// The player's normalised discounted value from each state.
    pub values: Vec<f64>,
    /// Policy improvements made.
    pub iterations: usize,
}

/// Most improvements before the iteration is stopped (it ends far sooner: each one
/// raises the values, and there are finitely many policies).
pub const MAX_POLICY_ITERATIONS: usize = 10_000;

/// The best reply of `player` to the other's part of `profile` at `delta` (module doc).
pub fn best_reply(
    game: &StochasticGame,
    profile: &StationaryProfile,
    player: Player,
    delta: f64,
) -> Result<BestReply, StochasticError> {
    if !(0.0..1.0).contains(&delta) {
        return Err(StochasticError::BadDiscount { delta });
    }
    let k = game.len();
    // Rewards and transitions of each (state, own action) against the opponent.
    let mut reward: Vec<Vec<f64>> = Vec::with_capacity(k);
    let mut next: Vec<Vec<Vec<f64>>> = Vec::with_capacity(k);
    for s in 0..k {
        let g = game.game(s);
        let u = g.payoffs(player);
        let other = profile.of(player.opponent(), s);
        let own = g.num_actions(player);
        let mut rs = Vec::with_capacity(own);
        let mut ns = Vec::with_capacity(own);
        for a in 0..own {
            let (mut r, mut p) = (0.0, vec![0.0; k]);
            for (b, &w) in other.iter().enumerate() {
                if w == 0.0 {
                    continue;
                }
                let (i, j) = match player {
                    Player::Row => (a, b),
                    Player::Col => (b, a),
                };
                r += w * (1.0 - delta) * u[(i, j)];
                for (t, &q) in game.next(s, i, j).iter().enumerate() {
                    p[t] += w * q;
                }
            }
            rs.push(r);
            ns.push(p);
        }
        reward.push(rs);
        next.push(ns);
    }
    let mut policy = vec![0usize; k];
    let mut iterations = 0;
    loop {
        let a = DMatrix::from_fn(k, k, |s, t| {
            let id = if s == t { 1.0 } else { 0.0 };
            id - delta * next[s][policy[s]][t]
        });
        let r = DVector::from_iterator(k, (0..k).map(|s| reward[s][policy[s]]));
        let v = a.lu().solve(&r).ok_or(StochasticError::Singular)?;
        let look = |s: usize, x: usize| -> f64 {
            reward[s][x]
                + delta
                    * next[s][x]
                        .iter()
                        .zip(v.iter())
                        .map(|(p, y)| p * y)
                        .sum::<f64>()
        };
        let mut changed = false;
        for s in 0..k {
            let tol = game.game(s).tolerance().abs * REGRET_FACTOR;
            let here = look(s, policy[s]);
            let (best, value) = (0..reward[s].len())
                .map(|x| (x, look(s, x)))
                .fold((policy[s], here), |b, c| if c.1 > b.1 { c } else { b });
            if value > here + tol {
                policy[s] = best;
                changed = true;
            }
        }
        if !changed || iterations >= MAX_POLICY_ITERATIONS {
            return Ok(BestReply {
                player,
                policy,
                values: v.iter().copied().collect(),
                iterations,
            });
        }
        iterations += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;
    use crate::stochastic::mpe::pure_mpe;
    use crate::stochastic::stationary::values;

    fn ladder() -> StochasticGame {
        let pd = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let low = Game::from_rows(
            &[vec![2.0, 0.0], vec![3.0, 0.5]],
            &[vec![2.0, 3.0], vec![0.0, 0.5]],
        )
        .unwrap();
        let mut calm = vec![vec![vec![0.9, 0.1]; 2]; 2];
        calm[1][1] = vec![0.2, 0.8];
        let tense = vec![vec![vec![0.5, 0.5]; 2]; 2];
        StochasticGame::new(
            vec!["calm".into(), "tense".into()],
            vec![pd, low],
            vec![calm, tense],
            0,
        )
        .unwrap()
    }

    #[test]
    fn the_best_reply_beats_every_pure_stationary_strategy() {
        let g = ladder();
        let delta = 0.85;
        // Against the column player cooperating in calm and defecting when tense.
        let opp = StationaryProfile::pure(&g, &[(0, 0), (0, 1)]);
        let br = best_reply(&g, &opp, Player::Row, delta).unwrap();
        for code in 0..4 {
            let mine = [(code >> 1, 0), (code & 1, 1)];
            let v = values(&g, &StationaryProfile::pure(&g, &mine), delta).unwrap();
            for (s, (best, theirs)) in br.values.iter().zip(&v).enumerate() {
                assert!(
                    best >= &(theirs.0 - 1e-12),
                    "state {s}: {best} < {}",
                    theirs.0
                );
            }
        }
    }

    #[test]
    fn at_a_markov_equilibrium_no_reply_does_better() {
        let g = ladder();
        let eqs = pure_mpe(&g, 0.85).unwrap();
        assert!(!eqs.is_empty(), "mutual defection in both states is one");
        for e in eqs {
            for player in [Player::Row, Player::Col] {
                let br = best_reply(&g, &e.profile, player, 0.85).unwrap();
                for s in 0..2 {
                    let own = match player {
                        Player::Row => e.values[s].0,
                        Player::Col => e.values[s].1,
                    };
                    assert!((br.values[s] - own).abs() < 1e-9, "{player:?} state {s}");
                }
            }
        }
    }
}
