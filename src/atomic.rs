//! Atomic file writes: a temporary file beside the target, synced, then renamed over
//! it, so a reader never sees a half-written file. A replaced file keeps its permissions,
//! and a read-only one is refused rather than replaced. Several files that belong
//! together (the charts of one run) are written as a [`FileSet`]: into a staging folder
//! first, then moved into place together. Temporary files and staging folders in flight
//! are registered so an interrupt (Ctrl-C) can remove them before the process exits; a
//! set being moved into place is finished first, so an interrupt leaves either the old
//! files or the new ones.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Staging folders of [`FileSet`]s not yet moved into place.
static STAGING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held while a [`FileSet`] is moved into place, so that an interrupt waits for the set
/// to land whole.
static COMMIT: Mutex<()> = Mutex::new(());

/// Removes every temporary file still being written and every staging folder not yet
/// moved into place (called on interrupt); a set being moved into place is finished
/// first.
pub fn remove_pending() {
    let _commit = COMMIT.lock().unwrap_or_else(|e| e.into_inner());
    if let Ok(v) = PENDING.lock() {
        for p in v.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
    if let Ok(v) = STAGING.lock() {
        for d in v.iter() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// Whether `a` and `b` are the same existing regular file: the same device and inode on
/// Unix (so a hard or symbolic link to a file is that file), the same canonical path
/// elsewhere. Devices and pipes are never the same file in this sense (`/dev/stdin` and
/// `/dev/stdout` may be one terminal).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if !(x.is_file() && y.is_file()) {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        x.dev() == y.dev() && x.ino() == y.ino()
    }
    #[cfg(not(unix))]
    {
        matches!((a.canonicalize(), b.canonicalize()), (Ok(p), Ok(q)) if p == q)
    }
}

/// Writes `bytes` to `path` atomically; on failure the temporary file is removed and
/// `path` is untouched. Callers turn the I/O error into their own message.
///
/// A symbolic link is followed: its target is replaced, the link kept. A replaced file
/// keeps its permissions; a read-only one (no write permission for anyone) is an error,
/// not replaced. Anything at `path` that is not a regular file — a device such as `/dev/null` or `/dev/stdout`, a named
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
    // Errors raised here carry their own words, hint included.
    if e.get_ref().is_some() {
        return e.to_string();
    }
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
    // The file replaced, if any: its permissions carry over, and read-only means keep out.
    let keep = std::fs::metadata(path).ok().map(|m| m.permissions());
    if keep.as_ref().is_some_and(|p| p.readonly()) {
        return Err(read_only());
    }
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    if let Ok(mut v) = PENDING.lock() {
        v.push(tmp.clone());
    }
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        // Before any byte is written, so a private file's content is never exposed.
        if let Some(p) = keep {
            f.set_permissions(p)?;
        }
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

/// The error for a read-only file that would be replaced.
fn read_only() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        "is read-only; make it writable or choose another path",
    )
}

/// Files written together into one folder (the charts of one run). Each is written into
/// a private staging folder inside the destination ([`FileSet::staging`]), and
/// [`FileSet::commit`] moves them all into place at the end: until then the folder's
/// earlier files are untouched, and an interrupt ([`remove_pending`]) or an error removes
/// the staging folder and leaves them as they were. Files of the folder that the set does
/// not write are never touched, whatever their names.
#[derive(Debug)]
pub struct FileSet {
    dir: PathBuf,
    staging: PathBuf,
}

impl FileSet {
    /// Starts a set in `dir`, creating `dir` (and its parents) if needed.
    pub fn begin(dir: &Path) -> Result<FileSet, WriteError> {
        ensure_dir(dir)?;
        let err = |e: std::io::Error| WriteError {
            path: dir.to_path_buf(),
            message: format!("cannot create a staging folder in it: {}", hint(&e)),
        };
        // A fresh folder of our own: `create_dir` fails on anything already there, so
        // what is removed later was made here.
        let mut k = 0;
        let staging = loop {
            let candidate = dir.join(format!(".truce-staging-{}-{k}", std::process::id()));
            match std::fs::create_dir(&candidate) {
                Ok(()) => break candidate,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && k < 100 => k += 1,
                Err(e) => return Err(err(e)),
            }
        };
        if let Ok(mut v) = STAGING.lock() {
            v.push(staging.clone());
        }
        Ok(FileSet {
            dir: dir.to_path_buf(),
            staging,
        })
    }

    /// The folder to write the set's files into.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Where each staged file (a path inside [`FileSet::staging`]) lands.
    pub fn targets(&self, staged: &[PathBuf]) -> Vec<PathBuf> {
        staged
            .iter()
            .map(|p| match p.file_name() {
                Some(name) => self.dir.join(name),
                None => self.dir.clone(),
            })
            .collect()
    }

    /// Moves the staged files into place and returns where they landed (in the order
    /// given). Every destination is checked first — a folder or a read-only file in the
    /// way is an error before anything is moved. A replaced file keeps its permissions; a
    /// symbolic link or a device in the way is written through, as [`write()`] does.
    pub fn commit(self, staged: &[PathBuf]) -> Result<Vec<PathBuf>, WriteError> {
        let targets = self.targets(staged);
        let err = |path: &Path, message: String| WriteError {
            path: path.to_path_buf(),
            message,
        };
        for t in &targets {
            match std::fs::metadata(t) {
                Ok(m) if m.is_dir() => {
                    return Err(err(
                        t,
                        "it is a folder; move it or choose another folder".into(),
                    ));
                }
                Ok(m) if m.is_file() && m.permissions().readonly() => {
                    return Err(err(t, hint(&read_only())));
                }
                _ => {}
            }
        }
        let _commit = COMMIT.lock().unwrap_or_else(|e| e.into_inner());
        for (from, to) in staged.iter().zip(&targets) {
            let moved = match std::fs::symlink_metadata(to) {
                Ok(m) if m.is_file() => std::fs::set_permissions(from, m.permissions())
                    .and_then(|_| std::fs::rename(from, to)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::rename(from, to),
                _ => std::fs::read(from).and_then(|bytes| write(to, &bytes)),
            };
            moved.map_err(|e| err(to, hint(&e)))?;
        }
        Ok(targets)
    }
}

impl Drop for FileSet {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.staging);
        if let Ok(mut v) = STAGING.lock() {
            v.retain(|d| d != &self.staging);
        }
    }
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

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_file_set_lands_whole_at_commit_and_touches_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.svg"), "old").unwrap();
        std::fs::write(dir.path().join("mine.txt"), "mine").unwrap();
        let set = FileSet::begin(dir.path()).unwrap();
        let staged: Vec<PathBuf> = ["a.svg", "b.svg"]
            .iter()
            .map(|n| {
                let p = set.staging().join(n);
                write_file(&p, n.as_bytes()).unwrap();
                p
            })
            .collect();
        // Until the commit the folder holds the old file only.
        assert_eq!(std::fs::read(dir.path().join("a.svg")).unwrap(), b"old");
        assert!(!dir.path().join("b.svg").exists());
        let landed = set.commit(&staged).unwrap();
        assert_eq!(
            landed,
            vec![dir.path().join("a.svg"), dir.path().join("b.svg")]
        );
        assert_eq!(std::fs::read(dir.path().join("a.svg")).unwrap(), b"a.svg");
        assert_eq!(names(dir.path()), vec!["a.svg", "b.svg", "mine.txt"]);
    }

    #[test]
    fn a_file_set_dropped_before_its_commit_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.svg"), "old").unwrap();
        {
            let set = FileSet::begin(dir.path()).unwrap();
            write_file(&set.staging().join("a.svg"), b"new").unwrap();
        }
        assert_eq!(std::fs::read(dir.path().join("a.svg")).unwrap(), b"old");
        assert_eq!(names(dir.path()), vec!["a.svg"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions_and_a_read_only_one_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_file(&p, b"new").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_file(&p, b"newer").unwrap_err();
        assert!(e.message.contains("is read-only"), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
    }

    #[test]
    fn same_file_sees_links_but_not_devices() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, h) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("h"),
        );
        std::fs::write(&a, "x").unwrap();
        std::fs::write(&b, "x").unwrap();
        std::fs::hard_link(&a, &h).unwrap();
        assert!(same_file(&a, &h));
        assert!(same_file(&a, &dir.path().join(".").join("a")));
        assert!(!same_file(&a, &b));
        assert!(!same_file(&a, &dir.path().join("missing")));
        #[cfg(unix)]
        assert!(!same_file(Path::new("/dev/null"), Path::new("/dev/null")));
    }
}
