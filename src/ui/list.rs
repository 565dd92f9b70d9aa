//! The list of documents.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use crate::app::{App, Focus, LIST_ITEM_HEIGHT, NARROW};
use crate::sanitize;
use crate::store::Entry;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let focused = app.focus == Focus::List;
    let border = if focused { theme.border_focused } else { theme.border };
    let mut block = Block::new()
        .title(Span::styled(format!(" Library ({}) ", app.entries.len()), theme.title))
        .border_style(border);
    block = if frame.area().width >= NARROW {
        // Two panes: a rule divides the list from the reader.
        block.borders(Borders::TOP | Borders::RIGHT)
    } else {
        block.borders(Borders::TOP)
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let width = usize::from(inner.width);
    let open = app.reader.as_ref().map(|r| r.entry);
    let mut lines = Vec::new();
    let capacity = usize::from(inner.height / LIST_ITEM_HEIGHT);
    for (index, entry) in app.entries.iter().enumerate().skip(app.list_offset).take(capacity) {
        let selected = index == app.selected;
        let style = match (selected, focused) {
            (true, true) => theme.selected,
            (true, false) => theme.title,
            _ => Style::new(),
        };
        let marker = if Some(index) == open { "▍" } else { " " };
        let title = title_of(entry);
        let title = sanitize::truncate_words(&title, width.saturating_sub(1));
        lines.push(
            Line::from(vec![
                Span::styled(marker, theme.marker),
                Span::styled(title.into_owned(), style.patch(theme.title)),
            ])
            .style(style),
        );
        let (site, mut rest) = meta_of(entry);
        if let Some(percent) = app.progress(index) {
            rest.push_str(&format!(" · {percent}%"));
        }
        // The site gives way first: length, language and progress stay.
        let room = width.saturating_sub(1 + sanitize::width(&rest));
        let meta = format!("{}{rest}", sanitize::truncate_words(&site, room));
        let meta = sanitize::truncate_words(&meta, width.saturating_sub(1));
        lines.push(Line::from(vec![Span::raw(" "), Span::styled(meta.into_owned(), theme.dim)]).style(style));
    }
    if app.entries.is_empty() {
        lines.push(Line::styled(" (no documents)", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The title shown for an entry: the document's, or its file name.
pub fn title_of(entry: &Entry) -> String {
    let title = if entry.doc.title.is_empty() { entry.origin.label() } else { entry.doc.title.clone() };
    sanitize::line(&title).into_owned()
}

/// The site (or file) of an entry, and the rest of its details line.
fn meta_of(entry: &Entry) -> (String, String) {
    let doc = &entry.doc;
    let site = doc.source.as_ref().map_or_else(|| entry.origin.label(), |s| s.site.clone());
    let mut parts = vec![String::new()];
    if doc.word_count > 0 {
        parts.push(doc.reading_time());
    }
    if let Some(lang) = doc.language {
        parts.push(lang.code.to_owned());
    }
    (sanitize::line(&site).into_owned(), parts.join(" · "))
}
