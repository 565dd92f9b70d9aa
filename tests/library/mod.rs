//! The library of many documents: list, sort, filter, library-wide search
//! and its index, and the watch on the folders.

mod keys;
mod terminal;
mod watch;
