//! The command line: arguments, subcommands, choosing between the terminal
//! interface and plain output, and exit statuses.
//!
//! Exit status: 0 on success, 1 for a failure while running (and for
//! `search` finding nothing, as grep does), 2 for bad usage or when nothing
//! could be opened.
//!
//! This file holds the arguments, the set-up every command shares and the
//! choice of command; each command is in its own file (`search`, `print`
//! for plain output, `bookmarks_command`, `config_command`, `interactive`
//! for the terminal interface), which takes this file's imports with
//! `use super::*`.

/// Prints a line to standard output, as `println!` does, except that a
/// closed pipe (`folio update | head`) neither panics nor stops the work
/// (the articles are still saved).
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(&mut std::io::stdout(), format_args!("{}\n", format_args!($($arg)*)));
    }};
}

mod bookmarks_command;
mod config_command;
mod feeds_command;
mod import_command;
mod interactive;
mod print;
mod save_command;
mod search;

use std::io::{self, IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::{Context, Result};
use clap::{ArgGroup, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::app::{App, Msg, Startup};
use crate::chunked::{Input, Opened};
use crate::config::{self, ColorSupport, Config, WIDTH_RANGE};
use crate::document::Reflow;
use crate::library::{self, Entry, LoadEvent, Loaded, Origin, Problem};
use crate::paths::Paths;
use crate::runner::{self, Exit, Incoming};
use crate::sanitize;
use crate::search::Query;
use crate::{bookmarks, history, output, positions};

use bookmarks_command::*;
use config_command::*;
use import_command::*;
use interactive::*;
use print::*;
use save_command::*;
use search::*;

/// A terminal reader for articles and books.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or folders to read; `-` reads standard input (the text of
    /// this help is [`paths_help`], which names the extensions).
    #[arg(value_name = "PATH", help = paths_help())]
    pub paths: Vec<PathBuf>,

    /// Print each document as one line of JSON (path, title, byline, site,
    /// date, language, text) instead of wrapped text, for scripts.
    #[arg(long)]
    pub json: bool,

    /// Print the library as a table and exit (same as `folio list`).
    #[arg(long)]
    pub list: bool,

    /// Width of the reading column, in columns (overrides the configuration).
    #[arg(long, value_name = "COLUMNS", value_parser = parse_width)]
    pub width: Option<usize>,

    /// Show plain text's lines as they are in the file: never join two
    /// lines (the configuration's `reflow = "never"`; `r` cycles while
    /// reading).
    #[arg(long, global = true)]
    pub no_reflow: bool,

    /// Do not capture the mouse (leaves text selection to the terminal).
    #[arg(long)]
    pub no_mouse: bool,

    /// Read at most this many MiB from standard input or a named pipe
    /// (default 512; output to a pipe streams and has no such limit).
    #[arg(long, value_name = "MIB", global = true)]
    pub stream_limit: Option<u64>,

    /// Read documents in this encoding (windows-1252, latin1, koi8-r,
    /// utf-16le, ...) instead of UTF-8 or the one detected.
    #[arg(long, value_name = "NAME", global = true)]
    pub encoding: Option<String>,

    /// Read standard input as this format instead of the one its content
    /// shows (the text of this help is [`format_help`]).
    #[arg(long, value_name = "FORMAT", global = true, help = format_help())]
    pub format: Option<String>,

    /// Read the configuration from FILE instead of config.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Keep configuration, bookmarks and state in DIR (also FOLIO_CONFIG_DIR).
    #[arg(long, value_name = "DIR", global = true)]
    pub config_dir: Option<PathBuf>,

    /// Keep derived data (the library's metadata cache) in DIR (also
    /// FOLIO_CACHE_DIR); deleting it loses nothing.
    #[arg(long, value_name = "DIR", global = true)]
    pub cache_dir: Option<PathBuf>,
}

/// What folio can do besides reading.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every bookmark, grouped by document (or export them).
    Bookmarks {
        /// Print for other tools instead of people: Markdown for
        /// note-taking apps (passages in reading order, with their notes,
        /// chapters and positions), or JSON with every field.
        #[arg(long, value_enum, value_name = "FORMAT")]
        export: Option<Export>,
        /// Only this document's (its name as in the bookmarks file, such
        /// as notes/a.txt, or its title).
        #[arg(long, value_name = "DOCUMENT")]
        document: Option<String>,
    },
    /// Show, locate or check the configuration file.
    #[command(group(ArgGroup::new("what").required(true)))]
    Config {
        /// Print the fully commented default configuration.
        #[arg(long, group = "what")]
        default: bool,
        /// Print where the configuration is read from.
        #[arg(long, group = "what")]
        path: bool,
        /// Check the configuration; exits with 1 when something is wrong.
        #[arg(long, group = "what")]
        check: bool,
    },
    /// Search documents and print hits as FILE:LINE: TEXT (exit 1: no hit).
    Search {
        /// What to find (smart case, smart accents, as inside folio).
        query: String,
        /// Files or folders (default: the library, or the built-in articles).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Treat QUERY as a regular expression.
        #[arg(long, short = 'e')]
        regex: bool,
        /// Print each matching line as a JSON object (ripgrep's `match`
        /// messages: path, lines, line_number, absolute_offset, submatches).
        #[arg(long, conflicts_with_all = ["files_with_matches", "count", "context", "before", "after"])]
        json: bool,
        /// Print only the names of documents with a match.
        #[arg(long, short = 'l', conflicts_with_all = ["count", "context", "before", "after"])]
        files_with_matches: bool,
        /// Print how many lines match in each document with a match, as
        /// FILE:COUNT.
        #[arg(long, short = 'c', conflicts_with_all = ["context", "before", "after"])]
        count: bool,
        /// Print NUM lines of context around each matching line (as
        /// FILE-LINE- TEXT; `--` between groups).
        #[arg(long, short = 'C', value_name = "NUM")]
        context: Option<usize>,
        /// Print NUM lines of context before each matching line.
        #[arg(long, short = 'B', value_name = "NUM")]
        before: Option<usize>,
        /// Print NUM lines of context after each matching line.
        #[arg(long, short = 'A', value_name = "NUM")]
        after: Option<usize>,
    },
    /// Print the library as a table.
    List {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Save web articles as Markdown files in the articles folder (each
    /// address once; none given: read them from standard input, one a line).
    Save {
        /// Web addresses (http://, https://); `-` reads them from standard input.
        #[arg(value_name = "URL")]
        urls: Vec<String>,
        /// Fetch an article saved before again, in place.
        #[arg(long)]
        refresh: bool,
    },
    /// Bring in a read-it-later export: Pocket's CSV or HTML, Instapaper's
    /// CSV, Omnivore's or wallabag's JSON, a bookmarks file or a list of
    /// addresses. Each article is fetched and saved as `save` does, with its
    /// tags and the date it was first saved; what is saved already is skipped.
    Import {
        /// The export file.
        file: PathBuf,
        /// Articles fetched at once (at most two from one site).
        #[arg(long, default_value_t = 4, value_name = "N")]
        jobs: usize,
    },
    /// Follow feeds (RSS, Atom, JSON Feed): add, list, remove, OPML import
    /// and export. Without a subcommand, lists them.
    Feeds {
        #[command(subcommand)]
        action: Option<feeds_command::FeedsCommand>,
    },
    /// Fetch every feed followed (or those named) and save each new item's
    /// article as `save` does (from the feed's own text when its page
    /// cannot be fetched); a feed that fails is reported, the others go on.
    Update {
        /// Feeds to update (addresses or numbers from `folio feeds`).
        #[arg(value_name = "FEED")]
        feeds: Vec<String>,
        /// Articles fetched at once (at most two from one site).
        #[arg(long, default_value_t = 4, value_name = "N")]
        jobs: usize,
    },
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
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

/// Shells for `completions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

fn parse_width(text: &str) -> Result<usize, String> {
    let n: usize = text.parse().map_err(|_| format!("{text:?} is not a number of columns"))?;
    if WIDTH_RANGE.contains(&n) { Ok(n) } else { Err(format!("{n} is outside 20..=1000")) }
}

/// The man page, generated from the same definitions as `--help`.
///
/// # Errors
/// Never in practice (writing to memory).
pub fn man_page() -> io::Result<String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Settings in force: the directories, the configuration and its problems.
struct Setup {
    paths: Paths,
    config: Config,
    problems: Vec<config::Problem>,
}

impl Setup {
    fn new(cli: &Cli) -> Result<Self> {
        let mut paths = Paths::resolve(cli.config_dir.as_deref());
        if let Some(file) = &cli.config {
            paths.config_file.clone_from(file);
        }
        if let Some(dir) = &cli.cache_dir {
            paths.cache_dir.clone_from(dir);
        }
        if cli.config.is_some() && !paths.config_file.exists() {
            anyhow::bail!("{}: no such configuration file", paths.config_file.display());
        }
        let (config, problems) = match config::load(&paths.config_file) {
            Ok(loaded) => loaded,
            // An explicit --config that cannot be read is a usage error.
            Err(err) if cli.config.is_some() => {
                return Err(err).with_context(|| format!("reading {}", paths.config_file.display()));
            }
            Err(err) => {
                let problem = config::Problem { line: 1, column: 1, message: format!("cannot read the file: {err}") };
                (Config::default(), vec![problem])
            }
        };
        crate::document::set_reflow(if cli.no_reflow { Reflow::Never } else { config.reflow });
        Ok(Self { paths, config, problems })
    }

    fn width(&self, cli: &Cli) -> usize {
        cli.width.unwrap_or(self.config.width)
    }

    /// The paths to read: those given, else the configured library.
    fn library(&self, given: &[PathBuf]) -> Vec<PathBuf> {
        if given.is_empty() { self.config.library.clone() } else { given.to_vec() }
    }

    /// The articles folder, when it holds something and is not already in
    /// `library`: what `save`, `import` and `update` kept is part of the
    /// library the reader opens without paths, beside the configured
    /// folders (or the built-in articles).
    fn saved_articles(&self, library: &[PathBuf]) -> Option<PathBuf> {
        let dir = save_command::articles_dir(self);
        let has_some = std::fs::read_dir(&dir).ok()?.flatten().any(|e| e.path().extension().is_some_and(|x| x == "md"));
        let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let inside = library.iter().any(|root| real(&dir).starts_with(real(root)));
        (has_some && !inside).then_some(dir)
    }
}

/// Whether standard input was given: anything but a terminal (a pipe, a
/// file, `/dev/null`). As with `cat` and `bat`, what was given is read,
/// even when it is empty.
fn stdin_given() -> bool {
    !io::stdin().is_terminal()
}

/// Without paths: standard input when it was given, else the seeds.
fn implicit_input() -> Loaded {
    if stdin_given() {
        return load_stdin();
    }
    Loaded { entries: library::seeds(), ..Loaded::default() }
}

/// What the screen says when standard input brought nothing.
const EMPTY_STDIN: &str = "standard input is empty";

/// The path arguments other than `-` (standard input, read first) and
/// web addresses (fetched first).
fn file_args(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().filter(|p| p.as_os_str() != "-" && !is_web(p)).cloned().collect()
}

/// Whether an argument is a web address rather than a path.
fn is_web(path: &Path) -> bool {
    path.to_str().is_some_and(crate::web::is_url)
}

/// The web addresses among the arguments, fetched one after the other
/// (standard error says which while it waits, when it is a terminal):
/// each a document, or a problem saying why not.
fn fetch_urls(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    for url in paths.iter().filter(|p| is_web(p)).filter_map(|p| p.to_str()) {
        if io::stderr().is_terminal() {
            eprintln!("folio: fetching {}", sanitize::line(url));
        }
        match crate::web::fetch(url).and_then(crate::web::document) {
            Ok(doc) => {
                let origin = Origin::Web(doc.source.as_ref().map_or_else(|| url.to_owned(), |s| s.url.clone()));
                loaded.notices.extend(doc.notices.iter().map(|n| format!("{url}: {n}")));
                loaded.entries.push(Entry::new(doc, origin));
            }
            Err(err) => loaded.problems.push(Problem { path: PathBuf::from(url), reason: web_reason(&err, url) }),
        }
    }
    loaded
}

/// A fetch error without the address it starts with (a problem is shown
/// as `PATH: REASON`).
fn web_reason(err: &crate::web::FetchError, url: &str) -> String {
    let text = err.to_string();
    let shown = sanitize::truncate_words(&sanitize::line(url), 200).into_owned();
    text.strip_prefix(&format!("{shown}: ")).map_or(text.clone(), str::to_owned)
}

fn load_stdin() -> Loaded {
    let mut loaded = Loaded::default();
    match library::load_reader(io::stdin().lock()) {
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
            eprintln!("folio: {}", sanitize::line(&format!("{err:#}")));
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    if let Some(label) = &cli.encoding
        && let Err(message) = crate::document::force_encoding(label)
    {
        eprintln!("folio: {}", sanitize::line(&message));
        return Ok(ExitCode::from(2));
    }
    if let Some(format) = &cli.format
        && let Err(message) = crate::document::force_format(format)
    {
        eprintln!("folio: {}", sanitize::line(&message));
        return Ok(ExitCode::from(2));
    }
    if let Some(mib) = cli.stream_limit {
        library::STREAM_LIMIT.store(mib.max(1).saturating_mul(1 << 20), std::sync::atomic::Ordering::Relaxed);
    }
    let setup = Setup::new(cli)?;
    match &cli.command {
        Some(Command::Bookmarks { export, document }) => print_bookmarks(&setup, *export, document.as_deref()),
        Some(Command::Config { default, path, check }) => config_command(&setup, *default, *path, *check),
        Some(Command::Search { query, paths, regex, json, files_with_matches, count, context, before, after }) => {
            let shape = if *json {
                Shape::Json
            } else if *files_with_matches {
                Shape::Files
            } else if *count {
                Shape::Count
            } else {
                let around = context.unwrap_or(0);
                Shape::Lines { before: before.unwrap_or(around), after: after.unwrap_or(around) }
            };
            search_command(&setup, &Query { text: query.clone(), regex: *regex }, paths, shape)
        }
        Some(Command::List { paths }) => print(&setup, &setup.library(paths), None, false),
        Some(Command::Save { urls, refresh }) => save_command(&setup, urls, *refresh),
        Some(Command::Import { file, jobs }) => import_command(&setup, file, *jobs),
        Some(Command::Feeds { action }) => feeds_command::feeds_command(&setup, action.as_ref()),
        Some(Command::Update { feeds, jobs }) => feeds_command::update_command(&setup, feeds, *jobs),
        Some(Command::Completions { shell }) => {
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            clap_complete::generate(shell, &mut Cli::command(), "folio", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        None if cli.list => print(&setup, &setup.library(&cli.paths), None, false),
        None if cli.json || !runner::stdout_is_terminal() => {
            print(&setup, &setup.library(&cli.paths), Some(setup.width(cli)), cli.json)
        }
        None => interactive(cli, setup),
    }
}

/// Writes `text` to standard output; a closed pipe is not an error.
fn write_out(text: &[u8]) -> Result<ExitCode> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text).and_then(|()| stdout.flush()) {
        // `folio big.txt | head` closes the pipe early: that is success.
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// A line of a file with matches: its number, its range, the matches.
type HitLine = (usize, Range<usize>, Vec<Range<usize>>);

/// The help of the PATH argument, naming the extensions from the table of
/// formats.
fn paths_help() -> String {
    format!(
        "Files, folders or web addresses (http://, https://) to read (folders are searched for {} files); `-` reads standard input. With none: the \
         `library` of the configuration, else standard input when it is a pipe, else the built-in articles.",
        crate::document::format::extension_list()
    )
}

/// The help of `--format`, naming the formats from the table.
fn format_help() -> String {
    let names: Vec<&str> = crate::document::format::FORMATS.iter().map(|f| f.name).collect();
    format!("Read standard input as this format ({}) instead of the one its content shows", names.join(", "))
}

/// What to say when no document could be opened: which paths were tried
/// and what folio reads.
fn nothing_to_open(paths: &[PathBuf]) -> String {
    let named: Vec<String> = paths.iter().take(3).map(|p| p.display().to_string()).collect();
    let more = if paths.len() > 3 { format!(" and {} more", paths.len() - 3) } else { String::new() };
    let where_ = if named.is_empty() { String::new() } else { format!(" in {}{more}", named.join(", ")) };
    format!(
        "nothing to open{where_}: folio reads text files ({}) and standard input",
        crate::document::format::extension_list()
    )
}

fn sanitized(problem: &Problem) -> String {
    sanitize::line(&problem.to_string()).into_owned()
}
