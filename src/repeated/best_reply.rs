//! Best reply to an automaton: against a fixed opponent automaton the player faces a
//! Markov decision problem whose states are the opponent's states (its transitions are
//! deterministic in the profile played, so the player can always track them). It is
//! solved exactly by policy iteration (Howard 1960; Puterman 1994, §6.4):
//! 1. start from the myopic policy (best stage reply in each state);
//! 2. evaluate the policy: `(I − δ P_π) V = (1−δ) r_π` (LU solve);
//! 3. improve: in each state switch to an action whose one-step lookahead value beats
//!    the current one by more than the tolerance; stop when none does.
//!
//! The best-reply automaton has the opponent's states, plays the optimal action in
//! each, and moves as the opponent does.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use super::automaton::{Automaton, State, with_noise};
use crate::game::{Game, Player};

/// A best reply and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestReply {
    /// Normalised discounted value of the best reply from the start.
    pub value: f64,
    /// The best-reply automaton.
    pub automaton: Automaton,
    /// Policy-iteration steps.
    pub iterations: usize,
}

/// Most policy-iteration steps (policy iteration needs few; this only guards the loop).
const MAX_STEPS: usize = 10_000;

/// `(x, b)` realised profile as `(row, col)` for `player` playing `x`, opponent `b`.
fn profile(player: Player, own: usize, opp: usize) -> (usize, usize) {
    match player {
        Player::Row => (own, opp),
        Player::Col => (opp, own),
    }
}

/// The decision problem: who decides, against which automaton, with which δ and noise.
struct Mdp<'a> {
    game: &'a Game,
    player: Player,
    opp: &'a Automaton,
    delta: f64,
    noise: f64,
}

/// One-step lookahead value of intending `a` in opponent state `s`.
fn lookahead(mdp: &Mdp, s: usize, a: usize, v: &DVector<f64>) -> f64 {
    let Mdp {
        game,
        player,
        opp,
        delta,
        noise,
    } = *mdp;
    let own_n = game.num_actions(player);
    let mut intent = vec![0.0; own_n];
    intent[a] = 1.0;
    let own = with_noise(&intent, noise);
    let other = with_noise(&opp.states[s].play, noise);
    let u = game.payoffs(player);
    let mut q = 0.0;
    for (x, &px) in own.iter().enumerate() {
        if px <= 0.0 {
            continue;
        }
        for (b, &pb) in other.iter().enumerate() {
            if pb <= 0.0 {
                continue;
            }
            let (r, c) = profile(player, x, b);
            q += px * pb * ((1.0 - delta) * u[(r, c)] + delta * v[opp.next(s, r, c)]);
        }
    }
    q
}

/// Value of every opponent state under `policy`.
fn evaluate(
    game: &Game,
    player: Player,
    opp: &Automaton,
    policy: &[usize],
    delta: f64,
    noise: f64,
) -> Option<DVector<f64>> {
    let s = opp.states.len();
    let own_n = game.num_actions(player);
    let u = game.payoffs(player);
    let mut a = DMatrix::<f64>::identity(s, s);
    let mut r = DVector::<f64>::zeros(s);
    for st in 0..s {
        let mut intent = vec![0.0; own_n];
        intent[policy[st]] = 1.0;
        let own = with_noise(&intent, noise);
        let other = with_noise(&opp.states[st].play, noise);
        for (x, &px) in own.iter().enumerate() {
            for (b, &pb) in other.iter().enumerate() {
                let p = px * pb;
                if p <= 0.0 {
                    continue;
                }
                let (rr, cc) = profile(player, x, b);
                r[st] += p * (1.0 - delta) * u[(rr, cc)];
                a[(st, opp.next(st, rr, cc))] -= delta * p;
            }
        }
    }
    a.lu().solve(&r)
}

/// The best reply of the player opposite `opp`, at that player's discount `delta`, with
/// noise `noise` on both players' moves (module doc). `None` when the opponent has more
/// than [`super::values::MAX_CHAIN_STATES`] states or a linear solve fails.
pub fn best_reply(game: &Game, opp: &Automaton, delta: f64, noise: f64) -> Option<BestReply> {
    let player = opp.player.opponent();
    let own_n = game.num_actions(player);
    let s = opp.states.len();
    if s > super::values::MAX_CHAIN_STATES {
        return None;
    }
    let tol = game.tolerance().abs;
    let zero = DVector::<f64>::zeros(s);
    let mdp = Mdp {
        game,
        player,
        opp,
        delta,
        noise,
    };
    let myopic = Mdp { delta: 0.0, ..mdp };
    let mut policy: Vec<usize> = (0..s)
        .map(|st| {
            (0..own_n)
                .map(|a| (a, lookahead(&myopic, st, a, &zero)))
                .fold((0, f64::NEG_INFINITY), |best, x| {
                    if x.1 > best.1 + tol { x } else { best }
                })
                .0
        })
        .collect();
    let mut iterations = 0;
    let v = loop {
        iterations += 1;
        let v = evaluate(game, player, opp, &policy, delta, noise)?;
        let mut changed = false;
        for (st, choice) in policy.iter_mut().enumerate() {
            let cur = lookahead(&mdp, st, *choice, &v);
            for a in 0..own_n {
                if lookahead(&mdp, st, a, &v) > cur + tol {
                    *choice = a;
                    changed = true;
                    break;
                }
            }
        }
        if !changed || iterations >= MAX_STEPS {
            break v;
        }
    };
    let states = (0..s)
        .map(|st| {
            let mut play = vec![0.0; own_n];
            play[policy[st]] = 1.0;
            State {
                label: format!("vs_{}", opp.states[st].label),
                play,
                next: opp.states[st].next.clone(),
            }
        })
        .collect();
    let automaton = Automaton::new(
        format!("best_reply_to_{}", opp.name),
        player,
        opp.shape,
        opp.start,
        states,
    )
    .ok()?;
    Some(BestReply {
        value: v[opp.start],
        automaton,
        iterations,
    })
}
