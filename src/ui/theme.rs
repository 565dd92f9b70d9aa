//! Colours and text attributes, in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Appearance, ColorSpec, ColorSupport, ThemeName};

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
    /// A passage the reader highlighted (`v` … `m`).
    pub highlight: Style,
    pub help_key: Style,
    /// Draw inline code's backticks: where colour cannot mark code.
    pub code_marks: bool,
    /// Tokens of highlighted code, over `code`.
    pub syntax: Syntax,
}

/// The colours of code's tokens (see `document::highlight`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Syntax {
    pub comment: Style,
    pub string: Style,
    pub constant: Style,
    pub keyword: Style,
    pub operator: Style,
    pub kind: Style,
    pub function: Style,
}

impl Syntax {
    #[must_use]
    pub fn style(&self, token: crate::document::Token) -> Style {
        use crate::document::Token;
        match token {
            Token::Comment => self.comment,
            Token::String => self.string,
            Token::Constant => self.constant,
            Token::Keyword => self.keyword,
            Token::Operator => self.operator,
            Token::Type => self.kind,
            Token::Function => self.function,
        }
    }

    /// Sixteen-colour palettes, for dark and light backgrounds.
    fn on(dark: bool) -> Self {
        let fg = |c: Color| Style::new().fg(c);
        let italic = Modifier::ITALIC;
        if dark {
            Self {
                comment: fg(Color::DarkGray).add_modifier(italic),
                string: fg(Color::Green),
                constant: fg(Color::LightRed),
                keyword: fg(Color::Magenta),
                operator: fg(Color::Gray),
                kind: fg(Color::Cyan),
                function: fg(Color::LightBlue),
            }
        } else {
            Self {
                comment: fg(Color::DarkGray).add_modifier(italic),
                string: fg(Color::Green),
                constant: fg(Color::Red),
                keyword: fg(Color::Blue),
                operator: fg(Color::DarkGray),
                kind: fg(Color::Cyan),
                function: fg(Color::Magenta),
            }
        }
    }
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
            highlight: Style::new().fg(Color::Black).bg(Color::Green),
            help_key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            code_marks: false,
            syntax: Syntax::on(true),
        }
    }
}

impl Theme {
    /// For light terminal backgrounds.
    #[must_use]
    pub fn light() -> Self {
        let accent = Color::Blue;
        Self {
            dim: Style::new().fg(Color::DarkGray),
            heading: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            caption: Style::new().fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            byline: Style::new().fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            code: Style::new().fg(Color::Magenta),
            quote: Style::new().fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            marker: Style::new().fg(accent),
            border: Style::new().fg(Color::Gray),
            border_focused: Style::new().fg(accent),
            match_all: Style::new().fg(Color::Black).bg(Color::LightYellow),
            flash: Style::new().fg(Color::Black).bg(Color::LightCyan),
            highlight: Style::new().fg(Color::Black).bg(Color::LightGreen),
            help_key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            code_marks: false,
            syntax: Syntax::on(false),
            ..Self::dark()
        }
    }

    /// Strong contrast: bold, bright, no greys.
    #[must_use]
    pub fn high_contrast() -> Self {
        let accent = Color::LightYellow;
        let bold = Modifier::BOLD;
        Self {
            text: Style::new().fg(Color::White),
            dim: Style::new().fg(Color::White),
            title: Style::new().fg(Color::White).add_modifier(bold),
            heading: Style::new().fg(accent).add_modifier(bold | Modifier::UNDERLINED),
            caption: Style::new().fg(Color::LightCyan).add_modifier(Modifier::ITALIC),
            question: Style::new().fg(Color::White).add_modifier(bold),
            byline: Style::new().fg(Color::LightCyan).add_modifier(Modifier::ITALIC),
            code: Style::new().fg(Color::LightGreen),
            quote: Style::new().fg(Color::LightCyan).add_modifier(Modifier::ITALIC),
            link: Style::new().fg(Color::LightCyan).add_modifier(Modifier::UNDERLINED),
            marker: Style::new().fg(accent).add_modifier(bold),
            border: Style::new().fg(Color::White),
            border_focused: Style::new().fg(accent).add_modifier(bold),
            match_all: Style::new().fg(Color::Black).bg(Color::LightYellow).add_modifier(bold),
            match_current: Style::new().fg(Color::Black).bg(Color::LightMagenta).add_modifier(bold),
            flash: Style::new().fg(Color::Black).bg(Color::LightCyan).add_modifier(bold),
            help_key: Style::new().fg(accent).add_modifier(bold),
            code_marks: false,
            syntax: Syntax {
                comment: Style::new().fg(Color::LightCyan).add_modifier(Modifier::ITALIC),
                string: Style::new().fg(Color::LightGreen),
                constant: Style::new().fg(Color::LightRed).add_modifier(bold),
                keyword: Style::new().fg(Color::LightMagenta).add_modifier(bold),
                operator: Style::new().fg(Color::White),
                kind: Style::new().fg(Color::LightCyan).add_modifier(bold),
                function: Style::new().fg(Color::LightBlue).add_modifier(bold),
            },
            ..Self::dark()
        }
    }

    /// No colour at all (`NO_COLOR`): bold, italic, underline and reverse
    /// carry every distinction.
    #[must_use]
    pub fn no_color() -> Self {
        let plain = Style::new();
        Self {
            text: plain,
            dim: plain,
            title: plain.add_modifier(Modifier::BOLD),
            heading: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            caption: plain.add_modifier(Modifier::ITALIC),
            question: plain.add_modifier(Modifier::BOLD),
            byline: plain.add_modifier(Modifier::ITALIC),
            code: plain,
            quote: plain.add_modifier(Modifier::ITALIC),
            emphasis: plain.add_modifier(Modifier::ITALIC),
            strong: plain.add_modifier(Modifier::BOLD),
            link: plain.add_modifier(Modifier::UNDERLINED),
            marker: plain.add_modifier(Modifier::BOLD),
            border: plain,
            border_focused: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            status: plain.add_modifier(Modifier::REVERSED),
            status_message: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            match_all: plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            match_current: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            flash: plain.add_modifier(Modifier::REVERSED),
            // Underlined, as NO_COLOR leaves nothing else: matches are
            // also bold, the selection reversed.
            highlight: plain.add_modifier(Modifier::UNDERLINED),
            help_key: plain.add_modifier(Modifier::BOLD),
            code_marks: true,
            // No colour: code is told from prose by its own lines.
            syntax: Syntax::default(),
        }
    }

    /// Sets a `[colors]` slot.
    pub fn set_color(&mut self, slot: &str, color: Color) {
        match slot {
            "accent" => {
                for style in [&mut self.marker, &mut self.border_focused, &mut self.help_key, &mut self.heading] {
                    *style = style.fg(color);
                }
            }
            "text" => self.text = self.text.fg(color),
            "dim" => {
                self.dim = self.dim.fg(color);
                self.border = self.border.fg(color);
            }
            "heading" => self.heading = self.heading.fg(color),
            "match" => self.match_all = self.match_all.bg(color),
            "selection" => self.selected = Style::new().bg(color).add_modifier(Modifier::BOLD),
            "link" => self.link = self.link.fg(color),
            "code" => self.code = self.code.fg(color),
            "highlight" => self.highlight = self.highlight.bg(color),
            _ => {}
        }
    }

    /// The same theme with every colour turned into the nearest of the 16
    /// ANSI colours, for terminals without 256 colours.
    #[must_use]
    pub fn basic_colors(mut self) -> Self {
        for style in self.styles_mut() {
            style.fg = style.fg.map(to_basic);
            style.bg = style.bg.map(to_basic);
        }
        self
    }

    fn styles_mut(&mut self) -> [&mut Style; 23] {
        [
            &mut self.text,
            &mut self.dim,
            &mut self.title,
            &mut self.heading,
            &mut self.caption,
            &mut self.question,
            &mut self.byline,
            &mut self.code,
            &mut self.quote,
            &mut self.emphasis,
            &mut self.strong,
            &mut self.link,
            &mut self.marker,
            &mut self.border,
            &mut self.border_focused,
            &mut self.selected,
            &mut self.status,
            &mut self.status_message,
            &mut self.match_all,
            &mut self.match_current,
            &mut self.flash,
            &mut self.highlight,
            &mut self.help_key,
        ]
    }
}

/// The nearest of the 16 ANSI colours.
fn to_basic(color: Color) -> Color {
    let (r, g, b) = match color {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) if i < 16 => return BASIC[usize::from(i)].0,
        Color::Indexed(i) if i >= 232 => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
        Color::Indexed(i) => {
            let i = i - 16;
            let level = |n: u8| if n == 0 { 0 } else { 55 + n * 40 };
            (level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        other => return other,
    };
    BASIC
        .iter()
        .min_by_key(|(_, (cr, cg, cb))| {
            let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
            d(r, *cr) + d(g, *cg) + d(b, *cb)
        })
        .map_or(Color::Reset, |(c, _)| *c)
}

const BASIC: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (170, 0, 0)),
    (Color::Green, (0, 170, 0)),
    (Color::Yellow, (170, 85, 0)),
    (Color::Blue, (0, 0, 170)),
    (Color::Magenta, (170, 0, 170)),
    (Color::Cyan, (0, 170, 170)),
    (Color::Gray, (170, 170, 170)),
    (Color::DarkGray, (85, 85, 85)),
    (Color::LightRed, (255, 85, 85)),
    (Color::LightGreen, (85, 255, 85)),
    (Color::LightYellow, (255, 255, 85)),
    (Color::LightBlue, (85, 85, 255)),
    (Color::LightMagenta, (255, 85, 255)),
    (Color::LightCyan, (85, 255, 255)),
    (Color::White, (255, 255, 255)),
];

impl Theme {
    /// The styles for an appearance: its theme, the user's colours over
    /// it, cut down to what the terminal shows.
    #[must_use]
    pub fn from_appearance(appearance: &Appearance) -> Self {
        if appearance.support == ColorSupport::None {
            return Self::no_color();
        }
        let mut theme = match appearance.theme {
            ThemeName::Dark => Self::dark(),
            ThemeName::Light => Self::light(),
            ThemeName::HighContrast => Self::high_contrast(),
        };
        for (slot, color) in &appearance.colors {
            theme.set_color(slot, terminal_color(*color));
        }
        if appearance.support == ColorSupport::Basic {
            theme = theme.basic_colors();
        }
        theme
    }
}

/// The terminal colour for a configured one.
#[must_use]
pub fn terminal_color(color: ColorSpec) -> Color {
    match color {
        ColorSpec::Reset => Color::Reset,
        ColorSpec::Black => Color::Black,
        ColorSpec::Red => Color::Red,
        ColorSpec::Green => Color::Green,
        ColorSpec::Yellow => Color::Yellow,
        ColorSpec::Blue => Color::Blue,
        ColorSpec::Magenta => Color::Magenta,
        ColorSpec::Cyan => Color::Cyan,
        ColorSpec::Gray => Color::Gray,
        ColorSpec::DarkGray => Color::DarkGray,
        ColorSpec::LightRed => Color::LightRed,
        ColorSpec::LightGreen => Color::LightGreen,
        ColorSpec::LightYellow => Color::LightYellow,
        ColorSpec::LightBlue => Color::LightBlue,
        ColorSpec::LightMagenta => Color::LightMagenta,
        ColorSpec::LightCyan => Color::LightCyan,
        ColorSpec::White => Color::White,
        ColorSpec::Indexed(i) => Color::Indexed(i),
        ColorSpec::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}
