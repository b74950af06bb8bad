//! Property tests of the stochastic-game core: on random two- and three-state games, the
//! pure Markov perfect equilibria found are exactly the pure stationary profiles that pass
//! a brute-force one-shot deviation check on values from value iteration, and relabelling
//! the states permutes them.

use proptest::prelude::*;
use truce::game::Game;
use truce::stochastic::StochasticGame;
use truce::stochastic::mpe::pure_mpe;
use truce::stochastic::stationary::StationaryProfile;

use crate::common;

/// A game of `k` states with 2×2 stage games from `pay` and transitions from `w`.
fn build(k: usize, pay: &[i32], w: &[f64], order: &[usize]) -> StochasticGame {
    let games: Vec<Game> = (0..k)
        .map(|s| {
            let o = order[s] * 8;
            let p = |i: usize| f64::from(pay[o + i]);
            Game::from_rows(
                &[vec![p(0), p(1)], vec![p(2), p(3)]],
                &[vec![p(4), p(5)], vec![p(6), p(7)]],
            )
            .unwrap()
        })
        .collect();
    // Transitions of original state order[s]; next states relabelled by the inverse.
    let inverse: Vec<usize> = (0..k)
        .map(|t| order.iter().position(|&x| x == t).unwrap())
        .collect();
    let transitions = (0..k)
        .map(|s| {
            (0..2)
                .map(|r| {
                    (0..2)
                        .map(|c| {
                            let base = (order[s] * 4 + r * 2 + c) * k;
                            let raw: Vec<f64> = (0..k).map(|t| w[base + t] + 0.05).collect();
                            let total: f64 = raw.iter().sum();
                            let mut d = vec![0.0; k];
                            for t in 0..k {
                                d[inverse[t]] = raw[t] / total;
                            }
                            d
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let names = (0..k).map(|s| format!("s{}", order[s])).collect();
    StochasticGame::new(names, games, transitions, 0).unwrap()
}

/// Whether the pure profile is an MPE by brute force: values by value iteration, every
/// one-shot deviation tried.
fn brute_force_mpe(g: &StochasticGame, actions: &[(usize, usize)], delta: f64) -> bool {
    let k = g.len();
    let mut v = vec![(0.0f64, 0.0f64); k];
    for _ in 0..4000 {
        v = (0..k)
            .map(|s| {
                let (r, c) = actions[s];
                let u = g.game(s).pure_payoffs(r, c);
                let next = g.next(s, r, c);
                let cont = next
                    .iter()
                    .zip(&v)
                    .fold((0.0, 0.0), |a, (p, x)| (a.0 + p * x.0, a.1 + p * x.1));
                (
                    (1.0 - delta) * u.0 + delta * cont.0,
                    (1.0 - delta) * u.1 + delta * cont.1,
                )
            })
            .collect();
    }
    (0..k).all(|s| {
        let (r, c) = actions[s];
        (0..2).all(|a| {
            let row = {
                let u = g.game(s).pure_payoffs(a, c).0;
                let cont: f64 = g.next(s, a, c).iter().zip(&v).map(|(p, x)| p * x.0).sum();
                (1.0 - delta) * u + delta * cont
            };
            let col = {
                let u = g.game(s).pure_payoffs(r, a).1;
                let cont: f64 = g.next(s, r, a).iter().zip(&v).map(|(p, x)| p * x.1).sum();
                (1.0 - delta) * u + delta * cont
            };
            row <= v[s].0 + 1e-7 && col <= v[s].1 + 1e-7
        })
    })
}

/// What an equilibrium does in one state: its name, both mixed actions, the values to 1e-6.
type StatePlay = (String, Vec<f64>, Vec<f64>, i64, i64);

proptest! {
    #![proptest_config(common::proptest_config(64))]

    #[test]
    fn pure_mpe_are_exactly_the_profiles_without_a_profitable_deviation(
        k in 2usize..=3,
        pay in prop::collection::vec(-5i32..=5, 24),
        w in prop::collection::vec(0.0f64..1.0, 36),
        delta in 0.1f64..0.95,
    ) {
        let order: Vec<usize> = (0..k).collect();
        let g = build(k, &pay, &w, &order);
        let found = pure_mpe(&g, delta).unwrap();
        let total = 4usize.pow(k as u32);
        let mut listed = 0;
        for code in 0..total {
            let actions: Vec<(usize, usize)> = (0..k).map(|s| {
                let x = (code >> (2 * (k - 1 - s))) & 3;
                (x >> 1, x & 1)
            }).collect();
            let profile = StationaryProfile::pure(&g, &actions);
            let is = found.iter().any(|e| e.profile == profile);
            let brute = brute_force_mpe(&g, &actions, delta);
            // Profiles within the tolerances of either check are not told apart.
            if is != brute {
                let (d, _) = truce::stochastic::mpe::deviation(&g, &profile, delta).unwrap();
                prop_assert!(d.is_none_or(|d| d.gain < 1e-6), "{:?}: found {} brute {}", actions, is, brute);
            }
            listed += usize::from(is);
        }
        prop_assert_eq!(listed, found.len());
    }

    #[test]
    fn relabelling_the_states_permutes_the_equilibria(
        pay in prop::collection::vec(-5i32..=5, 24),
        w in prop::collection::vec(0.0f64..1.0, 36),
        delta in 0.1f64..0.95,
    ) {
        let a = build(3, &pay, &w, &[0, 1, 2]);
        let b = build(3, &pay, &w, &[2, 0, 1]);
        let key = |g: &StochasticGame| {
            let mut v: Vec<Vec<StatePlay>> = pure_mpe(g, delta)
                .unwrap()
                .iter()
                .map(|e| {
                    let mut per: Vec<_> = (0..3)
                        .map(|s| (
                            g.names()[s].clone(),
                            e.profile.row[s].clone(),
                            e.profile.col[s].clone(),
                            (e.values[s].0 * 1e6).round() as i64,
                            (e.values[s].1 * 1e6).round() as i64,
                        ))
                        .collect();
                    per.sort_by(|x, y| x.0.cmp(&y.0));
                    per
                })
                .collect();
            v.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
            v
        };
        prop_assert_eq!(key(&a), key(&b));
    }
}

/// A random game: `k` states, each with its own action counts (1–3), integer payoffs in
/// `±range` and transitions from integer weights (zeros included, so absorbing and
/// unreachable states occur).
fn random_game(
    k: usize,
    sizes: &[(usize, usize)],
    pay: &[i32],
    w: &[u8],
    range: i32,
) -> StochasticGame {
    let mut p = 0usize;
    let mut q = 0usize;
    let mut games = Vec::with_capacity(k);
    let mut transitions = Vec::with_capacity(k);
    for (s, &(m, n)) in sizes.iter().enumerate().take(k) {
        let mut cell = || {
            let x = pay[p % pay.len()] % (range + 1);
            p += 1;
            f64::from(x)
        };
        let a: Vec<Vec<f64>> = (0..m).map(|_| (0..n).map(|_| cell()).collect()).collect();
        let b: Vec<Vec<f64>> = (0..m).map(|_| (0..n).map(|_| cell()).collect()).collect();
        games.push(Game::from_rows(&a, &b).unwrap());
        let table: Vec<Vec<Vec<f64>>> = (0..m)
            .map(|_| {
                (0..n)
                    .map(|_| {
                        let mut d: Vec<f64> = (0..k)
                            .map(|_| {
                                let x = f64::from(w[q % w.len()] % 3);
                                q += 1;
                                x
                            })
                            .collect();
                        let total: f64 = d.iter().sum();
                        if total == 0.0 {
                            d[s] = 1.0;
                        } else {
                            d.iter_mut().for_each(|x| *x /= total);
                        }
                        d
                    })
                    .collect()
            })
            .collect();
        transitions.push(table);
    }
    let names = (0..k).map(|s| format!("s{s}")).collect();
    StochasticGame::new(names, games, transitions, 0).unwrap()
}

proptest! {
    #![proptest_config(common::proptest_config(48))]

    /// What the analysis predicts from each equilibrium is the chain's own: shares and
    /// per-round distributions are distributions, the distributions follow `d P`, a state
    /// with a long-run share is reached, expected first-passage times equal the sum of
    /// the probabilities of not having arrived yet (by iterating the chain with the target
    /// made absorbing), and every equilibrium's payoffs lie in both bounds of each state's
    /// subgame-perfect set, whose inner bound lies in its outer one.
    #[test]
    fn the_analysis_agrees_with_its_chains_and_sets(
        k in 1usize..=3,
        sizes in proptest::collection::vec((1usize..=3, 1usize..=3), 3),
        pay in proptest::collection::vec(-100i32..=100, 60),
        w in proptest::collection::vec(0u8..=5, 90),
        range in prop_oneof![Just(3i32), Just(100)],
        delta in prop_oneof![Just(0.3), Just(0.8), Just(0.95)],
    ) {
        use truce::stochastic::analysis::{MpeScope, StochasticConfig, analyse};
        use truce::stochastic::stationary::chain;
        let g = random_game(k, &sizes, &pay, &w, range);
        let cfg = StochasticConfig {
            delta,
            directions: Some(12),
            mpe: MpeScope::Pure,
            rounds: 12,
            truce: None,
            search_directions: None,
        };
        let a = analyse(&g, &cfg);
        prop_assert_eq!(a.mpe.len(), a.pure_count);
        let sets = a.sets.as_ref().expect("small games get their sets");
        let scale = f64::from(range).max(1.0);
        for s in 0..k {
            for &p in sets.inner[s].vertices() {
                prop_assert!(sets.outer[s].contains(p, 1e-6 * scale), "inner corner {:?} outside", p);
            }
        }
        for e in &a.mpe {
            let p = chain(&g, &e.equilibrium.profile).transition;
            prop_assert!((e.long_run_share.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            for (t, row) in e.distribution.iter().enumerate() {
                prop_assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-9);
                if t > 0 {
                    let prev = &e.distribution[t - 1];
                    for s in 0..k {
                        let want: f64 = (0..k).map(|r| prev[r] * p[(r, s)]).sum();
                        prop_assert!((row[s] - want).abs() < 1e-12);
                    }
                }
            }
            for target in 0..k {
                let r = e.reach[target];
                if e.long_run_share[target] > 1e-9 {
                    prop_assert!(r.probability > 0.0);
                }
                // Survival outside the target by iteration (the target made absorbing).
                let mut d = vec![0.0; k];
                d[g.initial()] = 1.0;
                let (mut expected, mut arrived) = (0.0, 0.0);
                for _ in 0..20_000 {
                    let out: f64 = (0..k).filter(|&s| s != target).map(|s| d[s]).sum();
                    arrived = 1.0 - out;
                    expected += out;
                    let mut next = vec![0.0; k];
                    for s in 0..k {
                        if s == target {
                            next[s] += d[s];
                            continue;
                        }
                        for t in 0..k {
                            next[t] += d[s] * p[(s, t)];
                        }
                    }
                    d = next;
                }
                prop_assert!((r.probability - arrived).abs() < 1e-6, "{} vs {}", r.probability, arrived);
                if let Some(x) = r.expected_rounds {
                    prop_assert!((x - expected).abs() < 1e-6 * x.max(1.0), "{} vs {}", x, expected);
                }
            }
            for s in 0..k {
                let v = e.equilibrium.values[s];
                prop_assert!(sets.outer[s].contains(v, 1e-6 * scale), "MPE payoff {:?} outside the outer bound", v);
                prop_assert!(sets.inner[s].contains(v, 1e-6 * scale), "MPE payoff {:?} outside the inner bound", v);
            }
        }
    }
}
