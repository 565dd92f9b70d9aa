//! The library as a list: order, fuzzy filter, and library-wide search, as
//! part of [`App`].
//!
//! Entries keep their index in [`App::entries`] for life (a removed file is
//! only hidden), so the reader, bookmarks and searches can hold on to it;
//! the list shows [`ListView::order`], recomputed when entries arrive or the
//! sort or filter changes (at most once per batch of messages).

use std::collections::HashSet;
use std::sync::Arc;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use super::{App, Effect, Focus, Overlay, Prompt, Purpose};
use crate::library::{HITS_LISTED, LibraryJob, LibraryOutcome, Snippet, Target};
use crate::search::Query;

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Folder and file name, as walked.
    Path,
    Title,
    /// Newest first: a date in the document, else the file's time.
    Date,
    /// Longest first.
    Length,
    /// Most read first, then the unread.
    Progress,
    /// Never opened first, then by date, newest first.
    Unread,
}

impl SortKey {
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Path => Self::Title,
            Self::Title => Self::Date,
            Self::Date => Self::Length,
            Self::Length => Self::Progress,
            Self::Progress => Self::Unread,
            Self::Unread => Self::Path,
        }
    }

    /// Every order, as `s` cycles them.
    pub const ALL: [Self; 6] = [Self::Path, Self::Title, Self::Date, Self::Length, Self::Progress, Self::Unread];

    /// The name the configuration and the state file use.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Title => "title",
            Self::Date => "date",
            Self::Length => "length",
            Self::Progress => "progress",
            Self::Unread => "unread",
        }
    }

    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Path => "by folder and file",
            Self::Title => "by title",
            Self::Date => "by date, newest first",
            Self::Length => "by length, longest first",
            Self::Progress => "by reading progress",
            Self::Unread => "unread first, newest first",
        }
    }
}

/// What the list shows.
#[derive(Debug, Clone)]
pub struct ListView {
    /// Entry indices, in the order shown.
    pub order: Vec<usize>,
    pub sort: SortKey,
    /// The fuzzy filter typed after `/` in the list (empty: none).
    pub filter: String,
    /// Entries hidden because their file went away.
    pub removed: HashSet<usize>,
    /// Files the loader said it would try, and how many it has sent.
    pub total: Option<usize>,
    pub arrived: usize,
    /// The highlighted row (a position in `order`).
    pub selected: usize,
    /// Whether archived documents are listed (`A`), how many are hidden,
    /// and how many listed were never opened.
    pub show_archived: bool,
    pub archived: usize,
    pub unread: usize,
    /// The first row shown.
    pub offset: usize,
    dirty: bool,
    /// What the filter matches against, per entry, ready for the matcher.
    haystacks: Vec<Utf32String>,
    /// The last filter, the entries it matched, and how many entries there
    /// were: typing one more letter only narrows that set.
    narrowed: Option<(String, Vec<usize>, usize)>,
}

impl Default for ListView {
    fn default() -> Self {
        Self {
            order: Vec::new(),
            sort: SortKey::Path,
            filter: String::new(),
            removed: HashSet::new(),
            total: None,
            arrived: 0,
            selected: 0,
            show_archived: false,
            archived: 0,
            unread: 0,
            offset: 0,
            dirty: true,
            haystacks: Vec::new(),
            narrowed: None,
        }
    }
}

/// One document's hits in library search.
#[derive(Debug, Clone)]
pub struct ResultGroup {
    pub entry: usize,
    /// The hits listed, in order (all of them unless over [`HITS_LISTED`]).
    pub hits: Vec<std::ops::Range<usize>>,
    /// The passage of each hit listed.
    pub snippets: Vec<Snippet>,
    /// Hits in the document in all.
    pub count: usize,
}

/// Library-wide search results as they stream in.
#[derive(Debug, Clone)]
pub struct LibrarySearch {
    pub query: Query,
    id: u64,
    /// Documents with hits, in the order they came.
    pub groups: Vec<ResultGroup>,
    /// Where each group's heading row is: the pane is virtual, so a row is
    /// found by binary search, not by walking tens of thousands of hits.
    row_starts: Vec<usize>,
    rows: usize,
    /// Hits in all, and hits kept.
    pub total: usize,
    pub kept: usize,
    /// Documents searched so far, and in all.
    pub searched: usize,
    pub of: usize,
    /// The index chose this many documents to read, best first (`None`:
    /// every document is read).
    pub ranked: Option<usize>,
    pub done: bool,
    pub error: Option<String>,
}

impl LibrarySearch {
    fn new(query: Query, id: u64, of: usize) -> Self {
        Self {
            query,
            id,
            groups: Vec::new(),
            row_starts: Vec::new(),
            rows: 0,
            total: 0,
            kept: 0,
            searched: 0,
            of,
            ranked: None,
            done: false,
            error: None,
        }
    }

    /// All hits.
    #[must_use]
    pub fn total(&self) -> usize {
        self.total
    }

    fn push(&mut self, entry: usize, mut hits: Vec<std::ops::Range<usize>>, mut snippets: Vec<Snippet>) {
        let count = hits.len();
        // Listed: hits with a passage, while there is room.
        hits.truncate(HITS_LISTED.saturating_sub(self.kept).min(snippets.len()));
        snippets.truncate(hits.len());
        self.total += count;
        self.kept += hits.len();
        self.row_starts.push(self.rows);
        self.rows += hits.len() + 1;
        self.groups.push(ResultGroup { entry, hits, snippets, count });
    }

    /// Row `i` of the results pane: a document heading, or one of its hits.
    #[must_use]
    pub fn row(&self, i: usize) -> Option<ResultRow> {
        let g = self.row_starts.partition_point(|&start| start <= i).checked_sub(1)?;
        let group = self.groups.get(g)?;
        match i - self.row_starts[g] {
            0 => Some(ResultRow::Document { entry: group.entry, count: group.count }),
            k if k <= group.hits.len() => Some(ResultRow::Hit { entry: group.entry, hit: k - 1 }),
            _ => None,
        }
    }

    /// How many rows the pane has.
    #[must_use]
    pub fn row_count(&self) -> usize {
        self.rows
    }

    /// The passage of hit `hit` of `entry`.
    #[must_use]
    pub fn snippet(&self, entry: usize, hit: usize) -> Option<&Snippet> {
        self.groups.iter().find(|g| g.entry == entry).and_then(|g| g.snippets.get(hit))
    }

    /// The range of hit `hit` of `entry`.
    #[must_use]
    pub fn hit(&self, entry: usize, hit: usize) -> Option<std::ops::Range<usize>> {
        self.groups.iter().find(|g| g.entry == entry).and_then(|g| g.hits.get(hit)).cloned()
    }
}

/// One row of the results pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultRow {
    Document { entry: usize, count: usize },
    Hit { entry: usize, hit: usize },
}

/// The text the fuzzy filter matches an entry against: title, site, file.
#[must_use]
pub fn filter_haystack(app: &App, entry: usize) -> String {
    let Some(e) = app.library.get(entry) else { return String::new() };
    let site = e.meta.site.as_deref().unwrap_or_default();
    format!("{}  {}  {}", e.meta.title, site, e.origin.label())
}

/// How well an entry matches the filter, best first: every word of the
/// filter found whole at the start of a word of the entry, found whole,
/// or its letters close together. Fuzzy matching alone let `thanhnien`
/// keep four of the five built-in articles (its letters are somewhere in
/// any long title) and ranked `0771-std-iter-once` second for `const gen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    WordStart,
    Whole,
    Close,
}

/// Ranks entries by [`Tier`]; an entry whose letters for some word of the
/// filter lie far apart is a weak match, and dropped.
struct Ranker {
    /// Per fuzzy word of the filter: the word as a substring, and as it
    /// was (fuzzy), with its length in characters.
    words: Vec<(Atom, Atom, usize)>,
}

impl Ranker {
    fn new(filter: &str) -> Self {
        let words = filter
            .split(' ')
            // `!x`, `^x`, `'x`, `x$` already say how they match.
            .filter(|w| !w.is_empty() && !w.starts_with(['!', '^', '\'']) && !w.ends_with('$'))
            .map(|w| {
                let atom = |kind| Atom::new(w, CaseMatching::Smart, Normalization::Smart, kind, false);
                (atom(AtomKind::Substring), atom(AtomKind::Fuzzy), w.chars().count())
            })
            .collect();
        Self { words }
    }

    fn tier(&self, haystack: Utf32Str<'_>, matcher: &mut Matcher) -> Option<Tier> {
        let mut worst = Tier::WordStart;
        let mut indices = Vec::new();
        for (whole, fuzzy, len) in &self.words {
            indices.clear();
            let tier = if whole.indices(haystack, matcher, &mut indices).is_some() {
                let first = indices.iter().copied().min().unwrap_or(0) as usize;
                let at_word_start = first == 0 || !haystack.get(first as u32 - 1).is_alphanumeric();
                if at_word_start { Tier::WordStart } else { Tier::Whole }
            } else {
                fuzzy.indices(haystack, matcher, &mut indices)?;
                let (Some(first), Some(last)) = (indices.iter().min(), indices.iter().max()) else { continue };
                // Letters spread over more than twice the word's length
                // are a coincidence, not a match.
                if (last - first + 1) as usize > 2 * len + 1 {
                    return None;
                }
                Tier::Close
            };
            worst = worst.max(tier);
        }
        Some(worst)
    }
}

/// Positions (in characters of the title) that the filter matched.
#[must_use]
pub fn filter_indices(filter: &str, title: &str) -> Vec<u32> {
    if filter.is_empty() {
        return Vec::new();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(filter, CaseMatching::Smart, Normalization::Smart);
    let mut buf = Vec::new();
    let mut indices = Vec::new();
    pattern.indices(Utf32Str::new(title, &mut buf), &mut matcher, &mut indices);
    indices.sort_unstable();
    indices.dedup();
    indices
}

impl App {
    /// The entry on the selected row of the list.
    #[must_use]
    pub fn selected_entry(&self) -> Option<usize> {
        self.view.order.get(self.view.selected).copied()
    }

    /// Selects the row that shows `entry`, if it is shown.
    pub(super) fn select_entry(&mut self, entry: usize) {
        self.refresh_view();
        if let Some(row) = self.view.order.iter().position(|&e| e == entry) {
            self.select(row);
        }
    }

    /// Marks the list for re-ordering.
    pub(super) fn view_changed(&mut self) {
        self.view.dirty = true;
        self.library.order_changed();
    }

    /// Recomputes the list's order if anything changed (entries, sort,
    /// filter). Keeps the selected entry selected.
    pub(super) fn refresh_view(&mut self) {
        if !self.view.dirty {
            return;
        }
        self.view.dirty = false;
        let keep = self.view.order.get(self.view.selected).copied();
        if !self.view.filter.is_empty() {
            self.prepare_haystacks();
        }
        // Nothing archived (the usual case) costs no look-up per entry: this
        // runs on every key typed into the list's filter.
        let hidden: HashSet<usize> = if self.view.show_archived || !self.positions.values().any(|p| p.archived) {
            HashSet::new()
        } else {
            (0..self.library.len()).filter(|&i| self.is_archived(i)).collect()
        };
        self.view.archived = hidden.len();
        let visible = (0..self.library.len()).filter(|i| !self.view.removed.contains(i) && !hidden.contains(i));
        let mut order: Vec<usize> = if self.view.filter.is_empty() {
            let mut all: Vec<usize> = visible.collect();
            all.sort_by_cached_key(|&i| self.sort_value(i));
            all
        } else {
            let filter = self.view.filter.clone();
            // A longer filter matches a subset of what the shorter one did
            // (unless it negates with `!`): only those are scored again.
            let candidates: Vec<usize> = match &self.view.narrowed {
                Some((previous, matched, upto)) if filter.starts_with(previous.as_str()) && !filter.contains('!') => {
                    matched
                        .iter()
                        .copied()
                        .chain(*upto..self.library.len())
                        .filter(|i| !self.view.removed.contains(i) && !hidden.contains(i))
                        .collect()
                }
                _ => visible.collect(),
            };
            let mut matcher = Matcher::new(Config::DEFAULT);
            let pattern = Pattern::parse(&filter, CaseMatching::Smart, Normalization::Smart);
            let ranker = Ranker::new(&filter);
            let mut scored: Vec<(Tier, u32, usize)> = candidates
                .into_iter()
                .filter_map(|i| {
                    let haystack = self.view.haystacks[i].slice(..);
                    let score = pattern.score(haystack, &mut matcher)?;
                    Some((ranker.tier(haystack, &mut matcher)?, score, i))
                })
                .collect();
            self.view.narrowed = Some((filter, scored.iter().map(|(_, _, i)| *i).collect(), self.library.len()));
            scored.sort_by_cached_key(|&(tier, score, i)| (tier, std::cmp::Reverse(score), self.sort_value(i)));
            scored.into_iter().map(|(_, _, i)| i).collect()
        };
        std::mem::swap(&mut self.view.order, &mut order);
        self.view.unread = self.view.order.iter().filter(|&&i| self.is_unread(i)).count();
        let row = keep.and_then(|e| self.view.order.iter().position(|&x| x == e)).unwrap_or(0);
        self.select(row);
    }

    /// What entry `i` is sorted by: the sort's own key, then its library
    /// root (in the order given) and path as bytes (comparing paths by
    /// component is ten times slower, and a folder walk is sorted by bytes
    /// anyway), then its index. Borrowed from the entry where it can be:
    /// each of 100 000 entries arriving is put in place by comparing it
    /// with a dozen others.
    fn sort_value(&self, i: usize) -> (Primary<'_>, usize, &[u8], usize) {
        let e = &self.library.entries()[i];
        let primary = match self.view.sort {
            SortKey::Path => Primary::None,
            SortKey::Title => Primary::Text(Lowercase(&e.meta.title)),
            SortKey::Date => Primary::Later(std::cmp::Reverse(date_key(e))),
            SortKey::Length => Primary::More(std::cmp::Reverse(e.meta.word_count)),
            SortKey::Progress => Primary::More(std::cmp::Reverse(self.progress(i).map_or(0, |p| p + 1))),
            SortKey::Unread => Primary::Unread(!self.is_unread(i), std::cmp::Reverse(date_key(e))),
        };
        let (rank, path) = match &e.origin {
            crate::library::Origin::File { path, root } => (self.root_rank(root), path.as_os_str().as_encoded_bytes()),
            _ => (0, &[][..]),
        };
        (primary, rank, path, i)
    }

    /// Puts a newly arrived entry in its place without sorting everything
    /// again (ten thousand arrive while the library loads).
    pub(super) fn insert_in_view(&mut self, i: usize) {
        if !self.view.show_archived && self.is_archived(i) {
            self.view.archived += 1;
            return;
        }
        if self.is_unread(i) {
            self.view.unread += 1;
        }
        if !self.view.filter.is_empty() || self.view.dirty {
            self.view_changed();
            return;
        }
        let at = {
            let value = self.sort_value(i);
            let order = &self.view.order;
            // Most arrive after the last one (a walk is in order).
            if order.last().is_none_or(|&last| self.sort_value(last) < value) {
                order.len()
            } else {
                order.partition_point(|&e| self.sort_value(e) < value)
            }
        };
        self.view.order.insert(at, i);
        if at <= self.view.selected && self.view.order.len() > 1 {
            // The selected entry moved down a row: follow it.
            let row = self.view.selected + 1;
            self.select(row);
        }
    }

    /// Where a library root stands among the roots, in the order given.
    fn root_rank(&self, root: &std::path::Path) -> usize {
        // As bytes: comparing paths by component costs more than the rest
        // of a comparison of two entries.
        self.library.roots().iter().position(|r| r.as_os_str() == root.as_os_str()).unwrap_or(usize::MAX)
    }

    /// Whether entry `i` is archived (`a`).
    pub fn is_archived(&self, i: usize) -> bool {
        self.position_of(i, false).is_some_and(|p| p.archived)
    }

    /// Whether entry `i` was never opened (the open document is being read).
    pub fn is_unread(&self, i: usize) -> bool {
        self.reader.as_ref().is_none_or(|r| r.entry != i) && self.position_of(i, false).is_none()
    }

    /// `a`: archives the selected document (it leaves the list; `A` shows
    /// archived ones), or brings an archived one back. Kept beside the
    /// reading positions.
    pub(super) fn archive_selected(&mut self) {
        let Some(i) = self.selected_entry() else { return };
        let Some(entry) = self.library.get(i) else { return };
        if entry.partial {
            self.status = Some("this document is still being read; archive it once it has arrived".to_owned());
            return;
        }
        let key = entry.origin.position_key();
        let title = if entry.meta.title.is_empty() { entry.origin.label() } else { entry.meta.title.clone() };
        let title = crate::sanitize::truncate_words(&crate::sanitize::line(&title), 40).into_owned();
        let hash = entry.hash.clone();
        let mut position = self.position_of(i, false).cloned().unwrap_or(crate::positions::Position {
            offset: 0,
            percent: 0,
            updated: crate::bookmarks::now(),
            hash,
            archived: false,
        });
        position.archived = !position.archived;
        let archived = position.archived;
        self.positions.insert(key.clone(), position.clone());
        self.effects.push(Effect::SavePositions(std::iter::once((key, position)).collect()));
        self.view_changed();
        self.refresh_view();
        self.status = Some(if archived && !self.view.show_archived {
            format!("archived \"{title}\" (A shows archived documents; a brings one back)")
        } else if archived {
            format!("archived \"{title}\"")
        } else {
            format!("\"{title}\" is back from the archive")
        });
    }

    /// `A`: lists archived documents too, or hides them again.
    pub(super) fn toggle_archived(&mut self) {
        self.view.show_archived = !self.view.show_archived;
        self.view_changed();
        self.refresh_view();
        self.status = Some(if self.view.show_archived {
            "archived documents are listed (A hides them)".to_owned()
        } else {
            format!("{} archived documents hidden (A lists them)", self.view.archived)
        });
    }

    /// `s`: the next sort order.
    pub(super) fn cycle_sort(&mut self) {
        self.view.sort = self.view.sort.next();
        self.view_changed();
        self.refresh_view();
        self.status = Some(format!("sorted {}", self.view.sort.label()));
        // Kept for the next start, with the configuration's order it
        // replaced: a `sort` changed in the file since wins.
        let configured = self.config_sort.unwrap_or(SortKey::Path);
        self.effects.push(Effect::SaveSort { chosen: self.view.sort, configured });
    }

    /// Readies what the filter matches against, for entries not ready yet.
    fn prepare_haystacks(&mut self) {
        while self.view.haystacks.len() < self.library.len() {
            let hay = filter_haystack(self, self.view.haystacks.len());
            self.view.haystacks.push(Utf32String::from(hay));
        }
    }

    /// `/` with the list focused: the fuzzy filter prompt. The text to match
    /// is readied now, so the first letter typed answers as fast as the rest.
    pub(super) fn start_filter(&mut self) {
        self.prepare_haystacks();
        self.prompt = Some(Prompt::with_selected(Purpose::ListFilter, &self.view.filter));
    }

    /// The list filter changed (as typed).
    pub(super) fn set_filter(&mut self, filter: &str) {
        if self.view.filter != filter {
            self.view.filter = filter.to_owned();
            self.view_changed();
            self.refresh_view();
            self.select(0);
        }
    }

    /// `S`: opens library-wide search.
    pub(super) fn start_library_search(&mut self) {
        let previous = self.library_search.as_ref().map(|s| s.query.text.clone()).unwrap_or_default();
        self.overlay = Overlay::Results { selected: 0 };
        self.prompt = Some(Prompt::with_selected(Purpose::LibrarySearch, &previous));
    }

    /// Sends a library search for `query` (as typed).
    pub(super) fn submit_library_search(&mut self, query: Query) {
        if query.text.is_empty() {
            self.library_search = None;
            return;
        }
        self.next_job += 1;
        let id = self.next_job;
        // The whole library, whatever the list's filter, as the help says;
        // in the list's sort order, so what is on top is searched first.
        // The list's own order when it shows the whole library (sorting
        // 100 000 entries on every key typed cost 50 ms a key).
        let docs = self.library.targets().unwrap_or_else(|| {
            let docs = self.library_targets();
            self.library.keep_targets(&docs);
            docs
        });
        let of = docs.len();
        self.effects.push(Effect::SearchLibrary(LibraryJob { id, docs, query: query.clone(), rules: self.rules }));
        self.library_search = Some(LibrarySearch::new(query, id, of));
        self.overlay = Overlay::Results { selected: 0 };
    }

    /// What library search goes through: every document, in the list's
    /// order, held or to be read from its file. Made again only when the
    /// library or its order changes (see [`super::Library::targets`]).
    fn library_targets(&self) -> Arc<[(usize, Target)]> {
        let order = if self.view.filter.is_empty() && !self.view.dirty {
            self.view.order.clone()
        } else {
            let mut order: Vec<usize> = (0..self.library.len()).filter(|i| !self.view.removed.contains(i)).collect();
            order.sort_by_cached_key(|&i| self.sort_value(i));
            order
        };
        order
            .into_iter()
            .filter_map(|i| {
                let entry = &self.library.entries()[i];
                let target = match (&entry.doc, entry.path()) {
                    // A preview is not the document: its file is searched.
                    (Some(doc), path) if !entry.partial => Target::Held(Arc::clone(doc), path.map(Into::into)),
                    (_, Some(path)) => Target::File(path.to_path_buf()),
                    (Some(doc), None) => Target::Held(Arc::clone(doc), None),
                    (None, None) => return None,
                };
                Some((i, target))
            })
            .collect()
    }

    /// Takes in library search results as they stream.
    pub(super) fn apply_library(&mut self, outcome: LibraryOutcome) {
        let Some(search) = &mut self.library_search else { return };
        match outcome {
            LibraryOutcome::Hits { id, entry, hits, snippets } if id == search.id => search.push(entry, hits, snippets),
            LibraryOutcome::Progress { id, searched } if id == search.id => search.searched = searched,
            LibraryOutcome::Ranked { id, candidates } if id == search.id => search.ranked = Some(candidates),
            LibraryOutcome::Done { id, searched } if id == search.id => {
                search.searched = searched;
                search.done = true;
            }
            LibraryOutcome::Failed { id, message } if id == search.id => {
                search.error = Some(message);
                search.done = true;
            }
            _ => {}
        }
    }

    /// Opens a document at a library search hit, with in-document search
    /// set to the same query so `n` goes on from there.
    pub(super) fn open_hit(&mut self, entry: usize, hit: usize) {
        let Some(search) = &self.library_search else { return };
        // A document whose hits were counted, not kept, opens at its start
        // with the search set: `n` finds the first.
        let range = search.hit(entry, hit).unwrap_or(0..0);
        let query = search.query.clone();
        self.overlay = Overlay::None;
        self.remember_jump();
        self.open(entry);
        self.focus = Focus::Reader;
        if self.wait_for(entry, super::AfterLoad::Hit(hit)) {
            return;
        }
        let height = self.body_height();
        if let Some(reader) = &mut self.reader {
            reader.layout.reveal(&reader.doc, range.start);
            let pos = reader.layout.pos_of_offset(&reader.doc, range.start);
            let context = (height / 4).min(3);
            reader.top = reader.layout.up(&reader.doc, pos, context).min(reader.last_top(height));
        }
        self.search_at(query, range.start);
    }
}

/// The first part of a sort value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Primary<'a> {
    None,
    Text(Lowercase<'a>),
    Later(std::cmp::Reverse<String>),
    More(std::cmp::Reverse<usize>),
    /// Read (false first: the unread), then newest first.
    Unread(bool, std::cmp::Reverse<String>),
}

/// Text ordered by its letters in lower case, without making a lower-case
/// copy of it for every comparison.
#[derive(Debug, Clone, Copy)]
struct Lowercase<'a>(&'a str);

impl Lowercase<'_> {
    fn letters(&self) -> impl Iterator<Item = char> + '_ {
        self.0.chars().flat_map(char::to_lowercase)
    }
}

impl Ord for Lowercase<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.letters().cmp(other.letters())
    }
}

impl PartialOrd for Lowercase<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Lowercase<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Lowercase<'_> {}

/// The key for sorting by date: a date found in the text (`YYYY-MM-DD`),
/// else the file's time, as comparable text.
fn date_key(entry: &crate::library::Entry) -> String {
    if let Some(date) = entry.meta.date.as_deref().filter(|d| d.len() >= 10 && d.as_bytes()[4] == b'-') {
        return date[..10].to_owned();
    }
    entry.modified.map(|t| humantime::format_rfc3339_seconds(t).to_string()[..10].to_owned()).unwrap_or_default()
}

impl App {
    /// A file in the library changed on disk, appeared, or went away. The
    /// open document keeps the passage at the top of the view (found again
    /// by its text), and its bookmarks are anchored again.
    pub(super) fn file_changed(&mut self, path: &std::path::Path, entry: Option<crate::library::Entry>) {
        let index = self.library.by_path(path);
        match (index, entry) {
            (Some(i), Some(new)) => {
                let open = self.reader.as_ref().is_some_and(|r| r.entry == i);
                let anchor = self.reader.as_ref().filter(|_| open).map(|r| {
                    let lines = r.layout.lines(&r.doc, r.top.block);
                    let range = lines.get(r.top.line).map_or(0..0, |l| l.range.clone());
                    crate::bookmarks::quote(&r.doc.text, range)
                });
                self.view.removed.remove(&i);
                self.library.replace(i, new, open);
                // The bookmarks pane's rows depend on the entries.
                self.pane = None;
                if i < self.view.haystacks.len() {
                    self.view.haystacks[i] = Utf32String::from(filter_haystack(self, i));
                }
                self.view.narrowed = None;
                if let Some(doc) = self.library.get(i).and_then(|e| e.doc.clone()).filter(|_| open) {
                    let height = self.body_height();
                    let mut dropped = false;
                    if let Some(reader) = &mut self.reader {
                        let had = reader.selection.is_some();
                        dropped = !reader.replace_doc(doc, height) && had;
                        if let Some(range) = anchor.and_then(|q| crate::bookmarks::anchor(&reader.doc.text, &q).range())
                        {
                            let pos = reader.layout.pos_of_offset(&reader.doc, range.start);
                            reader.top = pos.min(reader.last_top(height));
                        }
                    }
                    self.anchor_open_marks();
                    self.search_follows_change();
                    let selection =
                        if dropped { "; the selected text changed, so the selection was dropped" } else { "" };
                    self.status = Some(format!("{} changed on disk and was reloaded{selection}", path.display()));
                }
            }
            (None, Some(mut new)) => {
                new.release();
                self.library.push(new);
                self.pane = None;
                self.status = Some(format!("new in the library: {}", path.display()));
            }
            (Some(i), None) => {
                self.view.removed.insert(i);
                self.status = Some(format!("{} was removed from the library", path.display()));
                if self.reader.as_ref().is_some_and(|r| r.entry == i) {
                    self.status = Some(format!("{} was removed; it stays open until you leave it", path.display()));
                }
            }
            (None, None) => {}
        }
        self.view_changed();
        self.refresh_view();
    }
}

#[cfg(test)]
mod tests {
    use super::Lowercase;

    #[test]
    fn titles_sort_by_their_letters_in_lower_case() {
        let mut titles = ["banana", "Apple", "cherry", "Äpple", "apple pie", "APPLE"];
        titles.sort_by_key(|t| Lowercase(t));
        assert_eq!(titles, ["Apple", "APPLE", "apple pie", "banana", "cherry", "Äpple"]);
        assert_eq!(Lowercase("ÉTÉ"), Lowercase("été"));
    }
}
