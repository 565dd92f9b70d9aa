//! Raw HTML in Markdown, shown as GitHub and other renderers publish it.
//!
//! A README wraps its header in `<div align="center">`, folds its table of
//! contents in `<details><summary>…`, titles itself with `<h1
//! align="center">`, puts a logo in `<img alt="…">`, breaks lines with
//! `<br>`, names keys with `<kbd>` and leaves notes to itself in
//! `<!-- comments -->`. None of that markup is the author's text: a
//! renderer shows the heading, the paragraphs, the image's description and
//! the keys, and hides the comments. So does folio, by turning such HTML
//! into the Markdown events it stands for (read with folio's HTML
//! tokenizer: one pass, no recursion, no tree). HTML it cannot tell the
//! meaning of (a form, a script, an element it does not know, a table
//! with blocks in its cells or a table in a table, a `Vec<T>` written in
//! prose) is kept as the author wrote it. A table of text, links and
//! images is a table, laid out as Markdown's own are.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::html::{Flow, attributes, tokens, useful_alt};
use html5ever::tokenizer::{TagKind, Token};

/// Elements that only group blocks: their edges end a paragraph.
const CONTAINERS: &[&str] = &[
    "div",
    "center",
    "details",
    "summary",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "p",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "address",
    "hgroup",
];

/// Inline elements whose tags are dropped and whose text is kept.
const PLAIN: &[&str] = &[
    "span", "sup", "sub", "small", "big", "kbd", "code", "samp", "tt", "var", "abbr", "u", "ins", "del", "s", "mark",
    "font", "picture", "source", "cite", "q", "time", "dfn", "bdi", "bdo", "wbr", "nobr",
];

/// Inline elements open at once, at most: past this a start tag is only
/// its text's (an end tag looks through the open ones, so hostile nesting
/// stays linear).
pub(super) const MAX_OPEN: usize = 32;

/// What one tag of Markdown's raw HTML is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Container,
    Heading(HeadingLevel),
    Plain,
    Strong,
    Emphasis,
    Link,
    Image,
    Break,
    Rule,
    Pre,
    Table,
    /// `<thead>` (true), `<tbody>`, `<tfoot>`.
    TableSection(bool),
    Row,
    /// `<th>` (true) or `<td>`.
    Cell(bool),
}

fn kind(name: &str) -> Option<Kind> {
    Some(match name {
        "h1" => Kind::Heading(HeadingLevel::H1),
        "h2" => Kind::Heading(HeadingLevel::H2),
        "h3" => Kind::Heading(HeadingLevel::H3),
        "h4" => Kind::Heading(HeadingLevel::H4),
        "h5" => Kind::Heading(HeadingLevel::H5),
        "h6" => Kind::Heading(HeadingLevel::H6),
        "b" | "strong" => Kind::Strong,
        "i" | "em" => Kind::Emphasis,
        "a" => Kind::Link,
        "img" => Kind::Image,
        "br" => Kind::Break,
        "hr" => Kind::Rule,
        "pre" => Kind::Pre,
        "table" => Kind::Table,
        "thead" => Kind::TableSection(true),
        "tbody" | "tfoot" => Kind::TableSection(false),
        "tr" => Kind::Row,
        "th" => Kind::Cell(true),
        "td" => Kind::Cell(false),
        name if CONTAINERS.contains(&name) => Kind::Container,
        name if PLAIN.contains(&name) => Kind::Plain,
        _ => return None,
    })
}

/// A piece of what an HTML block stands for.
#[derive(Debug)]
pub(super) enum Piece {
    Event(Event<'static>),
    /// A place an `id` (or an `<a name>`) names, here in the text: a link
    /// to `#name` goes to it.
    Anchor(String),
}

/// An HTML block of a Markdown document as the events it stands for;
/// `None` when it holds anything folio cannot tell the meaning of (it is
/// then shown as written).
pub(super) fn block_events(html: &str) -> Option<Vec<Piece>> {
    let mut out = Blocks::default();
    let mut known = true;
    tokens(html, |token| {
        if out.token(token) {
            Flow::Go
        } else {
            known = false;
            Flow::Stop
        }
    });
    if known { out.finish() } else { None }
}

/// What a piece of inline HTML (one tag, as Markdown hands it over) comes
/// to in running text.
#[derive(Debug, PartialEq)]
pub(super) enum Inline {
    /// Nothing shown: a comment, or the tag of an element whose text is
    /// shown as it is (`<kbd>`, `<span>`, `<a>` with no address…).
    Nothing,
    /// A line break.
    Break,
    /// An image, by its description.
    Image(String),
    /// `<sup>` (true) or `</sup>`: a note's number or an exponent follows.
    Superscript(bool),
    /// The start of an element whose text is shown as it is, naming a
    /// place (`<a id="…">`, `<span id="…">`).
    Anchor(String),
    /// The start of `<b>`/`<strong>`, `<i>`/`<em>` or `<a href>`: its
    /// text takes the style (a link goes to `href`); it may name a place.
    Open { style: Style, href: String, anchor: Option<String> },
    /// The end of one.
    Close(Style),
    /// Something else: shown as written.
    AsWritten,
}

/// What an inline element of raw HTML gives its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Strong,
    Emphasis,
    Link,
}

/// Reads one piece of inline HTML.
pub(super) fn inline(html: &str) -> Inline {
    let mut found = Vec::new();
    tokens(html, |token| {
        found.push(match token {
            Token::CommentToken(_) | Token::EOFToken | Token::ParseError(_) => return Flow::Go,
            Token::TagToken(tag) => match kind(&tag.name) {
                Some(Kind::Break) if tag.kind == TagKind::StartTag => Inline::Break,
                Some(Kind::Image) => match alt(tag) {
                    Some(alt) => Inline::Image(alt),
                    None => Inline::Nothing,
                },
                Some(Kind::Plain) if &*tag.name == "sup" => Inline::Superscript(tag.kind == TagKind::StartTag),
                Some(kind @ (Kind::Strong | Kind::Emphasis | Kind::Link)) => styled(kind, tag),
                Some(Kind::Plain) => match anchor(tag) {
                    Some(name) if tag.kind == TagKind::StartTag => Inline::Anchor(name),
                    _ => Inline::Nothing,
                },
                _ => Inline::AsWritten,
            },
            _ => Inline::AsWritten,
        });
        Flow::Go
    });
    match found.len() {
        0 => Inline::Nothing,
        1 => found.pop().unwrap_or(Inline::AsWritten),
        _ => Inline::AsWritten,
    }
}

/// A `<b>`, `<i>` or `<a>` tag in running text: an `<a>` with no `href`
/// only names a place.
fn styled(kind: Kind, tag: &html5ever::tokenizer::Tag) -> Inline {
    let style = match kind {
        Kind::Strong => Style::Strong,
        Kind::Emphasis => Style::Emphasis,
        _ => Style::Link,
    };
    if tag.kind == TagKind::EndTag {
        return Inline::Close(style);
    }
    let href = attributes(tag).into_iter().find(|(name, _)| name == "href").map(|(_, href)| href);
    let href = href.map(|h| super::bounded(h.trim(), 4096).into_owned()).filter(|h| !h.is_empty());
    match (style, href) {
        (Style::Link, None) => anchor(tag).map_or(Inline::Nothing, Inline::Anchor),
        (Style::Link, Some(href)) => Inline::Open { style, href, anchor: anchor(tag) },
        (style, _) => Inline::Open { style, href: String::new(), anchor: anchor(tag) },
    }
}

/// An image's description, when it says something.
fn alt(tag: &html5ever::tokenizer::Tag) -> Option<String> {
    attributes(tag).into_iter().find(|(name, _)| name == "alt").map(|(_, alt)| alt).filter(|alt| useful_alt(alt))
}

/// The place a start tag names: its `id`, or an `<a>`'s `name`.
fn anchor(tag: &html5ever::tokenizer::Tag) -> Option<String> {
    let names = attributes(tag);
    let id = names.iter().find(|(name, _)| name == "id" || (name == "name" && &*tag.name == "a"));
    id.map(|(_, id)| super::bounded(id.trim(), 256).into_owned()).filter(|id| !id.is_empty())
}

/// The events of an image described by `alt`.
pub(super) fn image(alt: String) -> [Event<'static>; 3] {
    let start = Tag::Image {
        link_type: LinkType::Inline,
        dest_url: CowStr::from(""),
        title: CowStr::from(""),
        id: CowStr::from(""),
    };
    [Event::Start(start), text(alt), Event::End(TagEnd::Image)]
}

fn text(s: String) -> Event<'static> {
    Event::Text(CowStr::from(s))
}

/// The events an HTML block is being turned into.
#[derive(Default)]
struct Blocks {
    events: Vec<Piece>,
    /// A paragraph is open.
    paragraph: bool,
    /// A heading is open, at this level.
    heading: Option<HeadingLevel>,
    /// Where the paragraph or heading open starts in `events`.
    block_at: Option<usize>,
    /// Inside `<pre>`: text is kept as it is.
    pre: bool,
    /// Inline elements open (their names and ends), closed with the block.
    open: Vec<(String, TagEnd)>,
    /// Text not yet handed on.
    pending: String,
    /// White space was met since the last thing written.
    space: bool,
    /// The paragraph or heading open has something in it (a space before
    /// the next thing is owed only then).
    content: bool,
    /// Inside `<table>`: what of it is open.
    table: Option<HtmlTable>,
    /// Met something that cannot be said in Markdown's terms (a block in a
    /// table's cell, a table in a table): the block stays as written.
    refused: bool,
}

/// A table being read.
#[derive(Default)]
struct HtmlTable {
    /// Inside `<thead>`.
    head: bool,
    /// Rows ended so far.
    rows: usize,
    /// The row open, once its first cell came: a head row or a body row.
    row: Option<TagEnd>,
    /// A cell is open.
    cell: bool,
}

impl Blocks {
    fn emit(&mut self, event: Event<'static>) {
        self.events.push(Piece::Event(event));
    }

    /// Takes one token; false when it is one folio cannot tell the
    /// meaning of.
    fn token(&mut self, token: &Token) -> bool {
        match token {
            Token::TagToken(tag) => {
                let Some(kind) = kind(&tag.name) else { return false };
                if self.table.is_some()
                    || matches!(kind, Kind::Table | Kind::TableSection(_) | Kind::Row | Kind::Cell(_))
                {
                    self.in_table(kind, tag);
                    return !self.refused;
                }
                self.tag(kind, tag);
                true
            }
            Token::CharacterTokens(chars) => {
                // Text in a table but in no cell has no place.
                if self.table.as_ref().is_some_and(|t| !t.cell) && !chars.trim().is_empty() {
                    return false;
                }
                self.characters(chars);
                true
            }
            Token::CommentToken(_) | Token::NullCharacterToken | Token::EOFToken | Token::ParseError(_) => true,
            Token::DoctypeToken(_) => false,
        }
    }

    /// A tag of a known element outside a table, or inline in a cell:
    /// started (with the place it names) or ended.
    fn tag(&mut self, kind: Kind, tag: &html5ever::tokenizer::Tag) {
        if tag.kind == TagKind::StartTag {
            self.start(kind, tag);
            if let Some(name) = anchor(tag) {
                self.flush();
                self.events.push(Piece::Anchor(name));
            }
        } else {
            self.end(kind, &tag.name);
        }
    }

    fn characters(&mut self, chars: &str) {
        if self.pre {
            self.pending.push_str(chars);
            return;
        }
        for word in chars.split_inclusive(char::is_whitespace) {
            let trimmed = word.trim_end_matches(char::is_whitespace);
            if !trimmed.is_empty() {
                self.inline_place();
                if self.space && self.content {
                    self.pending.push(' ');
                }
                self.pending.push_str(trimmed);
                (self.space, self.content) = (false, true);
            }
            if trimmed.len() < word.len() {
                self.space = true;
            }
        }
    }

    /// Something inline is about to be written: a paragraph for it, the
    /// text before it handed on, and the space owed before it.
    fn before_inline(&mut self) {
        self.inline_place();
        if self.space && self.content {
            self.pending.push(' ');
        }
        self.flush();
        self.space = false;
    }

    /// Opens a paragraph for running text unless one (or a heading) is.
    fn inline_place(&mut self) {
        if self.table.is_none() && !self.paragraph && self.heading.is_none() && !self.pre {
            self.block_at = Some(self.events.len());
            self.emit(Event::Start(Tag::Paragraph));
            (self.paragraph, self.space, self.content) = (true, false, false);
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            self.emit(text(pending));
        }
    }

    /// Ends the paragraph or heading open, with the inline elements in it.
    fn close_block(&mut self) {
        self.flush();
        while let Some((_, end)) = self.open.pop() {
            self.emit(Event::End(end));
        }
        // A block with nothing to show (a logo without a description, in a
        // link or not) is no block: an empty `<h1>` above a README's real
        // heading would take its place as the title. Its places stay.
        if let Some(at) = self.block_at.take() {
            let shown = self.events[at..]
                .iter()
                .any(|p| matches!(p, Piece::Event(Event::Text(_) | Event::Start(Tag::Image { .. }))));
            if !shown {
                let places: Vec<Piece> = self.events.drain(at..).filter(|p| matches!(p, Piece::Anchor(_))).collect();
                self.events.extend(places);
                (self.heading, self.paragraph) = (None, false);
            }
        }
        if let Some(level) = self.heading.take() {
            self.emit(Event::End(TagEnd::Heading(level)));
        }
        if std::mem::take(&mut self.paragraph) {
            self.emit(Event::End(TagEnd::Paragraph));
        }
        (self.space, self.content) = (false, false);
    }

    fn start(&mut self, kind: Kind, tag: &html5ever::tokenizer::Tag) {
        match kind {
            Kind::Container => self.close_block(),
            Kind::Heading(level) => {
                self.close_block();
                self.block_at = Some(self.events.len());
                self.emit(Event::Start(Tag::Heading { level, id: None, classes: Vec::new(), attrs: Vec::new() }));
                self.heading = Some(level);
                (self.space, self.content) = (false, false);
            }
            Kind::Plain => {}
            Kind::Strong | Kind::Emphasis | Kind::Link if self.open.len() >= MAX_OPEN => {}
            Kind::Strong | Kind::Emphasis | Kind::Link => {
                let href = attributes(tag).into_iter().find(|(name, _)| name == "href").map(|(_, href)| href);
                let (start, end) = match kind {
                    Kind::Strong => (Tag::Strong, TagEnd::Strong),
                    Kind::Emphasis => (Tag::Emphasis, TagEnd::Emphasis),
                    _ => match href {
                        Some(href) => (
                            Tag::Link {
                                link_type: LinkType::Inline,
                                dest_url: CowStr::from(href),
                                title: CowStr::from(""),
                                id: CowStr::from(""),
                            },
                            TagEnd::Link,
                        ),
                        // An anchor without an address is only a name.
                        None => return,
                    },
                };
                self.before_inline();
                self.emit(Event::Start(start));
                self.open.push((tag.name.to_string(), end));
            }
            Kind::Image => {
                let Some(alt) = alt(tag) else { return };
                self.before_inline();
                self.content = true;
                for event in image(alt) {
                    self.emit(event);
                }
            }
            Kind::Break if self.paragraph || self.heading.is_some() => {
                self.flush();
                self.emit(Event::HardBreak);
                (self.space, self.content) = (false, false);
            }
            Kind::Break => {}
            // Read by `in_table`.
            Kind::Table | Kind::TableSection(_) | Kind::Row | Kind::Cell(_) => {}
            Kind::Rule => {
                self.close_block();
                self.emit(Event::Rule);
            }
            Kind::Pre => {
                self.close_block();
                self.emit(Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Indented)));
                self.pre = true;
            }
        }
    }

    fn end(&mut self, kind: Kind, name: &str) {
        match kind {
            Kind::Container => self.close_block(),
            Kind::Heading(_) if self.heading.is_some() => self.close_block(),
            Kind::Strong | Kind::Emphasis | Kind::Link => {
                // Closes it and what was opened inside it; an end with no
                // start is nothing.
                if let Some(at) = self.open.iter().rposition(|(open, _)| open == name) {
                    self.flush();
                    let closed: Vec<_> = self.open.drain(at..).rev().collect();
                    for (_, end) in closed {
                        self.emit(Event::End(end));
                    }
                }
            }
            Kind::Pre if self.pre => {
                // The newline after `<pre>` is not the text's, as in HTML.
                let code = std::mem::take(&mut self.pending);
                let code = code.strip_prefix('\n').unwrap_or(&code).trim_end_matches('\n');
                self.emit(text(format!("{code}\n")));
                self.emit(Event::End(TagEnd::CodeBlock));
                self.pre = false;
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Option<Vec<Piece>> {
        if self.pre {
            self.end(Kind::Pre, "pre");
        }
        // A table left open goes on in Markdown after a blank line (cells
        // of Markdown in an HTML table): the HTML is shown as written.
        if self.table.is_some() {
            return None;
        }
        self.close_block();
        Some(self.events)
    }

    /// A tag met in a table, or one that starts or belongs to one: a
    /// cell's text, links and images are the cell's; a block in a cell or
    /// a table in a table cannot be a Markdown table's and is refused.
    fn in_table(&mut self, kind: Kind, tag: &html5ever::tokenizer::Tag) {
        let start = tag.kind == TagKind::StartTag;
        let Some(table) = &self.table else {
            if start && kind == Kind::Table {
                self.close_block();
                self.emit(Event::Start(Tag::Table(Vec::new())));
                self.table = Some(HtmlTable::default());
            } else {
                self.refused = true;
            }
            return;
        };
        let (in_cell, in_head, rows) = (table.cell, table.head, table.rows);
        match (kind, start) {
            (Kind::Table, true) => self.refused = true,
            (Kind::Table, false) => {
                self.end_row();
                self.emit(Event::End(TagEnd::Table));
                self.table = None;
            }
            (Kind::TableSection(head), true) => {
                self.end_row();
                if let Some(t) = &mut self.table {
                    t.head = head;
                }
            }
            (Kind::TableSection(_), false) | (Kind::Row, _) => self.end_row(),
            (Kind::Cell(th), true) => {
                self.end_cell();
                if let Some(t) = self.table.as_mut().filter(|t| t.row.is_none()) {
                    // The head: `<thead>`'s rows, or a first row of `<th>`.
                    let head = in_head || (rows == 0 && th);
                    let (open, end) =
                        if head { (Tag::TableHead, TagEnd::TableHead) } else { (Tag::TableRow, TagEnd::TableRow) };
                    t.row = Some(end);
                    self.emit(Event::Start(open));
                }
                self.emit(Event::Start(Tag::TableCell));
                if let Some(t) = &mut self.table {
                    t.cell = true;
                }
                (self.space, self.content) = (false, false);
            }
            (Kind::Cell(_), false) => self.end_cell(),
            (Kind::Break, true) => self.space = true,
            (Kind::Plain | Kind::Strong | Kind::Emphasis | Kind::Link | Kind::Image | Kind::Break, _) if in_cell => {
                self.tag(kind, tag);
            }
            _ => self.refused = true,
        }
    }

    /// Ends the cell open, with the inline elements in it.
    fn end_cell(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.cell) {
            self.flush();
            while let Some((_, end)) = self.open.pop() {
                self.emit(Event::End(end));
            }
            self.emit(Event::End(TagEnd::TableCell));
            if let Some(t) = &mut self.table {
                t.cell = false;
            }
        }
    }

    /// Ends the row open (a row with no cell was never started).
    fn end_row(&mut self) {
        self.end_cell();
        if let Some(end) = self.table.as_mut().and_then(|t| t.row.take()) {
            self.emit(Event::End(end));
            if let Some(t) = &mut self.table {
                t.rows += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events, written short: `<p>`, text, `</p>`…
    fn shown(html: &str) -> Option<String> {
        let events = block_events(html)?;
        Some(
            events
                .iter()
                .map(|piece| match piece {
                    Piece::Anchor(name) => format!("#{name}"),
                    Piece::Event(e) => event(e),
                })
                .collect(),
        )
    }

    fn event(e: &Event<'_>) -> String {
        match e {
            Event::Start(Tag::Paragraph) => "<p>".to_owned(),
            Event::End(TagEnd::Paragraph) => "</p>".to_owned(),
            Event::Start(Tag::Heading { level, .. }) => format!("<{level}>"),
            Event::End(TagEnd::Heading(level)) => format!("</{level}>"),
            Event::Start(Tag::Image { .. }) => "[image: ".to_owned(),
            Event::End(TagEnd::Image) => "]".to_owned(),
            Event::Start(Tag::Link { dest_url, .. }) => format!("<a {dest_url}>"),
            Event::End(TagEnd::Link) => "</a>".to_owned(),
            Event::Start(Tag::Strong) => "<b>".to_owned(),
            Event::End(TagEnd::Strong) => "</b>".to_owned(),
            Event::HardBreak => "<br>".to_owned(),
            Event::Text(t) => t.to_string(),
            Event::Start(Tag::Table(_)) => "<table>".to_owned(),
            Event::End(TagEnd::Table) => "</table>".to_owned(),
            Event::Start(Tag::TableHead) => "<head>".to_owned(),
            Event::End(TagEnd::TableHead) => "</head>".to_owned(),
            Event::Start(Tag::TableRow) => "<row>".to_owned(),
            Event::End(TagEnd::TableRow) => "</row>".to_owned(),
            Event::Start(Tag::TableCell) => "<cell>".to_owned(),
            Event::End(TagEnd::TableCell) => "</cell>".to_owned(),
            Event::Start(Tag::CodeBlock(_)) => "<pre>".to_owned(),
            Event::End(TagEnd::CodeBlock) => "</pre>".to_owned(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_readme_s_html_is_shown_as_published() {
        assert_eq!(
            shown("<h1 align=\"center\">\n  <img src=\"logo.png\" alt=\"Ratatui logo\" width=200>\n  Ratatui\n</h1>\n"),
            Some("<h1>[image: Ratatui logo] Ratatui</h1>".into())
        );
        assert_eq!(
            shown("<details>\n<summary>Table of <b>Contents</b></summary>\n"),
            Some("<p>Table of <b>Contents</b></p>".into())
        );
        assert_eq!(shown("</details>\n"), Some(String::new()));
        assert_eq!(shown("<!-- markdownlint-disable MD033 -->\n"), Some(String::new()), "comments are hidden");
        assert_eq!(
            shown(
                "<div align=\"center\">\n\n<a href=\"https://x.rs\"><img alt=\"Crate Badge\" src=b.svg></a>\nline one<br>\nline two\n"
            ),
            Some("<p><a https://x.rs>[image: Crate Badge]</a> line one<br>line two</p>".into())
        );
        // A logo with nothing said of it says nothing, linked or not, and
        // leaves no empty heading to be taken for the title.
        assert_eq!(shown("<p align=center><img src=\"logo.png\" alt=\"logo\"></p>"), Some(String::new()));
        assert_eq!(shown("<p><a href=\"https://x.rs\"><img src=\"logo.png\"></a></p>"), Some(String::new()));
        assert_eq!(shown("<h1 align=\"center\"><img width=\"440\" src=\"docs/logo.png\" /></h1>"), Some(String::new()));
        assert_eq!(shown("<h1 id=\"top\"><img src=\"logo.png\"></h1>"), Some("#top".into()));
        // Places named for links to go to, where they are.
        assert_eq!(shown("<a id=\"defid\"></a>\n"), Some("#defid".into()));
        assert_eq!(shown("<h2 id=\"usage\">Usage</h2>"), Some("<h2>#usageUsage</h2>".into()));
        assert_eq!(inline("<span id=\"orphan\">"), Inline::Anchor("orphan".into()));
        assert_eq!(shown("<pre>\n  fn main() {}\n</pre>"), Some("<pre>  fn main() {}\n</pre>".into()));
    }

    #[test]
    fn html_folio_cannot_read_is_kept_as_written() {
        for html in [
            "<table><tr><td><ul><li>a block in a cell</li></ul></td></tr></table>",
            "<table><tr><td><table><tr><td>a table in a table</td></tr></table></td></tr></table>",
            "<table><tr><td>\n",
            "<table>text in no cell<tr><td>a</td></tr></table>",
            "<tr><td>a row in no table</td></tr>",
            "<script>alert(1)</script>",
            "<form><input name=q></form>",
            "<custom-widget>text</custom-widget>",
            "<!DOCTYPE html><p>x</p>",
        ] {
            assert_eq!(block_events(html).map(|e| e.len()), None, "{html}");
        }
    }

    /// A table of text, links and images is a table: a first row of
    /// `<th>` (or `<thead>`'s) is its head, a `<br>` in a cell a space.
    #[test]
    fn a_table_of_text_is_a_table() {
        let table = concat!(
            "<table>\n<tr><th>Crate</th><th>What</th></tr>\n",
            "<tr>\n  <td><a href=\"https://bon-rs.com/guide\">📖 Guide</a></td>\n  <td>Narrative<br>introduction</td>\n</tr>\n",
            "<tbody><tr><td><img alt=\"XID_Start bitmap\" src=x.png></td><td><b>bold</b></td></tr></tbody>\n</table>",
        );
        assert_eq!(
            shown(table).as_deref(),
            Some(concat!(
                "<table><head><cell>Crate</cell><cell>What</cell></head>",
                "<row><cell><a https://bon-rs.com/guide>📖 Guide</a></cell><cell>Narrative introduction</cell></row>",
                "<row><cell>[image: XID_Start bitmap]</cell><cell><b>bold</b></cell></row></table>"
            ))
        );
    }

    #[test]
    fn inline_tags_give_way_to_their_text() {
        assert_eq!(inline("<kbd>"), Inline::Nothing);
        assert_eq!(inline("</kbd>"), Inline::Nothing);
        assert_eq!(inline("<br/>"), Inline::Break);
        assert_eq!(inline("<sup>"), Inline::Superscript(true));
        assert_eq!(inline("</sup>"), Inline::Superscript(false));
        assert_eq!(inline("<!-- todo -->"), Inline::Nothing);
        assert_eq!(
            inline("<img src=x.png alt=\"A diagram of the parts\">"),
            Inline::Image("A diagram of the parts".into())
        );
        assert_eq!(inline("<b>"), Inline::Open { style: Style::Strong, href: String::new(), anchor: None });
        assert_eq!(inline("</em>"), Inline::Close(Style::Emphasis));
        assert_eq!(
            inline("<a id=top href=\" https://x.org/ \">"),
            Inline::Open { style: Style::Link, href: "https://x.org/".into(), anchor: Some("top".into()) }
        );
        assert_eq!(inline("<a name=top>"), Inline::Anchor("top".into()));
        assert_eq!(inline("<a>"), Inline::Nothing);
        // `Vec<T>` in prose, an unknown element: as written.
        assert_eq!(inline("<T>"), Inline::AsWritten);
        assert_eq!(inline("<foo bar>"), Inline::AsWritten);
    }

    #[test]
    fn a_long_run_of_html_is_read_in_one_pass() {
        let many = "<div><p>word <b>bold</b></p></div>\n".repeat(20_000);
        let events = block_events(&many).expect("known elements");
        assert_eq!(events.iter().filter(|e| matches!(e, Piece::Event(Event::Start(Tag::Paragraph)))).count(), 20_000);
        // Unclosed styles and ends that close nothing: linear too.
        let hostile = "<div>".to_owned() + &"<b>".repeat(100_000) + &"</i>".repeat(100_000) + "x";
        let events = block_events(&hostile).expect("known elements");
        assert_eq!(events.iter().filter(|e| matches!(e, Piece::Event(Event::Start(Tag::Strong)))).count(), MAX_OPEN);
        let deep = "<div>".repeat(100_000) + "text" + &"</div>".repeat(100_000);
        assert_eq!(shown(&deep), Some("<p>text</p>".into()));
    }
}
