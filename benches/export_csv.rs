//! `cargo bench --bench export_csv`: the `leverup export csv` process against `sqlite3 -csv`
//! dumping the same rows from the same file, and the cost of the progress display.
//!
//! The database is the `leverup demo --candidates N` data set (N = 100,000 unless
//! LEVERUP_BENCH_CANDIDATES says otherwise), made once under target/bench/ and reused.
//! Every figure is a child process's own (wall time and peak RSS from the kernel), so
//! neither side pays for this harness, and the plain runs pay nothing for the progress
//! display (stderr is not a terminal, so it is hidden). The progress run gives leverup a
//! pseudo-terminal for stderr, as a person at a terminal would. Seven alternating runs of
//! each; median and range.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use leverup::store::{ResultFilter, results_sql};
use support::{Run, data_set, file_size, leverup, measure, spread};

const RUNS: usize = 7;

fn main() {
    let (db, _) = data_set();
    println!(
        "data set: {} ({:.0} MB)",
        db.display(),
        file_size(&db) as f64 / 1e6
    );
    // Read the file once so no side pays for a cold page cache.
    if let Ok(mut f) = std::fs::File::open(&db) {
        let _ = std::io::copy(&mut f, &mut std::io::sink());
    }
    let dir = support::bench_dir();
    let (sql, _) = results_sql(&ResultFilter::default());
    let sqlite3 = Command::new("sqlite3").arg("-version").output().is_ok();

    let ours = |wide: bool, out: &Path| {
        let mut c = leverup();
        c.args(["export", "csv", "--db"])
            .arg(&db)
            .arg("--out")
            .arg(out);
        if wide {
            c.arg("--wide");
        }
        c.stdout(Stdio::null()).stderr(Stdio::null());
        c
    };
    let theirs = |out: &Path| {
        let mut c = Command::new("sqlite3");
        c.args(["-csv", "-header"]).arg(&db).arg(&sql);
        c.stdout(std::fs::File::create(out).expect("sqlite3 output file"));
        c
    };

    let (mut long, mut wide, mut progress, mut lite) = (vec![], vec![], vec![], vec![]);
    let long_out = dir.join("leverup.csv");
    let wide_out = dir.join("leverup-wide.csv");
    let lite_out = dir.join("sqlite3.csv");
    for _ in 0..RUNS {
        long.push(measure(&mut ours(false, &long_out)));
        wide.push(measure(&mut ours(true, &wide_out)));
        progress.push(with_terminal_stderr(ours(false, &long_out)));
        if sqlite3 {
            lite.push(measure(&mut theirs(&lite_out)));
        }
    }
    let rows = lines(&long_out).saturating_sub(1);
    let wide_rows = lines(&wide_out).saturating_sub(1);
    let show = |what: &str, n: usize, runs: &[Run]| {
        let (mid, lo, hi) = spread(runs.iter().map(|r| r.secs).collect());
        let (rss, _, _) = spread(runs.iter().map(|r| r.max_rss_kib as f64).collect());
        println!(
            "{what:<34} {n:>8} rows  {mid:>6.3} s [{lo:.3}–{hi:.3}]  {:>9.0} rows/s  peak RSS {:>5.0} MiB{}",
            n as f64 / mid,
            rss / 1024.0,
            if runs.iter().all(|r| r.ok) {
                ""
            } else {
                "  (FAILED)"
            }
        );
        mid
    };
    println!("median of {RUNS} [lowest–highest]:");
    let t_long = show("leverup export csv", rows, &long);
    let t_progress = show("  … stderr on a terminal (progress)", rows, &progress);
    let t_wide = show("leverup export csv --wide", wide_rows, &wide);
    if sqlite3 {
        let t_lite = show(
            "sqlite3 -csv (the long query)",
            lines(&lite_out).saturating_sub(1),
            &lite,
        );
        println!(
            "long / sqlite3 time: {:.2}; --wide / sqlite3 time: {:.2} (--wide writes one row per assessment)",
            t_long / t_lite,
            t_wide / t_lite
        );
    } else {
        println!("sqlite3 -csv: not run (install the sqlite3 shell to compare)");
    }
    // On a shared machine wall time wanders by more than the budget; the process's own CPU
    // time is the steadier measure of what the display costs.
    let cpu = |runs: &[Run]| spread(runs.iter().map(|r| r.cpu_secs).collect()).0;
    println!(
        "progress display: {:+.1} % of the export's wall time, {:+.1} % of its CPU time (medians; budget 5 %)",
        (t_progress / t_long - 1.0) * 100.0,
        (cpu(&progress) / cpu(&long) - 1.0) * 100.0
    );
}

/// Runs `cmd` with a pseudo-terminal as its stderr (so the progress display is drawn),
/// draining what it draws.
#[allow(clippy::zombie_processes)] // reaped by `wait4` in `support::wait`
fn with_terminal_stderr(mut cmd: Command) -> Run {
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty fills two descriptors we then own; no name, termios or size given.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(r, 0, "openpty");
    // SAFETY: both descriptors were just returned by openpty and are owned here only.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let drain = std::thread::spawn(move || {
        let mut f = std::fs::File::from(master);
        let _ = std::io::copy(&mut f, &mut std::io::sink());
    });
    cmd.stderr(Stdio::from(slave.try_clone().expect("dup the pty")));
    let t = Instant::now();
    let child = cmd.spawn().expect("spawn");
    drop(cmd);
    let run = support::wait(child.id() as i32, t);
    // The drain ends (EIO) once the last descriptor of the terminal's other end is closed.
    drop(slave);
    let _ = drain.join();
    run
}

fn lines(p: &Path) -> usize {
    use std::io::BufRead;
    std::fs::File::open(p)
        .map(|f| std::io::BufReader::new(f).lines().count())
        .unwrap_or(0)
}
