//! Properties of the bargaining solutions: the Nash point is Pareto optimal, individually
//! rational and optimal against an independent check, and moves with a positive affine
//! rescaling of a player's payoffs; Kalai–Smorodinsky lies on the segment from d to the
//! ideal point; the Rubinstein split tends to one half each as patience grows.

use proptest::prelude::*;
use truce::bargain::frontier::FeasibleSet;
use truce::bargain::kalai_smorodinsky::kalai_smorodinsky;
use truce::bargain::nash::nash_bargaining;
use truce::bargain::rubinstein::{alternating_offers, rubinstein};
use truce::bargain::{Disagreement, DisagreementSource};
use truce::game::Game;

use crate::common;

fn pure_points(g: &Game) -> Vec<(f64, f64)> {
    let (m, n) = g.shape();
    (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| g.pure_payoffs(i, j))
        .collect()
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    #[test]
    fn nash_point_is_pareto_optimal_individually_rational_and_maximal(g in common::game_strategy(1..=4, -10..=10)) {
        let d = Disagreement::mixed_minmax(&g).unwrap();
        let set = FeasibleSet::of_game(&g);
        let nb = nash_bargaining(&set, d);
        let p = nb.point;
        let tol = 1e-7;
        // Individually rational.
        prop_assert!(p.0 >= d.point.0 - tol && p.1 >= d.point.1 - tol);
        let pts = pure_points(&g);
        if nb.agreement {
            prop_assert!(set.hull.contains(p, 1e-7));
            // The gradient of the Nash product at p, w = (v − d_col, u − d_row) > 0,
            // supports the feasible set at p: p maximises w·q over every pure payoff pair.
            // That is optimality of p and, as w > 0, its Pareto optimality.
            let w = (p.1 - d.point.1, p.0 - d.point.0);
            prop_assert!(w.0 > 0.0 && w.1 > 0.0);
            let wp = w.0 * p.0 + w.1 * p.1;
            for q in &pts {
                prop_assert!(w.0 * q.0 + w.1 * q.1 <= wp + tol * (1.0 + wp.abs()), "{q:?} beats {p:?}");
                let dominates = (q.0 >= p.0 + tol && q.1 >= p.1 - tol) || (q.1 >= p.1 + tol && q.0 >= p.0 - tol);
                prop_assert!(!dominates, "{q:?} dominates {p:?}");
            }
            // Independent check: no mixture of two pure payoff pairs has a larger product.
            for a in &pts {
                for b in &pts {
                    for k in 0..=20 {
                        let t = k as f64 / 20.0;
                        let q = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
                        let (g0, g1) = (q.0 - d.point.0, q.1 - d.point.1);
                        if g0 >= 0.0 && g1 >= 0.0 {
                            prop_assert!(g0 * g1 <= nb.product + 1e-9 * (1.0 + nb.product));
                        }
                    }
                }
            }
            let mix = nb.reached_by.iter().fold((0.0, 0.0), |s, x| (s.0 + x.weight * x.payoffs.0, s.1 + x.weight * x.payoffs.1));
            prop_assert!((mix.0 - p.0).abs() < 1e-9 * (1.0 + p.0.abs()) && (mix.1 - p.1).abs() < 1e-9 * (1.0 + p.1.abs()));
            prop_assert!((nb.reached_by.iter().map(|x| x.weight).sum::<f64>() - 1.0).abs() < 1e-12);
        } else {
            prop_assert_eq!(p, d.point);
            // Nothing feasible is strictly better for both.
            for q in &pts {
                prop_assert!(!(q.0 > d.point.0 + tol && q.1 > d.point.1 + tol));
            }
        }
    }

    #[test]
    fn nash_point_moves_with_affine_rescaling(g in common::game_strategy(1..=4, -10..=10), alpha in 0.1f64..10.0, beta in -10.0f64..10.0, col in any::<bool>()) {
        let (a, b) = (g.a().clone(), g.b().clone());
        let scaled = if col {
            g.with_payoffs(a, b.map(|v| alpha * v + beta)).unwrap()
        } else {
            g.with_payoffs(a.map(|v| alpha * v + beta), b).unwrap()
        };
        let nb = nash_bargaining(&FeasibleSet::of_game(&g), Disagreement::mixed_minmax(&g).unwrap());
        let ns = nash_bargaining(&FeasibleSet::of_game(&scaled), Disagreement::mixed_minmax(&scaled).unwrap());
        let want = if col { (nb.point.0, alpha * nb.point.1 + beta) } else { (alpha * nb.point.0 + beta, nb.point.1) };
        let tol = 1e-6 * (1.0 + alpha * 10.0 + beta.abs());
        prop_assert!((ns.point.0 - want.0).abs() < tol && (ns.point.1 - want.1).abs() < tol,
            "got {:?}, want {:?}", ns.point, want);
    }

    #[test]
    fn kalai_smorodinsky_lies_on_the_segment_to_the_ideal_point(g in common::game_strategy(1..=4, -10..=10), dx in -12.0f64..12.0, dy in -12.0f64..12.0) {
        let d = Disagreement::given((dx, dy), DisagreementSource::Given);
        let set = FeasibleSet::of_game(&g);
        let ks = kalai_smorodinsky(&set, d);
        if ks.agreement {
            let ideal = ks.ideal.unwrap();
            let (sr, sc) = ((ks.point.0 - dx) / (ideal.0 - dx), (ks.point.1 - dy) / (ideal.1 - dy));
            prop_assert!((sr - sc).abs() < 1e-9, "{sr} vs {sc}");
            prop_assert!(sr > 0.0 && sr <= 1.0 + 1e-12);
            prop_assert!(set.hull.contains(ks.point, 1e-7));
            for q in pure_points(&g) {
                prop_assert!(!(q.0 > ks.point.0 + 1e-7 && q.1 > ks.point.1 + 1e-7));
                // The ideal point bounds every feasible agreement that is individually rational.
                if q.0 >= dx && q.1 >= dy {
                    prop_assert!(q.0 <= ideal.0 + 1e-9 && q.1 <= ideal.1 + 1e-9);
                }
            }
        } else {
            prop_assert_eq!(ks.point, (dx, dy));
        }
    }

    #[test]
    fn alternating_offers_make_responders_indifferent_and_approach_nash(g in common::game_strategy(1..=4, -10..=10), dr in 0.0f64..0.99, dc in 0.0f64..0.99) {
        let d = Disagreement::mixed_minmax(&g).unwrap();
        let set = FeasibleSet::of_game(&g);
        let nb = nash_bargaining(&set, d);
        let dp = d.point;
        match alternating_offers(&set, dp, dr, dc) {
            None => prop_assert!(!nb.agreement),
            Some(o) => {
                prop_assert!(nb.agreement);
                let (x, y) = (o.row_proposes.point, o.col_proposes.point);
                let tol = 1e-7 * (1.0 + g.payoff_scale());
                // Each responder is indifferent between accepting and proposing next period,
                // unless the offer is at an end of the frontier (then it gets more).
                prop_assert!(x.1 - dp.1 >= dc * (y.1 - dp.1) - tol);
                prop_assert!(y.0 - dp.0 >= dr * (x.0 - dp.0) - tol);
                prop_assert!(set.hull.contains(x, 1e-7) && set.hull.contains(y, 1e-7));
                // Patient players agree on (nearly) the Nash bargaining point.
                let p = alternating_offers(&set, dp, 0.999_999, 0.999_999).unwrap();
                for q in [p.row_proposes.point, p.col_proposes.point] {
                    prop_assert!((q.0 - nb.point.0).abs() < 1e-3 * (1.0 + g.payoff_scale()) && (q.1 - nb.point.1).abs() < 1e-3 * (1.0 + g.payoff_scale()), "{q:?} vs {:?}", nb.point);
                }
            }
        }
    }

    #[test]
    fn rubinstein_split_tends_to_one_half(k in 1u32..12, delta in 0.0f64..0.999_999) {
        let d = 1.0 - 10f64.powi(-(k as i32));
        let s = rubinstein(d, d).unwrap();
        prop_assert!((s.row_proposes.0 - 0.5).abs() <= (1.0 - d) / 2.0 + 1e-12);
        prop_assert!((s.col_proposes.1 - 0.5).abs() <= (1.0 - d) / 2.0 + 1e-12);
        // Shares sum to one and the proposer never gets less than the responder.
        let t = rubinstein(delta, delta).unwrap();
        prop_assert!((t.row_proposes.0 + t.row_proposes.1 - 1.0).abs() < 1e-12);
        prop_assert!(t.row_proposes.0 >= t.row_proposes.1);
        prop_assert!(t.row_proposes.0 >= 0.5 - 1e-12);
    }
}
