//! Every way folio can be ended from outside leaves the terminal as it was.
//! CI runs these against the release build too (`FOLIO_TEST_BIN`), so the
//! panic path is checked where it matters.

use crate::common;

use common::pty::{Session, contains};

const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

fn ended_by(signal: &str, number: u32) {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for("Library (5)");
    let status =
        std::process::Command::new("kill").args([&format!("-{signal}"), &s.pid().to_string()]).status().expect("kill");
    assert!(status.success());
    assert_eq!(s.wait_exit(), 128 + number, "SIG{signal}");
    let raw = s.raw();
    assert!(contains(&raw, LEAVE_ALTERNATE_SCREEN), "SIG{signal} left the alternate screen");
    assert!(contains(&raw, SHOW_CURSOR), "SIG{signal} showed the cursor");
}

/// Issue 14, defect 16: these left the terminal on the alternate screen in
/// raw mode.
#[test]
fn sigquit_restores_the_terminal() {
    ended_by("QUIT", 3);
}

#[test]
fn sigusr1_restores_the_terminal() {
    ended_by("USR1", 10);
}

#[test]
fn sigalrm_restores_the_terminal() {
    ended_by("ALRM", 14);
}

#[test]
fn sigusr2_and_sigterm_restore_the_terminal() {
    ended_by("USR2", 12);
    ended_by("TERM", 15);
}

/// The panic path, through the test hook that works in every build.
#[test]
fn a_panic_on_purpose_restores_the_terminal_first() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut s =
        Session::start_command("sh", &["-c", "FOLIO_PANIC_AFTER_DRAW=1 exec \"$FOLIO_BIN\""], 80, 24, home.path());
    let code = s.wait_exit();
    assert_ne!(code, 0);
    common::pty::assert_restored_before(&s.raw(), b"on purpose");
}

/// Issue 19, item 1: an abort (here, a thread's stack overflowing, as a
/// 6 KB EPUB nested 50 000 deep once made a loader thread do) ended folio
/// with the alternate screen and raw mode still on. The fatal-signal
/// handler puts the terminal back first.
#[test]
fn an_abort_and_a_stack_overflow_restore_the_terminal() {
    for how in ["abort", "overflow"] {
        let home = tempfile::tempdir().expect("temp dir");
        let command = format!("FOLIO_PANIC_AFTER_DRAW={how} exec \"$FOLIO_BIN\"");
        let mut s = Session::start_command("sh", &["-c", &command], 80, 24, home.path());
        let code = s.wait_exit();
        assert_ne!(code, 0, "{how}");
        let raw = s.raw();
        let entered = raw.windows(8).position(|w| w == b"\x1b[?1049h").expect("the alternate screen was entered");
        assert!(contains(&raw[entered..], LEAVE_ALTERNATE_SCREEN), "{how}: the alternate screen was left");
        assert!(contains(&raw[entered..], SHOW_CURSOR), "{how}: the cursor was shown");
    }
}

/// The state letter of a process (`T`: stopped), from `/proc/PID/stat`.
fn state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(')').next().and_then(|rest| rest.trim_start().chars().next()).unwrap_or('?')
}

fn wait_state(pid: u32, want: char) {
    let start = std::time::Instant::now();
    while state(pid) != want {
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "state {} not {want}", state(pid));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Issue 19, item 10: Ctrl-Z was not bound, and `kill -TSTP` left the
/// alternate screen and hidden cursor in the shell, with no raw mode and
/// no redraw after `fg`. folio suspends as less and vim do: the terminal
/// put back, the process stopped, and on SIGCONT the screen taken and
/// drawn again.
#[test]
fn ctrl_z_and_sigtstp_suspend_and_resume() {
    const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";
    let count = |raw: &[u8], what: &[u8]| raw.windows(what.len()).filter(|w| *w == what).count();
    let home = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for("Library (5)");
    let pid = s.pid();
    for (round, how) in ["ctrl-z", "TSTP"].into_iter().enumerate() {
        if how == "ctrl-z" {
            s.send("\x1a");
        } else {
            let sent = std::process::Command::new("kill").args(["-TSTP", &pid.to_string()]).status().expect("kill");
            assert!(sent.success());
        }
        wait_state(pid, 'T');
        // The bytes were written before the stop; the pty reader may not
        // have taken them in yet.
        s.wait_until(|_| count(&s.raw(), LEAVE_ALTERNATE_SCREEN) == round + 1, "the terminal put back");
        assert_eq!(state(pid), 'T', "{how}: stopped after putting the terminal back");
        let cont = std::process::Command::new("kill").args(["-CONT", &pid.to_string()]).status().expect("kill");
        assert!(cont.success());
        s.wait_until(|_| count(&s.raw(), ENTER_ALTERNATE_SCREEN) == round + 2, "the screen taken again");
        s.wait_for("Library (5)");
    }
    s.keys(&["j"]);
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}
