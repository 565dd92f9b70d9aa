//! The open document as a part of the app: its reader, the search in force
//! in it, the jumps between places, the place restored when it opened, a
//! passage flashed, and clicks in its text.
//!
//! It moves its own view and answers with what the rest of the app should
//! do (an [`Outcome`]: a message, work for the runner); what it needs of
//! the other parts (the height of the reading column, whether the text is
//! still a preview, the search rules) it is told.

use std::ops::Range;
use std::sync::Arc;

use super::clicks::Clicks;
use super::commands::JumpList;
use super::outcome::Outcome;
use super::reading::AfterLoad;
use super::{Effect, FLASH, Flash, LibrarySearch, Reader, Rect, SearchState};
use crate::action::Action;
use crate::bookmarks::Bookmark;
use crate::keymap::{Keymap, Scope};
use crate::layout::Pos;
use crate::search::{Query, Rules};

/// Why the search in force runs again (see [`Reading::search_again`]).
#[derive(Debug, Clone, Copy)]
pub(super) enum Again {
    /// The whole of a document searched while only its preview was in.
    Loaded,
    /// The open document changed on disk.
    Changed,
    /// Another document was opened.
    Opened,
}

/// The open document and what goes with it.
#[derive(Debug, Default)]
pub struct Reading {
    pub(super) reader: Option<Reader>,
    /// The search in force.
    pub(super) search: Option<SearchState>,
    /// Where jumps started, for Ctrl-O and back.
    jumps: JumpList,
    /// A passage highlighted for a moment.
    flash: Option<Flash>,
    /// A reading position just restored, kept until a key: its offset and
    /// whether it was the end (see [`Self::restore`]).
    pub(super) restored: Option<(usize, bool)>,
    /// The document read last, to reopen when it arrives (a library still
    /// loading); dropped at the first key.
    pub(super) resume: Option<String>,
    /// Clicks in the text: double and triple clicks, drags.
    clicks: Clicks,
    /// The last search sent to the worker (its answers carry it).
    job: u64,
}

impl Reading {
    /// The entry open, if any.
    pub(super) fn entry(&self) -> Option<usize> {
        self.reader.as_ref().map(|r| r.entry)
    }

    /// Whether entry `index` is the one open.
    pub(super) fn is_open(&self, index: usize) -> bool {
        self.entry() == Some(index)
    }

    /// Notes where the view is before a jump, for Ctrl-O (not a place in
    /// a text still being read).
    pub(super) fn remember_jump(&mut self) {
        if let Some(reader) = self.reader.as_ref().filter(|r| r.loading.offsets_hold()) {
            self.jumps.record(reader.place());
        }
    }

    /// Notes `origin` of the open document as where a jump started (a
    /// search that moved the view while it was typed).
    pub(super) fn remember_jump_from(&mut self, origin: Pos) {
        let Some(reader) = &self.reader else { return };
        let at = (reader.entry, reader.layout.offset_of(&reader.doc, origin));
        if at != reader.place() {
            self.jumps.record(at);
        }
    }

    /// Ctrl-O (`back`) and the way forward again: the place to go to, or
    /// why there is none.
    pub(super) fn jump(&mut self, back: bool) -> Result<(usize, usize), &'static str> {
        let to = if back {
            self.reader.as_ref().map(Reader::place).and_then(|here| self.jumps.back(here))
        } else {
            self.jumps.forward()
        };
        to.ok_or(if back { "no earlier position to go back to" } else { "no later position to go forward to" })
    }

    /// `n` or `N` pressed `times`: a match on screen is not a jump; one
    /// that moves the view is.
    pub(super) fn step_search(
        &mut self,
        forward: bool,
        times: usize,
        ctx: &SearchContext,
        record: bool,
    ) -> Vec<Outcome> {
        let before = self.reader.as_ref().map(Reader::place);
        let top = self.reader.as_ref().map(|r| (r.entry, r.top));
        let mut outcomes = Vec::new();
        for _ in 0..times {
            outcomes.extend(self.search_step(forward, ctx));
        }
        if record
            && let Some(at) = before
            && self.reader.as_ref().map(|r| (r.entry, r.top)) != top
        {
            self.jumps.record(at);
        }
        outcomes
    }

    /// The current search match in the open document, if there is one.
    pub(super) fn current_match(&self) -> Option<Range<usize>> {
        let reader = self.reader.as_ref()?;
        let search = self.search.as_ref().filter(|s| s.entry == reader.entry)?;
        search.current.and_then(|i| search.matches.get(i).cloned())
    }

    /// Matches that fall in `range` of the open document, with whether each
    /// is the selected one; empty when the search is for another document.
    pub(super) fn matches_in(&self, range: Range<usize>) -> Vec<(Range<usize>, bool)> {
        match (&self.search, &self.reader) {
            (Some(search), Some(reader)) if search.entry == reader.entry => search.matches_in(range),
            _ => Vec::new(),
        }
    }

    /// Starts searching the open document for `query`; `jump`: the view
    /// goes to the first match at or after it. The worker's job, to send.
    pub(super) fn submit_search(&mut self, query: Query, jump: bool, ctx: &SearchContext) -> Option<Outcome> {
        let reader = self.reader.as_ref()?;
        self.job += 1;
        let job = crate::search::Job::Find {
            id: self.job,
            doc: Arc::clone(&reader.doc),
            query: query.clone(),
            rules: ctx.rules,
        };
        // Old highlights stay until the new ones arrive: no flicker.
        let matches = self.search.as_ref().map_or_else(|| Arc::from(Vec::new()), |s| Arc::clone(&s.matches));
        self.search = Some(SearchState::new(query, reader.entry, self.job, matches, jump, ctx.partial));
        Some(Outcome::Effect(Effect::Search(job)))
    }

    /// Searches the open document for `query` with the match at `offset`
    /// selected, without moving the view (it is already there).
    fn search_at(&mut self, query: Query, offset: usize, ctx: &SearchContext) -> Option<Outcome> {
        let sent = self.submit_search(query, false, ctx);
        if let Some(search) = &mut self.search {
            search.select_when_found(Some(offset));
        }
        sent
    }

    /// Takes in a finished search; the view goes to the first match at or
    /// after where the search began (`origin`: the prompt's, while it is
    /// open), if it was to.
    pub(super) fn take_search(
        &mut self,
        outcome: crate::search::Outcome,
        origin: Option<Pos>,
        height: usize,
    ) -> Option<Outcome> {
        let search = self.search.as_mut()?;
        let doc = self.reader.as_ref().filter(|r| r.entry == search.entry).map(|r| &*r.doc);
        if search.take(outcome, doc) != Some(true) {
            return None;
        }
        let origin = origin.or_else(|| self.reader.as_ref().map(|r| r.top));
        let reader = self.reader.as_mut()?;
        let from = origin.map_or(0, |o| reader.layout.offset_of(&reader.doc, o));
        match search.first_from(from) {
            Some((index, note)) => self.show_match(index, note, height),
            None => {
                if let Some(origin) = origin {
                    reader.top = origin;
                }
                Some(Outcome::Say(search.summary()))
            }
        }
    }

    /// `n` / `N`: the next or previous match, wrapping at the ends; with
    /// no search, the last one of the history.
    fn search_step(&mut self, forward: bool, ctx: &SearchContext) -> Option<Outcome> {
        let open = self.entry();
        let Some(search) = &self.search else {
            return match ctx.last.cloned() {
                Some(query) => self.submit_search(query, true, ctx),
                None => Some(Outcome::Say(format!(
                    "no previous search; press {} to search",
                    ctx.keymap.hint(Scope::Normal, Action::Search)
                ))),
            };
        };
        if search.entry_differs(open) {
            return self.submit_search(search.query.clone(), true, ctx);
        }
        let from = self.reader.as_ref().map_or(0, Reader::place_offset);
        match search.step(forward, from) {
            Some((index, note)) => self.show_match(index, note, ctx.height),
            None => Some(Outcome::Say(search.summary())),
        }
    }

    /// Selects match `index` and shows it. The count shows on the right of
    /// the status bar; only a wrap needs saying.
    fn show_match(&mut self, index: usize, note: Option<&str>, height: usize) -> Option<Outcome> {
        let (Some(search), Some(reader)) = (&mut self.search, &mut self.reader) else { return None };
        let range = search.matches.get(index).cloned()?;
        search.current = Some(index);
        reader.show_match(range, height);
        Some(note.map_or(Outcome::Quiet, |n| Outcome::Say(n.to_owned())))
    }

    /// The search in force again: over the whole of a document searched
    /// while only its preview had loaded (the selected match stays
    /// selected; with none found yet the view goes to the first), after the
    /// open document changed on disk, or in a newly opened document.
    pub(super) fn search_again(&mut self, why: Again, ctx: &SearchContext) -> Option<Outcome> {
        let open = self.entry();
        let search = self.search.as_ref()?;
        let (query, selected, jump) = search.again();
        match why {
            Again::Loaded if search.partial && !search.entry_differs(open) => {
                let sent = self.submit_search(query, jump, ctx);
                if let Some(search) = &mut self.search {
                    search.select_when_found(selected);
                }
                sent
            }
            Again::Changed => self.submit_search(query, false, ctx),
            Again::Opened if search.entry_differs(open) => self.submit_search(query, false, ctx),
            _ => None,
        }
    }

    /// `v`: starts a selection at the top of the view (or the current
    /// match) when the reader has the focus (`focused`); why not, when it
    /// cannot.
    pub(super) fn start_selection(&mut self, partial: bool, focused: bool, height: usize) -> Result<(), &'static str> {
        if partial {
            return Err("still loading: select once the whole document is in");
        }
        let current = self.current_match().map(|m| m.start);
        match self.reader.as_mut().filter(|_| focused) {
            Some(reader) if !reader.doc.blocks.is_empty() => {
                reader.start_selection(current, height);
                Ok(())
            }
            Some(_) => Err("nothing to select: the document is empty"),
            None => Err("open a document to select in it"),
        }
    }

    /// Ends the selection, the view staying where it is.
    pub(super) fn end_selection(&mut self) {
        if let Some(reader) = self.reader.as_mut() {
            reader.selection = None;
        }
    }

    /// Shows the restored position at the layout of now.
    pub(super) fn apply_restored(&mut self, height: usize) {
        let (Some((offset, at_end)), Some(reader)) = (self.restored, &mut self.reader) else { return };
        reader.top = if at_end {
            reader.last_top(height)
        } else {
            let pos = reader.layout.pos_at_or_after(&reader.doc, offset.min(reader.doc.text.len()));
            pos.min(reader.last_top(height))
        };
    }

    /// Puts the document just opened where it was left (`left`: the
    /// offset, and whether it was the end): the line that started there at
    /// the top, or the end. Kept until the user moves, so the real size of
    /// the terminal, known only once the screen is up, puts the same lines
    /// on screen again rather than the line above them.
    pub(super) fn restore(&mut self, left: Option<(usize, bool)>, height: usize) {
        self.restored = left;
        self.apply_restored(height);
    }

    /// The passage highlighted for a moment in `entry`, if one is showing
    /// at `now`.
    pub(super) fn flash_in(&self, entry: usize, now: std::time::Instant) -> Option<Range<usize>> {
        self.flash.as_ref().filter(|f| f.entry == entry && f.until > now).map(|f| f.range.clone())
    }

    /// When the flash ends, if one shows.
    pub(super) fn flash_ends(&self) -> Option<std::time::Instant> {
        self.flash.as_ref().map(|f| f.until)
    }

    /// The clock moved on to `now`: a flash that ended goes.
    pub(super) fn tick(&mut self, now: std::time::Instant) {
        if self.flash.as_ref().is_some_and(|f| f.until <= now) {
            self.flash = None;
        }
    }

    /// Goes to `then` in the open document `index`, its text being in:
    /// the end of a jump into it.
    pub(super) fn land(&mut self, index: usize, then: AfterLoad, ctx: &LandContext) -> Vec<Outcome> {
        let height = ctx.search.height;
        let Some(reader) = self.reader.as_mut().filter(|r| r.entry == index) else { return Vec::new() };
        match then {
            AfterLoad::Bottom => {
                reader.top = reader.last_top(height);
                vec![Outcome::Quiet]
            }
            AfterLoad::Offset(offset) => {
                reader.show_offset(offset, height);
                Vec::new()
            }
            AfterLoad::Hit(hit) => {
                let Some(search) = ctx.results else { return Vec::new() };
                // A document whose hits were counted, not kept, opens at its
                // start with the search set: `n` finds the first.
                let start = search.hit(index, hit).map_or(0, |r| r.start);
                reader.show_with_context(start, height);
                self.search_at(search.query.clone(), start, &ctx.search).into_iter().collect()
            }
            AfterLoad::Anchor { anchor, written } => vec![Outcome::Anchor { anchor, written }],
            AfterLoad::Bookmark(id) => {
                let Some(b) = ctx.bookmarks.iter().find(|b| b.id == id) else { return Vec::new() };
                match crate::bookmarks::anchor(&reader.doc.text, &b.quote).range() {
                    Some(range) => {
                        reader.layout.reveal(&reader.doc, range.start);
                        reader.show_offset(range.start, height);
                        self.flash = Some(Flash { entry: index, range, until: ctx.now + FLASH });
                        Vec::new()
                    }
                    None => vec![Outcome::Say("the passage was not found in the current text".to_owned())],
                }
            }
        }
    }

    /// A click in the text (`body`: where it is on screen; `partial`: only
    /// a preview is in): one ends a selection and may start a drag, two
    /// select the word, three the paragraph.
    pub(super) fn click_text(&mut self, (column, row): (u16, u16), body: Rect, partial: bool, now: std::time::Instant) {
        self.clicks.drag_from = None;
        let Some(reader) = self.reader.as_mut() else { return };
        let Some(at) = reader.offset_at_cell(body, column, row).filter(|_| !partial) else {
            reader.selection = None;
            self.clicks.missed();
            return;
        };
        reader.selection = match self.clicks.count(now, column, row) {
            1 => {
                self.clicks.drag_from = Some(at);
                None
            }
            2 => Some(crate::selection::word_at(&reader.doc, at)),
            _ => Some(crate::selection::paragraph_at(&reader.doc, &reader.layout, at)),
        };
    }

    /// The mouse dragged from a place in the text: the selection reaches
    /// the character under it; past the top or bottom edge the text
    /// scrolls a line. True when it did select.
    pub(super) fn drag(&mut self, cell: (u16, u16), body: Rect, height: usize) -> bool {
        let Some(from) = self.clicks.drag_from else { return false };
        self.reader.as_mut().is_some_and(|reader| reader.drag_to(from, body, cell, height))
    }
}

/// What a search in the open document needs to know of the rest of the
/// app.
pub(super) struct SearchContext<'a> {
    pub rules: Rules,
    /// Only a preview of the open document is in.
    pub partial: bool,
    pub height: usize,
    /// The last query of the history (`n` with no search in force).
    pub last: Option<&'a Query>,
    pub keymap: &'a Keymap,
}

/// What landing in a document needs to know of the rest of the app.
pub(super) struct LandContext<'a> {
    pub search: SearchContext<'a>,
    /// Library search's results (a jump to a hit).
    pub results: Option<&'a LibrarySearch>,
    pub bookmarks: &'a [Bookmark],
    pub now: std::time::Instant,
}
