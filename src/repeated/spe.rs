//! Equilibrium checks for a pair of automata in the infinitely repeated game.
//!
//! - **Subgame perfection** by the one-shot deviation principle (Blackwell 1965;
//!   Mailath & Samuelson 2006, Prop. 2.2.1): a profile of automata is subgame-perfect iff
//!   in every pair of states reachable by *any* history, no player gains by deviating in
//!   the current round only and following the automata afterwards. Values of all such
//!   state pairs come from one linear solve per player ([`super::values`]); the check
//!   compares each action's one-step lookahead value with the state value.
//! - **Nash equilibrium**: each player's value from the start is at least that of the
//!   best reply to the other automaton ([`super::best_reply`]).
//! - **Smallest δ for subgame perfection**: the set of δ at which a pair is
//!   subgame-perfect need not be an interval in general, so the search scans a grid of
//!   common δ (step 0.01 up to 0.99, then 0.995, 0.999) for the first δ that works and
//!   bisects between it and the grid point before, to a tolerance of 1e-9.

use serde::Serialize;

use super::automaton::{Automaton, expected_given_intent, with_noise};
use super::best_reply::best_reply;
use super::values::product_chain;
use crate::game::{Game, Player};
use crate::geometry::Point;
use crate::repeated::settings::Discount;
use crate::tolerance::{REGRET_FACTOR, SPE_DELTA_BISECT};

/// A profitable deviation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deviation {
    /// Who deviates.
    pub player: Player,
    /// Labels of the state pair `(row state, col state)` where it pays.
    pub state: (String, String),
    /// The deviation action (the first action of the best reply for a Nash failure).
    pub action: usize,
    /// Gain in normalised payoff.
    pub gain: f64,
    /// The round (from 1) in which it pays, in a finitely repeated game.
    pub round: Option<usize>,
}

/// Result of the checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquilibriumCheck {
    /// Normalised discounted values `(row, col)` from the start.
    pub values: Point,
    /// Whether the pair is a Nash equilibrium.
    pub nash: bool,
    /// The largest gain from switching to a best reply, when the check fails.
    pub nash_deviation: Option<Deviation>,
    /// Whether the pair is subgame-perfect.
    pub subgame_perfect: bool,
    /// The most profitable one-shot deviation, when the check fails.
    pub spe_deviation: Option<Deviation>,
    /// State pairs examined (reachable by any history).
    pub states_checked: usize,
}

/// Checks Nash equilibrium and subgame perfection of `row` against `col` (module doc).
/// `None` when the automata are too large for exact values (see
/// [`super::values::MAX_CHAIN_STATES`]) or a linear solve fails.
pub fn check(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    discount: Discount,
    noise: f64,
) -> Option<EquilibriumCheck> {
    let tol = game.tolerance().abs * REGRET_FACTOR;
    let chain = product_chain(game, row, col, noise, true)?;
    let v = [
        chain.discounted(0, discount.row())?,
        chain.discounted(1, discount.col())?,
    ];
    let (m, n) = game.shape();
    let index: std::collections::HashMap<(usize, usize), usize> = chain
        .states
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, k))
        .collect();
    let mut worst: Option<Deviation> = None;
    for (k, &(sr, sc)) in chain.states.iter().enumerate() {
        for (pi, player) in [Player::Row, Player::Col].into_iter().enumerate() {
            let delta = discount.of(player);
            let (own_n, other_play) = match player {
                Player::Row => (m, with_noise(&col.states[sc].play, noise)),
                Player::Col => (n, with_noise(&row.states[sr].play, noise)),
            };
            let u = game.payoffs(player);
            for a in 0..own_n {
                let mut missing = false;
                let q = expected_given_intent(player, own_n, a, noise, &other_play, |r, c| {
                    let to = (row.next(sr, r, c), col.next(sc, r, c));
                    match index.get(&to) {
                        Some(&idx) => (1.0 - delta) * u[(r, c)] + delta * v[pi][idx],
                        None => {
                            missing = true;
                            0.0
                        }
                    }
                });
                if missing {
                    return None;
                }
                let gain = q - v[pi][k];
                if gain > tol && worst.as_ref().is_none_or(|w| gain > w.gain) {
                    worst = Some(Deviation {
                        player,
                        state: (row.states[sr].label.clone(), col.states[sc].label.clone()),
                        action: a,
                        gain,
                        round: None,
                    });
                }
            }
        }
    }
    let values = (v[0][0], v[1][0]);
    let mut nash_dev: Option<Deviation> = None;
    for (player, opp, own_value) in [(Player::Row, col, values.0), (Player::Col, row, values.1)] {
        let br = best_reply(game, opp, discount.of(player), noise)?;
        let gain = br.value - own_value;
        if gain > tol && nash_dev.as_ref().is_none_or(|d| gain > d.gain) {
            let start = br.automaton.start;
            nash_dev = Some(Deviation {
                player,
                state: (
                    row.states[row.start].label.clone(),
                    col.states[col.start].label.clone(),
                ),
                action: br.automaton.pure_action(start).unwrap_or(0),
                gain,
                round: None,
            });
        }
    }
    Some(EquilibriumCheck {
        values,
        nash: nash_dev.is_none(),
        nash_deviation: nash_dev,
        subgame_perfect: worst.is_none(),
        spe_deviation: worst,
        states_checked: chain.states.len(),
    })
}

/// The smallest common δ at which the pair is subgame-perfect, found by grid scan and
/// bisection (module doc); `None` when no δ up to 0.999 works.
pub fn smallest_spe_delta(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    noise: f64,
) -> Option<f64> {
    smallest_delta_where(|d| check(game, row, col, d, noise).is_some_and(|c| c.subgame_perfect))
}

/// The smallest common δ at which `holds` is true, by the grid scan and bisection of the
/// module doc (the set of such δ need not be an interval); `None` when no δ up to 0.999
/// works.
pub fn smallest_delta_where(holds: impl Fn(Discount) -> bool) -> Option<f64> {
    let is_spe = |d: f64| Discount::common(d).ok().is_some_and(&holds);
    let mut grid: Vec<f64> = (0..100).map(|k| k as f64 / 100.0).collect();
    grid.extend([0.995, 0.999]);
    let first = grid.iter().position(|&d| is_spe(d))?;
    if first == 0 {
        return Some(0.0);
    }
    let (mut lo, mut hi) = (grid[first - 1], grid[first]);
    while hi - lo > SPE_DELTA_BISECT {
        let mid = 0.5 * (lo + hi);
        if is_spe(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;
    use crate::repeated::strategies::fixtures::library as make;
    use crate::repeated::strategy_spec::StrategyKind;

    #[test]
    fn grim_pair_is_subgame_perfect_above_one_half() {
        let g = pd();
        let grim = |p| {
            make(
                &g,
                p,
                StrategyKind::GrimTrigger {
                    cooperate: (0, 0),
                    punish: 1,
                },
            )
        };
        let (r, c) = (grim(Player::Row), grim(Player::Col));
        let hi = check(&g, &r, &c, Discount::common(0.6).unwrap(), 0.0).unwrap();
        assert!(hi.subgame_perfect && hi.nash);
        let lo = check(&g, &r, &c, Discount::common(0.4).unwrap(), 0.0).unwrap();
        assert!(!lo.subgame_perfect && !lo.nash);
        assert!(lo.spe_deviation.unwrap().gain > 0.0);
        let d = smallest_spe_delta(&g, &r, &c, 0.0).unwrap();
        // Within the check's tolerance of the exact (T−R)/(T−P) = 1/2.
        assert!((d - 0.5).abs() < 1e-6, "{d}");
    }

    #[test]
    fn tit_for_tat_pair_is_nash_but_not_subgame_perfect() {
        // Tit-for-tat vs tit-for-tat at δ = 0.9 in the PD: after a lone defection,
        // the echo of alternating punishments is worse than forgiving (the standard
        // counterexample), so it fails subgame perfection while being a Nash equilibrium.
        let g = pd();
        let tft = |p| {
            make(
                &g,
                p,
                StrategyKind::TitForTat {
                    cooperate: 0,
                    replies: vec![(1, 1)],
                },
            )
        };
        let c = check(
            &g,
            &tft(Player::Row),
            &tft(Player::Col),
            Discount::common(0.9).unwrap(),
            0.0,
        )
        .unwrap();
        assert!(c.nash);
        assert!(!c.subgame_perfect);
    }

    #[test]
    fn best_reply_to_always_defect_is_defect() {
        let g = pd();
        let opp = make(&g, Player::Col, StrategyKind::Always { action: 1 });
        let br = best_reply(&g, &opp, 0.9, 0.0).unwrap();
        assert!((br.value - 1.0).abs() < 1e-12);
        assert_eq!(br.automaton.pure_action(0), Some(1));
    }
}
