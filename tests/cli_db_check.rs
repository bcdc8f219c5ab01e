//! `leverup db check` on a demo database, run as the real binary: clean, then changed
//! behind leverup's back with raw SQL (triggers dropped first, as an intruder would), and
//! each change is named.

mod cli_support;

use std::path::Path;

use cli_support::{demo, leverup};
use predicates::prelude::*;
use rusqlite::Connection;

/// Runs `db check` and returns (exit code, stdout).
fn check(home: &Path, db: &Path) -> (i32, String) {
    let out = leverup(home)
        .args(["db", "check", "--db"])
        .arg(db)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// A finalised assessment of the demo, and its assessor's id.
fn a_finalised(conn: &Connection) -> (String, String) {
    conn.query_row(
        "SELECT id, assessor_id FROM assessments WHERE finalised_at IS NOT NULL
         ORDER BY finalised_at LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn a_demo_database_checks_clean() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path(), "40");
    let (code, out) = check(home.path(), &db);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("all well"), "{out}");
    assert!(out.contains("audit chain"), "{out}");
    assert!(!out.contains("PROBLEM"), "{out}");
    // Something to check: the demo has sign-offs and an audit trail.
    let conn = Connection::open(&db).unwrap();
    let _ = a_finalised(&conn);
}

#[test]
fn a_dropped_trigger_and_an_edited_finalised_score_are_both_reported() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path(), "40");
    let conn = Connection::open(&db).unwrap();
    let (aid, _) = a_finalised(&conn);
    conn.execute_batch("DROP TRIGGER scores_finalised_update;")
        .unwrap();
    // On the stored rows (a view's UPDATE reports no row count): outcome codes of `codes`.
    let changed = conn
        .execute(
            "UPDATE scores_rows SET outcome_level = CASE outcome_level
                 WHEN (SELECT code FROM codes WHERE name = 'expert')
                 THEN (SELECT code FROM codes WHERE name = 'basic')
                 ELSE (SELECT code FROM codes WHERE name = 'expert') END
             WHERE assessment = (SELECT key FROM assessment_keys WHERE id = ?1)",
            [&aid],
        )
        .unwrap();
    assert!(changed > 0, "the finalised assessment has scores");
    drop(conn);

    let (code, out) = check(home.path(), &db);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("trigger scores_finalised_update is missing"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains(&aid) && l.contains("changed after sign-off (scores)")),
        "{out}"
    );
    assert!(out.contains("ok       audit chain"), "{out}");
}

#[test]
fn a_deleted_audit_row_is_reported_with_its_place() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path(), "20");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE seq = 3;",
    )
    .unwrap();
    drop(conn);
    let (code, out) = check(home.path(), &db);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the row at chain position 3 was deleted"),
        "{out}"
    );
    assert!(
        out.contains("trigger audit_log_no_delete is missing"),
        "{out}"
    );
}

#[test]
fn the_newest_audit_row_deleted_is_reported_too() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path(), "20");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_rows
         BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    )
    .unwrap();
    drop(conn);
    let (code, out) = check(home.path(), &db);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the newest row was deleted"), "{out}");
    assert!(out.contains("ok       integrity triggers"), "{out}");
}

#[test]
fn edited_and_inserted_audit_rows_are_reported() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path(), "20");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET actor = 'nobody' WHERE seq = 2;",
    )
    .unwrap();
    drop(conn);
    let (code, out) = check(home.path(), &db);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("by nobody") && l.contains("content changed")),
        "{out}"
    );

    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path(), "20");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_chained_insert;
         INSERT INTO audit_log (id, at, actor, entity, entity_id, action)
         VALUES ('forged', '2020-01-01T00:00:00.000Z', 'demo', 'candidate', 'x', 'create');",
    )
    .unwrap();
    drop(conn);
    let (code, out) = check(home.path(), &db);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("audit row forged") && l.contains("inserted")),
        "{out}"
    );
}

#[test]
fn renaming_the_assessor_after_sign_off_is_reported() {
    let home = tempfile::tempdir().unwrap();
    let db = demo(home.path(), "40");
    let conn = Connection::open(&db).unwrap();
    let (aid, assessor) = a_finalised(&conn);
    conn.execute(
        "UPDATE people SET name = 'Someone Else' WHERE id = ?1",
        [&assessor],
    )
    .unwrap();
    drop(conn);
    let (code, out) = check(home.path(), &db);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains(&aid) && l.contains("changed after sign-off (names)")),
        "{out}"
    );
}

#[test]
fn a_missing_database_is_refused_not_created() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("nothing.db");
    leverup(home.path())
        .args(["db", "check", "--db"])
        .arg(&db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no database file here"));
    assert!(!db.exists());
}
