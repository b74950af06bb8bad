//! `truce tournament`: build the field (the scenario's strategies and the library's), run
//! the round robin and the evolutionary dynamics, render the result.

use crate::app::error::AppError;
use crate::cli::{TableFormatArg, TournamentArgs};
use truce::budget::Plan;
use truce::repeated::strategies::automaton;
use truce::report::tournament as render;
use truce::tournament::evolution::{self, moran, replicator};
use truce::tournament::{TournamentConfig, default_field, estimate, round_robin};

/// Most repetitions of the round robin.
const MAX_REPETITIONS: usize = 100_000;

/// Most generations of the replicator dynamics over the shares.
const MAX_GENERATIONS: usize = 10_000_000;

/// Largest population of the Moran process.
const MAX_POPULATION: usize = 100_000;

/// Runs `truce tournament`.
pub fn run(args: &TournamentArgs, ctx: &super::Context) -> Result<String, AppError> {
    let TournamentArgs {
        file,
        rounds,
        repetitions,
        noise,
        seed,
        generations,
        population,
        format,
        force,
    } = args;
    let s = super::load(file, ctx)?;
    let settings = super::RepeatedFlags {
        rounds: *rounds,
        noise: *noise,
        seed: *seed,
        ..Default::default()
    }
    .resolve(&s)?;
    let count = |flag: &str, value: i64, range: std::ops::RangeInclusive<usize>| {
        usize::try_from(value)
            .ok()
            .filter(|v| range.contains(v))
            .ok_or_else(|| {
                AppError::Usage(format!(
                    "{flag} {value}: give a number from {} to {}",
                    range.start(),
                    range.end()
                ))
            })
    };
    let repetitions = count("--repetitions", *repetitions, 1..=MAX_REPETITIONS)?;
    let generations = count("--generations", *generations, 1..=MAX_GENERATIONS)?;
    let population = count("--population", *population, 2..=MAX_POPULATION)?;
    let cfg = TournamentConfig {
        rounds: settings.match_rounds,
        repetitions,
        noise: settings.noise.get(),
        seed: settings.seed,
    };
    let declared = s
        .strategies
        .iter()
        .map(|spec| {
            automaton(&s.game, spec)
                .map_err(|e| AppError::Failed(format!("strategy {}: {e}", spec.name)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let field = default_field(&s.game, declared);
    let steps = generations.saturating_mul(population);
    let mut plan = Plan::new();
    plan.push(estimate(&s.game, &field, &cfg));
    plan.push(evolution::estimate(field.len(), generations, steps));
    let watch = super::progress::start(&plan, "tournament", *force, ctx)?;
    let result = round_robin(&s.game, &field, &cfg);
    let result = result.map_err(|e| AppError::Usage(format!("{}: {e}", file.display())))?;
    let evolution = result.symmetric.then(|| {
        let m = &result.payoff_matrix;
        (
            replicator(m, generations, (generations / 200).max(1)),
            moran(m, population, steps, (steps / 200).max(1), cfg.seed),
        )
    });
    drop(watch);
    Ok(match format {
        TableFormatArg::Text => render::text(&s, &result, evolution.as_ref()),
        TableFormatArg::Json => {
            crate::app::json_text(&render::json(&s, &result, evolution.as_ref()))
        }
        TableFormatArg::Csv => render::csv(&s, &result),
    })
}
