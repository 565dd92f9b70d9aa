//! Subcommands and exit statuses.

mod common;

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
    let out = folio(home.path()).args(["search", "ha noi"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "the seeds say Hanoi, not Ha Noi");
    let out = folio(home.path()).args(["search", "budapest"]).output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("seeds/000_83bf8c942bdf1305.txt:9: Dr. Manish Kumar Singh: First of all"), "{text}");
    let out = folio(home.path()).args(["search", "-e", "7[0-9] (countries|länder)"]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    let bad = folio(home.path()).args(["search", "-e", "(oops"]).output().expect("run");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unclosed"));
}

#[test]
fn list_completions_version_and_usage_errors() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = folio(home.path()).arg("list").output().expect("run");
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
