//! The terminal put back on the way out that no Rust code sees: an abort
//! (a stack overflow on any thread, which Rust's own SIGSEGV handler turns
//! into one, `std::process::abort`, a failed allocation) or a bus error.
//!
//! The panic hook and the drop guard in [`crate::runner`] cover every
//! ordinary way out; these signals end the process without unwinding, and
//! left the shell on the alternate screen in raw mode (issue 19: a 6 KB
//! EPUB that overflowed a loader thread's stack). The handler does only
//! what a signal handler may: it writes a fixed string of escape sequences
//! with `write(2)` and sets the terminal modes saved at start with
//! `tcsetattr(3)`, both async-signal-safe, then returns, so the signal's
//! default action (the core dump, the abort) follows as before.
//!
//! The unsafe code of this module is the calls into libc and the
//! registration of the handler, each with its reason.
#![allow(unsafe_code)]

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// Mouse modes off, the main screen back, the cursor shown: what
/// [`crate::runner::restore_terminal`] writes, as fixed bytes.
const RESTORE: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h\r\n";

/// Whether the terminal is folio's now (raw mode, alternate screen).
static ARMED: AtomicBool = AtomicBool::new(false);
/// The terminal's file descriptor and its modes before raw mode.
static TTY: AtomicI32 = AtomicI32::new(-1);
static SAVED: OnceLock<libc::termios> = OnceLock::new();
static INSTALLED: OnceLock<()> = OnceLock::new();

/// Signals that end the process without unwinding. SIGSEGV, SIGILL and
/// SIGFPE are not among them: a handler for those must not return, and
/// Rust's own SIGSEGV handler already turns a stack overflow into SIGABRT;
/// any other fault means memory-unsafe code, which is the kernel's to end.
const FATAL: [libc::c_int; 2] = [libc::SIGABRT, libc::SIGBUS];

/// Saves the terminal's modes and installs the handlers; call before raw
/// mode is entered. The handlers stay; [`disarm`] makes them do nothing.
pub fn arm() {
    if SAVED.get().is_none() {
        // The terminal is standard input, or (when a document is piped in)
        // the controlling terminal, as the terminal library finds it.
        let fd = if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            libc::STDIN_FILENO
        } else {
            std::fs::File::open("/dev/tty").map_or(-1, std::os::fd::IntoRawFd::into_raw_fd)
        };
        // SAFETY: `termios` is plain data that `tcgetattr` fills in; an
        // all-zero value is a valid one to pass it.
        let mut modes: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: `fd` is a file descriptor number and `modes` a valid,
        // writable `termios`.
        if unsafe { libc::tcgetattr(fd, &raw mut modes) } == 0 {
            TTY.store(fd, Ordering::SeqCst);
            let _ = SAVED.set(modes);
        }
    }
    INSTALLED.get_or_init(|| {
        for signal in FATAL {
            // SAFETY: the action only calls async-signal-safe functions
            // (`write`, `tcsetattr`) and atomics, allocates nothing and
            // takes no lock; see `on_fatal_signal`.
            let _ = unsafe { signal_hook::low_level::register(signal, on_fatal_signal) };
        }
    });
    ARMED.store(true, Ordering::SeqCst);
}

/// The terminal was given back the ordinary way: nothing left to do.
pub fn disarm() {
    ARMED.store(false, Ordering::SeqCst);
}

fn on_fatal_signal() {
    if !ARMED.swap(false, Ordering::SeqCst) {
        return;
    }
    // SAFETY: writing a static buffer to standard output, where the screen
    // is drawn; `write` is async-signal-safe. A short or failed write
    // cannot be helped here.
    let _ = unsafe { libc::write(libc::STDOUT_FILENO, RESTORE.as_ptr().cast(), RESTORE.len()) };
    let fd = TTY.load(Ordering::SeqCst);
    if let Some(modes) = SAVED.get()
        && fd >= 0
    {
        // SAFETY: `tcsetattr` is async-signal-safe; `modes` was filled in
        // by `tcgetattr` on the same descriptor.
        let _ = unsafe { libc::tcsetattr(fd, libc::TCSANOW, modes) };
    }
}
