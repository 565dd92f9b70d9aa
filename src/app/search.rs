//! In-document search: the search in force, its matches, and which one
//! is selected.
//!
//! Each change to the query submits a [`crate::search::Job`] (as an
//! effect for the runner); results come back through
//! [`SearchState::take`] and are ignored unless they answer the newest job.

use std::ops::Range;
use std::sync::Arc;

use crate::document::Document;
use crate::search::{Outcome, Query, SearchError};

/// Said when `n` or `N` goes round an end.
const WRAPPED_DOWN: &str = "search hit BOTTOM, continuing at TOP";
const WRAPPED_UP: &str = "search hit TOP, continuing at BOTTOM";

/// The search in force.
#[derive(Debug, Clone)]
pub struct SearchState {
    pub query: Query,
    /// The document searched.
    pub entry: usize,
    id: u64,
    /// Matches as ranges of the document's text, in order.
    pub matches: Arc<[Range<usize>]>,
    /// The selected match.
    pub current: Option<usize>,
    pub error: Option<String>,
    /// Waiting for the worker.
    pub pending: bool,
    /// Move the view to a match when the result arrives.
    jump: bool,
    /// Select the match starting here when the result arrives.
    select_at: Option<usize>,
    /// The text searched was only the preview of a document still
    /// loading: the search runs again over the whole text when it arrives,
    /// and "no match" is not said until then.
    pub partial: bool,
}

impl SearchState {
    /// The status text: `match 3/17`, `no match for "x"`, `searching…`.
    #[must_use]
    pub fn summary(&self) -> String {
        if let Some(error) = &self.error {
            return error.clone();
        }
        if self.partial && self.matches.is_empty() {
            return "searching while loading…".to_owned();
        }
        if self.pending && self.matches.is_empty() {
            return "searching…".to_owned();
        }
        let so_far = if self.partial { " so far (loading…)" } else { "" };
        match (self.current, self.matches.len()) {
            (Some(i), n) if self.partial => format!("match {}/{n}{so_far}", i + 1),
            (None, n) if self.partial => format!("{n} matches{so_far}"),
            (_, 0) => format!("no match for \"{}\"", self.query.text),
            (Some(i), n) => format!("match {}/{n}", i + 1),
            (None, n) => format!("{n} matches"),
        }
    }
}

impl SearchState {
    /// A search for `query` in entry `entry` (job `id`), the old matches
    /// kept until the new ones arrive (no flicker); `jump`: move the view
    /// to a match when they do; `partial`: only a preview is searched.
    pub(super) fn new(
        query: Query,
        entry: usize,
        id: u64,
        matches: Arc<[Range<usize>]>,
        jump: bool,
        partial: bool,
    ) -> Self {
        Self { query, entry, id, matches, current: None, error: None, pending: true, jump, select_at: None, partial }
    }

    /// Select the match starting at `offset` when the result arrives.
    pub(super) fn select_when_found(&mut self, offset: Option<usize>) {
        self.select_at = offset;
    }

    pub(super) fn entry_differs(&self, open: Option<usize>) -> bool {
        open.is_some_and(|e| e != self.entry)
    }

    /// Takes in a finished search of `doc` (the open document, if it is
    /// the one searched); false for a stale answer. True and the view is
    /// to move to a match if the search asked for that.
    pub(super) fn take(&mut self, outcome: Outcome, doc: Option<&Document>) -> Option<bool> {
        /// Whether a match is in a block of the document.
        fn shown(doc: &Document, m: &Range<usize>) -> bool {
            doc.blocks.get(doc.block_at(m.start)).is_some_and(|b| b.range.start <= m.start && m.end <= b.range.end)
        }
        if self.id != outcome.id {
            return None;
        }
        self.pending = false;
        match outcome.result {
            Ok(matches) => {
                // Only what can be shown counts: a match in text no block
                // shows (an article's `Source:` line, kept as metadata) was
                // "match 20/20" with nothing highlighted.
                self.matches = match doc {
                    Some(doc) if matches.iter().any(|m| !shown(doc, m)) => {
                        matches.iter().filter(|m| shown(doc, m)).cloned().collect::<Vec<_>>().into()
                    }
                    _ => matches,
                };
                self.error = None;
            }
            Err(SearchError::Empty) => self.matches = Arc::from(Vec::new()),
            Err(SearchError::Regex(message)) => {
                self.matches = Arc::from(Vec::new());
                self.error = Some(format!("invalid regex: {message}"));
            }
        }
        self.current = self.select_at.take().and_then(|at| self.matches.iter().position(|m| m.start == at));
        let jump = std::mem::take(&mut self.jump);
        if jump && self.matches.is_empty() {
            // Over a preview, the jump waits for the whole text.
            self.jump = self.partial;
        }
        Some(jump)
    }

    /// The first match at or after offset `from`, going round to the
    /// first, with what to say if it went round.
    pub(super) fn first_from(&self, from: usize) -> Option<(usize, Option<&'static str>)> {
        if self.matches.is_empty() {
            return None;
        }
        let next = self.matches.partition_point(|m| m.start < from);
        Some(if next < self.matches.len() { (next, None) } else { (0, Some(WRAPPED_DOWN)) })
    }

    /// `n` / `N`: the next or previous match from the selected one (or
    /// from offset `from`, the top of the view, when none is), wrapping
    /// at the ends, with what to say if it went round.
    pub(super) fn step(&self, forward: bool, from: usize) -> Option<(usize, Option<&'static str>)> {
        let len = self.matches.len();
        if len == 0 {
            return None;
        }
        Some(match self.current {
            Some(i) if forward && i + 1 == len => (0, Some(WRAPPED_DOWN)),
            Some(0) if !forward => (len - 1, Some(WRAPPED_UP)),
            Some(i) if forward => (i + 1, None),
            Some(i) => (i - 1, None),
            None => {
                let after = self.matches.partition_point(|m| m.start < from);
                if forward {
                    if after < len { (after, None) } else { (0, Some(WRAPPED_DOWN)) }
                } else if after > 0 {
                    (after - 1, None)
                } else {
                    (len - 1, Some(WRAPPED_UP))
                }
            }
        })
    }

    /// Matches that fall in `range`, with whether each is the selected one.
    #[must_use]
    pub fn matches_in(&self, range: Range<usize>) -> Vec<(Range<usize>, bool)> {
        let first = self.matches.partition_point(|m| m.end <= range.start);
        self.matches[first..]
            .iter()
            .enumerate()
            .take_while(|(_, m)| m.start < range.end)
            .map(|(k, m)| (m.clone(), self.current == Some(first + k)))
            .collect()
    }

    /// A search of a preview to run again over the whole text: the query,
    /// the match to keep selected, and whether the view still waits to
    /// jump to a first match.
    pub(super) fn again(&self) -> (Query, Option<usize>, bool) {
        let selected = self.current.and_then(|i| self.matches.get(i)).map(|m| m.start);
        (self.query.clone(), selected, selected.is_none() && self.jump)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(at: &[usize]) -> SearchState {
        let matches: Vec<Range<usize>> = at.iter().map(|&a| a..a + 3).collect();
        let mut search = SearchState::new(Query::literal("abc"), 0, 7, Arc::from(Vec::new()), true, false);
        let jump = search.take(Outcome { id: 7, result: Ok(matches.into()) }, None);
        assert_eq!(jump, Some(true), "the answer to its own job, and the view was to jump");
        search
    }

    /// The search alone, without an app: which match `n` and `N` go to,
    /// from the selected one or from the top of the view, going round.
    #[test]
    fn steps_go_round_the_ends_and_say_so() {
        let mut search = found(&[10, 50, 90]);
        assert_eq!(search.first_from(40), Some((1, None)));
        assert_eq!(search.first_from(95), Some((0, Some(WRAPPED_DOWN))));
        assert_eq!(search.step(true, 60), Some((2, None)), "none selected: the first below the top");
        assert_eq!(search.step(false, 5), Some((2, Some(WRAPPED_UP))));
        search.current = Some(2);
        assert_eq!(search.step(true, 0), Some((0, Some(WRAPPED_DOWN))));
        assert_eq!(search.matches_in(45..100), [(50..53, false), (90..93, true)]);
        let stale = Outcome { id: 6, result: Ok(Arc::from(Vec::new())) };
        assert_eq!(search.take(stale, None), None, "an older job's answer is dropped");
        assert_eq!(search.matches.len(), 3);
    }
}
