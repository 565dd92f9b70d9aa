//! Bookmarks and reading positions: through the app, across real
//! processes, and against damaged files and failing disks.

mod export;
mod keys;
mod safety;
mod terminal;
