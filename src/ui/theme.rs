//! Colours and text attributes, in one place.

use ratatui::style::{Color, Modifier, Style};

/// Every style the panes use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub heading: Style,
    pub caption: Style,
    pub question: Style,
    pub byline: Style,
    pub code: Style,
    pub quote: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub link: Style,
    pub marker: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub status: Style,
    pub status_message: Style,
    pub match_all: Style,
    pub match_current: Style,
    /// A passage opened from the bookmarks pane, for a moment.
    pub flash: Style,
    pub help_key: Style,
}

impl Theme {
    /// The default: terminal default colours with a few accents.
    #[must_use]
    pub fn dark() -> Self {
        let accent = Color::Cyan;
        Self {
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(Modifier::BOLD),
            heading: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            caption: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            question: Style::new().add_modifier(Modifier::BOLD),
            byline: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            code: Style::new().fg(Color::Yellow),
            quote: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(Modifier::BOLD),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            marker: Style::new().fg(accent),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(accent),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            status: Style::new().add_modifier(Modifier::REVERSED),
            status_message: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            match_all: Style::new().fg(Color::Black).bg(Color::Yellow),
            match_current: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            flash: Style::new().fg(Color::Black).bg(Color::Cyan),
            help_key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}
