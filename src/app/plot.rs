//! `truce plot`: load a scenario, build its charts with [`crate::plot`], write them into
//! the output folder (default `plots/<file stem>/`) and list the files written.

use std::path::{Path, PathBuf};

use crate::cli::ImageArg;
use crate::error::AppError;
use crate::plot::{self, Chart, ImageKind, PlotError, Size};
use crate::scenario::{self, Scenario};

/// The default output folder of a scenario file: `plots/<file stem>/`.
pub fn default_out(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    Path::new("plots").join(stem)
}

/// A chart error as an application error (an unwritable folder is a write failure).
pub fn plot_error(e: PlotError) -> AppError {
    match e {
        PlotError::Write { path, message } => AppError::Write { path, message },
        other => AppError::Failed(other.to_string()),
    }
}

/// Writes every chart that applies to the scenario at `file`; returns the listing.
pub fn plot(file: &Path, out: Option<&Path>, image: ImageArg) -> Result<String, AppError> {
    let s = scenario::load_file(file)?;
    let dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_out(file));
    let results = super::run::analyse(&s)?;
    let written = all_charts(&s, &results, &dir, image_kind(image)).map_err(plot_error)?;
    let mut listing = String::new();
    for p in written {
        listing.push_str(&format!("wrote {}\n", p.display()));
    }
    Ok(listing)
}

/// The image kind named on the command line.
pub fn image_kind(image: ImageArg) -> ImageKind {
    match image {
        ImageArg::Png => ImageKind::Png,
        ImageArg::Svg => ImageKind::Svg,
        ImageArg::Both => ImageKind::Both,
    }
}

/// Every chart that applies to the scenario and its analysis, written into `dir`.
pub fn all_charts(
    s: &Scenario,
    results: &super::run::RunResults,
    dir: &Path,
    images: ImageKind,
) -> Result<Vec<PathBuf>, PlotError> {
    let heat = plot::from_game::stage_chart(&s.game, &format!("{} — stage game", s.title));
    let mut space =
        plot::from_game::payoff_space_chart(&s.game, &format!("{} — payoff space", s.title))?;
    if let Some(b) = &results.bargain {
        use plot::payoff_space::LabelledPoint;
        space
            .bargaining
            .push(LabelledPoint::new("Nash bargaining", b.nash.point));
        if b.kalai_smorodinsky.agreement {
            space.bargaining.push(LabelledPoint::new(
                "Kalai–Smorodinsky",
                b.kalai_smorodinsky.point,
            ));
        }
    }
    let mut written = write(&heat, dir, "stage_game", images)?;
    written.extend(write(&space, dir, "payoff_space", images)?);
    if let Some(t) = &results.tournament {
        let g = &s.game;
        let chart = plot::tournament::RankingChart {
            title: format!("{} — tournament ranking", s.title),
            score_label: "mean payoff per round (median over repetitions)".into(),
            entries: t
                .ranking
                .iter()
                .map(|r| plot::tournament::RankingEntry {
                    name: r.strategy.clone(),
                    group: r
                        .player
                        .map_or("either player".to_string(), |p| g.player(p).name.clone()),
                    score: r.median_payoff,
                })
                .collect(),
        };
        written.extend(write(&chart, dir, "tournament_ranking", images)?);
    }
    Ok(written)
}

/// The stage charts of a scenario (heatmap and payoff space), written into `dir`.
pub fn stage_charts(
    s: &Scenario,
    dir: &Path,
    images: ImageKind,
) -> Result<Vec<PathBuf>, PlotError> {
    let heat = plot::from_game::stage_chart(&s.game, &format!("{} — stage game", s.title));
    let space =
        plot::from_game::payoff_space_chart(&s.game, &format!("{} — payoff space", s.title))?;
    let mut written = write(&heat, dir, "stage_game", images)?;
    written.extend(write(&space, dir, "payoff_space", images)?);
    Ok(written)
}

fn write<C: Chart>(
    c: &C,
    dir: &Path,
    stem: &str,
    images: ImageKind,
) -> Result<Vec<PathBuf>, PlotError> {
    plot::write_chart(c, dir, stem, images, Size::default())
}
