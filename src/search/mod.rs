//! Search: the rules every query follows, and the threads that apply them.
//!
//! - [`fold`]: text made plain for matching (case, accents, typography,
//!   white space), with the way back to the original offsets;
//! - [`matcher`]: queries, the smart rules, finding every match, snippets;
//! - [`stream`]: finding a literal query folding only the pieces of a
//!   text that may hold it;
//! - [`worker`]: searching the open document off the UI thread, newest
//!   query only, folds cached.
//!
//! Searching the whole library lives in [`crate::library::search`]; the
//! prompt and what a search does to the view, in `app/prompt.rs`.

pub mod fold;
pub mod matcher;
pub mod stream;
pub mod worker;

pub use fold::{Fold, Folded, OffsetMap, fold};
pub use matcher::{Matcher, Query, Rules, SearchError, find, has_accent, has_capital, mode_for, snippet};
pub use worker::{FoldCache, Job, Outcome, Searcher, run_find};
