//! Raw serde types of the scenario schema, shared by TOML and JSON. They hold what the
//! file says, unchecked; [`super::validate`] turns them into domain types.
//!
//! A value that may take two forms (a name or a table, a number or text) is read by a
//! visitor written here rather than by serde's `untagged` enums, so that a mistake is
//! reported in the schema's words — what was expected, an unknown key by its name —
//! instead of "did not match any variant"; every table refuses unknown keys.

use std::collections::BTreeMap;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess};
use serde::{Deserialize, Serialize};

/// The whole file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a scenario: a table with [row], [col] and [payoffs]"
)]
pub struct RawScenario {
    /// Short title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the scenario models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the payoffs rest on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The row player.
    pub row: RawPlayer,
    /// The column player.
    pub col: RawPlayer,
    /// Payoffs: per row action (`hold = [[3, 3], …]`) or as two matrices (`row`, `col`);
    /// absent in a file with `[[state]]` sections.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub payoffs: BTreeMap<String, Vec<Vec<RawNumber>>>,
    /// The initial state of a stochastic game (default: the first `[[state]]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<String>,
    /// The states of a stochastic game, each with its payoffs and transitions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state: Vec<RawGameState>,
    /// The repeated game.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeated: Option<RawRepeated>,
    /// Imperfect public monitoring: the public signals and their probabilities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<RawMonitoring>,
    /// Strategies studied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strategy: Vec<RawStrategy>,
    /// Named values that payoff cells may use in expressions (`"3 - dependence"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<BTreeMap<String, f64>>,
    /// Parameter sweeps that `truce run` performs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sweep: Vec<RawSweep>,
}

/// A `[[sweep]]` entry: `param` from `from` to `to` in `points` evenly spaced values.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a sweep: a table with `param`, `from`, `to` and `points`"
)]
pub struct RawSweep {
    /// A payoff parameter's name, `delta` or `noise`.
    pub param: String,
    /// First value (a number or a fraction such as `"1/3"`).
    pub from: RawNumber,
    /// Last value.
    pub to: RawNumber,
    /// Number of values.
    pub points: i64,
}

/// A player.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a player: a table with `name` and `actions`"
)]
pub struct RawPlayer {
    /// Display name.
    pub name: String,
    /// Actions, as names or `{ name, description }` tables.
    pub actions: Vec<RawAction>,
}

/// An action: a bare name or a name with a description.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RawAction {
    /// `"hold"`.
    Name(String),
    /// `{ name = "hold", description = "…" }`.
    Full {
        /// Name.
        name: String,
        /// Description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
}

/// A number as written: a literal, or text such as `"3/4"` or `"1e-3"`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum RawNumber {
    /// An integer literal (kept apart so large integers are not rounded twice).
    Int(i64),
    /// A float literal.
    Float(f64),
    /// Text: a rational `p/q` or a decimal.
    Text(String),
}

pub use super::monitoring_section::{RawDetection, RawMonitoring, RawSignals};
pub use super::repeated_section::{RawDiscount, RawHorizon, RawRepeated};
pub use super::states_section::{RawGameState, RawNext, RawStateActions};

/// A cooperative profile: `{ row = "hold", col = "hold" }`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a profile: { row = \"…\", col = \"…\" }"
)]
pub struct RawProfile {
    /// Row player's action.
    pub row: String,
    /// Column player's action.
    pub col: String,
}

/// What a custom state plays: one action, or probabilities per action.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RawPlay {
    /// `"hold"`.
    Action(String),
    /// `{ hold = 0.7, tariff = 0.3 }`.
    Mixed(BTreeMap<String, f64>),
}

/// A state of a custom automaton.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a state: { play = …, on = { … } } (or on_signal = { … }), optionally with `after` and `then`"
)]
pub struct RawState {
    /// What the state plays.
    pub play: RawPlay,
    /// Transitions: opponent action (or `"row_action+col_action"`) → next state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<BTreeMap<String, String>>,
    /// Transitions of a public automaton: public signal → next state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_signal: Option<BTreeMap<String, String>>,
    /// Rounds spent in this state before moving to `then`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i64>,
    /// State entered after `after` rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub then: Option<String>,
}

/// A `[[strategy]]` entry: a library strategy (`kind`) or a custom automaton (`states`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a strategy: a table with `name`, `player`, and `kind` or `states`"
)]
pub struct RawStrategy {
    /// Unique name.
    pub name: String,
    /// `"row"` or `"col"`.
    pub player: String,
    /// Library strategy: always, grim_trigger, tit_for_tat, tit_for_two_tats,
    /// generous_tit_for_tat, limited_punishment, win_stay_lose_shift, public_trigger. Absent
    /// for a custom automaton.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// For `always`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Cooperative profile (grim_trigger, limited_punishment, win_stay_lose_shift) or own
    /// cooperative action (the tit-for-tat family).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooperate: Option<RawCooperate>,
    /// Own punishment action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub punish: Option<String>,
    /// Punishment length for limited_punishment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<i64>,
    /// Tit-for-tat family: hostile opponent action → own reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostile: Option<BTreeMap<String, String>>,
    /// Forgiveness probability for generous_tit_for_tat and public_trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forgive: Option<f64>,
    /// Alternative action for win_stay_lose_shift.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// The signal (or signals) that start a punishment, for public_trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<RawSignals>,
    /// Punishment length of a public_trigger (absent: forever).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub punish_rounds: Option<i64>,
    /// Trigger signals in consecutive rounds that start a public_trigger's punishment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarms_in_a_row: Option<i64>,
    /// Start state of a custom automaton.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// States of a custom automaton.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub states: Option<BTreeMap<String, RawState>>,
}

/// `cooperate = { row = "hold", col = "hold" }` or `cooperate = "hold"`.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RawCooperate {
    /// Own action.
    Own(String),
    /// Joint profile.
    Profile(RawProfile),
}

/// Deserializes the forms a visitor accepts: the `visit_*` methods it lists, each
/// building the value; anything else is an error naming what was `expecting`.
macro_rules! either_form {
    ($ty:ty, $expecting:expr, { $($method:item)* }) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Forms;
                impl<'de> ::serde::de::Visitor<'de> for Forms {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }
                    $($method)*
                }
                d.deserialize_any(Forms)
            }
        }
    };
}
pub(super) use either_form;

either_form!(
    RawNumber,
    "a number, a fraction like \"1/3\" or an expression of the parameters",
    {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNumber, E> {
            Ok(RawNumber::Int(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNumber, E> {
            Ok(i64::try_from(v).map_or(RawNumber::Float(v as f64), RawNumber::Int))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawNumber, E> {
            Ok(RawNumber::Float(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNumber, E> {
            Ok(RawNumber::Text(v.to_string()))
        }
    }
);

/// The table form of an action.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an action: { name = \"…\", description = \"…\" }"
)]
struct FullAction {
    name: String,
    #[serde(default)]
    description: Option<String>,
}

either_form!(
    RawAction,
    "an action name, or { name = \"…\", description = \"…\" }",
    {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<RawAction, E> {
            Ok(RawAction::Name(v.to_string()))
        }
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawAction, M::Error> {
            let a = FullAction::deserialize(MapAccessDeserializer::new(map))?;
            Ok(RawAction::Full {
                name: a.name,
                description: a.description,
            })
        }
    }
);

either_form!(
    RawPlay,
    "an action name, or probabilities such as { hold = 0.7, tariff = 0.3 }",
    {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<RawPlay, E> {
            Ok(RawPlay::Action(v.to_string()))
        }
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawPlay, M::Error> {
            BTreeMap::deserialize(MapAccessDeserializer::new(map)).map(RawPlay::Mixed)
        }
    }
);

either_form!(
    RawCooperate,
    "an own action, or a profile { row = \"…\", col = \"…\" }",
    {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCooperate, E> {
            Ok(RawCooperate::Own(v.to_string()))
        }
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawCooperate, M::Error> {
            RawProfile::deserialize(MapAccessDeserializer::new(map)).map(RawCooperate::Profile)
        }
    }
);
