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
use super::reading::motion_of;
use super::{
    Answer, Effect, FLASH, Flash, Focus, Library, LibrarySearch, Loading, Overlay, Prompt, Purpose, Reader, Rect,
    SearchState, Settings, links, marks,
};
use crate::action::Action;
use crate::bookmarks::Bookmark;
use crate::document::Document;
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

/// As in less, `%` alone is the start; said, not silent, in case the
/// number was forgotten.
pub(super) fn percent_hint(count: Option<usize>, keymap: &Keymap) -> Option<Outcome> {
    let key = keymap.hint(Scope::Normal, Action::GoPercent);
    count.is_none().then(|| Outcome::Say(format!("0% (type the number first: 50{key} goes halfway)")))
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
    /// Lays the open document out again with `reflow` (the configuration's
    /// changed), unless it already is.
    pub(super) fn reflow(&mut self, reflow: crate::document::Reflow) {
        if let Some(reader) = &mut self.reader
            && reader.reflow != reflow
            && let Some(doc) = crate::document::reflowed(&reader.doc, reflow)
        {
            reader.reflow = reflow;
            reader.relayout(doc);
        }
    }

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

    /// Entry `index` could not be read after all: if it is open, nothing
    /// waits for its text any more.
    pub(super) fn gave_up(&mut self, index: usize) {
        if let Some(reader) = self.reader.as_mut().filter(|r| r.entry == index) {
            reader.then = None;
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
    pub(super) fn step_search(&mut self, forward: bool, times: usize, ctx: &Context, record: bool) -> Vec<Outcome> {
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
    pub(super) fn submit_search(&mut self, query: Query, jump: bool, ctx: &Context) -> Option<Outcome> {
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

    /// The search prompt's answer: while typed, the search follows the
    /// text (none, the view back where it was, when it is empty); Enter
    /// keeps it, the place it started from a jump (an empty one repeats
    /// the last search, as in vim and less); Esc puts back the search and
    /// the view from before.
    pub(super) fn search_answered(&mut self, answer: Answer<'_>, ctx: &Context) -> Vec<Outcome> {
        match answer {
            Answer::Changed(Prompt { purpose: Purpose::Search { origin, .. }, input, .. }) if input.is_empty() => {
                self.search = None;
                if let Some(reader) = &mut self.reader {
                    reader.top = *origin;
                }
                Vec::new()
            }
            Answer::Changed(prompt) => {
                let query = Query { text: prompt.input.clone(), regex: prompt.regex };
                self.submit_search(query, true, ctx).into_iter().collect()
            }
            Answer::Accepted(Prompt { purpose: Purpose::Search { previous, .. }, input, .. }) if input.is_empty() => {
                self.search = previous;
                self.step_search(true, 1, ctx, false)
            }
            Answer::Accepted(Prompt { purpose: Purpose::Search { origin, .. }, input, regex, .. }) => {
                self.remember_jump_from(origin);
                // No match (yet): say so, as less does; a match shows its count.
                let none = self.search.as_ref().filter(|s| s.current.is_none()).map(|s| Outcome::Say(s.summary()));
                none.into_iter().chain([Outcome::Remember(Query { text: input, regex })]).collect()
            }
            Answer::Cancelled(Prompt { purpose: Purpose::Search { origin, previous }, .. }) => {
                self.search = previous;
                if let Some(reader) = &mut self.reader {
                    reader.top = origin;
                }
                Vec::new()
            }
            Answer::Accepted(_) | Answer::Cancelled(_) => Vec::new(),
        }
    }

    /// Searches the open document for `query` with the match at `offset`
    /// selected, without moving the view (it is already there).
    fn search_at(&mut self, query: Query, offset: usize, ctx: &Context) -> Option<Outcome> {
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
    fn search_step(&mut self, forward: bool, ctx: &Context) -> Option<Outcome> {
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
    pub(super) fn search_again(&mut self, why: Again, ctx: &Context) -> Option<Outcome> {
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
        let height = ctx.reading.height;
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
                self.search_at(search.query.clone(), start, &ctx.reading).into_iter().collect()
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

    /// An action for the open document (`focused`: the reader has the
    /// focus; `count`: typed before the key); `None` when it is not one
    /// the reader takes.
    pub(super) fn on_action(
        &mut self,
        action: Action,
        count: Option<usize>,
        focused: bool,
        ctx: &Context,
    ) -> Option<Vec<Outcome>> {
        let times = count.unwrap_or(1).max(1);
        let height = ctx.height;
        let said = |text: &str| vec![Outcome::Say(text.to_owned())];
        if let Some((step, down)) = Step::of(action, times) {
            let reader = self.reader.as_mut().filter(|_| focused)?;
            reader.scroll(step.lines(height, true), down, height);
            return Some(Vec::new());
        }
        Some(match action {
            Action::Top | Action::Bottom | Action::Open if !focused || self.reader.is_none() => return None,
            Action::Top => {
                self.remember_jump();
                let reader = self.reader.as_mut()?;
                reader.go_to_start(ctx.library.get(reader.entry).and_then(|e| e.doc.as_ref()));
                Vec::new()
            }
            Action::Bottom => {
                self.remember_jump();
                self.bottom(ctx)
            }
            Action::Open if focused => self.reader.as_mut()?.unfold_on_screen(height).map_or_else(Vec::new, said),
            Action::GoPercent if focused && self.reader.is_some() => {
                self.remember_jump();
                self.reader.as_mut()?.show_percent(count.unwrap_or(0), height);
                percent_hint(count, ctx.keymap).into_iter().collect()
            }
            Action::Copy => {
                let current = self.current_match();
                self.reader.as_ref().map_or_else(Vec::new, |r| links::copy_here(r, current, ctx.settings.clipboard))
            }
            Action::Lookup => {
                let current = self.current_match();
                let select = ctx.keymap.hint(Scope::Normal, Action::Select);
                let command = ctx.settings.lookup.as_deref();
                self.reader.as_ref().map_or_else(Vec::new, |r| links::lookup_match(r, current, command, &select))
            }
            Action::Select => match self.start_selection(ctx.partial, focused, height) {
                Ok(()) => Vec::new(),
                Err(why) => said(why),
            },
            Action::NextHeading | Action::PrevHeading => {
                let mut outcomes = Vec::new();
                for _ in 0..times {
                    match self.reader.as_ref().map(|r| r.heading_target(action == Action::NextHeading)) {
                        Some(Ok(section)) => outcomes.extend(self.go_to_section(section, height)),
                        Some(Err(why)) => outcomes.push(Outcome::Say(why.to_owned())),
                        None => {}
                    }
                }
                outcomes
            }
            Action::ScrollLeft | Action::ScrollRight => {
                let right = action == Action::ScrollRight;
                let reader = self.reader.as_mut();
                reader
                    .and_then(|r| r.scroll_sideways(right, times, height, ctx.code_width))
                    .map_or_else(Vec::new, |s| said(&s))
            }
            Action::ToggleReflow => {
                self.reader.as_mut().and_then(|r| r.next_reflow(height)).map_or_else(Vec::new, said)
            }
            Action::SearchNext | Action::SearchPrev => self.step_search(action == Action::SearchNext, times, ctx, true),
            Action::BookmarkAdd => self.add_mark(false, ctx),
            Action::Search if focused => self.start_search(),
            Action::Outline => match self.reader.as_ref().map(Reader::outline_start) {
                Some(Ok(row)) => {
                    vec![Outcome::Overlay(Overlay::Outline(super::Outline { selected: row, filter: String::new() }))]
                }
                Some(Err(why)) => said(why),
                None => said("open a document to see its outline"),
            },
            Action::FollowLink => match &self.reader {
                Some(reader) if !reader.hints(height).is_empty() => {
                    vec![
                        Outcome::Focus(Focus::Reader),
                        Outcome::Prompt(Some(Prompt::new(Purpose::LinkHint))),
                        Outcome::Quiet,
                    ]
                }
                _ => said("no link on screen"),
            },
            Action::SaveArticle => {
                let reader = self.reader.as_ref()?;
                match ctx.library.get(reader.entry).map(|e| &e.origin) {
                    Some(crate::library::Origin::Web(url)) => vec![Outcome::Effect(Effect::KeepArticle {
                        doc: Arc::clone(&reader.doc),
                        url: url.clone(),
                        dir: ctx.settings.articles.clone(),
                    })],
                    _ => said("W keeps a web page read with folio URL; this document is not one"),
                }
            }
            _ => return None,
        })
    }

    /// `/`: the search prompt over the open document, the search in force
    /// put aside (Esc brings it back).
    fn start_search(&mut self) -> Vec<Outcome> {
        let Some(reader) = &self.reader else {
            return vec![Outcome::Say("open a document to search it".to_owned())];
        };
        let previous = self.search.take();
        let prompt = Prompt::new(Purpose::Search { origin: reader.top, previous });
        vec![Outcome::Focus(Focus::Reader), Outcome::Prompt(Some(prompt))]
    }

    /// `m`: starts a bookmark on the sentence of the current match, or the
    /// top line, and asks for its note; while selecting (`selected`), a
    /// highlight of the passage selected.
    fn add_mark(&mut self, selected: bool, ctx: &Context) -> Vec<Outcome> {
        let said = |text: &str| vec![Outcome::Say(text.to_owned())];
        if ctx.partial {
            return said("still loading: bookmark once the whole document is in");
        }
        let current = self.current_match();
        let Some(reader) = self.reader.as_mut() else { return said("open a document to bookmark it") };
        let made = if selected {
            marks::new_highlight(reader, ctx.library)
        } else {
            marks::new_bookmark(reader, current, ctx.library, ctx.height).map_err(str::to_owned)
        };
        match made {
            Ok(bookmark) => {
                reader.selection = None;
                let note = Purpose::Note { bookmark: Box::new(bookmark), editing: false };
                vec![Outcome::Focus(Focus::Reader), Outcome::Prompt(Some(Prompt::new(note)))]
            }
            Err(why) if !why.is_empty() => said(&why),
            Err(_) => Vec::new(),
        }
    }

    /// `G` in the reader: the end of what is in; of a text file still
    /// loading, its end read alone.
    fn bottom(&mut self, ctx: &Context) -> Vec<Outcome> {
        let Some(reader) = self.reader.as_mut() else { return Vec::new() };
        reader.top = reader.last_top(ctx.height);
        if !ctx.partial {
            return Vec::new();
        }
        reader.then = Some(AfterLoad::Bottom);
        if matches!(reader.loading, super::Loading::Tail { .. }) {
            return Vec::new();
        }
        // The end of a text file can be shown before the rest is in (a web
        // page or a book cannot be parsed from its end).
        let tail = ctx.library.get(reader.entry).and_then(crate::library::Entry::path).filter(|path| {
            path.file_name().is_some_and(|name| crate::document::format::of_name(&name.to_string_lossy()).tail)
        });
        let mut outcomes = vec![Outcome::Say("still loading: showing the end of what is loaded".to_owned())];
        outcomes.extend(tail.map(|path| Outcome::Effect(Effect::LoadTail(path.to_path_buf()))));
        outcomes
    }

    /// Shows section `index` at the top of the view: a jump (Ctrl-O
    /// returns), with the focus.
    pub(super) fn go_to_section(&mut self, index: usize, height: usize) -> Vec<Outcome> {
        if self.reader.as_ref().is_none_or(|r| r.doc.outline.get(index).is_none()) {
            return Vec::new();
        }
        self.remember_jump();
        if let Some(reader) = &mut self.reader {
            reader.show_section(index, height);
        }
        vec![Outcome::Focus(Focus::Reader)]
    }

    /// An action while selecting: a movement of the cursor end, or what to
    /// do with the passage; `None` for the actions the rest of the app
    /// takes (bookmarking it, help, quitting, the mouse).
    pub(super) fn select_action(&mut self, action: Action, times: usize, ctx: &Context) -> Option<Vec<Outcome>> {
        let height = ctx.height;
        let reader = self.reader.as_mut()?;
        if let Some((motion, times)) = motion_of(action, times, height) {
            reader.move_cursor(motion, times, height);
            return Some(Vec::new());
        }
        Some(match action {
            Action::SwapEnds => {
                reader.swap_ends(height);
                Vec::new()
            }
            Action::Copy | Action::CopyQuote => {
                links::copy_selection(reader, ctx.library, action == Action::CopyQuote, ctx.settings.clipboard)
            }
            Action::Lookup => links::lookup_selection(reader, ctx.settings.lookup.as_deref()),
            Action::SearchNext | Action::SearchPrev => {
                self.step_search(action == Action::SearchNext, times, ctx, false)
            }
            Action::Cancel | Action::Select => {
                self.end_selection();
                Vec::new()
            }
            Action::BookmarkAdd => self.add_mark(true, ctx),
            Action::Search => self.start_search(),
            Action::Help | Action::Quit | Action::Suspend | Action::Wheel { .. } | Action::Click { .. } => return None,
            _ => Vec::new(),
        })
    }

    /// Whether the reader waits for entry `index`'s text to arrive; a jump
    /// into it is then kept for when it does (`then`).
    pub(super) fn wait_for(&mut self, index: usize, then: AfterLoad) -> bool {
        match self.reader.as_mut().filter(|r| r.entry == index && r.loading == Loading::Waiting) {
            Some(reader) => {
                reader.then = Some(then);
                true
            }
            None => false,
        }
    }

    /// The beginning of large entry `index` arrived while it is open:
    /// shown in place of the preview shown so far. `Err(then)` when the
    /// reader waited with nothing to show: it is to be opened again, and
    /// what waited (a jump, the end) handed back with [`Self::wait_on`].
    pub(super) fn previewed(
        &mut self,
        index: usize,
        doc: Arc<Document>,
        height: usize,
    ) -> Result<(), Option<AfterLoad>> {
        let Some(reader) = self.reader.as_mut().filter(|r| r.entry == index) else { return Ok(()) };
        match reader.loading {
            Loading::Waiting => return Err(reader.then.take()),
            Loading::Preview => {
                reader.replace_doc(doc, height);
                reader.loading = Loading::Preview;
                if reader.then == Some(AfterLoad::Bottom) {
                    reader.top = reader.last_top(height);
                }
            }
            // The end the user asked for stays on screen.
            Loading::Tail { .. } | Loading::Whole => {}
        }
        Ok(())
    }

    /// What waited for the whole of entry `index` waits on, after its
    /// preview was opened: the end is shown at once.
    pub(super) fn wait_on(&mut self, index: usize, then: Option<AfterLoad>, height: usize) {
        if let Some(reader) = self.reader.as_mut().filter(|r| r.entry == index) {
            if then == Some(AfterLoad::Bottom) {
                reader.top = reader.last_top(height);
            }
            reader.then = then;
        }
    }

    /// The whole text of entry `index` arrived. If the reader waited
    /// with nothing to show it is opened again (at the place remembered
    /// for it); otherwise the text replaces the preview, and from the end
    /// read alone the view stays where it is: a `G` waiting is done, and
    /// the message that it was still loading goes. A search typed while
    /// it was read runs on the text now, and what waited lands.
    pub(super) fn completed(&mut self, index: usize, doc: Arc<Document>, height: usize) -> Vec<Outcome> {
        let Some(reader) = self.reader.as_mut().filter(|r| r.entry == index) else { return vec![Outcome::Resume] };
        let then = reader.then.take();
        if reader.loading == Loading::Waiting {
            return vec![Outcome::Reopen(index), Outcome::SearchAgain(Again::Loaded), Outcome::Land(index, then)];
        }
        let from_end = matches!(reader.loading, Loading::Tail { .. });
        reader.replace_doc(doc, height);
        let mut out = Vec::new();
        let then = match then {
            Some(AfterLoad::Bottom) if from_end => {
                out.push(Outcome::Quiet);
                None
            }
            then => then,
        };
        out.extend([
            Outcome::AnchorMarks,
            Outcome::SearchAgain(Again::Loaded),
            Outcome::Land(index, then),
            Outcome::Resume,
        ]);
        out
    }

    /// Entry `index`'s file changed on disk and was read again (`doc`,
    /// `path`): the open document keeps the passage at the top of the view
    /// (found again by its text), its bookmarks are anchored again and
    /// its search runs again.
    pub(super) fn replaced(&mut self, index: usize, doc: Arc<Document>, path: &str, height: usize) -> Vec<Outcome> {
        let Some(reader) = self.reader.as_mut().filter(|r| r.entry == index) else { return Vec::new() };
        let top_line = reader.top_line_quote();
        let dropped = reader.reload(doc, Some(top_line), height);
        let selection = if dropped { "; the selected text changed, so the selection was dropped" } else { "" };
        vec![
            Outcome::AnchorMarks,
            Outcome::SearchAgain(Again::Changed),
            Outcome::Say(format!("{path} changed on disk and was reloaded{selection}")),
        ]
    }

    /// The end of a large file still loading, read alone (`before`: bytes
    /// before it), shown if the user still waits there (`entry`: the one
    /// open).
    pub(super) fn show_tail(
        &mut self,
        entry: &crate::library::Entry,
        path: &std::path::Path,
        result: Result<(Box<Document>, u64), crate::library::LoadError>,
        height: usize,
    ) -> Option<Outcome> {
        let reader = self.reader.as_mut().filter(|r| r.then == Some(AfterLoad::Bottom))?;
        if !(entry.partial && entry.path() == Some(path)) {
            return None;
        }
        match result {
            Ok((doc, before)) => {
                reader.show_end(doc, before, &entry.meta.title, height);
                Some(Outcome::Say("still loading: showing the end of the file".to_owned()))
            }
            Err(err) => Some(Outcome::Log(format!("{}: could not read its end first: {err}", path.display()))),
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

/// What the open document needs to know of the rest of the app.
pub(super) struct Context<'a> {
    pub rules: Rules,
    /// Only a preview of the open document is in.
    pub partial: bool,
    /// Rows of the reading column.
    pub height: usize,
    /// Columns of the code column (wide lines scroll sideways in it).
    pub code_width: usize,
    /// The last query of the history (`n` with no search in force).
    pub last: Option<&'a Query>,
    pub keymap: &'a Keymap,
    pub library: &'a Library,
    pub settings: &'a Settings,
}

/// What landing in a document needs to know of the rest of the app.
pub(super) struct LandContext<'a> {
    pub reading: Context<'a>,
    /// Library search's results (a jump to a hit).
    pub results: Option<&'a LibrarySearch>,
    pub bookmarks: &'a [Bookmark],
    pub now: std::time::Instant,
}

/// How far a movement goes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    Lines(usize),
    Pages(usize),
    HalfPages(usize),
}

impl Step {
    /// The movement a key makes `times`, and whether it goes down.
    pub(super) fn of(action: Action, times: usize) -> Option<(Step, bool)> {
        let step = match action {
            Action::Down | Action::Up => Step::Lines(times),
            Action::PageDown | Action::PageUp => Step::Pages(times),
            Action::HalfPageDown | Action::HalfPageUp => Step::HalfPages(times),
            _ => return None,
        };
        Some((step, matches!(action, Action::Down | Action::PageDown | Action::HalfPageDown)))
    }

    /// Lines (or list rows) it moves in a view of `rows`; a page of text
    /// keeps two lines of the last one in view, as vim does.
    pub(super) fn lines(self, rows: usize, text: bool) -> usize {
        match self {
            Step::Lines(n) => n,
            Step::Pages(k) if text => rows.saturating_sub(2).max(1).saturating_mul(k),
            Step::Pages(k) => rows.saturating_mul(k),
            Step::HalfPages(k) => (rows / 2).max(1).saturating_mul(k),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Outcome as Found;

    /// A reading part with a document of `paragraphs` paragraphs open, in
    /// a column 40 wide, and the library it is entry 0 of.
    fn reading(paragraphs: usize) -> (Reading, Library) {
        let text: String = (0..paragraphs).map(|i| format!("Paragraph {i} says whale.\n\n")).collect();
        let doc = crate::document::parse_text("t.txt", text.clone());
        let mut library = Library::new(Vec::new(), crate::library::WatchPlan::default(), false);
        library.push(crate::library::Entry::new(doc, crate::library::Origin::Seed("t.txt")));
        let doc = Arc::new(crate::document::parse_text("t.txt", text));
        (Reading { reader: Some(Reader::new(0, doc, 40)), ..Reading::default() }, library)
    }

    fn with<T>(library: &Library, f: impl FnOnce(&Context) -> T) -> T {
        let (keymap, settings) = (Keymap::default(), Settings { clipboard: true, ..Settings::default() });
        let ctx = Context {
            rules: Rules::default(),
            partial: false,
            height: 10,
            code_width: 40,
            last: None,
            keymap: &keymap,
            library,
            settings: &settings,
        };
        f(&ctx)
    }

    fn said(outcomes: &[Outcome]) -> Vec<&str> {
        outcomes.iter().filter_map(|o| if let Outcome::Say(s) = o { Some(s.as_str()) } else { None }).collect()
    }

    /// The search prompt answered: typing sends a search, an emptied text
    /// puts the view back, Esc restores the search from before, and Enter
    /// keeps the query for the history and makes the start a jump.
    #[test]
    fn the_search_prompt_is_answered_by_the_reading_part() {
        let (mut reading, library) = reading(100);
        let origin = reading.reader.as_ref().map(|r| r.top).unwrap_or_default();
        let mut prompt = Prompt::new(Purpose::Search { origin, previous: None });
        prompt.input = "whale".to_owned();
        let sent = with(&library, |ctx| reading.search_answered(Answer::Changed(&prompt), ctx));
        assert!(matches!(sent.as_slice(), [Outcome::Effect(Effect::Search(_))]), "{sent:?}");
        assert!(reading.search.is_some());

        with(&library, |ctx| reading.on_action(Action::Down, Some(30), true, ctx));
        let cancelled = with(&library, |ctx| reading.search_answered(Answer::Cancelled(prompt.clone()), ctx));
        assert!(cancelled.is_empty() && reading.search.is_none(), "the search from before (none) is back");
        assert_eq!(reading.reader.as_ref().map(|r| r.top), Some(origin), "and the view where it was");

        // The search moved the view to a match further on.
        with(&library, |ctx| reading.on_action(Action::Down, Some(30), true, ctx));
        let kept = with(&library, |ctx| reading.search_answered(Answer::Accepted(prompt), ctx));
        let remembered =
            kept.iter().find_map(|o| if let Outcome::Remember(q) = o { Some(q.text.as_str()) } else { None });
        assert_eq!(remembered, Some("whale"));
        assert_eq!(reading.jump(true), Ok((0, 0)), "Ctrl-O goes back to where the search started");
    }

    /// The part alone, without an app: `n` with no search says how to
    /// start one; a search sent is a job for the worker, and its answer
    /// moves the view; `n` that moves the view is a jump Ctrl-O returns
    /// from, and forward goes back there.
    #[test]
    fn a_search_is_sent_found_stepped_and_jumped_back_from() {
        let (mut reading, library) = reading(100);
        let outcomes = with(&library, |ctx| reading.on_action(Action::SearchNext, None, true, ctx));
        assert_eq!(said(&outcomes.unwrap_or_default()), ["no previous search; press / to search"]);

        let sent = with(&library, |ctx| reading.submit_search(Query::literal("whale"), true, ctx));
        let Some(Outcome::Effect(Effect::Search(crate::search::Job::Find { id, doc, .. }))) = sent else {
            panic!("a search is a job for the worker: {sent:?}")
        };
        let matches: Vec<Range<usize>> = doc.text.match_indices("whale").map(|(at, w)| at..at + w.len()).collect();
        let answer = Found { id, result: Ok(matches.clone().into()) };
        assert!(matches!(reading.take_search(answer, None, 10), Some(Outcome::Quiet)));
        assert_eq!(reading.current_match(), Some(matches[0].clone()), "the first match from the top");

        // Forty matches on: the view moves, and that is a jump.
        let top = reading.reader.as_ref().map(|r| r.top);
        with(&library, |ctx| reading.on_action(Action::SearchNext, Some(40), true, ctx));
        assert_eq!(reading.current_match(), Some(matches[40].clone()));
        assert_ne!(reading.reader.as_ref().map(|r| r.top), top);
        let here = reading.reader.as_ref().map(Reader::place);
        assert_eq!(reading.jump(true), Ok((0, 0)), "Ctrl-O: back to the top where `n` started");
        assert_eq!(reading.jump(false), here.ok_or("no place"), "and forward again");
        assert_eq!(reading.jump(false), Err("no later position to go forward to"));
    }

    /// Keys that are not the reader's are left to the rest of the app: a
    /// movement while the list has the focus, the ends, Enter.
    #[test]
    fn the_list_s_keys_are_left_to_the_list() {
        let (mut reading, library) = reading(50);
        for action in [Action::Down, Action::PageUp, Action::Top, Action::Bottom, Action::Open, Action::Quit] {
            assert!(with(&library, |ctx| reading.on_action(action, None, false, ctx)).is_none(), "{action:?}");
        }
        let top = |reading: &Reading| reading.reader.as_ref().map(|r| r.top);
        assert!(with(&library, |ctx| reading.on_action(Action::Down, Some(3), true, ctx)).is_some());
        assert_ne!(top(&reading), Some(Pos::default()), "3j in the reader moves it");
        with(&library, |ctx| reading.on_action(Action::Up, Some(3), true, ctx));
        assert_eq!(top(&reading), Some(Pos::default()), "and 3k back");
    }

    /// `v` then a motion, then `y`: the selection is the reader's, and what
    /// it copies goes to the clipboard as an effect; `m` makes a highlight
    /// of it and asks for its note; Esc ends one; keys the rest of the app
    /// answers (help) are left to it.
    #[test]
    fn a_selection_is_made_copied_highlighted_and_ended_by_the_part() {
        let (mut reading, library) = reading(5);
        let selected = |reading: &Reading| reading.reader.as_ref().and_then(Reader::selected);
        let started = with(&library, |ctx| reading.on_action(Action::Select, None, true, ctx));
        assert_eq!(started.map(|o| o.len()), Some(0));
        with(&library, |ctx| reading.select_action(Action::WordNext, 2, ctx));
        assert!(selected(&reading).is_some_and(|r| !r.is_empty()));
        assert!(with(&library, |ctx| reading.select_action(Action::Help, 1, ctx)).is_none());
        let copied = with(&library, |ctx| reading.select_action(Action::Copy, 1, ctx)).unwrap_or_default();
        assert!(
            copied.iter().any(|o| matches!(o, Outcome::Effect(Effect::Copy(text)) if text.starts_with("Paragraph 0"))),
            "{copied:?}"
        );
        with(&library, |ctx| reading.on_action(Action::Select, None, true, ctx));
        with(&library, |ctx| reading.select_action(Action::WordNext, 1, ctx));
        let marked = with(&library, |ctx| reading.select_action(Action::BookmarkAdd, 1, ctx)).unwrap_or_default();
        let asked = marked.iter().find_map(|o| match o {
            Outcome::Prompt(Some(Prompt { purpose: Purpose::Note { bookmark, editing: false }, .. })) => Some(bookmark),
            _ => None,
        });
        assert!(asked.is_some_and(|b| b.highlight), "a highlight, its note asked for: {marked:?}");
        assert_eq!(selected(&reading), None, "the selection became the highlight");
        with(&library, |ctx| reading.on_action(Action::Select, None, true, ctx));
        with(&library, |ctx| reading.select_action(Action::Cancel, 1, ctx));
        assert_eq!(selected(&reading), None);
    }
}
