//! The theory's invariants for the stage-game solvers, on small random games (up to 5×5):
//! each property is a theorem that would fail if a solver were wrong.

use proptest::prelude::*;
use truce::game::{Game, Player};
use truce::stage::equilibrium::Equilibrium;
use truce::stage::lemke_howson::{LhConfig, LhStatus, lemke_howson};
use truce::stage::minmax::mixed_security;
use truce::stage::solution::{SolveConfig, solve_stage};
use truce::stage::support::support_enumeration;
use truce::stage::vertex::{extreme_equilibria, extreme_equilibria_exact};

use crate::common;

const TOL: f64 = 1e-7;

/// A game with payoffs drawn from `cell` (row-major `m × n` for both players).
fn games(cell: BoxedStrategy<f64>) -> impl Strategy<Value = Game> {
    (1usize..=5, 1usize..=5).prop_flat_map(move |(m, n)| {
        (
            proptest::collection::vec(cell.clone(), m * n),
            proptest::collection::vec(cell.clone(), m * n),
        )
            .prop_map(move |(a, b)| {
                let rows = |v: &[f64]| v.chunks(n).map(|r| r.to_vec()).collect::<Vec<_>>();
                Game::from_rows(&rows(&a), &rows(&b)).expect("valid game")
            })
    })
}

/// Generic payoffs (6 decimals in [0, 1)): nondegenerate with probability ~1.
fn generic() -> BoxedStrategy<f64> {
    (0u32..1_000_000).prop_map(|k| k as f64 / 1e6).boxed()
}

/// Small integers: ties and degeneracy are common.
fn small_ints() -> BoxedStrategy<f64> {
    (-3i32..=3).prop_map(f64::from).boxed()
}

fn contains(set: &[Equilibrium], e: &Equilibrium) -> bool {
    set.iter().any(|f| f.same_profile(e, TOL))
}

fn same_sets(a: &[Equilibrium], b: &[Equilibrium]) -> bool {
    a.len() == b.len() && a.iter().all(|e| contains(b, e))
}

fn permuted(g: &Game, rp: &[usize], cp: &[usize]) -> Game {
    let (m, n) = g.shape();
    let a: Vec<Vec<f64>> = (0..m)
        .map(|i| (0..n).map(|j| g.a()[(rp[i], cp[j])]).collect())
        .collect();
    let b: Vec<Vec<f64>> = (0..m)
        .map(|i| (0..n).map(|j| g.b()[(rp[i], cp[j])]).collect())
        .collect();
    Game::from_rows(&a, &b).unwrap()
}

proptest! {
    #![proptest_config(common::proptest_config(48))]

    #[test]
    fn every_reported_profile_is_an_equilibrium(g in games(small_ints())) {
        let v = extreme_equilibria(&g).unwrap();
        prop_assert!(!v.equilibria.is_empty());
        for e in &v.equilibria {
            prop_assert!(g.is_equilibrium(&e.row, &e.col));
        }
        for e in support_enumeration(&g).unwrap().equilibria {
            prop_assert!(g.is_equilibrium(&e.row, &e.col));
        }
    }

    #[test]
    fn nondegenerate_games_have_an_odd_number_found_by_both_methods(g in games(generic())) {
        let v = extreme_equilibria(&g).unwrap();
        let s = support_enumeration(&g).unwrap();
        prop_assume!(!v.degenerate && !s.degenerate);
        prop_assert_eq!(v.equilibria.len() % 2, 1);
        prop_assert!(same_sets(&v.equilibria, &s.equilibria));
    }

    #[test]
    fn lemke_howson_ends_in_the_enumerated_set(g in games(small_ints())) {
        let v = extreme_equilibria(&g).unwrap();
        let (m, n) = g.shape();
        for label in 0..m + n {
            let r = lemke_howson(&g, label, &LhConfig::default()).unwrap();
            prop_assert_eq!(r.status, LhStatus::Equilibrium);
            let e = r.equilibrium.unwrap();
            prop_assert!(contains(&v.equilibria, &e), "label {} reached {:?}", label, e);
        }
    }

    #[test]
    fn positive_affine_maps_leave_equilibria_unchanged(
        g in games(small_ints()), s in 0.1f64..20.0, t in -50.0f64..50.0, row in any::<bool>()
    ) {
        let (a, b) = if row {
            (g.a().map(|v| s * v + t), g.b().clone())
        } else {
            (g.a().clone(), g.b().map(|v| s * v + t))
        };
        let h = g.with_payoffs(a, b).unwrap();
        let e1 = extreme_equilibria(&g).unwrap().equilibria;
        let e2 = extreme_equilibria(&h).unwrap().equilibria;
        prop_assert!(same_sets(&e1, &e2));
    }

    #[test]
    fn permuting_actions_permutes_equilibria(g in games(small_ints()), seed in any::<u64>()) {
        let (m, n) = g.shape();
        let mut rp: Vec<usize> = (0..m).collect();
        let mut cp: Vec<usize> = (0..n).collect();
        // A deterministic shuffle from the seed.
        let mut x = seed | 1;
        for v in [&mut rp, &mut cp] {
            for i in (1..v.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                v.swap(i, (x % (i as u64 + 1)) as usize);
            }
        }
        let h = permuted(&g, &rp, &cp);
        let e1 = extreme_equilibria(&g).unwrap().equilibria;
        let e2 = extreme_equilibria(&h).unwrap().equilibria;
        prop_assert_eq!(e1.len(), e2.len());
        for e in &e2 {
            // Action i of h is action rp[i] of g.
            let mut x = vec![0.0; m];
            let mut y = vec![0.0; n];
            for i in 0..m { x[rp[i]] = e.row.probs()[i]; }
            for j in 0..n { y[cp[j]] = e.col.probs()[j]; }
            let back = Equilibrium::verify(&g, x, y).unwrap();
            prop_assert!(contains(&e1, &back));
        }
    }

    #[test]
    fn transposing_swaps_the_strategies(g in games(small_ints())) {
        let e1 = extreme_equilibria(&g).unwrap().equilibria;
        let e2 = extreme_equilibria(&g.transposed()).unwrap().equilibria;
        prop_assert_eq!(e1.len(), e2.len());
        for e in &e2 {
            let swapped = Equilibrium::verify(&g, e.col.probs().to_vec(), e.row.probs().to_vec()).unwrap();
            prop_assert!(contains(&e1, &swapped));
        }
    }

    #[test]
    fn zero_sum_equilibria_share_the_lp_value(g in games(small_ints())) {
        let z = g.with_payoffs(g.a().clone(), -g.a()).unwrap();
        let sec_row = mixed_security(&z, Player::Row).unwrap();
        let sec_col = mixed_security(&z, Player::Col).unwrap();
        prop_assert!((sec_row.maxmin - sec_row.minmax).abs() < TOL);
        for e in extreme_equilibria(&z).unwrap().equilibria {
            prop_assert!((e.payoffs.0 - sec_row.maxmin).abs() < TOL);
            prop_assert!((e.payoffs.1 - sec_col.minmax).abs() < TOL);
        }
    }

    #[test]
    fn equilibrium_payoffs_are_at_least_the_mixed_minmax(g in games(small_ints())) {
        let r = mixed_security(&g, Player::Row).unwrap().minmax;
        let c = mixed_security(&g, Player::Col).unwrap().minmax;
        for e in extreme_equilibria(&g).unwrap().equilibria {
            prop_assert!(e.payoffs.0 >= r - TOL && e.payoffs.1 >= c - TOL);
        }
    }

    #[test]
    fn exact_and_float_paths_agree(g in games(small_ints())) {
        let f = extreme_equilibria(&g).unwrap().equilibria;
        let x = extreme_equilibria_exact(&g).unwrap();
        prop_assert_eq!(f.len(), x.len());
        for e in &x {
            let (row, col) = e.to_f64();
            let as_float = Equilibrium::verify(&g, row, col).unwrap();
            prop_assert!(contains(&f, &as_float));
        }
    }
}

/// The game on which the correlated-equilibrium LP used to report "infeasible": the row
/// player indifferent everywhere, the column player's payoffs in the thousands.
#[test]
fn the_default_solve_of_an_ill_scaled_game_succeeds() {
    let g = Game::from_rows(
        &[vec![0.0, 0.0], vec![0.0, 0.0]],
        &[vec![9626.0, 8181.0], vec![9650.0, 565.0]],
    )
    .unwrap();
    let sol = solve_stage(&g, &SolveConfig::default()).unwrap();
    let ce = sol.correlated.unwrap();
    assert!((ce.payoffs.1 - 9650.0).abs() < 1e-6, "{:?}", ce.payoffs);
    assert!(ce.max_violation <= g.tolerance().abs);
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    /// Every linear program of the default stage analysis has a solution on every game
    /// (a correlated equilibrium always exists, minmax and dominance LPs are feasible),
    /// so the default solve never fails — whatever the payoff range.
    #[test]
    fn the_default_solve_never_fails(
        g in common::game_strategy(1..=6, 0..=9999),
        scale in prop::sample::select(vec![1.0, 1e-3, 1e3, 1e8]),
    ) {
        let (m, n) = g.shape();
        let a: Vec<Vec<f64>> = (0..m).map(|i| (0..n).map(|j| g.a()[(i, j)] * scale).collect()).collect();
        let b: Vec<Vec<f64>> = (0..m).map(|i| (0..n).map(|j| g.b()[(i, j)] * scale).collect()).collect();
        let g = Game::from_rows(&a, &b).unwrap();
        let sol = solve_stage(&g, &SolveConfig::default());
        prop_assert!(sol.is_ok(), "{:?}", sol.err());
        let sol = sol.unwrap();
        prop_assert!(sol.correlated.is_some());
        prop_assert!(sol.security.is_some());
    }
}

proptest! {
    #![proptest_config(common::proptest_config(100))]

    /// The optimal face of the welfare-maximising correlated equilibrium: every cell's
    /// range contains the distribution reported, a unique optimum has point ranges, and a
    /// face said to be wider has some cell whose range is not a point.
    #[test]
    fn correlated_cell_ranges_describe_the_optimal_face(g in common::game_strategy(1..=4, -20..=20)) {
        let sol = solve_stage(&g, &SolveConfig::default()).unwrap();
        let ce = sol.correlated.unwrap();
        let (m, n) = g.shape();
        let mut wide = false;
        for i in 0..m {
            for j in 0..n {
                let (lo, hi) = ce.cell_ranges[i][j];
                let p = ce.distribution[i][j];
                prop_assert!(lo <= p + 1e-6 && p <= hi + 1e-6, "cell ({i}, {j}): {p} not in [{lo}, {hi}]");
                if ce.unique {
                    prop_assert!((hi - lo).abs() < 1e-9);
                }
                wide |= hi - lo > 1e-7;
            }
        }
        prop_assert_eq!(ce.unique, !wide);
    }
}
