//! Fetching through the library, against the local server: every way a
//! page arrives or fails, with the message the user reads.

use std::time::Duration;

use folio::web::{self, FetchError, Limits};

fn read(url: &str) -> Result<folio::document::Document, FetchError> {
    web::fetch(url).and_then(web::document)
}

#[test]
fn a_page_is_read_with_its_title_site_date_and_absolute_links() {
    let s = super::server();
    let doc = read(&format!("{}/news/whale.html", s.base)).expect("read");
    assert_eq!(doc.title, "The whale road");
    assert!(doc.text.contains("the first whale of the season"), "{}", doc.text);
    assert!(!doc.text.contains("Subscribe"), "page chrome left out");
    let source = doc.source.as_ref().expect("a source");
    assert_eq!(source.url, format!("{}/news/whale.html", s.base));
    assert!(doc.date.as_deref().is_some_and(|d| d.starts_with("2026-11-30")), "{:?}", doc.date);
    let targets: Vec<&str> = doc.links.iter().map(|l| l.target.as_str()).collect();
    assert!(targets.contains(&format!("{}/archive/whales.html", s.base).as_str()), "{targets:?}");
}

#[test]
fn redirects_are_followed_to_a_limit() {
    let s = super::server();
    let doc = read(&format!("{}/moved", s.base)).expect("read");
    assert_eq!(doc.source.map(|s| s.url), Some(format!("{}/news/whale.html", s.base)), "the address it ended at");
    let err = read(&format!("{}/loop0", s.base)).expect_err("a loop");
    assert!(matches!(err, FetchError::Redirects { limit: 10, .. }), "{err}");
    assert!(err.to_string().ends_with("more than 10 redirects"), "{err}");
}

#[test]
fn charsets_from_the_header_or_the_page() {
    let s = super::server();
    let latin1 = read(&format!("{}/latin1.html", s.base)).expect("read");
    assert!(latin1.text.contains("quiet at the café on Monday"), "{}", latin1.text);
    let wrong = read(&format!("{}/wrong-charset.html", s.base)).expect("read");
    assert!(wrong.text.contains("quiet at the café on Monday"), "the page's own charset wins over a wrong header");
}

#[test]
fn every_failure_is_said_plainly() {
    let s = super::server();
    let missing = read(&format!("{}/nothing-here", s.base)).expect_err("404");
    assert!(missing.to_string().ends_with("the server answered 404 (not found)"), "{missing}");
    let png = read(&format!("{}/picture.png", s.base)).expect_err("not a page");
    assert!(png.to_string().ends_with("not a web page or text (image/png)"), "{png}");
    let big = read(&format!("{}/big", s.base)).expect_err("50 MB");
    assert!(big.to_string().ends_with("larger than 20 MiB, the most folio reads from the web"), "{big}");
    let limits = Limits { total: Duration::from_secs(1), ..Limits::default() };
    let started = std::time::Instant::now();
    let slow = web::fetch_with(&format!("{}/slow", s.base), limits).expect_err("a slow drip");
    assert!(matches!(slow, FetchError::Timeout { .. }), "{slow}");
    assert!(started.elapsed() < Duration::from_secs(20), "stopped, not waited out");
    // Nothing listens on this port (bound, then let go).
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
    let refused = read(&format!("http://127.0.0.1:{port}/")).expect_err("refused");
    assert!(matches!(refused, FetchError::Connect { .. }), "{refused}");
    let no_host = read("http://no-such-host.invalid/").expect_err("no host");
    assert!(matches!(no_host, FetchError::NoHost { .. } | FetchError::Connect { .. }), "{no_host}");
    assert!(matches!(read("ftp://example.org/x"), Err(FetchError::NotUrl { .. })));
}
