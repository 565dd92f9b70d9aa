//! The library's full-text index: tantivy, on disk in the cache directory,
//! built in the background, brought up to date on every start and when the
//! watcher reports a change.
//!
//! Words are runs of letters, digits and combining marks, folded as
//! in-document search folds text ([`fold`]: case, accents, typographic
//! quotes), so an index word and a searched word agree. The index chooses
//! the documents to read and ranks them; every hit shown is then found in
//! the document's text by the matcher, exactly as in-document search finds
//! it. So the documents it chooses must be all those in-document search
//! would find something in: text that contains the query contains its
//! first word at the end of a word, its middle words whole, its last word
//! at the start of a word, and a query of one word inside a word. The index
//! asks for just that, over its list of words (a regular expression over
//! the term dictionary: "hale" finds "whale"), and ranks by BM25 on the
//! words or the phrase as typed (documents with the exact phrase first). A
//! pattern, or a query with no word in it, is searched by reading every
//! document instead.
//!
//! Derived data: a damaged index, or one written by another version, is
//! deleted and built again; a `manifest.json` beside it records the size
//! and modification time of every file indexed.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::search::{Fold, fold};

/// Bumped when what is indexed, or how, changes.
const INDEX_VERSION: &str = concat!("folio ", env!("CARGO_PKG_VERSION"), " index 1");
/// The tokenizer's name in the schema.
const TOKENIZER: &str = "folio";
/// Words longer than this (in folded bytes) are not indexed; a query with
/// one is searched by reading every document.
const LONGEST_WORD: usize = 1024;
/// Memory the index writer may use before it writes a segment.
const WRITER_BUDGET: usize = 48 << 20;
/// Documents added between commits while building: progress survives an
/// interrupted build, and tantivy's queue of documents waiting to be
/// indexed (up to 10 000, each with its whole text) is emptied at each
/// commit. At 5 000 a first start of 100 000 documents peaked at 411 MiB,
/// at 1 000 at 278 MiB.
const COMMIT_EVERY: usize = 1_000;
/// Commits between writes of the manifest while building (100 000 files
/// make it 10 MB of JSON). Between them the manifest lags behind the
/// index, which is safe: a file indexed but not yet recorded is indexed
/// again next time, in place of itself.
const MANIFEST_EVERY: usize = 5;

/// Why the index cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("another folio is bringing the index up to date")]
    Busy,
}

/// What the index knows of each file: its size and modification time.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    version: String,
    files: HashMap<String, (u64, i128)>,
}

/// The index of one library.
pub struct LibraryIndex {
    dir: PathBuf,
    reader: IndexReader,
    /// `None`: another folio writes this index (its lock is taken); this
    /// one only reads it, and only when it is up to date.
    writer: Option<Mutex<IndexWriter>>,
    /// The lock that makes this folio the index's one writer, held as long
    /// as the index is open (`None` when another folio holds it).
    _lock: Option<fs::File>,
    path: Field,
    body: Field,
    manifest: Mutex<Manifest>,
}

impl std::fmt::Debug for LibraryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LibraryIndex").field("dir", &self.dir).finish_non_exhaustive()
    }
}

/// Where the runner and the loader share the index once it is ready.
#[derive(Debug, Default)]
pub struct IndexSlot(RwLock<Option<Arc<LibraryIndex>>>);

/// The one thread that brings the index up to date with changes on disk.
/// Changes wait here while it works, one per file (the latest), and are
/// written in one commit: a file appended to every 20 ms costs one thread
/// and one parse per change (the watcher's), not a thread and a second
/// parse each (207 threads in a minute, once).
#[derive(Debug, Clone)]
pub struct IndexUpdates {
    tx: std::sync::mpsc::Sender<(PathBuf, Option<Arc<crate::document::Document>>)>,
}

/// How long the updater gathers changes after the first before writing.
const GATHER: std::time::Duration = std::time::Duration::from_millis(200);

impl IndexUpdates {
    /// Starts the thread; `notice` hears what could not be written.
    pub fn spawn(slot: Arc<IndexSlot>, notice: impl Fn(String) + Send + 'static) -> Self {
        let (tx, rx) = std::sync::mpsc::channel::<(PathBuf, Option<Arc<crate::document::Document>>)>();
        std::thread::spawn(move || {
            while let Ok((path, doc)) = rx.recv() {
                let mut pending: HashMap<PathBuf, Option<Arc<crate::document::Document>>> = HashMap::new();
                pending.insert(path, doc);
                let until = std::time::Instant::now() + GATHER;
                while let Ok((path, doc)) = rx.recv_timeout(until.saturating_duration_since(std::time::Instant::now()))
                {
                    pending.insert(path, doc);
                }
                let Some(index) = slot.get() else { continue };
                let paths: Vec<String> = pending.keys().map(|p| p.display().to_string()).collect();
                if let Err(err) = index.refresh_with(pending.into_iter().collect()) {
                    notice(format!("the library index missed a change to {}: {err}", paths.join(", ")));
                }
            }
        });
        Self { tx }
    }

    /// A file changed (`doc`: its text as now parsed) or went away.
    pub fn submit(&self, path: PathBuf, doc: Option<Arc<crate::document::Document>>) {
        let _ = self.tx.send((path, doc));
    }
}

impl IndexSlot {
    /// The index, if it is built and up to date.
    #[must_use]
    pub fn get(&self) -> Option<Arc<LibraryIndex>> {
        self.0.read().ok().and_then(|slot| slot.clone())
    }

    pub(super) fn set(&self, index: Arc<LibraryIndex>) {
        if let Ok(mut slot) = self.0.write() {
            *slot = Some(index);
        }
    }
}

/// The documents the index found, best first. Their paths are read from
/// the index's store as they are asked for: reading all of them for a
/// word in every document costs seconds, and the first page needs 16.
#[derive(Debug)]
pub struct Ranked {
    searcher: tantivy::Searcher,
    path: Field,
    found: Vec<(f32, tantivy::DocAddress)>,
}

impl Ranked {
    /// How many documents were found.
    #[must_use]
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// Whether none was.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The file of the `i`-th best document.
    #[must_use]
    pub fn path(&self, i: usize) -> Option<PathBuf> {
        let (_, address) = self.found.get(i)?;
        let doc: TantivyDocument = self.searcher.doc(*address).ok()?;
        doc.get_first(self.path).and_then(|v| v.as_str()).map(PathBuf::from)
    }

    /// Every file, best first (reads them all).
    #[must_use]
    pub fn paths(&self) -> Vec<PathBuf> {
        (0..self.len()).filter_map(|i| self.path(i)).collect()
    }
}

impl LibraryIndex {
    /// Opens the index of the library of `roots` under `cache_dir`, or
    /// makes a new one. A damaged index or another version's is deleted
    /// and made again; the returned notice says so when it was damaged.
    ///
    /// # Errors
    /// The cache folder cannot be written, or another folio holds the
    /// index's writer lock.
    pub fn open(cache_dir: &Path, roots: &[PathBuf]) -> Result<(Self, Option<String>), IndexError> {
        let digest = super::meta::roots_digest(roots);
        let dir = cache_dir.join(format!("index-{digest}"));
        // The writer's lock is taken before anything is deleted or made: a
        // second folio starting while the first builds a fresh index once
        // found no manifest yet and deleted the first one's directory, lock
        // and all. The lock is a file beside the index, not in it, so
        // making the index again never deletes it.
        fs::create_dir_all(cache_dir)?;
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(cache_dir.join(format!("index-{digest}.lock")))?;
        let writing = match lock.try_lock() {
            Ok(()) => true,
            Err(fs::TryLockError::WouldBlock) => false,
            Err(fs::TryLockError::Error(err)) => return Err(err.into()),
        };
        let manifest: Option<Manifest> = crate::fsutil::read_owned(&dir.join("manifest.json"))
            .ok()
            .flatten()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let current = manifest.as_ref().is_some_and(|m| m.version == INDEX_VERSION);
        let opened = if current { Index::open_in_dir(&dir).ok() } else { None };
        let mut notice = None;
        let index = match opened {
            Some(index) => index,
            // Another folio writes this index and it is not ready yet (or
            // not readable): read documents instead, touch nothing.
            None if !writing => return Err(IndexError::Busy),
            None => {
                if current {
                    notice = Some(format!("the library index in {} was damaged and is made again", dir.display()));
                }
                if dir.exists() {
                    fs::remove_dir_all(&dir)?;
                }
                fs::create_dir_all(&dir)?;
                Index::create_in_dir(&dir, schema())?
            }
        };
        let manifest = match manifest.filter(|_| current && notice.is_none()) {
            Some(m) => m,
            None => Manifest { version: INDEX_VERSION.to_owned(), files: HashMap::new() },
        };
        index.tokenizers().register(TOKENIZER, analyzer());
        let schema = index.schema();
        let path = schema.get_field("path")?;
        let body = schema.get_field("body")?;
        let writer = if writing {
            match index.writer_with_num_threads(1, WRITER_BUDGET) {
                Ok(writer) => Some(Mutex::new(writer)),
                Err(tantivy::TantivyError::LockFailure(..)) => None,
                Err(err) => return Err(err.into()),
            }
        } else {
            None
        };
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let lock = writing.then_some(lock);
        Ok((Self { dir, reader, writer, _lock: lock, path, body, manifest: Mutex::new(manifest) }, notice))
    }

    /// Brings the index up to date with `files` (path, size and time; each
    /// path once, as a walk finds them):
    /// files that are new or changed are read and indexed, files gone are
    /// dropped. `progress(done, total)` is told as it goes and stops the
    /// work when it returns false (what was committed stays).
    ///
    /// # Errors
    /// Writing the index fails.
    pub fn update(
        &self,
        files: &[(PathBuf, (u64, i128))],
        progress: &dyn Fn(usize, usize) -> bool,
    ) -> Result<(), IndexError> {
        let (stale, gone) = {
            let manifest = self.manifest.lock().map_err(|_| poisoned())?;
            let mut current = 0;
            let stale: Vec<&(PathBuf, (u64, i128))> = files
                .iter()
                .filter(|(p, stamp)| {
                    let Some(key) = p.to_str() else { return false };
                    let same = manifest.files.get(key) == Some(stamp);
                    current += usize::from(same);
                    !same
                })
                .collect();
            // Every file the index holds is still there as it was: nothing
            // is gone (the usual case, found without a set of 100 000 names).
            let gone: Vec<String> = if current == manifest.files.len() {
                Vec::new()
            } else {
                let wanted: std::collections::HashSet<&str> = files.iter().filter_map(|(p, _)| p.to_str()).collect();
                manifest.files.keys().filter(|k| !wanted.contains(String::as_str(k))).cloned().collect()
            };
            (stale, gone)
        };
        let total = stale.len();
        if total == 0 && gone.is_empty() {
            return Ok(());
        }
        let Some(writer) = &self.writer else {
            // Only read here, and not up to date: not to be trusted.
            return Err(IndexError::Busy);
        };
        {
            let writer = writer.lock().map_err(|_| poisoned())?;
            for key in &gone {
                writer.delete_term(Term::from_field_text(self.path, key));
            }
        }
        if let Ok(mut manifest) = self.manifest.lock() {
            for key in &gone {
                manifest.files.remove(key);
            }
        }
        let mut pending = Vec::new();
        for (done, (path, stamp)) in stale.into_iter().enumerate() {
            if !progress(done, total) {
                break;
            }
            self.replace(path)?;
            pending.push((path.clone(), *stamp));
            if pending.len() >= COMMIT_EVERY {
                let record = (done + 1).is_multiple_of(COMMIT_EVERY * MANIFEST_EVERY);
                self.commit(std::mem::take(&mut pending), record)?;
            }
        }
        self.commit(pending, true)?;
        progress(total, total);
        Ok(())
    }

    /// Brings the index up to date with files changed on disk, each with
    /// the text the watcher already parsed (`None`: the file went away),
    /// in one commit.
    ///
    /// # Errors
    /// The index cannot be written.
    pub fn refresh_with(
        &self,
        changes: Vec<(PathBuf, Option<Arc<crate::document::Document>>)>,
    ) -> Result<(), IndexError> {
        let Some(writer) = &self.writer else { return Ok(()) };
        let mut stamps = Vec::with_capacity(changes.len());
        {
            let writer = writer.lock().map_err(|_| poisoned())?;
            for (path, doc) in changes {
                let path = super::absolute(&path)?;
                let Some(key) = path.to_str() else { continue };
                writer.delete_term(Term::from_field_text(self.path, key));
                let stamp = fs::metadata(&path).ok().as_ref().and_then(super::meta::stamp);
                match (doc, stamp) {
                    (Some(doc), Some(stamp)) => {
                        let mut indexed = TantivyDocument::default();
                        indexed.add_text(self.path, key);
                        indexed.add_text(self.body, &doc.text);
                        writer.add_document(indexed)?;
                        stamps.push((path, stamp));
                    }
                    _ => {
                        if let Ok(mut manifest) = self.manifest.lock() {
                            manifest.files.remove(key);
                        }
                    }
                }
            }
        }
        self.commit(stamps, true)
    }

    /// Drops what the index has of `path` and adds its text as it is now
    /// (nothing when it cannot be read).
    fn replace(&self, path: &Path) -> Result<(), IndexError> {
        let (Some(key), Some(writer)) = (path.to_str(), &self.writer) else { return Ok(()) };
        let writer = writer.lock().map_err(|_| poisoned())?;
        writer.delete_term(Term::from_field_text(self.path, key));
        if let Ok(doc) = crate::document::with_readability_alone(|| super::read::load_file(path)) {
            let mut indexed = TantivyDocument::default();
            indexed.add_text(self.path, key);
            indexed.add_text(self.body, &doc.text);
            writer.add_document(indexed)?;
        }
        Ok(())
    }

    /// Commits what was added and records the files in the manifest, on
    /// disk too when `write` (see [`MANIFEST_EVERY`]).
    fn commit(&self, files: Vec<(PathBuf, (u64, i128))>, write: bool) -> Result<(), IndexError> {
        if let Some(writer) = &self.writer {
            writer.lock().map_err(|_| poisoned())?.commit()?;
        }
        let bytes = {
            let mut manifest = self.manifest.lock().map_err(|_| poisoned())?;
            for (path, stamp) in files {
                if let Some(key) = path.to_str() {
                    manifest.files.insert(key.to_owned(), stamp);
                }
            }
            write.then(|| serde_json::to_vec(&*manifest).map_err(std::io::Error::other)).transpose()?
        };
        if let Some(bytes) = bytes {
            crate::fsutil::atomic_write(&self.dir.join("manifest.json"), &bytes)?;
            // Searches see the new documents (between manifest writes the
            // index is still being built and not searched).
            self.reader.reload()?;
        }
        Ok(())
    }

    /// The documents `query` may be in, best first (BM25), at most
    /// `limit`; `None` when the index cannot answer it (no word in it, or
    /// a word too long) and every document must be read instead.
    ///
    /// # Errors
    /// Reading the index fails.
    pub fn search(&self, query: &str, limit: usize) -> Result<Option<Ranked>, IndexError> {
        let words = words(query);
        if words.is_empty() || words.iter().any(|w| w.len() > LONGEST_WORD) {
            return Ok(None);
        }
        let terms: Vec<Term> = words.iter().map(|w| Term::from_field_text(self.body, w)).collect();
        let last = words.len() - 1;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let escaped = regex::escape(word);
            let pattern = match (i == 0, i == last) {
                (true, true) => format!(".*{escaped}.*"),
                (true, false) => format!(".*{escaped}"),
                (false, true) => format!("{escaped}.*"),
                (false, false) => {
                    clauses.push((Occur::Must, Box::new(TermQuery::new(terms[i].clone(), IndexRecordOption::Basic))));
                    continue;
                }
            };
            clauses.push((Occur::Must, Box::new(RegexQuery::from_pattern(&pattern, self.body)?)));
        }
        // The ranking: BM25 of each word as typed (a last word still
        // being typed scores nothing yet), and of the phrase.
        for term in &terms {
            clauses.push((Occur::Should, Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs))));
        }
        if terms.len() > 1 {
            clauses.push((Occur::Should, Box::new(PhraseQuery::new(terms))));
        }
        let query = BooleanQuery::new(clauses);
        if self.writer.is_none() {
            // What the other folio committed since.
            self.reader.reload()?;
        }
        let searcher = self.reader.searcher();
        let found = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        Ok(Some(Ranked { searcher, path: self.path, found }))
    }

    /// Whether the index holds the file at `absolute` (a name that is not
    /// UTF-8 cannot be; a file added a moment ago may not be yet).
    #[must_use]
    pub fn holds(&self, absolute: &Path) -> bool {
        let Some(key) = absolute.to_str() else { return false };
        self.manifest.lock().is_ok_and(|m| m.files.contains_key(key))
    }

    /// How many documents the index holds.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no document.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the index is kept.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn poisoned() -> IndexError {
    IndexError::Io(std::io::Error::other("a thread writing the index panicked"))
}

fn schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field("path", STRING | STORED);
    let body = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field("body", body);
    builder.build()
}

/// Words, folded as in-document search folds.
fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(Words::default()).filter(RemoveLongFilter::limit(LONGEST_WORD + 1)).filter(FolioFold).build()
}

/// Cuts text into runs of letters, digits and combining marks (tantivy's
/// simple tokenizer would cut a decomposed "café" after the "e").
#[derive(Clone, Default)]
struct Words {
    token: Token,
}

struct WordStream<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    token: &'a mut Token,
}

fn in_word(c: char) -> bool {
    // ASCII first: most text is, and the combining-mark table lookup for
    // every space and comma was a tenth of the tokenizer's time.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, chars: text.char_indices().peekable(), token: &mut self.token }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some(&(start, c)) = self.chars.peek() {
            if !in_word(c) {
                self.chars.next();
                continue;
            }
            let mut end = start;
            while let Some(&(i, c)) = self.chars.peek().filter(|(_, c)| in_word(*c)) {
                end = i + c.len_utf8();
                self.chars.next();
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.text.push_str(&self.text[start..end]);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The folded words of `text`, as the index has them.
#[must_use]
pub fn words(text: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// folio's folding as a tantivy token filter: case, accents and the rest,
/// exactly as in-document search folds text.
#[derive(Clone, Copy, Debug)]
struct FolioFold;

impl TokenFilter for FolioFold {
    type Tokenizer<T: Tokenizer> = FoldingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldingTokenizer<T> {
        FoldingTokenizer(tokenizer)
    }
}

#[derive(Clone)]
struct FoldingTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for FoldingTokenizer<T> {
    type TokenStream<'a> = FoldingStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldingStream(self.0.token_stream(text))
    }
}

struct FoldingStream<S>(S);

impl<S: TokenStream> TokenStream for FoldingStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if token.text.is_ascii() {
            token.text.make_ascii_lowercase();
        } else {
            let folded = fold(&token.text, Fold { case: true, accents: true });
            token.text = String::from_utf8_lossy(&folded.bytes).into_owned();
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_as_in_document_search_folds() {
        assert_eq!(words("Hà Nội’s CAFÉ, naïve"), ["ha", "noi", "s", "cafe", "naive"]);
        // Decomposed accents fold the same as precomposed ones.
        assert_eq!(words("cafe\u{301}"), words("café"));
        assert!(words("— ++ …").is_empty());
    }

    /// Issue 19, item 9: two folios building a fresh index at once both
    /// became writers; the second deleted the first one's directory (its
    /// lock included). The second now finds the lock taken and touches
    /// nothing; the first goes on.
    #[test]
    fn a_second_opener_never_deletes_the_index_another_builds() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let lib = dir.path().join("lib");
        fs::create_dir_all(&lib)?;
        let path = lib.join("a.txt");
        fs::write(&path, "The borrow checker.\n")?;
        let stamp = super::super::meta::stamp(&fs::metadata(&path)?).unwrap_or_default();
        let cache = dir.path().join("cache");
        let roots = vec![lib.clone()];
        let (first, _) = LibraryIndex::open(&cache, &roots)?;
        let made: Vec<PathBuf> = fs::read_dir(&first.dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        assert!(!made.is_empty());
        // No manifest yet: the first is still building.
        assert!(matches!(LibraryIndex::open(&cache, &roots), Err(IndexError::Busy)));
        for file in &made {
            assert!(file.exists(), "{} was deleted", file.display());
        }
        first.update(&[(path.clone(), stamp)], &|_, _| true)?;
        // Once it is built, a second folio reads it, and does not write.
        let (second, _) = LibraryIndex::open(&cache, &roots)?;
        assert!(second.writer.is_none());
        Ok(())
    }

    /// Between manifest writes the index holds documents its manifest on
    /// disk does not list (a folio killed there): the next start indexes
    /// them again in place of themselves, and a search finds each once.
    #[test]
    fn documents_indexed_past_the_manifest_are_indexed_again_once() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let cache = dir.path().join("cache");
        let roots = [dir.path().to_path_buf()];
        let mut files = Vec::new();
        for i in 0..3 {
            let path = dir.path().join(format!("{i}.txt"));
            fs::write(&path, format!("Document {i} about the harbour pilot.\n"))?;
            files.push((
                path.clone(),
                fs::metadata(&path).ok().as_ref().and_then(super::super::meta::stamp).unwrap_or_default(),
            ));
        }
        let (index, _) = LibraryIndex::open(&cache, &roots)?;
        index.update(&files[..1], &|_, _| true)?;
        // Two more indexed and committed, the manifest not written: then
        // the process dies.
        for (path, _) in &files[1..] {
            index.replace(path)?;
        }
        index.commit(files[1..].to_vec(), false)?;
        drop(index);

        let (index, _) = LibraryIndex::open(&cache, &roots)?;
        let read = std::sync::atomic::AtomicUsize::new(0);
        index.update(&files, &|_, total| {
            read.store(total, std::sync::atomic::Ordering::Relaxed);
            true
        })?;
        assert_eq!(read.load(std::sync::atomic::Ordering::Relaxed), 2, "the two the manifest did not list");
        let mut found = index.search("harbour pilot", 10)?.map(|r| r.paths()).unwrap_or_default();
        found.sort();
        assert_eq!(found, files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(), "each once");
        assert_eq!(index.len(), 3);
        Ok(())
    }

    #[test]
    fn an_index_finds_ranks_updates_and_survives_damage() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let lib = dir.path().join("lib");
        fs::create_dir_all(&lib)?;
        let write = |name: &str, text: &str| -> std::io::Result<(PathBuf, (u64, i128))> {
            let path = lib.join(name);
            fs::write(&path, text)?;
            let meta = fs::metadata(&path)?;
            Ok((path, super::super::meta::stamp(&meta).unwrap_or_default()))
        };
        let a = write("a.txt", "The borrow checker checks borrows.\n\nBorrow checker, borrow checker.\n")?;
        let b = write(
            "b.txt",
            "A paper on the Borrow Checker.\n\nThen a long paragraph on other things: weather, gardens, trains, \
             rivers, bread, music, the sea, and many more words that make this document longer than the \
             other one, so that its single mention weighs less.\n",
        )?;
        let c = write("c.txt", "Café society in Hà Nội.\n")?;
        let cache = dir.path().join("cache");
        let roots = [lib.clone()];
        let (index, notice) = LibraryIndex::open(&cache, &roots)?;
        assert_eq!(notice, None);
        let seen = std::sync::atomic::AtomicUsize::new(0);
        index.update(&[b.clone(), a.clone(), c.clone()], &|done, _| {
            seen.store(done, std::sync::atomic::Ordering::Relaxed);
            true
        })?;
        assert_eq!(seen.load(std::sync::atomic::Ordering::Relaxed), 3);
        let paths = |r: Option<Ranked>| -> Vec<PathBuf> { r.map(|r| r.paths()).unwrap_or_default() };
        // A phrase, ranked (b is indexed first): the document saying it
        // three times first, the whole phrase or its start.
        assert_eq!(paths(index.search("borrow checker", 10)?), [a.0.clone(), b.0.clone()]);
        // The last word is a prefix.
        assert_eq!(paths(index.search("borrow chec", 10)?), [a.0.clone(), b.0.clone()]);
        assert_eq!(paths(index.search("checker zebra", 10)?), Vec::<PathBuf>::new(), "every word is needed");
        // Inside a word: the first word may end one, the last begin one,
        // a single word be anywhere in one.
        assert_eq!(paths(index.search("afe", 10)?), std::slice::from_ref(&c.0));
        // (Fragments of words have no BM25 of their own: found, unranked.)
        let mut fragments = paths(index.search("rrow chec", 10)?);
        fragments.sort();
        assert_eq!(fragments, [a.0.clone(), b.0.clone()]);
        assert_eq!(paths(index.search("rrow hecker", 10)?), Vec::<PathBuf>::new(), "the last word begins a word");
        // Folded as in-document search folds.
        assert_eq!(paths(index.search("HÀ noi", 10)?), std::slice::from_ref(&c.0));
        assert_eq!(paths(index.search("caf", 10)?), std::slice::from_ref(&c.0));
        assert!(index.search("++", 10)?.is_none(), "nothing the index can answer");
        drop(index);

        // Reopened: nothing to do for unchanged files; a changed one and a
        // removed one are seen.
        let (index, _) = LibraryIndex::open(&cache, &roots)?;
        let c2 = write("c.txt", "Now about borrow checkers only.\n")?;
        fs::remove_file(&b.0)?;
        let calls = std::sync::atomic::AtomicUsize::new(0);
        index.update(&[a.clone(), c2], &|_, total| {
            calls.store(total, std::sync::atomic::Ordering::Relaxed);
            true
        })?;
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 1, "only the changed file is read");
        assert_eq!(paths(index.search("borrow checker", 10)?), [a.0.clone(), c.0.clone()]);
        assert_eq!(paths(index.search("cafe", 10)?), Vec::<PathBuf>::new());
        let dir_of = index.dir().to_path_buf();

        // A second folio on the same library reads the index the first
        // writes, only while it is up to date.
        let (second, _) = LibraryIndex::open(&cache, &roots)?;
        assert!(second.writer.is_none());
        let now = [
            a.clone(),
            (c.0.clone(), fs::metadata(&c.0).ok().as_ref().and_then(super::super::meta::stamp).unwrap_or_default()),
        ];
        second.update(&now, &|_, _| true)?;
        assert_eq!(paths(second.search("wombat borrow", 10)?), Vec::<PathBuf>::new());
        assert_eq!(paths(second.search("borrow checkers", 10)?), std::slice::from_ref(&c.0));
        let changed = write("a.txt", "Rewritten while the other folio holds the index.\n")?;
        assert!(matches!(second.update(&[changed, now[1].clone()], &|_, _| true), Err(IndexError::Busy)));
        drop(second);
        drop(index);

        // Damaged: made again, with a notice.
        for file in fs::read_dir(&dir_of)? {
            let path = file?.path();
            if path.extension().is_some_and(|e| e == "json") && path.file_name() != Some("manifest.json".as_ref()) {
                fs::write(&path, b"garbage")?;
            }
        }
        let (index, notice) = LibraryIndex::open(&cache, &roots)?;
        assert!(notice.is_some_and(|n| n.contains("damaged")));
        assert!(index.is_empty());
        Ok(())
    }
}
