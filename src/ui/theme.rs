//! Colours, borders and markers. With `NO_COLOR` or `--low-bandwidth`: no colour, ASCII
//! borders, plain `>` markers. Meaning is always carried by text too (`>`, `[x]`, `!`), so
//! colour only ever repeats it. Must not depend on the app state.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::{Block, BorderType, Borders};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            color: true,
            ascii: false,
        }
    }
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// The theme for this environment: `NO_COLOR` (any value) removes colour,
    /// `low_bandwidth` also switches to ASCII.
    pub fn detect(low_bandwidth: bool) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            color: !(no_color || low_bandwidth),
            ascii: low_bandwidth,
        }
    }

    pub fn plain() -> Theme {
        Theme {
            color: false,
            ascii: true,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The selected row's `>` marker: it carries the selection; a bold reverse-video block
    /// repeats it except in low-bandwidth mode. Only the marker, never the whole row:
    /// restyling rows cost two rows of bytes per cursor move (issue 10).
    pub fn selected(&self) -> Style {
        if self.ascii {
            Style::new()
        } else {
            self.fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// A table's column header: bold, without colour, so that it reads apart from the
    /// heading above it (`title`) in every theme.
    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn bad(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn marker(&self, selected: bool) -> &'static str {
        if selected { "> " } else { "  " }
    }

    pub fn warn_sign(&self) -> &'static str {
        if self.ascii { "!" } else { "⚠" }
    }

    pub fn unsaved_sign(&self) -> &'static str {
        if self.ascii { "*" } else { "●" }
    }

    pub fn block<'a>(&self, title: impl Into<ratatui::text::Line<'a>>) -> Block<'a> {
        let b = Block::new().borders(Borders::ALL).title(title);
        if self.ascii {
            b.border_set(ASCII_BORDER)
        } else {
            b.border_type(BorderType::Plain)
        }
    }
}
