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

/// Decodes bytes as UTF-8. A file with a NUL byte is binary. Valid UTF-8 is
/// taken without copying.
#[must_use]
pub fn decode(bytes: Vec<u8>) -> Decoded {
    if memchr::memchr(0, &bytes).is_some() {
        return Decoded::Binary;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text { text, lossy: false },
        Err(err) => Decoded::Text {
            text: String::from_utf8_lossy(err.as_bytes()).into_owned(),
            lossy: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_kept_for_the_parser_to_skip() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFhello".to_vec()),
            Decoded::Text {
                text: "\u{feff}hello".into(),
                lossy: false
            }
        );
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(
            decode(b"caf\xE9 ok".to_vec()),
            Decoded::Text {
                text: "caf\u{fffd} ok".into(),
                lossy: true
            }
        );
    }

    #[test]
    fn nul_means_binary() {
        assert_eq!(decode(b"ELF\0\0\x01".to_vec()), Decoded::Binary);
        assert_eq!(
            decode(Vec::new()),
            Decoded::Text {
                text: String::new(),
                lossy: false
            }
        );
    }
}
