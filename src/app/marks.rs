//! Bookmarks and reading positions, as part of [`App`].
//!
//! Changes are made here in memory at once (the margin marker shows before
//! the disk is touched) and handed to the runner as [`Effect::CommitBookmarks`];
//! the runner reports back through [`App::bookmarks_committed`], with the
//! file's merged contents or the error. A change that could not be written
//! stays queued and goes out with the next one.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::{App, Effect, Focus, Overlay, Prompt, Purpose};
use crate::action::Action;
use crate::bookmarks::{self, Anchor, Bookmark, BookmarkError, Change, Committed, DocRef};
use crate::layout::LineKind;
use crate::positions::Position;

/// How long a passage opened from the bookmarks pane stays highlighted.
pub const FLASH: Duration = Duration::from_millis(1500);
/// Bytes kept on each side of a match when its sentence is bookmarked.
const PASSAGE_AROUND_MATCH: usize = 280;

/// What folio knows of the bookmark file.
#[derive(Debug, Default)]
pub struct Marks {
    /// Every bookmark, as the file held it after the last write, plus any
    /// change not yet written.
    pub list: Vec<Bookmark>,
    /// Why the file must not be written (it is damaged), if so.
    pub read_only: Option<String>,
    /// Changes that could not be written yet.
    pending: Vec<Change>,
    last_deleted: Option<Bookmark>,
    /// Anchored bookmarks of the open document: range and id, by offset.
    pub open: Vec<(Range<usize>, String)>,
    /// The open document's highlighted passages, sorted and merged where
    /// they overlap, for drawing.
    pub highlights: Vec<Range<usize>>,
    /// The mark `]` or `[` went to last (entry, its start) and the view it
    /// left: near the end, where the view cannot scroll a passage to the
    /// top, the next step goes on from the mark, not from the view.
    stepped: Option<(usize, usize, crate::layout::Pos)>,
}

impl Marks {
    /// Starts from what was read at start-up.
    #[must_use]
    pub fn loaded(result: Result<Vec<Bookmark>, BookmarkError>) -> (Self, Option<String>) {
        match result {
            Ok(list) => (Self { list, ..Self::default() }, None),
            Err(err) => {
                let message = format!("bookmarks are read-only this session: {err}");
                (Self { read_only: Some(err.to_string()), ..Self::default() }, Some(message))
            }
        }
    }
}

/// A passage highlighted for a moment.
#[derive(Debug, Clone)]
pub struct Flash {
    pub entry: usize,
    pub range: Range<usize>,
    pub until: Instant,
}

/// One row of the bookmarks pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaneRow {
    /// A document heading, with its bookmark count.
    Document { title: String, document: String, count: usize },
    /// A bookmark or a highlight: its id, excerpt, note, date, whether its
    /// passage was found, and where it is (chapter, percent) when known.
    Bookmark {
        id: String,
        excerpt: String,
        note: String,
        date: String,
        state: PassageState,
        place: String,
        highlight: bool,
    },
}

/// Whether a bookmark's passage is where it can be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageState {
    Found,
    NotFound,
    /// Its document is not in the library that is open.
    NoDocument,
    /// Its document changed since, and its text is not held: looked for
    /// when the document is opened.
    Unchecked,
}

impl App {
    /// The identity of entry `index` for bookmarks.
    fn doc_ref(&self, index: usize) -> Option<DocRef> {
        let entry = self.library.get(index)?;
        // A large document's hash may still be on its way from the loader:
        // made here then, once (a bookmark made in the first moment).
        let hash = match (&entry.doc, entry.hash.is_empty()) {
            (Some(doc), true) => crate::document::content_hash(&doc.text),
            _ => entry.hash.clone(),
        };
        Some(DocRef { document: entry.origin.key(), hash, title: entry.meta.title.clone() })
    }

    /// Which entry a bookmark belongs to: by its document key, or (for a
    /// moved file) by its content hash.
    fn entry_of(&self, doc: &DocRef) -> Option<usize> {
        self.library.of_doc(doc)
    }

    /// Re-anchors the bookmarks of the open document.
    pub(super) fn anchor_open_marks(&mut self) {
        let Some(entry) = self.reader.as_ref().map(|r| r.entry) else {
            self.marks.open.clear();
            self.marks.highlights.clear();
            return;
        };
        let key = self.library.get(entry).map(|e| e.origin.key()).unwrap_or_default();
        let hash = self.library.get(entry).map(|e| e.hash.clone()).filter(|h| !h.is_empty()).unwrap_or_default();
        let candidates: Vec<Bookmark> = self
            .marks
            .list
            .iter()
            .filter(|b| b.doc.document == key || !self.library.has_key(&b.doc.document))
            .cloned()
            .collect();
        let mut open = Vec::new();
        let mut highlights = Vec::new();
        for b in candidates {
            let mine = b.doc.document == key || hash == b.doc.hash;
            if !mine {
                continue;
            }
            let Some(reader) = &self.reader else { break };
            if let Some(range) = bookmarks::anchor(&reader.doc.text, &b.quote).range() {
                if b.highlight {
                    highlights.push(range.clone());
                }
                open.push((range, b.id.clone()));
            }
        }
        open.sort_by_key(|(r, _)| r.start);
        self.marks.open = open;
        highlights.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(highlights.len());
        for r in highlights {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        self.marks.highlights = merged;
    }

    /// `m`: starts a bookmark on the sentence of the current match, or the
    /// top line, and asks
    /// for its note.
    pub(super) fn bookmark_add(&mut self) {
        if self.reading_partial() {
            self.status = Some("still loading: bookmark once the whole document is in".to_owned());
            return;
        }
        let Some(reader) = &self.reader else {
            self.status = Some("open a document to bookmark it".to_owned());
            return;
        };
        let current_match = self
            .search
            .as_ref()
            .filter(|s| s.entry == reader.entry)
            .and_then(|s| s.current.and_then(|i| s.matches.get(i).cloned()))
            // A match is kept with the sentence around it: the word alone
            // says little when the bookmark is read later.
            .map(|m| {
                let block = reader.doc.blocks.get(reader.doc.block_at(m.start)).map_or(m.clone(), |b| b.range.clone());
                crate::document::sentence_around(&reader.doc.text, block, m, PASSAGE_AROUND_MATCH)
            });
        let range = current_match.or_else(|| {
            let height = self.body_height();
            reader
                .layout
                .visible(&reader.doc, reader.top, height)
                .into_iter()
                .find(|(_, l)| l.kind != LineKind::Gap)
                .map(|(_, l)| l.range)
        });
        let Some(range) = range.filter(|r| !r.is_empty()) else {
            self.status = Some("nothing to bookmark here".to_owned());
            return;
        };
        let quote = bookmarks::quote(&reader.doc.text, range);
        let entry = reader.entry;
        let Some(doc) = self.doc_ref(entry) else { return };
        let bookmark = Bookmark {
            id: bookmarks::new_id(),
            created: bookmarks::now(),
            doc,
            note: String::new(),
            quote,
            highlight: false,
        };
        self.focus = Focus::Reader;
        self.prompt = Some(Prompt::new(Purpose::Note { bookmark: Box::new(bookmark), editing: false }));
    }

    /// `m` while selecting: the selected passage, exactly, as a highlight
    /// (a bookmark drawn in the text), asking for its note.
    pub(super) fn highlight_selection(&mut self) {
        let Some(reader) = self.reader.as_mut() else { return };
        let Some(range) = reader.selected() else { return };
        if range.len() > bookmarks::MAX_HIGHLIGHT {
            self.status = Some(format!(
                "too long to highlight ({} KiB; at most {} KiB): select less, or bookmark it with m outside a selection",
                range.len() >> 10,
                bookmarks::MAX_HIGHLIGHT >> 10
            ));
            return;
        }
        let quote = bookmarks::quote_up_to(&reader.doc.text, range, bookmarks::MAX_HIGHLIGHT);
        reader.selection = None;
        let entry = reader.entry;
        let Some(doc) = self.doc_ref(entry) else { return };
        let bookmark = Bookmark {
            id: bookmarks::new_id(),
            created: bookmarks::now(),
            doc,
            note: String::new(),
            quote,
            highlight: true,
        };
        self.prompt = Some(Prompt::new(Purpose::Note { bookmark: Box::new(bookmark), editing: false }));
    }

    /// Enter in the note prompt: keeps the bookmark (or the edited note).
    pub(super) fn accept_note(&mut self, mut bookmark: Bookmark, editing: bool, note: String) {
        bookmark.note = note;
        let change = if editing {
            Change::SetNote { id: bookmark.id.clone(), note: bookmark.note.clone() }
        } else {
            Change::Add(bookmark)
        };
        self.change_bookmarks(change);
    }

    /// Applies a change in memory and queues it for the file.
    fn change_bookmarks(&mut self, change: Change) {
        let adding = matches!(change, Change::Add(_));
        if let Some(reason) = &self.marks.read_only
            && !adding
        {
            self.status = Some(format!("bookmarks are read-only this session: {reason}"));
            return;
        }
        bookmarks::apply(&mut self.marks.list, std::slice::from_ref(&change));
        self.pane = None;
        self.marks.pending.push(change);
        self.effects.push(Effect::CommitBookmarks {
            changes: self.marks.pending.clone(),
            replace_damaged: self.marks.read_only.is_some() && adding,
        });
        self.anchor_open_marks();
    }

    /// What the runner reports after writing the bookmark file.
    pub(super) fn bookmarks_committed(
        &mut self,
        path: &std::path::Path,
        sent: &[Change],
        result: Result<Committed, BookmarkError>,
    ) {
        match result {
            Ok(committed) => {
                // Keep changes queued after this write was handed out.
                self.marks.pending.retain(|c| !sent.contains(c));
                let mut list = committed.bookmarks;
                bookmarks::apply(&mut list, &self.marks.pending);
                self.marks.list = list;
                self.pane = None;
                let damaged = self.marks.read_only.take();
                self.status = Some(match (committed.set_aside, damaged) {
                    (Some(aside), Some(reason)) => {
                        let message = format!(
                            "{} was damaged ({reason}); kept it as {} and saved a new file with your bookmark",
                            path.display(),
                            aside.display()
                        );
                        // The status line is cut on narrow screens; the
                        // log (L) keeps the whole path.
                        self.log.push(message.clone());
                        message
                    }
                    _ => {
                        let n = self.marks.list.len();
                        let saved =
                            format!("saved; {n} bookmark{} in {}", if n == 1 { "" } else { "s" }, path.display());
                        // A deletion written: the way back is still said
                        // (the write's answer came after the hint and hid it).
                        match (sent, &self.marks.last_deleted) {
                            ([Change::Delete(id)], Some(deleted)) if *id == deleted.id => {
                                let key = self.keymap.hint(crate::keymap::Scope::Bookmarks, Action::Undo);
                                format!("bookmark deleted, press {key} to undo; {saved}")
                            }
                            _ => saved,
                        }
                    }
                });
            }
            Err(err @ BookmarkError::Damaged { .. }) | Err(err @ BookmarkError::TooNew { .. }) => {
                self.marks.read_only = Some(err.to_string());
                self.status =
                    Some(format!("not saved: {err}; the file is left as it is and your change is kept in memory"));
            }
            Err(err) => {
                let message = format!("could not save bookmarks: {err}; the change is kept in memory");
                self.log.push(message.clone());
                self.status = Some(message);
            }
        }
        self.anchor_open_marks();
    }

    /// Bookmark changes not written yet (a full disk, a read-only file):
    /// what quitting must not drop.
    #[must_use]
    pub fn unsaved_bookmarks(&self) -> &[Change] {
        &self.marks.pending
    }

    /// `]` / `[`: the next or previous bookmark of the open document.
    pub(super) fn bookmark_step(&mut self, forward: bool) {
        let height = self.body_height();
        let Some(reader) = &mut self.reader else { return };
        if self.marks.open.is_empty() {
            let key = self.keymap.hint(crate::keymap::Scope::Normal, Action::BookmarkAdd);
            self.status = Some(format!("no bookmarks in this document; press {key} to add one"));
            return;
        }
        let mut top = reader.layout.offset_of(&reader.doc, reader.top);
        let lines = reader.layout.lines(&reader.doc, reader.top.block);
        let mut top_end = lines.get(reader.top.line).map_or(top, |l| l.range.end.max(top + 1));
        if let Some((entry, start, view)) = self.marks.stepped
            && entry == reader.entry
            && view == reader.top
        {
            (top, top_end) = (start, start + 1);
        }
        let marks = &self.marks.open;
        let (index, note) = if forward {
            match marks.iter().position(|(r, _)| r.start >= top_end) {
                Some(i) => (i, None),
                None => (0, Some("wrapped to the first bookmark")),
            }
        } else {
            match marks.iter().rposition(|(r, _)| r.start < top) {
                Some(i) => (i, None),
                None => (marks.len() - 1, Some("wrapped to the last bookmark")),
            }
        };
        let (start, id) = (marks[index].0.start, &marks[index].1);
        reader.layout.reveal(&reader.doc, start);
        let pos = reader.layout.pos_of_offset(&reader.doc, start);
        reader.top = pos.min(reader.last_top(height));
        self.marks.stepped = Some((reader.entry, start, reader.top));
        // Its note is read on the way (a highlight's, a bookmark's).
        let mark = self.marks.list.iter().find(|b| &b.id == id);
        let kind = if mark.is_some_and(|b| b.highlight) { "highlight" } else { "bookmark" };
        let said = mark.map(|b| b.note.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|n| !n.is_empty());
        let mut status = format!("{kind} {}/{}", index + 1, marks.len());
        if let Some(n) = note {
            status.push_str(&format!(" ({n})"));
        }
        if let Some(said) = said {
            status.push_str(&format!(": {said}"));
        }
        self.status = Some(status);
    }

    /// The rows of the bookmarks pane, as last made (see
    /// [`Self::refresh_pane`]); empty when the pane is closed.
    #[must_use]
    pub fn pane_rows(&self) -> &[PaneRow] {
        self.pane.as_ref().map_or(&[], |(_, rows)| rows.as_slice())
    }

    /// Makes the pane's rows again if the pane is open and they are out of
    /// date (bookmarks, entries or the filter changed): every bookmark is
    /// anchored in its document here, once, not each time the pane draws.
    pub(super) fn refresh_pane(&mut self) {
        let Overlay::Bookmarks { filter, .. } = &self.overlay else {
            self.pane = None;
            return;
        };
        if self.pane.as_ref().is_some_and(|(f, _)| f == filter) {
            return;
        }
        let filter = filter.clone();
        let rows = self.make_pane_rows(&filter);
        self.pane = Some((filter, rows));
    }

    /// The rows of the bookmarks pane, filtered by `filter` (case-insensitive,
    /// over excerpt, note and title).
    fn make_pane_rows(&self, filter: &str) -> Vec<PaneRow> {
        let needle = filter.to_lowercase();
        let mut rows = Vec::new();
        for (doc, group) in bookmarks::grouped(&self.marks.list) {
            let keep: Vec<_> = group
                .into_iter()
                .filter(|b| {
                    needle.is_empty()
                        || [&b.quote.exact, &b.note, &b.doc.title, &b.doc.document]
                            .iter()
                            .any(|t| t.to_lowercase().contains(&needle))
                })
                .collect();
            if keep.is_empty() {
                continue;
            }
            let entry = self.entry_of(&doc);
            rows.push(PaneRow::Document {
                title: doc.title.clone(),
                document: doc.document.clone(),
                count: keep.len(),
            });
            // The document's text, when it is held: passages are placed in
            // it (chapter, percent) and listed in reading order.
            let text = entry.and_then(|i| {
                let open = self.reader.as_ref().filter(|r| r.entry == i && !self.library.partial(i)).map(|r| &r.doc);
                open.or(self.library.entries()[i].doc.as_ref().filter(|_| !self.library.partial(i)))
            });
            let mut placed: Vec<(usize, Option<Anchor>, &Bookmark)> = keep
                .into_iter()
                .map(|b| {
                    let anchored = text.map(|d| bookmarks::anchor(&d.text, &b.quote));
                    let at = anchored.as_ref().and_then(Anchor::range).map_or(b.quote.offset, |r| r.start);
                    (at, anchored, b)
                })
                .collect();
            placed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.created.cmp(&b.2.created)));
            for (at, anchored, b) in placed {
                let state = match (entry, &anchored) {
                    (None, _) => PassageState::NoDocument,
                    (Some(_), Some(Anchor::NotFound)) => PassageState::NotFound,
                    (Some(_), Some(_)) => PassageState::Found,
                    // The very text the passage was taken from.
                    (Some(i), None) if self.library.entries()[i].hash == b.doc.hash => PassageState::Found,
                    (Some(_), None) => PassageState::Unchecked,
                };
                let place = match (text, state) {
                    (Some(d), PassageState::Found) => {
                        let section = d.section_at(d.block_at(at)).and_then(|i| d.outline.get(i));
                        let percent = at.saturating_sub(d.body_start()) * 100 / d.body_len().max(1);
                        match section {
                            Some(s) => format!("{} · {}%", s.title, percent.min(100)),
                            None => format!("{}%", percent.min(100)),
                        }
                    }
                    _ => String::new(),
                };
                rows.push(PaneRow::Bookmark {
                    id: b.id.clone(),
                    excerpt: b.quote.exact.split_whitespace().collect::<Vec<_>>().join(" "),
                    note: b.note.clone(),
                    date: bookmarks::shown_date(&b.created, true),
                    state,
                    place,
                    highlight: b.highlight,
                });
            }
        }
        rows
    }

    /// Ids of the bookmarks the pane shows, in order.
    /// How many bookmarks the pane shows (its rows less the document
    /// headings), counted without copying their ids.
    pub(super) fn pane_len(&mut self) -> usize {
        self.refresh_pane();
        self.pane_rows().iter().filter(|r| matches!(r, PaneRow::Bookmark { .. })).count()
    }

    pub(super) fn pane_ids(&mut self) -> Vec<String> {
        self.refresh_pane();
        self.pane_rows()
            .iter()
            .filter_map(|r| match r {
                PaneRow::Bookmark { id, .. } => Some(id.clone()),
                PaneRow::Document { .. } => None,
            })
            .collect()
    }

    pub(super) fn open_pane(&mut self) {
        self.overlay = Overlay::Bookmarks { selected: 0, filter: String::new() };
        if self.marks.list.is_empty() {
            let key = self.keymap.hint(crate::keymap::Scope::Normal, Action::BookmarkAdd);
            self.status = Some(format!("no bookmarks yet: press {key} in a document to add one"));
        }
    }

    /// `e` in the bookmarks pane: the note of the bookmark on `row`,
    /// edited in the prompt.
    pub(super) fn edit_note(&mut self, row: usize) {
        let ids = self.pane_ids();
        let Some(b) = ids.get(row).and_then(|id| self.marks.list.iter().find(|b| &b.id == id)).cloned() else {
            return;
        };
        let note = b.note.clone();
        self.prompt = Some(Prompt::with_text(Purpose::Note { bookmark: Box::new(b), editing: true }, &note));
    }

    /// `d` in the bookmarks pane: deletes the bookmark on `row`, which `u`
    /// brings back.
    pub(super) fn delete_bookmark(&mut self, row: usize) {
        let ids = self.pane_ids();
        let Some(b) = ids.get(row).and_then(|id| self.marks.list.iter().find(|b| &b.id == id)).cloned() else {
            return;
        };
        if self.marks.read_only.is_some() {
            // Refused with the reason; nothing to undo.
            self.change_bookmarks(Change::Delete(b.id));
            return;
        }
        self.change_bookmarks(Change::Delete(b.id.clone()));
        self.marks.last_deleted = Some(b);
        let key = self.keymap.hint(crate::keymap::Scope::Bookmarks, Action::Undo);
        self.status = Some(format!("bookmark deleted; press {key} to undo"));
    }

    /// `u` in the bookmarks pane: the bookmark deleted last comes back.
    pub(super) fn undo_delete(&mut self) {
        match self.marks.last_deleted.take() {
            Some(b) => {
                self.change_bookmarks(Change::Add(b));
                self.status = Some("deletion undone".to_owned());
            }
            None => self.status = Some("nothing to undo".to_owned()),
        }
    }

    /// Opens a bookmark's document with the passage at the top, highlighted
    /// for a moment.
    pub(super) fn open_bookmark(&mut self, id: &str) {
        let Some(b) = self.marks.list.iter().find(|b| b.id == id).cloned() else { return };
        let Some(entry) = self.entry_of(&b.doc) else {
            self.status = Some(format!("{} is not in the library that is open", b.doc.document));
            return;
        };
        self.overlay = Overlay::None;
        self.remember_jump();
        self.open(entry);
        self.focus = Focus::Reader;
        if self.wait_for(entry, super::AfterLoad::Bookmark(id.to_owned())) {
            return;
        }
        let height = self.body_height();
        let Some(reader) = &mut self.reader else { return };
        match bookmarks::anchor(&reader.doc.text, &b.quote).range() {
            Some(range) => {
                reader.layout.reveal(&reader.doc, range.start);
                let pos = reader.layout.pos_of_offset(&reader.doc, range.start);
                reader.top = pos.min(reader.last_top(height));
                self.flash = Some(Flash { entry, range, until: self.clock + FLASH });
            }
            None => {
                self.status = Some("the passage was not found in the current text".to_owned());
            }
        }
    }

    /// Remembers where the open document is, for the next time it opens.
    pub(super) fn record_position(&mut self) {
        self.record_position_as(false);
    }

    /// As [`Self::record_position`]; `last_read` stamps the time even when
    /// the place did not change, so the document open at quit is the one
    /// the next start reopens.
    pub(super) fn record_position_as(&mut self, last_read: bool) {
        let height = self.body_height();
        let Some(reader) = &self.reader else { return };
        let Some(entry) = self.library.get(reader.entry) else { return };
        if entry.partial || reader.doc.blocks.is_empty() {
            return;
        }
        let offset = reader.layout.offset_of(&reader.doc, reader.top);
        let percent = u8::try_from(reader.percent(height)).unwrap_or(100);
        let key = entry.origin.position_key();
        let known = self.positions.get(&key);
        let archived = known.is_some_and(|p| p.archived);
        let position = Position { offset, percent, updated: bookmarks::now(), hash: entry.hash.clone(), archived };
        if !last_read && known.is_some_and(|p| p.offset == offset) {
            return;
        }
        if known.is_none() {
            // Read for the first time: one unread fewer.
            self.view.unread = self.view.unread.saturating_sub(1);
        }
        self.positions.insert(key.clone(), position.clone());
        self.effects.push(Effect::SavePositions(std::iter::once((key, position)).collect()));
    }

    /// After start-up state is loaded: the document read last (the newest
    /// reading position) where it was left, or the first document; with
    /// its bookmarks anchored. A document of a library still loading is
    /// opened when it arrives, unless the user has moved on by then.
    pub(super) fn restore_open_position(&mut self) {
        self.resume = self.positions.iter().max_by(|a, b| a.1.updated.cmp(&b.1.updated)).map(|(k, _)| k.clone());
        if !self.resume_if_here() {
            self.restore_position();
            self.anchor_open_marks();
        }
    }

    /// Opens the document to resume if it is in the library now; true if
    /// it was.
    pub(super) fn resume_if_here(&mut self) -> bool {
        let Some(key) = &self.resume else { return false };
        // A map lookup: this runs as each document of a large library arrives.
        let Some(index) = self.library.by_key(key) else { return false };
        if self.library.get(index).is_none_or(|e| e.partial) {
            return false;
        }
        self.resume = None;
        if self.reader.as_ref().is_none_or(|r| r.entry != index) {
            self.open(index);
        } else {
            self.restore_position();
            self.anchor_open_marks();
        }
        true
    }

    /// Puts a newly opened document where it was left: the line that
    /// started there at the top, or the end when it was left at the end.
    /// Kept (as [`Self::restored`]) until the user moves, so the real size
    /// of the terminal, known only once the screen is up, puts the same
    /// lines on screen again rather than the line above them.
    pub(super) fn restore_position(&mut self) {
        let Some(index) = self.reader.as_ref().map(|r| r.entry) else { return };
        let found = self.shelf().position_of(index, true).map(|p| (p.offset, p.percent >= 100));
        self.restored = found;
        self.apply_restored();
    }

    /// Shows the restored position (see [`Self::restore_position`]) at the
    /// layout of now.
    pub(super) fn apply_restored(&mut self) {
        let height = self.body_height();
        let Some((offset, at_end)) = self.restored else { return };
        let Some(reader) = &mut self.reader else { return };
        let last = reader.last_top(height);
        reader.top = if at_end {
            last
        } else {
            reader.layout.pos_at_or_after(&reader.doc, offset.min(reader.doc.text.len())).min(last)
        };
    }

    /// Ranges of the open document to draw as bookmarked (for the margin).
    #[must_use]
    pub fn marks_in(&self, range: Range<usize>) -> bool {
        let marks = &self.marks.open;
        let first = marks.partition_point(|(r, _)| r.start < range.start);
        marks.get(first).is_some_and(|(r, _)| r.start < range.end.max(range.start + 1))
    }

    /// The open document's highlighted passages that reach into `range`.
    #[must_use]
    pub fn highlights_in(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let marks = &self.marks.highlights;
        let first = marks.partition_point(|r| r.end <= range.start);
        marks[first..].iter().take_while(|r| r.start < range.end.max(range.start + 1)).cloned().collect()
    }

    /// The highlighted passage, if one is showing.
    #[must_use]
    pub fn flash_in(&self, entry: usize) -> Option<Range<usize>> {
        self.flash.as_ref().filter(|f| f.entry == entry && f.until > self.clock).map(|f| f.range.clone())
    }
}

/// For each line the bookmarks pane draws, the bookmark (by its position
/// among the pane's bookmarks) it belongs to: a heading, then one or two
/// lines per bookmark (the second for a note or a missing passage), a blank
/// line between documents. The pane draws exactly these lines.
#[must_use]
pub fn pane_line_targets(rows: &[PaneRow]) -> Vec<Option<usize>> {
    let mut lines = Vec::new();
    let mut index = 0;
    for row in rows {
        match row {
            PaneRow::Document { .. } => {
                if !lines.is_empty() {
                    lines.push(None);
                }
                lines.push(None);
            }
            PaneRow::Bookmark { note, state, .. } => {
                lines.push(Some(index));
                if !note.is_empty() || *state != PassageState::Found {
                    lines.push(Some(index));
                }
                index += 1;
            }
        }
    }
    lines
}

/// The first line the pane shows when `selected` is chosen and `height`
/// lines fit.
#[must_use]
pub fn pane_scroll(targets: &[Option<usize>], selected: usize, height: usize) -> usize {
    let line = targets.iter().position(|t| *t == Some(selected)).unwrap_or(0);
    line.saturating_sub(height.saturating_sub(3))
}

impl App {
    /// A click in the bookmarks pane selects the bookmark under it (a second
    /// click on it opens it).
    pub(super) fn pane_click(&mut self, row: u16) {
        let Overlay::Bookmarks { selected, filter } = &self.overlay else { return };
        let (selected, filter) = (*selected, filter.clone());
        self.refresh_pane();
        let targets = pane_line_targets(self.pane_rows());
        // The pane has a border: its lines start one row down.
        let height = usize::from(self.size.1.saturating_sub(3));
        let line = usize::from(row.saturating_sub(1)) + pane_scroll(&targets, selected, height);
        if let Some(Some(index)) = targets.get(line) {
            if *index == selected {
                if let Some(id) = self.pane_ids().get(selected).cloned() {
                    self.open_bookmark(&id);
                }
            } else {
                self.overlay = Overlay::Bookmarks { selected: *index, filter };
            }
        }
    }
}
