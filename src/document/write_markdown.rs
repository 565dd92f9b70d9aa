//! A document written out as Markdown with a front-matter block: how
//! `folio save` keeps an article. Markdown because other tools read it
//! (Obsidian, Logseq, any editor, `grep`), folio reads it back as written
//! (its front matter gives the title, site, date and address), and it is
//! the article alone, without the page's scripts and chrome.

use super::{BlockKind, Document, InlineStyle};

/// What the front matter says besides the document's own metadata.
#[derive(Debug, Clone, Default)]
pub struct Saved {
    /// The address the article was fetched from (after redirects).
    pub url: String,
    /// The address asked for, when redirects led elsewhere.
    pub requested: Option<String>,
    /// When it was saved, RFC 3339.
    pub saved: String,
    /// Tags it was saved with (from a read-it-later export).
    pub tags: Vec<String>,
}

/// The document as Markdown: front matter (title, site, date, url, saved),
/// the title as a heading when the text does not open with it, then each
/// block as Markdown, its inline emphasis, code and links kept and the
/// rest of its text escaped so that it reads back as written.
#[must_use]
pub fn write(doc: &Document, saved: &Saved) -> String {
    let mut out = String::from("---\n");
    let quoted = |s: &str| serde_json::to_string(&one_line(s)).unwrap_or_else(|_| "\"\"".to_owned());
    out.push_str(&format!("title: {}\n", quoted(&doc.title)));
    if let Some(source) = &doc.source
        && !source.site.is_empty()
    {
        out.push_str(&format!("site: {}\n", quoted(&source.site)));
    }
    if let Some(date) = &doc.date {
        out.push_str(&format!("date: {}\n", quoted(date)));
    }
    out.push_str(&format!("url: {}\n", quoted(&saved.url)));
    if let Some(requested) = saved.requested.as_ref().filter(|r| **r != saved.url) {
        out.push_str(&format!("requested: {}\n", quoted(requested)));
    }
    if let Some(canonical) = doc.source.as_ref().map(|s| &s.url).filter(|c| !c.is_empty() && **c != saved.url) {
        out.push_str(&format!("canonical: {}\n", quoted(canonical)));
    }
    out.push_str(&format!("saved: {}\n", quoted(&saved.saved)));
    if !saved.tags.is_empty() {
        let tags: Vec<String> = saved.tags.iter().map(|t| quoted(t)).collect();
        out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    out.push_str("---\n");
    if !doc.opens_with_title() && !doc.title.trim().is_empty() {
        out.push_str(&format!("\n# {}", escape(&one_line(&doc.title), true)));
    }
    let mut previous: Option<BlockKind> = None;
    for (i, block) in doc.blocks.iter().enumerate() {
        let text = &doc.text[block.range.clone()];
        if text.trim().is_empty() && block.kind != BlockKind::Rule {
            continue;
        }
        let in_verse = matches!(previous, Some(BlockKind::Line(_)))
            && matches!(block.kind, BlockKind::Line(_))
            && !block.gap_before;
        if in_verse {
            // The line before ends with a hard break.
            out.push_str("\\\n");
        } else {
            out.push('\n');
            if previous.is_some() || !out.ends_with("---\n") {
                out.push('\n');
            }
        }
        let inline = || inline_text(doc, block.range.clone());
        match block.kind {
            BlockKind::Heading(level) => {
                out.push_str(&format!("{} {}", "#".repeat(usize::from(level.clamp(1, 6))), inline()));
            }
            BlockKind::Paragraph | BlockKind::Folded => out.push_str(&inline()),
            BlockKind::Line(_) => out.push_str(&inline()),
            BlockKind::Question => out.push_str(&format!("**{}**", inline())),
            BlockKind::Caption | BlockKind::Byline => out.push_str(&format!("*{}*", inline())),
            BlockKind::Quote => out.push_str(&format!("> {}", inline())),
            BlockKind::ListItem(depth) => {
                let (marker, rest) = list_marker(text);
                let start = block.range.start + (text.len() - rest.len());
                out.push_str(&"    ".repeat(usize::from(depth)));
                out.push_str(&marker);
                out.push_str(&inline_text(doc, start..block.range.end));
            }
            BlockKind::Code | BlockKind::Table | BlockKind::Verbatim | BlockKind::Raw => {
                let lang = if block.kind == BlockKind::Code {
                    doc.code_langs.iter().find(|(b, _)| *b == i).map_or("", |(_, l)| l.as_str())
                } else {
                    ""
                };
                let body = text.replace("\r\n", "\n");
                // A fence longer than any run of backticks inside.
                let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                out.push_str(&format!("{fence}{}\n{}\n{fence}", one_line(lang), body.trim_end_matches('\n')));
            }
            BlockKind::Rule => out.push_str("* * *"),
        }
        previous = Some(block.kind);
    }
    out.push('\n');
    // A page's control characters (an escape sequence in a title or a
    // paragraph) are left out: the file is read by `cat` and editors too.
    out.retain(|c| !c.is_control() || c == '\n' || c == '\t');
    out
}

/// A list item's own marker (`•`, `-`, `1.`) as Markdown's, and the text
/// after it.
fn list_marker(text: &str) -> (String, &str) {
    let trimmed = text.trim_start();
    for bullet in ["• ", "◦ ", "▪ ", "- ", "* ", "+ ", "– "] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            return ("- ".to_owned(), rest);
        }
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        let rest = &trimmed[digits..];
        if let Some(after) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (format!("{}. ", &trimmed[..digits]), after);
        }
    }
    ("- ".to_owned(), trimmed)
}

/// A block's text as Markdown: white space as one space, emphasis, strong
/// text, code and links marked, hidden markup left out, the rest escaped.
fn inline_text(doc: &Document, range: std::ops::Range<usize>) -> String {
    // Marks to put before (opening) and after (closing) byte offsets.
    let mut opens: Vec<(usize, String)> = Vec::new();
    // Where a mark closes, where it opened (the inner of two marks ending
    // together closes first), and the mark.
    let mut closes: Vec<(usize, usize, String)> = Vec::new();
    let mut hidden: Vec<std::ops::Range<usize>> = Vec::new();
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    let first = doc.inlines.partition_point(|(r, _)| r.end <= range.start);
    for (r, style) in doc.inlines[first..].iter().take_while(|(r, _)| r.start < range.end) {
        let (start, end) = (r.start.max(range.start), r.end.min(range.end));
        if start >= end {
            continue;
        }
        let mark = match style {
            InlineStyle::Emphasis => "*",
            InlineStyle::Strong => "**",
            InlineStyle::Code => {
                code.push(start..end);
                "`"
            }
            InlineStyle::Markup | InlineStyle::CodeMark => {
                hidden.push(start..end);
                continue;
            }
            InlineStyle::Link | InlineStyle::Aside => continue,
        };
        opens.push((start, mark.to_owned()));
        closes.push((end, start, mark.to_owned()));
    }
    let first = doc.links.partition_point(|l| l.range.end <= range.start);
    for link in doc.links[first..].iter().take_while(|l| l.range.start < range.end) {
        let (start, end) = (link.range.start.max(range.start), link.range.end.min(range.end));
        if start >= end || link.note {
            continue;
        }
        opens.push((start, "[".to_owned()));
        let target = link.target.replace(['(', ')', ' ', '<', '>'], "");
        closes.push((end, start, format!("]({target})")));
    }
    // Outer marks open first; inner ones close first.
    opens.sort_by_key(|(at, _)| *at);
    closes.sort_by_key(|(end, start, _)| (*end, std::cmp::Reverse(*start)));
    let mut closing = closes.into_iter().peekable();
    let mut out = String::new();
    let mut in_space = false;
    let text = &doc.text[range.clone()];
    let start_of_block = range.start;
    for (i, c) in text.char_indices() {
        let at = range.start + i;
        while let Some((_, _, mark)) = closing.next_if(|(end, _, _)| *end <= at) {
            out.push_str(&mark);
        }
        for (_, mark) in opens.iter().filter(|(o, _)| *o == at) {
            out.push_str(mark);
        }
        if hidden.iter().any(|h| h.contains(&at)) {
            continue;
        }
        if c.is_whitespace() {
            if !in_space && !out.is_empty() {
                out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        if code.iter().any(|r| r.contains(&at)) {
            out.push(c);
        } else {
            let at_start = at == start_of_block || out.trim().is_empty();
            out.push_str(&escape(c.encode_utf8(&mut [0u8; 4]), at_start));
        }
    }
    let mut out = out.trim_end().to_owned();
    for (_, _, mark) in closing {
        out.push_str(&mark);
    }
    out
}

/// Text escaped so Markdown shows it as written: its marks, and at a
/// line's start the characters that would begin a heading, quote or list.
fn escape(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let first = at_start && i == 0;
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '&' | '|')
            || (first && matches!(c, '#' | '>' | '-' | '+' | '=' | '~'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_article_reads_back_as_written() {
        let html = "<html><head><title>Notes *on* whales</title></head><body><article><h1>Notes *on* whales</h1>\
            <p>The <em>first</em> whale came <strong>close</strong>, see <a href=\"https://example.org/w\">the log</a> \
            and <code>a_b*c</code>; 3 * 4 = 12 [sic] &lt;tag&gt;.</p><ul><li>One item</li><li>Two items</li></ul>\
            <blockquote><p>Call me Ishmael.</p></blockquote><pre><code>fn main() {}\n```\n</code></pre>\
            <p># not a heading, long enough to be a paragraph of the article on its own line here.</p></article></body></html>";
        let doc = crate::document::parse("notes.html", html.as_bytes().to_vec()).expect("parse");
        let saved = Saved {
            url: "https://example.org/notes".into(),
            saved: "2026-12-02T16:00:00Z".into(),
            requested: None,
            tags: vec![],
        };
        let md = write(&doc, &saved);
        assert!(md.starts_with("---\ntitle: \"Notes *on* whales\"\n"), "{md}");
        assert!(md.contains("url: \"https://example.org/notes\"\nsaved: \"2026-12-02T16:00:00Z\"\n---\n"), "{md}");
        assert!(md.contains("The *first* whale came **close**, see [the log](https://example.org/w)"), "{md}");
        assert!(md.contains("`a_b*c`; 3 \\* 4 = 12 \\[sic\\] \\<tag>."), "{md}");
        assert!(md.contains("- One item\n\n- Two items"), "{md}");
        assert!(md.contains("> Call me Ishmael."), "{md}");
        assert!(md.contains("````\nfn main() {}\n```\n````"), "a fence longer than the backticks inside: {md}");
        assert!(md.contains("\\# not a heading"), "{md}");
        // Read back: the same text, title and address.
        let back = crate::document::parse("notes.md", md.into_bytes()).expect("parse");
        assert_eq!(back.title, doc.title);
        assert_eq!(back.source.as_ref().map(|s| s.url.as_str()), Some("https://example.org/notes"));
        for phrase in ["The first whale came close", "3 * 4 = 12 [sic] <tag>.", "# not a heading", "Call me Ishmael."] {
            assert!(back.text.contains(phrase), "{phrase:?} in {}", back.text);
        }
    }
}
