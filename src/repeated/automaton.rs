//! Strategy automata of the repeated game: Moore machines (Rubinstein 1986; Abreu &
//! Rubinstein 1988). Each state gives a probability distribution over the owner's
//! actions (pure in the common case); after every round the automaton moves
//! deterministically to the state indexed by the joint profile actually played
//! `(row action, col action)`.
//!
//! Invariants (checked by [`Automaton::new`]): at least one state, the start state
//! exists, every state plays a probability vector over the owner's actions, and every
//! state has one transition per joint profile pointing at an existing state.

use serde::Serialize;

use crate::game::Player;
use crate::tolerance::{AUTOMATON_PLAY_SUM, AUTOMATON_PURE};

/// One state of an automaton.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct State {
    /// Readable label (`coop`, `punish#2`, …).
    pub label: String,
    /// Probability of each of the owner's actions.
    pub play: Vec<f64>,
    /// Next state for each joint profile, indexed `row action × col count + col action`.
    pub next: Vec<usize>,
}

/// A validated strategy automaton for one player.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Automaton {
    /// Name of the strategy.
    pub name: String,
    /// Who plays it.
    pub player: Player,
    /// Actions of the row and column player (the shape of the joint profiles).
    pub shape: (usize, usize),
    /// Start state.
    pub start: usize,
    /// The states.
    pub states: Vec<State>,
}

/// Why an automaton is malformed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AutomatonError {
    /// No states.
    #[error("the automaton has no states")]
    Empty,
    /// A state index out of range.
    #[error("state {0} refers to a state that does not exist")]
    BadState(String),
    /// A play vector of the wrong length or not a distribution.
    #[error("state {0} does not play a probability distribution over the owner's actions")]
    BadPlay(String),
    /// Wrong number of transitions.
    #[error("state {0} needs one transition per joint profile")]
    BadTransitions(String),
}

impl Automaton {
    /// Validates and builds an automaton.
    pub fn new(
        name: impl Into<String>,
        player: Player,
        shape: (usize, usize),
        start: usize,
        states: Vec<State>,
    ) -> Result<Self, AutomatonError> {
        if states.is_empty() {
            return Err(AutomatonError::Empty);
        }
        if start >= states.len() {
            return Err(AutomatonError::BadState("start".into()));
        }
        let own = match player {
            Player::Row => shape.0,
            Player::Col => shape.1,
        };
        for s in &states {
            let sum: f64 = s.play.iter().sum();
            if s.play.len() != own
                || s.play.iter().any(|p| !p.is_finite() || *p < 0.0)
                || (sum - 1.0).abs() > AUTOMATON_PLAY_SUM
            {
                return Err(AutomatonError::BadPlay(s.label.clone()));
            }
            if s.next.len() != shape.0 * shape.1 {
                return Err(AutomatonError::BadTransitions(s.label.clone()));
            }
            if s.next.iter().any(|&t| t >= states.len()) {
                return Err(AutomatonError::BadState(s.label.clone()));
            }
        }
        Ok(Automaton {
            name: name.into(),
            player,
            shape,
            start,
            states,
        })
    }

    /// Number of the owner's actions.
    pub fn own_actions(&self) -> usize {
        match self.player {
            Player::Row => self.shape.0,
            Player::Col => self.shape.1,
        }
    }

    /// The state after `state` when `(row, col)` was played.
    pub fn next(&self, state: usize, row: usize, col: usize) -> usize {
        self.states[state].next[row * self.shape.1 + col]
    }

    /// Whether every state plays one action with certainty: without noise, such a
    /// strategy draws nothing at random.
    pub fn is_pure(&self) -> bool {
        (0..self.states.len()).all(|k| self.pure_action(k).is_some())
    }

    /// The pure action of `state`, if it plays one with certainty.
    pub fn pure_action(&self, state: usize) -> Option<usize> {
        let p = &self.states[state].play;
        p.iter().position(|&x| x >= 1.0 - AUTOMATON_PURE)
    }
}

/// The distribution of actions actually played when the intended distribution is `play`
/// and, with probability `noise`, the intended action is replaced by a uniformly random
/// *other* action (a flip in two-action games). One action: no noise is possible.
pub fn with_noise(play: &[f64], noise: f64) -> Vec<f64> {
    let n = play.len();
    if n <= 1 || noise <= 0.0 {
        return play.to_vec();
    }
    let share = noise / (n - 1) as f64;
    play.iter()
        .map(|&p| (1.0 - noise) * p + share * (1.0 - p))
        .collect()
}

/// The expected value of `f(row action, col action)` when `player` intends its action
/// `intent` (replaced by noise as in [`with_noise`]) and the opponent actually plays
/// `other` (a distribution already with noise): the one-step lookahead of every
/// one-shot-deviation check.
pub fn expected_given_intent(
    player: crate::game::Player,
    own_actions: usize,
    intent: usize,
    noise: f64,
    other: &[f64],
    mut f: impl FnMut(usize, usize) -> f64,
) -> f64 {
    let mut pure = vec![0.0; own_actions];
    pure[intent] = 1.0;
    let own = with_noise(&pure, noise);
    let mut total = 0.0;
    for (x, &px) in own.iter().enumerate() {
        for (y, &py) in other.iter().enumerate() {
            let p = px * py;
            if p > 0.0 {
                let (r, c) = match player {
                    crate::game::Player::Row => (x, y),
                    crate::game::Player::Col => (y, x),
                };
                total += p * f(r, c);
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_keeps_a_distribution() {
        let q = with_noise(&[1.0, 0.0, 0.0], 0.3);
        assert!((q[0] - 0.7).abs() < 1e-12 && (q[1] - 0.15).abs() < 1e-12);
        assert_eq!(with_noise(&[1.0], 0.5), vec![1.0]);
    }

    #[test]
    fn validation_rejects_bad_states() {
        let s = State {
            label: "a".into(),
            play: vec![0.5, 0.4],
            next: vec![0; 4],
        };
        assert!(matches!(
            Automaton::new("x", Player::Row, (2, 2), 0, vec![s]),
            Err(AutomatonError::BadPlay(_))
        ));
    }
}
