//! Repeated games with imperfect public monitoring (Green & Porter 1984; Abreu, Pearce &
//! Stacchetti 1990; in the textbook form of Mailath & Samuelson 2006, ch. 7).
//!
//! Players do not see each other's actions: after each round they see a public signal
//! whose distribution depends on the profile played. This module owns
//!
//! - [`signals`]: the validated signal structure `P(y | a)`;
//! - [`public_strategy`]: public automata, whose transitions read the public signal only
//!   (possibly at random), and the library kinds (trigger, k alarms in a row, forgiving);
//! - [`values`]: exact values of a pair of public automata by one linear solve over the
//!   product chain, survival of cooperation, time to the first punishment, long-run
//!   share of punishment;
//! - [`ppe`]: the perfect public equilibrium check by the one-shot deviation principle;
//! - [`spec`]: what a scenario file declares (the signal structure's form, the public
//!   strategies by kind) and the automaton of each strategy;
//! - [`thresholds`]: the intervals of discount factors at which a pair is a PPE, and the
//!   punishment length of a trigger that sustains the most;
//! - [`ppe_set`]: the set of pure-action PPE payoffs, bracketed by an outer and a verified
//!   inner bound (Abreu, Pearce & Stacchetti 1990; Judd, Yeltekin & Conklin 2003);
//! - [`symmetric`]: the interval of strongly symmetric PPE payoffs of a symmetric game;
//! - [`closed_forms`]: the closed forms of Mailath & Samuelson §7.2 for the prisoner's
//!   dilemma, against which the general code is tested;
//! - [`simulate`]: one seeded match, with every alarm marked true or false;
//! - [`analysis`]: everything a report says about a scenario's public strategies.
//!
//! It does not read files or print; every number but the simulated match's is computed
//! exactly, but for the payoff set's bounds, which are computed to a stated tolerance.

pub mod analysis;
pub mod closed_forms;
pub mod error;
pub mod ppe;
pub mod ppe_set;
pub mod public_strategy;
pub mod signals;
pub mod simulate;
pub mod spec;
pub mod symmetric;
pub mod thresholds;
pub mod values;

pub use error::MonitoringError;
