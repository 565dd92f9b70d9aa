//! What goes in and out of [`super::App`]: the messages it is updated
//! with, the effects it asks the runner for, and what it starts with.

use crate::bookmarks::Change;
use crate::document::Document;
use crate::keymap::Key;
use crate::library::{Entry, LibraryJob, LoadEvent};
use crate::positions::Positions;
use crate::search::Job;

use super::SortKey;

/// Work for the runner: the I/O and threads that follow an update.
#[derive(Debug)]
pub enum Effect {
    /// Hand a job to the search worker.
    Search(Job),
    /// Write the search history.
    SaveHistory(Vec<crate::search::Query>),
    /// Keep the list's order for the next start.
    SaveSort { chosen: SortKey, configured: SortKey },
    /// Read the configuration file again and apply it.
    ReloadConfig,
    /// Hand a job to the library search threads.
    SearchLibrary(LibraryJob),
    /// Watch what was opened for changes on disk.
    Watch(crate::library::WatchPlan),
    /// Apply changes to the bookmark file (under its lock); a damaged file
    /// is set aside first only when `replace_damaged`.
    CommitBookmarks { changes: Vec<Change>, replace_damaged: bool },
    /// Merge reading positions into the state file.
    SavePositions(Positions),
    /// Read the end of a large file still loading (the user asked for it).
    LoadTail(std::path::PathBuf),
    /// Read a listed file to open it; answered by [`LoadEvent::Preview`]
    /// (large files), [`LoadEvent::Completed`] and [`LoadEvent::Hashed`],
    /// or a [`LoadEvent::Problem`] naming it.
    OpenFile(std::path::PathBuf),
    /// Open an address outside in the browser (the user asked to).
    OpenUrl(String),
    /// Put text on the terminal's clipboard (OSC 52; the user asked to).
    Copy(String),
    /// Keep a web page read this session as an article (in `dir`, else the
    /// default articles folder), reported as a notice.
    KeepArticle { doc: std::sync::Arc<Document>, url: String, dir: Option<std::path::PathBuf> },
    /// Run the configured look-up command (`argv`, the word already in
    /// it) and report what it printed as [`Msg::LookedUp`].
    Lookup { argv: Vec<String>, word: String },
    /// Fetch a web page the user chose to read here (a link's `r`), on a
    /// thread; answered by [`Msg::Fetched`].
    FetchPage(String),
    /// Give the terminal back and stop until continued (Ctrl-Z).
    Suspend,
}

/// Something that happened, for [`App::update`]: input, time, or a
/// worker's answer.
#[derive(Debug)]
pub enum Msg {
    /// A key, already turned into folio's own by the runner.
    Key(Key),
    /// The terminal's new size in columns and rows.
    Resize(u16, u16),
    /// Mouse wheel at a cell: positive is down.
    Wheel { column: u16, row: u16, lines: i16 },
    /// Mouse click at a cell.
    Click { column: u16, row: u16 },
    /// The mouse moved with its left button down (selecting text).
    Drag { column: u16, row: u16 },
    /// The time now (the runner's clock; a test's own): ends a brief
    /// highlight when its time is up.
    Tick(std::time::Instant),
    /// Leave as on `q` (a terminating signal arrived).
    Quit,
    /// Something to tell the user in the status bar (the runner's news,
    /// such as a named pipe being waited for).
    Notice(String),
    /// What a look-up command printed, or why it could not.
    LookedUp { word: String, result: Result<String, crate::lookup::LookupError> },
    /// A web page asked for with [`Effect::FetchPage`], read, or why not.
    Fetched { url: String, result: Result<Box<Document>, crate::web::FetchError> },
    /// The loader or the watcher found something.
    Loaded(LoadEvent),
    /// A search of the open document finished.
    Searched(crate::search::Outcome),
    /// Library search results, as they stream.
    LibraryResults(crate::library::LibraryOutcome),
    /// The bookmark file was written (or not) with `sent`.
    BookmarksSaved {
        path: std::path::PathBuf,
        sent: Vec<Change>,
        result: Result<crate::bookmarks::Committed, crate::bookmarks::BookmarkError>,
    },
    /// Reading positions or the search history were written (or not).
    Saved { what: String, result: std::io::Result<()> },
    /// The end of a large file, parsed alone, and how many bytes of the
    /// file come before it (see [`Effect::LoadTail`]).
    Tail { path: std::path::PathBuf, result: Result<(Box<Document>, u64), crate::library::LoadError> },
    /// The configuration file was read again.
    ConfigRead {
        file: std::path::PathBuf,
        result: std::io::Result<(crate::config::Config, Vec<crate::config::Problem>)>,
        colors: crate::config::ColorSupport,
    },
}

/// Everything an [`App`] starts with.
#[derive(Debug)]
pub struct Startup {
    /// Documents ready at start (more may arrive as [`Msg::Loaded`]).
    pub entries: Vec<Entry>,
    /// Library roots in the order given.
    pub roots: Vec<std::path::PathBuf>,
    /// What to watch for changes once loading is done.
    pub watch: crate::library::WatchPlan,
    pub config: crate::config::Config,
    pub colors: crate::config::ColorSupport,
    /// Where the configuration was read from, and what was wrong in it.
    pub config_file: std::path::PathBuf,
    pub problems: Vec<crate::config::Problem>,
    /// The bookmark file as read (or why it could not be).
    pub bookmarks: Result<Vec<crate::bookmarks::Bookmark>, crate::bookmarks::BookmarkError>,
    pub positions: Positions,
    pub history: Vec<crate::search::Query>,
    /// The list's order chosen with `s` last time, and the configuration's
    /// order it replaced (see [`crate::sortfile`]).
    pub sort: Option<crate::sortfile::Saved>,
    pub size: (u16, u16),
    pub clock: std::time::Instant,
    /// Documents are still arriving from the loader.
    pub loading: bool,
    /// Problems and notices met before start (files that did not open).
    pub log: Vec<String>,
}

impl Default for Startup {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            roots: Vec::new(),
            watch: crate::library::WatchPlan::default(),
            config: crate::config::Config::default(),
            colors: crate::config::ColorSupport::Full,
            config_file: std::path::PathBuf::from("config.toml"),
            problems: Vec::new(),
            bookmarks: Ok(Vec::new()),
            positions: Positions::new(),
            history: Vec::new(),
            sort: None,
            size: (80, 24),
            clock: std::time::Instant::now(),
            loading: false,
            log: Vec::new(),
        }
    }
}
