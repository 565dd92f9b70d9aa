//! Plain text: saved web articles (one paragraph per line) and hard-wrapped
//! books (paragraphs of ~70-column lines between blank lines).
//!
//! The parser works on line ranges of the text and never copies it: a block
//! of a hard-wrapped paragraph simply spans several lines, and the wrapper
//! treats its line breaks as spaces. Article conventions recognised here:
//! photo captions and credits, a `Source:`/`Källa:` line (kept as metadata),
//! trailing page residue (`Comment (0)`), interview questions, bylines and
//! short headings between paragraphs.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::reflow::{self, Reflow, Shape};
use super::{Block, BlockKind, Document, Format, Source, first_sentence, word_count};

/// How many non-blank lines decide whether a text is hard-wrapped.
const WRAP_SAMPLE_LINES: usize = 5_000;

static RESIDUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(comments?|kommentar(er)?|bình luận|reply|svara)\s*\(\d+\)$").expect("static regex")
});
static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(source|sources|källa|nguồn|kilde|lähde|quelle|fuente|bron)\s*:\s*(\S+)$").expect("static regex")
});
static CAPTION_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\((photo|foto|ảnh|bild|image|credit)\s*:[^)]*\)[.\s]*$").expect("static regex"));
static CREDIT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(photo|foto|ảnh|bild|image|credit)\s*:\s*\S").expect("static regex"));
static GUTENBERG_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Title:\s+(\S.*)$").expect("static regex"));

/// Below this size a document is parsed on one thread.
const PARALLEL_FROM: usize = 4 << 20;
/// How far from the end page residue and a `Source:` line are looked for.
const TAIL_BYTES: usize = 16 << 10;

/// Parses plain text into a document, its line breaks kept or reflowed as
/// `mode` says.
pub(super) fn parse_plain(name: &str, text: String, mode: Reflow) -> Document {
    // A byte-order mark is not part of the first line.
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let (content_end, source_line) = tail(&text, start);
    let source = source_line.as_ref().and_then(|r| {
        SOURCE.captures(text[r.clone()].trim()).and_then(|c| c.get(2)).map(|m| Source::from_url(m.as_str()))
    });
    let is_source = |r: &Range<usize>| source_line.as_ref() == Some(r);
    // A Project Gutenberg book: the licence header and footer are folded
    // away, and the book itself is what is parsed, read and counted.
    let gutenberg = gutenberg_parts(&text, start..content_end);
    let book = gutenberg.as_ref().map_or(start..content_end, |g| g.book.clone());

    let wrapped = is_hard_wrapped(&text, book.clone(), &is_source);
    let (format, mut blocks) = match mode {
        Reflow::Never => {
            let parts = parallel_map(&halves_of(&text, book.clone()), |k, region| {
                reflow::raw_blocks(&text, lines_in(&text, region.clone()), k > 0, &is_source)
            });
            (if wrapped { Format::Wrapped } else { Format::Article }, parts.concat())
        }
        Reflow::Auto if wrapped => {
            let shape = Shape::measure(&text, lines_in(&text, book.clone()), WRAP_SAMPLE_LINES);
            let parts = parallel_map(&halves_of(&text, book.clone()), |k, region| {
                reflow::auto_blocks(&text, region.clone(), shape, k > 0, &is_source, single_line_kind)
            });
            (Format::Wrapped, parts.concat())
        }
        Reflow::Always if wrapped => {
            let short = short_line_width(&text, book.clone());
            let parts = parallel_map(&halves_of(&text, book.clone()), |k, region| {
                wrapped_blocks(&text, region.clone(), short, k > 0, &is_source)
            });
            (Format::Wrapped, parts.concat())
        }
        Reflow::Auto => {
            let lines: Vec<Range<usize>> = lines_in(&text, book.clone()).filter(|r| !is_source(r)).collect();
            let shape = Shape::measure(&text, lines.iter().cloned(), WRAP_SAMPLE_LINES);
            (Format::Article, article_keeping_runs(&text, &lines, shape))
        }
        Reflow::Always => {
            let lines: Vec<Range<usize>> = lines_in(&text, book.clone()).filter(|r| !is_source(r)).collect();
            (Format::Article, article_blocks(&text, &lines))
        }
    };
    let mut inlines = Vec::new();
    if let Some(g) = &gutenberg {
        if !g.header.is_empty() {
            blocks.insert(0, Block { kind: BlockKind::Folded, range: g.header.clone(), gap_before: false });
            if let Some(first) = blocks.get_mut(1) {
                first.gap_before = true;
            }
        }
        if !g.footer.is_empty() {
            blocks.push(Block { kind: BlockKind::Folded, range: g.footer.clone(), gap_before: true });
        }
        inlines = underscore_italics(&text, book.clone());
    }

    let title = gutenberg_title(&text)
        .or_else(|| rfc_title(&text))
        .or_else(|| {
            blocks
                .iter()
                .find(|b| {
                    !matches!(b.kind, BlockKind::Caption | BlockKind::Byline | BlockKind::Rule | BlockKind::Folded)
                })
                .map(|b| headline(&text[b.range.clone()]))
        })
        .unwrap_or_default();
    // An article whose first paragraph is its title, whole: that paragraph
    // is the headline, drawn as one (and the header does not repeat it).
    if format == Format::Article
        && mode != Reflow::Never
        && let Some(first) = blocks.iter_mut().find(|b| !matches!(b.kind, BlockKind::Caption | BlockKind::Rule))
        && first.kind == BlockKind::Paragraph
        && collapsed(&text[first.range.clone()]) == title
    {
        first.kind = BlockKind::Heading(1);
    }
    let halves: Vec<&[Block]> = if text.len() >= PARALLEL_FROM {
        let (a, b) = blocks.split_at(blocks.len() / 2);
        vec![a, b]
    } else {
        vec![&blocks[..]]
    };
    let words = parallel_map(&halves, |_, part| {
        part.iter().filter(|b| b.kind != BlockKind::Folded).map(|b| word_count(&text[b.range.clone()])).sum::<usize>()
    })
    .into_iter()
    .sum();

    let mut outline = super::outline_of(&text, &blocks);
    if gutenberg.is_some() {
        // `_Latin_` is italics in a Gutenberg text: a title reads without
        // the underscores.
        for section in &mut outline {
            section.title = section.title.replace('_', "");
        }
    }
    Document {
        name: name.to_owned(),
        title,
        source,
        language: std::sync::OnceLock::new(),
        date: None,
        format,
        text,
        blocks,
        inlines,
        code_langs: Vec::new(),
        word_count: words,
        notices: Vec::new(),
        source_map: Vec::new(),
        outline,
        links: Vec::new(),
        anchors: Vec::new(),
    }
}

/// Runs `f` on every item, each on its own thread when there is more than
/// one (parsing a 100 MB book on both cores halves the wait).
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    if items.len() <= 1 {
        return items.iter().enumerate().map(|(k, item)| f(k, item)).collect();
    }
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items.iter().enumerate().map(|(k, item)| scope.spawn(move || f(k, item))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// `region` in two halves cut at a blank line near its middle when it is
/// large enough to parse on two threads, else whole.
fn halves_of(text: &str, region: Range<usize>) -> Vec<Range<usize>> {
    match split_point(text, region.clone()) {
        Some(mid) => vec![region.start..mid, mid..region.end],
        None => vec![region],
    }
}

/// An article's blocks (a paragraph a line) with its tables, art and code
/// kept as written.
fn article_keeping_runs(text: &str, lines: &[Range<usize>], shape: Shape) -> Vec<Block> {
    let kept = reflow::kept_runs(text, lines, shape);
    if kept.is_empty() {
        return article_blocks(text, lines);
    }
    let mut rest = Vec::with_capacity(lines.len());
    let mut from = 0;
    for (taken, _) in &kept {
        rest.extend_from_slice(&lines[from..taken.start]);
        from = taken.end;
    }
    rest.extend_from_slice(&lines[from..]);
    let mut blocks = article_blocks(text, &rest);
    blocks.extend(kept.into_iter().map(|(_, block)| block));
    blocks.sort_by_key(|b| b.range.start);
    if let Some(first) = blocks.first_mut() {
        first.gap_before = false;
    }
    blocks
}

/// Line ranges of `text[region]`, without their `\n` or `\r\n`.
pub(super) fn lines_in(text: &str, region: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let base = region.start;
    let end = region.end;
    let mut newlines = memchr::memchr_iter(b'\n', &bytes[region]);
    let mut start = base;
    std::iter::from_fn(move || {
        if start >= end {
            return None;
        }
        let line_start = start;
        let stop = newlines.next().map_or(end, |nl| base + nl);
        start = stop + 1;
        let line_end = if stop > line_start && bytes[stop - 1] == b'\r' { stop - 1 } else { stop };
        Some(line_start..line_end)
    })
}

/// Where the article ends once trailing page residue (`Comment (0)`) and
/// blank lines are dropped, and the `Source:` line near the end, if any.
fn tail(text: &str, start: usize) -> (usize, Option<Range<usize>>) {
    let mut from = text.len().saturating_sub(TAIL_BYTES).max(start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // Start at a line boundary (or the start of the text).
    if from > start {
        from = memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |nl| from + nl + 1);
    }
    let lines: Vec<Range<usize>> = lines_in(text, from..text.len()).collect();
    let mut end = lines.len();
    while end > 0 {
        let line = text[lines[end - 1].clone()].trim();
        if line.is_empty() || RESIDUE.is_match(line) {
            end -= 1;
        } else {
            break;
        }
    }
    let content_end = if end == lines.len() {
        text.len()
    } else if end == 0 {
        from
    } else {
        lines[end - 1].end
    };
    let source =
        lines[end.saturating_sub(12)..end].iter().rev().find(|r| SOURCE.is_match(text[(*r).clone()].trim())).cloned();
    (content_end, source)
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_whitespace()) || s.trim().is_empty()
}

/// The range of a line without its leading and trailing white space.
fn trimmed(text: &str, range: &Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

/// A text is hard-wrapped when its lines are short and mostly run on into
/// the next line, as in a Project Gutenberg book. Decided on the first
/// lines only, so it costs the same for any size.
fn is_hard_wrapped(text: &str, region: Range<usize>, is_source: &impl Fn(&Range<usize>) -> bool) -> bool {
    let mut non_blank = 0usize;
    let mut long = 0usize;
    let mut continued = 0usize;
    let mut prev_text = false;
    for r in lines_in(text, region) {
        let s = &text[r.clone()];
        let blank = is_source(&r) || is_blank(s);
        if !blank {
            if prev_text {
                continued += 1;
            }
            non_blank += 1;
            if s.trim_end().chars().count() > 100 {
                long += 1;
            }
        }
        prev_text = !blank;
        if non_blank >= WRAP_SAMPLE_LINES {
            break;
        }
    }
    // `continued` counts lines that follow a text line: the run-ons.
    non_blank >= 3 && long * 50 < non_blank && continued * 10 >= non_blank * 4
}

/// Lines much shorter than the usual width (in bytes) end a paragraph even
/// without a blank line after them: contents lists, verse, addresses.
fn short_line_width(text: &str, region: Range<usize>) -> usize {
    let mut lengths: Vec<usize> =
        lines_in(text, region).map(|r| text[r].trim_end().len()).filter(|&n| n > 0).take(WRAP_SAMPLE_LINES).collect();
    lengths.sort_unstable();
    let typical = lengths.get(lengths.len() * 9 / 10).copied().unwrap_or(70);
    typical * 6 / 10
}

/// A blank line near the middle of a large text, where it can be cut in two
/// without splitting a paragraph.
fn split_point(text: &str, region: Range<usize>) -> Option<usize> {
    let end = region.end;
    if region.len() < PARALLEL_FROM {
        return None;
    }
    let bytes = text.as_bytes();
    let half = region.start + region.len() / 2;
    let mid = memchr::memchr(b'\n', &bytes[half..end])? + half + 1;
    lines_in(text, mid..end).find(|r| is_blank(&text[r.clone()])).map(|r| r.start)
}

/// Blocks of a hard-wrapped region, in one streaming pass over its lines.
fn wrapped_blocks(
    text: &str,
    region: Range<usize>,
    short: usize,
    gap_first: bool,
    is_source: &impl Fn(&Range<usize>) -> bool,
) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(region.len() / 400);
    // The open paragraph: where it starts, its last line, its line count.
    let mut open: Option<(usize, Range<usize>, usize)> = None;
    let mut gap = gap_first;
    let push = |start: usize, last: &Range<usize>, lines: usize, gap: bool, blocks: &mut Vec<Block>| {
        let range = trimmed(text, &(start..last.end));
        let kind = if lines == 1 { single_line_kind(&text[range.clone()]) } else { BlockKind::Paragraph };
        blocks.push(Block { kind, range, gap_before: gap });
    };
    for r in lines_in(text, region) {
        let s = &text[r.clone()];
        if is_source(&r) || is_blank(s) {
            if let Some((start, last, n)) = open.take() {
                push(start, &last, n, gap, &mut blocks);
            }
            gap = true;
            continue;
        }
        let (start, n) = match open.take() {
            Some((start, _, n)) => (start, n + 1),
            None => (r.start, 1),
        };
        if s.trim_end().len() < short {
            // A short line ends its paragraph; the next line starts another
            // without a blank line between them.
            push(start, &r, n, gap, &mut blocks);
            gap = false;
        } else {
            open = Some((start, r, n));
        }
    }
    if let Some((start, last, n)) = open {
        push(start, &last, n, gap, &mut blocks);
    }
    if let Some(first) = blocks.first_mut()
        && !gap_first
    {
        first.gap_before = false;
    }
    blocks
}

/// A paragraph that is a single short line of a hard-wrapped text: a
/// heading (`CHAPTER 1. Loomings.`, `ETYMOLOGY.`), a scene break, or prose.
fn single_line_kind(s: &str) -> BlockKind {
    let s = s.trim();
    if !s.is_empty() && s.chars().all(|c| matches!(c, '*' | '-' | '_' | '=' | '~' | '#' | ' ' | '.' | '•')) {
        return BlockKind::Rule;
    }
    let marker = starts_with_heading_word(s);
    // A chapter title may take two lines (`CHAPTER 56. Of the Less
    // Erroneous Pictures of Whales, and the True` / `Pictures of ...`).
    if s.chars().count() > if marker { 160 } else { 70 } {
        return BlockKind::Paragraph;
    }
    // A quotation in capitals (a chapter's epigraph) is not a heading.
    if s.starts_with(['"', '“', '‘', '\'', '«']) {
        return BlockKind::Paragraph;
    }
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    if marker || (letters >= 3 && upper * 10 >= letters * 6) { BlockKind::Heading(2) } else { BlockKind::Paragraph }
}

/// Whether a line opens with a word that starts a chapter heading.
pub(super) fn starts_with_heading_word(s: &str) -> bool {
    let first_word = s.split_whitespace().next().unwrap_or("");
    ["CHAPTER", "Chapter", "BOOK", "Book", "PART", "Part", "EPILOGUE", "Epilogue", "PROLOGUE"].contains(&first_word)
}

fn article_blocks(text: &str, lines: &[Range<usize>]) -> Vec<Block> {
    let items: Vec<Range<usize>> = lines.iter().map(|r| trimmed(text, r)).filter(|r| !r.is_empty()).collect();
    let s = |k: usize| &text[items[k].clone()];
    let mut kinds = vec![BlockKind::Paragraph; items.len()];

    for k in 0..items.len() {
        if CREDIT_LINE.is_match(s(k)) && s(k).chars().count() <= 60 {
            kinds[k] = BlockKind::Caption;
            // The line before a credit is the picture's caption.
            if k > 0 && s(k - 1).chars().count() <= 200 && kinds[k - 1] == BlockKind::Paragraph {
                kinds[k - 1] = BlockKind::Caption;
            }
        } else if CAPTION_SUFFIX.is_match(s(k)) {
            kinds[k] = BlockKind::Caption;
        }
    }

    let is_question =
        |line: &str| (line.starts_with("- ") || line.starts_with("– ") || line.starts_with("— ")) && line.contains('?');
    if (0..items.len()).filter(|&k| is_question(s(k))).count() >= 2 {
        for (k, kind) in kinds.iter_mut().enumerate() {
            if is_question(s(k)) && *kind == BlockKind::Paragraph {
                *kind = BlockKind::Question;
            }
        }
    }

    for k in (0..items.len()).rev() {
        if kinds[k] == BlockKind::Paragraph && looks_like_byline(s(k)) {
            kinds[k] = BlockKind::Byline;
        } else {
            break;
        }
    }

    let first_prose = kinds.iter().position(|k| *k == BlockKind::Paragraph);
    for k in 0..items.len() {
        let between_paragraphs = k > 0
            && Some(k) > first_prose
            && kinds.get(k + 1).is_some_and(|n| matches!(n, BlockKind::Paragraph | BlockKind::Question));
        if kinds[k] == BlockKind::Paragraph && between_paragraphs && looks_like_heading(s(k)) {
            kinds[k] = BlockKind::Heading(2);
        }
    }

    let mut blocks: Vec<Block> = Vec::with_capacity(items.len());
    for (k, (mut range, kind)) in items.into_iter().zip(kinds).enumerate() {
        if kind == BlockKind::Question {
            // The dash is drawn as the question's margin marker instead.
            let dash = text[range.clone()].chars().next().map_or(0, char::len_utf8);
            range.start += dash + 1;
        }
        // A photo credit belongs to the caption above it: one block.
        if kind == BlockKind::Caption
            && CREDIT_LINE.is_match(&text[range.clone()])
            && let Some(caption) = blocks.last_mut().filter(|b| b.kind == BlockKind::Caption)
        {
            caption.range.end = range.end;
            continue;
        }
        blocks.push(Block { kind, range, gap_before: k > 0 });
    }
    blocks
}

fn looks_like_byline(s: &str) -> bool {
    let n = s.chars().count();
    if n > 50 {
        return false;
    }
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters >= 2 && s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let bracketed = s.starts_with('(') && s.ends_with(')');
    all_caps || bracketed || s.starts_with("By ") || s.starts_with("Av ")
}

fn looks_like_heading(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let closing = s.chars().last().is_some_and(|c| ".,;:!?…\"”’)".contains(c));
    let starts_well = s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric());
    (1..=14).contains(&words) && s.chars().count() <= 100 && !closing && starts_well && !s.starts_with("- ")
}

/// Longest first sentence taken whole as a title, in characters.
const HEADLINE_CHARS: usize = 100;

/// A plain text's title from its first paragraph: its first sentence when
/// that reads as a headline, else the sentence's opening words up to
/// about 80 characters and `…` (an article saved without its headline
/// opens with a lead paragraph of 60 words: not a title).
fn headline(paragraph: &str) -> String {
    let sentence = first_sentence(underlined_title(paragraph).unwrap_or(paragraph));
    if sentence.chars().count() <= HEADLINE_CHARS {
        return sentence;
    }
    let mut out = String::new();
    for word in sentence.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > 80 && !out.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '(', '-', '–', '—']).to_owned();
    trimmed + "…"
}

/// The line a paragraph opens with when a rule of `=`, `-`, `~`, `*`,
/// `^` or `#` underlines it (`Git v2.39 Release Notes` over a row of `=`,
/// as in Setext and reStructuredText; an overline above it too): the title
/// is that line, not the line and its rule.
fn underlined_title(paragraph: &str) -> Option<&str> {
    let is_rule = |line: &str| {
        let line = line.trim();
        line.chars()
            .next()
            .is_some_and(|first| "=-~*^#".contains(first) && line.len() >= 3 && line.chars().all(|c| c == first))
    };
    let mut lines = paragraph.lines().skip_while(|l| is_rule(l));
    let title = lines.next()?.trim();
    lines.next().filter(|l| is_rule(l)).map(|_| title).filter(|t| !t.is_empty())
}

/// An IETF RFC's or Internet-Draft's title: the centred line (or lines)
/// after its header of two columns (`Network Working Group` over
/// `Request for Comments: 2616`, the authors and date on the right), as
/// RFCs are laid out. Without it the title was the header run together
/// ("Network Working Group A. Example Request for Comments:…").
fn rfc_title(text: &str) -> Option<String> {
    let head = &text[..text.floor_char_boundary(4096)];
    let mut lines = head.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next()?;
    let opens = [
        "Network Working Group",
        "Internet Engineering Task Force",
        "Internet Research Task Force",
        "INTERNET-DRAFT",
        "Internet-Draft",
    ];
    if !opens.iter().any(|o| first.starts_with(o))
        || !(head.contains("Request for Comments:") || head.contains("Draft"))
    {
        return None;
    }
    // The header runs to the first blank line; the title is the next run
    // of lines, each set in from the margin (centred).
    let mut lines = lines.skip_while(|l| !l.trim().is_empty()).skip_while(|l| l.trim().is_empty());
    let mut title = Vec::new();
    for line in lines.by_ref() {
        if line.trim().is_empty() || !line.starts_with("   ") {
            break;
        }
        title.push(line.trim());
    }
    let title = title.join(" ");
    (!title.is_empty() && title.chars().count() <= 200).then_some(title)
}

/// `s` with runs of white space as one space, trimmed.
fn collapsed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where a Project Gutenberg book's own text is, between the licence
/// header (up to the `*** START OF` line) and footer (from the `*** END OF`
/// line).
struct GutenbergParts {
    header: Range<usize>,
    book: Range<usize>,
    footer: Range<usize>,
}

/// How far into a file the `*** START OF` marker is looked for, and how far
/// from its end the `*** END OF` marker.
const GUTENBERG_MARKER_WINDOW: usize = 64 << 10;

fn gutenberg_parts(text: &str, region: Range<usize>) -> Option<GutenbergParts> {
    let head_end = text.floor_char_boundary((region.start + GUTENBERG_MARKER_WINDOW).min(region.end));
    let start_line =
        lines_in(text, region.start..head_end).find(|r| text[r.clone()].trim_start().starts_with("*** START OF"))?;
    let tail_start = text.floor_char_boundary(region.end.saturating_sub(GUTENBERG_MARKER_WINDOW).max(start_line.end));
    let tail_start =
        memchr::memchr(b'\n', &text.as_bytes()[tail_start..region.end]).map_or(region.end, |i| tail_start + i + 1);
    let end_line = lines_in(text, tail_start..region.end)
        .filter(|r| text[r.clone()].trim_start().starts_with("*** END OF"))
        .last();
    let header = trimmed(text, &(region.start..start_line.end));
    // "End of Project Gutenberg's ..." just before the marker is the
    // footer's first line, not the book's last.
    let end_line = end_line.map(|line| {
        let before = text.floor_char_boundary(line.start.saturating_sub(512).max(start_line.end));
        lines_in(text, before..line.start)
            .filter(|r| !text[r.clone()].trim().is_empty())
            .last()
            .filter(|r| {
                let s = text[r.clone()].trim_start();
                s.starts_with("End of Project Gutenberg") || s.starts_with("End of the Project Gutenberg")
            })
            .map_or(line.clone(), |r| r.start..line.end)
    });
    let (book_end, footer) = match end_line {
        Some(line) => (line.start, trimmed(text, &(line.start..region.end))),
        None => (region.end, region.end..region.end),
    };
    Some(GutenbergParts { header, book: start_line.end..book_end, footer })
}

/// `_italics_` as Project Gutenberg texts mark them: the words between as
/// emphasis, the underscores as markup that is not drawn. An underscore
/// opens after a non-word character and closes before one, within a few
/// lines, never across a blank line. One pass over the underscores.
fn underscore_italics(text: &str, region: Range<usize>) -> Vec<(Range<usize>, super::InlineStyle)> {
    use super::InlineStyle;
    const LONGEST: usize = 400;
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for i in memchr::memchr_iter(b'_', &bytes[region.clone()]).map(|i| region.start + i) {
        let before = (i > region.start).then(|| bytes[i - 1]);
        let after = bytes.get(i + 1).copied().filter(|_| i + 1 < region.end);
        match open {
            Some(o) if i - o > LONGEST || text[o..i].contains("\n\n") || text[o..i].contains("\n\r\n") => {
                open = None;
            }
            _ => {}
        }
        let closes = before.is_some_and(|b| !b.is_ascii_whitespace() && b != b'_')
            && after.is_none_or(|a| !is_word(a) && a != b'_');
        let opens = before.is_none_or(|b| !is_word(b) && b != b'_')
            && after.is_some_and(|a| !a.is_ascii_whitespace() && a != b'_');
        match open {
            Some(o) if closes && i > o + 1 => {
                out.push((o..o + 1, InlineStyle::Markup));
                out.push((o + 1..i, InlineStyle::Emphasis));
                out.push((i..i + 1, InlineStyle::Markup));
                open = None;
            }
            _ if opens => open = Some(i),
            _ => {}
        }
    }
    out
}

/// A Project Gutenberg header's `Title:` line, within the first lines.
fn gutenberg_title(text: &str) -> Option<String> {
    let head = &text[..text.floor_char_boundary(2_000)];
    if !head.contains("Project Gutenberg") {
        return None;
    }
    lines_in(text, 0..text.len())
        .take(300)
        .find_map(|r| GUTENBERG_TITLE.captures(&text[r]))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_owned())
}
