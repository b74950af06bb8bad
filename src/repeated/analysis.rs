//! The repeated-game analysis of a scenario, gathered in one result: payoff sets and
//! minmax points, the Abreu–Sannikov set (common δ only), critical discount factors,
//! equilibrium paths, the declared strategy pairs (values, Nash and subgame-perfection
//! checks, smallest δ) and the verdict on the truce. It only calls the algorithms of the
//! sibling modules; it reads no files and prints nothing.
//!
//! The *truce* is the profile the scenario declares (`[repeated] truce`); else the
//! cooperative profile named by the scenario's strategies (the `cooperate` profile of the
//! first grim-trigger, limited-punishment or win-stay-lose-shift strategy; else the
//! cooperative actions of a row and a column tit-for-tat; else the start actions of custom
//! automata); else the default of [`default_truce`]: among the Pareto-optimal pure
//! profiles, the one that maximises the smaller of the two players' gains over their minmax
//! values (ties: the larger sum). A truce that is a stage equilibrium needs no enforcement,
//! and the report says so.

use serde::Serialize;

use super::automaton::Automaton;
use super::critical_delta::{
    CriticalDelta, HarshestConfig, RevertsTo, StageEquilibrium, common_nash_reversion,
    harshest_data, k_round, nash_reversion, nash_reversion_all,
};
use super::finite::{FiniteAnalysis, finite_horizon};
use super::finite_checks::{finite_check, finite_pair_values, finite_smallest_spe_delta};
use super::on_path::{DeviationPath, OnPath, deviation_paths, on_path, survival};
use super::paths::{
    EquilibriumPath, PathDeviation, equilibrium_path, path_deviations, vertex_paths,
};
use super::payoff_set::{
    AsConfig, PayoffSets, SpePayoffSet, StageData, abreu_sannikov_data, minmax_values,
    payoff_sets_from,
};
use super::renegotiation::{
    Renegotiation, RenegotiationProofTruce, renegotiation_proof_truce, weakly_renegotiation_proof,
};
use super::settings::{Discount, Horizon, RepeatedSettings};
use super::spe::{EquilibriumCheck, check, smallest_spe_delta};
use super::strategies::automaton;
use super::strategy_spec::{StrategyKind, StrategySpec};
use super::values::{PairValues, pair_values};
use crate::budget::{Estimate, Plan, rates};
use crate::game::{Game, Player};
use crate::geometry::Point;
use crate::stage::pure::{PureEquilibrium, pure_equilibria};
use crate::tolerance::{HOLDS_AT_DELTA_SLACK, SPE_SET_MEMBERSHIP};

/// What to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisConfig {
    /// Discount factors.
    pub discount: Discount,
    /// Horizon.
    pub horizon: Horizon,
    /// Noise of the scenario (used for the noisy values of strategy pairs).
    pub noise: f64,
    /// Seed of the public randomization in paths.
    pub seed: u64,
    /// Rounds shown per equilibrium path.
    pub path_rounds: usize,
    /// Extra payoff points to build paths for.
    pub points: Vec<Point>,
    /// Longest k of the k-round punishments reported for the truce.
    pub max_punishment_rounds: usize,
    /// Compute the harshest-punishment δ for every profile when the game has at most
    /// this many profiles (for the truce profile always).
    pub harshest_all_up_to: usize,
    /// The truce the scenario declares (`[repeated] truce`), which overrides every other
    /// choice.
    pub truce: Option<(usize, usize)>,
    /// The round (from 1) of the deviations shown after each path and declared pair.
    pub deviation_round: usize,
    /// Rounds shown after each deviation.
    pub deviation_shown: usize,
    /// Rounds of the survival curve of declared pairs under noise.
    pub survival_rounds: usize,
}

impl Default for AnalysisConfig {
    fn default() -> Self {
        AnalysisConfig {
            discount: Discount::common(0.9).expect("0.9 is a discount factor"),
            horizon: Horizon::Infinite,
            noise: 0.0,
            seed: 0,
            path_rounds: 20,
            points: Vec::new(),
            max_punishment_rounds: 5,
            harshest_all_up_to: 16,
            truce: None,
            deviation_round: 5,
            deviation_shown: 10,
            survival_rounds: 40,
        }
    }
}

impl AnalysisConfig {
    /// The analysis at `discount` under resolved `settings` (horizon, noise, seed, declared
    /// truce), with the default path length, points and punishment lengths.
    pub fn from_settings(discount: Discount, settings: &RepeatedSettings) -> Self {
        AnalysisConfig {
            discount,
            horizon: settings.horizon,
            noise: settings.noise.get(),
            seed: settings.seed,
            truce: settings.truce,
            ..AnalysisConfig::default()
        }
    }
}

/// Where the truce profile comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Truce {
    /// `(row action, col action)`.
    pub profile: (usize, usize),
    /// The strategy that names it, or `None` when chosen as the best joint payoff.
    pub named_by: Option<String>,
    /// Its payoffs.
    pub payoffs: Point,
    /// Whether the truce holds at the scenario's δ by deviator-specific Nash reversion
    /// (each player with their own δ) in the infinitely repeated game.
    pub holds_by_nash_reversion: bool,
    /// Whether it holds at the scenario's δ with the harshest credible punishment
    /// (`None` with unequal discount factors).
    pub holds_by_harshest: Option<bool>,
    /// Smallest common δ by deviator-specific Nash reversion.
    pub critical_nash_reversion: Option<f64>,
    /// Whether the truce holds at the scenario's δ by common Nash reversion (Friedman
    /// 1971: both revert to one stage equilibrium, whoever deviated).
    pub holds_by_common_nash_reversion: bool,
    /// Smallest common δ by common Nash reversion.
    pub critical_common_nash_reversion: Option<f64>,
    /// The stage equilibrium common Nash reversion reverts to (the one needing least δ).
    pub common_reverts_to: Option<StageEquilibrium>,
    /// Smallest common δ by the harshest credible punishment.
    pub critical_harshest: Option<f64>,
    /// Whether the truce payoff lies in the subgame-perfect payoff set.
    pub in_spe_set: Option<bool>,
    /// For a finite horizon: whether the truce can be played in every round of a
    /// subgame-perfect equilibrium (only if it is a stage equilibrium: the last round
    /// must be one).
    pub holds_in_finite_game: Option<bool>,
    /// The smallest common δ from which a weakly renegotiation-proof subgame-perfect pair
    /// (declared, or penance) plays the truce in every round (infinite horizon, common δ).
    pub renegotiation_proof_from: Option<RenegotiationProofTruce>,
    /// When the truce is named by a pair of declared automata whose play cycles through
    /// several profiles (an alternation), that pair: the target it sustains is its cycle's
    /// average, not the truce profile.
    pub sustained_cycle: Option<CycleTarget>,
}

/// A declared pair that sustains a cycle of profiles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleTarget {
    /// Row strategy name.
    pub row: String,
    /// Column strategy name.
    pub col: String,
    /// The profiles of the cycle.
    pub cycle: Vec<(usize, usize)>,
    /// The cycle's average payoffs.
    pub average: Point,
    /// Whether the pair is subgame-perfect at the scenario's δ.
    pub subgame_perfect: bool,
    /// Smallest common δ at which it is subgame-perfect.
    pub smallest_spe_delta: Option<f64>,
}

/// Analysis of one declared strategy pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairAnalysis {
    /// Row strategy name.
    pub row: String,
    /// Column strategy name.
    pub col: String,
    /// Values without noise.
    pub values: PairValues,
    /// Values with the scenario's noise (when it has any).
    pub noisy_values: Option<PairValues>,
    /// Nash and subgame-perfection checks at the scenario's δ (without noise).
    pub check: EquilibriumCheck,
    /// Smallest common δ at which the pair is subgame-perfect.
    pub smallest_spe_delta: Option<f64>,
    /// Weak renegotiation-proofness (Farrell & Maskin 1989), for a pair that is
    /// subgame-perfect in the infinitely repeated game; `None` otherwise.
    pub renegotiation: Option<Renegotiation>,
    /// The noiseless play (`None` when it mixes): prefix, cycle and the cycle's average,
    /// the target a cycling pair sustains.
    pub on_path: Option<OnPath>,
    /// What follows each player's most tempting deviation at the chosen round.
    pub deviations: Vec<DeviationPath>,
    /// With noise: the probability of still being on the noiseless path after t = 1, 2, …
    /// rounds.
    pub survival: Option<Vec<f64>>,
}

/// The whole analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatedAnalysis {
    /// Discount factors.
    pub discount: Discount,
    /// Horizon.
    pub horizon: Horizon,
    /// Feasible set, minmax points, individually rational part.
    pub sets: PayoffSets,
    /// The pure stage equilibria.
    pub stage_equilibria: Vec<((usize, usize), Point)>,
    /// The stage equilibria Nash reversion may punish with (every extreme equilibrium,
    /// pure and mixed, where enumerated; else the pure ones).
    pub punishing_equilibria: Vec<StageEquilibrium>,
    /// Abreu–Sannikov set (infinite horizon, common δ only).
    pub spe: Option<SpePayoffSet>,
    /// The T-round game, for a finite horizon.
    pub finite: Option<FiniteAnalysis>,
    /// Critical discount factors: Nash reversion for every profile, then k-round and
    /// harshest punishments.
    pub triggers: Vec<CriticalDelta>,
    /// The truce verdict.
    pub truce: Option<Truce>,
    /// Equilibrium paths (vertices, then the requested points).
    pub paths: Vec<EquilibriumPath>,
    /// For each path, what follows each player's most tempting deviation at the chosen
    /// round (the optimal penal code).
    pub path_deviations: Vec<Vec<PathDeviation>>,
    /// Requested points that are not equilibrium payoffs.
    pub rejected_points: Vec<Point>,
    /// Declared strategy pairs.
    pub pairs: Vec<PairAnalysis>,
    /// Remarks for the reader (what does not apply and why).
    pub notes: Vec<String>,
}

/// The truce profile (module doc): the declared one, else the one the strategies name,
/// else the default; with what named it.
pub fn truce_profile(
    game: &Game,
    strategies: &[StrategySpec],
    declared: Option<(usize, usize)>,
) -> Option<((usize, usize), Option<String>)> {
    truce_profile_among(game, strategies, declared, || {
        let (pure, mixed) = minmax_values(game);
        mixed.unwrap_or(pure)
    })
}

/// [`truce_profile`] given each player's minmax value (computed only for the default).
fn truce_profile_among(
    game: &Game,
    strategies: &[StrategySpec],
    declared: Option<(usize, usize)>,
    minmax: impl FnOnce() -> Point,
) -> Option<((usize, usize), Option<String>)> {
    if let Some(t) = declared {
        return Some((t, Some(DECLARED.to_string())));
    }
    for s in strategies {
        match &s.kind {
            StrategyKind::GrimTrigger { cooperate, .. }
            | StrategyKind::LimitedPunishment { cooperate, .. }
            | StrategyKind::WinStayLoseShift { cooperate, .. } => {
                return Some((*cooperate, Some(s.name.clone())));
            }
            _ => {}
        }
    }
    let coop = |p: Player| {
        strategies
            .iter()
            .filter(|s| s.player == p)
            .find_map(|s| match &s.kind {
                StrategyKind::TitForTat { cooperate, .. }
                | StrategyKind::TitForTwoTats { cooperate, .. }
                | StrategyKind::GenerousTitForTat { cooperate, .. } => {
                    Some((*cooperate, s.name.clone()))
                }
                StrategyKind::Custom { start, states } => states
                    .get(*start)
                    .and_then(|st| st.play.iter().position(|&x| x >= 1.0))
                    .map(|a| (a, s.name.clone())),
                _ => None,
            })
    };
    if let (Some((r, rn)), Some((c, cn))) = (coop(Player::Row), coop(Player::Col)) {
        return Some(((r, c), Some(format!("{rn} and {cn}"))));
    }
    default_truce(game, minmax()).map(|p| (p, None))
}

/// What `truce.named_by` says of a truce declared in the scenario.
pub const DECLARED: &str = "the scenario ([repeated] truce)";

/// The default truce: among the Pareto-optimal pure profiles, the one whose smaller gain
/// over the players' minmax values is largest — the most even improvement on what each
/// side can be held to — ties broken by the larger sum of payoffs, then row-major order.
pub fn default_truce(game: &Game, minmax: Point) -> Option<(usize, usize)> {
    let mut best: Option<((usize, usize), f64, f64)> = None;
    for o in crate::stage::pareto::pareto_optimal(game) {
        let (u, v) = o.payoffs;
        let least = (u - minmax.0).min(v - minmax.1);
        let sum = u + v;
        let better = match best {
            None => true,
            Some((_, l, s)) => {
                let tol = game.tolerance();
                tol.gt(least, l) || (tol.eq(least, l) && tol.gt(sum, s))
            }
        };
        if better {
            best = Some(((o.row, o.col), least, sum));
        }
    }
    best.map(|b| b.0)
}

/// Whether the profile of `nr` is sustained by Nash reversion at `discount`: no player
/// gains by playing another action and then receiving the punishing stage equilibrium
/// forever, `uᵢ ≥ (1 − δᵢ)·d′ᵢ + δᵢ·eᵢ` with `d′ᵢ` the best payoff of another action (each
/// player with their own δ, so it also answers for players who discount differently). A
/// punishment that pays more than the target tempts even a player without a one-shot
/// gain. Without a punishing equilibrium it holds only when nobody can gain.
pub fn holds_by_nash_reversion(game: &Game, nr: &CriticalDelta, discount: Discount) -> bool {
    let (i, j) = nr.profile;
    let u = game.pure_payoffs(i, j);
    let Some(e) = nr.punishment_payoffs else {
        return nr.critical_delta == Some(0.0);
    };
    let other = super::critical_delta::best_other_action(game, nr.profile);
    [Player::Row, Player::Col].iter().all(|&p| {
        let (ui, dp, ei, d) = match p {
            Player::Row => (u.0, other.0, e.0, discount.row()),
            Player::Col => (u.1, other.1, e.1, discount.col()),
        };
        dp.is_none_or(|dp| game.tolerance().ge(ui, (1.0 - d) * dp + d * ei))
    })
}

/// What the repeated-game analysis needs of the stage game, computed once by whoever
/// solved it ([`StageFacts::of_solution`]) or here ([`StageFacts::of`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StageFacts {
    /// The pure equilibria.
    pub pure: Vec<PureEquilibrium>,
    /// Every extreme stage equilibrium, pure and mixed, when they were enumerated (games
    /// of at most [`crate::stage::solution::ENUMERATION_LIMIT`] actions in all).
    pub extreme: Option<Vec<StageEquilibrium>>,
    /// Each player's pure minmax value.
    pub pure_minmax: Point,
    /// Each player's mixed minmax value (`None` when its LP failed).
    pub mixed_minmax: Option<Point>,
}

impl StageFacts {
    /// The facts that need no linear program or enumeration: the pure equilibria and
    /// pure minmax values (what a work estimate reads, before the real facts are
    /// computed).
    pub fn pure_only(game: &Game) -> Self {
        StageFacts {
            pure: pure_equilibria(game),
            extreme: None,
            pure_minmax: (
                crate::stage::pure_values::pure_security(game, Player::Row).minmax,
                crate::stage::pure_values::pure_security(game, Player::Col).minmax,
            ),
            mixed_minmax: None,
        }
    }

    /// Computes the facts of `game`.
    pub fn of(game: &Game) -> Self {
        let (pure_minmax, mixed_minmax) = minmax_values(game);
        let (m, n) = game.shape();
        let pure = pure_equilibria(game);
        let extreme = (m + n <= crate::stage::solution::ENUMERATION_LIMIT)
            .then(|| crate::stage::vertex::extreme_equilibria(game).ok())
            .flatten()
            .map(|x| {
                x.equilibria
                    .iter()
                    .map(|e| StageEquilibrium::of(game, e))
                    .collect()
            });
        StageFacts {
            pure,
            extreme,
            pure_minmax,
            mixed_minmax,
        }
    }

    /// The facts of a stage solution already computed ([`crate::stage::solution::solve_stage`]
    /// with its default configuration), computing only what it left out.
    pub fn of_solution(game: &Game, sol: &crate::stage::solution::StageSolution) -> Self {
        use crate::stage::solution::Method;
        let (pure, pure_minmax) = match (&sol.summary, &sol.pure_basics) {
            (Some(s), _) => (
                s.pure_equilibria.clone(),
                (s.row_security.minmax, s.col_security.minmax),
            ),
            (None, Some(b)) => (
                b.pure_equilibria.clone(),
                (b.row_security.minmax, b.col_security.minmax),
            ),
            (None, None) => return StageFacts::of(game),
        };
        let (m, n) = game.shape();
        let enumerated = matches!(sol.method, Method::Vertex | Method::All) && sol.exact.is_none();
        let extreme = if m + n > crate::stage::solution::ENUMERATION_LIMIT {
            None
        } else if enumerated {
            Some(
                sol.equilibria
                    .iter()
                    .map(|e| StageEquilibrium::of(game, e))
                    .collect(),
            )
        } else {
            StageFacts::of(game).extreme
        };
        let mixed_minmax = match &sol.security {
            Some([r, c]) => Some((r.minmax, c.minmax)),
            None => minmax_values(game).1,
        };
        StageFacts {
            pure,
            extreme,
            pure_minmax,
            mixed_minmax,
        }
    }

    /// The stage equilibria available as punishments: every extreme equilibrium, pure and
    /// mixed, where they were enumerated; else the pure ones.
    pub fn punishing(&self, game: &Game) -> Vec<StageEquilibrium> {
        match &self.extreme {
            Some(all) if !all.is_empty() => all.clone(),
            _ => self
                .pure
                .iter()
                .map(|e| StageEquilibrium::pure(game, (e.row, e.col)))
                .collect(),
        }
    }
}

/// The estimated work of [`analyze_with`] (see [`crate::budget`]): the subgame-perfect
/// payoff set at δ, the harshest-punishment searches (every profile of a small game, else
/// the truce's), the critical-δ table (every profile against every deviation and punishing
/// equilibrium) and the declared strategy pairs' values (dense solves over their product
/// automata, counted at the product of their state counts, at most
/// [`super::values::MAX_CHAIN_STATES`]).
pub fn estimate(
    game: &Game,
    strategies: &[StrategySpec],
    cfg: &AnalysisConfig,
    facts: &StageFacts,
) -> Plan {
    let mut plan = Plan::new();
    let (m, n) = game.shape();
    let data = StageData::new(game);
    let corners = crate::repeated::payoff_set::feasible_set(&data).0.len();
    let equilibria = facts.punishing(game).len();
    plan.push(Estimate::new(
        format!("critical discount factors of {} profiles", m * n),
        (m * n) as f64 * (m + n) as f64 * (2 + 2 * equilibria) as f64,
        rates::PROFILE_SCAN,
        "use a smaller game",
    ));
    if let (Some(d), Horizon::Infinite) = (cfg.discount.as_common(), cfg.horizon) {
        plan.push(super::payoff_set::estimate(&data, d, &AsConfig::default()));
    }
    if cfg.discount.as_common().is_some() {
        let hcfg = HarshestConfig::default();
        let profiles: Vec<(usize, usize)> = if m * n <= cfg.harshest_all_up_to {
            (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).collect()
        } else {
            truce_profile_among(game, strategies, cfg.truce, || {
                facts.mixed_minmax.unwrap_or(facts.pure_minmax)
            })
            .into_iter()
            .map(|t| t.0)
            .collect()
        };
        let work: f64 = profiles
            .iter()
            .map(|&p| super::critical_delta::harshest_work(game, &data, corners, p, &hcfg))
            .sum();
        plan.push(Estimate::new(
            format!("harshest punishments of {} profile(s)", profiles.len()),
            work,
            rates::AS_CORNER,
            "use a smaller game",
        ));
    }
    let states: Vec<(Player, usize)> = strategies
        .iter()
        .filter_map(|s| automaton(game, s).ok())
        .map(|a| (a.player, a.states.len()))
        .collect();
    let mut flops = 0.0;
    for &(pr, sr) in &states {
        for &(pc, sc) in &states {
            if pr == Player::Row && pc == Player::Col {
                let k = (sr * sc).min(super::values::MAX_CHAIN_STATES) as f64;
                // Two solves per player (with and without noise) and the checks' lookahead.
                flops += PAIR_SOLVES * k * k * k / 3.0;
            }
        }
    }
    if flops > 0.0 {
        plan.push(Estimate::new(
            "values of the declared strategy pairs",
            flops,
            rates::FLOP,
            "declare strategies with fewer states",
        ));
    }
    plan
}

/// Dense solves over a strategy pair's product automaton counted by [`estimate`].
const PAIR_SOLVES: f64 = 6.0;

/// Runs the analysis (module doc).
pub fn analyze(game: &Game, strategies: &[StrategySpec], cfg: &AnalysisConfig) -> RepeatedAnalysis {
    analyze_with(game, strategies, cfg, &StageFacts::of(game))
}

/// [`analyze`] with the stage game's facts already computed.
pub fn analyze_with(
    game: &Game,
    strategies: &[StrategySpec],
    cfg: &AnalysisConfig,
    facts: &StageFacts,
) -> RepeatedAnalysis {
    let data = StageData::new(game);
    let (m, n) = game.shape();
    let mut notes = Vec::new();
    let eqs: Vec<((usize, usize), Point)> = facts
        .pure
        .iter()
        .map(|e| ((e.row, e.col), e.payoffs))
        .collect();
    let punishing = facts.punishing(game);
    if facts.extreme.is_none() {
        notes.push(if eqs.is_empty() {
            "the stage game has no pure Nash equilibrium and is too large to enumerate the mixed \
             ones: Nash reversion is reported as never here"
                .to_string()
        } else {
            "the game is too large to enumerate its mixed stage equilibria: Nash reversion \
             punishes with pure ones only"
                .to_string()
        });
    }
    if facts.mixed_minmax.is_none() && m * n > crate::stage::solution::LP_LIMIT {
        notes.push(format!(
            "the game has {} cells, more than the {} up to which the mixed minmax values are \
             computed: the individually rational set and the default truce use the pure minmax",
            m * n,
            crate::stage::solution::LP_LIMIT
        ));
    }
    let common = cfg.discount.as_common();
    let spe = match (common, cfg.horizon) {
        (Some(d), Horizon::Infinite) => Some(abreu_sannikov_data(&data, d, &AsConfig::default())),
        (None, _) => {
            notes.push(
                "the players discount differently: the Abreu–Sannikov set and the harshest \
                 punishments assume one common discount factor and do not apply"
                    .into(),
            );
            None
        }
        _ => None,
    };
    let finite = match (cfg.horizon, common) {
        (Horizon::Finite(t), Some(d)) => Some(finite_horizon(game, t, d)),
        (Horizon::Finite(_), None) => {
            notes.push("the finite-horizon payoff set needs a common discount factor".into());
            None
        }
        _ => None,
    };
    let mut triggers = nash_reversion_all(game, &punishing);
    triggers.extend(
        (0..m)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|p| common_nash_reversion(game, p, &punishing)),
    );
    crate::budget::spend(
        rates::PROFILE_SCAN,
        (m * n) as f64 * (m + n) as f64 * (2 + 2 * punishing.len()) as f64,
    );
    let truce = truce_profile_among(game, strategies, cfg.truce, || {
        facts.mixed_minmax.unwrap_or(facts.pure_minmax)
    });
    let hcfg = HarshestConfig::default();
    let mut harsh_truce = None;
    if let Some((tp, _)) = &truce {
        for k in 1..=cfg.max_punishment_rounds {
            triggers.push(k_round(game, *tp, &punishing, k));
        }
    }
    if common.is_some() {
        let profiles: Vec<(usize, usize)> = if m * n <= cfg.harshest_all_up_to {
            (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).collect()
        } else {
            truce.iter().map(|t| t.0).collect()
        };
        for p in profiles {
            let h = harshest_data(game, &data, p, &hcfg);
            if truce.as_ref().is_some_and(|t| t.0 == p) {
                harsh_truce = Some(h.critical_delta);
            }
            triggers.push(h);
        }
    }
    let mut truce = truce.map(|(profile, named_by)| {
        let nr = nash_reversion(game, profile, &punishing);
        let cnr = common_nash_reversion(game, profile, &punishing);
        let u = game.pure_payoffs(profile.0, profile.1);
        let holds_nr = holds_by_nash_reversion(game, &nr, cfg.discount);
        let critical_harshest = harsh_truce.flatten();
        Truce {
            profile,
            named_by,
            payoffs: u,
            holds_by_nash_reversion: holds_nr,
            holds_by_common_nash_reversion: holds_by_nash_reversion(game, &cnr, cfg.discount),
            critical_common_nash_reversion: cnr.critical_delta,
            common_reverts_to: match cnr.reverts_to {
                Some(RevertsTo::Common(e)) => Some(e),
                _ => None,
            },
            holds_by_harshest: common
                .map(|d| critical_harshest.is_some_and(|c| c <= d + HOLDS_AT_DELTA_SLACK)),
            critical_nash_reversion: nr.critical_delta,
            critical_harshest,
            in_spe_set: spe
                .as_ref()
                .map(|s| s.vertices.contains(u, SPE_SET_MEMBERSHIP * data.span)),
            holds_in_finite_game: matches!(cfg.horizon, Horizon::Finite(_))
                .then_some(nr.critical_delta == Some(0.0)),
            renegotiation_proof_from: None,
            sustained_cycle: None,
        }
    });
    let mut paths = Vec::new();
    let mut rejected = Vec::new();
    if let Some(s) = &spe {
        paths = vertex_paths(&data, s, cfg.path_rounds, cfg.seed);
        for (k, &p) in cfg.points.iter().enumerate() {
            let seed = cfg.seed.wrapping_add(1000 + k as u64);
            match equilibrium_path(&data, s, p, cfg.path_rounds, seed) {
                Ok(path) => paths.push(path),
                Err(_) => rejected.push(p),
            }
        }
        if !s.exists {
            notes.push(
                "no pure-strategy subgame-perfect equilibrium exists at this discount factor"
                    .into(),
            );
        }
    }
    let built: Vec<Automaton> = strategies
        .iter()
        .filter_map(|s| automaton(game, s).ok())
        .collect();
    let (pairs, refused) = strategy_pairs(game, &built, cfg);
    if let Some(t) = truce.as_mut() {
        t.sustained_cycle = pairs.iter().find_map(|p| {
            let o = p.on_path.as_ref().filter(|o| o.cycle.len() > 1)?;
            (t.named_by.as_deref() == Some(format!("{} and {}", p.row, p.col).as_str())).then(
                || CycleTarget {
                    row: p.row.clone(),
                    col: p.col.clone(),
                    cycle: o.cycle.clone(),
                    average: o.average,
                    subgame_perfect: p.check.subgame_perfect,
                    smallest_spe_delta: p.smallest_spe_delta,
                },
            )
        });
    }
    if let (Some(t), Some(_), Horizon::Infinite) = (truce.as_mut(), common, cfg.horizon) {
        let declared: Vec<(&Automaton, &Automaton)> = built
            .iter()
            .filter(|a| a.player == Player::Row)
            .flat_map(|r| {
                built
                    .iter()
                    .filter(|a| a.player == Player::Col)
                    .map(move |c| (r, c))
            })
            .collect();
        t.renegotiation_proof_from = renegotiation_proof_truce(game, t.profile, &declared);
    }
    if refused > 0 {
        notes.push(match cfg.horizon {
            Horizon::Infinite => format!(
                "{refused} strategy pair(s) were left out: their product automaton has more than {} state pairs",
                super::values::MAX_CHAIN_STATES
            ),
            Horizon::Finite(t) => format!(
                "{refused} strategy pair(s) were left out: backward induction over {t} rounds would take more \
                 than {} steps (or the product automaton has more than {} state pairs); use a shorter --horizon",
                super::finite_checks::MAX_BACKWARD_WORK,
                super::values::MAX_CHAIN_STATES
            ),
        });
    }
    if let Horizon::Finite(t) = cfg.horizon {
        notes.push(format!(
            "the strategy pairs' values and checks are those of the {t}-round game (backward induction); \
             the critical discount factors are those of the infinitely repeated game, for comparison"
        ));
    }
    let path_deviations = match &spe {
        Some(set) => paths
            .iter()
            .map(|p| {
                path_deviations(
                    &data,
                    set,
                    p,
                    cfg.deviation_round,
                    cfg.deviation_shown,
                    cfg.seed,
                )
            })
            .collect(),
        None => Vec::new(),
    };
    RepeatedAnalysis {
        discount: cfg.discount,
        horizon: cfg.horizon,
        sets: payoff_sets_from(game, facts.pure_minmax, facts.mixed_minmax),
        stage_equilibria: eqs,
        punishing_equilibria: punishing,
        spe,
        finite,
        triggers,
        truce,
        path_deviations,
        paths,
        rejected_points: rejected,
        pairs,
        notes,
    }
}

fn strategy_pairs(
    game: &Game,
    built: &[Automaton],
    cfg: &AnalysisConfig,
) -> (Vec<PairAnalysis>, usize) {
    let mut out = Vec::new();
    let mut refused = 0;
    for r in built.iter().filter(|a| a.player == Player::Row) {
        for c in built.iter().filter(|a| a.player == Player::Col) {
            let analysed = match cfg.horizon {
                Horizon::Infinite => infinite_pair(game, r, c, cfg),
                Horizon::Finite(t) => finite_pair(game, r, c, cfg, t),
            };
            match analysed {
                Some(p) => out.push(p),
                None => refused += 1,
            }
        }
    }
    (out, refused)
}

fn infinite_pair(
    game: &Game,
    r: &Automaton,
    c: &Automaton,
    cfg: &AnalysisConfig,
) -> Option<PairAnalysis> {
    let values = pair_values(game, r, c, cfg.discount, 0.0)?;
    let noisy_values = (cfg.noise > 0.0)
        .then(|| pair_values(game, r, c, cfg.discount, cfg.noise))
        .flatten();
    let chk = check(game, r, c, cfg.discount, 0.0)?;
    let renegotiation = chk
        .subgame_perfect
        .then(|| weakly_renegotiation_proof(game, r, c, cfg.discount))
        .flatten();
    Some(PairAnalysis {
        row: r.name.clone(),
        col: c.name.clone(),
        values,
        noisy_values,
        check: chk,
        smallest_spe_delta: smallest_spe_delta(game, r, c, 0.0),
        renegotiation,
        on_path: on_path(game, r, c),
        deviations: deviation_paths(
            game,
            r,
            c,
            cfg.discount,
            cfg.deviation_round,
            cfg.deviation_shown,
        ),
        survival: (cfg.noise > 0.0)
            .then(|| survival(game, r, c, cfg.noise, cfg.survival_rounds))
            .flatten(),
    })
}

/// A pair in the T-round game: values, checks and smallest δ all of that game
/// ([`super::finite_checks`]).
fn finite_pair(
    game: &Game,
    r: &Automaton,
    c: &Automaton,
    cfg: &AnalysisConfig,
    rounds: usize,
) -> Option<PairAnalysis> {
    let values = finite_pair_values(game, r, c, cfg.discount, 0.0, rounds)?;
    let noisy_values = (cfg.noise > 0.0)
        .then(|| finite_pair_values(game, r, c, cfg.discount, cfg.noise, rounds))
        .flatten();
    let chk = finite_check(game, r, c, cfg.discount, 0.0, rounds)?;
    Some(PairAnalysis {
        row: r.name.clone(),
        col: c.name.clone(),
        values,
        noisy_values,
        check: chk,
        smallest_spe_delta: finite_smallest_spe_delta(game, r, c, rounds),
        renegotiation: None,
        on_path: on_path(game, r, c),
        deviations: Vec::new(),
        survival: (cfg.noise > 0.0)
            .then(|| survival(game, r, c, cfg.noise, cfg.survival_rounds.min(rounds)))
            .flatten(),
    })
}
