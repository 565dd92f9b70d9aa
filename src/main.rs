//! The `folio` binary; everything lives in the library.

fn main() -> std::process::ExitCode {
    folio::cli::main()
}
