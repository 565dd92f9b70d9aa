//! The document parser on the built-in seeds and on Moby Dick.

use crate::common;

use common::{blocks_of, moby_dick, seed};
use folio::document::{BlockKind, Format};

fn all_text(doc: &folio::document::Document) -> String {
    (0..doc.blocks.len()).map(|i| doc.block_text(i)).collect::<Vec<_>>().join("\n")
}

#[test]
fn interview_seed() {
    let doc = seed("000");
    assert!(doc.title.starts_with("Two days after Vietnam hosted the signing ceremony"));
    // Issue 18: a lead paragraph of 60 words is not a title; its opening
    // words are.
    assert_eq!(doc.title, "Two days after Vietnam hosted the signing ceremony of the United Nations…");
    let source = doc.source.as_ref().expect("a source");
    assert_eq!(source.site, "vietnamplus.vn");
    assert!(source.url.starts_with("https://www.vietnamplus.vn/viet-nam-khang-dinh"));
    assert_eq!(doc.language().map(|l| l.name), Some("English"));
    let questions = blocks_of(&doc, BlockKind::Question);
    assert_eq!(questions.len(), 5);
    assert!(questions[0].starts_with("In your opinion, what is the significance"));
    assert_eq!(blocks_of(&doc, BlockKind::Byline), ["(TTXVN/Vietnam+)"]);
    let text = all_text(&doc);
    assert!(!text.contains("Comment (0)"));
    assert!(!text.contains("Source:"));
    assert_eq!(doc.blocks.last().map(|b| b.kind), Some(BlockKind::Byline));
}

#[test]
fn leading_blank_line_and_plain_paragraphs() {
    let doc = seed("001");
    assert!(doc.title.starts_with("Cyberspace, once considered a symbol of freedom"));
    assert_eq!(doc.source.as_ref().map(|s| s.site.as_str()), Some("sggp.org.vn"));
    assert_eq!(doc.blocks.len(), 7);
    // Its first paragraph is one long sentence: a lead, not a headline.
    assert_eq!(doc.title, "Cyberspace, once considered a symbol of freedom, creativity, and connectivity…");
    assert!(doc.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    // A short first line that is the whole first sentence is a headline.
    let titled = folio::document::parse_text("t.txt", "The Hanoi Convention is signed\nSixty countries signed the convention in Hanoi on Saturday, the first of its kind, after years of talks in Vienna and New York.\nMore text follows here, one paragraph on a line as saved web articles are, and it goes on for a while longer.\n".into());
    assert_eq!(titled.title, "The Hanoi Convention is signed");
    assert_eq!(titled.blocks[0].kind, BlockKind::Heading(1));
    assert!(titled.opens_with_title());
    assert!(doc.blocks.iter().skip(1).all(|b| b.gap_before));
}

#[test]
fn swedish_seed() {
    let doc = seed("002");
    assert_eq!(doc.language().map(|l| (l.code, l.name)), Some(("swe", "Swedish")));
    assert!(doc.title.starts_with("På eftermiddagen den 26 oktober"));
    assert_eq!(doc.source.as_ref().map(|s| s.site.as_str()), Some("dantri.com.vn"));
    let captions = blocks_of(&doc, BlockKind::Caption);
    assert_eq!(captions.len(), 2);
    assert!(captions.iter().all(|c| c.ends_with("(Foto: VNA).")));
    let text = all_text(&doc);
    assert!(!text.contains("Kommentar (0)"));
    assert!(!text.contains("Källa:"));
}

#[test]
fn caption_first_then_title_headings_and_byline() {
    let doc = seed("003");
    assert_eq!(doc.blocks[0].kind, BlockKind::Caption);
    assert!(doc.block_text(0).ends_with("(Photo: THUY NGUYEN)"));
    assert_eq!(doc.title, "The line between “protecting security” and “ensuring freedom” has never been so fragile.");
    assert_eq!(
        blocks_of(&doc, BlockKind::Heading(2)),
        [
            "The foundation of the digital order",
            "Human rights - the central norm of digital transformation",
            "Creating new values in cyberspace",
        ]
    );
    assert_eq!(blocks_of(&doc, BlockKind::Byline), ["TRAN TUAN THIEN"]);
    assert_eq!(doc.source.as_ref().map(|s| s.site.as_str()), Some("nhandan.vn"));
}

#[test]
fn photo_credits_and_their_captions() {
    let doc = seed("004");
    // Each caption and its photo credit are one block.
    let captions: Vec<String> = blocks_of(&doc, BlockKind::Caption)
        .iter()
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        captions,
        [
            "Minister of Justice Nguyen Hai Ninh speaks at the discussion session. PHOTO: PHUC BINH",
            "Overview of the discussion session PHOTO: PHUC BINH",
        ]
    );
    assert_eq!(
        blocks_of(&doc, BlockKind::Heading(2)),
        ["More than 8.5 million stolen accounts and nearly 4,500 phishing domains"]
    );
    assert_eq!(doc.source.as_ref().map(|s| s.site.as_str()), Some("thanhnien.vn"));
    assert!(doc.word_count > 500 && doc.word_count < 600, "{}", doc.word_count);
}

#[test]
fn moby_dick_is_reflowed() {
    let doc = moby_dick();
    assert_eq!(doc.format, Format::Wrapped);
    assert_eq!(doc.title, "Moby Dick; or The Whale");
    assert!(!doc.block_text(0).starts_with('\u{feff}'), "the byte-order mark is skipped");
    // The licence header is kept, folded into one block before the book.
    assert_eq!(doc.blocks[0].kind, BlockKind::Folded);
    assert!(doc.block_text(0).starts_with("The Project Gutenberg EBook of Moby Dick"));
    assert!(doc.block_text(0).trim_end().ends_with("***"));
    // CRLF: no block ends in a carriage return.
    assert!(doc.blocks.iter().all(|b| !doc.text[b.range.clone()].ends_with('\r')));
    // "Call me Ishmael." opens a paragraph of many source lines.
    let ishmael = doc
        .blocks
        .iter()
        .position(|b| doc.text[b.range.clone()].starts_with("Call me Ishmael."))
        .expect("the first paragraph of chapter 1");
    let paragraph = doc.block_text(ishmael);
    assert!(paragraph.matches('\n').count() > 10, "one block for the whole paragraph");
    assert!(paragraph.trim_end().ends_with("the same feelings towards the ocean with me."), "{paragraph}");
    // Headings between paragraphs.
    let headings = blocks_of(&doc, BlockKind::Heading(2));
    assert!(headings.iter().filter(|h| **h == "CHAPTER 1. Loomings.").count() == 2, "contents and chapter");
    assert!(headings.contains(&"ETYMOLOGY."));
    assert_eq!(doc.language().map(|l| l.name), Some("English"));
    assert!((200_000..230_000).contains(&doc.word_count), "{}", doc.word_count);
}

#[test]
fn empty_and_blank_documents_open_empty() {
    for text in ["", "\n\n   \n", "\u{feff}"] {
        let doc = folio::document::parse_text("e.txt", text.to_owned());
        assert!(doc.blocks.is_empty(), "{text:?}");
        assert_eq!(doc.word_count, 0);
    }
}

/// Rough edge: a Gutenberg book opened on its licence, counted it in its
/// length and progress, and showed `_italics_` with their underscores.
#[test]
fn gutenberg_licence_is_folded_and_italics_marked() {
    let doc = moby_dick();
    let last = doc.blocks.last().expect("blocks");
    assert_eq!(last.kind, BlockKind::Folded);
    // Issue 18: the line "End of Project Gutenberg's ..." before the marker
    // opens the footer; the book ends with its own last words.
    assert!(
        doc.text[last.range.clone()].starts_with("End of Project Gutenberg’s Moby Dick"),
        "{}",
        &doc.text[last.range.clone()][..40]
    );
    assert!(doc.text[last.range.clone()].contains("Section 5."), "the footer holds the licence");
    // Progress is counted on the book only.
    assert!(doc.text[doc.body_start()..].starts_with("Produced by"), "{}", &doc.text[doc.body_start()..][..40]);
    assert!(doc.text[..doc.body_len()].trim_end().ends_with("only found another orphan."));
    let licence_words: usize = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Folded)
        .map(|b| folio::document::word_count(&doc.text[b.range.clone()]))
        .sum();
    assert!(licence_words > 3000, "{licence_words}");
    let all: usize = doc.blocks.iter().map(|b| folio::document::word_count(&doc.text[b.range.clone()])).sum();
    assert_eq!(doc.word_count, all - licence_words);
    // `_hval_` is emphasis; its underscores are markup.
    let at = doc.text.find("_hval_").expect("in the etymology");
    let styled: Vec<_> = doc
        .inlines
        .iter()
        .filter(|(r, _)| r.start >= at && r.end <= at + 6)
        .map(|(r, s)| (&doc.text[r.clone()], *s))
        .collect();
    use folio::document::InlineStyle;
    assert_eq!(styled, [("_", InlineStyle::Markup), ("hval", InlineStyle::Emphasis), ("_", InlineStyle::Markup)]);
    // Underscores elsewhere are left alone.
    let plain = folio::document::parse_text("t.txt", "snake_case_name and _a_b_ here.\n".to_owned());
    assert!(plain.inlines.is_empty());
}

// Plain text as written (issue 18): which breaks are kept, which reflowed.

fn block_with<'a>(doc: &'a folio::document::Document, needle: &str) -> (BlockKind, &'a str) {
    common::kinds_and_texts(doc)
        .into_iter()
        .find(|(_, t)| t.contains(needle))
        .unwrap_or_else(|| panic!("no block holds {needle:?}"))
}

#[test]
fn a_note_keeps_its_table_code_list_and_aligned_lines() {
    let doc = common::fixture("as-written/note.txt");
    // Hard-wrapped prose is still one reflowed paragraph.
    let (kind, text) = block_with(&doc, "Benchmarks for the parser");
    assert_eq!(kind, BlockKind::Paragraph);
    assert!(text.ends_with("before it is timed."));
    // The ASCII table: one block, its lines as written.
    let (kind, table) = block_with(&doc, "| test    | old   | new   |");
    assert_eq!(kind, BlockKind::Verbatim);
    assert_eq!(table.lines().count(), 6);
    assert!(table.starts_with("+---------+") && table.ends_with("+---------+-------+-------+"));
    // Indented code keeps its lines.
    let (kind, code) = block_with(&doc, "fn main() {");
    assert_eq!(kind, BlockKind::Code);
    assert_eq!(code.lines().map(str::trim).collect::<Vec<_>>(), ["fn main() {", "println!(\"hello\");", "}"]);
    // A list: the line before it and every item are lines of their own; an
    // item's continuation (a hanging indent) joins its item.
    let lines: Vec<&str> = common::kinds_and_texts(&doc)
        .into_iter()
        .filter(|(k, _)| matches!(k, BlockKind::Line(_)))
        .map(|(_, t)| t)
        .collect();
    assert_eq!(block_with(&doc, "Shopping, for").1, "Shopping, for the friends coming on Saturday:");
    assert!(lines.contains(&"- bread") && lines.contains(&"- milk") && lines.contains(&"- apples"));
    assert!(lines.iter().any(|l| l.starts_with("- a cheese") && l.ends_with("nobody forgets it")));
    // Aligned columns and the dotted contents are kept verbatim.
    let (kind, aligned) = block_with(&doc, "Name:    Alice Liddell");
    assert_eq!(kind, BlockKind::Verbatim);
    assert_eq!(aligned.lines().count(), 3);
    let (kind, contents) = block_with(&doc, "1.1 Purpose ....");
    assert_eq!(kind, BlockKind::Verbatim);
    assert_eq!(contents.lines().count(), 4);
    // Key-value lines with single spaces stay one a line.
    for kv in ["Address: 12 Rabbit Hole Lane", "Town: Oxford", "Country: England"] {
        assert_eq!(block_with(&doc, kv).1, kv);
    }
}

#[test]
fn verse_keeps_its_lines_and_joins_hanging_indents() {
    let doc = common::fixture("as-written/verse.txt");
    let kinds = common::kinds_and_texts(&doc);
    let line = |start: &str| {
        kinds.iter().find(|(_, t)| t.starts_with(start)).unwrap_or_else(|| panic!("no line {start:?}: {kinds:?}"))
    };
    // Long lines of verse near the width are kept one a line.
    assert!(matches!(line("I keep the lantern").0, BlockKind::Line(0)));
    assert_eq!(line("I keep the lantern").1, "I keep the lantern burning on the headland through the night,");
    assert_eq!(line("And every ship").1, "And every ship that passes takes its bearing from my light,");
    // A deeper indent continues the line above it.
    let (kind, hung) = line("For those who come home");
    assert!(matches!(kind, BlockKind::Line(0)));
    assert!(hung.ends_with("to reach the shore,"), "{hung:?}");
    // Short lines keep their breaks.
    for l in ["Short lines", "can be verse", "as well,", "and keep", "their breaks."] {
        assert_eq!(line(l).1, l);
    }
    // Alternate lines indented deeper keep their own indent.
    assert_eq!(line("Stone on stone").0, BlockKind::Line(2));
    assert_eq!(line("Built by long-forgotten").0, BlockKind::Line(4));
}

#[test]
fn an_rfc_keeps_front_matter_contents_grammar_and_diagrams() {
    let doc = common::fixture("as-written/rfc.txt");
    let (kind, front) = block_with(&doc, "Network Working Group");
    assert_eq!(kind, BlockKind::Verbatim);
    assert_eq!(front.lines().count(), 3, "{front:?}");
    assert!(matches!(block_with(&doc, "The Lantern Transfer Protocol --").0, BlockKind::Line(_)));
    let (kind, contents) = block_with(&doc, "1 Introduction ....");
    assert_eq!(kind, BlockKind::Verbatim);
    assert_eq!(contents.lines().count(), 4);
    let (kind, grammar) = block_with(&doc, "OCTET          = <any 8-bit sequence of data>");
    assert_eq!(kind, BlockKind::Verbatim);
    assert_eq!(grammar.lines().count(), 3);
    let (kind, diagram) = block_with(&doc, "keeper A");
    assert_eq!(kind, BlockKind::Verbatim);
    assert_eq!(diagram.lines().count(), 5);
    // The prose around them is reflowed.
    let (kind, prose) = block_with(&doc, "The Lantern Transfer Protocol (LTP) is");
    assert_eq!(kind, BlockKind::Paragraph);
    assert!(prose.ends_with("this document writes it down."));
}

#[test]
fn moby_dick_reads_as_before_with_its_table_kept() {
    let doc = moby_dick();
    // The etymology's two columns are a table, not twelve headings.
    let (kind, table) = block_with(&doc, "CETUS,");
    assert_eq!(kind, BlockKind::Verbatim);
    assert_eq!(table.lines().count(), 12);
    // Everything else is laid out as it was when every paragraph was
    // reflowed: the same headings and the same paragraphs.
    let always = folio::document::reflowed(&doc, folio::document::Reflow::Always).expect("plain text");
    let of = |d: &folio::document::Document| -> Vec<(BlockKind, String)> {
        common::kinds_and_texts(d)
            .into_iter()
            .filter(|(_, t)| !t.contains("_Hebrew_") && !t.contains("_Erromangoan_") && !t.contains("_Greek_"))
            .map(|(k, t)| (k, t.to_owned()))
            .collect()
    };
    let (now, before) = (of(&doc), of(&always));
    // But for chapter titles of two lines, now headings (`CHAPTER 56. Of
    // the Less Erroneous Pictures of Whales, and the True` / `Pictures of
    // Whaling Scenes.`), in the contents and in the book.
    let changed: Vec<_> = now.iter().filter(|b| !before.contains(b)).collect();
    assert_eq!(changed.len(), 6, "{changed:?}");
    assert!(changed.iter().all(|(k, t)| *k == BlockKind::Heading(2) && t.starts_with("CHAPTER ")), "{changed:?}");
    let (kind, p) = block_with(&doc, "hearing a loud voice within, pushed on and opened a second, interior");
    assert_eq!(kind, BlockKind::Paragraph);
    assert!(p.ends_with("door."));
    assert!(!doc.blocks.iter().any(|b| matches!(b.kind, BlockKind::Raw)));
    let lines = doc.blocks.iter().filter(|b| matches!(b.kind, BlockKind::Line(_) | BlockKind::Verbatim)).count();
    assert!(lines < 200, "{lines} kept lines in a book of prose");
}

#[test]
fn never_keeps_every_line_and_always_reflows_every_paragraph() {
    let doc = common::fixture("as-written/note.txt");
    let never = folio::document::reflowed(&doc, folio::document::Reflow::Never).expect("plain text");
    assert!(never.blocks.iter().all(|b| b.kind == BlockKind::Raw));
    assert_eq!(never.text, doc.text);
    let mut out = Vec::new();
    folio::output::write_document(&mut out, &never, 200).expect("writing");
    let shown = String::from_utf8(out).expect("UTF-8");
    let file_lines: Vec<&str> = doc.text.lines().filter(|l| !l.trim().is_empty()).collect();
    let shown_lines: Vec<&str> = shown.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(shown_lines, file_lines, "every line as in the file");
    let always = folio::document::reflowed(&doc, folio::document::Reflow::Always).expect("plain text");
    assert!(!always.blocks.iter().any(|b| matches!(b.kind, BlockKind::Verbatim | BlockKind::Line(_))));
}

/// The English shortcut of language detection answers for most English
/// documents and never otherwise than the detector would: every RFC, every
/// seed, and Moby Dick chapter by chapter.
#[test]
fn the_english_shortcut_agrees_with_the_detector() {
    let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(common::corpus_file("rfcs")).expect("the RFCs") {
        let path = entry.expect("an RFC").path();
        texts.push((path.display().to_string(), std::fs::read(&path).expect("reading an RFC")));
    }
    for (name, text) in folio::library::SEEDS {
        texts.push(((*name).to_owned(), text.as_bytes().to_vec()));
    }
    let moby = std::fs::read_to_string(common::corpus_file("moby-dick.txt")).expect("reading moby-dick.txt");
    for (n, chapter) in moby.split("\nCHAPTER ").enumerate() {
        texts.push((format!("moby-{n}.txt"), chapter.as_bytes().to_vec()));
    }
    let (mut english, mut shortcut) = (0, 0);
    for (name, bytes) in texts {
        let doc = folio::document::parse(&name, bytes).expect("parsing");
        let sample = doc.prose_sample();
        let detected = whatlang::detect(&sample).filter(whatlang::Info::is_reliable).map(|i| i.lang());
        english += usize::from(detected == Some(whatlang::Lang::Eng));
        if folio::document::plainly_english(&sample) {
            shortcut += 1;
            assert!(
                matches!(detected, Some(whatlang::Lang::Eng) | None),
                "{name}: English by the shortcut, {detected:?} by the detector"
            );
        }
    }
    eprintln!("the shortcut answered for {shortcut} of {english} English documents");
    assert!(english > 700, "{english} English documents");
    assert!(shortcut * 10 >= english * 9, "the shortcut answered for {shortcut} of {english} English documents");
}
