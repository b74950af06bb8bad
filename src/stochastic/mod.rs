//! Discounted stochastic games with two players and finitely many states (Shapley 1953):
//! each round the players play the stage game of the current state, and the profile
//! played draws the next state. This module owns
//!
//! - [`game`]: the validated game (one stage game per state, the actions available in
//!   it, the transition law `P(s' | s, a)` and the initial state);
//! - [`stationary`]: exact values of stationary (Markov) strategy profiles by one linear
//!   solve, and the chain of states they induce;
//! - [`best_reply`]: a player's best reply to a stationary strategy by policy iteration;
//! - [`mpe`]: every pure stationary Markov perfect equilibrium, by enumeration with a
//!   size limit stated before it starts, each verified state by state;
//! - [`spe_sets`]: the subgame-perfect payoff set of each state, bracketed by outer and
//!   verified inner bounds on the engine the imperfect-monitoring payoff sets share;
//! - [`markov_chain`]: long-run shares and hitting times of the chain of states;
//! - [`analysis`]: the analysis at one δ as data (equilibria with what they predict, the
//!   payoff sets, the truce and its critical δ).
//!
//! It reads no files and prints nothing.

pub mod analysis;
pub mod best_reply;
pub mod game;
pub mod markov_chain;
pub mod mpe;
pub mod spe_sets;
pub mod stationary;

pub use game::{StochasticError, StochasticGame};
