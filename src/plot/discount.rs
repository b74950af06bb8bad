//! Critical discount factors. For each target profile (the outcome to sustain) and each
//! punishment (grim Nash reversion, minmax, a limited punishment…), the threshold δ*
//! above which the target is sustainable in a subgame-perfect equilibrium: one bar per
//! pair over δ ∈ [0, 1], red where δ < δ* (unsustainable), green where δ ≥ δ*
//! (sustainable), all red when no δ < 1 sustains it. Vertical lines mark the scenario's
//! discount factors. The chart assumes, as the one-shot deviation conditions of these
//! strategies give, that sustainability is monotone in δ.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::Serialize;

use super::style::{
    INK, Layout, LegendEntry, Swatch, anchored, coloured, draw_polyline, fit, num, text_on,
    text_size,
};
use super::{Chart, PlotError};

/// The critical discount factor of one punishment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriticalDelta {
    /// The punishment (e.g. "grim trigger to (chip_ban, retaliatory_tariff)").
    pub punishment: String,
    /// δ*, or `None` when no discount factor below 1 sustains the target.
    pub delta: Option<f64>,
}

/// One target profile with its thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscountTarget {
    /// The target (e.g. "(hold, hold)").
    pub target: String,
    /// One threshold per punishment.
    pub thresholds: Vec<CriticalDelta>,
}

/// Input of the discount-factor chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscountChart {
    /// Chart title.
    pub title: String,
    /// Target profiles.
    pub targets: Vec<DiscountTarget>,
    /// Discount factors to mark, with labels (e.g. the scenario's δ).
    pub marks: Vec<(String, f64)>,
}

/// Colour of the sustainable part.
pub const SUSTAINABLE: RGBColor = RGBColor(60, 160, 90);
/// Colour of the unsustainable part.
pub const UNSUSTAINABLE: RGBColor = RGBColor(215, 80, 70);
/// Colours of the marked discount factors.
const MARKS: [RGBColor; 3] = [
    RGBColor(40, 40, 120),
    RGBColor(150, 40, 150),
    RGBColor(20, 20, 20),
];

fn mark_colour(k: usize) -> RGBColor {
    MARKS[k % MARKS.len()]
}

impl DiscountChart {
    fn validate(&self) -> Result<usize, PlotError> {
        let n: usize = self.targets.iter().map(|t| t.thresholds.len()).sum();
        if n == 0 {
            return Err(PlotError::Data(
                "a discount chart needs at least one threshold".into(),
            ));
        }
        for t in &self.targets {
            for c in &t.thresholds {
                if let Some(d) = c.delta.filter(|d| !(0.0..=1.0).contains(d)) {
                    return Err(PlotError::Data(format!(
                        "{} / {}: critical δ {d} is outside [0, 1]",
                        t.target, c.punishment
                    )));
                }
            }
        }
        if self.marks.iter().any(|m| !(0.0..=1.0).contains(&m.1)) {
            return Err(PlotError::Data("a marked δ is outside [0, 1]".into()));
        }
        Ok(n)
    }
}

impl Chart for DiscountChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let n = self.validate()?;
        let layout = Layout::new(root, &self.title, 270.0)?;
        let Layout { fonts, .. } = layout;
        let label_w = fonts.ipx(330.0);
        let body = layout.body(root);
        let mut chart = ChartBuilder::on(&body)
            .margin_right(fonts.ipx(16.0) as u32)
            .x_label_area_size(fonts.ipx(60.0) as u32)
            .y_label_area_size(label_w as u32)
            .build_cartesian_2d(0.0..1.0, 0.0..n as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(11)
            .x_label_formatter(&|x| num(*x, 2))
            .x_desc("discount factor δ")
            .axis_desc_style(fonts.axis())
            .label_style(fonts.tick())
            .light_line_style(WHITE)
            .draw()?;
        let pa = chart.plotting_area().clone();
        let px = |x: f64, y: f64| pa.map_coordinate(&(x, y));
        let row_px = (px(0.0, 0.0).1 - px(0.0, 1.0).1).max(1);
        let target_style = fonts.bold(15.0);
        let pun_style = fonts.text(15.0);
        let val_px = (row_px as f64 * 0.45).min(fonts.px(16.0)).max(9.0);
        let val_style = TextStyle::from(FontDesc::new(
            FontFamily::SansSerif,
            val_px,
            FontStyle::Bold,
        ));
        let mut k = 0usize;
        // Values are written after the marks, on a patch of their bar's colour, so a
        // marked δ never runs through them.
        let mut values = Vec::new();
        for t in &self.targets {
            let first = k;
            for c in &t.thresholds {
                // Rows run top to bottom.
                let y_top = n as f64 - k as f64;
                let (y0, y1) = (y_top - 0.12, y_top - 0.88);
                let cut = c.delta.unwrap_or(1.0);
                let (a0, a1) = (px(0.0, y0), px(cut, y1));
                root.draw(&Rectangle::new([a0, a1], UNSUSTAINABLE.filled()))?;
                if c.delta.is_some() {
                    let (b0, b1) = (px(cut, y0), px(1.0, y1));
                    root.draw(&Rectangle::new([b0, b1], SUSTAINABLE.filled()))?;
                    root.draw(&PathElement::new(
                        vec![(b0.0, b0.1), (b0.0, b1.1)],
                        INK.stroke_width(2),
                    ))?;
                }
                let text = match c.delta {
                    Some(d) => format!("δ* = {}", num(d, 3)),
                    None => "never sustainable".into(),
                };
                let (tw, _) = text_size(root, &text, &val_style)?;
                let cy = (a0.1 + a1.1) / 2;
                // Put the value inside whichever side has room, next to the threshold.
                let (x, anchor, bg) = match c.delta {
                    Some(_) if px(1.0, 0.0).0 - a1.0 > tw + 12 => {
                        (a1.0 + 6, HPos::Left, SUSTAINABLE)
                    }
                    Some(_) => (a1.0 - 6, HPos::Right, UNSUSTAINABLE),
                    None => ((a0.0 + a1.0) / 2, HPos::Center, UNSUSTAINABLE),
                };
                values.push((text, x, cy, anchor, bg, tw));
                let (lx, _) = px(0.0, 0.0);
                let lab = fit(root, &c.punishment, &pun_style, label_w - fonts.ipx(24.0))?;
                root.draw(&Text::new(
                    lab,
                    (
                        lx - fonts.ipx(10.0),
                        cy + if row_px > fonts.ipx(44.0) {
                            fonts.ipx(9.0)
                        } else {
                            0
                        },
                    ),
                    anchored(&pun_style, HPos::Right, VPos::Center),
                ))?;
                k += 1;
            }
            // Target name: above its first row when rows are tall, else on its own.
            let y_top = n as f64 - first as f64;
            let (lx, ty) = px(0.0, y_top - 0.12);
            let tname = fit(
                root,
                &format!("target {}", t.target),
                &target_style,
                label_w - fonts.ipx(24.0),
            )?;
            let ty = if row_px > fonts.ipx(44.0) {
                ty + fonts.ipx(8.0)
            } else {
                ty - fonts.ipx(2.0)
            };
            root.draw(&Text::new(
                tname,
                (lx - fonts.ipx(10.0), ty),
                anchored(&target_style, HPos::Right, VPos::Center),
            ))?;
            if k < n {
                let (x0, y) = px(0.0, n as f64 - k as f64);
                let (x1, _) = px(1.0, 0.0);
                root.draw(&PathElement::new(
                    vec![(x0 - label_w + fonts.ipx(10.0), y), (x1, y)],
                    RGBColor(150, 150, 150).stroke_width(1),
                ))?;
            }
        }
        for (k, (_, d)) in self.marks.iter().enumerate() {
            let top = px(*d, n as f64);
            let bot = px(*d, 0.0);
            draw_polyline(
                root,
                &[top, bot],
                mark_colour(k).stroke_width(3),
                Some((fonts.ipx(10.0), fonts.ipx(6.0))),
            )?;
        }
        for (text, x, cy, anchor, bg, tw) in values {
            let (x0, x1) = match anchor {
                HPos::Left => (x, x + tw),
                HPos::Right => (x - tw, x),
                HPos::Center => (x - tw / 2, x + tw / 2),
            };
            let h2 = (val_px * 0.7) as i32;
            root.draw(&Rectangle::new(
                [(x0 - 3, cy - h2), (x1 + 3, cy + h2)],
                bg.filled(),
            ))?;
            root.draw(&Text::new(
                text,
                (x, cy),
                anchored(&coloured(&val_style, text_on(bg)), anchor, VPos::Center),
            ))?;
        }

        let mut e = vec![
            LegendEntry::new("Over δ", Swatch::Heading),
            LegendEntry::new(
                "sustainable: no player gains by deviating (δ ≥ δ*)",
                Swatch::Fill(SUSTAINABLE),
            ),
            LegendEntry::new("not sustainable (δ < δ*)", Swatch::Fill(UNSUSTAINABLE)),
            LegendEntry::new("critical δ*", Swatch::Line(INK, 2, false)),
        ];
        for (k, (label, d)) in self.marks.iter().enumerate() {
            e.push(LegendEntry::new(
                format!("{label}: δ = {}", num(*d, 3)),
                Swatch::Line(mark_colour(k), 3, true),
            ));
        }
        layout.legend(root, &e)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{Size, svg_string};

    #[test]
    fn delta_outside_the_unit_interval_is_a_data_error() {
        let c = DiscountChart {
            title: "x".into(),
            targets: vec![DiscountTarget {
                target: "(a, b)".into(),
                thresholds: vec![CriticalDelta {
                    punishment: "grim".into(),
                    delta: Some(1.5),
                }],
            }],
            marks: vec![],
        };
        assert!(matches!(
            svg_string(&c, Size::default()),
            Err(PlotError::Data(_))
        ));
    }

    #[test]
    fn never_sustainable_is_said_in_words() {
        let c = DiscountChart {
            title: "x".into(),
            targets: vec![DiscountTarget {
                target: "(a, b)".into(),
                thresholds: vec![
                    CriticalDelta {
                        punishment: "grim".into(),
                        delta: None,
                    },
                    CriticalDelta {
                        punishment: "minmax".into(),
                        delta: Some(0.4),
                    },
                ],
            }],
            marks: vec![("scenario".into(), 0.9)],
        };
        let svg = svg_string(&c, Size::default()).unwrap();
        assert!(svg.contains("never sustainable"));
        assert!(svg.contains("δ* = 0.4"));
    }
}
