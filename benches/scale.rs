//! `cargo bench --bench scale`: leverup at 100,000 candidates (issue 10), the database half.
//!
//! Prints, on the `leverup demo --candidates N` data set (N = 100,000 unless
//! LEVERUP_BENCH_CANDIDATES says otherwise; made once under target/bench/ and reused):
//! - what making it cost (`demo`'s wall time and peak RSS, measured on the child process);
//! - bytes per assessment, and the tables that hold them (SQLite's `dbstat`);
//! - the candidate list: time per page at the top, after `End`, `PgUp` and `PgDn` near the
//!   end, and per filter keystroke, as a ratio to the top page; beside them the same moves
//!   read the old way (LIMIT/OFFSET, an exact count with `LIKE`), for comparison;
//! - `export badges` on a copy marked real: credentials/s at two sizes (linear means the
//!   same rate), and a plain ES256 signer writing the same files (`benches/plain_signer.py`,
//!   if python3 with PyJWT and cryptography is installed).
//!
//! Times are medians of repeated runs on a warm page cache; the ratios are what to compare
//! between machines.

#[path = "../tests/cli_support/mod.rs"]
mod cli_support;
mod support;

use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use leverup::store::{CandidateFilter, CandidateKey, PageAt, Store};
use support::{Run, data_set, file_size, leverup, measure, spread};

/// Rows on a page at 80×24, as the list shows them.
const PAGE: u32 = 19;

fn main() {
    let (db, made) = data_set();
    if let Ok(mut f) = std::fs::File::open(&db) {
        let _ = std::io::copy(&mut f, &mut std::io::sink());
    }
    println!(
        "data set: {} ({:.0} MB)",
        db.display(),
        file_size(&db) as f64 / 1e6
    );
    match made {
        Some(r) => println!(
            "demo: made in {:.1} s, peak RSS {:.0} MiB (budget 128 MiB)",
            r.secs,
            r.max_rss_kib as f64 / 1024.0
        ),
        None => println!("demo: cost not recorded (data set made by an older bench)"),
    }
    bytes_per_assessment(&db);
    candidate_list(&db);
    badges(&db);
}

fn bytes_per_assessment(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let assessments: i64 = conn
        .query_row("SELECT count(*) FROM assessments", [], |r| r.get(0))
        .expect("count");
    let size = file_size(db);
    println!(
        "\nsize: {:.0} MB for {assessments} assessments = {:.1} KB per assessment (budget 8 KB)",
        size as f64 / 1e6,
        size as f64 / assessments.max(1) as f64 / 1e3
    );
    let mut stmt = conn
        .prepare(
            "SELECT coalesce(m.tbl_name, s.name), sum(s.pgsize) FROM dbstat s
             LEFT JOIN sqlite_master m ON m.name = s.name
             GROUP BY 1 ORDER BY 2 DESC LIMIT 8",
        )
        .expect("dbstat");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .expect("dbstat rows");
    for (table, bytes) in rows.flatten() {
        println!(
            "  {table:<22} {:>7.1} MB  {:>6.0} B per assessment (with its indexes)",
            bytes as f64 / 1e6,
            bytes as f64 / assessments.max(1) as f64
        );
    }
}

/// Median milliseconds of `f` over `n` runs.
fn ms(n: usize, mut f: impl FnMut()) -> f64 {
    f();
    let xs = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    spread(xs).0
}

fn candidate_list(db: &Path) {
    let store = Store::open(db).expect("open the bench database");
    let all = CandidateFilter::default();
    let total = store.count_candidates(&all).expect("count") as u32;
    let page = |at: &PageAt| store.candidate_page(&all, at, PAGE).expect("page");
    let key = |r: &leverup::store::CandidateRow| CandidateKey::of(r);
    let last = page(&PageAt::Last);
    let before_last = page(&PageAt::Before(key(&last[0])));

    let top = ms(50, || drop(page(&PageAt::First)));
    let end = ms(50, || drop(page(&PageAt::Last)));
    let pgup = ms(50, || drop(page(&PageAt::Before(key(&last[0])))));
    let pgdn = ms(50, || drop(page(&PageAt::After(key(&before_last[0])))));
    let count = ms(20, || drop(store.count_candidates(&all)));
    let filter = |name: &str| CandidateFilter {
        name: Some(name.into()),
        ..Default::default()
    };
    // A keystroke in the filter, as the list makes it: the first page, then (only when the
    // page is full) the count up to the cap.
    let keystroke = |name: &str| {
        let f = filter(name);
        ms(20, || {
            let rows = store
                .candidate_page(&f, &PageAt::First, PAGE)
                .expect("page");
            if rows.len() == PAGE as usize {
                drop(store.count_candidates_up_to(&f, 1001));
            }
        })
    };
    let old_keystroke = |name: &str| {
        let f = filter(name);
        ms(10, || {
            drop(store.count_candidates(&f));
            drop(store.list_candidates(&f, PAGE, 0));
        })
    };
    let old_end = ms(10, || {
        drop(store.list_candidates(&all, PAGE, (total / PAGE) * PAGE));
    });
    let old_pgup = ms(10, || {
        drop(store.list_candidates(&all, PAGE, (total / PAGE - 1) * PAGE));
    });

    println!("\ncandidate list, {total} candidates, {PAGE} rows a page (median ms, × top page):");
    let row = |what: &str, t: f64| println!("  {what:<34} {t:>8.3} ms  {:>6.1}×", t / top);
    row("top page", top);
    row("End (a full last page)", end);
    row("PgUp near the end", pgup);
    row("PgDn near the end", pgdn);
    row("count, once per change of filter", count);
    for name in ["a", "an", "ann", "zzq"] {
        row(&format!("filter keystroke {name:?}"), keystroke(name));
    }
    println!("  the old way (LIMIT/OFFSET, exact LIKE count):");
    row("End", old_end);
    row("PgUp near the end", old_pgup);
    for name in ["a", "ann"] {
        row(&format!("filter keystroke {name:?}"), old_keystroke(name));
    }
}

fn badges(db: &Path) {
    let dir = support::bench_dir().join("badges");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("badges dir");
    let copy = dir.join("real.db");
    std::fs::copy(db, &copy).expect("copy the data set");
    // Demo records are never signed: this copy's centre is marked real, as a real centre's
    // would be (as the CLI tests do it).
    cli_support::as_real(&copy);
    let key = dir.join("key.pem");
    let ok = leverup()
        .args(["signing-key", "--key"])
        .arg(&key)
        .arg("init")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "signing-key init");
    println!("\nexport badges (a copy marked real), credentials/s:");
    let mut sample = None;
    // Two windows of finalisation dates, the second twice as long: linear means the same rate.
    for (n, (since, until)) in [
        ("small", ("2026-01-01", "2026-01-10")),
        ("twice", ("2026-01-11", "2026-01-30")),
    ] {
        let out = dir.join(format!("out-{n}"));
        let run = measure(
            leverup()
                .args(["export", "badges", "--db"])
                .arg(&copy)
                .arg("--out")
                .arg(&out)
                .arg("--key")
                .arg(&key)
                .args(["--since", since, "--until", until])
                .args(["--issuer-url", "https://centre.example", "--issuer-email"])
                .args(["info@centre.example", "--as", "admin"])
                .stdout(Stdio::null()),
        );
        let (certs, creds) = count_files(&out);
        report(&format!("leverup, {since}..{until}"), certs, creds, run);
        sample = sample.or_else(|| first_certificate(&out));
    }
    plain_signer(&dir, sample.as_deref());
}

fn report(what: &str, certs: usize, creds: usize, run: Run) {
    println!(
        "  {what:<36} {certs:>5} certificates {creds:>6} credentials in {:>7.2} s = {:>6.0}/s{}",
        run.secs,
        creds as f64 / run.secs,
        if run.ok { "" } else { " (FAILED)" }
    );
}

fn count_files(out: &Path) -> (usize, usize) {
    let mut certs = 0;
    let mut creds = 0;
    for d in std::fs::read_dir(out).into_iter().flatten().flatten() {
        certs += 1;
        creds += std::fs::read_dir(d.path())
            .into_iter()
            .flatten()
            .flatten()
            .filter(|f| f.path().extension().is_some_and(|e| e == "jwt"))
            .count();
    }
    (certs, creds)
}

fn first_certificate(out: &Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(out)
        .ok()?
        .flatten()
        .next()
        .map(|d| d.path())
}

/// The yardstick: a plain ES256 signer in Python writing the same files.
fn plain_signer(dir: &Path, sample: Option<&Path>) {
    let Some(sample) = sample else {
        return println!("  plain signer: no credential to copy from");
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/plain_signer.py");
    let out = dir.join("plain");
    let n = 2000;
    let t = Instant::now();
    let done = std::process::Command::new("python3")
        .arg(&script)
        .arg(n.to_string())
        .arg(&out)
        .arg(sample)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let secs = t.elapsed().as_secs_f64();
    if done.is_ok_and(|s| s.success()) {
        println!(
            "  {:<36} {:>5} certificates {n:>6} credentials in {secs:>7.2} s = {:>6.0}/s",
            "plain ES256 signer (python3)",
            n / 2,
            n as f64 / secs
        );
    } else {
        println!("  plain signer: not run (needs python3 with PyJWT and cryptography)");
    }
}
