//! Clicks in the text: how many in a row at one place (a double click
//! selects a word, a triple the paragraph), and where a drag started.

use std::time::{Duration, Instant};

/// Clicks this close together at one place are a double or triple click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

#[derive(Debug, Default)]
pub(super) struct Clicks {
    /// The last click in the text: when, where, how many in a row.
    last: Option<(Instant, u16, u16, u8)>,
    /// Where a drag started in the text (an offset), for selecting with
    /// the mouse.
    pub drag_from: Option<usize>,
}

impl Clicks {
    /// A click on a character of the text at (`column`, `row`) at `now`:
    /// 1, 2 or 3 in a row (a fourth starts again at 1).
    pub(super) fn count(&mut self, now: Instant, column: u16, row: u16) -> u8 {
        let count = match self.last {
            Some((when, c, r, n)) if (c, r) == (column, row) && now.duration_since(when) <= DOUBLE_CLICK => n % 3 + 1,
            _ => 1,
        };
        self.last = Some((now, column, row, count));
        count
    }

    /// A click off the text: the next one starts a new row of clicks.
    pub(super) fn missed(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_at_one_place_in_time_count_up_to_three() {
        let start = Instant::now();
        let mut clicks = Clicks::default();
        let at = |ms| start + Duration::from_millis(ms);
        assert_eq!(clicks.count(at(0), 5, 5), 1);
        assert_eq!(clicks.count(at(100), 5, 5), 2);
        assert_eq!(clicks.count(at(200), 5, 5), 3);
        assert_eq!(clicks.count(at(300), 5, 5), 1, "a fourth starts again");
        assert_eq!(clicks.count(at(350), 6, 5), 1, "another place");
        assert_eq!(clicks.count(at(1000), 6, 5), 1, "too late");
        clicks.missed();
        assert_eq!(clicks.count(at(1100), 6, 5), 1);
    }
}
