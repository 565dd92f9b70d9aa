//! The help overlay: the lines [`App::help_view`] makes from the keys in
//! force, scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Theme;
use crate::action::Action;
use crate::app::{App, HelpLine, help_area};
use crate::keymap::Scope;
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, scroll: usize, filter: &str) {
    let (x, y, width, height) = help_area((frame.area().width, frame.area().height));
    let area = Rect::new(x, y, width, height);
    let all = app.help_view();
    let rows = usize::from(height.saturating_sub(2));
    let lines: Vec<Line<'static>> = all
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|line| match line {
            HelpLine::Title(title) => Line::styled(*title, theme.title),
            HelpLine::Blank => Line::raw(""),
            HelpLine::Row { keys, text } => Line::from(vec![
                Span::raw("  "),
                Span::styled(sanitize::line(keys).into_owned(), theme.help_key),
                Span::raw("  "),
                Span::raw(text.clone()),
            ]),
        })
        .collect();
    let lines = if all.is_empty() {
        vec![Line::styled(format!("no key matches \"{}\"", sanitize::line(filter)), theme.dim)]
    } else {
        lines
    };
    let title = if filter.is_empty() {
        " Help: keys in force ".to_owned()
    } else {
        format!(" Help: keys matching \"{}\" ", sanitize::line(filter))
    };
    let more = scroll + rows < all.len();
    let position = if all.len() > rows {
        format!(" {}–{} of {} ", scroll + 1, (scroll + rows).min(all.len()), all.len())
    } else {
        String::new()
    };
    let hints = super::hint_bar(
        app,
        Scope::Help,
        &[
            (if more { Action::PageDown } else { Action::PageUp }, if more { "more" } else { "back" }),
            (Action::Search, "filter"),
            (Action::Cancel, "close"),
        ],
        width.saturating_sub(u16::try_from(position.len()).unwrap_or(0)),
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(super::fit_border(&title, width), theme.title))
        .title_bottom(Span::styled(format!("{hints}{position}"), theme.dim));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
