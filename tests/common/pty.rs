//! Runs the real `folio` binary in a pseudo-terminal and reads its screen
//! with a terminal emulator (vt100), as a user would see it.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn MasterPty + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The binary under test: this build's, or `FOLIO_TEST_BIN` (CI runs the
/// signal tests again on the release build with it).
pub fn binary() -> String {
    std::env::var("FOLIO_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_folio").to_owned())
}

impl Session {
    /// Starts `folio ARGS` in a terminal of `cols` x `rows`, with its
    /// configuration and state kept in `home`.
    pub fn start(args: &[&str], cols: u16, rows: u16, home: &Path) -> Self {
        Self::start_command(&binary(), args, cols, rows, home)
    }

    /// Starts any program (for example `sh -c '... | folio'`).
    pub fn start_command(program: &str, args: &[&str], cols: u16, rows: u16, home: &Path) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("opening a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("FOLIO_CONFIG_DIR", home.join("folio-config"));
        cmd.env("FOLIO_BIN", binary());
        cmd.env_remove("NO_COLOR");
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        let child = pty.slave.spawn_command(cmd).expect("starting folio");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        {
            let parser = Arc::clone(&parser);
            let raw = Arc::clone(&raw);
            thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    if let Ok(mut p) = parser.lock() {
                        p.process(&buf[..n]);
                    }
                    if let Ok(mut r) = raw.lock() {
                        r.extend_from_slice(&buf[..n]);
                    }
                }
            });
        }
        Self { child, writer, _master: pty.master, parser, raw }
    }

    /// Types text or control sequences.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("writing to the pty");
        self.writer.flush().expect("flushing the pty");
    }

    /// Types keys one at a time with a pause, so Esc is never read as Alt.
    pub fn keys(&mut self, keys: &[&str]) {
        for k in keys {
            self.send(k);
            thread::sleep(Duration::from_millis(60));
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().map(|p| p.screen().contents()).unwrap_or_default()
    }

    /// Every byte folio wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Waits until the screen shows `text`; panics with the screen if not.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(|s| s.contains(text), &format!("{text:?}"))
    }

    pub fn wait_until(&self, ok: impl Fn(&str) -> bool, what: &str) -> String {
        self.wait_until_within(ok, what, TIMEOUT)
    }

    /// Waits up to `limit` for work whose time depends on the machine's
    /// load (indexing thousands of files in a debug build), not on folio
    /// answering a key.
    pub fn wait_for_within(&self, text: &str, limit: Duration) -> String {
        self.wait_until_within(|s| s.contains(text), &format!("{text:?}"), limit)
    }

    pub fn wait_until_within(&self, ok: impl Fn(&str) -> bool, what: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(start.elapsed() < limit, "timed out waiting for {what}; the screen is:\n{screen}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the process to end and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader thread take the last bytes.
                thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            assert!(start.elapsed() < TIMEOUT, "folio did not exit; the screen is:\n{}", self.screen());
            thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Whether `haystack` contains `needle`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Asserts that a process that panicked left the alternate screen and
/// showed the cursor again *before* printing `message` (the panic text).
pub fn assert_restored_before(raw: &[u8], message: &[u8]) {
    const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
    const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
    let leave = raw
        .windows(LEAVE_ALTERNATE_SCREEN.len())
        .rposition(|w| w == LEAVE_ALTERNATE_SCREEN)
        .expect("left the alternate screen");
    let at = raw.windows(message.len()).position(|w| w == message).expect("the panic message");
    assert!(leave < at, "the terminal is restored before the message is printed");
    assert!(contains(raw, SHOW_CURSOR), "the cursor is shown again");
}
