//! What folio watches for changes on disk, seen from outside: the inotify
//! watches the real process holds, and live reload in a pseudo-terminal.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::Session;

/// Inotify watches held by a process, from `/proc/PID/fdinfo`.
fn inotify_watches(pid: u32) -> usize {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fdinfo")) else { return 0 };
    fds.filter_map(Result::ok)
        .filter_map(|fd| std::fs::read_to_string(fd.path()).ok())
        .map(|info| info.lines().filter(|l| l.starts_with("inotify wd:")).count())
        .sum()
}

/// Waits until the process holds at least one watch and the count settles.
fn settled_watches(pid: u32) -> usize {
    let start = Instant::now();
    let mut last = 0;
    let mut stable_since = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        let now = inotify_watches(pid);
        if now != last {
            last = now;
            stable_since = Instant::now();
        } else if now > 0 && stable_since.elapsed() > Duration::from_millis(500) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    last
}

fn many_folders(dir: &Path) {
    for i in 0..40 {
        std::fs::create_dir_all(dir.join(format!("sub-{i}/deeper"))).expect("dir");
    }
}

/// Defect: `folio /tmp/one.txt` watched every folder under `/tmp`.
#[test]
fn a_file_argument_watches_one_folder_not_the_tree_around_it() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = home.path().join("docs");
    many_folders(&dir);
    let one = dir.join("one.txt");
    std::fs::write(&one, "First version of the text.\n").expect("write");
    let arg = one.to_string_lossy().into_owned();
    let mut s = Session::start(&[&arg], 100, 30, home.path());
    s.wait_for("First version of the text.");
    let watches = settled_watches(s.pid());
    assert_eq!(watches, 1, "one watch for one file, not one per folder around it");

    std::fs::write(&one, "Second version, changed on disk.\n").expect("write");
    s.wait_for("Second version, changed on disk.");
    // A new file beside it is not part of what was opened.
    std::fs::write(dir.join("other.txt"), "Not opened.\n").expect("write");
    std::thread::sleep(Duration::from_millis(600));
    assert!(!s.screen().contains("new in the library"), "{}", s.screen());
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}

/// Defect: a missing path made folio watch `/`, fail, and lose live reload
/// for the file that did exist.
#[test]
fn a_missing_path_watches_nothing_and_the_real_file_still_reloads() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = home.path().join("docs");
    many_folders(&dir);
    let one = dir.join("one.txt");
    std::fs::write(&one, "Before the edit.\n").expect("write");
    let arg = one.to_string_lossy().into_owned();
    let mut s = Session::start(&["/nonexistent/folder/x.txt", &arg], 100, 30, home.path());
    s.wait_for("Before the edit.");
    assert_eq!(settled_watches(s.pid()), 1);
    std::fs::write(&one, "After the edit.\n").expect("write");
    s.wait_for("After the edit.");
    s.keys(&["q"]);
    s.wait_exit();
}

/// A folder argument still watches its tree: a file made in a new
/// sub-folder shows up.
#[test]
fn a_folder_argument_watches_its_tree() {
    let home = tempfile::tempdir().expect("temp dir");
    let lib = home.path().join("lib");
    std::fs::create_dir_all(lib.join("a")).expect("dir");
    std::fs::write(lib.join("a/first.md"), "# First note\n\nText.\n").expect("write");
    let arg = lib.to_string_lossy().into_owned();
    let mut s = Session::start(&[&arg], 100, 30, home.path());
    s.wait_for("First note");
    assert_eq!(settled_watches(s.pid()), 2, "the folder and its one sub-folder");
    std::fs::write(lib.join("a/second.md"), "# Second note\n\nText.\n").expect("write");
    s.wait_for("Second note");
    s.keys(&["q"]);
    s.wait_exit();
}

/// Threads of a process, from `/proc/PID/task`.
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task")).map(Iterator::count).unwrap_or(0)
}

/// Issue 19, item 7: a 33 MB log appended to every 20 ms took folio from
/// 13 to 207 threads in a minute: a thread per change, each parsing the
/// file again for the index. One thread now brings the index up to date,
/// with the watcher's text, changes merged per file. Here a log grows and
/// a hundred files change at once, twice (a thread each, before).
#[test]
fn files_that_keep_changing_do_not_pile_up_threads() {
    let home = tempfile::tempdir().expect("temp dir");
    let lib = home.path().join("lib");
    std::fs::create_dir_all(&lib).expect("dir");
    for n in 0..100 {
        std::fs::write(lib.join(format!("note-{n:03}.md")), format!("# Note {n}\n\nText.\n")).expect("write");
    }
    let log = lib.join("app.log.txt");
    let line = "2026-12-02 07:00:00 INFO a line of a log that keeps growing while folio watches it\n";
    std::fs::write(&log, line.repeat(1 << 12)).expect("write");
    let s = Session::start(&[&lib.to_string_lossy()], 100, 30, home.path());
    s.wait_for("Library (101)");
    s.wait_until(|screen| !screen.contains("indexing"), "the index to be ready");
    std::thread::sleep(Duration::from_millis(500));
    let before = threads(s.pid());
    let mut most = before;
    let start = Instant::now();
    let mut file = std::fs::OpenOptions::new().append(true).open(&log).expect("open");
    let mut round = 0;
    while start.elapsed() < Duration::from_secs(4) {
        std::io::Write::write_all(&mut file, line.as_bytes()).expect("append");
        if round == 10 || round == 60 {
            for n in 0..100 {
                std::fs::write(lib.join(format!("note-{n:03}.md")), format!("# Note {n}, again {round}\n\nText.\n"))
                    .expect("write");
            }
        }
        round += 1;
        most = most.max(threads(s.pid()));
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(most <= before + 3, "{before} threads before, {most} while the files kept changing");
}
