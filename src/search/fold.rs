//! Folding: text made plain for matching, with the way back.
//!
//! A document's text is *folded* once per [`Fold`] mode into a byte string
//! where matching is plain: white-space runs become one space, typographic
//! quotes and dashes become ASCII, text is decomposed (NFD) so precomposed
//! and decomposed accents agree, and, depending on the query, case and
//! accents are removed. A compact [`OffsetMap`] leads every folded offset
//! back to the original text.

use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// From this size a text is folded on two threads.
pub(crate) const PARALLEL_FROM: usize = 4 << 20;

/// What folding removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fold {
    /// Lower-case everything.
    pub case: bool,
    /// Drop accents (combining marks after decomposition).
    pub accents: bool,
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

impl Folded {
    /// The folded bytes from `from` on, with the way back: what a search
    /// that goes piece by piece carries into the next piece.
    #[must_use]
    pub(crate) fn tail(&self, from: usize) -> Folded {
        let mut map = OffsetMap::default();
        map.push(0, self.map.original(from));
        for (f, o) in self.map.folded.iter().zip(&self.map.original) {
            if *f as usize > from {
                map.push(*f as usize - from, *o as usize);
            }
        }
        Folded { bytes: self.bytes[from.min(self.bytes.len())..].to_vec(), map, original_len: self.original_len }
    }

    /// Appends the folding of the text that follows this one.
    pub(crate) fn append(&mut self, next: &Folded) {
        let shift = self.bytes.len();
        self.bytes.extend_from_slice(&next.bytes);
        for (f, o) in next.map.folded.iter().zip(&next.map.original) {
            self.map.push(*f as usize + shift, *o as usize);
        }
        self.original_len = next.original_len;
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
pub(crate) fn strip_letter(c: char) -> Option<char> {
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
pub(crate) fn fold_char(c: char, mode: Fold, out: &mut Vec<u8>) {
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
    out.append(&tail);
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

pub(crate) fn fold_range(text: &str, range: Range<usize>, mode: Fold, mut out: Vec<u8>) -> Folded {
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
