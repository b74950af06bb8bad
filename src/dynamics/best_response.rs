//! Alternating pure best-response dynamics (Fudenberg & Levine 1998, *The Theory of
//! Learning in Games*, ch. 1; Monderer & Shapley 1996 for its convergence in potential
//! games), run from every pure profile.
//!
//! The players take turns, row first: the mover keeps the current action when it already
//! is a best response to the opponent's current action, and otherwise switches to the best
//! response whose *name* comes first (byte order) — so relabelling or reordering the
//! actions in the file changes nothing but the labels. The state (profile, whose turn)
//! lives in a finite set of `2mn` states and the rule is deterministic, so every path
//! either reaches a pure Nash equilibrium (nobody wants to move: absorbing) or enters a
//! cycle of states that it then repeats forever.
//!
//! Steps:
//! 1. for each column action, the row player's best payoff and the best response picked
//!    by name; the same for the column player: O(mn);
//! 2. the main run starts where each player best-responds to a uniformly mixing opponent
//!    (ties again by name), unless a start is given, and is followed up to the revision cap
//!    with its path, its cycle and the average of play along the cycle as its end point
//!    (the regret of that average says how far it is from an equilibrium);
//! 3. from every pure profile (row to move) the state graph is followed until it reaches a
//!    state whose fate is known, an equilibrium, or a state of its own path (a cycle);
//!    every state on the path then gets that fate. Each state is followed once, so this
//!    costs O(mn) for any game and needs no sample;
//! 4. the absorbing sets — pure equilibria and cycles, a cycle written from its
//!    name-first profile — are listed with the number of starts that reach each, most
//!    first, then by the names of their profiles.

use std::collections::HashMap;

use serde::Serialize;

use super::{Outcome, Recorder, StopReason, outcome};
use crate::game::{Game, MixedStrategy, Player};

/// Settings of best-response dynamics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BestResponseConfig {
    /// Most revisions (single-player moves) of the main run.
    pub iterations: usize,
    /// The main run's starting pure profile `(row action, column action)`; `None` for the
    /// best responses to uniformly mixing opponents.
    pub start: Option<(usize, usize)>,
}

impl Default for BestResponseConfig {
    /// 10 000 revisions from the best responses to uniform play.
    fn default() -> Self {
        BestResponseConfig {
            iterations: 10_000,
            start: None,
        }
    }
}

/// A set play cannot leave once in it, and how many pure starting profiles lead there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Absorbing {
    /// One profile: a pure Nash equilibrium; several: a cycle, in the order played, from
    /// its name-first profile.
    pub profiles: Vec<(usize, usize)>,
    /// Starting profiles (row to move) whose play ends here.
    pub starts: usize,
}

/// The result of best-response dynamics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestResponseDynamics {
    /// The main run's end point: the equilibrium reached, or the average of play along the
    /// cycle.
    pub outcome: Outcome,
    /// The main run's start.
    pub start: (usize, usize),
    /// The profiles the main run visited, in order (up to the first repetition).
    pub path: Vec<(usize, usize)>,
    /// The profiles of the main run's cycle, when it found one.
    pub cycle: Vec<(usize, usize)>,
    /// Every absorbing set, with the starts that reach it (step 4).
    pub absorbing: Vec<Absorbing>,
    /// How many starting profiles were run (all `m · n`).
    pub starts: usize,
}

/// Step 1: each player's best payoff against each opponent action and the pick by name.
struct Tables {
    n: usize,
    row_best: Vec<f64>,
    row_pick: Vec<usize>,
    col_best: Vec<f64>,
    col_pick: Vec<usize>,
    a: Vec<f64>,
    b: Vec<f64>,
    tol: f64,
}

/// Each action's rank when `player`'s actions are sorted by name.
fn name_ranks(game: &Game, player: Player) -> Vec<usize> {
    let k = game.num_actions(player);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&x, &y| game.action_name(player, x).cmp(game.action_name(player, y)));
    let mut rank = vec![0; k];
    for (r, &a) in order.iter().enumerate() {
        rank[a] = r;
    }
    rank
}

/// The best of `values` (within `tol`) whose name ranks first.
fn pick(values: impl Iterator<Item = f64> + Clone, rank: &[usize], tol: f64) -> (f64, usize) {
    let best = values.clone().fold(f64::NEG_INFINITY, f64::max);
    let choice = values
        .enumerate()
        .filter(|&(_, v)| v >= best - tol)
        .min_by_key(|&(k, _)| rank[k])
        .map_or(0, |(k, _)| k);
    (best, choice)
}

impl Tables {
    fn new(game: &Game) -> Self {
        let (m, n) = game.shape();
        let tol = game.tolerance().abs;
        let (rr, cr) = (name_ranks(game, Player::Row), name_ranks(game, Player::Col));
        let a: Vec<f64> = (0..m * n).map(|q| game.a()[(q / n, q % n)]).collect();
        let b: Vec<f64> = (0..m * n).map(|q| game.b()[(q / n, q % n)]).collect();
        let (mut row_best, mut row_pick) = (vec![0.0; n], vec![0; n]);
        for j in 0..n {
            (row_best[j], row_pick[j]) = pick((0..m).map(|i| a[i * n + j]), &rr, tol);
        }
        let (mut col_best, mut col_pick) = (vec![0.0; m], vec![0; m]);
        for i in 0..m {
            (col_best[i], col_pick[i]) = pick((0..n).map(|j| b[i * n + j]), &cr, tol);
        }
        Tables {
            n,
            row_best,
            row_pick,
            col_best,
            col_pick,
            a,
            b,
            tol,
        }
    }

    fn row_ok(&self, i: usize, j: usize) -> bool {
        self.a[i * self.n + j] >= self.row_best[j] - self.tol
    }

    fn col_ok(&self, i: usize, j: usize) -> bool {
        self.b[i * self.n + j] >= self.col_best[i] - self.tol
    }

    fn equilibrium(&self, i: usize, j: usize) -> bool {
        self.row_ok(i, j) && self.col_ok(i, j)
    }

    /// One revision from `(i, j)` with `turn` to move.
    fn step(&self, i: usize, j: usize, turn: Player) -> (usize, usize) {
        match turn {
            Player::Row if !self.row_ok(i, j) => (self.row_pick[j], j),
            Player::Col if !self.col_ok(i, j) => (i, self.col_pick[i]),
            _ => (i, j),
        }
    }
}

/// The start of step 2: each player's best response to a uniformly mixing opponent.
fn uniform_start(game: &Game) -> (usize, usize) {
    let (m, n) = game.shape();
    let tol = game.tolerance().abs;
    let rows = (0..m).map(|i| game.a().row(i).sum() / n as f64);
    let cols = (0..n).map(|j| game.b().column(j).sum() / m as f64);
    (
        pick(rows, &name_ranks(game, Player::Row), tol).1,
        pick(cols, &name_ranks(game, Player::Col), tol).1,
    )
}

/// Step 3: the absorbing set every starting profile reaches.
fn absorbing_sets(game: &Game, t: &Tables) -> Vec<Absorbing> {
    const UNKNOWN: u32 = u32::MAX;
    const ON_PATH: u32 = u32::MAX - 1;
    let (m, n) = game.shape();
    let index =
        |i: usize, j: usize, turn: Player| 2 * (i * n + j) + usize::from(turn == Player::Col);
    let mut fate = vec![UNKNOWN; 2 * m * n];
    let mut sets: Vec<Absorbing> = Vec::new();
    let mut equilibria: HashMap<(usize, usize), u32> = HashMap::new();
    let mut path: Vec<(usize, usize, Player)> = Vec::new();
    for i0 in 0..m {
        for j0 in 0..n {
            let (mut i, mut j, mut turn) = (i0, j0, Player::Row);
            path.clear();
            let id = loop {
                let s = index(i, j, turn);
                match fate[s] {
                    UNKNOWN => {}
                    ON_PATH => {
                        let from = path
                            .iter()
                            .position(|&(a, b, p)| index(a, b, p) == s)
                            .unwrap_or(0);
                        sets.push(Absorbing {
                            profiles: path[from..].iter().map(|&(a, b, _)| (a, b)).collect(),
                            starts: 0,
                        });
                        break (sets.len() - 1) as u32;
                    }
                    known => break known,
                }
                if t.equilibrium(i, j) {
                    break *equilibria.entry((i, j)).or_insert_with(|| {
                        sets.push(Absorbing {
                            profiles: vec![(i, j)],
                            starts: 0,
                        });
                        (sets.len() - 1) as u32
                    });
                }
                fate[s] = ON_PATH;
                path.push((i, j, turn));
                (i, j) = t.step(i, j, turn);
                turn = turn.opponent();
            };
            for &(a, b, p) in &path {
                fate[index(a, b, p)] = id;
            }
            sets[id as usize].starts += 1;
        }
    }
    // Step 4: cycles from their name-first profile; order by starts, then by names.
    let (rr, cr) = (name_ranks(game, Player::Row), name_ranks(game, Player::Col));
    let key = |p: &(usize, usize)| (rr[p.0], cr[p.1]);
    for set in &mut sets {
        if let Some(first) = (0..set.profiles.len()).min_by_key(|&k| key(&set.profiles[k])) {
            set.profiles.rotate_left(first);
        }
    }
    sets.retain(|s| s.starts > 0);
    sets.sort_by(|x, y| {
        y.starts.cmp(&x.starts).then_with(|| {
            let kx: Vec<_> = x.profiles.iter().map(key).collect();
            let ky: Vec<_> = y.profiles.iter().map(key).collect();
            kx.cmp(&ky)
        })
    });
    sets
}

/// Runs alternating best-response dynamics (row moves first) from every pure profile,
/// and the main run from `cfg.start` (a start outside the game is replaced by the default).
pub fn best_response_dynamics(game: &Game, cfg: &BestResponseConfig) -> BestResponseDynamics {
    let (m, n) = game.shape();
    let t = Tables::new(game);
    let start = match cfg.start {
        Some((i, j)) if i < m && j < n => (i, j),
        _ => uniform_start(game),
    };
    let (mut i, mut j) = start;
    let pure = |i: usize, j: usize| {
        (
            MixedStrategy::pure(m, i).probs().to_vec(),
            MixedStrategy::pure(n, j).probs().to_vec(),
        )
    };
    let mut rec = Recorder::new();
    let mut seen: HashMap<(usize, usize, Player), usize> = HashMap::new();
    let mut path = vec![(i, j)];
    let mut turn = Player::Row;
    let mut stop = StopReason::IterationCap;
    let mut cycle = Vec::new();
    let mut steps = 0;
    let (x, y) = pure(i, j);
    rec.offer(0.0, &x, &y);
    while steps < cfg.iterations {
        crate::budget::spend(crate::budget::rates::DYNAMICS_CELL, (m + n) as f64);
        if t.equilibrium(i, j) {
            stop = StopReason::Converged;
            break;
        }
        if let Some(&first) = seen.get(&(i, j, turn)) {
            stop = StopReason::CycleDetected;
            cycle = path[first..path.len() - 1].to_vec();
            break;
        }
        seen.insert((i, j, turn), path.len() - 1);
        (i, j) = t.step(i, j, turn);
        turn = turn.opponent();
        steps += 1;
        path.push((i, j));
        let (x, y) = pure(i, j);
        rec.offer(steps as f64, &x, &y);
    }
    let (x, y) = if cycle.is_empty() {
        pure(i, j)
    } else {
        let mut x = vec![0.0; m];
        let mut y = vec![0.0; n];
        let w = 1.0 / cycle.len() as f64;
        for &(a, b) in &cycle {
            x[a] += w;
            y[b] += w;
        }
        (x, y)
    };
    let traj = rec.finish(steps as f64, &pure(i, j).0, &pure(i, j).1);
    BestResponseDynamics {
        outcome: outcome(game, stop, steps, &x, &y, traj),
        start,
        path,
        cycle,
        absorbing: absorbing_sets(game, &t),
        starts: m * n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::PlayerInfo;
    use nalgebra::DMatrix;

    #[test]
    fn prisoners_dilemma_reaches_mutual_defection() {
        let g = crate::game::fixtures::pd();
        let cfg = BestResponseConfig {
            start: Some((0, 0)),
            ..BestResponseConfig::default()
        };
        let r = best_response_dynamics(&g, &cfg);
        assert_eq!(r.outcome.stop, StopReason::Converged);
        assert_eq!(r.path, vec![(0, 0), (1, 0), (1, 1)]);
        assert_eq!(r.outcome.regret, 0.0);
        // Every start ends in mutual defection; by default play starts there.
        assert_eq!(
            r.absorbing,
            vec![Absorbing {
                profiles: vec![(1, 1)],
                starts: 4
            }]
        );
        let r = best_response_dynamics(&g, &BestResponseConfig::default());
        assert_eq!((r.start, r.path.len()), ((1, 1), 1));
    }

    #[test]
    fn matching_pennies_cycles_through_all_four_profiles() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let r = best_response_dynamics(&g, &BestResponseConfig::default());
        assert_eq!(r.outcome.stop, StopReason::CycleDetected);
        let mut c = r.cycle.clone();
        c.sort();
        c.dedup();
        assert_eq!(c.len(), 4);
        // The average of play along the cycle is the mixed equilibrium.
        assert!(r.outcome.regret < 1e-12);
        // Every start enters the one cycle, written from (r1, c1).
        assert_eq!(r.absorbing.len(), 1);
        assert_eq!(r.absorbing[0].starts, 4);
        assert_eq!(
            r.absorbing[0].profiles,
            vec![(0, 0), (0, 1), (1, 1), (1, 0)]
        );
    }

    #[test]
    fn ties_go_by_name_so_reordering_actions_changes_nothing() {
        // Against c1 the row player is indifferent between x and y; from (z, c1) it moves to
        // x (first by name) wherever x is listed, and play stops at (x, c1). Taking the
        // first listed action instead would send the game listed as y, x, z to (y, c2).
        let named = |rows: &[&str], a: [f64; 6], b: [f64; 6]| {
            Game::new(
                PlayerInfo::new("R", rows),
                PlayerInfo::new("C", &["c1", "c2"]),
                DMatrix::from_row_slice(3, 2, &a),
                DMatrix::from_row_slice(3, 2, &b),
            )
            .unwrap()
        };
        let g = named(
            &["x", "y", "z"],
            [1.0, 0.0, 1.0, 1.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 1.0, 1.0, 0.0],
        );
        let h = named(
            &["y", "x", "z"],
            [1.0, 1.0, 1.0, 0.0, 0.0, 0.0],
            [0.0, 1.0, 1.0, 0.0, 1.0, 0.0],
        );
        let rename =
            |game: &Game, r: &BestResponseDynamics| -> Vec<(Vec<(String, String)>, usize)> {
                let mut v: Vec<_> = r
                    .absorbing
                    .iter()
                    .map(|s| {
                        let p = s
                            .profiles
                            .iter()
                            .map(|&(i, j)| {
                                (
                                    game.action_name(Player::Row, i).to_string(),
                                    game.action_name(Player::Col, j).to_string(),
                                )
                            })
                            .collect();
                        (p, s.starts)
                    })
                    .collect();
                v.sort();
                v
            };
        let (rg, rh) = (
            best_response_dynamics(&g, &BestResponseConfig::default()),
            best_response_dynamics(&h, &BestResponseConfig::default()),
        );
        assert_eq!(rename(&g, &rg), rename(&h, &rh));
        let x_c1 = (vec![("x".to_string(), "c1".to_string())], 2);
        let y_c2 = (vec![("y".to_string(), "c2".to_string())], 4);
        assert_eq!(rename(&g, &rg), vec![x_c1, y_c2]);
        assert_eq!(
            g.action_name(Player::Row, rg.start.0),
            h.action_name(Player::Row, rh.start.0)
        );
    }
}
