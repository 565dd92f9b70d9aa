//! The search history file: one query per line, oldest first.
//!
//! A regex query is written as `regex:PATTERN`; a literal query is written
//! as typed, unless it starts with `regex:` or `literal:` itself, in which
//! case it is written `literal:TEXT`. Files written before queries kept
//! their mode (plain lines) read as literal queries, as they were.

use std::io;
use std::path::Path;

use crate::fsutil;
use crate::search::Query;

/// Queries kept in the history.
pub const HISTORY_LIMIT: usize = 200;

const REGEX: &str = "regex:";
const LITERAL: &str = "literal:";

/// Reads the history; a missing file is an empty history.
///
/// # Errors
/// The file exists but cannot be read.
pub fn load(path: &Path) -> io::Result<Vec<Query>> {
    Ok(fsutil::read_owned(path)?.map(|bytes| parse(&String::from_utf8_lossy(&bytes))).unwrap_or_default())
}

/// The queries in a history file's text, newest kept when over the limit.
#[must_use]
pub fn parse(text: &str) -> Vec<Query> {
    let queries: Vec<Query> = text.lines().filter(|l| !l.is_empty()).map(parse_line).collect();
    let extra = queries.len().saturating_sub(HISTORY_LIMIT);
    queries[extra..].to_vec()
}

/// `query` was searched for: it becomes the newest (once), and the oldest
/// go past the limit.
pub fn remember(history: &mut Vec<Query>, query: Query) {
    history.retain(|q| q != &query);
    history.push(query);
    let extra = history.len().saturating_sub(HISTORY_LIMIT);
    history.drain(..extra);
}

fn parse_line(line: &str) -> Query {
    if let Some(pattern) = line.strip_prefix(REGEX) {
        Query { text: pattern.to_owned(), regex: true }
    } else {
        Query::literal(line.strip_prefix(LITERAL).unwrap_or(line))
    }
}

/// The line a query is written as.
fn line_of(query: &Query) -> String {
    if query.regex {
        format!("{REGEX}{}", query.text)
    } else if query.text.starts_with(REGEX) || query.text.starts_with(LITERAL) {
        format!("{LITERAL}{}", query.text)
    } else {
        query.text.clone()
    }
}

/// Writes the history atomically.
///
/// # Errors
/// The state directory cannot be written.
pub fn save(path: &Path, queries: &[Query]) -> io::Result<()> {
    let mut text = String::new();
    for q in queries.iter().filter(|q| !q.text.contains(['\n', '\r']) && !q.text.is_empty()) {
        text.push_str(&line_of(q));
        text.push('\n');
    }
    fsutil::atomic_write(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_searched_again_becomes_the_newest_and_the_oldest_go() {
        let mut history: Vec<Query> = (0..HISTORY_LIMIT).map(|i| Query::literal(&i.to_string())).collect();
        remember(&mut history, Query::literal("5"));
        assert_eq!(history.len(), HISTORY_LIMIT, "no duplicate kept");
        assert_eq!(history.last(), Some(&Query::literal("5")));
        remember(&mut history, Query::literal("new"));
        assert_eq!(history.len(), HISTORY_LIMIT);
        assert_eq!(history.first(), Some(&Query::literal("1")), "the oldest went");
    }

    #[test]
    fn round_trip_keeps_the_mode() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("state/search-history");
        assert!(load(&path)?.is_empty());
        let queries = vec![
            Query::literal("whale"),
            Query::literal("Hà Nội"),
            Query { text: "wh(a|e)le".into(), regex: true },
            Query::literal("regex:not one"),
        ];
        save(&path, &queries)?;
        assert_eq!(load(&path)?, queries);
        Ok(())
    }

    #[test]
    fn old_files_read_as_literal() {
        assert_eq!(parse("whale\n\nsea\n"), [Query::literal("whale"), Query::literal("sea")]);
    }
}
