//! The help overlay's content and paging.
//!
//! The lines are made here, from the keys in force, for a given width, so
//! that paging (`G`, Space, `d`) knows how many there are and the pane in
//! [`crate::ui`] draws exactly these lines. Descriptions wrap under
//! themselves; `/` filters the rows by key or description.

use crate::keymap::{Keymap, Scope};
use crate::sanitize;

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A scope's title.
    Title(&'static str),
    Blank,
    /// Keys (on a row's first line only) and a piece of its description.
    Row {
        keys: String,
        text: String,
    },
}

/// Widest the key column gets; longer key lists are cut.
const KEY_COLUMN: usize = 24;

/// The help's lines for a pane `width` columns wide (inside its border),
/// only the rows matching `filter` (case-insensitive, keys or words).
#[must_use]
pub fn help_lines(keymap: &Keymap, filter: &str, width: usize) -> Vec<HelpLine> {
    let needle = filter.to_lowercase();
    let rows: Vec<(Scope, String, &'static str)> = keymap
        .help_rows()
        .into_iter()
        .filter(|(_, keys, help)| {
            needle.is_empty() || keys.to_lowercase().contains(&needle) || help.to_lowercase().contains(&needle)
        })
        .collect();
    let key_width = rows.iter().map(|(_, k, _)| sanitize::width(k)).max().unwrap_or(0).min(KEY_COLUMN).min(width / 3);
    // Two spaces of indent and two between the columns.
    let text_width = width.saturating_sub(key_width + 4).max(10);
    let mut lines = Vec::new();
    let mut scope = None;
    for (s, keys, help) in rows {
        if scope != Some(s) {
            if scope.is_some() {
                lines.push(HelpLine::Blank);
            }
            lines.push(HelpLine::Title(s.title()));
            scope = Some(s);
        }
        // Keys and description both wrap in their columns: no key is
        // ever cut from the list of what is bound.
        let keys = wrap_words(&keys, key_width);
        let text = wrap_words(help, text_width);
        for i in 0..keys.len().max(text.len()) {
            let k = keys.get(i).map_or("", String::as_str);
            let pad = key_width.saturating_sub(sanitize::width(k));
            lines.push(HelpLine::Row {
                keys: format!("{k}{}", " ".repeat(pad)),
                text: text.get(i).cloned().unwrap_or_default(),
            });
        }
    }
    lines
}

/// `text` broken into lines of at most `width` columns at spaces (a word
/// longer than a line is cut).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let next = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if sanitize::width(&next) <= width || line.is_empty() {
            line = sanitize::truncate_words(&next, width).into_owned();
        } else {
            lines.push(std::mem::take(&mut line));
            line = sanitize::truncate_words(word, width).into_owned();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Where the help overlay goes on a screen of `size`: as wide as the help
/// wants up to the screen, as tall as the screen allows.
#[must_use]
pub fn help_area(size: (u16, u16)) -> (u16, u16, u16, u16) {
    let (w, h) = size;
    let width = w.saturating_sub(2).min(100);
    let height = h.saturating_sub(2);
    ((w.saturating_sub(width)) / 2, 1.min(h), width, height)
}

/// Rows of text the help or log pane shows at once on a screen of `size`.
#[must_use]
pub fn help_rows(size: (u16, u16)) -> usize {
    let (_, _, _, height) = help_area(size);
    usize::from(height.saturating_sub(2)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_wrap_under_themselves_at_any_width() {
        let keymap = Keymap::default();
        for width in [30, 58, 98] {
            for line in help_lines(&keymap, "", width) {
                if let HelpLine::Row { keys, text } = line {
                    assert!(sanitize::width(&keys) + 4 + sanitize::width(&text) <= width.max(14), "{keys}|{text}");
                }
            }
        }
        let narrow = help_lines(&keymap, "", 58);
        let continued = narrow.iter().any(|l| matches!(l, HelpLine::Row { keys, .. } if keys.trim().is_empty()));
        assert!(continued, "a long description goes on under itself: {narrow:?}");
    }

    #[test]
    fn the_filter_keeps_matching_rows() {
        let lines = help_lines(&Keymap::default(), "bookmark", 98);
        let rows: Vec<&str> = lines
            .iter()
            .filter_map(|l| if let HelpLine::Row { text, .. } = l { Some(text.as_str()) } else { None })
            .collect();
        assert!(!rows.is_empty() && rows.iter().all(|t| t.to_lowercase().contains("bookmark")), "{rows:?}");
    }
}
