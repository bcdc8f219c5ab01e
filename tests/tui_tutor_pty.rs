//! The tutor's screens in a real pseudo-terminal: the bytes a keystroke costs on the wire
//! (DESIGN.md §7), measured on the self-assessment list and in a story's text field. Run
//! with `cargo test --test tui_tutor_pty -- --ignored --nocapture`; not a timed test.

mod pty;

use pty::*;

#[test]
#[ignore]
fn tutor_bytes_per_keystroke() {
    for args in [&[][..], &["--low-bandwidth"][..]] {
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
        let down = bytes_per_key(&mut p, DOWN, 10);
        p.send(TAB);
        p.send(b"a");
        p.wait_for("A new STARRTT story");
        p.type_text("Food bank rota");
        p.send(ENTER);
        p.send(ENTER);
        p.wait_for("Story 1");
        p.send(ENTER);
        p.wait_for("esc leave");
        let typed = bytes_per_key(&mut p, b"x", 20);
        p.send(CTRL_Q);
        p.wait_exit();
        let mode = args.first().unwrap_or(&"default theme");
        println!("{mode}: bytes per down-arrow on the self-assessment: {down:.0}");
        println!("{mode}: bytes per typed character in a story part: {typed:.0}");
    }
}
