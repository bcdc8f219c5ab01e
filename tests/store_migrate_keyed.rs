//! Issue 10, a leaner database: a file written by the version before migrations 9 and 10
//! (`tests/fixtures/schema6-demo12.db`, `leverup demo --candidates 12` at schema 6, as it
//! shipped) migrates forward with every value kept, `db check` clean (the audit chain and
//! the seals on signed-off assessments verify), the finalised-assessment triggers holding,
//! and erasure still working on the rebuilt tables.

mod migrate_support;

use chrono::{TimeZone, Utc};
use leverup::store::Store;
use migrate_support::*;
use rusqlite::Connection;

/// The evidence as its content, in the order it was added: rows of `evidence_items` in a
/// schema-6 file, items of the register (numbered in that order) after migration 12.
fn evidence(conn: &Connection) -> Vec<String> {
    let old = conn
        .prepare("SELECT 1 FROM sqlite_master WHERE name = 'evidence_items'")
        .unwrap()
        .exists([])
        .unwrap();
    let sql = if old {
        "SELECT quote(candidate_id) || quote(competence_id) || quote(title) || quote(kind)
                || quote(dated) || quote(description) || quote(added_at)
         FROM evidence_items ORDER BY candidate_id, added_at, id"
    } else {
        "SELECT quote(candidate_id) || quote(ec.competence_id) || quote(title) || quote(kind)
                || quote(dated) || quote(description) || quote(added_at)
         FROM evidence_register JOIN evidence_competences ec USING (candidate_id, number)
         ORDER BY candidate_id, number"
    };
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every kept value of every rebuilt table, as text, in key order.
fn contents(conn: &Connection) -> Vec<String> {
    let mut out = table_rows(conn, ASSESSMENT_ROWS);
    let items = evidence(conn);
    assert!(!items.is_empty(), "the fixture has evidence");
    out.extend(items);
    out
}

#[test]
fn a_schema_6_file_migrates_forward_whole_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path(), "schema6-demo12.db", "old.db");
    let before = {
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 6, "the fixture is the schema before this change");
        contents(&conn)
    };

    drop(migrated_clean(&path));

    let conn = Connection::open(&path).unwrap();
    assert_eq!(
        contents(&conn),
        before,
        "every value kept, in the same rows"
    );
    let leftovers: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_autoindex_%'
               AND tbl_name IN ('portfolio_checks', 'interview_notes', 'interview_time',
                   'indicator_ratings', 'scores', 'decisions', 'self_assessments',
                   'claimed_competences', 'evidence_items')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        leftovers,
        Vec::<String>::new(),
        "no second index on any rebuilt table"
    );

    // The finalised work is still frozen by the database itself.
    let finalised: String = conn
        .query_row(
            "SELECT id FROM assessments WHERE status = 'finalised' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for sql in [
        "UPDATE decisions SET decision = 'not_validated' WHERE assessment_id = ?1",
        "UPDATE indicator_ratings SET rating = 'expert' WHERE assessment_id = ?1",
        "DELETE FROM portfolio_checks WHERE assessment_id = ?1",
        "INSERT INTO interview_notes (assessment_id, competence_id, question_index, text,
         updated_at) VALUES (?1, 'x', 9, 'late', 'x')",
    ] {
        let err = conn.execute(sql, [&finalised]).expect_err(sql);
        assert!(
            err.to_string().contains("assessment is finalised"),
            "{sql}: {err}"
        );
    }
}

#[test]
fn erasure_works_on_a_migrated_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path(), "schema6-demo12.db", "old.db");
    let mut store = Store::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2027, 1, 1, 9, 0, 0).unwrap();
    let cert = store.list_certificates().unwrap().remove(0);
    store
        .revoke_certificate(&cert.id, "the candidate asked to be erased", "admin", now)
        .unwrap();
    let erased = store
        .erase_candidate(&cert.candidate_id, Some("art. 17 request"), "admin", now)
        .unwrap();
    assert!(erased.assessments >= 1);
    assert_eq!(erased.certificates, 1);
    let report = store.check().unwrap();
    assert!(report.is_clean(), "{:?}", problems(&report));
    drop(store);

    let conn = Connection::open(&path).unwrap();
    for (table, _, key) in ASSESSMENT_ROWS {
        let by = if key.starts_with("assessment_id") {
            "assessment_id IN (SELECT id FROM assessments WHERE candidate_id = ?1)"
        } else {
            "candidate_id = ?1"
        };
        let n: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE {by}"),
                [&cert.candidate_id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{table}: nothing left of the erased candidate");
    }
}
