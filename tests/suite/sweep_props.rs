//! Property tests of parameter sweeps on random small games: each states a theorem or an
//! identity that a wrong sweep would break, with explicit tolerances.

use proptest::prelude::*;
use truce::game::Game;
use truce::repeated::critical_delta::{StageEquilibrium, common_nash_reversion, nash_reversion};
use truce::scenario::{Discount, Horizon, Scenario};
use truce::scenario::{SweepParameter, SweepRequest};
use truce::stage::vertex::extreme_equilibria;
use truce::sweep::{Baseline, SweepPoint, evaluate, run};

use crate::common;

/// Lowest and highest payoff of one player in a set.
type Range = (f64, f64);

fn delta_sweep(g: &Game, from: f64, to: f64, points: usize) -> Vec<SweepPoint> {
    let s = Scenario::from_game("random", g.clone());
    let grid = SweepRequest {
        parameter: SweepParameter::Discount,
        from,
        to,
        points,
    };
    let base = Baseline {
        discount: None,
        noise: 0.0,
        horizon: Horizon::Infinite,
    };
    let mut out = Vec::new();
    run(&s, &grid, &base, &mut |p| out.push(p), &|| {}).unwrap();
    out
}

proptest! {
    #![proptest_config(common::proptest_config(96))]

    /// Nash reversion sustains the truce at δ exactly when no player gains by playing
    /// another action and then getting the worst stage equilibrium (pure or mixed) forever (checked
    /// here from the payoffs directly, away from ties); the critical δ is where that
    /// starts to hold for good (never, when at δ = 0.999 it still fails); and a sweep
    /// delivers every point, in grid order, at the grid's values.
    #[test]
    fn truce_holds_exactly_when_no_deviation_pays(
        g in common::game_strategy(2..=3, -5..=5),
        from in 0.0f64..0.5,
        width in 0.05f64..0.45,
        points in 2usize..7,
    ) {
        let pts = delta_sweep(&g, from, from + width, points);
        prop_assert_eq!(pts.len(), points);
        // The punishments: every extreme stage equilibrium, pure and mixed.
        let punishing: Vec<(f64, f64)> = extreme_equilibria(&g).unwrap().equilibria.iter().map(|e| e.payoffs).collect();
        let (m, n) = g.shape();
        for (k, p) in pts.iter().enumerate() {
            prop_assert_eq!(p.index, k);
            prop_assert!((p.value - (from + width * k as f64 / (points - 1) as f64)).abs() < 1e-9);
            let Some(t) = &p.truce else { continue };
            if punishing.is_empty() {
                continue;
            }
            let (i, j) = (0..m)
                .flat_map(|i| (0..n).map(move |j| (i, j)))
                .find(|&(i, j)| {
                    g.action_name(truce::game::Player::Row, i) == t.profile.0
                        && g.action_name(truce::game::Player::Col, j) == t.profile.1
                })
                .unwrap();
            let (a, b) = (g.a(), g.b());
            let e_row = punishing.iter().map(|e| e.0).fold(f64::INFINITY, f64::min);
            let e_col = punishing.iter().map(|e| e.1).fold(f64::INFINITY, f64::min);
            // Margin of the tightest player's condition u ≥ (1−δ) d′ + δ e at δ.
            let margin = |delta: f64| {
                let row = (0..m).filter(|&r| r != i).map(|r| {
                    a[(i, j)] - ((1.0 - delta) * a[(r, j)] + delta * e_row)
                });
                let col = (0..n).filter(|&c| c != j).map(|c| {
                    b[(i, j)] - ((1.0 - delta) * b[(i, c)] + delta * e_col)
                });
                row.chain(col).fold(f64::INFINITY, f64::min)
            };
            let at = margin(p.value);
            if at.abs() > 1e-7 {
                prop_assert_eq!(t.holds_by_nash_reversion, Some(at > 0.0), "δ = {}", p.value);
            }
            match t.critical_nash_reversion {
                None => prop_assert!(margin(0.999) < 1e-9, "never, yet it holds at 0.999"),
                Some(c) => {
                    for x in [c + 1e-6, 0.5 * (c + 1.0), 0.999] {
                        if x < 1.0 {
                            prop_assert!(margin(x) > -1e-9, "δ* = {c} but fails at {x}");
                        }
                    }
                    if c > 1e-6 {
                        prop_assert!(margin(c - 1e-6) < 1e-9, "δ* = {c} but holds below it");
                    }
                }
            }
        }
    }

    /// With public randomization the subgame-perfect payoff set grows with δ (Abreu,
    /// Pearce & Stacchetti 1990, monotonicity): each player's best and worst SPE payoffs
    /// move monotonically along a δ sweep, within the set's error bound.
    #[test]
    fn spe_payoff_ranges_widen_with_patience(g in common::game_strategy(2..=3, -5..=5)) {
        let pts = delta_sweep(&g, 0.1, 0.9, 5);
        let span = g.payoff_scale().max(1.0);
        let tol = 1e-5 * span;
        let ranges: Vec<Option<(Range, Range)>> = pts
            .iter()
            .map(|p| {
                let s = p.spe.as_ref().unwrap();
                s.row_range.zip(s.col_range)
            })
            .collect();
        for w in ranges.windows(2) {
            // An empty set may become non-empty, never the reverse.
            if let (Some(a), Some(b)) = (w[0], w[1]) {
                prop_assert!(b.0.1 >= a.0.1 - tol && b.1.1 >= a.1.1 - tol, "{a:?} -> {b:?}");
                prop_assert!(b.0.0 <= a.0.0 + tol && b.1.0 <= a.1.0 + tol, "{a:?} -> {b:?}");
            } else {
                prop_assert!(w[1].is_some() || w[0].is_none());
            }
        }
    }

    /// The critical δ a sweep reports is the one the repeated-game solver computes for the
    /// same profile, and parallel evaluation equals point-by-point evaluation.
    #[test]
    fn sweep_points_agree_with_direct_computation(g in common::game_strategy(2..=3, -5..=5), d in 0.05f64..0.9) {
        let s = Scenario::from_game("random", g.clone());
        let grid = SweepRequest { parameter: SweepParameter::Discount, from: d, to: d, points: 1 };
        let base = Baseline { discount: Some(Discount::common(0.5).unwrap()), noise: 0.0, horizon: Horizon::Infinite };
        let direct = evaluate(&s, &grid, &base, 0, d).unwrap();
        let mut swept = Vec::new();
        run(&s, &grid, &base, &mut |p| swept.push(p), &|| {}).unwrap();
        prop_assert_eq!(&swept[0], &direct);
        prop_assert_eq!(direct.delta, Some(d));
        if let Some(t) = &direct.truce {
            // Games this small enumerate every extreme equilibrium, the punishments used.
            let all: Vec<StageEquilibrium> = extreme_equilibria(&g).unwrap().equilibria.iter().map(|e| StageEquilibrium::of(&g, e)).collect();
            {
                let (m, n) = g.shape();
                let profile = (0..m)
                    .flat_map(|i| (0..n).map(move |j| (i, j)))
                    .find(|&(i, j)| {
                        g.action_name(truce::game::Player::Row, i) == t.profile.0
                            && g.action_name(truce::game::Player::Col, j) == t.profile.1
                    })
                    .unwrap();
                let nr = nash_reversion(&g, profile, &all);
                prop_assert_eq!(nr.critical_delta, t.critical_nash_reversion);
                let cnr = common_nash_reversion(&g, profile, &all);
                prop_assert_eq!(cnr.critical_delta, t.critical_common_nash_reversion);
            }
        }
    }
}
