//! The imperfect-monitoring analysis of a scenario, gathered in one result: for every
//! declared pair of public strategies (a row strategy against a column strategy) the
//! exact values, the perfect public equilibrium check at δ, the survival curve of
//! cooperation, the expected rounds to the first punishment and the long-run share of
//! punishment. It only calls the algorithms of the sibling modules; it reads no files and
//! prints nothing.

use serde::Serialize;

use super::MonitoringError;
use super::ppe::{PpeCheck, check};
use super::spec::{MonitoringSpec, PublicKind, PublicStrategySpec, automaton};
use super::values::values;
use crate::budget::{Estimate, Plan, rates};
use crate::game::{Game, Player};
use crate::repeated::settings::Discount;

/// A scenario's monitoring: its signal structure and public strategies.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitored {
    /// The `[monitoring]` section.
    pub spec: MonitoringSpec,
    /// The public strategies.
    pub strategies: Vec<PublicStrategySpec>,
}

/// What to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitoringConfig {
    /// Discount factors.
    pub discount: Discount,
    /// Rounds of each pair's survival curve (at least 20 are reported).
    pub survival_rounds: usize,
}

impl MonitoringConfig {
    /// The analysis at `discount` with the default survival length.
    pub fn at(discount: Discount) -> Self {
        MonitoringConfig {
            discount,
            survival_rounds: DEFAULT_SURVIVAL_ROUNDS,
        }
    }
}

/// Rounds of the survival curve by default.
pub const DEFAULT_SURVIVAL_ROUNDS: usize = 40;

/// What is known of one pair of public strategies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicPairAnalysis {
    /// Row strategy name.
    pub row: String,
    /// Column strategy name.
    pub col: String,
    /// The perfect public equilibrium check at δ, with the values from the start.
    pub check: PpeCheck,
    /// `survival[t − 1]`: the probability that no punishment has started after `t` rounds.
    pub survival: Vec<f64>,
    /// Expected cooperative rounds before the first punishment (`None`: never punished
    /// with probability 1, an infinite expectation).
    pub expected_rounds_to_punishment: Option<f64>,
    /// Long-run share of rounds spent punishing (`None` when it depends on chance).
    pub long_run_punishment_share: Option<f64>,
    /// Signals that count as alarms for the pair (what moves a cooperative state on).
    pub alarms: Vec<usize>,
    /// The cooperative profile: what both play in their start states.
    pub cooperative: (usize, usize),
}

/// The whole analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitoringAnalysis {
    /// Signal names.
    pub signals: Vec<String>,
    /// Every row public strategy against every column one, in file order.
    pub pairs: Vec<PublicPairAnalysis>,
    /// What could not be computed, and why.
    pub notes: Vec<String>,
}

/// The alarms of a strategy: its trigger signals, or for another kind the signals that
/// move its start state elsewhere.
pub fn alarms_of(
    spec: &PublicStrategySpec,
    a: &super::public_strategy::PublicAutomaton,
) -> Vec<usize> {
    match &spec.kind {
        PublicKind::PublicTrigger { trigger, .. } => trigger.clone(),
        _ => (0..a.states().first().map_or(0, |s| s.next.len()))
            .filter(|&y| a.next(a.start(), y).get(a.start()).copied().unwrap_or(0.0) < 1.0)
            .collect(),
    }
}

/// The row × column pairs of `strategies`, in file order.
pub fn pairs(strategies: &[PublicStrategySpec]) -> Vec<(&PublicStrategySpec, &PublicStrategySpec)> {
    let of = |p: Player| strategies.iter().filter(move |s| s.player == p);
    of(Player::Row)
        .flat_map(|r| of(Player::Col).map(move |c| (r, c)))
        .collect()
}

fn pair(
    game: &Game,
    spec: &MonitoringSpec,
    r: &PublicStrategySpec,
    c: &PublicStrategySpec,
    cfg: &MonitoringConfig,
) -> Result<PublicPairAnalysis, MonitoringError> {
    let s = &spec.signals;
    let ra = automaton(r, game, s)?;
    let ca = automaton(c, game, s)?;
    let v = values(game, s, &ra, &ca, cfg.discount)?;
    crate::budget::spend(rates::FLOP, chain_flops(v.chain.states.len()));
    let check = check(game, s, &ra, &ca, cfg.discount)?;
    let mut alarms = alarms_of(r, &ra);
    for y in alarms_of(c, &ca) {
        if !alarms.contains(&y) {
            alarms.push(y);
        }
    }
    alarms.sort_unstable();
    Ok(PublicPairAnalysis {
        row: r.name.clone(),
        col: c.name.clone(),
        check,
        survival: v.chain.survival(cfg.survival_rounds.max(20)),
        expected_rounds_to_punishment: v.chain.expected_rounds_to_punishment(),
        long_run_punishment_share: v.chain.long_run_punishment_share(),
        alarms,
        cooperative: (ra.action(ra.start()), ca.action(ca.start())),
    })
}

/// Dense solves of one pair (values of both players, the check's, the survival's and the
/// stationary distribution's), counted in floating-point operations.
fn chain_flops(states: usize) -> f64 {
    let k = states as f64;
    PAIR_SOLVES * k * k * k / 3.0
}

/// LU solves per pair counted by [`estimate`].
const PAIR_SOLVES: f64 = 6.0;

/// The estimated work of [`analyze`].
pub fn estimate(strategies: &[PublicStrategySpec]) -> Plan {
    let mut plan = Plan::new();
    let flops: f64 = pairs(strategies)
        .iter()
        .map(|(r, c)| {
            chain_flops(
                (r.automaton_states() * c.automaton_states()).min(super::values::MAX_PAIR_STATES),
            )
        })
        .sum();
    if flops > 0.0 {
        plan.push(Estimate::new(
            "values and PPE checks of the public strategy pairs",
            flops,
            rates::FLOP,
            "declare public strategies with fewer states",
        ));
    }
    plan
}

/// Runs the analysis (module doc).
pub fn analyze(
    game: &Game,
    spec: &MonitoringSpec,
    strategies: &[PublicStrategySpec],
    cfg: &MonitoringConfig,
) -> MonitoringAnalysis {
    let mut notes = Vec::new();
    let mut out = Vec::new();
    for (r, c) in pairs(strategies) {
        match pair(game, spec, r, c, cfg) {
            Ok(p) => out.push(p),
            Err(e) => notes.push(format!("{} against {}: {e}", r.name, c.name)),
        }
    }
    MonitoringAnalysis {
        signals: spec.signals.names().to_vec(),
        pairs: out,
        notes,
    }
}
