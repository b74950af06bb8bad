//! Weak renegotiation-proofness (Farrell & Maskin 1989, "Renegotiation in repeated
//! games", *Games and Economic Behavior* 1; Bernheim & Ray 1989).
//!
//! A subgame-perfect profile is *weakly renegotiation-proof* when no two of its
//! continuation equilibria are Pareto-ranked: after no history would both players rather
//! switch to the continuation that follows some other history. For a pair of automata the
//! continuations are the state pairs of the product automaton that some history reaches
//! (every sequence of profiles, not only the equilibrium path); each has its value
//! `(V_row(s), V_col(s))` from one linear solve per player ([`super::values`]). The pair is
//! weakly renegotiation-proof iff it is subgame-perfect and no reachable `s, s'` have
//! `V(s) > V(s')` strictly for both players (beyond the game's tolerance). Grim trigger in
//! the prisoner's dilemma fails: the punishment state pays (P, P) < (R, R).
//!
//! **A truce sustained without renegotiation.** Farrell and Maskin sustain cooperation
//! renegotiation-proofly by making the punisher gain from the punishment: after player i
//! departs from the truce, i keeps playing its truce action while the other player plays
//! its best reply to it, for k rounds (a departure from this *penance* restarts it for
//! whoever departed), then the truce resumes. [`penance_pair`] builds these automata;
//! [`renegotiation_proof_truce`] finds the smallest common δ at which some pair — the
//! declared pairs whose path plays the truce every round, then penance of k = 1 … 5
//! rounds — is subgame-perfect and weakly renegotiation-proof.

use serde::Serialize;

use super::automaton::{Automaton, State};
use super::spe::{check, smallest_delta_where};
use super::values::product_chain;
use crate::game::{Game, Player};
use crate::geometry::Point;
use crate::repeated::settings::Discount;
use crate::tolerance::REGRET_FACTOR;

/// Whether a pair is weakly renegotiation-proof, and why not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renegotiation {
    /// No two reachable continuation states are Pareto-ranked.
    pub proof: bool,
    /// When not: the labels of the better state pair and of the worse one, with values.
    pub ranked: Option<RankedStates>,
}

/// Two continuation states one of which both players prefer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedStates {
    /// `(row state, col state)` of the better continuation.
    pub better: (String, String),
    /// Its values.
    pub better_values: Point,
    /// `(row state, col state)` of the worse continuation.
    pub worse: (String, String),
    /// Its values.
    pub worse_values: Point,
}

/// Checks weak renegotiation-proofness of `row` against `col` at `discount` (module doc;
/// subgame perfection is the caller's to check). `None` when the product automaton is
/// too large for exact values.
pub fn weakly_renegotiation_proof(
    game: &Game,
    row: &Automaton,
    col: &Automaton,
    discount: Discount,
) -> Option<Renegotiation> {
    let chain = product_chain(game, row, col, 0.0, true)?;
    let vr = chain.discounted(0, discount.row())?;
    let vc = chain.discounted(1, discount.col())?;
    let tol = game.tolerance().abs * REGRET_FACTOR;
    let s = chain.states.len();
    // The most-dominated pair: largest smaller gain.
    let mut best: Option<(usize, usize, f64)> = None;
    for i in 0..s {
        for j in 0..s {
            let gain = (vr[i] - vr[j]).min(vc[i] - vc[j]);
            if gain > tol && best.is_none_or(|b| gain > b.2) {
                best = Some((i, j, gain));
            }
        }
    }
    let label = |k: usize| {
        let (a, b) = chain.states[k];
        (row.states[a].label.clone(), col.states[b].label.clone())
    };
    Some(Renegotiation {
        proof: best.is_none(),
        ranked: best.map(|(i, j, _)| RankedStates {
            better: label(i),
            better_values: (vr[i], vc[i]),
            worse: label(j),
            worse_values: (vr[j], vc[j]),
        }),
    })
}

/// The penance pair of the module doc for `truce` with `rounds` rounds of penance;
/// `None` when a player's best reply to the other's truce action is that truce action
/// itself (penance would not differ from the truce), or for `rounds` = 0.
pub fn penance_pair(
    game: &Game,
    truce: (usize, usize),
    rounds: usize,
) -> Option<(Automaton, Automaton)> {
    let (m, n) = game.shape();
    if rounds == 0 {
        return None;
    }
    let (a, b) = (game.a(), game.b());
    let argmax = |vals: Vec<f64>| {
        vals.iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |best, (k, &v)| {
                if v > best.1 { (k, v) } else { best }
            })
            .0
    };
    // Penance after a row departure: row plays its truce action, column its best reply.
    let col_reply = argmax((0..n).map(|c| b[(truce.0, c)]).collect());
    let row_reply = argmax((0..m).map(|r| a[(r, truce.1)]).collect());
    if col_reply == truce.1 || row_reply == truce.0 {
        return None;
    }
    let row_penance = (truce.0, col_reply);
    let col_penance = (row_reply, truce.1);
    // Joint states: 0 truce; 1..=k row's penance round t; k+1..=2k column's.
    let k = rounds;
    let prescribed = |s: usize| match s {
        0 => truce,
        s if s <= k => row_penance,
        _ => col_penance,
    };
    let after = |s: usize, (r, c): (usize, usize)| {
        let p = prescribed(s);
        match (r == p.0, c == p.1) {
            (true, true) | (false, false) => match s {
                0 => 0,
                s if s == k || s == 2 * k => 0,
                s => s + 1,
            },
            (false, true) => 1,
            (true, false) => k + 1,
        }
    };
    let build = |player: Player| {
        let own = game.num_actions(player);
        let states = (0..=2 * k)
            .map(|s| {
                let p = prescribed(s);
                let act = if player == Player::Row { p.0 } else { p.1 };
                let mut play = vec![0.0; own];
                play[act] = 1.0;
                State {
                    label: match s {
                        0 => "truce".to_string(),
                        s if s <= k => format!("row_penance#{s}"),
                        s => format!("col_penance#{}", s - k),
                    },
                    play,
                    next: (0..m)
                        .flat_map(|r| (0..n).map(move |c| (r, c)))
                        .map(|rc| after(s, rc))
                        .collect(),
                }
            })
            .collect();
        let side = if player == Player::Row { "row" } else { "col" };
        Automaton::new(format!("{side}_penance_{k}"), player, (m, n), 0, states).ok()
    };
    Some((build(Player::Row)?, build(Player::Col)?))
}

/// The smallest δ from which a truce is sustained by a weakly renegotiation-proof
/// subgame-perfect pair, and the pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenegotiationProofTruce {
    /// The smallest common δ found.
    pub delta: f64,
    /// The pair: declared strategy names, or the penance strategies of the module doc.
    pub by: String,
}

/// Longest penance tried.
pub const MAX_PENANCE_ROUNDS: usize = 5;

/// Whether the pair's noiseless path plays `truce` in every round.
fn plays_truce_forever(row: &Automaton, col: &Automaton, truce: (usize, usize)) -> bool {
    let (mut sr, mut sc) = (row.start, col.start);
    let mut seen = std::collections::HashSet::new();
    while seen.insert((sr, sc)) {
        let (Some(r), Some(c)) = (row.pure_action(sr), col.pure_action(sc)) else {
            return false;
        };
        if (r, c) != truce {
            return false;
        }
        (sr, sc) = (row.next(sr, r, c), col.next(sc, r, c));
    }
    true
}

/// The smallest common δ from which `truce` is sustained by a subgame-perfect, weakly
/// renegotiation-proof pair among `declared` (those whose path plays the truce every
/// round) and the penance pairs (module doc). A truce that is a stage equilibrium is
/// sustained from δ = 0 by playing it always. `None` when no candidate works up to 0.999.
pub fn renegotiation_proof_truce(
    game: &Game,
    truce: (usize, usize),
    declared: &[(&Automaton, &Automaton)],
) -> Option<RenegotiationProofTruce> {
    let (m, n) = game.shape();
    let pure = |len: usize, k: usize| crate::game::MixedStrategy::pure(len, k);
    if game.is_equilibrium(&pure(m, truce.0), &pure(n, truce.1)) {
        return Some(RenegotiationProofTruce {
            delta: 0.0,
            by: "playing the truce always (it is a stage equilibrium)".into(),
        });
    }
    let works = |r: &Automaton, c: &Automaton| {
        smallest_delta_where(|d| {
            check(game, r, c, d, 0.0).is_some_and(|x| x.subgame_perfect)
                && weakly_renegotiation_proof(game, r, c, d).is_some_and(|x| x.proof)
        })
    };
    let mut best: Option<RenegotiationProofTruce> = None;
    let mut offer = |delta: Option<f64>, by: String| {
        if let Some(d) = delta
            && best.as_ref().is_none_or(|b| d < b.delta)
        {
            best = Some(RenegotiationProofTruce { delta: d, by });
        }
    };
    for (r, c) in declared {
        if plays_truce_forever(r, c, truce) {
            offer(works(r, c), format!("{} and {}", r.name, c.name));
        }
    }
    for k in 1..=MAX_PENANCE_ROUNDS {
        if let Some((r, c)) = penance_pair(game, truce, k) {
            let plural = if k == 1 { "" } else { "s" };
            offer(
                works(&r, &c),
                format!(
                    "penance: after a departure the deviator keeps its truce action while the other plays its best reply, for {k} round{plural}"
                ),
            );
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;
    use crate::repeated::strategies::fixtures::library as make;
    use crate::repeated::strategy_spec::StrategyKind;

    #[test]
    fn grim_trigger_is_not_renegotiation_proof_and_always_defect_is() {
        let g = pd();
        let d = Discount::common(0.9).unwrap();
        let grim = |p| {
            make(
                &g,
                p,
                StrategyKind::GrimTrigger {
                    cooperate: (0, 0),
                    punish: 1,
                },
            )
        };
        let w = weakly_renegotiation_proof(&g, &grim(Player::Row), &grim(Player::Col), d).unwrap();
        assert!(!w.proof);
        let ranked = w.ranked.unwrap();
        assert_eq!(ranked.better, ("cooperate".into(), "cooperate".into()));
        assert_eq!(ranked.worse, ("punish".into(), "punish".into()));
        assert!((ranked.better_values.0 - 3.0).abs() < 1e-12);
        let dd = |p| make(&g, p, StrategyKind::Always { action: 1 });
        assert!(
            weakly_renegotiation_proof(&g, &dd(Player::Row), &dd(Player::Col), d)
                .unwrap()
                .proof
        );
    }

    #[test]
    fn penance_sustains_cooperation_in_the_prisoners_dilemma() {
        // Farrell & Maskin: in the PD (3, 0, 5, 1) one round of penance — the deviator
        // cooperates while the other defects — deters when 5 − 3 ≤ δ (3 − 0), δ ≥ 2/3, and
        // the punisher prefers to punish (5 + δ·3 ≥ 3 + δ·3); no continuation is
        // Pareto-ranked (penance pays the punisher 5 and the deviator 0).
        let g = pd();
        let (r, c) = penance_pair(&g, (0, 0), 1).unwrap();
        let at = |d: f64| {
            let d = Discount::common(d).unwrap();
            (
                check(&g, &r, &c, d, 0.0).unwrap().subgame_perfect,
                weakly_renegotiation_proof(&g, &r, &c, d).unwrap().proof,
            )
        };
        assert_eq!(at(0.9), (true, true));
        assert!(!at(0.6).0);
        let one = smallest_delta_where(|d| {
            check(&g, &r, &c, d, 0.0).unwrap().subgame_perfect
                && weakly_renegotiation_proof(&g, &r, &c, d).unwrap().proof
        })
        .unwrap();
        assert!((one - 2.0 / 3.0).abs() < 1e-6, "{one}");
        // Two rounds deter from 3(1 + δ + δ²) ≥ 5 (δ ≥ 0.457), but a penitent who is to
        // cooperate twice more must not prefer to restart: 3δ² ≥ 1, δ ≥ 1/√3 — the best k.
        let best = renegotiation_proof_truce(&g, (0, 0), &[]).unwrap();
        assert!((best.delta - 3f64.sqrt().recip()).abs() < 1e-6, "{best:?}");
        assert!(best.by.contains("2 rounds"), "{best:?}");
    }
}
