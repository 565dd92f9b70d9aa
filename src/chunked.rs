//! Reading a large document a piece at a time, for output that does not
//! need it whole: plain output to a pipe, `folio search` and `--list`.
//!
//! The reader holds a document whole (it scrolls and jumps anywhere), but
//! printing a 1 GB book, or searching it line by line, only ever needs the
//! paragraph at hand. A [`Chunks`] reader cuts the input into pieces of
//! about [`CHUNK`] bytes at blank lines (outside Markdown code fences), so
//! no paragraph is split, and each piece is parsed on its own: memory stays
//! at a few megabytes plus the longest paragraph, whatever the size.
//!
//! What a piece cannot know: a Markdown reference list restarts in each
//! piece, and a Gutenberg licence footer far from its header is not folded
//! (pipes print it whole anyway).

use std::io::{self, Read};

use crate::document::{self, Document, ParseError};
use crate::library::LoadError;

/// Bytes of input per piece, about.
pub const CHUNK: usize = 4 << 20;
/// The most a piece grows to when no blank line comes (one line of 150 MB,
/// a file of NUL bytes): it is then cut at its last line break, or, with
/// none, after its last space, or between two characters. A paragraph
/// longer than this is printed as several (wrapping one of 16 MB took
/// 146 MB; one of 150 MB took 1.4 GB).
pub const MAX_PIECE: usize = CHUNK;
/// Inputs smaller than this are parsed whole (the same as the reader).
pub const CHUNKED_FROM: u64 = 8 << 20;

/// One piece of a document.
#[derive(Debug)]
pub struct Piece {
    pub doc: Document,
    /// The decoded source of the piece, when its text is rendered from it
    /// (Markdown) and the source was asked for.
    pub source: Option<String>,
    /// Byte offset of the piece in the input, and lines before it.
    pub offset: usize,
    pub lines_before: usize,
    pub first: bool,
}

/// Cuts a stream into pieces at blank lines.
pub struct Chunks<R> {
    reader: R,
    name: String,
    markdown: bool,
    keep_source: bool,
    buf: Vec<u8>,
    eof: bool,
    first: bool,
    offset: usize,
    lines_before: usize,
    cut: CutFinder,
    /// A UTF-16 or UTF-32 input is turned into UTF-8 as it is read (decided
    /// on its first block), so pieces are cut and parsed as any text.
    wide: Option<WideDecoder>,
    /// Whether the first block was looked at for that.
    sniffed: bool,
    /// A format that cannot be cut in pieces (a book, a web page; see
    /// [`document::format::FileFormat::pieces`]): read whole.
    whole: bool,
}

/// Turns UTF-16 or UTF-32 bytes into UTF-8 as they arrive, a code unit cut
/// between two reads carried over to the next.
struct WideDecoder {
    utf16: Option<encoding_rs::Decoder>,
    big_endian: bool,
    carry: Vec<u8>,
}

impl WideDecoder {
    fn new(wide: document::Wide) -> Self {
        use document::Wide;
        let utf16 = match wide {
            Wide::Utf16Le => Some(encoding_rs::UTF_16LE.new_decoder_with_bom_removal()),
            Wide::Utf16Be => Some(encoding_rs::UTF_16BE.new_decoder_with_bom_removal()),
            Wide::Utf32Le | Wide::Utf32Be => None,
        };
        Self { utf16, big_endian: wide == Wide::Utf32Be, carry: Vec::new() }
    }

    /// Appends the UTF-8 of `bytes` to `out`.
    fn decode(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>) {
        if let Some(decoder) = &mut self.utf16 {
            let mut text = String::with_capacity(bytes.len() * 3 / 2 + 8);
            let mut input = bytes;
            loop {
                text.reserve(input.len() * 3 / 2 + 8);
                let (result, read, _) = decoder.decode_to_string(input, &mut text, last);
                input = &input[read..];
                if result == encoding_rs::CoderResult::InputEmpty {
                    break;
                }
            }
            out.extend_from_slice(text.as_bytes());
            return;
        }
        self.carry.extend_from_slice(bytes);
        let whole = self.carry.len() / 4 * 4;
        for unit in self.carry[..whole].chunks_exact(4) {
            let unit = [unit[0], unit[1], unit[2], unit[3]];
            let code = if self.big_endian { u32::from_be_bytes(unit) } else { u32::from_le_bytes(unit) };
            let c = match char::from_u32(code) {
                Some('\u{feff}') if out.is_empty() => continue,
                Some(c) => c,
                None => '\u{fffd}',
            };
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        self.carry.drain(..whole);
        if last && !self.carry.is_empty() {
            self.carry.clear();
            out.extend_from_slice("\u{fffd}".as_bytes());
        }
    }
}

impl<R: Read> Chunks<R> {
    /// Pieces of `reader`, a document called `name` (its extension says
    /// whether it is Markdown); `keep_source` keeps each piece's source.
    pub fn new(reader: R, name: &str, keep_source: bool) -> Self {
        let format = document::format::of_name(name);
        Self {
            reader,
            name: name.to_owned(),
            markdown: format.fences,
            keep_source,
            buf: Vec::new(),
            eof: false,
            first: true,
            offset: 0,
            lines_before: 0,
            cut: CutFinder::default(),
            wide: None,
            sniffed: false,
            whole: !format.pieces,
        }
    }

    /// Reads until `buf` holds at least `want` bytes or the input ends.
    fn fill(&mut self, want: usize) -> io::Result<()> {
        let mut block = vec![0u8; 256 << 10];
        if !self.sniffed {
            // The first block decides whether the input is UTF-16 or
            // UTF-32 (its byte-order mark, its NULs' places, or
            // `--encoding`), before any of it is taken as bytes of text.
            self.sniffed = true;
            let mut head = Vec::with_capacity(8192);
            while head.len() < 8192 && !self.eof {
                match (&mut self.reader).take((8192 - head.len()) as u64).read_to_end(&mut head) {
                    Ok(0) => self.eof = true,
                    Ok(_) => {}
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                    Err(err) => return Err(err),
                }
            }
            let forced = document::forced_encoding().and_then(|e| {
                (e == encoding_rs::UTF_16LE)
                    .then_some(document::Wide::Utf16Le)
                    .or_else(|| (e == encoding_rs::UTF_16BE).then_some(document::Wide::Utf16Be))
            });
            self.wide = forced.or_else(|| document::sniff_wide(&head)).map(WideDecoder::new);
            // Standard input says what it is by its content (or
            // `--format`): a web page, Markdown, a book.
            if self.name == "stdin" && self.wide.is_none() {
                let format = document::format::of_name(&document::stdin_name(&head));
                self.name = format.stdin_name();
                self.markdown = format.fences;
                self.whole = !format.pieces;
            }
            self.take(&head, self.eof);
        }
        while self.buf.len() < want && !self.eof {
            match self.reader.read(&mut block) {
                Ok(0) => {
                    self.eof = true;
                    self.take(&[], true);
                }
                Ok(n) => self.take(&block[..n], false),
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        Ok(())
    }

    /// Adds bytes read to the buffer, as UTF-8.
    fn take(&mut self, bytes: &[u8], last: bool) {
        match &mut self.wide {
            Some(decoder) => decoder.decode(bytes, last, &mut self.buf),
            None => self.buf.extend_from_slice(bytes),
        }
    }

    /// The next piece, or `None` at the end.
    ///
    /// # Errors
    /// Reading fails, or the input is binary.
    pub fn next_piece(&mut self) -> Result<Option<Piece>, LoadError> {
        if !self.sniffed {
            self.fill(0)?;
        }
        if self.whole {
            return self.whole_piece();
        }
        let mut want = CHUNK;
        let cut = loop {
            self.fill(want)?;
            if self.first && memchr::memchr(0, &self.buf[..self.buf.len().min(8192)]).is_some() {
                // A wide text is UTF-8 by now: a NUL left is binary.
                return Err(LoadError::Parse(ParseError::Binary));
            }
            if self.eof {
                break self.buf.len();
            }
            // A piece ends after the last blank line outside a code fence;
            // a paragraph longer than a piece makes the piece longer, up to
            // a bound.
            match self.cut.last_cut(&self.buf, self.markdown) {
                Some(cut) if cut > 0 => break cut,
                _ if self.buf.len() >= MAX_PIECE => break forced_cut(&self.buf),
                _ => want = (self.buf.len() + CHUNK).min(MAX_PIECE),
            }
        };
        // Text that turns into binary further on (a sparse file's hole) is
        // not printed as pages of `^@`: reading stops there.
        if !self.first
            && let Some(at) = memchr::memchr(0, &self.buf[..cut])
        {
            return Err(LoadError::BinaryFrom((self.offset + at) as u64));
        }
        if cut == 0 {
            return Ok(None);
        }
        let rest = self.buf.split_off(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        self.cut = CutFinder::default();
        let lines = memchr::memchr_iter(b'\n', &bytes).count();
        let (doc, source) = if self.keep_source {
            document::parse_keeping_source(&self.name, bytes)?
        } else {
            (document::parse(&self.name, bytes)?, None)
        };
        let piece = Piece { doc, source, offset: self.offset, lines_before: self.lines_before, first: self.first };
        self.offset += cut;
        self.lines_before += lines;
        self.first = false;
        Ok(Some(piece))
    }
}

impl<R: Read> Chunks<R> {
    /// A book or a web page piped in: read whole (a zip or a tag tree
    /// cannot be cut), up to the
    /// stream limit, and parsed as one piece.
    fn whole_piece(&mut self) -> Result<Option<Piece>, LoadError> {
        if !self.first {
            return Ok(None);
        }
        let limit = crate::library::STREAM_LIMIT.load(std::sync::atomic::Ordering::Relaxed);
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        self.fill(limit.saturating_add(1))?;
        if self.buf.len() > limit {
            return Err(LoadError::TooLarge { size: self.buf.len() as u64, limit: limit as u64 });
        }
        self.first = false;
        let bytes = std::mem::take(&mut self.buf);
        let doc = document::parse(&self.name, bytes)?;
        Ok(Some(Piece { doc, source: None, offset: 0, lines_before: 0, first: true }))
    }
}

/// Where a piece with no blank line in it ends: after its last line
/// break, else after its last space, else at the last character boundary
/// (UTF-8's continuation bytes are `10xxxxxx`).
fn forced_cut(buf: &[u8]) -> usize {
    let end = buf.len().min(MAX_PIECE);
    if let Some(nl) = memchr::memrchr(b'\n', &buf[..end]).filter(|&nl| nl > 0) {
        return nl + 1;
    }
    if let Some(space) = memchr::memrchr(b' ', &buf[..end]).filter(|&at| at > 0) {
        return space + 1;
    }
    (1..=end).rev().find(|&i| buf.get(i).is_none_or(|&b| b & 0xc0 != 0x80)).unwrap_or(end)
}

impl<R: Read> Chunks<R> {
    /// Counts the words of the rest of the input without parsing it (for
    /// `--list`, which needs a count, not the text), with the counting
    /// rule of [`document::word_count`] carried across reads. Counting
    /// stops at binary data (a NUL byte): the words before it, and where.
    ///
    /// # Errors
    /// Reading fails.
    pub fn count_rest_words(mut self) -> io::Result<(usize, Option<LoadError>)> {
        let mut offset = self.offset;
        let mut count = 0;
        let mut in_word = false;
        let mut tally = |bytes: &[u8], in_word: &mut bool| {
            for &b in bytes {
                let word = b > b' ';
                if word && !*in_word {
                    count += 1;
                }
                *in_word = word;
            }
        };
        let mut stopped = None;
        loop {
            // Read through `fill`, so a wide text is counted as UTF-8.
            let block = std::mem::take(&mut self.buf);
            if let Some(at) = memchr::memchr(0, &block) {
                tally(&block[..at], &mut in_word);
                stopped = Some(LoadError::BinaryFrom((offset + at) as u64));
                break;
            }
            tally(&block, &mut in_word);
            offset += block.len();
            if self.eof {
                break;
            }
            self.fill(256 << 10)?;
        }
        Ok((count, stopped))
    }
}

/// Something to print or search, in the order given.
#[derive(Debug)]
pub enum Input {
    /// A document already in memory (a built-in seed).
    Loaded(crate::library::Entry),
    Stdin,
    /// A file, as given or found in a folder, with its library root.
    File {
        path: std::path::PathBuf,
        root: std::path::PathBuf,
    },
}

impl Input {
    /// What to call it in output: a path as given, or `(standard input)`.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Loaded(entry) => entry.origin.label(),
            Self::Stdin => "(standard input)".to_owned(),
            Self::File { path, .. } => path.display().to_string(),
        }
    }

    /// Opens it: whole when small (parsed exactly as the reader does), in
    /// pieces when large or a stream.
    ///
    /// # Errors
    /// It cannot be read or is binary.
    pub fn open(self, keep_source: bool) -> Result<Opened, LoadError> {
        match self {
            Self::Loaded(entry) => match entry.doc {
                Some(doc) => Ok(Opened::Whole { doc, source: None }),
                None => Err(LoadError::NotAFile),
            },
            Self::Stdin => Ok(Opened::Pieces(Chunks::new(Box::new(io::stdin()), "stdin", keep_source))),
            Self::File { path, .. } => {
                let meta = std::fs::metadata(&path)?;
                let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                if meta.is_file() && meta.len() >= CHUNKED_FROM && crate::document::format::of_name(&name).pieces {
                    let file = std::fs::File::open(&path)?;
                    Ok(Opened::Pieces(Chunks::new(Box::new(file), &name, keep_source)))
                } else if keep_source {
                    let (doc, source) = crate::library::load_file_with_source(&path)?;
                    Ok(Opened::Whole { doc: std::sync::Arc::new(doc), source })
                } else {
                    Ok(Opened::Whole { doc: std::sync::Arc::new(crate::library::load_file(&path)?), source: None })
                }
            }
        }
    }
}

/// An input, opened.
pub enum Opened {
    Whole { doc: std::sync::Arc<Document>, source: Option<String> },
    Pieces(Chunks<Box<dyn Read>>),
}

/// Finds where a piece may end: after a blank line, outside a Markdown
/// code fence. Scans forward once over the bytes it is given, keeping its
/// place, so a piece grown for a long paragraph is not scanned again.
#[derive(Debug, Default)]
struct CutFinder {
    scanned: usize,
    in_fence: bool,
    last: Option<usize>,
}

impl CutFinder {
    fn last_cut(&mut self, bytes: &[u8], markdown: bool) -> Option<usize> {
        while let Some(nl) = memchr::memchr(b'\n', &bytes[self.scanned..]) {
            let line = &bytes[self.scanned..self.scanned + nl];
            let end = self.scanned + nl + 1;
            let trimmed = line.trim_ascii();
            if markdown && (trimmed.starts_with(b"```") || trimmed.starts_with(b"~~~")) {
                self.in_fence = !self.in_fence;
            }
            if trimmed.is_empty() && !self.in_fence {
                self.last = Some(end);
            }
            self.scanned = end;
        }
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_end_at_blank_lines_and_cover_everything() -> Result<(), LoadError> {
        let para = "A line of a paragraph that goes on.\nAnd its second line.\n\n";
        let text = para.repeat(CHUNK / para.len() * 3);
        let mut chunks = Chunks::new(text.as_bytes(), "t.txt", false);
        let mut offsets = Vec::new();
        let mut paragraphs = 0;
        while let Some(piece) = chunks.next_piece()? {
            offsets.push(piece.offset);
            assert!(piece.offset == 0 || text[..piece.offset].ends_with("\n\n"));
            // A paragraph is the blocks between blank lines (how its two
            // short lines are laid out is the reflow rules' business).
            paragraphs += piece.doc.blocks.iter().enumerate().filter(|(i, b)| *i == 0 || b.gap_before).count();
        }
        assert!(offsets.len() >= 3, "{offsets:?}");
        assert_eq!(paragraphs, CHUNK / para.len() * 3);
        Ok(())
    }

    /// Issue 19: one line of 150 MB (or a hole of NUL bytes) grew a piece
    /// without end; pieces stop at [`MAX_PIECE`], and NUL bytes after the
    /// first piece stop the reading.
    #[test]
    fn pieces_are_bounded_and_binary_further_on_stops() -> Result<(), LoadError> {
        let line = "word ".repeat(MAX_PIECE / 5 + 7);
        let mut chunks = Chunks::new(line.as_bytes(), "t.txt", false);
        let mut total = 0;
        while let Some(piece) = chunks.next_piece()? {
            assert!(piece.doc.text.len() <= MAX_PIECE, "{}", piece.doc.text.len());
            total += piece.doc.text.len();
        }
        assert_eq!(total, line.len());
        let mut sparse = "text\n".repeat(2_000).into_bytes();
        sparse.resize(MAX_PIECE * 2, 0);
        let mut chunks = Chunks::new(sparse.as_slice(), "t.txt", false);
        let first = chunks.next_piece()?.map(|p| p.doc.text.len());
        assert!(first.is_some());
        let mut stopped = None;
        while stopped.is_none() {
            match chunks.next_piece() {
                Err(LoadError::BinaryFrom(at)) => stopped = Some(at),
                Ok(Some(_)) => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(stopped, Some(10_000));
        Ok(())
    }

    #[test]
    fn a_code_fence_is_never_cut() -> Result<(), LoadError> {
        let fence = format!("```\n{}```\n\n", "code line\n\n".repeat(CHUNK / 11 + 10));
        let text = format!("Intro.\n\n{fence}After.\n");
        let mut chunks = Chunks::new(text.as_bytes(), "t.md", false);
        let mut with_code = Vec::new();
        while let Some(piece) = chunks.next_piece()? {
            let lines = piece.doc.text.matches("code line").count();
            if lines > 0 {
                with_code.push(lines);
                assert!(piece.doc.blocks.iter().any(|b| b.kind == crate::document::BlockKind::Code));
            }
        }
        assert_eq!(with_code, [CHUNK / 11 + 10], "the whole fence in one piece");
        Ok(())
    }

    /// A web page is one tree: cut at blank lines, a `<table>` or a `<pre>`
    /// spanning one would be parsed as two broken pages. The table of
    /// formats says it is read whole, piped in or named.
    #[test]
    fn a_web_page_is_read_in_one_piece() -> Result<(), LoadError> {
        let rows = "<tr><td>cell</td></tr>\n\n".repeat(CHUNK / 20 + 10);
        let page = format!("<!doctype html><html><body><table>{rows}</table><p>After the table.</p></body></html>");
        for name in ["page.html", "stdin"] {
            let mut chunks = Chunks::new(page.as_bytes(), name, false);
            let mut pieces = Vec::new();
            while let Some(piece) = chunks.next_piece()? {
                pieces.push(piece.doc);
            }
            assert_eq!(pieces.len(), 1, "{name}");
            assert!(pieces[0].text.contains("After the table."), "{name}");
            assert!(pieces[0].blocks.iter().any(|b| b.kind == crate::document::BlockKind::Table), "{name}");
        }
        Ok(())
    }
}
