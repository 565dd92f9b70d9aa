//! Links: choosing one on screen by number, following it, copying, as part
//! of [`App`].
//!
//! `o` numbers the links on screen (hint mode, as in a browser's keyboard
//! navigation: `f` is already the next page here, as in less). Typing a
//! number picks one. A link to a document of the library (a relative path,
//! `#anchor`, `path#anchor`) opens it in folio at the target, as a jump. An
//! address outside is shown in full and opened only when asked: `r` reads
//! a web page in folio (fetched as `folio URL` does, added to the list,
//! Ctrl-O back), Enter hands it to `$BROWSER` (or the system's opener),
//! `y` copies it. Only
//! `http`, `https` and `mailto` addresses are ever opened; anything else
//! (`javascript:`, `file:`) can be copied, never opened.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use super::{App, Effect, Focus, Prompt, Purpose};
use crate::action::Action;
use crate::keymap::Scope;

/// A link on screen, numbered from 1 in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub number: usize,
    pub range: Range<usize>,
    pub target: String,
    /// A note reference: following it shows the note in a popup.
    pub note: bool,
}

/// Most blocks a note popup shows.
const NOTE_BLOCKS: usize = 20;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A place in the open document.
    Anchor(String),
    /// A file (resolved against the open document's folder), and a place
    /// in it.
    File { path: PathBuf, anchor: Option<String> },
    /// An address outside, that a browser may open.
    Web(String),
    /// Anything else: shown and copied, never opened.
    Other(String),
}

/// What a link's target is, read from the text as written, relative to the
/// file `from` (the open document's path, if it is a file).
#[must_use]
pub fn target_of(target: &str, from: Option<&Path>) -> Target {
    let lower = target.trim().to_ascii_lowercase();
    if let Some(anchor) = target.strip_prefix('#') {
        return Target::Anchor(anchor.to_owned());
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
        return Target::Web(target.trim().to_owned());
    }
    let has_scheme = lower.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || target.trim().is_empty() {
        return Target::Other(target.to_owned());
    }
    let (file, anchor) = match target.split_once('#') {
        Some((file, anchor)) => (file, Some(anchor.to_owned())),
        None => (target, None),
    };
    let base = from.and_then(Path::parent).unwrap_or(Path::new(""));
    Target::File { path: normalize(&base.join(file)), anchor }
}

/// `a/b/../c` as `a/c`, without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A few bytes as base64, for the terminal's clipboard sequence (OSC 52).
#[must_use]
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Most bytes copied to the clipboard at once: terminals cap OSC 52.
const COPY_LIMIT: usize = 64 << 10;

impl App {
    /// The links on screen, numbered in reading order.
    #[must_use]
    pub fn hints(&self) -> Vec<Hint> {
        let Some(reader) = &self.reader else { return Vec::new() };
        let height = self.body_height();
        let visible = reader.layout.visible(&reader.doc, reader.top, height);
        let (Some(first), Some(last)) = (visible.first(), visible.last()) else { return Vec::new() };
        let (from, to) = (first.1.range.start, last.1.range.end);
        let links = &reader.doc.links;
        let start = links.partition_point(|l| l.range.end <= from);
        links[start..]
            .iter()
            .take_while(|l| l.range.start < to)
            .enumerate()
            .map(|(i, l)| Hint { number: i + 1, range: l.range.clone(), target: l.target.clone(), note: l.note })
            .collect()
    }

    /// `o`: numbers the links on screen and asks which.
    pub(super) fn start_link_hints(&mut self) {
        let hints = self.hints();
        if hints.is_empty() {
            self.status = Some("no link on screen".to_owned());
            return;
        }
        self.focus = Focus::Reader;
        self.prompt = Some(Prompt::new(Purpose::LinkHint));
        self.status = None;
    }

    /// A number typed in hint mode: picks a link once no longer number can
    /// start with it.
    pub(super) fn link_hint_typed(&mut self) {
        let Some(prompt) = &self.prompt else { return };
        let typed = prompt.input.clone();
        let count = self.hints().len();
        let Ok(n) = typed.parse::<usize>() else {
            if !typed.is_empty() {
                self.prompt = None;
                self.status = Some(format!("{typed:?} is not a link number"));
            }
            return;
        };
        if n == 0 || n > count {
            self.prompt = None;
            self.status = Some(format!("no link {n} on screen (1 to {count})"));
        } else if n * 10 > count {
            self.follow_hint(n);
        }
    }

    /// Enter in hint mode: the number typed so far.
    pub(super) fn link_hint_accepted(&mut self, typed: &str) {
        match typed.parse::<usize>() {
            Ok(n) if n >= 1 && n <= self.hints().len() => self.follow_hint(n),
            _ => self.status = Some(format!("{typed:?} is not a link number on screen")),
        }
    }

    /// Follows link `n` on screen: opens it in folio, or asks about an
    /// address outside.
    fn follow_hint(&mut self, n: usize) {
        self.prompt = None;
        let Some(hint) = self.hints().into_iter().find(|h| h.number == n) else { return };
        let from =
            self.reader.as_ref().and_then(|r| self.library.get(r.entry)).and_then(|e| e.path().map(Path::to_path_buf));
        match target_of(&hint.target, from.as_deref()) {
            Target::Anchor(anchor) if hint.note && self.show_note(&anchor, hint.range.clone()) => {}
            Target::Anchor(anchor) => {
                self.remember_jump();
                self.go_to_anchor(&anchor, &hint.target);
            }
            Target::File { path, anchor } => self.open_linked_file(&path, anchor.as_deref(), &hint.target),
            target @ (Target::Web(_) | Target::Other(_)) => {
                let url = match &target {
                    Target::Web(u) | Target::Other(u) => u.clone(),
                    _ => String::new(),
                };
                self.prompt =
                    Some(Prompt::new(Purpose::LinkAction { url, openable: matches!(target, Target::Web(_)) }));
            }
        }
    }

    /// A note reference followed: the note's text in a popup over the
    /// text, the view left where it is (Esc closes it; Enter goes to the
    /// note). False when the anchor leads nowhere.
    fn show_note(&mut self, anchor: &str, reference: Range<usize>) -> bool {
        let Some(reader) = &self.reader else { return false };
        let doc = &reader.doc;
        let Some(at) = doc.anchor_offset(anchor) else { return false };
        // The note runs from its block to the next note's (or a heading),
        // a few blocks at most.
        let others: Vec<usize> = doc
            .links
            .iter()
            .filter(|l| l.note)
            .filter_map(|l| doc.anchor_offset(l.target.rsplit('#').next().unwrap_or_default()))
            .filter(|&o| o > at)
            .collect();
        let next_note = others.into_iter().min().unwrap_or(usize::MAX);
        let first = doc.blocks.partition_point(|b| b.range.end <= at);
        // A note folded out of the flow (a book's footnote) is its folded
        // blocks; any other (a Markdown footnote) is one block.
        let folded = |b: &crate::document::Block| b.kind == crate::document::BlockKind::Folded;
        let whole_folded = doc.blocks.get(first).is_some_and(folded);
        let mut text = String::new();
        for b in doc.blocks.iter().skip(first).take(NOTE_BLOCKS) {
            if b.range.start >= next_note || !(text.is_empty() || whole_folded && folded(b)) {
                break;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&doc.text[b.range.clone()]);
        }
        if text.trim().is_empty() {
            return false;
        }
        let title = doc.text.get(reference).unwrap_or_default().trim().to_owned();
        self.overlay = super::Overlay::Note { scroll: 0, title, text, anchor: anchor.to_owned() };
        true
    }

    /// Shows the place an anchor names (an `id`, a chapter or note of a
    /// book, a heading) at the top of the view (the caller records the jump).
    pub(super) fn go_to_anchor(&mut self, anchor: &str, written: &str) {
        let Some(offset) = self.reader.as_ref().and_then(|r| r.doc.anchor_offset(anchor)) else {
            self.status = Some(format!("{written}: no such place in this document"));
            return;
        };
        self.focus = Focus::Reader;
        let height = self.body_height();
        if let Some(reader) = &mut self.reader {
            let pos = reader.layout.pos_at_or_after(&reader.doc, offset);
            reader.top = pos.min(reader.last_top(height));
        }
    }

    fn open_linked_file(&mut self, path: &Path, anchor: Option<&str>, written: &str) {
        let wanted = crate::fsutil::resolve_links(path);
        let index = self.library.entries().iter().position(|e| {
            e.path().is_some_and(|p| p == path || crate::fsutil::resolve_links(p) == wanted || normalize(p) == *path)
        });
        let Some(index) = index else {
            self.status = Some(format!("{written}: not a document of the library that is open"));
            return;
        };
        self.remember_jump();
        self.open(index);
        self.focus = Focus::Reader;
        if let Some(anchor) = anchor
            && !self
                .wait_for(index, super::AfterLoad::Anchor { anchor: anchor.to_owned(), written: written.to_owned() })
        {
            self.go_to_anchor(anchor, written);
        }
    }

    /// Enter on an address outside: hand it to the browser.
    pub(super) fn open_url(&mut self, url: &str, openable: bool) {
        if openable {
            self.effects.push(Effect::OpenUrl(url.to_owned()));
            self.status = Some(format!("opening {url}"));
        } else {
            self.status = Some(format!("{url}: not opened (only http, https and mailto links are)"));
        }
    }

    /// `r` on a web link: reads the page in folio (fetched on a thread, as
    /// `folio URL` does), or opens it when it was read already.
    pub(super) fn read_web_page(&mut self, url: &str) {
        let known =
            self.library.entries().iter().position(|e| matches!(&e.origin, crate::library::Origin::Web(u) if u == url));
        if let Some(index) = known {
            self.remember_jump();
            self.open(index);
            self.focus = Focus::Reader;
            return;
        }
        self.effects.push(Effect::FetchPage(url.to_owned()));
        self.status = Some(format!("fetching {url}…"));
    }

    /// A page asked for with `r` arrived: added to the library and opened
    /// (Ctrl-O goes back), or why it could not be read.
    pub(super) fn fetched(
        &mut self,
        url: String,
        result: Result<Box<crate::document::Document>, crate::web::FetchError>,
    ) {
        match result {
            Ok(doc) => {
                let origin = crate::library::Origin::Web(doc.source.as_ref().map_or(url, |s| s.url.clone()));
                let entry = crate::library::Entry::new(*doc, origin);
                let title = entry.meta.title.clone();
                let index = self.library.push(entry);
                self.insert_in_view(index);
                self.remember_jump();
                self.open(index);
                self.focus = Focus::Reader;
                let keep = self.keymap.hint(Scope::Normal, Action::SaveArticle);
                let back = self.keymap.hint(Scope::Normal, Action::JumpBack);
                self.status = Some(format!("reading \"{title}\" ({keep} keeps it; {back} goes back)"));
            }
            Err(err) => self.status = Some(format!("could not read it: {err}")),
        }
    }

    /// `y`: copies `text` to the terminal's clipboard (OSC 52), if allowed.
    pub(super) fn copy(&mut self, text: &str, what: &str) {
        if !self.clipboard {
            self.status = Some("copying is off (clipboard = false in the configuration)".to_owned());
            return;
        }
        // Never a document's raw controls (see `sanitize::clipboard`).
        let mut text = crate::sanitize::clipboard(text);
        let cut = text.len() > COPY_LIMIT;
        if cut {
            text.truncate(text.floor_char_boundary(COPY_LIMIT));
        }
        self.effects.push(Effect::Copy(text));
        self.status = Some(if cut {
            format!("copied the first {} KiB of {what} (terminals take no more at once)", COPY_LIMIT >> 10)
        } else {
            format!("copied {what}")
        });
    }

    /// `y` / `Y` while selecting: the selected text as shown, or as a
    /// Markdown quote with where it is from; the selection then ends.
    pub(super) fn copy_selection(&mut self, as_quote: bool) {
        let Some(reader) = &self.reader else { return };
        let Some(range) = reader.selected() else { return };
        let text = crate::selection::shown_text(&reader.doc, range.clone());
        let words = text.split_whitespace().count();
        let what = match (words, text.chars().count()) {
            (0, _) => {
                self.status = Some("nothing to copy: the selection holds no text".to_owned());
                return;
            }
            (1, chars) => format!("1 word ({chars} characters)"),
            (n, chars) => format!("{n} words ({chars} characters)"),
        };
        let out = if as_quote {
            let title = self.library.get(reader.entry).map(|e| e.meta.title.clone()).unwrap_or_default();
            let block = reader.doc.block_at(range.start);
            let chapter = reader.doc.section_at(block).and_then(|i| reader.doc.outline.get(i)).map(|s| s.title.clone());
            let link = match (&reader.doc.source, self.library.get(reader.entry)) {
                (Some(source), _) => source.url.clone(),
                (None, Some(entry)) => {
                    let place = entry.path().map_or_else(|| entry.origin.key(), |p| p.display().to_string());
                    format!("folio://{}#{}", place.replace(' ', "%20"), range.start)
                }
                (None, None) => String::new(),
            };
            markdown_quote(&text, &title, chapter.as_deref(), &link)
        } else {
            text
        };
        let what = if as_quote { format!("{what} as a quote") } else { what };
        self.copy(&out, &what);
        if let Some(reader) = self.reader.as_mut() {
            reader.selection = None;
        }
    }

    /// `y` in the reader: the current match, else the passage at the top.
    pub(super) fn copy_here(&mut self) {
        let current = self.current_match();
        let Some(reader) = &self.reader else { return };
        let (range, what) = match current {
            Some(m) => (m, "the match"),
            None => (reader.doc.blocks.get(reader.top.block).map_or(0..0, |b| b.range.clone()), "the passage"),
        };
        let text = reader.doc.text[range].split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            self.status = Some("nothing to copy here".to_owned());
        } else {
            self.copy(&text, what);
        }
    }
}

/// Longest text given to a look-up command: a word or a phrase.
const LOOKUP_MAX_CHARS: usize = 200;

impl App {
    /// `K` while selecting: looks the selected words up.
    pub(super) fn lookup_selection(&mut self) {
        let Some(reader) = &self.reader else { return };
        let Some(range) = reader.selected() else { return };
        let text = crate::selection::shown_text(&reader.doc, range);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() > LOOKUP_MAX_CHARS {
            self.status = Some(format!("select a word or a phrase to look up (at most {LOOKUP_MAX_CHARS} characters)"));
            return;
        }
        self.lookup(text);
    }

    /// `K` in the reader: looks the current match up.
    pub(super) fn lookup_match(&mut self) {
        let current = self.current_match();
        let Some(reader) = &self.reader else { return };
        match current {
            Some(range) => {
                let word = reader.doc.text[range].split_whitespace().collect::<Vec<_>>().join(" ");
                self.lookup(word);
            }
            None => {
                let select = self.keymap.hint(Scope::Normal, Action::Select);
                self.status =
                    Some(format!("nothing to look up: select a word first ({select}, then e) or search for it"));
            }
        }
    }

    /// Runs the configured look-up command on `word` (one argument, no
    /// shell), or says how to configure one.
    fn lookup(&mut self, word: String) {
        let word = crate::sanitize::clipboard(&word).replace(['\n', '\t'], " ");
        if word.trim().is_empty() {
            self.status = Some("nothing to look up".to_owned());
            return;
        }
        let Some(words) = &self.lookup else {
            self.status =
                Some("no look-up command: set lookup = \"dict {}\" (or sdcv, or a script) in config.toml".to_owned());
            return;
        };
        let argv = crate::lookup::argv(words, &word);
        self.status = Some(format!("looking up {word}…"));
        self.effects.push(Effect::Lookup { argv, word });
    }

    /// What the look-up printed, shown over the text (scrollable, closed
    /// by any other key), or why it failed.
    pub(super) fn looked_up(&mut self, word: String, result: Result<String, crate::lookup::LookupError>) {
        match result {
            Ok(text) if text.trim().is_empty() => self.status = Some(format!("the look-up printed nothing for {word}")),
            Ok(text) => {
                self.status = None;
                self.overlay = super::Overlay::Note {
                    scroll: 0,
                    title: format!("Look up: {word}"),
                    text: text.replace('\t', "    "),
                    anchor: String::new(),
                };
            }
            Err(err) => self.status = Some(format!("look-up failed: {err}")),
        }
    }
}

/// A passage as a Markdown block quote, then where it is from:
/// `— Title, Chapter, link`. Titles are one line each.
#[must_use]
pub fn markdown_quote(text: &str, title: &str, chapter: Option<&str>, link: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // A chapter named as the document is said once.
    let chapter = chapter.filter(|c| c.trim() != title.trim());
    let from: Vec<String> =
        [Some(title), chapter, Some(link)].into_iter().flatten().map(one_line).filter(|s| !s.is_empty()).collect();
    if !from.is_empty() {
        out.push_str(&format!("\n— {}\n", from.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_marks_every_line_and_says_where_it_is_from() {
        let quoted =
            markdown_quote("First line.\n\nSecond.", "Moby Dick", Some("Chapter 1. Loomings"), "folio:///b.txt#5");
        assert_eq!(quoted, "> First line.\n>\n> Second.\n\n— Moby Dick, Chapter 1. Loomings, folio:///b.txt#5\n");
    }

    #[test]
    fn targets_are_read_as_written() {
        let from = Some(Path::new("/lib/rfcs/0001-a.md"));
        assert_eq!(target_of("#summary", from), Target::Anchor("summary".into()));
        assert_eq!(
            target_of("../other/0002-b.md#motivation", from),
            Target::File { path: PathBuf::from("/lib/other/0002-b.md"), anchor: Some("motivation".into()) }
        );
        assert_eq!(target_of("https://example.org/x", from), Target::Web("https://example.org/x".into()));
        assert_eq!(target_of("javascript:alert(1)", from), Target::Other("javascript:alert(1)".into()));
        assert_eq!(target_of("file:///etc/passwd", from), Target::Other("file:///etc/passwd".into()));
    }

    #[test]
    fn base64_as_terminals_expect() {
        assert_eq!(base64(b"folio"), "Zm9saW8=");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b""), "");
    }
}
