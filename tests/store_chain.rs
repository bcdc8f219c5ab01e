//! The audit hash chain and the sign-off seal through the store API: a sign-off made by
//! `Store::commit` checks clean and is caught when changed; a database from before the
//! chain has its rows chained by the migration; the expected triggers are all there.

mod store_fixture;

use leverup::domain::command::Command;
use leverup::store::{CheckReport, Store};
use store_fixture::*;

fn problems(r: &CheckReport) -> Vec<String> {
    r.parts
        .iter()
        .flat_map(|p| p.problems.iter().map(move |x| format!("{}: {x}", p.name)))
        .collect()
}

#[test]
fn a_sign_off_checks_clean_and_a_claim_added_later_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let mut st = start(&mut w, &["c01"]);
    apply_all(&mut w.store, &mut st, ready_to_sign("c01"));
    apply_and_commit(&mut w.store, &mut st, Command::Finalise);
    assert!(st.finalised);
    let report = w.store.check().unwrap();
    assert!(report.is_clean(), "{:?}", problems(&report));

    // Work after the sign-off goes on being chained.
    w.store
        .create_person("Ana Silva", None, "admin", later())
        .unwrap();
    assert!(w.store.check().unwrap().is_clean());

    // A claimed competence slipped in afterwards adds a row to the exports.
    raw(&path)
        .execute(
            "INSERT INTO claimed_competences (candidate_id, competence_id, claimed_at)
             VALUES (?1, 'c08', '2026-03-03T00:00:00.000Z')",
            [&w.candidate],
        )
        .unwrap();
    let report = w.store.check().unwrap();
    let found = problems(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(&st.id), "{found:?}");
    assert!(
        found[0].contains("changed after sign-off (claimed competences)"),
        "{found:?}"
    );
}

#[test]
fn a_database_from_before_the_chain_is_chained_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    {
        let conn = raw(&path);
        for sql in [
            include_str!("../src/store/migrations/0001_initial.sql"),
            include_str!("../src/store/migrations/0002_integrity_triggers.sql"),
            include_str!("../src/store/migrations/0003_revision.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        let at = "2026-03-01T10:00:00.000Z";
        conn.execute_batch(&format!(
            "INSERT INTO centres (id, name, created_at) VALUES ('k', 'CSV Milano', '{at}');
             INSERT INTO people (id, name, created_at) VALUES ('p', 'Hendrik van Dijk', '{at}');
             INSERT INTO candidates (id, name, centre_id, state, created_at, last_activity_at)
                 VALUES ('c', 'Giulia Rossi', 'k', 'assessment', '{at}', '{at}');
             INSERT INTO assessments (id, candidate_id, assessor_id, model_id, model_version,
                                      started_at)
                 VALUES ('old', 'c', 'p', 'lever-up', 'test-1', '{at}');
             INSERT INTO decisions (id, assessment_id, competence_id, decision, updated_at)
                 VALUES ('d', 'old', 'c01', 'validated', '{at}');
             UPDATE assessments SET finalised_at = '{at}', status = 'finalised'
                 WHERE id = 'old';
             INSERT INTO audit_log (id, at, actor, entity, entity_id, action, new)
                 VALUES ('a1', '{at}', 'admin', 'candidate', 'c', 'create', '{{}}'),
                        ('a2', '{at}', 'p', 'assessment', 'old', 'start', NULL),
                        ('a3', '{at}', 'p', 'assessment', 'old', 'finalise',
                         '{{\"status\":\"finalised\"}}');"
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_clean(), "{:?}", problems(&report));
    let seqs: Vec<(String, i64)> = raw(&path)
        .prepare("SELECT id, seq FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let expected: Vec<(String, i64)> = vec![("a1".into(), 1), ("a2".into(), 2), ("a3".into(), 3)];
    assert_eq!(seqs, expected);
    store
        .create_person("Ana Silva", None, "admin", later())
        .unwrap();
    assert!(store.check().unwrap().is_clean());
    drop(store);

    // The legacy sign-off was sealed by the migration: a changed decision is caught.
    raw(&path)
        .execute_batch(
            "DROP TRIGGER decisions_finalised_update;
             UPDATE decisions SET decision = 'not_validated'
                 WHERE assessment_id = 'old' AND competence_id = 'c01';",
        )
        .unwrap();
    let report = Store::open(&path).unwrap().check().unwrap();
    let found = problems(&report);
    assert!(
        found
            .iter()
            .any(|p| p.contains("assessment old") && p.contains("changed after sign-off")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("decisions_finalised_update is missing")),
        "{found:?}"
    );
}

#[test]
fn the_schema_refuses_an_audit_row_without_its_link() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let _w = world_at(&path);
    let err = raw(&path)
        .execute(
            "INSERT INTO audit_log (id, at, actor, entity, entity_id, action)
             VALUES ('x', '2026-01-01T00:00:00.000Z', 'me', 'candidate', 'c', 'create')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("hash chain"), "{err}");
    let err = raw(&path)
        .execute("UPDATE audit_head SET seq = seq + 5", [])
        .unwrap_err();
    assert!(err.to_string().contains("only moves forward"), "{err}");
}
