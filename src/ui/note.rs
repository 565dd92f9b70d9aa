//! A note over the text: a footnote reference followed shows its note in
//! a box near the bottom of the reading column, the text still in view
//! above it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::Theme;
use crate::action::Action;
use crate::app::App;
use crate::keymap::Scope;
use crate::sanitize;

/// `looked_up`: the box shows what a look-up printed, which has no place
/// in the text to go to.
pub fn draw(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    (title, text): (&str, &str),
    scroll: usize,
    looked_up: bool,
) {
    let screen = frame.area();
    let width = screen.width.saturating_sub(4).min(u16::try_from(app.screen().reading_width + 4).unwrap_or(u16::MAX));
    let inner = usize::from(width.saturating_sub(2)).max(1);
    // Rows the note takes wrapped, near enough: at most half the screen.
    let rows: usize = text.lines().map(|l| sanitize::width(l).div_ceil(inner).max(1)).sum();
    let most = (screen.height / 2).max(3);
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).clamp(3, most);
    let x = screen.x + (screen.width - width) / 2;
    let y = screen.bottom().saturating_sub(height + 1);
    let area = Rect::new(x, y, width, height);
    let hints = if looked_up {
        super::hint_bar(app, Scope::Note, &[(Action::Down, "scroll"), (Action::Cancel, "close")], width)
    } else {
        super::hint_bar(app, Scope::Note, &[(Action::Open, "go to it"), (Action::Cancel, "close")], width)
    };
    let title =
        if looked_up { format!(" {} ", sanitize::line(title)) } else { format!(" Note {} ", sanitize::line(title)) };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(super::fit_border(&title, width), theme.title))
        .title_bottom(Span::styled(hints, theme.dim));
    let lines: Vec<Line<'static>> = text.lines().map(|l| Line::raw(sanitize::line(l).into_owned())).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        area,
    );
}
