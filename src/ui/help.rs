//! The help overlay, made from the keys in force.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::App;
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, scroll: usize) {
    let rows = app.keymap.help_rows();
    let key_width = rows.iter().map(|(_, k, _)| sanitize::width(k)).max().unwrap_or(0).min(28);
    let mut lines = Vec::new();
    let mut scope = None;
    for (s, keys, help) in rows {
        if scope != Some(s) {
            if scope.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(s.title(), theme.title));
            scope = Some(s);
        }
        let keys = sanitize::truncate_words(&keys, key_width);
        let pad = key_width.saturating_sub(sanitize::width(&keys));
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(keys.into_owned(), theme.help_key),
            Span::raw(" ".repeat(pad + 2)),
            Span::raw(help),
        ]));
    }
    let screen = frame.area();
    let longest = app.keymap.help_rows().iter().map(|(_, _, h)| sanitize::width(h)).max().unwrap_or(0);
    let wanted = u16::try_from(key_width + longest + 6).unwrap_or(u16::MAX);
    let width = wanted.min(screen.width.saturating_sub(2));
    let height = (lines.len() as u16 + 2).min(screen.height.saturating_sub(2));
    let area =
        Rect::new((screen.width.saturating_sub(width)) / 2, (screen.height.saturating_sub(height)) / 2, width, height);
    let max_scroll = lines.len().saturating_sub(usize::from(height.saturating_sub(2)));
    let scroll = u16::try_from(scroll.min(max_scroll)).unwrap_or(0);
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(" Help: keys in force (Esc closes) ", theme.title));
    if usize::from(scroll) < max_scroll {
        block = block.title_bottom(Span::styled(" more below: j or Down ", theme.dim));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
