//! The help over the text: every key in force, filtered by `/`.

use super::{Asked, Layer, Seen};
use crate::action::Action;
use crate::app::cursor::scroll_text;
use crate::app::{App, Prompt, Purpose, help_rows};
use crate::keymap::Scope;

/// How far the help is scrolled, and the filter typed after `/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
    pub filter: String,
}

impl Layer for Help {
    fn scope(&self) -> Scope {
        Scope::Help
    }

    fn seen(&self, app: &App) -> Seen {
        Seen { rows: help_rows(app.screen().size), total: app.help_view().len() }
    }

    fn on_action(&mut self, action: Action, seen: Seen) -> Asked {
        if scroll_text(&mut self.scroll, action, seen.rows, seen.total) {
            return Asked::Nothing;
        }
        match action {
            Action::Search => Asked::Filter(self.filter.clone()),
            Action::Quit => Asked::Quit,
            Action::Click { .. } => Asked::Nothing,
            // Any other key closes the help, as in less.
            _ => Asked::Close,
        }
    }

    fn filter_prompt(&self, filter: &str) -> Option<Prompt> {
        Some(Prompt::with_selected(Purpose::HelpFilter, filter))
    }

    fn filter_typed(&mut self, filter: String) {
        *self = Self { scroll: 0, filter };
    }
}
