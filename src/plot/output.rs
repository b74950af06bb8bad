//! PNG encoding of a rendered RGB buffer. (Chart files are written through
//! [`crate::atomic::write_file`], the one atomic write of the crate.)

use super::PlotError;

/// Encodes an RGB8 buffer of `width × height` pixels as PNG.
pub fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Default);
        let mut w = enc
            .write_header()
            .map_err(|e| PlotError::Encode(e.to_string()))?;
        w.write_image_data(rgb)
            .map_err(|e| PlotError::Encode(e.to_string()))?;
        w.finish().map_err(|e| PlotError::Encode(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_decodable_png() {
        let rgb = vec![200u8; 4 * 3 * 3];
        let bytes = encode_png(&rgb, 4, 3).unwrap();
        let dec = png::Decoder::new(&bytes[..]);
        let reader = dec.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (4, 3));
    }
}
