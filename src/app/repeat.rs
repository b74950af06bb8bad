//! `truce repeat`: load the scenario, settle δ and the horizon from the flags and the
//! file, estimate the work, run [`truce::repeated::analysis::analyze_with`], render the report.

use crate::app::error::AppError;
use crate::cli::{FormatArg, RepeatArgs};
use truce::repeated::analysis::{AnalysisConfig, StageFacts, analyze_with, estimate};
use truce::repeated::paths::MAX_PATH_ROUNDS;
use truce::repeated::settings::Horizon;
use truce::report;
use truce::stochastic::analysis::MpeScope;

/// Runs `truce repeat`.
pub fn run(args: &RepeatArgs, ctx: &super::Context) -> Result<String, AppError> {
    let s = super::load(&args.file, ctx)?;
    let settings = super::RepeatedFlags {
        delta: args.delta,
        horizon: args.horizon.as_deref(),
        seed: args.seed,
        ..Default::default()
    }
    .resolve(&s)?;
    let discount = settings.discount.ok_or_else(|| {
        AppError::Usage(format!(
            "{}: the file gives no discount factor (no [repeated] section); pass --delta D with D in [0, 1)",
            args.file.display()
        ))
    })?;
    let mut points = Vec::new();
    for p in &args.points {
        let parsed: Option<(f64, f64)> = p.split_once(',').and_then(|(u, v)| {
            let u: f64 = u.trim().parse().ok()?;
            let v: f64 = v.trim().parse().ok()?;
            (u.is_finite() && v.is_finite()).then_some((u, v))
        });
        match parsed {
            Some(x) => points.push(x),
            None => {
                return Err(AppError::Usage(format!(
                    "--point {p}: give a payoff pair as U,V (for example --point 3,4.5)"
                )));
            }
        }
    }
    // The paths are built from the subgame-perfect payoff set of the infinitely repeated
    // game at one common δ; without it, their flags would be dropped without a word.
    let no_paths = match (settings.horizon, discount.as_common()) {
        (Horizon::Finite(t), _) => Some(format!("this game is repeated {t} rounds")),
        (Horizon::Infinite, None) => Some(format!(
            "the players' discount factors differ ({} and {})",
            discount.row(),
            discount.col()
        )),
        (Horizon::Infinite, Some(_)) => None,
    };
    if let Some(why) = no_paths {
        let given: Vec<&str> = [
            (!args.points.is_empty(), "--point"),
            (args.path_rounds.is_some(), "--path-rounds"),
            (args.seed.is_some(), "--seed"),
        ]
        .into_iter()
        .filter_map(|(g, f)| g.then_some(f))
        .collect();
        if !given.is_empty() {
            return Err(AppError::Usage(format!(
                "{} concern{} the equilibrium paths, which exist for an infinitely repeated game with one common discount factor, and {why}; drop {}",
                given.join(", "),
                if given.len() == 1 { "s" } else { "" },
                if given.len() == 1 { "it" } else { "them" }
            )));
        }
    }
    let mut cfg = AnalysisConfig {
        points,
        ..AnalysisConfig::from_settings(discount, &settings)
    };
    if let Some(n) = args.path_rounds {
        cfg.path_rounds = usize::try_from(n)
            .ok()
            .filter(|k| (1..=MAX_PATH_ROUNDS).contains(k))
            .ok_or_else(|| {
                AppError::Usage(format!(
                    "--path-rounds {n}: give a number from 1 to {MAX_PATH_ROUNDS}"
                ))
            })?;
    }
    let mut directions = truce::monitoring::ppe_set::DEFAULT_DIRECTIONS;
    if let Some(n) = args.directions {
        use truce::monitoring::ppe_set::MAX_DIRECTIONS;
        if s.monitoring.is_none() && s.stochastic.is_none() {
            return Err(AppError::Usage(format!(
                "--directions concerns the perfect public equilibrium payoffs of a scenario with \
                 a [monitoring] section, or the payoff sets of one with [[state]] sections, and \
                 {} has neither; drop --directions",
                args.file.display()
            )));
        }
        directions = usize::try_from(n)
            .ok()
            .filter(|k| (3..=MAX_DIRECTIONS).contains(k))
            .ok_or_else(|| {
                AppError::Usage(format!(
                    "--directions {n}: give a number from 3 to {MAX_DIRECTIONS}"
                ))
            })?;
    }
    if args.mpe.is_some() && s.stochastic.is_none() {
        return Err(AppError::Usage(format!(
            "--mpe concerns the Markov perfect equilibria of a stochastic game, and {} has no \
             [[state]] sections; drop --mpe",
            args.file.display()
        )));
    }
    let scope = match args.mpe {
        Some(crate::cli::MpeArg::Pure) => MpeScope::Pure,
        _ => MpeScope::All,
    };
    // A stochastic game of several states has no single stage game to repeat: its report
    // is the stochastic one alone.
    if let Some(sg) = s.stochastic.as_ref().filter(|sg| sg.game.len() > 1) {
        let plan = truce::analysis::stochastic_plan(
            &s,
            &cfg,
            directions,
            scope,
            &truce::budget::Plan::new(),
            args.force,
        );
        let watch = super::progress::start(&plan.plan, "repeat", args.force, ctx)?;
        let a = truce::analysis::stochastic_analysis(&s, &plan);
        drop(watch);
        return Ok(match (args.output.format, a) {
            (FormatArg::Text, Some(a)) => {
                let mut out = report::header_text(&s);
                out.push_str(&report::stochastic::stochastic_text(sg, &a));
                out
            }
            (FormatArg::Json, Some(a)) => {
                let mut v = serde_json::json!({ "delta": a.delta });
                report::merge(&mut v, report::stochastic::stochastic_json(sg, &a));
                super::json_text(&report::with_game(&s, v))
            }
            (_, None) => {
                return Err(AppError::Usage(format!(
                    "{}: {}; give one discount factor (--delta D)",
                    args.file.display(),
                    plan.notes.join("; ")
                )));
            }
        });
    }
    let facts = StageFacts::of(&s.game);
    let mut plan = estimate(&s.game, &s.strategies, &cfg, &facts);
    plan.extend(truce::analysis::monitoring_estimate(&s, &cfg, None));
    let set = truce::analysis::ppe_set_plan(&s, &cfg, directions, &plan, args.force);
    if set.directions.is_some() {
        plan = estimate(&s.game, &s.strategies, &cfg, &facts);
        plan.extend(truce::analysis::monitoring_estimate(
            &s,
            &cfg,
            set.directions,
        ));
    }
    let stochastic =
        truce::analysis::stochastic_plan(&s, &cfg, directions, scope, &plan, args.force);
    plan.extend(stochastic.plan.clone());
    let watch = super::progress::start(&plan, "repeat", args.force, ctx)?;
    let analysis = analyze_with(&s.game, &s.strategies, &cfg, &facts);
    let monitoring = truce::analysis::monitoring_analysis(&s, &analysis, &cfg, &set);
    let states = truce::analysis::stochastic_analysis(&s, &stochastic);
    drop(watch);
    let sg = s.stochastic.as_ref();
    Ok(match args.output.format {
        FormatArg::Text => {
            let mut out = report::header_text(&s);
            out.push_str(&report::repeated::repeat_text(
                &s,
                &analysis,
                monitoring.as_ref(),
            ));
            if let (Some(sg), Some(a)) = (sg, &states) {
                out.push_str(&report::stochastic::stochastic_text(sg, a));
            }
            out
        }
        FormatArg::Json => {
            let mut v = report::repeated::repeat_json(&s, &analysis, monitoring.as_ref());
            if let (Some(sg), Some(a)) = (sg, &states) {
                report::merge(&mut v, report::stochastic::stochastic_json(sg, a));
            }
            super::json_text(&v)
        }
    })
}
