//! The status bar: messages on the left, position and a hint on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::action::Action;
use crate::app::{App, Focus};
use crate::keymap::Scope;
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let help = app
        .keymap
        .first_key(Scope::Normal, Action::Help)
        .map(|k| format!("{k} help"))
        .unwrap_or_default();
    let position = match (app.focus, &app.reader) {
        (Focus::Reader, Some(_)) if app.reading_partial() => "loading…".to_owned(),
        (Focus::Reader, Some(reader)) => format!("{}%", reader.percent(app.body_height())),
        _ => format!(
            "{}/{}",
            (app.selected + 1).min(app.entries.len()),
            app.entries.len()
        ),
    };
    let right = format!(" {position}  {help} ");
    let room = usize::from(area.width).saturating_sub(sanitize::width(&right) + 1);
    let (left, style) = match &app.status {
        Some(message) => (sanitize::line(message).into_owned(), theme.status_message),
        None => {
            let label = app
                .reader
                .as_ref()
                .and_then(|r| app.entries.get(r.entry))
                .map(|e| e.origin.label())
                .unwrap_or_default();
            (sanitize::line(&label).into_owned(), theme.status)
        }
    };
    let left = sanitize::truncate_words(&left, room);
    let pad = usize::from(area.width)
        .saturating_sub(sanitize::width(&left) + sanitize::width(&right) + 1);
    let line = Line::from(vec![
        Span::styled(format!(" {left}"), style),
        Span::styled(" ".repeat(pad), theme.status),
        Span::styled(right, theme.status),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status), area);
}
