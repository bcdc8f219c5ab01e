//! Checks on the merged bindings: a key bound twice in one context, a context key hiding a
//! global action it does not stand in for, an essential action left without a key.
//!
//! Runs after all layers are merged, because a conflict can arise between a preset and the
//! user's file; each problem is reported where the later of the two bindings was written.

use std::collections::HashMap;

use super::action::{Action, REGISTRY};
use super::load::{Entry, Loc};
use super::{Context, Key};
use crate::diagnostics::Diagnostic;

pub(crate) fn check(
    entries: &[Entry],
    base: &[Vec<Key>],
    base_file: &str,
    diags: &mut Vec<Diagnostic>,
) {
    duplicates(entries, diags);
    shadowed_globals(entries, diags);
    essentials(entries, base, base_file, diags);
}

fn where_(loc: &Loc) -> String {
    format!("{}:{}:{}", loc.file, loc.line, loc.col)
}

/// The later of two bindings, which is the one the user most likely just wrote.
fn later<'a>(a: &'a Loc, b: &'a Loc) -> (&'a Loc, &'a Loc) {
    if a.rank >= b.rank { (a, b) } else { (b, a) }
}

fn duplicates(entries: &[Entry], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(Context, Key), (Action, &Loc)> = HashMap::new();
    for (spec, entry) in REGISTRY.iter().zip(entries) {
        for (key, loc) in &entry.keys {
            match seen.get(&(spec.context, *key)) {
                Some((first, first_loc)) => {
                    let (blame, other) = later(loc, first_loc);
                    let msg = format!(
                        "`{key}` is bound twice in [{}]: to `{first}` and to `{}`",
                        spec.context, spec.action
                    );
                    let hint = format!(
                        "the other binding is at {}; pick another key or unbind one with `action = []`",
                        where_(other)
                    );
                    diags.push(blame.diag(msg).with_hint(hint));
                }
                None => {
                    seen.insert((spec.context, *key), (spec.action, loc));
                }
            }
        }
    }
}

/// A context key that would make a global action unreachable there. Modal contexts only let
/// `quit` through, so only `quit` can be hidden in them.
fn shadowed_globals(entries: &[Entry], diags: &mut Vec<Diagnostic>) {
    let mut global: HashMap<Key, (Action, &Loc)> = HashMap::new();
    for (spec, entry) in REGISTRY.iter().zip(entries) {
        if spec.context == Context::Global {
            for (key, loc) in &entry.keys {
                global.entry(*key).or_insert((spec.action, loc));
            }
        }
    }
    for (spec, entry) in REGISTRY.iter().zip(entries) {
        if spec.context == Context::Global {
            continue;
        }
        for (key, loc) in &entry.keys {
            let Some((g, g_loc)) = global.get(key) else {
                continue;
            };
            let reachable = !spec.context.is_modal() || *g == Action::Quit;
            if !reachable || spec.replaces.contains(g) {
                continue;
            }
            let (blame, other) = later(loc, g_loc);
            let msg = format!(
                "`{key}` for `{}` in [{}] hides the global `{g}`",
                spec.action, spec.context
            );
            let hint = format!(
                "`{g}` is bound to `{key}` at {}; pick another key for one of them",
                where_(other)
            );
            diags.push(blame.diag(msg).with_hint(hint));
        }
    }
}

fn essentials(entries: &[Entry], base: &[Vec<Key>], base_file: &str, diags: &mut Vec<Diagnostic>) {
    for (i, (spec, entry)) in REGISTRY.iter().zip(entries).enumerate() {
        if !spec.essential || !entry.keys.is_empty() {
            continue;
        }
        let msg = format!(
            "`{}` in [{}] must stay bound: {}",
            spec.action, spec.context, spec.description
        );
        let d = match &entry.set_at {
            Some(loc) => loc.diag(msg),
            None => Diagnostic::whole_file(base_file, msg),
        };
        let default: Vec<String> = base
            .get(i)
            .map(|ks| ks.iter().map(|k| format!("\"{k}\"")).collect())
            .unwrap_or_default();
        let hint = if default.is_empty() {
            "give it at least one key".to_string()
        } else {
            format!(
                "the default is `{} = [{}]`",
                spec.action,
                default.join(", ")
            )
        };
        diags.push(d.with_hint(hint));
    }
}
