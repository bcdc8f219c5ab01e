//! The only code that changes the terminal's modes: raw mode, alternate screen, bracketed
//! paste; restored on every exit path (normal return, error, panic, and the signals the
//! event loop catches, which end through a normal return). Frames go out through
//! `WireBackend`, which sends only what changed.

use std::io::{self, Write};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::style::{Attribute, SetAttribute};
use crossterm::terminal::{
    EnableLineWrap, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;

use super::wire::{self, WireBackend};

pub type Term = Terminal<WireBackend<Out>>;

/// Frames are written to the terminal directly, not through `Stdout`'s line buffer, which
/// would split a frame at every line feed the writer uses as a cursor move.
#[cfg(unix)]
pub type Out = std::fs::File;
#[cfg(not(unix))]
pub type Out = io::Stdout;

#[cfg(unix)]
fn frame_writer() -> io::Result<Out> {
    use std::os::fd::AsFd;
    Ok(io::stdout().as_fd().try_clone_to_owned()?.into())
}

#[cfg(not(unix))]
fn frame_writer() -> io::Result<Out> {
    Ok(io::stdout())
}

pub fn setup() -> io::Result<Term> {
    install_panic_hook();
    enable_raw_mode()?;
    let mut out = io::stdout();
    // Line wrap is the terminals' default; said once, because the writer lets a row written
    // to its last column run on into the next (ui::wire).
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableLineWrap
    ) {
        restore();
        return Err(e);
    }
    match frame_writer()
        .and_then(WireBackend::new)
        // Borders as VT100 line drawing unless the environment says it is not drawn.
        .map(|b| b.line_drawing(wire::line_drawing_by_env(|k| std::env::var(k).ok())))
        .and_then(Terminal::new)
    {
        Ok(term) => Ok(term),
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Puts the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    // Frames leave the pen as their last cell needed it; the shell gets it reset.
    let _ = execute!(
        io::stdout(),
        SetAttribute(Attribute::Reset),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    // A frame may end in the line-drawing set; the shell gets ASCII back whatever the
    // alternate screen's exit restored (said after it, so nothing can undo it).
    let mut out = io::stdout();
    let _ = out.write_all(wire::TO_ASCII);
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Restore first, so the panic message lands on a usable terminal.
        restore();
        previous(info);
    }));
}
