//! The `[monitoring]` section of a scenario file and the public strategies that read it,
//! in one place: raw serde forms, validation into [`MonitoringSpec`] and
//! [`PublicStrategySpec`] (with the key path of each mistake), and writing back.
//!
//! Two forms:
//! - the table: `signals = ["quiet", "alarm"]` and `[monitoring.probabilities]`, one line
//!   per row action with, for each column action, the probability of each signal in
//!   signal order (numbers, fractions such as `"1/3"`, or expressions of `[parameters]`);
//! - the short form: `false_alarm` and `detection` (one number, or `{ row = …, col = … }`
//!   for a detection rate per departing player), relative to the truce profile
//!   (`truce = { row, col }` here, else `[repeated] truce`, else the `cooperate` profile
//!   of the first `public_trigger` strategy, else the repeated-game analysis's default
//!   truce). The signals are then `quiet` and `alarm`.
//!
//! `detection` below `false_alarm` is allowed but warned: the alarm is then evidence of
//! compliance.

use std::collections::BTreeMap;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess, SeqAccess};
use serde::{Deserialize, Serialize};

use super::raw::{RawNumber, RawPlay, RawProfile, RawStrategy, either_form};
use super::validate::{Ctx, Invalid, Seg, did_you_mean, expression, key, listing, with};
use crate::game::{Game, Player};
use crate::monitoring::public_strategy::TriggerConfig;
use crate::monitoring::signals::SignalStructure;
use crate::monitoring::spec::{
    MonitoringForm, MonitoringSpec, PublicCustomState, PublicKind, PublicStrategySpec,
};
use crate::text::{TextKind, quoted};
use crate::tolerance::SIGNAL_SUM;

/// Most signals a structure may have (the PPE set's linear programs have two variables per
/// signal and profile).
pub const MAX_SIGNALS: usize = 1000;

/// Most profile × signal entries of a signal table (8 bytes each: 80 MB).
pub const MAX_SIGNAL_ENTRIES: usize = 10_000_000;

/// Longest punishment of a `public_trigger`, and longest run of alarms it waits for.
pub const MAX_PUBLIC_ROUNDS: i64 = 1000;

/// The `[monitoring]` section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [monitoring] table: `signals` with [monitoring.probabilities], or `false_alarm` and `detection`"
)]
pub struct RawMonitoring {
    /// Public signal names (the table form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<Vec<String>>,
    /// Per row action, per column action, the probability of each signal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probabilities: Option<BTreeMap<String, Vec<Vec<RawNumber>>>>,
    /// Short form: probability of the alarm when both keep the truce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub false_alarm: Option<RawNumber>,
    /// Short form: probability of the alarm when someone departs from the truce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection: Option<RawDetection>,
    /// Short form: the truce profile the alarm is relative to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truce: Option<RawProfile>,
}

/// A detection rate: one for both players or one per departing player.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RawDetection {
    /// The same rate whoever departs.
    Common(RawNumber),
    /// `{ row = 0.8, col = 0.6 }`.
    PerPlayer {
        /// When the row player departs.
        row: RawNumber,
        /// When the column player departs.
        col: RawNumber,
    },
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "one detection rate per departing player: { row = 0.8, col = 0.6 }"
)]
struct PerPlayerDetection {
    row: RawNumber,
    col: RawNumber,
}

either_form!(
    RawDetection,
    "a probability such as 0.8, or one per departing player: { row = 0.8, col = 0.6 }",
    {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDetection, E> {
            Ok(RawDetection::Common(RawNumber::Int(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDetection, E> {
            Ok(RawDetection::Common(RawNumber::Float(v as f64)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawDetection, E> {
            Ok(RawDetection::Common(RawNumber::Float(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDetection, E> {
            Ok(RawDetection::Common(RawNumber::Text(v.to_string())))
        }
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawDetection, M::Error> {
            let d = PerPlayerDetection::deserialize(MapAccessDeserializer::new(map))?;
            Ok(RawDetection::PerPlayer {
                row: d.row,
                col: d.col,
            })
        }
    }
);

/// One signal name or a list of them.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RawSignals {
    /// `"alarm"`.
    One(String),
    /// `["alarm", "protest"]`.
    Many(Vec<String>),
}

either_form!(
    RawSignals,
    "a signal name such as \"alarm\", or a list of signal names",
    {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSignals, E> {
            Ok(RawSignals::One(v.to_string()))
        }
        fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<RawSignals, S::Error> {
            let mut out = Vec::new();
            while let Some(s) = seq.next_element::<String>()? {
                out.push(s);
            }
            Ok(RawSignals::Many(out))
        }
    }
);

/// The signal names the section declares (`quiet`, `alarm` for the short form), checked
/// as names; strategies are validated against them before the probabilities, which may
/// need a strategy's truce profile.
pub fn signal_names(raw: &RawMonitoring) -> Result<Vec<String>, Invalid> {
    let base = [key("monitoring")];
    let short = raw.false_alarm.is_some() || raw.detection.is_some();
    let table = raw.signals.is_some() || raw.probabilities.is_some();
    match (short, table) {
        (true, true) => Err(Invalid::at(
            &base,
            "give either the signal table (`signals` and [monitoring.probabilities]) or the \
             short form (`false_alarm` and `detection`), not both",
        )),
        (false, false) => Err(Invalid::at(
            &base,
            "[monitoring] is empty; declare `signals = [\"quiet\", \"alarm\"]` with \
             [monitoring.probabilities], or the short form `false_alarm = 0.05` and \
             `detection = 0.8`",
        )),
        (true, false) => {
            for (field, given) in [
                ("false_alarm", raw.false_alarm.is_some()),
                ("detection", raw.detection.is_some()),
            ] {
                if !given {
                    return Err(Invalid::at(
                        &base,
                        format!(
                            "the short form needs `{field}` too: `false_alarm` is the alarm's \
                             probability when both keep the truce, `detection` when someone \
                             departs from it"
                        ),
                    ));
                }
            }
            Ok(vec!["quiet".into(), "alarm".into()])
        }
        (false, true) => {
            if raw.truce.is_some() {
                return Err(Invalid::at(
                    &with(&base, key("truce")),
                    "`truce` belongs to the short form (false_alarm, detection); with a signal \
                     table declare the truce in [repeated] instead",
                ));
            }
            let path = with(&base, key("signals"));
            let Some(names) = &raw.signals else {
                return Err(Invalid::at(
                    &base,
                    "[monitoring.probabilities] needs `signals`, the list of public signal \
                     names, e.g. signals = [\"quiet\", \"alarm\"]",
                ));
            };
            if names.len() < 2 {
                return Err(Invalid::at(
                    &path,
                    format!(
                        "{} signal{} declared; a public signal needs at least two values \
                         (e.g. [\"quiet\", \"alarm\"])",
                        names.len(),
                        if names.len() == 1 { "" } else { "s" }
                    ),
                ));
            }
            if names.len() > MAX_SIGNALS {
                return Err(Invalid::at(
                    &path,
                    format!(
                        "{} signals declared, more than the limit of {MAX_SIGNALS}",
                        names.len()
                    ),
                ));
            }
            for (k, n) in names.iter().enumerate() {
                let at = with(&path, Seg::Index(k));
                if n.trim().is_empty() {
                    return Err(Invalid::at(&at, "a signal name is empty; give it a name"));
                }
                super::validate::text_rule(n, TextKind::Name, "the signal name", &at)?;
                if names[..k].contains(n) {
                    return Err(Invalid::at(
                        &at,
                        format!(
                            "signal {} is declared twice; signal names must be unique",
                            quoted(n)
                        ),
                    ));
                }
            }
            Ok(names.clone())
        }
    }
}

/// A probability as written: a literal, a fraction or decimal as text, or an expression
/// of the parameters; finite and in [0, 1].
fn probability(
    raw: &RawNumber,
    path: &[Seg],
    params: &BTreeMap<String, f64>,
    what: &str,
) -> Result<f64, Invalid> {
    let v = match raw {
        RawNumber::Int(i) => *i as f64,
        RawNumber::Float(f) => *f,
        RawNumber::Text(t) => match super::validate::read_number_text(t) {
            Ok(v) => v,
            Err(super::validate::NumberTextError::ZeroDenominator) => {
                return Err(Invalid::at(
                    path,
                    format!(
                        "{} divides by zero; give a probability in [0, 1]",
                        quoted(t)
                    ),
                ));
            }
            Err(_) => expression(t, params, path)?,
        },
    };
    if !v.is_finite() || !(0.0..=1.0).contains(&v) {
        return Err(Invalid::at(
            path,
            format!("{what} is {v}; a probability must be a number in [0, 1]"),
        ));
    }
    Ok(v)
}

/// Where the short form's truce comes from, in the order of the module doc.
pub struct TruceSources {
    /// `[repeated] truce`.
    pub declared: Option<(usize, usize)>,
    /// The first public trigger's cooperative profile.
    pub strategies: Option<(usize, usize)>,
}

/// Validates the section; the warnings (with their key paths) are appended to `warnings`.
pub fn validate(
    raw: &RawMonitoring,
    game: &Game,
    params: &BTreeMap<String, f64>,
    truce: &TruceSources,
    warnings: &mut Vec<Invalid>,
) -> Result<MonitoringSpec, Invalid> {
    let base = [key("monitoring")];
    let names = signal_names(raw)?;
    let (m, n) = game.shape();
    let row = game.player(Player::Row);
    let col = game.player(Player::Col);
    if let (Some(fa), Some(det)) = (&raw.false_alarm, &raw.detection) {
        let fa_path = with(&base, key("false_alarm"));
        let false_alarm = probability(fa, &fa_path, params, "false_alarm")?;
        let det_path = with(&base, key("detection"));
        let detection = match det {
            RawDetection::Common(d) => {
                let d = probability(d, &det_path, params, "detection")?;
                (d, d)
            }
            RawDetection::PerPlayer { row, col } => (
                probability(row, &with(&det_path, key("row")), params, "detection.row")?,
                probability(col, &with(&det_path, key("col")), params, "detection.col")?,
            ),
        };
        let truce_profile = match &raw.truce {
            Some(t) => {
                let at = with(&base, key("truce"));
                let find = |p: Player, name: &str, side: &str| {
                    game.player(p).action_index(name).ok_or_else(|| {
                        let names = game.player(p).action_names();
                        Invalid::at(
                            &with(&at, key(side)),
                            format!(
                                "{} is not an action of {}{}; actions: {}",
                                quoted(name),
                                game.player(p).name,
                                did_you_mean(name, names.iter().map(String::as_str)),
                                listing(names.iter().map(String::as_str))
                            ),
                        )
                    })
                };
                (
                    find(Player::Row, &t.row, "row")?,
                    find(Player::Col, &t.col, "col")?,
                )
            }
            None => truce
                .declared
                .or(truce.strategies)
                .or_else(|| {
                    crate::repeated::analysis::truce_profile(game, &[], None).map(|(p, _)| p)
                })
                .ok_or_else(|| {
                    Invalid::at(
                        &base,
                        "the short form needs the truce profile the alarm is relative to; add \
                         truce = { row = \"…\", col = \"…\" } to [monitoring]",
                    )
                })?,
        };
        for (who, d) in [("row", detection.0), ("col", detection.1)] {
            if d < false_alarm {
                let at = match det {
                    RawDetection::Common(_) => det_path.clone(),
                    RawDetection::PerPlayer { .. } => with(&det_path, key(who)),
                };
                warnings.push(Invalid::at(
                    &at,
                    format!(
                        "detection {d} is below false_alarm {false_alarm}: the alarm then sounds \
                         less often after a departure than under the truce, so it is evidence of \
                         compliance; check the two numbers are not swapped"
                    ),
                ));
                break;
            }
        }
        return MonitoringSpec::short_form((m, n), truce_profile, false_alarm, detection)
            .map_err(|e| Invalid::at(&base, e.to_string()));
    }
    let ppath = with(&base, key("probabilities"));
    let Some(table) = &raw.probabilities else {
        return Err(Invalid::at(
            &base,
            format!(
                "the signals need their probabilities: add [monitoring.probabilities] with one \
                 line per row action ({}), each a list of {n} lists of {} probabilities",
                listing(row.actions.iter().map(|a| a.name.as_str())),
                names.len()
            ),
        ));
    };
    let k = names.len();
    if (m * n).saturating_mul(k) > MAX_SIGNAL_ENTRIES {
        return Err(Invalid::at(
            &ppath,
            format!(
                "{m}×{n} profiles × {k} signals is more than the limit of {MAX_SIGNAL_ENTRIES} \
                 probabilities"
            ),
        ));
    }
    for name in table.keys() {
        if row.action_index(name).is_none() {
            return Err(Invalid::at(
                &with(&ppath, key(name)),
                format!(
                    "{} is not an action of {} (the row player){}; the lines of \
                     [monitoring.probabilities] are named by row actions: {}",
                    quoted(name),
                    row.name,
                    did_you_mean(name, row.actions.iter().map(|a| a.name.as_str())),
                    listing(row.actions.iter().map(|a| a.name.as_str()))
                ),
            ));
        }
    }
    let mut probs = Vec::with_capacity(m);
    for r in 0..m {
        let rname = game.action_name(Player::Row, r);
        let at = with(&ppath, key(rname));
        let Some(cells) = table.get(rname) else {
            return Err(Invalid::at(
                &ppath,
                format!(
                    "no line for row action {}; add {} = [{}] with the signal probabilities \
                     after each column action",
                    quoted(rname),
                    rname,
                    vec![format!("[{}]", vec!["…"; k].join(", ")); n].join(", ")
                ),
            ));
        };
        if cells.len() != n {
            return Err(Invalid::at(
                &at,
                format!(
                    "{} lists {} cells, but {} (the column player) has {n} actions ({}); give \
                     one list of {k} signal probabilities per column action",
                    quoted(rname),
                    cells.len(),
                    col.name,
                    listing(col.actions.iter().map(|a| a.name.as_str()))
                ),
            ));
        }
        let mut line = Vec::with_capacity(n);
        for (c, cell) in cells.iter().enumerate() {
            let cat = with(&at, Seg::Index(c));
            let cname = game.action_name(Player::Col, c);
            if cell.len() != k {
                return Err(Invalid::at(
                    &cat,
                    format!(
                        "the cell ({rname}, {cname}) gives {} probabilities for {k} signals ({}); \
                         give one per signal, in that order",
                        cell.len(),
                        listing(names.iter().map(String::as_str))
                    ),
                ));
            }
            let mut dist = Vec::with_capacity(k);
            for (y, v) in cell.iter().enumerate() {
                dist.push(probability(
                    v,
                    &with(&cat, Seg::Index(y)),
                    params,
                    &format!(
                        "the probability of {} at ({rname}, {cname})",
                        quoted(&names[y])
                    ),
                )?);
            }
            let sum: f64 = dist.iter().sum();
            if (sum - 1.0).abs() > SIGNAL_SUM {
                return Err(Invalid::at(
                    &cat,
                    format!(
                        "the signal probabilities at ({rname}, {cname}) sum to {sum}, not 1; \
                         make them sum to 1 (fractions such as \"1/3\" are exact)"
                    ),
                ));
            }
            line.push(dist);
        }
        probs.push(line);
    }
    let signals = SignalStructure::new(names, probs, (m, n))
        .map_err(|e| Invalid::at(&ppath, e.to_string()))?;
    Ok(MonitoringSpec {
        signals,
        form: MonitoringForm::Table,
    })
}

/// The kinds of strategy a scenario with `[monitoring]` accepts.
pub const PUBLIC_KINDS: [&str; 2] = ["public_trigger", "always"];

/// Signal index by name, or an error naming the signals.
fn signal(ctx: &Ctx, names: &[String], given: &str, field: &[Seg]) -> Result<usize, Invalid> {
    names.iter().position(|n| n == given).ok_or_else(|| {
        ctx.err(
            field,
            format!(
                "unknown signal {}{}; the signals of [monitoring] are {}",
                quoted(given),
                did_you_mean(given, names.iter().map(String::as_str)),
                listing(names.iter().map(String::as_str))
            ),
        )
    })
}

/// A whole number in `1..=MAX_PUBLIC_ROUNDS` for `field`.
fn rounds(ctx: &Ctx, v: i64, field: &str, what: &str) -> Result<usize, Invalid> {
    if (1..=MAX_PUBLIC_ROUNDS).contains(&v) {
        Ok(v as usize)
    } else {
        Err(ctx.err(
            &[key(field)],
            format!("{field} = {v}; give {what} from 1 to {MAX_PUBLIC_ROUNDS}"),
        ))
    }
}

/// Refuses the fields `kind` does not read, naming the first one given.
fn unused(ctx: &Ctx, raw: &RawStrategy, kind: &str, allowed: &[&str]) -> Result<(), Invalid> {
    let given = [
        ("action", raw.action.is_some()),
        ("cooperate", raw.cooperate.is_some()),
        ("punish", raw.punish.is_some()),
        ("rounds", raw.rounds.is_some()),
        ("hostile", raw.hostile.is_some()),
        ("forgive", raw.forgive.is_some()),
        ("shift", raw.shift.is_some()),
        ("trigger", raw.trigger.is_some()),
        ("punish_rounds", raw.punish_rounds.is_some()),
        ("alarms_in_a_row", raw.alarms_in_a_row.is_some()),
        ("start", raw.start.is_some()),
    ];
    if let Some((f, _)) = given.iter().find(|(f, g)| *g && !allowed.contains(f)) {
        let hint = if *f == "rounds" && kind == "public_trigger" {
            "; the punishment length of a public_trigger is `punish_rounds`"
        } else {
            ""
        };
        return Err(ctx.err(
            &[key(f)],
            format!("a `{kind}` strategy does not read `{f}`; remove it{hint}"),
        ));
    }
    Ok(())
}

/// Validates a strategy of a scenario with `[monitoring]`, whose signals are `names`.
pub(super) fn public_strategy(
    ctx: &Ctx,
    raw: &RawStrategy,
    me: Player,
    names: &[String],
) -> Result<PublicStrategySpec, Invalid> {
    let kind = match raw.kind.as_deref() {
        None => public_custom(ctx, raw, me, names)?,
        Some(k) if raw.states.is_some() => {
            return Err(ctx.err(
                &[key("states")],
                format!("a `{k}` strategy takes no states; drop `kind` for a custom automaton"),
            ));
        }
        Some("always") => {
            unused(ctx, raw, "always", &["action"])?;
            let a = raw.action.as_deref().ok_or_else(|| {
                ctx.err(&[key("action")], "always needs `action` (an action name)")
            })?;
            PublicKind::Always {
                action: ctx.action(me, a, &[key("action")])?,
            }
        }
        Some("public_trigger") => {
            unused(
                ctx,
                raw,
                "public_trigger",
                &[
                    "cooperate",
                    "punish",
                    "trigger",
                    "punish_rounds",
                    "alarms_in_a_row",
                    "forgive",
                ],
            )?;
            let cooperate = super::validate::profile(ctx, &raw.cooperate, "public_trigger")?;
            let punish = ctx.action(
                me,
                raw.punish.as_deref().ok_or_else(|| {
                    ctx.err(
                        &[key("punish")],
                        "public_trigger needs `punish` (an action name)",
                    )
                })?,
                &[key("punish")],
            )?;
            let trigger = match &raw.trigger {
                Some(RawSignals::One(s)) => vec![signal(ctx, names, s, &[key("trigger")])?],
                Some(RawSignals::Many(list)) => {
                    if list.is_empty() {
                        return Err(ctx.err(
                            &[key("trigger")],
                            "trigger = []: name at least one signal that starts a punishment",
                        ));
                    }
                    let mut out = Vec::with_capacity(list.len());
                    for (k, s) in list.iter().enumerate() {
                        let y = signal(ctx, names, s, &[key("trigger"), Seg::Index(k)])?;
                        if !out.contains(&y) {
                            out.push(y);
                        }
                    }
                    if out.len() == names.len() {
                        return Err(ctx.err(
                            &[key("trigger")],
                            "every signal is a trigger, so the punishment starts after the \
                             first round whatever happens; leave at least one signal out",
                        ));
                    }
                    out
                }
                None => match names.iter().position(|n| n == "alarm") {
                    Some(y) => vec![y],
                    None => {
                        return Err(ctx.err(
                            &[key("trigger")],
                            format!(
                                "public_trigger needs `trigger`, the signal that starts a \
                                 punishment: one of {}",
                                listing(names.iter().map(String::as_str))
                            ),
                        ));
                    }
                },
            };
            let punish_rounds = raw
                .punish_rounds
                .map(|t| rounds(ctx, t, "punish_rounds", "a punishment length"))
                .transpose()?;
            let in_a_row = raw
                .alarms_in_a_row
                .map(|k| rounds(ctx, k, "alarms_in_a_row", "a number of alarms"))
                .transpose()?
                .unwrap_or(1);
            let forgive = match raw.forgive {
                None => None,
                Some(p) if p.is_finite() && (0.0..=1.0).contains(&p) => {
                    if punish_rounds.is_some() || in_a_row != 1 {
                        return Err(ctx.err(
                            &[key("forgive")],
                            "`forgive` ends a punishment at random, so it takes neither \
                             `punish_rounds` nor `alarms_in_a_row`; keep one way of ending it",
                        ));
                    }
                    Some(p)
                }
                Some(p) => {
                    return Err(ctx.err(
                        &[key("forgive")],
                        format!("forgive = {p} is outside [0, 1]; it is a probability"),
                    ));
                }
            };
            let own = match me {
                Player::Row => cooperate.0,
                Player::Col => cooperate.1,
            };
            if own == punish {
                return Err(ctx.err(
                    &[key("punish")],
                    "the punishment action is the cooperative one, so the trigger never \
                     punishes; name another action, or use kind = \"always\"",
                ));
            }
            // The library's own checks (alarm indices, lengths) cannot fail after the ones
            // above; they are kept as the automaton's invariants.
            let _ = TriggerConfig {
                cooperate: own,
                punish,
                alarms: trigger.clone(),
                signals: names.len(),
                actions: ctx.info(me).actions.len(),
            };
            PublicKind::PublicTrigger {
                cooperate,
                punish,
                trigger,
                rounds: punish_rounds,
                in_a_row,
                forgive,
            }
        }
        Some(
            k @ ("grim_trigger"
            | "limited_punishment"
            | "tit_for_tat"
            | "tit_for_two_tats"
            | "generous_tit_for_tat"
            | "win_stay_lose_shift"),
        ) => {
            return Err(ctx.err(
                &[key("kind")],
                format!(
                    "`{k}` reacts to the other side's actions, which the players do not see \
                     under [monitoring] (they see the public signal only); use kind = \
                     \"public_trigger\" with trigger = \"{}\", or a custom automaton with \
                     on_signal transitions",
                    names.last().map_or("alarm", String::as_str)
                ),
            ));
        }
        Some(other) => {
            return Err(ctx.err(
                &[key("kind")],
                format!(
                    "unknown strategy kind {}{}; with [monitoring] the kinds are {}, or leave \
                     out `kind` and give `states` with on_signal transitions",
                    quoted(other),
                    did_you_mean(other, PUBLIC_KINDS),
                    PUBLIC_KINDS.join(", ")
                ),
            ));
        }
    };
    Ok(PublicStrategySpec {
        name: raw.name.clone(),
        player: me,
        kind,
    })
}

/// A custom automaton of a scenario with `[monitoring]`: pure states whose transitions
/// read the public signal (`on_signal`).
fn public_custom(
    ctx: &Ctx,
    raw: &RawStrategy,
    me: Player,
    names: &[String],
) -> Result<PublicKind, Invalid> {
    let states = raw.states.as_ref().filter(|s| !s.is_empty()).ok_or_else(|| {
        ctx.err(
            &[key("states")],
            "a custom strategy needs states: states.NAME = { play = \"action\", on_signal = { … } }",
        )
    })?;
    if states.len() > crate::monitoring::values::MAX_PAIR_STATES {
        return Err(ctx.err(
            &[key("states")],
            format!(
                "the automaton has {} states, more than the {} a public automaton may have",
                states.len(),
                crate::monitoring::values::MAX_PAIR_STATES
            ),
        ));
    }
    let index = super::validate::StateIndex::new(states.keys().map(String::as_str).collect());
    let state_index = |name: &str, field: &[Seg]| index.get(ctx, name, field);
    let start_name = raw.start.as_deref().ok_or_else(|| {
        ctx.err(
            &[key("start")],
            "a custom strategy needs `start`, the name of its first state",
        )
    })?;
    let start = state_index(start_name, &[key("start")])?;
    let mut out = Vec::with_capacity(states.len());
    for (sname, st) in states {
        let sp = [key("states"), key(sname)];
        super::validate::text_rule(
            sname,
            TextKind::Name,
            "the state name",
            &[ctx.path.clone(), sp.to_vec()].concat(),
        )?;
        if st.on.is_some() {
            return Err(ctx.err(
                &[sp.to_vec(), vec![key("on")]].concat(),
                format!(
                    "under [monitoring] the players see the public signal, not each other's \
                     actions; write on_signal = {{ {} = \"…\" }} instead of `on`",
                    names.last().map_or("alarm", String::as_str)
                ),
            ));
        }
        if st.after.is_some() || st.then.is_some() {
            return Err(ctx.err(
                &sp,
                "timed states (`after`, `then`) are not available in public automata; write \
                 the rounds as a chain of states whose on_signal sends every signal to the next",
            ));
        }
        let action = match &st.play {
            RawPlay::Action(a) => ctx.action(me, a, &[sp.to_vec(), vec![key("play")]].concat())?,
            RawPlay::Mixed(_) => {
                return Err(ctx.err(
                    &[sp.to_vec(), vec![key("play")]].concat(),
                    "a public automaton plays one action per state (the pure public strategies \
                     of the perfect public equilibrium analysis); name one action",
                ));
            }
        };
        let mut on_signal = Vec::new();
        for (y, to) in st.on_signal.iter().flatten() {
            let f = [sp.to_vec(), vec![key("on_signal"), key(y)]].concat();
            on_signal.push((signal(ctx, names, y, &f)?, state_index(to, &f)?));
        }
        out.push(PublicCustomState {
            name: sname.clone(),
            action,
            on_signal,
        });
    }
    Ok(PublicKind::Custom { start, states: out })
}

/// The section as written back: the short form's numbers, or the table.
pub fn to_raw(spec: &MonitoringSpec, game: &Game) -> RawMonitoring {
    let number = |v: f64| super::write::raw_number(v);
    match &spec.form {
        MonitoringForm::ShortForm {
            truce,
            false_alarm,
            detection,
        } => RawMonitoring {
            signals: None,
            probabilities: None,
            false_alarm: Some(number(*false_alarm)),
            detection: Some(if detection.0 == detection.1 {
                RawDetection::Common(number(detection.0))
            } else {
                RawDetection::PerPlayer {
                    row: number(detection.0),
                    col: number(detection.1),
                }
            }),
            truce: Some(RawProfile {
                row: game.action_name(Player::Row, truce.0).to_string(),
                col: game.action_name(Player::Col, truce.1).to_string(),
            }),
        },
        MonitoringForm::Table => {
            let (m, n) = game.shape();
            let s = &spec.signals;
            RawMonitoring {
                signals: Some(s.names().to_vec()),
                probabilities: Some(
                    (0..m)
                        .map(|r| {
                            (
                                game.action_name(Player::Row, r).to_string(),
                                (0..n)
                                    .map(|c| {
                                        s.distribution(r, c).iter().map(|&p| number(p)).collect()
                                    })
                                    .collect(),
                            )
                        })
                        .collect(),
                ),
                false_alarm: None,
                detection: None,
                truce: None,
            }
        }
    }
}

/// A public strategy as written back.
pub fn raw_public_strategy(g: &Game, names: &[String], s: &PublicStrategySpec) -> RawStrategy {
    let me = s.player;
    let own = |k: usize| g.action_name(me, k).to_string();
    let mut raw = super::write::empty_strategy(&s.name, me);
    match &s.kind {
        PublicKind::Always { action } => {
            raw.kind = Some("always".into());
            raw.action = Some(own(*action));
        }
        PublicKind::PublicTrigger {
            cooperate,
            punish,
            trigger,
            rounds,
            in_a_row,
            forgive,
        } => {
            raw.kind = Some("public_trigger".into());
            raw.cooperate = Some(super::raw::RawCooperate::Profile(RawProfile {
                row: g.action_name(Player::Row, cooperate.0).to_string(),
                col: g.action_name(Player::Col, cooperate.1).to_string(),
            }));
            raw.punish = Some(own(*punish));
            raw.trigger = Some(match trigger.as_slice() {
                [y] => RawSignals::One(names[*y].clone()),
                many => RawSignals::Many(many.iter().map(|&y| names[y].clone()).collect()),
            });
            raw.punish_rounds = rounds.map(|t| t as i64);
            raw.alarms_in_a_row = (*in_a_row != 1).then_some(*in_a_row as i64);
            raw.forgive = *forgive;
        }
        PublicKind::Custom { start, states } => {
            raw.start = Some(states[*start].name.clone());
            raw.states = Some(
                states
                    .iter()
                    .map(|st| {
                        let on_signal: BTreeMap<String, String> = st
                            .on_signal
                            .iter()
                            .map(|&(y, to)| (names[y].clone(), states[to].name.clone()))
                            .collect();
                        (
                            st.name.clone(),
                            super::raw::RawState {
                                play: RawPlay::Action(own(st.action)),
                                on: None,
                                on_signal: (!on_signal.is_empty()).then_some(on_signal),
                                after: None,
                                then: None,
                            },
                        )
                    })
                    .collect(),
            );
        }
    }
    raw
}
