//! Searching the whole library: every document, on all cores, results
//! streamed per document as they are found; only the newest query runs.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread;

use crate::document::Document;
use crate::search::{Matcher, Query, Rules};

/// Documents searched between progress reports.
const PROGRESS_EVERY: usize = 256;

/// A document to search: held in memory, or a file read for the search.
#[derive(Debug, Clone)]
pub enum Target {
    Held(Arc<Document>),
    File(std::path::PathBuf),
}

/// A search over many documents.
#[derive(Debug, Clone)]
pub struct LibraryJob {
    pub id: u64,
    /// Entry index and document, in the order to search them.
    pub docs: Vec<(usize, Target)>,
    pub query: Query,
    pub rules: Rules,
}

/// What a library search reports, as it goes.
#[derive(Debug, Clone)]
pub enum LibraryOutcome {
    /// A document with hits: every one, in order. Snippets are made when
    /// a hit is drawn, so a common word costs its ranges only.
    Hits {
        id: u64,
        entry: usize,
        hits: Vec<Range<usize>>,
        /// The document searched, for the snippets.
        doc: Arc<Document>,
    },
    Progress {
        id: u64,
        searched: usize,
    },
    Done {
        id: u64,
        searched: usize,
    },
    /// The query cannot be searched (an invalid pattern).
    Failed {
        id: u64,
        message: String,
    },
}

/// Searches `job` on every core, reporting each document with hits as soon
/// as it is done; stops early when `cancelled` says so.
pub fn run_library(job: &LibraryJob, cancelled: &(dyn Fn() -> bool + Sync), deliver: &(dyn Fn(LibraryOutcome) + Sync)) {
    use std::sync::atomic::AtomicUsize;
    let id = job.id;
    let matcher = match Matcher::new(&job.query, job.rules) {
        Ok(m) => m,
        Err(err) => {
            deliver(LibraryOutcome::Failed { id, message: err.to_string() });
            return;
        }
    };
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = thread::available_parallelism().map_or(2, std::num::NonZero::get).clamp(1, 8);
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while !cancelled() {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((entry, target)) = job.docs.get(i) else { break };
                    // A file that cannot be read now (gone since it was
                    // listed) has no hits; the watcher reports it.
                    let doc = match target {
                        Target::Held(doc) => Some(Arc::clone(doc)),
                        Target::File(path) => super::store::load_file(path).ok().map(Arc::new),
                    };
                    if let Some(doc) = doc
                        && let Some(hits) = matcher.find_in(&doc.text, &|| cancelled())
                        && !hits.is_empty()
                    {
                        deliver(LibraryOutcome::Hits { id, entry: *entry, hits, doc });
                    }
                    let searched = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if searched.is_multiple_of(PROGRESS_EVERY) {
                        deliver(LibraryOutcome::Progress { id, searched });
                    }
                }
            });
        }
    });
    if !cancelled() {
        deliver(LibraryOutcome::Done { id, searched: done.load(Ordering::Relaxed) });
    }
}

/// The library search thread's handle: like [`Searcher`], only the newest
/// job runs.
pub struct LibrarySearcher {
    jobs: Sender<LibraryJob>,
    latest: Arc<AtomicU64>,
}

impl LibrarySearcher {
    /// Starts the thread; `deliver` receives results as they come.
    pub fn spawn(deliver: impl Fn(LibraryOutcome) + Send + Sync + 'static) -> Self {
        let (jobs, rx) = mpsc::channel::<LibraryJob>();
        let latest = Arc::new(AtomicU64::new(0));
        let worker_latest = Arc::clone(&latest);
        thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let Some(job) = std::iter::once(first).chain(rx.try_iter()).last() else { continue };
                let cancelled = || worker_latest.load(Ordering::SeqCst) != job.id;
                if !cancelled() {
                    run_library(&job, &cancelled, &deliver);
                }
            }
        });
        Self { jobs, latest }
    }

    pub fn submit(&self, job: LibraryJob) {
        self.latest.store(job.id, Ordering::SeqCst);
        let _ = self.jobs.send(job);
    }
}
