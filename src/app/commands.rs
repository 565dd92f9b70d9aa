//! Jumps, the reading width, the `:` prompt and applying configuration, as
//! part of [`App`].

use std::path::Path;

use super::{App, Effect, Focus, Prompt, Purpose};
use crate::config::{ColorSupport, Config, Problem, WIDTH_RANGE};

impl App {
    /// Where the view is: the open entry and the offset of its top line.
    pub(super) fn here(&self) -> Option<(usize, usize)> {
        let reader = self.reader.as_ref()?;
        Some((reader.entry, reader.layout.offset_of(&reader.doc, reader.top)))
    }

    /// Notes where the view is before a jump, for Ctrl-O.
    pub(super) fn remember_jump(&mut self) {
        // Not a place in a text still being read.
        if let Some(at) = self.here().filter(|_| self.reader.as_ref().is_some_and(|r| r.loading.offsets_hold())) {
            self.jumps.record(at);
        }
    }

    /// Notes `origin` of the open document as where a jump started (a
    /// search that moved the view while it was typed).
    pub(super) fn remember_jump_from(&mut self, origin: crate::layout::Pos) {
        let Some(reader) = &self.reader else { return };
        let at = (reader.entry, reader.layout.offset_of(&reader.doc, origin));
        if Some(at) != self.here() {
            self.jumps.record(at);
        }
    }

    /// Ctrl-O: back to where the last jump started.
    pub(super) fn jump_back(&mut self) {
        let here = self.here();
        match here.and_then(|here| self.jumps.back(here)) {
            Some(at) => self.go_to(at),
            None => self.status = Some("no earlier position to go back to".to_owned()),
        }
    }

    /// The way forward again after Ctrl-O.
    pub(super) fn jump_forward(&mut self) {
        match self.jumps.forward() {
            Some(at) => self.go_to(at),
            None => self.status = Some("no later position to go forward to".to_owned()),
        }
    }

    /// Shows `offset` of `entry` at the top of the reader.
    pub(super) fn go_to(&mut self, (entry, offset): (usize, usize)) {
        if self.reader.as_ref().is_none_or(|r| r.entry != entry) {
            self.open(entry);
        }
        if self.wait_for(entry, super::AfterLoad::Offset(offset)) {
            self.focus = Focus::Reader;
            return;
        }
        self.focus = Focus::Reader;
        let height = self.body_height();
        if let Some(reader) = &mut self.reader {
            let pos = reader.layout.pos_of_offset(&reader.doc, offset);
            reader.top = pos.min(reader.last_top(height));
        }
    }

    /// `50%`: to that share of the document (by position in the text).
    pub(super) fn go_percent(&mut self, percent: usize) {
        let height = self.body_height();
        if self.focus == Focus::List {
            let last = self.library.len().saturating_sub(1);
            self.select(last * percent.min(100) / 100);
            return;
        }
        self.remember_jump();
        let Some(reader) = &mut self.reader else { return };
        let start = reader.doc.body_start();
        let span = reader.doc.body_len().saturating_sub(start);
        let offset = start + (span * percent.min(100)).div_ceil(100);
        let pos = reader.layout.pos_at_or_after(&reader.doc, offset);
        reader.top = pos.min(reader.last_top(height));
    }

    /// Sets the reading column's width, re-wrapping around the passage at
    /// the top.
    pub(super) fn set_width(&mut self, width: usize) {
        let width = width.clamp(*WIDTH_RANGE.start(), *WIDTH_RANGE.end());
        self.reading_width = width;
        let (w, h) = self.size;
        self.resize(w, h);
        let shown = self.geometry().body.width;
        self.status = Some(if usize::from(shown) < width {
            format!("reading width {width} (the window shows {shown})")
        } else {
            format!("reading width {width}")
        });
    }

    /// Enter in the reader: opens the folded block on screen (a Project
    /// Gutenberg licence), as a search into it would.
    pub(super) fn unfold_on_screen(&mut self) {
        let height = self.body_height();
        let Some(reader) = &mut self.reader else { return };
        let folded = reader
            .layout
            .visible(&reader.doc, reader.top, height)
            .into_iter()
            .map(|(block, _)| block)
            .find(|&b| reader.doc.blocks.get(b).is_some_and(|b| b.kind == crate::document::BlockKind::Folded));
        match folded {
            Some(block) => {
                let start = reader.doc.blocks[block].range.start;
                if reader.layout.reveal(&reader.doc, start) {
                    self.status = Some("unfolded".to_owned());
                }
            }
            None => self.status = Some("nothing folded on screen".to_owned()),
        }
    }

    /// `r`: the open plain-text document laid out with the next reflow
    /// setting (auto, never, always); other formats say why not.
    pub(super) fn toggle_reflow(&mut self) {
        let Some(reader) = &mut self.reader else { return };
        if !reader.loading.offsets_hold() {
            return;
        }
        let mode = reader.reflow.next();
        match crate::document::reflowed(&reader.doc, mode) {
            Some(doc) => {
                reader.reflow = mode;
                reader.relayout(doc);
                let body = self.body_height();
                if let Some(reader) = &mut self.reader {
                    let last = reader.last_top(body);
                    reader.top = reader.top.min(last.max(super::Pos::default()));
                }
                self.status = Some(mode.describe().to_owned());
            }
            None => {
                self.status =
                    Some("reflow applies to plain text; this document's lines come from its markup".to_owned());
            }
        }
    }

    /// Opens the `:` prompt.
    pub(super) fn start_command(&mut self) {
        self.prompt = Some(Prompt::new(Purpose::Command));
    }

    /// Runs a `:` command.
    pub(super) fn run_command(&mut self, line: &str) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (None, _) => {}
            (Some("reload"), None) => self.effects.push(Effect::ReloadConfig),
            (Some("q" | "quit"), None) => self.quit(),
            (Some("help"), None) => self.overlay = super::Overlay::Help { scroll: 0, filter: String::new() },
            // Debug builds only: lets the tests check that a panic restores
            // the terminal. Release builds have no such command.
            #[cfg(debug_assertions)]
            (Some("crash-test"), None) => panic!("crash test requested with :crash-test"),
            (Some("width"), Some(n)) => match n.parse::<usize>() {
                Ok(n) if WIDTH_RANGE.contains(&n) => self.set_width(n),
                _ => self.status = Some(format!("width must be a number from 20 to 1000, not {n:?}")),
            },
            // A printed page of a book or a page's edition (its page-break
            // markers), as e-readers' "go to page".
            (Some("page" | "p"), Some(n)) => {
                self.remember_jump();
                self.go_to_anchor(&format!("page:{n}"), &format!("page {n}"));
            }
            (Some(other), _) => {
                self.status = Some(format!("unknown command :{other} (try :reload, :width 72, :page 12, :help, :q)"));
            }
        }
    }

    /// Applies a configuration (at start-up and on reload); reports the first
    /// problem, if any, in the status bar.
    pub(super) fn apply_config(&mut self, config: &Config, problems: &[Problem], file: &Path, colors: ColorSupport) {
        self.keymap = config.keymap();
        self.rules = config.rules;
        self.justify = config.justify;
        // A `reflow` changed in the file applies from now on, to the open
        // document too; at start the command line's --no-reflow stands.
        if self.config_reflow.is_some_and(|before| before != config.reflow) {
            crate::document::set_reflow(config.reflow);
            if let Some(reader) = &mut self.reader
                && reader.reflow != config.reflow
                && let Some(doc) = crate::document::reflowed(&reader.doc, config.reflow)
            {
                reader.reflow = config.reflow;
                reader.relayout(doc);
            }
        }
        self.config_reflow = Some(config.reflow);
        // So is a `sort` changed in the file.
        if self.config_sort != Some(config.sort) {
            self.view.sort = config.sort;
            self.view_changed();
        }
        self.config_sort = Some(config.sort);
        self.mouse = config.mouse;
        self.clipboard = config.clipboard;
        self.lookup.clone_from(&config.lookup);
        self.articles.clone_from(&config.articles);
        self.list_hidden = !config.list;
        self.appearance = config.appearance(colors);
        self.reading_width = config.width;
        let (w, h) = self.size;
        self.resize(w, h);
        for problem in problems {
            self.log.push(problem.display(file));
        }
        if let Some(first) = problems.first() {
            let more = if problems.len() > 1 { format!(" (and {} more)", problems.len() - 1) } else { String::new() };
            self.status = Some(format!("{}{more}; defaults used for that", first.display(file)));
        }
    }
}

/// Jump-list positions kept for Ctrl-O.
const JUMPS_KEPT: usize = 100;

/// Where jumps started, as in vim: Ctrl-O walks back through them, the
/// forward key walks forward again, and a new jump drops the way forward.
/// A place is an entry and a byte offset, so it survives re-wrapping.
#[derive(Debug, Default)]
pub struct JumpList {
    places: Vec<(usize, usize)>,
    /// Where Ctrl-O and forward stand; `places.len()` when not walking.
    cursor: usize,
}

impl JumpList {
    /// A jump is starting at `at`.
    pub fn record(&mut self, at: (usize, usize)) {
        self.places.truncate(self.cursor);
        if self.places.last() != Some(&at) {
            self.places.push(at);
        }
        if self.places.len() > JUMPS_KEPT {
            self.places.remove(0);
        }
        self.cursor = self.places.len();
    }

    /// One step back from `here`; `here` is kept so forward returns to it.
    pub fn back(&mut self, here: (usize, usize)) -> Option<(usize, usize)> {
        if self.cursor == self.places.len() {
            if self.places.last() != Some(&here) {
                self.places.push(here);
            }
            self.cursor = self.places.len() - 1;
        }
        if self.cursor == 0 {
            return None;
        }
        self.cursor -= 1;
        self.places.get(self.cursor).copied()
    }

    /// One step forward again.
    pub fn forward(&mut self) -> Option<(usize, usize)> {
        if self.cursor + 1 >= self.places.len() {
            return None;
        }
        self.cursor += 1;
        self.places.get(self.cursor).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::JumpList;

    #[test]
    fn back_and_forward_walk_the_list() {
        let mut jumps = JumpList::default();
        jumps.record((0, 10));
        jumps.record((0, 500));
        assert_eq!(jumps.back((0, 900)), Some((0, 500)));
        assert_eq!(jumps.back((0, 500)), Some((0, 10)));
        assert_eq!(jumps.back((0, 10)), None);
        assert_eq!(jumps.forward(), Some((0, 500)));
        assert_eq!(jumps.forward(), Some((0, 900)));
        assert_eq!(jumps.forward(), None);
        // A new jump from the middle drops the way forward.
        assert_eq!(jumps.back((0, 900)), Some((0, 500)));
        jumps.record((0, 500));
        assert_eq!(jumps.forward(), None);
    }
}
