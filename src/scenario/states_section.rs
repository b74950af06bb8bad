//! The `[[state]]` sections of a scenario file — a stochastic game — in one place: raw
//! serde forms, validation into a [`StochasticGame`] (with the key path of each mistake),
//! and the forms written back (as read: a scenario with states always comes from a file).
//!
//! ```toml
//! initial = "truce"                 # optional: the first state
//! [[state]]
//! name = "truce"
//! actions = { row = ["hold", "tariff"], col = ["hold", "curb"] }   # optional
//! [state.payoffs]                   # the layouts of the top-level [payoffs]
//! hold   = [[5, 5], [1, 7]]
//! tariff = [[7, 1], [2, 2]]
//! [state.next]                      # per row action, per column action
//! hold   = { curb = "war" }         # a state name, or
//! tariff = { hold = "war", curb = { war = 0.8, truce = "1/5" } }  # a distribution
//! ```
//!
//! A profile without an entry in `[state.next]` stays in its state. Probabilities are
//! numbers, fractions or expressions of `[parameters]` (so a sweep can vary them). The
//! players' actions (`[row]`, `[col]`) are global; a state offers all of them unless its
//! `actions` names a subset. A state that cannot be reached from the initial state is a
//! warning, not an error.

use std::collections::{BTreeMap, HashMap};

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess};
use serde::{Deserialize, Serialize};

use super::raw::{RawNumber, either_form};
use super::validate::{Invalid, Seg, did_you_mean, key, listing, with};
use crate::game::{Game, Player, PlayerInfo};
use crate::stochastic::StochasticGame;
use crate::text::{TextKind, quoted};
use crate::tolerance::PROB_SUM;

/// Most states of a stochastic game read from a file.
pub const MAX_GAME_STATES: usize = 10_000;

/// Most transition entries (profiles of every state × states) of a file: 8 bytes each,
/// 160 MB.
pub const MAX_TRANSITION_ENTRIES: usize = 20_000_000;

/// One `[[state]]` section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a state: a table with `name`, [state.payoffs] and optionally `actions` and [state.next]"
)]
pub struct RawGameState {
    /// Unique name.
    pub name: String,
    /// The actions available in this state (default: all of the player's actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<RawStateActions>,
    /// Payoffs in the layouts of the top-level `[payoffs]`.
    pub payoffs: BTreeMap<String, Vec<Vec<RawNumber>>>,
    /// Per row action, per column action: the next state or a distribution over states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<BTreeMap<String, BTreeMap<String, RawNext>>>,
}

/// `actions = { row = […], col = […] }` of a state.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "the actions of a state: { row = [\"…\"], col = [\"…\"] }"
)]
pub struct RawStateActions {
    /// The row player's actions here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<Vec<String>>,
    /// The column player's actions here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col: Option<Vec<String>>,
}

/// Where a profile leads: a state, or probabilities over states.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum RawNext {
    /// `"war"`.
    State(String),
    /// `{ war = 0.8, truce = "1/5" }`.
    Distribution(BTreeMap<String, RawNumber>),
}

either_form!(
    RawNext,
    "a state name, or probabilities over states such as { war = 0.8, truce = 0.2 }",
    {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNext, E> {
            Ok(RawNext::State(v.to_string()))
        }
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawNext, M::Error> {
            BTreeMap::deserialize(MapAccessDeserializer::new(map)).map(RawNext::Distribution)
        }
    }
);

/// The actions of `who` offered in a state: indices into the player's global actions.
fn state_actions(
    given: Option<&Vec<String>>,
    info: &PlayerInfo,
    who: Player,
    path: &[Seg],
) -> Result<Vec<usize>, Invalid> {
    let Some(names) = given else {
        return Ok((0..info.actions.len()).collect());
    };
    let p = with(path, key(who.key()));
    if names.is_empty() {
        return Err(Invalid::at(
            &p,
            format!(
                "no actions for {} in this state; name at least one of {}",
                info.name,
                listing(info.actions.iter().map(|a| a.name.as_str()))
            ),
        ));
    }
    let mut out: Vec<usize> = Vec::with_capacity(names.len());
    for (k, n) in names.iter().enumerate() {
        let at = with(&p, Seg::Index(k));
        let Some(i) = info.action_index(n) else {
            return Err(Invalid::at(
                &at,
                format!(
                    "{} is not an action of {} (the {who} player){}; the actions are {} (declare \
                     new ones under [{}] actions)",
                    quoted(n),
                    info.name,
                    did_you_mean(n, info.actions.iter().map(|a| a.name.as_str())),
                    listing(info.actions.iter().map(|a| a.name.as_str())),
                    who.key()
                ),
            ));
        };
        if out.contains(&i) {
            return Err(Invalid::at(
                &at,
                format!("action {} is listed twice; list it once", quoted(n)),
            ));
        }
        out.push(i);
    }
    Ok(out)
}

fn sub_player(info: &PlayerInfo, picked: &[usize]) -> PlayerInfo {
    PlayerInfo {
        name: info.name.clone(),
        actions: picked.iter().map(|&i| info.actions[i].clone()).collect(),
    }
}

/// A probability of `[state.next]`: in [0, 1] and finite.
fn probability(
    raw: &RawNumber,
    path: &[Seg],
    params: &BTreeMap<String, f64>,
) -> Result<f64, Invalid> {
    let p = super::validate::number(raw, path, params).map_err(|e| Invalid {
        message: e.message.replace("payoff", "probability"),
        ..e
    })?;
    if !(0.0..=1.0).contains(&p) {
        return Err(Invalid::at(
            path,
            format!("{p} is not a probability; give a number from 0 to 1"),
        ));
    }
    Ok(p)
}

/// The validated `[[state]]` sections with the top-level `initial`, and the warnings for
/// unreachable states (placed at each state's name).
pub fn validate(
    states: &[RawGameState],
    initial: Option<&str>,
    row: &PlayerInfo,
    col: &PlayerInfo,
    params: &BTreeMap<String, f64>,
    warnings: &mut Vec<Invalid>,
) -> Result<StochasticGame, Invalid> {
    if states.len() > MAX_GAME_STATES {
        return Err(Invalid::at(
            &[key("state")],
            format!(
                "{} states is more than the limit of {MAX_GAME_STATES}; merge states",
                states.len()
            ),
        ));
    }
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(states.len());
    for (k, st) in states.iter().enumerate() {
        let at = [key("state"), Seg::Index(k), key("name")];
        if st.name.trim().is_empty() {
            return Err(Invalid::at(
                &at,
                "the state's name is empty; name every state",
            ));
        }
        super::validate::text_rule(&st.name, TextKind::Name, "the state's name", &at)?;
        if index.insert(st.name.as_str(), k).is_some() {
            return Err(Invalid::at(
                &at,
                format!(
                    "duplicate state name {}; each state needs its own name",
                    quoted(&st.name)
                ),
            ));
        }
    }
    let names: Vec<&str> = states.iter().map(|s| s.name.as_str()).collect();
    let lookup = |name: &str, at: &[Seg]| -> Result<usize, Invalid> {
        index.get(name).copied().ok_or_else(|| {
            Invalid::at(
                at,
                format!(
                    "unknown state {}{}; the states are {}",
                    quoted(name),
                    did_you_mean(name, names.iter().copied()),
                    listing(names.iter().copied())
                ),
            )
        })
    };
    let start = match initial {
        None => 0,
        Some(n) => lookup(n, &[key("initial")])?,
    };
    let count = states.len();
    let mut games = Vec::with_capacity(count);
    let mut transitions = Vec::with_capacity(count);
    let mut entries = 0usize;
    for (k, st) in states.iter().enumerate() {
        let base = [key("state"), Seg::Index(k)];
        let apath = with(&base, key("actions"));
        let rows = state_actions(
            st.actions.as_ref().and_then(|a| a.row.as_ref()),
            row,
            Player::Row,
            &apath,
        )?;
        let cols = state_actions(
            st.actions.as_ref().and_then(|a| a.col.as_ref()),
            col,
            Player::Col,
            &apath,
        )?;
        let (r_info, c_info) = (sub_player(row, &rows), sub_player(col, &cols));
        entries = entries.saturating_add(rows.len() * cols.len() * count);
        if entries > MAX_TRANSITION_ENTRIES {
            return Err(Invalid::at(
                &base,
                format!(
                    "the transitions would hold more than {MAX_TRANSITION_ENTRIES} probabilities \
                     (profiles of every state × states); use fewer states or actions"
                ),
            ));
        }
        let ppath = with(&base, key("payoffs"));
        for line in st.payoffs.keys() {
            if r_info.action_index(line).is_none()
                && row.action_index(line).is_some()
                && !(st.payoffs.len() == 2 && st.payoffs.contains_key("row"))
            {
                return Err(Invalid::at(
                    &with(&ppath, key(line)),
                    format!(
                        "row action {} is not available in state {} (its row actions are {}); \
                         drop this payoff line or add the action to the state's `actions`",
                        quoted(line),
                        quoted(&st.name),
                        listing(r_info.actions.iter().map(|a| a.name.as_str()))
                    ),
                ));
            }
        }
        let (a, b) =
            super::validate::payoff_matrices(&st.payoffs, &r_info, &c_info, params, &ppath)?;
        let game = Game::new(r_info.clone(), c_info.clone(), a, b)
            .map_err(|e| Invalid::at(&ppath, e.to_string()))?;
        let (m, n) = game.shape();
        let mut table = vec![vec![vec![0.0; count]; n]; m];
        for line in table.iter_mut() {
            for cell in line.iter_mut() {
                cell[k] = 1.0;
            }
        }
        let npath = with(&base, key("next"));
        for (rname, line) in st.next.iter().flatten() {
            let lp = with(&npath, key(rname));
            let i = local_action(&r_info, row, rname, Player::Row, &st.name, &lp)?;
            for (cname, target) in line {
                let cp = with(&lp, key(cname));
                let j = local_action(&c_info, col, cname, Player::Col, &st.name, &cp)?;
                let dist = &mut table[i][j];
                dist.iter_mut().for_each(|p| *p = 0.0);
                match target {
                    RawNext::State(t) => dist[lookup(t, &cp)?] = 1.0,
                    RawNext::Distribution(d) => {
                        if d.is_empty() {
                            return Err(Invalid::at(
                                &cp,
                                "an empty distribution; give the next state or probabilities \
                                 summing to 1",
                            ));
                        }
                        for (t, p) in d {
                            let tp = with(&cp, key(t));
                            dist[lookup(t, &tp)?] = probability(p, &tp, params)?;
                        }
                        let sum: f64 = dist.iter().sum();
                        if (sum - 1.0).abs() > PROB_SUM {
                            return Err(Invalid::at(
                                &cp,
                                format!(
                                    "the probabilities sum to {}, not 1; make them add up to 1 \
                                     (fractions such as \"1/3\" are exact)",
                                    rounded(sum)
                                ),
                            ));
                        }
                    }
                }
            }
        }
        games.push(game);
        transitions.push(table);
    }
    let game = StochasticGame::new(
        names.iter().map(|s| s.to_string()).collect(),
        games,
        transitions,
        start,
    )
    .map_err(|e| Invalid::at(&[key("state")], e.to_string()))?;
    let reach = reachable(&game);
    for (k, r) in reach.iter().enumerate() {
        if !r {
            warnings.push(Invalid::at(
                &[key("state"), Seg::Index(k), key("name")],
                format!(
                    "state {} cannot be reached from the initial state {}: no transition leads \
                     to it; its numbers are reported but play never gets there",
                    quoted(&states[k].name),
                    quoted(names[start])
                ),
            ));
        }
    }
    Ok(game)
}

/// A sum of probabilities for a message: to 12 significant digits, so `0.8999999999999999`
/// reads `0.9`.
fn rounded(x: f64) -> String {
    let t = format!("{x:.12}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    t.to_string()
}

/// The index of action `name` among the state's actions.
fn local_action(
    here: &PlayerInfo,
    global: &PlayerInfo,
    name: &str,
    who: Player,
    state: &str,
    at: &[Seg],
) -> Result<usize, Invalid> {
    if let Some(i) = here.action_index(name) {
        return Ok(i);
    }
    let why = if global.action_index(name).is_some() {
        format!(
            "{} is an action of {} but not available in state {}",
            quoted(name),
            global.name,
            quoted(state)
        )
    } else {
        format!(
            "{} is not an action of {} (the {who} player){}",
            quoted(name),
            global.name,
            did_you_mean(name, here.actions.iter().map(|a| a.name.as_str()))
        )
    };
    let level = match who {
        Player::Row => "lines are named by row actions",
        Player::Col => "each line's keys are column actions",
    };
    Err(Invalid::at(
        at,
        format!(
            "{why}; in [state.next] {level} of the state ({})",
            listing(here.actions.iter().map(|a| a.name.as_str()))
        ),
    ))
}

/// Which states play can reach from the initial state.
pub fn reachable(game: &StochasticGame) -> Vec<bool> {
    let k = game.len();
    let mut seen = vec![false; k];
    let mut stack = vec![game.initial()];
    seen[game.initial()] = true;
    while let Some(s) = stack.pop() {
        let (m, n) = game.game(s).shape();
        for i in 0..m {
            for j in 0..n {
                for (t, &p) in game.next(s, i, j).iter().enumerate() {
                    if p > 0.0 && !seen[t] {
                        seen[t] = true;
                        stack.push(t);
                    }
                }
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_printed_rounded() {
        assert_eq!(rounded(0.8999999999999999), "0.9");
        assert_eq!(rounded(1.25), "1.25");
        assert_eq!(rounded(2.0), "2");
    }
}
