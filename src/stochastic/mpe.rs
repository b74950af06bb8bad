//! Pure stationary Markov perfect equilibria of a stochastic game (Maskin & Tirole 2001;
//! for stochastic games Filar & Vrieze 1997, §4.6): a stationary profile is an MPE iff in
//! every state each player's action is a best reply in the stage game whose payoffs are
//! `(1 − δ) u(s, a) + δ Σ_{s'} P(s' | s, a) v(s')`, with `v` the profile's own values — the
//! one-shot deviation principle for stationary strategies.
//!
//! [`pure_mpe`] enumerates every pure stationary profile (`Π_s m_s n_s` of them), refusing
//! before it starts beyond [`MAX_PURE_PROFILES`]; each is kept only when [`deviation`]
//! finds no gain above the game's tolerance times [`REGRET_FACTOR`], and the check works
//! for mixed profiles too.

use serde::Serialize;

use super::game::{StochasticError, StochasticGame};
use super::stationary::{StationaryProfile, values};
use crate::game::Player;
use crate::tolerance::REGRET_FACTOR;

/// Most pure stationary profiles [`pure_mpe`] enumerates.
pub const MAX_PURE_PROFILES: f64 = 2e6;

/// A profitable one-shot deviation from a stationary profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkovDeviation {
    /// The state where it pays.
    pub state: usize,
    /// Who deviates.
    pub player: Player,
    /// The action.
    pub action: usize,
    /// Gain in normalised payoff.
    pub gain: f64,
}

/// A verified Markov perfect equilibrium.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkovEquilibrium {
    /// Whether every mixed action is pure.
    pub pure: bool,
    /// The profile.
    pub profile: StationaryProfile,
    /// Normalised discounted values `(row, col)` from each state.
    pub values: Vec<(f64, f64)>,
}

/// Normalised discounted values `(row, col)` from each state.
pub type Values = Vec<(f64, f64)>;

/// The largest gain of a one-shot deviation from `profile` at `delta` over every state,
/// player and pure action (`None` when no action gains more than the tolerance), with
/// the profile's values.
pub fn deviation(
    game: &StochasticGame,
    profile: &StationaryProfile,
    delta: f64,
) -> Result<(Option<MarkovDeviation>, Values), StochasticError> {
    let v = values(game, profile, delta)?;
    let mut worst: Option<MarkovDeviation> = None;
    for s in 0..game.len() {
        let g = game.game(s);
        let tol = g.tolerance().abs * REGRET_FACTOR;
        let (m, n) = g.shape();
        for player in [Player::Row, Player::Col] {
            let u = g.payoffs(player);
            let own = g.num_actions(player);
            let here = match player {
                Player::Row => v[s].0,
                Player::Col => v[s].1,
            };
            for a in 0..own {
                // The deviation's value against the other's mixed action in state s.
                let mut q = 0.0;
                let other = profile.of(player.opponent(), s);
                for (b, &w) in other.iter().enumerate() {
                    if w == 0.0 {
                        continue;
                    }
                    let (i, j) = match player {
                        Player::Row => (a, b),
                        Player::Col => (b, a),
                    };
                    debug_assert!(i < m && j < n);
                    let cont: f64 = game
                        .next(s, i, j)
                        .iter()
                        .zip(&v)
                        .map(|(p, x)| {
                            p * match player {
                                Player::Row => x.0,
                                Player::Col => x.1,
                            }
                        })
                        .sum();
                    q += w * ((1.0 - delta) * u[(i, j)] + delta * cont);
                }
                let gain = q - here;
                if gain > tol && worst.as_ref().is_none_or(|d| gain > d.gain) {
                    worst = Some(MarkovDeviation {
                        state: s,
                        player,
                        action: a,
                        gain,
                    });
                }
            }
        }
    }
    Ok((worst, v))
}

/// Number of pure stationary profiles of `game`.
pub fn pure_profiles(game: &StochasticGame) -> f64 {
    (0..game.len())
        .map(|s| {
            let (m, n) = game.game(s).shape();
            (m * n) as f64
        })
        .product()
}

/// Every pure stationary MPE at `delta` (module doc), in the order of the enumeration
/// (state 0's profile varying slowest, row-major within a state).
pub fn pure_mpe(
    game: &StochasticGame,
    delta: f64,
) -> Result<Vec<MarkovEquilibrium>, StochasticError> {
    let count = pure_profiles(game);
    if count > MAX_PURE_PROFILES {
        return Err(StochasticError::TooLarge {
            what: "pure stationary profiles".into(),
            count,
            limit: MAX_PURE_PROFILES,
            fix: "use fewer states or actions, or look for mixed equilibria".into(),
        });
    }
    let k = game.len();
    let sizes: Vec<(usize, usize)> = (0..k).map(|s| game.game(s).shape()).collect();
    let mut actions = vec![(0usize, 0usize); k];
    let mut out = Vec::new();
    loop {
        let profile = StationaryProfile::pure(game, &actions);
        let (dev, v) = deviation(game, &profile, delta)?;
        if dev.is_none() {
            out.push(MarkovEquilibrium {
                pure: true,
                profile,
                values: v,
            });
        }
        // Next profile: the last state's counter moves fastest.
        let mut s = k;
        loop {
            if s == 0 {
                return Ok(out);
            }
            s -= 1;
            let (m, n) = sizes[s];
            let (r, c) = actions[s];
            if c + 1 < n {
                actions[s] = (r, c + 1);
                break;
            }
            if r + 1 < m {
                actions[s] = (r + 1, 0);
                break;
            }
            actions[s] = (0, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;
    use crate::game::fixtures::pd;

    #[test]
    fn the_one_state_game_has_the_stage_equilibria() {
        let sg = StochasticGame::repeated("only", pd());
        let e = pure_mpe(&sg, 0.9).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].profile, StationaryProfile::pure(&sg, &[(1, 1)]));
        assert!((e[0].values[0].0 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_game_over_state_makes_cooperation_a_markov_equilibrium() {
        // Defection moves the game to an absorbing state paying 0 to both; cooperation
        // keeps it. At δ = 0.9, cooperating forever pays 3 while a deviation pays
        // (1 − δ)5 + δ·0 = 0.5: (C, C) is an MPE, and so is mutual defection
        // ((1 − δ)1 = 0.1 against a deviation to C paying 0).
        let over = Game::from_rows(&[vec![0.0]], &[vec![0.0]]).unwrap();
        let stay = vec![1.0, 0.0];
        let gone = vec![0.0, 1.0];
        let sg = StochasticGame::new(
            vec!["play".into(), "over".into()],
            vec![pd(), over],
            vec![
                vec![
                    vec![stay.clone(), gone.clone()],
                    vec![gone.clone(), gone.clone()],
                ],
                vec![vec![gone]],
            ],
            0,
        )
        .unwrap();
        let e = pure_mpe(&sg, 0.9).unwrap();
        let played: Vec<_> = e
            .iter()
            .map(|x| (x.profile.row[0].clone(), x.profile.col[0].clone()))
            .collect();
        assert_eq!(
            played,
            vec![
                (vec![1.0, 0.0], vec![1.0, 0.0]),
                (vec![0.0, 1.0], vec![0.0, 1.0])
            ]
        );
        assert!((e[0].values[0].0 - 3.0).abs() < 1e-12);
        // At δ = 0.3 the deviation pays (1 − δ)5 = 3.5 > 3: only defection remains.
        assert_eq!(pure_mpe(&sg, 0.3).unwrap().len(), 1);
    }

    #[test]
    fn the_check_reports_the_deviation() {
        let sg = StochasticGame::repeated("only", pd());
        let (d, _) = deviation(&sg, &StationaryProfile::pure(&sg, &[(0, 0)]), 0.9).unwrap();
        let d = d.unwrap();
        assert_eq!(d.action, 1);
        assert!((d.gain - 0.2).abs() < 1e-12, "{}", d.gain);
    }
}
