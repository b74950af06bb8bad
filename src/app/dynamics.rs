//! `truce dynamics`: run one learning dynamic on the scenario's stage game and render it.

use crate::app::error::AppError;
use crate::cli::{DynamicsArgs, FormatArg};
use truce::budget::Plan;
use truce::dynamics::best_response::{BestResponseConfig, best_response_dynamics};
use truce::dynamics::fictitious_play::{FictitiousPlayConfig, fictitious_play};
use truce::dynamics::logit::{LogitConfig, logit_path};
use truce::dynamics::phase_portrait::phase_portrait;
use truce::dynamics::replicator_starts::{ReplicatorStartsConfig, replicator_starts};
use truce::dynamics::{DynamicsMethod, DynamicsResult, estimate};
use truce::report;
use truce::stage::vertex::extreme_equilibria;

/// Largest iteration cap accepted from the command line.
const MAX_ITERATIONS: usize = 100_000_000;

/// Most actions (both players together) for the logit path: each of its steps factors
/// dense matrices of that size, so much larger games would run for hours.
const MAX_LOGIT_ACTIONS: usize = 1000;

/// Runs `truce dynamics`.
pub fn run(args: &DynamicsArgs, ctx: &super::Context) -> Result<String, AppError> {
    let DynamicsArgs {
        file,
        method,
        iterations,
        rounds,
        out,
        image,
        output,
        force,
    } = args;
    let count = |flag: &str, value: Option<i64>| match value {
        None => Ok(None),
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|k| (1..=MAX_ITERATIONS).contains(k))
            .map(Some)
            .ok_or_else(|| {
                AppError::Usage(format!(
                    "{flag} {n}: give a number from 1 to {MAX_ITERATIONS}"
                ))
            }),
    };
    let iterations = &count("--iterations", *iterations)?;
    let rounds = &count("--rounds", *rounds)?;
    if rounds.is_some() && method.0 != DynamicsMethod::Fictitious {
        return Err(AppError::Usage(format!(
            "--rounds applies to --method fictitious (rounds of play); --method {} takes --iterations",
            method.0.name()
        )));
    }
    let s = super::load(file, ctx)?;
    let g = &s.game;
    let name = format!("dynamics --method {}", method.0.name());
    let mut plan = Plan::new();
    let result = match method.0 {
        DynamicsMethod::Fictitious => {
            let mut cfg = FictitiousPlayConfig::for_game(g);
            cfg.iterations = rounds.or(*iterations).unwrap_or(cfg.iterations);
            cfg.play_all = rounds.is_some();
            plan.push(estimate(g, method.0, cfg.iterations, 1));
            let _watch = super::progress::start(&plan, &name, *force, ctx)?;
            DynamicsResult::Fictitious(fictitious_play(g, &cfg))
        }
        DynamicsMethod::Replicator => {
            let mut cfg = ReplicatorStartsConfig::for_game(g);
            cfg.run.iterations = iterations.unwrap_or(cfg.run.iterations);
            plan.push(estimate(g, method.0, cfg.run.iterations, 1 + cfg.seeded));
            let _watch = super::progress::start(&plan, &name, *force, ctx)?;
            DynamicsResult::Replicator(replicator_starts(g, &cfg))
        }
        DynamicsMethod::BestResponse => {
            let mut cfg = BestResponseConfig::default();
            cfg.iterations = iterations.unwrap_or(cfg.iterations);
            plan.push(estimate(g, method.0, cfg.iterations, 1));
            let _watch = super::progress::start(&plan, &name, *force, ctx)?;
            DynamicsResult::BestResponse(best_response_dynamics(g, &cfg))
        }
        DynamicsMethod::Logit => {
            let (m, n) = g.shape();
            if m + n > MAX_LOGIT_ACTIONS {
                return Err(AppError::Usage(format!(
                    "{}: the logit path handles games with up to {MAX_LOGIT_ACTIONS} actions in all (this one has {}); use --method fictitious or replicator",
                    file.display(),
                    m + n
                )));
            }
            let mut cfg = LogitConfig::for_game(g);
            cfg.iterations = iterations.unwrap_or(cfg.iterations);
            plan.push(truce::dynamics::logit::estimate(g, &cfg));
            let _watch = super::progress::start(&plan, &name, *force, ctx)?;
            DynamicsResult::Logit(logit_path(g, &cfg))
        }
    };
    let mut written = Vec::new();
    if let Some(dir) = out {
        use truce::plot::{AnyChart, NamedChart, from_analysis};
        let method = result.method();
        let mut charts = vec![NamedChart::new(
            method.chart_stem(),
            AnyChart::Trajectory(from_analysis::trajectory_chart(
                &s,
                method,
                &result.outcome().trajectory,
            )),
        )];
        if method == DynamicsMethod::Replicator
            && let Some(portrait) = phase_portrait(g)
        {
            let equilibria = extreme_equilibria(g)
                .map_err(|e| AppError::Failed(format!("the phase portrait: {e}")))?
                .equilibria;
            charts.push(NamedChart::new(
                "phase_portrait",
                AnyChart::Phase(from_analysis::phase_portrait_chart(
                    g,
                    &portrait,
                    &equilibria,
                    &format!("{} — replicator dynamics", s.title),
                )),
            ));
        }
        written = super::run::write_chart_set(&charts, dir, *image, file)?;
    }
    Ok(match output.format {
        FormatArg::Text => {
            let mut t = report::dynamics::dynamics_text(&s, &result);
            for p in &written {
                t.push_str(&format!("wrote {}\n", p.display()));
            }
            t
        }
        FormatArg::Json => {
            let mut v = report::dynamics::dynamics_json(&s, &result);
            if !written.is_empty() {
                report::merge(
                    &mut v,
                    serde_json::json!({ "charts": written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>() }),
                );
            }
            super::json_text(&v)
        }
    })
}
