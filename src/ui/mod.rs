//! Drawing: one function per region, each reading [`App`] and nothing else.
//!
//! Every string that comes from a document, a file name or the user passes
//! through [`crate::sanitize`] on its way to a cell.

mod bookmarks;
mod help;
mod list;
mod log;
mod note;
mod outline;
mod reader;
mod results;
mod status;
pub mod theme;

use ratatui::Frame;

use crate::action::Action;
use crate::app::{App, Overlay};
use crate::keymap::Scope;
use crate::sanitize;
pub use theme::Theme;

/// ratatui's rectangle for one of folio's.
#[must_use]
pub fn area(r: crate::app::Rect) -> ratatui::layout::Rect {
    ratatui::layout::Rect::new(r.x, r.y, r.width, r.height)
}

/// A title or hint line for a border `width` columns wide: cut with an
/// ellipsis so the corners stay.
#[must_use]
pub fn fit_border(text: &str, width: u16) -> String {
    sanitize::truncate_words(&sanitize::line(text), usize::from(width.saturating_sub(2))).into_owned()
}

/// Clears `area` and draws an overlay's frame there: a border, the title
/// on top, the hints of `scope` for `hints` at the bottom (both cut to
/// fit). Returns the inside, where the overlay's lines go.
pub fn overlay_frame(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    area: ratatui::layout::Rect,
    title: &str,
    (scope, hints): (Scope, &[(Action, &str)]),
) -> ratatui::layout::Rect {
    use ratatui::text::Span;
    use ratatui::widgets::{Block, Borders, Clear};
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(fit_border(title, area.width), theme.title))
        .title_bottom(Span::styled(hint_bar(app, scope, hints, area.width), theme.dim));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

/// ` Enter open · e note · Esc close `: each action with the first key
/// bound to it in `scope` *now* (a remapped key shows as remapped; an
/// unbound action is left out), as many as fit in a border `width` wide,
/// in the order given (most important first).
#[must_use]
pub fn hint_bar(app: &App, scope: Scope, hints: &[(Action, &str)], width: u16) -> String {
    let room = usize::from(width.saturating_sub(4));
    let mut out = String::new();
    for (action, what) in hints {
        let Some(key) = app.keymap().first_key(scope, *action) else { continue };
        let hint = format!("{key} {what}");
        let next = if out.is_empty() { hint } else { format!("{out} · {hint}") };
        if sanitize::width(&next) > room {
            break;
        }
        out = next;
    }
    if out.is_empty() { out } else { format!(" {} ", sanitize::line(&out)) }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let theme = &Theme::from_appearance(&app.settings().appearance);
    let geometry = app.screen().geometry();
    if let Some(list) = geometry.list {
        list::draw(frame, app, theme, area(list));
    }
    if geometry.reader.is_some() {
        reader::draw(frame, app, theme, &geometry);
    }
    status::draw(frame, app, theme, area(geometry.status));
    match &app.overlay() {
        Overlay::Help(open) => help::draw(frame, app, theme, open.scroll, &open.filter),
        Overlay::Bookmarks(open) => bookmarks::draw(frame, app, theme, open.selected, &open.filter),
        Overlay::Results(open) => results::draw(frame, app, theme, open.selected),
        Overlay::Log(open) => log::draw(frame, app, theme, open.scroll),
        Overlay::Outline(open) => outline::draw(frame, app, theme, open.selected, &open.filter),
        Overlay::Note(open) => {
            note::draw(frame, app, theme, (&open.title, &open.text), open.scroll, open.anchor.is_empty());
        }
        Overlay::None => {}
    }
}
