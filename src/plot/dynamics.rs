//! Learning and evolutionary dynamics. [`TrajectoryChart`]: each player's mixed strategy
//! over time (fictitious play, replicator, logit paths), one panel per player, one line
//! per action in the action's colour. [`PhaseChart`]: for 2×2 games the phase portrait in
//! the unit square — horizontal axis the probability that the row player plays its first
//! action, vertical the same for the column player — with the direction field, the
//! trajectories (start ringed, end arrowed) and the rest points.

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

use super::payoff_space::{LabelledPoint, Point};
use super::style::{
    GREY, INK, LabelPlacer, Layout, LegendEntry, Marker, Rect, Swatch, action_colour, boxed_text,
    draw_marker, drawable_range, non_decreasing, num, series_colour, text_size,
};
use super::{Chart, PlotError};
use crate::tolerance::{CHART_FLAT_RANGE, CHART_PROB_SLACK, CHART_REST_SPEED};

/// Input of the mixed-strategies-over-time chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrajectoryChart {
    /// Chart title.
    pub title: String,
    /// Row player's name.
    pub row_player: String,
    /// Column player's name.
    pub col_player: String,
    /// Row player's action names.
    pub row_actions: Vec<String>,
    /// Column player's action names.
    pub col_actions: Vec<String>,
    /// What time is (axis title, e.g. "iteration").
    pub time_label: String,
    /// The times of the samples, increasing.
    pub times: Vec<f64>,
    /// The row player's mixed strategy at each time.
    pub row: Vec<Vec<f64>>,
    /// The column player's mixed strategy at each time.
    pub col: Vec<Vec<f64>>,
}

fn check_probs(rows: &[Vec<f64>], k: usize, who: &str) -> Result<(), PlotError> {
    for (t, p) in rows.iter().enumerate() {
        if p.len() != k {
            return Err(PlotError::Data(format!(
                "sample {}: {who} has {} probabilities for {k} actions",
                t + 1,
                p.len()
            )));
        }
        if p.iter()
            .any(|x| !x.is_finite() || *x < -CHART_PROB_SLACK || *x > 1.0 + CHART_PROB_SLACK)
        {
            return Err(PlotError::Data(format!(
                "sample {}: a probability of {who} is outside [0, 1]",
                t + 1
            )));
        }
    }
    Ok(())
}

impl TrajectoryChart {
    fn validate(&self) -> Result<(), PlotError> {
        let t = self.times.len();
        if t == 0 || self.row.len() != t || self.col.len() != t {
            return Err(PlotError::Data(
                "a trajectory needs one strategy per player at each of at least one time".into(),
            ));
        }
        if self.times.iter().any(|x| !x.is_finite()) || !non_decreasing(&self.times) {
            return Err(PlotError::Data(
                "times must be finite and in increasing order".into(),
            ));
        }
        drawable_range(self.times[0], self.times[t - 1], "the times")?;
        check_probs(&self.row, self.row_actions.len(), &self.row_player)?;
        check_probs(&self.col, self.col_actions.len(), &self.col_player)
    }
}

impl Chart for TrajectoryChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        self.validate()?;
        let layout = Layout::new(root, &self.title, 270.0)?;
        let Layout { fonts, .. } = layout;
        let body = layout.body(root);
        let (t0, t1) = (self.times[0], self.times[self.times.len() - 1]);
        let (t0, t1) = if t1 - t0 > CHART_FLAT_RANGE {
            (t0, t1)
        } else {
            (t0 - 0.5, t0 + 0.5)
        };
        let half = body.dim_in_pixel().1 as i32 / 2;
        let (top, bottom) = body.split_vertically(half);
        for (k, (area, who, actions, probs)) in [
            (&top, &self.row_player, &self.row_actions, &self.row),
            (&bottom, &self.col_player, &self.col_actions, &self.col),
        ]
        .into_iter()
        .enumerate()
        {
            let mut chart = ChartBuilder::on(area)
                .margin_right(fonts.ipx(12.0) as u32)
                .margin_top(fonts.ipx(8.0) as u32)
                .x_label_area_size(fonts.ipx(if k == 1 { 55.0 } else { 30.0 }) as u32)
                .y_label_area_size(fonts.ipx(90.0) as u32)
                .build_cartesian_2d(t0..t1, -0.02..1.02)?;
            let mut mesh = chart.configure_mesh();
            mesh.y_desc(format!("{who}: P(action)"))
                .x_label_formatter(&|x| num(*x, 2))
                .y_label_formatter(&|y| num(*y, 2))
                .axis_desc_style(fonts.axis())
                .label_style(fonts.tick())
                .light_line_style(WHITE)
                .bold_line_style(RGBColor(232, 232, 232));
            if k == 1 {
                mesh.x_desc(self.time_label.clone());
            }
            mesh.draw()?;
            for (a, _) in actions.iter().enumerate() {
                let pts: Vec<(f64, f64)> = self
                    .times
                    .iter()
                    .zip(probs)
                    .map(|(&t, p)| (t, p[a]))
                    .collect();
                chart.draw_series(LineSeries::new(pts, action_colour(a).stroke_width(3)))?;
            }
        }
        let mut e = Vec::new();
        for (who, actions, panel) in [
            (&self.row_player, &self.row_actions, "upper"),
            (&self.col_player, &self.col_actions, "lower"),
        ] {
            e.push(LegendEntry::new(
                format!("{who} ({panel} panel)"),
                Swatch::Heading,
            ));
            for (k, a) in actions.iter().enumerate() {
                e.push(LegendEntry::new(
                    format!("P({a})"),
                    Swatch::Line(action_colour(k), 3, false),
                ));
            }
        }
        layout.legend(root, &e)?;
        Ok(())
    }
}

/// One trajectory of a phase portrait.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseTrajectory {
    /// What it is (e.g. "replicator from (0.2, 0.9)").
    pub label: String,
    /// Points `(P(row plays its first action), P(col plays its first action))` in order.
    pub points: Vec<Point>,
}

/// Input of the 2×2 phase portrait.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseChart {
    /// Chart title.
    pub title: String,
    /// Row player's name.
    pub row_player: String,
    /// Column player's name.
    pub col_player: String,
    /// The row player's two action names.
    pub row_actions: Vec<String>,
    /// The column player's two action names.
    pub col_actions: Vec<String>,
    /// Direction field: at each point, the velocity `(dx, dy)` (only its direction and
    /// relative length are drawn).
    pub field: Vec<(Point, Point)>,
    /// Trajectories.
    pub trajectories: Vec<PhaseTrajectory>,
    /// Rest points (equilibria of the dynamic), labelled.
    pub rest_points: Vec<LabelledPoint>,
}

impl PhaseChart {
    fn validate(&self) -> Result<(), PlotError> {
        if self.row_actions.len() != 2 || self.col_actions.len() != 2 {
            return Err(PlotError::Data("a phase portrait needs a 2x2 game".into()));
        }
        let inside = |p: &Point| {
            p.0.is_finite()
                && p.1.is_finite()
                && (-CHART_PROB_SLACK..=1.0 + CHART_PROB_SLACK).contains(&p.0)
                && (-CHART_PROB_SLACK..=1.0 + CHART_PROB_SLACK).contains(&p.1)
        };
        let ok = self
            .trajectories
            .iter()
            .flat_map(|t| t.points.iter())
            .all(inside)
            && self.rest_points.iter().all(|p| inside(&p.point))
            && self
                .field
                .iter()
                .all(|(p, v)| inside(p) && v.0.is_finite() && v.1.is_finite());
        if !ok {
            return Err(PlotError::Data(
                "a phase-portrait point lies outside the unit square".into(),
            ));
        }
        Ok(())
    }
}

impl Chart for PhaseChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        self.validate()?;
        let layout = Layout::new(root, &self.title, 300.0)?;
        let Layout {
            fonts,
            w,
            h,
            title_h,
            margin,
            legend_w,
        } = layout;
        // A square plot: as large as fits left of the legend.
        let avail_w = w - legend_w - 3 * margin;
        let avail_h = h - title_h - margin;
        let side = avail_w.min(avail_h).max(60);
        let left = margin + (avail_w - side).max(0) / 2;
        let body = root
            .clone()
            .shrink((left, title_h), (side as u32, side as u32));
        let mut chart = ChartBuilder::on(&body)
            .margin(fonts.ipx(8.0) as u32)
            .x_label_area_size(fonts.ipx(55.0) as u32)
            .y_label_area_size(fonts.ipx(75.0) as u32)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_desc(format!(
                "P({} plays {})",
                self.row_player, self.row_actions[0]
            ))
            .y_desc(format!(
                "P({} plays {})",
                self.col_player, self.col_actions[0]
            ))
            .x_label_formatter(&|x| num(*x, 2))
            .y_label_formatter(&|y| num(*y, 2))
            .axis_desc_style(fonts.axis())
            .label_style(fonts.tick())
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(235, 235, 235))
            .draw()?;
        let pa = chart.plotting_area().clone();
        let px = |p: Point| pa.map_coordinate(&p);
        let (bx, by) = pa.get_pixel_range();

        // Direction field: arrows of length proportional to speed, capped at a cell.
        let vmax = self
            .field
            .iter()
            .map(|(_, v)| v.0.hypot(v.1))
            .fold(0.0, f64::max);
        let cell =
            (((bx.end - bx.start) as f64) / (self.field.len() as f64).sqrt().max(1.0)) * 0.42;
        for &(p, v) in &self.field {
            let speed = v.0.hypot(v.1);
            if speed <= CHART_REST_SPEED || vmax <= 0.0 {
                continue;
            }
            let len = cell * (0.35 + 0.65 * speed / vmax);
            let (ux, uy) = (v.0 / speed, -v.1 / speed); // pixel y grows downwards
            let a = px(p);
            let b = (a.0 + (ux * len) as i32, a.1 + (uy * len) as i32);
            arrow(root, a, b, GREY, 2, fonts.ipx(7.0))?;
        }
        for (k, t) in self.trajectories.iter().enumerate() {
            let c = series_colour(k);
            let pts: Vec<(i32, i32)> = t.points.iter().map(|&p| px(p)).collect();
            if pts.len() >= 2 {
                root.draw(&PathElement::new(pts.clone(), c.stroke_width(3)))?;
                let n = pts.len();
                // Arrowhead on the last visible segment.
                let mut j = n - 2;
                while j > 0 && (pts[j].0 - pts[n - 1].0).abs() + (pts[j].1 - pts[n - 1].1).abs() < 6
                {
                    j -= 1;
                }
                arrow(root, pts[j], pts[n - 1], c, 3, fonts.ipx(12.0))?;
            }
            if let Some(&p) = pts.first() {
                draw_marker(root, p, Marker::Ring, c, fonts.ipx(6.0))?;
            }
        }
        let big = fonts.ipx(10.0);
        let obstacles: Vec<Rect> = self
            .rest_points
            .iter()
            .map(|p| {
                let c = px(p.point);
                (c.0 - big, c.1 - big, c.0 + big, c.1 + big)
            })
            .collect();
        let mut placer = LabelPlacer::new((bx.start, by.start, bx.end, by.end), obstacles);
        let lab = fonts.bold(15.0);
        for p in &self.rest_points {
            draw_marker(root, px(p.point), Marker::Star, RGBColor(245, 190, 0), big)?;
        }
        for p in &self.rest_points {
            let (tw, th) = text_size(root, &p.label, &lab)?;
            let at = placer.place(px(p.point), tw + 4, th + 2, fonts.ipx(10.0));
            boxed_text(root, &p.label, at, (tw + 4, th + 2), &lab)?;
        }

        let mut e = vec![LegendEntry::new("Phase portrait", Swatch::Heading)];
        if !self.field.is_empty() {
            e.push(LegendEntry::new(
                "direction of motion (longer = faster)",
                Swatch::Line(GREY, 2, false),
            ));
        }
        for (k, t) in self.trajectories.iter().enumerate() {
            e.push(LegendEntry::new(
                t.label.clone(),
                Swatch::Line(series_colour(k), 3, false),
            ));
        }
        if !self.trajectories.is_empty() {
            e.push(LegendEntry::new(
                "start of a trajectory",
                Swatch::Marker(Marker::Ring, INK),
            ));
        }
        if !self.rest_points.is_empty() {
            e.push(LegendEntry::new(
                "rest point",
                Swatch::Marker(Marker::Star, RGBColor(245, 190, 0)),
            ));
        }
        e.push(LegendEntry::new("Corners", Swatch::Heading));
        for (x, y) in [(1, 1), (1, 0), (0, 1), (0, 0)] {
            let (i, j) = (1 - x, 1 - y);
            e.push(LegendEntry::new(
                format!(
                    "({x}, {y}): ({}, {})",
                    self.row_actions[i], self.col_actions[j]
                ),
                Swatch::Note,
            ));
        }
        layout.legend(root, &e)?;
        Ok(())
    }
}

/// A line from `a` to `b` with an arrowhead of size `head` at `b`.
fn arrow<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    c: RGBColor,
    width: u32,
    head: i32,
) -> Result<(), PlotError> {
    root.draw(&PathElement::new(vec![a, b], c.stroke_width(width)))?;
    let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
    let len = dx.hypot(dy);
    if len < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / len, dy / len);
    let hs = head as f64;
    let back = (b.0 as f64 - ux * hs, b.1 as f64 - uy * hs);
    let l = (
        (back.0 - uy * hs * 0.5) as i32,
        (back.1 + ux * hs * 0.5) as i32,
    );
    let r = (
        (back.0 + uy * hs * 0.5) as i32,
        (back.1 - ux * hs * 0.5) as i32,
    );
    root.draw(&Polygon::new(vec![b, l, r], c.filled()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{Size, svg_string};

    #[test]
    fn phase_portrait_needs_two_by_two() {
        let c = PhaseChart {
            title: "x".into(),
            row_player: "A".into(),
            col_player: "B".into(),
            row_actions: vec!["a".into(), "b".into(), "c".into()],
            col_actions: vec!["x".into(), "y".into()],
            field: vec![],
            trajectories: vec![],
            rest_points: vec![],
        };
        assert!(matches!(
            svg_string(&c, Size::default()),
            Err(PlotError::Data(_))
        ));
    }

    #[test]
    fn probabilities_must_match_actions() {
        let c = TrajectoryChart {
            title: "x".into(),
            row_player: "A".into(),
            col_player: "B".into(),
            row_actions: vec!["a".into(), "b".into()],
            col_actions: vec!["x".into(), "y".into()],
            time_label: "iteration".into(),
            times: vec![0.0, 1.0],
            row: vec![vec![0.5, 0.5], vec![1.0]],
            col: vec![vec![0.5, 0.5], vec![0.5, 0.5]],
        };
        let e = svg_string(&c, Size::default()).unwrap_err();
        assert!(e.to_string().contains("sample 2"), "{e}");
        let backwards = TrajectoryChart {
            times: vec![1.0, 0.0],
            row: vec![vec![0.5, 0.5]; 2],
            ..c
        };
        let e = svg_string(&backwards, Size::default()).unwrap_err();
        assert!(e.to_string().contains("increasing"), "{e}");
    }
}
