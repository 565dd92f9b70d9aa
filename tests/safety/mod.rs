//! Hostile input and output: nothing from a document reaches the terminal
//! raw, and no input (a FIFO, an endless stream) hangs folio.

mod output;
mod streams;
