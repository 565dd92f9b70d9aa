//! The outline overlay: the open document's sections, nested, with the one
//! the view is in marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::action::Action;
use crate::app::App;
use crate::keymap::Scope;
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, selected: usize, filter: &str) {
    let screen = frame.area();
    // Beside the text on a wide screen, where the list is (the reading
    // column stays in view, so a jump shows at once), over all on a narrow one.
    let list = app.screen().geometry().list.map_or(0, |r| r.width);
    let width = if screen.width >= 120 { list.max(screen.width / 3).max(40) } else { screen.width };
    let area = Rect::new(0, 0, width.min(screen.width), screen.height.saturating_sub(1));
    let rows = app.outline_rows();
    let current = app.reader().and_then(crate::app::Reader::current_section);
    let total = app.reader().map_or(0, |r| r.doc.outline.len());
    let title = if filter.is_empty() {
        format!(" Outline ({total} {}) ", if total == 1 { "section" } else { "sections" })
    } else {
        format!(" Outline ({} of {total}: \"{}\") ", rows.len(), sanitize::line(filter))
    };
    let inner = super::overlay_frame(
        frame,
        app,
        theme,
        area,
        &title,
        (Scope::Outline, &[(Action::Open, "go"), (Action::Search, "filter"), (Action::Cancel, "close")]),
    );
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let scroll = selected.saturating_sub(height.saturating_sub(3)).min(rows.len().saturating_sub(height));
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(scroll).take(height) {
        let here = Some(row.section) == current;
        let marker = if here { "▶ " } else { "  " };
        let indent = "  ".repeat(row.depth.min(8));
        let room = width.saturating_sub(marker.len() + indent.len());
        let text = sanitize::truncate_words(&sanitize::line(&row.title), room).into_owned();
        let style = match (i == selected, here) {
            (true, _) => theme.selected,
            (false, true) => theme.title,
            _ => theme.text,
        };
        lines.push(Line::from(vec![Span::styled(marker, theme.marker), Span::raw(indent), Span::styled(text, style)]));
    }
    if rows.is_empty() {
        lines.push(Line::styled(format!("no section matches \"{}\"", sanitize::line(filter)), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
