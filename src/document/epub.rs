//! EPUB books (2 and 3): the chapters of the spine, in reading order, as
//! one document; the table of contents (nav or NCX, nested) as its outline.
//!
//! An EPUB is a zip archive, and an archive is untrusted: a few kilobytes
//! can inflate to gigabytes. So folio reads every entry itself first, each
//! through a reader that stops at a stated budget (in entries and in bytes
//! inflated, whatever the archive's headers claim), and hands `rbook` a
//! copy of the archive with every entry stored, not compressed: `rbook`
//! (Apache-2.0, the EPUB reader of the Rust ecosystem) then parses the
//! package, spine and table of contents from bytes that can no longer
//! grow. Chapters are XHTML and are laid out by [`super::html`] (no
//! readability: a book's chapter is all story), links between chapters and
//! to notes become places in the one document.

use std::io::{Cursor, Read, Write};

use super::html::Chapters;
use super::{Document, ParseError, Section};

/// Most bytes inflated from one book, all entries together: a book of
/// 128 MiB of text is some 20 million words (the Bible is 4.5 MB). Images,
/// fonts and sound are never inflated (folio names images, it does not
/// show them), so they count for nothing.
pub const MAX_INFLATED: u64 = 128 << 20;

/// Books parsed at once, whatever the number of loader threads: each may
/// hold its inflated archive and its text, so an eight-core machine
/// listing a folder of hostile books stays at two books' worth of memory.
const BOOKS_AT_ONCE: usize = 2;

static BOOK_SLOTS: (std::sync::Mutex<usize>, std::sync::Condvar) =
    (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// A place among the [`BOOKS_AT_ONCE`] books being parsed, given back when
/// dropped.
struct BookSlot;

impl BookSlot {
    fn take() -> Self {
        let (count, freed) = &BOOK_SLOTS;
        let mut taken = count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *taken >= BOOKS_AT_ONCE {
            taken = freed.wait(taken).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *taken += 1;
        Self
    }
}

impl Drop for BookSlot {
    fn drop(&mut self) {
        let (count, freed) = &BOOK_SLOTS;
        let mut taken = count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *taken = taken.saturating_sub(1);
        freed.notify_one();
    }
}

/// Entries folio never reads the bytes of: stored empty in the copy that
/// `rbook` reads.
fn is_media(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".avif", ".ttf", ".otf", ".woff", ".woff2",
        ".mp3", ".mp4", ".m4a", ".m4v", ".ogg", ".oga", ".webm", ".wav", ".aac", ".opus",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}
/// Most entries a book may have.
pub const MAX_ENTRIES: usize = 10_000;

/// Parses an EPUB's bytes.
///
/// # Errors
/// The archive is not a readable EPUB, or would inflate past the limits.
pub(super) fn parse_epub(name: &str, bytes: &[u8]) -> Result<Document, ParseError> {
    let _slot = BookSlot::take();
    let (stored, notices) = restore_safely(bytes)?;
    let book = rbook::Epub::read(Cursor::new(stored))
        .map_err(|err| ParseError::Book(format!("not a readable EPUB: {err}")))?;
    let metadata = book.metadata();
    let title = metadata.title().map(|t| t.value().to_owned()).filter(|t| !t.trim().is_empty());
    let author = metadata.creators().next().map(|c| c.value().to_owned()).filter(|a| !a.trim().is_empty());
    let language = metadata.language().map(|l| l.value().to_owned());

    let mut chapters = Chapters::new();
    for entry in book.spine().iter() {
        let Some(manifest) = entry.manifest_entry() else { continue };
        let path = manifest.href().path().decode().into_owned();
        // A chapter that cannot be read is skipped; the rest still opens.
        if let Ok(html) = manifest.read_str() {
            chapters.add(&path, &html);
        }
    }

    // The table of contents: every entry, nested, at the block its target
    // starts.
    let mut outline = Vec::new();
    if let Some(contents) = book.toc().contents() {
        let (text, blocks) = chapters.text_and_blocks();
        let anchors = chapters.anchor_index();
        for entry in contents.flatten() {
            let Some(href) = entry.href() else { continue };
            let path = href.path().decode().into_owned();
            let key = match href.fragment() {
                Some(f) if !f.is_empty() => format!("{path}#{f}"),
                _ => path.clone(),
            };
            let Some(&at) = anchors.get(key.as_str()).or_else(|| anchors.get(path.as_str())) else { continue };
            let block = blocks.partition_point(|b| b.range.end <= at).min(blocks.len().saturating_sub(1));
            let label = entry.label().split_whitespace().collect::<Vec<_>>().join(" ");
            if label.is_empty() || text.is_empty() {
                continue;
            }
            let level = u8::try_from(entry.depth().max(1)).unwrap_or(u8::MAX);
            outline.push(Section { level, title: label, block });
        }
    }
    let title = title.unwrap_or_else(|| name.to_owned());
    let mut doc = chapters.finish(name, title, author, language.as_deref(), outline);
    doc.notices.extend(notices);
    Ok(doc)
}

/// How deep the XML that `rbook` parses (the package, the table of
/// contents) may nest: deeper elements are flattened into the one at this
/// depth. Real tables of contents nest a handful of levels; `rbook` builds
/// them recursively, and 50 000 levels overflowed a thread's stack.
pub const MAX_XML_DEPTH: usize = 64;
/// Most entries read from a table of contents (nav `<li>`, NCX
/// `<navPoint>`); the rest are left out, with a notice.
pub const MAX_TOC_ENTRIES: usize = 10_000;

/// How much deeper than the lists the elements inside an entry may nest.
const INSIDE_ENTRY: usize = 16;

/// Elements HTML writes without an end tag.
const VOID: [&[u8]; 9] = [b"br", b"img", b"hr", b"meta", b"link", b"input", b"col", b"area", b"wbr"];

/// What [`flatten`] did to one entry.
#[derive(Debug, Default, PartialEq, Eq)]
struct Flattened {
    /// Tags left out for being deeper than [`MAX_XML_DEPTH`].
    deeper: usize,
    /// Table-of-contents entries left out past [`MAX_TOC_ENTRIES`].
    dropped: usize,
}

/// `xml` with every list (`ol`, `ul`, `li`, `navPoint`) deeper than
/// `max_depth` reduced to its content (its start and end tags left out:
/// deeper entries become part of the one at the limit), any other element
/// deeper than that by [`INSIDE_ENTRY`] too, and every table-of-contents
/// entry past `max_entries` left out whole. One pass over the bytes, no
/// recursion and no tree: what comes out nests at most `max_depth` deep.
fn flatten(xml: &[u8], max_depth: usize, max_entries: usize) -> (Vec<u8>, Flattened) {
    let mut out = Vec::with_capacity(xml.len());
    let mut done = Flattened::default();
    // For each open element: whether its start tag was written.
    let mut stack: Vec<bool> = Vec::new();
    let mut kept = 0usize;
    let mut entries = 0usize;
    // While an entry past the limit is being left out: the stack's length
    // below it.
    let mut skipping: Option<usize> = None;
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &xml[at..]) {
        let start = at + lt;
        if skipping.is_none() {
            out.extend_from_slice(&xml[at..start]);
        }
        let end = tag_end(xml, start);
        let tag = &xml[start..end];
        at = end;
        let (closing, name) = tag_name(tag);
        let self_closing = tag.ends_with(b"/>") || VOID.iter().any(|v| name.eq_ignore_ascii_case(v));
        if name.is_empty() || (self_closing && !closing) {
            if skipping.is_none() {
                out.extend_from_slice(tag);
            }
            continue;
        }
        let entry = name.eq_ignore_ascii_case(b"li") || name.eq_ignore_ascii_case(b"navPoint");
        let list = entry || name.eq_ignore_ascii_case(b"ol") || name.eq_ignore_ascii_case(b"ul");
        // Lists stop nesting at the limit; what an entry holds (its link,
        // its label) may go a little deeper, and no further.
        let limit = if list { max_depth } else { max_depth + INSIDE_ENTRY };
        if closing {
            let written = stack.pop();
            if written == Some(true) {
                kept -= 1;
            }
            if skipping.is_none() && written != Some(false) {
                out.extend_from_slice(tag);
            }
            if skipping == Some(stack.len()) {
                skipping = None;
            }
        } else if skipping.is_some() {
            stack.push(false);
        } else if entry && entries >= max_entries {
            done.dropped += 1;
            skipping = Some(stack.len());
            stack.push(false);
        } else if kept >= limit {
            done.deeper += 1;
            stack.push(false);
        } else {
            entries += usize::from(entry);
            kept += 1;
            stack.push(true);
            out.extend_from_slice(tag);
        }
    }
    if skipping.is_none() {
        out.extend_from_slice(&xml[at..]);
    }
    (out, done)
}

/// Where the markup that starts at `start` (a `<`) ends: after its `>`,
/// quoted attribute values and comments taken whole; the end of `xml` if
/// it never ends.
fn tag_end(xml: &[u8], start: usize) -> usize {
    let rest = &xml[start..];
    if rest.starts_with(b"<!--") {
        return memchr::memmem::find(&rest[4..], b"-->").map_or(xml.len(), |i| start + 4 + i + 3);
    }
    if rest.starts_with(b"<![CDATA[") {
        return memchr::memmem::find(rest, b"]]>").map_or(xml.len(), |i| start + i + 3);
    }
    let mut quote: Option<u8> = None;
    for (i, &b) in rest.iter().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return start + i + 1,
            _ => {}
        }
    }
    xml.len()
}

/// Whether a tag closes an element, and its local name (no prefix); an
/// empty name for comments, declarations and processing instructions.
fn tag_name(tag: &[u8]) -> (bool, &[u8]) {
    let body = &tag[1..];
    let (closing, body) = match body.first() {
        Some(b'/') => (true, &body[1..]),
        Some(c) if c.is_ascii_alphabetic() => (false, body),
        _ => return (false, &[]),
    };
    let len = body
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.')))
        .unwrap_or(body.len());
    let name = &body[..len];
    let local = name.iter().rposition(|&b| b == b':').map_or(name, |i| &name[i + 1..]);
    (closing, local)
}

/// Whether `rbook` parses this entry as XML: the container, the package,
/// an NCX, or a navigation document.
fn parsed_as_xml(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".opf")
        || lower.ends_with(".ncx")
        || lower == "meta-inf/container.xml"
        || ((lower.ends_with(".xhtml") || lower.ends_with(".html") || lower.ends_with(".htm"))
            && memchr::memmem::find(bytes, b"<nav").is_some())
}

/// The archive again, every entry read within the budget and stored
/// uncompressed, so nothing read from it later can inflate.
fn restore_safely(bytes: &[u8]) -> Result<(Vec<u8>, Vec<String>), ParseError> {
    let bad = |what: String| ParseError::Book(what);
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| bad(format!("not a readable EPUB (zip): {err}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bad(format!("{} entries: more than the {MAX_ENTRIES} folio reads in a book", archive.len())));
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut budget = MAX_INFLATED;
    let mut notices = Vec::new();
    let mut buffer = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|err| bad(format!("a damaged entry in the archive: {err}")))?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_err(|err| bad(format!("an entry with an unreadable name: {err}")))?.into_owned();
        buffer.clear();
        if is_media(&name) {
            out.start_file(name.as_str(), stored).map_err(|err| bad(format!("{name}: {err}")))?;
            continue;
        }
        // Read at most what is left of the budget, plus one byte to know
        // whether the entry goes on: the headers' sizes are not trusted.
        let read = (&mut file).take(budget + 1).read_to_end(&mut buffer);
        read.map_err(|err| bad(format!("{name}: {err}")))?;
        let len = buffer.len() as u64;
        if len > budget {
            return Err(bad(format!(
                "inflates to more than {} MiB: refused (a zip bomb, or a book far larger than any)",
                MAX_INFLATED >> 20
            )));
        }
        budget -= len;
        out.start_file(name.as_str(), stored).map_err(|err| bad(format!("{name}: {err}")))?;
        if parsed_as_xml(&name, &buffer) {
            let (flat, done) = flatten(&buffer, MAX_XML_DEPTH, MAX_TOC_ENTRIES);
            if done.deeper > 0 {
                notices.push(format!("{name}: nested deeper than {MAX_XML_DEPTH} levels; flattened"));
            }
            if done.dropped > 0 {
                notices.push(format!(
                    "{name}: {} contents entries past the first {MAX_TOC_ENTRIES} left out",
                    done.dropped
                ));
            }
            out.write_all(&flat).map_err(|err| bad(format!("{name}: {err}")))?;
        } else {
            out.write_all(&buffer).map_err(|err| bad(format!("{name}: {err}")))?;
        }
    }
    let cursor = out.finish().map_err(|err| bad(format!("rewriting the archive: {err}")))?;
    Ok((cursor.into_inner(), notices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_flattened_and_entries_capped() {
        let deep = format!(
            "<nav><ol>{}{}</ol></nav>",
            "<li><a href='c.xhtml'>x</a><ol>".repeat(100),
            "</ol></li>".repeat(100)
        );
        let (flat, done) = flatten(deep.as_bytes(), 8, 1_000);
        let flat = String::from_utf8(flat).unwrap_or_default();
        assert!(done.deeper > 150, "{done:?}");
        // The entries within the limit keep their links; deeper ones are
        // text of the last.
        assert!(flat.matches("<a href").count() >= 3, "{flat}");
        assert_eq!(flat.matches(">x<").count(), 100, "no label lost");
        // What is left nests at most 8 deep, and is balanced.
        let (mut depth, mut most) = (0i32, 0i32);
        for piece in flat.split('<').skip(1) {
            if piece.starts_with('/') {
                depth -= 1;
            } else if !piece.starts_with('!') {
                depth += 1;
            }
            most = most.max(depth);
        }
        assert_eq!(depth, 0);
        assert!(most <= 8 + INSIDE_ENTRY as i32, "{most}");
        let many = format!("<ol>{}</ol>", "<li><a href='c.xhtml#x'>entry</a></li>".repeat(50));
        let (capped, done) = flatten(many.as_bytes(), 64, 10);
        assert_eq!(done.dropped, 40);
        assert_eq!(String::from_utf8_lossy(&capped).matches("<li>").count(), 10);
        // Comments and quoted `>` are not tags.
        let (same, done) = flatten(b"<a title='x>y'><!-- <b> --><b/>t</a>", 64, 10);
        assert_eq!(done, Flattened::default());
        assert_eq!(same, b"<a title='x>y'><!-- <b> --><b/>t</a>");
    }
}
