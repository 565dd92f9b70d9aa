//! Folding and matching: the rules every query in folio follows.
//!
//! A document's text is *folded* once per [`Fold`] mode into a byte string
//! where matching is plain: white-space runs become one space, typographic
//! quotes and dashes become ASCII, text is decomposed (NFD) so precomposed
//! and decomposed accents agree, and, depending on the query, case and
//! accents are removed. A compact [`OffsetMap`] leads every folded offset
//! back to the original text, so matches come out as byte ranges of
//! [`Document::text`](crate::document::Document::text) on character
//! boundaries. Literal queries are found with `memchr::memmem`, patterns
//! with `regex::bytes`.
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

/// From this size a text is folded on two threads.
const PARALLEL_FROM: usize = 4 << 20;

/// What folding removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fold {
    /// Lower-case everything.
    pub case: bool,
    /// Drop accents (combining marks after decomposition).
    pub accents: bool,
}

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

/// Folded text and the way back to the original.
#[derive(Debug, Default)]
pub struct Folded {
    pub bytes: Vec<u8>,
    pub map: OffsetMap,
    /// Length of the original text.
    pub original_len: usize,
}

/// Where folded offsets come from: a sorted list of points at which the
/// difference between folded and original offsets changes. Between two
/// points both advance together, which holds for ASCII text and for any
/// character whose folded form is as long as itself.
#[derive(Debug, Default)]
pub struct OffsetMap {
    folded: Vec<u32>,
    original: Vec<u32>,
}

impl OffsetMap {
    fn push(&mut self, folded: usize, original: usize) {
        // Offsets fit in u32: texts over 4 GiB are refused by `fold`.
        self.folded.push(folded as u32);
        self.original.push(original as u32);
    }

    /// The original offset of folded offset `f`.
    #[must_use]
    pub fn original(&self, f: usize) -> usize {
        let i = self.folded.partition_point(|&x| x as usize <= f).saturating_sub(1);
        match (self.folded.get(i), self.original.get(i)) {
            (Some(&pf), Some(&po)) => po as usize + (f - pf as usize),
            _ => f,
        }
    }

    /// Number of change points (for memory figures).
    #[must_use]
    pub fn len(&self) -> usize {
        self.folded.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }
}

/// Characters that stand for an ASCII one when matching.
fn typographic(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' => Some('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}' | '\u{00bb}' => Some('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => Some('-'),
        _ => None,
    }
}

/// Letters that carry an accent without decomposing into one.
fn strip_letter(c: char) -> Option<char> {
    match c {
        'đ' => Some('d'),
        'Đ' => Some('D'),
        'ø' => Some('o'),
        'Ø' => Some('O'),
        'ł' => Some('l'),
        'Ł' => Some('L'),
        'ħ' => Some('h'),
        'Ħ' => Some('H'),
        'ı' => Some('i'),
        _ => None,
    }
}

/// Appends the folded form of one non-ASCII, non-white-space character.
fn fold_char(c: char, mode: Fold, out: &mut Vec<u8>) {
    let mut buf = [0u8; 4];
    if let Some(t) = typographic(c) {
        out.push(t as u8);
        return;
    }
    let c = if mode.accents { strip_letter(c).unwrap_or(c) } else { c };
    let mut push = |d: char| {
        if mode.accents && is_combining_mark(d) {
            return;
        }
        if mode.case {
            if d == 'ς' {
                out.extend_from_slice('σ'.encode_utf8(&mut buf).as_bytes());
                return;
            }
            for l in d.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
        } else {
            out.extend_from_slice(d.encode_utf8(&mut buf).as_bytes());
        }
    };
    decompose_canonical(c, &mut push);
}

/// Folds `text` for `mode`.
///
/// # Panics
/// Never for texts under 4 GiB; larger texts are folded only up to there.
#[must_use]
pub fn fold(text: &str, mode: Fold) -> Folded {
    let text = &text[..text.floor_char_boundary(u32::MAX as usize / 2)];
    let Some(cut) = parallel_cut(text) else {
        return fold_range(text, 0..text.len(), mode, Vec::with_capacity(text.len()));
    };
    let (head, tail) = std::thread::scope(|scope| {
        let tail = scope.spawn(|| fold_range(text, cut..text.len(), mode, Vec::with_capacity(text.len() - cut)));
        // Room for both halves, so appending the tail does not move the head.
        let head = fold_range(text, 0..cut, mode, Vec::with_capacity(text.len() + 64));
        (head, tail.join().unwrap_or_default())
    });
    let mut out = head;
    let shift = out.bytes.len();
    out.bytes.extend_from_slice(&tail.bytes);
    for (f, o) in tail.map.folded.iter().zip(&tail.map.original) {
        out.map.push(*f as usize + shift, *o as usize);
    }
    out.original_len = text.len();
    out
}

/// A place near the middle of a large text between two ASCII letters or
/// digits, where folding can be split without splitting a white-space run
/// or a character.
fn parallel_cut(text: &str) -> Option<usize> {
    if text.len() < PARALLEL_FROM {
        return None;
    }
    let bytes = text.as_bytes();
    (text.len() / 2..text.len()).find(|&i| bytes[i - 1].is_ascii_alphanumeric() && bytes[i].is_ascii_alphanumeric())
}

/// ASCII byte to folded byte: white space to a space, and (in the second
/// table) capitals to small letters.
const fn ascii_table(lower: bool) -> [u8; 128] {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_whitespace() {
            b' '
        } else if lower {
            c.to_ascii_lowercase()
        } else {
            c
        };
        b += 1;
    }
    table
}
const KEEP_CASE: [u8; 128] = ascii_table(false);
const LOWER_CASE: [u8; 128] = ascii_table(true);

fn fold_range(text: &str, range: Range<usize>, mode: Fold, mut out: Vec<u8>) -> Folded {
    let bytes = text.as_bytes();
    let table = if mode.case { &LOWER_CASE } else { &KEEP_CASE };
    let mut map = OffsetMap::default();
    map.push(0, range.start);
    let mut i = range.start;
    let end = range.end;
    while i < end {
        // Fast path: ASCII in which no white space is followed by more
        // white space folds byte for byte, so the map is unchanged. Eight
        // bytes at a time while that holds, then byte by byte up to the
        // next character that needs the slow path.
        while let Some(chunk) = bytes.get(i..i + 8).filter(|_| i + 8 <= end) {
            let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0x80; 8]));
            if !swar::plain(word) {
                break;
            }
            let folded = if mode.case { swar::lower(word) } else { word };
            out.extend_from_slice(&folded.to_le_bytes());
            i += 8;
        }
        let run_start = i;
        let stop = (i + 8).min(end);
        while i < stop {
            let b = bytes[i];
            if b >= 0x80 || (b.is_ascii_whitespace() && i + 1 < end && is_space_start(bytes[i + 1])) {
                break;
            }
            i += 1;
        }
        out.extend(bytes[run_start..i].iter().map(|&b| table[usize::from(b)]));
        if i >= end {
            break;
        }
        if i == stop {
            continue;
        }
        // Slow path: a run of white space, or a non-ASCII character.
        let c = text[i..].chars().next().unwrap_or(' ');
        let start = i;
        let folded_start = out.len();
        if c.is_whitespace() {
            i += c.len_utf8();
            while i < end {
                match text[i..].chars().next() {
                    Some(w) if w.is_whitespace() => i += w.len_utf8(),
                    _ => break,
                }
            }
            out.push(b' ');
        } else {
            i += c.len_utf8();
            fold_char(c, mode, &mut out);
        }
        if out.len() - folded_start != i - start {
            map.push(out.len(), i);
        }
    }
    Folded { bytes: out, map, original_len: text.len() }
}

/// Eight bytes at once ("SIMD within a register"), for the common case of
/// plain ASCII prose.
mod swar {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// High bit set in each byte that is at least `n`, for ASCII bytes.
    const fn at_least(word: u64, n: u8) -> u64 {
        word.wrapping_add(ONES * (0x80 - n as u64)) & HIGH
    }

    /// High bit set in each byte equal to `n` (exact, no carries).
    const fn equal(word: u64, n: u8) -> u64 {
        let v = word ^ (ONES * n as u64);
        !(((v & !HIGH).wrapping_add(!HIGH)) | v) & HIGH
    }

    /// All ASCII, no control characters, and no space followed by a space
    /// (nor a space last, which the next byte might continue).
    pub const fn plain(word: u64) -> bool {
        if word & HIGH != 0 {
            return false;
        }
        let controls = !at_least(word, 0x20) & HIGH;
        let spaces = equal(word, b' ');
        controls == 0 && spaces & (spaces >> 8) == 0 && spaces >> 56 == 0
    }

    /// ASCII capitals to small letters.
    pub const fn lower(word: u64) -> u64 {
        let upper = at_least(word, b'A') & !at_least(word, b'Z' + 1);
        word | (upper >> 2)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn agrees_with_bytes() {
            for s in [*b"Hello Wo", *b"a  b cde", *b"abc\r\ndef", *b"ZZ[@`az{", *b"1234567 "] {
                let w = u64::from_le_bytes(s);
                let lowered: Vec<u8> = s.iter().map(u8::to_ascii_lowercase).collect();
                assert_eq!(super::lower(w).to_le_bytes().to_vec(), lowered);
                let plain = !s.iter().any(|b| *b < 0x20) && !s.windows(2).any(|p| p == b"  ") && s[7] != b' ';
                assert_eq!(super::plain(w), plain, "{s:?}");
            }
        }
    }
}

/// Whether a byte may begin a white-space character (ASCII white space, or
/// the lead byte of a non-ASCII one, checked properly on the slow path).
fn is_space_start(b: u8) -> bool {
    b.is_ascii_whitespace() || b >= 0x80
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
    Literal(Box<memmem::Finder<'static>>),
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
            MatcherKind::Literal(Box::new(memmem::Finder::new(&needle).into_owned()))
        };
        Ok(Self { mode, kind })
    }

    /// Every match in `folded` (the folding of `text`), as ranges of `text`
    /// on character boundaries, in order. `cancelled` is polled now and
    /// then; when it says yes the search stops early and returns `None`.
    pub fn find_all(&self, text: &str, folded: &Folded, cancelled: &dyn Fn() -> bool) -> Option<Vec<Range<usize>>> {
        let mut out = Vec::new();
        let hay = &folded.bytes[..];
        let mut push = |s: usize, e: usize| {
            if e <= s {
                return;
            }
            // With accents kept, "Ha" must not match the start of "Hà".
            if !self.mode.accents && starts_with_mark(&hay[e..]) {
                return;
            }
            // A match may begin or end inside a character that folded to
            // more bytes than it has ("İ" to "i̇"): widen it to the whole one.
            let start = text.floor_char_boundary(folded.map.original(s));
            let end = text.ceil_char_boundary(folded.map.original(e));
            out.push(start..end);
        };
        match &self.kind {
            MatcherKind::Literal(finder) => {
                for (k, s) in finder.find_iter(hay).enumerate() {
                    if k % 4096 == 0 && cancelled() {
                        return None;
                    }
                    push(s, s + finder.needle().len());
                }
            }
            MatcherKind::Regex(regex) => {
                for (k, m) in regex.find_iter(hay).enumerate() {
                    if k % 1024 == 0 && cancelled() {
                        return None;
                    }
                    push(m.start(), m.end());
                }
            }
        }
        Some(out)
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
/// [`Matcher::new`], [`fold`] and [`Matcher::find_all`].
///
/// # Errors
/// As [`Matcher::new`].
pub fn find(text: &str, query: &Query, rules: Rules) -> Result<Vec<Range<usize>>, SearchError> {
    let matcher = Matcher::new(query, rules)?;
    let folded = fold(text, matcher.mode);
    Ok(matcher.find_all(text, &folded, &|| false).unwrap_or_default())
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
