//! The register's side of checkable credentials (migration 0008): certificates issued
//! before it get random, distinct status-list positions; revoked and erased certificates
//! stay revoked in the list; the keys the centre signed with stay in the register.

use chrono::{DateTime, Utc};
use leverup::store::{STATUS_LIST_BITS, Store};
use rusqlite::Connection;

fn at() -> DateTime<Utc> {
    "2026-03-02T10:00:00Z".parse().unwrap()
}

/// A database at schema version 6 (before status lists) with two certificates of one
/// candidate, the older one revoked.
fn version_6(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    for sql in [
        include_str!("../src/store/migrations/0001_initial.sql"),
        include_str!("../src/store/migrations/0002_integrity_triggers.sql"),
        include_str!("../src/store/migrations/0003_revision.sql"),
        include_str!("../src/store/migrations/0004_demo_marker.sql"),
        include_str!("../src/store/migrations/0005_audit_chain.sql"),
        include_str!("../src/store/migrations/0006_erasure.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 6).unwrap();
    let at = "2026-03-01T10:00:00.000Z";
    conn.execute_batch(&format!(
        "INSERT INTO centres (id, name, created_at) VALUES ('k', 'CSV Milano', '{at}');
         INSERT INTO people (id, name, created_at) VALUES ('p', 'Hendrik van Dijk', '{at}');
         INSERT INTO candidates (id, name, centre_id, state, created_at, last_activity_at)
             VALUES ('c', 'Giulia Rossi', 'k', 'certification', '{at}', '{at}');
         INSERT INTO assessments (id, candidate_id, assessor_id, model_id, model_version,
                                  started_at)
             VALUES ('a', 'c', 'p', 'lever-up', 'test-1', '{at}');
         INSERT INTO decisions (id, assessment_id, competence_id, decision, updated_at)
             VALUES ('d', 'a', 'c01', 'validated', '{at}');
         UPDATE assessments SET finalised_at = '{at}', status = 'finalised' WHERE id = 'a';
         INSERT INTO certificates (id, assessment_id, issued_at) VALUES ('old', 'a', '{at}');
         UPDATE certificates SET revoked_at = '{at}', revoke_reason = 'wrong date'
             WHERE id = 'old';
         INSERT INTO certificates (id, assessment_id, issued_at) VALUES ('new', 'a', '{at}');"
    ))
    .unwrap();
}

#[test]
fn older_certificates_get_distinct_positions_and_revoked_ones_stay_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    version_6(&path);
    let mut store = Store::open(&path).unwrap();
    // The fixture has no sign-off row; the triggers the migration replaced are all there.
    let report = store.check().unwrap();
    let triggers = report.parts.iter().find(|p| p.name == "integrity triggers");
    assert!(
        triggers.is_some_and(|p| p.problems.is_empty()),
        "{report:?}"
    );
    let old = store.status_position("old").unwrap().expect("placed");
    let new = store.status_position("new").unwrap().expect("placed");
    assert_ne!(old, new);
    assert!(old < STATUS_LIST_BITS && new < STATUS_LIST_BITS);
    assert_eq!(store.revoked_status_positions().unwrap(), vec![old]);
    // Revoke the live one and erase the candidate: both positions stay revoked.
    store
        .revoke_certificate("new", "erasure requested", "admin", at())
        .unwrap();
    store
        .erase_candidate("c", Some("requested"), "admin", at())
        .unwrap();
    let mut expected = vec![old, new];
    expected.sort();
    assert_eq!(store.revoked_status_positions().unwrap(), expected);
}

#[test]
fn signing_keys_are_registered_once_and_never_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let mut store = Store::open(&path).unwrap();
    for _ in 0..2 {
        store
            .register_signing_key("thumb", "ES256", "{\"kty\":\"EC\"}", "admin", at())
            .unwrap();
    }
    let keys = store.signing_keys().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].alg, "ES256");
    assert_eq!(store.audit_for("thumb").unwrap().len(), 1);
    let conn = Connection::open(&path).unwrap();
    assert!(conn.execute("DELETE FROM signing_keys", []).is_err());
    assert!(
        conn.execute("UPDATE signing_keys SET alg = 'RS256'", [])
            .is_err()
    );
    assert!(
        store
            .register_signing_key("x", "HS256", "{}", "admin", at())
            .is_err()
    );
}
