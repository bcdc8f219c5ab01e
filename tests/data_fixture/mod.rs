//! Shared by the data-file tests: a writable copy of `data/`, in-place edits that report the
//! line they touched, and a lookup for an expected diagnostic.

use std::fs;
use std::path::{Path, PathBuf};

use leverup::datafile::load_dir;
use leverup::diagnostics::Diagnostic;
use tempfile::TempDir;
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A writable copy of `data/`.
pub fn copy_data() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let comp = tmp.path().join("competences");
    fs::create_dir_all(&comp).unwrap();
    fs::copy(data_dir().join("model.toml"), tmp.path().join("model.toml")).unwrap();
    for e in fs::read_dir(data_dir().join("competences")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), comp.join(e.file_name())).unwrap();
    }
    tmp
}

/// Replaces the first occurrence of `from` in `rel` and returns the 1-based line on which
/// the replacement starts.
pub fn edit(dir: &TempDir, rel: &str, from: &str, to: &str) -> usize {
    let path = dir.path().join(rel);
    let text = fs::read_to_string(&path).unwrap();
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not in {rel}"));
    let new = format!("{}{}{}", &text[..at], to, &text[at + from.len()..]);
    fs::write(&path, new).unwrap();
    text[..at].matches('\n').count() + 1
}

pub fn problems(dir: &TempDir) -> Vec<Diagnostic> {
    match load_dir(dir.path()) {
        Ok(_) => panic!("broken data was accepted"),
        Err(d) => d,
    }
}

/// Asserts that a problem in `rel` on `line` mentions `fragment`, and returns it.
pub fn expect(diags: &[Diagnostic], rel: &str, line: usize, fragment: &str) -> Diagnostic {
    let found = diags
        .iter()
        .find(|d| d.file.ends_with(rel) && d.line == line && d.message.contains(fragment));
    match found {
        Some(d) => d.clone(),
        None => {
            let all: Vec<String> = diags.iter().map(ToString::to_string).collect();
            panic!(
                "no problem {rel}:{line} containing {fragment:?}; got:\n{}",
                all.join("\n")
            )
        }
    }
}
