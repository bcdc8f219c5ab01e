//! Issue 8, "when things go wrong", for the demo through the real binary: the demo goes only
//! into a new or demo database, `demo --remove` takes every demo record (the audit log keeps their history)
//! out and leaves real ones alone, and `export badges` never signs a demo record.

mod cli_support;

use std::path::Path;

use chrono::Utc;
use cli_support::{demo, leverup};
use leverup::store::{NewCandidate, Role, Store};

/// A real centre with one assessor and one candidate, written as the TUI would.
fn add_real_centre(db: &Path) {
    let mut s = Store::open(db).expect("open");
    let now = Utc::now();
    let centre = s
        .create_centre("Centro Reale", "test", now)
        .expect("centre");
    let person = s
        .create_person("Rita Reale", None, "test", now)
        .expect("person");
    s.add_role(&person, &centre, Role::Assessor, &person, now)
        .expect("role");
    s.create_candidate(
        &NewCandidate {
            name: "Real Candidate".into(),
            email: None,
            centre_id: centre,
            tutor_id: None,
        },
        &person,
        now,
    )
    .expect("candidate");
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

fn counts(db: &Path) -> Vec<i64> {
    [
        "centres",
        "people",
        "person_roles",
        "candidates",
        "assessments",
        "certificates",
        "audit_log",
    ]
    .iter()
    .map(|t| count(db, &format!("SELECT count(*) FROM {t}")))
    .collect()
}

#[test]
fn demo_refuses_a_database_with_real_candidates() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = h.join("centre.db");
    add_real_centre(&db);
    let before = counts(&db);
    leverup(h)
        .args(["demo", "--db"])
        .arg(&db)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("holds real candidates"))
        .stderr(predicates::str::contains("the demo was not written"));
    assert_eq!(counts(&db), before, "nothing written");
}

#[test]
fn demo_goes_into_a_demo_database_again_and_its_centre_is_marked() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = demo(h, "5");
    leverup(h)
        .args(["demo", "--candidates", "5", "--seed", "7", "--db"])
        .arg(&db)
        .assert()
        .success();
    assert_eq!(count(&db, "SELECT count(*) FROM centres WHERE demo = 1"), 2);
    assert_eq!(count(&db, "SELECT count(*) FROM centres WHERE demo = 0"), 0);
}

#[test]
fn demo_remove_takes_out_every_demo_record_and_keeps_real_ones() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    // The real records alone, for comparison.
    let only_real = h.join("real.db");
    add_real_centre(&only_real);
    let real = counts(&only_real);

    let db = demo(h, "60");
    assert!(count(&db, "SELECT count(*) FROM certificates") > 0);
    assert!(
        count(
            &db,
            "SELECT count(*) FROM assessments WHERE finalised_at IS NOT NULL"
        ) > 0
    );
    // Real work added to the demo database afterwards stays.
    add_real_centre(&db);
    leverup(h)
        .args(["demo", "--remove", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicates::str::contains("demo removed from"))
        .stdout(predicates::str::contains("60 candidates"));
    // Only the real records are left; the audit log (append-only, chained) keeps the demo's
    // history and the removal, and the chain checks whole.
    let left = counts(&db);
    assert_eq!(left[..6], real[..6], "only the real records are left");
    assert!(left[6] > real[6], "the audit log kept its rows");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE entity = 'demo' AND action = 'remove'"
        ),
        1
    );
    leverup(h)
        .args(["db", "check", "--db"])
        .arg(&db)
        .assert()
        .success();
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM candidates WHERE name = 'Real Candidate'"
        ),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM demo_removal"), 0);
    for table in [
        "candidate_profiles",
        "evidence_register",
        "evidence_competences",
        "claimed_competences",
        "self_assessments",
        "decisions",
    ] {
        assert_eq!(count(&db, &format!("SELECT count(*) FROM {table}")), 0);
    }

    // Nothing left: said plainly, and still a success.
    leverup(h)
        .args(["demo", "--remove", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicates::str::contains("no demo data"));
    // The real audit log is still append-only.
    let conn = rusqlite::Connection::open(&db).expect("open");
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn demo_remove_refuses_a_missing_file_and_creates_nothing() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = h.join("centre.bd");
    leverup(h)
        .args(["demo", "--remove", "--db"])
        .arg(&db)
        .assert()
        .code(2);
    assert!(!db.exists());
}

#[test]
fn export_badges_skips_demo_records_and_says_so() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = demo(h, "80");
    let key = h.join("centre.pem");
    leverup(h)
        .args(["signing-key", "--key"])
        .arg(&key)
        .arg("init")
        .assert()
        .success();
    let before = counts(&db);
    let out = h.join("badges");
    leverup(h)
        .args([
            "export",
            "badges",
            "--issuer-url",
            "https://centre.example.org",
            "--issuer-email",
            "info@centre.example.org",
            "--db",
        ])
        .arg(&db)
        .arg("--key")
        .arg(&key)
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("0 certificates"))
        .stdout(predicates::str::contains("of demo candidates skipped"));
    let folders = std::fs::read_dir(&out).map_or(0, |d| d.count());
    assert_eq!(folders, 0, "nothing signed for demo people");
    let after = counts(&db);
    assert_eq!(after[5], before[5], "no certificate issued");
}
