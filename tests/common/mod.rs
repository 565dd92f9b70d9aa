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
                    Ok(msg) => {
                        next.extend(app.update(msg));
                        continue;
                    }
                    Err(effect) => effect,
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
                    folio::library::run_library(&job, &|| false, &|o| {
                        if let Ok(mut v) = outcomes.lock() {
                            v.push(o);
                        }
                    });
                    for outcome in outcomes.into_inner().unwrap_or_default() {
                        next.extend(app.update(Msg::LibraryResults(outcome)));
                    }
                }
                _ => {}
            }
        }
        effects = next;
    }
}

/// Draws the app into a test terminal of its size.
pub fn render(app: &App) -> Buffer {
    let (w, h) = app.size();
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
