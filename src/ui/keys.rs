//! The UI's view of the key bindings: the `keymap` module's registry and resolution, plus
//! the few helpers screens need (the key to mention in a hint, script keys for tests).
//!
//! Screens match on `Action`, never on `KeyCode`. Must not depend on the store.

use crossterm::event::KeyEvent;

pub use crate::keymap::{Action, Context, Hint, Key, Keymap};

/// Parses one key in the keymap syntax (`ctrl-s`, `shift-tab`, `G`, `f1`, `space`, `/`)
/// into the press event a terminal would send.
pub fn parse_key(s: &str) -> Option<KeyEvent> {
    Key::parse(s).ok().map(Key::to_event)
}

/// The first key bound to `action` in `ctx`, for messages such as "press a to start".
pub fn key_for(keymap: &Keymap, ctx: Context, action: Action) -> String {
    keymap.keys(ctx, action).first().map_or_else(
        || format!("({} is unbound)", action.name()),
        ToString::to_string,
    )
}

/// An action's name as a short label: `start_assessment` → `start assessment`.
pub fn label(action: Action) -> String {
    action.name().replace('_', " ")
}
