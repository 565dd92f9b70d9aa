//! Issue 14, "bookmarks and settings never lost": links, damaged bytes,
//! read-only files, a failing disk at quit, stale temporaries, and files
//! that are not files.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use common::pty::Session;
use folio::bookmarks::{self, BookmarkError, Change};

fn sample(id: &str) -> bookmarks::Bookmark {
    let text = "The whale surfaced near the boat at dawn.";
    bookmarks::Bookmark {
        id: id.into(),
        created: "2026-11-22T10:00:00Z".into(),
        doc: bookmarks::DocRef {
            document: "whale.txt".into(),
            hash: folio::document::content_hash(text),
            title: "Whale".into(),
        },
        note: format!("note {id}"),
        quote: bookmarks::quote(text, 4..9),
        highlight: false,
    }
}

fn add(path: &Path, id: &str) -> Result<bookmarks::Committed, BookmarkError> {
    bookmarks::commit(path, &[Change::Add(sample(id))], false)
}

/// Defect 9: a symlinked bookmarks.toml was replaced by a regular file.
#[test]
fn a_symlinked_file_is_written_through_the_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dotfiles = dir.path().join("dotfiles");
    std::fs::create_dir_all(&dotfiles).expect("dir");
    let target = dotfiles.join("bookmarks.toml");
    add(&target, "one").expect("first");
    let link = dir.path().join("bookmarks.toml");
    std::os::unix::fs::symlink("dotfiles/bookmarks.toml", &link).expect("relative link");
    add(&link, "two").expect("through the link");
    assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink(), "the link is still a link");
    assert_eq!(bookmarks::load(&target).expect("target").len(), 2, "the file it points to has both");
}

/// Defect 10: invalid UTF-8 was read lossily and rewritten with U+FFFD.
#[test]
fn invalid_utf8_is_damage_and_the_bytes_are_kept_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bookmarks.toml");
    let original = b"version = 1\n[[bookmark]]\nid = \"x\"\nnote = \"caf\xe9\"\n".to_vec();
    std::fs::write(&path, &original).expect("write");
    let err = bookmarks::load(&path).expect_err("damaged");
    assert!(err.to_string().contains("line 4") && err.to_string().contains("not valid UTF-8"), "{err}");
    assert!(matches!(add(&path, "one"), Err(BookmarkError::Damaged { .. })), "never written over without asking");
    let committed = bookmarks::commit(&path, &[Change::Add(sample("one"))], true).expect("replaced");
    let aside = committed.set_aside.expect("set aside");
    assert_eq!(std::fs::read(aside).expect("aside"), original, "copied byte for byte");
}

/// Defect 12: a read-only file was replaced by a 0644 one. Its mode is
/// kept, and a read-only file is not written.
#[test]
fn modes_are_kept_and_read_only_files_respected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bookmarks.toml");
    add(&path, "one").expect("first");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    add(&path, "two").expect("second");
    assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600, "the mode is kept");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&path).expect("read");
    assert!(matches!(add(&path, "three"), Err(BookmarkError::ReadOnly { .. })));
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o444);
}

/// Defect 13: temporaries of killed writers were left behind for good.
#[test]
fn stale_temporaries_of_dead_processes_are_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bookmarks.toml");
    let dead = (100_000..4_000_000u32).find(|pid| !Path::new(&format!("/proc/{pid}")).exists()).expect("a free pid");
    let stale = dir.path().join(format!(".bookmarks.toml.tmp-{dead}-3"));
    let alive = dir.path().join(".bookmarks.toml.tmp-1-0");
    std::fs::write(&stale, "half a file").expect("write");
    std::fs::write(&alive, "pid 1 is alive").expect("write");
    add(&path, "one").expect("save");
    assert!(!stale.exists(), "a dead writer's temporary is removed");
    assert!(alive.exists(), "a live one's is not touched");
}

/// Defect 11: changes that could not be saved were dropped at quit. They
/// are tried once more, then kept in a recovery file, and folio says so.
#[test]
fn unsaved_bookmarks_are_kept_in_a_recovery_file_at_quit() {
    let home = tempfile::tempdir().expect("temp dir");
    let config = home.path().join("folio-config");
    add(&config.join("bookmarks.toml"), "old").expect("an existing bookmark");
    std::fs::set_permissions(config.join("bookmarks.toml"), std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let mut s = Session::start(&[], 100, 30, home.path());
    s.wait_for("Library (5)");
    s.keys(&["m"]);
    s.wait_for("note (Enter saves");
    s.send("keep me");
    s.keys(&["\r"]);
    s.wait_for("read-only");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains("could not be saved"), "{raw}");
    let recovery = std::fs::read_dir(config.join("state"))
        .expect("state dir")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("bookmarks.toml.unsaved-"))
        .expect("a recovery file");
    let kept = bookmarks::load(&recovery.path()).expect("in the bookmark format");
    assert!(kept.iter().any(|b| b.note == "keep me") && kept.iter().any(|b| b.id == "old"), "{kept:?}");
}

/// Defect 14: the path of a file set aside was only in the status line.
#[test]
fn the_set_aside_path_goes_to_the_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = folio::paths::Paths::under(dir.path());
    std::fs::create_dir_all(&paths.config_dir).expect("dir");
    std::fs::write(paths.bookmarks_file(), "version = 1\n[[bookmark]\n").expect("damaged");
    let mut app = common::start(folio::app::Startup {
        entries: folio::library::seeds(),
        bookmarks: bookmarks::load(&paths.bookmarks_file()),
        size: (100, 30),
        ..folio::app::Startup::default()
    });
    assert!(app.marks().read_only.is_some(), "the damaged file is read-only until a bookmark is added");
    common::press_in(&mut app, &paths, &["m"]);
    common::type_in(&mut app, &paths, "n");
    common::press_in(&mut app, &paths, &["enter"]);
    assert!(app.log().iter().any(|l| l.contains(".damaged-")), "{:?}", app.log());
}

/// Defects 5 and 6: a named pipe or a device as the configuration or the
/// bookmark file hung folio or read gigabytes. They are refused at once.
#[test]
fn fifos_and_devices_as_owned_files_are_refused_at_once() {
    let home = tempfile::tempdir().expect("temp dir");
    let fifo = home.path().join("fifo.toml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    // Exits 1 within the timeout, saying what the file is.
    let refused = |args: &[&std::ffi::OsStr], says: &str| {
        let out = Command::cargo_bin("folio")
            .expect("bin")
            .args(args)
            .env("FOLIO_CONFIG_DIR", home.path())
            .timeout(Duration::from_secs(10))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
    };
    refused(
        &["config".as_ref(), "--check".as_ref(), "--config".as_ref(), fifo.as_os_str()],
        "not a regular file (a named pipe)",
    );

    std::os::unix::fs::symlink("/dev/zero", home.path().join("bookmarks.toml")).expect("link");
    refused(&["bookmarks".as_ref()], "not a regular file (a device)");
}
