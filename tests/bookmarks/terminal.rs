//! Bookmarks across real processes: restarts, two writers at once, SIGKILL
//! at random moments, and the command line.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::pty::Session;
use folio::bookmarks;

fn bookmark_count(dir: &Path) -> usize {
    bookmarks::load(&dir.join("folio-config/bookmarks.toml")).expect("the bookmark file always parses").len()
}

/// Something random enough for test timing, without a dependency.
fn jitter(max_ms: u64) -> Duration {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    Duration::from_millis(u64::from(nanos) % max_ms.max(1))
}

#[test]
fn bookmark_quit_restart_and_jump_back() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 100, 30, home.path());
    s.wait_for("Library (5");
    s.keys(&["\t", "j", "j", "j", "\r", "\x04", "\x04", "m"]);
    s.wait_for("note (Enter saves");
    s.send("remember this");
    s.keys(&["\r"]);
    s.wait_for("saved; 1 bookmark");
    let marked = s.screen();
    let reading = |line: &str| line.split_once('│').map(|(_, r)| r.trim_end().to_owned()).unwrap_or_default();
    let passage_line = reading(marked.lines().nth(3).unwrap_or_default());
    assert!(passage_line.contains('◆'), "{marked}");
    s.keys(&["g", "q"]);
    assert_eq!(s.wait_exit(), 0);

    let mut s = Session::start(&[], 100, 30, home.path());
    s.wait_for("Library (5");
    s.keys(&["'"]);
    let pane = s.wait_for("Bookmarks (1)");
    assert!(pane.contains("remember this"), "{pane}");
    s.keys(&["\r"]);
    let screen = s.wait_until(|sc| !sc.contains("Bookmarks (1)"), "the pane to close");
    assert_eq!(reading(screen.lines().nth(3).unwrap_or_default()), passage_line, "{screen}");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn two_processes_adding_100_bookmarks_each_end_with_200() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut a = Session::start(&[], 100, 30, home.path());
    let mut b = Session::start(&[], 100, 30, home.path());
    a.wait_for("Library (5");
    b.wait_for("Library (5");
    for _ in 0..10 {
        a.send(&"m\r".repeat(10));
        b.send(&"m\r".repeat(10));
        std::thread::sleep(Duration::from_millis(30));
    }
    let start = Instant::now();
    while bookmark_count(home.path()) < 200 {
        assert!(start.elapsed() < Duration::from_secs(60), "only {} bookmarks", bookmark_count(home.path()));
        std::thread::sleep(Duration::from_millis(50));
    }
    a.keys(&["q"]);
    b.keys(&["q"]);
    assert_eq!(a.wait_exit(), 0);
    assert_eq!(b.wait_exit(), 0);
    assert_eq!(bookmark_count(home.path()), 200);
}

#[test]
fn sigkill_while_writing_never_leaves_a_broken_file_or_loses_a_saved_bookmark() {
    let home = tempfile::tempdir().expect("temp dir");
    for round in 0..8 {
        let mut s = Session::start(&[], 100, 30, home.path());
        s.wait_for("Library (5");
        s.send(&"m\r".repeat(300));
        std::thread::sleep(Duration::from_millis(40) + jitter(400));
        // The last count folio reported as saved before it died.
        let seen = s
            .screen()
            .lines()
            .last()
            .and_then(|l| l.split("saved; ").nth(1))
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let status = std::process::Command::new("kill").args(["-KILL", &s.pid().to_string()]).status().expect("kill");
        assert!(status.success());
        s.wait_exit();
        let count = bookmark_count(home.path());
        assert!(count >= seen, "round {round}: file has {count}, folio had reported {seen} saved");
    }
    assert!(bookmark_count(home.path()) > 0);
}

fn folio(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("folio").expect("binary");
    cmd.env("FOLIO_CONFIG_DIR", home).timeout(Duration::from_secs(20));
    cmd
}

#[test]
fn command_line_prints_and_exports_bookmarks() {
    let home = tempfile::tempdir().expect("temp dir");
    let text = "The whale surfaced near the boat at dawn.";
    let b = bookmarks::Bookmark {
        id: "one".into(),
        created: "2026-11-22T10:00:00Z".into(),
        doc: bookmarks::DocRef {
            document: "notes/whale.txt".into(),
            hash: folio::document::content_hash(text),
            title: "Whale notes".into(),
        },
        note: "dawn \u{1b}[31m".into(),
        quote: bookmarks::quote(text, 4..9),
        highlight: false,
    };
    bookmarks::commit(&home.path().join("bookmarks.toml"), &[bookmarks::Change::Add(b)], false).expect("commit");

    let out = folio(home.path()).arg("bookmarks").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Whale notes  (notes/whale.txt)"), "{text}");
    assert!(text.contains("2026-11-22  \"whale\"  dawn ^[[31m"), "{text}");

    let out = folio(home.path()).args(["bookmarks", "--export", "markdown"]).output().expect("run");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("## Whale notes") && md.contains("> whale") && md.contains("dawn"), "{md}");

    let out = folio(home.path()).args(["bookmarks", "--export", "json"]).output().expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["bookmarks"][0]["exact"], "whale");
    assert_eq!(json["bookmarks"][0]["note"], "dawn \u{1b}[31m");

    std::fs::write(home.path().join("bookmarks.toml"), "version = 1\n[[bookmark]\n").expect("write");
    let out = folio(home.path()).arg("bookmarks").output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bookmarks.toml: line 2"), "{err}");
}

/// Rough edge: a restart opened the first document of the list, not the
/// one that was being read. It reopens the last one read, where it was.
#[test]
fn a_restart_reopens_the_document_that_was_open() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 100, 30, home.path());
    s.wait_for("Library (5");
    s.keys(&["\t", "j", "j", "\r", "\x04"]);
    let line = |screen: &str, n: usize| {
        screen.lines().nth(n).and_then(|l| l.split_once('│')).map(|(_, r)| r.trim().to_owned())
    };
    // The third article open and scrolled half a page: the list shows its
    // site at once, so waiting for that alone caught a frame drawn before
    // Ctrl-D was read (CI failed on it).
    let before = s.wait_until(
        |screen| {
            line(screen, 1).is_some_and(|l| l.starts_with("dantri.com.vn"))
                && line(screen, 3).is_some_and(|l| !l.starts_with("På eftermiddagen"))
        },
        "the third article, half a page down",
    );
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);

    let mut s = Session::start(&[], 100, 30, home.path());
    let after = s.wait_for("Library (5");
    assert_eq!(line(&after, 0), line(&before, 0), "the same document:\n{after}");
    assert_eq!(line(&after, 1), line(&before, 1), "the same document (its site line):\n{after}");
    assert_eq!(line(&after, 3), line(&before, 3), "at the same place:\n{after}");
    s.keys(&["q"]);
    s.wait_exit();
}
