//! `folio save URL…`: articles from the web kept as Markdown files in the
//! articles folder, once each.

use super::*;

use std::collections::HashMap;

/// Addresses read from standard input at most (one a line).
const MAX_STDIN_URLS: usize = 100_000;
/// Bytes of a saved article read to find its address.
const HEAD: usize = 4096;

/// Saves each address's article (from the arguments, or standard input
/// one a line when there are none or `-`); an address saved before is
/// said and skipped unless `refresh`.
pub(super) fn save_command(setup: &Setup, urls: &[String], refresh: bool) -> Result<ExitCode> {
    let mut wanted: Vec<String> = urls.iter().filter(|u| u.as_str() != "-").cloned().collect();
    if urls.is_empty() || urls.iter().any(|u| u == "-") {
        if urls.is_empty() && !stdin_given() {
            eprintln!("folio: give the addresses to save (folio save URL…), or pipe them in, one a line");
            return Ok(ExitCode::from(2));
        }
        let stdin = io::stdin().lock();
        for line in io::BufRead::lines(io::Read::take(stdin, 64 << 20)).take(MAX_STDIN_URLS) {
            let line = line.context("reading addresses from standard input")?;
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                wanted.push(line.to_owned());
            }
        }
    }
    let saver = Saver::new(articles_dir(setup))?;
    let mut failed = 0;
    for url in &wanted {
        match saver.save(url, &[], None, refresh) {
            Ok(Kept::New { path, title }) => {
                println!("saved \"{}\" to {}", sanitize::truncate_words(&sanitize::line(&title), 60), path.display());
            }
            Ok(Kept::Before(path)) => println!("already saved: {} (--refresh fetches it again)", path.display()),
            Err(reason) => {
                eprintln!("folio: {}", sanitize::line(&reason));
                failed += 1;
            }
        }
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The folder articles are kept in: the configuration's `articles`, else
/// under the data directory.
pub(super) fn articles_dir(setup: &Setup) -> PathBuf {
    setup.config.articles.clone().unwrap_or_else(|| setup.paths.articles_dir())
}

/// What saving an address did.
pub(super) enum Kept {
    New {
        path: PathBuf,
        title: String,
    },
    /// It was saved before, here.
    Before(PathBuf),
}

/// Keeps articles in one folder, each address once; shared by the threads
/// of an import.
pub(super) struct Saver {
    dir: PathBuf,
    /// Saved articles by their addresses (fetched, asked for).
    index: std::sync::Mutex<HashMap<String, PathBuf>>,
}

impl Saver {
    pub(super) fn new(dir: PathBuf) -> Result<Self> {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let index = std::sync::Mutex::new(saved_articles(&dir));
        Ok(Self { dir, index })
    }

    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where `url` was saved, if it was.
    pub(super) fn known(&self, url: &str) -> Option<PathBuf> {
        self.index.lock().ok().and_then(|index| index.get(url).cloned())
    }

    /// Fetches `url` and keeps its article with `tags` and the time it was
    /// first saved (`when`, else now).
    ///
    /// # Errors
    /// Why not, as the user reads it (the address first).
    pub(super) fn save(&self, url: &str, tags: &[String], when: Option<String>, refresh: bool) -> Result<Kept, String> {
        let shown = sanitize::line(url).into_owned();
        if !crate::web::is_url(url) {
            return Err(format!("{shown}: not a web address (http:// or https://)"));
        }
        if let (Some(path), false) = (self.known(url), refresh) {
            return Ok(Kept::Before(path));
        }
        // The address it ended at after redirects is the one kept; the
        // page's canonical address is noted beside it.
        let (fetched, doc) = crate::web::fetch(url)
            .and_then(|f| {
                let at = f.url.clone();
                crate::web::document(f).map(|doc| (at, doc))
            })
            .map_err(|e| e.to_string())?;
        // One thread at a time chooses a name and writes.
        let mut index = self.index.lock().map_err(|_| format!("{shown}: another save failed badly"))?;
        let path = match index.get(url).or_else(|| index.get(fetched.as_str())) {
            Some(path) if refresh => path.clone(),
            Some(path) => return Ok(Kept::Before(path.clone())),
            None => free_name(&self.dir, &doc),
        };
        let meta = crate::document::write_markdown::Saved {
            url: fetched.clone(),
            requested: Some(url.to_owned()),
            saved: when.unwrap_or_else(bookmarks::now),
            tags: tags.to_vec(),
        };
        let text = crate::document::write_markdown::write(&doc, &meta);
        crate::fsutil::atomic_write(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        index.insert(url.to_owned(), path.clone());
        index.insert(fetched, path.clone());
        Ok(Kept::New { path, title: doc.title.clone() })
    }
}

/// The articles already in `dir`, by the address in their front matter.
fn saved_articles(dir: &Path) -> HashMap<String, PathBuf> {
    let mut found = HashMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let mut head = Vec::with_capacity(HEAD);
        let read = std::fs::File::open(&path)
            .and_then(|f| io::Read::read_to_end(&mut io::Read::take(f, HEAD as u64), &mut head));
        if read.is_err() {
            continue;
        }
        let head = String::from_utf8_lossy(&head);
        // Its address, and the one asked for when redirects led there.
        for line in head.lines().skip(1).take_while(|l| l.trim() != "---") {
            let value = line.strip_prefix("url:").or_else(|| line.strip_prefix("requested:"));
            if let Some(url) = value.and_then(|v| serde_json::from_str::<String>(v.trim()).ok()) {
                found.insert(url, path.clone());
            }
        }
    }
    found
}

/// A new file name for an article: its site and title, lower case, words
/// joined by `-` (`harbour-news-the-whale-road.md`), numbered when taken.
fn free_name(dir: &Path, doc: &crate::document::Document) -> PathBuf {
    let site = doc.source.as_ref().map_or("", |s| s.site.as_str());
    let mut stem = slug(&format!("{site} {}", doc.title));
    if stem.is_empty() {
        stem = "article".to_owned();
    }
    let mut path = dir.join(format!("{stem}.md"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.md"));
        n += 1;
    }
    path
}

/// Letters and digits kept (lower case), every other run one `-`, at most
/// 80 characters.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 80 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_of_site_and_title() {
        assert_eq!(slug("harbour.news The Whale Road: part 2!"), "harbour-news-the-whale-road-part-2");
        assert_eq!(slug("Hà Nội ../../etc/passwd"), "hà-nội-etc-passwd");
        assert_eq!(slug("???"), "");
        assert!(slug(&"word ".repeat(100)).chars().count() <= 80);
    }
}
