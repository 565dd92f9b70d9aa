//! The documents the app knows, as one part that owns them: every entry
//! (listed, held, being read), found by key, content hash or path; which
//! texts are held in memory; what library search goes through; whether the
//! loader and the index are still at work; the library's roots and what to
//! watch. Its fields are private to this file: the rest of the app asks it
//! and tells it, so no other file can leave an entry and its lookups apart.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Effect;
use super::outcome::Outcome;
use super::reading::Loading;
use crate::bookmarks::DocRef;
use crate::document::Document;
use crate::library::{Entry, LoadEvent, Origin, Target, WatchPlan};

/// Files opened whose texts are kept, to go back to without reading them
/// again; the others are read again when opened.
pub const HELD_DOCUMENTS: usize = 8;
/// At most this much text is kept for files opened before (the open one
/// is kept whatever its size).
pub const HELD_BYTES: usize = 64 << 20;

/// A document as it opens (see [`Library::opening`]).
pub(super) struct Opening {
    pub doc: Arc<Document>,
    pub loading: Loading,
    /// The first thing its reading noticed, to say.
    pub notice: Option<String>,
    /// Reading its file again, for a file only listed.
    pub read: Option<Effect>,
}

#[derive(Debug, Default)]
pub struct Library {
    entries: Vec<Entry>,
    /// Entries by document key and by content hash (a bookmark finds its
    /// document by either), kept as entries arrive and change.
    by_key: HashMap<String, usize>,
    by_hash: HashMap<String, usize>,
    /// Entries by file path (a loader's message names the path).
    by_path: HashMap<PathBuf, usize>,
    /// File entries holding their text, opened longest ago first.
    held: VecDeque<usize>,
    /// What library search goes through, kept between the keys typed;
    /// dropped whenever the library, its order or the texts held change.
    targets: Option<Arc<[(usize, Target)]>>,
    /// Documents are still arriving from the background loader.
    loading: bool,
    /// The full-text index is being brought up to date: files done, of.
    indexing: Option<(usize, usize)>,
    /// Library roots in the order given (for ordering and labels).
    roots: Vec<PathBuf>,
    /// What to watch for changes on disk once loading is done.
    watch_plan: WatchPlan,
}

impl Library {
    pub(super) fn new(roots: Vec<PathBuf>, watch_plan: WatchPlan, loading: bool) -> Self {
        Self { roots, watch_plan, loading, ..Self::default() }
    }

    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    #[must_use]
    pub fn get(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether entry `index` holds only a preview (or a waiting page) of
    /// its document.
    #[must_use]
    pub fn partial(&self, index: usize) -> bool {
        self.entries.get(index).is_some_and(|e| e.partial)
    }

    /// The entry of the file at `path`.
    #[must_use]
    pub fn by_path(&self, path: &Path) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The entry of a document key (or a position key).
    #[must_use]
    pub fn by_key(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Whether some entry has this document key.
    #[must_use]
    pub fn has_key(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// Which entry a bookmark belongs to: by its document key, or (for a
    /// moved file) by its content hash.
    #[must_use]
    pub fn of_doc(&self, doc: &DocRef) -> Option<usize> {
        self.by_key.get(&doc.document).or_else(|| self.by_hash.get(&doc.hash)).copied()
    }

    #[must_use]
    pub fn loading(&self) -> bool {
        self.loading
    }

    #[must_use]
    pub fn indexing(&self) -> Option<(usize, usize)> {
        self.indexing
    }

    #[must_use]
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    #[must_use]
    pub fn watch_plan(&self) -> &WatchPlan {
        &self.watch_plan
    }

    /// Takes in what the background loader (or the watcher) found, with
    /// `open` the entry open in the reader; what it means for the other
    /// parts comes back as outcomes.
    pub(super) fn on_load(&mut self, event: LoadEvent, open: Option<usize>) -> Vec<Outcome> {
        if matches!(
            event,
            LoadEvent::Entry(_) | LoadEvent::Changed { .. } | LoadEvent::Completed { .. } | LoadEvent::Preview { .. }
        ) {
            self.order_changed();
        }
        let said = |text: String| vec![Outcome::Say(text.clone()), Outcome::Log(text)];
        match event {
            LoadEvent::Found(total) => {
                self.expect(total);
                vec![Outcome::ListExpects(total)]
            }
            LoadEvent::Entry(entry) => {
                let counted = matches!(entry.origin, Origin::File { .. });
                vec![Outcome::Arrived { index: self.push(entry), counted }]
            }
            LoadEvent::Preview { path, doc } => match self.by_path(&path) {
                Some(index) if self.previewed(index, &doc) => vec![Outcome::Previewed(index, doc)],
                _ => Vec::new(),
            },
            LoadEvent::Completed { path, doc } => match self.by_path(&path) {
                Some(index) if self.completed(index, &doc) => vec![Outcome::Completed(index, doc)],
                _ => Vec::new(),
            },
            LoadEvent::Hashed { path, hash } => match self.by_path(&path) {
                Some(index) => {
                    self.hashed(index, hash);
                    vec![Outcome::Hashed(index)]
                }
                None => Vec::new(),
            },
            LoadEvent::Changed { path, entry } => self.changed(&path, entry, open),
            LoadEvent::Problem(problem) => {
                // A listed file that could not be read again to open it:
                // nothing more is coming for it.
                let index = self.by_path(&problem.path).filter(|&i| self.gave_up(i));
                index.map(Outcome::GaveUp).into_iter().chain(said(format!("could not open {problem}"))).collect()
            }
            LoadEvent::Notice(notice) => said(notice),
            LoadEvent::Done => {
                self.loaded();
                self.watch()
            }
            LoadEvent::Indexing { done, total } => {
                self.set_indexing((done < total || total == 0).then_some((done, total)));
                Vec::new()
            }
            LoadEvent::NotIndexed(why) => {
                self.set_indexing(None);
                said(why)
            }
            LoadEvent::Indexed { documents } => {
                self.set_indexing(None);
                vec![Outcome::Log(format!("library index ready: {documents} documents"))]
            }
        }
    }

    /// The effect that watches the library's folders and files, if it has
    /// any.
    pub(super) fn watch(&self) -> Vec<Outcome> {
        if self.watch_plan.is_empty() {
            Vec::new()
        } else {
            vec![Outcome::Effect(Effect::Watch(self.watch_plan.clone()))]
        }
    }

    /// A file of the library changed on disk (`Some`: its new contents),
    /// appeared, or went away; `open`: the entry open in the reader.
    fn changed(&mut self, path: &Path, entry: Option<Entry>, open: Option<usize>) -> Vec<Outcome> {
        let shown = path.display();
        let (then, said) = match (self.by_path(path), entry) {
            (Some(index), Some(new)) => {
                self.replace(index, new, open == Some(index));
                (vec![Outcome::Replaced(index)], None)
            }
            (None, Some(mut new)) => {
                new.release();
                self.push(new);
                (vec![Outcome::PaneStale], Some(format!("new in the library: {shown}")))
            }
            (Some(index), None) if open == Some(index) => {
                (vec![Outcome::Removed(index)], Some(format!("{shown} was removed; it stays open until you leave it")))
            }
            (Some(index), None) => {
                (vec![Outcome::Removed(index)], Some(format!("{shown} was removed from the library")))
            }
            (None, None) => (Vec::new(), None),
        };
        then.into_iter().chain([Outcome::ListChanged(said)]).collect()
    }

    /// Room for `total` entries in all, made once rather than grown (and
    /// every map rehashed) a dozen times while they arrive.
    pub(super) fn expect(&mut self, total: usize) {
        let coming = total.saturating_sub(self.entries.len());
        self.entries.reserve(coming);
        self.by_key.reserve(coming);
        self.by_path.reserve(coming);
        self.by_hash.reserve(coming);
    }

    /// Adds an entry (its root noted), found from now on by its key, hash
    /// and path; its index.
    pub(super) fn push(&mut self, entry: Entry) -> usize {
        self.add_root(&entry);
        self.entries.push(entry);
        self.targets = None;
        let index = self.entries.len() - 1;
        self.index(index);
        index
    }

    /// Whether entry `index` (the open one, say) is only the preview of a
    /// large file so far.
    pub(super) fn is_partial(&self, index: Option<usize>) -> bool {
        index.and_then(|i| self.get(i)).is_some_and(|e| e.partial)
    }

    /// A page asked for with `r` arrived: added (it takes its place in the
    /// list) and opened, Ctrl-O going back; or why it could not be read.
    pub(super) fn fetched(
        &mut self,
        url: String,
        result: Result<Box<Document>, crate::web::FetchError>,
        keymap: &crate::keymap::Keymap,
    ) -> Vec<Outcome> {
        let doc = match result {
            Ok(doc) => doc,
            Err(err) => return vec![Outcome::Say(format!("could not read it: {err}"))],
        };
        let origin = Origin::Web(doc.source.as_ref().map_or(url, |s| s.url.clone()));
        let entry = Entry::new(*doc, origin);
        let title = entry.meta.title.clone();
        let index = self.push(entry);
        let scope = crate::keymap::Scope::Normal;
        let keep = keymap.hint(scope, crate::action::Action::SaveArticle);
        let back = keymap.hint(scope, crate::action::Action::JumpBack);
        vec![
            Outcome::Arrived { index, counted: false },
            Outcome::RememberJump,
            Outcome::Open(index),
            Outcome::Say(format!("reading \"{title}\" ({keep} keeps it; {back} goes back)")),
        ]
    }

    /// Puts `entry` in place of entry `index` (its file changed); the text
    /// is let go unless `keep` (it is open).
    pub(super) fn replace(&mut self, index: usize, entry: Entry, keep: bool) {
        let Some(slot) = self.entries.get_mut(index) else { return };
        *slot = entry;
        if !keep {
            // Read again when it is opened.
            self.held.retain(|&h| h != index);
            slot.release();
        }
        self.targets = None;
        self.index(index);
    }

    /// Notes the library root an entry came from.
    fn add_root(&mut self, entry: &Entry) {
        if let Origin::File { root, .. } = &entry.origin
            && !self.roots.contains(root)
        {
            self.roots.push(root.clone());
        }
    }

    /// Notes entry `index` under its key and content hash (a preview's
    /// hash is not its document's, so it is left out until complete).
    fn index(&mut self, index: usize) {
        let Some(entry) = self.entries.get(index) else { return };
        self.by_key.insert(entry.origin.key(), index);
        // The document read last is resumed by its position's key.
        if let Origin::File { .. } = entry.origin {
            self.by_key.insert(entry.origin.position_key(), index);
        }
        if let Some(path) = entry.path() {
            self.by_path.insert(path.to_path_buf(), index);
        }
        if !entry.partial && !entry.hash.is_empty() {
            self.by_hash.entry(entry.hash.clone()).or_insert(index);
        }
    }

    /// What opening entry `index` shows now: its text, or for a file
    /// only listed the waiting page (the status bar says "loading…" while
    /// the entry is partial) and the effect that reads it again; how much
    /// of it is in; its first notice, to say. `None` when there is no such
    /// entry or nothing to show.
    pub(super) fn opening(&mut self, index: usize) -> Option<Opening> {
        let entry = self.entries.get(index)?;
        let (doc, read) = match (&entry.doc, entry.path()) {
            (Some(doc), _) => (Arc::clone(doc), None),
            (None, Some(path)) => {
                let read = Effect::OpenFile(path.to_path_buf());
                (self.wait_for_text(index)?, Some(read))
            }
            (None, None) => return None,
        };
        let entry = self.entries.get(index)?;
        let loading = match entry.partial {
            true if doc.blocks.is_empty() && entry.meta.bytes > 0 => Loading::Waiting,
            true => Loading::Preview,
            false => Loading::Whole,
        };
        let notice = doc.notices.first().map(|n| format!("{}: {n}", entry.origin.label()));
        Some(Opening { doc, loading, notice, read })
    }

    /// A listed file being read to open it: shown as `waiting` (an empty
    /// page with its title) until its text comes.
    pub(super) fn wait_for_text(&mut self, index: usize) -> Option<Arc<Document>> {
        let entry = self.entries.get_mut(index)?;
        let mut waiting = crate::document::parse_text(&entry.meta.title, String::new());
        waiting.title.clone_from(&entry.meta.title);
        let waiting = Arc::new(waiting);
        entry.doc = Some(Arc::clone(&waiting));
        entry.partial = true;
        Some(waiting)
    }

    /// The start of a large file being read, in place of what entry
    /// `index` showed; false if the entry is not waiting for its text.
    pub(super) fn previewed(&mut self, index: usize, doc: &Arc<Document>) -> bool {
        let Some(entry) = self.entries.get_mut(index).filter(|e| e.partial) else { return false };
        entry.doc = Some(Arc::clone(doc));
        true
    }

    /// Entry `index`'s whole document is in: its metadata is made from it,
    /// and its hash waits for the loader's (a preview's is not the
    /// document's).
    pub(super) fn completed(&mut self, index: usize, doc: &Arc<Document>) -> bool {
        let Some(entry) = self.entries.get_mut(index) else { return false };
        entry.doc = Some(Arc::clone(doc));
        entry.hash = String::new();
        entry.partial = false;
        entry.meta = Arc::new(crate::library::Meta::of(doc));
        self.targets = None;
        self.index(index);
        true
    }

    /// The loader's content hash of entry `index`.
    pub(super) fn hashed(&mut self, index: usize, hash: String) {
        if let Some(entry) = self.entries.get_mut(index) {
            entry.hash = hash;
            self.index(index);
        }
    }

    /// Entry `index` could not be read to open it: nothing more is coming
    /// for it. True if it was waiting.
    pub(super) fn gave_up(&mut self, index: usize) -> bool {
        let Some(entry) = self.entries.get_mut(index).filter(|e| e.partial) else { return false };
        entry.partial = false;
        entry.release();
        true
    }

    /// Notes that entry `index` holds its text, letting go of the texts of
    /// files opened longest ago beyond [`HELD_DOCUMENTS`] or
    /// [`HELD_BYTES`] (`open`, the open one, is always kept).
    pub(super) fn hold(&mut self, index: usize, open: Option<usize>) {
        if self.entries.get(index).and_then(Entry::path).is_none() {
            return; // a seed or standard input: nothing to read it again from
        }
        self.held.retain(|&i| i != index);
        // Its search target changes (and one let go must not be kept).
        self.targets = None;
        self.held.push_back(index);
        let bytes = |library: &Self| -> usize {
            library.held.iter().filter_map(|&i| library.entries.get(i)?.doc.as_ref()).map(|d| d.text.len()).sum()
        };
        while self.held.len() > HELD_DOCUMENTS || (self.held.len() > 1 && bytes(self) > HELD_BYTES) {
            let Some(oldest) = self.held.iter().position(|&i| Some(i) != open) else { break };
            if let Some(i) = self.held.remove(oldest)
                && let Some(entry) = self.entries.get_mut(i)
            {
                entry.release();
            }
        }
    }

    /// What library search went through last, unless the library or its
    /// order changed since.
    #[must_use]
    pub fn targets(&self) -> Option<Arc<[(usize, Target)]>> {
        self.targets.clone()
    }

    /// Keeps what library search goes through, for the next key typed.
    pub(super) fn keep_targets(&mut self, targets: &Arc<[(usize, Target)]>) {
        self.targets = Some(Arc::clone(targets));
    }

    /// The list's order changed: library search's targets are made again.
    pub(super) fn order_changed(&mut self) {
        self.targets = None;
    }

    /// The loader has sent every document.
    pub(super) fn loaded(&mut self) {
        self.loading = false;
    }

    pub(super) fn set_indexing(&mut self, indexing: Option<(usize, usize)>) {
        self.indexing = indexing;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> Entry {
        let origin = Origin::File { path: PathBuf::from("/lib").join(name), root: PathBuf::from("/lib") };
        Entry::new(crate::document::parse_text(name, text.to_owned()), origin)
    }

    /// The loader's news taken in by the part alone, and what it tells
    /// the other parts: how many are coming, each arrival, a file changed
    /// under the open document or gone, one that could not be read after
    /// all, and the watch once every file is in.
    #[test]
    fn the_loaders_news_is_taken_in_and_passed_on() {
        let plan = WatchPlan { trees: vec![PathBuf::from("/lib")], ..WatchPlan::default() };
        let mut library = Library::new(vec![PathBuf::from("/lib")], plan, true);
        assert!(matches!(library.on_load(LoadEvent::Found(2), None).as_slice(), [Outcome::ListExpects(2)]));
        let arrived = library.on_load(LoadEvent::Entry(file("a.txt", "Alpha.")), None);
        assert!(matches!(arrived.as_slice(), [Outcome::Arrived { index: 0, counted: true }]), "{arrived:?}");
        library.on_load(LoadEvent::Entry(file("b.txt", "Beta.")), None);

        let path = PathBuf::from("/lib/a.txt");
        let changed = LoadEvent::Changed { path: path.clone(), entry: Some(file("a.txt", "Alpha, edited.")) };
        let then = library.on_load(changed, Some(0));
        assert!(matches!(then.as_slice(), [Outcome::Replaced(0), Outcome::ListChanged(None)]), "{then:?}");
        assert!(library.entries()[0].doc.is_some(), "the open one keeps its text");
        let gone = library.on_load(LoadEvent::Changed { path, entry: None }, Some(0));
        assert!(
            matches!(gone.as_slice(), [Outcome::Removed(0), Outcome::ListChanged(Some(s))] if s.ends_with("stays open until you leave it")),
            "{gone:?}"
        );

        library.wait_for_text(1);
        let problem = crate::library::Problem { path: PathBuf::from("/lib/b.txt"), reason: "gone".into() };
        let then = library.on_load(LoadEvent::Problem(problem), Some(1));
        assert!(matches!(then.as_slice(), [Outcome::GaveUp(1), Outcome::Say(_), Outcome::Log(_)]), "{then:?}");
        assert!(!library.partial(1), "nothing more is awaited for it");

        let done = library.on_load(LoadEvent::Done, None);
        assert!(matches!(done.as_slice(), [Outcome::Effect(Effect::Watch(_))]), "{done:?}");
        assert!(!library.loading());
    }

    /// The part alone, without an app: an entry is found by path, key and
    /// content hash as soon as it is added, a listed file waits for its
    /// text and takes it, and texts beyond the limit are let go, never the
    /// open one's.
    #[test]
    fn entries_are_found_held_and_let_go_by_the_part_alone() {
        let mut library = Library::new(Vec::new(), WatchPlan::default(), true);
        let first = library.push(file("a.txt", "Alpha text."));
        assert_eq!(library.by_path(Path::new("/lib/a.txt")), Some(first));
        assert_eq!(library.roots(), [PathBuf::from("/lib")], "its root is noted");
        let doc =
            DocRef { document: "elsewhere".into(), hash: library.entries()[first].hash.clone(), title: String::new() };
        assert_eq!(library.of_doc(&doc), Some(first), "a moved file is found by its hash");

        let mut listed = file("b.txt", "Beta text.");
        listed.release();
        let second = library.push(listed);
        let waiting = library.wait_for_text(second).expect("a waiting page");
        assert!(waiting.blocks.is_empty() && library.partial(second));
        let whole = Arc::new(crate::document::parse_text("b.txt", "Beta text, now read.".to_owned()));
        assert!(library.completed(second, &whole));
        assert!(!library.partial(second));
        assert!(library.entries()[second].hash.is_empty(), "the loader's hash is awaited");
        library.hashed(second, "h2".into());
        let doc = DocRef { document: "gone".into(), hash: "h2".into(), title: String::new() };
        assert_eq!(library.of_doc(&doc), Some(second));

        let many: Vec<usize> =
            (0..HELD_DOCUMENTS + 3).map(|i| library.push(file(&format!("{i}.txt"), "Some text."))).collect();
        for &i in &many {
            library.hold(i, Some(many[0]));
        }
        let holding = library.entries().iter().filter(|e| e.doc.is_some() && e.path().is_some()).count();
        assert!(holding <= HELD_DOCUMENTS + 2, "{holding} held");
        assert!(library.get(many[0]).is_some_and(|e| e.doc.is_some()), "the open one is kept");
        assert!(library.get(many[1]).is_some_and(|e| e.doc.is_none()), "the oldest other is let go");
    }
}
