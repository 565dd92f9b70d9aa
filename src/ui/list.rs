//! The list of documents: in the view's order, filtered, with progress.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use crate::app::{App, Focus, LIST_ITEM_HEIGHT, NARROW, filter_indices};
use crate::library::{Entry, Origin};
use crate::sanitize;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let focused = app.screen().focus == Focus::List;
    let border = if focused { theme.border_focused } else { theme.border };
    // The title leaves room for the corner: a long filter is cut, never
    // the border.
    let room = usize::from(area.width.saturating_sub(1));
    let mut block = Block::new().title(Span::styled(list_title(app, room), theme.title)).border_style(border);
    block = if frame.area().width >= NARROW {
        // Two panes: a rule divides the list from the reader.
        block.borders(Borders::TOP | Borders::RIGHT)
    } else {
        block.borders(Borders::TOP)
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let width = usize::from(inner.width);
    let open = app.reader().map(|r| r.entry);
    let capacity = usize::from(inner.height / LIST_ITEM_HEIGHT);
    let several_roots = app.library().roots().len() > 1;
    let mut lines = Vec::new();
    for (row, &index) in app.view().order.iter().enumerate().skip(app.view().offset).take(capacity) {
        let Some(entry) = app.entries().get(index) else { continue };
        let selected = row == app.view().selected;
        let style = match (selected, focused) {
            (true, true) => theme.selected,
            (true, false) => theme.title,
            _ => Style::new(),
        };
        let marker = if Some(index) == open { "▍" } else { " " };
        let title = title_of(entry);
        let title = sanitize::truncate_words(&title, width.saturating_sub(1)).into_owned();
        let mut spans = vec![Span::styled(marker, theme.marker)];
        spans.extend(highlighted(&title, &filter_indices(&app.view().filter, &title), style.patch(theme.title)));
        lines.push(Line::from(spans).style(style));
        let (site, details) = meta_of(entry, several_roots);
        let mut progress = app.shelf().progress(index).map(|p| format!("{p}%"));
        if app.view().show_archived && app.shelf().is_archived(index) {
            progress = Some(progress.map_or_else(|| "archived".to_owned(), |p| format!("archived · {p}")));
        }
        let meta = meta_line(&site, &details, progress.as_deref(), width.saturating_sub(1));
        lines.push(Line::from(vec![Span::raw(" "), Span::styled(meta, theme.dim)]).style(style));
    }
    if app.view().order.is_empty() {
        let message = if app.view().filter.is_empty() {
            " (no documents)".to_owned()
        } else {
            let key = app.keymap().hint(crate::keymap::Scope::Normal, crate::action::Action::Cancel);
            format!(" (nothing matches; {key} clears)")
        };
        lines.push(Line::styled(message, theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// ` Library (10,368) `, ` Library (12 of 10,368: "rfc") `, or with loading
/// progress, in at most `room` columns: a long filter is cut first (with an
/// ellipsis), then the whole title.
fn list_title(app: &App, room: usize) -> String {
    let view = app.view();
    let total = app.entries().len() - view.removed.len() - if view.show_archived { 0 } else { view.archived };
    let mut title = if view.filter.is_empty() {
        // Unread is worth saying once something has been read; archived
        // ones, while they are hidden.
        let mut counts = super::reader::group_digits(total);
        // (At a first start every one but the open one is unread: not news.)
        if view.unread > 0 && view.unread + 1 < total {
            counts.push_str(&format!(" · {} unread", super::reader::group_digits(view.unread)));
        }
        if view.archived > 0 && !view.show_archived {
            counts.push_str(&format!(" · {} archived", super::reader::group_digits(view.archived)));
        }
        format!(" Library ({counts})")
    } else {
        let head = format!(
            " Library ({} of {}: \"",
            super::reader::group_digits(app.view().order.len()),
            super::reader::group_digits(total),
        );
        let filter_room = room.saturating_sub(sanitize::width(&head) + 3).max(4);
        format!("{head}{}\")", sanitize::truncate_words(&sanitize::line(&app.view().filter), filter_room))
    };
    if app.library().loading() {
        match app.view().total {
            Some(of) => title.push_str(&format!(
                " loading {} / {}",
                super::reader::group_digits(app.view().arrived),
                super::reader::group_digits(of)
            )),
            None => title.push_str(" scanning…"),
        }
    } else if let Some((done, total)) = app.library().indexing() {
        match total {
            0 => title.push_str(" indexing…"),
            _ => title.push_str(&format!(" indexing {}%", done * 100 / total)),
        }
    }
    title.push(' ');
    sanitize::truncate_words(&title, room).into_owned()
}

/// Spans of `text` with the characters at `indices` emphasised.
fn highlighted(text: &str, indices: &[u32], style: Style) -> Vec<Span<'static>> {
    if indices.is_empty() {
        return vec![Span::styled(text.to_owned(), style)];
    }
    let mark = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_marked = false;
    for (i, c) in text.chars().enumerate() {
        let marked = indices.binary_search(&u32::try_from(i).unwrap_or(u32::MAX)).is_ok();
        if marked != current_marked && !current.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut current), if current_marked { mark } else { style }));
        }
        current_marked = marked;
        current.push(c);
    }
    spans.push(Span::styled(current, if current_marked { mark } else { style }));
    spans
}

/// The title shown for an entry: the document's, or its file name.
pub fn title_of(entry: &Entry) -> String {
    let title = if entry.meta.title.is_empty() { entry.origin.label() } else { entry.meta.title.clone() };
    sanitize::line(&title).into_owned()
}

/// The details line in `room` columns: site or file name, then reading
/// time, language and progress. The name keeps at least about 20 columns
/// (or all of itself): language, then reading time give way first, then
/// the name is cut.
fn meta_line(site: &str, details: &[String], progress: Option<&str>, room: usize) -> String {
    let join = |parts: &[&str]| parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" · ");
    let keep = sanitize::width(site).min(20);
    let mut extra: Vec<&str> = details.iter().map(String::as_str).chain(progress).collect();
    loop {
        let rest = join(&extra);
        let sep = if rest.is_empty() { 0 } else { 3 };
        let name_room = room.saturating_sub(sanitize::width(&rest) + sep);
        if name_room >= keep || extra.is_empty() {
            let name = sanitize::truncate_words(site, name_room.max(1));
            let line = join(&[&name, &rest]);
            return sanitize::truncate_words(&line, room).into_owned();
        }
        // Drop the least useful detail: language, then reading time; the
        // progress stays to the last.
        let drop = if progress.is_some() && extra.len() > 1 { extra.len() - 2 } else { extra.len() - 1 };
        extra.remove(drop);
    }
}

/// The site (or file, with its library folder when there are several) of
/// an entry, and its details: reading time and language.
fn meta_of(entry: &Entry, with_root: bool) -> (String, Vec<String>) {
    let doc = &entry.meta;
    let site = match (&doc.site, &entry.origin) {
        (Some(site), _) => site.clone(),
        (None, Origin::File { root, .. }) if with_root => {
            let folder =
                root.file_name().map_or_else(|| root.display().to_string(), |n| n.to_string_lossy().into_owned());
            format!("{folder}/{}", entry.origin.label())
        }
        (None, _) => entry.origin.label(),
    };
    let mut parts = Vec::new();
    // Its day of publication (a saved article's, a page's), when it says.
    if let Some(day) =
        doc.date.as_deref().filter(|d| d.len() >= 10 && d.as_bytes()[4] == b'-').and_then(|d| d.get(..10))
    {
        parts.push(sanitize::line(day).into_owned());
    }
    if doc.word_count > 0 {
        parts.push(doc.reading_time());
    }
    if let Some(lang) = doc.language() {
        parts.push(lang.code.to_owned());
    }
    (sanitize::line(&site).into_owned(), parts)
}
