//! Links: choosing one on screen by number, following it, copying,
//! looking up: what each comes to, as [`Outcome`]s the app carries out.
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

use super::{Answer, Effect, Library, Outcome, Overlay, Prompt, Purpose, Reader};

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

/// Longest text given to a look-up command: a word or a phrase.
const LOOKUP_MAX_CHARS: usize = 200;

impl Reader {
    /// The links on a screen `height` rows tall, numbered in reading order.
    #[must_use]
    pub fn hints(&self, height: usize) -> Vec<Hint> {
        let visible = self.layout.visible(&self.doc, self.top, height);
        let (Some(first), Some(last)) = (visible.first(), visible.last()) else { return Vec::new() };
        let (from, to) = (first.1.range.start, last.1.range.end);
        let links = &self.doc.links;
        let start = links.partition_point(|l| l.range.end <= from);
        links[start..]
            .iter()
            .take_while(|l| l.range.start < to)
            .enumerate()
            .map(|(i, l)| Hint { number: i + 1, range: l.range.clone(), target: l.target.clone(), note: l.note })
            .collect()
    }

    /// The note an anchor names, as a popup over the text (Esc closes it;
    /// Enter goes to the note), titled by the reference's text; `None`
    /// when the anchor leads to no text.
    fn note(&self, anchor: &str, reference: Range<usize>) -> Option<Overlay> {
        let doc = &self.doc;
        let at = doc.anchor_offset(anchor)?;
        // The note runs from its block to the next note's (or a heading),
        // a few blocks at most.
        let next_note = doc
            .links
            .iter()
            .filter(|l| l.note)
            .filter_map(|l| doc.anchor_offset(l.target.rsplit('#').next().unwrap_or_default()))
            .filter(|&o| o > at)
            .min()
            .unwrap_or(usize::MAX);
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
            return None;
        }
        let title = doc.text.get(reference).unwrap_or_default().trim().to_owned();
        Some(Overlay::Note(super::Note { scroll: 0, title, text, anchor: anchor.to_owned() }))
    }

    /// Shows the place an anchor names (an `id`, a chapter or note of a
    /// book, a heading) at the top of the view; false if there is none.
    pub(super) fn show_anchor(&mut self, anchor: &str, height: usize) -> bool {
        let Some(offset) = self.doc.anchor_offset(anchor) else { return false };
        let pos = self.layout.pos_at_or_after(&self.doc, offset);
        self.top = pos.min(self.last_top(height));
        true
    }
}

/// The answer of a prompt of the links, with `count` links on screen:
/// hint mode follows a number as soon as no longer one can start with it
/// (or at Enter); the question about an address outside takes `y` or `r`
/// as typed, Enter to open it.
pub(super) fn link_answered(answer: &Answer<'_>, count: usize, library: &Library, clipboard: bool) -> Vec<Outcome> {
    match (answer, &answer.prompt().purpose) {
        (Answer::Changed(prompt), Purpose::LinkHint) => hint_typed(&prompt.input, count),
        (Answer::Accepted(prompt), Purpose::LinkHint) => vec![hint_accepted(&prompt.input, count)],
        (Answer::Changed(prompt), Purpose::LinkAction { url, openable }) => {
            let then = link_action(&prompt.input, url, *openable, library, clipboard);
            std::iter::once(Outcome::Prompt(None)).chain(then).collect()
        }
        (Answer::Accepted(_), Purpose::LinkAction { url, openable }) => open_url(url, *openable),
        _ => Vec::new(),
    }
}

/// What a number typed in hint mode means, with `count` links on screen.
pub(super) fn hint_typed(typed: &str, count: usize) -> Vec<Outcome> {
    let Ok(n) = typed.parse::<usize>() else {
        if typed.is_empty() {
            return Vec::new();
        }
        return vec![Outcome::Prompt(None), Outcome::Say(format!("{typed:?} is not a link number"))];
    };
    if n == 0 || n > count {
        vec![Outcome::Prompt(None), Outcome::Say(format!("no link {n} on screen (1 to {count})"))]
    } else if n * 10 > count {
        // No longer number can start with it.
        vec![Outcome::Follow(n)]
    } else {
        Vec::new()
    }
}

/// Enter in hint mode: the number typed so far, with `count` links on
/// screen.
pub(super) fn hint_accepted(typed: &str, count: usize) -> Outcome {
    match typed.parse::<usize>() {
        Ok(n) if n >= 1 && n <= count => Outcome::Follow(n),
        _ => Outcome::Say(format!("{typed:?} is not a link number on screen")),
    }
}

/// Follows `hint` of the open document (the file `from`, if it is one):
/// a note in a popup, a place in it or in another document of the
/// `library`, or a question about an address outside.
pub(super) fn follow(reader: &Reader, library: &Library, from: Option<&Path>, hint: Hint) -> Vec<Outcome> {
    let written = hint.target.clone();
    match target_of(&hint.target, from) {
        Target::Anchor(anchor) => match hint.note.then(|| reader.note(&anchor, hint.range.clone())).flatten() {
            Some(note) => vec![Outcome::Overlay(note)],
            None => vec![Outcome::RememberJump, Outcome::Anchor { anchor, written }],
        },
        Target::File { path, anchor } => {
            let wanted = crate::fsutil::resolve_links(&path);
            let index = library.entries().iter().position(|e| {
                e.path()
                    .is_some_and(|p| p == path || crate::fsutil::resolve_links(p) == wanted || normalize(p) == *path)
            });
            let Some(index) = index else {
                return vec![Outcome::Say(format!("{written}: not a document of the library that is open"))];
            };
            let mut then = vec![Outcome::RememberJump, Outcome::Open(index)];
            then.extend(anchor.map(|anchor| Outcome::Anchor { anchor, written }));
            then
        }
        Target::Web(url) => vec![Outcome::Prompt(Some(Prompt::new(Purpose::LinkAction { url, openable: true })))],
        Target::Other(url) => vec![Outcome::Prompt(Some(Prompt::new(Purpose::LinkAction { url, openable: false })))],
    }
}

/// What was typed at the question about an address outside: `y` copies
/// it, `r` reads a web page in folio, anything else leaves it alone.
pub(super) fn link_action(typed: &str, url: &str, openable: bool, library: &Library, clipboard: bool) -> Vec<Outcome> {
    if typed == "y" {
        copy(url, "the link", clipboard)
    } else if typed == "r" && openable && crate::web::is_url(url) {
        read_web_page(library, url)
    } else {
        vec![Outcome::Say(format!("{url}: left alone"))]
    }
}

/// Enter on an address outside: hand it to the browser (only `http`,
/// `https` and `mailto` are ever opened).
pub(super) fn open_url(url: &str, openable: bool) -> Vec<Outcome> {
    if openable {
        vec![Outcome::Effect(Effect::OpenUrl(url.to_owned())), Outcome::Say(format!("opening {url}"))]
    } else {
        vec![Outcome::Say(format!("{url}: not opened (only http, https and mailto links are)"))]
    }
}

/// `r` on a web link: reads the page in folio (fetched on a thread, as
/// `folio URL` does), or opens it when it was read already.
fn read_web_page(library: &Library, url: &str) -> Vec<Outcome> {
    let known = library.entries().iter().position(|e| matches!(&e.origin, crate::library::Origin::Web(u) if u == url));
    match known {
        Some(index) => vec![Outcome::RememberJump, Outcome::Open(index)],
        None => vec![Outcome::Effect(Effect::FetchPage(url.to_owned())), Outcome::Say(format!("fetching {url}…"))],
    }
}

/// `y`: copies `text` to the terminal's clipboard (OSC 52), if the
/// configuration allows; never a document's raw controls (see
/// `sanitize::clipboard`), and no more than a terminal takes at once.
pub(super) fn copy(text: &str, what: &str, allowed: bool) -> Vec<Outcome> {
    if !allowed {
        return vec![Outcome::Say("copying is off (clipboard = false in the configuration)".to_owned())];
    }
    let mut text = crate::sanitize::clipboard(text);
    let cut = text.len() > COPY_LIMIT;
    if cut {
        text.truncate(text.floor_char_boundary(COPY_LIMIT));
    }
    let said = if cut {
        format!("copied the first {} KiB of {what} (terminals take no more at once)", COPY_LIMIT >> 10)
    } else {
        format!("copied {what}")
    };
    vec![Outcome::Effect(Effect::Copy(text)), Outcome::Say(said)]
}

/// `y` / `Y` while selecting: the selected text as shown, or as a
/// Markdown quote with where it is from; the selection then ends.
pub(super) fn copy_selection(reader: &Reader, library: &Library, as_quote: bool, allowed: bool) -> Vec<Outcome> {
    let Some(range) = reader.selected() else { return Vec::new() };
    let text = crate::selection::shown_text(&reader.doc, range.clone());
    let what = match (text.split_whitespace().count(), text.chars().count()) {
        (0, _) => return vec![Outcome::Say("nothing to copy: the selection holds no text".to_owned())],
        (1, chars) => format!("1 word ({chars} characters)"),
        (n, chars) => format!("{n} words ({chars} characters)"),
    };
    let entry = library.get(reader.entry);
    let mut then = if as_quote {
        let title = entry.map(|e| e.meta.title.clone()).unwrap_or_default();
        let block = reader.doc.block_at(range.start);
        let chapter = reader.doc.section_at(block).and_then(|i| reader.doc.outline.get(i)).map(|s| s.title.clone());
        let link = match (&reader.doc.source, entry) {
            (Some(source), _) => source.url.clone(),
            (None, Some(entry)) => {
                let place = entry.path().map_or_else(|| entry.origin.key(), |p| p.display().to_string());
                format!("folio://{}#{}", place.replace(' ', "%20"), range.start)
            }
            (None, None) => String::new(),
        };
        copy(&markdown_quote(&text, &title, chapter.as_deref(), &link), &format!("{what} as a quote"), allowed)
    } else {
        copy(&text, &what, allowed)
    };
    then.push(Outcome::EndSelection);
    then
}

/// `y` in the reader: the `current` match, else the passage at the top.
pub(super) fn copy_here(reader: &Reader, current: Option<Range<usize>>, allowed: bool) -> Vec<Outcome> {
    let (range, what) = match current {
        Some(m) => (m, "the match"),
        None => (reader.doc.blocks.get(reader.top.block).map_or(0..0, |b| b.range.clone()), "the passage"),
    };
    let text = reader.doc.text.get(range).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() { vec![Outcome::Say("nothing to copy here".to_owned())] } else { copy(&text, what, allowed) }
}

/// `K` while selecting: looks the selected words up with `command`.
pub(super) fn lookup_selection(reader: &Reader, command: Option<&[String]>) -> Vec<Outcome> {
    let Some(range) = reader.selected() else { return Vec::new() };
    let text = crate::selection::shown_text(&reader.doc, range);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > LOOKUP_MAX_CHARS {
        return vec![Outcome::Say(format!(
            "select a word or a phrase to look up (at most {LOOKUP_MAX_CHARS} characters)"
        ))];
    }
    lookup(&text, command)
}

/// `K` in the reader: looks the `current` match up; `select` is the key
/// that starts a selection, for the hint when there is none.
pub(super) fn lookup_match(
    reader: &Reader,
    current: Option<Range<usize>>,
    command: Option<&[String]>,
    select: &str,
) -> Vec<Outcome> {
    match current {
        Some(range) => {
            let word = reader.doc.text.get(range).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
            lookup(&word, command)
        }
        None => {
            vec![Outcome::Say(format!("nothing to look up: select a word first ({select}, then e) or search for it"))]
        }
    }
}

/// Runs the configured look-up `command` on `word` (one argument, no
/// shell), or says how to configure one.
fn lookup(word: &str, command: Option<&[String]>) -> Vec<Outcome> {
    let word = crate::sanitize::clipboard(word).replace(['\n', '\t'], " ");
    if word.trim().is_empty() {
        return vec![Outcome::Say("nothing to look up".to_owned())];
    }
    let Some(words) = command else {
        return vec![Outcome::Say(
            "no look-up command: set lookup = \"dict {}\" (or sdcv, or a script) in config.toml".to_owned(),
        )];
    };
    let argv = crate::lookup::argv(words, &word);
    vec![Outcome::Say(format!("looking up {word}…")), Outcome::Effect(Effect::Lookup { argv, word })]
}

/// What the look-up printed, shown over the text (scrollable, closed by
/// any other key), or why it failed.
pub(super) fn looked_up(word: &str, result: Result<String, crate::lookup::LookupError>) -> Vec<Outcome> {
    match result {
        Ok(text) if text.trim().is_empty() => vec![Outcome::Say(format!("the look-up printed nothing for {word}"))],
        Ok(text) => vec![
            Outcome::Quiet,
            Outcome::Overlay(Overlay::Note(super::Note {
                scroll: 0,
                title: format!("Look up: {word}"),
                text: text.replace('\t', "    "),
                anchor: String::new(),
            })),
        ],
        Err(err) => vec![Outcome::Say(format!("look-up failed: {err}"))],
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

    /// The links' answers alone, without an app: what a number typed, a
    /// copy or an address comes to.
    #[test]
    fn what_typing_copying_and_opening_come_to() {
        let said = |outcomes: &[Outcome]| {
            outcomes.iter().find_map(|o| if let Outcome::Say(s) = o { Some(s.clone()) } else { None })
        };
        assert!(hint_typed("1", 12).is_empty(), "1 may start 12: wait for another digit");
        assert!(matches!(hint_typed("2", 12)[..], [Outcome::Follow(2)]), "no link 20 or more: follow 2");
        let refused = hint_typed("13", 12);
        assert!(matches!(refused[0], Outcome::Prompt(None)), "the prompt closes");
        assert_eq!(said(&refused).as_deref(), Some("no link 13 on screen (1 to 12)"));
        assert!(matches!(hint_accepted("1", 12), Outcome::Follow(1)), "Enter takes 1 as typed");

        let off = copy("text", "the match", false);
        assert!(!off.iter().any(|o| matches!(o, Outcome::Effect(_))), "nothing copied when it is off");
        let big = "é".repeat(COPY_LIMIT);
        let cut = copy(&big, "the passage", true);
        let Some(Outcome::Effect(Effect::Copy(sent))) = cut.first() else { panic!("{cut:?}") };
        assert!(sent.len() <= COPY_LIMIT && sent.chars().all(|c| c == 'é'), "cut on a character");
        assert!(said(&cut).is_some_and(|s| s.starts_with("copied the first 64 KiB")));

        let refused = open_url("javascript:alert(1)", false);
        assert!(!refused.iter().any(|o| matches!(o, Outcome::Effect(_))), "never opened: {refused:?}");
        assert!(matches!(looked_up("whale", Ok(" \n".into()))[..], [Outcome::Say(_)]), "nothing printed is said");
    }

    #[test]
    fn base64_as_terminals_expect() {
        assert_eq!(base64(b"folio"), "Zm9saW8=");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b""), "");
    }
}
