//! Tournaments and evolution of strategies. [`RankingChart`]: a round-robin ranking as
//! horizontal bars, best first, each bar coloured by the player the strategy belongs to
//! and labelled with its score. [`PopulationChart`]: population shares of strategies
//! over generations as stacked areas (shares sum to one), one panel per population.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::Serialize;

use super::style::{
    Layout, LegendEntry, Swatch, anchored, draw_legend, drawable_range, fit, non_decreasing, num,
    series_colour, text_size,
};
use super::{Chart, PlotError};
use crate::tolerance::{CHART_FLAT_RANGE, CHART_MIN_SPAN, CHART_PROB_SLACK, CHART_SHARE_SUM};

/// One strategy's result in a tournament.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankingEntry {
    /// Strategy name.
    pub name: String,
    /// Who it plays for (a player's name, or e.g. "either player").
    pub group: String,
    /// Its score.
    pub score: f64,
}

/// Input of the ranking chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankingChart {
    /// Chart title.
    pub title: String,
    /// What the score is (axis title, e.g. "mean payoff per round").
    pub score_label: String,
    /// The entries (drawn best first).
    pub entries: Vec<RankingEntry>,
}

impl Chart for RankingChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        if self.entries.is_empty() {
            return Err(PlotError::Data("a ranking needs at least one entry".into()));
        }
        if self.entries.iter().any(|e| !e.score.is_finite()) {
            return Err(PlotError::Data("a score is not finite".into()));
        }
        let mut entries: Vec<&RankingEntry> = self.entries.iter().collect();
        entries.sort_by(|a, b| b.score.total_cmp(&a.score));
        let mut groups: Vec<&str> = Vec::new();
        for e in &self.entries {
            if !groups.contains(&e.group.as_str()) {
                groups.push(&e.group);
            }
        }
        let colour = |g: &str| series_colour(groups.iter().position(|x| *x == g).unwrap_or(0));

        let layout = Layout::new(root, &self.title, 250.0)?;
        let Layout { fonts, .. } = layout;
        let label_w = fonts.ipx(230.0);
        let body = layout.body(root);
        let lo = entries.iter().map(|e| e.score).fold(0.0f64, f64::min);
        let hi = entries.iter().map(|e| e.score).fold(0.0f64, f64::max);
        let span = (hi - lo).max(CHART_MIN_SPAN);
        let (lo, hi) = (
            if lo < 0.0 { lo - 0.05 * span } else { 0.0 },
            hi + 0.15 * span,
        );
        drawable_range(lo, hi, "the scores")?;
        let n = entries.len();
        let mut chart = ChartBuilder::on(&body)
            .margin_right(fonts.ipx(16.0) as u32)
            .x_label_area_size(fonts.ipx(60.0) as u32)
            .y_label_area_size(label_w as u32)
            .build_cartesian_2d(lo..hi, 0.0..n as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(self.score_label.clone())
            .x_label_formatter(&|x| num(*x, 2))
            .axis_desc_style(fonts.axis())
            .label_style(fonts.tick())
            .light_line_style(WHITE)
            .draw()?;
        let pa = chart.plotting_area().clone();
        let px = |x: f64, y: f64| pa.map_coordinate(&(x, y));
        let name_style = fonts.bold(15.0);
        let row_px = (px(0.0, 0.0).1 - px(0.0, 1.0).1).max(1);
        let val_px = (row_px as f64 * 0.5).min(fonts.px(15.0)).max(8.0);
        let val_style = TextStyle::from((FontFamily::SansSerif, val_px).into_font());
        for (k, e) in entries.iter().enumerate() {
            let y_top = n as f64 - k as f64;
            let a = px(0.0, y_top - 0.15);
            let b = px(e.score, y_top - 0.85);
            root.draw(&Rectangle::new([a, b], colour(&e.group).filled()))?;
            let cy = (a.1 + b.1) / 2;
            let label = fit(
                root,
                &format!("{}. {}", k + 1, e.name),
                &name_style,
                label_w - fonts.ipx(20.0),
            )?;
            let (lx, _) = px(lo, 0.0);
            root.draw(&Text::new(
                label,
                (lx - fonts.ipx(10.0), cy),
                anchored(&name_style, HPos::Right, VPos::Center),
            ))?;
            let v = num(e.score, 3);
            let (tw, _) = text_size(root, &v, &val_style)?;
            let x = if e.score >= 0.0 {
                b.0.max(a.0) + 6
            } else {
                b.0.min(a.0) - 6 - tw
            };
            root.draw(&Text::new(
                v,
                (x, cy),
                anchored(&val_style, HPos::Left, VPos::Center),
            ))?;
        }
        let mut legend_entries = vec![LegendEntry::new("Strategies of", Swatch::Heading)];
        for g in &groups {
            legend_entries.push(LegendEntry::new(g.to_string(), Swatch::Fill(colour(g))));
        }
        layout.legend(root, &legend_entries)?;
        Ok(())
    }
}

/// One population: its strategies and their shares per generation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationPanel {
    /// The population (e.g. a player's name).
    pub label: String,
    /// Strategy names.
    pub strategies: Vec<String>,
    /// `shares[g][s]`: share of strategy `s` in generation `g` (each row sums to 1).
    pub shares: Vec<Vec<f64>>,
}

/// Input of the population-shares chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationChart {
    /// Chart title.
    pub title: String,
    /// What the horizontal axis counts (e.g. "generation").
    pub x_label: String,
    /// The generations (one per row of every panel's shares).
    pub generations: Vec<f64>,
    /// One or two populations.
    pub populations: Vec<PopulationPanel>,
}

impl PopulationChart {
    fn validate(&self) -> Result<(), PlotError> {
        let g = self.generations.len();
        if g == 0 || self.populations.is_empty() {
            return Err(PlotError::Data(
                "a population chart needs a population and at least one generation".into(),
            ));
        }
        if self.generations.iter().any(|x| !x.is_finite()) || !non_decreasing(&self.generations) {
            return Err(PlotError::Data(
                "generations must be finite and in increasing order".into(),
            ));
        }
        drawable_range(
            self.generations[0],
            self.generations[g - 1],
            "the generations",
        )?;
        for p in &self.populations {
            if p.shares.len() != g {
                return Err(PlotError::Data(format!(
                    "population {}: {} generations of shares for {g} generations",
                    p.label,
                    p.shares.len()
                )));
            }
            for (t, row) in p.shares.iter().enumerate() {
                let sum: f64 = row.iter().sum();
                if row.len() != p.strategies.len()
                    || row.iter().any(|x| !x.is_finite() || *x < -CHART_PROB_SLACK)
                    || (sum - 1.0).abs() > CHART_SHARE_SUM
                {
                    return Err(PlotError::Data(format!(
                        "population {}, generation {}: shares must be one per strategy, non-negative, summing to 1",
                        p.label,
                        t + 1
                    )));
                }
            }
        }
        Ok(())
    }
}

impl Chart for PopulationChart {
    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        self.validate()?;
        let layout = Layout::new(root, &self.title, 270.0)?;
        let Layout {
            fonts,
            w,
            h,
            title_h,
            margin,
            legend_w,
        } = layout;
        let body = layout.body(root);
        let (g0, g1) = (
            self.generations[0],
            self.generations[self.generations.len() - 1],
        );
        let (g0, g1) = if g1 - g0 > CHART_FLAT_RANGE {
            (g0, g1)
        } else {
            (g0 - 0.5, g0 + 0.5)
        };
        let panels = body.split_evenly((self.populations.len(), 1));
        let last = self.populations.len() - 1;
        let mut offset = 0usize;
        let mut legend = Vec::new();
        for (k, (p, area)) in self.populations.iter().zip(panels.iter()).enumerate() {
            let mut chart = ChartBuilder::on(area)
                .margin_right(fonts.ipx(12.0) as u32)
                .margin_top(fonts.ipx(8.0) as u32)
                .x_label_area_size(fonts.ipx(if k == last { 55.0 } else { 30.0 }) as u32)
                .y_label_area_size(fonts.ipx(90.0) as u32)
                .build_cartesian_2d(g0..g1, 0.0..1.0)?;
            let mut mesh = chart.configure_mesh();
            mesh.y_desc(format!("{}: share", p.label))
                .x_label_formatter(&|x| num(*x, 2))
                .y_label_formatter(&|y| num(*y, 2))
                .axis_desc_style(fonts.axis())
                .label_style(fonts.tick())
                .light_line_style(WHITE);
            if k == last {
                mesh.x_desc(self.x_label.clone());
            }
            mesh.draw()?;
            // Stacked areas: strategy s fills between the sums of shares below and up to it.
            legend.push(LegendEntry::new(p.label.clone(), Swatch::Heading));
            let mut below = vec![0.0; self.generations.len()];
            for (s, name) in p.strategies.iter().enumerate() {
                let above: Vec<f64> = below
                    .iter()
                    .zip(&p.shares)
                    .map(|(b, row)| b + row[s])
                    .collect();
                let c = series_colour(offset + s);
                let mut poly: Vec<(f64, f64)> = self
                    .generations
                    .iter()
                    .copied()
                    .zip(above.iter().copied())
                    .collect();
                poly.extend(
                    self.generations
                        .iter()
                        .copied()
                        .zip(below.iter().copied())
                        .rev(),
                );
                if self.generations.len() == 1 {
                    poly = vec![
                        (g0, below[0]),
                        (g1, below[0]),
                        (g1, above[0]),
                        (g0, above[0]),
                    ];
                }
                chart.draw_series(std::iter::once(Polygon::new(poly, c.filled())))?;
                legend.push(LegendEntry::new(name.clone(), Swatch::Fill(c)));
                below = above;
            }
            offset += p.strategies.len();
        }
        let area = root.clone().shrink(
            (w - legend_w - margin, title_h),
            (legend_w as u32, (h - title_h - margin).max(10) as u32),
        );
        draw_legend(&area, &legend, &fonts)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{Size, svg_string};

    #[test]
    fn shares_must_sum_to_one() {
        let c = PopulationChart {
            title: "x".into(),
            x_label: "generation".into(),
            generations: vec![0.0, 1.0],
            populations: vec![PopulationPanel {
                label: "US".into(),
                strategies: vec!["grim".into(), "tft".into()],
                shares: vec![vec![0.5, 0.5], vec![0.7, 0.7]],
            }],
        };
        let e = svg_string(&c, Size::default()).unwrap_err();
        assert!(e.to_string().contains("generation 2"), "{e}");
    }

    #[test]
    fn ranking_is_drawn_best_first() {
        let c = RankingChart {
            title: "Round robin".into(),
            score_label: "mean payoff".into(),
            entries: vec![
                RankingEntry {
                    name: "grim".into(),
                    group: "US".into(),
                    score: 2.0,
                },
                RankingEntry {
                    name: "tft".into(),
                    group: "US".into(),
                    score: 3.0,
                },
            ],
        };
        let svg = svg_string(&c, Size::default()).unwrap();
        let (a, b) = (svg.find("1. tft"), svg.find("2. grim"));
        assert!(a.is_some() && b.is_some(), "names missing");
        assert!(a < b, "tft has the higher score and comes first");
    }
}
