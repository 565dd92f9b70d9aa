//! Reading one document: key scripts on `App`, frames drawn into
//! `TestBackend`, links, the configuration's effect, and the real binary in a
//! pseudo-terminal (including the ways it can be ended).

mod config;
mod frames;
mod keys;
pub(crate) mod links;
mod signals;
mod terminal;
