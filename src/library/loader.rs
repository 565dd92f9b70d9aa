//! The background loader: the first file at once, then the walk, each
//! file listed from the metadata cache or parsed on every core, then the
//! index brought up to date; and the reading of one listed file when it is
//! opened.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Document;

use super::entry::{Entry, Loaded, Meta, Origin, Problem};
use super::meta::{MetaCache, stamp};
use super::read::{io_reason, is_large, load_file, load_preview, load_reason};
use super::walk::{Found, find_files, first_file, identity, walk_files};

/// What the background loader reports.
#[derive(Debug)]
pub enum LoadEvent {
    /// The folders were walked: this many files will be tried.
    Found(usize),
    /// A document is listed (its text held or not), or the preview of a
    /// large one (`partial`).
    Entry(Entry),
    /// The beginning of a large file being opened, shown while the rest
    /// loads.
    Preview {
        path: PathBuf,
        doc: Arc<Document>,
    },
    /// The whole of a document being opened, or first sent as a preview.
    Completed {
        path: PathBuf,
        doc: Arc<Document>,
    },
    /// The content hash of a large document, made after it was sent (on
    /// 100 MB it takes longer than parsing, and the reader needs none).
    Hashed {
        path: PathBuf,
        hash: String,
    },
    /// A file in the library changed on disk (`Some`: its new contents) or
    /// went away (`None`).
    Changed {
        path: PathBuf,
        entry: Option<Entry>,
    },
    /// A file could not be opened (and was not counted as loaded).
    Problem(Problem),
    Notice(String),
    /// Every file has been tried.
    Done,
    /// The full-text index is being brought up to date: `done` of `total`
    /// files read into it (`total` 0: not known yet).
    Indexing {
        done: usize,
        total: usize,
    },
    /// The index is up to date and answers library searches (it holds
    /// `documents`).
    Indexed {
        documents: u64,
    },
    /// There is no index to use this time, and why.
    NotIndexed(String),
}

/// Where the loader keeps derived data, and where it hands the index over.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The cache directory; `None`: no cache, no index.
    pub cache_dir: Option<PathBuf>,
    /// Where the index goes once it is up to date (none: not built).
    pub index: Option<Arc<super::index::IndexSlot>>,
}

/// Loads what `paths` name on background threads, reporting through
/// `send`, which returns false when nobody listens any more (loading then
/// stops). The first file is read whole (it is opened at once); then the
/// folders are walked (`Found`) and every other file is listed by its
/// metadata, from the cache in `derived.cache_dir` when the file has not
/// changed since, else parsed on as many threads as there are cores, each
/// sent as soon as it is ready; their texts are not kept. Once all are
/// listed (`Done`), the full-text index of a library with a folder in it
/// is brought up to date (`Indexing`, `Indexed`) and handed over.
pub fn spawn_loader(paths: Vec<PathBuf>, derived: Derived, send: impl Fn(LoadEvent) -> bool + Send + Sync + 'static) {
    let cache_dir = derived.cache_dir.clone();
    let send = Arc::new(send);
    std::thread::spawn(move || {
        // The first file alone first, before the rest of the walk: the
        // first frame shows it at once even in a library of 100 000
        // files, and it is the first of the list, not whichever thread
        // finished first. But never for long: a file that takes long to
        // parse goes on on its own thread, and the list does not wait for
        // it (a page that took two minutes once held "Library (0)").
        let first = first_file(&paths);
        if let Some((path, root)) = first.clone() {
            let (done, wait) = std::sync::mpsc::channel();
            let send = Arc::clone(&send);
            std::thread::spawn(move || {
                let _ = done.send(load_one(&path, &root, &*send));
            });
            if let Ok(false) = wait.recv_timeout(FIRST_FILE_WAIT) {
                return;
            }
        }
        let send = &*send;
        // A cache and an index for libraries with a folder in them; a file
        // or two are parsed faster than a cache is read.
        let derived_dir = cache_dir.as_deref().filter(|_| paths.iter().any(|p| p.is_dir()));
        // The first file is left out of the walk by its identity: the same
        // file, whichever path the walk reaches it by.
        let first_id = first.as_ref().and_then(|(f, _)| fs::metadata(f).ok()).map(|m| identity(&m));
        // The cache and the index's manifest are read on a second thread
        // while this one walks the folders: at 100 000 files each takes
        // about half a second.
        let ((cache, state), index, (files, problems)) = std::thread::scope(|scope| {
            let derived = scope.spawn(|| {
                let cache = derived_dir.map_or_else(
                    || (MetaCache::none(), super::meta::CacheState::Fine),
                    |dir| MetaCache::open(dir, &paths),
                );
                let index = derived_dir
                    .filter(|_| derived.index.is_some())
                    .map(|dir| super::index::LibraryIndex::open(dir, &paths));
                (cache, index)
            });
            let walked = walk_files(&paths, first_id);
            let (cache, index) = derived.join().unwrap_or_else(|_| {
                let failed = super::index::IndexError::Io(io::Error::other("the thread opening it failed"));
                ((MetaCache::none(), super::meta::CacheState::Fine), Some(Err(failed)))
            });
            (cache, index, walked)
        });
        if let super::meta::CacheState::Damaged(why) = state
            && !send(LoadEvent::Notice(format!("the library cache was damaged and is made again ({why})")))
        {
            return;
        }
        if let Some((first, _)) = &first {
            cache.seen(first);
        }
        if !send(LoadEvent::Found(files.len() + usize::from(first.is_some()))) {
            return;
        }
        for problem in problems {
            if !send(LoadEvent::Problem(problem)) {
                return;
            }
        }
        let all_sent = on_every_core(&files, |found| list_one(found, &cache, &send));
        if !all_sent {
            return;
        }
        if let Err(err) = cache.save() {
            let file = cache.file().map(|f| f.display().to_string()).unwrap_or_default();
            let _ = send(LoadEvent::Notice(format!("could not write the library cache {file}: {}", io_reason(&err))));
        }
        let index = index.zip(derived.index);
        // The cache's maps are not needed any more: freed before the index
        // is built (100 000 entries are tens of MiB), on a thread of their
        // own, as freeing them takes a tenth of a second.
        std::thread::spawn(move || drop(cache));
        // Said before `Done`, so the list never looks finished while the
        // index is still to be checked.
        if index.is_some() && !send(LoadEvent::Indexing { done: 0, total: 0 }) {
            return;
        }
        if !send(LoadEvent::Done) {
            return;
        }
        if let Some((opened, slot)) = index {
            let mut stamped: Vec<(PathBuf, (u64, i128))> = files
                .into_iter()
                .filter_map(|f| {
                    let stamp = stamp(&f.meta)?;
                    Some((super::into_absolute(f.path).ok()?, stamp))
                })
                .collect();
            if let Some((first, _)) = &first
                && let (Ok(path), Some(stamp)) =
                    (super::absolute(first), fs::metadata(first).ok().as_ref().and_then(stamp))
            {
                stamped.push((path, stamp));
            }
            index_library(opened, &stamped, &slot, &send);
        }
    });
}

/// How long the walk waits for the first file before listing the others.
const FIRST_FILE_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Brings the library's index (as it was opened) up to date with `files`,
/// and puts it in `slot`; says what it does through `send`.
fn index_library(
    opened: Result<(super::index::LibraryIndex, Option<String>), super::index::IndexError>,
    files: &[(PathBuf, (u64, i128))],
    slot: &super::index::IndexSlot,
    send: &impl Fn(LoadEvent) -> bool,
) {
    let index = match opened {
        Ok((index, notice)) => {
            if let Some(notice) = notice
                && !send(LoadEvent::Notice(notice))
            {
                return;
            }
            index
        }
        Err(err) => {
            let _ = send(LoadEvent::NotIndexed(format!(
                "no library index ({err}): library search reads every document instead"
            )));
            return;
        }
    };
    // Progress about every 1 % (and at the start and end).
    let step = (files.len() / 100).max(1);
    let progress = |done: usize, total: usize| {
        if done.is_multiple_of(step) || done == total { send(LoadEvent::Indexing { done, total }) } else { true }
    };
    match index.update(files, &progress) {
        Ok(()) => {
            let documents = index.len();
            slot.set(Arc::new(index));
            send(LoadEvent::Indexed { documents });
        }
        Err(err) => {
            let _ = send(LoadEvent::NotIndexed(format!(
                "the library index is not up to date ({err}): library search reads every document instead"
            )));
        }
    }
}

/// Runs `each` on every item on every core (up to 8 threads), items taken
/// in order; stops early once `each` returns false (nobody listens), and
/// then returns false.
fn on_every_core<T: Sync>(items: &[T], each: impl Fn(&T) -> bool + Sync) -> bool {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get).clamp(1, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if !each(item) {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    !stop.load(Ordering::Relaxed)
}

/// Lists one file by its metadata: from the cache when the file kept its
/// size and time, else parsed (and the text dropped). Returns false when
/// the receiver is gone.
fn list_one(found: &Found, cache: &MetaCache, send: &impl Fn(LoadEvent) -> bool) -> bool {
    let path = &found.path;
    let origin = Origin::File { path: path.clone(), root: found.root.clone() };
    let modified = found.meta.modified().ok();
    let stamp = stamp(&found.meta);
    if let Some((info, hash)) = stamp.and_then(|s| cache.get(path, s)) {
        return send(LoadEvent::Entry(Entry { modified, ..Entry::listed(info, hash, origin) }));
    }
    match crate::document::with_readability_alone(|| load_file(path)) {
        Ok(doc) => {
            for notice in &doc.notices {
                if !send(LoadEvent::Notice(format!("{}: {notice}", path.display()))) {
                    return false;
                }
            }
            let info = Arc::new(Meta::of(&doc));
            let hash = crate::document::content_hash(&doc.text);
            drop(doc);
            if let Some(stamp) = stamp {
                cache.put(path, stamp, &info, &hash);
            }
            send(LoadEvent::Entry(Entry { modified, ..Entry::listed(info, hash, origin) }))
        }
        Err(err) => send(LoadEvent::Problem(Problem { path: path.to_path_buf(), reason: load_reason(&err) })),
    }
}

/// Loads one file, holding its text, sending a preview first when it is
/// large. Returns false when the receiver is gone.
#[must_use]
pub fn load_one(path: &Path, root: &Path, send: &impl Fn(LoadEvent) -> bool) -> bool {
    let origin = || Origin::File { path: path.to_path_buf(), root: root.to_path_buf() };
    let meta = fs::metadata(path).ok();
    let modified = meta.as_ref().and_then(|m| m.modified().ok());
    let mut previewed = false;
    if is_large(path, meta.as_ref())
        && let Ok(doc) = load_preview(path)
    {
        let entry = Entry { partial: true, modified, ..Entry::new(doc, origin()) };
        if !send(LoadEvent::Entry(entry)) {
            return false;
        }
        previewed = true;
    }
    match load_file(path) {
        Ok(doc) => {
            for notice in &doc.notices {
                if !send(LoadEvent::Notice(format!("{}: {notice}", path.display()))) {
                    return false;
                }
            }
            if previewed {
                complete(path, Arc::new(doc), send)
            } else {
                send(LoadEvent::Entry(Entry { modified, ..Entry::new(doc, origin()) }))
            }
        }
        Err(err) => send(LoadEvent::Problem(Problem { path: path.to_path_buf(), reason: load_reason(&err) })),
    }
}

/// Sends a whole document, then its hash.
fn complete(path: &Path, doc: Arc<Document>, send: &impl Fn(LoadEvent) -> bool) -> bool {
    if !send(LoadEvent::Completed { path: path.to_path_buf(), doc: Arc::clone(&doc) }) {
        return false;
    }
    let hash = crate::document::content_hash(&doc.text);
    send(LoadEvent::Hashed { path: path.to_path_buf(), hash })
}

/// Reads a listed file again to open it: a preview first when it is large
/// ([`LoadEvent::Preview`]), then the whole ([`LoadEvent::Completed`]) and
/// its hash; a [`LoadEvent::Problem`] naming it when it cannot be read.
pub fn open_listed(path: &Path, send: &impl Fn(LoadEvent) -> bool) {
    if is_large(path, fs::metadata(path).ok().as_ref())
        && let Ok(doc) = load_preview(path)
        && !send(LoadEvent::Preview { path: path.to_path_buf(), doc: Arc::new(doc) })
    {
        return;
    }
    let _ = match load_file(path) {
        Ok(doc) => complete(path, Arc::new(doc), send),
        Err(err) => send(LoadEvent::Problem(Problem { path: path.to_path_buf(), reason: load_reason(&err) })),
    };
}

/// Loads every file `paths` name, in order.
#[must_use]
pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    let (files, mut problems) = find_files(paths);
    let mut loaded = Loaded::default();
    for (path, root) in files {
        match load_file(&path) {
            Ok(doc) => {
                for notice in &doc.notices {
                    loaded.notices.push(format!("{}: {notice}", path.display()));
                }
                loaded.entries.push(Entry::new(doc, Origin::File { path, root }));
            }
            Err(err) => problems.push(Problem { path, reason: load_reason(&err) }),
        }
    }
    loaded.problems = problems;
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_paths_are_named_and_the_rest_opens() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let good = dir.path().join("good.txt");
        let binary = dir.path().join("bin.txt");
        let empty = dir.path().join("empty.txt");
        fs::write(&good, "Hello there.")?;
        fs::write(&binary, b"\x7fELF\0\0")?;
        fs::write(&empty, "")?;
        let missing = dir.path().join("missing.txt");
        let loaded = load_paths(&[missing.clone(), good, binary.clone(), empty]);
        assert_eq!(loaded.entries.len(), 2);
        assert_eq!(loaded.problems.len(), 2);
        assert_eq!(loaded.problems[0].to_string(), format!("{}: no such file or directory", missing.display()));
        assert!(loaded.problems[1].reason.contains("binary"));
        assert!(loaded.entries[1].doc.as_ref().is_some_and(|d| d.blocks.is_empty()));
        Ok(())
    }
}
