//! Strategy specifications: a library strategy with its parameters or a custom
//! automaton, with every action resolved to an index. Scenario files declare them
//! (`[[strategy]]` sections, validated by `scenario`); [`super::strategies::automaton`]
//! turns one into an [`super::automaton::Automaton`].

use serde::Serialize;

use crate::game::Player;

/// A move that triggers a transition of a custom automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The opponent played this action (index into the opponent's actions).
    Opponent(usize),
    /// The joint profile (row action, column action) was played.
    Profile(usize, usize),
}

/// One transition of a custom automaton state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// What was played.
    pub trigger: Trigger,
    /// Index of the next state.
    pub to: usize,
}

/// A state of a custom automaton as written in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomState {
    /// State name.
    pub name: String,
    /// Probability of each own action in this state (pure: one entry is 1).
    pub play: Vec<f64>,
    /// Transitions on what was played; profile triggers take precedence over opponent
    /// triggers; anything not listed keeps the state (or follows `after`).
    pub on: Vec<Transition>,
    /// Timed state: after this many rounds in the state go to the given state.
    pub after: Option<(usize, usize)>,
}

/// Parameters of a library strategy or a custom automaton, with actions resolved to
/// indices. The owner's actions index the owner's action list; `cooperate` profiles are
/// `(row action, column action)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StrategyKind {
    /// Always play one action.
    Always {
        /// The action.
        action: usize,
    },
    /// Play the own part of `cooperate` until any departure from it, then `punish` forever.
    GrimTrigger {
        /// The cooperative profile watched.
        cooperate: (usize, usize),
        /// Own punishment action.
        punish: usize,
    },
    /// Start with `cooperate`; after an opponent move listed in `replies`, play the reply
    /// once; otherwise play `cooperate`.
    TitForTat {
        /// Own cooperative action.
        cooperate: usize,
        /// (hostile opponent action, own reply).
        replies: Vec<(usize, usize)>,
    },
    /// Like tit-for-tat, but reply only after two hostile moves in a row.
    TitForTwoTats {
        /// Own cooperative action.
        cooperate: usize,
        /// (hostile opponent action, own reply).
        replies: Vec<(usize, usize)>,
    },
    /// Tit-for-tat that forgives a hostile move (plays `cooperate` anyway) with
    /// probability `forgive`.
    GenerousTitForTat {
        /// Own cooperative action.
        cooperate: usize,
        /// (hostile opponent action, own reply).
        replies: Vec<(usize, usize)>,
        /// Forgiveness probability in [0, 1].
        forgive: f64,
    },
    /// Cooperate; after a departure from the cooperative profile punish for `rounds`
    /// rounds, then cooperate again.
    LimitedPunishment {
        /// The cooperative profile watched.
        cooperate: (usize, usize),
        /// Own punishment action.
        punish: usize,
        /// Length of the punishment phase (≥ 1).
        rounds: usize,
    },
    /// Pavlov: keep the current action when the opponent played its cooperative action,
    /// switch between the own cooperative action and `shift` otherwise.
    WinStayLoseShift {
        /// The cooperative profile.
        cooperate: (usize, usize),
        /// Own alternative action.
        shift: usize,
    },
    /// A custom automaton.
    Custom {
        /// Start state index.
        start: usize,
        /// The states.
        states: Vec<CustomState>,
    },
}

impl StrategyKind {
    /// The number of states of the automaton [`super::strategies::automaton`] builds for
    /// this strategy (a timed custom state takes one per round), known before it is built.
    pub fn automaton_states(&self) -> usize {
        match self {
            StrategyKind::Always { .. } => 1,
            StrategyKind::GrimTrigger { .. } | StrategyKind::WinStayLoseShift { .. } => 2,
            StrategyKind::TitForTat { replies, .. }
            | StrategyKind::GenerousTitForTat { replies, .. } => 1 + replies.len(),
            StrategyKind::TitForTwoTats { replies, .. } => 2 + replies.len(),
            StrategyKind::LimitedPunishment { rounds, .. } => 1 + (*rounds).max(1),
            StrategyKind::Custom { states, .. } => states
                .iter()
                .map(|s| s.after.map_or(1, |(k, _)| k.max(1)))
                .sum(),
        }
    }
}

/// A strategy declared in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategySpec {
    /// Unique name.
    pub name: String,
    /// Who plays it.
    pub player: Player,
    /// What it does.
    #[serde(flatten)]
    pub kind: StrategyKind,
}
