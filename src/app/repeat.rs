//! `truce repeat`: load the scenario, settle δ and the horizon from the flags and the
//! file, run [`crate::repeated::analysis::analyze`], render the report.

use crate::cli::{FormatArg, RepeatArgs};
use crate::error::AppError;
use crate::repeated::analysis::{AnalysisConfig, analyze};
use crate::report;
use crate::scenario::{self, Discount, Horizon};

/// Runs `truce repeat`.
pub(super) fn run(args: &RepeatArgs) -> Result<String, AppError> {
    let s = scenario::load_file(&args.file)?;
    let discount = match (args.delta, s.repeated.as_ref()) {
        (Some(d), _) => {
            if !(d.is_finite() && (0.0..1.0).contains(&d)) {
                return Err(AppError::Usage(format!(
                    "--delta {d}: the discount factor must be in [0, 1)"
                )));
            }
            Discount::common(d)
        }
        (None, Some(r)) => r.discount,
        (None, None) => {
            return Err(AppError::Usage(format!(
                "{}: the file gives no discount factor (no [repeated] section); pass --delta D with D in [0, 1)",
                args.file.display()
            )));
        }
    };
    let horizon = match args.horizon.as_deref() {
        None => s.repeated.map_or(Horizon::Infinite, |r| r.horizon),
        Some("infinite") => Horizon::Infinite,
        Some(t) => match t.parse::<usize>() {
            Ok(n) if (1..=crate::repeated::finite::MAX_ROUNDS).contains(&n) => Horizon::Finite(n),
            _ => {
                return Err(AppError::Usage(format!(
                    "--horizon {t}: give `infinite` or a number of rounds from 1 to {}",
                    crate::repeated::finite::MAX_ROUNDS
                )));
            }
        },
    };
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
        discount,
        horizon,
        noise: s.repeated.map_or(0.0, |r| r.noise),
        seed: args.seed.or(s.repeated.map(|r| r.seed)).unwrap_or(0),
        path_rounds: args.path_rounds.min(10_000),
        points,
        ..AnalysisConfig::default()
    };
    let analysis = analyze(&s.game, &s.strategies, &cfg);
    Ok(match args.output.format {
        FormatArg::Text => {
            let mut out = report::header_text(&s);
            out.push_str(&report::repeated::repeat_text(&s, &analysis));
            out
        }
        FormatArg::Json => super::json_text(&report::repeated::repeat_json(&s, &analysis)),
    })
}
