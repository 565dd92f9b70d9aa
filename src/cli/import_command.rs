//! `folio import FILE`: a read-it-later export brought into the articles
//! folder, a few articles at a time and at most two per site, with a
//! progress line; what is saved already is skipped, so a stopped import
//! goes on where it was.

use super::*;

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::articles::{Articles, Kept};
use save_command::articles_dir;

/// Bytes of export read at most.
const MAX_EXPORT: u64 = 64 << 20;
/// Articles fetched from one site at once.
const PER_HOST: usize = 2;

/// One article to save: its address, its tags and first-saved date, and
/// what to keep when its page cannot be fetched (a feed item's own text).
pub(super) struct Job {
    pub url: String,
    pub tags: Vec<String>,
    pub saved: Option<String>,
    pub fallback: Option<crate::document::Document>,
    /// Whether `url` is a page to fetch (a feed item without one is kept
    /// from its text alone).
    pub fetch: bool,
}

/// What a pool of fetches did, for each job in the order given.
pub(super) enum Done {
    Saved,
    /// Kept from the feed's text: the page could not be fetched (why).
    FromFeed(String),
    Before,
    Failed(String),
}

/// What the workers share: the jobs left (with their place in the list
/// given), how many are being fetched from each site, the outcomes.
struct Queue {
    left: VecDeque<(usize, Job)>,
    busy: HashMap<String, usize>,
    done: Vec<Option<Done>>,
    finished: usize,
    saved: usize,
    failed: usize,
}

pub(super) fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest).to_ascii_lowercase()
}

/// Saves every job with `jobs` threads, at most [`PER_HOST`] at once
/// from one site, showing a progress line on a terminal; what each did,
/// in the order given.
pub(super) fn save_all(saver: &Articles, list: Vec<Job>, jobs: usize) -> Vec<Done> {
    let total = list.len();
    let queue = Mutex::new(Queue {
        left: list.into_iter().enumerate().collect(),
        busy: HashMap::new(),
        done: (0..total).map(|_| None).collect(),
        finished: 0,
        saved: 0,
        failed: 0,
    });
    let changed = Condvar::new();
    let started = Instant::now();
    let progress = io::stderr().is_terminal() && total > 0;
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, 16) {
            scope.spawn(|| worker(&queue, &changed, saver));
        }
        // The progress line, while the workers run.
        loop {
            let Ok(q) = queue.lock() else { break };
            let (q, _) = match changed.wait_timeout(q, Duration::from_millis(250)) {
                Ok(r) => r,
                Err(_) => break,
            };
            if progress {
                let rate = q.finished as f64 / started.elapsed().as_secs_f64().max(0.001);
                eprint!("\r{}/{total} · {} saved · {} failed · {rate:.1}/s ", q.finished, q.saved, q.failed);
            }
            if q.left.is_empty() && q.busy.values().all(|n| *n == 0) {
                break;
            }
        }
    });
    if progress {
        eprintln!();
    }
    let done = queue.into_inner().map(|q| q.done).unwrap_or_default();
    let mut done: Vec<Done> =
        done.into_iter().map(|d| d.unwrap_or_else(|| Done::Failed("a fetching thread failed".into()))).collect();
    done.resize_with(total, || Done::Failed("a fetching thread failed".into()));
    done
}

pub(super) fn import_command(setup: &Setup, file: &Path, jobs: usize) -> Result<ExitCode> {
    let bytes = match std::fs::File::open(file) {
        Ok(f) => {
            let mut bytes = Vec::new();
            io::Read::read_to_end(&mut io::Read::take(f, MAX_EXPORT + 1), &mut bytes)
                .with_context(|| format!("reading {}", file.display()))?;
            bytes
        }
        Err(err) => {
            eprintln!("folio: {}: {err}", sanitize::line(&file.display().to_string()));
            return Ok(ExitCode::from(2));
        }
    };
    if bytes.len() as u64 > MAX_EXPORT {
        eprintln!("folio: {}: larger than {} MiB: not an export folio reads", file.display(), MAX_EXPORT >> 20);
        return Ok(ExitCode::from(2));
    }
    let (kind, items) = match crate::import::read(&String::from_utf8_lossy(&bytes)) {
        Ok(read) => read,
        Err(err) => {
            eprintln!("folio: {}: {err}", sanitize::line(&file.display().to_string()));
            return Ok(ExitCode::from(2));
        }
    };
    let dir = articles_dir(setup);
    let saver = Articles::open(dir.clone()).with_context(|| format!("creating {}", dir.display()))?;
    let total = items.len();
    let before = items.iter().filter(|i| saver.known(&i.url).is_some()).count();
    let left: VecDeque<_> = items.into_iter().filter(|i| saver.known(&i.url).is_none()).collect();
    say!(
        "{total} articles in {} ({}): {before} saved before, {} to fetch into {}",
        file.display(),
        kind.name(),
        left.len(),
        saver.dir().display()
    );
    let started = Instant::now();
    let urls: Vec<String> = left.iter().map(|i| i.url.clone()).collect();
    let jobs_list = left
        .into_iter()
        .map(|i| Job { url: i.url, tags: i.tags, saved: i.saved, fallback: None, fetch: true })
        .collect();
    let done = save_all(&saver, jobs_list, jobs);
    let mut saved = 0;
    let mut again = 0;
    let mut failures = Vec::new();
    for (url, done) in urls.into_iter().zip(done) {
        match done {
            Done::Saved | Done::FromFeed(_) => saved += 1,
            Done::Before => again += 1,
            Done::Failed(reason) => failures.push((url, reason)),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    say!(
        "imported {saved} articles in {seconds:.1} s; {} were saved before; {} failed",
        before + again,
        failures.len()
    );
    if failures.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    // Beside the articles folder, not in it: the reader lists that folder.
    let list = setup.paths.data_dir.join("import-failures.txt");
    let mut text = String::from(
        "# folio import: the articles that could not be saved, and why. Run the import again to retry them.\n",
    );
    for (url, reason) in &failures {
        text.push_str(&format!("{url}\t{}\n", sanitize::line(reason)));
    }
    crate::fsutil::atomic_write(&list, text.as_bytes()).with_context(|| format!("writing {}", list.display()))?;
    say!("the failures and their reasons are in {}", list.display());
    Ok(ExitCode::from(1))
}

/// Takes articles whose site is not busy, saves them (from the feed's
/// text when the page cannot be fetched and there is one), reports.
fn worker(queue: &Mutex<Queue>, changed: &Condvar, saver: &Articles) {
    loop {
        let (at, job) = {
            let Ok(mut q) = queue.lock() else { return };
            loop {
                if q.left.is_empty() {
                    return;
                }
                let free = q.left.iter().position(|(_, j)| q.busy.get(&host(&j.url)).copied().unwrap_or(0) < PER_HOST);
                if let Some(at) = free
                    && let Some(taken) = q.left.remove(at)
                {
                    *q.busy.entry(host(&taken.1.url)).or_default() += 1;
                    break taken;
                }
                q = match changed.wait(q) {
                    Ok(q) => q,
                    Err(_) => return,
                };
            }
        };
        let fetched = if job.fetch {
            saver.save(&job.url, &job.tags, job.saved.clone(), false)
        } else {
            Err("it has no web page of its own".to_owned())
        };
        let done = match fetched {
            Ok(Kept::New { .. }) => Done::Saved,
            Ok(Kept::Before(_)) => Done::Before,
            Err(reason) => match &job.fallback {
                Some(doc) => {
                    let how =
                        crate::articles::Saved { tags: job.tags.clone(), when: job.saved.clone(), refresh: false };
                    match saver.keep(doc, &job.url, None, &how) {
                        Ok(Kept::New { .. }) => Done::FromFeed(reason),
                        Ok(Kept::Before(_)) => Done::Before,
                        Err(write) => Done::Failed(write),
                    }
                }
                None => Done::Failed(reason),
            },
        };
        let Ok(mut q) = queue.lock() else { return };
        if let Some(n) = q.busy.get_mut(&host(&job.url)) {
            *n = n.saturating_sub(1);
        }
        q.finished += 1;
        match done {
            Done::Saved | Done::FromFeed(_) => q.saved += 1,
            Done::Failed(_) => q.failed += 1,
            Done::Before => {}
        }
        if let Some(slot) = q.done.get_mut(at) {
            *slot = Some(done);
        }
        changed.notify_all();
    }
}
