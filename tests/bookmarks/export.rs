//! `folio bookmarks --export`: what note-taking tools are given.

use std::time::Duration;

use assert_cmd::Command;
use folio::bookmarks::{self, Bookmark, Change, DocRef};

const TEXT: &str = "# Whale notes\n\nAn opening paragraph about the sea.\n\n## Chapter one\n\nThe first chapter names the whale and says where it swims.\n\n## Chapter two\n\nThe second chapter follows the ship until the very end of the voyage.\n";

fn mark(id: &str, created: &str, passage: &str, note: &str, highlight: bool, text: &str) -> Bookmark {
    let start = text.find(passage).expect("passage");
    Bookmark {
        id: id.into(),
        created: created.into(),
        doc: DocRef {
            document: "notes/whale.md".into(),
            hash: folio::document::content_hash(text),
            title: "Whale notes".into(),
        },
        note: note.into(),
        quote: bookmarks::quote_up_to(text, start..start + passage.len(), bookmarks::MAX_HIGHLIGHT),
        highlight,
    }
}

#[test]
fn markdown_export_lists_passages_in_reading_order_with_notes_chapters_and_positions() {
    let home = tempfile::tempdir().expect("temp dir");
    let library = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(library.path().join("notes")).expect("mkdir");
    std::fs::write(library.path().join("notes/whale.md"), TEXT).expect("write");
    std::fs::write(
        home.path().join("config.toml"),
        format!("library = [{:?}]\n", library.path().display().to_string()),
    )
    .expect("config");
    let rendered = folio::document::parse_text("whale.md", TEXT.to_owned()).text;
    // Made in the opposite order of the text: the export follows the text.
    let later = mark("b", "2026-12-01T10:00:00Z", "follows the ship", "", true, &rendered);
    let earlier = mark("c", "2026-12-02T10:00:00Z", "names the whale", "the name", true, &rendered);
    let place = mark("a", "2026-11-30T10:00:00Z", "An opening paragraph", "", false, &rendered);
    let file = home.path().join("bookmarks.toml");
    bookmarks::commit(&file, &[Change::Add(later), Change::Add(earlier), Change::Add(place)], false).expect("commit");

    let run = |args: &[&str]| {
        let out = Command::cargo_bin("folio")
            .expect("binary")
            .env("FOLIO_CONFIG_DIR", home.path())
            .args(args)
            .timeout(Duration::from_secs(20))
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, md, _) = run(&["bookmarks", "--export", "markdown"]);
    assert_eq!(code, Some(0));
    let source = format!("- Source: {}", library.path().join("notes/whale.md").display());
    assert!(md.contains("## Whale notes\n\n") && md.contains(&source), "{md}");
    let opening = md.find("> An opening paragraph").expect("the bookmark");
    let first = md.find("> names the whale").expect("the first highlight");
    let second = md.find("> follows the ship").expect("the second highlight");
    assert!(opening < first && first < second, "reading order:\n{md}");
    assert!(md.contains("> names the whale\n\n**Note:** the name\n\n_Chapter one · "), "{md}");
    assert!(md.contains("% · highlight · 2026-12-02_"), "{md}");
    assert!(md.contains("_Chapter two · ") && md.contains("% · bookmark · 2026-11-30_"), "{md}");

    let (_, json, _) = run(&["bookmarks", "--export", "json", "--document", "notes/whale.md"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let all = value["bookmarks"].as_array().expect("a list");
    assert_eq!(all.len(), 3);
    assert!(all.iter().any(|b| b["highlight"] == true && b["note"] == "the name" && b["exact"] == "names the whale"));

    let (code, _, err) = run(&["bookmarks", "--export", "markdown", "--document", "other.md"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no bookmarks of other.md"), "{err}");
}
