//! Bytes the real binary writes per keystroke on the tutor's screens at 80×24, against the
//! same budgets as the assessor's (issue 9): a move in the tutor's list or on the
//! self-assessment is a list move, a character typed in a story is a typed character.
//! Shared by tests/tui_tutor_pty.rs (asserts) and benches/tui_keys.rs (prints).

use super::bytes::{BUDGETS, LIST_MOVE, TYPED_CHAR};
use super::table::Measured;
use super::*;

pub const TUTOR_LIST_MOVE: &str = "tutor: move in My candidates";
pub const SELF_ASSESSMENT_MOVE: &str = "tutor: move on the self-assessment";
pub const STORY_CHAR: &str = "tutor: typed character in a story";

/// Every tutor row, in one mode: `low_bandwidth` adds `--low-bandwidth`.
pub fn measure_tutor(low_bandwidth: bool) -> Vec<Measured> {
    let args: &[&str] = if low_bandwidth {
        &["--low-bandwidth"]
    } else {
        &[]
    };
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn_with(&dir.path().join("tutor.db"), args);
    first_run_as_tutor(&mut p);
    for (name, codes) in [("Luca Bianchi", "C02"), ("Sara Verdi", "C03")] {
        new_candidate_opens(&mut p, name, codes, "Registration");
        p.send(ESC);
        p.wait_for("My candidates");
    }
    let list_move = p.bytes_per_press(&[DOWN, UP, DOWN, UP]);
    new_candidate_opens(&mut p, "Giulia Rossi", "C01", "Registration");
    p.send(b"n");
    p.wait_for("Moved on to Identification");
    p.send(TAB);
    p.wait_for("Quick");
    let self_assessment_move = p.bytes_per_press(&[DOWN; 8]);
    p.send(TAB);
    p.send(b"a");
    p.wait_for("A new STARRTT story");
    p.type_text("Food bank rota");
    p.send(ENTER);
    p.send(ENTER);
    p.wait_for("Story 1");
    p.send(ENTER);
    p.wait_for("esc leave");
    let story_char = p.bytes_per_press(&[b"x".as_slice(); 12]);
    p.send(CTRL_Q);
    p.wait_exit();

    let mode = usize::from(low_bandwidth);
    let budget = |kind: &str| {
        BUDGETS
            .iter()
            .find(|b| b.0 == kind)
            .and_then(|b| [b.1, b.2][mode])
    };
    [
        (TUTOR_LIST_MOVE, list_move, LIST_MOVE),
        (SELF_ASSESSMENT_MOVE, self_assessment_move, LIST_MOVE),
        (STORY_CHAR, story_char, TYPED_CHAR),
    ]
    .into_iter()
    .map(|(what, value, kind)| Measured {
        what,
        value,
        unit: "B",
        budget: budget(kind),
    })
    .collect()
}
