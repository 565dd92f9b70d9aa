//! The open document: its layout, where the view is, and the colours of
//! its code.

use std::sync::Arc;

use crate::document::Document;
use crate::layout::{Layout, Pos};

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
        }
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
    pub(super) fn replace_doc(&mut self, doc: Arc<Document>, height: usize) {
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
    }

    /// Re-wraps for a new column width, keeping the top line's passage at
    /// the top.
    /// The same text laid out with another reflow setting, the line at the
    /// top kept at the top.
    pub(super) fn relayout(&mut self, doc: Document) {
        let anchor = self.layout.offset_of(&self.doc, self.top);
        self.doc = Arc::new(doc);
        self.layout = Layout::new(self.layout.width());
        self.colours = crate::document::highlight::DocColours::default();
        self.top = self.layout.pos_of_offset(&self.doc, anchor);
        self.hscroll = 0;
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
