//! From bytes to text: byte-order mark, invalid UTF-8, binary files.

/// The result of decoding a file's bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Text; `lossy` when invalid UTF-8 was replaced with U+FFFD. A
    /// byte-order mark is kept (removing it would move every byte of a
    /// large file); parsers start after it.
    Text { text: String, lossy: bool },
    /// NUL bytes: not a text document.
    Binary,
}

/// From this size the checks run on two threads.
const PARALLEL_FROM: usize = 8 << 20;

/// Decodes bytes as UTF-8. A file with a NUL byte is binary. Valid UTF-8 is
/// taken without copying.
#[must_use]
pub fn decode(bytes: Vec<u8>) -> Decoded {
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
        Ok(text) => Decoded::Text { text, lossy: false },
        Err(err) => Decoded::Text { text: String::from_utf8_lossy(err.as_bytes()).into_owned(), lossy: true },
    }
}

/// The same checks on two threads, for a large file. The bytes are cut at a
/// line feed: an ASCII byte is never inside a UTF-8 sequence, so two valid
/// halves make a valid whole.
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
        return Decoded::Text { text, lossy: false };
    }
    decode_checked(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_kept_for_the_parser_to_skip() {
        assert_eq!(decode(b"\xEF\xBB\xBFhello".to_vec()), Decoded::Text { text: "\u{feff}hello".into(), lossy: false });
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(decode(b"caf\xE9 ok".to_vec()), Decoded::Text { text: "caf\u{fffd} ok".into(), lossy: true });
    }

    #[test]
    fn large_inputs_are_checked_on_two_threads_alike() {
        let line = "Hà Nội – “quoted” text\n".repeat(PARALLEL_FROM / 20);
        assert_eq!(decode(line.clone().into_bytes()), Decoded::Text { text: line.clone(), lossy: false });
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
        assert_eq!(decode(Vec::new()), Decoded::Text { text: String::new(), lossy: false });
    }
}
