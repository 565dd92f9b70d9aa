//! The reading pane: a header, then the wrapped lines on screen.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::{App, Geometry};
use crate::document::{BlockKind, Document, InlineStyle};
use crate::layout::{self, LineKind, WrappedLine};
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, geometry: &Geometry) {
    let Some(reader) = &app.reader() else { return };
    let doc = &reader.doc;
    let width = usize::from(geometry.header.width);

    // The header names the document by its title, always: a path is not
    // a title (issue 18), even when the text opens with its headline.
    let (title, title_style) = match app.entries().get(reader.entry) {
        Some(entry) => (super::list::title_of(entry), theme.title),
        None => (String::new(), theme.title),
    };
    let header = vec![
        Line::styled(sanitize::truncate_words(&title, width).into_owned(), title_style),
        Line::styled(sanitize::truncate_words(&details(doc), width).into_owned(), theme.dim),
        Line::styled("─".repeat(width), theme.border),
    ];
    frame.render_widget(Paragraph::new(header), super::area(geometry.header));

    let height = usize::from(geometry.body.height);
    let visible = reader.layout.visible(doc, reader.top, height);
    // Hint mode: each link on screen wears its number, put in the text
    // before the link (drawn over it, the number hid the link's first
    // characters: issue 18).
    let labels: Vec<(usize, String)> =
        if matches!(app.prompt().map(|p| &p.purpose), Some(crate::app::Purpose::LinkHint)) {
            app.hints().iter().map(|h| (h.range.start, h.number.to_string())).collect()
        } else {
            Vec::new()
        };
    let lines: Vec<Line<'static>> = if doc.blocks.is_empty() {
        vec![Line::styled("(empty document)", theme.dim)]
    } else {
        visible
            .iter()
            .map(|(block, line)| {
                let mut marks: Vec<(Range<usize>, Style)> = app
                    .matches_in(line.range.clone())
                    .into_iter()
                    .map(|(range, current)| (range, if current { theme.match_current } else { theme.match_all }))
                    .collect();
                if marks.is_empty()
                    && let Some(flash) = app.flash_in(reader.entry)
                    && flash.start < line.range.end
                    && line.range.start < flash.end
                {
                    marks.push((flash, theme.flash));
                }
                let kind = doc.blocks.get(*block).map(|b| b.kind);
                let prose = matches!(kind, Some(BlockKind::Paragraph | BlockKind::Question | BlockKind::Quote));
                let last = reader.layout.lines(doc, *block).last().is_some_and(|l| l.range == line.range);
                let indent = kind.map_or(0, BlockKind::indent);
                let avail = usize::from(geometry.body.width).saturating_sub(indent);
                let end = line.range.end.max(line.range.start + 1);
                let labels: Vec<(usize, String)> =
                    labels.iter().filter(|(at, _)| line.range.start <= *at && *at < end).cloned().collect();
                let rtl = kind.is_some_and(|k| !k.clips()) && right_to_left(doc.block_text(*block));
                let under: Vec<(Range<usize>, Style)> =
                    app.marks().highlights_in(line.range.clone()).into_iter().map(|r| (r, theme.highlight)).collect();
                let drawn = Drawn {
                    under: &under,
                    highlights: &marks,
                    selected: reader.selected().map(|r| (r, reader.selection.map_or(0, |s| s.cursor))),
                    labels: &labels,
                    syntax: reader.colours.tokens(*block),
                    // A numbered line is not justified: the numbers take room.
                    justify_to: (app.settings().justify && prose && !last && labels.is_empty() && !rtl)
                        .then_some(avail),
                    folded: !reader.layout.is_open(*block),
                    width: avail,
                };
                let line = if rtl {
                    bidi_line(doc, *block, line, theme, &drawn)
                } else {
                    body_line(doc, *block, line, theme, &drawn)
                };
                if kind.is_some_and(BlockKind::clips) {
                    let room = usize::from(geometry.code.width).saturating_sub(indent);
                    clip_line(line, reader.hscroll, room, theme.dim)
                } else {
                    aligned(line, usize::from(geometry.body.width))
                }
            })
            .collect()
    };
    // Prose is wrapped to the column; code and tables may reach further.
    frame.render_widget(Paragraph::new(lines), super::area(geometry.code));

    // Bookmarked passages get a marker in the margin left of the column.
    if geometry.body.x >= 2 {
        for (row, (_, line)) in visible.iter().enumerate() {
            if line.kind != LineKind::Gap && app.marks().marks_in(line.range.clone()) {
                let y = geometry.body.y + u16::try_from(row).unwrap_or(u16::MAX);
                if y < geometry.body.bottom() {
                    frame.render_widget(Span::styled("◆", theme.marker), Rect::new(geometry.body.x - 2, y, 1, 1));
                }
            }
        }
    }
}

/// The header's second line: where the document is from and how long.
fn details(doc: &Document) -> String {
    let mut parts = Vec::new();
    if let Some(source) = &doc.source {
        parts.push(sanitize::line(&source.site).into_owned());
    }
    if let Some(date) = &doc.date {
        parts.push(sanitize::line(date).into_owned());
    }
    if let Some(lang) = doc.language() {
        parts.push(lang.name.to_owned());
    }
    if doc.word_count > 0 {
        parts.push(format!("{} read", doc.reading_time()));
        parts.push(format!("{} words", group_digits(doc.word_count)));
    }
    parts.join(" · ")
}

/// `215829` as `215,829`: the locale-neutral grouping of English text.
pub fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn kind_style(kind: BlockKind, theme: &Theme) -> Style {
    match kind {
        BlockKind::Paragraph
        | BlockKind::ListItem(_)
        | BlockKind::Rule
        | BlockKind::Table
        | BlockKind::Line(_)
        | BlockKind::Verbatim
        | BlockKind::Raw => theme.text,
        // Levels look different with or without colour: underlined, plain,
        // italic, then italic without the heading's weight.
        BlockKind::Heading(1) => theme.heading.add_modifier(Modifier::UNDERLINED),
        BlockKind::Heading(2) => theme.heading,
        BlockKind::Heading(3) => theme.heading.add_modifier(Modifier::ITALIC),
        BlockKind::Heading(_) => theme.heading.remove_modifier(Modifier::BOLD).add_modifier(Modifier::ITALIC),
        BlockKind::Folded => theme.dim,
        BlockKind::Caption => theme.caption,
        BlockKind::Question => theme.question,
        BlockKind::Byline => theme.byline,
        BlockKind::Code => theme.code,
        BlockKind::Quote => theme.quote,
    }
}

fn inline_style(style: InlineStyle, theme: &Theme) -> Style {
    match style {
        InlineStyle::Emphasis => theme.emphasis,
        InlineStyle::Strong => theme.strong,
        InlineStyle::Code => theme.code,
        InlineStyle::Link => theme.link,
        InlineStyle::Markup | InlineStyle::CodeMark | InlineStyle::Aside => theme.dim,
    }
}

/// Finds the range covering an offset in a list sorted by start, for
/// offsets visited in increasing order.
struct Cursor<'a, T> {
    items: &'a [(Range<usize>, T)],
    next: usize,
}

impl<'a, T> Cursor<'a, T> {
    fn new(items: &'a [(Range<usize>, T)], from: usize) -> Self {
        let next = items.partition_point(|(r, _)| r.end <= from);
        Self { items, next }
    }

    fn at(&mut self, offset: usize) -> Option<&'a T> {
        while self.items.get(self.next).is_some_and(|(r, _)| r.end <= offset) {
            self.next += 1;
        }
        self.items.get(self.next).filter(|(r, _)| r.start <= offset).map(|(_, t)| t)
    }

    /// Whether any item over `offset` (not only the first, which `at`
    /// gives: a link's range holds its code's backticks) is one `hidden`
    /// says is not drawn. Looks a few items ahead, as far as nesting goes.
    fn any_at(&mut self, offset: usize, hidden: impl Fn(&T) -> bool) -> bool {
        self.at(offset);
        self.items[self.next.min(self.items.len())..]
            .iter()
            .take(8)
            .take_while(|(r, _)| r.start <= offset)
            .any(|(r, t)| r.contains(&offset) && hidden(t))
    }
}

/// A centred or right-aligned line placed within the reading `column` (the
/// area drawn into is wider, for code).
fn aligned(line: Line<'static>, column: usize) -> Line<'static> {
    let spare = column.saturating_sub(line.width());
    let pad = match line.alignment {
        Some(ratatui::layout::HorizontalAlignment::Center) => spare / 2,
        Some(ratatui::layout::HorizontalAlignment::Right) => spare,
        _ => return line,
    };
    let mut spans = vec![Span::raw(" ".repeat(pad))];
    spans.extend(line.spans);
    Line::from(spans).style(line.style)
}

/// A preformatted line (code, a table) cut to the `width` columns after
/// the first `skip`, its prefix kept: `‹` marks text cut on the left, `›`
/// text that goes on past the edge. Wide characters cut in two become
/// spaces.
fn clip_line(line: Line<'static>, skip: usize, width: usize, marker: Style) -> Line<'static> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut spans = line.spans.into_iter();
    let Some(prefix) = spans.next() else { return Line::default() };
    let body: Vec<Span<'static>> = spans.collect();
    let total: usize = body.iter().map(|s| sanitize::width(&s.content)).sum();
    if skip == 0 && total <= width {
        return Line::from(std::iter::once(prefix).chain(body).collect::<Vec<_>>());
    }
    let cut_left = skip > 0;
    let cut_right = total > skip + width;
    let from = skip + usize::from(cut_left);
    let to = (skip + width).saturating_sub(usize::from(cut_right)).max(from);
    let mut out = vec![prefix];
    if cut_left && width > 0 {
        out.push(Span::styled("‹", marker));
    }
    let mut col = 0;
    for span in body {
        let mut piece = String::new();
        for g in span.content.graphemes(true) {
            let w = sanitize::width(g);
            let (start, end) = (col, col + w);
            col = end;
            if end <= from || start >= to {
                continue;
            }
            if start < from || end > to {
                piece.push_str(&" ".repeat(end.min(to) - start.max(from)));
            } else {
                piece.push_str(g);
            }
        }
        if !piece.is_empty() {
            out.push(Span::styled(piece, span.style));
        }
    }
    if cut_right && width > usize::from(cut_left) {
        let shown = col.min(to).saturating_sub(from);
        out.push(Span::raw(" ".repeat((to - from).saturating_sub(shown))));
        out.push(Span::styled("›", marker));
    }
    Line::from(out)
}

/// Whether a block's text runs right to left (Arabic, Hebrew): its first
/// strong character says, as the Unicode bidi algorithm's rule P2 does.
fn right_to_left(text: &str) -> bool {
    unicode_bidi::get_base_direction(text) == unicode_bidi::Direction::Rtl
}

/// A screen line of a right-to-left paragraph: its runs in the order the
/// Unicode bidi algorithm shows them (the right-to-left ones reversed),
/// set against the right edge of the column. Each run is styled from its
/// own offsets first, so matches and marks stay on the right characters.
fn bidi_line(doc: &Document, block: usize, line: &WrappedLine, theme: &Theme, drawn: &Drawn<'_>) -> Line<'static> {
    use unicode_segmentation::UnicodeSegmentation;
    let Some(b) = doc.blocks.get(block) else { return Line::raw("") };
    if line.kind == LineKind::Gap || line.range.is_empty() {
        return body_line(doc, block, line, theme, drawn);
    }
    let text = &doc.text[b.range.clone()];
    let info = unicode_bidi::ParagraphBidiInfo::new(text, None);
    let local = line.range.start.saturating_sub(b.range.start)..line.range.end.saturating_sub(b.range.start);
    let (levels, runs) = info.visual_runs(local);
    let mut spans = vec![Span::styled(layout::line_prefix(b.kind, line.kind), theme.marker)];
    for run in runs {
        let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
        let piece = WrappedLine { range: b.range.start + run.start..b.range.start + run.end, kind: line.kind };
        let mut run_spans: Vec<Span<'static>> =
            body_line(doc, block, &piece, theme, drawn).spans.into_iter().skip(1).collect();
        if rtl {
            run_spans.reverse();
            for span in &mut run_spans {
                // Reversed, with paired marks mirrored (rule L4): `(` in
                // right-to-left text is drawn as `)`.
                let reversed: String = span
                    .content
                    .graphemes(true)
                    .rev()
                    .map(|g| match g {
                        "(" => ")",
                        ")" => "(",
                        "[" => "]",
                        "]" => "[",
                        "{" => "}",
                        "}" => "{",
                        "<" => ">",
                        ">" => "<",
                        "«" => "»",
                        "»" => "«",
                        other => other,
                    })
                    .collect();
                span.content = reversed.into();
            }
        }
        spans.extend(run_spans);
    }
    Line::from(spans).right_aligned()
}

/// What is drawn on a line besides its text.
pub struct Drawn<'a> {
    /// Sorted, non-overlapping ranges of the text and their style: the
    /// reader's highlights, under everything else.
    pub under: &'a [(Range<usize>, Style)],
    /// Sorted, non-overlapping ranges of the text and their style.
    pub highlights: &'a [(Range<usize>, Style)],
    /// The selection being made, over everything, and its moving end.
    pub selected: Option<(Range<usize>, usize)>,
    /// Labels put in the text before the given offsets (sorted): link
    /// numbers in hint mode.
    pub labels: &'a [(usize, String)],
    /// Code's tokens, coloured as far as shown (sorted).
    pub syntax: &'a [(Range<usize>, crate::document::Token)],
    /// Justify prose to this many columns.
    pub justify_to: Option<usize>,
    /// A folded block shows one line that says what it holds.
    pub folded: bool,
    /// Columns the line has: a folded block's label is cut to them.
    pub width: usize,
}

/// One screen line: its prefix and its text, styled by block kind, inline
/// emphasis and what `drawn` adds.
pub fn body_line(doc: &Document, block: usize, line: &WrappedLine, theme: &Theme, drawn: &Drawn<'_>) -> Line<'static> {
    if line.kind == LineKind::Gap {
        return Line::raw("");
    }
    let Some(b) = doc.blocks.get(block) else {
        return Line::raw("");
    };
    let base = kind_style(b.kind, theme);
    let mut spans = vec![Span::styled(layout::line_prefix(b.kind, line.kind), theme.marker)];
    if b.kind == BlockKind::Rule {
        spans.push(Span::styled("⁂", theme.dim));
        return Line::from(spans).centered();
    }
    if b.kind == BlockKind::Folded && drawn.folded {
        let label = doc.folded_label(b);
        spans.push(Span::styled(sanitize::truncate_words(&label, drawn.width).into_owned(), theme.dim));
        return Line::from(spans);
    }
    let mut inlines = Cursor::new(&doc.inlines, line.range.start);
    let mut marks = Cursor::new(drawn.highlights, line.range.start);
    let mut under = Cursor::new(drawn.under, line.range.start);
    let mut tokens = Cursor::new(drawn.syntax, line.range.start);
    let mut labels = drawn.labels.iter().peekable();
    let mut current = String::new();
    let mut current_style = base;
    // Justified: the columns missing from the width are shared out among
    // the gaps between words, the first gaps taking one more.
    let (mut gaps_left, mut spare) = drawn.justify_to.map_or((0, 0), |target| {
        let shown = layout::display_string(&doc.text, line.range.clone(), false);
        let gaps = shown.matches(' ').count();
        (gaps, target.saturating_sub(crate::sanitize::width(&shown)))
    });
    layout::display_pieces(&doc.text, line.range.clone(), b.kind.keeps_lines(), |offset, shown| {
        let mut style = base;
        if inlines.any_at(offset, |i| *i == InlineStyle::Markup || (*i == InlineStyle::CodeMark && !theme.code_marks)) {
            return;
        }
        if let Some(inline) = inlines.at(offset) {
            style = style.patch(inline_style(*inline, theme));
        } else if let Some(token) = tokens.at(offset) {
            style = style.patch(theme.syntax.style(*token));
        }
        if let Some(mark) = under.at(offset) {
            style = style.patch(*mark);
        }
        if let Some(mark) = marks.at(offset) {
            style = style.patch(*mark);
        }
        if let Some((range, cursor)) = &drawn.selected
            && range.contains(&offset)
        {
            style = style.patch(theme.selected);
            // The moving end is underlined too: it shows which end `o` swaps.
            if offset == *cursor {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
        }
        while let Some((_, label)) = labels.next_if(|(at, _)| *at <= offset) {
            if !current.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut current), current_style));
            }
            spans.push(Span::styled(label.clone(), theme.match_current));
        }
        if style != current_style && !current.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut current), current_style));
        }
        current_style = style;
        current.push_str(shown);
        if shown == " " && gaps_left > 0 {
            let extra = spare.div_ceil(gaps_left);
            current.extend(std::iter::repeat_n(' ', extra));
            spare -= extra;
            gaps_left -= 1;
        }
    });
    if !current.is_empty() {
        spans.push(Span::styled(current, current_style));
    }
    let line = Line::from(spans);
    if b.kind == BlockKind::Byline { line.right_aligned() } else { line }
}
