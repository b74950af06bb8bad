//! The settings of a repeated game as domain types that are valid by construction —
//! discount factors, the horizon, the number of simulated rounds, the noise and the seed —
//! and the one place where they are settled: [`RepeatedSettings::resolve`] combines what a
//! scenario's `[repeated]` section declares with what a front end overrides and fills in
//! every default, so every command works from the same numbers.
//!
//! Invariants: a [`Discount`] has both factors in [0, 1); a finite [`Horizon`] has 1 to
//! [`MAX_HORIZON`] rounds; a [`Noise`] is a probability; rounds are 1 to [`MAX_ROUNDS`].
//! Nothing here knows about files or flags: errors carry the offending value and the
//! caller words where it came from.

use serde::Serialize;

use crate::game::Player;

/// Most rounds of a simulated match (or of one tournament match).
pub const MAX_ROUNDS: usize = 1_000_000;

/// Longest finite horizon analysed (backward induction over this many rounds).
pub const MAX_HORIZON: usize = 100_000;

/// Rounds simulated when neither the scenario nor the caller says.
pub const DEFAULT_ROUNDS: usize = 20;

/// Rounds per tournament match when neither the scenario nor the caller says (the
/// length of Axelrod's tournaments).
pub const DEFAULT_MATCH_ROUNDS: usize = 200;

/// δ of a simulation's discounted totals when no discount factor is given anywhere.
pub const DEFAULT_SIMULATION_DISCOUNT: f64 = 0.9;

/// A setting outside its range, with the value given.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum SettingError {
    /// A discount factor outside [0, 1).
    #[error("discount factor {value} is outside [0, 1); use a value like 0.9")]
    Discount {
        /// The value given.
        value: f64,
        /// Whose factor it is, when the two players have their own.
        player: Option<Player>,
    },
    /// A noise probability outside [0, 1].
    #[error("noise {value} is outside [0, 1]; it is a probability")]
    Noise {
        /// The value given.
        value: f64,
    },
    /// A number of simulated rounds outside 1 to [`MAX_ROUNDS`].
    #[error("rounds = {value}; give a number from 1 to {MAX_ROUNDS}")]
    Rounds {
        /// The value given.
        value: u64,
    },
    /// A finite horizon outside 1 to [`MAX_HORIZON`].
    #[error(
        "a horizon of {value} rounds is not valid; give \"infinite\" or a number of rounds from 1 to {MAX_HORIZON}"
    )]
    Horizon {
        /// The value given.
        value: u64,
    },
}

/// Discount factors, one per player, each in [0, 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Discount {
    row: f64,
    col: f64,
}

impl Discount {
    /// Each player's own δ; both must lie in [0, 1).
    pub fn new(row: f64, col: f64) -> Result<Self, SettingError> {
        let check = |value: f64, player| {
            if value.is_finite() && (0.0..1.0).contains(&value) {
                Ok(value)
            } else {
                Err(SettingError::Discount { value, player })
            }
        };
        Ok(Discount {
            row: check(row, Some(Player::Row))?,
            col: check(col, Some(Player::Col))?,
        })
    }

    /// The same δ for both players; it must lie in [0, 1).
    pub fn common(delta: f64) -> Result<Self, SettingError> {
        Discount::new(delta, delta).map_err(|_| SettingError::Discount {
            value: delta,
            player: None,
        })
    }

    /// The row player's δ.
    pub fn row(&self) -> f64 {
        self.row
    }

    /// The column player's δ.
    pub fn col(&self) -> f64 {
        self.col
    }

    /// δ of `player`.
    pub fn of(&self, player: Player) -> f64 {
        match player {
            Player::Row => self.row,
            Player::Col => self.col,
        }
    }

    /// The common δ when both players share it.
    pub fn as_common(&self) -> Option<f64> {
        (self.row == self.col).then_some(self.row)
    }
}

/// How long the repeated game lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Horizon {
    /// Infinitely repeated (discounted).
    Infinite,
    /// Repeated exactly this many times (1 to [`MAX_HORIZON`]).
    Finite(usize),
}

impl Horizon {
    /// A horizon of `rounds` rounds, checked against [`MAX_HORIZON`].
    pub fn finite(rounds: u64) -> Result<Self, SettingError> {
        match usize::try_from(rounds) {
            Ok(n) if (1..=MAX_HORIZON).contains(&n) => Ok(Horizon::Finite(n)),
            _ => Err(SettingError::Horizon { value: rounds }),
        }
    }
}

/// The probability that an intended move is replaced by a uniformly random other action.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Noise(f64);

impl Noise {
    /// No noise.
    pub const NONE: Noise = Noise(0.0);

    /// A noise probability in [0, 1].
    pub fn new(p: f64) -> Result<Self, SettingError> {
        if p.is_finite() && (0.0..=1.0).contains(&p) {
            Ok(Noise(p))
        } else {
            Err(SettingError::Noise { value: p })
        }
    }

    /// The probability.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// A number of simulated rounds, checked against [`MAX_ROUNDS`].
pub fn rounds(n: u64) -> Result<usize, SettingError> {
    match usize::try_from(n) {
        Ok(r) if (1..=MAX_ROUNDS).contains(&r) => Ok(r),
        _ => Err(SettingError::Rounds { value: n }),
    }
}

/// Where a resolved setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The scenario file.
    Scenario,
    /// An override given by the caller (a command-line flag, say).
    Override,
    /// The library's default (see the table in `docs/repeated.md`).
    Default,
}

/// A scenario's `[repeated]` section as declared: what the file says, valid by type,
/// with nothing filled in that the file leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RepeatedSpec {
    /// Discount factors.
    pub discount: Discount,
    /// Rounds to simulate (the file's `rounds`, else [`DEFAULT_ROUNDS`]).
    pub rounds: usize,
    /// Horizon of the game.
    pub horizon: Horizon,
    /// Probability that an intended move is replaced by a uniformly random other action.
    pub noise: Noise,
    /// Seed of the random stream (noise, public randomization).
    pub seed: u64,
    /// The truce the scenario names, `(row action, column action)`.
    pub truce: Option<(usize, usize)>,
}

/// What a caller overrides; `None` keeps the scenario's value (or the default).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Overrides {
    /// Discount factors.
    pub discount: Option<Discount>,
    /// Horizon.
    pub horizon: Option<Horizon>,
    /// Rounds of a simulated match.
    pub rounds: Option<usize>,
    /// Noise.
    pub noise: Option<Noise>,
    /// Seed.
    pub seed: Option<u64>,
}

/// The settings every analysis of a repeated game runs with, after the scenario and the
/// overrides have been combined and every default filled in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RepeatedSettings {
    /// Discount factors, when the scenario or the caller gives them (some analyses need
    /// them, others — a simulation's rounds, a tournament — do not).
    pub discount: Option<Discount>,
    /// Where the discount factors came from.
    pub discount_origin: Origin,
    /// Horizon (default: infinite).
    pub horizon: Horizon,
    /// Rounds of a simulated match (default [`DEFAULT_ROUNDS`]).
    pub rounds: usize,
    /// Rounds of each tournament match: the override, else the scenario's `rounds`, else
    /// [`DEFAULT_MATCH_ROUNDS`].
    pub match_rounds: usize,
    /// Noise (default none).
    pub noise: Noise,
    /// Seed (default 0).
    pub seed: u64,
    /// The truce the scenario declares, `(row action, column action)`.
    pub truce: Option<(usize, usize)>,
}

impl RepeatedSettings {
    /// Settles every setting: an override wins, else the scenario's `[repeated]` section,
    /// else the default. Values are valid by type, so this cannot fail.
    pub fn resolve(file: Option<&RepeatedSpec>, over: &Overrides) -> RepeatedSettings {
        let (discount, discount_origin) = match (over.discount, file) {
            (Some(d), _) => (Some(d), Origin::Override),
            (None, Some(f)) => (Some(f.discount), Origin::Scenario),
            (None, None) => (None, Origin::Default),
        };
        RepeatedSettings {
            discount,
            discount_origin,
            horizon: over
                .horizon
                .or(file.map(|f| f.horizon))
                .unwrap_or(Horizon::Infinite),
            rounds: over
                .rounds
                .or(file.map(|f| f.rounds))
                .unwrap_or(DEFAULT_ROUNDS),
            match_rounds: over
                .rounds
                .or(file.map(|f| f.rounds))
                .unwrap_or(DEFAULT_MATCH_ROUNDS),
            noise: over.noise.or(file.map(|f| f.noise)).unwrap_or(Noise::NONE),
            seed: over.seed.or(file.map(|f| f.seed)).unwrap_or(0),
            truce: file.and_then(|f| f.truce),
        }
    }

    /// The discount factors of a simulation's discounted totals: the resolved ones, else
    /// [`DEFAULT_SIMULATION_DISCOUNT`] for both players.
    pub fn simulation_discount(&self) -> Discount {
        self.discount.unwrap_or(Discount {
            row: DEFAULT_SIMULATION_DISCOUNT,
            col: DEFAULT_SIMULATION_DISCOUNT,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discount_factors_outside_the_unit_interval_are_refused() {
        assert!(Discount::common(0.0).is_ok());
        assert!(Discount::common(0.999).is_ok());
        for bad in [1.0, -0.1, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Discount::common(bad),
                Err(SettingError::Discount { player: None, .. })
            ));
        }
        assert_eq!(
            Discount::new(0.5, 1.5),
            Err(SettingError::Discount {
                value: 1.5,
                player: Some(Player::Col)
            })
        );
    }

    #[test]
    fn noise_horizon_and_rounds_are_range_checked() {
        assert!(Noise::new(1.0).is_ok());
        assert!(Noise::new(1.01).is_err());
        assert!(Noise::new(f64::NAN).is_err());
        assert_eq!(Horizon::finite(12), Ok(Horizon::Finite(12)));
        assert!(Horizon::finite(0).is_err());
        assert!(Horizon::finite(MAX_HORIZON as u64 + 1).is_err());
        assert_eq!(rounds(1), Ok(1));
        assert!(rounds(0).is_err());
        assert!(rounds(MAX_ROUNDS as u64 + 1).is_err());
    }

    #[test]
    fn overrides_beat_the_file_and_the_file_beats_the_defaults() {
        let file = RepeatedSpec {
            discount: Discount::common(0.8).unwrap(),
            rounds: 30,
            horizon: Horizon::Finite(5),
            noise: Noise::new(0.1).unwrap(),
            seed: 7,
            truce: None,
        };
        let none = RepeatedSettings::resolve(None, &Overrides::default());
        assert_eq!(none.discount, None);
        assert_eq!(none.discount_origin, Origin::Default);
        assert_eq!(none.rounds, DEFAULT_ROUNDS);
        assert_eq!(none.match_rounds, DEFAULT_MATCH_ROUNDS);
        assert_eq!(none.horizon, Horizon::Infinite);
        assert_eq!(
            none.simulation_discount().row(),
            DEFAULT_SIMULATION_DISCOUNT
        );
        let from_file = RepeatedSettings::resolve(Some(&file), &Overrides::default());
        assert_eq!(from_file.discount_origin, Origin::Scenario);
        assert_eq!((from_file.rounds, from_file.match_rounds), (30, 30));
        assert_eq!(from_file.noise.get(), 0.1);
        assert_eq!(from_file.seed, 7);
        let over = Overrides {
            discount: Some(Discount::common(0.5).unwrap()),
            rounds: Some(3),
            seed: Some(1),
            ..Overrides::default()
        };
        let both = RepeatedSettings::resolve(Some(&file), &over);
        assert_eq!(both.discount, Some(Discount::common(0.5).unwrap()));
        assert_eq!(both.discount_origin, Origin::Override);
        assert_eq!((both.rounds, both.seed), (3, 1));
        assert_eq!(both.horizon, Horizon::Finite(5));
    }
}
