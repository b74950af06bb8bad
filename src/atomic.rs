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

/// A file or folder that could not be written, with the reason worded for the reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: cannot write: {message}")]
pub struct WriteError {
    /// The file or folder.
    pub path: PathBuf,
    /// Why, with a hint.
    pub message: String,
}

fn hint(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "permission denied; choose a writable folder".to_string()
        }
        _ => e.to_string(),
    }
}

/// [`write()`] for a file whose folder must already exist: the one path by which truce
/// writes reports, converted scenarios and charts.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = |message: String| WriteError {
        path: path.to_path_buf(),
        message,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(err(format!(
            "the folder {} does not exist; create it first",
            dir.display()
        )));
    }
    write(path, bytes).map_err(|e| err(hint(&e)))
}

/// Creates the folder `dir` (and its parents) if it does not exist; a clear error when
/// something else is in the way.
pub fn ensure_dir(dir: &Path) -> Result<(), WriteError> {
    if dir.is_dir() {
        return Ok(());
    }
    let err = |message: String| WriteError {
        path: dir.to_path_buf(),
        message,
    };
    if dir.exists() {
        return Err(err(
            "exists and is not a folder; choose another folder".into()
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| err(format!("cannot create the folder: {}", hint(&e))))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.svg");
        write_file(&p, b"one").unwrap();
        write_file(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_folder_is_a_write_error_that_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no").join("a.png");
        let e = write_file(&p, b"x").unwrap_err();
        assert!(e.message.contains("does not exist"), "{e}");
    }

    #[test]
    fn a_file_in_the_way_of_the_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        std::fs::write(&f, b"x").unwrap();
        let e = ensure_dir(&f).unwrap_err();
        assert!(e.to_string().contains("not a folder"), "{e}");
    }
}
