//! Properties over generated input: nothing panics, nothing overflows,
//! nothing unsafe reaches a cell, and what folio writes it reads back.

use crate::common;

use std::path::Path;

use folio::bookmarks::{self, Bookmark, DocRef};
use folio::document::parse_text;
use folio::layout::{display_string, wrap_block};
use folio::sanitize;
use proptest::prelude::*;

/// Text that mixes prose, markup, control characters, escapes, wide and
/// combining characters and odd white space.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => "[a-zA-Z ,.]{1,30}",
            1 => Just("\n".to_owned()),
            1 => Just("\n\n".to_owned()),
            1 => Just("\r\n".to_owned()),
            1 => Just("\r".to_owned()),
            1 => Just("    ".to_owned()),
            1 => Just("# ".to_owned()),
            1 => Just("- ".to_owned()),
            1 => Just("```\n".to_owned()),
            1 => Just("| a | b |\n|---|---|\n".to_owned()),
            1 => Just("[link](http://x.y)".to_owned()),
            1 => Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_owned()),
            1 => Just("\u{1b}[2J\u{9b}31m".to_owned()),
            1 => Just("\u{202e}\u{200b}\u{ad}\u{feff}".to_owned()),
            1 => Just("日本語のテキスト".to_owned()),
            1 => Just("👨\u{200d}👩\u{200d}👧🇸🇪👍🏽".to_owned()),
            1 => Just("Lu\u{031b}o\u{031b}\u{0300}ng".to_owned()),
            1 => Just("\t\u{8}\u{7f}\u{0}".to_owned()),
            1 => Just("x".repeat(300)),
            1 => Just("<p><b>".to_owned()),
            1 => Just("</b></p><li><a href='#x'>".to_owned()),
            1 => Just("<pre>\t</pre><table><tr><td>".to_owned()),
            // Issue 20's new paths: MathML, SVG text, page breaks, <br>.
            1 => Just("<math><msup><mi>x</mi><mfrac><mn>".to_owned()),
            1 => Just("<svg><text><tspan>".to_owned()),
            1 => Just("<span epub:type='pagebreak'>7</span><br>".to_owned()),
            1 => Just("<li><p>".to_owned()),
            // Notes, fallbacks and verse.
            1 => Just("<sup><a epub:type='noteref' href='#n1'>1</a></sup>".to_owned()),
            1 => Just("<aside epub:type='footnote' id='n1'><p>".to_owned()),
            1 => Just("<object data='x.svg'><p>fallback".to_owned()),
            1 => Just("<epub:switch><epub:case><epub:default>".to_owned()),
            1 => Just("<div class='poem'><span class='linenum'>10</span>".to_owned()),
            // What the second opinion is given without (furniture, some
            // pieces unclosed or walled), and marks that stay with their
            // word when lines wrap.
            1 => Just("<nav><div><a href=/>Home</a>".to_owned()),
            1 => Just("</nav></div><footer>".to_owned()),
            1 => Just("<svg/><aside><svg viewBox='0 0 1 1'>".to_owned()),
            1 => Just(" « mot ! » ( , ".to_owned()),
            1 => any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_never_panics_and_blocks_are_sound(text in hostile_text(), format in 0..3u8) {
        let name = ["doc.txt", "doc.md", "doc.html"][usize::from(format)];
        let doc = parse_text(name, text);
        let mut last = 0;
        for b in &doc.blocks {
            prop_assert!(b.range.start <= b.range.end && b.range.end <= doc.text.len());
            prop_assert!(doc.text.is_char_boundary(b.range.start) && doc.text.is_char_boundary(b.range.end));
            prop_assert!(b.range.start >= last, "blocks are in order and do not overlap");
            last = b.range.end;
        }
        for (r, _) in &doc.inlines {
            prop_assert!(r.end <= doc.text.len() && doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end));
        }
    }

    #[test]
    fn every_wrapped_line_fits_and_is_clean(text in hostile_text(), width in 1usize..120, format in 0..3u8) {
        let doc = parse_text(["d.txt", "d.md", "d.html"][usize::from(format)], text);
        for (i, block) in doc.blocks.iter().enumerate() {
            let avail = width.saturating_sub(block.kind.indent()).max(1);
            if block.kind == folio::document::BlockKind::Folded {
                // One line stands for a folded block (a note): its label,
                // cut to the column, is what is drawn.
                let label = doc.folded_label(block);
                let label = sanitize::truncate_words(&label, avail);
                prop_assert!(sanitize::width(&label) <= avail.max(8), "{label:?} at {width}");
                continue;
            }
            for line in wrap_block(&doc.text, block, width, i == 0) {
                let shown = display_string(&doc.text, line.range.clone(), block.kind.keeps_lines());
                if block.kind.keeps_lines() {
                    // Code keeps its lines and is clipped when drawn: what is
                    // measured for clipping is what is drawn.
                    prop_assert_eq!(sanitize::width(&shown), folio::layout::preformatted_line_width(&doc.text, line.range));
                } else {
                    // A single stand-in such as <U+202E> (8 columns) cannot be split.
                    prop_assert!(sanitize::width(&shown) <= avail.max(8), "{shown:?} at {width}");
                }
                prop_assert!(!shown.chars().any(char::is_control), "{shown:?}");
            }
        }
    }

    #[test]
    fn plain_output_shows_what_the_screen_shows(text in hostile_text(), keeps in any::<bool>()) {
        // display_string has its own fast path; it must agree with the
        // pieces the reading pane draws.
        let mut pieces = String::new();
        folio::layout::display_pieces(&text, 0..text.len(), keeps, |_, shown| pieces.push_str(shown));
        prop_assert_eq!(display_string(&text, 0..text.len(), keeps), pieces);
    }

    #[test]
    fn no_control_character_survives_sanitizing(text in hostile_text()) {
        let shown = sanitize::line(&text);
        let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        prop_assert!(!shown.chars().any(unsafe_char), "{:?}", shown);
        prop_assert_eq!(sanitize::width(&shown), sanitize::width(&text));
    }

    #[test]
    fn bookmark_files_round_trip(
        notes in prop::collection::vec(hostile_text(), 1..6),
        text in "[a-zA-Z \n]{20,200}",
    ) {
        let list: Vec<Bookmark> = notes
            .into_iter()
            .enumerate()
            .map(|(i, note)| Bookmark {
                id: format!("id-{i}"),
                created: format!("2026-11-22T10:00:{i:02}Z"),
                doc: DocRef { document: format!("dir/{note}.md"), hash: folio::document::content_hash(&text), title: note.clone() },
                note,
                quote: bookmarks::quote(&text, i..(i + 10).min(text.len())),
                highlight: false,
            })
            .collect();
        let written = bookmarks::to_text(&list).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = bookmarks::parse(&written, Path::new("b.toml")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, list);
    }

    #[test]
    fn reading_any_bookmark_or_config_file_never_panics(text in hostile_text()) {
        let _ = bookmarks::parse(&text, Path::new("b.toml"));
        let _ = folio::config::parse(&text);
    }

    #[test]
    fn whole_frames_never_panic_or_leak_control_characters(text in hostile_text(), w in 10u16..140, h in 3u16..50) {
        let mut app = common::app_with(&[("hostile.md", &text), ("\u{1b}]0;name.txt", &text)], w, h);
        for keys in [&["G"][..], &["tab", "j"], &["?"], &["'"]] {
            common::press(&mut app, keys);
            let buffer = common::render(&app);
            for cell in buffer.content() {
                prop_assert!(!cell.symbol().chars().any(char::is_control), "{:?}", cell.symbol());
            }
            common::press(&mut app, &["esc"]);
        }
    }
}

/// Inputs the fuzzers found, kept as regression tests.
#[test]
fn fuzz_regressions() {
    // A bare carriage return inside preformatted text shows as `^M` (two
    // columns) and was measured as one: the line overflowed by a column.
    for (width, text) in [(10usize, "\r\t\u{5}\r\t(\n\n|\n")] {
        let doc = parse_text("f.md", text.to_owned());
        for (i, block) in doc.blocks.iter().enumerate() {
            let avail = width.saturating_sub(block.kind.indent()).max(1);
            for line in wrap_block(&doc.text, block, width, i == 0) {
                let shown = display_string(&doc.text, line.range.clone(), block.kind.keeps_lines());
                if block.kind.keeps_lines() {
                    let measured = folio::layout::preformatted_line_width(&doc.text, line.range);
                    assert_eq!(sanitize::width(&shown), measured, "{shown:?}");
                } else {
                    assert!(sanitize::width(&shown) <= avail.max(8), "{shown:?}");
                }
            }
        }
    }
}
