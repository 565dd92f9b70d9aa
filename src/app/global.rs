//! The actions that belong to no part: the app's own (focus, the list
//! hidden, the reading width, jumps back and forth, quitting) and those
//! that open a part (the help, the log, the bookmarks pane, library
//! search, the `:` prompt). Asked after the reader and the list have
//! declined an action, this says what it comes to as outcomes, which
//! `App` carries out; it changes nothing itself.

use crate::action::Action;
use crate::keymap::{Keymap, Scope};

use super::outcome::Outcome;
use super::{Effect, Focus, Overlay, Prompt, Purpose};

/// Columns added or taken by `+` and `-`.
const WIDTH_STEP: usize = 4;

/// What the app-wide actions read of the rest.
pub(super) struct GlobalContext<'a> {
    pub focus: Focus,
    pub reading_width: usize,
    /// Whether there is no bookmark at all (the pane then says how to
    /// add one).
    pub no_bookmarks: bool,
    pub keymap: &'a Keymap,
}

/// What `action` (typed `times` times) comes to. The reader's, the
/// list's, the prompt's and the overlays' actions come to nothing here:
/// they were theirs to answer first. Every action is named, so that a
/// new one is placed on purpose.
pub(super) fn on_action(action: Action, times: usize, ctx: &GlobalContext) -> Vec<Outcome> {
    let one = |outcome| vec![outcome];
    match action {
        // The list's and the reader's own, declined by them (the focus is
        // elsewhere, or there is nothing to do).
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp
        | Action::Top
        | Action::Bottom
        | Action::GoPercent
        | Action::SortCycle
        | Action::ToggleArchived
        | Action::CopyQuote
        | Action::WordNext
        | Action::WordPrev
        | Action::WordEnd
        | Action::SentenceEnd
        | Action::SentenceStart
        | Action::ParagraphEnd
        | Action::ParagraphStart
        | Action::SwapEnds
        | Action::Copy
        | Action::Lookup
        | Action::Select
        | Action::NextHeading
        | Action::PrevHeading
        | Action::ScrollLeft
        | Action::ScrollRight
        | Action::ToggleReflow
        | Action::SearchNext
        | Action::SearchPrev
        | Action::BookmarkAdd
        | Action::Outline
        | Action::FollowLink
        | Action::SaveArticle
        | Action::Search => Vec::new(),
        // The prompt's and the overlays' own.
        Action::Accept
        | Action::Insert(_)
        | Action::DeleteBack
        | Action::DeleteWord
        | Action::ClearLine
        | Action::CursorLeft
        | Action::CursorRight
        | Action::LineStart
        | Action::LineEnd
        | Action::HistoryPrev
        | Action::HistoryNext
        | Action::ToggleRegex
        | Action::EditNote
        | Action::Delete
        | Action::Undo => Vec::new(),
        Action::JumpBack | Action::JumpForward => one(Outcome::Jump { back: action == Action::JumpBack }),
        Action::ToggleList => one(Outcome::ToggleList),
        Action::Wider => one(Outcome::Width(ctx.reading_width.saturating_add(WIDTH_STEP * times))),
        Action::Narrower => one(Outcome::Width(ctx.reading_width.saturating_sub(WIDTH_STEP * times))),
        Action::ReloadConfig => one(Outcome::Effect(Effect::ReloadConfig)),
        Action::Archive => one(Outcome::Archive),
        Action::LibrarySearch => one(Outcome::StartLibrarySearch),
        Action::ShowLog => one(Outcome::Overlay(Overlay::Log(super::Log::default()))),
        Action::Command => one(Outcome::Prompt(Some(Prompt::new(Purpose::Command)))),
        Action::FocusNext if ctx.focus == Focus::List => one(Outcome::OpenSelected),
        Action::FocusNext | Action::FocusList => one(Outcome::FocusList),
        Action::FocusReader | Action::Open => one(Outcome::OpenSelected),
        Action::Help => one(Outcome::Overlay(Overlay::Help(super::Help::default()))),
        Action::Bookmarks => {
            let pane = Outcome::Overlay(Overlay::Bookmarks(super::BookmarkList::default()));
            let key = ctx.keymap.hint(Scope::Normal, Action::BookmarkAdd);
            let empty = format!("no bookmarks yet: press {key} in a document to add one");
            std::iter::once(pane).chain(ctx.no_bookmarks.then_some(Outcome::Say(empty))).collect()
        }
        Action::BookmarkNext | Action::BookmarkPrev => {
            vec![Outcome::RememberJump, Outcome::BookmarkStep { forward: action == Action::BookmarkNext, times }]
        }
        // Esc in the reader clears the search highlights.
        Action::Cancel => one(Outcome::ClearSearch),
        Action::Quit => one(Outcome::Quit),
        Action::Suspend => one(Outcome::Effect(Effect::Suspend)),
        Action::Wheel { column, row, lines } => one(Outcome::Wheel { column, row, lines }),
        Action::Click { column, row } => one(Outcome::Click { column, row }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apps_own_actions_become_outcomes() {
        let keymap = Keymap::default();
        let ctx = GlobalContext { focus: Focus::List, reading_width: 72, no_bookmarks: true, keymap: &keymap };
        assert!(matches!(on_action(Action::Wider, 2, &ctx).as_slice(), [Outcome::Width(80)]));
        assert!(matches!(on_action(Action::Narrower, 1, &ctx).as_slice(), [Outcome::Width(68)]));
        assert!(matches!(on_action(Action::FocusNext, 1, &ctx).as_slice(), [Outcome::OpenSelected]));
        let reading = GlobalContext { focus: Focus::Reader, ..ctx };
        assert!(matches!(on_action(Action::FocusNext, 1, &reading).as_slice(), [Outcome::FocusList]));
        let pane = on_action(Action::Bookmarks, 1, &reading);
        assert!(
            matches!(pane.as_slice(), [Outcome::Overlay(Overlay::Bookmarks(_)), Outcome::Say(said)] if said.contains("no bookmarks yet")),
            "{pane:?}"
        );
        let some = GlobalContext { no_bookmarks: false, ..reading };
        assert!(matches!(on_action(Action::Bookmarks, 1, &some).as_slice(), [Outcome::Overlay(_)]));
        assert!(matches!(
            on_action(Action::BookmarkPrev, 3, &some).as_slice(),
            [Outcome::RememberJump, Outcome::BookmarkStep { forward: false, times: 3 }]
        ));
        assert!(on_action(Action::Down, 1, &some).is_empty(), "the list's, declined");
        assert!(on_action(Action::Insert('x'), 1, &some).is_empty(), "the prompt's");
    }
}
