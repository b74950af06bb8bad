//! A pair of automata in the T-times repeated game: exact values, Nash and subgame
//! perfection by backward induction (Kuhn 1953; for automata, Mailath & Samuelson 2006,
//! §2.2 and §4.1).
//!
//! With `W_t(s)` the expected payoff of the rounds `t, …, T−1` from automaton state pair
//! `s` (each player's own δ: `Σ_{k≥t} δ^{k−t} u_k`), backward induction gives
//! `W_T = 0` and `W_t(s) = r(s) + δ Σ_{s'} P(s, s') W_{t+1}(s')`. Values are reported as
//! discounted per-round averages, `W_0(start) / Σ_{t<T} δᵗ` (for δ = 0 the first round),
//! beside the plain average `Σ_t u_t / T` of the same play.
//!
//! - **Subgame perfection**: a finite game with perfect monitoring is subgame-perfect iff
//!   no player gains by a one-shot deviation at any history (the one-shot deviation
//!   principle holds without conditions in finite games). A history of length t leads to
//!   the state pairs reachable in t rounds by *some* sequence of profiles, `R_t` (found
//!   forward); for each round t and each `s ∈ R_t` the value of each pure action, played
//!   now and followed by the automata, `Q_t(s, a) = Σ p (u + δ W_{t+1}(s'))`, is compared
//!   with `W_t(s)`.
//! - **Nash equilibrium**: the best reply to the opponent's automaton in the T-round game
//!   is a finite-horizon decision problem over (round, opponent state), solved backward:
//!   `B_t(q) = max_a Σ_b p(b) (u(a, b) + δ B_{t+1}(q'))`. The pair is Nash iff
//!   `B_0(start) ≤ W_0(start)` for both players, within the tolerance.
//!
//! Gains are normalised like the values (divided by `Σ_{t<T} δᵗ`). The work is
//! `T × (state pairs) × (profiles)`; beyond [`MAX_BACKWARD_WORK`] the checks are refused
//! (`None`) and the caller says so.

use super::automaton::{Automaton, expected_given_intent, with_noise};
use super::spe::{Deviation, EquilibriumCheck};
use super::values::{PairValues, product_chain};
use crate::game::{Game, Player};
use crate::repeated::settings::Discount;
use crate::tolerance::REGRET_FACTOR;

/// Most elementary steps (rounds × state pairs × profiles) of one backward induction.
pub const MAX_BACKWARD_WORK: usize = 50_000_000;

/// `Σ_{t<T} δᵗ` (1 for δ = 0: only the first round counts).
fn weight(delta: f64, rounds: usize) -> f64 {
    let mut w = 0.0;
    let mut p = 1.0;
    for _ in 0..rounds {
        w += p;
        p *= delta;
        if p == 0.0 {
            break;
        }
    }
    w
}

/// The product chain's state pairs reachable from the start by any history, with the
/// successor of each pair under each joint profile (row-major), and each player's
/// probabilities of actually playing each action in each pair (with noise).
struct Tree {
    states: Vec<(usize, usize)>,
    next: Vec<Vec<usize>>,
    row_play: Vec<Vec<f64>>,
    col_play: Vec<Vec<f64>>,
}

fn tree(game: &Game, row: &Automaton, col: &Automaton, noise: f64) -> Option<Tree> {
    let chain = product_chain(game, row, col, noise, true)?;
    let (m, n) = game.shape();
    let index: std::collections::HashMap<(usize, usize), usize> = chain
        .states
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, k))
        .collect();
    let mut next = Vec::with_capacity(chain.states.len());
    for &(sr, sc) in &chain.states {
        let mut out = Vec::with_capacity(m * n);
        for r in 0..m {
            for c in 0..n {
                out.push(*index.get(&(row.next(sr, r, c), col.next(sc, r, c)))?);
            }
        }
        next.push(out);
    }
    Some(Tree {
        row_play: chain
            .states
            .iter()
            .map(|&(sr, _)| with_noise(&row.states[sr].play, noise))
            .collect(),
        col_play: chain
            .states
            .iter()
            .map(|&(_, sc)| with_noise(&col.states[sc].play, noise))
            .collect(),
        states: chain.states,
        next,
    })
}

/// One backward step for both players at discount `delta = (δ_row, δ_col)`: the values of
/// rounds `t…` from the values `w` of rounds `t+1…`.
fn step(game: &Game, t: &Tree, w: &[Vec<f64>; 2], delta: (f64, f64)) -> [Vec<f64>; 2] {
    let n = game.shape().1;
    let (a, b) = (game.a(), game.b());
    let size = t.states.len();
    let mut out = [Vec::with_capacity(size), Vec::with_capacity(size)];
    for s in 0..size {
        let (mut vr, mut vc) = (0.0, 0.0);
        for (r, &pr) in t.row_play[s].iter().enumerate() {
            if pr <= 0.0 {
                continue;
            }
            for (c, &pc) in t.col_play[s].iter().enumerate() {
                let p = pr * pc;
                if p <= 0.0 {
                    continue;
                }
                let to = t.next[s][r * n + c];
                vr += p * (a[(r, c)] + delta.0 * w[0][to]);
                vc += p * (b[(r, c)] + delta.1 * w[1][to]);
            }
        }
        out[0].push(vr);
        out[1].push(vc);
    }
    out
}

/// Values of the pair over `rounds` rounds (module doc): the discounted per-round averages
/// and the plain averages. `None` when the product automaton is too large or the work
/// exceeds [`MAX_BACKWARD_WORK`].
pub fn finite_pair_values(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    discount: Discount,
    noise: f64,
    rounds: usize,
) -> Option<PairValues> {
    let t = tree(game, row, col, noise)?;
    let (m, n) = game.shape();
    if rounds.saturating_mul(t.states.len()).saturating_mul(m * n) > MAX_BACKWARD_WORK {
        return None;
    }
    let zero = vec![0.0; t.states.len()];
    let (mut w, mut plain) = ([zero.clone(), zero.clone()], [zero.clone(), zero]);
    for _ in 0..rounds {
        w = step(game, &t, &w, (discount.row(), discount.col()));
        plain = step(game, &t, &plain, (1.0, 1.0));
    }
    let (wr, wc) = (
        weight(discount.row(), rounds),
        weight(discount.col(), rounds),
    );
    let r = rounds.max(1) as f64;
    Some(PairValues {
        discounted: (w[0][0] / wr, w[1][0] / wc),
        limit_of_means: (plain[0][0] / r, plain[1][0] / r),
        states: t.states.len(),
    })
}

/// Nash and subgame-perfection checks of the pair in the `rounds`-round game, without
/// noise by default (`noise` as in the infinite-horizon check); `None` when too large
/// (module doc).
pub fn finite_check(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    discount: Discount,
    noise: f64,
    rounds: usize,
) -> Option<EquilibriumCheck> {
    let tol = game.tolerance().abs * REGRET_FACTOR;
    let t = tree(game, row, col, noise)?;
    let (m, n) = game.shape();
    let size = t.states.len();
    if rounds.saturating_mul(size).saturating_mul(m * n) > MAX_BACKWARD_WORK {
        return None;
    }
    let deltas = (discount.row(), discount.col());
    let norm = [weight(deltas.0, rounds), weight(deltas.1, rounds)];
    // Forward: which state pairs some history of t rounds leads to.
    let words = size.div_ceil(64);
    let mut reach: Vec<Vec<u64>> = Vec::with_capacity(rounds);
    let mut cur = vec![0u64; words];
    cur[0] |= 1;
    for _ in 0..rounds {
        let mut nxt = vec![0u64; words];
        for s in 0..size {
            if cur[s / 64] >> (s % 64) & 1 == 1 {
                for &to in &t.next[s] {
                    nxt[to / 64] |= 1 << (to % 64);
                }
            }
        }
        reach.push(cur);
        cur = nxt;
    }
    // Backward: values and one-shot deviations, round by round.
    let mut w = [vec![0.0; size], vec![0.0; size]];
    let mut worst: Option<Deviation> = None;
    let u = [game.a(), game.b()];
    for round in (0..rounds).rev() {
        let now = step(game, &t, &w, deltas);
        for s in 0..size {
            if reach[round][s / 64] >> (s % 64) & 1 == 0 {
                continue;
            }
            for (pi, player) in [Player::Row, Player::Col].into_iter().enumerate() {
                let delta = if pi == 0 { deltas.0 } else { deltas.1 };
                let own_n = if pi == 0 { m } else { n };
                let other = if pi == 0 {
                    &t.col_play[s]
                } else {
                    &t.row_play[s]
                };
                for a in 0..own_n {
                    let q = expected_given_intent(player, own_n, a, noise, other, |r, c| {
                        u[pi][(r, c)] + delta * w[pi][t.next[s][r * n + c]]
                    });
                    let gain = (q - now[pi][s]) / norm[pi];
                    if gain > tol && worst.as_ref().is_none_or(|d| gain > d.gain) {
                        let (sr, sc) = t.states[s];
                        worst = Some(Deviation {
                            player,
                            state: (row.states[sr].label.clone(), col.states[sc].label.clone()),
                            action: a,
                            gain,
                            round: Some(round + 1),
                        });
                    }
                }
            }
        }
        w = now;
    }
    let values = (w[0][0] / norm[0], w[1][0] / norm[1]);
    let mut nash_deviation: Option<Deviation> = None;
    for (pi, player, opp) in [(0, Player::Row, col), (1, Player::Col, row)] {
        let delta = if pi == 0 { deltas.0 } else { deltas.1 };
        let (best, first) = finite_best_reply(game, opp, delta, noise, rounds);
        let gain = (best - w[pi][0]) / norm[pi];
        if gain > tol && nash_deviation.as_ref().is_none_or(|d| gain > d.gain) {
            nash_deviation = Some(Deviation {
                player,
                state: (
                    row.states[row.start].label.clone(),
                    col.states[col.start].label.clone(),
                ),
                action: first,
                gain,
                round: Some(1),
            });
        }
    }
    Some(EquilibriumCheck {
        values,
        nash: nash_deviation.is_none(),
        nash_deviation,
        subgame_perfect: worst.is_none(),
        spe_deviation: worst,
        states_checked: size,
    })
}

/// Checks one δ of the search for the smallest SPE δ costs this many backward inductions
/// (the grid of [`super::spe::smallest_delta_where`] and its bisection).
const DELTA_SEARCH_CHECKS: usize = 140;

/// The smallest common δ at which the pair is subgame-perfect in the `rounds`-round game
/// (grid scan and bisection, as for the infinite horizon); `None` when no δ up to 0.999
/// works or when the search would exceed [`MAX_BACKWARD_WORK`] in all.
pub fn finite_smallest_spe_delta(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    rounds: usize,
) -> Option<f64> {
    let (m, n) = game.shape();
    let size = product_chain(game, row, col, 0.0, true)?.states.len();
    let work = rounds
        .saturating_mul(size)
        .saturating_mul(m * n)
        .saturating_mul(DELTA_SEARCH_CHECKS);
    if work > MAX_BACKWARD_WORK {
        return None;
    }
    super::spe::smallest_delta_where(|d| {
        finite_check(game, row, col, d, 0.0, rounds).is_some_and(|c| c.subgame_perfect)
    })
}

/// The best reply to `opp` over `rounds` rounds (module doc): its unnormalised value from
/// the start and its first action.
fn finite_best_reply(
    game: &Game,
    opp: &Automaton,
    delta: f64,
    noise: f64,
    rounds: usize,
) -> (f64, usize) {
    let player = opp.player.opponent();
    let own_n = game.num_actions(player);
    let u = game.payoffs(player);
    let q = opp.states.len();
    let mut b = vec![0.0; q];
    let mut first = 0;
    for round in (0..rounds).rev() {
        let mut now = vec![f64::NEG_INFINITY; q];
        for s in 0..q {
            let other = with_noise(&opp.states[s].play, noise);
            for a in 0..own_n {
                let v = expected_given_intent(player, own_n, a, noise, &other, |r, c| {
                    u[(r, c)] + delta * b[opp.next(s, r, c)]
                });
                if v > now[s] {
                    now[s] = v;
                    if round == 0 && s == opp.start {
                        first = a;
                    }
                }
            }
        }
        b = now;
    }
    (b.get(opp.start).copied().unwrap_or(0.0), first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;
    use crate::repeated::strategies::fixtures::{grim, library as make};
    use crate::repeated::strategy_spec::StrategyKind;

    #[test]
    fn grim_against_grim_is_no_equilibrium_of_the_finite_game() {
        // Ten rounds of the PD: defecting in the last round gains 2 and costs nothing.
        let g = pd();
        let d = Discount::common(0.9).unwrap();
        let c = finite_check(
            &g,
            &grim(&g, Player::Row),
            &grim(&g, Player::Col),
            d,
            0.0,
            10,
        )
        .unwrap();
        assert!(!c.nash && !c.subgame_perfect);
        let dev = c.spe_deviation.unwrap();
        assert_eq!(dev.round, Some(10));
        assert_eq!(dev.action, 1);
        // Gain 2 (5 instead of 3) in the last round, in values of the rounds from there on,
        // normalised by Σ_{t<10} 0.9ᵗ.
        assert!((dev.gain - 2.0 / weight(0.9, 10)).abs() < 1e-12, "{dev:?}");
        assert!((c.values.0 - 3.0).abs() < 1e-12);
        // Always defect against always defect is the unique SPE.
        let dd = |p| make(&g, p, StrategyKind::Always { action: 1 });
        let c = finite_check(&g, &dd(Player::Row), &dd(Player::Col), d, 0.0, 10).unwrap();
        assert!(c.nash && c.subgame_perfect);
    }

    #[test]
    fn values_are_the_truncated_sums() {
        // Grim against always-defect: row 0 then 1, 1, …; over 3 rounds at δ = 0.5 the
        // discounted average is (0 + 0.5 + 0.25)/(1.75), the plain one 2/3.
        let g = pd();
        let d = Discount::common(0.5).unwrap();
        let v = finite_pair_values(
            &g,
            &grim(&g, Player::Row),
            &make(&g, Player::Col, StrategyKind::Always { action: 1 }),
            d,
            0.0,
            3,
        )
        .unwrap();
        assert!((v.discounted.0 - 0.75 / 1.75).abs() < 1e-12);
        assert!((v.limit_of_means.0 - 2.0 / 3.0).abs() < 1e-12);
        assert!((v.discounted.1 - (5.0 + 0.5 + 0.25) / 1.75).abs() < 1e-12);
    }

    #[test]
    fn a_too_large_induction_is_refused() {
        let g = pd();
        let d = Discount::common(0.9).unwrap();
        let r = grim(&g, Player::Row);
        let c = grim(&g, Player::Col);
        assert!(finite_check(&g, &r, &c, d, 0.0, MAX_BACKWARD_WORK).is_none());
    }
}
