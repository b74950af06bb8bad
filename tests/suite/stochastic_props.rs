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
