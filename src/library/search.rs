//! Searching the whole library: every document, on all cores, results
//! streamed per document as they are found; only the newest query runs.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread;

use super::index::{IndexSlot, LibraryIndex, Ranked};
use crate::document::Document;
use crate::search::{Matcher, Query, Rules};

/// Hits listed with their passages in one library search, over all
/// documents; beyond it hits are counted, and the pane says how many are
/// shown.
pub const HITS_LISTED: usize = 200_000;

/// The words around a hit, and where the hit is in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub hit: Range<usize>,
}

/// Documents searched between progress reports.
const PROGRESS_EVERY: usize = 256;

/// A document to search: held in memory, or a file read for the search.
#[derive(Debug, Clone)]
pub enum Target {
    /// In memory: a seed, standard input (no file), or a file held open.
    Held(Arc<Document>, Option<std::path::PathBuf>),
    File(std::path::PathBuf),
}

impl Target {
    /// The document's text now: held, or read from its file (`None`: it
    /// cannot be read any more, gone since it was listed; the watcher
    /// says so).
    fn document(&self) -> Option<Arc<Document>> {
        match self {
            Self::Held(doc, _) => Some(Arc::clone(doc)),
            Self::File(path) => {
                crate::document::with_readability_alone(|| super::read::load_file(path)).ok().map(Arc::new)
            }
        }
    }

    fn path(&self) -> Option<&std::path::Path> {
        match self {
            Self::Held(_, path) => path.as_deref(),
            Self::File(path) => Some(path),
        }
    }
}

/// A search over many documents.
#[derive(Debug, Clone)]
pub struct LibraryJob {
    pub id: u64,
    /// Entry index and document, in the order to search them.
    /// Shared: a job is made for every key typed, and the list of 100 000
    /// documents is made once, not once per key.
    pub docs: Arc<[(usize, Target)]>,
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
        /// The passage around each of the first hits (as many as
        /// [`HITS_LISTED`] leaves for this search): the document's text is
        /// not kept.
        snippets: Vec<Snippet>,
    },
    Progress {
        id: u64,
        searched: usize,
    },
    /// The index chose the documents: hits come best first (BM25), and
    /// only documents the index found are read.
    Ranked {
        id: u64,
        candidates: usize,
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

/// Searches `job`, through `index` when it can answer the query (the
/// documents it finds, best first), else by reading every document on
/// every core; reports each document with hits as soon as it is done;
/// stops early when `cancelled` says so.
pub fn run_library(
    job: &LibraryJob,
    index: Option<&LibraryIndex>,
    cancelled: &(dyn Fn() -> bool + Sync),
    deliver: &(dyn Fn(LibraryOutcome) + Sync),
) {
    use std::sync::atomic::AtomicUsize;
    let id = job.id;
    let matcher = match Matcher::new(&job.query, job.rules) {
        Ok(m) => m,
        Err(err) => {
            deliver(LibraryOutcome::Failed { id, message: err.to_string() });
            return;
        }
    };
    if !job.query.regex
        && let Some(index) = index
        && let Ok(Some(ranked)) = index.search(&job.query.text, job.docs.len())
    {
        run_ranked(job, index, &matcher, &ranked, cancelled, deliver);
        return;
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let listed = AtomicUsize::new(HITS_LISTED);
    let workers = thread::available_parallelism().map_or(2, std::num::NonZero::get).clamp(1, 8);
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while !cancelled() {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(doc) = job.docs.get(i) else { break };
                    if let Some(outcome) = search_one(id, doc, &matcher, &listed, cancelled) {
                        deliver(outcome);
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

/// Finds `matcher`'s hits in one document, with the passages of as many
/// as `listed` still allows.
fn search_one(
    id: u64,
    (entry, target): &(usize, Target),
    matcher: &Matcher,
    listed: &AtomicUsize,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<LibraryOutcome> {
    let doc = target.document()?;
    let hits = matcher.find_in(&doc.text, &|| cancelled()).filter(|h| !h.is_empty())?;
    let room = listed
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| Some(left.saturating_sub(hits.len())))
        .unwrap_or(0)
        .min(hits.len());
    let snippets = hits[..room]
        .iter()
        .map(|range| {
            let block = doc.blocks.get(doc.block_at(range.start)).map_or(0..doc.text.len(), |b| b.range.clone());
            let (text, hit) = crate::search::snippet(&doc.text, block, range, 30, 80);
            Snippet { text, hit }
        })
        .collect();
    Some(LibraryOutcome::Hits { id, entry: *entry, hits, snippets })
}

/// Documents confirmed at once, on two threads, before they are reported
/// in their rank order.
const RANKED_BATCH: usize = 16;

/// The index's candidates, best first: each is read and its hits found by
/// the matcher (a candidate without a real hit is left out), reported in
/// rank order; documents the index cannot hold (a seed, standard input)
/// are searched after.
fn run_ranked(
    job: &LibraryJob,
    index: &LibraryIndex,
    matcher: &Matcher,
    ranked: &Ranked,
    cancelled: &(dyn Fn() -> bool + Sync),
    deliver: &(dyn Fn(LibraryOutcome) + Sync),
) {
    let id = job.id;
    deliver(LibraryOutcome::Ranked { id, candidates: ranked.len() });
    let absolute: Vec<(Option<std::path::PathBuf>, &(usize, Target))> =
        job.docs.iter().map(|d| (d.1.path().and_then(|p| super::absolute(p).ok()), d)).collect();
    let by_path: std::collections::HashMap<&std::path::Path, &(usize, Target)> =
        absolute.iter().filter_map(|(p, d)| Some((p.as_deref()?, *d))).collect();
    let listed = AtomicUsize::new(HITS_LISTED);
    let mut searched = 0;
    let mut next = 0;
    // Searched after the index's choice (found then, not before the
    // first page): what it cannot hold (a seed, standard input, a file
    // whose name is not UTF-8) or does not hold yet.
    let not_indexed = std::cell::OnceCell::new();
    let mut rest = 0;
    loop {
        if cancelled() {
            return;
        }
        // The next batch, best first: paths read from the index now.
        let batch: Vec<&(usize, Target)> = if next < ranked.len() {
            let end = (next + RANKED_BATCH).min(ranked.len());
            let batch = (next..end).filter_map(|i| by_path.get(ranked.path(i)?.as_path()).copied()).collect();
            searched += end - next;
            next = end;
            batch
        } else if let Some(batch) = not_indexed
            .get_or_init(|| {
                absolute
                    .iter()
                    .filter(|(p, _)| p.as_deref().is_none_or(|p| !index.holds(p)))
                    .map(|(_, d)| *d)
                    .collect::<Vec<&(usize, Target)>>()
            })
            .get(rest..)
            .filter(|left| !left.is_empty())
            .map(|left| &left[..left.len().min(RANKED_BATCH)])
        {
            rest += batch.len();
            searched += batch.len();
            batch.to_vec()
        } else {
            break;
        };
        let (head, tail) = batch.split_at(batch.len() / 2);
        let found = thread::scope(|scope| {
            let later =
                scope.spawn(|| tail.iter().map(|d| search_one(id, d, matcher, &listed, cancelled)).collect::<Vec<_>>());
            let mut found: Vec<_> = head.iter().map(|d| search_one(id, d, matcher, &listed, cancelled)).collect();
            found.extend(later.join().unwrap_or_default());
            found
        });
        for outcome in found.into_iter().flatten() {
            deliver(outcome);
        }
        deliver(LibraryOutcome::Progress { id, searched });
    }
    deliver(LibraryOutcome::Done { id, searched });
}

/// The library search thread's handle: like [`Searcher`], only the newest
/// job runs.
pub struct LibrarySearcher {
    jobs: Sender<LibraryJob>,
    latest: Arc<AtomicU64>,
}

impl LibrarySearcher {
    /// Starts the thread; `deliver` receives results as they come. Jobs go
    /// through the index once `index` holds one.
    pub fn spawn(index: Arc<IndexSlot>, deliver: impl Fn(LibraryOutcome) + Send + Sync + 'static) -> Self {
        let (jobs, rx) = mpsc::channel::<LibraryJob>();
        let latest = Arc::new(AtomicU64::new(0));
        let worker_latest = Arc::clone(&latest);
        thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let Some(job) = std::iter::once(first).chain(rx.try_iter()).last() else { continue };
                let cancelled = || worker_latest.load(Ordering::SeqCst) != job.id;
                if !cancelled() {
                    run_library(&job, index.get().as_deref(), &cancelled, &deliver);
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
