//! `folio feeds` and `folio update`: feeds followed, found from a site's
//! page, fetched with conditional requests, their items saved whole or
//! from the feed's text; OPML in and out.

use std::time::Duration;

use assert_cmd::Command;

fn folio(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("folio").expect("binary");
    cmd.env("FOLIO_CONFIG_DIR", home).timeout(Duration::from_secs(60));
    cmd
}

fn run(home: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = folio(home).args(args).output().expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn articles(home: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(home.join("data/articles"))
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_site_is_followed_by_its_feed_and_update_brings_each_article_in_once() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();

    // The site's page names its feed.
    let (code, out, err) = run(home, &["feeds", "add", &format!("{}/site.html", s.base)]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        format!("following \"Harbour News\" (4 items) at {}/feed.xml; folio update brings its articles in\n", s.base)
    );
    let (_, again, _) = run(home, &["feeds", "add", &format!("{}/feed.xml", s.base)]);
    assert_eq!(again, "already following \"Harbour News\"\n");

    let (code, out, err) = run(home, &["update"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.starts_with(
            "Harbour News: 4 new articles (2 from the feed's own text: their pages could not be fetched)\n"
        ),
        "{out}"
    );
    assert!(out.contains("404 (not found)"), "the reason is said: {out}");
    assert!(out.contains("\nupdated 1 feed in ") && out.contains(": 4 articles saved into "), "{out}");
    assert_eq!(
        articles(home),
        vec![
            "harbour-news-harbour-notice.md",
            "harbour-news-the-lost-page.md",
            "harbour-news-whale-sighting-number-1.md",
            "harbour-news-whale-sighting-number-2.md",
        ]
    );
    let whole =
        std::fs::read_to_string(home.join("data/articles/harbour-news-whale-sighting-number-1.md")).expect("read");
    assert!(whole.contains("the first whale of the season") && whole.contains("tags: [\"whales\"]"), "{whole}");
    let lost = std::fs::read_to_string(home.join("data/articles/harbour-news-the-lost-page.md")).expect("read");
    assert!(lost.contains("a seal was seen on the rocks") && lost.contains("date: \"2026-12-01"), "{lost}");
    let notice = std::fs::read_to_string(home.join("data/articles/harbour-news-harbour-notice.md")).expect("read");
    assert!(notice.contains("closed for repairs") && !notice.contains('\u{1b}'), "no escape kept: {notice:?}");

    // The server's ETag is sent back: nothing new, nothing fetched.
    let (code, out, _) = run(home, &["update"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("Harbour News: not modified\n"), "{out}");

    let (_, list, _) = run(home, &["feeds"]);
    assert!(list.starts_with("  1. Harbour News\n     "), "{list}");
    assert!(list.contains(&format!("{}/feed.xml · updated 20", s.base)), "{list}");
}

#[test]
fn items_seen_are_not_brought_back_and_a_broken_feed_does_not_stop_the_others() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let opml = home.join("subscriptions.opml");
    std::fs::write(
        &opml,
        format!(
            "<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"News\"><outline text=\"Plain\" xmlUrl=\"{0}/feed-plain.xml\"/><outline text=\"Gone\" xmlUrl=\"{0}/gone.xml\"/></outline></body></opml>",
            s.base
        ),
    )
    .expect("write");
    let (code, out, err) = run(home, &["feeds", "import", &opml.display().to_string()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("2 feeds in ") && out.contains(": 2 new, 0 followed already"), "{out}");

    let (code, out, _) = run(home, &["update"]);
    assert_eq!(code, Some(1), "a feed failed: {out}");
    assert!(out.contains("Harbour News: 4 new articles"), "{out}");
    assert!(
        out.contains(&format!("Gone: could not be read: {}/gone.xml: the server answered 404 (not found)", s.base)),
        "{out}"
    );
    assert_eq!(articles(home).len(), 4);

    // Without validators the feed is read again, but what was brought in
    // (even an article the user deleted since) is not brought back.
    std::fs::remove_file(home.join("data/articles/harbour-news-whale-sighting-number-2.md")).expect("remove");
    let (_, out, _) = run(home, &["update", "1"]);
    assert!(out.starts_with("Harbour News: 0 new articles\n"), "{out}");
    assert_eq!(articles(home).len(), 3);

    // OPML out lists what is followed; removing one keeps its articles.
    let (_, exported, _) = run(home, &["feeds", "export"]);
    assert!(exported.contains(&format!("xmlUrl=\"{}/feed-plain.xml\"", s.base)), "{exported}");
    assert!(exported.contains("title=\"Harbour News\""), "the title the feed gave: {exported}");
    let (code, out, _) = run(home, &["feeds", "remove", "2"]);
    assert_eq!((code, out.as_str()), (Some(0), "no longer following \"Gone\" (its saved articles stay)\n"));
    let (code, _, err) = run(home, &["feeds", "remove", "https://nowhere.example/feed"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not a feed followed"), "{err}");
    assert_eq!(articles(home).len(), 3);
}

#[test]
fn what_is_not_a_feed_is_said_and_a_damaged_list_is_kept() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let (code, _, err) = run(home, &["feeds", "add", &format!("{}/news/whale.html", s.base)]);
    assert_eq!(code, Some(1));
    assert!(err.contains("a web page that names no feed"), "{err}");
    let (code, _, err) = run(home, &["feeds", "add", &format!("{}/picture.png", s.base)]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not a web page or text (image/png)"), "{err}");

    let list = home.join("data/feeds.toml");
    std::fs::create_dir_all(home.join("data")).expect("dir");
    std::fs::write(&list, "[[feed]]\nurl = \"unterminated\n").expect("write");
    let (code, _, err) = run(home, &["feeds", "add", &format!("{}/feed.xml", s.base)]);
    assert_eq!(code, Some(1));
    assert!(err.contains("feeds.toml") && err.contains("the file is kept as it is"), "{err}");
    assert_eq!(std::fs::read_to_string(&list).expect("read"), "[[feed]]\nurl = \"unterminated\n");
    let (code, _, _) = run(home, &["update"]);
    assert_eq!(code, Some(1));
}

#[test]
fn a_closed_pipe_does_not_stop_an_update() {
    // `folio update | head -1`: the reader of the output goes away; the
    // articles are saved all the same, and folio does not panic.
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let (code, _, err) = run(home, &["feeds", "add", &format!("{}/feed.xml", s.base)]);
    assert_eq!(code, Some(0), "{err}");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("folio"))
        .arg("update")
        .env("FOLIO_CONFIG_DIR", home)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(articles(home).len(), 4);
}
