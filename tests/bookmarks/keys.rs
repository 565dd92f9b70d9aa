//! Bookmarks and reading positions through the app, with the files written
//! to a temporary directory as the runner would.

use crate::common;

use folio::app::Msg;

use std::path::PathBuf;

use common::{press_in, render, screen, type_in};
use folio::app::{App, Marks, Overlay};
use folio::bookmarks;
use folio::document;
use folio::library::{Entry, Origin};
use folio::paths::Paths;

fn file_entry(root: &str, rel: &str, text: &str) -> Entry {
    Entry::new(
        document::parse_text(rel, text.to_owned()),
        Origin::File { path: PathBuf::from(root).join(rel), root: PathBuf::from(root) },
    )
}

/// An app as `folio` starts it: bookmarks and positions read from `paths`.
fn start(entries: Vec<Entry>, paths: &Paths) -> App {
    common::start(folio::app::Startup {
        entries,
        bookmarks: bookmarks::load(&paths.bookmarks_file()),
        positions: folio::positions::load(&paths.positions_file()),
        size: (100, 30),
        ..folio::app::Startup::default()
    })
}

fn seeds(paths: &Paths) -> App {
    start(folio::library::seeds(), paths)
}

fn top_text(app: &App) -> String {
    let reader = app.reader().expect("a document");
    let lines = reader.layout.lines(&reader.doc, reader.top.block);
    reader.doc.text[lines[reader.top.line].range.clone()].to_owned()
}

#[test]
fn bookmark_with_a_note_is_saved_and_marked_in_the_margin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["j", "j", "j", "m"]);
    assert!(screen(&render(&app)).lines().last().unwrap_or_default().starts_with("note"));
    type_in(&mut app, &paths, "worth quoting");
    press_in(&mut app, &paths, &["enter"]);
    let saved = bookmarks::load(&paths.bookmarks_file()).expect("the file parses");
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].note, "worth quoting");
    assert_eq!(saved[0].doc.document, "seed:000_83bf8c942bdf1305.txt");
    assert!(saved[0].quote.exact.starts_with("Kumar Singh"), "{:?}", saved[0].quote.exact);
    let text = screen(&render(&app));
    let row = text.lines().find(|l| l.contains("Kumar Singh, lecturer")).unwrap_or_default();
    assert!(row.contains("◆ Kumar Singh"), "margin marker: {row}");
    assert!(text.lines().last().unwrap_or_default().contains("saved; 1 bookmark in"));
}

#[test]
fn escape_in_the_note_prompt_adds_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["m"]);
    type_in(&mut app, &paths, "never mind");
    press_in(&mut app, &paths, &["esc"]);
    assert!(app.marks().list.is_empty());
    assert!(!paths.bookmarks_file().exists());
}

#[test]
fn the_current_search_match_is_what_gets_bookmarked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["/"]);
    type_in(&mut app, &paths, "budapest convention");
    press_in(&mut app, &paths, &["enter", "m", "enter"]);
    // The sentence around the match, not the matched words alone.
    let exact = app.marks().list[0].quote.exact.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(exact.starts_with("This is a memorable milestone,"), "{exact}");
    assert!(exact.contains("especially after the Budapest Convention - which"), "{exact}");
    assert!(exact.ends_with("due to the lack of voice from developing countries."), "{exact}");
}

#[test]
fn pane_groups_filters_opens_edits_deletes_and_undoes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["m"]);
    type_in(&mut app, &paths, "lead");
    press_in(&mut app, &paths, &["enter", "tab", "j", "j", "enter", "G", "m"]);
    type_in(&mut app, &paths, "swedish end");
    press_in(&mut app, &paths, &["enter", "'"]);
    let text = screen(&render(&app));
    assert!(text.contains("Bookmarks (2)"), "{text}");
    // Newest first: the Swedish document's group comes first.
    let swedish = text.find("På eftermiddagen").unwrap_or(usize::MAX);
    let english = text.find("Two days after").unwrap_or(0);
    assert!(swedish < english, "{text}");
    // Filter by the note.
    press_in(&mut app, &paths, &["/"]);
    type_in(&mut app, &paths, "lead");
    let text = screen(&render(&app));
    assert!(text.contains("1 of 2 match"), "{text}");
    // Enter (once: issue 18) opens the document at the passage, highlighted
    // for a moment.
    press_in(&mut app, &paths, &["enter"]);
    assert_eq!(*app.overlay(), Overlay::None);
    assert_eq!(app.reader().map(|r| r.entry), Some(0));
    assert!(top_text(&app).starts_with("Two days after"));
    assert!(app.flash_in(0).is_some());
    // Edit the note, delete, undo.
    press_in(&mut app, &paths, &["'", "e", "ctrl-u"]);
    type_in(&mut app, &paths, "edited");
    press_in(&mut app, &paths, &["enter"]);
    let notes: Vec<String> =
        bookmarks::load(&paths.bookmarks_file()).unwrap_or_default().into_iter().map(|b| b.note).collect();
    assert!(notes.contains(&"edited".to_owned()), "{notes:?}");
    press_in(&mut app, &paths, &["d"]);
    assert_eq!(bookmarks::load(&paths.bookmarks_file()).unwrap_or_default().len(), 1);
    // Once written, the status still says how to undo.
    let status = app.status().unwrap_or_default().to_owned();
    assert!(status.starts_with("bookmark deleted, press u to undo; saved; 1 bookmark in"), "{status}");
    press_in(&mut app, &paths, &["u"]);
    assert_eq!(bookmarks::load(&paths.bookmarks_file()).unwrap_or_default().len(), 2);
}

#[test]
fn brackets_jump_between_bookmarks_of_the_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["ctrl-d", "m", "enter", "ctrl-d", "ctrl-d", "m", "enter", "g"]);
    press_in(&mut app, &paths, &["]"]);
    let first = top_text(&app);
    press_in(&mut app, &paths, &["]"]);
    let second = top_text(&app);
    assert_ne!(first, second);
    press_in(&mut app, &paths, &["]"]);
    assert_eq!(top_text(&app), first);
    assert!(app.status().unwrap_or_default().contains("wrapped"));
    press_in(&mut app, &paths, &["["]);
    assert_eq!(top_text(&app), second);
}

#[test]
fn a_bookmark_follows_an_edited_and_a_moved_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let text = "Title line of a note.\n\nFirst paragraph here.\n\nThe passage worth keeping is this one.\n\nLast.";
    let mut app = start(vec![file_entry("/lib", "notes/a.txt", text)], &paths);
    press_in(&mut app, &paths, &["/"]);
    type_in(&mut app, &paths, "the passage worth keeping is this one.");
    press_in(&mut app, &paths, &["enter", "m", "enter"]);
    assert_eq!(app.marks().list[0].quote.exact, "The passage worth keeping is this one.");
    // Edited: text inserted before the passage.
    let edited = format!("A new first line.\n\n{text}");
    let app = start(vec![file_entry("/lib", "notes/a.txt", &edited)], &paths);
    let (range, _) = app.marks().open.first().cloned().expect("anchored after the edit");
    assert_eq!(&edited[range], "The passage worth keeping is this one.");
    // Moved: another path, same content.
    let mut app = start(vec![file_entry("/elsewhere", "renamed.txt", text)], &paths);
    assert_eq!(app.marks().open.len(), 1, "found again by content hash");
    // Gone: the passage no longer exists; the bookmark is kept and says so.
    let mut app2 = start(vec![file_entry("/lib", "notes/a.txt", "Entirely different text now.")], &paths);
    press_in(&mut app2, &paths, &["'"]);
    assert!(screen(&render(&app2)).contains("not found in the current text"));
    assert_eq!(app2.marks().list.len(), 1);
    press_in(&mut app, &paths, &["'"]);
    assert!(!screen(&render(&app)).contains("not found"));
}

#[test]
fn reading_position_is_restored_and_shown_in_the_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["tab", "j", "j", "j", "enter", "ctrl-d", "ctrl-d", "q"]);
    let left_at = top_text(&app);
    // The document read last reopens by itself, where it was left.
    let again = seeds(&paths);
    assert_eq!(top_text(&again), left_at);
    let list = screen(&render(&again));
    assert!(list.lines().any(|l| l.contains("nhandan.vn") && l.contains('%')), "{list}");
}

#[test]
fn damaged_file_is_read_only_then_set_aside_on_the_next_bookmark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    std::fs::create_dir_all(dir.path()).expect("dir");
    std::fs::write(paths.bookmarks_file(), "version = 1\n\n[[bookmark]]\nid = \"x\nnote = 1\n").expect("write");
    let (marks, message) = Marks::loaded(bookmarks::load(&paths.bookmarks_file()));
    let message = message.expect("a message");
    assert!(message.contains("bookmarks.toml: line 4"), "{message}");
    assert!(marks.read_only.is_some());
    let mut app = seeds(&paths);
    // Editing is refused, and the file is untouched.
    press_in(&mut app, &paths, &["m"]);
    type_in(&mut app, &paths, "kept");
    press_in(&mut app, &paths, &["enter"]);
    let status = app.status().unwrap_or_default().to_owned();
    assert!(status.contains("was damaged") && status.contains("damaged-"), "{status}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("bookmarks.toml.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(aside[0].path()).expect("read"),
        "version = 1\n\n[[bookmark]]\nid = \"x\nnote = 1\n"
    );
    assert_eq!(bookmarks::load(&paths.bookmarks_file()).expect("new file parses").len(), 1);
}

#[test]
fn a_failed_write_keeps_the_bookmark_in_memory_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the config directory should be: nothing can be written.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "not a directory").expect("write");
    let paths = Paths::under(&blocked);
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["m", "enter"]);
    assert_eq!(app.marks().list.len(), 1);
    let status = app.status().unwrap_or_default().to_owned();
    assert!(status.contains("could not save bookmarks") && status.contains("kept in memory"), "{status}");
}

#[test]
fn clicking_in_the_pane_selects_then_opens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["m", "enter", "tab", "j", "enter", "m"]);
    type_in(&mut app, &paths, "second");
    press_in(&mut app, &paths, &["enter", "'"]);
    let text = screen(&render(&app));
    // The second bookmark's line: the second line with a date on it.
    let row = text.lines().enumerate().filter(|(_, l)| l.contains(" 20") && l.contains('-')).map(|(i, _)| i).nth(1);
    let row = u16::try_from(row.expect("two bookmark lines")).unwrap_or(0);
    app.update(Msg::Click { column: 10, row });
    assert_eq!(
        *app.overlay(),
        Overlay::Bookmarks(folio::app::BookmarkList { selected: 1, filter: String::new() }),
        "{text}"
    );
    app.update(Msg::Click { column: 10, row });
    assert_eq!(*app.overlay(), Overlay::None, "a second click opens");
    assert_eq!(app.reader().map(|r| r.entry), Some(0));
}

/// The bookmarks pane pages like the other lists: Space and b move a
/// page of bookmarks, and the selection stays on a bookmark.
#[test]
fn the_bookmarks_pane_pages_with_space_and_b() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let mut app = start(folio::library::seeds(), &paths);
    for _ in 0..30 {
        press_in(&mut app, &paths, &["j", "j", "m", "enter"]);
    }
    press_in(&mut app, &paths, &["'"]);
    let count = match app.overlay() {
        Overlay::Bookmarks(_) => bookmarks::load(&paths.bookmarks_file()).expect("the file parses").len(),
        other => panic!("{other:?}"),
    };
    assert!(count >= 20, "{count} bookmarks");
    press_in(&mut app, &paths, &["space"]);
    let Overlay::Bookmarks(folio::app::BookmarkList { selected: paged, .. }) = app.overlay().clone() else {
        panic!("the pane")
    };
    assert!(paged > 1, "a page down, not a row: {paged}");
    press_in(&mut app, &paths, &["space", "space", "space", "space"]);
    let Overlay::Bookmarks(folio::app::BookmarkList { selected: last, .. }) = app.overlay().clone() else {
        panic!("the pane")
    };
    assert_eq!(last, count - 1, "the last bookmark, not past it");
    press_in(&mut app, &paths, &["b"]);
    let Overlay::Bookmarks(folio::app::BookmarkList { selected: back, .. }) = app.overlay().clone() else {
        panic!("the pane")
    };
    assert_eq!(back, last - paged, "b goes back a page");
}

/// Issue 19, item 4: an EPUB of 55 KB with a 35 MB `dc:title` made every
/// bookmark copy the title (a 73 MB bookmarks file, past the read limit,
/// so every bookmark was hidden). Metadata is cut at parse; a bookmark's
/// file stays small.
#[test]
fn an_unbounded_title_is_cut_at_parse_and_bookmarks_stay_small() {
    let opf_title = "A".repeat(2_000_000);
    let opf = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:folio:test</dc:identifier>
    <dc:title>{opf_title}</dc:title>
    <dc:creator>{opf_title}</dc:creator>
    <dc:language>en</dc:language>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="text/c1.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="c1"/></spine>
</package>"#
    );
    let book = common::epub_book_replacing(&[("OEBPS/content.opf", opf.into_bytes())], &[]);
    let doc = document::parse("long.epub", book).expect("the book opens");
    assert!(doc.title.chars().count() <= document::MAX_METADATA_CHARS, "{}", doc.title.len());
    assert!(doc.title.ends_with('…'));
    assert!(folio::library::Meta::of(&doc).title.chars().count() <= document::MAX_METADATA_CHARS);
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let entry = Entry::new(doc, Origin::File { path: dir.path().join("long.epub"), root: dir.path().to_path_buf() });
    let mut app = start(vec![entry], &paths);
    press_in(&mut app, &paths, &["m"]);
    type_in(&mut app, &paths, "note");
    press_in(&mut app, &paths, &["enter"]);
    let size = std::fs::metadata(paths.bookmarks_file()).expect("the bookmarks file").len();
    assert!(size < 8_192, "{size} bytes for one bookmark");
    assert_eq!(bookmarks::load(&paths.bookmarks_file()).expect("the file parses").len(), 1);
}

/// A file's entry as `folio PATH` makes it: its own folder is its root.
fn alone(path: &std::path::Path, text: &str) -> Entry {
    Entry::new(
        document::parse_text(&path.file_name().unwrap_or_default().to_string_lossy(), text.to_owned()),
        Origin::File {
            path: path.to_path_buf(),
            root: path.parent().map(std::path::Path::to_path_buf).unwrap_or_default(),
        },
    )
}

/// Issue 18, item 8: positions were keyed by the path under the library
/// root, so `folio a/index.html`, 60%, quit, then `folio b/index.html`
/// (never opened) opened at 60%. They are keyed by absolute path (and
/// found again by content hash when a file moves); a file of version 1 is
/// read and kept, its entries used where they are not ambiguous.
#[test]
fn positions_belong_to_a_file_not_to_its_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(&dir.path().join("state"));
    let page = |what: &str| {
        (0..60)
            .map(|i| {
                format!(
                    "Paragraph {i} of the {what} page, one per line, long enough to be a web article saved as text.\n"
                )
            })
            .collect::<String>()
    };
    let a = dir.path().join("a/index.txt");
    let b = dir.path().join("b/index.txt");
    for (path, what) in [(&a, "first"), (&b, "second")] {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("dir");
        std::fs::write(path, page(what)).expect("write");
    }
    let mut app = start(vec![alone(&a, &page("first"))], &paths);
    press_in(&mut app, &paths, &["5", "0", "%", "q"]);
    let left_at = top_text(&app);
    let at_top = |app: &App| app.reader().is_some_and(|r| r.top == folio::layout::Pos::default());
    assert!(!at_top(&app));
    let other = start(vec![alone(&b, &page("second"))], &paths);
    assert!(at_top(&other), "{}", top_text(&other));
    let again = start(vec![alone(&a, &page("first"))], &paths);
    assert_eq!(top_text(&again), left_at);
    // Moved: found by its content.
    let moved = dir.path().join("c/renamed.txt");
    let moved_again = start(vec![alone(&moved, &page("first"))], &paths);
    assert_eq!(top_text(&moved_again), left_at);
    // Version 1 entries are kept, and used only when not ambiguous.
    std::fs::write(
        paths.positions_file(),
        "version = 1\n\n[positions.\"index.txt\"]\noffset = 3000\npercent = 60\nupdated = \"2026-11-01T10:00:00Z\"\n\n[positions.\"shelf/index.txt\"]\noffset = 3000\npercent = 60\nupdated = \"2026-11-01T10:00:00Z\"\n",
    )
    .expect("write");
    let bare = start(vec![alone(&b, &page("second"))], &paths);
    assert!(at_top(&bare), "a bare name is ambiguous");
    let shelf = dir.path().join("lib/shelf/index.txt");
    let in_folder = Entry::new(
        document::parse_text("index.txt", page("third")),
        Origin::File { path: shelf, root: dir.path().join("lib") },
    );
    let found = start(vec![in_folder], &paths);
    assert!(!at_top(&found), "a path in a library folder is kept");
    press_in(&mut app, &paths, &["j", "q"]);
    let kept = folio::positions::load(&paths.positions_file());
    assert!(kept.contains_key("index.txt") && kept.contains_key("shelf/index.txt"), "nothing lost: {kept:?}");
}

/// Issue 18, item 9: quit at the end of built-in article 4 and start
/// again: it reopened at 88% with the last two lines out of view; Moby
/// Dick at 50% reopened a line higher. The app starts at a guessed size
/// (80x24) and learns the terminal's from the first resize: the same
/// lines are on screen after a restart as before.
#[test]
fn a_restored_position_shows_the_same_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path());
    let restart = |entries: Vec<Entry>| {
        let mut app = App::new(folio::app::Startup {
            entries,
            bookmarks: bookmarks::load(&paths.bookmarks_file()),
            positions: folio::positions::load(&paths.positions_file()),
            size: (80, 24),
            ..folio::app::Startup::default()
        });
        common::send_in(&mut app, &paths, Msg::Resize(100, 30));
        app
    };
    let body = |app: &App| screen(&render(app)).lines().skip(3).map(str::to_owned).collect::<Vec<_>>();
    let mut app = seeds(&paths);
    press_in(&mut app, &paths, &["tab", "j", "j", "j", "enter", "G"]);
    let before = body(&app);
    assert!(screen(&render(&app)).contains("100%"));
    press_in(&mut app, &paths, &["q"]);
    let again = restart(folio::library::seeds());
    assert_eq!(body(&again), before);
    assert!(screen(&render(&again)).contains("100%"));

    let moby = || vec![Entry::new(common::moby_dick(), Origin::Seed("moby"))];
    let mut app =
        common::start(folio::app::Startup { entries: moby(), size: (100, 30), ..folio::app::Startup::default() });
    press_in(&mut app, &paths, &["5", "0", "%", "q"]);
    let before = body(&app);
    let again = restart(moby());
    assert_eq!(body(&again), before);
}
