//! Writing chart files: PNG encoding of a rendered RGB buffer, and atomic writes (a
//! temporary file in the target folder, then a rename) so a reader never sees a
//! half-written chart.

use std::path::Path;

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

fn hint(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "permission denied; choose a writable folder with --out".to_string()
        }
        _ => e.to_string(),
    }
}

/// Creates `dir` (and its parents) if it does not exist; a clear error otherwise.
pub fn ensure_dir(dir: &Path) -> Result<(), PlotError> {
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(PlotError::Write {
            path: dir.to_path_buf(),
            message: "exists and is not a folder; choose another --out".into(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| PlotError::Write {
        path: dir.to_path_buf(),
        message: format!("cannot create the folder: {}", hint(&e)),
    })
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, then renamed
/// over `path`. On failure the temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PlotError> {
    crate::atomic::write(path, bytes).map_err(|e| PlotError::Write {
        path: path.to_path_buf(),
        message: hint(&e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.svg");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn missing_folder_is_a_write_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no").join("a.png");
        let e = write_atomic(&p, b"x").unwrap_err();
        assert!(matches!(e, PlotError::Write { .. }), "{e}");
    }

    #[test]
    fn a_file_in_the_way_of_the_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        std::fs::write(&f, b"x").unwrap();
        let e = ensure_dir(&f).unwrap_err();
        assert!(e.to_string().contains("not a folder"), "{e}");
    }

    #[test]
    fn encodes_a_decodable_png() {
        let rgb = vec![200u8; 4 * 3 * 3];
        let bytes = encode_png(&rgb, 4, 3).unwrap();
        let dec = png::Decoder::new(&bytes[..]);
        let reader = dec.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (4, 3));
    }
}
