//! The command line: arguments, subcommands, choosing between the terminal
//! interface and plain output, and exit statuses.
//!
//! Exit status: 0 on success, 1 for a failure while running (and for
//! `search` finding nothing, as grep does), 2 for bad usage or when nothing
//! could be opened.

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
        /// Print for other tools instead of people.
        #[arg(long, value_enum, value_name = "FORMAT")]
        export: Option<Export>,
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

/// How long the first frame waits for the first document before showing
/// the screen without it (a named pipe with no writer yet).
const FIRST_DOCUMENT_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

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

/// The path arguments other than `-` (standard input, read first).
fn file_args(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect()
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
        Some(Command::Bookmarks { export }) => print_bookmarks(&setup.paths, *export),
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

fn config_command(setup: &Setup, default: bool, path: bool, check: bool) -> Result<ExitCode> {
    let file = &setup.paths.config_file;
    if default {
        return write_out(config::DEFAULT_FILE.as_bytes());
    }
    if path {
        let note = if file.exists() { "" } else { " (does not exist: the defaults are used)" };
        return write_out(format!("{}{note}\n", file.display()).as_bytes());
    }
    debug_assert!(check);
    if setup.problems.is_empty() {
        let what = if file.exists() { "is valid" } else { "does not exist: the defaults are used" };
        return write_out(format!("{} {what}\n", file.display()).as_bytes());
    }
    for problem in &setup.problems {
        eprintln!("{}", sanitize::line(&problem.display(file)));
    }
    Ok(ExitCode::from(1))
}

/// `folio search`: hits as `FILE:LINE: TEXT`, one line each, or as JSON
/// lines. Documents are read, searched and printed one at a time, so memory
/// holds one document, not the library.
/// What `folio search` prints, as grep's options choose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Matching lines, with this many lines of context around them.
    Lines { before: usize, after: usize },
    /// ripgrep's JSON `match` messages.
    Json,
    /// `-l`: the names of documents with a match.
    Files,
    /// `-c`: how many lines match, per document with a match.
    Count,
}

fn search_command(setup: &Setup, query: &Query, paths: &[PathBuf], shape: Shape) -> Result<ExitCode> {
    // Compiled once for every document.
    let matcher = match crate::search::Matcher::new(query, setup.config.rules) {
        Ok(matcher) => matcher,
        Err(err) => {
            eprintln!("folio: {}", sanitize::line(&err.to_string()));
            return Ok(ExitCode::from(2));
        }
    };
    let targets = setup.library(paths);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut hits = 0usize;
    let mut failed = 0usize;
    let result = (|| -> io::Result<()> {
        let (mut inputs, problems) = inputs(&targets);
        for problem in &problems {
            eprintln!("folio: {}", sanitized(problem));
        }
        failed += problems.len();
        let mut queue: std::collections::VecDeque<Input> = inputs.drain(..).collect();
        while let Some(input) = queue.pop_front() {
            // Search output names the standard input as grep does.
            let label = match &input {
                Input::Loaded(entry) => entry.origin.label(),
                Input::Stdin => "(standard input)".to_owned(),
                Input::File { path, .. } => path.display().to_string(),
            };
            // Lines with a match in this document (all its pieces).
            let mut found = 0;
            match input.open(true) {
                Ok(Opened::Whole { doc, source }) => {
                    let at = Place { lines_before: 0, offset: 0 };
                    found += search_one(&mut out, &label, &doc, source.as_deref(), &matcher, shape, at)?;
                }
                Ok(Opened::Pieces(mut pieces)) => {
                    // A large file a piece at a time: memory stays small,
                    // line numbers count on from piece to piece (context
                    // stops at a piece's edge).
                    while let Some(piece) = next_piece(&mut pieces, &label, &mut failed) {
                        if shape == Shape::Files && found > 0 {
                            break;
                        }
                        let at = Place { lines_before: piece.lines_before, offset: piece.offset };
                        found +=
                            search_one(&mut out, &label, &piece.doc, piece.source.as_deref(), &matcher, shape, at)?;
                    }
                }
                Err(err) => {
                    eprintln!("folio: {}: {}", sanitize::line(&label), sanitize::line(&err.to_string()));
                    failed += 1;
                }
            }
            // As ripgrep, documents without a match are not listed.
            match shape {
                Shape::Files if found > 0 => writeln!(out, "{}", sanitize::line(&label))?,
                Shape::Count if found > 0 => writeln!(out, "{}:{found}", sanitize::line(&label))?,
                _ => {}
            }
            hits += found;
            out.flush()?;
        }
        Ok(())
    })();
    match result {
        // `folio search x | head` closes the pipe early: that is success.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(err) => return Err(err.into()),
        Ok(()) => {}
    }
    // As grep: 2 when something could not be read, else 0 for a hit and 1
    // for none.
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else if hits > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Prints the lines of one document that hold a match (as `shape` says);
/// returns how many. A match in rendered text (Markdown) is reported at
/// the line of the file it came from, and that line of the file is what is
/// printed, so `vim +LINE FILE` and quickfix lists land on it.
fn search_one(
    out: &mut impl Write,
    label: &str,
    doc: &crate::document::Document,
    source: Option<&str>,
    matcher: &crate::search::Matcher,
    shape: Shape,
    at: Place,
) -> io::Result<usize> {
    let matches = matcher.find_in(&doc.text, &|| false).unwrap_or_default();
    let file = source.unwrap_or(&doc.text);
    let mut hits: Vec<HitLine> = Vec::new();
    let mut counter = LineCounter::default();
    for m in matches {
        // Mapped offsets are approximate inside a span whose rendered form
        // differs from its source (an entity, an escape): keep them on
        // character boundaries of the file.
        let start = file.floor_char_boundary(doc.source_offset(m.start).min(file.len()));
        let end = if m.end > m.start { doc.source_offset(m.end - 1) + 1 } else { start };
        let end = file.ceil_char_boundary(end.min(file.len()));
        let number = counter.line_of(file, start);
        let line_start = file[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = file[start..].find('\n').map_or(file.len(), |i| start + i);
        let line_end = if file[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
        let sub = start..end.clamp(start, line_end.max(start));
        match hits.last_mut() {
            Some((n, _, subs)) if *n == number => subs.push(sub),
            _ => hits.push((number, line_start..line_end, vec![sub])),
        }
    }
    let name = sanitize::line(label);
    match shape {
        Shape::Files | Shape::Count => {}
        Shape::Json => {
            for (number, line, subs) in &hits {
                let subs: Vec<String> = subs
                    .iter()
                    .map(|m| {
                        format!(
                            r#"{{"match":{{"text":{}}},"start":{},"end":{}}}"#,
                            sanitize::json_string(&file[m.clone()]),
                            m.start - line.start,
                            m.end - line.start
                        )
                    })
                    .collect();
                writeln!(
                    out,
                    r#"{{"type":"match","data":{{"path":{{"text":{}}},"lines":{{"text":{}}},"line_number":{},"absolute_offset":{},"submatches":[{}]}}}}"#,
                    sanitize::json_string(label),
                    sanitize::json_string(&format!("{}\n", &file[line.clone()])),
                    at.lines_before + number,
                    at.offset + line.start,
                    subs.join(",")
                )?;
            }
        }
        Shape::Lines { before: 0, after: 0 } => {
            for (number, line, _) in &hits {
                writeln!(out, "{name}:{}: {}", at.lines_before + number, sanitize::line(file[line.clone()].trim()))?;
            }
        }
        Shape::Lines { before, after } => {
            // As grep -C: context lines marked `-`, matching lines `:`,
            // `--` between groups that do not touch. One pass over the
            // file's lines from the first one shown.
            let mut groups: Vec<(usize, usize)> = Vec::new();
            for (number, _, _) in &hits {
                let (from, to) = (number.saturating_sub(before).max(1), number + after);
                match groups.last_mut() {
                    Some((_, end)) if from <= *end + 1 => *end = to,
                    _ => groups.push((from, to)),
                }
            }
            let mut matching = hits.iter().map(|(n, _, _)| *n).peekable();
            let mut groups = groups.into_iter().peekable();
            let mut first_group = true;
            for (index, line) in file.split('\n').enumerate() {
                let number = index + 1;
                let Some(&(from, to)) = groups.peek() else { break };
                if number < from {
                    continue;
                }
                if number == from && !std::mem::take(&mut first_group) {
                    writeln!(out, "--")?;
                }
                let hit = matching.next_if_eq(&number).is_some();
                let mark = if hit { ':' } else { '-' };
                let text = sanitize::line(line.strip_suffix('\r').unwrap_or(line).trim());
                let gap = if text.is_empty() { "" } else { " " };
                writeln!(out, "{name}{mark}{}{mark}{gap}{text}", at.lines_before + number)?;
                if number == to {
                    groups.next();
                }
            }
        }
    }
    Ok(hits.len())
}

/// Where a piece of a file starts: lines and bytes before it.
#[derive(Debug, Clone, Copy)]
struct Place {
    lines_before: usize,
    offset: usize,
}

/// A line of a file with matches: its number, its range, the matches.
type HitLine = (usize, Range<usize>, Vec<Range<usize>>);

/// Line numbers of byte offsets, counted on from the last one asked for.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_of(&mut self, text: &str, offset: usize) -> usize {
        if offset < self.offset {
            *self = Self::default();
        }
        self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count();
        self.offset = offset;
        self.line + 1
    }
}

/// `folio bookmarks`: every bookmark, for people or for tools.
fn print_bookmarks(paths: &Paths, export: Option<Export>) -> Result<ExitCode> {
    let path = paths.bookmarks_file();
    let list = match bookmarks::load(&path) {
        Ok(list) => list,
        Err(err) => {
            eprintln!("folio: {}", sanitize::line(&err.to_string()));
            return Ok(ExitCode::from(1));
        }
    };
    // A date that is not a date is said once, on stderr, not printed.
    for b in list.iter().filter(|b| !bookmarks::valid_date(&b.created)) {
        eprintln!(
            "folio: bookmark {} in {} has an invalid date (created)",
            sanitize::truncate_words(&sanitize::line(&b.id), 40),
            sanitize::line(&path.display().to_string())
        );
    }
    let text = match export {
        Some(Export::Markdown) => bookmarks::to_markdown(&list),
        Some(Export::Json) => format!("{}\n", bookmarks::to_json(&list)?),
        None => bookmarks_for_people(&list, &path),
    };
    write_out(text.as_bytes())
}

fn bookmarks_for_people(list: &[bookmarks::Bookmark], path: &Path) -> String {
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
            let date = bookmarks::shown_date(&b.created, true);
            out.push_str(&format!("  {date}  \"{}\"", truncate_words(&excerpt, 60)));
            if !b.note.is_empty() {
                out.push_str(&format!("  {}", line(&b.note)));
            }
            out.push('\n');
        }
    }
    out
}

/// Prints the documents (`width`), or the table of them, for a pipe. One
/// document at a time, and a large one a piece at a time
/// ([`crate::chunked`]): memory stays at a few megabytes whatever is
/// printed, and output starts at once.
fn print(setup: &Setup, paths: &[PathBuf], width: Option<usize>, json: bool) -> Result<ExitCode> {
    for problem in &setup.problems {
        eprintln!("folio: {}", sanitize::line(&problem.display(&setup.paths.config_file)));
    }
    let (inputs, problems) = inputs(paths);
    for problem in &problems {
        eprintln!("folio: {}", sanitized(problem));
    }
    let only_stdin = matches!(inputs.as_slice(), [Input::Stdin]) && problems.is_empty();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = (|| -> io::Result<Printed> {
        if width.is_none() {
            output::write_list_header(&mut out)?;
        }
        print_inputs(&mut out, inputs, width, json)
    })();
    let printed = match result {
        // `folio big.txt | head` closes the pipe early: that is success.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(err) => return Err(err.into()),
        Ok(printed) => printed,
    };
    // Standard input that brought nothing prints nothing, as `cat` does.
    if printed.shown == 0 && printed.failed == 0 && only_stdin {
        return Ok(ExitCode::SUCCESS);
    }
    if printed.shown == 0 {
        eprintln!("folio: {}", sanitize::line(&nothing_to_open(paths)));
        return Ok(ExitCode::from(2));
    }
    // Something failed (a file missing, binary further on): as `cat` does,
    // the rest is printed and the status says so.
    if printed.failed > 0 || !problems.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints each input as a document (`width`) or a row of the table;
/// returns how many were printed.
fn print_inputs(out: &mut impl Write, inputs: Vec<Input>, width: Option<usize>, json: bool) -> io::Result<Printed> {
    let several = inputs.len() > 1;
    let mut shown = 0usize;
    let mut failed = 0usize;
    for input in inputs {
        let label = input.label();
        let list_label = match &input {
            Input::File { path, root } => path.strip_prefix(root).unwrap_or(path).display().to_string(),
            _ => label.clone(),
        };
        let opened = match input.open(false) {
            Ok(opened) => opened,
            Err(err) => {
                eprintln!("folio: {}: {}", sanitize::line(&label), sanitize::line(&err.to_string()));
                failed += 1;
                continue;
            }
        };
        let mut notices = Vec::new();
        match (opened, width) {
            (Opened::Whole { doc, .. }, Some(_)) if json => {
                let mut object = output::JsonDocument::start(out, &label, &doc)?;
                object.text(out, &doc)?;
                object.finish(out)?;
                notices.extend(doc.notices.iter().cloned());
            }
            (Opened::Pieces(mut pieces), Some(_)) if json => {
                let mut object = None;
                while let Some(piece) = next_piece(&mut pieces, &label, &mut failed) {
                    let writer = match &mut object {
                        Some(writer) => writer,
                        None => object.insert(output::JsonDocument::start(out, &label, &piece.doc)?),
                    };
                    writer.text(out, &piece.doc)?;
                    notices.extend(
                        piece.doc.notices.iter().filter(|n| !notices.contains(*n)).cloned().collect::<Vec<_>>(),
                    );
                }
                match object {
                    Some(object) => object.finish(out)?,
                    None => continue, // an empty stream is not a document
                }
            }
            (Opened::Whole { doc, .. }, Some(width)) => {
                if several {
                    writeln!(out, "{}==> {} <==\n", if shown > 0 { "\n" } else { "" }, sanitize::line(&label))?;
                }
                output::write_document(out, &doc, width)?;
                notices.extend(doc.notices.iter().cloned());
            }
            (Opened::Whole { doc, .. }, None) => {
                output::write_list_row(out, &library::Meta::of(&doc), doc.word_count, &list_label)?;
                notices.extend(doc.notices.iter().cloned());
            }
            (Opened::Pieces(mut pieces), Some(width)) => {
                let mut first = true;
                while let Some(piece) = next_piece(&mut pieces, &label, &mut failed) {
                    if first && several {
                        writeln!(out, "{}==> {} <==\n", if shown > 0 { "\n" } else { "" }, sanitize::line(&label))?;
                    }
                    if first {
                        output::write_document(out, &piece.doc, width)?;
                    } else {
                        writeln!(out)?;
                        output::write_body(out, &piece.doc, width)?;
                    }
                    first = false;
                    notices.extend(
                        piece.doc.notices.iter().filter(|n| !notices.contains(*n)).cloned().collect::<Vec<_>>(),
                    );
                }
                if first {
                    continue; // an empty stream is not a document
                }
            }
            (Opened::Pieces(mut pieces), None) => {
                let Some(head) = next_piece(&mut pieces, &label, &mut failed) else { continue };
                let (rest, stopped) = pieces.count_rest_words()?;
                let words = head.doc.word_count + rest;
                if let Some(err) = stopped {
                    notices.push(err.to_string());
                    failed += 1;
                }
                output::write_list_row(out, &library::Meta::of(&head.doc), words, &list_label)?;
                notices.extend(head.doc.notices.iter().cloned());
            }
        }
        shown += 1;
        out.flush()?;
        for notice in notices {
            eprintln!("folio: {}: {}", sanitize::line(&label), sanitize::line(&notice));
        }
    }
    out.flush()?;
    Ok(Printed { shown, failed })
}

/// How many inputs were printed, and how many failed (in part or whole).
#[derive(Debug, Clone, Copy, Default)]
struct Printed {
    shown: usize,
    failed: usize,
}

/// The next piece of an input; a problem (binary content further on, a
/// read error) is reported, counted in `failed`, and ends the input.
fn next_piece<R: io::Read>(
    pieces: &mut crate::chunked::Chunks<R>,
    label: &str,
    failed: &mut usize,
) -> Option<crate::chunked::Piece> {
    match pieces.next_piece() {
        Ok(piece) => piece,
        Err(err) => {
            eprintln!("folio: {}: {}", sanitize::line(label), sanitize::line(&err.to_string()));
            *failed += 1;
            None
        }
    }
}

/// What `paths` name, in order, for printing and searching: standard input
/// (`-`, or a pipe when nothing is named), then files as given and folders
/// walked; with nothing at all, the built-in articles.
fn inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Problem>) {
    if paths.is_empty() {
        if stdin_given() {
            return (vec![Input::Stdin], Vec::new());
        }
        return (library::seeds().into_iter().map(Input::Loaded).collect(), Vec::new());
    }
    let mut inputs = Vec::new();
    if paths.iter().any(|p| p.as_os_str() == "-") {
        inputs.push(Input::Stdin);
    }
    let (files, problems) = library::find_files(&file_args(paths));
    inputs.extend(files.into_iter().map(|(path, root)| Input::File { path, root }));
    (inputs, problems)
}

/// Runs the terminal interface. Files load on a background thread; the
/// first frame waits only for the first document (a preview, for a large
/// file), and exits with status 2 if none can be opened.
fn interactive(cli: &Cli, setup: Setup) -> Result<ExitCode> {
    let (tx, rx) = mpsc::channel();
    let index = std::sync::Arc::new(library::index::IndexSlot::default());
    let mut initial = Loaded::default();
    let paths = setup.library(&cli.paths);
    let files = file_args(&paths);
    if paths.is_empty() {
        initial = implicit_input();
    } else if paths.iter().any(|p| p.as_os_str() == "-") {
        initial = load_stdin();
    }
    // Library roots in the order given: folders themselves, files' folders.
    let roots: Vec<PathBuf> = files
        .iter()
        .map(|p| if p.is_dir() { p.clone() } else { p.parent().map_or_else(PathBuf::new, Path::to_path_buf) })
        .collect();
    let mut loading = !files.is_empty();
    if loading {
        let sender = tx.clone();
        let derived = library::Derived { cache_dir: Some(setup.paths.cache_dir.clone()), index: Some(index.clone()) };
        library::spawn_loader(files.clone(), derived, move |event| {
            sender.send(Incoming::App(Msg::Loaded(event))).is_ok()
        });
    }
    // The first frame waits for the first document only; the rest of the
    // library streams in behind it. It waits a moment at most: a named
    // pipe with no writer yet must not keep the screen (and q) away.
    let mut early = Vec::new();
    let deadline = std::time::Instant::now() + FIRST_DOCUMENT_WAIT;
    let mut waiting = false;
    while loading && initial.entries.is_empty() {
        match rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())) {
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Entry(entry)))) => initial.entries.push(entry),
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Problem(problem)))) => initial.problems.push(problem),
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Notice(notice)))) => initial.notices.push(notice),
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Done))) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                loading = false
            }
            Ok(Incoming::App(Msg::Loaded(other))) => early.push(other),
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => {
                waiting = true;
                break;
            }
        }
    }
    let mut log: Vec<String> = initial.problems.iter().map(|p| format!("could not open {}", sanitized(p))).collect();
    log.extend(initial.notices.iter().map(|n| sanitize::line(n).into_owned()));
    // Standard input that brought nothing: said on screen, not replaced by
    // the built-in articles (and not "nothing to open in -").
    let stdin_read = paths.is_empty() && stdin_given() || paths.iter().any(|p| p.as_os_str() == "-");
    let empty_stdin = stdin_read
        && initial.problems.is_empty()
        && initial.entries.iter().all(|e| matches!(e.origin, Origin::Stdin) && e.meta.bytes == 0);
    if empty_stdin {
        initial.entries.retain(|e| !matches!(e.origin, Origin::Stdin));
    }
    if initial.entries.is_empty() && !waiting && !empty_stdin {
        for line in &log {
            eprintln!("folio: {}", sanitize::line(line));
        }
        eprintln!("folio: {}", sanitize::line(&nothing_to_open(&paths)));
        return Ok(ExitCode::from(2));
    }

    let Setup { paths, mut config, problems } = setup;
    // The command line's settings win over the file's.
    if let Some(width) = cli.width {
        config.width = width;
    }
    if cli.no_mouse {
        config.mouse = false;
    }
    let mut history = Vec::new();
    match history::load(&paths.history_file()) {
        Ok(queries) => history = queries,
        Err(err) => log.push(format!("could not read the search history {}: {err}", paths.history_file().display())),
    }
    let sort = crate::sortfile::load(&paths.sort_file()).unwrap_or_else(|err| {
        log.push(format!("could not read the list's order {}: {err}", paths.sort_file().display()));
        None
    });
    let mut app = App::new(Startup {
        entries: initial.entries,
        roots,
        watch: library::WatchPlan::for_paths(&files),
        config,
        colors: ColorSupport::detect(|k| std::env::var(k).ok()),
        config_file: paths.config_file.clone(),
        problems,
        bookmarks: bookmarks::load(&paths.bookmarks_file()),
        positions: positions::load(&paths.positions_file()),
        history,
        sort,
        size: (80, 24),
        clock: std::time::Instant::now(),
        loading,
        log,
    });
    let mut pending_effects = Vec::new();
    for event in early {
        // What these ask for (a position restored, a search) is carried
        // out by the runner once it starts: nothing is dropped.
        pending_effects.extend(app.update(Msg::Loaded(event)));
    }
    if empty_stdin && files.is_empty() {
        pending_effects.extend(app.update(Msg::Notice(EMPTY_STDIN.to_owned())));
    }
    if waiting && app.status().is_none() {
        // Only a named pipe is said to wait for a writer: a large book
        // that takes a moment is just opening.
        let is_fifo = |f: &PathBuf| {
            use std::os::unix::fs::FileTypeExt;
            std::fs::metadata(f).is_ok_and(|m| m.file_type().is_fifo())
        };
        let names: Vec<String> = files.iter().take(2).map(|f| f.display().to_string()).collect();
        let why = if files.iter().any(is_fifo) { " (a named pipe waits for a program to write to it)" } else { "" };
        pending_effects.extend(app.update(Msg::Notice(format!("opening {}…{why}", names.join(", ")))));
    }
    let bookmark_file = paths.bookmarks_file();
    let state_dir = paths.state_dir.clone();
    let exit = runner::run(&mut app, paths, (tx, rx), index, pending_effects)?;
    // What went wrong stays readable after the screen is restored.
    for line in app.log() {
        eprintln!("folio: {}", sanitize::line(line));
    }
    if let Some(message) = keep_unsaved_bookmarks(&app, &bookmark_file, &state_dir) {
        eprintln!("folio: {}", sanitize::line(&message));
    }
    // Everything is saved and the screen is restored: the process ends
    // now. Freeing a library of 100 000 entries one by one would keep the
    // shell waiting a fifth of a second longer; the system takes the
    // memory back at once.
    std::mem::forget(app);
    Ok(match exit {
        Exit::Quit => ExitCode::SUCCESS,
        Exit::Signal(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
    })
}

/// Bookmark changes that could not be written while folio ran are never
/// dropped at quit: one more try to write them, and if that fails too,
/// every bookmark (the unsaved ones included) goes to a recovery file in
/// the state directory (or the temporary directory), in the bookmark
/// file's own format. Returns what to tell the user, if anything.
fn keep_unsaved_bookmarks(app: &App, file: &Path, state_dir: &Path) -> Option<String> {
    let unsaved = app.unsaved_bookmarks();
    if unsaved.is_empty() {
        return None;
    }
    let err = match bookmarks::commit(file, unsaved, false) {
        Ok(_) => return None,
        Err(err) => err,
    };
    let n = unsaved.len();
    let changes = format!("{n} bookmark change{}", if n == 1 { "" } else { "s" });
    let text = match bookmarks::to_text(&app.marks().list) {
        Ok(text) => text,
        Err(e) => return Some(format!("{changes} could not be saved ({err}) nor kept ({e})")),
    };
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string().replace([':', '-'], "");
    let name = format!("bookmarks.toml.unsaved-{stamp}");
    for dir in [state_dir.to_path_buf(), std::env::temp_dir()] {
        let recovery = dir.join(&name);
        if crate::fsutil::atomic_write(&recovery, text.as_bytes()).is_ok() {
            return Some(format!(
                "{changes} could not be saved to {} ({err}); all your bookmarks, these included, are in {}",
                file.display(),
                recovery.display()
            ));
        }
    }
    Some(format!("{changes} could not be saved to {} ({err}), nor to a recovery file", file.display()))
}

/// The help of the PATH argument, naming the extensions from the table of
/// formats.
fn paths_help() -> String {
    format!(
        "Files or folders to read (folders are searched for {} files); `-` reads standard input. With none: the \
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
