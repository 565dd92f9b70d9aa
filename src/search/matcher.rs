//! Matching: the rules every query in folio follows, and snippets.
//!
//! Matches come out as byte ranges of
//! [`Document::text`](crate::document::Document::text) on character
//! boundaries: the folded text (see [`super::fold`]) is searched with
//! `memchr::memmem` for a literal query, `regex::bytes` for a pattern, and
//! each match is led back through the offset map.
//!
//! The rules, decided from the query alone ("smart"):
//! - no capital letter: case is ignored (Unicode-aware: `ÖVERTYGAT`, `ΣΊΣΥΦΟΣ`);
//! - no accent: accents are ignored (`luong` finds `Lương`, NFC or NFD);
//! - `'` finds `’`, `"` finds `“ ”`, `-` finds `– —`, a space finds any run
//!   of white space, line breaks included.

use std::ops::Range;

use memchr::memmem;
use regex::bytes::{Regex, RegexBuilder};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::fold::{Fold, Folded, PARALLEL_FROM, fold, strip_letter};
use super::stream::{self, PIECE, Prefilter};

/// Switches for the smart rules (both on by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub smart_case: bool,
    pub smart_diacritics: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Self { smart_case: true, smart_diacritics: true }
    }
}

/// A query as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Query {
    pub text: String,
    pub regex: bool,
}

impl Query {
    #[must_use]
    pub fn literal(text: &str) -> Self {
        Self { text: text.to_owned(), regex: false }
    }
}

/// A query that cannot be searched for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("empty query")]
    Empty,
    #[error("{0}")]
    Regex(String),
}

/// Whether a query has a capital letter (for a pattern, outside escapes
/// such as `\S` or `\p{Lu}`).
#[must_use]
pub fn has_capital(query: &Query) -> bool {
    if !query.regex {
        return query.text.chars().any(char::is_uppercase);
    }
    let mut chars = query.text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(e) = chars.next()
                && matches!(e, 'p' | 'P')
                && chars.clone().next() == Some('{')
            {
                for k in chars.by_ref() {
                    if k == '}' {
                        break;
                    }
                }
            }
            continue;
        }
        if c.is_uppercase() {
            return true;
        }
    }
    false
}

/// Whether a query has an accent (a mark after decomposition, or a letter
/// such as `đ`).
#[must_use]
pub fn has_accent(text: &str) -> bool {
    text.chars().any(|c| {
        if strip_letter(c).is_some() {
            return true;
        }
        let mut marked = false;
        decompose_canonical(c, |d| marked |= is_combining_mark(d));
        marked
    })
}

/// The fold mode a query needs under `rules`.
#[must_use]
pub fn mode_for(query: &Query, rules: Rules) -> Fold {
    Fold {
        // A pattern keeps case in the text and asks the regex engine to
        // ignore it instead: lower-casing a pattern would turn `\S` into `\s`.
        case: rules.smart_case && !query.regex && !has_capital(query),
        accents: rules.smart_diacritics && !has_accent(&query.text),
    }
}

/// A compiled query.
#[derive(Debug)]
pub struct Matcher {
    pub mode: Fold,
    kind: MatcherKind,
}

#[derive(Debug)]
enum MatcherKind {
    Literal(Box<memmem::Finder<'static>>, Option<Box<Prefilter>>),
    Regex(Regex),
}

impl Matcher {
    /// Compiles a query under `rules`.
    ///
    /// # Errors
    /// An empty query, or an invalid pattern (the message says why).
    pub fn new(query: &Query, rules: Rules) -> Result<Self, SearchError> {
        if query.text.is_empty() {
            return Err(SearchError::Empty);
        }
        let mode = mode_for(query, rules);
        let kind = if query.regex {
            let pattern =
                String::from_utf8_lossy(&fold(&query.text, Fold { case: false, accents: mode.accents }).bytes)
                    .into_owned();
            let ignore_case = rules.smart_case && !has_capital(query);
            let regex = RegexBuilder::new(&pattern)
                .case_insensitive(ignore_case)
                .size_limit(1 << 24)
                .build()
                .map_err(|e| SearchError::Regex(regex_message(&e)))?;
            MatcherKind::Regex(regex)
        } else {
            let needle = fold(&query.text, mode).bytes;
            let prefilter = Prefilter::new(&needle, mode).map(Box::new);
            MatcherKind::Literal(Box::new(memmem::Finder::new(&needle).into_owned()), prefilter)
        };
        Ok(Self { mode, kind })
    }

    /// Every match in `folded` (the folding of `text`), as ranges of `text`
    /// on character boundaries, in order. `cancelled` is polled now and
    /// then; when it says yes the search stops early and returns `None`.
    pub fn find_all(&self, text: &str, folded: &Folded, cancelled: &dyn Fn() -> bool) -> Option<Vec<Range<usize>>> {
        let mut out = Vec::new();
        let hay = &folded.bytes[..];
        match &self.kind {
            MatcherKind::Literal(finder, _) => {
                for (k, s) in finder.find_iter(hay).enumerate() {
                    if k % 4096 == 0 && cancelled() {
                        return None;
                    }
                    self.accept(text, folded, s, s + finder.needle().len(), &mut out);
                }
            }
            MatcherKind::Regex(regex) => {
                for (k, m) in regex.find_iter(hay).enumerate() {
                    if k % 1024 == 0 && cancelled() {
                        return None;
                    }
                    self.accept(text, folded, m.start(), m.end(), &mut out);
                }
            }
        }
        Some(out)
    }

    /// Every match in `text`, as [`Matcher::find_all`] finds in its
    /// folding. A literal query folds only the parts of `text` that may
    /// hold a match, a piece at a time (see [`super::stream`]), so a large
    /// text is never copied; a pattern folds the whole text.
    pub fn find_in(&self, text: &str, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Vec<Range<usize>>> {
        self.find_in_pieces(text, PIECE, PARALLEL_FROM, cancelled)
    }

    /// [`Matcher::find_in`] with pieces of `piece` bytes, on two threads
    /// from `parallel_from` bytes (tests make both small, to put many seams
    /// under the matches).
    #[doc(hidden)]
    pub fn find_in_pieces(
        &self,
        text: &str,
        piece: usize,
        parallel_from: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Range<usize>>> {
        let MatcherKind::Literal(finder, prefilter) = &self.kind else {
            return self.find_all(text, &fold(text, self.mode), cancelled);
        };
        let plan = stream::Plan { needle: finder, prefilter: prefilter.as_deref(), mode: self.mode, piece };
        let find = |within: Range<usize>, before: usize| {
            let mut out = Vec::new();
            let mut push = |window: &Folded, s: usize, e: usize| self.accept(text, window, s, e, &mut out);
            stream::find_literal(text, within, &plan, cancelled, &mut push)?;
            // The first of two halves reads past its end only to settle the
            // matches that start in it.
            out.retain(|m| m.start < before);
            Some(out)
        };
        // A large text is searched in two halves at once. The needle cannot
        // overlap itself, so the second half's matches are the same wherever
        // the first half's last one ends.
        let Some(cut) = stream::halves(text, finder.needle(), parallel_from) else {
            return find(0..text.len(), text.len());
        };
        let first_end = stream::first_half_end(text, cut, finder.needle().len());
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| find(cut..text.len(), text.len()));
            let first = find(0..first_end, cut);
            (first, second.join().ok().flatten())
        });
        let mut out = first?;
        out.extend(second?);
        Some(out)
    }

    /// Keeps the match `s..e` of `folded` (the folding of a part of
    /// `text`), led back to `text`, unless it ends inside an accent.
    fn accept(&self, text: &str, folded: &Folded, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
        if e <= s {
            return;
        }
        // With accents kept, "Ha" must not match the start of "Hà".
        if !self.mode.accents && starts_with_mark(&folded.bytes[e..]) {
            return;
        }
        // A match may begin or end inside a character that folded to
        // more bytes than it has ("İ" to "i̇"): widen it to the whole one.
        let start = text.floor_char_boundary(folded.map.original(s));
        let end = text.ceil_char_boundary(folded.map.original(e));
        out.push(start..end);
    }
}

fn starts_with_mark(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4)];
    let text = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
    };
    text.chars().next().is_some_and(is_combining_mark)
}

/// The regex crate's message, on one line.
fn regex_message(err: &regex::Error) -> String {
    let text = err.to_string();
    let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(&text);
    last.trim().trim_start_matches("error: ").to_owned()
}

/// Finds every match of `query` in `text`: the one-shot form of
/// [`Matcher::new`] and [`Matcher::find_in`].
///
/// # Errors
/// As [`Matcher::new`].
pub fn find(text: &str, query: &Query, rules: Rules) -> Result<Vec<Range<usize>>, SearchError> {
    let matcher = Matcher::new(query, rules)?;
    Ok(matcher.find_in(text, &|| false).unwrap_or_default())
}

/// A one-line snippet around `range` of `text`, kept inside `within` (the
/// passage the hit is in, so a neighbouring block's marker never shows):
/// about `before` characters before the hit and `after` after it, cut at
/// word boundaries with an ellipsis on each side that was cut, white space
/// collapsed. The hit's place in the snippet comes with it.
#[must_use]
pub fn snippet(
    text: &str,
    within: Range<usize>,
    range: &Range<usize>,
    before: usize,
    after: usize,
) -> (String, Range<usize>) {
    let within = within.start.min(range.start)..within.end.max(range.end).min(text.len());
    let start = text[within.start..range.start]
        .char_indices()
        .rev()
        .nth(before)
        .map_or(within.start, |(i, _)| within.start + i);
    // Cut at a word boundary: start after the first space of the piece.
    let start = if start > within.start && !text[..start].ends_with(char::is_whitespace) {
        text[start..range.start].find(char::is_whitespace).map_or(start, |i| start + i)
    } else {
        start
    };
    let end = text[range.end..within.end].char_indices().nth(after).map_or(within.end, |(i, _)| range.end + i);
    let end = if end < within.end && !text[end..].starts_with(char::is_whitespace) {
        text[range.end..end].rfind(char::is_whitespace).map_or(end, |i| range.end + i)
    } else {
        end
    };
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let head = collapse(&text[start..range.start]);
    let hit = collapse(&text[range.clone()]);
    let tail = collapse(&text[range.end..end]);
    let sep_head = if head.is_empty() || !text[..range.start].ends_with(char::is_whitespace) { "" } else { " " };
    let sep_tail = if tail.is_empty() || !text[range.end..].starts_with(char::is_whitespace) { "" } else { " " };
    let lead = if start > within.start { "… " } else { "" };
    let trail = if end < within.end { " …" } else { "" };
    let lead = if head.is_empty() && !lead.is_empty() { "…" } else { lead };
    let out = format!("{lead}{head}{sep_head}{hit}{sep_tail}{tail}{trail}");
    let hit_start = lead.len() + head.len() + sep_head.len();
    (out, hit_start..hit_start + hit.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold::*;

    fn hits(text: &str, query: &str) -> Vec<String> {
        find(text, &Query::literal(query), Rules::default())
            .unwrap_or_default()
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    }

    fn regex_hits(text: &str, pattern: &str) -> Result<Vec<String>, SearchError> {
        Ok(find(text, &Query { text: pattern.to_owned(), regex: true }, Rules::default())?
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect())
    }

    #[test]
    fn snippets_show_the_hit_in_its_context() {
        let text = "one two\r\nthree FOUR five six seven eight";
        let at = text.find("FOUR").unwrap_or(0);
        let (s, hit) = snippet(text, 0..text.len(), &(at..at + 4), 10, 10);
        assert_eq!(s, "… two three FOUR five six …", "cut at word boundaries, marked on both sides");
        assert_eq!(&s[hit], "FOUR");
        let (s, hit) = snippet("FOUR", 0..4, &(0..4), 10, 10);
        assert_eq!((s.as_str(), hit), ("FOUR", 0..4));
        // Kept inside its passage: nothing of the block before shows.
        let text = "- A question?\nThe answer is here.";
        let at = text.find("answer").unwrap_or(0);
        let (s, _) = snippet(text, 14..text.len(), &(at..at + 6), 30, 30);
        assert_eq!(s, "The answer is here.");
    }

    #[test]
    fn smart_case() {
        let text = "Whale whale WHALE";
        assert_eq!(hits(text, "whale"), ["Whale", "whale", "WHALE"]);
        assert_eq!(hits(text, "Whale"), ["Whale"]);
    }

    #[test]
    fn unicode_case_swedish_and_greek() {
        let text = "Vietnam är ÖVERTYGAT och övertygat. ΣΊΣΥΦΟΣ och Σίσυφος.";
        assert_eq!(hits(text, "övertygat"), ["ÖVERTYGAT", "övertygat"]);
        assert_eq!(hits(text, "ÖVERTYGAT"), ["ÖVERTYGAT"]);
        assert_eq!(hits(text, "σίσυφος"), ["ΣΊΣΥΦΟΣ", "Σίσυφος"]);
        assert_eq!(hits(text, "ΣΊΣΥΦΟΣ"), ["ΣΊΣΥΦΟΣ"]);
    }

    #[test]
    fn smart_diacritics_in_nfc_and_nfd() {
        let nfc = "Bộ trưởng Lương Tam Quang ở Hà Nội";
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
        for text in [nfc, nfd.as_str()] {
            assert_eq!(hits(text, "luong").len(), 1, "{text:?}");
            assert_eq!(hits(text, "ha noi").len(), 1);
            // With accents the query matches them exactly, in either form.
            assert_eq!(hits(text, "Lương").len(), 1);
            assert_eq!(hits(text, "Hà Nội").len(), 1);
            assert_eq!(hits(text, "Hạ Nội").len(), 0);
            assert_eq!(hits(text, "Ha Nội").len(), 0, "unaccented a does not match à when accents count");
        }
        assert_eq!(hits("Đà Nẵng", "da nang"), ["Đà Nẵng"]);
    }

    #[test]
    fn typographic_folding_and_white_space() {
        let text = "the country\u{2019}s “global shield” – a\r\n  turning\npoint";
        assert_eq!(hits(text, "country's"), ["country\u{2019}s"]);
        assert_eq!(hits(text, "\"global shield\""), ["“global shield”"]);
        assert_eq!(hits(text, "- a turning point"), ["– a\r\n  turning\npoint"]);
    }

    #[test]
    fn matches_are_on_character_boundaries() {
        let text = "straße STRASSE ﬁne café İstanbul ǅemal";
        for q in ["s", "ss", "e", "fi", "caf", "i", "\u{307}", "stan", "dž"] {
            for r in find(text, &Query::literal(q), Rules::default()).unwrap_or_default() {
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{q}: {r:?}");
            }
        }
    }

    #[test]
    fn regex_mode_and_errors() -> Result<(), SearchError> {
        let text = "RFC 1234 and rfc 42, Hà Nội";
        assert_eq!(regex_hits(text, r"rfc \d+")?, ["RFC 1234", "rfc 42"]);
        assert_eq!(regex_hits(text, r"RFC \d+")?, ["RFC 1234"]);
        assert_eq!(regex_hits(text, r"\S+ noi")?, ["Hà Nội"]);
        let err = regex_hits(text, "(unclosed");
        assert!(matches!(&err, Err(SearchError::Regex(m)) if m.contains("unclosed")), "{err:?}");
        assert_eq!(find(text, &Query::literal(""), Rules::default()), Err(SearchError::Empty));
        Ok(())
    }

    #[test]
    fn rules_can_be_turned_off() {
        let strict = Rules { smart_case: false, smart_diacritics: false };
        let text = "Whale whale Lương";
        assert_eq!(find(text, &Query::literal("whale"), strict).map(|v| v.len()), Ok(1));
        assert_eq!(find(text, &Query::literal("luong"), strict).map(|v| v.len()), Ok(0));
    }

    #[test]
    fn parallel_fold_agrees_with_serial() {
        let text = "Lương “quoted” word\r\n".repeat(PARALLEL_FROM / 16);
        let mode = Fold { case: true, accents: true };
        let whole = fold(&text, mode);
        let serial = fold_range(&text, 0..text.len(), mode, Vec::new());
        assert_eq!(whole.bytes, serial.bytes);
        for f in [0, 1, 17, whole.bytes.len() / 2, whole.bytes.len() - 1] {
            assert_eq!(whole.map.original(f), serial.map.original(f), "at {f}");
        }
    }
}
