//! Passages the reader chooses: visual selection (`v`), copying it,
//! highlights and look-ups.

mod frames;
mod keys;
mod terminal;
