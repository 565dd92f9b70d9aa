//! Which line breaks of a plain text are the author's and which are the
//! wrapping tool's: the per-block decision behind `reflow = "auto"`.
//!
//! A paragraph hard-wrapped at a fixed width (a Project Gutenberg book) is
//! reflowed to the reading column. Lines whose breaks mean something are
//! kept: tables and rules, ASCII art, aligned columns and key-value lines,
//! dot leaders, code, list items, verse, centred lines. The decision is
//! made per run of lines between blank lines, from the lines themselves
//! and two measures of the whole text (its wrap width and its usual
//! indent), in one pass. `docs/REFLOW.md` gives the rules with examples;
//! in short:
//!
//! - A break is *soft* when the next line's first word would not have fit
//!   on the line (the wrapping tool moved it down): `fmt` and `par` wrap
//!   that way, so a hard-wrapped paragraph's breaks are all soft. A line
//!   that ends well short of the width ends its line on purpose.
//! - A run whose same-indent breaks are mostly not soft is *lines* (verse,
//!   an address, a list): every line is kept, only hanging indents join.
//! - A line indented deeper than the line that started its logical line
//!   continues it (a hanging indent), unless the run indents the first line
//!   of its paragraphs, where a deeper line starts a new one.
//! - Tables, rules, art, aligned columns and leaders are kept verbatim:
//!   clipped and scrolled sideways, never wrapped. Code is kept as code.
//!
//! When a line's meaning cannot be told, it is kept as written.

use std::ops::Range;

use super::plain::lines_in;
use super::{Block, BlockKind};

/// How plain text's line breaks are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reflow {
    /// Reflow hard-wrapped prose, keep every other line (the default).
    #[default]
    Auto,
    /// Show every line as it is in the file, wrapped at the column with a
    /// continuation marker; no two lines are ever joined.
    Never,
    /// Reflow every paragraph of a hard-wrapped text (folio before 0.4).
    Always,
}

impl Reflow {
    /// The setting's name in the configuration file.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Never => "never",
            Self::Always => "always",
        }
    }

    /// Reads a setting's name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "auto" => Some(Self::Auto),
            "never" => Some(Self::Never),
            "always" => Some(Self::Always),
            _ => None,
        }
    }

    /// The next setting in the order the toggle key goes through them.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Auto => Self::Never,
            Self::Never => Self::Always,
            Self::Always => Self::Auto,
        }
    }

    /// What the setting does, for the status line.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Auto => "reflow auto: hard-wrapped prose reflowed, other lines kept",
            Self::Never => "reflow never: every line as in the file",
            Self::Always => "reflow always: every paragraph reflowed",
        }
    }
}

/// The deepest indent (in columns) a kept line is drawn with.
pub(super) const MAX_LINE_INDENT: usize = 24;
/// Wrap widths below this are not trusted to tell a soft break from a hard
/// one (a note of short lines): every line is kept.
const MIN_WRAP_WIDTH: usize = 40;
/// A fenced code block is looked for this many lines ahead at most, so an
/// unclosed fence costs a bounded look, not a rescan.
const FENCE_LOOKAHEAD: usize = 2_000;

/// Two measures of the whole text that the per-line decisions use.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    /// The width the text was wrapped at: nearly every line is at most this
    /// long (the 95th percentile of line lengths).
    pub width: usize,
    /// The usual indent of a line: the most common one.
    pub base: usize,
}

impl Shape {
    /// Measures the first `sample` non-blank lines of `text[region]`.
    pub(super) fn measure(text: &str, lines: impl Iterator<Item = Range<usize>>, sample: usize) -> Self {
        let mut lengths = Vec::new();
        let mut indents = [0usize; 33];
        for r in lines {
            let s = &text[r];
            if s.trim().is_empty() {
                continue;
            }
            let (indent, rest) = indent_of(s);
            lengths.push(indent + columns(rest.trim_end()));
            indents[indent.min(32)] += 1;
            if lengths.len() >= sample {
                break;
            }
        }
        lengths.sort_unstable();
        let width = lengths.get(lengths.len().saturating_sub(1) * 95 / 100).copied().unwrap_or(0);
        let base = indents.iter().enumerate().max_by_key(|(i, n)| (**n, usize::MAX - i)).map_or(0, |(i, _)| i);
        Self { width, base }
    }

    /// How short of the width a line may end and still have had its next
    /// word pushed down by the wrapping tool.
    fn slack(self) -> usize {
        (self.width / 10).max(2)
    }
}

/// What a line looks like on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Text,
    /// Starts with a list marker: `-`, `*`, `•`, `1.`, `a)`.
    Item {
        bullet: bool,
    },
    /// `Key: value`.
    KeyValue,
    /// Kept verbatim: a table row or rule, ASCII art, aligned columns, a
    /// line with a dot leader.
    Verbatim,
    /// Centred in the wrap width.
    Centred,
}

/// One line of the text with what the decisions need to know about it.
#[derive(Debug, Clone)]
struct Line {
    /// Where its text starts (after the indentation).
    start: usize,
    /// Where its text ends (before trailing white space).
    end: usize,
    indent: usize,
    /// Columns up to its last character, indent included.
    length: usize,
    first_word: usize,
    class: Class,
    code: bool,
}

impl Line {
    fn new(text: &str, range: Range<usize>, shape: Shape) -> Self {
        let s = &text[range.clone()];
        let (indent, rest) = indent_of(s);
        let content = rest.trim_end();
        let start = range.start + (s.len() - rest.len());
        let end = start + content.len();
        let length = indent + columns(content);
        let first_word = columns(&content[..content.find([' ', '\t']).unwrap_or(content.len())]);
        let (mut class, code) = if maybe_special(content) {
            let facts = Facts::of(content);
            (classify(content, &facts), looks_like_code(content, &facts))
        } else if memchr::memchr(b':', content.as_bytes()).is_some() && is_key_value(content) {
            (Class::KeyValue, false)
        } else {
            (Class::Text, false)
        };
        if class == Class::Text && is_centred(indent, length, shape) {
            class = Class::Centred;
        }
        Self { start, end, indent, length, first_word, class, code }
    }
}

/// Whether a line could be anything but prose: a quick look (a few vector
/// searches) that rules out nearly every line of a book, so only the rest
/// pay for [`Facts::of`]. It may say yes to prose; never no to a line of
/// another class.
fn maybe_special(content: &str) -> bool {
    let bytes = content.as_bytes();
    let Some(&first) = bytes.first() else { return false };
    // Markers, art and code start with a symbol, a digit, a bracket or a
    // non-ASCII character (a bullet); box drawing is looked for by its
    // first two bytes; `Key: value` is checked apart; `a)` and `a.` are
    // letters followed by their mark; `fn`, `let`, `$` and the like are
    // checked as words.
    let opening = (first.is_ascii() && !first.is_ascii_alphabetic())
        || (!first.is_ascii() && content.starts_with(['•', '·', '‣', '◦', '▪']))
        || content.starts_with(is_box)
        || matches!(bytes.get(1), Some(b')' | b'.'))
        || {
            let word = &content[..content.find(' ').unwrap_or(content.len())];
            matches!(word, "fn" | "def" | "let" | "var" | "const" | "import" | "return")
        };
    opening
        || memchr::memchr3(b'|', b'\t', b'{', bytes).is_some()
        || memchr::memchr3(b'}', b'=', b'#', bytes).is_some()
        || memchr::memchr3(b'/', b'>', b'&', bytes).is_some()
        || memchr::memchr_iter(0xe2, bytes).any(|at| matches!(bytes.get(at + 1), Some(0x94..=0x96)))
        || content.ends_with(';')
        || has_pair(bytes)
}

/// Two bytes in a row that prose rarely has and columns, leaders and art
/// do: three spaces (as two pairs), `..`, `. .`, `--`, `__`, `**`. One
/// pass, no allocation.
fn has_pair(bytes: &[u8]) -> bool {
    let n = bytes.len();
    if n < 2 {
        return false;
    }
    // Whole-slice comparisons with no early exit, so the compiler makes
    // vector code of them: every byte against the next two.
    let pairs = bytes[..n - 1]
        .iter()
        .zip(&bytes[1..])
        .fold(false, |found, (&a, &b)| found | (a == b && matches!(a, b'.' | b'-' | b'_' | b'*' | b':')));
    let triples = n >= 3
        && bytes[..n - 2].iter().zip(&bytes[1..n - 1]).zip(&bytes[2..]).fold(false, |found, ((&a, &b), &c)| {
            found | ((a == b' ') & (b == b' ') & (c == b' ')) | ((a == b'.') & (b == b' ') & (c == b'.'))
        });
    pairs || triples
}

/// Columns of leading white space (a tab to the next multiple of 8) and
/// the rest of the line.
fn indent_of(s: &str) -> (usize, &str) {
    let mut columns = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns = (columns / 8 + 1) * 8,
            _ => return (columns, &s[i..]),
        }
    }
    (columns, "")
}

/// Columns a piece of a line takes: characters, as wrapping tools count.
fn columns(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

fn is_centred(indent: usize, length: usize, shape: Shape) -> bool {
    let right = shape.width.saturating_sub(length);
    indent >= 6 && shape.width >= MIN_WRAP_WIDTH && length + 6 <= shape.width && indent.abs_diff(right) <= 3
}

/// Box drawing and block elements.
fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{259f}').contains(&c)
}

fn classify(content: &str, facts: &Facts) -> Class {
    if content.is_empty() {
        return Class::Text;
    }
    if is_verbatim(content, facts) {
        return Class::Verbatim;
    }
    if let Some(bullet) = list_marker(content) {
        return Class::Item { bullet };
    }
    if facts.colon && is_key_value(content) {
        return Class::KeyValue;
    }
    Class::Text
}

/// What one pass over a line's bytes tells: enough to rule out most
/// classes at once, since nearly every line of a book is plain prose.
#[derive(Debug, Default)]
struct Facts {
    visible: usize,
    /// Drawing characters: `-=_+|*#~/\<>^:.`.
    symbols: usize,
    pipes: usize,
    alphanumeric: usize,
    /// Box-drawing or block characters.
    boxes: usize,
    /// Three or more spaces, or a tab, after text.
    aligned_gap: bool,
    /// Four dots in a row, or `. . . .`: maybe a leader.
    dots: bool,
    colon: bool,
    /// `::`, and `();`: code, not prose.
    colons: bool,
    call: bool,
    /// A byte only code has (`{}=&|#/>`), or `;` at the end.
    code_bytes: bool,
}

/// Byte classes for [`Facts::of`]'s one branchless pass.
const SYMBOL: u8 = 1;
const ALNUM: u8 = 2;
const CODE: u8 = 4;
const PIPE: u8 = 8;
const COLON: u8 = 16;
const DOT: u8 = 32;
const TAB: u8 = 64;
const WIDE: u8 = 128;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'|' => SYMBOL | PIPE | CODE,
            b':' => SYMBOL | COLON,
            b'.' => SYMBOL | DOT,
            b'{' | b'}' | b'&' => CODE,
            b'=' | b'#' | b'/' | b'>' => SYMBOL | CODE,
            b'-' | b'_' | b'+' | b'*' | b'~' | b'\\' | b'<' | b'^' => SYMBOL,
            b'\t' => TAB,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => ALNUM,
            0x80..=0xff => WIDE,
            _ => 0,
        };
        b += 1;
    }
    table
};

impl Facts {
    fn of(content: &str) -> Self {
        let bytes = content.as_bytes();
        // Passes with no branch per byte, which the compiler turns into
        // vector instructions: counts and the classes seen.
        let count = |keep: fn(u8) -> bool| bytes.iter().map(|&b| usize::from(keep(b))).sum::<usize>();
        let seen = bytes.iter().fold(0u8, |seen, &b| seen | BYTE_CLASS[usize::from(b)]);
        let visible = count(|b| b > b' ' && b < 0x80);
        let alphanumeric = count(|b| (b | 0x20).wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10);
        let (symbols, pipes, dots) = if seen & SYMBOL == 0 {
            (0, 0, 0)
        } else {
            let symbols = count(|b| {
                matches!(b, b'|' | b':' | b'.' | b'=' | b'#' | b'/' | b'>' | b'-' | b'_' | b'+' | b'*' | b'~' | b'\\')
                    | (b == b'<')
                    | (b == b'^')
            });
            (symbols, count(|b| b == b'|'), count(|b| b == b'.'))
        };
        let mut f = Self { visible, symbols, pipes, alphanumeric, ..Self::default() };
        let text_start = bytes.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(bytes.len());
        let body = &bytes[text_start..];
        f.aligned_gap = seen & TAB != 0 && body.contains(&b'\t')
            || memchr::memmem::find(body, b"   ").is_some_and(|at| body[at..].iter().any(|&b| b != b' '));
        f.dots = dots >= 4 && (content.contains("....") || content.contains(". . . ."));
        f.colon = seen & COLON != 0;
        f.colons = f.colon && content.contains("::");
        f.call = content.ends_with("();");
        f.code_bytes = seen & CODE != 0 || content.ends_with(';');
        if seen & WIDE != 0 {
            for c in content.chars().filter(|c| !c.is_ascii() && !c.is_whitespace()) {
                f.visible += 1;
                f.boxes += usize::from(is_box(c));
                f.alphanumeric += usize::from(c.is_alphanumeric());
            }
        }
        f
    }
}

/// A table row or rule, ASCII art, aligned columns or a dot leader.
fn is_verbatim(content: &str, f: &Facts) -> bool {
    // Mostly drawing characters, and few letters among them (`V.E._`, the
    // end of a citation, is not art).
    let art = f.visible >= 3 && f.symbols * 10 >= f.visible * 6 && f.alphanumeric * 3 <= f.symbols;
    let table = f.pipes >= 2 || (content.starts_with('|') && f.pipes >= 1) || f.boxes > 0;
    art || table || f.aligned_gap || (f.dots && has_leader(content))
}

/// `Introduction ........ 7` or `Purpose . . . . 7`: a contents line.
fn has_leader(content: &str) -> bool {
    let dots = content.find("....").or_else(|| content.find(". . . ."));
    dots.is_some_and(|at| {
        let tail = content[at..].trim_start_matches(['.', ' ']);
        !tail.is_empty() && tail.len() <= 12 && !tail.contains(' ')
    })
}

/// The list marker a line opens with, if any: `Some(true)` for a bullet,
/// `Some(false)` for a number or letter (which prose can also start with).
fn list_marker(content: &str) -> Option<bool> {
    // Markers are short (`-`, `12.`, `(iv)`): a long first word is none.
    if content.find(' ').is_some_and(|at| at > 6) {
        return None;
    }
    let mut chars = content.chars();
    let first = chars.next()?;
    let second = chars.next();
    let bullets = ['-', '*', '•', '+', '·', '‣', '◦', '▪'];
    if bullets.contains(&first) && second.is_some_and(char::is_whitespace) {
        // `* * *` is a scene break, not a list.
        let text = content[first.len_utf8()..].trim_start();
        return (!text.starts_with(bullets)).then_some(true);
    }
    let word = content.split(char::is_whitespace).next().unwrap_or("");
    if word.len() == content.len() {
        return None;
    }
    let inner = word.strip_prefix('(').and_then(|w| w.strip_suffix(')'));
    let marker = inner.or_else(|| word.strip_suffix('.')).or_else(|| word.strip_suffix(')'))?;
    let number = !marker.is_empty() && marker.len() <= 3 && marker.bytes().all(|b| b.is_ascii_digit());
    let letter = marker.len() == 1 && marker.bytes().all(|b| b.is_ascii_lowercase());
    let roman = (2..=5).contains(&marker.len()) && marker.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'));
    (number || letter || roman).then_some(false)
}

/// `Name: value`: a short label, a colon, then a value.
fn is_key_value(content: &str) -> bool {
    let Some((key, value)) = content.split_once(':') else { return false };
    let starts = key.chars().next().is_some_and(char::is_uppercase);
    let short = (1..=24).contains(&key.chars().count()) && key.split_whitespace().count() <= 3;
    let plain = key.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '\''));
    starts && short && plain && value.starts_with(char::is_whitespace) && !value.trim().is_empty()
}

/// Punctuation and words that prose lines do not have and code lines do.
fn looks_like_code(content: &str, f: &Facts) -> bool {
    const FIRST_WORDS: [&str; 9] = ["fn", "def", "let", "var", "const", "import", "return", "$", "#!"];
    let first = &content[..content.find(' ').unwrap_or(content.len())];
    if !f.code_bytes && !f.colons && !f.call && !FIRST_WORDS.contains(&first) {
        return false;
    }
    const MARKS: [&str; 13] = ["{", "}", "();", "=>", "->", "::", "#include", "//", "==", "!=", "&&", "||", "/>"];
    const STARTS: [&str; 12] =
        ["fn ", "def ", "let ", "var ", "const ", "import ", "return ", "if (", "for (", "while (", "$ ", "#!"];
    MARKS.iter().any(|m| content.contains(m))
        || STARTS.iter().any(|s| content.starts_with(s))
        || (content.ends_with(';') && (content.contains('(') || content.contains(" = ")))
}

/// A fence that opens or closes a code block: three or more backticks or
/// tildes.
fn fence(text: &str, line: &Line) -> Option<(u8, usize)> {
    let s = &text[line.start..line.end];
    let c = *s.as_bytes().first()?;
    if line.indent > 3 || !matches!(c, b'`' | b'~') {
        return None;
    }
    let n = s.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// How a break between two lines was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    /// The next line was wrapped down: join.
    Soft,
    /// The next line is indented deeper: it continues the line (a hanging
    /// indent).
    Hang,
    /// The author broke the line.
    Hard,
}

/// Blocks of a hard-wrapped region, deciding run by run which breaks to
/// keep. `gap_first` says whether a blank line separates the region's
/// first block from what comes before it.
pub(super) fn auto_blocks(
    text: &str,
    region: Range<usize>,
    shape: Shape,
    gap_first: bool,
    is_source: &impl Fn(&Range<usize>) -> bool,
    single_line_kind: impl Fn(&str) -> BlockKind,
) -> Vec<Block> {
    let mut out = Out { blocks: Vec::new(), gap: gap_first };
    let mut run: Vec<Line> = Vec::new();
    // Lines looked at ahead for closing fences, in all: bounded by the
    // number of lines, so no text (say, fences that never close) makes the
    // look-ahead quadratic.
    let mut budget = FENCE_LOOKAHEAD;
    let mut lines = lines_in(text, region.clone());
    while let Some(r) = lines.next() {
        budget += 1;
        let s = &text[r.clone()];
        if is_source(&r) || s.trim().is_empty() {
            decide_run(text, &run, shape, &single_line_kind, &mut out);
            run.clear();
            out.gap = true;
            continue;
        }
        let line = Line::new(text, r, shape);
        if let Some((c, n)) = fence(text, &line) {
            // A fenced code block runs to its closing fence, blank lines and
            // all; a fence that never closes is an ordinary line.
            let mut ahead = lines_in(text, line.end.min(region.end)..region.end).skip(1);
            let mut close = None;
            while budget > 0 {
                budget -= 1;
                let Some(candidate) = ahead.next() else { break };
                let candidate = Line::new(text, candidate, shape);
                if fence(text, &candidate).is_some_and(|(cc, nn)| cc == c && nn >= n)
                    && text[candidate.start..candidate.end].bytes().all(|b| b == c)
                {
                    close = Some(candidate);
                    break;
                }
            }
            if let Some(last) = close {
                decide_run(text, &run, shape, &single_line_kind, &mut out);
                run.clear();
                out.push(BlockKind::Code, line.start..last.end);
                lines = lines_in(text, last.end..region.end);
                // The rest of the closing fence's line (its line end).
                lines.next();
                continue;
            }
        }
        run.push(line);
    }
    decide_run(text, &run, shape, &single_line_kind, &mut out);
    out.blocks
}

/// Blocks as they are made, and whether the next one follows a blank line.
struct Out {
    blocks: Vec<Block>,
    gap: bool,
}

impl Out {
    fn push(&mut self, kind: BlockKind, range: Range<usize>) {
        self.blocks.push(Block { kind, range, gap_before: self.gap });
        self.gap = false;
    }
}

/// The blocks of one run of lines between blank lines.
fn decide_run(text: &str, run: &[Line], shape: Shape, single_line_kind: &impl Fn(&str) -> BlockKind, out: &mut Out) {
    let Some(first) = run.first() else { return };
    let last = &run[run.len() - 1];
    if run.len() == 1 {
        let kind = match (single_line_kind(&text[first.start..first.end]), first.class) {
            (BlockKind::Rule, _) => BlockKind::Rule,
            (_, Class::Verbatim) => BlockKind::Verbatim,
            (_, Class::Centred) => line_kind(first, shape),
            (kind, _) => kind,
        };
        out.push(kind, first.start..first.end);
        return;
    }
    if run.len() == 2
        && super::plain::starts_with_heading_word(&text[first.start..first.end])
        && let kind @ BlockKind::Heading(_) = single_line_kind(&text[first.start..last.end])
    {
        out.push(kind, first.start..last.end);
        return;
    }
    let verbatim = run.iter().filter(|l| l.class == Class::Verbatim).count();
    if verbatim * 2 >= run.len() {
        out.push(BlockKind::Verbatim, first.start..last.end);
        return;
    }
    let code = run.iter().filter(|l| l.code).count();
    let indented = run.iter().all(|l| l.indent >= shape.base + 2);
    if code * 2 >= run.len() && (indented || code * 3 >= run.len() * 2) {
        out.push(BlockKind::Code, first.start..last.end);
        return;
    }
    // Verbatim lines inside the run are kept apart, consecutive ones as one
    // block; the stretches between them are decided on their own.
    let mut from = 0;
    let mut k = 0;
    while k < run.len() {
        if run[k].class != Class::Verbatim {
            k += 1;
            continue;
        }
        decide_stretch(text, &run[from..k], shape, out);
        let mut end = k;
        while run.get(end + 1).is_some_and(|l| l.class == Class::Verbatim) {
            end += 1;
        }
        out.push(BlockKind::Verbatim, run[k].start..run[end].end);
        k = end + 1;
        from = k;
    }
    decide_stretch(text, &run[from..], shape, out);
}

/// A kept line's kind: its indent beyond the text's usual one.
fn line_kind(line: &Line, shape: Shape) -> BlockKind {
    let indent = line.indent.saturating_sub(shape.base).min(MAX_LINE_INDENT);
    BlockKind::Line(u8::try_from(indent).unwrap_or(u8::MAX))
}

/// Decides the breaks of a stretch of lines with no verbatim line in it,
/// and pushes its blocks.
fn decide_stretch(text: &str, lines: &[Line], shape: Shape, out: &mut Out) {
    let Some(first) = lines.first() else { return };
    if lines.len() == 1 {
        let kind = if first.class == Class::Text && first.indent <= shape.base {
            BlockKind::Paragraph
        } else {
            line_kind(first, shape)
        };
        out.push(kind, first.start..first.end);
        return;
    }
    let min_indent = lines.iter().map(|l| l.indent).min().unwrap_or(0);
    // A run that indents its first line and not the next indents the first
    // line of each paragraph: there a deeper line starts a new one.
    let first_line_style = lines.len() > 1 && first.indent > min_indent && lines[1].indent == min_indent;
    let width_known = shape.width >= MIN_WRAP_WIDTH;
    let mut breaks = Vec::with_capacity(lines.len());
    // Counts of breaks between lines at the same indent that were decided
    // by the width alone: soft and hard.
    let (mut soft, mut hard) = (0usize, 0usize);
    let mut start = first;
    let mut in_list = matches!(first.class, Class::Item { .. });
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let pushed_down = a.length + 1 + b.first_word + shape.slack() > shape.width;
        let hyphen = text[a.start..a.end].ends_with('-') && a.length * 2 > shape.width;
        let full = width_known && (pushed_down || hyphen);
        let colon = text[a.start..a.end].ends_with(':');
        let decided = match (a.class, b.class) {
            (Class::Centred, _) | (_, Class::Centred) => Break::Hard,
            (_, Class::Item { bullet }) if bullet || !full || in_list || colon => {
                in_list = true;
                Break::Hard
            }
            (_, Class::KeyValue) if start.class == Class::KeyValue => Break::Hard,
            _ if first_line_style => {
                if b.indent > min_indent {
                    Break::Hard
                } else {
                    count(full, &mut soft, &mut hard)
                }
            }
            _ if b.indent > start.indent => {
                if full {
                    Break::Hang
                } else {
                    Break::Hard
                }
            }
            _ if b.indent < start.indent => Break::Hard,
            _ => count(full, &mut soft, &mut hard),
        };
        if decided == Break::Hard {
            start = b;
        }
        breaks.push(decided);
    }
    // Lines: the author's breaks outnumber the wrapping tool's, or the run
    // reads as verse, so the lines that happen to end near the width are
    // kept too.
    let lines_mode = (hard > 0 && hard >= soft) || is_verse(text, lines, min_indent);
    let mut group_start = 0;
    let mut hung = false;
    for k in 0..lines.len() {
        let joins = breaks.get(k).copied();
        match joins {
            Some(Break::Hang) => hung = true,
            Some(Break::Soft) if !lines_mode => {}
            _ => {
                let head = &lines[group_start];
                let tail = &lines[k];
                let prose = !lines_mode
                    && !hung
                    && matches!(head.class, Class::Text | Class::KeyValue)
                    && (head.indent <= shape.base || first_line_style || k > group_start);
                let kind = if prose { BlockKind::Paragraph } else { line_kind(head, shape) };
                out.push(kind, head.start..tail.end);
                group_start = k + 1;
                hung = false;
            }
        }
    }
}

/// Lines of verse, even long ones: in a run of four or more lines, nearly
/// every line at the run's indent starts with a capital and most end with
/// punctuation. Prose wrapped at a width rarely does both: of the 1 846
/// runs of three or more lines in Moby Dick, one paragraph of dialogue
/// (three lines) would.
fn is_verse(text: &str, lines: &[Line], min_indent: usize) -> bool {
    const VERSE_LINES: usize = 4;
    if lines.len() < VERSE_LINES {
        return false;
    }
    let (mut main, mut capitals, mut stops) = (0usize, 0usize, 0usize);
    let mut last_main: Option<&Line> = None;
    for line in lines.iter().filter(|l| l.indent == min_indent) {
        let s = &text[line.start..line.end];
        if let Some(prev) = last_main {
            let opening = s.trim_start_matches(['"', '“', '‘', '\'', '(', '_', '—', '-']);
            capitals += usize::from(opening.starts_with(char::is_uppercase));
            let before = &text[prev.start..prev.end];
            stops += usize::from(before.ends_with([',', ';', ':', '.', '!', '?', '—', '-', '"', '”', '’', ')']));
        }
        main += 1;
        last_main = Some(line);
    }
    let breaks = main.saturating_sub(1);
    main >= VERSE_LINES && capitals * 10 >= breaks * 9 && stops * 10 >= breaks * 6
}

fn count(full: bool, soft: &mut usize, hard: &mut usize) -> Break {
    if full {
        *soft += 1;
        Break::Soft
    } else {
        *hard += 1;
        Break::Hard
    }
}

/// In a text of one paragraph per line (a saved article): the runs of two
/// or more lines that are a table, art or code, as kept blocks, each with
/// the indices of the lines (of `lines`) it takes. The other lines stay
/// paragraphs.
pub(super) fn kept_runs(text: &str, lines: &[Range<usize>], shape: Shape) -> Vec<(Range<usize>, Block)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        if text[lines[k].clone()].trim().is_empty() {
            k += 1;
            continue;
        }
        let from = k;
        let mut run = Vec::new();
        while k < lines.len() && !text[lines[k].clone()].trim().is_empty() {
            run.push(Line::new(text, lines[k].clone(), shape));
            k += 1;
        }
        if run.len() < 2 {
            continue;
        }
        let verbatim = run.iter().filter(|l| l.class == Class::Verbatim).count();
        let code = run.iter().filter(|l| l.code).count();
        let kind = if verbatim * 2 >= run.len() {
            BlockKind::Verbatim
        } else if code * 3 >= run.len() * 2 {
            BlockKind::Code
        } else {
            continue;
        };
        let range = run[0].start..run[run.len() - 1].end;
        out.push((from..k, Block { kind, range, gap_before: true }));
    }
    out
}

/// Blocks for `reflow = "never"`: each run of lines between blank lines as
/// written, with a second and later blank line kept in the block that
/// follows them.
pub(super) fn raw_blocks(
    text: &str,
    lines: impl Iterator<Item = Range<usize>>,
    gap_first: bool,
    is_source: &impl Fn(&Range<usize>) -> bool,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Range<usize>> = None;
    let mut gap = gap_first;
    let mut blank_from: Option<usize> = None;
    let mut blanks = 0usize;
    for r in lines {
        let blank = is_source(&r) || text[r.clone()].trim().is_empty();
        if blank {
            if let Some(range) = open.take() {
                blocks.push(Block { kind: BlockKind::Raw, range, gap_before: gap });
                gap = true;
            }
            blanks += 1;
            if blanks == 2 {
                blank_from = Some(r.start);
            }
            continue;
        }
        match &mut open {
            Some(range) => range.end = r.end,
            None => {
                let start = if blocks.is_empty() { r.start } else { blank_from.unwrap_or(r.start) };
                open = Some(start..r.end);
            }
        }
        blanks = 0;
        blank_from = None;
    }
    if let Some(range) = open {
        blocks.push(Block { kind: BlockKind::Raw, range, gap_before: gap });
    }
    if let Some(first) = blocks.first_mut() {
        first.gap_before = gap_first;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verbatim(s: &str) -> bool {
        is_verbatim(s, &Facts::of(s))
    }

    fn code(s: &str) -> bool {
        looks_like_code(s, &Facts::of(s))
    }

    #[test]
    fn markers_and_classes() {
        assert_eq!(list_marker("- bread"), Some(true));
        assert_eq!(list_marker("12. Twelve"), Some(false));
        assert_eq!(list_marker("a) first"), Some(false));
        assert_eq!(list_marker("(iv) fourth"), Some(false));
        assert_eq!(list_marker("1851. The year"), None);
        assert_eq!(list_marker("-- dash"), None);
        assert!(is_key_value("Email: alice@example.org"));
        assert!(!is_key_value("the reason was this: not a key and its value"));
        assert!(!is_key_value("valuable oil. No: the reason was this"));
        assert!(Facts::of("Name:    Alice").aligned_gap);
        assert!(!Facts::of("whatsoever.  You may").aligned_gap);
        assert!(Facts::of("Purpose . . . . 7").dots && Facts::of("Intro ....7").dots);
        assert!(!Facts::of("Wait... what. Then.").dots);
        assert!(has_leader("1.1 Purpose ........................ 7"));
        assert!(verbatim("+---------+-------+"));
        assert!(verbatim("| test | old | new |"));
        assert!(!verbatim("The whale, the whale! he cried."));
        assert!(code("fn main() {"));
        assert!(code("println!(\"hello\");"));
        assert!(!code("I loafe and invite my soul;"));
    }
}
