//! The one list cursor: what the movement keys do to a selected row (the
//! outline, the bookmarks pane, the results) or to a scroll position (the
//! help, the log, a note), the same everywhere instead of a copy of the
//! down/up/page/top/bottom handlers in each overlay.

use crate::action::Action;

use super::WHEEL_LINES;

/// How far a page and half a page go in a list or text of this height.
#[derive(Debug, Clone, Copy)]
pub(super) struct Paging {
    pub page: usize,
    pub half: usize,
}

impl Paging {
    /// Paging for `rows` rows on screen: a page keeps two rows of context.
    pub(super) fn rows(rows: usize) -> Self {
        Self { page: rows.saturating_sub(2).max(1), half: (rows / 2).max(1) }
    }

    /// Paging for `rows` rows on screen, a page being all of them (a
    /// picker, where the selected row shows where a page went).
    pub(super) fn screen(rows: usize) -> Self {
        Self { page: rows, half: (rows / 2).max(1) }
    }
}

/// Scrolls a text `total` lines long shown `rows` at a time (the help,
/// the log); true when `action` was a movement.
pub(super) fn scroll_text(scroll: &mut usize, action: Action, rows: usize, total: usize) -> bool {
    let last = total.saturating_sub(rows);
    moved(*scroll, action, last, Paging::rows(rows)).map(|to| *scroll = to).is_some()
}

/// Moves the selected row of a list `total` rows long; true when `action`
/// was a movement.
pub(super) fn select_row(selected: &mut usize, action: Action, total: usize, paging: Paging) -> bool {
    moved(*selected, action, total.saturating_sub(1), paging).map(|to| *selected = to).is_some()
}

/// Where a movement takes a cursor at `at`, in `0..=last`; `None` when the
/// action is not a movement (the overlay handles it itself).
pub(super) fn moved(at: usize, action: Action, last: usize, paging: Paging) -> Option<usize> {
    let to = match action {
        Action::Down => at.saturating_add(1),
        Action::Up => at.saturating_sub(1),
        Action::PageDown => at.saturating_add(paging.page),
        Action::PageUp => at.saturating_sub(paging.page),
        Action::HalfPageDown => at.saturating_add(paging.half),
        Action::HalfPageUp => at.saturating_sub(paging.half),
        Action::Top => 0,
        Action::Bottom => last,
        Action::Wheel { lines, .. } => {
            let by = usize::from(lines.unsigned_abs()) * WHEEL_LINES;
            if lines > 0 { at.saturating_add(by) } else { at.saturating_sub(by) }
        }
        _ => return None,
    };
    Some(to.min(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movements_stay_in_the_list_and_others_are_not_movements() {
        let paging = Paging::rows(12);
        assert_eq!(moved(0, Action::Up, 9, paging), Some(0));
        assert_eq!(moved(8, Action::Down, 9, paging), Some(9));
        assert_eq!(moved(9, Action::Down, 9, paging), Some(9));
        assert_eq!(moved(0, Action::PageDown, 30, paging), Some(10));
        assert_eq!(moved(20, Action::HalfPageUp, 30, paging), Some(14));
        assert_eq!(moved(3, Action::Bottom, 30, paging), Some(30));
        assert_eq!(moved(3, Action::Top, 30, paging), Some(0));
        assert_eq!(moved(3, Action::Wheel { column: 0, row: 0, lines: 1 }, 30, paging), Some(3 + WHEEL_LINES));
        assert_eq!(moved(0, Action::Down, 0, paging), Some(0), "an empty list stays at 0");
        assert_eq!(moved(3, Action::Open, 30, paging), None);
    }
}
