//! The `[repeated]` section of a scenario file, in one place: its raw serde form, its
//! validation into [`RepeatedSpec`] (with the key path of each mistake) and its writing
//! back for conversion. A new `[repeated]` field is added here and in
//! [`crate::repeated::settings`] (where its default and overrides are settled).

use serde::{Deserialize, Serialize};

use super::raw::RawProfile;
use super::validate::{Invalid, key, with};
use crate::game::{Game, Player};
use crate::repeated::settings::{
    self, DEFAULT_ROUNDS, Discount, Horizon, MAX_HORIZON, MAX_ROUNDS, Noise, RepeatedSpec,
    SettingError,
};

/// A discount factor: one for both players or one each.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum RawDiscount {
    /// The same δ for both.
    Common(f64),
    /// `{ row = 0.9, col = 0.8 }`.
    PerPlayer {
        /// Row player's δ.
        row: f64,
        /// Column player's δ.
        col: f64,
    },
}

/// `"infinite"` or a number of rounds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum RawHorizon {
    /// A finite number of rounds.
    Rounds(i64),
    /// `"infinite"`.
    Word(String),
}

/// The `[repeated]` section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepeated {
    /// Discount factor(s), in [0, 1).
    pub discount: RawDiscount,
    /// Simulation length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<i64>,
    /// `"infinite"` (default) or a number of rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<RawHorizon>,
    /// Noise probability in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<f64>,
    /// Random seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The truce: the profile the repeated-game analysis asks about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truce: Option<RawProfile>,
}

/// Validates the section.
pub fn validate(raw: &RawRepeated, game: &Game) -> Result<RepeatedSpec, Invalid> {
    let base = [key("repeated")];
    let dpath = with(&base, key("discount"));
    let discount = match raw.discount {
        RawDiscount::Common(d) => {
            Discount::common(d).map_err(|e| Invalid::at(&dpath, e.to_string()))?
        }
        RawDiscount::PerPlayer { row, col } => Discount::new(row, col).map_err(|e| {
            let side = match e {
                SettingError::Discount {
                    player: Some(Player::Col),
                    ..
                } => "col",
                _ => "row",
            };
            Invalid::at(&with(&dpath, key(side)), e.to_string())
        })?,
    };
    let rounds = match raw.rounds {
        None => DEFAULT_ROUNDS,
        Some(r) if let Ok(n) = settings::rounds(r.max(0) as u64) => n,
        Some(r) => {
            return Err(Invalid::at(
                &with(&base, key("rounds")),
                format!("rounds = {r}; give a number from 1 to {MAX_ROUNDS}"),
            ));
        }
    };
    let horizon = match &raw.horizon {
        None => Horizon::Infinite,
        Some(RawHorizon::Word(w)) if w == "infinite" => Horizon::Infinite,
        Some(RawHorizon::Rounds(t)) if let Ok(h) = Horizon::finite((*t).max(0) as u64) => h,
        Some(h) => {
            return Err(Invalid::at(
                &with(&base, key("horizon")),
                format!(
                    "horizon {h:?} is not valid; write \"infinite\" or a number of rounds from 1 to {MAX_HORIZON}"
                ),
            ));
        }
    };
    let noise = Noise::new(raw.noise.unwrap_or(0.0))
        .map_err(|e| Invalid::at(&with(&base, key("noise")), e.to_string()))?;
    Ok(RepeatedSpec {
        discount,
        rounds,
        horizon,
        noise,
        seed: raw.seed.unwrap_or(0),
        truce: match &raw.truce {
            None => None,
            Some(t) => {
                let find = |p: Player, name: &str, side: &str| {
                    game.player(p).action_index(name).ok_or_else(|| {
                        let names = game.player(p).action_names();
                        Invalid::at(
                            &with(&with(&base, key("truce")), key(side)),
                            format!(
                                "{name:?} is not an action of {}{}; actions: {}",
                                game.player(p).name,
                                super::validate::did_you_mean(
                                    name,
                                    names.iter().map(String::as_str)
                                ),
                                names.join(", ")
                            ),
                        )
                    })
                };
                Some((
                    find(Player::Row, &t.row, "row")?,
                    find(Player::Col, &t.col, "col")?,
                ))
            }
        },
    })
}

/// The section as written back to a file (every value explicit; actions by name).
pub fn to_raw(r: &RepeatedSpec, game: &Game) -> RawRepeated {
    RawRepeated {
        truce: r.truce.map(|(i, j)| RawProfile {
            row: game.action_name(Player::Row, i).to_string(),
            col: game.action_name(Player::Col, j).to_string(),
        }),
        discount: match r.discount.as_common() {
            Some(d) => RawDiscount::Common(d),
            None => RawDiscount::PerPlayer {
                row: r.discount.row(),
                col: r.discount.col(),
            },
        },
        rounds: Some(r.rounds as i64),
        horizon: Some(match r.horizon {
            Horizon::Infinite => RawHorizon::Word("infinite".into()),
            Horizon::Finite(t) => RawHorizon::Rounds(t as i64),
        }),
        noise: Some(r.noise.get()),
        seed: Some(r.seed),
    }
}
