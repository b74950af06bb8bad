//! The play a pair of automata prescribes, what follows a deviation, and how long the
//! prescribed play survives noise — read off the product automaton (Abreu & Rubinstein
//! 1988 for automata; Kemeny & Snell 1960, *Finite Markov Chains*, ch. 3, for absorption).
//!
//! - **On-path play.** Without noise and with pure play on the path, the state pairs
//!   follow one deterministic sequence, which enters a cycle after a prefix; the pair
//!   sustains the cycle's *average* payoff (the limit of means), which is the target a
//!   cycling pair such as an alternation sustains.
//! - **A deviation at round R**: the path is followed for R − 1 rounds; in round R one
//!   player plays its most tempting other action — the one-shot deviation of largest
//!   value `(1−δ) u + δ V(next)` — and then both follow their automata: the punishment
//!   round by round, with the continuation values of the state pairs, until the state
//!   pair is back on the path (the round is reported) or the shown rounds run out.
//! - **Survival under noise.** Leaving the noiseless sequence of state pairs is absorbing
//!   for this purpose; the probability of still being on it after t rounds is the product
//!   of the one-step probabilities of moving to the path's next state pair, which with
//!   noise ε and pure intents includes the flips the automata do not react to. Exact, no
//!   simulation.

use serde::Serialize;

use super::automaton::{Automaton, with_noise};
use super::values::product_chain;
use crate::game::{Game, Player};
use crate::geometry::Point;
use crate::repeated::settings::Discount;

/// The noiseless play of a pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnPath {
    /// Profiles before the cycle.
    pub prefix: Vec<(usize, usize)>,
    /// The profiles of the cycle, repeated for ever.
    pub cycle: Vec<(usize, usize)>,
    /// Average payoffs over the cycle (the limit of means of the pair).
    pub average: Point,
    /// The state pairs of the prefix and then of the cycle, in order.
    #[serde(skip)]
    pub states: Vec<(usize, usize)>,
}

impl OnPath {
    /// The state pair in round `t` (from 0).
    pub fn state_at(&self, t: usize) -> (usize, usize) {
        let p = self.prefix.len();
        if t < p {
            self.states[t]
        } else {
            self.states[p + (t - p) % self.cycle.len()]
        }
    }

    /// The profile played in round `t` (from 0).
    pub fn profile_at(&self, t: usize) -> (usize, usize) {
        let p = self.prefix.len();
        if t < p {
            self.prefix[t]
        } else {
            self.cycle[(t - p) % self.cycle.len()]
        }
    }
}

/// The noiseless path of `row` against `col`; `None` when some state on it mixes.
pub fn on_path(game: &Game, row: &Automaton, col: &Automaton) -> Option<OnPath> {
    let (mut sr, mut sc) = (row.start, col.start);
    let mut states: Vec<(usize, usize)> = Vec::new();
    let mut profiles = Vec::new();
    loop {
        if let Some(k) = states.iter().position(|&s| s == (sr, sc)) {
            let cycle: Vec<(usize, usize)> = profiles[k..].to_vec();
            let len = cycle.len() as f64;
            let average = cycle.iter().fold((0.0, 0.0), |acc, &(r, c)| {
                let u = game.pure_payoffs(r, c);
                (acc.0 + u.0 / len, acc.1 + u.1 / len)
            });
            return Some(OnPath {
                prefix: profiles[..k].to_vec(),
                cycle,
                average,
                states,
            });
        }
        let r = row.pure_action(sr)?;
        let c = col.pure_action(sc)?;
        states.push((sr, sc));
        profiles.push((r, c));
        (sr, sc) = (row.next(sr, r, c), col.next(sc, r, c));
    }
}

/// One round after a deviation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviationRound {
    /// The profile played.
    pub profile: (usize, usize),
    /// Its stage payoffs.
    pub payoffs: Point,
    /// Continuation values `(row, col)` of the state pair the round starts from.
    pub continuation: Point,
}

/// What follows one player's most tempting deviation at one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviationPath {
    /// Who deviates.
    pub player: Player,
    /// The round of the deviation (from 1).
    pub round: usize,
    /// The action played instead of the prescribed one.
    pub action: usize,
    /// The deviation round and the rounds after it.
    pub rounds: Vec<DeviationRound>,
    /// The deviator's value from the deviation round on, deviating, and staying on the
    /// path (normalised).
    pub deviation_value: f64,
    /// The deviator's value of the path from that round.
    pub path_value: f64,
    /// Rounds after the deviation when the state pair is back on the path (`None`: not
    /// within the rounds shown).
    pub back_on_path_after: Option<usize>,
}

/// Each player's most tempting deviation at `round` (from 1) and the `shown` rounds that
/// follow (module doc); empty when the pair's path mixes or the chain is too large.
pub fn deviation_paths(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    discount: Discount,
    round: usize,
    shown: usize,
) -> Vec<DeviationPath> {
    let Some(path) = on_path(game, row, col) else {
        return Vec::new();
    };
    let Some(chain) = product_chain(game, row, col, 0.0, true) else {
        return Vec::new();
    };
    let (Some(vr), Some(vc)) = (
        chain.discounted(0, discount.row()),
        chain.discounted(1, discount.col()),
    ) else {
        return Vec::new();
    };
    let index: std::collections::HashMap<(usize, usize), usize> = chain
        .states
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, k))
        .collect();
    let value = |s: (usize, usize)| index.get(&s).map(|&k| (vr[k], vc[k]));
    let t0 = round.max(1) - 1;
    let here = path.state_at(t0);
    let prescribed = path.profile_at(t0);
    let (m, n) = game.shape();
    let mut out = Vec::new();
    for player in [Player::Row, Player::Col] {
        let delta = discount.of(player);
        let own_n = if player == Player::Row { m } else { n };
        let pick = |v: Point| if player == Player::Row { v.0 } else { v.1 };
        let mut best: Option<(usize, f64)> = None;
        for a in 0..own_n {
            let profile = match player {
                Player::Row => (a, prescribed.1),
                Player::Col => (prescribed.0, a),
            };
            if profile == prescribed {
                continue;
            }
            let to = (
                row.next(here.0, profile.0, profile.1),
                col.next(here.1, profile.0, profile.1),
            );
            let Some(v) = value(to) else { continue };
            let q = (1.0 - delta) * pick(game.pure_payoffs(profile.0, profile.1)) + delta * pick(v);
            if best.is_none_or(|b| q > b.1) {
                best = Some((a, q));
            }
        }
        let Some((action, deviation_value)) = best else {
            continue;
        };
        let Some(path_value) = value(here).map(pick) else {
            continue;
        };
        let mut rounds = Vec::with_capacity(shown + 1);
        let mut state = here;
        let mut back = None;
        for k in 0..=shown {
            let profile = if k == 0 {
                match player {
                    Player::Row => (action, prescribed.1),
                    Player::Col => (prescribed.0, action),
                }
            } else {
                let (Some(r), Some(c)) = (row.pure_action(state.0), col.pure_action(state.1))
                else {
                    break;
                };
                (r, c)
            };
            if k > 0 && back.is_none() && state == path.state_at(t0 + k) {
                back = Some(k);
            }
            rounds.push(DeviationRound {
                profile,
                payoffs: game.pure_payoffs(profile.0, profile.1),
                continuation: value(state).unwrap_or((f64::NAN, f64::NAN)),
            });
            state = (
                row.next(state.0, profile.0, profile.1),
                col.next(state.1, profile.0, profile.1),
            );
        }
        out.push(DeviationPath {
            player,
            round: t0 + 1,
            action,
            rounds,
            deviation_value,
            path_value,
            back_on_path_after: back,
        });
    }
    out
}

/// Probability that the pair is still on its noiseless sequence of state pairs after
/// t = 1 … `rounds` rounds with noise `noise` (module doc); `None` when the path mixes.
pub fn survival(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    noise: f64,
    rounds: usize,
) -> Option<Vec<f64>> {
    let path = on_path(game, row, col)?;
    let (m, n) = game.shape();
    let mut alive = 1.0;
    let mut out = Vec::with_capacity(rounds);
    for t in 0..rounds {
        let (sr, sc) = path.state_at(t);
        let want = path.state_at(t + 1);
        let pr = with_noise(&row.states[sr].play, noise);
        let pc = with_noise(&col.states[sc].play, noise);
        let mut stay = 0.0;
        for (r, &a) in pr.iter().enumerate().take(m) {
            for (c, &b) in pc.iter().enumerate().take(n) {
                if (row.next(sr, r, c), col.next(sc, r, c)) == want {
                    stay += a * b;
                }
            }
        }
        alive *= stay;
        out.push(alive);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;
    use crate::repeated::strategies::fixtures::{grim, library as make};
    use crate::repeated::strategy_spec::StrategyKind;

    #[test]
    fn grim_survives_noise_with_probability_one_minus_epsilon_squared_per_round() {
        let g = pd();
        let s = survival(&g, &grim(&g, Player::Row), &grim(&g, Player::Col), 0.1, 20).unwrap();
        assert_eq!(s.len(), 20);
        for (t, p) in s.iter().enumerate() {
            assert!((p - 0.81f64.powi(t as i32 + 1)).abs() < 1e-12);
        }
    }

    #[test]
    fn a_deviation_from_grim_is_punished_for_ever() {
        let g = pd();
        let d = Discount::common(0.9).unwrap();
        let devs = deviation_paths(&g, &grim(&g, Player::Row), &grim(&g, Player::Col), d, 5, 4);
        assert_eq!(devs.len(), 2);
        let row = &devs[0];
        assert_eq!((row.player, row.round, row.action), (Player::Row, 5, 1));
        assert_eq!(row.rounds[0].profile, (1, 0));
        assert!(row.rounds[1..].iter().all(|r| r.profile == (1, 1)));
        assert_eq!(row.back_on_path_after, None);
        // 0.1·5 + 0.9·1 = 1.4 against 3.
        assert!((row.deviation_value - 1.4).abs() < 1e-12);
        assert!((row.path_value - 3.0).abs() < 1e-12);
    }

    #[test]
    fn an_alternation_sustains_its_average() {
        // Row alternates its two actions, column copies row's last action.
        let g = pd();
        let row = crate::repeated::automaton::Automaton::new(
            "alt",
            Player::Row,
            (2, 2),
            0,
            vec![
                crate::repeated::automaton::State {
                    label: "a".into(),
                    play: vec![1.0, 0.0],
                    next: vec![1; 4],
                },
                crate::repeated::automaton::State {
                    label: "b".into(),
                    play: vec![0.0, 1.0],
                    next: vec![0; 4],
                },
            ],
        )
        .unwrap();
        let col = make(&g, Player::Col, StrategyKind::Always { action: 0 });
        let p = on_path(&g, &row, &col).unwrap();
        assert!(p.prefix.is_empty());
        assert_eq!(p.cycle, vec![(0, 0), (1, 0)]);
        assert!((p.average.0 - 4.0).abs() < 1e-12 && (p.average.1 - 1.5).abs() < 1e-12);
    }
}
