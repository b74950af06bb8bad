//! The arithmetic the polytope algorithms run on: `f64` with a zero tolerance, or exact
//! rationals (`num_rational::BigRational`) where zero means zero.
//!
//! Vertex enumeration and support enumeration are written once over [`Scalar`], so the
//! float path and the `--exact` path follow the same steps and differ only in how a sign
//! is decided.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// A number field with a sign test.
pub trait Scalar: Clone + std::fmt::Debug + PartialEq {
    /// Additive identity.
    fn zero() -> Self;
    /// Multiplicative identity.
    fn one() -> Self;
    /// `self + o`.
    fn add(&self, o: &Self) -> Self;
    /// `self - o`.
    fn sub(&self, o: &Self) -> Self;
    /// `self * o`.
    fn mul(&self, o: &Self) -> Self;
    /// `self / o` (`o` non-zero).
    fn div(&self, o: &Self) -> Self;
    /// `-self`.
    fn neg(&self) -> Self;
    /// Sign: -1, 0 or 1, where `|self| <= tol` counts as 0 for floats (exact types ignore
    /// `tol`).
    fn sign(&self, tol: f64) -> i8;
    /// Nearest `f64`.
    fn to_f64(&self) -> f64;
    /// `|self|` as an `f64`, for scaling (exact types may return an approximation).
    fn abs_f64(&self) -> f64 {
        self.to_f64().abs()
    }
    /// Whether rays should be rescaled to unit size after each combination (floats: to
    /// keep magnitudes near 1; rationals: to keep numbers short).
    fn normalize(v: &mut [Self]);
}

impl Scalar for f64 {
    #[inline]
    fn zero() -> Self {
        0.0
    }
    #[inline]
    fn one() -> Self {
        1.0
    }
    #[inline]
    fn add(&self, o: &Self) -> Self {
        self + o
    }
    #[inline]
    fn sub(&self, o: &Self) -> Self {
        self - o
    }
    #[inline]
    fn mul(&self, o: &Self) -> Self {
        self * o
    }
    #[inline]
    fn div(&self, o: &Self) -> Self {
        self / o
    }
    #[inline]
    fn neg(&self) -> Self {
        -self
    }
    #[inline]
    fn sign(&self, tol: f64) -> i8 {
        if *self > tol {
            1
        } else if *self < -tol {
            -1
        } else {
            0
        }
    }
    #[inline]
    fn to_f64(&self) -> f64 {
        *self
    }
    fn normalize(v: &mut [Self]) {
        let m = v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if m > 0.0 {
            let s = 1.0 / m;
            v.iter_mut().for_each(|x| *x *= s);
        }
    }
}

impl Scalar for BigRational {
    fn zero() -> Self {
        Zero::zero()
    }
    fn one() -> Self {
        One::one()
    }
    fn add(&self, o: &Self) -> Self {
        self + o
    }
    fn sub(&self, o: &Self) -> Self {
        self - o
    }
    fn mul(&self, o: &Self) -> Self {
        self * o
    }
    fn div(&self, o: &Self) -> Self {
        self / o
    }
    fn neg(&self) -> Self {
        -self
    }
    fn sign(&self, _tol: f64) -> i8 {
        if self.is_positive() {
            1
        } else if self.is_negative() {
            -1
        } else {
            0
        }
    }
    fn to_f64(&self) -> f64 {
        self.to_f64_lossy()
    }
    fn normalize(v: &mut [Self]) {
        // Scale the ray to the primitive integer vector on its line: multiply by the lcm
        // of the denominators, divide by the gcd of the numerators.
        use num_integer::Integer;
        let mut l = BigInt::one();
        for x in v.iter() {
            l = l.lcm(x.denom());
        }
        let ints: Vec<BigInt> = v.iter().map(|x| (x * &l).to_integer()).collect();
        let mut g = BigInt::zero();
        for x in &ints {
            g = g.gcd(x);
        }
        if g.is_zero() {
            return;
        }
        for (x, i) in v.iter_mut().zip(ints) {
            *x = BigRational::from_integer(i / &g);
        }
    }
}

/// Conversion of a big rational to the nearest `f64`.
pub trait ToF64Lossy {
    /// Nearest `f64` (to within rounding of the quotient of the two converted parts).
    fn to_f64_lossy(&self) -> f64;
}

impl ToF64Lossy for BigRational {
    fn to_f64_lossy(&self) -> f64 {
        match (self.numer().to_f64(), self.denom().to_f64()) {
            (Some(n), Some(d)) if n.is_finite() && d.is_finite() && d != 0.0 => n / d,
            _ => {
                // Very long numbers: shift both down before dividing.
                let bits = self.numer().bits().max(self.denom().bits());
                let shift = bits.saturating_sub(1000);
                let n = (self.numer() >> shift).to_f64().unwrap_or(0.0);
                let d = (self.denom() >> shift).to_f64().unwrap_or(1.0);
                if d == 0.0 { 0.0 } else { n / d }
            }
        }
    }
}
