//! What is open over the text. Each overlay is its own type, in its own
//! file here, keeping its own state (a scroll, a selection, a filter) and
//! answering the actions given to it through [`Layer`]; [`Overlay`] names
//! them in one list. An overlay changes only itself; what it asks of the
//! rest of the app (to close, to open a filter prompt, to go somewhere in
//! the text) it says in an [`Asked`], which it turns into outcomes itself;
//! `App` carries them out (opening a bookmark or a result, deleting a
//! bookmark: what belongs to other parts).
//!
//! A new overlay is a file here (its state and its `Layer`), a line in
//! the list below, its keys in the key table (`keymap.rs`) and its pane
//! in `ui/`.

use crate::action::Action;
use crate::keymap::Scope;

use super::outcome::Outcome;
use super::{Answer, App, Prompt};

/// What an overlay is: the keys in force while it is open, what it sees
/// of the app, how it answers an action and what its asks come to.
pub(super) trait Layer {
    /// The keys in force while it is open.
    fn scope(&self) -> Scope;

    /// How many rows it shows and has, read from the app as the panes read
    /// it.
    fn seen(&self, app: &App) -> Seen;

    /// Answers `action`: moves itself, or asks the app for the rest.
    fn on_action(&mut self, action: Action, seen: Seen) -> Asked;

    /// What an ask of its own comes to (a row chosen); the asks every
    /// overlay shares (close, quit, filter) are answered for it.
    fn asked(&self, _asked: Asked) -> Vec<Outcome> {
        Vec::new()
    }

    /// The prompt that filters it, from `filter` (its filter as it is);
    /// `None` for one that is not filtered.
    fn filter_prompt(&self, _filter: &str) -> Option<Prompt> {
        None
    }

    /// Its filter as typed (empty when the prompt is cancelled).
    fn filter_typed(&mut self, _filter: String) {}

    /// Enter in its filter's prompt.
    fn filter_accepted(&self) -> Vec<Outcome> {
        Vec::new()
    }

    /// The bookmarks' filter, for the one overlay that shows them (the
    /// marks make its rows before it is drawn).
    fn bookmarks_filter(&self) -> Option<&str> {
        None
    }
}

/// The overlays, in one list: each one's file, the enum and the way to
/// each one's [`Layer`] are made from it, so a new overlay is one line
/// here (the variant, the file, the type).
macro_rules! overlays {
    ($($(#[$doc:meta])* $name:ident($file:ident::$part:ident),)*) => {
        $(mod $file; pub use $file::$part;)*

        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Overlay {
            None,
            $($(#[$doc])* $name($part),)*
        }

        impl Overlay {
            fn layer(&self) -> Option<&dyn Layer> {
                match self {
                    Self::None => None,
                    $(Self::$name(part) => Some(part),)*
                }
            }

            fn layer_mut(&mut self) -> Option<&mut dyn Layer> {
                match self {
                    Self::None => None,
                    $(Self::$name(part) => Some(part),)*
                }
            }
        }
    };
}

overlays! {
    /// The help.
    Help(help::Help),
    /// The bookmarks pane.
    Bookmarks(bookmarks::BookmarkList),
    /// Library-wide search results.
    Results(results::ResultList),
    /// Problems and notices met so far.
    Log(log::Log),
    /// The open document's sections.
    Outline(outline::Outline),
    /// A note shown over the text (a footnote, a look-up's output).
    Note(note::Note),
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
    /// Row `n` was chosen (a section, a bookmark, a result, a note's place).
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
}

impl Overlay {
    /// The keys in force while it is open; `None` when none is.
    #[must_use]
    pub fn scope(&self) -> Option<Scope> {
        self.layer().map(Layer::scope)
    }

    /// What the open overlay sees of `app`.
    pub(super) fn seen(&self, app: &App) -> Seen {
        self.layer().map_or(Seen { rows: 0, total: 0 }, |layer| layer.seen(app))
    }

    /// Answers `action`.
    pub(super) fn on_action(&mut self, action: Action, seen: Seen) -> Asked {
        self.layer_mut().map_or(Asked::Nothing, |layer| layer.on_action(action, seen))
    }

    /// What an ask comes to: the ones every overlay shares (close, quit,
    /// its filter's prompt) here, the rest its own.
    pub(super) fn asked(&self, asked: Asked) -> Vec<Outcome> {
        match asked {
            Asked::Nothing => Vec::new(),
            Asked::Close => vec![Outcome::Overlay(Self::None)],
            Asked::Quit => vec![Outcome::Quit, Outcome::Overlay(Self::None)],
            Asked::Filter(filter) => vec![Outcome::Prompt(self.layer().and_then(|l| l.filter_prompt(&filter)))],
            asked => self.layer().map_or_else(Vec::new, |layer| layer.asked(asked)),
        }
    }

    /// Its filter prompt's answer: the filter follows the text as typed
    /// and is emptied by Esc; Enter goes to the row selected, as fzf's and
    /// helix's pickers do (the help has none to go to).
    pub(super) fn filter_answered(&mut self, answer: &Answer<'_>) -> Vec<Outcome> {
        let Some(layer) = self.layer_mut() else { return Vec::new() };
        match answer {
            Answer::Accepted(_) => return layer.filter_accepted(),
            Answer::Changed(prompt) => layer.filter_typed(prompt.input.clone()),
            Answer::Cancelled(_) => layer.filter_typed(String::new()),
        }
        Vec::new()
    }

    /// The bookmarks pane's filter, while it is open.
    pub(super) fn bookmarks_filter(&self) -> Option<&str> {
        self.layer().and_then(Layer::bookmarks_filter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Purpose;

    fn note() -> Overlay {
        Overlay::Note(Note { scroll: 0, title: "1".into(), text: "A note.".into(), anchor: "fn1".into() })
    }

    /// The overlays alone, without an app: each moves its own cursor and
    /// says what it needs of the app.
    #[test]
    fn overlays_move_themselves_and_ask_for_the_rest() {
        let seen = Seen { rows: 10, total: 25 };
        let mut help = Overlay::Help(Help { scroll: 0, filter: "key".into() });
        assert_eq!(help.on_action(Action::Bottom, seen), Asked::Nothing);
        assert_eq!(help, Overlay::Help(Help { scroll: 15, filter: "key".into() }), "the last screenful");
        assert_eq!(help.on_action(Action::Search, seen), Asked::Filter("key".into()));
        assert_eq!(help.scope(), Some(Scope::Help));
        let again = help.asked(Asked::Filter("key".into()));
        assert!(
            matches!(again.as_slice(), [Outcome::Prompt(Some(p))] if matches!(p.purpose, Purpose::HelpFilter) && p.selected),
            "its old filter, selected: {again:?}"
        );
        assert_eq!(help.on_action(Action::Cancel, seen), Asked::Close);

        let mut outline = Overlay::Outline(Outline { selected: 3, filter: String::new() });
        assert_eq!(outline.on_action(Action::PageDown, seen), Asked::Nothing);
        assert_eq!(outline, Overlay::Outline(Outline { selected: 13, filter: String::new() }));
        assert_eq!(outline.on_action(Action::Open, seen), Asked::Open(13));
        assert_eq!(outline.on_action(Action::Help, seen), Asked::Nothing, "other keys leave it open");
        let empty = Seen { rows: 10, total: 0 };
        let mut none_left = Overlay::Outline(Outline { selected: 0, filter: "zzz".into() });
        assert_eq!(none_left.on_action(Action::Open, empty), Asked::Nothing, "a filter that hides every row");

        let mut pane = Overlay::Bookmarks(BookmarkList { selected: 24, filter: String::new() });
        assert_eq!(pane.on_action(Action::Down, seen), Asked::Nothing);
        assert_eq!(
            pane,
            Overlay::Bookmarks(BookmarkList { selected: 24, filter: String::new() }),
            "the last row stays last"
        );
        assert_eq!(pane.on_action(Action::Delete, seen), Asked::Delete(24));
        let going_on = pane.asked(Asked::Filter("whal".into()));
        assert!(
            matches!(going_on.as_slice(), [Outcome::Prompt(Some(p))] if !p.selected && p.input == "whal"),
            "the bookmarks' filter goes on from its text: {going_on:?}"
        );
        assert_eq!(pane.bookmarks_filter(), Some(""));
        assert_eq!(Overlay::None.scope(), None);
        assert_eq!(Overlay::None.bookmarks_filter(), None);
        let gone = Seen { rows: 10, total: 24 };
        assert_eq!(pane.on_action(Action::Delete, gone), Asked::Nothing, "no row under the cursor");
        let mut results = Overlay::Results(ResultList::default());
        assert_eq!(results.on_action(Action::LibrarySearch, seen), Asked::SearchAgain);

        let mut note = note();
        assert_eq!(note.on_action(Action::Open, seen), Asked::Open(0));
        assert_eq!(note.on_action(Action::Down, seen), Asked::Nothing);
        assert_eq!(note.on_action(Action::Quit, seen), Asked::Quit);
        assert_eq!(note.on_action(Action::Search, seen), Asked::Close);
        let mut looked_up = Overlay::Note(Note { anchor: String::new(), ..Note::default() });
        assert_eq!(looked_up.on_action(Action::Open, seen), Asked::Close, "a look-up's output has no place");
    }

    /// What each ask comes to: the ones all overlays share, each one's
    /// own, and the parts others answer named for them.
    #[test]
    fn asks_become_outcomes() {
        let outline = Overlay::Outline(Outline { selected: 0, filter: "har".into() });
        assert!(matches!(outline.asked(Asked::Open(2)).as_slice(), [Outcome::Section(2)]));
        assert!(matches!(
            outline.asked(Asked::Filter("har".into())).as_slice(),
            [Outcome::Prompt(Some(Prompt { purpose: Purpose::OutlineFilter, .. }))]
        ));
        assert!(matches!(outline.asked(Asked::Quit).as_slice(), [Outcome::Quit, Outcome::Overlay(Overlay::None)]));
        let results = Overlay::Results(ResultList { selected: 1 });
        assert!(matches!(results.asked(Asked::Open(1)).as_slice(), [Outcome::OpenResult(1)]));
        assert!(matches!(results.asked(Asked::SearchAgain).as_slice(), [Outcome::StartLibrarySearch]));
        assert!(matches!(results.asked(Asked::Filter(String::new())).as_slice(), [Outcome::Prompt(None)]));
        let pane = Overlay::Bookmarks(BookmarkList::default());
        assert!(matches!(pane.asked(Asked::Delete(0)).as_slice(), [Outcome::Pane(Asked::Delete(0))]));
        let jump = note().asked(Asked::Open(0));
        assert!(matches!(
            jump.as_slice(),
            [Outcome::Overlay(Overlay::None), Outcome::RememberJump, Outcome::Anchor { anchor, written }]
                if anchor == "fn1" && written == "1"
        ));
        assert!(Overlay::Help(Help::default()).asked(Asked::Nothing).is_empty());
        assert!(Overlay::Log(Log::default()).asked(Asked::Open(0)).is_empty(), "the log has no rows to open");
    }
}
