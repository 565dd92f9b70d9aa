//! Issue 12, links: numbered on screen, followed inside the library (a
//! relative path, an anchor), shown and opened only on request outside,
//! never opened when they are not web addresses; `y` copies.

use crate::common;

use common::pty::Session;
use common::{press, render, screen};
use folio::app::{Effect, Msg, Startup};
use folio::keymap::Key;

fn notes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\nSee [the other note](b.md#details), [the web](https://example.org/page) and [a trap](javascript:alert(1)).\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("b.md"), "# Beta\n\nIntro.\n\n## Details\n\nThe details are here.\n")
        .expect("write");
    dir
}

fn library_of(dir: &std::path::Path) -> folio::app::App {
    let loaded = folio::library::load_paths(&[dir.to_path_buf()]);
    common::start(Startup { entries: loaded.entries, size: (100, 30), ..Startup::default() })
}

#[test]
fn a_relative_link_opens_the_other_document_at_its_heading() {
    let dir = notes();
    let mut app = library_of(dir.path());
    press(&mut app, &["o"]);
    let hints = app.hints();
    let targets: Vec<&str> = hints.iter().map(|h| h.target.as_str()).collect();
    // The three in the text, then the same three in the references list.
    assert_eq!(targets[..3], ["b.md#details", "https://example.org/page", "javascript:alert(1)"]);
    assert_eq!(targets[3..], targets[..3]);
    let text = screen(&render(&app));
    assert!(text.lines().last().unwrap_or_default().contains("follow link number"), "{text}");
    // Issue 18: the numbers go before the links, hiding none of their text.
    assert!(text.contains("See 1the other note[1], 2the web[2] and 3a trap[3]."), "{text}");
    press(&mut app, &["1"]);
    let text = screen(&render(&app));
    assert!(text.contains("The details are here."), "{text}");
    assert!(app.reader().is_some_and(|r| r.doc.title == "Beta"));
    press(&mut app, &["ctrl-o"]);
    assert!(app.reader().is_some_and(|r| r.doc.title == "Alpha"), "Ctrl-O comes back");
}

#[test]
fn an_address_outside_is_shown_and_opened_or_copied_only_when_asked() {
    let dir = notes();
    let mut app = library_of(dir.path());
    press(&mut app, &["o"]);
    let effects = app.update(Msg::Key(Key::plain('2')));
    assert!(effects.is_empty(), "nothing is opened by choosing: {effects:?}");
    let text = screen(&render(&app));
    assert!(text.lines().last().unwrap_or_default().contains("https://example.org/page"), "shown in full: {text}");
    let effects = app.update(Msg::Key(Key::parse("enter").expect("key")));
    assert!(matches!(effects.as_slice(), [Effect::OpenUrl(u)] if u == "https://example.org/page"), "{effects:?}");

    press(&mut app, &["o"]);
    let _ = app.update(Msg::Key(Key::plain('2')));
    let effects = app.update(Msg::Key(Key::plain('y')));
    assert!(matches!(effects.as_slice(), [Effect::Copy(u)] if u == "https://example.org/page"), "{effects:?}");

    press(&mut app, &["o"]);
    let _ = app.update(Msg::Key(Key::plain('3')));
    let effects = app.update(Msg::Key(Key::parse("enter").expect("key")));
    assert!(effects.is_empty(), "a javascript: link is never opened: {effects:?}");
    assert!(app.status().unwrap_or_default().contains("not opened"), "{:?}", app.status());
}

#[test]
fn y_copies_the_match_unless_the_clipboard_is_off() {
    let mut app = common::seeds_app(100, 30);
    press(&mut app, &["/"]);
    common::type_text(&mut app, "budapest convention");
    press(&mut app, &["enter"]);
    let effects = app.update(Msg::Key(Key::plain('y')));
    assert!(matches!(effects.as_slice(), [Effect::Copy(t)] if t == "Budapest Convention"), "{effects:?}");
    let (config, _) = folio::config::parse("clipboard = false\n");
    let mut off =
        common::start(Startup { entries: folio::library::seeds(), config, size: (100, 30), ..Startup::default() });
    let effects = off.update(Msg::Key(Key::plain('y')));
    assert!(effects.is_empty() && off.status().unwrap_or_default().contains("copying is off"), "{effects:?}");
}

/// The real binary: following a relative link between two Markdown files.
#[test]
fn following_a_link_in_a_terminal() {
    let dir = notes();
    let home = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.md").to_string_lossy().into_owned();
    let b = dir.path().join("b.md").to_string_lossy().into_owned();
    let mut s = Session::start(&[&a, &b], 100, 30, home.path());
    s.wait_for("See the other note");
    s.keys(&["o"]);
    s.wait_for("follow link number");
    s.keys(&["1"]);
    s.wait_for("The details are here.");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

/// Issue 19, item 3: `y` put a document's raw controls in the OSC 52
/// payload; pasted in tmux with bash, `ESC[201~` ended the bracketed paste
/// early and `^U touch /tmp/x ^O` ran. A copy holds no control but tab
/// and line feed, no DEL, C1 or bidi control: the screen's stand-ins.
#[test]
fn a_copy_holds_no_control_character() {
    let hostile = "Paste \u{1b}[201~\u{15} touch /tmp/x \u{f}\u{15} here, \u{7f}\u{9b}2J and \u{202e}evil\u{202c}.\n";
    let mut app = common::app_with(&[("paste.txt", hostile)], 100, 30);
    let effects = app.update(Msg::Key(Key::plain('y')));
    let [Effect::Copy(copied)] = effects.as_slice() else { panic!("{effects:?}") };
    assert!(!copied.chars().any(|c| c.is_control() && c != '\t' && c != '\n'), "{copied:?}");
    assert!(!copied.contains(['\u{202e}', '\u{202c}']), "{copied:?}");
    assert_eq!(copied, "Paste ^[[201~^U touch /tmp/x ^O^U here, ^?<U+009B>2J and <U+202E>evil<U+202C>.");
    // Links and matches go the same way.
    assert_eq!(folio::sanitize::clipboard("a\tb\r\nc\rd\u{2028}"), "a\tb\nc^Md<U+2028>");
}

/// The real binary: what `y` writes to the terminal is an OSC 52 sequence
/// whose payload decodes to the clean text.
#[test]
fn y_writes_clean_text_in_osc_52() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("paste.txt");
    std::fs::write(&path, "Paste \u{1b}[201~\u{15} touch /tmp/x here.\n").expect("write");
    let mut s = Session::start(&[&path.to_string_lossy()], 100, 30, home.path());
    s.wait_for("touch /tmp/x");
    s.keys(&["y"]);
    s.wait_for("copied the passage");
    let raw = s.raw();
    let start = raw.windows(7).position(|w| w == b"\x1b]52;c;").expect("an OSC 52 sequence") + 7;
    let end = start + raw[start..].iter().position(|&b| b == 0x07).expect("its end");
    let payload = decode_base64(&raw[start..end]);
    assert_eq!(String::from_utf8_lossy(&payload), "Paste ^[[201~^U touch /tmp/x here.");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

pub(crate) fn decode_base64(text: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let values: Vec<u32> = text
        .iter()
        .filter(|&&b| b != b'=')
        .filter_map(|b| ALPHABET.iter().position(|a| a == b).and_then(|p| u32::try_from(p).ok()))
        .collect();
    let mut out = Vec::new();
    for chunk in values.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push(((n >> (16 - 8 * i)) & 0xff) as u8);
        }
    }
    out
}

/// Issue 19, item 11: the links list showed a link's bidi controls, but
/// the confirmation prompt read `https://bank.examplemoc.live/login`: the
/// prompt's label was drawn unsanitized and the terminal library dropped
/// the controls. Every string drawn is sanitized, prompts included.
#[test]
fn the_link_prompt_shows_what_it_would_open() {
    let note = "See [the link](<https://bank.example\u{202e}moc.live\u{202c}/login>) and [this](<https://x.example/\u{1b}[201~>).\n";
    let mut app = common::app_with(&[("note.md", note)], 100, 30);
    press(&mut app, &["o", "1"]);
    let text = screen(&render(&app));
    let prompt = text.lines().last().unwrap_or_default();
    assert!(prompt.contains("https://bank.example<U+202E>moc.live<U+202C>/login"), "{prompt}");
    press(&mut app, &["esc", "o", "2"]);
    let prompt = screen(&render(&app)).lines().last().unwrap_or_default().to_owned();
    assert!(prompt.contains("https://x.example/^[[201~"), "{prompt}");
}

/// Issue 20: a note reference followed shows the note over the text, the
/// view where it was; Enter goes to the note (Ctrl-O comes back), Esc
/// closes. Web pages' and books' note references are superscript
/// numbers, not digits glued to the word.
#[test]
fn a_note_reference_opens_the_note_in_a_popup() {
    let mut text = String::from("# Whales\n\nThe whale is the largest animal.[^big] It sings.[^song]\n\n");
    for i in 0..60 {
        text.push_str(&format!("Paragraph {i} about whales and the sea, to fill a few screens.\n\n"));
    }
    text.push_str("[^big]: The blue whale reaches thirty metres.\n[^song]: Humpbacks sing for hours.\n");
    let mut app = common::app_with(&[("whales.md", &text)], 100, 30);
    press(&mut app, &["o", "1"]);
    let shown = screen(&render(&app));
    assert!(shown.contains("Note ¹") && shown.contains("The blue whale reaches thirty metres."), "{shown}");
    assert!(!shown.contains("Humpbacks"), "one note: {shown}");
    assert!(shown.contains("The whale is the largest animal."), "the text stays in view: {shown}");
    press(&mut app, &["esc"]);
    assert!(!screen(&render(&app)).contains("Note ¹"));
    assert_eq!(app.reader().map(|r| r.top.line), Some(0), "the view did not move");
    press(&mut app, &["o", "2", "enter"]);
    let shown = screen(&render(&app));
    assert!(shown.contains("² Humpbacks sing") && !shown.contains("Note ²"), "Enter went to it: {shown}");
    assert!(!shown.contains("The whale is the largest animal."), "{shown}");
    press(&mut app, &["ctrl-o"]);
    assert!(screen(&render(&app)).contains("The whale is the largest animal."), "Ctrl-O came back");

    let page = "<html><body><p>In that year<a epub:type='noteref' href='#n2'>2</a> there were \
                whales<sup><a href='#n3'>[3]</a></sup>.</p><aside id='n2'><p>Counted by the harbour.</p></aside>\
                <ol><li id='n3'>A guess.</li></ol></body></html>";
    let doc = folio::document::parse("book.xhtml", page.as_bytes().to_vec()).expect("page");
    assert!(doc.text.contains("In that year² there were whales³."), "{:?}", doc.text);
    assert!(doc.links.iter().all(|l| l.note), "{:?}", doc.links);

    // A book's footnote, folded out of the flow: the popup shows it, and
    // not the text after it.
    let chapter = "<html xmlns:epub='http://www.idpf.org/2007/ops'><body>\
                   <p>In that year<a epub:type='noteref' href='#n1'>1</a> there were whales.</p>\
                   <aside epub:type='footnote' id='n1'><p>Counted by the harbour.</p><p>Twice.</p></aside>\
                   <p>The story goes on here.</p></body></html>";
    let book = common::epub_book_replacing(&[("OEBPS/text/c1.xhtml", chapter.as_bytes().to_vec())], &[]);
    let doc = folio::document::parse("whale.epub", book).expect("a book");
    let entry = folio::library::Entry::new(doc, folio::library::Origin::Seed("whale"));
    let mut app = common::app_of(vec![entry], 100, 30);
    let shown = screen(&render(&app));
    assert!(shown.contains("▸ Note: Counted by the harbour."), "{shown}");
    press(&mut app, &["o", "1"]);
    let shown = screen(&render(&app));
    let popup: Vec<&str> = shown.lines().skip_while(|l| !l.contains("Note ¹")).collect();
    assert!(popup.iter().any(|l| l.contains("Twice.")), "{shown}");
    assert!(!popup.iter().any(|l| l.contains("The story goes on")), "only the note: {shown}");
}
