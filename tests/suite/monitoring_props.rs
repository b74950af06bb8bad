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
