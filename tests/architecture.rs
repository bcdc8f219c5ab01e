//! The layering rules of DESIGN.md §2, checked on the source text: a layer that imports
//! what it must not, or a file past 600 lines, fails the build.

use std::fs;
use std::path::{Path, PathBuf};

/// (layer directory or file under src/, crate paths it must not use)
const RULES: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "crate::store",
            "crate::ui",
            "crate::export",
            "crate::datafile",
            "crate::keymap",
            "crate::cli",
            "crate::demo",
            "rusqlite",
            "ratatui",
            "crossterm",
            "std::fs",
            "std::io",
            "Utc::now",
            "Local::now",
            "SystemTime",
        ],
    ),
    (
        "diagnostics.rs",
        &[
            "crate::domain",
            "crate::store",
            "crate::ui",
            "crate::keymap",
        ],
    ),
    (
        "datafile",
        &[
            "crate::store",
            "crate::ui",
            "crate::export",
            "crate::keymap",
            "rusqlite",
            "ratatui",
        ],
    ),
    (
        "store",
        &[
            "crate::ui",
            "crate::export",
            "crate::keymap",
            "crate::datafile",
            "ratatui",
            "crossterm",
        ],
    ),
    (
        "export",
        &[
            "crate::ui",
            "crate::store",
            "crate::keymap",
            "ratatui",
            "crossterm",
            "rusqlite",
        ],
    ),
    (
        "keymap",
        &[
            "crate::domain",
            "crate::ui",
            "crate::store",
            "crate::export",
            "ratatui",
            "rusqlite",
        ],
    ),
    ("ui/screens", &["crate::store", "crate::export", "rusqlite"]),
    ("ui/widgets", &["crate::store", "crate::export", "rusqlite"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn layers_import_only_what_they_may() {
    let mut broken = Vec::new();
    for (layer, forbidden) in RULES {
        let root = src().join(layer);
        let mut files = Vec::new();
        if root.is_file() {
            files.push(root);
        } else {
            rust_files(&root, &mut files);
        }
        for f in files {
            let text = fs::read_to_string(&f).expect("readable source");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for bad in *forbidden {
                    if code.contains(bad) {
                        broken.push(format!(
                            "{}:{}: {layer} must not use {bad}",
                            f.display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn no_source_file_passes_600_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(files.len() > 5, "the scan found the sources");
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = fs::read_to_string(f).expect("readable").lines().count();
            (n > 600).then(|| format!("{} has {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these by job:\n{}", long.join("\n"));
}
