//! Long-run facts of a finite Markov chain given by its transition matrix `P` (rows sum to
//! 1) and a start state (Kemeny & Snell 1960, *Finite Markov Chains*, ch. 3–4):
//!
//! - [`long_run_share`]: the Cesàro limit `lim (1/T) Σ_{t<T} (e_start Pᵗ)`, the share of
//!   rounds spent in each state in the long run — exact, periodic chains included: the
//!   probability of being absorbed into each closed communicating class (one linear
//!   solve over the transient states) times that class's stationary distribution (one
//!   linear solve per class);
//! - [`hitting`]: the probability of ever reaching a target state and, when it is 1, the
//!   expected number of rounds until the first visit (`h = 1 + P h` off the target).
//!
//! Classes are found by Tarjan's strongly connected components (Tarjan 1972) on the
//! positive entries of `P`.

use nalgebra::{DMatrix, DVector};

/// Entries of `P` at or below this are treated as no transition when finding classes
/// (the matrix comes from validated distributions, whose zeros are exact).
const POSITIVE: f64 = 0.0;

/// Probability below 1 by more than this means "not reached for sure".
pub const SURE: f64 = 1e-9;

/// The strongly connected components of the graph of positive entries, each a list of
/// states, in reverse topological order (Tarjan's order: sinks first).
pub fn components(p: &DMatrix<f64>) -> Vec<Vec<usize>> {
    let k = p.nrows();
    let adj: Vec<Vec<usize>> = (0..k)
        .map(|s| (0..k).filter(|&t| p[(s, t)] > POSITIVE).collect())
        .collect();
    let mut index = vec![usize::MAX; k];
    let mut low = vec![0usize; k];
    let mut on_stack = vec![false; k];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0usize;
    for root in 0..k {
        if index[root] != usize::MAX {
            continue;
        }
        // Iterative depth-first search: (state, position in its adjacency list).
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos < adj[v].len() {
                let w = adj[v][*pos];
                *pos += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(u, _)) = work.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    comp.sort_unstable();
                    out.push(comp);
                }
            }
        }
    }
    out
}

/// The long-run share of rounds in each state from `start` (module doc).
pub fn long_run_share(p: &DMatrix<f64>, start: usize) -> Vec<f64> {
    let k = p.nrows();
    let comps = components(p);
    let mut class_of = vec![0usize; k];
    for (c, comp) in comps.iter().enumerate() {
        for &s in comp {
            class_of[s] = c;
        }
    }
    let closed: Vec<bool> = comps
        .iter()
        .map(|comp| {
            comp.iter()
                .all(|&s| (0..k).all(|t| p[(s, t)] <= POSITIVE || class_of[t] == class_of[s]))
        })
        .collect();
    let transient: Vec<usize> = (0..k).filter(|&s| !closed[class_of[s]]).collect();
    let mut pos = vec![usize::MAX; k];
    for (i, &s) in transient.iter().enumerate() {
        pos[s] = i;
    }
    // Expected visits to each transient state from the start: x = e_start + Q' x.
    let visits = if pos[start] == usize::MAX || transient.is_empty() {
        DVector::zeros(transient.len())
    } else {
        let n = transient.len();
        let mut a = DMatrix::identity(n, n);
        for (i, &s) in transient.iter().enumerate() {
            for (j, &t) in transient.iter().enumerate() {
                a[(j, i)] -= p[(s, t)];
            }
        }
        let mut b = DVector::zeros(n);
        b[pos[start]] = 1.0;
        a.lu().solve(&b).unwrap_or_else(|| DVector::zeros(n))
    };
    let mut share = vec![0.0; k];
    for (c, comp) in comps.iter().enumerate() {
        if !closed[c] {
            continue;
        }
        // Probability of entering this class.
        let enter = if class_of[start] == c {
            1.0
        } else if pos[start] == usize::MAX {
            0.0
        } else {
            transient
                .iter()
                .enumerate()
                .map(|(i, &s)| visits[i] * comp.iter().map(|&t| p[(s, t)]).sum::<f64>())
                .sum()
        };
        if enter <= 0.0 {
            continue;
        }
        for (s, pi) in stationary(p, comp) {
            share[s] += enter * pi;
        }
    }
    share
}

/// The stationary distribution of the closed class `comp` (unique: the class is
/// irreducible), by solving `π (I − P) = 0` with one equation replaced by `Σ π = 1`.
fn stationary(p: &DMatrix<f64>, comp: &[usize]) -> Vec<(usize, f64)> {
    let n = comp.len();
    if n == 1 {
        return vec![(comp[0], 1.0)];
    }
    let mut a = DMatrix::zeros(n, n);
    for (i, &s) in comp.iter().enumerate() {
        for (j, &t) in comp.iter().enumerate() {
            a[(j, i)] = if s == t { 1.0 } else { 0.0 } - p[(s, t)];
        }
    }
    for j in 0..n {
        a[(n - 1, j)] = 1.0;
    }
    let mut b = DVector::zeros(n);
    b[n - 1] = 1.0;
    let pi = a
        .lu()
        .solve(&b)
        .unwrap_or_else(|| DVector::from_element(n, 1.0 / n as f64));
    comp.iter()
        .zip(pi.iter())
        .map(|(&s, &x)| (s, x.max(0.0)))
        .collect()
}

/// Whether, and how soon, the chain reaches a state.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Hitting {
    /// Probability of ever being in the target state (1 when the start is the target).
    pub probability: f64,
    /// Expected rounds before the first round in the target (0 when the start is the
    /// target; `None` when it is reached with probability below 1).
    pub expected_rounds: Option<f64>,
}

/// Hitting probability and expected hitting time of `target` from `start` (module doc).
pub fn hitting(p: &DMatrix<f64>, start: usize, target: usize) -> Hitting {
    let k = p.nrows();
    if start == target {
        return Hitting {
            probability: 1.0,
            expected_rounds: Some(0.0),
        };
    }
    // States that can reach the target (backwards search on positive entries).
    let mut can = vec![false; k];
    can[target] = true;
    let mut stack = vec![target];
    while let Some(t) = stack.pop() {
        for s in 0..k {
            if !can[s] && p[(s, t)] > POSITIVE {
                can[s] = true;
                stack.push(s);
            }
        }
    }
    if !can[start] {
        return Hitting {
            probability: 0.0,
            expected_rounds: None,
        };
    }
    let others: Vec<usize> = (0..k).filter(|&s| can[s] && s != target).collect();
    let n = others.len();
    let mut a = DMatrix::identity(n, n);
    for (i, &s) in others.iter().enumerate() {
        for (j, &t) in others.iter().enumerate() {
            a[(i, j)] -= p[(s, t)];
        }
    }
    let lu = a.lu();
    let at = others.iter().position(|&s| s == start).unwrap_or(0);
    let b = DVector::from_iterator(n, others.iter().map(|&s| p[(s, target)]));
    let r = lu.solve(&b).unwrap_or_else(|| DVector::zeros(n));
    let probability = r[at].clamp(0.0, 1.0);
    if probability < 1.0 - SURE {
        return Hitting {
            probability,
            expected_rounds: None,
        };
    }
    // Every state reachable from the start reaches the target for sure, so the states in
    // `others` reachable from it form a system with a unique solution.
    let h = lu
        .solve(&DVector::from_element(n, 1.0))
        .map(|h| h[at])
        .filter(|x| x.is_finite() && *x >= 0.0);
    Hitting {
        probability: 1.0,
        expected_rounds: h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rows: &[&[f64]]) -> DMatrix<f64> {
        DMatrix::from_fn(rows.len(), rows.len(), |i, j| rows[i][j])
    }

    #[test]
    fn absorbing_chain_by_hand() {
        // 0 → 1 with probability q each round, 1 absorbing: the share tends to (0, 1)
        // and the first visit to 1 comes after 1/q rounds on average.
        let q = 0.2;
        let p = m(&[&[1.0 - q, q], &[0.0, 1.0]]);
        let s = long_run_share(&p, 0);
        assert!((s[0]).abs() < 1e-12 && (s[1] - 1.0).abs() < 1e-12);
        let h = hitting(&p, 0, 1);
        assert_eq!(h.probability, 1.0);
        assert!((h.expected_rounds.unwrap() - 1.0 / q).abs() < 1e-9);
        let back = hitting(&p, 1, 0);
        assert_eq!(back.probability, 0.0);
        assert_eq!(back.expected_rounds, None);
    }

    #[test]
    fn periodic_and_split_chains() {
        // A two-cycle: half the time in each state, although Pᵗ never converges.
        let p = m(&[&[0.0, 1.0], &[1.0, 0.0]]);
        let s = long_run_share(&p, 0);
        assert!((s[0] - 0.5).abs() < 1e-12);
        // From 0, absorbed in 1 with probability 0.3 and in the cycle {2, 3} with 0.7.
        let p = m(&[
            &[0.0, 0.3, 0.7, 0.0],
            &[0.0, 1.0, 0.0, 0.0],
            &[0.0, 0.0, 0.0, 1.0],
            &[0.0, 0.0, 1.0, 0.0],
        ]);
        let s = long_run_share(&p, 0);
        let want = [0.0, 0.3, 0.35, 0.35];
        for (a, b) in s.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{s:?}");
        }
        let h = hitting(&p, 0, 1);
        assert!((h.probability - 0.3).abs() < 1e-12 && h.expected_rounds.is_none());
    }

    #[test]
    fn shares_match_long_averages_of_random_chains() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for _ in 0..50 {
            let k = rng.random_range(1..6);
            let mut p = DMatrix::zeros(k, k);
            for s in 0..k {
                let w: Vec<f64> = (0..k)
                    .map(|_| {
                        if rng.random_bool(0.5) {
                            rng.random_range(0..4) as f64
                        } else {
                            0.0
                        }
                    })
                    .collect();
                let total: f64 = w.iter().sum();
                for t in 0..k {
                    p[(s, t)] = if total == 0.0 {
                        (s == t) as u8 as f64
                    } else {
                        w[t] / total
                    };
                }
            }
            let start = rng.random_range(0..k);
            let share = long_run_share(&p, start);
            let mut d = DVector::zeros(k);
            d[start] = 1.0;
            let mut avg = DVector::zeros(k);
            let t = 20_000;
            for _ in 0..t {
                avg += &d;
                d = p.tr_mul(&d);
            }
            avg /= t as f64;
            for s in 0..k {
                assert!((share[s] - avg[s]).abs() < 1e-3, "{p} {share:?} {avg}");
            }
            assert!((share.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }
}
