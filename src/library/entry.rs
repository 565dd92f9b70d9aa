//! What the library lists: the built-in seeds, an entry per document
//! (where it came from, its metadata, its text while held), and the
//! problems met on the way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::{self, Document};

pub use super::meta::Meta;

/// The built-in library, compiled into the binary.
pub const SEEDS: [(&str, &str); 5] = [
    ("000_83bf8c942bdf1305.txt", include_str!("../../seeds/000_83bf8c942bdf1305.txt")),
    ("001_c79c50470cd92d8a.txt", include_str!("../../seeds/001_c79c50470cd92d8a.txt")),
    ("002_53ee598ec899c932.txt", include_str!("../../seeds/002_53ee598ec899c932.txt")),
    ("003_471924497b610375.txt", include_str!("../../seeds/003_471924497b610375.txt")),
    ("004_7a64d7f24d7260e1.txt", include_str!("../../seeds/004_7a64d7f24d7260e1.txt")),
];

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A built-in seed, by name.
    Seed(&'static str),
    /// A file, with the library root it was found under (the folder given on
    /// the command line, or the file's own folder).
    File {
        path: PathBuf,
        root: PathBuf,
    },
    Stdin,
    /// A web page fetched this session, by the address it came from.
    Web(String),
}

impl Origin {
    /// The document's stable name for bookmarks and reading positions:
    /// `seed:NAME`, the path relative to its library root, or `stdin`.
    #[must_use]
    pub fn key(&self) -> String {
        match self {
            Self::Seed(name) => format!("seed:{name}"),
            Self::File { .. } => self.label(),
            Self::Stdin => "stdin".to_owned(),
            Self::Web(url) => url.clone(),
        }
    }

    /// The key of the document's reading position: a file's absolute path
    /// (two `index.html` of two folders are two documents), else as
    /// [`Self::key`].
    #[must_use]
    pub fn position_key(&self) -> String {
        match self {
            Self::File { path, .. } => {
                super::absolute(path).map_or_else(|_| path.display().to_string(), |p| p.display().to_string())
            }
            _ => self.key(),
        }
    }

    /// A short label for lists and messages.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Seed(name) => format!("seeds/{name}"),
            Self::File { path, root } => path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned(),
            Self::Stdin => "(standard input)".to_owned(),
            Self::Web(url) => url.clone(),
        }
    }
}

/// A document in the library: its metadata always, its text when held.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Behind an `Arc`: entries travel in messages, and one listed from
    /// the metadata cache shares the cache's copy.
    pub meta: Arc<Meta>,
    /// The parsed document, when it is held: a seed, standard input, the
    /// open document and a few opened before it. A file's entry otherwise
    /// holds none (a library of 100 000 documents would not fit) and the
    /// file is read again when it is opened or searched.
    pub doc: Option<Arc<Document>>,
    pub origin: Origin,
    /// The text's content hash, which finds a bookmark's document again
    /// after the file moved; made with the entry, on the loader's thread,
    /// never while drawing.
    pub hash: String,
    /// Only the beginning of a large file, shown while the rest loads.
    pub partial: bool,
    /// The file's modification time, for sorting by date.
    pub modified: Option<std::time::SystemTime>,
}

impl Entry {
    /// An entry holding its document.
    #[must_use]
    pub fn new(doc: Document, origin: Origin) -> Self {
        let hash = crate::document::content_hash(&doc.text);
        Self { hash, ..Self::unhashed(doc, origin) }
    }

    /// An entry holding its document, whose hash is made later
    /// ([`LoadEvent::Hashed`]).
    #[must_use]
    pub fn unhashed(doc: Document, origin: Origin) -> Self {
        Self {
            meta: Arc::new(Meta::of(&doc)),
            doc: Some(Arc::new(doc)),
            origin,
            hash: String::new(),
            partial: false,
            modified: None,
        }
    }

    /// An entry known by its metadata only: the text is read when opened.
    #[must_use]
    pub fn listed(meta: Arc<Meta>, hash: String, origin: Origin) -> Self {
        Self { meta, doc: None, origin, hash, partial: false, modified: None }
    }

    /// The file behind the entry, if it is one.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Lets go of the text of a file's entry (it can be read again); a
    /// seed's or standard input's is kept.
    pub fn release(&mut self) {
        if self.path().is_some() && !self.partial {
            self.doc = None;
        }
    }
}

/// Something that could not be opened, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// A size for people: `8.0 KiB`, `1.0 TiB`.
#[must_use]
pub fn size_text(bytes: u64) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} bytes") } else { format!("{value:.1} {}", units[unit]) }
}

/// What loading produced: documents, and problems to report.
#[derive(Debug, Default)]
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
    /// Notices about documents that did open (invalid UTF-8 replaced, ...).
    pub notices: Vec<String>,
}

/// The five built-in articles.
#[must_use]
pub fn seeds() -> Vec<Entry> {
    SEEDS
        .iter()
        .map(|(name, text)| Entry::new(document::parse_text(name, (*text).to_owned()), Origin::Seed(name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_the_shipped_files() {
        let seeds = seeds();
        assert_eq!(seeds.len(), 5);
        assert!(seeds.iter().all(|e| e.doc.as_ref().is_some_and(|d| !d.blocks.is_empty())));
    }
}
