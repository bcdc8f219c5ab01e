//! The tutor's screens in a real pseudo-terminal, against the byte budgets of issue 10
//! (tests/pty/tutor_bytes.rs measures; `cargo bench --bench tui_keys` prints the same rows).
//! Bytes do not depend on the machine's speed, so they are asserted, not timed.

mod pty;

use pty::tutor_bytes::measure_tutor;

#[test]
fn the_tutors_keystrokes_stay_within_the_byte_budgets() {
    for low in [false, true] {
        let rows = measure_tutor(low);
        assert_eq!(rows.len(), 3);
        for row in rows {
            println!("low-bandwidth {low}: {} = {:.0} B", row.what, row.value);
            assert!(row.budget.is_some(), "{} has a budget", row.what);
            assert!(
                !row.over_ceiling(),
                "low-bandwidth {low}: {} sends {:.0} B, over {:?}",
                row.what,
                row.value,
                row.budget
            );
            // A move or a keystroke that sends nothing was not measured at all.
            assert!(row.value > 0.0, "{} sent no bytes", row.what);
        }
    }
}
