//! The one numerical tolerance of truce.
//!
//! Every float comparison on computed values goes through [`Tolerance`]. The tolerance
//! is relative to the scale of the game's payoffs, so rescaling a game by 1000 does not
//! change which profiles count as equilibria.

/// Base tolerance: a quantity counts as zero when it is below `EPS` times the payoff
/// scale (the largest absolute payoff, at least 1).
pub const EPS: f64 = 1e-9;

/// A tolerance fitted to one game's payoff scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// Absolute threshold in payoff units.
    pub abs: f64,
}

impl Tolerance {
    /// The tolerance for payoffs whose largest absolute value is `scale`.
    pub fn for_scale(scale: f64) -> Self {
        Tolerance {
            abs: EPS * scale.abs().max(1.0),
        }
    }

    /// `x >= y` up to the tolerance.
    pub fn ge(&self, x: f64, y: f64) -> bool {
        x >= y - self.abs
    }

    /// `x > y` by more than the tolerance.
    pub fn gt(&self, x: f64, y: f64) -> bool {
        x > y + self.abs
    }

    /// `|x - y|` within the tolerance.
    pub fn eq(&self, x: f64, y: f64) -> bool {
        (x - y).abs() <= self.abs
    }
}

/// Tolerance for probabilities (scale 1).
pub const PROB: Tolerance = Tolerance { abs: EPS };
