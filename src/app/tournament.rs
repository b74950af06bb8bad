//! `truce tournament`: build the field (the scenario's strategies and the library's), run
//! the round robin and the evolutionary dynamics, render the result.

use crate::cli::{Command, TableFormatArg};
use crate::error::AppError;
use crate::repeated::strategies::automaton;
use crate::report::tournament as render;
use crate::scenario;
use crate::tournament::evolution::{moran, replicator};
use crate::tournament::{TournamentConfig, default_field, round_robin_with_progress};

/// Runs `truce tournament`.
pub fn run(cmd: &Command, quiet: bool) -> Result<String, AppError> {
    let Command::Tournament {
        file,
        rounds,
        repetitions,
        noise,
        seed,
        generations,
        population,
        format,
    } = cmd
    else {
        return Err(AppError::Usage("not a tournament command".into()));
    };
    let s = scenario::load_file(file)?;
    let spec = s.repeated.as_ref();
    let cfg = TournamentConfig {
        rounds: rounds.or(spec.map(|r| r.rounds)).unwrap_or(200),
        repetitions: *repetitions,
        noise: noise.or(spec.map(|r| r.noise)).unwrap_or(0.0),
        seed: seed.or(spec.map(|r| r.seed)).unwrap_or(0),
    };
    if !(1..=1_000_000).contains(&cfg.rounds) {
        return Err(AppError::Usage(format!(
            "--rounds {}: give a number from 1 to 1000000",
            cfg.rounds
        )));
    }
    if !(1..=100_000).contains(&cfg.repetitions) {
        return Err(AppError::Usage(format!(
            "--repetitions {}: give a number from 1 to 100000",
            cfg.repetitions
        )));
    }
    if !(cfg.noise.is_finite() && (0.0..=1.0).contains(&cfg.noise)) {
        return Err(AppError::Usage(format!(
            "--noise {}: a probability in [0, 1]",
            cfg.noise
        )));
    }
    if *generations > 10_000_000 || !(2..=100_000).contains(population) {
        return Err(AppError::Usage(
            "--generations at most 10000000 and --population from 2 to 100000".into(),
        ));
    }
    let declared = s
        .strategies
        .iter()
        .map(|spec| {
            automaton(&s.game, spec)
                .map_err(|e| AppError::Failed(format!("strategy {}: {e}", spec.name)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let field = default_field(&s.game, declared);
    let bar = super::progress_bar(cfg.repetitions as u64, "tournament", "repetitions", quiet);
    let result =
        round_robin_with_progress(&s.game, &field, &cfg, &|done| bar.set_position(done as u64));
    bar.finish_and_clear();
    let result = result.map_err(|e| AppError::Usage(format!("{}: {e}", file.display())))?;
    let evolution = result.symmetric.then(|| {
        let m = &result.payoff_matrix;
        let steps = generations.saturating_mul(*population);
        (
            replicator(m, *generations, (*generations / 200).max(1)),
            moran(m, *population, steps, (steps / 200).max(1), cfg.seed),
        )
    });
    Ok(match format {
        TableFormatArg::Text => render::text(&s, &result, evolution.as_ref()),
        TableFormatArg::Json => {
            crate::app::json_text(&render::json(&s, &result, evolution.as_ref()))
        }
        TableFormatArg::Csv => render::csv(&s, &result),
    })
}
