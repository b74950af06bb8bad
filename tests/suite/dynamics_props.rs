//! Properties of the learning dynamics: fictitious play approaches the value of a zero-sum
//! game (compared with the linear-programming value); replicator trajectories stay on the
//! simplices; the logit path starts uniform at λ = 0, its points are quantal response
//! equilibria, and it ends at an approximate Nash equilibrium; best-response dynamics stop
//! only at pure equilibria or on cycles. Fictitious play's "converged" still holds twenty
//! times longer; permuting the actions leaves the replicator's end points and the
//! best-response absorbing sets unchanged; a stable rest point attracts nearby starts.

use proptest::prelude::*;
use truce::dynamics::StopReason;
use truce::dynamics::best_response::{BestResponseConfig, best_response_dynamics};
use truce::dynamics::fictitious_play::{FictitiousPlayConfig, fictitious_play};
use truce::dynamics::logit::{LogitConfig, logit_path};
use truce::dynamics::replicator::{ReplicatorConfig, replicator};
use truce::dynamics::replicator_starts::{
    EndKind, ReplicatorStarts, ReplicatorStartsConfig, replicator_starts,
};
use truce::dynamics::stability::Stability;
use truce::game::{Game, MixedStrategy, Player, PlayerInfo};
use truce::stage::minmax::mixed_security;
use truce::stage::pure::pure_equilibria;

use crate::common;

fn matrix(m: usize, n: usize) -> impl Strategy<Value = Vec<Vec<f64>>> {
    prop::collection::vec(
        prop::collection::vec((-10i32..=10).prop_map(f64::from), n),
        m,
    )
}

fn zero_sum() -> impl Strategy<Value = Game> {
    (1usize..=4, 1usize..=4).prop_flat_map(|(m, n)| {
        matrix(m, n).prop_map(|a| {
            let b: Vec<Vec<f64>> = a.iter().map(|r| r.iter().map(|v| -v).collect()).collect();
            Game::from_rows(&a, &b).unwrap()
        })
    })
}

/// A generic game: real payoffs, so no ties.
fn generic_bimatrix() -> impl Strategy<Value = Game> {
    (1usize..=3, 1usize..=3).prop_flat_map(|(m, n)| {
        let cell = -10.0f64..10.0;
        (
            prop::collection::vec(prop::collection::vec(cell.clone(), n), m),
            prop::collection::vec(prop::collection::vec(cell, n), m),
        )
            .prop_map(|(a, b)| Game::from_rows(&a, &b).unwrap())
    })
}

/// A symmetric game (B = Aᵀ): the logit path of such games can meet bifurcations.
fn symmetric_game() -> impl Strategy<Value = Game> {
    (1usize..=3).prop_flat_map(|n| {
        prop::collection::vec(prop::collection::vec(-10.0f64..10.0, n), n).prop_map(|a| {
            let n = a.len();
            let b: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| a[j][i]).collect()).collect();
            Game::from_rows(&a, &b).unwrap()
        })
    })
}

fn interior(n: usize) -> impl Strategy<Value = MixedStrategy> {
    prop::collection::vec(0.05f64..1.0, n).prop_map(|w| {
        let s: f64 = w.iter().sum();
        MixedStrategy::new(w.iter().map(|v| v / s).collect()).unwrap()
    })
}

fn game_and_start() -> impl Strategy<Value = (Game, MixedStrategy, MixedStrategy)> {
    common::game_strategy(1..=4, -10..=10).prop_flat_map(|g| {
        let (m, n) = g.shape();
        (Just(g), interior(m), interior(n))
    })
}

fn on_simplex(p: &[f64]) -> bool {
    p.iter().all(|v| *v >= 0.0 && v.is_finite()) && (p.iter().sum::<f64>() - 1.0).abs() <= 1e-12
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    #[test]
    fn fictitious_play_approaches_the_value_of_zero_sum_games(g in zero_sum()) {
        let v = mixed_security(&g, Player::Row).unwrap().maxmin;
        let cfg = FictitiousPlayConfig { iterations: 20_000, play_all: true, ..FictitiousPlayConfig::for_game(&g) };
        let r = fictitious_play(&g, &cfg);
        let (x, y) = (&r.outcome.end_row, &r.outcome.end_col);
        // What the empirical frequencies guarantee each side brackets the value…
        let lower = g.action_values(Player::Col, x).map(|c| -c).min();
        let upper = g.action_values(Player::Row, y).max();
        prop_assert!(lower <= v + 1e-7 && v <= upper + 1e-7, "{lower} <= {v} <= {upper}");
        // …and closes in on it (Robinson 1951).
        prop_assert!(upper - lower <= 0.15, "gap {} after 20000 rounds", upper - lower);
        prop_assert!((r.outcome.payoffs.0 - v).abs() <= 0.15);
    }

    #[test]
    fn fictitious_convergence_still_holds_twenty_times_longer(g in common::game_strategy(1..=3, -5..=5)) {
        let cfg = FictitiousPlayConfig::for_game(&g);
        let r = fictitious_play(&g, &cfg);
        if r.outcome.stop == StopReason::Converged {
            prop_assert!(r.rule_met);
            prop_assert!(r.outcome.regret <= cfg.tolerance * (1.0 + 1e-9) + 1e-12);
            let long = fictitious_play(&g, &FictitiousPlayConfig {
                iterations: 20 * r.outcome.iterations,
                play_all: true,
                ..cfg
            });
            prop_assert_eq!(long.outcome.iterations, 20 * r.outcome.iterations);
            let (a, b) = (&r.outcome, &long.outcome);
            for (p, q) in a.end_row.probs().iter().chain(a.end_col.probs())
                .zip(b.end_row.probs().iter().chain(b.end_col.probs()))
            {
                // Play that has settled moves its frequencies by less than the drift
                // tolerance from then on; ten times that leaves room for slow mixed limits.
                prop_assert!((p - q).abs() <= 10.0 * cfg.drift, "{p} vs {q} after {} rounds", a.iterations);
            }
        } else {
            prop_assert!(!r.rule_met);
        }
    }

    #[test]
    fn replicator_trajectories_stay_on_the_simplices((g, x, y) in game_and_start()) {
        let mut cfg = ReplicatorConfig::for_game(&g);
        cfg.iterations = 3_000;
        cfg.start = Some((x, y));
        let r = replicator(&g, &cfg);
        for p in &r.outcome.trajectory {
            prop_assert!(on_simplex(&p.row) && on_simplex(&p.col), "{p:?}");
        }
        prop_assert!(on_simplex(r.outcome.end_row.probs()) && on_simplex(r.outcome.end_col.probs()));
        // The projection only ever repairs rounding-sized departures.
        prop_assert!(r.max_simplex_correction <= 1e-6, "{}", r.max_simplex_correction);
    }

    #[test]
    fn replicator_orbits_of_2x2_zero_sum_games_close_around_the_equilibrium(
        hi in prop::collection::vec(0.0f64..10.0, 2),
        lo in prop::collection::vec(-10.0f64..-0.1, 2),
        x0 in 0.05f64..0.95,
        y0 in 0.05f64..0.95,
    ) {
        // Row wants to match, column to mismatch: a single, fully mixed equilibrium. There
        // every interior orbit is closed (the flow conserves a function of the state) and
        // its time average is the equilibrium (Hofbauer & Sigmund 1998).
        let a = vec![vec![hi[0], lo[0]], vec![lo[1], hi[1]]];
        let b: Vec<Vec<f64>> = a.iter().map(|r| r.iter().map(|v| -v).collect()).collect();
        let g = Game::from_rows(&a, &b).unwrap();
        prop_assert!(pure_equilibria(&g).is_empty());
        let (ex, _) = (mixed_security(&g, Player::Row).unwrap().security_strategy, ());
        let ey = mixed_security(&g, Player::Row).unwrap().punisher;
        prop_assume!(ex.probs().iter().chain(ey.probs()).all(|p| *p > 0.02 && *p < 0.98));
        let start_far = (x0 - ex.probs()[0]).abs().max((y0 - ey.probs()[0]).abs()) > 0.01;
        prop_assume!(start_far);
        let mut cfg = ReplicatorConfig::for_game(&g);
        cfg.start = Some((
            MixedStrategy::new(vec![x0, 1.0 - x0]).unwrap(),
            MixedStrategy::new(vec![y0, 1.0 - y0]).unwrap(),
        ));
        let r = replicator(&g, &cfg);
        prop_assert_eq!(r.outcome.stop, StopReason::CycleDetected);
        prop_assert!((r.outcome.end_row.probs()[0] - ex.probs()[0]).abs() < 1e-3, "{:?} vs {:?}", r.outcome.end_row, ex);
        prop_assert!((r.outcome.end_col.probs()[0] - ey.probs()[0]).abs() < 1e-3, "{:?} vs {:?}", r.outcome.end_col, ey);
    }

    #[test]
    fn logit_path_starts_uniform_and_ends_near_an_equilibrium(g in generic_bimatrix()) {
        let (m, n) = g.shape();
        let cfg = LogitConfig::for_game(&g);
        let r = logit_path(&g, &cfg);
        let first = &r.outcome.trajectory[0];
        prop_assert_eq!(first.at, 0.0);
        prop_assert!(first.row.iter().all(|p| (p - 1.0 / m as f64).abs() < 1e-15));
        prop_assert!(first.col.iter().all(|p| (p - 1.0 / n as f64).abs() < 1e-15));
        // Every recorded point is a logit QRE at its λ.
        for p in &r.outcome.trajectory {
            let x = MixedStrategy::new(p.row.clone()).unwrap();
            let y = MixedStrategy::new(p.col.clone()).unwrap();
            for (player, own, opp) in [(Player::Row, &x, &y), (Player::Col, &y, &x)] {
                let u = g.action_values(player, opp);
                let w: Vec<f64> = u.iter().map(|v| (p.at * (v - u.max())).exp()).collect();
                let s: f64 = w.iter().sum();
                for (k, wk) in w.iter().enumerate() {
                    prop_assert!((wk / s - own.probs()[k]).abs() < 1e-6, "λ = {}", p.at);
                }
            }
        }
        prop_assert_eq!(r.outcome.stop, StopReason::Converged);
        prop_assert!(r.outcome.regret <= cfg.regret_target);
        let (ex, ey) = r.equilibrium.clone().unwrap();
        prop_assert!(g.is_equilibrium(&ex, &ey));
    }

    #[test]
    fn logit_path_passes_the_bifurcations_of_symmetric_games(g in symmetric_game()) {
        let cfg = LogitConfig::for_game(&g);
        let r = logit_path(&g, &cfg);
        prop_assert_eq!(r.outcome.stop, StopReason::Converged);
        prop_assert!(r.outcome.regret <= cfg.regret_target);
        let (ex, ey) = r.equilibrium.clone().unwrap();
        prop_assert!(g.is_equilibrium(&ex, &ey));
    }

    #[test]
    fn best_response_dynamics_stop_at_pure_equilibria_or_cycles(g in common::game_strategy(1..=4, -10..=10)) {
        let r = best_response_dynamics(&g, &BestResponseConfig::default());
        match r.outcome.stop {
            StopReason::Converged => {
                let last = *r.path.last().unwrap();
                prop_assert!(pure_equilibria(&g).iter().any(|e| (e.row, e.col) == last));
                prop_assert_eq!(r.outcome.regret, 0.0);
            }
            StopReason::CycleDetected => prop_assert!(r.cycle.len() >= 2),
            other => prop_assert!(false, "unexpected stop {other:?}"),
        }
    }
}

/// `g` with its row actions listed in the order `rp` and its column actions in the order
/// `cp` (names travel with their payoffs).
fn permuted(g: &Game, rp: &[usize], cp: &[usize]) -> Game {
    let names = |p: Player, order: &[usize]| -> Vec<String> {
        order
            .iter()
            .map(|&k| g.action_name(p, k).to_string())
            .collect()
    };
    let (rn, cn) = (names(Player::Row, rp), names(Player::Col, cp));
    let rs: Vec<&str> = rn.iter().map(|s| s.as_str()).collect();
    let cs: Vec<&str> = cn.iter().map(|s| s.as_str()).collect();
    let pick = |m: &nalgebra::DMatrix<f64>| {
        nalgebra::DMatrix::from_fn(rp.len(), cp.len(), |i, j| m[(rp[i], cp[j])])
    };
    Game::new(
        PlayerInfo::new("Row", &rs),
        PlayerInfo::new("Col", &cs),
        pick(g.a()),
        pick(g.b()),
    )
    .unwrap()
}

/// A game and a permutation of each player's actions.
fn game_and_permutation(
    game: impl Strategy<Value = Game>,
) -> impl Strategy<Value = (Game, Vec<usize>, Vec<usize>)> {
    game.prop_flat_map(|g| {
        let (m, n) = g.shape();
        (
            Just(g),
            Just((0..m).collect::<Vec<usize>>()).prop_shuffle(),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        )
    })
}

/// Shares keyed by action name.
fn by_name(g: &Game, p: Player, shares: &[f64]) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = shares
        .iter()
        .enumerate()
        .map(|(k, s)| (g.action_name(p, k).to_string(), *s))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The settled end points (rest points, closed and recurrent orbits) by name, kind,
/// stability and number of starts, and how many starts did not settle.
type NamedEnds = (Vec<(String, String, usize, Vec<f64>)>, usize);

fn named_ends(g: &Game, r: &ReplicatorStarts) -> NamedEnds {
    let mut settled = Vec::new();
    let mut unsettled = 0;
    for e in &r.end_points {
        if e.kind == EndKind::Unsettled {
            unsettled += e.starts;
            continue;
        }
        let shares: Vec<f64> = by_name(g, Player::Row, &e.row)
            .into_iter()
            .chain(by_name(g, Player::Col, &e.col))
            .map(|(_, s)| s)
            .collect();
        settled.push((
            format!("{:?}", e.kind),
            format!("{:?}", e.stability),
            e.starts,
            shares,
        ));
    }
    settled.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (settled, unsettled)
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    #[test]
    fn permuting_actions_leaves_the_replicator_end_points_unchanged(
        (g, rp, cp) in game_and_permutation(generic_bimatrix())
    ) {
        let h = permuted(&g, &rp, &cp);
        let (rg, rh) = (
            replicator_starts(&g, &ReplicatorStartsConfig::for_game(&g)),
            replicator_starts(&h, &ReplicatorStartsConfig::for_game(&h)),
        );
        let (eg, eh) = (named_ends(&g, &rg), named_ends(&h, &rh));
        prop_assert_eq!(eg.1, eh.1, "unsettled starts");
        prop_assert_eq!(eg.0.len(), eh.0.len(), "{:?} vs {:?}", eg, eh);
        for (a, b) in eg.0.iter().zip(&eh.0) {
            prop_assert_eq!((&a.0, &a.1, a.2), (&b.0, &b.1, b.2), "{:?} vs {:?}", eg, eh);
            for (p, q) in a.3.iter().zip(&b.3) {
                prop_assert!((p - q).abs() <= 1e-6, "{:?} vs {:?}", a, b);
            }
        }
        let total: f64 = rg.end_points.iter().map(|e| e.share).sum();
        prop_assert!((total - 1.0).abs() < 1e-12);
        // The command's end point is the uniform start's.
        prop_assert_eq!(rg.starts[0].seeded, None);
    }

    #[test]
    fn a_strictly_stable_rest_point_attracts_nearby_starts(g in generic_bimatrix()) {
        let r = replicator_starts(&g, &ReplicatorStartsConfig::for_game(&g));
        let scale = g.payoff_scale().max(1.0);
        for e in r.end_points.iter().filter(|e| e.stability == Some(Stability::Stable)) {
            let lin = e.linearisation.as_ref().unwrap();
            prop_assert!(lin.eigenvalues.iter().all(|v| v.0 < 0.0));
            // Moving every share by ε changes each growth rate by at most 2ε·scale, so with
            // ε below a fiftieth of the slowest rate divided by the scale the absent actions
            // keep dying out.
            let slowest = lin.eigenvalues.iter().map(|v| -v.0).fold(f64::INFINITY, f64::min);
            // (A 1×1 game has no eigenvalues: there nothing can move.)
            let eps = (0.02 * slowest / scale).min(0.01);
            let nudge = |p: &[f64]| {
                let k = p.len() as f64;
                let v: Vec<f64> = p.iter().map(|s| (1.0 - eps) * s + eps / k).collect();
                MixedStrategy::new(v).unwrap()
            };
            let mut cfg = ReplicatorConfig::for_game(&g);
            cfg.start = Some((nudge(&e.row), nudge(&e.col)));
            let run = replicator(&g, &cfg);
            prop_assert_eq!(run.outcome.stop, StopReason::Converged);
            for (p, q) in run.outcome.end_row.probs().iter().chain(run.outcome.end_col.probs())
                .zip(e.row.iter().chain(&e.col))
            {
                prop_assert!((p - q).abs() < 1e-6, "{:?} from near {:?}", run.outcome, e);
            }
        }
    }

    #[test]
    fn permuting_actions_leaves_the_best_response_absorbing_sets_unchanged(
        (g, rp, cp) in game_and_permutation(common::game_strategy(1..=4, -3..=3))
    ) {
        let h = permuted(&g, &rp, &cp);
        let named = |game: &Game| {
            let r = best_response_dynamics(game, &BestResponseConfig::default());
            let mut v: Vec<(Vec<(String, String)>, usize)> = r.absorbing.iter().map(|a| {
                (a.profiles.iter().map(|&(i, j)| (
                    game.action_name(Player::Row, i).to_string(),
                    game.action_name(Player::Col, j).to_string(),
                )).collect(), a.starts)
            }).collect();
            v.sort();
            (v, r.starts, game.action_name(Player::Row, r.start.0).to_string(),
             game.action_name(Player::Col, r.start.1).to_string())
        };
        let (a, b) = (named(&g), named(&h));
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.0.iter().map(|x| x.1).sum::<usize>(), a.1);
        // Every one-profile set is a pure equilibrium, and every pure equilibrium is one.
        let singles: Vec<(String, String)> = a.0.iter().filter(|x| x.0.len() == 1).map(|x| x.0[0].clone()).collect();
        let pure: Vec<(String, String)> = pure_equilibria(&g).iter().map(|e| (
            g.action_name(Player::Row, e.row).to_string(),
            g.action_name(Player::Col, e.col).to_string(),
        )).collect();
        let (mut s1, mut s2) = (singles, pure);
        s1.sort();
        s2.sort();
        prop_assert_eq!(s1, s2);
    }
}
