//! `folio bookmarks`: every bookmark, for people or exported.

use super::*;

/// `folio bookmarks`: every bookmark, for people or for tools.
pub(super) fn print_bookmarks(paths: &Paths, export: Option<Export>) -> Result<ExitCode> {
    let path = paths.bookmarks_file();
    let list = match bookmarks::load(&path) {
        Ok(list) => list,
        Err(err) => {
            eprintln!("folio: {}", sanitize::line(&err.to_string()));
            return Ok(ExitCode::from(1));
        }
    };
    // A date that is not a date is said once, on stderr, not printed.
    for b in list.iter().filter(|b| !bookmarks::valid_date(&b.created)) {
        eprintln!(
            "folio: bookmark {} in {} has an invalid date (created)",
            sanitize::truncate_words(&sanitize::line(&b.id), 40),
            sanitize::line(&path.display().to_string())
        );
    }
    let text = match export {
        Some(Export::Markdown) => bookmarks::to_markdown(&list),
        Some(Export::Json) => format!("{}\n", bookmarks::to_json(&list)?),
        None => bookmarks_for_people(&list, &path),
    };
    write_out(text.as_bytes())
}

pub(super) fn bookmarks_for_people(list: &[bookmarks::Bookmark], path: &Path) -> String {
    use crate::sanitize::{line, truncate_words};
    if list.is_empty() {
        return format!("no bookmarks in {}\n", path.display());
    }
    let mut out = String::new();
    for (doc, group) in bookmarks::grouped(list) {
        out.push_str(&format!("{}  ({})\n", line(&doc.title), line(&doc.document)));
        for b in group {
            let excerpt = b.quote.exact.split_whitespace().collect::<Vec<_>>().join(" ");
            let excerpt = line(&excerpt).into_owned();
            let date = bookmarks::shown_date(&b.created, true);
            out.push_str(&format!("  {date}  \"{}\"", truncate_words(&excerpt, 60)));
            if !b.note.is_empty() {
                out.push_str(&format!("  {}", line(&b.note)));
            }
            out.push('\n');
        }
    }
    out
}
