//! Bytes the real binary writes to an 80×24 pseudo-terminal per keystroke, for the walks a
//! tutor on a slow link does most: shared by the byte-budget test (tests/tui_bytes.rs) and
//! the benchmark that prints them (benches/tui_keys.rs). Bytes do not depend on the
//! machine's speed or load, so a test may assert them; only the waiting is timed.

use std::thread;
use std::time::{Duration, Instant};

use super::table::{Budget, Measured};
use super::*;

/// The budgets of issue 10: (row, default, `--low-bandwidth`). Rating and screen switch had
/// no figure in the issue; theirs are ours: a rating changes a few lines like a question
/// move, a screen switch repaints the body, so it gets the first frame's budget. The first
/// frame of a full page of candidates was ≈ 2,120 bytes (≈ 1,760 with `--low-bandwidth`)
/// while the list sat in a box: the box's border alone was ≈ 600 bytes in UTF-8. Without
/// it (a heading, the column header, the rows), with the day rather than the minute of the
/// last activity and with columns the writer reaches by tab, it is ≈ 1,420 (≈ 1,370);
/// the demo's random names move it by some 50 bytes from run to run (README, Benchmarks).
pub const BUDGETS: [(&str, Option<Budget>, Option<Budget>); 7] = [
    (LIST_MOVE, Budget::of(64.0), Budget::of(24.0)),
    (IDLE, Budget::of(0.0), Budget::of(0.0)),
    (TYPED_CHAR, Budget::of(16.0), Budget::of(16.0)),
    (NEXT_QUESTION, Budget::of(250.0), Budget::of(250.0)),
    (RATING, Budget::of(250.0), Budget::of(250.0)),
    (SCREEN_SWITCH, Budget::of(1500.0), Budget::of(1500.0)),
    (FIRST_FRAME, Budget::of(1500.0), Budget::of(1500.0)),
];

pub const LIST_MOVE: &str = "list move (down)";
pub const TYPED_CHAR: &str = "typed character in a note";
pub const NEXT_QUESTION: &str = "next question (interview)";
pub const RATING: &str = "rating an indicator";
pub const SCREEN_SWITCH: &str = "screen switch (interview/scoring)";
pub const FIRST_FRAME: &str = "first frame (candidate list)";
pub const IDLE: &str = "idle, 2 s on the candidate list";

/// How long the output must stay unchanged before a key's frame counts as complete.
const QUIET: Duration = Duration::from_millis(150);

impl Pty {
    /// Waits until nothing more arrives for `QUIET`, then returns the bytes so far.
    pub fn settled_len(&self) -> usize {
        let start = Instant::now();
        let mut len = self.bytes().len();
        let mut since = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            thread::sleep(Duration::from_millis(10));
            let now = self.bytes().len();
            if now != len {
                len = now;
                since = Instant::now();
            } else if since.elapsed() >= QUIET {
                break;
            }
        }
        len
    }

    /// Mean bytes written per press, pressing `keys` one after another, each once settled.
    pub fn bytes_per_press(&mut self, keys: &[&[u8]]) -> f64 {
        let mut total = 0;
        for key in keys {
            let before = self.settled_len();
            self.send(key);
            let after = self.settled_len();
            dump(&format!("{key:?}"), &self.bytes()[before..after]);
            total += after - before;
        }
        total as f64 / keys.len() as f64
    }
}

/// With `LEVERUP_DUMP_BYTES` set, what each press sent, escapes shown, on stderr: to see
/// where the bytes of a row go.
fn dump(what: &str, bytes: &[u8]) {
    if std::env::var_os("LEVERUP_DUMP_BYTES").is_some() {
        let shown = String::from_utf8_lossy(bytes).replace('\x1b', "^");
        eprintln!("{what}: {} B: {shown:?}", bytes.len());
    }
}

/// Every row, in one mode: `low_bandwidth` adds `--low-bandwidth`.
pub fn measure_all(low_bandwidth: bool) -> Vec<Measured> {
    let args: &[&str] = if low_bandwidth {
        &["--low-bandwidth"]
    } else {
        &[]
    };
    let mode = usize::from(low_bandwidth);
    let mut rows = assessment_rows(args);
    rows.extend(list_rows(args));
    for row in &mut rows {
        row.budget = BUDGETS
            .iter()
            .find(|b| b.0 == row.what)
            .and_then(|b| [b.1, b.2][mode]);
    }
    rows
}

fn row(what: &'static str, bytes: f64) -> Measured {
    Measured {
        what,
        value: bytes,
        unit: "B",
        budget: None,
    }
}

/// A candidate in the interview on Communication: the question move, typing in a note, the
/// switch to scoring and back, rating the indicators.
fn assessment_rows(args: &[&str]) -> Vec<Measured> {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn_with(&dir.path().join("assess.db"), args);
    set_up_candidate(&mut p);
    p.send(ESC);
    p.wait_for("overview");
    p.send(b"i");
    p.wait_for("interview");
    // Communication has four questions: three moves down.
    let next_question = p.bytes_per_press(&[DOWN, DOWN, DOWN]);
    p.send(ENTER);
    p.wait_for("typing");
    let typed = typing(&mut p);
    p.send(ESC);
    p.wait_until("the note saved", |s| !s.contains("typing"));
    let switch = p.bytes_per_press(&[b"r", b"i", b"r", b"i"]);
    p.send(b"r");
    p.wait_for("scoring");
    // Each rating moves on to the next indicator; the fifth completes the suggestion.
    let rating = p.bytes_per_press(&[b"2", b"2", b"3", b"1", b"2"]);
    p.send(CTRL_Q);
    p.wait_exit();
    vec![
        row(NEXT_QUESTION, next_question),
        row(TYPED_CHAR, typed),
        row(SCREEN_SWITCH, switch),
        row(RATING, rating),
    ]
}

/// Bytes per typed character in the open note, the cursor at the end of its text. The
/// first character also marks the field unsaved and the autosave redraws 2 s after it: a
/// run that took longer than that may hold the autosave's frame and is done again.
fn typing(p: &mut Pty) -> f64 {
    for _ in 0..3 {
        let start = Instant::now();
        p.send(b"S");
        p.wait_for("unsaved");
        let typed = p.bytes_per_press(&[b"h", b"e", b" ", b"l", b"d"]);
        if start.elapsed() < Duration::from_millis(1900) {
            return typed;
        }
        p.wait_until("the autosave", |s| {
            s.contains("saved") && !s.contains("unsaved")
        });
    }
    panic!("typing five characters took longer than the 2 s autosave, three times");
}

/// The demo's candidate list: a cursor move, and the first frame of a start that opens on it.
fn list_rows(args: &[&str]) -> Vec<Measured> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("list.db");
    let mut p = Pty::spawn_with(&db, args);
    first_run(&mut p);
    p.send(b"D");
    p.send(b"y");
    p.wait_for("Demo candidates loaded");
    let down = p.bytes_per_press(&[DOWN; 10]);
    let before = p.settled_len();
    thread::sleep(Duration::from_secs(2));
    let idle = p.settled_len() - before;
    p.send(CTRL_Q);
    p.wait_exit();

    let p = Pty::spawn_with(&db, args);
    p.wait_for("shown of");
    let first = p.settled_len();
    dump("first frame", &p.bytes()[..first]);
    vec![
        row(LIST_MOVE, down),
        row(IDLE, idle as f64),
        row(FIRST_FRAME, first as f64),
    ]
}
