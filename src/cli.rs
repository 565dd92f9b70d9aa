//! The command line: arguments, choosing between the terminal interface and
//! plain output, and exit statuses.
//!
//! Exit status: 0 on success, 1 for a failure while running, 2 for bad usage
//! or when nothing could be opened.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

use crate::app::{App, Marks, READING_WIDTH};
use crate::history;
use crate::keymap::Keymap;
use crate::output;
use crate::paths::Paths;
use crate::runner::{self, Exit, Msg};
use crate::store::{self, Entry, LoadEvent, Loaded, Origin, Problem};
use crate::ui::Theme;
use crate::{bookmarks, positions};

/// A terminal reader for articles and books.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

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

    /// Keep configuration, bookmarks and state in DIR (also FOLIO_CONFIG_DIR).
    #[arg(long, value_name = "DIR", global = true)]
    pub config_dir: Option<PathBuf>,
}

/// What folio can do besides reading.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every bookmark, grouped by document (or export them).
    Bookmarks {
        /// Print for other tools instead of people.
        #[arg(long, value_enum, value_name = "FORMAT")]
        export: Option<Export>,
    },
}

/// Formats for `bookmarks --export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Export {
    /// A section per document, each passage quoted with its note under it.
    Markdown,
    /// The bookmarks as JSON, as stored.
    Json,
}

fn parse_width(text: &str) -> Result<usize, String> {
    let n: usize = text.parse().map_err(|_| format!("{text:?} is not a number of columns"))?;
    if (20..=1000).contains(&n) { Ok(n) } else { Err(format!("{n} is outside 20..=1000")) }
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

/// Loads everything the arguments name, on this thread (for pipes and
/// `--list`, which print once everything is read).
fn load_all(cli: &Cli) -> Loaded {
    if cli.paths.is_empty() {
        return implicit_input();
    }
    let mut loaded = if cli.paths.iter().any(|p| p.as_os_str() == "-") { load_stdin() } else { Loaded::default() };
    let part = store::load_paths(&file_args(cli));
    loaded.entries.extend(part.entries);
    loaded.problems.extend(part.problems);
    loaded.notices.extend(part.notices);
    loaded
}

/// Without paths: standard input when it brings something, else the seeds.
/// An empty pipe (a cron job, a CI runner) is not a document.
fn implicit_input() -> Loaded {
    if stdin_has_data() {
        let loaded = load_stdin();
        if loaded.entries.iter().any(|e| !e.doc.text.is_empty()) || !loaded.problems.is_empty() {
            return loaded;
        }
    }
    Loaded { entries: store::seeds(), ..Loaded::default() }
}

/// The path arguments other than `-` (standard input, read first).
fn file_args(cli: &Cli) -> Vec<PathBuf> {
    cli.paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect()
}

fn load_stdin() -> Loaded {
    let mut loaded = Loaded::default();
    match store::load_reader(io::stdin().lock()) {
        Ok(doc) => {
            loaded.notices.extend(doc.notices.iter().map(|n| format!("standard input: {n}")));
            loaded.entries.push(Entry::new(doc, Origin::Stdin));
        }
        Err(err) => loaded.problems.push(Problem { path: PathBuf::from("-"), reason: err.to_string() }),
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
    let paths = Paths::resolve(cli.config_dir.as_deref());
    if let Some(Command::Bookmarks { export }) = &cli.command {
        return print_bookmarks(&paths, *export);
    }
    if cli.list || !runner::stdout_is_terminal() { print(cli) } else { interactive(cli) }
}

/// `folio bookmarks`: every bookmark, for people or for tools.
fn print_bookmarks(paths: &Paths, export: Option<Export>) -> Result<ExitCode> {
    let path = paths.bookmarks_file();
    let list = match bookmarks::load(&path) {
        Ok(list) => list,
        Err(err) => {
            eprintln!("folio: {}", crate::sanitize::line(&err.to_string()));
            return Ok(ExitCode::from(1));
        }
    };
    let text = match export {
        Some(Export::Markdown) => bookmarks::to_markdown(&list),
        Some(Export::Json) => {
            let value = serde_json::json!({ "version": bookmarks::VERSION, "bookmarks": list });
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        None => bookmarks_for_people(&list, &path),
    };
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn bookmarks_for_people(list: &[bookmarks::Bookmark], path: &std::path::Path) -> String {
    use crate::sanitize::{line, truncate_words};
    if list.is_empty() {
        return format!("no bookmarks in {}\n", path.display());
    }
    let mut out = String::new();
    for (doc, group) in bookmarks::grouped(list) {
        out.push_str(&format!("{}  ({})\n", line(&doc.title), line(&doc.document)));
        for b in group {
            let excerpt = b.quote.exact.split_whitespace().collect::<Vec<_>>().join(" ");
            let excerpt = line(&excerpt).into_owned();
            out.push_str(&format!(
                "  {}  \"{}\"",
                b.created.get(..10).unwrap_or(&b.created),
                truncate_words(&excerpt, 60)
            ));
            if !b.note.is_empty() {
                out.push_str(&format!("  {}", line(&b.note)));
            }
            out.push('\n');
        }
    }
    out
}

/// Prints the documents (or the table of them) for a pipe.
fn print(cli: &Cli) -> Result<ExitCode> {
    let loaded = load_all(cli);
    let mut stderr = io::stderr().lock();
    for problem in &loaded.problems {
        writeln!(stderr, "folio: {}", sanitized(problem))?;
    }
    for notice in &loaded.notices {
        writeln!(stderr, "folio: {}", crate::sanitize::line(notice))?;
    }
    if loaded.entries.is_empty() {
        writeln!(stderr, "folio: nothing to open")?;
        return Ok(ExitCode::from(2));
    }
    drop(stderr);
    let mut stdout = io::stdout().lock();
    let result = if cli.list {
        output::write_list(&mut stdout, &loaded.entries)
    } else {
        output::write_documents(&mut stdout, &loaded.entries, cli.width)
    };
    match result.and_then(|()| stdout.flush()) {
        // `folio big.txt | head` closes the pipe early: that is success.
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Runs the terminal interface. Files load on a background thread; the
/// first frame waits only for the first document (a preview, for a large
/// file), and exits with status 2 if none can be opened.
fn interactive(cli: &Cli) -> Result<ExitCode> {
    let (tx, rx) = mpsc::channel();
    let mut initial = Loaded::default();
    let mut files = Vec::new();
    if cli.paths.is_empty() {
        initial = implicit_input();
    } else {
        if cli.paths.iter().any(|p| p.as_os_str() == "-") {
            initial = load_stdin();
        }
        let (found, problems) = store::find_files(&file_args(cli));
        files = found;
        initial.problems.extend(problems);
    }
    let mut loading = !files.is_empty();
    if loading {
        let sender = tx.clone();
        store::spawn_loader(files, move |event| sender.send(Msg::Load(event)).is_ok());
    }
    while loading && initial.entries.is_empty() {
        match rx.recv() {
            Ok(Msg::Load(LoadEvent::Entry(entry))) => initial.entries.push(entry),
            Ok(Msg::Load(LoadEvent::Problem(problem))) => initial.problems.push(problem),
            Ok(Msg::Load(LoadEvent::Notice(notice))) => initial.notices.push(notice),
            Ok(Msg::Load(LoadEvent::Done)) | Err(_) => loading = false,
            Ok(_) => {}
        }
    }
    let mut log: Vec<String> = initial.problems.iter().map(|p| format!("could not open {}", sanitized(p))).collect();
    log.extend(initial.notices.iter().map(|n| crate::sanitize::line(n).into_owned()));
    if initial.entries.is_empty() {
        for line in &log {
            eprintln!("folio: {line}");
        }
        eprintln!("folio: nothing to open");
        return Ok(ExitCode::from(2));
    }

    let paths = Paths::resolve(cli.config_dir.as_deref());
    let mut app = App::new(initial.entries, Keymap::default(), (80, 24));
    let (marks, problem) = Marks::loaded(bookmarks::load(&paths.bookmarks_file()));
    app.marks = marks;
    log.extend(problem);
    app.positions = positions::load(&paths.positions_file());
    app.restore_open_position();
    match history::load(&paths.history_file()) {
        Ok(queries) => app.history = queries,
        Err(err) => log.push(format!("could not read the search history {}: {err}", paths.history_file().display())),
    }
    app.reading_width = cli.width;
    app.loading = loading;
    app.status = startup_message(&log);
    app.log = log;
    let options = runner::Options { mouse: !cli.no_mouse, paths };
    let exit = runner::run(&mut app, &Theme::default(), options, (tx, rx))?;
    // What went wrong stays readable after the screen is restored.
    for line in &app.log {
        eprintln!("folio: {line}");
    }
    Ok(match exit {
        Exit::Quit => ExitCode::SUCCESS,
        Exit::Signal(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
    })
}

fn sanitized(problem: &Problem) -> String {
    crate::sanitize::line(&problem.to_string()).into_owned()
}

/// What the status bar says first.
fn startup_message(log: &[String]) -> Option<String> {
    let first = log.first()?;
    Some(if log.len() > 1 { format!("{first} (and {} more)", log.len() - 1) } else { first.clone() })
}
