//! The library: finding and loading documents, watching them change, and
//! searching all of them.
//!
//! - [`store`]: the built-in seeds, files and folders, standard input; the
//!   background loader; the only reader of document files;
//! - [`watch`]: what to watch for changes on disk, and the watcher;
//! - [`search`]: library-wide search on all cores.
//!
//! The list's order, filter and the results pane live in `app/list.rs`.

pub mod index;
pub mod meta;
pub mod search;
pub mod store;
pub mod watch;

pub use search::{HITS_LISTED, LibraryJob, LibraryOutcome, LibrarySearcher, Snippet, Target, run_library};
pub use store::*;
pub use watch::{WatchPlan, watch};
