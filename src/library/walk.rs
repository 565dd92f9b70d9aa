//! Finding documents: files as named, folders walked recursively in sorted
//! order, keeping the extensions of [`crate::document::format::FORMATS`],
//! skipping hidden entries, and remembering every folder already entered
//! (by its canonical path) so a symlink loop is walked once. A path that
//! cannot be read becomes a [`Problem`] naming the path and the reason; the
//! other documents still open.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::document;

use super::entry::Problem;
use super::read::io_reason;

/// A file's identity: its device and inode. Two paths with the same
/// identity (a symlink, a hard link, a folder reached twice) are one
/// document.
#[must_use]
pub fn identity(meta: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// The files that `paths` name: files as given, folders walked; each file
/// once, however many paths lead to it.
#[must_use]
pub fn find_files(paths: &[PathBuf]) -> (Vec<(PathBuf, PathBuf)>, Vec<Problem>) {
    let (found, problems) = walk_files(paths, None);
    (found.into_iter().map(|f| (f.path, f.root)).collect(), problems)
}

/// A file found by a walk, with what `stat` said of it then.
pub(super) struct Found {
    pub(super) path: PathBuf,
    pub(super) root: PathBuf,
    pub(super) meta: fs::Metadata,
}

/// As [`find_files`], keeping each file's metadata (the loader needs its
/// size and time: one `stat` per file, not three), and leaving out the
/// file whose identity is `skip` (the first file, already sent).
pub(super) fn walk_files(paths: &[PathBuf], skip: Option<(u64, u64)>) -> (Vec<Found>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut walked = Walked::default();
    walked.files.extend(skip);
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, path, &mut walked, &mut files, &mut problems),
            Ok(meta) => {
                if walked.files.insert(identity(&meta)) {
                    let root = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
                    files.push(Found { path: path.clone(), root, meta });
                }
            }
            Err(err) => problems.push(Problem { path: path.clone(), reason: io_reason(&err) }),
        }
    }
    (files, problems)
}

/// What a walk has entered: folders by canonical path, files by identity.
#[derive(Default)]
struct Walked {
    folders: HashSet<PathBuf>,
    files: HashSet<(u64, u64)>,
}

fn walk(dir: &Path, root: &Path, walked: &mut Walked, files: &mut Vec<Found>, problems: &mut Vec<Problem>) {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !walked.folders.insert(canonical) {
        return; // already walked: a symlink loop or a second link to it
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(Problem { path: dir.to_path_buf(), reason: io_reason(&err) });
            return;
        }
    };
    // Sorted by name: within one folder that is the order of their paths,
    // without comparing the folder's part of each path again.
    let mut children: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
    children.sort_by_cached_key(fs::DirEntry::file_name);
    // What the folder says of an entry is enough for a folder or a plain
    // file, and a file's own `stat` is made relative to the folder (its
    // path is not looked up again); a symlink is followed: a linked folder
    // is walked (once), a broken link reported. The entries are let go
    // before going down into subfolders: each holds its folder open.
    let stated: Vec<(PathBuf, Option<io::Result<fs::Metadata>>)> = children
        .into_iter()
        .filter(|child| !child.file_name().as_encoded_bytes().starts_with(b".")) // hidden
        .filter_map(|child| {
            let path = child.path();
            let meta = match child.file_type() {
                Ok(kind) if kind.is_dir() => return Some((path, None)),
                Ok(kind) if kind.is_file() && !has_text_extension(&path) => return None,
                Ok(kind) if kind.is_file() => child.metadata(),
                _ => fs::metadata(&path),
            };
            Some((path, Some(meta)))
        })
        .collect();
    for (path, meta) in stated {
        // `None`: a folder, as the folder's entry says.
        let Some(meta) = meta else {
            walk(&path, root, walked, files, problems);
            continue;
        };
        match meta {
            Ok(meta) if meta.is_dir() => walk(&path, root, walked, files, problems),
            Ok(meta) if meta.is_file() && has_text_extension(&path) => {
                if walked.files.insert(identity(&meta)) {
                    files.push(Found { path, root: root.to_path_buf(), meta });
                }
            }
            Ok(_) => {}
            Err(err) if has_text_extension(&path) => {
                problems.push(Problem { path, reason: io_reason(&err) });
            }
            Err(_) => {}
        }
    }
}

/// Whether a file name has the extension of a format folio reads (see
/// [`document::format::FORMATS`]): what a folder walk picks up.
#[must_use]
pub fn has_text_extension(path: &Path) -> bool {
    path.file_name().is_some_and(|name| document::format::known_extension(&name.to_string_lossy()).is_some())
}

/// The first file a walk of `paths` would find (the same order as
/// [`find_files`], entering each folder once as it does, so a link loop is
/// not followed), found without walking the rest.
pub(super) fn first_file(paths: &[PathBuf]) -> Option<(PathBuf, PathBuf)> {
    fn first_in(dir: &Path, root: &Path, visited: &mut HashSet<PathBuf>) -> Option<(PathBuf, PathBuf)> {
        let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !visited.insert(canonical) {
            return None;
        }
        let mut children: Vec<PathBuf> = fs::read_dir(dir).ok()?.filter_map(Result::ok).map(|e| e.path()).collect();
        children.sort();
        children
            .into_iter()
            .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
            .find_map(|p| match fs::metadata(&p) {
                Ok(m) if m.is_dir() => first_in(&p, root, visited),
                Ok(m) if m.is_file() && has_text_extension(&p) => Some((p, root.to_path_buf())),
                _ => None,
            })
    }
    let path = paths.first()?;
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => first_in(path, path, &mut HashSet::new()),
        Ok(_) => Some((path.clone(), path.parent().map_or_else(PathBuf::new, Path::to_path_buf))),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skipping_hidden_and_loops() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        fs::create_dir_all(root.join("b/.hidden"))?;
        fs::create_dir_all(root.join("a"))?;
        fs::write(root.join("b/2.md"), "two")?;
        fs::write(root.join("a/1.txt"), "one")?;
        fs::write(root.join("a/image.png"), "x")?;
        fs::write(root.join("b/.hidden/3.txt"), "three")?;
        std::os::unix::fs::symlink(root, root.join("a/loop"))?;
        let (files, problems) = find_files(&[root.to_path_buf()]);
        let names: Vec<_> =
            files.iter().map(|(p, r)| p.strip_prefix(r).map(Path::to_path_buf)).collect::<Result<_, _>>()?;
        assert_eq!(names, [PathBuf::from("a/1.txt"), PathBuf::from("b/2.md")]);
        assert!(problems.is_empty());
        Ok(())
    }
}
