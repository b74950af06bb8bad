//! The payoff space of the repeated game: every payoff pair the players can reach and
//! which of them can be equilibria.
//!
//! Drawn in the plane (row payoff, column payoff): the feasible set (convex hull of the
//! pure payoff profiles, grey), the individually rational part of it above the minmax
//! point (green, the region of the folk theorem — Fudenberg & Maskin 1986), the pure and
//! mixed minmax points, the pure profiles labelled with action names, stage equilibria,
//! the Pareto frontier, subgame-perfect payoff sets for one or more discount factors,
//! bargaining solutions and a trail of continuation payoffs along a path of play.
//!
//! Under imperfect public monitoring the chart also shows the outer and inner
//! approximations of the perfect public equilibrium payoff set (Judd, Yeltekin & Conklin
//! 2003; computed elsewhere): the outer bound dashed, the inner bound filled, both in
//! orange so they read apart from the purple subgame-perfect sets of perfect monitoring.

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

use super::style::{
    GREY, INK, LabelPlacer, Layout, LegendEntry, Marker, Rect, Swatch, boxed_text, draw_marker,
    draw_polyline, drawable_range, leader, mix, num, series_colour, text_size,
};
use super::{Chart, PlotError};
use crate::tolerance::{CHART_MIN_SPAN, CHART_SAME_VALUE, CHART_TINY_SPAN};

/// A payoff pair `(row, col)`.
pub type Point = (f64, f64);

/// A point with a label (a profile's action names, a bargaining solution's name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelledPoint {
    /// The label.
    pub label: String,
    /// The payoff pair.
    pub point: Point,
}

impl LabelledPoint {
    /// A labelled point.
    pub fn new(label: impl Into<String>, point: Point) -> Self {
        LabelledPoint {
            label: label.into(),
            point,
        }
    }
}

/// The subgame-perfect equilibrium payoff set for one discount factor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeSet {
    /// The discount factor.
    pub delta: f64,
    /// Corners of the (convex) set, in order; 1 corner for a point, 2 for a segment.
    pub polygon: Vec<Point>,
}

/// Input of the payoff-space chart. Empty fields are simply not drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PayoffSpaceChart {
    /// Chart title.
    pub title: String,
    /// Row player's name (horizontal axis).
    pub row_player: String,
    /// Column player's name (vertical axis).
    pub col_player: String,
    /// Pure profiles, labelled with their action names.
    pub profiles: Vec<LabelledPoint>,
    /// Corners of the feasible set, in order.
    pub feasible: Vec<Point>,
    /// Minmax point with pure punishments, if known.
    pub minmax_pure: Option<Point>,
    /// Minmax point with mixed punishments, if known.
    pub minmax_mixed: Option<Point>,
    /// Corners of the individually rational part of the feasible set (see
    /// [`crate::geometry::individually_rational`]).
    pub individually_rational: Vec<Point>,
    /// Pure stage equilibria.
    pub pure_equilibria: Vec<LabelledPoint>,
    /// Mixed stage equilibria.
    pub mixed_equilibria: Vec<LabelledPoint>,
    /// Subgame-perfect payoff sets, one per discount factor.
    pub spe_sets: Vec<SpeSet>,
    /// Corners (counter-clockwise) of the outer approximation of the perfect public
    /// equilibrium payoff set under imperfect monitoring; 1 corner for a point, 2 for a
    /// segment.
    pub ppe_outer: Vec<Point>,
    /// Corners (counter-clockwise) of the inner approximation of that set.
    pub ppe_inner: Vec<Point>,
    /// The Pareto frontier of the feasible set, as a polyline.
    pub pareto_frontier: Vec<Point>,
    /// Bargaining solutions.
    pub bargaining: Vec<LabelledPoint>,
    /// Continuation payoffs along a path of play, in order.
    pub trail: Vec<Point>,
    /// What the trail is (legend text).
    pub trail_label: String,
}

/// The most pure-profile points that are all labelled.
const MAX_LABELLED: usize = 20;

/// Colour of the feasible set.
const FEASIBLE: RGBColor = RGBColor(222, 222, 222);
/// Colour of the individually rational region.
const RATIONAL: RGBColor = RGBColor(0, 140, 70);
/// Colour of minmax marks.
const MINMAX: RGBColor = RGBColor(0, 110, 50);
/// Colour of the mixed minmax mark.
const MIXED_MINMAX: RGBColor = RGBColor(0, 150, 160);
/// Colour of the Pareto frontier.
const PARETO: RGBColor = RGBColor(200, 30, 40);
/// Colour of stage equilibria.
const EQUILIBRIUM: RGBColor = RGBColor(245, 190, 0);
/// Colour of the trail.
const TRAIL: RGBColor = RGBColor(20, 20, 120);
/// Colours of SPE sets: light to dark purple as δ grows.
const SPE: (RGBColor, RGBColor) = (RGBColor(190, 150, 230), RGBColor(80, 20, 130));
/// Colour of the PPE bounds: orange, the complement of the SPE purples.
const PPE: RGBColor = RGBColor(215, 110, 0);
/// Opacity of the inner PPE bound's fill.
const PPE_FILL: f64 = 0.3;

impl PayoffSpaceChart {
    fn all_points(&self) -> Vec<Point> {
        let mut v: Vec<Point> = Vec::new();
        v.extend(self.profiles.iter().map(|p| p.point));
        v.extend(&self.feasible);
        v.extend(self.minmax_pure);
        v.extend(self.minmax_mixed);
        v.extend(self.mixed_equilibria.iter().map(|p| p.point));
        v.extend(self.pure_equilibria.iter().map(|p| p.point));
        v.extend(self.spe_sets.iter().flat_map(|s| s.polygon.iter().copied()));
        v.extend(&self.ppe_outer);
        v.extend(&self.ppe_inner);
        v.extend(self.bargaining.iter().map(|p| p.point));
        v.extend(&self.trail);
        v
    }

    /// The axes' ranges `(x0, x1, y0, y1)`: every point of the chart with a margin of a
    /// tenth of the span on each side (a unit when the span is tiny).
    fn axis_ranges(&self) -> (f64, f64, f64, f64) {
        let (x0, x1, y0, y1) = self.all_points().iter().fold(
            (
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ),
            |(a, b, c, d), p| (a.min(p.0), b.max(p.0), c.min(p.1), d.max(p.1)),
        );
        let (dx, dy) = ((x1 - x0).max(CHART_MIN_SPAN), (y1 - y0).max(CHART_MIN_SPAN));
        let (px, py) = (
            if dx < CHART_TINY_SPAN { 1.0 } else { 0.1 * dx },
            if dy < CHART_TINY_SPAN { 1.0 } else { 0.1 * dy },
        );
        (x0 - px, x1 + px, y0 - py, y1 + py)
    }

    fn validate(&self) -> Result<(), PlotError> {
        let pts = self.all_points();
        if pts.is_empty() {
            return Err(PlotError::Data(
                "a payoff-space chart needs at least one point".into(),
            ));
        }
        if pts
            .iter()
            .chain(self.individually_rational.iter())
            .chain(self.pareto_frontier.iter())
            .any(|p| !p.0.is_finite() || !p.1.is_finite())
        {
            return Err(PlotError::Data("a payoff pair is not finite".into()));
        }
        if self
            .spe_sets
            .iter()
            .any(|s| !(0.0..=1.0).contains(&s.delta))
        {
            return Err(PlotError::Data(
                "a discount factor of an SPE set is outside [0, 1]".into(),
            ));
        }
        Ok(())
    }

    fn spe_colour(&self, k: usize) -> RGBColor {
        let n = self.spe_sets.len();
        if n <= 1 {
            SPE.1
        } else {
            mix(SPE.0, SPE.1, k as f64 / (n - 1) as f64)
        }
    }
}

/// Pure profiles grouped by payoff pair, so coinciding profiles share one label.
fn group_profiles(profiles: &[LabelledPoint]) -> Vec<LabelledPoint> {
    let mut out: Vec<LabelledPoint> = Vec::new();
    for p in profiles {
        let scale = p.point.0.abs().max(p.point.1.abs()).max(1.0);
        match out.iter_mut().find(|q| {
            (q.point.0 - p.point.0).abs() <= CHART_SAME_VALUE * scale
                && (q.point.1 - p.point.1).abs() <= CHART_SAME_VALUE * scale
        }) {
            Some(q) => {
                q.label.push_str(" = ");
                q.label.push_str(&p.label);
            }
            None => out.push(p.clone()),
        }
    }
    out
}

/// Draws the polyline through the pixel points `pts` dashed, `on` pixels drawn and `off`
/// skipped. The pattern runs on across corners (unlike [`super::style::draw_polyline`],
/// which starts each edge afresh), so a polygon with many short edges still reads as
/// dashed rather than solid.
fn dashed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pts: &[(i32, i32)],
    style: ShapeStyle,
    (on, off): (i32, i32),
) -> Result<(), PlotError> {
    let Some(&first) = pts.first() else {
        return Ok(());
    };
    let (on, off) = (on.max(1) as f64, off.max(1) as f64);
    let mut drawing = true;
    // What is left of the current dash or gap, in pixels.
    let mut left = on;
    let mut piece = vec![first];
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
        let len = dx.hypot(dy);
        let at = |s: f64| {
            (
                a.0 + (dx * s / len).round() as i32,
                a.1 + (dy * s / len).round() as i32,
            )
        };
        let mut t = 0.0;
        while len - t > left {
            t += left;
            if drawing {
                piece.push(at(t));
                area.draw(&PathElement::new(std::mem::take(&mut piece), style))?;
            } else {
                piece = vec![at(t)];
            }
            drawing = !drawing;
            left = if drawing { on } else { off };
        }
        left -= len - t;
        if drawing {
            piece.push(b);
        }
    }
    if drawing && piece.len() >= 2 {
        area.draw(&PathElement::new(piece, style))?;
    }
    Ok(())
}

fn pt(p: Point) -> String {
    format!("({}, {})", num(p.0, 2), num(p.1, 2))
}

impl Chart for PayoffSpaceChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        self.validate()?;
        let layout = Layout::new(root, &self.title, 320.0)?;
        let Layout {
            fonts,
            w,
            h,
            title_h,
            margin,
            legend_w,
        } = layout;

        let (x0, x1, y0, y1) = self.axis_ranges();
        drawable_range(x0, x1, "the row player's payoffs")?;
        drawable_range(y0, y1, "the column player's payoffs")?;

        let plot_area = root.clone().shrink(
            (margin, title_h),
            (
                (w - legend_w - 3 * margin).max(50) as u32,
                (h - title_h - margin).max(50) as u32,
            ),
        );
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(fonts.ipx(8.0) as u32)
            .x_label_area_size(fonts.ipx(60.0) as u32)
            .y_label_area_size(fonts.ipx(80.0) as u32)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(format!("{} payoff", self.row_player))
            .y_desc(format!("{} payoff", self.col_player))
            .axis_desc_style(fonts.axis())
            .label_style(fonts.tick())
            .x_label_formatter(&|x| num(*x, 2))
            .y_label_formatter(&|y| num(*y, 2))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(226, 226, 226))
            .draw()?;
        let pa = chart.plotting_area().clone();
        let to_px = |p: Point| pa.map_coordinate(&p);
        let (bx, by) = pa.get_pixel_range();
        let bounds: Rect = (bx.start, by.start, bx.end, by.end);

        // Regions, back to front.
        let region = |pts: &[Point], fill: RGBAColor, edge: ShapeStyle| -> Result<(), PlotError> {
            let px: Vec<(i32, i32)> = pts.iter().map(|&p| to_px(p)).collect();
            match px.len() {
                0 => {}
                1 => {
                    root.draw(&Circle::new(px[0], fonts.ipx(6.0), edge))?;
                }
                2 => {
                    root.draw(&PathElement::new(
                        px.clone(),
                        edge.stroke_width(edge.stroke_width + 3),
                    ))?;
                }
                _ => {
                    root.draw(&Polygon::new(px.clone(), fill.filled()))?;
                    let mut closed = px.clone();
                    closed.push(px[0]);
                    root.draw(&PathElement::new(closed, edge))?;
                }
            }
            Ok(())
        };
        region(&self.feasible, FEASIBLE.to_rgba(), GREY.stroke_width(2))?;
        region(
            &self.individually_rational,
            RATIONAL.mix(0.22),
            RATIONAL.stroke_width(2),
        )?;
        for (k, s) in self.spe_sets.iter().enumerate() {
            let c = self.spe_colour(k);
            region(&s.polygon, c.mix(0.14), c.stroke_width(3))?;
        }
        // The PPE bounds go over the SPE sets: imperfect monitoring shrinks the set, so
        // beneath them it would be hidden. The outer bound comes last, as it encloses the
        // inner one.
        region(&self.ppe_inner, PPE.mix(PPE_FILL), PPE.stroke_width(2))?;
        let outer: Vec<(i32, i32)> = self.ppe_outer.iter().map(|&p| to_px(p)).collect();
        let dash = (fonts.ipx(10.0), fonts.ipx(6.0));
        match outer.len() {
            0 => {}
            1 => {
                root.draw(&Circle::new(outer[0], fonts.ipx(11.0), PPE.stroke_width(2)))?;
            }
            2 => dashed(root, &outer, PPE.stroke_width(4), dash)?,
            _ => {
                let mut closed = outer.clone();
                closed.push(outer[0]);
                dashed(root, &closed, PPE.stroke_width(3), dash)?;
            }
        }
        if let Some(v) = self.minmax_mixed.or(self.minmax_pure) {
            let dash = Some((fonts.ipx(8.0), fonts.ipx(6.0)));
            draw_polyline(
                root,
                &[to_px((v.0, y0)), to_px((v.0, y1))],
                MINMAX.stroke_width(1),
                dash,
            )?;
            draw_polyline(
                root,
                &[to_px((x0, v.1)), to_px((x1, v.1))],
                MINMAX.stroke_width(1),
                dash,
            )?;
        }
        if self.pareto_frontier.len() >= 2 {
            let px: Vec<(i32, i32)> = self.pareto_frontier.iter().map(|&p| to_px(p)).collect();
            root.draw(&PathElement::new(
                px,
                PARETO.stroke_width(fonts.ipx(4.0).max(2) as u32),
            ))?;
        } else if let Some(&p) = self.pareto_frontier.first() {
            draw_marker(root, to_px(p), Marker::Ring, PARETO, fonts.ipx(13.0))?;
        }
        if self.trail.len() >= 2 {
            let px: Vec<(i32, i32)> = self.trail.iter().map(|&p| to_px(p)).collect();
            root.draw(&PathElement::new(px.clone(), TRAIL.stroke_width(2)))?;
            for p in &px {
                root.draw(&Circle::new(*p, fonts.ipx(3.0).max(2), TRAIL.filled()))?;
            }
        }
        if let Some(&p) = self.trail.first() {
            draw_marker(root, to_px(p), Marker::Ring, TRAIL, fonts.ipx(8.0))?;
        }
        if let (Some(&p), true) = (self.trail.last(), self.trail.len() >= 2) {
            draw_marker(root, to_px(p), Marker::Cross, TRAIL, fonts.ipx(7.0))?;
        }

        // Points.
        let r = fonts.ipx(6.0).max(3);
        let big = fonts.ipx(11.0).max(5);
        let mut obstacles: Vec<Rect> = Vec::new();
        let mut mark =
            |c: (i32, i32), rad: i32| obstacles.push((c.0 - rad, c.1 - rad, c.0 + rad, c.1 + rad));
        let profiles = group_profiles(&self.profiles);
        for p in &profiles {
            mark(to_px(p.point), r);
        }
        for p in self.pure_equilibria.iter().chain(&self.mixed_equilibria) {
            mark(to_px(p.point), big);
        }
        for p in self.minmax_pure.iter().chain(self.minmax_mixed.iter()) {
            mark(to_px(*p), big);
        }
        for p in &self.bargaining {
            mark(to_px(p.point), big);
        }
        let mut placer = LabelPlacer::new(bounds, obstacles);

        if let Some(p) = self.minmax_pure {
            draw_marker(root, to_px(p), Marker::OpenSquare, MINMAX, fonts.ipx(15.0))?;
        }
        if let Some(p) = self.minmax_mixed {
            draw_marker(
                root,
                to_px(p),
                Marker::OpenTriangle,
                MIXED_MINMAX,
                fonts.ipx(17.0),
            )?;
        }
        for p in &profiles {
            draw_marker(root, to_px(p.point), Marker::Dot, INK, r)?;
        }
        for p in &self.pure_equilibria {
            draw_marker(root, to_px(p.point), Marker::Star, EQUILIBRIUM, big)?;
        }
        for p in &self.mixed_equilibria {
            draw_marker(root, to_px(p.point), Marker::Diamond, EQUILIBRIUM, big - 2)?;
        }
        for (k, p) in self.bargaining.iter().enumerate() {
            draw_marker(
                root,
                to_px(p.point),
                Marker::Diamond,
                series_colour(k + 2),
                big - 1,
            )?;
        }

        // Labels: profiles, then bargaining points.
        let lab = fonts.text(15.0);
        let d = fonts.ipx(9.0);
        // Equilibria are labelled on their own, in bold; the other profiles are grouped by
        // payoff pair so that coinciding ones share one plain label.
        let bold = fonts.bold(15.0);
        let others: Vec<LabelledPoint> = self
            .profiles
            .iter()
            .filter(|p| !self.pure_equilibria.iter().any(|e| e.label == p.label))
            .cloned()
            .collect();
        let others = group_profiles(&others);
        // Beyond this many points, labels would bury the picture: only equilibria and
        // Pareto-optimal profiles keep theirs (the legend says so).
        let label_all = profiles.len() <= MAX_LABELLED;
        let mut to_label: Vec<(&LabelledPoint, &TextStyle)> =
            self.pure_equilibria.iter().map(|p| (p, &bold)).collect();
        for p in &others {
            let on_frontier = self.pareto_frontier.iter().any(|q| {
                (q.0 - p.point.0).abs() < CHART_SAME_VALUE
                    && (q.1 - p.point.1).abs() < CHART_SAME_VALUE
            });
            if label_all || on_frontier {
                to_label.push((p, &lab));
            }
        }
        for (p, style) in to_label {
            let (tw, th) = text_size(root, &p.label, style)?;
            let c = to_px(p.point);
            let at = placer.place(c, tw + 4, th + 2, d);
            leader(root, c, at, (tw + 4, th + 2), r)?;
            boxed_text(root, &p.label, at, (tw + 4, th + 2), style)?;
        }
        let blab = fonts.bold(15.0);
        for (k, p) in self.bargaining.iter().enumerate() {
            let (tw, th) = text_size(root, &p.label, &blab)?;
            let c = to_px(p.point);
            let at = placer.place(c, tw + 4, th + 2, d + 4);
            leader(root, c, at, (tw + 4, th + 2), big)?;
            let colour = super::style::coloured(&blab, mix(series_colour(k + 2), INK, 0.35));
            boxed_text(root, &p.label, at, (tw + 4, th + 2), &colour)?;
        }

        // Legend.
        let mut e = Vec::new();
        e.push(LegendEntry::new("Payoff sets", Swatch::Heading));
        if !self.feasible.is_empty() {
            e.push(LegendEntry::new(
                "feasible payoffs (convex hull of the pure profiles)",
                Swatch::Region(FEASIBLE, 1.0),
            ));
        }
        if !self.individually_rational.is_empty() {
            e.push(LegendEntry::new(
                "individually rational: feasible and above both minmax values",
                Swatch::Region(RATIONAL, 0.22),
            ));
        }
        for (k, s) in self.spe_sets.iter().enumerate() {
            e.push(LegendEntry::new(
                format!("subgame-perfect payoffs, δ = {}", num(s.delta, 3)),
                Swatch::Region(self.spe_colour(k), 0.14),
            ));
        }
        if !self.ppe_outer.is_empty() {
            e.push(LegendEntry::new(
                "PPE payoffs, outer bound",
                Swatch::Line(PPE, 3, true),
            ));
        }
        if !self.ppe_inner.is_empty() {
            e.push(LegendEntry::new(
                "PPE payoffs, inner bound",
                Swatch::Region(PPE, PPE_FILL),
            ));
        }
        if !self.ppe_outer.is_empty() || !self.ppe_inner.is_empty() {
            e.push(LegendEntry::new(
                "PPE: perfect public equilibria under imperfect monitoring; the set lies between the bounds",
                Swatch::Note,
            ));
        }
        if self.pareto_frontier.len() >= 2 {
            e.push(LegendEntry::new(
                "Pareto frontier",
                Swatch::Line(PARETO, 4, false),
            ));
        } else if !self.pareto_frontier.is_empty() {
            e.push(LegendEntry::new(
                "Pareto frontier (a single point: it dominates every other)",
                Swatch::Marker(Marker::Ring, PARETO),
            ));
        }
        e.push(LegendEntry::new("Points", Swatch::Heading));
        if !profiles.is_empty() {
            e.push(LegendEntry::new(
                format!(
                    "pure profile ({} action, {} action)",
                    self.row_player, self.col_player
                ),
                Swatch::Marker(Marker::Dot, INK),
            ));
            if profiles.len() > MAX_LABELLED {
                e.push(LegendEntry::new(
                    format!(
                        "{} distinct payoff pairs: only equilibria and Pareto-optimal ones are labelled",
                        profiles.len()
                    ),
                    Swatch::Note,
                ));
            }
        }
        if !self.pure_equilibria.is_empty() {
            e.push(LegendEntry::new(
                "pure stage Nash equilibrium (label in bold)",
                Swatch::Marker(Marker::Star, EQUILIBRIUM),
            ));
        }
        for p in &self.mixed_equilibria {
            e.push(LegendEntry::new(
                format!("{} {}", p.label, pt(p.point)),
                Swatch::Marker(Marker::Diamond, EQUILIBRIUM),
            ));
        }
        if let Some(p) = self.minmax_pure {
            e.push(LegendEntry::new(
                format!("minmax, pure punishments {}", pt(p)),
                Swatch::Marker(Marker::OpenSquare, MINMAX),
            ));
        }
        if let Some(p) = self.minmax_mixed {
            e.push(LegendEntry::new(
                format!("minmax, mixed punishments {}", pt(p)),
                Swatch::Marker(Marker::OpenTriangle, MIXED_MINMAX),
            ));
        }
        if self.minmax_mixed.is_some() || self.minmax_pure.is_some() {
            e.push(LegendEntry::new(
                "minmax levels",
                Swatch::Line(MINMAX, 1, true),
            ));
        }
        for (k, p) in self.bargaining.iter().enumerate() {
            e.push(LegendEntry::new(
                format!("{} {}", p.label, pt(p.point)),
                Swatch::Marker(Marker::Diamond, series_colour(k + 2)),
            ));
        }
        if !self.trail.is_empty() {
            let label = if self.trail_label.is_empty() {
                "continuation payoffs along the path"
            } else {
                &self.trail_label
            };
            e.push(LegendEntry::new(label, Swatch::Line(TRAIL, 2, false)));
            e.push(LegendEntry::new(
                "start of the path",
                Swatch::Marker(Marker::Ring, TRAIL),
            ));
            if self.trail.len() >= 2 {
                e.push(LegendEntry::new(
                    "end of the path",
                    Swatch::Marker(Marker::Cross, TRAIL),
                ));
            }
        }
        layout.legend(root, &e)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::{individually_rational, pareto_chain};

    #[test]
    fn clipping_a_square_at_its_centre_leaves_a_quarter() {
        let sq = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)];
        let ir = individually_rational(&sq, (1.0, 1.0));
        let hull = crate::geometry::convex_hull(&ir, 1e-9);
        assert!((hull.area() - 1.0).abs() < 1e-12, "{ir:?}");
    }

    #[test]
    fn clipping_below_the_set_keeps_it_whole() {
        let tri = [(0.0, 0.0), (4.0, 0.0), (0.0, 4.0)];
        let ir = individually_rational(&tri, (-1.0, -1.0));
        assert_eq!(ir.len(), 3);
    }

    #[test]
    fn clipping_above_the_set_empties_it() {
        let tri = [(0.0, 0.0), (4.0, 0.0), (0.0, 4.0)];
        assert!(individually_rational(&tri, (3.0, 3.0)).is_empty());
        assert!(individually_rational(&[(1.0, 1.0)], (2.0, 0.0)).is_empty());
        assert_eq!(individually_rational(&[(1.0, 1.0)], (0.0, 0.0)).len(), 1);
    }

    #[test]
    fn pareto_chain_of_the_prisoners_dilemma() {
        // hull of (3,3), (0,5), (5,0), (1,1), counter-clockwise from the lowest-left
        let hull =
            crate::geometry::convex_hull(&[(3.0, 3.0), (0.0, 5.0), (5.0, 0.0), (1.0, 1.0)], 1e-9);
        let chain = pareto_chain(hull.vertices());
        assert_eq!(chain, vec![(5.0, 0.0), (3.0, 3.0), (0.0, 5.0)]);
    }

    #[test]
    fn pareto_chain_of_a_box_is_its_corner() {
        let hull =
            crate::geometry::convex_hull(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)], 1e-9);
        assert_eq!(pareto_chain(hull.vertices()), vec![(1.0, 1.0)]);
    }

    #[test]
    fn astronomical_payoffs_are_a_data_error_not_a_panic() {
        let c = PayoffSpaceChart {
            title: "x".into(),
            profiles: vec![
                LabelledPoint::new("a", (-1e308, 0.0)),
                LabelledPoint::new("b", (1e308, 1.0)),
            ],
            ..PayoffSpaceChart::default()
        };
        let e = crate::plot::svg_string(&c, crate::plot::Size::default()).unwrap_err();
        assert!(e.to_string().contains("too wide"), "{e}");
        let empty = PayoffSpaceChart::default();
        assert!(matches!(
            crate::plot::png_bytes(&empty, crate::plot::Size::default()),
            Err(PlotError::Data(_))
        ));
    }

    /// A prisoners'-dilemma-like chart: the feasible set and an SPE set.
    fn pd() -> PayoffSpaceChart {
        PayoffSpaceChart {
            title: "PD".into(),
            row_player: "Row".into(),
            col_player: "Col".into(),
            feasible: vec![(1.0, 1.0), (5.0, 0.0), (3.0, 3.0), (0.0, 5.0)],
            spe_sets: vec![SpeSet {
                delta: 0.9,
                polygon: vec![(1.0, 1.0), (4.0, 1.0), (3.0, 3.0), (1.0, 4.0)],
            }],
            ..PayoffSpaceChart::default()
        }
    }

    /// The corners of a regular `n`-gon of radius `r` around `c`, counter-clockwise.
    fn ngon(c: Point, r: f64, n: usize) -> Vec<Point> {
        (0..n)
            .map(|k| {
                let a = std::f64::consts::TAU * k as f64 / n as f64;
                (c.0 + r * a.cos(), c.1 + r * a.sin())
            })
            .collect()
    }

    fn svg(c: &PayoffSpaceChart) -> String {
        crate::plot::svg_string(c, crate::plot::Size::default()).unwrap()
    }

    #[test]
    fn ppe_bounds_are_in_the_legend_only_when_given() {
        let plain = pd();
        let text = svg(&plain);
        assert!(!text.contains("PPE"));
        let mut c = pd();
        c.ppe_outer = ngon((2.0, 2.0), 0.8, 40);
        let text = svg(&c);
        assert!(text.contains("PPE payoffs, outer bound"));
        assert!(!text.contains("PPE payoffs, inner bound"));
        c.ppe_inner = ngon((2.0, 2.0), 0.5, 12);
        let text = svg(&c);
        assert!(text.contains("PPE payoffs, outer bound"));
        assert!(text.contains("PPE payoffs, inner bound"));
        c.ppe_outer.clear();
        let text = svg(&c);
        assert!(!text.contains("PPE payoffs, outer bound"));
        assert!(text.contains("PPE payoffs, inner bound"));
    }

    #[test]
    fn the_axes_reach_the_ppe_points() {
        let mut c = pd();
        let far = [(-2.0, 7.5), (6.5, -1.5)];
        for p in far {
            let (x0, x1, y0, y1) = c.axis_ranges();
            assert!(!(x0..=x1).contains(&p.0) || !(y0..=y1).contains(&p.1));
        }
        c.ppe_outer = vec![far[0]];
        c.ppe_inner = vec![far[1], (2.0, 2.0)];
        let (x0, x1, y0, y1) = c.axis_ranges();
        for p in far {
            assert!(
                (x0..=x1).contains(&p.0) && (y0..=y1).contains(&p.1),
                "{p:?}"
            );
        }
    }

    #[test]
    fn points_and_segments_of_ppe_sets_render() {
        for n in [1, 2, 3, 64] {
            let mut c = pd();
            c.ppe_outer = ngon((2.0, 2.0), 0.8, n);
            c.ppe_inner = ngon((2.0, 2.0), 0.4, n);
            assert!(svg(&c).contains("PPE payoffs, inner bound"), "{n} corners");
        }
    }

    #[test]
    fn a_ppe_point_that_is_not_finite_is_a_data_error() {
        let mut c = pd();
        c.ppe_inner = vec![(1.0, f64::NAN)];
        assert!(matches!(
            crate::plot::png_bytes(&c, crate::plot::Size::default()),
            Err(PlotError::Data(_))
        ));
    }

    #[test]
    fn the_outer_bound_is_dashed_across_its_corners() {
        // A 200-gon has edges of a few pixels, shorter than a dash: if the pattern began
        // afresh on each edge, every edge would be drawn whole and the outline solid.
        let mut c = pd();
        c.ppe_outer = ngon((2.0, 2.0), 1.0, 200);
        let text = svg(&c);
        let stroke = format!("stroke=\"#{:02X}{:02X}{:02X}\"", PPE.0, PPE.1, PPE.2);
        let pieces = text
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains(&stroke))
            .count();
        assert!((10..200).contains(&pieces), "{pieces} dashes");
    }

    #[test]
    fn coinciding_profiles_share_a_label() {
        let g = group_profiles(&[
            LabelledPoint::new("(a, x)", (1.0, 1.0)),
            LabelledPoint::new("(b, y)", (1.0, 1.0)),
            LabelledPoint::new("(a, y)", (0.0, 2.0)),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].label, "(a, x) = (b, y)");
    }
}
