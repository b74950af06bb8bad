//! The imperfect-monitoring analysis of a scenario, gathered in one result: for every
//! declared pair of public strategies (a row strategy against a column strategy) the
//! exact values, the perfect public equilibrium check at δ, the survival curve of
//! cooperation, the expected rounds to the first punishment and the long-run share of
//! punishment. It only calls the algorithms of the sibling modules; it reads no files and
//! prints nothing.

use serde::Serialize;

use super::MonitoringError;
use super::ppe::{PpeCheck, check_chain};
use super::public_strategy::{TriggerConfig, public_trigger};
use super::spec::{MonitoringForm, MonitoringSpec, PublicKind, PublicStrategySpec, automaton};
use super::thresholds::{
    PpeDiscounts, PunishmentLength, best_punishment, ppe_discounts, punishment_lengths,
};
use super::values::product_chain;
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
    /// The truce declared in `[repeated]`, which the short form's own `truce` comes
    /// before and the public triggers' `cooperate` profile after.
    pub truce: Option<(usize, usize)>,
    /// The truce when nothing names one (the repeated-game analysis's default).
    pub default_truce: Option<(usize, usize)>,
    /// Longest finite punishment of the truce's trigger table (grim is added).
    pub max_punishment_rounds: usize,
    /// Directions of the PPE payoff set's bounds (`None`: leave the set out).
    pub directions: Option<usize>,
}

impl MonitoringConfig {
    /// The analysis at `discount` with the default survival length and punishments.
    pub fn at(discount: Discount) -> Self {
        MonitoringConfig {
            discount,
            survival_rounds: DEFAULT_SURVIVAL_ROUNDS,
            truce: None,
            default_truce: None,
            max_punishment_rounds: DEFAULT_PUNISHMENT_ROUNDS,
            directions: Some(super::ppe_set::DEFAULT_DIRECTIONS),
        }
    }
}

/// Longest finite punishment in the truce's trigger table by default.
pub const DEFAULT_PUNISHMENT_ROUNDS: usize = 10;

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
    /// The common discount factors at which the pair is a PPE (when computed).
    pub discounts: Option<PpeDiscounts>,
}

/// Can the truce hold under this monitoring: the Green–Porter trigger of both players —
/// keep the truce until an alarm, then punish for T rounds — for each punishment length.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitoredTruce {
    /// The truce profile.
    pub profile: (usize, usize),
    /// Where it comes from.
    pub named_by: String,
    /// The alarms that start a punishment.
    pub alarms: Vec<usize>,
    /// The punishment profile (a stage equilibrium, unless the strategies declare another).
    pub punish: (usize, usize),
    /// Where the alarms and the punishment come from.
    pub triggers_from: String,
    /// T = 1, …, then grim: values at δ, PPE verdict, critical δ.
    pub lengths: Vec<PunishmentLength>,
    /// Index in `lengths` of the best PPE punishment (highest sum of values).
    pub best: Option<usize>,
    /// With the best punishment: expected rounds to the first punishment, which false
    /// alarms alone start.
    pub expected_rounds_to_punishment: Option<f64>,
    /// With the best punishment: the long-run share of rounds spent punishing.
    pub long_run_punishment_share: Option<f64>,
    /// The least δ at which some length of the table sustains the truce.
    pub critical_delta: Option<f64>,
}

/// The whole analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitoringAnalysis {
    /// Signal names.
    pub signals: Vec<String>,
    /// Every row public strategy against every column one, in file order.
    pub pairs: Vec<PublicPairAnalysis>,
    /// The truce under Green–Porter triggers of every length.
    pub truce: Option<MonitoredTruce>,
    /// The pure-action PPE payoffs, bracketed (common δ only).
    pub ppe_set: Option<super::ppe_set::PpePayoffSet>,
    /// In a symmetric game: the interval of strongly symmetric PPE payoffs (common δ).
    pub strongly_symmetric: Option<super::symmetric::SymmetricPpe>,
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

/// The alarms of a pair: the union of both strategies' [`alarms_of`], in signal order.
pub fn pair_alarms(
    row: (
        &PublicStrategySpec,
        &super::public_strategy::PublicAutomaton,
    ),
    col: (
        &PublicStrategySpec,
        &super::public_strategy::PublicAutomaton,
    ),
) -> Vec<usize> {
    let mut alarms = alarms_of(row.0, row.1);
    alarms.extend(alarms_of(col.0, col.1));
    alarms.sort_unstable();
    alarms.dedup();
    alarms
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
    // One chain for the values, the check and the chain's statistics.
    let chain = product_chain(game, s, &ra, &ca)?;
    crate::budget::spend(rates::FLOP, chain_flops(chain.states.len()));
    let check = check_chain(game, s, &ra, &ca, &chain, cfg.discount)?;
    let alarms = pair_alarms((r, &ra), (c, &ca));
    Ok(PublicPairAnalysis {
        row: r.name.clone(),
        col: c.name.clone(),
        check,
        survival: chain.survival(cfg.survival_rounds.max(20)),
        expected_rounds_to_punishment: chain.expected_rounds_to_punishment(),
        long_run_punishment_share: chain.long_run_punishment_share(),
        alarms,
        cooperative: (ra.action(ra.start()), ca.action(ca.start())),
        discounts: cfg
            .discount
            .as_common()
            .and_then(|_| ppe_discounts(game, s, &ra, &ca).ok()),
    })
}

/// The truce profile and what names it: the short form's, else `[repeated] truce`, else
/// the first public trigger's `cooperate`, else the default the caller gives (the
/// repeated-game analysis's).
fn truce_of(
    spec: &MonitoringSpec,
    strategies: &[PublicStrategySpec],
    cfg: &MonitoringConfig,
) -> Option<((usize, usize), String)> {
    if let MonitoringForm::ShortForm { truce, .. } = spec.form {
        return Some((
            truce,
            "the truce the alarm rates refer to ([monitoring])".into(),
        ));
    }
    if let Some(t) = cfg.truce {
        return Some((t, "the scenario ([repeated] truce)".into()));
    }
    if let Some(s) = strategies.iter().find(|s| s.cooperate().is_some()) {
        return s.cooperate().map(|c| (c, format!("named by {}", s.name)));
    }
    cfg.default_truce
        .map(|p| (p, "the default (as in the repeated-game analysis)".into()))
}

/// The alarms, the punishment profile and where they come from.
type Triggers = (Vec<usize>, (usize, usize), String);

/// The alarms and punishment of the truce's triggers: those of the first row and column
/// public triggers that watch the truce, else the signals more likely after each
/// player's most profitable departure than under the truce, and the pure stage
/// equilibrium with the lowest sum of payoffs.
fn triggers_of(
    game: &Game,
    spec: &MonitoringSpec,
    strategies: &[PublicStrategySpec],
    truce: (usize, usize),
) -> Result<Triggers, String> {
    let declared = |p: Player| {
        strategies.iter().find_map(|s| match &s.kind {
            PublicKind::PublicTrigger {
                cooperate,
                punish,
                trigger,
                ..
            } if s.player == p && *cooperate == truce => Some((*punish, trigger.clone(), &s.name)),
            _ => None,
        })
    };
    if let (Some((pr, tr, nr)), Some((pc, tc, nc))) = (declared(Player::Row), declared(Player::Col))
    {
        let mut alarms = tr;
        for y in tc {
            if !alarms.contains(&y) {
                alarms.push(y);
            }
        }
        alarms.sort_unstable();
        return Ok((alarms, (pr, pc), format!("{nr} and {nc}")));
    }
    let signals = &spec.signals;
    let (a, b) = (game.payoffs(Player::Row), game.payoffs(Player::Col));
    let (m, n) = game.shape();
    let best_row = (0..m)
        .filter(|&i| i != truce.0)
        .max_by(|&i, &k| a[(i, truce.1)].total_cmp(&a[(k, truce.1)]));
    let best_col = (0..n)
        .filter(|&j| j != truce.1)
        .max_by(|&j, &k| b[(truce.0, j)].total_cmp(&b[(truce.0, k)]));
    let departures: Vec<(usize, usize)> = best_row
        .map(|i| (i, truce.1))
        .into_iter()
        .chain(best_col.map(|j| (truce.0, j)))
        .collect();
    let alarms: Vec<usize> = (0..signals.len())
        .filter(|&y| {
            departures
                .iter()
                .any(|&(i, j)| signals.prob(i, j, y) > signals.prob(truce.0, truce.1, y))
        })
        .collect();
    if alarms.is_empty() || alarms.len() == signals.len() {
        return Err(
            "no signal separates a departure from the truce (each is as likely under the truce \
             as after the most tempting departures), so no trigger on the signal can deter one"
                .into(),
        );
    }
    let nash = crate::stage::pure::pure_equilibria(game)
        .into_iter()
        .min_by(|x, y| (x.payoffs.0 + x.payoffs.1).total_cmp(&(y.payoffs.0 + y.payoffs.1)))
        .ok_or_else(|| {
            "the stage game has no pure equilibrium to punish with, so no Green–Porter trigger \
             is an equilibrium; declare public_trigger strategies with the punishment to study"
                .to_string()
        })?;
    Ok((
        alarms,
        (nash.row, nash.col),
        "the signals more likely after the most tempting departures; punishment by the \
         stage equilibrium"
            .into(),
    ))
}

fn monitored_truce(
    game: &Game,
    spec: &MonitoringSpec,
    strategies: &[PublicStrategySpec],
    cfg: &MonitoringConfig,
) -> Result<Option<MonitoredTruce>, String> {
    let Some((profile, named_by)) = truce_of(spec, strategies, cfg) else {
        return Ok(None);
    };
    if crate::stage::pure::pure_equilibria(game)
        .iter()
        .any(|e| (e.row, e.col) == profile)
    {
        return Err("the truce is a stage equilibrium: it needs no enforcement".into());
    }
    let (alarms, punish, triggers_from) = triggers_of(game, spec, strategies, profile)?;
    let signals = &spec.signals;
    let config = |own: usize, punish: usize, actions: usize| TriggerConfig {
        cooperate: own,
        punish,
        alarms: alarms.clone(),
        signals: signals.len(),
        actions,
    };
    let (m, n) = game.shape();
    let (rc, cc) = (
        config(profile.0, punish.0, m),
        config(profile.1, punish.1, n),
    );
    let lengths = punishment_lengths(
        game,
        signals,
        &rc,
        &cc,
        cfg.discount,
        cfg.max_punishment_rounds,
    )
    .map_err(|e| e.to_string())?;
    let best = best_punishment(game, &lengths).and_then(|b| lengths.iter().position(|l| l == b));
    let (mut expected, mut share) = (None, None);
    if let Some(b) = best {
        let rounds = lengths[b].rounds;
        let row = public_trigger(&rc, rounds).map_err(|e| e.to_string())?;
        let col = public_trigger(&cc, rounds).map_err(|e| e.to_string())?;
        let chain = product_chain(game, signals, &row, &col).map_err(|e| e.to_string())?;
        expected = chain.expected_rounds_to_punishment();
        share = chain.long_run_punishment_share();
    }
    let critical_delta = lengths
        .iter()
        .filter_map(|l| l.critical_delta)
        .min_by(f64::total_cmp);
    Ok(Some(MonitoredTruce {
        profile,
        named_by,
        alarms,
        punish,
        triggers_from,
        lengths,
        best,
        expected_rounds_to_punishment: expected,
        long_run_punishment_share: share,
        critical_delta,
    }))
}

/// Dense solves of one pair (values of both players, the check's, the survival's and the
/// stationary distribution's), counted in floating-point operations.
fn chain_flops(states: usize) -> f64 {
    let k = states as f64;
    PAIR_SOLVES * k * k * k / 3.0
}

/// LU solves per pair counted by [`estimate`].
const PAIR_SOLVES: f64 = 6.0;

/// The estimated work of [`analyze`]: the values and checks of every pair, their
/// discount thresholds, and the truce's trigger table.
pub fn estimate(game: &Game, m: &Monitored, cfg: &MonitoringConfig) -> Plan {
    let mut plan = Plan::new();
    let signals = &m.spec.signals;
    if let (Some(d), Some(directions)) = (cfg.discount.as_common(), cfg.directions) {
        let set_cfg = super::ppe_set::PpeSetConfig {
            directions,
            ..Default::default()
        };
        if let Ok(e) = super::ppe_set::estimate(game, signals, d, &set_cfg) {
            plan.push(e);
        }
    }
    let flops: f64 = pairs(&m.strategies)
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
    for (r, c) in pairs(&m.strategies) {
        if let (Ok(ra), Ok(ca)) = (automaton(r, game, signals), automaton(c, game, signals))
            && let Ok(p) = super::thresholds::estimate(game, signals, &ra, &ca)
        {
            plan.extend(p);
        }
    }
    if let Some((profile, _)) = truce_of(&m.spec, &m.strategies, cfg)
        && let Ok((alarms, punish, _)) = triggers_of(game, &m.spec, &m.strategies, profile)
    {
        let (rows, cols) = game.shape();
        let config = |own, punish, actions| TriggerConfig {
            cooperate: own,
            punish,
            alarms: alarms.clone(),
            signals: signals.len(),
            actions,
        };
        if let Ok(p) = super::thresholds::punishment_estimate(
            game,
            signals,
            &config(profile.0, punish.0, rows),
            &config(profile.1, punish.1, cols),
            cfg.max_punishment_rounds,
        ) {
            plan.extend(p);
        }
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
    let truce = if cfg.discount.as_common().is_some() {
        match monitored_truce(game, spec, strategies, cfg) {
            Ok(t) => t,
            Err(why) => {
                notes.push(format!("the truce's trigger table is left out: {why}"));
                None
            }
        }
    } else {
        notes.push(
            "the players discount differently: the critical discount factors and the trigger \
             table assume one common δ"
                .into(),
        );
        None
    };
    let ppe_set = match (cfg.discount.as_common(), cfg.directions) {
        (Some(d), Some(directions)) => {
            let set_cfg = super::ppe_set::PpeSetConfig {
                directions,
                ..Default::default()
            };
            match super::ppe_set::ppe_payoff_set(game, &spec.signals, d, &set_cfg) {
                Ok(set) => Some(set),
                Err(e) => {
                    notes.push(format!("the PPE payoff set is left out: {e}"));
                    None
                }
            }
        }
        _ => None,
    };
    let strongly_symmetric = match cfg.discount.as_common() {
        Some(d) if cfg.directions.is_some() && super::symmetric::is_symmetric(game) => {
            match super::symmetric::strongly_symmetric(game, &spec.signals, d) {
                Ok(s) => Some(s),
                Err(e) => {
                    notes.push(format!(
                        "the strongly symmetric PPE payoffs are left out: {e}"
                    ));
                    None
                }
            }
        }
        _ => None,
    };
    MonitoringAnalysis {
        signals: spec.signals.names().to_vec(),
        pairs: out,
        truce,
        ppe_set,
        strongly_symmetric,
        notes,
    }
}
