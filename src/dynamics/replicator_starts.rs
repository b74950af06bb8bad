//! Replicator dynamics from several starts: where each start ends, how stable each end
//! point is, and which share of the starts reaches it (Hofbauer & Sigmund 1998,
//! *Evolutionary Games and Population Dynamics*, ch. 10, on why one start says little: the
//! uniform start of a symmetric game lies on the invariant line `x = y`, which may be the
//! stable manifold of a saddle).
//!
//! Steps:
//! 1. the starts are the uniform profile and `seeded` interior starts drawn by action
//!    name ([`super::starts`]), so that listing the actions in another order gives the
//!    same starts; by default [`REPLICATOR_SEEDED_STARTS`], fewer for large games so that
//!    starts times cells stay within [`REPLICATOR_START_BUDGET`] (games of more than that
//!    many cells run from the uniform start only);
//! 2. each start is integrated by [`replicator`] with the same settings; by default the
//!    step cap of each run is lowered so that runs times steps times cells stay within
//!    [`REPLICATOR_WORK`];
//! 3. its end is classified: a rest point (the run converged) is located exactly and
//!    linearised ([`super::stability`]); a closed orbit (the run came back to its start)
//!    ends at its time average, located likewise, and is a `centre` when the rest point
//!    there is one and `non_hyperbolic` otherwise (an orbit that closes neither attracts
//!    nor repels); a run stopped by a cap whose time average lies within
//!    [`REPLICATOR_AVERAGE_SNAP`] of a rest point is `recurrent` — it circles that point
//!    without closing, as the orbits of zero-sum games with more actions do, whose time
//!    averages tend to the interior equilibrium (Hofbauer & Sigmund 1998, §10.3) — and is
//!    reported at that point and classified like a closed orbit; any other run stopped by
//!    a cap is `unsettled`: its last state is no rest point and gets no stability;
//! 4. ends of the same kind within [`REPLICATOR_SAME_END`] of each other (every share) are
//!    one end point, placed where the first start to reach it ended; its share is the
//!    fraction of all starts that reach it;
//! 5. end points are listed by the number of starts, most first, then by their shares
//!    read in the order of the action names.

use serde::Serialize;

use super::StopReason;
use super::replicator::{Replicator, ReplicatorConfig, replicator};
use super::stability::{Linearisation, Stability, linearise, rest_point_near};
use super::starts::seeded_start;
use crate::game::{Game, MixedStrategy, Player};
use crate::tolerance::{
    REPLICATOR_AVERAGE_SNAP, REPLICATOR_SAME_END, REPLICATOR_SEEDED_STARTS, REPLICATOR_SNAP,
    REPLICATOR_START_BUDGET, REPLICATOR_WORK,
};

/// Settings of a run from several starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplicatorStartsConfig {
    /// The settings of each integration (its `start` is replaced by each start in turn).
    pub run: ReplicatorConfig,
    /// How many seeded interior starts besides the uniform one.
    pub seeded: usize,
}

impl ReplicatorStartsConfig {
    /// Defaults for `game`: `min(`[`REPLICATOR_SEEDED_STARTS`]`,
    /// `[`REPLICATOR_START_BUDGET`]` / cells)` seeded starts, each run with
    /// [`ReplicatorConfig::for_game`] but at most [`REPLICATOR_WORK`]` / (cells · runs)`
    /// steps (at least 100), so that all runs together stay within that work.
    pub fn for_game(game: &Game) -> Self {
        let (m, n) = game.shape();
        let cells = (m * n).max(1);
        let seeded = REPLICATOR_SEEDED_STARTS.min(REPLICATOR_START_BUDGET / cells);
        let mut run = ReplicatorConfig::for_game(game);
        run.iterations = run
            .iterations
            .min((REPLICATOR_WORK / (cells * (1 + seeded))).max(100));
        ReplicatorStartsConfig { run, seeded }
    }
}

/// What kind of end a start reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    /// A rest point of the flow.
    RestPoint,
    /// A closed orbit, represented by its time average.
    ClosedOrbit,
    /// The run stopped at a cap circling a rest point, represented by that point.
    Recurrent,
    /// The run stopped at a cap before settling.
    Unsettled,
}

/// One end point and the starts that reach it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndPoint {
    /// Row population's shares.
    pub row: Vec<f64>,
    /// Column population's shares.
    pub col: Vec<f64>,
    /// Rest point, closed orbit or unsettled.
    pub kind: EndKind,
    /// Whether the rest point was located exactly (from the indifference conditions).
    pub located: bool,
    /// The largest difference of a share between the numerical end (the last state, or
    /// the time average of an orbit) and the reported point.
    pub offset: f64,
    /// The linearisation at the rest point (at the orbit's centre for a closed orbit).
    pub linearisation: Option<Linearisation>,
    /// Its stability; `None` for an unsettled end or when it could not be computed.
    pub stability: Option<Stability>,
    /// The regret of the end point (0 at a Nash equilibrium).
    pub regret: f64,
    /// How many starts end here.
    pub starts: usize,
    /// Their fraction of all starts.
    pub share: f64,
}

/// One start and where it ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StartEnd {
    /// `None` for the uniform start, else the seeded start's index.
    pub seeded: Option<u64>,
    /// Row population's starting shares.
    pub row: Vec<f64>,
    /// Column population's starting shares.
    pub col: Vec<f64>,
    /// Why its integration stopped.
    pub stop: StopReason,
    /// Accepted integration steps.
    pub steps: usize,
    /// Time reached.
    pub time: f64,
    /// Index of its end point in [`ReplicatorStarts::end_points`].
    pub end_point: usize,
}

/// Replicator dynamics from several starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplicatorStarts {
    /// The run from the uniform start (its end point is the command's `end_point`).
    pub uniform: Replicator,
    /// Every start, the uniform one first, then the seeded ones in order.
    pub starts: Vec<StartEnd>,
    /// The end points reached.
    pub end_points: Vec<EndPoint>,
}

/// Where one run ended, before grouping.
fn end_of(game: &Game, run: &Replicator) -> EndPoint {
    let (m, _) = game.shape();
    let (x, y) = (run.outcome.end_row.probs(), run.outcome.end_col.probs());
    let (avg_x, avg_y) = run.average.split_at(m.min(run.average.len()));
    let (kind, located) = match run.outcome.stop {
        StopReason::Converged => (
            EndKind::RestPoint,
            rest_point_near(game, x, y, REPLICATOR_SNAP),
        ),
        StopReason::CycleDetected => (
            EndKind::ClosedOrbit,
            rest_point_near(game, x, y, REPLICATOR_SNAP),
        ),
        _ => match rest_point_near(game, avg_x, avg_y, REPLICATOR_AVERAGE_SNAP) {
            Some(p) => (EndKind::Recurrent, Some(p)),
            None => (EndKind::Unsettled, None),
        },
    };
    let (from_x, from_y) = if kind == EndKind::Recurrent {
        (avg_x, avg_y)
    } else {
        (x, y)
    };
    let (row, col) = located
        .clone()
        .unwrap_or_else(|| (from_x.to_vec(), from_y.to_vec()));
    let offset = from_x
        .iter()
        .zip(&row)
        .chain(from_y.iter().zip(&col))
        .fold(0.0f64, |d, (p, q)| d.max((p - q).abs()));
    let linearisation = match kind {
        EndKind::Unsettled => None,
        _ => linearise(game, &row, &col),
    };
    let stability = match (kind, &linearisation) {
        (EndKind::RestPoint, Some(l)) => Some(l.stability),
        (EndKind::ClosedOrbit | EndKind::Recurrent, Some(l))
            if l.stability == Stability::Centre =>
        {
            Some(Stability::Centre)
        }
        (EndKind::ClosedOrbit | EndKind::Recurrent, _) => Some(Stability::NonHyperbolic),
        _ => None,
    };
    let regret = match (
        MixedStrategy::new(row.clone()),
        MixedStrategy::new(col.clone()),
    ) {
        (Ok(p), Ok(q)) => game.regret(&p, &q),
        _ => run.outcome.regret,
    };
    EndPoint {
        row,
        col,
        kind,
        located: located.is_some(),
        offset,
        linearisation,
        stability,
        regret,
        starts: 1,
        share: 0.0,
    }
}

fn same(a: &EndPoint, b: &EndPoint) -> bool {
    a.kind == b.kind
        && a.row
            .iter()
            .zip(&b.row)
            .chain(a.col.iter().zip(&b.col))
            .all(|(p, q)| (p - q).abs() <= REPLICATOR_SAME_END)
}

/// The shares of an end point read in the order of the action names.
fn by_name(game: &Game, e: &EndPoint) -> Vec<f64> {
    let mut out = Vec::with_capacity(e.row.len() + e.col.len());
    for (p, shares) in [(Player::Row, &e.row), (Player::Col, &e.col)] {
        let mut k: Vec<usize> = (0..shares.len()).collect();
        k.sort_by(|&i, &j| game.action_name(p, i).cmp(game.action_name(p, j)));
        out.extend(k.iter().map(|&i| shares[i]));
    }
    out
}

/// Runs the replicator dynamics of `game` from the uniform and the seeded starts.
pub fn replicator_starts(game: &Game, cfg: &ReplicatorStartsConfig) -> ReplicatorStarts {
    let mut run_cfg = cfg.run.clone();
    run_cfg.start = None;
    let uniform = replicator(game, &run_cfg);
    let (m, n) = game.shape();
    let mut runs = vec![(
        None,
        vec![1.0 / m as f64; m],
        vec![1.0 / n as f64; n],
        uniform.clone(),
    )];
    for k in 0..cfg.seeded as u64 {
        let x = seeded_start(game, Player::Row, k);
        let y = seeded_start(game, Player::Col, k);
        run_cfg.start = match (MixedStrategy::new(x.clone()), MixedStrategy::new(y.clone())) {
            (Ok(p), Ok(q)) => Some((p, q)),
            _ => continue,
        };
        runs.push((Some(k), x, y, replicator(game, &run_cfg)));
    }
    let mut end_points: Vec<EndPoint> = Vec::new();
    let mut starts = Vec::with_capacity(runs.len());
    for (seeded, x, y, run) in runs {
        let end = end_of(game, &run);
        let at = match end_points.iter().position(|e| same(e, &end)) {
            Some(k) => {
                end_points[k].starts += 1;
                k
            }
            None => {
                end_points.push(end);
                end_points.len() - 1
            }
        };
        starts.push(StartEnd {
            seeded,
            row: x,
            col: y,
            stop: run.outcome.stop,
            steps: run.outcome.iterations,
            time: run.time,
            end_point: at,
        });
    }
    let total = starts.len().max(1) as f64;
    let mut order: Vec<usize> = (0..end_points.len()).collect();
    let keys: Vec<Vec<f64>> = end_points.iter().map(|e| by_name(game, e)).collect();
    order.sort_by(|&i, &j| {
        end_points[j]
            .starts
            .cmp(&end_points[i].starts)
            .then_with(|| {
                keys[i]
                    .partial_cmp(&keys[j])
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
    });
    let mut rank = vec![0; order.len()];
    for (r, &k) in order.iter().enumerate() {
        rank[k] = r;
    }
    let mut sorted: Vec<EndPoint> = order.iter().map(|&k| end_points[k].clone()).collect();
    for e in &mut sorted {
        e.share = e.starts as f64 / total;
    }
    for s in &mut starts {
        s.end_point = rank[s.end_point];
    }
    ReplicatorStarts {
        uniform,
        starts,
        end_points: sorted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(a: &[Vec<f64>], b: &[Vec<f64>]) -> Game {
        Game::from_rows(a, b).unwrap()
    }

    #[test]
    fn chicken_from_many_starts_ends_at_its_pure_equilibria_not_at_the_saddle() {
        let g = game(
            &[vec![4.0, 2.0], vec![6.0, 0.0]],
            &[vec![4.0, 6.0], vec![2.0, 0.0]],
        );
        let r = replicator_starts(&g, &ReplicatorStartsConfig::for_game(&g));
        assert_eq!(r.starts.len(), 1 + REPLICATOR_SEEDED_STARTS);
        // The uniform start stays on the diagonal and ends at the mixed point: a saddle.
        let u = &r.end_points[r.starts[0].end_point];
        assert_eq!(u.kind, EndKind::RestPoint);
        assert!(u.located && (u.row[0] - 0.5).abs() < 1e-12);
        assert_eq!(u.stability, Some(Stability::Saddle));
        assert_eq!(u.starts, 1);
        // The seeded starts end at the two pure equilibria, both stable.
        for e in &r.end_points {
            if e.row[0] > 1e-9 && e.row[0] < 1.0 - 1e-9 {
                assert_eq!(e.stability, Some(Stability::Saddle));
            } else {
                assert_eq!(e.stability, Some(Stability::Stable), "{e:?}");
                assert!(e.row[0] == 0.0 || e.row[0] == 1.0);
                assert!((e.row[0] - e.col[1]).abs() == 0.0, "anti-coordinated");
            }
        }
        assert_eq!(r.end_points.len(), 3);
        let total: f64 = r.end_points.iter().map(|e| e.share).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!(r.end_points.windows(2).all(|w| w[0].starts >= w[1].starts));
    }

    #[test]
    fn matching_pennies_orbits_end_at_a_centre() {
        let g = game(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        );
        let r = replicator_starts(&g, &ReplicatorStartsConfig::for_game(&g));
        // The uniform start is the rest point itself; the seeded ones circle it.
        assert_eq!(r.starts[0].stop, StopReason::Converged);
        let kinds: Vec<EndKind> = r.end_points.iter().map(|e| e.kind).collect();
        assert!(kinds.contains(&EndKind::RestPoint) && kinds.contains(&EndKind::ClosedOrbit));
        for e in &r.end_points {
            assert_eq!(e.stability, Some(Stability::Centre), "{e:?}");
            assert!((e.row[0] - 0.5).abs() < 1e-12 && (e.col[0] - 0.5).abs() < 1e-12);
        }
        assert_eq!(r.end_points.len(), 2);
    }

    #[test]
    fn large_games_run_fewer_seeded_starts() {
        let rows = vec![vec![0.0; 100]; 100];
        let g = game(&rows, &rows);
        assert_eq!(ReplicatorStartsConfig::for_game(&g).seeded, 0);
        let rows = vec![vec![0.0; 40]; 40];
        let g = game(&rows, &rows);
        assert_eq!(
            ReplicatorStartsConfig::for_game(&g).seeded,
            REPLICATOR_START_BUDGET / 1600
        );
    }
}
