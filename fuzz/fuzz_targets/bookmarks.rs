//! Any bookmark file: parsing never panics, and what parses writes back
//! to the same bookmarks.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(list) = folio::bookmarks::parse(text, Path::new("b.toml")) {
        let written = folio::bookmarks::to_text(&list).expect("writing what was read");
        let mut back = folio::bookmarks::parse(&written, Path::new("b.toml")).expect("reading what was written");
        let mut list = list;
        folio::bookmarks::apply(&mut list, &[]);
        folio::bookmarks::apply(&mut back, &[]);
        assert_eq!(back, list);
    }
    let _ = folio::config::parse(text);
});
