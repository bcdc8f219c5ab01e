//! What reaches `App::update`: input from the terminal and the loop's timers.
//!
//! Must not depend on the terminal backend beyond crossterm's key type.

use crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A key press (releases and repeats are filtered out by the loop).
    Key(KeyEvent),
    /// Bracketed paste: goes to the focused text field as one edit.
    Paste(String),
    /// The terminal changed size.
    Resize(u16, u16),
    /// A timer fired: autosave of a pending note, or the once-a-minute elapsed time.
    Tick,
    /// SIGHUP, SIGINT, SIGQUIT, SIGTERM or end of input: save everything and leave.
    Shutdown,
}
