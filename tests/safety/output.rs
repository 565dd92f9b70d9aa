//! Issue 14, output that reaches the terminal: every field from a file
//! folio does not own is escaped or sanitized wherever it is printed.

use std::time::Duration;

use assert_cmd::Command;
use folio::bookmarks;

fn folio(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("folio").expect("binary");
    cmd.env("FOLIO_CONFIG_DIR", home).env_remove("NO_COLOR").timeout(Duration::from_secs(30));
    cmd
}

/// Characters that act on a terminal besides ESC: C1 controls (CSI, OSC,
/// DCS, ST) and bidirectional overrides.
const HOSTILE: &str = "\u{9b}2J\u{9d}0;owned\u{9c}\u{90}x\u{202e}abc\u{2066}\u{1b}[31m\u{7}";

fn acts_on_a_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

fn hostile_bookmark(home: &std::path::Path, created: &str) {
    let text = format!("The whale {HOSTILE} surfaced.");
    let b = bookmarks::Bookmark {
        id: "one".into(),
        created: created.into(),
        doc: bookmarks::DocRef {
            document: format!("notes/{HOSTILE}.txt"),
            hash: folio::document::content_hash(&text),
            title: format!("Title {HOSTILE}"),
        },
        note: format!("note {HOSTILE}"),
        quote: bookmarks::quote(&text, 0..text.len()),
        highlight: false,
    };
    bookmarks::commit(&home.join("bookmarks.toml"), &[bookmarks::Change::Add(b)], false).expect("commit");
}

/// Defect 1: `--export json` wrote C1 controls and bidi overrides raw.
#[test]
fn json_export_escapes_c1_and_bidi_controls() {
    let home = tempfile::tempdir().expect("temp dir");
    hostile_bookmark(home.path(), "2026-11-22T10:00:00Z");
    let out = folio(home.path()).args(["bookmarks", "--export", "json"]).output().expect("run");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(!text.chars().any(acts_on_a_terminal), "{text:?}");
    for escaped in [r"\u009b", r"\u009d", r"\u009c", r"\u0090", r"\u202e", r"\u2066", r"\u001b", r"\u0007"] {
        assert!(text.contains(escaped), "{escaped} in {text}");
    }
    let json: serde_json::Value = serde_json::from_str(&text).expect("still valid JSON");
    assert_eq!(json["bookmarks"][0]["note"], format!("note {HOSTILE}"), "the value is unchanged");
}

/// Defect 2: the `created` field was printed raw (its first 10 bytes, or
/// whole in Markdown). A malformed date is reported, not echoed.
#[test]
fn a_malformed_created_date_is_reported_not_echoed() {
    let home = tempfile::tempdir().expect("temp dir");
    hostile_bookmark(home.path(), &format!("\u{9b}\u{9b}2J{HOSTILE}"));
    for args in [&["bookmarks"][..], &["bookmarks", "--export", "markdown"]] {
        let out = folio(home.path()).args(args).output().expect("run");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(!text.chars().any(acts_on_a_terminal), "{args:?}: {text:?}");
        assert!(text.contains("(invalid date)"), "{args:?}: {text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("invalid date"), "{err}");
        assert!(!err.chars().any(acts_on_a_terminal), "{err:?}");
    }
}

/// Defect 3: `config --check` echoed a 50 MB value in full.
#[test]
fn config_check_quotes_a_short_excerpt_of_a_bad_value() {
    let home = tempfile::tempdir().expect("temp dir");
    // TOML escapes: the file is valid, its values hostile and huge.
    let escaped = r"\u009b2J\u009d0;owned\u009c\u202eabc\u001b[31m";
    let huge = format!("{escaped}{}", "x".repeat(50 << 20));
    let key = "y".repeat(1 << 20);
    let long = format!("{escaped}{}", "z".repeat(1 << 20));
    std::fs::write(
        home.path().join("config.toml"),
        format!("theme = \"{huge}\"\n{key} = 1\n[keys]\nquit = \"{long}\"\n"),
    )
    .expect("write");
    let out = folio(home.path()).args(["config", "--check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 4_000, "{} bytes of messages", err.len());
    assert!(err.contains("unknown theme \""), "{err}");
    assert!(err.contains("unknown setting \"yyyy"), "{err}");
    assert!(err.contains("unknown key name \""), "{err}");
    assert!(err.contains("…\""), "cut with an ellipsis: {err}");
    assert!(!err.chars().any(acts_on_a_terminal), "{err:?}");
}
