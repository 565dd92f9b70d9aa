//! Markdown, rendered into the same block model as plain text.
//!
//! pulldown-cmark does the parsing; this module lays its events out as a
//! text with blocks over it: headings, paragraphs, list items (with their
//! bullet or number in the text), block quotes, code blocks and tables kept
//! line for line, rules. Emphasis, strong, inline code and links become
//! inline styles; every link's target is numbered (`text[3]`) and listed
//! under "References" at the end, so nothing is hidden in markup. YAML front
//! matter, or the `- Key: value` list that opens a Rust RFC, gives the title
//! and date.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::markdown_html::{self, Inline, Piece, Style};
use super::{Block, BlockKind, Document, Format, InlineStyle, SourceSpan, word_count};

/// Headings too generic to be a document's title.
const GENERIC_HEADINGS: [&str; 8] =
    ["summary", "motivation", "introduction", "abstract", "overview", "contents", "table of contents", "background"];

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    /// Where each row starts in the source.
    row_sources: Vec<Range<usize>>,
    head_rows: usize,
    in_head: bool,
}

#[derive(Default)]
struct Renderer {
    /// The raw HTML block being read (see `markdown_html.rs`).
    html_block: Option<String>,
    /// Inside inline `<sup>`: a number or sign is written raised.
    sup: u8,
    /// Inline elements of raw HTML open (`<b>`, `<i>`, `<a href>`): their
    /// style, where their text starts and a link's target; apart from
    /// Markdown's own styles, so a stray or crossing end tag closes only
    /// its own element or nothing.
    html_open: Vec<(Style, usize, String)>,
    /// The last event was inline HTML that showed nothing: a block's
    /// text starting after it drops the space between them.
    after_hidden_html: bool,
    text: String,
    blocks: Vec<Block>,
    inlines: Vec<(Range<usize>, InlineStyle)>,
    links: Vec<String>,
    /// Every link as shown, with its target (in-document anchors too).
    link_ranges: Vec<super::Link>,
    /// Each link's number (its place in `links` plus one): a hash map, so
    /// 200 000 distinct links cost linear time, not quadratic.
    link_numbers: std::collections::HashMap<String, usize>,
    /// A paragraph was closed: headings after it cannot be the title.
    seen_paragraph: bool,
    /// The open block has text of its own, not only images (a row of
    /// badges above a README's heading is not a paragraph that makes the
    /// heading below it a section rather than the title).
    has_prose: bool,
    /// Images open (their alt text is not the block's own text).
    images: usize,
    /// Where each link of `links` was first met in the source.
    link_sources: Vec<Range<usize>>,
    open: Option<(usize, BlockKind)>,
    /// Ordered lists carry their next number.
    lists: Vec<Option<u64>>,
    /// An item's marker was just written; its first paragraph continues it.
    item_fresh: bool,
    /// The last block closed was a list item of the same list.
    after_item: bool,
    quote_depth: usize,
    styles: Vec<(InlineStyle, usize)>,
    link_starts: Vec<(usize, String, Range<usize>)>,
    table: Option<Table>,
    in_code: bool,
    /// The info string of the fenced code block being read.
    code_info: Option<String>,
    /// Fenced code blocks' info strings, by block.
    code_langs: Vec<(usize, String)>,
    in_metadata: bool,
    metadata: String,
    headings: Vec<String>,
    heading_start: Option<usize>,
    /// The words of the heading being read, as a title: its text and code,
    /// without the `[1]` of a link in it (`# [libcbor](https://…)` is
    /// titled "libcbor").
    heading_words: String,
    /// The heading being read is inside a quote: it is the quoted text's,
    /// not a section of this document, and stays in the quote (bold).
    quoted_heading: bool,
    /// Rendered text to source, one span per event that wrote text (kept
    /// only when `mapping`).
    source_map: Vec<SourceSpan>,
    mapping: bool,
    /// The source range of the event being rendered, shifted past a BOM.
    source: Range<usize>,
    /// A hard line break ended the last block: the next one follows it
    /// with no blank line between.
    continued: bool,
    /// Footnotes: each label's number, in the order first referred to.
    footnotes: std::collections::HashMap<String, usize>,
    /// Named places (`fn-LABEL`: a footnote's text), with their offsets.
    anchors: Vec<(String, usize)>,
}

impl Renderer {
    fn open_block(&mut self, kind: BlockKind) {
        self.close_block();
        self.open = Some((self.text.len(), kind));
        self.has_prose = false;
    }

    fn close_block(&mut self) {
        // A `<sup>` left open ends with its paragraph, and so do `<b>`,
        // `<i>` and `<a>`.
        self.sup = 0;
        while let Some(open) = self.html_open.pop() {
            self.end_html(open);
        }
        let Some((start, kind)) = self.open.take() else { return };
        let end = start + self.text[start..].trim_end().len();
        if end > start || kind == BlockKind::Rule {
            // A list item's line after a hard break is still the item.
            let in_list =
                matches!(kind, BlockKind::ListItem(_)) || (matches!(kind, BlockKind::Line(_)) && self.after_item);
            let gap_before = !(self.blocks.is_empty() || in_list && self.after_item || self.continued);
            self.continued = false;
            self.seen_paragraph |= kind == BlockKind::Paragraph && self.has_prose;
            self.blocks.push(Block { kind, range: start..end, gap_before });
            self.after_item = in_list;
        }
        self.text.truncate(end);
        // Trailing white space was cut: so is any inline style over it (an
        // inline code span of spaces at the end of a paragraph). Styles are
        // pushed when they end, at the text's length then, so their ends
        // never decrease: only the last few can reach past `end`.
        let mut k = self.inlines.len();
        while k > 0 && self.inlines[k - 1].0.end > end {
            k -= 1;
            self.inlines[k].0.end = end;
        }
        let tail: Vec<_> = self.inlines.drain(k..).filter(|(r, _)| r.start < r.end).collect();
        self.inlines.extend(tail);
        while let Some(link) = self.link_ranges.last_mut()
            && link.range.end > end
        {
            link.range.end = end;
            if link.range.start < link.range.end {
                break;
            }
            self.link_ranges.pop();
        }
        self.text.push('\n');
    }

    /// `  ` or `\` at a line's end in prose: the line ends there. The block
    /// is closed and the next goes on right below it (a list item's next
    /// line under its text, not under its bullet).
    fn hard_break(&mut self) {
        if self.in_code || self.table.is_some() || self.heading_start.is_some() {
            self.push_text(if self.in_code { "\n" } else { " " });
            return;
        }
        let Some((_, kind)) = self.open else { return };
        // `<b>` and `<a>` go on over the break, as Markdown's styles do.
        let html_open = std::mem::take(&mut self.html_open);
        self.close_block();
        self.html_open = html_open;
        self.continued = true;
        self.open = Some((self.text.len(), kind.after_break()));
    }

    /// A raw HTML block read whole: what it stands for, or as written
    /// when folio cannot tell (see `markdown_html.rs`).
    fn html_block_read(&mut self, html: &str, source: Range<usize>) {
        match markdown_html::block_events(html) {
            Some(pieces) => {
                for piece in pieces {
                    match piece {
                        Piece::Event(event) => self.event(event, source.clone()),
                        Piece::Anchor(name) => self.anchors.push((name, self.text.len())),
                    }
                }
            }
            None => {
                self.source = source;
                self.start(Tag::HtmlBlock);
                self.push_text(html);
                self.end(TagEnd::HtmlBlock);
            }
        }
    }

    /// A footnote's number: the order its label was first referred to.
    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_owned()).or_insert(next)
    }

    /// `[^label]` in the text: a superscript number, a link to the note
    /// (`o` follows it; Ctrl-O comes back).
    fn footnote_reference(&mut self, label: &str) {
        let n = self.footnote_number(label);
        if self.open.is_none() {
            let kind = self.prose_kind();
            self.open_block(kind);
        }
        let start = self.text.len();
        self.push_text(&superscript(n));
        if self.table.is_none() {
            self.inlines.push((start..self.text.len(), InlineStyle::Link));
            self.link_ranges.push(super::Link {
                range: start..self.text.len(),
                target: format!("#fn-{label}"),
                note: true,
            });
        }
    }

    /// The kind for running text here: a list item, a quote or a paragraph.
    fn prose_kind(&self) -> BlockKind {
        BlockKind::prose(self.lists.len(), self.quote_depth > 0)
    }

    fn push_text(&mut self, s: &str) {
        if let Some(table) = &mut self.table {
            if let Some(cell) = table.rows.last_mut().and_then(|r| r.last_mut()) {
                cell.push_str(s);
            }
            return;
        }
        if self.in_metadata {
            self.metadata.push_str(s);
            return;
        }
        if self.open.is_none() {
            let kind = self.prose_kind();
            self.open_block(kind);
        }
        self.text.push_str(s);
    }

    /// Notes that text written from here on came from the current event's
    /// source range.
    fn map_here(&mut self) {
        if !self.mapping {
            return;
        }
        let rendered = self.text.len();
        let span = SourceSpan { rendered, source: self.source.clone() };
        match self.source_map.last_mut() {
            // Several events start at one rendered offset: the innermost,
            // the last, says best where the text came from.
            Some(last) if last.rendered == rendered => *last = span,
            _ => self.source_map.push(span),
        }
    }

    fn event(&mut self, event: Event<'_>, source: Range<usize>) {
        if let Some(html) = &mut self.html_block {
            match event {
                Event::Html(t) | Event::Text(t) => html.push_str(&t),
                _ => {
                    let html = self.html_block.take().unwrap_or_default();
                    self.html_block_read(&html, source.clone());
                    if !matches!(event, Event::End(TagEnd::HtmlBlock)) {
                        self.event(event, source);
                    }
                }
            }
            return;
        }
        if matches!(event, Event::Start(Tag::HtmlBlock)) {
            self.html_block = Some(String::new());
            return;
        }
        self.source = source;
        if self.table.is_none() && !self.in_metadata {
            self.map_here();
        }
        // Set again below by inline HTML that shows nothing.
        let after_hidden_html = std::mem::take(&mut self.after_hidden_html);
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                self.has_prose |= self.images == 0 && !t.trim().is_empty();
                if self.heading_start.is_some() {
                    self.heading_words.push_str(&t);
                }
                // `<sup>2</sup>`: ² where every character has a raised form.
                let raised: Option<String> =
                    if self.sup > 0 { t.chars().map(super::math::superscript).collect() } else { None };
                let mut t = raised.as_deref().unwrap_or(&t);
                // A block's first text after HTML that showed nothing (an
                // undescribed logo): the space between them is not shown.
                if after_hidden_html && self.open.is_none_or(|(start, _)| start == self.text.len()) {
                    t = t.trim_start();
                }
                self.push_text(t);
            }
            Event::Code(t) => {
                self.has_prose = true;
                if self.heading_start.is_some() {
                    self.heading_words.push_str(&t);
                }
                if self.table.is_some() {
                    self.push_text(&t);
                    return;
                }
                // The backticks stay in the text, marked: drawn without
                // colour only (see `InlineStyle::CodeMark`).
                let tick = self.text.len();
                self.push_text("`");
                self.inlines.push((tick..tick + 1, InlineStyle::CodeMark));
                let start = self.text.len();
                self.push_text(&t);
                self.inlines.push((start..self.text.len(), InlineStyle::Code));
                let end = self.text.len();
                self.push_text("`");
                self.inlines.push((end..end + 1, InlineStyle::CodeMark));
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push_text(&t),
            Event::Html(t) => self.push_text(&t),
            Event::InlineHtml(t) => {
                let inline = markdown_html::inline(&t);
                self.after_hidden_html = matches!(
                    inline,
                    Inline::Nothing
                        | Inline::Anchor(_)
                        | Inline::Open { .. }
                        | Inline::Close(_)
                        | Inline::Superscript(_)
                );
                match inline {
                    Inline::Nothing => {}
                    Inline::Break => self.hard_break(),
                    Inline::Image(alt) => {
                        let source = self.source.clone();
                        for event in markdown_html::image(alt) {
                            self.event(event, source.clone());
                        }
                    }
                    Inline::Anchor(name) => self.anchors.push((name, self.text.len())),
                    // In a table a cell is its text alone.
                    Inline::Open { .. } | Inline::Close(_) if self.table.is_some() => {}
                    Inline::Open { style, href, anchor } => {
                        self.anchors.extend(anchor.map(|name| (name, self.text.len())));
                        if self.html_open.len() < markdown_html::MAX_OPEN {
                            self.html_open.push((style, self.text.len(), href));
                        }
                    }
                    Inline::Close(style) => {
                        if let Some(at) = self.html_open.iter().rposition(|(open, ..)| *open == style) {
                            let open = self.html_open.remove(at);
                            self.end_html(open);
                        }
                    }
                    Inline::Superscript(true) => self.sup = self.sup.saturating_add(1),
                    Inline::Superscript(false) => self.sup = self.sup.saturating_sub(1),
                    Inline::AsWritten => self.push_text(&t),
                }
            }
            Event::SoftBreak if self.in_code => self.push_text("\n"),
            // Not at the start of a block: after HTML that shows nothing
            // (`<span id="x"></span>` on a line of its own) the text starts
            // on the next line without a space.
            Event::SoftBreak => {
                if self.table.is_some()
                    || self.in_metadata
                    || self.open.is_some_and(|(start, _)| start < self.text.len())
                {
                    self.push_text(" ");
                }
            }
            Event::HardBreak => self.hard_break(),
            Event::Rule => {
                self.open_block(BlockKind::Rule);
                self.text.push_str("* * *");
                self.close_block();
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                if !self.item_fresh {
                    let kind = self.prose_kind();
                    self.open_block(kind);
                }
                self.item_fresh = false;
            }
            Tag::Heading { .. } if self.quote_depth > 0 => {
                let kind = self.prose_kind();
                self.open_block(kind);
                self.quoted_heading = true;
                self.heading_start = Some(self.text.len());
                self.styles.push((InlineStyle::Strong, self.text.len()));
            }
            Tag::Heading { level, .. } => {
                self.open_block(BlockKind::Heading(heading_level(level)));
                self.heading_start = Some(self.text.len());
            }
            Tag::BlockQuote(_) => {
                self.close_block();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(kind) => {
                self.open_block(BlockKind::Code);
                self.in_code = true;
                self.code_info = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) if !info.is_empty() => Some(info.to_string()),
                    _ => None,
                };
            }
            Tag::HtmlBlock => {
                self.open_block(BlockKind::Code);
                self.in_code = true;
            }
            Tag::List(first) => {
                self.close_block();
                self.lists.push(first);
            }
            Tag::Item => {
                self.close_block();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_owned(),
                };
                let kind = self.prose_kind();
                self.open_block(kind);
                self.text.push_str(&marker);
                self.item_fresh = true;
            }
            Tag::Table(_) => {
                self.close_block();
                self.table = Some(Table::default());
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                    t.rows.push(Vec::new());
                    t.row_sources.push(self.source.clone());
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                    t.row_sources.push(self.source.clone());
                }
            }
            Tag::TableCell => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(String::new());
                }
            }
            Tag::Emphasis | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {
                self.styles.push((InlineStyle::Emphasis, self.text.len()));
            }
            Tag::Strong => self.styles.push((InlineStyle::Strong, self.text.len())),
            Tag::Link { dest_url, .. } => {
                if self.open.is_none() && self.table.is_none() {
                    let kind = self.prose_kind();
                    self.open_block(kind);
                }
                self.link_starts.push((self.text.len(), dest_url.into_string(), self.source.clone()));
            }
            Tag::Image { .. } => {
                self.images += 1;
                self.push_text("[image: ");
            }
            Tag::MetadataBlock(MetadataBlockKind::YamlStyle | MetadataBlockKind::PlusesStyle) => {
                self.in_metadata = true;
            }
            Tag::FootnoteDefinition(label) => {
                let n = self.footnote_number(&label);
                self.open_block(BlockKind::ListItem(0));
                self.anchors.push((format!("fn-{label}"), self.text.len()));
                self.text.push_str(&format!("{} ", superscript(n)));
                self.item_fresh = true;
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                let kind = self.prose_kind();
                self.open_block(kind);
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::FootnoteDefinition => self.close_block(),
            TagEnd::Heading(_) if std::mem::take(&mut self.quoted_heading) => {
                self.heading_start = None;
                self.heading_words.clear();
                if let Some((style, start)) = self.styles.pop()
                    && self.text.len() > start
                {
                    self.inlines.push((start..self.text.len(), style));
                }
                self.close_block();
            }
            TagEnd::Heading(_) => {
                let words = std::mem::take(&mut self.heading_words);
                // Only headings before any paragraph can be a title.
                if self.heading_start.take().is_some() && !self.seen_paragraph {
                    self.headings.push(words.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                self.close_block();
            }
            TagEnd::BlockQuote(_) => {
                self.close_block();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                self.in_code = false;
                let info = self.code_info.take();
                let before = self.blocks.len();
                self.close_block();
                // The language is kept with the block; it is coloured when
                // shown (see `highlight.rs`).
                if let Some(info) = info.filter(|_| self.blocks.len() > before) {
                    self.code_langs.push((before, super::bounded(&info, 64).into_owned()));
                }
            }
            TagEnd::List(_) => {
                self.close_block();
                self.lists.pop();
                self.after_item = false;
            }
            TagEnd::Item => {
                self.item_fresh = false;
                self.close_block();
            }
            TagEnd::Table => self.finish_table(),
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                    t.head_rows = t.rows.len();
                }
            }
            TagEnd::TableRow | TagEnd::TableCell => {}
            TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript | TagEnd::Strong => {
                if let Some((style, start)) = self.styles.pop()
                    && self.text.len() > start
                {
                    self.inlines.push((start..self.text.len(), style));
                }
            }
            TagEnd::Link => {
                let Some((start, url, source)) = self.link_starts.pop() else { return };
                if self.table.is_none() {
                    self.end_link(start, url, source);
                }
            }
            TagEnd::Image => {
                self.images = self.images.saturating_sub(1);
                self.push_text("]");
            }
            TagEnd::MetadataBlock(_) => self.in_metadata = false,
            TagEnd::DefinitionList | TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                self.close_block();
            }
        }
    }

    /// A link ends: its text is styled and goes to `url`, whose number
    /// follows it unless it is the text itself or a place in this same
    /// document (`source`: where it was met, for the list of links).
    fn end_link(&mut self, start: usize, url: String, source: Range<usize>) {
        let shown = self.text[start..].to_owned();
        if self.text.len() > start {
            self.inlines.push((start..self.text.len(), InlineStyle::Link));
            if !url.is_empty() {
                self.link_ranges.push(super::Link { range: start..self.text.len(), target: url.clone(), note: false });
            }
        }
        // The target is shown unless it is the text itself or a
        // place in this same document.
        if !url.is_empty() && !url.starts_with('#') && shown != url && shown.trim_start_matches("mailto:") != url {
            let n = match self.link_numbers.get(&url) {
                Some(&n) => n,
                None => {
                    self.links.push(url.clone());
                    self.link_sources.push(source);
                    self.link_numbers.insert(url, self.links.len());
                    self.links.len()
                }
            };
            self.text.push_str(&format!("[{n}]"));
        }
    }

    /// An inline element of raw HTML ends (`</b>`, `</i>`, `</a>`): its
    /// text gets its style, as Markdown's own would.
    fn end_html(&mut self, (style, start, url): (Style, usize, String)) {
        match style {
            Style::Strong | Style::Emphasis if self.text.len() > start => {
                let style = if style == Style::Strong { InlineStyle::Strong } else { InlineStyle::Emphasis };
                self.inlines.push((start..self.text.len(), style));
            }
            Style::Strong | Style::Emphasis => {}
            // A link around nothing shown (an undescribed logo) says
            // nothing, as in an HTML page.
            // (Its start may be past the text cut at a line break.)
            Style::Link if self.text.get(start..).is_none_or(|t| t.trim().is_empty()) => {}
            Style::Link => self.end_link(start, url, self.source.clone()),
        }
    }

    /// Lays a table out as aligned lines: cells padded to their column's
    /// width, separated by `│`, the header underlined.
    fn finish_table(&mut self) {
        let Some(table) = self.table.take() else { return };
        self.open_block(BlockKind::Table);
        let rows = super::write_table(&mut self.text, &table.rows, table.head_rows);
        // Each row of the table comes from its own line of the source.
        for (i, rendered) in rows {
            if let Some(source) = table.row_sources.get(i)
                && self.mapping
            {
                self.source_map.push(SourceSpan { rendered, source: source.clone() });
            }
        }
        self.close_block();
    }
}

/// `n` in superscript digits: `¹`, `¹²`.
pub(super) fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string().bytes().map(|d| DIGITS[usize::from(d - b'0')]).collect()
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `key: value` from YAML front matter or an opening `- Key: value` list.
fn metadata_value(lines: &str, keys: &[&str]) -> Option<String> {
    lines.lines().find_map(|line| {
        let line = line.trim().trim_start_matches("- ").trim_start_matches("* ");
        let (key, value) = line.split_once(':')?;
        let value = value.trim().trim_matches(['"', '\'']).trim();
        let placeholder =
            value.is_empty() || value.starts_with('(') || value.eq_ignore_ascii_case("n/a") || value == "none";
        (keys.iter().any(|k| key.trim().eq_ignore_ascii_case(k)) && !placeholder).then(|| value.to_owned())
    })
}

/// A YAML front matter's double-quoted value, as the string it is (YAML's
/// double-quoted scalars escape as JSON's do): literal text, not Markdown,
/// so a saved title `"Notes *on* whales"` reads back with its stars.
fn quoted_value(lines: &str, key: &str) -> Option<String> {
    lines.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        let v = v.trim();
        (k.trim().eq_ignore_ascii_case(key) && v.starts_with('"'))
            .then(|| serde_json::from_str::<String>(v).ok())
            .flatten()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    })
}

/// A front-matter value written in Markdown, as text: code spans and
/// emphasis rendered (`` `cfg_version` and `cfg_accessible` ``), footnote
/// references (`[^note]`) dropped, and a closing parenthesis that opens
/// nothing left out (an RFC writes `` `inherit-default-features`) ``).
/// Only inline Markdown: a value that would open a block (`# Tags`,
/// `1. Introduction`, `- x`) is kept as it is written.
fn value_text(value: &str) -> String {
    let mut events = Parser::new(value).peekable();
    let text = if matches!(events.peek(), Some(Event::Start(Tag::Paragraph))) {
        let mut text = String::new();
        for event in events {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
        }
        text
    } else {
        value.to_owned()
    };
    let mut kept = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("[^") {
        let Some(end) = rest[at..].find(']') else { break };
        kept.push_str(&rest[..at]);
        rest = &rest[at + end + 1..];
    }
    kept.push_str(rest);
    let kept = kept.trim();
    match kept.strip_suffix(')') {
        Some(open) if !open.contains('(') => open.trim_end().to_owned(),
        _ => kept.to_owned(),
    }
}

/// A file name as a title: `0001-private-fields.md` as `0001 private fields`.
fn title_from_name(name: &str) -> String {
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.strip_suffix(".markdown").or_else(|| stem.strip_suffix(".md")).unwrap_or(stem);
    stem.replace(['-', '_'], " ")
}

/// Parser events with their source ranges, set aside to render later.
type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Renders Markdown into a document.
pub(super) fn parse_markdown(name: &str, source: &str) -> Document {
    parse_markdown_mapped(name, source, false)
}

/// Renders Markdown, keeping the map from rendered text to source when
/// `map` is set (a span per parser event: worth it for `folio search`,
/// which reports lines of the file, but not for every document of a
/// library kept in memory).
pub(super) fn parse_markdown_mapped(name: &str, source: &str, map: bool) -> Document {
    let bom = if source.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let source = &source[bom..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut r = Renderer { mapping: map, ..Renderer::default() };
    // Footnotes' texts are gathered at the end, under "Notes", in the
    // order of their numbers; the text reads on past their markers.
    let mut notes: Vec<(usize, Events<'_>)> = Vec::new();
    let mut note: Option<Events<'_>> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let range = range.start + bom..range.end + bom;
        if let Event::Start(Tag::FootnoteDefinition(label)) = &event {
            depth += 1;
            if depth == 1 {
                let n = r.footnote_number(label);
                notes.push((n, Vec::new()));
                note = Some(Vec::new());
            }
        }
        let ends = matches!(event, Event::End(TagEnd::FootnoteDefinition));
        match &mut note {
            Some(events) => events.push((event, range)),
            None => r.event(event, range),
        }
        if ends {
            depth = depth.saturating_sub(1);
            if depth == 0
                && let (Some(events), Some(last)) = (note.take(), notes.last_mut())
            {
                last.1 = events;
            }
        }
    }
    r.close_block();
    if !notes.is_empty() {
        notes.sort_by_key(|(n, _)| *n);
        r.open_block(BlockKind::Heading(2));
        r.text.push_str("Notes");
        r.close_block();
        for (_, events) in notes {
            for (event, range) in events {
                r.event(event, range);
            }
            r.close_block();
        }
    }
    if !r.links.is_empty() {
        r.open_block(BlockKind::Heading(2));
        r.text.push_str("References");
        r.close_block();
        r.after_item = false;
        let sources = std::mem::take(&mut r.link_sources);
        for (i, url) in std::mem::take(&mut r.links).iter().enumerate() {
            r.open_block(BlockKind::ListItem(0));
            // The reference comes from where the link was first written.
            if let Some(source) = sources.get(i) {
                r.source = source.clone();
                r.map_here();
            }
            r.text.push_str(&format!("[{}] ", i + 1));
            let at = r.text.len();
            r.text.push_str(url);
            r.link_ranges.push(super::Link { range: at..r.text.len(), target: url.clone(), note: false });
            r.close_block();
        }
    }

    // Front matter: YAML, or the `- Key: value` list an RFC opens with.
    let opening_list: String =
        source.lines().take_while(|l| l.trim_start().starts_with("- ")).collect::<Vec<_>>().join("\n");
    let meta = format!("{}\n{opening_list}", r.metadata);
    // The first heading names the document, unless it is a section name
    // every document has (`Summary`: an RFC's first heading); a later
    // heading is a section, never the title.
    let heading = r.headings.first().filter(|h| !GENERIC_HEADINGS.contains(&h.to_lowercase().as_str())).cloned();
    let value =
        |lines: &str, keys: &[&str]| metadata_value(lines, keys).map(|v| value_text(&v)).filter(|t| !t.is_empty());
    // No title is better than a placeholder: `Feature Name: N/A`.
    let named = |v: &String| !matches!(v.to_lowercase().trim(), "n/a" | "na" | "none" | "not applicable" | "-" | "tbd");
    let title = quoted_value(&r.metadata, "title")
        .or_else(|| value(&r.metadata, &["title"]))
        .or(heading)
        .or_else(|| value(&meta, &["feature name", "feature-name"]).filter(named))
        .unwrap_or_else(|| title_from_name(name));
    let date = value(&meta, &["date", "start date", "start-date", "published"]);
    // An article saved from the web says where it is from.
    let source = metadata_value(&r.metadata, &["url"]).filter(|u| crate::web::is_url(u.trim())).map(|url| {
        let mut source = super::Source::from_url(url.trim());
        if let Some(site) = quoted_value(&r.metadata, "site").or_else(|| value(&r.metadata, &["site"])) {
            source.site = site;
        }
        source
    });
    let words = r.blocks.iter().map(|b| word_count(&r.text[b.range.clone()])).sum();
    r.inlines.sort_by_key(|(range, _)| range.start);
    r.link_ranges.sort_by_key(|l| l.range.start);
    let outline = super::outline_of(&r.text, &r.blocks);
    Document {
        name: name.to_owned(),
        title,
        source,
        language: std::sync::OnceLock::new(),
        date,
        format: Format::Markdown,
        text: r.text,
        blocks: r.blocks,
        inlines: r.inlines,
        code_langs: r.code_langs,
        word_count: words,
        notices: Vec::new(),
        source_map: r.source_map,
        outline,
        links: r.link_ranges,
        anchors: {
            let mut anchors = r.anchors;
            anchors.sort();
            anchors.dedup_by(|a, b| a.0 == b.0);
            anchors
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::document::blocks;

    #[test]
    fn headings_paragraphs_lists_quotes() {
        let doc = parse_markdown(
            "t.md",
            "# Title here\n\nSome *soft* and **strong** text.\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n> more\n",
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Heading(1), "Title here"),
                (BlockKind::Paragraph, "Some soft and strong text."),
                (BlockKind::ListItem(0), "• one"),
                (BlockKind::ListItem(0), "• two"),
                (BlockKind::ListItem(1), "• nested"),
                (BlockKind::ListItem(0), "1. first"),
                (BlockKind::ListItem(0), "2. second"),
                (BlockKind::Quote, "quoted more"),
            ]
        );
        assert_eq!(doc.title, "Title here");
        let styled: Vec<(&str, InlineStyle)> = doc.inlines.iter().map(|(r, s)| (&doc.text[r.clone()], *s)).collect();
        assert_eq!(styled, [("soft", InlineStyle::Emphasis), ("strong", InlineStyle::Strong)]);
        assert!(!doc.blocks[3].gap_before, "items of one list are not spaced apart");
    }

    /// A heading quoted (`> # Title`) is the quoted text's: it stays in
    /// the quote, bold, and is neither a section of the document nor its
    /// title (a history of closing notes showed them unquoted, each in the
    /// outline).
    /// A README that opens with a row of badges (images in links) is
    /// titled by the heading under them, not by its file name.
    #[test]
    fn badges_above_the_heading_leave_it_the_title() {
        let readme = "[![Build status](https://example.org/badge.svg)](https://example.org/ci)\n\n\
                      Git - fast, scalable, distributed revision control system\n\
                      =========================================================\n\nGit is a fast system.\n";
        assert_eq!(
            parse_markdown("README.md", readme).title,
            "Git - fast, scalable, distributed revision control system"
        );
        let linked =
            "# [libcbor](https://github.com/PJK/libcbor)\n\n[![Build](https://x.org/b.svg)](https://x.org)\n\nText.\n";
        assert_eq!(parse_markdown("README.md", linked).title, "libcbor", "no link number in a title");
        let prose_first = "Some words come first.\n\n# A heading later\n";
        assert_ne!(
            parse_markdown("notes.md", prose_first).title,
            "A heading later",
            "a paragraph of text still counts"
        );
    }

    /// A README's HTML reads as GitHub shows it: its `<h1>` is the title,
    /// wrappers, comments and tags around text are not shown, `<br>`
    /// breaks the line, an `id` is a place to go to, a table of text is a
    /// table; HTML folio cannot tell the meaning of (a list in a table's
    /// cell) stays as written.
    #[test]
    fn a_readme_s_html_reads_as_published() {
        let readme = concat!(
            "<!-- markdownlint-disable -->\n",
            "<h1 align=\"center\"><img width=\"440\" src=\"docs/logo.png\" /></h1>\n\n",
            "<div align=\"center\">\n  <h1><code>compact_str</code></h1>\n",
            "  <p><strong>A memory efficient string type.</strong></p>\n",
            "  <a href=\"https://crates.io/crates/x\"><img alt=\"version on crates.io\" src=\"v.svg\"/></a>\n",
            "</div>\n\n",
            "<details>\n<summary>Table of Contents</summary>\n\n- [Usage](#usage)\n\n</details>\n\n",
            "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop.<br>Then `Vec<T>` and Vec<T> stay.<sup>2</sup> <sup>a</sup>\n\n",
            "<span id=\"orphan\"></span>\nThe orphan rule.\n\n",
            "<table><tr><th>Name</th><th>What</th></tr><tr><td>bon</td><td>builders</td></tr></table>\n\n",
            "<table><tr><td><ul><li>a list in a cell</li></ul></td></tr></table>\n",
        );
        let doc = parse_markdown("README.md", readme);
        assert_eq!(doc.title, "compact_str");
        let text = &doc.text;
        for shown in [
            "A memory efficient string type.",
            "[image: version on crates.io][1]",
            "Table of Contents",
            "Press Ctrl+C to stop.",
            "Then `Vec<T>` and Vec<T> stay.² a",
            "<table><tr><td><ul><li>a list in a cell</li></ul></td></tr></table>",
        ] {
            assert!(text.contains(shown), "{shown:?} in {text:?}");
        }
        for hidden in ["markdownlint", "<div", "</details>", "<summary>", "<kbd>", "<br>", "<span"] {
            assert!(!text.contains(hidden), "{hidden:?} in {text:?}");
        }
        let tables: Vec<&str> =
            doc.blocks.iter().filter(|b| b.kind == BlockKind::Table).map(|b| &text[b.range.clone()]).collect();
        assert_eq!(tables.len(), 1, "{tables:?}");
        let rows: Vec<Vec<&str>> = tables[0].lines().map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(rows.first(), Some(&vec!["Name", "│", "What"]), "{rows:?}");
        assert_eq!(rows.last(), Some(&vec!["bon", "│", "builders"]), "{rows:?}");
        let orphan = doc.anchors.iter().find(|(name, _)| name == "orphan").map(|&(_, at)| at);
        assert_eq!(orphan.and_then(|at| text.get(at..at + 16)), Some("The orphan rule."));
    }

    /// `<a href>`, `<b>` and `<i>` in a Markdown paragraph style their
    /// text and link it as Markdown's own would; an end tag that closes
    /// nothing, or another element's, changes nothing; what is left open
    /// ends with its paragraph.
    #[test]
    fn inline_html_links_and_styles_as_published() {
        let doc = parse_markdown(
            "README.md",
            concat!(
                "See <a href=\"https://docs.rs/x\">the docs</a>, <b>bold</b> and <em>it</em>.\n",
                "A stray </b> and <i>crossing <b>tags</i> end</b> well.\n\n",
                "<b>Over<br>the break</b>, <a href=\"https://x.org\">a link <br></a>\n\n",
                "<strong>Left open.\n\nNot bold.\n",
            ),
        );
        let styled: Vec<(&str, InlineStyle)> = doc.inlines.iter().map(|(r, s)| (&doc.text[r.clone()], *s)).collect();
        for want in [
            ("the docs", InlineStyle::Link),
            ("bold", InlineStyle::Strong),
            ("it", InlineStyle::Emphasis),
            ("crossing tags", InlineStyle::Emphasis),
            ("tags end", InlineStyle::Strong),
            ("Left open.", InlineStyle::Strong),
            ("Over\nthe break", InlineStyle::Strong),
        ] {
            assert!(styled.contains(&want), "{want:?} in {styled:?}");
        }
        assert!(!styled.iter().any(|(t, _)| t.contains("Not bold")), "{styled:?}");
        assert!(doc.text.contains("See the docs[1], bold and it."), "{}", doc.text);
        assert!(doc.text.contains("A stray  and crossing tags end well."), "{}", doc.text);
        let links: Vec<(&str, &str)> =
            doc.links.iter().map(|l| (&doc.text[l.range.clone()], l.target.as_str())).collect();
        assert_eq!(links.first(), Some(&("the docs", "https://docs.rs/x")), "{links:?}");
        let numbered = |to: &str| links.iter().filter(|(_, t)| *t == to).count();
        assert_eq!(numbered("https://docs.rs/x"), 2, "linked, then listed at the end: {links:?}");
        assert_eq!(numbered("https://x.org"), 2, "a link broken over a line still links: {links:?}");
        // Hostile runs: 100 000 unclosed `<b>` (at most 32 kept open), then
        // 100 000 end tags that close nothing, in one paragraph.
        let hostile = "x<b>".repeat(100_000) + &"</i>".repeat(100_000);
        let doc = parse_markdown("t.md", &hostile);
        assert_eq!(doc.inlines.iter().filter(|(_, s)| *s == InlineStyle::Strong).count(), 32);
        let logo = parse_markdown("t.md", "<a href=\"https://x.org\"><img src=\"logo.png\"></a> Text.\n");
        assert!(logo.text.starts_with("Text.") && logo.links.is_empty(), "{:?}", logo.text);
        // An `<a>` with no address only names a place.
        let named = parse_markdown("t.md", "Go <a name=\"here\">here</a> now.\n");
        assert!(named.links.is_empty() && named.anchors.iter().any(|(n, _)| n == "here"));
    }

    #[test]
    fn headings_in_quotes_stay_quoted() {
        let doc = parse_markdown("t.md", "# Notes\n\n> # Their title\n>\n> Their text.\n\nOurs again.\n");
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Heading(1), "Notes"),
                (BlockKind::Quote, "Their title"),
                (BlockKind::Quote, "Their text."),
                (BlockKind::Paragraph, "Ours again."),
            ]
        );
        assert_eq!(doc.outline.len(), 1, "one section: the document's own");
        let styled: Vec<(&str, InlineStyle)> = doc.inlines.iter().map(|(r, s)| (&doc.text[r.clone()], *s)).collect();
        assert_eq!(styled, [("Their title", InlineStyle::Strong)]);
        let quoted_first = parse_markdown("q.md", "> ## Quoted heading\n>\n> And its paragraph, quoted too.\n");
        assert_ne!(quoted_first.title, "Quoted heading", "a quote's heading is not the document's title");
    }

    #[test]
    fn code_blocks_keep_their_lines() {
        let doc =
            parse_markdown("t.md", "Text\n\n```rust\nfn main() {\n    let x = 1;\n}\n```\n\n    indented\n    code\n");
        assert_eq!(
            blocks(&doc)[1..],
            [(BlockKind::Code, "fn main() {\n    let x = 1;\n}"), (BlockKind::Code, "indented\ncode")]
        );
    }

    #[test]
    fn links_are_numbered_and_listed_at_the_end() {
        let doc = parse_markdown(
            "t.md",
            "See [the RFC](https://example.org/rfc) and [it again](https://example.org/rfc), <https://x.org>, [here](#summary).\n",
        );
        assert_eq!(blocks(&doc)[0].1, "See the RFC[1] and it again[1], https://x.org, here.");
        assert_eq!(
            blocks(&doc)[1..],
            [(BlockKind::Heading(2), "References"), (BlockKind::ListItem(0), "[1] https://example.org/rfc")]
        );
    }

    #[test]
    fn tables_are_aligned() {
        let doc = parse_markdown("t.md", "| Name | Size |\n|---|---|\n| a | 10 |\n| longer | 2 |\n");
        assert_eq!(blocks(&doc), [(BlockKind::Table, "Name   │ Size\n───────┼─────\na      │ 10\nlonger │ 2")]);
    }

    #[test]
    fn front_matter_gives_title_and_date() {
        let yaml = parse_markdown("x.md", "---\ntitle: \"A Post\"\ndate: 2024-05-01\n---\n\n# Summary\n\nBody.\n");
        assert_eq!((yaml.title.as_str(), yaml.date.as_deref()), ("A Post", Some("2024-05-01")));
        assert!(!yaml.text.contains("title:"), "front matter is not body text");
        let rfc = parse_markdown(
            "0001-private-fields.md",
            "- Start Date: 2014-03-11\n- RFC PR: [rust-lang/rfcs#1](https://github.com/rust-lang/rfcs/pull/1)\n\n## Summary\n\nThis is an RFC.\n",
        );
        assert_eq!(rfc.date.as_deref(), Some("2014-03-11"));
        // Issue 18: named from its file, not from its first sentence.
        assert_eq!(rfc.title, "0001 private fields");
        let na = parse_markdown(
            "0002-rfc-process.md",
            "- Feature Name: N/A\n\n## Summary\n\nText.\n\n## Detailed design\n\nMore.\n",
        );
        assert_eq!(na.title, "0002 rfc process", "not N/A, not a later section");
        let named = parse_markdown(
            "3014-x.md",
            "- Feature Name: `must_not_suspend_lint`\n- Start Date: 2020-11-09\n\n## Summary\n\nText.\n",
        );
        assert_eq!(named.title, "must_not_suspend_lint");
        // The value is Markdown: its marks are not part of the title.
        for (line, title) in [
            ("`async_closure`[^rework][^plural]", "async_closure"),
            ("`#[target_feature]` 1.1", "#[target_feature] 1.1"),
            ("`cfg_version` and `cfg_accessible`", "cfg_version and cfg_accessible"),
            ("`inherit-default-features`)", "inherit-default-features"),
            ("Assert Not Equals Macro (`assert_ne`)", "Assert Not Equals Macro (assert_ne)"),
            // Not a heading or a list: the value is text on one line.
            ("# of threads", "# of threads"),
            ("1. Introduction", "1. Introduction"),
        ] {
            let doc = parse_markdown("x.md", &format!("- Feature Name: {line}\n- Start Date: 2020-11-09\n\nText.\n"));
            assert_eq!(doc.title, title, "{line}");
        }
    }
}
