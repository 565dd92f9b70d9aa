//! The library: the built-in seeds, files and folders named on the command
//! line, and standard input. This is the only module that reads document
//! files.
//!
//! Folders are walked recursively in sorted order, keeping `.txt`, `.text`,
//! `.md` and `.markdown` files, skipping hidden entries, and remembering
//! every folder already entered (by its canonical path) so a symlink loop is
//! walked once. A path that cannot be read becomes a [`Problem`] naming the
//! path and the reason; the other documents still open.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::{self, Document, ParseError};

/// The built-in library, compiled into the binary.
pub const SEEDS: [(&str, &str); 5] = [
    (
        "000_83bf8c942bdf1305.txt",
        include_str!("../seeds/000_83bf8c942bdf1305.txt"),
    ),
    (
        "001_c79c50470cd92d8a.txt",
        include_str!("../seeds/001_c79c50470cd92d8a.txt"),
    ),
    (
        "002_53ee598ec899c932.txt",
        include_str!("../seeds/002_53ee598ec899c932.txt"),
    ),
    (
        "003_471924497b610375.txt",
        include_str!("../seeds/003_471924497b610375.txt"),
    ),
    (
        "004_7a64d7f24d7260e1.txt",
        include_str!("../seeds/004_7a64d7f24d7260e1.txt"),
    ),
];

/// Extensions of files picked up when walking a folder.
pub const EXTENSIONS: [&str; 4] = ["txt", "text", "md", "markdown"];

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A built-in seed, by name.
    Seed(&'static str),
    /// A file, with the library root it was found under (the folder given on
    /// the command line, or the file's own folder).
    File {
        path: PathBuf,
        root: PathBuf,
    },
    Stdin,
}

impl Origin {
    /// A short label for lists and messages.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Seed(name) => format!("seeds/{name}"),
            Self::File { path, root } => path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string(),
            Self::Stdin => "(standard input)".to_owned(),
        }
    }
}

/// A document in the library.
#[derive(Debug, Clone)]
pub struct Entry {
    pub doc: Arc<Document>,
    pub origin: Origin,
}

/// Something that could not be opened, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// Why one file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("not a regular file (a device or socket), skipped")]
    NotAFile,
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// What loading produced: documents, and problems to report.
#[derive(Debug, Default)]
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
    /// Notices about documents that did open (invalid UTF-8 replaced, ...).
    pub notices: Vec<String>,
}

/// The five built-in articles.
#[must_use]
pub fn seeds() -> Vec<Entry> {
    SEEDS
        .iter()
        .map(|(name, text)| Entry {
            doc: Arc::new(document::parse_text(name, (*text).to_owned())),
            origin: Origin::Seed(name),
        })
        .collect()
}

/// The files that `paths` name: files as given, folders walked.
#[must_use]
pub fn find_files(paths: &[PathBuf]) -> (Vec<(PathBuf, PathBuf)>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, path, &mut visited, &mut files, &mut problems),
            Ok(_) => {
                let root = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
                files.push((path.clone(), root));
            }
            Err(err) => problems.push(Problem {
                path: path.clone(),
                reason: io_reason(&err),
            }),
        }
    }
    (files, problems)
}

fn walk(
    dir: &Path,
    root: &Path,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<(PathBuf, PathBuf)>,
    problems: &mut Vec<Problem>,
) {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(canonical) {
        return; // already walked: a symlink loop or a second link to it
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(Problem {
                path: dir.to_path_buf(),
                reason: io_reason(&err),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // Follows symlinks: a linked folder is walked (once), a broken link
        // is reported.
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, root, visited, files, problems),
            Ok(meta) if meta.is_file() && has_text_extension(&path) => {
                files.push((path, root.to_path_buf()));
            }
            Ok(_) => {}
            Err(err) if has_text_extension(&path) => {
                problems.push(Problem {
                    path,
                    reason: io_reason(&err),
                });
            }
            Err(_) => {}
        }
    }
}

/// Whether a file name ends in one of [`EXTENSIONS`].
#[must_use]
pub fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Reads and parses one file.
///
/// # Errors
/// The file cannot be read, is a device, or is binary.
pub fn load_file(path: &Path) -> Result<Document, LoadError> {
    let meta = fs::metadata(path)?;
    let ft = meta.file_type();
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_block_device() || ft.is_char_device() || ft.is_socket() {
            return Err(LoadError::NotAFile);
        }
    }
    let bytes = fs::read(path)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(document::parse(&name, bytes)?)
}

/// Reads one document from a reader (standard input).
///
/// # Errors
/// Reading fails or the input is binary.
pub fn load_reader(mut reader: impl Read) -> Result<Document, LoadError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    Ok(document::parse("stdin", bytes)?)
}

/// Loads every file `paths` name, in order.
#[must_use]
pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    let (files, mut problems) = find_files(paths);
    let mut loaded = Loaded::default();
    for (path, root) in files {
        match load_file(&path) {
            Ok(doc) => {
                for notice in &doc.notices {
                    loaded.notices.push(format!("{}: {notice}", path.display()));
                }
                loaded.entries.push(Entry {
                    doc: Arc::new(doc),
                    origin: Origin::File { path, root },
                });
            }
            Err(err) => problems.push(Problem {
                path,
                reason: load_reason(&err),
            }),
        }
    }
    loaded.problems = problems;
    loaded
}

fn load_reason(err: &LoadError) -> String {
    match err {
        LoadError::Io(io) => io_reason(io),
        other => other.to_string(),
    }
}

/// A plain description of an I/O error, without Rust's "(os error 2)".
#[must_use]
pub fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = err.to_string();
            text.split(" (os error")
                .next()
                .unwrap_or(&text)
                .to_lowercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_the_shipped_files() {
        let seeds = seeds();
        assert_eq!(seeds.len(), 5);
        assert!(seeds.iter().all(|e| !e.doc.blocks.is_empty()));
    }

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
        let names: Vec<_> = files
            .iter()
            .map(|(p, r)| p.strip_prefix(r).map(Path::to_path_buf))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, [PathBuf::from("a/1.txt"), PathBuf::from("b/2.md")]);
        assert!(problems.is_empty());
        Ok(())
    }

    #[test]
    fn bad_paths_are_named_and_the_rest_opens() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let good = dir.path().join("good.txt");
        let binary = dir.path().join("bin.txt");
        let empty = dir.path().join("empty.txt");
        fs::write(&good, "Hello there.")?;
        fs::write(&binary, b"\x7fELF\0\0")?;
        fs::write(&empty, "")?;
        let missing = dir.path().join("missing.txt");
        let loaded = load_paths(&[missing.clone(), good, binary.clone(), empty]);
        assert_eq!(loaded.entries.len(), 2);
        assert_eq!(loaded.problems.len(), 2);
        assert_eq!(
            loaded.problems[0].to_string(),
            format!("{}: no such file or directory", missing.display())
        );
        assert!(loaded.problems[1].reason.contains("binary"));
        assert!(loaded.entries[1].doc.blocks.is_empty());
        Ok(())
    }
}
