//! Rubinstein's alternating-offers bargaining (Rubinstein 1982, "Perfect equilibrium in a
//! bargaining model", Econometrica 50(1); Osborne & Rubinstein 1990, ch. 3).
//!
//! Two players split a surplus of size 1. One proposes a split; the other accepts or
//! rejects, and after a rejection the roles swap one period later, each player discounting
//! the future by δ. The unique subgame-perfect equilibrium agrees at once, the proposer
//! `i` getting `(1 − δ_j) / (1 − δ_i δ_j)` and the responder the rest, which equals what the
//! responder would get by rejecting and proposing next period, discounted:
//! `δ_j (1 − δ_i) / (1 − δ_i δ_j)`. As both δ tend to 1 the split tends to one half each.

use serde::Serialize;

/// The subgame-perfect splits of a unit surplus.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RubinsteinSplit {
    /// Row player's discount factor.
    pub delta_row: f64,
    /// Column player's discount factor.
    pub delta_col: f64,
    /// `(row share, column share)` when the row player proposes first.
    pub row_proposes: (f64, f64),
    /// `(row share, column share)` when the column player proposes first.
    pub col_proposes: (f64, f64),
}

/// Discount factors outside `[0, 1)`.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error(
    "discount factors must lie in [0, 1) for alternating offers; got {delta_row} (row) and {delta_col} (column)"
)]
pub struct DiscountError {
    /// Row player's δ.
    pub delta_row: f64,
    /// Column player's δ.
    pub delta_col: f64,
}

/// The Rubinstein split for discount factors `delta_row`, `delta_col` in `[0, 1)`.
pub fn rubinstein(delta_row: f64, delta_col: f64) -> Result<RubinsteinSplit, DiscountError> {
    let ok = |d: f64| d.is_finite() && (0.0..1.0).contains(&d);
    if !ok(delta_row) || !ok(delta_col) {
        return Err(DiscountError {
            delta_row,
            delta_col,
        });
    }
    let denom = 1.0 - delta_row * delta_col;
    let row_first = (1.0 - delta_col) / denom;
    let col_first = (1.0 - delta_row) / denom;
    Ok(RubinsteinSplit {
        delta_row,
        delta_col,
        row_proposes: (row_first, 1.0 - row_first),
        col_proposes: (1.0 - col_first, col_first),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_values() {
        let s = rubinstein(0.9, 0.8).unwrap();
        assert!((s.row_proposes.0 - 0.2 / 0.28).abs() < 1e-12);
        assert!((s.col_proposes.1 - 0.1 / 0.28).abs() < 1e-12);
        // The responder gets what rejecting and proposing next period is worth.
        assert!((s.row_proposes.1 - 0.8 * s.col_proposes.1).abs() < 1e-12);
        assert!((s.col_proposes.0 - 0.9 * s.row_proposes.0).abs() < 1e-12);
        // Impatient responders get nothing.
        assert_eq!(rubinstein(0.5, 0.0).unwrap().row_proposes, (1.0, 0.0));
    }

    #[test]
    fn discount_factors_are_checked() {
        assert!(rubinstein(1.0, 0.5).is_err());
        assert!(rubinstein(-0.1, 0.5).is_err());
        assert!(rubinstein(f64::NAN, 0.5).is_err());
    }
}
