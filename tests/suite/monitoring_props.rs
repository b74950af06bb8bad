//! Property tests of the discount thresholds under imperfect public monitoring: on
//! random 2×2 games, signal structures and public automata, the intervals returned by
//! `ppe_discounts` are what the perfect public equilibrium check says, δ by δ.

use proptest::prelude::*;
use truce::game::Game;
use truce::monitoring::ppe::check;
use truce::monitoring::public_strategy::{
    PublicAutomaton, TriggerConfig, forgiving, public_trigger,
};
use truce::monitoring::signals::SignalStructure;
use truce::monitoring::thresholds::ppe_discounts;
use truce::repeated::settings::Discount;
use truce::tolerance::DISCOUNT_BISECT;

use crate::common;

/// A library automaton from raw numbers: a trigger with `kind` rounds of punishment
/// (0: grim) or, for `kind` 5, forgiveness with probability `forgive`; `swap` punishes
/// with action 0 instead of 1; signal 1 is the alarm.
fn automaton(kind: usize, swap: bool, forgive: f64) -> PublicAutomaton {
    let cfg = TriggerConfig {
        cooperate: usize::from(swap),
        punish: usize::from(!swap),
        alarms: vec![1],
        signals: 2,
        actions: 2,
    };
    match kind {
        0 => public_trigger(&cfg, None),
        5 => forgiving(forgive, &cfg),
        t => public_trigger(&cfg, Some(t)),
    }
    .expect("a valid library automaton")
}

/// Two signals, the alarm with probability `alarm[r·2 + c]` at profile `(r, c)`.
fn two_signals(alarm: &[f64]) -> SignalStructure {
    let probs = (0..2)
        .map(|r| {
            (0..2)
                .map(|c| vec![1.0 - alarm[r * 2 + c], alarm[r * 2 + c]])
                .collect()
        })
        .collect();
    SignalStructure::new(vec!["quiet".into(), "alarm".into()], probs, (2, 2))
        .expect("a valid signal structure")
}

fn raw_automaton() -> impl Strategy<Value = (usize, bool, f64)> {
    (0usize..6, any::<bool>(), 0.0f64..=1.0)
}

proptest! {
    #![proptest_config(common::proptest_config(128))]

    /// Every δ of a returned interval is an equilibrium, and every δ outside them has a
    /// profitable deviation, or one that gains within the check's tolerance only.
    #[test]
    fn intervals_are_exactly_where_the_check_accepts(
        g in common::game_strategy(2..=2, -5..=5),
        alarm in prop::collection::vec(0.0f64..=1.0, 4),
        (kr, sr, fr) in raw_automaton(), (kc, sc, fc) in raw_automaton(),
        samples in prop::collection::vec(0.0f64..1.0, 16),
    ) {
        let s = two_signals(&alarm);
        let (row, col) = (automaton(kr, sr, fr), automaton(kc, sc, fc));
        let d = ppe_discounts(&g, &s, &row, &col).unwrap();
        let at = |x: f64| check(&g, &s, &row, &col, Discount::common(x).unwrap()).unwrap();
        prop_assert_eq!(d.critical, d.intervals.first().map(|i| i.low));
        for w in d.intervals.windows(2) {
            prop_assert!(w[0].high < w[1].low, "{:?}", d.intervals);
        }
        for i in &d.intervals {
            prop_assert!(i.low <= i.high);
            for f in [0.0, 0.1, 0.37, 0.5, 0.81, 1.0] {
                let x = i.low + f * (i.high - i.low);
                prop_assert!(at(x).ppe, "δ = {} in {:?}", x, i);
            }
        }
        for &x in samples.iter().map(|u| u * d.scan_top).collect::<Vec<_>>().iter() {
            let near = d.intervals.iter().any(|i| {
                x >= i.low - 10.0 * DISCOUNT_BISECT && x <= i.high + 10.0 * DISCOUNT_BISECT
            });
            if near {
                continue;
            }
            let c = at(x);
            prop_assert!(!c.ppe || c.largest_gain > 0.0, "δ = {}: {:?} outside {:?}", x, c, d);
        }
    }
}

/// A game whose deviations all tie (both players indifferent everywhere): every δ is an
/// equilibrium, through gains within the tolerance, from δ = 0 to the top of the scan.
#[test]
fn indifference_everywhere_is_one_interval_from_zero() {
    let g = Game::from_rows(
        &[vec![1.0, 1.0], vec![1.0, 1.0]],
        &[vec![2.0, 2.0], vec![2.0, 2.0]],
    )
    .unwrap();
    let s = two_signals(&[0.1, 0.6, 0.6, 0.9]);
    let a = automaton(2, false, 0.0);
    let d = ppe_discounts(&g, &s, &a, &a).unwrap();
    assert_eq!(d.critical, Some(0.0));
    assert_eq!(d.intervals.len(), 1);
    assert_eq!(d.intervals[0].high, d.scan_top);
}

proptest! {
    #![proptest_config(common::proptest_config(32))]

    /// The exact values of a pair (one linear solve) equal the mean discounted payoff of
    /// many simulated matches, within the simulation's own error.
    #[test]
    fn exact_values_equal_long_simulations(
        g in common::game_strategy(2..=2, -5..=5),
        alarm in prop::collection::vec(0.0f64..=1.0, 4),
        (kr, sr, fr) in raw_automaton(), (kc, sc, fc) in raw_automaton(),
        seed in any::<u64>(),
    ) {
        use truce::monitoring::simulate::{MatchConfig, simulate};
        let s = two_signals(&alarm);
        let (row, col) = (automaton(kr, sr, fr), automaton(kc, sc, fc));
        let delta = 0.8f64;
        let exact = truce::monitoring::values::values(
            &g, &s, &row, &col, Discount::common(delta).unwrap(),
        ).unwrap().start();
        // δ^80 < 2e-8: the truncated tail is far below the sampling error.
        let (runs, rounds) = (3000u64, 80usize);
        let mut sums = Vec::with_capacity(runs as usize);
        for k in 0..runs {
            let cfg = MatchConfig { cooperative: (0, 0), alarms: vec![1], rounds, seed: seed.wrapping_add(k) };
            let m = simulate(&g, &s, &row, &col, &cfg);
            let mut pow = 1.0;
            let mut v = (0.0, 0.0);
            for r in &m.rounds {
                v.0 += (1.0 - delta) * pow * r.payoffs.0;
                v.1 += (1.0 - delta) * pow * r.payoffs.1;
                pow *= delta;
            }
            sums.push(v);
        }
        for (pick, want) in [(0usize, exact.0), (1, exact.1)] {
            let xs: Vec<f64> = sums.iter().map(|v| if pick == 0 { v.0 } else { v.1 }).collect();
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            let allowed = 5.0 * sd / n.sqrt() + 1e-6;
            prop_assert!((mean - want).abs() <= allowed, "player {}: simulated {} vs exact {} (±{})", pick, mean, want, allowed);
        }
    }

    /// Every verdict of the PPE check survives a brute-force check: values by value
    /// iteration (not the LU solve), and every one-shot deviation in every reachable state
    /// pair tried with its own signal distribution.
    #[test]
    fn ppe_verdicts_survive_a_brute_force_deviation_check(
        g in common::game_strategy(2..=2, -5..=5),
        alarm in prop::collection::vec(0.0f64..=1.0, 4),
        (kr, sr, fr) in raw_automaton(), (kc, sc, fc) in raw_automaton(),
        delta in 0.05f64..0.95,
    ) {
        let s = two_signals(&alarm);
        let (row, col) = (automaton(kr, sr, fr), automaton(kc, sc, fc));
        let c = check(&g, &s, &row, &col, Discount::common(delta).unwrap()).unwrap();
        let (values, worst) = brute_force(&g, &s, &row, &col, delta);
        prop_assert!((values.0 - c.values.0).abs() < 1e-9 && (values.1 - c.values.1).abs() < 1e-9);
        let tol = g.tolerance().abs * truce::tolerance::REGRET_FACTOR;
        if c.ppe {
            prop_assert!(worst <= tol + 1e-9, "accepted, but a deviation gains {}", worst);
        } else {
            prop_assert!(worst > tol - 1e-9, "refused, but no deviation gains more than {}", worst);
            prop_assert!((c.deviation.unwrap().gain - worst).abs() < 1e-8);
        }
    }
    /// The same on larger games, wider payoffs and up to four signals: triggers that
    /// cooperate with action 0 and punish with the last, alarms on the last signal.
    #[test]
    fn ppe_verdicts_survive_a_brute_force_check_on_larger_games(
        g in common::game_strategy(2..=4, -50..=50),
        k in 2usize..=4,
        raw in prop::collection::vec(0.01f64..1.0, 64),
        (tr, tc) in (0usize..4, 0usize..4),
        delta in 0.05f64..0.95,
    ) {
        let (m, n) = g.shape();
        let probs = (0..m).map(|r| (0..n).map(|c| {
            let w: Vec<f64> = (0..k).map(|y| raw[(r * 4 + c) * 4 % 64 + y]).collect();
            let total: f64 = w.iter().sum();
            w.iter().map(|x| x / total).collect()
        }).collect()).collect();
        let names = (0..k).map(|y| format!("y{y}")).collect();
        let s = SignalStructure::new(names, probs, (m, n)).unwrap();
        let make = |actions: usize, t: usize| {
            let cfg = TriggerConfig { cooperate: 0, punish: actions - 1, alarms: vec![k - 1], signals: k, actions };
            public_trigger(&cfg, (t > 0).then_some(t)).unwrap()
        };
        let (row, col) = (make(m, tr), make(n, tc));
        let c = check(&g, &s, &row, &col, Discount::common(delta).unwrap()).unwrap();
        let (values, worst) = brute_force(&g, &s, &row, &col, delta);
        let scale = g.tolerance().abs.max(1.0);
        prop_assert!((values.0 - c.values.0).abs() < 1e-9 * scale && (values.1 - c.values.1).abs() < 1e-9 * scale);
        let tol = g.tolerance().abs * truce::tolerance::REGRET_FACTOR;
        if c.ppe {
            prop_assert!(worst <= tol + 1e-9 * scale, "accepted, but a deviation gains {}", worst);
        } else {
            prop_assert!(worst > tol - 1e-9 * scale, "refused, but no deviation gains more than {}", worst);
            prop_assert!((c.deviation.unwrap().gain - worst).abs() < 1e-8 * scale);
        }
    }
}

/// Values from the start by value iteration (not the LU solve), and the largest gain of
/// any one-shot deviation in any reachable state pair, each tried with its own signal
/// distribution.
fn brute_force(
    g: &Game,
    s: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
    delta: f64,
) -> ((f64, f64), f64) {
    use truce::monitoring::values::{coupled, product_chain};
    let chain = product_chain(g, s, row, col).unwrap();
    let n = chain.states.len();
    let index = |p: (usize, usize)| chain.states.iter().position(|&q| q == p).unwrap();
    // Value iteration to a fixed point (the error shrinks by δ per sweep).
    let mut v = vec![(0.0f64, 0.0f64); n];
    for _ in 0..3000 {
        v = (0..n)
            .map(|k| {
                let mut next = (0.0, 0.0);
                for (j, x) in v.iter().enumerate() {
                    let p = chain.transition[(k, j)];
                    next.0 += p * x.0;
                    next.1 += p * x.1;
                }
                let u = chain.payoffs[k];
                (
                    (1.0 - delta) * u.0 + delta * next.0,
                    (1.0 - delta) * u.1 + delta * next.1,
                )
            })
            .collect();
    }
    let (m, cols) = g.shape();
    let mut worst: f64 = f64::NEG_INFINITY;
    for (k, &(a, b)) in chain.states.iter().enumerate() {
        for player in 0..2 {
            for dev in 0..if player == 0 { m } else { cols } {
                let profile = if player == 0 {
                    (dev, col.action(b))
                } else {
                    (row.action(a), dev)
                };
                let mut cont = 0.0;
                for y in 0..s.len() {
                    let py = s.prob(profile.0, profile.1, y);
                    for (ta, tb, w) in coupled(row.next(a, y), col.next(b, y)) {
                        let x = v[index((ta, tb))];
                        cont += py * w * if player == 0 { x.0 } else { x.1 };
                    }
                }
                let u = g.pure_payoffs(profile.0, profile.1);
                let flow = if player == 0 { u.0 } else { u.1 };
                let here = if player == 0 { v[k].0 } else { v[k].1 };
                worst = worst.max((1.0 - delta) * flow + delta * cont - here);
            }
        }
    }
    (v[0], worst)
}
