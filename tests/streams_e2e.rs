//! Issue 14, "inputs that never end": named pipes, endless streams and
//! binary streams get a limit and a message, never a hang.

mod common;

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
