//! Selecting with keys on `App`: movements, counts, edges, and what is
//! done with a selection (copy, quote, highlight, look up).

use crate::common;

use common::{app_with, press, press_in, type_in, type_text};
use folio::app::{App, Effect, Msg, Overlay};
use folio::keymap::{Key, Scope};

/// Hard-wrapped prose, two paragraphs, a code block and a last paragraph.
const TEXT: &str = "# Notes on whaling\n\nCall me Ishmael. Some years ago, never mind how long precisely, having\nlittle or no money in my purse. I thought I would sail about a little and\nsee the watery part of the world.\n\nIt is a way I have of driving off the spleen and regulating the\ncirculation. Whenever I find myself growing grim about the mouth, I go.\n\n```\nfn main() {\n    println!(\"whale\");\n}\n```\n\nThe last paragraph says goodbye to the reader and to the sea.\n";

fn app() -> App {
    app_with(&[("notes.md", TEXT)], 80, 24)
}

/// Presses a key and returns what it asked the clipboard to take.
fn copied_by(app: &mut App, key: &str) -> Option<String> {
    let effects = app.update(Msg::Key(Key::parse(key).expect("key")));
    effects.into_iter().find_map(|e| match e {
        Effect::Copy(text) => Some(text),
        _ => None,
    })
}

/// Searches for `text`: the match is where `v` starts.
fn find(app: &mut App, text: &str) {
    press(app, &["/"]);
    type_text(app, text);
    press(app, &["enter"]);
}

fn selected(app: &App) -> String {
    let reader = app.reader().expect("a document");
    reader.selected().map(|r| reader.doc.text[r].to_owned()).unwrap_or_default()
}

#[test]
fn v_selects_from_the_top_and_words_sentences_and_paragraphs_extend_it() {
    let mut app = app();
    press(&mut app, &["v"]);
    assert_eq!(app.scope(), Scope::Select);
    assert_eq!(selected(&app), "N", "one character, at the top of the view");
    press(&mut app, &["e"]);
    assert_eq!(selected(&app), "Notes");
    press(&mut app, &["w", "w", "e"]);
    assert_eq!(selected(&app), "Notes on whaling");
    // Down into the next paragraph, then to its first sentence's end.
    press(&mut app, &["j", "0", ")"]);
    assert!(selected(&app).ends_with("Call me Ishmael."), "{:?}", selected(&app));
    // A count: three more words.
    press(&mut app, &["3", "w"]);
    assert!(selected(&app).ends_with("Ishmael. Some years a"), "{:?}", selected(&app));
    press(&mut app, &["}"]);
    assert!(selected(&app).ends_with("part of the world."));
    // `o` swaps the ends: the start moves now.
    press(&mut app, &["o", "w"]);
    assert!(selected(&app).starts_with("on whaling"), "{:?}", selected(&app));
    press(&mut app, &["esc"]);
    assert_eq!(app.scope(), Scope::Normal);
    assert!(app.reader().and_then(|r| r.selection).is_none());
}

#[test]
fn y_copies_exactly_the_selected_text_as_shown() {
    let mut app = app();
    press(&mut app, &["v", "j", "0", "}", "}"]);
    let text = copied_by(&mut app, "y").expect("copied");
    // Hard-wrapped lines are one line, paragraphs a blank line apart.
    assert_eq!(
        text,
        "Notes on whaling\n\nCall me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse. I thought I would sail about a little and see the watery part of the world.\n\nIt is a way I have of driving off the spleen and regulating the circulation. Whenever I find myself growing grim about the mouth, I go."
    );
    assert!(app.status().unwrap_or_default().starts_with("copied 64 words"), "{:?}", app.status());
    assert_eq!(app.scope(), Scope::Normal, "the selection ends once copied");
}

#[test]
fn a_selection_across_code_keeps_its_lines_and_reaches_the_end() {
    let mut app = app();
    find(&mut app, "I go.");
    press(&mut app, &["v", "}", "}"]);
    let text = copied_by(&mut app, "y").expect("copied");
    assert_eq!(text, "I go.\n\nfn main() {\n    println!(\"whale\");\n}");
    // G goes to the last character; a move past the end stays there.
    press(&mut app, &["esc", "esc", "g", "v", "G", "l", "l", "w"]);
    assert!(selected(&app).ends_with("to the sea."));
    assert!(selected(&app).starts_with("Notes"));
}

#[test]
fn search_extends_the_selection_to_the_match_and_the_view_follows() {
    let mut app = app_with(&[("notes.md", TEXT)], 80, 8);
    press(&mut app, &["v", "/"]);
    type_text(&mut app, "goodbye");
    press(&mut app, &["enter"]);
    assert_eq!(app.scope(), Scope::Select, "still selecting after the search");
    assert!(selected(&app).ends_with("says goodbye"), "{:?}", selected(&app));
    let reader = app.reader().expect("reader");
    let cursor = reader.selection.map(|s| s.cursor).unwrap_or_default();
    let visible = reader.layout.visible(&reader.doc, reader.top, app.screen().body_height());
    assert!(visible.iter().any(|(_, l)| l.range.contains(&cursor)), "the moving end is on screen");
}

#[test]
fn y_on_a_selection_as_a_quote_says_where_it_is_from() {
    let mut app = app();
    find(&mut app, "Call me");
    press(&mut app, &["v", ")"]);
    let quote = copied_by(&mut app, "Y").expect("copied");
    let at = app.reader().map(|r| r.doc.text.find("Call me").unwrap_or_default()).unwrap_or_default();
    assert_eq!(quote, format!("> Call me Ishmael.\n\n— Notes on whaling, folio://notes.md#{at}\n"));
}

#[test]
fn an_empty_document_has_nothing_to_select() {
    let mut app = app_with(&[("empty.txt", "")], 80, 24);
    press(&mut app, &["v"]);
    assert_eq!(app.scope(), Scope::Normal);
    assert!(app.status().unwrap_or_default().contains("nothing to select"));
}

#[test]
fn a_resize_keeps_the_selection_and_moves_go_on_at_the_new_width() {
    let mut app = app();
    find(&mut app, "Call me");
    press(&mut app, &["v", "}"]);
    let before = selected(&app);
    common::send(&mut app, Msg::Resize(40, 12));
    assert_eq!(selected(&app), before);
    press(&mut app, &["j", "k"]);
    assert!(selected(&app).starts_with("Call me"), "moves go on at the new width");
}

#[test]
fn a_changed_file_keeps_a_selection_whose_text_is_still_there_and_drops_one_whose_text_went() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    let path = root.join("a.txt");
    let text = "A title line\n\nThe passage to select is this one, in its own paragraph here.\n\nLast words.\n";
    std::fs::write(&path, text).expect("write");
    let doc = folio::library::load_file(&path).expect("load");
    let entry =
        folio::library::Entry::new(doc, folio::library::Origin::File { path: path.clone(), root: root.clone() });
    let mut app = common::app_of(vec![entry], 80, 24);
    find(&mut app, "The passage");
    press(&mut app, &["v", "}"]);
    assert_eq!(selected(&app), "The passage to select is this one, in its own paragraph here.");
    let change = |app: &mut App, new: &str| {
        std::fs::write(&path, new).expect("write");
        let doc = folio::library::load_file(&path).expect("load");
        let entry =
            folio::library::Entry::new(doc, folio::library::Origin::File { path: path.clone(), root: root.clone() });
        common::send(app, Msg::Loaded(folio::library::LoadEvent::Changed { path: path.clone(), entry: Some(entry) }));
    };
    change(&mut app, &format!("A new line above.\n\n{text}"));
    assert_eq!(selected(&app), "The passage to select is this one, in its own paragraph here.", "found again");
    change(&mut app, "A title line\n\nThe passage was rewritten entirely.\n");
    assert_eq!(app.scope(), Scope::Normal);
    assert!(app.status().unwrap_or_default().contains("selection was dropped"), "{:?}", app.status());
}

#[test]
fn m_on_a_selection_keeps_a_highlight_with_its_exact_text_and_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = folio::paths::Paths::under(dir.path());
    let mut app = app();
    find(&mut app, "Call me");
    press_in(&mut app, &paths, &["v", "}", "m"]);
    type_in(&mut app, &paths, "the opening");
    press_in(&mut app, &paths, &["enter"]);
    let saved = folio::bookmarks::load(&paths.bookmarks_file()).expect("saved");
    assert_eq!(saved.len(), 1);
    assert!(saved[0].highlight);
    assert_eq!(saved[0].note, "the opening");
    assert!(saved[0].quote.exact.starts_with("Call me Ishmael.") && saved[0].quote.exact.ends_with("world."));
    let written = std::fs::read_to_string(paths.bookmarks_file()).expect("read");
    assert!(written.contains("version = 2") && written.contains("highlight = true"));
    // Drawn in the text: the app knows where.
    let reader = app.reader().expect("reader");
    let start = reader.doc.text.find("Call me").unwrap_or_default();
    assert_eq!(app.marks().highlights_in(start..start + 4).len(), 1);
}

#[test]
fn k_runs_the_configured_command_with_the_word_as_one_argument() {
    let (config, problems) = folio::config::parse("lookup = \"printf 'entry for <%s>'\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = common::start(folio::app::Startup {
        entries: app_with_entries(),
        config,
        size: (80, 24),
        ..folio::app::Startup::default()
    });
    find(&mut app, "on whaling");
    press(&mut app, &["v", "w", "e", "K"]);
    match app.overlay() {
        Overlay::Note(folio::app::Note { title, text, .. }) => {
            assert_eq!(title, "Look up: on whaling");
            assert_eq!(text, "entry for <on whaling>");
        }
        other => panic!("{other:?}"),
    }
    press(&mut app, &["esc"]);
    assert_eq!(*app.overlay(), Overlay::None);
    // Without a command, K says how to set one.
    let mut plain = app_with(&[("notes.md", TEXT)], 80, 24);
    press(&mut plain, &["v", "e", "K"]);
    assert!(plain.status().unwrap_or_default().contains("lookup = "), "{:?}", plain.status());
}

fn app_with_entries() -> Vec<folio::library::Entry> {
    vec![folio::library::Entry::new(
        folio::document::parse_text("notes.md", TEXT.to_owned()),
        folio::library::Origin::File { path: "notes.md".into(), root: std::path::PathBuf::new() },
    )]
}

/// A bookmarks file as the last version wrote it (version 1, no
/// highlights): read as it is, and a highlight added beside its bookmark.
#[test]
fn a_version_1_bookmarks_file_is_read_and_kept_when_a_highlight_is_added() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = folio::paths::Paths::under(dir.path());
    std::fs::create_dir_all(paths.bookmarks_file().parent().expect("folder")).expect("mkdir");
    let hash = folio::document::content_hash(&folio::document::parse_text("notes.md", TEXT.to_owned()).text);
    let v1 = format!(
        "# folio bookmarks: one [[bookmark]] table each, oldest first.\n# Safe to edit by hand while folio is closed; keep `id` unique.\n\nversion = 1\n\n[[bookmark]]\nid = \"old-one\"\ncreated = \"2026-11-20T09:00:00Z\"\ndocument = \"notes.md\"\nhash = \"{hash}\"\ntitle = \"Notes on whaling\"\nnote = \"from last month\"\noffset = 0\nexact = \"Notes on whaling\"\nprefix = \"\"\nsuffix = \"\\n\\nCall me Ishmael.\"\n"
    );
    std::fs::write(paths.bookmarks_file(), &v1).expect("write");
    let mut app = common::start(folio::app::Startup {
        entries: app_with_entries(),
        bookmarks: folio::bookmarks::load(&paths.bookmarks_file()),
        size: (80, 24),
        ..folio::app::Startup::default()
    });
    assert_eq!(app.marks().list.len(), 1, "the old file is read");
    assert!(!app.marks().list[0].highlight);
    find(&mut app, "Call me");
    press_in(&mut app, &paths, &["v", ")", "m", "enter"]);
    let written = std::fs::read_to_string(paths.bookmarks_file()).expect("read");
    assert!(written.contains("version = 2"), "{written}");
    let saved = folio::bookmarks::load(&paths.bookmarks_file()).expect("parses");
    assert_eq!(saved.len(), 2);
    let old = saved.iter().find(|b| b.id == "old-one").expect("the old bookmark kept");
    assert_eq!(
        (old.note.as_str(), old.quote.exact.as_str(), old.highlight),
        ("from last month", "Notes on whaling", false)
    );
    let new = saved.iter().find(|b| b.id != "old-one").expect("the highlight");
    assert_eq!((new.quote.exact.as_str(), new.highlight), ("Call me Ishmael.", true));
}

/// A highlight is found again after its file is edited and after it is
/// moved, as bookmarks are; one whose text is gone is kept and said so.
#[test]
fn highlights_follow_edits_and_moves_and_are_never_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = folio::paths::Paths::under(dir.path());
    let entry = |path: &str, text: &str| {
        folio::library::Entry::new(
            folio::document::parse_text(path, text.to_owned()),
            folio::library::Origin::File { path: format!("/lib/{path}").into(), root: "/lib".into() },
        )
    };
    let start = |e: folio::library::Entry| {
        common::start(folio::app::Startup {
            entries: vec![e],
            bookmarks: folio::bookmarks::load(&paths.bookmarks_file()),
            size: (80, 24),
            ..folio::app::Startup::default()
        })
    };
    let text = "A title for it\n\nSome first paragraph of the note.\n\nThe highlighted passage is this sentence here. And more text after it.\n";
    let mut app = start(entry("a.txt", text));
    find(&mut app, "The highlighted");
    press_in(&mut app, &paths, &["v", ")", "m", "enter"]);
    let edited = format!("A new paragraph written above everything else.\n\n{text}");
    let app = start(entry("a.txt", &edited));
    let found = app.marks().highlights_in(0..edited.len());
    assert_eq!(found.len(), 1);
    assert_eq!(&edited[found[0].clone()], "The highlighted passage is this sentence here.");
    let moved = start(entry("elsewhere/renamed.txt", text));
    assert_eq!(moved.marks().highlights_in(0..text.len()).len(), 1, "found by its content after a move");
    let mut gone = start(entry("a.txt", "A title for it\n\nNothing of it is left.\n"));
    press(&mut gone, &["'"]);
    assert!(common::screen(&common::render(&gone)).contains("not found in the current text"));
    assert_eq!(gone.marks().list.len(), 1, "kept");
}

/// The bookmarks pane lists highlights in reading order with their chapter
/// and percent; `]` and `[` go from one to the next and say the note.
#[test]
fn highlights_are_listed_in_reading_order_and_brackets_read_their_notes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = folio::paths::Paths::under(dir.path());
    let mut app = common::start(folio::app::Startup {
        entries: app_with_entries(),
        bookmarks: folio::bookmarks::load(&paths.bookmarks_file()),
        size: (100, 30),
        ..folio::app::Startup::default()
    });
    // The later passage first, then the earlier one.
    find(&mut app, "The last paragraph");
    press_in(&mut app, &paths, &["v", "e", "w", "e", "m"]);
    type_in(&mut app, &paths, "the end");
    press_in(&mut app, &paths, &["enter"]);
    find(&mut app, "Call me");
    press_in(&mut app, &paths, &["v", ")", "m"]);
    type_in(&mut app, &paths, "the opening");
    press_in(&mut app, &paths, &["enter", "'"]);
    let pane = common::screen(&common::render(&app));
    let opening = pane.find("▌Call me Ishmael.").expect("the first passage");
    let ending = pane.find("▌The last").expect("the last passage");
    assert!(opening < ending, "reading order:\n{pane}");
    let row = pane.lines().find(|l| l.contains("Call me Ishmael.")).unwrap_or_default();
    assert!(row.contains("Notes on whaling · "), "its chapter and percent: {row}");
    press(&mut app, &["esc", "g", "]"]);
    assert_eq!(app.status(), Some("highlight 1/2: the opening"));
    press(&mut app, &["]"]);
    assert_eq!(app.status(), Some("highlight 2/2: the end"));
}

/// The mouse selects too: a drag from one word to another, a double click
/// a word, a triple click the paragraph; a single click ends a selection.
#[test]
fn dragging_double_and_triple_clicks_select() {
    let mut app = app();
    let now = std::time::Instant::now();
    common::send(&mut app, Msg::Tick(now));
    let body = app.screen().geometry().body;
    let reader = app.reader().expect("reader");
    let visible = reader.layout.visible(&reader.doc, reader.top, app.screen().body_height());
    let row_of = |word: &str| {
        let at = reader.doc.text.find(word).expect("word");
        let row = visible.iter().position(|(_, l)| l.range.start <= at && at < l.range.end).expect("on screen");
        let col = folio::sanitize::width(&reader.doc.text[visible[row].1.range.start..at]);
        (body.x + u16::try_from(col).unwrap_or(0), body.y + u16::try_from(row).unwrap_or(0))
    };
    let (x1, y1) = row_of("Ishmael");
    let (x2, y2) = row_of("purse");
    common::send(&mut app, Msg::Click { column: x1, row: y1 });
    common::send(&mut app, Msg::Drag { column: x2 + 2, row: y2 });
    assert_eq!(app.scope(), Scope::Select);
    let text = selected(&app);
    assert!(text.starts_with("Ishmael. Some years") && text.ends_with("pur"), "{text:?}");
    // A click elsewhere ends it; two at one place select the word.
    common::send(&mut app, Msg::Tick(now + std::time::Duration::from_secs(2)));
    common::send(&mut app, Msg::Click { column: x1 + 2, row: y1 });
    assert_eq!(app.scope(), Scope::Normal);
    common::send(&mut app, Msg::Click { column: x1 + 2, row: y1 });
    assert_eq!(selected(&app), "Ishmael");
    common::send(&mut app, Msg::Click { column: x1 + 2, row: y1 });
    assert!(selected(&app).starts_with("Call me Ishmael.") && selected(&app).ends_with("part of the world."));
    let copied = app.update(Msg::Key(Key::plain('y')));
    assert!(matches!(copied.as_slice(), [Effect::Copy(t)] if t.starts_with("Call me")), "{copied:?}");
}

/// A folded block (Moby Dick's licence header) is one step for the cursor;
/// a selection across it holds its text, as vim yanks a closed fold.
#[test]
fn a_folded_block_is_one_step_and_its_text_is_copied_whole() {
    let doc = common::moby_dick();
    let entry = folio::library::Entry::new(
        doc,
        folio::library::Origin::File { path: "moby-dick.txt".into(), root: std::path::PathBuf::new() },
    );
    let mut app = common::app_of(vec![entry], 80, 14);
    press(&mut app, &["g", "v"]);
    assert_eq!(selected(&app).len(), 1, "the fold's first character");
    press(&mut app, &["l", "l"]);
    let text = copied_by(&mut app, "y").expect("copied");
    assert!(text.starts_with("The Project Gutenberg EBook of Moby Dick"), "{text}");
    assert!(text.ends_with("***\n\nPr"), "the fold, then two characters: {text}");
}
