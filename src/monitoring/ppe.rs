//! Perfect public equilibrium check (Abreu, Pearce & Stacchetti 1990; Mailath &
//! Samuelson 2006, Def. 7.1.2 and Prop. 7.1.1, the one-shot deviation principle for
//! public strategies).
//!
//! A pair of public automata is a perfect public equilibrium (PPE) at δ iff in every
//! state pair reachable after some public history no player gains by a one-shot
//! deviation. Steps:
//! 1. values `V` of every state pair reachable after any sequence of signals
//!    ([`super::values::values`]);
//! 2. for each such pair `(s_r, s_c)`, each player `i` and each own action `a'`, the
//!    deviation payoff `(1 − δ) u_i(a', a_{−i}) + δ Σ_y P(y | a', a_{−i}) Σ_{s'} next(s' | y) V_i(s')`
//!    — the deviation changes the signal's distribution, not the automata;
//! 3. the pair is a PPE when no gain exceeds the game's tolerance times
//!    [`crate::tolerance::REGRET_FACTOR`]; otherwise the most profitable deviation is
//!    reported.
//!
//! The largest gain of a deviation to an action *other* than the prescribed one is
//! reported too, with its sign: it is the margin by which the pair is (negative) or is
//! not (positive) an equilibrium, a continuous function of δ on `[0, 1)` (the values are
//! rational functions of δ), which [`super::thresholds`] follows over δ. The chain of
//! step 1 does not depend on δ, so a caller checking many δ builds it once
//! ([`check_chain`]).

use std::collections::HashMap;

use super::MonitoringError;
use super::public_strategy::PublicAutomaton;
use super::signals::SignalStructure;
use super::values::{PublicChain, expected_next, product_chain};
use crate::game::{Game, Player};
use crate::repeated::settings::Discount;
use crate::tolerance::REGRET_FACTOR;

/// A profitable one-shot deviation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PublicDeviation {
    /// Who deviates.
    pub player: Player,
    /// The state pair `(row state, col state)` where it pays.
    pub states: (usize, usize),
    /// Labels of that state pair.
    pub labels: (String, String),
    /// The deviation action.
    pub action: usize,
    /// Gain in normalised payoff.
    pub gain: f64,
}

/// Result of the check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PpeCheck {
    /// Normalised discounted values `(row, col)` from the start.
    pub values: (f64, f64),
    /// Whether the pair is a perfect public equilibrium.
    pub ppe: bool,
    /// The most profitable one-shot deviation, when it is not.
    pub deviation: Option<PublicDeviation>,
    /// State pairs examined.
    pub states_checked: usize,
    /// The largest gain of a one-shot deviation to an action other than the prescribed
    /// one, over every reachable state pair and both players: at most the tolerance when
    /// the pair is a PPE, negative when every such deviation loses; `-∞` when neither
    /// player has a second action.
    pub largest_gain: f64,
}

/// Checks whether `row`, `col` is a perfect public equilibrium at `discount` (module
/// doc).
///
/// ```
/// use truce::monitoring::closed_forms::{prisoners_dilemma, signals};
/// use truce::monitoring::ppe::check;
/// use truce::monitoring::public_strategy::{TriggerConfig, public_trigger};
/// use truce::repeated::settings::Discount;
/// let cfg = TriggerConfig { cooperate: 0, punish: 1, alarms: vec![1], signals: 2, actions: 2 };
/// let grim = public_trigger(&cfg, None).unwrap();
/// let s = signals(0.9, 0.3, 0.1).unwrap();
/// // Grim trigger is a PPE iff δ(3p − 2q) ≥ 1, here iff δ ≥ 1/2.1.
/// let at = |d| check(&prisoners_dilemma(), &s, &grim, &grim, Discount::common(d).unwrap()).unwrap();
/// assert!(at(0.5).ppe);
/// let c = at(0.45);
/// assert!(!c.ppe);
/// assert_eq!(c.deviation.unwrap().action, 1); // shirk while cooperating
/// ```
pub fn check(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
    discount: Discount,
) -> Result<PpeCheck, MonitoringError> {
    let chain = product_chain(game, signals, row, col)?;
    check_chain(game, signals, row, col, &chain, discount)
}

/// [`check`] on the product chain of `row` and `col` under `signals`, as built by
/// [`super::values::product_chain`] for these four inputs (for callers that check one
/// pair at many δ: the chain does not depend on δ).
pub fn check_chain(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
    chain: &PublicChain,
    discount: Discount,
) -> Result<PpeCheck, MonitoringError> {
    let tol = game.tolerance().abs * REGRET_FACTOR;
    let values = [
        chain.discounted(Player::Row, discount.row())?,
        chain.discounted(Player::Col, discount.col())?,
    ];
    let index: HashMap<(usize, usize), usize> = chain
        .states
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, k))
        .collect();
    let mut worst: Option<PublicDeviation> = None;
    let mut largest_gain = f64::NEG_INFINITY;
    for (k, &(sr, sc)) in chain.states.iter().enumerate() {
        let played = (row.action(sr), col.action(sc));
        for (player, value) in [Player::Row, Player::Col].into_iter().zip(&values) {
            let delta = discount.of(player);
            let u = game.payoffs(player);
            for a in 0..game.num_actions(player) {
                let profile = match player {
                    Player::Row => (a, played.1),
                    Player::Col => (played.0, a),
                };
                // Every next pair is in the chain: it was built over all signals.
                let cont =
                    expected_next(signals, row, col, (sr, sc), profile, |s| value[index[&s]]);
                let q = (1.0 - delta) * u[profile] + delta * cont;
                let gain = q - value[k];
                if profile != played {
                    largest_gain = largest_gain.max(gain);
                }
                if gain > tol && worst.as_ref().is_none_or(|w| gain > w.gain) {
                    worst = Some(PublicDeviation {
                        player,
                        states: (sr, sc),
                        labels: (
                            row.states()[sr].label.clone(),
                            col.states()[sc].label.clone(),
                        ),
                        action: a,
                        gain,
                    });
                }
            }
        }
    }
    Ok(PpeCheck {
        values: (values[0][0], values[1][0]),
        ppe: worst.is_none(),
        deviation: worst,
        states_checked: chain.states.len(),
        largest_gain,
    })
}
