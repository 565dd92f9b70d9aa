//! What is open over the text, each variant keeping its own state (a
//! scroll, a selection, a filter) and answering the actions given to it.
//! An overlay changes only itself; what it asks of the rest of the app (to
//! close, to open a filter prompt, to go somewhere in the text) it says in
//! an [`Asked`], which it turns into outcomes itself ([`Overlay::asked`]);
//! `App` carries them out (opening a bookmark or a result, deleting a
//! bookmark: what belongs to other parts).

use crate::action::Action;
use crate::keymap::Scope;

use super::cursor::{Paging, moved};
use super::outcome::Outcome;
use super::{Answer, Prompt, Purpose};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    /// The help: how far it is scrolled, and the filter typed after `/`.
    Help {
        scroll: usize,
        filter: String,
    },
    /// The bookmarks pane: the selected bookmark (among those shown) and
    /// the filter text.
    Bookmarks {
        selected: usize,
        filter: String,
    },
    /// Library-wide search results, with the selected row.
    Results {
        selected: usize,
    },
    /// Problems and notices met so far.
    Log {
        scroll: usize,
    },
    /// The open document's sections: the selected row, and the filter.
    Outline {
        selected: usize,
        filter: String,
    },
    /// A note shown over the text (a footnote reference followed): how
    /// far it is scrolled, the reference's mark, its text, and where it is;
    /// or what a look-up printed (no place: `anchor` is empty).
    Note {
        scroll: usize,
        title: String,
        text: String,
        anchor: String,
    },
}

/// What an overlay needs to know of the rest of the app to answer.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seen {
    /// Rows of the overlay on screen.
    pub rows: usize,
    /// Rows of what it shows (lines of the help or the log, sections of
    /// the outline as filtered).
    pub total: usize,
}

/// What an overlay asks the app to do after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Asked {
    /// Nothing: it changed itself, or the action meant nothing to it.
    Nothing,
    /// Close it.
    Close,
    /// Quit folio.
    Quit,
    /// Open the prompt to filter it, from its filter as it is.
    Filter(String),
    /// Row `n` was chosen (a section, a bookmark, a result).
    Open(usize),
    /// Edit the note of the bookmark on row `n`.
    EditNote(usize),
    /// Delete the bookmark on row `n`.
    Delete(usize),
    /// Bring back the bookmark deleted last.
    Undo,
    /// A click on a row of the screen, which the app maps to a row.
    Click(u16),
    /// Search the library again (the results' `/`).
    SearchAgain,
    /// The note's place in the text was asked for (a jump).
    Anchor { anchor: String, title: String },
}

impl Overlay {
    /// The keys in force while it is open; `None` when none is.
    #[must_use]
    pub fn scope(&self) -> Option<Scope> {
        Some(match self {
            Self::Help { .. } | Self::Log { .. } => Scope::Help,
            Self::Note { .. } => Scope::Note,
            Self::Bookmarks { .. } => Scope::Bookmarks,
            Self::Results { .. } => Scope::Results,
            Self::Outline { .. } => Scope::Outline,
            Self::None => return None,
        })
    }

    /// The prompt that filters it, from `filter` (its filter as it is),
    /// for [`Asked::Filter`].
    pub(super) fn filter_prompt(&self, filter: &str) -> Option<Prompt> {
        match self {
            Self::Outline { .. } => Some(Prompt::with_selected(Purpose::OutlineFilter, filter)),
            // The bookmarks' filter goes on from its text.
            Self::Bookmarks { .. } => Some(Prompt::with_text(Purpose::Filter, filter)),
            Self::Help { .. } => Some(Prompt::with_selected(Purpose::HelpFilter, filter)),
            _ => None,
        }
    }

    /// Its filter prompt's answer: the filter follows the text as typed
    /// and is emptied by Esc; Enter goes to the row selected, as fzf's and
    /// helix's pickers do (the help has none to go to).
    pub(super) fn filter_answered(&mut self, answer: &Answer<'_>) -> Vec<Outcome> {
        let filter = match answer {
            Answer::Accepted(prompt) => {
                let go = matches!(prompt.purpose, Purpose::Filter | Purpose::OutlineFilter);
                return if go { vec![Outcome::Apply(Action::Open)] } else { Vec::new() };
            }
            Answer::Changed(prompt) => prompt.input.clone(),
            Answer::Cancelled(_) => String::new(),
        };
        match answer.prompt().purpose {
            Purpose::Filter => *self = Self::Bookmarks { selected: 0, filter },
            Purpose::HelpFilter => *self = Self::Help { scroll: 0, filter },
            Purpose::OutlineFilter => *self = Self::Outline { selected: 0, filter },
            _ => {}
        }
        Vec::new()
    }

    /// What an ask comes to: what the overlay says itself (close, its
    /// filter's prompt, a note's place), or what is another part's (a
    /// section, a result, the bookmarks pane's asks, which are Marks').
    pub(super) fn asked(&self, asked: Asked) -> Vec<Outcome> {
        match (asked, self) {
            (Asked::Nothing, _) => Vec::new(),
            (Asked::Close, _) => vec![Outcome::Overlay(Self::None)],
            (Asked::Quit, _) => vec![Outcome::Quit, Outcome::Overlay(Self::None)],
            (Asked::Filter(filter), overlay) => vec![Outcome::Prompt(overlay.filter_prompt(&filter))],
            (Asked::SearchAgain, _) => vec![Outcome::StartLibrarySearch],
            (Asked::Anchor { anchor, title }, _) => {
                vec![Outcome::Overlay(Self::None), Outcome::RememberJump, Outcome::Anchor { anchor, written: title }]
            }
            (Asked::Open(row), Self::Outline { .. }) => vec![Outcome::Section(row)],
            (Asked::Open(row), Self::Results { .. }) => vec![Outcome::OpenResult(row)],
            (asked, Self::Bookmarks { .. }) => vec![Outcome::Pane(asked)],
            _ => Vec::new(),
        }
    }

    /// Answers `action`; the help, the log, the note and the outline answer
    /// here, the others with [`Asked::Nothing`] (the app handles them).
    pub(super) fn on_action(&mut self, action: Action, seen: Seen) -> Asked {
        match self {
            Self::Help { scroll, filter } => {
                let last = seen.total.saturating_sub(seen.rows);
                if let Some(to) = moved(*scroll, action, last, Paging::rows(seen.rows)) {
                    *scroll = to;
                    return Asked::Nothing;
                }
                match action {
                    Action::Search => Asked::Filter(filter.clone()),
                    Action::Quit => Asked::Quit,
                    Action::Click { .. } => Asked::Nothing,
                    // Any other key closes the help, as in less.
                    _ => Asked::Close,
                }
            }
            Self::Log { scroll } => {
                let last = seen.total.saturating_sub(seen.rows);
                if let Some(to) = moved(*scroll, action, last, Paging::rows(seen.rows)) {
                    *scroll = to;
                    return Asked::Nothing;
                }
                match action {
                    Action::Quit => Asked::Quit,
                    Action::Click { .. } => Asked::Nothing,
                    _ => Asked::Close,
                }
            }
            Self::Note { scroll, title, text, anchor } => {
                // As far as the text could need, wrapped at the narrowest.
                let last = text.len() / 20 + text.lines().count();
                let half = (seen.rows / 2).max(1);
                if let Some(to) = moved(*scroll, action, last, Paging { page: half, half }) {
                    *scroll = to;
                    return Asked::Nothing;
                }
                match action {
                    // A look-up's output has no place in the text.
                    Action::Open if anchor.is_empty() => Asked::Close,
                    Action::Open => Asked::Anchor { anchor: anchor.clone(), title: title.clone() },
                    Action::Quit => Asked::Quit,
                    // Anything else closes it with the view where it was.
                    _ => Asked::Close,
                }
            }
            Self::Outline { selected, filter } => {
                let last = seen.total.saturating_sub(1);
                let paging = Paging { page: seen.rows, half: (seen.rows / 2).max(1) };
                if let Some(to) = moved(*selected, action, last, paging) {
                    *selected = to;
                    return Asked::Nothing;
                }
                match action {
                    Action::Search => Asked::Filter(filter.clone()),
                    Action::Open if *selected < seen.total => Asked::Open(*selected),
                    Action::Quit => Asked::Quit,
                    Action::Cancel | Action::Outline => Asked::Close,
                    _ => Asked::Nothing,
                }
            }
            Self::Bookmarks { selected, filter } => {
                let last = seen.total.saturating_sub(1);
                if let Some(to) = moved(*selected, action, last, Paging::rows(seen.rows)) {
                    *selected = to;
                    return Asked::Nothing;
                }
                let row = *selected;
                match action {
                    Action::Cancel => Asked::Close,
                    Action::Quit => Asked::Quit,
                    Action::Search => Asked::Filter(filter.clone()),
                    Action::Open if row < seen.total => Asked::Open(row),
                    Action::EditNote if row < seen.total => Asked::EditNote(row),
                    Action::Delete if row < seen.total => Asked::Delete(row),
                    Action::Undo => Asked::Undo,
                    Action::Click { row, .. } => Asked::Click(row),
                    _ => Asked::Nothing,
                }
            }
            Self::Results { selected } => {
                let last = seen.total.saturating_sub(1);
                let paging = Paging { page: seen.rows, half: (seen.rows / 2).max(1) };
                if let Some(to) = moved(*selected, action, last, paging) {
                    *selected = to;
                    return Asked::Nothing;
                }
                match action {
                    Action::Search | Action::LibrarySearch => Asked::SearchAgain,
                    Action::Cancel => Asked::Close,
                    Action::Quit => Asked::Quit,
                    Action::Open if *selected < seen.total => Asked::Open(*selected),
                    _ => Asked::Nothing,
                }
            }
            Self::None => Asked::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The overlays alone, without an app: each moves its own cursor and
    /// says what it needs of the app.
    #[test]
    fn overlays_move_themselves_and_ask_for_the_rest() {
        let seen = Seen { rows: 10, total: 25 };
        let mut help = Overlay::Help { scroll: 0, filter: "key".into() };
        assert_eq!(help.on_action(Action::Bottom, seen), Asked::Nothing);
        assert_eq!(help, Overlay::Help { scroll: 15, filter: "key".into() }, "the last screenful");
        assert_eq!(help.on_action(Action::Search, seen), Asked::Filter("key".into()));
        assert_eq!(help.scope(), Some(Scope::Help));
        let again = help.filter_prompt("key").expect("the help is filtered");
        assert!(matches!(again.purpose, Purpose::HelpFilter) && again.selected, "its old filter, selected");
        assert_eq!(help.on_action(Action::Cancel, seen), Asked::Close);

        let mut outline = Overlay::Outline { selected: 3, filter: String::new() };
        assert_eq!(outline.on_action(Action::PageDown, seen), Asked::Nothing);
        assert_eq!(outline, Overlay::Outline { selected: 13, filter: String::new() });
        assert_eq!(outline.on_action(Action::Open, seen), Asked::Open(13));
        assert_eq!(outline.on_action(Action::Help, seen), Asked::Nothing, "other keys leave it open");
        let empty = Seen { rows: 10, total: 0 };
        let mut none_left = Overlay::Outline { selected: 0, filter: "zzz".into() };
        assert_eq!(none_left.on_action(Action::Open, empty), Asked::Nothing, "a filter that hides every row");

        let mut pane = Overlay::Bookmarks { selected: 24, filter: String::new() };
        assert_eq!(pane.on_action(Action::Down, seen), Asked::Nothing);
        assert_eq!(pane, Overlay::Bookmarks { selected: 24, filter: String::new() }, "the last row stays last");
        assert_eq!(pane.on_action(Action::Delete, seen), Asked::Delete(24));
        let going_on = pane.filter_prompt("whal").expect("the pane is filtered");
        assert!(!going_on.selected && going_on.input == "whal", "the bookmarks' filter goes on from its text");
        assert_eq!(Overlay::None.scope(), None);
        let gone = Seen { rows: 10, total: 24 };
        assert_eq!(pane.on_action(Action::Delete, gone), Asked::Nothing, "no row under the cursor");
        let mut results = Overlay::Results { selected: 0 };
        assert_eq!(results.on_action(Action::LibrarySearch, seen), Asked::SearchAgain);

        let mut note = Overlay::Note { scroll: 0, title: "1".into(), text: "A note.".into(), anchor: "fn1".into() };
        assert_eq!(note.on_action(Action::Open, seen), Asked::Anchor { anchor: "fn1".into(), title: "1".into() });
        assert_eq!(note.on_action(Action::Down, seen), Asked::Nothing);
        assert_eq!(note.on_action(Action::Quit, seen), Asked::Quit);
        assert_eq!(note.on_action(Action::Search, seen), Asked::Close);
    }

    /// What each ask comes to: the overlay's own answers, and the parts
    /// others answer named for them.
    #[test]
    fn asks_become_outcomes() {
        let outline = Overlay::Outline { selected: 0, filter: "har".into() };
        assert!(matches!(outline.asked(Asked::Open(2)).as_slice(), [Outcome::Section(2)]));
        assert!(matches!(
            outline.asked(Asked::Filter("har".into())).as_slice(),
            [Outcome::Prompt(Some(Prompt { purpose: Purpose::OutlineFilter, .. }))]
        ));
        assert!(matches!(outline.asked(Asked::Quit).as_slice(), [Outcome::Quit, Outcome::Overlay(Overlay::None)]));
        let results = Overlay::Results { selected: 1 };
        assert!(matches!(results.asked(Asked::Open(1)).as_slice(), [Outcome::OpenResult(1)]));
        assert!(matches!(results.asked(Asked::SearchAgain).as_slice(), [Outcome::StartLibrarySearch]));
        let pane = Overlay::Bookmarks { selected: 0, filter: String::new() };
        assert!(matches!(pane.asked(Asked::Delete(0)).as_slice(), [Outcome::Pane(Asked::Delete(0))]));
        let note = Overlay::Note { scroll: 0, title: "1".into(), text: "A note.".into(), anchor: "fn1".into() };
        let jump = note.asked(Asked::Anchor { anchor: "fn1".into(), title: "1".into() });
        assert!(matches!(
            jump.as_slice(),
            [Outcome::Overlay(Overlay::None), Outcome::RememberJump, Outcome::Anchor { anchor, .. }] if anchor == "fn1"
        ));
        assert!(Overlay::Help { scroll: 0, filter: String::new() }.asked(Asked::Nothing).is_empty());
    }
}
