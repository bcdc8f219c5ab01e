//! A ratatui `Backend` that sends what changed and no more. ratatui's `CrosstermBackend`
//! jumps over every unchanged cell, re-sends colours as 256-colour codes, and ends every
//! frame with a reset of all colours and attributes and a hide-cursor (25 bytes even for a
//! single typed character). This one draws through `Screen` (what the terminal shows) and
//! sends the cursor's visibility and position only when they change; it asks crossterm for
//! everything that is not drawing (the size, clearing).
//!
//! A frame is collected and written in one `write` on `flush`, so it leaves as one packet
//! where the link allows.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Rect, Size};

use super::screen::Screen;

#[derive(Debug)]
pub struct WireBackend<W: Write> {
    inner: CrosstermBackend<W>,
    screen: Screen,
    /// `None` until first set: the terminal's own state is not known.
    cursor_shown: Option<bool>,
    /// The frame being collected.
    out: Vec<u8>,
    /// Tests draw without a terminal: a fixed size instead of asking one.
    fixed: Option<Size>,
}

impl<W: Write> WireBackend<W> {
    /// For a terminal that was just cleared (the alternate screen was entered).
    pub fn new(writer: W) -> io::Result<WireBackend<W>> {
        let inner = CrosstermBackend::new(writer);
        let size = inner.size()?;
        Ok(WireBackend::with_inner(inner, size, None))
    }

    /// Without a terminal to ask: `size` is the screen's size for good.
    pub fn with_size(writer: W, size: Size) -> WireBackend<W> {
        WireBackend::with_inner(CrosstermBackend::new(writer), size, Some(size))
    }

    fn with_inner(inner: CrosstermBackend<W>, size: Size, fixed: Option<Size>) -> WireBackend<W> {
        WireBackend {
            inner,
            screen: Screen::blank(Rect::from((Position::ORIGIN, size))),
            cursor_shown: None,
            out: Vec::new(),
            fixed,
        }
    }

    /// Border runs as VT100 line drawing (`charset`); off unless asked for.
    pub fn line_drawing(mut self, on: bool) -> WireBackend<W> {
        self.screen.set_line_drawing(on);
        self
    }

    /// Sends the collected bytes before crossterm writes anything of its own.
    fn send(&mut self) -> io::Result<()> {
        if !self.out.is_empty() {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for WireBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.screen.draw(content, &mut self.out);
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.send()?;
        self.screen.forget();
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.out.extend_from_slice(b"\x1b[?25l");
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.out.extend_from_slice(b"\x1b[?25h");
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    /// Where the cursor was put, never a question to the terminal: ratatui asks before every
    /// clear (a resize), and the answer would have to be read back from the keyboard input,
    /// a round trip on a slow link racing the keys. When the position is unknown (after the
    /// last column was written), the top left corner: ratatui only puts the cursor back
    /// there after the clear, and the next frame places its cells absolutely anyway.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.screen.cursor().unwrap_or(Position::ORIGIN))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.screen.move_cursor(position.into(), &mut self.out);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erasing fills with the pen's background: erase with the default one.
        self.screen.reset_pen(&mut self.out);
        self.send()?;
        self.inner.clear_region(clear_type)?;
        if clear_type == ClearType::All {
            let size = self.size()?;
            self.screen.cleared(Rect::from((Position::ORIGIN, size)));
        } else {
            self.screen.forget();
        }
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(size) => Ok(size),
            None => self.inner.size(),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        match self.fixed {
            Some(size) => Ok(WindowSize {
                columns_rows: size,
                pixels: Size::default(),
            }),
            None => self.inner.window_size(),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}
