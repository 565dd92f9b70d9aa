//! End-to-end: the real binary in a pseudo-terminal.

use crate::common;

use common::pty::{Session, contains};

const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

#[test]
fn open_scroll_help_and_quit() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 100, 30, home.path());
    let first = s.wait_for("Library (5");
    assert!(first.contains("Two days after Vietnam hosted"));
    assert!(first.contains(" 0%"));
    s.keys(&["j", "j", "j"]);
    let scrolled =
        s.wait_until(|screen| !screen.contains("United Nations Convention against Cybercrime (Hanoi\n"), "scroll");
    assert!(scrolled.contains("Kumar Singh"));
    s.keys(&["G"]);
    s.wait_for("100%");
    s.keys(&["?"]);
    s.wait_for("keys in force");
    s.keys(&["\x1b"]);
    s.wait_until(|screen| !screen.contains("keys in force"), "help to close");
    s.keys(&["\t", "j", "j", "\r"]);
    s.wait_for("dantri.com.vn · Swedish");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
    let raw = s.raw();
    assert!(contains(&raw, LEAVE_ALTERNATE_SCREEN), "the alternate screen is left");
    assert!(contains(&raw, SHOW_CURSOR), "the cursor is shown again");
}

#[test]
fn hostile_document_cannot_drive_the_terminal() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = home.path().join("hostile.txt");
    let hostile = concat!(
        "A hostile document\n",
        "title \x1b]0;pwned-title\x07 clipboard \x1b]52;c;ZXZpbA==\x07 ",
        "link \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ clear \x1b[2J\x1b[H ",
        "csi8 \u{9b}31mred dcs \x1bPq#0;2;0;0;0\x1b\\ bell \x07 bidi \u{202e}txt.exe\n",
    );
    std::fs::write(&file, hostile).expect("writing the document");
    let path = file.to_string_lossy().into_owned();
    let mut s = Session::start(&[&path], 100, 30, home.path());
    let screen = s.wait_for("A hostile document");
    assert!(screen.contains("^[]0;pwned-title^G"), "{screen}");
    assert!(screen.contains("<U+009B>31mred"));
    assert!(screen.contains("<U+202E>txt.exe"));
    s.keys(&["q"]);
    s.wait_exit();
    let raw = s.raw();
    for needle in [
        &b"\x1b]0;pwned"[..],
        b"\x1b]52;",
        b"\x1b]8;;http://evil",
        b"\xc2\x9b31m",
        b"\x1bPq",
        b"\x07 bidi",
        b"\xe2\x80\xae",
    ] {
        assert!(!contains(&raw, needle), "{:?} reached the terminal", String::from_utf8_lossy(needle));
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for("Library (5");
    let status =
        std::process::Command::new("kill").args(["-TERM", &s.pid().to_string()]).status().expect("running kill");
    assert!(status.success());
    assert_eq!(s.wait_exit(), 128 + 15);
    let raw = s.raw();
    assert!(contains(&raw, LEAVE_ALTERNATE_SCREEN));
    assert!(contains(&raw, SHOW_CURSOR));
}

#[test]
fn piped_stdin_with_keys_from_the_terminal() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start_command(
        "sh",
        &["-c", "printf 'Piped title line\\n\\nSecond paragraph.\\n' | \"$FOLIO_BIN\""],
        80,
        24,
        home.path(),
    );
    let screen = s.wait_for("Piped title line");
    // One document alone is read at the whole width (issue 18); the list
    // (z) names it.
    assert!(!screen.contains("Library (1)"), "{screen}");
    s.keys(&["z"]);
    let screen = s.wait_for("Library (1)");
    assert!(screen.contains("(standard input)"), "{screen}");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn search_counts_and_wraps_and_remembers_history() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 100, 30, home.path());
    s.wait_for("Library (5");
    s.keys(&["/", "h", "a", "n", "o", "i", " ", "c", "o", "n", "v"]);
    let screen = s.wait_for("match 1/");
    assert!(screen.contains("/hanoi conv"), "{screen}");
    let total: usize = screen
        .split("match 1/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    s.keys(&["\r"]);
    for _ in 1..total {
        s.keys(&["n"]);
    }
    s.wait_for(&format!("match {total}/{total}"));
    s.keys(&["n"]);
    s.wait_for("search hit BOTTOM, continuing at TOP");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
    // The query was kept for the next run.
    let history = std::fs::read_to_string(home.path().join("folio-config/state/search-history")).expect("history file");
    assert_eq!(history, "hanoi conv\n");
    let mut s = Session::start(&[], 100, 30, home.path());
    s.wait_for("Library (5");
    s.keys(&["/", "\x1b[A"]);
    s.wait_for("/hanoi conv");
    s.keys(&["\x1b"]);
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn remapped_key_and_live_reload_in_a_terminal() {
    let home = tempfile::tempdir().expect("temp dir");
    let config_dir = home.path().join("folio-config");
    std::fs::create_dir_all(&config_dir).expect("dir");
    std::fs::write(config_dir.join("config.toml"), "[keys]\ndown = \"x\"\n").expect("write");
    let mut s = Session::start(&[], 100, 30, home.path());
    let first = s.wait_for("Library (5");
    s.keys(&["j"]);
    s.wait_for("j is not bound");
    s.keys(&["x", "x", "x"]);
    let moved = s.wait_until(|screen| screen != first && !screen.contains("not bound"), "x to scroll");
    assert!(moved.contains("Kumar Singh, lecturer"), "{moved}");
    // Change the file and reload with Ctrl-R: j scrolls again, width 60.
    std::fs::write(config_dir.join("config.toml"), "width = 60\n").expect("write");
    s.keys(&["\x12"]);
    s.wait_for("configuration reloaded");
    s.keys(&["?"]);
    let help = s.wait_for("keys in force");
    assert!(help.contains("j, Down, Ctrl-e"), "{help}");
    // Esc, then q once the help is closed (together they read as Alt-q).
    s.keys(&["\x1b"]);
    s.wait_until(|screen| !screen.contains("keys in force"), "the help closed");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn no_color_means_no_colour_codes() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start_command("sh", &["-c", "NO_COLOR=1 exec \"$FOLIO_BIN\""], 100, 30, home.path());
    s.wait_for("Library (5");
    s.keys(&["/", "c", "o", "n", "v"]);
    s.wait_for("match 1/");
    s.keys(&["\x1b"]);
    s.wait_until(|screen| !screen.contains("/conv"), "the prompt closed");
    s.keys(&["q"]);
    s.wait_exit();
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    let colour =
        regex::Regex::new(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48)(?:;[0-9;]*)?m").expect("regex");
    assert!(!colour.is_match(&raw), "colour code in {:?}", colour.find(&raw).map(|m| m.as_str()));
    assert!(raw.contains("\x1b[7m") || raw.contains(";7m"), "reverse video is still used");
}

#[test]
fn sighup_restores_the_terminal() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for("Library (5");
    let status = std::process::Command::new("kill").args(["-HUP", &s.pid().to_string()]).status().expect("kill");
    assert!(status.success());
    assert_eq!(s.wait_exit(), 128 + 1);
    let raw = s.raw();
    assert!(contains(&raw, LEAVE_ALTERNATE_SCREEN));
    assert!(contains(&raw, SHOW_CURSOR));
}

#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for("Library (5");
    s.keys(&[":"]);
    s.send("crash-test\r");
    let code = s.wait_exit();
    assert_ne!(code, 0);
    common::pty::assert_restored_before(&s.raw(), b"crash test requested");
}

/// Issue 18: `printf '' | folio` showed the built-in articles; the screen
/// says standard input is empty.
#[test]
fn empty_standard_input_is_said_on_screen() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start_command("sh", &["-c", "printf '' | \"$FOLIO_BIN\""], 80, 24, home.path());
    let screen = s.wait_for("standard input is empty");
    assert!(!screen.contains("vietnamplus"), "{screen}");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

/// Issue 18: the list's order was forgotten at restart. `s` chooses one,
/// the next start keeps it; a `sort` set in the configuration since wins.
#[test]
fn the_list_order_is_kept_until_the_configuration_says_otherwise() {
    let home = tempfile::tempdir().expect("temp dir");
    let first_row = |screen: &str| screen.lines().nth(1).unwrap_or_default().to_owned();
    let mut s = Session::start(&[], 100, 30, home.path());
    let screen = s.wait_for("Library (5");
    assert!(first_row(&screen).contains("Two days after"), "{screen}");
    s.keys(&["\t", "s"]);
    s.wait_for("sorted by title");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);

    let mut s = Session::start(&[], 100, 30, home.path());
    let screen = s.wait_for("Library (5");
    assert!(first_row(&screen).contains("Cyberspace"), "kept by title: {screen}");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);

    std::fs::create_dir_all(home.path().join("folio-config")).expect("dir");
    std::fs::write(home.path().join("folio-config/config.toml"), "sort = \"length\"\n").expect("write");
    let mut s = Session::start(&[], 100, 30, home.path());
    let screen = s.wait_for("Library (5");
    assert!(first_row(&screen).contains("The line between"), "the longest, as configured: {screen}");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}
