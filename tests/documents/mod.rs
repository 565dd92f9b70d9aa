//! Documents from bytes: every format parsed, on the seeds, the corpus,
//! fixtures and generated input; nothing of the terminal.

mod formats;
mod parsing;
mod properties;
