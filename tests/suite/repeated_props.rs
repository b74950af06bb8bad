//! Property tests of the repeated game: each states a theorem or an identity, checked on
//! random small games against an independent computation, with explicit tolerances.

use proptest::prelude::*;
use truce::game::{Game, Player};
use truce::repeated::automaton::{Automaton, State, with_noise};
use truce::repeated::best_reply::best_reply;
use truce::repeated::paths::vertex_paths;
use truce::repeated::payoff_set::{AsConfig, StageData, abreu_sannikov_data};
use truce::repeated::polygon::distance_to;
use truce::repeated::spe::check;
use truce::repeated::strategies::automaton;
use truce::repeated::values::pair_values;
use truce::scenario::{Discount, StrategyKind, StrategySpec};
use truce::stage::pure::pure_equilibria;
use truce::stage::pure_values::pure_security;

use crate::common;

/// A random automaton: `k` states, each with a random (possibly mixed) play and random
/// transitions, built from raw numbers.
fn random_automaton(g: &Game, player: Player, raw: &[(u32, u32, Vec<u32>)]) -> Automaton {
    let (m, n) = g.shape();
    let own = g.num_actions(player);
    let k = raw.len();
    let states = raw
        .iter()
        .enumerate()
        .map(|(i, (a, mix, next))| {
            let mut play = vec![0.0; own];
            let a = *a as usize % own;
            let w = f64::from(*mix % 3) / 4.0; // 0, 0.25 or 0.5 moved to the next action
            play[a] += 1.0 - w;
            play[(a + 1) % own] += w;
            State {
                label: format!("s{i}"),
                play,
                next: (0..m * n)
                    .map(|p| next[p % next.len()] as usize % k)
                    .collect(),
            }
        })
        .collect();
    Automaton::new("random", player, (m, n), 0, states).unwrap()
}

fn raw_automaton() -> impl Strategy<Value = Vec<(u32, u32, Vec<u32>)>> {
    prop::collection::vec((0u32..9, 0u32..9, prop::collection::vec(0u32..9, 9)), 1..4)
}

/// Expected discounted payoffs over `t` rounds by pushing the distribution over state
/// pairs forward round by round (independent of the linear solve).
fn forward_values(
    g: &Game,
    r: &Automaton,
    c: &Automaton,
    delta: f64,
    noise: f64,
    t: usize,
) -> (f64, f64) {
    let (m, n) = g.shape();
    let (kr, kc) = (r.states.len(), c.states.len());
    let mut dist = vec![0.0; kr * kc];
    dist[r.start * kc + c.start] = 1.0;
    let mut total = (0.0, 0.0);
    let mut pow = 1.0;
    for _ in 0..t {
        let mut next = vec![0.0; kr * kc];
        for sr in 0..kr {
            for sc in 0..kc {
                let p = dist[sr * kc + sc];
                if p == 0.0 {
                    continue;
                }
                let pr = with_noise(&r.states[sr].play, noise);
                let pc = with_noise(&c.states[sc].play, noise);
                for a in 0..m {
                    for b in 0..n {
                        let q = p * pr[a] * pc[b];
                        total.0 += (1.0 - delta) * pow * q * g.a()[(a, b)];
                        total.1 += (1.0 - delta) * pow * q * g.b()[(a, b)];
                        next[r.next(sr, a, b) * kc + c.next(sc, a, b)] += q;
                    }
                }
            }
        }
        dist = next;
        pow *= delta;
    }
    total
}

proptest! {
    #![proptest_config(common::proptest_config(48))]

    #[test]
    fn linear_solve_equals_long_truncated_sums(
        g in common::game_strategy(2..=3, -5..=5), rr in raw_automaton(), rc in raw_automaton(),
        delta in 0.05f64..0.9, noise in prop_oneof![Just(0.0), 0.0f64..0.3],
    ) {
        let r = random_automaton(&g, Player::Row, &rr);
        let c = random_automaton(&g, Player::Col, &rc);
        let v = pair_values(&g, &r, &c, Discount::common(delta).unwrap(), noise).unwrap();
        let f = forward_values(&g, &r, &c, delta, noise, 400);
        prop_assert!((v.discounted.0 - f.0).abs() < 1e-9, "{:?} vs {:?}", v.discounted, f);
        prop_assert!((v.discounted.1 - f.1).abs() < 1e-9);
    }

    #[test]
    fn grim_pair_is_spe_exactly_above_the_threshold(
        p in -3i32..3, gap_r in 1i32..4, gap_t in 1i32..4, s_off in 1i32..4, delta in 0.01f64..0.99,
    ) {
        // T > R > P > S with 2R > T + S.
        let (pp, r) = (f64::from(p), f64::from(p + gap_r));
        let t = r + f64::from(gap_t);
        let s = pp - f64::from(s_off);
        prop_assume!(2.0 * r > t + s);
        let g = Game::from_rows(&[vec![r, s], vec![t, pp]], &[vec![r, t], vec![s, pp]]).unwrap();
        let threshold = (t - r) / (t - pp);
        prop_assume!((delta - threshold).abs() > 1e-6);
        let grim = |player| automaton(&g, &StrategySpec {
            name: "grim".into(), player,
            kind: StrategyKind::GrimTrigger { cooperate: (0, 0), punish: 1 },
        }).unwrap();
        let c = check(&g, &grim(Player::Row), &grim(Player::Col), Discount::common(delta).unwrap(), 0.0).unwrap();
        prop_assert_eq!(c.subgame_perfect, delta >= threshold);
    }

    #[test]
    fn spe_set_contains_stage_equilibria_and_lies_in_the_feasible_ir_region(
        g in common::game_strategy(2..=3, -5..=5), delta in 0.05f64..0.85,
    ) {
        let data = StageData::new(&g);
        let v = abreu_sannikov_data(&data, delta, &AsConfig::default());
        let tol = 1e-7 * data.span;
        let poly = v.vertices.vertices();
        for e in pure_equilibria(&g) {
            prop_assert!(distance_to(poly, e.payoffs) <= tol, "{:?} not in {:?}", e.payoffs, poly);
        }
        let feasible = truce::repeated::payoff_set::feasible_set(&data);
        let mm = (pure_security(&g, Player::Row).minmax, pure_security(&g, Player::Col).minmax);
        for &p in poly {
            prop_assert!(distance_to(feasible.vertices(), p) <= tol);
            prop_assert!(p.0 >= mm.0 - tol && p.1 >= mm.1 - tol);
        }
    }

    #[test]
    fn spe_sets_grow_with_delta(g in common::game_strategy(2..=3, -5..=5), d1 in 0.05f64..0.8, step in 0.01f64..0.15) {
        let data = StageData::new(&g);
        let small = abreu_sannikov_data(&data, d1, &AsConfig::default());
        let large = abreu_sannikov_data(&data, d1 + step, &AsConfig::default());
        let tol = 1e-7 * data.span;
        for &p in small.vertices.vertices() {
            prop_assert!(distance_to(large.vertices.vertices(), p) <= tol);
        }
    }

    #[test]
    fn best_reply_beats_every_library_strategy(
        g in common::game_strategy(2..=3, -5..=5), rc in raw_automaton(), delta in 0.05f64..0.9,
    ) {
        let opp = random_automaton(&g, Player::Col, &rc);
        let br = best_reply(&g, &opp, delta, 0.0).unwrap();
        let (m, n) = g.shape();
        let mut kinds = vec![];
        for a in 0..m {
            kinds.push(StrategyKind::Always { action: a });
            for b in 0..n {
                for pun in 0..m {
                    kinds.push(StrategyKind::GrimTrigger { cooperate: (a, b), punish: pun });
                    kinds.push(StrategyKind::LimitedPunishment { cooperate: (a, b), punish: pun, rounds: 2 });
                }
                kinds.push(StrategyKind::TitForTat { cooperate: a, replies: vec![(b, (a + 1) % m)] });
            }
        }
        for kind in kinds {
            let me = automaton(&g, &StrategySpec { name: "x".into(), player: Player::Row, kind }).unwrap();
            let v = pair_values(&g, &me, &opp, Discount::common(delta).unwrap(), 0.0).unwrap();
            prop_assert!(br.value >= v.discounted.0 - 1e-9, "{} < {}", br.value, v.discounted.0);
        }
    }

    #[test]
    fn every_path_reaches_its_target(g in common::game_strategy(2..=3, -5..=5), delta in 0.3f64..0.9, seed in 0u64..1000) {
        let data = StageData::new(&g);
        let v = abreu_sannikov_data(&data, delta, &AsConfig::default());
        for p in vertex_paths(&data, &v, 25, seed) {
            prop_assert!(p.verified, "{:?}", p);
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// What `run` hands to the repeated analysis from its stage solution equals what the
    /// analysis would compute itself: the same pure equilibria, the same extreme
    /// equilibria (when there are no pure ones) and the same minmax values.
    #[test]
    fn stage_facts_of_the_solution_equal_those_computed_afresh(g in common::game_strategy(1..=4, -5..=5)) {
        use truce::repeated::analysis::StageFacts;
        use truce::stage::solution::{SolveConfig, solve_stage};
        let sol = solve_stage(&g, &SolveConfig::default()).unwrap();
        let handed = StageFacts::of_solution(&g, &sol);
        let fresh = StageFacts::of(&g);
        prop_assert_eq!(&handed.pure, &fresh.pure);
        prop_assert_eq!(handed.pure_minmax, fresh.pure_minmax);
        let close = |a: Option<(f64, f64)>, b: Option<(f64, f64)>| match (a, b) {
            (Some(a), Some(b)) => (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        };
        prop_assert!(close(handed.mixed_minmax, fresh.mixed_minmax));
        if fresh.pure.is_empty() {
            prop_assert_eq!(&handed.extreme, &fresh.extreme);
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(100))]

    /// The default truce is a Pareto-optimal pure profile, and no Pareto-optimal profile
    /// gives both players a strictly larger gain over their minmax values.
    #[test]
    fn the_default_truce_is_the_most_even_pareto_optimal_profile(g in common::game_strategy(1..=4, -9..=9)) {
        use truce::repeated::analysis::default_truce;
        use truce::stage::minmax::mixed_security;
        let v = (
            mixed_security(&g, Player::Row).unwrap().minmax,
            mixed_security(&g, Player::Col).unwrap().minmax,
        );
        let pareto = truce::stage::pareto::pareto_optimal(&g);
        let t = default_truce(&g, v).unwrap();
        prop_assert!(pareto.iter().any(|o| (o.row, o.col) == t));
        let least = |(u, w): (f64, f64)| (u - v.0).min(w - v.1);
        let mine = least(g.pure_payoffs(t.0, t.1));
        for o in &pareto {
            prop_assert!(least(o.payoffs) <= mine + 1e-9);
        }
    }

    /// The best self-enforcing bargain is a subgame-perfect payoff (or the disagreement
    /// point when none is better for both), and a Nash point said to be in the SPE set is.
    #[test]
    fn the_self_enforcing_bargain_lies_in_the_spe_set(
        g in common::game_strategy(2..=3, -5..=5),
        delta in 0.05f64..0.95,
    ) {
        use truce::bargain::self_enforcing::{self_enforcing, spe_tolerance};
        use truce::bargain::{Disagreement, analyse};
        use truce::repeated::payoff_set::abreu_sannikov;
        let d = Disagreement::mixed_minmax(&g).unwrap();
        let a = analyse(&g, d, None).unwrap();
        let spe = abreu_sannikov(&g, delta, &AsConfig::default());
        let tol = spe_tolerance(&g);
        let s = self_enforcing(&a, spe.vertices.vertices(), delta, tol);
        let within = |p: (f64, f64)| distance_to(spe.vertices.vertices(), p) <= 1e-6 * (1.0 + g.payoff_scale());
        if s.nash_in_spe_set {
            prop_assert!(within(a.nash.point));
        }
        if let Some(sn) = &s.spe_nash {
            if sn.agreement {
                prop_assert!(within(sn.point), "{:?} outside {:?}", sn.point, spe.vertices);
            } else {
                prop_assert_eq!(sn.point, a.nash.disagreement.point);
            }
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(32))]

    /// An exact harshest-punishment δ* (the pure-minmax bound, reached) is the boundary:
    /// at δ* every tempted player's condition `uᵢ ≥ (1−δ) dᵢ + δ w̲ᵢ(δ)` holds with the
    /// worst subgame-perfect payoffs of an independent Abreu–Sannikov solve, and a little
    /// below it some player's fails — as it must, since no punishment is below the minmax.
    #[test]
    fn an_exact_harshest_delta_is_where_the_condition_starts_to_hold(
        g in common::game_strategy(2..=3, -6..=6),
    ) {
        use truce::repeated::critical_delta::{HarshestConfig, harshest};
        let (m, n) = g.shape();
        for profile in (0..m).flat_map(|i| (0..n).map(move |j| (i, j))) {
            let h = harshest(&g, profile, &HarshestConfig::default());
            let (Some(d), Some(exact)) = (h.critical_delta, h.exact_critical_delta.as_deref()) else {
                continue;
            };
            if d < 1e-3 {
                continue;
            }
            let parts: Vec<f64> = exact.split('/').map(|x| x.parse().unwrap()).collect();
            let value = if parts.len() == 2 { parts[0] / parts[1] } else { parts[0] };
            prop_assert!((value - d).abs() < 1e-12, "{exact} vs {d}");
            let data = StageData::new(&g);
            let margin = |delta: f64| {
                let w = abreu_sannikov_data(&data, delta, &AsConfig::default()).worst?;
                let (u, dev) = (h.target, h.deviation);
                let mut worst = f64::INFINITY;
                if dev.0 > u.0 + 1e-9 {
                    worst = worst.min(u.0 - ((1.0 - delta) * dev.0 + delta * w.0));
                }
                if dev.1 > u.1 + 1e-9 {
                    worst = worst.min(u.1 - ((1.0 - delta) * dev.1 + delta * w.1));
                }
                Some(worst)
            };
            prop_assert!(margin(d).is_some_and(|x| x > -1e-6), "fails at its δ* = {d}");
            prop_assert!(margin(d - 1e-3).is_none_or(|x| x < 1e-9), "holds below its δ* = {d}");
        }
    }
}

/// Continuation value of each player from automaton states `(sr, sc)` with `left` rounds
/// to go, by recursion over every profile (an independent, exponential computation).
fn brute_value(
    g: &Game,
    r: &Automaton,
    c: &Automaton,
    (sr, sc): (usize, usize),
    left: usize,
    delta: f64,
) -> (f64, f64) {
    if left == 0 {
        return (0.0, 0.0);
    }
    let (m, n) = g.shape();
    let mut v = (0.0, 0.0);
    for a in 0..m {
        for b in 0..n {
            let p = r.states[sr].play[a] * c.states[sc].play[b];
            if p == 0.0 {
                continue;
            }
            let w = brute_value(
                g,
                r,
                c,
                (r.next(sr, a, b), c.next(sc, a, b)),
                left - 1,
                delta,
            );
            v.0 += p * (g.a()[(a, b)] + delta * w.0);
            v.1 += p * (g.b()[(a, b)] + delta * w.1);
        }
    }
    v
}

/// Whether some player gains by a one-shot deviation at some history of the `rounds`-round
/// game, by enumerating every history (independent of the backward induction).
fn brute_one_shot_gain(g: &Game, r: &Automaton, c: &Automaton, rounds: usize, delta: f64) -> bool {
    let (m, n) = g.shape();
    let mut frontier = vec![(r.start, c.start)];
    for t in 0..rounds {
        let left = rounds - t;
        let mut next = Vec::new();
        for &(sr, sc) in &frontier {
            let here = brute_value(g, r, c, (sr, sc), left, delta);
            for x in 0..m {
                let mut q = 0.0;
                for b in 0..n {
                    let p = c.states[sc].play[b];
                    if p > 0.0 {
                        let w = brute_value(
                            g,
                            r,
                            c,
                            (r.next(sr, x, b), c.next(sc, x, b)),
                            left - 1,
                            delta,
                        );
                        q += p * (g.a()[(x, b)] + delta * w.0);
                    }
                }
                if q > here.0 + 1e-7 {
                    return true;
                }
            }
            for y in 0..n {
                let mut q = 0.0;
                for a in 0..m {
                    let p = r.states[sr].play[a];
                    if p > 0.0 {
                        let w = brute_value(
                            g,
                            r,
                            c,
                            (r.next(sr, a, y), c.next(sc, a, y)),
                            left - 1,
                            delta,
                        );
                        q += p * (g.b()[(a, y)] + delta * w.1);
                    }
                }
                if q > here.1 + 1e-7 {
                    return true;
                }
            }
            for a in 0..m {
                for b in 0..n {
                    next.push((r.next(sr, a, b), c.next(sc, a, b)));
                }
            }
        }
        next.sort_unstable();
        next.dedup();
        frontier = next;
    }
    false
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// T-round values equal the truncated sums of the play pushed forward round by round:
    /// `(1 − δᵀ) · average = (1 − δ) Σ_{t<T} δᵗ E[u_t]`.
    #[test]
    fn finite_horizon_values_equal_truncated_sums(
        g in common::game_strategy(2..=3, -5..=5), rr in raw_automaton(), rc in raw_automaton(),
        delta in 0.0f64..0.99, noise in prop_oneof![Just(0.0), 0.0f64..0.3], rounds in 1usize..30,
    ) {
        use truce::repeated::finite_checks::finite_pair_values;
        let r = random_automaton(&g, Player::Row, &rr);
        let c = random_automaton(&g, Player::Col, &rc);
        let v = finite_pair_values(&g, &r, &c, Discount::common(delta).unwrap(), noise, rounds).unwrap();
        let f = forward_values(&g, &r, &c, delta, noise, rounds);
        let scale = 1.0 - delta.powi(rounds as i32);
        let tol = 1e-9 * g.payoff_scale().max(1.0);
        if delta > 0.0 {
            prop_assert!((v.discounted.0 * scale - f.0).abs() < tol, "{:?} vs {:?}", v.discounted, f);
            prop_assert!((v.discounted.1 * scale - f.1).abs() < tol);
        }
        let plain = forward_values(&g, &r, &c, 0.0, noise, 1);
        if rounds == 1 {
            prop_assert!((v.limit_of_means.0 - plain.0).abs() < tol);
        }
    }

    /// Backward induction over (round, state pairs) finds a profitable one-shot deviation
    /// exactly when the enumeration of every history does (short horizons, away from ties).
    #[test]
    fn finite_subgame_perfection_agrees_with_enumerating_histories(
        g in common::game_strategy(2..=3, -5..=5), rr in raw_automaton(), rc in raw_automaton(),
        delta in 0.0f64..0.99, rounds in 1usize..4,
    ) {
        use truce::repeated::finite_checks::finite_check;
        let r = random_automaton(&g, Player::Row, &rr);
        let c = random_automaton(&g, Player::Col, &rc);
        let chk = finite_check(&g, &r, &c, Discount::common(delta).unwrap(), 0.0, rounds).unwrap();
        let gain = chk.spe_deviation.as_ref().map_or(0.0, |d| d.gain);
        prop_assume!(gain == 0.0 || gain > 1e-6);
        prop_assert_eq!(!chk.subgame_perfect, brute_one_shot_gain(&g, &r, &c, rounds, delta));
        if rounds == 1 {
            // One round: Nash and subgame-perfect iff the start play is a stage equilibrium.
            let x = truce::game::MixedStrategy::new(r.states[r.start].play.clone()).unwrap();
            let y = truce::game::MixedStrategy::new(c.states[c.start].play.clone()).unwrap();
            prop_assert_eq!(chk.nash, g.regret(&x, &y) <= 1e-7);
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(48))]

    /// Weak renegotiation-proofness against an independent computation: the values of every
    /// state pair some history reaches, each by long truncated sums from that pair; a pair
    /// reported proof has no two Pareto-ranked (beyond 1e-6), a pair reported not proof has
    /// its named states ranked by at least the tolerance.
    #[test]
    fn renegotiation_proof_pairs_have_no_pareto_ranked_continuations(
        g in common::game_strategy(2..=3, -5..=5), rr in raw_automaton(), rc in raw_automaton(),
        delta in 0.05f64..0.8,
    ) {
        use truce::repeated::renegotiation::weakly_renegotiation_proof;
        let r = random_automaton(&g, Player::Row, &rr);
        let c = random_automaton(&g, Player::Col, &rc);
        let w = weakly_renegotiation_proof(&g, &r, &c, Discount::common(delta).unwrap()).unwrap();
        let (m, n) = g.shape();
        let mut reached = vec![(r.start, c.start)];
        let mut k = 0;
        while k < reached.len() {
            let (sr, sc) = reached[k];
            for a in 0..m {
                for b in 0..n {
                    let to = (r.next(sr, a, b), c.next(sc, a, b));
                    if !reached.contains(&to) {
                        reached.push(to);
                    }
                }
            }
            k += 1;
        }
        let from = |(sr, sc): (usize, usize)| {
            let rs = Automaton::new("r", Player::Row, (m, n), sr, r.states.clone()).unwrap();
            let cs = Automaton::new("c", Player::Col, (m, n), sc, c.states.clone()).unwrap();
            forward_values(&g, &rs, &cs, delta, 0.0, 400)
        };
        let values: Vec<(f64, f64)> = reached.iter().map(|&s| from(s)).collect();
        let ranked = values.iter().any(|x| values.iter().any(|y| x.0 > y.0 + 1e-6 && x.1 > y.1 + 1e-6));
        if w.proof {
            prop_assert!(!ranked, "reported proof, yet {:?}", values);
        } else {
            let k = w.ranked.unwrap();
            let find = |labels: &(String, String)| reached.iter().position(|&(a, b)| {
                r.states[a].label == labels.0 && c.states[b].label == labels.1
            }).unwrap();
            let (hi, lo) = (values[find(&k.better)], values[find(&k.worse)]);
            prop_assert!(hi.0 > lo.0 && hi.1 > lo.1, "{:?} not above {:?}", hi, lo);
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(48))]

    /// A subgame-perfect pair's most tempting deviation never pays: its value is at most
    /// the path's; the deviation path starts with the deviation, and under noise the
    /// survival curve starts at most 1 and never rises.
    #[test]
    fn deviations_from_an_spe_pair_do_not_pay_and_survival_falls(
        g in common::game_strategy(2..=4, -50..=50), rr in raw_automaton(), rc in raw_automaton(),
        delta in 0.05f64..0.95, noise in 0.0f64..0.3, round in 1usize..8,
    ) {
        use truce::repeated::on_path::{deviation_paths, survival};
        let r = random_automaton(&g, Player::Row, &rr);
        let c = random_automaton(&g, Player::Col, &rc);
        let d = Discount::common(delta).unwrap();
        let spe = check(&g, &r, &c, d, 0.0).unwrap().subgame_perfect;
        let tol = 1e-7 * g.payoff_scale().max(1.0);
        for dev in deviation_paths(&g, &r, &c, d, round, 6) {
            prop_assert_eq!(dev.round, round);
            let first = dev.rounds[0].profile;
            let mine = if dev.player == Player::Row { first.0 } else { first.1 };
            prop_assert_eq!(mine, dev.action);
            if spe {
                prop_assert!(dev.deviation_value <= dev.path_value + tol, "{:?}", dev);
            }
        }
        if let Some(s) = survival(&g, &r, &c, noise, 30) {
            prop_assert!(s[0] <= 1.0 + 1e-12);
            prop_assert!(s.windows(2).all(|w| w[1] <= w[0] + 1e-12));
        }
    }
}
