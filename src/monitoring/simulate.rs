//! One simulated match of a pair of public automata under a signal structure: each round
//! both play their state's action, a public signal is drawn from `P(· | a)`, and both
//! automata move on it (random moves read one common uniform draw, as in
//! [`super::values`]). Every alarm is marked *true* when someone had left the
//! cooperative profile that round, *false* when both kept it — the disputed evidence the
//! exact survival curve averages over. All randomness comes from one ChaCha8 stream
//! seeded by the caller, so a seed reproduces the match. Alarms are marked only in rounds
//! where at least one player keeps the truce (where an alarm can start a punishment);
//! alarms during a punishment both players play out are not marked.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::public_strategy::PublicAutomaton;
use super::signals::SignalStructure;
use crate::game::Game;

/// Most rounds one simulated match may have.
pub const MAX_MONITORED_ROUNDS: usize = 1_000_000;

/// One round of a monitored match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitoredRound {
    /// Round number, from 1.
    pub round: usize,
    /// Automaton states `(row, col)` at the start of the round.
    pub states: (usize, usize),
    /// The profile played.
    pub profile: (usize, usize),
    /// Stage payoffs.
    pub payoffs: (f64, f64),
    /// The public signal drawn.
    pub signal: usize,
    /// Whether the signal is an alarm, and if so whether it was true (`Some(true)`:
    /// someone had left the cooperative profile) or false (`Some(false)`).
    pub alarm: Option<bool>,
}

/// A simulated match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitoredMatch {
    /// The rounds.
    pub rounds: Vec<MonitoredRound>,
    /// The seed.
    pub seed: u64,
    /// Average payoffs `(row, col)` over the rounds.
    pub average: (f64, f64),
    /// Alarms that sounded while both kept the cooperative profile.
    pub false_alarms: usize,
    /// Alarms that sounded after a departure from it.
    pub true_alarms: usize,
}

/// The index drawn from `dist` by the uniform `u ∈ [0, 1)` (the last positive entry
/// when rounding leaves `u` past the total).
fn draw(dist: &[f64], u: f64) -> usize {
    let mut acc = 0.0;
    let mut last = 0;
    for (k, &p) in dist.iter().enumerate() {
        if p > 0.0 {
            last = k;
            acc += p;
            if u < acc {
                return k;
            }
        }
    }
    last
}

/// What a simulated match reads besides the automata.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchConfig {
    /// The profile whose departures make an alarm true.
    pub cooperative: (usize, usize),
    /// The signals that count as alarms.
    pub alarms: Vec<usize>,
    /// Rounds (at most [`MAX_MONITORED_ROUNDS`]).
    pub rounds: usize,
    /// Seed of the random stream.
    pub seed: u64,
}

/// Simulates a match of `row` against `col` (module doc).
pub fn simulate(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
    cfg: &MatchConfig,
) -> MonitoredMatch {
    let (cooperative, alarms, seed) = (cfg.cooperative, &cfg.alarms, cfg.seed);
    let rounds = cfg.rounds.min(MAX_MONITORED_ROUNDS);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut states = (row.start(), col.start());
    let mut out = Vec::with_capacity(rounds);
    let (mut sum_r, mut sum_c) = (0.0, 0.0);
    let (mut false_alarms, mut true_alarms) = (0, 0);
    for t in 0..rounds {
        let profile = (row.action(states.0), col.action(states.1));
        let payoffs = game.pure_payoffs(profile.0, profile.1);
        let signal = draw(
            signals.distribution(profile.0, profile.1),
            rng.random::<f64>(),
        );
        // An alarm counts where it can start a punishment: while someone still keeps
        // the truce. It is true when someone had left it.
        let watched = profile.0 == cooperative.0 || profile.1 == cooperative.1;
        let alarm = (watched && alarms.contains(&signal)).then(|| profile != cooperative);
        match alarm {
            Some(true) => true_alarms += 1,
            Some(false) => false_alarms += 1,
            None => {}
        }
        out.push(MonitoredRound {
            round: t + 1,
            states,
            profile,
            payoffs,
            signal,
            alarm,
        });
        sum_r += payoffs.0;
        sum_c += payoffs.1;
        let w = rng.random::<f64>();
        states = (
            draw(row.next(states.0, signal), w),
            draw(col.next(states.1, signal), w),
        );
    }
    let k = rounds.max(1) as f64;
    MonitoredMatch {
        rounds: out,
        seed,
        average: (sum_r / k, sum_c / k),
        false_alarms,
        true_alarms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitoring::closed_forms::{prisoners_dilemma, signals};
    use crate::monitoring::public_strategy::{public_trigger, test_trigger};

    #[test]
    fn grim_breaks_at_the_first_alarm_and_every_alarm_before_is_false() {
        let g = prisoners_dilemma();
        let s = signals(0.9, 0.4, 0.2).unwrap();
        let grim = public_trigger(&test_trigger(), None).unwrap();
        let cfg = |rounds, seed| MatchConfig {
            cooperative: (0, 0),
            alarms: vec![1],
            rounds,
            seed,
        };
        let m = simulate(&g, &s, &grim, &grim, &cfg(200, 7));
        let first = m.rounds.iter().position(|r| r.alarm.is_some()).unwrap();
        assert_eq!(m.rounds[first].alarm, Some(false));
        assert!(m.rounds[first + 1..].iter().all(|r| r.profile == (1, 1)));
        assert!(m.rounds[first + 1..].iter().all(|r| r.alarm.is_none()));
        assert_eq!(m.false_alarms, 1);
        assert_eq!(m, simulate(&g, &s, &grim, &grim, &cfg(200, 7)));
    }

    #[test]
    fn alarm_frequency_matches_the_signal_probability() {
        let g = prisoners_dilemma();
        let s = signals(0.8, 0.4, 0.2).unwrap();
        let always = PublicAutomaton::new(
            vec![
                crate::monitoring::public_strategy::PublicState::deterministic("c", 0, &[0, 0], 1),
            ],
            0,
            2,
            2,
        )
        .unwrap();
        let cfg = MatchConfig {
            cooperative: (0, 0),
            alarms: vec![1],
            rounds: 100_000,
            seed: 3,
        };
        let m = simulate(&g, &s, &always, &always, &cfg);
        let share = m.false_alarms as f64 / 100_000.0;
        assert!((share - 0.2).abs() < 0.005, "{share}");
    }
}
