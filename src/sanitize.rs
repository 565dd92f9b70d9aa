//! What may reach the terminal.
//!
//! Every document, file name, note and query is untrusted: a single ESC in
//! a cell would let a file set the window title, write the clipboard (OSC 52)
//! or clear the screen. Everything that is drawn goes through this module,
//! which turns control and formatting characters into visible stand-ins
//! (`^[`, `<U+202E>`) or drops the invisible ones that only confuse layout.
//! Widths are computed here too, per grapheme and from the *displayed* form,
//! so the wrapper and the renderer always agree on how wide a line is.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How one character is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Safe as it is.
    Keep,
    /// Replaced by a visible stand-in (caret notation or `<U+XXXX>`).
    Replace,
    /// Removed: invisible characters with no layout meaning (soft hyphen,
    /// zero-width space, a stray byte-order mark).
    Drop,
}

/// Classifies one character. Tab, line feed and carriage return are treated
/// as control characters here; callers that give white space a meaning
/// (the wrapper) handle them before asking.
#[must_use]
pub fn classify(c: char) -> Shown {
    match c {
        '\u{00}'..='\u{1f}' | '\u{7f}' | '\u{80}'..='\u{9f}' => Shown::Replace,
        // Bidirectional embeddings, overrides, isolates and marks: they can
        // reorder what the reader sees ("Trojan Source"), so show them.
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Shown::Replace,
        // Line and paragraph separators and interlinear annotations.
        '\u{2028}' | '\u{2029}' | '\u{fff9}'..='\u{fffb}' => Shown::Replace,
        // Invisible with no effect worth keeping on a terminal.
        '\u{00ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}' => Shown::Drop,
        _ => Shown::Keep,
    }
}

/// Text as it goes to the clipboard: what the screen shows. Tab and line
/// feed are kept (a line break inside a copied passage means one); a
/// carriage return before a line feed is dropped; every other control
/// character (C0, DEL, C1), bidirectional control and line separator
/// becomes its visible stand-in (`^[`, `<U+202E>`). A paste of it can then
/// neither end a terminal's bracketed paste (`ESC[201~`) nor run a
/// command with the controls a document carried.
#[must_use]
pub fn clipboard(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            _ if classify(c) == Shown::Replace => push_replacement(&mut out, c),
            _ => out.push(c),
        }
    }
    out
}

/// Writes the visible stand-in of `c` (which [`classify`] said to replace)
/// into `out`.
pub fn push_replacement(out: &mut String, c: char) {
    let code = u32::from(c);
    if code < 0x20 {
        out.push('^');
        out.push(char::from_u32(code + 0x40).unwrap_or('?'));
    } else if code == 0x7f {
        out.push_str("^?");
    } else {
        out.push_str(&format!("<U+{code:04X}>"));
    }
}

/// `s` as a JSON string literal, quotes included, for output that other
/// tools read (and that may well end up on a terminal). Unlike a general
/// JSON encoder, every character [`classify`] would not keep is escaped as
/// `\uXXXX`: C1 controls (CSI, OSC, DCS, ST), DEL and bidirectional
/// overrides are legal in JSON but act on a terminal, as ripgrep's JSON
/// output also escapes them.
#[must_use]
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if classify(c) != Shown::Keep => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` quoted for a message: made safe, on one line, and cut to about
/// `max` columns with an ellipsis, so a 50 MB value in a configuration
/// file is quoted as a few words, not echoed whole.
#[must_use]
pub fn excerpt(s: &str, max: usize) -> String {
    let head = &s[..s.floor_char_boundary(max.saturating_mul(4).min(s.len()))];
    let cut = head.len() < s.len();
    let shown = line(head);
    let shown = truncate_words(&shown, max);
    let ellipsis = if cut && !shown.ends_with('…') { "…" } else { "" };
    format!("\"{shown}{ellipsis}\"")
}

/// JSON text made by an encoder, with every character that [`classify`]
/// would not keep escaped as `\uXXXX`, except the line feeds between
/// values. Such characters only ever occur inside strings in an encoder's
/// output (it escapes C0 controls itself), so escaping them keeps the JSON
/// valid and equal in value.
#[must_use]
pub fn escape_json_output(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c != '\n' && classify(c) != Shown::Keep {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Display width of the stand-in for `c`.
#[must_use]
pub fn replacement_width(c: char) -> usize {
    let code = u32::from(c);
    if code < 0x20 || code == 0x7f {
        2
    } else if code <= 0xffff {
        8
    } else {
        // <U+XXXXX> or <U+XXXXXX>
        format!("{code:04X}").len() + 4
    }
}

/// Combining marks drawn on one base character at most. Real text needs a
/// few (Vietnamese stacks two); a grapheme of a million marks would be
/// megabytes written into one cell. The rest are left out of what is
/// drawn, never out of the text.
pub const MAX_COMBINING: usize = 8;

/// Counts combining marks in a row, to drop those past [`MAX_COMBINING`].
#[derive(Debug, Default, Clone, Copy)]
pub struct MarkCap(usize);

impl MarkCap {
    /// Whether `c` is drawn: anything but a combining mark past the cap.
    pub fn keep(&mut self, c: char) -> bool {
        if unicode_normalization::char::is_combining_mark(c) {
            self.0 += 1;
            self.0 <= MAX_COMBINING
        } else {
            self.0 = 0;
            true
        }
    }
}

/// Makes `s` safe to draw on one line: control characters become visible,
/// invisible ones are dropped, tabs and line breaks become a space, and
/// combining marks past [`MAX_COMBINING`] on one character are dropped.
#[must_use]
pub fn line(s: &str) -> Cow<'_, str> {
    let mut cap = MarkCap::default();
    if s.chars().all(|c| classify(c) == Shown::Keep && cap.keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(1 << 20) + 8);
    let mut cap = MarkCap::default();
    for c in s.chars() {
        if cap.keep(c) {
            push_char(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// Appends the displayed form of one character, with tab and line breaks
/// shown as a space (the single-line convention of [`line`]).
pub fn push_char(out: &mut String, c: char) {
    match c {
        '\t' | '\n' | '\r' => out.push(' '),
        _ => match classify(c) {
            Shown::Keep => out.push(c),
            Shown::Replace => push_replacement(out, c),
            Shown::Drop => {}
        },
    }
}

/// Display width of `s` as it will be drawn after sanitizing, counted per
/// grapheme cluster as ratatui does (so an emoji ZWJ sequence is 2, a base
/// letter with combining marks is 1).
#[must_use]
pub fn width(s: &str) -> usize {
    // Printable ASCII is one column a byte: no need to find graphemes.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// Display width of one grapheme cluster after sanitizing.
#[must_use]
pub fn grapheme_width(g: &str) -> usize {
    let mut chars = g.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next())
        && c.is_ascii()
    {
        return match c {
            '\t' | '\n' | '\r' => 1,
            _ if c.is_ascii_control() => 2,
            _ => 1,
        };
    }
    if g.chars().all(|c| classify(c) == Shown::Keep) {
        return g.width();
    }
    // A cluster holding a control character is drawn char by char.
    g.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => 1,
            _ => match classify(c) {
                Shown::Keep => {
                    let mut buf = [0u8; 4];
                    c.encode_utf8(&mut buf).width()
                }
                Shown::Replace => replacement_width(c),
                Shown::Drop => 0,
            },
        })
        .sum()
}

/// Cuts `s` (already sanitized) to at most `max` columns, at a word boundary
/// when one is near, adding an ellipsis when anything was cut.
#[must_use]
pub fn truncate_words(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let budget = max - 1; // room for the ellipsis
    let mut used = 0;
    let mut cut = 0;
    let mut last_space = None;
    for (i, g) in s.grapheme_indices(true) {
        let w = grapheme_width(g);
        if used + w > budget {
            break;
        }
        if g.chars().all(char::is_whitespace) {
            last_space = Some(i);
        }
        used += w;
        cut = i + g.len();
    }
    // Prefer a word boundary unless it would throw away most of the room.
    let end = match last_space {
        Some(sp) if sp * 3 >= cut * 2 => sp,
        _ => cut,
    };
    let mut out = s[..end].trim_end().to_owned();
    // A cut that ends on an ellipsis of the text (a title shortened
    // already) says so once: "Nations……" was seen in the bookmarks pane.
    if !out.ends_with('…') {
        out.push('…');
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        let s = "a\u{1b}]0;pwned\u{7}b\u{9b}31mc";
        let shown = line(s);
        assert_eq!(shown, "a^[]0;pwned^Gb<U+009B>31mc");
        assert!(!shown.chars().any(char::is_control));
    }

    #[test]
    fn bidi_and_invisibles() {
        assert_eq!(line("x\u{202e}y"), "x<U+202E>y");
        assert_eq!(line("soft\u{ad}hy\u{200b}phen"), "softhyphen");
        assert_eq!(line("tab\there\nnext"), "tab here next");
    }

    #[test]
    fn widths_match_what_is_drawn() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("\u{1b}"), 2);
        assert_eq!(width("\u{202e}"), 8);
        assert_eq!(width("\u{ad}"), 0);
        for s in ["a\u{1b}[2J", "x\u{9b}y", "👨\u{200d}👩\u{200d}👧", "Lương"] {
            assert_eq!(width(s), width(&line(s)), "{s:?}");
        }
    }

    #[test]
    fn truncation_prefers_word_boundaries() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(truncate_words("The line between protecting security", 20), "The line between…");
        assert_eq!(truncate_words("Supercalifragilistic", 8), "Superca…");
        assert_eq!(
            truncate_words("Two days after the United Nations…  (seeds/000.txt, 1)", 40),
            "Two days after the United Nations…"
        );
        assert!(width(&truncate_words("日本語のテキストです", 7)) <= 7);
    }
}
