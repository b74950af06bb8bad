//! The phase portrait of the two-population replicator dynamics of a 2×2 game (Taylor &
//! Jonker 1978; Hofbauer & Sigmund 1998, ch. 10): the direction field on a grid of the
//! unit square of `(p, q)` = (P(row's first action), P(column's first action)), with the
//! velocity of [`velocity`] (for two actions `ṗ = p(1−p)(u_row(first) − u_row(second))`),
//! and
//! trajectories from a few fixed interior starts integrated by [`replicator`]. It is data
//! for a chart; the rest points to draw beside it are the game's equilibria, which the
//! caller already has.

use crate::game::{Game, MixedStrategy};

use super::replicator::{ReplicatorConfig, replicator, velocity};
use crate::tolerance::PHASE_MIN_SCALE;

/// Starting points `(p, q)` of the trajectories: one in each quadrant of the square and
/// one near its centre.
pub const PHASE_STARTS: [(f64, f64); 5] = [
    (0.2, 0.8),
    (0.8, 0.25),
    (0.35, 0.3),
    (0.75, 0.7),
    (0.55, 0.45),
];

/// Grid points per side of the direction field.
pub const FIELD_POINTS: usize = 11;

/// Integration steps per trajectory.
const TRAJECTORY_STEPS: usize = 20_000;

/// Integration time per trajectory, in units of the payoff scale (so rescaled games
/// flow alike).
const TRAJECTORY_TIME: f64 = 200.0;

/// One trajectory of the portrait.
#[derive(Debug, Clone, PartialEq)]
pub struct PortraitTrajectory {
    /// Where it starts, `(p, q)`.
    pub start: (f64, f64),
    /// The path of `(p, q)`, from the start.
    pub points: Vec<(f64, f64)>,
}

/// The portrait's data.
#[derive(Debug, Clone, PartialEq)]
pub struct PhasePortrait {
    /// At each grid point `(p, q)`, the velocity `(ṗ, q̇)`.
    pub field: Vec<((f64, f64), (f64, f64))>,
    /// One trajectory from each of [`PHASE_STARTS`].
    pub trajectories: Vec<PortraitTrajectory>,
}

/// The phase portrait of `game`, `None` unless it is 2×2.
pub fn phase_portrait(game: &Game) -> Option<PhasePortrait> {
    if game.shape() != (2, 2) {
        return None;
    }
    // The replicator field, read at the first action of each player.
    let velocity = |p: f64, q: f64| {
        let (dx, dy) = velocity(game, &[p, 1.0 - p], &[q, 1.0 - q]);
        (dx[0], dy[0])
    };
    let mut field = Vec::with_capacity(FIELD_POINTS * FIELD_POINTS);
    for k in 0..FIELD_POINTS {
        for l in 0..FIELD_POINTS {
            let (p, q) = (0.05 + 0.09 * k as f64, 0.05 + 0.09 * l as f64);
            field.push(((p, q), velocity(p, q)));
        }
    }
    let mut trajectories = Vec::with_capacity(PHASE_STARTS.len());
    for &(p0, q0) in &PHASE_STARTS {
        let mut cfg = ReplicatorConfig::for_game(game);
        cfg.iterations = TRAJECTORY_STEPS;
        cfg.t_max = TRAJECTORY_TIME / game.payoff_scale().max(PHASE_MIN_SCALE);
        // Interior starts of two actions are always mixed strategies.
        let start = MixedStrategy::new(vec![p0, 1.0 - p0])
            .and_then(|x| Ok((x, MixedStrategy::new(vec![q0, 1.0 - q0])?)))
            .ok()?;
        cfg.start = Some(start);
        let run = replicator(game, &cfg);
        let points = run
            .outcome
            .trajectory
            .iter()
            .map(|t| (t.row[0], t.col[0]))
            .collect();
        trajectories.push(PortraitTrajectory {
            start: (p0, q0),
            points,
        });
    }
    Some(PhasePortrait {
        field,
        trajectories,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prisoners_dilemma_flows_to_mutual_defection() {
        let pd = crate::game::fixtures::pd();
        let portrait = phase_portrait(&pd).unwrap();
        assert_eq!(portrait.field.len(), FIELD_POINTS * FIELD_POINTS);
        for t in &portrait.trajectories {
            let end = *t.points.last().unwrap();
            assert!(
                end.0 < 1e-3 && end.1 < 1e-3,
                "{:?}: ends at {end:?}",
                t.start
            );
        }
        let rows = vec![vec![1.0; 3], vec![1.0; 3]];
        assert!(phase_portrait(&Game::from_rows(&rows, &rows).unwrap()).is_none());
    }

    #[test]
    fn matching_pennies_orbits_neither_collapse_nor_reach_the_boundary() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        for t in phase_portrait(&g).unwrap().trajectories {
            let r0 = (t.points[0].0 - 0.5).hypot(t.points[0].1 - 0.5);
            for x in &t.points {
                let r = (x.0 - 0.5).hypot(x.1 - 0.5);
                assert!(
                    r > 0.3 * r0 && x.0 > 1e-3 && x.0 < 1.0 - 1e-3,
                    "{:?}",
                    t.start
                );
            }
        }
    }
}
