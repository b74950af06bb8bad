//! Repeated games with imperfect public monitoring (Green & Porter 1984; Abreu, Pearce &
//! Stacchetti 1990; in the textbook form of Mailath & Samuelson 2006, ch. 7).
//!
//! Players do not see each other's actions: after each round they see a public signal
//! whose distribution depends on the profile played. This module owns
//!
//! - [`signals`]: the validated signal structure `P(y | a)`;
//! - [`public_strategy`]: public automata, whose transitions read the public signal only
//!   (possibly at random), and the library kinds (trigger, k alarms in a row, forgiving).
//!
//! It does not read files, print, or simulate: every number is computed exactly.

pub mod error;
pub mod public_strategy;
pub mod signals;

pub use error::MonitoringError;
