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

/// Most bytes inflated from one book, all entries together.
pub const MAX_INFLATED: u64 = 256 << 20;
/// Most entries a book may have.
pub const MAX_ENTRIES: usize = 10_000;

/// Parses an EPUB's bytes.
///
/// # Errors
/// The archive is not a readable EPUB, or would inflate past the limits.
pub(super) fn parse_epub(name: &str, bytes: &[u8]) -> Result<Document, ParseError> {
    let stored = restore_safely(bytes)?;
    let book = rbook::Epub::read(Cursor::new(stored))
        .map_err(|err| ParseError::Book(format!("not a readable EPUB: {err}")))?;
    let metadata = book.metadata();
    let title = metadata.title().map(|t| t.value().to_owned()).filter(|t| !t.trim().is_empty());
    let author = metadata.creators().next().map(|c| c.value().to_owned()).filter(|a| !a.trim().is_empty());

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
        for entry in contents.flatten() {
            let Some(href) = entry.href() else { continue };
            let path = href.path().decode().into_owned();
            let key = match href.fragment() {
                Some(f) if !f.is_empty() => format!("{path}#{f}"),
                _ => path.clone(),
            };
            let Some(at) = chapters.anchor(&key).or_else(|| chapters.anchor(&path)) else { continue };
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
    Ok(chapters.finish(name, title, author, outline))
}

/// The archive again, every entry read within the budget and stored
/// uncompressed, so nothing read from it later can inflate.
fn restore_safely(bytes: &[u8]) -> Result<Vec<u8>, ParseError> {
    let bad = |what: String| ParseError::Book(what);
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| bad(format!("not a readable EPUB (zip): {err}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bad(format!("{} entries: more than the {MAX_ENTRIES} folio reads in a book", archive.len())));
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut budget = MAX_INFLATED;
    let mut buffer = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|err| bad(format!("a damaged entry in the archive: {err}")))?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_err(|err| bad(format!("an entry with an unreadable name: {err}")))?.into_owned();
        buffer.clear();
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
        out.write_all(&buffer).map_err(|err| bad(format!("{name}: {err}")))?;
    }
    let cursor = out.finish().map_err(|err| bad(format!("rewriting the archive: {err}")))?;
    Ok(cursor.into_inner())
}
