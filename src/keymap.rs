//! Keys to actions, with the descriptions that the help overlay and the
//! README's key table are made from.
//!
//! [`BINDINGS`] is the single table of what folio can do from the keyboard:
//! each row names an action, says where it applies, lists its default keys
//! and describes it. The help overlay lists the keys *in force* (defaults
//! merged with the user's overrides), so it cannot drift from behaviour.

use std::collections::HashMap;
use std::fmt;

use crate::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The list and reader panes.
    Normal,
    /// The help overlay.
    Help,
    /// The bookmarks pane.
    Bookmarks,
    /// Library-wide search results.
    Results,
    /// The outline of the open document.
    Outline,
    /// A note shown over the text.
    Note,
    /// Selecting a passage (`v`).
    Select,
    /// Typing into the bottom-line prompt (search, notes, filters); keys not
    /// bound here are typed as text.
    Prompt,
}

impl Scope {
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Normal => "Reading and the list",
            Self::Help => "Help overlay",
            Self::Bookmarks => "Bookmarks pane",
            Self::Results => "Library search results",
            Self::Outline => "Outline",
            Self::Note => "A note over the text",
            Self::Select => "Selecting a passage (v)",
            Self::Prompt => "Typing in a prompt",
        }
    }
}

/// A key with its modifiers, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
}

/// The key itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

/// A key name that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key name {} (expected a character, or a name such as \"down\", \"pgdn\", \"ctrl-e\")", crate::sanitize::excerpt(.0, 40))]
pub struct KeyParseError(pub String);

const NAMED: [(&str, Code); 19] = [
    ("enter", Code::Enter),
    ("return", Code::Enter),
    ("esc", Code::Esc),
    ("escape", Code::Esc),
    ("tab", Code::Tab),
    ("backtab", Code::BackTab),
    ("backspace", Code::Backspace),
    ("delete", Code::Delete),
    ("del", Code::Delete),
    ("up", Code::Up),
    ("down", Code::Down),
    ("left", Code::Left),
    ("right", Code::Right),
    ("pgup", Code::PageUp),
    ("pageup", Code::PageUp),
    ("pgdn", Code::PageDown),
    ("pagedown", Code::PageDown),
    ("home", Code::Home),
    ("end", Code::End),
];

impl Key {
    #[must_use]
    pub const fn plain(c: char) -> Self {
        Self { code: Code::Char(c), ctrl: false, alt: false }
    }

    /// Parses `"j"`, `"G"`, `"space"`, `"ctrl-e"`, `"alt-x"`, `"pgdn"`, `"f1"`.
    ///
    /// # Errors
    /// The name is not a key.
    pub fn parse(name: &str) -> Result<Self, KeyParseError> {
        let err = || KeyParseError(name.to_owned());
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = name;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 2 && (lower.starts_with("ctrl-") || lower.starts_with("ctrl+")) {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 2 && (lower.starts_with("alt-") || lower.starts_with("alt+")) {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => Code::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            (None, _) => return Err(err()),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if lower == "space" {
                    Code::Char(' ')
                } else if let Some(code) = NAMED.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c) {
                    code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if (1..=24).contains(&n) {
                        Code::F(n)
                    } else {
                        return Err(err());
                    }
                } else {
                    return Err(err());
                }
            }
        };
        Ok(Self { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            Code::Char(' ') => f.write_str("Space"),
            Code::Char(c) => write!(f, "{c}"),
            Code::Enter => f.write_str("Enter"),
            Code::Esc => f.write_str("Esc"),
            Code::Tab => f.write_str("Tab"),
            Code::BackTab => f.write_str("Shift-Tab"),
            Code::Backspace => f.write_str("Backspace"),
            Code::Delete => f.write_str("Delete"),
            Code::Up => f.write_str("Up"),
            Code::Down => f.write_str("Down"),
            Code::Left => f.write_str("Left"),
            Code::Right => f.write_str("Right"),
            Code::PageUp => f.write_str("PgUp"),
            Code::PageDown => f.write_str("PgDn"),
            Code::Home => f.write_str("Home"),
            Code::End => f.write_str("End"),
            Code::F(n) => write!(f, "F{n}"),
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub action: Action,
    /// The name used in the configuration file's `[keys]` table.
    pub name: &'static str,
    pub scope: Scope,
    pub keys: &'static [&'static str],
    pub help: &'static str,
}

const fn bind(
    scope: Scope,
    name: &'static str,
    action: Action,
    keys: &'static [&'static str],
    help: &'static str,
) -> Binding {
    Binding { action, name, scope, keys, help }
}

/// Every keyboard action, its default keys and what it does.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(Scope::Normal, "down", Action::Down, &["j", "down", "ctrl-e", "ctrl-n"], "next line, or next document in the list"),
    bind(Scope::Normal, "up", Action::Up, &["k", "up", "ctrl-y", "ctrl-p"], "previous line, or previous document"),
    bind(Scope::Normal, "page_down", Action::PageDown, &["space", "pgdn", "f", "ctrl-f"], "next page"),
    bind(Scope::Normal, "page_up", Action::PageUp, &["b", "pgup", "ctrl-b"], "previous page"),
    bind(Scope::Normal, "half_page_down", Action::HalfPageDown, &["d", "ctrl-d"], "half a page down"),
    bind(Scope::Normal, "half_page_up", Action::HalfPageUp, &["u", "ctrl-u"], "half a page up"),
    bind(Scope::Normal, "top", Action::Top, &["g", "home", "<"], "go to the top"),
    bind(Scope::Normal, "bottom", Action::Bottom, &["G", "end", ">"], "go to the end"),
    bind(Scope::Normal, "go_percent", Action::GoPercent, &["%", "p"], "go to N% (type the number first: 50%)"),
    bind(Scope::Normal, "jump_back", Action::JumpBack, &["ctrl-o", "alt-left"], "back to where the last jump started"),
    bind(Scope::Normal, "jump_forward", Action::JumpForward, &["alt-right"], "forward again (Ctrl-i is Tab in a terminal)"),
    bind(Scope::Normal, "scroll_left", Action::ScrollLeft, &["("], "scroll code and tables left (as less's Esc-()"),
    bind(Scope::Normal, "scroll_right", Action::ScrollRight, &[")"], "scroll code and tables wider than the column right"),
    bind(Scope::Normal, "reflow", Action::ToggleReflow, &["r"], "reflow plain text: auto, never (lines as in the file), always"),
    bind(Scope::Normal, "wider", Action::Wider, &["+", "="], "widen the reading column"),
    bind(Scope::Normal, "narrower", Action::Narrower, &["-"], "narrow the reading column"),
    bind(Scope::Normal, "reload_config", Action::ReloadConfig, &["ctrl-r"], "reload the configuration file"),
    bind(Scope::Normal, "command", Action::Command, &[":"], "command prompt (:reload, :width 72, :page 12, :q)"),
    bind(Scope::Normal, "follow_link", Action::FollowLink, &["o"], "number the links on screen; type one to follow it"),
    bind(Scope::Normal, "copy", Action::Copy, &["y"], "copy the match, or the passage at the top (OSC 52)"),
    bind(Scope::Normal, "select", Action::Select, &["v"], "select a passage, from the match or the top line"),
    bind(Scope::Normal, "lookup", Action::Lookup, &["K"], "look up the current match with the configured command"),
    bind(Scope::Normal, "save_article", Action::SaveArticle, &["W"], "keep the web page read (folio URL) as an article"),
    bind(Scope::Normal, "outline", Action::Outline, &["t"], "the outline: sections of the document (Enter jumps)"),
    bind(Scope::Normal, "next_heading", Action::NextHeading, &["}"], "next heading, at any level"),
    bind(Scope::Normal, "previous_heading", Action::PrevHeading, &["{"], "previous heading"),
    bind(Scope::Normal, "toggle_list", Action::ToggleList, &["z"], "hide or show the list (the reader takes the width)"),
    bind(Scope::Normal, "focus_next", Action::FocusNext, &["tab", "backtab"], "switch between list and reader"),
    bind(Scope::Normal, "focus_list", Action::FocusList, &["h", "left"], "focus the list"),
    bind(Scope::Normal, "focus_reader", Action::FocusReader, &["l", "right"], "focus the reader (opens the selected document)"),
    bind(Scope::Normal, "open", Action::Open, &["enter"], "open the document; in the reader, unfold a folded licence or note"),
    bind(Scope::Normal, "search", Action::Search, &["/"], "search in the document, or filter the list when it has focus"),
    bind(Scope::Normal, "library_search", Action::LibrarySearch, &["S"], "search every document in the library"),
    bind(Scope::Normal, "sort", Action::SortCycle, &["s"], "sort the list: folder, title, date, length, progress, unread first"),
    bind(Scope::Normal, "archive", Action::Archive, &["a"], "archive the selected document (hides it), or bring it back"),
    bind(Scope::Normal, "show_archived", Action::ToggleArchived, &["A"], "show or hide archived documents in the list"),
    bind(Scope::Normal, "log", Action::ShowLog, &["L"], "show problems and notices (files that could not open)"),
    bind(Scope::Normal, "search_next", Action::SearchNext, &["n"], "next match (wraps around)"),
    bind(Scope::Normal, "search_prev", Action::SearchPrev, &["N"], "previous match (wraps around)"),
    bind(Scope::Normal, "bookmark_add", Action::BookmarkAdd, &["m"], "bookmark the top passage (or the match), with a note"),
    bind(Scope::Normal, "bookmarks", Action::Bookmarks, &["'", "B"], "open the bookmarks pane"),
    bind(Scope::Normal, "bookmark_next", Action::BookmarkNext, &["]"], "next bookmark in this document"),
    bind(Scope::Normal, "bookmark_prev", Action::BookmarkPrev, &["["], "previous bookmark in this document"),
    bind(Scope::Normal, "clear", Action::Cancel, &["esc"], "clear the search highlights"),
    bind(Scope::Normal, "help", Action::Help, &["?", "f1"], "show this help"),
    bind(Scope::Normal, "quit", Action::Quit, &["q", "ctrl-c"], "quit"),
    bind(Scope::Normal, "suspend", Action::Suspend, &["ctrl-z"], "suspend to the shell, as less and vim do (fg comes back)"),
    bind(Scope::Help, "down", Action::Down, &["j", "down", "ctrl-e", "ctrl-n"], "scroll the help down"),
    bind(Scope::Help, "up", Action::Up, &["k", "up", "ctrl-y", "ctrl-p"], "scroll the help up"),
    bind(Scope::Help, "page_down", Action::PageDown, &["space", "pgdn", "f", "ctrl-f"], "next page"),
    bind(Scope::Help, "page_up", Action::PageUp, &["b", "pgup", "ctrl-b"], "previous page"),
    bind(Scope::Help, "half_page_down", Action::HalfPageDown, &["d", "ctrl-d"], "half a page down"),
    bind(Scope::Help, "half_page_up", Action::HalfPageUp, &["u", "ctrl-u"], "half a page up"),
    bind(Scope::Help, "top", Action::Top, &["g", "home", "<"], "go to the top"),
    bind(Scope::Help, "bottom", Action::Bottom, &["G", "end", ">"], "go to the end"),
    bind(Scope::Help, "filter", Action::Search, &["/"], "filter the help by key or word"),
    bind(Scope::Help, "cancel", Action::Cancel, &["esc", "q", "?", "enter"], "close the help"),
    bind(Scope::Help, "quit", Action::Quit, &["ctrl-c"], "quit"),
    bind(Scope::Bookmarks, "down", Action::Down, &["j", "down"], "next bookmark"),
    bind(Scope::Bookmarks, "up", Action::Up, &["k", "up"], "previous bookmark"),
    bind(Scope::Bookmarks, "page_down", Action::PageDown, &["space", "pgdn"], "a page of bookmarks down"),
    bind(Scope::Bookmarks, "page_up", Action::PageUp, &["b", "pgup"], "a page of bookmarks up"),
    bind(Scope::Bookmarks, "top", Action::Top, &["g", "home"], "first bookmark"),
    bind(Scope::Bookmarks, "bottom", Action::Bottom, &["G", "end"], "last bookmark"),
    bind(Scope::Bookmarks, "open", Action::Open, &["enter"], "open the document at the passage"),
    bind(Scope::Bookmarks, "edit_note", Action::EditNote, &["e"], "edit the note"),
    bind(Scope::Bookmarks, "delete", Action::Delete, &["d", "delete"], "delete the bookmark"),
    bind(Scope::Bookmarks, "undo", Action::Undo, &["u"], "undo the last deletion"),
    bind(Scope::Bookmarks, "filter", Action::Search, &["/"], "filter the bookmarks by text"),
    bind(Scope::Bookmarks, "cancel", Action::Cancel, &["esc", "q", "'", "B"], "close the pane"),
    bind(Scope::Bookmarks, "quit", Action::Quit, &["ctrl-c"], "quit"),
    bind(Scope::Results, "down", Action::Down, &["j", "down"], "next result"),
    bind(Scope::Results, "up", Action::Up, &["k", "up"], "previous result"),
    bind(Scope::Results, "page_down", Action::PageDown, &["space", "pgdn"], "ten results down"),
    bind(Scope::Results, "page_up", Action::PageUp, &["b", "pgup"], "ten results up"),
    bind(Scope::Results, "top", Action::Top, &["g", "home"], "first result"),
    bind(Scope::Results, "bottom", Action::Bottom, &["G", "end"], "last result"),
    bind(Scope::Results, "open", Action::Open, &["enter"], "open the document at this passage (n goes on)"),
    bind(Scope::Results, "search", Action::Search, &["/", "S"], "change the query"),
    bind(Scope::Results, "cancel", Action::Cancel, &["esc", "q"], "close the results"),
    bind(Scope::Results, "quit", Action::Quit, &["ctrl-c"], "quit"),
    bind(Scope::Outline, "down", Action::Down, &["j", "down"], "next section"),
    bind(Scope::Outline, "up", Action::Up, &["k", "up"], "previous section"),
    bind(Scope::Outline, "page_down", Action::PageDown, &["space", "pgdn"], "a page of sections down"),
    bind(Scope::Outline, "page_up", Action::PageUp, &["b", "pgup"], "a page of sections up"),
    bind(Scope::Outline, "top", Action::Top, &["g", "home"], "first section"),
    bind(Scope::Outline, "bottom", Action::Bottom, &["G", "end"], "last section"),
    bind(Scope::Outline, "open", Action::Open, &["enter"], "go to the section (Ctrl-o comes back)"),
    bind(Scope::Outline, "filter", Action::Search, &["/"], "filter the sections by title"),
    bind(Scope::Outline, "cancel", Action::Cancel, &["esc", "q", "t"], "close the outline"),
    bind(Scope::Outline, "quit", Action::Quit, &["ctrl-c"], "quit"),
    bind(Scope::Note, "down", Action::Down, &["j", "down"], "scroll the note down"),
    bind(Scope::Note, "up", Action::Up, &["k", "up"], "scroll the note up"),
    bind(Scope::Note, "page_down", Action::PageDown, &["space", "pgdn"], "a page of the note down"),
    bind(Scope::Note, "page_up", Action::PageUp, &["b", "pgup"], "a page of the note up"),
    bind(Scope::Note, "open", Action::Open, &["enter"], "go to the note in the text (Ctrl-o comes back)"),
    bind(Scope::Note, "cancel", Action::Cancel, &["esc", "q"], "close the note"),
    bind(Scope::Note, "quit", Action::Quit, &["ctrl-c"], "quit"),
    bind(Scope::Select, "left", Action::CursorLeft, &["h", "left"], "a character left"),
    bind(Scope::Select, "right", Action::CursorRight, &["l", "right"], "a character right"),
    bind(Scope::Select, "word_next", Action::WordNext, &["w"], "to the next word"),
    bind(Scope::Select, "word_prev", Action::WordPrev, &["b"], "back to the start of a word"),
    bind(Scope::Select, "word_end", Action::WordEnd, &["e"], "to the end of a word"),
    bind(Scope::Select, "sentence_end", Action::SentenceEnd, &[")"], "to the end of the sentence (then of the next)"),
    bind(Scope::Select, "sentence_start", Action::SentenceStart, &["("], "back to the start of the sentence"),
    bind(Scope::Select, "paragraph_end", Action::ParagraphEnd, &["}"], "to the end of the paragraph (then of the next)"),
    bind(Scope::Select, "paragraph_start", Action::ParagraphStart, &["{"], "back to the start of the paragraph"),
    bind(Scope::Select, "line_start", Action::LineStart, &["0", "home"], "to the start of the screen line"),
    bind(Scope::Select, "line_end", Action::LineEnd, &["$", "end"], "to the end of the screen line"),
    bind(Scope::Select, "down", Action::Down, &["j", "down"], "a line down"),
    bind(Scope::Select, "up", Action::Up, &["k", "up"], "a line up"),
    bind(Scope::Select, "page_down", Action::PageDown, &["space", "pgdn", "ctrl-f"], "a page down"),
    bind(Scope::Select, "page_up", Action::PageUp, &["pgup", "ctrl-b"], "a page up"),
    bind(Scope::Select, "top", Action::Top, &["g"], "to the start of the document"),
    bind(Scope::Select, "bottom", Action::Bottom, &["G"], "to the end of the document"),
    bind(Scope::Select, "swap_ends", Action::SwapEnds, &["o"], "move the other end"),
    bind(Scope::Select, "search", Action::Search, &["/"], "search: the selection reaches the match"),
    bind(Scope::Select, "search_next", Action::SearchNext, &["n"], "to the next match"),
    bind(Scope::Select, "search_prev", Action::SearchPrev, &["N"], "to the previous match"),
    bind(Scope::Select, "copy", Action::Copy, &["y"], "copy the selected text (OSC 52)"),
    bind(Scope::Select, "copy_quote", Action::CopyQuote, &["Y"], "copy it as a Markdown quote with a link back"),
    bind(Scope::Select, "highlight", Action::BookmarkAdd, &["m"], "highlight it, with a note (kept with the bookmarks)"),
    bind(Scope::Select, "lookup", Action::Lookup, &["K"], "look it up with the configured command (lookup = ...)"),
    bind(Scope::Select, "cancel", Action::Cancel, &["esc", "v"], "stop selecting"),
    bind(Scope::Select, "help", Action::Help, &["?", "f1"], "show the help"),
    bind(Scope::Prompt, "accept", Action::Accept, &["enter"], "accept (keep the search, save the note)"),
    bind(Scope::Prompt, "cancel", Action::Cancel, &["esc", "ctrl-c", "ctrl-g"], "cancel and go back"),
    bind(Scope::Prompt, "delete_back", Action::DeleteBack, &["backspace", "ctrl-h"], "delete the character before the cursor"),
    bind(Scope::Prompt, "delete_word", Action::DeleteWord, &["ctrl-w", "alt-backspace"], "delete the word before the cursor"),
    bind(Scope::Prompt, "clear_line", Action::ClearLine, &["ctrl-u"], "clear the prompt"),
    bind(Scope::Prompt, "cursor_left", Action::CursorLeft, &["left", "ctrl-b"], "cursor left"),
    bind(Scope::Prompt, "cursor_right", Action::CursorRight, &["right", "ctrl-f"], "cursor right"),
    bind(Scope::Prompt, "line_start", Action::LineStart, &["home", "ctrl-a"], "cursor to the start"),
    bind(Scope::Prompt, "line_end", Action::LineEnd, &["end", "ctrl-e"], "cursor to the end"),
    bind(Scope::Prompt, "history_prev", Action::HistoryPrev, &["up", "ctrl-p"], "older query from the history"),
    bind(Scope::Prompt, "history_next", Action::HistoryNext, &["down", "ctrl-n"], "newer query from the history"),
    bind(Scope::Prompt, "toggle_regex", Action::ToggleRegex, &["ctrl-r"], "switch between plain text and regex"),
];

/// The keys in force: defaults, possibly remapped.
#[derive(Debug, Clone)]
pub struct Keymap {
    map: HashMap<(Scope, Key), Action>,
    /// For help: the keys bound to each (scope, action), in table order.
    keys: Vec<(Binding, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut keymap = Self { map: HashMap::new(), keys: Vec::new() };
        for binding in BINDINGS {
            let keys: Vec<Key> = binding.keys.iter().filter_map(|k| Key::parse(k).ok()).collect();
            keymap.set(*binding, keys);
        }
        keymap
    }
}

impl Keymap {
    /// Binds `keys` to a row's action in its scope, replacing its old keys.
    pub fn set(&mut self, binding: Binding, keys: Vec<Key>) {
        if let Some((_, old)) =
            self.keys.iter_mut().find(|(b, _)| b.scope == binding.scope && b.action == binding.action)
        {
            for key in old.drain(..) {
                self.map.remove(&(binding.scope, key));
            }
        }
        for key in &keys {
            // A key moves to its new action: remove it from whatever had it.
            if let Some(prev) = self.map.insert((binding.scope, *key), binding.action) {
                for (b, ks) in &mut self.keys {
                    if b.scope == binding.scope && b.action == prev {
                        ks.retain(|k| k != key);
                    }
                }
            }
        }
        match self.keys.iter_mut().find(|(b, _)| b.scope == binding.scope && b.action == binding.action) {
            Some((_, old)) => *old = keys,
            None => self.keys.push((binding, keys)),
        }
    }

    /// The action bound to `key` in `scope`.
    #[must_use]
    pub fn action(&self, scope: Scope, key: Key) -> Option<Action> {
        self.map.get(&(scope, key)).copied()
    }

    /// Rows for the help overlay: scope, keys as text, description.
    #[must_use]
    pub fn help_rows(&self) -> Vec<(Scope, String, &'static str)> {
        self.keys
            .iter()
            .map(|(b, keys)| {
                let text = if keys.is_empty() {
                    "(unbound)".to_owned()
                } else {
                    keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                };
                (b.scope, text, b.help)
            })
            .collect()
    }

    /// The first key bound to an action as text for a hint (`m`,
    /// `Ctrl-r`), or the action's name in the configuration when a remap
    /// left it without a key, so a hint is never wrong.
    #[must_use]
    pub fn hint(&self, scope: Scope, action: Action) -> String {
        match self.first_key(scope, action) {
            Some(key) => key.to_string(),
            None => {
                let name = BINDINGS.iter().find(|b| b.scope == scope && b.action == action).map_or("?", |b| b.name);
                format!("(unbound: {name})")
            }
        }
    }

    /// The first key bound to an action, for hints in the status bar.
    #[must_use]
    pub fn first_key(&self, scope: Scope, action: Action) -> Option<Key> {
        self.keys
            .iter()
            .find(|(b, _)| b.scope == scope && b.action == action)
            .and_then(|(_, keys)| keys.first().copied())
    }
}

/// The default key table as Markdown, for the README and `assets/keys.md`.
#[must_use]
pub fn markdown_table() -> String {
    let keymap = Keymap::default();
    let mut out = String::new();
    let mut scope = None;
    for (s, keys, help) in keymap.help_rows() {
        if scope != Some(s) {
            if scope.is_some() {
                out.push('\n');
            }
            out.push_str(&format!("**{}**\n\n| Keys | Action |\n| --- | --- |\n", s.title()));
            scope = Some(s);
        }
        let keys = keys.replace('|', "\\|");
        out.push_str(&format!("| {keys} | {help} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_names() -> Result<(), KeyParseError> {
        assert_eq!(Key::parse("j")?, Key::plain('j'));
        assert_eq!(Key::parse("G")?, Key::plain('G'));
        assert_eq!(Key::parse("space")?, Key::plain(' '));
        assert_eq!(Key::parse("ctrl-E")?, Key { code: Code::Char('e'), ctrl: true, alt: false });
        assert_eq!(Key::parse("PgDn")?.code, Code::PageDown);
        assert_eq!(Key::parse("f12")?.code, Code::F(12));
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("").is_err());
        Ok(())
    }

    #[test]
    fn every_default_key_parses_and_is_unique_per_scope() {
        let mut seen = HashMap::new();
        for b in BINDINGS {
            for k in b.keys {
                let key = Key::parse(k).unwrap_or_else(|e| panic!("{e}"));
                if let Some(other) = seen.insert((b.scope, key), b.name) {
                    panic!("{k} bound to both {other} and {}", b.name);
                }
            }
        }
    }

    #[test]
    fn remapping_moves_a_key() -> Result<(), KeyParseError> {
        let mut keymap = Keymap::default();
        let down = BINDINGS[0];
        keymap.set(down, vec![Key::parse("n")?]);
        assert_eq!(keymap.action(Scope::Normal, Key::plain('n')), Some(Action::Down));
        assert_eq!(keymap.action(Scope::Normal, Key::plain('j')), None);
        assert!(keymap.help_rows()[0].1.contains('n'));
        Ok(())
    }
}
