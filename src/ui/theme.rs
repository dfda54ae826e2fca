//! The colour theme: the 16 ANSI colours only, so the terminal's own palette adapts them to
//! dark and light backgrounds. No information is carried by colour alone — every coloured
//! thing also has a symbol or a word (▲/▼, ✓/✗, "unavailable") — so `NO_COLOR` (which turns
//! every colour off, see <https://no-color.org>) loses nothing but decoration.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn plain() -> Self {
        Theme { color: false }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Titles and headings.
    pub fn heading(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    /// The selected row: reversed video reads on any background, with or without colour.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    /// Unavailable entries (they also carry ✗ or a reason in words).
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn bad(&self) -> Style {
        self.fg(Color::Red)
    }
    /// Warnings and "lukewarm": magenta rather than yellow, which vanishes on light backgrounds.
    pub fn warn(&self) -> Style {
        self.fg(Color::Magenta)
    }
    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    /// The border of the panel that has the focus (also marked by ▶ in its title).
    pub fn focus_border(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn border(&self) -> Style {
        Style::new()
    }
    /// Style for a change: good/bad by the variable's sense, plain when neutral.
    pub fn change(&self, delta: f64, good_when_high: Option<bool>) -> Style {
        match good_when_high {
            Some(high) if delta != 0.0 => {
                if (delta > 0.0) == high {
                    self.good()
                } else {
                    self.bad()
                }
            }
            _ => Style::new(),
        }
    }
}
