//! Reading and writing the files folio owns (bookmarks, positions,
//! history, the configuration) so that a crash never leaves half of one and
//! no such file can hang or flood folio.
//!
//! [`atomic_write`] writes a temporary file beside the target, flushes it to
//! the disk, renames it over the target and flushes the directory, so after
//! a crash or `kill -9` at any moment the target is either the old file or
//! the new one, whole. A symlinked target (a dotfiles set-up) is written
//! through the link, beside the file it points to; a target's mode is kept;
//! a read-only target is not replaced. [`read_owned`] reads only regular
//! files, up to a stated size.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces `path` with `contents` atomically.
///
/// # Errors
/// The directory cannot be created or written, or the disk is full; the old
/// file is then untouched.
pub fn atomic_write(path: &Path, contents: &[u8]) -> io::Result<()> {
    let path = &resolve_links(path);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mode = match fs::metadata(path) {
        Ok(meta) if meta.permissions().readonly() => {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only (its mode allows no writing); it was left as it is",
            ));
        }
        Ok(meta) => Some(meta.permissions()),
        Err(_) => None,
    };
    remove_stale_temporaries(path);
    let temp = temp_path(path);
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(contents)?;
        if let Some(mode) = &mode {
            file.set_permissions(mode.clone())?;
        }
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

/// `path` with symbolic links followed to the file they lead to (which
/// may not exist yet), so a write through a link replaces the file it
/// points to and the link stays. At most 40 links, as the kernel allows.
#[must_use]
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => match fs::read_link(&current) {
                Ok(target) if target.is_absolute() => current = target,
                Ok(target) => {
                    current = current.parent().map_or_else(|| target.clone(), |dir| dir.join(&target));
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    current
}

/// Removes temporaries of `path` (`.NAME.tmp-PID-N`) left by a folio that
/// was killed while writing: those whose process is gone.
fn remove_stale_temporaries(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file.strip_prefix(&prefix).and_then(|rest| rest.split('-').next()) else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Largest file folio reads of its own (bookmarks, positions, history,
/// configuration): far above any real one, and a bound on what a wrong
/// path (`/dev/zero`, a log file) can cost.
pub const OWNED_FILE_LIMIT: u64 = 64 << 20;

/// Reads a file folio owns, or `None` if it does not exist. Only regular
/// files are read: a named pipe would wait for a writer forever and a
/// device may never end, so either is an error that says what it is. A
/// file over [`OWNED_FILE_LIMIT`] is an error naming the limit.
///
/// # Errors
/// Not a regular file, too large, or unreadable.
pub fn read_owned(path: &Path) -> io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("not a regular file ({})", file_kind(&meta))));
    }
    if meta.len() > OWNED_FILE_LIMIT {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    File::open(path)?.take(OWNED_FILE_LIMIT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > OWNED_FILE_LIMIT {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

fn too_large(len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{} MiB is more than the {} MiB folio reads of its own files", len >> 20, OWNED_FILE_LIMIT >> 20),
    )
}

/// What a file that is not a regular file is, for messages.
#[must_use]
pub fn file_kind(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
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
    // Lock beside the file itself, whatever link name it was reached by.
    let path = &resolve_links(path);
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
