//! The real binary in a pseudo-terminal: a selection copied with `y`
//! reaches the terminal as OSC 52, its text exactly, nothing raw in it.

use crate::common::pty::Session;
use crate::reading::links::decode_base64;

#[test]
fn y_on_a_selection_writes_its_text_in_osc_52() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("passage.txt");
    std::fs::write(
        &path,
        "A short title\n\nThe first paragraph, hard-wrapped at a narrow width by its author, has\nan \u{202e}override and ends here after a few more words on this line\nand then a last line that closes the paragraph at its full stop.\n\nThe second paragraph is not selected, and it is as long as the first one\nso that the text reads as hard-wrapped prose, the way books are kept.\n",
    )
    .expect("write");
    let mut s = Session::start(&[&path.to_string_lossy()], 100, 30, home.path());
    s.wait_for("A short title");
    s.send("/The first\r");
    s.wait_for("match 1/1");
    s.keys(&["v", "}"]);
    s.wait_for("VISUAL 38 words");
    s.keys(&["y"]);
    s.wait_for("copied 38 words");
    let raw = s.raw();
    let start = raw.windows(7).position(|w| w == b"\x1b]52;c;").expect("an OSC 52 sequence") + 7;
    let end = start + raw[start..].iter().position(|&b| b == 0x07).expect("its end");
    let payload = decode_base64(&raw[start..end]);
    assert_eq!(
        String::from_utf8_lossy(&payload),
        "The first paragraph, hard-wrapped at a narrow width by its author, has an <U+202E>override and ends here after a few more words on this line and then a last line that closes the paragraph at its full stop."
    );
    s.keys(&["q"]);
    assert_eq!(s.wait_exit(), 0);
}
