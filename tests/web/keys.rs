//! The reader's `W` on a page read with `folio URL`: kept as an article.

use crate::common;

#[test]
fn w_keeps_the_web_page_being_read_once() {
    let fetched = folio::web::Fetched {
        url: "https://harbour.example/news/whale.html".into(),
        content_type: "text/html".into(),
        charset: None,
        bytes: super::ARTICLE.as_bytes().to_vec(),
    };
    let doc = folio::web::document(fetched).expect("read");
    let entry =
        folio::library::Entry::new(doc, folio::library::Origin::Web("https://harbour.example/news/whale.html".into()));
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = folio::paths::Paths::under(dir.path());
    let mut app = common::app_of(vec![entry], 100, 30);
    common::press_in(&mut app, &paths, &["W"]);
    let kept = dir.path().join("data/articles/harbour-news-the-whale-road.md");
    assert_eq!(app.status().map(str::to_owned), Some(format!("kept as {}", kept.display())));
    let text = std::fs::read_to_string(&kept).expect("kept");
    assert!(text.contains("url: \"https://harbour.example/news/whale.html\""), "{text}");
    common::press_in(&mut app, &paths, &["W"]);
    assert_eq!(app.status().map(str::to_owned), Some(format!("already kept as {}", kept.display())));
    // A file is not a web page.
    let mut files = common::app_with(&[("notes.txt", "Some notes.\n")], 100, 30);
    common::press(&mut files, &["W"]);
    assert!(files.status().unwrap_or_default().contains("not one"));
}
