//! Parameter sweeps: how the analysis moves with one parameter. [`SweepChart`] stacks
//! panels that share the horizontal axis (the swept parameter); each panel holds lines,
//! point markers or shaded bands. [`crate::plot::from_analysis::sweep_points_chart`] fills it from the points of
//! [`crate::sweep`]: the stage equilibria's payoffs, the truce's critical discount factors
//! against the δ in use, the range of subgame-perfect payoffs, and the values of the
//! declared strategy pairs.

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

use super::style::{
    COL_COLOUR, GREY, Layout, LegendEntry, Marker, ROW_COLOUR, Swatch, draw_marker, draw_polyline,
    drawable_range, mix, non_decreasing, num, series_colour,
};
use super::{Chart, PlotError};
use crate::tolerance::CHART_FLAT_RANGE;

/// Whose colour a series has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Tint {
    /// The row player's colour.
    Row,
    /// The column player's colour.
    Col,
    /// The `k`-th series colour.
    Series(usize),
    /// Grey (reference lines).
    Grey,
}

impl Tint {
    fn colour(self) -> RGBColor {
        match self {
            Tint::Row => ROW_COLOUR,
            Tint::Col => COL_COLOUR,
            Tint::Series(k) => series_colour(k),
            Tint::Grey => GREY,
        }
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Style {
    /// A line through the points (broken where a value is NaN); dashed when set.
    Line {
        /// Dashed.
        dashed: bool,
    },
    /// One marker per point; filled dots, or open diamonds when `open`.
    Markers {
        /// Open diamonds instead of dots.
        open: bool,
    },
    /// A shaded band from the points (lower edge) up to `upper`, one value per point
    /// (NaN in either leaves a gap).
    Band {
        /// Upper edge.
        upper: Vec<f64>,
    },
}

/// One series of a panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Legend text.
    pub label: String,
    /// Colour.
    pub tint: Tint,
    /// How it is drawn.
    pub style: Style,
    /// `(parameter value, y)`; NaN `y` is a gap.
    pub points: Vec<(f64, f64)>,
}

/// One panel: a vertical axis and its series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    /// Heading of the panel's legend block.
    pub heading: String,
    /// Vertical axis title.
    pub y_label: String,
    /// Fixed vertical range, or `None` to fit the data.
    pub y_range: Option<(f64, f64)>,
    /// Series, drawn in order.
    pub series: Vec<Series>,
}

/// Input of the sweep chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepChart {
    /// Chart title.
    pub title: String,
    /// The horizontal axis title (the swept parameter).
    pub x_label: String,
    /// Panels from top to bottom.
    pub panels: Vec<Panel>,
}

impl SweepChart {
    fn x_range(&self) -> Result<(f64, f64), PlotError> {
        let xs: Vec<f64> = self
            .panels
            .iter()
            .flat_map(|p| p.series.iter())
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        if xs.is_empty() {
            return Err(PlotError::Data(
                "a sweep chart needs at least one point".into(),
            ));
        }
        if xs.iter().any(|x| !x.is_finite()) {
            return Err(PlotError::Data(
                "a parameter value of the sweep is not finite".into(),
            ));
        }
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        drawable_range(lo, hi, "the parameter values")?;
        Ok(if hi - lo > CHART_FLAT_RANGE {
            (lo, hi)
        } else {
            (lo - 0.5, lo + 0.5)
        })
    }

    fn validate(&self) -> Result<(), PlotError> {
        if self.panels.is_empty() {
            return Err(PlotError::Data("a sweep chart needs a panel".into()));
        }
        for p in &self.panels {
            for s in &p.series {
                if let Style::Band { upper } = &s.style
                    && upper.len() != s.points.len()
                {
                    return Err(PlotError::Data(format!(
                        "band {:?}: {} upper values for {} points",
                        s.label,
                        upper.len(),
                        s.points.len()
                    )));
                }
                if !matches!(s.style, Style::Markers { .. })
                    && !non_decreasing(&s.points.iter().map(|p| p.0).collect::<Vec<_>>())
                    && !non_decreasing(&s.points.iter().rev().map(|p| p.0).collect::<Vec<_>>())
                {
                    return Err(PlotError::Data(format!(
                        "series {:?}: the parameter values are not in order",
                        s.label
                    )));
                }
                if s.points.iter().any(|p| p.1.is_infinite()) {
                    return Err(PlotError::Data(format!(
                        "series {:?}: a value is infinite",
                        s.label
                    )));
                }
            }
        }
        Ok(())
    }
}

fn y_range(p: &Panel) -> Result<(f64, f64), PlotError> {
    if let Some(r) = p.y_range {
        return Ok(r);
    }
    let mut ys: Vec<f64> = Vec::new();
    for s in &p.series {
        ys.extend(s.points.iter().map(|q| q.1));
        if let Style::Band { upper } = &s.style {
            ys.extend(upper.iter().copied());
        }
    }
    ys.retain(|y| y.is_finite());
    if ys.is_empty() {
        return Ok((0.0, 1.0));
    }
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    drawable_range(lo, hi, &format!("the values of {:?}", p.heading))?;
    let pad = if hi - lo > CHART_FLAT_RANGE {
        0.1 * (hi - lo)
    } else {
        0.5_f64.max(0.1 * hi.abs())
    };
    Ok((lo - pad, hi + pad))
}

/// Maximal runs of consecutive indices `0..n` where `ok` holds.
fn runs(n: usize, ok: impl Fn(usize) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for k in 0..=n {
        match (k < n && ok(k), start) {
            (true, None) => start = Some(k),
            (false, Some(a)) => {
                out.push(a..k);
                start = None;
            }
            _ => {}
        }
    }
    out
}

impl Chart for SweepChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        self.validate()?;
        let (x0, x1) = self.x_range()?;
        let layout = Layout::new(root, &self.title, 330.0)?;
        let Layout { fonts, .. } = layout;
        let body = layout.body(root);
        let n = self.panels.len();
        let axis_h = fonts.ipx(55.0);
        let body_h = body.dim_in_pixel().1 as i32;
        let each = ((body_h - axis_h) / n as i32).max(20);
        let mut rest = body;
        for (k, panel) in self.panels.iter().enumerate() {
            let last = k + 1 == n;
            let (area, below) = if last {
                (rest.clone(), rest.clone())
            } else {
                rest.split_vertically(each)
            };
            let (y0, y1) = y_range(panel)?;
            let mut chart = ChartBuilder::on(&area)
                .margin_right(fonts.ipx(12.0) as u32)
                .margin_top(fonts.ipx(8.0) as u32)
                .x_label_area_size(if last { axis_h } else { fonts.ipx(24.0) } as u32)
                .y_label_area_size(fonts.ipx(90.0) as u32)
                .build_cartesian_2d(x0..x1, y0..y1)?;
            let mut mesh = chart.configure_mesh();
            mesh.y_desc(panel.y_label.clone())
                .x_label_formatter(&|x| num(*x, 3))
                .y_label_formatter(&|y| num(*y, 3))
                .axis_desc_style(fonts.axis())
                .label_style(fonts.tick())
                .light_line_style(WHITE)
                .bold_line_style(RGBColor(232, 232, 232));
            if last {
                mesh.x_desc(self.x_label.clone());
            }
            mesh.draw()?;
            let plot_area = chart.plotting_area().clone();
            let to_px = |p: (f64, f64)| plot_area.map_coordinate(&p);
            for s in &panel.series {
                let c = s.tint.colour();
                match &s.style {
                    Style::Band { upper } => {
                        let pts = &s.points;
                        for r in runs(pts.len(), |k| pts[k].1.is_finite() && upper[k].is_finite()) {
                            let low: Vec<(f64, f64)> = pts[r.clone()].to_vec();
                            let top: Vec<(f64, f64)> = r.map(|k| (pts[k].0, upper[k])).collect();
                            let mut poly = low.clone();
                            poly.extend(top.iter().rev());
                            chart.draw_series(std::iter::once(Polygon::new(
                                poly,
                                c.mix(0.28).filled(),
                            )))?;
                            chart.draw_series(LineSeries::new(low, c.stroke_width(2)))?;
                            chart.draw_series(LineSeries::new(top, c.stroke_width(2)))?;
                        }
                    }
                    Style::Line { dashed } => {
                        let pts = &s.points;
                        for r in runs(pts.len(), |k| pts[k].1.is_finite()) {
                            if r.len() == 1 {
                                draw_marker(
                                    root,
                                    to_px(pts[r.start]),
                                    Marker::Dot,
                                    c,
                                    fonts.ipx(4.0),
                                )?;
                                continue;
                            }
                            let px: Vec<(i32, i32)> = pts[r].iter().map(|&p| to_px(p)).collect();
                            // Solid lines are drawn wider, so a dashed line on top of
                            // an equal solid one leaves both visible.
                            let (width, dash) = if *dashed {
                                (3, Some((fonts.ipx(10.0), fonts.ipx(6.0))))
                            } else {
                                (5, None)
                            };
                            draw_polyline(root, &px, c.stroke_width(width), dash)?;
                        }
                    }
                    Style::Markers { open } => {
                        // The column player's markers are smaller than the row
                        // player's, so equal payoffs show both.
                        let r = if s.tint == Tint::Col { 4.0 } else { 7.5 };
                        for &p in s.points.iter().filter(|p| p.1.is_finite()) {
                            let at = to_px(p);
                            if *open {
                                draw_marker(
                                    root,
                                    at,
                                    Marker::Diamond,
                                    mix(c, WHITE, 0.35),
                                    fonts.ipx(r),
                                )?;
                            } else {
                                draw_marker(root, at, Marker::Dot, c, fonts.ipx(r))?;
                            }
                        }
                    }
                }
            }
            rest = below;
        }
        let mut e = Vec::new();
        for (k, panel) in self.panels.iter().enumerate() {
            let place = match (k, n) {
                (0, 1) => "",
                (0, _) => " (top)",
                (k, n) if k + 1 == n => " (bottom)",
                (1, _) => " (second)",
                _ => " (third)",
            };
            e.push(LegendEntry::new(
                format!("{}{place}", panel.heading),
                Swatch::Heading,
            ));
            for s in &panel.series {
                let c = s.tint.colour();
                let swatch = match &s.style {
                    _ if s.points.is_empty() => Swatch::Note,
                    Style::Line { dashed } => Swatch::Line(c, 3, *dashed),
                    Style::Markers { open: false } => Swatch::Marker(Marker::Dot, c),
                    Style::Markers { open: true } => {
                        Swatch::Marker(Marker::Diamond, mix(c, WHITE, 0.35))
                    }
                    Style::Band { .. } => Swatch::Region(c, 0.35),
                };
                e.push(LegendEntry::new(s.label.clone(), swatch));
            }
        }
        layout.legend(root, &e)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_at_gaps() {
        let ys = [1.0, f64::NAN, 2.0, 3.0, f64::NAN, f64::NAN, 4.0];
        assert_eq!(
            runs(ys.len(), |k| ys[k].is_finite()),
            vec![0..1, 2..4, 6..7]
        );
        assert!(runs(0, |_| true).is_empty());
        assert_eq!(runs(3, |_| true), vec![0..3]);
    }
}
