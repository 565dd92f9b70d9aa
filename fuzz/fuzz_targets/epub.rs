//! Any bytes as an EPUB: refused with a message or read, never a panic, and
//! never more inflated than the stated budget.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = folio::document::parse("f.epub", data.to_vec()) {
        for s in &doc.outline {
            assert!(s.block < doc.blocks.len().max(1));
        }
        assert!(doc.text.len() as u64 <= 256 << 20);
    }
});
