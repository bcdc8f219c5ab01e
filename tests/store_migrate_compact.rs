//! Issue 10, a leaner database: a file of the schema before migration 13
//! (`tests/fixtures/schema11-demo12.db`, `leverup demo --candidates 12` as it shipped, with
//! signed-off, in-progress and dossier records) migrates forward to the compact rows with
//! every value kept, read back the same through the store, `db check` clean (the audit
//! chain and the seals on signed-off assessments verify), the finalised-assessment
//! triggers holding on the new tables, and erasure leaving nothing behind.
//!
//! "Read the same through the store" is compared against the store itself: a second copy
//! of the file is only relabelled to the current version (its tables left as they were) and
//! opened read-only, so the store's own queries read the old tables there and the views here.

mod migrate_support;

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use leverup::store::Store;
use migrate_support::*;
use rusqlite::Connection;

/// The evidence tables migration 13 stores compactly besides `ASSESSMENT_ROWS`.
const EVIDENCE_ROWS: &[(&str, &str, &str)] = &[
    (
        "evidence_register",
        "candidate_id, number, title, kind, dated, description, file_path, file_size, file_sha256, witness, added_at",
        "candidate_id, number",
    ),
    (
        "evidence_competences",
        "candidate_id, number, competence_id",
        "candidate_id, number, competence_id",
    ),
];

/// Timestamps that are not in the store's own form (no milliseconds, an offset instead
/// of `Z`): they must come back as written, not reformatted.
const ODD_TIMES: &[&str] = &["2026-03-01T10:00:00Z", "2026-03-01T11:00:00.000+00:00"];

/// The fixture plus rows written by hand with odd timestamps, in an open assessment.
fn old_file(dir: &Path, name: &str) -> PathBuf {
    let path = fixture_copy(dir, "schema11-demo12.db", name);
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 11, "the fixture is the schema before migration 13");
    let open: String = conn
        .query_row(
            "SELECT id FROM assessments WHERE status = 'in_progress' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for (i, at) in ODD_TIMES.iter().enumerate() {
        conn.execute(
            "INSERT INTO interview_notes (assessment_id, competence_id, question_index, text,
                                          updated_at)
             SELECT ?1, competence_id, 90 + ?2, 'written by hand', ?3
             FROM portfolio_checks WHERE assessment_id = ?1 LIMIT 1",
            rusqlite::params![open, i as i64, at],
        )
        .unwrap();
    }
    path
}

/// Every value of every compacted table, as text, in key order.
fn contents(conn: &Connection) -> Vec<String> {
    let mut out = table_rows(conn, ASSESSMENT_ROWS);
    out.extend(table_rows(conn, EVIDENCE_ROWS));
    out
}

/// What the store reads of every candidate and assessment, as text.
fn store_reads(store: &Store, candidates: &[String], assessments: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for c in candidates {
        out.push(format!("{:?}", store.candidate_data(c).unwrap()));
        out.push(format!("{:?}", store.load_dossier(c).unwrap()));
        out.push(format!("{:?}", store.candidate_facts(c).unwrap()));
        out.push(format!("{:?}", store.self_assessments(c).unwrap()));
        out.push(format!("{:?}", store.claimed_competences(c).unwrap()));
        out.push(format!("{:?}", store.list_evidence(c).unwrap()));
    }
    for a in assessments {
        out.push(format!("{:?}", store.load_assessment(a).unwrap()));
    }
    out
}

#[test]
fn a_schema_11_file_migrates_to_compact_rows_and_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = old_file(dir.path(), "old.db");
    let (before, candidates, assessments) = {
        let conn = Connection::open(&path).unwrap();
        (
            contents(&conn),
            ids(&conn, "SELECT id FROM candidates ORDER BY id"),
            ids(&conn, "SELECT id FROM assessments ORDER BY id"),
        )
    };
    // The same file, read by this store over its old tables.
    let reference = read_as_current(&old_file(dir.path(), "reference.db"));
    let expected = store_reads(&reference, &candidates, &assessments);

    let store = migrated_clean(&path);
    assert_eq!(
        store_reads(&store, &candidates, &assessments),
        expected,
        "the store reads every record as before"
    );
    drop(store);

    let conn = Connection::open(&path).unwrap();
    assert_eq!(
        contents(&conn),
        before,
        "every value kept, in the same rows"
    );
    // Stored compactly: the store's timestamps as integers, the odd ones as written.
    let kinds = ids(
        &conn,
        "SELECT DISTINCT typeof(updated_at) FROM interview_notes_rows ORDER BY 1",
    );
    assert_eq!(kinds, ["integer", "text"]);
    for at in ODD_TIMES {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM interview_notes_rows WHERE updated_at = ?1",
                [at],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "{at} kept as written");
    }

    // The finalised work is still frozen by the database itself, through the views and
    // on the stored rows.
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
        "DELETE FROM scores_rows
         WHERE assessment = (SELECT key FROM assessment_keys WHERE id = ?1)",
    ] {
        let err = conn.execute(sql, [&finalised]).expect_err(sql);
        assert!(
            err.to_string().contains("assessment is finalised"),
            "{sql}: {err}"
        );
    }
}

#[test]
fn erasure_on_a_migrated_file_leaves_no_rows_and_no_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path(), "schema11-demo12.db", "old.db");
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
    let report = store.check().unwrap();
    assert!(report.is_clean(), "{:?}", problems(&report));
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let count = |sql: &str| -> i64 {
        conn.query_row(sql, [&cert.candidate_id], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        count("SELECT count(*) FROM candidate_keys WHERE id = ?1"),
        0,
        "the candidate's key went with them"
    );
    // Every stored row belongs to a key that still names a record.
    for (table, _, key) in ASSESSMENT_ROWS.iter().chain(EVIDENCE_ROWS) {
        let (parent, keys) = if key.starts_with("assessment_id") {
            ("assessment", "assessment_keys")
        } else {
            ("candidate", "candidate_keys")
        };
        let orphans: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table}_rows
                     WHERE {parent} NOT IN (SELECT key FROM {keys})"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0, "{table}: no row of an erased record");
    }
    for (keys, parent) in [
        ("assessment_keys", "assessments"),
        ("candidate_keys", "candidates"),
    ] {
        let stale: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {keys} WHERE id NOT IN (SELECT id FROM {parent})"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stale, 0, "{keys}: no key of an erased record");
    }
}
