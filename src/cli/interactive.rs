//! The terminal interface: the app started with what is ready, the rest
//! arriving from the loader, and what is unsaved kept at the end.

use super::*;

/// How long the first frame waits for the first document before showing
/// the screen without it (a named pipe with no writer yet).
pub(super) const FIRST_DOCUMENT_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Runs the terminal interface. Files load on a background thread; the
/// first frame waits only for the first document (a preview, for a large
/// file), and exits with status 2 if none can be opened.
pub(super) fn interactive(cli: &Cli, setup: Setup) -> Result<ExitCode> {
    let (tx, rx) = mpsc::channel();
    let index = std::sync::Arc::new(library::index::IndexSlot::default());
    let mut initial = Loaded::default();
    let mut paths = setup.library(&cli.paths);
    let implicit = paths.is_empty();
    if implicit {
        initial = implicit_input();
    } else if paths.iter().any(|p| p.as_os_str() == "-") {
        initial = load_stdin();
    }
    // Saved articles join the library opened without paths (not standard
    // input's document, nor what was named).
    if cli.paths.is_empty()
        && !(implicit && stdin_given())
        && let Some(dir) = setup.saved_articles(&paths)
    {
        paths.push(dir);
    }
    let files = file_args(&paths);
    // Web pages are fetched before the screen starts: the first is what
    // the user asked to read.
    let web = fetch_urls(&paths);
    initial.entries.extend(web.entries);
    initial.problems.extend(web.problems);
    initial.notices.extend(web.notices);
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
    // How many files the loader found: `Done` with none of them listed
    // nor refused means the first is still being read (a named pipe
    // waiting for its writer: the loader lists the others without it).
    let mut found = 0;
    while loading && initial.entries.is_empty() {
        match rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())) {
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Entry(entry)))) => initial.entries.push(entry),
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Problem(problem)))) => initial.problems.push(problem),
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Notice(notice)))) => initial.notices.push(notice),
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Found(n)))) => {
                found = n;
                early.push(LoadEvent::Found(n));
            }
            Ok(Incoming::App(Msg::Loaded(LoadEvent::Done))) if found > initial.problems.len() => {
                early.push(LoadEvent::Done);
                waiting = true;
                break;
            }
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
pub(super) fn keep_unsaved_bookmarks(app: &App, file: &Path, state_dir: &Path) -> Option<String> {
    let unsaved = app.marks().unsaved();
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
