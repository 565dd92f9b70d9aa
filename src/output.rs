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

/// Writes one document as wrapped plain text, as `pandoc -t plain` and
/// `lynx -dump` do: its title first (then byline, site and date, when
/// known), headings underlined (`=` for the first level, `-` below) so
/// they stand out without colour.
///
/// # Errors
/// Writing fails (a closed pipe, a full disk).
pub fn write_document(out: &mut impl Write, doc: &Document, width: usize) -> io::Result<()> {
    write_header(out, doc, width)?;
    write_body(out, doc, width)
}

/// The title and the line of details above a document's text; nothing
/// for the title when the text opens with it (its heading is underlined).
pub fn write_header(out: &mut impl Write, doc: &Document, width: usize) -> io::Result<()> {
    let mut wrote = false;
    if !doc.title.trim().is_empty() && !doc.opens_with_title() && !opens_with_its_words(doc) {
        let title = sanitize::truncate_words(&sanitize::line(&doc.title), width.max(1)).into_owned();
        writeln!(out, "{title}")?;
        writeln!(out, "{}", "=".repeat(sanitize::width(&title)))?;
        wrote = true;
    }
    let details = details_line(doc);
    if !details.is_empty() {
        writeln!(out, "{details}")?;
        wrote = true;
    }
    if wrote {
        writeln!(out)?;
    }
    Ok(())
}

/// Whether the text begins with the words of the title (a plain text
/// named by its first line or sentence): the title is not printed twice.
fn opens_with_its_words(doc: &Document) -> bool {
    let Some(first) = doc.blocks.iter().find(|b| b.kind != BlockKind::Folded) else { return false };
    let title = doc.title.trim_end_matches('…');
    let mut text = doc.text[first.range.clone()].split_whitespace();
    title.split_whitespace().all(|word| text.next() == Some(word))
}

/// `by Byline · site · date`, what is known of them.
fn details_line(doc: &Document) -> String {
    let mut parts = Vec::new();
    if let Some(byline) = byline(doc) {
        parts.push(byline);
    }
    if let Some(site) = doc.source.as_ref().map(|s| s.site.as_str()).filter(|s| !s.is_empty()) {
        parts.push(sanitize::line(site).into_owned());
    }
    if let Some(date) = &doc.date {
        parts.push(sanitize::line(date).into_owned());
    }
    parts.join(" · ")
}

/// The block of the byline an article opens with, if it does.
fn leading_byline(doc: &Document) -> Option<usize> {
    doc.blocks.iter().take(3).position(|b| b.kind == BlockKind::Byline)
}

/// The byline an article opens with (a byline block before any prose).
fn byline(doc: &Document) -> Option<String> {
    let first = doc.blocks.get(leading_byline(doc)?)?;
    let text = doc.text[first.range.clone()].split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then(|| sanitize::truncate_words(&sanitize::line(&text), 120).into_owned())
}

/// Writes a document's text alone, wrapped, headings underlined.
///
/// # Errors
/// Writing fails.
pub fn write_body(out: &mut impl Write, doc: &Document, width: usize) -> io::Result<()> {
    // The byline is the header's.
    let skip = leading_byline(doc);
    let first = usize::from(skip == Some(0));
    for (index, block) in doc.blocks.iter().enumerate() {
        if Some(index) == skip {
            continue;
        }
        if block.kind == BlockKind::Folded {
            // Folded out of the reading flow on screen, but a pipe gets the
            // whole text: its lines as they are, made safe.
            if index > first && block.gap_before {
                writeln!(out)?;
            }
            for line in doc.text[block.range.clone()].lines() {
                writeln!(out, "{}", layout::display_string(line, 0..line.len(), true).trim_end())?;
            }
            continue;
        }
        let mut widest = 0;
        for line in layout::wrap_block(&doc.text, block, width, index == first) {
            if line.kind == LineKind::Gap {
                writeln!(out)?;
                continue;
            }
            let text = if block.kind == BlockKind::Rule {
                "⁂".to_owned()
            } else {
                layout::display_string(&doc.text, line.range, block.kind.keeps_lines())
            };
            let prefix = layout::line_prefix(block.kind, line.kind);
            let text = format!("{prefix}{}", text.trim_end());
            widest = widest.max(sanitize::width(&text));
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
        }
        if let BlockKind::Heading(level) = block.kind
            && widest > 0
        {
            writeln!(out, "{}", if level <= 1 { "=" } else { "-" }.repeat(widest))?;
        }
    }
    if let Some(source) = doc.source.as_ref().filter(|s| !s.url.is_empty()) {
        writeln!(out, "\nSource: {}", sanitize::line(&source.url))?;
    }
    Ok(())
}

/// One document as a line of JSON, written as it is read: the head
/// (where it is, its metadata) from the first piece, the text of every
/// piece (paragraphs unwrapped, a blank line between them; kept lines
/// kept), without the header [`write_document`] prints, then the end. Every
/// string is escaped as [`sanitize::json_string`] does, so no control
/// character is written.
pub struct JsonDocument {
    started: bool,
}

impl JsonDocument {
    /// Starts the object for `doc`, the document's first piece.
    ///
    /// # Errors
    /// Writing fails.
    pub fn start(out: &mut impl Write, path: &str, doc: &Document) -> io::Result<Self> {
        let string = |s: Option<&str>| s.map_or_else(|| "null".to_owned(), sanitize::json_string);
        write!(
            out,
            "{{\"path\":{},\"title\":{},\"byline\":{},\"site\":{},\"date\":{},\"language\":{},\"text\":\"",
            sanitize::json_string(path),
            sanitize::json_string(&doc.title),
            string(byline(doc).as_deref()),
            string(doc.source.as_ref().map(|s| s.site.as_str()).filter(|s| !s.is_empty())),
            string(doc.date.as_deref()),
            string(doc.language().map(|l| l.code)),
        )?;
        Ok(Self { started: false })
    }

    /// Adds the text of a piece of the document.
    ///
    /// # Errors
    /// Writing fails.
    pub fn text(&mut self, out: &mut impl Write, doc: &Document) -> io::Result<()> {
        let skip = leading_byline(doc);
        for (index, block) in doc.blocks.iter().enumerate() {
            if Some(index) == skip {
                continue;
            }
            let mut text = String::new();
            if self.started {
                text.push_str(if block.gap_before || index == 0 { "\n\n" } else { "\n" });
            }
            self.started = true;
            let body = &doc.text[block.range.clone()];
            if block.kind == BlockKind::Rule {
                text.push('⁂');
            } else if block.kind.keeps_lines() {
                text.push_str(body.trim_end());
            } else {
                text.push_str(&body.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            let escaped = sanitize::json_string(&text);
            out.write_all(&escaped.as_bytes()[1..escaped.len() - 1])?;
        }
        Ok(())
    }

    /// Ends the object and its line.
    ///
    /// # Errors
    /// Writing fails.
    pub fn finish(self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(b"\"}\n")
    }
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
    writeln!(out, "{:>8}  {:>4}  {:4}  {:10}  {:<22}  {:<60}  PATH", "WORDS", "MIN", "LANG", "DATE", "SITE", "TITLE")
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
    // A date read as `YYYY-MM-DD` fills the column; one left as written
    // (not read) is cut to it.
    let date = sanitize::truncate_words(&sanitize::line(doc.date.as_deref().unwrap_or("-")), 10).into_owned();
    writeln!(
        out,
        "{:>8}  {:>4}  {:4}  {}  {}  {}  {}",
        words,
        words.div_ceil(crate::document::WORDS_PER_MINUTE),
        doc.language().map_or("-", |l| l.code),
        pad(&date, 10),
        pad(&site, 22),
        pad(&title, 60),
        sanitize::line(label),
    )
}

fn pad(s: &str, width: usize) -> String {
    let w = sanitize::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
