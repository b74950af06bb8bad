//! The `solve` command: map the flags to a [`SolveConfig`], run
//! [`solve_stage`], render the result.

use crate::app::error::AppError;
use crate::cli::{FormatArg, SolveArgs};
use truce::report;
use truce::report::equilibria::{solution_json, solution_text};
use truce::stage::solution::{Labels, SolveConfig, SolveError, solve_stage};

/// A stage-solver error as the command line words it, with the flag that gets round it.
pub fn solve_error(e: SolveError) -> AppError {
    match e {
        SolveError::TooLarge {
            forcible: false, ..
        } => AppError::Usage(format!(
            "{e}; use --method lh, which finds equilibria of games of any size (--all-labels for several)"
        )),
        SolveError::TooLarge {
            forcible: true,
            hard,
            ..
        } => AppError::Usage(format!(
            "{e}; use --method lh for an equilibrium quickly, or pass --force to enumerate anyway (up to the work of a {hard}x{hard} game)"
        )),
        SolveError::ExactUnsupported { .. } => {
            AppError::Usage("--exact works with --method pure, vertex or all".into())
        }
        e @ SolveError::LabelOutOfRange { .. } => AppError::Usage(format!("--{e}")),
        SolveError::LabelsWithoutLh {
            method,
            labels,
            by_default,
        } => AppError::Usage(format!(
            "{} applies to --method lh only; {}; add --method lh",
            match labels {
                Labels::All => "--all-labels",
                _ => "--label",
            },
            if by_default {
                format!(
                    "without --method this game is solved by {} (every extreme equilibrium), which follows no Lemke-Howson path",
                    method.name()
                )
            } else {
                format!("--method {} follows no Lemke-Howson path", method.name())
            }
        )),
        SolveError::Request(m) => AppError::Usage(m),
        e @ SolveError::OverBudget(_) => AppError::Usage(e.to_string()),
        other => AppError::Failed(other.to_string()),
    }
}

/// Runs `truce solve`.
pub fn run(args: &SolveArgs, ctx: &super::Context) -> Result<String, AppError> {
    let s = &super::load(&args.file, ctx)?;
    let format = args.output.format;
    let method = args.method.map(|m| m.0);
    let cfg = SolveConfig {
        method,
        labels: match (args.all_labels, args.label) {
            (true, _) => Labels::All,
            (false, Some(k)) => Labels::One(k),
            (false, None) => Labels::Default,
        },
        exact: args.exact,
        force: args.force,
        ..SolveConfig::default()
    };
    let mut plan = truce::budget::Plan::new();
    if args.exact
        && matches!(
            method,
            Some(truce::stage::solution::Method::Vertex | truce::stage::solution::Method::All)
                | None
        )
    {
        plan.push(truce::stage::solution::exact_enumeration_estimate(&s.game));
    }
    let watch = super::progress::start(&plan, "solve", true, ctx)?;
    let sol = solve_stage(&s.game, &cfg).map_err(solve_error)?;
    drop(watch);
    Ok(match format {
        FormatArg::Text => {
            let mut out = report::header_text(s);
            out.push_str(&solution_text(&s.game, &sol));
            out
        }
        FormatArg::Json => {
            let mut v = serde_json::json!({ "game": report::game_json(s) });
            report::merge(&mut v, solution_json(&s.game, &sol));
            super::json_text(&v)
        }
    })
}
