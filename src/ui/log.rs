//! The log: problems and notices met so far (files that could not open,
//! configuration problems, invalid UTF-8 replaced, ...).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::Theme;
use crate::action::Action;
use crate::app::App;
use crate::keymap::Scope;
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, scroll: usize) {
    let screen = frame.area();
    let area = Rect::new(0, 0, screen.width, screen.height.saturating_sub(1));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(super::fit_border(&format!(" Log ({}) ", app.log().len()), area.width), theme.title))
        .title_bottom(Span::styled(
            super::hint_bar(
                app,
                Scope::Help,
                &[(Action::Down, "down"), (Action::Up, "up"), (Action::Cancel, "close")],
                area.width,
            ),
            theme.dim,
        ));
    let lines: Vec<Line<'static>> = if app.log().is_empty() {
        vec![Line::styled("Nothing to report.", theme.dim)]
    } else {
        app.log().iter().map(|l| Line::raw(sanitize::line(l).into_owned())).collect()
    };
    let scroll = u16::try_from(scroll.min(app.log().len().saturating_sub(1))).unwrap_or(u16::MAX);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0)), area);
}
