//! What a part's answer comes to for the rest of the app.
//!
//! A part (the links, the reader, an overlay) works out what should happen
//! from what it can see and says it as outcomes; [`super::App`] carries
//! them out in one place, so the status line, the prompt, the overlay and
//! jumps are set there, not from every file.

use super::open_document::Again;
use super::overlay::Asked;
use super::reading::AfterLoad;
use super::{Effect, Overlay, Prompt};
use std::sync::Arc;

use crate::action::Action;
use crate::document::Document;
use crate::search::Query;

#[derive(Debug)]
pub(super) enum Outcome {
    /// Say this in the status bar.
    Say(String),
    /// Clear the status bar.
    Quiet,
    /// Keep this in the log (`L`), unsaid.
    Log(String),
    /// Hand this to the runner (the disk, the clipboard, the network).
    Effect(Effect),
    /// Show this over the text.
    Overlay(Overlay),
    /// Open this prompt, or close the one open.
    Prompt(Option<Prompt>),
    /// Note where the view is before a jump, for Ctrl-O.
    RememberJump,
    /// Open entry `n` of the library in the reader, with the focus.
    Open(usize),
    /// Go to a named place of the open document (once its text is in),
    /// as written (for the message when there is none).
    Anchor { anchor: String, written: String },
    /// Follow link `n` on screen (hint mode).
    Follow(usize),
    /// End the selection, the view staying where it is.
    EndSelection,
    /// Give this pane the focus.
    Focus(super::Focus),
    /// The list is to be ordered again (its sort or what it shows
    /// changed), and this said.
    ListChanged(Option<String>),
    /// The list's filter is now this.
    Filter(String),
    /// Apply this action, as if its key was pressed (Enter in a picker's
    /// filter opens the row selected).
    Apply(Action),
    /// Keep this query in the search history (and save it).
    Remember(Query),
    /// Search the whole library for this (as typed).
    SearchLibrary(Query),
    /// Open the bookmark with this id: its document, at its passage.
    OpenBookmark(String),
    /// The bookmarks pane's rows are to be made again (the entries
    /// changed).
    PaneStale,

    // The library's news, for the list, the reader and the marks.
    /// The loader will send this many documents.
    ListExpects(usize),
    /// Entry `index` arrived (`counted`: a file of the walk).
    Arrived { index: usize, counted: bool },
    /// The beginning of entry `index`'s large file is in.
    Previewed(usize, Arc<Document>),
    /// Entry `index`'s whole text is in.
    Completed(usize, Arc<Document>),
    /// Entry `index` has its content hash (its bookmarks are found by it).
    Hashed(usize),
    /// Entry `index` could not be read: nothing more is coming for it.
    GaveUp(usize),
    /// Entry `index`'s file changed on disk and the entry was replaced.
    Replaced(usize),
    /// Entry `index`'s file went away.
    Removed(usize),

    // What the reading part asks of the rest when a text arrives.
    /// Open entry `n` in the reader again (the focus stays).
    Reopen(usize),
    /// Go to what waited for entry `n`'s text (a jump, the end).
    Land(usize, Option<AfterLoad>),
    /// Run the search in force again.
    SearchAgain(Again),
    /// Anchor the open document's bookmarks again.
    AnchorMarks,
    /// Open the document read last if it has arrived by now.
    Resume,

    // What an overlay asks of the rest.
    /// Quit folio.
    Quit,
    /// Open library search again (the results' `/`).
    StartLibrarySearch,
    /// Go to the outline's row `n` (as filtered).
    Section(usize),
    /// Open the library search result on row `n`.
    OpenResult(usize),
    /// The bookmarks pane asked this (Marks answer it).
    Pane(Asked),

    // The app's own actions (see `global.rs`).
    /// Ctrl-O (`back`) or the way forward again.
    Jump { back: bool },
    /// Hide the list, or show it.
    ToggleList,
    /// Set the reading column to this many columns.
    Width(usize),
    /// The configuration's `reflow` changed: the open document is laid
    /// out again with it.
    Reflow(crate::document::Reflow),
    /// The configuration's `sort` changed: the list takes it.
    Sort(super::SortKey),
    /// The configuration says whether the list shows and how wide the
    /// reading column is.
    Layout { list: bool, width: usize },
    /// Archive the selected document, or bring it back.
    Archive,
    /// Open the document selected in the list, with the focus.
    OpenSelected,
    /// Give the list the focus, on the document open.
    FocusList,
    /// Go to the next (`forward`) or previous bookmark, `times` over.
    BookmarkStep { forward: bool, times: usize },
    /// Clear the search highlights.
    ClearSearch,
    /// The wheel turned over a place on screen.
    Wheel { column: u16, row: u16, lines: i16 },
    /// A click on a place on screen.
    Click { column: u16, row: u16 },
    /// Select row `n` of the list, keeping it on screen.
    SelectRow(usize),
    /// Scroll the text this many lines, down or up.
    Scroll { lines: usize, down: bool },
    /// A click on the text at this cell (the reader takes the focus).
    ClickText { column: u16, row: u16 },
}
