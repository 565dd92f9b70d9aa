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
    /// The document's content hash, which finds a moved file's position
    /// again (empty in files written before version 2).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
    /// Archived (`a`): hidden from the list until shown again (`A`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

/// Positions by document key: a file's absolute path (from version 2;
/// version 1 keyed a file by its path under its library root, so every
/// `index.html` shared one position), `seed:NAME`, or `stdin`. Entries of
/// an older file are read and kept as they are, never dropped.
pub type Positions = BTreeMap<String, Position>;

/// The file format's version: 2 keys files by absolute path and records
/// each document's hash.
const VERSION: u32 = 2;

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
        let text =
            toml::to_string_pretty(&FileFormat { version: VERSION, positions: all }).map_err(io::Error::other)?;
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
        let at = |offset| Position {
            offset,
            percent: 10,
            updated: "2026-11-22T10:00:00Z".into(),
            hash: String::new(),
            archived: false,
        };
        save(&path, &Positions::from([("seed:a".to_owned(), at(5))]))?;
        save(&path, &Positions::from([("b/c.md".to_owned(), at(7))]))?;
        let all = load(&path);
        assert_eq!(all.len(), 2);
        assert_eq!(all.get("seed:a").map(|p| p.offset), Some(5));
        // A file of version 1 (no hashes, keys under their roots) is read
        // and kept whole when version 2 entries are merged in.
        fs::write(
            &path,
            "version = 1\n\n[positions.\"index.html\"]\noffset = 9\npercent = 60\nupdated = \"2026-11-01T10:00:00Z\"\n",
        )?;
        save(
            &path,
            &Positions::from([("/abs/b/index.html".to_owned(), Position { hash: "fnv1a64:1".into(), ..at(3) })]),
        )?;
        let all = load(&path);
        assert_eq!(all.get("index.html").map(|p| (p.offset, p.percent)), Some((9, 60)));
        assert_eq!(all.get("/abs/b/index.html").map(|p| p.hash.as_str()), Some("fnv1a64:1"));
        assert!(fs::read_to_string(&path)?.starts_with("version = 2"));
        fs::write(&path, "not toml [")?;
        assert!(load(&path).is_empty());
        Ok(())
    }
}
