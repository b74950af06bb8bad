//! The validated two-player stochastic game (Shapley 1953; Filar & Vrieze 1997, ch. 3).
//!
//! Invariants of a [`StochasticGame`]: at least one state, uniquely named; each state's
//! stage game a valid [`Game`] (its own actions); for every state and pure profile of its
//! game a probability distribution over the states (finite entries in [0, 1] summing to 1
//! within [`crate::tolerance::PROB_SUM`], renormalised); the initial state in range.

use crate::game::Game;
use crate::tolerance::PROB_SUM;

/// What can be wrong with a stochastic game.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StochasticError {
    /// No states, or names and games of different lengths.
    #[error("a stochastic game needs at least one state, and one stage game per state")]
    NoStates,
    /// A state name is empty or repeated.
    #[error("state name {name:?} is empty or appears twice; give each state its own name")]
    BadName {
        /// The name.
        name: String,
    },
    /// The transition table of a state does not match its stage game.
    #[error(
        "the transitions of state {state:?} must give a distribution over the {states} states \
         for each of its {rows}×{cols} profiles"
    )]
    TransitionShape {
        /// The state.
        state: String,
        /// Its row actions.
        rows: usize,
        /// Its column actions.
        cols: usize,
        /// States of the game.
        states: usize,
    },
    /// A transition distribution is not a probability distribution.
    #[error(
        "in state {state:?} after profile ({row}, {col}) the next-state probabilities are not a \
         distribution ({reason})"
    )]
    BadTransition {
        /// The state.
        state: String,
        /// Row action.
        row: usize,
        /// Column action.
        col: usize,
        /// What is wrong.
        reason: String,
    },
    /// The initial state is out of range.
    #[error("initial state {initial} is not among the {states} states")]
    BadInitial {
        /// The index given.
        initial: usize,
        /// States of the game.
        states: usize,
    },
    /// The discount factor is outside [0, 1).
    #[error("discount factor {delta} is outside [0, 1)")]
    BadDiscount {
        /// The value.
        delta: f64,
    },
    /// The work would exceed a stated limit.
    #[error("{what}: {count} is more than the limit of {limit}; {fix}")]
    TooLarge {
        /// What is counted.
        what: String,
        /// How many.
        count: f64,
        /// The limit.
        limit: f64,
        /// What to do.
        fix: String,
    },
    /// A linear system of values is singular (cannot happen for δ < 1).
    #[error("the linear system of values is singular")]
    Singular,
}

/// A validated stochastic game: `transitions[s][row][col][s']`.
#[derive(Debug, Clone, PartialEq)]
pub struct StochasticGame {
    names: Vec<String>,
    games: Vec<Game>,
    transitions: Vec<Vec<Vec<Vec<f64>>>>,
    initial: usize,
}

impl StochasticGame {
    /// Validates the parts (module doc).
    pub fn new(
        names: Vec<String>,
        games: Vec<Game>,
        transitions: Vec<Vec<Vec<Vec<f64>>>>,
        initial: usize,
    ) -> Result<Self, StochasticError> {
        let k = names.len();
        if k == 0 || games.len() != k || transitions.len() != k {
            return Err(StochasticError::NoStates);
        }
        for (i, n) in names.iter().enumerate() {
            if n.trim().is_empty() || names[..i].contains(n) {
                return Err(StochasticError::BadName { name: n.clone() });
            }
        }
        if initial >= k {
            return Err(StochasticError::BadInitial { initial, states: k });
        }
        let mut transitions = transitions;
        for (s, (g, table)) in games.iter().zip(transitions.iter_mut()).enumerate() {
            let (m, n) = g.shape();
            let shape_ok = table.len() == m
                && table
                    .iter()
                    .all(|r| r.len() == n && r.iter().all(|d| d.len() == k));
            if !shape_ok {
                return Err(StochasticError::TransitionShape {
                    state: names[s].clone(),
                    rows: m,
                    cols: n,
                    states: k,
                });
            }
            for (r, line) in table.iter_mut().enumerate() {
                for (c, dist) in line.iter_mut().enumerate() {
                    let bad = |reason: String| StochasticError::BadTransition {
                        state: names[s].clone(),
                        row: r,
                        col: c,
                        reason,
                    };
                    if let Some(p) = dist
                        .iter()
                        .find(|p| !p.is_finite() || !(0.0..=1.0).contains(*p))
                    {
                        return Err(bad(format!("{p} is not a probability")));
                    }
                    let sum: f64 = dist.iter().sum();
                    if (sum - 1.0).abs() > PROB_SUM {
                        return Err(bad(format!("they sum to {sum}, not 1")));
                    }
                    dist.iter_mut().for_each(|p| *p /= sum);
                }
            }
        }
        Ok(StochasticGame {
            names,
            games,
            transitions,
            initial,
        })
    }

    /// A game with one state that always returns to itself: the repeated game of `game`.
    pub fn repeated(name: &str, game: Game) -> Self {
        let (m, n) = game.shape();
        StochasticGame {
            names: vec![name.to_string()],
            games: vec![game],
            transitions: vec![vec![vec![vec![1.0]; n]; m]],
            initial: 0,
        }
    }

    /// Number of states.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no states (never, for a validated game).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// State names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The stage game of state `s`.
    pub fn game(&self, s: usize) -> &Game {
        &self.games[s]
    }

    /// `P(· | s, row, col)`.
    pub fn next(&self, s: usize, row: usize, col: usize) -> &[f64] {
        &self.transitions[s][row][col]
    }

    /// The initial state.
    pub fn initial(&self) -> usize {
        self.initial
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;

    #[test]
    fn transitions_are_checked_against_each_state() {
        let t = |p: f64| vec![vec![vec![p, 1.0 - p]; 2]; 2];
        let ok = StochasticGame::new(
            vec!["a".into(), "b".into()],
            vec![pd(), pd()],
            vec![t(0.5), t(1.0)],
            1,
        )
        .unwrap();
        assert_eq!(ok.next(0, 1, 0), [0.5, 0.5]);
        let bad = StochasticGame::new(
            vec!["a".into(), "b".into()],
            vec![pd(), pd()],
            vec![t(0.5), vec![vec![vec![0.5, 0.6]; 2]; 2]],
            0,
        );
        assert!(
            matches!(bad, Err(StochasticError::BadTransition { .. })),
            "{bad:?}"
        );
        let dup = StochasticGame::new(
            vec!["a".into(), "a".into()],
            vec![pd(), pd()],
            vec![t(0.5), t(0.5)],
            0,
        );
        assert!(matches!(dup, Err(StochasticError::BadName { .. })));
        let short = StochasticGame::new(
            vec!["a".into()],
            vec![pd()],
            vec![vec![vec![vec![1.0]; 2]]],
            0,
        );
        assert!(matches!(
            short,
            Err(StochasticError::TransitionShape { .. })
        ));
    }
}
