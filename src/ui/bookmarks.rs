//! The bookmarks pane: every bookmark and highlight, grouped by document
//! (the newest first), in reading order within each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::action::Action;
use crate::app::{App, PaneRow, PassageState};
use crate::keymap::Scope;
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, selected: usize, filter: &str) {
    let screen = frame.area();
    let area = Rect::new(0, 0, screen.width, screen.height.saturating_sub(1));
    let rows = app.marks().pane_rows();
    let total = app.marks().list.len();
    let shown = rows.iter().filter(|r| matches!(r, PaneRow::Bookmark { .. })).count();
    let title = if filter.is_empty() {
        format!(" Bookmarks ({total}) ")
    } else {
        format!(" Bookmarks ({shown} of {total} match \"{}\") ", sanitize::line(filter))
    };
    let hints = [
        (Action::Open, "open"),
        (Action::EditNote, "note"),
        (Action::Delete, "delete"),
        (Action::Cancel, "close"),
        (Action::Undo, "undo"),
        (Action::Search, "filter"),
    ];
    let inner = super::overlay_frame(frame, app, theme, area, &title, (Scope::Bookmarks, &hints));
    let width = usize::from(inner.width);

    // Only the lines on screen are made: with a thousand highlights the
    // pane would otherwise build two thousand lines a frame to show thirty.
    let height = usize::from(inner.height);
    let targets = crate::app::pane_line_targets(rows);
    let scroll = crate::app::pane_scroll(&targets, selected, height);
    let window = scroll..scroll + height;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut line_no = 0;
    let mut index = 0;
    for row in rows {
        if line_no >= window.end {
            break;
        }
        match row {
            PaneRow::Document { title, document, count } => {
                if line_no > 0 {
                    if window.contains(&line_no) {
                        lines.push(Line::raw(""));
                    }
                    line_no += 1;
                }
                if window.contains(&line_no) {
                    let head = format!("{}  ({}, {count})", sanitize::line(title), sanitize::line(document));
                    lines.push(Line::styled(sanitize::truncate_words(&head, width).into_owned(), theme.heading));
                }
                line_no += 1;
            }
            PaneRow::Bookmark { excerpt, note, date, state, place, highlight, .. } => {
                let is_selected = index == selected;
                index += 1;
                let two = !note.is_empty() || *state != PassageState::Found;
                if !(window.contains(&line_no) || two && window.contains(&(line_no + 1))) {
                    line_no += 1 + usize::from(two);
                    continue;
                }
                let style = if is_selected { theme.selected } else { theme.text };
                let marker = if is_selected { "▶ " } else { "  " };
                let excerpt = sanitize::line(excerpt).into_owned();
                // Where it is, kept short so the passage has the room.
                let place = sanitize::truncate_words(&sanitize::line(place), (width / 3).max(8)).into_owned();
                let place = if place.is_empty() { String::new() } else { format!("{place}  ") };
                // A highlight shows its colour before the passage.
                let kind = if *highlight { Span::styled("▌", theme.highlight) } else { Span::raw(" ") };
                let room = width.saturating_sub(15 + sanitize::width(&place));
                let spans = vec![
                    Span::styled(marker, theme.marker),
                    Span::styled(format!("{date}  "), theme.dim),
                    Span::styled(place, theme.dim),
                    kind,
                    Span::styled(sanitize::truncate_words(&excerpt, room).into_owned(), style),
                ];
                let mut second = Vec::new();
                if !note.is_empty() {
                    let note = sanitize::line(note).into_owned();
                    second.push(Span::styled(
                        format!("    ✎ {}", sanitize::truncate_words(&note, width.saturating_sub(6))),
                        theme.emphasis,
                    ));
                }
                match state {
                    PassageState::Found => {}
                    PassageState::NotFound => {
                        second.push(Span::styled("    not found in the current text", theme.caption))
                    }
                    PassageState::NoDocument => {
                        second.push(Span::styled("    document not in the library that is open", theme.caption));
                    }
                    PassageState::Unchecked => {
                        second.push(Span::styled("    the document changed: looked for when opened", theme.caption));
                    }
                }
                if window.contains(&line_no) {
                    lines.push(Line::from(spans));
                }
                line_no += 1;
                if !second.is_empty() {
                    if window.contains(&line_no) {
                        lines.push(Line::from(second));
                    }
                    line_no += 1;
                }
            }
        }
    }
    if rows.is_empty() {
        let message = if total == 0 {
            format!("No bookmarks yet: press {} while reading.", app.keymap().hint(Scope::Normal, Action::BookmarkAdd))
        } else {
            "No bookmark matches the filter.".to_owned()
        };
        lines.push(Line::styled(message, theme.dim));
    }
    debug_assert!(
        rows.is_empty() || line_no == targets.len() || line_no >= window.end,
        "the pane draws the lines the app expects"
    );
    frame.render_widget(Paragraph::new(lines), inner);
}
