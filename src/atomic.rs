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
///
/// A symbolic link is followed: its target is replaced, the link kept. Anything at `path`
/// that is not a regular file — a device such as `/dev/null` or `/dev/stdout`, a named
/// pipe — is written to in place, as a plain `>` redirection would, never replaced.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_at(path, bytes, 0)
}

/// Most symbolic links followed from one path (more is a loop or a chain not worth
/// following).
const MAX_LINKS: usize = 40;

fn write_at(path: &Path, bytes: &[u8], links: usize) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a folder; give a file name",
            ));
        }
        if !meta.is_file() {
            let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
            return f.write_all(bytes).and_then(|_| f.flush());
        }
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        if links >= MAX_LINKS {
            return Err(std::io::Error::other("too many levels of symbolic links"));
        }
        let link = std::fs::read_link(path)?;
        let target = match path.parent() {
            Some(dir) if link.is_relative() => dir.join(link),
            _ => link,
        };
        return write_at(&target, bytes, links + 1);
    }
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
