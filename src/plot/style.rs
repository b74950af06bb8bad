//! The shared look of every chart: colours (one per action index, one per player),
//! text sizes scaled to the image, the legend panel, label placement without overlaps,
//! and number formatting.
//!
//! Action colours follow the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal
//! Design"), chosen to stay distinguishable under the common colour-vision deficiencies;
//! action `k` of a player has colour `k` in every chart, so a reader who learned that
//! "hold" is blue on one chart finds it blue on the next.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotError;

/// Action colours by action index (Okabe–Ito, then darker extras for large games).
pub const ACTION_COLOURS: [RGBColor; 12] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(240, 228, 66),  // yellow
    RGBColor(90, 90, 90),    // grey
    RGBColor(120, 60, 150),  // purple
    RGBColor(140, 90, 40),   // brown
    RGBColor(0, 90, 70),     // dark green
    RGBColor(160, 20, 60),   // crimson
];

/// The row player's colour (lines and markers that belong to the row player).
pub const ROW_COLOUR: RGBColor = RGBColor(31, 90, 160);
/// The column player's colour.
pub const COL_COLOUR: RGBColor = RGBColor(190, 70, 20);
/// Near-black used for text and outlines.
pub const INK: RGBColor = RGBColor(30, 30, 30);
/// Mid grey for secondary lines.
pub const GREY: RGBColor = RGBColor(140, 140, 140);
/// Light grey for backgrounds of regions.
pub const LIGHT: RGBColor = RGBColor(225, 225, 225);

/// The colour of action `k` (cycles past the palette's end).
pub fn action_colour(k: usize) -> RGBColor {
    ACTION_COLOURS[k % ACTION_COLOURS.len()]
}

/// A colour for the `k`-th of several series (SPE sets, trajectories, strategies).
pub fn series_colour(k: usize) -> RGBColor {
    action_colour(k)
}

/// Linear blend of two colours, `t = 0` gives `a`, `t = 1` gives `b`.
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let f = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(f(a.0, b.0), f(a.1, b.1), f(a.2, b.2))
}

/// Black or white, whichever reads better on `bg` (relative luminance, ITU-R BT.709).
pub fn text_on(bg: RGBColor) -> RGBColor {
    let l = 0.2126 * bg.0 as f64 + 0.7152 * bg.1 as f64 + 0.0722 * bg.2 as f64;
    if l > 140.0 { INK } else { WHITE }
}

/// Text sizes for one image, scaled from the 1200 × 800 layout.
#[derive(Debug, Clone, Copy)]
pub struct Fonts {
    /// Scale factor relative to 1200 × 800.
    pub scale: f64,
}

impl Fonts {
    /// Sizes for an area of `w × h` pixels.
    pub fn for_size(w: u32, h: u32) -> Self {
        let s = (w as f64 / 1200.0).min(h as f64 / 800.0);
        Fonts {
            scale: s.clamp(0.35, 4.0),
        }
    }

    /// `px` at the 1200 × 800 layout, scaled.
    pub fn px(&self, px: f64) -> f64 {
        px * self.scale
    }

    /// `px` scaled, as whole pixels.
    pub fn ipx(&self, px: f64) -> i32 {
        (px * self.scale).round() as i32
    }

    /// A regular text style of nominal size `px` (scaled).
    pub fn text(&self, px: f64) -> TextStyle<'static> {
        TextStyle::from((FontFamily::SansSerif, self.px(px)).into_font()).color(&INK)
    }

    /// A bold text style of nominal size `px` (scaled).
    pub fn bold(&self, px: f64) -> TextStyle<'static> {
        TextStyle::from(FontDesc::new(
            FontFamily::SansSerif,
            self.px(px),
            FontStyle::Bold,
        ))
        .color(&INK)
    }

    /// The chart title.
    pub fn title(&self) -> TextStyle<'static> {
        self.bold(28.0)
    }

    /// Axis titles.
    pub fn axis(&self) -> TextStyle<'static> {
        self.text(20.0)
    }

    /// Tick labels.
    pub fn tick(&self) -> TextStyle<'static> {
        self.text(16.0)
    }

    /// Legend and annotation text.
    pub fn small(&self) -> TextStyle<'static> {
        self.text(16.0)
    }
}

/// A text style anchored at `h`/`v`.
pub fn anchored(style: &TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// `style` in colour `c`.
pub fn coloured(style: &TextStyle<'static>, c: RGBColor) -> TextStyle<'static> {
    let mut s = style.clone();
    s.color = c.to_backend_color();
    s
}

/// Width and height of `text` in `style`.
pub fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> Result<(i32, i32), PlotError> {
    let (w, h) = area.estimate_text_size(text, style)?;
    Ok((w as i32, h as i32))
}

/// Splits `text` into lines no wider than `max_w` (breaking at spaces; a single word
/// longer than the line stays whole).
pub fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: i32,
) -> Result<Vec<String>, PlotError> {
    let text = super::text::drawn(text);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_size(area, &candidate, style)?.0 > max_w {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    Ok(lines)
}

/// Shortens `text` with an ellipsis until it fits `max_w`.
pub fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: i32,
) -> Result<String, PlotError> {
    let text = super::text::drawn(text);
    let text = text.as_ref();
    if text_size(area, text, style)?.0 <= max_w {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (1..chars.len()).rev() {
        let s: String = chars[..keep].iter().collect::<String>() + "…";
        if text_size(area, &s, style)?.0 <= max_w {
            return Ok(s);
        }
    }
    Ok("…".to_string())
}

/// Checks that an axis from `lo` to `hi` can be drawn (finite ends and span).
pub fn drawable_range(lo: f64, hi: f64, what: &str) -> Result<(), PlotError> {
    if lo.is_finite() && hi.is_finite() && (hi - lo).is_finite() {
        Ok(())
    } else {
        Err(PlotError::Data(format!(
            "{what} span too wide a range to draw ({lo:e} to {hi:e})"
        )))
    }
}

/// Whether `v` never decreases.
pub fn non_decreasing(v: &[f64]) -> bool {
    v.windows(2).all(|w| w[0] <= w[1])
}

/// A payoff or probability for a label: at most `digits` decimals, trailing zeros cut.
pub fn num(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// Point markers used across charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Dot,
    /// An open circle.
    Ring,
    /// A filled square.
    Square,
    /// A filled diamond.
    Diamond,
    /// A filled upward triangle.
    Triangle,
    /// A five-pointed star.
    Star,
    /// An × cross.
    Cross,
    /// A filled downward triangle (points at what it marks below it).
    DownTriangle,
    /// An open square (drawn larger, so a point on top stays visible).
    OpenSquare,
    /// An open upward triangle.
    OpenTriangle,
}

/// Draws `marker` centred at pixel `c` with radius `r` (outline in `INK` for filled
/// shapes, so they read on any background).
pub fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: (i32, i32),
    marker: Marker,
    colour: RGBColor,
    r: i32,
) -> Result<(), PlotError> {
    let fill = colour.filled();
    let edge = INK.stroke_width(1);
    let poly = |pts: Vec<(f64, f64)>| -> Vec<(i32, i32)> {
        pts.into_iter()
            .map(|(x, y)| {
                (
                    c.0 + (x * r as f64).round() as i32,
                    c.1 + (y * r as f64).round() as i32,
                )
            })
            .collect()
    };
    match marker {
        Marker::Dot => {
            area.draw(&Circle::new(c, r, fill))?;
            area.draw(&Circle::new(c, r, edge))?;
        }
        Marker::Ring => {
            area.draw(&Circle::new(c, r, colour.stroke_width(3)))?;
        }
        Marker::Square => {
            let s = (r as f64 * 0.85) as i32;
            area.draw(&Rectangle::new(
                [(c.0 - s, c.1 - s), (c.0 + s, c.1 + s)],
                fill,
            ))?;
            area.draw(&Rectangle::new(
                [(c.0 - s, c.1 - s), (c.0 + s, c.1 + s)],
                edge,
            ))?;
        }
        Marker::Diamond => {
            let p = poly(vec![(0.0, -1.2), (1.0, 0.0), (0.0, 1.2), (-1.0, 0.0)]);
            area.draw(&Polygon::new(p.clone(), fill))?;
            let mut closed = p.clone();
            closed.push(p[0]);
            area.draw(&PathElement::new(closed, edge))?;
        }
        Marker::Triangle => {
            let p = poly(vec![(0.0, -1.15), (1.0, 0.6), (-1.0, 0.6)]);
            area.draw(&Polygon::new(p.clone(), fill))?;
            let mut closed = p.clone();
            closed.push(p[0]);
            area.draw(&PathElement::new(closed, edge))?;
        }
        Marker::Star => {
            let pts: Vec<(f64, f64)> = (0..10)
                .map(|k| {
                    let ang = -std::f64::consts::FRAC_PI_2 + k as f64 * std::f64::consts::PI / 5.0;
                    let rad = if k % 2 == 0 { 1.35 } else { 0.55 };
                    (rad * ang.cos(), rad * ang.sin())
                })
                .collect();
            let p = poly(pts);
            area.draw(&Polygon::new(p.clone(), fill))?;
            let mut closed = p.clone();
            closed.push(p[0]);
            area.draw(&PathElement::new(closed, edge))?;
        }
        Marker::DownTriangle => {
            let p = poly(vec![(0.0, 1.15), (1.0, -0.6), (-1.0, -0.6)]);
            area.draw(&Polygon::new(p, fill))?;
        }
        Marker::OpenSquare => {
            draw_frame(area, (c.0 - r, c.1 - r, c.0 + r, c.1 + r), 3, colour)?;
        }
        Marker::OpenTriangle => {
            let p = poly(vec![(0.0, -1.3), (1.15, 0.7), (-1.15, 0.7)]);
            let mut closed = p.clone();
            closed.push(p[0]);
            area.draw(&PathElement::new(closed, colour.stroke_width(3)))?;
        }
        Marker::Cross => {
            let s = r;
            let st = colour.stroke_width(3);
            area.draw(&PathElement::new(
                vec![(c.0 - s, c.1 - s), (c.0 + s, c.1 + s)],
                st,
            ))?;
            area.draw(&PathElement::new(
                vec![(c.0 - s, c.1 + s), (c.0 + s, c.1 - s)],
                st,
            ))?;
        }
    }
    Ok(())
}

/// Draws a polyline through pixel points, dashed when `dash` is set (dash, gap).
pub fn draw_polyline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pts: &[(i32, i32)],
    style: ShapeStyle,
    dash: Option<(i32, i32)>,
) -> Result<(), PlotError> {
    match dash {
        None => {
            area.draw(&PathElement::new(pts.to_vec(), style))?;
        }
        Some((on, off)) => {
            let (on, off) = (on.max(1) as f64, off.max(1) as f64);
            for w in pts.windows(2) {
                let (a, b) = (w[0], w[1]);
                let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
                let len = (dx * dx + dy * dy).sqrt();
                if len < 0.5 {
                    continue;
                }
                let mut t = 0.0;
                while t < len {
                    let t1 = (t + on).min(len);
                    let p = |s: f64| {
                        (
                            a.0 + (dx * s / len).round() as i32,
                            a.1 + (dy * s / len).round() as i32,
                        )
                    };
                    area.draw(&PathElement::new(vec![p(t), p(t1)], style))?;
                    t = t1 + off;
                }
            }
        }
    }
    Ok(())
}

/// A frame of thickness `t` just inside the rectangle `r`, drawn as four filled bars so
/// it is crisp in PNG and SVG alike.
pub fn draw_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: Rect,
    t: i32,
    c: RGBColor,
) -> Result<(), PlotError> {
    let (x0, y0, x1, y1) = r;
    for bar in [
        [(x0, y0), (x1, y0 + t)],
        [(x0, y1 - t), (x1, y1)],
        [(x0, y0), (x0 + t, y1)],
        [(x1 - t, y0), (x1, y1)],
    ] {
        area.draw(&Rectangle::new(bar, c.filled()))?;
    }
    Ok(())
}

/// What a legend entry shows beside its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A bold heading line without a swatch.
    Heading,
    /// A filled box.
    Fill(RGBColor),
    /// A filled box with a translucent fill and a solid outline.
    Region(RGBColor, f64),
    /// A line (solid, or dashed).
    Line(RGBColor, u32, bool),
    /// A point marker.
    Marker(Marker, RGBColor),
    /// Plain text, indented like entries (notes).
    Note,
    /// A thick frame around an empty box.
    Frame(RGBColor, u32),
    /// A left-to-right colour gradient.
    Gradient(RGBColor, RGBColor),
}

/// One legend line.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// The text.
    pub label: String,
    /// The swatch.
    pub swatch: Swatch,
}

impl LegendEntry {
    /// An entry.
    pub fn new(label: impl Into<String>, swatch: Swatch) -> Self {
        LegendEntry {
            label: label.into(),
            swatch,
        }
    }
}

/// Draws a legend panel filling `area` (a framed box; long labels wrap). Returns the
/// height used.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    fonts: &Fonts,
) -> Result<i32, PlotError> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let pad = fonts.ipx(12.0);
    let sw = fonts.ipx(30.0);
    let gap = fonts.ipx(8.0);
    let text = fonts.small();
    let head = fonts.bold(17.0);
    let line_h = fonts.ipx(21.0);
    let text_w = w - 2 * pad - sw - gap;
    let mut y = pad;
    let mut ops: Vec<(i32, &LegendEntry, Vec<String>)> = Vec::new();
    for e in entries {
        let lines = match e.swatch {
            Swatch::Heading => wrap(area, &e.label, &head, w - 2 * pad)?,
            _ => wrap(area, &e.label, &text, text_w)?,
        };
        if matches!(e.swatch, Swatch::Heading) && !ops.is_empty() {
            y += fonts.ipx(8.0);
        }
        ops.push((y, e, lines.clone()));
        y += line_h * lines.len().max(1) as i32 + fonts.ipx(4.0);
    }
    let used = (y + pad).min(h);
    area.draw(&Rectangle::new([(0, 0), (w - 1, used - 1)], WHITE.filled()))?;
    area.draw(&Rectangle::new(
        [(0, 0), (w - 1, used - 1)],
        GREY.stroke_width(1),
    ))?;
    for (y0, e, lines) in ops {
        if y0 + line_h > h {
            break;
        }
        let cy = y0 + line_h / 2;
        let sx = pad;
        match e.swatch {
            Swatch::Heading => {
                for (k, l) in lines.iter().enumerate() {
                    area.draw(&Text::new(
                        l.clone(),
                        (pad, cy + k as i32 * line_h),
                        anchored(&head, HPos::Left, VPos::Center),
                    ))?;
                }
                continue;
            }
            Swatch::Fill(c) => {
                area.draw(&Rectangle::new(
                    [(sx, cy - fonts.ipx(8.0)), (sx + sw, cy + fonts.ipx(8.0))],
                    c.filled(),
                ))?;
                area.draw(&Rectangle::new(
                    [(sx, cy - fonts.ipx(8.0)), (sx + sw, cy + fonts.ipx(8.0))],
                    GREY.stroke_width(1),
                ))?;
            }
            Swatch::Region(c, alpha) => {
                area.draw(&Rectangle::new(
                    [(sx, cy - fonts.ipx(8.0)), (sx + sw, cy + fonts.ipx(8.0))],
                    c.mix(alpha).filled(),
                ))?;
                area.draw(&Rectangle::new(
                    [(sx, cy - fonts.ipx(8.0)), (sx + sw, cy + fonts.ipx(8.0))],
                    c.stroke_width(2),
                ))?;
            }
            Swatch::Line(c, width, dashed) => {
                draw_polyline(
                    area,
                    &[(sx, cy), (sx + sw, cy)],
                    c.stroke_width(fonts.ipx(width as f64).max(1) as u32),
                    if dashed {
                        Some((fonts.ipx(6.0), fonts.ipx(4.0)))
                    } else {
                        None
                    },
                )?;
            }
            Swatch::Marker(m, c) => {
                draw_marker(area, (sx + sw / 2, cy), m, c, fonts.ipx(7.0).max(3))?;
            }
            Swatch::Note => {}
            Swatch::Frame(c, width) => {
                let t = fonts.ipx(width as f64).max(1);
                let (x0, y0, x1, y1) = (sx, cy - fonts.ipx(9.0), sx + sw, cy + fonts.ipx(9.0));
                draw_frame(area, (x0, y0, x1, y1), t, c)?;
            }
            Swatch::Gradient(a, b) => {
                let (y0, y1) = (cy - fonts.ipx(8.0), cy + fonts.ipx(8.0));
                for x in 0..=sw {
                    let c = mix(a, b, x as f64 / sw.max(1) as f64);
                    area.draw(&PathElement::new(
                        vec![(sx + x, y0), (sx + x, y1)],
                        c.stroke_width(1),
                    ))?;
                }
                area.draw(&Rectangle::new(
                    [(sx, y0), (sx + sw, y1)],
                    GREY.stroke_width(1),
                ))?;
            }
        }
        for (k, l) in lines.iter().enumerate() {
            area.draw(&Text::new(
                l.clone(),
                (sx + sw + gap, cy + k as i32 * line_h),
                anchored(&text, HPos::Left, VPos::Center),
            ))?;
        }
    }
    Ok(used)
}

/// Draws `text` with its top-left corner at `at` on a translucent white box of
/// `w × h`, so it reads over lines and regions.
pub fn boxed_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    (w, h): (i32, i32),
    style: &TextStyle<'static>,
) -> Result<(), PlotError> {
    area.draw(&Rectangle::new(
        [at, (at.0 + w, at.1 + h)],
        WHITE.mix(0.8).filled(),
    ))?;
    area.draw(&Text::new(
        text.to_string(),
        (at.0 + 2, at.1 + 1),
        anchored(style, HPos::Left, VPos::Top),
    ))?;
    Ok(())
}

/// A thin leader line from a point at pixel `c` (a marker of radius `r`) to the nearest
/// edge of its label box at `at` of size `w × h`, so a reader can tell which point a
/// label belongs to when labels crowd.
pub fn leader<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: (i32, i32),
    at: (i32, i32),
    (w, h): (i32, i32),
    r: i32,
) -> Result<(), PlotError> {
    let q = (c.0.clamp(at.0, at.0 + w), c.1.clamp(at.1, at.1 + h));
    let (dx, dy) = ((q.0 - c.0) as f64, (q.1 - c.1) as f64);
    let d = dx.hypot(dy);
    if d > r as f64 + 3.0 {
        let s = (
            c.0 + (dx * r as f64 / d).round() as i32,
            c.1 + (dy * r as f64 / d).round() as i32,
        );
        area.draw(&PathElement::new(vec![s, q], GREY.stroke_width(1)))?;
    }
    Ok(())
}

/// Draws the chart title centred at the top of `area`; returns the height it takes.
pub fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    fonts: &Fonts,
) -> Result<i32, PlotError> {
    let (w, _) = area.dim_in_pixel();
    let style = fonts.title();
    let t = fit(area, title, &style, w as i32 - fonts.ipx(20.0))?;
    area.draw(&Text::new(
        t,
        (w as i32 / 2, fonts.ipx(12.0)),
        anchored(&style, HPos::Center, VPos::Top),
    ))?;
    Ok(fonts.ipx(56.0))
}

/// The frame every chart shares: a white image with the title on top and a legend column
/// on the right; the body is what lies between, inside the margins.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Text sizes for the image.
    pub fonts: Fonts,
    /// Image width in pixels.
    pub w: i32,
    /// Image height in pixels.
    pub h: i32,
    /// Height taken by the title.
    pub title_h: i32,
    /// Outer margin.
    pub margin: i32,
    /// Width of the legend column.
    pub legend_w: i32,
}

impl Layout {
    /// Fills `root` white, draws `title`, and lays out a legend column of `legend_px`
    /// pixels (at the 1200 × 800 layout, scaled).
    pub fn new<DB: DrawingBackend>(
        root: &DrawingArea<DB, Shift>,
        title: &str,
        legend_px: f64,
    ) -> Result<Layout, PlotError> {
        let (w, h) = root.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let fonts = Fonts::for_size(w as u32, h as u32);
        root.fill(&WHITE)?;
        let title_h = draw_title(root, title, &fonts)?;
        Ok(Layout {
            fonts,
            w,
            h,
            title_h,
            margin: fonts.ipx(16.0),
            legend_w: fonts.ipx(legend_px),
        })
    }

    /// The body: below the title, left of the legend column, inside the margins.
    pub fn body<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> DrawingArea<DB, Shift> {
        root.clone().shrink(
            (self.margin, self.title_h),
            (
                (self.w - self.legend_w - 3 * self.margin).max(60) as u32,
                (self.h - self.title_h - self.margin).max(60) as u32,
            ),
        )
    }

    /// Draws `entries` as the legend in the legend column.
    pub fn legend<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        entries: &[LegendEntry],
    ) -> Result<i32, PlotError> {
        let area = root.clone().shrink(
            (self.w - self.legend_w - self.margin, self.title_h),
            (
                self.legend_w as u32,
                (self.h - self.title_h - self.margin).max(10) as u32,
            ),
        );
        draw_legend(&area, entries, &self.fonts)
    }
}

/// A pixel rectangle `(x0, y0, x1, y1)`.
pub type Rect = (i32, i32, i32, i32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Places text labels next to points without overlapping each other, the points
/// themselves or the outside of a bounding box: for each label the first of eight
/// positions around its point that is free wins (the least-overlapping one otherwise).
#[derive(Debug, Clone)]
pub struct LabelPlacer {
    taken: Vec<Rect>,
    bounds: Rect,
}

impl LabelPlacer {
    /// A placer inside `bounds`, with `obstacles` (e.g. markers) already taken.
    pub fn new(bounds: Rect, obstacles: Vec<Rect>) -> Self {
        LabelPlacer {
            taken: obstacles,
            bounds,
        }
    }

    /// Marks a rectangle as taken.
    pub fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// Chooses a top-left corner for a `w × h` label beside point `p` at distance `d`.
    pub fn place(&mut self, p: (i32, i32), w: i32, h: i32, d: i32) -> (i32, i32) {
        let cands = [
            (p.0 + d, p.1 - h - d / 2),
            (p.0 + d, p.1 + d / 2),
            (p.0 - d - w, p.1 - h - d / 2),
            (p.0 - d - w, p.1 + d / 2),
            (p.0 - w / 2, p.1 - h - d),
            (p.0 - w / 2, p.1 + d),
            (p.0 + d, p.1 - h / 2),
            (p.0 - d - w, p.1 - h / 2),
            (p.0 + 2 * d, p.1 - h - 2 * d),
            (p.0 - 2 * d - w, p.1 + 2 * d),
            (p.0 - w / 2, p.1 - h - 3 * d),
            (p.0 - w / 2, p.1 + 3 * d),
        ];
        let b = self.bounds;
        let mut best = cands[0];
        let mut best_cost = i64::MAX;
        for &(x, y) in &cands {
            // A small gap around each label keeps neighbours from touching.
            let r = (x - 3, y - 3, x + w + 3, y + h + 3);
            let mut cost: i64 = 0;
            if r.0 < b.0 || r.1 < b.1 || r.2 > b.2 || r.3 > b.3 {
                cost += 1_000_000;
            }
            for t in &self.taken {
                if overlaps(r, *t) {
                    let ox = (r.2.min(t.2) - r.0.max(t.0)) as i64;
                    let oy = (r.3.min(t.3) - r.1.max(t.1)) as i64;
                    cost += ox * oy + 1000;
                }
            }
            if cost < best_cost {
                best_cost = cost;
                best = (x, y);
                if cost == 0 {
                    break;
                }
            }
        }
        self.taken.push((best.0, best.1, best.0 + w, best.1 + h));
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(3.0, 2), "3");
        assert_eq!(num(1.5, 2), "1.5");
        assert_eq!(num(-0.0001, 2), "0");
        assert_eq!(num(2.0 / 3.0, 2), "0.67");
    }

    #[test]
    fn text_colour_contrasts() {
        assert_eq!(text_on(RGBColor(250, 250, 250)), INK);
        assert_eq!(text_on(RGBColor(10, 40, 120)), WHITE);
    }

    #[test]
    fn placer_avoids_taken_space() {
        let mut p = LabelPlacer::new((0, 0, 1000, 1000), vec![]);
        let a = p.place((500, 500), 100, 20, 8);
        let b = p.place((500, 500), 100, 20, 8);
        let ra = (a.0, a.1, a.0 + 100, a.1 + 20);
        let rb = (b.0, b.1, b.0 + 100, b.1 + 20);
        assert!(!overlaps(ra, rb));
    }

    #[test]
    fn placer_stays_inside_bounds() {
        let mut p = LabelPlacer::new((0, 0, 200, 200), vec![]);
        let a = p.place((195, 5), 60, 20, 8);
        assert!(
            a.0 >= 0 && a.0 + 60 <= 200 && a.1 >= 0 && a.1 + 20 <= 200,
            "{a:?}"
        );
    }
}
