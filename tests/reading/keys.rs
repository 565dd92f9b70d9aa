//! Key scripts driven through `App`: what the user sees change.

use crate::common;

use folio::app::Msg;

use common::{app_with, corpus_file, press, render, screen, seeds_app};
use folio::app::Focus;
use folio::layout::Pos;

fn top_line(app: &folio::app::App) -> String {
    let reader = app.reader().expect("a document is open");
    let lines = reader.layout.lines(&reader.doc, reader.top.block);
    let line = &lines[reader.top.line];
    reader.doc.text[line.range.clone()].to_owned()
}

#[test]
fn starts_with_the_first_document_open_in_the_reader() {
    let app = seeds_app(100, 30);
    assert_eq!(app.screen().focus, Focus::Reader);
    assert_eq!(app.reader().map(|r| r.entry), Some(0));
    assert!(top_line(&app).starts_with("Two days after Vietnam"));
}

#[test]
fn line_page_and_half_page_moves() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["j"]);
    assert_eq!(app.reader().map(|r| r.top), Some(Pos { block: 0, line: 1 }));
    press(&mut app, &["k", "k"]);
    assert_eq!(app.reader().map(|r| r.top), Some(Pos::default()), "k stops at the top");
    let before = screen(&render(&app));
    let reading = |line: &str| line.split_once('│').map_or(String::new(), |(_, r)| r.to_owned());
    let last_row = reading(before.lines().nth(27).unwrap_or_default());
    press(&mut app, &["space"]);
    let after = screen(&render(&app));
    // A page keeps two lines of context: the old last line is now near the top.
    let row =
        after.lines().position(|l| reading(l) == last_row).unwrap_or_else(|| panic!("{last_row:?} not in\n{after}"));
    assert!(row <= 5, "row {row}");
    press(&mut app, &["b"]);
    assert_eq!(screen(&render(&app)), before);
    press(&mut app, &["d"]);
    let half = app.reader().map(|r| r.top);
    press(&mut app, &["u"]);
    assert_eq!(app.reader().map(|r| r.top), Some(Pos::default()));
    assert_ne!(half, Some(Pos::default()));
}

#[test]
fn end_and_home() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["G"]);
    let text = screen(&render(&app));
    assert!(text.contains("(TTXVN/Vietnam+)"), "{text}");
    assert!(text.lines().last().unwrap_or_default().contains("100%"));
    press(&mut app, &["j", "j"]);
    assert!(screen(&render(&app)).contains("(TTXVN/Vietnam+)"), "cannot scroll past the end");
    press(&mut app, &["g"]);
    assert!(top_line(&app).starts_with("Two days after"));
    assert!(screen(&render(&app)).lines().last().unwrap_or_default().contains(" 0%"));
}

#[test]
fn list_focus_selection_and_open() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["tab"]);
    assert_eq!(app.screen().focus, Focus::List);
    press(&mut app, &["j", "j"]);
    assert_eq!(app.view().selected, 2);
    assert_eq!(app.reader().map(|r| r.entry), Some(0), "moving does not open");
    press(&mut app, &["enter"]);
    assert_eq!(app.screen().focus, Focus::Reader);
    assert_eq!(app.reader().map(|r| r.entry), Some(2));
    assert!(screen(&render(&app)).contains("dantri.com.vn · Swedish"));
    press(&mut app, &["h", "G", "l"]);
    assert_eq!(app.reader().map(|r| r.entry), Some(4));
    press(&mut app, &["q"]);
    assert!(app.quitting());
}

#[test]
fn unbound_key_says_how_to_get_help() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["Z"]);
    assert_eq!(app.status(), Some("Z is not bound; press ? for help"));
}

#[test]
fn resize_rewraps_and_keeps_the_passage_in_view() {
    let mut app = seeds_app(100, 30);
    for _ in 0..20 {
        press(&mut app, &["j"]);
    }
    let passage = top_line(&app);
    let first_word = passage.split_whitespace().next().unwrap_or_default().to_owned();
    app.update(Msg::Resize(60, 20));
    let text = screen(&render(&app));
    assert!(text.lines().nth(3).unwrap_or_default().contains(&first_word), "{first_word:?} not at top:\n{text}");
    app.update(Msg::Resize(160, 50));
    assert!(screen(&render(&app)).contains(&first_word));
}

/// A new size is taken in one place, whatever is open over the text: the
/// help, the log, the outline, the bookmarks pane or a prompt. Closed
/// again, the reader is wrapped for the new width.
#[test]
fn a_resize_under_any_overlay_or_prompt_rewraps_the_reader() {
    let sections: String = (1..=9).map(|i| format!("## Section {i}\n\nSome words of section {i}.\n\n")).collect();
    let markdown = format!("# Sections\n\n{sections}");
    for opener in ["?", "L", "t", "B", "/"] {
        let mut app = app_with(&[("sections.md", markdown.as_str())], 100, 30);
        press(&mut app, &[opener]);
        assert!(app.overlay() != &folio::app::Overlay::None || app.prompt().is_some(), "{opener} opened something");
        app.update(Msg::Resize(60, 20));
        press(&mut app, &["esc"]);
        assert_eq!(app.overlay(), &folio::app::Overlay::None, "{opener}: closed");
        // 60 columns less a margin of two on each side.
        assert_eq!(app.reader().map(|r| r.layout.width()), Some(56), "{opener}: wrapped for 60 columns");
        let text = screen(&render(&app));
        assert!(text.lines().all(|l| l.chars().count() <= 60), "{opener}:\n{text}");
    }
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = seeds_app(100, 30);
    app.update(Msg::Wheel { column: 60, row: 10, lines: 1 });
    assert_eq!(app.reader().map(|r| r.top), Some(Pos { block: 0, line: 3 }));
    app.update(Msg::Wheel { column: 5, row: 10, lines: 2 });
    assert_eq!(app.view().selected, 2, "the wheel over the list moves its selection");
    assert_eq!(app.screen().focus, Focus::Reader, "the wheel does not steal focus");
    app.update(Msg::Click { column: 5, row: 7 });
    assert_eq!(app.reader().map(|r| r.entry), Some(3), "a click opens the clicked row");
}

#[test]
fn big_document_jumps_to_the_end_without_wrapping_everything() {
    let bytes = std::fs::read(corpus_file("moby-dick.txt")).expect("reading the corpus");
    let text = String::from_utf8_lossy(&bytes).repeat(4);
    let mut app = app_with(&[("moby4.txt", &text)], 100, 30);
    press(&mut app, &["G"]);
    let screen_text = screen(&render(&app));
    // The book's last page, then its folded licence footer.
    assert!(screen_text.contains("only found another orphan."), "{screen_text}");
    assert!(screen_text.contains("licence and footer"), "{screen_text}");
    assert!(screen_text.lines().last().unwrap_or_default().contains("100%"));
}

#[test]
fn empty_document_says_so() {
    let app = app_with(&[("empty.txt", "")], 80, 20);
    assert!(screen(&render(&app)).contains("(empty document)"));
}

/// Rough edge: the list could not be hidden. `z` gives the reader the
/// whole width (and re-wraps), `z` again brings the list back; focusing
/// the list shows it too.
#[test]
fn z_hides_and_shows_the_list() {
    let mut app = seeds_app(120, 30);
    let list_width = app.screen().geometry().list.map(|r| r.width);
    assert!(list_width.is_some_and(|w| (28..=60).contains(&w)), "{list_width:?}");
    press(&mut app, &["z"]);
    assert_eq!(app.screen().geometry().list, None);
    let text = screen(&render(&app));
    assert!(!text.contains("Library (5)"), "{text}");
    assert!(app.screen().geometry().reader.is_some_and(|r| r.width == 120));
    press(&mut app, &["z"]);
    assert!(screen(&render(&app)).contains("Library (5)"));
    press(&mut app, &["z", "h"]);
    assert!(screen(&render(&app)).contains("Library (5)"), "focusing the list shows it");
}
