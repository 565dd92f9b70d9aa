//! Reading from the web, against a real HTTP server the tests start on
//! 127.0.0.1 (never the internet): fixture pages, redirects, a slow drip,
//! a 50 MB body, wrong charsets, a 404, types that are not pages.

mod feeds;
mod fetch;
mod import;
mod keys;
mod save;
mod terminal;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// An article page, long enough for any extractor to keep its text.
pub const ARTICLE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>The whale road</title><meta property=\"og:site_name\" content=\"Harbour News\"><meta property=\"article:published_time\" content=\"2026-11-30T08:00:00Z\"></head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article><h1>The whale road</h1><p>The harbour was quiet on Monday morning when the first whale of the season came past the breakwater, slow and grey, and the fishermen stopped their work to watch it go by.</p><p>It stayed for an hour near the lighthouse. See <a href=\"../archive/whales.html\">earlier sightings</a> and <a href=\"#top\">the top of the page</a>.</p><p>Nobody on the quay could remember a whale so close to the town, and the children were let out of school early to see it before it turned back to the open sea.</p></article><footer>Subscribe to our newsletter</footer></body></html>";

/// A feed of four items: two articles on the server, one whose page is
/// gone (kept from the feed's text), one without a page of its own (whose
/// text carries an escape sequence).
pub const FEED: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour News</title><link>/</link>
<item><title>Whale sighting number 1</title><link>/article/1</link><guid>w1</guid><category>whales</category></item>
<item><title>Whale sighting number 2</title><link>/article/2</link><guid>w2</guid></item>
<item><title>The lost page</title><link>/lost-page.html</link><guid>lost</guid><pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;The page of this story is gone, but the feed carried its text: a seal was seen on the rocks below the lighthouse.&lt;/p&gt;</description></item>
<item><title>Harbour notice</title><guid>notice-7</guid><description>The quay is closed for repairs on Thursday "#,
    "\u{1b}]0;pwned\u{7}",
    r#"and Friday.</description></item>
</channel></rss>"#
);

/// A server on a free port of 127.0.0.1, answering every connection on
/// its own thread until the test ends.
pub struct Server {
    pub base: String,
}

pub fn server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    Server { base }
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    // The headers, up to the blank line.
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
            break;
        }
        headers.push(header.trim().to_ascii_lowercase());
    }
    let html = |s: &str| vec![("Content-Type", s.to_owned())];
    match path.as_str() {
        "/news/whale.html" => respond(&mut stream, "200 OK", &html("text/html; charset=utf-8"), ARTICLE.as_bytes()),
        "/latin1.html" => {
            let page = ARTICLE
                .replace("quiet on Monday", "quiet at the café on Monday")
                .replace("charset=\"utf-8\"", "charset=\"iso-8859-1\"");
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
            respond(&mut stream, "200 OK", &html("text/html; charset=ISO-8859-1"), &bytes);
        }
        "/wrong-charset.html" => {
            // The server says UTF-8; the bytes and the page say Latin-1.
            let page = ARTICLE
                .replace("quiet on Monday", "quiet at the café on Monday")
                .replace("charset=\"utf-8\"", "charset=\"windows-1252\"");
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
            respond(&mut stream, "200 OK", &html("text/html; charset=utf-8"), &bytes);
        }
        "/moved" => respond(&mut stream, "301 Moved Permanently", &[("Location", "/news/whale.html".to_owned())], b""),
        p if p.starts_with("/loop") => {
            let n: u32 = p.trim_start_matches("/loop").parse().unwrap_or(0);
            respond(&mut stream, "302 Found", &[("Location", format!("/loop{}", n + 1))], b"");
        }
        "/slow" => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            for _ in 0..100_000 {
                if stream.write_all(b"x").and_then(|()| stream.flush()).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        "/big" => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                50 << 20
            );
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk = vec![b'a'; 1 << 16];
            for _ in 0..(50 << 20) / chunk.len() {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
        }
        p if p.starts_with("/article/") => {
            let n = p.trim_start_matches("/article/");
            let page = ARTICLE.replace("The whale road", &format!("Whale sighting number {n}"));
            respond(&mut stream, "200 OK", &html("text/html; charset=utf-8"), page.as_bytes());
        }
        "/feed.xml" | "/feed-plain.xml" => {
            // Conditional requests: the ETag sent back is told "not modified".
            let tagged = path == "/feed.xml";
            if tagged && headers.iter().any(|h| h == "if-none-match: \"v1\"") {
                respond(&mut stream, "304 Not Modified", &[("ETag", "\"v1\"".to_owned())], b"");
                return;
            }
            let mut head = vec![("Content-Type", "application/rss+xml; charset=utf-8".to_owned())];
            if tagged {
                head.push(("ETag", "\"v1\"".to_owned()));
            }
            respond(&mut stream, "200 OK", &head, FEED.as_bytes());
        }
        "/archive/whales.html" => {
            let page = ARTICLE
                .replace("The whale road", "Earlier sightings")
                .replace("the first whale of the season", "a whale seen in 1998");
            respond(&mut stream, "200 OK", &html("text/html; charset=utf-8"), page.as_bytes());
        }
        "/site.html" => {
            let page = ARTICLE.replace(
                "<title>",
                "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Harbour News\" href=\"/feed.xml\"><title>",
            );
            respond(&mut stream, "200 OK", &html("text/html; charset=utf-8"), page.as_bytes());
        }
        "/picture.png" => respond(&mut stream, "200 OK", &html("image/png"), b"\x89PNG\r\n\x1a\n"),
        "/hostile.html" => {
            let page = ARTICLE
                .replace("The whale road</title>", "The whale \u{1b}]0;pwned\u{7}road\u{9b}2J</title>")
                .replace("slow and grey", "slow \u{1b}[31mand\u{202e} grey");
            respond(&mut stream, "200 OK", &html("text/html"), page.as_bytes());
        }
        _ => respond(&mut stream, "404 Not Found", &html("text/html"), b"<html><body>not here</body></html>"),
    }
}
