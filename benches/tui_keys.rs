//! `cargo bench --bench tui_keys`: what one keystroke costs a tutor on a slow link, measured
//! on the real binary (built with the bench profile) in an 80×24 pseudo-terminal.
//!
//! Today: bytes written to the terminal per key, default and `--low-bandwidth`, each against
//! its budget (tests/pty/bytes.rs measures them; tests/tui_bytes.rs asserts the budgets),
//! then the tutor's screens against the same budgets (tests/pty/tutor_bytes.rs).
//! Timed rows (a key at 100,000 candidates) belong here too: a section that returns
//! `Measured` rows in its own unit (tests/pty/table.rs), printed with the same `table`.

#[path = "../tests/pty/mod.rs"]
mod pty;

use pty::bytes::measure_all;
use pty::table::table;
use pty::tutor_bytes::measure_tutor;

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported and is ignored.
    let default = measure_all(false);
    let low = measure_all(true);
    print!("{}", table("bytes per key at 80x24", &default, &low));
    println!();
    let tutor = measure_tutor(false);
    let tutor_low = measure_tutor(true);
    print!("{}", table("the tutor's keys at 80x24", &tutor, &tutor_low));
}
