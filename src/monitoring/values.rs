//! Exact values of a pair of public automata (Mailath & Samuelson 2006, §7.1.1): the
//! pair of current states is a Markov chain on the product of the two automata's state
//! sets, moving from `(s_r, s_c)` to `(s_r', s_c')` with probability
//! `Σ_y P(y | a(s_r), a(s_c)) · next_r[s_r][y][s_r'] · next_c[s_c][y][s_c']`.
//!
//! Steps:
//! 1. collect the state pairs reachable from the start pair after *any* sequence of
//!    signals (zero-probability ones included: the perfect public equilibrium check needs
//!    the values after every public history);
//! 2. build the transition matrix `P` and the stage payoffs `u`;
//! 3. solve `(I − δP) v = (1 − δ) u` by LU, one solve per player with its own δ.
//!
//! On the same chain: the exact survival of cooperation (forward iteration of the
//! distribution), the expected number of rounds before the first punishment (a linear
//! solve over the cooperative pairs), and the long-run share of punishment rounds (the
//! stationary distribution). A state pair is *cooperative* when each automaton's state
//! plays the action of its start state; every library kind starts by cooperating, so
//! these are the pairs where nobody punishes.
//!
//! Random transitions are driven by a *public* randomization device (M&S §7.1 allow
//! public correlation): each round one common uniform draw `ω ∈ [0, 1)` is seen by both
//! players, and each automaton moves to the first state whose cumulative transition
//! probability exceeds `ω` ([`coupled`]). So two copies of a forgiving strategy forgive
//! together, and the next pair's probability is not the product of the two marginals.
//!
//! No simulation: every number is exact up to floating-point rounding.

use std::collections::{HashMap, HashSet};

use nalgebra::{DMatrix, DVector};

use super::MonitoringError;
use super::public_strategy::PublicAutomaton;
use super::signals::SignalStructure;
use crate::game::{Game, Player};
use crate::repeated::settings::Discount;
use crate::tolerance::{CHAIN_RESIDUAL, COUPLING_ROUNDING, PROB};

/// At most this many state pairs get a dense linear solve (a 2000×2000 LU is well under
/// a second and 32 MB).
pub const MAX_PAIR_STATES: usize = 2000;

/// The product chain of a pair of public automata under a signal structure.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicChain {
    /// The reachable state pairs `(row state, col state)`; index 0 is the start pair.
    pub states: Vec<(usize, usize)>,
    /// `transition[(k, k')]`: probability of moving from pair `k` to pair `k'`.
    pub transition: DMatrix<f64>,
    /// Stage payoffs `(row, col)` of the profile played in each pair.
    pub payoffs: Vec<(f64, f64)>,
    /// Whether each pair is cooperative (module doc).
    pub cooperative: Vec<bool>,
}

/// Values of every reachable state pair, with the chain they were computed on.
#[derive(Debug, Clone, PartialEq)]
pub struct PairValues {
    /// The chain.
    pub chain: PublicChain,
    /// Row player's normalised discounted value of each pair.
    pub row: DVector<f64>,
    /// Column player's normalised discounted value of each pair.
    pub col: DVector<f64>,
}

impl PairValues {
    /// The values `(row, col)` from the start.
    pub fn start(&self) -> (f64, f64) {
        (self.row[0], self.col[0])
    }

    /// The value vector of `player`.
    pub fn of(&self, player: Player) -> &DVector<f64> {
        match player {
            Player::Row => &self.row,
            Player::Col => &self.col,
        }
    }
}

fn check_pair(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
) -> Result<(), MonitoringError> {
    let (m, n) = game.shape();
    let bad = |reason: String| Err(MonitoringError::BadAutomaton { reason });
    if signals.shape() != (m, n) {
        return bad(format!(
            "the signal structure is for a {:?} game, the game is {m}×{n}",
            signals.shape()
        ));
    }
    for (who, a, own) in [("row", row, m), ("column", col, n)] {
        for s in a.states() {
            if s.action >= own {
                return bad(format!(
                    "{who} state {:?} plays action {}, but the {who} player has {own} actions",
                    s.label, s.action
                ));
            }
            if s.next.len() != signals.len() {
                return bad(format!(
                    "{who} state {:?} reads {} signals, the structure has {}",
                    s.label,
                    s.next.len(),
                    signals.len()
                ));
            }
        }
    }
    Ok(())
}

/// The joint distribution of the next states `(s_r', s_c')` when the row automaton moves
/// by `row` and the column automaton by `col`, both read from one public uniform draw
/// (module doc): the quantile coupling of the two distributions. Entries with zero
/// probability are left out.
pub fn coupled(row: &[f64], col: &[f64]) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut left_r, mut left_c) = (
        row.first().copied().unwrap_or(0.0),
        col.first().copied().unwrap_or(0.0),
    );
    while i < row.len() && j < col.len() {
        let w = left_r.min(left_c);
        if w > 0.0 {
            out.push((i, j, w));
        }
        left_r -= w;
        left_c -= w;
        // Move past a state whose mass is used up (rounding counts as used up).
        if left_r <= COUPLING_ROUNDING {
            i += 1;
            left_r = row.get(i).copied().unwrap_or(0.0);
        }
        if left_c <= COUPLING_ROUNDING {
            j += 1;
            left_c = col.get(j).copied().unwrap_or(0.0);
        }
    }
    out
}

/// `Σ_y P(y | a_r, a_c) Σ_{s'} next_r[s_r][y][s_r'] next_c[s_c][y][s_c'] · f(s')`: the
/// expected continuation of `f` from the state pair `(s_r, s_c)` when the profile
/// `(a_r, a_c)` is played (the automata's own one or a deviation). `f` is given the next
/// state pair and its probability factor is applied here. The next states are drawn
/// jointly by [`coupled`], the product `next_r · next_c` above standing for that joint
/// probability.
pub fn expected_next(
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
    (sr, sc): (usize, usize),
    (ar, ac): (usize, usize),
    mut f: impl FnMut((usize, usize)) -> f64,
) -> f64 {
    let mut total = 0.0;
    for (y, &py) in signals.distribution(ar, ac).iter().enumerate() {
        if py == 0.0 {
            continue;
        }
        for (tr, tc, w) in coupled(row.next(sr, y), col.next(sc, y)) {
            total += py * w * f((tr, tc));
        }
    }
    total
}

/// The state pairs reachable from the start pair after any sequence of signals (module
/// doc, step 1), the start pair first; without the transition matrix, so cheap enough
/// for a work estimate. Refused beyond [`MAX_PAIR_STATES`].
pub fn reachable_pairs(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
) -> Result<Vec<(usize, usize)>, MonitoringError> {
    check_pair(game, signals, row, col)?;
    let start = (row.start(), col.start());
    let mut states = vec![start];
    let mut index: HashSet<(usize, usize)> = HashSet::from([start]);
    let mut k = 0;
    while k < states.len() {
        let (sr, sc) = states[k];
        for y in 0..signals.len() {
            for (tr, tc, _) in coupled(row.next(sr, y), col.next(sc, y)) {
                if index.insert((tr, tc)) {
                    states.push((tr, tc));
                    if states.len() > MAX_PAIR_STATES {
                        return Err(MonitoringError::TooLarge {
                            states: states.len(),
                            max: MAX_PAIR_STATES,
                        });
                    }
                }
            }
        }
        k += 1;
    }
    Ok(states)
}

/// Builds the product chain (module doc, steps 1–2).
pub fn product_chain(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
) -> Result<PublicChain, MonitoringError> {
    let states = reachable_pairs(game, signals, row, col)?;
    let index: HashMap<(usize, usize), usize> =
        states.iter().enumerate().map(|(k, &s)| (s, k)).collect();
    let size = states.len();
    let mut transition = DMatrix::zeros(size, size);
    let mut payoffs = Vec::with_capacity(size);
    let mut cooperative = Vec::with_capacity(size);
    for (k, &(sr, sc)) in states.iter().enumerate() {
        let profile = (row.action(sr), col.action(sc));
        for (y, &py) in signals
            .distribution(profile.0, profile.1)
            .iter()
            .enumerate()
        {
            for (tr, tc, w) in coupled(row.next(sr, y), col.next(sc, y)) {
                transition[(k, index[&(tr, tc)])] += py * w;
            }
        }
        payoffs.push(game.pure_payoffs(profile.0, profile.1));
        cooperative.push(
            row.action(sr) == row.action(row.start()) && col.action(sc) == col.action(col.start()),
        );
    }
    Ok(PublicChain {
        states,
        transition,
        payoffs,
        cooperative,
    })
}

impl PublicChain {
    /// Normalised discounted values of `player` in every pair at discount `delta`
    /// (module doc, step 3).
    pub fn discounted(&self, player: Player, delta: f64) -> Result<DVector<f64>, MonitoringError> {
        let size = self.states.len();
        let a = DMatrix::identity(size, size) - &self.transition * delta;
        let u = DVector::from_iterator(
            size,
            self.payoffs.iter().map(|&(r, c)| {
                (1.0 - delta)
                    * match player {
                        Player::Row => r,
                        Player::Col => c,
                    }
            }),
        );
        a.lu().solve(&u).ok_or(MonitoringError::Singular)
    }

    /// The pairs reachable from the start with positive probability on the path of play.
    fn on_path(&self) -> Vec<bool> {
        let size = self.states.len();
        let mut seen = vec![false; size];
        seen[0] = true;
        let mut stack = vec![0];
        while let Some(k) = stack.pop() {
            for (t, s) in seen.iter_mut().enumerate() {
                if !*s && self.transition[(k, t)] > 0.0 {
                    *s = true;
                    stack.push(t);
                }
            }
        }
        seen
    }

    /// `survival[t − 1]` for `t = 1..=t_max`: the exact probability that the pair is in
    /// cooperative state pairs in each of rounds 1 to `t + 1`, i.e. that no punishment
    /// has started after `t` rounds of play. (For the grim trigger of both players under
    /// the short form this is `(1 − false_alarm)^t`.)
    pub fn survival(&self, t_max: usize) -> Vec<f64> {
        let size = self.states.len();
        let mut dist = DVector::zeros(size);
        if self.cooperative[0] {
            dist[0] = 1.0;
        }
        let mut out = Vec::with_capacity(t_max);
        for _ in 0..t_max {
            let mut next = self.transition.tr_mul(&dist);
            for (k, &coop) in self.cooperative.iter().enumerate() {
                if !coop {
                    next[k] = 0.0;
                }
            }
            out.push(next.sum());
            dist = next;
        }
        out
    }

    /// Expected number of cooperative rounds before the first punishment round (the
    /// first round is round 1; `Σ_{t ≥ 0} survival(t)` with survival(0) = 1). `None`
    /// when punishment is never reached with probability 1 from some cooperative pair on
    /// the path (the expectation is infinite). Zero when the start pair punishes.
    pub fn expected_rounds_to_punishment(&self) -> Option<f64> {
        if !self.cooperative[0] {
            return Some(0.0);
        }
        let seen = self.on_path();
        let coop: Vec<usize> = (0..self.states.len())
            .filter(|&k| seen[k] && self.cooperative[k])
            .collect();
        let size = coop.len();
        let q = DMatrix::from_fn(size, size, |i, j| self.transition[(coop[i], coop[j])]);
        let a = DMatrix::identity(size, size) - q;
        let m = a.clone().lu().solve(&DVector::from_element(size, 1.0))?;
        let residual = (&a * &m).add_scalar(-1.0).amax();
        (m.iter().all(|x| x.is_finite() && *x >= 0.0) && residual < CHAIN_RESIDUAL).then(|| m[0])
    }

    /// The long-run share of rounds in non-cooperative pairs, from the stationary
    /// distribution of the chain restricted to the pairs on the path of play. `None`
    /// when that distribution is not unique (more than one closed class reachable).
    pub fn long_run_punishment_share(&self) -> Option<f64> {
        let seen = self.on_path();
        let keep: Vec<usize> = (0..self.states.len()).filter(|&k| seen[k]).collect();
        let size = keep.len();
        // π (I − P) = 0 with the last equation replaced by Σ π = 1.
        let mut a = DMatrix::from_fn(size, size, |i, j| {
            let id = if i == j { 1.0 } else { 0.0 };
            id - self.transition[(keep[j], keep[i])]
        });
        let mut b = DVector::zeros(size);
        for j in 0..size {
            a[(size - 1, j)] = 1.0;
        }
        b[size - 1] = 1.0;
        let pi = a.clone().lu().solve(&b)?;
        let residual = (&a * &pi - &b).amax();
        if residual > CHAIN_RESIDUAL || pi.iter().any(|&x| x < -PROB.abs) {
            return None;
        }
        Some(
            keep.iter()
                .zip(pi.iter())
                .filter(|&(&k, _)| !self.cooperative[k])
                .map(|(_, &x)| x.max(0.0))
                .sum(),
        )
    }
}

/// Exact values of the pair `row`, `col` at `discount` (module doc).
///
/// ```
/// use truce::game::Game;
/// use truce::monitoring::public_strategy::{TriggerConfig, public_trigger};
/// use truce::monitoring::signals::SignalStructure;
/// use truce::monitoring::values::values;
/// use truce::repeated::settings::Discount;
/// let pd = Game::from_rows(&[vec![2.0, -1.0], vec![3.0, 0.0]],
///                          &[vec![2.0, 3.0], vec![-1.0, 0.0]]).unwrap();
/// let signals = SignalStructure::short_form((2, 2), (0, 0), 0.1, 0.6).unwrap();
/// let cfg = TriggerConfig { cooperate: 0, punish: 1, alarms: vec![1], signals: 2, actions: 2 };
/// let grim = public_trigger(&cfg, None).unwrap();
/// let v = values(&pd, &signals, &grim, &grim, Discount::common(0.9).unwrap()).unwrap();
/// // Grim trigger: V = 2(1 − δ) / (1 − δp) with p = 0.9 the probability of quiet.
/// assert!((v.start().0 - 0.2 / (1.0 - 0.81)).abs() < 1e-12);
/// ```
pub fn values(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
    discount: Discount,
) -> Result<PairValues, MonitoringError> {
    let chain = product_chain(game, signals, row, col)?;
    let r = chain.discounted(Player::Row, discount.row())?;
    let c = chain.discounted(Player::Col, discount.col())?;
    Ok(PairValues {
        chain,
        row: r,
        col: c,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitoring::public_strategy::{
        TriggerConfig, forgiving, k_alarms_in_a_row, public_trigger,
    };

    fn pd() -> Game {
        Game::from_rows(
            &[vec![2.0, -1.0], vec![3.0, 0.0]],
            &[vec![2.0, 3.0], vec![-1.0, 0.0]],
        )
        .unwrap()
    }

    fn cfg() -> TriggerConfig {
        crate::monitoring::public_strategy::test_trigger()
    }

    #[test]
    fn grim_survival_is_geometric_and_punishment_absorbs() {
        let s = SignalStructure::short_form((2, 2), (0, 0), 0.2, 0.7).unwrap();
        let grim = public_trigger(&cfg(), None).unwrap();
        let chain = product_chain(&pd(), &s, &grim, &grim).unwrap();
        assert_eq!(chain.states.len(), 2);
        for (t, x) in chain.survival(10).iter().enumerate() {
            assert!((x - 0.8f64.powi(t as i32 + 1)).abs() < 1e-12);
        }
        let m = chain.expected_rounds_to_punishment().unwrap();
        assert!((m - 5.0).abs() < 1e-9, "{m}"); // 1 / 0.2
        let share = chain.long_run_punishment_share().unwrap();
        assert!((share - 1.0).abs() < 1e-9);
    }

    #[test]
    fn forgiveness_share_and_no_exit() {
        // Alarm 0.2 at cooperation; punishment ends with probability 0.5 each round:
        // stationary share of punishment = 0.2 / (0.2 + 0.5).
        let s = SignalStructure::short_form((2, 2), (0, 0), 0.2, 0.7).unwrap();
        let f = forgiving(0.5, &cfg()).unwrap();
        let chain = product_chain(&pd(), &s, &f, &f).unwrap();
        let share = chain.long_run_punishment_share().unwrap();
        assert!((share - 0.2 / 0.7).abs() < 1e-9, "{share}");
        let quiet = SignalStructure::short_form((2, 2), (0, 0), 0.0, 0.7).unwrap();
        let chain = product_chain(&pd(), &quiet, &f, &f).unwrap();
        assert_eq!(chain.expected_rounds_to_punishment(), None);
        assert_eq!(chain.survival(3), vec![1.0; 3]);
    }

    #[test]
    fn two_alarms_in_a_row_wait_longer() {
        // From cooperation, the expected time to two alarms in a row with alarm
        // probability a is (1 + a) / a².
        let a = 0.2;
        let s = SignalStructure::short_form((2, 2), (0, 0), a, 0.7).unwrap();
        let k2 = k_alarms_in_a_row(2, &cfg(), Some(3)).unwrap();
        let chain = product_chain(&pd(), &s, &k2, &k2).unwrap();
        let m = chain.expected_rounds_to_punishment().unwrap();
        assert!((m - (1.0 + a) / (a * a)).abs() < 1e-9, "{m}");
    }

    #[test]
    fn public_randomization_couples_the_draws() {
        assert_eq!(
            coupled(&[0.5, 0.5], &[0.5, 0.5]),
            vec![(0, 0, 0.5), (1, 1, 0.5)]
        );
        assert_eq!(
            coupled(&[0.25, 0.75], &[0.0, 1.0]),
            vec![(0, 1, 0.25), (1, 1, 0.75)]
        );
        assert_eq!(coupled(&[0.0, 1.0, 0.0], &[1.0]), vec![(1, 0, 1.0)]);
    }

    /// Draws an index from `dist` by the uniform `u` (first cumulative sum above `u`).
    fn draw(dist: &[f64], u: f64) -> usize {
        let mut acc = 0.0;
        for (k, &x) in dist.iter().enumerate() {
            acc += x;
            if u < acc {
                return k;
            }
        }
        dist.iter().rposition(|&x| x > 0.0).unwrap_or(0)
    }

    #[test]
    fn values_equal_the_mean_of_seeded_simulations() {
        use rand::{Rng, SeedableRng};
        use rand_chacha::ChaCha8Rng;
        // An independent computation: play the pair forward, signal and transitions
        // drawn at random (one public draw for both transitions), and average the
        // normalised discounted payoffs of many paths.
        let game = pd();
        let s = SignalStructure::short_form((2, 2), (0, 0), 0.15, 0.6).unwrap();
        let row = public_trigger(&cfg(), Some(2)).unwrap();
        let col = forgiving(0.4, &cfg()).unwrap();
        let delta = 0.8;
        let exact = values(&game, &s, &row, &col, Discount::common(delta).unwrap()).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let paths = 20_000;
        let rounds = 110; // δ^110 < 3e-11
        let (mut sum, mut sum_sq) = ([0.0; 2], [0.0; 2]);
        for _ in 0..paths {
            let (mut sr, mut sc) = (row.start(), col.start());
            let (mut total, mut weight) = ([0.0; 2], 1.0 - delta);
            for _ in 0..rounds {
                let (ar, ac) = (row.action(sr), col.action(sc));
                let (ur, uc) = game.pure_payoffs(ar, ac);
                total[0] += weight * ur;
                total[1] += weight * uc;
                weight *= delta;
                let y = draw(s.distribution(ar, ac), rng.random());
                let w: f64 = rng.random();
                (sr, sc) = (draw(row.next(sr, y), w), draw(col.next(sc, y), w));
            }
            for i in 0..2 {
                sum[i] += total[i];
                sum_sq[i] += total[i] * total[i];
            }
        }
        let n = paths as f64;
        for (i, exact) in [exact.start().0, exact.start().1].into_iter().enumerate() {
            let mean = sum[i] / n;
            let se = ((sum_sq[i] / n - mean * mean) / n).sqrt();
            assert!(
                (mean - exact).abs() < 5.0 * se + 1e-9,
                "{mean} vs {exact} (se {se})"
            );
        }
    }

    #[test]
    fn forgiveness_extremes_are_grim_and_one_round_punishment() {
        let game = pd();
        let s = SignalStructure::short_form((2, 2), (0, 0), 0.15, 0.6).unwrap();
        let disc = Discount::common(0.85).unwrap();
        for (prob, rounds) in [(0.0, None), (1.0, Some(1))] {
            let f = forgiving(prob, &cfg()).unwrap();
            let t = public_trigger(&cfg(), rounds).unwrap();
            let vf = values(&game, &s, &f, &f, disc).unwrap().start();
            let vt = values(&game, &s, &t, &t, disc).unwrap().start();
            assert!((vf.0 - vt.0).abs() < 1e-12 && (vf.1 - vt.1).abs() < 1e-12);
        }
    }

    #[test]
    fn mismatched_shapes_are_rejected() {
        let s = SignalStructure::short_form((2, 3), (0, 0), 0.2, 0.7).unwrap();
        let grim = public_trigger(&cfg(), None).unwrap();
        assert!(product_chain(&pd(), &s, &grim, &grim).is_err());
    }
}
