//! Application state and the one function that changes it.
//!
//! [`App::update`] applies an [`Action`]; it touches neither the terminal nor
//! the disk. The panes in [`crate::ui`] draw from this state and
//! [`crate::runner`] performs whatever I/O follows. Screen geometry lives
//! here (as plain rectangles) because scrolling needs to know how tall the
//! reading pane is.

mod api;
mod clicks;
mod commands;
mod cursor;
mod desk;
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

use crate::layout::Pos;
pub use api::{Effect, Msg, Startup};
use commands::{Count, Keyed};
use desk::{Around, Desk};
pub use geometry::{
    Geometry, HEADER_HEIGHT, LIST_ITEM_HEIGHT, NARROW, Panes, READING_WIDTH, Rect, Screen, Under, WHEEL_LINES, geometry,
};
pub use help::{HelpLine, help_area, help_lines, help_rows};
pub use library::{HELD_BYTES, HELD_DOCUMENTS, Library};
pub use links::{Hint, Target, base64, target_of};
use list::ListContext;
pub use list::{ListView, Shelf, SortKey, filter_haystack, filter_indices};
pub use marks::{FLASH, Flash, Marks, PaneRow, PassageState, pane_line_targets, pane_scroll};
use outcome::Outcome;
pub use outline::OutlineRow;
pub use overlay::{BookmarkList, Help, Log, Note, Outline, Overlay, ResultList};
use prompt::{Answer, Owner};
pub use prompt::{Prompt, Purpose};
pub use reading::{Loading, Reader};
pub use results::{LibrarySearch, ResultGroup, ResultRow, Results};
pub use search::SearchState;
pub use settings::Settings;

use crate::action::Action;
use crate::keymap::{Key, Keymap, Scope};
use crate::library::LoadEvent;

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

/// What the desk reads of the rest of the app, borrowing only the fields
/// it reads (so the desk can change while it is held).
macro_rules! around {
    ($app:expr) => {
        Around {
            screen: &$app.screen,
            keymap: &$app.keymap,
            settings: &$app.settings,
            history: &$app.history,
            clock: $app.clock,
        }
    };
}

/// Everything folio shows.
#[derive(Debug)]
pub struct App {
    /// The documents and what is done with them: the library, the list,
    /// the document open, the bookmarks, reading positions, library search.
    desk: Desk,
    /// The size, the focus, the list hidden or not, the reading width.
    screen: Screen,
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
    /// The time as last told by a message (the runner's clock, or a test's).
    clock: std::time::Instant,
    effects: Vec<Effect>,
    /// A count typed before a key (`5j`, `50%`).
    count: Count,
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
            desk: Desk::new(Library::new(roots, watch, loading), positions),
            screen: Screen { size, focus: Focus::Reader, list_hidden: false, reading_width: READING_WIDTH },
            overlay: Overlay::None,
            status: None,
            keymap: Keymap::default(),
            settings: Settings::default(),
            log: Vec::new(),
            prompt: None,
            history,
            clock,
            effects: Vec::new(),
            count: Count::default(),
            quit: false,
        };
        app.apply_config(&config, &problems, &config_file, colors);
        if let Some(saved) = sort.filter(|saved| saved.configured == config.sort) {
            app.desk.sorted_as_chosen(saved.chosen);
        }
        // One document named alone (a file, standard input) is read at the
        // whole width: a list of one is no use (z shows it).
        let plan = app.desk.library().watch_plan();
        if plan.trees.is_empty() && plan.files.len() <= 1 && entries_given <= 1 {
            app.screen.list_hidden = true;
        }
        let config_message = app.status.take();
        for entry in entries {
            app.update_desk(|desk, _| desk.loaded(LoadEvent::Entry(entry)));
        }
        let mut log = log;
        log.extend(app.desk.bookmarks_read(bookmarks));
        app.update_desk(Desk::restore_open_position);
        app.status = config_message.or_else(|| startup_message(&log)).or(app.status.take());
        app.log.extend(log);
        if !app.desk.library().loading() {
            app.update_desk(|desk, _| desk.watch());
        }
        app.desk.refresh_view(&around!(app));
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
                self.desk.moved_on(false);
                self.apply(Action::Wheel { column, row, lines });
            }
            Msg::Click { column, row } => {
                self.desk.moved_on(false);
                self.apply(Action::Click { column, row });
            }
            Msg::Drag { column, row } => self.update_desk(|desk, around| desk.drag(column, row, around)),
            Msg::Tick(now) => {
                self.clock = now;
                self.desk.tick(now);
            }
            Msg::Quit => self.quit(),
            Msg::Notice(text) => self.status = Some(text),
            Msg::LookedUp { word, result } => self.carry_out(links::looked_up(&word, result)),
            Msg::Fetched { url, result } => self.update_desk(|desk, around| desk.fetched(url, result, around.keymap)),
            Msg::Loaded(event) => self.update_desk(|desk, _| desk.loaded(event)),
            Msg::Searched(outcome) => {
                let then = self.desk.take_search(outcome, self.prompt.as_ref(), &around!(self));
                self.carry_out(then);
            }
            Msg::LibraryResults(outcome) => self.desk.take_results(outcome),
            Msg::BookmarksSaved { path, sent, result } => {
                self.update_desk(|desk, around| desk.bookmarks_saved(&path, &sent, result, around.keymap));
            }
            Msg::Saved { what, result: Err(message) } => {
                self.status = Some(format!("could not save {what}: {message}"))
            }
            Msg::Saved { result: Ok(()), .. } => {}
            Msg::Tail { path, result } => self.update_desk(|desk, around| desk.show_tail(&path, result, around)),
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
        self.desk.settle(self.overlay.bookmarks_filter(), &around!(self));
        std::mem::take(&mut self.effects)
    }

    /// Hands the desk what it reads of the rest of the app, and carries
    /// out what its answer comes to.
    fn update_desk(&mut self, f: impl FnOnce(&mut Desk, &Around) -> Vec<Outcome>) {
        let then = f(&mut self.desk, &around!(self));
        self.carry_out(then);
    }

    /// Handles one key press.
    fn on_key(&mut self, key: Key) {
        self.status = None;
        // The user moves on from the place restored, and is reading
        // something else by now: the document read last does not pull them
        // away when it arrives.
        self.desk.moved_on(true);
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

    /// Carries out what a part's answer came to, in order: the desk's own
    /// outcomes go to the desk, the rest are the app's.
    fn carry_out(&mut self, outcomes: impl IntoIterator<Item = Outcome>) {
        for outcome in outcomes {
            match outcome {
                Outcome::Say(text) => self.status = Some(text),
                Outcome::Quiet => self.status = None,
                Outcome::Log(line) => self.log.push(line),
                Outcome::Effect(effect) => self.effects.push(effect),
                Outcome::Overlay(overlay) => self.overlay = overlay,
                Outcome::Prompt(prompt) => self.prompt = prompt,
                Outcome::Focus(focus) => self.screen.focus = focus,
                Outcome::Apply(action) => self.apply(action),
                Outcome::Remember(query) => {
                    crate::history::remember(&mut self.history, query);
                    self.effects.push(Effect::SaveHistory(self.history.clone()));
                }
                Outcome::ToggleList => self.toggle_list(),
                Outcome::Width(width) => self.set_width(width),
                Outcome::Layout { list, width } => {
                    self.screen.list_hidden = !list;
                    self.screen.reading_width = width;
                    let (w, h) = self.screen.size;
                    self.resize(w, h);
                }
                Outcome::Quit => self.quit(),
                Outcome::Section(row) => {
                    let Some(section) = self.outline_rows().get(row).map(|r| r.section) else { continue };
                    self.overlay = Overlay::None;
                    self.update_desk(|desk, around| desk.go_to_section(section, around));
                }
                Outcome::Pane(asked) => {
                    let Overlay::Bookmarks(pane) = self.overlay.clone() else { continue };
                    self.update_desk(|desk, around| desk.pane_asked(asked, pane.selected, &pane.filter, around));
                }
                desks @ (Outcome::RememberJump
                | Outcome::Open(_)
                | Outcome::Anchor { .. }
                | Outcome::Follow(_)
                | Outcome::EndSelection
                | Outcome::ListChanged(_)
                | Outcome::Filter(_)
                | Outcome::SearchLibrary(_)
                | Outcome::OpenBookmark(_)
                | Outcome::PaneStale
                | Outcome::ListExpects(_)
                | Outcome::Arrived { .. }
                | Outcome::Previewed(..)
                | Outcome::Completed(..)
                | Outcome::Hashed(_)
                | Outcome::GaveUp(_)
                | Outcome::Replaced(_)
                | Outcome::Removed(_)
                | Outcome::Reopen(_)
                | Outcome::Land(..)
                | Outcome::SearchAgain(_)
                | Outcome::AnchorMarks
                | Outcome::Resume
                | Outcome::StartLibrarySearch
                | Outcome::OpenResult(_)
                | Outcome::Jump { .. }
                | Outcome::Reflow(_)
                | Outcome::Sort(_)
                | Outcome::Archive
                | Outcome::OpenSelected
                | Outcome::FocusList
                | Outcome::BookmarkStep { .. }
                | Outcome::ClearSearch
                | Outcome::Wheel { .. }
                | Outcome::Click { .. }
                | Outcome::SelectRow(_)
                | Outcome::Scroll { .. }
                | Outcome::ClickText { .. }) => self.update_desk(|desk, around| desk.take(desks, around)),
            }
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
            Owner::Overlay => self.overlay.filter_answered(&answer),
            Owner::LibrarySearch => match answer {
                Answer::Changed(_) => vec![Outcome::SearchLibrary(answer.query())],
                Answer::Accepted(_) => Vec::new(),
                Answer::Cancelled(_) => vec![Outcome::Overlay(Overlay::None)],
            },
            Owner::Command => match answer {
                Answer::Accepted(prompt) => commands::run(&prompt.input),
                Answer::Changed(_) | Answer::Cancelled(_) => Vec::new(),
            },
            Owner::Reading | Owner::Marks | Owner::List | Owner::Links => {
                self.desk.answered(answer, &around!(self)).unwrap_or_default()
            }
        };
        self.carry_out(then);
    }

    /// Applies one action: the prompt's, the overlay's, the desk's (the
    /// document open, the list), or the app's own.
    fn apply(&mut self, action: Action) {
        if self.prompt.is_some() {
            self.prompt_update(action);
            return;
        }
        if self.overlay != Overlay::None {
            // The bookmarks pane's rows are made at the end of each update,
            // and again here for what changed since in this one.
            self.desk.refresh_pane(self.overlay.bookmarks_filter());
            let seen = self.overlay.seen(self);
            let asked = self.overlay.on_action(action, seen);
            let then = self.overlay.asked(asked);
            self.carry_out(then);
            return;
        }
        let count = self.count.take();
        let times = count.unwrap_or(1).max(1);
        if let Some(then) = self.desk.on_action(action, count, &around!(self)) {
            self.carry_out(then);
            return;
        }
        let ctx = global::GlobalContext {
            focus: self.screen.focus,
            reading_width: self.screen.reading_width,
            no_bookmarks: self.desk.marks().list.is_empty(),
            keymap: &self.keymap,
        };
        let then = global::on_action(action, times, &ctx);
        self.carry_out(then);
    }

    /// Quits, remembering where the open document was left.
    fn quit(&mut self) {
        self.update_desk(|desk, around| desk.record_position(true, around));
        self.quit = true;
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

    fn resize(&mut self, width: u16, height: u16) {
        self.screen.size = (width, height);
        self.desk.resized(&around!(self));
    }
}
