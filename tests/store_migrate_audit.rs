//! Issue 10, a leaner database: a file of the schema before migration 14 (version 12: the
//! shipped `tests/fixtures/schema11-demo12.db` brought forward by migration 13's own SQL) migrates forward to the compact audit log with every value kept, read
//! back the same through the store, `db check` clean (the chain and the seal signatures
//! verify), the append-only and erasure rules holding, and tampering still found.

mod migrate_support;

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use leverup::store::Store;
use migrate_support::*;
use rusqlite::Connection;

const AUDIT_COLUMNS: &str = "id, at, actor, entity, entity_id, action, old, new, reason, \
                             seq, payload_hash, content_digest, hash, erased";

/// The fixture at schema version 12: migration 13 (SQL only, no Rust step) applied to it.
fn schema12_file(dir: &Path, name: &str) -> PathBuf {
    let to = fixture_copy(dir, "schema11-demo12.db", name);
    let mut conn = Connection::open(&to).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 11);
    let tx = conn.transaction().unwrap();
    tx.execute_batch(include_str!(
        "../src/store/migrations/0013_compact_rows.sql"
    ))
    .unwrap();
    tx.pragma_update(None, "user_version", 12).unwrap();
    tx.commit().unwrap();
    to
}

/// Every value of the audit log and its head, as text, in chain order.
fn audit_contents(conn: &Connection) -> Vec<String> {
    let sql = format!(
        "SELECT quote({}) FROM audit_log ORDER BY seq",
        AUDIT_COLUMNS.replace(", ", ") || ',' || quote(")
    );
    let mut rows: Vec<String> = conn
        .prepare(&sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(rows.len() > 10, "the fixture has an audit log");
    rows.push(
        conn.query_row(
            "SELECT seq || ' ' || hash FROM audit_head WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap(),
    );
    rows
}

/// What the store reads of every record's audit trail and every candidate's data.
fn store_reads(store: &Store, entities: &[String], candidates: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for e in entities {
        out.push(format!("{:?}", store.audit_for(e).unwrap()));
    }
    for c in candidates {
        out.push(format!("{:?}", store.candidate_data(c).unwrap()));
    }
    out
}

#[test]
fn a_schema_12_file_migrates_to_the_compact_audit_log_and_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = schema12_file(dir.path(), "old.db");
    let (before, entities, candidates) = {
        let conn = Connection::open(&path).unwrap();
        (
            audit_contents(&conn),
            ids(&conn, "SELECT DISTINCT entity_id FROM audit_log ORDER BY 1"),
            ids(&conn, "SELECT id FROM candidates ORDER BY id"),
        )
    };
    // The same file, read by this store over its old table.
    let reference = read_as_current(&schema12_file(dir.path(), "reference.db"));
    let expected = store_reads(&reference, &entities, &candidates);

    let store = migrated_clean(&path);
    assert_eq!(
        store_reads(&store, &entities, &candidates),
        expected,
        "the store reads every audit row as before"
    );
    drop(store);

    let conn = Connection::open(&path).unwrap();
    assert_eq!(audit_contents(&conn), before, "every value kept");
    // Stored compactly: ids and hashes as bytes, times as integers.
    let kinds = ids(
        &conn,
        "SELECT DISTINCT typeof(id) || ' ' || typeof(at) || ' ' || typeof(payload_hash)
                         || ' ' || typeof(hash)
         FROM audit_rows ORDER BY 1",
    );
    assert_eq!(kinds, ["blob integer blob blob"]);
    let digests = ids(
        &conn,
        "SELECT DISTINCT typeof(content_digest) FROM audit_rows ORDER BY 1",
    );
    assert_eq!(digests, ["blob", "null"]);
    let ids_kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'audit_rows' AND type = 'index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        ids_kept, 1,
        "only the index by entity, no index on id or seq"
    );

    // Append-only, through the view and on the stored rows.
    for sql in [
        "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2",
        "UPDATE audit_log SET old = NULL, new = NULL, reason = NULL, erased = 1 WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 2",
        "UPDATE audit_rows SET at = at + 1 WHERE seq = 2",
        "DELETE FROM audit_rows",
    ] {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let err = conn
        .execute(
            "INSERT INTO audit_log (id, at, actor, entity, entity_id, action)
             VALUES ('x', '2026-01-01T00:00:00.000Z', 'me', 'candidate', 'c', 'create')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("hash chain"), "{err}");
}

#[test]
fn tampering_with_a_migrated_audit_log_is_found() {
    for (name, sql, found) in [
        (
            "changed",
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET actor = 'nobody' WHERE seq = 2;",
            "audit row",
        ),
        (
            "changed hash bytes",
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_rows SET hash = zeroblob(32) WHERE seq = 3;",
            "audit row",
        ),
        (
            "deleted",
            "DROP TRIGGER audit_log_no_delete;
             DELETE FROM audit_log WHERE seq = 3;",
            "deleted",
        ),
        (
            "inserted",
            "DROP TRIGGER audit_log_chained_insert;
             INSERT INTO audit_log (id, at, actor, entity, entity_id, action)
             VALUES ('forged', '2020-01-01T00:00:00.000Z', 'demo', 'candidate', 'x', 'create');",
            "inserted",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = schema12_file(dir.path(), "old.db");
        drop(Store::open(&path).unwrap());
        Connection::open(&path).unwrap().execute_batch(sql).unwrap();
        let report = Store::open(&path).unwrap().check().unwrap();
        let all = problems(&report);
        assert!(
            all.iter()
                .any(|p| p.starts_with("audit chain") && p.contains(found)),
            "{name}: {all:?}"
        );
    }
}

#[test]
fn erasure_on_a_migrated_file_blanks_the_payload_and_the_chain_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = schema12_file(dir.path(), "old.db");
    let mut store = Store::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2027, 1, 1, 9, 0, 0).unwrap();
    let cert = store.list_certificates().unwrap().remove(0);
    store
        .revoke_certificate(&cert.id, "the candidate asked to be erased", "admin", now)
        .unwrap();
    store
        .erase_candidate(&cert.candidate_id, Some("art. 17 request"), "admin", now)
        .unwrap();
    let report = store.check().unwrap();
    assert!(report.is_clean(), "{:?}", problems(&report));
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let blanked: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity_id = ?1 AND erased = 1
               AND old IS NULL AND new IS NULL AND reason IS NULL",
            [&cert.candidate_id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(blanked >= 1);
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity_id = ?1 AND erased = 0
               AND NOT (entity = 'candidate' AND action = 'erase')",
            [&cert.candidate_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "every row about the candidate blanked");
    // The erasure's own row counts the rows it blanked (through the view, which SQLite
    // does not count as changes).
    let (recorded, blanked_all): (i64, i64) = conn
        .query_row(
            "SELECT json_extract(e.new, '$.audit_rows_erased'),
                    (SELECT count(*) FROM audit_log l WHERE l.erased = 1 AND l.entity_id IN
                        (SELECT j.value FROM json_each(e.new, '$.erased_ids') j))
             FROM audit_log e
             WHERE e.entity = 'candidate' AND e.action = 'erase' AND e.entity_id = ?1",
            [&cert.candidate_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(recorded >= blanked, "{recorded} {blanked}");
    assert_eq!(recorded, blanked_all);
}
