//! Exact values of a pair of automata: the product automaton is a finite Markov chain
//! (states = pairs of automaton states; transitions from the players' play, with noise,
//! and the deterministic transition on the profile played). With reward vector `rᵢ` and
//! transition matrix `P`:
//! - normalised discounted value `Vᵢ = (1−δᵢ) Σ δᵢᵗ Pᵗ rᵢ` solves `(I − δᵢ P) Vᵢ = (1−δᵢ) rᵢ`
//!   (one LU solve per player, each with its own δ);
//! - the limit-of-means value is the Cesàro limit: on each closed communicating class
//!   `C` it is `π_C · rᵢ` with `π_C` the stationary distribution (`π (P_C − I) = 0`,
//!   `Σ π = 1`); on transient states it solves `g = P g` with those class values as
//!   boundary (Puterman 1994, §8.2).
//!
//! Noise: with probability ε an intended move is replaced by a uniformly random other
//! action; automata see the moves actually played.

use std::collections::HashMap;

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use super::automaton::{Automaton, with_noise};
use crate::game::Game;
use crate::geometry::Point;
use crate::repeated::settings::Discount;

/// The product Markov chain of two automata.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductChain {
    /// State pairs `(row state, col state)`; index 0 is the start pair.
    pub states: Vec<(usize, usize)>,
    /// Sparse transition rows: `(next index, probability)`.
    pub transitions: Vec<Vec<(usize, f64)>>,
    /// Expected stage payoffs in each state.
    pub rewards: Vec<Point>,
}

/// Most state pairs of a product chain: the values come from dense linear solves, whose
/// cost grows with the cube of the number of states.
pub const MAX_CHAIN_STATES: usize = 3000;

/// Builds the product chain from the start pair. With `all_histories`, every state pair
/// reachable by *any* sequence of profiles is included (what subgame perfection needs);
/// otherwise only those reached with positive probability. `None` when more than
/// [`MAX_CHAIN_STATES`] pairs are reachable.
pub fn product_chain(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    noise: f64,
    all_histories: bool,
) -> Option<ProductChain> {
    let (m, n) = game.shape();
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut states = vec![(row.start, col.start)];
    index.insert(states[0], 0);
    let mut transitions = Vec::new();
    let mut rewards = Vec::new();
    let mut k = 0;
    while k < states.len() {
        let (sr, sc) = states[k];
        let pr = with_noise(&row.states[sr].play, noise);
        let pc = with_noise(&col.states[sc].play, noise);
        let mut row_out: Vec<(usize, f64)> = Vec::new();
        let mut reward = (0.0, 0.0);
        for (r, &pr_r) in pr.iter().enumerate().take(m) {
            for (c, &pc_c) in pc.iter().enumerate().take(n) {
                let p = pr_r * pc_c;
                if p <= 0.0 && !all_histories {
                    continue;
                }
                let to = (row.next(sr, r, c), col.next(sc, r, c));
                let idx = *index.entry(to).or_insert_with(|| {
                    states.push(to);
                    states.len() - 1
                });
                if p > 0.0 {
                    reward.0 += p * game.a()[(r, c)];
                    reward.1 += p * game.b()[(r, c)];
                    match row_out.iter_mut().find(|e| e.0 == idx) {
                        Some(e) => e.1 += p,
                        None => row_out.push((idx, p)),
                    }
                }
            }
        }
        transitions.push(row_out);
        rewards.push(reward);
        k += 1;
        if states.len() > MAX_CHAIN_STATES {
            return None;
        }
    }
    Some(ProductChain {
        states,
        transitions,
        rewards,
    })
}

impl ProductChain {
    /// Normalised discounted values of every state for one player (`which` 0 = row,
    /// 1 = col) at discount `delta`. `None` only if the linear system is singular, which
    /// cannot happen for δ < 1.
    pub fn discounted(&self, which: usize, delta: f64) -> Option<DVector<f64>> {
        let s = self.states.len();
        let mut a = DMatrix::<f64>::identity(s, s);
        for (i, row) in self.transitions.iter().enumerate() {
            for &(j, p) in row {
                a[(i, j)] -= delta * p;
            }
        }
        let r = DVector::from_iterator(
            s,
            self.rewards
                .iter()
                .map(|p| (1.0 - delta) * if which == 0 { p.0 } else { p.1 }),
        );
        crate::budget::spend(crate::budget::rates::FLOP, (s * s * s) as f64 / 3.0);
        a.lu().solve(&r)
    }

    /// Limit-of-means values `(row, col)` from the start pair.
    pub fn limit_of_means(&self) -> Option<Point> {
        let s = self.states.len();
        // reach[i] = states reachable from i (positive probability).
        let reach: Vec<Vec<bool>> = (0..s)
            .map(|i| {
                let mut seen = vec![false; s];
                let mut stack = vec![i];
                seen[i] = true;
                while let Some(x) = stack.pop() {
                    for &(y, _) in &self.transitions[x] {
                        if !seen[y] {
                            seen[y] = true;
                            stack.push(y);
                        }
                    }
                }
                seen
            })
            .collect();
        let recurrent: Vec<bool> = (0..s)
            .map(|i| (0..s).all(|j| !reach[i][j] || reach[j][i]))
            .collect();
        let mut gain = vec![(0.0, 0.0); s];
        let mut done = vec![false; s];
        for i in 0..s {
            if !recurrent[i] || done[i] {
                continue;
            }
            let class: Vec<usize> = (0..s).filter(|&j| reach[i][j]).collect();
            let pos: HashMap<usize, usize> =
                class.iter().enumerate().map(|(k, &j)| (j, k)).collect();
            let c = class.len();
            // πᵀ (P − I) = 0 with the last equation replaced by Σ π = 1.
            let mut a = DMatrix::<f64>::zeros(c, c);
            for (k, &x) in class.iter().enumerate() {
                a[(k, k)] -= 1.0;
                for &(y, p) in &self.transitions[x] {
                    if let Some(&l) = pos.get(&y) {
                        a[(l, k)] += p;
                    }
                }
            }
            for k in 0..c {
                a[(c - 1, k)] = 1.0;
            }
            let mut rhs = DVector::zeros(c);
            rhs[c - 1] = 1.0;
            crate::budget::spend(crate::budget::rates::FLOP, (c * c * c) as f64 / 3.0);
            let pi = a.lu().solve(&rhs)?;
            let g = class.iter().enumerate().fold((0.0, 0.0), |acc, (k, &x)| {
                (
                    acc.0 + pi[k] * self.rewards[x].0,
                    acc.1 + pi[k] * self.rewards[x].1,
                )
            });
            for &x in &class {
                gain[x] = g;
                done[x] = true;
            }
        }
        let transient: Vec<usize> = (0..s).filter(|&i| !recurrent[i]).collect();
        if !transient.is_empty() {
            let pos: HashMap<usize, usize> =
                transient.iter().enumerate().map(|(k, &j)| (j, k)).collect();
            let t = transient.len();
            let mut a = DMatrix::<f64>::identity(t, t);
            let mut rhs = DMatrix::<f64>::zeros(t, 2);
            for (k, &x) in transient.iter().enumerate() {
                for &(y, p) in &self.transitions[x] {
                    match pos.get(&y) {
                        Some(&l) => a[(k, l)] -= p,
                        None => {
                            rhs[(k, 0)] += p * gain[y].0;
                            rhs[(k, 1)] += p * gain[y].1;
                        }
                    }
                }
            }
            let t = transient.len();
            crate::budget::spend(crate::budget::rates::FLOP, (t * t * t) as f64 / 3.0);
            let sol = a.lu().solve(&rhs)?;
            for (k, &x) in transient.iter().enumerate() {
                gain[x] = (sol[(k, 0)], sol[(k, 1)]);
            }
        }
        Some(gain[0])
    }
}

/// Values of a pair of automata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairValues {
    /// Normalised discounted values `(row, col)`, each with its own δ.
    pub discounted: Point,
    /// Limit-of-means values `(row, col)`.
    pub limit_of_means: Point,
    /// Number of state pairs reached.
    pub states: usize,
}

/// Exact discounted and limit-of-means values of `row` against `col` (module doc).
pub fn pair_values(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    discount: Discount,
    noise: f64,
) -> Option<PairValues> {
    let chain = product_chain(game, row, col, noise, false)?;
    let vr = chain.discounted(0, discount.row())?;
    let vc = chain.discounted(1, discount.col())?;
    Some(PairValues {
        discounted: (vr[0], vc[0]),
        limit_of_means: chain.limit_of_means()?,
        states: chain.states.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Player;
    use crate::game::fixtures::pd;
    use crate::repeated::automaton::State;

    fn always(p: Player, k: usize) -> Automaton {
        let mut play = vec![0.0; 2];
        play[k] = 1.0;
        Automaton::new(
            "always",
            p,
            (2, 2),
            0,
            vec![State {
                label: "s".into(),
                play,
                next: vec![0; 4],
            }],
        )
        .unwrap()
    }

    fn grim(p: Player) -> Automaton {
        Automaton::new(
            "grim",
            p,
            (2, 2),
            0,
            vec![
                State {
                    label: "c".into(),
                    play: vec![1.0, 0.0],
                    next: vec![0, 1, 1, 1],
                },
                State {
                    label: "d".into(),
                    play: vec![0.0, 1.0],
                    next: vec![1; 4],
                },
            ],
        )
        .unwrap()
    }

    #[test]
    fn grim_against_a_defector() {
        let g = pd();
        let v = pair_values(
            &g,
            &grim(Player::Row),
            &always(Player::Col, 1),
            Discount::common(0.9).unwrap(),
            0.0,
        )
        .unwrap();
        // Row: 0 first, then 1 forever: 0.9·1. Col: 5 then 1: 0.1·5 + 0.9·1.
        assert!((v.discounted.0 - 0.9).abs() < 1e-12);
        assert!((v.discounted.1 - 1.4).abs() < 1e-12);
        assert!((v.limit_of_means.0 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn noise_makes_grim_pairs_end_in_defection() {
        let g = pd();
        let v = pair_values(
            &g,
            &grim(Player::Row),
            &grim(Player::Col),
            Discount::common(0.9).unwrap(),
            0.1,
        )
        .unwrap();
        // Limit of means: absorbed in mutual punishment, where noise still flips moves:
        // each plays D w.p. 0.9; row's mean payoff 0.81·1 + 0.09·5 + 0.09·0 + 0.01·3.
        assert!(
            (v.limit_of_means.0 - (0.81 + 0.45 + 0.03)).abs() < 1e-9,
            "{v:?}"
        );
    }
}
