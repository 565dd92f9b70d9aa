//! Highlights and the selection as drawn: whole frames in ratatui's
//! `TestBackend`, at two widths, in colour and with `NO_COLOR`.

use crate::common;

use folio::app::{App, Msg};
use folio::bookmarks::{self, Bookmark, DocRef};
use folio::config::ColorSupport;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const TEXT: &str = "A title for the frames\n\nThe reading column wraps this paragraph at whatever width the terminal has, and the highlighted words must follow it wherever they land on screen.\n\nA last paragraph.\n";
const PASSAGE: &str = "the highlighted words must follow it wherever they land";

fn highlighted_app(width: u16, colors: ColorSupport) -> App {
    let start = TEXT.find(PASSAGE).expect("passage");
    let highlight = Bookmark {
        id: "h1".into(),
        created: "2026-12-02T10:00:00Z".into(),
        doc: DocRef { document: "frames.txt".into(), hash: folio::document::content_hash(TEXT), title: "T".into() },
        note: "a note".into(),
        quote: bookmarks::quote_up_to(TEXT, start..start + PASSAGE.len(), bookmarks::MAX_HIGHLIGHT),
        highlight: true,
    };
    let entry = folio::library::Entry::new(
        folio::document::parse_text("frames.txt", TEXT.to_owned()),
        folio::library::Origin::File { path: "frames.txt".into(), root: std::path::PathBuf::new() },
    );
    let mut app = common::start(folio::app::Startup {
        entries: vec![entry],
        bookmarks: Ok(vec![highlight]),
        size: (width, 16),
        ..folio::app::Startup::default()
    });
    let (config, _) = folio::config::parse("");
    common::send(&mut app, Msg::ConfigRead { file: "c".into(), result: Ok((config, Vec::new())), colors });
    app
}

/// The text of the cells drawn with `has`, row by row, joined by spaces.
fn marked(buffer: &Buffer, has: impl Fn(&ratatui::buffer::Cell) -> bool) -> String {
    let area = buffer.area;
    let mut rows = Vec::new();
    for y in 0..area.height {
        let row: String = (0..area.width)
            .filter_map(|x| buffer.cell((x, y)))
            .filter(|c| has(c))
            .map(ratatui::buffer::Cell::symbol)
            .collect();
        if !row.trim().is_empty() {
            rows.push(row.trim().to_owned());
        }
    }
    rows.join(" ")
}

#[test]
fn a_highlight_is_drawn_on_its_words_at_any_width() {
    for width in [100, 44] {
        let app = highlighted_app(width, ColorSupport::Full);
        let buffer = common::render(&app);
        let shown = marked(&buffer, |c| c.bg == Color::Green);
        assert_eq!(shown, PASSAGE, "width {width}");
        let text = common::screen(&buffer);
        assert!(text.contains("◆"), "a margin mark too at width {width}");
    }
    // At 44 columns the passage spans lines: every piece is marked.
    let narrow = common::render(&highlighted_app(44, ColorSupport::Full));
    let rows_marked = (0..narrow.area.height)
        .filter(|&y| (0..narrow.area.width).any(|x| narrow.cell((x, y)).is_some_and(|c| c.bg == Color::Green)))
        .count();
    assert!(rows_marked >= 2, "{rows_marked}");
}

#[test]
fn without_colour_a_highlight_is_underlined() {
    let app = highlighted_app(100, ColorSupport::None);
    let buffer = common::render(&app);
    assert!(buffer.content().iter().all(|c| c.bg == Color::Reset), "NO_COLOR: no colour");
    let shown = marked(&buffer, |c| c.modifier.contains(Modifier::UNDERLINED) && !c.modifier.contains(Modifier::BOLD));
    assert_eq!(shown, PASSAGE);
}

#[test]
fn the_selection_is_reversed_and_its_moving_end_underlined() {
    let mut app = highlighted_app(100, ColorSupport::None);
    common::press(&mut app, &["/"]);
    common::type_text(&mut app, "reading column");
    common::press(&mut app, &["enter", "v", "e", "w", "e"]);
    let buffer = common::render(&app);
    let shown = marked(&buffer, |c| c.modifier.contains(Modifier::REVERSED));
    assert!(shown.starts_with("reading column VISUAL"), "the passage, then the status bar: {shown}");
    let end = marked(&buffer, |c| c.modifier.contains(Modifier::REVERSED | Modifier::UNDERLINED));
    assert_eq!(end, "n", "the last letter of \"column\"");
    let status = common::screen(&buffer);
    assert!(status.lines().last().unwrap_or_default().contains("VISUAL 2 words"), "{status}");
}
