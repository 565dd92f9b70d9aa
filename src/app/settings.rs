//! What the configuration says, as the app keeps it between reloads.
//!
//! Made whole from a [`Config`] each time it is read, so a reload never
//! leaves a setting of the old file behind; the reading width and whether
//! the list shows start from it too, but the user changes those as they
//! read, so the app keeps them.

use super::SortKey;
use crate::config::{Appearance, ColorSupport, Config};
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
}
