//! The tutor's screens in a real pseudo-terminal, against the byte budgets of issue 10
//! (tests/pty/bytes.rs): a move on the self-assessment is a list move, a character typed in
//! a story part is a typed character. Bytes do not depend on the machine's speed, so they
//! are asserted, not timed.

mod pty;

use pty::bytes::BUDGETS;
use pty::*;

/// (bytes per down-arrow on the self-assessment, bytes per character typed in a story).
fn measure(args: &[&str]) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn_with(&dir.path().join("tutor.db"), args);
    p.wait_for("first run");
    p.type_text("Centro Milano");
    p.send(TAB);
    p.type_text("Tina Tutor");
    p.send(TAB);
    p.send(&[0x7f; 8]);
    p.type_text("tutor");
    p.send(ENTER);
    p.wait_for("My candidates");
    new_candidate_opens(&mut p, "Giulia Rossi", "C01", "Registration");
    p.send(b"n");
    p.wait_for("Moved on to Identification");
    p.send(TAB);
    p.wait_for("Quick");
    let down = p.bytes_per_press(&[DOWN; 8]);
    p.send(TAB);
    p.send(b"a");
    p.wait_for("A new STARRTT story");
    p.type_text("Food bank rota");
    p.send(ENTER);
    p.send(ENTER);
    p.wait_for("Story 1");
    p.send(ENTER);
    p.wait_for("esc leave");
    let typed = p.bytes_per_press(&[b"x".as_slice(); 12]);
    p.send(CTRL_Q);
    p.wait_exit();
    (down, typed)
}

fn budget(row: &str, low_bandwidth: bool) -> f64 {
    let (_, default, low) = BUDGETS.iter().find(|b| b.0 == row).expect("a budget row");
    let b = if low_bandwidth { low } else { default };
    b.expect("a figure").limit
}

#[test]
fn the_tutors_keystrokes_stay_within_the_byte_budgets() {
    for (args, low) in [(&[][..], false), (&["--low-bandwidth"][..], true)] {
        let (down, typed) = measure(args);
        let mode = args.first().unwrap_or(&"default theme");
        println!(
            "{mode}: {down:.0} B per move on the self-assessment, {typed:.0} B per typed character in a story"
        );
        assert!(
            down <= budget(bytes::LIST_MOVE, low),
            "{mode}: {down} B per move"
        );
        assert!(
            typed <= budget(bytes::TYPED_CHAR, low),
            "{mode}: {typed} B per character"
        );
    }
}
