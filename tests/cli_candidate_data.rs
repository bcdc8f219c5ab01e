//! `leverup candidate erase|export` run as the real binary on a database built through the
//! store API: a signed-off assessment with a distinctive interview note, a second candidate
//! who must stay. After erasure the name, e-mail and note are in no byte of the database
//! file or its `-wal`/`-journal`, `db check` is clean, and the erasure is in the log.

mod cli_support;
mod store_fixture;

use std::path::{Path, PathBuf};

use cli_support::leverup;
use leverup::domain::command::Command;
use leverup::store::NewCandidate;
use predicates::prelude::*;
use rusqlite::Connection;
use store_fixture::*;

const NOTE: &str = "Rebuilt the Zephyrine kiln controller with two apprentices";
const NAME: &str = "Giulia Rossi";
const EMAIL: &str = "giulia@example.org";

/// A database with Giulia Rossi signed off (with `NOTE`) and a second candidate; returns
/// (path, Giulia's id, her assessment's id).
fn signed_off(dir: &Path) -> (PathBuf, String, String) {
    let path = dir.join("centre.db");
    let mut w = world_at(&path);
    w.store
        .create_candidate(
            &NewCandidate {
                name: "Marco Bianchi".into(),
                email: Some("marco@example.org".into()),
                centre_id: w.centre.clone(),
                tutor_id: None,
            },
            "tutor",
            t0(),
        )
        .unwrap();
    let mut st = start(&mut w, &["c01"]);
    apply_all(&mut w.store, &mut st, ready_to_sign("c01"));
    // After the checklist, which writes its own note on the first question.
    apply_and_commit(&mut w.store, &mut st, note("c01", 2, NOTE));
    apply_and_commit(&mut w.store, &mut st, Command::Finalise);
    assert!(st.finalised);
    let candidate = w.candidate.clone();
    drop(w);
    let assessment: String = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT id FROM assessments WHERE candidate_id = ?1",
            [&candidate],
            |r| r.get(0),
        )
        .unwrap();
    (path, candidate, assessment)
}

/// True when `needle` occurs in the raw bytes of the file, its `-wal` or its `-journal`.
fn in_bytes(db: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for suffix in ["", "-wal", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            found.push(format!("{needle:?} in {}", PathBuf::from(p).display()));
        }
    }
    found
}

fn db_check(home: &Path, db: &Path) {
    leverup(home)
        .args(["db", "check", "--db"])
        .arg(db)
        .assert()
        .success()
        .stdout(predicate::str::contains("all well"));
}

#[test]
fn an_erased_candidate_leaves_no_bytes_behind_and_the_database_checks_clean() {
    let home = tempfile::tempdir().unwrap();
    let (db, id, assessment) = signed_off(home.path());
    // Before: all three are really in the file (else the test below proves nothing).
    leverup(home.path())
        .args(["db", "check", "--db"])
        .arg(&db)
        .assert()
        .success();
    let before: Vec<String> = [NAME, EMAIL, NOTE]
        .iter()
        .flat_map(|n| in_bytes(&db, n))
        .collect();
    assert!(before.len() >= 3, "{before:?}");
    let live: String = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT text FROM interview_notes WHERE question_index = 2",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(live, NOTE);
    // A registration form and a note kept in the recovery file beside the database.
    keep_about(&db, &id, &assessment);

    leverup(home.path())
        .args([
            "candidate",
            "erase",
            &id,
            "--reason",
            "art. 17 request #12",
            "--db",
        ])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 assessment"))
        .stdout(predicate::str::contains(
            "2 kept texts or forms about them taken out of the recovery file",
        ));
    assert!(!recovery_file(&db).exists(), "it held nothing else");

    let after: Vec<String> = [NAME, EMAIL, NOTE]
        .iter()
        .flat_map(|n| in_bytes(&db, n))
        .collect();
    assert!(after.is_empty(), "still in the file: {after:?}");
    db_check(home.path(), &db);

    let conn = Connection::open(&db).unwrap();
    let n = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(n("SELECT count(*) FROM candidates"), 1, "Marco stays");
    assert_eq!(n("SELECT count(*) FROM assessments"), 0);
    assert_eq!(n("SELECT count(*) FROM interview_notes"), 0);
    // The audit rows stay, chained, without their content; the erasure is one more row.
    let erased: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE erased = 1 AND old IS NULL AND new IS NULL
               AND reason IS NULL AND entity_id IN (?1, ?2)",
            [&id, &assessment],
            |r| r.get(0),
        )
        .unwrap();
    assert!(erased >= 3, "{erased}");
    // No audit row about anything else still names them in its content: every row about
    // the candidate was keyed to one of the erased ids.
    let mentions: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log
             WHERE NOT (entity = 'candidate' AND action = 'erase')
               AND (instr(coalesce(old, '') || coalesce(new, '') || coalesce(reason, ''), ?1)
                    OR instr(coalesce(old, '') || coalesce(new, '') || coalesce(reason, ''), ?2))",
            [&id, &assessment],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mentions, 0);
    let (actor, reason): (String, String) = conn
        .query_row(
            "SELECT actor, reason FROM audit_log WHERE entity = 'candidate' AND action = 'erase'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(actor.contains("leverup candidate erase"), "{actor}");
    assert_eq!(reason, "art. 17 request #12");
}

fn recovery_file(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".recovery.json");
    PathBuf::from(p)
}

/// Keeps a registration form (name, e-mail) and an interview note about the candidate in
/// the recovery file, as a session hung up mid-typing would.
fn keep_about(db: &Path, candidate: &str, assessment: &str) {
    let store = leverup::store::Store::open(db).unwrap();
    store
        .keep_unsaved_form(leverup::store::UnsavedForm {
            candidate: candidate.into(),
            candidate_name: NAME.into(),
            form: "registration".into(),
            number: None,
            title: "Registration and consent".into(),
            person: "p-tutor".into(),
            fields: vec![("E-mail".into(), EMAIL.into())],
            time: t0(),
        })
        .unwrap();
    store
        .keep_unsaved(leverup::store::UnsavedText {
            candidate: candidate.into(),
            candidate_name: NAME.into(),
            assessment: assessment.into(),
            field: "note".into(),
            competence: "c01".into(),
            question: Some(2),
            criterion: None,
            text: NOTE.into(),
            person: Some("p-assessor".into()),
            time: t0(),
        })
        .unwrap();
}

/// A recovery file leverup cannot read is never overwritten (it may hold someone's only
/// copy): the erasure of the database stands, and the command says the file still needs
/// tidying and exits 1.
#[test]
fn an_erasure_that_cannot_tidy_the_recovery_file_says_so_and_fails() {
    let home = tempfile::tempdir().unwrap();
    let (db, id, _) = signed_off(home.path());
    std::fs::write(recovery_file(&db), format!("not json {EMAIL}")).unwrap();
    leverup(home.path())
        .args(["candidate", "erase", &id, "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1 assessment"))
        .stderr(predicate::str::contains("could not be tidied"));
    assert!(in_bytes(&db, NAME).is_empty());
}

#[test]
fn the_export_holds_the_name_a_note_and_the_audit_rows_in_a_private_file() {
    let home = tempfile::tempdir().unwrap();
    let (db, id, _) = signed_off(home.path());
    let out = home.path().join("giulia.json");
    leverup(home.path())
        .args(["candidate", "export", &id, "--out"])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    #[cfg(unix)]
    assert_eq!(cli_support::mode(&out), 0o600);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let data = &doc["data"];
    assert_eq!(data["candidate"]["name"], NAME);
    assert_eq!(data["candidate"]["email"], EMAIL);
    let notes = data["interview_notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n["text"] == NOTE), "{notes:?}");
    let audit = data["audit_log"].as_array().unwrap();
    assert!(audit.iter().any(|r| r["action"] == "finalise"), "{audit:?}");
    assert!(
        audit
            .iter()
            .any(|r| r["new"].as_str().unwrap_or("").contains(NOTE)),
        "the note's audit row, with its payload"
    );
    // `-` is standard output.
    leverup(home.path())
        .args(["candidate", "export", &id, "--out", "-", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains(NOTE));
}

#[test]
fn an_issued_certificate_must_be_revoked_before_its_candidate_is_erased() {
    let home = tempfile::tempdir().unwrap();
    let (db, id, assessment) = signed_off(home.path());
    let cert = {
        let mut s = leverup::store::Store::open(&db).unwrap();
        s.issue_certificate(&assessment, "admin", later()).unwrap()
    };
    leverup(home.path())
        .args(["candidate", "erase", &id, "--db"])
        .arg(&db)
        .assert()
        .failure()
        .stderr(predicate::str::contains(&cert).and(predicate::str::contains("revoke")));
    assert!(!in_bytes(&db, NAME).is_empty(), "nothing was erased");
    leverup(home.path())
        .args([
            "certificates",
            "revoke",
            &cert,
            "--reason",
            "erasure requested",
            "--db",
        ])
        .arg(&db)
        .assert()
        .success();
    leverup(home.path())
        .args(["candidate", "erase", &id, "--db"])
        .arg(&db)
        .assert()
        .success();
    assert!(in_bytes(&db, NAME).is_empty());
    db_check(home.path(), &db);
    // A badge issued from it still reads as revoked in the register.
    let s = leverup::store::Store::open(&db).unwrap();
    assert!(s.erased_certificate(&cert).unwrap().is_some());
}

#[test]
fn an_unknown_id_and_a_missing_file_are_bad_input() {
    let home = tempfile::tempdir().unwrap();
    let (db, _, _) = signed_off(home.path());
    for verb in ["erase", "export"] {
        let mut args = vec!["candidate", verb, "no-such-id"];
        if verb == "export" {
            args.extend(["--out", "-"]);
        }
        leverup(home.path())
            .args(&args)
            .arg("--db")
            .arg(&db)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no-such-id"));
        let missing = home.path().join("missing.db");
        leverup(home.path())
            .args(&args)
            .arg("--db")
            .arg(&missing)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("missing.db"));
        assert!(!missing.exists());
    }
}

#[test]
fn a_payload_blanked_behind_leverups_back_is_reported() {
    let home = tempfile::tempdir().unwrap();
    let (db, id, _) = signed_off(home.path());
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_update;")
        .unwrap();
    conn.execute(
        "UPDATE audit_log SET old = NULL, new = NULL, reason = NULL, erased = 1
         WHERE entity_id = ?1",
        [&id],
    )
    .unwrap();
    drop(conn);
    leverup(home.path())
        .args(["db", "check", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("marked erased, but no erasure"));
}
