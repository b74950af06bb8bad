//! Closed forms of Mailath & Samuelson 2006, §7.2 (after Green & Porter 1984) for the
//! prisoner's dilemma with imperfect public monitoring, used to test the general code.
//!
//! Stage game: `(E,E) = (2,2)`, `(E,S) = (−1,3)`, `(S,E) = (3,−1)`, `(S,S) = (0,0)`;
//! the good signal ("quiet") has probability `p` after `(E,E)`, `q` after one shirk and
//! `r` after `(S,S)`, with the bad signal ("alarm") otherwise. Punishment plays `(S,S)`,
//! a stage equilibrium, ignoring the signals.
//! - Grim trigger: value `2(1 − δ) / (1 − δp)`; a PPE iff `δ(3p − 2q) ≥ 1`.
//! - Trigger with `T` rounds of punishment: value
//!   `V_T = 2(1 − δ) / (1 − δp − (1 − p)δ^{T+1})`; a PPE iff
//!   `V_T ≥ 3(1 − δ) + δ(q + (1 − q)δ^T) V_T`.

use super::MonitoringError;
use super::signals::SignalStructure;
use crate::game::Game;

/// The prisoner's dilemma of M&S §7.2 (action 0 = E, effort; 1 = S, shirk).
pub fn prisoners_dilemma() -> Game {
    Game::from_rows(
        &[vec![2.0, -1.0], vec![3.0, 0.0]],
        &[vec![2.0, 3.0], vec![-1.0, 0.0]],
    )
    .expect("the fixed payoff table is a valid game")
}

/// The signal structure of M&S §7.2: signals `["quiet", "alarm"]`, quiet with
/// probability `p` at (E,E), `q` at (E,S) and (S,E), `r` at (S,S).
pub fn signals(p: f64, q: f64, r: f64) -> Result<SignalStructure, MonitoringError> {
    let y = |g: f64| vec![g, 1.0 - g];
    SignalStructure::new(
        vec!["quiet".into(), "alarm".into()],
        vec![vec![y(p), y(q)], vec![y(q), y(r)]],
        (2, 2),
    )
}

/// Grim trigger's value in the cooperative state: `2(1 − δ) / (1 − δp)`.
pub fn grim_value(p: f64, delta: f64) -> f64 {
    2.0 * (1.0 - delta) / (1.0 - delta * p)
}

/// `δ(3p − 2q) − 1`: grim trigger is a PPE iff this is ≥ 0.
pub fn grim_margin(p: f64, q: f64, delta: f64) -> f64 {
    delta * (3.0 * p - 2.0 * q) - 1.0
}

/// `V_T = 2(1 − δ) / (1 − δp − (1 − p)δ^{T+1})`.
pub fn t_round_value(p: f64, delta: f64, t: usize) -> f64 {
    let dt = delta.powi(t as i32);
    2.0 * (1.0 - delta) / (1.0 - delta * p - (1.0 - p) * delta * dt)
}

/// `V_T − 3(1 − δ) − δ(q + (1 − q)δ^T) V_T`: the T-round trigger is a PPE iff this is
/// ≥ 0 (it is minus the gain from shirking once in the cooperative state).
pub fn t_round_margin(p: f64, q: f64, delta: f64, t: usize) -> f64 {
    let v = t_round_value(p, delta, t);
    let dt = delta.powi(t as i32);
    v - 3.0 * (1.0 - delta) - delta * (q + (1.0 - q) * dt) * v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Player;
    use crate::monitoring::ppe::check;
    use crate::monitoring::public_strategy::{PublicAutomaton, TriggerConfig, public_trigger};
    use crate::monitoring::values::{expected_next, values};
    use crate::repeated::settings::Discount;
    use crate::repeated::strategy_spec::{StrategyKind, StrategySpec};
    use crate::repeated::{spe, strategies};

    fn trigger(alarms: Vec<usize>, signals: usize, rounds: Option<usize>) -> PublicAutomaton {
        let cfg = TriggerConfig {
            cooperate: 0,
            punish: 1,
            alarms,
            signals,
            actions: 2,
        };
        public_trigger(&cfg, rounds).unwrap()
    }

    const PS: [f64; 4] = [0.55, 0.7, 0.9, 0.99];
    const QS: [f64; 4] = [0.05, 0.3, 0.5, 0.65];
    const RS: [f64; 2] = [0.1, 0.6];
    const DELTAS: [f64; 7] = [0.2, 0.4, 0.6, 0.75, 0.85, 0.95, 0.99];
    const TS: [usize; 5] = [1, 2, 3, 5, 12];

    #[test]
    fn grim_trigger_matches_the_closed_form() {
        let game = prisoners_dilemma();
        let grim = trigger(vec![1], 2, None);
        let mut checked = 0;
        for p in PS {
            for q in QS.into_iter().filter(|&q| q < p) {
                for r in RS {
                    let s = signals(p, q, r).unwrap();
                    for d in DELTAS {
                        let disc = Discount::common(d).unwrap();
                        let c = check(&game, &s, &grim, &grim, disc).unwrap();
                        let v = grim_value(p, d);
                        assert!((c.values.0 - v).abs() < 1e-9, "p={p} q={q} δ={d}");
                        assert!((c.values.1 - v).abs() < 1e-9);
                        let m = grim_margin(p, q, d);
                        if m.abs() > 1e-9 {
                            assert_eq!(c.ppe, m >= 0.0, "p={p} q={q} r={r} δ={d}: {c:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100);
    }

    #[test]
    fn t_round_trigger_matches_the_closed_form() {
        let game = prisoners_dilemma();
        let mut both = [0, 0];
        for t in TS {
            let a = trigger(vec![1], 2, Some(t));
            for p in PS {
                for q in QS.into_iter().filter(|&q| q < p) {
                    let s = signals(p, q, 0.3).unwrap();
                    for d in DELTAS {
                        let disc = Discount::common(d).unwrap();
                        let c = check(&game, &s, &a, &a, disc).unwrap();
                        let v = t_round_value(p, d, t);
                        assert!((c.values.0 - v).abs() < 1e-9, "T={t} p={p} δ={d}");
                        let m = t_round_margin(p, q, d, t);
                        if m.abs() > 1e-9 {
                            assert_eq!(c.ppe, m >= 0.0, "T={t} p={p} q={q} δ={d}: {c:?}");
                            both[usize::from(c.ppe)] += 1;
                        }
                    }
                }
            }
        }
        // The grid has equilibria and non-equilibria.
        assert!(both[0] > 20 && both[1] > 20, "{both:?}");
    }

    #[test]
    fn perfect_monitoring_agrees_with_subgame_perfection() {
        let game = prisoners_dilemma();
        let s = SignalStructure::perfect((2, 2)).unwrap();
        // Under perfect monitoring signal r·2 + c is the profile (r, c); every profile
        // but (E,E) triggers.
        let grim = trigger(vec![1, 2, 3], 4, None);
        let spec = |player| StrategySpec {
            name: "grim".into(),
            player,
            kind: StrategyKind::GrimTrigger {
                cooperate: (0, 0),
                punish: 1,
            },
        };
        let row = strategies::automaton(&game, &spec(Player::Row)).unwrap();
        let col = strategies::automaton(&game, &spec(Player::Col)).unwrap();
        let mut seen = [false, false];
        for d in [
            0.1,
            0.2,
            0.3,
            1.0 / 3.0 - 1e-3,
            1.0 / 3.0 + 1e-3,
            0.5,
            0.8,
            0.95,
        ] {
            let disc = Discount::common(d).unwrap();
            let ppe = check(&game, &s, &grim, &grim, disc).unwrap();
            let spe = spe::check(&game, &row, &col, disc, 0.0).unwrap();
            assert_eq!(ppe.ppe, spe.subgame_perfect, "δ={d}");
            assert!((ppe.values.0 - spe.values.0).abs() < 1e-9);
            // Closed form with p = 1, q = 0: δ ≥ 1/3.
            assert_eq!(ppe.ppe, d >= 1.0 / 3.0);
            seen[usize::from(ppe.ppe)] = true;
        }
        assert_eq!(seen, [true, true]);
    }

    proptest::proptest! {
        /// The solved values satisfy the Bellman equation of the pair, evaluated from the
        /// automata and the signal structure directly (not from the chain's matrix).
        #[test]
        fn values_satisfy_the_bellman_equation(
            p in 0.0..=1.0f64, q in 0.0..=1.0f64, r in 0.0..=1.0f64,
            d_row in 0.0..0.99f64, d_col in 0.0..0.99f64,
            t in 1usize..6, grim in proptest::bool::ANY, forgive in 0.0..=1.0f64,
        ) {
            let game = prisoners_dilemma();
            let s = signals(p, q, r).unwrap();
            let row = trigger(vec![1], 2, if grim { None } else { Some(t) });
            let cfg = crate::monitoring::public_strategy::test_trigger();
            let col = crate::monitoring::public_strategy::forgiving(forgive, &cfg).unwrap();
            let disc = Discount::new(d_row, d_col).unwrap();
            let v = values(&game, &s, &row, &col, disc).unwrap();
            let index: std::collections::HashMap<_, _> =
                v.chain.states.iter().enumerate().map(|(k, &x)| (x, k)).collect();
            for (k, &(sr, sc)) in v.chain.states.iter().enumerate() {
                let a = (row.action(sr), col.action(sc));
                let (ur, uc) = game.pure_payoffs(a.0, a.1);
                for (player, u, vv) in [(Player::Row, ur, &v.row), (Player::Col, uc, &v.col)] {
                    let delta = disc.of(player);
                    let cont = expected_next(&s, &row, &col, (sr, sc), a, |x| vv[index[&x]]);
                    let rhs = (1.0 - delta) * u + delta * cont;
                    proptest::prop_assert!((vv[k] - rhs).abs() < 1e-9, "{} vs {}", vv[k], rhs);
                }
            }
        }

        /// Survival of grim trigger is geometric: `p^t` after t rounds.
        #[test]
        fn grim_survival_is_p_to_the_t(p in 0.0..=1.0f64, q in 0.0..=1.0f64) {
            let game = prisoners_dilemma();
            let s = signals(p, q, 0.5).unwrap();
            let grim = trigger(vec![1], 2, None);
            let v = values(&game, &s, &grim, &grim, Discount::common(0.9).unwrap()).unwrap();
            for (t, x) in v.chain.survival(20).iter().enumerate() {
                proptest::prop_assert!((x - p.powi(t as i32 + 1)).abs() < 1e-12);
            }
        }
    }
}
