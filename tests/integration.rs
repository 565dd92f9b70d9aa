//! Every integration test, in one binary: one link of folio (and tantivy)
//! instead of one per file. A test goes in the module of the area it is
//! about, in the file named for how it drives folio:
//!
//! - `keys.rs`: key scripts on `App`, effects carried out synchronously;
//! - `frames.rs`: whole frames drawn into ratatui's `TestBackend`;
//! - `terminal.rs` (and `signals.rs`, `watch.rs`, `streams.rs`): the real
//!   binary in a pseudo-terminal, read with a terminal emulator;
//! - `properties.rs`: proptest over generated input;
//! - anything else says what it is about (`formats.rs`, `safety.rs`).
//!
//! Areas: `documents` (parsing, no terminal), `reading` (one document on
//! screen), `search`, `selection` (passages chosen: copy, highlights,
//! look-up), `bookmarks`, `library`, `cli` (commands without a terminal),
//! `web` (pages fetched from a local server), `safety` (hostile input and
//! output across areas), `project` (the shape of the code, generated docs). Shared helpers are in `common`.
//! Run one area with `cargo test --test integration library::`.

mod common;

mod bookmarks;
mod cli;
mod documents;
mod library;
mod project;
mod reading;
mod safety;
mod search;
mod selection;
mod web;
