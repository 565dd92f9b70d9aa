//! Feeds followed: the list kept in `feeds.toml` (under the data
//! directory), a feed's items read from RSS, Atom or JSON Feed (by
//! `feed-rs`), a site's feeds found from its page's `<link rel="alternate">`,
//! and OPML read and written for other readers. Terminal-free: tested from
//! strings. Fetching is `web`'s, saving `articles`'.

use std::path::Path;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The version of `feeds.toml` this folio writes.
pub const VERSION: u32 = 1;
/// Items read from one feed at most (the first, which feeds put newest).
pub const MAX_ITEMS: usize = 500;
/// Keys of items seen remembered per feed (enough for any feed's window).
pub const MAX_SEEN: usize = 5000;
/// Bytes of a feed read at most.
pub const MAX_FEED_BYTES: u64 = 10 << 20;

/// The feeds followed, as kept in `feeds.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct FeedList {
    #[serde(default = "version")]
    pub version: u32,
    #[serde(default, rename = "feed")]
    pub feeds: Vec<Feed>,
}

fn version() -> u32 {
    VERSION
}

/// One feed followed, and what the last update learnt of it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Feed {
    /// The feed's own address.
    pub url: String,
    #[serde(default)]
    pub title: String,
    /// The site it belongs to (the feed's link).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site: String,
    /// The server's validators, sent back to be told "not modified".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When it was last fetched (RFC 3339) and what went wrong then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Items already brought in (their keys), so that an article deleted
    /// from the folder is not brought back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<String>,
}

impl Feed {
    /// The name to show: its title, else its address.
    #[must_use]
    pub fn name(&self) -> &str {
        if self.title.trim().is_empty() { &self.url } else { &self.title }
    }

    /// Notes `keys` as seen, keeping the newest [`MAX_SEEN`].
    pub fn saw(&mut self, keys: impl IntoIterator<Item = String>) {
        for key in keys {
            if !self.seen.contains(&key) {
                self.seen.push(key);
            }
        }
        if self.seen.len() > MAX_SEEN {
            let extra = self.seen.len() - MAX_SEEN;
            self.seen.drain(..extra);
        }
    }
}

/// Why the feeds or a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("{path}: {reason} (the file is kept as it is; fix or move it)")]
    Damaged { path: String, reason: String },
    #[error("{path}: written by a newer folio (version {found}; this one reads {VERSION}); not changed")]
    Newer { path: String, found: u32 },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("not a feed (RSS, Atom or JSON Feed): {0}")]
    NotFeed(String),
    #[error("the OPML does not parse: {0}")]
    Opml(String),
}

impl FeedList {
    /// The feeds in `path`; none when it does not exist.
    ///
    /// # Errors
    /// It cannot be read, does not parse (it is then left alone), or a
    /// newer folio wrote it.
    pub fn load(path: &Path) -> Result<Self, FeedError> {
        let shown = || path.display().to_string();
        let bytes = match crate::fsutil::read_owned(path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(Self::default()),
            Err(source) => return Err(FeedError::Io { path: shown(), source }),
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| FeedError::Damaged { path: shown(), reason: "not UTF-8 text".into() })?;
        let list: Self = toml::from_str(&text)
            .map_err(|e| FeedError::Damaged { path: shown(), reason: one_line(&e.to_string()) })?;
        if list.version > VERSION {
            return Err(FeedError::Newer { path: shown(), found: list.version });
        }
        Ok(list)
    }

    /// Reads `path`, lets `change` change the list, and writes it back
    /// atomically, all under the file's lock (two folios take turns).
    ///
    /// # Errors
    /// As [`FeedList::load`], or it cannot be written.
    pub fn change<T>(path: &Path, change: impl FnOnce(&mut Self) -> T) -> Result<T, FeedError> {
        let locked = crate::fsutil::with_lock(path, || {
            let mut list = Self::load(path)?;
            let before = list.clone();
            let out = change(&mut list);
            if list != before {
                list.version = VERSION;
                let text = toml::to_string(&list)
                    .map_err(|e| FeedError::Damaged { path: path.display().to_string(), reason: e.to_string() })?;
                let text = format!("# Feeds followed by folio (folio feeds, folio update).\n{text}");
                crate::fsutil::atomic_write(path, text.as_bytes())
                    .map_err(|source| FeedError::Io { path: path.display().to_string(), source })?;
            }
            Ok(out)
        });
        locked.map_err(|(path, source)| FeedError::Io { path: path.display().to_string(), source })?
    }

    /// The feed at `url`, if followed.
    #[must_use]
    pub fn find(&self, url: &str) -> Option<&Feed> {
        self.feeds.iter().find(|f| f.url == url)
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A feed as read: its title, its site, and its items in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub title: String,
    pub site: String,
    pub items: Vec<Item>,
}

/// One item of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// What tells it from the others: its id, else its address.
    pub key: String,
    /// The article's address, when it has one on the web.
    pub url: Option<String>,
    pub title: String,
    pub author: Option<String>,
    /// When it was published (or updated), RFC 3339.
    pub date: Option<String>,
    /// Its text as the feed carries it (HTML): the whole article, or a
    /// summary.
    pub html: Option<String>,
    pub tags: Vec<String>,
}

/// Reads a feed (RSS 0.9–2.0, Atom, JSON Feed) fetched from `url`;
/// relative addresses in it resolve against `url`.
///
/// # Errors
/// The bytes are no feed.
pub fn parse(bytes: &[u8], url: &str) -> Result<Parsed, FeedError> {
    let parser = feed_rs::parser::Builder::new().base_uri(Some(url)).build();
    let feed = parser.parse(bytes).map_err(|e| FeedError::NotFeed(one_line(&e.to_string())))?;
    let text = |t: &Option<feed_rs::model::Text>| t.as_ref().map(|t| one_line(&t.content)).unwrap_or_default();
    let web_link = |links: &[feed_rs::model::Link]| {
        let href = |l: &feed_rs::model::Link| crate::web::resolve(url, &l.href);
        links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate") && is_web(&href(l)))
            .or_else(|| links.iter().find(|l| is_web(&href(l))))
            .map(href)
    };
    let items = feed
        .entries
        .iter()
        .take(MAX_ITEMS)
        .map(|entry| {
            let link = web_link(&entry.links);
            let html = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .filter(|b| !b.trim().is_empty())
                .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()).filter(|s| !s.trim().is_empty()));
            Item {
                key: if entry.id.is_empty() { link.clone().unwrap_or_default() } else { entry.id.clone() },
                url: link,
                title: text(&entry.title),
                author: entry.authors.first().and_then(|p| p.name.as_deref()).map(one_line).filter(|n| !n.is_empty()),
                date: entry.published.or(entry.updated).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                html,
                tags: entry
                    .categories
                    .iter()
                    .map(|c| one_line(c.label.as_deref().unwrap_or(&c.term)))
                    .filter(|t| !t.is_empty())
                    .take(16)
                    .collect(),
            }
        })
        .collect();
    Ok(Parsed { title: text(&feed.title), site: web_link(&feed.links).unwrap_or_default(), items })
}

fn is_web(url: &str) -> bool {
    crate::web::is_url(url)
}

/// Whether `bytes` look like a feed rather than a web page: XML whose
/// first element is `rss`, `feed` or `rdf:RDF`, or JSON with a `version`
/// naming JSON Feed.
#[must_use]
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') {
        return head.contains("jsonfeed.org/version");
    }
    let mut rest = head;
    // Past the XML declaration, comments and processing instructions.
    while let Some(r) = rest.strip_prefix("<?").or_else(|| rest.strip_prefix("<!--")) {
        let end = if rest.starts_with("<?") { "?>" } else { "-->" };
        rest = r.split_once(end).map_or("", |(_, after)| after).trim_start();
    }
    rest.starts_with("<rss") || rest.starts_with("<feed") || rest.starts_with("<rdf:rdf")
}

static LINK_TAG: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"(?i)<link\b[^>]*>").expect("valid"));
static ATTRIBUTE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r#"(?i)([a-z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).expect("valid"));

/// The feeds a web page names in its `<link rel="alternate" type="…">`
/// tags (RSS, Atom, JSON Feed), made absolute against `base`, in its order.
#[must_use]
pub fn discover(html: &str, base: &str) -> Vec<String> {
    // The tags are in the head: the first 512 KiB are enough.
    let html = &html[..html.floor_char_boundary(html.len().min(512 << 10))];
    let mut found: Vec<String> = Vec::new();
    for tag in LINK_TAG.find_iter(html) {
        let mut rel = String::new();
        let mut kind = String::new();
        let mut href = None;
        for attribute in ATTRIBUTE.captures_iter(tag.as_str()) {
            let value = attribute.get(2).or(attribute.get(3)).or(attribute.get(4)).map_or("", |m| m.as_str());
            match attribute[1].to_ascii_lowercase().as_str() {
                "rel" => rel = value.to_ascii_lowercase(),
                "type" => kind = value.trim().to_ascii_lowercase(),
                "href" => href = Some(unescape(value)),
                _ => {}
            }
        }
        let feed_type = matches!(
            kind.as_str(),
            "application/rss+xml" | "application/atom+xml" | "application/feed+json" | "application/json"
        );
        if let Some(href) = href.filter(|_| feed_type && rel.split_whitespace().any(|r| r == "alternate")) {
            let url = crate::web::resolve(base, &href);
            if !found.contains(&url) {
                found.push(url);
            }
        }
    }
    found
}

/// The few character references an address in an attribute carries.
fn unescape(value: &str) -> String {
    value.replace("&amp;", "&").replace("&#38;", "&").replace("&quot;", "\"").replace("&#39;", "'")
}

/// The feeds an OPML file lists (every `outline` with an `xmlUrl`, at any
/// depth), each with its title, in its order, each address once.
///
/// # Errors
/// The XML does not parse.
pub fn read_opml(text: &str) -> Result<Vec<(String, String)>, FeedError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut found: Vec<(String, String)> = Vec::new();
    let mut outlines = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref().eq_ignore_ascii_case("outline") => {
                outlines += 1;
                let mut url = None;
                let mut title = String::new();
                let mut label = String::new();
                for attribute in e.attributes().flatten() {
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    match attribute.key.local_name().as_ref() {
                        "xmlUrl" | "xmlurl" => url = Some(value.trim().to_owned()),
                        "title" => title = one_line(&value),
                        "text" => label = one_line(&value),
                        _ => {}
                    }
                }
                if let Some(url) = url.filter(|u| is_web(u))
                    && !found.iter().any(|(u, _)| *u == url)
                {
                    found.push((url, if title.is_empty() { label } else { title }));
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(FeedError::Opml(one_line(&e.to_string()))),
        }
    }
    if outlines == 0 {
        return Err(FeedError::Opml("no <outline> in it".into()));
    }
    Ok(found)
}

/// The feeds as OPML 2.0, as newsboat, Feedly and other readers import.
#[must_use]
pub fn write_opml(feeds: &[Feed]) -> String {
    let escape = |s: &str| quick_xml::escape::escape(s).into_owned();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>Feeds followed in folio</title>\n  </head>\n  <body>\n",
    );
    for feed in feeds {
        let title = escape(&one_line(feed.name()));
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{}\"",
            escape(&feed.url)
        ));
        if !feed.site.is_empty() {
            out.push_str(&format!(" htmlUrl=\"{}\"", escape(&feed.site)));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour News</title><link>https://harbour.example/</link>
<item><title>The whale road</title><link>/news/whale.html</link><guid>whale-1</guid>
<pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate><category>Whales</category>
<description>&lt;p&gt;A whale came past the breakwater.&lt;/p&gt;</description></item>
<item><title>No link</title><description>Only text.</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_come_with_their_address_date_tags_and_text() -> Result<(), FeedError> {
        let feed = parse(RSS.as_bytes(), "https://harbour.example/feed.xml")?;
        assert_eq!(feed.title, "Harbour News");
        assert_eq!(feed.site, "https://harbour.example/");
        assert_eq!(feed.items.len(), 2);
        let whale = &feed.items[0];
        assert_eq!(whale.url.as_deref(), Some("https://harbour.example/news/whale.html"));
        assert_eq!(whale.key, "whale-1");
        assert_eq!(whale.date.as_deref(), Some("2026-11-30T08:00:00Z"));
        assert_eq!(whale.tags, vec!["Whales".to_owned()]);
        assert!(whale.html.as_deref().is_some_and(|h| h.contains("<p>A whale came")), "{whale:?}");
        assert_eq!(feed.items[1].url, None);
        assert!(!feed.items[1].key.is_empty(), "an item without id or link still has a key");
        Ok(())
    }

    #[test]
    fn atom_and_json_feed_read_too_and_a_page_is_not_a_feed() -> Result<(), FeedError> {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Log</title>
<link href="https://log.example/"/><entry><id>tag:log,1</id><title>First</title>
<link rel="alternate" href="https://log.example/1"/><updated>2026-11-01T10:00:00Z</updated>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>"#;
        let feed = parse(atom.as_bytes(), "https://log.example/atom")?;
        assert_eq!((feed.title.as_str(), feed.items[0].url.as_deref()), ("Log", Some("https://log.example/1")));
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://j.example/a","content_html":"<p>x</p>","title":"A"}]}"#;
        let feed = parse(json.as_bytes(), "https://j.example/feed.json")?;
        assert_eq!(feed.items[0].url.as_deref(), Some("https://j.example/a"));
        assert!(
            looks_like_feed(RSS.as_bytes()) && looks_like_feed(atom.as_bytes()) && looks_like_feed(json.as_bytes())
        );
        assert!(!looks_like_feed(b"<!doctype html><html><head>"));
        assert!(parse(b"<html><body>a page</body></html>", "https://x.example/").is_err());
        Ok(())
    }

    #[test]
    fn a_page_names_its_feeds() {
        let page = r#"<html><head><link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml?a=1&amp;b=2">
<LINK REL='alternate' TYPE='application/atom+xml' HREF='https://other.example/atom'>
<link rel="alternate" hreflang="fr" href="/fr/"></head></html>"#;
        assert_eq!(
            discover(page, "https://site.example/blog/"),
            vec!["https://site.example/feed.xml?a=1&b=2".to_owned(), "https://other.example/atom".to_owned()]
        );
    }

    #[test]
    fn opml_round_trips_with_nested_outlines() -> Result<(), FeedError> {
        let opml = r#"<?xml version="1.0"?><opml version="1.0"><body><outline text="News">
<outline text="Harbour &amp; Sea" type="rss" xmlUrl="https://harbour.example/feed.xml"/>
<outline title="Log" xmlUrl="https://log.example/atom"></outline></outline>
<outline text="not a feed"/><outline text="local" xmlUrl="file:///etc/passwd"/></body></opml>"#;
        let feeds = read_opml(opml)?;
        assert_eq!(
            feeds,
            vec![
                ("https://harbour.example/feed.xml".to_owned(), "Harbour & Sea".to_owned()),
                ("https://log.example/atom".to_owned(), "Log".to_owned())
            ]
        );
        let list: Vec<Feed> = feeds
            .iter()
            .map(|(url, title)| Feed { url: url.clone(), title: title.clone(), ..Feed::default() })
            .collect();
        assert_eq!(read_opml(&write_opml(&list))?, feeds);
        assert!(read_opml("<html><body>no</body></html>").is_err());
        Ok(())
    }

    #[test]
    fn hostile_feeds_neither_recurse_nor_expand() {
        // 200 000 nested elements: refused (feed-rs reads iteratively and
        // stops at 65 535 levels), never a stack overflow.
        let n = 200_000;
        let deep = format!(
            "<rss version=\"2.0\"><channel><title>D</title><item><foo>{}{}</foo></item></channel></rss>",
            "<a>".repeat(n),
            "</a>".repeat(n)
        );
        assert!(parse(deep.as_bytes(), "https://d.example/").is_err());
        // Entities a DOCTYPE defines are not expanded (no billion laughs).
        let mut laughs = String::from("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">");
        for (name, inner) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f")] {
            laughs.push_str(&format!("<!ENTITY {name} \"{}\">", format!("&{inner};").repeat(10)));
        }
        laughs.push_str("]><rss version=\"2.0\"><channel><title>&g;</title></channel></rss>");
        let read = parse(laughs.as_bytes(), "https://l.example/");
        assert!(read.as_ref().map_or(true, |f| f.title.len() < 100), "{read:?}");
    }

    #[test]
    fn seen_keys_are_bounded_and_kept_once() {
        let mut feed = Feed::default();
        feed.saw((0..MAX_SEEN + 10).map(|n| n.to_string()));
        feed.saw(["5000".to_owned()]);
        assert_eq!(feed.seen.len(), MAX_SEEN);
        assert_eq!(feed.seen.first().map(String::as_str), Some("10"), "the oldest go first");
    }

    #[test]
    fn a_damaged_list_is_refused_and_kept() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("feeds.toml");
        std::fs::write(&path, "[[feed]\nurl = ")?;
        assert!(matches!(FeedList::load(&path), Err(FeedError::Damaged { .. })));
        assert!(FeedList::change(&path, |l| l.feeds.push(Feed::default())).is_err());
        assert_eq!(std::fs::read_to_string(&path)?, "[[feed]\nurl = ", "never overwritten");
        let good = dir.path().join("good.toml");
        FeedList::change(&good, |l| l.feeds.push(Feed { url: "https://a.example/f".into(), ..Feed::default() }))?;
        assert_eq!(FeedList::load(&good)?.feeds.len(), 1);
        Ok(())
    }
}
