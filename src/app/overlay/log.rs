//! The log over the text: the problems and notices met so far (`L`).

use super::{Asked, Layer, Seen};
use crate::action::Action;
use crate::app::cursor::scroll_text;
use crate::app::{App, help_rows};
use crate::keymap::Scope;

/// How far the log is scrolled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Log {
    pub scroll: usize,
}

impl Layer for Log {
    fn scope(&self) -> Scope {
        Scope::Help
    }

    fn seen(&self, app: &App) -> Seen {
        Seen { rows: help_rows(app.screen().size), total: app.log().len() }
    }

    fn on_action(&mut self, action: Action, seen: Seen) -> Asked {
        if scroll_text(&mut self.scroll, action, seen.rows, seen.total) {
            return Asked::Nothing;
        }
        match action {
            Action::Quit => Asked::Quit,
            Action::Click { .. } => Asked::Nothing,
            _ => Asked::Close,
        }
    }
}
