//! The bottom-line prompt: its text, cursor and history. What the text is
//! for (its [`Purpose`]) is the business of whoever opened it, told by
//! what each action did ([`Typed`]).

use super::SearchState;
use crate::action::Action;
use crate::bookmarks::Bookmark;
use crate::layout::Pos;
use crate::search::Query;

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

/// Who answers a prompt: the part that opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// The open document's search.
    Reading,
    /// A bookmark's or highlight's note.
    Marks,
    /// An overlay's filter.
    Overlay,
    /// The list's filter.
    List,
    /// Hint mode and what to do with an address.
    Links,
    /// Library search, answered by the app (it sends the job).
    LibrarySearch,
    /// A `:` command, run by the app.
    Command,
}

impl Purpose {
    /// The part that answers this prompt.
    pub(super) fn owner(&self) -> Owner {
        match self {
            Self::Search { .. } => Owner::Reading,
            Self::Note { .. } => Owner::Marks,
            Self::Filter | Self::HelpFilter | Self::OutlineFilter => Owner::Overlay,
            Self::ListFilter => Owner::List,
            Self::LinkHint | Self::LinkAction { .. } => Owner::Links,
            Self::LibrarySearch => Owner::LibrarySearch,
            Self::Command => Owner::Command,
        }
    }
}

/// What the prompt came to, handed to its [`Owner`]: the prompt itself
/// while it stays open, and once closed.
#[derive(Debug)]
pub(super) enum Answer<'a> {
    /// The text (or the regex switch) changed: a live search or filter
    /// follows it.
    Changed(&'a Prompt),
    /// Enter: the prompt is closed.
    Accepted(Prompt),
    /// Esc: the prompt is closed, and what it was for goes back to how it
    /// was.
    Cancelled(Prompt),
}

impl Answer<'_> {
    /// The prompt answered.
    pub(super) fn prompt(&self) -> &Prompt {
        match self {
            Self::Changed(prompt) => prompt,
            Self::Accepted(prompt) | Self::Cancelled(prompt) => prompt,
        }
    }

    /// Its text as a query.
    pub(super) fn query(&self) -> Query {
        let prompt = self.prompt();
        Query { text: prompt.input.clone(), regex: prompt.regex }
    }
}

/// `action` given to the prompt open in `slot`: the answer for the part
/// that opened it (the prompt taken out of `slot` once accepted or
/// cancelled); `Ok(None)` when nothing changed or none is open; `Err` when
/// the action quits folio.
pub(super) fn answer<'a>(
    slot: &'a mut Option<Prompt>,
    action: Action,
    history: &[Query],
) -> Result<Option<Answer<'a>>, Quitting> {
    let Some(prompt) = slot.as_mut() else { return Ok(None) };
    Ok(match prompt.on_action(action, history) {
        Typed::Unchanged => None,
        Typed::Quit => return Err(Quitting),
        Typed::Changed => slot.as_ref().map(Answer::Changed),
        Typed::Accepted => slot.take().map(Answer::Accepted),
        Typed::Cancelled => slot.take().map(Answer::Cancelled),
    })
}

/// Quit was asked for from the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Quitting;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The prompt stays in its slot while it is typed in and leaves it
    /// once answered.
    #[test]
    fn an_answer_takes_the_prompt_once_it_is_closed() {
        let mut slot = Some(Prompt::with_text(Purpose::Filter, "wha"));
        assert!(
            matches!(answer(&mut slot, Action::Insert('l'), &[]), Ok(Some(Answer::Changed(p))) if p.input == "whal")
        );
        assert!(slot.is_some());
        assert!(matches!(answer(&mut slot, Action::Accept, &[]), Ok(Some(Answer::Accepted(p))) if p.input == "whal"));
        assert!(slot.is_none());
        assert!(matches!(answer(&mut slot, Action::Insert('x'), &[]), Ok(None)), "none open");
        let mut slot = Some(Prompt::with_text(Purpose::Filter, ""));
        assert!(matches!(answer(&mut slot, Action::Cancel, &[]), Ok(Some(Answer::Cancelled(_)))));
    }

    /// Each prompt goes back to the part that opened it, and the overlay's,
    /// the list's and the links' answers are theirs alone.
    #[test]
    fn each_prompt_is_answered_by_the_part_that_opened_it() {
        use super::super::outcome::Outcome;
        use super::super::{Library, ListView, Overlay, links};
        let owners = [
            (Purpose::Search { origin: Pos::default(), previous: None }, Owner::Reading),
            (Purpose::ListFilter, Owner::List),
            (Purpose::OutlineFilter, Owner::Overlay),
            (Purpose::LinkHint, Owner::Links),
            (Purpose::Command, Owner::Command),
        ];
        for (purpose, owner) in owners {
            assert_eq!(purpose.owner(), owner, "{purpose:?}");
        }

        // An overlay's filter follows the text and is emptied by Esc; Enter
        // in the outline's goes to the section selected.
        let mut overlay = Overlay::Outline(crate::app::Outline { selected: 3, filter: String::new() });
        let prompt = Prompt::with_text(Purpose::OutlineFilter, "whale");
        assert!(overlay.filter_answered(&Answer::Changed(&prompt)).is_empty());
        assert_eq!(overlay, Overlay::Outline(crate::app::Outline { selected: 0, filter: "whale".into() }));
        let open = overlay.filter_answered(&Answer::Accepted(prompt.clone()));
        assert!(matches!(open.as_slice(), [Outcome::Apply(Action::Open)]), "{open:?}");
        overlay.filter_answered(&Answer::Cancelled(prompt));
        assert_eq!(overlay, Overlay::Outline(crate::app::Outline { selected: 0, filter: String::new() }));

        // The list's filter is said as an outcome; Enter on an empty list
        // opens nothing.
        let list = ListView::default();
        let prompt = Prompt::with_text(Purpose::ListFilter, "rfc");
        let changed = list.filter_answered(&Answer::Changed(&prompt));
        assert!(matches!(changed.as_slice(), [Outcome::Filter(f)] if f == "rfc"), "{changed:?}");
        assert!(list.filter_answered(&Answer::Accepted(prompt)).is_empty());

        // Hint mode: "1" of 12 links waits for a second digit, "2" of 25
        // too; "7" of 12 is followed at once; "x" closes the prompt.
        let library = Library::new(Vec::new(), crate::library::WatchPlan::default(), false);
        let hint = |typed: &str, count: usize| {
            let prompt = Prompt::with_text(Purpose::LinkHint, typed);
            links::link_answered(&Answer::Changed(&prompt), count, &library, true)
        };
        assert!(hint("1", 12).is_empty() && hint("2", 25).is_empty());
        assert!(matches!(hint("7", 12).as_slice(), [Outcome::Follow(7)]));
        assert!(matches!(hint("x", 12).as_slice(), [Outcome::Prompt(None), Outcome::Say(_)]));
        // The question about an address: Enter opens an http link, never
        // another scheme.
        let ask = |url: &str, openable: bool| {
            let prompt = Prompt::new(Purpose::LinkAction { url: url.to_owned(), openable });
            links::link_answered(&Answer::Accepted(prompt), 0, &library, true)
        };
        assert!(matches!(ask("https://example.org/", true).first(), Some(Outcome::Effect(_))));
        assert!(matches!(ask("file:///etc/passwd", false).as_slice(), [Outcome::Say(_)]));
    }

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
