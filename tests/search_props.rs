//! Properties of search folding and matching, over generated text.

use folio::search::{Matcher, Query, Rules, find, fold};
use proptest::prelude::*;

/// Text mixing ASCII, accents (composed and decomposed), typography,
/// white space runs, CJK and characters that change length when folded.
fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z]{1,8}",
            "[a-z]{1,3}([.,-][a-z]{1,2}){1,4}",
            Just(" ".to_owned()),
            Just("\r\n".to_owned()),
            Just("  \t".to_owned()),
            Just("Lương".to_owned()),
            Just("Lu\u{031b}o\u{031b}ng".to_owned()),
            Just("’“”–—".to_owned()),
            Just("ÖVERTYGAT".to_owned()),
            Just("İß".to_owned()),
            Just("日本".to_owned()),
            Just("e\u{301}".to_owned()),
            any::<char>().prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,3}",
        "[a-zA-Z ]{1,4}",
        Just("luong".to_owned()),
        Just("'".to_owned()),
        Just("i".to_owned()),
        Just("ö".to_owned())
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn matches_lie_on_character_boundaries_in_order(text in mixed_text(), q in query()) {
        let matches = find(&text, &Query::literal(&q), Rules::default()).unwrap_or_default();
        let mut last_end = 0;
        for m in matches {
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{:?} in {:?}", m, text);
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(m.start >= last_end, "matches overlap or go backwards");
            last_end = m.end;
        }
    }

    #[test]
    fn folded_search_agrees_with_plain_search_on_ascii(
        words in prop::collection::vec("[a-zA-Z]{1,6}", 1..30),
        q in "[a-z]{1,4}",
    ) {
        // Plain ASCII with single spaces: folding only lowers the case.
        let text = words.join(" ");
        let got: Vec<usize> = find(&text, &Query::literal(&q), Rules::default())
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.start)
            .collect();
        let lower = text.to_ascii_lowercase();
        let expected: Vec<usize> = lower.match_indices(&q).map(|(i, _)| i).collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn piece_by_piece_agrees_with_folding_the_whole_text(
        parts in prop::collection::vec(mixed_text(), 1..6),
        q in query(),
        at in any::<prop::sample::Index>(),
        len in 1..16usize,
        piece in 1..48usize,
        from_text in any::<bool>(),
        smart_case in any::<bool>(),
        two_threads in any::<bool>(),
    ) {
        // Repeated parts make some queries match many times, across seams.
        let text = parts.concat().repeat(3);
        let q = if from_text && !text.is_empty() {
            let chars: Vec<char> = text.chars().collect();
            let start = at.index(chars.len());
            chars[start..(start + len).min(chars.len())].iter().collect()
        } else {
            q
        };
        let rules = Rules { smart_case, smart_diacritics: true };
        let Ok(matcher) = Matcher::new(&Query::literal(&q), rules) else { return Ok(()) };
        let whole = matcher.find_all(&text, &fold(&text, matcher.mode), &|| false);
        let parallel_from = if two_threads { 0 } else { usize::MAX };
        let pieces = matcher.find_in_pieces(&text, piece, parallel_from, &|| false);
        prop_assert_eq!(pieces, whole, "query {:?} in {:?}, pieces of {}, two threads {}", q, text, piece, two_threads);
    }

    #[test]
    fn regex_never_panics(text in mixed_text(), pattern in "[a-z()\\[\\]*+?|\\\\.]{1,6}") {
        let _ = find(&text, &Query { text: pattern, regex: true }, Rules::default());
    }
}
