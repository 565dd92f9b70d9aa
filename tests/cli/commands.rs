//! Subcommands and exit statuses.

use crate::common;

use std::time::Duration;

use assert_cmd::Command;

fn folio(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("folio").expect("binary");
    cmd.env("FOLIO_CONFIG_DIR", home).env_remove("NO_COLOR").timeout(Duration::from_secs(20));
    cmd
}

#[test]
fn config_default_path_and_check() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = folio(home.path()).args(["config", "--default"]).output().expect("run");
    assert!(out.status.success());
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/config.toml")).expect("asset");
    assert_eq!(String::from_utf8_lossy(&out.stdout), shipped);

    let out = folio(home.path()).args(["config", "--path"]).output().expect("run");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.starts_with(&home.path().join("config.toml").display().to_string()), "{printed}");
    assert!(printed.contains("does not exist"));

    let check = folio(home.path()).args(["config", "--check"]).output().expect("run");
    assert!(check.status.success(), "no file is fine");

    std::fs::write(home.path().join("config.toml"), shipped).expect("write");
    assert!(folio(home.path()).args(["config", "--check"]).output().expect("run").status.success());

    std::fs::write(home.path().join("config.toml"), "width = 10\n[keys]\nfly = \"x\"\n").expect("write");
    let out = folio(home.path()).args(["config", "--check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:1:9: width must be between 20 and 1000"), "{err}");
    assert!(err.contains("config.toml:3:1: unknown action \"fly\""), "{err}");

    // --config names another file; an unreadable one is an error.
    let other = home.path().join("other.toml");
    std::fs::write(&other, "width = 70\n").expect("write");
    assert!(
        folio(home.path()).args(["config", "--check", "--config"]).arg(&other).output().expect("run").status.success()
    );
    let missing = folio(home.path()).args(["--config", "/no/such.toml", "config", "--check"]).output().expect("run");
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(folio(home.path()).arg("config").output().expect("run").status.code(), Some(2), "config needs a flag");
}

#[test]
fn search_prints_file_line_text_like_grep() {
    let home = tempfile::tempdir().expect("temp dir");
    // Standard input is not a terminal here: it would be read (issue 18),
    // so the built-in articles are named as a folder.
    let out = folio(home.path()).args(["search", "ha noi", "seeds"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "the seeds say Hanoi, not Ha Noi");
    let out = folio(home.path()).args(["search", "budapest", "seeds"]).output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("seeds/000_83bf8c942bdf1305.txt:9: Dr. Manish Kumar Singh: First of all"), "{text}");
    let out = folio(home.path()).args(["search", "-e", "7[0-9] (countries|länder)", "seeds"]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    let bad = folio(home.path()).args(["search", "-e", "(oops"]).output().expect("run");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unclosed"));
}

#[test]
fn list_completions_version_and_usage_errors() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = folio(home.path()).args(["list", "seeds"]).output().expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 6);
    for shell in ["bash", "zsh", "fish"] {
        let out = folio(home.path()).args(["completions", shell]).output().expect("run");
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("folio"), "{shell}");
    }
    let out = folio(home.path()).arg("--version").output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("folio "));
    assert_eq!(folio(home.path()).arg("--frobnicate").output().expect("run").status.code(), Some(2));
    assert_eq!(folio(home.path()).args(["completions", "tcsh"]).output().expect("run").status.code(), Some(2));
}

#[test]
fn library_roots_come_from_the_configuration() {
    let home = tempfile::tempdir().expect("temp dir");
    let lib = home.path().join("articles");
    std::fs::create_dir_all(&lib).expect("dir");
    std::fs::write(lib.join("one.txt"), "An article from the library.\n").expect("write");
    std::fs::write(home.path().join("config.toml"), format!("library = [{:?}]\n", lib.display().to_string()))
        .expect("write");
    let out = folio(home.path()).arg("list").output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("one.txt") && !text.contains("seeds/"), "{text}");
}

/// Defect: `folio search` printed the line of the rendered text, not of the
/// file, for Markdown (`:19:` where grep says 69), and the paths relative
/// to the folder walked instead of as given.
#[test]
fn search_reports_lines_of_the_file_on_disk_as_grep_does() {
    let home = tempfile::tempdir().expect("temp dir");
    let corpus = common::corpus_dir();
    let out = folio(home.path())
        .current_dir(&corpus)
        .args(["search", "async fn", "rfcs/2394-async_await.md"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("rfcs/2394-async_await.md:69: async fn function(argument: &str) -> usize {"), "{text}");

    // Over every RFC: each line printed is that line of the file, and it
    // holds the word; nearly every line grep finds is found.
    let out = folio(home.path()).current_dir(&corpus).args(["search", "Result", "rfcs"]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut printed = 0;
    for line in text.lines() {
        let mut parts = line.splitn(3, ':');
        let (path, number, shown) =
            (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let number: usize = number.parse().unwrap_or_else(|_| panic!("no line number in {line:?}"));
        let file = std::fs::read_to_string(corpus.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let source = file.lines().nth(number - 1).unwrap_or_else(|| panic!("{path} has no line {number}"));
        assert_eq!(source.trim(), shown.trim(), "{line}");
        assert!(source.contains("Result"), "{line}");
        printed += 1;
    }
    let mut grep = 0;
    for entry in std::fs::read_dir(corpus.join("rfcs")).expect("rfcs") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            grep += std::fs::read_to_string(&path).expect("read").lines().filter(|l| l.contains("Result")).count();
        }
    }
    assert!(printed * 100 >= grep * 95, "folio found {printed} lines, grep {grep}");

    // JSON lines, in ripgrep's shape.
    let out = folio(home.path())
        .current_dir(&corpus)
        .args(["search", "--json", "async fn", "rfcs/2394-async_await.md"])
        .output()
        .expect("run");
    let first = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_owned();
    let value: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(value["type"], "match");
    assert_eq!(value["data"]["path"]["text"], "rfcs/2394-async_await.md");
    assert_eq!(value["data"]["line_number"], 69);
    assert_eq!(value["data"]["submatches"][0]["match"]["text"], "async fn");
    assert_eq!(value["data"]["submatches"][0]["start"], 0);
}

/// JSON output escapes what would act on a terminal: C1 controls and bidi
/// overrides, not only C0.
#[test]
fn search_json_escapes_every_control() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = home.path().join("evil.txt");
    std::fs::write(&file, "needle \u{9b}2J \u{9d}0;x\u{9c} \u{202e}abc \u{1b}[31m\n").expect("write");
    let out = folio(home.path()).arg("search").arg("--json").arg("needle").arg(&file).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(r"\u009b") && text.contains(r"\u009d") && text.contains(r"\u202e") && text.contains(r"\u001b"),
        "{text}"
    );
    assert!(!text.chars().any(|c| c.is_control() && c != '\n' || c == '\u{202e}'), "{text:?}");
    serde_json::from_str::<serde_json::Value>(text.trim()).expect("still valid JSON");
}

/// Issue 18: `folio search` takes grep's `-l`, `-c` and `-C N`.
#[test]
fn search_takes_greps_list_count_and_context_options() {
    let home = tempfile::tempdir().expect("temp dir");
    let corpus = common::corpus_dir();
    let run = |args: &[&str]| {
        let out = folio(home.path()).current_dir(&corpus).args(args).output().expect("run");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, text) = run(&["search", "-l", "static_assert", "rfcs"]);
    assert_eq!(code, Some(0));
    assert_eq!(text.lines().collect::<Vec<_>>(), ["rfcs/1096-remove-static-assert.md", "rfcs/2526-const-wildcard.md"]);
    let (_, text) = run(&["search", "-c", "static_assert", "rfcs"]);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        ["rfcs/1096-remove-static-assert.md:10", "rfcs/2526-const-wildcard.md:3"]
    );
    let (_, text) = run(&["search", "-C", "1", "Remove the", "rfcs/1096-remove-static-assert.md"]);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "rfcs/1096-remove-static-assert.md-7-",
            "rfcs/1096-remove-static-assert.md:8: Remove the `static_assert` feature.",
            "rfcs/1096-remove-static-assert.md-9-",
        ]
    );
    let (_, text) = run(&["search", "-A", "2", "-e", "To recap|Throughout its", "rfcs/1096-remove-static-assert.md"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.iter().filter(|l| **l == "--").count(), 1, "two groups: {text}");
    assert_eq!(lines.len(), 7, "{text}");
    let (code, _) = run(&["search", "-l", "-c", "x", "rfcs"]);
    assert_eq!(code, Some(2), "-l and -c together are a usage error");
}

/// Issue 18: `folio list` shows each document's publication date.
#[test]
fn list_shows_publication_dates() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = folio(home.path())
        .current_dir(common::corpus_dir())
        .args(["list", "rfcs/0001-private-fields.md", "rfcs/2394-async_await.md"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("  DATE  "), "{text}");
    assert!(lines[1].contains(" 2014-03-11 ") && lines[1].ends_with("0001-private-fields.md"), "{text}");
    assert!(lines[2].contains(" 2018-03-30 "), "{text}");
}
