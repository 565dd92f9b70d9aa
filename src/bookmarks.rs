//! Bookmarks: the model, finding a passage again, and the file.
//!
//! A bookmark names its document by a stable identity (the seed's name, or
//! the path relative to its library root, plus a hash of the normalised
//! content) and its passage by a *text quote*: the exact passage, a little
//! text before and after it, and its offset. When the document changes the
//! passage is found again by the quote; when a file moves, by the hash. A
//! passage that cannot be found is kept and reported, never dropped.
//!
//! The file (`bookmarks.toml`) is for people too: a `version`, one table per
//! bookmark in a stable order. Every change is a list of [`Change`]s applied
//! by [`commit`] under a lock on a side file: re-read, merge, write
//! atomically, unlock. Two folio processes therefore never lose each other's
//! bookmarks, and a crash leaves the old file or the new one, whole. A file
//! that does not parse is never written over: it is copied aside first.

use std::fs::{self, File};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::fsutil;

/// The file format's version: 2 added highlights (`highlight = true`,
/// and passages as long as the selection). Version 1 files are read as
/// they are (every entry a bookmark) and written as version 2.
pub const VERSION: u32 = 2;
/// Bytes of context kept before and after a passage.
const CONTEXT: usize = 48;
/// Longest passage kept (bytes, cut at a word boundary): a long sentence
/// around a search match fits.
const MAX_PASSAGE: usize = 600;
/// Longest highlighted passage kept (bytes): a highlight is the exact
/// selection, a few pages at most.
pub const MAX_HIGHLIGHT: usize = 64 << 10;

/// Which document a bookmark belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRef {
    /// `seed:NAME` for a built-in article, else the path relative to its
    /// library root.
    pub document: String,
    /// Hash of the normalised content, `fnv1a64:` and 16 hex digits.
    pub hash: String,
    /// The title when the bookmark was made, to show if the document is gone.
    pub title: String,
}

/// A passage, by its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub offset: usize,
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

/// One bookmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub id: String,
    /// When it was made, RFC 3339 in UTC.
    pub created: String,
    #[serde(flatten)]
    pub doc: DocRef,
    #[serde(default)]
    pub note: String,
    #[serde(flatten)]
    pub quote: Quote,
    /// A passage chosen and highlighted (`v` … `m`), drawn in the text;
    /// false for a bookmark of a place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub highlight: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct FileFormat {
    version: u32,
    #[serde(default, rename = "bookmark")]
    bookmarks: Vec<Bookmark>,
}

/// A change to the bookmarks, applied to whatever the file holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Add(Bookmark),
    Delete(String),
    SetNote { id: String, note: String },
}

/// What went wrong with the bookmark file.
#[derive(Debug, thiserror::Error)]
pub enum BookmarkError {
    #[error("{path}: line {line}, column {column}: {message}")]
    Damaged { path: PathBuf, line: usize, column: usize, message: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: version {found} is newer than this folio understands ({VERSION})")]
    TooNew { path: PathBuf, found: u32 },
    #[error("{path} is read-only (its mode allows no writing)")]
    ReadOnly { path: PathBuf },
}

impl BookmarkError {
    fn io(path: &Path, source: io::Error) -> Self {
        Self::Io { path: path.to_path_buf(), source }
    }
}

/// Parses a bookmark file's text. `path` is only used in messages.
///
/// # Errors
/// [`BookmarkError::Damaged`] with the line and column of the problem.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Bookmark>, BookmarkError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let file: FileFormat = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |span| line_column(text, span.start));
        BookmarkError::Damaged { path: path.to_path_buf(), line, column, message: e.message().trim().to_owned() }
    })?;
    if file.version > VERSION {
        return Err(BookmarkError::TooNew { path: path.to_path_buf(), found: file.version });
    }
    Ok(file.bookmarks)
}

/// 1-based line and column (in characters) of a byte offset.
#[must_use]
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The file's text for a list of bookmarks, in the stable order (oldest
/// first, then by id).
///
/// # Errors
/// Never in practice: every field is a string or a number.
pub fn to_text(bookmarks: &[Bookmark]) -> Result<String, toml::ser::Error> {
    let mut sorted = bookmarks.to_vec();
    sort(&mut sorted);
    let body = toml::to_string_pretty(&FileFormat { version: VERSION, bookmarks: sorted })?;
    Ok(format!(
        "# folio bookmarks: one [[bookmark]] table each, oldest first.\n\
         # Safe to edit by hand while folio is closed; keep `id` unique.\n\n{body}"
    ))
}

fn sort(bookmarks: &mut [Bookmark]) {
    bookmarks.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
}

/// Applies changes to a list: adding an id that exists replaces it.
pub fn apply(bookmarks: &mut Vec<Bookmark>, changes: &[Change]) {
    for change in changes {
        match change {
            Change::Add(b) => {
                bookmarks.retain(|x| x.id != b.id);
                bookmarks.push(b.clone());
            }
            Change::Delete(id) => bookmarks.retain(|x| &x.id != id),
            Change::SetNote { id, note } => {
                for b in bookmarks.iter_mut().filter(|b| &b.id == id) {
                    b.note.clone_from(note);
                }
            }
        }
    }
    sort(bookmarks);
}

/// Reads the bookmark file; a missing file holds no bookmarks.
///
/// # Errors
/// The file cannot be read, or does not parse.
pub fn load(path: &Path) -> Result<Vec<Bookmark>, BookmarkError> {
    match fsutil::read_owned(path) {
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => parse(&text, path),
            // Not read lossily: rewriting it would turn the bad bytes into
            // U+FFFD for good. It is damaged, and copied aside byte for
            // byte before anything is written.
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(err.as_bytes());
                let (line, column) = line_column(&text, at);
                Err(BookmarkError::Damaged {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message: "not valid UTF-8".to_owned(),
                })
            }
        },
        Ok(None) => Ok(Vec::new()),
        Err(err) => Err(BookmarkError::io(path, err)),
    }
}

/// What [`commit`] did.
#[derive(Debug)]
pub struct Committed {
    /// Everything the file holds now.
    pub bookmarks: Vec<Bookmark>,
    /// Where a damaged file was copied before being replaced.
    pub set_aside: Option<PathBuf>,
}

/// Applies `changes` to the file under an exclusive lock: re-read, merge,
/// write atomically. With `replace_damaged`, a file that does not parse is
/// copied aside (`bookmarks.toml.damaged-TIME`) and replaced; without it, a
/// damaged file is left alone and its error returned.
///
/// # Errors
/// The lock, read or write failed (the file is then unchanged), or the file
/// is damaged and `replace_damaged` is false.
pub fn commit(path: &Path, changes: &[Change], replace_damaged: bool) -> Result<Committed, BookmarkError> {
    fsutil::with_lock(path, || commit_locked(path, changes, replace_damaged))
        .map_err(|(at, e)| BookmarkError::io(&at, e))?
}

fn commit_locked(path: &Path, changes: &[Change], replace_damaged: bool) -> Result<Committed, BookmarkError> {
    let mut set_aside = None;
    let mut bookmarks = match load(path) {
        Ok(list) => list,
        Err(err @ (BookmarkError::Damaged { .. } | BookmarkError::TooNew { .. })) => {
            if !replace_damaged {
                return Err(err);
            }
            let aside = damaged_path(path);
            fs::copy(path, &aside).map_err(|e| BookmarkError::io(&aside, e))?;
            File::open(&aside).and_then(|f| f.sync_all()).map_err(|e| BookmarkError::io(&aside, e))?;
            set_aside = Some(aside);
            Vec::new()
        }
        Err(err) => return Err(err),
    };
    apply(&mut bookmarks, changes);
    let text = to_text(&bookmarks).map_err(|e| BookmarkError::io(path, io::Error::other(e)))?;
    fsutil::atomic_write(path, text.as_bytes()).map_err(|e| match e.kind() {
        io::ErrorKind::PermissionDenied if fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) => {
            BookmarkError::ReadOnly { path: path.to_path_buf() }
        }
        _ => BookmarkError::io(path, e),
    })?;
    Ok(Committed { bookmarks, set_aside })
}

fn damaged_path(path: &Path) -> PathBuf {
    let stamp = humantime::format_rfc3339_seconds(SystemTime::now()).to_string().replace([':', '-'], "");
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(format!(".damaged-{stamp}"));
    let mut candidate = path.with_file_name(&name);
    let mut n = 1;
    while candidate.exists() {
        let mut numbered = name.clone();
        numbered.push(format!("-{n}"));
        candidate = path.with_file_name(numbered);
        n += 1;
    }
    candidate
}

/// The current time for `created`.
#[must_use]
pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// A new unique id: time, process and a counter.
#[must_use]
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{:x}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The quote for `range` of `text`: the passage (cut to a sensible length)
/// and some context on each side.
#[must_use]
pub fn quote(text: &str, range: Range<usize>) -> Quote {
    quote_up_to(text, range, MAX_PASSAGE)
}

/// The quote for `range` of `text`, its passage cut to `max` bytes.
#[must_use]
pub fn quote_up_to(text: &str, range: Range<usize>, max: usize) -> Quote {
    let start = text.floor_char_boundary(range.start.min(text.len()));
    let mut end = text.floor_char_boundary(range.end.min(text.len()).min(start.saturating_add(max))).max(start);
    if end < range.end.min(text.len())
        && let Some(space) = text[start..end].rfind(char::is_whitespace).filter(|&i| i > 0)
    {
        end = start + space; // cut between words, not inside one
    }
    let before = text.floor_char_boundary(start.saturating_sub(CONTEXT));
    let after = text.floor_char_boundary((end + CONTEXT).min(text.len()));
    Quote {
        offset: start,
        exact: text[start..end].to_owned(),
        prefix: text[before..start].to_owned(),
        suffix: text[end..after].to_owned(),
    }
}

/// How a passage was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// Where it was left.
    Exact(Range<usize>),
    /// Elsewhere in a changed text, by its quote.
    Moved(Range<usize>),
    /// Not in the current text.
    NotFound,
}

impl Anchor {
    #[must_use]
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Self::Exact(r) | Self::Moved(r) => Some(r.clone()),
            Self::NotFound => None,
        }
    }
}

/// Finds a quoted passage in `text`.
#[must_use]
pub fn anchor(text: &str, quote: &Quote) -> Anchor {
    if quote.exact.is_empty() {
        return Anchor::NotFound;
    }
    let end = quote.offset.saturating_add(quote.exact.len());
    if text.get(quote.offset..end) == Some(quote.exact.as_str()) {
        return Anchor::Exact(quote.offset..end);
    }
    let candidates: Vec<usize> = memchr::memmem::find_iter(text.as_bytes(), quote.exact.as_bytes()).collect();
    if let Some(best) = best_candidate(text, quote, &candidates, quote.exact.len()) {
        return Anchor::Moved(best..best + quote.exact.len());
    }
    // The passage itself was edited: look for its start or its end alone,
    // accepting only a single, unambiguous place.
    for piece in [head(&quote.exact, 40), tail(&quote.exact, 40)] {
        if piece.len() < 12 {
            continue;
        }
        let found: Vec<usize> = memchr::memmem::find_iter(text.as_bytes(), piece.as_bytes()).collect();
        if let [at] = found[..] {
            let start = if std::ptr::eq(piece.as_ptr(), quote.exact.as_ptr()) {
                at
            } else {
                at.saturating_sub(quote.exact.len() - piece.len())
            };
            let start = text.floor_char_boundary(start);
            let end = text.floor_char_boundary((start + quote.exact.len()).min(text.len()));
            return Anchor::Moved(start..end);
        }
    }
    Anchor::NotFound
}

fn head(s: &str, n: usize) -> &str {
    &s[..s.floor_char_boundary(n.min(s.len()))]
}

fn tail(s: &str, n: usize) -> &str {
    &s[s.ceil_char_boundary(s.len().saturating_sub(n))..]
}

/// The candidate whose surroundings agree most with the quote's context;
/// ties go to the one nearest the old offset.
fn best_candidate(text: &str, quote: &Quote, candidates: &[usize], len: usize) -> Option<usize> {
    candidates.iter().copied().max_by_key(|&at| {
        let before = &text[text.floor_char_boundary(at.saturating_sub(quote.prefix.len()))..at];
        let after_end = text.floor_char_boundary((at + len + quote.suffix.len()).min(text.len()));
        let after = &text[at + len..after_end];
        let agree = common_suffix(before, &quote.prefix) + common_prefix(after, &quote.suffix);
        (agree, std::cmp::Reverse(at.abs_diff(quote.offset)))
    })
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count()
}

/// What an export knows of a bookmark's document: its text when it could
/// be read (for the site, chapters and positions), and where it is (a URL
/// or a path).
pub struct ExportedDoc {
    pub doc: Option<std::sync::Arc<crate::document::Document>>,
    pub source: String,
}

/// Bookmarks and highlights as Markdown for note-taking tools (the shape
/// Obsidian, Logseq and Readwise users import): a section per document
/// with its title, site, source and date, then each passage in reading
/// order as a quote, its note, and where it is (chapter, percent).
/// `resolve` finds a document from its reference.
#[must_use]
pub fn to_markdown(bookmarks: &[Bookmark], resolve: &dyn Fn(&DocRef) -> ExportedDoc) -> String {
    let mut out = String::from("# Bookmarks\n");
    for (doc_ref, group) in grouped(bookmarks) {
        let found = resolve(&doc_ref);
        let doc = found.doc.as_deref();
        let title = doc.map_or(doc_ref.title.as_str(), |d| d.title.as_str());
        out.push_str(&format!("\n## {}\n\n", one_line(if title.trim().is_empty() { &doc_ref.title } else { title })));
        let mut about = Vec::new();
        if let Some(site) = doc.and_then(|d| d.source.as_ref()).map(|s| s.site.clone()) {
            about.push(format!("- Site: {}", one_line(&site)));
        }
        about.push(format!("- Source: {}", one_line(&found.source)));
        if let Some(date) = doc.and_then(|d| d.date.as_deref()) {
            about.push(format!("- Date: {}", one_line(date)));
        }
        out.push_str(&about.join("\n"));
        out.push('\n');
        // Reading order: where each passage is now, else where it was.
        let mut placed: Vec<(usize, Option<Range<usize>>, &Bookmark)> = group
            .into_iter()
            .map(|b| {
                let range = doc.and_then(|d| anchor(&d.text, &b.quote).range());
                (range.as_ref().map_or(b.quote.offset, |r| r.start), range, b)
            })
            .collect();
        placed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.created.cmp(&b.2.created)));
        for (_, range, b) in placed {
            out.push('\n');
            for (i, paragraph) in b.quote.exact.split("\n\n").map(one_line).filter(|p| !p.is_empty()).enumerate() {
                if i > 0 {
                    out.push_str(">\n");
                }
                out.push_str(&format!("> {paragraph}\n"));
            }
            if !b.note.is_empty() {
                out.push_str(&format!("\n**Note:** {}\n", one_line(&b.note)));
            }
            let mut place = Vec::new();
            match (doc, range) {
                (Some(d), Some(r)) => {
                    let block = d.block_at(r.start);
                    if let Some(section) = d.section_at(block).and_then(|i| d.outline.get(i)) {
                        place.push(one_line(&section.title));
                    }
                    place.push(format!("{}%", r.start * 100 / d.text.len().max(1)));
                }
                (Some(_), None) => place.push("not found in the current text".to_owned()),
                (None, _) => {}
            }
            place.push(if b.highlight { "highlight" } else { "bookmark" }.to_owned());
            place.push(shown_date(&b.created, true));
            out.push_str(&format!("\n_{}_\n", place.join(" · ")));
        }
    }
    out
}

/// Bookmarks grouped by document (in order of each document's newest
/// bookmark), newest first within each.
#[must_use]
pub fn grouped(bookmarks: &[Bookmark]) -> Vec<(DocRef, Vec<&Bookmark>)> {
    let mut sorted: Vec<&Bookmark> = bookmarks.iter().collect();
    sorted.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    let mut groups: Vec<(DocRef, Vec<&Bookmark>)> = Vec::new();
    for b in sorted {
        match groups.iter_mut().find(|(d, _)| d.document == b.doc.document && d.hash == b.doc.hash) {
            Some((_, list)) => list.push(b),
            None => groups.push((b.doc.clone(), vec![b])),
        }
    }
    groups
}

/// A bookmark's `created` time as printed: the file may have been edited
/// or synced by hand, so it is shown only when it is a real RFC 3339 time
/// (the day alone when `day`), and as `(invalid date)` otherwise, never
/// echoed.
#[must_use]
pub fn shown_date(created: &str, day: bool) -> String {
    if valid_date(created) {
        let shown = if day { created.get(..10).unwrap_or(created) } else { created };
        crate::sanitize::line(shown).into_owned()
    } else {
        "(invalid date)".to_owned()
    }
}

/// Whether `created` is an RFC 3339 time.
#[must_use]
pub fn valid_date(created: &str) -> bool {
    created.len() <= 40 && humantime::parse_rfc3339_weak(created).is_ok()
}

/// The bookmarks as JSON for other tools: the file's content, with every
/// character that would act on a terminal escaped (`\u009b`), C1 controls
/// and bidirectional overrides included. serde_json escapes only what JSON
/// requires (C0), which is not enough for output that may be shown.
///
/// # Errors
/// Serialising fails (it does not for these types).
pub fn to_json(bookmarks: &[Bookmark]) -> serde_json::Result<String> {
    let value = serde_json::json!({ "version": VERSION, "bookmarks": bookmarks });
    let text = serde_json::to_string_pretty(&value)?;
    Ok(crate::sanitize::escape_json_output(&text))
}

fn one_line(s: &str) -> String {
    crate::sanitize::line(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(id: &str, text: &str, at: Range<usize>) -> Bookmark {
        Bookmark {
            id: id.to_owned(),
            created: format!("2026-11-22T10:00:0{}Z", id.len() % 10),
            doc: DocRef { document: "seed:x.txt".into(), hash: crate::document::content_hash(text), title: "T".into() },
            note: "a note with \"quotes\" and \u{1b} escape".into(),
            quote: quote(text, at),
            highlight: false,
        }
    }

    #[test]
    fn file_round_trip() -> Result<(), Box<dyn std::error::Error>> {
        let text = "The whale surfaced near the boat.";
        let list = vec![sample("b", text, 4..9), sample("a", text, 10..18)];
        let written = to_text(&list)?;
        assert!(written.contains("version = 2"));
        assert!(written.contains("[[bookmark]]"));
        let back = parse(&written, Path::new("b.toml"))?;
        let mut expected = list;
        sort(&mut expected);
        assert_eq!(back, expected);
        Ok(())
    }

    #[test]
    fn a_highlight_keeps_its_whole_passage() {
        let text = "word ".repeat(400);
        assert_eq!(quote(&text, 0..text.len()).exact.len(), 599, "a bookmark keeps an excerpt");
        let whole = quote_up_to(&text, 0..text.len(), MAX_HIGHLIGHT);
        assert_eq!(whole.exact, text, "a highlight, the selection exactly");
        assert_eq!(quote_up_to(&text, 5..10, usize::MAX).exact, "word ");
    }

    #[test]
    fn damaged_file_names_line_and_column() {
        let err = parse("version = 1\n\n[[bookmark]]\nid = \"x\"\ncreated = 5 5\n", Path::new("bookmarks.toml"));
        match err {
            Err(BookmarkError::Damaged { line, .. }) => assert_eq!(line, 5),
            other => panic!("{other:?}"),
        }
        let missing = parse("version = 1\n[[bookmark]]\nid = \"x\"\n", Path::new("b.toml"));
        assert!(matches!(missing, Err(BookmarkError::Damaged { .. })), "{missing:?}");
        assert!(matches!(parse("version = 9\n", Path::new("b.toml")), Err(BookmarkError::TooNew { .. })));
    }

    #[test]
    fn reanchors_after_an_insertion_before_the_passage() {
        let old = "First paragraph.\n\nCall me Ishmael. Some years ago.\n\nEnd.";
        let at = old.find("Call me").unwrap_or(0);
        let q = quote(old, at..at + 16);
        let new = format!("A new preface that was added later.\n\n{old}");
        let anchor = anchor(&new, &q);
        let range = anchor.range().unwrap_or_default();
        assert_eq!(&new[range], "Call me Ishmael.");
        assert!(matches!(anchor, Anchor::Moved(_)));
    }

    #[test]
    fn context_picks_the_right_repeat() {
        let text = "alpha NOTE beta\n\ngamma NOTE delta\n\nepsilon NOTE zeta";
        let at = text.find("gamma NOTE").unwrap_or(0) + 6;
        let q = quote(text, at..at + 4);
        let shifted = format!("xx{text}");
        assert_eq!(anchor(&shifted, &q), Anchor::Moved(at + 2..at + 6));
    }

    #[test]
    fn lost_passage_is_reported_not_found() {
        let q = quote("The whale surfaced.", 4..9);
        assert_eq!(anchor("Nothing of the sort here.", &q), Anchor::NotFound);
    }

    #[test]
    fn edited_passage_is_found_by_its_start() {
        let old = "Intro. The ship sailed out of Nantucket on a cold morning in December. Outro.";
        let at = old.find("The ship").unwrap_or(0);
        let q = quote(old, at..old.find(" Outro").unwrap_or(0));
        let new = old.replace("December", "January");
        let range = anchor(&new, &q).range().unwrap_or_default();
        assert!(new[range].starts_with("The ship sailed"));
    }

    #[test]
    fn commit_merges_and_sets_damaged_files_aside() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("bookmarks.toml");
        let text = "The whale surfaced near the boat.";
        commit(&path, &[Change::Add(sample("a", text, 0..3))], false)?;
        // Another process added one meanwhile: both survive.
        commit(&path, &[Change::Add(sample("bb", text, 4..9))], false)?;
        assert_eq!(load(&path)?.len(), 2);
        commit(&path, &[Change::SetNote { id: "a".into(), note: "n".into() }, Change::Delete("bb".into())], false)?;
        let now = load(&path)?;
        assert_eq!((now.len(), now[0].note.as_str()), (1, "n"));
        fs::write(&path, "version = 1\n[[bookmark]\n")?;
        assert!(commit(&path, &[Change::Add(sample("c", text, 0..3))], false).is_err());
        assert_eq!(fs::read_to_string(&path)?, "version = 1\n[[bookmark]\n", "never written over");
        let done = commit(&path, &[Change::Add(sample("c", text, 0..3))], true)?;
        let aside = done.set_aside.ok_or("set aside")?;
        assert_eq!(fs::read_to_string(aside)?, "version = 1\n[[bookmark]\n");
        assert_eq!(load(&path)?.len(), 1);
        Ok(())
    }
}
