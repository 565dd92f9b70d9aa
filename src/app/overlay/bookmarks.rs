//! The bookmarks pane over the text: every bookmark, filtered by what is
//! typed; what is done to one (open, edit its note, delete, undo) is
//! answered by the marks.

use super::{Asked, Layer, Seen};
use crate::action::Action;
use crate::app::cursor::{Paging, select_row};
use crate::app::outcome::Outcome;
use crate::app::{App, Prompt, Purpose};
use crate::keymap::Scope;

/// The selected bookmark (among those shown) and the filter text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkList {
    pub selected: usize,
    pub filter: String,
}

impl Layer for BookmarkList {
    fn scope(&self) -> Scope {
        Scope::Bookmarks
    }

    fn seen(&self, app: &App) -> Seen {
        Seen { rows: usize::from(app.screen().size.1.saturating_sub(4)).max(1), total: app.marks().pane_len() }
    }

    fn on_action(&mut self, action: Action, seen: Seen) -> Asked {
        if select_row(&mut self.selected, action, seen.total, Paging::rows(seen.rows)) {
            return Asked::Nothing;
        }
        let row = self.selected;
        match action {
            Action::Cancel => Asked::Close,
            Action::Quit => Asked::Quit,
            Action::Search => Asked::Filter(self.filter.clone()),
            Action::Open if row < seen.total => Asked::Open(row),
            Action::EditNote if row < seen.total => Asked::EditNote(row),
            Action::Delete if row < seen.total => Asked::Delete(row),
            Action::Undo => Asked::Undo,
            Action::Click { row, .. } => Asked::Click(row),
            _ => Asked::Nothing,
        }
    }

    /// Every ask of the pane is the marks' to answer.
    fn asked(&self, asked: Asked) -> Vec<Outcome> {
        vec![Outcome::Pane(asked)]
    }

    /// The bookmarks' filter goes on from its text.
    fn filter_prompt(&self, filter: &str) -> Option<Prompt> {
        Some(Prompt::with_text(Purpose::Filter, filter))
    }

    fn filter_typed(&mut self, filter: String) {
        *self = Self { selected: 0, filter };
    }

    fn filter_accepted(&self) -> Vec<Outcome> {
        vec![Outcome::Apply(Action::Open)]
    }

    fn bookmarks_filter(&self) -> Option<&str> {
        Some(&self.filter)
    }
}
