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

use super::{
    Block, BlockKind, Document, Format, Source, detect_language, first_sentence, word_count,
};

/// How many bytes of prose are given to the language detector.
const LANGUAGE_SAMPLE: usize = 2_000;
/// How many non-blank lines decide whether a text is hard-wrapped.
const WRAP_SAMPLE_LINES: usize = 5_000;

static RESIDUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(comments?|kommentar(er)?|bình luận|reply|svara)\s*\(\d+\)$")
        .expect("static regex")
});
static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(source|sources|källa|nguồn|kilde|lähde|quelle|fuente|bron)\s*:\s*(\S+)$")
        .expect("static regex")
});
static CAPTION_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((photo|foto|ảnh|bild|image|credit)\s*:[^)]*\)[.\s]*$").expect("static regex")
});
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(photo|foto|ảnh|bild|image|credit)\s*:\s*\S").expect("static regex")
});
static GUTENBERG_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Title:\s+(\S.*)$").expect("static regex"));

/// Parses plain text into a document.
pub(super) fn parse_plain(name: &str, text: String) -> Document {
    let lines = split_lines(&text);
    let line = |i: usize| &text[lines[i].clone()];

    // Page residue and blank lines at the end are not part of the article.
    let mut end = lines.len();
    while end > 0 && (line(end - 1).trim().is_empty() || RESIDUE.is_match(line(end - 1).trim())) {
        end -= 1;
    }
    let source_line = (end.saturating_sub(12)..end)
        .rev()
        .find(|&i| SOURCE.is_match(line(i).trim()));
    let source = source_line.and_then(|i| {
        SOURCE
            .captures(line(i).trim())
            .and_then(|c| c.get(2))
            .map(|m| Source::from_url(m.as_str()))
    });

    let content: Vec<usize> = (0..end).filter(|&i| Some(i) != source_line).collect();
    let (format, blocks) = if is_hard_wrapped(&text, &lines, &content) {
        (Format::Wrapped, wrapped_blocks(&text, &lines, &content))
    } else {
        (Format::Article, article_blocks(&text, &lines, &content))
    };

    let title = gutenberg_title(&text, &lines)
        .or_else(|| {
            blocks
                .iter()
                .find(|b| {
                    !matches!(
                        b.kind,
                        BlockKind::Caption | BlockKind::Byline | BlockKind::Rule
                    )
                })
                .map(|b| first_sentence(&text[b.range.clone()]))
        })
        .unwrap_or_default();
    let language = detect_language(&prose_sample(&text, &blocks));
    let words = blocks
        .iter()
        .map(|b| word_count(&text[b.range.clone()]))
        .sum();

    Document {
        name: name.to_owned(),
        title,
        source,
        language,
        date: None,
        format,
        text,
        blocks,
        inlines: Vec::new(),
        word_count: words,
        notices: Vec::new(),
    }
}

/// Line ranges without their `\n` or `\r\n`.
fn split_lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let end = if nl > start && bytes[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        lines.push(start..end);
        start = nl + 1;
    }
    if start < bytes.len() {
        lines.push(start..bytes.len());
    }
    lines
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
/// the next line, as in a Project Gutenberg book.
fn is_hard_wrapped(text: &str, lines: &[Range<usize>], content: &[usize]) -> bool {
    let mut non_blank = 0usize;
    let mut long = 0usize;
    let mut continued = 0usize;
    for (k, &i) in content.iter().enumerate() {
        let s = &text[lines[i].clone()];
        if is_blank(s) {
            continue;
        }
        non_blank += 1;
        if s.trim_end().chars().count() > 100 {
            long += 1;
        }
        let next_is_text = content
            .get(k + 1)
            .is_some_and(|&j| j == i + 1 && !is_blank(&text[lines[j].clone()]));
        if next_is_text {
            continued += 1;
        }
        if non_blank >= WRAP_SAMPLE_LINES {
            break;
        }
    }
    non_blank >= 3 && long * 50 < non_blank && continued * 10 >= non_blank * 4
}

fn wrapped_blocks(text: &str, lines: &[Range<usize>], content: &[usize]) -> Vec<Block> {
    // Lines much shorter than the usual width end a paragraph even without a
    // blank line after them: contents lists, verse, addresses.
    let mut lengths: Vec<usize> = content
        .iter()
        .map(|&i| text[lines[i].clone()].trim_end().len())
        .filter(|&n| n > 0)
        .take(WRAP_SAMPLE_LINES)
        .collect();
    lengths.sort_unstable();
    let typical = lengths.get(lengths.len() * 9 / 10).copied().unwrap_or(70);
    let short = typical * 6 / 10;

    let mut blocks = Vec::new();
    let mut group: Vec<usize> = Vec::new();
    let flush = |group: &mut Vec<usize>, blocks: &mut Vec<Block>| {
        if group.is_empty() {
            return;
        }
        let single = group.len() == 1;
        let mut start = group[0];
        let mut gap = !blocks.is_empty();
        for (k, &i) in group.iter().enumerate() {
            let last = k + 1 == group.len();
            let this_len = text[lines[i].clone()].trim_end().len();
            if last || this_len < short {
                let range = trimmed(text, &(lines[start].start..lines[i].end));
                let kind = if single {
                    single_line_kind(&text[range.clone()])
                } else {
                    BlockKind::Paragraph
                };
                blocks.push(Block {
                    kind,
                    range,
                    gap_before: gap,
                });
                gap = false;
                if let Some(&next) = group.get(k + 1) {
                    start = next;
                }
            }
        }
        group.clear();
    };
    let mut prev: Option<usize> = None;
    for &i in content {
        let blank = is_blank(&text[lines[i].clone()]);
        let adjacent = prev.is_some_and(|p| p + 1 == i);
        if blank || !adjacent {
            flush(&mut group, &mut blocks);
        }
        if !blank {
            group.push(i);
        }
        prev = Some(i);
    }
    flush(&mut group, &mut blocks);
    blocks
}

/// A paragraph that is a single short line of a hard-wrapped text: a
/// heading (`CHAPTER 1. Loomings.`, `ETYMOLOGY.`), a scene break, or prose.
fn single_line_kind(s: &str) -> BlockKind {
    let s = s.trim();
    if !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '*' | '-' | '_' | '=' | '~' | '#' | ' ' | '.' | '•'))
    {
        return BlockKind::Rule;
    }
    if s.chars().count() > 70 {
        return BlockKind::Paragraph;
    }
    let first_word = s.split_whitespace().next().unwrap_or("");
    let marker = [
        "CHAPTER", "Chapter", "BOOK", "Book", "PART", "Part", "EPILOGUE", "Epilogue", "PROLOGUE",
    ]
    .contains(&first_word);
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    if marker || (letters >= 3 && upper * 10 >= letters * 6) {
        BlockKind::Heading(2)
    } else {
        BlockKind::Paragraph
    }
}

fn article_blocks(text: &str, lines: &[Range<usize>], content: &[usize]) -> Vec<Block> {
    let items: Vec<Range<usize>> = content
        .iter()
        .map(|&i| trimmed(text, &lines[i]))
        .filter(|r| !r.is_empty())
        .collect();
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

    let is_question = |line: &str| {
        (line.starts_with("- ") || line.starts_with("– ") || line.starts_with("— "))
            && line.contains('?')
    };
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
            && kinds
                .get(k + 1)
                .is_some_and(|n| matches!(n, BlockKind::Paragraph | BlockKind::Question));
        if kinds[k] == BlockKind::Paragraph && between_paragraphs && looks_like_heading(s(k)) {
            kinds[k] = BlockKind::Heading(2);
        }
    }

    items
        .into_iter()
        .zip(kinds)
        .enumerate()
        .map(|(k, (mut range, kind))| {
            if kind == BlockKind::Question {
                // The dash is drawn as the question's margin marker instead.
                let dash = text[range.clone()].chars().next().map_or(0, char::len_utf8);
                range.start += dash + 1;
            }
            Block {
                kind,
                range,
                gap_before: k > 0,
            }
        })
        .collect()
}

fn looks_like_byline(s: &str) -> bool {
    let n = s.chars().count();
    if n > 50 {
        return false;
    }
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters >= 2
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    let bracketed = s.starts_with('(') && s.ends_with(')');
    all_caps || bracketed || s.starts_with("By ") || s.starts_with("Av ")
}

fn looks_like_heading(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let closing = s.chars().last().is_some_and(|c| ".,;:!?…\"”’)".contains(c));
    let starts_well = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    (1..=14).contains(&words)
        && s.chars().count() <= 100
        && !closing
        && starts_well
        && !s.starts_with("- ")
}

/// A Project Gutenberg header's `Title:` line, within the first lines.
fn gutenberg_title(text: &str, lines: &[Range<usize>]) -> Option<String> {
    if !text[..text.len().min(2_000)].contains("Project Gutenberg") {
        return None;
    }
    lines
        .iter()
        .take(300)
        .find_map(|r| GUTENBERG_TITLE.captures(&text[r.clone()]))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_owned())
}

fn prose_sample(text: &str, blocks: &[Block]) -> String {
    let mut sample = String::new();
    for b in blocks.iter().filter(|b| b.kind == BlockKind::Paragraph) {
        let s = &text[b.range.clone()];
        let room = LANGUAGE_SAMPLE.saturating_sub(sample.len());
        if room == 0 {
            break;
        }
        let mut cut = s.len().min(room);
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        sample.push_str(&s[..cut]);
        sample.push('\n');
    }
    sample
}
