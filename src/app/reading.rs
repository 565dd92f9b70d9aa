//! The open document: its layout, where the view is, and the colours of
//! its code.

use std::ops::Range;
use std::sync::Arc;

use super::Rect;
use crate::action::Action;
use crate::document::Document;
use crate::layout::{Layout, Pos};
use crate::selection::{self, Motion, Selection};

/// What a key does to the moving end of a selection, and how many times
/// (a page is one move of so many lines); `None` for keys that are not
/// movements.
pub(super) fn motion_of(action: Action, times: usize, height: usize) -> Option<(Motion, usize)> {
    let page = height.saturating_sub(2).max(1).saturating_mul(times);
    let half = (height / 2).max(1).saturating_mul(times);
    let motion = match action {
        Action::CursorLeft => Motion::Left,
        Action::CursorRight => Motion::Right,
        Action::WordNext => Motion::WordNext,
        Action::WordPrev => Motion::WordPrev,
        Action::WordEnd => Motion::WordEnd,
        Action::SentenceEnd => Motion::SentenceEnd,
        Action::SentenceStart => Motion::SentenceStart,
        Action::ParagraphEnd => Motion::ParagraphEnd,
        Action::ParagraphStart => Motion::ParagraphStart,
        Action::LineStart => Motion::LineStart,
        Action::LineEnd => Motion::LineEnd,
        Action::Down => Motion::Down,
        Action::Up => Motion::Up,
        Action::PageDown => return Some((Motion::LinesDown(page), 1)),
        Action::PageUp => return Some((Motion::LinesUp(page), 1)),
        Action::HalfPageDown => return Some((Motion::LinesDown(half), 1)),
        Action::HalfPageUp => return Some((Motion::LinesUp(half), 1)),
        Action::Top => return Some((Motion::Start, 1)),
        Action::Bottom => return Some((Motion::End, 1)),
        _ => return None,
    };
    Some((motion, times))
}

/// The open document and how it is laid out.
#[derive(Debug)]
pub struct Reader {
    pub entry: usize,
    pub doc: Arc<Document>,
    pub layout: Layout,
    /// The first line shown.
    pub top: Pos,
    /// Columns that code and tables are scrolled to the left by.
    pub hscroll: usize,
    /// How much of the document is in, and what `doc` is meanwhile.
    pub loading: Loading,
    /// What to do once the whole document is in: a jump into it that
    /// waited for its text, or the end (`G` while it loads).
    pub(super) then: Option<AfterLoad>,
    /// How the document's plain-text line breaks are treated (`r` cycles).
    pub reflow: crate::document::Reflow,
    /// Code coloured so far (as it comes into view).
    pub colours: crate::document::highlight::DocColours,
    /// The passage being selected (`v`), if one is.
    pub selection: Option<Selection>,
}

/// How much of the open document is in: one answer in place of the
/// flags that once said it between them (`waiting`, `from_end`,
/// `pending_bottom`, `after_load`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// Its file is being read: `doc` is an empty page with its title.
    Waiting,
    /// `doc` is the start of a large file; the rest is being read.
    Preview,
    /// `doc` is the end of a large file read alone (`G` while it loads),
    /// and this many bytes of the file come before it.
    Tail { before: u64 },
    /// All of it.
    Whole,
}

impl Loading {
    /// Whether offsets into `doc` are offsets into the whole document (not
    /// so for its end read alone, nor for the empty waiting page).
    #[must_use]
    pub fn offsets_hold(self) -> bool {
        matches!(self, Self::Preview | Self::Whole)
    }
}

/// What to do once a document being read is in (a jump into a document
/// the library lists but does not hold, or its end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum AfterLoad {
    /// Show the end (`G` before the whole was in).
    Bottom,
    /// Show this offset at the top (Ctrl-O, Alt-Right).
    Offset(usize),
    /// Go to hit `hit` of the library search.
    Hit(usize),
    /// Go to a named place (a link `path#anchor`), as written.
    Anchor { anchor: String, written: String },
    /// Show a bookmark's passage.
    Bookmark(String),
}

impl Reader {
    pub(super) fn new(entry: usize, doc: Arc<Document>, width: usize) -> Self {
        Self {
            entry,
            doc,
            layout: Layout::new(width),
            top: Pos::default(),
            hscroll: 0,
            loading: Loading::Whole,
            then: None,
            reflow: crate::document::reflow(),
            colours: crate::document::highlight::DocColours::default(),
            selection: None,
        }
    }

    /// `v`: a selection of the first character shown, or of the current
    /// match when it is on screen (where the eye is after a search).
    pub(super) fn start_selection(&mut self, current_match: Option<usize>, height: usize) {
        let top = self.layout.offset_of(&self.doc, self.top);
        let on_screen = current_match.filter(|&at| {
            self.layout
                .visible(&self.doc, self.top, height)
                .iter()
                .any(|(_, l)| l.range.start <= at && at < l.range.end)
        });
        let at = selection::settle(&self.doc, &self.layout, on_screen.unwrap_or(top));
        self.selection = Some(Selection::at(at));
    }

    /// Moves the selection's moving end, the view following it.
    pub(super) fn move_cursor(&mut self, motion: Motion, times: usize, height: usize) {
        let Some(sel) = &mut self.selection else { return };
        sel.cursor = selection::moved(&self.doc, &self.layout, sel.cursor, motion, times);
        let cursor = sel.cursor;
        self.follow(cursor, height);
    }

    /// The moving end of the selection goes to `offset` (a match).
    pub(super) fn cursor_to(&mut self, offset: usize, height: usize) {
        let Some(sel) = &mut self.selection else { return };
        sel.cursor = selection::settle(&self.doc, &self.layout, offset);
        let cursor = sel.cursor;
        self.follow(cursor, height);
    }

    /// `o`: the other end moves now.
    pub(super) fn swap_ends(&mut self, height: usize) {
        let Some(sel) = &mut self.selection else { return };
        sel.swap();
        let cursor = sel.cursor;
        self.follow(cursor, height);
    }

    /// Scrolls the least needed to show the line holding `offset`.
    fn follow(&mut self, offset: usize, height: usize) {
        self.layout.reveal(&self.doc, offset);
        let pos = self.layout.pos_of_offset(&self.doc, offset);
        let bottom = self.layout.down(&self.doc, self.top, height.saturating_sub(1));
        if pos < self.top {
            self.top = pos;
        } else if pos > bottom {
            self.top =
                self.layout.up(&self.doc, pos, height.saturating_sub(1)).min(self.last_top(height).max(self.top));
        }
    }

    /// The offset of the character in the cell (`column`, `row`) of the
    /// screen, the text being drawn in `body`.
    pub(super) fn offset_at_cell(&self, body: Rect, column: u16, row: u16) -> Option<usize> {
        if !body.contains(column, row) {
            return None;
        }
        let (r, c) = (usize::from(row - body.y), usize::from(column - body.x));
        selection::offset_at(&self.doc, &self.layout, self.top, r, c)
    }

    /// The mouse dragged from `from` to the cell `at`: the selection
    /// reaches the character under it; past the top or bottom edge of
    /// `body` the text scrolls a line. False if no character is there.
    pub(super) fn drag_to(&mut self, from: usize, body: Rect, (column, row): (u16, u16), height: usize) -> bool {
        if body.height == 0 {
            return false;
        }
        if row < body.y {
            self.scroll_up(1);
        } else if row >= body.bottom() {
            self.scroll_down(1, height);
        }
        let r = usize::from(row.clamp(body.y, body.bottom() - 1) - body.y);
        let c = usize::from(column.saturating_sub(body.x));
        let Some(at) = selection::offset_at(&self.doc, &self.layout, self.top, r, c) else { return false };
        self.selection = Some(Selection { anchor: from, cursor: at });
        true
    }

    /// `(` and `)`: code and tables wider than the `column` scroll sideways
    /// by half a column, as far as the widest such line on screen goes;
    /// what to say.
    pub(super) fn scroll_sideways(
        &mut self,
        right: bool,
        times: usize,
        height: usize,
        column: usize,
    ) -> Option<String> {
        let step = (column / 2).max(4).saturating_mul(times);
        let widest = self
            .layout
            .visible(&self.doc, self.top, height)
            .iter()
            .filter(|(b, _)| self.doc.blocks.get(*b).is_some_and(|b| b.kind.clips()))
            .map(|(b, l)| {
                let indent = self.doc.blocks.get(*b).map_or(0, |b| b.kind.indent());
                (crate::layout::preformatted_line_width(&self.doc.text, l.range.clone()) + indent)
                    .saturating_sub(column)
            })
            .max()
            .unwrap_or(0);
        let before = self.hscroll;
        self.hscroll = if right {
            // One step past the end shows that the end was reached.
            (self.hscroll + step).min(widest + 1).max(self.hscroll.min(widest + 1))
        } else {
            self.hscroll.saturating_sub(step)
        };
        if right && widest == 0 && before == 0 {
            Some("no code or table on screen is wider than the column".to_owned())
        } else if self.hscroll > 0 {
            Some(format!("code and tables scrolled {} columns", self.hscroll))
        } else {
            None
        }
    }

    /// `g`: the start; from the end of a file still loading read alone,
    /// back to what is `held` of its start.
    pub(super) fn go_to_start(&mut self, held: Option<&Arc<Document>>) {
        if let (Loading::Tail { .. }, Some(doc)) = (self.loading, held) {
            self.doc = Arc::clone(doc);
            self.loading = if doc.blocks.is_empty() { Loading::Waiting } else { Loading::Preview };
            self.layout = Layout::new(self.layout.width());
            self.colours = crate::document::highlight::DocColours::default();
            self.then = None;
        }
        self.top = Pos::default();
    }

    /// Shows `offset` (unfolded if it was folded) with a few lines above
    /// it for context (a search hit).
    pub(super) fn show_with_context(&mut self, offset: usize, height: usize) {
        self.layout.reveal(&self.doc, offset);
        let pos = self.layout.pos_of_offset(&self.doc, offset);
        let context = (height / 4).min(3);
        self.top = self.layout.up(&self.doc, pos, context).min(self.last_top(height));
    }

    /// Shows a search match: unfolded, scrolled into view a few lines
    /// below the top (so its context shows) unless it is on screen; while
    /// selecting, the selection reaches it.
    pub(super) fn show_match(&mut self, range: Range<usize>, height: usize) {
        self.layout.reveal(&self.doc, range.start);
        let visible = self.layout.visible(&self.doc, self.top, height);
        let on_screen = visible
            .iter()
            .any(|(_, l)| l.range.start <= range.start && range.start < l.range.end.max(l.range.start + 1));
        if !on_screen {
            self.show_with_context(range.start, height);
        }
        // While selecting, a match is where the selection reaches: its
        // last character (or its first, going back before the start).
        if let Some(sel) = self.selection {
            let to = if range.start < sel.anchor { range.start } else { range.end.saturating_sub(1) };
            self.cursor_to(to, height);
        }
    }

    /// The end of a file still loading, read alone (`before`: bytes of the
    /// file before it), shown at its end under the file's `title`.
    pub(super) fn show_end(&mut self, mut doc: Box<Document>, before: u64, title: &str, height: usize) {
        title.clone_into(&mut doc.title);
        self.doc = Arc::from(doc);
        self.loading = Loading::Tail { before };
        self.colours = crate::document::highlight::DocColours::default();
        self.layout = Layout::new(self.layout.width());
        self.top = self.last_top(height);
    }

    /// The text of the top line, to find it again in a changed file.
    pub(super) fn top_line_quote(&self) -> crate::bookmarks::Quote {
        let lines = self.layout.lines(&self.doc, self.top.block);
        let range = lines.get(self.top.line).map_or(0..0, |l| l.range.clone());
        crate::bookmarks::quote(&self.doc.text, range)
    }

    /// The file changed on disk: its new text in place, the line that was
    /// at the top (`top_line`) found again and put there; true if a
    /// selection had to be dropped (its text changed).
    pub(super) fn reload(
        &mut self,
        doc: Arc<Document>,
        top_line: Option<crate::bookmarks::Quote>,
        height: usize,
    ) -> bool {
        let had = self.selection.is_some();
        let kept = self.replace_doc(doc, height);
        if let Some(range) = top_line.and_then(|q| crate::bookmarks::anchor(&self.doc.text, &q).range()) {
            self.show_offset(range.start, height);
        }
        had && !kept
    }

    /// The bytes selected, if a selection is under way.
    #[must_use]
    pub fn selected(&self) -> Option<std::ops::Range<usize>> {
        self.selection.map(|s| s.range(&self.doc.text))
    }

    /// Colours the code on screen and a screenful beyond it.
    pub(super) fn colour_code(&mut self, height: usize) {
        if self.doc.code_langs.is_empty() {
            return;
        }
        for (block, line) in self.layout.visible(&self.doc, self.top, height * 2) {
            self.colours.show(&self.doc, block, line.range.end);
        }
    }

    /// The position of the first line of the last screenful.
    #[must_use]
    pub fn last_top(&self, height: usize) -> Pos {
        self.layout.last_top(&self.doc, height)
    }

    pub(super) fn scroll_down(&mut self, lines: usize, height: usize) {
        let next = self.layout.down(&self.doc, self.top, lines);
        self.top = next.min(self.last_top(height).max(self.top));
    }

    /// Scrolls `lines` down or up.
    pub(super) fn scroll(&mut self, lines: usize, down: bool, height: usize) {
        if down {
            self.scroll_down(lines, height);
        } else {
            self.scroll_up(lines);
        }
    }

    pub(super) fn scroll_up(&mut self, lines: usize) {
        self.top = self.layout.up(&self.doc, self.top, lines);
    }

    /// How far through the document the view is, in percent.
    #[must_use]
    pub fn percent(&self, height: usize) -> usize {
        if self.doc.blocks.is_empty() || self.top >= self.last_top(height) {
            return 100;
        }
        if let Loading::Tail { before } = self.loading {
            // The end of a file alone: counted in the file's bytes.
            let before = usize::try_from(before).unwrap_or(usize::MAX);
            let at = before.saturating_add(self.layout.offset_of(&self.doc, self.top));
            return (at.saturating_mul(100) / before.saturating_add(self.doc.text.len()).max(1)).min(99);
        }
        let start = self.doc.body_start();
        let span = self.doc.body_len().saturating_sub(start).max(1);
        let at = self.layout.offset_of(&self.doc, self.top).saturating_sub(start);
        (at * 100 / span).min(99)
    }

    /// Puts the whole document in place of its preview (of its start or of
    /// its end), keeping the view on the same passage; it is then
    /// [`Loading::Whole`].
    /// A selection is found again by its text; false if it had to be
    /// dropped (its text changed).
    pub(super) fn replace_doc(&mut self, doc: Arc<Document>, height: usize) -> bool {
        let selected = self.selection.map(|s| {
            let range = s.range(&self.doc.text);
            let quote = crate::bookmarks::quote_up_to(&self.doc.text, range.clone(), usize::MAX);
            (quote, s.cursor >= s.anchor)
        });
        let mut anchor = Some(self.layout.offset_of(&self.doc, self.top));
        if let Loading::Tail { .. } = std::mem::replace(&mut self.loading, Loading::Whole) {
            // The end was parsed alone; it is where it was if the whole
            // text ends with it (not if the file changed meanwhile, or was
            // decoded otherwise), and the view goes to the end if not.
            anchor = doc
                .text
                .ends_with(&*self.doc.text)
                .then(|| anchor.map(|a| doc.text.len() - self.doc.text.len() + a))
                .flatten();
        }
        self.doc = doc;
        self.layout = Layout::new(self.layout.width());
        self.colours = crate::document::highlight::DocColours::default();
        self.top = match anchor {
            Some(anchor) => self.layout.pos_of_offset(&self.doc, anchor),
            None => self.last_top(height),
        };
        let Some((quote, forward)) = selected else { return true };
        self.selection = match crate::bookmarks::anchor(&self.doc.text, &quote) {
            crate::bookmarks::Anchor::Exact(r) | crate::bookmarks::Anchor::Moved(r)
                if self.doc.text.get(r.clone()) == Some(quote.exact.as_str()) && !r.is_empty() =>
            {
                let last = selection::settle(&self.doc, &self.layout, r.end - 1);
                let first = selection::settle(&self.doc, &self.layout, r.start);
                Some(if forward {
                    Selection { anchor: first, cursor: last }
                } else {
                    Selection { anchor: last, cursor: first }
                })
            }
            _ => None,
        };
        self.selection.is_some()
    }

    /// The same text laid out with another reflow setting, the line at the
    /// top kept at the top.
    pub(super) fn relayout(&mut self, doc: Document) {
        let anchor = self.layout.offset_of(&self.doc, self.top);
        self.doc = Arc::new(doc);
        self.layout = Layout::new(self.layout.width());
        self.colours = crate::document::highlight::DocColours::default();
        self.top = self.layout.pos_of_offset(&self.doc, anchor);
        self.hscroll = 0;
        // The same text in other blocks: the ends stay, on a character.
        if let Some(sel) = &mut self.selection {
            sel.anchor = selection::settle(&self.doc, &self.layout, sel.anchor);
            sel.cursor = selection::settle(&self.doc, &self.layout, sel.cursor);
        }
    }

    pub(super) fn rewrap(&mut self, width: usize) {
        if width == self.layout.width() {
            return;
        }
        let anchor = self.layout.offset_of(&self.doc, self.top);
        self.layout = self.layout.resized(width);
        self.top = self.layout.pos_of_offset(&self.doc, anchor);
    }
}
