//! What `truce run` computes for a scenario, computed once and handed on: the stage game
//! (every extreme equilibrium, dominance, security levels, value, correlated
//! equilibrium), the repeated game under the scenario's settings, bargaining from the
//! mixed minmax point, a tournament of the declared strategies, one simulated match,
//! fictitious play and the declared sweeps. The report ([`crate::report::run`]) and the
//! charts ([`crate::plot::from_analysis`]) are views of the [`RunAnalysis`] this returns;
//! neither computes.
//!
//! Each part is computed once: the stage solution's security levels give the bargaining
//! disagreement point, and the charts read the stage equilibria from it. A part that does
//! not apply (no `[repeated]` section, no declared strategies, an asymmetric game for the
//! evolution of strategies) is `None`. Nothing here reads files or prints.

use crate::bargain::self_enforcing::{self_enforcing, spe_tolerance};
use crate::bargain::{self, BargainAnalysis, Disagreement};
use crate::dynamics::fictitious_play::{FictitiousPlay, FictitiousPlayConfig, fictitious_play};
use crate::dynamics::phase_portrait::{PhasePortrait, phase_portrait};
use crate::game::Player;
use crate::monitoring::analysis::{MonitoringAnalysis, MonitoringConfig};
use crate::monitoring::ppe_set::DEFAULT_DIRECTIONS;
use crate::repeated::analysis::{AnalysisConfig, RepeatedAnalysis, StageFacts, analyze_with};
use crate::repeated::payoff_set::{AsConfig, SpePayoffSet, abreu_sannikov};
use crate::repeated::settings::{Horizon, Overrides, RepeatedSettings};
use crate::repeated::simulate::{SimConfig, Simulation, simulate};
use crate::repeated::strategies::automaton;
use crate::scenario::{Scenario, SweepRequest};
use crate::stage::solution::{SolveConfig, SolveError, StageSolution, solve_stage};
use crate::sweep::{Baseline, SweepError, SweepPoint};
use crate::tolerance::OVERLAY_SEPARATION;
use crate::tournament::evolution::{PopulationPath, replicator};
use crate::tournament::{TournamentConfig, TournamentResult, default_field, round_robin};

/// Repetitions of the round robin in a run (the `tournament` command's default).
pub const RUN_TOURNAMENT_REPETITIONS: usize = 10;

/// Generations of replicator dynamics over the tournament's strategies in a run.
pub const RUN_EVOLUTION_GENERATIONS: usize = 1000;

/// Discount factors below the scenario's at which the charts also draw the SPE set.
pub const OVERLAY_DISCOUNTS: [f64; 2] = [0.3, 0.6];

/// Why a run could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// The stage game could not be solved.
    #[error("the stage game: {0}")]
    Stage(#[from] SolveError),
    /// A declared strategy could not be built.
    #[error("strategy {name}: {message}")]
    Strategy {
        /// The strategy's name.
        name: String,
        /// Why.
        message: String,
    },
    /// A declared sweep failed at one of its points.
    #[error("sweep[{index}] ({parameter}): {error}")]
    Sweep {
        /// Position of the `[[sweep]]` table.
        index: usize,
        /// The swept parameter.
        parameter: String,
        /// What failed.
        error: SweepError,
    },
}

/// A simulated match of the first declared row and column strategies.
#[derive(Debug, Clone)]
pub struct NamedSimulation {
    /// The row strategy's name.
    pub row: String,
    /// The column strategy's name.
    pub col: String,
    /// The match.
    pub simulation: Simulation,
}

/// A simulated match of a pair of public strategies under the scenario's monitoring.
#[derive(Debug, Clone)]
pub struct NamedMonitoredMatch {
    /// The row strategy's name.
    pub row: String,
    /// The column strategy's name.
    pub col: String,
    /// The match.
    pub played: crate::monitoring::simulate::MonitoredMatch,
}

/// A declared sweep and its points in grid order.
#[derive(Debug, Clone)]
pub struct SweepRun {
    /// The `[[sweep]]` table.
    pub request: SweepRequest,
    /// Its points.
    pub points: Vec<SweepPoint>,
}

/// Everything `truce run` reports.
#[derive(Debug, Clone)]
pub struct RunAnalysis {
    /// The repeated-game settings every part used.
    pub settings: RepeatedSettings,
    /// The stage game as `truce solve` analyses it by default: every extreme equilibrium
    /// (Lemke–Howson beyond the enumeration limit), dominance, security levels, value.
    pub stage: StageSolution,
    /// Bargaining over the feasible set from the mixed minmax point.
    pub bargain: Option<BargainAnalysis>,
    /// Tournament of the declared strategies against the library's (when the scenario
    /// declares strategies).
    pub tournament: Option<TournamentResult>,
    /// The repeated-game analysis (when the scenario has a `[repeated]` section).
    pub repeated: Option<RepeatedAnalysis>,
    /// Subgame-perfect payoff sets at [`OVERLAY_DISCOUNTS`] below the scenario's δ, for
    /// the charts.
    pub spe_overlay: Vec<SpePayoffSet>,
    /// One simulated match of the first declared row and column strategies, with the
    /// scenario's noise.
    pub simulation: Option<NamedSimulation>,
    /// Under imperfect public monitoring: the public strategies, the truce's triggers and
    /// the PPE payoff set (beside the repeated game as if moves were seen).
    pub monitoring: Option<MonitoringAnalysis>,
    /// Under imperfect public monitoring: one simulated match of the first public pair that
    /// is a perfect public equilibrium (else the first pair), with its alarms.
    pub monitored_match: Option<NamedMonitoredMatch>,
    /// Replicator dynamics over the tournament's strategies (symmetric games).
    pub evolution: Option<PopulationPath>,
    /// Fictitious play from uniform beliefs: how learning players' strategies move.
    pub learning: FictitiousPlay,
    /// The replicator phase portrait (2×2 games).
    pub phase_portrait: Option<PhasePortrait>,
    /// The sweeps the scenario declares, each with its points in grid order.
    pub sweeps: Vec<SweepRun>,
    /// The stochastic game of a scenario with `[[state]]` sections: its Markov perfect
    /// equilibria, each state's payoff sets and the truce.
    pub stochastic: Option<crate::stochastic::analysis::StochasticAnalysis>,
}

/// The estimated work of [`analyse`] (see [`crate::budget`]): the tournament, the
/// repeated game, the overlaid payoff sets, the simulated match, fictitious play and the
/// declared sweeps (the stage game's own parts are bounded by their size limits).
pub fn estimate(s: &Scenario) -> crate::budget::Plan {
    use crate::budget::{Estimate, Plan, rates};
    let game = &s.game;
    let settings = RepeatedSettings::resolve(s.repeated.as_ref(), &Overrides::default());
    let mut plan = Plan::new();
    let declared: Vec<_> = s
        .strategies
        .iter()
        .filter_map(|spec| automaton(game, spec).ok())
        .collect();
    if !declared.is_empty() {
        let field = default_field(game, declared.clone());
        let cfg = TournamentConfig {
            rounds: settings.match_rounds,
            repetitions: RUN_TOURNAMENT_REPETITIONS,
            noise: settings.noise.get(),
            seed: settings.seed,
        };
        plan.push(crate::tournament::estimate(game, &field, &cfg));
        plan.push(crate::tournament::evolution::estimate(
            field.len(),
            RUN_EVOLUTION_GENERATIONS,
            0,
        ));
    }
    if s.repeated.is_some()
        && let Some(discount) = settings.discount
    {
        let cfg = AnalysisConfig::from_settings(discount, &settings);
        plan.extend(monitoring_estimate(s, &cfg, None));
        plan.extend(crate::repeated::analysis::estimate(
            game,
            &s.strategies,
            &cfg,
            &StageFacts::pure_only(game),
        ));
        if let (Some(d), Horizon::Infinite) = (discount.as_common(), settings.horizon) {
            let data = crate::repeated::payoff_set::StageData::new(game);
            for x in OVERLAY_DISCOUNTS
                .into_iter()
                .filter(|&x| x < d - OVERLAY_SEPARATION)
            {
                plan.push(crate::repeated::payoff_set::estimate(
                    &data,
                    x,
                    &AsConfig::default(),
                ));
            }
        }
        plan.push(Estimate::new(
            format!("one simulated match ({} rounds)", settings.rounds),
            settings.rounds as f64,
            rates::SIMULATED_ROUND,
            "lower rounds in [repeated]",
        ));
    }
    plan.push(crate::dynamics::estimate(
        game,
        crate::dynamics::DynamicsMethod::Fictitious,
        FictitiousPlayConfig::for_game(game).iterations,
        1,
    ));
    for request in &s.sweeps {
        plan.extend(crate::sweep::estimate(s, request, &Baseline::of(s)));
    }
    plan
}

/// The settings of the imperfect-monitoring analysis beside the repeated one of `cfg`:
/// the same δ and declared truce, the repeated analysis's truce as the default, and the
/// PPE payoff set (with `directions`) for the infinite horizon only.
pub fn monitoring_config(
    cfg: &AnalysisConfig,
    default_truce: Option<(usize, usize)>,
    directions: Option<usize>,
) -> MonitoringConfig {
    MonitoringConfig {
        truce: cfg.truce,
        default_truce,
        directions: directions.filter(|_| cfg.horizon == Horizon::Infinite),
        ..MonitoringConfig::at(cfg.discount)
    }
}

/// The imperfect-monitoring analysis of a scenario with `[monitoring]`, beside the
/// repeated analysis `r` computed with `cfg` (`None` without the section).
pub fn monitoring_analysis(
    s: &Scenario,
    r: &RepeatedAnalysis,
    cfg: &AnalysisConfig,
    set: &PpeSetPlan,
) -> Option<MonitoringAnalysis> {
    let directions = set.directions;
    let m = s.monitored()?;
    let mut a = crate::monitoring::analysis::analyze(
        &s.game,
        &m.spec,
        &m.strategies,
        &monitoring_config(cfg, r.truce.as_ref().map(|t| t.profile), directions),
    );
    if let Horizon::Finite(t) = cfg.horizon {
        a.notes.push(format!(
            "the public strategies are analysed in the infinitely repeated game; this game is \
             repeated {t} rounds, so their values and PPE checks are for comparison"
        ));
    }
    a.notes.extend(set.note.clone());
    Some(a)
}

/// Whether the PPE payoff set is computed, and why not when it is left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PpeSetPlan {
    /// Its directions, when it is computed.
    pub directions: Option<usize>,
    /// Why it is left out.
    pub note: Option<String>,
}

/// The PPE payoff set with `directions` when the rest of the work (`rest`) and its own
/// fit the budget (`force`: the forced one), else left out with a note that says what it
/// would take and how to get it: the set is the one part that grows with the directions,
/// so the rest of the report never waits on it.
pub fn ppe_set_plan(
    s: &Scenario,
    cfg: &AnalysisConfig,
    directions: usize,
    rest: &crate::budget::Plan,
    force: bool,
) -> PpeSetPlan {
    let computed = PpeSetPlan {
        directions: Some(directions),
        note: None,
    };
    let (Some(m), Some(d), Horizon::Infinite) =
        (s.monitored(), cfg.discount.as_common(), cfg.horizon)
    else {
        return computed;
    };
    let set_cfg = crate::monitoring::ppe_set::PpeSetConfig {
        directions,
        ..Default::default()
    };
    let Ok(e) = crate::monitoring::ppe_set::estimate(&s.game, &m.spec.signals, d, &set_cfg) else {
        return computed;
    };
    let limit = crate::budget::Plan::limit(force);
    if rest.seconds() + e.seconds() <= limit {
        return computed;
    }
    PpeSetPlan {
        directions: None,
        note: Some(format!(
            "the perfect public equilibrium payoff set is left out: {} would take about {}, \
             beyond the budget of {}; {}",
            e.part,
            crate::budget::duration_text(e.seconds()),
            crate::budget::duration_text(limit),
            if force || rest.seconds() + e.seconds() > crate::budget::Plan::limit(true) {
                "use fewer directions (--directions N), a smaller game or a smaller δ"
            } else {
                "pass --force (up to an hour) or use fewer directions (--directions N)"
            }
        )),
    }
}

/// The estimated work of [`monitoring_analysis`] (nothing without `[monitoring]`), with
/// the PPE payoff set when `directions` is given.
pub fn monitoring_estimate(
    s: &Scenario,
    cfg: &AnalysisConfig,
    directions: Option<usize>,
) -> crate::budget::Plan {
    match s.monitored() {
        None => crate::budget::Plan::new(),
        Some(m) => {
            let default =
                crate::repeated::analysis::truce_profile(&s.game, &s.strategies, cfg.truce)
                    .map(|t| t.0);
            crate::monitoring::analysis::estimate(
                &s.game,
                &m,
                &monitoring_config(cfg, default, directions),
            )
        }
    }
}

/// One simulated match of the first public pair that is a PPE (else the first pair).
fn monitored_match(
    game: &crate::game::Game,
    m: &crate::monitoring::analysis::Monitored,
    a: &MonitoringAnalysis,
    settings: &RepeatedSettings,
) -> Option<NamedMonitoredMatch> {
    let pairs = &a.pairs;
    let p = pairs.iter().find(|p| p.check.ppe).or(pairs.first())?;
    let spec = |name: &str| m.strategies.iter().find(|s| s.name == name);
    let signals = &m.spec.signals;
    let row = crate::monitoring::spec::automaton(spec(&p.row)?, game, signals).ok()?;
    let col = crate::monitoring::spec::automaton(spec(&p.col)?, game, signals).ok()?;
    let cfg = crate::monitoring::simulate::MatchConfig {
        cooperative: p.cooperative,
        alarms: p.alarms.clone(),
        rounds: settings.rounds,
        seed: settings.seed,
    };
    Some(NamedMonitoredMatch {
        row: p.row.clone(),
        col: p.col.clone(),
        played: crate::monitoring::simulate::simulate(game, signals, &row, &col, &cfg),
    })
}

/// Computes everything `run` reports (module doc).
pub fn analyse(s: &Scenario) -> Result<RunAnalysis, AnalysisError> {
    let stochastic = run_plan(s, false).1.stochastic;
    analyse_with(
        s,
        &RunPlan {
            set: PpeSetPlan {
                directions: Some(DEFAULT_DIRECTIONS),
                note: None,
            },
            stochastic,
        },
    )
}

/// How `truce run` computes its parts that may be left out for the budget.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunPlan {
    /// The PPE payoff set.
    pub set: PpeSetPlan,
    /// The stochastic-game analysis.
    pub stochastic: StochasticPlan,
}

/// The work of `truce run` ([`estimate`]) and the plan of its PPE payoff set and of its
/// stochastic-game analysis: the PPE set, the stochastic payoff sets and the truce's
/// critical δ are left out, with a note, when they would take the run beyond the budget
/// (`force`: the forced one); their estimates join the plan when they are computed.
pub fn run_plan(s: &Scenario, force: bool) -> (crate::budget::Plan, RunPlan) {
    let mut plan = estimate(s);
    let settings = RepeatedSettings::resolve(s.repeated.as_ref(), &Overrides::default());
    let Some(discount) = settings.discount.filter(|_| s.repeated.is_some()) else {
        return (plan, RunPlan::default());
    };
    let cfg = AnalysisConfig::from_settings(discount, &settings);
    let set = ppe_set_plan(s, &cfg, DEFAULT_DIRECTIONS, &plan, force);
    if let (Some(directions), Some(m), Some(d)) =
        (set.directions, s.monitored(), discount.as_common())
        && cfg.horizon == Horizon::Infinite
    {
        let set_cfg = crate::monitoring::ppe_set::PpeSetConfig {
            directions,
            ..Default::default()
        };
        if let Ok(e) = crate::monitoring::ppe_set::estimate(&s.game, &m.spec.signals, d, &set_cfg) {
            plan.push(e);
        }
    }
    let stochastic = stochastic_plan(
        s,
        &cfg,
        DEFAULT_DIRECTIONS,
        crate::stochastic::analysis::MpeScope::All,
        &plan,
        force,
    );
    plan.extend(stochastic.plan.clone());
    (plan, RunPlan { set, stochastic })
}

/// [`analyse`] with the parts `plan` plans (see [`run_plan`]).
pub fn analyse_with(s: &Scenario, plan: &RunPlan) -> Result<RunAnalysis, AnalysisError> {
    let set = &plan.set;
    let game = &s.game;
    let settings = RepeatedSettings::resolve(s.repeated.as_ref(), &Overrides::default());
    let stage = solve_stage(game, &SolveConfig::default())?;
    let disagreement = match &stage.security {
        Some(security) => Ok(Disagreement::from_security(security)),
        None => Disagreement::minmax(game),
    };
    let rubinstein_discount = settings.discount.map(|d| (d.row(), d.col()));
    let mut bargain = disagreement
        .ok()
        .and_then(|d| bargain::analyse(game, d, rubinstein_discount).ok());
    let declared = s
        .strategies
        .iter()
        .map(|spec| {
            automaton(game, spec).map_err(|e| AnalysisError::Strategy {
                name: spec.name.clone(),
                message: e.to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let tournament = if declared.is_empty() {
        None
    } else {
        let cfg = TournamentConfig {
            rounds: settings.match_rounds,
            repetitions: RUN_TOURNAMENT_REPETITIONS,
            noise: settings.noise.get(),
            seed: settings.seed,
        };
        round_robin(game, &default_field(game, declared.clone()), &cfg).ok()
    };
    let (mut repeated, mut spe_overlay, mut simulation) = (None, Vec::new(), None);
    // A stochastic game of several states has no single stage game to repeat.
    let one_stage_game = s.stochastic.as_ref().is_none_or(|sg| sg.game.len() == 1);
    let stochastic = stochastic_analysis(s, &plan.stochastic);
    if s.repeated.is_some()
        && one_stage_game
        && let Some(discount) = settings.discount
    {
        let cfg = AnalysisConfig::from_settings(discount, &settings);
        let facts = StageFacts::of_solution(game, &stage);
        let r = analyze_with(game, &s.strategies, &cfg, &facts);
        if let (Some(b), Some(spe)) = (bargain.as_mut(), &r.spe) {
            b.self_enforcing = Some(self_enforcing(
                b,
                spe.vertices.vertices(),
                spe.delta,
                spe_tolerance(game),
            ));
        }
        repeated = Some(r);
        if let (Some(d), Horizon::Infinite) = (discount.as_common(), settings.horizon) {
            spe_overlay = OVERLAY_DISCOUNTS
                .into_iter()
                .filter(|&x| x < d - OVERLAY_SEPARATION)
                .map(|x| abreu_sannikov(game, x, &AsConfig::default()))
                .filter(|set| set.exists)
                .collect();
        }
        let first = |p: Player| declared.iter().find(|a| a.player == p);
        if let (Some(row), Some(col)) = (first(Player::Row), first(Player::Col)) {
            let cfg = SimConfig {
                rounds: settings.rounds,
                noise: settings.noise.get(),
                seed: settings.seed,
                discount,
            };
            simulation = Some(NamedSimulation {
                row: row.name.clone(),
                col: col.name.clone(),
                simulation: simulate(game, row, col, &cfg),
            });
        }
    }
    let monitoring = repeated.as_ref().and_then(|r| {
        let cfg = AnalysisConfig {
            discount: r.discount,
            horizon: r.horizon,
            ..AnalysisConfig::from_settings(r.discount, &settings)
        };
        monitoring_analysis(s, r, &cfg, set)
    });
    let monitored_match = monitoring
        .as_ref()
        .zip(s.monitored())
        .and_then(|(a, m)| monitored_match(game, &m, a, &settings));
    let evolution = tournament
        .as_ref()
        .filter(|t| t.symmetric)
        .map(|t| replicator(&t.payoff_matrix, RUN_EVOLUTION_GENERATIONS, 5));
    let learning = fictitious_play(game, &FictitiousPlayConfig::for_game(game));
    let phase_portrait = phase_portrait(game);
    let mut sweeps = Vec::with_capacity(s.sweeps.len());
    for (index, request) in s.sweeps.iter().enumerate() {
        let mut points = Vec::with_capacity(request.points);
        crate::sweep::run(
            s,
            request,
            &Baseline::of(s),
            &mut |p| points.push(p),
            &|| {},
        )
        .map_err(|error| AnalysisError::Sweep {
            index,
            parameter: request.parameter.name().to_string(),
            error,
        })?;
        sweeps.push(SweepRun {
            request: request.clone(),
            points,
        });
    }
    Ok(RunAnalysis {
        settings,
        stage,
        bargain,
        tournament,
        repeated,
        spe_overlay,
        simulation,
        monitoring,
        monitored_match,
        evolution,
        learning,
        phase_portrait,
        sweeps,
        stochastic,
    })
}

/// The stochastic-game part of a command: its settings (δ, directions, which equilibria,
/// the truce), the notes on what it leaves out, and its estimated work.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StochasticPlan {
    /// The settings (`None` when the part does not apply: no `[[state]]` sections, or
    /// discount factors that differ between the players).
    pub config: Option<crate::stochastic::analysis::StochasticConfig>,
    /// What is left out, and why.
    pub notes: Vec<String>,
    /// The estimated work.
    pub plan: crate::budget::Plan,
}

/// The stochastic part's settings for scenario `s` under `cfg`, with `directions` for the
/// payoff sets and `scope` for the equilibria. The payoff sets, then the critical-δ search,
/// are left out (with a note) when they would take the work past the budget, given the
/// rest of the command's work `rest`.
pub fn stochastic_plan(
    s: &Scenario,
    cfg: &AnalysisConfig,
    directions: usize,
    scope: crate::stochastic::analysis::MpeScope,
    rest: &crate::budget::Plan,
    force: bool,
) -> StochasticPlan {
    use crate::stochastic::analysis::{self, DEFAULT_ROUNDS, SEARCH_DIRECTIONS, StochasticConfig};
    let mut out = StochasticPlan {
        config: None,
        notes: Vec::new(),
        plan: crate::budget::Plan::new(),
    };
    let Some(sg) = &s.stochastic else {
        return out;
    };
    let Some(delta) = cfg.discount.as_common() else {
        out.notes.push(format!(
            "the stochastic-game analysis is left out: it needs one discount factor for both \
             players, and they differ ({} and {})",
            cfg.discount.row(),
            cfg.discount.col()
        ));
        return out;
    };
    let truce =
        crate::repeated::analysis::truce_profile(&s.game, &s.strategies, cfg.truce).map(|t| t.0);
    let mut config = StochasticConfig {
        delta,
        directions: Some(directions),
        mpe: scope,
        rounds: DEFAULT_ROUNDS,
        truce,
        search_directions: truce
            .filter(|&t| analysis::truce_payoff(&sg.game, t).is_some())
            .map(|_| SEARCH_DIRECTIONS),
    };
    let limit = crate::budget::Plan::limit(force);
    let mut spent = rest.seconds();
    let parts = analysis::estimate(&sg.game, &config).unwrap_or_default();
    for e in parts {
        let searching = e.part.starts_with("the truce's critical δ");
        if spent + e.seconds() <= limit {
            spent += e.seconds();
            out.plan.push(e);
            continue;
        }
        let what = if searching {
            "the truce's critical δ is"
        } else {
            "the subgame-perfect payoff sets are"
        };
        let fix = if force {
            e.cheaper.clone()
        } else {
            format!("pass --force (up to an hour) or {}", e.cheaper)
        };
        out.notes.push(format!(
            "{what} left out: {} would take about {}, beyond the budget of {}; {fix}",
            e.part,
            crate::budget::duration_text(e.seconds()),
            crate::budget::duration_text(limit),
        ));
        if searching {
            config.search_directions = None;
        } else {
            config.directions = None;
            config.search_directions = None;
            break;
        }
    }
    out.config = Some(config);
    out
}

/// The stochastic-game analysis of `s` under `plan` (`None` when it does not apply), with
/// the plan's notes first.
pub fn stochastic_analysis(
    s: &Scenario,
    plan: &StochasticPlan,
) -> Option<crate::stochastic::analysis::StochasticAnalysis> {
    let (sg, cfg) = (s.stochastic.as_ref()?, plan.config.as_ref()?);
    let mut a = crate::stochastic::analysis::analyse(&sg.game, cfg);
    let mut notes = plan.notes.clone();
    notes.append(&mut a.notes);
    a.notes = notes;
    Some(a)
}
