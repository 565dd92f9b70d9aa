//! Writing files so that a crash never leaves half of one.
//!
//! [`atomic_write`] writes a temporary file beside the target, flushes it to
//! the disk, renames it over the target and flushes the directory, so after
//! a crash or `kill -9` at any moment the target is either the old file or
//! the new one, whole.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces `path` with `contents` atomically.
///
/// # Errors
/// The directory cannot be created or written, or the disk is full; the old
/// file is then untouched.
pub fn atomic_write(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let temp = temp_path(path);
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // The rename itself must reach the disk: sync the directory entry.
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// The side file locked while `path` is changed: `path` plus `.lock`.
#[must_use]
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".lock");
    path.with_file_name(name)
}

/// Runs `change` while holding an exclusive lock on `path`'s side file (so
/// two folio processes read, merge and write one after the other), after
/// creating the directory. `change` gets the lock's path for messages.
///
/// # Errors
/// The directory or the lock cannot be made: the error and the path it
/// concerns. `change`'s own result is passed through.
pub fn with_lock<T, E>(
    path: &Path,
    change: impl FnOnce() -> Result<T, E>,
) -> Result<Result<T, E>, (PathBuf, io::Error)> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let lock_path = lock_path(path);
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| (lock_path.clone(), e))?;
    lock.lock().map_err(|e| (lock_path.clone(), e))?;
    let result = change();
    // Closing the file releases the lock too; unlocking first is explicit.
    let _ = lock.unlock();
    Ok(result)
}

/// A temporary name in the same directory, unique to this process and call.
fn temp_path(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_leaves_no_temporaries() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("sub/file.txt");
        atomic_write(&path, b"one")?;
        atomic_write(&path, b"two")?;
        assert_eq!(fs::read(&path)?, b"two");
        let names: Vec<_> =
            fs::read_dir(dir.path().join("sub"))?.filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(names, ["file.txt"]);
        Ok(())
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("file.txt");
        atomic_write(&path, b"old")?;
        let mut perms = fs::metadata(dir.path())?.permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o500);
        fs::set_permissions(dir.path(), perms.clone())?;
        let result = atomic_write(&path, b"new");
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o700);
        fs::set_permissions(dir.path(), perms)?;
        // Root can write anywhere; the check only means something otherwise.
        if result.is_err() {
            assert_eq!(fs::read(&path)?, b"old");
        }
        Ok(())
    }
}
