//! Searches off the UI thread.
//!
//! Typing in the search prompt submits a job per keystroke; the worker only
//! ever works on the newest one (older jobs still queued are dropped, a
//! running one is abandoned at its next check), so typing never waits for a
//! search. A literal query folds only the pieces of the text that may hold
//! it (see [`super::stream`]); a pattern needs the whole text folded, and
//! those folds are cached per document and fold mode.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::{Fold, Folded, Matcher, Query, Rules, SearchError};
use crate::document::Document;

/// Cached folds kept at most.
const CACHE_ENTRIES: usize = 4;
/// Folded bytes kept at most (the newest fold is always kept).
const CACHE_BYTES: usize = 256 << 20;

/// What to do: find every match of a query in a document.
#[derive(Debug, Clone)]
pub enum Job {
    Find { id: u64, doc: Arc<Document>, query: Query, rules: Rules },
}

/// The answer to a [`Job::Find`].
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: u64,
    pub result: Result<Arc<[Range<usize>]>, SearchError>,
}

/// Folds by document and mode, newest last.
#[derive(Default)]
pub struct FoldCache {
    entries: Vec<(Arc<Document>, Fold, Arc<Folded>)>,
}

impl FoldCache {
    /// The folding of `doc` for `fold`, computed now if not cached.
    pub fn get(&mut self, doc: &Arc<Document>, fold: Fold) -> Arc<Folded> {
        if let Some(k) = self.entries.iter().position(|(d, f, _)| Arc::ptr_eq(d, doc) && *f == fold) {
            let entry = self.entries.remove(k);
            let folded = Arc::clone(&entry.2);
            self.entries.push(entry);
            return folded;
        }
        let folded = Arc::new(super::fold(&doc.text, fold));
        self.entries.push((Arc::clone(doc), fold, Arc::clone(&folded)));
        while self.entries.len() > 1
            && (self.entries.len() > CACHE_ENTRIES
                || self.entries.iter().map(|(_, _, f)| f.bytes.len()).sum::<usize>() > CACHE_BYTES)
        {
            self.entries.remove(0);
        }
        folded
    }
}

/// Runs one find job here and now; `cancelled` is polled while scanning.
pub fn run_find(
    cache: &mut FoldCache,
    doc: &Arc<Document>,
    query: &Query,
    rules: Rules,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Result<Arc<[Range<usize>]>, SearchError>> {
    let matcher = match Matcher::new(query, rules) {
        Ok(m) => m,
        Err(e) => return Some(Err(e)),
    };
    if !query.regex {
        return matcher.find_in(&doc.text, cancelled).map(|m| Ok(Arc::from(m)));
    }
    let folded = cache.get(doc, matcher.mode);
    if cancelled() {
        return None;
    }
    matcher.find_all(&doc.text, &folded, cancelled).map(|m| Ok(Arc::from(m)))
}

/// The worker thread's handle.
pub struct Searcher {
    jobs: Sender<Job>,
    latest: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the worker; `deliver` receives each finished search.
    pub fn spawn(deliver: impl Fn(Outcome) + Send + 'static) -> Self {
        let (jobs, rx) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let worker_latest = Arc::clone(&latest);
        thread::spawn(move || work(&rx, &worker_latest, &deliver));
        Self { jobs, latest }
    }

    /// Queues a job, which makes every older one obsolete.
    pub fn submit(&self, job: Job) {
        let Job::Find { id, .. } = &job;
        self.latest.store(*id, Ordering::SeqCst);
        // The worker only stops when this handle is dropped.
        let _ = self.jobs.send(job);
    }
}

fn work(rx: &Receiver<Job>, latest: &AtomicU64, deliver: &dyn Fn(Outcome)) {
    let mut cache = FoldCache::default();
    while let Ok(first) = rx.recv() {
        // Of everything queued, only the newest find counts.
        let Some(Job::Find { id, doc, query, rules }) = std::iter::once(first).chain(rx.try_iter()).last() else {
            continue;
        };
        let cancelled = || latest.load(Ordering::SeqCst) != id;
        if cancelled() {
            continue;
        }
        if let Some(result) = run_find(&mut cache, &doc, &query, rules, &cancelled) {
            deliver(Outcome { id, result });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_text;
    use std::time::Duration;

    #[test]
    fn newest_job_wins() {
        let doc = Arc::new(parse_text("t.txt", "alpha beta alpha gamma".repeat(1000)));
        let (tx, rx) = mpsc::channel();
        let searcher = Searcher::spawn(move |o| {
            let _ = tx.send(o);
        });
        for (id, q) in [(1, "a"), (2, "al"), (3, "alp"), (4, "gamma")] {
            searcher.submit(Job::Find { id, doc: Arc::clone(&doc), query: Query::literal(q), rules: Rules::default() });
        }
        // Results may come for older jobs that were already running, but the
        // last one delivered is the newest, with the right count.
        let mut last = None;
        while let Ok(outcome) = rx.recv_timeout(Duration::from_secs(5)) {
            let done = outcome.id == 4;
            last = Some(outcome);
            if done {
                break;
            }
        }
        let last = last.expect("an outcome");
        assert_eq!(last.id, 4);
        assert_eq!(last.result.map(|m| m.len()), Ok(1000));
    }

    #[test]
    fn cache_is_bounded_and_reused() {
        let mut cache = FoldCache::default();
        let docs: Vec<_> = (0..6).map(|i| Arc::new(parse_text("t.txt", format!("doc {i}")))).collect();
        let mode = Fold { case: true, accents: true };
        let first = cache.get(&docs[5], mode);
        assert!(Arc::ptr_eq(&first, &cache.get(&docs[5], mode)));
        for d in &docs {
            cache.get(d, mode);
        }
        assert_eq!(cache.entries.len(), CACHE_ENTRIES);
    }
}
