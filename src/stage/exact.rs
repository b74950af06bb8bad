//! Exact rational payoffs and exact verification of equilibria (the `--exact` path).
//!
//! A payoff read as `f64` is turned into a fraction through its shortest decimal text
//! (the shortest string that reads back as the same `f64`), so `0.1` becomes `1/10` and
//! `3` becomes `3`, not the binary expansion of the float. Equilibria are then computed in
//! [`BigRational`] arithmetic by the same algorithms as the float path (see
//! [`crate::stage::vertex`]) and checked exactly: no pure deviation gains anything, the
//! strategies are probability vectors. Fractions print as `p/q` in lowest terms with a
//! positive denominator, integers without a denominator — the form Gambit's rational
//! output uses.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::Serialize;

use crate::game::Game;

/// Largest denominator of a "simple fraction" preferred to the decimal reading.
pub const SIMPLE_DENOMINATOR: u64 = 1_000_000;

/// The exact payoff a finite `f64` stands for: its shortest decimal text read as a
/// fraction (`0.1` → `1/10`), unless a fraction with a denominator of at most
/// [`SIMPLE_DENOMINATOR`] rounds to the same `f64` and is shorter — then that fraction
/// (`0.2857142857142857`, the float of `2/7` that a file holding `2/7` produces, → `2/7`).
/// Two distinct fractions with denominators below 10⁶ differ by more than 10⁻¹², far more
/// than a float's rounding interval, so this never changes a decimal with at most six
/// decimals. Returns `None` only for NaN or infinities (which a valid [`Game`] never holds).
pub fn rational_from_f64(v: f64) -> Option<BigRational> {
    if !v.is_finite() {
        return None;
    }
    let decimal = parse_decimal(&format!("{v}"))?;
    match simple_fraction(v) {
        Some(f) if f.denom() < decimal.denom() => Some(f),
        _ => Some(decimal),
    }
}

/// The most bits of any payoff's numerator plus denominator, as exact arithmetic reads
/// them ([`rational_from_f64`]): what the cost of exact pivoting grows with.
pub fn payoff_bits(game: &Game) -> f64 {
    let bits =
        |v: f64| rational_from_f64(v).map_or(64, |r| r.numer().bits() + r.denom().bits()) as f64;
    game.a()
        .iter()
        .chain(game.b().iter())
        .map(|&v| bits(v))
        .fold(1.0, f64::max)
}

/// The first continued-fraction convergent of `v` with a denominator of at most
/// `max_denominator` that lies within `tol` of `v` — a candidate only: whoever uses it
/// verifies it exactly (an equilibrium guessed this way is kept only when
/// [`ExactEquilibrium::verified`] accepts it).
pub fn fraction_near(v: f64, max_denominator: u64, tol: f64) -> Option<BigRational> {
    first_convergent(v, max_denominator, |c| (c - v).abs() <= tol)
}

/// The first continued-fraction convergent of `v` with a denominator of at most
/// [`SIMPLE_DENOMINATOR`] whose correctly rounded `f64` is `v` itself.
fn simple_fraction(v: f64) -> Option<BigRational> {
    first_convergent(v, SIMPLE_DENOMINATOR, |c| c == v)
}

/// The first continued-fraction convergent `h/k` of the exact value of `v` with
/// `k ≤ max_denominator` whose `f64` passes `accept`.
fn first_convergent(
    v: f64,
    max_denominator: u64,
    accept: impl Fn(f64) -> bool,
) -> Option<BigRational> {
    use num_traits::ToPrimitive;
    let exact = BigRational::from_float(v)?;
    let limit = BigInt::from(max_denominator);
    // Convergents h/k from the continued fraction [a0; a1, a2, ...] of the exact value.
    let (mut h0, mut h1) = (BigInt::zero(), BigInt::one());
    let (mut k0, mut k1) = (BigInt::one(), BigInt::zero());
    let mut rest = exact;
    for _ in 0..64 {
        let a = rest.floor().to_integer();
        let h2 = &a * &h1 + &h0;
        let k2 = &a * &k1 + &k0;
        if k2 > limit {
            return None;
        }
        let conv = BigRational::new(h2.clone(), k2.clone());
        if conv.to_f64().is_some_and(&accept) {
            return Some(conv);
        }
        let frac = &rest - BigRational::from_integer(a);
        if frac.is_zero() {
            return None;
        }
        rest = frac.recip();
        (h0, h1, k0, k1) = (h1, h2, k1, k2);
    }
    None
}

/// Parses `[-]digits[.digits][e[-]digits]` into an exact fraction.
pub fn parse_decimal(text: &str) -> Option<BigRational> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(k) => (&t[..k], t[k + 1..].parse::<i32>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = match mantissa.find('.') {
        Some(k) => (&mantissa[..k], &mantissa[k + 1..]),
        None => (mantissa, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int}{frac}");
    let n: BigInt = if digits.is_empty() {
        BigInt::zero()
    } else {
        digits.parse().ok()?
    };
    let scale = exp - frac.len() as i32;
    let ten = BigInt::from(10);
    let mut r = if scale >= 0 {
        BigRational::from_integer(n * num_traits::pow(ten, scale as usize))
    } else {
        BigRational::new(n, num_traits::pow(ten, (-scale) as usize))
    };
    if neg {
        r = -r;
    }
    Some(r)
}

/// A payoff matrix in exact arithmetic, row-major (`rows × cols`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExactMatrix {
    /// Number of rows (row player's actions).
    pub rows: usize,
    /// Number of columns (column player's actions).
    pub cols: usize,
    /// Entries, row-major.
    pub data: Vec<BigRational>,
}

impl ExactMatrix {
    /// Entry `(i, j)`.
    pub fn at(&self, i: usize, j: usize) -> &BigRational {
        &self.data[i * self.cols + j]
    }
}

/// The game's payoff matrices `(a, b)` as exact fractions.
pub fn exact_payoffs(game: &Game) -> (ExactMatrix, ExactMatrix) {
    let (m, n) = game.shape();
    let conv = |mat: &nalgebra::DMatrix<f64>| ExactMatrix {
        rows: m,
        cols: n,
        data: (0..m)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            // A valid game holds finite payoffs only, so the conversion cannot fail;
            // zero is a harmless stand-in that keeps this function total.
            .map(|(i, j)| rational_from_f64(mat[(i, j)]).unwrap_or_else(BigRational::zero))
            .collect(),
    };
    (conv(game.a()), conv(game.b()))
}

/// An equilibrium in exact arithmetic, verified exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct ExactEquilibrium {
    /// Row player's probabilities.
    pub row: Vec<BigRational>,
    /// Column player's probabilities.
    pub col: Vec<BigRational>,
    /// `(u_row, u_col)`.
    pub payoffs: (BigRational, BigRational),
}

/// The same equilibrium as fraction strings (`"1/3"`, `"0"`, `"-2"`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FractionProfile {
    /// Row player's probabilities.
    pub row: Vec<String>,
    /// Column player's probabilities.
    pub col: Vec<String>,
    /// `[u_row, u_col]`.
    pub payoffs: [String; 2],
}

/// A fraction as text: `p/q` in lowest terms, integers plain.
pub fn fraction_text(r: &BigRational) -> String {
    if r.denom().is_one() {
        r.numer().to_string()
    } else {
        format!("{}/{}", r.numer(), r.denom())
    }
}

impl Serialize for ExactEquilibrium {
    /// Serialised as fraction strings (see [`FractionProfile`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.fractions().serialize(s)
    }
}

impl ExactEquilibrium {
    /// Checks `(x, y)` exactly against the exact payoffs and returns the equilibrium, or
    /// `None` when it is not one (a negative probability, sums other than 1, or a pure
    /// deviation that gains).
    pub fn verified(
        a: &ExactMatrix,
        b: &ExactMatrix,
        x: Vec<BigRational>,
        y: Vec<BigRational>,
    ) -> Option<Self> {
        let (m, n) = (a.rows, a.cols);
        if x.len() != m || y.len() != n {
            return None;
        }
        let one = BigRational::one();
        if x.iter().any(Signed::is_negative) || y.iter().any(Signed::is_negative) {
            return None;
        }
        if x.iter().sum::<BigRational>() != one || y.iter().sum::<BigRational>() != one {
            return None;
        }
        let ay: Vec<BigRational> = (0..m)
            .map(|i| (0..n).map(|j| a.at(i, j) * &y[j]).sum())
            .collect();
        let xb: Vec<BigRational> = (0..n)
            .map(|j| (0..m).map(|i| &x[i] * b.at(i, j)).sum())
            .collect();
        let u_row: BigRational = (0..m).map(|i| &x[i] * &ay[i]).sum();
        let u_col: BigRational = (0..n).map(|j| &y[j] * &xb[j]).sum();
        if ay.iter().any(|v| v > &u_row) || xb.iter().any(|v| v > &u_col) {
            return None;
        }
        Some(ExactEquilibrium {
            row: x,
            col: y,
            payoffs: (u_row, u_col),
        })
    }

    /// The equilibrium as fraction strings.
    pub fn fractions(&self) -> FractionProfile {
        FractionProfile {
            row: self.row.iter().map(fraction_text).collect(),
            col: self.col.iter().map(fraction_text).collect(),
            payoffs: [
                fraction_text(&self.payoffs.0),
                fraction_text(&self.payoffs.1),
            ],
        }
    }

    /// The probabilities as floats (row, col).
    pub fn to_f64(&self) -> (Vec<f64>, Vec<f64>) {
        use super::scalar::Scalar;
        (
            self.row.iter().map(Scalar::to_f64).collect(),
            self.col.iter().map(Scalar::to_f64).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn decimals_become_short_fractions() {
        assert_eq!(rational_from_f64(0.1), Some(q(1, 10)));
        assert_eq!(rational_from_f64(-2.5), Some(q(-5, 2)));
        assert_eq!(rational_from_f64(3.0), Some(q(3, 1)));
        assert_eq!(rational_from_f64(1e-7), Some(q(1, 10_000_000)));
        assert_eq!(
            rational_from_f64(1e21),
            Some(q(10i64.pow(15), 1) * q(1_000_000, 1))
        );
        assert_eq!(parse_decimal("1.5e-3"), Some(q(3, 2000)));
        assert_eq!(rational_from_f64(2.0 / 7.0), Some(q(2, 7)));
        assert_eq!(rational_from_f64(0.123456), Some(q(123456, 1_000_000)));
        assert_eq!(rational_from_f64(-1.0 / 3.0), Some(q(-1, 3)));
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(rational_from_f64(f64::NAN), None);
    }

    #[test]
    fn fractions_print_like_gambit() {
        assert_eq!(fraction_text(&q(2, 6)), "1/3");
        assert_eq!(fraction_text(&q(0, 5)), "0");
        assert_eq!(fraction_text(&q(-4, 2)), "-2");
    }

    #[test]
    fn exact_verification_of_matching_pennies() {
        let g = Game::from_rows(
            &[vec![1.0, -1.0], vec![-1.0, 1.0]],
            &[vec![-1.0, 1.0], vec![1.0, -1.0]],
        )
        .unwrap();
        let (a, b) = exact_payoffs(&g);
        let h = vec![q(1, 2), q(1, 2)];
        let e = ExactEquilibrium::verified(&a, &b, h.clone(), h.clone()).unwrap();
        assert_eq!(e.fractions().payoffs, ["0".to_string(), "0".to_string()]);
        let off = vec![q(2, 3), q(1, 3)];
        assert!(ExactEquilibrium::verified(&a, &b, off, h).is_none());
    }
}
