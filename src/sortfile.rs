//! The list's order kept between runs, in the state directory: two lines,
//! `sort = NAME` (chosen with `s`) and `configured = NAME` (the
//! configuration's `sort` when it was chosen). The chosen order is used
//! at the next start while the configuration still says what it said
//! then; a `sort` changed in the file since wins.

use std::io;
use std::path::Path;

use crate::app::SortKey;
use crate::fsutil;

/// What the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub chosen: SortKey,
    pub configured: SortKey,
}

/// Reads the file; a missing file, or one that does not say both orders
/// by known names, is nothing saved.
///
/// # Errors
/// The file exists but cannot be read.
pub fn load(path: &Path) -> io::Result<Option<Saved>> {
    Ok(fsutil::read_owned(path)?.and_then(|bytes| parse(&String::from_utf8_lossy(&bytes))))
}

/// The orders in the file's text.
#[must_use]
pub fn parse(text: &str) -> Option<Saved> {
    let value = |key: &str| {
        text.lines().find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == key).then(|| SortKey::from_name(v.trim().trim_matches('"')))?
        })
    };
    Some(Saved { chosen: value("sort")?, configured: value("configured")? })
}

/// Writes the file atomically.
///
/// # Errors
/// The state directory cannot be written.
pub fn save(path: &Path, saved: Saved) -> io::Result<()> {
    let text = format!("sort = \"{}\"\nconfigured = \"{}\"\n", saved.chosen.name(), saved.configured.name());
    fsutil::atomic_write(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("state/list-sort");
        assert_eq!(load(&path)?, None);
        let saved = Saved { chosen: SortKey::Date, configured: SortKey::Path };
        save(&path, saved)?;
        assert_eq!(load(&path)?, Some(saved));
        std::fs::write(&path, "sort = \"sideways\"\nconfigured = \"path\"\n")?;
        assert_eq!(load(&path)?, None, "an unknown order is nothing saved");
        Ok(())
    }
}
