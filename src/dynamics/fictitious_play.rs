//! Discrete fictitious play with empirical frequencies (Brown 1951, "Iterative solution
//! of games by fictitious play"; Robinson 1951, "An iterative method of solving a game";
//! Fudenberg & Levine 1998, *The Theory of Learning in Games*, ch. 2).
//!
//! Each round both players best-respond to the empirical frequencies of the opponent's
//! past actions (simultaneous updating; ties go to the lowest action index, so a run is
//! reproducible; in the first round beliefs are uniform). The state is the pair of
//! empirical frequencies `(x̄_t, ȳ_t)`. Steps per round, in O(m + n) time:
//! 1. keep the cumulative payoff vectors `A·count_col` and `Bᵀ·count_row`; each player's
//!    best response is the arg-max of their vector;
//! 2. add the opponent's played column (row) of the payoff matrix to each vector, and the
//!    payoffs of the profile played to the realised totals;
//! 3. record each frequency's lowest and highest value over blocks of rounds (the block
//!    length doubles whenever more than [`BLOCKS`] blocks are kept; blocks that end before
//!    the last half of play are dropped);
//! 4. at the end of each block, apply the stopping rule below.
//!
//! **Stopping rule.** Play has converged at round `t` when
//! - `t` is at least [`FICTITIOUS_MIN_ROUNDS`],
//! - every empirical frequency has stayed within `drift` (default [`FICTITIOUS_DRIFT`]) of
//!   its value at round `t` in every round of a window that covers at least the last half
//!   of play (the window starts at the first recorded block that reaches round ⌈t/2⌉), and
//! - the regret of the frequencies at round `t` is at most `tolerance`.
//!
//! A momentary tie of the frequencies with an equilibrium therefore does not stop play:
//! the frequencies must also have stopped moving. If play then switches to a profile it
//! keeps for good, the frequencies move by about `t₀/t` over the last half of play, so the
//! rule waits until `t` is about `t₀ / drift`. With `play_all` the rule is not applied and
//! exactly `iterations` rounds are played; whether the rule holds at the last round is
//! reported either way.
//!
//! Besides the frequencies, a run reports the average payoff each player actually obtained
//! over the rounds played, beside the expected payoff of the frequencies: the two differ
//! when play is correlated over time, as when both players miscoordinate in lockstep
//! (Fudenberg & Kreps 1993, "Learning mixed equilibria", GEB 5). It also says whether play
//! cycles: the sequence of pure profiles over the last half of play (at most
//! [`FICTITIOUS_CYCLE_WINDOW`] rounds) is checked for its smallest period, and play repeats
//! when that period fits at least [`FICTITIOUS_CYCLE_REPEATS`] times; a period of one is a
//! profile kept throughout, a longer one a cycle of profiles.
//!
//! Robinson proved that in zero-sum games the empirical frequencies' payoff bounds
//! `min_j (x̄ᵀA)_j ≤ v ≤ max_i (A ȳ)_i` close in on the value `v`; fictitious play also
//! converges in 2×2 games and potential games, and may cycle forever elsewhere, with runs
//! of each profile growing geometrically (Shapley 1964, "Some topics in two-person games"),
//! in which case the iteration cap stops it.

use std::collections::VecDeque;

use serde::Serialize;

use super::{Outcome, Recorder, StopReason, first_argmax, outcome};
use crate::game::Game;
use crate::tolerance::{
    FICTITIOUS_CYCLE_REPEATS, FICTITIOUS_CYCLE_WINDOW, FICTITIOUS_DRIFT, FICTITIOUS_MIN_ROUNDS,
    FICTITIOUS_REGRET,
};

/// Most blocks of rounds kept for the stopping rule before pairs are merged.
pub const BLOCKS: usize = 64;

/// Settings of fictitious play.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FictitiousPlayConfig {
    /// Most rounds to play (exactly this many with `play_all`).
    pub iterations: usize,
    /// Converged only if the empirical frequencies' regret is at most this (payoff units).
    pub tolerance: f64,
    /// …and every frequency stayed within this of its current value over the last half of
    /// play (probabilities).
    pub drift: f64,
    /// Play all `iterations` rounds, without the stopping rule.
    pub play_all: bool,
}

impl FictitiousPlayConfig {
    /// Defaults for `game`: 100 000 rounds at most, regret tolerance 10⁻³ of the payoff
    /// scale, drift [`FICTITIOUS_DRIFT`], the stopping rule on.
    pub fn for_game(game: &Game) -> Self {
        FictitiousPlayConfig {
            iterations: 100_000,
            tolerance: FICTITIOUS_REGRET * game.payoff_scale().max(1.0),
            drift: FICTITIOUS_DRIFT,
            play_all: false,
        }
    }
}

/// The rounds over which the stopping rule looked at the frequencies.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Window {
    /// First round of the window (at most ⌈t/2⌉).
    pub from_round: usize,
    /// Last round (the round the rule was applied at).
    pub to_round: usize,
    /// The largest distance of a frequency in the window from its value at `to_round`.
    pub max_change: f64,
}

/// The profiles repeating at the end of play.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeating {
    /// How many of the last rounds were checked.
    pub rounds_checked: usize,
    /// The repeating profiles in the order played, ending with the last round (one profile
    /// when play stayed on it throughout).
    pub profiles: Vec<(usize, usize)>,
}

/// The result of fictitious play.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FictitiousPlay {
    /// End point = empirical frequencies after the last round; its `payoffs` are the
    /// expected payoffs of those frequencies.
    pub outcome: Outcome,
    /// The pure profile played in the last round.
    pub last_profile: (usize, usize),
    /// Each player's average payoff over the rounds played, as actually obtained.
    pub realised_payoffs: (f64, f64),
    /// The window the stopping rule looked at last.
    pub window: Window,
    /// Whether the stopping rule holds at the last round.
    pub rule_met: bool,
    /// The round from which the last profile was played in every round.
    pub same_profile_since: usize,
    /// The profiles repeating at the end of play, when they do.
    pub repeating: Option<Repeating>,
    /// The settings of the run (its tolerances are those of the stopping rule).
    pub config: FictitiousPlayConfig,
}

impl FictitiousPlay {
    /// Whether play repeats a cycle of two or more profiles at the end.
    pub fn cycles(&self) -> bool {
        self.repeating
            .as_ref()
            .is_some_and(|r| r.profiles.len() > 1)
    }
}

/// The lowest and highest value of each frequency over a block of rounds.
#[derive(Debug, Clone)]
struct Block {
    first: usize,
    last: usize,
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl Block {
    fn new(round: usize, f: &[f64]) -> Self {
        Block {
            first: round,
            last: round,
            lo: f.to_vec(),
            hi: f.to_vec(),
        }
    }

    fn include(&mut self, round: usize, f: &[f64]) {
        self.last = round;
        for (k, v) in f.iter().enumerate() {
            self.lo[k] = self.lo[k].min(*v);
            self.hi[k] = self.hi[k].max(*v);
        }
    }

    fn merge(mut self, other: &Block) -> Block {
        self.last = other.last;
        for k in 0..self.lo.len() {
            self.lo[k] = self.lo[k].min(other.lo[k]);
            self.hi[k] = self.hi[k].max(other.hi[k]);
        }
        self
    }

    fn change(&self, f: &[f64]) -> f64 {
        f.iter().enumerate().fold(0.0f64, |d, (k, v)| {
            d.max(self.hi[k] - v).max(v - self.lo[k])
        })
    }
}

/// The smallest period of `s` (the smallest `p ≥ 1` with `s[k] = s[k + p]` for every `k`),
/// from the prefix function (Knuth, Morris & Pratt 1977).
fn smallest_period<T: PartialEq>(s: &[T]) -> usize {
    let len = s.len();
    if len == 0 {
        return 0;
    }
    let mut pi = vec![0usize; len];
    for q in 1..len {
        let mut k = pi[q - 1];
        while k > 0 && s[q] != s[k] {
            k = pi[k - 1];
        }
        if s[q] == s[k] {
            k += 1;
        }
        pi[q] = k;
    }
    len - pi[len - 1]
}

/// Runs fictitious play on `game`.
///
/// ```
/// use truce::dynamics::fictitious_play::{FictitiousPlayConfig, fictitious_play};
/// use truce::game::Game;
/// // Matching pennies: the empirical frequencies approach (1/2, 1/2).
/// let g = Game::from_rows(&[vec![1.0, -1.0], vec![-1.0, 1.0]],
///                         &[vec![-1.0, 1.0], vec![1.0, -1.0]]).unwrap();
/// let cfg = FictitiousPlayConfig { iterations: 10_000, play_all: true,
///                                  ..FictitiousPlayConfig::for_game(&g) };
/// let r = fictitious_play(&g, &cfg);
/// assert!((r.outcome.end_row.probs()[0] - 0.5).abs() < 0.02);
/// ```
pub fn fictitious_play(game: &Game, cfg: &FictitiousPlayConfig) -> FictitiousPlay {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let tol = game.tolerance().abs;
    // Cumulative payoff of each own action against the opponent's past play; uniform
    // beliefs before the first round.
    let mut row_vals: Vec<f64> = (0..m).map(|i| a.row(i).sum() / n as f64).collect();
    let mut col_vals: Vec<f64> = (0..n).map(|j| b.column(j).sum() / m as f64).collect();
    let mut row_count = vec![0.0; m];
    let mut col_count = vec![0.0; n];
    let mut freq = vec![0.0; m + n];
    let mut rec = Recorder::new();
    let mut last = (0, 0);
    let mut since = 1;
    let mut realised = (0.0, 0.0);
    let mut stop = if cfg.play_all {
        StopReason::RoundsPlayed
    } else {
        StopReason::IterationCap
    };
    let mut recent: VecDeque<(u32, u32)> = VecDeque::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut block_len = 1usize;
    let mut window = Window {
        from_round: 0,
        to_round: 0,
        max_change: 0.0,
    };
    let mut rule_met = false;
    let mut t = 0usize;
    // Regret of the empirical frequencies, from the cumulative vectors in O(m + n).
    let regret = |rv: &[f64], cv: &[f64], rc: &[f64], cc: &[f64], t: usize| {
        let tf = t as f64;
        let ur: f64 = (0..m).map(|k| rc[k] * rv[k]).sum::<f64>() / (tf * tf);
        let uc: f64 = (0..n).map(|k| cc[k] * cv[k]).sum::<f64>() / (tf * tf);
        let rr = rv.iter().copied().fold(f64::NEG_INFINITY, f64::max) / tf - ur;
        let rcol = cv.iter().copied().fold(f64::NEG_INFINITY, f64::max) / tf - uc;
        rr.max(rcol)
    };
    while t < cfg.iterations {
        if t.is_multiple_of(1024) {
            crate::budget::spend(
                crate::budget::rates::DYNAMICS_CELL,
                (1024 * 2 * (row_vals.len() + col_vals.len())) as f64,
            );
        }
        let i = first_argmax(&row_vals, tol * (t.max(1) as f64));
        let j = first_argmax(&col_vals, tol * (t.max(1) as f64));
        if t == 0 {
            row_vals.iter_mut().for_each(|v| *v = 0.0);
            col_vals.iter_mut().for_each(|v| *v = 0.0);
        }
        row_count[i] += 1.0;
        col_count[j] += 1.0;
        for (k, v) in row_vals.iter_mut().enumerate() {
            *v += a[(k, j)];
        }
        for (k, v) in col_vals.iter_mut().enumerate() {
            *v += b[(i, k)];
        }
        realised.0 += a[(i, j)];
        realised.1 += b[(i, j)];
        t += 1;
        if t > 1 && (i, j) != last {
            since = t;
        }
        last = (i, j);
        recent.push_back((i as u32, j as u32));
        if recent.len() > FICTITIOUS_CYCLE_WINDOW {
            recent.pop_front();
        }
        let tf = t as f64;
        for (k, c) in row_count.iter().chain(&col_count).enumerate() {
            freq[k] = c / tf;
        }
        rec.offer(tf, &freq[..m], &freq[m..]);
        // Blocks of rounds: record the range of each frequency.
        match current.as_mut() {
            Some(c) => c.include(t, &freq),
            None => current = Some(Block::new(t, &freq)),
        }
        if current
            .as_ref()
            .is_some_and(|c| c.last + 1 - c.first >= block_len)
        {
            blocks.extend(current.take());
            let from = t.div_ceil(2);
            let stale = blocks.iter().take_while(|bl| bl.last < from).count();
            blocks.drain(..stale);
            if blocks.len() > BLOCKS {
                blocks = blocks
                    .chunks(2)
                    .map(|p| match p {
                        [x, y] => x.clone().merge(y),
                        _ => p[0].clone(),
                    })
                    .collect();
                block_len *= 2;
            }
            if !cfg.play_all && t >= FICTITIOUS_MIN_ROUNDS {
                let change = blocks.iter().fold(0.0f64, |d, bl| d.max(bl.change(&freq)));
                window = Window {
                    from_round: blocks.first().map_or(t, |bl| bl.first),
                    to_round: t,
                    max_change: change,
                };
                if change <= cfg.drift
                    && regret(&row_vals, &col_vals, &row_count, &col_count, t) <= cfg.tolerance
                {
                    stop = StopReason::Converged;
                    rule_met = true;
                    break;
                }
            }
        }
    }
    // The rule at the last round, over the kept blocks and the one being filled.
    if t > 0 && stop != StopReason::Converged {
        let from = t.div_ceil(2);
        let kept: Vec<&Block> = blocks
            .iter()
            .chain(current.as_ref())
            .filter(|bl| bl.last >= from)
            .collect();
        let change = kept.iter().fold(0.0f64, |d, bl| d.max(bl.change(&freq)));
        window = Window {
            from_round: kept.first().map_or(t, |bl| bl.first),
            to_round: t,
            max_change: change,
        };
        rule_met = t >= FICTITIOUS_MIN_ROUNDS
            && change <= cfg.drift
            && regret(&row_vals, &col_vals, &row_count, &col_count, t) <= cfg.tolerance;
    }
    // Does play repeat at the end? The smallest period of the last half of play.
    let checked = (t / 2).min(recent.len());
    let tail: Vec<(u32, u32)> = recent
        .iter()
        .skip(recent.len() - checked)
        .copied()
        .collect();
    let period = smallest_period(&tail);
    let repeating =
        (checked > 0 && period * FICTITIOUS_CYCLE_REPEATS <= checked).then(|| Repeating {
            rounds_checked: checked,
            profiles: tail[checked - period..]
                .iter()
                .map(|&(i, j)| (i as usize, j as usize))
                .collect(),
        });
    let rounds = t.max(1) as f64;
    let (x, y) = if t > 0 {
        (freq[..m].to_vec(), freq[m..].to_vec())
    } else {
        (vec![1.0 / m as f64; m], vec![1.0 / n as f64; n])
    };
    let traj = rec.finish(t.max(1) as f64, &x, &y);
    FictitiousPlay {
        outcome: outcome(game, stop, t, &x, &y, traj),
        last_profile: last,
        realised_payoffs: (realised.0 / rounds, realised.1 / rounds),
        window,
        rule_met,
        same_profile_since: since,
        repeating,
        config: *cfg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(a: &[[f64; 2]; 2], b: &[[f64; 2]; 2]) -> Game {
        Game::from_rows(
            &a.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
            &b.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    #[test]
    fn prisoners_dilemma_learns_mutual_defection() {
        let g = crate::game::fixtures::pd();
        let r = fictitious_play(&g, &FictitiousPlayConfig::for_game(&g));
        assert_eq!(r.outcome.stop, StopReason::Converged);
        assert_eq!(r.last_profile, (1, 1));
        assert!(r.outcome.end_row.probs()[1] > 0.99);
        assert!(r.outcome.regret <= 5e-3);
        // Defection from the first round on: no window is shorter than the minimum.
        assert_eq!(r.outcome.iterations, FICTITIOUS_MIN_ROUNDS);
        assert_eq!(r.same_profile_since, 1);
        assert_eq!(r.realised_payoffs, (1.0, 1.0));
    }

    #[test]
    fn matching_pennies_frequencies_approach_one_half() {
        let g = game(&[[1.0, -1.0], [-1.0, 1.0]], &[[-1.0, 1.0], [1.0, -1.0]]);
        let cfg = FictitiousPlayConfig {
            iterations: 20_000,
            play_all: true,
            ..FictitiousPlayConfig::for_game(&g)
        };
        let r = fictitious_play(&g, &cfg);
        assert_eq!(r.outcome.stop, StopReason::RoundsPlayed);
        assert_eq!(r.outcome.iterations, 20_000);
        assert!((r.outcome.end_row.probs()[0] - 0.5).abs() < 0.02);
        assert!((r.outcome.end_col.probs()[0] - 0.5).abs() < 0.02);
        assert!(r.outcome.regret < 0.05);
        // Runs of each profile grow: no period repeats over the last half of play.
        assert!(r.repeating.is_none(), "{:?}", r.repeating);
    }

    #[test]
    fn a_momentary_tie_with_the_mixed_equilibrium_does_not_stop_play() {
        // A coordination game: after a few miscoordinated rounds the frequencies pass
        // through the mixed equilibrium (regret 0), then play coordinates for good.
        let g = game(&[[5.0, 0.0], [0.0, 1.0]], &[[1.0, 0.0], [0.0, 4.0]]);
        let r = fictitious_play(&g, &FictitiousPlayConfig::for_game(&g));
        assert_eq!(r.outcome.stop, StopReason::Converged, "{r:?}");
        let settled = r.last_profile;
        assert_eq!(settled.0, settled.1, "a coordinated profile");
        assert!(r.outcome.end_row.probs()[settled.0] > 0.99);
        assert!(r.window.max_change <= FICTITIOUS_DRIFT);
        assert!(r.window.from_round <= r.outcome.iterations.div_ceil(2));
        // The realised average and the expected payoff agree once play coordinates.
        assert!((r.realised_payoffs.0 - r.outcome.payoffs.0).abs() < 0.05);
        // Twenty times longer the frequencies are where they were.
        let long = fictitious_play(
            &g,
            &FictitiousPlayConfig {
                iterations: 20 * r.outcome.iterations,
                play_all: true,
                ..FictitiousPlayConfig::for_game(&g)
            },
        );
        for (p, q) in r
            .outcome
            .end_row
            .probs()
            .iter()
            .zip(long.outcome.end_row.probs())
        {
            assert!((p - q).abs() <= FICTITIOUS_DRIFT, "{p} vs {q}");
        }
        assert!(long.rule_met);
        let rep = long.repeating.unwrap();
        assert_eq!(rep.profiles, vec![settled]);
    }

    #[test]
    fn lockstep_miscoordination_is_a_cycle_whose_realised_payoff_is_zero() {
        // Symmetric anti-coordination start (Fudenberg & Kreps 1993): both players switch
        // in the same round, forever, so the frequencies tend to the mixed equilibrium
        // while every round pays 0.
        let g = game(&[[0.0, 1.0], [1.0, 0.0]], &[[0.0, 1.0], [1.0, 0.0]]);
        let cfg = FictitiousPlayConfig {
            iterations: 10_000,
            play_all: true,
            ..FictitiousPlayConfig::for_game(&g)
        };
        let r = fictitious_play(&g, &cfg);
        assert_eq!(r.realised_payoffs, (0.0, 0.0));
        assert!((r.outcome.payoffs.0 - 0.5).abs() < 1e-3);
        assert!(r.cycles());
        let rep = r.repeating.unwrap();
        assert_eq!(rep.profiles, vec![(0, 0), (1, 1)]);
        assert_eq!(rep.rounds_checked, 5_000);
    }

    #[test]
    fn smallest_periods() {
        assert_eq!(smallest_period(&[1, 2, 1, 2, 1, 2]), 2);
        assert_eq!(smallest_period(&[1, 1, 1]), 1);
        assert_eq!(smallest_period(&[1, 2, 3]), 3);
        assert_eq!(smallest_period(&[2, 1, 2, 1, 2]), 2);
        assert_eq!(smallest_period::<u8>(&[]), 0);
    }
}
