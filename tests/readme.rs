//! The README's key table is the one `leverup keymap --markdown` prints for the shipped
//! bindings; regenerate it with that command when bindings change.

use leverup::keymap::{self, Keymap};

#[test]
fn readme_key_table_matches_the_live_bindings() {
    let readme = include_str!("../README.md");
    let start = "<!-- keymap:start -->\n";
    let table = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once("<!-- keymap:end -->"))
        .map(|(t, _)| t)
        .expect("README has the keymap markers");
    assert_eq!(
        table,
        keymap::markdown(&Keymap::default_bindings()),
        "README key table is stale: paste `leverup keymap --markdown` between the markers"
    );
}

#[test]
fn readme_opens_with_the_two_commands() {
    let readme = include_str!("../README.md");
    let head: String = readme.lines().take(8).collect::<Vec<_>>().join("\n");
    assert!(head.contains("cargo run --release") && head.contains("cargo test"));
}
