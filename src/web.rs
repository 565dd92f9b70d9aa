//! Reading a web page: fetched over HTTP(S) within limits, then read as a
//! saved page is. Every fetched byte is untrusted: its size, the time it
//! takes and the redirects it asks for are bounded, and nothing in it is
//! fetched without the user asking.

use std::time::Duration;

use crate::document::{self, Document, Source};

/// The limits of one fetch.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To connect (TCP and TLS).
    pub connect: Duration,
    /// For the whole request, the body included.
    pub total: Duration,
    /// Redirects followed.
    pub redirects: u32,
    /// Bytes of body (after decompression).
    pub bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { connect: Duration::from_secs(10), total: Duration::from_secs(30), redirects: 10, bytes: 20 << 20 }
    }
}

/// A page as fetched: where it ended up after redirects, its type and
/// charset as the server said, and its bytes.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub url: String,
    pub content_type: String,
    pub charset: Option<String>,
    pub bytes: Vec<u8>,
}

/// Why a page could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a web address (folio fetches http:// and https:// addresses)")]
    NotUrl { url: String },
    #[error("{url}: no such host (its name could not be looked up)")]
    NoHost { url: String },
    #[error("{url}: could not connect: {reason}")]
    Connect { url: String, reason: String },
    #[error("{url}: secure connection failed: {reason}")]
    Tls { url: String, reason: String },
    #[error("{url}: the server answered {status}{}", status_text(*.status))]
    Status { url: String, status: u16 },
    #[error("{url}: no complete answer within {seconds} s")]
    Timeout { url: String, seconds: u64 },
    #[error("{url}: more than {limit} redirects")]
    Redirects { url: String, limit: u32 },
    #[error("{url}: larger than {} MiB, the most folio reads from the web", .limit >> 20)]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: not a web page or text ({content_type})")]
    NotPage { url: String, content_type: String },
    #[error("{url}: {reason}")]
    Other { url: String, reason: String },
}

fn status_text(status: u16) -> &'static str {
    match status {
        400 => " (bad request)",
        401 | 403 => " (not allowed)",
        404 => " (not found)",
        410 => " (gone)",
        429 => " (too many requests: try later)",
        500..=599 => " (a server error)",
        _ => "",
    }
}

/// Whether a command-line argument is a web address.
#[must_use]
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `url` within the default limits.
///
/// # Errors
/// See [`FetchError`]: every way it can fail, said with the address.
pub fn fetch(url: &str) -> Result<Fetched, FetchError> {
    fetch_with(url, Limits::default())
}

/// Fetches `url` within `limits`, following redirects, honouring the
/// system's proxy variables (`HTTPS_PROXY`, `NO_PROXY`, …).
///
/// # Errors
/// See [`FetchError`].
pub fn fetch_with(url: &str, limits: Limits) -> Result<Fetched, FetchError> {
    let accept = "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.1";
    let (mut response, shown) = get(url, limits, accept, &[])?;
    let (fetched, _) = body(&mut response, &shown, limits, |t| kind_of(t).is_some())?;
    Ok(fetched)
}

/// What a feed's server answered.
#[derive(Debug, Clone)]
pub enum FeedAnswer {
    /// Nothing new since the validators sent (304).
    NotModified,
    /// The feed (or a page naming it), with the validators to send next time.
    Fetched { fetched: Fetched, etag: Option<String>, last_modified: Option<String> },
}

/// Fetches a feed (or the page of a site, to find its feed) within
/// [`crate::feeds::MAX_FEED_BYTES`], asking only for what changed since
/// `etag` and `last_modified` (a conditional request).
///
/// # Errors
/// See [`FetchError`].
pub fn fetch_feed(url: &str, etag: Option<&str>, last_modified: Option<&str>) -> Result<FeedAnswer, FetchError> {
    let limits = Limits { bytes: crate::feeds::MAX_FEED_BYTES, ..Limits::default() };
    let accept = "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,text/html;q=0.5,*/*;q=0.1";
    let mut headers = Vec::new();
    if let Some(etag) = etag {
        headers.push(("If-None-Match", etag));
    }
    if let Some(date) = last_modified {
        headers.push(("If-Modified-Since", date));
    }
    let (mut response, shown) = get(url, limits, accept, &headers)?;
    if response.status() == 304 {
        return Ok(FeedAnswer::NotModified);
    }
    let (fetched, validators) =
        body(&mut response, &shown, limits, |t| kind_of(t).is_some() || t.ends_with("xml") || t.ends_with("json"))?;
    let [etag, last_modified] = validators;
    Ok(FeedAnswer::Fetched { fetched, etag, last_modified })
}

/// Sends a GET within `limits`, following redirects, honouring the
/// system's proxy variables (`HTTPS_PROXY`, `NO_PROXY`, …). Gives the
/// answer and the address as it may be shown.
fn get(
    url: &str,
    limits: Limits,
    accept: &str,
    headers: &[(&str, &str)],
) -> Result<(ureq::http::Response<ureq::Body>, String), FetchError> {
    let shown = shown(url, 200);
    if !is_url(url) {
        return Err(FetchError::NotUrl { url: shown });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .max_redirects(limits.redirects)
        .user_agent(concat!("folio/", env!("CARGO_PKG_VERSION"), " (terminal reader)"))
        .build()
        .into();
    let mut request = agent.get(url).header("Accept", accept);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.call().map_err(|e| error_of(&shown, e, limits))?;
    Ok((response, shown))
}

/// The body of an answer whose type `accepted` takes, with its
/// `ETag` and `Last-Modified` validators.
fn body(
    response: &mut ureq::http::Response<ureq::Body>,
    shown: &str,
    limits: Limits,
    accepted: impl Fn(&str) -> bool,
) -> Result<(Fetched, [Option<String>; 2]), FetchError> {
    use ureq::ResponseExt;
    let final_url = response.get_uri().to_string();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_owned());
    let (content_type, charset) = content_type_of(&header("content-type").unwrap_or_default());
    // Validators are sent back as they came: a bounded, visible line.
    let validator =
        |name: &str| header(name).filter(|v| !v.is_empty() && v.len() <= 256 && !v.contains(char::is_control));
    let validators = [validator("etag"), validator("last-modified")];
    if !content_type.is_empty() && !accepted(&content_type) {
        return Err(FetchError::NotPage { url: shown.to_owned(), content_type: self::shown(&content_type, 60) });
    }
    let bytes =
        response.body_mut().with_config().limit(limits.bytes).read_to_vec().map_err(|e| error_of(shown, e, limits))?;
    Ok((Fetched { url: final_url, content_type, charset, bytes }, validators))
}

/// Text from the server or the command line as it may be shown: one line,
/// controls made visible, cut at `columns`.
fn shown(text: &str, columns: usize) -> String {
    crate::sanitize::truncate_words(&crate::sanitize::line(text), columns).into_owned()
}

fn error_of(url: &str, err: ureq::Error, limits: Limits) -> FetchError {
    let url = url.to_owned();
    match err {
        ureq::Error::StatusCode(status) => FetchError::Status { url, status },
        ureq::Error::HostNotFound => FetchError::NoHost { url },
        ureq::Error::Timeout(_) => FetchError::Timeout { url, seconds: limits.total.as_secs().max(1) },
        ureq::Error::TooManyRedirects => FetchError::Redirects { url, limit: limits.redirects },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge { url, limit: limits.bytes },
        ureq::Error::ConnectionFailed => {
            FetchError::Connect { url, reason: "connection refused or unreachable".into() }
        }
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            FetchError::Timeout { url, seconds: limits.total.as_secs().max(1) }
        }
        ureq::Error::Io(e) => FetchError::Connect { url, reason: e.to_string() },
        ureq::Error::Tls(reason) => FetchError::Tls { url, reason: reason.to_owned() },
        ureq::Error::Rustls(e) => FetchError::Tls { url, reason: e.to_string() },
        other => FetchError::Other { url, reason: other.to_string() },
    }
}

/// The media type (lower case) and charset of a `Content-Type` header.
fn content_type_of(header: &str) -> (String, Option<String>) {
    let mut parts = header.split(';');
    let kind = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned());
    (kind, charset)
}

/// The name a page of this media type is parsed as (its format comes from
/// the extension, as for a file).
fn kind_of(content_type: &str) -> Option<&'static str> {
    match content_type {
        "text/html" | "application/xhtml+xml" => Some("page.html"),
        "text/plain" => Some("page.txt"),
        "text/markdown" | "text/x-markdown" => Some("page.md"),
        _ => None,
    }
}

/// A fetched page as a document: decoded (valid UTF-8 as it is, else the
/// charset the server or the page declares, else a guess), read as a
/// saved page is, its source the address it came from, and its relative
/// links made absolute against it.
///
/// # Errors
/// The body is not text.
pub fn document(fetched: Fetched) -> Result<Document, FetchError> {
    let Fetched { url, content_type, charset, bytes } = fetched;
    let name = kind_of(&content_type).unwrap_or(if bytes.trim_ascii_start().starts_with(b"<") {
        "page.html"
    } else {
        "page.txt"
    });
    // Valid UTF-8 is read as such; else the server's charset, unless it
    // said UTF-8 (then it is wrong), else the page's own, else a guess.
    let label = |l: &String| encoding_rs::Encoding::for_label(l.trim().as_bytes());
    let declared = if std::str::from_utf8(&bytes).is_ok() {
        None
    } else {
        charset
            .as_ref()
            .and_then(label)
            .filter(|e| *e != encoding_rs::UTF_8)
            .or_else(|| meta_charset(&bytes).as_ref().and_then(label).filter(|e| *e != encoding_rs::UTF_8))
    };
    let parsed = match declared {
        Some(encoding) => {
            let (text, _, _) = encoding.decode(&bytes);
            Ok(document::parse_text(name, text.into_owned()))
        }
        None => document::parse(name, bytes),
    };
    let mut doc = parsed.map_err(|e| FetchError::Other { url: url.clone(), reason: e.to_string() })?;
    match &mut doc.source {
        Some(source) if source.url.is_empty() => source.url.clone_from(&url),
        Some(_) => {}
        None => doc.source = Some(Source::from_url(&url)),
    }
    for link in &mut doc.links {
        if !link.target.starts_with('#') {
            link.target = resolve(&url, &link.target);
        }
    }
    if doc.title.trim().is_empty() || doc.title == "page" {
        doc.title = doc.source.as_ref().map_or_else(|| url.clone(), |s| s.site.clone());
    }
    Ok(doc)
}

/// The charset a page declares in its first 1 024 bytes
/// (`<meta charset="…">` or `content="text/html; charset=…"`).
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let rest = head[at..].trim_start_matches(['"', '\'']);
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_owned())
}

/// `reference` resolved against the page's address `base`, as RFC 3986
/// (section 5.2) says, for the forms pages use: absolute, `//host/…`,
/// `/path`, `?query`, `../relative`. Written here rather than taken from
/// the `url` crate, whose international-domain support would add some
/// thirty crates to the build for this one function.
#[must_use]
pub fn resolve(base: &str, reference: &str) -> String {
    let reference = reference.trim();
    let has_scheme = reference.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme {
        return reference.to_owned();
    }
    let Some((scheme, rest)) = base.split_once("://") else { return reference.to_owned() };
    let base_rest = rest.split('#').next().unwrap_or(rest);
    let authority_end = base_rest.find(['/', '?']).unwrap_or(base_rest.len());
    let authority = &base_rest[..authority_end];
    if let Some(net) = reference.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let base_path_query = &base_rest[authority_end..];
    let base_path = base_path_query.split('?').next().unwrap_or("");
    if reference.is_empty() {
        return format!("{scheme}://{authority}{base_path_query}");
    }
    if reference.starts_with('?') {
        return format!("{scheme}://{authority}{base_path}{reference}");
    }
    if reference.starts_with('#') {
        return format!("{scheme}://{authority}{base_path_query}{reference}");
    }
    let (ref_path, suffix) = match reference.find(['?', '#']) {
        Some(i) => (&reference[..i], &reference[i..]),
        None => (reference, ""),
    };
    let merged = if ref_path.starts_with('/') {
        ref_path.to_owned()
    } else {
        let dir = base_path.rfind('/').map_or("/", |i| &base_path[..=i]);
        format!("{dir}{ref_path}")
    };
    format!("{scheme}://{authority}{}{suffix}", remove_dot_segments(&merged))
}

/// RFC 3986's `remove_dot_segments`: `/a/b/../c/./d` is `/a/c/d`.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') { joined } else { format!("/{joined}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_as_rfc_3986_says() {
        // The normal examples of RFC 3986, section 5.4.1.
        let base = "http://a/b/c/d;p?q";
        for (reference, expected) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            (";x", "http://a/b/c/;x"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("g:h", "g:h"),
        ] {
            assert_eq!(resolve(base, reference), expected, "{reference}");
        }
    }

    #[test]
    fn addresses_and_types_are_told_apart() {
        assert!(is_url("https://example.org/a") && is_url("HTTP://x") && !is_url("notes/http.txt"));
        assert_eq!(
            content_type_of("text/html; charset=\"ISO-8859-1\""),
            ("text/html".into(), Some("ISO-8859-1".into()))
        );
        assert_eq!(kind_of("image/png"), None);
        assert_eq!(meta_charset(b"<html><head><meta charset=\"windows-1252\">"), Some("windows-1252".into()));
    }

    #[test]
    fn a_page_in_latin1_reads_right_and_its_links_are_absolute() -> Result<(), FetchError> {
        let page = b"<html><head><title>Caf\xe9 notes</title></head><body><article><h1>Caf\xe9 notes</h1><p>A paragraph about the caf\xe9 on the corner, long enough to be kept as the article's text by any extractor.</p><p>See <a href=\"../more.html\">more</a> and <a href=\"#top\">the top</a>.</p></article></body></html>";
        let fetched = Fetched {
            url: "https://example.org/notes/cafe.html".into(),
            content_type: "text/html".into(),
            charset: Some("iso-8859-1".into()),
            bytes: page.to_vec(),
        };
        let doc = document(fetched)?;
        assert!(doc.text.contains("café on the corner"), "{}", doc.text);
        assert_eq!(doc.source.as_ref().map(|s| s.site.as_str()), Some("example.org"));
        let targets: Vec<&str> = doc.links.iter().map(|l| l.target.as_str()).collect();
        assert!(targets.contains(&"https://example.org/more.html"), "{targets:?}");
        assert!(targets.contains(&"#top"), "{targets:?}");
        Ok(())
    }
}
