//! Reading positions: where each document was left, kept in the state
//! directory (`positions.toml`) and merged under a lock like bookmarks, so
//! two folio windows do not undo each other.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::fsutil;

/// Where a document was left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Byte offset of the first line shown.
    pub offset: usize,
    /// How far through, 0 to 100.
    pub percent: u8,
    /// When, RFC 3339 in UTC.
    pub updated: String,
}

/// Positions by document key.
pub type Positions = BTreeMap<String, Position>;

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileFormat {
    version: u32,
    #[serde(default)]
    positions: Positions,
}

/// Reads the positions; a missing or unreadable file is simply empty (a
/// lost reading position is an inconvenience, not lost work).
#[must_use]
pub fn load(path: &Path) -> Positions {
    fsutil::read_owned(path)
        .ok()
        .flatten()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| toml::from_str::<FileFormat>(&text).ok())
        .map(|f| f.positions)
        .unwrap_or_default()
}

/// Merges `updates` into the file under a lock and writes it atomically.
///
/// # Errors
/// The state directory cannot be written.
pub fn save(path: &Path, updates: &Positions) -> io::Result<()> {
    fsutil::with_lock(path, || {
        let mut all = load(path);
        all.extend(updates.iter().map(|(k, v)| (k.clone(), v.clone())));
        let text = toml::to_string_pretty(&FileFormat { version: 1, positions: all }).map_err(io::Error::other)?;
        fsutil::atomic_write(path, text.as_bytes())
    })
    .map_err(|(_, e)| e)?
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn merges_and_round_trips() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("state/positions.toml");
        let at = |offset| Position { offset, percent: 10, updated: "2026-11-22T10:00:00Z".into() };
        save(&path, &Positions::from([("seed:a".to_owned(), at(5))]))?;
        save(&path, &Positions::from([("b/c.md".to_owned(), at(7))]))?;
        let all = load(&path);
        assert_eq!(all.len(), 2);
        assert_eq!(all.get("seed:a").map(|p| p.offset), Some(5));
        fs::write(&path, "not toml [")?;
        assert!(load(&path).is_empty());
        Ok(())
    }
}
