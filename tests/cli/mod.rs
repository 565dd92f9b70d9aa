//! The command line without a terminal: pipes, tables, subcommands and
//! exit statuses.

mod commands;
mod output;
