//! `folio save URL…`: articles from the web kept as Markdown files in the
//! articles folder, once each.

use super::*;

use crate::articles::{Articles, Kept};

/// Addresses read from standard input at most (one a line).
const MAX_STDIN_URLS: usize = 100_000;

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
    let dir = articles_dir(setup);
    let saver = Articles::open(dir.clone()).with_context(|| format!("creating {}", dir.display()))?;
    let mut failed = 0;
    for url in &wanted {
        match saver.save(url, &[], None, refresh) {
            Ok(Kept::New { path, title }) => {
                say!("saved \"{}\" to {}", sanitize::truncate_words(&sanitize::line(&title), 60), path.display());
            }
            Ok(Kept::Before(path)) => say!("already saved: {} (--refresh fetches it again)", path.display()),
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
