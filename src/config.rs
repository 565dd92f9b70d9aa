//! Settings and key overrides from `config.toml`.
//!
//! [`parse`] takes text that was already read and never fails: every problem
//! (bad TOML, an unknown key, a wrong type, an unknown action or key name)
//! is reported with its line and column, and the setting it spoiled keeps
//! its default. folio therefore always starts, shows the first problem in
//! the status bar, and `folio config --check` lists them all.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::bookmarks::line_column;
use crate::document::Reflow;
use crate::keymap::{BINDINGS, Key, Keymap, Scope};
use crate::search::Rules;

/// The commented default file, shipped in `assets/` and printed by
/// `folio config --default`.
pub const DEFAULT_FILE: &str = include_str!("../assets/config.toml");

/// Narrowest and widest reading column.
pub const WIDTH_RANGE: std::ops::RangeInclusive<usize> = 20..=1000;

/// A colour theme by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Dark,
    Light,
    HighContrast,
}

/// Everything the file can set.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub library: Vec<PathBuf>,
    pub width: usize,
    pub justify: bool,
    /// How plain text's line breaks are treated.
    pub reflow: Reflow,
    /// The list's order at start (until `s` chooses another).
    pub sort: crate::app::SortKey,
    pub theme: ThemeName,
    /// User colours over the theme: (slot, colour).
    pub colors: Vec<(String, ColorSpec)>,
    pub mouse: bool,
    /// Show the list beside the reader (z toggles it).
    pub list: bool,
    /// `y` may write the terminal's clipboard (OSC 52).
    pub clipboard: bool,
    /// The look-up command's words (`lookup = "dict {}"`), if set.
    pub lookup: Option<Vec<String>>,
    /// Where `folio save` keeps articles, if not the default.
    pub articles: Option<PathBuf>,
    pub rules: Rules,
    /// Key overrides: the binding row and the keys (empty: unbound).
    pub keys: Vec<(Scope, &'static str, Vec<Key>)>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            library: Vec::new(),
            width: READING_WIDTH,
            justify: false,
            reflow: Reflow::Auto,
            sort: crate::app::SortKey::Path,
            theme: ThemeName::Dark,
            colors: Vec::new(),
            mouse: true,
            list: true,
            clipboard: true,
            lookup: None,
            articles: None,
            rules: Rules::default(),
            keys: Vec::new(),
        }
    }
}

/// One thing wrong in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    /// `FILE:LINE:COLUMN: message`, as compilers write it.
    #[must_use]
    pub fn display(&self, file: &Path) -> String {
        format!("{}:{}:{}: {}", file.display(), self.line, self.column, self.message)
    }
}

/// Default width of the reading column.
pub const READING_WIDTH: usize = 80;

/// Longest problem message, in columns.
const MESSAGE_MAX: usize = 300;

/// A value from the file, quoted in a message.
fn excerpt(value: &str) -> String {
    crate::sanitize::excerpt(value, 40)
}

/// Colour slots that `[colors]` may set.
pub const COLOR_SLOTS: [&str; 9] =
    ["accent", "text", "dim", "heading", "match", "selection", "link", "code", "highlight"];

struct Reader<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, span: std::ops::Range<usize>, message: String) {
        let (line, column) = line_column(self.text, span.start);
        // Values are quoted as excerpts where they are named; this bounds
        // anything else a message may carry (a TOML error's own text).
        let message = crate::sanitize::truncate_words(&crate::sanitize::line(&message), MESSAGE_MAX).into_owned();
        self.problems.push(Problem { line, column, message });
    }
}

/// Reads a configuration from its text. Never fails; see the module notes.
#[must_use]
pub fn parse(text: &str) -> (Config, Vec<Problem>) {
    let mut config = Config::default();
    let mut r = Reader { text, problems: Vec::new() };
    let (table, errors) = DeTable::parse_recoverable(text);
    for err in errors {
        let span = err.span().unwrap_or(0..0);
        r.problem(span, format!("invalid TOML: {}", err.message().trim()));
    }
    if !r.problems.is_empty() {
        // The file is not valid TOML: what was recovered may be wrong, so
        // every setting keeps its default.
        return (config, r.problems);
    }
    for (key, value) in table.get_ref() {
        let name: &str = key.get_ref();
        match name {
            "library" => {
                if let Some(items) = strings(&mut r, value, "a list of folder paths") {
                    config.library = items.iter().map(|s| expand_home(s)).collect();
                }
            }
            "width" => {
                if let Some(n) = integer(&mut r, value, "a number of columns") {
                    match usize::try_from(n).ok().filter(|n| WIDTH_RANGE.contains(n)) {
                        Some(n) => config.width = n,
                        None => r.problem(value.span(), format!("width must be between 20 and 1000, not {n}")),
                    }
                }
            }
            "justify" => config.justify = boolean(&mut r, value).unwrap_or(config.justify),
            "reflow" => {
                if let Some(s) = string(&mut r, value, "\"auto\", \"never\" or \"always\"") {
                    match Reflow::from_name(&s) {
                        Some(mode) => config.reflow = mode,
                        None => r.problem(
                            value.span(),
                            format!("unknown reflow {}: expected \"auto\", \"never\" or \"always\"", excerpt(&s)),
                        ),
                    }
                }
            }
            "sort" => {
                let expected = "\"path\", \"title\", \"date\", \"length\" or \"progress\"";
                if let Some(s) = string(&mut r, value, expected) {
                    match crate::app::SortKey::from_name(&s) {
                        Some(key) => config.sort = key,
                        None => r.problem(value.span(), format!("unknown sort {}: expected {expected}", excerpt(&s))),
                    }
                }
            }
            "mouse" => config.mouse = boolean(&mut r, value).unwrap_or(config.mouse),
            "list" => config.list = boolean(&mut r, value).unwrap_or(config.list),
            "clipboard" => config.clipboard = boolean(&mut r, value).unwrap_or(config.clipboard),
            "articles" => {
                if let Some(s) = string(&mut r, value, "a folder") {
                    config.articles = Some(expand_home(&s));
                }
            }
            "lookup" => {
                if let Some(s) = string(&mut r, value, "a command such as \"dict {}\"") {
                    match crate::lookup::parse(&s) {
                        Ok(words) => config.lookup = Some(words),
                        Err(err) => r.problem(value.span(), err.to_string()),
                    }
                }
            }
            "theme" => {
                if let Some(s) = string(&mut r, value, "\"dark\", \"light\" or \"high-contrast\"") {
                    match s.as_str() {
                        "dark" => config.theme = ThemeName::Dark,
                        "light" => config.theme = ThemeName::Light,
                        "high-contrast" => config.theme = ThemeName::HighContrast,
                        other => r.problem(
                            value.span(),
                            format!("unknown theme {}: expected \"dark\", \"light\" or \"high-contrast\"", excerpt(other)),
                        ),
                    }
                }
            }
            "search" => {
                for (k, v) in table_of(&mut r, value, "search") {
                    match k.get_ref().as_ref() {
                        "smart_case" => config.rules.smart_case = boolean(&mut r, v).unwrap_or(true),
                        "smart_diacritics" => config.rules.smart_diacritics = boolean(&mut r, v).unwrap_or(true),
                        other => r.problem(
                            k.span(),
                            format!("unknown setting search.{other}: expected smart_case or smart_diacritics"),
                        ),
                    }
                }
            }
            "colors" => {
                for (k, v) in table_of(&mut r, value, "colors") {
                    let slot: &str = k.get_ref();
                    if !COLOR_SLOTS.contains(&slot) {
                        r.problem(k.span(), format!("unknown colour {slot:?}: expected one of {}", COLOR_SLOTS.join(", ")));
                        continue;
                    }
                    if let Some(s) = string(&mut r, v, "a colour name, \"#rrggbb\" or a number 0-255") {
                        match parse_color(&s) {
                            Some(c) => config.colors.push((slot.to_owned(), c)),
                            None => r.problem(v.span(), format!("unknown colour {}: expected a name such as \"cyan\", \"#rrggbb\" or 0-255", excerpt(&s))),
                        }
                    }
                }
            }
            "keys" => parse_keys(&mut r, value, &mut config),
            other => r.problem(
                key.span(),
                format!(
                    "unknown setting {}: expected one of library, width, justify, reflow, theme, mouse, list, clipboard, lookup, articles, [search], [colors], [keys]", excerpt(other)
                ),
            ),
        }
    }
    // Tables iterate by key; report in the order of the file.
    r.problems.sort_by_key(|p| (p.line, p.column));
    (config, r.problems)
}

fn table_of<'a, 'i>(
    r: &mut Reader<'_>,
    value: &'a Spanned<DeValue<'i>>,
    name: &str,
) -> Vec<(&'a Spanned<toml::de::DeString<'i>>, &'a Spanned<DeValue<'i>>)> {
    match value.get_ref().as_table() {
        Some(t) => t.iter().collect(),
        None => {
            r.problem(value.span(), format!("{name} must be a table ([{name}]), not {}", value.get_ref().type_str()));
            Vec::new()
        }
    }
}

fn type_problem(r: &mut Reader<'_>, value: &Spanned<DeValue<'_>>, expected: &str) {
    r.problem(value.span(), format!("expected {expected}, found {}", value.get_ref().type_str()));
}

fn boolean(r: &mut Reader<'_>, value: &Spanned<DeValue<'_>>) -> Option<bool> {
    let b = value.get_ref().as_bool();
    if b.is_none() {
        type_problem(r, value, "true or false");
    }
    b
}

fn integer(r: &mut Reader<'_>, value: &Spanned<DeValue<'_>>, expected: &str) -> Option<i64> {
    let Some(i) = value.get_ref().as_integer() else {
        type_problem(r, value, expected);
        return None;
    };
    let n = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
    if n.is_none() {
        r.problem(value.span(), format!("{} is out of range", i.as_str()));
    }
    n
}

fn string(r: &mut Reader<'_>, value: &Spanned<DeValue<'_>>, expected: &str) -> Option<String> {
    let s = value.get_ref().as_str().map(str::to_owned);
    if s.is_none() {
        type_problem(r, value, expected);
    }
    s
}

/// A string or a list of strings.
fn strings(r: &mut Reader<'_>, value: &Spanned<DeValue<'_>>, expected: &str) -> Option<Vec<String>> {
    if let Some(s) = value.get_ref().as_str() {
        return Some(vec![s.to_owned()]);
    }
    let Some(items) = value.get_ref().as_array() else {
        type_problem(r, value, expected);
        return None;
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref().as_str() {
            Some(s) => out.push(s.to_owned()),
            None => type_problem(r, item, "a string"),
        }
    }
    Some(out)
}

fn parse_keys(r: &mut Reader<'_>, value: &Spanned<DeValue<'_>>, config: &mut Config) {
    for (k, v) in table_of(r, value, "keys") {
        let name: &str = k.get_ref();
        let scope = match name {
            "help" => Some(Scope::Help),
            "bookmarks" => Some(Scope::Bookmarks),
            "prompt" => Some(Scope::Prompt),
            "results" => Some(Scope::Results),
            "outline" => Some(Scope::Outline),
            "note" => Some(Scope::Note),
            "select" => Some(Scope::Select),
            _ => None,
        };
        match scope {
            Some(scope) if v.get_ref().is_table() => {
                for (action, keys) in table_of(r, v, &format!("keys.{name}")) {
                    bind(r, config, scope, action, keys);
                }
            }
            _ => bind(r, config, Scope::Normal, k, v),
        }
    }
}

fn bind(
    r: &mut Reader<'_>,
    config: &mut Config,
    scope: Scope,
    action: &Spanned<toml::de::DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
) {
    let name: &str = action.get_ref();
    let Some(binding) = BINDINGS.iter().find(|b| b.scope == scope && b.name == name) else {
        let known: Vec<&str> = BINDINGS.iter().filter(|b| b.scope == scope).map(|b| b.name).collect();
        r.problem(
            action.span(),
            format!("unknown action {} here: expected one of {}", excerpt(name), known.join(", ")),
        );
        return;
    };
    let Some(names) = strings(r, value, "a key or a list of keys") else { return };
    let mut keys = Vec::new();
    let mut bad = false;
    for key in &names {
        if key == "none" {
            continue;
        }
        match Key::parse(key) {
            Ok(k) => keys.push(k),
            Err(err) => {
                r.problem(value.span(), err.to_string());
                bad = true;
            }
        }
    }
    // An entry with a key that cannot be read is left out whole: the
    // action keeps its default keys, as the message says, rather than
    // losing them all (`quit = "f99"` must not leave folio without `q`).
    if bad {
        return;
    }
    // One key for two actions in the file: the later one would take it
    // silently; said instead (the earlier one keeps it).
    keys.retain(|key| {
        let taken = config.keys.iter().find(|(s, other, ks)| *s == scope && *other != binding.name && ks.contains(key));
        if let Some((_, other, _)) = taken {
            r.problem(value.span(), format!("{key} is bound to both {other} and {}: {other} keeps it", binding.name));
        }
        taken.is_none()
    });
    config.keys.push((scope, binding.name, keys));
}

/// `~/x` to the home directory.
#[must_use]
pub fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ if path == "~" => {
            directories::BaseDirs::new().map_or_else(|| PathBuf::from(path), |d| d.home_dir().to_path_buf())
        }
        _ => PathBuf::from(path),
    }
}

/// A colour as the configuration names it: plain data, turned into the
/// terminal's colours by the theme in [`crate::ui`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSpec {
    /// The terminal's default.
    Reset,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    /// One of the 256 indexed colours.
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// A colour by name, `#rrggbb`, or index.
#[must_use]
pub fn parse_color(text: &str) -> Option<ColorSpec> {
    let t = text.trim().to_ascii_lowercase();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 {
            return None;
        }
        let v = u32::from_str_radix(hex, 16).ok()?;
        let [_, r, g, b] = v.to_be_bytes();
        return Some(ColorSpec::Rgb(r, g, b));
    }
    if let Ok(i) = t.parse::<u8>() {
        return Some(ColorSpec::Indexed(i));
    }
    Some(match t.replace(['-', '_', ' '], "").as_str() {
        "reset" | "default" => ColorSpec::Reset,
        "black" => ColorSpec::Black,
        "red" => ColorSpec::Red,
        "green" => ColorSpec::Green,
        "yellow" => ColorSpec::Yellow,
        "blue" => ColorSpec::Blue,
        "magenta" => ColorSpec::Magenta,
        "cyan" => ColorSpec::Cyan,
        "gray" | "grey" => ColorSpec::Gray,
        "darkgray" | "darkgrey" => ColorSpec::DarkGray,
        "lightred" => ColorSpec::LightRed,
        "lightgreen" => ColorSpec::LightGreen,
        "lightyellow" => ColorSpec::LightYellow,
        "lightblue" => ColorSpec::LightBlue,
        "lightmagenta" => ColorSpec::LightMagenta,
        "lightcyan" => ColorSpec::LightCyan,
        "white" => ColorSpec::White,
        _ => return None,
    })
}

/// How the screen should look, as data: the theme's name, the user's
/// colours over it, and what the terminal can show. [`crate::ui`] makes
/// the styles from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appearance {
    pub theme: ThemeName,
    pub colors: Vec<(String, ColorSpec)>,
    pub support: ColorSupport,
}

impl Default for Appearance {
    fn default() -> Self {
        Self { theme: ThemeName::Dark, colors: Vec::new(), support: ColorSupport::Full }
    }
}

impl Config {
    /// The keymap: defaults with this file's overrides.
    #[must_use]
    pub fn keymap(&self) -> Keymap {
        let mut keymap = Keymap::default();
        for (scope, name, keys) in &self.keys {
            if let Some(binding) = BINDINGS.iter().find(|b| b.scope == *scope && b.name == *name) {
                keymap.set(*binding, keys.clone());
            }
        }
        keymap
    }

    /// How the screen should look, for a terminal's colour support.
    #[must_use]
    pub fn appearance(&self, support: ColorSupport) -> Appearance {
        Appearance { theme: self.theme, colors: self.colors.clone(), support }
    }
}

/// What colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSupport {
    /// `NO_COLOR` is set: attributes only.
    None,
    /// The 16 ANSI colours.
    Basic,
    /// 256 colours or more.
    Full,
}

impl ColorSupport {
    /// From the environment: `NO_COLOR` (any non-empty value), `COLORTERM`
    /// and `TERM`.
    #[must_use]
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> Self {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Self::None;
        }
        let colorterm = env("COLORTERM").unwrap_or_default();
        let term = env("TERM").unwrap_or_default();
        if colorterm.contains("truecolor")
            || colorterm.contains("24bit")
            || term.contains("256")
            || term.contains("direct")
        {
            Self::Full
        } else {
            Self::Basic
        }
    }
}

/// Reads a configuration file; a missing file is the defaults with no
/// problems.
///
/// # Errors
/// The file exists but cannot be read.
pub fn load(path: &Path) -> std::io::Result<(Config, Vec<Problem>)> {
    match crate::fsutil::read_owned(path)? {
        None => Ok((Config::default(), Vec::new())),
        Some(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(parse(&text)),
            Err(_) => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8 (TOML is UTF-8)")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;

    /// Issue 18: `config --check` called `down = "x"` and `up = "x"` valid.
    #[test]
    fn one_key_for_two_actions_is_a_problem() {
        let (config, problems) = parse("[keys]\ndown = \"x\"\nup = \"x\"\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("x is bound to both down and up"), "{problems:?}");
        assert_eq!(problems[0].line, 3);
        let keymap = config.keymap();
        assert_eq!(keymap.action(Scope::Normal, Key::plain('x')), Some(Action::Down));
    }

    #[test]
    fn reflow_is_read_and_a_bad_value_named() {
        assert_eq!(parse("reflow = \"never\"").0.reflow, Reflow::Never);
        assert_eq!(parse("reflow = \"always\"").0.reflow, Reflow::Always);
        let (config, problems) = parse("reflow = \"sometimes\"");
        assert_eq!(config.reflow, Reflow::Auto);
        assert!(problems[0].message.contains("unknown reflow \"sometimes\""), "{problems:?}");
    }

    #[test]
    fn sort_is_read_and_a_bad_value_named() {
        assert_eq!(parse("sort = \"date\"").0.sort, crate::app::SortKey::Date);
        let (config, problems) = parse("sort = \"sideways\"");
        assert_eq!(config.sort, crate::app::SortKey::Path);
        assert!(problems[0].message.contains("unknown sort \"sideways\""), "{problems:?}");
    }

    #[test]
    fn the_shipped_default_file_parses_to_the_defaults() {
        let (config, problems) = parse(DEFAULT_FILE);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config, Config::default());
    }

    #[test]
    fn good_settings() {
        let (config, problems) = parse(
            "library = [\"~/articles\", \"/srv/notes\"]\nwidth = 66\njustify = true\ntheme = \"light\"\nmouse = false\n\
             [search]\nsmart_case = false\n[colors]\naccent = \"#ff8800\"\n[keys]\ndown = [\"n\", \"ctrl-e\"]\nsearch_next = \"none\"\n\
             [keys.bookmarks]\ndelete = \"x\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.width, 66);
        assert!(config.justify && !config.mouse && !config.rules.smart_case);
        assert_eq!(config.theme, ThemeName::Light);
        assert_eq!(config.library[1], PathBuf::from("/srv/notes"));
        assert_eq!(config.colors, [("accent".to_owned(), ColorSpec::Rgb(0xff, 0x88, 0))]);
        let keymap = config.keymap();
        assert_eq!(keymap.action(Scope::Normal, Key::plain('n')), Some(Action::Down));
        assert_eq!(keymap.action(Scope::Normal, Key::plain('j')), None);
        assert_eq!(keymap.action(Scope::Bookmarks, Key::plain('x')), Some(Action::Delete));
    }

    #[test]
    fn every_problem_names_line_and_column_and_keeps_the_default() {
        let text = "width = \"wide\"\ncolour = 3\ntheme = \"sepia\"\n[keys]\nfly = \"f\"\ndown = \"hyper-j\"\n[search]\nsmart_case = 1\n";
        let (config, problems) = parse(text);
        let at: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(at, [(1, 9), (2, 1), (3, 9), (5, 1), (6, 8), (8, 14)], "{problems:#?}");
        assert!(problems[0].message.contains("expected a number of columns, found string"));
        assert!(problems[1].message.contains("unknown setting \"colour\""));
        assert!(problems[3].message.contains("unknown action \"fly\""));
        assert!(problems[4].message.contains("unknown key name \"hyper-j\""));
        assert_eq!(config.width, READING_WIDTH);
        assert_eq!(config.theme, ThemeName::Dark);
    }

    #[test]
    fn bad_toml_is_reported_with_its_position() {
        let (config, problems) = parse("width = 70\n[keys\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
        assert!(problems[0].message.starts_with("invalid TOML"));
        assert_eq!(config, Config::default());
    }

    #[test]
    fn color_support_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(ColorSupport::detect(env(&[("NO_COLOR", "1"), ("TERM", "xterm-256color")])), ColorSupport::None);
        assert_eq!(ColorSupport::detect(env(&[("NO_COLOR", ""), ("TERM", "xterm-256color")])), ColorSupport::Full);
        assert_eq!(ColorSupport::detect(env(&[("TERM", "xterm")])), ColorSupport::Basic);
        assert_eq!(ColorSupport::detect(env(&[("TERM", "xterm"), ("COLORTERM", "truecolor")])), ColorSupport::Full);
    }
}
