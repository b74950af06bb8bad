//! The perfect public equilibrium payoff set's bounds state theorems: under perfect
//! monitoring they bracket the Abreu–Sannikov set; the strongly symmetric optimum of
//! Mailath & Samuelson §7.2 is inside; garbling the signals (Kandori 1992) shrinks the
//! set; the set grows with δ (Abreu, Pearce & Stacchetti 1990, Theorem 6); and every
//! inner bound is self-generating, by an independent check.

use proptest::prelude::*;
use truce::game::Game;
use truce::geometry::polygon::{clip_halfplane, hausdorff};
use truce::geometry::{ConvexPolygon, Point};
use truce::monitoring::closed_forms::{prisoners_dilemma, signals};
use truce::monitoring::ppe_set::{
    PpePayoffSet, PpeSetConfig, StopReason, estimate, ppe_payoff_set, verify_ppe_set,
};
use truce::monitoring::signals::SignalStructure;
use truce::repeated::payoff_set::{AsConfig, abreu_sannikov, payoff_sets};

use crate::common::{self, game_strategy};

fn game(a: &[&[f64]], b: &[&[f64]]) -> Game {
    let rows = |m: &[&[f64]]| m.iter().map(|r| r.to_vec()).collect::<Vec<_>>();
    Game::from_rows(&rows(a), &rows(b)).unwrap()
}

/// Largest payoff of either player minus the smallest.
fn range(g: &Game) -> f64 {
    let all = g.a().iter().chain(g.b().iter());
    let hi = all.clone().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    hi - all.fold(f64::INFINITY, |m, &x| m.min(x))
}

fn inside(inner: &ConvexPolygon, outer: &ConvexPolygon, tol: f64) -> Result<(), Point> {
    match inner.vertices().iter().find(|&&q| !outer.contains(q, tol)) {
        Some(&q) => Err(q),
        None => Ok(()),
    }
}

fn with(directions: usize) -> PpeSetConfig {
    PpeSetConfig {
        directions,
        ..PpeSetConfig::default()
    }
}

/// The games of the repeated-game references (`tests/data/repeated/`, after QuantEcon),
/// and the 3×3 example of Abreu & Sannikov (2014).
fn reference_games() -> Vec<(&'static str, Game)> {
    vec![
        (
            "prisoners_dilemma",
            game(&[&[3.0, 0.0], &[5.0, 1.0]], &[&[3.0, 5.0], &[0.0, 1.0]]),
        ),
        (
            "chicken",
            game(
                &[&[0.0, -1.0], &[1.0, -10.0]],
                &[&[0.0, 1.0], &[-1.0, -10.0]],
            ),
        ),
        (
            "trade_war_3x3",
            game(
                &[&[5.0, 1.0, 0.0], &[7.0, 2.0, 1.0], &[6.0, 3.0, -1.0]],
                &[&[5.0, 7.0, 6.0], &[1.0, 2.0, 3.0], &[0.0, 1.0, -1.0]],
            ),
        ),
        (
            "stag_hunt",
            game(&[&[4.0, 0.0], &[3.0, 3.0]], &[&[4.0, 3.0], &[0.0, 3.0]]),
        ),
        (
            "battle_of_sexes",
            game(&[&[3.0, 0.0], &[0.0, 2.0]], &[&[2.0, 0.0], &[0.0, 3.0]]),
        ),
        (
            "random_4x4",
            game(
                &[
                    &[9.0, -5.0, 7.0, -6.0],
                    &[-2.0, -4.0, -5.0, 7.0],
                    &[-3.0, 4.0, 5.0, 2.0],
                    &[5.0, -1.0, 1.0, 0.0],
                ],
                &[
                    &[7.0, 5.0, -5.0, -9.0],
                    &[8.0, 1.0, -6.0, 4.0],
                    &[-8.0, -7.0, -8.0, 9.0],
                    &[1.0, -7.0, 0.0, 5.0],
                ],
            ),
        ),
    ]
}

fn abreu_sannikov_game() -> Game {
    game(
        &[&[16.0, 3.0, 0.0], &[21.0, 10.0, -1.0], &[9.0, 5.0, -5.0]],
        &[&[9.0, 13.0, 3.0], &[1.0, 4.0, 0.0], &[0.0, -4.0, -15.0]],
    )
}

fn perfect(g: &Game, delta: f64, cfg: &PpeSetConfig) -> PpePayoffSet {
    let s = SignalStructure::perfect(g.shape()).unwrap();
    ppe_payoff_set(g, &s, delta, cfg).unwrap()
}

/// inner ⊆ AS ⊆ outer, within 1e-6 of the payoff range.
fn brackets_abreu_sannikov(id: &str, g: &Game, delta: f64, v: &PpePayoffSet) {
    let spe = abreu_sannikov(g, delta, &AsConfig::default());
    let tol = 1e-6 * range(g);
    if let Err(q) = inside(&spe.vertices, &v.outer, tol) {
        panic!("{id} at δ = {delta}: AS corner {q:?} outside the outer bound {v:?}");
    }
    if let Err(q) = inside(&v.inner, &spe.vertices, tol) {
        panic!("{id} at δ = {delta}: inner corner {q:?} outside the AS set {spe:?}");
    }
    assert_eq!(spe.exists, !v.outer.0.is_empty(), "{id} at δ = {delta}");
}

#[test]
fn perfect_monitoring_brackets_the_abreu_sannikov_set() {
    let mut checked = 0;
    for (id, g) in reference_games() {
        for delta in [0.45, 0.75, 0.95] {
            let v = perfect(&g, delta, &with(32));
            assert_ne!(v.stop, StopReason::IterationLimit, "{id} at δ = {delta}");
            brackets_abreu_sannikov(id, &g, delta, &v);
            checked += 1;
        }
    }
    assert_eq!(checked, 18);
}

#[test]
fn the_abreu_sannikov_example_is_bracketed_within_five_percent() {
    let g = abreu_sannikov_game();
    for delta in [0.3, 0.6] {
        let v = perfect(&g, delta, &PpeSetConfig::default());
        assert_eq!(v.stop, StopReason::Converged, "δ = {delta}");
        brackets_abreu_sannikov("abreu_sannikov_2014", &g, delta, &v);
        let gap = v.gap.unwrap();
        assert!(gap <= 0.05 * 36.0, "δ = {delta}: gap {gap}");
    }
}

#[test]
fn the_gap_shrinks_as_the_directions_double() {
    let g = abreu_sannikov_game();
    let noisy = signals(0.9, 0.5, 0.2).unwrap();
    for (what, gaps) in [
        (
            "Abreu–Sannikov example at δ = 0.6",
            [32, 64, 128].map(|d| perfect(&g, 0.6, &with(d)).gap.unwrap()),
        ),
        (
            "noisy prisoner's dilemma at δ = 0.9",
            [32, 64, 128].map(|d| {
                ppe_payoff_set(&prisoners_dilemma(), &noisy, 0.9, &with(d))
                    .unwrap()
                    .gap
                    .unwrap()
            }),
        ),
    ] {
        assert!(gaps[1] < gaps[0] && gaps[2] < gaps[1], "{what}: {gaps:?}");
    }
}

/// The disputed Geneva truce (3×3, three signals, δ = 0.9): the undamped inner iteration
/// never settles there from 96 directions on, and the inner bound used to shrink to the
/// stage equilibrium. Within 2% of the payoff range at the default directions, and closer
/// as they double.
#[test]
fn the_disputed_truce_is_bracketed_within_two_percent() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/geneva_disputed.toml");
    let sc = truce::scenario::load_file(&path).unwrap();
    let signals = &sc.monitoring.as_ref().unwrap().signals;
    let set = |cfg: &PpeSetConfig| ppe_payoff_set(&sc.game, signals, 0.9, cfg).unwrap();
    let v = set(&PpeSetConfig::default());
    assert_eq!(v.stop, StopReason::Converged, "{v:?}");
    verify_ppe_set(&sc.game, signals, 0.9, v.inner.vertices()).unwrap();
    let gaps = [
        v.gap.unwrap(),
        set(&with(128)).gap.unwrap(),
        set(&with(256)).gap.unwrap(),
    ];
    assert!(gaps[0] <= 0.02 * range(&sc.game), "{gaps:?}");
    assert!(gaps[1] < gaps[0] && gaps[2] < gaps[1], "{gaps:?}");
}

/// The largest `t` with `(t, t)` in the polygon (`None` when the diagonal misses it).
fn diagonal_max(p: &ConvexPolygon) -> Option<f64> {
    let mut below = Vec::new();
    clip_halfplane(p.vertices(), (1.0, -1.0), 0.0, 1e-12, &mut below);
    let mut on = Vec::new();
    clip_halfplane(&below, (-1.0, 1.0), 0.0, 1e-12, &mut on);
    on.iter().map(|q| q.0.min(q.1)).reduce(f64::max)
}

#[test]
fn the_best_strongly_symmetric_payoff_is_inside() {
    // Mailath & Samuelson §7.2: with p > q and 3p − 2q > 1 the best strongly symmetric
    // PPE payoff is 2 − (1 − p)/(p − q) once δ is large; the PPE set contains it.
    let mut strict = 0;
    for (p, q, r) in [(0.9, 0.3, 0.1), (0.8, 0.4, 0.3), (0.95, 0.5, 0.2)] {
        let star = 2.0 - (1.0 - p) / (p - q);
        for delta in [0.9, 0.95] {
            let s = signals(p, q, r).unwrap();
            let v = ppe_payoff_set(&prisoners_dilemma(), &s, delta, &with(64)).unwrap();
            let what = format!("p = {p}, q = {q}, δ = {delta}");
            assert!(v.outer.contains((star, star), 1e-9), "{what}: {v:?}");
            let outer = diagonal_max(&v.outer).unwrap();
            let inner = diagonal_max(&v.inner).unwrap();
            assert!(inner <= outer + 1e-9, "{what}: {inner} > {outer}");
            assert!(outer >= star - 1e-9, "{what}");
            strict += usize::from(inner >= star - 1e-6);
        }
    }
    // The inner bound is good enough to reach the symmetric optimum in every case.
    assert_eq!(strict, 6);
}

#[test]
fn bounds_lie_in_the_feasible_and_individually_rational_region() {
    for (id, g) in reference_games() {
        let sets = payoff_sets(&g);
        let (floor, feasible) = (sets.pure_minmax, sets.feasible);
        let tol = 1e-6 * range(&g);
        let noisy = noisy_signals(&g, 0.7);
        for delta in [0.5, 0.9] {
            let v = ppe_payoff_set(&g, &noisy, delta, &with(32)).unwrap();
            let what = format!("{id} at δ = {delta}");
            assert!(inside(&v.inner, &v.outer, tol).is_ok(), "{what}: {v:?}");
            assert!(inside(&v.inner, &feasible, tol).is_ok(), "{what}: {v:?}");
            for &q in v.inner.vertices().iter().chain(v.outer.vertices()) {
                // The outer bound's axis levels converge to at least the pure minmax.
                assert!(
                    q.0 >= floor.0 - tol && q.1 >= floor.1 - tol,
                    "{what}: {q:?}"
                );
            }
            // The outer bound starts from the feasible set's support in its directions.
            for l in 0..32 {
                let t = std::f64::consts::TAU * l as f64 / 32.0;
                let h = |q: &Point| t.cos() * q.0 + t.sin() * q.1;
                let most = feasible.vertices().iter().map(h).fold(f64::MIN, f64::max);
                assert!(
                    v.outer.vertices().iter().all(|q| h(q) <= most + tol),
                    "{what}"
                );
            }
            verify_ppe_set(&g, &noisy, delta, v.inner.vertices()).unwrap();
        }
    }
}

/// A signal structure for any game: signal "quiet" with probability `base` at profile
/// (0, 0) and lower elsewhere, so deviations from it are detected.
fn noisy_signals(g: &Game, base: f64) -> SignalStructure {
    let (m, n) = g.shape();
    let probs = (0..m)
        .map(|r| {
            (0..n)
                .map(|c| {
                    let p = base / (1.0 + (r + 2 * c) as f64);
                    vec![p, 1.0 - p]
                })
                .collect()
        })
        .collect();
    SignalStructure::new(vec!["quiet".into(), "alarm".into()], probs, (m, n)).unwrap()
}

#[test]
fn the_set_grows_with_the_discount_factor() {
    // APS 1990, Theorem 6: a convex self-generating set at δ₁ is self-generating at every
    // δ₂ > δ₁, so the inner bound at δ₁ is verified at δ₂ and lies in the outer bound there.
    let s = signals(0.9, 0.4, 0.2).unwrap();
    let pd = prisoners_dilemma();
    for (d1, d2) in [(0.6, 0.7), (0.7, 0.9), (0.9, 0.95)] {
        let low = ppe_payoff_set(&pd, &s, d1, &with(32)).unwrap();
        let high = ppe_payoff_set(&pd, &s, d2, &with(32)).unwrap();
        verify_ppe_set(&pd, &s, d2, low.inner.vertices()).unwrap();
        assert!(
            inside(&low.inner, &high.outer, 1e-6 * 4.0).is_ok(),
            "{d1} → {d2}: {low:?} {high:?}"
        );
    }
}

#[test]
fn no_pure_equilibrium_and_uninformative_signals_leave_an_empty_set() {
    let pennies = game(&[&[1.0, -1.0], &[-1.0, 1.0]], &[&[-1.0, 1.0], &[1.0, -1.0]]);
    for (false_alarm, detection) in [(0.5, 0.5), (0.1, 0.9)] {
        let s = SignalStructure::short_form((2, 2), (0, 0), false_alarm, detection).unwrap();
        let v = ppe_payoff_set(&pennies, &s, 0.95, &PpeSetConfig::default()).unwrap();
        // Matching pennies' pure minmax is 1 for both, above every feasible sum of 0.
        assert_eq!(v.stop, StopReason::Empty, "{v:?}");
        assert!(v.inner.0.is_empty() && v.outer.0.is_empty());
    }
}

/// The estimate is never far below the work counted (so the budget refuses what is
/// long), and at most 50 times above it (sets that shrink to a segment have few corners).
#[test]
fn the_estimate_bounds_the_work() {
    let g = abreu_sannikov_game();
    let s = noisy_signals(&g, 0.8);
    for delta in [0.6, 0.9] {
        let cfg = PpeSetConfig::default();
        let est = estimate(&g, &s, delta, &cfg).unwrap().seconds();
        let (_, measured) = truce::budget::measure(|| ppe_payoff_set(&g, &s, delta, &cfg).unwrap());
        assert!(
            measured <= 10.0 * est && est <= 50.0 * measured,
            "δ = {delta}: measured {measured} s, estimated {est} s"
        );
    }
}

/// A random signal structure with `k` signals for an `m × n` game, from `seed` draws.
fn random_signals(m: usize, n: usize, k: usize, seed: &[f64]) -> SignalStructure {
    let mut it = seed.iter().cycle();
    let probs = (0..m)
        .map(|_| {
            (0..n)
                .map(|_| {
                    let raw: Vec<f64> = (0..k).map(|_| 0.05 + it.next().unwrap()).collect();
                    let sum: f64 = raw.iter().sum();
                    raw.iter().map(|x| x / sum).collect()
                })
                .collect()
        })
        .collect();
    let names = (0..k).map(|y| format!("y{y}")).collect();
    SignalStructure::new(names, probs, (m, n)).unwrap()
}

/// Signals 0 and 1 merged into one.
fn merged(s: &SignalStructure) -> SignalStructure {
    let (m, n) = s.shape();
    let probs = (0..m)
        .map(|r| {
            (0..n)
                .map(|c| {
                    let d = s.distribution(r, c);
                    std::iter::once(d[0] + d[1])
                        .chain(d[2..].iter().copied())
                        .collect()
                })
                .collect()
        })
        .collect();
    SignalStructure::new(s.names()[1..].to_vec(), probs, (m, n)).unwrap()
}

/// `λ P + (1 − λ)` uniform.
fn mixed_with_noise(s: &SignalStructure, lambda: f64) -> SignalStructure {
    let (m, n) = s.shape();
    let k = s.len() as f64;
    let probs = (0..m)
        .map(|r| {
            (0..n)
                .map(|c| {
                    s.distribution(r, c)
                        .iter()
                        .map(|p| lambda * p + (1.0 - lambda) / k)
                        .collect()
                })
                .collect()
        })
        .collect();
    SignalStructure::new(s.names().to_vec(), probs, (m, n)).unwrap()
}

proptest! {
    #![proptest_config(common::proptest_config(12))]

    /// Kandori (1992): a garbling of the signals (two merged, or noise mixed in) can only
    /// shrink the PPE set; with the same directions both of its bounds lie inside the
    /// original's outer bound.
    #[test]
    fn garbled_signals_give_a_smaller_set(
        g in game_strategy(2..=3, 0..=9),
        seed in prop::collection::vec(0.0..1.0f64, 27),
        lambda in 0.1..0.9f64,
        delta in 0.5..0.9f64,
    ) {
        let (m, n) = g.shape();
        let s = random_signals(m, n, 3, &seed);
        let cfg = with(16);
        let base = ppe_payoff_set(&g, &s, delta, &cfg).unwrap();
        let tol = 1e-6 * range(&g).max(1.0);
        for garbled in [merged(&s), mixed_with_noise(&s, lambda)] {
            let v = ppe_payoff_set(&g, &garbled, delta, &cfg).unwrap();
            prop_assert!(inside(&v.outer, &base.outer, tol).is_ok(), "{v:?} vs {base:?}");
            prop_assert!(inside(&v.inner, &base.outer, tol).is_ok(), "{v:?} vs {base:?}");
            if !v.inner.0.is_empty() {
                prop_assert!(hausdorff(v.inner.vertices(), v.outer.vertices()).is_finite());
            }
        }
    }
}
