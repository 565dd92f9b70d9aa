//! The event loop and the terminal: the one place that draws to the screen
//! and reads keys.
//!
//! Input, signals and (later) worker results all arrive on one channel as
//! [`Msg`]s; the loop turns them into actions, updates the [`App`], and
//! redraws once per batch of messages. The terminal is restored on every
//! way out: quitting, an error, SIGTERM/SIGHUP/SIGINT, and a panic.

use std::io::{self, Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Instant;

use anyhow::{Context, Result};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton,
    MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use signal_hook::consts::signal::{
    SIGALRM, SIGHUP, SIGINT, SIGIO, SIGPROF, SIGQUIT, SIGSTOP, SIGSYS, SIGTERM, SIGTRAP, SIGTSTP, SIGUSR1, SIGUSR2,
    SIGVTALRM, SIGXCPU, SIGXFSZ,
};
use signal_hook::iterator::Signals;

use crate::app::{App, Effect, Msg};
use crate::config::{self, ColorSupport};
use crate::history;
use crate::keymap::{Code, Key};
use crate::library;
use crate::library::index::{IndexSlot, IndexUpdates};
use crate::library::{LibrarySearcher, LoadEvent};
use crate::paths::Paths;
use crate::search::Searcher;
use crate::ui;
use crate::{bookmarks, positions};
use std::sync::Arc;

/// What arrives on the runner's one channel: terminal input and signals
/// (which the runner turns into messages), or a message for the app from a
/// worker.
#[derive(Debug)]
pub enum Incoming {
    Input(Event),
    /// A terminating signal arrived.
    Signal(i32),
    /// Stop as a shell's job: Ctrl-Z, or SIGTSTP from outside.
    Suspend,
    /// A worker's result, for [`App::update`].
    App(Msg),
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(i32),
}

/// How long background messages are gathered into one frame (a keystroke
/// always draws at once).
const BACKGROUND_FRAME: std::time::Duration = std::time::Duration::from_millis(40);

/// Whether the terminal is in raw mode on the alternate screen, so that
/// restoring it is needed (and nothing is written to a pipe otherwise).
static TERMINAL_TAKEN: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as it was, if folio changed it. Safe to call more
/// than once and from a panic hook.
pub fn restore_terminal() {
    if !TERMINAL_TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    crate::rescue::disarm();
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, ratatui::crossterm::cursor::Show);
}

/// Restores the terminal before the default panic message is printed, so the
/// message is readable and the shell usable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// Leaves the terminal as it was when dropped, on every return path.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn spawn_input(tx: Sender<Incoming>) {
    thread::spawn(move || {
        // Blocks on the terminal; ends when the receiver is gone.
        while let Ok(ev) = event::read() {
            if tx.send(Incoming::Input(ev)).is_err() {
                break;
            }
        }
    });
}

/// Every signal sent from outside whose default action ends the process:
/// each is caught so the terminal is restored first, then folio leaves as
/// on `q` (positions saved) with the status 128 + the signal. (SIGKILL
/// cannot be caught; SIGSEGV, SIGILL, SIGFPE come from a bug and end in
/// the panic path or the kernel's hands; SIGPIPE is ignored by Rust.)
const TERMINATING: [i32; 14] = [
    SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO, SIGSYS,
    SIGTRAP,
];

fn spawn_signals(tx: Sender<Incoming>) -> Result<()> {
    let mut signals =
        Signals::new(TERMINATING.iter().copied().chain([SIGTSTP])).context("installing signal handlers")?;
    thread::spawn(move || {
        for signal in signals.forever() {
            let incoming = if signal == SIGTSTP { Incoming::Suspend } else { Incoming::Signal(signal) };
            if tx.send(incoming).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// folio's own key for a terminal key event; `None` for releases and keys
/// folio does not use. The one place that knows crossterm's key type.
#[must_use]
pub fn key_of(event: &KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let alt = event.modifiers.contains(KeyModifiers::ALT);
    let code = match event.code {
        KeyCode::Char(c) => Code::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        KeyCode::Enter => Code::Enter,
        KeyCode::Esc => Code::Esc,
        KeyCode::Tab => Code::Tab,
        KeyCode::BackTab => Code::BackTab,
        KeyCode::Backspace => Code::Backspace,
        KeyCode::Delete => Code::Delete,
        KeyCode::Up => Code::Up,
        KeyCode::Down => Code::Down,
        KeyCode::Left => Code::Left,
        KeyCode::Right => Code::Right,
        KeyCode::PageUp => Code::PageUp,
        KeyCode::PageDown => Code::PageDown,
        KeyCode::Home => Code::Home,
        KeyCode::End => Code::End,
        KeyCode::F(n) => Code::F(n),
        _ => return None,
    };
    Some(Key { code, ctrl, alt })
}

/// The app's message for a terminal event, if it means anything to folio.
#[must_use]
pub fn message_of(event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) => key_of(key).map(Msg::Key),
        Event::Resize(w, h) => Some(Msg::Resize(*w, *h)),
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::ScrollDown => Some(Msg::Wheel { column, row, lines: 1 }),
                MouseEventKind::ScrollUp => Some(Msg::Wheel { column, row, lines: -1 }),
                MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click { column, row }),
                MouseEventKind::Drag(MouseButton::Left) => Some(Msg::Drag { column, row }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Runs folio in the terminal until the user quits or a signal arrives.
///
/// # Errors
/// The terminal cannot be set up or drawn to.
pub fn run(
    app: &mut App,
    paths: Paths,
    channel: (Sender<Incoming>, Receiver<Incoming>),
    index: Arc<IndexSlot>,
    pending: Vec<Effect>,
) -> Result<Exit> {
    install_panic_hook();
    let (tx, rx) = channel;
    spawn_signals(tx.clone())?;
    crate::rescue::arm();
    TERMINAL_TAKEN.store(true, Ordering::SeqCst);
    enable_raw_mode().context("switching the terminal to raw mode")?;
    let _guard = TerminalGuard;
    let mut out = stdout();
    execute!(out, EnterAlternateScreen).context("entering the alternate screen")?;
    let mouse = app.settings().mouse;
    if mouse {
        execute!(out, EnableMouseCapture).context("enabling the mouse")?;
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(out)).context("starting the terminal")?;
    let size = terminal.size().context("reading the terminal size")?;
    let searcher = {
        let tx = tx.clone();
        Searcher::spawn(move |outcome| {
            let _ = tx.send(Incoming::App(Msg::Searched(outcome)));
        })
    };
    let library = {
        let tx = tx.clone();
        LibrarySearcher::spawn(Arc::clone(&index), move |outcome| {
            let _ = tx.send(Incoming::App(Msg::LibraryResults(outcome)));
        })
    };
    spawn_input(tx.clone());
    let index_updates = {
        let tx = tx.clone();
        IndexUpdates::spawn(Arc::clone(&index), move |notice| {
            let _ = tx.send(Incoming::App(Msg::Notice(notice)));
        })
    };
    let workers = Workers { searcher, library, paths, sender: tx, index, index_updates };
    // The first message tells the app its real size; the effects it
    // queued while starting (watching the library) come back with it.
    let mut effects = pending;
    effects.extend(app.update(Msg::Resize(size.width, size.height)));
    perform(app, &workers, effects);
    event_loop(&mut terminal, app, &rx, &workers, mouse)
}

/// What effects are carried out with.
struct Workers {
    searcher: Searcher,
    library: LibrarySearcher,
    paths: Paths,
    sender: Sender<Incoming>,
    /// The library's full-text index, once built: kept up to date here with
    /// what the watcher reports.
    index: Arc<IndexSlot>,
    index_updates: IndexUpdates,
}

/// Carries out effects, feeding what the disk says back to the app, until
/// no work is left.
fn perform(app: &mut App, workers: &Workers, mut effects: Vec<Effect>) {
    while !effects.is_empty() {
        let mut next = Vec::new();
        for effect in effects {
            match perform_disk(effect, &workers.paths) {
                Performed::Done(msg) => next.extend(app.update(msg)),
                Performed::Elsewhere(Effect::Search(job)) => workers.searcher.submit(job),
                Performed::Elsewhere(Effect::SearchLibrary(job)) => workers.library.submit(job),
                Performed::Elsewhere(Effect::Watch(plan)) => {
                    let sender = workers.sender.clone();
                    library::watch(plan, move |event| sender.send(Incoming::App(Msg::Loaded(event))).is_ok());
                }
                Performed::Elsewhere(Effect::OpenFile(path)) => {
                    let sender = workers.sender.clone();
                    std::thread::spawn(move || {
                        library::open_listed(&path, &|event| sender.send(Incoming::App(Msg::Loaded(event))).is_ok());
                    });
                }
                Performed::Elsewhere(Effect::OpenUrl(url)) => {
                    if let Err(err) = open_in_browser(&url) {
                        next.extend(app.update(Msg::Notice(format!("could not open {url}: {err}"))));
                    }
                }
                Performed::Elsewhere(Effect::Copy(text)) => {
                    // OSC 52: the terminal puts the text on the clipboard.
                    // Only ever what the user asked to copy (y).
                    let sequence = format!("\x1b]52;c;{}\x07", crate::app::base64(text.as_bytes()));
                    let mut out = io::stdout();
                    let _ =
                        io::Write::write_all(&mut out, sequence.as_bytes()).and_then(|()| io::Write::flush(&mut out));
                }
                Performed::Elsewhere(Effect::Lookup { argv, word }) => {
                    // The user's own command, on the word they chose; on a
                    // thread, so a slow dictionary never holds the screen.
                    let sender = workers.sender.clone();
                    std::thread::spawn(move || {
                        let result = crate::lookup::run(&argv, crate::lookup::TIME_LIMIT);
                        let _ = sender.send(Incoming::App(Msg::LookedUp { word, result }));
                    });
                }
                Performed::Elsewhere(Effect::FetchPage(url)) => {
                    // Asked for by the user (a link's `r`); on a thread, so
                    // a slow server never holds the screen.
                    let sender = workers.sender.clone();
                    std::thread::spawn(move || {
                        let result = crate::web::fetch(&url).and_then(crate::web::document).map(Box::new);
                        let _ = sender.send(Incoming::App(Msg::Fetched { url, result }));
                    });
                }
                Performed::Elsewhere(Effect::Suspend) => {
                    // The loop owns the terminal: it suspends.
                    let _ = workers.sender.send(Incoming::Suspend);
                }
                Performed::Elsewhere(_) => {}
            }
        }
        effects = next;
    }
}

/// What [`perform_disk`] did with an effect.
#[derive(Debug)]
pub enum Performed {
    /// It touched the disk; the app's message about how it went.
    Done(Msg),
    /// It is not the disk's: handed back untouched, for its own worker.
    Elsewhere(Effect),
}

/// Carries out an effect that touches the disk and gives back the app's
/// message about how it went; hands back any other effect untouched.
pub fn perform_disk(effect: Effect, paths: &Paths) -> Performed {
    Performed::Done(match effect {
        Effect::CommitBookmarks { changes, replace_damaged } => {
            let path = paths.bookmarks_file();
            let result = bookmarks::commit(&path, &changes, replace_damaged);
            Msg::BookmarksSaved { path, sent: changes, result }
        }
        Effect::KeepArticle { doc, url, dir } => {
            let dir = dir.unwrap_or_else(|| paths.articles_dir());
            let how = crate::articles::Saved::default();
            let kept = crate::articles::Articles::open(dir.clone())
                .map_err(|e| format!("{}: {e}", dir.display()))
                .and_then(|articles| articles.keep(&doc, &url, None, &how));
            Msg::Notice(match kept {
                Ok(crate::articles::Kept::New { path, .. }) => format!("kept as {}", path.display()),
                Ok(crate::articles::Kept::Before(path)) => format!("already kept as {}", path.display()),
                Err(reason) => format!("could not keep it: {reason}"),
            })
        }
        Effect::SavePositions(positions) => {
            let path = paths.positions_file();
            let result = positions::save(&path, &positions);
            Msg::Saved { what: format!("reading positions to {}", path.display()), result }
        }
        Effect::SaveHistory(queries) => {
            let path = paths.history_file();
            let result = history::save(&path, &queries);
            Msg::Saved { what: format!("the search history to {}", path.display()), result }
        }
        Effect::SaveSort { chosen, configured } => {
            let path = paths.sort_file();
            let result = crate::sortfile::save(&path, crate::sortfile::Saved { chosen, configured });
            Msg::Saved { what: format!("the list's order to {}", path.display()), result }
        }
        Effect::ReloadConfig => {
            let file = paths.config_file.clone();
            let result = config::load(&file);
            Msg::ConfigRead { file, result, colors: ColorSupport::detect(|k| std::env::var(k).ok()) }
        }
        Effect::LoadTail(path) => {
            let result = crate::library::load_tail(&path).map(|(doc, before)| (Box::new(doc), before));
            Msg::Tail { path, result }
        }
        other @ (Effect::Search(_)
        | Effect::SearchLibrary(_)
        | Effect::Watch(_)
        | Effect::OpenUrl(_)
        | Effect::OpenFile(_)
        | Effect::Copy(_)
        | Effect::Lookup { .. }
        | Effect::FetchPage(_)
        | Effect::Suspend) => return Performed::Elsewhere(other),
    })
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &Receiver<Incoming>,
    workers: &Workers,
    mut mouse: bool,
) -> Result<Exit> {
    loop {
        if app.quitting() {
            return Ok(Exit::Quit);
        }
        if app.settings().mouse != mouse {
            // The configuration was reloaded with the other setting.
            mouse = app.settings().mouse;
            let result = if mouse {
                execute!(io::stdout(), EnableMouseCapture)
            } else {
                execute!(io::stdout(), DisableMouseCapture)
            };
            result.context("switching the mouse")?;
        }
        terminal.draw(|frame| ui::draw(frame, app)).context("drawing")?;
        // A test hook, documented in docs/TESTING.md: proves in any build
        // (release included) that a panic restores the terminal.
        match std::env::var("FOLIO_PANIC_AFTER_DRAW").as_deref() {
            Err(_) => {}
            Ok("abort") => std::process::abort(),
            Ok("overflow") => overflow_a_thread(),
            Ok(_) => panic!("FOLIO_PANIC_AFTER_DRAW is set: panicking on purpose after a frame"),
        }
        let last_draw = Instant::now();
        // Wake up when the app wants the time (a highlight ends), or for
        // the next message.
        let first = match app.next_tick().map(|at| at.saturating_duration_since(Instant::now())) {
            Some(wait) => match rx.recv_timeout(wait) {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => {
                    let effects = app.update(Msg::Tick(Instant::now()));
                    perform(app, workers, effects);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(Exit::Quit),
            },
            None => match rx.recv() {
                Ok(msg) => msg,
                Err(_) => return Ok(Exit::Quit),
            },
        };
        // Apply everything that is already waiting before drawing again, so
        // a burst of keys or wheel events costs one frame. Background
        // results (ten thousand documents loading, library search hits)
        // are gathered for a moment first: a frame per document would take
        // the cores the loading needs.
        let background = matches!(first, Incoming::App(_));
        let mut batch = vec![first];
        if background {
            // At most one frame per BACKGROUND_FRAME: the first result after
            // a quiet spell shows at once, a stream of them is batched.
            let until = last_draw + BACKGROUND_FRAME;
            while let Ok(msg) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
                let input = !matches!(msg, Incoming::App(_));
                batch.push(msg);
                if input {
                    break;
                }
            }
        }
        batch.extend(rx.try_iter());
        // The app's clock is the runner's: brief highlights start and end
        // by it.
        let effects = app.update(Msg::Tick(Instant::now()));
        perform(app, workers, effects);
        for incoming in batch {
            let msg = match incoming {
                Incoming::Input(event) => message_of(&event),
                Incoming::Signal(signal) => {
                    // Leave as on `q`: remember the position, save what is due.
                    let effects = app.update(Msg::Quit);
                    perform(app, workers, effects);
                    return Ok(Exit::Signal(signal));
                }
                Incoming::Suspend => {
                    let (width, height) = suspend(terminal, mouse)?;
                    Some(Msg::Resize(width, height))
                }
                Incoming::App(msg) => {
                    // The index takes the text the watcher parsed, on its
                    // one thread.
                    if let Msg::Loaded(LoadEvent::Changed { path, entry }) = &msg
                        && workers.index.get().is_some()
                    {
                        workers.index_updates.submit(path.clone(), entry.as_ref().and_then(|e| e.doc.clone()));
                    }
                    Some(msg)
                }
            };
            if let Some(msg) = msg {
                let effects = app.update(msg);
                perform(app, workers, effects);
            }
            if app.quitting() {
                break;
            }
        }
    }
}

/// Stops folio as a shell's job, as less and vim do: the terminal is put
/// back first, the process stops (SIGSTOP, which cannot be caught), and
/// when the shell continues it (`fg`) the terminal is taken again and the
/// screen drawn anew. Returns the terminal's size then (it may have
/// changed meanwhile).
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>, mouse: bool) -> Result<(u16, u16)> {
    restore_terminal();
    signal_hook::low_level::raise(SIGSTOP).context("stopping")?;
    // Continued.
    crate::rescue::arm();
    TERMINAL_TAKEN.store(true, Ordering::SeqCst);
    enable_raw_mode().context("switching the terminal to raw mode again")?;
    execute!(io::stdout(), EnterAlternateScreen).context("entering the alternate screen again")?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture).context("enabling the mouse again")?;
    }
    // The screen is blank now; the terminal's idea of it is the last
    // frame. A frame of blanks brings the two together, so the next one is
    // drawn whole. (`Terminal::clear` asks the terminal where its cursor
    // is, an answer the input thread would take.)
    execute!(io::stdout(), ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All))
        .context("clearing the screen")?;
    terminal.draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area())).context("drawing")?;
    let size = terminal.size().context("reading the terminal size")?;
    Ok((size.width, size.height))
}

/// Opens an address in the user's browser: `$BROWSER` (its first
/// command; `%s` stands for the address), else the system's opener. The
/// address is one argument, never read by a shell; folio does not wait.
fn open_in_browser(url: &str) -> io::Result<()> {
    let browser = std::env::var("BROWSER")
        .ok()
        .and_then(|b| b.split(':').next().map(str::to_owned))
        .filter(|b| !b.trim().is_empty());
    let (program, args): (String, Vec<String>) = match browser {
        Some(b) => {
            let mut words = b.split_whitespace().map(str::to_owned);
            let program = words.next().unwrap_or_default();
            let mut args: Vec<String> = words.collect();
            if args.iter().any(|a| a.contains("%s")) {
                args = args.into_iter().map(|a| a.replace("%s", url)).collect();
            } else {
                args.push(url.to_owned());
            }
            (program, args)
        }
        None if cfg!(target_os = "macos") => ("open".to_owned(), vec![url.to_owned()]),
        None => ("xdg-open".to_owned(), vec![url.to_owned()]),
    };
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
}

/// Whether standard output is a terminal.
#[must_use]
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
}

/// The test hook's stack overflow: a thread that recurses until its stack
/// runs out, as a document nested past any bound once made a loader
/// thread do. The process ends with SIGABRT; the terminal is put back by
/// [`crate::rescue`].
fn overflow_a_thread() {
    fn deeper(n: u64) -> u64 {
        let frame = std::hint::black_box([n; 64]);
        if std::hint::black_box(n) == u64::MAX { frame[0] } else { deeper(n + 1).wrapping_add(frame[1]) }
    }
    let _ = std::thread::spawn(|| deeper(0)).join();
}
