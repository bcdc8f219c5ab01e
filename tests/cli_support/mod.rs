//! The real binary in a private home (its own XDG directories, no inherited database or
//! keymap), and a demo database to run it on; shared by the CLI fault tests.
// Each test file uses its own subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn leverup(home: &Path) -> Command {
    let mut c = Command::cargo_bin("leverup").expect("binary");
    c.env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .env_remove("LEVERUP_DB")
        .env_remove("LEVERUP_KEYMAP");
    c
}

/// A demo database with `candidates` candidates at `home/demo.db`.
pub fn demo(home: &Path, candidates: &str) -> PathBuf {
    let db = home.join("demo.db");
    leverup(home)
        .args(["demo", "--candidates", candidates, "--db"])
        .arg(&db)
        .assert()
        .success();
    db
}

/// The files in `dir`, sorted, names only.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Turns the demo's centres at `db` into real ones, which leverup itself never does (the
/// database refuses it): tests of certification need finalised assessments at scale, only
/// the demo generator makes them, and demo records are never certified.
pub fn as_real(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let trigger: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'centres_demo_fixed'",
            [],
            |r| r.get(0),
        )
        .expect("the demo marker's trigger");
    conn.execute_batch(&format!(
        "DROP TRIGGER centres_demo_fixed; UPDATE centres SET demo = 0; {trigger};"
    ))
    .expect("mark real");
}

/// A database made by the demo generator but marked real (see [`as_real`]).
pub fn certifiable(home: &Path, candidates: &str) -> PathBuf {
    let db = demo(home, candidates);
    as_real(&db);
    db
}
