//! Drawing: one function per region, each reading [`App`] and nothing else.
//!
//! Every string that comes from a document, a file name or the user passes
//! through [`crate::sanitize`] on its way to a cell.

mod bookmarks;
mod help;
mod list;
mod log;
mod reader;
mod results;
mod status;
pub mod theme;

use ratatui::Frame;

use crate::app::{App, Overlay};
pub use theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let theme = &app.theme;
    let geometry = app.geometry();
    if let Some(area) = geometry.list {
        list::draw(frame, app, theme, area);
    }
    if geometry.reader.is_some() {
        reader::draw(frame, app, theme, &geometry);
    }
    status::draw(frame, app, theme, geometry.status);
    match &app.overlay {
        Overlay::Help { scroll } => help::draw(frame, app, theme, *scroll),
        Overlay::Bookmarks { selected, filter } => bookmarks::draw(frame, app, theme, *selected, filter),
        Overlay::Results { selected } => results::draw(frame, app, theme, *selected),
        Overlay::Log { scroll } => log::draw(frame, app, theme, *scroll),
        Overlay::None => {}
    }
}
