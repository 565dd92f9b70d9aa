//! A note over the text: a footnote reference followed, or what a look-up
//! printed.

use super::{Asked, Layer, Seen};
use crate::action::Action;
use crate::app::cursor::{Paging, moved};
use crate::app::outcome::Outcome;
use crate::app::{App, Overlay, help_rows};
use crate::keymap::Scope;

/// How far the note is scrolled, the reference's mark, its text, and
/// where it is (a look-up's output has no place: `anchor` is empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    pub scroll: usize,
    pub title: String,
    pub text: String,
    pub anchor: String,
}

impl Layer for Note {
    fn scope(&self) -> Scope {
        Scope::Note
    }

    fn seen(&self, app: &App) -> Seen {
        Seen { rows: help_rows(app.screen().size), total: 0 }
    }

    fn on_action(&mut self, action: Action, seen: Seen) -> Asked {
        // As far as the text could need, wrapped at the narrowest.
        let last = self.text.len() / 20 + self.text.lines().count();
        let half = (seen.rows / 2).max(1);
        if let Some(to) = moved(self.scroll, action, last, Paging { page: half, half }) {
            self.scroll = to;
            return Asked::Nothing;
        }
        match action {
            // A look-up's output has no place in the text.
            Action::Open if self.anchor.is_empty() => Asked::Close,
            Action::Open => Asked::Open(0),
            Action::Quit => Asked::Quit,
            // Anything else closes it with the view where it was.
            _ => Asked::Close,
        }
    }

    /// Enter: the note's place in the text (a jump).
    fn asked(&self, asked: Asked) -> Vec<Outcome> {
        match asked {
            Asked::Open(_) => vec![
                Outcome::Overlay(Overlay::None),
                Outcome::RememberJump,
                Outcome::Anchor { anchor: self.anchor.clone(), written: self.title.clone() },
            ],
            _ => Vec::new(),
        }
    }
}
