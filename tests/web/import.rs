//! `folio import`: exports brought in from the local server, with tags,
//! dates, failures listed, and a second run that fetches nothing again.

use std::time::Duration;

use assert_cmd::Command;

fn folio(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("folio").expect("binary");
    cmd.env("FOLIO_CONFIG_DIR", home).timeout(Duration::from_secs(120));
    cmd
}

#[test]
fn a_pocket_export_is_imported_with_tags_and_dates_and_failures_listed() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let export = home.path().join("pocket.csv");
    let mut csv = String::from("title,url,time_added,tags,status\n");
    for n in 1..=6 {
        csv.push_str(&format!("Sighting {n},{}/article/{n},1700000000,sea|whales,unread\n", s.base));
    }
    csv.push_str(&format!("Gone,{}/gone.html,1700000000,,unread\n", s.base));
    csv.push_str(&format!("Picture,{}/picture.png,1700000000,,unread\n", s.base));
    std::fs::write(&export, csv).expect("write");

    let out = folio(home.path()).args(["import", &export.to_string_lossy()]).output().expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "two failed: {stdout}");
    assert!(stdout.contains("8 articles in") && stdout.contains("CSV (Pocket, Instapaper)"), "{stdout}");
    assert!(stdout.contains("imported 6 articles") && stdout.contains("2 failed"), "{stdout}");
    let articles = home.path().join("data/articles");
    let one = std::fs::read_to_string(articles.join("harbour-news-whale-sighting-number-3.md")).expect("saved");
    assert!(one.contains("saved: \"2023-11-14T22:13:20Z\"\ntags: [\"sea\", \"whales\"]\n"), "{one}");
    let failures = std::fs::read_to_string(home.path().join("data/import-failures.txt")).expect("failures listed");
    assert!(failures.contains("/gone.html\t") && failures.contains("404 (not found)"), "{failures}");
    assert!(failures.contains("/picture.png\t") && failures.contains("image/png"), "{failures}");

    // Again: what is saved is skipped, only the failures are tried.
    let again = folio(home.path()).args(["import", &export.to_string_lossy()]).output().expect("run");
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("6 saved before, 2 to fetch"), "{stdout}");
    let files = std::fs::read_dir(&articles).expect("dir").count();
    assert_eq!(files, 6, "six articles; the failures list is beside the folder, not in the library");
}

#[test]
fn an_export_that_does_not_parse_is_said_so() {
    let home = tempfile::tempdir().expect("temp dir");
    let export = home.path().join("broken.json");
    std::fs::write(&export, "[{\"url\": ").expect("write");
    let out = folio(home.path()).args(["import", &export.to_string_lossy()]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the JSON does not parse"));
}
