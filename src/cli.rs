//! The command line: arguments, choosing between the terminal interface and
//! plain output, and exit statuses.
//!
//! Exit status: 0 on success, 1 for a failure while running, 2 for bad usage
//! or when nothing could be opened.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::Parser;

use crate::app::{App, READING_WIDTH};
use crate::keymap::Keymap;
use crate::output;
use crate::runner::{self, Exit};
use crate::store::{self, Entry, Loaded, Origin, Problem};
use crate::ui::Theme;

/// A terminal reader for articles and books.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None)]
pub struct Cli {
    /// Files or folders to read (folders are searched for .txt, .text, .md
    /// and .markdown files); `-` reads standard input. With none, folio opens
    /// its built-in articles, or standard input when it is a pipe.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Print the library as a table and exit.
    #[arg(long)]
    pub list: bool,

    /// Width of the reading column, in columns.
    #[arg(long, value_name = "COLUMNS", default_value_t = READING_WIDTH, value_parser = parse_width)]
    pub width: usize,

    /// Do not capture the mouse (leaves text selection to the terminal).
    #[arg(long)]
    pub no_mouse: bool,
}

fn parse_width(text: &str) -> Result<usize, String> {
    let n: usize = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of columns"))?;
    if (20..=1000).contains(&n) {
        Ok(n)
    } else {
        Err(format!("{n} is outside 20..=1000"))
    }
}

/// Whether standard input is a pipe or a file rather than a terminal or
/// nothing at all (`/dev/null` in a service is not a document).
fn stdin_has_data() -> bool {
    if io::stdin().is_terminal() {
        return false;
    }
    std::fs::metadata("/dev/stdin").is_ok_and(|m| {
        use std::os::unix::fs::FileTypeExt;
        m.file_type().is_fifo() || m.is_file()
    })
}

/// Builds the library the arguments ask for.
fn load(cli: &Cli) -> Loaded {
    if cli.paths.is_empty() {
        if stdin_has_data() {
            return load_stdin();
        }
        return Loaded {
            entries: store::seeds(),
            ..Loaded::default()
        };
    }
    let mut loaded = Loaded::default();
    // Keep the order of the arguments, with `-` where it was given.
    let mut pending: Vec<PathBuf> = Vec::new();
    let flush = |pending: &mut Vec<PathBuf>, loaded: &mut Loaded| {
        let part = store::load_paths(pending);
        loaded.entries.extend(part.entries);
        loaded.problems.extend(part.problems);
        loaded.notices.extend(part.notices);
        pending.clear();
    };
    for path in &cli.paths {
        if path.as_os_str() == "-" {
            flush(&mut pending, &mut loaded);
            let part = load_stdin();
            loaded.entries.extend(part.entries);
            loaded.problems.extend(part.problems);
            loaded.notices.extend(part.notices);
        } else {
            pending.push(path.clone());
        }
    }
    flush(&mut pending, &mut loaded);
    loaded
}

fn load_stdin() -> Loaded {
    let mut loaded = Loaded::default();
    match store::load_reader(io::stdin().lock()) {
        Ok(doc) => {
            loaded
                .notices
                .extend(doc.notices.iter().map(|n| format!("standard input: {n}")));
            loaded.entries.push(Entry {
                doc: Arc::new(doc),
                origin: Origin::Stdin,
            });
        }
        Err(err) => loaded.problems.push(Problem {
            path: PathBuf::from("-"),
            reason: err.to_string(),
        }),
    }
    loaded
}

/// Runs folio with the process's arguments.
#[must_use]
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            runner::restore_terminal();
            eprintln!("folio: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    let loaded = load(cli);
    let mut stderr = io::stderr().lock();
    for problem in &loaded.problems {
        writeln!(stderr, "folio: {}", sanitized(problem))?;
    }
    if loaded.entries.is_empty() {
        writeln!(stderr, "folio: nothing to open")?;
        return Ok(ExitCode::from(2));
    }
    let interactive = runner::stdout_is_terminal();
    if !interactive || cli.list {
        for notice in &loaded.notices {
            writeln!(stderr, "folio: {}", crate::sanitize::line(notice))?;
        }
    }
    drop(stderr);

    let mut stdout = io::stdout().lock();
    let printed = if cli.list {
        Some(output::write_list(&mut stdout, &loaded.entries))
    } else if !interactive {
        Some(output::write_documents(
            &mut stdout,
            &loaded.entries,
            cli.width,
        ))
    } else {
        None
    };
    if let Some(result) = printed {
        return match result.and_then(|()| stdout.flush()) {
            // `folio big.txt | head` closes the pipe early: that is success.
            Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err.into()),
            _ => Ok(ExitCode::SUCCESS),
        };
    }
    drop(stdout);

    let mut app = App::new(loaded.entries, Keymap::default(), (80, 24));
    app.reading_width = cli.width;
    app.status = startup_message(&loaded.problems, &loaded.notices);
    let exit = runner::run(
        app,
        &Theme::default(),
        runner::Options {
            mouse: !cli.no_mouse,
        },
    )?;
    Ok(match exit {
        Exit::Quit => ExitCode::SUCCESS,
        Exit::Signal(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
    })
}

fn sanitized(problem: &Problem) -> String {
    crate::sanitize::line(&problem.to_string()).into_owned()
}

/// What the status bar says first: problems before notices.
fn startup_message(problems: &[Problem], notices: &[String]) -> Option<String> {
    let more = |n: usize| {
        if n > 1 {
            format!(" (and {} more; see stderr)", n - 1)
        } else {
            String::new()
        }
    };
    if let Some(first) = problems.first() {
        return Some(format!("could not open {first}{}", more(problems.len())));
    }
    notices
        .first()
        .map(|n| format!("{n}{}", more(notices.len())))
}
