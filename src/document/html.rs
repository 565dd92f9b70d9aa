//! HTML, read as an article: saved web pages become the same blocks as any
//! other document.
//!
//! Two steps. First the article is found: `dom_smoothie` (readability.js in
//! Rust, the algorithm Firefox's reader view uses) keeps the story and
//! drops navigation, ads, asides and footers, and reads the page's
//! metadata (title, byline, site name, date: `<title>`, OpenGraph,
//! `<meta name=author>`, JSON-LD). Then the article's HTML is laid out by
//! walking html5ever's *tokenizer* events, not a tree: no recursion a page
//! can drive, one pass, and the depth kept is capped, so 100 000 nested
//! `<div>`s cost what 100 000 flat ones do. Scripts, styles and the like
//! are never run and never shown.
//!
//! Readability itself builds a tree and walks it; a page too deep or too
//! large for that to be safe and quick skips it and is laid out whole (its
//! `<nav>`, `<header>`, `<footer>`, `<aside>` and forms still left out).

use std::cell::RefCell;
use std::ops::Range;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

use super::{Block, BlockKind, Document, Format, InlineStyle, Link, Source, first_sentence, word_count};

/// Pages larger than this are laid out without readability (it is a tree
/// algorithm: seconds on a 50 MB page).
const READABILITY_MAX_BYTES: usize = 4 << 20;
/// Pages nested deeper than this skip readability too: its tree walks are
/// not all iterative.
const READABILITY_MAX_DEPTH: usize = 256;
/// Nesting kept track of at most; deeper elements still give their text.
const MAX_DEPTH: usize = 512;

/// What the page says about itself.
#[derive(Debug, Default)]
struct Meta {
    title: Option<String>,
    byline: Option<String>,
    site: Option<String>,
    url: Option<String>,
    date: Option<String>,
    /// The language the page declares (`<html lang>`).
    lang: Option<String>,
}

/// Parses a saved web page into a document.
pub(super) fn parse_html(name: &str, source: &str) -> Document {
    parse_html_with(name, source, true)
}

/// Parses HTML; `readable` runs readability first (a web page), off for
/// the chapters of a book, which are all story.
pub(super) fn parse_html_with(name: &str, source: &str, readable: bool) -> Document {
    let source = &*cap_attributes(without_internal_subset(source));
    let (meta, article, opinion) = if readable && source.len() <= READABILITY_MAX_BYTES {
        let asked = source.len() <= SECOND_OPINION_MAX_BYTES && SECOND_OPINION.with(std::cell::Cell::get);
        // The second opinion reads the whole page (its judgement needs the
        // page around the article: given readability's article alone it
        // scored 0.963, not 0.971), on a thread of its own, started first
        // (it takes longest; it checks the depth of what it is given
        // itself) while this one checks the page's depth and runs
        // readability.
        std::thread::scope(|scope| {
            let second = asked.then(|| second_opinion(scope, source)).flatten();
            let read = max_depth(source) <= READABILITY_MAX_DEPTH;
            let (meta, article) = if read { readability(source) } else { (page_meta(source), None) };
            let opinion = second.and_then(|t| t.join().ok()).flatten().filter(|_| read);
            (meta, article, opinion)
        })
    } else {
        (page_meta(source), None, None)
    };
    let body = article.as_deref().unwrap_or(source);
    // A byline the article already prints (`<p>By …</p>`) is not repeated.
    let head = &body[..body.floor_char_boundary(4096)];
    let byline = meta.byline.as_deref().filter(|b| !head.contains(b.trim()));
    let mut r = render(body, byline);
    let mut dateline_date = None;
    if readable {
        // Page furniture readability lets through: share buttons, gallery
        // controls, "Advertisement". Only lines that are nothing else.
        // A dateline only in the first blocks (a date alone later may head
        // a diary's entry); its date goes to the header if the page's
        // metadata had none.
        let text = &r.text;
        let meta_byline = meta.byline.as_deref().map(str::trim).filter(|b| b.len() >= 3);
        // The second extractor's text, when it found an article of a size
        // like readability's (else its silence says nothing).
        let words: usize = r.blocks.iter().map(|b| word_count(&text[b.range.clone()])).sum();
        let opinion = opinion.filter(|o| o.words.len() >= SECOND_OPINION_MIN_WORDS && o.count * 5 >= words);
        let mut index = 0;
        r.blocks.retain(|b| {
            let line = &text[b.range.clone()];
            index += 1;
            let dateline = index <= DATELINE_BLOCKS && is_dateline(&line.trim().to_lowercase());
            if dateline && dateline_date.is_none() {
                dateline_date = date_in(line);
            }
            // The byline stays whatever the vote (the page's metadata).
            let byline = meta_byline.is_some_and(|by| line.len() < 4 * by.len() + 16 && line.contains(by));
            let disputed = opinion.as_ref().is_some_and(|o| is_prose(b.kind) && !byline && !o.agrees(line));
            !(is_page_chrome(line) || dateline || disputed)
        });
    }
    let meta = Meta { date: meta.date.or(dateline_date), ..meta };
    let title = meta
        .title
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            r.blocks
                .iter()
                .find(|b| matches!(b.kind, BlockKind::Heading(_)))
                .map(|b| first_sentence(&r.text[b.range.clone()]))
        })
        .or_else(|| r.blocks.first().map(|b| first_sentence(&r.text[b.range.clone()])))
        .unwrap_or_else(|| name.to_owned());
    let source_info = match (meta.url, meta.site) {
        (Some(url), Some(site)) => Some(Source { site, ..Source::from_url(&url) }),
        (Some(url), None) => Some(Source::from_url(&url)),
        (None, Some(site)) => Some(Source { url: String::new(), site }),
        (None, None) => None,
    };
    finish(name, r, title, source_info, meta.date, meta.lang.as_deref())
}

/// Builds the document from what was laid out.
fn finish(
    name: &str,
    mut r: Renderer,
    title: String,
    source: Option<Source>,
    date: Option<String>,
    lang: Option<&str>,
) -> Document {
    r.inlines.sort_by_key(|(range, _)| range.start);
    // An anchor inside text taken back (an empty list item) points at
    // most to the end.
    let len = r.text.len();
    for (_, at) in &mut r.anchors {
        *at = (*at).min(len);
    }
    r.anchors.sort();
    r.anchors.dedup_by(|a, b| a.0 == b.0);
    r.links.sort_by_key(|l| l.range.start);
    // Notes, folded out of the reading flow, are not counted.
    let words =
        r.blocks.iter().filter(|b| b.kind != BlockKind::Folded).map(|b| word_count(&r.text[b.range.clone()])).sum();
    let outline = super::outline_of(&r.text, &r.blocks);
    Document {
        name: name.to_owned(),
        title,
        source,
        // A language the page or book declares is taken, not guessed.
        language: lang.and_then(super::Language::from_tag).map_or_else(std::sync::OnceLock::new, |l| Some(l).into()),
        date,
        format: Format::Html,
        text: r.text,
        blocks: r.blocks,
        inlines: r.inlines,
        code_langs: Vec::new(),
        word_count: words,
        notices: Vec::new(),
        source_map: Vec::new(),
        outline,
        links: r.links,
        anchors: r.anchors,
    }
}

/// The article and its metadata, by readability; `None` for the article
/// when readability finds none (the whole page is laid out then).
fn readability(source: &str) -> (Meta, Option<String>) {
    let config = dom_smoothie::Config { max_elements_to_parse: 100_000, ..dom_smoothie::Config::default() };
    let Ok(mut reader) = dom_smoothie::Readability::new(source, None, Some(config)) else {
        return (page_meta(source), None);
    };
    match reader.parse() {
        Ok(article) => {
            let meta = Meta {
                title: Some(article.title.clone()).filter(|t| !t.is_empty()),
                byline: article.byline.clone(),
                site: article.site_name.clone(),
                url: article.url.clone(),
                date: article.published_time.clone(),
                lang: article.lang.clone(),
            };
            let content = article.content.to_string();
            (meta, (!content.trim().is_empty()).then_some(content))
        }
        Err(_) => (page_meta(source), None),
    }
}

/// Pages larger than this are read by readability alone: the second
/// extractor takes about 1.2 s and 140 MB for a page of 2.3 MB (and 13 ms
/// for an article page of 170 KB).
const SECOND_OPINION_MAX_BYTES: usize = 2 << 20;

thread_local! {
    /// Whether this thread asks the second extractor (see
    /// [`with_readability_alone`]).
    static SECOND_OPINION: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Runs `read` with web pages read by readability alone: what the library's
/// listing pass and its index need of a page (its text, title, size) does
/// not depend on the second opinion, which only leaves blocks out of the
/// reading view, and a first start over thousands of saved pages should
/// not pay for it. The page is read with it when it is opened.
pub fn with_readability_alone<T>(read: impl FnOnce() -> T) -> T {
    let before = SECOND_OPINION.with(|s| s.replace(false));
    let out = read();
    SECOND_OPINION.with(|s| s.set(before));
    out
}

/// Stack for the second extractor's thread: it walks the page's tree
/// recursively (the page's depth is checked first, and this is room to
/// spare; untouched stack costs no memory).
const SECOND_OPINION_STACK: usize = 64 << 20;
/// Words the second extractor must find for its opinion to count.
const SECOND_OPINION_MIN_WORDS: usize = 30;
/// Share of a paragraph's word triples the second extractor must have
/// for the paragraph to stay.
const SECOND_OPINION_AGREEMENT: f64 = 0.5;

/// What a second extractor (`rs-trafilatura`, a port of trafilatura, which
/// scores best on the public benchmark of article extraction) takes for
/// the article: its words and word triples. Readability finds the story
/// and rarely misses any of it, but keeps furniture inside it (gallery
/// captions printed twice, credit lines, "more from" headings);
/// trafilatura drops most of it.
/// A paragraph both keep is article; one only readability keeps is left
/// out. Folio still lays out readability's HTML (its structure: lists,
/// tables, figures, notes); trafilatura only votes. On the benchmark's
/// 181 pages this took F1 from 0.949 to 0.971 (`docs/BENCHMARKS.md`).
struct Opinion {
    /// Its words, hashed (lower-cased).
    words: rustc_hash::FxHashSet<u64>,
    /// Its word triples, hashed.
    triples: rustc_hash::FxHashSet<u64>,
    /// Words in all.
    count: usize,
}

impl Opinion {
    fn of(text: &str) -> Self {
        let words = opinion_words(text);
        let triples = words.windows(3).map(triple).collect();
        Self { count: words.len(), words: words.into_iter().collect(), triples }
    }

    /// Whether the second extractor has `line` too: half its word triples
    /// (its words, for a line of one or two).
    fn agrees(&self, line: &str) -> bool {
        let words = opinion_words(line);
        let (had, of) = if words.len() >= 3 {
            let had = words.windows(3).filter(|w| self.triples.contains(&triple(w))).count();
            (had, words.len() - 2)
        } else if words.is_empty() {
            return true;
        } else {
            (words.iter().filter(|w| self.words.contains(*w)).count(), words.len())
        };
        had as f64 >= SECOND_OPINION_AGREEMENT * of as f64
    }
}

/// The words of `text` (runs of letters, digits and `_`), each hashed
/// lower-cased, without a string made for it: this reads the whole of the
/// second extractor's text.
fn opinion_words(text: &str) -> Vec<u64> {
    use std::hash::Hasher;
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut hasher = rustc_hash::FxHasher::default();
            w.chars().flat_map(char::to_lowercase).for_each(|c| hasher.write_u32(c.into()));
            hasher.finish()
        })
        .collect()
}

fn triple(words: &[u64]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    words.iter().for_each(|w| hasher.write_u64(*w));
    hasher.finish()
}

/// The kinds of block the second opinion is asked about: prose, headings
/// ("Related stories", "More from …") and lines broken by `<br>`. Code,
/// tables and rules are kept as readability found them, and so is the
/// byline (the page's metadata, which the issue asks to keep as it was).
fn is_prose(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Paragraph
            | BlockKind::Caption
            | BlockKind::ListItem(_)
            | BlockKind::Quote
            | BlockKind::Question
            | BlockKind::Heading(_)
            | BlockKind::Line(_)
    )
}

/// The second extractor's reading of the page, started on a thread of its
/// own: with room for its recursive tree walks (the page's depth is
/// checked first), and so that a panic in it costs the opinion, not the
/// page. `None` when no thread could be started.
fn second_opinion<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    source: &'scope str,
) -> Option<std::thread::ScopedJoinHandle<'scope, Option<Opinion>>> {
    std::thread::Builder::new()
        .stack_size(SECOND_OPINION_STACK)
        .spawn_scoped(scope, move || {
            // Asked as an article: its page-type classifier (a third of its
            // time) changed no page of the benchmark, and folio reads what
            // readability found as an article anyway.
            let options = rs_trafilatura::Options {
                page_type: Some(rs_trafilatura::page_type::PageType::Article),
                ..rs_trafilatura::Options::default()
            };
            let page = without_furniture(&without_scripts(source));
            if max_depth(&page) > READABILITY_MAX_DEPTH {
                return None;
            }
            rs_trafilatura::extract_with_options(&page, &options).ok().map(|r| Opinion::of(&r.content_text))
        })
        .ok()
}

/// The page without its scripts, styles and comments, for the second
/// extractor, which would parse and then drop them (they are most of a
/// news page's bytes: 31 MB of the benchmark's pages become 13 MB). JSON-LD
/// scripts stay: the extractor reads an article's body and metadata there.
/// One forward pass of a linear-time pattern; an unclosed script or style
/// runs to the end of the page, as it does for a browser.
fn without_scripts(source: &str) -> String {
    static OPEN: std::sync::LazyLock<Option<regex::Regex>> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?is)<!--.*?-->|<(script|style)\b[^>]*>").ok());
    static CLOSE: std::sync::LazyLock<Option<[regex::Regex; 2]>> = std::sync::LazyLock::new(|| {
        Some([regex::Regex::new(r"(?i)</script\s*>").ok()?, regex::Regex::new(r"(?i)</style\s*>").ok()?])
    });
    let (Some(open), Some([close_script, close_style])) = (&*OPEN, &*CLOSE) else {
        return source.to_owned();
    };
    let mut out = String::with_capacity(source.len() / 2);
    let mut at = 0;
    while let Some(found) = open.captures_at(source, at) {
        let (Some(whole), tag) = (found.get(0), found.get(1)) else { break };
        out.push_str(&source[at..whole.start()]);
        at = whole.end();
        let Some(tag) = tag else { continue };
        let close = if tag.as_str().eq_ignore_ascii_case("script") { close_script } else { close_style };
        let end = close.find_at(source, at).map_or(source.len(), |c| c.end());
        if tag.as_str().eq_ignore_ascii_case("script") && whole.as_str().to_ascii_lowercase().contains("ld+json") {
            out.push_str(&source[whole.start()..end]);
        }
        at = end;
    }
    out.push_str(&source[at..]);
    out
}

/// Elements the second extractor removes, with all they hold, before it
/// reads a page (trafilatura's `tagsToClean`), and which are a third of a
/// news page's bytes once its scripts are gone: navigation, asides,
/// footers, inline drawings, embedded frames, controls. `<form>` is not
/// among them (some pages are one form, which its fallback reads), nor
/// `<header>` (it may hold the headline).
const FURNITURE: [&[u8]; 16] = [
    b"svg",
    b"nav",
    b"aside",
    b"footer",
    b"noscript",
    b"iframe",
    b"select",
    b"button",
    b"picture",
    b"figure",
    b"menu",
    b"dialog",
    b"textarea",
    b"video",
    b"audio",
    b"object",
];
/// Elements whose opening and closing must pair up inside a piece of
/// furniture for it to be left out: a `<nav>` closed by the browser
/// rather than its author would otherwise pair with a later `</nav>` and
/// take the article between them.
const FURNITURE_WALLS: [&[u8]; 8] = [b"div", b"section", b"article", b"main", b"body", b"table", b"ul", b"form"];

/// `source` without the [`FURNITURE`] elements, for the second extractor,
/// which would parse, copy and then drop them. A piece is left out only
/// when its closing tag is found and every [`FURNITURE_WALLS`] element in
/// it is closed in it too; otherwise it is kept as it is. One forward
/// pass: a piece kept is not read again.
fn without_furniture(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + lt;
        at = start + 1;
        let Some((name, false)) = tag_at(bytes, start).filter(|(n, _)| FURNITURE.contains(n)) else { continue };
        let Some(open_end) = memchr::memchr(b'>', &bytes[start..]).map(|i| start + i + 1) else { break };
        if bytes[open_end - 2] == b'/' {
            // `<svg/>`: nothing inside.
            out.push_str(&source[copied..start]);
            copied = open_end;
            at = open_end;
            continue;
        }
        let mut depth = 1usize;
        let mut walls = [0isize; FURNITURE_WALLS.len()];
        let mut walled = true;
        let mut end = None;
        let mut i = open_end;
        while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
            let here = i + lt;
            i = here + 1;
            let Some((inner, closing)) = tag_at(bytes, here) else { continue };
            if inner == name {
                depth = if closing { depth - 1 } else { depth + 1 };
                if depth == 0 {
                    end = Some(memchr::memchr(b'>', &bytes[here..]).map_or(bytes.len(), |j| here + j + 1));
                    break;
                }
            } else if let Some(w) = FURNITURE_WALLS.iter().position(|w| *w == inner) {
                walls[w] += if closing { -1 } else { 1 };
                walled &= walls[w] >= 0;
            }
        }
        let Some(end) = end else { break };
        if walled && walls.iter().all(|w| *w == 0) {
            out.push_str(&source[copied..start]);
            copied = end;
        }
        at = end;
    }
    out.push_str(&source[copied..]);
    out
}

/// Which [`FURNITURE`] or [`FURNITURE_WALLS`] name the tag starting at
/// `bytes[at]` (a `<`) has, in any case, and whether it closes; `None` for
/// any other tag or text.
fn tag_at(bytes: &[u8], at: usize) -> Option<(&'static [u8], bool)> {
    let closing = bytes.get(at + 1) == Some(&b'/');
    let from = at + 1 + usize::from(closing);
    let len = bytes[from.min(bytes.len())..].iter().take(9).take_while(|b| b.is_ascii_alphanumeric()).count();
    if len == 0
        || len > 8
        || !matches!(bytes.get(from + len), None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'))
    {
        return None;
    }
    let name = &bytes[from..from + len];
    FURNITURE.iter().chain(FURNITURE_WALLS.iter()).find(|n| n.eq_ignore_ascii_case(name)).map(|n| (*n, closing))
}

/// The `<title>` and `<meta>` facts of a page, read by the tokenizer (for
/// pages readability is not run on).
fn page_meta(source: &str) -> Meta {
    let mut meta = Meta::default();
    let mut in_title = false;
    let mut title = String::new();
    tokens(source, |token| {
        match token {
            Token::TagToken(tag) if tag.name.as_ref() as &str == "title" => in_title = tag.kind == TagKind::StartTag,
            Token::TagToken(tag) if tag.kind == TagKind::StartTag && tag.name.as_ref() as &str == "html" => {
                meta.lang =
                    tag.attrs.iter().find(|a| a.name.local.as_ref() as &str == "lang").map(|a| a.value.to_string());
            }
            Token::TagToken(tag) if tag.kind == TagKind::StartTag && tag.name.as_ref() as &str == "meta" => {
                let attr = |name: &str| {
                    tag.attrs.iter().find(|a| a.name.local.as_ref() as &str == name).map(|a| a.value.to_string())
                };
                let key = attr("property").or_else(|| attr("name")).unwrap_or_default().to_ascii_lowercase();
                let value = attr("content");
                match key.as_str() {
                    "og:title" => meta.title = meta.title.take().or(value),
                    "og:site_name" => meta.site = value,
                    "og:url" => meta.url = value,
                    "author" => meta.byline = value,
                    "article:published_time" | "date" => meta.date = value,
                    _ => {}
                }
            }
            Token::CharacterTokens(text) if in_title => title.push_str(text),
            _ => {}
        }
        Flow::Go
    });
    if meta.title.is_none() && !title.trim().is_empty() {
        meta.title = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    meta
}

/// Attributes read on one tag at most; html5ever looks for a duplicate
/// name among a tag's attributes as it reads each one, so 250 000 of them
/// on one tag took 75 s.
const MAX_ATTRIBUTES: usize = 256;

/// `source` with every tag's attributes past [`MAX_ATTRIBUTES`] left out
/// (the tag itself kept); the same text, not copied, when no tag has that
/// many. One pass: a tag starts at `<` and a letter, as the tokenizer
/// says, and ends at a `>` outside quotes.
pub(super) fn cap_attributes(source: &str) -> std::borrow::Cow<'_, str> {
    let bytes = source.as_bytes();
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + lt;
        at = start + 1;
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // Walk the tag: count attribute names, note where the one past the
        // limit starts, stop at its end.
        let mut i = start + 1;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/') {
            i += 1;
        }
        let name = &bytes[start + 1..i];
        let mut count = 0usize;
        let mut cut_from = None;
        let mut quote: Option<u8> = None;
        let mut in_name = false;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None => match b {
                    b'>' => break,
                    b'"' | b'\'' => quote = Some(b),
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' => in_name = false,
                    b'=' => in_name = false,
                    _ if !in_name => {
                        // A new attribute name (or an unquoted value, counted
                        // too: an overestimate only cuts sooner).
                        in_name = true;
                        count += 1;
                        if count == MAX_ATTRIBUTES + 1 {
                            cut_from = Some(i);
                        }
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        if let Some(from) = cut_from {
            cuts.push(from..i);
        }
        at = i;
        // Script and style text is not markup: `a<b` in a script is no tag.
        let raw = ["script", "style", "textarea", "title", "noscript", "iframe", "xmp", "noembed", "noframes"];
        if let Some(raw) = raw.iter().find(|r| name.eq_ignore_ascii_case(r.as_bytes())) {
            at = raw_text_end(bytes, at, raw.as_bytes());
        }
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    let mut from = 0;
    for cut in cuts {
        out.push_str(&source[from..cut.start]);
        from = cut.end;
    }
    out.push_str(&source[from..]);
    std::borrow::Cow::Owned(out)
}

/// `source` without the internal subset of its DOCTYPE (`<!DOCTYPE html [
/// <!ENTITY ...> ]>`, which XHTML allows): an HTML tokenizer ends the
/// DOCTYPE at its first `>` and showed the rest, `]>`, as text. Only a
/// DOCTYPE at the start of the page (after an XML declaration) is looked
/// at; entities are not expanded (as a browser reading HTML does not).
fn without_internal_subset(source: &str) -> &str {
    let head = &source[..source.floor_char_boundary(4096)];
    let Some(doctype) = head.find("<!DOCTYPE").or_else(|| head.find("<!doctype")) else { return source };
    let after = &source[doctype..];
    let (Some(open), Some(close)) = (after.find('['), after.find('>')) else { return source };
    if open > close {
        return source;
    }
    // The DOCTYPE goes on to `]` then `>`: what follows is the page.
    match after[open..].find("]>") {
        Some(end) => &source[doctype + open + end + 2..],
        None => source,
    }
}

/// Where the raw text of element `name` that runs from `from` ends: at
/// its end tag (`</script`, in any case), or the end of `bytes`.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]) {
        let tag = at + lt;
        let after = tag + 2 + name.len();
        if bytes.get(tag + 1) == Some(&b'/') && bytes.get(tag + 2..after).is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return tag;
        }
        at = tag + 1;
    }
    bytes.len()
}

/// The deepest nesting of elements in a page, as the HTML tree builder
/// will nest them, counted on the tokens. The tree builder's rules, as far
/// as depth goes: `<div/>` opens a `div` (only void elements, and
/// elements inside `<svg>` and `<math>`, close themselves); an end tag
/// with no element of its name open is ignored (`<div></i>` nests); an end
/// tag closes everything opened after its element; and the elements HTML
/// closes without an end tag (`p`, `li`, `dt`, `dd`, `tr`, `td`, `th`,
/// `option`) are closed by what closes them, so a page of unclosed `<p>`s
/// is not deep. Counting stops past the limit, so the stack searched is
/// never longer than it: linear in the page.
fn max_depth(source: &str) -> usize {
    let mut stack: Vec<String> = Vec::new();
    let mut deepest = 0;
    let mut foreign = 0usize;
    tokens(source, |token| {
        let Token::TagToken(tag) = token else { return Flow::Go };
        let name: &str = tag.name.as_ref();
        if is_void(name) {
            return Flow::Go;
        }
        match tag.kind {
            TagKind::StartTag => {
                if tag.self_closing && (foreign > 0 || matches!(name, "svg" | "math")) {
                    return Flow::Go;
                }
                close_implied(&mut stack, name);
                if matches!(name, "svg" | "math") {
                    foreign += 1;
                }
                stack.push(name.to_owned());
                deepest = deepest.max(stack.len());
            }
            TagKind::EndTag => {
                if let Some(at) = stack.iter().rposition(|open| open == name) {
                    foreign -= stack[at..].iter().filter(|n| matches!(n.as_str(), "svg" | "math")).count().min(foreign);
                    stack.truncate(at);
                }
            }
        }
        if deepest > READABILITY_MAX_DEPTH { Flow::Stop } else { Flow::Go }
    });
    deepest
}

/// Closes the open elements a start tag `name` ends without their end tag:
/// a block closes an open `p`, an `li` the `li` before it (in the same
/// list), and so on for `dt`/`dd`, `tr`, `td`/`th` and `option`.
fn close_implied(stack: &mut Vec<String>, name: &str) {
    const CLOSES_P: [&str; 30] = [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "ul",
    ];
    let closes_p = CLOSES_P.contains(&name) || matches!(name, "section" | "table" | "li" | "dd" | "dt");
    // (what it closes, what stops the search for it)
    let (target, fence): (&[&str], &[&str]) = match name {
        "li" => (&["li"], &["ul", "ol", "table"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl", "table"]),
        "tr" => (&["tr"], &["table"]),
        "td" | "th" => (&["td", "th"], &["tr", "table"]),
        "option" => (&["option"], &["select", "datalist"]),
        _ => (&[], &[]),
    };
    if closes_p && let Some(at) = find_open(stack, &["p"], &["button", "table", "td", "th", "html", "object"]) {
        stack.truncate(at);
    }
    if !target.is_empty()
        && let Some(at) = find_open(stack, target, fence)
    {
        stack.truncate(at);
    }
}

/// The innermost open element named in `names`, unless one of `fence` is
/// open inside it.
fn find_open(stack: &[String], names: &[&str], fence: &[&str]) -> Option<usize> {
    for (at, open) in stack.iter().enumerate().rev() {
        if names.contains(&open.as_str()) {
            return Some(at);
        }
        if fence.contains(&open.as_str()) {
            return None;
        }
    }
    None
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose content is never shown: code that would run, styling,
/// and the page's furniture around an article.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "canvas"
            // `epub:switch` shows its `epub:default`, not every case.
            | "epub:case"
            | "nav"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "head"
    )
}

/// Elements that make a block of their own.
/// A line that is page furniture and nothing else: share buttons
/// (`Whatsapp Facebook Pint Baixar`), a gallery's `Image 1 of 8`,
/// `Caption`, `Close`, `Advertisement`, `Share this article`, `Comments`,
/// an empty `[image]`.
fn is_page_chrome(text: &str) -> bool {
    const SHARE: [&str; 29] = [
        "share",
        "shares",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "pinterest",
        "pint",
        "pin",
        "linkedin",
        "email",
        "e-mail",
        "mail",
        "print",
        "reddit",
        "tweet",
        "copy",
        "link",
        "baixar",
        "compartilhar",
        "telegram",
        "messenger",
        "sms",
        "flipboard",
        "tumblr",
        "comments",
        "comment",
        "save",
        "submit",
    ];
    const ALONE: [&str; 36] = [
        "sharing is caring!",
        "sharing is caring",
        "continue reading below",
        "continue reading",
        "story continues below",
        "related posts",
        "related articles",
        "more stories",
        "advertisement",
        "advert",
        "caption",
        "close",
        "share this article",
        "share this",
        "share on facebook",
        "share on twitter",
        "you may also like...",
        "you may also like",
        "don't miss",
        "related",
        "read more",
        "tags",
        "follow us",
        "share",
        "tweet",
        "print",
        "comments",
        "recent articles",
        "popular this week",
        "latest",
        "popular",
        "loading content ...",
        "loading...",
        "learn more",
        "[image]",
        "more:",
    ];
    let t = text.trim().trim_start_matches('•').trim();
    if t.is_empty() || t.len() > 100 {
        return false;
    }
    let lower = t.to_lowercase();
    if ALONE.contains(&lower.trim_end_matches(':')) || ALONE.contains(&lower.as_str()) {
        return true;
    }
    let words: Vec<&str> =
        lower.split(|c: char| c.is_whitespace() || c == '|' || c == '·').filter(|w| !w.is_empty()).collect();
    // `Image 1 of 8`, `Photo 3 / 12`, `Image 1 of / 8` (a gallery whose
    // count is drawn by a script).
    let words: Vec<&str> = words.into_iter().filter(|w| *w != "/" || !lower.contains(" of ")).collect();
    if let [kind, n, of, m] = words.as_slice()
        && matches!(*kind, "image" | "photo" | "slide" | "picture")
        && matches!(*of, "of" | "/")
        && n.parse::<u32>().is_ok()
        && m.parse::<u32>().is_ok()
    {
        return true;
    }
    words.len() >= 2 && words.iter().all(|w| SHARE.contains(w))
}

/// The first date a line holds that folio can read (`November 20, 2019`
/// in `Updated 1:39 am EST, Wednesday, November 20, 2019`).
fn date_in(line: &str) -> Option<String> {
    let starts = std::iter::once(0).chain(line.match_indices(' ').map(|(i, _)| i + 1));
    starts.take(16).find_map(|at| super::date::normalize(line[at..].trim_start_matches([',', '|', ' '])))
}

/// The blocks at the head of an article a dateline is looked for in.
const DATELINE_BLOCKS: usize = 4;

/// A line that says when the page was published or updated and nothing
/// else: every word a number, a month or weekday, a time, a time zone, or
/// `updated`/`published`/`posted`, with at least a number and a month or
/// such a word.
fn is_dateline(lower: &str) -> bool {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    const MARKS: [&str; 12] =
        ["updated", "published", "posted", "first", "last", "on", "at", "am", "pm", "a.m", "p.m", "today"];
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | ';' | '-' | '–' | '/' | '@' | '·' | '(' | ')'))
        .map(|w| w.trim_matches(|c: char| c == ':' || c == '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut number = false;
    let mut named = false;
    for w in &words {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let month_or_day = MONTHS
            .iter()
            .chain(DAYS.iter())
            .any(|m| w.starts_with(m) && (w.len() == 3 || w.chars().all(|c| c.is_ascii_alphabetic()) && w.len() <= 9));
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.') {
            number = true;
        } else if month_or_day || MARKS.contains(w) {
            named = true;
        } else if !(w.len() <= 4 && w.ends_with('t') && w.chars().all(|c| c.is_ascii_alphabetic()))
            && *w != "gmt"
            && *w != "utc"
        {
            // Not a time zone (`est`, `pst`, `et`, `hst`, `amt`): text.
            return false;
        }
    }
    number && named && words.len() >= 2
}

/// The widest table laid out as aligned columns; a wider one is read a
/// row a line.
const TABLE_MAX_COLUMNS: usize = 120;

/// A list marker and nothing else: `•`, `12.`.
fn is_bare_marker(text: &str) -> bool {
    let t = text.trim();
    t == "•" || (t.len() > 1 && t.ends_with('.') && t[..t.len() - 1].bytes().all(|b| b.is_ascii_digit()))
}

/// A tag's attributes as names and values.
pub(super) fn attributes(tag: &Tag) -> Vec<(String, String)> {
    tag.attrs.iter().take(16).map(|a| (a.name.local.to_string(), a.value.to_string())).collect()
}

/// Whether an image's `alt` text describes it: not empty, not a file
/// name (`IMG_2041.jpg`, `hero-banner.webp`), not a word that only says it
/// is an image.
pub(super) fn useful_alt(alt: &str) -> bool {
    let lower = alt.trim().to_lowercase();
    if lower.is_empty()
        || matches!(
            lower.as_str(),
            "image" | "img" | "photo" | "picture" | "graphic" | "figure" | "icon" | "logo" | "placeholder"
        )
    {
        return false;
    }
    let file_like = !lower.contains(' ')
        && [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff"]
            .iter()
            .any(|ext| lower.ends_with(ext));
    // A file's name without its extension: `milano-design-week-2018-01`.
    let slug = !lower.contains(' ') && lower.split(['-', '_']).count() >= 3;
    !file_like && !slug
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "figure"
            | "figcaption"
            | "hr"
            | "body"
            | "html"
            | "address"
            | "details"
            | "summary"
    )
}

/// Whether to go on reading tokens.
pub(super) enum Flow {
    Go,
    Stop,
}

/// Runs the tokenizer over `source`, handing each token to `each`. Script
/// and style content is read as raw text (never as markup), as a browser's
/// parser does.
pub(super) fn tokens(source: &str, each: impl FnMut(&Token) -> Flow) {
    struct Sink<F> {
        each: RefCell<F>,
        stopped: RefCell<bool>,
    }
    impl<F: FnMut(&Token) -> Flow> TokenSink for Sink<F> {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if *self.stopped.borrow() {
                return TokenSinkResult::Continue;
            }
            if let Flow::Stop = (self.each.borrow_mut())(&token) {
                *self.stopped.borrow_mut() = true;
            }
            match token {
                Token::TagToken(Tag { kind: TagKind::StartTag, name, self_closing: false, .. }) => {
                    match name.as_ref() {
                        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "noscript" | "iframe" | "xmp" | "noembed" | "noframes" => {
                            TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                        "plaintext" => TokenSinkResult::Plaintext,
                        _ => TokenSinkResult::Continue,
                    }
                }
                _ => TokenSinkResult::Continue,
            }
        }
    }
    let sink = Sink { each: RefCell::new(each), stopped: RefCell::new(false) };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(source));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
}

/// A `<figure>` being read: whether it holds an image, that image's
/// description, and whether its caption was written.
#[derive(Default)]
struct Figure {
    image: bool,
    alt: Option<String>,
    captioned: bool,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    head_rows: usize,
}

/// The document being laid out from tokens.
#[derive(Default)]
struct Renderer {
    text: String,
    blocks: Vec<Block>,
    inlines: Vec<(Range<usize>, InlineStyle)>,
    links: Vec<Link>,
    /// The block being written: where it starts and what it is.
    open: Option<(usize, BlockKind)>,
    /// Open elements (names), for inline styles and skipped content.
    stack: Vec<String>,
    /// Inside an element whose content is not shown (its depth).
    skipping: Option<usize>,
    /// Ordered lists carry their next number.
    lists: Vec<Option<u64>>,
    quote_depth: usize,
    pre: usize,
    heading: Option<u8>,
    caption: usize,
    /// Open inline styles: the style, where it starts, and the depth of
    /// the element that opened it in `stack` (styles are in stack order).
    styles: Vec<(InlineStyle, usize, usize)>,
    link: Option<(usize, String)>,
    table: Option<Table>,
    /// Blocks are separated by a blank line, except items of one list.
    after_item: bool,
    /// The last character written was white space (prose collapses runs).
    space: bool,
    /// The chapter being laid out, for a book: its path in the book, which
    /// `id`s and relative links are taken relative to.
    base: Option<String>,
    /// Places an `id` names (`path#id` in a book), with their offsets.
    anchors: Vec<(String, usize)>,
    /// A `<br>` ended the last block: the next follows with no gap.
    continued: bool,
    /// The text of a page-break marker being skipped: its page number.
    page_text: Option<String>,
    /// The link being read is a note reference (`epub:type="noteref"`).
    noteref: bool,
    /// Open `<sup>` elements: a link to `#…` inside one is a note reference.
    sup: usize,
    /// The current list item's first block is written: what follows in
    /// it hangs under its text.
    item_body: bool,
    /// The figure being read.
    figure: Option<Figure>,
    /// Stack depths of the note elements open (footnotes, endnotes).
    note_depths: Vec<usize>,
    /// Stack depths of the verse elements open (poems, stanzas).
    verse_depths: Vec<usize>,
    /// The next line of verse starts a stanza (a blank line before it).
    stanza_start: bool,
    /// A `<math>` element being read.
    math: Option<super::math::MathTree>,
    /// Open `<svg>` elements, and `<text>` elements inside them.
    svg: usize,
    svg_text: usize,
    /// A list item's marker was just written: its first paragraph goes on
    /// the marker's line.
    item_fresh: bool,
}

impl Renderer {
    fn open_block(&mut self, kind: BlockKind) {
        self.close_block();
        self.open = Some((self.text.len(), kind));
        self.space = true;
    }

    /// Whether a block says again what the block just before it said: a
    /// caption printed twice (for two screen sizes), or a paragraph that
    /// is the words of an image's description just shown as `[image: …]`
    /// (a gallery's caption). Said once. Two paragraphs alike are both
    /// kept: folio cannot tell a repetition the author meant from one the
    /// page made.
    fn repeats_previous(&self, kind: BlockKind, text: &str) -> bool {
        let Some(previous) = self.blocks.last() else { return false };
        let before = self.text[previous.range.clone()].trim_start_matches("• ");
        match (previous.kind, kind) {
            (BlockKind::Caption, BlockKind::Caption) => before.trim_start_matches("[image] ") == text,
            (
                BlockKind::Paragraph | BlockKind::Caption | BlockKind::ListItem(_),
                BlockKind::Paragraph | BlockKind::Caption,
            ) => before.strip_prefix("[image: ").and_then(|b| b.strip_suffix(']')) == Some(text),
            _ => false,
        }
    }

    fn close_block(&mut self) {
        let Some((start, kind)) = self.open.take() else { return };
        let mut end = start + self.text[start..].trim_end().len();
        // A list item with nothing but its marker (an empty `<li>`, an
        // icon-only link dropped: a Wikipedia page opened with a run of
        // empty bullets) is not shown.
        if matches!(kind, BlockKind::ListItem(_)) && is_bare_marker(&self.text[start..end]) {
            end = start;
        }
        if end > start && self.repeats_previous(kind, &self.text[start..end]) {
            end = start;
        }
        if end > start {
            let in_list =
                matches!(kind, BlockKind::ListItem(_)) || matches!(kind, BlockKind::Line(_)) && self.after_item;
            let gap_before = !(self.blocks.is_empty() || in_list && self.after_item || self.continued);
            self.blocks.push(Block { kind, range: start..end, gap_before });
            self.after_item = in_list;
            self.item_body |= matches!(kind, BlockKind::ListItem(_));
        }
        self.continued = false;
        self.item_fresh = false;
        self.text.truncate(end);
        // Only the styles that end past the block's trimmed end change: the
        // last ones pushed (each is pushed when it closes). Looking at them
        // alone keeps a page of 300 000 styled paragraphs linear.
        let changed = self.inlines.iter().rev().take_while(|(r, _)| r.end > end).count();
        let from = self.inlines.len() - changed;
        for (range, _) in &mut self.inlines[from..] {
            range.end = end;
        }
        let kept: Vec<_> = self.inlines.drain(from..).filter(|(r, _)| r.start < r.end).collect();
        self.inlines.extend(kept);
        self.text.push('\n');
    }

    /// `<br>`: the line ends where the author ended it (a poem, an
    /// address, a caption), as CommonMark's hard break does. The next line
    /// follows with no blank line; under a list item it hangs under the
    /// item's text. Two in a row leave a blank line, as a browser shows
    /// them. In a heading or a table cell it is a space; in `<pre>`, a line
    /// break of the code.
    fn line_break(&mut self) {
        if self.pre > 0 {
            self.push_text("\n");
            return;
        }
        if self.table.is_some() || self.heading.is_some() {
            self.push_text(" ");
            return;
        }
        let Some((start, kind)) = self.open else {
            // A line break with no text before it on its line: a blank line.
            self.continued = false;
            return;
        };
        if self.text[start..].trim().is_empty() {
            // The second of two: a blank line before what follows.
            self.continued = false;
            return;
        }
        self.close_block();
        self.continued = true;
        self.open = Some((self.text.len(), kind.after_break()));
        self.space = true;
    }

    /// Notes where printed page `label` begins, as the anchor `page:LABEL`.
    fn page_anchor(&mut self, label: &str) {
        let label: String = label.split_whitespace().collect::<Vec<_>>().join(" ");
        let label = label.trim_start_matches("page ").trim_start_matches("Page ");
        if !label.is_empty() && label.chars().count() <= 16 {
            self.anchors.push((format!("page:{label}"), self.text.len()));
        }
    }

    /// The kind for running text here.
    fn prose_kind(&self) -> BlockKind {
        if let Some(level) = self.heading {
            BlockKind::Heading(level)
        } else if self.pre > 0 {
            BlockKind::Code
        } else if !self.note_depths.is_empty() {
            // A footnote's or endnote's text leaves the reading flow: one
            // folded line where it stands (Enter opens it), read in a popup
            // from its reference.
            BlockKind::Folded
        } else if self.caption > 0 {
            BlockKind::Caption
        } else if !self.verse_depths.is_empty() && self.lists.is_empty() {
            BlockKind::Line(if self.quote_depth > 0 { 2 } else { 0 })
        } else if self.item_body && !self.lists.is_empty() {
            // A list item's second paragraph (or text after a nested
            // list): under the item's text, not a marker-less item.
            BlockKind::prose(self.lists.len(), false).after_break()
        } else {
            BlockKind::prose(self.lists.len(), self.quote_depth > 0)
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(table) = &mut self.table {
            if let Some(cell) = table.rows.last_mut().and_then(|r| r.last_mut()) {
                cell.push_str(s);
            }
            return;
        }
        if self.pre > 0 {
            if self.open.is_none() {
                self.open_block(BlockKind::Code);
            }
            self.text.push_str(s);
            return;
        }
        for c in s.chars() {
            // A no-break space is text (`48&nbsp;295 hl` stays together),
            // not white space to collapse.
            if c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}') {
                if !self.space && self.open.is_some() {
                    self.text.push(' ');
                }
                self.space = true;
            } else {
                if self.open.is_none() {
                    let kind = self.prose_kind();
                    self.open_block(kind);
                    // A line of verse follows the one before, unless it
                    // starts a stanza.
                    if !self.verse_depths.is_empty() && !std::mem::take(&mut self.stanza_start) {
                        self.continued = true;
                    }
                }
                self.text.push(c);
                self.space = false;
                self.item_fresh = false;
            }
        }
    }

    fn token(&mut self, token: &Token) {
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.as_ref() as &str;
                match tag.kind {
                    TagKind::StartTag => self.start(name, tag),
                    TagKind::EndTag => self.end(name),
                }
            }
            // Inside SVG, only the text of `<text>` elements.
            Token::CharacterTokens(text) if self.skipping.is_none() && (self.svg == 0 || self.svg_text > 0) => {
                self.push_text(text);
            }
            Token::CharacterTokens(_) if self.skipping.is_none() => {}
            Token::CharacterTokens(text) => {
                if let Some(math) = &mut self.math {
                    math.text(text);
                }
                if let Some(page) = &mut self.page_text
                    && page.len() < 32
                {
                    page.push_str(text);
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, name: &str, tag: &Tag) {
        let void = is_void(name) || tag.self_closing;
        if self.skipping.is_some() {
            if let Some(math) = &mut self.math {
                math.start(name, attributes(tag), void);
            }
            if !void && self.stack.len() < MAX_DEPTH {
                self.stack.push(name.to_owned());
            }
            return;
        }
        // MathML is gathered whole, then written as linear text when it
        // ends (see `math.rs`); it was dropped, leaving "denoted by ."
        if name == "math" {
            if !void {
                self.math = Some(super::math::MathTree::new(attributes(tag)));
                self.skipping = Some(self.stack.len());
                self.stack.push(name.to_owned());
            }
            return;
        }
        // In SVG only text drawn as text (`<text>`, `<tspan>`) is read, in
        // document order: a fixed-layout book drawn in SVG read as
        // "(empty document)".
        if self.svg > 0 && matches!(name, "title" | "desc" | "metadata" | "defs") && !void {
            self.skipping = Some(self.stack.len());
            self.stack.push(name.to_owned());
            return;
        }
        // Counted only when the element is kept on the stack, so that its
        // end tag is matched.
        let kept = !void && self.stack.len() < MAX_DEPTH;
        if name == "svg" && kept {
            self.svg += 1;
        }
        if self.svg > 0 && name == "text" && kept {
            self.svg_text += 1;
            self.push_text(" ");
        }
        // A book's asides are its footnotes: kept; so is any aside that
        // says it is a note.
        let declares_note = name == "aside"
            && tag.attrs.iter().any(|a| {
                matches!(a.name.local.as_ref() as &str, "epub:type" | "role")
                    && ["footnote", "endnote", "rearnote"].iter().any(|n| a.value.contains(n))
            });
        if is_skipped(name) && !declares_note && !(self.base.is_some() && matches!(name, "aside" | "footer" | "header"))
        {
            if !void {
                self.skipping = Some(self.stack.len());
                self.stack.push(name.to_owned());
            }
            return;
        }
        let attr =
            |key: &str| tag.attrs.iter().find(|a| a.name.local.as_ref() as &str == key).map(|a| a.value.to_string());
        // A page-break marker (a printed page's number) leaves the prose:
        // `to nature." 172 Many modern writers` was a defect (issue 20). Its
        // place is kept as the anchor `page:N`, for `:page N`.
        let page_break =
            attr("epub:type").or_else(|| attr("type")).is_some_and(|t| t.split_whitespace().any(|w| w == "pagebreak"))
                || attr("role").is_some_and(|r| r.trim() == "doc-pagebreak");
        if page_break {
            let named = attr("title").or_else(|| attr("aria-label")).or_else(|| {
                attr("id")
                    .map(|id| id.trim_start_matches(|c: char| c.is_alphabetic() || c == '_' || c == '-').to_owned())
            });
            match named.filter(|n| !n.trim().is_empty()) {
                Some(label) => self.page_anchor(&label),
                None if !void => self.page_text = Some(String::new()),
                None => {}
            }
            if !void {
                self.skipping = Some(self.stack.len());
                self.stack.push(name.to_owned());
            }
            return;
        }
        // Verse (`class="poem"`, `stanza`, `epub:type="z3998:poem"`): one
        // line per line, a blank line only between stanzas. It was
        // double-spaced with its stanza breaks lost (issue 20).
        let class = attr("class").unwrap_or_default().to_ascii_lowercase();
        let kind_of = attr("epub:type").unwrap_or_default().to_ascii_lowercase();
        let says = |list: &str, words: &[&str]| {
            list.split_whitespace().any(|w| words.contains(&w.rsplit(':').next().unwrap_or(w)))
        };
        if kept
            && (says(&class, &["poem", "verse", "poetry", "stanza", "linegroup", "lg"])
                || says(&kind_of, &["poem", "verse", "song", "lyrics", "stanza", "hymn"]))
        {
            self.close_block();
            self.verse_depths.push(self.stack.len());
            self.stanza_start = true;
        }
        // A footnote (`epub:type="footnote"` or `"note"`, `role=
        // "doc-footnote"`, `class="footnote"`) leaves the reading flow
        // where it stands. Endnotes and collections of notes (`endnotes`,
        // `rearnotes`, `footnotes`, a page's `class="footnotes"` list at
        // its end) are a section of their own, which a reader reads as
        // such: they stay in full, as books and browsers show them (a
        // footnote inside one still folds). All open in a popup from
        // their reference.
        if kept
            && (says(&kind_of, &["footnote", "note"])
                || says(&attr("role").unwrap_or_default(), &["doc-footnote"])
                || says(&class, &["footnote"]))
        {
            self.close_block();
            self.note_depths.push(self.stack.len());
        }
        // A line number (`<span class="linenum">10</span>`) is set apart
        // from the line and dimmed: it was glued on (`Hofgarten,10`).
        if kept && says(&class, &["linenum", "lineno", "line-number", "linenumber", "line-num", "ln", "lnum"]) {
            self.push_text(" ");
            self.space = true;
            self.styles.push((InlineStyle::Aside, self.text.len(), self.stack.len()));
        }
        // A list item's first paragraph shares its marker's line: the
        // marker alone on a line, its text below, was a defect (issue 20).
        let item_paragraph = std::mem::take(&mut self.item_fresh) && matches!(name, "p" | "div");
        if is_block(name) && self.table.is_none() && !item_paragraph {
            self.close_block();
        }
        // Still no text after the marker (`<li><div><p>`).
        self.item_fresh = item_paragraph;
        if let Some(id) = attr("id").filter(|id| !id.is_empty()) {
            let key = match &self.base {
                Some(base) => format!("{base}#{id}"),
                None => id,
            };
            self.anchors.push((key, self.text.len()));
        }
        match name {
            // A heading quoted is the quoted text's: a quote line in bold,
            // not a section of this document (as in Markdown).
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.quote_depth > 0 => {
                self.close_block();
                if !void && self.stack.len() < MAX_DEPTH {
                    self.styles.push((InlineStyle::Strong, self.text.len(), self.stack.len()));
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.heading = name[1..].parse().ok();
            }
            "blockquote" => self.quote_depth += 1,
            "pre" => self.pre += 1,
            "figure" if kept => self.figure = Some(Figure::default()),
            "figcaption" => {
                self.caption += 1;
                // A figure's image is named once, by its caption.
                if let Some(figure) = &mut self.figure
                    && figure.image
                    && !figure.captioned
                {
                    figure.captioned = true;
                    self.open_block(BlockKind::Caption);
                    self.text.push_str("[image] ");
                }
            }
            "ul" => self.lists.push(None),
            "ol" => self.lists.push(Some(attr("start").and_then(|s| s.parse().ok()).unwrap_or(1))),
            // Block content in a table cell: its own line of the cell.
            "li" | "p" | "div" | "dd" | "dt" if self.table.is_some() => self.cell_break(),
            "li" => {
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_owned(),
                };
                self.item_body = false;
                let kind = self.prose_kind();
                self.open_block(kind);
                self.text.push_str(&marker);
                self.item_fresh = true;
            }
            "hr" => {
                self.open_block(BlockKind::Rule);
                self.text.push_str("* * *");
                self.close_block();
            }
            "br" => self.line_break(),
            "img" => {
                let alt = attr("alt").unwrap_or_default();
                let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                // An image is named by what it shows; one with no useful
                // description (decorative `alt=""`, none, a file name, the
                // word "image") says nothing rather than "[image: no
                // description]" ten times a page.
                if let Some(figure) = &mut self.figure {
                    // One line for the figure, after it (see "figure").
                    figure.image = true;
                    if figure.alt.is_none() && useful_alt(&alt) {
                        figure.alt = Some(alt);
                    }
                } else if useful_alt(&alt) {
                    self.push_text(&format!(" [image: {alt}] "));
                }
            }
            // A style is kept as long as its element is: `<b/>` (self-closed,
            // as folio reads it) or an element past the depth kept opens
            // none, so 200 000 of them cannot make each end tag a long
            // search.
            "em" | "i" | "cite" | "dfn" if !void && self.stack.len() < MAX_DEPTH => {
                self.styles.push((InlineStyle::Emphasis, self.text.len(), self.stack.len()));
            }
            "strong" | "b" if !void && self.stack.len() < MAX_DEPTH => {
                self.styles.push((InlineStyle::Strong, self.text.len(), self.stack.len()));
            }
            "code" | "kbd" | "samp" | "tt" if self.pre == 0 && !void && self.stack.len() < MAX_DEPTH => {
                self.styles.push((InlineStyle::Code, self.text.len(), self.stack.len()));
            }
            "sup" if !void && self.stack.len() < MAX_DEPTH => self.sup += 1,
            "a" => {
                self.noteref = attr("epub:type").is_some_and(|t| t.split_whitespace().any(|w| w == "noteref"))
                    || attr("role").is_some_and(|r| r.trim() == "doc-noteref");
                if let Some(href) = attr("href") {
                    let href = match &self.base {
                        Some(base) => book_target(base, &href),
                        None => href,
                    };
                    if self.open.is_none() && self.table.is_none() {
                        let kind = self.prose_kind();
                        self.open_block(kind);
                    }
                    self.link = Some((self.text.len(), href));
                }
            }
            "table" => self.table = Some(Table::default()),
            "tr" => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            "td" | "th" => {
                if let Some(t) = &mut self.table {
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    if name == "th" && t.rows.len() == 1 {
                        t.head_rows = 1;
                    }
                    if let Some(row) = t.rows.last_mut() {
                        row.push(String::new());
                    }
                }
            }
            _ => {}
        }
        if !void && self.stack.len() < MAX_DEPTH {
            self.stack.push(name.to_owned());
        }
    }

    fn end(&mut self, name: &str) {
        // The element closed is the innermost open one of that name; an
        // end tag with no start is ignored, as a browser does.
        let Some(at) = self.stack.iter().rposition(|n| n == name) else { return };
        self.stack.truncate(at);
        if self.note_depths.last().is_some_and(|&d| d >= at) {
            self.close_block();
            self.note_depths.retain(|&d| d < at);
        }
        while self.verse_depths.last().is_some_and(|&d| d >= at) {
            self.verse_depths.pop();
            self.close_block();
            self.stanza_start = true;
        }
        // Styles of the element closed, and of any left open inside it
        // (`<p><b>x</p>`), end here: their elements are gone.
        while self.styles.last().is_some_and(|(_, _, depth)| *depth >= at) {
            if let Some((style, start, _)) = self.styles.pop()
                && self.text.len() > start
                && self.skipping.is_none()
            {
                self.inlines.push((start..self.text.len(), style));
            }
        }
        if let Some(depth) = self.skipping {
            if at <= depth {
                self.skipping = None;
                if let Some(label) = self.page_text.take() {
                    self.page_anchor(&label);
                }
                if let Some(math) = self.math.take() {
                    let text = math.linear();
                    self.push_text(&text);
                }
            } else if let Some(math) = &mut self.math {
                math.end();
            }
            return;
        }
        if self.svg > 0 {
            match name {
                "svg" => self.svg -= 1,
                "text" => {
                    self.svg_text = self.svg_text.saturating_sub(1);
                    self.push_text(" ");
                }
                _ => {}
            }
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_block();
                self.heading = None;
            }
            "blockquote" => self.quote_depth = self.quote_depth.saturating_sub(1),
            "pre" => {
                self.close_block();
                self.pre = self.pre.saturating_sub(1);
            }
            "figcaption" => {
                self.close_block();
                self.caption = self.caption.saturating_sub(1);
            }
            // A figure with no caption is named by its image's description
            // (none for a decorative one): one line per figure.
            "figure" => {
                if let Some(figure) = self.figure.take()
                    && !figure.captioned
                    && let Some(alt) = figure.alt
                {
                    self.open_block(BlockKind::Caption);
                    self.text.push_str(&format!("[image: {alt}]"));
                    self.close_block();
                }
            }
            "ul" | "ol" => {
                self.close_block();
                self.lists.pop();
                self.after_item = false;
                // Back in the enclosing item, if any: its text goes on.
                self.item_body = !self.lists.is_empty();
            }
            "table" => self.finish_table(),
            "sup" => self.sup = self.sup.saturating_sub(1),
            "a" => {
                if let Some((start, href)) = self.link.take()
                    && self.text.len() > start
                    && self.table.is_none()
                {
                    // A heading's permalink (`¶`, `#`, `§` linking to the
                    // heading itself) is page furniture, not its text.
                    if self.heading.is_some()
                        && href.contains('#')
                        && matches!(self.text[start..].trim(), "¶" | "#" | "§" | "🔗" | "⚓" | "⚓︎" | "link" | "")
                    {
                        self.text.truncate(start);
                        self.space = self.text.ends_with(' ') || self.open.is_some_and(|(s, _)| s == start);
                        return;
                    }
                    // A note reference: its number as a superscript (it
                    // was glued to the word: `In that year2 there were`).
                    let note = std::mem::take(&mut self.noteref) || (self.sup > 0 && href.contains('#'));
                    if note && let Ok(n) = self.text[start..].trim().trim_matches(['[', ']', '(', ')']).parse::<usize>()
                    {
                        self.text.truncate(start);
                        self.text.push_str(&super::markdown::superscript(n));
                    }
                    self.inlines.push((start..self.text.len(), InlineStyle::Link));
                    self.links.push(Link { range: start..self.text.len(), target: href, note });
                }
            }
            _ => {}
        }
        if is_block(name) && self.table.is_none() {
            self.close_block();
        }
    }

    /// A table as aligned lines, as Markdown tables are.
    /// A line break inside the current table cell (a `<br>`, a list item
    /// or paragraph in it), unless the cell is empty so far.
    fn cell_break(&mut self) {
        if let Some(cell) = self.table.as_mut().and_then(|t| t.rows.last_mut()).and_then(|r| r.last_mut())
            && !cell.trim().is_empty()
            && !cell.ends_with('\n')
        {
            cell.push('\n');
        }
    }

    /// A table as aligned columns, when it is a grid of short cells; else
    /// (cells holding lists or paragraphs, or rows wider than
    /// [`TABLE_MAX_COLUMNS`]) as one line per row, `Label: value` for a
    /// two-column table (an infobox), the header's names before each
    /// value for a wider one. A table whose cells held lists was one line
    /// of 3 000 columns (issue 20).
    fn finish_table(&mut self) {
        let Some(table) = self.table.take() else { return };
        let flat = |cell: &str| cell.split_whitespace().collect::<Vec<_>>().join(" ");
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                table.rows.iter().filter_map(|r| r.get(c)).map(|s| crate::sanitize::width(&flat(s))).max().unwrap_or(0)
            })
            .collect();
        let width = widths.iter().sum::<usize>() + 3 * columns.saturating_sub(1);
        let blocky = table.rows.iter().flatten().any(|c| c.trim().contains('\n'));
        if !blocky && width <= TABLE_MAX_COLUMNS {
            self.open_block(BlockKind::Table);
            super::write_table(&mut self.text, &table.rows, table.head_rows);
            self.close_block();
            return;
        }
        // A cell's lines, list markers and all, read as one: `a; b; c`.
        let lines = |cell: &str| {
            cell.lines()
                .map(|l| flat(l).trim_start_matches("• ").to_owned())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let head: Vec<String> = match (table.head_rows, table.rows.first()) {
            (1, Some(first)) if columns > 2 => first.iter().map(|c| lines(c)).collect(),
            _ => Vec::new(),
        };
        let mut first = true;
        for row in table.rows.iter().skip(usize::from(!head.is_empty())) {
            let cells: Vec<String> = row.iter().map(|c| lines(c)).collect();
            if cells.iter().all(String::is_empty) {
                continue;
            }
            let text = match cells.as_slice() {
                [label, value] if !label.is_empty() && !value.is_empty() => format!("{label}: {value}"),
                _ if !head.is_empty() => cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.is_empty())
                    .map(|(i, c)| match head.get(i).filter(|h| !h.is_empty()) {
                        Some(h) => format!("{h}: {c}"),
                        None => c.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
                _ => cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" · "),
            };
            self.open_block(BlockKind::Line(0));
            if !std::mem::take(&mut first) {
                self.continued = true;
            }
            self.text.push_str(&text);
            self.close_block();
        }
    }
}

/// Lays out HTML from its tokens, after the byline if there is one (it
/// opens the article, under the headline in the header).
fn render(html: &str, byline: Option<&str>) -> Renderer {
    let mut r = Renderer::default();
    if let Some(byline) = byline.filter(|b| !b.trim().is_empty()) {
        r.open_block(BlockKind::Byline);
        r.push_text(byline);
        r.close_block();
    }
    tokens(html, |token| {
        r.token(token);
        Flow::Go
    });
    r.close_block();
    r
}

/// A link inside a book, from the chapter at `base` (`/OEBPS/c1.xhtml`),
/// as the document's own anchor: `#/OEBPS/c2.xhtml#note3`. An address
/// outside the book is left as it is.
fn book_target(base: &str, href: &str) -> String {
    let lower = href.to_ascii_lowercase();
    let has_scheme = lower.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme {
        return href.to_owned();
    }
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (href, None),
    };
    let file = if path.is_empty() { base.to_owned() } else { join_book_path(base, path) };
    match fragment {
        Some(f) if !f.is_empty() => format!("#{file}#{f}"),
        _ => format!("#{file}"),
    }
}

/// `path` relative to the folder of the book file `base`, with `..` and
/// `.` worked out (never above the book's root).
pub(super) fn join_book_path(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> =
        if path.starts_with('/') { Vec::new() } else { base.split('/').filter(|p| !p.is_empty()).collect() };
    if !path.starts_with('/') {
        parts.pop(); // the file name of the base
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// A book's chapters laid out one after the other.
pub(super) struct Chapters {
    r: Renderer,
}

impl Chapters {
    pub(super) fn new() -> Self {
        Self { r: Renderer::default() }
    }

    /// Lays out one chapter, at `path` in the book; returns where it starts.
    pub(super) fn add(&mut self, path: &str, html: &str) -> usize {
        let html = &*cap_attributes(without_internal_subset(html));
        self.r.close_block();
        self.r.base = Some(path.to_owned());
        let start = self.r.text.len();
        self.r.anchors.push((path.to_owned(), start));
        tokens(html, |token| {
            self.r.token(token);
            Flow::Go
        });
        self.r.close_block();
        // Whatever a chapter left open ends with it.
        self.r.stack.clear();
        self.r.skipping = None;
        self.r.lists.clear();
        self.r.quote_depth = 0;
        self.r.pre = 0;
        self.r.caption = 0;
        self.r.heading = None;
        self.r.styles.clear();
        self.r.link = None;
        self.r.table = None;
        start
    }

    /// The text laid out so far, and its blocks.
    pub(super) fn text_and_blocks(&self) -> (&str, &[Block]) {
        (&self.r.text, &self.r.blocks)
    }

    /// Where each anchor (`/OEBPS/c1.xhtml` or `/OEBPS/c1.xhtml#id`) is,
    /// the first place of a name that comes twice: made once, so a table
    /// of contents of 100 000 entries looks each up in constant time.
    pub(super) fn anchor_index(&self) -> std::collections::HashMap<&str, usize> {
        let mut index = std::collections::HashMap::with_capacity(self.r.anchors.len());
        for (key, at) in &self.r.anchors {
            index.entry(key.as_str()).or_insert(*at);
        }
        index
    }

    /// The document, with the outline given (a book's table of contents).
    pub(super) fn finish(
        self,
        name: &str,
        title: String,
        author: Option<String>,
        language: Option<&str>,
        outline: Vec<super::Section>,
    ) -> Document {
        let source = author.map(|site| Source { url: String::new(), site });
        let mut doc = finish(name, self.r, title, source, None, language);
        doc.format = Format::Epub;
        if !outline.is_empty() {
            doc.outline = outline;
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::document::blocks;

    #[test]
    fn the_second_extractor_is_given_the_page_without_scripts_styles_and_comments() {
        let page = concat!(
            "<html><head><style>p { color: red }</style>",
            "<script type=\"application/ld+json\">{\"articleBody\": \"kept\"}</script>",
            "<SCRIPT src=x.js>var a = '</p>';</Script ></head>",
            "<body><!-- <script> in a comment --><p>Call me Ishmael.</p>",
            "<script>if (a < b) {}</script><p>Some years ago.</p><script>never closed",
        );
        assert_eq!(
            without_scripts(page),
            concat!(
                "<html><head>",
                "<script type=\"application/ld+json\">{\"articleBody\": \"kept\"}</script>",
                "</head><body><p>Call me Ishmael.</p><p>Some years ago.</p>",
            )
        );
        assert_eq!(without_scripts("<p>no scripts at all</p>"), "<p>no scripts at all</p>");
    }

    #[test]
    fn the_second_extractor_is_given_the_page_without_its_furniture() {
        let page = concat!(
            "<body><NAV class=top><ul><li><a href=/>Home</a></ul><nav>inner</nav></Nav>",
            "<article><p>Call me Ishmael.<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg></p>",
            "<p>Some years ago.<svg/></p><aside><div>Read more</div></aside></article>",
            "<footer>Contact</footer></body>",
        );
        assert_eq!(
            without_furniture(page),
            "<body><article><p>Call me Ishmael.</p><p>Some years ago.</p></article></body>"
        );
        // Left to the parser: a piece the author did not close, and one
        // whose closing would pair with a wall opened outside it.
        let unclosed = "<div><nav><a href=/>Home</a></div><p>Call me Ishmael.</p>";
        assert_eq!(without_furniture(unclosed), unclosed);
        let walled = "<nav><div>Menu</nav><p>Call me Ishmael.</p></div><nav>Pages</nav><p>Some years ago.</p>";
        assert_eq!(
            without_furniture(walled),
            "<nav><div>Menu</nav><p>Call me Ishmael.</p></div><p>Some years ago.</p>"
        );
        assert_eq!(without_furniture("<p>a <navigator> b</p>"), "<p>a <navigator> b</p>", "names are whole");
        // Many pieces never closed: one pass, the rest kept as it is.
        let open = "<nav><p>x</p>".repeat(50_000);
        assert_eq!(without_furniture(&open), open);
    }

    #[test]
    fn the_second_opinion_agrees_on_shared_word_triples() {
        let opinion = Opinion::of("The harbour was quiet on Monday morning. A whale came past the breakwater!");
        assert!(opinion.agrees("The harbour was quiet on Monday morning."));
        assert!(opinion.agrees("THE HARBOUR was quiet on a Monday morning"), "case and most triples");
        assert!(!opinion.agrees("Share this story on Facebook and Twitter"));
        assert!(!opinion.agrees("Photo: Jan Berg"));
        assert!(opinion.agrees("Whale!"), "a short line: its words");
        assert!(opinion.agrees("• "), "no words: nothing to dispute");
    }

    /// Issue 20: `<br>` was a space: a poem ran into one line, an
    /// address into one sentence.
    #[test]
    fn line_breaks_end_lines() {
        let doc = parse_html_with(
            "t.html",
            "<h1>Roses<br>and violets</h1><p>Roses are red,<br>Violets are blue,<br/>Sugar is sweet.</p>\
             <p>12 Quay Street<br><br>Port Town</p><ul><li>First<br>under it</li><li>Next</li></ul>\
             <table><tr><td>a<br>b</td><td>c</td></tr></table><pre>x<br>y</pre>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Heading(1), "Roses and violets"),
                (BlockKind::Paragraph, "Roses are red,"),
                (BlockKind::Paragraph, "Violets are blue,"),
                (BlockKind::Paragraph, "Sugar is sweet."),
                (BlockKind::Paragraph, "12 Quay Street"),
                (BlockKind::Paragraph, "Port Town"),
                (BlockKind::ListItem(0), "• First"),
                (BlockKind::Line(2), "under it"),
                (BlockKind::ListItem(0), "• Next"),
                (BlockKind::Table, "a b │ c"),
                (BlockKind::Code, "x\ny"),
            ]
        );
        let gaps: Vec<bool> = doc.blocks.iter().map(|b| b.gap_before).collect();
        assert_eq!(
            gaps,
            [false, true, false, false, true, true, true, false, false, true, true],
            "one line after another"
        );
    }

    /// Issue 20: a list item holding a `<p>` showed its marker alone on a
    /// line and the text below it.
    #[test]
    fn a_list_items_first_paragraph_shares_its_marker_line() {
        let doc = parse_html_with(
            "t.html",
            "<ol><li>\n  <p>AI has not changed this.</p></li><li><div><p>Second</p></div><p>More of it</p></li></ol>\
             <ul><li><h3>A heading</h3></li><li>Parent<ul><li>Child</li></ul>after the child</li></ul>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::ListItem(0), "1. AI has not changed this."),
                (BlockKind::ListItem(0), "2. Second"),
                (BlockKind::Line(2), "More of it"),
                (BlockKind::Heading(3), "A heading"),
                (BlockKind::ListItem(0), "• Parent"),
                (BlockKind::ListItem(1), "• Child"),
                (BlockKind::Line(2), "after the child"),
            ]
        );
    }

    /// Issue 20: verse in a book was double-spaced, its stanza breaks
    /// lost, its line numbers glued to the words (`Hofgarten,10`).
    #[test]
    fn verse_keeps_its_lines_and_stanzas() {
        let doc = parse_html_with(
            "t.xhtml",
            "<h2>I. The Burial</h2><div class='poem'><div class='stanza'><p class='line'>April is the cruellest month, breeding</p>\
             <p class='line'>Lilacs out of the dead land, mixing</p></div><div class='stanza'>\
             <p class='line'>Summer surprised us, coming over</p><p class='line'>into the Hofgarten,<span class='linenum'>10</span></p>\
             </div></div><p>Prose after.</p><p class='verse'>Roses are red,<br/>Violets are blue.</p>",
            false,
        );
        let shown: Vec<(BlockKind, &str, bool)> =
            doc.blocks.iter().map(|b| (b.kind, &doc.text[b.range.clone()], b.gap_before)).collect();
        assert_eq!(
            shown,
            [
                (BlockKind::Heading(2), "I. The Burial", false),
                (BlockKind::Line(0), "April is the cruellest month, breeding", true),
                (BlockKind::Line(0), "Lilacs out of the dead land, mixing", false),
                (BlockKind::Line(0), "Summer surprised us, coming over", true),
                (BlockKind::Line(0), "into the Hofgarten, 10", false),
                (BlockKind::Paragraph, "Prose after.", true),
                (BlockKind::Line(0), "Roses are red,", true),
                (BlockKind::Line(0), "Violets are blue.", false),
            ]
        );
        let number = doc.inlines.iter().find(|(_, s)| *s == InlineStyle::Aside).map(|(r, _)| &doc.text[r.clone()]);
        assert_eq!(number, Some("10"), "the line number is set apart");
    }

    #[test]
    fn page_chrome_is_told_from_text() {
        for chrome in [
            "Whatsapp Facebook Pint Baixar",
            "Image 1 of 8",
            "Caption",
            "Advertisement",
            "Share | Tweet | Email",
            "• Share",
            "Image 1 of / 8",
            "Sharing is caring!",
            "Continue Reading Below",
        ] {
            assert!(is_page_chrome(chrome), "{chrome}");
        }
        for text in [
            "Share prices fell.",
            "Close the door.",
            "Facebook",
            "Image 1 of the series",
            "Related work is cited.",
            "Continue reading below the line, she said.",
        ] {
            assert!(!is_page_chrome(text), "{text}");
        }
        let is_dateline = |t: &str| is_dateline(&t.trim().to_lowercase());
        for dateline in [
            "Updated 1:39 am EST, Wednesday, November 20, 2019",
            "Published 11:11 PM EST Nov 19, 2019",
            "PUBLISHED: 10:48, Tue, Nov 19, 2019",
            "| UPDATED: 11:05, Tue, Nov 19, 2019",
            "November 18, 2019 | 4:10pm",
            "Nov. 20, 2019 5:52 AM EST",
            "18 NOV 2019",
        ] {
            assert!(is_dateline(dateline), "{dateline}");
        }
        for text in ["May 2019 was warm.", "In 2019 it rained.", "Published 1 day ago", "March on, 12 men"] {
            assert!(!is_dateline(text), "{text}");
        }
        assert!(!useful_alt("milano-design-week-2018-flos-01") && useful_alt("A well-known bridge"));
    }

    /// Issue 20: note bodies appeared inline with no label. A footnote
    /// leaves the reading flow, one folded line where it stands, not
    /// counted as text; endnotes are their own section and read in full
    /// there (they were folded too: a book's Notes chapter was a column
    /// of lines cut at 60 characters).
    #[test]
    fn notes_leave_the_reading_flow() {
        let doc = parse_html_with(
            "t.xhtml",
            "<p>In that year<a epub:type='noteref' href='#n1'>1</a> there were whales.</p>\
             <aside epub:type='footnote' id='n1'><p>Counted by the harbour master, twice.</p></aside>\
             <section epub:type='endnotes'><h2>Notes</h2><ol><li id='e1' epub:type='endnote'>An endnote \
             at the back of the book, read where the book puts it.</li></ol></section><p>Next.</p>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Paragraph, "In that year¹ there were whales."),
                (BlockKind::Folded, "Counted by the harbour master, twice."),
                (BlockKind::Heading(2), "Notes"),
                (BlockKind::ListItem(0), "1. An endnote at the back of the book, read where the book puts it."),
                (BlockKind::Paragraph, "Next."),
            ]
        );
        assert_eq!(doc.word_count, 23, "the footnote is not counted, the endnote is");
        // A page's notes at its end (as Markdown makes them) are read in
        // full, as a browser shows them.
        let page = parse_html_with(
            "p.html",
            "<p>Whales<sup><a href='#fn1'>1</a></sup> came.</p><div class='footnotes'><ol>\
             <li id='fn1'><p>Mostly humpbacks.</p></li></ol></div>",
            false,
        );
        assert_eq!(blocks(&page).last(), Some(&(BlockKind::ListItem(0), "1. Mostly humpbacks.")));
        // So is a book's collection of notes; a footnote in it still folds.
        let book = parse_html_with(
            "c.xhtml",
            "<p>Whales.</p><section epub:type='footnotes'><p id='a'>Mostly humpbacks.</p>\
             <aside epub:type='footnote' id='b'><p>A fin whale, twice.</p></aside></section>",
            false,
        );
        assert_eq!(
            blocks(&book)[1..],
            [(BlockKind::Paragraph, "Mostly humpbacks."), (BlockKind::Folded, "A fin whale, twice.")]
        );
        assert_eq!(doc.folded_label(&doc.blocks[1]), "▸ Note: Counted by the harbour master, twice.");
    }

    /// Issue 20: a table whose cells held lists was one line of 3 000
    /// columns; an infobox's values were cut off.
    #[test]
    fn tables_of_blocks_are_read_a_row_a_line() {
        let long = "a very long value that goes on and on ".repeat(4);
        let doc = parse_html_with(
            "t.html",
            &format!(
                "<table><tr><th>Born</th><td>12 May 1820<br>Florence</td></tr><tr><th>Known for</th><td><ul><li>Nursing</li>\
                 <li>Statistics</li></ul></td></tr></table><table><tr><th>Name</th><th>Note</th><th>Year</th></tr>\
                 <tr><td>Ada</td><td>{long}</td><td>1843</td></tr></table><table><tr><td>x</td><td>1</td></tr></table>"
            ),
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Line(0), "Born: 12 May 1820 Florence"),
                (BlockKind::Line(0), "Known for: Nursing; Statistics"),
                (BlockKind::Line(0), format!("Name: Ada · Note: {} · Year: 1843", long.trim()).as_str()),
                (BlockKind::Table, "x │ 1"),
            ]
        );
        let gaps: Vec<bool> = doc.blocks.iter().map(|b| b.gap_before).collect();
        assert_eq!(gaps, [false, false, true, true]);
    }

    /// Issue 20: a dateline at the head of an article is page furniture
    /// (the date is in the header); a date alone later is kept (a diary).
    #[test]
    fn a_dateline_at_the_head_goes_a_date_later_stays() {
        let mut page = String::from(
            "<html><head><title>Harbour diary</title></head><body><article><h1>Harbour diary</h1>\
             <p>Updated 1:39 am EST, Wednesday, November 20, 2019</p>",
        );
        for i in 0..12 {
            page.push_str(&format!(
                "<p>Entry {i}: the ships came in at dawn and the harbour master counted them twice before the \
                 tide turned, the fog lifted, and the gulls settled on the quay for the rest of the day.</p>"
            ));
            if i == 6 {
                page.push_str("<p>March 3, 1942</p>");
            }
        }
        page.push_str("</article></body></html>");
        let doc = parse_html("diary.html", &page);
        let texts: Vec<&str> = doc.blocks.iter().map(|b| &doc.text[b.range.clone()]).collect();
        assert!(!texts.iter().any(|t| t.starts_with("Updated 1:39")), "{texts:?}");
        assert_eq!(doc.date.as_deref(), Some("2019-11-20"), "its date is in the header");
        assert!(texts.contains(&"March 3, 1942"), "{texts:?}");
    }

    /// Issue 20: one placeholder line per figure, its caption or its
    /// image's description; none for a decorative one.
    #[test]
    fn a_figure_is_one_line() {
        let doc = parse_html_with(
            "t.html",
            "<figure><img alt='A whale breaching'></figure><figure><img alt=''></figure>\
             <figure><img alt='x'><img alt='y'><figcaption>Two <b>whales</b></figcaption></figure><p>After.</p>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Caption, "[image: A whale breaching]"),
                (BlockKind::Caption, "[image] Two whales"),
                (BlockKind::Paragraph, "After."),
            ]
        );
    }

    /// Issue 20: a page opened with a run of empty bullets.
    #[test]
    fn empty_list_items_are_not_shown() {
        let doc = parse_html_with(
            "t.html",
            "<ul><li></li><li><a href='/x'><img src='icon.png'></a></li><li> </li></ul><ol><li>One</li><li></li></ol>",
            false,
        );
        assert_eq!(blocks(&doc), [(BlockKind::ListItem(0), "1. One")]);
    }

    /// Issue 20: "[image: no description]" ten times a page, file names
    /// as descriptions, and headings that kept their `¶` permalinks.
    #[test]
    fn images_say_what_they_show_or_nothing_and_permalinks_go() {
        let doc = parse_html_with(
            "t.html",
            "<h2 id='s'>Results <a class='headerlink' href='#s'>¶</a></h2><h3><a href='#t'>#</a> Method</h3>\
             <p>A<img src='x.png'> b<img alt=''> c<img alt='IMG_2041.JPG'> d<img alt='image'> e\
             <img alt='A whale breaching'>.</p><p><a href='https://example.org/#x'>#</a> tag kept</p>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Heading(2), "Results"),
                (BlockKind::Heading(3), "Method"),
                (BlockKind::Paragraph, "A b c d e [image: A whale breaching] ."),
                (BlockKind::Paragraph, "# tag kept"),
            ]
        );
    }

    /// Issue 20: no-break spaces were collapsed into spaces, and lines
    /// broke inside `48 295 hl`.
    #[test]
    fn no_break_spaces_are_kept() {
        let doc = parse_html_with("t.html", "<p>It held 48&nbsp;295&#8239;hl of wine.</p>", false);
        assert_eq!(blocks(&doc), [(BlockKind::Paragraph, "It held 48\u{a0}295\u{202f}hl of wine.")]);
        let lines = crate::layout::wrap_block(&doc.text, &doc.blocks[0], 12, true);
        let texts: Vec<&str> = lines.iter().map(|l| doc.text[l.range.clone()].trim()).collect();
        assert!(texts.iter().any(|t| t.contains("48\u{a0}295\u{202f}hl")), "never broken inside: {texts:?}");
    }

    /// Issue 20: MathML was dropped ("denoted by ."), SVG text read as an
    /// empty document, `<object>` fallbacks were lost and `epub:switch`
    /// showed both branches.
    #[test]
    fn math_svg_text_fallbacks_and_switches_are_read() {
        let doc = parse_html_with(
            "t.html",
            "<p>The number of nonzero rows will be denoted by <math alttext='r'><mi>r</mi></math>, where \
             <math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mn>1</mn><mo>&gt;</mo><mn>0</mn></math>.</p>\
             <svg viewBox='0 0 10 10'><title>Page 3</title><text x='1' y='1'>Il était une</text>\
             <text x='1' y='2'><tspan>fois un</tspan> <tspan>roi.</tspan></text><rect/></svg>\
             <object data='fig1.svg'><p>Figure 1: the harbour at dawn.</p></object>\
             <epub:switch><epub:case required-namespace='x'><p>Case text</p></epub:case>\
             <epub:default><p>Default text</p></epub:default></epub:switch>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Paragraph, "The number of nonzero rows will be denoted by r, where x² + 1 > 0."),
                (BlockKind::Paragraph, "Il était une fois un roi."),
                (BlockKind::Paragraph, "Figure 1: the harbour at dawn."),
                (BlockKind::Paragraph, "Default text"),
            ]
        );
    }

    /// Issue 20: page numbers were printed inside sentences.
    #[test]
    fn page_breaks_leave_the_prose_and_are_places() {
        let doc = parse_html_with(
            "t.html",
            "<p>back to nature.\" <span epub:type=\"pagebreak\" id=\"page172\">172</span>Many modern writers</p>\
             <p>marching along <span role=\"doc-pagebreak\" title=\"173\"/>the high road</p>\
             <div epub:type=\"pagebreak\">xiv</div><p>Preface.</p>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Paragraph, "back to nature.\" Many modern writers"),
                (BlockKind::Paragraph, "marching along the high road"),
                (BlockKind::Paragraph, "Preface."),
            ]
        );
        let at = |page: &str| doc.anchor_offset(page).map(|o| doc.text[o..].chars().take(8).collect::<String>());
        assert_eq!(at("page:172").as_deref(), Some("Many mod"));
        assert_eq!(at("page:173").as_deref(), Some("the high"));
        assert_eq!(at("page:xiv").as_deref(), Some("Preface."));
    }

    /// A heading inside a quote stays in the quote, bold: the quoted
    /// text's, not a section of the page.
    #[test]
    fn headings_in_quotes_stay_quoted() {
        let doc = parse_html_with(
            "t.html",
            "<h1>Notes</h1><blockquote><h2>Their title</h2><p>Their text.</p></blockquote><p>Ours.</p>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Heading(1), "Notes"),
                (BlockKind::Quote, "Their title"),
                (BlockKind::Quote, "Their text."),
                (BlockKind::Paragraph, "Ours."),
            ]
        );
        assert_eq!(doc.outline.len(), 1);
        let styled: Vec<(&str, InlineStyle)> = doc.inlines.iter().map(|(r, s)| (&doc.text[r.clone()], *s)).collect();
        assert_eq!(styled, [("Their title", InlineStyle::Strong)]);
    }

    #[test]
    fn elements_become_blocks() {
        let doc = parse_html_with(
            "t.html",
            "<h1>Head</h1><p>One <em>two</em> <a href='x.html'>three</a>.</p><ul><li>a</li><li>b</li></ul>\
             <blockquote><p>quoted</p></blockquote><pre>fn x() {\n  y\n}</pre><figure><img alt='A whale'>\
             <figcaption>The caption</figcaption></figure><script>alert(1)</script><style>p{}</style>",
            false,
        );
        assert_eq!(
            blocks(&doc),
            [
                (BlockKind::Heading(1), "Head"),
                (BlockKind::Paragraph, "One two three."),
                (BlockKind::ListItem(0), "• a"),
                (BlockKind::ListItem(0), "• b"),
                (BlockKind::Quote, "quoted"),
                (BlockKind::Code, "fn x() {\n  y\n}"),
                // Issue 20: one line per figure, named by its caption.
                (BlockKind::Caption, "[image] The caption"),
            ]
        );
        assert_eq!(doc.links.len(), 1);
        assert_eq!((&doc.text[doc.links[0].range.clone()], doc.links[0].target.as_str()), ("three", "x.html"));
        assert!(!doc.text.contains("alert") && !doc.text.contains("p{}"));
    }

    #[test]
    fn deep_nesting_is_flat_work() {
        let deep = format!("{}<p>deep text</p>{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let doc = parse_html("deep.html", &deep);
        assert!(doc.text.contains("deep text"));
        let list = format!("{}x{}", "<ul><li>".repeat(100_000), "</li></ul>".repeat(100_000));
        let doc = parse_html("list.html", &list);
        assert!(doc.text.contains('x'));
    }

    /// Issue 19, item 6: a tag's attributes past 256 are left out before
    /// any parser sees them; other text is the same bytes.
    #[test]
    fn attributes_are_capped_per_tag() {
        let many: String = (0..5_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let page = format!("<p{many}>kept text</p><script>if (a<b {many}) x();</script><p>after</p>");
        let capped = cap_attributes(&page);
        assert!(capped.len() < page.len() * 6 / 10, "{}", capped.len());
        assert!(capped.contains(" a255=\"255\" >kept text</p>"), "the tag still ends");
        assert!(capped.contains(&format!("<script>if (a<b {many}) x();</script>")), "script text untouched");
        let doc = parse_html("a.html", &page);
        assert!(doc.text.contains("kept text") && doc.text.contains("after"));
        let plain = "<p class=\"x\">ordinary</p>";
        assert!(matches!(cap_attributes(plain), std::borrow::Cow::Borrowed(_)));
    }

    /// Issue 19: an XHTML DOCTYPE with an internal subset showed `]>` as
    /// text.
    #[test]
    fn a_doctype_internal_subset_is_not_text() {
        let page = "<?xml version=\"1.0\"?>\n<!DOCTYPE html [\n<!ENTITY nbsp \"&#160;\">\n<!ENTITY mdash \"&#8212;\">\n]>\n<html><body><p>The text.</p></body></html>";
        let doc = parse_html_with("x.xhtml", page, false);
        assert_eq!(doc.text.trim(), "The text.");
        let plain = "<!DOCTYPE html><html><body><p>[not a subset]></p></body></html>";
        assert!(parse_html_with("y.html", plain, false).text.contains("[not a subset]>"));
    }

    /// Issue 19, item 5: `<div/>` nests in HTML, and so does `<div></i>`
    /// (the stray end tag is ignored); counted as not nesting, 20 000 of
    /// them went to readability, whose tree walks took 116 s. Unclosed
    /// `<p>`s and `<li>`s do not nest: readability stays on for sloppy
    /// pages.
    #[test]
    fn depth_is_counted_as_the_tree_builder_nests() {
        assert!(max_depth(&"<div/>".repeat(20_000)) > READABILITY_MAX_DEPTH);
        assert!(max_depth(&"<div></i>".repeat(20_000)) > READABILITY_MAX_DEPTH);
        assert!(max_depth(&"<span><b>".repeat(200)) > READABILITY_MAX_DEPTH);
        assert_eq!(max_depth(&format!("<body>{}</body>", "<p>para".repeat(5_000))), 2);
        assert_eq!(max_depth(&format!("<ul>{}</ul>", "<li>item".repeat(5_000))), 2);
        assert_eq!(max_depth(&format!("<dl>{}</dl>", "<dt>t<dd>d".repeat(5_000))), 2);
        assert_eq!(max_depth(&format!("<table>{}</table>", "<tr><td>a<td>b".repeat(5_000))), 3);
        assert_eq!(max_depth(&format!("<svg>{}</svg>", "<path/>".repeat(5_000))), 1);
        assert_eq!(max_depth(&"<div>x</div>".repeat(5_000)), 1);
        // And the page opens quickly, laid out without readability.
        let doc = parse_html("self-closing.html", &format!("{}<p>the text</p>", "<div/>".repeat(20_000)));
        assert!(doc.text.contains("the text"));
    }

    #[test]
    fn tables_are_aligned() {
        let doc = parse_html_with(
            "t.html",
            "<table><tr><th>Name</th><th>Size</th></tr><tr><td>a</td><td>10</td></tr></table>",
            false,
        );
        assert_eq!(blocks(&doc), [(BlockKind::Table, "Name │ Size\n─────┼─────\na    │ 10")]);
    }

    /// A gallery's caption under an image described by the same words,
    /// and a figure caption printed twice, are said once; two paragraphs
    /// alike are both kept (the author may have meant it).
    #[test]
    fn a_caption_said_twice_is_shown_once() {
        let prose = "The talks went on into the night, and the ministers met again in the morning. ".repeat(4);
        let page = format!(
            "<html><body><article><p>{prose}</p><ul><li><img src=a.jpg alt='Two ministers shake hands in Hanoi.'></li></ul>\
             <p>Two ministers shake hands in Hanoi.</p><figure><img src=b.jpg><figcaption>Delegates arrive.</figcaption>\
             <figcaption>Delegates arrive.</figcaption></figure><p>{prose}</p><p>Ha!</p><p>Ha!</p><p>{prose} Again.</p>\
             </article></body></html>"
        );
        let doc = parse_html("gallery.html", &page);
        let texts: Vec<&str> = doc.blocks.iter().map(|b| &doc.text[b.range.clone()]).collect();
        let count = |needle: &str| texts.iter().filter(|t| t.contains(needle)).count();
        assert_eq!(count("Two ministers shake hands"), 1, "{texts:?}");
        assert_eq!(count("Delegates arrive."), 1, "{texts:?}");
        assert_eq!(count("Ha!"), 2, "paragraphs alike are kept: {texts:?}");
    }
}
