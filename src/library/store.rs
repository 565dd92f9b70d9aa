//! The library's documents: the built-in seeds, files and folders named on
//! the command line, and standard input. This is the only module that reads
//! document files (the watcher in [`super::watch`] asks it to).
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

pub use super::meta::Meta;
use super::meta::{MetaCache, stamp};

/// The built-in library, compiled into the binary.
pub const SEEDS: [(&str, &str); 5] = [
    ("000_83bf8c942bdf1305.txt", include_str!("../../seeds/000_83bf8c942bdf1305.txt")),
    ("001_c79c50470cd92d8a.txt", include_str!("../../seeds/001_c79c50470cd92d8a.txt")),
    ("002_53ee598ec899c932.txt", include_str!("../../seeds/002_53ee598ec899c932.txt")),
    ("003_471924497b610375.txt", include_str!("../../seeds/003_471924497b610375.txt")),
    ("004_7a64d7f24d7260e1.txt", include_str!("../../seeds/004_7a64d7f24d7260e1.txt")),
];

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
    /// The document's stable name for bookmarks and reading positions:
    /// `seed:NAME`, the path relative to its library root, or `stdin`.
    #[must_use]
    pub fn key(&self) -> String {
        match self {
            Self::Seed(name) => format!("seed:{name}"),
            Self::File { .. } => self.label(),
            Self::Stdin => "stdin".to_owned(),
        }
    }

    /// The key of the document's reading position: a file's absolute path
    /// (two `index.html` of two folders are two documents), else as
    /// [`Self::key`].
    #[must_use]
    pub fn position_key(&self) -> String {
        match self {
            Self::File { path, .. } => {
                super::absolute(path).map_or_else(|_| path.display().to_string(), |p| p.display().to_string())
            }
            _ => self.key(),
        }
    }

    /// A short label for lists and messages.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Seed(name) => format!("seeds/{name}"),
            Self::File { path, root } => path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned(),
            Self::Stdin => "(standard input)".to_owned(),
        }
    }
}

/// A document in the library: its metadata always, its text when held.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Behind an `Arc`: entries travel in messages, and one listed from
    /// the metadata cache shares the cache's copy.
    pub meta: Arc<Meta>,
    /// The parsed document, when it is held: a seed, standard input, the
    /// open document and a few opened before it. A file's entry otherwise
    /// holds none (a library of 100 000 documents would not fit) and the
    /// file is read again when it is opened or searched.
    pub doc: Option<Arc<Document>>,
    pub origin: Origin,
    /// The text's content hash, which finds a bookmark's document again
    /// after the file moved; made with the entry, on the loader's thread,
    /// never while drawing.
    pub hash: String,
    /// Only the beginning of a large file, shown while the rest loads.
    pub partial: bool,
    /// The file's modification time, for sorting by date.
    pub modified: Option<std::time::SystemTime>,
}

impl Entry {
    /// An entry holding its document.
    #[must_use]
    pub fn new(doc: Document, origin: Origin) -> Self {
        let hash = crate::document::content_hash(&doc.text);
        Self { hash, ..Self::unhashed(doc, origin) }
    }

    /// An entry holding its document, whose hash is made later
    /// ([`LoadEvent::Hashed`]).
    #[must_use]
    pub fn unhashed(doc: Document, origin: Origin) -> Self {
        Self {
            meta: Arc::new(Meta::of(&doc)),
            doc: Some(Arc::new(doc)),
            origin,
            hash: String::new(),
            partial: false,
            modified: None,
        }
    }

    /// An entry known by its metadata only: the text is read when opened.
    #[must_use]
    pub fn listed(meta: Arc<Meta>, hash: String, origin: Origin) -> Self {
        Self { meta, doc: None, origin, hash, partial: false, modified: None }
    }

    /// The file behind the entry, if it is one.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Lets go of the text of a file's entry (it can be read again); a
    /// seed's or standard input's is kept.
    pub fn release(&mut self) {
        if self.path().is_some() && !self.partial {
            self.doc = None;
        }
    }
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
    #[error("a named pipe that no program opened for writing in {0} s; skipped")]
    NoWriter(u64),
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// Text that turns to binary at this byte (a stream read in pieces).
    #[error("binary data (NUL bytes) from byte {0} on: the rest was not read")]
    BinaryFrom(u64),
    /// Larger than a document is read whole (the stream limit).
    #[error("{}: larger than the {} MiB folio reads whole (--stream-limit MIB raises it; output to a pipe reads any size)", size_text(*.size), .limit >> 20)]
    TooLarge { size: u64, limit: u64 },
}

/// A size for people: `8.0 KiB`, `1.0 TiB`.
#[must_use]
pub fn size_text(bytes: u64) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} bytes") } else { format!("{value:.1} {}", units[unit]) }
}

/// The most bytes a document file is read whole: the stream limit.
fn whole_limit() -> u64 {
    STREAM_LIMIT.load(std::sync::atomic::Ordering::Relaxed)
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
        .map(|(name, text)| Entry::new(document::parse_text(name, (*text).to_owned()), Origin::Seed(name)))
        .collect()
}

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
struct Found {
    path: PathBuf,
    root: PathBuf,
    meta: fs::Metadata,
}

/// As [`find_files`], keeping each file's metadata (the loader needs its
/// size and time: one `stat` per file, not three), and leaving out the
/// file whose identity is `skip` (the first file, already sent).
fn walk_files(paths: &[PathBuf], skip: Option<(u64, u64)>) -> (Vec<Found>, Vec<Problem>) {
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

/// Reads and parses one file.
///
/// # Errors
/// The file cannot be read, is a device, or is binary.
pub fn load_file(path: &Path) -> Result<Document, LoadError> {
    let read = read_document_bytes(path)?;
    let mut doc = document::parse(&file_name(path), read.bytes)?;
    if read.cut {
        doc.notices.push(stream_cut_notice());
    }
    Ok(doc)
}

/// Reads and parses one file, keeping the decoded source when the text is
/// rendered from it (see [`document::parse_keeping_source`]).
///
/// # Errors
/// As [`load_file`].
pub fn load_file_with_source(path: &Path) -> Result<(Document, Option<String>), LoadError> {
    let read = read_document_bytes(path)?;
    Ok(document::parse_keeping_source(&file_name(path), read.bytes)?)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The bytes of a document file, refusing devices and binary files. A
/// named pipe (named on the command line: a folder walk never picks one)
/// is read as a stream, once a writer has opened it.
fn read_document_bytes(path: &Path) -> Result<StreamRead, LoadError> {
    let meta = fs::metadata(path)?;
    let ft = meta.file_type();
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_block_device() || ft.is_char_device() || ft.is_socket() {
            return Err(LoadError::NotAFile);
        }
        if ft.is_fifo() {
            return read_stream(open_fifo(path)?);
        }
    }
    // The size is checked before anything is allocated for it: a sparse
    // file of 1 TiB (8 KB of text and a hole) once asked for 1 TiB.
    let limit = whole_limit();
    if meta.len() > limit {
        return Err(LoadError::TooLarge { size: meta.len(), limit });
    }
    let file = fs::File::open(path)?;
    // A binary file is recognised from its first block without reading the
    // rest: a gigabyte of video in a library folder costs one read.
    let mut head = [0u8; 8192];
    let n = (&file).read(&mut head)?;
    // A book is a zip archive: binary by nature, read by its own parser.
    if document::looks_binary(&head[..n], document::forced_encoding())
        && !document::format::of_name(&file_name(path)).container
    {
        return Err(LoadError::Parse(ParseError::Binary));
    }
    io::Seek::seek(&mut &file, io::SeekFrom::Start(0))?;
    let bytes = read_all(&file, usize::try_from(meta.len()).unwrap_or(usize::MAX), limit)?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(StreamRead { bytes, cut: false })
}

/// How long folio waits for a program to open a named pipe for writing.
pub const FIFO_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens a named pipe for reading. Opening blocks until a writer opens
/// the other end, so it happens on a helper thread and is given up after
/// [`FIFO_WAIT`] with a message (the helper stays blocked until a writer
/// comes or folio exits: a thread, not a hang).
fn open_fifo(path: &Path) -> Result<fs::File, LoadError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(fs::File::open(owned));
    });
    match rx.recv_timeout(FIFO_WAIT) {
        Ok(result) => Ok(result?),
        Err(_) => Err(LoadError::NoWriter(FIFO_WAIT.as_secs())),
    }
}

/// Bytes read at most from a stream (standard input, a named pipe) for the
/// reader, which holds a document whole; `--stream-limit` changes it.
/// Output to a pipe streams and has no such limit.
pub static STREAM_LIMIT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(DEFAULT_STREAM_LIMIT);
/// The default of [`STREAM_LIMIT`]: 512 MiB.
pub const DEFAULT_STREAM_LIMIT: u64 = 512 << 20;

/// What was read from a stream.
#[derive(Debug)]
pub struct StreamRead {
    pub bytes: Vec<u8>,
    /// The stream went on past [`STREAM_LIMIT`]; `bytes` ends at the last
    /// line break before it.
    pub cut: bool,
}

/// Reads a stream up to [`STREAM_LIMIT`], refusing binary content as soon
/// as its first block shows it (`/dev/zero` costs one read, not 8 GB).
///
/// # Errors
/// Reading fails or the stream is binary.
pub fn read_stream(mut reader: impl Read) -> Result<StreamRead, LoadError> {
    let limit = STREAM_LIMIT.load(std::sync::atomic::Ordering::Relaxed);
    let mut bytes = Vec::new();
    let mut head = [0u8; 8192];
    let mut filled = 0;
    while filled < head.len() {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err.into()),
        }
    }
    if document::looks_binary(&head[..filled], document::forced_encoding()) {
        return Err(LoadError::Parse(ParseError::Binary));
    }
    bytes.extend_from_slice(&head[..filled]);
    reader.take(limit.saturating_sub(filled as u64) + 1).read_to_end(&mut bytes)?;
    let cut = bytes.len() as u64 > limit;
    if cut {
        bytes.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        if let Some(nl) = memchr::memrchr(b'\n', &bytes) {
            bytes.truncate(nl + 1);
        }
    }
    Ok(StreamRead { bytes, cut })
}

/// The notice for a stream cut at [`STREAM_LIMIT`].
#[must_use]
pub fn stream_cut_notice() -> String {
    let limit = STREAM_LIMIT.load(std::sync::atomic::Ordering::Relaxed) >> 20;
    format!("only the first {limit} MiB were read (--stream-limit MIB reads more)")
}

/// Files at least this large are read by two threads at once.
const PARALLEL_READ_FROM: usize = 8 << 20;

/// Reads a whole file whose size was `len` a moment ago. Large files are
/// read in two halves on two threads: copying 100 MB out of the page cache
/// takes half as long that way. A file that grows meanwhile is read to its
/// new end, but never past one byte beyond `limit` (the caller refuses
/// that); one that shrinks is an error, not a torn document.
fn read_all(file: &fs::File, len: usize, limit: u64) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let more = (limit + 1).saturating_sub(len as u64);
    if len < PARALLEL_READ_FROM {
        let mut bytes = Vec::with_capacity(len);
        file.take(len as u64 + more).read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    let mut bytes = vec![0u8; len];
    let half = len / 2;
    let (head, tail) = bytes.split_at_mut(half);
    std::thread::scope(|scope| {
        let tail_read = scope.spawn(|| file.read_exact_at(tail, half as u64));
        let head_read = file.read_exact_at(head, 0);
        let tail_read = tail_read.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        head_read.and(tail_read)
    })
    .map_err(|err| match err.kind() {
        io::ErrorKind::UnexpectedEof => io::Error::other("the file shrank while it was being read"),
        _ => err,
    })?;
    let mut rest = Vec::new();
    let mut reader = file;
    io::Seek::seek(&mut reader, io::SeekFrom::Start(len as u64))?;
    reader.take(more).read_to_end(&mut rest)?;
    bytes.extend_from_slice(&rest);
    Ok(bytes)
}

/// Reads one document from a reader (standard input).
///
/// # Errors
/// Reading fails or the input is binary.
pub fn load_reader(reader: impl Read) -> Result<Document, LoadError> {
    let read = read_stream(reader)?;
    // What was piped in says what it is (or `--format` does).
    let name = document::stdin_name(&read.bytes);
    let mut doc = document::parse(&name, read.bytes)?;
    if read.cut {
        doc.notices.push(stream_cut_notice());
    }
    Ok(doc)
}

/// Files at least this large are shown from a preview of their beginning
/// while the whole file loads.
pub const PREVIEW_FROM: u64 = 8 << 20;
/// How much of a large file the preview holds.
const PREVIEW_BYTES: usize = 1 << 20;

/// Parses the first [`PREVIEW_BYTES`] of a large file, cut at a line end.
///
/// # Errors
/// The file cannot be read or is binary.
pub fn load_preview(path: &Path) -> Result<Document, LoadError> {
    let mut head = Vec::with_capacity(PREVIEW_BYTES);
    fs::File::open(path)?.take(PREVIEW_BYTES as u64).read_to_end(&mut head)?;
    if let Some(last_newline) = memchr::memrchr(b'\n', &head) {
        head.truncate(last_newline + 1);
    }
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Ok(document::parse(&name, head)?)
}

/// How much of a large file's end is read when the user asks for the end
/// before the whole file is in.
const TAIL_BYTES: u64 = 1 << 20;

/// The last [`TAIL_BYTES`] of a large text file, from a line start, parsed
/// on its own (what `G` shows while the whole file loads, as `less` does),
/// and how many bytes of the file come before it.
///
/// # Errors
/// The file cannot be read, is not a regular file, or its end is not UTF-8
/// (the middle of a file in another encoding cannot be decoded alone).
pub fn load_tail(path: &Path) -> Result<(Document, u64), LoadError> {
    use std::io::{Seek, SeekFrom};
    if !fs::metadata(path)?.is_file() {
        return Err(LoadError::NotAFile);
    }
    let mut file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    let from = len.saturating_sub(TAIL_BYTES);
    file.seek(SeekFrom::Start(from))?;
    let mut bytes = Vec::with_capacity(TAIL_BYTES as usize);
    file.take(TAIL_BYTES).read_to_end(&mut bytes)?;
    // Start at a line: the first may be cut in the middle of a character.
    let skip = if from == 0 { 0 } else { memchr::memchr(b'\n', &bytes).map_or(bytes.len(), |i| i + 1) };
    bytes.drain(..skip);
    let text = String::from_utf8(bytes)
        .map_err(|_| LoadError::Io(io::Error::new(io::ErrorKind::InvalidData, "the end of the file is not UTF-8")))?;
    Ok((document::parse_text(&file_name(path), text), from + skip as u64))
}

/// What the background loader reports.
#[derive(Debug)]
pub enum LoadEvent {
    /// The folders were walked: this many files will be tried.
    Found(usize),
    /// A document is listed (its text held or not), or the preview of a
    /// large one (`partial`).
    Entry(Entry),
    /// The beginning of a large file being opened, shown while the rest
    /// loads.
    Preview {
        path: PathBuf,
        doc: Arc<Document>,
    },
    /// The whole of a document being opened, or first sent as a preview.
    Completed {
        path: PathBuf,
        doc: Arc<Document>,
    },
    /// The content hash of a large document, made after it was sent (on
    /// 100 MB it takes longer than parsing, and the reader needs none).
    Hashed {
        path: PathBuf,
        hash: String,
    },
    /// A file in the library changed on disk (`Some`: its new contents) or
    /// went away (`None`).
    Changed {
        path: PathBuf,
        entry: Option<Entry>,
    },
    /// A file could not be opened (and was not counted as loaded).
    Problem(Problem),
    Notice(String),
    /// Every file has been tried.
    Done,
    /// The full-text index is being brought up to date: `done` of `total`
    /// files read into it (`total` 0: not known yet).
    Indexing {
        done: usize,
        total: usize,
    },
    /// The index is up to date and answers library searches (it holds
    /// `documents`).
    Indexed {
        documents: u64,
    },
    /// There is no index to use this time, and why.
    NotIndexed(String),
}

/// Where the loader keeps derived data, and where it hands the index over.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The cache directory; `None`: no cache, no index.
    pub cache_dir: Option<PathBuf>,
    /// Where the index goes once it is up to date (none: not built).
    pub index: Option<Arc<super::index::IndexSlot>>,
}

/// Loads what `paths` name on background threads, reporting through
/// `send`, which returns false when nobody listens any more (loading then
/// stops). The first file is read whole (it is opened at once); then the
/// folders are walked (`Found`) and every other file is listed by its
/// metadata, from the cache in `derived.cache_dir` when the file has not
/// changed since, else parsed on as many threads as there are cores, each
/// sent as soon as it is ready; their texts are not kept. Once all are
/// listed (`Done`), the full-text index of a library with a folder in it
/// is brought up to date (`Indexing`, `Indexed`) and handed over.
pub fn spawn_loader(paths: Vec<PathBuf>, derived: Derived, send: impl Fn(LoadEvent) -> bool + Send + Sync + 'static) {
    let cache_dir = derived.cache_dir.clone();
    let send = Arc::new(send);
    std::thread::spawn(move || {
        // The first file alone first, before the rest of the walk: the
        // first frame shows it at once even in a library of 100 000
        // files, and it is the first of the list, not whichever thread
        // finished first. But never for long: a file that takes long to
        // parse goes on on its own thread, and the list does not wait for
        // it (a page that took two minutes once held "Library (0)").
        let first = first_file(&paths);
        if let Some((path, root)) = first.clone() {
            let (done, wait) = std::sync::mpsc::channel();
            let send = Arc::clone(&send);
            std::thread::spawn(move || {
                let _ = done.send(load_one(&path, &root, &*send));
            });
            if let Ok(false) = wait.recv_timeout(FIRST_FILE_WAIT) {
                return;
            }
        }
        let send = &*send;
        // A cache and an index for libraries with a folder in them; a file
        // or two are parsed faster than a cache is read.
        let derived_dir = cache_dir.as_deref().filter(|_| paths.iter().any(|p| p.is_dir()));
        // The first file is left out of the walk by its identity: the same
        // file, whichever path the walk reaches it by.
        let first_id = first.as_ref().and_then(|(f, _)| fs::metadata(f).ok()).map(|m| identity(&m));
        // The cache and the index's manifest are read on a second thread
        // while this one walks the folders: at 100 000 files each takes
        // about half a second.
        let ((cache, state), index, (files, problems)) = std::thread::scope(|scope| {
            let derived = scope.spawn(|| {
                let cache = derived_dir.map_or_else(
                    || (MetaCache::none(), super::meta::CacheState::Fine),
                    |dir| MetaCache::open(dir, &paths),
                );
                let index = derived_dir
                    .filter(|_| derived.index.is_some())
                    .map(|dir| super::index::LibraryIndex::open(dir, &paths));
                (cache, index)
            });
            let walked = walk_files(&paths, first_id);
            let (cache, index) = derived.join().unwrap_or_else(|_| {
                let failed = super::index::IndexError::Io(io::Error::other("the thread opening it failed"));
                ((MetaCache::none(), super::meta::CacheState::Fine), Some(Err(failed)))
            });
            (cache, index, walked)
        });
        if let super::meta::CacheState::Damaged(why) = state
            && !send(LoadEvent::Notice(format!("the library cache was damaged and is made again ({why})")))
        {
            return;
        }
        if let Some((first, _)) = &first {
            cache.seen(first);
        }
        if !send(LoadEvent::Found(files.len() + usize::from(first.is_some()))) {
            return;
        }
        for problem in problems {
            if !send(LoadEvent::Problem(problem)) {
                return;
            }
        }
        let all_sent = on_every_core(&files, |found| list_one(found, &cache, &send));
        if !all_sent {
            return;
        }
        if let Err(err) = cache.save() {
            let file = cache.file().map(|f| f.display().to_string()).unwrap_or_default();
            let _ = send(LoadEvent::Notice(format!("could not write the library cache {file}: {}", io_reason(&err))));
        }
        let index = index.zip(derived.index);
        // The cache's maps are not needed any more: freed before the index
        // is built (100 000 entries are tens of MiB), on a thread of their
        // own, as freeing them takes a tenth of a second.
        std::thread::spawn(move || drop(cache));
        // Said before `Done`, so the list never looks finished while the
        // index is still to be checked.
        if index.is_some() && !send(LoadEvent::Indexing { done: 0, total: 0 }) {
            return;
        }
        if !send(LoadEvent::Done) {
            return;
        }
        if let Some((opened, slot)) = index {
            let mut stamped: Vec<(PathBuf, (u64, i128))> = files
                .into_iter()
                .filter_map(|f| {
                    let stamp = stamp(&f.meta)?;
                    Some((super::into_absolute(f.path).ok()?, stamp))
                })
                .collect();
            if let Some((first, _)) = &first
                && let (Ok(path), Some(stamp)) =
                    (super::absolute(first), fs::metadata(first).ok().as_ref().and_then(stamp))
            {
                stamped.push((path, stamp));
            }
            index_library(opened, &stamped, &slot, &send);
        }
    });
}

/// How long the walk waits for the first file before listing the others.
const FIRST_FILE_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Brings the library's index (as it was opened) up to date with `files`,
/// and puts it in `slot`; says what it does through `send`.
fn index_library(
    opened: Result<(super::index::LibraryIndex, Option<String>), super::index::IndexError>,
    files: &[(PathBuf, (u64, i128))],
    slot: &super::index::IndexSlot,
    send: &impl Fn(LoadEvent) -> bool,
) {
    let index = match opened {
        Ok((index, notice)) => {
            if let Some(notice) = notice
                && !send(LoadEvent::Notice(notice))
            {
                return;
            }
            index
        }
        Err(err) => {
            let _ = send(LoadEvent::NotIndexed(format!(
                "no library index ({err}): library search reads every document instead"
            )));
            return;
        }
    };
    // Progress about every 1 % (and at the start and end).
    let step = (files.len() / 100).max(1);
    let progress = |done: usize, total: usize| {
        if done.is_multiple_of(step) || done == total { send(LoadEvent::Indexing { done, total }) } else { true }
    };
    match index.update(files, &progress) {
        Ok(()) => {
            let documents = index.len();
            slot.set(Arc::new(index));
            send(LoadEvent::Indexed { documents });
        }
        Err(err) => {
            let _ = send(LoadEvent::NotIndexed(format!(
                "the library index is not up to date ({err}): library search reads every document instead"
            )));
        }
    }
}

/// The first file a walk of `paths` would find (the same order as
/// [`find_files`], entering each folder once as it does, so a link loop is
/// not followed), found without walking the rest.
fn first_file(paths: &[PathBuf]) -> Option<(PathBuf, PathBuf)> {
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

/// Runs `each` on every item on every core (up to 8 threads), items taken
/// in order; stops early once `each` returns false (nobody listens), and
/// then returns false.
fn on_every_core<T: Sync>(items: &[T], each: impl Fn(&T) -> bool + Sync) -> bool {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get).clamp(1, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if !each(item) {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    !stop.load(Ordering::Relaxed)
}

/// Lists one file by its metadata: from the cache when the file kept its
/// size and time, else parsed (and the text dropped). Returns false when
/// the receiver is gone.
fn list_one(found: &Found, cache: &MetaCache, send: &impl Fn(LoadEvent) -> bool) -> bool {
    let path = &found.path;
    let origin = Origin::File { path: path.clone(), root: found.root.clone() };
    let modified = found.meta.modified().ok();
    let stamp = stamp(&found.meta);
    if let Some((info, hash)) = stamp.and_then(|s| cache.get(path, s)) {
        return send(LoadEvent::Entry(Entry { modified, ..Entry::listed(info, hash, origin) }));
    }
    match load_file(path) {
        Ok(doc) => {
            for notice in &doc.notices {
                if !send(LoadEvent::Notice(format!("{}: {notice}", path.display()))) {
                    return false;
                }
            }
            let info = Arc::new(Meta::of(&doc));
            let hash = crate::document::content_hash(&doc.text);
            drop(doc);
            if let Some(stamp) = stamp {
                cache.put(path, stamp, &info, &hash);
            }
            send(LoadEvent::Entry(Entry { modified, ..Entry::listed(info, hash, origin) }))
        }
        Err(err) => send(LoadEvent::Problem(Problem { path: path.to_path_buf(), reason: load_reason(&err) })),
    }
}

/// Whether a file is large enough to be shown from a preview while it
/// loads (a book cannot be: a zip archive's index is at its end).
fn is_large(path: &Path, meta: Option<&fs::Metadata>) -> bool {
    meta.is_some_and(|m| m.is_file() && m.len() >= PREVIEW_FROM && m.len() <= whole_limit())
        && !document::format::of_name(&file_name(path)).container
}

/// Loads one file, holding its text, sending a preview first when it is
/// large. Returns false when the receiver is gone.
#[must_use]
pub fn load_one(path: &Path, root: &Path, send: &impl Fn(LoadEvent) -> bool) -> bool {
    let origin = || Origin::File { path: path.to_path_buf(), root: root.to_path_buf() };
    let meta = fs::metadata(path).ok();
    let modified = meta.as_ref().and_then(|m| m.modified().ok());
    let mut previewed = false;
    if is_large(path, meta.as_ref())
        && let Ok(doc) = load_preview(path)
    {
        let entry = Entry { partial: true, modified, ..Entry::new(doc, origin()) };
        if !send(LoadEvent::Entry(entry)) {
            return false;
        }
        previewed = true;
    }
    match load_file(path) {
        Ok(doc) => {
            for notice in &doc.notices {
                if !send(LoadEvent::Notice(format!("{}: {notice}", path.display()))) {
                    return false;
                }
            }
            if previewed {
                complete(path, Arc::new(doc), send)
            } else {
                send(LoadEvent::Entry(Entry { modified, ..Entry::new(doc, origin()) }))
            }
        }
        Err(err) => send(LoadEvent::Problem(Problem { path: path.to_path_buf(), reason: load_reason(&err) })),
    }
}

/// Sends a whole document, then its hash.
fn complete(path: &Path, doc: Arc<Document>, send: &impl Fn(LoadEvent) -> bool) -> bool {
    if !send(LoadEvent::Completed { path: path.to_path_buf(), doc: Arc::clone(&doc) }) {
        return false;
    }
    let hash = crate::document::content_hash(&doc.text);
    send(LoadEvent::Hashed { path: path.to_path_buf(), hash })
}

/// Reads a listed file again to open it: a preview first when it is large
/// ([`LoadEvent::Preview`]), then the whole ([`LoadEvent::Completed`]) and
/// its hash; a [`LoadEvent::Problem`] naming it when it cannot be read.
pub fn open_listed(path: &Path, send: &impl Fn(LoadEvent) -> bool) {
    if is_large(path, fs::metadata(path).ok().as_ref())
        && let Ok(doc) = load_preview(path)
        && !send(LoadEvent::Preview { path: path.to_path_buf(), doc: Arc::new(doc) })
    {
        return;
    }
    let _ = match load_file(path) {
        Ok(doc) => complete(path, Arc::new(doc), send),
        Err(err) => send(LoadEvent::Problem(Problem { path: path.to_path_buf(), reason: load_reason(&err) })),
    };
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
                loaded.entries.push(Entry::new(doc, Origin::File { path, root }));
            }
            Err(err) => problems.push(Problem { path, reason: load_reason(&err) }),
        }
    }
    loaded.problems = problems;
    loaded
}

pub(crate) fn load_reason(err: &LoadError) -> String {
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
            text.split(" (os error").next().unwrap_or(&text).to_lowercase()
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
        assert!(seeds.iter().all(|e| e.doc.as_ref().is_some_and(|d| !d.blocks.is_empty())));
    }

    #[test]
    fn the_end_of_a_file_is_read_alone_from_a_line_start() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("big.txt");
        // Lines of 3-byte characters: a cut 1 MiB from the end falls
        // inside one, and the end must still begin with a whole line.
        let whole = "日本語の本。\n".repeat(80_000);
        fs::write(&path, &whole)?;
        let (doc, before) = load_tail(&path)?;
        assert!(whole.ends_with(&doc.text), "the end is a suffix of the file");
        assert_eq!(before as usize + doc.text.len(), whole.len());
        assert!(doc.text.starts_with("日本語の本。\n"));
        assert!(doc.text.len() <= TAIL_BYTES as usize);

        // Not UTF-8: refused, with a reason.
        let latin1 = dir.path().join("latin1.txt");
        fs::write(&latin1, b"caf\xe9\n".repeat(400_000))?;
        let err = load_tail(&latin1).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("not UTF-8"), "{err}");
        // A folder is not read.
        assert!(matches!(load_tail(dir.path()), Err(LoadError::NotAFile)));
        Ok(())
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
        let names: Vec<_> =
            files.iter().map(|(p, r)| p.strip_prefix(r).map(Path::to_path_buf)).collect::<Result<_, _>>()?;
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
        assert_eq!(loaded.problems[0].to_string(), format!("{}: no such file or directory", missing.display()));
        assert!(loaded.problems[1].reason.contains("binary"));
        assert!(loaded.entries[1].doc.as_ref().is_some_and(|d| d.blocks.is_empty()));
        Ok(())
    }
}
