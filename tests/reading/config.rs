//! Configuration through the app: remapped keys, counts, jumps, width,
//! themes, the `:` prompt.

use crate::common;

use common::{press, render, screen, seeds_app, type_text};
use folio::config::{self, ColorSupport};
use ratatui::style::{Color, Modifier};

fn configured(text: &str) -> folio::app::App {
    configured_at(text, 100)
}

fn configured_at(text: &str, width: u16) -> folio::app::App {
    let (config, problems) = config::parse(text);
    common::start(folio::app::Startup {
        entries: folio::library::seeds(),
        config,
        problems,
        config_file: "config.toml".into(),
        size: (width, 30),
        ..folio::app::Startup::default()
    })
}

/// The configuration read again (Ctrl-R), as the runner reports it.
fn reload(app: &mut folio::app::App, config: &config::Config, colors: ColorSupport) {
    let result = Ok((config.clone(), Vec::new()));
    common::send(app, folio::app::Msg::ConfigRead { file: "c".into(), result, colors });
}

fn top(app: &folio::app::App) -> folio::layout::Pos {
    app.reader().map(|r| r.top).unwrap_or_default()
}

#[test]
fn remapped_keys_change_behaviour_and_the_help() {
    let mut app = configured("[keys]\ndown = [\"x\", \"down\"]\nquit = \"none\"\n");
    press(&mut app, &["j"]);
    assert_eq!(top(&app).line, 0, "j no longer scrolls");
    press(&mut app, &["x", "x"]);
    assert_eq!(top(&app).line, 2);
    press(&mut app, &["q"]);
    assert!(!app.quitting(), "quit was unbound");
    press(&mut app, &["?"]);
    let help = screen(&render(&app));
    let down_row = help.lines().find(|l| l.contains("next line, or next document")).unwrap_or_default();
    assert!(down_row.contains("x, Down") && !down_row.contains('j'), "{down_row}");
    let rows = app.keymap().help_rows();
    assert!(rows.iter().any(|(_, keys, help)| *help == "quit" && keys == "(unbound)"), "{rows:?}");
}

#[test]
fn a_bad_file_starts_with_defaults_and_says_where() {
    let app = configured("width = 5\ntheme = 3\n");
    let status = screen(&render(&app)).lines().last().unwrap_or_default().to_owned();
    assert!(status.contains("config.toml:1:9: width must be between 20 and 1000"), "{status}");
    assert!(status.contains("and 1 more"), "{status}");
    assert_eq!(app.screen().reading_width, folio::app::READING_WIDTH);
}

#[test]
fn counts_percentages_and_jumping_back() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &["5", "j"]);
    assert_eq!(top(&app).line, 5);
    press(&mut app, &["g", "5", "0", "%"]);
    let percent = screen(&render(&app)).lines().last().unwrap_or_default().to_owned();
    assert!(percent.contains("49%") || percent.contains("50%") || percent.contains("51%"), "{percent}");
    let middle = top(&app);
    press(&mut app, &["G"]);
    press(&mut app, &["ctrl-o"]);
    assert_eq!(top(&app), middle, "Ctrl-O returns to before G");
    press(&mut app, &["p"]);
    assert_eq!(top(&app), folio::layout::Pos::default(), "p alone goes to the start, as in less");
    // Issue 18: and says so, not silently.
    assert!(app.status().unwrap_or_default().contains("type the number first"), "{:?}", app.status());
}

#[test]
fn plus_and_minus_change_the_width_live_and_justify_fills_lines() {
    let mut app = configured_at("width = 60\njustify = true\n", 140);
    assert_eq!(app.screen().geometry().body.width, 60);
    press(&mut app, &["+"]);
    assert_eq!(app.screen().geometry().body.width, 64);
    press(&mut app, &["-", "-"]);
    assert_eq!(app.screen().geometry().body.width, 56);
    let text = screen(&render(&app));
    // Every full line of the first paragraph ends at the column's edge
    // (the lead is the headline, which is not justified).
    let x = usize::from(app.screen().geometry().body.x);
    let first = text.lines().position(|l| l.contains("selection as host")).unwrap_or_else(|| panic!("{text}"));
    let lines: Vec<&str> = text.lines().skip(first).take(3).collect();
    for line in &lines[..2] {
        assert_eq!(unicode_width::UnicodeWidthStr::width(line.trim_end()), x + 56, "{line:?}");
    }
}

#[test]
fn command_prompt_sets_width_and_reports_unknown_commands() {
    let mut app = seeds_app(100, 30);
    press(&mut app, &[":"]);
    type_text(&mut app, "width 50");
    press(&mut app, &["enter"]);
    assert_eq!(app.screen().reading_width, 50);
    press(&mut app, &[":"]);
    type_text(&mut app, "frobnicate");
    press(&mut app, &["enter"]);
    assert!(app.status().unwrap_or_default().contains("unknown command :frobnicate"));
    press(&mut app, &[":"]);
    type_text(&mut app, "q");
    press(&mut app, &["enter"]);
    assert!(app.quitting());
}

#[test]
fn themes_and_no_color() {
    for (name, text) in
        [("dark", "theme = \"dark\""), ("light", "theme = \"light\""), ("high-contrast", "theme = \"high-contrast\"")]
    {
        let app = configured(text);
        let buffer = render(&app);
        assert!(buffer.content().iter().any(|c| c.fg != Color::Reset), "{name} has colour");
    }
    let mut app = seeds_app(100, 30);
    let (config, _) = config::parse("theme = \"light\"\n[colors]\naccent = \"#ff0000\"\n");
    reload(&mut app, &config, ColorSupport::None);
    press(&mut app, &["/"]);
    type_text(&mut app, "convention");
    let buffer = render(&app);
    assert!(
        buffer.content().iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR: no colour at all"
    );
    assert!(buffer.content().iter().any(|c| c.modifier.contains(Modifier::REVERSED)), "reverse video still marks");
    let mut basic = seeds_app(100, 30);
    reload(&mut basic, &config, ColorSupport::Basic);
    assert!(render(&basic).content().iter().all(|c| !matches!(c.fg, Color::Rgb(..) | Color::Indexed(_))));
}

/// Defect: `50%` showed 49% and `99%` showed 98%: the jump and the status
/// used different definitions.
#[test]
fn percent_jumps_show_the_percentage_typed() {
    let entry = folio::library::Entry::new(common::moby_dick(), folio::library::Origin::Seed("moby"));
    let mut app = common::app_of(vec![entry], 100, 30);
    for n in ["1", "10", "25", "50", "73", "99"] {
        let keys: Vec<String> = n.chars().map(String::from).chain(["%".to_owned()]).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        press(&mut app, &keys);
        let status = screen(&render(&app)).lines().last().unwrap_or_default().to_owned();
        assert!(status.contains(&format!(" {n}%")), "{n}%: {status}");
    }
}

/// Issue 14, defect 15: `quit = "f99"` removed every binding of quit,
/// although the message said defaults were used; Ctrl-C must always quit.
#[test]
fn a_bad_key_name_keeps_the_defaults_and_ctrl_c_always_quits() {
    let mut app = configured_at("[keys]\nquit = \"f99\"\ndown = [\"x\", \"hyper-j\"]\n", 100);
    assert!(app.status().unwrap_or_default().contains("defaults used"), "{:?}", app.status());
    press(&mut app, &["x"]);
    assert_eq!(top(&app).line, 0, "the bad entry for down was left out whole");
    press(&mut app, &["j"]);
    assert_eq!(top(&app).line, 1, "down keeps its default keys");
    press(&mut app, &["q"]);
    assert!(app.quitting(), "q still quits");

    // Even with quit remapped away from Ctrl-C, Ctrl-C quits, and in a
    // prompt it cancels.
    let mut app = configured_at("[keys]\nquit = \"Q\"\n", 100);
    press(&mut app, &["/"]);
    type_text(&mut app, "whale");
    press(&mut app, &["ctrl-c"]);
    assert!(app.prompt().is_none() && !app.quitting(), "Ctrl-C cancels the prompt");
    press(&mut app, &["ctrl-c"]);
    assert!(app.quitting());
}

/// Issue 11: every key hint on screen is looked up in the keys in force,
/// so a remap changes it (the bookmarks pane and the results pane).
#[test]
fn remapped_keys_show_in_the_pane_hints() {
    let mut app = configured(
        "[keys.bookmarks]\nopen = \"o\"\ncancel = \"x\"\n[keys.results]\nopen = \"O\"\ncancel = \"X\"\n[keys]\nbookmark_add = \"M\"\n",
    );
    press(&mut app, &["'"]);
    let pane = screen(&render(&app));
    assert!(pane.contains("o open") && pane.contains("x close"), "{pane}");
    assert!(!pane.contains("Enter open") && !pane.contains("Esc close"), "{pane}");
    assert!(pane.contains("press M while reading"), "{pane}");
    press(&mut app, &["x", "S"]);
    common::type_text(&mut app, "hanoi");
    let results = screen(&render(&app));
    assert!(results.contains("O open (n goes on)") && results.contains("X close"), "{results}");
    assert!(!results.contains("Enter open"), "{results}");
}

/// Issue 11: time reaches the app as a message, so a test owns the clock:
/// a passage opened from the bookmarks pane is highlighted until the clock
/// says its moment is over.
#[test]
fn the_bookmark_flash_ends_by_the_clock_it_is_given() {
    use folio::app::Msg;
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = folio::paths::Paths::under(dir.path());
    let t0 = std::time::Instant::now();
    let mut app = common::start(folio::app::Startup {
        entries: folio::library::seeds(),
        size: (100, 30),
        clock: t0,
        ..folio::app::Startup::default()
    });
    common::press_in(&mut app, &paths, &["d", "m"]);
    common::type_in(&mut app, &paths, "later");
    common::press_in(&mut app, &paths, &["enter", "g", "'", "enter"]);
    let entry = app.reader().map(|r| r.entry).expect("open");
    assert!(app.flash_in(entry).is_some(), "highlighted when opened");
    assert_eq!(app.next_tick(), Some(t0 + folio::app::FLASH), "the runner is told when to wake");
    common::send(&mut app, Msg::Tick(t0 + folio::app::FLASH / 2));
    assert!(app.flash_in(entry).is_some(), "still, half-way");
    common::send(&mut app, Msg::Tick(t0 + folio::app::FLASH));
    assert!(app.flash_in(entry).is_none(), "over when its time is up");
    assert_eq!(app.next_tick(), None);
}

/// Inline code is told from text by colour; without colour its backticks
/// stay on screen, as the author wrote them. Code that is a link's text
/// too hides both (its closing backtick once showed).
#[test]
fn inline_code_keeps_its_backticks_without_colour() {
    let text = "# Code\n\nCall `frobnicate()` before the rest, see [`cap-std`](https://crates.io/crates/cap-std).\n";
    let mut app = common::app_with(&[("code.md", text)], 100, 30);
    let coloured = screen(&render(&app));
    assert!(coloured.contains("Call frobnicate() before the rest, see cap-std[1]."), "{coloured}");
    let (config, _) = config::parse("");
    reload(&mut app, &config, ColorSupport::None);
    let plain = screen(&render(&app));
    assert!(plain.contains("Call `frobnicate()` before the rest, see `cap-std`[1]."), "{plain}");
}

/// Issue 18: fenced code is coloured by the language its info string
/// names, in the theme's colours; without colour, not at all.
#[test]
fn fenced_code_is_highlighted_in_the_themes_colours() {
    let text = "# Code\n\n```rust\nfn main() {\n    let greeting = \"hello\"; // says hello\n}\n```\n\n```\nfn plain() {}\n```\n";
    let mut app = common::app_with(&[("code.md", text)], 100, 30);
    let buffer = render(&app);
    let screen_text = screen(&buffer);
    let fg_of = |needle: &str, nth: usize| {
        let (row, line) = screen_text.lines().enumerate().filter(|(_, l)| l.contains(needle)).nth(nth).expect(needle);
        let x = line[..line.find(needle).unwrap_or(0)].chars().count();
        buffer[(u16::try_from(x).unwrap_or(0), u16::try_from(row).unwrap_or(0))].fg
    };
    let (keyword, string, comment) = (fg_of("fn main", 0), fg_of("\"hello\"", 0), fg_of("// says", 0));
    assert!(keyword != string && string != comment && keyword != comment, "{keyword:?} {string:?} {comment:?}");
    let code = fg_of("main", 0);
    assert_ne!(code, keyword, "the function name is not the keyword's colour");
    // A block that names no language is code, uncoloured by tokens.
    let plain = fg_of("fn plain", 0);
    assert_eq!(plain, fg_of("plain()", 0), "one colour for the whole line");
    let (config, _) = config::parse("");
    reload(&mut app, &config, ColorSupport::None);
    assert!(render(&app).content().iter().all(|c| c.fg == Color::Reset), "NO_COLOR: no colour in code");
}
