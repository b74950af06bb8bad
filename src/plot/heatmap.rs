//! The stage game as an annotated heatmap: one cell per pure profile, split in two —
//! the left half shaded by the row player's payoff, the right half by the column
//! player's — with each payoff printed, best responses underlined, pure equilibria
//! framed and mixed equilibria listed under the grid with action names.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::Serialize;

use super::style::{
    self, Fonts, INK, LegendEntry, Swatch, anchored, coloured, draw_frame, draw_legend, draw_title,
    mix, num, text_on, text_size, wrap,
};
use super::{Chart, PlotError};
use crate::tolerance::{CHART_SAME_VALUE, REPORT_SUPPORT};

/// A mixed-strategy profile to list with the stage game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixedProfile {
    /// The row player's probabilities, one per row action.
    pub row: Vec<f64>,
    /// The column player's probabilities, one per column action.
    pub col: Vec<f64>,
    /// Expected payoffs `(row, col)`.
    pub payoffs: (f64, f64),
}

/// Input of the stage-game heatmap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageChart {
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
    /// Row player's payoffs, `a[i][j]`.
    pub a: Vec<Vec<f64>>,
    /// Column player's payoffs, `b[i][j]`.
    pub b: Vec<Vec<f64>>,
    /// `row_best_responses[j]`: the row player's best replies to column action `j`.
    pub row_best_responses: Vec<Vec<usize>>,
    /// `col_best_responses[i]`: the column player's best replies to row action `i`.
    pub col_best_responses: Vec<Vec<usize>>,
    /// Pure equilibria as `(row action, column action)`.
    pub pure_equilibria: Vec<(usize, usize)>,
    /// Fully or partly mixed equilibria.
    pub mixed_equilibria: Vec<MixedProfile>,
}

/// Colour scale of the row player's payoffs (light to dark blue).
pub const ROW_SCALE: (RGBColor, RGBColor) = (RGBColor(238, 244, 252), RGBColor(22, 84, 156));
/// Colour scale of the column player's payoffs (light to dark orange-brown).
pub const COL_SCALE: (RGBColor, RGBColor) = (RGBColor(254, 240, 226), RGBColor(166, 60, 6));

impl StageChart {
    fn validate(&self) -> Result<(), PlotError> {
        let (m, n) = (self.row_actions.len(), self.col_actions.len());
        let bad = |what: String| Err(PlotError::Data(what));
        if m == 0 || n == 0 {
            return bad("a stage chart needs at least one action per player".into());
        }
        for (name, mat) in [("a", &self.a), ("b", &self.b)] {
            if mat.len() != m || mat.iter().any(|r| r.len() != n) {
                return bad(format!("payoff matrix {name} is not {m}x{n}"));
            }
            if mat.iter().flatten().any(|x| !x.is_finite()) {
                return bad(format!("payoff matrix {name} has a non-finite entry"));
            }
        }
        if self.row_best_responses.len() != n
            || self.row_best_responses.iter().flatten().any(|&i| i >= m)
        {
            return bad("row best responses must list row actions for each column action".into());
        }
        if self.col_best_responses.len() != m
            || self.col_best_responses.iter().flatten().any(|&j| j >= n)
        {
            return bad(
                "column best responses must list column actions for each row action".into(),
            );
        }
        if self.pure_equilibria.iter().any(|&(i, j)| i >= m || j >= n) {
            return bad("a pure equilibrium names an action out of range".into());
        }
        if self
            .mixed_equilibria
            .iter()
            .any(|p| p.row.len() != m || p.col.len() != n)
        {
            return bad("a mixed equilibrium has the wrong number of probabilities".into());
        }
        Ok(())
    }

    /// "hold 0.5, tariff 0.5": the support of a mixed strategy with its probabilities.
    fn describe(names: &[String], probs: &[f64]) -> String {
        let parts: Vec<String> = names
            .iter()
            .zip(probs)
            .filter(|(_, p)| **p > REPORT_SUPPORT)
            .map(|(a, p)| format!("{a} {}", num(*p, 3)))
            .collect();
        parts.join(", ")
    }
}

fn range(m: &[Vec<f64>]) -> (f64, f64) {
    let lo = m.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let hi = m
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    (lo, hi)
}

/// Shade of a payoff by its rank among the player's distinct payoffs (0 = lowest,
/// 1 = highest). Ranks rather than values: the ordinal structure is what decides best
/// responses, and one outlier (a crash in Chicken) would otherwise wash out the rest.
fn level(x: f64, m: &[Vec<f64>]) -> f64 {
    let mut distinct: Vec<f64> = m.iter().flatten().copied().collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup_by(|a, b| (*a - *b).abs() <= CHART_SAME_VALUE * a.abs().max(b.abs()).max(1.0));
    if distinct.len() <= 1 {
        return 0.5;
    }
    let rank = distinct
        .iter()
        .filter(|&&v| v < x - CHART_SAME_VALUE * x.abs().max(1.0))
        .count();
    rank as f64 / (distinct.len() - 1) as f64
}

/// Lays out a column heading in `max_w`: smaller font, then two lines split at `_` or a
/// space, then an ellipsis.
fn column_heading<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    fonts: &Fonts,
    max_w: i32,
) -> Result<(TextStyle<'static>, Vec<String>), PlotError> {
    for px in [18.0, 16.0, 14.0] {
        let st = fonts.bold(px);
        if text_size(area, text, &st)?.0 <= max_w {
            return Ok((st, vec![text.to_string()]));
        }
    }
    let st = fonts.bold(14.0);
    let cut = text
        .char_indices()
        .filter(|(_, c)| *c == '_' || *c == ' ')
        .map(|(k, _)| k)
        .min_by_key(|&k| (k as i64 - text.len() as i64 / 2).abs());
    if let Some(k) = cut {
        let (a, b) = (&text[..=k], &text[k + 1..]);
        if text_size(area, a, &st)?.0 <= max_w && text_size(area, b, &st)?.0 <= max_w {
            return Ok((st, vec![a.to_string(), b.to_string()]));
        }
    }
    Ok((st.clone(), vec![style::fit(area, text, &st, max_w)?]))
}

impl Chart for StageChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        self.validate()?;
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let fonts = Fonts::for_size(w as u32, h as u32);
        root.fill(&WHITE)?;
        let title_h = draw_title(root, &self.title, &fonts)?;
        let (m, n) = (self.row_actions.len(), self.col_actions.len());
        let margin = fonts.ipx(20.0);
        let legend_w = fonts.ipx(300.0);
        let grid_right = w - legend_w - 2 * margin;

        // Mixed equilibria under the grid.
        let note_style = fonts.small();
        let mut notes: Vec<String> = Vec::new();
        let shown = self.mixed_equilibria.len().min(4);
        for (k, p) in self.mixed_equilibria.iter().take(shown).enumerate() {
            notes.push(format!(
                "Mixed equilibrium {}: {} plays {}; {} plays {}; expected payoffs {}, {}",
                k + 1,
                self.row_player,
                Self::describe(&self.row_actions, &p.row),
                self.col_player,
                Self::describe(&self.col_actions, &p.col),
                num(p.payoffs.0, 3),
                num(p.payoffs.1, 3)
            ));
        }
        if self.mixed_equilibria.len() > shown {
            notes.push(format!(
                "… and {} more mixed equilibria (see the report)",
                self.mixed_equilibria.len() - shown
            ));
        }

        // Left margin: rotated row player name, then the row action names.
        let row_label_style = fonts.bold(16.0);
        let mut row_w = 0;
        for a in &self.row_actions {
            row_w = row_w.max(text_size(root, a, &row_label_style)?.0);
        }
        let row_w = row_w.min(w / 4);
        let axis_h = fonts.ipx(28.0);
        let grid_left = margin + axis_h + fonts.ipx(10.0) + row_w + fonts.ipx(12.0);
        let grid_w = (grid_right - grid_left).max(10);
        let col_w = grid_w / n as i32;

        let mut headings = Vec::new();
        let mut head_lines = 1;
        for a in &self.col_actions {
            let hd = column_heading(root, a, &fonts, col_w - fonts.ipx(8.0))?;
            head_lines = head_lines.max(hd.1.len());
            headings.push(hd);
        }
        let head_line_h = fonts.ipx(20.0);
        let grid_top =
            title_h + axis_h + fonts.ipx(8.0) + head_line_h * head_lines as i32 + fonts.ipx(8.0);

        let mut note_lines: Vec<String> = Vec::new();
        for nl in &notes {
            note_lines.extend(wrap(root, nl, &note_style, grid_right - margin)?);
        }
        let note_h = fonts.ipx(22.0) * note_lines.len() as i32;
        let grid_bottom = h
            - margin
            - note_h
            - if note_lines.is_empty() {
                0
            } else {
                fonts.ipx(10.0)
            };
        let grid_h = (grid_bottom - grid_top).max(10);
        let row_h = grid_h / m as i32;
        let grid_w = col_w * n as i32;
        let grid_h = row_h * m as i32;

        // Player names as axis titles.
        let axis_style = fonts.bold(20.0);
        root.draw(&Text::new(
            format!("columns: {}", self.col_player),
            (grid_left + grid_w / 2, title_h + axis_h / 2),
            anchored(&axis_style, HPos::Center, VPos::Center),
        ))?;
        root.draw(&Text::new(
            format!("rows: {}", self.row_player),
            (margin + axis_h / 2, grid_top + grid_h / 2),
            anchored(&axis_style, HPos::Center, VPos::Center).transform(FontTransform::Rotate270),
        ))?;
        for (j, (st, lines)) in headings.iter().enumerate() {
            let cx = grid_left + j as i32 * col_w + col_w / 2;
            let base = grid_top - fonts.ipx(8.0) - head_line_h * lines.len() as i32;
            for (k, l) in lines.iter().enumerate() {
                root.draw(&Text::new(
                    l.clone(),
                    (cx, base + k as i32 * head_line_h + head_line_h / 2),
                    anchored(st, HPos::Center, VPos::Center),
                ))?;
            }
        }
        for (i, a) in self.row_actions.iter().enumerate() {
            let cy = grid_top + i as i32 * row_h + row_h / 2;
            let label = style::fit(root, a, &row_label_style, row_w)?;
            root.draw(&Text::new(
                label,
                (grid_left - fonts.ipx(12.0), cy),
                anchored(&row_label_style, HPos::Right, VPos::Center),
            ))?;
        }

        // Cells.
        let (ra, rb) = (range(&self.a), range(&self.b));
        let pay_px = (fonts.px(28.0))
            .min(row_h as f64 * 0.3)
            .min(col_w as f64 * 0.5 * 0.42)
            .max(9.0);
        for i in 0..m {
            for j in 0..n {
                let x0 = grid_left + j as i32 * col_w;
                let y0 = grid_top + i as i32 * row_h;
                let xm = x0 + col_w / 2;
                let (x1, y1) = (x0 + col_w, y0 + row_h);
                let ca = mix(ROW_SCALE.0, ROW_SCALE.1, level(self.a[i][j], &self.a));
                let cb = mix(COL_SCALE.0, COL_SCALE.1, level(self.b[i][j], &self.b));
                root.draw(&Rectangle::new([(x0, y0), (xm, y1)], ca.filled()))?;
                root.draw(&Rectangle::new([(xm, y0), (x1, y1)], cb.filled()))?;
                let cy = y0 + row_h / 2;
                let row_best = self.row_best_responses[j].contains(&i);
                let col_best = self.col_best_responses[i].contains(&j);
                for (value, bg, cx, best) in [
                    (self.a[i][j], ca, x0 + col_w / 4, row_best),
                    (self.b[i][j], cb, xm + col_w / 4, col_best),
                ] {
                    let fg = text_on(bg);
                    let st = coloured(
                        &if best {
                            TextStyle::from(FontDesc::new(
                                FontFamily::SansSerif,
                                pay_px,
                                FontStyle::Bold,
                            ))
                        } else {
                            TextStyle::from((FontFamily::SansSerif, pay_px).into_font())
                        },
                        fg,
                    );
                    let text = num(value, 2);
                    root.draw(&Text::new(
                        text.clone(),
                        (cx, cy),
                        anchored(&st, HPos::Center, VPos::Center),
                    ))?;
                    if best {
                        let (tw, th) = text_size(root, &text, &st)?;
                        let uy = cy + th / 2 + fonts.ipx(5.0);
                        let thick = fonts.ipx(3.0).max(2);
                        root.draw(&Rectangle::new(
                            [(cx - tw / 2 - 2, uy), (cx + tw / 2 + 2, uy + thick)],
                            fg.filled(),
                        ))?;
                    }
                }
                root.draw(&Rectangle::new([(x0, y0), (x1, y1)], WHITE.stroke_width(2)))?;
            }
        }
        let frame = fonts.ipx(5.0).max(2);
        for &(i, j) in &self.pure_equilibria {
            let x0 = grid_left + j as i32 * col_w;
            let y0 = grid_top + i as i32 * row_h;
            draw_frame(
                root,
                (x0 + 1, y0 + 1, x0 + col_w - 1, y0 + row_h - 1),
                frame,
                INK,
            )?;
        }

        for (k, l) in note_lines.iter().enumerate() {
            root.draw(&Text::new(
                l.clone(),
                (
                    margin,
                    grid_top + grid_h + fonts.ipx(12.0) + k as i32 * fonts.ipx(22.0),
                ),
                anchored(&note_style, HPos::Left, VPos::Top),
            ))?;
        }

        // Legend.
        let mut entries = vec![
            LegendEntry::new("How to read a cell", Swatch::Heading),
            LegendEntry::new(
                format!(
                    "left number: {} payoff; shade by rank, {} lightest, {} darkest",
                    self.row_player,
                    num(ra.0, 2),
                    num(ra.1, 2)
                ),
                Swatch::Gradient(ROW_SCALE.0, ROW_SCALE.1),
            ),
            LegendEntry::new(
                format!(
                    "right number: {} payoff; shade by rank, {} lightest, {} darkest",
                    self.col_player,
                    num(rb.0, 2),
                    num(rb.1, 2)
                ),
                Swatch::Gradient(COL_SCALE.0, COL_SCALE.1),
            ),
            LegendEntry::new(
                "bold, underlined: a best response to the other player's action",
                Swatch::Line(INK, 3, false),
            ),
            LegendEntry::new("thick frame: pure Nash equilibrium", Swatch::Frame(INK, 4)),
            LegendEntry::new("Equilibria", Swatch::Heading),
        ];
        if self.pure_equilibria.is_empty() {
            entries.push(LegendEntry::new(
                crate::report::NO_PURE_EQUILIBRIUM,
                Swatch::Note,
            ));
        }
        for &(i, j) in &self.pure_equilibria {
            entries.push(LegendEntry::new(
                format!(
                    "pure: ({}, {}) pays {}, {}",
                    self.row_actions[i],
                    self.col_actions[j],
                    num(self.a[i][j], 2),
                    num(self.b[i][j], 2)
                ),
                Swatch::Frame(INK, 4),
            ));
        }
        if !self.mixed_equilibria.is_empty() {
            entries.push(LegendEntry::new(
                format!(
                    "{} mixed, listed under the grid",
                    self.mixed_equilibria.len()
                ),
                Swatch::Note,
            ));
        }
        let legend = root.clone().shrink(
            (w - legend_w - margin, title_h),
            (legend_w as u32, (h - title_h - margin).max(10) as u32),
        );
        draw_legend(&legend, &entries, &fonts)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{Size, png_bytes, svg_string};

    fn pd() -> StageChart {
        StageChart {
            title: "Prisoner's dilemma".into(),
            row_player: "Ann".into(),
            col_player: "Bob".into(),
            row_actions: vec!["cooperate".into(), "defect".into()],
            col_actions: vec!["cooperate".into(), "defect".into()],
            a: vec![vec![3.0, 0.0], vec![5.0, 1.0]],
            b: vec![vec![3.0, 5.0], vec![0.0, 1.0]],
            row_best_responses: vec![vec![1], vec![1]],
            col_best_responses: vec![vec![1], vec![1]],
            pure_equilibria: vec![(1, 1)],
            mixed_equilibria: vec![],
        }
    }

    #[test]
    fn renders_png_and_svg() {
        let c = pd();
        let png = png_bytes(&c, Size::default()).unwrap();
        assert!(png.len() > 1000);
        let svg = svg_string(&c, Size::default()).unwrap();
        assert!(svg.contains("Prisoner&apos;s dilemma") || svg.contains("Prisoner's dilemma"));
        assert!(svg.contains("defect"));
    }

    #[test]
    fn markup_characters_in_names_stay_valid_xml() {
        let mut c = pd();
        c.title = "Tom & Jerry <\"quoted\">".into();
        c.row_actions[0] = "a<b".into();
        c.col_player = "O'Brien & Co".into();
        let svg = svg_string(&c, Size::default()).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        assert!(texts.contains(&"Tom & Jerry <\"quoted\">"), "{texts:?}");
        assert!(texts.contains(&"a<b"), "{texts:?}");
    }

    #[test]
    fn wrong_shape_is_a_data_error() {
        let mut c = pd();
        c.a.pop();
        let e = svg_string(&c, Size::default()).unwrap_err();
        assert!(matches!(e, PlotError::Data(_)), "{e}");
    }

    #[test]
    fn out_of_range_equilibrium_is_a_data_error() {
        let mut c = pd();
        c.pure_equilibria.push((2, 0));
        assert!(matches!(
            png_bytes(&c, Size::default()),
            Err(PlotError::Data(_))
        ));
    }

    #[test]
    fn shades_follow_ranks() {
        let m = vec![vec![-10.0, 0.0], vec![1.0, 0.0]];
        assert_eq!(level(-10.0, &m), 0.0);
        assert_eq!(level(0.0, &m), 0.5);
        assert_eq!(level(1.0, &m), 1.0);
        assert_eq!(level(3.0, &[vec![3.0]]), 0.5);
    }

    #[test]
    fn mixed_profiles_are_described_by_name() {
        let s = StageChart::describe(&["a".into(), "b".into(), "c".into()], &[0.5, 0.0, 0.5]);
        assert_eq!(s, "a 0.5, c 0.5");
    }
}
