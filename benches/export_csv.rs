//! `cargo bench --bench export_csv`: leverup's CSV export against `sqlite3 -csv` dumping the
//! same rows from the same file, in one run.
//!
//! The database is the `leverup demo --candidates N` data set (N = 100,000 unless
//! LEVERUP_BENCH_CANDIDATES says otherwise), made once under target/ and reused; generating
//! it runs in a child process so this process's peak memory is the export's own.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use leverup::cli::args::Filters;
use leverup::cli::export_csv::{CsvRequest, export_csv};
use leverup::datafile;
use leverup::export::csv_writer::CsvOptions;
use leverup::store::{ResultFilter, Store, results_sql};

fn main() {
    let n: usize = std::env::var("LEVERUP_BENCH_CANDIDATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    let db = dir.join(format!("demo-{n}.db"));
    if !db.exists() {
        generate(&db, n);
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "data set: {} ({n} candidates, {:.0} MB)",
        db.display(),
        size as f64 / 1e6
    );

    // Read the file once so neither side pays for a cold page cache, then take the best of
    // three alternating runs of each.
    if let Ok(mut f) = std::fs::File::open(&db) {
        let _ = std::io::copy(&mut f, &mut std::io::sink());
    }
    let rss_before = peak_rss_kib();
    let out = dir.join("leverup.csv");
    let store = Store::open(&db).expect("open the bench database");
    let model = datafile::load_embedded();
    let filters = Filters::default();
    let req = CsvRequest {
        out: out.to_str().expect("utf-8 path"),
        filters: &filters,
        wide: false,
        options: CsvOptions::default(),
        codebook: None,
        codebook_format: None,
    };
    let (sql, _) = results_sql(
        &ResultFilter::default(),
        model.portfolio_check.criteria.len(),
    );
    let sql = sql.replace("?1", &model.portfolio_check.criteria.len().to_string());
    let theirs_out = dir.join("sqlite3.csv");
    let (mut ours, mut theirs, mut rows, mut sqlite_ok) = (f64::MAX, f64::MAX, 0, true);
    for _ in 0..3 {
        let t = Instant::now();
        rows = export_csv(&store, &model, &req).expect("export");
        ours = ours.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let status = Command::new("sqlite3")
            .arg("-csv")
            .arg("-header")
            .arg(&db)
            .arg(&sql)
            .stdout(std::fs::File::create(&theirs_out).expect("sqlite3 output file"))
            .stderr(Stdio::inherit())
            .status();
        theirs = theirs.min(t.elapsed().as_secs_f64());
        sqlite_ok &= status.is_ok_and(|s| s.success());
    }
    let rss_after = peak_rss_kib();
    let their_rows = line_count(&theirs_out).saturating_sub(1);

    println!(
        "leverup export csv : {rows:>9} rows in {ours:>7.3} s = {:>10.0} rows/s (best of 3)",
        rows as f64 / ours
    );
    if sqlite_ok {
        println!(
            "sqlite3 -csv       : {their_rows:>9} rows in {theirs:>7.3} s = {:>10.0} rows/s (best of 3)",
            their_rows as f64 / theirs
        );
        println!(
            "ratio leverup/sqlite3 throughput: {:.2}",
            (rows as f64 / ours) / (their_rows as f64 / theirs)
        );
    } else {
        println!("sqlite3 -csv       : not run (install the sqlite3 shell to compare)");
    }
    println!(
        "peak memory (VmHWM) before export {} KiB, after {} KiB",
        rss_before.unwrap_or(0),
        rss_after.unwrap_or(0)
    );
}

fn generate(db: &Path, n: usize) {
    println!("generating the demo data set once ({n} candidates); later runs reuse it");
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_leverup"))
        .args(["demo", "--candidates", &n.to_string(), "--db"])
        .arg(db)
        .stdout(Stdio::null())
        .status()
        .expect("run leverup demo");
    assert!(status.success(), "leverup demo failed");
    println!("generated in {:.1} s", t.elapsed().as_secs_f64());
}

fn line_count(p: &Path) -> usize {
    use std::io::BufRead;
    std::fs::File::open(p)
        .map(|f| std::io::BufReader::new(f).lines().count())
        .unwrap_or(0)
}

/// Peak resident set of this process so far, from /proc (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
