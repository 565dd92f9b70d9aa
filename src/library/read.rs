//! Reading one document, bounded: a file (whole, its preview, its end), a
//! named pipe, standard input. The only module that reads document files
//! (the loader, the watcher, the index and library search ask it).

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use crate::document::{self, Document, ParseError};

use super::entry::size_text;

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

/// The most bytes a document file is read whole: the stream limit.
fn whole_limit() -> u64 {
    STREAM_LIMIT.load(std::sync::atomic::Ordering::Relaxed)
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

/// Whether a file is large enough to be shown from a preview while it
/// loads (a book cannot be: a zip archive's index is at its end).
pub(super) fn is_large(path: &Path, meta: Option<&fs::Metadata>) -> bool {
    meta.is_some_and(|m| m.is_file() && m.len() >= PREVIEW_FROM && m.len() <= whole_limit())
        && !document::format::of_name(&file_name(path)).container
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
}
