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

/// What the workers share: the articles left, how many are being fetched
/// from each site, and the outcomes so far.
struct Queue {
    left: VecDeque<crate::import::Item>,
    busy: HashMap<String, usize>,
    saved: usize,
    before: usize,
    failures: Vec<(String, String)>,
}

fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest).to_ascii_lowercase()
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
    println!(
        "{total} articles in {} ({}): {before} saved before, {} to fetch into {}",
        file.display(),
        kind.name(),
        left.len(),
        saver.dir().display()
    );
    let to_fetch = left.len();
    let queue = Mutex::new(Queue { left, busy: HashMap::new(), saved: 0, before: 0, failures: Vec::new() });
    let changed = Condvar::new();
    let started = Instant::now();
    let progress = io::stderr().is_terminal();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, 16) {
            scope.spawn(|| worker(&queue, &changed, &saver));
        }
        // The progress line, while the workers run.
        loop {
            let Ok(q) = queue.lock() else { break };
            let done = q.saved + q.before + q.failures.len();
            let (q, _) = match changed.wait_timeout(q, Duration::from_millis(250)) {
                Ok(r) => r,
                Err(_) => break,
            };
            if progress {
                let rate = done as f64 / started.elapsed().as_secs_f64().max(0.001);
                eprint!("\r{done}/{to_fetch} · {} saved · {} failed · {rate:.1}/s ", q.saved, q.failures.len());
            }
            if q.left.is_empty() && q.busy.values().all(|n| *n == 0) {
                break;
            }
        }
    });
    if progress {
        eprintln!();
    }
    let q = queue.into_inner().map_err(|_| anyhow::anyhow!("an import thread failed"))?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "imported {} articles in {seconds:.1} s; {} were saved before; {} failed",
        q.saved,
        before + q.before,
        q.failures.len()
    );
    if q.failures.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let list = saver.dir().join("import-failures.txt");
    let mut text = String::from(
        "# folio import: the articles that could not be saved, and why. Run the import again to retry them.\n",
    );
    for (url, reason) in &q.failures {
        text.push_str(&format!("{url}\t{}\n", sanitize::line(reason)));
    }
    crate::fsutil::atomic_write(&list, text.as_bytes()).with_context(|| format!("writing {}", list.display()))?;
    println!("the failures and their reasons are in {}", list.display());
    Ok(ExitCode::from(1))
}

/// Takes articles whose site is not busy, saves them, reports.
fn worker(queue: &Mutex<Queue>, changed: &Condvar, saver: &Articles) {
    loop {
        let item = {
            let Ok(mut q) = queue.lock() else { return };
            loop {
                if q.left.is_empty() {
                    return;
                }
                let free = q.left.iter().position(|i| q.busy.get(&host(&i.url)).copied().unwrap_or(0) < PER_HOST);
                if let Some(at) = free
                    && let Some(item) = q.left.remove(at)
                {
                    *q.busy.entry(host(&item.url)).or_default() += 1;
                    break item;
                }
                q = match changed.wait(q) {
                    Ok(q) => q,
                    Err(_) => return,
                };
            }
        };
        let outcome = saver.save(&item.url, &item.tags, item.saved.clone(), false);
        let Ok(mut q) = queue.lock() else { return };
        if let Some(n) = q.busy.get_mut(&host(&item.url)) {
            *n = n.saturating_sub(1);
        }
        match outcome {
            Ok(Kept::New { .. }) => q.saved += 1,
            Ok(Kept::Before(_)) => q.before += 1,
            Err(reason) => q.failures.push((item.url.clone(), reason)),
        }
        changed.notify_all();
    }
}
