//! The LP layer (`src/lp.rs`): every answer it gives is feasible and proven optimal —
//! checked here again, independently of the layer's own checks — on the programs truce
//! builds for the games that broke earlier versions, on random games at many scales and on
//! random ill-scaled programs; and its exact path agrees with its float path.

use proptest::prelude::*;
use truce::game::Game;
use truce::lp::{self, LinearProgram, Route, Sense, certificate, exact};
use truce::stage::solution::{SolveConfig, solve_stage};
use truce::tolerance::{LP_FEASIBILITY, LP_OPTIMALITY};

use crate::common;

#[path = "../../benches/lp/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// The size of the objective's largest term (the unit of the layer's gaps).
fn objective_size(lp: &LinearProgram) -> f64 {
    lp.objective()
        .iter()
        .zip(lp.bounds())
        .map(|(c, &(lo, hi))| (c * lo.abs().max(hi.abs()).max(1.0)).abs())
        .fold(f64::MIN_POSITIVE, f64::max)
}

/// Checks a solution afresh: feasible, and optimal by its multipliers (float routes) or
/// by the exact optimum (exact route).
fn check(lp: &LinearProgram, s: &lp::Solution) -> Result<(), String> {
    let v = lp.violation(&s.x);
    if v.is_nan() || v > LP_FEASIBILITY {
        return Err(format!("infeasible by {v:e}"));
    }
    match s.route {
        Route::Simplex | Route::SimplexDual => {
            let g = certificate::relative_gap(lp, &s.x, &s.certificate.duals);
            if g.is_nan() || g > LP_OPTIMALITY {
                return Err(format!("{:?}: gap {g:e}", s.route));
            }
        }
        Route::Exact => {
            let opt = exact::maximize(lp).map_err(|e| e.to_string())?;
            exact::verify(lp, &opt).map_err(|e| e.to_string())?;
            let short = (exact::to_f64(&opt.objective) - lp.value(&s.x)).abs() / objective_size(lp);
            if short.is_nan() || short > LP_OPTIMALITY {
                return Err(format!("exact: {short:e} short of the optimum"));
            }
        }
    }
    Ok(())
}

/// Every program the default `solve` builds for `game` is solved, and each answer passes
/// [`check`]; returns how many programs there were.
fn every_program_checks(game: &Game) -> Result<usize, String> {
    let programs = corpus::programs(game);
    for (k, lp) in programs.iter().enumerate() {
        let s = lp::solve(lp).map_err(|e| format!("program {k}: {e}"))?;
        check(lp, &s).map_err(|e| format!("program {k}: {e}"))?;
    }
    Ok(programs.len())
}

#[test]
fn the_known_cases_are_solved_and_every_answer_is_proven_optimal() {
    for (k, game) in corpus::known_cases().iter().enumerate() {
        let count = every_program_checks(game).unwrap_or_else(|e| panic!("case {k}: {e}"));
        assert!(count >= 4, "case {k}: {count} programs");
        let sol = solve_stage(game, &SolveConfig::default()).unwrap();
        assert!(
            sol.security.is_some() && sol.correlated.is_some(),
            "case {k}: {:?}",
            sol.notes
        );
        assert!(
            !sol.notes.iter().any(|n| n.contains("left out")),
            "case {k}: {:?}",
            sol.notes
        );
    }
}

#[test]
fn the_reported_game_has_the_correlated_optimum_of_its_dominant_column() {
    // Row payoffs all zero, column payoffs [[9626, 8181], [9650, 565]]: column 1 dominates,
    // every row is a best reply, so the welfare optimum is (row 2, column 1), worth 9650.
    let game = &corpus::known_cases()[0];
    let ce = solve_stage(game, &SolveConfig::default())
        .unwrap()
        .correlated
        .unwrap();
    assert!(
        (ce.distribution[1][0] - 1.0).abs() < 1e-9,
        "{:?}",
        ce.distribution
    );
    assert!(
        ce.payoffs.0.abs() < 1e-9 && (ce.payoffs.1 - 9650.0).abs() < 1e-6,
        "{:?}",
        ce.payoffs
    );
}

#[test]
fn the_exact_path_agrees_with_the_float_path_on_the_known_cases() {
    let mut compared = 0;
    for game in corpus::known_cases() {
        for lp in corpus::programs(&game).iter().filter(|lp| exact::fits(lp)) {
            let float = lp::solve(lp).unwrap();
            let careful = lp::maximize_exact(lp).unwrap();
            assert_eq!(careful.route, Route::Exact);
            // The float answer is no worse than the exact optimum. It may be better: it is
            // feasible only within LP_FEASIBILITY of each row's size, and at payoffs of
            // 10¹² a row may be missed by 1 (the tolerance of such a game is 10³).
            let (a, b) = (lp.value(&float.x), lp.value(&careful.x));
            assert!(a >= b - 1e-7 * objective_size(lp), "{a} vs {b}: {lp:?}");
            compared += 1;
        }
    }
    assert!(compared >= 16, "{compared}");
}

/// Random bounded programs of 1–5 variables and 1–6 rows whose coefficients, bounds and
/// objective each have their own size between 10⁻⁹ and 10¹², feasible by construction: the
/// first row may be an equality through an interior point, the others are inequalities
/// around it with room of at least 10⁻⁶ of their size (so rounding the right-hand sides
/// cannot make them exactly infeasible).
fn ill_scaled_programs() -> impl Strategy<Value = LinearProgram> {
    let size = (-9i32..=12).prop_map(|e| 10f64.powi(e));
    let var = (
        size.clone(),
        -1.0f64..1.0,
        0.05f64..0.95,
        -1.0f64..1.0,
        size.clone(),
    );
    let row = (
        prop::collection::vec((-1.0f64..1.0, size.clone()), 5),
        0usize..3,
        0.0f64..1.0,
    );
    (
        prop::collection::vec(var, 1..=5),
        prop::collection::vec(row, 1..=6),
    )
        .prop_map(|(vars, rows)| {
            let mut lp = LinearProgram::new();
            let mut point = Vec::new();
            for (width, low, at, c, c_size) in vars {
                let (lo, hi) = (low * width, (low + 1.0) * width);
                lp.var(c * c_size, (lo, hi));
                point.push(lo + at * (hi - lo));
            }
            let n = point.len();
            for (r, (coefs, sense, margin)) in rows.into_iter().enumerate() {
                let terms: Vec<(usize, f64)> = coefs
                    .iter()
                    .take(n)
                    .enumerate()
                    .map(|(k, &(c, s))| (k, c * s))
                    .collect();
                let at: f64 = terms.iter().map(|&(k, c)| c * point[k]).sum();
                let room = (1e-6 + margin)
                    * terms
                        .iter()
                        .map(|&(k, c)| (c * point[k]).abs())
                        .sum::<f64>();
                match if r == 0 { sense } else { sense % 2 } {
                    0 => lp.constraint(terms, Sense::Le, at + room),
                    1 => lp.constraint(terms, Sense::Ge, at - room),
                    _ => lp.constraint(terms, Sense::Eq, at),
                }
            }
            lp
        })
}

proptest! {
    #![proptest_config(common::proptest_config(60))]

    /// On random games at scales from 10⁻⁶ to 10⁸, every program truce builds is solved
    /// and every answer proven optimal.
    #[test]
    fn every_answer_on_random_games_is_proven_optimal(
        g in common::game_strategy(1..=5, 0..=9999),
        scale in prop::sample::select(vec![1.0, 1e-6, 1e-3, 1e3, 1e8]),
    ) {
        let (m, n) = g.shape();
        let cell = |p: &nalgebra::DMatrix<f64>| -> Vec<Vec<f64>> {
            (0..m).map(|i| (0..n).map(|j| p[(i, j)] * scale).collect()).collect()
        };
        let g = Game::from_rows(&cell(g.a()), &cell(g.b())).unwrap();
        let r = every_program_checks(&g);
        prop_assert!(r.is_ok(), "{:?}", r);
    }
}

proptest! {
    #![proptest_config(common::proptest_config(300))]

    /// On random ill-scaled programs, every answer the layer gives passes the checks, and
    /// is no worse than the exact optimum by more than the tolerance.
    #[test]
    fn every_answer_on_ill_scaled_programs_is_proven_optimal(lp in ill_scaled_programs()) {
        let s = lp::solve(&lp);
        prop_assert!(s.is_ok(), "{:?}: {:?}", s.err(), lp);
        let s = s.unwrap();
        let c = check(&lp, &s);
        prop_assert!(c.is_ok(), "{:?}: {:?}", c, lp);
        let opt = exact::maximize(&lp);
        prop_assert!(opt.is_ok(), "{:?}", opt.err());
        let best = exact::to_f64(&opt.unwrap().objective);
        prop_assert!(lp.value(&s.x) >= best - 2.0 * LP_OPTIMALITY * objective_size(&lp),
            "{} vs exact {best}: {:?}", lp.value(&s.x), s.route);
    }
}
