//! Charts of every analysis, drawn with plotters to PNG and SVG.
//!
//! This module owns the pictures and nothing else: each chart kind has a plain input
//! struct (player and action names as strings, numbers as `f64`) and a [`Chart`]
//! implementation that draws it. The structs are filled from result structs in one
//! place, [`from_analysis`]; nothing here solves anything. It is the only module that
//! imports plotters.
//!
//! | file | chart |
//! |---|---|
//! | [`from_analysis`] | every chart struct filled from result structs (the list of a run's charts: [`from_analysis::run_charts`]) |
//! | [`heatmap`] | the bimatrix as an annotated heatmap, best responses and equilibria marked |
//! | [`payoff_space`] | feasible set, individually rational region, minmax, equilibria, SPE sets, Pareto frontier, bargaining points, a trail of continuation payoffs |
//! | [`path`] | a play path round by round: action strips, noise, payoffs |
//! | [`discount`] | critical discount factors per target profile and punishment |
//! | [`dynamics`] | mixed strategies over time; the 2×2 phase portrait |
//! | [`tournament`] | tournament ranking bars; population shares over generations |
//! | [`sweep`] | how equilibria, critical δ, SPE payoffs and strategy values move with a parameter |
//!
//! Text is drawn with the DejaVu Sans font bundled in the binary ([`font`]), so charts
//! render on machines without system fonts, and shortened for the picture in one place
//! ([`text`]: a long name to 40 characters, any text to 300), so no name, however long,
//! slows the layout down. Files are written through
//! [`crate::atomic::write_file`].
//!
//! ```
//! use truce::game::Game;
//! use truce::plot::{Size, from_analysis, svg_string};
//! use truce::stage::solution::{SolveConfig, solve_stage};
//! let pd = Game::from_rows(&[vec![3.0, 0.0], vec![5.0, 1.0]],
//!                          &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap();
//! let stage = solve_stage(&pd, &SolveConfig::default()).unwrap();
//! let chart = from_analysis::payoff_space_chart(&pd, &stage, "Prisoner's dilemma").unwrap();
//! let svg = svg_string(&chart, Size::default()).unwrap();
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("Pareto frontier"));
//! ```

pub mod discount;
pub mod dynamics;
pub mod font;
pub mod from_analysis;
pub mod heatmap;
pub mod output;
pub mod path;
pub mod payoff_space;
pub mod style;
pub mod sweep;
pub mod text;
pub mod tournament;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
use text::ShortText;

pub use discount::{CriticalDelta, DiscountChart, DiscountTarget};
pub use dynamics::{PhaseChart, PhaseTrajectory, TrajectoryChart};
pub use heatmap::{MixedProfile, StageChart};
pub use path::{PathChart, PathRound};
pub use payoff_space::{LabelledPoint, PayoffSpaceChart, SpeSet};
pub use sweep::SweepChart;
pub use tournament::{PopulationChart, PopulationPanel, RankingChart, RankingEntry};

/// Which image files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// A PNG bitmap.
    Png,
    /// An SVG vector drawing.
    Svg,
    /// Both, side by side with the same stem.
    Both,
}

/// Image size in pixels (SVG user units for SVG).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Default for Size {
    /// 1200 × 800, the size every chart is laid out for.
    fn default() -> Self {
        Size {
            width: 1200,
            height: 800,
        }
    }
}

/// What went wrong while drawing or writing a chart.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlotError {
    /// The bundled font could not be registered.
    #[error("cannot load the bundled font: {0}")]
    Font(String),
    /// The chart's data is inconsistent (a matrix of the wrong shape, an unknown action).
    #[error("chart data: {0}")]
    Data(String),
    /// The drawing backend failed.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// The PNG encoder failed.
    #[error("png encoding failed: {0}")]
    Encode(String),
    /// A file or folder could not be written.
    #[error("{path}: cannot write: {message}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why, with a hint.
        message: String,
    },
}

impl From<crate::atomic::WriteError> for PlotError {
    fn from(e: crate::atomic::WriteError) -> Self {
        PlotError::Write {
            path: e.path,
            message: e.message,
        }
    }
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(e.to_string())
    }
}

/// A chart: data that knows how to draw itself on any plotters backend.
pub trait Chart {
    /// The chart's title (drawn at the top; also used in file listings).
    fn title(&self) -> &str;

    /// Checks the data and draws the whole chart on `root` (which it fills).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>;
}

/// Any chart of truce, so that a list of charts of different kinds can be handed on
/// (the [`Chart`] trait is generic over the backend and so not object-safe).
#[derive(Debug, Clone)]
pub enum AnyChart {
    /// The stage-game heatmap.
    Stage(StageChart),
    /// The payoff space.
    PayoffSpace(Box<PayoffSpaceChart>),
    /// A path of play.
    Path(PathChart),
    /// Critical discount factors.
    Discount(DiscountChart),
    /// Mixed strategies over time.
    Trajectory(TrajectoryChart),
    /// The 2×2 phase portrait.
    Phase(PhaseChart),
    /// Tournament ranking.
    Ranking(RankingChart),
    /// Population shares over generations.
    Population(PopulationChart),
    /// A parameter sweep.
    Sweep(SweepChart),
}

impl Chart for AnyChart {
    fn title(&self) -> &str {
        match self {
            AnyChart::Stage(c) => c.title(),
            AnyChart::PayoffSpace(c) => c.title(),
            AnyChart::Path(c) => c.title(),
            AnyChart::Discount(c) => c.title(),
            AnyChart::Trajectory(c) => c.title(),
            AnyChart::Phase(c) => c.title(),
            AnyChart::Ranking(c) => c.title(),
            AnyChart::Population(c) => c.title(),
            AnyChart::Sweep(c) => c.title(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        match self {
            AnyChart::Stage(c) => c.draw(root),
            AnyChart::PayoffSpace(c) => c.draw(root),
            AnyChart::Path(c) => c.draw(root),
            AnyChart::Discount(c) => c.draw(root),
            AnyChart::Trajectory(c) => c.draw(root),
            AnyChart::Phase(c) => c.draw(root),
            AnyChart::Ranking(c) => c.draw(root),
            AnyChart::Population(c) => c.draw(root),
            AnyChart::Sweep(c) => c.draw(root),
        }
    }
}

/// A chart with the file stem it is written under (`stage_game`, `payoff_space`, …).
#[derive(Debug, Clone)]
pub struct NamedChart {
    /// File name without extension.
    pub stem: String,
    /// The chart.
    pub chart: AnyChart,
}

impl NamedChart {
    /// A chart to be written as `stem.png` / `stem.svg`.
    pub fn new(stem: impl Into<String>, chart: AnyChart) -> Self {
        NamedChart {
            stem: stem.into(),
            chart,
        }
    }
}

/// Writes each chart of `charts` into `dir` ([`write_chart`] at the default size);
/// returns the files written, in order.
pub fn write_charts(
    charts: &[NamedChart],
    dir: &Path,
    images: ImageKind,
) -> Result<Vec<PathBuf>, PlotError> {
    let mut written = Vec::new();
    for c in charts {
        written.extend(write_chart(
            &c.chart,
            dir,
            &c.stem,
            images,
            Size::default(),
        )?);
    }
    Ok(written)
}

/// Renders `chart` as a PNG file in memory.
pub fn png_bytes<C: Chart>(chart: &C, size: Size) -> Result<Vec<u8>, PlotError> {
    font::ensure_fonts()?;
    check_size(size)?;
    let (w, h) = (size.width, size.height);
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = ShortText(BitMapBackend::with_buffer(&mut rgb, (w, h))).into_drawing_area();
        chart.draw(&root)?;
        root.present()?;
    }
    output::encode_png(&rgb, w, h)
}

/// Renders `chart` as an SVG document.
pub fn svg_string<C: Chart>(chart: &C, size: Size) -> Result<String, PlotError> {
    font::ensure_fonts()?;
    check_size(size)?;
    let mut svg = String::new();
    {
        let root = ShortText(SVGBackend::with_string(&mut svg, (size.width, size.height)))
            .into_drawing_area();
        chart.draw(&root)?;
        root.present()?;
    }
    Ok(svg)
}

fn check_size(size: Size) -> Result<(), PlotError> {
    if size.width < 200 || size.height < 150 || size.width > 10_000 || size.height > 10_000 {
        return Err(PlotError::Data(format!(
            "image size {}x{} is outside 200x150 .. 10000x10000",
            size.width, size.height
        )));
    }
    Ok(())
}

/// Renders `chart` and writes `dir/stem.png` and/or `dir/stem.svg` atomically, creating
/// `dir` if needed. Returns the files written, in order.
pub fn write_chart<C: Chart>(
    chart: &C,
    dir: &Path,
    stem: &str,
    images: ImageKind,
    size: Size,
) -> Result<Vec<PathBuf>, PlotError> {
    crate::atomic::ensure_dir(dir)?;
    let mut written = Vec::new();
    if matches!(images, ImageKind::Png | ImageKind::Both) {
        let path = dir.join(format!("{stem}.png"));
        crate::atomic::write_file(&path, &png_bytes(chart, size)?)?;
        written.push(path);
    }
    if matches!(images, ImageKind::Svg | ImageKind::Both) {
        let path = dir.join(format!("{stem}.svg"));
        crate::atomic::write_file(&path, svg_string(chart, size)?.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
