//! Function benchmarks for the reader: parsing, wrapping, jumping, drawing.
//!
//! `cargo bench --bench reader`. The 100 MB document is Moby Dick from the
//! shared corpus repeated 80 times, built in memory (never committed).

use std::hint::black_box;
use std::sync::LazyLock;

use divan::Bencher;
use folio::app::{App, Msg, Startup};
use folio::document::{self, Document};
use folio::keymap::Key;
use folio::layout::{Layout, Pos};
use folio::library::{self, Entry, Origin};
use folio::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

fn corpus(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("FOLIO_CORPUS")
        .map_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), Into::into);
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

static MOBY: LazyLock<Vec<u8>> = LazyLock::new(|| corpus("moby-dick.txt"));
static MOBY_100MB: LazyLock<Vec<u8>> = LazyLock::new(|| MOBY.repeat(80));
static MOBY_100MB_DOC: LazyLock<Document> =
    LazyLock::new(|| document::parse("moby-100mb.txt", MOBY_100MB.clone()).unwrap_or_else(|e| panic!("{e}")));

#[divan::bench]
fn parse_seeds() -> usize {
    library::seeds().len()
}

#[divan::bench]
fn parse_moby_dick(bencher: Bencher<'_, '_>) {
    bencher
        .with_inputs(|| MOBY.clone())
        .bench_values(|bytes| document::parse("moby-dick.txt", bytes).map(|d| d.blocks.len()));
}

/// The 648 RFCs, each parsed as the library's loader does (the Markdown
/// with its fenced code coloured: issue 18).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_all_rfcs(bencher: Bencher<'_, '_>) {
    let dir = std::env::var_os("FOLIO_CORPUS")
        .map_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), Into::into)
        .join("rfcs");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).ok()?)))
        .collect();
    files.sort();
    // The grammars are loaded once per process; not part of each parse.
    let _ = document::parse("warm.md", b"```rust\nfn x() {}\n```\n".to_vec());
    bencher.with_inputs(|| files.clone()).bench_values(|files| {
        files
            .into_iter()
            .map(|(name, bytes)| document::parse(&name, bytes).map_or(0, |d| d.inlines.len()))
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_100mb(bencher: Bencher<'_, '_>) {
    bencher
        .with_inputs(|| MOBY_100MB.clone())
        .bench_values(|bytes| document::parse("moby-100mb.txt", bytes).map(|d| d.blocks.len()));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn word_count_100mb() -> usize {
    document::word_count(black_box(&MOBY_100MB_DOC.text))
}

/// `G` on a freshly opened 100 MB document: wrap the last screenful only.
#[divan::bench]
fn bottom_of_100mb(bencher: Bencher<'_, '_>) {
    let doc = &*MOBY_100MB_DOC;
    bencher.bench(|| {
        let layout = Layout::new(76);
        let top = layout.last_top(doc, 26);
        layout.visible(doc, top, 26).len()
    });
}

/// A page down from the middle of the 100 MB document, cold cache.
#[divan::bench]
fn page_down_in_100mb(bencher: Bencher<'_, '_>) {
    let doc = &*MOBY_100MB_DOC;
    let middle = Pos { block: doc.blocks.len() / 2, line: 0 };
    bencher.bench(|| {
        let layout = Layout::new(76);
        let top = layout.down(doc, middle, 24);
        layout.visible(doc, top, 26).len()
    });
}

/// A key press and a whole frame drawn, on the seeds.
#[divan::bench]
fn key_and_frame_seeds(bencher: Bencher<'_, '_>) {
    let mut app = App::new(Startup { entries: library::seeds(), size: (100, 30), ..Startup::default() });
    let _ = app.update(Msg::Resize(100, 30));

    key_and_frame(bencher, app);
}

/// A key press and a frame on the 100 MB document.
#[divan::bench]
fn key_and_frame_100mb(bencher: Bencher<'_, '_>) {
    let entry = Entry::new(MOBY_100MB_DOC.clone(), Origin::Stdin);
    let mut app = App::new(Startup { entries: vec![entry], size: (100, 30), ..Startup::default() });
    let _ = app.update(Msg::Resize(100, 30));
    let _ = app.update(Msg::Key(Key::plain('G')));

    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench_local(|| {
        let _ = app.update(Msg::Key(Key::plain('b')));
        terminal.draw(|f| ui::draw(f, &app)).map(|_| ())
    });
}

/// Parsers must be linear: each input below is made 10x larger and the
/// time should grow about 10x (issue 14: 100k / 200k / 400k headings took
/// 1.9 / 7.4 / 29 s when a heading scanned every block before it).
fn markdown_headings(n: usize) -> Vec<u8> {
    (0..n).map(|i| format!("## Heading {i}\n\nText {i}.\n\n")).collect::<String>().into_bytes()
}

fn markdown_links(n: usize) -> Vec<u8> {
    (0..n).map(|i| format!("See [link {i}](https://example.org/{i}).\n\n")).collect::<String>().into_bytes()
}

/// A README's raw HTML, block and inline: what `markdown_html.rs` reads.
fn markdown_html(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| {
            format!(
                "<div align=\"center\">\n<h2 id=\"s{i}\">Part {i}</h2>\n<p><b>Bold</b> <img alt=\"Badge {i}\" src=b.svg></p>\n</div>\n\nPress <kbd>q</kbd> or <a href=\"https://x.org/{i}\"><b>here</b></a>.<br>Next.\n\n<table><tr><th>Part</th><th>Link</th></tr><tr><td>{i}</td><td><a href=\"https://x.org/{i}\">there</a></td></tr></table>\n\n"
            )
        })
        .collect::<String>()
        .into_bytes()
}

fn article_lines(n: usize) -> Vec<u8> {
    (0..n).map(|i| format!("Paragraph {i} of a saved web article, one per line.\n")).collect::<String>().into_bytes()
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn grow_markdown_headings(bencher: Bencher<'_, '_>, n: usize) {
    bencher.with_inputs(|| markdown_headings(n)).bench_values(|b| document::parse("h.md", b).map(|d| d.blocks.len()));
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn grow_markdown_html(bencher: Bencher<'_, '_>, n: usize) {
    bencher.with_inputs(|| markdown_html(n)).bench_values(|b| document::parse("r.md", b).map(|d| d.blocks.len()));
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn grow_markdown_links(bencher: Bencher<'_, '_>, n: usize) {
    bencher.with_inputs(|| markdown_links(n)).bench_values(|b| document::parse("l.md", b).map(|d| d.blocks.len()));
}

/// Colouring Rust code as a reader pages through it, a screenful (4 KB)
/// at a time: linear in the lines shown (issue 18). The grammars load
/// once per process, before timing.
fn rust_lines(n: usize) -> String {
    (0..n).map(|i| format!("let x{i}: u32 = f(\"{i}\"); // n\n")).collect()
}

#[divan::bench(args = [100, 1_000, 10_000], sample_count = 3, sample_size = 1)]
fn grow_code_colouring(bencher: Bencher<'_, '_>, n: usize) {
    use folio::document::highlight::BlockColours;
    let warm = rust_lines(1);
    if let Some(mut c) = BlockColours::new("rust", 0..warm.len()) {
        c.advance(&warm, warm.len());
    }
    let code = rust_lines(n);
    bencher.bench(|| {
        let Some(mut colours) = BlockColours::new("rust", 0..code.len()) else { return 0 };
        let mut to = 0;
        while to < code.len() {
            to += 4096;
            colours.advance(&code, to);
        }
        colours.tokens().len()
    });
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn grow_plain_article(bencher: Bencher<'_, '_>, n: usize) {
    bencher.with_inputs(|| article_lines(n)).bench_values(|b| document::parse("a.txt", b).map(|d| d.blocks.len()));
}

/// Issue 18: the per-block reflow decision over every kind of run (the
/// fixtures of `tests/fixtures/as-written`, repeated), and a text of fences
/// that never close (the look-ahead for a closing fence is bounded in all).
fn kept_runs(n: usize) -> Vec<u8> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/as-written");
    let one: String = ["note.txt", "verse.txt", "rfc.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")) + "\n\n")
        .collect();
    let lines = one.lines().count();
    one.repeat(n / lines + 1).into_bytes()
}

fn unclosed_fences(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| format!("{}\nA line of text that goes on for a while, {i}.\n", "~".repeat(3 + i % 20)))
        .collect::<String>()
        .into_bytes()
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn grow_plain_kept(bencher: Bencher<'_, '_>, n: usize) {
    bencher.with_inputs(|| kept_runs(n)).bench_values(|b| document::parse("k.txt", b).map(|d| d.blocks.len()));
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn grow_plain_unclosed_fences(bencher: Bencher<'_, '_>, n: usize) {
    bencher.with_inputs(|| unclosed_fences(n)).bench_values(|b| document::parse("f.txt", b).map(|d| d.blocks.len()));
}

/// Issue 19, item 6: inputs that were quadratic, each grown 10x. A book of
/// one chapter and a table of contents, built here.
fn tiny_epub(chapter: &str, nav: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, bytes: &[u8]| {
        zip.start_file(name, deflated).unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
    };
    put("mimetype", b"application/epub+zip");
    put("META-INF/container.xml", br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#);
    put("c.xhtml", format!("<html><body>{chapter}</body></html>").as_bytes());
    put("nav.xhtml", format!("<html xmlns:epub=\"http://www.idpf.org/2007/ops\"><body><nav epub:type=\"toc\"><ol>{nav}</ol></nav></body></html>").as_bytes());
    put("content.opf", br#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier><dc:title>Grown</dc:title><dc:language>en</dc:language></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>"#);
    zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn grow_epub_styled_paragraphs(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .with_inputs(|| tiny_epub(&"<p>w <b>b</b></p>".repeat(n), "<li><a href=\"c.xhtml\">c</a></li>"))
        .bench_values(|b| document::parse("s.epub", b).map(|d| d.blocks.len()));
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn grow_html_unclosed_styles(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .with_inputs(|| tiny_epub(&format!("{}{}<p>text</p>", "<b/>".repeat(n), "<span>x</span>".repeat(n)), ""))
        .bench_values(|b| document::parse("u.epub", b).map(|d| d.blocks.len()));
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn grow_epub_toc_to_anchors(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .with_inputs(|| {
            let chapter: String = (0..n).map(|i| format!("<p id=\"a{i}\">Part {i}.</p>")).collect();
            let nav: String = (0..n).map(|i| format!("<li><a href=\"c.xhtml#a{i}\">Part {i}</a></li>")).collect();
            tiny_epub(&chapter, &nav)
        })
        .bench_values(|b| document::parse("t.epub", b).map(|d| d.outline.len()));
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn grow_html_attributes(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .with_inputs(|| {
            let attributes: String = (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect();
            format!("<html><body><p{attributes}>text</p></body></html>").into_bytes()
        })
        .bench_values(|b| document::parse("a.html", b).map(|d| d.blocks.len()));
}

/// The 648 RFCs, 16 times over: the 10 368-document library, in memory.
static RFC_LIBRARY: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let dir = std::env::var_os("FOLIO_CORPUS")
        .map_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), Into::into)
        .join("rfcs");
    let loaded = library::load_paths(&[dir]);
    (0..16)
        .flat_map(|copy| {
            loaded.entries.iter().map(move |e| {
                let name = e.path().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
                let root = std::path::PathBuf::from(format!("/lib/rfcs-{copy:02}"));
                let path = root.join(name.unwrap_or_default());
                Entry { origin: Origin::File { path, root }, ..e.clone() }
            })
        })
        .collect()
});

/// 1 000 bookmarks spread over the library, each on a real passage.
fn thousand_bookmarks(entries: &[Entry]) -> Vec<folio::bookmarks::Bookmark> {
    (0..1000)
        .map(|i| {
            let entry = &entries[(i * 7919) % entries.len()];
            let text = entry.doc.as_ref().map_or("", |d| d.text.as_str());
            let start = text.floor_char_boundary((i * 131) % text.len().max(1));
            let end = text.floor_char_boundary((start + 60).min(text.len()));
            folio::bookmarks::Bookmark {
                id: format!("b{i}"),
                created: format!("2026-11-{:02}T10:00:00Z", 1 + i % 28),
                doc: folio::bookmarks::DocRef {
                    document: entry.origin.key(),
                    hash: entry.hash.clone(),
                    title: entry.meta.title.clone(),
                },
                note: format!("note {i}"),
                quote: folio::bookmarks::quote(text, start..end),
                highlight: false,
            }
        })
        .collect()
}

fn library_app_with_bookmarks() -> App {
    let entries = RFC_LIBRARY.clone();
    let bookmarks = thousand_bookmarks(&entries);
    let mut app = App::new(Startup { entries, bookmarks: Ok(bookmarks), size: (100, 30), ..Startup::default() });
    let _ = app.update(Msg::Resize(100, 30));
    app
}

/// Opening the bookmarks pane over 10 368 documents and 1 000 bookmarks:
/// every bookmark is anchored in its document, once.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn bookmarks_pane_open_1000(bencher: Bencher<'_, '_>) {
    bencher.with_inputs(library_app_with_bookmarks).bench_local_values(|mut app| {
        let _ = app.update(Msg::Key(Key::plain('\'')));
        app.marks().pane_rows().len()
    });
}

/// Redrawing the open pane (a key in it, then a whole frame): the rows are
/// read, not made, so this is a frame's cost (budget 16 ms).
#[divan::bench(sample_count = 20)]
fn bookmarks_pane_redraw_1000(bencher: Bencher<'_, '_>) {
    let mut app = library_app_with_bookmarks();
    let _ = app.update(Msg::Key(Key::plain('\'')));
    key_and_frame(bencher, app);
}

/// The outline of 100 MB of Moby Dick (about 10 900 chapters), built from
/// its blocks: compare with `parse_100mb` (the issue's bound: 10 % of it).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn outline_100mb() -> usize {
    document::outline_of(&MOBY_100MB_DOC.text, &MOBY_100MB_DOC.blocks).len()
}

/// A saved web page of about `mb` megabytes: the Moby Dick chapter fixture
/// with its paragraphs repeated, navigation and footer around them.
fn html_page(mb: usize) -> Vec<u8> {
    let fixture = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/moby-chapter-1.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    let start = fixture.find("<p>Call me").unwrap_or(0);
    let end = fixture.find("</article>").unwrap_or(fixture.len());
    let paragraphs = &fixture[start..end];
    let body = paragraphs.repeat((mb << 20) / paragraphs.len().max(1) + 1);
    format!("{}{}{}", &fixture[..start], body, &fixture[end..]).into_bytes()
}

#[divan::bench(args = [1, 4, 10], sample_count = 5, sample_size = 1)]
fn parse_html_mb(bencher: Bencher<'_, '_>, mb: usize) {
    bencher
        .with_inputs(|| html_page(mb))
        .bench_values(|bytes| document::parse("page.html", bytes).map(|d| d.blocks.len()));
}

/// A saved article page of `kb` KB (the benchmark's pages are 114 KB at
/// the median, 1.5 MB at most), read as a page opened is: readability and
/// the second extractor (rs-trafilatura) on two threads.
#[divan::bench(args = [200, 2000], sample_count = 5, sample_size = 1)]
fn parse_html_article_kb(bencher: Bencher<'_, '_>, kb: usize) {
    bencher
        .with_inputs(|| html_page_kb(kb))
        .bench_values(|bytes| document::parse("page.html", bytes).map(|d| d.blocks.len()));
}

/// The same, read by readability alone (as the library's listing pass
/// reads pages): the cost of the second opinion is the difference.
#[divan::bench(args = [200, 2000], sample_count = 5, sample_size = 1)]
fn parse_html_article_kb_readability_alone(bencher: Bencher<'_, '_>, kb: usize) {
    bencher.with_inputs(|| html_page_kb(kb)).bench_values(|bytes| {
        document::with_readability_alone(|| document::parse("page.html", bytes).map(|d| d.blocks.len()))
    });
}

/// The 181 real pages of the public article-extraction benchmark
/// (`../shared/article-extraction-benchmark/html/*.html.gz`, 31.5 MB),
/// unpacked by `gzip -dc` once per process.
static BENCHMARK_PAGES: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/article-extraction-benchmark/html");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let out = std::process::Command::new("gzip").arg("-dc").arg(p).output();
            out.unwrap_or_else(|e| panic!("gzip -dc {}: {e}", p.display())).stdout
        })
        .collect()
});

/// Every page of the benchmark read as a page opened is (readability and
/// the second extractor on two threads), one after another.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_benchmark_pages(bencher: Bencher<'_, '_>) {
    let pages = &*BENCHMARK_PAGES;
    let _ = document::parse("warm.html", b"<p>The grammars and patterns load once per process.</p>".to_vec());
    bencher.bench(|| {
        pages.iter().map(|p| document::parse("page.html", p.clone()).map_or(0, |d| d.blocks.len())).sum::<usize>()
    });
}

/// The same pages read by readability alone.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_benchmark_pages_readability_alone(bencher: Bencher<'_, '_>) {
    let pages = &*BENCHMARK_PAGES;
    bencher.bench(|| {
        document::with_readability_alone(|| {
            pages.iter().map(|p| document::parse("page.html", p.clone()).map_or(0, |d| d.blocks.len())).sum::<usize>()
        })
    });
}

fn html_page_kb(kb: usize) -> Vec<u8> {
    let page = html_page(1);
    let fixture = String::from_utf8_lossy(&page);
    let start = fixture.find("<p>Call me").unwrap_or(0);
    let end = fixture.find("</article>").unwrap_or(fixture.len());
    let one = fixture[start..end].find("</p>").map_or(end, |i| start + i + 4);
    let paragraph = &fixture[start..one];
    let body = paragraph.repeat((kb << 10) / paragraph.len().max(1) + 1);
    format!("{}{}{}", &fixture[..start], body, &fixture[end..]).into_bytes()
}

/// An EPUB of about 5 MB of text: Moby Dick four times, one chapter per
/// spine item, deflated as books are.
fn epub_book_5mb() -> Vec<u8> {
    use std::io::Write;
    let text = String::from_utf8_lossy(&MOBY).repeat(4);
    let chapters: Vec<&str> = text.split("CHAPTER ").collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, bytes: &[u8], options| {
        zip.start_file(name, options).unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
    };
    put("mimetype", b"application/epub+zip", stored);
    put("META-INF/container.xml", br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#, deflated);
    let mut manifest = String::new();
    let mut spine = String::new();
    let mut nav = String::new();
    for (i, chapter) in chapters.iter().enumerate() {
        let escaped = chapter.replace('&', "&amp;").replace('<', "&lt;");
        let body: String = escaped.split("\r\n\r\n").map(|p| format!("<p>{p}</p>\n")).collect();
        put(
            &format!("c{i}.xhtml"),
            format!("<html><body><h1>Chapter {i}</h1>{body}</body></html>").as_bytes(),
            deflated,
        );
        manifest.push_str(&format!("<item id=\"c{i}\" href=\"c{i}.xhtml\" media-type=\"application/xhtml+xml\"/>"));
        spine.push_str(&format!("<itemref idref=\"c{i}\"/>"));
        nav.push_str(&format!("<li><a href=\"c{i}.xhtml\">Chapter {i}</a></li>"));
    }
    put("nav.xhtml", format!("<html xmlns:epub=\"http://www.idpf.org/2007/ops\"><body><nav epub:type=\"toc\"><ol>{nav}</ol></nav></body></html>").as_bytes(), deflated);
    let opf = format!(
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:identifier id=\"id\">x</dc:identifier><dc:title>Moby Dick x4</dc:title><dc:language>en</dc:language></metadata><manifest><item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>{manifest}</manifest><spine>{spine}</spine></package>"
    );
    put("content.opf", opf.as_bytes(), deflated);
    zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_epub_5mb(bencher: Bencher<'_, '_>) {
    bencher
        .with_inputs(epub_book_5mb)
        .bench_values(|bytes| document::parse("book.epub", bytes).map(|d| d.blocks.len()));
}

/// `j` and `k` in turn, each followed by a whole frame drawn at 100x30.
fn key_and_frame(bencher: Bencher<'_, '_>, mut app: App) {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap_or_else(|e| panic!("{e}"));
    let mut down = true;
    bencher.bench_local(|| {
        let _ = app.update(Msg::Key(Key::plain(if down { 'j' } else { 'k' })));
        down = !down;
        terminal.draw(|f| ui::draw(f, &app)).map(|_| ())
    });
}

/// Moby Dick open with 1 000 highlights spread through it (every ~1.2 KB a
/// passage of about 200 bytes), as a reader who marks a lot would have.
fn moby_with_highlights() -> App {
    let doc = document::parse("moby-dick.txt", MOBY.clone()).unwrap_or_else(|e| panic!("{e}"));
    let entry = Entry::new(doc, Origin::File { path: "/lib/moby-dick.txt".into(), root: "/lib".into() });
    let text = entry.doc.as_ref().map_or(String::new(), |d| d.text.clone());
    let highlights = (0..1000)
        .map(|i| {
            let start = text.floor_char_boundary(i * (text.len() / 1000));
            let end = text.floor_char_boundary((start + 200).min(text.len()));
            folio::bookmarks::Bookmark {
                id: format!("h{i}"),
                created: format!("2026-11-{:02}T10:00:00Z", 1 + i % 28),
                doc: folio::bookmarks::DocRef {
                    document: entry.origin.key(),
                    hash: entry.hash.clone(),
                    title: entry.meta.title.clone(),
                },
                note: format!("note {i}"),
                quote: folio::bookmarks::quote_up_to(&text, start..end, folio::bookmarks::MAX_HIGHLIGHT),
                highlight: true,
            }
        })
        .collect();
    let mut app =
        App::new(Startup { entries: vec![entry], bookmarks: Ok(highlights), size: (100, 30), ..Startup::default() });
    let _ = app.update(Msg::Resize(100, 30));
    app
}

/// Opening the bookmarks pane with 1 000 highlights of the open book
/// (each anchored, placed in its chapter, sorted in reading order), then
/// drawing it: within a frame (16 ms) is the aim.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn highlights_pane_open_1000(bencher: Bencher<'_, '_>) {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap_or_else(|e| panic!("{e}"));
    bencher.with_inputs(moby_with_highlights).bench_local_values(|mut app| {
        let _ = app.update(Msg::Key(Key::plain('\'')));
        terminal.draw(|f| ui::draw(f, &app)).map(|_| app.marks().pane_rows().len())
    });
}

/// A key and a whole frame in a book with 1 000 highlights drawn in it.
#[divan::bench]
fn key_and_frame_1000_highlights(bencher: Bencher<'_, '_>) {
    key_and_frame(bencher, moby_with_highlights());
}

/// One selection key (`w`, then `)`) in the middle of a single block of
/// `mb` MB (a file that is one long line): words and sentences are looked
/// for near the cursor, so the cost stays flat as the block grows 10x.
#[divan::bench(args = [1, 10, 100], sample_count = 5)]
fn grow_select_motion_one_block(bencher: Bencher<'_, '_>, mb: usize) {
    let line = "Call me Ishmael and some years ago never mind how long precisely. ".repeat(mb * (1 << 20) / 66);
    let doc = document::parse_text("one-line.txt", line);
    let layout = Layout::new(80);
    let middle = doc.text.floor_char_boundary(doc.text.len() / 2);
    bencher.bench_local(|| {
        let word = folio::selection::moved(&doc, &layout, middle, folio::selection::Motion::WordNext, 1);
        folio::selection::moved(&doc, &layout, word, folio::selection::Motion::SentenceEnd, 1)
    });
}

/// An RSS feed of `n` items, each with a paragraph of text.
fn rss(n: usize) -> Vec<u8> {
    let items: String = (0..n)
        .map(|i| format!("<item><title>Story {i}</title><link>https://news.example/{i}</link><guid>g{i}</guid><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate><description>&lt;p&gt;The text of story {i}, a paragraph long enough to be read.&lt;/p&gt;</description></item>"))
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title><link>https://news.example/</link>{items}</channel></rss>").into_bytes()
}

/// Reading a feed (feed-rs, then folio's items, of which the first 500
/// are kept): linear as it grows 10x.
#[divan::bench(args = [100, 1_000, 10_000], sample_count = 5, sample_size = 1)]
fn grow_feed_parse(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .with_inputs(|| rss(n))
        .bench_values(|b| folio::feeds::parse(&b, "https://news.example/feed.xml").map(|f| f.items.len()));
}

/// Finding the feeds a page names, in a page of `n` KB of links and text.
#[divan::bench(args = [50, 500, 5_000], sample_count = 5, sample_size = 1)]
fn grow_feed_discover(bencher: Bencher<'_, '_>, kb: usize) {
    let page = "<link rel=\"stylesheet\" href=\"/s.css\"><p>text <a href=\"/x\">x</a></p>\n".repeat(kb * 1024 / 70);
    let page =
        format!("<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\">{page}</head></html>");
    bencher.bench(|| folio::feeds::discover(&page, "https://news.example/").len());
}
