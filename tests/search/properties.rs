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

/// A query taken from the text itself: a slice of it, on character
/// boundaries, so there is a match to find.
fn slice_of(text: &str, start: usize, len: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let start = start % chars.len();
    let end = (start + 1 + len % 12).min(chars.len());
    chars[start..end].iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The library index chooses which documents are read: it must choose
    /// every document in which in-document search finds the query (else
    /// library search would say "no match" for text that is there).
    #[test]
    fn the_index_chooses_every_document_search_finds_something_in(
        texts in prop::collection::vec(mixed_text(), 1..8),
        picks in prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..12),
        other in prop::collection::vec(query(), 0..4),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let lib = dir.path().join("lib");
        std::fs::create_dir_all(&lib).expect("dir");
        let mut files = Vec::new();
        let mut docs = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let path = lib.join(format!("d{i}.txt"));
            std::fs::write(&path, text).expect("write");
            let Ok(doc) = folio::library::load_file(&path) else { continue };
            let meta = std::fs::metadata(&path).expect("stat");
            let path = std::path::absolute(&path).expect("absolute");
            files.push((path.clone(), folio::library::meta::stamp(&meta).expect("a time")));
            docs.push((path, doc));
        }
        let (index, _) = folio::library::index::LibraryIndex::open(&dir.path().join("cache"), &[lib]).expect("index");
        index.update(&files, &|_, _| true).expect("indexed");
        let queries = picks
            .iter()
            .filter_map(|&(d, s, l)| docs.get(d % docs.len().max(1)).map(|(_, doc)| slice_of(&doc.text, s, l)))
            .chain(other);
        for text in queries {
            let query = Query::literal(&text);
            let Some(chosen) = index.search(&text, 100).expect("searched") else { continue };
            let chosen = chosen.paths();
            for (path, doc) in &docs {
                let found = find(&doc.text, &query, Rules::default()).unwrap_or_default();
                prop_assert!(
                    found.is_empty() || chosen.contains(path),
                    "{text:?} is in {:?} but the index did not choose it", doc.text
                );
            }
        }
    }
}
