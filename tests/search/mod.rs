//! Search inside a document: through the app, and its folding and
//! matching as properties.

mod keys;
mod properties;
