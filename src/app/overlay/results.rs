//! Library search's results over the text, grouped by document.

use super::{Asked, Layer, Seen};
use crate::action::Action;
use crate::app::cursor::{Paging, select_row};
use crate::app::outcome::Outcome;
use crate::app::{App, LibrarySearch};
use crate::keymap::Scope;

/// The selected row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultList {
    pub selected: usize,
}

impl Layer for ResultList {
    fn scope(&self) -> Scope {
        Scope::Results
    }

    /// Ten results a page, as the pane shows about that many.
    fn seen(&self, app: &App) -> Seen {
        Seen { rows: 10, total: app.library_search().map_or(0, LibrarySearch::row_count) }
    }

    fn on_action(&mut self, action: Action, seen: Seen) -> Asked {
        if select_row(&mut self.selected, action, seen.total, Paging::screen(seen.rows)) {
            return Asked::Nothing;
        }
        match action {
            Action::Search | Action::LibrarySearch => Asked::SearchAgain,
            Action::Cancel => Asked::Close,
            Action::Quit => Asked::Quit,
            Action::Open if self.selected < seen.total => Asked::Open(self.selected),
            _ => Asked::Nothing,
        }
    }

    fn asked(&self, asked: Asked) -> Vec<Outcome> {
        match asked {
            Asked::Open(row) => vec![Outcome::OpenResult(row)],
            Asked::SearchAgain => vec![Outcome::StartLibrarySearch],
            _ => Vec::new(),
        }
    }
}
