//! The read side of the app: what the panes, the runner and the tests
//! read of it, and nothing that changes it (every method takes `&self`,
//! which `tests/project/architecture.rs` holds). Kept apart from
//! `app/mod.rs`, which is the write side: `update` and the glue that
//! routes a message to a part and one part's outcome to another.

use super::{
    App, HelpLine, Hint, Library, LibrarySearch, ListView, Marks, OutlineRow, Overlay, Prompt, Reader, Screen,
    SearchState, Settings, Shelf, help_area, help_lines,
};
use crate::keymap::{Keymap, Scope};
use crate::library::Entry;

impl App {
    /// The documents: entries, loading and indexing state, roots.
    #[must_use]
    pub fn library(&self) -> &Library {
        self.desk.library()
    }

    /// The documents of the library, by index (a removed file stays,
    /// hidden from the list).
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        self.desk.library().entries()
    }

    /// The open document and how it is laid out.
    #[must_use]
    pub fn reader(&self) -> Option<&Reader> {
        self.desk.reading().reader.as_ref()
    }

    /// The in-document search in force.
    #[must_use]
    pub fn search(&self) -> Option<&SearchState> {
        self.desk.reading().search.as_ref()
    }

    /// The status bar's message, until the next key.
    #[must_use]
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    #[must_use]
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    /// The bottom-line prompt, while one is open.
    #[must_use]
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// The size, the focus, whether the list is hidden, the reading
    /// width; and where everything goes on screen.
    #[must_use]
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// What the list shows, in which order.
    #[must_use]
    pub fn view(&self) -> &ListView {
        self.desk.view()
    }

    /// The keys in force.
    #[must_use]
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    #[must_use]
    pub fn marks(&self) -> &Marks {
        self.desk.marks()
    }

    /// Problems and notices met so far, oldest first.
    #[must_use]
    pub fn log(&self) -> &[String] {
        &self.log
    }

    /// Earlier queries, oldest first.
    #[must_use]
    pub fn history(&self) -> &[crate::search::Query] {
        &self.history
    }

    #[must_use]
    pub fn library_search(&self) -> Option<&LibrarySearch> {
        self.desk.library_search()
    }

    /// What the configuration says (the look, the mouse, justification).
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The user asked to leave.
    #[must_use]
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// When the app next needs a [`Msg::Tick`] (a brief highlight ends).
    #[must_use]
    pub fn next_tick(&self) -> Option<std::time::Instant> {
        self.desk.reading().flash_ends()
    }

    /// Which bindings apply now.
    #[must_use]
    pub fn scope(&self) -> Scope {
        if self.prompt.is_some() {
            return Scope::Prompt;
        }
        match self.overlay.scope() {
            Some(scope) => scope,
            None if self.desk.selecting(self.screen.focus) => Scope::Select,
            None => Scope::Normal,
        }
    }

    /// The help's lines as the pane shows them now.
    #[must_use]
    pub fn help_view(&self) -> Vec<HelpLine> {
        let filter = match &self.overlay {
            Overlay::Help(help) => help.filter.as_str(),
            _ => "",
        };
        let (_, _, width, _) = help_area(self.screen.size);
        help_lines(&self.keymap, filter, usize::from(width.saturating_sub(2)))
    }

    /// The rows the outline overlay shows for its filter.
    #[must_use]
    pub fn outline_rows(&self) -> Vec<OutlineRow> {
        let filter = match &self.overlay {
            Overlay::Outline(outline) => outline.filter.as_str(),
            _ => "",
        };
        self.desk.reading().reader.as_ref().map_or_else(Vec::new, |r| r.outline_rows(filter))
    }

    /// The links on screen, numbered in reading order.
    #[must_use]
    pub fn hints(&self) -> Vec<Hint> {
        self.desk.reading().reader.as_ref().map_or_else(Vec::new, |r| r.hints(self.screen.body_height()))
    }

    /// What the list reads of the rest of the app to order and mark its
    /// rows.
    #[must_use]
    pub fn shelf(&self) -> Shelf<'_> {
        self.desk.shelf(self.screen.body_height())
    }

    /// Matches that fall in `range` of the open document, with whether each
    /// is the selected one; empty when the search is for another document.
    #[must_use]
    pub fn matches_in(&self, range: std::ops::Range<usize>) -> Vec<(std::ops::Range<usize>, bool)> {
        self.desk.reading().matches_in(range)
    }

    /// The passage highlighted for a moment in `entry`, if one is showing.
    #[must_use]
    pub fn flash_in(&self, entry: usize) -> Option<std::ops::Range<usize>> {
        self.desk.reading().flash_in(entry, self.clock)
    }

    /// Whether the open document is only a preview so far.
    #[must_use]
    pub fn reading_partial(&self) -> bool {
        self.desk.partial()
    }
}
