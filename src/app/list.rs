//! The library as a list: order, fuzzy filter, and library-wide search.
//!
//! Entries keep their index in [`super::App::entries`] for life (a removed file is
//! only hidden), so the reader, bookmarks and searches can hold on to it;
//! the list shows [`ListView::order`], recomputed when entries arrive or the
//! sort or filter changes (at most once per batch of messages).

use std::collections::HashSet;
use std::sync::Arc;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use super::open_document::Step;
use super::outcome::Outcome;
use super::{Library, Reader};
use crate::action::Action;
use crate::library::Target;
use crate::positions::{Position, Positions};

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

/// The text the fuzzy filter matches an entry against: title, site, file.
#[must_use]
pub fn filter_haystack(library: &Library, entry: usize) -> String {
    let Some(e) = library.get(entry) else { return String::new() };
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

/// What the list's actions need of the rest of the app.
pub(super) struct ListContext<'a> {
    /// Rows the list shows.
    pub capacity: usize,
    pub library: &'a Library,
    pub keymap: &'a crate::keymap::Keymap,
    /// The order the configuration gives (kept beside the one chosen).
    pub configured_sort: SortKey,
}

/// What the list reads of the rest of the app to order and mark its rows:
/// the documents, where each was left, and the one open (read on a pane
/// `height` rows tall).
#[derive(Clone, Copy)]
pub struct Shelf<'a> {
    pub library: &'a Library,
    pub positions: &'a Positions,
    pub open: Option<&'a Reader>,
    pub height: usize,
}

impl<'a> Shelf<'a> {
    /// Where an entry was left: by its key; else, for a file that moved,
    /// by its content hash; else by the key an older positions file gave
    /// it (its path under its library root), when that names a file in a
    /// folder of the library, not a bare file name that any `index.html`
    /// would share. `search_hash` allows the scan for a moved file (once,
    /// when a document opens; not for every row of the list).
    #[must_use]
    pub fn position_of(&self, index: usize, search_hash: bool) -> Option<&'a Position> {
        let entry = self.library.get(index)?;
        if let Some(found) = self.positions.get(&entry.origin.position_key()) {
            return Some(found);
        }
        if search_hash && !entry.hash.is_empty() && !entry.partial {
            let moved =
                self.positions.values().filter(|p| p.hash == entry.hash).max_by(|a, b| a.updated.cmp(&b.updated));
            if moved.is_some() {
                return moved;
            }
        }
        let legacy = entry.origin.key();
        let unambiguous = !matches!(entry.origin, crate::library::Origin::File { .. }) || legacy.contains('/');
        self.positions.get(&legacy).filter(|p| unambiguous && p.hash.is_empty())
    }

    /// How far entry `index` has been read, in percent (the open one as
    /// it is now); `None` if never opened or still arriving.
    #[must_use]
    pub fn progress(&self, index: usize) -> Option<usize> {
        if self.library.get(index).is_some_and(|e| e.partial) {
            return None;
        }
        if let Some(reader) = self.open.filter(|r| r.entry == index) {
            return Some(reader.percent(self.height));
        }
        self.position_of(index, false).map(|p| usize::from(p.percent))
    }

    /// Whether entry `i` is archived (`a`).
    #[must_use]
    pub fn is_archived(&self, i: usize) -> bool {
        self.position_of(i, false).is_some_and(|p| p.archived)
    }

    /// Whether entry `i` was never opened (the open document is being read).
    #[must_use]
    pub fn is_unread(&self, i: usize) -> bool {
        self.open.is_none_or(|r| r.entry != i) && self.position_of(i, false).is_none()
    }

    /// Where the open document is now, to keep for the next time it opens:
    /// its key, the position, and whether it was never opened before;
    /// `None` while it is still arriving, or when the place did not change
    /// (unless `last_read`, which stamps the time anyway, so the document
    /// open at quit is the one the next start reopens).
    pub(super) fn position_now(&self, last_read: bool) -> Option<(String, Position, bool)> {
        let reader = self.open?;
        let entry = self.library.get(reader.entry)?;
        if entry.partial || reader.doc.blocks.is_empty() {
            return None;
        }
        let offset = reader.place_offset();
        let key = entry.origin.position_key();
        let known = self.positions.get(&key);
        if !last_read && known.is_some_and(|p| p.offset == offset) {
            return None;
        }
        let position = Position {
            offset,
            percent: u8::try_from(reader.percent(self.height)).unwrap_or(100),
            updated: crate::bookmarks::now(),
            hash: entry.hash.clone(),
            archived: known.is_some_and(|p| p.archived),
        };
        Some((key, position, known.is_none()))
    }

    /// `a` on entry `i`: its position with `archived` turned over, under
    /// its key, and what to say; or why not.
    pub(super) fn archive(&self, i: usize, listing_archived: bool) -> Result<(String, Position, String), String> {
        let Some(entry) = self.library.get(i) else { return Err(String::new()) };
        if entry.partial {
            return Err("this document is still being read; archive it once it has arrived".to_owned());
        }
        let key = entry.origin.position_key();
        let title = if entry.meta.title.is_empty() { entry.origin.label() } else { entry.meta.title.clone() };
        let title = crate::sanitize::truncate_words(&crate::sanitize::line(&title), 40).into_owned();
        let mut position = self.position_of(i, false).cloned().unwrap_or(Position {
            offset: 0,
            percent: 0,
            updated: crate::bookmarks::now(),
            hash: entry.hash.clone(),
            archived: false,
        });
        position.archived = !position.archived;
        let said = if position.archived && !listing_archived {
            format!("archived \"{title}\" (A shows archived documents; a brings one back)")
        } else if position.archived {
            format!("archived \"{title}\"")
        } else {
            format!("\"{title}\" is back from the archive")
        };
        Ok((key, position, said))
    }

    /// What entry `i` is sorted by under `sort`: the sort's own key, then
    /// its library root (in the order given) and path as bytes (comparing
    /// paths by component is ten times slower, and a folder walk is sorted
    /// by bytes anyway), then its index. Borrowed from the entry where it
    /// can be: each of 100 000 entries arriving is put in place by
    /// comparing it with a dozen others.
    fn sort_value(&self, sort: SortKey, i: usize) -> (Primary<'a>, usize, &'a [u8], usize) {
        let e = &self.library.entries()[i];
        let primary = match sort {
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

    /// Where a library root stands among the roots, in the order given.
    fn root_rank(&self, root: &std::path::Path) -> usize {
        // As bytes: comparing paths by component costs more than the rest
        // of a comparison of two entries.
        self.library.roots().iter().position(|r| r.as_os_str() == root.as_os_str()).unwrap_or(usize::MAX)
    }
}

impl ListView {
    /// An action for the list (`focused`: it has the focus; `capacity`:
    /// rows it shows); `None` when it is not one the list takes. What it
    /// needs of the library is borrowed; what it changes beyond its rows
    /// (its order, its filter) it says as outcomes.
    pub(super) fn on_action(
        &mut self,
        action: Action,
        count: Option<usize>,
        focused: bool,
        ctx: &ListContext,
    ) -> Option<Vec<Outcome>> {
        let times = count.unwrap_or(1).max(1);
        let row = match (action, Step::of(action, times)) {
            (_, Some((step, down))) => {
                let n = step.lines(ctx.capacity, false);
                if down { self.selected.saturating_add(n) } else { self.selected.saturating_sub(n) }
            }
            (Action::Top, _) => 0,
            (Action::Bottom, _) => self.order.len().saturating_sub(1),
            (Action::GoPercent, _) => {
                if focused {
                    let row = ctx.library.len().saturating_sub(1) * count.unwrap_or(0).min(100) / 100;
                    self.select(row, ctx.capacity);
                }
                return Some(super::open_document::percent_hint(count, ctx.keymap).into_iter().collect());
            }
            (Action::SortCycle, _) => {
                let (said, saved) = self.cycle_sort(ctx.configured_sort);
                return Some(vec![Outcome::ListChanged(Some(said)), Outcome::Effect(saved)]);
            }
            (Action::ToggleArchived, _) => return Some(vec![Outcome::ListChanged(Some(self.toggle_archived()))]),
            (Action::Search, _) if focused => {
                // What the filter matches is readied now, so the first
                // letter typed answers as fast as the rest.
                self.prepare_haystacks(ctx.library);
                let prompt = super::Prompt::with_selected(super::Purpose::ListFilter, &self.filter);
                return Some(vec![Outcome::Prompt(Some(prompt))]);
            }
            // Esc in a filtered list clears the filter.
            (Action::Cancel, _) if focused && !self.filter.is_empty() => {
                return Some(vec![Outcome::Filter(String::new())]);
            }
            _ => return None,
        };
        self.select(row, ctx.capacity);
        Some(Vec::new())
    }

    /// Its filter prompt's answer: the filter follows the text as typed
    /// and is emptied by Esc; Enter opens the document selected, if the
    /// filter left any.
    pub(super) fn filter_answered(&self, answer: &super::Answer<'_>) -> Vec<Outcome> {
        match answer {
            super::Answer::Changed(prompt) => vec![Outcome::Filter(prompt.input.clone())],
            super::Answer::Accepted(_) if self.order.is_empty() => Vec::new(),
            super::Answer::Accepted(_) => vec![Outcome::Apply(Action::Open)],
            super::Answer::Cancelled(_) => vec![Outcome::Filter(String::new())],
        }
    }

    /// `s`: the next order, said; and the effect that keeps it for the
    /// next start, with the configuration's order it replaced (a `sort`
    /// changed in the file since wins).
    pub(super) fn cycle_sort(&mut self, configured: SortKey) -> (String, super::Effect) {
        self.sort = self.sort.next();
        (format!("sorted {}", self.sort.label()), super::Effect::SaveSort { chosen: self.sort, configured })
    }

    /// `A`: archived documents listed or hidden, said.
    pub(super) fn toggle_archived(&mut self) -> String {
        self.show_archived = !self.show_archived;
        if self.show_archived {
            "archived documents are listed (A hides them)".to_owned()
        } else {
            format!("{} archived documents hidden (A lists them)", self.archived)
        }
    }

    /// The entry on the selected row.
    #[must_use]
    pub fn selected_entry(&self) -> Option<usize> {
        self.order.get(self.selected).copied()
    }

    /// Moves the selection to a row, keeping it on screen in a list
    /// `capacity` rows tall.
    pub(super) fn select(&mut self, index: usize, capacity: usize) {
        let rows = self.order.len();
        if rows == 0 {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = index.min(rows - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + capacity {
            self.offset = self.selected + 1 - capacity;
        }
        // Never leave empty rows at the bottom while documents are above.
        self.offset = self.offset.min(rows.saturating_sub(capacity));
    }

    /// Selects the row that shows `entry`, if it is shown.
    pub(super) fn select_entry(&mut self, entry: usize, shelf: Shelf<'_>, capacity: usize) {
        self.refresh(shelf, capacity);
        if let Some(row) = self.order.iter().position(|&e| e == entry) {
            self.select(row, capacity);
        }
    }

    /// The loader will send `total` documents in all, `listed` of them
    /// listed already: said in the list's title, and room made for all
    /// once rather than grown while they arrive.
    pub(super) fn expect(&mut self, total: usize, listed: usize) {
        self.total = Some(total);
        self.order.reserve(total.saturating_sub(listed));
    }

    /// The order is to be made again (entries, sort or filter changed).
    pub(super) fn changed(&mut self) {
        self.dirty = true;
    }

    /// Recomputes the order if anything changed (entries, sort, filter).
    /// Keeps the selected entry selected.
    pub(super) fn refresh(&mut self, shelf: Shelf<'_>, capacity: usize) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        let library = shelf.library;
        let keep = self.order.get(self.selected).copied();
        if !self.filter.is_empty() {
            self.prepare_haystacks(library);
        }
        // Nothing archived (the usual case) costs no look-up per entry: this
        // runs on every key typed into the list's filter.
        let hidden: HashSet<usize> = if self.show_archived || !shelf.positions.values().any(|p| p.archived) {
            HashSet::new()
        } else {
            (0..library.len()).filter(|&i| shelf.is_archived(i)).collect()
        };
        self.archived = hidden.len();
        let removed = &self.removed;
        let visible = (0..library.len()).filter(|i| !removed.contains(i) && !hidden.contains(i));
        let sort = self.sort;
        let mut order: Vec<usize> = if self.filter.is_empty() {
            let mut all: Vec<usize> = visible.collect();
            all.sort_by_cached_key(|&i| shelf.sort_value(sort, i));
            all
        } else {
            let filter = self.filter.clone();
            // A longer filter matches a subset of what the shorter one did
            // (unless it negates with `!`): only those are scored again.
            let candidates: Vec<usize> = match &self.narrowed {
                Some((previous, matched, upto)) if filter.starts_with(previous.as_str()) && !filter.contains('!') => {
                    matched
                        .iter()
                        .copied()
                        .chain(*upto..library.len())
                        .filter(|i| !removed.contains(i) && !hidden.contains(i))
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
                    let haystack = self.haystacks[i].slice(..);
                    let score = pattern.score(haystack, &mut matcher)?;
                    Some((ranker.tier(haystack, &mut matcher)?, score, i))
                })
                .collect();
            self.narrowed = Some((filter, scored.iter().map(|(_, _, i)| *i).collect(), library.len()));
            scored.sort_by_cached_key(|&(tier, score, i)| (tier, std::cmp::Reverse(score), shelf.sort_value(sort, i)));
            scored.into_iter().map(|(_, _, i)| i).collect()
        };
        std::mem::swap(&mut self.order, &mut order);
        self.unread = self.order.iter().filter(|&&i| shelf.is_unread(i)).count();
        let row = keep.and_then(|e| self.order.iter().position(|&x| x == e)).unwrap_or(0);
        self.select(row, capacity);
    }

    /// Puts a newly arrived entry in its place without sorting everything
    /// again (ten thousand arrive while the library loads); false if the
    /// whole order is to be made again instead.
    pub(super) fn insert(&mut self, i: usize, shelf: Shelf<'_>, capacity: usize) -> bool {
        if !self.show_archived && shelf.is_archived(i) {
            self.archived += 1;
            return true;
        }
        if shelf.is_unread(i) {
            self.unread += 1;
        }
        if !self.filter.is_empty() || self.dirty {
            return false;
        }
        let value = shelf.sort_value(self.sort, i);
        // Most arrive after the last one (a walk is in order).
        let at = if self.order.last().is_none_or(|&last| shelf.sort_value(self.sort, last) < value) {
            self.order.len()
        } else {
            self.order.partition_point(|&e| shelf.sort_value(self.sort, e) < value)
        };
        self.order.insert(at, i);
        if at <= self.selected && self.order.len() > 1 {
            // The selected entry moved down a row: follow it.
            self.select(self.selected + 1, capacity);
        }
        true
    }

    /// Readies what the filter matches against, for entries not ready yet
    /// (so the first letter typed answers as fast as the rest).
    pub(super) fn prepare_haystacks(&mut self, library: &Library) {
        while self.haystacks.len() < library.len() {
            let hay = filter_haystack(library, self.haystacks.len());
            self.haystacks.push(Utf32String::from(hay));
        }
    }

    /// Entry `i` changed: what the filter matches it against is made again.
    pub(super) fn entry_changed(&mut self, i: usize, library: &Library) {
        self.removed.remove(&i);
        if i < self.haystacks.len() {
            self.haystacks[i] = Utf32String::from(filter_haystack(library, i));
        }
        self.narrowed = None;
    }

    /// What library search goes through: every document, in the list's
    /// order, held or to be read from its file. Made again only when the
    /// library or its order changes (see [`super::Library::targets`]).
    pub(super) fn targets(&self, shelf: Shelf<'_>) -> Arc<[(usize, Target)]> {
        let order = if self.filter.is_empty() && !self.dirty {
            self.order.clone()
        } else {
            let mut order: Vec<usize> = (0..shelf.library.len()).filter(|i| !self.removed.contains(i)).collect();
            order.sort_by_cached_key(|&i| shelf.sort_value(self.sort, i));
            order
        };
        order
            .into_iter()
            .filter_map(|i| {
                let entry = &shelf.library.entries()[i];
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

#[cfg(test)]
mod tests {
    use super::{Action, Library, ListContext, ListView, Lowercase, Outcome, SortKey};

    /// The list's keys alone, without an app: moves keep the selection on
    /// screen, `G` goes to the last row, Esc in a filtered list clears the
    /// filter (said as an outcome), `/` opens its filter prompt, and keys
    /// that are not the list's are left to the app.
    #[test]
    fn the_list_moves_filters_and_leaves_the_rest() {
        let library = Library::new(Vec::new(), crate::library::WatchPlan::default(), false);
        let keymap = crate::keymap::Keymap::default();
        let ctx = ListContext { capacity: 5, library: &library, keymap: &keymap, configured_sort: SortKey::Path };
        let mut view = ListView { order: (0..20).collect(), ..ListView::default() };
        assert!(view.on_action(Action::Down, Some(7), true, &ctx).is_some());
        assert_eq!((view.selected, view.offset), (7, 3), "row 7 is the last of five on screen");
        view.on_action(Action::Bottom, None, true, &ctx);
        assert_eq!(view.selected, 19);
        view.on_action(Action::HalfPageUp, None, true, &ctx);
        assert_eq!(view.selected, 17, "half of five rows, at least one");
        view.filter = "rfc".to_owned();
        let cleared = view.on_action(Action::Cancel, None, true, &ctx).unwrap_or_default();
        assert!(matches!(cleared.as_slice(), [Outcome::Filter(f)] if f.is_empty()), "{cleared:?}");
        let asked = view.on_action(Action::Search, None, true, &ctx).unwrap_or_default();
        assert!(
            matches!(asked.as_slice(), [Outcome::Prompt(Some(p))] if matches!(p.purpose, super::super::Purpose::ListFilter)),
            "{asked:?}"
        );
        assert!(view.on_action(Action::Search, None, false, &ctx).is_none(), "the reader's `/`");
        assert!(view.on_action(Action::Quit, None, true, &ctx).is_none());
    }

    #[test]
    fn titles_sort_by_their_letters_in_lower_case() {
        let mut titles = ["banana", "Apple", "cherry", "Äpple", "apple pie", "APPLE"];
        titles.sort_by_key(|t| Lowercase(t));
        assert_eq!(titles, ["Apple", "APPLE", "apple pie", "banana", "cherry", "Äpple"]);
        assert_eq!(Lowercase("ÉTÉ"), Lowercase("été"));
    }
}
