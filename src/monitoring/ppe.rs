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

use super::MonitoringError;
use super::public_strategy::PublicAutomaton;
use super::signals::SignalStructure;
use super::values::{expected_next, values};
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
    let tol = game.tolerance().abs * REGRET_FACTOR;
    let v = values(game, signals, row, col, discount)?;
    let index: std::collections::HashMap<(usize, usize), usize> = v
        .chain
        .states
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, k))
        .collect();
    let mut worst: Option<PublicDeviation> = None;
    for (k, &(sr, sc)) in v.chain.states.iter().enumerate() {
        for player in [Player::Row, Player::Col] {
            let delta = discount.of(player);
            let value = v.of(player);
            let u = game.payoffs(player);
            for a in 0..game.num_actions(player) {
                let profile = match player {
                    Player::Row => (a, col.action(sc)),
                    Player::Col => (row.action(sr), a),
                };
                // Every next pair is in the chain: it was built over all signals.
                let cont =
                    expected_next(signals, row, col, (sr, sc), profile, |s| value[index[&s]]);
                let q = (1.0 - delta) * u[profile] + delta * cont;
                let gain = q - value[k];
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
        values: v.start(),
        ppe: worst.is_none(),
        deviation: worst,
        states_checked: v.chain.states.len(),
    })
}
