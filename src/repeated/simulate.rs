//! One match between two automata, round by round, with noise: in each round each
//! player's automaton gives its intended action (drawn from the state's distribution
//! when mixed); with probability ε the intended action is replaced by a uniformly random
//! other action; payoffs are those of the profile actually played, and both automata move
//! on that profile. All randomness comes from one ChaCha8 stream seeded by the caller,
//! drawn in a fixed order (row intent, row noise, col intent, col noise), so a seed gives
//! the same match on every platform.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::automaton::Automaton;
use crate::game::Game;
use crate::geometry::Point;
use crate::repeated::settings::Discount;

/// Settings of a match.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SimConfig {
    /// Rounds to play.
    pub rounds: usize,
    /// Probability that an intended move is replaced by a random other action.
    pub noise: f64,
    /// Seed of the random stream.
    pub seed: u64,
    /// Discount factors for the running discounted payoffs.
    pub discount: Discount,
}

/// One round of a match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimRound {
    /// Round number, from 1.
    pub round: usize,
    /// Automaton states `(row, col)` at the start of the round (labels).
    pub states: (String, String),
    /// Intended actions `(row, col)`.
    pub intended: (usize, usize),
    /// Actions actually played.
    pub played: (usize, usize),
    /// Whether noise changed each player's move.
    pub noise: (bool, bool),
    /// Stage payoffs.
    pub payoffs: Point,
    /// Running normalised discounted payoffs `(1−δ) Σ_{s≤t} δˢ uₛ`.
    pub discounted: Point,
}

/// A whole match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// The rounds.
    pub rounds: Vec<SimRound>,
    /// Sum of stage payoffs.
    pub total: Point,
    /// Mean stage payoff per round.
    pub mean: Point,
}

fn draw(rng: &mut ChaCha8Rng, play: &[f64]) -> usize {
    if let Some(k) = play.iter().position(|&p| p >= 1.0) {
        return k;
    }
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (k, &p) in play.iter().enumerate() {
        acc += p;
        if u < acc {
            return k;
        }
    }
    play.iter().rposition(|&p| p > 0.0).unwrap_or(0)
}

fn perturb(rng: &mut ChaCha8Rng, intended: usize, n: usize, noise: f64) -> (usize, bool) {
    if n <= 1 || noise <= 0.0 {
        return (intended, false);
    }
    let u: f64 = rng.random();
    if u >= noise {
        return (intended, false);
    }
    let k = rng.random_range(0..n - 1);
    (if k >= intended { k + 1 } else { k }, true)
}

/// Plays `row` against `col` for `cfg.rounds` rounds (module doc).
pub fn simulate(game: &Game, row: &Automaton, col: &Automaton, cfg: &SimConfig) -> Simulation {
    let (m, n) = game.shape();
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let (mut sr, mut sc) = (row.start, col.start);
    let mut rounds = Vec::with_capacity(cfg.rounds);
    let mut total = (0.0, 0.0);
    let mut disc = (0.0, 0.0);
    let mut pow = (1.0, 1.0);
    for t in 0..cfg.rounds {
        let ir = draw(&mut rng, &row.states[sr].play);
        let (r, nr) = perturb(&mut rng, ir, m, cfg.noise);
        let ic = draw(&mut rng, &col.states[sc].play);
        let (c, nc) = perturb(&mut rng, ic, n, cfg.noise);
        let u = game.pure_payoffs(r, c);
        total = (total.0 + u.0, total.1 + u.1);
        disc.0 += (1.0 - cfg.discount.row()) * pow.0 * u.0;
        disc.1 += (1.0 - cfg.discount.col()) * pow.1 * u.1;
        pow = (pow.0 * cfg.discount.row(), pow.1 * cfg.discount.col());
        rounds.push(SimRound {
            round: t + 1,
            states: (row.states[sr].label.clone(), col.states[sc].label.clone()),
            intended: (ir, ic),
            played: (r, c),
            noise: (nr, nc),
            payoffs: u,
            discounted: disc,
        });
        sr = row.next(sr, r, c);
        sc = col.next(sc, r, c);
    }
    let k = cfg.rounds.max(1) as f64;
    Simulation {
        rounds,
        total,
        mean: (total.0 / k, total.1 / k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Player;
    use crate::repeated::strategies::automaton;
    use crate::repeated::strategy_spec::{StrategyKind, StrategySpec};

    #[test]
    fn same_seed_same_match_and_noise_flips_moves() {
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap();
        let tft = |p| {
            automaton(
                &g,
                &StrategySpec {
                    name: "tft".into(),
                    player: p,
                    kind: StrategyKind::TitForTat {
                        cooperate: 0,
                        replies: vec![(1, 1)],
                    },
                },
            )
            .unwrap()
        };
        let cfg = SimConfig {
            rounds: 200,
            noise: 0.1,
            seed: 5,
            discount: Discount::common(0.9).unwrap(),
        };
        let a = simulate(&g, &tft(Player::Row), &tft(Player::Col), &cfg);
        let b = simulate(&g, &tft(Player::Row), &tft(Player::Col), &cfg);
        assert_eq!(a, b);
        assert!(a.rounds.iter().any(|r| r.noise.0 || r.noise.1));
        for r in &a.rounds {
            assert_eq!(r.noise.0, r.intended.0 != r.played.0);
        }
        let quiet = simulate(
            &g,
            &tft(Player::Row),
            &tft(Player::Col),
            &SimConfig { noise: 0.0, ..cfg },
        );
        assert!(quiet.rounds.iter().all(|r| r.played == (0, 0)));
        assert!((quiet.rounds[199].discounted.0 - 3.0 * (1.0 - 0.9f64.powi(200))).abs() < 1e-9);
    }
}
