//! Issue 12, links: numbered on screen, followed inside the library (a
//! relative path, an anchor), shown and opened only on request outside,
//! never opened when they are not web addresses; `y` copies.

mod common;

use common::pty::Session;
use common::{press, render, screen};
use folio::app::{Effect, Msg, Startup};
use folio::keymap::Key;

fn notes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\nSee [the other note](b.md#details), [the web](https://example.org/page) and [a trap](javascript:alert(1)).\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("b.md"), "# Beta\n\nIntro.\n\n## Details\n\nThe details are here.\n")
        .expect("write");
    dir
}

fn library_of(dir: &std::path::Path) -> folio::app::App {
    let loaded = folio::library::load_paths(&[dir.to_path_buf()]);
    common::start(Startup { entries: loaded.entries, size: (100, 30), ..Startup::default() })
}

#[test]
fn a_relative_link_opens_the_other_document_at_its_heading() {
    let dir = notes();
    let mut app = library_of(dir.path());
    press(&mut app, &["o"]);
    let hints = app.hints();
    let targets: Vec<&str> = hints.iter().map(|h| h.target.as_str()).collect();
    // The three in the text, then the same three in the references list.
    assert_eq!(targets[..3], ["b.md#details", "https://example.org/page", "javascript:alert(1)"]);
    assert_eq!(targets[3..], targets[..3]);
    let text = screen(&render(&app));
    assert!(text.lines().last().unwrap_or_default().contains("follow link number"), "{text}");
    press(&mut app, &["1"]);
    let text = screen(&render(&app));
    assert!(text.contains("The details are here."), "{text}");
    assert!(app.reader().is_some_and(|r| r.doc.title == "Beta"));
    press(&mut app, &["ctrl-o"]);
    assert!(app.reader().is_some_and(|r| r.doc.title == "Alpha"), "Ctrl-O comes back");
}

#[test]
fn an_address_outside_is_shown_and_opened_or_copied_only_when_asked() {
    let dir = notes();
    let mut app = library_of(dir.path());
    press(&mut app, &["o"]);
    let effects = app.update(Msg::Key(Key::plain('2')));
    assert!(effects.is_empty(), "nothing is opened by choosing: {effects:?}");
    let text = screen(&render(&app));
    assert!(text.lines().last().unwrap_or_default().contains("https://example.org/page"), "shown in full: {text}");
    let effects = app.update(Msg::Key(Key::parse("enter").expect("key")));
    assert!(matches!(effects.as_slice(), [Effect::OpenUrl(u)] if u == "https://example.org/page"), "{effects:?}");

    press(&mut app, &["o"]);
    let _ = app.update(Msg::Key(Key::plain('2')));
    let effects = app.update(Msg::Key(Key::plain('y')));
    assert!(matches!(effects.as_slice(), [Effect::Copy(u)] if u == "https://example.org/page"), "{effects:?}");

    press(&mut app, &["o"]);
    let _ = app.update(Msg::Key(Key::plain('3')));
    let effects = app.update(Msg::Key(Key::parse("enter").expect("key")));
    assert!(effects.is_empty(), "a javascript: link is never opened: {effects:?}");
    assert!(app.status().unwrap_or_default().contains("not opened"), "{:?}", app.status());
}

#[test]
fn y_copies_the_match_unless_the_clipboard_is_off() {
    let mut app = common::seeds_app(100, 30);
    press(&mut app, &["/"]);
    common::type_text(&mut app, "budapest convention");
    press(&mut app, &["enter"]);
    let effects = app.update(Msg::Key(Key::plain('y')));
    assert!(matches!(effects.as_slice(), [Effect::Copy(t)] if t == "Budapest Convention"), "{effects:?}");
    let (config, _) = folio::config::parse("clipboard = false\n");
    let mut off =
        common::start(Startup { entries: folio::library::seeds(), config, size: (100, 30), ..Startup::default() });
    let effects = off.update(Msg::Key(Key::plain('y')));
    assert!(effects.is_empty() && off.status().unwrap_or_default().contains("copying is off"), "{effects:?}");
}

/// The real binary: following a relative link between two Markdown files.
#[test]
fn following_a_link_in_a_terminal() {
    let dir = notes();
    let home = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.md").to_string_lossy().into_owned();
    let b = dir.path().join("b.md").to_string_lossy().into_owned();
    let mut s = Session::start(&[&a, &b], 100, 30, home.path());
    s.wait_for("See the other note");
    s.keys(&["o"]);
    s.wait_for("follow link number");
    s.keys(&["1"]);
    s.wait_for("The details are here.");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}
