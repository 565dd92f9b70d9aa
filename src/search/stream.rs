//! Finding a literal query without a folded copy of the whole text.
//!
//! Folding a 100 MB book before searching it costs a second copy of the
//! book (and an offset map) and about 140 ms. Instead the text is cut into
//! pieces at places where folding can be split (see [`safe_cut`]), and only
//! the pieces that may hold a match are folded, one at a time:
//!
//! 1. **Which pieces are hot.** The folded query's longest run of ASCII
//!    letters and digits, the *key*, must appear in the folded text of any
//!    match. In the original text it appears either as itself (in any case
//!    when case is folded), found with `memmem` or `aho-corasick` at
//!    memory speed, or through a non-ASCII character: one that folds to a
//!    byte of the key (`í` to `i`) or to nothing (a combining mark between
//!    two letters). A piece holding either is hot; a query without a key
//!    makes every piece hot.
//! 2. **Runs.** Every hot piece is widened by neighbouring pieces until at
//!    least the query's folded length plus a few bytes of folded text lie
//!    on each side, so every match (and the look-ahead past its end) lies
//!    inside one run; overlapping runs are merged.
//! 3. **Scanning a run** folds it piece by piece into a small window,
//!    carrying the last bytes of one piece into the next, and resumes each
//!    search where the previous match ended: the same leftmost,
//!    non-overlapping matches as a scan of the whole folded text, which a
//!    property test checks against [`Matcher::find_all`].
//!
//! Memory while searching is a piece or two, not the text again.

use std::ops::Range;

use aho_corasick::AhoCorasick;
use memchr::memmem;

use super::fold::{Fold, Folded, fold_char, fold_range};

/// Bytes of original text per piece.
pub(crate) const PIECE: usize = 16 << 10;
/// Folded bytes kept on each side of a match beyond the query itself: the
/// look-ahead for a combining mark after a match (at most 4 bytes).
const LOOK_AHEAD: usize = 8;

/// How a key is found in the original text.
#[derive(Debug)]
enum KeyFinder {
    /// Case is kept: the key's bytes exactly.
    Exact(Box<memmem::Finder<'static>>),
    /// Case is folded: ASCII letters in either case.
    AnyCase(AhoCorasick),
}

/// The test for hot pieces: the key and which bytes it is made of.
#[derive(Debug)]
pub(crate) struct Prefilter {
    finder: KeyFinder,
    key_len: usize,
    /// Bytes of the key (folded: small letters when case is folded).
    in_key: [bool; 128],
}

impl Prefilter {
    /// The prefilter for a folded needle, or `None` if it has no ASCII
    /// letter or digit (then every piece is hot).
    pub(crate) fn new(needle: &[u8], mode: Fold) -> Option<Self> {
        let key =
            needle.split(|b| !b.is_ascii_alphanumeric()).max_by_key(|run| run.len()).filter(|run| !run.is_empty())?;
        let finder = if mode.case {
            KeyFinder::AnyCase(AhoCorasick::builder().ascii_case_insensitive(true).build([key]).ok()?)
        } else {
            KeyFinder::Exact(Box::new(memmem::Finder::new(key).into_owned()))
        };
        let mut in_key = [false; 128];
        for &b in key {
            in_key[usize::from(b)] = true;
        }
        Some(Self { finder, key_len: key.len(), in_key })
    }

    fn key_in(&self, hay: &[u8]) -> bool {
        match &self.finder {
            KeyFinder::Exact(f) => f.find(hay).is_some(),
            KeyFinder::AnyCase(ac) => ac.find(hay).is_some(),
        }
    }
}

/// Whether non-ASCII characters fold into the key or to nothing, remembered
/// per character (a text repeats the same few).
struct Suspects {
    mode: Fold,
    /// 0 unknown, 1 no, 2 yes; for the Basic Multilingual Plane.
    small: Vec<u8>,
    large: std::collections::HashMap<char, bool>,
    scratch: Vec<u8>,
}

impl Suspects {
    fn new(mode: Fold) -> Self {
        // The table is made on the first non-ASCII character: most small
        // documents have none.
        Self { mode, small: Vec::new(), large: std::collections::HashMap::new(), scratch: Vec::new() }
    }

    fn is_suspect(&mut self, c: char, prefilter: &Prefilter) -> bool {
        let code = c as usize;
        if self.small.is_empty() {
            self.small = vec![0; 0x1_0000];
        }
        if let Some(&known) = self.small.get(code)
            && known != 0
        {
            return known == 2;
        }
        if let Some(&known) = self.large.get(&c) {
            return known;
        }
        // White space folds to a space, which is never in a key.
        let verdict = !c.is_whitespace() && {
            self.scratch.clear();
            fold_char(c, self.mode, &mut self.scratch);
            self.scratch.is_empty() || self.scratch.iter().any(|&b| b < 0x80 && prefilter.in_key[usize::from(b)])
        };
        match self.small.get_mut(code) {
            Some(slot) => *slot = if verdict { 2 } else { 1 },
            None => {
                self.large.insert(c, verdict);
            }
        }
        verdict
    }

    /// Whether `text[range]` (on character boundaries) has a suspect.
    fn any_in(&mut self, text: &str, range: Range<usize>, prefilter: &Prefilter) -> bool {
        let bytes = text.as_bytes();
        let mut i = range.start;
        while let Some(at) = next_non_ascii(bytes, i, range.end) {
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { return true };
            if self.is_suspect(c, prefilter) {
                return true;
            }
            i = at + c.len_utf8();
        }
        false
    }
}

/// The first byte at or after `from` and before `end` that is not ASCII.
fn next_non_ascii(bytes: &[u8], mut from: usize, end: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whole blocks first (the standard library checks them a word or a
    // vector at a time), then the word with the byte, which is found
    // from its high bit.
    while from + 64 <= end && bytes[from..from + 64].is_ascii() {
        from += 64;
    }
    while let Some(chunk) = bytes.get(from..from + 8).filter(|_| from + 8 <= end) {
        let high = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0x80; 8])) & HIGH;
        if high != 0 {
            return Some(from + high.trailing_zeros() as usize / 8);
        }
        from += 8;
    }
    (from..end).find(|&i| bytes[i] >= 0x80)
}

/// The first place at or after `from` where folding can be split: a
/// character boundary not inside a run of white space (which folds to one
/// space as a whole). Folding two sides of such a place separately gives
/// the folding of the whole.
pub(crate) fn safe_cut(text: &str, from: usize) -> usize {
    let mut i = text.ceil_char_boundary(from);
    while i < text.len() {
        let before = text[..i].chars().next_back().is_some_and(char::is_whitespace);
        let at = text[i..].chars().next().is_some_and(char::is_whitespace);
        if !(before && at) {
            return i;
        }
        i = text.ceil_char_boundary(i + 1);
    }
    text.len()
}

/// At most `need`: how many bytes of `text[range]` fold to one byte each
/// (ASCII other than white space), a lower bound of its folded length.
fn folded_at_least(bytes: &[u8], range: Range<usize>, need: usize) -> usize {
    let mut count = 0;
    for &b in &bytes[range] {
        if b.is_ascii_graphic() {
            count += 1;
            if count >= need {
                break;
            }
        }
    }
    count
}

/// What a search goes through: the needle, its prefilter, the fold mode,
/// the piece size.
pub(crate) struct Plan<'a> {
    pub needle: &'a memmem::Finder<'a>,
    pub prefilter: Option<&'a Prefilter>,
    pub mode: Fold,
    pub piece: usize,
}

/// Whether the needle can overlap itself (a proper prefix that is also a
/// suffix, as in `aa` or `abab`). Only then does where a scan starts change
/// which matches it finds, so only then must one scan go through the
/// whole text in order.
pub(crate) fn overlaps_itself(needle: &[u8]) -> bool {
    (1..needle.len()).any(|k| needle[..k] == needle[needle.len() - k..])
}

/// Where `text` is split for two threads, if at all: texts from
/// `parallel_from` bytes, for a needle that cannot overlap itself.
pub(crate) fn halves(text: &str, needle: &[u8], parallel_from: usize) -> Option<usize> {
    if text.len() < parallel_from || overlaps_itself(needle) {
        return None;
    }
    Some(safe_cut(text, text.len() / 2)).filter(|&cut| cut < text.len())
}

/// The end of the text the first of two halves must fold: past `cut` by
/// enough folded text for a match that starts before `cut` (a safe cut).
pub(crate) fn first_half_end(text: &str, cut: usize, needle_len: usize) -> usize {
    let need = needle_len + LOOK_AHEAD;
    let bytes = text.as_bytes();
    let mut end = cut;
    let mut seen = 0;
    while end < bytes.len() && seen < need {
        if bytes[end].is_ascii_graphic() {
            seen += 1;
        }
        end += 1;
    }
    safe_cut(text, end)
}

/// Every match of the folded needle in `text[within]` (on safe cuts), as
/// [`Matcher::find_all`] would find in the folding of that text, but
/// folding only the runs of pieces that may hold one. `None` if cancelled.
///
/// [`Matcher::find_all`]: super::Matcher::find_all
pub(crate) fn find_literal(
    text: &str,
    within: Range<usize>,
    plan: &Plan<'_>,
    cancelled: &dyn Fn() -> bool,
    push: &mut dyn FnMut(&Folded, usize, usize),
) -> Option<()> {
    let Plan { needle, prefilter, mode, piece } = *plan;
    let bytes = text.as_bytes();
    let mut cuts = vec![within.start];
    while let Some(&last) = cuts.last()
        && last < within.end
    {
        cuts.push(safe_cut(text, last + piece.max(1)).min(within.end));
    }
    let pieces = cuts.len() - 1;
    let need = needle.needle().len() + LOOK_AHEAD;
    let mut suspects = Suspects::new(mode);
    let hot = |i: usize, suspects: &mut Suspects| {
        let Some(pre) = prefilter else { return true };
        // A key that starts in this piece may end in the next.
        let end = (cuts[i + 1] + pre.key_len.saturating_sub(1)).min(within.end);
        pre.key_in(&bytes[cuts[i]..end]) || suspects.any_in(text, cuts[i]..cuts[i + 1], pre)
    };
    let mut runs: Vec<Range<usize>> = Vec::new();
    for i in 0..pieces {
        if i % 64 == 0 && cancelled() {
            return None;
        }
        if !hot(i, &mut suspects) {
            continue;
        }
        let mut lo = i;
        let mut before = 0;
        while lo > 0 && before < need && runs.last().is_none_or(|r| lo > r.end) {
            lo -= 1;
            before += folded_at_least(bytes, cuts[lo]..cuts[lo + 1], need - before);
        }
        let mut hi = i + 1;
        let mut after = 0;
        while hi < pieces && after < need {
            after += folded_at_least(bytes, cuts[hi]..cuts[hi + 1], need - after);
            hi += 1;
        }
        match runs.last_mut() {
            Some(run) if lo <= run.end => run.end = run.end.max(hi),
            _ => runs.push(lo..hi),
        }
    }
    for run in runs {
        scan_run(text, &cuts, run, needle, mode, need, cancelled, push)?;
    }
    Some(())
}

/// Scans the pieces `run` piece by piece, carrying the unsettled end of
/// each window into the next.
#[allow(clippy::too_many_arguments)]
fn scan_run(
    text: &str,
    cuts: &[usize],
    run: Range<usize>,
    needle: &memmem::Finder<'_>,
    mode: Fold,
    need: usize,
    cancelled: &dyn Fn() -> bool,
    push: &mut dyn FnMut(&Folded, usize, usize),
) -> Option<()> {
    let n = needle.needle().len();
    let mut window = Folded::default();
    // Where the next search starts in the window: after the last match.
    let mut from = 0;
    for i in run.clone() {
        if cancelled() {
            return None;
        }
        let range = cuts[i]..cuts[i + 1];
        let piece = fold_range(text, range.clone(), mode, Vec::with_capacity(range.len() + 16));
        window.append(&piece);
        // Matches starting before `settled` are decided by this window: they
        // and their look-ahead lie inside it. The run's last piece settles all.
        let settled = if i + 1 == run.end { window.bytes.len() } else { window.bytes.len().saturating_sub(need) };
        while from < settled {
            let Some(at) = needle.find(&window.bytes[from..]) else { break };
            let start = from + at;
            if start >= settled {
                break;
            }
            push(&window, start, start + n);
            from = start + n;
        }
        let keep = settled.min(window.bytes.len());
        from = from.max(keep) - keep;
        window = window.tail(keep);
    }
    Some(())
}
