//! Articles kept from the web: one Markdown file each in the articles
//! folder, found again by their address so that none is kept twice. Used
//! by `folio save`, `folio import` and the reader's key.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bytes of a saved article read to find its address.
const HEAD: usize = 4096;

/// How to keep one article: its tags, when it was first saved (else now),
/// and whether one kept before is written again.
#[derive(Debug, Clone, Default)]
pub struct Saved {
    pub tags: Vec<String>,
    pub when: Option<String>,
    pub refresh: bool,
}

/// What saving an address did.
pub enum Kept {
    New {
        path: PathBuf,
        title: String,
    },
    /// It was saved before, here.
    Before(PathBuf),
}

/// Keeps articles in one folder, each address once; shared by the threads
/// of an import.
pub struct Articles {
    dir: PathBuf,
    /// Saved articles by their addresses (fetched, asked for).
    index: std::sync::Mutex<HashMap<String, PathBuf>>,
}

impl Articles {
    pub fn open(dir: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        let index = std::sync::Mutex::new(saved_articles(&dir));
        Ok(Self { dir, index })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where `url` was saved, if it was.
    pub fn known(&self, url: &str) -> Option<PathBuf> {
        self.index.lock().ok().and_then(|index| index.get(url).cloned())
    }

    /// Fetches `url` and keeps its article with `tags` and the time it was
    /// first saved (`when`, else now).
    ///
    /// # Errors
    /// Why not, as the user reads it (the address first).
    pub fn save(&self, url: &str, tags: &[String], when: Option<String>, refresh: bool) -> Result<Kept, String> {
        let shown = crate::sanitize::line(url).into_owned();
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
        self.keep(&doc, &fetched, Some(url), &Saved { tags: tags.to_vec(), when, refresh })
    }

    /// Keeps a page already read (fetched at `fetched`, asked for as
    /// `requested`) as an article, unless it was kept before (then says
    /// where, or writes it again in place with `refresh`).
    ///
    /// # Errors
    /// The file could not be written.
    pub fn keep(
        &self,
        doc: &crate::document::Document,
        fetched: &str,
        requested: Option<&str>,
        how: &Saved,
    ) -> Result<Kept, String> {
        // One thread at a time chooses a name and writes.
        let mut index = self.index.lock().map_err(|_| format!("{fetched}: another save failed badly"))?;
        let known = requested.and_then(|r| index.get(r)).or_else(|| index.get(fetched)).cloned();
        let path = match known {
            Some(path) if how.refresh => path,
            Some(path) => return Ok(Kept::Before(path)),
            None => free_name(&self.dir, doc),
        };
        let meta = crate::document::write_markdown::Saved {
            url: fetched.to_owned(),
            requested: requested.map(str::to_owned),
            saved: how.when.clone().unwrap_or_else(crate::bookmarks::now),
            tags: how.tags.clone(),
        };
        let text = crate::document::write_markdown::write(doc, &meta);
        crate::fsutil::atomic_write(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(requested) = requested {
            index.insert(requested.to_owned(), path.clone());
        }
        index.insert(fetched.to_owned(), path.clone());
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
            .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, HEAD as u64), &mut head));
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
