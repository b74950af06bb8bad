//! The bundled font. DejaVu Sans (Bitstream Vera licence, permissive; embedded by the
//! `dejavu` crate) is registered with plotters' `ab_glyph` text engine under the family
//! name `sans-serif`, once per process, so charts never look for system fonts.

use std::sync::OnceLock;

use plotters::style::{FontStyle, register_font};

use super::PlotError;

/// The font family every chart uses (the name the font is registered under).
pub const FAMILY: &str = "sans-serif";

static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();

/// Registers DejaVu Sans (regular and bold) for [`FAMILY`]; cheap after the first call.
pub fn ensure_fonts() -> Result<(), PlotError> {
    REGISTERED
        .get_or_init(|| {
            let fonts: [(FontStyle, &'static [u8]); 4] = [
                (FontStyle::Normal, dejavu::sans::regular()),
                (FontStyle::Bold, dejavu::sans::bold()),
                (FontStyle::Italic, dejavu::sans::oblique()),
                (FontStyle::Oblique, dejavu::sans::oblique()),
            ];
            for (style, bytes) in fonts {
                register_font(FAMILY, style, bytes)
                    .map_err(|_| format!("DejaVu Sans ({}) is not a valid font", style.as_str()))?;
            }
            Ok(())
        })
        .clone()
        .map_err(PlotError::Font)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_and_measures_text() {
        ensure_fonts().unwrap();
        let font = plotters::style::FontDesc::new(
            plotters::style::FontFamily::Name(FAMILY),
            20.0,
            FontStyle::Normal,
        );
        let (w, h) = font.box_size("United States").unwrap();
        assert!(w > 80 && h > 10, "{w}x{h}");
    }
}
