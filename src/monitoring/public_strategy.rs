//! Public strategies as automata (Mailath & Samuelson 2006, §7.1.1): a state prescribes
//! one pure action of its player; after each round the state moves on the *public
//! signal* only, possibly at random (`next[state][signal]` is a distribution over states).
//! Both players' automata read the same signal.
//!
//! Library kinds, each starting in a cooperative state 0:
//! - [`public_trigger`] (Green & Porter 1984; M&S §7.2): cooperate until an alarm
//!   signal, then punish for `T` rounds, ignoring the signals meanwhile, and cooperate
//!   again; `None` punishes forever (grim trigger).
//! - [`k_alarms_in_a_row`]: punish only after `k` alarms in consecutive rounds.
//! - [`forgiving`]: after an alarm punish; each punishment round ends with a return to
//!   cooperation with probability `prob` (probabilistic forgiveness), drawn from the
//!   public randomization device of `values`, so two forgiving players forgive together.
//!
//! Invariants of a [`PublicAutomaton`]: at least one state, the start in range, every
//! action below the player's action count, one transition distribution per signal, each
//! a probability vector over the states (renormalised to sum to 1).

use super::MonitoringError;
use crate::tolerance::PROB_SUM;

/// One state of a public automaton.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicState {
    /// Label for reports.
    pub label: String,
    /// The pure action played in this state.
    pub action: usize,
    /// `next[signal][state']`: the probability of moving to `state'` after `signal`.
    pub next: Vec<Vec<f64>>,
}

impl PublicState {
    /// A state whose transitions are deterministic: `next[signal]` is the next state.
    pub fn deterministic(label: &str, action: usize, next: &[usize], states: usize) -> Self {
        let next = next
            .iter()
            .map(|&to| {
                let mut v = vec![0.0; states];
                if let Some(x) = v.get_mut(to) {
                    *x = 1.0;
                }
                v
            })
            .collect();
        PublicState {
            label: label.to_string(),
            action,
            next,
        }
    }
}

/// A validated public automaton of one player.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicAutomaton {
    states: Vec<PublicState>,
    start: usize,
}

impl PublicAutomaton {
    /// Validates `states` for a player with `actions` actions and `signals` signals.
    pub fn new(
        states: Vec<PublicState>,
        start: usize,
        actions: usize,
        signals: usize,
    ) -> Result<Self, MonitoringError> {
        let bad = |reason: String| Err(MonitoringError::BadAutomaton { reason });
        let k = states.len();
        if k == 0 {
            return bad("it has no states; give at least one".into());
        }
        if start >= k {
            return bad(format!("start state {start} is not among its {k} states"));
        }
        for s in &states {
            if s.action >= actions {
                return bad(format!(
                    "state {:?} plays action {}, but the player has {actions} actions",
                    s.label, s.action
                ));
            }
            if s.next.len() != signals {
                return bad(format!(
                    "state {:?} has transitions for {} signals, not {signals}",
                    s.label,
                    s.next.len()
                ));
            }
            for (y, dist) in s.next.iter().enumerate() {
                let ok = dist.len() == k
                    && dist
                        .iter()
                        .all(|p| p.is_finite() && (0.0..=1.0).contains(p))
                    && (dist.iter().sum::<f64>() - 1.0).abs() <= PROB_SUM;
                if !ok {
                    return bad(format!(
                        "state {:?} after signal {y} does not move to a distribution over \
                         its {k} states",
                        s.label
                    ));
                }
            }
        }
        // Renormalise: a sum off by rounding (within `PROB_SUM`) would otherwise leak
        // probability out of the product chain.
        let mut states = states;
        for s in &mut states {
            for dist in &mut s.next {
                let sum: f64 = dist.iter().sum();
                dist.iter_mut().for_each(|p| *p /= sum);
            }
        }
        Ok(PublicAutomaton { states, start })
    }

    /// The states.
    pub fn states(&self) -> &[PublicState] {
        &self.states
    }

    /// The start state.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The action played in `state`.
    pub fn action(&self, state: usize) -> usize {
        self.states[state].action
    }

    /// The distribution of the next state after `signal` in `state`.
    pub fn next(&self, state: usize, signal: usize) -> &[f64] {
        &self.states[state].next[signal]
    }
}

/// What the library kinds share: the own cooperative and punishment actions, which
/// signals are alarms, and how many signals there are.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerConfig {
    /// Own action while cooperating.
    pub cooperate: usize,
    /// Own action while punishing.
    pub punish: usize,
    /// The signals that count as an alarm.
    pub alarms: Vec<usize>,
    /// Number of signals of the structure.
    pub signals: usize,
    /// Number of own actions.
    pub actions: usize,
}

impl TriggerConfig {
    fn is_alarm(&self, y: usize) -> bool {
        self.alarms.contains(&y)
    }

    fn check(&self) -> Result<(), MonitoringError> {
        if let Some(&y) = self.alarms.iter().find(|&&y| y >= self.signals) {
            return Err(MonitoringError::BadAutomaton {
                reason: format!("alarm signal {y} is not among the {} signals", self.signals),
            });
        }
        Ok(())
    }
}

/// Appends the punishment phase to `states`: `rounds` punishment states in a chain back
/// to state 0 (signals ignored), or one absorbing state for `None`. Returns the index of
/// the first punishment state.
fn punishment_phase(
    states: &mut Vec<PublicState>,
    cfg: &TriggerConfig,
    rounds: Option<usize>,
    total: usize,
) -> usize {
    let first = states.len();
    match rounds {
        None => {
            let next = vec![first; cfg.signals];
            states.push(PublicState::deterministic(
                "punish", cfg.punish, &next, total,
            ));
        }
        Some(t) => {
            for k in 0..t {
                let to = if k + 1 == t { 0 } else { first + k + 1 };
                let next = vec![to; cfg.signals];
                let label = format!("punish {}", k + 1);
                states.push(PublicState::deterministic(&label, cfg.punish, &next, total));
            }
        }
    }
    first
}

fn punish_states(rounds: Option<usize>) -> Result<usize, MonitoringError> {
    match rounds {
        None => Ok(1),
        Some(0) => Err(MonitoringError::BadAutomaton {
            reason: "a punishment of 0 rounds punishes nothing; give at least 1 round".into(),
        }),
        Some(t) => Ok(t),
    }
}

/// Green–Porter trigger (module doc): cooperate until an alarm, then punish for
/// `punish_rounds` rounds (`None`: forever) ignoring the signals, then cooperate again.
pub fn public_trigger(
    cfg: &TriggerConfig,
    punish_rounds: Option<usize>,
) -> Result<PublicAutomaton, MonitoringError> {
    k_alarms_in_a_row(1, cfg, punish_rounds)
}

/// Cooperate until `k` alarms in consecutive rounds, then punish as in
/// [`public_trigger`]. States `0..k` count the current run of alarms.
pub fn k_alarms_in_a_row(
    k: usize,
    cfg: &TriggerConfig,
    punish_rounds: Option<usize>,
) -> Result<PublicAutomaton, MonitoringError> {
    cfg.check()?;
    if k == 0 {
        return Err(MonitoringError::BadAutomaton {
            reason: "k alarms in a row needs k ≥ 1".into(),
        });
    }
    let total = k + punish_states(punish_rounds)?;
    let mut states = Vec::with_capacity(total);
    for run in 0..k {
        let next: Vec<usize> = (0..cfg.signals)
            .map(|y| if cfg.is_alarm(y) { run + 1 } else { 0 })
            .collect();
        let label = if run == 0 {
            "cooperate".to_string()
        } else {
            format!("cooperate ({run} alarm{})", if run == 1 { "" } else { "s" })
        };
        states.push(PublicState::deterministic(
            &label,
            cfg.cooperate,
            &next,
            total,
        ));
    }
    // State index k (the run after k alarms) is the first punishment state.
    punishment_phase(&mut states, cfg, punish_rounds, total);
    PublicAutomaton::new(states, 0, cfg.actions, cfg.signals)
}

/// Probabilistic forgiveness (module doc): after an alarm punish; each punishment round
/// ends in cooperation with probability `prob`, whatever the signal.
pub fn forgiving(prob: f64, cfg: &TriggerConfig) -> Result<PublicAutomaton, MonitoringError> {
    cfg.check()?;
    if !(0.0..=1.0).contains(&prob) {
        return Err(MonitoringError::BadAutomaton {
            reason: format!("forgiveness probability {prob} must lie in [0, 1]"),
        });
    }
    let coop_next = (0..cfg.signals)
        .map(|y| if cfg.is_alarm(y) { 1 } else { 0 })
        .collect::<Vec<_>>();
    let states = vec![
        PublicState::deterministic("cooperate", cfg.cooperate, &coop_next, 2),
        PublicState {
            label: "punish".into(),
            action: cfg.punish,
            next: vec![vec![prob, 1.0 - prob]; cfg.signals],
        },
    ];
    PublicAutomaton::new(states, 0, cfg.actions, cfg.signals)
}

/// The trigger of the tests: cooperate with action 0, punish with action 1, signal 1 (of
/// two) the alarm, two actions.
#[cfg(test)]
pub(crate) fn test_trigger() -> TriggerConfig {
    TriggerConfig {
        cooperate: 0,
        punish: 1,
        alarms: vec![1],
        signals: 2,
        actions: 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> TriggerConfig {
        test_trigger()
    }

    #[test]
    fn trigger_with_t_rounds_ignores_signals_while_punishing() {
        let a = public_trigger(&cfg(), Some(2)).unwrap();
        assert_eq!(a.states().len(), 3);
        assert_eq!(a.next(0, 0), [1.0, 0.0, 0.0]);
        assert_eq!(a.next(0, 1), [0.0, 1.0, 0.0]);
        assert_eq!(a.next(1, 1), [0.0, 0.0, 1.0]);
        assert_eq!(a.next(2, 1), [1.0, 0.0, 0.0]);
        assert_eq!(a.action(1), 1);
        let grim = public_trigger(&cfg(), None).unwrap();
        assert_eq!(grim.next(1, 0), [0.0, 1.0]);
        assert!(public_trigger(&cfg(), Some(0)).is_err());
    }

    #[test]
    fn k_alarms_counts_runs() {
        let a = k_alarms_in_a_row(2, &cfg(), None).unwrap();
        assert_eq!(a.next(0, 1), [0.0, 1.0, 0.0]);
        assert_eq!(a.next(1, 0), [1.0, 0.0, 0.0]);
        assert_eq!(a.next(1, 1), [0.0, 0.0, 1.0]);
        assert_eq!(a.action(1), 0);
        assert_eq!(a.action(2), 1);
    }

    #[test]
    fn forgiving_returns_at_random_and_validation_names_the_state() {
        let a = forgiving(0.25, &cfg()).unwrap();
        assert_eq!(a.next(1, 0), [0.25, 0.75]);
        assert!(forgiving(1.5, &cfg()).is_err());
        let mut bad = cfg();
        bad.alarms = vec![2];
        assert!(forgiving(0.5, &bad).is_err());
        let s = PublicState::deterministic("odd", 3, &[0, 0], 1);
        let e = PublicAutomaton::new(vec![s], 0, 2, 2).unwrap_err();
        assert!(e.to_string().contains("\"odd\""), "{e}");
    }
}
