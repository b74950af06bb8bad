//! The errors of the imperfect-monitoring module: invalid signal structures, invalid
//! public automata, pairs too large for an exact solve, and a scan of discount factors
//! that fails its verification.

use thiserror::Error;

/// What can go wrong when building or solving a game with public monitoring.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MonitoringError {
    /// Fewer than two signals: nothing would be monitored.
    #[error("a signal structure needs at least two signals, found {found}")]
    TooFewSignals {
        /// How many were given.
        found: usize,
    },
    /// A signal name appears twice or is empty.
    #[error("signal name {name:?} is empty or appears twice; give each signal its own name")]
    BadSignalName {
        /// The offending name.
        name: String,
    },
    /// The table of probabilities does not have one row per action profile.
    #[error(
        "signal probabilities must have one row per action profile ({rows}×{cols} profiles, \
         {signals} signals each); profile ({row}, {col}) is missing or has the wrong length"
    )]
    MissingProfile {
        /// Row action of the first missing profile.
        row: usize,
        /// Column action of the first missing profile.
        col: usize,
        /// Row actions of the game.
        rows: usize,
        /// Column actions of the game.
        cols: usize,
        /// Signals declared.
        signals: usize,
    },
    /// A probability is not a finite number in [0, 1].
    #[error(
        "probability of signal {signal:?} at profile ({row}, {col}) is {value}; it must lie in [0, 1]"
    )]
    BadProbability {
        /// Row action.
        row: usize,
        /// Column action.
        col: usize,
        /// Signal name.
        signal: String,
        /// The value given.
        value: f64,
    },
    /// The signal probabilities of a profile do not sum to 1.
    #[error("signal probabilities at profile ({row}, {col}) sum to {sum}, not 1")]
    BadSum {
        /// Row action.
        row: usize,
        /// Column action.
        col: usize,
        /// Their sum.
        sum: f64,
    },
    /// A public automaton is malformed.
    #[error("public automaton: {reason}")]
    BadAutomaton {
        /// What is wrong, naming the state and the fix.
        reason: String,
    },
    /// The product of the two automata is too large for one dense linear solve.
    #[error("the pair has {states} state pairs, more than the {max} an exact solve handles")]
    TooLarge {
        /// State pairs reachable.
        states: usize,
        /// The cap.
        max: usize,
    },
    /// The linear system of values is singular (cannot happen for δ < 1 and valid input).
    #[error("the linear system of values is singular")]
    Singular,
    /// A discount factor that the scan of `thresholds` placed in an interval of
    /// equilibria failed the check when it was verified (the margin would not be
    /// continuous in δ there).
    #[error(
        "the scan of discount factors found an equilibrium at δ = {delta}, but the check \
         rejects it there; the interval is not reported (please report the pair)"
    )]
    Unverified {
        /// The discount factor that failed.
        delta: f64,
    },
}
