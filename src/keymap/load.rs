//! Reading keymap files and merging them: default → preset → user file. Each file lists only
//! what changes: `action = ["key", …]` replaces, `[]` unbinds, `{ add = [...] }` extends and
//! `{ remove = [...] }` drops single keys.
//!
//! Every problem is collected with file:line:col from toml's spans (`DeTable` keeps a span
//! on every key and value) instead of stopping at the first, so one edit fixes them all.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::action::{self, REGISTRY};
use super::validate;
use super::{Context, Key, Keymap};
use crate::diagnostics::{self, Diagnostic, did_you_mean};

pub const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");
pub const VIM_TOML: &str = include_str!("../../keymaps/vim.toml");

/// Named presets for `--keymap NAME`, each applied on top of the default; `default` itself
/// adds nothing.
pub const PRESETS: [(&str, &str); 2] = [("default", ""), ("vim", VIM_TOML)];

/// Where a binding was written, for messages about it.
#[derive(Debug, Clone)]
pub(crate) struct Loc {
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// (layer, byte offset): a larger rank was written later, so it is the one to blame.
    pub rank: (usize, usize),
}

impl Loc {
    pub fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            line: self.line,
            col: self.col,
            message: message.into(),
            hint: None,
        }
    }
}

/// One registry row while merging.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub keys: Vec<(Key, Loc)>,
    /// Where the row was last replaced or emptied.
    pub set_at: Option<Loc>,
}

struct Layer<'a> {
    file: &'a str,
    src: &'a str,
    rank: usize,
}

impl Layer<'_> {
    fn loc(&self, offset: usize) -> Loc {
        let (line, col) = diagnostics::line_col(self.src, offset);
        Loc {
            file: self.file.to_string(),
            line,
            col,
            rank: (self.rank, offset),
        }
    }
}

/// Loads the effective keymap. `spec` is `--keymap`/`LEVERUP_KEYMAP`: a preset name
/// (`default`, `vim`) or a file path. `user_file` (the XDG one) is applied last when it exists;
/// a missing optional user file is not an error.
pub fn load(spec: Option<&str>, user_file: Option<&Path>) -> Result<Keymap, Vec<Diagnostic>> {
    let mut owned: Vec<(String, String)> = Vec::new();
    match spec {
        None | Some("default") => {}
        Some(name) if PRESETS.iter().any(|(n, _)| *n == name) => {
            if let Some((n, src)) = PRESETS.iter().find(|(n, _)| *n == name) {
                owned.push((format!("keymaps/{n}.toml"), (*src).to_string()));
            }
        }
        Some(path) => owned.push((path.to_string(), read(Path::new(path), spec_hint(path))?)),
    }
    if let Some(path) = user_file.filter(|p| p.exists()) {
        owned.push((path.display().to_string(), read(path, None)?));
    }
    let mut layers = vec![("keymaps/default.toml", DEFAULT_TOML)];
    layers.extend(owned.iter().map(|(f, s)| (f.as_str(), s.as_str())));
    from_sources(&layers)
}

/// [`load`] with the usual sources: `cli` (the `--keymap` value) or else `LEVERUP_KEYMAP`,
/// then the XDG user file, unless the spec is itself a file: then that file is the user's
/// keymap and the XDG one stays out of the way.
pub fn load_configured(cli: Option<&str>) -> Result<Keymap, Vec<Diagnostic>> {
    let env = std::env::var("LEVERUP_KEYMAP")
        .ok()
        .filter(|s| !s.is_empty());
    let spec = cli.map(str::to_string).or(env);
    let is_preset = spec
        .as_deref()
        .is_none_or(|s| PRESETS.iter().any(|(n, _)| *n == s));
    let user = if is_preset { user_keymap_path() } else { None };
    load(spec.as_deref(), user.as_deref())
}

/// `$XDG_CONFIG_HOME/leverup/keymap.toml` (or the platform's equivalent).
pub fn user_keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "leverup").map(|d| d.config_dir().join("keymap.toml"))
}

fn spec_hint(spec: &str) -> Option<String> {
    let names = PRESETS.iter().map(|(n, _)| *n);
    did_you_mean(spec, names).or_else(|| Some("--keymap takes `default`, `vim` or a file".into()))
}

fn read(path: &Path, hint: Option<String>) -> Result<String, Vec<Diagnostic>> {
    std::fs::read_to_string(path).map_err(|e| {
        let d = Diagnostic::whole_file(&path.display().to_string(), format!("cannot read: {e}"));
        vec![d.with_optional_hint(hint)]
    })
}

/// Merges `(file name, text)` layers in order (the first is the base) and validates the result.
pub fn from_sources(layers: &[(&str, &str)]) -> Result<Keymap, Vec<Diagnostic>> {
    let (keymap, mut diags) = build(layers);
    if diags.is_empty() {
        Ok(keymap)
    } else {
        diagnostics::sort(&mut diags);
        Err(diags)
    }
}

/// Best-effort merge: the keymap built from everything that could be read, and the problems.
pub(crate) fn build(layers: &[(&str, &str)]) -> (Keymap, Vec<Diagnostic>) {
    let mut entries = vec![Entry::default(); REGISTRY.len()];
    let mut diags = Vec::new();
    let mut base: Vec<Vec<Key>> = Vec::new();
    for (rank, (file, src)) in layers.iter().enumerate() {
        let layer = Layer { file, src, rank };
        apply(&layer, &mut entries, &mut diags);
        if rank == 0 {
            base = entries
                .iter()
                .map(|e| e.keys.iter().map(|(k, _)| *k).collect())
                .collect();
        }
    }
    validate::check(
        &entries,
        &base,
        layers.first().map_or("", |l| l.0),
        &mut diags,
    );
    let keys = entries
        .into_iter()
        .map(|e| e.keys.into_iter().map(|(k, _)| k).collect())
        .collect();
    (Keymap::from_keys(keys), diags)
}

fn apply(layer: &Layer, entries: &mut [Entry], diags: &mut Vec<Diagnostic>) {
    let (doc, errors) = DeTable::parse_recoverable(layer.src);
    if !errors.is_empty() {
        for e in errors {
            let at = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().to_string();
            let hint = message.contains("duplicate key").then(|| {
                "list each action once per [context]; put all its keys in one list".to_string()
            });
            diags.push(layer.loc(at).diag(message).with_optional_hint(hint));
        }
        // A file that is not valid TOML could be misread; apply none of it.
        return;
    }
    for (name, value) in doc.get_ref().iter() {
        let loc = layer.loc(name.span().start);
        let Some(context) = Context::from_name(name.get_ref()) else {
            diags.push(unknown_context(&loc, name.get_ref()));
            continue;
        };
        let DeValue::Table(table) = value.get_ref() else {
            let d = loc.diag(format!("`{}` must be a table of bindings", name.get_ref()));
            diags.push(d.with_hint(format!(
                "write a [{context}] header, then `action = [\"key\"]`"
            )));
            continue;
        };
        for (action_name, value) in table.iter() {
            apply_entry(layer, context, action_name, value, entries, diags);
        }
    }
}

fn unknown_context(loc: &Loc, name: &str) -> Diagnostic {
    let names = Context::ALL.iter().map(|c| c.name());
    let owner = REGISTRY.iter().find(|s| s.action.name() == name);
    let hint = match owner {
        Some(spec) => Some(format!(
            "`{name}` is an action; put it under [{}]",
            spec.context
        )),
        None => did_you_mean(name, names),
    };
    loc.diag(format!("unknown context `{name}`"))
        .with_optional_hint(hint)
}

fn apply_entry(
    layer: &Layer,
    context: Context,
    name: &Spanned<std::borrow::Cow<str>>,
    value: &Spanned<DeValue>,
    entries: &mut [Entry],
    diags: &mut Vec<Diagnostic>,
) {
    let name_loc = layer.loc(name.span().start);
    let Some(index) = REGISTRY
        .iter()
        .position(|s| s.context == context && s.action.name() == name.get_ref())
    else {
        diags.push(unknown_action(&name_loc, context, name.get_ref()));
        return;
    };
    let value_loc = layer.loc(value.span().start);
    let entry = &mut entries[index];
    match value.get_ref() {
        DeValue::Array(items) => {
            entry.keys.clear();
            entry.set_at = Some(value_loc);
            for key in keys_of(layer, context, items, diags) {
                add_key(entry, key);
            }
        }
        DeValue::Table(ops) => {
            for (op, list) in ops.iter() {
                let op_loc = layer.loc(op.span().start);
                let DeValue::Array(items) = list.get_ref() else {
                    diags.push(wrong_type(layer, list, &format!("`{}`", op.get_ref())));
                    continue;
                };
                let keys = keys_of(layer, context, items, diags);
                match op.get_ref().as_ref() {
                    "add" => keys.into_iter().for_each(|k| add_key(entry, k)),
                    "remove" => {
                        for (key, loc) in keys {
                            let before = entry.keys.len();
                            entry.keys.retain(|(k, _)| *k != key);
                            if entry.keys.len() == before {
                                let msg = format!(
                                    "`{key}` is not bound to `{}`, so it cannot be removed",
                                    name.get_ref()
                                );
                                diags.push(loc.diag(msg));
                            }
                        }
                    }
                    other => {
                        let hint = did_you_mean(other, ["add", "remove"]).unwrap_or_else(|| {
                            "use `{ add = [...] }` or `{ remove = [...] }`".into()
                        });
                        diags.push(
                            op_loc
                                .diag(format!("unknown operation `{other}`"))
                                .with_hint(hint),
                        );
                    }
                }
            }
        }
        _ => diags.push(wrong_type(layer, value, &format!("`{}`", name.get_ref()))),
    }
}

/// Keeps the first spelling of a key listed twice for one action; that is harmless.
fn add_key(entry: &mut Entry, (key, loc): (Key, Loc)) {
    if !entry.keys.iter().any(|(k, _)| *k == key) {
        entry.keys.push((key, loc));
    }
}

fn unknown_action(loc: &Loc, context: Context, name: &str) -> Diagnostic {
    let here = action::specs_for(context).map(|(_, s)| s.action.name());
    let elsewhere = REGISTRY
        .iter()
        .filter(|s| s.action.name() == name)
        .map(|s| format!("[{}]", s.context))
        .collect::<Vec<_>>();
    let hint = if elsewhere.is_empty() {
        did_you_mean(name, here)
    } else {
        Some(format!("`{name}` belongs to {}", elsewhere.join(", ")))
    };
    loc.diag(format!("unknown action `{name}` in [{context}]"))
        .with_optional_hint(hint)
}

fn wrong_type(layer: &Layer, value: &Spanned<DeValue>, what: &str) -> Diagnostic {
    layer
        .loc(value.span().start)
        .diag(format!(
            "{what} expects a list of keys, found {}",
            value.get_ref().type_str()
        ))
        .with_hint("write `[\"key\", …]`, `[]` to unbind, or `{ add = [\"key\"] }`")
}

/// Parses the keys of one list, reporting bad syntax and keys a text context cannot take.
fn keys_of(
    layer: &Layer,
    context: Context,
    items: &[Spanned<DeValue>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Key, Loc)> {
    let mut out = Vec::new();
    for item in items {
        let loc = layer.loc(item.span().start);
        let DeValue::String(text) = item.get_ref() else {
            let found = item.get_ref().type_str();
            diags.push(loc.diag(format!("a key must be a string, found {found}")));
            continue;
        };
        match Key::parse(text) {
            Ok(key) if context.is_text() && !key.is_text_bindable() => {
                let why = if key.is_printable() {
                    "would be typed"
                } else {
                    "edits the text"
                };
                let d = loc.diag(format!("`{key}` cannot be bound in [{context}]: it {why}"));
                diags.push(
                    d.with_hint("text fields take ctrl-/alt- keys, f1…f12, esc, tab or enter"),
                );
            }
            Ok(key) => out.push((key, loc)),
            Err(e) => {
                let d = loc.diag(format!("bad key `{text}`: {e}"));
                diags.push(d.with_optional_hint(e.hint()));
            }
        }
    }
    out
}
