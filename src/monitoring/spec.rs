//! What a scenario file declares about imperfect public monitoring, with every name
//! resolved to an index: the signal structure and the form it was written in, and the
//! public strategies (`[[strategy]]` entries of kind `public_trigger`, `always`, or custom
//! automata whose transitions read the signal, `on_signal`). [`automaton`] turns a
//! strategy into a [`PublicAutomaton`].

use serde::Serialize;

use super::MonitoringError;
use super::public_strategy::{
    PublicAutomaton, PublicState, TriggerConfig, forgiving, k_alarms_in_a_row,
};
use super::signals::SignalStructure;
use crate::game::{Game, Player};

/// How the file wrote the signal structure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum MonitoringForm {
    /// Signals and a probability table per action profile.
    Table,
    /// The short form: signals `quiet` and `alarm`; the alarm sounds with probability
    /// `false_alarm` at the truce profile, `detection.0` when only the row player departs
    /// from it, `detection.1` when only the column player does, and the larger of the two
    /// when both do.
    ShortForm {
        /// The truce profile `(row action, col action)` the alarm is relative to.
        truce: (usize, usize),
        /// Probability of the alarm when both keep the truce.
        false_alarm: f64,
        /// Probability of the alarm when the row player, resp. the column player, departs.
        detection: (f64, f64),
    },
}

/// The `[monitoring]` section, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitoringSpec {
    /// The signal structure `P(y | a)`.
    pub signals: SignalStructure,
    /// How it was written.
    pub form: MonitoringForm,
}

impl MonitoringSpec {
    /// The short form's signal structure (see [`MonitoringForm::ShortForm`]).
    pub fn short_form(
        shape: (usize, usize),
        truce: (usize, usize),
        false_alarm: f64,
        detection: (f64, f64),
    ) -> Result<MonitoringSpec, MonitoringError> {
        let (m, n) = shape;
        let probs = (0..m)
            .map(|r| {
                (0..n)
                    .map(|c| {
                        let alarm = match (r != truce.0, c != truce.1) {
                            (false, false) => false_alarm,
                            (true, false) => detection.0,
                            (false, true) => detection.1,
                            (true, true) => detection.0.max(detection.1),
                        };
                        vec![1.0 - alarm, alarm]
                    })
                    .collect()
            })
            .collect();
        Ok(MonitoringSpec {
            signals: SignalStructure::new(vec!["quiet".into(), "alarm".into()], probs, shape)?,
            form: MonitoringForm::ShortForm {
                truce,
                false_alarm,
                detection,
            },
        })
    }
}

/// A state of a custom public automaton.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicCustomState {
    /// State name.
    pub name: String,
    /// The own action played.
    pub action: usize,
    /// `(signal, next state)`; a signal not listed keeps the state.
    pub on_signal: Vec<(usize, usize)>,
}

/// What a public strategy does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PublicKind {
    /// Always play one action.
    Always {
        /// The action.
        action: usize,
    },
    /// Green–Porter trigger: play the own part of `cooperate` until `in_a_row` trigger
    /// signals in consecutive rounds, then `punish` for `rounds` rounds (`None`: forever),
    /// ignoring the signals meanwhile; or, with `forgive`, punish until a public draw
    /// forgives (probability `forgive` after each punishment round).
    PublicTrigger {
        /// The cooperative profile `(row action, col action)`.
        cooperate: (usize, usize),
        /// Own punishment action.
        punish: usize,
        /// The signals that count as an alarm.
        trigger: Vec<usize>,
        /// Punishment length; `None` is forever (grim).
        rounds: Option<usize>,
        /// Alarms in consecutive rounds that start a punishment.
        in_a_row: usize,
        /// Probability of forgiving after each punishment round, when given.
        forgive: Option<f64>,
    },
    /// A custom automaton whose transitions read the public signal.
    Custom {
        /// Start state.
        start: usize,
        /// States.
        states: Vec<PublicCustomState>,
    },
}

/// A public strategy declared in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicStrategySpec {
    /// Unique name.
    pub name: String,
    /// Who plays it.
    pub player: Player,
    /// What it does.
    #[serde(flatten)]
    pub kind: PublicKind,
}

impl PublicStrategySpec {
    /// The cooperative profile a trigger watches, when it is one.
    pub fn cooperate(&self) -> Option<(usize, usize)> {
        match self.kind {
            PublicKind::PublicTrigger { cooperate, .. } => Some(cooperate),
            _ => None,
        }
    }

    /// Number of automaton states (for work estimates).
    pub fn automaton_states(&self) -> usize {
        match &self.kind {
            PublicKind::Always { .. } => 1,
            PublicKind::PublicTrigger {
                rounds,
                in_a_row,
                forgive,
                ..
            } => match forgive {
                Some(_) => 2,
                None => in_a_row + rounds.unwrap_or(1),
            },
            PublicKind::Custom { states, .. } => states.len(),
        }
    }
}

/// The public automaton of `spec` in `game` under `signals`.
pub fn automaton(
    spec: &PublicStrategySpec,
    game: &Game,
    signals: &SignalStructure,
) -> Result<PublicAutomaton, MonitoringError> {
    let me = spec.player;
    let actions = game.player(me).actions.len();
    let k = signals.len();
    match &spec.kind {
        PublicKind::Always { action } => PublicAutomaton::new(
            vec![PublicState::deterministic(
                "always",
                *action,
                &vec![0; k],
                1,
            )],
            0,
            actions,
            k,
        ),
        PublicKind::PublicTrigger {
            cooperate,
            punish,
            trigger,
            rounds,
            in_a_row,
            forgive,
        } => {
            let own = match me {
                Player::Row => cooperate.0,
                Player::Col => cooperate.1,
            };
            let cfg = TriggerConfig {
                cooperate: own,
                punish: *punish,
                alarms: trigger.clone(),
                signals: k,
                actions,
            };
            match forgive {
                Some(p) => forgiving(*p, &cfg),
                None => k_alarms_in_a_row(*in_a_row, &cfg, *rounds),
            }
        }
        PublicKind::Custom { start, states } => {
            let n = states.len();
            let built = states
                .iter()
                .enumerate()
                .map(|(s, st)| {
                    let mut next: Vec<usize> = vec![s; k];
                    for &(y, to) in &st.on_signal {
                        if let Some(x) = next.get_mut(y) {
                            *x = to;
                        }
                    }
                    PublicState::deterministic(&st.name, st.action, &next, n)
                })
                .collect();
            PublicAutomaton::new(built, *start, actions, k)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_per_player_detection() {
        let s = MonitoringSpec::short_form((2, 3), (0, 0), 0.05, (0.8, 0.6)).unwrap();
        let alarm = |r, c| s.signals.prob(r, c, 1);
        assert_eq!(alarm(0, 0), 0.05);
        assert_eq!(alarm(1, 0), 0.8);
        assert_eq!(alarm(0, 2), 0.6);
        assert_eq!(alarm(1, 1), 0.8);
        assert_eq!(s.signals.names(), ["quiet", "alarm"]);
    }

    #[test]
    fn custom_automata_keep_their_state_on_unlisted_signals() {
        let g = Game::from_rows(
            &[vec![2.0, -1.0], vec![3.0, 0.0]],
            &[vec![2.0, 3.0], vec![-1.0, 0.0]],
        )
        .unwrap();
        let signals = SignalStructure::short_form((2, 2), (0, 0), 0.1, 0.6).unwrap();
        let spec = PublicStrategySpec {
            name: "two_state".into(),
            player: Player::Col,
            kind: PublicKind::Custom {
                start: 0,
                states: vec![
                    PublicCustomState {
                        name: "calm".into(),
                        action: 0,
                        on_signal: vec![(1, 1)],
                    },
                    PublicCustomState {
                        name: "angry".into(),
                        action: 1,
                        on_signal: vec![(0, 0)],
                    },
                ],
            },
        };
        let a = automaton(&spec, &g, &signals).unwrap();
        assert_eq!(a.next(0, 0), [1.0, 0.0]);
        assert_eq!(a.next(0, 1), [0.0, 1.0]);
        assert_eq!(a.next(1, 1), [0.0, 1.0]);
        assert_eq!(a.next(1, 0), [1.0, 0.0]);
        assert_eq!(spec.automaton_states(), 2);
    }
}
