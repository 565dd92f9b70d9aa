//! folio: a terminal reader for articles and books.
//!
//! The library holds the whole program so tests and benchmarks can drive it
//! without a terminal; `main.rs` only calls [`cli::main`].

pub mod action;
pub mod app;
pub mod articles;
pub mod bookmarks;
pub mod chunked;
pub mod cli;
pub mod config;
pub mod document;
pub mod feeds;
pub mod fsutil;
pub mod history;
pub mod import;
pub mod keymap;
pub mod layout;
pub mod lookup;
pub mod output;
pub mod paths;
pub mod positions;
pub mod rescue;
pub mod runner;
pub mod sanitize;
pub mod search;
pub mod selection;
pub mod sortfile;

pub mod library;
pub mod ui;
pub mod web;
