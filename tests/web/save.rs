//! `folio save`: articles kept as Markdown in the articles folder, once
//! each, from the arguments or standard input.

use std::time::Duration;

use assert_cmd::Command;

fn folio(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("folio").expect("binary");
    cmd.env("FOLIO_CONFIG_DIR", home).timeout(Duration::from_secs(60));
    cmd
}

#[test]
fn save_keeps_an_article_once_as_markdown_that_reads_back() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let url = format!("{}/news/whale.html", s.base);
    let out = folio(home.path()).args(["save", &url]).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let articles = home.path().join("data/articles");
    let path = articles.join("harbour-news-the-whale-road.md");
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("saved \"The whale road\" to {}\n", path.display()));
    let text = std::fs::read_to_string(&path).expect("the article");
    assert!(text.starts_with("---\ntitle: \"The whale road\"\nsite: \"Harbour News\"\ndate: \"2026-11-30"), "{text}");
    assert!(text.contains(&format!("url: \"{url}\"\nsaved: \"")), "{text}");
    assert!(text.contains("the first whale of the season") && !text.contains("Subscribe"), "{text}");
    assert!(text.contains(&format!("[earlier sightings]({}/archive/whales.html)", s.base)), "links absolute: {text}");

    // Again: said, not duplicated; --refresh fetches it in place.
    let again = folio(home.path()).args(["save", &url]).output().expect("run");
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("already saved: "), "{again:?}");
    let refreshed = folio(home.path()).args(["save", "--refresh", &url]).output().expect("run");
    assert!(String::from_utf8_lossy(&refreshed.stdout).starts_with("saved"), "{refreshed:?}");
    assert_eq!(std::fs::read_dir(&articles).expect("dir").count(), 1, "one file for one address");
    // An address that redirects to it is the same article.
    let moved = folio(home.path()).args(["save", &format!("{}/moved", s.base)]).output().expect("run");
    assert!(String::from_utf8_lossy(&moved.stdout).starts_with("already saved: "), "{moved:?}");
    assert_eq!(std::fs::read_dir(&articles).expect("dir").count(), 1);

    // folio reads it back with its title and site.
    let printed = folio(home.path()).arg(&path).output().expect("run");
    let printed = String::from_utf8_lossy(&printed.stdout);
    assert!(printed.contains("The whale road") && printed.contains("Harbour News"), "{printed}");

    let where_ = folio(home.path()).args(["config", "--path"]).output().expect("run");
    assert!(
        String::from_utf8_lossy(&where_.stdout)
            .contains(&format!("articles saved by folio save: {}", articles.display()))
    );
}

#[test]
fn save_reads_addresses_from_standard_input_and_reports_each_failure() {
    let s = super::server();
    let home = tempfile::tempdir().expect("temp dir");
    let input =
        format!("# my reading list\n{0}/news/whale.html\n\n{0}/gone.html\nnot-a-url\n{0}/latin1.html\n", s.base);
    let out = folio(home.path()).arg("save").write_stdin(input).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "a failure is in the status");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/gone.html: the server answered 404 (not found)"), "{err}");
    assert!(err.contains("not-a-url: not a web address"), "{err}");
    let saved = std::fs::read_dir(home.path().join("data/articles")).expect("dir").count();
    assert_eq!(saved, 2, "both pages saved; the second (same title) numbered");
    assert!(home.path().join("data/articles/harbour-news-the-whale-road-2.md").exists());
}
