//! A path of play round by round — a simulated match (with noise) or a constructed
//! equilibrium path. Top: each player's action per round as a coloured strip (one colour
//! per action, the action's name written on runs wide enough to hold it, a triangle over
//! each round where noise replaced the intended move). Under imperfect public
//! monitoring a lane above the strips marks the rounds where the public signal raised an
//! alarm, true (someone had left the truce) or false (both kept it). Below: the payoffs of
//! each round and the cumulative discounted payoffs.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::Serialize;

use super::style::{
    COL_COLOUR, GREY, INK, Layout, LegendEntry, Marker, ROW_COLOUR, Swatch, action_colour,
    anchored, coloured, draw_marker, drawable_range, fit, mix, num, text_on, text_size,
};
use super::{Chart, PlotError};
use crate::tolerance::CHART_INTEGER_TICK;

/// One round of a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathRound {
    /// The row player's action (a name from [`PathChart::row_actions`]).
    pub row: String,
    /// The column player's action.
    pub col: String,
    /// Whether noise replaced the row player's intended move this round.
    pub row_noise: bool,
    /// Whether noise replaced the column player's intended move this round.
    pub col_noise: bool,
    /// Stage payoffs `(row, col)` of this round.
    pub payoffs: (f64, f64),
    /// Cumulative discounted payoffs `(row, col)` up to and including this round.
    pub cumulative: (f64, f64),
}

/// Input of the path chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathChart {
    /// Chart title.
    pub title: String,
    /// Row player's name.
    pub row_player: String,
    /// Column player's name.
    pub col_player: String,
    /// All of the row player's action names (fixes each action's colour).
    pub row_actions: Vec<String>,
    /// All of the column player's action names.
    pub col_actions: Vec<String>,
    /// The rounds, in order (round 1 first).
    pub rounds: Vec<PathRound>,
    /// What a marked round means, for the legend (noise in a simulated match, a
    /// deviation on an equilibrium path).
    pub mark_label: String,
    /// The public signal of each round under imperfect monitoring: empty (no signal
    /// shown), or one entry per round — `None` no alarm, `Some(true)` a true alarm
    /// (someone had left the truce), `Some(false)` a false alarm (both kept it).
    pub alarms: Vec<Option<bool>>,
}

/// The legend text of marks in a simulated match.
pub const NOISE_MARK: &str = "noise: the intended move was replaced by a random one";

/// The legend text of marks on an equilibrium path with a deviation.
pub const DEVIATION_MARK: &str = "deviation: the player leaves the equilibrium path";

/// The legend text of a true alarm.
pub const TRUE_ALARM_MARK: &str = "true alarm: someone had left the truce";

/// The legend text of a false alarm.
pub const FALSE_ALARM_MARK: &str = "false alarm: both kept the truce";

/// Colour of a true alarm.
const TRUE_ALARM: RGBColor = RGBColor(200, 20, 30);
/// Colour of a false alarm.
const FALSE_ALARM: RGBColor = RGBColor(235, 130, 0);

impl PathChart {
    /// Action indices per round, checked against the action lists.
    fn indices(&self) -> Result<Vec<(usize, usize)>, PlotError> {
        if self.rounds.is_empty() {
            return Err(PlotError::Data(
                "a path chart needs at least one round".into(),
            ));
        }
        let find = |names: &[String], a: &str, who: &str, t: usize| {
            names.iter().position(|n| n == a).ok_or_else(|| {
                PlotError::Data(format!("round {t}: {a:?} is not an action of {who}"))
            })
        };
        let mut out = Vec::with_capacity(self.rounds.len());
        for (t, r) in self.rounds.iter().enumerate() {
            let i = find(&self.row_actions, &r.row, &self.row_player, t + 1)?;
            let j = find(&self.col_actions, &r.col, &self.col_player, t + 1)?;
            let v = [r.payoffs.0, r.payoffs.1, r.cumulative.0, r.cumulative.1];
            if v.iter().any(|x| !x.is_finite()) {
                return Err(PlotError::Data(format!(
                    "round {}: a payoff is not finite",
                    t + 1
                )));
            }
            out.push((i, j));
        }
        if !self.alarms.is_empty() && self.alarms.len() != self.rounds.len() {
            return Err(PlotError::Data(format!(
                "{} alarm entries for {} rounds: give one per round, or none",
                self.alarms.len(),
                self.rounds.len()
            )));
        }
        Ok(out)
    }
}

fn bounds(vals: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let pad = ((hi - lo) * 0.08).max(0.25);
    (lo - pad, hi + pad)
}

fn round_label(x: &f64) -> String {
    if (x - x.round()).abs() < CHART_INTEGER_TICK && *x >= 0.5 {
        format!("{}", x.round() as i64)
    } else {
        String::new()
    }
}

impl Chart for PathChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let idx = self.indices()?;
        let layout = Layout::new(root, &self.title, 290.0)?;
        let Layout { fonts, .. } = layout;
        let t_max = self.rounds.len();
        let xr = 0.5..(t_max as f64 + 0.5);
        let y_area = fonts.ipx(150.0) as u32;
        let n_ticks = t_max.min(15);

        let body = layout.body(root);
        let body_h = body.dim_in_pixel().1 as i32;
        // The alarm lane adds half a unit above the strips; the strips panel grows with it
        // so the bands keep their height.
        let signal = !self.alarms.is_empty();
        let (strips_frac, y_top) = if signal { (0.31, 3.1) } else { (0.27, 2.6) };
        let strips_h = (body_h as f64 * strips_frac) as i32;
        let (strips, rest) = body.split_vertically(strips_h);
        let rest_h = rest.dim_in_pixel().1 as i32;
        let (per_round, cumulative) = rest.split_vertically(rest_h * 46 / 100);

        // Action strips.
        let mut chart = ChartBuilder::on(&strips)
            .margin_right(fonts.ipx(10.0) as u32)
            .margin_top(fonts.ipx(4.0) as u32)
            .x_label_area_size(fonts.ipx(28.0) as u32)
            .y_label_area_size(y_area)
            .build_cartesian_2d(xr.clone(), 0.0..y_top)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .y_labels(0)
            .x_labels(n_ticks)
            .x_label_formatter(&round_label)
            .label_style(fonts.tick())
            .draw()?;
        let pa = chart.plotting_area().clone();
        let px = |x: f64, y: f64| pa.map_coordinate(&(x, y));
        let name_style = fonts.bold(16.0);
        for (band, name) in [(1.4, &self.row_player), (0.2, &self.col_player)] {
            let (_, cy) = px(0.5, band + 0.4);
            let (x_left, _) = px(0.5, 0.0);
            let label = fit(root, name, &name_style, y_area as i32 - fonts.ipx(12.0))?;
            root.draw(&Text::new(
                label,
                (x_left - fonts.ipx(8.0), cy),
                anchored(&name_style, HPos::Right, VPos::Center),
            ))?;
        }
        let label_style = fonts.text(14.0);
        if signal {
            // Above the row player's noise marks, one mark per alarm, its shape centred
            // in the lane.
            let (x_left, cy) = px(0.5, 2.87);
            let lane_style = coloured(&fonts.text(15.0), mix(GREY, INK, 0.5));
            root.draw(&Text::new(
                "alarms",
                (x_left - fonts.ipx(8.0), cy),
                anchored(&lane_style, HPos::Right, VPos::Center),
            ))?;
            let (a, _) = px(1.0, 0.0);
            let (b, _) = px(2.0, 0.0);
            // Marks stay big enough to tell apart when hundreds of rounds crowd them;
            // true alarms are drawn last, so a false one beside them never hides them.
            let r = ((b - a) / 2).clamp(5, fonts.ipx(9.0).max(5));
            for (t, _) in self
                .alarms
                .iter()
                .enumerate()
                .filter(|a| a.1 == &Some(false))
            {
                let (x, _) = px(t as f64 + 1.0, 0.0);
                let c = (x, cy + r * 3 / 10);
                draw_marker(root, c, Marker::OpenTriangle, FALSE_ALARM, r)?;
            }
            for (t, _) in self
                .alarms
                .iter()
                .enumerate()
                .filter(|a| a.1 == &Some(true))
            {
                let (x, _) = px(t as f64 + 1.0, 0.0);
                let c = (x, cy - r * 11 / 40);
                draw_marker(root, c, Marker::DownTriangle, TRUE_ALARM, r)?;
            }
        }
        for (band, side) in [(1.4, 0usize), (0.2, 1usize)] {
            let actions = if side == 0 {
                &self.row_actions
            } else {
                &self.col_actions
            };
            // Runs of one action.
            let mut labels = Vec::new();
            let mut t = 0;
            while t < t_max {
                let k = if side == 0 { idx[t].0 } else { idx[t].1 };
                let mut e = t;
                while e + 1 < t_max
                    && (if side == 0 {
                        idx[e + 1].0
                    } else {
                        idx[e + 1].1
                    }) == k
                {
                    e += 1;
                }
                let c = action_colour(k);
                let (x0, y0) = px(t as f64 + 0.5, band + 0.8);
                let (x1, y1) = px(e as f64 + 1.5, band);
                root.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))?;
                let name = &actions[k];
                let (tw, th) = text_size(root, name, &label_style)?;
                if tw + fonts.ipx(8.0) < x1 - x0 {
                    labels.push((name.clone(), ((x0 + x1) / 2, (y0 + y1) / 2), c, tw, th));
                }
                t = e + 1;
            }
            // Round separators when rounds are wide enough to see them.
            let (a, _) = px(1.0, 0.0);
            let (b, _) = px(2.0, 0.0);
            if b - a >= 6 {
                for t in 1..t_max {
                    let (x, y0) = px(t as f64 + 0.5, band + 0.8);
                    let (_, y1) = px(t as f64 + 0.5, band);
                    root.draw(&PathElement::new(
                        vec![(x, y0), (x, y1)],
                        WHITE.stroke_width(1),
                    ))?;
                }
            }
            // Names of runs, on a patch of the run's colour so separators do not cross them.
            for (name, (cx, cy), c, tw, th) in labels.drain(..) {
                let pad = fonts.ipx(3.0);
                root.draw(&Rectangle::new(
                    [
                        (cx - tw / 2 - pad, cy - th / 2 - pad),
                        (cx + tw / 2 + pad, cy + th / 2 + pad),
                    ],
                    c.filled(),
                ))?;
                root.draw(&Text::new(
                    name,
                    (cx, cy),
                    anchored(
                        &coloured(&label_style, text_on(c)),
                        HPos::Center,
                        VPos::Center,
                    ),
                ))?;
            }
            let r = ((b - a) / 2 - 1).clamp(3, fonts.ipx(8.0).max(3));
            for (t, round) in self.rounds.iter().enumerate() {
                let noisy = if side == 0 {
                    round.row_noise
                } else {
                    round.col_noise
                };
                if noisy {
                    let c = px(t as f64 + 1.0, band + 0.98);
                    draw_marker(root, (c.0, c.1 - r / 2), Marker::DownTriangle, INK, r)?;
                }
            }
        }

        // Per-round payoffs.
        let (lo, hi) = bounds(self.rounds.iter().flat_map(|r| [r.payoffs.0, r.payoffs.1]));
        drawable_range(lo, hi, "the payoffs per round")?;
        let mut chart = ChartBuilder::on(&per_round)
            .margin_right(fonts.ipx(10.0) as u32)
            .margin_top(fonts.ipx(10.0) as u32)
            .x_label_area_size(fonts.ipx(28.0) as u32)
            .y_label_area_size(y_area)
            .build_cartesian_2d(xr.clone(), lo..hi)?;
        chart
            .configure_mesh()
            .x_labels(n_ticks)
            .x_label_formatter(&round_label)
            .y_label_formatter(&|y| num(*y, 2))
            .y_desc("payoff per round")
            .axis_desc_style(fonts.axis())
            .label_style(fonts.tick())
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(230, 230, 230))
            .draw()?;
        let dots = t_max <= 80;
        // The row player's line is drawn wider and first, so it still shows as a halo
        // where both players' payoffs coincide.
        for (c, width, dot, get) in [
            (
                ROW_COLOUR,
                4.0,
                4.5,
                (|r: &PathRound| r.payoffs.0) as fn(&PathRound) -> f64,
            ),
            (COL_COLOUR, 2.0, 3.0, |r: &PathRound| r.payoffs.1),
        ] {
            let pts: Vec<(f64, f64)> = self
                .rounds
                .iter()
                .enumerate()
                .map(|(t, r)| (t as f64 + 1.0, get(r)))
                .collect();
            chart.draw_series(LineSeries::new(
                pts.clone(),
                c.stroke_width(fonts.ipx(width).max(1) as u32),
            ))?;
            if dots {
                chart.draw_series(
                    pts.iter()
                        .map(|&p| Circle::new(p, fonts.ipx(dot), c.filled())),
                )?;
            }
        }

        // Cumulative discounted payoffs.
        let (lo, hi) = bounds(
            self.rounds
                .iter()
                .flat_map(|r| [r.cumulative.0, r.cumulative.1]),
        );
        drawable_range(lo, hi, "the cumulative payoffs")?;
        let mut chart = ChartBuilder::on(&cumulative)
            .margin_right(fonts.ipx(10.0) as u32)
            .margin_top(fonts.ipx(10.0) as u32)
            .x_label_area_size(fonts.ipx(55.0) as u32)
            .y_label_area_size(y_area)
            .build_cartesian_2d(xr, lo..hi)?;
        chart
            .configure_mesh()
            .x_labels(n_ticks)
            .x_label_formatter(&round_label)
            .y_label_formatter(&|y| num(*y, 2))
            .x_desc("round")
            .y_desc("cumulative discounted")
            .axis_desc_style(fonts.axis())
            .label_style(fonts.tick())
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(230, 230, 230))
            .draw()?;
        for (c, width, get) in [
            (
                ROW_COLOUR,
                5.0,
                (|r: &PathRound| r.cumulative.0) as fn(&PathRound) -> f64,
            ),
            (COL_COLOUR, 2.5, |r: &PathRound| r.cumulative.1),
        ] {
            let pts: Vec<(f64, f64)> = self
                .rounds
                .iter()
                .enumerate()
                .map(|(t, r)| (t as f64 + 1.0, get(r)))
                .collect();
            if let [only] = pts[..] {
                // A line through one point has no length: show the point itself.
                chart.draw_series(std::iter::once(Circle::new(
                    only,
                    fonts.ipx(width),
                    c.filled(),
                )))?;
            }
            chart.draw_series(LineSeries::new(
                pts,
                c.stroke_width(fonts.ipx(width).max(1) as u32),
            ))?;
        }

        // Legend.
        let mut e = Vec::new();
        for (who, actions) in [
            (&self.row_player, &self.row_actions),
            (&self.col_player, &self.col_actions),
        ] {
            e.push(LegendEntry::new(format!("{who} plays"), Swatch::Heading));
            for (k, a) in actions.iter().enumerate() {
                e.push(LegendEntry::new(a.clone(), Swatch::Fill(action_colour(k))));
            }
        }
        let noisy = self.rounds.iter().any(|r| r.row_noise || r.col_noise);
        let true_alarm = self.alarms.contains(&Some(true));
        let false_alarm = self.alarms.contains(&Some(false));
        if noisy || true_alarm || false_alarm {
            e.push(LegendEntry::new("Marks", Swatch::Heading));
        }
        if noisy {
            e.push(LegendEntry::new(
                self.mark_label.clone(),
                Swatch::Marker(Marker::DownTriangle, INK),
            ));
        }
        if true_alarm {
            e.push(LegendEntry::new(
                TRUE_ALARM_MARK,
                Swatch::Marker(Marker::DownTriangle, TRUE_ALARM),
            ));
        }
        if false_alarm {
            e.push(LegendEntry::new(
                FALSE_ALARM_MARK,
                Swatch::Marker(Marker::OpenTriangle, FALSE_ALARM),
            ));
        }
        e.push(LegendEntry::new("Payoffs", Swatch::Heading));
        e.push(LegendEntry::new(
            self.row_player.clone(),
            Swatch::Line(ROW_COLOUR, 4, false),
        ));
        e.push(LegendEntry::new(
            self.col_player.clone(),
            Swatch::Line(COL_COLOUR, 3, false),
        ));
        layout.legend(root, &e)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{Size, png_bytes, svg_string};

    fn chart(rounds: usize) -> PathChart {
        let acts = ["hold", "tariff"];
        PathChart {
            title: "A match".into(),
            row_player: "US".into(),
            col_player: "China".into(),
            row_actions: acts.iter().map(|s| s.to_string()).collect(),
            col_actions: acts.iter().map(|s| s.to_string()).collect(),
            rounds: (0..rounds)
                .map(|t| PathRound {
                    row: acts[(t / 3) % 2].into(),
                    col: acts[(t / 4) % 2].into(),
                    row_noise: t == 2,
                    col_noise: false,
                    payoffs: (1.0, 2.0),
                    cumulative: (t as f64, 2.0 * t as f64),
                })
                .collect(),
            mark_label: NOISE_MARK.into(),
            alarms: Vec::new(),
        }
    }

    #[test]
    fn unknown_action_is_a_data_error() {
        let mut c = chart(5);
        c.rounds[3].col = "curb".into();
        let e = svg_string(&c, Size::default()).unwrap_err();
        assert!(e.to_string().contains("round 4"), "{e}");
    }

    #[test]
    fn empty_path_is_a_data_error() {
        assert!(matches!(
            svg_string(&chart(0), Size::default()),
            Err(PlotError::Data(_))
        ));
    }

    fn with_alarms(rounds: usize, alarm: impl Fn(usize) -> Option<bool>) -> PathChart {
        let mut c = chart(rounds);
        c.alarms = (0..rounds).map(alarm).collect();
        c
    }

    #[test]
    fn alarms_not_one_per_round_are_a_data_error() {
        for (rounds, n) in [(10, 9), (10, 11), (1, 2)] {
            let mut c = chart(rounds);
            c.alarms = vec![None; n];
            let e = svg_string(&c, Size::default()).unwrap_err();
            assert!(matches!(e, PlotError::Data(_)), "{e}");
            assert!(e.to_string().contains(&format!("{n} alarm entries")), "{e}");
        }
    }

    #[test]
    fn the_legend_names_only_the_alarms_that_occur() {
        // The legend wraps its texts, so the test looks for their openings.
        let (t, f) = ("true alarm", "false alarm");
        let svg = |c: &PathChart| svg_string(c, Size::default()).unwrap();
        let none = svg(&chart(12));
        assert!(!none.contains(t) && !none.contains(f) && !none.contains(">alarms<"));
        let quiet = svg(&with_alarms(12, |_| None));
        assert!(!quiet.contains(t) && !quiet.contains(f) && quiet.contains("alarms"));
        let only_false = svg(&with_alarms(12, |t| (t == 4).then_some(false)));
        assert!(!only_false.contains(t) && only_false.contains(f));
        let only_true = svg(&with_alarms(12, |t| (t == 4).then_some(true)));
        assert!(only_true.contains(t) && !only_true.contains(f));
        let both = svg(&with_alarms(12, |t| [None, Some(true), Some(false)][t % 3]));
        assert!(both.contains(t) && both.contains(f));
    }

    #[test]
    fn alarms_over_hundreds_of_rounds_render() {
        let c = with_alarms(500, |t| [None, None, Some(true), None, Some(false)][t % 5]);
        assert!(png_bytes(&c, Size::default()).is_ok());
    }

    #[test]
    fn renders_one_round_and_many() {
        for n in [1, 12, 500] {
            let svg = svg_string(&chart(n), Size::default()).unwrap();
            assert!(svg.contains("tariff"));
        }
    }
}
