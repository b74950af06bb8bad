//! The `[repeated]` section of a scenario file, in one place: its raw serde form, its
//! validation into [`RepeatedSpec`] (with the key path of each mistake) and its writing
//! back for conversion. A new `[repeated]` field is added here and in
//! [`crate::repeated::settings`] (where its default and overrides are settled).

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess};
use serde::{Deserialize, Serialize};

use super::raw::{RawProfile, either_form};
use super::validate::{Invalid, key, with};
use crate::game::{Game, Player};
use crate::repeated::settings::{
    self, DEFAULT_ROUNDS, Discount, Horizon, MAX_HORIZON, MAX_ROUNDS, Noise, RepeatedSpec,
    SettingError,
};

/// A discount factor: one for both players or one each.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RawHorizon {
    /// A finite number of rounds.
    Rounds(i64),
    /// `"infinite"`.
    Word(String),
}

/// The `[repeated]` section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, expecting = "a [repeated] table with `discount`")]
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

/// What a discount factor may be, in the words of a message.
const DISCOUNT_FORMS: &str =
    "a discount factor in [0, 1) such as 0.9, or one per player: { row = 0.9, col = 0.8 }";

/// The per-player form of a discount.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "one discount factor per player: { row = 0.9, col = 0.8 }"
)]
struct PerPlayer {
    row: f64,
    col: f64,
}

either_form!(RawDiscount, DISCOUNT_FORMS, {
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDiscount, E> {
        Ok(RawDiscount::Common(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDiscount, E> {
        Ok(RawDiscount::Common(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawDiscount, E> {
        Ok(RawDiscount::Common(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDiscount, E> {
        Err(E::custom(format!(
            "the discount {} is text; write {DISCOUNT_FORMS}",
            crate::text::quoted(v)
        )))
    }
    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawDiscount, M::Error> {
        let d = PerPlayer::deserialize(MapAccessDeserializer::new(map))?;
        Ok(RawDiscount::PerPlayer {
            row: d.row,
            col: d.col,
        })
    }
});

either_form!(RawHorizon, "\"infinite\" or a number of rounds", {
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawHorizon, E> {
        Ok(RawHorizon::Rounds(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawHorizon, E> {
        Ok(RawHorizon::Rounds(i64::try_from(v).unwrap_or(i64::MAX)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawHorizon, E> {
        Ok(RawHorizon::Word(v.to_string()))
    }
});

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
            let given = match h {
                RawHorizon::Rounds(t) => t.to_string(),
                RawHorizon::Word(w) => crate::text::quoted(w),
            };
            return Err(Invalid::at(
                &with(&base, key("horizon")),
                format!(
                    "horizon = {given} is not valid; write \"infinite\" or a number of rounds from 1 to {MAX_HORIZON}"
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
                                "{} is not an action of {}{}; actions: {}",
                                crate::text::quoted(name),
                                game.player(p).name,
                                super::validate::did_you_mean(
                                    name,
                                    names.iter().map(String::as_str)
                                ),
                                super::validate::listing(names.iter().map(String::as_str))
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
