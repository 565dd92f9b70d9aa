//! The library end to end: a generated folder of a few thousand documents,
//! the real binary in a pseudo-terminal.

mod common;

use common::pty::Session;

#[test]
fn filter_search_open_and_live_reload_on_a_generated_library() {
    let home = tempfile::tempdir().expect("temp dir");
    let lib = home.path().join("lib");
    for folder in 0..10 {
        let dir = lib.join(format!("shelf-{folder:02}"));
        std::fs::create_dir_all(&dir).expect("dir");
        for n in 0..300 {
            let text = format!(
                "# Note {folder}-{n}\n\nThis is note number {n} on shelf {folder}. It talks about ordinary things.\n\n\
                 ## Details\n\nMore words so the note has a body: alpha beta gamma.\n"
            );
            std::fs::write(dir.join(format!("note-{n:04}.md")), text).expect("write");
        }
    }
    std::fs::write(lib.join("shelf-03/special.md"), "# The aardvark paper\n\nOnly here: xylophone quartz.\n")
        .expect("write");
    let lib_arg = lib.to_string_lossy().into_owned();
    let mut s = Session::start(&[&lib_arg], 100, 30, home.path());
    s.wait_for("Library (3,001) ─");

    // Fuzzy filter in the list.
    s.keys(&["\t", "/", "a", "a", "r", "d", "v"]);
    let screen = s.wait_for("Library (1 of 3,001");
    assert!(screen.contains("The aardvark paper"), "{screen}");
    s.keys(&["\x1b"]);
    s.wait_for("Library (3,001) ─");

    // Library-wide search, open the hit, n continues in the document.
    s.keys(&["S"]);
    s.send("xylophone");
    let results = s.wait_for("1 hit in 1 document of 3,001");
    assert!(results.contains("Only here: xylophone quartz"), "{results}");
    s.keys(&["\r", "j", "\r"]);
    let opened = s.wait_for("match 1/1");
    assert!(opened.contains("The aardvark paper"), "{opened}");

    // A file changed on disk shows up without a restart.
    std::fs::write(lib.join("shelf-00/note-0000.md"), "# Renamed by hand\n\nNew words.\n").expect("write");
    std::fs::write(lib.join("shelf-09/brand-new.md"), "# A brand new note\n\nHello.\n").expect("write");
    s.keys(&["\t", "/"]);
    s.send("brand new");
    s.wait_for("A brand new note");
    s.keys(&["\x1b", "g"]);
    s.wait_for("Renamed by hand");
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}
