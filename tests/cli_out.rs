//! Issue 8, "when things go wrong", for `--out`: a named pipe and standard output are written
//! directly, a symlink is followed (the link stays, its target gets the CSV), a regular file
//! is replaced whole; free text that starts like a formula is neutralised unless `--raw`;
//! exports, certificates and the key's folder are private (0600 files, 0700 folders).

mod cli_support;

use std::collections::HashMap;
use std::path::Path;

use cli_support::{demo, leverup};

fn export_to(home: &Path, db: &Path, out: &Path) -> assert_cmd::assert::Assert {
    leverup(home)
        .args(["export", "csv", "--db"])
        .arg(db)
        .arg("--out")
        .arg(out)
        .assert()
}

fn header_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

#[cfg(unix)]
#[test]
fn a_named_pipe_gets_the_csv_and_stays_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = demo(h, "20");
    let fifo = h.join("results.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // A channel and timeouts rather than join: an export that replaces the pipe leaves the
    // reader waiting forever, and the test must fail, not hang.
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || tx.send(std::fs::read(&fifo).expect("read the pipe")));
    }
    leverup(h)
        .args(["export", "csv", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .success();
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the reader got the CSV");
    assert!(header_of(&got).starts_with("assessment_id,"), "{got:?}");
    assert!(got.len() > 1000, "rows came through: {} bytes", got.len());
    let kind = std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    assert!(kind.is_fifo(), "the pipe was not replaced");
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_and_kept() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = demo(h, "20");
    let real_dir = h.join("shared");
    std::fs::create_dir(&real_dir).expect("dir");
    let real = real_dir.join("results.csv");
    std::fs::write(&real, "old content\n").expect("old");
    let link = h.join("latest.csv");
    std::os::unix::fs::symlink("shared/results.csv", &link).expect("link");
    export_to(h, &db, &link).success();
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    assert_eq!(
        std::fs::read_link(&link).expect("target"),
        Path::new("shared/results.csv")
    );
    let written = std::fs::read(&real).expect("target written");
    assert!(header_of(&written).starts_with("assessment_id,"));
    assert_eq!(
        cli_support::names_in(&real_dir),
        ["results.csv"],
        "no temporary file left beside the target"
    );
    assert_eq!(cli_support::mode(&real), 0o600);
}

#[test]
fn dash_writes_standard_output() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = demo(h, "20");
    let out = leverup(h)
        .current_dir(h)
        .args(["export", "csv", "--out", "-", "--db"])
        .arg(&db)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(header_of(&out.stdout).starts_with("assessment_id,"));
    assert!(!h.join("-").exists(), "no file called -");
}

/// Renames the first candidate with an assessment to `name`; returns the candidate's id.
fn rename_a_candidate(db: &Path, name: &str) -> String {
    let c = rusqlite::Connection::open(db).expect("open");
    let id: String = c
        .query_row(
            "SELECT candidate_id FROM assessments ORDER BY candidate_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an assessed candidate");
    c.execute("UPDATE candidates SET name = ?1 WHERE id = ?2", [name, &id])
        .expect("rename");
    id
}

fn names_by_candidate(bytes: &[u8]) -> HashMap<String, String> {
    let mut rd = csv::Reader::from_reader(bytes);
    rd.deserialize::<HashMap<String, String>>()
        .map(|r| r.expect("row"))
        .map(|r| (r["candidate_id"].clone(), r["candidate_name"].clone()))
        .collect()
}

#[test]
fn formula_names_are_neutralised_and_raw_keeps_them() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = demo(h, "20");
    let evil = "=HYPERLINK(\"http://evil.example\",\"click\")";
    let id = rename_a_candidate(&db, evil);
    let run = |extra: &[&str]| {
        let out = leverup(h)
            .args(["export", "csv", "--out", "-", "--db"])
            .arg(&db)
            .args(extra)
            .output()
            .expect("run");
        assert!(out.status.success());
        names_by_candidate(&out.stdout)
    };
    assert_eq!(run(&[])[&id], format!("'{evil}"));
    assert_eq!(run(&["--raw"])[&id], evil);
    assert_eq!(run(&["--wide"])[&id], format!("'{evil}"));
}

#[cfg(unix)]
#[test]
fn exports_certificates_and_the_key_folder_are_private() {
    use cli_support::mode;
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    // Certified: demo records never are, so the demo's centre stands in for a real one.
    let db = cli_support::certifiable(h, "80");
    let csv = h.join("results.csv");
    let codebook = h.join("codebook.json");
    leverup(h)
        .args(["export", "csv", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&csv)
        .arg("--codebook")
        .arg(&codebook)
        .assert()
        .success();
    assert_eq!(mode(&csv), 0o600);
    assert_eq!(mode(&codebook), 0o600);

    // The default key location: the data folder `signing-key init` creates.
    leverup(h).args(["signing-key", "init"]).assert().success();
    assert_eq!(mode(&h.join("data/leverup")), 0o700);

    let out = h.join("badges");
    leverup(h)
        .args(["export", "badges", "--db"])
        .arg(&db)
        .args(["--issuer-url", "https://c.example.org"])
        .args(["--issuer-email", "c@c.example.org", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(mode(&out), 0o700);
    let certs: Vec<_> = std::fs::read_dir(&out).expect("out").flatten().collect();
    assert!(!certs.is_empty(), "the demo has certificates");
    for cert in certs {
        assert_eq!(mode(&cert.path()), 0o700, "{}", cert.path().display());
        let files: Vec<_> = std::fs::read_dir(cert.path())
            .expect("cert")
            .flatten()
            .collect();
        assert!(files.iter().any(|f| f.file_name() == "certificate.html"));
        for f in files {
            assert_eq!(mode(&f.path()), 0o600, "{}", f.path().display());
        }
    }
}
