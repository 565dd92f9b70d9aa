//! `folio feeds …` and `folio update`: the feeds followed (kept in
//! `feeds.toml` under the data directory), and their new items brought
//! in as articles, each fetched whole as `save` does, or kept from the
//! feed's own text when its page cannot be fetched.

use super::*;

use std::time::Instant;

use crate::articles::Articles;
use crate::feeds::{Feed, FeedError, FeedList};
use crate::web::FeedAnswer;
use import_command::{Done, Job, save_all};
use save_command::articles_dir;

/// What `folio feeds` does.
#[derive(Debug, Clone, Subcommand)]
pub enum FeedsCommand {
    /// Follow feeds: a feed's address (RSS, Atom, JSON Feed) or a site's
    /// page that names its feed.
    Add {
        #[arg(value_name = "URL", required = true)]
        urls: Vec<String>,
    },
    /// List the feeds followed (the default).
    List,
    /// Stop following feeds (by address or by their number in the list);
    /// their saved articles stay.
    Remove {
        #[arg(value_name = "FEED", required = true)]
        feeds: Vec<String>,
    },
    /// Follow the feeds an OPML file lists (newsboat, Feedly, other readers).
    Import { file: PathBuf },
    /// Print the feeds followed as OPML.
    Export,
}

/// Bytes of OPML read at most.
const MAX_OPML: u64 = 16 << 20;

pub(super) fn feeds_file(setup: &Setup) -> PathBuf {
    setup.paths.data_dir.join("feeds.toml")
}

fn shown(text: &str, columns: usize) -> String {
    sanitize::truncate_words(&sanitize::line(text), columns).into_owned()
}

/// A feed list problem, said and turned into exit status 1.
fn failed(err: &FeedError) -> ExitCode {
    eprintln!("folio: {}", sanitize::line(&err.to_string()));
    ExitCode::from(1)
}

pub(super) fn feeds_command(setup: &Setup, command: Option<&FeedsCommand>) -> Result<ExitCode> {
    let path = feeds_file(setup);
    match command.unwrap_or(&FeedsCommand::List) {
        FeedsCommand::List => {
            let list = match FeedList::load(&path) {
                Ok(list) => list,
                Err(err) => return Ok(failed(&err)),
            };
            if list.feeds.is_empty() {
                say!("no feeds followed yet: folio feeds add URL (a feed, or a site that names one)");
                return Ok(ExitCode::SUCCESS);
            }
            let mut out = String::new();
            for (n, feed) in list.feeds.iter().enumerate() {
                let when =
                    feed.checked.as_deref().map_or_else(|| "never updated".to_owned(), |c| format!("updated {c}"));
                out.push_str(&format!(
                    "{:>3}. {}\n     {} · {when}",
                    n + 1,
                    shown(feed.name(), 70),
                    shown(&feed.url, 200)
                ));
                if let Some(error) = &feed.error {
                    out.push_str(&format!(" · failed: {}", shown(error, 120)));
                }
                out.push('\n');
            }
            write_out(out.as_bytes())
        }
        FeedsCommand::Export => match FeedList::load(&path) {
            Ok(list) => write_out(crate::feeds::write_opml(&list.feeds).as_bytes()),
            Err(err) => Ok(failed(&err)),
        },
        FeedsCommand::Remove { feeds } => {
            let outcome = FeedList::change(&path, |list| {
                let mut gone = Vec::new();
                let mut unknown = Vec::new();
                let numbered: Vec<String> = list.feeds.iter().map(|f| f.url.clone()).collect();
                for wanted in feeds {
                    let url = wanted
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|i| numbered.get(i).cloned())
                        .unwrap_or_else(|| wanted.clone());
                    match list.feeds.iter().position(|f| f.url == url) {
                        Some(at) => gone.push(list.feeds.remove(at)),
                        None => unknown.push(wanted.clone()),
                    }
                }
                (gone, unknown)
            });
            let (gone, unknown) = match outcome {
                Ok(outcome) => outcome,
                Err(err) => return Ok(failed(&err)),
            };
            for feed in &gone {
                say!("no longer following \"{}\" (its saved articles stay)", shown(feed.name(), 60));
            }
            for wanted in &unknown {
                eprintln!("folio: {}: not a feed followed (folio feeds lists them)", shown(wanted, 200));
            }
            Ok(if unknown.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        FeedsCommand::Import { file } => {
            let text = match crate::fsutil::read_owned(file) {
                Ok(Some(bytes)) if bytes.len() as u64 <= MAX_OPML => String::from_utf8_lossy(&bytes).into_owned(),
                Ok(Some(_)) => {
                    eprintln!("folio: {}: larger than {} MiB: not an OPML file", file.display(), MAX_OPML >> 20);
                    return Ok(ExitCode::from(2));
                }
                Ok(None) => {
                    eprintln!("folio: {}: no such file", shown(&file.display().to_string(), 200));
                    return Ok(ExitCode::from(2));
                }
                Err(err) => {
                    eprintln!("folio: {}: {err}", shown(&file.display().to_string(), 200));
                    return Ok(ExitCode::from(2));
                }
            };
            let found = match crate::feeds::read_opml(&text) {
                Ok(found) => found,
                Err(err) => {
                    eprintln!("folio: {}: {err}", shown(&file.display().to_string(), 200));
                    return Ok(ExitCode::from(2));
                }
            };
            let total = found.len();
            let added = FeedList::change(&path, |list| {
                let mut added = 0;
                for (url, title) in found {
                    if list.find(&url).is_none() {
                        list.feeds.push(Feed { url, title, ..Feed::default() });
                        added += 1;
                    }
                }
                added
            });
            match added {
                Ok(added) => {
                    say!(
                        "{total} feeds in {}: {added} new, {} followed already; folio update brings their articles in",
                        file.display(),
                        total - added
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(err) => Ok(failed(&err)),
            }
        }
        FeedsCommand::Add { urls } => {
            let mut status = ExitCode::SUCCESS;
            for url in urls {
                match find_feed(url) {
                    Ok((feed_url, parsed)) => {
                        let title = parsed.title.clone();
                        let outcome = FeedList::change(&path, |list| {
                            if let Some(known) = list.find(&feed_url).or_else(|| list.find(url)) {
                                return Some(known.name().to_owned());
                            }
                            list.feeds.push(Feed {
                                url: feed_url.clone(),
                                title: title.clone(),
                                site: parsed.site.clone(),
                                ..Feed::default()
                            });
                            None
                        });
                        match outcome {
                            Ok(Some(name)) => say!("already following \"{}\"", shown(&name, 60)),
                            Ok(None) => say!(
                                "following \"{}\" ({} items) at {}; folio update brings its articles in",
                                shown(if title.is_empty() { &feed_url } else { &title }, 60),
                                parsed.items.len(),
                                shown(&feed_url, 200)
                            ),
                            Err(err) => return Ok(failed(&err)),
                        }
                    }
                    Err(reason) => {
                        eprintln!("folio: {}", sanitize::line(&reason));
                        status = ExitCode::from(1);
                    }
                }
            }
            Ok(status)
        }
    }
}

/// The feed at `url`, or the first feed the page at `url` names.
fn find_feed(url: &str) -> Result<(String, crate::feeds::Parsed), String> {
    let answer = crate::web::fetch_feed(url, None, None).map_err(|e| e.to_string())?;
    let FeedAnswer::Fetched { fetched, .. } = answer else {
        return Err(format!("{}: the server answered 304 to a plain request", shown(url, 200)));
    };
    if crate::feeds::looks_like_feed(&fetched.bytes) || !fetched.content_type.contains("html") {
        let parsed =
            crate::feeds::parse(&fetched.bytes, &fetched.url).map_err(|e| format!("{}: {e}", shown(url, 200)))?;
        return Ok((url.to_owned(), parsed));
    }
    let page = String::from_utf8_lossy(&fetched.bytes);
    let named = crate::feeds::discover(&page, &fetched.url);
    let Some(first) = named.first() else {
        return Err(format!(
            "{}: a web page that names no feed (no <link rel=\"alternate\"> of RSS, Atom or JSON Feed); give the feed's own address",
            shown(url, 200)
        ));
    };
    let answer = crate::web::fetch_feed(first, None, None).map_err(|e| e.to_string())?;
    let FeedAnswer::Fetched { fetched, .. } = answer else {
        return Err(format!("{}: the server answered 304 to a plain request", shown(first, 200)));
    };
    let parsed =
        crate::feeds::parse(&fetched.bytes, &fetched.url).map_err(|e| format!("{}: {e}", shown(first, 200)))?;
    Ok((first.clone(), parsed))
}

/// `n` things, in the singular for one: "1 feed", "3 articles".
fn counted(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}

/// What fetching one feed gave.
enum Checked {
    NotModified,
    Read { parsed: crate::feeds::Parsed, etag: Option<String>, last_modified: Option<String> },
    Failed(String),
}

fn check(feed: &Feed) -> Checked {
    match crate::web::fetch_feed(&feed.url, feed.etag.as_deref(), feed.last_modified.as_deref()) {
        Ok(FeedAnswer::NotModified) => Checked::NotModified,
        Ok(FeedAnswer::Fetched { fetched, etag, last_modified }) => {
            match crate::feeds::parse(&fetched.bytes, &fetched.url) {
                Ok(parsed) => Checked::Read { parsed, etag, last_modified },
                Err(err) => Checked::Failed(err.to_string()),
            }
        }
        Err(err) => Checked::Failed(err.to_string()),
    }
}

/// An item's own text as a document, kept when its page cannot be
/// fetched: its title, its feed's site and its date.
fn from_feed(item: &crate::feeds::Item, url: &str, feed: &Feed) -> Option<crate::document::Document> {
    let html = item.html.as_deref()?;
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title></head><body><article>{html}</article></body></html>",
        escape(&item.title)
    );
    let mut doc = crate::document::parse_text("item.html", page);
    if doc.text.trim().is_empty() {
        return None;
    }
    let mut source = crate::document::Source::from_url(url);
    if !feed.title.is_empty() {
        source.site.clone_from(&feed.title);
    }
    doc.source = Some(source);
    if !item.title.is_empty() {
        doc.title.clone_from(&item.title);
    }
    if doc.date.is_none() {
        doc.date.clone_from(&item.date);
    }
    Some(doc)
}

pub(super) fn update_command(setup: &Setup, only: &[String], jobs: usize) -> Result<ExitCode> {
    let path = feeds_file(setup);
    let list = match FeedList::load(&path) {
        Ok(list) => list,
        Err(err) => return Ok(failed(&err)),
    };
    let feeds: Vec<Feed> = list
        .feeds
        .iter()
        .enumerate()
        .filter(|(n, f)| only.is_empty() || only.iter().any(|o| *o == f.url || o.parse::<usize>().ok() == Some(n + 1)))
        .map(|(_, f)| f.clone())
        .collect();
    if feeds.is_empty() {
        say!("no feeds to update: folio feeds add URL follows one");
        return Ok(if only.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    let dir = articles_dir(setup);
    let saver = Articles::open(dir.clone()).with_context(|| format!("creating {}", dir.display()))?;
    let started = Instant::now();
    // The feeds, a few at a time.
    let checked: Vec<Checked> = {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let slots: Vec<std::sync::Mutex<Option<Checked>>> = feeds.iter().map(|_| std::sync::Mutex::new(None)).collect();
        std::thread::scope(|scope| {
            for _ in 0..jobs.clamp(1, 16).min(feeds.len()) {
                scope.spawn(|| {
                    loop {
                        let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(feed) = feeds.get(at) else { break };
                        let outcome = check(feed);
                        if let Some(Ok(mut slot)) = slots.get(at).map(|s| s.lock()) {
                            *slot = Some(outcome);
                        }
                    }
                });
            }
        });
        slots
            .into_iter()
            .map(|s| {
                s.into_inner().ok().flatten().unwrap_or_else(|| Checked::Failed("a fetching thread failed".into()))
            })
            .collect()
    };
    // Their new items, fetched whole, at most two at a time from a site.
    let mut jobs_list = Vec::new();
    let mut owner = Vec::new();
    for (n, (feed, outcome)) in feeds.iter().zip(&checked).enumerate() {
        let Checked::Read { parsed, .. } = outcome else { continue };
        for item in &parsed.items {
            if feed.seen.contains(&item.key) {
                continue;
            }
            let url = item.url.clone().unwrap_or_else(|| format!("{}#{}", feed.url, item.key));
            if saver.known(&url).is_some() {
                owner.push((n, item.key.clone(), true));
                jobs_list.push(None);
                continue;
            }
            let fallback = from_feed(item, &url, feed);
            if item.url.is_none() && fallback.is_none() {
                continue;
            }
            owner.push((n, item.key.clone(), item.url.is_some()));
            jobs_list.push(Some(Job {
                url,
                tags: item.tags.clone(),
                saved: None,
                fallback,
                fetch: item.url.is_some(),
            }));
        }
    }
    // Items saved before are only noted as seen.
    let mut results: Vec<Option<Done>> = jobs_list.iter().map(|j| j.is_none().then_some(Done::Before)).collect();
    let to_fetch: Vec<(usize, Job)> =
        jobs_list.into_iter().enumerate().filter_map(|(i, j)| j.map(|j| (i, j))).collect();
    let (places, to_fetch): (Vec<usize>, Vec<Job>) = to_fetch.into_iter().unzip();
    for (at, done) in places.into_iter().zip(save_all(&saver, to_fetch, jobs)) {
        if let Some(slot) = results.get_mut(at) {
            *slot = Some(done);
        }
    }
    // What each feed gave.
    let mut status = ExitCode::SUCCESS;
    let mut total_saved = 0;
    let mut total_failed = 0;
    let mut broken = 0;
    let mut seen: Vec<Vec<String>> = vec![Vec::new(); feeds.len()];
    let mut counts = vec![(0usize, 0usize, 0usize); feeds.len()];
    let mut reasons: Vec<Vec<String>> = vec![Vec::new(); feeds.len()];
    for ((n, key, _), done) in owner.into_iter().zip(results) {
        let (saved, from_feed, failed) = &mut counts[n];
        match done {
            Some(Done::Saved) => {
                *saved += 1;
                seen[n].push(key);
            }
            Some(Done::FromFeed(reason)) => {
                *saved += 1;
                *from_feed += 1;
                seen[n].push(key);
                reasons[n].push(format!("kept from the feed: {reason}"));
            }
            Some(Done::Before) => seen[n].push(key),
            Some(Done::Failed(reason)) => {
                *failed += 1;
                reasons[n].push(reason);
            }
            None => *failed += 1,
        }
    }
    let now = crate::bookmarks::now();
    for (n, (feed, outcome)) in feeds.iter().zip(&checked).enumerate() {
        let (saved, from_feed, failed) = counts[n];
        total_saved += saved;
        total_failed += failed;
        let name = match outcome {
            Checked::Read { parsed, .. } if !parsed.title.is_empty() => shown(&parsed.title, 60),
            _ => shown(feed.name(), 60),
        };
        match outcome {
            Checked::NotModified => say!("{name}: not modified"),
            Checked::Failed(reason) => {
                broken += 1;
                say!("{name}: could not be read: {}", shown(reason, 200));
            }
            Checked::Read { .. } => {
                let mut line = format!("{name}: {saved} new article{}", if saved == 1 { "" } else { "s" });
                if from_feed > 0 {
                    line.push_str(&format!(
                        " ({from_feed} from the feed's own text: their pages could not be fetched)"
                    ));
                }
                if failed > 0 {
                    line.push_str(&format!(", {failed} failed (tried again next time)"));
                }
                say!("{line}");
                for reason in reasons[n].iter().take(3) {
                    say!("  {}", shown(reason, 200));
                }
            }
        }
    }
    // The feeds' state, merged into the list as it is now (another folio
    // may have added or removed a feed meanwhile).
    let written = FeedList::change(&path, |list| {
        for (n, (feed, outcome)) in feeds.iter().zip(&checked).enumerate() {
            let Some(kept) = list.feeds.iter_mut().find(|f| f.url == feed.url) else { continue };
            kept.checked = Some(now.clone());
            match outcome {
                Checked::NotModified => kept.error = None,
                Checked::Failed(reason) => kept.error = Some(sanitize::line(reason).into_owned()),
                Checked::Read { parsed, etag, last_modified } => {
                    kept.error = None;
                    kept.etag.clone_from(etag);
                    kept.last_modified.clone_from(last_modified);
                    if !parsed.title.is_empty() {
                        kept.title.clone_from(&parsed.title);
                    }
                    if !parsed.site.is_empty() {
                        kept.site.clone_from(&parsed.site);
                    }
                    kept.saw(std::mem::take(&mut seen[n]));
                }
            }
        }
    });
    if let Err(err) = written {
        return Ok(failed(&err));
    }
    say!(
        "updated {} in {:.1} s: {} saved into {}, {total_failed} failed; {} could not be read",
        counted(feeds.len(), "feed"),
        started.elapsed().as_secs_f64(),
        counted(total_saved, "article"),
        saver.dir().display(),
        counted(broken, "feed"),
    );
    if broken > 0 || total_failed > 0 {
        status = ExitCode::from(1);
    }
    Ok(status)
}
