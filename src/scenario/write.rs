//! Writing scenarios back out: TOML (the human layout, payoff lines in action order),
//! JSON (the same schema) and `.nfg` (see [`super::nfg::write`]). Everything a file
//! says survives a TOML or JSON round trip; `.nfg` keeps the game, the title and the
//! description only.

use std::collections::BTreeMap;

use serde::Serialize;

use super::nfg::fmt_number;
use super::raw::{
    RawAction, RawCooperate, RawNumber, RawPlay, RawPlayer, RawProfile, RawRepeated, RawScenario,
    RawState, RawStrategy, RawSweep,
};
use super::{Scenario, StrategyKind, StrategySpec, Trigger};
use crate::game::{Game, Player, PlayerInfo};

fn raw_player(p: &PlayerInfo) -> RawPlayer {
    RawPlayer {
        name: p.name.clone(),
        actions: p
            .actions
            .iter()
            .map(|a| match &a.description {
                None => RawAction::Name(a.name.clone()),
                Some(d) => RawAction::Full {
                    name: a.name.clone(),
                    description: Some(d.clone()),
                },
            })
            .collect(),
    }
}

pub(super) fn raw_number(v: f64) -> RawNumber {
    if v == v.trunc() && v.abs() < 9e15 {
        RawNumber::Int(v as i64)
    } else {
        RawNumber::Float(v)
    }
}

/// A strategy entry with only its name and player.
pub(super) fn empty_strategy(name: &str, me: Player) -> RawStrategy {
    RawStrategy {
        name: name.to_string(),
        player: me.key().to_string(),
        kind: None,
        action: None,
        cooperate: None,
        punish: None,
        rounds: None,
        hostile: None,
        forgive: None,
        shift: None,
        trigger: None,
        punish_rounds: None,
        alarms_in_a_row: None,
        start: None,
        states: None,
    }
}

fn raw_strategy(g: &Game, s: &StrategySpec) -> RawStrategy {
    let me = s.player;
    let own = |k: usize| g.action_name(me, k).to_string();
    let opp = |k: usize| g.action_name(me.opponent(), k).to_string();
    let prof = |(r, c): (usize, usize)| {
        Some(RawCooperate::Profile(RawProfile {
            row: g.action_name(Player::Row, r).to_string(),
            col: g.action_name(Player::Col, c).to_string(),
        }))
    };
    let mut raw = empty_strategy(&s.name, me);
    let replies_map = |r: &[(usize, usize)]| {
        Some(
            r.iter()
                .map(|&(o, m)| (opp(o), own(m)))
                .collect::<BTreeMap<_, _>>(),
        )
    };
    match &s.kind {
        StrategyKind::Always { action } => {
            raw.kind = Some("always".into());
            raw.action = Some(own(*action));
        }
        StrategyKind::GrimTrigger { cooperate, punish } => {
            raw.kind = Some("grim_trigger".into());
            raw.cooperate = prof(*cooperate);
            raw.punish = Some(own(*punish));
        }
        StrategyKind::LimitedPunishment {
            cooperate,
            punish,
            rounds,
        } => {
            raw.kind = Some("limited_punishment".into());
            raw.cooperate = prof(*cooperate);
            raw.punish = Some(own(*punish));
            raw.rounds = Some(*rounds as i64);
        }
        StrategyKind::WinStayLoseShift { cooperate, shift } => {
            raw.kind = Some("win_stay_lose_shift".into());
            raw.cooperate = prof(*cooperate);
            raw.shift = Some(own(*shift));
        }
        StrategyKind::TitForTat { cooperate, replies } => {
            raw.kind = Some("tit_for_tat".into());
            raw.cooperate = Some(RawCooperate::Own(own(*cooperate)));
            raw.hostile = replies_map(replies);
        }
        StrategyKind::TitForTwoTats { cooperate, replies } => {
            raw.kind = Some("tit_for_two_tats".into());
            raw.cooperate = Some(RawCooperate::Own(own(*cooperate)));
            raw.hostile = replies_map(replies);
        }
        StrategyKind::GenerousTitForTat {
            cooperate,
            replies,
            forgive,
        } => {
            raw.kind = Some("generous_tit_for_tat".into());
            raw.cooperate = Some(RawCooperate::Own(own(*cooperate)));
            raw.hostile = replies_map(replies);
            raw.forgive = Some(*forgive);
        }
        StrategyKind::Custom { start, states } => {
            raw.start = Some(states[*start].name.clone());
            let mut map = BTreeMap::new();
            for st in states {
                let play = match st.play.iter().position(|&p| p == 1.0) {
                    Some(k) => RawPlay::Action(own(k)),
                    None => RawPlay::Mixed(
                        st.play
                            .iter()
                            .enumerate()
                            .filter(|(_, p)| **p > 0.0)
                            .map(|(k, p)| (own(k), *p))
                            .collect(),
                    ),
                };
                let on: BTreeMap<String, String> = st
                    .on
                    .iter()
                    .map(|t| {
                        let k = match t.trigger {
                            Trigger::Opponent(o) => opp(o),
                            Trigger::Profile(r, c) => {
                                format!(
                                    "{}+{}",
                                    g.action_name(Player::Row, r),
                                    g.action_name(Player::Col, c)
                                )
                            }
                        };
                        (k, states[t.to].name.clone())
                    })
                    .collect();
                map.insert(
                    st.name.clone(),
                    RawState {
                        play,
                        on: (!on.is_empty()).then_some(on),
                        on_signal: None,
                        after: st.after.map(|(k, _)| k as i64),
                        then: st.after.map(|(_, t)| states[t].name.clone()),
                    },
                );
            }
            raw.states = Some(map);
        }
    }
    raw
}

/// The payoff cell as the file wrote it (an expression of parameters, say), when the
/// scenario came from a file with a `[parameters]` table.
fn written_cell(s: &Scenario, i: usize, j: usize, who: Player) -> Option<RawNumber> {
    let raw = s
        .raw
        .as_ref()
        .filter(|r| r.parameters.as_ref().is_some_and(|p| !p.is_empty()))?;
    let g = &s.game;
    let k = if who == Player::Row { 0 } else { 1 };
    match raw.payoffs.get(g.action_name(Player::Row, i)) {
        Some(cells) => cells.get(j)?.get(k).cloned(),
        None => raw.payoffs.get(who.key())?.get(i)?.get(j).cloned(),
    }
}

fn cell(s: &Scenario, i: usize, j: usize, who: Player) -> RawNumber {
    written_cell(s, i, j, who).unwrap_or_else(|| raw_number(s.game.payoffs(who)[(i, j)]))
}

/// The raw (serializable) form of a scenario; payoffs per row action (as written, when
/// they are expressions of parameters).
pub fn to_raw(s: &Scenario) -> RawScenario {
    let g = &s.game;
    let (m, n) = g.shape();
    // A scenario with states always comes from a file, whose sections are written back
    // as read (expressions of parameters included).
    let (initial, state) = match &s.stochastic {
        None => (None, Vec::new()),
        Some(sg) => (
            Some(sg.game.names()[sg.game.initial()].clone()),
            s.raw.as_ref().map(|r| r.state.clone()).unwrap_or_default(),
        ),
    };
    let payoffs = (0..m)
        .map(|i| {
            let cells = (0..n)
                .map(|j| vec![cell(s, i, j, Player::Row), cell(s, i, j, Player::Col)])
                .collect();
            (g.action_name(Player::Row, i).to_string(), cells)
        })
        .filter(|_| s.stochastic.is_none())
        .collect();
    RawScenario {
        title: (!s.title.is_empty()).then(|| s.title.clone()),
        description: s.description.clone(),
        source: s.source.clone(),
        row: raw_player(s.raw_player_info(Player::Row)),
        col: raw_player(s.raw_player_info(Player::Col)),
        payoffs,
        initial,
        state,
        repeated: s
            .repeated
            .as_ref()
            .map(|r| super::repeated_section::to_raw(r, &s.game)),
        monitoring: s.monitoring.as_ref().map(|m| {
            s.raw
                .as_ref()
                .and_then(|r| r.monitoring.clone())
                .unwrap_or_else(|| super::monitoring_section::to_raw(m, g))
        }),
        strategy: s
            .strategies
            .iter()
            .map(|st| raw_strategy(g, st))
            .chain(s.public_strategies.iter().map(|st| {
                let names = s.monitoring.as_ref().map_or(&[][..], |m| m.signals.names());
                super::monitoring_section::raw_public_strategy(g, names, st)
            }))
            .collect(),
        parameters: (!s.parameters.is_empty()).then(|| s.parameters.clone()),
        sweep: s
            .sweeps
            .iter()
            .map(|w| RawSweep {
                param: w.file_name(&s.parameters),
                from: RawNumber::Float(w.from),
                to: RawNumber::Float(w.to),
                points: w.points as i64,
            })
            .collect(),
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { k.to_string() } else { toml_str(k) }
}

/// Errors while serializing (not expected for validated scenarios; reported, not unwrapped).
#[derive(Debug, thiserror::Error)]
#[error("cannot serialize the scenario: {0}")]
pub struct WriteError(String);

#[derive(Serialize)]
struct Tail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    repeated: &'a Option<RawRepeated>,
    #[serde(skip_serializing_if = "Option::is_none")]
    monitoring: &'a Option<super::raw::RawMonitoring>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    strategy: &'a Vec<RawStrategy>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sweep: &'a Vec<RawSweep>,
}

/// The scenario as TOML, in the layout of docs/scenarios.md.
pub fn to_toml(s: &Scenario) -> Result<String, WriteError> {
    let raw = to_raw(s);
    let g = &s.game;
    let mut out = String::new();
    for (k, v) in [
        ("title", &raw.title),
        ("description", &raw.description),
        ("source", &raw.source),
    ] {
        if let Some(v) = v {
            out.push_str(&format!("{k} = {}\n", toml_str(v)));
        }
    }
    for (section, p) in [("row", &raw.row), ("col", &raw.col)] {
        out.push_str(&format!(
            "\n[{section}]\nname = {}\nactions = [",
            toml_str(&p.name)
        ));
        let acts: Vec<String> = p
            .actions
            .iter()
            .map(|a| match a {
                RawAction::Name(n) => toml_str(n),
                RawAction::Full { name, description } => format!(
                    "{{ name = {}, description = {} }}",
                    toml_str(name),
                    toml_str(description.as_deref().unwrap_or(""))
                ),
            })
            .collect();
        out.push_str(&acts.join(", "));
        out.push_str("]\n");
    }
    if !s.parameters.is_empty() {
        out.push_str("\n[parameters]\n");
        for (k, v) in &s.parameters {
            out.push_str(&format!("{} = {}\n", toml_key(k), toml::Value::Float(*v)));
        }
    }
    if let Some(i) = &raw.initial {
        // A top-level key: it must come before the first table.
        out = format!("initial = {}\n{out}", toml_str(i));
    }
    if !raw.state.is_empty() {
        #[derive(Serialize)]
        struct States<'a> {
            state: &'a Vec<super::raw::RawGameState>,
        }
        let t = toml::to_string(&States { state: &raw.state })
            .map_err(|e| WriteError(e.to_string()))?;
        out.push('\n');
        out.push_str(&t);
        return finish(out, &raw);
    }
    out.push_str("\n# one line per row action; each cell is [row payoff, column payoff], one per column action\n[payoffs]\n");
    let (m, n) = g.shape();
    let text = |c: RawNumber| match c {
        RawNumber::Int(i) => i.to_string(),
        RawNumber::Float(f) => fmt_number(f),
        RawNumber::Text(t) => toml_str(&t),
    };
    for i in 0..m {
        let cells: Vec<String> = (0..n)
            .map(|j| {
                format!(
                    "[{}, {}]",
                    text(cell(s, i, j, Player::Row)),
                    text(cell(s, i, j, Player::Col))
                )
            })
            .collect();
        out.push_str(&format!(
            "{} = [{}]\n",
            toml_key(g.action_name(Player::Row, i)),
            cells.join(", ")
        ));
    }
    finish(out, &raw)
}

/// Appends the sections after the payoffs.
fn finish(mut out: String, raw: &RawScenario) -> Result<String, WriteError> {
    let tail = Tail {
        repeated: &raw.repeated,
        monitoring: &raw.monitoring,
        strategy: &raw.strategy,
        sweep: &raw.sweep,
    };
    let t = toml::to_string(&tail).map_err(|e| WriteError(e.to_string()))?;
    if !t.trim().is_empty() {
        out.push('\n');
        out.push_str(&t);
    }
    Ok(out)
}

/// The scenario as pretty JSON with the same schema.
pub fn to_json(s: &Scenario) -> Result<String, WriteError> {
    serde_json::to_string_pretty(&to_raw(s))
        .map(|mut t| {
            t.push('\n');
            t
        })
        .map_err(|e| WriteError(e.to_string()))
}
