//! The shape of the code, checked: the core knows nothing of the terminal,
//! and `App` has one way in. These read the source, so a change that
//! breaks the layering fails here, not in review.

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Code lines of a file: comments and doc comments left out.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("source");
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim().to_owned())).filter(|(_, l)| !l.starts_with("//")).collect()
}

/// The terminal's edge: the panes, the event loop, the command line.
fn is_edge(path: &Path) -> bool {
    let rel = path.strip_prefix(src()).expect("under src");
    rel.starts_with("ui") || rel.starts_with("cli") || ["runner.rs", "main.rs"].iter().any(|f| rel == Path::new(f))
}

#[test]
fn the_core_imports_neither_ratatui_nor_crossterm() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let core: Vec<&PathBuf> = files.iter().filter(|p| !is_edge(p)).collect();
    assert!(core.len() > 20, "the core was found: {core:?}");
    let mut offences = Vec::new();
    for path in core {
        for (n, line) in code_lines(path) {
            if line.contains("ratatui") || line.contains("crossterm") {
                offences.push(format!("{}:{n}: {line}", path.display()));
            }
        }
    }
    assert!(offences.is_empty(), "the core must not know the terminal:\n{}", offences.join("\n"));
}

/// The parts of `App` own their fields: private to the part's file, so
/// no other file can change them except through the part's methods.
/// The parts made so far, by file: a new part is added here.
const PARTS: &[(&str, &str)] = &[("app/library.rs", "Library"), ("app/desk.rs", "Desk")];

#[test]
fn the_app_s_parts_have_no_public_field() {
    for (file, part) in PARTS {
        let lines = code_lines(&src().join(file));
        let open = format!("pub struct {part} {{");
        let start = lines.iter().position(|(_, l)| *l == open).unwrap_or_else(|| panic!("struct {part}"));
        let end = lines[start..].iter().position(|(_, l)| l == "}").expect("its end") + start;
        assert!(end > start + 5, "the struct was read whole");
        let public: Vec<String> = lines[start + 1..end]
            .iter()
            .filter(|(_, l)| l.starts_with("pub"))
            .map(|(n, l)| format!("{file}:{n}: {l}"))
            .collect();
        assert!(public.is_empty(), "{part} owns its fields; give it a method instead:\n{}", public.join("\n"));
    }
}

#[test]
fn app_has_no_public_field() {
    let lines = code_lines(&src().join("app/mod.rs"));
    let start = lines.iter().position(|(_, l)| l == "pub struct App {").expect("struct App");
    let end = lines[start..].iter().position(|(_, l)| l == "}").expect("its end") + start;
    let public: Vec<String> =
        lines[start + 1..end].iter().filter(|(_, l)| l.starts_with("pub")).map(|(n, l)| format!("{n}: {l}")).collect();
    assert!(end > start + 10, "the struct was read whole");
    assert!(
        public.is_empty(),
        "App's fields are private; use App::new(Startup) and update(Msg):\n{}",
        public.join("\n")
    );
}

#[test]
fn only_update_changes_the_app_from_outside() {
    // Every `pub fn` of App that takes `&mut self` is a way in; there is one.
    let mut files = Vec::new();
    rust_files(&src().join("app"), &mut files);
    let mut ways_in = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("source");
        let mut in_app_impl = false;
        for line in text.lines() {
            if line.starts_with("impl App {") {
                in_app_impl = true;
            } else if line.starts_with('}') {
                in_app_impl = false;
            } else if in_app_impl && line.trim_start().starts_with("pub fn") && line.contains("&mut self") {
                ways_in.push(line.trim().to_owned());
            }
        }
    }
    assert_eq!(ways_in, ["pub fn update(&mut self, msg: Msg) -> Vec<Effect> {"]);
}

/// `impl App` is in `app/mod.rs` alone: a part's logic goes on the part
/// (the outline's and the selection's on the reader, the list's on the
/// list view, the links' as outcomes, the bookmarks' on `Marks`, the
/// glue between the document side's parts on the `Desk`, each overlay's
/// in its file), and `App` keeps only the glue that routes a message to
/// a part and one part's outcome to another. Its read side (what the panes read) is in
/// `app/view.rs`, where no method may take `&mut self`.
const STILL_ADDING_TO_APP: &[&str] = &["app/mod.rs", "app/view.rs"];

#[test]
fn impl_app_is_in_app_mod_rs_alone() {
    let mut files = Vec::new();
    rust_files(&src().join("app"), &mut files);
    let mut adding: Vec<String> = files
        .iter()
        .filter(|p| code_lines(p).iter().any(|(_, l)| l.starts_with("impl App ") || l.starts_with("impl super::App ")))
        .map(|p| p.strip_prefix(src()).expect("under src").to_string_lossy().replace('\\', "/"))
        .collect();
    adding.sort();
    assert_eq!(adding, STILL_ADDING_TO_APP, "put a part's logic on the part and the glue in app/mod.rs");
}

#[test]
fn the_app_s_read_side_changes_nothing() {
    let path = src().join("app").join("view.rs");
    let changing: Vec<String> = code_lines(&path)
        .into_iter()
        .filter(|(_, l)| l.contains("&mut self") || l.contains("Cell<") || l.contains("RefCell"))
        .map(|(n, l)| format!("{n}: {l}"))
        .collect();
    assert!(changing.is_empty(), "app/view.rs only reads the app: {changing:?}");
}

/// The library's modules are split by job and depend one way: the entry
/// model, walking and reading know nothing of the loader or the index,
/// and the index reads files through `read`, not the loader (they once
/// formed a cycle).
#[test]
fn the_library_s_modules_depend_one_way() {
    let below: [(&str, &[&str]); 4] = [
        ("library/entry.rs", &["loader", "index", "walk", "watch", "search"]),
        ("library/read.rs", &["loader", "index", "walk", "watch", "search"]),
        ("library/walk.rs", &["loader", "index", "watch", "search"]),
        ("library/index.rs", &["loader", "watch", "search"]),
    ];
    let mut offences = Vec::new();
    for (file, forbidden) in below {
        for (n, line) in code_lines(&src().join(file)) {
            for module in forbidden {
                if line.contains(&format!("super::{module}")) || line.contains(&format!("library::{module}")) {
                    offences.push(format!("{file}:{n}: {line}"));
                }
            }
        }
    }
    assert!(offences.is_empty(), "a lower module of the library reaches up:\n{}", offences.join("\n"));
}

/// Each overlay is its own file under `app/overlay/`, answering through
/// `Layer`, and named once in the `overlays!` list that makes the enum: a
/// new one is its file, that line, its keys and its pane.
#[test]
fn each_overlay_is_its_own_file_named_once() {
    let dir = src().join("app").join("overlay");
    let list = std::fs::read_to_string(dir.join("mod.rs")).expect("overlay/mod.rs");
    let start = list.find("overlays! {").expect("the list of overlays");
    let end = list[start..].find("\n}").expect("its end") + start;
    let named: Vec<(String, String)> = list[start..end]
        .lines()
        .filter_map(|l| {
            let (_, inner) = l.trim().strip_suffix("),")?.split_once('(')?;
            let (file, part) = inner.split_once("::")?;
            Some((file.to_owned(), part.to_owned()))
        })
        .collect();
    assert!(named.len() >= 6, "the list was read: {named:?}");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("app/overlay")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f != "mod.rs")
        .collect();
    files.sort();
    let mut listed: Vec<String> = named.iter().map(|(f, _)| format!("{f}.rs")).collect();
    listed.sort();
    assert_eq!(files, listed, "every file under app/overlay/ is an overlay of the list, and each has its file");
    for (file, part) in &named {
        let text = std::fs::read_to_string(dir.join(format!("{file}.rs"))).expect("the overlay's file");
        assert!(text.contains(&format!("impl Layer for {part} {{")), "{file}.rs answers through Layer");
    }
}
