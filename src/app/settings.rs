//! What the configuration says, as the app keeps it between reloads.
//!
//! Made whole from a [`Config`] each time it is read, so a reload never
//! leaves a setting of the old file behind; the reading width and whether
//! the list shows start from it too, but the user changes those as they
//! read, so the app keeps them.

use super::SortKey;
use super::outcome::Outcome;
use crate::config::{Appearance, ColorSupport, Config, Problem};
use crate::document::Reflow;
use crate::search::Rules;

#[derive(Debug, Default)]
pub struct Settings {
    /// How the screen should look (the panes make their styles from it).
    pub appearance: Appearance,
    /// Stretch full lines of prose to the column width.
    pub justify: bool,
    /// Capture the mouse (the runner follows this).
    pub mouse: bool,
    /// `y` may write the terminal's clipboard.
    pub clipboard: bool,
    /// The look-up command's words, from the configuration only.
    pub lookup: Option<Vec<String>>,
    /// Where articles are kept, if the configuration says.
    pub articles: Option<std::path::PathBuf>,
    /// How text is matched (case, accents).
    pub rules: Rules,
    /// The configuration's `reflow` and `sort` as read (`None` before the
    /// first read): a change in the file applies, the same value does not
    /// undo what the user chose meanwhile.
    pub reflow: Option<Reflow>,
    pub sort: Option<SortKey>,
}

impl Settings {
    /// The settings `config` makes, on a terminal with `colors`.
    #[must_use]
    pub fn new(config: &Config, colors: ColorSupport) -> Self {
        Self {
            appearance: config.appearance(colors),
            justify: config.justify,
            mouse: config.mouse,
            clipboard: config.clipboard,
            lookup: config.lookup.clone(),
            articles: config.articles.clone(),
            rules: config.rules,
            reflow: Some(config.reflow),
            sort: Some(config.sort),
        }
    }

    /// Takes in a configuration read (at start-up and on each reload) and
    /// says what it changes for the rest of the app: a `reflow` or `sort`
    /// changed in the file applies from now on (the same value read again
    /// does not undo what the user chose meanwhile; at start the command
    /// line's `--no-reflow` stands), the list and the width are set again,
    /// and each problem is logged, the first said with how many more.
    pub(super) fn apply(
        &mut self,
        config: &Config,
        problems: &[Problem],
        file: &std::path::Path,
        colors: ColorSupport,
    ) -> Vec<Outcome> {
        let before = std::mem::replace(self, Self::new(config, colors));
        let mut then = Vec::new();
        if before.reflow.is_some_and(|before| before != config.reflow) {
            crate::document::set_reflow(config.reflow);
            then.push(Outcome::Reflow(config.reflow));
        }
        if before.sort != Some(config.sort) {
            then.push(Outcome::Sort(config.sort));
        }
        then.push(Outcome::Layout { list: config.list, width: config.width });
        then.extend(problems.iter().map(|problem| Outcome::Log(problem.display(file))));
        if let Some(first) = problems.first() {
            let more = if problems.len() > 1 { format!(" (and {} more)", problems.len() - 1) } else { String::new() };
            then.push(Outcome::Say(format!("{}{more}; defaults used for that", first.display(file))));
        }
        then
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(outcomes: &[Outcome]) -> Vec<String> {
        outcomes
            .iter()
            .map(|o| {
                let shown = format!("{o:?}");
                shown.split(['(', ' ', '{']).next().unwrap_or_default().to_owned()
            })
            .collect()
    }

    #[test]
    fn a_reload_applies_only_what_the_file_changed() {
        let file = std::path::Path::new("/c/config.toml");
        let mut settings = Settings::default();
        let config = Config::default();
        // The first read: the sort applies; the reflow stays as the
        // command line set it.
        let first = settings.apply(&config, &[], file, ColorSupport::Full);
        assert_eq!(kinds(&first), ["Sort", "Layout"]);
        // The same file again: the user's choices since stand.
        let again = settings.apply(&config, &[], file, ColorSupport::Full);
        assert_eq!(kinds(&again), ["Layout"]);
        // Another sort and two problems: both logged, the first said.
        let changed = Config { sort: SortKey::Title, ..Config::default() };
        let problems = [
            Problem { line: 3, column: 1, message: "unknown key".into() },
            Problem { line: 9, column: 5, message: "bad colour".into() },
        ];
        let then = settings.apply(&changed, &problems, file, ColorSupport::Full);
        assert_eq!(kinds(&then), ["Sort", "Layout", "Log", "Log", "Say"]);
        assert!(matches!(then.last(), Some(Outcome::Say(said))
            if said == "/c/config.toml:3:1: unknown key (and 1 more); defaults used for that"));
    }
}
