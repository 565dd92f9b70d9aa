//! `folio config`: show, locate or check the configuration file.

use super::*;

pub(super) fn config_command(setup: &Setup, default: bool, path: bool, check: bool) -> Result<ExitCode> {
    let file = &setup.paths.config_file;
    if default {
        return write_out(config::DEFAULT_FILE.as_bytes());
    }
    if path {
        let note = if file.exists() { "" } else { " (does not exist: the defaults are used)" };
        let articles = setup.config.articles.clone().unwrap_or_else(|| setup.paths.articles_dir());
        return write_out(
            format!(
                "{}{note}\narticles saved by folio save: {}\nfeeds followed (folio feeds): {}\n",
                file.display(),
                articles.display(),
                feeds_command::feeds_file(setup).display()
            )
            .as_bytes(),
        );
    }
    debug_assert!(check);
    if setup.problems.is_empty() {
        let what = if file.exists() { "is valid" } else { "does not exist: the defaults are used" };
        return write_out(format!("{} {what}\n", file.display()).as_bytes());
    }
    for problem in &setup.problems {
        eprintln!("{}", sanitize::line(&problem.display(file)));
    }
    Ok(ExitCode::from(1))
}
