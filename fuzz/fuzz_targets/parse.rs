//! Any bytes, as plain text and as Markdown: no panic, sound blocks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["f.txt", "f.md"] {
        let Ok(doc) = folio::document::parse(name, data.to_vec()) else { continue };
        let mut last = 0;
        for b in &doc.blocks {
            assert!(b.range.start >= last && b.range.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(b.range.start) && doc.text.is_char_boundary(b.range.end));
            last = b.range.end;
        }
        for (r, _) in &doc.inlines {
            assert!(r.start < r.end && r.end <= doc.text.len(), "inline {r:?} past the text");
            assert!(doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end));
        }
        let _ = doc.language();
    }
});
