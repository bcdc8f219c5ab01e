//! Issue 8, "when things go wrong", for the database path: the commands that read a
//! database refuse a missing file (exit 2, the path named, nothing created); a damaged file
//! is named with what to do; a refused file gains no `-wal`/`-shm` siblings; messages count
//! in the right number and say an I/O failure once.

mod cli_support;

use std::path::Path;

use cli_support::{demo, leverup, names_in};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// Every command that reads a database, as arguments before `--db PATH`.
const READERS: &[&[&str]] = &[
    &["export", "csv", "--out", "-"],
    &[
        "export",
        "badges",
        "--out",
        "badges",
        "--issuer-url",
        "https://c.example.org",
        "--issuer-email",
        "c@c.example.org",
    ],
    &["certificates", "list"],
    &["certificates", "revoke", "some-id", "--reason", "mistake"],
];

#[test]
fn every_reading_command_refuses_a_missing_database_and_creates_nothing() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let missing = h.join("typo.db");
    for args in READERS {
        leverup(h)
            .current_dir(h)
            .args(*args)
            .arg("--db")
            .arg(&missing)
            .assert()
            .code(2)
            .stderr(contains(missing.display().to_string()).and(contains("Nothing was created")));
        assert!(!missing.exists(), "{args:?} created {}", missing.display());
    }
    assert!(!h.join("badges").exists(), "no output folder for nothing");
}

/// `--as` names someone in an existing database: a mistyped path is refused before any
/// terminal mode, and no empty database is left behind.
#[test]
fn as_a_person_on_a_missing_database_is_refused_and_creates_nothing() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let missing = h.join("typo.db");
    leverup(h)
        .current_dir(h)
        .args(["--as", "Anna Assessor", "--db"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(contains("typo.db"));
    assert!(!missing.exists());
    assert!(
        names_in(h).iter().all(|n| !n.contains("typo")),
        "{:?}",
        names_in(h)
    );
}

#[test]
fn verify_with_a_missing_register_is_refused_not_valid() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let missing = h.join("register.db");
    leverup(h)
        .args(["verify", "whatever.jwt", "--register"])
        .arg(&missing)
        .assert()
        .code(2)
        .stdout(contains("VALID").not())
        .stderr(contains(missing.display().to_string()));
    assert!(!missing.exists());
}

#[test]
fn without_db_the_default_database_must_exist_too() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    leverup(h)
        .args(["certificates", "list"])
        .assert()
        .code(2)
        .stderr(contains("leverup.db"));
    assert!(!h.join("data").exists(), "not even the data directory");
}

#[test]
fn demo_still_creates_a_new_database() {
    let home = tempfile::tempdir().expect("tmp");
    let db = demo(home.path(), "5");
    assert!(db.exists());
}

/// A WAL-mode SQLite file with the given application id and schema version.
fn sqlite_file(path: &Path, app_id: i64, version: i64) {
    let c = rusqlite::Connection::open(path).expect("create");
    c.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .expect("wal");
    c.pragma_update(None, "application_id", app_id).expect("id");
    c.pragma_update(None, "user_version", version)
        .expect("version");
    c.execute("CREATE TABLE t (x)", []).expect("table");
}

#[test]
fn a_refused_file_gains_no_wal_or_shm_siblings() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let dir = h.join("files");
    std::fs::create_dir(&dir).expect("dir");
    sqlite_file(&dir.join("newer.db"), 0x4C56_5550, 99);
    sqlite_file(&dir.join("foreign.db"), 0, 0);
    let before = std::fs::read(dir.join("newer.db")).expect("read");
    for (name, says) in [
        ("newer.db", "newer leverup"),
        ("foreign.db", "not a leverup database"),
    ] {
        leverup(h)
            .args(["export", "csv", "--db"])
            .arg(dir.join(name))
            .assert()
            .code(2)
            .stderr(contains(name).and(contains(says)));
    }
    assert_eq!(names_in(&dir), ["foreign.db", "newer.db"]);
    assert_eq!(std::fs::read(dir.join("newer.db")).expect("read"), before);
}

#[test]
fn a_damaged_database_is_named_with_what_to_do() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = demo(h, "40");
    let mut bytes = std::fs::read(&db).expect("read");
    // Pages 4 to 12 overwritten: the schema page survives, the data does not.
    let end = bytes.len().min(4096 * 12);
    bytes[4096 * 3..end].fill(0xff);
    std::fs::write(&db, &bytes).expect("damage");
    leverup(h)
        .args(["export", "csv", "--out", "-", "--db"])
        .arg(&db)
        .assert()
        .failure()
        .stderr(
            contains(db.display().to_string())
                .and(contains("damaged"))
                .and(contains("backup")),
        );
}

#[test]
fn io_failures_are_said_once_in_words() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let out = leverup(h)
        .args(["verify"])
        .arg(h.join("nowhere.jwt"))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nowhere.jwt"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(err.matches("no such file or directory").count(), 1, "{err}");

    let err = leverup(h)
        .args(["signing-key", "--key"])
        .arg(h.join("none.pem"))
        .arg("show")
        .output()
        .expect("run")
        .stderr;
    let err = String::from_utf8_lossy(&err);
    assert_eq!(err.matches("signing-key init").count(), 1, "{err}");
}

#[test]
fn one_problem_is_one_problem() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let keys = h.join("keys.toml");
    std::fs::write(&keys, "[candidates]\nopn = [\"o\"]\n").expect("keymap");
    leverup(h)
        .arg("keymap")
        .arg("--keymap")
        .arg(&keys)
        .assert()
        .code(2)
        .stderr(contains("1 problem in the key bindings"));
}
