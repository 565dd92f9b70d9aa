//! Library-wide search (`S`) as a part: the results in force as they
//! stream in, grouped by document, and the number of the last search sent
//! (an answer to an older one is dropped). It opens its overlay and
//! prompt, sends its job, takes the worker's answers and says where a
//! chosen row leads; what it needs of the library (the documents to go
//! through, in the list's order) is handed to it.

use std::sync::Arc;

use super::outcome::Outcome;
use super::{Effect, Overlay, Prompt, Purpose};
use crate::library::{HITS_LISTED, LibraryOutcome, Snippet, Target};
use crate::search::{Query, Rules};

/// Library search: the results in force and the last job's number.
#[derive(Debug, Default)]
pub struct Results {
    search: Option<LibrarySearch>,
    job: u64,
}

impl Results {
    /// The results in force, if a search was typed.
    #[must_use]
    pub fn search(&self) -> Option<&LibrarySearch> {
        self.search.as_ref()
    }

    /// `S`: the results overlay, and the prompt with the last query
    /// selected (typing replaces it).
    pub(super) fn start(&self) -> Vec<Outcome> {
        let previous = self.search.as_ref().map(|s| s.query.text.clone()).unwrap_or_default();
        vec![
            Outcome::Overlay(Overlay::Results(super::ResultList::default())),
            Outcome::Prompt(Some(Prompt::with_selected(Purpose::LibrarySearch, &previous))),
        ]
    }

    /// Sends a search for `query` (as typed) through the documents `docs`
    /// gives (asked only when there is a query); an empty query clears the
    /// results.
    pub(super) fn submit(
        &mut self,
        query: Query,
        rules: Rules,
        docs: impl FnOnce() -> Arc<[(usize, Target)]>,
    ) -> Vec<Outcome> {
        if query.text.is_empty() {
            self.search = None;
            return Vec::new();
        }
        self.job += 1;
        let docs = docs();
        self.search = Some(LibrarySearch::new(query.clone(), self.job, docs.len()));
        let job = crate::library::LibraryJob { id: self.job, docs, query, rules };
        vec![
            Outcome::Effect(Effect::SearchLibrary(job)),
            Outcome::Overlay(Overlay::Results(super::ResultList::default())),
        ]
    }

    /// Takes in the worker's answer (one for an older search is dropped).
    pub(super) fn take(&mut self, outcome: LibraryOutcome) {
        if let Some(search) = &mut self.search {
            search.apply(outcome);
        }
    }

    /// Where row `row` of the pane leads: a document and its hit (its
    /// first for a document's own row).
    #[must_use]
    pub(super) fn chosen(&self, row: usize) -> Option<(usize, usize)> {
        match self.search.as_ref()?.row(row)? {
            ResultRow::Hit { entry, hit } => Some((entry, hit)),
            ResultRow::Document { entry, .. } => Some((entry, 0)),
        }
    }
}

/// One document's hits in library search.
#[derive(Debug, Clone)]
pub struct ResultGroup {
    pub entry: usize,
    /// The hits listed, in order (all of them unless over [`HITS_LISTED`]).
    pub hits: Vec<std::ops::Range<usize>>,
    /// The passage of each hit listed.
    pub snippets: Vec<Snippet>,
    /// Hits in the document in all.
    pub count: usize,
}

/// Library-wide search results as they stream in.
#[derive(Debug, Clone)]
pub struct LibrarySearch {
    pub query: Query,
    id: u64,
    /// Documents with hits, in the order they came.
    pub groups: Vec<ResultGroup>,
    /// Where each group's heading row is: the pane is virtual, so a row is
    /// found by binary search, not by walking tens of thousands of hits.
    row_starts: Vec<usize>,
    rows: usize,
    /// Hits in all, and hits kept.
    pub total: usize,
    pub kept: usize,
    /// Documents searched so far, and in all.
    pub searched: usize,
    pub of: usize,
    /// The index chose this many documents to read, best first (`None`:
    /// every document is read).
    pub ranked: Option<usize>,
    pub done: bool,
    pub error: Option<String>,
}

impl LibrarySearch {
    pub(super) fn new(query: Query, id: u64, of: usize) -> Self {
        Self {
            query,
            id,
            groups: Vec::new(),
            row_starts: Vec::new(),
            rows: 0,
            total: 0,
            kept: 0,
            searched: 0,
            of,
            ranked: None,
            done: false,
            error: None,
        }
    }

    /// All hits.
    #[must_use]
    pub fn total(&self) -> usize {
        self.total
    }

    fn push(&mut self, entry: usize, mut hits: Vec<std::ops::Range<usize>>, mut snippets: Vec<Snippet>) {
        let count = hits.len();
        // Listed: hits with a passage, while there is room.
        hits.truncate(HITS_LISTED.saturating_sub(self.kept).min(snippets.len()));
        snippets.truncate(hits.len());
        self.total += count;
        self.kept += hits.len();
        self.row_starts.push(self.rows);
        self.rows += hits.len() + 1;
        self.groups.push(ResultGroup { entry, hits, snippets, count });
    }

    /// Row `i` of the results pane: a document heading, or one of its hits.
    #[must_use]
    pub fn row(&self, i: usize) -> Option<ResultRow> {
        let g = self.row_starts.partition_point(|&start| start <= i).checked_sub(1)?;
        let group = self.groups.get(g)?;
        match i - self.row_starts[g] {
            0 => Some(ResultRow::Document { entry: group.entry, count: group.count }),
            k if k <= group.hits.len() => Some(ResultRow::Hit { entry: group.entry, hit: k - 1 }),
            _ => None,
        }
    }

    /// How many rows the pane has.
    #[must_use]
    pub fn row_count(&self) -> usize {
        self.rows
    }

    /// The passage of hit `hit` of `entry`.
    #[must_use]
    pub fn snippet(&self, entry: usize, hit: usize) -> Option<&Snippet> {
        self.groups.iter().find(|g| g.entry == entry).and_then(|g| g.snippets.get(hit))
    }

    /// The range of hit `hit` of `entry`.
    #[must_use]
    pub fn hit(&self, entry: usize, hit: usize) -> Option<std::ops::Range<usize>> {
        self.groups.iter().find(|g| g.entry == entry).and_then(|g| g.hits.get(hit)).cloned()
    }
}

/// One row of the results pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultRow {
    Document { entry: usize, count: usize },
    Hit { entry: usize, hit: usize },
}

impl LibrarySearch {
    /// Takes in results as they stream (those of an older search are
    /// dropped).
    pub(super) fn apply(&mut self, outcome: LibraryOutcome) {
        match outcome {
            LibraryOutcome::Hits { id, entry, hits, snippets } if id == self.id => self.push(entry, hits, snippets),
            LibraryOutcome::Progress { id, searched } if id == self.id => self.searched = searched,
            LibraryOutcome::Ranked { id, candidates } if id == self.id => self.ranked = Some(candidates),
            LibraryOutcome::Done { id, searched } if id == self.id => {
                self.searched = searched;
                self.done = true;
            }
            LibraryOutcome::Failed { id, message } if id == self.id => {
                self.error = Some(message);
                self.done = true;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The part alone: `S` opens the overlay and a prompt with the last
    /// query; a query is a job with a new number, and only that job's
    /// answers count; a row leads to its document and hit; nothing typed
    /// clears the results without asking for documents.
    #[test]
    fn library_search_sends_takes_and_leads_to_its_hits() {
        let mut results = Results::default();
        assert!(matches!(
            results.start().as_slice(),
            [Outcome::Overlay(Overlay::Results(_)), Outcome::Prompt(Some(_))]
        ));
        let docs = || -> Arc<[(usize, Target)]> { Arc::from(Vec::new()) };
        let sent = results.submit(Query::literal("whale"), Rules::default(), docs);
        let Some(Outcome::Effect(Effect::SearchLibrary(job))) = sent.first() else { panic!("a job: {sent:?}") };
        let id = job.id;
        results.take(LibraryOutcome::Hits { id: id + 1, entry: 3, hits: vec![0..5, 9..14], snippets: Vec::new() });
        assert_eq!(results.search().map(LibrarySearch::total), Some(0), "another search's answer is dropped");
        let snippet = Snippet { text: "whale".into(), hit: 0..5 };
        results.take(LibraryOutcome::Hits {
            id,
            entry: 3,
            hits: vec![0..5, 9..14],
            snippets: vec![snippet.clone(), snippet],
        });
        assert_eq!(results.chosen(0), Some((3, 0)), "the document's row: its first hit");
        assert_eq!(results.chosen(2), Some((3, 1)));
        let again = results.start();
        assert!(matches!(again.get(1), Some(Outcome::Prompt(Some(p))) if p.input == "whale" && p.selected));
        let cleared = results.submit(Query::literal(""), Rules::default(), || panic!("no documents asked for"));
        assert!(cleared.is_empty() && results.search().is_none());
    }
}
