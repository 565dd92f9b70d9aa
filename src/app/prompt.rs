//! The bottom-line prompt and in-document search, as part of [`App`].
//!
//! Each change to the query submits a [`Job`] (as an [`Effect`] for the
//! runner); results come back through [`App::apply_search`] and are ignored
//! unless they answer the newest job.

use std::ops::Range;
use std::sync::Arc;

use super::{App, Effect, Focus};
use crate::action::Action;
use crate::bookmarks::Bookmark;
use crate::layout::Pos;
use crate::search::{Job, Outcome};
use crate::search::{Query, SearchError};

use crate::history::HISTORY_LIMIT;

/// What the prompt is for.
#[derive(Debug, Clone)]
pub enum Purpose {
    /// Searching the open document; `origin` is where the view was.
    Search { origin: Pos, previous: Option<SearchState> },
    /// The note of a new bookmark, or of one being edited.
    Note { bookmark: Box<Bookmark>, editing: bool },
    /// Filtering the bookmarks pane.
    Filter,
    /// A `:` command.
    Command,
    /// The list's fuzzy filter.
    ListFilter,
    /// Filtering the help overlay.
    HelpFilter,
    /// Filtering the outline.
    OutlineFilter,
    /// The number of a link on screen.
    LinkHint,
    /// What to do with an address outside: open (if it may be), copy.
    LinkAction { url: String, openable: bool },
    /// Library-wide search.
    LibrarySearch,
}

/// Text being typed on the bottom line.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub purpose: Purpose,
    pub input: String,
    /// Byte offset of the cursor in `input`.
    pub cursor: usize,
    pub regex: bool,
    /// The whole input is selected (a filter reopened with its old text):
    /// typing replaces it, Backspace clears it, moving the cursor keeps it,
    /// as in a browser's address bar.
    pub selected: bool,
    history_pos: Option<usize>,
    draft: String,
    draft_regex: bool,
}

impl Prompt {
    pub(super) fn new(purpose: Purpose) -> Self {
        Self {
            purpose,
            input: String::new(),
            cursor: 0,
            regex: false,
            selected: false,
            history_pos: None,
            draft: String::new(),
            draft_regex: false,
        }
    }

    /// What the prompt line starts with (a hint names the keys in force).
    #[must_use]
    pub fn label(&self, keymap: &crate::keymap::Keymap) -> String {
        use crate::keymap::Scope;
        let label = match (&self.purpose, self.regex) {
            (Purpose::Search { .. }, false) => "/",
            (Purpose::Search { .. }, true) => "/(regex) ",
            (Purpose::Note { editing: false, bookmark }, _) => {
                return format!(
                    "{}note ({} saves, {} cancels): ",
                    if bookmark.highlight { "highlight; " } else { "" },
                    keymap.hint(Scope::Prompt, Action::Accept),
                    keymap.hint(Scope::Prompt, Action::Cancel)
                );
            }
            (Purpose::Note { editing: true, .. }, _) => "edit note: ",
            (Purpose::Filter, _) => "filter: ",
            (Purpose::Command, _) => ":",
            (Purpose::ListFilter, _) => "filter the list: ",
            (Purpose::HelpFilter, _) => "filter the help: ",
            (Purpose::OutlineFilter, _) => "filter the sections: ",
            (Purpose::LinkHint, _) => "follow link number: ",
            (Purpose::LinkAction { url, openable }, _) => {
                let open = keymap.hint(Scope::Prompt, Action::Accept);
                let cancel = keymap.hint(Scope::Prompt, Action::Cancel);
                return if *openable && crate::web::is_url(url) {
                    format!("{url}  (r reads it here, {open} opens it in your browser, y copies, {cancel} cancels) ")
                } else if *openable {
                    format!("{url}  ({open} opens it in your browser, y copies, {cancel} cancels) ")
                } else {
                    format!("{url}  (never opened: not http, https or mailto; y copies, {cancel} cancels) ")
                };
            }
            (Purpose::LibrarySearch, false) => "search the library: ",
            (Purpose::LibrarySearch, true) => "search the library (regex): ",
        };
        label.to_owned()
    }

    fn set(&mut self, text: &str) {
        self.input = text.to_owned();
        self.cursor = self.input.len();
        self.selected = false;
    }

    /// A prompt that starts with `text`, the cursor at its end.
    pub(super) fn with_text(purpose: Purpose, text: &str) -> Self {
        let mut prompt = Self::new(purpose);
        prompt.set(text);
        prompt
    }

    /// A prompt that starts with `text`, all of it selected.
    pub(super) fn with_selected(purpose: Purpose, text: &str) -> Self {
        let mut prompt = Self::new(purpose);
        prompt.set(text);
        prompt.selected = !text.is_empty();
        prompt
    }

    /// An action while the prompt is open: editing and the search history
    /// here; what the text is for is the business of whoever opened the
    /// prompt, told by the outcome.
    pub(super) fn on_action(&mut self, action: Action, history: &[Query]) -> Typed {
        let search = matches!(self.purpose, Purpose::Search { .. });
        match action {
            Action::Accept => Typed::Accepted,
            Action::Cancel => Typed::Cancelled,
            Action::DeleteBack if self.input.is_empty() && search => Typed::Cancelled,
            Action::HistoryPrev | Action::HistoryNext if search => {
                if self.recall(action == Action::HistoryPrev, history) { Typed::Changed } else { Typed::Unchanged }
            }
            Action::ToggleRegex if search || matches!(self.purpose, Purpose::LibrarySearch) => {
                self.regex = !self.regex;
                Typed::Changed
            }
            Action::Quit => Typed::Quit,
            other if self.edit(other) => Typed::Changed,
            _ => Typed::Unchanged,
        }
    }

    /// Up and Down in the search prompt: an older or newer query from
    /// `history`, back to what was being typed past the newest; false when
    /// there is nothing to recall.
    fn recall(&mut self, older: bool, history: &[Query]) -> bool {
        let len = history.len();
        let pos = match (self.history_pos, older) {
            (None, true) if len > 0 => {
                self.draft = self.input.clone();
                Some(len - 1)
            }
            (Some(p), true) => Some(p.saturating_sub(1)),
            (Some(p), false) if p + 1 < len => Some(p + 1),
            (Some(_), false) => None,
            (None, _) => return false,
        };
        if self.history_pos.is_none() {
            self.draft_regex = self.regex;
        }
        self.history_pos = pos;
        // A recalled query comes back in the mode it was typed in.
        let query = pos
            .and_then(|p| history.get(p))
            .cloned()
            .unwrap_or_else(|| Query { text: self.draft.clone(), regex: self.draft_regex });
        self.set(&query.text);
        self.regex = query.regex;
        true
    }

    /// Applies an editing action; true when the text changed.
    fn edit(&mut self, action: Action) -> bool {
        if std::mem::take(&mut self.selected) {
            match action {
                Action::Insert(_) | Action::DeleteBack | Action::DeleteWord => self.set(""),
                Action::CursorLeft | Action::LineStart => {
                    self.cursor = 0;
                    return false;
                }
                _ => {}
            }
        }
        let before = self.input.clone();
        match action {
            Action::Insert(c) => {
                self.input.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            Action::DeleteBack => {
                if let Some(c) = self.input[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                    self.input.remove(self.cursor);
                }
            }
            Action::DeleteWord => {
                let head = self.input[..self.cursor].trim_end();
                let start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                self.input.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Action::ClearLine => self.set(""),
            Action::CursorLeft => {
                if let Some(c) = self.input[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                }
            }
            Action::CursorRight => {
                if let Some(c) = self.input[self.cursor..].chars().next() {
                    self.cursor += c.len_utf8();
                }
            }
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = self.input.len(),
            _ => {}
        }
        self.input != before
    }
}

/// What an action did to the prompt, for whoever opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Typed {
    /// The text (or the regex switch) changed: a live search or filter
    /// follows it.
    Changed,
    Accepted,
    Cancelled,
    /// Quit, from the prompt too.
    Quit,
    Unchanged,
}

/// The search in force.
#[derive(Debug, Clone)]
pub struct SearchState {
    pub query: Query,
    /// The document searched.
    pub entry: usize,
    id: u64,
    /// Matches as ranges of the document's text, in order.
    pub matches: Arc<[Range<usize>]>,
    /// The selected match.
    pub current: Option<usize>,
    pub error: Option<String>,
    /// Waiting for the worker.
    pub pending: bool,
    /// Move the view to a match when the result arrives.
    jump: bool,
    /// Select the match starting here when the result arrives.
    select_at: Option<usize>,
    /// The text searched was only the preview of a document still
    /// loading: the search runs again over the whole text when it arrives,
    /// and "no match" is not said until then.
    pub partial: bool,
}

impl SearchState {
    /// The status text: `match 3/17`, `no match for "x"`, `searching…`.
    #[must_use]
    pub fn summary(&self) -> String {
        if let Some(error) = &self.error {
            return error.clone();
        }
        if self.partial && self.matches.is_empty() {
            return "searching while loading…".to_owned();
        }
        if self.pending && self.matches.is_empty() {
            return "searching…".to_owned();
        }
        let so_far = if self.partial { " so far (loading…)" } else { "" };
        match (self.current, self.matches.len()) {
            (Some(i), n) if self.partial => format!("match {}/{n}{so_far}", i + 1),
            (None, n) if self.partial => format!("{n} matches{so_far}"),
            (_, 0) => format!("no match for \"{}\"", self.query.text),
            (Some(i), n) => format!("match {}/{n}", i + 1),
            (None, n) => format!("{n} matches"),
        }
    }
}

impl App {
    /// The prompt's keys, or a character typed as text.
    pub(super) fn prompt_key(&mut self, key: crate::keymap::Key) {
        use crate::keymap::{Code, Scope};
        let action = self.keymap.action(Scope::Prompt, key).or(match key.code {
            Code::Char(c) if !key.ctrl && !key.alt => Some(Action::Insert(c)),
            _ => None,
        });
        if let Some(action) = action {
            self.apply(action);
        }
    }

    /// Opens the search prompt over the open document.
    pub(super) fn start_search(&mut self) {
        let Some(reader) = &self.reader else {
            self.status = Some("open a document to search it".to_owned());
            return;
        };
        self.focus = Focus::Reader;
        let previous = self.search.take();
        self.prompt = Some(Prompt::new(Purpose::Search { origin: reader.top, previous }));
    }

    /// Applies an action while the prompt is open: the prompt edits its
    /// text, and its outcome is routed here by what the prompt is for.
    pub(super) fn prompt_update(&mut self, action: Action) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        match prompt.on_action(action, &self.history) {
            Typed::Changed => self.query_changed(),
            Typed::Accepted => self.accept_prompt(),
            Typed::Cancelled => self.cancel_prompt(),
            Typed::Quit => self.quit = true,
            Typed::Unchanged => {}
        }
    }

    fn query_changed(&mut self) {
        let Some(prompt) = &self.prompt else { return };
        let origin = match &prompt.purpose {
            Purpose::Search { origin, .. } => *origin,
            Purpose::Filter => {
                let filter = prompt.input.clone();
                self.overlay = super::Overlay::Bookmarks { selected: 0, filter };
                return;
            }
            Purpose::ListFilter => {
                let filter = prompt.input.clone();
                self.set_filter(&filter);
                return;
            }
            Purpose::HelpFilter => {
                let filter = prompt.input.clone();
                self.overlay = super::Overlay::Help { scroll: 0, filter };
                return;
            }
            Purpose::OutlineFilter => {
                let filter = prompt.input.clone();
                self.overlay = super::Overlay::Outline { selected: 0, filter };
                return;
            }
            Purpose::LinkHint => {
                let then = super::links::hint_typed(&prompt.input, self.hints().len());
                self.carry_out(then);
                return;
            }
            Purpose::LinkAction { url, openable } => {
                // y copies; r reads a web page here.
                let (url, openable) = (url.clone(), *openable);
                let typed = prompt.input.clone();
                self.prompt = None;
                let then = super::links::link_action(&typed, &url, openable, &self.library, self.clipboard);
                self.carry_out(then);
                return;
            }
            Purpose::LibrarySearch => {
                let query = Query { text: prompt.input.clone(), regex: prompt.regex };
                self.submit_library_search(query);
                return;
            }
            Purpose::Note { .. } | Purpose::Command => return,
        };
        let query = Query { text: prompt.input.clone(), regex: prompt.regex };
        if query.text.is_empty() {
            self.search = None;
            if let Some(reader) = &mut self.reader {
                reader.top = origin;
            }
            return;
        }
        self.submit_search(query, true);
    }

    /// Starts searching the open document for `query`.
    fn submit_search(&mut self, query: Query, jump: bool) {
        let partial = self.reading_partial();
        let Some(reader) = &self.reader else { return };
        self.next_job += 1;
        let id = self.next_job;
        self.effects.push(Effect::Search(Job::Find {
            id,
            doc: Arc::clone(&reader.doc),
            query: query.clone(),
            rules: self.rules,
        }));
        // Old highlights stay until the new ones arrive: no flicker.
        let matches = self.search.as_ref().map_or_else(|| Arc::from(Vec::new()), |s| Arc::clone(&s.matches));
        self.search = Some(SearchState {
            query,
            entry: reader.entry,
            id,
            matches,
            current: None,
            error: None,
            pending: true,
            jump,
            select_at: None,
            partial,
        });
    }

    /// Searches the open document for `query` with the match at `offset`
    /// selected, without moving the view (it is already there).
    pub(super) fn search_at(&mut self, query: Query, offset: usize) {
        self.submit_search(query, false);
        if let Some(search) = &mut self.search {
            search.select_at = Some(offset);
        }
    }

    fn accept_prompt(&mut self) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        let (origin, previous) = match prompt.purpose {
            Purpose::Search { origin, previous } => (origin, previous),
            Purpose::Note { bookmark, editing } => {
                self.accept_note(*bookmark, editing, prompt.input);
                return;
            }
            // A picker's filter takes Enter once, as fzf's and helix's do:
            // it goes to the entry selected (the help has none to go to).
            Purpose::ListFilter if self.view.order.is_empty() => return,
            Purpose::Filter | Purpose::ListFilter | Purpose::OutlineFilter => {
                self.apply(Action::Open);
                return;
            }
            Purpose::HelpFilter | Purpose::LibrarySearch => return,
            Purpose::LinkHint => {
                let then = super::links::hint_accepted(&prompt.input, self.hints().len());
                self.carry_out([then]);
                return;
            }
            Purpose::LinkAction { url, openable } => {
                self.carry_out(super::links::open_url(&url, openable));
                return;
            }
            Purpose::Command => {
                self.run_command(&prompt.input);
                return;
            }
        };
        if prompt.input.is_empty() {
            // An empty search repeats the last one, as in vim and less.
            self.search = previous;
            self.search_step(true);
            return;
        }
        // The place the search started from is a jump, for Ctrl-O.
        self.remember_jump_from(origin);
        if let Some(search) = self.search.as_ref().filter(|s| s.current.is_none()) {
            // No match (yet): say so, as less does; a match shows its count.
            self.status = Some(search.summary());
        }
        let query = Query { text: prompt.input.clone(), regex: prompt.regex };
        self.history.retain(|q| q != &query);
        self.history.push(query);
        if self.history.len() > HISTORY_LIMIT {
            let extra = self.history.len() - HISTORY_LIMIT;
            self.history.drain(..extra);
        }
        self.effects.push(Effect::SaveHistory(self.history.clone()));
    }

    fn cancel_prompt(&mut self) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        let (origin, previous) = match prompt.purpose {
            Purpose::Search { origin, previous } => (origin, previous),
            Purpose::Note { editing, bookmark } => {
                self.status = Some(
                    match (editing, bookmark.highlight) {
                        (true, _) => "note unchanged",
                        (false, true) => "no highlight added",
                        (false, false) => "no bookmark added",
                    }
                    .to_owned(),
                );
                return;
            }
            Purpose::Filter => {
                self.overlay = super::Overlay::Bookmarks { selected: 0, filter: String::new() };
                return;
            }
            Purpose::Command => return,
            Purpose::ListFilter => {
                self.set_filter("");
                return;
            }
            Purpose::HelpFilter => {
                self.overlay = super::Overlay::Help { scroll: 0, filter: String::new() };
                return;
            }
            Purpose::OutlineFilter => {
                self.overlay = super::Overlay::Outline { selected: 0, filter: String::new() };
                return;
            }
            Purpose::LinkHint | Purpose::LinkAction { .. } => return,
            Purpose::LibrarySearch => {
                self.overlay = super::Overlay::None;
                return;
            }
        };
        self.search = previous;
        if let Some(reader) = &mut self.reader {
            reader.top = origin;
        }
    }

    /// Takes in a finished search; stale answers are dropped.
    pub(super) fn apply_search(&mut self, outcome: Outcome) {
        /// Whether a match is in a block of the document.
        fn shown(doc: &crate::document::Document, m: &std::ops::Range<usize>) -> bool {
            doc.blocks.get(doc.block_at(m.start)).is_some_and(|b| b.range.start <= m.start && m.end <= b.range.end)
        }
        let Some(search) = &mut self.search else {
            return;
        };
        if search.id != outcome.id {
            return;
        }
        search.pending = false;
        match outcome.result {
            Ok(matches) => {
                // Only what can be shown counts: a match in text no block
                // shows (an article's `Source:` line, kept as metadata) was
                // "match 20/20" with nothing highlighted.
                let doc = self.reader.as_ref().filter(|r| r.entry == search.entry).map(|r| &r.doc);
                search.matches = match doc {
                    Some(doc) if matches.iter().any(|m| !shown(doc, m)) => {
                        matches.iter().filter(|m| shown(doc, m)).cloned().collect::<Vec<_>>().into()
                    }
                    _ => matches,
                };
                search.error = None;
            }
            Err(SearchError::Empty) => search.matches = Arc::from(Vec::new()),
            Err(SearchError::Regex(message)) => {
                search.matches = Arc::from(Vec::new());
                search.error = Some(format!("invalid regex: {message}"));
            }
        }
        search.current = search.select_at.take().and_then(|at| search.matches.iter().position(|m| m.start == at));
        if !std::mem::take(&mut search.jump) {
            return;
        }
        // The first match at or after where the search began.
        let origin = match &self.prompt {
            Some(Prompt { purpose: Purpose::Search { origin, .. }, .. }) => Some(*origin),
            _ => self.reader.as_ref().map(|r| r.top),
        };
        let Some(reader) = &self.reader else { return };
        let from = origin.map_or(0, |o| reader.layout.offset_of(&reader.doc, o));
        let Some(search) = &mut self.search else { return };
        if search.matches.is_empty() {
            // Over a preview, the jump waits for the whole text.
            search.jump = search.partial;
            self.status = Some(search.summary());
            if let (Some(reader), Some(origin)) = (&mut self.reader, origin) {
                reader.top = origin;
            }
            return;
        }
        let next = search.matches.partition_point(|m| m.start < from);
        let (index, wrapped) = if next < search.matches.len() { (next, false) } else { (0, true) };
        self.show_match(index, wrapped.then_some("search hit BOTTOM, continuing at TOP"));
    }

    /// `n` / `N`: the next or previous match, wrapping at the ends.
    pub(super) fn search_step(&mut self, forward: bool) {
        let open = self.reader.as_ref().map(|r| r.entry);
        let Some(search) = &self.search else {
            match self.history.last().cloned() {
                Some(query) => self.submit_search(query, true),
                None => {
                    let key = self.keymap.hint(crate::keymap::Scope::Normal, Action::Search);
                    self.status = Some(format!("no previous search; press {key} to search"));
                }
            }
            return;
        };
        if search.entry_differs(open) {
            let query = search.query.clone();
            self.submit_search(query, true);
            return;
        }
        if search.matches.is_empty() {
            self.status = Some(search.summary());
            return;
        }
        let len = search.matches.len();
        let Some(reader) = &self.reader else { return };
        let (index, note) = match search.current {
            Some(i) if forward && i + 1 == len => (0, Some("search hit BOTTOM, continuing at TOP")),
            Some(0) if !forward => (len - 1, Some("search hit TOP, continuing at BOTTOM")),
            Some(i) if forward => (i + 1, None),
            Some(i) => (i - 1, None),
            None => {
                let from = reader.layout.offset_of(&reader.doc, reader.top);
                let after = search.matches.partition_point(|m| m.start < from);
                if forward {
                    if after < len { (after, None) } else { (0, Some("search hit BOTTOM, continuing at TOP")) }
                } else if after > 0 {
                    (after - 1, None)
                } else {
                    (len - 1, Some("search hit TOP, continuing at BOTTOM"))
                }
            }
        };
        self.show_match(index, note);
    }

    /// Selects match `index` and scrolls it into view, a few lines below
    /// the top so its context shows.
    fn show_match(&mut self, index: usize, note: Option<&str>) {
        let height = self.body_height();
        let (Some(search), Some(reader)) = (&mut self.search, &mut self.reader) else {
            return;
        };
        let Some(range) = search.matches.get(index).cloned() else {
            return;
        };
        search.current = Some(index);
        reader.layout.reveal(&reader.doc, range.start);
        let pos = reader.layout.pos_of_offset(&reader.doc, range.start);
        let visible = reader.layout.visible(&reader.doc, reader.top, height);
        let on_screen = visible
            .iter()
            .any(|(_, l)| l.range.start <= range.start && range.start < l.range.end.max(l.range.start + 1));
        if !on_screen {
            let context = (height / 4).min(3);
            reader.top = reader.layout.up(&reader.doc, pos, context).min(reader.last_top(height));
        }
        // While selecting, a match is where the selection reaches: its
        // last character (or its first, going back before the start).
        if let Some(sel) = reader.selection {
            let to = if range.start < sel.anchor { range.start } else { range.end.saturating_sub(1) };
            reader.cursor_to(to, height);
        }
        // The count shows on the right of the status bar; only a wrap
        // needs saying.
        self.status = note.map(str::to_owned);
    }

    /// Matches that fall in `range` of the open document, with whether each
    /// is the selected one; empty when the search is for another document.
    #[must_use]
    pub fn matches_in(&self, range: Range<usize>) -> Vec<(Range<usize>, bool)> {
        let (Some(search), Some(reader)) = (&self.search, &self.reader) else {
            return Vec::new();
        };
        if search.entry != reader.entry {
            return Vec::new();
        }
        let first = search.matches.partition_point(|m| m.end <= range.start);
        search.matches[first..]
            .iter()
            .enumerate()
            .take_while(|(_, m)| m.start < range.end)
            .map(|(k, m)| (m.clone(), search.current == Some(first + k)))
            .collect()
    }

    /// Runs the search in force again over the whole of a document that was
    /// searched while only its preview had loaded: the selected match stays
    /// selected, and if none was found yet the view goes to the first match.
    pub(super) fn search_follows_load(&mut self) {
        let open = self.reader.as_ref().map(|r| r.entry);
        let Some(search) = &self.search else { return };
        if !search.partial || search.entry_differs(open) {
            return;
        }
        let query = search.query.clone();
        let selected = search.current.and_then(|i| search.matches.get(i)).map(|m| m.start);
        let jump = selected.is_none() && search.jump;
        self.submit_search(query, jump);
        if let Some(search) = &mut self.search {
            search.select_at = selected;
        }
    }

    /// Re-runs the search in force after the open document changed on disk.
    pub(super) fn search_follows_change(&mut self) {
        if let Some(search) = &self.search {
            let query = search.query.clone();
            self.submit_search(query, false);
        }
    }

    /// Re-runs the search in force on a newly opened document.
    pub(super) fn search_follows_document(&mut self) {
        let open = self.reader.as_ref().map(|r| r.entry);
        if let Some(search) = &self.search
            && search.entry_differs(open)
        {
            let query = search.query.clone();
            self.submit_search(query, false);
        }
    }
}

impl SearchState {
    fn entry_differs(&self, open: Option<usize>) -> bool {
        open.is_some_and(|e| e != self.entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(prompt: &mut Prompt, history: &[Query], actions: &[Action]) -> Vec<Typed> {
        actions.iter().map(|&a| prompt.on_action(a, history)).collect()
    }

    /// The prompt alone, without an app: it edits its text and recalls
    /// history, and says what happened for whoever opened it to act on.
    #[test]
    fn the_prompt_edits_recalls_and_reports_without_the_app() {
        let history = [Query { text: "whale".into(), regex: false }, Query { text: "a+b".into(), regex: true }];
        let mut prompt = Prompt::new(Purpose::Search { origin: Pos::default(), previous: None });
        let outcomes = typed(&mut prompt, &history, &[Action::Insert('s'), Action::Insert('e'), Action::CursorLeft]);
        assert_eq!(outcomes, [Typed::Changed, Typed::Changed, Typed::Unchanged]);
        assert_eq!((prompt.input.as_str(), prompt.cursor), ("se", 1));
        assert_eq!(prompt.on_action(Action::HistoryPrev, &history), Typed::Changed);
        assert_eq!((prompt.input.as_str(), prompt.regex), ("a+b", true), "recalled in its own mode");
        assert_eq!(prompt.on_action(Action::HistoryPrev, &history), Typed::Changed);
        assert_eq!(prompt.input, "whale");
        typed(&mut prompt, &history, &[Action::HistoryNext, Action::HistoryNext]);
        assert_eq!((prompt.input.as_str(), prompt.regex), ("se", false), "back to the draft");
        assert_eq!(prompt.on_action(Action::Accept, &history), Typed::Accepted);
        assert_eq!(prompt.on_action(Action::Quit, &history), Typed::Quit);
        prompt.set("");
        assert_eq!(prompt.on_action(Action::DeleteBack, &history), Typed::Cancelled, "Backspace on nothing leaves");
        // Other prompts have no history and no regex switch.
        let mut filter = Prompt::with_selected(Purpose::ListFilter, "old");
        assert_eq!(filter.on_action(Action::Insert('n'), &history), Typed::Changed);
        assert_eq!(filter.input, "n", "typing replaces a selected filter");
        assert_eq!(filter.on_action(Action::HistoryPrev, &history), Typed::Unchanged);
        assert_eq!(filter.on_action(Action::DeleteBack, &history), Typed::Changed);
        assert_eq!(filter.on_action(Action::DeleteBack, &history), Typed::Unchanged, "only a search leaves on it");
    }
}
