//! Jumps, moving the reader to a place, and the `:` commands: the
//! reader's part of each, which the app calls (it records the jump and
//! says the outcome in the status bar).

use super::outcome::Outcome;
use super::{Effect, Overlay, Pos, Reader};
use crate::action::Action;
use crate::config::WIDTH_RANGE;
use crate::keymap::{Code, Key, Keymap, Scope};

/// A `:` command as typed, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Command {
    /// An empty line.
    Nothing,
    Reload,
    Quit,
    Help,
    /// Debug builds only: lets the tests check that a panic restores the
    /// terminal. Release builds have no such command.
    #[cfg(debug_assertions)]
    CrashTest,
    Width(usize),
    /// A printed page of a book or a page's edition (its page-break
    /// markers), as e-readers' "go to page", as written.
    Page(String),
}

/// What a `:` line typed comes to: what it asks for, or why it means
/// nothing.
pub(super) fn run(line: &str) -> Vec<Outcome> {
    match Command::parse(line) {
        Ok(Command::Nothing) => Vec::new(),
        Ok(Command::Reload) => vec![Outcome::Effect(Effect::ReloadConfig)],
        Ok(Command::Quit) => vec![Outcome::Quit],
        Ok(Command::Help) => vec![Outcome::Overlay(Overlay::Help(super::Help::default()))],
        #[cfg(debug_assertions)]
        Ok(Command::CrashTest) => panic!("crash test requested with :crash-test"),
        Ok(Command::Width(n)) => vec![Outcome::Width(n)],
        Ok(Command::Page(n)) => {
            vec![Outcome::RememberJump, Outcome::Anchor { anchor: format!("page:{n}"), written: format!("page {n}") }]
        }
        Err(why) => vec![Outcome::Say(why)],
    }
}

impl Command {
    /// Reads a `:` line; what to say when it means nothing.
    pub(super) fn parse(line: &str) -> Result<Self, String> {
        let mut words = line.split_whitespace();
        Ok(match (words.next(), words.next()) {
            (None, _) => Self::Nothing,
            (Some("reload"), None) => Self::Reload,
            (Some("q" | "quit"), None) => Self::Quit,
            (Some("help"), None) => Self::Help,
            #[cfg(debug_assertions)]
            (Some("crash-test"), None) => Self::CrashTest,
            (Some("width"), Some(n)) => match n.parse::<usize>() {
                Ok(n) if WIDTH_RANGE.contains(&n) => Self::Width(n),
                _ => return Err(format!("width must be a number from 20 to 1000, not {n:?}")),
            },
            (Some("page" | "p"), Some(n)) => Self::Page(n.to_owned()),
            (Some(other), _) => {
                return Err(format!("unknown command :{other} (try :reload, :width 72, :page 12, :help, :q)"));
            }
        })
    }
}

impl Reader {
    /// Where the view is: the entry and the offset of its top line.
    #[must_use]
    pub fn place(&self) -> (usize, usize) {
        (self.entry, self.place_offset())
    }

    /// The offset of the top line.
    #[must_use]
    pub fn place_offset(&self) -> usize {
        self.layout.offset_of(&self.doc, self.top)
    }

    /// Shows `offset` at the top, as far as the last screenful allows.
    pub(super) fn show_offset(&mut self, offset: usize, height: usize) {
        let pos = self.layout.pos_of_offset(&self.doc, offset);
        self.top = pos.min(self.last_top(height));
    }

    /// `50%`: to that share of the document (by position in the text).
    pub(super) fn show_percent(&mut self, percent: usize, height: usize) {
        let start = self.doc.body_start();
        let span = self.doc.body_len().saturating_sub(start);
        let offset = start + (span * percent.min(100)).div_ceil(100);
        let pos = self.layout.pos_at_or_after(&self.doc, offset);
        self.top = pos.min(self.last_top(height));
    }

    /// Enter in the reader: opens the folded block on screen (a Project
    /// Gutenberg licence), as a search into it would; what to say.
    pub(super) fn unfold_on_screen(&mut self, height: usize) -> Option<&'static str> {
        let folded = self
            .layout
            .visible(&self.doc, self.top, height)
            .into_iter()
            .map(|(block, _)| block)
            .find(|&b| self.doc.blocks.get(b).is_some_and(|b| b.kind == crate::document::BlockKind::Folded));
        match folded {
            Some(block) => self.layout.reveal(&self.doc, self.doc.blocks[block].range.start).then_some("unfolded"),
            None => Some("nothing folded on screen"),
        }
    }

    /// `r`: the document laid out with the next reflow setting (auto,
    /// never, always), if it is plain text wholly in; what to say.
    pub(super) fn next_reflow(&mut self, height: usize) -> Option<&'static str> {
        if !self.loading.offsets_hold() {
            return None;
        }
        let mode = self.reflow.next();
        let Some(doc) = crate::document::reflowed(&self.doc, mode) else {
            return Some("reflow applies to plain text; this document's lines come from its markup");
        };
        self.reflow = mode;
        self.relayout(doc);
        self.top = self.top.min(self.last_top(height).max(Pos::default()));
        Some(mode.describe())
    }
}

/// Jump-list positions kept for Ctrl-O.
const JUMPS_KEPT: usize = 100;

/// A count typed before a key (`5j`, `50%`), as in less and vim.
#[derive(Debug, Default)]
pub(super) struct Count(Option<usize>);

impl Count {
    /// Takes `key` (bound to an action or not, in `scope`) as the next
    /// digit of the count when it is one: digits not bound to anything
    /// accumulate; a leading 0 does not start one; after a digit, 0 is a
    /// digit even where it is bound, as vim's `0` is. The count so far,
    /// when it took the key.
    pub(super) fn digit(&mut self, key: Key, scope: Scope, bound: bool) -> Option<usize> {
        let (Scope::Normal | Scope::Select, Code::Char(c @ '0'..='9')) = (scope, key.code) else { return None };
        // A 0 only goes on a count (bound or not); another digit only where
        // it is not bound.
        let digit_here = if c == '0' { self.0.is_some() } else { !bound };
        if key.ctrl || key.alt || !digit_here {
            return None;
        }
        let digit = usize::from(c as u8 - b'0');
        let count = self.0.unwrap_or(0).saturating_mul(10).saturating_add(digit).min(1_000_000);
        self.0 = Some(count);
        Some(count)
    }

    /// The count typed, if any, now used.
    pub(super) fn take(&mut self) -> Option<usize> {
        self.0.take()
    }
}

/// What a key pressed comes to, before any part sees it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Keyed {
    /// Ctrl-C: cancels the prompt or quits, whatever the configuration
    /// binds (the way out is never lost to a typo in a key table).
    Interrupt,
    /// The action bound to it in the scope in force (in the prompt, a
    /// character not bound is typed).
    Action(Action),
    /// The next digit of a count: the count so far.
    Count(usize),
    /// Nothing: what to say about it, if anything (over an overlay or in
    /// the prompt, nothing).
    Unbound(Option<String>),
}

/// Reads `key` in `scope` with the key table; a digit goes on `count`,
/// which a key bound to nothing drops.
pub(super) fn keyed(key: Key, keymap: &Keymap, scope: Scope, count: &mut Count) -> Keyed {
    if key == (Key { code: Code::Char('c'), ctrl: true, alt: false }) {
        return Keyed::Interrupt;
    }
    if scope == Scope::Prompt {
        let typed = match key.code {
            Code::Char(c) if !key.ctrl && !key.alt => Some(Action::Insert(c)),
            _ => None,
        };
        return keymap.action(Scope::Prompt, key).or(typed).map_or(Keyed::Unbound(None), Keyed::Action);
    }
    let action = keymap.action(scope, key);
    if let Some(count) = count.digit(key, scope, action.is_some()) {
        return Keyed::Count(count);
    }
    match action {
        Some(action) => Keyed::Action(action),
        None => {
            count.take();
            Keyed::Unbound(matches!(scope, Scope::Normal | Scope::Select).then(|| {
                match keymap.first_key(Scope::Normal, Action::Help) {
                    Some(help) => format!("{key} is not bound; press {help} for help"),
                    None => format!("{key} is not bound"),
                }
            }))
        }
    }
}

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
    use super::{Code, Command, Count, JumpList, Key, Keyed, Outcome, Scope, keyed, run};
    use crate::action::Action;
    use crate::keymap::Keymap;

    #[test]
    fn a_key_comes_to_an_action_a_count_or_a_word_why_not() {
        let keymap = Keymap::default();
        let mut count = Count::default();
        let ctrl_c = Key { code: Code::Char('c'), ctrl: true, alt: false };
        assert_eq!(keyed(ctrl_c, &keymap, Scope::Prompt, &mut count), Keyed::Interrupt);
        assert_eq!(keyed(Key::plain('j'), &keymap, Scope::Normal, &mut count), Keyed::Action(Action::Down));
        assert_eq!(keyed(Key::plain('1'), &keymap, Scope::Normal, &mut count), Keyed::Count(1));
        assert_eq!(keyed(Key::plain('2'), &keymap, Scope::Normal, &mut count), Keyed::Count(12));
        // A key bound to nothing drops the count and says so, with the
        // help's key.
        let said = keyed(Key::plain('¤'), &keymap, Scope::Normal, &mut count);
        assert_eq!(said, Keyed::Unbound(Some("¤ is not bound; press ? for help".into())));
        assert_eq!(count.take(), None);
        // Over an overlay it says nothing; in the prompt a character is typed.
        assert_eq!(keyed(Key::plain('¤'), &keymap, Scope::Help, &mut count), Keyed::Unbound(None));
        assert_eq!(keyed(Key::plain('j'), &keymap, Scope::Prompt, &mut count), Keyed::Action(Action::Insert('j')));
    }

    #[test]
    fn a_command_line_comes_to_outcomes() {
        assert!(matches!(run("width 60").as_slice(), [Outcome::Width(60)]));
        assert!(matches!(
            run("page xii").as_slice(),
            [Outcome::RememberJump, Outcome::Anchor { anchor, written }] if anchor == "page:xii" && written == "page xii"
        ));
        assert!(matches!(run("q").as_slice(), [Outcome::Quit]));
        assert!(matches!(run("frobnicate").as_slice(), [Outcome::Say(_)]), "refused with the reason");
        assert!(run("").is_empty());
    }

    #[test]
    fn commands_are_read_or_refused_with_a_reason() {
        assert_eq!(Command::parse("  "), Ok(Command::Nothing));
        assert_eq!(Command::parse("width 72"), Ok(Command::Width(72)));
        assert_eq!(Command::parse("p 12"), Ok(Command::Page("12".into())));
        assert_eq!(Command::parse("q"), Ok(Command::Quit));
        let too_narrow = Command::parse("width 5").expect_err("below the range");
        assert!(too_narrow.contains("from 20 to 1000"), "{too_narrow}");
        let unknown = Command::parse("frobnicate").expect_err("not a command");
        assert!(unknown.starts_with("unknown command :frobnicate"), "{unknown}");
        assert!(Command::parse("quit now").is_err(), "a command that takes no word refuses one");
    }

    #[test]
    fn a_count_takes_unbound_digits_and_a_zero_after_one() {
        let key = |c: char, ctrl: bool| Key { code: Code::Char(c), ctrl, alt: false };
        let mut count = Count::default();
        assert_eq!(count.digit(key('0', false), Scope::Normal, true), None, "a leading 0 is vim's 0");
        assert_eq!(count.digit(key('5', false), Scope::Normal, false), Some(5));
        assert_eq!(count.digit(key('0', false), Scope::Normal, true), Some(50), "bound, but after a digit");
        assert_eq!(count.digit(key('3', false), Scope::Normal, true), None, "a bound digit is its key");
        assert_eq!(count.digit(key('3', true), Scope::Normal, false), None, "Ctrl-3 is not a digit");
        assert_eq!(count.digit(key('3', false), Scope::Prompt, false), None, "typed in a prompt");
        assert_eq!(count.take(), Some(50));
        assert_eq!(count.take(), None, "used once");
        for _ in 0..9 {
            count.digit(key('9', false), Scope::Select, false);
        }
        assert_eq!(count.take(), Some(1_000_000), "capped");
    }

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
