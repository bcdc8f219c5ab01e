//! Fuzz-style property tests for every parser that reads a file a user hands us: the model
//! data (`model.toml`, `competences/*.toml`), keymap files, credentials given to
//! `leverup verify` (.jwt, .json, .svg) and the baked-SVG extraction.
//!
//! Each parser gets arbitrary input and structured mutations of a real valid file
//! (truncation, flipped bytes, deleted/duplicated/swapped lines, inserted unicode and
//! syntax, huge numbers, deep nesting). Nothing may panic, and every error must be a
//! message: for data files and keymaps a diagnostic naming one of the given files, with a
//! line:col inside that file, and a line:col in the damaged file whenever its TOML is
//! broken. Case counts keep each test to seconds in debug builds; `PROPTEST_CASES`
//! raises them for a longer run.

#[path = "fuzz_parsers/badge.rs"]
mod badge;
#[path = "fuzz_parsers/mutate.rs"]
mod mutate;

use std::fs;

use leverup::datafile::{EMBEDDED_FILES, load_dir, load_sources};
use leverup::diagnostics::Diagnostic;
use leverup::export::badge::svg::{Baked, extract};
use leverup::export::badge::verify;
use leverup::keymap::{DEFAULT_TOML, VIM_TOML, from_sources};
use proptest::prelude::*;
use proptest::sample::Index;

use mutate::{edits, mutate_bytes, mutate_text};

/// `default` cases unless `PROPTEST_CASES` says otherwise.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn is_toml(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok()
}

/// Every diagnostic names one of `files` and, when it has a place, a place inside that
/// file; when `damaged` is not valid TOML, at least one diagnostic points into it.
fn check_diags(
    files: &[(&str, &str)],
    diags: &[Diagnostic],
    damaged: Option<(&str, &str)>,
) -> Result<(), TestCaseError> {
    prop_assert!(!diags.is_empty(), "an error without any diagnostic");
    for d in diags {
        let shown = d.to_string();
        prop_assert!(!d.message.trim().is_empty(), "empty message: {shown}");
        let Some((_, text)) = files.iter().find(|(name, _)| *name == d.file) else {
            return Err(TestCaseError::fail(format!("names no given file: {shown}")));
        };
        prop_assert!(shown.starts_with(&format!("{}:", d.file)), "{shown}");
        if d.line > 0 {
            let line = text.split('\n').nth(d.line - 1);
            prop_assert!(line.is_some(), "line past the end: {shown}");
            let width = line.map_or(0, |l| l.chars().count());
            prop_assert!(
                d.col >= 1 && d.col <= width + 1,
                "col off the line: {shown}"
            );
        }
    }
    if let Some((name, text)) = damaged
        && !is_toml(text)
    {
        prop_assert!(
            diags.iter().any(|d| d.file == name && d.line > 0),
            "broken TOML in {name} without a line:col: {diags:?}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Model data

fn data_with(which: usize, text: &str) -> Vec<(String, String)> {
    EMBEDDED_FILES
        .iter()
        .enumerate()
        .map(|(i, (name, orig))| {
            let t = if i == which { text } else { orig };
            (name.to_string(), t.to_string())
        })
        .collect()
}

fn check_data(which: usize, text: &str) -> Result<(), TestCaseError> {
    let files = data_with(which, text);
    if let Err(diags) = load_sources(&files) {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        check_diags(&refs, &diags, Some(refs[which]))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn data_file_mutations_give_diagnostics(file in any::<Index>(), edits in edits()) {
        let which = file.index(EMBEDDED_FILES.len());
        let text = mutate_text(EMBEDDED_FILES[which].1, &edits);
        check_data(which, &text)?;
    }

    #[test]
    fn model_file_mutations_give_diagnostics(edits in edits()) {
        // model.toml holds the references every competence is checked against.
        check_data(0, &mutate_text(EMBEDDED_FILES[0].1, &edits))?;
    }

    #[test]
    fn arbitrary_data_files_give_diagnostics(file in any::<Index>(), text in any::<String>()) {
        check_data(file.index(EMBEDDED_FILES.len()), &text)?;
    }

    #[test]
    fn toml_shaped_data_files_give_diagnostics(
        file in any::<Index>(),
        text in "([a-z_\\[\\]]{1,12}( = |\\.)([0-9\"'\\[\\]{}a-z,.=-]{0,12})?\n){0,12}",
    ) {
        check_data(file.index(EMBEDDED_FILES.len()), &text)?;
    }
}

proptest! {
    // Real files in a temporary folder: slower, so fewer cases.
    #![proptest_config(config(150))]

    #[test]
    fn load_dir_reads_damaged_bytes(file in any::<Index>(), edits in edits()) {
        let which = file.index(EMBEDDED_FILES.len());
        let tmp = tempfile::TempDir::new().map_err(|e| TestCaseError::fail(e.to_string()))?;
        fs::create_dir_all(tmp.path().join("competences")).expect("mkdir");
        let mut files = Vec::new();
        for (i, (name, text)) in EMBEDDED_FILES.iter().enumerate() {
            let rel = name.trim_start_matches("data/");
            let path = tmp.path().join(rel);
            // Raw bytes, so invalid UTF-8 reaches the loader too.
            let bytes = if i == which {
                mutate_bytes(text.as_bytes(), &edits)
            } else {
                text.as_bytes().to_vec()
            };
            fs::write(&path, &bytes).expect("write");
            files.push((path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()));
        }
        if let Err(diags) = load_dir(tmp.path()) {
            let refs: Vec<(&str, &str)> =
                files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
            let damaged = std::str::from_utf8(&mutate_bytes(EMBEDDED_FILES[which].1.as_bytes(), &edits))
                .is_ok()
                .then_some(refs[which]);
            check_diags(&refs, &diags, damaged)?;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Keymaps

const BASE: &str = "keymaps/default.toml";
const USER: &str = "keymap.toml";

fn check_keymap(layers: &[(&str, &str)], damaged: usize) -> Result<(), TestCaseError> {
    if let Err(diags) = from_sources(layers) {
        check_diags(layers, &diags, Some(layers[damaged]))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn user_keymap_mutations_give_diagnostics(vim in any::<bool>(), edits in edits()) {
        let valid = if vim { VIM_TOML } else { DEFAULT_TOML };
        let user = mutate_text(valid, &edits);
        check_keymap(&[(BASE, DEFAULT_TOML), (USER, &user)], 1)?;
    }

    #[test]
    fn base_keymap_mutations_give_diagnostics(edits in edits()) {
        let base = mutate_text(DEFAULT_TOML, &edits);
        check_keymap(&[(BASE, &base), ("keymaps/vim.toml", VIM_TOML)], 0)?;
    }

    #[test]
    fn arbitrary_keymaps_give_diagnostics(text in any::<String>()) {
        check_keymap(&[(BASE, DEFAULT_TOML), (USER, &text)], 1)?;
    }

    #[test]
    fn keymap_shaped_files_give_diagnostics(
        text in "(\\[[a-z_.]{0,10}\\]\n|[a-z_]{1,12} = (\\[(\"[a-zA-Z0-9 +-]{0,12}\",? ?){0,3}\\]|\\{ ?(add|remove) = \\[(\"[a-z0-9-]{0,8}\",?){0,2}\\] ?\\}|\"[a-z-]{0,8}\")\n){0,10}",
    ) {
        check_keymap(&[(BASE, DEFAULT_TOML), (USER, &text)], 1)?;
    }
}

// ---------------------------------------------------------------------------------------
// Credentials given to `verify`, and baked SVG

/// A report always has a verdict with reasons; a credential that passes is the one issued.
fn check_report(bytes: &[u8]) -> Result<(), TestCaseError> {
    let fx = badge::fixture();
    for trusted in [None, Some(&fx.trusted)] {
        let report = verify(bytes, trusted, badge::now());
        let shown = report.to_string();
        prop_assert!(!report.checks.is_empty(), "no check reported:\n{shown}");
        prop_assert!(shown.contains("result: "), "{shown}");
        for c in report.failures() {
            prop_assert!(
                !c.detail.trim().is_empty(),
                "a failure without a reason:\n{shown}"
            );
        }
        if report.ok() {
            prop_assert_eq!(
                report.credential.as_ref(),
                Some(&fx.credential),
                "{}",
                shown
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn damaged_credentials_are_reported(form in any::<Index>(), edits in edits()) {
        let fx = badge::fixture();
        let (_, valid) = &fx.forms[form.index(fx.forms.len())];
        check_report(&mutate_bytes(valid.as_bytes(), &edits))?;
    }

    #[test]
    fn arbitrary_bytes_are_reported(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_report(&bytes)?;
    }

    #[test]
    fn arbitrary_text_is_reported(text in any::<String>()) {
        check_report(text.as_bytes())?;
    }

    #[test]
    fn jwt_shaped_text_is_reported(
        text in "[A-Za-z0-9_=+/-]{0,40}(\\.[A-Za-z0-9_=+/-]{0,40}){0,4}",
        edits in prop::collection::vec(mutate::edit(), 0..3),
    ) {
        check_report(&mutate_bytes(text.as_bytes(), &edits))?;
    }
}

fn check_extract(svg: &str) -> Result<(), TestCaseError> {
    match extract(svg) {
        Ok(Baked::Jwt(s)) | Ok(Baked::Json(s)) => prop_assert_eq!(s.trim(), s.as_str()),
        Err(message) => prop_assert!(!message.trim().is_empty()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn damaged_svg_extracts_or_explains(cdata in any::<bool>(), edits in edits()) {
        let fx = badge::fixture();
        let valid = &fx.forms[if cdata { 3 } else { 2 }].1;
        check_extract(&mutate_text(valid, &edits))?;
    }

    #[test]
    fn arbitrary_svg_extracts_or_explains(text in any::<String>()) {
        check_extract(&text)?;
    }

    #[test]
    fn svg_shaped_text_extracts_or_explains(
        text in "(<openbadges:credential|</openbadges:credential>|<!\\[CDATA\\[|\\]\\]>| ?verify ?= ?|[\"'<>/ =&;]|&[a-z#0-9]{0,5};|[a-zé😀.]{0,6}){0,16}",
    ) {
        check_extract(&text)?;
    }
}

// ---------------------------------------------------------------------------------------
// Sanity: the fixtures are valid to start with, so the mutations start from real files.

#[test]
fn fixtures_start_valid() {
    let files: Vec<(String, String)> = data_with(usize::MAX, "");
    assert!(load_sources(&files).is_ok());
    assert!(from_sources(&[(BASE, DEFAULT_TOML), (USER, VIM_TOML)]).is_ok());
    let fx = badge::fixture();
    for (what, bytes) in &fx.forms {
        if *what != "svg-cdata" {
            let report = verify(bytes.as_bytes(), Some(&fx.trusted), badge::now());
            assert!(report.ok(), "{what}: {report}");
        }
    }
    assert!(matches!(extract(&fx.forms[2].1), Ok(Baked::Jwt(_))));
    assert!(matches!(extract(&fx.forms[3].1), Ok(Baked::Json(_))));
}

/// The mutations do damage the parsers notice: a fair share breaks the TOML and a fair
/// share is rejected, so the properties above are not passing on untouched files.
#[test]
fn mutations_reach_the_parsers() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let n = 300;
    let (mut broken, mut rejected) = (0, 0);
    for _ in 0..n {
        let e = edits().new_tree(&mut runner).expect("tree").current();
        let text = mutate_text(DEFAULT_TOML, &e);
        broken += usize::from(!is_toml(&text));
        rejected += usize::from(from_sources(&[(BASE, DEFAULT_TOML), (USER, &text)]).is_err());
    }
    assert!(broken > n / 5, "only {broken} of {n} broke the TOML");
    assert!(rejected > n / 3, "only {rejected} of {n} were rejected");
}

/// The checker itself refuses what it must: an unknown file, a place outside the file, an
/// empty message, and broken TOML reported without a line:col.
#[test]
fn the_checker_refuses_bad_diagnostics() {
    let files = [("a.toml", "x = 1\né = 2\n")];
    let at = |line, col, message: &str| Diagnostic {
        file: "a.toml".into(),
        line,
        col,
        message: message.into(),
        hint: None,
    };
    assert!(check_diags(&files, &[at(2, 6, "fine")], None).is_ok());
    for bad in [
        Diagnostic::whole_file("b.toml", "elsewhere"),
        at(4, 1, "past the end"),
        at(2, 7, "past the line"),
        at(1, 0, "column zero"),
        at(1, 1, " "),
    ] {
        assert!(
            check_diags(&files, std::slice::from_ref(&bad), None).is_err(),
            "{bad:?}"
        );
    }
    assert!(check_diags(&files, &[], None).is_err());
    let broken = [("a.toml", "x = ")];
    let whole = Diagnostic::whole_file("a.toml", "bad");
    assert!(check_diags(&broken, &[whole], Some(broken[0])).is_err());
}
