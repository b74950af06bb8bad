//! Atomic file writes: a temporary file beside the target, synced, then renamed over
//! it, so a reader never sees a half-written file. Temporary files in flight are
//! registered so an interrupt (Ctrl-C) can remove them before the process exits.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file still being written (called on interrupt).
pub fn remove_pending() {
    if let Ok(v) = PENDING.lock() {
        for p in v.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Writes `bytes` to `path` atomically; on failure the temporary file is removed and
/// `path` is untouched. Callers turn the I/O error into their own message.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    if let Ok(mut v) = PENDING.lock() {
        v.push(tmp.clone());
    }
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    if let Ok(mut v) = PENDING.lock() {
        v.retain(|q| q != &tmp);
    }
    result
}
