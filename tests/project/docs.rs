//! The README and `assets/` are made from the code: the key table from
//! `keymap::BINDINGS`, the screen capture from a real frame. These tests
//! fail when they drift; `UPDATE_DOCS=1 cargo test --test integration project::docs` rewrites them.

use crate::common;

use std::path::PathBuf;

use common::{render, screen, seeds_app};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some()
}

/// Checks (or rewrites) the text between `<!-- NAME:start -->` and
/// `<!-- NAME:end -->` in a file.
fn check_section(file: &str, name: &str, expected: &str) {
    let path = root().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let start =
        text.find(&start_marker).unwrap_or_else(|| panic!("{file} lacks {start_marker:?}")) + start_marker.len();
    let end = text[start..].find(&end_marker).unwrap_or_else(|| panic!("{file} lacks {end_marker:?}")) + start;
    if updating() {
        let new = format!("{}{}{}", &text[..start], expected, &text[end..]);
        std::fs::write(&path, new).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    } else {
        assert_eq!(
            &text[start..end],
            expected,
            "{file} section {name} is out of date: run UPDATE_DOCS=1 cargo test --test integration project::docs"
        );
    }
}

#[test]
fn key_table_is_generated_from_the_bindings() {
    let table = folio::keymap::markdown_table();
    let asset = root().join("assets/keys.md");
    let header = "# folio keys\n\nGenerated from `src/keymap.rs` by `UPDATE_DOCS=1 cargo test --test integration project::docs`.\n\n";
    let expected = format!("{header}{table}");
    if updating() {
        std::fs::write(&asset, &expected).unwrap_or_else(|e| panic!("{}: {e}", asset.display()));
    }
    assert_eq!(std::fs::read_to_string(&asset).unwrap_or_default(), expected, "assets/keys.md is out of date");
    check_section("README.md", "keys", &table);
}

#[test]
fn readme_screen_is_a_real_frame() {
    let app = seeds_app(100, 30);
    let frame = screen(&render(&app));
    check_section("README.md", "screen", &format!("```text\n{frame}```\n"));
}

#[test]
fn man_page_is_generated_from_the_command_line_definitions() {
    let page = folio::cli::man_page().expect("rendering the man page");
    let asset = root().join("assets/folio.1");
    if updating() {
        std::fs::write(&asset, &page).unwrap_or_else(|e| panic!("{}: {e}", asset.display()));
    }
    assert_eq!(std::fs::read_to_string(&asset).unwrap_or_default(), page, "assets/folio.1 is out of date");
    assert!(page.contains("folio"));
}
