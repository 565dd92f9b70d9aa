//! Wrapping and sanitizing any text at any width: lines fit, nothing raw.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str)| {
    let (width, text) = input;
    let width = usize::from(width % 120) + 1;
    let doc = folio::document::parse_text("f.md", text.to_owned());
    for (i, block) in doc.blocks.iter().enumerate() {
        let avail = width.saturating_sub(block.kind.indent()).max(1);
        for line in folio::layout::wrap_block(&doc.text, block, width, i == 0) {
            let shown = folio::layout::display_string(&doc.text, line.range.clone(), block.kind.keeps_lines());
            if block.kind.keeps_lines() {
                // Code and tables keep their lines and are clipped when
                // drawn: what is measured for clipping is what is drawn.
                assert_eq!(folio::sanitize::width(&shown), folio::layout::preformatted_line_width(&doc.text, line.range));
            } else {
                assert!(folio::sanitize::width(&shown) <= avail.max(8));
            }
            assert!(!shown.chars().any(char::is_control));
        }
    }
    let shown = folio::sanitize::line(text);
    assert!(!shown.chars().any(char::is_control));
});
