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

fn plot_error(e: PlotError) -> AppError {
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
    let images = match image {
        ImageArg::Png => ImageKind::Png,
        ImageArg::Svg => ImageKind::Svg,
        ImageArg::Both => ImageKind::Both,
    };
    let written = stage_charts(&s, &dir, images).map_err(plot_error)?;
    let mut listing = String::new();
    for p in written {
        listing.push_str(&format!("wrote {}\n", p.display()));
    }
    Ok(listing)
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
