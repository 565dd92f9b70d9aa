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
    let visible = reader.layout.visible(&reader.doc, reader.top, app.body_height());
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
fn a_resize_keeps_the_selection_and_a_reflow_keeps_it_on_its_text() {
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
    assert_eq!(app.highlights_in(start..start + 4).len(), 1);
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
        Overlay::Note { title, text, .. } => {
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
