//! The library of named strategies as automata, for any number of actions, and the
//! translation of a scenario's `[[strategy]]` sections (library kinds and custom
//! automata) into [`Automaton`]s.
//!
//! - always(a): one state.
//! - grim trigger (Friedman 1971, in the textbook form of Mailath & Samuelson 2006,
//!   §2.4): play the own part of the cooperative profile while it was played in every
//!   earlier round; after any departure from it, by either player (the own one
//!   included), play the punishment action forever.
//! - tit-for-tat (Axelrod 1984): cooperate, and after each hostile opponent move play the
//!   reply mapped to it, once.
//! - tit-for-two-tats: reply only after two hostile opponent moves in a row.
//! - generous tit-for-tat (Nowak & Sigmund 1992): like tit-for-tat but after a hostile
//!   move cooperate anyway with the forgiveness probability.
//! - k-round limited punishment: after a departure from the cooperative profile punish
//!   for k rounds (ignoring what happens meanwhile), then cooperate again.
//! - win-stay-lose-shift (Pavlov; Nowak & Sigmund 1993): keep the current action when the
//!   opponent played its cooperative action, switch between the own cooperative action
//!   and the alternative otherwise.
//! - custom: states with their play, transitions on an opponent move or a joint profile
//!   (profile triggers first), and timed states ("after k rounds go to"), which expand
//!   into k chained internal states.

use super::automaton::{Automaton, AutomatonError, State};
use crate::game::{Game, Player};
use crate::repeated::strategy_spec::{StrategyKind, StrategySpec, Trigger};

fn pure(n: usize, k: usize) -> Vec<f64> {
    let mut v = vec![0.0; n];
    v[k] = 1.0;
    v
}

/// Builds the automaton of a strategy declared in a scenario (validated there: action
/// and state indices are in range).
pub fn automaton(game: &Game, spec: &StrategySpec) -> Result<Automaton, AutomatonError> {
    let shape = game.shape();
    let (m, n) = shape;
    let p = spec.player;
    let own_n = game.num_actions(p);
    let opp_of = |r: usize, c: usize| if p == Player::Row { c } else { r };
    let profiles = || (0..m).flat_map(move |r| (0..n).map(move |c| (r, c)));
    let state = |label: &str, play: Vec<f64>, next: Vec<usize>| State {
        label: label.to_string(),
        play,
        next,
    };
    let states = match &spec.kind {
        StrategyKind::Always { action } => {
            vec![state("always", pure(own_n, *action), vec![0; m * n])]
        }
        StrategyKind::GrimTrigger { cooperate, punish } => {
            let own = if p == Player::Row {
                cooperate.0
            } else {
                cooperate.1
            };
            let coop_next = profiles()
                .map(|rc| if rc == *cooperate { 0 } else { 1 })
                .collect();
            vec![
                state("cooperate", pure(own_n, own), coop_next),
                state("punish", pure(own_n, *punish), vec![1; m * n]),
            ]
        }
        StrategyKind::TitForTat { cooperate, replies }
        | StrategyKind::GenerousTitForTat {
            cooperate, replies, ..
        } => {
            let forgive = match &spec.kind {
                StrategyKind::GenerousTitForTat { forgive, .. } => *forgive,
                _ => 0.0,
            };
            // State 0 cooperates; state 1 + k answers the k-th listed hostile move.
            let target = |opp: usize| {
                replies
                    .iter()
                    .position(|&(h, _)| h == opp)
                    .map_or(0, |k| k + 1)
            };
            let next: Vec<usize> = profiles().map(|(r, c)| target(opp_of(r, c))).collect();
            let mut v = vec![state("cooperate", pure(own_n, *cooperate), next.clone())];
            for &(h, reply) in replies {
                let mut play = pure(own_n, reply);
                if forgive > 0.0 {
                    play = (0..own_n)
                        .map(|k| {
                            (1.0 - forgive) * f64::from(u8::from(k == reply))
                                + forgive * f64::from(u8::from(k == *cooperate))
                        })
                        .collect();
                }
                v.push(state(&format!("reply_to_{h}"), play, next.clone()));
            }
            v
        }
        StrategyKind::TitForTwoTats { cooperate, replies } => {
            // 0: calm; 1: one hostile move seen; 2 + k: replying to hostile move k.
            let hostile = |opp: usize| replies.iter().position(|&(h, _)| h == opp);
            let next_from = |alert: bool| -> Vec<usize> {
                profiles()
                    .map(|(r, c)| match hostile(opp_of(r, c)) {
                        None => 0,
                        Some(k) if alert => k + 2,
                        Some(_) => 1,
                    })
                    .collect()
            };
            let mut v = vec![
                state("calm", pure(own_n, *cooperate), next_from(false)),
                state("alert", pure(own_n, *cooperate), next_from(true)),
            ];
            for &(h, reply) in replies {
                v.push(state(
                    &format!("reply_to_{h}"),
                    pure(own_n, reply),
                    next_from(true),
                ));
            }
            v
        }
        StrategyKind::LimitedPunishment {
            cooperate,
            punish,
            rounds,
        } => {
            let own = if p == Player::Row {
                cooperate.0
            } else {
                cooperate.1
            };
            let k = (*rounds).max(1);
            let coop_next = profiles()
                .map(|rc| if rc == *cooperate { 0 } else { 1 })
                .collect();
            let mut v = vec![state("cooperate", pure(own_n, own), coop_next)];
            for t in 1..=k {
                let to = if t == k { 0 } else { t + 1 };
                v.push(state(
                    &format!("punish#{t}"),
                    pure(own_n, *punish),
                    vec![to; m * n],
                ));
            }
            v
        }
        StrategyKind::WinStayLoseShift { cooperate, shift } => {
            let (own, opp_coop) = if p == Player::Row {
                (cooperate.0, cooperate.1)
            } else {
                (cooperate.1, cooperate.0)
            };
            let next_from = |me: usize| -> Vec<usize> {
                profiles()
                    .map(|(r, c)| if opp_of(r, c) == opp_coop { me } else { 1 - me })
                    .collect()
            };
            vec![
                state("cooperate", pure(own_n, own), next_from(0)),
                state("shift", pure(own_n, *shift), next_from(1)),
            ]
        }
        StrategyKind::Custom { start, states } => {
            return custom(game, spec, *start, states);
        }
    };
    Automaton::new(spec.name.clone(), p, shape, 0, states)
}

fn custom(
    game: &Game,
    spec: &StrategySpec,
    start: usize,
    states: &[crate::repeated::strategy_spec::CustomState],
) -> Result<Automaton, AutomatonError> {
    let (m, n) = game.shape();
    let p = spec.player;
    // First internal index of each declared state: a timed state takes k slots.
    let mut first = Vec::with_capacity(states.len());
    let mut total = 0usize;
    for s in states {
        first.push(total);
        total += s.after.map_or(1, |(k, _)| k.max(1));
    }
    let entry = |k: usize| {
        first
            .get(k)
            .copied()
            .ok_or_else(|| AutomatonError::BadState(spec.name.clone()))
    };
    let mut out = Vec::with_capacity(total);
    for s in states {
        let copies = s.after.map_or(1, |(k, _)| k.max(1));
        for t in 0..copies {
            let stay = match s.after {
                None => out.len(),
                Some((_, then)) if t + 1 == copies => entry(then)?,
                Some(_) => out.len() + 1,
            };
            let mut next = vec![stay; m * n];
            for r in 0..m {
                for c in 0..n {
                    let opp = if p == Player::Row { c } else { r };
                    let hit = s
                        .on
                        .iter()
                        .find(|tr| tr.trigger == Trigger::Profile(r, c))
                        .or_else(|| s.on.iter().find(|tr| tr.trigger == Trigger::Opponent(opp)));
                    if let Some(tr) = hit {
                        next[r * n + c] = entry(tr.to)?;
                    }
                }
            }
            let label = if copies > 1 {
                format!("{}#{}", s.name, t + 1)
            } else {
                s.name.clone()
            };
            out.push(State {
                label,
                play: s.play.clone(),
                next,
            });
        }
    }
    Automaton::new(spec.name.clone(), p, game.shape(), entry(start)?, out)
}

/// Library strategies for unit tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::automaton;
    use crate::game::{Game, Player};
    use crate::repeated::automaton::Automaton;
    use crate::repeated::strategy_spec::{StrategyKind, StrategySpec};

    /// The automaton of a library strategy named `s`.
    pub(crate) fn library(g: &Game, player: Player, kind: StrategyKind) -> Automaton {
        automaton(
            g,
            &StrategySpec {
                name: "s".into(),
                player,
                kind,
            },
        )
        .expect("a valid library strategy")
    }

    /// Grim trigger on the profile of both first actions, punishing with the second.
    pub(crate) fn grim(g: &Game, player: Player) -> Automaton {
        library(
            g,
            player,
            StrategyKind::GrimTrigger {
                cooperate: (0, 0),
                punish: 1,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repeated::strategy_spec::{CustomState, Transition};

    fn game3() -> Game {
        Game::from_rows(&vec![vec![0.0; 3]; 3], &vec![vec![0.0; 3]; 3]).unwrap()
    }

    #[test]
    fn grim_trigger_punishes_its_own_departure() {
        let g = game3();
        let spec = StrategySpec {
            name: "grim".into(),
            player: Player::Row,
            kind: StrategyKind::GrimTrigger {
                cooperate: (0, 0),
                punish: 2,
            },
        };
        let a = automaton(&g, &spec).unwrap();
        assert_eq!(a.next(0, 0, 0), 0);
        assert_eq!(a.next(0, 1, 0), 1); // own departure
        assert_eq!(a.next(0, 0, 2), 1);
        assert_eq!(a.pure_action(1), Some(2));
        assert_eq!(a.next(1, 0, 0), 1);
    }

    #[test]
    fn timed_custom_state_expands_into_a_chain() {
        let g = game3();
        let spec = StrategySpec {
            name: "ladder".into(),
            player: Player::Col,
            kind: StrategyKind::Custom {
                start: 0,
                states: vec![
                    CustomState {
                        name: "calm".into(),
                        play: vec![1.0, 0.0, 0.0],
                        on: vec![Transition {
                            trigger: Trigger::Opponent(1),
                            to: 1,
                        }],
                        after: None,
                    },
                    CustomState {
                        name: "curb".into(),
                        play: vec![0.0, 1.0, 0.0],
                        on: vec![],
                        after: Some((2, 0)),
                    },
                ],
            },
        };
        let a = automaton(&g, &spec).unwrap();
        assert_eq!(a.states.len(), 3);
        assert_eq!(spec.kind.automaton_states(), 3);
        assert_eq!(a.next(0, 1, 0), 1);
        assert_eq!(a.next(0, 0, 0), 0);
        assert_eq!(a.next(1, 0, 0), 2);
        assert_eq!(a.next(2, 0, 0), 0);
    }

    #[test]
    fn the_size_known_beforehand_is_the_size_built() {
        let g = game3();
        let replies = vec![(1, 1), (2, 2)];
        for kind in [
            StrategyKind::Always { action: 1 },
            StrategyKind::GrimTrigger {
                cooperate: (0, 0),
                punish: 1,
            },
            StrategyKind::TitForTat {
                cooperate: 0,
                replies: replies.clone(),
            },
            StrategyKind::GenerousTitForTat {
                cooperate: 0,
                replies: replies.clone(),
                forgive: 0.5,
            },
            StrategyKind::TitForTwoTats {
                cooperate: 0,
                replies,
            },
            StrategyKind::LimitedPunishment {
                cooperate: (0, 0),
                punish: 1,
                rounds: 4,
            },
            StrategyKind::WinStayLoseShift {
                cooperate: (0, 0),
                shift: 1,
            },
        ] {
            let built = fixtures::library(&g, Player::Row, kind.clone());
            assert_eq!(kind.automaton_states(), built.states.len(), "{kind:?}");
        }
    }
}
