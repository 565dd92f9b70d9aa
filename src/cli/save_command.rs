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
    let dir = setup.config.articles.clone().unwrap_or_else(|| setup.paths.articles_dir());
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut saved = saved_articles(&dir);
    let mut failed = 0;
    for url in &wanted {
        let shown = sanitize::line(url).into_owned();
        if !crate::web::is_url(url) {
            eprintln!("folio: {shown}: not a web address (http:// or https://)");
            failed += 1;
            continue;
        }
        if let (Some(path), false) = (saved.get(url.as_str()), refresh) {
            println!("already saved: {} (--refresh fetches it again)", path.display());
            continue;
        }
        // The address it ended at after redirects is the one kept; the
        // page's canonical address is noted beside it.
        let read = crate::web::fetch(url).and_then(|f| {
            let at = f.url.clone();
            crate::web::document(f).map(|doc| (at, doc))
        });
        let (fetched, doc) = match read {
            Ok(read) => read,
            Err(err) => {
                eprintln!("folio: {}", sanitize::line(&err.to_string()));
                failed += 1;
                continue;
            }
        };
        let path = match saved.get(url.as_str()).or_else(|| saved.get(fetched.as_str())) {
            Some(path) if refresh => path.clone(),
            Some(path) => {
                println!("already saved: {} (--refresh fetches it again)", path.display());
                continue;
            }
            None => free_name(&dir, &doc),
        };
        let meta = crate::document::write_markdown::Saved {
            url: fetched.clone(),
            requested: Some(url.clone()),
            saved: bookmarks::now(),
        };
        let text = crate::document::write_markdown::write(&doc, &meta);
        if let Err(err) = crate::fsutil::atomic_write(&path, text.as_bytes()) {
            eprintln!("folio: {}: {err}", path.display());
            failed += 1;
            continue;
        }
        println!("saved \"{}\" to {}", sanitize::truncate_words(&sanitize::line(&doc.title), 60), path.display());
        saved.insert(url.clone(), path.clone());
        saved.insert(fetched, path);
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
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
