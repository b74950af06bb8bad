//! Nash equilibria by support enumeration (Dickhaut & Kaplan 1991; the version for
//! nondegenerate games in von Stengel 2002, "Computing equilibria for two-person games",
//! §2.3, and Nisan et al. 2007, *Algorithmic Game Theory*, §3.3).
//!
//! In a nondegenerate game the two supports of an equilibrium have the same size `k`, and
//! the equilibrium is the unique solution of the indifference equations on them. Steps,
//! for each `k` and each pair of supports `I` (rows) and `J` (columns) of size `k`:
//! 1. Solve for `y` on `J`: `(A y)ᵢ = v` for `i ∈ I`, `Σ y = 1`; and for `x` on `I`:
//!    `(xᵀ B)ⱼ = u` for `j ∈ J`, `Σ x = 1` (two `(k+1) × (k+1)` linear systems).
//! 2. Keep the pair when both solutions are non-negative and no action outside a support
//!    pays more than `v` (resp. `u`): then it is an equilibrium.
//!
//! On degenerate games this misses equilibria (supports of different sizes, continua);
//! the result says when the game was seen to be degenerate — a found equilibrium with a
//! zero on its support, or an unused action that is also a best response (a singular
//! system alone is no sign: nondegenerate games have them too) — so the caller can switch to [`crate::stage::vertex`], which is exact there.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use super::equilibrium::{Equilibrium, sort_profiles};
use crate::game::Game;
use crate::tolerance::{SAME_PROFILE, SUPPORT_ZERO};

/// Largest `min(m, n)` accepted (the number of support pairs grows like `C(m+n, m)`).
pub const MAX_SUPPORT_SIDE: usize = 14;

/// What support enumeration found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupportEnumeration {
    /// Equilibria with equal-size supports, verified, deduplicated, sorted.
    pub equilibria: Vec<Equilibrium>,
    /// Whether the game was seen to be degenerate (then the list may be incomplete).
    pub degenerate: bool,
}

/// The game is too large for this method.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "support enumeration is limited to games whose smaller side has at most {MAX_SUPPORT_SIDE} actions; use vertex enumeration or Lemke-Howson"
)]
pub struct TooLarge;

/// All combinations of `k` of `0..n`, in lexicographic order.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut c: Vec<usize> = (0..k).collect();
    if k > n {
        return out;
    }
    loop {
        out.push(c.clone());
        let mut i = k;
        loop {
            if i == 0 {
                return out;
            }
            i -= 1;
            if c[i] < n - k + i {
                c[i] += 1;
                for t in i + 1..k {
                    c[t] = c[t - 1] + 1;
                }
                break;
            }
        }
    }
}

/// Solves the indifference system: the mixer (support `own`) makes every opponent action
/// in `other` pay the same. `pay(own_action, other_action)` is the opponent's payoff.
/// Returns the mixer's probabilities on `own`, or `None` when singular.
fn indifference(
    own: &[usize],
    other: &[usize],
    pay: impl Fn(usize, usize) -> f64,
) -> Option<Vec<f64>> {
    let k = own.len();
    // Unknowns: p_1..p_k, w. Equations: Σ_s p_s pay(own_s, other_t) − w = 0; Σ p = 1.
    let mut m = DMatrix::zeros(k + 1, k + 1);
    for (t, &o) in other.iter().enumerate() {
        for (s, &a) in own.iter().enumerate() {
            m[(t, s)] = pay(a, o);
        }
        m[(t, k)] = -1.0;
    }
    for s in 0..k {
        m[(k, s)] = 1.0;
    }
    let mut rhs = DVector::zeros(k + 1);
    rhs[k] = 1.0;
    let lu = m.lu();
    if !lu.is_invertible() {
        return None;
    }
    let sol = lu.solve(&rhs)?;
    if sol.iter().any(|v| !v.is_finite()) {
        return None;
    }
    Some(sol.iter().take(k).copied().collect())
}

/// Every equilibrium with equal-size supports (all equilibria when the game is
/// nondegenerate).
pub fn support_enumeration(game: &Game) -> Result<SupportEnumeration, TooLarge> {
    let (m, n) = game.shape();
    if m.min(n) > MAX_SUPPORT_SIDE {
        return Err(TooLarge);
    }
    let (a, b) = (game.a(), game.b());
    let mut degenerate = false;
    let mut out: Vec<Equilibrium> = Vec::new();
    for k in 1..=m.min(n) {
        let rows = combinations(m, k);
        let cols = combinations(n, k);
        for i_set in &rows {
            for j_set in &cols {
                let Some(xs) = indifference(i_set, j_set, |i, j| b[(i, j)]) else {
                    continue;
                };
                if xs.iter().any(|&p| p < -SUPPORT_ZERO) {
                    continue;
                }
                let Some(ys) = indifference(j_set, i_set, |j, i| a[(i, j)]) else {
                    continue;
                };
                if ys.iter().any(|&p| p < -SUPPORT_ZERO) {
                    continue;
                }
                let mut x = vec![0.0; m];
                for (s, &i) in i_set.iter().enumerate() {
                    x[i] = xs[s].max(0.0);
                }
                let mut y = vec![0.0; n];
                for (s, &j) in j_set.iter().enumerate() {
                    y[j] = ys[s].max(0.0);
                }
                let Ok(e) = Equilibrium::verify(game, x, y) else {
                    continue;
                };
                // Degeneracy witnesses: a zero on a support, or extra best responses.
                if xs.iter().chain(&ys).any(|&p| p <= SUPPORT_ZERO)
                    || game.best_responses(crate::game::Player::Row, &e.col).len() > k
                    || game.best_responses(crate::game::Player::Col, &e.row).len() > k
                {
                    degenerate = true;
                }
                if !out.iter().any(|f| f.same_profile(&e, SAME_PROFILE)) {
                    out.push(e);
                }
            }
        }
    }
    // A pure strategy with two or more pure best replies is a mixed strategy of support 1
    // with more than 1 best reply: the game is degenerate even if no equilibrium shows it.
    if !degenerate {
        let br = super::best_response::best_response_table(game);
        degenerate = br.row.iter().chain(&br.col).any(|r| r.len() > 1);
    }
    sort_profiles(&mut out);
    Ok(SupportEnumeration {
        equilibria: out,
        degenerate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_are_complete() {
        assert_eq!(combinations(4, 2).len(), 6);
        assert_eq!(combinations(3, 3), vec![vec![0, 1, 2]]);
        assert!(combinations(2, 3).is_empty());
    }

    #[test]
    fn rock_paper_scissors_has_the_uniform_equilibrium() {
        let a = vec![
            vec![0.0, -1.0, 1.0],
            vec![1.0, 0.0, -1.0],
            vec![-1.0, 1.0, 0.0],
        ];
        let b: Vec<Vec<f64>> = a.iter().map(|r| r.iter().map(|v| -v).collect()).collect();
        let g = Game::from_rows(&a, &b).unwrap();
        let s = support_enumeration(&g).unwrap();
        assert!(!s.degenerate);
        assert_eq!(s.equilibria.len(), 1);
        assert!((s.equilibria[0].row.probs()[2] - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn tied_pure_best_replies_make_a_game_degenerate() {
        // Against the row player's first action the column player is indifferent.
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![0.0, 1.0]],
            &[vec![1.0, 1.0], vec![0.0, 2.0]],
        )
        .unwrap();
        assert!(support_enumeration(&g).unwrap().degenerate);
    }

    #[test]
    fn degenerate_game_is_reported() {
        let g = Game::from_rows(
            &[vec![1.0, 1.0], vec![1.0, 1.0]],
            &[vec![1.0, 1.0], vec![1.0, 1.0]],
        )
        .unwrap();
        assert!(support_enumeration(&g).unwrap().degenerate);
    }
}
