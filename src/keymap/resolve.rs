//! Resolution of one key press against the context stack: overlay → screen → global.
//!
//! Modal contexts (confirm, help, jump) stop the search, letting only the global `quit`
//! through; text contexts (notes, form) hand printable and editing keys back to the caller to
//! be typed, and only then consult the global table, never the screen underneath.

use crossterm::event::{KeyEvent, KeyEventKind};

use super::{Action, Context, Key, Keymap};

impl Keymap {
    /// The action for a key press. `stack` runs from the bottom screen to the topmost overlay
    /// (`[Interview, Notes]`); `global` is always implied beneath it. `None` means "not an
    /// action": in a text context the caller types the key, elsewhere it may use it as a
    /// digit or character, or ignore it. Releases and repeats-as-release are ignored.
    pub fn resolve(&self, stack: &[Context], event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        self.resolve_key(stack, Key::from_event(&event))
    }

    /// [`Keymap::resolve`] for an already normalised key.
    pub fn resolve_key(&self, stack: &[Context], key: Key) -> Option<Action> {
        for &context in stack.iter().rev() {
            if context == Context::Global {
                break;
            }
            if context.is_text() && !key.is_text_bindable() {
                return None;
            }
            if let Some(action) = self.lookup(context, key) {
                return Some(action);
            }
            if context.is_modal() {
                // Quit must work from anywhere, including a question nobody can answer.
                return self
                    .lookup(Context::Global, key)
                    .filter(|a| *a == Action::Quit);
            }
            if context.is_text() {
                // The screen behind a text field must not react to keys meant for typing.
                break;
            }
        }
        self.lookup(Context::Global, key)
    }
}
