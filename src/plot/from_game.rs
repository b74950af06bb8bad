//! Builds the stage-game charts straight from a [`Game`] with the stage solvers, so a
//! scenario can be charted before any repeated-game analysis runs: the heatmap (payoffs,
//! best responses from [`best_response_table`], pure equilibria from [`pure_equilibria`])
//! and the payoff space (feasible set = [`convex_hull`] of the pure payoff pairs, pure
//! minmax from [`pure_security`], mixed minmax from [`mixed_security`], the individually
//! rational region above the mixed minmax, and the Pareto frontier of the feasible set,
//! whose corners are the Pareto-optimal pure outcomes of [`pareto_optimal`]).

use crate::game::{Game, Player};
use crate::geometry::convex_hull;
use crate::stage::best_response::best_response_table;
use crate::stage::minmax::mixed_security;
use crate::stage::pareto::pareto_optimal;
use crate::stage::pure::pure_equilibria;
use crate::stage::pure_values::pure_security;

use super::PlotError;
use super::dynamics::{PhaseChart, PhaseTrajectory};
use super::heatmap::StageChart;
use super::payoff_space::{LabelledPoint, PayoffSpaceChart, individually_rational, pareto_chain};
use crate::dynamics::replicator::{ReplicatorConfig, replicator};
use crate::game::MixedStrategy;
use crate::stage::vertex::extreme_equilibria;

fn matrix(m: &nalgebra::DMatrix<f64>) -> Vec<Vec<f64>> {
    (0..m.nrows())
        .map(|i| (0..m.ncols()).map(|j| m[(i, j)]).collect())
        .collect()
}

fn profile_label(game: &Game, i: usize, j: usize) -> String {
    format!(
        "({}, {})",
        game.action_name(Player::Row, i),
        game.action_name(Player::Col, j)
    )
}

/// The stage-game heatmap of `game` (pure equilibria only; callers with mixed equilibria
/// add them to [`StageChart::mixed_equilibria`]).
pub fn stage_chart(game: &Game, title: &str) -> StageChart {
    let br = best_response_table(game);
    StageChart {
        title: title.to_string(),
        row_player: game.player(Player::Row).name.clone(),
        col_player: game.player(Player::Col).name.clone(),
        row_actions: game.player(Player::Row).action_names(),
        col_actions: game.player(Player::Col).action_names(),
        a: matrix(game.a()),
        b: matrix(game.b()),
        row_best_responses: br.row,
        col_best_responses: br.col,
        pure_equilibria: pure_equilibria(game)
            .iter()
            .map(|e| (e.row, e.col))
            .collect(),
        mixed_equilibria: Vec::new(),
    }
}

/// The payoff-space chart of `game`'s stage: feasible set, minmax points, individually
/// rational region, pure equilibria and Pareto frontier. Repeated-game layers (SPE sets,
/// bargaining points, a trail) are left empty for the caller to fill.
pub fn payoff_space_chart(game: &Game, title: &str) -> Result<PayoffSpaceChart, PlotError> {
    let (m, n) = game.shape();
    let tol = game.tolerance().abs;
    let mut profiles = Vec::with_capacity(m * n);
    for i in 0..m {
        for j in 0..n {
            profiles.push(LabelledPoint::new(
                profile_label(game, i, j),
                game.pure_payoffs(i, j),
            ));
        }
    }
    let pairs: Vec<(f64, f64)> = profiles.iter().map(|p| p.point).collect();
    let hull = convex_hull(&pairs, tol);
    let pr = pure_security(game, Player::Row);
    let pc = pure_security(game, Player::Col);
    let mr = mixed_security(game, Player::Row).map_err(|e| PlotError::Data(e.to_string()))?;
    let mc = mixed_security(game, Player::Col).map_err(|e| PlotError::Data(e.to_string()))?;
    let mixed = (mr.minmax, mc.minmax);
    let frontier = pareto_chain(hull.vertices());
    debug_assert!({
        let pareto = pareto_optimal(game);
        frontier.iter().all(|p| {
            pareto
                .iter()
                .any(|o| (o.payoffs.0 - p.0).abs() <= tol && (o.payoffs.1 - p.1).abs() <= tol)
        })
    });
    let players = (
        game.player(Player::Row).name.clone(),
        game.player(Player::Col).name.clone(),
    );
    Ok(PayoffSpaceChart {
        title: title.to_string(),
        row_player: players.0,
        col_player: players.1,
        individually_rational: individually_rational(hull.vertices(), mixed),
        feasible: hull.0,
        profiles,
        minmax_pure: Some((pr.minmax, pc.minmax)),
        minmax_mixed: Some(mixed),
        pure_equilibria: pure_equilibria(game)
            .iter()
            .map(|e| LabelledPoint::new(profile_label(game, e.row, e.col), e.payoffs))
            .collect(),
        pareto_frontier: frontier,
        ..PayoffSpaceChart::default()
    })
}

/// Starting points `(P(row's first action), P(col's first action))` of the phase
/// portrait's trajectories: one in each quadrant of the square and one near its centre.
const PHASE_STARTS: [(f64, f64); 5] = [
    (0.2, 0.8),
    (0.8, 0.25),
    (0.35, 0.3),
    (0.75, 0.7),
    (0.55, 0.45),
];

/// The replicator phase portrait of a 2×2 game (`None` for other shapes): the direction
/// field of the two-population replicator dynamics on an 11×11 grid (Taylor & Jonker 1978;
/// the velocity is `ṗ = p(1−p)(u_row(first) − u_row(second))`, likewise `q̇`), trajectories
/// integrated by [`replicator`] from five starts, and every extreme Nash equilibrium from
/// [`extreme_equilibria`] as a labelled rest point.
pub fn phase_portrait_chart(game: &Game, title: &str) -> Option<Result<PhaseChart, PlotError>> {
    if game.shape() != (2, 2) {
        return None;
    }
    let (a, b) = (game.a(), game.b());
    let velocity = |p: f64, q: f64| {
        let ur = |i: usize| q * a[(i, 0)] + (1.0 - q) * a[(i, 1)];
        let uc = |j: usize| p * b[(0, j)] + (1.0 - p) * b[(1, j)];
        (
            p * (1.0 - p) * (ur(0) - ur(1)),
            q * (1.0 - q) * (uc(0) - uc(1)),
        )
    };
    let mut field = Vec::with_capacity(121);
    for k in 0..=10 {
        for l in 0..=10 {
            let (p, q) = (0.05 + 0.09 * k as f64, 0.05 + 0.09 * l as f64);
            field.push(((p, q), velocity(p, q)));
        }
    }
    let mut trajectories = Vec::with_capacity(PHASE_STARTS.len());
    for &(p0, q0) in &PHASE_STARTS {
        let mut cfg = ReplicatorConfig::for_game(game);
        cfg.iterations = 20_000;
        cfg.t_max = 200.0 / game.payoff_scale().max(1e-12);
        let start = MixedStrategy::new(vec![p0, 1.0 - p0])
            .and_then(|x| Ok((x, MixedStrategy::new(vec![q0, 1.0 - q0])?)));
        let Ok(start) = start else {
            return Some(Err(PlotError::Data(
                "a phase-portrait start is not a mixed strategy".into(),
            )));
        };
        cfg.start = Some(start);
        let run = replicator(game, &cfg);
        trajectories.push(PhaseTrajectory {
            label: format!("replicator from ({p0}, {q0})"),
            points: run
                .outcome
                .trajectory
                .iter()
                .map(|t| (t.row[0], t.col[0]))
                .collect(),
        });
    }
    let equilibria = match extreme_equilibria(game) {
        Ok(e) => e.equilibria,
        Err(e) => return Some(Err(PlotError::Data(e.to_string()))),
    };
    let rest_points = equilibria
        .iter()
        .map(|e| {
            let (x, y) = (e.row.probs(), e.col.probs());
            let label = match (e.row.as_pure(), e.col.as_pure()) {
                (Some(i), Some(j)) => format!("Nash equilibrium {}", profile_label(game, i, j)),
                _ => format!(
                    "mixed equilibrium ({}, {})",
                    super::style::num(x[0], 3),
                    super::style::num(y[0], 3)
                ),
            };
            LabelledPoint::new(label, (x[0], y[0]))
        })
        .collect();
    Some(Ok(PhaseChart {
        title: title.to_string(),
        row_player: game.player(Player::Row).name.clone(),
        col_player: game.player(Player::Col).name.clone(),
        row_actions: game.player(Player::Row).action_names(),
        col_actions: game.player(Player::Col).action_names(),
        field,
        trajectories,
        rest_points,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd() -> Game {
        Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap()
    }

    #[test]
    fn prisoners_dilemma_payoff_space() {
        let c = payoff_space_chart(&pd(), "PD").unwrap();
        assert_eq!(c.profiles.len(), 4);
        assert_eq!(c.feasible.len(), 4);
        assert_eq!(c.minmax_pure, Some((1.0, 1.0)));
        let (vr, vc) = c.minmax_mixed.unwrap();
        assert!((vr - 1.0).abs() < 1e-9 && (vc - 1.0).abs() < 1e-9);
        assert_eq!(c.pure_equilibria.len(), 1);
        assert_eq!(c.pareto_frontier, vec![(5.0, 0.0), (3.0, 3.0), (0.0, 5.0)]);
        // IR region: above (1, 1) inside the hull of (0,5),(1,1),(5,0),(3,3)
        assert!(
            c.individually_rational
                .iter()
                .all(|p| p.0 >= 1.0 - 1e-9 && p.1 >= 1.0 - 1e-9)
        );
        assert!(c.individually_rational.contains(&(3.0, 3.0)));
    }

    #[test]
    fn phase_portrait_of_the_prisoners_dilemma_flows_to_mutual_defection() {
        let c = phase_portrait_chart(&pd(), "PD").unwrap().unwrap();
        assert_eq!(c.rest_points.len(), 1);
        assert_eq!(c.rest_points[0].point, (0.0, 0.0));
        for t in &c.trajectories {
            let end = *t.points.last().unwrap();
            assert!(end.0 < 1e-3 && end.1 < 1e-3, "{}: ends at {end:?}", t.label);
        }
        let rows = vec![vec![1.0; 3], vec![1.0; 3]];
        let two_by_three = Game::from_rows(&rows, &rows).unwrap();
        assert!(phase_portrait_chart(&two_by_three, "x").is_none());
    }

    #[test]
    fn phase_portrait_of_matching_pennies_circles_the_mixed_equilibrium() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let c = phase_portrait_chart(&g, "MP").unwrap().unwrap();
        assert_eq!(c.rest_points.len(), 1);
        let (p, q) = c.rest_points[0].point;
        assert!((p - 0.5).abs() < 1e-9 && (q - 0.5).abs() < 1e-9);
        // The orbits are closed: no trajectory approaches the centre or the boundary.
        for t in &c.trajectories {
            let r0 = (t.points[0].0 - 0.5).hypot(t.points[0].1 - 0.5);
            for x in &t.points {
                let r = (x.0 - 0.5).hypot(x.1 - 0.5);
                assert!(
                    r > 0.3 * r0 && x.0 > 1e-3 && x.0 < 1.0 - 1e-3,
                    "{}",
                    t.label
                );
            }
        }
    }

    #[test]
    fn stage_chart_has_names_and_best_responses() {
        let c = stage_chart(&pd(), "PD");
        assert_eq!(c.row_best_responses, vec![vec![1], vec![1]]);
        assert_eq!(c.col_best_responses, vec![vec![1], vec![1]]);
        assert_eq!(c.pure_equilibria, vec![(1, 1)]);
        assert_eq!(c.a[1][0], 5.0);
    }
}

#[cfg(test)]
mod robustness {
    use super::*;
    use crate::plot::{Size, png_bytes, svg_string};

    fn game(m: usize, n: usize, f: impl Fn(usize, usize) -> (f64, f64)) -> Game {
        let a: Vec<Vec<f64>> = (0..m)
            .map(|i| (0..n).map(|j| f(i, j).0).collect())
            .collect();
        let b: Vec<Vec<f64>> = (0..m)
            .map(|i| (0..n).map(|j| f(i, j).1).collect())
            .collect();
        Game::from_rows(&a, &b).unwrap()
    }

    fn render_both(g: &Game) {
        let h = stage_chart(g, "heatmap");
        png_bytes(&h, Size::default()).unwrap();
        svg_string(&h, Size::default()).unwrap();
        let p = payoff_space_chart(g, "space").unwrap();
        png_bytes(&p, Size::default()).unwrap();
        svg_string(&p, Size::default()).unwrap();
    }

    #[test]
    fn constant_game_renders() {
        render_both(&game(2, 3, |_, _| (1.0, 1.0)));
    }

    #[test]
    fn huge_payoffs_render() {
        render_both(&game(2, 2, |i, j| {
            (1e6 * (i as f64 - j as f64), -1e6 * i as f64)
        }));
    }

    #[test]
    fn one_by_one_renders() {
        render_both(&game(1, 1, |_, _| (0.0, 0.0)));
    }

    #[test]
    fn a_large_game_renders() {
        render_both(&game(9, 8, |i, j| {
            (((i * 7 + j * 3) % 11) as f64, ((i * 5 + j * 2) % 13) as f64)
        }));
    }
}
