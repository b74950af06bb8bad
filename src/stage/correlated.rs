//! The correlated equilibrium that maximises the sum of payoffs, by linear programming
//! (Aumann 1974; the LP of Papadimitriou & Roughgarden 2008, and Nisan et al. 2007,
//! *Algorithmic Game Theory*, §2.4).
//!
//! A correlated equilibrium is a distribution `p` over action pairs such that neither
//! player, told only their own recommended action, gains by switching to another:
//! for all rows `i ≠ i'`: `Σⱼ p(i, j) (a(i, j) − a(i', j)) ≥ 0`, and for all columns
//! `j ≠ j'`: `Σᵢ p(i, j) (b(i, j) − b(i, j')) ≥ 0`. The LP maximises
//! `Σ p(i, j) (a(i, j) + b(i, j))` over such distributions (`p ≥ 0`, `Σ p = 1`). The
//! distribution returned is clipped to non-negative, renormalised and its largest
//! incentive violation reported.

use crate::lp::{LinearProgram, Sense, maximize};
use serde::Serialize;

use super::minmax::LpError;
use crate::game::Game;
use crate::tolerance::CE_FACE_WIDTH;

/// A correlated equilibrium maximising total payoff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrelatedEquilibrium {
    /// `distribution[i][j]`: probability of recommending `(i, j)`.
    pub distribution: Vec<Vec<f64>>,
    /// Expected payoffs `(u_row, u_col)`.
    pub payoffs: (f64, f64),
    /// The largest gain from disobeying a recommendation (at most the game's tolerance).
    pub max_violation: f64,
    /// Whether the welfare-maximising correlated equilibrium is unique (else the optimum
    /// is a whole face of the correlated-equilibrium polytope and `distribution` is one
    /// of its vertices).
    pub unique: bool,
    /// `cell_ranges[i][j]`: the least and the largest probability of `(i, j)` over the
    /// optimal face (a point when the optimum is unique).
    pub cell_ranges: Vec<Vec<(f64, f64)>>,
}

/// The correlated-equilibrium polytope as an LP maximising `Σ weight(i, j) p(i, j)`; the
/// variables `p[i][j]`.
fn correlated_lp(
    game: &Game,
    weight: impl Fn(usize, usize) -> f64,
) -> (LinearProgram, Vec<Vec<usize>>) {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let mut lp = LinearProgram::new();
    let p: Vec<Vec<_>> = (0..m)
        .map(|i| (0..n).map(|j| lp.var(weight(i, j), (0.0, 1.0))).collect())
        .collect();
    for i in 0..m {
        for i2 in (0..m).filter(|&k| k != i) {
            let row: Vec<_> = (0..n).map(|j| (p[i][j], a[(i, j)] - a[(i2, j)])).collect();
            lp.constraint(row, Sense::Ge, 0.0);
        }
    }
    for j in 0..n {
        for j2 in (0..n).filter(|&k| k != j) {
            let col: Vec<_> = (0..m).map(|i| (p[i][j], b[(i, j)] - b[(i, j2)])).collect();
            lp.constraint(col, Sense::Ge, 0.0);
        }
    }
    let all: Vec<_> = p.iter().flatten().map(|&v| (v, 1.0)).collect();
    lp.constraint(all, Sense::Eq, 1.0);
    (lp, p)
}

/// Solves the LP (see the module docs).
pub fn max_welfare_correlated(game: &Game) -> Result<CorrelatedEquilibrium, LpError> {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let (lp, p) = correlated_lp(game, |i, j| a[(i, j)] + b[(i, j)]);
    let sol = maximize(&lp)?;
    let mut dist: Vec<Vec<f64>> = p
        .iter()
        .map(|r| r.iter().map(|&v| sol[v].max(0.0)).collect())
        .collect();
    let total: f64 = dist.iter().flatten().sum();
    if total.is_nan() || total <= 0.0 {
        return Err(LpError(
            "the correlated-equilibrium LP gave an empty distribution".into(),
        ));
    }
    dist.iter_mut().flatten().for_each(|v| *v /= total);
    let mut payoffs = (0.0, 0.0);
    for i in 0..m {
        for j in 0..n {
            payoffs.0 += dist[i][j] * a[(i, j)];
            payoffs.1 += dist[i][j] * b[(i, j)];
        }
    }
    let mut max_violation = 0.0f64;
    for i in 0..m {
        for i2 in 0..m {
            let gain: f64 = (0..n).map(|j| dist[i][j] * (a[(i2, j)] - a[(i, j)])).sum();
            max_violation = max_violation.max(gain);
        }
    }
    for j in 0..n {
        for j2 in 0..n {
            let gain: f64 = (0..m).map(|i| dist[i][j] * (b[(i, j2)] - b[(i, j)])).sum();
            max_violation = max_violation.max(gain);
        }
    }
    let (unique, cell_ranges) = optimal_face(game, &dist)?;
    Ok(CorrelatedEquilibrium {
        distribution: dist,
        payoffs,
        max_violation,
        unique,
        cell_ranges,
    })
}

/// Whether the welfare optimum `dist` is the only one, and each cell's range over the
/// optimal face: the correlated-equilibrium polytope cut by `welfare ≥ W* − tolerance`.
/// Uniqueness is tested first by maximising and minimising one generic linear function
/// over the face (weights √2, √3, √5, … mod 1, which no face of dimension ≥ 1 keeps
/// constant except on a measure-zero set of games); only a face found to be wider is
/// described cell by cell, with two LPs per cell.
/// Each cell's `(least, largest)` probability, `[i][j]`.
type CellRanges = Vec<Vec<(f64, f64)>>;

fn optimal_face(game: &Game, dist: &[Vec<f64>]) -> Result<(bool, CellRanges), LpError> {
    let (m, n) = game.shape();
    let (a, b) = (game.a(), game.b());
    let welfare = |i: usize, j: usize| a[(i, j)] + b[(i, j)];
    let best: f64 = (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| dist[i][j] * welfare(i, j))
        .sum();
    let slack = game.tolerance().abs;
    let face = |weight: &dyn Fn(usize, usize) -> f64, sign: f64| -> Result<Vec<f64>, LpError> {
        let (mut lp, p) = correlated_lp(game, |i, j| sign * weight(i, j));
        let terms: Vec<_> = (0..m)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| (p[i][j], welfare(i, j)))
            .collect();
        lp.constraint(terms, Sense::Ge, best - slack);
        let x = maximize(&lp)?;
        Ok((0..m * n).map(|k| x[k]).collect())
    };
    let generic = |i: usize, j: usize| ((2 + i * n + j) as f64).sqrt().fract();
    let value = |x: &[f64]| -> f64 {
        (0..m)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| x[i * n + j] * generic(i, j))
            .sum()
    };
    let hi = value(&face(&generic, 1.0)?);
    let lo = value(&face(&generic, -1.0)?);
    let point = |v: f64| (v, v);
    if hi - lo <= CE_FACE_WIDTH {
        return Ok((
            true,
            dist.iter()
                .map(|r| r.iter().map(|&v| point(v)).collect())
                .collect(),
        ));
    }
    let mut ranges: CellRanges = Vec::with_capacity(m);
    for i in 0..m {
        let mut row = Vec::with_capacity(n);
        for j in 0..n {
            let cell = move |r: usize, c: usize| if (r, c) == (i, j) { 1.0 } else { 0.0 };
            let up = face(&cell, 1.0)?[i * n + j];
            let down = face(&cell, -1.0)?[i * n + j];
            row.push((down.clamp(0.0, 1.0), up.clamp(0.0, 1.0)));
        }
        ranges.push(row);
    }
    Ok((false, ranges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chicken_correlated_beats_the_mixed_equilibrium() {
        // Chicken: (dare, chicken) rows/cols. The welfare-maximising CE puts weight on
        // (chicken, chicken) and the two asymmetric outcomes.
        let g = Game::from_rows(
            &[vec![0.0, 7.0], vec![2.0, 6.0]],
            &[vec![0.0, 2.0], vec![7.0, 6.0]],
        )
        .unwrap();
        let ce = max_welfare_correlated(&g).unwrap();
        // Known optimum: p(CC) = 1/2, p(DC) = p(CD) = 1/4, payoffs 5.25 each.
        assert!((ce.payoffs.0 - 5.25).abs() < 1e-6, "{:?}", ce.payoffs);
        assert!((ce.payoffs.1 - 5.25).abs() < 1e-6);
        assert!(ce.max_violation < 1e-7);
        assert!(ce.unique);
        assert_eq!(
            ce.cell_ranges[1][1],
            (ce.distribution[1][1], ce.distribution[1][1])
        );
    }

    #[test]
    fn battle_of_the_sexes_has_a_whole_face_of_optima() {
        // Every lottery over (opera, opera) and (football, football) has total 3.
        let g = Game::from_rows(
            &[vec![2.0, 0.0], vec![0.0, 1.0]],
            &[vec![1.0, 0.0], vec![0.0, 2.0]],
        )
        .unwrap();
        let ce = max_welfare_correlated(&g).unwrap();
        assert!(!ce.unique);
        let r = &ce.cell_ranges;
        assert!(
            r[0][0].0.abs() < 1e-7 && (r[0][0].1 - 1.0).abs() < 1e-7,
            "{r:?}"
        );
        assert!(
            r[1][1].0.abs() < 1e-7 && (r[1][1].1 - 1.0).abs() < 1e-7,
            "{r:?}"
        );
        assert!(r[0][1].1 < 1e-7 && r[1][0].1 < 1e-7, "{r:?}");
    }
}
