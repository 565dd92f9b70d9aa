//! `folio URL` as a user runs it: printed to a pipe, and on screen.

use std::time::Duration;

use assert_cmd::Command;

use crate::common::pty::Session;

fn folio(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("folio").expect("binary");
    cmd.env("FOLIO_CONFIG_DIR", home).timeout(Duration::from_secs(60));
    cmd
}

#[test]
fn a_url_printed_to_a_pipe_is_its_article() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let out = folio(home.path()).arg(format!("{}/news/whale.html", s.base)).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("The whale road") && text.contains("first whale of the season"), "{text}");
    // Nothing on standard error (an extractor's debugging output would be
    // text over the screen in the terminal interface).
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    // A failure is said with the address, and the status says so.
    let out = folio(home.path()).arg(format!("{}/gone.html", s.base)).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/gone.html: the server answered 404 (not found)"), "{err}");
}

#[test]
fn a_url_opens_on_screen_with_its_site_and_nothing_raw_reaches_the_terminal() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let url = format!("{}/hostile.html", s.base);
    let mut session = Session::start(&[&url], 100, 30, home.path());
    let screen = session.wait_for("first whale of the season");
    assert!(screen.contains("Harbour News"), "the site in the header: {screen}");
    assert!(screen.contains("The whale ^[]0;pwned^Groad<U+009B>2J"), "the title's controls made visible: {screen}");
    let raw = session.raw();
    assert!(!crate::common::pty::contains(&raw, b"\x1b]0;pwned"), "a title's escape never reaches the terminal");
    assert!(!crate::common::pty::contains(&raw, "\u{202e}".as_bytes()));
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn saved_articles_join_the_library_and_archiving_one_is_kept_across_starts() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let config = home.path().join("folio-config");
    let saved = folio(&config).args(["save", &format!("{}/news/whale.html", s.base)]).output().expect("run");
    assert!(saved.status.success(), "{saved:?}");

    // `folio` without paths: the built-in articles and the one saved, with
    // its site and date.
    let mut session = Session::start(&[], 120, 30, home.path());
    let screen = session.wait_for("Library (6");
    assert!(screen.contains("The whale road"), "{screen}");
    assert!(screen.contains("Harbour News · 2026-11-30"), "its site and date in the list: {screen}");
    // Archived (the list has focus after Tab; G selects the last row, the
    // saved article, in folder order after the built-in ones).
    session.keys(&["\t", "G", "a"]);
    let screen = session.wait_for("archived \"The whale road\"");
    assert!(screen.contains("Library (5 · 1 archived)"), "{screen}");
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);

    // Kept for the next start; A lists it again, marked.
    let mut session = Session::start(&[], 120, 30, home.path());
    let screen = session.wait_for("1 archived)");
    assert!(screen.contains("Library (5 · ") && !screen.contains("The whale road"), "{screen}");
    session.keys(&["\t", "A"]);
    let screen = session.wait_for("archived documents are listed");
    assert!(screen.contains("The whale road") && screen.contains("· archived"), "{screen}");
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn a_web_link_is_read_in_folio_when_the_user_says_r() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let url = format!("{}/news/whale.html", s.base);
    let mut session = Session::start(&[&url], 120, 30, home.path());
    session.wait_for("first whale of the season");
    // The first link on screen is "earlier sightings": shown in full, and
    // fetched only when r says so.
    session.keys(&["o"]);
    session.wait_for("follow link number");
    session.keys(&["1"]);
    let screen = session.wait_for("r reads it here");
    assert!(screen.contains(&format!("{}/archive/whales.html", s.base)), "{screen}");
    session.keys(&["r"]);
    let screen = session.wait_for("a whale seen in 1998");
    assert!(screen.contains("reading \"Earlier sightings\""), "{screen}");
    // Ctrl-O goes back to the page the link was on.
    session.keys(&["\x0f"]);
    session.wait_for("first whale of the season");
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);
}
