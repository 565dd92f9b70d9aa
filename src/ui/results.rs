//! Library-wide search results: passages grouped by document, streaming in.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::reader::group_digits;
use crate::action::Action;
use crate::app::{App, ResultRow};
use crate::keymap::Scope;
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, selected: usize) {
    let screen = frame.area();
    let area = Rect::new(0, 0, screen.width, screen.height.saturating_sub(1));
    let search = app.library_search();
    let title = match search {
        None => " Search the library ".to_owned(),
        Some(s) => results_title(s),
    };
    let inner = super::overlay_frame(
        frame,
        app,
        theme,
        area,
        &title,
        (
            Scope::Results,
            &[(Action::Open, "open (n goes on)"), (Action::Search, "new query"), (Action::Cancel, "close")],
        ),
    );
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    // Only the rows on screen are built: a common word has tens of
    // thousands of hits.
    let rows = search.map_or(0, crate::app::LibrarySearch::row_count);
    // The selection keeps a little context below it, and the last row
    // stays at the bottom: no empty rows under the end of the list.
    let scroll = selected.saturating_sub(height.saturating_sub(3)).min(rows.saturating_sub(height));
    let mut lines: Vec<Line<'static>> = Vec::new();
    for i in (scroll..rows).take(height) {
        let Some(row) = search.and_then(|s| s.row(i)) else { break };
        let is_selected = i == selected;
        match row {
            ResultRow::Document { entry, count } => {
                let title = app.entries().get(entry).map(super::list::title_of).unwrap_or_default();
                let label = app.entries().get(entry).map(|e| e.origin.label()).unwrap_or_default();
                // The count and file stay; a long title gives way, and on
                // a narrow screen the end of the path before the count.
                let suffix = format!("  ({}, {})", self::count(count, "hit", "hits"), sanitize::line(&label));
                let room = width.saturating_sub(sanitize::width(&suffix)).max(width / 3);
                let head = format!("{}{suffix}", sanitize::truncate_words(&title, room));
                let style = if is_selected { theme.selected.patch(theme.heading) } else { theme.heading };
                lines.push(Line::styled(sanitize::truncate_words(&head, width).into_owned(), style));
            }
            ResultRow::Hit { entry, hit } => {
                let Some(crate::library::Snippet { text: snippet, hit: at }) =
                    search.and_then(|s| s.snippet(entry, hit))
                else {
                    continue;
                };
                let marker = if is_selected { "▶ " } else { "  " };
                let base = if is_selected { theme.selected } else { theme.text };
                let before = sanitize::line(&snippet[..at.start]).into_owned();
                let found = sanitize::line(&snippet[at.clone()]).into_owned();
                let after = sanitize::line(&snippet[at.end..]).into_owned();
                // Keep the hit in view on a narrow screen: trim what comes before.
                let room = width.saturating_sub(2);
                let keep_before = room.saturating_sub(sanitize::width(&found) + 10).min(sanitize::width(&before));
                let before = tail_columns(&before, keep_before);
                let rest = room.saturating_sub(sanitize::width(&before) + sanitize::width(&found));
                let after = sanitize::truncate_words(&after, rest).into_owned();
                lines.push(Line::from(vec![
                    Span::styled(marker, theme.marker),
                    Span::styled(before, base),
                    Span::styled(found, theme.match_current),
                    Span::styled(after, base),
                ]));
            }
        }
    }
    if search.is_none_or(|s| s.groups.is_empty()) {
        let message = match search {
            None => format!(
                "Type a query: the same rules as {} (smart case and accents, {} for regex).",
                app.keymap().hint(Scope::Normal, Action::Search),
                app.keymap().hint(Scope::Prompt, Action::ToggleRegex)
            ),
            Some(s) if s.error.is_some() => format!("invalid query: {}", s.error.clone().unwrap_or_default()),
            Some(s) if s.done => {
                format!("no match for \"{}\" in {}", s.query.text, count(s.of, "document", "documents"))
            }
            Some(_) => "searching…".to_owned(),
        };
        lines.push(Line::styled(sanitize::line(&message).into_owned(), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// ` "whale": 1 707 hits in 1 document of 648 `, with how many are shown
/// when not all are, and progress while searching.
fn results_title(s: &crate::app::LibrarySearch) -> String {
    let mut title = format!(
        " \"{}\": {} in {} of {}",
        sanitize::line(&s.query.text),
        count(s.total(), "hit", "hits"),
        count(s.groups.len(), "document", "documents"),
        group_digits(s.of)
    );
    if s.kept < s.total() {
        title.push_str(&format!(" (first {} shown)", group_digits(s.kept)));
    }
    if let Some(candidates) = s.ranked {
        title.push_str(", best first");
        if !s.done {
            title.push_str(&format!(", reading {}/{}", group_digits(s.searched), group_digits(candidates)));
        }
    } else if !s.done {
        title.push_str(&format!(", searching {}/{}", group_digits(s.searched), group_digits(s.of)));
    }
    title.push(' ');
    title
}

/// `1 document`, `2 documents`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", group_digits(n), if n == 1 { one } else { many })
}

/// The last `columns` display columns of `s`, with an ellipsis if cut.
fn tail_columns(s: &str, columns: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if sanitize::width(s) <= columns {
        return s.to_owned();
    }
    let mut out: Vec<&str> = Vec::new();
    let mut used = 1;
    for g in s.graphemes(true).rev() {
        let w = sanitize::grapheme_width(g);
        if used + w > columns {
            break;
        }
        used += w;
        out.push(g);
    }
    out.reverse();
    format!("…{}", out.concat())
}
