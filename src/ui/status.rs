//! The status bar: messages on the left, position and a hint on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::action::Action;
use crate::app::{App, Focus, Prompt};
use crate::keymap::Scope;
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    if let Some(prompt) = &app.prompt() {
        draw_prompt(frame, app, prompt, theme, area);
        return;
    }
    let help = app.keymap().first_key(Scope::Normal, Action::Help).map(|k| format!("{k} help")).unwrap_or_default();
    let search = app.search().filter(|s| s.current.is_some()).map(|s| format!("{}  ", s.summary()));
    let position = match (app.screen().focus, &app.reader()) {
        // The end of a file still loading is placed by its bytes.
        (Focus::Reader, Some(reader))
            if app.reading_partial() && matches!(reader.loading, crate::app::Loading::Tail { .. }) =>
        {
            format!("loading… {}%", reader.percent(app.screen().body_height()))
        }
        (Focus::Reader, Some(_)) if app.reading_partial() => "loading…".to_owned(),
        (Focus::Reader, Some(reader)) => format!("{}%", reader.percent(app.screen().body_height())),
        _ => format!("{}/{}", (app.view().selected + 1).min(app.view().order.len()), app.view().order.len()),
    };
    let right = format!(" {}{position}  {help} ", search.unwrap_or_default());
    let room = usize::from(area.width).saturating_sub(sanitize::width(&right) + 1);
    let selecting = app.scope() == Scope::Select;
    let (left, style) = match app.status() {
        Some(message) => (sanitize::line(message).into_owned(), theme.status_message),
        // Selecting: how much is selected, and what can be done with it.
        None if selecting => {
            let words = app
                .reader()
                .and_then(|r| r.selected().map(|range| r.doc.text[range].split_whitespace().count()))
                .unwrap_or(0);
            let hints = super::hint_bar(
                app,
                Scope::Select,
                &[
                    (Action::Copy, "copy"),
                    (Action::CopyQuote, "quote"),
                    (Action::BookmarkAdd, "highlight"),
                    (Action::Lookup, "look up"),
                    (Action::Cancel, "stop"),
                ],
                area.width.saturating_sub(30),
            );
            let what = if words == 1 { "1 word".to_owned() } else { format!("{words} words") };
            (format!("VISUAL {what} ·{}", hints.trim_end()), theme.status_message)
        }
        None => {
            // The section the view is in, when the document has sections;
            // else which document this is.
            let reader = app.reader();
            let section = reader.and_then(|r| r.doc.outline.get(r.current_section()?));
            let label = match (section, reader.and_then(|r| r.section_percent(app.screen().body_height()))) {
                (Some(s), Some(p)) => format!("{} · {p}% of the section", s.title),
                (Some(s), None) => s.title.clone(),
                _ => {
                    app.reader().and_then(|r| app.entries().get(r.entry)).map(|e| e.origin.label()).unwrap_or_default()
                }
            };
            (sanitize::line(&label).into_owned(), theme.status)
        }
    };
    let left = sanitize::truncate_words(&left, room);
    let pad = usize::from(area.width).saturating_sub(sanitize::width(&left) + sanitize::width(&right) + 1);
    let line = Line::from(vec![
        Span::styled(format!(" {left}"), style),
        Span::styled(" ".repeat(pad), theme.status),
        Span::styled(right, theme.status),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status), area);
}

/// The prompt line: label, what was typed (cursor placed in it), and on the
/// right the search's count or error.
fn draw_prompt(frame: &mut Frame<'_>, app: &App, prompt: &Prompt, theme: &Theme, area: Rect) {
    let summary = app.search().map(|s| s.summary()).unwrap_or_default();
    let summary = sanitize::line(&summary).into_owned();
    let right = format!(" {summary} ");
    // A label can carry a document's text (a link's address): sanitized
    // like everything drawn, so a bidi control shows as `<U+202E>` instead
    // of being dropped by the terminal library and hiding what it does.
    let label = sanitize::line(&prompt.label(app.keymap())).into_owned();
    let label = label.as_str();
    let input = sanitize::line(&prompt.input).into_owned();
    let room = usize::from(area.width).saturating_sub(sanitize::width(&right) + sanitize::width(label) + 1).max(1);
    // Keep the cursor in view on a long query: show its tail.
    let before_cursor = sanitize::line(&prompt.input[..prompt.cursor]).into_owned();
    let cursor_col = sanitize::width(&before_cursor);
    let skip = cursor_col.saturating_sub(room.saturating_sub(1));
    let shown: String = skip_columns(&input, skip);
    let shown = sanitize::truncate_words(&shown, room).into_owned();
    let used = sanitize::width(label) + sanitize::width(&shown);
    let pad = usize::from(area.width).saturating_sub(used + sanitize::width(&right));
    // Selected text (a filter reopened) is drawn reversed: typing replaces it.
    let input_style = if prompt.selected { theme.selected } else { ratatui::style::Style::new() };
    let line = Line::from(vec![
        Span::styled(label, theme.title),
        Span::styled(shown, input_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, if app.search().is_some_and(|s| s.error.is_some()) { theme.heading } else { theme.dim }),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + u16::try_from(sanitize::width(label) + cursor_col - skip).unwrap_or(0);
    frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
}

/// `s` without its first `columns` display columns.
fn skip_columns(s: &str, columns: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mut skipped = 0;
    let mut out = String::new();
    for g in s.graphemes(true) {
        if skipped < columns {
            skipped += sanitize::grapheme_width(g);
            continue;
        }
        out.push_str(g);
    }
    out
}
