//! The command line: pipes, the list table, bad input and exit statuses.

use crate::common;

use std::time::Duration;

use assert_cmd::Command;
use common::corpus_file;

fn folio() -> Command {
    let mut cmd = Command::cargo_bin("folio").expect("the folio binary");
    cmd.timeout(Duration::from_secs(20));
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("running folio");
    assert!(out.status.success(), "status {:?}, stderr {}", out.status, String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn piped_output_is_clean_wrapped_text() {
    let text = stdout_of(folio().arg("seeds/000_83bf8c942bdf1305.txt"));
    // Issue 18: the header first (the site; the title is the text's own
    // first words, not printed twice), then the text.
    assert!(text.starts_with("vietnamplus.vn\n\nTwo days after Vietnam hosted"), "{text}");
    // The source URL is printed whole, so it can be copied.
    let body = text.lines().filter(|l| !l.starts_with("Source: "));
    assert!(body.clone().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80), "{text}");
    assert!(text.contains("\n\nSource: https://www.vietnamplus.vn/"));
    assert!(!text.contains("Comment (0)"));
    assert!(!text.contains('\x1b'));
    let narrow = stdout_of(folio().args(["--width", "40", "seeds/000_83bf8c942bdf1305.txt"]));
    let body = narrow.lines().filter(|l| !l.starts_with("Source: "));
    assert!(body.clone().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 40), "{narrow}");
}

#[test]
fn moby_dick_through_a_pipe_has_no_bom_or_carriage_returns() {
    let path = corpus_file("moby-dick.txt");
    let text = stdout_of(folio().arg(&path));
    // The licence header, folded on screen, comes whole through a pipe.
    assert!(
        text.starts_with(
            "Moby Dick; or The Whale\n=======================\n\nThe Project Gutenberg EBook of Moby Dick; or The Whale, by Herman\nMelville\n"
        ),
        "{}",
        &text[..200]
    );
    assert!(!text.contains('\r') && !text.contains('\u{feff}'));
    assert!(text.contains("Call me Ishmael. Some years ago—never mind how long precisely—having"));
}

#[test]
fn list_prints_a_table_of_the_library() {
    let text = stdout_of(folio().arg("--list").arg(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")));
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 6, "{text}");
    assert!(rows[0].contains("WORDS") && rows[0].contains("TITLE"));
    assert!(rows[3].contains("swe") && rows[3].contains("dantri.com.vn"));
}

#[test]
fn missing_path_is_named_and_exit_status_is_2() {
    let out = folio().arg("no/such/file.txt").output().expect("running folio");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/file.txt: no such file or directory"), "{err}");
    assert!(err.contains("nothing to open in "), "{err}");
    assert!(err.contains("no/such/file.txt"), "the path is named: {err}");
    for extension in [".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub"] {
        assert!(err.contains(&format!("{extension} ")) || err.contains(&format!("{extension})")), "{extension}: {err}");
    }
}

#[test]
fn other_documents_still_open_next_to_bad_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.txt");
    let binary = dir.path().join("binary.txt");
    let latin1 = dir.path().join("latin1.txt");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&good, "A good document.\n").expect("write");
    std::fs::write(&binary, b"\x00\x01\x02binary").expect("write");
    std::fs::write(&latin1, b"Caf\xe9 au lait.\n").expect("write");
    std::fs::write(&empty, b"").expect("write");
    let out =
        folio().arg("missing.txt").arg(&good).arg(&binary).arg(&latin1).arg(&empty).output().expect("running folio");
    // Issue 18: the others are printed, and the status says something
    // failed, as `cat` does.
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.txt: no such file or directory"), "{err}");
    assert!(err.contains("binary.txt: binary file (contains NUL bytes), skipped"), "{err}");
    assert!(err.contains("latin1.txt: not valid UTF-8: read as windows-1252"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("A good document."));
    assert!(text.contains("Café au lait."));
    assert!(text.contains(&format!("==> {} <==", empty.display())), "the empty file opens, named as given: {text}");
    let only_binary = folio().arg(&binary).output().expect("running folio");
    assert_eq!(only_binary.status.code(), Some(2));
}

#[test]
fn folders_are_walked_sorted_without_hidden_files_or_loops() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("b/.git")).expect("mkdir");
    std::fs::create_dir_all(root.join("a")).expect("mkdir");
    std::fs::write(root.join("b/z.md"), "Zed note.\n").expect("write");
    std::fs::write(root.join("a/y.txt"), "Why note.\n").expect("write");
    std::fs::write(root.join("a/photo.jpg"), "not text").expect("write");
    std::fs::write(root.join("b/.git/x.txt"), "Hidden.\n").expect("write");
    std::os::unix::fs::symlink(root, root.join("a/loop")).expect("symlink");
    let text = stdout_of(folio().arg("--list").arg(root));
    let paths: Vec<&str> = text.lines().skip(1).filter_map(|l| l.split_whitespace().last()).collect();
    assert_eq!(paths, ["a/y.txt", "b/z.md"], "{text}");
}

#[test]
fn standard_input_is_a_document() {
    let text = stdout_of(folio().arg("-").write_stdin("From a pipe.\n\nSecond paragraph.\n"));
    assert_eq!(text, "From a pipe.\n============\n\nSecond paragraph.\n");
    let text = stdout_of(folio().write_stdin("Implicit stdin.\n"));
    assert_eq!(text, "Implicit stdin.\n===============\n");
    // An empty pipe is read as what it is (issue 18): nothing.
    let text = stdout_of(folio().arg("--list").write_stdin(""));
    assert_eq!(text.lines().count(), 1, "the header alone: {text}");
}

#[test]
fn hostile_text_is_cleaned_in_pipes_too() {
    let text = stdout_of(folio().arg("-").write_stdin("x\x1b]52;c;ZXZpbA==\x07 \u{9b}2J\r\n"));
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    assert!(text.contains("^[]52;c;ZXZpbA==^G"));
}

#[test]
fn bad_usage_is_status_2() {
    let out = folio().args(["--width", "abc"]).output().expect("running folio");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a number of columns"));
    assert!(folio().arg("--version").output().expect("running folio").status.success());
}

#[test]
fn devices_are_refused_and_fifos_are_read() {
    let out = folio().arg("/dev/zero").output().expect("running folio");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/dev/zero: not a regular file"));

    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, "Through a named pipe.\n"))
    };
    let text = stdout_of(folio().arg(&fifo));
    // A headline alone: underlined, as headings are in plain output.
    assert_eq!(text, "Through a named pipe.\n=====================\n");
    writer.join().expect("writer thread").expect("writing the fifo");
}

/// Defect: a Latin-1 file showed U+FFFD (`Caf� cr�me`). It is read as
/// Windows-1252 and folio says so; `--encoding` forces another.
#[test]
fn legacy_encodings_are_detected_or_forced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve \x93quotes\x94.\n").expect("write");
    let out = Command::cargo_bin("folio")
        .expect("bin")
        .arg(&latin1)
        .env("FOLIO_CONFIG_DIR", dir.path())
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Café crème brûlée, naïve “quotes”."), "{text}");
    assert!(!text.contains('\u{fffd}'));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("read as windows-1252"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let koi8 = dir.path().join("koi8.txt");
    std::fs::write(&koi8, b"\xf0\xd2\xc9\xd7\xc5\xd4, \xcd\xc9\xd2!\n").expect("write");
    let out = Command::cargo_bin("folio")
        .expect("bin")
        .args(["--encoding", "koi8-r"])
        .arg(&koi8)
        .env("FOLIO_CONFIG_DIR", dir.path())
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Привет, мир!"), "{}", String::from_utf8_lossy(&out.stdout));
    let bad =
        Command::cargo_bin("folio").expect("bin").args(["--encoding", "klingon"]).arg(&koi8).output().expect("run");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown encoding"));
}

/// Issue 18: `--no-reflow` prints every line of a plain text as it is in
/// the file (no two lines joined), and `reflow = "never"` in the
/// configuration does the same.
#[test]
fn no_reflow_prints_lines_as_in_the_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/as-written/verse.txt");
    let file = std::fs::read_to_string(path).expect("the verse fixture");
    let non_blank =
        |s: &str| s.lines().filter(|l| !l.trim().is_empty()).map(str::trim_end).map(str::to_owned).collect::<Vec<_>>();
    let shown = stdout_of(folio().args(["--no-reflow", "--width", "100", path]));
    assert_eq!(non_blank(&shown), non_blank(&file));
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("config.toml"), "reflow = \"never\"\n").expect("writing the configuration");
    let shown = stdout_of(folio().arg("--config-dir").arg(dir.path()).args(["--width", "100", path]));
    assert_eq!(non_blank(&shown), non_blank(&file));
    // auto (the default) keeps the verse lines too, but not the indent of
    // the first line and not the hanging continuation's break.
    let auto = stdout_of(folio().args(["--width", "100", path]));
    assert!(auto.contains("\nI keep the lantern burning on the headland through the night,\n"), "{auto}");
    assert!(auto.contains("count the cost of every league"), "{auto}");
}

/// Issue 19, item 2: a sparse file of 1 TiB (8 KB of text, then a hole)
/// made folio ask for 1 TiB of memory in a library, and grow without end
/// through a pipe. In a library it is refused by its size, named; through a
/// pipe its text is printed and reading stops where the NUL bytes start.
#[test]
fn a_sparse_terabyte_file_is_refused_or_read_within_bounds() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("sparse.txt");
    let file = std::fs::File::create(&path).expect("creating the file");
    std::io::Write::write_all(&mut &file, "A line of text in a file that is mostly a hole.\n".repeat(200).as_bytes())
        .expect("writing");
    file.set_len(1 << 40).expect("a sparse file of 1 TiB");
    let book = dir.path().join("sparse.epub");
    std::fs::File::create(&book).and_then(|f| f.set_len(1 << 40)).expect("a sparse book");
    std::fs::write(dir.path().join("fine.txt"), "A small document beside them.\n").expect("writing");
    // The library the reader lists: refused by their size, before any read.
    let loaded = folio::library::load_paths(&[dir.path().to_path_buf()]);
    let reasons: Vec<String> = loaded.problems.iter().map(|p| format!("{}: {}", p.path.display(), p.reason)).collect();
    assert!(
        reasons.iter().any(|r| r.contains("sparse.txt: 1.0 TiB: larger than the 512 MiB folio reads whole")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("sparse.epub: 1.0 TiB")), "{reasons:?}");
    assert_eq!(loaded.entries.len(), 1);
    // `--list` counts a large file's words as a stream: up to the hole.
    let out = folio().arg("--list").arg(dir.path()).output().expect("running folio");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sparse.txt: binary data (NUL bytes) from byte 9600 on"), "{stderr}");
    assert!(stderr.contains("sparse.epub: 1.0 TiB"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("fine.txt"));
    let out = folio().arg(&path).output().expect("running folio");
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("mostly a hole.").count(), 200, "the text is printed");
    assert!(!stdout.contains("^@"), "the hole is not");
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary data (NUL bytes) from byte 9600 on"));
}

/// Issue 18: `folio /nonexistent real.md | cat` exited 0 and `folio search
/// foo /nonexistent` exited 1; as `cat` and grep: 1 when something could
/// not be printed, 2 when search could not read something.
#[test]
fn exit_statuses_say_when_something_failed() {
    let real = corpus_file("rfcs/0001-private-fields.md");
    let out = folio().arg("/nonexistent").arg(&real).output().expect("running folio");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("private"));
    let out = folio().args(["search", "foo", "/nonexistent"]).output().expect("running folio");
    assert_eq!(out.status.code(), Some(2));
    let out = folio().args(["search", "private"]).arg(&real).arg("/nonexistent").output().expect("running folio");
    assert_eq!(out.status.code(), Some(2), "an error wins over a hit, as in grep");
    let out = folio().args(["search", "zzqqxx"]).arg(&real).output().expect("running folio");
    assert_eq!(out.status.code(), Some(1));
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xff, 0xfe] } else { Vec::new() };
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

/// Issue 19, item 12: UTF-16 and UTF-32 files were "binary file (contains
/// NUL bytes), skipped", even with `--encoding utf-16le`, which the message
/// itself suggested. A byte-order mark, or the NULs' places, say what they
/// are; large ones are read in pieces as UTF-8.
#[test]
fn utf16_and_utf32_files_are_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "Hà Nội: the convention was signed.\nSecond line, with “quotes”.\n";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("le-bom.txt", utf16le(text, true)),
        ("le.txt", utf16le(text, false)),
        ("be-bom.txt", [0xfe, 0xff].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect()),
        (
            "32le.txt",
            [0xff, 0xfe, 0, 0].into_iter().chain(text.chars().flat_map(|c| u32::from(c).to_le_bytes())).collect(),
        ),
        (
            "32be.txt",
            [0, 0, 0xfe, 0xff].into_iter().chain(text.chars().flat_map(|c| u32::from(c).to_be_bytes())).collect(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let shown = stdout_of(folio().arg(&path));
        assert!(shown.contains("Hà Nội: the convention was signed."), "{name}: {shown}");
        assert!(shown.contains("“quotes”"), "{name}: {shown}");
    }
    // Forced, on a text whose NULs say nothing (Vietnamese, not Latin).
    let path = dir.path().join("forced.txt");
    std::fs::write(&path, utf16le("Hà Nội", false)).expect("write");
    let shown = stdout_of(folio().args(["--encoding", "utf-16le"]).arg(&path));
    assert!(shown.contains("Hà Nội"), "{shown}");
    // A large one (read in pieces) and one through a pipe.
    let big = dir.path().join("big.txt");
    let paragraph = "Paragraph of a large UTF-16 file, long enough to fill pieces.\n\n";
    std::fs::write(&big, utf16le(&paragraph.repeat(100_000), true)).expect("write");
    let shown = stdout_of(folio().arg(&big));
    assert_eq!(shown.matches("Paragraph of a large UTF-16 file").count(), 100_000);
    let shown = stdout_of(folio().arg("-").write_stdin(std::fs::read(dir.path().join("le-bom.txt")).expect("read")));
    assert!(shown.contains("Hà Nội"), "{shown}");
}

/// Issue 18: standard input is recognised by its content (HTML, Markdown,
/// a book), `--format` forces one, and empty standard input prints
/// nothing and succeeds, as `cat` and `bat` do.
#[test]
fn standard_input_says_what_it_is() {
    let page = "<!DOCTYPE html><html><head><title>A page</title></head><body><nav>Menu Home About</nav><article><h1>The headline</h1><p>The story of the day, told in a paragraph long enough to be the article that readability keeps.</p></article></body></html>";
    let text = stdout_of(folio().write_stdin(page));
    assert!(text.contains("The story of the day"), "{text}");
    assert!(!text.contains("<p>"), "read as HTML: {text}");
    let markdown = "# Notes\n\nSome *emphasis* and a [link](https://example.org).\n\n```\ncode\n```\n";
    let text = stdout_of(folio().write_stdin(markdown));
    assert!(!text.contains("# Notes") && !text.contains("*emphasis*"), "read as Markdown: {text}");
    let text = stdout_of(folio().args(["--format", "txt"]).write_stdin(markdown));
    assert!(text.contains("*emphasis*"), "forced plain text: {text}");
    let book = common::epub_book(&[]);
    let text = stdout_of(folio().arg("-").write_stdin(book));
    assert!(text.contains("Call me Ishmael"), "read as a book: {text}");
    for args in [&[][..], &["-"][..], &["--list"][..]] {
        let out = folio().args(args).write_stdin("").output().expect("running folio");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.is_empty() || stdout.starts_with("   WORDS"), "{args:?}: {stdout}");
        assert!(!stdout.contains("vietnamplus"), "not the built-in articles: {stdout}");
    }
    let out = folio().args(["--format", "pdf"]).write_stdin("x").output().expect("running folio");
    assert_eq!(out.status.code(), Some(2));
}

/// Issue 18: piped output keeps what the reader shows: the title first,
/// then byline, site and date; headings underlined; `--json` prints each
/// document as one line of JSON for scripts.
#[test]
fn piped_output_has_a_header_and_marked_headings_and_json() {
    let rfc = corpus_file("rfcs/0001-private-fields.md");
    let text = stdout_of(folio().arg(&rfc));
    assert!(text.starts_with("0001 private fields\n===================\n2014-03-11\n\n"), "{}", &text[..120]);
    assert!(text.contains("\nSummary\n-------\n"), "a heading stands out in plain text");
    let out = stdout_of(folio().arg("--json").arg(&rfc).arg("seeds/002_53ee598ec899c932.txt"));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let doc: serde_json::Value = serde_json::from_str(lines[0]).expect("a JSON object");
    assert_eq!(doc["title"], "0001 private fields");
    assert_eq!(doc["date"], "2014-03-11");
    assert!(doc["text"].as_str().is_some_and(|t| t.contains("This is an RFC to make all struct fields private")));
    let swedish: serde_json::Value = serde_json::from_str(lines[1]).expect("a JSON object");
    assert_eq!(swedish["language"], "swe");
    assert_eq!(swedish["site"], "dantri.com.vn");
    assert!(!swedish["text"].as_str().unwrap_or_default().contains("Källa:"));
}
