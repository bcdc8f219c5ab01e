//! Helpers for driving the `App` without a terminal: key scripts in the keymap syntax.
//!
//! Used by tests and benches; must not touch the terminal.

use super::app::App;
use super::keys::parse_key;
use super::msg::Msg;

/// Sends each space-separated key of `script` (`"down down enter"`, `"ctrl-s"`).
/// Unknown key names panic in tests on purpose: a typo must not pass silently.
pub fn keys(app: &mut App, script: &str) {
    for k in script.split_whitespace() {
        match parse_key(k) {
            Some(ev) => app.update(Msg::Key(ev)),
            None => panic!("unknown key in script: {k:?}"),
        }
    }
}

/// Types `text` character by character, as a person would.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            crossterm::event::KeyCode::Enter
        } else {
            crossterm::event::KeyCode::Char(c)
        };
        app.update(Msg::Key(crossterm::event::KeyEvent::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        )));
    }
}
