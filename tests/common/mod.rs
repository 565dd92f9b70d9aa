//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use folio::document::{self, Document};
use folio::library::SEEDS;

/// `../shared/corpus`, or `FOLIO_CORPUS` when set.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("FOLIO_CORPUS")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), PathBuf::from)
}

/// A file of the shared corpus; panics with a clear message when missing.
pub fn corpus_file(name: &str) -> PathBuf {
    let path = corpus_dir().join(name);
    assert!(
        path.exists(),
        "{} is missing: the tests read the shared corpus (set FOLIO_CORPUS to its folder)",
        path.display()
    );
    path
}

/// The seed whose file name starts with `prefix`, parsed.
pub fn seed(prefix: &str) -> Document {
    let (name, text) =
        SEEDS.iter().find(|(name, _)| name.starts_with(prefix)).unwrap_or_else(|| panic!("no seed {prefix}"));
    document::parse_text(name, (*text).to_owned())
}

/// Moby Dick, parsed from the corpus.
pub fn moby_dick() -> Document {
    let bytes = std::fs::read(corpus_file("moby-dick.txt")).expect("reading moby-dick.txt");
    document::parse("moby-dick.txt", bytes).expect("moby-dick.txt is text")
}

/// Texts of the blocks of one kind.
pub fn blocks_of(doc: &Document, kind: document::BlockKind) -> Vec<&str> {
    doc.blocks.iter().filter(|b| b.kind == kind).map(|b| &doc.text[b.range.clone()]).collect()
}

use folio::app::{App, Effect, Msg, Startup};
use folio::keymap::Key;
use folio::library::{Entry, Origin};
use folio::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// An app over `entries`, sized like a terminal, built as folio builds it.
pub fn app_of(entries: Vec<Entry>, width: u16, height: u16) -> App {
    start(Startup { entries, size: (width, height), ..Startup::default() })
}

/// An app from a start-up, with what it queued at start carried out.
pub fn start(startup: Startup) -> App {
    let size = startup.size;
    let mut app = App::new(startup);
    send(&mut app, Msg::Resize(size.0, size.1));
    app
}

/// An app over the built-in seeds, sized like a terminal.
pub fn seeds_app(width: u16, height: u16) -> App {
    app_of(folio::library::seeds(), width, height)
}

/// An app over documents made from strings.
pub fn app_with(docs: &[(&str, &str)], width: u16, height: u16) -> App {
    let entries = docs
        .iter()
        .map(|(name, text)| {
            Entry::new(
                document::parse_text(name, (*text).to_owned()),
                Origin::File { path: PathBuf::from(name), root: PathBuf::new() },
            )
        })
        .collect();
    app_of(entries, width, height)
}

/// Sends one message and carries out what follows, as the runner would
/// (searches run here, at once; nothing is written to disk).
pub fn send(app: &mut App, msg: Msg) {
    let effects = app.update(msg);
    settle_in(app, None, effects);
}

/// Sends one message with file effects written under `paths`.
pub fn send_in(app: &mut App, paths: &folio::paths::Paths, msg: Msg) {
    let effects = app.update(msg);
    settle_in(app, Some(paths), effects);
}

/// Presses keys given by name (`"j"`, `"ctrl-d"`, `"G"`), carrying out
/// the effects after each as the runner would (searches run here, at once).
pub fn press(app: &mut App, keys: &[&str]) {
    for k in keys {
        send(app, Msg::Key(Key::parse(k).unwrap_or_else(|e| panic!("{e}"))));
    }
}

/// Types text into whatever has the keyboard, one character at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        send(app, Msg::Key(Key::plain(c)));
    }
}

/// Presses keys with file effects written under `paths`.
pub fn press_in(app: &mut App, paths: &folio::paths::Paths, keys: &[&str]) {
    for k in keys {
        send_in(app, paths, Msg::Key(Key::parse(k).unwrap_or_else(|e| panic!("{e}"))));
    }
}

/// Types text, with file effects written under `paths`.
pub fn type_in(app: &mut App, paths: &folio::paths::Paths, text: &str) {
    for c in text.chars() {
        send_in(app, paths, Msg::Key(Key::plain(c)));
    }
}

/// Carries out effects synchronously, feeding every result back to the
/// app, until none is left; without `paths` nothing is written to disk.
pub fn settle_in(app: &mut App, paths: Option<&folio::paths::Paths>, mut effects: Vec<Effect>) {
    use folio::search::{FoldCache, Job, Outcome, run_find};
    let mut cache = FoldCache::default();
    while !effects.is_empty() {
        let mut next = Vec::new();
        for effect in effects {
            let effect = match paths {
                Some(paths) => match folio::runner::perform_disk(effect, paths) {
                    folio::runner::Performed::Done(msg) => {
                        next.extend(app.update(msg));
                        continue;
                    }
                    folio::runner::Performed::Elsewhere(effect) => effect,
                },
                None => effect,
            };
            match effect {
                Effect::Search(Job::Find { id, doc, query, rules }) => {
                    if let Some(result) = run_find(&mut cache, &doc, &query, rules, &|| false) {
                        next.extend(app.update(Msg::Searched(Outcome { id, result })));
                    }
                }
                Effect::SearchLibrary(job) => {
                    let outcomes = std::sync::Mutex::new(Vec::new());
                    folio::library::run_library(&job, None, &|| false, &|o| {
                        if let Ok(mut v) = outcomes.lock() {
                            v.push(o);
                        }
                    });
                    for outcome in outcomes.into_inner().unwrap_or_default() {
                        next.extend(app.update(Msg::LibraryResults(outcome)));
                    }
                }
                Effect::OpenFile(path) => {
                    // What the runner's thread does, here in order.
                    let events = std::sync::Mutex::new(Vec::new());
                    folio::library::open_listed(&path, &|e| events.lock().map(|mut v| v.push(e)).is_ok());
                    for event in events.into_inner().unwrap_or_default() {
                        next.extend(app.update(Msg::Loaded(event)));
                    }
                }
                Effect::Lookup { argv, word } => {
                    let result = folio::lookup::run(&argv, folio::lookup::TIME_LIMIT);
                    next.extend(app.update(Msg::LookedUp { word, result }));
                }
                _ => {}
            }
        }
        effects = next;
    }
}

/// Draws the app into a test terminal of its size.
pub fn render(app: &App) -> Buffer {
    let (w, h) = app.screen().size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|frame| ui::draw(frame, app)).expect("drawing");
    terminal.backend().buffer().clone()
}

/// The buffer as text, one line per row, trailing blanks trimmed.
pub fn screen(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(x, y)];
            line.push_str(cell.symbol());
            x += u16::try_from(unicode_width::UnicodeWidthStr::width(cell.symbol()).max(1)).unwrap_or(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
pub mod pty;

/// A small EPUB 3 book, made here (nothing is fetched): two chapters, a
/// nested table of contents (nav and NCX), a note reached by a link, an
/// image, metadata. `extra` adds entries (name, bytes, compressed).
pub fn epub_book(extra: &[(&str, &[u8], bool)]) -> Vec<u8> {
    epub_book_replacing(&[], extra)
}

/// [`epub_book`] with some of its entries' bytes replaced.
pub fn epub_book_replacing(replace: &[(&str, Vec<u8>)], extra: &[(&str, &[u8], bool)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let files: Vec<(&str, Vec<u8>, bool)> = vec![
        ("mimetype", b"application/epub+zip".to_vec(), false),
        (
            "META-INF/container.xml",
            br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#.to_vec(),
            true,
        ),
        (
            "OEBPS/content.opf",
            br#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:folio:test</dc:identifier>
    <dc:title>The Whale Book</dc:title>
    <dc:creator>Herman Melville</dc:creator>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2026-11-25T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="c1" href="text/c1.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="text/c2.xhtml" media-type="application/xhtml+xml"/>
    <item id="img" href="whale.png" media-type="image/png"/>
  </manifest>
  <spine toc="ncx"><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>"#.to_vec(),
            true,
        ),
        (
            "OEBPS/nav.xhtml",
            br##"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>
<li><a href="text/c1.xhtml">Chapter One: Loomings</a><ol><li><a href="text/c1.xhtml#harpoon">The Harpoon</a></li></ol></li>
<li><a href="text/c2.xhtml">Chapter Two: The Carpet-Bag</a></li></ol></nav></body></html>"##.to_vec(),
            true,
        ),
        (
            "OEBPS/toc.ncx",
            br#"<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>The Whale Book</text></docTitle><navMap>
<navPoint id="n1" playOrder="1"><navLabel><text>Chapter One: Loomings</text></navLabel><content src="text/c1.xhtml"/>
<navPoint id="n2" playOrder="2"><navLabel><text>The Harpoon</text></navLabel><content src="text/c1.xhtml#harpoon"/></navPoint></navPoint>
<navPoint id="n3" playOrder="3"><navLabel><text>Chapter Two: The Carpet-Bag</text></navLabel><content src="text/c2.xhtml"/></navPoint></navMap></ncx>"#.to_vec(),
            true,
        ),
        (
            "OEBPS/text/c1.xhtml",
            br#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>One</title><style>p { color: red }</style></head><body>
<h1>Chapter One: Loomings</h1><p>Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.<a href="c2.xhtml#note1">[1]</a></p>
<p><img src="../whale.png" alt="A sperm whale breaching"/></p>
<h2 id="harpoon">The Harpoon</h2><p>The harpoon was darted; the stricken whale flew forward.</p></body></html>"#.to_vec(),
            true,
        ),
        (
            "OEBPS/text/c2.xhtml",
            br#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>
<h1>Chapter Two: The Carpet-Bag</h1><p>I stuffed a shirt or two into my old carpet-bag.</p>
<aside id="note1"><p>Note one: Ishmael is the narrator.</p></aside><p><a href="c1.xhtml#harpoon">Back to the harpoon</a></p></body></html>"#.to_vec(),
            true,
        ),
        ("OEBPS/whale.png", vec![0x89, b'P', b'N', b'G', 0, 0, 0, 0], false),
    ];
    let files: Vec<(&str, Vec<u8>, bool)> = files
        .into_iter()
        .map(|(n, b, c)| (n, replace.iter().find(|(r, _)| *r == n).map_or(b, |(_, bytes)| bytes.clone()), c))
        .collect();
    for (name, bytes, compress) in files.iter().map(|(n, b, c)| (*n, b.as_slice(), *c)).chain(extra.iter().copied()) {
        zip.start_file(name, if compress { deflated } else { stored }).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

/// A fixture of `tests/fixtures/`, parsed as folio parses a file.
pub fn fixture(name: &str) -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    document::parse(name, bytes).expect("a text fixture")
}

/// Each block's kind and text.
pub fn kinds_and_texts(doc: &Document) -> Vec<(document::BlockKind, &str)> {
    doc.blocks.iter().map(|b| (b.kind, &doc.text[b.range.clone()])).collect()
}
