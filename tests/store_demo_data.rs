//! The demo marker as the database enforces it (migration 4): a centre never changes
//! between demo and real, only demo records can be listed for removal, and outside a removal
//! a finalised demo assessment, its certificate and its audit rows stay as protected as
//! real ones. Raw SQL, past the store's API, to show the database itself holds.

use chrono::{TimeZone, Utc};
use leverup::store::{NewCandidate, Store};
use leverup::ui::testing::fixture_model;
use rusqlite::Connection;

/// A file database with a demo (seed 5) and one real centre with a candidate.
fn mixed() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let mut s = Store::open(&path).unwrap();
    leverup::demo::generate(&mut s, &fixture_model(), 30, 5, now).unwrap();
    let real = s.create_centre("Centro Reale", "test", now).unwrap();
    let candidate = s
        .create_candidate(
            &NewCandidate {
                name: "Real Candidate".into(),
                email: None,
                centre_id: real.clone(),
                tutor_id: None,
            },
            "test",
            now,
        )
        .unwrap();
    assert!(s.holds_real_data().unwrap() && s.holds_demo_data().unwrap());
    (dir, path, candidate)
}

fn one(conn: &Connection, sql: &str) -> String {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_centre_never_changes_sides_and_a_candidate_never_moves_across() {
    let (_dir, path, candidate) = mixed();
    let conn = Connection::open(&path).unwrap();
    assert!(
        conn.execute("UPDATE centres SET demo = 1 WHERE demo = 0", [])
            .is_err()
    );
    assert!(
        conn.execute("UPDATE centres SET demo = 0 WHERE demo = 1", [])
            .is_err()
    );
    let demo_centre = one(&conn, "SELECT id FROM centres WHERE demo = 1");
    assert!(
        conn.execute(
            "UPDATE candidates SET centre_id = ?1 WHERE id = ?2",
            [&demo_centre, &candidate],
        )
        .is_err()
    );
}

#[test]
fn only_demo_records_can_be_listed_for_removal() {
    let (_dir, path, candidate) = mixed();
    let conn = Connection::open(&path).unwrap();
    let real_centre = one(&conn, "SELECT id FROM centres WHERE demo = 0");
    for id in [&real_centre, &candidate] {
        let e = conn
            .execute("INSERT INTO demo_removal (id) VALUES (?1)", [id])
            .unwrap_err();
        assert!(e.to_string().contains("only demo records"), "{e}");
    }
}

#[test]
fn outside_a_removal_demo_records_are_as_protected_as_real_ones() {
    let (_dir, path, _) = mixed();
    let conn = Connection::open(&path).unwrap();
    let finalised = one(
        &conn,
        "SELECT id FROM assessments WHERE finalised_at IS NOT NULL LIMIT 1",
    );
    assert!(
        conn.execute("DELETE FROM assessments WHERE id = ?1", [&finalised])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM certificates", []).is_err());
    assert!(
        conn.execute("DELETE FROM audit_log WHERE entity_id = ?1", [&finalised])
            .is_err()
    );
}

#[test]
fn removal_takes_the_demo_and_its_remembered_places_and_leaves_the_real_centre() {
    let (_dir, path, candidate) = mixed();
    let mut s = Store::open(&path).unwrap();
    let demo_person = {
        let conn = Connection::open(&path).unwrap();
        one(&conn, "SELECT person_id FROM person_roles LIMIT 1")
    };
    s.set_state("ui.session", &format!("{{\"assessor\":\"{demo_person}\"}}"))
        .unwrap();
    s.set_state(&format!("ui.resume.{demo_person}"), "{}")
        .unwrap();
    s.set_state("issuer.url", "https://centre.example.org")
        .unwrap();
    let removed = s.remove_demo("admin", chrono::Utc::now()).unwrap();
    assert_eq!(s.get_state("ui.session").unwrap(), None);
    assert_eq!(
        s.get_state(&format!("ui.resume.{demo_person}")).unwrap(),
        None
    );
    assert!(s.get_state("issuer.url").unwrap().is_some());
    assert!(s.get_person(&demo_person).is_err());
    assert_eq!(removed.candidates, 30);
    assert!(removed.assessments > 0 && removed.audit_rows > 0);
    assert!(!s.holds_demo_data().unwrap());
    assert_eq!(s.get_candidate(&candidate).unwrap().name, "Real Candidate");
    assert_eq!(
        s.audit_for(&candidate).unwrap().len(),
        1,
        "real audit row kept"
    );
}

#[test]
fn a_removal_that_fails_midway_takes_nothing_out() {
    let (_dir, path, _) = mixed();
    let conn = Connection::open(&path).unwrap();
    // The last step (the demo centre itself) is refused.
    conn.execute_batch(
        "CREATE TRIGGER test_refuse BEFORE DELETE ON centres
         BEGIN SELECT RAISE(ABORT, 'test refuses'); END;",
    )
    .unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let sql = "SELECT (SELECT count(*) FROM candidates) + (SELECT count(*) FROM assessments)
                    + (SELECT count(*) FROM certificates) + (SELECT count(*) FROM audit_log)
                    + (SELECT count(*) FROM people)";
    let before = count(sql);
    let mut s = Store::open(&path).unwrap();
    assert!(s.remove_demo("admin", chrono::Utc::now()).is_err());
    assert_eq!(count(sql), before);
    assert_eq!(count("SELECT count(*) FROM demo_removal"), 0);
    assert!(s.holds_demo_data().unwrap());
}
