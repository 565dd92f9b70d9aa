//! The read-it-later exports people have, read into a list of addresses
//! with their tags and the date they were saved: Pocket's CSV and HTML,
//! Instapaper's CSV, Omnivore's and wallabag's JSON, a Netscape bookmarks
//! file, or a plain list of addresses. Pure: tested from strings.

use std::sync::LazyLock;

/// One article to bring in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub url: String,
    pub tags: Vec<String>,
    /// When it was first saved, RFC 3339, if the export says.
    pub saved: Option<String>,
}

/// Which export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Pocket's or Instapaper's CSV (a header row with a URL column).
    Csv,
    /// Omnivore's or wallabag's JSON (objects with a `url`).
    Json,
    /// A Netscape bookmarks file or Pocket's HTML export (`<a href>`).
    Html,
    /// One address a line.
    List,
}

impl Kind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "CSV (Pocket, Instapaper)",
            Self::Json => "JSON (Omnivore, wallabag)",
            Self::Html => "bookmarks HTML (Netscape, Pocket)",
            Self::List => "a list of addresses",
        }
    }
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("the JSON does not parse: {0}")]
    Json(String),
    #[error("the CSV has no column of addresses (url): its header is {0}")]
    NoUrlColumn(String),
    #[error("the CSV does not parse: {0}")]
    Csv(String),
}

/// What kind of export `text` is, by its content.
#[must_use]
pub fn kind_of(text: &str) -> Kind {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('[') || start.starts_with('{') {
        return Kind::Json;
    }
    let head = &start[..start.floor_char_boundary(start.len().min(4096))].to_ascii_lowercase();
    if head.starts_with("<!doctype netscape") || head.contains("<a ") || head.starts_with("<html") {
        return Kind::Html;
    }
    let first = start.lines().next().unwrap_or("").to_ascii_lowercase();
    if first.contains(',') && first.split(',').any(|c| c.trim().trim_matches('"') == "url") {
        return Kind::Csv;
    }
    Kind::List
}

/// The articles an export names, in its order, each address once.
///
/// # Errors
/// A JSON or CSV export that does not parse.
pub fn read(text: &str) -> Result<(Kind, Vec<Item>), ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let kind = kind_of(text);
    let items = match kind {
        Kind::Json => json(text)?,
        Kind::Csv => csv(text)?,
        Kind::Html => html(text),
        Kind::List => text
            .lines()
            .map(str::trim)
            .filter(|l| crate::web::is_url(l))
            .map(|l| Item { url: l.to_owned(), tags: Vec::new(), saved: None })
            .collect(),
    };
    let mut seen = std::collections::HashSet::new();
    Ok((kind, items.into_iter().filter(|i| crate::web::is_url(&i.url) && seen.insert(i.url.clone())).collect()))
}

/// A Unix time (seconds) as RFC 3339.
fn unix(seconds: &str) -> Option<String> {
    let n: u64 = seconds.trim().parse().ok()?;
    (n > 0).then(|| {
        humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + std::time::Duration::from_secs(n)).to_string()
    })
}

fn json(text: &str) -> Result<Vec<Item>, ImportError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ImportError::Json(e.to_string()))?;
    // An array of articles, or an object holding one (`{"items": […]}`).
    let list = match &value {
        serde_json::Value::Array(list) => list.clone(),
        serde_json::Value::Object(map) => map.values().find_map(|v| v.as_array().cloned()).unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(list
        .iter()
        .filter_map(|o| {
            let url = o.get("url").or_else(|| o.get("originalArticleUrl")).and_then(|u| u.as_str())?;
            // Omnivore: `labels` (strings or {name}); wallabag: `tags`
            // ({label} or strings).
            let tags = ["labels", "tags"]
                .iter()
                .filter_map(|k| o.get(*k).and_then(|t| t.as_array()))
                .flatten()
                .filter_map(|t| {
                    t.as_str().or_else(|| t.get("name").or_else(|| t.get("label")).and_then(|n| n.as_str()))
                })
                .map(str::to_owned)
                .collect();
            let saved = ["savedAt", "created_at", "createdAt", "time_added"]
                .iter()
                .find_map(|k| o.get(*k))
                .and_then(|v| v.as_str().map(str::to_owned).or_else(|| v.as_u64().and_then(|n| unix(&n.to_string()))))
                .filter(|s| crate::bookmarks::valid_date(s));
            Some(Item { url: url.trim().to_owned(), tags, saved })
        })
        .collect())
}

fn csv(text: &str) -> Result<Vec<Item>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| ImportError::Csv(e.to_string()))?.clone();
    let column = |names: &[&str]| headers.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
    let Some(url) = column(&["url"]) else {
        return Err(ImportError::NoUrlColumn(crate::sanitize::excerpt(
            &headers.iter().collect::<Vec<_>>().join(","),
            80,
        )));
    };
    // Pocket: tags split by `|`; Instapaper: its folder is the tag.
    let tags = column(&["tags"]);
    let folder = column(&["folder"]);
    let time = column(&["time_added", "timestamp"]);
    let mut items = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv(e.to_string()))?;
        let Some(address) = record.get(url) else { continue };
        let mut item_tags: Vec<String> = tags
            .and_then(|t| record.get(t))
            .map(|t| t.split(['|', ',']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default();
        if let Some(f) = folder.and_then(|f| record.get(f)).map(str::trim).filter(|f| !f.is_empty() && *f != "Unread") {
            item_tags.push(f.to_owned());
        }
        items.push(Item {
            url: address.trim().to_owned(),
            tags: item_tags,
            saved: time.and_then(|t| record.get(t)).and_then(unix),
        });
    }
    Ok(items)
}

static ANCHOR: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r#"(?is)<a\s([^>]*)>"#).unwrap_or_else(|e| panic!("{e}")));
static ATTRIBUTE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"(?is)([a-z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).unwrap_or_else(|e| panic!("{e}"))
});

fn html(text: &str) -> Vec<Item> {
    ANCHOR
        .captures_iter(text)
        .filter_map(|anchor| {
            let attributes = anchor.get(1)?.as_str();
            let mut href = None;
            let mut tags = Vec::new();
            let mut saved = None;
            for a in ATTRIBUTE.captures_iter(attributes) {
                let name = a.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
                let value = a.get(2).or(a.get(3)).or(a.get(4)).map_or("", |m| m.as_str());
                let value = value.replace("&amp;", "&");
                match name.as_str() {
                    "href" => href = Some(value),
                    "tags" => {
                        tags = value.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
                    }
                    "time_added" | "add_date" => saved = unix(&value),
                    _ => {}
                }
            }
            Some(Item { url: href?.trim().to_owned(), tags, saved })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.url.as_str()).collect()
    }

    #[test]
    fn pocket_csv_and_instapaper_csv() -> Result<(), ImportError> {
        let pocket = "title,url,time_added,tags,status\n\"A, quoted title\",https://a.example/1,1700000000,news|long read,unread\nB,https://b.example/2,1700000100,,archive\n";
        let (kind, items) = read(pocket)?;
        assert_eq!(kind, Kind::Csv);
        assert_eq!(urls(&items), ["https://a.example/1", "https://b.example/2"]);
        assert_eq!(items[0].tags, ["news", "long read"]);
        assert_eq!(items[0].saved.as_deref(), Some("2023-11-14T22:13:20Z"));
        let instapaper = "URL,Title,Selection,Folder,Timestamp\nhttps://c.example/x,C,,Tech,1700000000\nhttps://d.example/y,D,,Unread,1700000001\n";
        let (_, items) = read(instapaper)?;
        assert_eq!((items[0].tags.clone(), items[1].tags.is_empty()), (vec!["Tech".to_owned()], true));
        assert!(matches!(read("title,link\nA,https://x\n"), Ok((Kind::List, _))), "no url column: not CSV");
        Ok(())
    }

    #[test]
    fn omnivore_and_wallabag_json() -> Result<(), ImportError> {
        let omnivore = r#"[{"url":"https://o.example/1","labels":["rust","tools"],"savedAt":"2024-01-02T03:04:05Z"}]"#;
        let (kind, items) = read(omnivore)?;
        assert_eq!(kind, Kind::Json);
        assert_eq!(
            items[0],
            Item {
                url: "https://o.example/1".into(),
                tags: vec!["rust".into(), "tools".into()],
                saved: Some("2024-01-02T03:04:05Z".into())
            }
        );
        let wallabag =
            r#"[{"url":"https://w.example/2","tags":[{"label":"sea"}],"created_at":"2023-05-06T07:08:09+02:00"}]"#;
        let (_, items) = read(wallabag)?;
        assert_eq!(items[0].tags, ["sea"]);
        assert!(read("[{\"url\": ").is_err());
        Ok(())
    }

    #[test]
    fn bookmarks_html_and_plain_lists() -> Result<(), ImportError> {
        let netscape = "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><A HREF=\"https://n.example/?a=1&amp;b=2\" ADD_DATE=\"1700000000\" TAGS=\"x,y\">N</A>\n<DT><A HREF=\"javascript:alert(1)\">bad</A>\n</DL>";
        let (kind, items) = read(netscape)?;
        assert_eq!(kind, Kind::Html);
        assert_eq!(urls(&items), ["https://n.example/?a=1&b=2"], "only web addresses");
        assert_eq!(items[0].tags, ["x", "y"]);
        let pocket_html = "<html><body><ul><li><a href='https://p.example/1' time_added='1700000000' tags=''>P</a></li></ul></body></html>";
        assert_eq!(urls(&read(pocket_html)?.1), ["https://p.example/1"]);
        let list = "https://l.example/1\n\n# a comment\nhttps://l.example/1\nftp://nope\nhttps://l.example/2\n";
        let (kind, items) = read(list)?;
        assert_eq!((kind, urls(&items)), (Kind::List, vec!["https://l.example/1", "https://l.example/2"]), "each once");
        Ok(())
    }
}
