//! What the library keeps of a document it does not hold: its metadata
//! ([`Meta`]), and the cache of it on disk ([`MetaCache`]).
//!
//! A library of 100 000 documents is 1.6 GB of text; the list needs a
//! title, a site, a date, a length and a language per document, a few
//! hundred bytes. So the loader parses each file once, keeps its [`Meta`]
//! and content hash, and drops the text; the text is read again when the
//! document is opened or searched.
//!
//! The cache is derived data: one JSON file per set of library roots in the
//! cache directory, mapping each file's absolute path to its size,
//! modification time, [`Meta`] and hash. An entry is used only when size
//! and modification time are still the file's; a file written by another
//! version of folio (whose parser may render differently), or one that
//! cannot be read or parsed, is ignored and rebuilt (with a notice when it
//! was damaged). Deleting it loses nothing. It holds nothing the user wrote.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::document::{Document, Format, Language};

/// A document's metadata: what the list, its filter and its sort read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    /// The site it was saved from (`Source::site`), if known.
    pub site: Option<String>,
    pub date: Option<String>,
    pub format: Format,
    pub word_count: usize,
    /// ISO 639-3 code of the detected language.
    pub language: Option<String>,
    /// How many sections its outline has.
    pub sections: usize,
    /// Length of its text in bytes.
    pub bytes: usize,
}

impl Meta {
    /// The metadata of a parsed document (detects its language, from a
    /// sample of 600 bytes).
    #[must_use]
    pub fn of(doc: &Document) -> Self {
        Self {
            title: doc.title.clone(),
            site: doc.source.as_ref().map(|s| s.site.clone()),
            date: doc.date.clone(),
            format: doc.format,
            word_count: doc.word_count,
            language: doc.language().map(|l| l.code.to_owned()),
            sections: doc.outline.len(),
            bytes: doc.text.len(),
        }
    }

    /// The detected language, by its code.
    #[must_use]
    pub fn language(&self) -> Option<Language> {
        let lang = whatlang::Lang::from_code(self.language.as_deref()?)?;
        Some(Language { code: lang.code(), name: lang.eng_name() })
    }

    /// Estimated reading time, as the reader shows it.
    #[must_use]
    pub fn reading_time(&self) -> String {
        crate::document::reading_time(self.word_count)
    }
}

/// Bumped whenever what the parser makes of a file may change: a cache
/// written by another version is rebuilt.
const CACHE_VERSION: &str = concat!("folio ", env!("CARGO_PKG_VERSION"), " meta 4");

/// One file's cached metadata, valid while the file keeps its size and
/// modification time.
#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    size: u64,
    /// Modification time in nanoseconds since the epoch.
    mtime: i128,
    /// Shared with the entry listed from it, not copied.
    meta: Arc<Meta>,
    hash: String,
    /// The file was seen again this time, unchanged (it stays in the
    /// cache). A flag, not a set of names: every file of 100 000 is
    /// looked up at each start, on every core.
    #[serde(skip)]
    kept: AtomicBool,
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    version: String,
    files: HashMap<String, Cached>,
}

/// A [`CacheFile`] to write, borrowing what it holds.
#[derive(Serialize)]
struct CacheView<'a> {
    version: &'a str,
    files: HashMap<&'a str, &'a Cached>,
}

/// A file's size and modification time, the cache's key beside its path.
#[must_use]
pub fn stamp(meta: &fs::Metadata) -> Option<(u64, i128)> {
    let modified = meta.modified().ok()?;
    let mtime = match modified.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_nanos()).ok()?,
        Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
    };
    Some((meta.len(), mtime))
}

/// The metadata cache of one library, shared by the loader's threads.
#[derive(Debug, Default)]
pub struct MetaCache {
    /// Where it is kept; `None`: not kept (single files, no cache folder).
    file: Option<PathBuf>,
    old: HashMap<String, Cached>,
    /// Files parsed this time.
    new: Mutex<HashMap<String, Cached>>,
    /// Something differs from what was read: write it back.
    changed: AtomicBool,
}

/// Why a cache was not used.
#[derive(Debug, PartialEq, Eq)]
pub enum CacheState {
    /// Read and used (or none yet).
    Fine,
    /// Damaged or unreadable: rebuilt; the reason, for a notice.
    Damaged(String),
}

impl MetaCache {
    /// No cache: everything is parsed.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// The cache for the library of `roots` in `dir`, read if it is there
    /// and was written by this version.
    #[must_use]
    pub fn open(dir: &Path, roots: &[PathBuf]) -> (Self, CacheState) {
        let file = dir.join(cache_name(roots));
        let mut cache = Self { file: Some(file.clone()), ..Self::default() };
        let state = match crate::fsutil::read_owned(&file) {
            Ok(None) => CacheState::Fine,
            Ok(Some(bytes)) => match serde_json::from_slice::<CacheFile>(&bytes) {
                Ok(read) if read.version == CACHE_VERSION => {
                    cache.old = read.files;
                    CacheState::Fine
                }
                // Another version's: rebuilt quietly.
                Ok(_) => CacheState::Fine,
                Err(err) => CacheState::Damaged(format!("{}: {err}", file.display())),
            },
            Err(err) => CacheState::Damaged(format!("{}: {err}", file.display())),
        };
        cache.changed.store(state != CacheState::Fine, Ordering::Relaxed);
        (cache, state)
    }

    /// The cached metadata and hash of `path`, if its size and time match.
    #[must_use]
    pub fn get(&self, path: &Path, stamp: (u64, i128)) -> Option<(Arc<Meta>, String)> {
        let cached = self.old.get(&key_of(path)?).filter(|c| (c.size, c.mtime) == stamp)?;
        cached.kept.store(true, Ordering::Relaxed);
        Some((Arc::clone(&cached.meta), cached.hash.clone()))
    }

    /// Keeps `path`'s entry as it was (a file read whole elsewhere, whose
    /// metadata is not at hand), so saving does not drop it.
    pub fn seen(&self, path: &Path) {
        if let Some(cached) = key_of(path).and_then(|key| self.old.get(&key)) {
            cached.kept.store(true, Ordering::Relaxed);
        }
    }

    /// Records what parsing `path` gave.
    pub fn put(&self, path: &Path, stamp: (u64, i128), meta: &Arc<Meta>, hash: &str) {
        let Some(key) = key_of(path) else { return };
        let cached = Cached {
            size: stamp.0,
            mtime: stamp.1,
            meta: Arc::clone(meta),
            hash: hash.to_owned(),
            kept: AtomicBool::new(true),
        };
        if let Ok(mut new) = self.new.lock() {
            new.insert(key, cached);
            self.changed.store(true, Ordering::Relaxed);
        }
    }

    /// Writes the cache back if anything changed: the files seen this time
    /// only, so removed files leave it.
    ///
    /// # Errors
    /// The cache folder cannot be written.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(file) = &self.file else { return Ok(()) };
        let kept = |c: &Cached| c.kept.load(Ordering::Relaxed);
        if !self.changed.load(Ordering::Relaxed) && self.old.values().all(kept) {
            return Ok(()); // every file as it was: nothing to write
        }
        let mut files: HashMap<&str, &Cached> =
            self.old.iter().filter(|(_, c)| kept(c)).map(|(k, v)| (k.as_str(), v)).collect();
        // Read in place, not copied (a poisoned lock still holds what was
        // recorded).
        let new = self.new.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.extend(new.iter().map(|(k, v)| (k.as_str(), v)));
        let bytes = serde_json::to_vec(&CacheView { version: CACHE_VERSION, files }).map_err(std::io::Error::other)?;
        crate::fsutil::atomic_write(file, &bytes)
    }

    /// Where the cache is kept.
    #[must_use]
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}

/// The cache's key for a file: its absolute path, when it is UTF-8.
fn key_of(path: &Path) -> Option<String> {
    super::absolute(path).ok()?.to_str().map(str::to_owned)
}

/// One cache file per set of library roots: `library-HASH.json`.
fn cache_name(roots: &[PathBuf]) -> String {
    format!("library-{}.json", roots_digest(roots))
}

/// A short name for a set of library roots (their absolute paths hashed).
#[must_use]
pub fn roots_digest(roots: &[PathBuf]) -> String {
    let mut joined = String::new();
    for root in roots {
        let absolute = std::path::absolute(root).unwrap_or_else(|_| root.clone());
        joined.push_str(&absolute.to_string_lossy());
        joined.push('\0');
    }
    let hash = crate::document::content_hash(&joined);
    hash.rsplit(':').next().unwrap_or(&hash).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(title: &str) -> Meta {
        Meta {
            title: title.to_owned(),
            site: None,
            date: None,
            format: Format::Article,
            word_count: 3,
            language: Some("eng".to_owned()),
            sections: 0,
            bytes: 12,
        }
    }

    #[test]
    fn a_cache_is_used_only_while_size_and_time_match() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let roots = [dir.path().to_path_buf()];
        let doc = dir.path().join("a.txt");
        let (cache, state) = MetaCache::open(dir.path(), &roots);
        assert_eq!(state, CacheState::Fine);
        cache.put(&doc, (12, 5), &Arc::new(meta("A")), "h1");
        cache.save()?;

        let (cache, _) = MetaCache::open(dir.path(), &roots);
        assert_eq!(cache.get(&doc, (12, 5)), Some((Arc::new(meta("A")), "h1".to_owned())));
        assert_eq!(cache.get(&doc, (13, 5)), None, "another size");
        assert_eq!(cache.get(&doc, (12, 6)), None, "another time");
        assert_eq!(cache.get(&dir.path().join("b.txt"), (12, 5)), None);
        assert_eq!(meta("A").language().map(|l| l.name), Some("English"));
        Ok(())
    }

    #[test]
    fn a_damaged_cache_is_rebuilt_with_a_reason() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let roots = [dir.path().join("lib")];
        let file = dir.path().join(cache_name(&roots));
        fs::write(&file, b"{\"version\": \"folio")?;
        let (cache, state) = MetaCache::open(dir.path(), &roots);
        assert!(matches!(state, CacheState::Damaged(ref why) if why.contains("EOF")), "{state:?}");
        assert_eq!(cache.get(&dir.path().join("lib/a.txt"), (1, 1)), None);
        cache.save()?;
        let (_, state) = MetaCache::open(dir.path(), &roots);
        assert_eq!(state, CacheState::Fine, "written again whole");

        // Another version's cache is not trusted.
        let other = serde_json::json!({"version": "folio 0.0.0 meta 0", "files": {
            key_of(&dir.path().join("lib/a.txt")).unwrap_or_default(): {
                "size": 1, "mtime": 1, "hash": "x",
                "meta": serde_json::to_value(meta("stale"))?}}});
        fs::write(&file, serde_json::to_vec(&other)?)?;
        let (cache, state) = MetaCache::open(dir.path(), &roots);
        assert_eq!(state, CacheState::Fine);
        assert_eq!(cache.get(&dir.path().join("lib/a.txt"), (1, 1)), None);
        Ok(())
    }
}
