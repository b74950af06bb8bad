//! `truce run` and `truce plot`: load the scenario, run [`truce::analysis::analyse`],
//! write its charts into the output folder, then render the report (`run`) or list the
//! files written (`plot`).

use std::path::{Path, PathBuf};

use truce::analysis::{AnalysisError, RunAnalysis};
use truce::plot::{self, ImageKind, PlotError};
use truce::report;
use truce::scenario::Scenario;

use crate::app::error::AppError;
use crate::cli::{FormatArg, ImageArg, PlotArgs, RunArgs};

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

/// The image kind named on the command line.
pub fn image_kind(image: ImageArg) -> ImageKind {
    match image {
        ImageArg::Png => ImageKind::Png,
        ImageArg::Svg => ImageKind::Svg,
        ImageArg::Both => ImageKind::Both,
    }
}

/// Writes `charts` into `dir` as one set ([`truce::atomic::FileSet`]): rendered into a
/// staging folder, then moved into place together, so an interrupted run leaves the
/// folder's earlier charts as they were; a chart file that is the input file `input`
/// (through a link, say) is refused before anything is moved. Returns the files written.
pub fn write_chart_set(
    charts: &[plot::NamedChart],
    dir: &Path,
    image: ImageArg,
    input: &Path,
) -> Result<Vec<PathBuf>, AppError> {
    let set = truce::atomic::FileSet::begin(dir)?;
    let staged =
        plot::write_charts(charts, set.staging(), image_kind(image)).map_err(plot_error)?;
    super::outputs::refuse_input(&set.targets(&staged), input)?;
    Ok(set.commit(&staged)?)
}

/// An analysis error as an application error: a declared sweep that fails is the
/// file's fault (exit 2), anything else a failure (exit 1).
fn analysis_error(e: AnalysisError) -> AppError {
    match e {
        e @ AnalysisError::Sweep { .. } => AppError::Usage(e.to_string()),
        e => AppError::Failed(e.to_string()),
    }
}

/// Loads and analyses `file`, then writes its charts (unless `no_charts`) into `out` or
/// the default folder.
fn analyse_and_chart(
    file: &Path,
    out: Option<&Path>,
    image: ImageArg,
    no_charts: bool,
    force: bool,
    ctx: &super::Context,
) -> Result<(Scenario, RunAnalysis, Vec<PathBuf>), AppError> {
    let s = super::load(file, ctx)?;
    let (plan, run_plan) = truce::analysis::run_plan(&s, force);
    let watch = super::progress::start(&plan, "run", force, ctx)?;
    let analysis = truce::analysis::analyse_with(&s, &run_plan).map_err(analysis_error)?;
    drop(watch);
    let written = if no_charts {
        Vec::new()
    } else {
        let dir = out.map_or_else(|| default_out(file), Path::to_path_buf);
        let charts = plot::from_analysis::run_charts(&s, &analysis);
        write_chart_set(&charts, &dir, image, file)?
    };
    Ok((s, analysis, written))
}

/// Runs `truce run`.
pub fn run(args: &RunArgs, ctx: &super::Context) -> Result<String, AppError> {
    let (s, analysis, charts) = analyse_and_chart(
        &args.file,
        args.out.as_deref(),
        args.image,
        args.no_charts,
        args.force,
        ctx,
    )?;
    Ok(match args.output.format {
        FormatArg::Text => report::run::run_text(&s, &analysis, &charts),
        FormatArg::Json => super::json_text(&report::run::run_json(&s, &analysis, &charts)),
    })
}

/// Runs `truce plot`: every chart of `run`, without the report; lists the files written.
pub fn plot(args: &PlotArgs, ctx: &super::Context) -> Result<String, AppError> {
    let (_, _, written) = analyse_and_chart(
        &args.file,
        args.out.as_deref(),
        args.image,
        false,
        args.force,
        ctx,
    )?;
    Ok(written
        .iter()
        .map(|p| format!("wrote {}\n", p.display()))
        .collect())
}
