//! Issue 14, "inputs that never end": named pipes, endless streams and
//! binary streams get a limit and a message, never a hang.

use crate::common;

use std::time::{Duration, Instant};

use common::pty::Session;

fn mkfifo(path: &std::path::Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo").success());
}

/// Defect 5: `folio fifo.txt` with no writer hung with no message and q did
/// nothing. The screen comes up, says what it waits for, and q quits.
#[test]
fn a_fifo_with_no_writer_does_not_hang_and_q_quits() {
    let home = tempfile::tempdir().expect("temp dir");
    let fifo = home.path().join("fifo.txt");
    mkfifo(&fifo);
    let arg = fifo.to_string_lossy().into_owned();
    let mut s = Session::start(&[&arg], 100, 30, home.path());
    s.wait_for("a named pipe waits for a program to write to it");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

/// A writer that comes later is read, and the document opens.
#[test]
fn a_fifo_is_read_once_a_writer_comes() {
    let home = tempfile::tempdir().expect("temp dir");
    let fifo = home.path().join("fifo.txt");
    mkfifo(&fifo);
    let arg = fifo.to_string_lossy().into_owned();
    let mut s = Session::start(&[&arg], 100, 30, home.path());
    s.wait_for("named pipe");
    std::fs::write(&fifo, "Hello from a pipe, written late.\n").expect("write to the fifo");
    s.wait_for("Hello from a pipe, written late.");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

/// Defect 6: `cat /dev/zero | folio -` read 8 GB and died. Binary content
/// is recognised in the first block.
#[test]
fn a_binary_stream_is_refused_at_its_first_block() {
    let home = tempfile::tempdir().expect("temp dir");
    let start = Instant::now();
    let mut s = Session::start_command("sh", &["-c", "cat /dev/zero | \"$FOLIO_BIN\" -"], 100, 30, home.path());
    assert_eq!(s.wait_exit(), 2);
    assert!(start.elapsed() < Duration::from_secs(8), "{:?}", start.elapsed());
    assert!(String::from_utf8_lossy(&s.raw()).contains("binary"), "{}", String::from_utf8_lossy(&s.raw()));
}

/// An endless text stream is read up to the stated limit, and folio says
/// so and how to read more.
#[test]
fn an_endless_stream_stops_at_the_limit_with_a_notice() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start_command(
        "sh",
        &["-c", "yes 'an endless line' | \"$FOLIO_BIN\" --stream-limit 2 -"],
        100,
        30,
        home.path(),
    );
    s.wait_for("only the first 2 MiB were read (--stream-limit MIB reads more)");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

/// Peak memory of a finished command, from GNU time's report.
fn peak_kib(cmd: &str) -> (std::process::Output, u64) {
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "PEAK %M", "sh", "-c", cmd])
        .env("FOLIO_BIN", common::pty::binary())
        .env("FOLIO_CONFIG_DIR", std::env::temp_dir().join("folio-streams-test"))
        .output()
        .expect("time");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let peak =
        err.lines().find_map(|l| l.strip_prefix("PEAK ")).and_then(|n| n.trim().parse().ok()).unwrap_or(u64::MAX);
    (out, peak)
}

/// Defect 7: pipe output used 8.6x the file in memory, `--list` and
/// `search` more. They now read a large file a piece at a time: memory is
/// bounded by a few megabytes plus the longest paragraph, whatever the
/// size (checked on 40 MB: the whole of it would be far above the bound).
#[test]
fn pipes_list_and_search_stream_large_files_in_bounded_memory() {
    if !std::path::Path::new("/usr/bin/time").exists() {
        eprintln!("skipped: /usr/bin/time (GNU time) is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.txt");
    let moby = std::fs::read(common::corpus_file("moby-dick.txt")).expect("moby");
    let mut text = moby.repeat(32);
    text.extend_from_slice(b"\nThe last word is zanzibarquux.\n");
    std::fs::write(&big, &text).expect("write");
    let path = big.display();
    let bound = 64 << 10; // KiB: the file is 40 MiB

    let (out, peak) = peak_kib(&format!("\"$FOLIO_BIN\" '{path}' | tail -c 200"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("zanzibarquux"), "the whole file came through");
    assert!(peak < bound, "pipe output peaked at {peak} KiB");

    let (out, peak) = peak_kib(&format!("\"$FOLIO_BIN\" search zanzibarquux '{path}'"));
    let lines = text.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("{path}:{lines}: The last word is zanzibarquux."));
    assert!(peak < bound, "search peaked at {peak} KiB");

    let (out, peak) = peak_kib(&format!("\"$FOLIO_BIN\" --list '{path}'"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Moby Dick; or The Whale"));
    assert!(peak < bound, "--list peaked at {peak} KiB");
}
