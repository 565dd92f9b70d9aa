//! Wrapping blocks into display lines for a width, lazily and cached.
//!
//! Nothing here ever wraps a whole document: a position in the reading pane
//! is a block and a line within it, and moving by N lines wraps only the
//! blocks passed on the way. A 100 MB book therefore opens, scrolls and
//! jumps to its end by wrapping a screenful of paragraphs. Each wrapped line
//! is a byte range of the document's text, so search highlights and
//! bookmarks map onto screen lines without any translation.
//!
//! Line breaking is textwrap's first-fit algorithm over our own fragments:
//! we split words ourselves so that every fragment keeps its byte offsets
//! and its width is measured on the *sanitized* form (see [`crate::sanitize`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;

use crate::document::{Block, BlockKind, Document};
use crate::sanitize;

/// Width of a tab in preformatted blocks.
pub const TAB_WIDTH: usize = 4;
/// How much deeper the rest of a kept line (verse) hangs than its start.
pub const HANG: usize = 2;
/// What starts the rest of a raw line that did not fit (`reflow = never`).
pub const CONTINUATION: &str = "↪ ";
/// Wrapped blocks kept per layout before the cache is emptied; a screen
/// needs a few dozen, so this only bounds memory on very long sessions.
const CACHE_BLOCKS: usize = 20_000;

/// What a display line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// The blank line that separates a block from the one before.
    Gap,
    /// The first line of a block.
    First,
    /// A later line of a block.
    Next,
    /// The rest of a raw line too wide for the column, drawn after a
    /// continuation marker.
    Continued,
}

/// One screen line of a block: a byte range of the document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedLine {
    pub range: Range<usize>,
    pub kind: LineKind,
}

/// A position in the wrapped document: a block and a line of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub block: usize,
    pub line: usize,
}

#[derive(Debug, Clone)]
struct Frag {
    range: Range<usize>,
    width: usize,
    space_after: bool,
}

impl Fragment for Frag {
    #[allow(clippy::cast_precision_loss)]
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        if self.space_after { 1.0 } else { 0.0 }
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps one block to `width` columns (its indent is taken off first).
/// Prose is reflowed: any run of white space, line breaks included, is one
/// space. Words longer than the line are broken between graphemes.
#[must_use]
pub fn wrap_block(text: &str, block: &Block, width: usize, first_block: bool) -> Vec<WrappedLine> {
    let avail = width.saturating_sub(block.kind.indent()).max(1);
    let mut lines = Vec::new();
    if block.gap_before && !first_block {
        lines.push(WrappedLine { range: block.range.start..block.range.start, kind: LineKind::Gap });
    }
    let body = block.range.clone();
    let ranges = if block.kind == BlockKind::Folded {
        // One line stands for the whole folded block.
        vec![body]
    } else if block.kind == BlockKind::Raw {
        return with_gap(lines, raw_lines(text, body, width));
    } else if let BlockKind::Line(indent) = block.kind {
        let indent = usize::from(indent);
        let first = width.saturating_sub(indent).max(1);
        wrap_prose_hanging(text, body, first, width.saturating_sub(indent + HANG).max(1))
    } else if block.kind.keeps_lines() {
        kept_lines(text, body)
    } else if block.kind == BlockKind::Caption {
        // A caption and its photo credit: each line wrapped on its own.
        preformatted_lines(text, body)
            .into_iter()
            .filter(|line| !text[line.clone()].trim().is_empty())
            .flat_map(|line| wrap_prose(text, line, avail))
            .collect()
    } else {
        wrap_prose(text, body, avail)
    };
    for (i, range) in ranges.into_iter().enumerate() {
        let kind = if i == 0 { LineKind::First } else { LineKind::Next };
        lines.push(WrappedLine { range, kind });
    }
    lines
}

/// An opened fold (a licence, say): its paragraphs (runs of lines between
/// blank lines) reflowed to the width, a blank line between them.
fn wrap_opened_fold(text: &str, block: &Block, width: usize, first_block: bool) -> Vec<WrappedLine> {
    let avail = width.saturating_sub(block.kind.indent()).max(1);
    let mut lines = Vec::new();
    if block.gap_before && !first_block {
        lines.push(WrappedLine { range: block.range.start..block.range.start, kind: LineKind::Gap });
    }
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    let mut blank_before = false;
    for line in preformatted_lines(text, block.range.clone()) {
        let blank = text[line.clone()].trim().is_empty();
        match paragraphs.last_mut() {
            _ if blank => {}
            Some(last) if !blank_before => last.end = line.end,
            _ => paragraphs.push(line),
        }
        blank_before = blank;
    }
    for (k, paragraph) in paragraphs.into_iter().enumerate() {
        if k > 0 {
            lines.push(WrappedLine { range: paragraph.start..paragraph.start, kind: LineKind::Next });
        }
        for range in wrap_prose(text, paragraph, avail) {
            let kind = if lines.iter().all(|l: &WrappedLine| l.kind == LineKind::Gap) {
                LineKind::First
            } else {
                LineKind::Next
            };
            lines.push(WrappedLine { range, kind });
        }
    }
    lines
}

/// `lines` (a gap, or nothing) followed by `more`.
fn with_gap(mut lines: Vec<WrappedLine>, more: Vec<WrappedLine>) -> Vec<WrappedLine> {
    lines.extend(more);
    lines
}

fn wrap_prose(text: &str, body: Range<usize>, avail: usize) -> Vec<Range<usize>> {
    wrap_prose_hanging(text, body, avail, avail)
}

/// Prose wrapped with its first line `first` columns wide and the others
/// `rest` wide.
fn wrap_prose_hanging(text: &str, body: Range<usize>, first: usize, rest: usize) -> Vec<Range<usize>> {
    let s = &text[body.clone()];
    let mut frags: Vec<Frag> = Vec::new();
    // Where first-fit stands: the line being filled and its used width,
    // so that a word too long for any line starts on the current one.
    let mut line_no = 0usize;
    let mut used = 0usize;
    let mut push_word = |start: usize, end: usize, frags: &mut Vec<Frag>| {
        let word = &s[start..end];
        let w = sanitize::width(word);
        let width_of = |n: usize| if n == 0 { first } else { rest };
        // A word that may not start a line after a space (`Science ,`,
        // `Bonjour !`, `« mot »`) or follow an opening mark (`( see`) is
        // kept on its neighbour's line, as UAX #14 says (LB13, LB14):
        // one fragment with the space inside it.
        if let Some(last) = frags.last_mut().filter(|f| f.space_after)
            && (no_break_before(word) || no_break_after(&text[last.range.clone()]))
        {
            let joined = last.width + 1 + w;
            if joined <= width_of(line_no).min(width_of(line_no + 1)) {
                if used + 1 + w <= width_of(line_no) {
                    used += 1 + w;
                } else {
                    line_no += 1;
                    used = joined;
                }
                last.range.end = body.start + end;
                last.width = joined;
                return;
            }
        }
        if w <= width_of(line_no).min(width_of(line_no + 1)) {
            if used > 0 && used + 1 + w <= width_of(line_no) {
                used += 1 + w;
            } else {
                line_no += usize::from(used > 0);
                used = w;
            }
            frags.push(Frag { range: body.start + start..body.start + end, width: w, space_after: true });
            return;
        }
        // A word longer than the line (a URL, most often): its first piece
        // fills what is left of the current line, each piece broken after
        // a `/`, `-`, `.` and the like when there is one (as browsers
        // break URLs), else between graphemes.
        let mut room = width_of(line_no).saturating_sub(used + usize::from(used > 0));
        if room < MIN_LONG_WORD_START {
            line_no += usize::from(used > 0);
            room = width_of(line_no);
        }
        let mut piece_start = start;
        let mut piece_width = 0;
        let mut soft: Option<(usize, usize)> = None;
        // Where the Unicode line breaking rules (UAX #14) allow a break
        // inside the word: between Chinese or Japanese characters, but
        // never before a closing mark or small kana (`ート` began lines),
        // nor inside a Latin word (`Math|ML`).
        let mut breaks = unicode_linebreak::linebreaks(word).map(|(at, _)| at).peekable();
        for (i, g) in word.grapheme_indices(true) {
            let gw = sanitize::grapheme_width(g);
            while breaks.next_if(|&at| at < i).is_some() {}
            if i > 0 && breaks.peek() == Some(&i) && start + i > piece_start {
                soft = Some((start + i, piece_width));
            }
            // A cut after a `/` may leave too much for this grapheme: cut again.
            while piece_width + gw > room.max(1) && piece_width > 0 {
                let (cut, cut_width) =
                    soft.filter(|&(at, cw)| cw * 2 >= room && at > piece_start).unwrap_or((start + i, piece_width));
                frags.push(Frag {
                    range: body.start + piece_start..body.start + cut,
                    width: cut_width,
                    space_after: false,
                });
                line_no += 1;
                room = width_of(line_no);
                piece_width -= cut_width;
                piece_start = cut;
                soft = None;
            }
            piece_width += gw;
            if g.len() == 1 && matches!(g.as_bytes()[0], b'/' | b'-' | b'.' | b'?' | b'&' | b'#' | b'=' | b'_' | b',') {
                soft = Some((start + i + 1, piece_width));
            }
        }
        used = piece_width;
        frags.push(Frag { range: body.start + piece_start..body.start + end, width: piece_width, space_after: true });
    };
    let mut word_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if is_break_space(c) {
            if let Some(ws) = word_start.take() {
                push_word(ws, i, &mut frags);
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(ws) = word_start {
        push_word(ws, s.len(), &mut frags);
    }
    if frags.is_empty() {
        return std::iter::once(body.start..body.start).collect();
    }
    #[allow(clippy::cast_precision_loss)]
    let line_widths = [first as f64, rest as f64];
    wrap_first_fit(&frags, &line_widths)
        .into_iter()
        .filter_map(|line| Some(line.first()?.range.start..line.last()?.range.end))
        .collect()
}

/// Whether `word` may not begin a line after a space (UAX #14's LB13 and
/// LB15b): it begins with closing punctuation, `!`, `?`, an infix
/// separator such as `,` `.` `:` `;`, a `/`, or a closing guillemet or
/// quotation mark.
fn no_break_before(word: &str) -> bool {
    use unicode_linebreak::BreakClass as B;
    word.chars().next().is_some_and(|c| {
        matches!(c, '»' | '›' | '”')
            || matches!(
                unicode_linebreak::break_property(c.into()),
                B::ClosePunctuation | B::CloseParenthesis | B::Exclamation | B::InfixSeparator | B::Symbol
            )
    })
}

/// Whether no line may begin after `word` and a space (UAX #14's LB14
/// and LB15a): it ends with an opening bracket, an opening guillemet or
/// quotation mark.
fn no_break_after(word: &str) -> bool {
    word.chars().next_back().is_some_and(|c| {
        matches!(c, '«' | '‹' | '“')
            || unicode_linebreak::break_property(c.into()) == unicode_linebreak::BreakClass::OpenPunctuation
    })
}

/// A word too long for any line starts on the current line when at least
/// this many columns are left there.
const MIN_LONG_WORD_START: usize = 12;

/// White space that separates words in prose (and is drawn as one space).
#[must_use]
pub fn is_break_space(c: char) -> bool {
    // No-break spaces keep their words together, as the name says.
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// The lines of a preformatted block (code, a table), never reflowed: a
/// line wider than the column is clipped on screen and scrolled sideways,
/// as `less -S` and bat do, because breaking code or a table row mid-word
/// makes it unreadable.
fn preformatted_lines(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = body.start;
    for line in text[body.clone()].split('\n') {
        let line_end = line_start + line.strip_suffix('\r').map_or(line.len(), str::len);
        out.push(line_start..line_end);
        line_start += line.len() + 1;
    }
    out
}

/// The lines of a kept block (code, a table, verbatim lines). A block whose
/// first line starts after white space on its line (plain text keeps the
/// author's indentation) has as much taken off each of its lines, so the
/// lines keep their places relative to each other.
fn kept_lines(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let line_start = text[..body.start].rfind('\n').map_or(0, |i| i + 1);
    let lead = &text[line_start..body.start];
    let lead = if lead.bytes().all(|b| b == b' ' || b == b'\t') { lead.len() } else { 0 };
    let mut lines = preformatted_lines(text, body);
    for line in lines.iter_mut().skip(1) {
        let indent = text[line.clone()].bytes().take(lead).take_while(|&b| b == b' ' || b == b'\t').count();
        line.start += indent;
    }
    lines
}

/// The screen lines of a raw block: each line of the file as written,
/// broken where it reaches the column (after a space when there is one on
/// the line, else between characters), the rest drawn after
/// [`CONTINUATION`].
fn raw_lines(text: &str, body: Range<usize>, width: usize) -> Vec<WrappedLine> {
    let mut out = Vec::new();
    let rest_width = width.saturating_sub(sanitize::width(CONTINUATION)).max(1);
    for line in preformatted_lines(text, body) {
        let kind = if out.is_empty() { LineKind::First } else { LineKind::Next };
        let s = &text[line.clone()];
        let mut start = 0;
        let mut used = 0;
        let mut avail = width.max(1);
        let mut last_space: Option<usize> = None;
        let mut piece_kind = kind;
        for (i, g) in s.grapheme_indices(true) {
            let w = preformatted_width(g);
            if used + w > avail && i > start {
                let cut = last_space.filter(|&at| at > start).unwrap_or(i);
                out.push(WrappedLine { range: line.start + start..line.start + cut, kind: piece_kind });
                piece_kind = LineKind::Continued;
                avail = rest_width;
                used = sanitize::width(&display_string(s, cut..i, true));
                start = cut;
                last_space = None;
            }
            used += w;
            if g.chars().all(char::is_whitespace) {
                last_space = Some(i + g.len());
            }
        }
        out.push(WrappedLine { range: line.start + start..line.end, kind: piece_kind });
    }
    out
}

/// Display width of one line of a preformatted block, as drawn.
#[must_use]
pub fn preformatted_line_width(text: &str, range: Range<usize>) -> usize {
    text[range].graphemes(true).map(preformatted_width).sum()
}

/// Walks the displayed form of one line: `emit(offset, shown)` is called
/// for each character (or run of white space) with its byte offset in the
/// text and the sanitized string that stands for it on screen. Prose shows
/// a run of white space as one space; preformatted text expands tabs.
pub fn display_pieces(text: &str, range: Range<usize>, keeps_lines: bool, mut emit: impl FnMut(usize, &str)) {
    const TAB: &str = "    ";
    let mut in_space = false;
    let mut buf = String::new();
    let mut cap = sanitize::MarkCap::default();
    for (i, c) in text[range.clone()].char_indices() {
        let offset = range.start + i;
        if !cap.keep(c) {
            continue;
        }
        if !keeps_lines && is_break_space(c) {
            if !in_space {
                emit(offset, " ");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        if c == '\t' {
            emit(offset, &TAB[..TAB_WIDTH.min(TAB.len())]);
            continue;
        }
        match sanitize::classify(c) {
            sanitize::Shown::Keep => {
                let mut utf8 = [0u8; 4];
                emit(offset, c.encode_utf8(&mut utf8));
            }
            sanitize::Shown::Replace => {
                buf.clear();
                sanitize::push_replacement(&mut buf, c);
                emit(offset, &buf);
            }
            sanitize::Shown::Drop => {}
        }
    }
}

/// The marker or indentation shown before a line of a block; as wide as
/// [`BlockKind::indent`](crate::document::BlockKind::indent).
#[must_use]
pub fn line_prefix(kind: BlockKind, line: LineKind) -> String {
    match (kind, line) {
        (BlockKind::Question, _) => "▍ ".to_owned(),
        (BlockKind::Quote, _) => "│ ".to_owned(),
        // A list item's bullet or number is part of its first line; later
        // lines hang below the text after it.
        (BlockKind::ListItem(depth), LineKind::First) => "  ".repeat(usize::from(depth)),
        (BlockKind::Raw, LineKind::Continued) => CONTINUATION.to_owned(),
        (BlockKind::Line(indent), LineKind::Next | LineKind::Continued) => " ".repeat(usize::from(indent) + HANG),
        _ => " ".repeat(kind.indent()),
    }
}

/// The displayed form of one line as a plain string.
#[must_use]
pub fn display_string(text: &str, range: Range<usize>, keeps_lines: bool) -> String {
    // The same as collecting `display_pieces`, with runs of printable ASCII
    // copied whole: plain output of a 100 MB book is mostly such runs.
    let s = &text[range];
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut in_space = false;
    let mut cap = sanitize::MarkCap::default();
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && (0x21..0x7f).contains(&bytes[i]) {
            i += 1;
        }
        if i > start {
            out.push_str(&s[start..i]);
            in_space = false;
            cap = sanitize::MarkCap::default();
            continue;
        }
        let Some(c) = s[i..].chars().next() else { break };
        i += c.len_utf8();
        if !cap.keep(c) {
            continue;
        }
        if !keeps_lines && is_break_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        if c == '\t' {
            out.extend(std::iter::repeat_n(' ', TAB_WIDTH));
            continue;
        }
        match sanitize::classify(c) {
            sanitize::Shown::Keep => out.push(c),
            sanitize::Shown::Replace => sanitize::push_replacement(&mut out, c),
            sanitize::Shown::Drop => {}
        }
    }
    out
}

/// Width of a grapheme in preformatted text, as [`display_pieces`] shows it:
/// a tab is [`TAB_WIDTH`] columns and a bare carriage return is `^M`, where
/// a single-line context would show each as one space.
fn preformatted_width(g: &str) -> usize {
    if !g.contains(['\t', '\r', '\n']) {
        return sanitize::grapheme_width(g);
    }
    g.chars()
        .map(|c| match c {
            '\t' => TAB_WIDTH,
            '\r' | '\n' => sanitize::replacement_width(c),
            _ => {
                let mut buf = [0u8; 4];
                sanitize::grapheme_width(c.encode_utf8(&mut buf))
            }
        })
        .sum()
}

/// The wrapped form of one document at one width, computed block by block
/// as the view needs it.
#[derive(Debug)]
pub struct Layout {
    width: usize,
    cache: RefCell<HashMap<usize, Rc<[WrappedLine]>>>,
    /// Folded blocks shown in full (a search went into one).
    opened: std::collections::HashSet<usize>,
}

impl Layout {
    #[must_use]
    pub fn new(width: usize) -> Self {
        Self { width: width.max(1), cache: RefCell::new(HashMap::new()), opened: std::collections::HashSet::new() }
    }

    /// The same document laid out at another width, folds kept open.
    #[must_use]
    pub fn resized(&self, width: usize) -> Self {
        Self { opened: self.opened.clone(), ..Self::new(width) }
    }

    /// Opens the folded block that holds `offset`, if one does, so what is
    /// there can be seen (as vim opens a fold a search goes into). True if
    /// a fold was opened now.
    pub fn reveal(&mut self, doc: &Document, offset: usize) -> bool {
        let block = doc.block_at(offset);
        let folded = doc.blocks.get(block).is_some_and(|b| b.kind == BlockKind::Folded);
        if folded && self.opened.insert(block) {
            self.cache.get_mut().remove(&block);
            return true;
        }
        false
    }

    /// Whether folded block `block` is shown in full.
    #[must_use]
    pub fn is_open(&self, block: usize) -> bool {
        self.opened.contains(&block)
    }

    #[must_use]
    pub fn width(&self) -> usize {
        self.width
    }

    /// The display lines of one block (empty for a block that is not there).
    #[must_use]
    pub fn lines(&self, doc: &Document, block: usize) -> Rc<[WrappedLine]> {
        if let Some(lines) = self.cache.borrow().get(&block) {
            return Rc::clone(lines);
        }
        let lines: Rc<[WrappedLine]> = match doc.blocks.get(block) {
            Some(b) if b.kind == BlockKind::Folded && self.opened.contains(&block) => {
                wrap_opened_fold(&doc.text, b, self.width, block == 0).into()
            }
            Some(b) => wrap_block(&doc.text, b, self.width, block == 0).into(),
            None => Rc::from(Vec::new()),
        };
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= CACHE_BLOCKS {
            cache.clear();
        }
        cache.insert(block, Rc::clone(&lines));
        lines
    }

    /// The position `n` lines below `pos`, stopping at the last line.
    #[must_use]
    pub fn down(&self, doc: &Document, mut pos: Pos, mut n: usize) -> Pos {
        while n > 0 {
            let count = self.lines(doc, pos.block).len();
            let room = count.saturating_sub(pos.line + 1);
            if n <= room {
                pos.line += n;
                break;
            }
            if pos.block + 1 >= doc.blocks.len() {
                pos.line = count.saturating_sub(1);
                break;
            }
            n -= room + 1;
            pos = Pos { block: pos.block + 1, line: 0 };
        }
        pos
    }

    /// The position `n` lines above `pos`, stopping at the first line.
    #[must_use]
    pub fn up(&self, doc: &Document, mut pos: Pos, mut n: usize) -> Pos {
        while n > 0 {
            if n <= pos.line {
                pos.line -= n;
                break;
            }
            if pos.block == 0 {
                pos.line = 0;
                break;
            }
            n -= pos.line + 1;
            let block = pos.block - 1;
            pos = Pos { block, line: self.lines(doc, block).len().saturating_sub(1) };
        }
        pos
    }

    /// The last line of the document.
    #[must_use]
    pub fn last(&self, doc: &Document) -> Pos {
        let block = doc.blocks.len().saturating_sub(1);
        Pos { block, line: self.lines(doc, block).len().saturating_sub(1) }
    }

    /// The lowest top position: the one that shows the last line at the
    /// bottom of a view `height` lines high.
    #[must_use]
    pub fn last_top(&self, doc: &Document, height: usize) -> Pos {
        self.up(doc, self.last(doc), height.saturating_sub(1))
    }

    /// Up to `height` lines starting at `top`, each with its block index.
    #[must_use]
    pub fn visible(&self, doc: &Document, top: Pos, height: usize) -> Vec<(usize, WrappedLine)> {
        let mut out = Vec::with_capacity(height);
        let mut pos = top;
        while out.len() < height && pos.block < doc.blocks.len() {
            let lines = self.lines(doc, pos.block);
            for line in lines.iter().skip(pos.line) {
                if out.len() == height {
                    break;
                }
                out.push((pos.block, line.clone()));
            }
            pos = Pos { block: pos.block + 1, line: 0 };
        }
        out
    }

    /// The line that shows byte `offset` (the line starting at or before it).
    #[must_use]
    pub fn pos_of_offset(&self, doc: &Document, offset: usize) -> Pos {
        let block = doc.block_at(offset);
        let lines = self.lines(doc, block);
        let line = lines.iter().rposition(|l| l.kind != LineKind::Gap && l.range.start <= offset).unwrap_or(0);
        Pos { block, line }
    }

    /// The first line that starts at or after byte `offset` (the last line
    /// when none does). `N%` goes there, so the status bar, which gives the
    /// share of the text above the top line, reads N% and not N-1%.
    #[must_use]
    pub fn pos_at_or_after(&self, doc: &Document, offset: usize) -> Pos {
        let pos = self.pos_of_offset(doc, offset);
        if self.offset_of(doc, pos) >= offset {
            return pos;
        }
        let next = self.down(doc, pos, 1);
        // Skip the blank line between blocks: it starts where its block does.
        let next = if self.lines(doc, next.block).get(next.line).is_some_and(|l| l.kind == LineKind::Gap) {
            self.down(doc, next, 1)
        } else {
            next
        };
        if next == pos { pos } else { next }
    }

    /// The byte offset where the line at `pos` starts.
    #[must_use]
    pub fn offset_of(&self, doc: &Document, pos: Pos) -> usize {
        self.lines(doc, pos.block).get(pos.line).map_or_else(|| doc.body_start(), |l| l.range.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_text;

    fn block(range: Range<usize>, kind: BlockKind) -> Block {
        Block { kind, range, gap_before: false }
    }

    fn texts(text: &str, lines: &[WrappedLine]) -> Vec<String> {
        lines.iter().map(|l| text[l.range.clone()].replace("\r\n", " ")).collect()
    }

    #[test]
    fn reflows_at_word_boundaries() {
        let t = "one two three\r\nfour five";
        let lines = wrap_block(t, &block(0..t.len(), BlockKind::Paragraph), 9, true);
        assert_eq!(texts(t, &lines), ["one two", "three", "four five"]);
    }

    #[test]
    fn breaks_words_longer_than_the_line() {
        let t = "abcdefghij xy";
        let lines = wrap_block(t, &block(0..t.len(), BlockKind::Paragraph), 4, true);
        assert_eq!(texts(t, &lines), ["abcd", "efgh", "ij", "xy"]);
    }

    /// Issue 20: Japanese lines began with closing marks and small kana,
    /// and broke inside Latin words (`Math|ML`): breaks follow UAX #14.
    #[test]
    fn cjk_breaks_follow_the_unicode_rules() {
        let t = "これはMathMLのテストです。ートは小さいカナ「引用」ですよね。";
        for width in 4..30 {
            let lines = wrap_block(t, &block(0..t.len(), BlockKind::Paragraph), width, true);
            let texts: Vec<&str> = lines.iter().map(|l| &t[l.range.clone()]).collect();
            assert_eq!(texts.concat(), t, "nothing lost at {width}");
            for (n, line) in texts.iter().enumerate() {
                assert!(sanitize::width(line) <= width.max(2), "{line:?} wider than {width}");
                // Narrower than the longest run that may not break, a
                // cut is forced.
                if n > 0 && width >= 10 {
                    let first = line.chars().next().unwrap_or(' ');
                    assert!(
                        !"。、」ーァィゥェォッャュョ".contains(first),
                        "{line:?} begins a line at {width}: {texts:?}"
                    );
                }
                if width >= 10 {
                    assert!(!line.ends_with("Math") && !line.starts_with("ML"), "Math|ML split at {width}: {texts:?}");
                }
            }
        }
    }

    /// A line began with the comma an author had put after a space
    /// (`Science ,` in a seed), with `!` in French typography, or a
    /// guillemet; a line ended with an opening bracket. UAX #14 forbids
    /// those breaks even after a space: the mark stays with its word.
    #[test]
    fn marks_after_a_space_stay_with_their_word() {
        let t = "the Faculty of Computer Science , Delhi University. Il a dit : « Bonjour ! » puis ( enfin ) rien.";
        // From the longest run that may not break ("« Bonjour ! »") up.
        for width in 13..40 {
            let lines = wrap_block(t, &block(0..t.len(), BlockKind::Paragraph), width, true);
            let texts = texts(t, &lines);
            assert_eq!(texts.join(" "), t, "nothing lost at {width}");
            for line in &texts {
                assert!(sanitize::width(line) <= width, "{line:?} wider than {width}");
                let first = line.chars().next().unwrap_or(' ');
                assert!(!",:!»)".contains(first), "{line:?} begins a line at {width}: {texts:?}");
                assert!(!line.ends_with(['«', '(']), "{line:?} ends a line at {width}: {texts:?}");
            }
        }
        // Too narrow for the word and its mark: the mark may still start
        // a line rather than overflow it.
        let lines = wrap_block("Science ,", &block(0..9, BlockKind::Paragraph), 7, true);
        assert_eq!(texts("Science ,", &lines), ["Science", ","]);
    }

    /// Issue 18: a long URL broke anywhere and left its label alone on a
    /// line; it starts beside the label and breaks after its slashes.
    #[test]
    fn long_urls_start_on_the_line_and_break_after_slashes() {
        let t = "[1] https://github.com/rust-lang/rfcs/blob/master/text/2394-async_await.md#the-expansion";
        let lines = wrap_block(t, &block(0..t.len(), BlockKind::Paragraph), 40, true);
        assert_eq!(
            texts(t, &lines),
            ["[1] https://github.com/rust-lang/rfcs/", "blob/master/text/2394-async_await.md#", "the-expansion"]
        );
        let joined: String = lines.iter().map(|l| &t[l.range.clone()]).collect();
        assert_eq!(joined, t, "nothing lost or repeated");
    }

    #[test]
    fn wide_and_combining_text_fits() {
        let t = "日本語のテキスト Lu\u{031b}o\u{031b}\u{0300}ng 👨\u{200d}👩\u{200d}👧 end";
        for width in 1..20 {
            for l in wrap_block(t, &block(0..t.len(), BlockKind::Paragraph), width, true) {
                let w = sanitize::width(&t[l.range.clone()]);
                assert!(w <= width.max(2), "{:?} is {w} wide at {width}", &t[l.range]);
            }
        }
    }

    #[test]
    fn displayed_lines_are_clean_and_as_wide_as_measured() {
        let t = "a\u{1b}]52;c;ZXZpbA==\u{7} b\r\n\u{9b}2J\t\u{202e}x";
        for keeps in [false, true] {
            let kind = if keeps { BlockKind::Code } else { BlockKind::Paragraph };
            for l in wrap_block(t, &block(0..t.len(), kind), 12, true) {
                let shown = display_string(t, l.range.clone(), keeps);
                assert!(!shown.chars().any(char::is_control), "{shown:?}");
                // Prose fits the column; code is measured as drawn (and clipped).
                let limit = if keeps { preformatted_line_width(t, l.range.clone()) } else { 12 };
                assert!(sanitize::width(&shown) <= limit, "{shown:?}");
            }
        }
        assert_eq!(display_string(t, 0..t.len(), false), "a^[]52;c;ZXZpbA==^G b <U+009B>2J <U+202E>x");
    }

    #[test]
    fn code_keeps_lines() {
        let t = "fn main() {\n\tx\n}";
        let lines = wrap_block(t, &block(0..t.len(), BlockKind::Code), 40, true);
        assert_eq!(texts(t, &lines), ["fn main() {", "\tx", "}"]);
    }

    #[test]
    fn code_and_tables_are_never_broken_mid_line() {
        let t = "| Type parameters | concise `UpperCamelCase`, usually single uppercase letter: `T` |";
        for kind in [BlockKind::Code, BlockKind::Table] {
            let lines = wrap_block(t, &block(0..t.len(), kind), 20, true);
            assert_eq!(texts(t, &lines), [t], "one line, clipped when drawn");
        }
        assert_eq!(preformatted_line_width("a\tb", 0..3), 2 + TAB_WIDTH);
    }

    #[test]
    fn moves_across_blocks_and_clamps() {
        let doc = parse_text("t.txt", "alpha beta\n\ngamma delta\n\nepsilon".into());
        let layout = Layout::new(7);
        // alpha / beta / gap / gamma / delta / gap / epsilon
        let end = layout.last(&doc);
        assert_eq!(layout.down(&doc, Pos::default(), 100), end);
        assert_eq!(layout.up(&doc, end, 100), Pos::default());
        let p = layout.down(&doc, Pos::default(), 3);
        assert_eq!(&doc.text[layout.lines(&doc, p.block)[p.line].range.clone()], "gamma");
        assert_eq!(layout.visible(&doc, Pos::default(), 100).len(), 7);
        let off = doc.text.find("delta").unwrap_or(0);
        let p = layout.pos_of_offset(&doc, off + 2);
        assert_eq!(layout.offset_of(&doc, p), off);
    }
}
