//! The search history file: one query per line, oldest first.

use std::io;
use std::path::Path;

use crate::app::HISTORY_LIMIT;
use crate::fsutil;

/// Reads the history; a missing file is an empty history.
///
/// # Errors
/// The file exists but cannot be read.
pub fn load(path: &Path) -> io::Result<Vec<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse(&String::from_utf8_lossy(&bytes))),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(err) => Err(err),
    }
}

/// The queries in a history file's text, newest kept when over the limit.
#[must_use]
pub fn parse(text: &str) -> Vec<String> {
    let lines: Vec<String> = text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let extra = lines.len().saturating_sub(HISTORY_LIMIT);
    lines[extra..].to_vec()
}

/// Writes the history atomically.
///
/// # Errors
/// The state directory cannot be written.
pub fn save(path: &Path, queries: &[String]) -> io::Result<()> {
    let mut text = String::new();
    for q in queries.iter().filter(|q| !q.contains('\n')) {
        text.push_str(q);
        text.push('\n');
    }
    fsutil::atomic_write(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("state/search-history");
        assert!(load(&path)?.is_empty());
        let queries = vec!["whale".to_owned(), "Hà Nội".to_owned()];
        save(&path, &queries)?;
        assert_eq!(load(&path)?, queries);
        Ok(())
    }
}
