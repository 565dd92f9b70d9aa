//! Output for pipes: a document as clean plain text, the library as a table.
//!
//! Used when standard output is not a terminal, as `bat` does: the text is
//! wrapped at the reading width and sanitized exactly as on screen, so no
//! escape sequence from a document reaches whatever reads the pipe.

use std::io::{self, Write};

use crate::document::{BlockKind, Document};
use crate::layout::{self, LineKind};
use crate::library::{Entry, Meta};
use crate::sanitize;

/// Writes one document as wrapped plain text.
///
/// # Errors
/// Writing fails (a closed pipe, a full disk).
pub fn write_document(out: &mut impl Write, doc: &Document, width: usize) -> io::Result<()> {
    for (index, block) in doc.blocks.iter().enumerate() {
        if block.kind == BlockKind::Folded {
            // Folded out of the reading flow on screen, but a pipe gets the
            // whole text: its lines as they are, made safe.
            if index > 0 && block.gap_before {
                writeln!(out)?;
            }
            for line in doc.text[block.range.clone()].lines() {
                writeln!(out, "{}", layout::display_string(line, 0..line.len(), true).trim_end())?;
            }
            continue;
        }
        for line in layout::wrap_block(&doc.text, block, width, index == 0) {
            if line.kind == LineKind::Gap {
                writeln!(out)?;
                continue;
            }
            let text = if block.kind == BlockKind::Rule {
                "⁂".to_owned()
            } else {
                layout::display_string(&doc.text, line.range, block.kind.keeps_lines())
            };
            out.write_all(layout::line_prefix(block.kind, line.kind).as_bytes())?;
            out.write_all(text.trim_end().as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    if let Some(source) = doc.source.as_ref().filter(|s| !s.url.is_empty()) {
        writeln!(out, "\nSource: {}", sanitize::line(&source.url))?;
    }
    Ok(())
}

/// Writes every entry, with a `==> name <==` header between documents when
/// there is more than one, as `head` and `tail` do.
///
/// # Errors
/// Writing fails.
pub fn write_documents(out: &mut impl Write, entries: &[Entry], width: usize) -> io::Result<()> {
    for (i, entry) in entries.iter().enumerate() {
        if entries.len() > 1 {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "==> {} <==\n", sanitize::line(&entry.origin.label()))?;
        }
        if let Some(doc) = &entry.doc {
            write_document(out, doc, width)?;
        }
    }
    Ok(())
}

/// Writes the library as an aligned table: words, minutes, language, site,
/// title and where the document is.
///
/// # Errors
/// Writing fails.
pub fn write_list(out: &mut impl Write, entries: &[Entry]) -> io::Result<()> {
    write_list_header(out)?;
    for entry in entries {
        write_list_row(out, &entry.meta, entry.meta.word_count, &entry.origin.label())?;
    }
    Ok(())
}

/// The table's header row.
///
/// # Errors
/// Writing fails.
pub fn write_list_header(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{:>8}  {:>4}  {:4}  {:<22}  {:<60}  PATH", "WORDS", "MIN", "LANG", "SITE", "TITLE")
}

/// One row: the document's details, with `words` counted by the caller
/// (over the whole of a file read in pieces).
///
/// # Errors
/// Writing fails.
pub fn write_list_row(out: &mut impl Write, doc: &Meta, words: usize, label: &str) -> io::Result<()> {
    let site = doc.site.as_deref().unwrap_or("-");
    let site = sanitize::truncate_words(&sanitize::line(site), 22).into_owned();
    let title = sanitize::truncate_words(&sanitize::line(&doc.title), 60).into_owned();
    writeln!(
        out,
        "{:>8}  {:>4}  {:4}  {}  {}  {}",
        words,
        words.div_ceil(crate::document::WORDS_PER_MINUTE),
        doc.language().map_or("-", |l| l.code),
        pad(&site, 22),
        pad(&title, 60),
        sanitize::line(label),
    )
}

fn pad(s: &str, width: usize) -> String {
    let w = sanitize::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
