//! Generated key tables: Markdown for the README (`leverup keymap --markdown`) and plain text
//! for the terminal (`leverup keymap`). Both come from the registry and the live bindings,
//! so documentation cannot drift from what the program does.

use std::fmt::Write;

use super::{Context, Keymap};

/// One `### context` section per context, each a table of keys, action and description.
pub fn markdown(keymap: &Keymap) -> String {
    let mut out = String::new();
    for context in Context::ALL {
        let _ = writeln!(out, "### `{context}` — {}\n", context.description());
        out.push_str("| Context | Keys | Action | Description |\n");
        out.push_str("|---|---|---|---|\n");
        for (action, description, keys) in keymap.bindings_for(context) {
            let keys = if keys.is_empty() {
                "*(unbound)*".to_string()
            } else {
                keys.iter().map(|k| code(k)).collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(
                out,
                "| {context} | {keys} | `{action}` | {} |",
                description.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}

/// A key as inline code that survives inside a table cell: the pipe is escaped, and a
/// backtick needs a longer fence with padding.
fn code(key: &str) -> String {
    let key = key.replace('|', "\\|");
    if key.contains('`') {
        format!("`` {key} ``")
    } else {
        format!("`{key}`")
    }
}

/// Aligned columns for a terminal: `[context]`, then one line per action.
pub fn plain(keymap: &Keymap) -> String {
    let mut out = String::new();
    for (n, context) in Context::ALL.into_iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "[{context}]  {}", context.description());
        let rows = keymap.bindings_for(context);
        let rows: Vec<(String, &str, &str)> = rows
            .iter()
            .map(|(a, d, k)| {
                let keys = if k.is_empty() {
                    "-".to_string()
                } else {
                    k.join(", ")
                };
                (keys, a.name(), *d)
            })
            .collect();
        let kw = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        let aw = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        for (keys, action, description) in rows {
            let _ = writeln!(out, "  {keys:<kw$}  {action:<aw$}  {description}");
        }
    }
    out
}
