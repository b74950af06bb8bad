//! `truce repeat`: load the scenario, settle δ and the horizon from the flags and the
//! file, estimate the work, run [`truce::repeated::analysis::analyze_with`], render the report.

use crate::app::error::AppError;
use crate::cli::{FormatArg, RepeatArgs};
use truce::repeated::analysis::{AnalysisConfig, StageFacts, analyze_with, estimate};
use truce::report;

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
    let cfg = AnalysisConfig {
        path_rounds: args.path_rounds.min(10_000),
        points,
        ..AnalysisConfig::from_settings(discount, &settings)
    };
    let facts = StageFacts::of(&s.game);
    let plan = estimate(&s.game, &s.strategies, &cfg, &facts);
    let watch = super::progress::start(&plan, "repeat", args.force, ctx)?;
    let analysis = analyze_with(&s.game, &s.strategies, &cfg, &facts);
    drop(watch);
    Ok(match args.output.format {
        FormatArg::Text => {
            let mut out = report::header_text(&s);
            out.push_str(&report::repeated::repeat_text(&s, &analysis));
            out
        }
        FormatArg::Json => super::json_text(&report::repeated::repeat_json(&s, &analysis)),
    })
}
