//! The document side of the app: the library, the list that shows it, the
//! document open, the bookmarks, where each document was left and library
//! search. These six parts answer one another all the time (a document
//! arrives: the list places it, the reader opens it, its bookmarks are
//! anchored, its place is restored), so they are kept together here, as
//! yazi keeps its tabs, watcher and yanked files in one `Mgr` beside its
//! input and help. [`super::App`] keeps what is around them (the screen,
//! the keys, the prompt, the overlays, the status line) and hands the desk
//! the outcomes that are its own.
//!
//! The desk changes its parts and says everything else as [`Outcome`]s:
//! what to say, what to hand the runner, where the focus goes. It never
//! sets the status line, the prompt or an overlay itself.

use std::sync::Arc;

use super::marks::PaneContext;
use super::open_document::{Again, Context, LandContext, Reading};
use super::outcome::Outcome;
use super::overlay::Asked;
use super::prompt::{Answer, Owner};
use super::reading::AfterLoad;
use super::{
    Effect, Focus, Library, LibrarySearch, ListContext, ListView, Marks, Overlay, Prompt, Purpose, Reader, Results,
    Screen, Settings, Shelf, SortKey, links, mouse,
};
use crate::action::Action;
use crate::document::Document;
use crate::keymap::{Keymap, Scope};
use crate::layout::Pos;
use crate::library::{Entry, LoadEvent};
use crate::positions::Positions;

/// The list's view of the desk, borrowing only the fields it reads: a
/// method would borrow the whole desk, the list included, which the
/// list's own methods then could not change.
macro_rules! shelf {
    ($desk:expr, $around:expr) => {
        Shelf {
            library: &$desk.library,
            positions: &$desk.positions,
            open: $desk.reading.reader.as_ref(),
            height: $around.screen.body_height(),
        }
    };
}

/// What the open document needs of the rest, borrowing only the fields it
/// reads (so the reading part can change while it is held).
macro_rules! context {
    ($desk:expr, $around:expr) => {
        Context {
            rules: $around.settings.rules,
            partial: $desk.library.is_partial($desk.reading.entry()),
            height: $around.screen.body_height(),
            code_width: usize::from($around.screen.geometry_for_reader().code.width),
            last: $around.history.last(),
            keymap: $around.keymap,
            library: &$desk.library,
            settings: $around.settings,
        }
    };
}

/// What the desk reads of the rest of the app for one call.
pub(super) struct Around<'a> {
    pub screen: &'a Screen,
    pub keymap: &'a Keymap,
    pub settings: &'a Settings,
    /// Earlier queries, oldest first (`n` with no search in force).
    pub history: &'a [crate::search::Query],
    /// The time as last told.
    pub clock: std::time::Instant,
}

/// The documents and what is done with them.
#[derive(Debug, Default)]
pub struct Desk {
    /// The documents: entries, their lookups, texts held, loading.
    library: Library,
    /// What the list shows, in which order.
    view: ListView,
    /// The open document: its reader, search, jumps, restored place.
    reading: Reading,
    marks: Marks,
    /// Where each document was left, by key.
    positions: Positions,
    /// Library-wide search.
    results: Results,
}

impl Desk {
    pub(super) fn new(library: Library, positions: Positions) -> Self {
        Self { library, positions, ..Self::default() }
    }

    pub(super) fn library(&self) -> &Library {
        &self.library
    }

    pub(super) fn view(&self) -> &ListView {
        &self.view
    }

    pub(super) fn reading(&self) -> &Reading {
        &self.reading
    }

    pub(super) fn marks(&self) -> &Marks {
        &self.marks
    }

    pub(super) fn library_search(&self) -> Option<&LibrarySearch> {
        self.results.search()
    }

    /// What the list reads of the desk, for a reading pane `height` rows
    /// tall.
    pub(super) fn shelf(&self, height: usize) -> Shelf<'_> {
        Shelf { library: &self.library, positions: &self.positions, open: self.reading.reader.as_ref(), height }
    }

    /// Whether a passage is being selected in the reader (`v`), the reader
    /// having the `focus`.
    pub(super) fn selecting(&self, focus: Focus) -> bool {
        focus == Focus::Reader && self.reading.reader.as_ref().is_some_and(|r| r.selection.is_some())
    }

    /// Whether the open document is only a preview so far.
    pub(super) fn partial(&self) -> bool {
        self.library.is_partial(self.reading.entry())
    }

    /// The order chosen last time, kept while the configuration's is the
    /// same (at start, before anything is listed).
    pub(super) fn sorted_as_chosen(&mut self, sort: SortKey) {
        self.view.sort = sort;
    }

    /// The bookmarks read at start; the problem with their file, if any.
    pub(super) fn bookmarks_read(
        &mut self,
        bookmarks: Result<Vec<crate::bookmarks::Bookmark>, crate::bookmarks::BookmarkError>,
    ) -> Option<String> {
        let (marks, problem) = Marks::loaded(bookmarks);
        self.marks = marks;
        problem
    }

    /// The user moved on (a key, the mouse): from the place restored, and
    /// (`from_resuming`) from the document read last, still to arrive.
    pub(super) fn moved_on(&mut self, from_resuming: bool) {
        self.reading.restored = None;
        if from_resuming {
            self.reading.resume = None;
        }
    }

    pub(super) fn tick(&mut self, now: std::time::Instant) {
        self.reading.tick(now);
    }

    /// Brings what is drawn up to date before the app is drawn: the
    /// bookmarks pane's rows (when it is open, with its `filter`), the
    /// list's order, the code on screen coloured.
    pub(super) fn settle(&mut self, pane_filter: Option<&str>, around: &Around) {
        self.refresh_pane(pane_filter);
        self.refresh_view(around);
        let height = around.screen.body_height();
        if let Some(reader) = &mut self.reading.reader {
            reader.colour_code(height);
        }
    }

    /// Carries out an outcome that is the desk's (the app hands it only
    /// those); what it comes to for the rest of the app is returned.
    pub(super) fn take(&mut self, outcome: Outcome, around: &Around) -> Vec<Outcome> {
        let height = around.screen.body_height();
        match outcome {
            Outcome::RememberJump => self.reading.remember_jump(),
            Outcome::Open(index) => {
                let mut then = self.open(index, around);
                then.push(Outcome::Focus(Focus::Reader));
                return then;
            }
            Outcome::Anchor { anchor, written } => {
                let entry = self.reading.entry();
                let then = AfterLoad::Anchor { anchor: anchor.clone(), written: written.clone() };
                if entry.is_none_or(|entry| !self.reading.wait_for(entry, then)) {
                    return self.go_to_anchor(&anchor, &written, height);
                }
            }
            Outcome::Follow(n) => {
                let mut then = vec![Outcome::Prompt(None)];
                let Some(reader) = &self.reading.reader else { return then };
                if let Some(hint) = reader.hints(height).into_iter().find(|h| h.number == n) {
                    let from = self.library.get(reader.entry).and_then(Entry::path);
                    then.extend(links::follow(reader, &self.library, from, hint));
                }
                return then;
            }
            Outcome::EndSelection => self.reading.end_selection(),
            Outcome::ListChanged(said) => return self.list_changed(said, around),
            Outcome::Filter(filter) => self.set_filter(&filter, around),
            Outcome::SearchLibrary(query) => return self.submit_library_search(query, around),
            Outcome::OpenBookmark(id) => return self.open_bookmark(&id, around),
            Outcome::PaneStale => self.marks.pane_changed(),
            Outcome::ListExpects(total) => self.view.expect(total, self.library.len()),
            Outcome::Arrived { index, counted } => return self.arrived(index, counted, around),
            Outcome::Previewed(index, doc) => return self.previewed(index, doc, around),
            Outcome::Completed(index, doc) => {
                self.marks.pane_changed();
                self.hold(index);
                return self.reading.completed(index, doc, height);
            }
            Outcome::Hashed(index) => {
                self.marks.pane_changed();
                if self.reading.is_open(index) {
                    self.anchor_open_marks();
                }
            }
            Outcome::GaveUp(index) => self.reading.gave_up(index),
            Outcome::Replaced(index) => {
                self.view.entry_changed(index, &self.library);
                self.marks.pane_changed();
                let Some(entry) = self.library.get(index) else { return Vec::new() };
                let (Some(doc), path) = (entry.doc.clone(), entry.path()) else { return Vec::new() };
                let path = path.map(|p| p.display().to_string()).unwrap_or_default();
                return self.reading.replaced(index, doc, &path, height);
            }
            Outcome::Removed(index) => {
                self.view.removed.insert(index);
            }
            Outcome::Reopen(index) => return self.open(index, around),
            Outcome::Jump { back } => {
                return match self.reading.jump(back) {
                    Ok((entry, offset)) => self.open_at(entry, AfterLoad::Offset(offset), false, around),
                    Err(why) => vec![Outcome::Say(why.to_owned())],
                };
            }
            Outcome::Reflow(reflow) => self.reading.reflow(reflow),
            Outcome::Sort(sort) => {
                self.view.sort = sort;
                self.view_changed();
            }
            Outcome::Archive => return self.archive_selected(around),
            Outcome::OpenSelected => return self.open_selected(around),
            Outcome::FocusList => {
                self.reading.end_selection();
                if let Some(entry) = self.reading.entry() {
                    self.select_entry(entry, around);
                }
                return vec![Outcome::Focus(Focus::List)];
            }
            Outcome::BookmarkStep { forward, times } => {
                if let Some(reader) = &mut self.reading.reader {
                    return vec![Outcome::Say(self.marks.steps(reader, forward, times, height, around.keymap))];
                }
            }
            Outcome::ClearSearch => self.reading.search = None,
            Outcome::Wheel { column, row, lines } => {
                return mouse::wheel(around.screen.under(column, row), lines, &self.view);
            }
            Outcome::Click { column, row } => {
                return mouse::click(around.screen.under(column, row), (column, row), &self.view);
            }
            Outcome::SelectRow(row) => self.select(row, around),
            Outcome::Scroll { lines, down } => {
                let height = usize::from(around.screen.geometry_for_reader().body.height).max(1);
                if let Some(reader) = self.reading.reader.as_mut() {
                    reader.scroll(lines, down, height);
                }
            }
            Outcome::ClickText { column, row } => {
                // The text as it was on screen when clicked.
                let (body, partial) = (around.screen.geometry().body, self.partial());
                self.reading.click_text((column, row), body, partial, around.clock);
                return vec![Outcome::Focus(Focus::Reader)];
            }
            Outcome::StartLibrarySearch => return self.results.start(),
            Outcome::OpenResult(row) => {
                if let Some((entry, hit)) = self.results.chosen(row) {
                    let mut then = vec![Outcome::Overlay(Overlay::None)];
                    self.reading.remember_jump();
                    then.extend(self.open_at(entry, AfterLoad::Hit(hit), true, around));
                    return then;
                }
            }
            Outcome::Land(index, then) => return self.land(index, then, around),
            Outcome::SearchAgain(why) => return self.search_again(why, around),
            Outcome::AnchorMarks => self.anchor_open_marks(),
            Outcome::Resume => return self.resume_if_here(around).unwrap_or_default(),
            // The app routes only the outcomes above here; the rest are its
            // own (the status line, the prompt, the overlays, the screen).
            _ => {}
        }
        Vec::new()
    }

    /// An action for the open document or the list, while no prompt or
    /// overlay is open; `None` when it is neither's (the app's own
    /// actions then answer it). While a passage is selected only the
    /// selection's keys and a few app-wide ones do anything.
    pub(super) fn on_action(&mut self, action: Action, count: Option<usize>, around: &Around) -> Option<Vec<Outcome>> {
        let focus = around.screen.focus;
        let ctx = context!(self, around);
        if self.selecting(focus) {
            let times = count.unwrap_or(1).max(1);
            if let Some(then) = self.reading.select_action(action, times, &ctx) {
                return Some(then);
            }
            let app_wide = [Action::Help, Action::Quit, Action::Suspend];
            let pointer = matches!(action, Action::Wheel { .. } | Action::Click { .. });
            return (!app_wide.contains(&action) && !pointer).then(Vec::new);
        }
        if let Some(then) = self.reading.on_action(action, count, focus == Focus::Reader, &ctx) {
            return Some(then);
        }
        let ctx = ListContext {
            capacity: around.screen.list_capacity(),
            library: &self.library,
            keymap: around.keymap,
            configured_sort: around.settings.sort.unwrap_or(SortKey::Path),
        };
        self.view.on_action(action, count, focus == Focus::List, &ctx)
    }

    /// What an answer to a prompt the desk opened comes to (a search, a
    /// note, the list's filter, a link hint); `None` for another's prompt.
    pub(super) fn answered(&mut self, answer: Answer<'_>, around: &Around) -> Option<Vec<Outcome>> {
        Some(match answer.prompt().purpose.owner() {
            Owner::Reading => {
                let ctx = context!(self, around);
                self.reading.search_answered(answer, &ctx)
            }
            Owner::Marks => self.marks.note_answered(answer, self.reading.reader.as_ref(), &self.library),
            Owner::List => self.view.filter_answered(&answer),
            Owner::Links => {
                let height = around.screen.body_height();
                let count = self.reading.reader.as_ref().map_or(0, |r| r.hints(height).len());
                links::link_answered(&answer, count, &self.library, around.settings.clipboard)
            }
            Owner::Overlay | Owner::LibrarySearch | Owner::Command => return None,
        })
    }

    /// A finished search, `prompt` being the one open (a search's prompt
    /// keeps where the view was when it opened).
    pub(super) fn take_search(
        &mut self,
        outcome: crate::search::Outcome,
        prompt: Option<&Prompt>,
        around: &Around,
    ) -> Vec<Outcome> {
        let origin = match prompt {
            Some(Prompt { purpose: Purpose::Search { origin, .. }, .. }) => Some(*origin),
            _ => None,
        };
        self.reading.take_search(outcome, origin, around.screen.body_height()).into_iter().collect()
    }

    pub(super) fn take_results(&mut self, outcome: crate::library::LibraryOutcome) {
        self.results.take(outcome);
    }

    /// What the background loader (or the watcher) found: the library
    /// takes it, and says what it means for the other parts.
    pub(super) fn loaded(&mut self, event: LoadEvent) -> Vec<Outcome> {
        self.library.on_load(event, self.reading.entry())
    }

    /// A page asked for with `r` arrived, or why it did not.
    pub(super) fn fetched(
        &mut self,
        url: String,
        result: Result<Box<Document>, crate::web::FetchError>,
        keymap: &Keymap,
    ) -> Vec<Outcome> {
        self.library.fetched(url, result, keymap)
    }

    /// Starts watching what was opened. Called once everything has loaded:
    /// watching while loading would report every file we read.
    pub(super) fn watch(&self) -> Vec<Outcome> {
        self.library.watch()
    }

    /// The bookmark file was written (or not) with `sent`.
    pub(super) fn bookmarks_saved(
        &mut self,
        path: &std::path::Path,
        sent: &[crate::bookmarks::Change],
        result: Result<crate::bookmarks::Committed, crate::bookmarks::BookmarkError>,
        keymap: &Keymap,
    ) -> Vec<Outcome> {
        let undo = keymap.hint(Scope::Bookmarks, Action::Undo);
        let (said, log) = self.marks.committed(path, sent, result, &undo);
        self.anchor_open_marks();
        let log = log.then(|| Outcome::Log(said.clone()));
        log.into_iter().chain([Outcome::Say(said)]).collect()
    }

    /// What the bookmarks pane asked, the pane showing `selected` of the
    /// rows `filter` leaves.
    pub(super) fn pane_asked(&mut self, asked: Asked, selected: usize, filter: &str, around: &Around) -> Vec<Outcome> {
        self.refresh_pane(Some(filter));
        let ctx = PaneContext {
            reader: self.reading.reader.as_ref(),
            library: &self.library,
            keymap: around.keymap,
            height: usize::from(around.screen.size.1.saturating_sub(3)),
        };
        self.marks.pane_asked(asked, (selected, filter), &ctx)
    }

    /// Goes to section `section` of the open document (from the outline).
    pub(super) fn go_to_section(&mut self, section: usize, around: &Around) -> Vec<Outcome> {
        self.reading.go_to_section(section, around.screen.body_height())
    }

    /// The end of a large file still loading, if the user still waits for
    /// it there.
    pub(super) fn show_tail(
        &mut self,
        path: &std::path::Path,
        result: Result<(Box<Document>, u64), crate::library::LoadError>,
        around: &Around,
    ) -> Vec<Outcome> {
        let Some(entry) = self.reading.entry().and_then(|i| self.library.get(i)) else { return Vec::new() };
        self.reading.show_tail(entry, path, result, around.screen.body_height()).into_iter().collect()
    }

    /// The mouse dragged from a place in the text.
    pub(super) fn drag(&mut self, column: u16, row: u16, around: &Around) -> Vec<Outcome> {
        let (body, height) = (around.screen.geometry().body, around.screen.body_height());
        if self.reading.drag((column, row), body, height) { vec![Outcome::Focus(Focus::Reader)] } else { Vec::new() }
    }

    /// The screen changed size or shape: the open document is wrapped for
    /// its column again and the list's selection kept on screen.
    pub(super) fn resized(&mut self, around: &Around) {
        let column = usize::from(around.screen.geometry_for_reader().body.width).max(1);
        let body = around.screen.body_height();
        if let Some(reader) = &mut self.reading.reader {
            reader.rewrap(column);
            let last = reader.last_top(body);
            reader.top = reader.top.min(last.max(Pos::default()));
        }
        self.reading.apply_restored(body);
        let row = self.view.selected;
        self.select(row, around);
    }

    /// Remembers where the open document is, for the next time it opens;
    /// `last_read` stamps the time even when the place did not change, so
    /// the document open at quit is the one the next start reopens.
    pub(super) fn record_position(&mut self, last_read: bool, around: &Around) -> Vec<Outcome> {
        let Some((key, position, first)) = shelf!(self, around).position_now(last_read) else { return Vec::new() };
        if first {
            // Read for the first time: one unread fewer.
            self.view.unread = self.view.unread.saturating_sub(1);
        }
        self.positions.insert(key.clone(), position.clone());
        vec![Outcome::Effect(Effect::SavePositions(std::iter::once((key, position)).collect()))]
    }

    /// After start-up state is loaded: the document read last (the newest
    /// reading position) where it was left, or the first document; with
    /// its bookmarks anchored. A document of a library still loading is
    /// opened when it arrives, unless the user has moved on by then.
    pub(super) fn restore_open_position(&mut self, around: &Around) -> Vec<Outcome> {
        self.reading.resume =
            self.positions.iter().max_by(|a, b| a.1.updated.cmp(&b.1.updated)).map(|(k, _)| k.clone());
        self.resume_if_here(around).unwrap_or_else(|| {
            self.restore_position(around);
            self.anchor_open_marks();
            Vec::new()
        })
    }

    /// Orders the list again if anything changed.
    pub(super) fn refresh_view(&mut self, around: &Around) {
        let capacity = around.screen.list_capacity();
        self.view.refresh(shelf!(self, around), capacity);
    }

    /// Shows the place an anchor names at the top of the view (the caller
    /// records the jump).
    fn go_to_anchor(&mut self, anchor: &str, written: &str, height: usize) -> Vec<Outcome> {
        if self.reading.reader.as_mut().is_some_and(|r| r.show_anchor(anchor, height)) {
            vec![Outcome::Focus(Focus::Reader)]
        } else {
            vec![Outcome::Say(format!("{written}: no such place in this document"))]
        }
    }

    /// Opens entry `index` with the focus (again, `reopen`, when it is
    /// open already: a bookmark or a hit starts from a fresh view) and goes
    /// to `then` in it: now, or once its text is in.
    fn open_at(&mut self, index: usize, then: AfterLoad, reopen: bool, around: &Around) -> Vec<Outcome> {
        let mut out = Vec::new();
        if reopen || self.reading.reader.as_ref().is_none_or(|r| r.entry != index) {
            out = self.open(index, around);
        }
        out.push(Outcome::Focus(Focus::Reader));
        if !self.reading.wait_for(index, then.clone()) {
            out.extend(self.land(index, Some(then), around));
        }
        out
    }

    /// Moves the list selection to a row, keeping it on screen.
    fn select(&mut self, row: usize, around: &Around) {
        self.view.select(row, around.screen.list_capacity());
    }

    /// Selects the row that shows `entry`, if it is shown.
    fn select_entry(&mut self, entry: usize, around: &Around) {
        let capacity = around.screen.list_capacity();
        self.view.select_entry(entry, shelf!(self, around), capacity);
    }

    /// The list is to be ordered again, and library search's targets made
    /// again.
    fn view_changed(&mut self) {
        self.view.changed();
        self.library.order_changed();
    }

    /// `a`: archives the selected document (it leaves the list; `A` shows
    /// archived ones), or brings an archived one back. Kept beside the
    /// reading positions.
    fn archive_selected(&mut self, around: &Around) -> Vec<Outcome> {
        let Some(i) = self.view.selected_entry() else { return Vec::new() };
        match shelf!(self, around).archive(i, self.view.show_archived) {
            Ok((key, position, said)) => {
                self.positions.insert(key.clone(), position.clone());
                self.view_changed();
                self.refresh_view(around);
                vec![
                    Outcome::Effect(Effect::SavePositions(std::iter::once((key, position)).collect())),
                    Outcome::Say(said),
                ]
            }
            Err(why) if !why.is_empty() => vec![Outcome::Say(why)],
            Err(_) => Vec::new(),
        }
    }

    /// `A`, `s`, a filter typed: the list in another order.
    fn list_changed(&mut self, said: Option<String>, around: &Around) -> Vec<Outcome> {
        self.view_changed();
        self.refresh_view(around);
        said.map(Outcome::Say).into_iter().collect()
    }

    /// The list filter changed (as typed).
    fn set_filter(&mut self, filter: &str, around: &Around) {
        if self.view.filter != filter {
            self.view.filter = filter.to_owned();
            self.list_changed(None, around);
            self.select(0, around);
        }
    }

    /// Sends a library search for `query` (as typed), through the whole
    /// library whatever the list's filter, as the help says; in the list's
    /// sort order, so what is on top is searched first. The list's own
    /// order is kept while the library and the order stay as they are
    /// (sorting 100 000 entries on every key typed cost 50 ms a key).
    fn submit_library_search(&mut self, query: crate::search::Query, around: &Around) -> Vec<Outcome> {
        let mut made = None;
        let then = {
            let (shelf, view) = (shelf!(self, around), &self.view);
            self.results.submit(query, around.settings.rules, || {
                shelf.library.targets().unwrap_or_else(|| {
                    let docs = view.targets(shelf);
                    made = Some(Arc::clone(&docs));
                    docs
                })
            })
        };
        // Made now: kept for the next key typed.
        if let Some(docs) = made {
            self.library.keep_targets(&docs);
        }
        then
    }

    /// The search in force again (see [`Reading::search_again`]).
    fn search_again(&mut self, why: Again, around: &Around) -> Vec<Outcome> {
        let ctx = context!(self, around);
        self.reading.search_again(why, &ctx).into_iter().collect()
    }

    /// Re-anchors the bookmarks of the open document.
    fn anchor_open_marks(&mut self) {
        self.marks.anchor_open(self.reading.reader.as_ref(), &self.library);
    }

    /// Makes the bookmarks pane's rows again if it is open (with `filter`)
    /// and they are out of date.
    pub(super) fn refresh_pane(&mut self, filter: Option<&str>) {
        self.marks.refresh_pane(filter, self.reading.reader.as_ref(), &self.library);
    }

    /// Opens a bookmark's document (a jump) with the passage at the top,
    /// highlighted for a moment.
    fn open_bookmark(&mut self, id: &str, around: &Around) -> Vec<Outcome> {
        let Some(b) = self.marks.list.iter().find(|b| b.id == id) else { return Vec::new() };
        let Some(entry) = self.library.of_doc(&b.doc) else {
            return vec![Outcome::Say(format!("{} is not in the library that is open", b.doc.document))];
        };
        let mut then = vec![Outcome::Overlay(Overlay::None)];
        self.reading.remember_jump();
        then.extend(self.open_at(entry, AfterLoad::Bookmark(id.to_owned()), true, around));
        then
    }

    /// Opens the document to resume if it is in the library now (`None`
    /// if it is not).
    fn resume_if_here(&mut self, around: &Around) -> Option<Vec<Outcome>> {
        let key = self.reading.resume.as_ref()?;
        // A map lookup: this runs as each document of a large library arrives.
        let index = self.library.by_key(key)?;
        if self.library.get(index).is_none_or(|e| e.partial) {
            return None;
        }
        self.reading.resume = None;
        if self.reading.reader.as_ref().is_none_or(|r| r.entry != index) {
            return Some(self.open(index, around));
        }
        self.restore_position(around);
        self.anchor_open_marks();
        Some(Vec::new())
    }

    /// Puts a newly opened document where it was left (see
    /// [`Reading::restore`]).
    fn restore_position(&mut self, around: &Around) {
        let Some(index) = self.reading.entry() else { return };
        let left = shelf!(self, around).position_of(index, true).map(|p| (p.offset, p.percent >= 100));
        self.reading.restore(left, around.screen.body_height());
    }

    /// Enter in the list: the document selected opens, with the focus.
    fn open_selected(&mut self, around: &Around) -> Vec<Outcome> {
        let Some(entry) = self.view.selected_entry() else { return Vec::new() };
        let mut then = Vec::new();
        if self.reading.reader.as_ref().is_none_or(|r| r.entry != entry) {
            then = self.open(entry, around);
        }
        if self.reading.reader.is_some() {
            then.push(Outcome::Focus(Focus::Reader));
        }
        then
    }

    /// Entry `index` arrived from the loader: it takes its place in the
    /// list, and is opened if nothing is (or it is the one to resume).
    fn arrived(&mut self, index: usize, counted: bool, around: &Around) -> Vec<Outcome> {
        self.view.arrived += usize::from(counted);
        self.marks.pane_changed();
        let capacity = around.screen.list_capacity();
        if !self.view.insert(index, shelf!(self, around), capacity) {
            self.view_changed();
        }
        let mut then = Vec::new();
        if self.reading.reader.is_none() {
            then = self.open(index, around);
        }
        if self.reading.resume.is_some() {
            then.extend(self.resume_if_here(around).unwrap_or_default());
        }
        then
    }

    /// Goes to `then` in the open document `index`, its text being in:
    /// the end of a jump into it.
    fn land(&mut self, index: usize, then: Option<AfterLoad>, around: &Around) -> Vec<Outcome> {
        let Some(then) = then else { return Vec::new() };
        let ctx = LandContext {
            reading: context!(self, around),
            results: self.results.search(),
            bookmarks: &self.marks.list,
            now: around.clock,
        };
        self.reading.land(index, then, &ctx)
    }

    /// The beginning of a large listed file being opened.
    fn previewed(&mut self, index: usize, doc: Arc<Document>, around: &Around) -> Vec<Outcome> {
        let height = around.screen.body_height();
        match self.reading.previewed(index, doc, height) {
            Ok(()) => Vec::new(),
            Err(then) => {
                let opened = self.open(index, around);
                self.reading.wait_on(index, then, height);
                opened
            }
        }
    }

    /// Notes that entry `index` holds its text (see [`Library::hold`]).
    fn hold(&mut self, index: usize) {
        let open = self.reading.entry();
        self.library.hold(index, open);
    }

    /// Opens entry `index` in the reader.
    fn open(&mut self, index: usize, around: &Around) -> Vec<Outcome> {
        let Some(opening) = self.library.opening(index) else {
            let gone = self.library.get(index).is_none();
            return gone.then_some(Outcome::Focus(Focus::List)).into_iter().collect();
        };
        let mut then: Vec<Outcome> = opening.read.into_iter().map(Outcome::Effect).collect();
        then.extend(self.record_position(false, around));
        then.extend(opening.notice.map(Outcome::Say));
        let width = usize::from(around.screen.geometry_for_reader().body.width).max(1);
        self.reading.reader = Some(Reader { loading: opening.loading, ..Reader::new(index, opening.doc, width) });
        if !self.partial() {
            self.hold(index);
        }
        self.select_entry(index, around);
        self.restore_position(around);
        self.anchor_open_marks();
        then.extend(self.search_again(Again::Opened, around));
        then
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Origin, WatchPlan};
    use std::path::PathBuf;

    fn file(name: &str, text: &str) -> Entry {
        let origin = Origin::File { path: PathBuf::from("/lib").join(name), root: PathBuf::from("/lib") };
        Entry::new(crate::document::parse_text(name, text.to_owned()), origin)
    }

    /// Hands the desk an outcome and everything it comes to that is the
    /// desk's again, as the app does; returns the rest, for the app.
    fn carry(desk: &mut Desk, outcome: Outcome, around: &Around) -> Vec<Outcome> {
        let mut rest = Vec::new();
        let mut queue = std::collections::VecDeque::from([outcome]);
        while let Some(outcome) = queue.pop_front() {
            match outcome {
                Outcome::Say(_) | Outcome::Effect(_) | Outcome::Focus(_) | Outcome::Overlay(_) | Outcome::Prompt(_) => {
                    rest.push(outcome);
                }
                outcome => queue.extend(desk.take(outcome, around)),
            }
        }
        rest
    }

    /// The desk changes its own parts (the list, the reader, the marks)
    /// and says the rest as outcomes: where the focus goes, what to say,
    /// what to write; what is the app's it leaves alone.
    #[test]
    fn the_desk_changes_its_parts_and_says_the_rest() {
        let screen = Screen { size: (100, 30), focus: Focus::List, list_hidden: false, reading_width: 72 };
        let (keymap, settings) = (Keymap::default(), Settings::default());
        let around = Around {
            screen: &screen,
            keymap: &keymap,
            settings: &settings,
            history: &[],
            clock: std::time::Instant::now(),
        };
        let plan = WatchPlan { trees: vec![PathBuf::from("/lib")], ..WatchPlan::default() };
        let mut desk = Desk::new(Library::new(vec![PathBuf::from("/lib")], plan, true), Positions::default());

        for (name, text) in [("a.txt", "Alpha.\n\nThe first."), ("b.txt", "Beta.\n\nThe second.")] {
            for outcome in desk.loaded(LoadEvent::Entry(file(name, text))) {
                carry(&mut desk, outcome, &around);
            }
        }
        assert_eq!(desk.reading().entry(), Some(0), "the first to arrive opens");
        assert_eq!(desk.library().len(), 2);

        let then = carry(&mut desk, Outcome::Open(1), &around);
        assert_eq!(desk.reading().entry(), Some(1));
        assert!(matches!(then.last(), Some(Outcome::Focus(Focus::Reader))), "{then:?}");
        assert_eq!(desk.view().selected_entry(), Some(1), "the list follows the document open");

        let then = carry(&mut desk, Outcome::SelectRow(0), &around);
        assert!(then.is_empty());
        assert_eq!(desk.view().selected_entry(), Some(0));
        let then = carry(&mut desk, Outcome::FocusList, &around);
        assert!(matches!(then.as_slice(), [Outcome::Focus(Focus::List)]), "{then:?}");
        assert_eq!(desk.view().selected_entry(), Some(1), "the list's focus lands on the document open");

        let anchor = Outcome::Anchor { anchor: "nowhere".into(), written: "#nowhere".into() };
        let then = carry(&mut desk, anchor, &around);
        assert!(
            matches!(then.as_slice(), [Outcome::Say(s)] if s == "#nowhere: no such place in this document"),
            "{then:?}"
        );
        assert!(carry(&mut desk, Outcome::OpenBookmark("gone".into()), &around).is_empty());

        for app_s in [Outcome::Say("hello".into()), Outcome::Quiet, Outcome::Quit, Outcome::ToggleList] {
            assert!(desk.take(app_s, &around).is_empty());
        }
        assert_eq!(desk.reading().entry(), Some(1), "the app's outcomes change nothing here");
    }
}
