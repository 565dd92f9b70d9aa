//! In-document search through the app: prompt, highlights, counts, n/N.

use crate::common;

use common::{app_with, press, press_in, render, screen, seeds_app, type_text};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// Cells on screen drawn as a match (the theme's yellow background), or as
/// the current match (reversed and bold), as text per row.
fn highlighted(buffer: &Buffer, current: bool) -> Vec<String> {
    let area = buffer.area;
    let mut rows = Vec::new();
    for y in 0..area.height.saturating_sub(1) {
        let mut row = String::new();
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            let is = if current {
                cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD)
            } else {
                cell.bg == Color::Yellow
            };
            if is {
                row.push_str(cell.symbol());
            }
        }
        if !row.is_empty() {
            rows.push(row);
        }
    }
    rows
}

fn status(app: &folio::app::App) -> String {
    screen(&render(app)).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn incremental_search_counts_highlights_and_moves() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["/"]);
    type_text(&mut app, "budapest");
    let frame = render(&app);
    let text = screen(&frame);
    assert!(text.lines().last().unwrap_or_default().starts_with("/budapest"), "{text}");
    assert!(text.lines().last().unwrap_or_default().contains("match 1/1"));
    assert_eq!(highlighted(&frame, true), ["Budapest"], "the current match is drawn distinctly");
    press(&mut app, &["enter"]);
    assert!(status(&app).contains("match 1/1"));
}

#[test]
fn n_and_shift_n_wrap_with_a_message() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["/"]);
    type_text(&mut app, "hanoi convention");
    press(&mut app, &["enter"]);
    let total = app.search().map_or(0, |s| s.matches.len());
    assert!(total >= 3, "{total}");
    assert_eq!(app.search().and_then(|s| s.current), Some(0));
    press(&mut app, &["N"]);
    assert_eq!(app.search().and_then(|s| s.current), Some(total - 1));
    assert!(app.status().unwrap_or_default().contains("search hit TOP, continuing at BOTTOM"));
    press(&mut app, &["n"]);
    assert_eq!(app.search().and_then(|s| s.current), Some(0));
    assert!(app.status().unwrap_or_default().contains("search hit BOTTOM, continuing at TOP"));
    assert!(status(&app).contains(&format!("match 1/{total}")), "{}", status(&app));
}

#[test]
fn every_match_is_highlighted_and_the_view_follows() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["/"]);
    type_text(&mut app, "cyber");
    let frame = render(&app);
    // Three on screen: the current one, drawn distinctly, and two others.
    assert_eq!(highlighted(&frame, true), ["Cyber"]);
    assert_eq!(highlighted(&frame, false), ["Cyber", "cyber"], "{}", screen(&frame));
    assert!(screen(&frame).lines().last().unwrap_or_default().contains("match 1/22"));
    // Esc returns the view to where the search began and clears the search.
    press(&mut app, &["G", "esc"]);
    assert!(app.search().is_none());
    assert!(app.prompt().is_none());
}

#[test]
fn escape_restores_the_view() {
    let mut app = seeds_app(100, 30);
    let before = screen(&render(&app));
    press(&mut app, &["/"]);
    type_text(&mut app, "brandolino");
    assert!(app.search().is_some_and(|s| s.matches.is_empty()));
    assert!(status(&app).contains("no match for \"brandolino\""));
    press(&mut app, &["backspace", "backspace"]);
    type_text(&mut app, "");
    press(&mut app, &["ctrl-u"]);
    type_text(&mut app, "three key elements");
    assert!(app.search().is_some_and(|s| s.matches.len() == 1));
    press(&mut app, &["esc"]);
    assert_eq!(screen(&render(&app)), before);
}

#[test]
fn regex_mode_and_inline_errors() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["/", "ctrl-r"]);
    type_text(&mut app, "7[0-9] (countries|länder)");
    let line = status(&app);
    assert!(line.starts_with("/(regex) 7[0-9]"), "{line}");
    assert!(line.contains("match 1/1"), "{line}");
    press(&mut app, &["ctrl-u"]);
    type_text(&mut app, "(unclosed");
    let line = status(&app);
    assert!(line.contains("invalid regex"), "{line}");
    assert!(line.contains("unclosed"), "{line}");
}

#[test]
fn smart_rules_apply_in_the_prompt() {
    let swedish =
        "Vietnam är ÖVERTYGAT om att undertecknandet.\n\nVi är övertygat.\n\nMinister Lương Tam Quang i Hà Nội.";
    let mut app = app_with(&[("sv.txt", swedish)], 100, 20);
    press(&mut app, &["/"]);
    type_text(&mut app, "övertygat");
    assert_eq!(app.search().map(|s| s.matches.len()), Some(2));
    press(&mut app, &["ctrl-u"]);
    type_text(&mut app, "luong tam");
    assert_eq!(app.search().map(|s| s.matches.len()), Some(1));
    press(&mut app, &["ctrl-u"]);
    type_text(&mut app, "ha noi");
    assert_eq!(highlighted(&render(&app), true), ["Hà Nội"]);
}

#[test]
fn a_match_across_a_wrapped_line_is_highlighted_on_both_lines_and_after_resize() {
    let text = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp";
    let mut app = app_with(&[("w.txt", text)], 40, 12);
    let width = app.screen().geometry().body.width;
    assert!(width < 40);
    press(&mut app, &["/"]);
    type_text(&mut app, "gggg hhhh iiii jjjj kkkk llll");
    let rows = highlighted(&render(&app), true);
    assert!(rows.len() >= 2, "{rows:?}");
    assert_eq!(rows.concat().replace(' ', ""), "gggghhhhiiiijjjjkkkkllll");
    press(&mut app, &["enter"]);
    app.update(folio::app::Msg::Resize(30, 12));
    let rows = highlighted(&render(&app), true);
    assert_eq!(rows.concat().replace(' ', ""), "gggghhhhiiiijjjjkkkkllll");
}

#[test]
fn history_recalls_earlier_queries() {
    let mut app = seeds_app(100, 30);
    for q in ["budapest", "cyber"] {
        press(&mut app, &["/"]);
        type_text(&mut app, q);
        press(&mut app, &["enter"]);
    }
    let texts: Vec<&str> = app.history().iter().map(|q| q.text.as_str()).collect();
    assert_eq!(texts, ["budapest", "cyber"]);
    press(&mut app, &["/", "up"]);
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("cyber"));
    press(&mut app, &["up"]);
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("budapest"));
    press(&mut app, &["down", "down"]);
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some(""));
}

#[test]
fn a_query_cannot_inject_escape_sequences() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["/"]);
    type_text(&mut app, "\u{1b}]0;x\u{7}");
    for cell in render(&app).content() {
        assert!(!cell.symbol().chars().any(char::is_control));
    }
    assert!(status(&app).starts_with("/^[]0;x^G"));
}

/// Defect: a search typed while a big document was still loading said "no
/// match" for a word in the part not yet loaded, and kept saying it.
#[test]
fn a_search_while_loading_covers_the_whole_document() {
    use folio::library::{Entry, LoadEvent, Origin};
    use std::sync::Arc;
    let path = std::path::PathBuf::from("big.txt");
    let whole: String =
        (0..400).map(|i| format!("Paragraph {i} of the book.\n\n")).collect::<String>() + "MARKER at the end.\n";
    let preview = whole[..2000].to_owned();
    let origin = Origin::File { path: path.clone(), root: std::path::PathBuf::new() };
    let mut entry = Entry::new(folio::document::parse_text("big.txt", preview), origin);
    entry.partial = true;
    let mut app = common::app_of(vec![entry], 100, 30);
    press(&mut app, &["l", "/"]);
    type_text(&mut app, "MARKER");
    press(&mut app, &["enter"]);
    assert!(!status(&app).contains("no match"), "{}", status(&app));
    assert!(status(&app).contains("searching while loading"), "{}", status(&app));
    press(&mut app, &["n"]);
    assert!(status(&app).contains("searching while loading"), "{}", status(&app));

    let doc = Arc::new(folio::document::parse_text("big.txt", whole));
    common::send(&mut app, folio::app::Msg::Loaded(LoadEvent::Completed { path, doc }));
    let text = screen(&render(&app));
    assert!(text.contains("MARKER at the end."), "the view went to the match:\n{text}");
    assert!(text.lines().last().unwrap_or_default().contains("match 1/1"), "{text}");
}

/// Defect: Up recalled a regex query as a literal one.
#[test]
fn history_keeps_the_mode_of_each_query() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["/", "ctrl-r"]);
    type_text(&mut app, "bud.pest");
    press(&mut app, &["enter", "/"]);
    type_text(&mut app, "cyber");
    press(&mut app, &["enter", "/", "up", "up"]);
    let prompt = app.prompt().map(|p| (p.input.as_str(), p.regex));
    assert_eq!(prompt, Some(("bud.pest", true)));
    assert!(status(&app).starts_with("/(regex) bud.pest"), "{}", status(&app));
    assert!(status(&app).contains("match 1/1"), "the regex is searched as a regex: {}", status(&app));
    press(&mut app, &["down"]);
    assert_eq!(app.prompt().map(|p| (p.input.as_str(), p.regex)), Some(("cyber", false)));
}

/// Defect: Ctrl-O skipped search and bookmark jumps.
#[test]
fn ctrl_o_returns_from_a_search_and_forward_goes_again() {
    let mut app = seeds_app(100, 30);
    let top = |app: &folio::app::App| app.reader().map(|r| r.top);
    let start = top(&app);
    press(&mut app, &["/"]);
    type_text(&mut app, "budapest");
    press(&mut app, &["enter"]);
    let found = top(&app);
    assert_ne!(found, start, "the match is further down");
    press(&mut app, &["ctrl-o"]);
    assert_eq!(top(&app), start, "Ctrl-O goes back to where the search began");
    press(&mut app, &["alt-right"]);
    assert_eq!(top(&app), found, "forward goes to the match again");
}

fn big_file_entry(dir: &std::path::Path) -> (std::path::PathBuf, String, folio::library::Entry) {
    use folio::library::{Entry, Origin};
    let path = dir.join("big.txt");
    // About 2.6 MB of numbered paragraphs (more than the end read alone),
    // with accented letters so a cut can fall inside a character.
    let whole: String = (0..60_000).map(|i| format!("Paragraph {i}: café, naïve, Lương.\n\n")).collect::<String>()
        + "THE LAST LINE of the book.\n";
    std::fs::write(&path, &whole).unwrap_or_else(|e| panic!("{e}"));
    let origin = Origin::File { path: path.clone(), root: dir.to_path_buf() };
    let mut entry = Entry::new(folio::document::parse_text("big.txt", whole[..4000].to_owned()), origin);
    entry.partial = true;
    (path, whole, entry)
}

/// `G` on a large file still loading shows its end at once, read alone (as
/// `less` does), placed by its bytes; when the whole file arrives the view
/// stays on the passage the reader went back to, and `g` goes to the start.
#[test]
fn g_shows_the_end_of_a_file_still_loading() {
    use folio::library::LoadEvent;
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let paths = folio::paths::Paths::under(&dir.path().join("config"));
    let (path, whole, entry) = big_file_entry(dir.path());
    let mut app = common::app_of(vec![entry], 100, 30);
    press_in(&mut app, &paths, &["l", "G"]);
    let text = screen(&render(&app));
    assert!(text.contains("THE LAST LINE of the book."), "{text}");
    assert!(status(&app).contains("loading… 100%"), "{}", status(&app));
    assert!(app.reader().is_some_and(|r| matches!(r.loading, folio::app::Loading::Tail { .. })));

    // Back a few pages: still in the end part, placed by bytes (99%).
    press_in(&mut app, &paths, &["b", "b", "b"]);
    // The text of the passage at the top of the view.
    let top_line = |app: &folio::app::App| {
        app.reader()
            .map(|r| {
                let at = r.layout.offset_of(&r.doc, r.top);
                r.doc.text[at..].lines().next().unwrap_or_default().to_owned()
            })
            .unwrap_or_default()
    };
    let before = top_line(&app);
    assert!(before.starts_with("Paragraph 59"), "{before}");
    assert!(status(&app).contains("loading… 99%"), "{}", status(&app));

    let doc = Arc::new(folio::document::parse_text("big.txt", whole));
    common::send_in(&mut app, &paths, folio::app::Msg::Loaded(LoadEvent::Completed { path, doc }));
    assert_eq!(top_line(&app), before, "the view stayed on the same passage");
    assert!(app.reader().is_some_and(|r| !matches!(r.loading, folio::app::Loading::Tail { .. })));
    assert!(status(&app).ends_with("99%  ? help"), "{}", status(&app));
    assert!(!status(&app).contains("loading"), "{}", status(&app));
}

#[test]
fn g_from_the_end_of_a_loading_file_goes_to_its_start() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let paths = folio::paths::Paths::under(&dir.path().join("config"));
    let (_, _, entry) = big_file_entry(dir.path());
    let mut app = common::app_of(vec![entry], 100, 30);
    press_in(&mut app, &paths, &["l", "G", "g"]);
    let text = screen(&render(&app));
    assert!(text.contains("Paragraph 0: café"), "{text}");
    assert!(app.reader().is_some_and(|r| !matches!(r.loading, folio::app::Loading::Tail { .. })));
}

/// A search that goes into a folded block (Project Gutenberg's licence)
/// opens it, as vim opens a fold: the match is on screen, not hidden behind
/// the one-line summary; the fold stays open through a resize.
#[test]
fn a_search_into_a_folded_block_opens_it() {
    let entry = folio::library::Entry::new(common::moby_dick(), folio::library::Origin::Seed("moby"));
    let mut app = common::app_of(vec![entry], 100, 30);
    press(&mut app, &["l", "G"]);
    assert!(screen(&render(&app)).contains("licence and footer"), "folded at first");
    press(&mut app, &["/"]);
    type_text(&mut app, "donations");
    press(&mut app, &["enter"]);
    let text = screen(&render(&app));
    assert!(text.contains("donations"), "the match shows:\n{text}");
    assert!(!text.contains("licence and footer:"), "the fold is open:\n{text}");
    assert_eq!(highlighted(&render(&app), true), ["donations"], "the match is highlighted");
    common::send(&mut app, folio::app::Msg::Resize(60, 20));
    let text = screen(&render(&app));
    assert!(text.contains("donations") && !text.contains("licence and footer:"), "{text}");
}

/// Issue 18: in built-in article 1, `/Budapest` Enter then Ctrl-O said "no
/// earlier position to go back to": the jump was recorded from the match
/// (where typing had moved the view) to itself. The place `/` was pressed
/// is where Ctrl-O goes back to.
#[test]
fn ctrl_o_goes_back_to_where_the_search_started() {
    let mut app = common::seeds_app(100, 30);
    let top = |app: &folio::app::App| app.reader().map(|r| r.top);
    let start = top(&app);
    common::press(&mut app, &["/"]);
    common::type_text(&mut app, "Budapest");
    common::press(&mut app, &["enter"]);
    assert_ne!(top(&app), start, "the search moved the view");
    common::press(&mut app, &["ctrl-o"]);
    assert_eq!(top(&app), start, "{:?}", app.status());
    common::press(&mut app, &["alt-right"]);
    assert_ne!(top(&app), start);
}

/// Issue 18: a match inside the article's hidden `Source:` line was
/// counted ("match 20/20" after `N`, nothing highlighted). Only what a
/// block shows is counted.
#[test]
fn matches_in_text_not_shown_are_not_counted() {
    let mut app = common::seeds_app(100, 30);
    common::press(&mut app, &["/"]);
    common::type_text(&mut app, "vietnam");
    common::press(&mut app, &["enter", "N"]);
    let reader = app.reader().expect("a document");
    let search = app.search().expect("a search");
    let current = search.current.and_then(|i| search.matches.get(i)).cloned().expect("a current match");
    let source = reader.doc.text.find("Source:").expect("the seed has a source line");
    assert!(search.matches.iter().all(|m| m.end <= source), "{:?}", search.matches.last());
    assert!(current.end <= source);
    let text = common::screen(&common::render(&app));
    let status = text.lines().last().unwrap_or_default();
    let n = search.matches.len();
    assert!(status.contains(&format!("match {n}/{n}")), "{status}");
}
