//! The library: finding and loading documents, watching them change, and
//! searching all of them.
//!
//! - [`entry`]: what the list holds (the built-in seeds, an entry per
//!   document, problems met);
//! - [`walk`]: files and folders named, walked;
//! - [`read`]: reading one document, bounded: the only reader of document
//!   files;
//! - [`loader`]: the background loader (list, then index) and opening a
//!   listed file;
//! - [`watch`]: what to watch for changes on disk, and the watcher;
//! - [`search`]: library-wide search on all cores;
//! - [`meta`], [`index`]: the metadata cache and the full-text index,
//!   derived data kept in the cache directory.
//!
//! The list's order, filter and the results pane live in `app/list.rs`.

pub mod entry;
pub mod index;
pub mod loader;
pub mod meta;
pub mod read;
pub mod search;
pub mod walk;
pub mod watch;

pub use entry::*;
pub use loader::*;
pub use read::*;
pub use search::{HITS_LISTED, LibraryJob, LibraryOutcome, LibrarySearcher, Snippet, Target, run_library};
pub use walk::*;
pub use watch::{WatchPlan, watch};

/// The absolute form of `path`, as [`std::path::absolute`] makes it (the
/// key of a file in the cache and the index), without rebuilding a path
/// that already is one: absolute, with no `.` component and no doubled or
/// trailing separator, as every path a walk from an absolute root is. A
/// library of 100 000 files asks this of each at every start and search.
///
/// # Errors
/// As [`std::path::absolute`]: a relative path and no working directory.
pub fn absolute(path: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
    if is_clean_absolute(path) { Ok(path.to_path_buf()) } else { std::path::absolute(path) }
}

/// As [`absolute`], taking the path: one that already is absolute is
/// returned as it is, not copied.
///
/// # Errors
/// As [`std::path::absolute`].
pub fn into_absolute(path: std::path::PathBuf) -> std::io::Result<std::path::PathBuf> {
    if is_clean_absolute(&path) { Ok(path) } else { std::path::absolute(&path) }
}

fn is_clean_absolute(path: &std::path::Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.len() > 1
        && bytes[0] == b'/'
        && !bytes.ends_with(b"/")
        && !bytes.ends_with(b"/.")
        && memchr::memmem::find(bytes, b"//").is_none()
        && memchr::memmem::find(bytes, b"/./").is_none()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn absolute_agrees_with_the_standard_library() -> std::io::Result<()> {
        for path in [
            "/a/b/c.md",
            "/",
            "//a/b",
            "/a//b",
            "/a/./b",
            "/a/.",
            "/a/b/",
            "/a/../b",
            "/.",
            "/..",
            "a/b",
            "./a",
            "",
            "/a/.b/..c",
            "/ä/b c",
        ] {
            let path = Path::new(path);
            match std::path::absolute(path) {
                Ok(expected) => {
                    assert_eq!(super::absolute(path)?, expected, "{}", path.display());
                    assert_eq!(super::into_absolute(path.to_path_buf())?, expected, "{}", path.display());
                }
                Err(_) => assert!(super::absolute(path).is_err(), "{}", path.display()),
            }
        }
        Ok(())
    }
}
