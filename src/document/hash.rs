//! The identity of a document's text, whatever its file is called or
//! where it lives: bookmarks and reading positions find a moved or
//! renamed file by it.

/// A stable hash of a text with its white space normalised (runs become one
/// space, ends trimmed), so re-wrapping or CRLF conversion keep the identity.
#[must_use]
pub fn content_hash(text: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut pending_space = false;
    let mut started = false;
    for &b in text.trim().as_bytes() {
        if b.is_ascii_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(PRIME);
            pending_space = false;
        }
        started = true;
        hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
    }
    format!("fnv1a64:{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn white_space_does_not_change_the_hash_and_words_do() {
        assert_eq!(content_hash("a  b\r\nc"), content_hash(" a b c\n"));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
    }
}
