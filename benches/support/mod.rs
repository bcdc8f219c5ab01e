//! Shared by the benchmarks: the 100,000-candidate demo data set (made once under
//! `target/bench/`, with what making it cost), child processes measured by the kernel
//! (wall time and peak resident set from `wait4`), and medians.

#![allow(dead_code)] // each bench uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// How many candidates the data set has: 100,000 unless LEVERUP_BENCH_CANDIDATES says.
pub fn candidates() -> usize {
    std::env::var("LEVERUP_BENCH_CANDIDATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

pub fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    dir
}

pub fn leverup() -> Command {
    Command::new(env!("CARGO_BIN_EXE_leverup"))
}

/// A child's wall time and peak resident set.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub secs: f64,
    /// User and system CPU time: steadier than wall time on a shared machine.
    pub cpu_secs: f64,
    pub max_rss_kib: u64,
    pub ok: bool,
}

/// Runs `cmd` to its end; the figures are the child's own (the kernel's `wait4`), not this
/// process's.
#[allow(clippy::zombie_processes)] // reaped by `wait4` in `wait`, which also reads its usage
pub fn measure(cmd: &mut Command) -> Run {
    let t = Instant::now();
    let child = cmd.spawn().expect("spawn the measured command");
    wait(child.id() as i32, t)
}

/// Waits for the child `pid` (started at `t`) and reads its usage.
pub fn wait(pid: i32, t: Instant) -> Run {
    let mut status = 0;
    // SAFETY: plain syscall on our own child; `usage` is written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Run {
        secs: t.elapsed().as_secs_f64(),
        cpu_secs: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss as u64,
        ok: r == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    }
}

/// The demo data set and the cost of making it (time, peak RSS), made once and reused.
pub fn data_set() -> (PathBuf, Option<Run>) {
    let n = candidates();
    let db = bench_dir().join(format!("demo-{n}.db"));
    let made = db.with_extension("db.made");
    if !db.exists() {
        println!("generating the demo data set once ({n} candidates); later runs reuse it");
        let run = measure(
            leverup()
                .args(["demo", "--candidates", &n.to_string(), "--db"])
                .arg(&db)
                .stdout(Stdio::null()),
        );
        assert!(run.ok, "leverup demo failed");
        let _ = std::fs::write(&made, format!("{} {}", run.secs, run.max_rss_kib));
    }
    let run = std::fs::read_to_string(&made).ok().and_then(|s| {
        let mut it = s.split_whitespace();
        Some(Run {
            secs: it.next()?.parse().ok()?,
            cpu_secs: 0.0,
            max_rss_kib: it.next()?.parse().ok()?,
            ok: true,
        })
    });
    (db, run)
}

/// Median, lowest and highest of some timings.
pub fn spread(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(f64::total_cmp);
    let mid = xs[xs.len() / 2];
    (mid, xs[0], xs[xs.len() - 1])
}

pub fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}
