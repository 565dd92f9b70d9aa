//! Any bytes as a web page: no panic, sound blocks, and nothing that would
//! act on a terminal in what is shown.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = folio::document::parse("f.html", data.to_vec()) else { return };
    let mut last = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        assert!(b.range.start >= last && b.range.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(b.range.start) && doc.text.is_char_boundary(b.range.end));
        last = b.range.end;
        for line in folio::layout::wrap_block(&doc.text, b, 40, i == 0) {
            let shown = folio::layout::display_string(&doc.text, line.range, b.kind.keeps_lines());
            assert!(!shown.chars().any(char::is_control));
        }
    }
    for l in &doc.links {
        assert!(l.range.end <= doc.text.len() && doc.text.is_char_boundary(l.range.start));
    }
    for (_, at) in &doc.anchors {
        assert!(*at <= doc.text.len());
    }
});
