//! The document model: what folio knows about one text, kept apart from any
//! terminal code.
//!
//! A [`Document`] owns its text once. Blocks (paragraphs, headings,
//! captions, ...) are byte ranges into that text, so a 100 MB book costs
//! little more than its bytes, and search, bookmarks and layout all speak in
//! the same offsets. Parsing is pure: [`parse`] takes bytes and a name and
//! never touches the disk.

mod date;
mod decode;
mod epub;
pub mod format;
mod hash;
pub mod highlight;
mod html;
mod markdown;
mod markdown_html;
mod math;
mod plain;
mod reflow;
mod text;
pub mod write_markdown;

use std::ops::Range;

pub use decode::{Decoded, Wide, decode, decode_as, looks_binary, sniff_wide};
pub use hash::content_hash;
pub use html::with_readability_alone;
pub use reflow::Reflow;
pub use text::{first_sentence, sentence_around, word_count, write_table};

/// Bytes of prose given to the language detector: enough to tell Swedish
/// from English reliably, small enough for ten thousand documents.
pub const LANGUAGE_SAMPLE: usize = 600;

/// Average silent reading speed used for the reading-time estimate.
pub const WORDS_PER_MINUTE: usize = 230;

/// What kind of block a range of the text is; each is styled differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A section heading; 1 is the largest.
    Heading(u8),
    /// A photo caption or photo credit.
    Caption,
    /// An interviewer's question.
    Question,
    /// A sign-off or byline at the end of an article.
    Byline,
    /// Preformatted text: lines are kept, never reflowed.
    Code,
    /// A quoted passage.
    Quote,
    /// A list item, with its nesting depth (0 is the outermost).
    ListItem(u8),
    /// A horizontal rule or scene break.
    Rule,
    /// A table laid out as aligned lines (kept, like code).
    Table,
    /// A line of plain text kept as the author broke it (verse, a list
    /// item, an address line), with its indent beyond the text's usual
    /// one: wrapped on its own at word boundaries, later screen lines
    /// hanging two columns deeper.
    Line(u8),
    /// Plain-text lines kept as written (a table, ASCII art, aligned
    /// columns, a contents list with leaders): clipped and scrolled
    /// sideways like code, never wrapped.
    Verbatim,
    /// Lines exactly as in the file (`reflow = "never"`): spacing kept, a
    /// line wider than the column wrapped with a continuation marker.
    Raw,
    /// Text kept but folded out of the reading flow (a Project Gutenberg
    /// licence header or footer): drawn as one line saying what it is, and
    /// not counted in length, reading time or progress.
    Folded,
}

impl BlockKind {
    /// Whether the block's lines and spacing are shown as written (code,
    /// tables, verbatim and raw lines) or its white space is soft and
    /// reflowed (prose).
    #[must_use]
    pub fn keeps_lines(self) -> bool {
        matches!(self, Self::Code | Self::Table | Self::Verbatim | Self::Raw)
    }

    /// Whether a line wider than the column is clipped and scrolled
    /// sideways rather than wrapped.
    #[must_use]
    pub fn clips(self) -> bool {
        matches!(self, Self::Code | Self::Table | Self::Verbatim)
    }

    /// The kind of running text inside `lists` nested lists (the depth
    /// drawn is capped at 8, so a document cannot push text off screen) or
    /// a quote, else a paragraph. Markdown and HTML decide it alike.
    #[must_use]
    pub fn prose(lists: usize, quoted: bool) -> Self {
        if lists > 0 {
            Self::ListItem(u8::try_from(lists - 1).unwrap_or(u8::MAX).min(MAX_LIST_DEPTH))
        } else if quoted {
            Self::Quote
        } else {
            Self::Paragraph
        }
    }

    /// The kind of the line that follows this one after a hard line break
    /// (`<br>`, two trailing spaces): the same, except that a list item's
    /// next line hangs under the item's text, not under its marker.
    #[must_use]
    pub fn after_break(self) -> Self {
        match self {
            Self::ListItem(depth) => Self::Line(2 * depth + 2),
            other => other,
        }
    }

    /// Columns reserved on the left of every line of this block for a
    /// marker or indentation drawn by the reading pane.
    #[must_use]
    pub fn indent(self) -> usize {
        match self {
            Self::Question | Self::Quote | Self::Code => 2,
            Self::ListItem(depth) => 2 * usize::from(depth) + 2,
            Self::Line(indent) => usize::from(indent),
            _ => 0,
        }
    }
}

/// The deepest list level drawn as deeper than the one above it.
const MAX_LIST_DEPTH: u8 = 8;

/// One block: a kind, a range of [`Document::text`], and whether a blank
/// line separates it from the block before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
    pub gap_before: bool,
}

/// Inline emphasis inside a block (Markdown), as a range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineStyle {
    Emphasis,
    Strong,
    Code,
    Link,
    /// Markup characters that are not drawn (`_` around Gutenberg italics).
    Markup,
    /// Set apart from the text and dimmed: a line number of verse.
    Aside,
    /// The backticks around inline code: drawn only where colour cannot
    /// tell code from text (`NO_COLOR`), so it stays distinguishable.
    CodeMark,
}

/// What a token of code is, for its colour (see `highlight.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token {
    Comment,
    String,
    /// Numbers, `true`, `None`, named constants.
    Constant,
    Keyword,
    Operator,
    Type,
    Function,
}

/// Where an article says it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub url: String,
    /// The host without `www.`, e.g. `vietnamplus.vn`.
    pub site: String,
}

impl Source {
    /// Builds a source from a URL, deriving the site name from its host.
    #[must_use]
    pub fn from_url(url: &str) -> Self {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest).rsplit('@').next().unwrap_or(rest);
        let host = host.split(':').next().unwrap_or(host);
        let site = host.strip_prefix("www.").unwrap_or(host).to_lowercase();
        Self { url: url.to_owned(), site }
    }
}

/// A detected language: an ISO 639-3 code and an English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    pub code: &'static str,
    pub name: &'static str,
}

/// How the text was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// One paragraph per line, as web articles are saved.
    Article,
    /// Hard-wrapped plain text, reflowed into paragraphs.
    Wrapped,
    Markdown,
    /// A web page: the article, laid out from its HTML.
    Html,
    /// A book: its chapters in reading order.
    Epub,
}

/// A parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Short name: the file name, or the seed's name.
    pub name: String,
    pub title: String,
    pub source: Option<Source>,
    /// Detected when first asked for (see [`Document::language`]): the
    /// detector costs more than parsing, and a library of ten thousand
    /// documents only ever shows a screenful of languages at a time.
    pub(crate) language: std::sync::OnceLock<Option<Language>>,
    pub date: Option<String>,
    pub format: Format,
    /// The text that blocks index into (for plain text, the file itself).
    pub text: String,
    pub blocks: Vec<Block>,
    /// Inline styles sorted by start offset (Markdown only).
    pub inlines: Vec<(Range<usize>, InlineStyle)>,
    /// Fenced code blocks' info strings (```` ```rust ````), by block
    /// index in order: the language they are coloured as when shown.
    pub code_langs: Vec<(usize, String)>,
    pub word_count: usize,
    /// Problems met while reading, e.g. invalid UTF-8 that was replaced.
    pub notices: Vec<String>,
    /// Where rendered text came from in the file, for formats whose text is
    /// rendered (Markdown): spans sorted by their start in [`Self::text`].
    /// Empty when the text is the file itself.
    pub source_map: Vec<SourceSpan>,
    /// The document's sections, in order: built once, when it is parsed.
    pub outline: Vec<Section>,
    /// Links, sorted by where they are in [`Self::text`].
    pub links: Vec<Link>,
    /// Places links can lead to (`id`s of HTML; `path#id` in a book),
    /// sorted by name, with their offsets in [`Self::text`].
    pub anchors: Vec<(String, usize)>,
}

/// A section of a document: a heading, its level (1 is the largest) and the
/// block it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    pub title: String,
    pub block: usize,
}

/// A link in a document: the text that shows it and where it leads (a URL,
/// a relative path, `#anchor`, or `path#anchor`, as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub range: Range<usize>,
    pub target: String,
    /// A note reference (a footnote's number): following it shows the
    /// note over the text rather than jumping to it.
    pub note: bool,
}

/// Headings in a row of at least this many, with no text between them, are
/// a table of contents, not sections: they stay in the text and out of the
/// outline (Moby Dick lists its 135 chapters before the first one).
const CONTENTS_RUN: usize = 5;

/// The outline made from a document's heading blocks, leaving out runs of
/// headings that are a table of contents. One pass over the blocks.
#[must_use]
pub fn outline_of(text: &str, blocks: &[Block]) -> Vec<Section> {
    let mut outline = Vec::new();
    let mut run: Vec<Section> = Vec::new();
    let flush = |run: &mut Vec<Section>, outline: &mut Vec<Section>| {
        if run.len() < CONTENTS_RUN {
            outline.append(run);
        }
        run.clear();
    };
    for (i, b) in blocks.iter().enumerate() {
        match b.kind {
            BlockKind::Heading(level) => {
                let title = text[b.range.clone()].split_whitespace().collect::<Vec<_>>().join(" ");
                run.push(Section { level, title, block: i });
            }
            // A rule between contents lines does not end the run.
            BlockKind::Rule | BlockKind::Folded => {}
            _ => flush(&mut run, &mut outline),
        }
    }
    flush(&mut run, &mut outline);
    drop_contents_entries(blocks, &mut outline);
    outline
}

/// Leaves out headings that are entries of a table of contents the run
/// rule missed (a contents list broken by a line of text): a heading whose
/// title comes again later, with another heading right after it (`ETYMOLOGY.`
/// in Moby Dick's contents, then as the section itself).
fn drop_contents_entries(blocks: &[Block], outline: &mut Vec<Section>) {
    let mut last_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, s) in outline.iter().enumerate() {
        last_of.insert(s.title.as_str(), i);
    }
    let heading_soon =
        |block: usize| blocks.iter().skip(block + 1).take(2).any(|b| matches!(b.kind, BlockKind::Heading(_)));
    let keep: Vec<bool> = outline
        .iter()
        .enumerate()
        .map(|(i, s)| !(last_of.get(s.title.as_str()).is_some_and(|&last| last > i) && heading_soon(s.block)))
        .collect();
    let mut k = 0;
    outline.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

impl Document {
    /// The section block `block` is in: the last heading at or before it.
    #[must_use]
    pub fn section_at(&self, block: usize) -> Option<usize> {
        self.outline.partition_point(|s| s.block <= block).checked_sub(1)
    }

    /// Where section `index` ends: the next section's block, or the end.
    #[must_use]
    pub fn section_end(&self, index: usize) -> usize {
        self.outline.get(index + 1).map_or(self.blocks.len(), |s| s.block)
    }

    /// The anchor a heading is reached by (`#the-whiteness-of-the-whale`),
    /// as GitHub and most Markdown renderers make it.
    #[must_use]
    pub fn anchor_of(title: &str) -> String {
        let mut out = String::new();
        for c in title.trim().chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                out.push(c);
            } else if c.is_whitespace() {
                out.push('-');
            }
        }
        out
    }

    /// Where an anchor leads: a named place (an HTML `id`, a book's
    /// `path#id`), else a heading by its slug.
    #[must_use]
    pub fn anchor_offset(&self, anchor: &str) -> Option<usize> {
        let name = anchor.strip_prefix('#').unwrap_or(anchor);
        if let Ok(i) = self.anchors.binary_search_by(|(k, _)| k.as_str().cmp(name)) {
            return self.anchors.get(i).map(|(_, at)| *at);
        }
        let section = self.section_by_anchor(name)?;
        self.blocks.get(section.block).map(|b| b.range.start)
    }

    /// The section an anchor names, if any.
    #[must_use]
    pub fn section_by_anchor(&self, anchor: &str) -> Option<&Section> {
        let anchor = anchor.trim_start_matches('#').to_lowercase();
        self.outline.iter().find(|s| Self::anchor_of(&s.title) == anchor)
    }
}

/// A run of rendered text that starts at `rendered` and came from
/// `source` in the file (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpan {
    pub rendered: usize,
    pub source: Range<usize>,
}

impl Document {
    /// The language of the prose, detected on first use.
    pub fn language(&self) -> Option<Language> {
        *self.language.get_or_init(|| detect_language(&self.prose_sample()))
    }

    /// The first [`LANGUAGE_SAMPLE`] bytes of paragraph text: what the
    /// language is told from.
    #[must_use]
    pub fn prose_sample(&self) -> String {
        let mut sample = String::new();
        let prose = |k: BlockKind| {
            matches!(
                k,
                BlockKind::Paragraph
                    | BlockKind::Heading(_)
                    | BlockKind::Question
                    | BlockKind::Quote
                    | BlockKind::Line(_)
                    | BlockKind::Raw
            )
        };
        for b in self.blocks.iter().filter(|b| prose(b.kind)) {
            let room = LANGUAGE_SAMPLE.saturating_sub(sample.len());
            if room == 0 {
                break;
            }
            let s = &self.text[b.range.clone()];
            sample.push_str(&s[..s.floor_char_boundary(room.min(s.len()))]);
            sample.push('\n');
        }
        sample
    }

    /// The reading time for people: `4 min`, `15 h 39 min`.
    #[must_use]
    pub fn reading_time(&self) -> String {
        reading_time(self.word_count)
    }

    /// The text of one block.
    #[must_use]
    pub fn block_text(&self, index: usize) -> &str {
        self.blocks.get(index).map_or("", |b| &self.text[b.range.clone()])
    }

    /// Index of the block containing `offset`, or the nearest block before
    /// it (offsets between blocks belong to the earlier one).
    #[must_use]
    pub fn block_at(&self, offset: usize) -> usize {
        self.blocks.partition_point(|b| b.range.start <= offset).saturating_sub(1)
    }

    /// The byte offset in the file that rendered `offset` came from: the
    /// same offset for plain text, the place in the Markdown source for a
    /// rendered document (within the span that produced it).
    #[must_use]
    pub fn source_offset(&self, offset: usize) -> usize {
        if self.source_map.is_empty() {
            return offset;
        }
        let i = self.source_map.partition_point(|s| s.rendered <= offset).saturating_sub(1);
        let Some(span) = self.source_map.get(i) else { return offset };
        let delta = offset.saturating_sub(span.rendered).min(span.source.len().saturating_sub(1));
        span.source.start + delta
    }

    /// Where the body ends (the last block's last byte), for progress
    /// figures; folded blocks (a licence footer) are not part of it.
    #[must_use]
    pub fn body_len(&self) -> usize {
        let body = self.blocks.iter().rev().find(|b| b.kind != BlockKind::Folded).or(self.blocks.last());
        body.map_or(0, |b| b.range.end)
    }

    /// Where the body starts (the first block's first byte, after a folded
    /// licence header).
    #[must_use]
    pub fn body_start(&self) -> usize {
        let body = self.blocks.iter().find(|b| b.kind != BlockKind::Folded).or(self.blocks.first());
        body.map_or(0, |b| b.range.start)
    }

    /// Whether the body opens with the title itself (a headline that is the
    /// whole first paragraph, or a first heading equal to the title): the
    /// reading pane's header then need not repeat it.
    #[must_use]
    pub fn opens_with_title(&self) -> bool {
        let Some(first) =
            self.blocks.iter().find(|b| !matches!(b.kind, BlockKind::Caption | BlockKind::Rule | BlockKind::Folded))
        else {
            return false;
        };
        matches!(first.kind, BlockKind::Heading(_))
            && self.text[first.range.clone()].split_whitespace().eq(self.title.split_whitespace())
    }

    /// What a folded block stands for, as drawn in its place.
    #[must_use]
    pub fn folded_label(&self, block: &Block) -> String {
        if matches!(self.format, Format::Html | Format::Epub) {
            // A footnote or endnote (see `html.rs`): its first words.
            let text = self.text[block.range.clone()].split_whitespace().collect::<Vec<_>>().join(" ");
            return format!("▸ Note: {}", bounded(&text, 60));
        }
        let lines = self.text[block.range.clone()].lines().count();
        let what = if block.range.start <= self.body_start() { "header" } else { "licence and footer" };
        format!("▸ Project Gutenberg {what}: {lines} lines, folded")
    }
}

/// Why a file could not become a document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("binary file (contains NUL bytes), skipped")]
    Binary,
    /// A book (EPUB) that cannot be read, or would inflate too far.
    #[error("{0}")]
    Book(String),
}

/// The longest title, site, date or section title kept, in characters: a
/// document is untrusted, and a 35 MB `dc:title` once made every bookmark
/// copy it (a 73 MB bookmarks file), the metadata cache 150 MB, and each
/// key 0.4 s (the title is measured every frame).
pub const MAX_METADATA_CHARS: usize = 300;
/// The longest source URL kept (browsers' own practical limit).
const MAX_URL_CHARS: usize = 2_048;

/// `s` cut to at most `max` characters, with `…` when it was cut.
#[must_use]
pub fn bounded(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if s[at..].chars().nth(1).is_some() => std::borrow::Cow::Owned(format!("{}…", &s[..at])),
        _ => std::borrow::Cow::Borrowed(s),
    }
}

/// Cuts every metadata field of a parsed document to its bound.
fn bound_metadata(mut doc: Document) -> Document {
    let cut = |s: &mut String, max: usize| {
        if let std::borrow::Cow::Owned(short) = bounded(s, max) {
            *s = short;
        }
    };
    cut(&mut doc.title, MAX_METADATA_CHARS);
    cut(&mut doc.name, MAX_METADATA_CHARS);
    if let Some(date) = &mut doc.date {
        // Read into `YYYY-MM-DD` when it can be, so it sorts and lines up.
        match date::normalize(date) {
            Some(day) => *date = day,
            None => cut(date, 64),
        }
    }
    if let Some(source) = &mut doc.source {
        cut(&mut source.site, MAX_METADATA_CHARS);
        cut(&mut source.url, MAX_URL_CHARS);
    }
    for section in &mut doc.outline {
        cut(&mut section.title, MAX_METADATA_CHARS);
    }
    doc
}

/// Parses a file's bytes. `name` decides the format by its extension
/// (see [`format::FORMATS`]); a name with none of folio's is plain text.
///
/// # Errors
/// [`ParseError::Binary`] when the bytes are not text.
pub fn parse(name: &str, bytes: Vec<u8>) -> Result<Document, ParseError> {
    if let format::Parser::Bytes(parse) = format::of_name(name).parser {
        return parse(name, &bytes).map(bound_metadata);
    }
    let (text, notice) = decode_for_parse(bytes)?;
    let mut doc = parse_text(name, text);
    doc.notices.splice(0..0, notice);
    Ok(doc)
}

/// The encoding `--encoding` asked for, for every document read. Set once
/// at start-up, before any file is read; loader threads only read it. A
/// process-wide setting rather than an argument threaded through every
/// loader, because it is one: the command line's.
static FORCED_ENCODING: std::sync::OnceLock<&'static encoding_rs::Encoding> = std::sync::OnceLock::new();

/// Reads every document as the encoding named `label` (`latin1`,
/// `windows-1252`, `koi8-r`, `utf-16le`, ...).
///
/// # Errors
/// The label names no encoding (the message lists a few that do).
pub fn force_encoding(label: &str) -> Result<(), String> {
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding {label:?} (for example utf-8, windows-1252, latin1, iso-8859-15, koi8-r, shift_jis, utf-16le)")
    })?;
    let _ = FORCED_ENCODING.set(encoding);
    Ok(())
}

/// The format `--format` forced for standard input.
static FORCED_FORMAT: std::sync::OnceLock<&'static format::FileFormat> = std::sync::OnceLock::new();

/// Reads standard input as `format` (`txt`, `md`, `html`, `epub`) whatever
/// it looks like.
///
/// # Errors
/// The format is not one folio reads.
pub fn force_format(name: &str) -> Result<(), String> {
    let _ = FORCED_FORMAT.set(format::named(name)?);
    Ok(())
}

/// The name a document from standard input is parsed under (`stdin.md`):
/// the format `--format` forced, else the one its first bytes show (see
/// [`format::sniff`]).
#[must_use]
pub fn stdin_name(head: &[u8]) -> String {
    FORCED_FORMAT.get().copied().unwrap_or_else(|| format::sniff(head)).stdin_name()
}

/// The encoding `--encoding` forced, if any.
#[must_use]
pub fn forced_encoding() -> Option<&'static encoding_rs::Encoding> {
    FORCED_ENCODING.get().copied()
}

/// Decodes a file's bytes, with the notice to give about how.
fn decode_for_parse(bytes: Vec<u8>) -> Result<(String, Option<String>), ParseError> {
    match decode_as(bytes, FORCED_ENCODING.get().copied()) {
        Decoded::Binary => Err(ParseError::Binary),
        Decoded::Text { text, lossy, encoding } => {
            let forced = FORCED_ENCODING.get().is_some();
            let notice = match (encoding, lossy) {
                (None, false) => None,
                (None, true) => Some("invalid UTF-8 was replaced with U+FFFD (\u{fffd})".to_owned()),
                (Some(name), false) if forced => Some(format!("read as {name} (--encoding)")),
                (Some(name), false) => {
                    Some(format!("not valid UTF-8: read as {name} (--encoding NAME chooses another)"))
                }
                (Some(name), true) => {
                    Some(format!("read as {name}; bytes that are not {name} were replaced with U+FFFD (\u{fffd})"))
                }
            };
            Ok((text, notice))
        }
    }
}

/// Parses a file's bytes as [`parse`] does, and also hands back the
/// decoded source when the document's text is rendered from it (Markdown),
/// for tools that report places in the file (`folio search`).
///
/// # Errors
/// [`ParseError::Binary`] when the bytes are not text.
pub fn parse_keeping_source(name: &str, bytes: Vec<u8>) -> Result<(Document, Option<String>), ParseError> {
    let Some(mapped) = format::of_name(name).mapped else {
        return Ok((parse(name, bytes)?, None));
    };
    let (text, notice) = decode_for_parse(bytes)?;
    let mut doc = bound_metadata(mapped(name, &text));
    doc.notices.splice(0..0, notice);
    Ok((doc, Some(text)))
}

/// Parses text that is already decoded, as the format `name`'s extension
/// says (a container's text is read as plain text).
#[must_use]
pub fn parse_text(name: &str, text: String) -> Document {
    bound_metadata(match format::of_name(name).parser {
        format::Parser::Text(parse) => parse(name, &text),
        format::Parser::Owned(parse) => parse(name, text),
        format::Parser::Bytes(_) => plain::parse_plain(name, text, reflow()),
    })
}

/// How plain text is reflowed by default: the configuration's `reflow`, or
/// `--no-reflow`. Process-wide, as [`force_encoding`] is, because every
/// loader thread parses with it; set at start and when the configuration
/// is read again.
static REFLOW: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Sets how plain text read from now on is reflowed.
pub fn set_reflow(mode: Reflow) {
    let n = match mode {
        Reflow::Auto => 0,
        Reflow::Never => 1,
        Reflow::Always => 2,
    };
    REFLOW.store(n, std::sync::atomic::Ordering::Relaxed);
}

/// How plain text is reflowed by default (see [`set_reflow`]).
#[must_use]
pub fn reflow() -> Reflow {
    match REFLOW.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Reflow::Never,
        2 => Reflow::Always,
        _ => Reflow::Auto,
    }
}

/// The same plain-text document laid out with another reflow setting (its
/// text, and so every offset into it, unchanged); `None` for a format
/// whose line breaks come from its markup.
#[must_use]
pub fn reflowed(doc: &Document, mode: Reflow) -> Option<Document> {
    if !matches!(doc.format, Format::Article | Format::Wrapped) {
        return None;
    }
    let mut again = bound_metadata(plain::parse_plain(&doc.name, doc.text.clone(), mode));
    again.notices.clone_from(&doc.notices);
    Some(again)
}

/// Estimated reading time of `word_count` words: `7 min`, `2 h 5 min`.
#[must_use]
pub fn reading_time(word_count: usize) -> String {
    let minutes = if word_count == 0 { 0 } else { word_count.div_ceil(WORDS_PER_MINUTE) };
    if minutes < 60 { format!("{minutes} min") } else { format!("{} h {} min", minutes / 60, minutes % 60) }
}

/// Letters of prose below which no language is named: the detector's guess
/// on a sentence or two is often wrong ("First paragraph." is French to
/// it), and no label is better than a wrong one.
const LANGUAGE_MIN_LETTERS: usize = 60;

impl Language {
    /// The language a document declares (`<html lang="ja-JP">`, an EPUB's
    /// `dc:language`), as a BCP 47 tag or an ISO 639 code, when it is one
    /// folio knows; a declaration wins over a guess from the text (a
    /// Japanese book declared `ja` was labelled English).
    #[must_use]
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        // ISO 639-1 and 639-2/B codes for whatlang's languages (639-3).
        const CODES: [(&str, &str); 74] = [
            ("en", "eng"),
            ("es", "spa"),
            ("pt", "por"),
            ("it", "ita"),
            ("fr", "fra"),
            ("fre", "fra"),
            ("de", "deu"),
            ("ger", "deu"),
            ("ru", "rus"),
            ("uk", "ukr"),
            ("pl", "pol"),
            ("cs", "ces"),
            ("cze", "ces"),
            ("sk", "slk"),
            ("slo", "slk"),
            ("sv", "swe"),
            ("da", "dan"),
            ("nb", "nob"),
            ("no", "nob"),
            ("nn", "nob"),
            ("nor", "nob"),
            ("fi", "fin"),
            ("nl", "nld"),
            ("dut", "nld"),
            ("hu", "hun"),
            ("ro", "ron"),
            ("rum", "ron"),
            ("tr", "tur"),
            ("el", "ell"),
            ("gre", "ell"),
            ("bg", "bul"),
            ("sr", "srp"),
            ("hr", "hrv"),
            ("sl", "slv"),
            ("lt", "lit"),
            ("lv", "lav"),
            ("et", "est"),
            ("ja", "jpn"),
            ("zh", "cmn"),
            ("chi", "cmn"),
            ("zho", "cmn"),
            ("ko", "kor"),
            ("ar", "ara"),
            ("he", "heb"),
            ("iw", "heb"),
            ("fa", "pes"),
            ("per", "pes"),
            ("fas", "pes"),
            ("hi", "hin"),
            ("bn", "ben"),
            ("ta", "tam"),
            ("te", "tel"),
            ("mr", "mar"),
            ("ur", "urd"),
            ("th", "tha"),
            ("vi", "vie"),
            ("id", "ind"),
            ("tl", "tgl"),
            ("af", "afr"),
            ("eo", "epo"),
            ("la", "lat"),
            ("ka", "kat"),
            ("geo", "kat"),
            ("hy", "hye"),
            ("arm", "hye"),
            ("az", "aze"),
            ("uz", "uzb"),
            ("be", "bel"),
            ("mk", "mkd"),
            ("yi", "yid"),
            ("ca", "cat"),
            ("cy", "cym"),
            ("wel", "cym"),
            ("ne", "nep"),
        ];
        let code = CODES.iter().find(|(short, _)| *short == primary).map_or(primary.as_str(), |(_, long)| long);
        let lang = whatlang::Lang::from_code(code)?;
        Some(Self { code: lang.code(), name: lang.eng_name() })
    }
}

/// Detects the language of a sample of prose; `None` when the sample is
/// too short or the detector is not confident.
#[must_use]
pub fn detect_language(sample: &str) -> Option<Language> {
    if sample.chars().filter(|c| c.is_alphabetic()).count() < LANGUAGE_MIN_LETTERS {
        return None;
    }
    let lang = if plainly_english(sample) {
        whatlang::Lang::Eng
    } else {
        whatlang::detect(sample).filter(whatlang::Info::is_reliable)?.lang()
    };
    Some(Language { code: lang.code(), name: lang.eng_name() })
}

/// Words common in English prose and rare or absent in every other
/// language the detector knows (not "for", Danish and Norwegian; not "was",
/// Dutch and German; not "in", "is", "on", "an" or "a").
const ENGLISH_WORDS: [&str; 22] = [
    "the", "of", "and", "to", "that", "with", "which", "this", "from", "have", "are", "were", "not", "you", "they",
    "their", "would", "there", "been", "has", "it", "be",
];

/// Whether a sample is English beyond doubt, without the detector: at
/// least twenty words, one in ten of them [`ENGLISH_WORDS`], five of those
/// different and two of them "the", and next to no letter outside ASCII.
/// The detector compares every sample with each Latin-script language's
/// trigrams, about 90 µs a document whatever its length, as much as parsing
/// a Markdown file; most of a library is English, and this says so in a
/// microsecond. Anything else is left to the detector. On the RFCs, the
/// seeds and Moby Dick's chapters it answers for 739 of the 793 English
/// documents, never otherwise than the detector
/// (`documents::parsing::the_english_shortcut_agrees_with_the_detector`).
#[must_use]
pub fn plainly_english(sample: &str) -> bool {
    let (mut words, mut known, mut the, mut distinct) = (0usize, 0usize, 0usize, 0u32);
    let (mut letters, mut foreign) = (0usize, 0usize);
    // One pass: a word is a run of letters and apostrophes; one of five
    // letters or fewer is looked up lower-cased.
    let mut word = [0u8; 5];
    let mut len = 0usize;
    // A word ended: `short`, its lower-cased bytes when it has five
    // letters or fewer.
    let mut end_word = |short: Option<&[u8]>| {
        words += 1;
        if let Some(i) = short.and_then(|word| ENGLISH_WORDS.iter().position(|w| w.as_bytes() == word)) {
            known += 1;
            the += usize::from(i == 0);
            distinct |= 1 << i;
        }
    };
    for c in sample.chars() {
        if c.is_alphabetic() || c == '\'' {
            letters += usize::from(c != '\'');
            foreign += usize::from(!c.is_ascii());
            if let Some(slot) = word.get_mut(len) {
                *slot = if c.is_ascii() { c.to_ascii_lowercase() as u8 } else { 0 };
            }
            len += 1;
        } else if len > 0 {
            end_word(word.get(..len));
            len = 0;
        }
    }
    if len > 0 {
        end_word(word.get(..len));
    }
    words >= 20 && the >= 2 && distinct.count_ones() >= 5 && known * 10 >= words && foreign * 100 <= letters
}

/// Each block's kind and text, for the parsers' tests.
#[cfg(test)]
fn blocks(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks.iter().map(|b| (b.kind, &doc.text[b.range.clone()])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_get_no_language_rather_than_a_wrong_one() {
        assert_eq!(parse_text("t.txt", "First paragraph.".into()).language(), None);
        let english = "The reader opens every document in the library, finds the passage again after the \
                       text changes, and remembers where you left each one.";
        assert_eq!(parse_text("t.txt", english.into()).language().map(|l| l.code), Some("eng"));
    }

    #[test]
    fn the_english_shortcut_leaves_other_languages_to_the_detector() {
        // Each mentions "the" twice and uses the words English shares with it.
        let others = [
            // Dutch, "of" and "is" and "was" its own words.
            "Het boek is van de schrijver of van de uitgever, dat was de vraag. De titel was in het Engels: \
             the Old Man and the Sea, maar de vertaling is beter dan het origineel en het werd een succes.",
            // Danish, with "for", "to", "her", "by".
            "Vi kom til byen for to dage siden, og her er det koldt. Bogen hed the Long Way og the Short Way, \
             og den blev solgt i hele landet for en god pris til alle som ville have den.",
            // Polish without its diacritics, "to" its own word.
            "To jest ksiazka o tym, jak to bylo. Tytul to the Road, a drugi tom to the River; czytelnicy \
             mowia, ze to najlepsza powiesc tego autora i ze warto ja przeczytac jeszcze raz.",
            // German, "was", "in", "die".
            "Was in dem Buch steht, ist nicht neu. Der Titel lautet the Castle oder the Trial, und die \
             Leser wissen nicht, was der Autor damit meinte, als er es in Prag schrieb und liegen liess.",
        ];
        for text in others {
            assert!(!plainly_english(text), "{text}");
        }
        let english = "The reader opens every document in the library that you have kept, finds the passage \
                       again after the text changes, and remembers where you left each one of them: this is \
                       what it is for.";
        assert!(plainly_english(english));
        assert!(!plainly_english("The end of the line."), "too short to tell");
        assert!(!plainly_english(&format!("{english} Åsa och Örjan läser på svenska här ute i skären.")));
    }

    /// A plain text whose first line is underlined (Git's release notes:
    /// `Git v2.39 Release Notes` over a row of `=`) is titled by that line;
    /// the rule stays in the text as written.
    #[test]
    fn an_underlined_first_line_is_the_title_without_its_rule() {
        let notes = "Git v2.39 Release Notes\n=======================\n\nUI, Workflows & Features\n------------------------\n\n * \"git grep\" learned more.\n";
        let doc = parse_text("2.39.0.txt", notes.into());
        assert_eq!(doc.title, "Git v2.39 Release Notes");
        assert!(doc.text.contains("Git v2.39 Release Notes\n======================="), "the rule is kept");
        let overlined = parse_text("t.rst", "=====\nTitle\n=====\n\nText.\n".into());
        assert_eq!(overlined.title, "Title");
    }

    /// An RFC as plain text was titled by its header run together
    /// ("Network Working Group A. Example Request for Comments:…"); its
    /// title is the centred line under the header, on two lines or one.
    #[test]
    fn an_rfc_is_titled_by_its_centred_title() {
        let rfc = include_str!("../../tests/fixtures/as-written/rfc.txt");
        assert_eq!(parse_text("rfc.txt", rfc.into()).title, "The Lantern Transfer Protocol -- LTP/1.0");
        let two = "Internet Engineering Task Force (IETF)                      A. Author\n\
                   Request for Comments: 9110                                  June 2022\n\
                   \n\n                            HTTP Semantics,\n                   \
                   with a second line\n\nAbstract\n\n   The Hypertext Transfer Protocol.\n";
        assert_eq!(parse_text("rfc9110.txt", two.into()).title, "HTTP Semantics, with a second line");
        let prose = "Network Working Group meetings are held in spring.\n\n   Indented text.\n";
        assert_ne!(parse_text("notes.txt", prose.into()).title, "Indented text.", "no RFC header, no RFC title");
    }

    #[test]
    fn declared_languages_are_read() {
        let code = |tag: &str| Language::from_tag(tag).map(|l| l.code);
        assert_eq!(code("ja"), Some("jpn"));
        assert_eq!(code("fr-CA"), Some("fra"));
        assert_eq!(code("zh-Hant-TW"), Some("cmn"));
        assert_eq!(code("swe"), Some("swe"));
        assert_eq!(code("x-klingon"), None);
        assert_eq!(code(""), None);
    }

    #[test]
    fn site_from_url() {
        let s = Source::from_url("https://www.vietnamplus.vn/viet-nam-post1072915.vnp");
        assert_eq!(s.site, "vietnamplus.vn");
        assert_eq!(Source::from_url("http://user@Example.org:8080/x").site, "example.org");
        assert_eq!(Source::from_url("nhandan.vn/abc").site, "nhandan.vn");
    }
}
