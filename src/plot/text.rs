//! Chart text as drawn: [`drawn`] shortens a string for a picture (a long name to
//! [`WORD_CHARS`], any text to [`TEXT_CHARS`], by characters), and [`ShortText`] wraps a
//! plotters backend so that every text it measures or draws — titles, legends, axis
//! labels, tick labels, action labels, whatever plotters itself adds — passes through
//! [`drawn`] first. Layout therefore never works on more than a few hundred characters,
//! whatever a scenario's names hold; the names themselves stay whole in the data and the
//! reports.

use std::borrow::Cow;

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// Most characters of one word of chart text; a name without spaces is one word.
pub const WORD_CHARS: usize = 30;

/// Most characters of one string of chart text (a title, a legend entry before it is
/// wrapped, an axis label).
pub const TEXT_CHARS: usize = 300;

/// `text` as a chart draws it: each run of non-space characters longer than
/// [`WORD_CHARS`] cut to that many with an ellipsis, then the whole cut to
/// [`TEXT_CHARS`]. Characters are Unicode scalar values; nothing is cut inside one.
pub fn drawn(text: &str) -> Cow<'_, str> {
    let mut word = 0usize;
    let long_word = text.chars().any(|c| {
        word = if c.is_whitespace() { 0 } else { word + 1 };
        word > WORD_CHARS
    });
    if !long_word {
        return crate::text::clip(text, TEXT_CHARS);
    }
    let mut out = String::with_capacity(TEXT_CHARS * 4);
    let mut word = 0usize;
    let mut shown = 0usize;
    for c in text.chars() {
        if shown > TEXT_CHARS {
            break;
        }
        word = if c.is_whitespace() { 0 } else { word + 1 };
        match word.cmp(&WORD_CHARS) {
            std::cmp::Ordering::Less => out.push(c),
            std::cmp::Ordering::Equal => out.push('…'),
            std::cmp::Ordering::Greater => continue,
        }
        shown += 1;
    }
    Cow::Owned(crate::text::clip(&out, TEXT_CHARS).into_owned())
}

/// A backend whose every text goes through [`drawn`]: measured and drawn alike, so a
/// layout that measures a label draws exactly what it measured.
pub struct ShortText<DB>(pub DB);

impl<DB: DrawingBackend> DrawingBackend for ShortText<DB> {
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_text(&drawn(text), style, pos)
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.0.estimate_text_size(&drawn(text), style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_drawn_as_it_is() {
        assert!(matches!(drawn("United States payoff"), Cow::Borrowed(_)));
        let title = "Geneva truce under strain — critical discount factors";
        assert_eq!(drawn(title), title);
    }

    #[test]
    fn long_words_and_long_texts_are_cut_by_characters() {
        let name = "é".repeat(250_000);
        let shown = drawn(&name);
        assert_eq!(shown.chars().count(), WORD_CHARS);
        assert!(shown.ends_with('…'));
        let line = format!("SPE of {name} vs grim");
        assert_eq!(
            drawn(&line),
            format!("SPE of {}… vs grim", "é".repeat(WORD_CHARS - 1))
        );
        let many = "word ".repeat(1000);
        assert_eq!(drawn(&many).chars().count(), TEXT_CHARS);
    }
}
