//! Application state and the one function that changes it.
//!
//! [`App::update`] applies an [`Action`]; it touches neither the terminal nor
//! the disk. The panes in [`crate::ui`] draw from this state and
//! [`crate::runner`] performs whatever I/O follows. Screen geometry lives
//! here (as plain rectangles) because scrolling needs to know how tall the
//! reading pane is.

/// The list's view of an app, borrowing only the fields it reads: a
/// method would borrow the whole app, the list included, which the list's
/// own methods then could not change.
macro_rules! shelf {
    ($app:expr) => {
        Shelf {
            library: &$app.library,
            positions: &$app.positions,
            open: $app.reading.reader.as_ref(),
            height: $app.screen.body_height(),
        }
    };
}

/// What the open document needs of the rest of the app, borrowing only
/// the fields it reads (so the reading part can change while it is held).
macro_rules! reading_context {
    ($app:expr) => {
        Context {
            rules: $app.settings.rules,
            // Fields, not `reading_partial()`: a method would borrow the
            // whole app while a prompt's answer holds the prompt.
            partial: $app.library.is_partial($app.reading.entry()),
            height: $app.screen.body_height(),
            code_width: usize::from($app.screen.geometry_for_reader().code.width),
            last: $app.history.last(),
            keymap: &$app.keymap,
            library: &$app.library,
            settings: &$app.settings,
        }
    };
}

mod api;
mod clicks;
mod commands;
mod cursor;
mod geometry;
mod global;
mod help;
mod library;
mod links;
mod list;
mod marks;
mod mouse;
mod open_document;
mod outcome;
mod outline;
mod overlay;
mod prompt;
mod reading;
mod results;
mod search;
mod settings;
mod view;

use std::sync::Arc;

pub use api::{Effect, Msg, Startup};
use commands::{Count, Keyed};
pub use geometry::{
    Geometry, HEADER_HEIGHT, LIST_ITEM_HEIGHT, NARROW, Panes, READING_WIDTH, Rect, Screen, Under, WHEEL_LINES, geometry,
};
pub use help::{HelpLine, help_area, help_lines, help_rows};
pub use library::{HELD_BYTES, HELD_DOCUMENTS, Library};
pub use links::{Hint, Target, base64, target_of};
use list::ListContext;
pub use list::{ListView, Shelf, SortKey, filter_haystack, filter_indices};
use marks::PaneContext;
pub use marks::{FLASH, Flash, Marks, PaneRow, PassageState, pane_line_targets, pane_scroll};
use open_document::{Again, Context, LandContext, Reading};
use outcome::Outcome;
pub use outline::OutlineRow;
pub use overlay::Overlay;
use overlay::Seen;
use prompt::{Answer, Owner};
pub use prompt::{Prompt, Purpose};
use reading::AfterLoad;
pub use reading::{Loading, Reader};
pub use results::{LibrarySearch, ResultGroup, ResultRow, Results};
pub use search::SearchState;
pub use settings::Settings;

use crate::action::Action;
use crate::document::Document;
use crate::keymap::{Key, Keymap, Scope};
use crate::layout::Pos;
use crate::library::{Entry, LoadEvent};
use crate::positions::Positions;

/// What the status bar says first: the first problem met, and how many
/// more there are.
fn startup_message(log: &[String]) -> Option<String> {
    let first = log.first()?;
    Some(if log.len() > 1 { format!("{first} (and {} more)", log.len() - 1) } else { first.clone() })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
}

/// Everything folio shows.
#[derive(Debug)]
pub struct App {
    /// The documents: entries, their lookups, texts held, loading.
    library: Library,
    /// The size, the focus, the list hidden or not, the reading width.
    screen: Screen,
    /// The open document: its reader, search, jumps, restored place.
    reading: Reading,
    overlay: Overlay,
    /// A message for the status bar, shown until the next key.
    status: Option<String>,
    keymap: Keymap,
    /// What the configuration says.
    settings: Settings,
    /// Problems and notices met so far, oldest first.
    log: Vec<String>,
    /// The bottom-line prompt, while one is open.
    prompt: Option<Prompt>,
    /// Earlier queries, oldest first.
    history: Vec<crate::search::Query>,
    marks: Marks,
    /// Where each document was left, by key.
    positions: Positions,
    /// The time as last told by a message (the runner's clock, or a test's).
    clock: std::time::Instant,
    effects: Vec<Effect>,
    /// A count typed before a key (`5j`, `50%`).
    count: Count,
    /// What the list shows, in which order.
    view: ListView,
    /// Library-wide search.
    results: Results,
    quit: bool,
}

impl App {
    /// A new app from everything it starts with, with the document read
    /// last (or the first) open. The only way to make one: no field is set
    /// from outside afterwards.
    #[must_use]
    pub fn new(startup: Startup) -> Self {
        let Startup {
            entries,
            roots,
            watch,
            config,
            colors,
            config_file,
            problems,
            bookmarks,
            positions,
            history,
            sort,
            size,
            clock,
            loading,
            log,
        } = startup;
        let entries_given = entries.len();
        let mut app = Self {
            library: Library::new(roots, watch, loading),
            screen: Screen { size, focus: Focus::Reader, list_hidden: false, reading_width: READING_WIDTH },
            reading: Reading::default(),
            overlay: Overlay::None,
            status: None,
            keymap: Keymap::default(),
            settings: Settings::default(),
            log: Vec::new(),
            prompt: None,
            history,
            marks: Marks::default(),
            positions,
            clock,
            effects: Vec::new(),
            count: Count::default(),
            view: ListView::default(),
            results: Results::default(),
            quit: false,
        };
        app.apply_config(&config, &problems, &config_file, colors);
        if let Some(saved) = sort.filter(|saved| saved.configured == config.sort) {
            app.view.sort = saved.chosen;
        }
        // One document named alone (a file, standard input) is read at the
        // whole width: a list of one is no use (z shows it).
        if app.library.watch_plan().trees.is_empty() && app.library.watch_plan().files.len() <= 1 && entries_given <= 1
        {
            app.screen.list_hidden = true;
        }
        let config_message = app.status.take();
        for entry in entries {
            app.apply_load(LoadEvent::Entry(entry));
        }
        let (marks, problem) = Marks::loaded(bookmarks);
        app.marks = marks;
        let mut log = log;
        log.extend(problem);
        app.restore_open_position();
        app.status = config_message.or_else(|| startup_message(&log)).or(app.status.take());
        app.log.extend(log);
        if !app.library.loading() {
            app.watch_library();
        }
        app.refresh_view();
        app
    }

    /// Takes in one message (a key, a resize, a tick of the clock, a
    /// worker's result) and hands back the work it calls for. The one way
    /// into the app once it exists; the list's order is brought up to date
    /// before it returns, so the app is always ready to draw.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.on_key(key),
            // The one place a new size is taken, whatever is open.
            Msg::Resize(w, h) => self.resize(w, h),
            Msg::Wheel { column, row, lines } => {
                self.reading.restored = None;
                self.apply(Action::Wheel { column, row, lines });
            }
            Msg::Click { column, row } => {
                self.reading.restored = None;
                self.apply(Action::Click { column, row });
            }
            Msg::Drag { column, row } => self.drag(column, row),
            Msg::Tick(now) => {
                self.clock = now;
                self.reading.tick(now);
            }
            Msg::Quit => self.quit(),
            Msg::Notice(text) => self.status = Some(text),
            Msg::LookedUp { word, result } => self.carry_out(links::looked_up(&word, result)),
            Msg::Fetched { url, result } => {
                let then = self.library.fetched(url, result, &self.keymap);
                self.carry_out(then);
            }
            Msg::Loaded(event) => self.apply_load(event),
            Msg::Searched(outcome) => self.take_search(outcome),
            Msg::LibraryResults(outcome) => self.results.take(outcome),
            Msg::BookmarksSaved { path, sent, result } => {
                let undo = self.keymap.hint(Scope::Bookmarks, Action::Undo);
                let (said, log) = self.marks.committed(&path, &sent, result, &undo);
                if log {
                    self.log.push(said.clone());
                }
                self.status = Some(said);
                self.anchor_open_marks();
            }
            Msg::Saved { what, result: Err(message) } => {
                self.status = Some(format!("could not save {what}: {message}"))
            }
            Msg::Saved { result: Ok(()), .. } => {}
            Msg::Tail { path, result } => self.show_tail(&path, result),
            Msg::ConfigRead { file, result, colors } => match result {
                Ok((config, problems)) => {
                    self.apply_config(&config, &problems, &file, colors);
                    if problems.is_empty() {
                        self.status = Some(format!("configuration reloaded from {}", file.display()));
                    }
                }
                Err(err) => self.status = Some(format!("could not read {}: {err}", file.display())),
            },
        }
        self.refresh_pane();
        self.refresh_view();
        let height = self.screen.body_height();
        if let Some(reader) = &mut self.reading.reader {
            reader.colour_code(height);
        }
        std::mem::take(&mut self.effects)
    }

    /// Handles one key press.
    pub(super) fn on_key(&mut self, key: Key) {
        self.status = None;
        // The user moves on from the place restored.
        self.reading.restored = None;
        // The user is reading something else by now: do not pull them away.
        self.reading.resume = None;
        match commands::keyed(key, &self.keymap, self.scope(), &mut self.count) {
            Keyed::Interrupt if self.prompt.is_some() => self.prompt_update(Action::Cancel),
            Keyed::Interrupt => self.quit(),
            Keyed::Count(count) => self.status = Some(count.to_string()),
            Keyed::Action(action) => {
                self.apply(action);
                self.count.take();
            }
            Keyed::Unbound(said) => self.status = said,
        }
    }

    /// Ctrl-O and the way forward again.
    fn jump(&mut self, back: bool) {
        match self.reading.jump(back) {
            Ok(at) => self.go_to(at),
            Err(why) => self.status = Some(why.to_owned()),
        }
    }

    /// Shows `offset` of `entry` at the top of the reader.
    fn go_to(&mut self, (entry, offset): (usize, usize)) {
        self.open_at(entry, AfterLoad::Offset(offset), false);
    }

    /// Opens entry `index` with the focus (again, `reopen`, when it is
    /// open already: a bookmark or a hit starts from a fresh view) and goes
    /// to `then` in it: now, or once its text is in.
    fn open_at(&mut self, index: usize, then: AfterLoad, reopen: bool) {
        if reopen || self.reading.reader.as_ref().is_none_or(|r| r.entry != index) {
            self.open(index);
        }
        self.screen.focus = Focus::Reader;
        if !self.reading.wait_for(index, then.clone()) {
            self.land(index, Some(then));
        }
    }

    /// Sets the reading column's width, re-wrapping around the passage at
    /// the top.
    fn set_width(&mut self, width: usize) {
        let width = width.clamp(*crate::config::WIDTH_RANGE.start(), *crate::config::WIDTH_RANGE.end());
        self.screen.reading_width = width;
        let (w, h) = self.screen.size;
        self.resize(w, h);
        let shown = self.screen.geometry().body.width;
        self.status = Some(if usize::from(shown) < width {
            format!("reading width {width} (the window shows {shown})")
        } else {
            format!("reading width {width}")
        });
    }

    /// Applies a configuration (at start-up and on reload); reports the first
    /// problem, if any, in the status bar.
    fn apply_config(
        &mut self,
        config: &crate::config::Config,
        problems: &[crate::config::Problem],
        file: &std::path::Path,
        colors: crate::config::ColorSupport,
    ) {
        self.keymap = config.keymap();
        let then = self.settings.apply(config, problems, file, colors);
        self.carry_out(then);
    }

    /// Carries out what a part's answer came to, in order.
    fn carry_out(&mut self, outcomes: impl IntoIterator<Item = Outcome>) {
        for outcome in outcomes {
            match outcome {
                Outcome::Say(text) => self.status = Some(text),
                Outcome::Quiet => self.status = None,
                Outcome::Log(line) => self.log.push(line),
                Outcome::Effect(effect) => self.effects.push(effect),
                Outcome::Overlay(overlay) => self.overlay = overlay,
                Outcome::Prompt(prompt) => self.prompt = prompt,
                Outcome::RememberJump => self.reading.remember_jump(),
                Outcome::Open(index) => {
                    self.open(index);
                    self.screen.focus = Focus::Reader;
                }
                Outcome::Anchor { anchor, written } => {
                    let entry = self.reading.entry();
                    let then = AfterLoad::Anchor { anchor: anchor.clone(), written: written.clone() };
                    if entry.is_none_or(|entry| !self.reading.wait_for(entry, then)) {
                        self.go_to_anchor(&anchor, &written);
                    }
                }
                Outcome::Follow(n) => {
                    self.prompt = None;
                    let Some(reader) = &self.reading.reader else { continue };
                    let Some(hint) = reader.hints(self.screen.body_height()).into_iter().find(|h| h.number == n) else {
                        continue;
                    };
                    let from = self.library.get(reader.entry).and_then(Entry::path);
                    let then = links::follow(reader, &self.library, from, hint);
                    self.carry_out(then);
                }
                Outcome::EndSelection => self.reading.end_selection(),
                Outcome::FocusReader => self.screen.focus = Focus::Reader,
                Outcome::ListChanged(said) => self.list_changed(said),
                Outcome::Filter(filter) => self.set_filter(&filter),
                Outcome::Apply(action) => self.apply(action),
                Outcome::Remember(query) => {
                    crate::history::remember(&mut self.history, query);
                    self.effects.push(Effect::SaveHistory(self.history.clone()));
                }
                Outcome::SearchLibrary(query) => self.submit_library_search(query),
                Outcome::OpenBookmark(id) => self.open_bookmark(&id),
                Outcome::PaneStale => self.marks.pane_changed(),
                Outcome::ListExpects(total) => self.view.expect(total, self.library.len()),
                Outcome::Arrived { index, counted } => self.arrived(index, counted),
                Outcome::Previewed(index, doc) => self.previewed(index, doc),
                Outcome::Completed(index, doc) => self.complete(index, doc),
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
                    let Some(entry) = self.library.get(index) else { continue };
                    let (Some(doc), path) = (entry.doc.clone(), entry.path()) else { continue };
                    let path = path.map(|p| p.display().to_string()).unwrap_or_default();
                    let then = self.reading.replaced(index, doc, &path, self.screen.body_height());
                    self.carry_out(then);
                }
                Outcome::Removed(index) => {
                    self.view.removed.insert(index);
                }
                Outcome::Reopen(index) => self.open(index),
                Outcome::Jump { back } => self.jump(back),
                Outcome::ToggleList => self.toggle_list(),
                Outcome::Width(width) => self.set_width(width),
                Outcome::Reflow(reflow) => self.reading.reflow(reflow),
                Outcome::Sort(sort) => {
                    self.view.sort = sort;
                    self.view_changed();
                }
                Outcome::Layout { list, width } => {
                    self.screen.list_hidden = !list;
                    self.screen.reading_width = width;
                    let (w, h) = self.screen.size;
                    self.resize(w, h);
                }
                Outcome::Archive => self.archive_selected(),
                Outcome::OpenSelected => self.focus_reader(),
                Outcome::FocusList => self.focus_list(),
                Outcome::BookmarkStep { forward, times } => {
                    let height = self.screen.body_height();
                    if let Some(reader) = &mut self.reading.reader {
                        self.status = Some(self.marks.steps(reader, forward, times, height, &self.keymap));
                    }
                }
                Outcome::ClearSearch => self.reading.search = None,
                Outcome::Wheel { column, row, lines } => {
                    let then = mouse::wheel(self.screen.under(column, row), lines, &self.view);
                    self.carry_out(then);
                }
                Outcome::Click { column, row } => {
                    let then = mouse::click(self.screen.under(column, row), (column, row), &self.view);
                    self.carry_out(then);
                }
                Outcome::SelectRow(row) => self.select(row),
                Outcome::Scroll { lines, down } => {
                    let height = usize::from(self.screen.geometry_for_reader().body.height).max(1);
                    if let Some(reader) = self.reading.reader.as_mut() {
                        reader.scroll(lines, down, height);
                    }
                }
                Outcome::ClickText { column, row } => {
                    // The text as it was on screen when clicked.
                    let (body, partial) = (self.screen.geometry().body, self.reading_partial());
                    self.screen.focus = Focus::Reader;
                    self.reading.click_text((column, row), body, partial, self.clock);
                }
                Outcome::Quit => self.quit(),
                Outcome::StartLibrarySearch => {
                    let then = self.results.start();
                    self.carry_out(then);
                }
                Outcome::Section(row) => {
                    let Some(section) = self.outline_rows().get(row).map(|r| r.section) else { continue };
                    self.overlay = Overlay::None;
                    let then = self.reading.go_to_section(section, self.screen.body_height());
                    self.carry_out(then);
                }
                Outcome::OpenResult(row) => {
                    if let Some((entry, hit)) = self.results.chosen(row) {
                        self.open_hit(entry, hit);
                    }
                }
                Outcome::Pane(asked) => {
                    let Overlay::Bookmarks { selected, filter } = self.overlay.clone() else { continue };
                    self.refresh_pane();
                    let ctx = PaneContext {
                        reader: self.reading.reader.as_ref(),
                        library: &self.library,
                        keymap: &self.keymap,
                        height: usize::from(self.screen.size.1.saturating_sub(3)),
                    };
                    let then = self.marks.pane_asked(asked, (selected, &filter), &ctx);
                    self.carry_out(then);
                }
                Outcome::Land(index, then) => self.land(index, then),
                Outcome::SearchAgain(why) => self.search_again(why),
                Outcome::AnchorMarks => self.anchor_open_marks(),
                Outcome::Resume => {
                    if self.reading.resume.is_some() {
                        self.resume_if_here();
                    }
                }
            }
        }
    }

    /// Shows the place an anchor names at the top of the view (the caller
    /// records the jump).
    fn go_to_anchor(&mut self, anchor: &str, written: &str) {
        let height = self.screen.body_height();
        if self.reading.reader.as_mut().is_some_and(|r| r.show_anchor(anchor, height)) {
            self.screen.focus = Focus::Reader;
        } else {
            self.status = Some(format!("{written}: no such place in this document"));
        }
    }

    /// Moves the list selection to a row, keeping it on screen.
    fn select(&mut self, row: usize) {
        let capacity = self.screen.list_capacity();
        self.view.select(row, capacity);
    }

    /// Selects the row that shows `entry`, if it is shown.
    fn select_entry(&mut self, entry: usize) {
        let capacity = self.screen.list_capacity();
        self.view.select_entry(entry, shelf!(self), capacity);
    }

    /// The list is to be ordered again, and library search's targets made
    /// again.
    fn view_changed(&mut self) {
        self.view.changed();
        self.library.order_changed();
    }

    /// Orders the list again if anything changed.
    fn refresh_view(&mut self) {
        let capacity = self.screen.list_capacity();
        self.view.refresh(shelf!(self), capacity);
    }

    /// Puts a newly arrived entry in its place in the list.
    fn insert_in_view(&mut self, i: usize) {
        let capacity = self.screen.list_capacity();
        if !self.view.insert(i, shelf!(self), capacity) {
            self.view_changed();
        }
    }

    /// `a`: archives the selected document (it leaves the list; `A` shows
    /// archived ones), or brings an archived one back. Kept beside the
    /// reading positions.
    fn archive_selected(&mut self) {
        let Some(i) = self.view.selected_entry() else { return };
        match self.shelf().archive(i, self.view.show_archived) {
            Ok((key, position, said)) => {
                self.positions.insert(key.clone(), position.clone());
                self.effects.push(Effect::SavePositions(std::iter::once((key, position)).collect()));
                self.view_changed();
                self.refresh_view();
                self.status = Some(said);
            }
            Err(why) if !why.is_empty() => self.status = Some(why),
            Err(_) => {}
        }
    }

    /// `A`, `s`, a filter typed: the list in another order.
    fn list_changed(&mut self, said: Option<String>) {
        self.view_changed();
        self.refresh_view();
        if said.is_some() {
            self.status = said;
        }
    }

    /// The list filter changed (as typed).
    fn set_filter(&mut self, filter: &str) {
        if self.view.filter != filter {
            self.view.filter = filter.to_owned();
            self.list_changed(None);
            self.select(0);
        }
    }

    /// Sends a library search for `query` (as typed), through the whole
    /// library whatever the list's filter, as the help says; in the list's
    /// sort order, so what is on top is searched first. The list's own
    /// order is kept while the library and the order stay as they are
    /// (sorting 100 000 entries on every key typed cost 50 ms a key).
    fn submit_library_search(&mut self, query: crate::search::Query) {
        let mut made = None;
        let then = {
            let (shelf, view) = (shelf!(self), &self.view);
            self.results.submit(query, self.settings.rules, || {
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
        self.carry_out(then);
    }

    /// Opens a document at a library search hit (a jump), with in-document
    /// search set to the same query so `n` goes on from there.
    fn open_hit(&mut self, entry: usize, hit: usize) {
        if self.results.search().is_some() {
            self.overlay = Overlay::None;
            self.reading.remember_jump();
            self.open_at(entry, AfterLoad::Hit(hit), true);
        }
    }

    /// An action while the prompt is open: the prompt edits its text, and
    /// what that came to is answered by the part that opened it.
    fn prompt_update(&mut self, action: Action) {
        let answer = match prompt::answer(&mut self.prompt, action, &self.history) {
            Ok(Some(answer)) => answer,
            Ok(None) => return,
            Err(prompt::Quitting) => {
                self.quit = true;
                return;
            }
        };
        let then = match answer.prompt().purpose.owner() {
            Owner::Reading => {
                let ctx = reading_context!(self);
                self.reading.search_answered(answer, &ctx)
            }
            Owner::Marks => self.marks.note_answered(answer, self.reading.reader.as_ref(), &self.library),
            Owner::Overlay => self.overlay.filter_answered(&answer),
            Owner::List => self.view.filter_answered(&answer),
            Owner::Links => {
                let height = self.screen.body_height();
                let count = self.reading.reader.as_ref().map_or(0, |r| r.hints(height).len());
                links::link_answered(&answer, count, &self.library, self.settings.clipboard)
            }
            Owner::LibrarySearch => match answer {
                Answer::Changed(_) => vec![Outcome::SearchLibrary(answer.query())],
                Answer::Accepted(_) => Vec::new(),
                Answer::Cancelled(_) => vec![Outcome::Overlay(Overlay::None)],
            },
            Owner::Command => match answer {
                Answer::Accepted(prompt) => commands::run(&prompt.input),
                Answer::Changed(_) | Answer::Cancelled(_) => Vec::new(),
            },
        };
        self.carry_out(then);
    }

    /// Takes in a finished search (from the prompt's origin while it is
    /// open).
    fn take_search(&mut self, outcome: crate::search::Outcome) {
        let origin = match &self.prompt {
            Some(Prompt { purpose: Purpose::Search { origin, .. }, .. }) => Some(*origin),
            _ => None,
        };
        let then = self.reading.take_search(outcome, origin, self.screen.body_height());
        self.carry_out(then);
    }

    /// The search in force again (see [`Reading::search_again`]).
    fn search_again(&mut self, why: Again) {
        let ctx = reading_context!(self);
        let sent = self.reading.search_again(why, &ctx);
        self.carry_out(sent);
    }

    /// Re-anchors the bookmarks of the open document.
    fn anchor_open_marks(&mut self) {
        self.marks.anchor_open(self.reading.reader.as_ref(), &self.library);
    }

    /// Makes the bookmarks pane's rows again if it is open and they are out
    /// of date.
    fn refresh_pane(&mut self) {
        let filter = match &self.overlay {
            Overlay::Bookmarks { filter, .. } => Some(filter.as_str()),
            _ => None,
        };
        self.marks.refresh_pane(filter, self.reading.reader.as_ref(), &self.library);
    }

    /// Opens a bookmark's document (a jump) with the passage at the top,
    /// highlighted for a moment.
    fn open_bookmark(&mut self, id: &str) {
        let Some(b) = self.marks.list.iter().find(|b| b.id == id) else { return };
        let Some(entry) = self.library.of_doc(&b.doc) else {
            self.status = Some(format!("{} is not in the library that is open", b.doc.document));
            return;
        };
        self.overlay = Overlay::None;
        self.reading.remember_jump();
        self.open_at(entry, AfterLoad::Bookmark(id.to_owned()), true);
    }

    /// Remembers where the open document is, for the next time it opens;
    /// `last_read` stamps the time even when the place did not change, so
    /// the document open at quit is the one the next start reopens.
    fn record_position(&mut self, last_read: bool) {
        let Some((key, position, first)) = self.shelf().position_now(last_read) else { return };
        if first {
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
    fn restore_open_position(&mut self) {
        self.reading.resume =
            self.positions.iter().max_by(|a, b| a.1.updated.cmp(&b.1.updated)).map(|(k, _)| k.clone());
        if !self.resume_if_here() {
            self.restore_position();
            self.anchor_open_marks();
        }
    }

    /// Opens the document to resume if it is in the library now; true if
    /// it was.
    fn resume_if_here(&mut self) -> bool {
        let Some(key) = &self.reading.resume else { return false };
        // A map lookup: this runs as each document of a large library arrives.
        let Some(index) = self.library.by_key(key) else { return false };
        if self.library.get(index).is_none_or(|e| e.partial) {
            return false;
        }
        self.reading.resume = None;
        if self.reading.reader.as_ref().is_none_or(|r| r.entry != index) {
            self.open(index);
        } else {
            self.restore_position();
            self.anchor_open_marks();
        }
        true
    }

    /// Puts a newly opened document where it was left (see
    /// [`Reading::restore`]).
    fn restore_position(&mut self) {
        let Some(index) = self.reading.entry() else { return };
        let left = self.shelf().position_of(index, true).map(|p| (p.offset, p.percent >= 100));
        let height = self.screen.body_height();
        self.reading.restore(left, height);
    }

    /// What the open overlay sees of the rest of the app.
    fn overlay_seen(&mut self) -> Seen {
        let rows = help_rows(self.screen.size);
        match &self.overlay {
            Overlay::Help { .. } => Seen { rows, total: self.help_view().len() },
            Overlay::Log { .. } => Seen { rows, total: self.log.len() },
            Overlay::Outline { .. } => Seen {
                rows: usize::from(self.screen.size.1.saturating_sub(4)).max(1),
                total: self.outline_rows().len(),
            },
            Overlay::Bookmarks { .. } => Seen {
                rows: usize::from(self.screen.size.1.saturating_sub(4)).max(1),
                total: {
                    self.refresh_pane();
                    self.marks.pane_len()
                },
            },
            // Ten results a page, as the pane shows about that many.
            Overlay::Results { .. } => {
                Seen { rows: 10, total: self.results.search().map_or(0, LibrarySearch::row_count) }
            }
            Overlay::Note { .. } | Overlay::None => Seen { rows, total: 0 },
        }
    }

    /// Applies one action.
    pub(super) fn apply(&mut self, action: Action) {
        if self.prompt.is_some() {
            self.prompt_update(action);
            return;
        }
        if self.overlay != Overlay::None {
            let seen = self.overlay_seen();
            let asked = self.overlay.on_action(action, seen);
            let then = self.overlay.asked(asked);
            self.carry_out(then);
            return;
        }
        let count = self.count.take();
        let times = count.unwrap_or(1).max(1);
        let ctx = reading_context!(self);
        if self.selecting() {
            // The selection's keys, and of the rest only these.
            if let Some(then) = self.reading.select_action(action, times, &ctx) {
                self.carry_out(then);
                return;
            }
            let app_wide = [Action::Help, Action::Quit, Action::Suspend];
            if !app_wide.contains(&action) && !matches!(action, Action::Wheel { .. } | Action::Click { .. }) {
                return;
            }
        } else {
            if let Some(then) = self.reading.on_action(action, count, self.screen.focus == Focus::Reader, &ctx) {
                self.carry_out(then);
                return;
            }
            let ctx = ListContext {
                capacity: self.screen.list_capacity(),
                library: &self.library,
                keymap: &self.keymap,
                configured_sort: self.settings.sort.unwrap_or(SortKey::Path),
            };
            if let Some(then) = self.view.on_action(action, count, self.screen.focus == Focus::List, &ctx) {
                self.carry_out(then);
                return;
            }
        }
        let ctx = global::GlobalContext {
            focus: self.screen.focus,
            reading_width: self.screen.reading_width,
            no_bookmarks: self.marks.list.is_empty(),
            keymap: &self.keymap,
        };
        let then = global::on_action(action, times, &ctx);
        self.carry_out(then);
    }

    /// Whether a passage is being selected in the reader (`v`).
    fn selecting(&self) -> bool {
        self.screen.focus == Focus::Reader && self.reading.reader.as_ref().is_some_and(|r| r.selection.is_some())
    }

    fn focus_list(&mut self) {
        self.screen.focus = Focus::List;
        self.reading.end_selection();
        if let Some(entry) = self.reading.entry() {
            self.select_entry(entry);
        }
    }

    fn focus_reader(&mut self) {
        let Some(entry) = self.view.selected_entry() else { return };
        if self.reading.reader.as_ref().is_none_or(|r| r.entry != entry) {
            self.open(entry);
        }
        if self.reading.reader.is_some() {
            self.screen.focus = Focus::Reader;
        }
    }

    /// Starts watching what was opened. Called once everything has loaded:
    /// watching while loading would report every file we read.
    pub(super) fn watch_library(&mut self) {
        let then = self.library.watch();
        self.carry_out(then);
    }

    /// Quits, remembering where the open document was left.
    pub(super) fn quit(&mut self) {
        self.record_position(true);
        self.quit = true;
    }

    /// Takes in what the background loader (or the watcher) found: the
    /// library takes it, and says what it means for the other parts.
    pub(super) fn apply_load(&mut self, event: LoadEvent) {
        let then = self.library.on_load(event, self.reading.entry());
        self.carry_out(then);
    }

    /// Entry `index` arrived from the loader: it takes its place in the
    /// list, and is opened if nothing is (or it is the one to resume).
    fn arrived(&mut self, index: usize, counted: bool) {
        self.view.arrived += usize::from(counted);
        self.marks.pane_changed();
        self.insert_in_view(index);
        if self.reading.reader.is_none() {
            self.open(index);
        }
        if self.reading.resume.is_some() {
            self.resume_if_here();
        }
    }

    /// Entry `index`'s whole text is in (the library has it): the reader
    /// takes it if it is open.
    fn complete(&mut self, index: usize, doc: Arc<Document>) {
        self.marks.pane_changed();
        self.hold(index);
        let then = self.reading.completed(index, doc, self.screen.body_height());
        self.carry_out(then);
    }

    /// Goes to `then` in the open document `index`, its text being in:
    /// the end of a jump into it.
    fn land(&mut self, index: usize, then: Option<AfterLoad>) {
        let Some(then) = then else { return };
        let ctx = LandContext {
            reading: reading_context!(self),
            results: self.results.search(),
            bookmarks: &self.marks.list,
            now: self.clock,
        };
        let then = self.reading.land(index, then, &ctx);
        self.carry_out(then);
    }

    /// The beginning of a large listed file being opened.
    fn previewed(&mut self, index: usize, doc: Arc<Document>) {
        let height = self.screen.body_height();
        if let Err(then) = self.reading.previewed(index, doc, height) {
            self.open(index);
            self.reading.wait_on(index, then, height);
        }
    }

    /// Notes that entry `index` holds its text (see [`Library::hold`]).
    fn hold(&mut self, index: usize) {
        let open = self.reading.entry();
        self.library.hold(index, open);
    }

    /// Shows the end of a large file still loading, if the user still
    /// waits for it there.
    fn show_tail(&mut self, path: &std::path::Path, result: Result<(Box<Document>, u64), crate::library::LoadError>) {
        let height = self.screen.body_height();
        let Some(entry) = self.reading.entry().and_then(|i| self.library.get(i)) else { return };
        let then = self.reading.show_tail(entry, path, result, height);
        self.carry_out(then);
    }

    /// Opens entry `index` in the reader.
    pub(super) fn open(&mut self, index: usize) {
        let Some(opening) = self.library.opening(index) else {
            if self.library.get(index).is_none() {
                self.screen.focus = Focus::List;
            }
            return;
        };
        self.effects.extend(opening.read);
        self.record_position(false);
        if opening.notice.is_some() {
            self.status = opening.notice;
        }
        let width = usize::from(self.screen.geometry_for_reader().body.width).max(1);
        self.reading.reader = Some(Reader { loading: opening.loading, ..Reader::new(index, opening.doc, width) });
        if !self.reading_partial() {
            self.hold(index);
        }
        self.select_entry(index);
        self.restore_position();
        self.anchor_open_marks();
        self.search_again(Again::Opened);
    }

    /// `z`: hides or shows the list; the reader re-wraps for its new width.
    fn toggle_list(&mut self) {
        self.screen.list_hidden = !self.screen.list_hidden;
        self.screen.focus = Focus::Reader;
        let (w, h) = self.screen.size;
        self.resize(w, h);
        let key = self.keymap.first_key(Scope::Normal, Action::ToggleList).map(|k| format!(" ({k} shows it)"));
        self.status = self.screen.list_hidden.then(|| format!("list hidden{}", key.unwrap_or_default()));
    }

    pub(crate) fn resize(&mut self, width: u16, height: u16) {
        self.screen.size = (width, height);
        let column = usize::from(self.screen.geometry_for_reader().body.width).max(1);
        let body = self.screen.body_height();
        if let Some(reader) = &mut self.reading.reader {
            reader.rewrap(column);
            let last = reader.last_top(body);
            reader.top = reader.top.min(last.max(Pos::default()));
        }
        self.reading.apply_restored(body);
        let row = self.view.selected;
        self.select(row);
    }

    /// The mouse dragged from a place in the text.
    fn drag(&mut self, column: u16, row: u16) {
        let (body, height) = (self.screen.geometry().body, self.screen.body_height());
        if self.reading.drag((column, row), body, height) {
            self.screen.focus = Focus::Reader;
        }
    }
}
