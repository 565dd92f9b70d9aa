//! Where each part of the screen goes: folio's own rectangles, so the
//! state knows nothing of the terminal library.

use super::Focus;

/// Below this many columns only one pane is shown.
pub const NARROW: u16 = 70;
/// Default width of the reading column.
pub use crate::config::READING_WIDTH;
/// Rows of the reading pane's header (title, details, rule).
pub const HEADER_HEIGHT: u16 = 3;
/// Rows per document in the list.
pub const LIST_ITEM_HEIGHT: u16 = 2;
/// Lines scrolled by one step of the mouse wheel.
pub const WHEEL_LINES: usize = 3;
/// A rectangle of the screen, in cells. folio's own type rather than
/// ratatui's, so the state knows nothing of the terminal library; the
/// panes turn it into a ratatui `Rect` where they draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Rect {
    #[must_use]
    pub const fn new(x: u16, y: u16, width: u16, height: u16) -> Self {
        Self { x, y, width, height }
    }

    /// The column just right of the rectangle.
    #[must_use]
    pub const fn right(self) -> u16 {
        self.x.saturating_add(self.width)
    }

    /// The row just below the rectangle.
    #[must_use]
    pub const fn bottom(self) -> u16 {
        self.y.saturating_add(self.height)
    }

    /// Whether the cell at `column`, `row` is inside.
    #[must_use]
    pub const fn contains(self, column: u16, row: u16) -> bool {
        column >= self.x && column < self.right() && row >= self.y && row < self.bottom()
    }
}

/// Where each part of the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Geometry {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    /// The reader's header rows, aligned with the reading column.
    pub header: Rect,
    /// The reading column itself.
    pub body: Rect,
    /// Where code and tables may reach: from the column's left edge to the
    /// pane's right margin (they are never reflowed, so they use the room
    /// a narrow reading column leaves).
    pub code: Rect,
    pub status: Rect,
}

/// Which panes are on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panes {
    /// The reader alone (the list hidden).
    Reader,
    /// List and reader side by side, or below [`NARROW`] columns the one
    /// with focus.
    Both(Focus),
}

/// Where each part of the screen goes for a terminal `size`, the `panes`
/// shown and the reading column's `reading_width`. The list takes about a
/// third of the width, within bounds.
#[must_use]
pub fn geometry(size: (u16, u16), panes: Panes, reading_width: usize) -> Geometry {
    let (width, height) = size;
    let status = Rect::new(0, height.saturating_sub(1), width, height.min(1));
    let main = Rect::new(0, 0, width, height.saturating_sub(1));
    let (list, reader) = match panes {
        Panes::Reader | Panes::Both(Focus::Reader) if width < NARROW => (None, Some(main)),
        Panes::Reader => (None, Some(main)),
        Panes::Both(Focus::List) if width < NARROW => (Some(main), None),
        Panes::Both(_) => {
            let list_width = (width / 3).clamp(28, 60);
            (
                Some(Rect::new(0, 0, list_width, main.height)),
                Some(Rect::new(list_width, 0, width - list_width, main.height)),
            )
        }
    };
    let (header, body) = reader.map_or((Rect::default(), Rect::default()), |r| {
        let margin = 2;
        let room = r.width.saturating_sub(2 * margin);
        let column = room.min(u16::try_from(reading_width).unwrap_or(u16::MAX)).max(1);
        let x = r.x + margin + (room.saturating_sub(column)) / 2;
        let header_height = HEADER_HEIGHT.min(r.height);
        (Rect::new(x, r.y, column, header_height), Rect::new(x, r.y + header_height, column, r.height - header_height))
    });
    let code = reader.map_or(body, |r| {
        let right = r.right().saturating_sub(2).max(body.right());
        Rect::new(body.x, body.y, right - body.x, body.height)
    });
    Geometry { list, reader, header, body, code, status }
}

/// The screen as the app lays it out: the terminal's size, which pane has
/// the focus, whether the list is hidden, and the reading column's width.
/// The one owner of these four; everything placed on screen is worked out
/// from them here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub size: (u16, u16),
    pub focus: Focus,
    /// The list is hidden while reading: the reader has the whole width.
    pub list_hidden: bool,
    pub reading_width: usize,
}

impl Screen {
    /// Where everything goes now.
    #[must_use]
    pub fn geometry(&self) -> Geometry {
        geometry(self.size, self.panes(self.focus), self.reading_width)
    }

    /// Where everything goes once the reader has the focus (what a
    /// document being opened is wrapped for).
    #[must_use]
    pub fn geometry_for_reader(&self) -> Geometry {
        geometry(self.size, self.panes(Focus::Reader), self.reading_width)
    }

    /// Which panes show with `focus`: the hidden list shows again while it
    /// has focus.
    fn panes(&self, focus: Focus) -> Panes {
        match focus {
            Focus::Reader if self.list_hidden => Panes::Reader,
            Focus::Reader => Panes::Both(Focus::Reader),
            Focus::List => Panes::Both(Focus::List),
        }
    }

    /// Rows of the reading column.
    #[must_use]
    pub fn body_height(&self) -> usize {
        usize::from(self.geometry().body.height).max(1)
    }

    /// Documents that fit in the list pane, as laid out when the list
    /// shows, even if only the reader does now.
    #[must_use]
    pub fn list_capacity(&self) -> usize {
        geometry(self.size, Panes::Both(Focus::List), self.reading_width)
            .list
            .map_or(1, |r| usize::from(r.height.saturating_sub(1) / LIST_ITEM_HEIGHT).max(1))
    }
}

/// What is on screen at a cell, for the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Under {
    /// Document `n` of the list's rows on screen, from its first shown.
    ListItem(usize),
    /// The list pane's title row.
    ListTitle,
    /// The reading pane.
    Reader,
    /// Neither pane (the status line).
    Nothing,
}

impl Screen {
    /// What is at (`column`, `row`) as laid out now.
    #[must_use]
    pub fn under(&self, column: u16, row: u16) -> Under {
        let geometry = self.geometry();
        match (geometry.list, geometry.reader) {
            (Some(list), _) if list.contains(column, row) && row > list.y => {
                Under::ListItem(usize::from((row - list.y - 1) / LIST_ITEM_HEIGHT))
            }
            (Some(list), _) if list.contains(column, row) => Under::ListTitle,
            (_, Some(reader)) if reader.contains(column, row) => Under::Reader,
            _ => Under::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At 100x30 with both panes, the list is the left third: its title on
    /// row 0, two rows a document; the reader the rest; the status line
    /// neither. Hidden, the list is nowhere.
    #[test]
    fn the_mouse_finds_the_pane_and_the_row_under_it() {
        let screen = Screen { size: (100, 30), focus: Focus::List, list_hidden: false, reading_width: 72 };
        assert_eq!(screen.under(3, 0), Under::ListTitle);
        assert_eq!(
            (screen.under(3, 1), screen.under(3, 2), screen.under(3, 3)),
            (Under::ListItem(0), Under::ListItem(0), Under::ListItem(1))
        );
        assert_eq!(screen.under(60, 10), Under::Reader);
        assert_eq!(screen.under(60, 29), Under::Nothing);
        let reading = Screen { focus: Focus::Reader, list_hidden: true, ..screen };
        assert_eq!(reading.under(3, 3), Under::Reader);
    }
}
