//! Key bindings: the action registry, keymap files (default, presets, the user's file),
//! validation with compiler-style diagnostics, and resolution of a key press to an `Action`
//! against a stack of contexts.
//!
//! Layer rule: depends on `diagnostics`, toml and crossterm's key types only; no domain, no ui.
//! Screens ask [`Keymap::resolve`] what a key means and [`Keymap::bindings_for`] what to show.

mod action;
mod context;
mod key;
mod load;
mod markdown;
mod resolve;
mod validate;

use std::collections::HashMap;

pub use action::{Action, ActionSpec, REGISTRY};
pub use context::Context;
pub use key::{Key, KeyError};
pub use load::{
    DEFAULT_TOML, PRESETS, VIM_TOML, from_sources, load, load_configured, user_keymap_path,
};
pub use markdown::{markdown, plain};

/// One entry of the hint bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub action: Action,
    pub label: String,
    /// 1 always shown, 2 when there is room, 3 after that.
    pub priority: u8,
}

/// The effective bindings: for every registry row, the keys bound to it.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Parallel to [`REGISTRY`].
    keys: Vec<Vec<Key>>,
    index: HashMap<(Context, Key), Action>,
}

impl Keymap {
    /// Keys per registry row (parallel to `REGISTRY`); a key bound twice in a context resolves
    /// to the first row, but validation reports that before a keymap is ever used.
    fn from_keys(keys: Vec<Vec<Key>>) -> Keymap {
        let mut index = HashMap::new();
        for (spec, ks) in REGISTRY.iter().zip(&keys) {
            for k in ks {
                index.entry((spec.context, *k)).or_insert(spec.action);
            }
        }
        Keymap { keys, index }
    }

    /// The shipped `keymaps/default.toml`, compiled into the binary. Tests guarantee it loads
    /// without a problem, so any (impossible) problem is ignored rather than failing start-up.
    pub fn default_bindings() -> Keymap {
        load::build(&[("keymaps/default.toml", DEFAULT_TOML)]).0
    }

    /// The keys bound to an action in a context (empty when unbound or not in that context).
    pub fn keys(&self, context: Context, action: Action) -> &[Key] {
        action::index_of(context, action)
            .and_then(|i| self.keys.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// What a key means in exactly one context, without any falling through.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        self.index.get(&(context, key)).copied()
    }

    /// Every action of a context with its description and keys (canonical spelling), in
    /// registry order; unbound actions have no keys. Feeds the help overlay.
    pub fn bindings_for(&self, context: Context) -> Vec<(Action, &'static str, Vec<String>)> {
        action::specs_for(context)
            .map(|(i, spec)| {
                let keys = self
                    .keys
                    .get(i)
                    .map_or_else(Vec::new, |ks| ks.iter().map(ToString::to_string).collect());
                (spec.action, spec.description, keys)
            })
            .collect()
    }

    /// The hint bar's candidates for a context, in registry order: each bound action flagged
    /// for hints with its first key, short label and priority.
    pub fn hints(&self, context: Context) -> Vec<Hint> {
        action::specs_for(context)
            .filter(|(_, spec)| spec.hint > 0)
            .filter_map(|(i, spec)| {
                let first = self.keys.get(i)?.first()?;
                Some(Hint {
                    key: first.to_string(),
                    action: spec.action,
                    label: spec.hint_label(),
                    priority: spec.hint,
                })
            })
            .collect()
    }
}
