//! A passage the reader chooses (`v`): its two ends, how they move, and
//! its text as shown.
//!
//! Both ends are byte offsets into [`Document::text`], like everything else
//! in folio (matches, bookmarks, screen lines), so a selection survives a
//! new width, a reflow or a document read in full after its preview. The
//! cursor end is the start of a character (grapheme) that is itself
//! selected, as in vim's visual mode: `v` then `e` selects a word.
//!
//! Movements go by what the reader sees: characters, words, sentences and
//! paragraphs of the text (a hard-wrapped line break is a space; sentences
//! do not end at one), and lines as wrapped on screen. They never leave the
//! blocks: the blank between two paragraphs is not a place.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::document::{BlockKind, Document, InlineStyle};
use crate::layout::{Layout, LineKind, Pos};

/// Bytes a selection may hold when copied or highlighted: a chapter is
/// fine, a whole 100 MB book is not what `y` is for.
pub const MAX_SELECTED: usize = 1 << 20;

/// The two ends of a selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Where `v` was pressed.
    pub anchor: usize,
    /// The end that moves.
    pub cursor: usize,
}

/// One way to move the cursor end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    /// The start of the next word (`w`).
    WordNext,
    /// The start of this or the previous word (`b`).
    WordPrev,
    /// The end of this or the next word (`e`).
    WordEnd,
    /// The end of this sentence, or of the next when at it (`)`).
    SentenceEnd,
    /// The start of this sentence, or of the previous when at it (`(`).
    SentenceStart,
    /// The end of this paragraph (block), or of the next when at it (`}`).
    ParagraphEnd,
    /// The start of this paragraph, or of the previous when at it (`{`).
    ParagraphStart,
    /// The first / last character of the screen line (`0`, `$`).
    LineStart,
    LineEnd,
    /// The same column a screen line down / up (`j`, `k`).
    Down,
    Up,
    /// This many screen lines down / up (a page).
    LinesDown(usize),
    LinesUp(usize),
    /// The first / last character of the document (`g`, `G`).
    Start,
    End,
}

impl Selection {
    /// A selection of the one character at `offset`.
    #[must_use]
    pub fn at(offset: usize) -> Self {
        Self { anchor: offset, cursor: offset }
    }

    /// The bytes selected: both ends' characters included.
    #[must_use]
    pub fn range(&self, text: &str) -> Range<usize> {
        let (lo, hi) = (self.anchor.min(self.cursor), self.anchor.max(self.cursor));
        let lo = text.floor_char_boundary(lo.min(text.len()));
        let hi = text.floor_char_boundary(hi.min(text.len()));
        lo..hi + grapheme_len(text, hi)
    }

    /// `o`: the other end moves from now on.
    pub fn swap(&mut self) {
        std::mem::swap(&mut self.anchor, &mut self.cursor);
    }
}

/// The length of the character (grapheme) starting at `at`.
fn grapheme_len(text: &str, at: usize) -> usize {
    text.get(at..).and_then(|rest| rest.graphemes(true).next()).map_or(0, str::len)
}

/// Whether `block` is a folded block drawn as its one-line label: the
/// cursor stands only on its start.
fn folded(doc: &Document, layout: &Layout, block: usize) -> bool {
    doc.blocks.get(block).is_some_and(|b| b.kind == BlockKind::Folded) && !layout.is_open(block)
}

/// Whether a block shows any text a cursor can stand on.
fn has_text(doc: &Document, block: usize) -> bool {
    doc.blocks.get(block).is_some_and(|b| b.kind != BlockKind::Rule && !doc.text[b.range.clone()].trim().is_empty())
}

/// A place the cursor may stand on at or near `at`: inside a block with
/// text, on the start of a character; between blocks it goes to the next
/// block's start (or the last block's end).
#[must_use]
pub fn settle(doc: &Document, layout: &Layout, at: usize) -> usize {
    if doc.blocks.is_empty() {
        return 0;
    }
    let block = doc.block_at(at);
    let b = &doc.blocks[block];
    if at >= b.range.start && at < b.range.end && has_text(doc, block) {
        if folded(doc, layout, block) {
            return b.range.start;
        }
        return start_of_grapheme(&doc.text, b.range.clone(), at);
    }
    match (block + usize::from(at >= b.range.start)..doc.blocks.len()).find(|&i| has_text(doc, i)) {
        Some(next) => first_char(doc, next),
        None => (0..doc.blocks.len()).rev().find(|&i| has_text(doc, i)).map_or(0, |i| last_char(doc, layout, i)),
    }
}

/// The start of the grapheme holding byte `at`, within `range`.
fn start_of_grapheme(text: &str, range: Range<usize>, at: usize) -> usize {
    let at = text.floor_char_boundary(at);
    // Graphemes are short: look back a little for a boundary.
    let from = text.floor_char_boundary(at.saturating_sub(64).max(range.start));
    let mut start = from;
    for (i, g) in text[from..range.end].grapheme_indices(true) {
        if from + i > at {
            break;
        }
        start = from + i;
        if from + i + g.len() > at {
            break;
        }
    }
    start
}

/// The first character of a block that is not white space.
fn first_char(doc: &Document, block: usize) -> usize {
    let b = &doc.blocks[block];
    let text = &doc.text[b.range.clone()];
    b.range.start + (text.len() - text.trim_start().len())
}

/// The last character of a block that is not white space (its start, for
/// a folded block).
fn last_char(doc: &Document, layout: &Layout, block: usize) -> usize {
    let b = &doc.blocks[block];
    if folded(doc, layout, block) {
        return b.range.start;
    }
    let text = doc.text[b.range.clone()].trim_end();
    text.grapheme_indices(true).next_back().map_or(b.range.start, |(i, _)| b.range.start + i)
}

/// The next block after `block` with text, if any.
fn next_block(doc: &Document, block: usize) -> Option<usize> {
    (block + 1..doc.blocks.len()).find(|&i| has_text(doc, i))
}

fn prev_block(doc: &Document, block: usize) -> Option<usize> {
    (0..block).rev().find(|&i| has_text(doc, i))
}

/// Bytes either side of the cursor that words and sentences are looked
/// for in: a block can be a whole file (a 100 MB line), and a key must not
/// cost a pass over it.
const WINDOW: usize = 8 << 10;

/// The part of a block's text that segmentation sees around `around`, and
/// where it starts: the whole block when it is small, else a window of
/// [`WINDOW`] bytes either side cut at white space. Line breaks of prose
/// are spaces (a hard-wrapped line does not end a sentence), same length.
fn segment_text(doc: &Document, block: usize, around: usize) -> (usize, std::borrow::Cow<'_, str>) {
    let b = &doc.blocks[block];
    let (mut start, mut end) = (b.range.start, b.range.end);
    if b.range.len() > 2 * WINDOW {
        let text = &doc.text;
        if around.saturating_sub(WINDOW) > start {
            let from = text.floor_char_boundary(around - WINDOW);
            start = text[from..around].find(char::is_whitespace).map_or(from, |i| from + i + 1);
        }
        if around.saturating_add(WINDOW) < end {
            let to = text.floor_char_boundary(around + WINDOW);
            end = text[around..to].rfind(char::is_whitespace).map_or(to, |i| around + i);
        }
    }
    let text = &doc.text[start..end];
    if b.kind.keeps_lines() || !text.contains(['\n', '\r']) {
        (start, std::borrow::Cow::Borrowed(text))
    } else {
        (start, std::borrow::Cow::Owned(text.replace(['\n', '\r'], " ")))
    }
}

/// Where the cursor goes from `at` by `motion`, `times` times.
#[must_use]
pub fn moved(doc: &Document, layout: &Layout, at: usize, motion: Motion, times: usize) -> usize {
    if doc.blocks.is_empty() {
        return 0;
    }
    let mut at = settle(doc, layout, at);
    for _ in 0..times.max(1) {
        let next = step(doc, layout, at, motion);
        if next == at {
            break;
        }
        at = next;
    }
    at
}

fn step(doc: &Document, layout: &Layout, at: usize, motion: Motion) -> usize {
    let block = doc.block_at(at);
    let b = &doc.blocks[block];
    let text = &doc.text;
    match motion {
        Motion::Right => {
            if folded(doc, layout, block) || at >= last_char(doc, layout, block) {
                return next_block(doc, block).map_or(at, |n| first_char(doc, n));
            }
            let mut next = at + grapheme_len(text, at);
            // A run of white space in prose is one space on screen: one step.
            if !b.kind.keeps_lines() && text[at..].starts_with(char::is_whitespace) {
                while next < b.range.end && text[next..].starts_with(char::is_whitespace) {
                    next += grapheme_len(text, next).max(1);
                }
            }
            // Text hidden on screen (markup) is stepped over.
            while let Some(end) = hidden_at(doc, next) {
                next = end;
            }
            next.min(last_char(doc, layout, block))
        }
        Motion::Left => {
            if at <= first_char(doc, block) || folded(doc, layout, block) {
                return prev_block(doc, block).map_or(at, |p| last_char(doc, layout, p));
            }
            let mut prev = start_of_grapheme(text, b.range.clone(), at - 1);
            if !b.kind.keeps_lines() {
                while prev > b.range.start && text[prev..].starts_with(char::is_whitespace) {
                    let before = start_of_grapheme(text, b.range.clone(), prev - 1);
                    if !text[before..].starts_with(char::is_whitespace) {
                        break;
                    }
                    prev = before;
                }
            }
            prev.max(first_char(doc, block))
        }
        Motion::WordNext => {
            let (base, seg) = segment_text(doc, block, at);
            let local = at - base;
            match seg.unicode_word_indices().map(|(i, _)| i).find(|&i| i > local) {
                Some(i) => base + i,
                None => next_block(doc, block).map_or(at, |n| first_word(doc, n).unwrap_or(first_char(doc, n))),
            }
        }
        Motion::WordPrev => {
            let (base, seg) = segment_text(doc, block, at);
            let local = at - base;
            match seg.unicode_word_indices().map(|(i, _)| i).take_while(|&i| i < local).last() {
                Some(i) => base + i,
                None => prev_block(doc, block).map_or(at, |p| last_word(doc, p).unwrap_or(first_char(doc, p))),
            }
        }
        Motion::WordEnd => {
            let (base, seg) = segment_text(doc, block, at);
            let local = at - base;
            let end_of = |(i, w): (usize, &str)| i + w.grapheme_indices(true).next_back().map_or(0, |(j, _)| j);
            match seg.unicode_word_indices().map(end_of).find(|&e| e > local) {
                Some(e) => base + e,
                None => match next_block(doc, block) {
                    Some(n) => {
                        let (base, seg) = segment_text(doc, n, doc.blocks[n].range.start);
                        seg.unicode_word_indices().next().map_or(first_char(doc, n), |w| base + end_of(w))
                    }
                    None => at,
                },
            }
        }
        Motion::SentenceEnd => {
            let ends = sentence_ends(doc, block, at);
            match ends.into_iter().find(|&e| e > at) {
                Some(e) => e,
                None => next_block(doc, block)
                    .and_then(|n| sentence_ends(doc, n, doc.blocks[n].range.start).first().copied())
                    .unwrap_or(at),
            }
        }
        Motion::SentenceStart => {
            let starts = sentence_starts(doc, block, at);
            match starts.into_iter().rev().find(|&s| s < at) {
                Some(s) => s,
                None => prev_block(doc, block).map_or(at, |p| {
                    sentence_starts(doc, p, doc.blocks[p].range.end).last().copied().unwrap_or(first_char(doc, p))
                }),
            }
        }
        Motion::ParagraphEnd => {
            let end = last_char(doc, layout, block);
            if at < end { end } else { next_block(doc, block).map_or(at, |n| last_char(doc, layout, n)) }
        }
        Motion::ParagraphStart => {
            let start = first_char(doc, block);
            if at > start { start } else { prev_block(doc, block).map_or(at, |p| first_char(doc, p)) }
        }
        Motion::LineStart => {
            let line = line_at(doc, layout, at);
            settle(doc, layout, line.range.start).max(first_char(doc, block))
        }
        Motion::LineEnd => {
            let line = line_at(doc, layout, at);
            let shown = doc.text[line.range.clone()].trim_end();
            let last = shown.grapheme_indices(true).next_back().map_or(line.range.start, |(i, _)| line.range.start + i);
            last.min(last_char(doc, layout, block)).max(at.min(last))
        }
        Motion::Down | Motion::Up | Motion::LinesDown(_) | Motion::LinesUp(_) => vertical(doc, layout, at, motion),
        Motion::Start => (0..doc.blocks.len()).find(|&i| has_text(doc, i)).map_or(at, |i| first_char(doc, i)),
        Motion::End => {
            (0..doc.blocks.len()).rev().find(|&i| has_text(doc, i)).map_or(at, |i| last_char(doc, layout, i))
        }
    }
}

/// The end of text hidden on screen (markup) that starts at or covers
/// `at`, if any.
fn hidden_at(doc: &Document, at: usize) -> Option<usize> {
    let i = doc.inlines.partition_point(|(r, _)| r.end <= at);
    doc.inlines
        .get(i)
        .filter(|(r, style)| r.start <= at && *style == InlineStyle::Markup)
        .map(|(r, _)| r.end)
        .filter(|&end| end > at)
}

fn first_word(doc: &Document, block: usize) -> Option<usize> {
    let (base, seg) = segment_text(doc, block, doc.blocks[block].range.start);
    seg.unicode_word_indices().next().map(|(i, _)| base + i)
}

fn last_word(doc: &Document, block: usize) -> Option<usize> {
    let (base, seg) = segment_text(doc, block, doc.blocks[block].range.end);
    seg.unicode_word_indices().next_back().map(|(i, _)| base + i)
}

/// The last character of each sentence of a block (near `around`).
fn sentence_ends(doc: &Document, block: usize, around: usize) -> Vec<usize> {
    let (base, seg) = segment_text(doc, block, around);
    seg.split_sentence_bound_indices()
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(i, s)| {
            let s = s.trim_end();
            base + i + s.grapheme_indices(true).next_back().map_or(0, |(j, _)| j)
        })
        .collect()
}

/// The first character of each sentence of a block (near `around`).
fn sentence_starts(doc: &Document, block: usize, around: usize) -> Vec<usize> {
    let (base, seg) = segment_text(doc, block, around);
    seg.split_sentence_bound_indices()
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(i, s)| base + i + (s.len() - s.trim_start().len()))
        .collect()
}

/// The screen line showing `at`.
fn line_at(doc: &Document, layout: &Layout, at: usize) -> crate::layout::WrappedLine {
    let pos = layout.pos_of_offset(doc, at);
    let lines = layout.lines(doc, pos.block);
    lines.get(pos.line).cloned().unwrap_or(crate::layout::WrappedLine { range: at..at, kind: LineKind::First })
}

/// The column of `at` on its screen line, in characters shown.
fn column(doc: &Document, layout: &Layout, at: usize) -> usize {
    let line = line_at(doc, layout, at);
    let end = at.clamp(line.range.start, line.range.end);
    let keeps = doc.blocks.get(doc.block_at(at)).is_some_and(|b| b.kind.keeps_lines());
    crate::sanitize::width(&crate::layout::display_string(&doc.text, line.range.start..end, keeps))
}

/// `j`, `k` and pages: the same column on a screen line further down or up
/// (blank lines between blocks are passed over).
fn vertical(doc: &Document, layout: &Layout, at: usize, motion: Motion) -> usize {
    let want = column(doc, layout, at);
    let mut pos = layout.pos_of_offset(doc, at);
    let (down, n) = match motion {
        Motion::Down => (true, 1),
        Motion::Up => (false, 1),
        Motion::LinesDown(n) => (true, n.max(1)),
        Motion::LinesUp(n) => (false, n.max(1)),
        _ => return at,
    };
    let mut left = n;
    while left > 0 {
        let next = if down { layout.down(doc, pos, 1) } else { layout.up(doc, pos, 1) };
        if next == pos {
            break;
        }
        pos = next;
        if !is_gap(doc, layout, pos) && has_text(doc, pos.block) {
            left -= 1;
        }
    }
    if is_gap(doc, layout, pos) || !has_text(doc, pos.block) {
        return at;
    }
    at_column(doc, layout, pos, want)
}

fn is_gap(doc: &Document, layout: &Layout, pos: Pos) -> bool {
    layout.lines(doc, pos.block).get(pos.line).is_none_or(|l| l.kind == LineKind::Gap)
}

/// The character at column `want` of the screen line at `pos` (its last
/// when the line is shorter).
fn at_column(doc: &Document, layout: &Layout, pos: Pos, want: usize) -> usize {
    let lines = layout.lines(doc, pos.block);
    let Some(line) = lines.get(pos.line) else { return 0 };
    if folded(doc, layout, pos.block) {
        return doc.blocks[pos.block].range.start;
    }
    let keeps = doc.blocks[pos.block].kind.keeps_lines();
    let mut col = 0;
    let mut last = settle(doc, layout, line.range.start);
    let mut found = None;
    crate::layout::display_pieces(&doc.text, line.range.clone(), keeps, |offset, shown| {
        if found.is_some() {
            return;
        }
        if col >= want && !shown.trim().is_empty() {
            found = Some(offset);
            return;
        }
        if !shown.trim().is_empty() {
            last = offset;
        }
        col += crate::sanitize::width(shown);
    });
    settle(doc, layout, found.unwrap_or(last))
}

/// The character shown at `column` of screen line `row` below `top` (the
/// line's last when the column is past its end), for the mouse; `None` on
/// a blank line or below the text. Columns count from the line's text
/// (after its margin marker or indent).
#[must_use]
pub fn offset_at(doc: &Document, layout: &Layout, top: Pos, row: usize, column: usize) -> Option<usize> {
    let visible = layout.visible(doc, top, row + 1);
    let (block, line) = visible.get(row)?;
    if line.kind == LineKind::Gap || !has_text(doc, *block) {
        return None;
    }
    let prefix = crate::sanitize::width(&crate::layout::line_prefix(doc.blocks[*block].kind, line.kind));
    let pos = Pos { block: *block, line: layout.pos_of_offset(doc, line.range.start).line };
    let pos = if layout.lines(doc, *block).get(pos.line) == Some(line) {
        pos
    } else {
        // The line a range starts on is the one shown (a block's first
        // line can begin where its gap does).
        let lines = layout.lines(doc, *block);
        Pos { block: *block, line: lines.iter().position(|l| l == line).unwrap_or(0) }
    };
    Some(at_column(doc, layout, pos, column.saturating_sub(prefix)))
}

/// The word holding `at` (letters and digits as Unicode counts them), or
/// the character alone when it is not in a word: a double click.
#[must_use]
pub fn word_at(doc: &Document, at: usize) -> Selection {
    if doc.blocks.is_empty() {
        return Selection::at(0);
    }
    let block = doc.block_at(at);
    let (start, seg) = segment_text(doc, block, at);
    let local = at.saturating_sub(start);
    match seg.unicode_word_indices().find(|(i, w)| *i <= local && local < i + w.len()) {
        Some((i, w)) => {
            let last = w.grapheme_indices(true).next_back().map_or(0, |(j, _)| j);
            Selection { anchor: start + i, cursor: start + i + last }
        }
        None => Selection::at(at),
    }
}

/// The paragraph (block) holding `at`, whole: a triple click.
#[must_use]
pub fn paragraph_at(doc: &Document, layout: &Layout, at: usize) -> Selection {
    if doc.blocks.is_empty() {
        return Selection::at(0);
    }
    let block = doc.block_at(settle(doc, layout, at));
    Selection { anchor: first_char(doc, block), cursor: last_char(doc, layout, block) }
}

/// The selected text as the reader sees it: prose with its line breaks as
/// spaces, code and tables with their lines, a blank line between
/// paragraphs (one line break between lines of verse), hidden markup left
/// out.
#[must_use]
pub fn shown_text(doc: &Document, range: Range<usize>) -> String {
    let mut out = String::new();
    if doc.blocks.is_empty() {
        return out;
    }
    let first = doc.block_at(range.start);
    for b in doc.blocks.iter().skip(first) {
        if b.range.start >= range.end {
            break;
        }
        let start = b.range.start.max(range.start);
        let end = b.range.end.min(range.end);
        if start >= end || b.kind == BlockKind::Rule {
            continue;
        }
        let mut piece = String::new();
        let keeps = b.kind.keeps_lines();
        let mut hidden = doc.inlines.partition_point(|(r, _)| r.end <= start);
        let mut in_space = false;
        for (j, c) in doc.text[start..end].char_indices() {
            let offset = start + j;
            while doc.inlines.get(hidden).is_some_and(|(r, _)| r.end <= offset) {
                hidden += 1;
            }
            if doc.inlines.get(hidden).is_some_and(|(r, s)| r.start <= offset && *s == InlineStyle::Markup) {
                continue;
            }
            if !keeps && c.is_whitespace() {
                if !in_space {
                    piece.push(' ');
                }
                in_space = true;
                continue;
            }
            if keeps && c == '\r' {
                continue;
            }
            in_space = false;
            piece.push(c);
        }
        let piece = if keeps { piece.trim_end().to_owned() } else { piece.trim().to_owned() };
        if piece.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if b.gap_before { "\n\n" } else { "\n" });
        }
        out.push_str(&piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_text;

    fn doc(text: &str) -> Document {
        parse_text("t.txt", text.to_owned())
    }

    fn walk(d: &Document, from: &str, motion: Motion, times: usize) -> String {
        let layout = Layout::new(40);
        let at = d.text.find(from).unwrap_or(0);
        let to = moved(d, &layout, at, motion, times);
        d.text[to..].chars().take(6).collect()
    }

    /// Hard-wrapped prose, as in a Project Gutenberg book.
    const PROSE: &str = "Call me Ishmael. Some years ago, never mind how long precisely, having\nlittle or no money in my purse. I thought I would sail about a little and\nsee the watery part of the world.\n\nIt is a way I have of driving off the spleen and regulating the\ncirculation. Whenever I find myself growing grim about the mouth, I go.\n";

    #[test]
    fn words_sentences_and_paragraphs() {
        let d = doc(PROSE);
        assert_eq!(walk(&d, "Call", Motion::WordNext, 1), "me Ish");
        assert_eq!(walk(&d, "Call", Motion::WordNext, 3), "Some y");
        assert_eq!(walk(&d, "Call", Motion::WordEnd, 1), "l me I");
        assert_eq!(walk(&d, "Some", Motion::WordPrev, 1), "Ishmae");
        assert_eq!(walk(&d, "Call", Motion::SentenceEnd, 1), ". Some");
        // A hard-wrapped line break does not end a sentence.
        assert_eq!(walk(&d, "Some", Motion::SentenceEnd, 1), ". I th");
        assert_eq!(walk(&d, "years", Motion::SentenceStart, 1), "Some y");
        assert_eq!(walk(&d, "Call", Motion::ParagraphEnd, 1), ".\n\nIt ");
        assert_eq!(walk(&d, "Call", Motion::ParagraphEnd, 2), ".\n");
        assert_eq!(walk(&d, "It is", Motion::ParagraphStart, 1), "Call m");
        // Across a paragraph: the next word is in the next block.
        assert_eq!(walk(&d, "world", Motion::WordNext, 1), "It is ");
        assert_eq!(walk(&d, "It is", Motion::WordPrev, 1), "world.");
    }

    #[test]
    fn characters_step_over_a_wrapped_line_break_as_one_space() {
        let d = doc(PROSE);
        assert_eq!(walk(&d, "having", Motion::Right, 6), "\nlittl");
        assert_eq!(walk(&d, "having", Motion::Right, 7), "little");
        assert_eq!(walk(&d, "little or", Motion::Left, 1), "\nlittl");
        assert_eq!(walk(&d, "little or", Motion::Left, 2), "g\nlitt");
    }

    #[test]
    fn ends_stop_at_the_document_edges() {
        let d = doc("One two.\n\nThree four.\n");
        assert_eq!(walk(&d, "four", Motion::WordNext, 5), "four.\n");
        assert_eq!(walk(&d, "One", Motion::Left, 3), "One tw");
        assert_eq!(walk(&d, "two", Motion::End, 1), ".\n");
        assert_eq!(walk(&d, "four", Motion::Start, 1), "One tw");
        let empty = doc("");
        assert_eq!(moved(&empty, &Layout::new(40), 0, Motion::Right, 3), 0);
    }

    #[test]
    fn the_mouse_finds_characters_words_and_paragraphs() {
        let d = doc(PROSE);
        let layout = Layout::new(80);
        // Row 0 is the first line: "Call me Ishmael. Some years ago, ..."
        let at = offset_at(&d, &layout, Pos::default(), 0, 8).unwrap_or_default();
        assert_eq!(&d.text[at..at + 7], "Ishmael");
        let word = word_at(&d, at + 3);
        assert_eq!(&d.text[word.range(&d.text)], "Ishmael");
        let para = paragraph_at(&d, &layout, at);
        let text = &d.text[para.range(&d.text)];
        assert!(text.starts_with("Call me") && text.ends_with("world."), "{text}");
        // Past the end of a line: its last character; a blank line: none.
        let first_line = layout.lines(&d, 0)[0].range.clone();
        let end = offset_at(&d, &layout, Pos::default(), 0, 500).unwrap_or_default();
        let shown = d.text[first_line.clone()].trim_end();
        let last = first_line.start + shown.char_indices().next_back().map_or(0, |(i, _)| i);
        assert_eq!(end, last, "past the end of a line: its last character");
        let rows = layout.lines(&d, 0).len();
        assert!(offset_at(&d, &layout, Pos::default(), rows, 3).is_none(), "the blank line between paragraphs");
        assert!(offset_at(&d, &layout, Pos::default(), rows + 1, 3).is_some());
    }

    #[test]
    fn lines_keep_their_column() {
        // Wrapped at 20 columns: "aaaa bbbb cccc dddd" / "eeee ffff gggg hhhh".
        let d = doc("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii\n");
        let layout = Layout::new(20);
        let at = d.text.find("cccc").unwrap_or(0);
        let down = moved(&d, &layout, at, Motion::Down, 1);
        assert_eq!(&d.text[down..down + 4], "gggg");
        assert_eq!(moved(&d, &layout, down, Motion::Up, 1), at);
        let end = moved(&d, &layout, at, Motion::LineEnd, 1);
        assert_eq!(&d.text[end..end + 1], "d");
        assert_eq!(moved(&d, &layout, at, Motion::LineStart, 1), 0);
    }

    #[test]
    fn the_range_holds_both_ends_and_the_text_is_as_shown() {
        let d = doc(PROSE);
        let mut s = Selection::at(d.text.find("purse").unwrap_or(0));
        s.cursor = d.text.find("spleen").unwrap_or(0) + 5;
        let expected = "purse. I thought I would sail about a little and see the watery part of the world.\n\nIt is a way I have of driving off the spleen";
        assert_eq!(shown_text(&d, s.range(&d.text)), expected);
        s.swap();
        assert_eq!(shown_text(&d, s.range(&d.text)), expected);
        let accented = doc("Caf\u{e9} au lait, one line of it.\n");
        let one = Selection::at(accented.text.find('\u{e9}').unwrap_or(0));
        assert_eq!(&accented.text[one.range(&accented.text)], "\u{e9}");
    }
}
