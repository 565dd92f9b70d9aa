//! Folding and matching any query in any text: matches on character
//! boundaries, in order.
#![no_main]

use folio::search::{Query, Rules, find};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str, bool)| {
    let (text, query, regex) = input;
    if query.len() > 64 {
        return;
    }
    let Ok(matches) = find(text, &Query { text: query.to_owned(), regex }, Rules::default()) else { return };
    let mut last = 0;
    for m in matches {
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert!(m.start >= last && m.end <= text.len());
        last = m.end;
    }
});
