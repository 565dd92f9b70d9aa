//! Bookmarks and highlights: the part that owns them.
//!
//! Changes are made here in memory at once (the margin marker shows before
//! the disk is touched) and handed to the runner as [`Effect::CommitBookmarks`];
//! the runner reports back through [`Marks::committed`], with the
//! file's merged contents or the error. A change that could not be written
//! stays queued and goes out with the next one.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::outcome::Outcome;
use super::overlay::Asked;
use super::{Answer, Effect, Library, Overlay, Prompt, Purpose, Reader};
use crate::action::Action;
use crate::bookmarks::{self, Anchor, Bookmark, BookmarkError, Change, Committed, DocRef};
use crate::keymap::{Keymap, Scope};
use crate::layout::LineKind;

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
    /// The bookmarks pane's rows for a filter, anchored once when the pane
    /// opens or something it shows changes, never while drawing.
    pane: Option<(String, Vec<PaneRow>)>,
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

/// The identity of entry `index` of the `library` for bookmarks.
fn doc_ref(library: &Library, index: usize) -> Option<DocRef> {
    let entry = library.get(index)?;
    // A large document's hash may still be on its way from the loader:
    // made here then, once (a bookmark made in the first moment).
    let hash = match (&entry.doc, entry.hash.is_empty()) {
        (Some(doc), true) => crate::document::content_hash(&doc.text),
        _ => entry.hash.clone(),
    };
    Some(DocRef { document: entry.origin.key(), hash, title: entry.meta.title.clone() })
}

/// What the bookmarks pane needs of the rest of the app.
pub(super) struct PaneContext<'a> {
    /// The open document, whose marks are anchored again after a change.
    pub reader: Option<&'a Reader>,
    pub library: &'a Library,
    pub keymap: &'a Keymap,
    /// Rows the pane shows inside its border.
    pub height: usize,
}

/// `m`: a bookmark of the open document (entry of the `library`) on the
/// sentence of the `current` match, or the top line of a pane `height`
/// rows tall; its note is asked for next.
pub(super) fn new_bookmark(
    reader: &Reader,
    current: Option<Range<usize>>,
    library: &Library,
    height: usize,
) -> Result<Bookmark, &'static str> {
    // A match is kept with the sentence around it: the word alone says
    // little when the bookmark is read later.
    let around_match = current.map(|m| {
        let block = reader.doc.blocks.get(reader.doc.block_at(m.start)).map_or(m.clone(), |b| b.range.clone());
        crate::document::sentence_around(&reader.doc.text, block, m, PASSAGE_AROUND_MATCH)
    });
    let range = around_match.or_else(|| {
        reader
            .layout
            .visible(&reader.doc, reader.top, height)
            .into_iter()
            .find(|(_, l)| l.kind != LineKind::Gap)
            .map(|(_, l)| l.range)
    });
    let Some(range) = range.filter(|r| !r.is_empty()) else { return Err("nothing to bookmark here") };
    let quote = bookmarks::quote(&reader.doc.text, range);
    fresh(library, reader.entry, quote, false).ok_or("nothing to bookmark here")
}

/// `m` while selecting: the selected passage, exactly, as a highlight (a
/// bookmark drawn in the text); its note is asked for next.
pub(super) fn new_highlight(reader: &Reader, library: &Library) -> Result<Bookmark, String> {
    let Some(range) = reader.selected() else { return Err(String::new()) };
    if range.len() > bookmarks::MAX_HIGHLIGHT {
        return Err(format!(
            "too long to highlight ({} KiB; at most {} KiB): select less, or bookmark it with m outside a selection",
            range.len() >> 10,
            bookmarks::MAX_HIGHLIGHT >> 10
        ));
    }
    let quote = bookmarks::quote_up_to(&reader.doc.text, range, bookmarks::MAX_HIGHLIGHT);
    fresh(library, reader.entry, quote, true).ok_or_else(String::new)
}

/// A new bookmark (or highlight) of entry `index` on `quote`, made now,
/// its note still to be written.
fn fresh(library: &Library, index: usize, quote: bookmarks::Quote, highlight: bool) -> Option<Bookmark> {
    let doc = doc_ref(library, index)?;
    Some(Bookmark { id: bookmarks::new_id(), created: bookmarks::now(), doc, note: String::new(), quote, highlight })
}

impl Marks {
    /// Re-anchors the bookmarks of the open document (`reader`).
    pub(super) fn anchor_open(&mut self, reader: Option<&Reader>, library: &Library) {
        let Some(reader) = reader else {
            self.open.clear();
            self.highlights.clear();
            return;
        };
        let key = library.get(reader.entry).map(|e| e.origin.key()).unwrap_or_default();
        let hash = library.get(reader.entry).map(|e| e.hash.clone()).filter(|h| !h.is_empty()).unwrap_or_default();
        let mut open = Vec::new();
        let mut highlights = Vec::new();
        for b in &self.list {
            let candidate = b.doc.document == key || !library.has_key(&b.doc.document);
            let mine = b.doc.document == key || hash == b.doc.hash;
            if !(candidate && mine) {
                continue;
            }
            if let Some(range) = bookmarks::anchor(&reader.doc.text, &b.quote).range() {
                if b.highlight {
                    highlights.push(range.clone());
                }
                open.push((range, b.id.clone()));
            }
        }
        open.sort_by_key(|(r, _)| r.start);
        self.open = open;
        highlights.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(highlights.len());
        for r in highlights {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        self.highlights = merged;
    }

    /// Applies a change in memory and queues it for the file: the effect
    /// that writes every change queued, or why it was refused (a damaged
    /// file takes no change but a new bookmark, which replaces it).
    pub(super) fn change(&mut self, change: Change) -> Result<Effect, String> {
        let adding = matches!(change, Change::Add(_));
        if let Some(reason) = &self.read_only
            && !adding
        {
            return Err(format!("bookmarks are read-only this session: {reason}"));
        }
        bookmarks::apply(&mut self.list, std::slice::from_ref(&change));
        self.pane = None;
        self.pending.push(change);
        Ok(Effect::CommitBookmarks {
            changes: self.pending.clone(),
            replace_damaged: self.read_only.is_some() && adding,
        })
    }

    /// What the runner reports after writing the bookmark file at `path`
    /// (the changes `sent`): what to say, and whether the log keeps it too
    /// (the status line is cut on narrow screens). `undo` is the key that
    /// brings a deleted bookmark back.
    pub(super) fn committed(
        &mut self,
        path: &std::path::Path,
        sent: &[Change],
        result: Result<Committed, BookmarkError>,
        undo: &str,
    ) -> (String, bool) {
        match result {
            Ok(committed) => {
                // Keep changes queued after this write was handed out.
                self.pending.retain(|c| !sent.contains(c));
                let mut list = committed.bookmarks;
                bookmarks::apply(&mut list, &self.pending);
                self.list = list;
                self.pane = None;
                let damaged = self.read_only.take();
                if let (Some(aside), Some(reason)) = (committed.set_aside, damaged) {
                    let message = format!(
                        "{} was damaged ({reason}); kept it as {} and saved a new file with your bookmark",
                        path.display(),
                        aside.display()
                    );
                    return (message, true);
                }
                let n = self.list.len();
                let saved = format!("saved; {n} bookmark{} in {}", if n == 1 { "" } else { "s" }, path.display());
                // A deletion written: the way back is still said (the
                // write's answer came after the hint and hid it).
                match (sent, &self.last_deleted) {
                    ([Change::Delete(id)], Some(deleted)) if *id == deleted.id => {
                        (format!("bookmark deleted, press {undo} to undo; {saved}"), false)
                    }
                    _ => (saved, false),
                }
            }
            Err(err @ (BookmarkError::Damaged { .. } | BookmarkError::TooNew { .. })) => {
                self.read_only = Some(err.to_string());
                (format!("not saved: {err}; the file is left as it is and your change is kept in memory"), false)
            }
            Err(err) => (format!("could not save bookmarks: {err}; the change is kept in memory"), true),
        }
    }

    /// Bookmark changes not written yet (a full disk, a read-only file):
    /// what quitting must not drop.
    #[must_use]
    pub fn unsaved(&self) -> &[Change] {
        &self.pending
    }

    /// `]` / `[` pressed `times`: what the last step says, or how to add a
    /// bookmark when the document has none.
    pub(super) fn steps(
        &mut self,
        reader: &mut Reader,
        forward: bool,
        times: usize,
        height: usize,
        keymap: &crate::keymap::Keymap,
    ) -> String {
        let mut said = None;
        for _ in 0..times {
            said = self.step(reader, forward, height);
        }
        said.unwrap_or_else(|| {
            let key = keymap.hint(crate::keymap::Scope::Normal, crate::action::Action::BookmarkAdd);
            format!("no bookmarks in this document; press {key} to add one")
        })
    }

    /// `]` / `[`: shows the next or previous bookmark of the open document
    /// at the top of the `reader` (a pane `height` rows tall), and says
    /// which, with its note; `None` when the document has none.
    pub(super) fn step(&mut self, reader: &mut Reader, forward: bool, height: usize) -> Option<String> {
        if self.open.is_empty() {
            return None;
        }
        let mut top = reader.layout.offset_of(&reader.doc, reader.top);
        let lines = reader.layout.lines(&reader.doc, reader.top.block);
        let mut top_end = lines.get(reader.top.line).map_or(top, |l| l.range.end.max(top + 1));
        if let Some((entry, start, view)) = self.stepped
            && entry == reader.entry
            && view == reader.top
        {
            (top, top_end) = (start, start + 1);
        }
        let marks = &self.open;
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
        reader.show_offset(start, height);
        self.stepped = Some((reader.entry, start, reader.top));
        // Its note is read on the way (a highlight's, a bookmark's).
        let mark = self.list.iter().find(|b| &b.id == id);
        let kind = if mark.is_some_and(|b| b.highlight) { "highlight" } else { "bookmark" };
        let said = mark.map(|b| b.note.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|n| !n.is_empty());
        let mut status = format!("{kind} {}/{}", index + 1, marks.len());
        if let Some(n) = note {
            status.push_str(&format!(" ({n})"));
        }
        if let Some(said) = said {
            status.push_str(&format!(": {said}"));
        }
        Some(status)
    }

    /// The rows of the bookmarks pane, as last made (see
    /// [`Self::refresh_pane`]); empty when the pane is closed.
    #[must_use]
    pub fn pane_rows(&self) -> &[PaneRow] {
        self.pane.as_ref().map_or(&[], |(_, rows)| rows.as_slice())
    }

    /// Makes the pane's rows again if the pane is open (with `filter`) and
    /// they are out of date (bookmarks, entries or the filter changed):
    /// every bookmark is anchored in its document here, once, not each
    /// time the pane draws.
    pub(super) fn refresh_pane(&mut self, filter: Option<&str>, reader: Option<&Reader>, library: &Library) {
        let Some(filter) = filter else {
            self.pane = None;
            return;
        };
        if self.pane.as_ref().is_some_and(|(f, _)| f == filter) {
            return;
        }
        let rows = self.make_pane_rows(filter, reader, library);
        self.pane = Some((filter.to_owned(), rows));
    }

    /// The pane's rows are to be made again (the entries changed).
    pub(super) fn pane_changed(&mut self) {
        self.pane = None;
    }

    /// The rows of the bookmarks pane, filtered by `filter` (case-insensitive,
    /// over excerpt, note and title).
    fn make_pane_rows(&self, filter: &str, reader: Option<&Reader>, library: &Library) -> Vec<PaneRow> {
        let needle = filter.to_lowercase();
        let mut rows = Vec::new();
        for (doc, group) in bookmarks::grouped(&self.list) {
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
            let entry = library.of_doc(&doc);
            rows.push(PaneRow::Document {
                title: doc.title.clone(),
                document: doc.document.clone(),
                count: keep.len(),
            });
            // The document's text, when it is held: passages are placed in
            // it (chapter, percent) and listed in reading order.
            let text = entry.and_then(|i| {
                let open = reader.filter(|r| r.entry == i && !library.partial(i)).map(|r| &r.doc);
                open.or(library.entries()[i].doc.as_ref().filter(|_| !library.partial(i)))
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
                    (Some(i), None) if library.entries()[i].hash == b.doc.hash => PassageState::Found,
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

    /// How many bookmarks the pane shows (its rows less the document
    /// headings), counted without copying their ids.
    pub(super) fn pane_len(&self) -> usize {
        self.pane_rows().iter().filter(|r| matches!(r, PaneRow::Bookmark { .. })).count()
    }

    /// The bookmark on row `row` of the pane (among the bookmarks shown).
    pub(super) fn pane_bookmark(&self, row: usize) -> Option<&Bookmark> {
        let id = self
            .pane_rows()
            .iter()
            .filter_map(|r| match r {
                PaneRow::Bookmark { id, .. } => Some(id),
                PaneRow::Document { .. } => None,
            })
            .nth(row)?;
        self.list.iter().find(|b| &b.id == id)
    }

    /// A change made here (`made`: the write it needs, or why not)
    /// carried through: the write handed over, the open document's marks
    /// anchored again (`reader`, of the `library`), and `said` said; or the
    /// reason it was refused.
    pub(super) fn carried(
        &mut self,
        made: Result<Effect, String>,
        said: Option<String>,
        reader: Option<&Reader>,
        library: &Library,
    ) -> Vec<Outcome> {
        match made {
            Ok(effect) => {
                self.anchor_open(reader, library);
                std::iter::once(Outcome::Effect(effect)).chain(said.map(Outcome::Say)).collect()
            }
            Err(why) => vec![Outcome::Say(why)],
        }
    }

    /// What the bookmarks pane asked for (its rows up to date; `selected`
    /// its row, `filter` its filter, `height` the rows it shows), carried
    /// through here: a bookmark to open, its note to edit, a deletion and
    /// its undo; a click selects the bookmark under it, and a second click
    /// on it opens it.
    pub(super) fn pane_asked(
        &mut self,
        asked: Asked,
        (selected, filter): (usize, &str),
        ctx: &PaneContext,
    ) -> Vec<Outcome> {
        let open = |b: Option<&Bookmark>| b.map(|b| Outcome::OpenBookmark(b.id.clone())).into_iter().collect();
        match asked {
            Asked::Open(row) => open(self.pane_bookmark(row)),
            Asked::EditNote(row) => self.pane_bookmark(row).map_or_else(Vec::new, |b| {
                let purpose = Purpose::Note { bookmark: Box::new(b.clone()), editing: true };
                vec![Outcome::Prompt(Some(Prompt::with_text(purpose, &b.note)))]
            }),
            Asked::Delete(row) => {
                let Some(bookmark) = self.pane_bookmark(row).cloned() else { return Vec::new() };
                let made = self.delete(bookmark);
                let said =
                    format!("bookmark deleted; press {} to undo", ctx.keymap.hint(Scope::Bookmarks, Action::Undo));
                self.carried(made, Some(said), ctx.reader, ctx.library)
            }
            Asked::Undo => match self.undo() {
                Some(made) => self.carried(made, Some("deletion undone".to_owned()), ctx.reader, ctx.library),
                None => vec![Outcome::Say("nothing to undo".to_owned())],
            },
            Asked::Click(row) => {
                let targets = pane_line_targets(self.pane_rows());
                // The pane has a border: its lines start one row down.
                let line = usize::from(row.saturating_sub(1)) + pane_scroll(&targets, selected, ctx.height);
                match targets.get(line) {
                    Some(Some(index)) if *index == selected => open(self.pane_bookmark(selected)),
                    Some(Some(index)) => {
                        vec![Outcome::Overlay(Overlay::Bookmarks(super::BookmarkList {
                            selected: *index,
                            filter: filter.to_owned(),
                        }))]
                    }
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// The note prompt's answer: Enter keeps the bookmark with its note
    /// (or changes the note, when editing), Esc says nothing was added.
    pub(super) fn note_answered(
        &mut self,
        answer: Answer<'_>,
        reader: Option<&Reader>,
        library: &Library,
    ) -> Vec<Outcome> {
        match answer {
            Answer::Accepted(Prompt { purpose: Purpose::Note { bookmark, editing }, input, .. }) => {
                self.note_accepted(*bookmark, editing, input, reader, library)
            }
            Answer::Cancelled(Prompt { purpose: Purpose::Note { bookmark, editing }, .. }) => {
                let said = match (editing, bookmark.highlight) {
                    (true, _) => "note unchanged",
                    (false, true) => "no highlight added",
                    (false, false) => "no bookmark added",
                };
                vec![Outcome::Say(said.to_owned())]
            }
            _ => Vec::new(),
        }
    }

    /// Enter in the note prompt: the bookmark kept with its note, or its
    /// note changed (`editing`).
    pub(super) fn note_accepted(
        &mut self,
        mut bookmark: Bookmark,
        editing: bool,
        note: String,
        reader: Option<&Reader>,
        library: &Library,
    ) -> Vec<Outcome> {
        bookmark.note = note;
        let change = if editing {
            Change::SetNote { id: bookmark.id.clone(), note: bookmark.note.clone() }
        } else {
            Change::Add(bookmark)
        };
        let made = self.change(change);
        self.carried(made, None, reader, library)
    }

    /// `d` in the bookmarks pane: deletes `bookmark`, which [`Self::undo`]
    /// brings back; the effect that writes it, or why not.
    pub(super) fn delete(&mut self, bookmark: Bookmark) -> Result<Effect, String> {
        let effect = self.change(Change::Delete(bookmark.id.clone()))?;
        self.last_deleted = Some(bookmark);
        Ok(effect)
    }

    /// `u` in the bookmarks pane: the bookmark deleted last comes back;
    /// `None` if there is none.
    pub(super) fn undo(&mut self) -> Option<Result<Effect, String>> {
        let b = self.last_deleted.take()?;
        Some(self.change(Change::Add(b)))
    }

    /// Whether a bookmark of the open document starts in `range` (for the
    /// margin).
    #[must_use]
    pub fn marks_in(&self, range: Range<usize>) -> bool {
        let first = self.open.partition_point(|(r, _)| r.start < range.start);
        self.open.get(first).is_some_and(|(r, _)| r.start < range.end.max(range.start + 1))
    }

    /// The open document's highlighted passages that reach into `range`.
    #[must_use]
    pub fn highlights_in(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let first = self.highlights.partition_point(|r| r.end <= range.start);
        self.highlights[first..].iter().take_while(|r| r.start < range.end.max(range.start + 1)).cloned().collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bookmark() -> Bookmark {
        let doc = DocRef { document: "seed:x".into(), hash: "fnv1a64:0".into(), title: "X".into() };
        let quote = bookmarks::quote("Call me Ishmael.", 0..16);
        Bookmark { id: "b1".into(), created: bookmarks::now(), doc, note: String::new(), quote, highlight: false }
    }

    /// The bookmarks pane's asks answered by the part: a click selects the
    /// bookmark under it and a second one opens it; Enter opens, `e` asks
    /// for the note with its text, `d` deletes and says how to undo.
    #[test]
    fn the_panes_asks_are_answered_by_marks() {
        let library = Library::new(Vec::new(), crate::library::WatchPlan::default(), false);
        let keymap = Keymap::default();
        let ctx = PaneContext { reader: None, library: &library, keymap: &keymap, height: 20 };
        let mut marks = Marks::default();
        let second = Bookmark { id: "b2".into(), note: "second".into(), ..bookmark() };
        marks.note_accepted(bookmark(), false, "first".into(), None, &library);
        marks.note_accepted(second, false, "second".into(), None, &library);
        marks.refresh_pane(Some(""), None, &library);
        // The screen row of the second bookmark's first line (the pane's
        // border is row 0).
        let line = pane_line_targets(marks.pane_rows()).iter().position(|t| *t == Some(1)).unwrap_or(usize::MAX);
        let row = u16::try_from(line + 1).unwrap_or(u16::MAX);
        let clicked = marks.pane_asked(Asked::Click(row), (0, ""), &ctx);
        assert!(
            matches!(
                clicked.as_slice(),
                [Outcome::Overlay(Overlay::Bookmarks(crate::app::BookmarkList { selected: 1, .. }))]
            ),
            "{clicked:?}"
        );
        let again = marks.pane_asked(Asked::Click(row), (1, ""), &ctx);
        let opened = |o: &[Outcome]| {
            o.iter().find_map(|o| if let Outcome::OpenBookmark(id) = o { Some(id.clone()) } else { None })
        };
        let second_id = opened(&again).unwrap_or_default();
        assert_eq!(opened(&marks.pane_asked(Asked::Open(1), (1, ""), &ctx)), Some(second_id.clone()));
        let note = marks.list.iter().find(|b| b.id == second_id).map(|b| b.note.clone()).unwrap_or_default();
        let edit = marks.pane_asked(Asked::EditNote(1), (1, ""), &ctx);
        assert!(
            matches!(edit.as_slice(), [Outcome::Prompt(Some(p))] if p.input == note && matches!(p.purpose, Purpose::Note { editing: true, .. })),
            "{edit:?}"
        );
        let gone = marks.pane_asked(Asked::Delete(1), (1, ""), &ctx);
        assert!(matches!(gone.as_slice(), [Outcome::Effect(_), Outcome::Say(s)] if s.ends_with("to undo")), "{gone:?}");
        assert!(marks.list.iter().all(|b| b.id != second_id));
        assert!(matches!(
            marks.pane_asked(Asked::Undo, (0, ""), &ctx).as_slice(),
            [Outcome::Effect(_), Outcome::Say(_)]
        ));
        assert!(marks.list.iter().any(|b| b.id == second_id), "undo brought it back");
    }

    /// The pane's operations carried through by the part: a note kept is
    /// in the list at once and its write handed over; a deletion says how
    /// to undo it and undo brings the bookmark back; a file that could not
    /// be read takes no edit, and says why.
    #[test]
    fn notes_deletions_and_undo_are_carried_through_or_refused() {
        let library = Library::new(Vec::new(), crate::library::WatchPlan::default(), false);
        let mut marks = Marks::default();
        let kept = marks.note_accepted(bookmark(), false, "the opening".into(), None, &library);
        assert!(matches!(kept.as_slice(), [Outcome::Effect(Effect::CommitBookmarks { .. })]), "{kept:?}");
        assert_eq!(marks.list.iter().map(|b| b.note.as_str()).collect::<Vec<_>>(), ["the opening"]);

        let made = marks.delete(marks.list[0].clone());
        let gone = marks.carried(made, Some("deleted; u undoes".into()), None, &library);
        assert!(matches!(gone.as_slice(), [Outcome::Effect(_), Outcome::Say(s)] if s == "deleted; u undoes"));
        assert!(marks.list.is_empty());
        let back = marks.undo().map(|made| marks.carried(made, None, None, &library)).unwrap_or_default();
        assert!(matches!(back.as_slice(), [Outcome::Effect(_)]));
        assert_eq!(marks.list.len(), 1);

        marks.read_only = Some("line 3: not TOML".into());
        let refused = marks.note_accepted(bookmark(), true, "changed".into(), None, &library);
        assert!(
            matches!(refused.as_slice(), [Outcome::Say(why)] if why.ends_with("read-only this session: line 3: not TOML")),
            "{refused:?}"
        );
        assert_eq!(marks.list[0].note, "the opening", "unchanged");
    }
}
