//! The byte budgets of issue 10, on the real binary in an 80×24 pseudo-terminal: bytes
//! written per keystroke for a list move, a typed character, the next question, a rating, a
//! screen switch and the first frame, and none while idle, default and `--low-bandwidth`. Bytes do not depend on
//! the machine's speed or load, so these are exact, not timed. `cargo bench --bench
//! tui_keys` prints the same rows as a table.

mod pty;

use pty::bytes::measure_all;
use pty::table::Measured;

fn assert_within_budgets(mode: &str, rows: &[Measured]) {
    let over: Vec<_> = rows.iter().filter(|m| m.over_ceiling()).collect();
    assert!(over.is_empty(), "{mode}: over budget: {over:#?}");
}

#[test]
fn default_theme_keystrokes_stay_within_their_byte_budgets() {
    let rows = measure_all(false);
    assert_eq!(rows.len(), 7, "every row measured");
    assert_within_budgets("default", &rows);
}

#[test]
fn low_bandwidth_keystrokes_stay_within_their_byte_budgets() {
    let rows = measure_all(true);
    assert_within_budgets("--low-bandwidth", &rows);
}
