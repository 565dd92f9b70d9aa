//! From bytes to text: byte-order mark, legacy encodings, invalid UTF-8,
//! binary files.
//!
//! UTF-8 is taken as it is. Bytes that are not UTF-8 are, most of the time,
//! an older 8-bit encoding (a Latin-1 or Windows-1252 file from an older
//! editor): `chardetng`, the detector Firefox uses, names it and
//! `encoding_rs` decodes it, and the document says which was used. A file
//! that is UTF-8 with a few broken bytes stays UTF-8, the broken bytes
//! replaced. `--encoding NAME` forces an encoding.

use encoding_rs::Encoding;

/// The result of decoding a file's bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Text; `lossy` when invalid bytes were replaced with U+FFFD;
    /// `encoding` names a legacy encoding the bytes were read as (`None`
    /// for UTF-8). A byte-order mark is kept (removing it would move every
    /// byte of a large file); parsers start after it.
    Text { text: String, lossy: bool, encoding: Option<&'static str> },
    /// NUL bytes: not a text document.
    Binary,
}

/// Bytes given to the encoding detector: plenty to tell the encoding of a
/// text, and a bound on its cost for a huge file.
const DETECT_SAMPLE: usize = 1 << 20;

/// From this size the checks run on two threads.
const PARALLEL_FROM: usize = 8 << 20;

/// Decodes bytes as `forced`, or detected: UTF-8, else the legacy encoding
/// they are most likely in. A file with a NUL byte is binary (unless a
/// UTF-16 encoding is forced).
#[must_use]
pub fn decode_as(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Decoded {
    match forced {
        None => decode(bytes),
        Some(encoding) if encoding == encoding_rs::UTF_8 => match decode(bytes) {
            // Forced UTF-8: never guess another encoding.
            Decoded::Text { text, lossy, encoding: Some(_) } => Decoded::Text { text, lossy, encoding: None },
            other => other,
        },
        Some(encoding) if encoding == encoding_rs::UTF_16LE => decode_wide(&bytes, Wide::Utf16Le),
        Some(encoding) if encoding == encoding_rs::UTF_16BE => decode_wide(&bytes, Wide::Utf16Be),
        Some(encoding) => {
            if memchr::memchr(0, &bytes).is_some() {
                return Decoded::Binary;
            }
            decode_legacy(&bytes, encoding)
        }
    }
}

/// A text of 16- or 32-bit units: its NUL bytes are part of its
/// characters, not a sign of a binary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Wide {
    fn name(self) -> &'static str {
        match self {
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Utf32Le => "UTF-32LE",
            Self::Utf32Be => "UTF-32BE",
        }
    }
}

/// Whether the first bytes of a file are UTF-16 or UTF-32: by its
/// byte-order mark, or, without one, by where its NUL bytes are (a text
/// mostly in Latin script has a NUL in every other byte, or three of
/// four, always at the same places).
#[must_use]
pub fn sniff_wide(head: &[u8]) -> Option<Wide> {
    if head.starts_with(&[0xff, 0xfe, 0, 0]) {
        return Some(Wide::Utf32Le);
    }
    if head.starts_with(&[0, 0, 0xfe, 0xff]) {
        return Some(Wide::Utf32Be);
    }
    if head.starts_with(&[0xff, 0xfe]) {
        return Some(Wide::Utf16Le);
    }
    if head.starts_with(&[0xfe, 0xff]) {
        return Some(Wide::Utf16Be);
    }
    let sample = &head[..head.len().min(8192) & !3];
    // Text without a NUL (nearly every file) is not wide: said by memchr
    // rather than by counting every byte's place.
    if sample.len() < 8 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    // NUL bytes by their place in a group of four.
    let mut zeros = [0usize; 4];
    for (i, &b) in sample.iter().enumerate() {
        zeros[i % 4] += usize::from(b == 0);
    }
    let per_place = sample.len() / 4;
    let mostly = |n: usize| n * 10 >= per_place * 9;
    let rarely = |n: usize| n * 10 <= per_place;
    match zeros {
        [a, b, c, d] if rarely(a) && mostly(b) && mostly(c) && mostly(d) => Some(Wide::Utf32Le),
        [a, b, c, d] if mostly(a) && mostly(b) && mostly(c) && rarely(d) => Some(Wide::Utf32Be),
        [a, b, c, d] if rarely(a) && mostly(b) && rarely(c) && mostly(d) => Some(Wide::Utf16Le),
        [a, b, c, d] if mostly(a) && rarely(b) && mostly(c) && rarely(d) => Some(Wide::Utf16Be),
        _ => None,
    }
}

/// Whether the first bytes of a file say it is binary: NUL bytes that no
/// UTF-16 or UTF-32 text (by its byte-order mark or the NULs' places), and
/// no wide encoding forced, accounts for.
#[must_use]
pub fn looks_binary(head: &[u8], forced: Option<&'static Encoding>) -> bool {
    let forced_wide = forced.is_some_and(|e| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
    memchr::memchr(0, head).is_some() && !forced_wide && sniff_wide(head).is_none()
}

/// Decodes a wide text: UTF-16 by `encoding_rs`, UTF-32 here (no crate
/// that folio uses reads it); the byte-order mark left out.
fn decode_wide(bytes: &[u8], wide: Wide) -> Decoded {
    let (text, lossy) = match wide {
        Wide::Utf16Le | Wide::Utf16Be => {
            let encoding = if wide == Wide::Utf16Le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
            let (text, lossy) = encoding.decode_with_bom_removal(bytes);
            (text.into_owned(), lossy)
        }
        Wide::Utf32Le | Wide::Utf32Be => {
            let mut lossy = !bytes.len().is_multiple_of(4);
            let mut text = String::with_capacity(bytes.len() / 4);
            for unit in bytes.chunks_exact(4) {
                let unit = [unit[0], unit[1], unit[2], unit[3]];
                let code = if wide == Wide::Utf32Le { u32::from_le_bytes(unit) } else { u32::from_be_bytes(unit) };
                match char::from_u32(code) {
                    Some('\u{feff}') if text.is_empty() => {}
                    Some(c) => text.push(c),
                    None => {
                        lossy = true;
                        text.push('\u{fffd}');
                    }
                }
            }
            (text, lossy)
        }
    };
    Decoded::Text { text, lossy, encoding: Some(wide.name()) }
}

/// Decodes bytes as UTF-8, or as the legacy encoding they are most likely
/// in when they are not UTF-8. A file with a NUL byte is binary, unless
/// it is UTF-16 or UTF-32 (see [`sniff_wide`]). Valid UTF-8 is taken
/// without copying.
#[must_use]
pub fn decode(bytes: Vec<u8>) -> Decoded {
    if let Some(wide) = sniff_wide(&bytes) {
        return decode_wide(&bytes, wide);
    }
    if bytes.len() >= PARALLEL_FROM {
        return decode_large(bytes);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Decoded::Binary;
    }
    decode_checked(bytes)
}

fn decode_checked(bytes: Vec<u8>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text { text, lossy: false, encoding: None },
        Err(err) => {
            let bytes = err.into_bytes();
            if mostly_utf8(&bytes) {
                return Decoded::Text {
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    lossy: true,
                    encoding: None,
                };
            }
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            let sample = &bytes[..bytes.len().min(DETECT_SAMPLE)];
            detector.feed(sample, sample.len() == bytes.len());
            let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
            decode_legacy(&bytes, encoding)
        }
    }
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 at heart: more
/// well-formed multi-byte characters than broken sequences (a file cut in
/// the middle of a character, a stray byte). A Latin-1 file has no valid
/// multi-byte characters at all, or hardly any.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(DETECT_SAMPLE)];
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in sample.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good > bad
}

/// Decodes bytes in a legacy encoding (or UTF-16), replacing what does not
/// decode.
fn decode_legacy(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    let (text, lossy) = encoding.decode_without_bom_handling(bytes);
    Decoded::Text { text: text.into_owned(), lossy, encoding: Some(encoding.name()) }
}

/// The same checks on two threads, for a large file. The bytes are cut at a
/// line feed: an ASCII byte is never inside a UTF-8 sequence, so two valid
/// halves make a valid whole.
#[allow(unsafe_code)]
fn decode_large(bytes: Vec<u8>) -> Decoded {
    let half = bytes.len() / 2;
    let cut = memchr::memchr(b'\n', &bytes[half..]).map_or(bytes.len(), |i| half + i + 1);
    let (head, tail) = bytes.split_at(cut);
    let check = |part: &[u8]| (memchr::memchr(0, part).is_some(), std::str::from_utf8(part).is_ok());
    let ((head_nul, head_ok), (tail_nul, tail_ok)) = std::thread::scope(|scope| {
        let tail_check = scope.spawn(|| check(tail));
        let head_check = check(head);
        (head_check, tail_check.join().unwrap_or((true, false)))
    });
    if head_nul || tail_nul {
        return Decoded::Binary;
    }
    if head_ok && tail_ok {
        // SAFETY: both halves were just validated as UTF-8 and the cut is
        // right after an ASCII byte, so the whole is valid UTF-8. This saves
        // validating 100 MB a second time on one core.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Decoded::Text { text, lossy: false, encoding: None };
    }
    decode_checked(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_kept_for_the_parser_to_skip() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFhello".to_vec()),
            Decoded::Text { text: "\u{feff}hello".into(), lossy: false, encoding: None }
        );
    }

    #[test]
    fn latin1_is_read_as_windows_1252() {
        assert_eq!(
            decode(b"Caf\xE9 cr\xE8me, \x93quoted\x94 \x96 na\xEFve".to_vec()),
            Decoded::Text {
                text: "Café crème, “quoted” – naïve".into(), lossy: false, encoding: Some("windows-1252")
            }
        );
    }

    #[test]
    fn utf8_with_a_broken_byte_stays_utf8() {
        assert_eq!(
            decode("Hà Nội – Lương \u{201c}x\u{201d}".bytes().chain([0xff]).collect()),
            Decoded::Text { text: "Hà Nội – Lương “x”\u{fffd}".into(), lossy: true, encoding: None }
        );
    }

    #[test]
    fn an_encoding_can_be_forced() {
        let koi8 = b"\xf0\xd2\xc9\xd7\xc5\xd4".to_vec();
        let forced = Encoding::for_label(b"koi8-r");
        assert_eq!(
            decode_as(koi8, forced),
            Decoded::Text { text: "Привет".into(), lossy: false, encoding: Some("KOI8-R") }
        );
    }

    #[test]
    fn large_inputs_are_checked_on_two_threads_alike() {
        let line = "Hà Nội – “quoted” text\n".repeat(PARALLEL_FROM / 20);
        assert_eq!(
            decode(line.clone().into_bytes()),
            Decoded::Text { text: line.clone(), lossy: false, encoding: None }
        );
        let mut broken = line.clone().into_bytes();
        let at = broken.len() * 3 / 4;
        broken[at] = 0xff;
        assert!(matches!(decode(broken), Decoded::Text { lossy: true, .. }));
        let mut nul = line.into_bytes();
        nul[10] = 0;
        assert_eq!(decode(nul), Decoded::Binary);
    }

    #[test]
    fn nul_means_binary() {
        assert_eq!(decode(b"ELF\0\0\x01".to_vec()), Decoded::Binary);
        assert_eq!(decode(Vec::new()), Decoded::Text { text: String::new(), lossy: false, encoding: None });
    }
}
