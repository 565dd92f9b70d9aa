//! `folio bookmarks`: every bookmark, for people or exported.

use super::*;

/// `folio bookmarks`: every bookmark, for people or for tools.
pub(super) fn print_bookmarks(setup: &Setup, export: Option<Export>, document: Option<&str>) -> Result<ExitCode> {
    let path = setup.paths.bookmarks_file();
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
    // One document's: by its name in the file (`notes/a.txt`,
    // `seed:NAME`), the end of it, or its title.
    let list: Vec<bookmarks::Bookmark> = match document {
        Some(wanted) => {
            let kept: Vec<_> = list
                .into_iter()
                .filter(|b| b.doc.document == wanted || b.doc.document.ends_with(wanted) || b.doc.title == wanted)
                .collect();
            if kept.is_empty() {
                eprintln!("folio: no bookmarks of {}", sanitize::line(wanted));
                return Ok(ExitCode::from(1));
            }
            kept
        }
        None => list,
    };
    let roots = setup.library(&[]);
    let text = match export {
        Some(Export::Markdown) => bookmarks::to_markdown(&list, &|doc| resolve(doc, &roots)),
        Some(Export::Json) => format!("{}\n", bookmarks::to_json(&list)?),
        None => bookmarks_for_people(&list, &path),
    };
    write_out(text.as_bytes())
}

/// A bookmark's document for an export: a seed by name, a file under one
/// of the library's folders (read within the usual limits), else only
/// its name.
fn resolve(doc: &bookmarks::DocRef, roots: &[PathBuf]) -> bookmarks::ExportedDoc {
    if let Some(name) = doc.document.strip_prefix("seed:") {
        let seed = crate::library::seeds()
            .into_iter()
            .find(|e| matches!(e.origin, crate::library::Origin::Seed(n) if n == name));
        return bookmarks::ExportedDoc {
            source: seed
                .as_ref()
                .and_then(|e| e.doc.as_ref())
                .and_then(|d| d.source.as_ref())
                .map_or_else(|| format!("seeds/{name}"), |s| s.url.clone()),
            doc: seed.and_then(|e| e.doc),
        };
    }
    for root in roots {
        let path = root.join(&doc.document);
        if path.is_file()
            && let Ok(parsed) = crate::library::load_file(&path)
        {
            let source = parsed.source.as_ref().map_or_else(|| path.display().to_string(), |s| s.url.clone());
            return bookmarks::ExportedDoc { doc: Some(std::sync::Arc::new(parsed)), source };
        }
    }
    bookmarks::ExportedDoc { doc: None, source: doc.document.clone() }
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
