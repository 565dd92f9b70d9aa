//! Watching what was opened for changes on disk, and reporting each text
//! file that changes, appears or goes away.

use std::fs;
use std::path::{Path, PathBuf};

use super::entry::{Entry, Origin, Problem};
use super::loader::LoadEvent;
use super::read::{io_reason, load_file, load_reason};
use super::walk::has_text_extension;

/// How long file events are gathered before acting on them: editors write
/// a file in several steps (a temporary file, a rename, a touch).
const SETTLE: std::time::Duration = std::time::Duration::from_millis(150);

/// What to watch for changes on disk, made from the paths named on the
/// command line: a folder is watched with everything under it; a file is
/// watched through its folder, not recursively, and only changes to that
/// file count (an editor replaces a file by renaming a new one over it, so
/// the file's own inode would be lost at the first save); a path that does
/// not exist is not watched. Watches stay proportional to what was opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchPlan {
    /// Folders watched with their whole tree; each is its own library root.
    pub trees: Vec<PathBuf>,
    /// Files watched one by one, with the folder they are watched through
    /// (their library root).
    pub files: Vec<(PathBuf, PathBuf)>,
}

impl WatchPlan {
    /// The plan for the paths given on the command line (reads their
    /// metadata, so it is made at the edge, not in the app).
    #[must_use]
    pub fn for_paths(paths: &[PathBuf]) -> Self {
        let mut plan = Self::default();
        for path in paths {
            match fs::metadata(path) {
                Ok(meta) if meta.is_dir() => plan.trees.push(path.clone()),
                Ok(meta) if meta.is_file() => {
                    let parent = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
                    plan.files.push((path.clone(), parent));
                }
                // Missing paths, pipes and devices: nothing to watch.
                _ => {}
            }
        }
        plan
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.trees.is_empty() && self.files.is_empty()
    }

    /// The library root a changed `path` belongs to, if the plan covers it.
    #[must_use]
    pub fn root_of(&self, path: &Path) -> Option<PathBuf> {
        if let Some((_, root)) = self.files.iter().find(|(file, _)| file == path) {
            return Some(root.clone());
        }
        let root = self.trees.iter().filter(|r| path.starts_with(r)).max_by_key(|r| r.as_os_str().len())?;
        let hidden = path
            .strip_prefix(root)
            .map(|rel| rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')))
            .unwrap_or(true);
        (!hidden && has_text_extension(path)).then(|| root.clone())
    }

    /// What is handed to the operating system: each tree recursively, and
    /// each folder of a watched file once, on its own.
    fn watches(&self) -> Vec<(PathBuf, notify::RecursiveMode)> {
        let mut out: Vec<(PathBuf, notify::RecursiveMode)> =
            self.trees.iter().map(|t| (t.clone(), notify::RecursiveMode::Recursive)).collect();
        for (_, folder) in &self.files {
            let folder = if folder.as_os_str().is_empty() { PathBuf::from(".") } else { folder.clone() };
            if !out.iter().any(|(p, _)| *p == folder) {
                out.push((folder, notify::RecursiveMode::NonRecursive));
            }
        }
        out
    }
}

/// Watches what `plan` names on a background thread and reports each text
/// file that changes, appears or goes away as [`LoadEvent::Changed`], with
/// its new contents loaded. Setting the watches up walks every folder of a
/// tree, so it happens off the UI thread too. A watch that cannot be set up
/// is reported in a notice naming its path; the others still work.
pub fn watch(plan: WatchPlan, send: impl Fn(LoadEvent) -> bool + Send + 'static) {
    use notify::Watcher as _;
    std::thread::spawn(move || {
        let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = match notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        }) {
            Ok(w) => w,
            Err(err) => {
                send(LoadEvent::Notice(format!("changes on disk will not show until restart: {err}")));
                return;
            }
        };
        for (path, mode) in plan.watches() {
            if let Err(err) = watcher.watch(&path, mode) {
                let reason = match err.kind {
                    notify::ErrorKind::Io(io) => io_reason(&io),
                    other => format!("{other:?}"),
                };
                if !send(LoadEvent::Notice(format!(
                    "changes to {} will not show until restart: {reason}",
                    path.display()
                ))) {
                    return;
                }
            }
        }
        // The system reports a watched file under the folder it watches
        // (`./one.txt` for `one.txt`): each is reported under the name it
        // was opened by, which is how the app knows it.
        let mut opened_as: std::collections::HashMap<PathBuf, PathBuf> = std::collections::HashMap::new();
        for (file, root) in &plan.files {
            let folder = if root.as_os_str().is_empty() { Path::new(".") } else { root.as_path() };
            opened_as.insert(folder.join(file.file_name().unwrap_or_default()), file.clone());
            opened_as.insert(file.clone(), file.clone());
        }
        while let Ok(first) = rx.recv() {
            let mut paths: Vec<PathBuf> = Vec::new();
            let mut take = |event: notify::Result<notify::Event>| {
                use notify::EventKind;
                use notify::event::ModifyKind;
                // Only changes of content, names and existence: reading a
                // file (ours included) and touching its times are not.
                if let Ok(event) = event
                    && matches!(
                        event.kind,
                        EventKind::Create(_)
                            | EventKind::Remove(_)
                            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
                    )
                {
                    paths.extend(event.paths);
                }
            };
            take(first);
            let deadline = std::time::Instant::now() + SETTLE;
            while let Ok(event) = rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())) {
                take(event);
            }
            paths.sort();
            paths.dedup();
            for path in paths {
                let path = opened_as.get(&path).cloned().unwrap_or(path);
                let Some(root) = plan.root_of(&path) else { continue };
                let event = if path.is_file() {
                    match load_file(&path) {
                        Ok(doc) => {
                            let modified = fs::metadata(&path).and_then(|m| m.modified()).ok();
                            let origin = Origin::File { path: path.clone(), root };
                            LoadEvent::Changed { path, entry: Some(Entry { modified, ..Entry::new(doc, origin) }) }
                        }
                        Err(err) => LoadEvent::Problem(Problem { reason: load_reason(&err), path }),
                    }
                } else if path.exists() {
                    continue;
                } else {
                    LoadEvent::Changed { path, entry: None }
                };
                if !send(event) {
                    return;
                }
            }
        }
    });
}
