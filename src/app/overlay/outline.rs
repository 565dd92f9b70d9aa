//! The outline over the text: the open document's sections, filtered by
//! what is typed; Enter goes to the one selected.

use super::{Asked, Layer, Seen};
use crate::action::Action;
use crate::app::cursor::{Paging, select_row};
use crate::app::outcome::Outcome;
use crate::app::{App, Prompt, Purpose};
use crate::keymap::Scope;

/// The selected row (among those the filter leaves), and the filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub selected: usize,
    pub filter: String,
}

impl Layer for Outline {
    fn scope(&self) -> Scope {
        Scope::Outline
    }

    fn seen(&self, app: &App) -> Seen {
        Seen { rows: usize::from(app.screen().size.1.saturating_sub(4)).max(1), total: app.outline_rows().len() }
    }

    fn on_action(&mut self, action: Action, seen: Seen) -> Asked {
        if select_row(&mut self.selected, action, seen.total, Paging::screen(seen.rows)) {
            return Asked::Nothing;
        }
        match action {
            Action::Search => Asked::Filter(self.filter.clone()),
            Action::Open if self.selected < seen.total => Asked::Open(self.selected),
            Action::Quit => Asked::Quit,
            Action::Cancel | Action::Outline => Asked::Close,
            _ => Asked::Nothing,
        }
    }

    fn asked(&self, asked: Asked) -> Vec<Outcome> {
        match asked {
            Asked::Open(row) => vec![Outcome::Section(row)],
            _ => Vec::new(),
        }
    }

    fn filter_prompt(&self, filter: &str) -> Option<Prompt> {
        Some(Prompt::with_selected(Purpose::OutlineFilter, filter))
    }

    fn filter_typed(&mut self, filter: String) {
        *self = Self { selected: 0, filter };
    }

    /// Enter in the filter goes to the row selected, as fzf's and helix's
    /// pickers do.
    fn filter_accepted(&self) -> Vec<Outcome> {
        vec![Outcome::Apply(Action::Open)]
    }
}
