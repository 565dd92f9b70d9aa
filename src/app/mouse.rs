//! The mouse: what a turn of the wheel or a click comes to, once
//! [`super::Screen::under`] has said what is under it. The wheel scrolls
//! the pane under it whichever has the focus; a click on a document of the
//! list opens it (the list keeping the focus), one in the text may select
//! a word or a paragraph (two or three in a row).

use super::outcome::Outcome;
use super::{ListView, Under, WHEEL_LINES};

/// The wheel turned `lines` (down when positive) over `under`.
pub(super) fn wheel(under: Under, lines: i16, view: &ListView) -> Vec<Outcome> {
    let n = usize::from(lines.unsigned_abs());
    match under {
        Under::ListItem(_) | Under::ListTitle => {
            let row = if lines > 0 { view.selected.saturating_add(n) } else { view.selected.saturating_sub(n) };
            vec![Outcome::SelectRow(row)]
        }
        Under::Reader => vec![Outcome::Scroll { lines: n * WHEEL_LINES, down: lines > 0 }],
        Under::Nothing => Vec::new(),
    }
}

/// A click at (`column`, `row`) over `under`.
pub(super) fn click(under: Under, (column, row): (u16, u16), view: &ListView) -> Vec<Outcome> {
    match under {
        Under::ListItem(item) => {
            let row = view.offset + item;
            let open = view.order.get(row).map(|&entry| [Outcome::SelectRow(row), Outcome::Reopen(entry)]);
            open.into_iter().flatten().chain([Outcome::FocusList]).collect()
        }
        Under::ListTitle => vec![Outcome::FocusList],
        Under::Reader => vec![Outcome::ClickText { column, row }],
        Under::Nothing => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(order: Vec<usize>, offset: usize, selected: usize) -> ListView {
        let mut view = ListView::default();
        (view.order, view.offset, view.selected) = (order, offset, selected);
        view
    }

    #[test]
    fn the_mouse_acts_on_the_pane_under_it() {
        let list = view(vec![7, 3, 9, 4], 1, 2);
        assert!(matches!(wheel(Under::ListItem(0), 3, &list).as_slice(), [Outcome::SelectRow(5)]));
        assert!(matches!(wheel(Under::ListTitle, -5, &list).as_slice(), [Outcome::SelectRow(0)]));
        assert!(matches!(
            wheel(Under::Reader, -2, &list).as_slice(),
            [Outcome::Scroll { lines, down: false }] if *lines == 2 * WHEEL_LINES
        ));
        assert!(wheel(Under::Nothing, 1, &list).is_empty());
        // The second row shown is the third of the list: entry 9.
        assert!(matches!(
            click(Under::ListItem(1), (4, 5), &list).as_slice(),
            [Outcome::SelectRow(2), Outcome::Reopen(9), Outcome::FocusList]
        ));
        assert!(matches!(click(Under::ListItem(8), (4, 5), &list).as_slice(), [Outcome::FocusList]), "below the last");
        assert!(matches!(click(Under::Reader, (40, 6), &list).as_slice(), [Outcome::ClickText { column: 40, row: 6 }]));
    }
}
